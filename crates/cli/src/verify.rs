//! `optimod verify FILE...`: the independent checker on certificate files (and on files of
//! certificates, one per line); exit 0 only if all pass.

use crate::coq::{CoqLibrary, CoqOutcome};
use crate::input::{accept_certificate, open_regular, read_input, SolverStep, CERTIFICATE_BYTES};
use crate::output::{invalid, EXIT_CHECK_FAILED, EXIT_INVALID_INPUT, EXIT_OK, EXIT_UNKNOWN};
use optimod_check::Established;
use optimod_emit::verdict_line;
use std::path::{Path, PathBuf};

pub fn run(files: &[PathBuf], no_solver: bool, coq: bool) -> u8 {
    let step = if no_solver { SolverStep::Skip } else { SolverStep::Rerun };
    if coq {
        if let Some(lines) = files.iter().find(|f| f.extension().is_some_and(|e| e == "jsonl")) {
            return invalid(&format!(
                "{}: --coq takes certificate files, not files of certificates (the table's rows are raised \
                 to Coq by `just coq`)",
                lines.display()
            ));
        }
        return verify_with_coq(files, step);
    }
    let mut worst = EXIT_OK;
    for file in files {
        let code = if file.extension().is_some_and(|e| e == "jsonl") {
            verify_lines(file, step)
        } else {
            verify_file(file, step, None)
        };
        worst = worst.max(code);
    }
    worst
}

/// `--coq`: every file checked, then exported and proved by coqc against the library
/// (compiled once for the run). Exit 3 when a claim could not be raised (no export, no coqc),
/// 4 when coqc refuses one.
fn verify_with_coq(files: &[PathBuf], step: SolverStep) -> u8 {
    let library = match CoqLibrary::compile() {
        Ok(library) => library,
        Err(why) => {
            eprintln!("optimod: cannot check with Coq: {why}");
            return EXIT_UNKNOWN;
        }
    };
    files.iter().map(|file| verify_file(file, step, Some(&library))).max().unwrap_or(EXIT_OK)
}

/// One certificate file (and its replay script, if it names one), raised to Coq when a
/// library is given.
fn verify_file(file: &Path, step: SolverStep, coq: Option<&CoqLibrary>) -> u8 {
    let text = match read_input(file, CERTIFICATE_BYTES) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: cannot read: {e}", file.display());
            return EXIT_INVALID_INPUT;
        }
    };
    match accept_certificate(&text, Some(file), step) {
        Ok(accepted) => {
            let step = accepted.solver_step.map(|s| format!("; {s}")).unwrap_or_default();
            let Some(library) = coq else {
                println!("{}: ok: {}{step}", file.display(), verdict_line(accepted.checked.verdict()));
                return EXIT_OK;
            };
            match library.raise(&accepted.checked, &file.display().to_string()) {
                CoqOutcome::Proved(verdict) => {
                    println!("{}: ok: {}{step}", file.display(), verdict_line(&verdict));
                    EXIT_OK
                }
                CoqOutcome::NotRun(why) => {
                    let line = verdict_line(accepted.checked.verdict());
                    println!("{}: ok: {line}{step}; NOT raised to coq: {why}", file.display());
                    EXIT_UNKNOWN
                }
                CoqOutcome::Rejected(output) => {
                    eprintln!("{}: FAILED: coqc refused the exported theorem:\n{output}", file.display());
                    EXIT_CHECK_FAILED
                }
            }
        }
        Err(error) => {
            eprintln!("{}: FAILED: {error}", file.display());
            EXIT_CHECK_FAILED
        }
    }
}

/// A file of certificates, one per line (as `optimod table --certificates` writes): every line
/// must check; the first failure is named by its line.
fn verify_lines(file: &Path, step: SolverStep) -> u8 {
    use std::io::BufRead;
    let reader = match open_regular(file) {
        Ok(f) => std::io::BufReader::new(f),
        Err(e) => {
            eprintln!("{}: cannot read: {e}", file.display());
            return EXIT_INVALID_INPUT;
        }
    };
    // (0, d): D = d; (1, 0): impossible; (2, 0): an expected-calls claim.
    let mut counts: std::collections::BTreeMap<(u8, u32), u64> = Default::default();
    let mut lines = 0u64;
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = match line.map_err(|e| e.to_string()).and_then(|l| {
            if l.len() as u64 > CERTIFICATE_BYTES {
                return Err(format!("longer than {CERTIFICATE_BYTES} bytes"));
            }
            let text = String::from_utf8(l).map_err(|_| "not UTF-8 text".to_string())?;
            Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
        }) {
            Ok(line) => line,
            Err(e) => {
                eprintln!("{} line {}: cannot read: {e}", file.display(), i + 1);
                return EXIT_INVALID_INPUT;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match accept_certificate(&line, None, step) {
            Ok(accepted) => {
                let key = match accepted.checked.verdict().established {
                    Established::WorstCase { calls } => (0, calls),
                    Established::Impossible { .. } => (1, 0),
                    Established::ExpectedWithinDepth { .. } | Established::AllStrategies(_) => (2, 0),
                };
                *counts.entry(key).or_default() += 1;
                lines += 1;
            }
            Err(error) => {
                eprintln!("{} line {}: FAILED: {error}", file.display(), i + 1);
                return EXIT_CHECK_FAILED;
            }
        }
    }
    let summary: Vec<String> = counts
        .iter()
        .map(|(&(kind, d), v)| match kind {
            0 => format!("{v} with D = {d}"),
            1 => format!("{v} impossible"),
            _ => format!("{v} expected-calls claims"),
        })
        .collect();
    println!("{}: ok: {lines} certificates ({})", file.display(), summary.join(", "));
    EXIT_OK
}
