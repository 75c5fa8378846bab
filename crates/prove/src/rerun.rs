//! A pinned solver step re-run now: every case of a replay script (already bound to its
//! certificate's question by [`crate::check_replay_binding`]) must answer `unsat`. cvc5, a
//! solver of another lineage than z3, when it is installed; z3 otherwise. Both within a
//! deterministic resource budget, so the answer does not depend on the machine's load.

use optimod_smt::{rerun_replay_cases, CaseAnswer};
use std::io::{Read, Write};
use std::process::{Command, Stdio};

/// cvc5's resource budget per case (`--rlimit-per`); the committed scripts need under 10^5.
const CVC5_RLIMIT_PER_CASE: u64 = 50_000_000;
/// cvc5's wall-clock guard for the whole script (a runaway process, not a budget).
const CVC5_WALL_MS: u64 = 600_000;
/// z3's resource budget per case (`rlimit`).
const Z3_RLIMIT_PER_CASE: u32 = 200_000_000;
/// Most bytes read from cvc5's answers (one short line a case).
const ANSWER_BYTES: u64 = 1 << 20;

/// Which solver answered, and how many cases it found unsatisfiable (all of them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rerun {
    /// `"cvc5 1.0.3"` or `"z3 4.13.3"`.
    pub solver: String,
    /// The cases, every one unsat.
    pub cases: usize,
}

impl std::fmt::Display for Rerun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "solver step re-run: {} answered unsat to all {} case(s)", self.solver, self.cases)
    }
}

/// Re-runs `script` (with `cases` `(check-sat)` commands) on cvc5 if it is on the PATH, else
/// on z3. `Err` names the first case not answered `unsat`, or why the solver could not run.
pub fn rerun_solver_step(script: &str, cases: usize) -> Result<Rerun, String> {
    match cvc5_version() {
        Some(version) => rerun_with_cvc5(script, cases, &version),
        None => rerun_with_z3(script, cases),
    }
}

/// The solver step on z3 (in this process, a fresh context per case).
pub fn rerun_with_z3(script: &str, cases: usize) -> Result<Rerun, String> {
    optimod_smt::require_supported_z3()?;
    let solver = format!("z3 {}", optimod_smt::z3_version());
    let answers = rerun_replay_cases(script, Z3_RLIMIT_PER_CASE);
    if answers.len() != cases {
        return Err(format!("{solver} read {} case(s), the certificate says {cases}", answers.len()));
    }
    for (i, answer) in answers.iter().enumerate() {
        match answer {
            CaseAnswer::Unsat => {}
            CaseAnswer::Sat => return Err(format!("{solver} answered sat to case {}: the claim is false", i + 1)),
            CaseAnswer::Unknown(why) => {
                return Err(format!("{solver} could not decide case {} within its budget ({why})", i + 1))
            }
        }
    }
    Ok(Rerun { solver, cases })
}

fn cvc5_version() -> Option<String> {
    let out = Command::new("cvc5").arg("--version").stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    // "This is cvc5 version 1.0.3 [...]"
    let version = text.lines().next()?.split("version ").nth(1)?.split_whitespace().next()?.to_string();
    out.status.success().then_some(version)
}

/// The solver step on cvc5 (a subprocess reading the script on its standard input).
pub fn rerun_with_cvc5(script: &str, cases: usize, version: &str) -> Result<Rerun, String> {
    let solver = format!("cvc5 {version}");
    let mut child = Command::new("cvc5")
        .args(["--incremental", "--lang", "smt2"])
        .arg(format!("--rlimit-per={CVC5_RLIMIT_PER_CASE}"))
        .arg(format!("--tlimit={CVC5_WALL_MS}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run cvc5: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let text = script.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let mut answers = String::new();
    let read = child.stdout.take().expect("piped").take(ANSWER_BYTES).read_to_string(&mut answers);
    let _ = writer.join();
    let _ = child.wait();
    read.map_err(|e| format!("cannot read cvc5's answers: {e}"))?;
    let lines: Vec<&str> = answers.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if let Some((i, other)) = lines.iter().enumerate().find(|(_, l)| **l != "unsat") {
        return Err(format!("{solver} answered {other:?} to case {}, not unsat", i + 1));
    }
    if lines.len() != cases {
        return Err(format!("{solver} answered {} case(s) unsat, the certificate has {cases}", lines.len()));
    }
    Ok(Rerun { solver, cases })
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimod_smt::{replay_script, ProofEncoding};
    use optimod_spec::{Objective, Spec};

    fn script(n: u64, sizes: &[u64], depth: u32) -> (String, usize) {
        let spec = Spec::new(n, sizes, Objective::WorstCase).unwrap();
        let cases: Vec<_> = sizes.iter().map(|&r| (Some(r), ProofEncoding::General)).collect();
        (replay_script(&spec, depth, &cases, 20_000).unwrap(), cases.len())
    }

    #[test]
    fn a_true_exclusion_reruns_unsat_and_a_false_one_is_refused() {
        // 20 from {6, 15} needs 3 calls: depth 2 is excluded. 10 from {6, 15} takes 2.
        let (true_step, cases) = script(20, &[6, 15], 2);
        let (false_step, _) = script(10, &[6, 15], 2);
        assert_eq!(rerun_with_z3(&true_step, cases).unwrap().cases, 2);
        assert!(rerun_with_z3(&false_step, cases).unwrap_err().contains("answered sat"));
        assert!(rerun_with_z3(&true_step, 3).unwrap_err().contains("read 2 case(s)"));
        if let Some(version) = cvc5_version() {
            assert_eq!(rerun_with_cvc5(&true_step, cases, &version).unwrap().cases, 2);
            let refused = rerun_with_cvc5(&false_step, cases, &version).unwrap_err();
            assert!(refused.contains("answered \"sat\""), "{refused}");
        }
    }
}
