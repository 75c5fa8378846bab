use super::*;
use crate::solving::is_supported_z3;
use optimod_spec::{Objective, Spec};

const TYPES: usize = 50_000;
const BUDGET: Budget = Budget { timeout_ms: 60_000, rlimit: 0 };

fn primes(n: u64) -> Spec {
    Spec::primes_below(n, Objective::WorstCase).unwrap()
}

fn witness(spec: &Spec, depth: u32, encoding: Encoding) -> Option<Tree> {
    match solve(spec, depth, encoding, BUDGET, TYPES).unwrap().verdict {
        Verdict::Sat(tree) => Some(tree),
        Verdict::Unsat => None,
        other => panic!("no answer: {other:?}"),
    }
}

#[test]
fn finds_the_two_call_tree_for_42() {
    let spec = primes(42);
    let tree = witness(&spec, 2, Encoding::Symmetric).expect("a depth-2 tree exists");
    let eval = tree.evaluate(&spec).unwrap();
    assert!(eval.is_exact());
    assert_eq!(eval.depth, 2);
    assert_eq!(tree.root_size(), Some(41));
}

#[test]
fn proves_one_call_too_few_for_42() {
    let spec = primes(42);
    assert!(witness(&spec, 1, Encoding::General).is_none());
    let relaxed = solve(&spec, 1, Encoding::OneOutput, BUDGET, TYPES).unwrap();
    assert!(matches!(relaxed.verdict, Verdict::Unsat));
}

#[test]
fn thirty_has_a_depth_three_tree() {
    let spec = primes(30);
    let tree = witness(&spec, 3, Encoding::Symmetric).expect("depth 3 works");
    assert!(tree.evaluate(&spec).unwrap().is_exact());
}

#[test]
fn the_general_encoding_finds_asymmetric_trees_too() {
    // n = 4 from a coin: two flips; the general encoding must produce an exact tree.
    let spec = Spec::new(4, &[2], Objective::WorstCase).unwrap();
    let tree = witness(&spec, 2, Encoding::General).expect("two flips");
    assert!(tree.evaluate(&spec).unwrap().is_exact());
    assert!(witness(&spec, 1, Encoding::General).is_none());
}

#[test]
fn refuses_oversized_encodings_without_asking_z3() {
    let err = solve(&primes(64), 6, Encoding::Symmetric, BUDGET, 1_000).unwrap_err();
    // 18 primes below 64: C(24, 6) = 134596 multisets of at most 6 of them.
    assert_eq!(err, SizeLimitExceeded { depth: 6, limit: 1_000, estimated: 134_596 });
}

#[test]
fn replay_scripts_have_one_check_per_case() {
    let cases = [(Some(5), ProofEncoding::OneOutput), (Some(3), ProofEncoding::General)];
    let text = replay_script(&primes(6), 1, &cases, TYPES).unwrap();
    assert!(text.contains("(set-logic QF_LIA)"));
    assert!(text.contains("(declare-fun N_ () Int)"), "{text}");
    assert_eq!(text.matches("(check-sat)").count(), 2);
    assert_eq!(text.matches("(push 1)").count(), 2);
    assert!(text.ends_with("(pop 1)\n(exit)\n"));
}

#[test]
#[ignore]
fn timing_probe() {
    for (n, d) in [(42u64, 2u32), (30, 3), (36, 3), (60, 3), (30, 2)] {
        let spec = primes(n);
        for &root in spec.generators.iter().rev() {
            let t = std::time::Instant::now();
            let q = solve_with_root(
                &spec,
                d,
                Encoding::Symmetric,
                Some(root),
                Budget { timeout_ms: 20_000, rlimit: 0 },
                TYPES,
            )
            .unwrap();
            let v = match q.verdict {
                Verdict::Sat(_) => "sat".to_string(),
                Verdict::Unsat => "unsat".into(),
                Verdict::Unknown(w) => w,
                Verdict::Inconclusive => "inconclusive".into(),
            };
            println!(
                "n={n} d={d} root={root}: {v} vars={} in {:?} rlimit {:?}",
                q.variables,
                t.elapsed(),
                q.rlimit_used
            );
            if v == "sat" {
                break;
            }
        }
    }
}

#[test]
fn the_naive_baseline_agrees_on_a_small_case() {
    let spec = primes(6);
    let budget = Budget { timeout_ms: 60_000, rlimit: 0 };
    let (at_two, positions) = solve_naive(&spec, 2, budget, 10_000).unwrap();
    assert!(matches!(at_two, Verdict::Inconclusive), "{at_two:?}");
    assert_eq!(positions, 1 + 5 + 25);
    let (at_one, _) = solve_naive(&spec, 1, budget, 10_000).unwrap();
    assert!(matches!(at_one, Verdict::Unsat), "{at_one:?}");
}

#[test]
fn replay_scripts_do_not_depend_on_the_context_history() {
    let cases = [(Some(5), ProofEncoding::OneOutput), (Some(3), ProofEncoding::General)];
    let first = replay_script(&primes(6), 1, &cases, TYPES).unwrap();
    // Queries on this thread's context advance z3's term ids; the script must not move.
    let _ = solve(&primes(12), 2, Encoding::General, BUDGET, TYPES).unwrap();
    let again = replay_script(&primes(6), 1, &cases, TYPES).unwrap();
    let elsewhere = std::thread::spawn(move || replay_script(&primes(6), 1, &cases, TYPES).unwrap()).join().unwrap();
    assert_eq!(first, again);
    assert_eq!(first, elsewhere);
}

#[test]
fn only_encodings_whose_unsat_is_a_proof_are_proof_encodings() {
    assert_eq!(Encoding::Symmetric.as_proof(), None);
    assert_eq!(ProofEncoding::from_name(Encoding::Symmetric.name()), None);
    for proof in [ProofEncoding::OneOutput, ProofEncoding::General] {
        assert_eq!(ProofEncoding::from_name(proof.name()), Some(proof));
        assert_eq!(proof.encoding().as_proof(), Some(proof));
    }
}

#[test]
fn a_replay_script_reruns_case_by_case() {
    // 6 from the primes below 6 in one call: impossible (no size 6), every root unsat.
    let cases =
        [(Some(5), ProofEncoding::OneOutput), (Some(3), ProofEncoding::General), (Some(2), ProofEncoding::General)];
    let text = replay_script(&primes(6), 1, &cases, TYPES).unwrap();
    assert_eq!(rerun_replay_cases(&text, 10_000_000), vec![CaseAnswer::Unsat; 3]);
    // Depth 2 is possible (2 then 3): the general encoding with root 3 is satisfiable.
    let sat = replay_script(&primes(6), 2, &[(Some(3), ProofEncoding::General)], TYPES).unwrap();
    assert_eq!(rerun_replay_cases(&sat, 10_000_000), vec![CaseAnswer::Sat]);
}

#[test]
fn z3_older_than_the_bindings_is_refused() {
    for (version, supported) in
        [("4.8.12", false), ("4.13.2", false), ("4.13.3", true), ("4.14.0", true), ("5.0.0", true), ("", false)]
    {
        assert_eq!(is_supported_z3(version), supported, "{version}");
    }
    assert_eq!(require_supported_z3(), Ok(()), "this build links {}", z3_version());
}
