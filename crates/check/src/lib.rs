//! The independent checker: is a certificate true?
//!
//! It depends on the certificate types and on big-number arithmetic only: no solver, and none
//! of the crates that produce certificates. Everything it needs (primes, the tree notation,
//! reaches, each elementary argument) it re-implements here, so that a bug in a producer
//! cannot hide in the checker as well. Read it top to bottom: [`check`] is the whole story.
//! `kernel/` settles worst-case and impossible claims alone (its `mod.rs` gives the reading
//! order; `kernel/tree.rs` is where a tree is checked); `expected/` checks the expected-calls
//! claims on top of it, and is left out of a build without the `expected` feature (such a
//! build refuses those claims with [`CheckError::NotBuilt`]).

mod kernel;

#[cfg(feature = "expected")]
mod expected;

pub use kernel::error::{CheckError, Failure};
pub use kernel::limits::{CHAIN_LIMIT, DEPTH_LIMIT};
pub use kernel::replay::{check_replay, replay_of, sha256_hex};
pub use kernel::verdict::{AllStrategiesVerdict, Basis, Established, TrustLevel, Verdict};

use kernel::spec::{check_depths, resolve_spec};
use kernel::worst_case::{check_impossible, check_worst_case};
use optimod_cert::{Certificate, Claim, ObjectiveRecord, FORMAT, VERSION};

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
        #[cfg(feature = "expected")]
        (Claim::ExpectedWithinDepth(claim), ObjectiveRecord::ExpectedCalls, Some(max_depth)) => {
            expected::check_expected(&spec, max_depth, claim, cross)?
        }
        #[cfg(feature = "expected")]
        (Claim::ExpectedAllStrategies(claim), ObjectiveRecord::ExpectedCalls, None) => {
            expected::check_all_strategies(&spec, claim, cross)?
        }
        #[cfg(not(feature = "expected"))]
        (claim @ (Claim::ExpectedWithinDepth(_) | Claim::ExpectedAllStrategies(_)), _, _) => {
            return Err(CheckError::NotBuilt { claim: claim_kind(claim) })
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

/// Built without the `expected` feature (`cargo test -p optimod-check --no-default-features`):
/// the kernel alone still checks worst-case claims and refuses expected-calls ones by type.
#[cfg(all(test, not(feature = "expected")))]
mod kernel_only {
    use super::*;

    #[test]
    fn the_kernel_checks_worst_case_claims_and_refuses_expected_ones() {
        check_json(include_str!("../../../proofs/42.json")).expect("a worst-case claim");
        let refused = check_json(include_str!("../../../proofs/42-expected.json")).unwrap_err();
        assert_eq!(refused, CheckError::NotBuilt { claim: "expected-within-depth" });
        let refused = check_json(include_str!("../../../proofs/5-expected.json")).unwrap_err();
        assert_eq!(refused, CheckError::NotBuilt { claim: "expected-all-strategies" });
    }
}
