//! Compact witnesses both ways: for every composite n <= 2000 with the primes below n, the
//! certificate `prove` writes (divisor-block samplers, checked by arithmetic) and the same
//! certificate with its witness expanded into the explicit tree (checked leaf by leaf, by the
//! checker and by the spec crate) must both be accepted, with the same depth, leaves and
//! expected calls. A witness whose expansion exceeds the checker's own limit on explicit trees
//! (5 million nodes) cannot be checked the second way; those moduli are listed, and must be few.

use optimod_cert::{Claim, TreeRecord};
use optimod_check::check_json;
use optimod_emit::witness_from_record;
use optimod_prove::{prove, Options, Outcome};
use optimod_spec::{Objective, Spec, Witness};
use std::sync::Mutex;

/// Explicit trees beyond this many leaves are past the checker's node limit.
const EXPLICIT_LEAVES: u64 = 2_500_000;

/// `Ok(false)` when the expansion is too large to check explicitly.
fn both_ways(n: u64) -> Result<bool, String> {
    let spec = Spec::primes_below(n, Objective::WorstCase).map_err(|e| e.to_string())?;
    let options = Options { cross_check: false, ..Options::default() };
    let Outcome::Proved { checked, facts, witness, .. } = prove(&spec, &options).map_err(|e| e.to_string())? else {
        return Err(format!("{n}: not proved"));
    };
    let Witness::Blocks(blocks) = &witness else { return Err(format!("{n}: the witness is not compact")) };
    let Some(tree) = blocks.expand(EXPLICIT_LEAVES) else { return Ok(false) };
    // The spec crate's leaf-by-leaf evaluation of the expansion.
    let eval = tree.evaluate(&spec).map_err(|e| e.to_string())?;
    if !eval.is_exact()
        || eval.depth != facts.depth
        || eval.expected_calls != facts.expected_calls
        || facts.leaves != eval.leaves.into()
    {
        return Err(format!(
            "{n}: the expansion has depth {}, cost {}, exact {}",
            eval.depth,
            eval.expected_calls,
            eval.is_exact()
        ));
    }
    // The checker, both ways.
    let compact = check_json(&checked.to_json()).map_err(|e| format!("{n} compact: {e}"))?;
    let mut explicit = checked.certificate().clone();
    let Claim::WorstCase(claim) = &mut explicit.claim else { return Err(format!("{n}: not a worst-case claim")) };
    claim.witness.tree = TreeRecord::Explicit(tree.to_string());
    let expanded = check_json(&explicit.to_json()).map_err(|e| format!("{n} explicit: {e}"))?;
    if compact.verdict() != expanded.verdict() {
        return Err(format!(
            "{n}: the checker says {:?} compact but {:?} explicit",
            compact.verdict(),
            expanded.verdict()
        ));
    }
    // And the record reads back as the same samplers.
    let Claim::WorstCase(claim) = &checked.certificate().claim else { unreachable!("checked above") };
    if witness_from_record(&claim.witness)? != witness {
        return Err(format!("{n}: the record does not read back"));
    }
    Ok(true)
}

#[test]
fn every_composite_modulus_up_to_2000_checks_compact_and_expanded() {
    let composite = |n: u64| (2..n).take_while(|d| d * d <= n).any(|d| n.is_multiple_of(d));
    let queue = Mutex::new((4..=2000u64).filter(|&n| composite(n)));
    let failures = Mutex::new(Vec::new());
    let too_large = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let Some(n) = queue.lock().unwrap().next() else { break };
                match both_ways(n) {
                    Ok(true) => {}
                    Ok(false) => too_large.lock().unwrap().push(n),
                    Err(why) => failures.lock().unwrap().push(why),
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{failures:#?}");
    let too_large = too_large.into_inner().unwrap();
    assert!(too_large.len() <= 8, "expansions past {EXPLICIT_LEAVES} leaves: {too_large:?}");
}
