//! A property test standing in for a fuzzer: thousands of mutated certificates go to the
//! checker, which must never panic and never accept one whose tree is not exact. Mutations are
//! drawn from a fixed-seed generator, so a failure reproduces; the run is bounded (CI-sized).

use optimod_check::check_json;
use optimod_spec::{Objective, Spec};
use optimod_tests::{committed, SplitMix64 as Rng};

const ALPHABET: &[u8] = b"0123456789() ,:\"-[]{}e.";

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => bytes[at] = ALPHABET[rng.below(ALPHABET.len())],
            1 => {
                bytes.remove(at);
            }
            2 => bytes.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            _ => {
                // Swap two digits far apart: relabels leaves or changes sizes.
                let other = rng.below(bytes.len());
                if bytes[at].is_ascii_digit() && bytes[other].is_ascii_digit() {
                    bytes.swap(at, other);
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The oracle: re-evaluate an accepted certificate with the spec crate (independent code).
fn accepted_tree_is_exact(text: &str) -> Result<(), String> {
    use optimod_cert::{Claim, RuleRecord, StrategyRecord, WitnessRecord};
    let cert = optimod_cert::Certificate::from_json(text).map_err(|e| e.to_string())?;
    // The primes rule leaves the sizes implicit in the certificate.
    let sizes = match cert.spec.generator_rule {
        RuleRecord::PrimesBelowModulus => optimod_spec::arith::primes_below(cert.spec.modulus),
        RuleRecord::Explicit => cert.spec.generators.clone(),
    };
    let spec = Spec::new(cert.spec.modulus, &sizes, Objective::WorstCase).map_err(|e| e.to_string())?;
    // The spec crate's own evaluation (explicit tree, or block arithmetic) judges exactness.
    let tree_facts = |witness: &WitnessRecord| {
        optimod_emit::witness_from_record(witness)?
            .facts(&spec)
            .map_err(|e| format!("accepted a witness that is not exact: {e}"))
    };
    match &cert.claim {
        Claim::WorstCase(claim) => {
            let eval = tree_facts(&claim.witness)?;
            if eval.depth != claim.worst_case_calls {
                return Err(format!("accepted depth {} as {}", eval.depth, claim.worst_case_calls));
            }
        }
        Claim::ExpectedWithinDepth(claim) => {
            // Within the depth limit, and the claimed optimum is the tree's.
            let eval = tree_facts(&claim.witness)?;
            let max_depth = cert.spec.max_depth.ok_or("accepted a depth-limited claim without its limit")?;
            if eval.depth > max_depth || claim.expected_calls.value() != &eval.expected_calls {
                return Err(format!("accepted {} at depth {} as {claim:?}", eval.expected_calls, eval.depth));
            }
        }
        Claim::ExpectedAllStrategies(claim) => {
            let value = match &claim.strategy {
                StrategyRecord::FiniteTree { witness } => tree_facts(witness)?.expected_calls,
                StrategyRecord::AsymmetricBlock { automaton } => {
                    // An automaton: evaluated by the producer-side linear solve (independent code).
                    let automaton = optimod_emit::automaton_from_record(cert.spec.modulus, automaton)?;
                    let eval =
                        automaton.evaluate(&sizes).map_err(|e| format!("accepted an automaton that fails: {e}"))?;
                    if !eval.is_exact() {
                        return Err("accepted an inexact automaton".into());
                    }
                    eval.expected_calls
                }
                StrategyRecord::PoolAutomaton { pools } => {
                    // A pool automaton: its value by the producer-side recurrence (independent code).
                    let automaton = optimod_recycle::PoolAutomaton {
                        modulus: cert.spec.modulus,
                        steps: pools.iter().map(|p| optimod_recycle::PoolStep { pool: p.pool, size: p.size }).collect(),
                    };
                    if !pools.iter().all(|p| sizes.contains(&p.size)) {
                        return Err("accepted a pool automaton calling a size not in the spec".into());
                    }
                    optimod_recycle::expected_calls(&automaton).ok_or("accepted an automaton that does not run")?
                }
            };
            if &value != claim.expected_calls.value() {
                return Err(format!("accepted {} for a strategy worth {value}", claim.expected_calls));
            }
        }
        Claim::Impossible(_) => {}
    }
    Ok(())
}

/// Mutants per certificate: 1500 in `just test`; `OPTIMOD_FUZZ_ROUNDS` for a longer campaign.
fn rounds() -> usize {
    std::env::var("OPTIMOD_FUZZ_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(1500)
}

#[test]
fn mutated_certificates_never_panic_the_checker_nor_pass_inexact() {
    let mut rng = Rng(0x0A11_CE42);
    let mut accepted = 0;
    let mut rejected = 0;
    for name in
        ["42", "30", "d6-9", "24", "43", "d6-d15-20", "d6-4-expected", "solver/d6-d15-20", "solver/d6-4-expected"]
            .into_iter()
            .chain(["30-expected", "5-expected", "coin-5-expected"])
    {
        let original = committed(name);
        for round in 0..rounds() {
            let text = mutate(&original, &mut rng);
            let outcome = std::panic::catch_unwind(|| check_json(&text));
            match outcome {
                Err(_) => panic!("{name}, round {round}: the checker panicked on:\n{text}"),
                Ok(Ok(_)) => {
                    accepted += 1;
                    if let Err(why) = accepted_tree_is_exact(&text) {
                        panic!("{name}, round {round}: {why}:\n{text}");
                    }
                }
                Ok(Err(_)) => rejected += 1,
            }
        }
    }
    // Most mutations must be caught. Some are harmless and rightly accepted: JSON whitespace,
    // a digit swapped with an equal one, two leaves of equal reach trading outputs.
    eprintln!("single-field mutants: {} accepted (each judged by the oracle), {rejected} rejected", accepted);
    assert!(rejected > 3 * accepted, "accepted {accepted}, rejected {rejected}");
}

/// Coordinated edits, several fields changed together so that single-field consistency checks
/// pass: the modulus and the witness moved together; a solver script swapped in with its hash;
/// the optimum changed with the cross-checks emptied. An accepted one must be true by an
/// evaluator other than the checker: the spec crate for the witness, the producer's pipeline
/// (arithmetic) for the optimum.
#[test]
fn coordinated_mutations_never_pass_a_false_claim() {
    use serde_json::Value;
    let mut rng = Rng(0xC00_4D1);
    let (mut accepted, mut rejected) = (0, 0);
    for name in ["42", "30", "24", "60", "8"] {
        let original: Value = serde_json::from_str(&committed(name)).unwrap();
        let n = original["spec"]["modulus"].as_u64().unwrap();
        for _ in 0..rounds() / 10 {
            let mut v = original.clone();
            // Another modulus, and the witness's top sampler (or leaves) moved to it.
            let other = [n - 1, n + 1, 2 * n, n / 2, n + rng.below(64) as u64, 6 * n][rng.below(6)].max(4);
            v["spec"]["modulus"] = other.into();
            if let Some(samplers) = v["claim"]["witness"]["tree"]["blocks"].as_array_mut() {
                let last = samplers.len() - 1;
                samplers[last]["modulus"] = other.into();
            }
            if rng.below(2) == 0 {
                v["cross_checks"] = Value::Array(vec![]);
            }
            let text = serde_json::to_string(&v).unwrap();
            match check_json(&text) {
                Err(_) => rejected += 1,
                Ok(checked) => {
                    accepted += 1;
                    accepted_tree_is_exact(&text).unwrap_or_else(|why| panic!("{name} -> {other}: {why}"));
                    let spec = Spec::primes_below(other, Objective::WorstCase).unwrap();
                    let options = optimod_prove::Options { cross_check: false, ..Default::default() };
                    let truth = match optimod_prove::prove(&spec, &options).unwrap() {
                        optimod_prove::Outcome::Proved { facts, .. } => Some(facts.depth),
                        _ => None,
                    };
                    assert_eq!(
                        checked.verdict().worst_case_calls(),
                        truth,
                        "{name} moved to {other}: a false optimum accepted"
                    );
                }
            }
        }
    }
    // A solver script swapped between certificates together with its hash and case count:
    // the checker library cannot tell, the re-encoding in `verify` must.
    let scripts = [
        ("solver/d6-d15-20", "solver/d6-d15-20.depth2.smt2"),
        ("solver/d6-4-expected", "solver/d6-4-expected.expected-depth3.smt2"),
    ];
    for (name, _) in scripts {
        for (_, file) in scripts {
            let script = optimod_tests::committed_file(file);
            let mut certificate = optimod_cert::Certificate::from_json(&committed(name)).unwrap();
            let digest = optimod_check::sha256_hex(script.as_bytes());
            let checks = script.matches("(check-sat)").count() as u32;
            let replay = match &mut certificate.claim {
                optimod_cert::Claim::WorstCase(c) => c.lower_bound.solver.as_mut().map(|s| &mut s.replay),
                optimod_cert::Claim::ExpectedWithinDepth(c) => c.solver.as_mut().map(|s| &mut s.replay),
                _ => None,
            };
            let replay = replay.expect("a certificate with a solver step");
            (replay.sha256, replay.checks) = (digest, checks);
            let bound = optimod_prove::check_replay_binding(&certificate, &script);
            let own = file.starts_with(&format!("{name}."));
            assert_eq!(bound.is_ok(), own, "{name} with {file}: {bound:?}");
        }
    }
    eprintln!("coordinated mutants: {accepted} accepted (each confirmed true), {rejected} rejected");
    assert!(rejected > accepted, "accepted {accepted}, rejected {rejected}");
}
