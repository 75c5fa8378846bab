//! `optimod prove N`: the fewest calls in the worst case, and how the outcome prints.

use crate::coq::{CoqLibrary, CoqOutcome};
use crate::output::{is_stdout, prove_failed, save, EXIT_CHECK_FAILED, EXIT_OK, EXIT_UNKNOWN};
use optimod_emit::{claim_lines, verdict_line};
use optimod_prove::{prove, Options, Outcome};
use optimod_spec::Spec;
use serde_json::json;
use std::path::Path;

pub fn run(spec: &Spec, options: Options, out: Option<&Path>, json: bool, coq: bool) -> u8 {
    let limit = options.max_depth;
    let outcome = match prove(spec, &options) {
        Ok(outcome) => outcome,
        Err(error) => return prove_failed(error),
    };
    // Write the certificate (already checked) before printing that it exists.
    let written = match (&outcome, out) {
        (Outcome::Proved { checked, replay, .. }, Some(path)) => save(path, checked, replay.as_deref()),
        (Outcome::Impossible { checked, .. }, Some(path)) => save(path, checked, None),
        _ => Ok(None),
    };
    let written = match written {
        Ok(written) => written,
        Err(code) => return code,
    };
    // Proved by arithmetic although above the depth limit: the limit stopped no search.
    let beyond = match (&outcome, limit) {
        (Outcome::Proved { facts, .. }, Some(k)) if facts.depth > k => {
            Some(format!("the optimum, {} calls, exceeds --max-depth {k}; it was proved without a search", facts.depth))
        }
        _ => None,
    };
    let raised = match &outcome {
        Outcome::Proved { checked, .. } | Outcome::Impossible { checked, .. } if coq => Some(raise_to_coq(checked)),
        _ => None,
    };
    if is_stdout(out) {
        // Standard output carries the certificate alone; a run without one says why on stderr.
        if written.is_none() {
            eprintln!("optimod: no certificate: {}", summary_json(spec, &outcome, None));
        }
        if let Some((line, _)) = &raised {
            eprintln!("{line}");
        }
    } else if json {
        let mut summary = summary_json(spec, &outcome, written.as_deref());
        if let Some(note) = &beyond {
            summary["reason"] = note.clone().into();
        }
        if let Some((line, code)) = &raised {
            summary["coq"] = json!({ "raised": *code == EXIT_OK, "verdict": line });
        }
        println!("{summary}");
    } else {
        print_outcome(spec, &outcome, written.as_deref());
        if let Some(note) = &beyond {
            println!("note: {note}");
        }
        if let Some((line, _)) = &raised {
            println!("{line}");
        }
    }
    match (outcome, raised) {
        (Outcome::Unknown { .. }, _) => EXIT_UNKNOWN,
        (_, Some((_, code))) => code,
        _ => EXIT_OK,
    }
}

/// `--coq`: the checked claim exported and proved by coqc; the line to print and the exit code
/// (0 proved, 3 not raised, 4 refused by coqc).
pub(crate) fn raise_to_coq(checked: &optimod_check::Checked) -> (String, u8) {
    let library = match CoqLibrary::compile() {
        Ok(library) => library,
        Err(why) => return (format!("coq: not raised: {why}"), EXIT_UNKNOWN),
    };
    match library.raise(checked, "optimod prove --coq") {
        CoqOutcome::Proved(verdict) => (format!("coq: {}", verdict_line(&verdict)), EXIT_OK),
        CoqOutcome::NotRun(why) => (format!("coq: not raised: {why}"), EXIT_UNKNOWN),
        CoqOutcome::Rejected(output) => {
            (format!("coq: coqc REFUSED the exported theorem: {output}"), EXIT_CHECK_FAILED)
        }
    }
}

fn summary_json(spec: &Spec, outcome: &Outcome, certificate: Option<&str>) -> serde_json::Value {
    let (status, calls, lower, upper, trust, reason, expected) = match outcome {
        Outcome::Proved { facts, checked, .. } => (
            "proved",
            Some(facts.depth),
            Some(facts.depth),
            Some(facts.depth),
            Some(checked.verdict().trust.to_string()),
            None,
            Some(facts.expected_calls.to_string()),
        ),
        Outcome::Impossible { missing_prime, .. } => (
            "impossible",
            None,
            None,
            None,
            Some("elementary".to_string()),
            Some(format!("{missing_prime} divides {} but no generator size", spec.modulus)),
            None,
        ),
        Outcome::Unknown { lower, upper, reason } => {
            ("unknown", None, Some(*lower), *upper, None, Some(reason.clone()), None)
        }
    };
    let engines: Vec<serde_json::Value> = match outcome {
        Outcome::Proved { checked, .. } => checked
            .certificate()
            .cross_checks
            .iter()
            .map(|r| json!({"engine": r.engine, "depth": r.depth, "verdict": r.verdict.word()}))
            .collect(),
        _ => vec![],
    };
    json!({
        "modulus": spec.modulus,
        "generators": spec.generators,
        "objective": spec.objective.name(),
        "status": status,
        "worst_case_calls": calls,
        "lower_bound": lower,
        "upper_bound": upper,
        "trust": trust,
        "witness_expected_calls": expected,
        "reason": reason,
        "certificate": certificate,
        "engines": engines,
    })
}

fn print_outcome(spec: &Spec, outcome: &Outcome, written: Option<&str>) {
    println!("modulus {}, generators: {}", spec.modulus, spec.describe_generators());
    match outcome {
        Outcome::Proved { checked, .. } | Outcome::Impossible { checked, .. } => {
            for line in claim_lines(checked, 40) {
                println!("{line}");
            }
            println!("checked: the independent checker accepts the certificate (trust: {})", checked.verdict().trust);
        }
        Outcome::Unknown { lower, upper, reason } => {
            let upper = upper.map_or("none known".to_string(), |u| u.to_string());
            println!("answer: unknown ({reason}); proven bounds: at least {lower} calls, at most {upper}");
        }
    }
    if let Some(path) = written {
        println!("certificate: {path}");
    }
}
