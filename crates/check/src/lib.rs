//! The independent checker: is a certificate true?
//!
//! It depends on the certificate types and on big-number arithmetic only: no solver, and none
//! of the crates that produce certificates. Everything it needs (primes, the tree notation,
//! reaches, each elementary argument) it re-implements here, so that a bug in a producer
//! cannot hide in the checker as well. Read it top to bottom: [`check`] is the whole story;
//! `tree.rs` is where a tree is checked (notation, exact reaches), `automaton.rs` where a
//! strategy with loops is checked (stops with probability 1, exact, its cost),
//! `elementary.rs` re-derives the worst-case lower-bound arguments, `expected.rs` the
//! expected-calls claims.

use num_rational::BigRational;
use optimod_cert::{AllStrategiesBoundRecord, Certificate, SpecRecord, Status, Trust, FORMAT, VERSION};
use std::fmt;

mod automaton;
mod blocks;
mod elementary;
mod expected;
mod tree;

use elementary::{check_elementary, is_prime, primes_below};
use expected::{check_all_strategies, check_expected};
use tree::check_witness;

/// Largest number of generator multisets an argument may ask the checker to enumerate.
const ENUMERATION_LIMIT: u64 = 20_000_000;
/// Largest common denominator of a root-split knapsack the checker will tabulate.
const KNAPSACK_UNITS_LIMIT: u128 = 20_000_000;
/// Largest tree the checker will walk, in nodes.
const NODE_LIMIT: usize = 5_000_000;
/// Largest modulus and generator size the checker accepts (as `prove` does): checked before
/// anything is allocated in proportion to them.
const SIZE_LIMIT: u64 = 1 << 20;

/// What a certificate that passed the check establishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The modulus.
    pub modulus: u64,
    /// `Some(d)`: the optimum worst case is d calls; `None`: no finite exact tree exists.
    pub worst_case_calls: Option<u32>,
    /// What the claim rests on.
    pub trust: TrustLevel,
    /// Engines that, by the certificate's own records, answered "no tree" one depth below the
    /// claim (for the expected objective: found the same optimum). Informational: the checker
    /// only made sure these records do not contradict the claim; it did not re-run them.
    pub cross_checked_by: Vec<String>,
    /// For the expected objective: `(K, optimum)`, the fewest expected calls among exact
    /// trees of depth `<= K`, exact.
    pub expected_calls: Option<(u32, String)>,
    /// Over all strategies: the strategy's exact expected calls and the proven lower bound.
    pub all_strategies: Option<AllStrategiesVerdict>,
}

/// A checked claim about expected calls over all strategies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllStrategiesVerdict {
    /// `Proved` when the strategy meets the bound, else `Bounded`.
    pub status: Status,
    /// The strategy's expected calls, exact.
    pub expected_calls: BigRational,
    /// The proven lower bound, exact.
    pub lower_bound: BigRational,
}

/// What a checked claim rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrustLevel {
    /// Only arithmetic the checker repeated.
    Elementary,
    /// A solver's UNSAT verdict that the checker cannot repeat: the solver (always z3 here)
    /// and a replay script pinned by its SHA-256 (`optimod verify` re-encodes it from the
    /// claim; `just replay` has cvc5 answer it).
    Solver { engine: String },
}

/// Largest depth any certificate may name (a claim, a limit, an excluded depth). A modulus
/// below 2^20 has at most 20 prime factors, and the divisor-block construction needs at most
/// one call per prime factor and size valuation, so true claims stay far below; a larger
/// number is refused before any loop over depths runs.
pub const DEPTH_LIMIT: u32 = 64;
/// Longest chain a counting bound may ask the checker to sum (one exact term per depth).
pub const CHAIN_LIMIT: u32 = 4096;

/// The engines a certificate may name; any other name is refused, not printed back.
const KNOWN_ENGINES: [&str; 2] = ["z3", "cbc"];

impl fmt::Display for TrustLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrustLevel::Elementary => f.write_str("elementary"),
            TrustLevel::Solver { engine } => write!(f, "solver ({engine} unsat, replay script pinned)"),
        }
    }
}

/// The first check a certificate failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckError {
    /// Not JSON of the certificate's shape (line and column included).
    Json(String),
    /// Another format or version.
    Version { format: String, version: u32 },
    /// The spec is not valid (sizes, order, rule).
    Spec(String),
    /// The fields do not fit the status (a proved claim without witness, and so on).
    Shape(String),
    /// The tree does not parse or does not fit the spec.
    Tree(String),
    /// An output's probability is not `1/n`.
    Inexact { output: u64, probability: String, expected: String },
    /// A summary number in the witness differs from the tree.
    Witness { field: &'static str, claimed: String, actual: String },
    /// The lower-bound argument does not hold or does not match the claim.
    LowerBound(String),
    /// The impossibility reason does not hold.
    Impossible(String),
    /// The stated trust level is not the one the proof supports.
    Trust { claimed: String, actual: String },
    /// The certificate asks for more work than the checker's limits allow.
    TooLarge(String),
    /// A strategy with loops that does not stop with probability 1, or is not exact.
    Automaton(String),
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckError::Json(m) => write!(f, "not a certificate: {m}"),
            CheckError::Version { format, version } => write!(
                f,
                "unsupported certificate: format {format:?} version {version}, \
                 this build reads {FORMAT:?} version {VERSION}"
            ),
            CheckError::Spec(m) => write!(f, "spec: {m}"),
            CheckError::Shape(m) => write!(f, "fields: {m}"),
            CheckError::Tree(m) => write!(f, "tree: {m}"),
            CheckError::Inexact { output, probability, expected } => {
                write!(f, "tree is not exact: output {output} has probability {probability}, expected {expected}")
            }
            CheckError::Witness { field, claimed, actual } => {
                write!(f, "witness: {field} is {claimed} in the certificate but {actual} in the tree")
            }
            CheckError::LowerBound(m) => write!(f, "lower bound: {m}"),
            CheckError::Impossible(m) => write!(f, "impossibility: {m}"),
            CheckError::Trust { claimed, actual } => {
                write!(f, "trust: certificate says {claimed}, its proof is {actual}")
            }
            CheckError::TooLarge(m) => write!(f, "too large to check: {m}"),
            CheckError::Automaton(m) => write!(f, "the strategy {m}"),
        }
    }
}

impl std::error::Error for CheckError {}

/// The replay script a certificate relies on, as `(file suffix, record)`, if any.
pub fn replay_of(cert: &Certificate) -> Option<&optimod_cert::ReplayRecord> {
    if let Some(claim) = &cert.expected {
        return claim.solver.as_ref().map(|s| &s.replay);
    }
    cert.lower_bound.as_ref()?.solver.as_ref().map(|s| &s.replay)
}

/// Checks that `script` is the replay script the certificate names: same hash, same number of
/// `(check-sat)` commands. (Whether another solver answers `unsat` to each is CI's replay.)
pub fn check_replay(cert: &Certificate, script: &[u8]) -> Result<(), CheckError> {
    let Some(replay) = replay_of(cert) else {
        return Err(CheckError::Shape("the certificate names no replay script".into()));
    };
    let digest = sha256_hex(script);
    if digest != replay.sha256 {
        return Err(CheckError::LowerBound(format!(
            "replay script {} has SHA-256 {digest}, the certificate says {}",
            replay.file_suffix, replay.sha256
        )));
    }
    let checks = String::from_utf8_lossy(script).matches("(check-sat)").count();
    if checks != replay.checks as usize {
        return Err(CheckError::LowerBound(format!(
            "replay script has {checks} (check-sat), the certificate says {}",
            replay.checks
        )));
    }
    Ok(())
}

/// SHA-256 of bytes, lowercase hex (the form certificates record).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses and checks certificate text.
pub fn check_json(text: &str) -> Result<Verdict, CheckError> {
    let cert = Certificate::from_json(text).map_err(|e| CheckError::Json(e.to_string()))?;
    check(&cert)
}

/// Checks every claim of a certificate; the error is the first failed check.
pub fn check(cert: &Certificate) -> Result<Verdict, CheckError> {
    if cert.format != FORMAT || cert.version != VERSION {
        return Err(CheckError::Version { format: cert.format.clone(), version: cert.version });
    }
    let spec = resolve_spec(&cert.spec)?;
    // Work on the certificate with its sizes spelt out (the primes rule leaves them implicit).
    let resolved;
    let cert = if spec == cert.spec {
        cert
    } else {
        resolved = Certificate { spec, ..cert.clone() };
        &resolved
    };
    check_depths(cert)?;
    let all_strategies = cert.spec.objective == "expected-calls" && cert.spec.max_depth.is_none();
    if all_strategies != cert.all_strategies.is_some() || (cert.spec.max_depth.is_none() && cert.expected.is_some()) {
        return Err(CheckError::Shape("the expected-calls records do not match the objective".into()));
    }
    if all_strategies {
        return check_all_strategies(cert);
    }
    match (cert.status, cert.spec.max_depth) {
        (Status::Impossible, None) => check_impossible(cert),
        (Status::Proved, None) => check_proved(cert),
        (Status::Proved, Some(max_depth)) => check_expected(cert, max_depth),
        (Status::Impossible | Status::Bounded, _) => Err(CheckError::Shape(format!(
            "status {:?} does not fit the objective {:?}",
            cert.status, cert.spec.objective
        ))),
    }
}

/// Every depth-like number in the certificate is at most [`DEPTH_LIMIT`], and a counting
/// chain at most [`CHAIN_LIMIT`]: refused up front, so no loop over depths can run long.
fn check_depths(cert: &Certificate) -> Result<(), CheckError> {
    let mut depths: Vec<u32> = Vec::new();
    depths.extend(cert.spec.max_depth);
    depths.extend(cert.worst_case_calls);
    depths.extend(cert.witness.as_ref().map(|w| w.depth));
    if let Some(lower) = &cert.lower_bound {
        depths.extend([lower.excluded_depth, lower.elementary.excluded_depth]);
        depths.extend(lower.solver.as_ref().map(|s| s.depth));
    }
    if let Some(claim) = &cert.expected {
        depths.extend([
            claim.max_depth,
            claim.elementary_bound.reach_levels,
            claim.elementary_bound.excluded.excluded_depth,
        ]);
        depths.extend(claim.elementary_bound.valuation_levels.iter().map(|v| v.min_depth));
    }
    depths.extend(cert.cross_checks.iter().map(|r| r.depth));
    if let Some(claim) = &cert.all_strategies {
        match &claim.lower_bound {
            AllStrategiesBoundRecord::Levels { reach_levels, excluded, .. } => {
                depths.push(*reach_levels);
                depths.extend(excluded.as_ref().map(|e| e.excluded_depth));
            }
            AllStrategiesBoundRecord::Counting { reach_levels, excluded, chain, .. } => {
                depths.extend([*reach_levels, excluded.excluded_depth]);
                if *chain > CHAIN_LIMIT {
                    return Err(CheckError::TooLarge(format!(
                        "a counting chain of {chain} depths (limit {CHAIN_LIMIT})"
                    )));
                }
            }
            AllStrategiesBoundRecord::KnuthYao { .. } => {}
        }
    }
    match depths.into_iter().find(|&d| d > DEPTH_LIMIT) {
        Some(d) => Err(CheckError::TooLarge(format!("a depth of {d} (limit {DEPTH_LIMIT})"))),
        None => Ok(()),
    }
}

/// The spec with its sizes listed: checked as given, and for the primes rule derived here.
fn resolve_spec(spec: &SpecRecord) -> Result<SpecRecord, CheckError> {
    let err = |m: String| Err(CheckError::Spec(m));
    if spec.modulus < 2 || spec.modulus > SIZE_LIMIT {
        return err(format!("modulus {} is outside 2..={SIZE_LIMIT}", spec.modulus));
    }
    let mut resolved = spec.clone();
    match spec.generator_rule.as_str() {
        "explicit" => {}
        "primes-below-modulus" if spec.generators.is_empty() => resolved.generators = primes_below(spec.modulus),
        "primes-below-modulus" => {
            return err("the primes-below-modulus rule fixes the sizes; none may be listed".into())
        }
        other => return err(format!("unknown generator rule {other:?}")),
    }
    let sizes = &resolved.generators;
    if sizes.is_empty() {
        return err("no generators".into());
    }
    if let Some(&m) = sizes.iter().find(|&&m| !(2..=SIZE_LIMIT).contains(&m)) {
        return err(format!("generator size {m} is outside 2..={SIZE_LIMIT}"));
    }
    if sizes.windows(2).any(|w| w[0] >= w[1]) {
        return err("generator sizes are not strictly ascending".into());
    }
    check_objective(spec)?;
    Ok(resolved)
}

fn check_objective(spec: &SpecRecord) -> Result<(), CheckError> {
    let err = |m: String| Err(CheckError::Spec(m));
    match (spec.objective.as_str(), spec.max_depth) {
        ("worst-case", None) => Ok(()),
        ("expected-calls", Some(k)) if k >= 1 => Ok(()),
        ("expected-calls", None) => Ok(()),
        ("expected-calls", _) => err("the expected-calls objective's depth limit must be at least 1".into()),
        (other, _) => err(format!("unknown objective {other:?} (or a depth limit where none belongs)")),
    }
}

fn check_impossible(cert: &Certificate) -> Result<Verdict, CheckError> {
    let (Some(reason), None, None, None, None) =
        (&cert.impossible, cert.worst_case_calls, cert.trust, &cert.witness, &cert.lower_bound)
    else {
        return Err(CheckError::Shape(
            "an impossible claim has a reason and no calls, trust, witness or lower bound".into(),
        ));
    };
    let (p, n) = (reason.missing_prime, cert.spec.modulus);
    if !is_prime(p) || n % p != 0 {
        return Err(CheckError::Impossible(format!("{p} is not a prime factor of {n}")));
    }
    if let Some(m) = cert.spec.generators.iter().find(|&&m| m % p == 0) {
        return Err(CheckError::Impossible(format!("{p} divides the generator size {m}")));
    }
    if !cert.cross_checks.is_empty() {
        return Err(CheckError::Shape("an impossible claim has no engine cross-checks".into()));
    }
    Ok(Verdict {
        modulus: n,
        worst_case_calls: None,
        trust: TrustLevel::Elementary,
        cross_checked_by: vec![],
        expected_calls: None,
        all_strategies: None,
    })
}

fn check_proved(cert: &Certificate) -> Result<Verdict, CheckError> {
    let (Some(calls), Some(trust), None, Some(witness), Some(lower)) =
        (cert.worst_case_calls, cert.trust, &cert.impossible, &cert.witness, &cert.lower_bound)
    else {
        return Err(CheckError::Shape(
            "a proved claim has calls, trust, a witness and a lower bound, and no impossibility".into(),
        ));
    };
    let spec = &cert.spec;

    // Upper bound: the witness is an exact tree of depth `calls`.
    let facts = check_witness(spec, witness)?;
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
    check_elementary(spec, &lower.elementary)?;
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
            if solver.depth != needed || solver.verdict != "unsat" {
                return Err(CheckError::LowerBound(format!(
                    "the solver verdict is {:?} at depth {}, not unsat at depth {needed}",
                    solver.verdict, solver.depth
                )));
            }
            if lower.elementary.excluded_depth >= needed {
                return Err(CheckError::LowerBound(
                    "a solver verdict is recorded where the elementary argument suffices".into(),
                ));
            }
            solver_trust(&solver.provenance.engine)?
        }
    };
    let cross_checked_by = check_cross_checks(cert, needed, calls)?;
    let actual = settle_trust(trust, actual)?;
    Ok(Verdict {
        modulus: spec.modulus,
        worst_case_calls: Some(calls),
        trust: actual,
        cross_checked_by,
        expected_calls: None,
        all_strategies: None,
    })
}

/// The trust level of a solver step: only z3 writes them.
pub(crate) fn solver_trust(engine: &str) -> Result<TrustLevel, CheckError> {
    if engine != "z3" {
        return Err(CheckError::LowerBound(format!(
            "the solver step names the engine {engine:?}; only z3 writes them"
        )));
    }
    Ok(TrustLevel::Solver { engine: engine.into() })
}

/// The trust a proof supports must be the level the certificate states. Cross-check records
/// do not enter it: the checker did not re-run those engines.
fn settle_trust(claimed: Trust, actual: TrustLevel) -> Result<TrustLevel, CheckError> {
    match (claimed, &actual) {
        (Trust::Elementary, TrustLevel::Elementary) | (Trust::Solver, TrustLevel::Solver { .. }) => Ok(actual),
        _ => Err(CheckError::Trust { claimed: format!("{claimed:?}"), actual: actual.to_string() }),
    }
}

/// A cross-check record must name an engine this project runs.
pub(crate) fn known_engine(engine: &str) -> Result<(), CheckError> {
    if KNOWN_ENGINES.contains(&engine) {
        Ok(())
    } else {
        Err(CheckError::Shape(format!("a cross-check names the engine {engine:?}, not one of {KNOWN_ENGINES:?}")))
    }
}

/// Engine answers may not contradict the claim; returns the engines that agree below it.
fn check_cross_checks(cert: &Certificate, needed: u32, calls: u32) -> Result<Vec<String>, CheckError> {
    let mut agreeing = Vec::new();
    for r in &cert.cross_checks {
        known_engine(&r.engine)?;
        let known = ["tree", "no-tree", "not-applicable", "unknown"].contains(&r.verdict.as_str());
        if !known || (r.depth != needed && r.depth != calls) {
            return Err(CheckError::Shape(format!(
                "cross-check by {} at depth {} with verdict {:?} is not about this claim",
                r.engine, r.depth, r.verdict
            )));
        }
        if r.depth == needed && r.verdict == "tree" {
            return Err(CheckError::LowerBound(format!(
                "{} reports an exact tree of depth {needed}, contradicting the lower bound",
                r.engine
            )));
        }
        if r.depth == calls && r.verdict == "no-tree" {
            return Err(CheckError::LowerBound(format!(
                "{} reports no exact tree of depth {calls}, contradicting the witness",
                r.engine
            )));
        }
        if r.depth == needed && r.verdict == "no-tree" && !agreeing.contains(&r.engine) {
            agreeing.push(r.engine.clone());
        }
    }
    Ok(agreeing)
}
