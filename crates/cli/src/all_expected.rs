//! `optimod prove N --objective expected` (no depth limit): expected calls over all exact
//! strategies, loops included. Prints the strategy, its exact value, the proven lower bound
//! and the gap; `proved` only when the gap is 0, otherwise `bounded`.

use crate::output::{prove_failed, save, EXIT_OK};
use optimod_cert::{Claim, StrategyRecord};
use optimod_emit::{claim_lines, decimal};
use optimod_prove::{prove_expected_all, Options};
use optimod_spec::Spec;
use serde_json::json;
use std::path::Path;

/// The scope of this objective, said in every printout.
const SCOPE: &str = "all exact strategies, loops included";

/// `coq`: the checked claim exported and proved by coqc as well (exit 3 when it has no export).
pub fn run(spec: &Spec, options: Options, out: Option<&Path>, json: bool, coq: bool) -> u8 {
    let outcome = match prove_expected_all(spec, &options) {
        Ok(outcome) => outcome,
        Err(error) => return prove_failed(error),
    };
    let written = match out.map(|path| save(path, &outcome.checked, None)).transpose() {
        Ok(written) => written.flatten(),
        Err(code) => return code,
    };
    let Claim::ExpectedAllStrategies(claim) = &outcome.checked.certificate().claim else {
        unreachable!("prove_expected_all certifies a claim over all strategies")
    };
    let status = if outcome.value == outcome.lower { "proved" } else { "bounded" };
    let raised = coq.then(|| crate::prove::raise_to_coq(&outcome.checked));
    let family = match claim.strategy {
        StrategyRecord::FiniteTree { .. } => "finite-tree",
        StrategyRecord::PoolAutomaton { .. } => "pool-automaton",
        StrategyRecord::AsymmetricBlock { .. } => "asymmetric-block",
    };
    if crate::output::is_stdout(out) {
        // Standard output carries the certificate alone.
        if let Some((line, _)) = &raised {
            eprintln!("{line}");
        }
    } else if json {
        let mut summary = json!({
            "modulus": spec.modulus,
            "generators": spec.generators,
            "objective": spec.objective.name(),
            "max_depth": null,
            "scope": SCOPE,
            "status": status,
            "worst_case_calls": null,
            "expected_calls": outcome.value.to_string(),
            "expected_calls_decimal": decimal(&outcome.value, 10),
            "expected_calls_kind": claim.expected_calls_kind,
            "lower_bound": outcome.lower.to_string(),
            "lower_bound_decimal": decimal(&outcome.lower, 10),
            "upper_bound": outcome.value.to_string(),
            "gap": claim.gap,
            "family": family,
            "trust": outcome.checked.verdict().trust.to_string(),
            "certificate": written,
            "engines": [],
        });
        if let Some((line, code)) = &raised {
            summary["coq"] = json!({ "raised": *code == EXIT_OK, "verdict": line });
        }
        println!("{summary}");
    } else {
        println!("modulus {}, generators: {}", spec.modulus, spec.describe_generators());
        println!("objective: expected calls over {SCOPE}");
        for line in claim_lines(&outcome.checked, 40) {
            println!("{line}");
        }
        println!("checked: the independent checker accepts the certificate");
        if let Some(path) = written {
            println!("certificate: {path}");
        }
        if let Some((line, _)) = &raised {
            println!("{line}");
        }
    }
    raised.map_or(EXIT_OK, |(_, code)| code)
}
