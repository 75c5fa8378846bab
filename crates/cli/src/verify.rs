//! `optimod verify FILE...`: the independent checker on certificate files (and on files of
//! certificates, one per line); exit 0 only if all pass.

use crate::coq::{CoqLibrary, CoqOutcome};
use crate::input::{accept_certificate, is_stdin, read_input, SolverStep, CERTIFICATE_BYTES};
use crate::lines::{is_lines_file, verify_lines};
use crate::output::{invalid, EXIT_CHECK_FAILED, EXIT_INVALID_INPUT, EXIT_OK, EXIT_UNKNOWN};
use optimod_check::Failure;
use optimod_emit::verdict_line;
use std::path::{Path, PathBuf};

/// `jobs`: threads checking the lines of a file of certificates.
pub fn run(files: &[PathBuf], no_solver: bool, coq: bool, json: bool, jobs: usize) -> u8 {
    let step = if no_solver { SolverStep::Skip } else { SolverStep::Rerun };
    if coq {
        if let Some(lines) = files.iter().find(|f| is_lines_file(f)) {
            return invalid(&format!(
                "{}: --coq takes certificate files, not files of certificates (the table's rows are raised \
                 to Coq by `just coq`)",
                lines.display()
            ));
        }
        return verify_with_coq(files, step, json);
    }
    let mut worst = EXIT_OK;
    for file in files {
        let code = if is_lines_file(file) {
            verify_lines(file, step, json, jobs)
        } else {
            verify_file(file, step, None, json)
        };
        worst = worst.max(code);
    }
    worst
}

/// `--coq`: every file checked, then exported and proved by coqc against the library
/// (compiled once for the run). Exit 3 when a claim could not be raised (no export, no coqc),
/// 4 when coqc refuses one.
fn verify_with_coq(files: &[PathBuf], step: SolverStep, json: bool) -> u8 {
    let library = match CoqLibrary::compile() {
        Ok(library) => library,
        Err(why) => {
            eprintln!("optimod: cannot check with Coq: {why}");
            return EXIT_UNKNOWN;
        }
    };
    files.iter().map(|file| verify_file(file, step, Some(&library), json)).max().unwrap_or(EXIT_OK)
}

/// What became of one certificate file.
enum Report {
    /// Accepted: its verdict (raised to trust coq when coqc proved it), the solver step's
    /// re-run, and why it was not raised to Coq when `--coq` asked for it and it was not.
    Accepted { verdict: Box<optimod_check::Verdict>, solver_step: Option<String>, not_raised: Option<String> },
    /// Refused by the checker (or by coqc): which check, and the message.
    Failed { failure: String, message: String },
    /// Not read.
    Unreadable(String),
}

/// One certificate file (and its replay script, if it names one), raised to Coq when a
/// library is given; printed as a line of text or of JSON.
fn verify_file(file: &Path, step: SolverStep, coq: Option<&CoqLibrary>, json: bool) -> u8 {
    let report = report_of(file, step, coq);
    let code = match &report {
        Report::Accepted { not_raised: None, .. } => EXIT_OK,
        Report::Accepted { not_raised: Some(_), .. } => EXIT_UNKNOWN,
        Report::Failed { .. } => EXIT_CHECK_FAILED,
        Report::Unreadable(_) => EXIT_INVALID_INPUT,
    };
    let name = file.display();
    if json {
        println!("{}", report_json(&name.to_string(), &report));
        return code;
    }
    match report {
        Report::Accepted { verdict, solver_step, not_raised } => {
            let step = solver_step.map(|s| format!("; {s}")).unwrap_or_default();
            let raised = not_raised.map(|why| format!("; NOT raised to coq: {why}")).unwrap_or_default();
            println!("{name}: ok: {}{step}{raised}", verdict_line(&verdict));
        }
        Report::Failed { message, .. } => eprintln!("{name}: FAILED: {message}"),
        Report::Unreadable(why) => eprintln!("{name}: cannot read: {why}"),
    }
    code
}

fn report_of(file: &Path, step: SolverStep, coq: Option<&CoqLibrary>) -> Report {
    let text = match read_input(file, CERTIFICATE_BYTES) {
        Ok(text) => text,
        Err(e) => return Report::Unreadable(e),
    };
    let beside = (!is_stdin(file)).then_some(file);
    let accepted = match accept_certificate(&text, beside, step) {
        Ok(accepted) => accepted,
        Err(error) => {
            return Report::Failed { failure: failure_name(error.failure()).into(), message: error.to_string() }
        }
    };
    let solver_step = accepted.solver_step;
    let verdict = Box::new(accepted.checked.verdict().clone());
    let Some(library) = coq else { return Report::Accepted { verdict, solver_step, not_raised: None } };
    match library.raise(&accepted.checked, &file.display().to_string()) {
        CoqOutcome::Proved(verdict) => Report::Accepted { verdict, solver_step, not_raised: None },
        CoqOutcome::NotRun(why) => Report::Accepted { verdict, solver_step, not_raised: Some(why) },
        CoqOutcome::Rejected(output) => {
            Report::Failed { failure: "coq".into(), message: format!("coqc refused the exported theorem:\n{output}") }
        }
    }
}

/// `{"file", "status": "ok" | "failed" | "unreadable", ...}`: for an accepted certificate its
/// verdict in words, the trust level, what it rests on, the solver step's re-run and why it was
/// not raised to Coq; for a failure the check (`lower-bound`, `tree`, ..., `coq`) and the message.
fn report_json(file: &str, report: &Report) -> serde_json::Value {
    match report {
        Report::Accepted { verdict, solver_step, not_raised } => serde_json::json!({
            "file": file,
            "status": "ok",
            "modulus": verdict.modulus,
            "verdict": verdict_line(verdict),
            "trust": optimod_emit::trust_word(&verdict.trust),
            "basis": verdict.basis.to_string(),
            "solver_step": solver_step,
            "not_raised_to_coq": not_raised,
        }),
        Report::Failed { failure, message } => {
            serde_json::json!({ "file": file, "status": "failed", "failure": failure, "message": message })
        }
        Report::Unreadable(why) => serde_json::json!({ "file": file, "status": "unreadable", "message": why }),
    }
}

/// The failed check as `--json` names it.
pub(crate) fn failure_name(failure: Failure) -> &'static str {
    match failure {
        Failure::Json => "json",
        Failure::Version => "version",
        Failure::Spec => "spec",
        Failure::Shape => "shape",
        Failure::Tree => "tree",
        Failure::Inexact => "inexact",
        Failure::Witness => "witness",
        Failure::LowerBound => "lower-bound",
        Failure::Impossible => "impossible",
        Failure::Trust => "trust",
        Failure::TooLarge => "too-large",
        Failure::Automaton => "automaton",
        Failure::NotBuilt => "not-built",
    }
}
