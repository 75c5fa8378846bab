//! `optimod`: parse the command line, call the library, print, choose the exit code.
//! Everything else lives in the library crates.

use clap::{CommandFactory, Parser, Subcommand};
use optimod_prove::Options;
use optimod_spec::{Objective, Spec};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

mod all_expected;
mod coq;
mod expected;
mod export;
mod grade;
mod input;
mod lines;
mod output;
mod prove;
mod puzzles;
mod sample;
mod show;
mod table;
mod verify;

use input::read_spec;
use output::{invalid, writable};

/// Provably optimal exact random generators modulo n, built from smaller generators.
///
/// Exit codes: 0 proved, impossible or verified; 2 invalid input; 3 unknown (timeout or
/// depth limit); 4 a certificate failed its check, or two engines disagree.
#[derive(Parser)]
#[command(
    name = "optimod",
    version,
    about = "Provably optimal exact random generators modulo n, built from smaller generators.",
    after_help = "Exit codes: 0 proved, impossible or verified; 2 invalid input; 3 unknown (timeout or depth \
                  limit); 4 a certificate failed its check, or two engines disagree.\n\
                  Each command's --help has examples. Completions: `optimod completions SHELL`; manual: `optimod man`."
)]
struct Cli {
    /// Print no report (prove, verify, sample, grade): errors still go to standard error, and
    /// the exit code is the answer. Output that is the product (a certificate on `--out -`, a
    /// table, code, a picture) is printed as usual.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

impl Command {
    /// Whether standard output carries only a report, which `--quiet` drops.
    fn reports_only(&self) -> bool {
        match self {
            Command::Prove(args) => args.out.as_deref().is_none_or(|out| out != std::path::Path::new("-")),
            Command::Verify { .. } | Command::Sample { .. } | Command::Grade { .. } => true,
            _ => false,
        }
    }
}

/// Points standard output at /dev/null, for `--quiet`.
fn silence_stdout() {
    if let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
        use std::os::unix::io::AsRawFd;
        // SAFETY: dup2 on two descriptors this process owns; nothing has been printed yet.
        unsafe {
            libc::dup2(null.as_raw_fd(), libc::STDOUT_FILENO);
        }
    }
}

/// The arguments of `optimod prove`.
#[derive(clap::Args)]
struct ProveArgs {
    /// A modulus (generators default to the primes below it) or a spec file (.toml).
    target: String,
    /// Generator sizes, comma-separated (`2,3,7`), or `primes-below-modulus`. Only with a modulus.
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
    /// Seconds before reporting unknown: for the enumeration and solver steps of a lower bound
    /// and, with --objective expected and no --max-depth, for the whole search.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Write the certificate here (only after it passed the checker); `-` for standard
    /// output, which then carries the certificate alone.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Worst case, and expected calls over all strategies: also export the certified claim to
    /// Coq and have coqc prove it (trust level coq); exit 3 when it cannot be raised, 4 when
    /// coqc refuses.
    #[arg(long)]
    coq: bool,
    /// Engines that answer the claim's two questions: `z3,ilp` (default: z3 and the CBC
    /// integer programme cross-check each other) or `z3` (no cross-check).
    #[arg(long, value_enum, default_value = "z3,ilp")]
    engines: Engines,
    /// Test only (built with the `fault-injection` feature): give the ILP engine a
    /// deliberately wrong model (`two-roots`).
    #[cfg(feature = "fault-injection")]
    #[arg(long, value_enum, hide = true)]
    fault_ilp: Option<IlpFault>,
}

// Each subcommand's help ends with examples and its exit codes.
const COMPLETIONS_HELP: &str = "\
Examples:
  optimod completions bash > /etc/bash_completion.d/optimod
  optimod completions zsh > ~/.zfunc/_optimod

Exit codes: 0 printed, 2 an unknown shell.";

const MAN_HELP: &str = "\
Examples:
  optimod man > optimod.1 && man ./optimod.1

Exit codes: 0 printed.";

const PROVE_HELP: &str = "\
Examples:
  optimod prove 42                                  the puzzle: 2 calls, certified
  optimod prove 1000 --generators 6,10 --out P.json write the certificate
  optimod prove 30 --objective expected             fewest calls on average, all strategies
  optimod prove specs/42.toml --json --coq          as JSON, and proved again by coqc

Exit codes: 0 proved (or impossible, proved), 3 unknown (bounds printed), 2 invalid input,
4 check failed (a certificate refused, engines that disagree, coqc refused --coq).";

const VERIFY_HELP: &str = "\
Examples:
  optimod verify proofs/42.json proofs/43.json
  optimod verify --json table.jsonl
  optimod prove 42 --out - | optimod verify -
  optimod verify --coq proofs/42.json               trust level coq, if coqc proves it

Exit codes: 0 every certificate checks, 4 one failed (the file and the check are named),
3 --coq could not raise a claim (no export, no coqc), 2 a file cannot be read.";

const SHOW_HELP: &str = "\
Examples:
  optimod show proofs/42.json
  optimod show proofs/42.json --format svg > 42.svg

Exit codes: 0 shown, 4 the certificate is refused by the checker, 2 invalid input.";

const SAMPLE_HELP: &str = "\
Examples:
  optimod sample 42 --count 100000 --seed 7
  optimod sample proofs/42.json --json

Exit codes: 0 drawn, 3 no strategy could be certified, 4 a certificate refused, 2 invalid
input (or no exact strategy exists for the menu).";

const CODEGEN_HELP: &str = "\
Examples:
  optimod codegen proofs/42.json --lang rust
  optimod codegen proofs/42.json --lang c --name uniform42 > uniform42.c

Exit codes: 0 written, 4 the certificate is refused by the checker, 2 invalid input (a
name the language reserves, say).";

const EXPORT_HELP: &str = "\
Examples:
  optimod export coq proofs/42.json --out P42.v && coqc -R coq Optimod P42.v
  optimod export coq --table 4..2000 --out table/      the certified table, in chunks:
    coqc -R coq Optimod -R table OptimodTable table/Chunk_4_1003.v   (each chunk, in parallel)
    coqc -R coq Optimod -R table OptimodTable table/Range_4_2000.v   (then the whole range)

Exit codes: 0 written, 2 no Coq export for this claim (or invalid input), 4 the certificate
is refused by the checker.";

const GRADE_HELP: &str = "\
Examples:
  optimod grade 42 answer.py                        a Python `sample(rng)`, explored
  optimod grade 6 \"2(3(0 1 2) 3(3 4 5))\" --generators 2,3
  optimod grade 42 proofs/42.json --objective expected --json

Exit codes: 0 graded (optimal or suboptimal), 4 inexact or invalid, 3 optimum or exactness
unknown, 2 invalid input.";

const PUZZLES_HELP: &str = "\
Examples:
  optimod puzzles --range 4..200 > puzzles.jsonl
  optimod puzzles --range 10..20 --generators 2,3 --format csv

Exit codes: 0 written, 3 a modulus could not be settled, 2 invalid input.";

const TABLE_HELP: &str = "\
Examples:
  optimod table --range 4..64 --format markdown
  optimod table --range 4..10000 --certificates rows.jsonl && optimod verify rows.jsonl

Exit codes: 0 every row settled, 3 a row is unknown (the table still completes), 2 invalid
input, 4 a row's certificate refused.";

#[derive(Subcommand)]
enum Command {
    /// Find and certify the fewest calls, in the worst case, of an exact generator modulo n.
    #[command(after_help = PROVE_HELP)]
    Prove(ProveArgs),
    /// Check certificates with the independent checker; exit 0 only if all pass. A claim
    /// resting on a solver step has its pinned script re-run (cvc5 if installed, else z3).
    #[command(after_help = VERIFY_HELP)]
    Verify {
        /// Certificate files (or `.jsonl` files of certificates, one per line, `.jsonl.gz`
        /// compressed); `-` reads one from standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Do not re-run solver steps (the script is still pinned and bound to the claim);
        /// each verdict then says "solver step not re-run".
        #[arg(long)]
        no_solver: bool,
        /// Also export each claim to Coq and have coqc prove it (trust level coq): exit 3 when
        /// a claim has no Coq export or coqc is missing, 4 when coqc refuses.
        #[arg(long)]
        coq: bool,
        /// One JSON object per file instead of text: `file`, `status` (`ok`, `failed`,
        /// `unreadable`), and the verdict, trust and basis, or the failed check and message.
        #[arg(long)]
        json: bool,
        /// Threads checking the lines of a file of certificates (`.jsonl`, `.jsonl.gz`).
        #[arg(long, default_value_t = 2)]
        jobs: usize,
    },
    /// Print a certificate's strategy: in words, as Graphviz DOT or SVG, or as its JSON.
    #[command(after_help = SHOW_HELP)]
    Show {
        /// A certificate file, or `-` for standard input.
        file: PathBuf,
        /// text (the strategy and argument in words), dot, svg (needs Graphviz `dot`) or json.
        #[arg(long, default_value = "text")]
        format: show::ShowFormat,
    },
    /// Run a strategy with a seeded random source; histogram, chi-square test, calls.
    #[command(after_help = SAMPLE_HELP)]
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
    #[command(after_help = CODEGEN_HELP)]
    Codegen {
        /// A certificate file, or `-` for standard input.
        file: PathBuf,
        /// rust, c or python.
        #[arg(long)]
        lang: show::CodeLanguage,
        /// The function's name (default: mod<N>).
        #[arg(long)]
        name: Option<String>,
    },
    /// Export a checked certificate: `coq` writes a Coq theorem (`Optimal n G D` or
    /// `Impossible n G`) that `coqc -R coq Optimod FILE.v` proves. Elementary worst-case
    /// claims only (exit 2 otherwise; 4 if the checker rejects the certificate).
    #[command(after_help = EXPORT_HELP)]
    Export {
        /// The target format.
        format: export::ExportFormat,
        /// A certificate file, or `-` for standard input.
        #[arg(required_unless_present = "table", conflicts_with = "table")]
        file: Option<PathBuf>,
        /// Write here instead of standard output (`-`: standard output); with --table, a
        /// directory for the chunk files and the range file.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Certify every modulus of a range A..B with the primes below it and write the table
        /// as Coq theorems: one per chunk and one for the whole range (needs --out DIR).
        #[arg(long, value_name = "A..B")]
        table: Option<String>,
        /// Moduli per chunk file (with --table).
        #[arg(long, default_value_t = 1000, requires = "table")]
        chunk: u64,
    },
    /// Grade a proposed strategy: exact or not (in exact rationals), its worst-case and
    /// expected calls, and how far from the certified optimum. Exit 0 graded (optimal or
    /// suboptimal), 4 inexact or invalid, 3 optimum or exactness unknown, 2 invalid input.
    #[command(after_help = GRADE_HELP)]
    Grade {
        /// A modulus (generators default to the primes below it) or a spec file (.toml).
        target: String,
        /// The strategy: a Python file defining `sample(rng)` (`rng(m)` is uniform in 0..m),
        /// a file of tree notation (`41(2(0 21) ...)`, `@0` restarts) or the notation itself,
        /// a certificate (.json), or `-` (standard input).
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
    #[command(after_help = PUZZLES_HELP)]
    Puzzles {
        /// The moduli, `A..B` (B included).
        #[arg(long)]
        range: String,
        /// Generator sizes for every modulus (`2,3,7`), or `primes-below-modulus` (the default).
        #[arg(long)]
        generators: Option<String>,
        /// jsonl (one JSON object per line) or csv.
        #[arg(long, default_value = "jsonl")]
        format: puzzles::PuzzleFormat,
    },
    /// Prove every modulus in a range, in parallel, and print a table.
    #[command(after_help = TABLE_HELP)]
    Table {
        /// The moduli, `A..B` (B included).
        #[arg(long)]
        range: String,
        /// Generator sizes for every modulus (`2,3,7`), or `primes-below-modulus` (the default).
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
    /// Print a shell completion script for optimod.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print optimod's manual page (roff, for `man`), generated from this help.
    #[command(after_help = MAN_HELP)]
    Man,
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
#[cfg(feature = "fault-injection")]
#[derive(Clone, Copy, clap::ValueEnum)]
enum IlpFault {
    TwoRoots,
}

/// `optimod prove`: the request checked before any work, then the objective's own runner.
fn prove_command(args: ProveArgs) -> u8 {
    let ProveArgs {
        target,
        generators,
        objective,
        max_depth,
        timeout,
        out,
        json,
        coq,
        engines,
        #[cfg(feature = "fault-injection")]
        fault_ilp,
    } = args;
    let cross_check = engines == Engines::Z3Ilp;
    #[cfg(feature = "fault-injection")]
    let ilp_fault = match fault_ilp {
        None => optimod_prove::Fault::None,
        Some(IlpFault::TwoRoots) => optimod_prove::Fault::TwoRoots,
    };
    #[cfg(not(feature = "fault-injection"))]
    let ilp_fault = optimod_prove::Fault::None;
    let options =
        Options { max_depth, timeout: Duration::from_secs(timeout), cross_check, ilp_fault, ..Options::default() };
    let spec = match read_spec(&target, generators.as_deref()).and_then(|s| with_objective(s, objective, max_depth)) {
        Ok(spec) => spec,
        Err(message) => return invalid(&message),
    };
    // Checked before any work: a certificate that cannot be written is not computed.
    if let Some(Err(message)) = out.as_deref().map(|out| writable("--out", out)) {
        return invalid(&message);
    }
    if max_depth.is_some_and(|k| k > optimod_check::DEPTH_LIMIT) {
        return invalid(&format!("--max-depth must be at most {}", optimod_check::DEPTH_LIMIT));
    }
    if coq && matches!(spec.objective, Objective::ExpectedWithinDepth { .. }) {
        return invalid(
            "--coq: expected calls within a depth limit have no Coq export (worst-case and all-strategies claims do)",
        );
    }
    match spec.objective {
        Objective::WorstCase => prove::run(&spec, options, out.as_deref(), json, coq),
        Objective::ExpectedWithinDepth { .. } => expected::run(&spec, options, out.as_deref(), json),
        Objective::Expected => all_expected::run(&spec, options, out.as_deref(), json, coq),
    }
}

fn main() -> ExitCode {
    // `optimod show ... | head` should end quietly, as other command-line tools do, rather
    // than panic on the closed pipe.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    if cli.quiet && cli.command.reports_only() {
        silence_stdout();
    }
    let code = match cli.command {
        Command::Prove(args) => prove_command(args),
        Command::Verify { files, no_solver, coq, json, jobs } => verify::run(&files, no_solver, coq, json, jobs),
        Command::Show { file, format } => show::run(&file, format),
        Command::Sample { target, count, seed, json } => sample::run(&target, count, seed, json),
        Command::Codegen { file, lang, name } => show::codegen(&file, lang, name.as_deref()),
        Command::Export { format, file, out, table, chunk } => match (table, file) {
            (Some(range), _) => export::run_table(format, &range, out.as_deref(), chunk),
            (None, Some(file)) => export::run(format, &file, out.as_deref()),
            (None, None) => output::invalid("export: a certificate file or --table A..B"),
        },
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
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "optimod", &mut std::io::stdout());
            output::EXIT_OK
        }
        Command::Man => match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
            Ok(()) => output::EXIT_OK,
            Err(e) => invalid(&format!("cannot write the manual page: {e}")),
        },
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
