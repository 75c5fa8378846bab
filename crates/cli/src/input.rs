//! Where inputs come from: a modulus or a spec file, and certificate files, each read with
//! a byte cap and refused with a clear error (never half-read).

use crate::output::{invalid, replay_path, EXIT_CHECK_FAILED};
use optimod_check::{check_json, check_replay, replay_of, CheckError, Checked};
use optimod_spec::{Objective, Spec};
use std::path::Path;

/// Largest spec file read.
pub(crate) const SPEC_BYTES: u64 = 1 << 20;

/// Largest certificate file read (an explicit tree of the checker's 5 million nodes fits).
pub(crate) const CERTIFICATE_BYTES: u64 = 64 << 20;

/// Opens `path` for reading only if it is a regular file: a FIFO is opened without blocking
/// and refused, as are devices, sockets and directories.
pub(crate) fn open_regular(path: &Path) -> Result<std::fs::File, String> {
    use std::os::unix::fs::OpenOptionsExt;
    let file =
        std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a directory".into());
    }
    if !meta.is_file() {
        return Err(format!("is {}, not a regular file", crate::output::special_kind(&meta)));
    }
    Ok(file)
}

/// `-` in place of an input file: standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// Reads a text file (or standard input, for `-`) of at most `limit` bytes: a special or huge
/// file is refused, not read. A leading UTF-8 byte-order mark is dropped, for every kind of
/// input alike.
pub(crate) fn read_input(path: &Path, limit: u64) -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    if is_stdin(path) {
        std::io::stdin().lock().take(limit + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    } else {
        open_regular(path)?.take(limit + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    }
    if bytes.len() as u64 > limit {
        return Err(format!("larger than {limit} bytes"));
    }
    let text =
        String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

pub(crate) fn read_spec(target: &str, generators: Option<&str>) -> Result<Spec, String> {
    if let Ok(modulus) = target.parse::<u64>() {
        let spec = match generators {
            // `primes-below-modulus` as in spec files and certificates; `primes-below-n` too.
            None | Some("primes-below-modulus" | "primes-below-n") => Spec::primes_below(modulus, Objective::WorstCase),
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

/// Whether a certificate's solver step is re-run when it is accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SolverStep {
    /// Every case of the pinned script must answer unsat now (cvc5, else z3).
    Rerun,
    /// `--no-solver`: the script is still pinned and bound, but not run; verdicts say so.
    Skip,
}

/// A certificate accepted, and what became of its solver step (when it has one).
pub(crate) struct Accepted {
    pub(crate) checked: Checked,
    pub(crate) solver_step: Option<String>,
}

/// The one way every command accepts a certificate: the checker, then for a solver step its
/// replay script, found beside `file` (a `.jsonl` line has none, so such a line is refused),
/// pinned by hash, byte for byte the encoding of this certificate's own question, and re-run
/// unless `step` says not to.
pub(crate) fn accept_certificate(text: &str, file: Option<&Path>, step: SolverStep) -> Result<Accepted, CheckError> {
    let checked = check_json(text)?;
    let Some(replay) = replay_of(checked.certificate()) else {
        return Ok(Accepted { checked, solver_step: None });
    };
    let Some(file) = file else {
        return Err(CheckError::LowerBound(
            "the claim rests on a solver step, and a certificate read from standard input or a line of a .jsonl \
             file has no replay script beside it"
                .into(),
        ));
    };
    let path = replay_path(file, &replay.file_suffix);
    let failed = |why: String| CheckError::LowerBound(format!("replay script {}: {why}", path.display()));
    let script = read_input(&path, CERTIFICATE_BYTES).map_err(failed)?;
    check_replay(checked.certificate(), script.as_bytes())?;
    optimod_prove::check_replay_binding(checked.certificate(), &script).map_err(failed)?;
    let solver_step = match step {
        SolverStep::Skip => "solver step not re-run (--no-solver)".to_string(),
        SolverStep::Rerun => {
            optimod_prove::rerun_solver_step(&script, replay.checks as usize).map_err(failed)?.to_string()
        }
    };
    Ok(Accepted { checked, solver_step: Some(solver_step) })
}

/// Reads a certificate file and accepts it ([`accept_certificate`], solver step re-run).
pub(crate) fn load_certificate(file: &Path) -> Result<Checked, u8> {
    let text = read_input(file, CERTIFICATE_BYTES).map_err(|e| invalid(&format!("{}: {e}", file.display())))?;
    let beside = (!is_stdin(file)).then_some(file);
    accept_certificate(&text, beside, SolverStep::Rerun).map(|accepted| accepted.checked).map_err(|error| {
        eprintln!("{}: FAILED: {error}", file.display());
        EXIT_CHECK_FAILED
    })
}
