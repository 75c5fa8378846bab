//! Cross-checking: independent engines answer the two questions behind a claim "D calls" —
//! no exact tree of depth `<= D - 1`, and an exact tree of depth `<= D` — from their own
//! models. A contradiction with the claim is a `ProveError::Disagreement`, loudly; an engine
//! that cannot answer is recorded as such and decides nothing.

use crate::error::ProveError;
use optimod_cert::{Engine, EngineCheckRecord, EngineVerdict};
use optimod_ilp::{Answer, Fault, Model};
use optimod_smt::{solve_with_root, Budget, Encoding, Verdict};
use optimod_spec::arith::multisets_at_most;
use optimod_spec::{Spec, Tree, Witness};

/// z3's deterministic budget for the whole cross-check below the claim, shared by its cases.
const Z3_RLIMIT: u64 = 3_000_000;
/// Largest encoding (multiset types, counted before any is built) a cross-check hands to z3.
/// Every root is one case, so the work is about this times the number of sizes.
const Z3_TYPES: u128 = 20_000;

fn record(engine: (Engine, &str), depth: u32, verdict: EngineVerdict, detail: String) -> EngineCheckRecord {
    EngineCheckRecord { engine: engine.0, engine_version: engine.1.into(), depth, verdict, detail }
}

/// An exact tree of depth `<= depth` from an engine that was asked whether one exists.
fn is_exact_within(spec: &Spec, tree: &Tree, depth: u32) -> bool {
    tree.evaluate(spec).is_ok_and(|e| e.is_exact() && e.depth <= depth)
}

/// Runs the cross-checks for a claim of `depth` calls with the verified `witness`.
pub fn cross_check(
    spec: &Spec,
    depth: u32,
    witness: &Witness,
    z3_found_witness: bool,
    solver_cases: Option<usize>,
    fault: Fault,
) -> Result<Vec<EngineCheckRecord>, ProveError> {
    let z3_version = optimod_smt::z3_version();
    let z3 = (Engine::Z3, z3_version.as_str());
    let engine = (Engine::Cbc, optimod_ilp::engine().1);
    let mut records = Vec::new();
    let below = depth - 1;
    // A build without z3 records no z3 check (rather than one that says "unknown").
    if below > 0 && optimod_smt::LINKED {
        // z3 on depth D - 1: reuse the proof's own verdict when there was one.
        records.push(match (solver_cases, too_large(spec, below, Z3_TYPES)) {
            (Some(cases), _) => record(
                z3,
                below,
                EngineVerdict::NoTree,
                format!("every root case unsat ({cases} cases), the proof's own step"),
            ),
            (None, Some(why)) => record(z3, below, EngineVerdict::NotApplicable, why),
            (None, None) => z3_below(spec, below, z3)?,
        });
    }
    if below > 0 {
        records.push(match too_large(spec, below, optimod_ilp::MAX_VARIABLES as u128) {
            Some(why) => record(engine, below, EngineVerdict::NotApplicable, why),
            None => ilp_below(spec, below, fault)?,
        });
    }
    // z3's own search at depth D costs a third of a second even for 42, within any budget
    // (its preprocessing is not metered), so it is recorded only when z3 found the witness.
    if z3_found_witness {
        records.push(record(z3, depth, EngineVerdict::Tree, "the witness, found by z3 and verified exact".into()));
    }
    records.push(match too_large(spec, depth, optimod_ilp::MAX_VARIABLES as u128) {
        Some(why) => record(engine, depth, EngineVerdict::NotApplicable, why),
        None => ilp_at(spec, depth, witness, fault)?,
    });
    Ok(records)
}

/// Why a model of depth `depth` is not built: its multiset types, counted first, exceed `limit`.
fn too_large(spec: &Spec, depth: u32, limit: u128) -> Option<String> {
    let types = multisets_at_most(spec.generators.len() as u128, depth);
    (types > limit).then(|| {
        format!("skipped: {types} multiset types at depth {depth} (counted before building), more than {limit}")
    })
}

fn z3_below(spec: &Spec, depth: u32, z3: (Engine, &str)) -> Result<EngineCheckRecord, ProveError> {
    let mut left = Z3_RLIMIT;
    for &root in spec.generators.iter().rev() {
        let mut closed = false;
        for encoding in [Encoding::OneOutput, Encoding::General] {
            if left == 0 {
                return Ok(record(
                    z3,
                    depth,
                    EngineVerdict::Unknown,
                    format!("resource budget {Z3_RLIMIT} spent before root {root}"),
                ));
            }
            let budget = Budget { timeout_ms: u32::MAX, rlimit: left.min(u32::MAX as u64) as u32 };
            let query = match solve_with_root(spec, depth, encoding, Some(root), budget, 20_000) {
                Ok(q) => q,
                Err(too_big) => return Ok(record(z3, depth, EngineVerdict::NotApplicable, too_big.to_string())),
            };
            left = left.saturating_sub(query.rlimit_used.max(1));
            match query.verdict {
                Verdict::Unsat => {
                    closed = true;
                    break;
                }
                Verdict::Inconclusive => continue,
                Verdict::Sat(tree) if is_exact_within(spec, &tree, depth) => {
                    return Err(ProveError::Disagreement(format!(
                        "z3 found an exact tree of depth <= {depth} (root {root}), but the lower \
                         bound says none exists: {tree}"
                    )))
                }
                Verdict::Sat(_) => {
                    return Ok(record(
                        z3,
                        depth,
                        EngineVerdict::Unknown,
                        format!("root {root}: a model that is not an exact tree"),
                    ))
                }
                Verdict::Unknown(why) => {
                    return Ok(record(z3, depth, EngineVerdict::Unknown, format!("root {root}: {why}")))
                }
            }
        }
        if !closed {
            return Ok(record(z3, depth, EngineVerdict::Unknown, format!("root {root}: undecided")));
        }
    }
    Ok(record(z3, depth, EngineVerdict::NoTree, format!("every root case unsat ({} cases)", spec.generators.len())))
}

fn ilp_below(spec: &Spec, depth: u32, fault: Fault) -> Result<EngineCheckRecord, ProveError> {
    let engine = (Engine::Cbc, optimod_ilp::engine().1);
    for &root in spec.generators.iter().rev() {
        let mut closed = false;
        for model in [Model::OneOutput, Model::General] {
            match optimod_ilp::solve(spec, depth, root, model, fault) {
                Answer::Infeasible => {
                    closed = true;
                    break;
                }
                Answer::Feasible(None) => continue,
                Answer::Feasible(Some(tree)) if is_exact_within(spec, &tree, depth) => {
                    return Err(ProveError::Disagreement(format!(
                        "cbc found an exact tree of depth <= {depth} (root {root}), but the lower \
                         bound says none exists: {tree}"
                    )))
                }
                Answer::Feasible(Some(_)) => {
                    return Ok(record(
                        engine,
                        depth,
                        EngineVerdict::Unknown,
                        format!("root {root}: a rounded solution that is not an exact tree"),
                    ))
                }
                Answer::NotApplicable(why) => {
                    return Ok(record(engine, depth, EngineVerdict::NotApplicable, format!("root {root}: {why}")))
                }
            }
        }
        if !closed {
            return Ok(record(engine, depth, EngineVerdict::Unknown, format!("root {root}: undecided")));
        }
    }
    Ok(record(
        engine,
        depth,
        EngineVerdict::NoTree,
        format!("every root case infeasible ({} cases)", spec.generators.len()),
    ))
}

fn ilp_at(spec: &Spec, depth: u32, witness: &Witness, fault: Fault) -> Result<EngineCheckRecord, ProveError> {
    let engine = (Engine::Cbc, optimod_ilp::engine().1);
    // A symmetric tree first (small), from any root.
    for &root in spec.generators.iter().rev() {
        if let Answer::Feasible(Some(tree)) = optimod_ilp::solve(spec, depth, root, Model::Symmetric, fault) {
            if is_exact_within(spec, &tree, depth) {
                return Ok(record(
                    engine,
                    depth,
                    EngineVerdict::Tree,
                    format!("root {root}, {}, verified exact", Model::Symmetric.name()),
                ));
            }
        }
    }
    // Otherwise the exact model with the witness's own root must be feasible.
    let root = witness.root_size().expect("a witness of depth >= 1 calls at its root");
    match optimod_ilp::solve(spec, depth, root, Model::General, fault) {
        Answer::Feasible(Some(tree)) if is_exact_within(spec, &tree, depth) => Ok(record(
            engine,
            depth,
            EngineVerdict::Tree,
            format!("root {root}, {}, verified exact", Model::General.name()),
        )),
        Answer::Feasible(_) => Ok(record(
            engine,
            depth,
            EngineVerdict::Unknown,
            format!("root {root}: a rounded solution that is not an exact tree"),
        )),
        Answer::Infeasible => Err(ProveError::Disagreement(format!(
            "cbc says no exact tree of depth <= {depth} with root {root} exists ({}), but the \
             witness with that root is verified exact",
            Model::General.name()
        ))),
        Answer::NotApplicable(why) => {
            Ok(record(engine, depth, EngineVerdict::NotApplicable, format!("root {root}: {why}")))
        }
    }
}
