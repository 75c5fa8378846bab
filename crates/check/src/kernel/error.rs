//! The first check a certificate failed, and where.

use optimod_cert::{FORMAT, VERSION};
use std::fmt;

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
    /// A claim of this kind needs a part of the checker this build leaves out (the
    /// `expected` feature).
    NotBuilt { claim: &'static str },
    /// Where in the certificate the check failed (a path of its JSON, `claim.witness`), and
    /// the failure there.
    At { path: String, error: Box<CheckError> },
}

/// Which check failed, without its details: what a program (or a test) branches on, where
/// the message is for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Failure {
    Json,
    Version,
    Spec,
    Shape,
    Tree,
    Inexact,
    Witness,
    LowerBound,
    Impossible,
    Trust,
    TooLarge,
    Automaton,
    NotBuilt,
}

impl CheckError {
    /// The failure itself, without the path to it.
    pub fn cause(&self) -> &CheckError {
        match self {
            CheckError::At { error, .. } => error.cause(),
            other => other,
        }
    }

    /// Which check failed (of the cause, wherever it happened).
    pub fn failure(&self) -> Failure {
        match self.cause() {
            CheckError::Json(_) => Failure::Json,
            CheckError::Version { .. } => Failure::Version,
            CheckError::Spec(_) => Failure::Spec,
            CheckError::Shape(_) => Failure::Shape,
            CheckError::Tree(_) => Failure::Tree,
            CheckError::Inexact { .. } => Failure::Inexact,
            CheckError::Witness { .. } => Failure::Witness,
            CheckError::LowerBound(_) => Failure::LowerBound,
            CheckError::Impossible(_) => Failure::Impossible,
            CheckError::Trust { .. } => Failure::Trust,
            CheckError::TooLarge(_) => Failure::TooLarge,
            CheckError::Automaton(_) => Failure::Automaton,
            CheckError::NotBuilt { .. } => Failure::NotBuilt,
            CheckError::At { .. } => unreachable!("cause() unwraps every At"),
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
            CheckError::NotBuilt { claim } => {
                write!(f, "a claim of kind {claim:?} needs the expected-calls checks, which this build leaves out")
            }
            CheckError::At { path, error } => write!(f, "{path}: {error}"),
        }
    }
}

impl std::error::Error for CheckError {}
