//! optimod as a library: the fewest calls of an exact random generator modulo n built from
//! generators of the sizes you have, proved, with a strategy you can draw from.
//!
//! The `solver` feature (default) links z3 for the searches arithmetic cannot settle and for
//! the engines' cross-checks; without it the crate needs no z3, proves what arithmetic settles
//! and answers the rest [`Error::Unknown`].
//!
//! Every answer comes back as a [`Certified`]: a certificate the independent checker accepted,
//! what it establishes, and what that rests on. Nothing unproven is returned as proved: a
//! question the search cannot settle is an [`Error::Unknown`] with the bounds known so far.
//!
//! ```
//! use optimod::{Objective, Spec};
//! use rand::distr::Distribution;
//!
//! let answer = optimod::prove(&Spec::primes_below(42, Objective::WorstCase)?)?;
//! assert_eq!(answer.worst_case_calls(), Some(2)); // 1/2 + 1/3 + 1/7 = 41/42
//! let sampler = answer.sampler().expect("a proved answer has a strategy");
//! let value = sampler.sample(&mut rand::rng());
//! assert!(value < 42);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod grading;

use optimod_check::Checked;
use optimod_emit::CertificateStrategy;
use rand::Rng;
use std::fmt;

pub use num_rational::BigRational;
pub use optimod_check::{Basis, CheckError, Established, TrustLevel, Verdict};
pub use optimod_grade::Assessment;
pub use optimod_spec::{Objective, Spec, SpecError};

/// Why a question got no proved answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The question is not well posed (a size below 2, a modulus out of range, ...).
    Invalid(String),
    /// Not settled within the limits; the message gives the bounds proven so far.
    Unknown(String),
    /// A certificate was refused by the checker, or two engines disagreed: a bug to report.
    CheckFailed(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(m) => write!(f, "invalid input: {m}"),
            Error::Unknown(m) => write!(f, "unknown: {m}"),
            Error::CheckFailed(m) => write!(f, "check failed: {m}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<SpecError> for Error {
    fn from(error: SpecError) -> Error {
        Error::Invalid(error.to_string())
    }
}

impl From<optimod_prove::ProveError> for Error {
    fn from(error: optimod_prove::ProveError) -> Error {
        use optimod_prove::ProveError;
        match error {
            ProveError::Unknown(m) => Error::Unknown(m),
            ProveError::Unsupported(m) => Error::Invalid(m),
            other => Error::CheckFailed(other.to_string()),
        }
    }
}

/// A claim the checker accepted: the optimum (or that none exists), its certificate, and a
/// strategy that attains it.
#[derive(Clone, Debug)]
pub struct Certified {
    checked: Checked,
}

impl Certified {
    /// The modulus n.
    pub fn modulus(&self) -> u64 {
        self.checked.verdict().modulus
    }

    /// The fewest calls in the worst case, for a worst-case claim.
    pub fn worst_case_calls(&self) -> Option<u32> {
        match self.checked.verdict().established {
            Established::WorstCase { calls } => Some(calls),
            _ => None,
        }
    }

    /// Whether the claim is that no finite exact tree exists (some prime of n divides no size).
    pub fn is_impossible(&self) -> bool {
        matches!(self.checked.verdict().established, Established::Impossible { .. })
    }

    /// The strategy's exact expected calls (an upper bound on them when the certificate says
    /// its tail is bounded); `None` when the claim is that no strategy exists.
    pub fn expected_calls(&self) -> Option<BigRational> {
        optimod_emit::strategy_costs(self.checked.certificate()).map(|(calls, _)| calls.into_value())
    }

    /// What the checker established, its trust level and basis.
    pub fn verdict(&self) -> &Verdict {
        self.checked.verdict()
    }

    /// `Elementary` (arithmetic the checker repeats) or `Solver` (a pinned solver verdict).
    pub fn trust(&self) -> &TrustLevel {
        &self.checked.verdict().trust
    }

    /// The trust level in one word: `elementary`, `solver` or `coq`.
    pub fn trust_word(&self) -> &'static str {
        optimod_emit::trust_word(self.trust())
    }

    /// What the claim rests on: the argument re-derived, facts of the model, a solver step.
    pub fn basis(&self) -> &Basis {
        &self.checked.verdict().basis
    }

    /// The claim, the strategy and the lower bound in words.
    pub fn in_words(&self) -> String {
        optimod_emit::claim_lines(&self.checked, 40).join("\n")
    }

    /// The certificate's stable JSON bytes, for `optimod verify` or [`verify`].
    pub fn certificate_json(&self) -> String {
        self.checked.to_json()
    }

    /// The certified strategy as a random variable over `0..n`; `None` when none exists.
    pub fn sampler(&self) -> Option<Sampler> {
        optimod_emit::certified_strategy(&self.checked).map(|strategy| Sampler { modulus: self.modulus(), strategy })
    }
}

/// Proves the optimum for a spec (worst case, or expected calls as the spec's objective says),
/// with the default limits: a minute at most, solver steps and engine cross-checks included.
///
/// ```
/// # use optimod::{Objective, Spec};
/// let coin = Spec::new(5, &[2], Objective::Expected)?;
/// let answer = optimod::prove(&coin)?;
/// assert_eq!(answer.expected_calls().unwrap().to_string(), "18/5"); // Knuth-Yao, proved optimal
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn prove(spec: &Spec) -> Result<Certified, Error> {
    let options = optimod_prove::Options::default();
    let checked = match spec.objective {
        Objective::WorstCase => match optimod_prove::prove(spec, &options)? {
            optimod_prove::Outcome::Proved { checked, .. } | optimod_prove::Outcome::Impossible { checked, .. } => {
                checked
            }
            optimod_prove::Outcome::Unknown { lower, upper, reason } => {
                let upper = upper.map_or("none known".into(), |u| u.to_string());
                return Err(Error::Unknown(format!("{reason}; at least {lower} calls, at most {upper}")));
            }
        },
        Objective::ExpectedWithinDepth { .. } => match optimod_prove::prove_expected(spec, &options)? {
            optimod_prove::ExpectedOutcome::Proved { checked, .. } => checked,
            optimod_prove::ExpectedOutcome::NoTreeWithinDepth { least_depth } => {
                return Err(Error::Invalid(format!(
                    "no exact tree within the depth limit (the least is {least_depth})"
                )))
            }
            optimod_prove::ExpectedOutcome::Impossible { missing_prime } => {
                return Err(Error::Invalid(format!("no finite exact tree: {missing_prime} divides no size")))
            }
            optimod_prove::ExpectedOutcome::Unknown { lower, reason, .. } => {
                return Err(Error::Unknown(format!("{reason}; at least {lower} expected calls")))
            }
        },
        Objective::Expected => optimod_prove::prove_expected_all(spec, &options)?.checked,
    };
    Ok(Certified { checked })
}

/// Checks certificate JSON with the independent checker (a claim resting on a solver step is
/// checked up to that step; `optimod verify` also re-runs it).
///
/// ```
/// let answer = optimod::prove(&optimod::Spec::primes_below(42, optimod::Objective::WorstCase)?)?;
/// let again = optimod::verify(&answer.certificate_json())?;
/// assert_eq!(again.worst_case_calls(), Some(2));
/// assert!(optimod::verify(&answer.certificate_json().replace("\"count\": 1", "\"count\": 2")).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify(certificate_json: &str) -> Result<Certified, CheckError> {
    optimod_check::check_json(certificate_json).map(|checked| Certified { checked })
}

/// Grades a strategy in tree notation (`41(2(0 21) ...)`; `@0` restarts) for a spec: exact or
/// not in exact rationals, its worst-case and expected calls. Compare with [`prove`]'s optimum.
///
/// ```
/// # use optimod::{Objective, Spec};
/// let spec = Spec::new(6, &[2, 3], Objective::WorstCase)?;
/// let grade = optimod::grade(&spec, "2(3(0 1 2) 3(3 4 5))")?;
/// assert!(grade.exact);
/// assert_eq!(grade.worst_case_calls, Some(2));
/// assert!(!optimod::grade(&spec, "2(3(0 1 2) 3(3 4 4))")?.exact);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn grade(spec: &Spec, tree_notation: &str) -> Result<Assessment, Error> {
    match optimod_grade::read_text(spec.modulus, tree_notation).map_err(Error::Invalid)? {
        optimod_grade::Read::Graded { proposal, .. } => optimod_grade::assess(spec, &proposal).map_err(Error::Invalid),
        _ => unreachable!("text reads as a tree or a loop"),
    }
}

/// A certified strategy, drawn with any random source: each generator call of size m is
/// `rng.random_range(0..m)`, so the values are exactly uniform in `0..n` when the source is.
///
/// ```
/// use rand::distr::Distribution;
/// use rand::SeedableRng;
/// let answer = optimod::prove(&optimod::Spec::primes_below(42, optimod::Objective::WorstCase)?)?;
/// let sampler = answer.sampler().unwrap();
/// let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
/// let values: Vec<u64> = sampler.sample_iter(&mut rng).take(1000).collect();
/// assert!(values.iter().all(|&v| v < 42));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Sampler {
    modulus: u64,
    strategy: CertificateStrategy,
}

impl Sampler {
    /// n: values are drawn from `0..n`.
    pub fn modulus(&self) -> u64 {
        self.modulus
    }

    /// One value and the generator calls it took.
    pub fn sample_with_calls<R: Rng + ?Sized>(&self, rng: &mut R) -> (u64, u32) {
        let mut call = |m: u64| Ok::<u64, std::convert::Infallible>(rng.random_range(0..m));
        self.run_with(&mut call).unwrap_or_else(|e| unreachable!("a random source never fails: {e}"))
    }

    /// One value and the calls it took, from your own generators: `call(m)` is the outcome of
    /// one call of your generator of size m, a number in `0..m`. The strategy is exact when
    /// each call is uniform and independent. A run stops with an error when `call` fails,
    /// returns an outcome out of range, or (on a source that keeps landing on rejected
    /// outcomes) after [`MAX_RUN_CALLS`] calls.
    ///
    /// ```
    /// let answer = optimod::prove(&optimod::Spec::primes_below(42, optimod::Objective::WorstCase)?)?;
    /// let sampler = answer.sampler().unwrap();
    /// // Outcome 40 of the first call, then outcome 1: every path of this tree makes two calls.
    /// let mut outcomes = vec![40u64, 1].into_iter();
    /// let (value, calls) = sampler.run_with(|_m| Ok::<u64, String>(outcomes.next().unwrap_or(0)))?;
    /// assert!(value < 42 && calls == 2);
    /// assert!(sampler.run_with(|m| Ok::<u64, String>(m)).is_err()); // outcome m is out of range
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_with<E>(&self, mut call: impl FnMut(u64) -> Result<u64, E>) -> Result<(u64, u32), RunError<E>> {
        let mut failure = None;
        let mut calls = 0u32;
        let mut guarded = |m: u64| -> Option<u64> {
            // The first failure is the one reported (a block tree finishes its run after it).
            if failure.is_some() {
                return None;
            }
            calls += 1;
            if calls > MAX_RUN_CALLS {
                failure = Some(RunError::TooManyCalls);
                return None;
            }
            match call(m) {
                Ok(outcome) if outcome < m => Some(outcome),
                Ok(outcome) => {
                    failure = Some(RunError::OutOfRange { size: m, outcome });
                    None
                }
                Err(e) => {
                    failure = Some(RunError::Source(e));
                    None
                }
            }
        };
        let run = match &self.strategy {
            CertificateStrategy::Finite(optimod_spec::Witness::Tree(tree)) => {
                optimod_sample::run_tree(tree, &mut guarded)
            }
            CertificateStrategy::Finite(optimod_spec::Witness::Blocks(blocks)) => {
                optimod_sample::run_blocks(blocks, &mut guarded)
            }
            CertificateStrategy::Automaton(automaton) => optimod_sample::run_automaton(automaton, &mut guarded),
        };
        run.ok_or_else(|| failure.expect("a run stops only on a failure"))
    }
}

/// Most calls [`Sampler::run_with`] makes for one value (a random source needs more with
/// probability below 2^-1000 for every strategy optimod certifies).
pub const MAX_RUN_CALLS: u32 = 1 << 20;

/// Why [`Sampler::run_with`] gave no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError<E> {
    /// The outcome source failed.
    Source(E),
    /// The source answered a call of size `size` with `outcome`, which is not below it.
    OutOfRange { size: u64, outcome: u64 },
    /// More than [`MAX_RUN_CALLS`] calls for one value.
    TooManyCalls,
}

impl<E: fmt::Display> fmt::Display for RunError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Source(e) => write!(f, "the outcome source failed: {e}"),
            RunError::OutOfRange { size, outcome } => {
                write!(f, "a generator of size {size} gave outcome {outcome}, not in 0..{size}")
            }
            RunError::TooManyCalls => write!(f, "more than {MAX_RUN_CALLS} calls for one value"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for RunError<E> {}

impl rand::distr::Distribution<u64> for Sampler {
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        self.sample_with_calls(rng).0
    }
}
