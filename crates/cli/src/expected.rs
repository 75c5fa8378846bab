//! `optimod prove --objective expected --max-depth K`: the fewest expected calls among exact
//! trees of depth `<= K`, and how it prints. The claim's scope is said every time.

use crate::output::{invalid, is_stdout, prove_failed, save, EXIT_OK, EXIT_UNKNOWN};
use optimod_emit::{claim_lines, decimal, within_depth_scope};
use optimod_prove::{prove_expected, ExpectedOutcome, Options};
use optimod_spec::Spec;
use serde_json::json;
use std::path::Path;

pub fn run(spec: &Spec, options: Options, out: Option<&Path>, json: bool) -> u8 {
    let Some(max_depth) = spec.objective.max_depth() else {
        return invalid("the depth-limited expected objective needs --max-depth");
    };
    let outcome = match prove_expected(spec, &options) {
        Ok(outcome) => outcome,
        Err(error) => return prove_failed(error),
    };
    let written = match (&outcome, out) {
        (ExpectedOutcome::Proved { checked, replay, .. }, Some(path)) => save(path, checked, replay.as_deref()),
        _ => Ok(None),
    };
    let written = match written {
        Ok(written) => written,
        Err(code) => return code,
    };
    if is_stdout(out) {
        // Standard output carries the certificate alone; a run without one says why on stderr.
        if written.is_none() {
            eprintln!("optimod: no certificate: {}", summary_json(spec, max_depth, &outcome, None));
        }
    } else if json {
        println!("{}", summary_json(spec, max_depth, &outcome, written.as_deref()));
    } else {
        print_outcome(spec, max_depth, &outcome, written.as_deref());
    }
    match outcome {
        ExpectedOutcome::Proved { .. } => EXIT_OK,
        ExpectedOutcome::Unknown { .. } => EXIT_UNKNOWN,
        // Proved facts, but no answer to the question asked.
        ExpectedOutcome::NoTreeWithinDepth { .. } | ExpectedOutcome::Impossible { .. } => EXIT_OK,
    }
}

fn summary_json(
    spec: &Spec,
    max_depth: u32,
    outcome: &ExpectedOutcome,
    certificate: Option<&str>,
) -> serde_json::Value {
    let mut value = json!({
        "modulus": spec.modulus,
        "generators": spec.generators,
        "objective": spec.objective.name(),
        "max_depth": max_depth,
        "scope": within_depth_scope(max_depth),
        "worst_case_calls": null,
        "certificate": certificate,
        "engines": [],
    });
    let fields = match outcome {
        ExpectedOutcome::Proved { checked, evaluation, .. } => json!({
            "status": "proved",
            "expected_calls": evaluation.expected_calls.to_string(),
            "expected_calls_decimal": decimal(&evaluation.expected_calls, 9),
            "lower_bound": evaluation.expected_calls.to_string(),
            "upper_bound": evaluation.expected_calls.to_string(),
            "witness_depth": evaluation.depth,
            "trust": checked.verdict().trust.to_string(),
            "engines": engines(checked.certificate()),
            "reason": null,
        }),
        ExpectedOutcome::Unknown { lower, upper, reason } => json!({
            "status": "unknown",
            "expected_calls": null,
            "expected_calls_decimal": null,
            "lower_bound": lower.to_string(),
            "upper_bound": upper.as_ref().map(|(v, _)| v.to_string()),
            "trust": null,
            "reason": reason,
        }),
        ExpectedOutcome::NoTreeWithinDepth { least_depth } => json!({
            "status": "impossible",
            "expected_calls": null,
            "expected_calls_decimal": null,
            "lower_bound": null,
            "upper_bound": null,
            "trust": null,
            "reason": format!("no exact tree of depth <= {max_depth}: every exact tree needs at least {least_depth} calls"),
        }),
        ExpectedOutcome::Impossible { missing_prime } => json!({
            "status": "impossible",
            "expected_calls": null,
            "expected_calls_decimal": null,
            "lower_bound": null,
            "upper_bound": null,
            "trust": "elementary",
            "reason": format!("{missing_prime} divides {} but no generator size", spec.modulus),
        }),
    };
    if let (Some(object), serde_json::Value::Object(extra)) = (value.as_object_mut(), fields) {
        object.extend(extra);
    }
    value
}

fn engines(certificate: &optimod_cert::Certificate) -> serde_json::Value {
    certificate
        .cross_checks
        .iter()
        .map(|r| json!({"engine": r.engine, "depth": r.depth, "verdict": r.verdict.word(), "detail": r.detail}))
        .collect()
}

fn print_outcome(spec: &Spec, max_depth: u32, outcome: &ExpectedOutcome, written: Option<&str>) {
    println!("modulus {}, generators: {}", spec.modulus, spec.describe_generators());
    println!("objective: expected calls, {}", within_depth_scope(max_depth));
    match outcome {
        ExpectedOutcome::Proved { checked, .. } => {
            for line in claim_lines(checked, 40) {
                println!("{line}");
            }
            println!("checked: the independent checker accepts the certificate (trust: {})", checked.verdict().trust);
        }
        ExpectedOutcome::Unknown { lower, upper, reason } => {
            let upper = upper
                .as_ref()
                .map_or("none known".into(), |(v, _)| format!("{v} (about {}), a verified tree", decimal(v, 9)));
            println!(
                "answer: unknown ({reason}); proven: at least {lower} (about {}), at most {upper}",
                decimal(lower, 9)
            );
        }
        ExpectedOutcome::NoTreeWithinDepth { least_depth } => {
            println!("answer: no exact tree of depth <= {max_depth}: every exact tree needs at least {least_depth} calls (`optimod prove {}`)", spec.modulus);
        }
        ExpectedOutcome::Impossible { missing_prime } => {
            println!(
                "answer: impossible, no finite exact strategy: {missing_prime} divides {} but no generator size",
                spec.modulus
            );
        }
    }
    if let Some(path) = written {
        println!("certificate: {path}");
    }
}
