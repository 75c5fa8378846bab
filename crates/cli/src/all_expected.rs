//! `optimod prove N --objective expected` (no depth limit): expected calls over all exact
//! strategies, loops included. Prints the strategy, its exact value, the proven lower bound
//! and the gap; `proved` only when the gap is 0, otherwise `bounded`.

use crate::{print_tree_words, prove_failed, save, EXIT_OK};
use num_traits::ToPrimitive;
use optimod_cert::{AllStrategiesBoundRecord, Certificate};
use optimod_prove::{prove_expected_all, Options};
use optimod_spec::Spec;
use serde_json::json;
use std::path::Path;

pub fn run(spec: &Spec, options: Options, out: Option<&Path>, json: bool) -> u8 {
    let outcome = match prove_expected_all(spec, &options) {
        Ok(outcome) => outcome,
        Err(error) => return prove_failed(error),
    };
    let written = match out.map(|path| save(path, &outcome.certificate, None)).transpose() {
        Ok(written) => written.flatten(),
        Err(code) => return code,
    };
    let claim = outcome.certificate.all_strategies.as_ref().expect("an all-strategies certificate");
    let status = if outcome.value == outcome.lower { "proved" } else { "bounded" };
    if json {
        println!(
            "{}",
            json!({
                "modulus": spec.modulus,
                "generators": spec.generators,
                "objective": spec.objective.name(),
                "max_depth": null,
                "scope": optimod_prove::SCOPE,
                "status": status,
                "worst_case_calls": null,
                "expected_calls": outcome.value.to_string(),
                "expected_calls_decimal": decimal(&outcome.value),
                "lower_bound": outcome.lower.to_string(),
                "lower_bound_decimal": decimal(&outcome.lower),
                "upper_bound": outcome.value.to_string(),
                "gap": claim.gap,
                "family": claim.family,
                "trust": outcome.verdict.trust.to_string(),
                "certificate": written,
                "engines": [],
            })
        );
    } else {
        println!("modulus {}, generators: {}", spec.modulus, spec.describe_generators());
        println!("objective: expected calls over {}", optimod_prove::SCOPE);
        print_certificate_words(&outcome.certificate, 40);
        println!("checked: the independent checker accepts the certificate");
        if let Some(path) = written {
            println!("certificate: {path}");
        }
    }
    EXIT_OK
}

pub fn decimal(value: &num_rational::BigRational) -> String {
    format!("{:.10}", value.to_f64().unwrap_or(f64::NAN))
}

/// The claim of an all-strategies certificate in words (`prove` and `show`).
pub fn print_certificate_words(certificate: &Certificate, max_lines: usize) {
    let Some(claim) = &certificate.all_strategies else { return };
    let value: Option<num_rational::BigRational> = claim.expected_calls.parse().ok();
    let (lower, how) = match &claim.lower_bound {
        AllStrategiesBoundRecord::KnuthYao { value, size } => {
            (value.clone(), format!("Knuth-Yao: with the single size {size}, no exact strategy does better"))
        }
        AllStrategiesBoundRecord::Levels { value, reach_levels, excluded, missing_prime } => {
            let upto = match (excluded, missing_prime) {
                (Some(e), _) => format!("while no exact tree of depth k exists (k <= {})", e.excluded_depth),
                (_, Some(p)) => format!("at every depth (no finite exact tree exists: {p} divides no size)"),
                _ => String::new(),
            };
            (
                value.clone(),
                format!(
                    "sum over depths k of Pr[more than k calls]: 1 for k < {reach_levels}, then 1/max_size^k {upto}"
                ),
            )
        }
    };
    let lower_value: Option<num_rational::BigRational> = lower.parse().ok();
    let status = if claim.gap == "0" { "optimal" } else { "the best found, NOT proved optimal" };
    println!(
        "answer: {} expected calls (about {}), {status}",
        claim.expected_calls,
        value.as_ref().map_or("?".into(), decimal)
    );
    println!(
        "lower bound: {lower} (about {}), by {how}; gap {}",
        lower_value.as_ref().map_or("?".into(), decimal),
        claim.gap
    );
    match (claim.family.as_str(), &certificate.witness) {
        ("finite-tree", Some(witness)) => {
            println!("strategy: a finite tree ({} leaves, depth {}):", witness.leaves, witness.depth);
            print_tree_words(&witness.tree, max_lines);
        }
        _ => {
            println!("strategy: a pool automaton (keep a uniform value v in 0..r, start with r = 1):");
            for step in &claim.pools {
                let values = step.pool as u128 * step.size as u128;
                let n = certificate.spec.modulus as u128;
                let what = if values < n {
                    format!("v becomes uniform in 0..{values}, keep it")
                } else {
                    let left = values % n;
                    let stop = if left == 0 { "stop".to_string() } else { format!("keep v - {} as a pool of {left}", values - left) };
                    format!("v in 0..{values}: below {} output v mod {n}; else {stop}", values - left)
                };
                println!("  pool {}: call {}, v = v*{} + outcome; {what}", step.pool, step.size, step.size);
            }
        }
    }
}
