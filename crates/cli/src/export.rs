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

/// Most moduli per chunk file (each row is a few hundred bytes of Coq).
const MAX_CHUNK: u64 = 100_000;

/// `optimod export coq --table A..B --out DIR`: every modulus of the range with the primes below
/// it, proved and checked, as rows of `coq/Table.v`: `DIR/Chunk_a_b.v` per chunk (a theorem for
/// its range) and `DIR/Range_A_B.v` (the whole range, joining the chunks). A modulus without a
/// Coq route is an error and nothing is left behind.
pub(crate) fn run_table(format: ExportFormat, range: &str, out: Option<&Path>, chunk: u64) -> u8 {
    let ExportFormat::Coq = format;
    let (first, last) = match crate::table::parse_range(range) {
        Ok(ends) => ends,
        Err(message) => return invalid(&message),
    };
    let Some(dir) = out.filter(|&path| !crate::output::is_stdout(Some(path))) else {
        return invalid("--table writes several files: give --out DIR");
    };
    if !(1..=MAX_CHUNK).contains(&chunk) {
        return invalid(&format!("--chunk {chunk} must be between 1 and {MAX_CHUNK}"));
    }
    for end in [first, last] {
        if let Err(message) = crate::input::read_spec(&end.to_string(), None) {
            return invalid(&message);
        }
    }
    // A path that exists must be a directory; say what it is instead (create_dir_all's "File
    // exists" names neither).
    if let Ok(meta) = std::fs::metadata(dir) {
        if !meta.is_dir() {
            let kind = if meta.is_file() { "a file" } else { crate::output::special_kind(&meta) };
            return invalid(&format!("--out {}: is {kind}, not a directory", dir.display()));
        }
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return invalid(&format!("--out {}: {e}", dir.display()));
    }
    let started = std::time::Instant::now();
    let mut written: Vec<std::path::PathBuf> = Vec::new();
    let mut chunks = Vec::new();
    let mut a = first;
    while a <= last {
        let b = last.min(a.saturating_add(chunk - 1));
        let result = chunk_rows(a, b).and_then(|rows| {
            let header = table_header(&format!("{a}..={b}"));
            let module = format!("Chunk_{a}_{b}");
            let path = dir.join(format!("{module}.v"));
            write_atomically(&path, &optimod_emit::coq_table_chunk(a, &rows, &header))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            written.push(path);
            Ok(module)
        });
        match result {
            Ok(module) => chunks.push((module, a, b)),
            Err(message) => {
                written.iter().for_each(|path| drop(std::fs::remove_file(path)));
                return invalid(&message);
            }
        }
        eprintln!("chunk {a}..={b}: {} rows ({:.1} s)", b - a + 1, started.elapsed().as_secs_f64());
        a = b + 1;
    }
    let path = dir.join(format!("Range_{first}_{last}.v"));
    let text = optimod_emit::coq_table_join(&chunks, &table_header(&format!("{first}..={last}")));
    if let Err(e) = write_atomically(&path, &text) {
        written.iter().for_each(|path| drop(std::fs::remove_file(path)));
        return invalid(&format!("cannot write {}: {e}", path.display()));
    }
    eprintln!(
        "wrote {} chunk files and {} (check them: coqc -R coq Optimod -R {dir} OptimodTable FILE.v, the chunks first)",
        chunks.len(),
        path.display(),
        dir = dir.display()
    );
    EXIT_OK
}

fn table_header(range: &str) -> Vec<String> {
    vec![
        format!("Generated by optimod {} (optimod export coq --table).", env!("CARGO_PKG_VERSION")),
        format!("The certified table for n in {range}, the generators the primes below n; every row's certificate"),
        "was accepted by optimod's checker before its row was written. Coq's kernel checks it against".into(),
        "coq/Model.v: coqc -R <optimod>/coq Optimod -R <this directory> OptimodTable THIS_FILE.v".into(),
    ]
}

/// The rows of `a..=b`: each modulus proved, checked, and given its Coq route.
fn chunk_rows(a: u64, b: u64) -> Result<Vec<optimod_emit::CoqRow>, String> {
    // As `optimod table`: no z3/CBC cross-check per row (the checker checks every certificate).
    let options = optimod_prove::Options { cross_check: false, ..optimod_prove::Options::default() };
    (a..=b)
        .map(|n| {
            let spec = crate::input::read_spec(&n.to_string(), None)?;
            let checked = match optimod_prove::prove(&spec, &options) {
                Ok(optimod_prove::Outcome::Proved { checked, .. } | optimod_prove::Outcome::Impossible { checked, .. }) => {
                    checked
                }
                Ok(_) => return Err(format!("modulus {n}: not proved, so no Coq row")),
                Err(error) => return Err(format!("modulus {n}: {error}")),
            };
            optimod_emit::coq_row(&checked)?
                .ok_or_else(|| format!("modulus {n}: its claim has no Coq route at this scale (neither the valuation floor nor the partial fractions)"))
        })
        .collect()
}
