//! `optimod export coq`: a checked worst-case certificate whose trust is elementary, as a Coq
//! file that proves `Optimal n G D` (or `Impossible n G`) about the model in `coq/Model.v`.
//! The file is only as good as `coqc` finds it; `optimod_emit::coq_file` chooses which of the
//! library's checks to run, and this module only reads, calls and writes.

use crate::input::load_certificate;
use crate::output::{invalid, writable, write_atomically, EXIT_INVALID_INPUT, EXIT_OK};
use std::path::Path;

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum ExportFormat {
    /// A Coq theorem checked by `coqc -R coq Optimod FILE.v`.
    Coq,
}

pub(crate) fn run(format: ExportFormat, file: &Path, out: Option<&Path>) -> u8 {
    let ExportFormat::Coq = format;
    // `--out -` is standard output, where the text goes without --out.
    let out = out.filter(|&path| !crate::output::is_stdout(Some(path)));
    if let Some(out) = out {
        if let Err(message) = writable("--out", out).and_then(|()| coq_file_name(out)) {
            return invalid(&message);
        }
    }
    let checked = match load_certificate(file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let text = match optimod_emit::coq_file(&checked, &file.display().to_string()) {
        Ok(text) => text,
        Err(message) => return invalid(&format!("{}: {message}", file.display())),
    };
    match out {
        Some(path) => match write_atomically(path, &text) {
            Ok(()) => {
                eprintln!("wrote {} (check it: coqc -R coq Optimod {})", path.display(), path.display());
                EXIT_OK
            }
            Err(e) => {
                eprintln!("optimod: cannot write {}: {e}", path.display());
                EXIT_INVALID_INPUT
            }
        },
        None => {
            print!("{text}");
            EXIT_OK
        }
    }
}

/// coqc names a file's module after it: `P42.v` works, `42.v` and `p-42.v` do not.
fn coq_file_name(path: &Path) -> Result<(), String> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let identifier = stem.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if path.extension().is_none_or(|e| e != "v") || !identifier {
        return Err(format!(
            "--out {}: coqc needs a .v file whose name is an identifier (letters, digits, _; not first a digit), \
             such as P42.v",
            path.display()
        ));
    }
    Ok(())
}
