//! `optimod puzzles`: one question per modulus with its certified answer, a witness and the
//! reason nothing shorter works, in words: a benchmark set for people and models.

use crate::input::read_spec;
use crate::output::{invalid, EXIT_OK, EXIT_UNKNOWN};
use crate::table::parse_range;
use optimod_cert::Claim;
use optimod_emit::describe_argument;
use optimod_emit::{describe_blocks, describe_tree};
use optimod_prove::{prove, Options, Outcome};
use optimod_spec::{GeneratorRule, Spec, Witness};
use serde_json::json;
use std::time::Duration;

/// Most moduli in one set (each is proved, in milliseconds by arithmetic for the primes rule).
const MAX_PUZZLES: u64 = 10_000;
/// Lines of a witness described in words.
const WITNESS_LINES: usize = 12;

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum PuzzleFormat {
    Jsonl,
    Csv,
}

pub(crate) fn run(range: &str, generators: Option<&str>, format: PuzzleFormat) -> u8 {
    let (a, b) = match parse_range(range) {
        Ok(ends) => ends,
        Err(message) => return invalid(&message),
    };
    if b - a >= MAX_PUZZLES {
        return invalid(&format!("--range {range:?} has {} moduli, more than {MAX_PUZZLES}", b - a + 1));
    }
    for n in [a, b] {
        if let Err(message) = read_spec(&n.to_string(), generators) {
            return invalid(&format!("modulus {n}: {message}"));
        }
    }
    let options = Options { cross_check: false, timeout: Duration::from_secs(60), ..Options::default() };
    let mut unsettled = false;
    if let PuzzleFormat::Csv = format {
        println!("modulus,answer,expected_calls,question,witness,reason");
    }
    for n in a..=b {
        let spec = read_spec(&n.to_string(), generators).expect("validated at the ends");
        let record = puzzle(&spec, &options);
        unsettled |= record["answer"]["status"] == "unknown";
        match format {
            PuzzleFormat::Jsonl => println!("{record}"),
            PuzzleFormat::Csv => println!("{}", csv_row(&record)),
        }
    }
    if unsettled {
        EXIT_UNKNOWN
    } else {
        EXIT_OK
    }
}

fn question(spec: &Spec) -> String {
    let n = spec.modulus;
    let menu = match spec.rule {
        GeneratorRule::PrimesBelowModulus => format!("modulo every prime below {n}"),
        _ => format!("modulo each of {}", spec.generators.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")),
    };
    format!(
        "You have random number generators {menu}: a generator modulo m returns a uniformly random integer in \
         0..m, independently at each call. Using only them, produce an exactly uniform random integer in 0..{n}. \
         What is the fewest calls that suffice in the worst case?"
    )
}

fn puzzle(spec: &Spec, options: &Options) -> serde_json::Value {
    let base = json!({ "modulus": spec.modulus, "generators": spec.generators, "question": question(spec) });
    let rest = match prove(spec, options) {
        Ok(Outcome::Proved { checked, witness, facts, .. }) => {
            let lines = match &witness {
                Witness::Blocks(blocks) => describe_blocks(blocks, WITNESS_LINES),
                Witness::Tree(tree) => describe_tree(tree, WITNESS_LINES),
            };
            let certificate = checked.certificate();
            let reason = match &certificate.claim {
                Claim::WorstCase(claim) => describe_argument(&certificate.spec, &claim.lower_bound),
                _ => unreachable!("prove certifies worst-case claims"),
            };
            json!({
                "answer": { "worst_case_calls": facts.depth, "status": "proved", "trust": checked.verdict().trust.to_string() },
                "expected_calls": facts.expected_calls.to_string(),
                "witness": in_one_line(&lines),
                "reason": reason,
            })
        }
        Ok(Outcome::Impossible { missing_prime, .. }) => json!({
            "answer": { "worst_case_calls": null, "status": "impossible", "trust": "elementary" },
            "expected_calls": null,
            "witness": null,
            "reason": format!(
                "Impossible with any bounded number of calls: the prime {missing_prime} divides {} and no generator \
                 size, so every probability a finite strategy makes has a denominator free of {missing_prime}, and 1/{} \
                 has not.",
                spec.modulus, spec.modulus
            ),
        }),
        Ok(Outcome::Unknown { lower, upper, reason }) => json!({
            "answer": { "worst_case_calls": null, "status": "unknown", "lower": lower, "upper": upper },
            "expected_calls": null, "witness": null, "reason": format!("not certified: {reason}"),
        }),
        Err(e) => json!({
            "answer": { "worst_case_calls": null, "status": "unknown" },
            "expected_calls": null, "witness": null, "reason": format!("not certified: {e}"),
        }),
    };
    let mut record = base;
    for (key, value) in rest.as_object().expect("an object") {
        record[key] = value.clone();
    }
    record
}

/// The lines of a description as one line: a line ending in `:` runs into the next.
fn in_one_line(lines: &[String]) -> String {
    let mut text = String::new();
    for line in lines {
        if !text.is_empty() {
            text.push_str(if text.ends_with(':') { " " } else { "; " });
        }
        text.push_str(line.trim());
    }
    text
}

fn csv_row(record: &serde_json::Value) -> String {
    let answer = match record["answer"]["worst_case_calls"].as_u64() {
        Some(d) => d.to_string(),
        None => record["answer"]["status"].as_str().unwrap_or("").to_string(),
    };
    let field = |key: &str| record[key].as_str().unwrap_or("").replace('"', "\"\"");
    format!(
        "{},{},\"{}\",\"{}\",\"{}\",\"{}\"",
        record["modulus"],
        answer,
        field("expected_calls"),
        field("question"),
        field("witness"),
        field("reason")
    )
}
