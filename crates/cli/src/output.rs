//! Where results go: exit codes, certificates written atomically beside their replay
//! scripts, and the checks made before anything is written.

use optimod_check::{replay_of, Checked};
use optimod_prove::ProveError;
use std::path::{Path, PathBuf};

/// Exit codes: the contract other tools rely on. Proved, impossible, verified or graded.
pub(crate) const EXIT_OK: u8 = 0;
/// Invalid input: a bad spec, flag or file; nothing was written.
pub(crate) const EXIT_INVALID_INPUT: u8 = 2;
/// Not decided within the limits (a timeout, a depth limit).
pub(crate) const EXIT_UNKNOWN: u8 = 3;
/// A certificate failed its check, or two engines disagree.
pub(crate) const EXIT_CHECK_FAILED: u8 = 4;

pub(crate) fn invalid(message: &str) -> u8 {
    eprintln!("optimod: invalid input: {message}");
    EXIT_INVALID_INPUT
}

/// The exit code of a producer fault or an unknown result, after saying what it was.
pub(crate) fn prove_failed(error: ProveError) -> u8 {
    eprintln!("optimod: {error}");
    match error {
        ProveError::CheckFailed(_) | ProveError::Disagreement(_) => EXIT_CHECK_FAILED,
        ProveError::Unknown(_) => EXIT_UNKNOWN,
        // Nothing was attempted: like an invalid request, a clear error and no output.
        ProveError::Unsupported(_) => EXIT_INVALID_INPUT,
    }
}

/// `--out -`: the certificate goes to standard output, and nothing else does.
pub(crate) fn is_stdout(path: Option<&Path>) -> bool {
    path.is_some_and(|p| p.as_os_str() == "-")
}

/// Writes a checked certificate to `path`, its replay script (if it names one) first, so that
/// a certificate on disk always has its script beside it. `Ok(Some(path))` once written. `-`
/// is standard output, refused for a certificate that needs a script beside it.
pub(crate) fn save(path: &Path, checked: &Checked, script: Option<&str>) -> Result<Option<String>, u8> {
    if is_stdout(Some(path)) {
        if replay_of(checked.certificate()).is_some() {
            eprintln!(
                "optimod: --out -: this certificate rests on a solver step whose replay script must sit beside \
                 it; give --out a file"
            );
            return Err(EXIT_INVALID_INPUT);
        }
        print!("{}", checked.to_json());
        return Ok(Some("standard output".into()));
    }
    let script_path = replay_of(checked.certificate()).map(|record| replay_path(path, &record.file_suffix));
    let result = match (&script_path, script) {
        (Some(script_path), Some(script)) => write_atomically(script_path, script),
        _ => Ok(()),
    }
    .and_then(|()| write_atomically(path, &checked.to_json()));
    if result.is_err() {
        // No script without its certificate.
        if let Some(script_path) = &script_path {
            let _ = std::fs::remove_file(script_path);
        }
    }
    match result {
        Ok(()) => Ok(Some(path.display().to_string())),
        Err(e) => {
            eprintln!("optimod: cannot write {}: {e}", path.display());
            Err(EXIT_INVALID_INPUT)
        }
    }
}

/// `proofs/20.json` + `depth2.smt2` -> `proofs/20.depth2.smt2`.
pub(crate) fn replay_path(certificate: &Path, suffix: &str) -> PathBuf {
    let stem = certificate.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    certificate.with_file_name(format!("{stem}.{suffix}"))
}

/// Writes to a temporary file beside `path`, then renames: no partial certificate is ever seen,
/// and on failure the temporary file is removed. The temporary name carries the process id,
/// so concurrent runs do not collide.
pub(crate) fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    // Checked again at the last moment: the path may have changed since the command started.
    writable("output", path).map_err(std::io::Error::other)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let result = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `FLAG PATH` can take a file: a regular file or nothing yet, in an existing folder. A
/// directory, device, FIFO, socket or symbolic link is refused (a rename over it would replace
/// it with a regular file), before any work is done.
pub(crate) fn writable(flag: &str, path: &Path) -> Result<(), String> {
    if is_stdout(Some(path)) {
        return Ok(());
    }
    let refuse = |what: &str| Err(format!("{flag} {}: {what}", path.display()));
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return refuse("is a symbolic link; give the file it points to (writing replaces the path, not its target)")
        }
        Ok(meta) if meta.is_dir() => return refuse("is a directory; give a file name"),
        Ok(meta) if !meta.is_file() => return refuse(&format!("is {}, not a regular file", special_kind(&meta))),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return refuse(&e.to_string()),
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(format!("{flag} {}: the folder {} does not exist", path.display(), folder.display()));
    }
    Ok(())
}

/// What a file that is neither regular nor a directory is, in words.
pub(crate) fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}
