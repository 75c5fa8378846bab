//! Where inputs come from: a modulus or a spec file, and certificate files, each read with
//! a byte cap and refused with a clear error (never half-read).

use crate::output::{invalid, replay_path, EXIT_CHECK_FAILED};
use optimod_cert::Certificate;
use optimod_check::{check_json, check_replay, replay_of, CheckError, Checked};
use optimod_spec::{Objective, Spec};
use std::path::Path;

/// Largest spec file read.
pub(crate) const SPEC_BYTES: u64 = 1 << 20;

/// Largest certificate file read (an explicit tree of the checker's 5 million nodes fits).
pub(crate) const CERTIFICATE_BYTES: u64 = 64 << 20;

/// Reads a text file of at most `limit` bytes: a device or a huge file is refused, not read.
pub(crate) fn read_input(path: &Path, limit: u64) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    if file.metadata().map_err(|e| e.to_string())?.is_dir() {
        return Err("is a directory".into());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("larger than {limit} bytes"));
    }
    String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
}

pub(crate) fn read_spec(target: &str, generators: Option<&str>) -> Result<Spec, String> {
    if let Ok(modulus) = target.parse::<u64>() {
        let spec = match generators {
            None | Some("primes-below-n") => Spec::primes_below(modulus, Objective::WorstCase),
            Some(list) => {
                let sizes = list
                    .split(',')
                    .map(|s| s.trim().parse::<u64>().map_err(|_| format!("--generators: {s:?} is not a size")))
                    .collect::<Result<Vec<u64>, String>>()?;
                Spec::new(modulus, &sizes, Objective::WorstCase)
            }
        };
        return spec.map_err(|e| e.to_string());
    }
    if generators.is_some() {
        return Err("--generators goes with a modulus; a spec file names its own generators".into());
    }
    if !Path::new(target).exists() {
        return Err(format!(
            "{target:?} is neither a modulus (a whole number from 2 to {}) nor an existing spec file",
            optimod_spec::MAX_SIZE
        ));
    }
    let text = read_input(Path::new(target), SPEC_BYTES).map_err(|e| format!("{target}: {e}"))?;
    Spec::from_toml(&text).map_err(|e| format!("{target}: {e}"))
}

/// Reads a certificate file and has the checker (and the replay hash) accept it.
pub(crate) fn load_certificate(file: &Path) -> Result<Checked, u8> {
    let text = read_input(file, CERTIFICATE_BYTES).map_err(|e| invalid(&format!("{}: {e}", file.display())))?;
    check_json(&text).and_then(|checked| check_replay_beside(file, checked.certificate()).map(|()| checked)).map_err(
        |error| {
            eprintln!("{}: FAILED: {error}", file.display());
            EXIT_CHECK_FAILED
        },
    )
}

/// A certificate resting on a solver must have its replay script beside it, unchanged, and
/// that script must be the encoding of this certificate's own question (re-encoded here).
pub(crate) fn check_replay_beside(file: &Path, certificate: &Certificate) -> Result<(), CheckError> {
    let Some(replay) = replay_of(certificate) else { return Ok(()) };
    let path = replay_path(file, &replay.file_suffix);
    let script = read_input(&path, CERTIFICATE_BYTES)
        .map_err(|e| CheckError::LowerBound(format!("replay script {}: {e}", path.display())))?;
    check_replay(certificate, script.as_bytes())?;
    optimod_prove::check_replay_binding(certificate, &script)
        .map_err(|why| CheckError::LowerBound(format!("replay script {}: {why}", path.display())))
}
