//! The independent checker: is a certificate true?
//!
//! It depends on the certificate types and on big-number arithmetic only: no solver, and none
//! of the crates that produce certificates. Everything it needs (primes, the tree notation,
//! reaches, each elementary argument) it re-implements here, so that a bug in a producer
//! cannot hide in the checker as well. Read it top to bottom: [`check`] is the whole story.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_cert::{
    AllStrategiesBoundRecord, ArgumentRecord, Certificate, ElementaryRecord, SpecRecord, Status, Trust, FORMAT, VERSION,
};
use std::fmt;

/// Largest number of generator multisets an argument may ask the checker to enumerate.
const ENUMERATION_LIMIT: u64 = 20_000_000;
/// Largest common denominator of a root-split knapsack the checker will tabulate.
const KNAPSACK_UNITS_LIMIT: u128 = 20_000_000;
/// Largest tree the checker will walk, in nodes.
const NODE_LIMIT: usize = 5_000_000;

/// What a certificate that passed the check establishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The modulus.
    pub modulus: u64,
    /// `Some(d)`: the optimum worst case is d calls; `None`: no finite exact tree exists.
    pub worst_case_calls: Option<u32>,
    /// What the claim rests on.
    pub trust: TrustLevel,
    /// Engines that independently answered "no tree" one depth below the claim (for the
    /// expected objective: that found the same optimum).
    pub cross_checked_by: Vec<String>,
    /// For the expected objective: `(K, optimum)`, the fewest expected calls among exact
    /// trees of depth `<= K`, exact.
    pub expected_calls: Option<(u32, String)>,
    /// Over all strategies: `(status, strategy's expected calls, lower bound)`.
    pub all_strategies: Option<(String, String, String)>,
}

/// What a checked claim rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrustLevel {
    /// Only arithmetic the checker repeated.
    Elementary,
    /// A solver verdict the checker could not repeat, naming the engines.
    Solver { engines: Vec<String> },
}

impl fmt::Display for TrustLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrustLevel::Elementary => f.write_str("elementary"),
            TrustLevel::Solver { engines } => write!(f, "solver ({})", engines.join(", ")),
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
            CheckError::Inexact { output, probability, expected } => write!(
                f,
                "tree is not exact: output {output} has probability {probability}, expected {expected}"
            ),
            CheckError::Witness { field, claimed, actual } => {
                write!(f, "witness: {field} is {claimed} in the certificate but {actual} in the tree")
            }
            CheckError::LowerBound(m) => write!(f, "lower bound: {m}"),
            CheckError::Impossible(m) => write!(f, "impossibility: {m}"),
            CheckError::Trust { claimed, actual } => {
                write!(f, "trust: certificate says {claimed}, its proof is {actual}")
            }
            CheckError::TooLarge(m) => write!(f, "too large to check: {m}"),
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
    check_spec(&cert.spec)?;
    let all_strategies = cert.spec.objective == "expected-calls" && cert.spec.max_depth.is_none();
    if all_strategies != cert.all_strategies.is_some()
        || (cert.spec.max_depth.is_none() && cert.expected.is_some())
    {
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

fn check_spec(spec: &SpecRecord) -> Result<(), CheckError> {
    let err = |m: String| Err(CheckError::Spec(m));
    if spec.modulus < 2 {
        return err(format!("modulus {} is below 2", spec.modulus));
    }
    if spec.generators.is_empty() {
        return err("no generators".into());
    }
    if let Some(&m) = spec.generators.iter().find(|&&m| m < 2) {
        return err(format!("generator size {m} is below 2"));
    }
    if spec.generators.windows(2).any(|w| w[0] >= w[1]) {
        return err("generator sizes are not strictly ascending".into());
    }
    match spec.generator_rule.as_str() {
        "explicit" => {}
        "primes-below-modulus" => {
            let primes: Vec<u64> = (2..spec.modulus).filter(|&k| is_prime(k)).collect();
            if primes != spec.generators {
                return err(format!("generators are not the primes below {}", spec.modulus));
            }
        }
        other => return err(format!("unknown generator rule {other:?}")),
    }
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
    Ok(Verdict { modulus: n, worst_case_calls: None, trust: TrustLevel::Elementary, cross_checked_by: vec![], expected_calls: None, all_strategies: None })
}

fn check_proved(cert: &Certificate) -> Result<Verdict, CheckError> {
    let (Some(calls), Some(trust), None, Some(witness), Some(lower)) =
        (cert.worst_case_calls, cert.trust, &cert.impossible, &cert.witness, &cert.lower_bound)
    else {
        return Err(CheckError::Shape(
            "a proved claim has calls, trust, a witness and a lower bound, and no impossibility"
                .into(),
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
    let needed = calls.checked_sub(1).ok_or_else(|| {
        CheckError::LowerBound("a tree of depth 0 is one leaf, never exact for n >= 2".into())
    })?;
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
            TrustLevel::Solver { engines: vec![solver.provenance.engine.clone()] }
        }
    };
    let cross_checked_by = check_cross_checks(cert, needed, calls)?;
    let actual = match actual {
        TrustLevel::Solver { mut engines } => {
            engines.extend(cross_checked_by.iter().filter(|e| !engines.contains(e)).cloned().collect::<Vec<_>>());
            TrustLevel::Solver { engines }
        }
        elementary => elementary,
    };
    let claimed_matches = matches!(
        (trust, &actual),
        (Trust::Elementary, TrustLevel::Elementary) | (Trust::Solver, TrustLevel::Solver { .. })
    );
    if !claimed_matches {
        return Err(CheckError::Trust { claimed: format!("{trust:?}"), actual: actual.to_string() });
    }
    Ok(Verdict { modulus: spec.modulus, worst_case_calls: Some(calls), trust: actual, cross_checked_by, expected_calls: None, all_strategies: None })
}

/// The witness is an exact tree and its summary numbers are its own.
fn check_witness(spec: &SpecRecord, witness: &optimod_cert::WitnessRecord) -> Result<TreeFacts, CheckError> {
    let tree = parse_tree(&witness.tree)?;
    let facts = evaluate(&tree, spec)?;
    let expected = BigRational::new(BigInt::one(), BigInt::from(spec.modulus));
    if let Some((j, p)) = facts.mass.iter().enumerate().find(|(_, p)| **p != expected) {
        return Err(CheckError::Inexact {
            output: j as u64,
            probability: p.to_string(),
            expected: expected.to_string(),
        });
    }
    let summary = [
        ("depth", witness.depth.to_string(), facts.depth.to_string()),
        ("leaves", witness.leaves.to_string(), facts.leaves.to_string()),
        ("expected_calls", witness.expected_calls.clone(), facts.expected_calls.to_string()),
    ];
    for (field, claimed, actual) in summary {
        if claimed != actual {
            return Err(CheckError::Witness { field, claimed, actual });
        }
    }
    Ok(facts)
}

/// "The witness has the fewest expected calls among exact trees of depth `<= max_depth`":
/// the witness exactly, the elementary bound re-derived, and the solver verdict where the
/// bound is below the claim.
fn check_expected(cert: &Certificate, max_depth: u32) -> Result<Verdict, CheckError> {
    let (None, Some(trust), None, Some(witness), None, Some(claim)) =
        (cert.worst_case_calls, cert.trust, &cert.impossible, &cert.witness, &cert.lower_bound, &cert.expected)
    else {
        return Err(CheckError::Shape(
            "an expected-calls claim has trust, a witness and an expected record, and no worst-case \
             calls, lower bound or impossibility"
                .into(),
        ));
    };
    let spec = &cert.spec;
    let facts = check_witness(spec, witness)?;
    if facts.depth > max_depth || claim.max_depth != max_depth {
        return Err(CheckError::Witness {
            field: "depth",
            claimed: format!("at most {max_depth} (record: {})", claim.max_depth),
            actual: facts.depth.to_string(),
        });
    }
    if claim.expected_calls != facts.expected_calls.to_string() {
        return Err(CheckError::Witness {
            field: "expected.expected_calls",
            claimed: claim.expected_calls.clone(),
            actual: facts.expected_calls.to_string(),
        });
    }
    if !claim.scope.contains(&format!("depth <= {max_depth}")) {
        return Err(CheckError::Shape(format!("the scope {:?} does not name the depth limit", claim.scope)));
    }

    // The elementary bound: sum over k < K of a lower bound on Pr[more than k calls].
    let bound = &claim.elementary_bound;
    check_elementary(spec, &bound.excluded)?;
    let top = *spec.generators.last().expect("checked non-empty");
    let mut reach_levels = 0u32;
    let mut power = BigInt::one();
    while power < BigInt::from(spec.modulus) {
        power *= top;
        reach_levels += 1;
    }
    if bound.reach_levels != reach_levels {
        return Err(CheckError::LowerBound(format!(
            "a leaf can first sit at depth {reach_levels}, not {}",
            bound.reach_levels
        )));
    }
    let levels = valuation_levels(spec, max_depth)?;
    let recorded: Vec<(u64, u32, u32, String)> = bound
        .valuation_levels
        .iter()
        .map(|r| (r.prime, r.exponent, r.min_depth, r.max_product.clone()))
        .collect();
    let derived: Vec<(u64, u32, u32, String)> =
        levels.iter().map(|&(p, a, t, product)| (p, a, t, product.to_string())).collect();
    if recorded != derived {
        return Err(CheckError::LowerBound(format!(
            "valuation levels (prime, exponent, min depth, max product) are {derived:?}, not {recorded:?}"
        )));
    }
    let mut value = BigRational::zero();
    for k in 0..max_depth {
        let mut term = BigRational::zero();
        if k < reach_levels {
            term = BigRational::one();
        } else if k <= bound.excluded.excluded_depth {
            term = BigRational::new(BigInt::one(), BigInt::from(top).pow(k));
        }
        for &(_, _, min_depth, product) in &levels {
            let share = BigRational::new(BigInt::from(spec.modulus), BigInt::from(product));
            if k < min_depth && share > term {
                term = share.min(BigRational::one());
            }
        }
        value += term;
    }
    if bound.value != value.to_string() {
        return Err(CheckError::LowerBound(format!(
            "the elementary bound on expected calls is {value}, not {}",
            bound.value
        )));
    }
    if value > facts.expected_calls {
        return Err(CheckError::LowerBound(format!(
            "the elementary bound {value} exceeds the witness's {} expected calls",
            facts.expected_calls
        )));
    }
    let actual = match &claim.solver {
        None if value == facts.expected_calls => TrustLevel::Elementary,
        None => {
            return Err(CheckError::LowerBound(format!(
                "the elementary bound {value} is below the claim {} and no solver verdict closes the gap",
                facts.expected_calls
            )))
        }
        Some(_) if value == facts.expected_calls => {
            return Err(CheckError::LowerBound(
                "a solver verdict is recorded where the elementary bound suffices".into(),
            ))
        }
        Some(solver) => {
            if solver.verdict != "unsat" || solver.roots != spec.generators {
                return Err(CheckError::LowerBound(format!(
                    "the solver verdict must be unsat for every root call {:?}; it is {:?} for {:?}",
                    spec.generators, solver.verdict, solver.roots
                )));
            }
            let suffix = format!("expected-depth{max_depth}.smt2");
            if solver.replay.file_suffix != suffix || solver.replay.checks as usize != solver.roots.len() {
                return Err(CheckError::LowerBound(format!(
                    "the replay script must be {suffix:?} with one (check-sat) per root, not {:?} with {}",
                    solver.replay.file_suffix, solver.replay.checks
                )));
            }
            TrustLevel::Solver { engines: vec![solver.provenance.engine.clone()] }
        }
    };
    let mut agreeing = Vec::new();
    for r in &cert.cross_checks {
        let known = ["optimum", "not-applicable", "unknown"].contains(&r.verdict.as_str());
        if !known || r.depth != max_depth {
            return Err(CheckError::Shape(format!(
                "cross-check by {} at depth {} with verdict {:?} is not about this claim",
                r.engine, r.depth, r.verdict
            )));
        }
        if r.verdict == "optimum" {
            if r.detail.split(|c: char| c == ' ' || c == ':').next() != Some(claim.expected_calls.as_str()) {
                return Err(CheckError::LowerBound(format!(
                    "{} reports another optimum: {}",
                    r.engine, r.detail
                )));
            }
            if !agreeing.contains(&r.engine) {
                agreeing.push(r.engine.clone());
            }
        }
    }
    let actual = match actual {
        TrustLevel::Solver { mut engines } => {
            engines.extend(agreeing.iter().filter(|e| !engines.contains(e)).cloned().collect::<Vec<_>>());
            TrustLevel::Solver { engines }
        }
        elementary => elementary,
    };
    let claimed_matches = matches!(
        (trust, &actual),
        (Trust::Elementary, TrustLevel::Elementary) | (Trust::Solver, TrustLevel::Solver { .. })
    );
    if !claimed_matches {
        return Err(CheckError::Trust { claimed: format!("{trust:?}"), actual: actual.to_string() });
    }
    Ok(Verdict {
        modulus: spec.modulus,
        worst_case_calls: None,
        trust: actual,
        cross_checked_by: agreeing,
        expected_calls: Some((max_depth, claim.expected_calls.clone())),
        all_strategies: None,
    })
}

/// Expected calls over all strategies: the strategy's exact value (a finite tree, or a pool
/// automaton evaluated here by its own linear recurrence), the lower bound re-derived, the
/// gap, and the status `proved` exactly when the gap is 0.
fn check_all_strategies(cert: &Certificate) -> Result<Verdict, CheckError> {
    let claim = cert.all_strategies.as_ref().expect("caller checked");
    let spec = &cert.spec;
    let (None, Some(Trust::Elementary), None, None, None) =
        (cert.worst_case_calls, cert.trust, &cert.impossible, &cert.lower_bound, &cert.expected)
    else {
        return Err(CheckError::Shape(
            "a claim over all strategies has trust elementary and no worst-case calls, impossibility, \
             worst-case lower bound or depth-limited record"
                .into(),
        ));
    };
    if !cert.cross_checks.is_empty() || !claim.scope.contains("all exact strategies") {
        return Err(CheckError::Shape("the scope must say all exact strategies; no cross-checks belong here".into()));
    }
    let value = match (claim.family.as_str(), &cert.witness) {
        ("finite-tree", Some(witness)) if claim.pools.is_empty() => check_witness(spec, witness)?.expected_calls,
        ("pool-automaton", None) => {
            let steps: Vec<(u64, u64)> = claim.pools.iter().map(|p| (p.pool, p.size)).collect();
            pool_cost(spec, &steps)?
        }
        (family, _) => {
            return Err(CheckError::Shape(format!(
                "family {family:?} with {} pool steps and {} witness tree",
                claim.pools.len(),
                if cert.witness.is_some() { "a" } else { "no" }
            )))
        }
    };
    if claim.expected_calls != value.to_string() {
        return Err(CheckError::Witness {
            field: "all_strategies.expected_calls",
            claimed: claim.expected_calls.clone(),
            actual: value.to_string(),
        });
    }
    let (recorded, bound) = match &claim.lower_bound {
        AllStrategiesBoundRecord::KnuthYao { value, size } => {
            if spec.generators != [*size] {
                return Err(CheckError::LowerBound(format!(
                    "the Knuth-Yao bound needs the single size {size}, the spec has {:?}",
                    spec.generators
                )));
            }
            // With one size the pool automaton is forced, and it realises the Knuth-Yao tree.
            let mut steps = Vec::new();
            let mut pool = 1u64;
            while pool != 0 && !steps.iter().any(|&(p, _)| p == pool) {
                steps.push((pool, *size));
                let values = pool as u128 * *size as u128;
                pool = if values < spec.modulus as u128 { values as u64 } else { (values % spec.modulus as u128) as u64 };
            }
            (value, pool_cost(spec, &steps)?)
        }
        AllStrategiesBoundRecord::Levels { value, reach_levels, excluded, missing_prime } => {
            let top = BigInt::from(*spec.generators.last().expect("checked non-empty"));
            let mut levels = 0u32;
            let mut power = BigInt::one();
            while power < BigInt::from(spec.modulus) {
                power *= &top;
                levels += 1;
            }
            if *reach_levels != levels {
                return Err(CheckError::LowerBound(format!("a leaf can first sit at depth {levels}, not {reach_levels}")));
            }
            let mut bound = BigRational::from_integer(BigInt::from(levels));
            let term = |k: u32| BigRational::new(BigInt::one(), top.pow(k));
            match (excluded, missing_prime) {
                (Some(record), None) => {
                    check_elementary(spec, record)?;
                    for k in levels..=record.excluded_depth {
                        bound += term(k);
                    }
                }
                (None, Some(p)) => {
                    let p = *p;
                    if !is_prime(p) || spec.modulus % p != 0 || spec.generators.iter().any(|&m| m % p == 0) {
                        return Err(CheckError::LowerBound(format!(
                            "{p} is not a prime of {} that divides no generator size",
                            spec.modulus
                        )));
                    }
                    // No finite exact tree at all: every level from `levels` on, a geometric tail.
                    let x = BigRational::new(BigInt::one(), top.clone());
                    bound += term(levels) / (BigRational::one() - x);
                }
                _ => return Err(CheckError::LowerBound("the levels bound needs exactly one exclusion".into())),
            }
            (value, bound)
        }
    };
    if *recorded != bound.to_string() {
        return Err(CheckError::LowerBound(format!("the lower bound is {bound}, not {recorded}")));
    }
    if bound > value {
        return Err(CheckError::LowerBound(format!("the lower bound {bound} exceeds the strategy's {value}")));
    }
    let gap = &value - &bound;
    if claim.gap != gap.to_string() {
        return Err(CheckError::LowerBound(format!("the gap is {gap}, not {}", claim.gap)));
    }
    let status = if gap.is_zero() { Status::Proved } else { Status::Bounded };
    if cert.status != status {
        return Err(CheckError::Shape(format!("status {:?} but the gap is {gap}", cert.status)));
    }
    Ok(Verdict {
        modulus: spec.modulus,
        worst_case_calls: None,
        trust: TrustLevel::Elementary,
        cross_checked_by: vec![],
        expected_calls: None,
        all_strategies: Some((format!("{status:?}").to_lowercase(), value.to_string(), bound.to_string())),
    })
}

/// A pool automaton's expected calls, by its own recurrence: from the run's end back to its
/// start, `C = 1 + q * C(next)`, where `q` is the chance to go on; a loop back to a listed
/// pool is closed by solving `C(loop) = a + b * C(loop)`, which needs `b < 1` (it stops).
fn pool_cost(spec: &SpecRecord, steps: &[(u64, u64)]) -> Result<BigRational, CheckError> {
    let n = spec.modulus as u128;
    let bad = |m: String| Err(CheckError::Tree(format!("pool automaton: {m}")));
    if steps.first().map(|s| s.0) != Some(1) {
        return bad("the run must start from pool 1".into());
    }
    if steps.len() > n as usize {
        return bad("more steps than pools".into());
    }
    let mut chances = Vec::new();
    let mut loop_start = None;
    for (i, &(pool, size)) in steps.iter().enumerate() {
        if !spec.generators.contains(&size) {
            return bad(format!("pool {pool} calls {size}, not a generator"));
        }
        let values = pool as u128 * size as u128;
        let (chance, next) = if values < n {
            (BigRational::one(), values as u64)
        } else {
            let left = (values % n) as u64;
            (BigRational::new(BigInt::from(left), BigInt::from(values)), left)
        };
        chances.push(chance);
        let listed = steps[..=i].iter().position(|s| s.0 == next);
        match (steps.get(i + 1), next, listed) {
            (None, 0, _) => {}
            (None, _, Some(j)) => loop_start = Some(j),
            (None, _, None) => return bad(format!("pool {next} is reached but has no step")),
            (Some(&(following, _)), _, None) if following == next && next != 0 => {}
            _ => return bad(format!("step {} does not follow from pool {pool} calling {size}", i + 1)),
        }
    }
    let walk = |from: usize| {
        let (mut a, mut b) = (BigRational::zero(), BigRational::one());
        for q in chances[from..].iter().rev() {
            a = BigRational::one() + q * &a;
            b = q * &b;
        }
        (a, b)
    };
    let (a, b) = walk(0);
    match loop_start {
        None => Ok(a),
        Some(j) => {
            let (la, lb) = walk(j);
            if lb >= BigRational::one() {
                return bad("the loop never emits: the run does not stop with probability 1".into());
            }
            Ok(a + b * (la / (BigRational::one() - lb)))
        }
    }
}

/// Per prime p of n with `v_p(n) = a`, by enumerating the products of exactly c sizes for
/// c = 0..=K: `(p, a, least c reaching v_p >= a, largest such product)`.
fn valuation_levels(spec: &SpecRecord, max_depth: u32) -> Result<Vec<(u64, u32, u32, u128)>, CheckError> {
    let n = spec.modulus;
    let primes: Vec<u64> = (2..=n).filter(|&p| n % p == 0 && is_prime(p)).collect();
    let mut found: Vec<(u64, u32, Option<u32>, u128)> =
        primes.iter().map(|&p| (p, valuation(n, p), None, 0)).collect();
    let mut layer = vec![1u128];
    for c in 0..=max_depth {
        for entry in found.iter_mut() {
            let (p, a) = (entry.0, entry.1);
            for &product in layer.iter().filter(|&&q| valuation_u128(q, p) >= a) {
                entry.2.get_or_insert(c);
                entry.3 = entry.3.max(product);
            }
        }
        if c == max_depth {
            break;
        }
        let mut next = Vec::new();
        for &q in &layer {
            for &m in &spec.generators {
                next.push(q.checked_mul(m as u128).ok_or_else(|| {
                    CheckError::TooLarge("a product of sizes overflows 128 bits".into())
                })?);
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.len() as u64 > ENUMERATION_LIMIT {
            return Err(CheckError::TooLarge(format!("{} products", next.len())));
        }
        layer = next;
    }
    Ok(found.into_iter().filter_map(|(p, a, t, product)| t.map(|t| (p, a, t, product))).collect())
}

fn valuation_u128(mut k: u128, p: u64) -> u32 {
    let mut v = 0;
    while k > 0 && k % p as u128 == 0 {
        k /= p as u128;
        v += 1;
    }
    v
}

/// Engine answers may not contradict the claim; returns the engines that agree below it.
fn check_cross_checks(cert: &Certificate, needed: u32, calls: u32) -> Result<Vec<String>, CheckError> {
    let mut agreeing = Vec::new();
    for r in &cert.cross_checks {
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

// ---------------------------------------------------------------------------------------
// The tree: parse the notation, then sum reaches exactly.

enum Node {
    Leaf(u64),
    Call(u64, Vec<Node>),
}

fn parse_tree(text: &str) -> Result<Node, CheckError> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut nodes = 0;
    let tree = parse_node(bytes, &mut pos, &mut nodes, 0)?;
    if pos != bytes.len() {
        return Err(CheckError::Tree(format!("unexpected text at byte {pos}")));
    }
    Ok(tree)
}

fn parse_node(bytes: &[u8], pos: &mut usize, nodes: &mut usize, depth: u32) -> Result<Node, CheckError> {
    *nodes += 1;
    if *nodes > NODE_LIMIT || depth > 256 {
        return Err(CheckError::TooLarge(format!("tree beyond {NODE_LIMIT} nodes or depth 256")));
    }
    let start = *pos;
    while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
        *pos += 1;
    }
    let number: u64 = std::str::from_utf8(&bytes[start..*pos])
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| CheckError::Tree(format!("expected a number at byte {start}")))?;
    if bytes.get(*pos) != Some(&b'(') {
        return Ok(Node::Leaf(number));
    }
    *pos += 1;
    let mut children = Vec::new();
    loop {
        match bytes.get(*pos) {
            Some(b')') => {
                *pos += 1;
                return Ok(Node::Call(number, children));
            }
            Some(b' ') if !children.is_empty() => *pos += 1,
            None => return Err(CheckError::Tree(format!("missing ')' at byte {}", *pos))),
            _ => {}
        }
        children.push(parse_node(bytes, pos, nodes, depth + 1)?);
    }
}

struct TreeFacts {
    mass: Vec<BigRational>,
    depth: u32,
    leaves: u64,
    expected_calls: BigRational,
}

fn evaluate(tree: &Node, spec: &SpecRecord) -> Result<TreeFacts, CheckError> {
    let mut facts = TreeFacts {
        mass: vec![BigRational::zero(); spec.modulus as usize],
        depth: 0,
        leaves: 0,
        expected_calls: BigRational::zero(),
    };
    // Iterative walk: (node, reach, depth).
    let mut stack = vec![(tree, BigRational::one(), 0u32)];
    while let Some((node, reach, depth)) = stack.pop() {
        facts.depth = facts.depth.max(depth);
        match node {
            Node::Leaf(j) => {
                let slot = facts.mass.get_mut(*j as usize).ok_or_else(|| {
                    CheckError::Tree(format!("leaf outputs {j}, outside 0..{}", spec.modulus))
                })?;
                *slot += &reach;
                facts.leaves += 1;
            }
            Node::Call(m, children) => {
                if !spec.generators.contains(m) {
                    return Err(CheckError::Tree(format!("a node calls size {m}, not a generator")));
                }
                if children.len() as u64 != *m {
                    return Err(CheckError::Tree(format!(
                        "a node calls size {m} but has {} children",
                        children.len()
                    )));
                }
                let child_reach = &reach / BigInt::from(*m);
                facts.expected_calls += &reach;
                for child in children {
                    stack.push((child, child_reach.clone(), depth + 1));
                }
            }
        }
    }
    Ok(facts)
}

// ---------------------------------------------------------------------------------------
// Elementary arguments, each re-derived from the spec.

fn check_elementary(spec: &SpecRecord, record: &ElementaryRecord) -> Result<(), CheckError> {
    let n = spec.modulus;
    let d = record.excluded_depth;
    let fail = |m: String| Err(CheckError::LowerBound(m));
    let max = *spec.generators.last().expect("spec checked non-empty");
    match &record.argument {
        ArgumentRecord::Reach { max_generator } => {
            if *max_generator != max {
                return fail(format!("max_generator is {max_generator}, the largest size is {max}"));
            }
            if (max as u128).checked_pow(d).is_none_or(|p| p >= n as u128) {
                return fail(format!("reach: {max}^{d} is not below {n}"));
            }
        }
        ArgumentRecord::Valuation { prime, exponent, max_valuation } => {
            check_prime_power(n, *prime, *exponent)?;
            let actual = spec.generators.iter().map(|&m| valuation(m, *prime)).max().unwrap_or(0);
            if actual != *max_valuation {
                return fail(format!(
                    "max_valuation is {max_valuation}, but the largest v_{prime} of a size is {actual}"
                ));
            }
            if d as u64 * actual as u64 >= *exponent as u64 {
                return fail(format!("valuation: {d} * {actual} is not below {exponent}"));
            }
        }
        ArgumentRecord::ValuationAndReach { prime, exponent } => {
            check_prime_power(n, *prime, *exponent)?;
            if let Some(found) = multiset_with(spec, d, *prime, *exponent)? {
                return fail(format!(
                    "valuation-and-reach: the sizes {found:?} have product >= {n} and v_{prime} >= {exponent}"
                ));
            }
        }
        ArgumentRecord::RootSplit { cases } => {
            if d == 0 {
                return fail("a root split needs depth at least 1".into());
            }
            let roots: Vec<u64> = cases.iter().map(|c| c.root).collect();
            if roots != spec.generators {
                return fail(format!("root split covers roots {roots:?}, not every generator"));
            }
            let products = products_up_to(spec, d - 1)?;
            for case in cases {
                let coins = reduce_coins(case.root, n, &products);
                if coins != case.denominators {
                    return fail(format!(
                        "root {}: denominators are {:?} in the certificate, {:?} by the checker",
                        case.root, case.denominators, coins
                    ));
                }
                if knapsack_hits(case.root, n, &coins)? {
                    return fail(format!(
                        "root {}: {}/{n} is a combination of 1/q for q in {coins:?}",
                        case.root, case.root
                    ));
                }
            }
        }
    }
    Ok(())
}

fn check_prime_power(n: u64, p: u64, a: u32) -> Result<(), CheckError> {
    if !is_prime(p) || valuation(n, p) != a || a == 0 {
        return Err(CheckError::LowerBound(format!("{p}^{a} is not the exact power of a prime in {n}")));
    }
    Ok(())
}

/// Enumerates every multiset of at most `d` sizes (non-decreasing index sequences) looking
/// for one with product `>= n` and `v_p >= a`.
fn multiset_with(spec: &SpecRecord, d: u32, p: u64, a: u32) -> Result<Option<Vec<u64>>, CheckError> {
    let g = spec.generators.len() as u64;
    // Multisets of size exactly k from g kinds: C(g + k - 1, k); bound the total.
    let mut total: u64 = 0;
    let mut c: u64 = 1;
    for k in 1..=d as u64 {
        c = c.saturating_mul(g + k - 1) / k;
        total = total.saturating_add(c);
    }
    if total > ENUMERATION_LIMIT {
        return Err(CheckError::TooLarge(format!("{total} multisets to enumerate")));
    }
    let mut chosen: Vec<usize> = Vec::new();
    Ok(search(spec, d as usize, p, a, &mut chosen, 0))
}

fn search(spec: &SpecRecord, d: usize, p: u64, a: u32, chosen: &mut Vec<usize>, from: usize) -> Option<Vec<u64>> {
    let sizes: Vec<u64> = chosen.iter().map(|&i| spec.generators[i]).collect();
    let product: u128 = sizes.iter().fold(1u128, |acc, &m| acc.saturating_mul(m as u128));
    let v: u32 = sizes.iter().map(|&m| valuation(m, p)).sum();
    if product >= spec.modulus as u128 && v >= a {
        return Some(sizes);
    }
    if chosen.len() == d {
        return None;
    }
    for i in from..spec.generators.len() {
        chosen.push(i);
        let found = search(spec, d, p, a, chosen, i);
        chosen.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Products of multisets of at most `k` sizes, ascending and distinct.
fn products_up_to(spec: &SpecRecord, k: u32) -> Result<Vec<u128>, CheckError> {
    let mut all = vec![1u128];
    let mut frontier = vec![1u128];
    for _ in 0..k {
        let mut next = Vec::new();
        for &q in &frontier {
            for &m in &spec.generators {
                let product = q.checked_mul(m as u128).ok_or_else(|| {
                    CheckError::TooLarge("a product of sizes overflows 128 bits".into())
                })?;
                next.push(product);
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.len() as u64 > ENUMERATION_LIMIT {
            return Err(CheckError::TooLarge(format!("{} products", next.len())));
        }
        all.extend(next.iter().copied());
        frontier = next;
    }
    all.sort_unstable();
    all.dedup();
    Ok(all)
}

/// The root split's coins below root `m`: `1/q` with `q` a product, at most `m/n`, after
/// replacing each coin whose denominator alone holds a prime r (r not dividing the reduced
/// denominator of m/n) by the coin without r; repeated until nothing changes.
fn reduce_coins(m: u64, n: u64, products: &[u128]) -> Vec<u64> {
    let g = gcd(m as u128, n as u128);
    let (num, den) = (m as u128 / g, n as u128 / g);
    let small_enough = |q: u128| num * q >= den;
    let mut coins: Vec<u128> = products.iter().copied().filter(|&q| small_enough(q)).collect();
    'again: loop {
        for i in 0..coins.len() {
            let mut rest = coins[i];
            let mut r = 2u128;
            while rest > 1 {
                if r * r > rest {
                    r = rest;
                }
                if rest % r == 0 {
                    while rest % r == 0 {
                        rest /= r;
                    }
                    let alone = den % r != 0 && coins.iter().filter(|&&q| q % r == 0).count() == 1;
                    if alone {
                        let mut q = coins.remove(i);
                        while q % r == 0 {
                            q /= r;
                        }
                        if small_enough(q) && !coins.contains(&q) {
                            coins.push(q);
                            coins.sort_unstable();
                        }
                        continue 'again;
                    }
                }
                r += 1;
            }
        }
        return coins.into_iter().map(|q| q as u64).collect();
    }
}

/// Is `m/n` a non-negative integer combination of `1/q` over `coins`? Tabulated over the
/// common denominator.
fn knapsack_hits(m: u64, n: u64, coins: &[u64]) -> Result<bool, CheckError> {
    let mut units = n as u128;
    for &q in coins {
        units = units / gcd(units, q as u128) * q as u128;
        if units > KNAPSACK_UNITS_LIMIT {
            return Err(CheckError::TooLarge(format!("knapsack over {units}+ units")));
        }
    }
    let target = (m as u128 * (units / n as u128)) as usize;
    let mut hit = vec![false; target + 1];
    hit[0] = true;
    for &q in coins {
        let step = (units / q as u128) as usize;
        for v in step..=target {
            if hit[v - step] {
                hit[v] = true;
            }
        }
    }
    Ok(hit[target])
}

// ---------------------------------------------------------------------------------------
// Integers.

fn is_prime(k: u64) -> bool {
    k >= 2 && (2..).take_while(|d| d * d <= k).all(|d| k % d != 0)
}

fn valuation(mut k: u64, p: u64) -> u32 {
    let mut v = 0;
    while k > 0 && k % p == 0 {
        k /= p;
        v += 1;
    }
    v
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
