//! A solver step's replay script, bound to its certificate by hash and case count.

use super::error::CheckError;
use optimod_cert::{Certificate, Claim, ReplayRecord};

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
