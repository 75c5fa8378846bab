//! `optimod`: parse the command line, call the library, print, choose the exit code.
//! Everything else lives in the library crates.

use clap::{Parser, Subcommand};
use optimod_cert::WitnessRecord;
use optimod_cert::{Certificate, Status};
use optimod_check::{check_json, TrustLevel};
use optimod_emit::{describe_blocks, describe_tree};
use optimod_prove::{describe_argument, prove, witness_from_record, Options, Outcome};
use optimod_spec::{Objective, Spec, Witness};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

mod all_expected;
mod expected;
mod export;
mod grade;
mod input;
mod output;
mod puzzles;
mod table;

use input::{check_replay_beside, load_certificate, read_input, read_spec, CERTIFICATE_BYTES};
use output::{invalid, prove_failed, save, writable, EXIT_CHECK_FAILED, EXIT_INVALID_INPUT, EXIT_OK, EXIT_UNKNOWN};

/// Provably optimal exact random generators modulo n, built from smaller generators.
///
/// Exit codes: 0 proved, impossible or verified; 2 invalid input; 3 unknown (timeout or
/// depth limit); 4 a certificate failed its check, or two engines disagree.
#[derive(Parser)]
#[command(name = "optimod", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find and certify the fewest calls, in the worst case, of an exact generator modulo n.
    Prove {
        /// A modulus (generators default to the primes below it) or a spec file (.toml).
        target: String,
        /// Generator sizes, comma-separated (`2,3,7`), or `primes-below-n`. Only with a modulus.
        #[arg(long)]
        generators: Option<String>,
        /// worst-case (fewest calls on every path) or expected (fewest calls on average: over
        /// all exact strategies, loops included; with --max-depth K, among exact trees of depth
        /// <= K).
        #[arg(long)]
        objective: Option<ObjectiveName>,
        /// Worst case: report unknown rather than probe depths above this. Expected: the
        /// depth limit of the trees compared.
        #[arg(long)]
        max_depth: Option<u32>,
        /// Seconds of solver time for lower-bound proofs before reporting unknown.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Write the certificate here (only after it passed the checker).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// Engines that answer the claim's two questions: `z3,ilp` (default: z3 and the CBC
        /// integer programme cross-check each other) or `z3` (no cross-check).
        #[arg(long, value_enum, default_value = "z3,ilp")]
        engines: Engines,
        /// Test only: give the ILP engine a deliberately wrong model (`two-roots`).
        #[arg(long, value_enum, hide = true)]
        fault_ilp: Option<IlpFault>,
    },
    /// Check certificates with the independent checker; exit 0 only if all pass.
    Verify {
        /// Certificate files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print a certificate's strategy: in words, as Graphviz DOT or SVG, or as its JSON.
    Show {
        /// A certificate file.
        file: PathBuf,
        /// text (the strategy and argument in words), dot, svg (needs Graphviz `dot`) or json.
        #[arg(long, default_value = "text")]
        format: ShowFormat,
    },
    /// Run a strategy with a seeded random source; histogram, chi-square test, calls.
    Sample {
        /// A certificate (.json), a spec file (.toml) or a modulus (primes below it).
        target: String,
        /// Number of values to draw.
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
        /// Seed of the random stream (ChaCha8): the same seed gives the same run.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Emit a dependency-free function implementing a certified strategy.
    Codegen {
        /// A certificate file.
        file: PathBuf,
        /// rust, c or python.
        #[arg(long)]
        lang: CodeLanguage,
        /// The function's name (default: mod<N>).
        #[arg(long)]
        name: Option<String>,
    },
    /// Export a checked certificate: `coq` writes a Coq theorem (`Optimal n G D` or
    /// `Impossible n G`) that `coqc -R coq Optimod FILE.v` proves. Elementary worst-case
    /// claims only (exit 2 otherwise; 4 if the checker rejects the certificate).
    Export {
        /// The target format.
        format: export::ExportFormat,
        /// A certificate file.
        file: PathBuf,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Grade a proposed strategy: exact or not (in exact rationals), its worst-case and
    /// expected calls, and how far from the certified optimum. Exit 0 graded (optimal or
    /// suboptimal), 4 inexact or invalid, 3 optimum or exactness unknown, 2 invalid input.
    Grade {
        /// A modulus (generators default to the primes below it) or a spec file (.toml).
        target: String,
        /// The strategy: a Python file defining `sample(rng)` (`rng(m)` is uniform in 0..m),
        /// tree notation (`41(2(0 21) ...)`, `@0` restarts), or a certificate (.json).
        strategy: PathBuf,
        /// Generator sizes, comma-separated. Only with a modulus.
        #[arg(long)]
        generators: Option<String>,
        /// The Python function to explore.
        #[arg(long, default_value = "sample")]
        function: String,
        /// Explore Python paths up to this many calls; deeper paths must restart.
        #[arg(long, default_value_t = 32)]
        max_calls: u32,
        /// Seconds the Python exploration may take.
        #[arg(long, default_value_t = 20)]
        time_limit: u64,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// worst-case (the default: fewest calls on every path) or expected (fewest calls on
        /// average, over all strategies); the other is reported beside it.
        #[arg(long)]
        objective: Option<ObjectiveName>,
    },
    /// A question per modulus in plain words with its certified answer, a witness and the
    /// reason nothing shorter works: a benchmark set for people and models.
    Puzzles {
        /// The moduli, `A..B` (B included).
        #[arg(long)]
        range: String,
        /// Generator sizes for every modulus (`2,3,7`), or `primes-below-n` (the default).
        #[arg(long)]
        generators: Option<String>,
        /// jsonl (one JSON object per line) or csv.
        #[arg(long, default_value = "jsonl")]
        format: puzzles::PuzzleFormat,
    },
    /// Prove every modulus in a range, in parallel, and print a table.
    Table {
        /// The moduli, `A..B` (B included).
        #[arg(long)]
        range: String,
        /// Generator sizes for every modulus (`2,3,7`), or `primes-below-n` (the default).
        #[arg(long)]
        generators: Option<String>,
        /// Worker threads.
        #[arg(long, default_value_t = 2)]
        jobs: usize,
        /// Seconds of solver time per modulus before it is listed as unknown.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// text, csv, json or markdown.
        #[arg(long, default_value = "text")]
        format: table::TableFormat,
        /// Leave out the time column (for a table that is reproduced byte for byte).
        #[arg(long)]
        no_timings: bool,
        /// Also have z3 and CBC cross-check every row (slow; every row is checked by the
        /// independent checker either way).
        #[arg(long)]
        cross_check: bool,
        /// Keep every row's checked certificate in this file, one JSON object per line, in
        /// modulus order (`optimod verify FILE.jsonl` re-checks them all).
        #[arg(long)]
        certificates: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ObjectiveName {
    WorstCase,
    Expected,
}

/// Which engines answer a claim's questions.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Engines {
    /// z3, cross-checked by the CBC integer programme.
    #[value(name = "z3,ilp", alias = "ilp,z3")]
    Z3Ilp,
    /// z3 alone (no cross-check).
    Z3,
}

/// A deliberately wrong ILP model, for tests of the disagreement path.
#[derive(Clone, Copy, clap::ValueEnum)]
enum IlpFault {
    TwoRoots,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ShowFormat {
    Text,
    Dot,
    Svg,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CodeLanguage {
    Rust,
    C,
    Python,
}

fn main() -> ExitCode {
    // `optimod show ... | head` should end quietly, as other command-line tools do, rather
    // than panic on the closed pipe.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Prove { target, generators, objective, max_depth, timeout, out, json, engines, fault_ilp } => {
            let cross_check = engines == Engines::Z3Ilp;
            let ilp_fault = match fault_ilp {
                None => optimod_prove::Fault::None,
                Some(IlpFault::TwoRoots) => optimod_prove::Fault::TwoRoots,
            };
            let options = Options {
                max_depth,
                timeout: Duration::from_secs(timeout),
                cross_check,
                ilp_fault,
                ..Options::default()
            };
            let spec =
                match read_spec(&target, generators.as_deref()).and_then(|s| with_objective(s, objective, max_depth)) {
                    Ok(spec) => spec,
                    Err(message) => return ExitCode::from(invalid(&message)),
                };
            // Checked before any work: a certificate that cannot be written is not computed.
            if let Some(Err(message)) = out.as_deref().map(writable) {
                return ExitCode::from(invalid(&message));
            }
            if max_depth.is_some_and(|k| k > optimod_check::DEPTH_LIMIT) {
                return ExitCode::from(invalid(&format!("--max-depth must be at most {}", optimod_check::DEPTH_LIMIT)));
            }
            match spec.objective {
                Objective::WorstCase => run_prove(&spec, options, out.as_deref(), json),
                Objective::ExpectedWithinDepth { .. } => expected::run(&spec, options, out.as_deref(), json),
                Objective::Expected => all_expected::run(&spec, options, out.as_deref(), json),
            }
        }
        Command::Verify { files } => run_verify(&files),
        Command::Show { file, format } => run_show(&file, format),
        Command::Sample { target, count, seed, json } => run_sample(&target, count, seed, json),
        Command::Codegen { file, lang, name } => run_codegen(&file, lang, name.as_deref()),
        Command::Export { format, file, out } => export::run(format, &file, out.as_deref()),
        Command::Puzzles { range, generators, format } => puzzles::run(&range, generators.as_deref(), format),
        Command::Grade { target, strategy, generators, function, max_calls, time_limit, json, objective } => {
            grade::run(&grade::GradeRequest {
                target: &target,
                strategy: &strategy,
                generators: generators.as_deref(),
                function: &function,
                max_calls,
                time_limit,
                json,
                expected: objective == Some(ObjectiveName::Expected),
            })
        }
        Command::Table { range, generators, jobs, timeout, format, no_timings, cross_check, certificates } => {
            table::run(&table::TableRequest {
                range: &range,
                generators: generators.as_deref(),
                jobs,
                timeout,
                format,
                timings: !no_timings,
                cross_check,
                certificates: certificates.as_deref(),
            })
        }
    };
    ExitCode::from(code)
}

/// The objective from the command line, over the spec file's: `--objective expected` needs a
/// depth limit, and a spec file's expected objective keeps its own unless the flags agree.
fn with_objective(mut spec: Spec, objective: Option<ObjectiveName>, max_depth: Option<u32>) -> Result<Spec, String> {
    match (objective, spec.objective) {
        (None, _) | (Some(ObjectiveName::WorstCase), Objective::WorstCase) => {}
        (Some(ObjectiveName::Expected), Objective::WorstCase) => match max_depth {
            None => spec.objective = Objective::Expected,
            Some(0) => return Err("--max-depth must be at least 1".into()),
            Some(k) => spec.objective = Objective::ExpectedWithinDepth { max_depth: k },
        },
        (Some(ObjectiveName::Expected), Objective::Expected) if max_depth.is_none() => {}
        (Some(ObjectiveName::Expected), Objective::Expected) => {
            return Err("the spec file asks for all strategies; --max-depth would change the question".into())
        }
        (Some(ObjectiveName::Expected), Objective::ExpectedWithinDepth { max_depth: own }) => {
            if max_depth.is_some_and(|k| k != own) {
                return Err(format!(
                    "the spec file's max_depth is {own}; --max-depth {} disagrees",
                    max_depth.unwrap_or(0)
                ));
            }
        }
        (Some(ObjectiveName::WorstCase), Objective::ExpectedWithinDepth { .. } | Objective::Expected) => {
            return Err("--objective worst-case, but the spec file asks for expected calls".into())
        }
    }
    Ok(spec)
}

fn run_prove(spec: &Spec, options: Options, out: Option<&Path>, json: bool) -> u8 {
    let spec = spec.clone();
    let limit = options.max_depth;
    let outcome = match prove(&spec, &options) {
        Ok(outcome) => outcome,
        Err(error) => return prove_failed(error),
    };
    // Write the certificate (already checked) before printing that it exists.
    let written = match (&outcome, out) {
        (Outcome::Proved { certificate, replay, .. }, Some(path)) => save(path, certificate, replay.as_deref()),
        (Outcome::Impossible { certificate, .. }, Some(path)) => save(path, certificate, None),
        _ => Ok(None),
    };
    let written = match written {
        Ok(written) => written,
        Err(code) => return code,
    };
    // Proved by arithmetic although above the depth limit: the limit stopped no search.
    let beyond = match (&outcome, limit) {
        (Outcome::Proved { facts, .. }, Some(k)) if facts.depth > k => {
            Some(format!("the optimum, {} calls, exceeds --max-depth {k}; it was proved without a search", facts.depth))
        }
        _ => None,
    };
    if json {
        let mut summary = summary_json(&spec, &outcome, written.as_deref());
        if let Some(note) = &beyond {
            summary["reason"] = note.clone().into();
        }
        println!("{summary}");
    } else {
        print_outcome(&spec, &outcome, written.as_deref());
        if let Some(note) = &beyond {
            println!("note: {note}");
        }
    }
    match outcome {
        Outcome::Unknown { .. } => EXIT_UNKNOWN,
        _ => EXIT_OK,
    }
}

fn summary_json(spec: &Spec, outcome: &Outcome, certificate: Option<&str>) -> serde_json::Value {
    let (status, calls, lower, upper, trust, reason, expected) = match outcome {
        Outcome::Proved { facts, verdict, .. } => (
            "proved",
            Some(facts.depth),
            Some(facts.depth),
            Some(facts.depth),
            Some(verdict.trust.to_string()),
            None,
            Some(facts.expected_calls.to_string()),
        ),
        Outcome::Impossible { missing_prime, .. } => (
            "impossible",
            None,
            None,
            None,
            Some("elementary".to_string()),
            Some(format!("{missing_prime} divides {} but no generator size", spec.modulus)),
            None,
        ),
        Outcome::Unknown { lower, upper, reason } => {
            ("unknown", None, Some(*lower), *upper, None, Some(reason.clone()), None)
        }
    };
    json!({
        "modulus": spec.modulus,
        "generators": spec.generators,
        "objective": spec.objective.name(),
        "status": status,
        "worst_case_calls": calls,
        "lower_bound": lower,
        "upper_bound": upper,
        "trust": trust,
        "witness_expected_calls": expected,
        "reason": reason,
        "certificate": certificate,
        "engines": engines_json(outcome),
    })
}

fn engines_json(outcome: &Outcome) -> serde_json::Value {
    match outcome {
        Outcome::Proved { certificate, .. } => serde_json::Value::Array(
            certificate
                .cross_checks
                .iter()
                .map(|r| json!({"engine": r.engine, "depth": r.depth, "verdict": r.verdict}))
                .collect(),
        ),
        _ => serde_json::Value::Array(vec![]),
    }
}

fn print_outcome(spec: &Spec, outcome: &Outcome, written: Option<&str>) {
    println!("modulus {}, generators: {}", spec.modulus, spec.describe_generators());
    match outcome {
        Outcome::Proved { certificate, verdict, .. } => {
            print_certificate_words(certificate, 40);
            for r in &certificate.cross_checks {
                println!("cross-check: {} at depth {}: {} ({})", r.engine, r.depth, r.verdict, r.detail);
            }
            println!("checked: the independent checker accepts the certificate (trust: {})", verdict.trust);
        }
        Outcome::Impossible { missing_prime, .. } => {
            println!(
                "answer: impossible, no finite exact strategy: {missing_prime} divides {} but no \
                 generator size, and every finite sum of reaches has a denominator free of {missing_prime}",
                spec.modulus
            );
        }
        Outcome::Unknown { lower, upper, reason } => {
            let upper = upper.map_or("none known".to_string(), |u| u.to_string());
            println!("answer: unknown ({reason}); proven bounds: at least {lower} calls, at most {upper}");
        }
    }
    if let Some(path) = written {
        println!("certificate: {path}");
    }
}

fn print_certificate_words(certificate: &Certificate, max_lines: usize) {
    let (Some(calls), Some(witness), Some(lower)) =
        (certificate.worst_case_calls, &certificate.witness, &certificate.lower_bound)
    else {
        return;
    };
    println!(
        "answer: {calls} calls in the worst case, optimal (expected calls of this strategy: {})",
        witness.expected_calls
    );
    println!(
        "strategy ({} leaves, found by {} {}):",
        witness.leaves, witness.found_by.engine, witness.found_by.encoding
    );
    print_witness_words(witness, max_lines);
    println!("lower bound: {}", describe_argument(&certificate.spec, lower));
}

/// A witness (explicit tree or divisor-block samplers) described in words, indented.
pub(crate) fn print_witness_words(witness: &WitnessRecord, max_lines: usize) {
    let lines = match witness_from_record(witness) {
        Ok(Witness::Tree(tree)) => describe_tree(&tree, max_lines),
        Ok(Witness::Blocks(blocks)) => describe_blocks(&blocks, max_lines),
        Err(e) => vec![format!("(unreadable witness: {e})")],
    };
    for line in lines {
        println!("  {line}");
    }
}

/// Largest tree, in leaves, drawn as a picture.
const DRAW_LEAVES: u64 = 20_000;

/// Most values `sample` draws in one run (about a minute of drawing).
const MAX_DRAWS: u64 = 1_000_000_000;

fn run_verify(files: &[PathBuf]) -> u8 {
    let mut worst = EXIT_OK;
    for file in files {
        let code = if file.extension().is_some_and(|e| e == "jsonl") { verify_lines(file) } else { verify_file(file) };
        worst = worst.max(code);
    }
    worst
}

/// One certificate file (and its replay script, if it names one).
fn verify_file(file: &Path) -> u8 {
    let text = match read_input(file, CERTIFICATE_BYTES) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: cannot read: {e}", file.display());
            return EXIT_INVALID_INPUT;
        }
    };
    match check_json(&text).and_then(|verdict| check_replay_beside(file, &text).map(|()| verdict)) {
        Ok(verdict) => {
            println!("{}: ok: {}", file.display(), verdict_words(&verdict));
            EXIT_OK
        }
        Err(error) => {
            eprintln!("{}: FAILED: {error}", file.display());
            EXIT_CHECK_FAILED
        }
    }
}

/// A file of certificates, one per line (as `optimod table --certificates` writes): every line
/// must check; the first failure is named by its line.
fn verify_lines(file: &Path) -> u8 {
    use std::io::BufRead;
    let reader = match std::fs::File::open(file) {
        Ok(f) if !f.metadata().is_ok_and(|m| m.is_dir()) => std::io::BufReader::new(f),
        Ok(_) => {
            eprintln!("{}: cannot read: is a directory", file.display());
            return EXIT_INVALID_INPUT;
        }
        Err(e) => {
            eprintln!("{}: cannot read: {e}", file.display());
            return EXIT_INVALID_INPUT;
        }
    };
    // (0, d): D = d; (1, 0): impossible; (2, 0): an expected-calls claim.
    let mut counts: std::collections::BTreeMap<(u8, u32), u64> = Default::default();
    let mut lines = 0u64;
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = match line.map_err(|e| e.to_string()).and_then(|l| {
            if l.len() as u64 > CERTIFICATE_BYTES {
                return Err(format!("longer than {CERTIFICATE_BYTES} bytes"));
            }
            String::from_utf8(l).map_err(|_| "not UTF-8 text".to_string())
        }) {
            Ok(line) => line,
            Err(e) => {
                eprintln!("{} line {}: cannot read: {e}", file.display(), i + 1);
                return EXIT_INVALID_INPUT;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match check_json(&line) {
            Ok(verdict) => {
                let key = match verdict.worst_case_calls {
                    Some(d) => (0, d),
                    None if verdict.expected_calls.is_none() && verdict.all_strategies.is_none() => (1, 0),
                    None => (2, 0),
                };
                *counts.entry(key).or_default() += 1;
                lines += 1;
            }
            Err(error) => {
                eprintln!("{} line {}: FAILED: {error}", file.display(), i + 1);
                return EXIT_CHECK_FAILED;
            }
        }
    }
    let summary: Vec<String> = counts
        .iter()
        .map(|(&(kind, d), v)| match kind {
            0 => format!("{v} with D = {d}"),
            1 => format!("{v} impossible"),
            _ => format!("{v} expected-calls claims"),
        })
        .collect();
    println!("{}: ok: {lines} certificates ({})", file.display(), summary.join(", "));
    EXIT_OK
}

/// What a checked certificate establishes, in one line.
fn verdict_words(verdict: &optimod_check::Verdict) -> String {
    let claim = match (&verdict.expected_calls, verdict.worst_case_calls) {
        _ if verdict.all_strategies.is_some() => {
            let all = verdict.all_strategies.as_ref().expect("just checked");
            let status = if all.status == Status::Proved { "proved" } else { "bounded" };
            format!(
                "expected calls for {} over all strategies: {status}, {} (lower bound {})",
                verdict.modulus, all.expected_calls, all.lower_bound
            )
        }
        (Some((k, value)), _) => {
            format!("fewest expected calls for {} among trees of depth <= {k} = {value}", verdict.modulus)
        }
        (None, Some(d)) => format!("D({}) = {d}", verdict.modulus),
        (None, None) => format!("no finite exact tree for {}", verdict.modulus),
    };
    let trust = match &verdict.trust {
        TrustLevel::Elementary => "elementary".to_string(),
        other => other.to_string(),
    };
    let cross = if verdict.cross_checked_by.is_empty() {
        String::new()
    } else {
        let what = if verdict.expected_calls.is_some() { "the optimum" } else { "no tree one depth below" };
        format!(
            "; recorded cross-checks (informational, not re-run by the checker): {what} by {}",
            verdict.cross_checked_by.join(", ")
        )
    };
    format!("{claim}, trust level {trust}{cross}")
}

/// The witness of a checked, proved certificate.
fn witness_of(certificate: &Certificate) -> Result<Witness, u8> {
    match &certificate.witness {
        Some(witness) => Ok(witness_from_record(witness).expect("checked witnesses read")),
        None => Err(invalid(&match &certificate.all_strategies {
            // A strategy with loops has no finite tree to draw.
            Some(claim) => format!(
                "the strategy (family {}) loops, it is not a finite tree: `optimod show FILE` describes it in \
                 words, `optimod codegen` turns it into code",
                claim.family
            ),
            None => format!(
                "no finite exact strategy exists for modulus {} with these generators",
                certificate.spec.modulus
            ),
        })),
    }
}

fn run_show(file: &Path, format: ShowFormat) -> u8 {
    let certificate = match load_certificate(file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match format {
        ShowFormat::Json => {
            print!("{}", certificate.to_json());
            return EXIT_OK;
        }
        ShowFormat::Dot | ShowFormat::Svg => {
            let tree = match witness_of(&certificate).map(|w| w.to_tree(DRAW_LEAVES)) {
                Ok(Some(tree)) => tree,
                Ok(None) => {
                    return invalid(&format!(
                        "the strategy has more than {DRAW_LEAVES} leaves, too many to draw: `optimod show FILE` \
                         describes it in words, `optimod codegen` turns it into code"
                    ))
                }
                Err(code) => return code,
            };
            let dot = optimod_emit::emit_dot(&tree, &title(&certificate));
            if matches!(format, ShowFormat::Dot) {
                print!("{dot}");
                return EXIT_OK;
            }
            return match render_svg(&dot) {
                Ok(svg) => {
                    print!("{svg}");
                    EXIT_OK
                }
                Err(message) => invalid(&message),
            };
        }
        ShowFormat::Text => {}
    }
    let spec = &certificate.spec;
    println!("modulus {}, generators: {}", spec.modulus, sizes_in_words(spec));
    match certificate.status {
        _ if certificate.all_strategies.is_some() => all_expected::print_certificate_words(&certificate, usize::MAX),
        Status::Bounded => {}
        Status::Proved if certificate.expected.is_some() => expected::print_certificate_words(&certificate, usize::MAX),
        Status::Proved => print_certificate_words(&certificate, usize::MAX),
        Status::Impossible => {
            if let Some(reason) = &certificate.impossible {
                println!("answer: impossible: {} divides {} but no generator size", reason.missing_prime, spec.modulus);
            }
        }
    }
    EXIT_OK
}

/// A certificate's sizes in words: the primes rule by name (its sizes are not listed).
fn sizes_in_words(spec: &optimod_cert::SpecRecord) -> String {
    match spec.generator_rule.as_str() {
        "primes-below-modulus" => format!("the primes below {}", spec.modulus),
        _ => spec.generators.iter().map(u64::to_string).collect::<Vec<_>>().join(", "),
    }
}

/// "mod 42 from the primes below 42: 2 calls, optimal" for picture titles and code headers.
pub(crate) fn title(certificate: &Certificate) -> String {
    let calls = match (&certificate.expected, certificate.worst_case_calls) {
        _ if certificate.all_strategies.is_some() => {
            let claim = certificate.all_strategies.as_ref().expect("just checked");
            format!("{} expected calls over all strategies ({:?})", claim.expected_calls, certificate.status)
        }
        (Some(claim), _) => format!(
            "{} expected calls, optimal among exact trees of depth <= {}",
            claim.expected_calls, claim.max_depth
        ),
        (None, Some(d)) => format!("{d} calls in the worst case, optimal"),
        (None, None) => "no finite strategy".to_string(),
    };
    format!("uniform mod {} from generators {}: {calls}", certificate.spec.modulus, sizes_in_words(&certificate.spec))
}

fn render_svg(dot: &str) -> Result<String, String> {
    use std::io::Write;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("--format svg needs Graphviz `dot` on PATH ({e}); --format dot prints its input"))?;
    child.stdin.take().expect("piped").write_all(dot.as_bytes()).map_err(|e| e.to_string())?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("dot failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn run_sample(target: &str, count: u64, seed: u64, json: bool) -> u8 {
    if !(1..=MAX_DRAWS).contains(&count) {
        return invalid(&format!("--count must be between 1 and {MAX_DRAWS}"));
    }
    let certificate = match sample_certificate(target) {
        Ok(certificate) => certificate,
        Err(code) => return code,
    };
    let (report, expected_calls, worst_case) = match draw(&certificate, count, seed) {
        Ok(drawn) => drawn,
        Err(code) => return code,
    };
    print_sample(&certificate, count, seed, json, &report, &expected_calls, worst_case)
}

/// The certificate to sample: read and checked, or proved now for a spec or modulus.
fn sample_certificate(target: &str) -> Result<Certificate, u8> {
    if target.ends_with(".json") {
        load_certificate(Path::new(target))
    } else {
        let spec = match read_spec(target, None) {
            Ok(spec) => spec,
            Err(message) => return Err(invalid(&message)),
        };
        match prove(&spec, &Options::default()) {
            Ok(Outcome::Proved { certificate, .. } | Outcome::Impossible { certificate, .. }) => Ok(certificate),
            Ok(Outcome::Unknown { reason, .. }) => {
                eprintln!("optimod: no certified strategy to sample: {reason}");
                Err(EXIT_UNKNOWN)
            }
            Err(error) => {
                eprintln!("optimod: {error}");
                Err(EXIT_CHECK_FAILED)
            }
        }
    }
}

/// Draws `count` values: a strategy with loops runs as its automaton, every other strategy as
/// its witness. Returns the report, the exact expected calls and the worst case (if bounded).
fn draw(
    certificate: &Certificate,
    count: u64,
    seed: u64,
) -> Result<(optimod_sample::SampleReport, String, Option<u32>), u8> {
    let n = certificate.spec.modulus;
    Ok(match (&certificate.all_strategies, &certificate.witness) {
        (Some(claim), None) => {
            let automaton = match optimod_prove::strategy_automaton(n, claim) {
                Ok(a) => a,
                Err(why) => return Err(invalid(&format!("the certificate's automaton: {why}"))),
            };
            let report =
                optimod_sample::sample_with(n, count, seed, |rng| optimod_sample::draw_automaton(&automaton, rng));
            (report, claim.expected_calls.clone(), None)
        }
        _ => {
            let report = match witness_of(certificate) {
                Ok(Witness::Tree(tree)) => optimod_sample::sample(&tree, n, count, seed),
                Ok(Witness::Blocks(blocks)) => {
                    optimod_sample::sample_with(n, count, seed, |rng| optimod_sample::draw_blocks(&blocks, rng))
                }
                Err(code) => return Err(code),
            };
            let witness = certificate.witness.as_ref().expect("a tree has a witness");
            (report, witness.expected_calls.clone(), Some(witness.depth))
        }
    })
}

/// The sample's summary: one JSON object, or lines for people.
fn print_sample(
    certificate: &Certificate,
    count: u64,
    seed: u64,
    json: bool,
    report: &optimod_sample::SampleReport,
    expected_calls: &str,
    worst_case: Option<u32>,
) -> u8 {
    let n = certificate.spec.modulus;
    let expected_decimal = decimal(expected_calls);
    if json {
        let summary = json!({
            "modulus": n,
            "count": count,
            "seed": seed,
            "histogram": report.histogram,
            "chi_square": report.chi_square,
            "degrees_of_freedom": report.degrees_of_freedom,
            "p_value": report.p_value,
            "mean_calls": report.mean_calls(),
            "max_calls": report.max_calls,
            "expected_calls": expected_calls,
            "expected_calls_decimal": expected_decimal,
            "worst_case_calls": worst_case,
        });
        println!("{summary}");
        return EXIT_OK;
    }
    let (min_j, min) =
        report.histogram.iter().enumerate().min_by_key(|(_, c)| **c).map(|(j, c)| (j, *c)).unwrap_or_default();
    let (max_j, max) =
        report.histogram.iter().enumerate().max_by_key(|(_, c)| **c).map(|(j, c)| (j, *c)).unwrap_or_default();
    println!("{}", title(certificate));
    println!("drew {count} values (ChaCha8 stream, seed {seed})");
    println!(
        "outputs: fewest {min} (output {min_j}), most {max} (output {max_j}), expected {:.1} each",
        count as f64 / n as f64
    );
    println!(
        "chi-square {:.3} with {} degrees of freedom: p-value {:.4}",
        report.chi_square, report.degrees_of_freedom, report.p_value
    );
    println!(
        "calls: mean {:.6} (exact expected {} = {expected_decimal:.6}), max {} (worst case {})",
        report.mean_calls(),
        expected_calls,
        report.max_calls,
        worst_case.map_or("unbounded".to_string(), |d| d.to_string())
    );
    EXIT_OK
}

/// "p/q" or "p" as a decimal, for people.
fn decimal(fraction: &str) -> f64 {
    match fraction.split_once('/') {
        Some((p, q)) => p.parse::<f64>().unwrap_or(f64::NAN) / q.parse::<f64>().unwrap_or(f64::NAN),
        None => fraction.parse().unwrap_or(f64::NAN),
    }
}

fn run_codegen(file: &Path, lang: CodeLanguage, name: Option<&str>) -> u8 {
    let certificate = match load_certificate(file) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let n = certificate.spec.modulus;
    // A finite tree, or a strategy with loops (the automaton, or the pools as a chain).
    enum Strategy {
        Finite(Witness),
        Automaton(optimod_recycle::Automaton),
    }
    let (strategy, expected_calls) = match (&certificate.witness, &certificate.all_strategies) {
        (Some(witness), _) => (
            Strategy::Finite(witness_from_record(witness).expect("checked witnesses read")),
            witness.expected_calls.clone(),
        ),
        (None, Some(claim)) => {
            let automaton = match optimod_prove::strategy_automaton(n, claim) {
                Ok(a) => a,
                Err(why) => return invalid(&format!("the certificate's automaton: {why}")),
            };
            (Strategy::Automaton(automaton), claim.expected_calls.clone())
        }
        (None, None) => {
            return invalid(&format!("no finite exact strategy exists for modulus {n} with these generators"));
        }
    };
    let default_name = format!("mod{n}");
    let name = name.unwrap_or(&default_name);
    if name.is_empty()
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        return invalid(&format!("--name {name:?} is not an identifier"));
    }
    let header = vec![
        format!("Generated by optimod {} from a checked certificate.", env!("CARGO_PKG_VERSION")),
        title(&certificate),
        format!(
            "Expected calls {}; trust {}; certificate SHA-256 {}.",
            expected_calls,
            certificate.trust.map_or("-".to_string(), |t| format!("{t:?}").to_lowercase()),
            optimod_check::sha256_hex(certificate.to_json().as_bytes())
        ),
    ];
    let language = match lang {
        CodeLanguage::Rust => optimod_emit::Language::Rust,
        CodeLanguage::C => optimod_emit::Language::C,
        CodeLanguage::Python => optimod_emit::Language::Python,
    };
    match strategy {
        Strategy::Finite(Witness::Tree(tree)) => print!("{}", optimod_emit::emit_code(&tree, name, &header, language)),
        Strategy::Finite(Witness::Blocks(blocks)) => {
            print!("{}", optimod_emit::emit_block_code(&blocks, name, &header, language))
        }
        Strategy::Automaton(a) => print!("{}", optimod_emit::emit_automaton_code(&a, name, &header, language)),
    }
    EXIT_OK
}
