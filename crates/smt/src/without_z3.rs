//! The queries in a build without z3 (the `z3` feature off): every query answers "unknown",
//! so the pipeline's arithmetic-first answers stand and anything that needs a solver step
//! stays unknown. No query answers unsat here, so no replay script is ever asked for.

use crate::{Budget, CaseAnswer, Encoding, ProofEncoding, Query, SizeLimitExceeded, Verdict};
use optimod_spec::Spec;

const NO_Z3: &str = "this build has no z3 (the solver feature is off)";

/// What a build without z3 reports as the z3 version.
pub fn z3_version() -> String {
    "none".into()
}

/// Always `Err`: nothing here can run a solver.
pub fn require_supported_z3() -> Result<(), String> {
    Err(NO_Z3.into())
}

fn unknown(depth: u32, encoding: Encoding) -> Query {
    Query { encoding, depth, variables: 0, constraints: 0, verdict: Verdict::Unknown(NO_Z3.into()), rlimit_used: 0 }
}

/// "unknown", with no solver to ask.
pub fn solve(
    _spec: &Spec,
    depth: u32,
    encoding: Encoding,
    _budget: Budget,
    _max_types: usize,
) -> Result<Query, SizeLimitExceeded> {
    Ok(unknown(depth, encoding))
}

/// "unknown", with no solver to ask.
pub fn solve_with_root(
    _spec: &Spec,
    depth: u32,
    encoding: Encoding,
    _root: Option<u64>,
    _budget: Budget,
    _max_types: usize,
) -> Result<Query, SizeLimitExceeded> {
    Ok(unknown(depth, encoding))
}

/// "unknown", with no solver to ask.
pub fn solve_cheaper(
    _spec: &Spec,
    depth: u32,
    encoding: Encoding,
    _root: u64,
    _below: (&num_bigint::BigUint, &num_bigint::BigUint),
    _budget: Budget,
    _max_types: usize,
) -> Result<Query, SizeLimitExceeded> {
    Ok(unknown(depth, encoding))
}

/// Nothing to search with.
pub fn solve_naive(_spec: &Spec, _depth: u32, _budget: Budget, _max_positions: usize) -> Option<(Verdict, usize)> {
    None
}

/// No script without z3 (never asked: no query answers unsat): refused as over a limit of 0.
pub fn replay_script(
    _spec: &Spec,
    depth: u32,
    _cases: &[(Option<u64>, ProofEncoding)],
    _max_types: usize,
) -> Result<String, SizeLimitExceeded> {
    Err(SizeLimitExceeded { depth, limit: 0, estimated: 0 })
}

/// No script without z3 (never asked: no query answers unsat): refused as over a limit of 0.
pub fn replay_script_cheaper(
    _spec: &Spec,
    depth: u32,
    _roots: &[u64],
    _below: (&num_bigint::BigUint, &num_bigint::BigUint),
    _max_types: usize,
) -> Result<String, SizeLimitExceeded> {
    Err(SizeLimitExceeded { depth, limit: 0, estimated: 0 })
}

/// Every case "unknown": there is no solver to re-run them.
pub fn rerun_replay_cases(script: &str, _rlimit: u32) -> Vec<CaseAnswer> {
    script.split("(push 1)\n").skip(1).map(|_| CaseAnswer::Unknown(NO_Z3.into())).collect()
}
