//! The two claims the kernel settles alone: no finite tree (a prime of n divides no size) and
//! the least depth (a witness checked exactly, a lower-bound argument re-derived), with the
//! trust each rests on and the cross-check records that may not contradict them.

use super::arith::is_prime;
use super::elementary::{argument_kind, check_elementary};
use super::error::{at, CheckError};
use super::spec::Spec;
use super::tree::check_witness;
use super::verdict::{Basis, Established, TrustLevel, Verdict};
use optimod_cert::{Engine, EngineVerdict, ImpossibleClaim, Producer, SolverVerdict, Trust, WorstCaseClaim};

pub(crate) fn check_impossible(
    spec: &Spec,
    claim: &ImpossibleClaim,
    cross_checks: &[optimod_cert::EngineCheckRecord],
) -> Result<Verdict, CheckError> {
    let (p, n) = (claim.missing_prime, spec.modulus);
    if !is_prime(p) || n % p != 0 {
        return Err(CheckError::Impossible(format!("{p} is not a prime factor of {n}")));
    }
    if let Some(m) = spec.size_divisible_by(p) {
        return Err(CheckError::Impossible(format!("{p} divides the generator size {m}")));
    }
    if !cross_checks.is_empty() {
        return Err(CheckError::Shape("an impossible claim has no engine cross-checks".into()));
    }
    Ok(Verdict {
        modulus: n,
        established: Established::Impossible { missing_prime: p },
        trust: TrustLevel::Elementary,
        basis: Basis::default(),
        cross_checked_by: vec![],
    })
}

pub(crate) fn check_worst_case(
    spec: &Spec,
    claim: &WorstCaseClaim,
    cross_checks: &[optimod_cert::EngineCheckRecord],
) -> Result<Verdict, CheckError> {
    let calls = claim.worst_case_calls;
    let lower = &claim.lower_bound;

    // Upper bound: the witness is an exact tree of depth `calls`.
    let facts = check_witness(spec, &claim.witness).map_err(at("claim.witness"))?;
    if calls != facts.depth {
        return Err(CheckError::Witness {
            field: "worst_case_calls",
            claimed: calls.to_string(),
            actual: facts.depth.to_string(),
        });
    }

    // Lower bound: no exact tree of depth `calls - 1`.
    let needed = calls
        .checked_sub(1)
        .ok_or_else(|| CheckError::LowerBound("a tree of depth 0 is one leaf, never exact for n >= 2".into()))?;
    if lower.excluded_depth != needed {
        return Err(CheckError::LowerBound(format!(
            "excludes depth {} but the claim of {calls} calls needs depth {needed} excluded",
            lower.excluded_depth
        )));
    }
    check_elementary(spec, &lower.elementary).map_err(at("claim.lower_bound.elementary"))?;
    let actual = match &lower.solver {
        None if lower.elementary.excluded_depth == needed => TrustLevel::Elementary,
        None => {
            return Err(CheckError::LowerBound(format!(
                "the elementary argument stops at depth {} and no solver verdict covers depth {needed}",
                lower.elementary.excluded_depth
            )))
        }
        Some(solver) => {
            if solver.replay.file_suffix != format!("depth{needed}.smt2") {
                return Err(CheckError::LowerBound(format!(
                    "the replay script is named {:?}, expected \"depth{needed}.smt2\"",
                    solver.replay.file_suffix
                )));
            }
            if solver.depth != needed {
                return Err(CheckError::LowerBound(format!(
                    "the solver verdict is about depth {}, not depth {needed}",
                    solver.depth
                )));
            }
            if lower.elementary.excluded_depth >= needed {
                return Err(CheckError::LowerBound(
                    "a solver verdict is recorded where the elementary argument suffices".into(),
                ));
            }
            solver_trust(solver.verdict, solver.provenance.engine)?
        }
    };
    let cross_checked_by = check_cross_checks(cross_checks, needed, calls)?;
    let trust = settle_trust(claim.trust, actual)?;
    let basis = Basis {
        argument: Some(argument_kind(&lower.elementary.argument)),
        model_facts: vec![],
        solver: lower.solver.as_ref().map(|s| s.provenance.engine),
    };
    Ok(Verdict { modulus: spec.modulus, established: Established::WorstCase { calls }, trust, basis, cross_checked_by })
}

/// The trust level of a solver step: only z3 writes them, and only unsat ones.
pub(crate) fn solver_trust(verdict: SolverVerdict, engine: Producer) -> Result<TrustLevel, CheckError> {
    match (verdict, engine) {
        (SolverVerdict::Unsat, Producer::Z3) => Ok(TrustLevel::Solver { engine }),
        (_, other) => Err(CheckError::LowerBound(format!(
            "the solver step names the engine {:?}; only z3 writes them",
            other.name()
        ))),
    }
}

/// The trust a proof supports must be the level the certificate states. Cross-check records
/// do not enter it: the checker did not re-run those engines.
pub(crate) fn settle_trust(claimed: Trust, actual: TrustLevel) -> Result<TrustLevel, CheckError> {
    match (claimed, &actual) {
        (Trust::Elementary, TrustLevel::Elementary) | (Trust::Solver, TrustLevel::Solver { .. }) => Ok(actual),
        _ => Err(CheckError::Trust { claimed: format!("{claimed:?}"), actual: actual.to_string() }),
    }
}

/// Engine answers about a worst-case claim may not contradict it; returns the engines that
/// agree below it.
fn check_cross_checks(
    records: &[optimod_cert::EngineCheckRecord],
    needed: u32,
    calls: u32,
) -> Result<Vec<Engine>, CheckError> {
    let mut agreeing = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let here = at(format!("cross_checks[{i}]"));
        let about_claim = matches!(
            r.verdict,
            EngineVerdict::Tree | EngineVerdict::NoTree | EngineVerdict::NotApplicable | EngineVerdict::Unknown
        );
        if !about_claim || (r.depth != needed && r.depth != calls) {
            return Err(here(CheckError::Shape(format!(
                "cross-check by {} at depth {} with verdict {:?} is not about this claim",
                r.engine.name(),
                r.depth,
                r.verdict
            ))));
        }
        if r.depth == needed && r.verdict == EngineVerdict::Tree {
            return Err(here(CheckError::LowerBound(format!(
                "{} reports an exact tree of depth {needed}, contradicting the lower bound",
                r.engine.name()
            ))));
        }
        if r.depth == calls && r.verdict == EngineVerdict::NoTree {
            return Err(here(CheckError::LowerBound(format!(
                "{} reports no exact tree of depth {calls}, contradicting the witness",
                r.engine.name()
            ))));
        }
        if r.depth == needed && r.verdict == EngineVerdict::NoTree && !agreeing.contains(&r.engine) {
            agreeing.push(r.engine);
        }
    }
    Ok(agreeing)
}
