//! `optimod sample`: run a certified strategy with a seeded random source; histogram,
//! chi-square test, calls against the exact expected value.

use crate::input::{load_certificate, read_spec};
use crate::output::{invalid, EXIT_CHECK_FAILED, EXIT_OK, EXIT_UNKNOWN};
use num_rational::BigRational;
use num_traits::ToPrimitive;
use optimod_check::Checked;
use optimod_emit::{certified_strategy, decimal, strategy_costs, title, CertificateStrategy};
use optimod_prove::{prove, Options, Outcome};
use optimod_sample::SampleReport;
use optimod_spec::Witness;
use serde_json::json;
use std::path::Path;

/// Most values `sample` draws in one run (about a minute of drawing).
const MAX_DRAWS: u64 = 1_000_000_000;

/// A run's request and the strategy's exact figures.
struct Run<'a> {
    checked: &'a Checked,
    count: u64,
    seed: u64,
    expected_calls: BigRational,
    worst_case: Option<u32>,
}

pub fn run(target: &str, count: u64, seed: u64, json: bool) -> u8 {
    if !(1..=MAX_DRAWS).contains(&count) {
        return invalid(&format!("--count must be between 1 and {MAX_DRAWS}"));
    }
    let checked = match sample_certificate(target) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let n = checked.certificate().spec.modulus;
    let report = match certified_strategy(&checked) {
        Some(CertificateStrategy::Finite(Witness::Tree(tree))) => optimod_sample::sample(&tree, n, count, seed),
        Some(CertificateStrategy::Finite(Witness::Blocks(blocks))) => {
            optimod_sample::sample_with(n, count, seed, |rng| optimod_sample::draw_blocks(&blocks, rng))
        }
        Some(CertificateStrategy::Automaton(automaton)) => {
            optimod_sample::sample_with(n, count, seed, |rng| optimod_sample::draw_automaton(&automaton, rng))
        }
        None => return invalid(&format!("no finite exact strategy exists for modulus {n} with these generators")),
    };
    let (expected_calls, worst_case) =
        strategy_costs(checked.certificate()).expect("a strategy was drawn, so the claim has one");
    let expected_calls = expected_calls.into_value();
    let run = Run { checked: &checked, count, seed, expected_calls, worst_case };
    if json {
        println!("{}", summary_json(&run, &report));
    } else {
        print_summary(&run, &report);
    }
    EXIT_OK
}

/// The certificate to sample: read and checked, or proved now for a spec or modulus.
fn sample_certificate(target: &str) -> Result<Checked, u8> {
    if target.ends_with(".json") {
        return load_certificate(Path::new(target));
    }
    let spec = read_spec(target, None).map_err(|message| invalid(&message))?;
    match prove(&spec, &Options::default()) {
        Ok(Outcome::Proved { checked, .. } | Outcome::Impossible { checked, .. }) => Ok(checked),
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

/// False when the certificate's expected calls are an upper bound (a compact sampler's tail
/// is bounded, not summed).
fn exact_calls(run: &Run) -> bool {
    match &run.checked.verdict().established {
        optimod_check::Established::AllStrategies(all) => all.expected_calls_kind.is_exact(),
        _ => true,
    }
}

fn summary_json(run: &Run, report: &SampleReport) -> serde_json::Value {
    json!({
        "modulus": run.checked.certificate().spec.modulus,
        "count": run.count,
        "seed": run.seed,
        "histogram": report.histogram,
        "chi_square": report.chi_square,
        "degrees_of_freedom": report.degrees_of_freedom,
        "p_value": report.p_value,
        "mean_calls": report.mean_calls(),
        "max_calls": report.max_calls,
        "expected_calls": run.expected_calls.to_string(),
        "expected_calls_decimal": run.expected_calls.to_f64(),
        "expected_calls_kind": if exact_calls(run) { "exact" } else { "upper-bound" },
        "worst_case_calls": run.worst_case,
    })
}

fn print_summary(run: &Run, report: &SampleReport) {
    let n = run.checked.certificate().spec.modulus;
    let (min_j, min) =
        report.histogram.iter().enumerate().min_by_key(|(_, c)| **c).map(|(j, c)| (j, *c)).unwrap_or_default();
    let (max_j, max) =
        report.histogram.iter().enumerate().max_by_key(|(_, c)| **c).map(|(j, c)| (j, *c)).unwrap_or_default();
    println!("{}", title(run.checked.certificate()));
    println!("drew {} values (ChaCha8 stream, seed {})", run.count, run.seed);
    println!(
        "outputs: fewest {min} (output {min_j}), most {max} (output {max_j}), expected {:.1} each",
        run.count as f64 / n as f64
    );
    println!(
        "chi-square {:.3} with {} degrees of freedom: p-value {:.4}",
        report.chi_square, report.degrees_of_freedom, report.p_value
    );
    let exact = exact_calls(run);
    println!(
        "calls: mean {:.6} ({} {} = {}), max {} (worst case {})",
        report.mean_calls(),
        if exact { "exact expected" } else { "expected at most" },
        run.expected_calls,
        decimal(&run.expected_calls, 6),
        report.max_calls,
        run.worst_case.map_or("unbounded".to_string(), |d| d.to_string())
    );
}
