//! A graded strategy as every front end reports it (`optimod grade`, the library, the Python
//! package): how it was read, the verdict against the certified optimum and its reason, in
//! words and as JSON. The optimum is the caller's to prove.

use crate::explore::ExploreError;
use crate::{
    assess, explored_bounds, judge_expected, judge_worst_case, read_explored, Assessment, ExpectedOptimum, Explored,
    Proposal, Reading, Verdict, WorstOptimum,
};
use num_rational::BigRational;
use optimod_emit::decimal;
use optimod_spec::Spec;
use serde_json::json;

/// A strategy as read, before it is judged.
#[derive(Clone, Debug)]
pub enum Read {
    /// A tree or an automaton; `kind` says how it was read and what that rests on.
    Graded { proposal: Proposal, kind: String },
    /// Paths still calling after the limit, no restart found: bounds only.
    Open { mass: Vec<BigRational>, calls_at_least: BigRational, max_calls: u32 },
    /// The strategy misbehaved (a fault of the strategy, not of the input).
    Invalid(String),
}

/// An exploration's outcome as a strategy to judge. `basis` says where it was explored and
/// what the reading rests on; a load failure or a broken explorer is an `Err` (bad input).
pub fn read_exploration(
    spec: &Spec,
    explored: Result<(Explored, u32), ExploreError>,
    max_calls: u32,
    basis: &str,
) -> Result<Read, String> {
    let (explored, evidence) = match explored {
        Ok(found) => found,
        Err(ExploreError::Load(why)) | Err(ExploreError::Explorer(why)) => return Err(why),
        Err(fault) => return Ok(Read::Invalid(fault.to_string())),
    };
    Ok(match read_explored(spec.modulus, explored, evidence) {
        Reading::Finite(tree) => Read::Graded { proposal: Proposal::Tree(tree), kind: format!("a tree ({basis})") },
        Reading::Restarts { automaton, restarts, evidence } => Read::Graded {
            proposal: Proposal::Automaton(automaton),
            kind: format!(
                "a loop: {restarts} node(s) read as restarts (each behaved like the start for {evidence} calls; \
                 {basis})"
            ),
        },
        Reading::Open(explored) => {
            let (mass, calls_at_least) = explored_bounds(spec.modulus, &explored);
            Read::Open { mass, calls_at_least, max_calls }
        }
    })
}

/// The expected calls a grade found: exact, a lower bound from an open exploration, or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectedCalls {
    Exact(BigRational),
    AtLeast(BigRational),
    None,
}

/// A graded strategy: the verdict, why, and the facts behind it.
#[derive(Clone, Debug)]
pub struct Report {
    pub verdict: Verdict,
    pub reason: String,
    /// `None` when exactness is not settled (or the strategy is invalid).
    pub exact: Option<bool>,
    pub worst_case_calls: Option<u32>,
    pub expected_calls: ExpectedCalls,
    /// The report in words (one or two lines), as `optimod grade` prints it.
    pub summary: String,
    /// How the strategy was read (a tree, or a loop whose restarts were inferred, and from what).
    pub reading: Option<String>,
    /// The worst-case optimum it was judged against.
    pub optimum: WorstOptimum,
    /// The expected-calls optimum, when expected calls were judged.
    pub expected_optimum: Option<Result<ExpectedOptimum, String>>,
}

/// Judges a read strategy against the optima the caller proved (the expected-calls one only
/// when expected calls are the objective).
pub fn judge(
    spec: &Spec,
    read: Read,
    optimum: WorstOptimum,
    expected_optimum: Option<Result<ExpectedOptimum, String>>,
) -> Report {
    let mut report = match read {
        Read::Graded { proposal, kind } => match assess(spec, &proposal) {
            Ok(assessment) => graded(spec, &kind, &assessment, optimum),
            Err(why) => invalid(&format!("not a strategy over the menu: {why}"), optimum),
        },
        Read::Open { mass, calls_at_least, max_calls } => open(spec, max_calls, &mass, &calls_at_least, optimum),
        Read::Invalid(why) => invalid(&why, optimum),
    };
    if let (Some(best), Some(true), ExpectedCalls::Exact(value)) =
        (&expected_optimum, report.exact, report.expected_calls.clone())
    {
        apply_expected(&mut report, &value, best);
    }
    report.expected_optimum = expected_optimum;
    report
}

/// Replaces the worst-case verdict with the expected-calls one; the worst-case verdict stays
/// in the reason.
fn apply_expected(report: &mut Report, value: &BigRational, optimum: &Result<ExpectedOptimum, String>) {
    let worst = format!("worst case: {} ({})", report.verdict.name(), report.reason);
    let (verdict, reason) = judge_expected(value, optimum);
    report.verdict = verdict;
    report.reason = format!("{reason}; {worst}");
    report.summary = format!("{}\nexpected calls: {reason}", report.summary);
}

fn invalid(why: &str, optimum: WorstOptimum) -> Report {
    Report {
        verdict: Verdict::Invalid,
        reason: why.to_string(),
        exact: None,
        worst_case_calls: None,
        expected_calls: ExpectedCalls::None,
        summary: format!("invalid: {why}"),
        reading: None,
        optimum,
        expected_optimum: None,
    }
}

fn graded(spec: &Spec, kind: &str, a: &Assessment, optimum: WorstOptimum) -> Report {
    let worst = match a.worst_case_calls {
        Some(1) => "1 call".to_string(),
        Some(d) => format!("{d} calls"),
        None => "unbounded".to_string(),
    };
    let costs = format!("worst case {worst}, expected {} (~{})", a.expected_calls, decimal(&a.expected_calls, 10));
    let (verdict, reason, summary) = if a.exact {
        let (verdict, reason) = judge_worst_case(a.worst_case_calls, &optimum);
        let summary = format!("exact: yes; {costs}; {reason}\nstrategy: {kind}");
        (verdict, reason, summary)
    } else {
        let reason = inexact_reason(spec, a);
        let summary = format!("exact: no -- {reason}\n{kind}; {costs}");
        (Verdict::Inexact, reason, summary)
    };
    Report {
        verdict,
        reason,
        exact: Some(a.exact),
        worst_case_calls: a.worst_case_calls,
        expected_calls: ExpectedCalls::Exact(a.expected_calls.clone()),
        summary,
        reading: Some(kind.to_string()),
        optimum,
        expected_optimum: None,
    }
}

/// The first output that is off, the first path to it, and the farthest ones.
fn inexact_reason(spec: &Spec, a: &Assessment) -> String {
    let (j, path) = a.first_wrong_path.clone().unwrap_or((a.worst_outputs[0], Vec::new()));
    let p = &a.output_probability[j as usize];
    let steps: Vec<String> = path.iter().map(|(m, i)| format!("{m} -> {i}")).collect();
    let path = if steps.is_empty() { String::new() } else { format!(" (first wrong path: {})", steps.join(", ")) };
    let farthest: Vec<String> =
        a.worst_outputs.iter().map(|&k| format!("{k} ({})", a.output_probability[k as usize])).collect();
    format!("output {j} has probability {p}, should be 1/{}{path}; farthest off: {}", spec.modulus, farthest.join(", "))
}

fn open(spec: &Spec, max_calls: u32, mass: &[BigRational], calls: &BigRational, optimum: WorstOptimum) -> Report {
    let target = BigRational::new(1.into(), spec.modulus.into());
    let over = mass.iter().position(|p| *p > target);
    let bounds = format!("expected calls at least {calls} (~{}) from the explored part", decimal(calls, 10));
    let (verdict, exact, reason, summary) = match over {
        Some(j) => {
            let reason = format!("output {j} has probability at least {}, more than 1/{}", mass[j], spec.modulus);
            let summary = format!("exact: no -- {reason}; paths still call after {max_calls} calls; {bounds}");
            (Verdict::Inexact, Some(false), reason, summary)
        }
        None => {
            let reason = format!(
                "paths still call after {max_calls} calls and no restart explains them: exactness unknown; {bounds}"
            );
            (Verdict::Unknown, None, reason.clone(), format!("unknown: {reason}"))
        }
    };
    Report {
        verdict,
        reason,
        exact,
        worst_case_calls: None,
        expected_calls: ExpectedCalls::AtLeast(calls.clone()),
        summary,
        reading: None,
        optimum,
        expected_optimum: None,
    }
}

impl Report {
    /// The report as `optimod grade --json` prints it; `strategy` names what was graded.
    pub fn to_json(&self, spec: &Spec, strategy: &str) -> serde_json::Value {
        let optimum = match &self.optimum {
            WorstOptimum::Calls { calls, trust } => {
                json!({"worst_case_calls": calls, "status": "proved", "trust": trust})
            }
            WorstOptimum::Impossible { prime } => {
                json!({"worst_case_calls": null, "status": "impossible", "missing_prime": prime})
            }
            WorstOptimum::Unknown { lower, upper } => json!({"status": "unknown", "lower": lower, "upper": upper}),
            WorstOptimum::Failed(why) => json!({"status": "unknown", "reason": why}),
        };
        let expected_calls = match &self.expected_calls {
            ExpectedCalls::Exact(value) => json!(value.to_string()),
            ExpectedCalls::AtLeast(value) => json!({ "at_least": value.to_string() }),
            ExpectedCalls::None => serde_json::Value::Null,
        };
        let mut value = json!({
            "modulus": spec.modulus,
            "generators": spec.generators,
            "strategy": strategy,
            "exact": self.exact,
            "worst_case_calls": self.worst_case_calls,
            "expected_calls": expected_calls,
            "optimum": optimum,
            "verdict": self.verdict.name(),
            "reason": self.reason,
            "reading": self.reading,
            "objective": if self.expected_optimum.is_some() { "expected-calls" } else { "worst-case" },
        });
        if let Some(Ok(o)) = &self.expected_optimum {
            value["optimum"]["expected_calls"] =
                json!({"best": o.best.to_string(), "lower_bound": o.lower.to_string()});
        }
        value
    }
}
