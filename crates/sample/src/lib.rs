//! Running a strategy: draws from real generators (a seeded ChaCha8 stream, so runs
//! reproduce), a histogram of outputs and a chi-square test of uniformity.
//!
//! Statistics here are floating point on purpose: they are evidence for a person, not proof.
//! Proof is the checker's job.

use optimod_spec::Tree;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a sampling run observed.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleReport {
    /// How many values were drawn.
    pub count: u64,
    /// `histogram[j]` = how often output j came out.
    pub histogram: Vec<u64>,
    /// Total generator calls made.
    pub total_calls: u64,
    /// Most calls made for one value.
    pub max_calls: u32,
    /// Pearson's chi-square statistic against the uniform distribution.
    pub chi_square: f64,
    /// Degrees of freedom (`modulus - 1`).
    pub degrees_of_freedom: u64,
    /// Probability of a statistic at least this large if the outputs were uniform.
    pub p_value: f64,
}

impl SampleReport {
    /// Mean calls per value.
    pub fn mean_calls(&self) -> f64 {
        self.total_calls as f64 / self.count as f64
    }
}

/// Draws one value by walking the tree; returns `(output, calls)`.
pub fn draw(tree: &Tree, rng: &mut impl Rng) -> (u64, u32) {
    run_tree(tree, &mut |m| Some(rng.random_range(0..m))).expect("a random source never stops")
}

/// Draws one value with a compact (divisor-block) tree, sampler by sampler; returns
/// `(output, calls)`.
pub fn draw_blocks(blocks: &optimod_spec::BlockTree, rng: &mut impl Rng) -> (u64, u32) {
    blocks.run(|m| rng.random_range(0..m))
}

/// Draws one value with an automaton (`optimod-recycle`): tree states walked, jumps
/// followed, chain states run as pools, samplers by their digits; returns `(output, calls)`.
pub fn draw_automaton(automaton: &optimod_recycle::Automaton, rng: &mut impl Rng) -> (u64, u32) {
    run_automaton(automaton, &mut |m| Some(rng.random_range(0..m))).expect("a random source never stops")
}

/// An outcome source: `call(m)` is the outcome of one call of the generator of size m (it must
/// be below m), or `None` to stop the run.
pub type Generator<'a> = dyn FnMut(u64) -> Option<u64> + 'a;

/// Walks a tree with outcomes from `call`; `None` if `call` stopped the run.
pub fn run_tree(tree: &Tree, call: &mut Generator) -> Option<(u64, u32)> {
    let mut node = tree;
    let mut calls = 0;
    loop {
        match node {
            Tree::Leaf(output) => return Some((*output, calls)),
            Tree::Call { size, children } => {
                calls += 1;
                node = &children[call(*size)? as usize];
            }
        }
    }
}

/// Runs a compact (divisor-block) tree with outcomes from `call`; `None` if `call` stopped
/// the run.
pub fn run_blocks(blocks: &optimod_spec::BlockTree, call: &mut Generator) -> Option<(u64, u32)> {
    // A block tree ends within its depth: on a stop it finishes on outcome 0, reported as none.
    let mut stopped = false;
    let result = blocks.run(|m| {
        call(m).unwrap_or_else(|| {
            stopped = true;
            0
        })
    });
    (!stopped).then_some(result)
}

/// Runs an automaton with outcomes from `call`; `None` if `call` stopped the run (an
/// automaton may call without bound on an unlucky source, so a caller that is not a random
/// source stops it).
pub fn run_automaton(automaton: &optimod_recycle::Automaton, call: &mut Generator) -> Option<(u64, u32)> {
    use optimod_recycle::State;
    use optimod_spec::LoopLeaf;
    let (mut state, mut calls) = (0usize, 0u32);
    loop {
        match &automaton.states[state] {
            State::Tree(root) => {
                let mut node = root;
                loop {
                    match node {
                        Tree::Leaf(LoopLeaf::Output(j)) => return Some((*j, calls)),
                        Tree::Leaf(LoopLeaf::Jump(t)) => {
                            state = *t;
                            break;
                        }
                        Tree::Call { size, children } => {
                            calls += 1;
                            node = &children[call(*size)? as usize];
                        }
                    }
                }
            }
            State::Chain { steps, loop_to } => return run_chain(steps, *loop_to, calls, call),
            State::Sampler(sampler) => {
                let (j, used) = sampler.try_run(&mut *call)?;
                return Some((j, calls + used));
            }
        }
    }
}

/// A pool chain: the value grows by each call's outcome and a step emits when it falls below
/// the step's counts.
fn run_chain(
    steps: &[optimod_recycle::ChainStep],
    loop_to: Option<usize>,
    mut calls: u32,
    call: &mut Generator,
) -> Option<(u64, u32)> {
    let (mut index, mut value) = (0usize, 0u128);
    loop {
        let step = &steps[index];
        value = value * step.size as u128 + call(step.size)? as u128;
        calls += 1;
        for &(j, count) in &step.emit {
            if value < count as u128 {
                return Some((j, calls));
            }
            value -= count as u128;
        }
        index = if index + 1 < steps.len() { index + 1 } else { loop_to.expect("a checked chain loops or ends") };
    }
}

/// Draws `count` values from `tree` (outputs `0..modulus`) with the stream seeded by `seed`.
pub fn sample(tree: &Tree, modulus: u64, count: u64, seed: u64) -> SampleReport {
    sample_with(modulus, count, seed, |rng| draw(tree, rng))
}

/// Draws `count` values with `draw_one` (a tree walk or a pool automaton run).
pub fn sample_with(
    modulus: u64,
    count: u64,
    seed: u64,
    mut draw_one: impl FnMut(&mut ChaCha8Rng) -> (u64, u32),
) -> SampleReport {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut histogram = vec![0u64; modulus as usize];
    let (mut total_calls, mut max_calls) = (0u64, 0u32);
    for _ in 0..count {
        let (output, calls) = draw_one(&mut rng);
        histogram[output as usize] += 1;
        total_calls += calls as u64;
        max_calls = max_calls.max(calls);
    }
    let expected = count as f64 / modulus as f64;
    let chi_square: f64 = histogram.iter().map(|&o| (o as f64 - expected).powi(2) / expected).sum();
    let degrees_of_freedom = modulus - 1;
    let p_value = chi_square_survival(chi_square, degrees_of_freedom as f64);
    SampleReport { count, histogram, total_calls, max_calls, chi_square, degrees_of_freedom, p_value }
}

/// `P[X >= x]` for X chi-square with `k` degrees of freedom: the regularised upper incomplete
/// gamma function `Q(k/2, x/2)`.
pub fn chi_square_survival(x: f64, k: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    upper_regularized_gamma(k / 2.0, x / 2.0)
}

/// `Q(a, x)`, by the series for `x < a + 1` and Lentz's continued fraction otherwise.
fn upper_regularized_gamma(a: f64, x: f64) -> f64 {
    let log_prefactor = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let (mut sum, mut term, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..10_000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (1.0 - sum * log_prefactor.exp()).clamp(0.0, 1.0)
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (log_prefactor.exp() * h).clamp(0.0, 1.0)
    }
}

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, n = 9).
fn ln_gamma(x: f64) -> f64 {
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = COEF[0];
    let t = x + 7.5;
    for (i, &c) in COEF.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survival_function_matches_tables() {
        // Known quantiles: chi-square(1) at 3.841 -> 0.05; chi-square(10) at 18.307 -> 0.05;
        // chi-square(40) at 63.691 -> 0.01; chi-square(2) at x -> exp(-x/2).
        assert!((chi_square_survival(3.841, 1.0) - 0.05).abs() < 1e-3);
        assert!((chi_square_survival(18.307, 10.0) - 0.05).abs() < 1e-3);
        assert!((chi_square_survival(63.691, 40.0) - 0.01).abs() < 1e-3);
        assert!((chi_square_survival(5.0, 2.0) - (-2.5f64).exp()).abs() < 1e-9);
        assert_eq!(chi_square_survival(0.0, 3.0), 1.0);
    }

    #[test]
    fn an_exact_tree_passes_and_a_biased_one_is_caught() {
        let exact = Tree::parse("2(3(0 1 2) 3(3 4 5))").unwrap();
        let fair = sample(&exact, 6, 60_000, 7);
        assert!(fair.p_value > 1e-4, "{fair:?}");
        assert_eq!((fair.max_calls, fair.total_calls), (2, 120_000));
        // Output 5 replaced by 4 on one path: output 4 has 1/3, output 5 none.
        let biased = Tree::parse("2(3(0 1 2) 3(3 4 4))").unwrap();
        let report = sample(&biased, 6, 60_000, 7);
        assert!(report.p_value < 1e-12, "{report:?}");
        // A subtle bias: 1/36 moved from output 0 to output 1 on a 6 x 6 tree.
        let mut leaves: Vec<String> = (0..36).map(|i| (i % 6).to_string()).collect();
        leaves[0] = "1".into();
        let text = format!(
            "6({})",
            (0..6).map(|r| format!("6({})", leaves[6 * r..6 * r + 6].join(" "))).collect::<Vec<_>>().join(" ")
        );
        let subtle = sample(&Tree::parse(&text).unwrap(), 6, 1_000_000, 1);
        assert!(subtle.p_value < 1e-6, "{subtle:?}");
    }

    #[test]
    fn seeded_runs_reproduce() {
        let tree = Tree::parse("2(3(0 1 2) 3(3 4 5))").unwrap();
        assert_eq!(sample(&tree, 6, 1000, 3), sample(&tree, 6, 1000, 3));
        assert_ne!(sample(&tree, 6, 1000, 3).histogram, sample(&tree, 6, 1000, 4).histogram);
    }
}
