//! Grading a strategy against the certified optima: what `optimod grade`, [`crate::grade`]
//! and the Python package share. The optima are proved here, by the arithmetic-first pipeline
//! (no engine cross-checks; the checker still accepts each certificate before it counts).

use optimod_grade::{ExpectedOptimum, WorstOptimum};
use optimod_prove::{prove, Options, Outcome};
use optimod_spec::{Objective, Spec};
use std::time::Duration;

pub use optimod_grade::{
    judge, read_exploration, read_report_value, read_text, ExpectedCalls, Read, Report, Verdict, EXPLORER,
    EXPLORE_NODES,
};

/// How long each optimum may take to prove before it is reported as not settled.
const OPTIMUM_TIME: Duration = Duration::from_secs(30);

/// The certified worst-case optimum for `spec`, and the expected-calls optimum over all
/// strategies when `expected` asks for it.
pub fn optima(spec: &Spec, expected: bool) -> (WorstOptimum, Option<Result<ExpectedOptimum, String>>) {
    let options = Options { cross_check: false, timeout: OPTIMUM_TIME, ..Options::default() };
    let worst = match prove(spec, &options) {
        Ok(Outcome::Proved { facts, checked, .. }) => {
            WorstOptimum::Calls { calls: facts.depth, trust: checked.verdict().trust.to_string() }
        }
        Ok(Outcome::Impossible { missing_prime, .. }) => WorstOptimum::Impossible { prime: missing_prime },
        Ok(Outcome::Unknown { lower, upper, .. }) => WorstOptimum::Unknown { lower, upper },
        Err(e) => WorstOptimum::Failed(e.to_string()),
    };
    let expected = expected.then(|| {
        let spec = Spec { objective: Objective::Expected, ..spec.clone() };
        optimod_prove::prove_expected_all(&spec, &options)
            .map(|o| ExpectedOptimum { best: o.value, lower: o.lower })
            .map_err(|e| e.to_string())
    });
    (worst, expected)
}

/// Grades a read strategy: the optima proved, then the verdict.
pub fn grade_read(spec: &Spec, read: Read, expected: bool) -> Report {
    let (optimum, expected_optimum) = optima(spec, expected);
    judge(spec, read, optimum, expected_optimum)
}
