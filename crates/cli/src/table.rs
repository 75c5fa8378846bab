//! `optimod table`: prove a range of moduli on worker threads and print one row each.

use crate::input::read_spec;
use crate::output::{invalid, EXIT_CHECK_FAILED, EXIT_INVALID_INPUT, EXIT_OK, EXIT_UNKNOWN};
use indicatif::{ProgressBar, ProgressStyle};
use optimod_prove::{prove, Options, Outcome};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How the table is printed.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum TableFormat {
    Text,
    Csv,
    Json,
    Markdown,
}

struct Row {
    n: u64,
    status: String,
    calls: Option<u32>,
    lower: Option<u32>,
    upper: Option<u32>,
    expected: Option<String>,
    trust: String,
    note: String,
    seconds: f64,
}

/// What `optimod table` was asked.
pub struct TableRequest<'a> {
    pub range: &'a str,
    pub generators: Option<&'a str>,
    pub jobs: usize,
    pub timeout: u64,
    pub format: TableFormat,
    pub timings: bool,
    /// Also run the z3/CBC cross-checks on every row (slow; off by default).
    pub cross_check: bool,
    /// Keep every row's checked certificate, one JSON object per line, in modulus order.
    pub certificates: Option<&'a Path>,
}

/// Most moduli one table may hold.
const MAX_ROWS: u64 = 1 << 20;
/// Most worker threads.
const MAX_JOBS: usize = 256;

/// `A..B` (or `A..=B`), B included, not empty.
pub(crate) fn parse_range(range: &str) -> Result<(u64, u64), String> {
    let Some((a, b)) = range
        .split_once("..")
        .and_then(|(a, b)| Some((a.parse::<u64>().ok()?, b.trim_start_matches('=').parse::<u64>().ok()?)))
    else {
        return Err(format!("--range {range:?}: expected A..B, for example 4..64"));
    };
    if a > b {
        return Err(format!("--range {range:?} is empty"));
    }
    Ok((a, b))
}

pub fn run(request: &TableRequest) -> u8 {
    let range = request.range;
    let (a, b) = match parse_range(range) {
        Ok(ends) => ends,
        Err(message) => return invalid(&message),
    };
    if b - a >= MAX_ROWS {
        return invalid(&format!("--range {range:?} has {} moduli, more than {MAX_ROWS}", b - a + 1));
    }
    if !(1..=MAX_JOBS).contains(&request.jobs) {
        return invalid(&format!("--jobs {} must be between 1 and {MAX_JOBS}", request.jobs));
    }
    // Validate the specs at both ends before any work (every spec between is valid when they
    // are): bad input gives no partial table. Specs are built one at a time by the workers,
    // so a table to 10^5 never holds 10^5 prime lists at once.
    for n in [a, b] {
        if let Err(message) = read_spec(&n.to_string(), request.generators) {
            return invalid(&format!("modulus {n}: {message}"));
        }
    }
    let sink = match request.certificates.map(|path| CertificateSink::create(path, a)).transpose() {
        Ok(sink) => sink,
        Err(message) => return invalid(&message),
    };
    let (mut rows, failed) = prove_rows(request, a, b, sink.as_ref());
    rows.sort_by_key(|r| r.n);
    if let Some(sink) = sink {
        match sink.finish() {
            Ok((path, count)) => eprintln!("optimod: {count} checked certificates in {}", path.display()),
            Err(message) => {
                eprintln!("optimod: {message}");
                return EXIT_INVALID_INPUT;
            }
        }
    }
    print_rows(&rows, request.format, request.timings);
    if !failed.is_empty() {
        for f in &failed {
            eprintln!("optimod: {f}");
        }
        return EXIT_CHECK_FAILED;
    }
    if rows.iter().any(|r| r.status == "unknown") {
        return EXIT_UNKNOWN;
    }
    EXIT_OK
}

/// Proves `a..=b` on `request.jobs` threads, streaming certificates to the sink; the rows in
/// completion order and the failures.
fn prove_rows(request: &TableRequest, a: u64, b: u64, sink: Option<&CertificateSink>) -> (Vec<Row>, Vec<String>) {
    let total = b - a + 1;
    let next = Mutex::new(a);
    let rows = Mutex::new(Vec::<Row>::with_capacity(total as usize));
    let failed = Mutex::new(Vec::<String>::new());
    let progress = progress_bar(total);
    let options = Options {
        timeout: Duration::from_secs(request.timeout),
        cross_check: request.cross_check,
        ..Options::default()
    };
    std::thread::scope(|scope| {
        for _ in 0..request.jobs {
            scope.spawn(|| loop {
                let n = {
                    let mut next = next.lock().unwrap();
                    if *next > b {
                        break;
                    }
                    *next += 1;
                    *next - 1
                };
                let spec = read_spec(&n.to_string(), request.generators).expect("validated at the ends");
                let started = Instant::now();
                let outcome = prove(&spec, &options);
                let seconds = started.elapsed().as_secs_f64();
                let certificate = match &outcome {
                    Ok(Outcome::Proved { checked, .. } | Outcome::Impossible { checked, .. }) => {
                        Some(checked.to_json_line())
                    }
                    _ => None,
                };
                match outcome {
                    Ok(outcome) => rows.lock().unwrap().push(row(spec.modulus, outcome, seconds)),
                    Err(error) => failed.lock().unwrap().push(format!("modulus {}: {error}", spec.modulus)),
                }
                if let Some(sink) = sink {
                    sink.put(n, certificate);
                }
                progress.inc(1);
            });
        }
    });
    progress.finish_and_clear();
    (rows.into_inner().unwrap(), failed.into_inner().unwrap())
}

/// A bar on a terminal; on a pipe, a line every tenth of the way (no escape codes in logs).
fn progress_bar(total: u64) -> ProgressBar {
    if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} moduli, {per_sec}, eta {eta}")
                .expect("a valid template"),
        );
        bar
    } else {
        ProgressBar::hidden()
    }
}

fn row(n: u64, outcome: Outcome, seconds: f64) -> Row {
    match outcome {
        Outcome::Proved { facts, checked, .. } => Row {
            n,
            status: "proved".into(),
            calls: Some(facts.depth),
            lower: Some(facts.depth),
            upper: Some(facts.depth),
            expected: Some(facts.expected_calls.to_string()),
            trust: match &checked.verdict().trust {
                optimod_check::TrustLevel::Elementary => "elementary".into(),
                other => other.to_string(),
            },
            note: String::new(),
            seconds,
        },
        Outcome::Impossible { missing_prime, .. } => Row {
            n,
            status: "impossible".into(),
            calls: None,
            lower: None,
            upper: None,
            expected: None,
            trust: "elementary".into(),
            note: format!("{missing_prime} divides no generator size"),
            seconds,
        },
        Outcome::Unknown { lower, upper, reason } => Row {
            n,
            status: "unknown".into(),
            calls: None,
            lower: Some(lower),
            upper,
            expected: None,
            trust: "-".into(),
            note: reason,
            seconds,
        },
    }
}

/// Certificates written in modulus order as rows finish out of order: a row waits in
/// `pending` until every smaller modulus is written, so the file is the same on every run.
struct CertificateSink {
    path: PathBuf,
    tmp: PathBuf,
    state: Mutex<SinkState>,
}

/// The file being written: plain, or gzip-compressed as it goes (`FILE.jsonl.gz`).
enum SinkFile {
    Plain(std::io::BufWriter<std::fs::File>),
    Gzip(flate2::write::GzEncoder<std::io::BufWriter<std::fs::File>>),
}

impl SinkFile {
    fn writer(&mut self) -> &mut dyn Write {
        match self {
            SinkFile::Plain(w) => w,
            SinkFile::Gzip(w) => w,
        }
    }

    /// Everything flushed (the gzip trailer written) and on disk.
    fn finish(self) -> std::io::Result<()> {
        let buffered = match self {
            SinkFile::Plain(w) => w,
            SinkFile::Gzip(w) => w.finish()?,
        };
        buffered.into_inner().map_err(|e| e.into_error())?.sync_all()
    }
}

struct SinkState {
    file: SinkFile,
    /// The modulus whose row is written next.
    next: u64,
    pending: BTreeMap<u64, Option<String>>,
    written: u64,
    error: Option<std::io::Error>,
}

impl CertificateSink {
    fn create(path: &Path, first: u64) -> Result<CertificateSink, String> {
        if crate::output::is_stdout(Some(path)) {
            return Err("--certificates -: the table itself is printed on standard output; give a file".into());
        }
        crate::output::writable("--certificates", path)?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(format!(".{}.tmp", std::process::id()));
        let tmp = PathBuf::from(tmp);
        let file = std::fs::File::create(&tmp).map_err(|e| format!("--certificates {}: {e}", path.display()))?;
        let file = std::io::BufWriter::new(file);
        let file = if crate::lines::is_gzip(path) {
            SinkFile::Gzip(flate2::write::GzEncoder::new(file, flate2::Compression::new(crate::lines::GZIP_LEVEL)))
        } else {
            SinkFile::Plain(file)
        };
        let state = SinkState { file, next: first, pending: BTreeMap::new(), written: 0, error: None };
        Ok(CertificateSink { path: path.to_path_buf(), tmp, state: Mutex::new(state) })
    }

    fn put(&self, n: u64, certificate: Option<String>) {
        let mut state = self.state.lock().unwrap();
        state.pending.insert(n, certificate);
        let mut next = state.next;
        while let Some(line) = state.pending.remove(&next) {
            if let Some(line) = line {
                let result = writeln!(state.file.writer(), "{line}");
                if let Err(e) = result {
                    state.error.get_or_insert(e);
                }
                state.written += 1;
            }
            next += 1;
        }
        state.next = next;
    }

    /// Renames the finished file into place; on any error removes it.
    fn finish(self) -> Result<(PathBuf, u64), String> {
        let state = self.state.into_inner().unwrap();
        let written = state.written;
        let result = match state.error {
            Some(e) => Err(e),
            None => state.file.finish(),
        }
        .and_then(|()| crate::output::writable("--certificates", &self.path).map_err(std::io::Error::other))
        .and_then(|()| std::fs::rename(&self.tmp, &self.path));
        match result {
            Ok(()) => Ok((self.path, written)),
            Err(e) => {
                let _ = std::fs::remove_file(&self.tmp);
                Err(format!("cannot write {}: {e}", self.path.display()))
            }
        }
    }
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map_or("-".to_string(), T::to_string)
}

fn print_rows(rows: &[Row], format: TableFormat, timings: bool) {
    let header =
        ["n", "status", "worst-case calls", "lower", "upper", "expected calls (witness)", "trust", "note", "seconds"];
    let width = if timings { header.len() } else { header.len() - 1 };
    let cells = |r: &Row| -> Vec<String> {
        vec![
            r.n.to_string(),
            r.status.clone(),
            opt(&r.calls),
            opt(&r.lower),
            opt(&r.upper),
            opt(&r.expected),
            r.trust.clone(),
            r.note.clone(),
            format!("{:.2}", r.seconds),
        ][..width]
            .to_vec()
    };
    match format {
        TableFormat::Json => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let mut v = serde_json::json!({
                        "modulus": r.n,
                        "status": r.status,
                        "worst_case_calls": r.calls,
                        "lower_bound": r.lower,
                        "upper_bound": r.upper,
                        "witness_expected_calls": r.expected,
                        "trust": r.trust,
                        "note": r.note,
                    });
                    if timings {
                        v["seconds"] = serde_json::json!(r.seconds);
                    }
                    v
                })
                .collect();
            println!("{}", serde_json::Value::Array(list));
        }
        TableFormat::Csv => {
            println!("{}", header[..width].join(","));
            for r in rows {
                let line: Vec<String> =
                    cells(r).iter().map(|c| if c.contains(',') { format!("\"{c}\"") } else { c.clone() }).collect();
                println!("{}", line.join(","));
            }
        }
        TableFormat::Markdown => {
            println!("| {} |", header[..width].join(" | "));
            println!("|{}", " --- |".repeat(width));
            for r in rows {
                println!("| {} |", cells(r).join(" | "));
            }
        }
        TableFormat::Text => {
            let all: Vec<Vec<String>> = std::iter::once(header[..width].iter().map(|s| s.to_string()).collect())
                .chain(rows.iter().map(cells))
                .collect();
            let widths: Vec<usize> = (0..width).map(|i| all.iter().map(|r| r[i].len()).max().unwrap_or(0)).collect();
            for row in all {
                let line: Vec<String> = row.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
                println!("{}", line.join("  ").trim_end());
            }
        }
    }
}
