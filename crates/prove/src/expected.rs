//! The expected-calls objective among exact trees of depth `<= K` (not among all strategies).
//!
//! 1. The worst-case pipeline gives D and a witness; D > K means no tree is allowed at all.
//! 2. An elementary lower bound: expected calls are `sum_k Pr[more than k calls]`, and the
//!    reach and worst-case arguments bound each term from below.
//! 3. z3 improves the witness, symmetric encoding first (cheap, within a deterministic
//!    budget), then proves, root call by root call, that the per-output encoding has no tree
//!    strictly cheaper than the best found; a tree it finds instead becomes the new best.
//! 4. CBC minimises the same quantity from its own model where its numbers fit; its tree is
//!    re-evaluated exactly and must have the same value, or the engines disagree.
//!
//! A budget that runs out gives "unknown" with both bounds, never a claim.

use crate::pipeline::{argument_record, certificate, prove, Options, Outcome, ProveError};
use num_rational::BigRational;
use num_traits::ToPrimitive;
use optimod_bounds::{expected_lower_bound, ExpectedBound};
use optimod_cert::{
    Certificate, Claim, ElementaryRecord, Engine, EngineCheckRecord, EngineVerdict, ExhaustiveRecord,
    ExpectedBoundRecord, ExpectedSolverRecord, ExpectedWithinDepthClaim, Fraction, PerOutputRecord, Producer,
    Provenance, ReplayRecord, SolverVerdict, TreeRecord, Trust, ValuationLevelRecord, WitnessRecord,
};
use optimod_check::{check, Checked};
use optimod_ilp::Answer;
use optimod_smt::{solve_cheaper, Budget, Encoding, Query, Verdict as SmtVerdict};
use optimod_spec::{Evaluation, Objective, Spec, Tree};
use std::time::Instant;

/// z3's deterministic budget for the symmetric improvement phase, shared by its queries.
const SYMMETRIC_RLIMIT: u64 = 4_000_000;
/// z3's deterministic budget for one proof query (one root case of the per-output encoding).
const PROOF_RLIMIT: u32 = 20_000_000;

/// What `prove_expected` established.
#[derive(Clone, Debug)]
pub enum ExpectedOutcome {
    /// The optimum among trees of depth `<= K`, with a certificate the checker accepted.
    Proved {
        checked: Checked,
        tree: Tree,
        evaluation: Evaluation,
        /// The SMT-LIB 2 replay script of the solver step, when there is one; it belongs
        /// beside the certificate as `<stem>.<file_suffix>`.
        replay: Option<String>,
    },
    /// No exact tree of depth `<= K` exists: the worst-case optimum is above K (proved).
    NoTreeWithinDepth { least_depth: u32 },
    /// No finite exact tree exists at all.
    Impossible { missing_prime: u64 },
    /// Not decided within the budgets: `lower <= optimum <= upper` (upper: a verified tree).
    Unknown { lower: BigRational, upper: Option<(BigRational, Tree)>, reason: String },
}

/// Finds and certifies the fewest expected calls among exact trees of depth `<= K`, where the
/// spec's objective is `ExpectedWithinDepth { max_depth: K }`.
pub fn prove_expected(spec: &Spec, options: &Options) -> Result<ExpectedOutcome, ProveError> {
    let max_depth = spec.objective.max_depth().expect("prove_expected needs a depth limit");
    let worst_spec = Spec { objective: Objective::WorstCase, ..spec.clone() };
    let worst_options = Options { cross_check: false, max_depth: Some(max_depth), ..options.clone() };
    let started = Instant::now();
    let witness = match prove(&worst_spec, &worst_options)? {
        Outcome::Impossible { missing_prime, .. } => return Ok(ExpectedOutcome::Impossible { missing_prime }),
        Outcome::Unknown { lower, .. } if lower > max_depth => {
            return Ok(ExpectedOutcome::NoTreeWithinDepth { least_depth: lower })
        }
        Outcome::Unknown { lower, reason, .. } => {
            let bound = expected_lower_bound(spec, max_depth).expect("finite case");
            return Ok(ExpectedOutcome::Unknown {
                lower: bound.value,
                upper: None,
                reason: format!("the least depth is not decided (at least {lower}): {reason}"),
            });
        }
        // Proved by arithmetic even above the limit: no tree of depth <= K exists.
        Outcome::Proved { facts, .. } if facts.depth > max_depth => {
            return Ok(ExpectedOutcome::NoTreeWithinDepth { least_depth: facts.depth })
        }
        Outcome::Proved { witness, .. } => match witness.to_tree(crate::EXPAND_LEAVES) {
            Some(tree) => tree,
            None => {
                return Ok(ExpectedOutcome::Unknown {
                    lower: expected_lower_bound(spec, max_depth).expect("finite case").value,
                    upper: None,
                    reason: format!("the least-depth witness has more than {} leaves", crate::EXPAND_LEAVES),
                })
            }
        },
    };
    let bound = expected_lower_bound(spec, max_depth).expect("finite case");
    std::thread::scope(|scope| {
        scope
            .spawn(|| search_and_certify(spec, max_depth, witness, bound, options, started))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The best tree so far, verified exact and within the depth limit.
struct Best {
    tree: Tree,
    evaluation: Evaluation,
    found_by: Provenance,
}

impl Best {
    fn value(&self) -> &BigRational {
        &self.evaluation.expected_calls
    }

    /// Replaces the best with `tree` after checking it: exact, depth `<= max_depth`, cheaper.
    fn improve(&mut self, spec: &Spec, max_depth: u32, tree: Tree, query: &Query) -> Result<(), ProveError> {
        let evaluation =
            tree.evaluate(spec).map_err(|e| ProveError::Disagreement(format!("z3 produced an invalid tree: {e}")))?;
        if !evaluation.is_exact() || evaluation.depth > max_depth {
            return Err(ProveError::Disagreement(format!(
                "z3 produced a tree that is not exact or deeper than {max_depth} (depth {})",
                evaluation.depth
            )));
        }
        if evaluation.expected_calls >= *self.value() {
            return Err(ProveError::Disagreement(format!(
                "z3 claimed a tree cheaper than {} but it has {} expected calls",
                self.value(),
                evaluation.expected_calls
            )));
        }
        *self = Best { tree, evaluation, found_by: crate::pipeline::provenance(query) };
        Ok(())
    }
}

fn search_and_certify(
    spec: &Spec,
    max_depth: u32,
    witness: Tree,
    mut bound: ExpectedBound,
    options: &Options,
    started: Instant,
) -> Result<ExpectedOutcome, ProveError> {
    let evaluation = witness.evaluate(spec).expect("the worst-case witness was checked");
    let mut best = Best { tree: witness, evaluation, found_by: crate::pipeline::least_depth_witness() };
    if *best.value() < bound.value {
        return Err(ProveError::Disagreement(format!(
            "a tree with {} expected calls is below the elementary bound {}",
            best.value(),
            bound.value
        )));
    }
    // Only reached while the elementary bound is unchanged (the per-output argument, when it
    // holds, settles the claim without a solver).
    let elementary = bound.value.clone();
    if *best.value() > bound.value {
        improve_symmetric(spec, max_depth, &mut best, options)?;
        if max_depth == 3 {
            settle_by_per_output(spec, &best, &mut bound);
        }
    }
    if *best.value() > bound.value && options.enumerate {
        settle_by_enumeration(spec, max_depth, &best, &mut bound, started.checked_add(options.timeout))?;
    }
    let mut solver = None;
    let mut replay = None;
    if *best.value() > bound.value {
        match prove_nothing_cheaper(spec, max_depth, &mut best, options, started)? {
            Ok((record, script)) => {
                solver = Some(record);
                replay = Some(script);
            }
            Err(reason) => {
                return Ok(ExpectedOutcome::Unknown {
                    lower: elementary,
                    upper: Some((best.value().clone(), best.tree.clone())),
                    reason,
                })
            }
        }
    }
    let cross_checks =
        if options.cross_check { cross_check(spec, max_depth, &best, solver.is_some(), options)? } else { vec![] };
    let certificate = expected_certificate(spec, &best, &bound, solver, cross_checks);
    let checked = check(certificate).map_err(ProveError::CheckFailed)?;
    Ok(ExpectedOutcome::Proved { checked, tree: best.tree, evaluation: best.evaluation, replay })
}

fn fraction(v: &BigRational) -> (num_bigint::BigUint, num_bigint::BigUint) {
    (v.numer().to_biguint().expect("positive"), v.denom().to_biguint().expect("positive"))
}

/// Improves the best tree cheaply: symmetric trees, within a deterministic budget per depth,
/// from the witness's depth up to K (a shallow optimum is small to find and bounds the deeper
/// searches, which otherwise spend their budget far above it).
fn improve_symmetric(spec: &Spec, max_depth: u32, best: &mut Best, options: &Options) -> Result<(), ProveError> {
    for depth in best.evaluation.depth..=max_depth {
        let mut left = SYMMETRIC_RLIMIT;
        'roots: for &root in spec.generators.iter().rev() {
            while left > 0 {
                let (numer, denom) = fraction(best.value());
                let budget = Budget { timeout_ms: u32::MAX, rlimit: left as u32 };
                let Ok(query) =
                    solve_cheaper(spec, depth, Encoding::Symmetric, root, (&numer, &denom), budget, options.max_types)
                else {
                    break 'roots;
                };
                left = left.saturating_sub(query.rlimit_used.max(1));
                match query.verdict.clone() {
                    SmtVerdict::Sat(tree) => best.improve(spec, max_depth, tree, &query)?,
                    _ => continue 'roots,
                }
            }
        }
    }
    Ok(())
}

/// Depth 3: the per-output argument may show the best tree optimal without a solver.
fn settle_by_per_output(spec: &Spec, best: &Best, bound: &mut ExpectedBound) {
    let (numer, denom) = fraction(best.value());
    let small = |v: &num_bigint::BigUint| u128::try_from(v).ok();
    if let (Some(numer), Some(denom)) = (small(&numer), small(&denom)) {
        if let Some(visited) = optimod_bounds::per_output_depth3(spec.modulus, &spec.generators, numer, denom) {
            bound.value = best.value().clone();
            bound.per_output = Some((best.value().clone(), visited));
        }
    }
}

/// Small n and few sizes: every tree of depth <= K enumerated shows the best tree optimal
/// without a solver. A cheaper tree it finds is left for z3 to build; one it says cannot be
/// beaten while the best is cheaper is a disagreement.
fn settle_by_enumeration(
    spec: &Spec,
    max_depth: u32,
    best: &Best,
    bound: &mut ExpectedBound,
    deadline: Option<Instant>,
) -> Result<(), ProveError> {
    let Some(all) = optimod_bounds::exhaustive(spec.modulus, &spec.generators, max_depth, deadline) else {
        return Ok(());
    };
    match all.least {
        Some(least) if least == *best.value() => {
            bound.value = least.clone();
            bound.exhaustive = Some((least, all.states));
            Ok(())
        }
        Some(least) if least < *best.value() => Ok(()),
        least => {
            let found = least.map_or("no exact tree".to_string(), |l| format!("least expected calls {l}"));
            Err(ProveError::Disagreement(format!(
                "the exhaustive enumeration of depth {max_depth} finds {found}, but an exact tree with {} exists",
                best.value()
            )))
        }
    }
}

/// Proves, root by root, that no tree of depth <= K is cheaper than the best; a cheaper tree
/// found replaces the best (the earlier roots' verdicts, against a higher value, still hold).
/// `Err(reason)` inside: the proof did not finish (a timeout, z3 gave up, a model too large).
#[allow(clippy::type_complexity)]
fn prove_nothing_cheaper(
    spec: &Spec,
    max_depth: u32,
    best: &mut Best,
    options: &Options,
    started: Instant,
) -> Result<Result<(ExpectedSolverRecord, String), String>, ProveError> {
    let mut variables = 0;
    let mut constraints = 0;
    let mut roots = Vec::new();
    for &root in spec.generators.iter().rev() {
        loop {
            let left = options.timeout.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Ok(Err(format!("timeout while proving root {root}")));
            }
            let budget = Budget { timeout_ms: left.as_millis().min(u32::MAX as u128) as u32, rlimit: PROOF_RLIMIT };
            let (numer, denom) = fraction(best.value());
            let query = match solve_cheaper(
                spec,
                max_depth,
                Encoding::General,
                root,
                (&numer, &denom),
                budget,
                options.max_types,
            ) {
                Ok(query) => query,
                Err(too_big) => return Ok(Err(too_big.to_string())),
            };
            match query.verdict.clone() {
                SmtVerdict::Sat(tree) => best.improve(spec, max_depth, tree, &query)?,
                SmtVerdict::Unsat => {
                    variables += query.variables;
                    constraints += query.constraints;
                    roots.push(root);
                    break;
                }
                SmtVerdict::Unknown(why) => return Ok(Err(format!("z3 gave up proving root {root}: {why}"))),
                SmtVerdict::Inconclusive => unreachable!("the per-output encoding carries witnesses"),
            }
        }
    }
    roots.sort_unstable();
    let (numer, denom) = fraction(best.value());
    let script = optimod_smt::replay_script_cheaper(spec, max_depth, &roots, (&numer, &denom), options.max_types)
        .map_err(|too_big| ProveError::Disagreement(format!("replay script: {too_big}")))?;
    let replay_record = ReplayRecord {
        file_suffix: format!("expected-depth{max_depth}.smt2"),
        sha256: optimod_check::sha256_hex(script.as_bytes()),
        checks: roots.len() as u32,
    };
    let record = ExpectedSolverRecord {
        provenance: Provenance {
            engine: Producer::Z3,
            engine_version: optimod_smt::z3_version(),
            encoding: format!(
                "{} with expected calls below the optimum, split on the root call",
                Encoding::General.name()
            ),
            variables,
            constraints,
        },
        roots,
        verdict: SolverVerdict::Unsat,
        replay: replay_record,
    };
    Ok(Ok((record, script)))
}

/// The certificate of a proved depth-limited optimum, not yet checked.
fn expected_certificate(
    spec: &Spec,
    best: &Best,
    bound: &ExpectedBound,
    solver: Option<ExpectedSolverRecord>,
    cross_checks: Vec<EngineCheckRecord>,
) -> Certificate {
    let claim = ExpectedWithinDepthClaim {
        expected_calls: Fraction::of(best.value()),
        trust: if solver.is_some() { Trust::Solver } else { Trust::Elementary },
        witness: WitnessRecord {
            depth: best.evaluation.depth,
            leaves: best.evaluation.leaves.into(),
            expected_calls: Fraction::of(best.value()),
            found_by: best.found_by.clone(),
            tree: TreeRecord::Explicit(best.tree.to_string()),
        },
        elementary_bound: ExpectedBoundRecord {
            value: Fraction::of(&bound.value),
            reach_levels: bound.reach_levels,
            excluded: ElementaryRecord {
                excluded_depth: bound.excluded.excluded_depth,
                argument: argument_record(&bound.excluded.argument),
            },
            valuation_levels: bound
                .valuation_levels
                .iter()
                .map(|(prime, exponent, min_depth, product)| ValuationLevelRecord {
                    prime: *prime,
                    exponent: *exponent,
                    min_depth: *min_depth,
                    max_product: product.clone().into(),
                })
                .collect(),
            per_output: bound
                .per_output
                .as_ref()
                .map(|(value, multisets)| PerOutputRecord { value: Fraction::of(value), multisets: *multisets }),
            exhaustive: bound
                .exhaustive
                .as_ref()
                .map(|(value, states)| ExhaustiveRecord { value: Fraction::of(value), states: *states }),
        },
        solver,
    };
    certificate(spec, Claim::ExpectedWithinDepth(claim), cross_checks)
}

/// CBC's least expected calls over every root, re-evaluated exactly, against the optimum.
fn cross_check(
    spec: &Spec,
    max_depth: u32,
    best: &Best,
    z3_proved: bool,
    options: &Options,
) -> Result<Vec<EngineCheckRecord>, ProveError> {
    let z3_version = optimod_smt::z3_version();
    let mut records = Vec::new();
    if z3_proved {
        records.push(EngineCheckRecord {
            engine: Engine::Z3,
            engine_version: z3_version,
            depth: max_depth,
            verdict: EngineVerdict::Optimum(Fraction::of(best.value())),
            detail: "every root case unsat below it".into(),
        });
    }
    let (_, version) = optimod_ilp::engine();
    let record = |verdict: EngineVerdict, detail: String| EngineCheckRecord {
        engine: Engine::Cbc,
        engine_version: version.into(),
        depth: max_depth,
        verdict,
        detail,
    };
    let mut cheapest: Option<BigRational> = None;
    for &root in spec.generators.iter() {
        match optimod_ilp::cheapest(spec, max_depth, root, options.ilp_fault) {
            Answer::Infeasible => {}
            Answer::NotApplicable(why) => {
                records.push(record(EngineVerdict::NotApplicable, format!("root {root}: {why}")));
                return Ok(records);
            }
            Answer::Feasible(tree) => {
                let exact = tree.and_then(|t| t.evaluate(spec).ok()).filter(|e| e.is_exact() && e.depth <= max_depth);
                let Some(evaluation) = exact else {
                    let why = format!("root {root}: the rounded solution is not an exact tree");
                    records.push(record(EngineVerdict::Unknown, why));
                    return Ok(records);
                };
                let value = evaluation.expected_calls;
                if cheapest.as_ref().is_none_or(|c| value < *c) {
                    cheapest = Some(value);
                }
            }
        }
    }
    match cheapest {
        Some(value) if value == *best.value() => {
            let decimal = value.to_f64().unwrap_or(f64::NAN);
            let detail = format!("about {decimal:.9}, every root case solved to optimality");
            records.push(record(EngineVerdict::Optimum(Fraction::from(value)), detail));
            Ok(records)
        }
        Some(value) => Err(ProveError::Disagreement(format!(
            "cbc's least expected calls among trees of depth <= {max_depth} is {value}, z3's is {}",
            best.value()
        ))),
        None => Err(ProveError::Disagreement(format!(
            "cbc finds no exact tree of depth <= {max_depth}, but {} has one with {} expected calls",
            best.found_by.engine.name(),
            best.value()
        ))),
    }
}
