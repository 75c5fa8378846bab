//! `optimod grade`: a proposed strategy (a Python function, tree notation, a certificate)
//! evaluated exactly and compared with the certified optimum for its spec.

use crate::input::{accept_certificate, read_input, read_spec, SolverStep};
use crate::output::{invalid, EXIT_CHECK_FAILED, EXIT_OK, EXIT_UNKNOWN};
use num_rational::BigRational;
use optimod_emit::{decimal, CertificateStrategy};
use optimod_grade::{
    assess, explore_python, explored_bounds, judge_expected, judge_worst_case, read_explored, Assessment,
    ExpectedOptimum, ExploreError, Limits, Proposal, Reading, Verdict, WorstOptimum,
};
use optimod_prove::{prove, Options, Outcome};
use optimod_spec::{Spec, Tree};
use serde_json::json;
use std::path::Path;
use std::time::Duration;

/// Largest strategy file read.
const STRATEGY_BYTES: u64 = 16 << 20;
/// Largest explicit tree taken from a certificate's compact witness.
const CERTIFICATE_LEAVES: u64 = 1_000_000;
/// Deepest nesting of parentheses read (the notation parsers and the evaluation recurse once
/// per level; a path of more calls than this is refused, not followed into a stack overflow).
const MAX_NESTING: usize = 256;

/// Refuses text whose parentheses nest deeper than [`MAX_NESTING`].
fn shallow(text: &str) -> Result<(), String> {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for byte in text.bytes() {
        match byte {
            b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_NESTING {
        return Err(format!("parentheses nest {deepest} deep, more than the {MAX_NESTING} calls a path may make here"));
    }
    Ok(())
}

pub(crate) struct GradeRequest<'a> {
    pub target: &'a str,
    pub strategy: &'a Path,
    pub generators: Option<&'a str>,
    pub function: &'a str,
    pub max_calls: u32,
    pub time_limit: u64,
    pub json: bool,
    /// Judge expected calls over all strategies instead of the worst case.
    pub expected: bool,
}

/// How the strategy was read.
enum Read {
    Graded {
        proposal: Proposal,
        kind: String,
    },
    /// Paths still calling after the limit, no restart found: bounds only.
    Open {
        mass: Vec<BigRational>,
        calls_at_least: BigRational,
    },
    /// The strategy misbehaved (a fault of the strategy, not of the input file).
    Invalid(String),
}

/// Why nothing is graded: the input cannot be read as a strategy (exit 2), or it is a
/// certificate the checker rejects (exit 4).
enum Refused {
    Input(String),
    Rejected(String),
}

impl From<String> for Refused {
    fn from(message: String) -> Refused {
        Refused::Input(message)
    }
}

pub(crate) fn run(request: &GradeRequest) -> u8 {
    let spec = match read_spec(request.target, request.generators) {
        Ok(spec) => spec,
        Err(message) => return invalid(&message),
    };
    if request.max_calls == 0 || request.max_calls > 64 {
        return invalid("--max-calls must be in 1..=64");
    }
    if request.time_limit == 0 || request.time_limit > 3600 {
        return invalid("--time-limit must be in 1..=3600 seconds");
    }
    let read = match read_strategy(&spec, request) {
        Ok(read) => read,
        Err(Refused::Input(message)) => return invalid(&format!("{}: {message}", request.strategy.display())),
        Err(Refused::Rejected(failed)) => {
            eprintln!("{failed}");
            return EXIT_CHECK_FAILED;
        }
    };
    let optimum = optimum(&spec);
    let expected_optimum = request.expected.then(|| expected_optimum(&spec));
    let report = match read {
        Read::Graded { proposal, kind } => match assess(&spec, &proposal) {
            Ok(assessment) => {
                let mut report = graded(&spec, &kind, &assessment, &optimum);
                if let (Some(best), true) = (&expected_optimum, assessment.exact) {
                    apply_expected(&mut report, &assessment.expected_calls, best);
                }
                report
            }
            Err(why) => invalid_report(&format!("not a strategy over the menu: {why}")),
        },
        Read::Open { mass, calls_at_least } => open_report(&spec, request.max_calls, &mass, &calls_at_least),
        Read::Invalid(why) => invalid_report(&why),
    };
    print_report(&spec, request, &report, &optimum, expected_optimum.as_ref())
}

fn expected_optimum(spec: &Spec) -> Result<ExpectedOptimum, String> {
    let spec = Spec { objective: optimod_spec::Objective::Expected, ..spec.clone() };
    let options = Options { cross_check: false, timeout: Duration::from_secs(30), ..Options::default() };
    optimod_prove::prove_expected_all(&spec, &options)
        .map(|o| ExpectedOptimum { best: o.value, lower: o.lower })
        .map_err(|e| e.to_string())
}

/// Replaces the worst-case verdict with the expected-calls one; the worst-case verdict stays
/// in the reason.
fn apply_expected(report: &mut Report, value: &BigRational, optimum: &Result<ExpectedOptimum, String>) {
    let worst = format!("worst case: {} ({})", report.verdict, report.reason);
    let (verdict, reason) = judge_expected(value, optimum);
    report.verdict = verdict.name();
    report.reason = format!("{reason}; {worst}");
    report.first_line = format!("{}\nexpected calls: {reason}", report.first_line);
    report.code = exit_code(verdict);
}

/// The exit code of a verdict: graded (0), not settled (3), inexact, invalid or a fault (4).
fn exit_code(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Optimal | Verdict::Suboptimal => EXIT_OK,
        Verdict::Unknown => EXIT_UNKNOWN,
        Verdict::Inexact | Verdict::Invalid | Verdict::Error => EXIT_CHECK_FAILED,
    }
}

fn read_strategy(spec: &Spec, request: &GradeRequest) -> Result<Read, Refused> {
    let path = request.strategy;
    match path.extension().and_then(|e| e.to_str()) {
        Some("py") => Ok(python_strategy(spec, request)?),
        Some("json") => certificate_strategy(spec, path),
        _ => {
            let text = match inline_tree(path) {
                Some(text) => text,
                None => read_input(path, STRATEGY_BYTES)?,
            };
            shallow(&text)?;
            let text = text.trim();
            if text.starts_with("call") || text.starts_with("output") {
                let tree = optimod_grade::parse_words(text)?;
                Ok(Read::Graded { proposal: Proposal::Tree(tree), kind: "a tree (words)".into() })
            } else if text.contains('@') {
                let root = optimod_spec::LoopTree::parse_loop(text).map_err(|e| e.to_string())?;
                only_restarts(text)?;
                let automaton = optimod_recycle::Automaton {
                    modulus: spec.modulus,
                    states: vec![optimod_recycle::State::Tree(root)],
                };
                Ok(Read::Graded { proposal: Proposal::Automaton(automaton), kind: "a loop (tree notation)".into() })
            } else {
                let tree = Tree::parse(text).map_err(|e| e.to_string())?;
                Ok(Read::Graded { proposal: Proposal::Tree(tree), kind: "a tree (tree notation)".into() })
            }
        }
    }
}

/// The argument itself when it is tree notation rather than a file: no such file, and text
/// that starts with a size and opens a call (`41(2(0 21) ...)`).
fn inline_tree(argument: &Path) -> Option<String> {
    let text = argument.to_str()?;
    let looks_like_a_tree = text.starts_with(|c: char| c.is_ascii_digit()) && text.contains('(');
    (looks_like_a_tree && !argument.exists()).then(|| text.to_string())
}

/// Tree notation has one state, the start: a jump `@k` other than `@0` is malformed input.
fn only_restarts(text: &str) -> Result<(), String> {
    for (at, _) in text.match_indices('@') {
        let digits: String = text[at + 1..].chars().take_while(char::is_ascii_digit).collect();
        if digits.parse::<u64>().ok() != Some(0) {
            return Err(format!(
                "at byte {at}: @{digits} names a state that tree notation does not have (only @0, the start)"
            ));
        }
    }
    Ok(())
}

/// What a grade of a Python strategy rests on besides exact arithmetic.
const PYTHON_BASIS: &str = "explored in a sandboxed python3; rests on the strategy leaving the explorer alone";

/// A Python `sample(rng)` explored path by path (in the sandbox of `optimod_grade::explore`).
fn python_strategy(spec: &Spec, request: &GradeRequest) -> Result<Read, String> {
    let path = request.strategy;
    crate::input::open_regular(path)?;
    let limits = Limits {
        max_calls: request.max_calls,
        max_nodes: 2_000_000,
        time: Duration::from_secs(request.time_limit),
        memory_bytes: 1 << 30,
        max_size: optimod_spec::MAX_SIZE,
    };
    let (explored, evidence) = match explore_python(path, request.function, spec.modulus, &limits) {
        Ok(found) => found,
        Err(ExploreError::Load(why)) | Err(ExploreError::Explorer(why)) => return Err(why),
        Err(fault) => return Ok(Read::Invalid(fault.to_string())),
    };
    Ok(match read_explored(spec.modulus, explored, evidence) {
        Reading::Finite(tree) => {
            Read::Graded { proposal: Proposal::Tree(tree), kind: format!("a tree ({PYTHON_BASIS})") }
        }
        Reading::Restarts { automaton, restarts, evidence } => Read::Graded {
            proposal: Proposal::Automaton(automaton),
            kind: format!(
                "a loop: {restarts} node(s) read as restarts (each behaved like the start for {evidence} calls; \
                 {PYTHON_BASIS})"
            ),
        },
        Reading::Open(explored) => {
            let (mass, calls_at_least) = explored_bounds(spec.modulus, &explored);
            Read::Open { mass, calls_at_least }
        }
    })
}

/// The strategy of a certificate (its witness, or its automaton). The certificate is accepted
/// first, as by every command (a rejected one is exit 4); the grade then judges the strategy
/// for the modulus graded.
fn certificate_strategy(spec: &Spec, path: &Path) -> Result<Read, Refused> {
    let text = read_input(path, 64 << 20)?;
    shallow(&text)?;
    let certificate = accept_certificate(&text, Some(path), SolverStep::Rerun)
        .map_err(|error| Refused::Rejected(format!("{}: FAILED: {error}", path.display())))?
        .checked
        .certificate()
        .clone();
    match optimod_emit::read_strategy(&certificate).transpose()? {
        Some(CertificateStrategy::Finite(witness)) => {
            let tree = witness
                .to_tree(CERTIFICATE_LEAVES)
                .ok_or(format!("the witness has more than {CERTIFICATE_LEAVES} leaves"))?;
            Ok(Read::Graded { proposal: Proposal::Tree(tree), kind: "a tree (certificate witness)".into() })
        }
        Some(CertificateStrategy::Automaton(automaton)) => {
            // Its outputs are judged for the modulus graded, which may not be the certificate's.
            let automaton = optimod_recycle::Automaton { modulus: spec.modulus, ..automaton };
            Ok(Read::Graded { proposal: Proposal::Automaton(automaton), kind: "an automaton (certificate)".into() })
        }
        None => Err(Refused::Input("the certificate holds no strategy".into())),
    }
}

/// The certified optimum (worst case) for the spec, proved now by the arithmetic-first
/// pipeline (no cross-checks: the checker still accepts the certificate before it counts).
fn optimum(spec: &Spec) -> WorstOptimum {
    let options = Options { cross_check: false, timeout: Duration::from_secs(30), ..Options::default() };
    match prove(spec, &options) {
        Ok(Outcome::Proved { facts, checked, .. }) => {
            WorstOptimum::Calls { calls: facts.depth, trust: checked.verdict().trust.to_string() }
        }
        Ok(Outcome::Impossible { missing_prime, .. }) => WorstOptimum::Impossible { prime: missing_prime },
        Ok(Outcome::Unknown { lower, upper, .. }) => WorstOptimum::Unknown { lower, upper },
        Err(e) => WorstOptimum::Failed(e.to_string()),
    }
}

struct Report {
    verdict: &'static str,
    reason: String,
    exact: Option<bool>,
    worst_case_calls: Option<u32>,
    expected: serde_json::Value,
    first_line: String,
    code: u8,
    /// How the strategy was read (a tree, or a loop whose restarts were inferred, and from what).
    reading: Option<String>,
}

fn invalid_report(why: &str) -> Report {
    Report {
        verdict: "invalid",
        reason: why.to_string(),
        exact: None,
        worst_case_calls: None,
        expected: serde_json::Value::Null,
        first_line: format!("invalid: {why}"),
        code: EXIT_CHECK_FAILED,
        reading: None,
    }
}

fn graded(spec: &Spec, kind: &str, a: &Assessment, optimum: &WorstOptimum) -> Report {
    let expected = json!(a.expected_calls.to_string());
    let worst = match a.worst_case_calls {
        Some(1) => "1 call".to_string(),
        Some(d) => format!("{d} calls"),
        None => "unbounded".to_string(),
    };
    let costs = format!("worst case {worst}, expected {} (~{})", a.expected_calls, decimal(&a.expected_calls, 10));
    if !a.exact {
        // The first output that is off, the first path to it, and the farthest ones.
        let (j, path) = a.first_wrong_path.clone().unwrap_or((a.worst_outputs[0], Vec::new()));
        let p = &a.output_probability[j as usize];
        let steps: Vec<String> = path.iter().map(|(m, i)| format!("{m} -> {i}")).collect();
        let path = if steps.is_empty() { String::new() } else { format!(" (first wrong path: {})", steps.join(", ")) };
        let farthest: Vec<String> =
            a.worst_outputs.iter().map(|&k| format!("{k} ({})", a.output_probability[k as usize])).collect();
        let reason = format!(
            "output {j} has probability {p}, should be 1/{}{path}; farthest off: {}",
            spec.modulus,
            farthest.join(", ")
        );
        return Report {
            verdict: "inexact",
            first_line: format!("exact: no -- {reason}\n{kind}; {costs}"),
            reason,
            exact: Some(false),
            worst_case_calls: a.worst_case_calls,
            expected,
            code: EXIT_CHECK_FAILED,
            reading: Some(kind.to_string()),
        };
    }
    let (verdict, reason) = judge_worst_case(a.worst_case_calls, optimum);
    let code = exit_code(verdict);
    Report {
        verdict: verdict.name(),
        first_line: format!("exact: yes; {costs}; {reason}\nstrategy: {kind}"),
        reason,
        exact: Some(true),
        worst_case_calls: a.worst_case_calls,
        expected,
        code,
        reading: Some(kind.to_string()),
    }
}

fn open_report(spec: &Spec, max_calls: u32, mass: &[BigRational], calls: &BigRational) -> Report {
    let target = BigRational::new(1.into(), spec.modulus.into());
    let over = mass.iter().position(|p| *p > target);
    let bounds = format!("expected calls at least {calls} (~{}) from the explored part", decimal(calls, 10));
    match over {
        Some(j) => {
            let reason = format!("output {j} has probability at least {}, more than 1/{}", mass[j], spec.modulus);
            Report {
                verdict: "inexact",
                first_line: format!("exact: no -- {reason}; paths still call after {max_calls} calls; {bounds}"),
                reason,
                exact: Some(false),
                worst_case_calls: None,
                expected: json!({ "at_least": calls.to_string() }),
                code: EXIT_CHECK_FAILED,
                reading: None,
            }
        }
        None => {
            let reason = format!(
                "paths still call after {max_calls} calls and no restart explains them: exactness unknown; {bounds}"
            );
            Report {
                verdict: "unknown",
                first_line: format!("unknown: {reason}"),
                reason,
                exact: None,
                worst_case_calls: None,
                expected: json!({ "at_least": calls.to_string() }),
                code: EXIT_UNKNOWN,
                reading: None,
            }
        }
    }
}

fn print_report(
    spec: &Spec,
    request: &GradeRequest,
    report: &Report,
    optimum: &WorstOptimum,
    expected: Option<&Result<ExpectedOptimum, String>>,
) -> u8 {
    if request.json {
        let optimum = match optimum {
            WorstOptimum::Calls { calls, trust } => {
                json!({"worst_case_calls": calls, "status": "proved", "trust": trust})
            }
            WorstOptimum::Impossible { prime } => {
                json!({"worst_case_calls": null, "status": "impossible", "missing_prime": prime})
            }
            WorstOptimum::Unknown { lower, upper } => json!({"status": "unknown", "lower": lower, "upper": upper}),
            WorstOptimum::Failed(why) => json!({"status": "unknown", "reason": why}),
        };
        let value = json!({
            "modulus": spec.modulus,
            "generators": spec.generators,
            "strategy": request.strategy.display().to_string(),
            "exact": report.exact,
            "worst_case_calls": report.worst_case_calls,
            "expected_calls": report.expected,
            "optimum": optimum,
            "verdict": report.verdict,
            "reason": report.reason,
            "reading": report.reading,
            "objective": if request.expected { "expected-calls" } else { "worst-case" },
        });
        let mut value = value;
        if let Some(Ok(o)) = expected {
            value["optimum"]["expected_calls"] =
                json!({"best": o.best.to_string(), "lower_bound": o.lower.to_string()});
        }
        println!("{value}");
    } else {
        println!("{}", report.first_line);
        println!("verdict: {}", report.verdict);
    }
    report.code
}
