//! The queries themselves: z3 asked, its answers read, replay scripts written and re-run.

use crate::{model, rebuild, Budget, CaseAnswer, Encoding, ProofEncoding, Query, SizeLimitExceeded};
use crate::{Verdict, MIN_Z3_VERSION};
use optimod_spec::Spec;

thread_local! {
    /// The z3 context's resource count at the end of this thread's last query.
    static LAST_RLIMIT_COUNT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The z3 library version actually linked, e.g. `"4.13.3"`.
pub fn z3_version() -> String {
    // full_version() reads like "Z3 4.13.3.0": keep major.minor.build.
    let full = z3::full_version();
    let numbers = full.split_whitespace().last().unwrap_or(full);
    numbers.split('.').take(3).collect::<Vec<_>>().join(".")
}

/// `Err` with a clear message when the z3 library linked at run time is older than
/// [`MIN_Z3_VERSION`] (a library build outside this repository may find the system's).
pub fn require_supported_z3() -> Result<(), String> {
    let linked = z3_version();
    if is_supported_z3(&linked) {
        return Ok(());
    }
    let [a, b, c] = MIN_Z3_VERSION;
    Err(format!(
        "the z3 library linked is {linked}, older than {a}.{b}.{c}, which this build needs: \
         run scripts/setup.sh, or point Z3_LIBRARY_PATH_OVERRIDE at a z3 {a}.{b}.{c} (README, \"Why this Z3\")"
    ))
}

/// A z3 solver whose answers do not depend on the machine's speed.
///
/// z3's default solver runs the QF_LIA tactic, whose portfolio gives some of its members
/// five seconds of wall clock (`try_for`) before moving on: under load a different member
/// answers and returns a different model, so the witness, and the certificate bytes, would
/// depend on the machine. This pipeline has no wall-clock step; only the caller's own
/// `timeout` (which turns an answer into "unknown", never into another answer) remains.
pub(crate) fn deterministic_solver() -> z3::Solver {
    // The QF_LIA preamble's cheap simplifications, then the SMT core; no portfolio.
    let tactic = ["simplify", "propagate-values", "solve-eqs"]
        .iter()
        .rev()
        .fold(z3::Tactic::new("smt"), |rest, step| z3::Tactic::new(step).and_then(&rest));
    tactic.solver()
}

/// Asks z3 whether an exact tree of depth `<= depth` exists under `encoding`, within
/// `budget`. Refuses (without calling z3) when the encoding would exceed `max_types`
/// multiset types.
pub fn solve(
    spec: &Spec,
    depth: u32,
    encoding: Encoding,
    budget: Budget,
    max_types: usize,
) -> Result<Query, SizeLimitExceeded> {
    solve_with_root(spec, depth, encoding, None, budget, max_types)
}

/// As [`solve`], with the root call fixed to `root` when given (a case of a split search).
pub fn solve_with_root(
    spec: &Spec,
    depth: u32,
    encoding: Encoding,
    root: Option<u64>,
    budget: Budget,
    max_types: usize,
) -> Result<Query, SizeLimitExceeded> {
    let problem = model::Problem::build(spec, depth, encoding, root, max_types)?;
    Ok(run(problem, budget))
}

/// Asks z3 for an exact tree of depth `<= depth` whose root calls `root` and whose expected
/// calls are strictly below `numer / denom`. With [`Encoding::General`], UNSAT proves that no
/// such tree is cheaper; with [`Encoding::Symmetric`] it only says no symmetric one is.
pub fn solve_cheaper(
    spec: &Spec,
    depth: u32,
    encoding: Encoding,
    root: u64,
    below: (&num_bigint::BigUint, &num_bigint::BigUint),
    budget: Budget,
    max_types: usize,
) -> Result<Query, SizeLimitExceeded> {
    let mut problem = model::Problem::build(spec, depth, encoding, Some(root), max_types)?;
    problem.bound_expected_calls(below.0, below.1);
    Ok(run(problem, budget))
}

fn run(problem: model::Problem, budget: Budget) -> Query {
    let (encoding, depth) = (problem.encoding, problem.depth);
    let solver = deterministic_solver();
    let mut params = z3::Params::new();
    params.set_u32("timeout", budget.timeout_ms.max(1));
    if budget.rlimit > 0 {
        params.set_u32("rlimit", budget.rlimit);
    }
    solver.set_params(&params);
    for constraint in &problem.constraints {
        solver.assert(constraint);
    }
    let verdict = match solver.check() {
        z3::SatResult::Sat if !encoding.sat_is_witness() => Verdict::Inconclusive,
        z3::SatResult::Sat => {
            let model = solver.get_model().expect("a sat answer has a model");
            let counts = problem.read_counts(&model);
            Verdict::Sat(rebuild::tree_from_counts(&problem.types, &counts))
        }
        z3::SatResult::Unsat => Verdict::Unsat,
        z3::SatResult::Unknown => Verdict::Unknown(solver.get_reason_unknown().unwrap_or_else(|| "unknown".into())),
    };
    // z3 reports the context's cumulative count; the context is per thread, so the spend of
    // this query is the difference from the last reading on this thread.
    let cumulative = match solver.get_statistics().value("rlimit count") {
        Some(z3::StatisticsValue::UInt(v)) => v as u64,
        Some(z3::StatisticsValue::Double(v)) => v as u64,
        None => 0,
    };
    let rlimit_used = LAST_RLIMIT_COUNT.with(|last| {
        let spent = cumulative.saturating_sub(last.get());
        last.set(cumulative.max(last.get()));
        spent
    });
    Query {
        rlimit_used,
        encoding,
        depth,
        variables: problem.variables,
        constraints: problem.constraints.len() as u64,
        verdict,
    }
}

/// A replay script for another SMT solver: one `(push)`/`(check-sat)`/`(pop)` block per
/// `(root, encoding)` case, each of which must answer `unsat`. QF_LIA, standard SMT-LIB 2.
///
/// The script is a function of its arguments alone (built in a fresh z3 context, so z3's
/// let-bound names do not depend on what the caller asked before): a verifier re-encodes the
/// certificate's question and compares bytes.
pub fn replay_script(
    spec: &Spec,
    depth: u32,
    cases: &[(Option<u64>, ProofEncoding)],
    max_types: usize,
) -> Result<String, SizeLimitExceeded> {
    replay_with_bound(spec, depth, cases, None, max_types)
}

/// The replay script of an expected-calls optimum: per root, "an exact tree of depth
/// `<= depth` with this root and expected calls below `numer / denom`" must be unsatisfiable.
pub fn replay_script_cheaper(
    spec: &Spec,
    depth: u32,
    roots: &[u64],
    below: (&num_bigint::BigUint, &num_bigint::BigUint),
    max_types: usize,
) -> Result<String, SizeLimitExceeded> {
    let cases: Vec<(Option<u64>, ProofEncoding)> = roots.iter().map(|&r| (Some(r), ProofEncoding::General)).collect();
    replay_with_bound(spec, depth, &cases, Some(below), max_types)
}

fn replay_with_bound(
    spec: &Spec,
    depth: u32,
    cases: &[(Option<u64>, ProofEncoding)],
    below: Option<(&num_bigint::BigUint, &num_bigint::BigUint)>,
    max_types: usize,
) -> Result<String, SizeLimitExceeded> {
    // A fresh context: z3 names let-bound terms by their ids, which count every term the
    // context has made; in a fresh one the same question gives the same bytes.
    z3::with_z3_config(&z3::Config::new(), || replay_text(spec, depth, cases, below, max_types))
}

fn replay_text(
    spec: &Spec,
    depth: u32,
    cases: &[(Option<u64>, ProofEncoding)],
    below: Option<(&num_bigint::BigUint, &num_bigint::BigUint)>,
    max_types: usize,
) -> Result<String, SizeLimitExceeded> {
    let sizes: Vec<String> = spec.generators.iter().map(u64::to_string).collect();
    let claim = match below {
        None => String::new(),
        Some((numer, denom)) => format!(" with expected calls below {numer}/{denom}"),
    };
    let mut text = format!(
        "; optimod replay: no exact tree of depth <= {depth}{claim} for modulus {}, generator sizes {}.\n\
         ; {} case(s) below, each must be unsatisfiable (run incrementally: push/pop).\n(set-logic QF_LIA)\n",
        spec.modulus,
        sizes.join(", "),
        cases.len()
    );
    for &(root, encoding) in cases {
        let mut problem = model::Problem::build(spec, depth, encoding.encoding(), root, max_types)?;
        if let Some((numer, denom)) = below {
            problem.bound_expected_calls(numer, denom);
        }
        let solver = z3::Solver::new();
        for constraint in &problem.constraints {
            solver.assert(constraint);
        }
        let root = root.map_or("any".to_string(), |r| r.to_string());
        text.push_str(&format!("; case: root {root}, encoding {}\n(push 1)\n", encoding.name()));
        for line in solver.to_smt2().lines() {
            // z3's own header and check-sat are replaced by ours.
            if line.starts_with("(check-sat") || line.starts_with(';') || line.starts_with("(set-info") {
                continue;
            }
            text.push_str(line);
            text.push('\n');
        }
        text.push_str("(check-sat)\n(pop 1)\n");
    }
    text.push_str("(exit)\n");
    Ok(text)
}

/// Runs every `(push 1) ... (check-sat)` case of a replay script on z3, each in a fresh
/// context within `rlimit` (z3's deterministic resource count). For re-checking a script
/// already bound to its certificate's question; the answers are returned, not judged.
pub fn rerun_replay_cases(script: &str, rlimit: u32) -> Vec<CaseAnswer> {
    script
        .split("(push 1)\n")
        .skip(1)
        .map(|case| {
            let body = case.split("(check-sat)").next().unwrap_or("").to_string();
            z3::with_z3_config(&z3::Config::new(), || {
                let solver = z3::Solver::new();
                let mut params = z3::Params::new();
                params.set_u32("rlimit", rlimit.max(1));
                solver.set_params(&params);
                solver.from_string(body.as_str());
                match solver.check() {
                    z3::SatResult::Unsat => CaseAnswer::Unsat,
                    z3::SatResult::Sat => CaseAnswer::Sat,
                    z3::SatResult::Unknown => {
                        CaseAnswer::Unknown(solver.get_reason_unknown().unwrap_or_else(|| "unknown".into()))
                    }
                }
            })
        })
        .collect()
}

/// Whether `"major.minor.build"` is at least [`MIN_Z3_VERSION`] (unreadable parts count as 0).
pub(crate) fn is_supported_z3(version: &str) -> bool {
    let mut parts = [0u32; 3];
    for (slot, part) in parts.iter_mut().zip(version.split('.')) {
        *slot = part.parse().unwrap_or(0);
    }
    parts >= MIN_Z3_VERSION
}
