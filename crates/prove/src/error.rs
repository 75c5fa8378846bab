//! What can go wrong inside the producer.

use optimod_check::CheckError;
use std::fmt;

/// A fault in the producer (never a property of the user's input), or a run that found
/// nothing to certify within its limits.
#[derive(Clone, Debug)]
pub enum ProveError {
    /// The certificate built here failed the independent check.
    CheckFailed(CheckError),
    /// Two methods contradict each other (a bug in one of them).
    Disagreement(String),
    /// Nothing certified within the limits: unknown, with what is known.
    Unknown(String),
    /// The machine cannot run the pipeline soundly (an unsupported z3 library linked).
    Unsupported(String),
}

impl fmt::Display for ProveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProveError::CheckFailed(e) => {
                write!(f, "internal error: the certificate built for this spec fails its check: {e}")
            }
            ProveError::Disagreement(m) => write!(f, "ENGINES DISAGREE (this is a bug): {m}"),
            ProveError::Unknown(m) => write!(f, "unknown: {m}"),
            ProveError::Unsupported(m) => write!(f, "cannot run: {m}"),
        }
    }
}

impl std::error::Error for ProveError {}
