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
use optimod_cert::{
    AllStrategiesBoundRecord, AllStrategiesStatus, Certificate, Claim, Engine, EngineVerdict, ImpossibleClaim,
    ObjectiveRecord, Producer, ReplayRecord, RuleRecord, SolverVerdict, SpecRecord, Trust, WorstCaseClaim, FORMAT,
    VERSION,
};
use std::fmt;

mod automaton;
mod blocks;
mod elementary;
mod enumeration;
mod expected;
mod pending_node;
mod sampler;
mod tree;
mod valuation_path;

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

/// A certificate the checker accepted, with what it establishes. Its fields are private and
/// [`check`] is the only way to make one, so whatever takes a `Checked` (saving, printing
/// as proven) holds a checked certificate by construction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    certificate: Certificate,
    verdict: Verdict,
}

impl Checked {
    /// The certificate, as given to [`check`].
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// What it establishes.
    pub fn verdict(&self) -> &Verdict {
        &self.verdict
    }

    /// The certificate's stable JSON bytes, for writing.
    pub fn to_json(&self) -> String {
        self.certificate.to_json()
    }

    /// The same JSON on one line (for a file of many certificates).
    pub fn to_json_line(&self) -> String {
        self.certificate.to_json_line()
    }
}

/// What a certificate that passed the check establishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The modulus.
    pub modulus: u64,
    /// The claim, in checked numbers.
    pub established: Established,
    /// What the claim rests on.
    pub trust: TrustLevel,
    /// Engines that, by the certificate's own records, answered "no tree" one depth below the
    /// claim (for the expected objective: found the same optimum). Informational: the checker
    /// only made sure these records do not contradict the claim; it did not re-run them.
    pub cross_checked_by: Vec<Engine>,
}

/// The claim of a checked certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Established {
    /// The optimum worst case is `calls` calls.
    WorstCase { calls: u32 },
    /// No finite exact tree exists: `missing_prime` divides n and no size.
    Impossible { missing_prime: u64 },
    /// The fewest expected calls among exact trees of depth `<= max_depth`.
    ExpectedWithinDepth { max_depth: u32, expected_calls: BigRational },
    /// Over all strategies: a strategy's exact expected calls and a proven lower bound.
    AllStrategies(AllStrategiesVerdict),
}

impl Verdict {
    /// The optimum worst case, for a worst-case claim.
    pub fn worst_case_calls(&self) -> Option<u32> {
        match self.established {
            Established::WorstCase { calls } => Some(calls),
            _ => None,
        }
    }
}

/// A checked claim about expected calls over all strategies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllStrategiesVerdict {
    /// `Proved` when the strategy meets the bound, else `Bounded`.
    pub status: AllStrategiesStatus,
    /// The strategy's expected calls: exact, or an upper bound when `expected_calls_kind`
    /// says so.
    pub expected_calls: BigRational,
    /// Whether `expected_calls` is exact or an upper bound.
    pub expected_calls_kind: optimod_cert::ValueKind,
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
    Solver { engine: Producer },
}

/// Largest depth any certificate may name (a claim, a limit, an excluded depth). A modulus
/// below 2^20 has at most 20 prime factors, and the divisor-block construction needs at most
/// one call per prime factor and size valuation, so true claims stay far below; a larger
/// number is refused before any loop over depths runs.
pub const DEPTH_LIMIT: u32 = 64;
/// Longest chain a counting bound may ask the checker to sum (one exact term per depth).
pub const CHAIN_LIMIT: u32 = 4096;

impl fmt::Display for TrustLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrustLevel::Elementary => f.write_str("elementary"),
            TrustLevel::Solver { engine } => write!(f, "solver ({} unsat, replay script pinned)", engine.name()),
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
    /// Where in the certificate the check failed (a path of its JSON, `claim.witness`), and
    /// the failure there.
    At { path: String, error: Box<CheckError> },
}

impl CheckError {
    /// The failure itself, without the path to it.
    pub fn cause(&self) -> &CheckError {
        match self {
            CheckError::At { error, .. } => error.cause(),
            other => other,
        }
    }
}

/// Wraps a failure with where it happened.
pub(crate) fn at(path: impl Into<String>) -> impl FnOnce(CheckError) -> CheckError {
    let path = path.into();
    move |error| CheckError::At { path, error: Box::new(error) }
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
            CheckError::At { path, error } => write!(f, "{path}: {error}"),
        }
    }
}

impl std::error::Error for CheckError {}

/// The replay script a certificate relies on, if any.
pub fn replay_of(cert: &Certificate) -> Option<&ReplayRecord> {
    match &cert.claim {
        Claim::WorstCase(claim) => claim.lower_bound.solver.as_ref().map(|s| &s.replay),
        Claim::ExpectedWithinDepth(claim) => claim.solver.as_ref().map(|s| &s.replay),
        Claim::Impossible(_) | Claim::ExpectedAllStrategies(_) => None,
    }
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
pub fn check_json(text: &str) -> Result<Checked, CheckError> {
    let cert = Certificate::from_json(text).map_err(|e| CheckError::Json(e.to_string()))?;
    check(cert)
}

/// Checks every claim of a certificate; the error is the first failed check. The one dispatch
/// on the kind of claim.
pub fn check(certificate: Certificate) -> Result<Checked, CheckError> {
    if certificate.format != FORMAT || certificate.version != VERSION {
        return Err(CheckError::Version { format: certificate.format.clone(), version: certificate.version });
    }
    // Check with the sizes spelt out (the primes rule leaves them implicit).
    let spec = resolve_spec(&certificate.spec)?;
    check_depths(&spec, &certificate)?;
    let cross = &certificate.cross_checks;
    let verdict = match (&certificate.claim, spec.objective, spec.max_depth) {
        (Claim::Impossible(claim), ObjectiveRecord::WorstCase, None) => check_impossible(&spec, claim, cross)?,
        (Claim::WorstCase(claim), ObjectiveRecord::WorstCase, None) => check_worst_case(&spec, claim, cross)?,
        (Claim::ExpectedWithinDepth(claim), ObjectiveRecord::ExpectedCalls, Some(max_depth)) => {
            check_expected(&spec, max_depth, claim, cross)?
        }
        (Claim::ExpectedAllStrategies(claim), ObjectiveRecord::ExpectedCalls, None) => {
            check_all_strategies(&spec, claim, cross)?
        }
        (claim, objective, max_depth) => {
            return Err(CheckError::Shape(format!(
                "a claim of kind {:?} does not fit the objective {objective:?} with depth limit {max_depth:?}",
                claim_kind(claim)
            )))
        }
    };
    Ok(Checked { certificate, verdict })
}

/// The claim's kind as the certificate spells it.
fn claim_kind(claim: &Claim) -> &'static str {
    match claim {
        Claim::WorstCase(_) => "worst-case",
        Claim::Impossible(_) => "impossible",
        Claim::ExpectedWithinDepth(_) => "expected-within-depth",
        Claim::ExpectedAllStrategies(_) => "expected-all-strategies",
    }
}

/// Every depth-like number in the certificate is at most [`DEPTH_LIMIT`], and a counting
/// chain at most [`CHAIN_LIMIT`]: refused up front, so no loop over depths can run long.
fn check_depths(spec: &SpecRecord, cert: &Certificate) -> Result<(), CheckError> {
    let mut depths: Vec<u32> = Vec::new();
    depths.extend(spec.max_depth);
    depths.extend(cert.cross_checks.iter().map(|r| r.depth));
    match &cert.claim {
        Claim::WorstCase(claim) => {
            let lower = &claim.lower_bound;
            depths.extend([claim.worst_case_calls, claim.witness.depth, lower.excluded_depth]);
            depths.push(lower.elementary.excluded_depth);
            depths.extend(lower.solver.as_ref().map(|s| s.depth));
        }
        Claim::ExpectedWithinDepth(claim) => {
            let bound = &claim.elementary_bound;
            depths.extend([claim.witness.depth, bound.reach_levels, bound.excluded.excluded_depth]);
            depths.extend(bound.valuation_levels.iter().map(|v| v.min_depth));
        }
        Claim::ExpectedAllStrategies(claim) => match &claim.lower_bound {
            AllStrategiesBoundRecord::Levels { reach_levels, excluded, .. } => {
                depths.push(*reach_levels);
                if let optimod_cert::LevelsExclusion::UpTo(record) = excluded {
                    depths.push(record.excluded_depth);
                }
            }
            AllStrategiesBoundRecord::Counting { reach_levels, excluded, chain, .. } => {
                depths.extend([*reach_levels, excluded.excluded_depth]);
                if *chain > CHAIN_LIMIT {
                    return Err(CheckError::TooLarge(format!(
                        "a counting chain of {chain} depths (limit {CHAIN_LIMIT})"
                    )));
                }
            }
            AllStrategiesBoundRecord::PerOutput(record) => {
                depths.extend([record.depth, record.reach_levels]);
                if let optimod_cert::LevelsExclusion::UpTo(e) = &record.excluded {
                    depths.push(e.excluded_depth);
                }
            }
            AllStrategiesBoundRecord::Enumeration(record) => depths.extend([record.depth, record.horizon]),
            AllStrategiesBoundRecord::PendingNode(record) => depths.push(record.excluded.excluded_depth),
            AllStrategiesBoundRecord::ValuationPath(record) => depths.push(record.excluded.excluded_depth),
            AllStrategiesBoundRecord::KnuthYao { .. } => {}
        },
        Claim::Impossible(_) => {}
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
    match spec.generator_rule {
        RuleRecord::Explicit => {}
        RuleRecord::PrimesBelowModulus if spec.generators.is_empty() => {
            resolved.generators = primes_below(spec.modulus)
        }
        RuleRecord::PrimesBelowModulus => {
            return err("the primes-below-modulus rule fixes the sizes; none may be listed".into())
        }
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
    match (spec.objective, spec.max_depth) {
        (ObjectiveRecord::WorstCase, Some(_)) => err("the worst-case objective has no depth limit".into()),
        (ObjectiveRecord::ExpectedCalls, Some(0)) => {
            err("the expected-calls objective's depth limit must be at least 1".into())
        }
        _ => Ok(resolved),
    }
}

fn check_impossible(
    spec: &SpecRecord,
    claim: &ImpossibleClaim,
    cross_checks: &[optimod_cert::EngineCheckRecord],
) -> Result<Verdict, CheckError> {
    let (p, n) = (claim.missing_prime, spec.modulus);
    if !is_prime(p) || n % p != 0 {
        return Err(CheckError::Impossible(format!("{p} is not a prime factor of {n}")));
    }
    if let Some(m) = spec.generators.iter().find(|&&m| m % p == 0) {
        return Err(CheckError::Impossible(format!("{p} divides the generator size {m}")));
    }
    if !cross_checks.is_empty() {
        return Err(CheckError::Shape("an impossible claim has no engine cross-checks".into()));
    }
    Ok(Verdict {
        modulus: n,
        established: Established::Impossible { missing_prime: p },
        trust: TrustLevel::Elementary,
        cross_checked_by: vec![],
    })
}

fn check_worst_case(
    spec: &SpecRecord,
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
    Ok(Verdict { modulus: spec.modulus, established: Established::WorstCase { calls }, trust, cross_checked_by })
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
fn settle_trust(claimed: Trust, actual: TrustLevel) -> Result<TrustLevel, CheckError> {
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
