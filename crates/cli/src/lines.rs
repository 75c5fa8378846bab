//! Files of certificates, one per line, as `optimod table --certificates` writes them: plain
//! `.jsonl`, or gzip-compressed `.jsonl.gz` (about 100 bytes a row instead of 1 100). `verify`
//! checks every line with the independent checker in batches spread over threads and names the
//! first failing line, the same one whatever the number of threads.

use crate::input::{accept_certificate, open_regular, SolverStep, CERTIFICATE_BYTES};
use crate::output::{EXIT_CHECK_FAILED, EXIT_INVALID_INPUT, EXIT_OK};
use optimod_check::Established;
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::Path;

/// Most bytes a compressed file may inflate to: 16 GiB, about 15 times the whole domain's
/// certificates, so that a small file that inflates without end is refused, not read for hours.
const INFLATED_BYTES: u64 = 16 << 30;
/// Lines, and bytes, checked together before the next are read.
const BATCH_LINES: usize = 4096;
const BATCH_BYTES: usize = 64 << 20;
/// gzip level of `--certificates FILE.jsonl.gz`: 97 bytes a row at the top of the domain and
/// about 180 MB/s (level 6: 84 bytes, 65 MB/s; level 1: 153 bytes, 300 MB/s).
pub(crate) const GZIP_LEVEL: u32 = 3;

/// A file of certificates: `.jsonl` or `.jsonl.gz`.
pub(crate) fn is_lines_file(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
}

pub(crate) fn is_gzip(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".gz")
}

/// Counts what it reads and fails past `cap` bytes.
struct Capped<R> {
    inner: R,
    read: u64,
    cap: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.cap {
            return Err(std::io::Error::other(format!("inflates to more than {} GiB", self.cap >> 30)));
        }
        Ok(n)
    }
}

fn open_lines(file: &Path) -> Result<Box<dyn BufRead>, String> {
    let f = open_regular(file)?;
    Ok(if is_gzip(file) {
        let inflated = Capped { inner: flate2::read::MultiGzDecoder::new(f), read: 0, cap: INFLATED_BYTES };
        Box::new(std::io::BufReader::new(inflated))
    } else {
        Box::new(std::io::BufReader::new(f))
    })
}

/// What a line established, for the summary: (0, d) D = d; (1, 0) impossible; (2, 0) expected.
type Kind = (u8, u32);

/// A refused line: its number, the failed check's name, the message.
struct Refusal {
    line: usize,
    failure: &'static str,
    message: String,
}

fn check_line(line: &str, step: SolverStep) -> Result<Kind, (&'static str, String)> {
    match accept_certificate(line, None, step) {
        Ok(accepted) => Ok(match accepted.checked.verdict().established {
            Established::WorstCase { calls } => (0, calls),
            Established::Impossible { .. } => (1, 0),
            Established::ExpectedWithinDepth { .. } | Established::AllStrategies(_) => (2, 0),
        }),
        Err(error) => Err((crate::verify::failure_name(error.failure()), error.to_string())),
    }
}

/// Checks a batch on `jobs` threads; tallies it, or returns its first refused line.
fn check_batch(
    batch: &[(usize, String)],
    step: SolverStep,
    jobs: usize,
    counts: &mut BTreeMap<Kind, u64>,
) -> Result<(), Refusal> {
    let part = batch.len().div_ceil(jobs.max(1)).max(1);
    let results: Vec<Vec<Result<Kind, (&'static str, String)>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = batch
            .chunks(part)
            .map(|chunk| scope.spawn(move || chunk.iter().map(|(_, line)| check_line(line, step)).collect()))
            .collect();
        workers.into_iter().map(|w| w.join().expect("a checker thread panicked")).collect()
    });
    for ((number, _), result) in batch.iter().zip(results.into_iter().flatten()) {
        match result {
            Ok(kind) => *counts.entry(kind).or_default() += 1,
            Err((failure, message)) => return Err(Refusal { line: *number, failure, message }),
        }
    }
    Ok(())
}

/// Reads the next line (without its newline), capped, as text.
fn next_line(raw: std::io::Result<Vec<u8>>) -> Result<String, String> {
    let raw = raw.map_err(|e| e.to_string())?;
    if raw.len() as u64 > CERTIFICATE_BYTES {
        return Err(format!("longer than {CERTIFICATE_BYTES} bytes"));
    }
    let text = String::from_utf8(raw).map_err(|_| "not UTF-8 text".to_string())?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Every line of `file` must check; the first failure is named by its line.
pub(crate) fn verify_lines(file: &Path, step: SolverStep, json: bool, jobs: usize) -> u8 {
    let name = file.display().to_string();
    let unreadable = |message: String| {
        if json {
            println!("{}", serde_json::json!({ "file": name, "status": "unreadable", "message": message }));
        } else {
            eprintln!("{name}: cannot read: {message}");
        }
        EXIT_INVALID_INPUT
    };
    let reader = match open_lines(file) {
        Ok(reader) => reader,
        Err(e) => return unreadable(e),
    };
    let mut counts = BTreeMap::new();
    let (mut batch, mut bytes) = (Vec::new(), 0usize);
    let mut lines = reader.split(b'\n').enumerate().peekable();
    while let Some((i, raw)) = lines.next() {
        let line = match next_line(raw) {
            Ok(line) => line,
            Err(e) => return unreadable(format!("line {}: {e}", i + 1)),
        };
        if !line.trim().is_empty() {
            bytes += line.len();
            batch.push((i + 1, line));
        }
        let full = batch.len() >= BATCH_LINES || bytes >= BATCH_BYTES;
        if full || (lines.peek().is_none() && !batch.is_empty()) {
            if let Err(refusal) = check_batch(&batch, step, jobs, &mut counts) {
                return refused(&name, &refusal, json);
            }
            (batch, bytes) = (Vec::new(), 0);
        }
    }
    summary(&name, &counts, json);
    EXIT_OK
}

fn refused(name: &str, refusal: &Refusal, json: bool) -> u8 {
    if json {
        let report = serde_json::json!({ "file": name, "status": "failed", "line": refusal.line,
            "failure": refusal.failure, "message": refusal.message });
        println!("{report}");
    } else {
        eprintln!("{name} line {}: FAILED: {}", refusal.line, refusal.message);
    }
    EXIT_CHECK_FAILED
}

fn summary(name: &str, counts: &BTreeMap<Kind, u64>, json: bool) {
    let total: u64 = counts.values().sum();
    let summary: Vec<String> = counts
        .iter()
        .map(|(&(kind, d), v)| match kind {
            0 => format!("{v} with D = {d}"),
            1 => format!("{v} impossible"),
            _ => format!("{v} expected-calls claims"),
        })
        .collect();
    if json {
        println!("{}", serde_json::json!({ "file": name, "status": "ok", "certificates": total, "summary": summary }));
    } else {
        println!("{name}: ok: {total} certificates ({})", summary.join(", "));
    }
}
