//! The exhaustive enumeration (an elementary depth exclusion, and the least expected calls
//! within a depth) against answers reached without it: for every small spec below, the
//! producer's enumeration finds a tree at a depth exactly when the solver-and-construction
//! pipeline says one exists, and the checker re-running it accepts the true exclusion and
//! refuses the false one.

use optimod_cert::{ArgumentRecord, Claim};
use optimod_check::check;
use optimod_prove::{prove, Options, Outcome};
use optimod_spec::{Objective, Spec, Tree};

const MENUS: [&[u64]; 9] = [&[2], &[3], &[2, 3], &[6], &[4, 6], &[6, 15], &[2, 3, 5], &[3, 4], &[6, 10]];

/// The least depth by the pipeline with the enumeration off, and its certificate.
fn without_enumeration(spec: &Spec) -> Option<(u32, optimod_cert::Certificate)> {
    let options = Options { enumerate: false, cross_check: false, ..Options::default() };
    match prove(spec, &options).expect("prove runs") {
        Outcome::Proved { checked, facts, .. } => Some((facts.depth, checked.certificate().clone())),
        _ => None,
    }
}

/// The certificate with its lower bound replaced by an enumeration excluding `depth`; when
/// the witness is not deeper than that, it is wrapped under one more call (every outcome the
/// same exact tree), so that only the enumeration stands between the forgery and an `ok`.
fn claiming_exclusion(
    spec: &Spec,
    certificate: &optimod_cert::Certificate,
    depth: u32,
    states: u64,
) -> optimod_cert::Certificate {
    let mut forged = certificate.clone();
    let Claim::WorstCase(claim) = &mut forged.claim else { panic!("a worst-case claim") };
    if claim.witness.depth <= depth {
        let tree = optimod_emit::witness_from_record(&claim.witness).unwrap().to_tree(100_000).unwrap().to_string();
        let s = spec.generators[0];
        let wrapped = format!("{s}({})", vec![tree; s as usize].join(" "));
        let facts = Tree::parse(&wrapped).unwrap().evaluate(spec).unwrap();
        assert!(facts.is_exact() && facts.depth == depth + 1);
        claim.witness.depth = facts.depth;
        claim.witness.leaves = facts.leaves.into();
        claim.witness.expected_calls = optimod_cert::Fraction::of(&facts.expected_calls);
        claim.witness.tree = optimod_cert::TreeRecord::Explicit(wrapped);
    }
    claim.worst_case_calls = depth + 1;
    claim.trust = optimod_cert::Trust::Elementary;
    claim.lower_bound.excluded_depth = depth;
    claim.lower_bound.solver = None;
    claim.lower_bound.elementary.excluded_depth = depth;
    claim.lower_bound.elementary.argument = ArgumentRecord::Exhaustive { states };
    forged.cross_checks.clear();
    forged
}

#[test]
fn the_enumeration_finds_a_tree_exactly_where_one_exists() {
    let (mut exclusions, mut trees) = (0, 0);
    for sizes in MENUS {
        for n in 2..=14u64 {
            let Ok(spec) = Spec::new(n, sizes, Objective::WorstCase) else { continue };
            let Some((least_depth, certificate)) = without_enumeration(&spec) else { continue };
            for depth in 1..=least_depth.min(4) {
                let Some(all) = optimod_bounds::exhaustive(n, sizes, depth, None) else { continue };
                assert_eq!(all.least.is_some(), depth >= least_depth, "{n} from {sizes:?} within depth {depth}");
                // The checker, re-running the enumeration, accepts the true exclusion just below
                // the optimum and refuses the false one at it.
                if depth + 1 == least_depth {
                    exclusions += 1;
                    check(claiming_exclusion(&spec, &certificate, depth, all.states))
                        .unwrap_or_else(|e| panic!("{n} from {sizes:?}, depth {depth}: {e}"));
                } else if depth == least_depth {
                    trees += 1;
                    let forged = claiming_exclusion(&spec, &certificate, depth, all.states);
                    let message = check(forged).expect_err("a false exclusion").to_string();
                    assert!(
                        message.contains(&format!("an exact tree of depth <= {depth} exists")),
                        "{n} {sizes:?}: {message}"
                    );
                }
            }
        }
    }
    assert!(exclusions > 20 && trees > 20, "{exclusions} exclusions, {trees} trees");
}
