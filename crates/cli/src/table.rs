//! `optimod table`: prove a range of moduli on worker threads and print one row each.

use crate::{invalid, read_spec, EXIT_CHECK_FAILED, EXIT_OK, EXIT_UNKNOWN};
use optimod_prove::{prove, Options, Outcome};
use std::io::{IsTerminal, Write};
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

pub fn run(
    range: &str,
    generators: Option<&str>,
    jobs: usize,
    timeout: u64,
    format: TableFormat,
    timings: bool,
) -> u8 {
    let Some((a, b)) = range.split_once("..").and_then(|(a, b)| Some((a.parse::<u64>().ok()?, b.trim_start_matches('=').parse::<u64>().ok()?))) else {
        return invalid(&format!("--range {range:?}: expected A..B, for example 4..64"));
    };
    if a > b {
        return invalid(&format!("--range {range:?} is empty"));
    }
    // Validate every spec before any work: bad input gives no partial table.
    let mut specs = Vec::new();
    for n in a..=b {
        match read_spec(&n.to_string(), generators) {
            Ok(spec) => specs.push(spec),
            Err(message) => return invalid(&format!("modulus {n}: {message}")),
        }
    }
    let total = specs.len();
    let queue = Mutex::new(specs.into_iter());
    let rows = Mutex::new(Vec::<Row>::new());
    let failed = Mutex::new(Vec::<String>::new());
    let terminal = std::io::stderr().is_terminal();
    let options = Options { timeout: Duration::from_secs(timeout), ..Options::default() };
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| loop {
                let Some(spec) = queue.lock().unwrap().next() else { break };
                let started = Instant::now();
                let outcome = prove(&spec, &options);
                let seconds = started.elapsed().as_secs_f64();
                let row = match outcome {
                    Ok(Outcome::Proved { evaluation, verdict, .. }) => Row {
                        n: spec.modulus,
                        status: "proved".into(),
                        calls: Some(evaluation.depth),
                        lower: Some(evaluation.depth),
                        upper: Some(evaluation.depth),
                        expected: Some(evaluation.expected_calls.to_string()),
                        trust: match verdict.trust {
                            optimod_check::TrustLevel::Elementary => "elementary".into(),
                            other => other.to_string(),
                        },
                        note: String::new(),
                        seconds,
                    },
                    Ok(Outcome::Impossible { missing_prime, .. }) => Row {
                        n: spec.modulus,
                        status: "impossible".into(),
                        calls: None,
                        lower: None,
                        upper: None,
                        expected: None,
                        trust: "elementary".into(),
                        note: format!("{missing_prime} divides no generator size"),
                        seconds,
                    },
                    Ok(Outcome::Unknown { lower, upper, reason }) => Row {
                        n: spec.modulus,
                        status: "unknown".into(),
                        calls: None,
                        lower: Some(lower),
                        upper,
                        expected: None,
                        trust: "-".into(),
                        note: reason,
                        seconds,
                    },
                    Err(error) => {
                        failed.lock().unwrap().push(format!("modulus {}: {error}", spec.modulus));
                        continue;
                    }
                };
                let mut rows = rows.lock().unwrap();
                rows.push(row);
                let done = rows.len() + failed.lock().unwrap().len();
                let mut err = std::io::stderr().lock();
                if terminal {
                    let _ = write!(err, "\r[{done}/{total}] proved up to n = {}   ", spec.modulus);
                    if done == total {
                        let _ = writeln!(err);
                    }
                } else {
                    let _ = writeln!(err, "[{done}/{total}] n = {} done in {seconds:.2} s", spec.modulus);
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap();
    let mut rows = rows.into_inner().unwrap();
    rows.sort_by_key(|r| r.n);
    print_rows(&rows, format, timings);
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

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map_or("-".to_string(), T::to_string)
}

fn print_rows(rows: &[Row], format: TableFormat, timings: bool) {
    let header = ["n", "status", "worst-case calls", "lower", "upper", "expected calls (witness)", "trust", "note", "seconds"];
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
                let line: Vec<String> = cells(r).iter().map(|c| if c.contains(',') { format!("\"{c}\"") } else { c.clone() }).collect();
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
