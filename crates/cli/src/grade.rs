//! `optimod grade`: a proposed strategy (a Python function, tree notation, a certificate)
//! evaluated exactly and compared with the certified optimum for its spec.

use crate::input::{accept_certificate, read_input, read_spec, SolverStep};
use crate::output::{invalid, EXIT_CHECK_FAILED, EXIT_OK, EXIT_UNKNOWN};
use optimod_emit::CertificateStrategy;
use optimod_grade::{explore_python, read_exploration, Limits, Proposal, Read, Report, Verdict};
use optimod_spec::Spec;
use std::path::Path;
use std::time::Duration;

/// Largest strategy file read.
const STRATEGY_BYTES: u64 = 16 << 20;
/// Largest explicit tree taken from a certificate's compact witness.
const CERTIFICATE_LEAVES: u64 = 1_000_000;
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
    let report = optimod::grading::grade_read(&spec, read, request.expected);
    print_report(&spec, request, &report)
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
            Ok(optimod_grade::read_text(spec.modulus, &text)?)
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

/// What a grade of a Python strategy rests on besides exact arithmetic.
const PYTHON_BASIS: &str = "explored in a sandboxed python3; rests on the strategy leaving the explorer alone";

/// A Python `sample(rng)` explored path by path (in the sandbox of `optimod_grade::explore`).
fn python_strategy(spec: &Spec, request: &GradeRequest) -> Result<Read, String> {
    let path = request.strategy;
    crate::input::open_regular(path)?;
    let limits = Limits {
        max_calls: request.max_calls,
        max_nodes: optimod_grade::EXPLORE_NODES,
        time: Duration::from_secs(request.time_limit),
        memory_bytes: 1 << 30,
        max_size: optimod_spec::MAX_SIZE,
    };
    let explored = explore_python(path, request.function, spec.modulus, &limits);
    read_exploration(spec, explored, request.max_calls, PYTHON_BASIS)
}

/// The strategy of a certificate (its witness, or its automaton). The certificate is accepted
/// first, as by every command (a rejected one is exit 4); the grade then judges the strategy
/// for the modulus graded.
fn certificate_strategy(spec: &Spec, path: &Path) -> Result<Read, Refused> {
    let text = read_input(path, 64 << 20)?;
    optimod_grade::shallow(&text)?;
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

fn print_report(spec: &Spec, request: &GradeRequest, report: &Report) -> u8 {
    if request.json {
        println!("{}", report.to_json(spec, &request.strategy.display().to_string()));
    } else {
        println!("{}", report.summary);
        println!("verdict: {}", report.verdict.name());
    }
    exit_code(report.verdict)
}
