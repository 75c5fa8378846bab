//! `just bench`: the shipped pipeline against the naive encoding (one variable per node of the
//! full tree), on the same moduli in the same run. Reports figures; asserts nothing.
//!
//! Shipped: `prove` end to end (bounds, multiset search, certificate, check).
//! Naive: z3 on the full-tree encoding at the optimum depth D (must be SAT) and at D - 1 (must
//! be UNSAT), the two queries a proof needs; each with the same time limit.

use optimod_prove::{prove, Options, Outcome};
use optimod_smt::{solve_naive, Budget, Verdict};
use optimod_spec::{Objective, Spec};
use std::time::{Duration, Instant};

const NAIVE_LIMIT: Duration = Duration::from_secs(60);
const MAX_POSITIONS: usize = 1_500;

fn main() {
    let moduli: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect::<Vec<_>>();
    let moduli = if moduli.is_empty() { vec![4, 6, 9, 10, 12, 15, 21, 42] } else { moduli };
    println!("{:>4}  {:>5}  {:>10}  {:>10}  {:>10}  {:>8}", "n", "D", "shipped s", "naive s", "positions", "ratio");
    for n in moduli {
        let spec = Spec::primes_below(n, Objective::WorstCase).expect("n >= 3");
        let started = Instant::now();
        let outcome = prove(&spec, &Options::default()).expect("no internal error");
        let shipped = started.elapsed();
        let Outcome::Proved { facts: evaluation, .. } = outcome else {
            println!("{n:>4}  (no finite tree or unknown: skipped)");
            continue;
        };
        let d = evaluation.depth;
        let started = Instant::now();
        let mut positions = 0;
        let mut verdicts = Vec::new();
        for depth in [d, d - 1] {
            let left = NAIVE_LIMIT.saturating_sub(started.elapsed());
            let budget = Budget { timeout_ms: left.as_millis().max(1) as u32, rlimit: 0 };
            match solve_naive(&spec, depth, budget, MAX_POSITIONS) {
                Some((verdict, size)) => {
                    positions = positions.max(size);
                    verdicts.push(verdict);
                }
                None => verdicts.push(Verdict::Unknown(format!("more than {MAX_POSITIONS} positions"))),
            }
        }
        let naive = started.elapsed();
        let finished = matches!(verdicts.as_slice(), [Verdict::Inconclusive, Verdict::Unsat]);
        let refused = verdicts.iter().any(|v| matches!(v, Verdict::Unknown(why) if why.contains("positions")));
        let (naive_text, ratio) = if refused {
            ("too big".to_string(), "-".to_string())
        } else if finished {
            (format!("{:.3}", naive.as_secs_f64()), format!("{:.1}x", naive.as_secs_f64() / shipped.as_secs_f64()))
        } else {
            (format!(">{:.0}", naive.as_secs_f64()), format!(">{:.0}x", naive.as_secs_f64() / shipped.as_secs_f64()))
        };
        let positions = if positions == 0 { "-".to_string() } else { positions.to_string() };
        println!("{n:>4}  {d:>5}  {:>10.3}  {naive_text:>10}  {positions:>10}  {ratio:>8}", shipped.as_secs_f64());
    }
    println!(
        "naive limit {} s per modulus; '>' marks a naive run that hit the limit; 'too big': the full tree \
         has more than {MAX_POSITIONS} positions, so it was not built.",
        NAIVE_LIMIT.as_secs()
    );
}
