//! `optimod prove N --objective expected` (no depth limit): expected calls over all exact
//! strategies, loops included. Prints the strategy, its exact value, the proven lower bound
//! and the gap; `proved` only when the gap is 0, otherwise `bounded`.

use crate::output::{prove_failed, save, EXIT_OK};
use crate::print_witness_words;
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
        AllStrategiesBoundRecord::Counting { value, reach_levels, excluded, chain } => (
            value.clone(),
            format!(
                "sum over depths k of Pr[more than k calls]: 1 for k < {reach_levels}, then 1/max_size^k for k < {} \
                 (every output needs a leaf below depth {}, and n such leaves need internal nodes at {chain} depths from {} on)",
                excluded.excluded_depth + chain,
                excluded.excluded_depth,
                excluded.excluded_depth
            ),
        ),
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
            print_witness_words(witness, max_lines);
        }
        ("asymmetric-block", _) => {
            if let Some(record) = &claim.automaton {
                print_block_words(certificate.spec.modulus, record, max_lines);
            }
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
                    let stop = if left == 0 {
                        "stop".to_string()
                    } else {
                        format!("keep v - {} as a pool of {left}", values - left)
                    };
                    format!("v in 0..{values}: below {} output v mod {n}; else {stop}", values - left)
                };
                println!("  pool {}: call {}, v = v*{} + outcome; {what}", step.pool, step.size, step.size);
            }
        }
    }
}

/// An asymmetric block in words: the root, what its children call, the outputs' leaves, the
/// pending leaves and the Knuth-Yao chain that finishes them.
fn print_block_words(n: u64, record: &optimod_cert::AutomatonRecord, max_lines: usize) {
    use optimod_prove::automaton_from_record;
    use optimod_prove::{RecycleNode as Node, RecycleState as State};
    let Ok(automaton) = automaton_from_record(n, record) else { return };
    println!(
        "strategy: an asymmetric two-level block, then a Knuth-Yao sampler ({} states; jumps written @k):",
        automaton.states.len()
    );
    for (index, state) in automaton.states.iter().enumerate() {
        match state {
            State::Tree(Node::Call { size, children }) => {
                let mut sizes: Vec<(u64, usize)> = Vec::new();
                let mut per_output = vec![std::collections::BTreeMap::<u64, u64>::new(); n as usize];
                let mut jumps = 0usize;
                for child in children {
                    if let Node::Call { size: q, children: leaves } = child {
                        match sizes.iter_mut().find(|(s, _)| s == q) {
                            Some((_, k)) => *k += 1,
                            None => sizes.push((*q, 1)),
                        }
                        for leaf in leaves {
                            match leaf {
                                Node::Output(j) => *per_output[*j as usize].entry(*q).or_default() += 1,
                                Node::Goto(_) => jumps += 1,
                                Node::Call { .. } => {}
                            }
                        }
                    }
                }
                let listed: Vec<String> = sizes.iter().map(|(q, k)| format!("{k} call {q}")).collect();
                println!("  state {index}: call {size}; of its {size} outcomes {}", listed.join(", "));
                // Outputs with the same leaves are listed together.
                let mut groups: Vec<(usize, usize)> = Vec::new();
                for j in 0..per_output.len() {
                    match groups.last_mut() {
                        Some((_, last)) if per_output[*last] == per_output[j] && *last + 1 == j => *last = j,
                        _ => groups.push((j, j)),
                    }
                }
                let shown = max_lines.saturating_sub(8).max(3);
                for &(first, last) in groups.iter().take(shown) {
                    let words: Vec<String> =
                        per_output[first].iter().map(|(q, k)| format!("{k} x 1/({size}*{q})")).collect();
                    let who = if first == last {
                        format!("output {first}")
                    } else {
                        format!("outputs {first}..={last}, each")
                    };
                    println!("    {who}: {}", words.join(" + "));
                }
                if groups.len() > shown {
                    println!("    ... (every output's leaves are in the certificate)");
                }
                println!("    {jumps} outcome(s) pending: jump to the next state");
            }
            State::Tree(_) => println!("  state {index}: a tree"),
            State::Chain { steps, loop_to } => {
                let size = steps.first().map_or(0, |s| s.size);
                let looping = match loop_to {
                    Some(t) => format!("then back to level {t} (its digits repeat)"),
                    None => "then done".to_string(),
                };
                println!(
                    "  state {index}: Knuth-Yao with size {size}: {} levels of pools, each emitting the next base-{size} digit of every output's remaining probability, {looping}",
                    steps.len()
                );
            }
        }
    }
}
