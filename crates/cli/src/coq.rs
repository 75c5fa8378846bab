//! `optimod verify --coq`: a checked certificate's Coq export compiled by `coqc` against the
//! library built into this binary (`optimod_emit::COQ_LIBRARY`), which is compiled afresh in
//! a private scratch directory once per run (no shared cache another user could plant files
//! in). coqc decides; this module writes the files, runs it and reads its verdict.

use optimod_check::{Checked, TrustLevel, Verdict};
use optimod_emit::CoqScope;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest one coqc run may take before it is stopped: the exporter refuses lower bounds whose
/// check it estimates past five minutes.
const COQC_TIME_LIMIT: Duration = Duration::from_secs(900);

/// What Coq made of a checked certificate.
pub(crate) enum CoqOutcome {
    /// coqc proved the exported theorem, closed under the global context: the verdict with
    /// trust `coq`.
    Proved(Box<Verdict>),
    /// No Coq check was made (the claim has no export, or coqc is missing): why.
    NotRun(String),
    /// coqc refused the export: what it said.
    Rejected(String),
}

/// The library compiled once, in a directory of this run's own.
pub(crate) struct CoqLibrary {
    dir: PathBuf,
    version: String,
}

impl Drop for CoqLibrary {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl CoqLibrary {
    /// Finds coqc and compiles the built-in library with it.
    pub(crate) fn compile() -> Result<CoqLibrary, String> {
        let version = coqc_version()?;
        let dir = private_dir()?;
        let library = CoqLibrary { dir, version };
        for (name, source) in optimod_emit::COQ_LIBRARY {
            std::fs::write(library.dir.join(name), source).map_err(|e| format!("cannot write {name}: {e}"))?;
            let (ok, output) = run_coqc(&library.dir, &library.dir, name)?;
            if !ok {
                return Err(format!(
                    "the built-in Coq library does not compile with coqc {}: {name}: {output}",
                    library.version
                ));
            }
        }
        Ok(library)
    }

    /// Exports the certificate and has coqc prove it.
    pub(crate) fn raise(&self, checked: &Checked, origin: &str) -> CoqOutcome {
        let (text, scope) = match optimod_emit::coq_export(checked, origin) {
            Ok(export) => export,
            Err(why) => return CoqOutcome::NotRun(format!("no Coq export: {why}")),
        };
        let work = self.dir.join("certificate");
        let attempt = std::fs::create_dir_all(&work)
            .and_then(|()| std::fs::write(work.join("Certificate.v"), text))
            .map_err(|e| format!("cannot write the export: {e}"))
            .and_then(|()| run_coqc(&work, &self.dir, "Certificate.v"));
        let _ = std::fs::remove_dir_all(&work);
        match attempt {
            Err(why) => CoqOutcome::NotRun(why),
            Ok((true, output)) if output.contains("Closed under the global context") && !output.contains("Axioms") => {
                let half = match scope {
                    CoqScope::Claim => None,
                    CoqScope::LowerBound => {
                        Some(("lower bound", "ExpectedAtLeast", "the strategy's expected calls rest on the checker"))
                    }
                    CoqScope::UpperBound => Some((
                        "upper bound",
                        "an exact strategy with at most these expected calls",
                        "the lower bound rests on the checker",
                    )),
                };
                if let Some((half, what, rest)) = half {
                    let version = &self.version;
                    return CoqOutcome::NotRun(format!(
                        "only its {half} is a Coq theorem (coqc {version} proved {what}); {rest}"
                    ));
                }
                let mut verdict = checked.verdict().clone();
                verdict.trust = TrustLevel::Coq { coqc: self.version.clone() };
                CoqOutcome::Proved(Box::new(verdict))
            }
            Ok((_, output)) => CoqOutcome::Rejected(output),
        }
    }
}

fn coqc_version() -> Result<String, String> {
    let output = Command::new("coqc")
        .arg("--version")
        .output()
        .map_err(|e| format!("coqc is not available ({e}); scripts/setup.sh installs Coq 8.16"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let version = text.lines().next().and_then(|line| line.split_whitespace().last()).unwrap_or("");
    if !output.status.success() || version.is_empty() {
        return Err(format!("coqc --version gave no version: {text}"));
    }
    Ok(version.to_string())
}

/// A new directory only this process writes to (its name is fresh; create_dir fails on one
/// that exists).
fn private_dir() -> Result<PathBuf, String> {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("optimod-coq-{}-{nanos}", std::process::id()));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// `coqc -R LIBRARY Optimod FILE` in `cwd`, stopped after [`COQC_TIME_LIMIT`]: whether it
/// succeeded, and its output.
fn run_coqc(cwd: &Path, library: &Path, file: &str) -> Result<(bool, String), String> {
    let mut child = Command::new("coqc")
        .arg("-R")
        .arg(library)
        .arg("Optimod")
        .arg(file)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run coqc: {e}"))?;
    // Read both streams while coqc runs (a full pipe would stall it), keeping the first MiB.
    let readers: Vec<_> = [
        child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
        child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|stream| std::thread::spawn(move || read_capped(stream)))
    .collect();
    let start = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| format!("coqc: {e}"))? {
            Some(status) => break status,
            None if start.elapsed() > COQC_TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("coqc did not finish within {} s", COQC_TIME_LIMIT.as_secs()));
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let output: String = readers.into_iter().map(|r| r.join().unwrap_or_default()).collect();
    Ok((status.success(), output))
}

/// The first MiB of a stream as text; the rest is read and dropped.
fn read_capped(mut stream: Box<dyn Read + Send>) -> String {
    let mut kept = Vec::new();
    let _ = (&mut stream).take(1 << 20).read_to_end(&mut kept);
    let _ = std::io::copy(&mut stream, &mut std::io::sink());
    String::from_utf8_lossy(&kept).into_owned()
}
