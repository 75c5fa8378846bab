//! Knuth–Yao sampling of an arbitrary rational distribution with one generator size m
//! (docs/model.md §7 facts 5 and 7): output j is emitted at level k for each unit of the k-th
//! base-m digit of its probability. The pending values at each level form a uniform pool,
//! so the sampler is a chain of pools ([`ChainStep`]s, an automaton's `State::Chain`); the digits are
//! eventually periodic, which closes the chain with a loop.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use std::collections::HashMap;

/// One level of a chain: a uniform value in `0..pool` is held; calling `size` makes it
/// uniform in `0..pool*size`; the first values go to the outputs listed in `emit`
/// (`(output, how many values)`, in order), the rest are the next level's pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainStep {
    pub pool: u64,
    pub size: u64,
    pub emit: Vec<(u64, u64)>,
}

/// The Knuth–Yao chain for probabilities `numerators[j] / denominator` (summing to one)
/// with generator size `m`: `(steps, loop_to)`. `None` when the chain would be longer
/// than `max_levels` or the arithmetic would leave 128 bits.
pub fn knuth_yao_chain(
    numerators: &[u128],
    denominator: u128,
    m: u64,
    max_levels: usize,
) -> Option<(Vec<ChainStep>, Option<usize>)> {
    if numerators.iter().sum::<u128>() != denominator || denominator.checked_mul(m as u128).is_none() {
        return None;
    }
    let mut remainders: Vec<u128> = numerators.to_vec();
    let mut seen: HashMap<Vec<u128>, usize> = HashMap::new();
    let mut steps: Vec<ChainStep> = Vec::new();
    let mut pool: u64 = 1;
    loop {
        if remainders.iter().all(|&r| r == 0) {
            return Some((steps, None));
        }
        if let Some(&level) = seen.get(&remainders) {
            return Some((steps, Some(level)));
        }
        if steps.len() == max_levels {
            return None;
        }
        seen.insert(remainders.clone(), steps.len());
        let mut emit = Vec::new();
        let mut emitted = 0u64;
        for (j, r) in remainders.iter_mut().enumerate() {
            let scaled = *r * m as u128;
            let digit = (scaled / denominator) as u64;
            *r = scaled % denominator;
            if digit > 0 {
                emit.push((j as u64, digit));
                emitted += digit;
            }
        }
        steps.push(ChainStep { pool, size: m, emit });
        pool = pool.checked_mul(m)? - emitted;
    }
}

/// `sum_k frac(m^k x) / m^k` for `x = numerator / denominator`: the Knuth–Yao cost share of
/// one output (its leaves costed by depth), in floating point to rank candidates only.
pub fn knuth_yao_share(numerator: u128, denominator: u128, m: u64) -> f64 {
    if numerator >= denominator {
        return 1.0; // probability 1: all m values of the first call
    }
    let mut remainder = numerator;
    let mut total = 0.0f64;
    let mut weight = 1.0f64;
    while remainder != 0 && weight > 1e-19 {
        total += weight * (remainder as f64 / denominator as f64);
        remainder = remainder * m as u128 % denominator;
        weight /= m as f64;
    }
    total
}

/// A Knuth–Yao sampler stored by its distribution instead of its chain (issue 14): output j
/// with probability `weight_j / denominator`, drawn with one generator size. Its state while
/// running is the value held (below the pool) and each output's remainder `m^k w_j mod W`;
/// level k emits, for each output in order, as many values as the k-th base-m digit of its
/// probability. Exact for any rational distribution, whatever the period of the digits.
///
/// Its expected calls are `sum_k pool_k / m^k` (`pool_0 = 1`; `pool_k`, the values still
/// undecided after k calls, is `sum_j (m^k w_j mod W) / W`, an integer below the number of
/// outputs J). The first `terms` levels are summed exactly; the rest is at most
/// `(J - 1) m^(1 - terms) / (m - 1)`, so the cost is known to lie in an interval of that width
/// (exact when every remainder is 0 by then).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sampler {
    /// The generator size called at every level.
    pub size: u64,
    /// W: the common denominator of the probabilities, below 2^63.
    pub denominator: u64,
    /// `(output, weight)`, outputs ascending, weights positive, summing to `denominator`.
    pub weights: Vec<(u64, u64)>,
    /// Levels summed exactly before the tail is bounded.
    pub terms: u32,
}

/// Most exactly summed levels a sampler may ask for (each costs one pass over the outputs).
pub const MAX_TERMS: u32 = 4096;

/// The expected calls of a [`Sampler`]: `lower` (the first `terms` levels) and `upper`
/// (`lower` plus the tail bound); equal when the digits end within `terms` levels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SamplerCost {
    pub lower: BigRational,
    pub upper: BigRational,
}

impl Sampler {
    /// The sampler for `numerators[j] / denominator` (zero weights dropped), summing
    /// `terms` levels; `None` when the numbers do not describe a distribution within the
    /// limits (denominator below 2^63, size at least 2, 1 to [`MAX_TERMS`] terms).
    pub fn new(numerators: &[u128], denominator: u128, size: u64, terms: u32) -> Option<Sampler> {
        let denominator = u64::try_from(denominator).ok().filter(|&w| w < 1 << 63)?;
        if size < 2 || terms == 0 || terms > MAX_TERMS || numerators.iter().sum::<u128>() != denominator as u128 {
            return None;
        }
        let weights =
            numerators.iter().enumerate().filter(|(_, &w)| w > 0).map(|(j, &w)| (j as u64, w as u64)).collect();
        Some(Sampler { size, denominator, weights, terms })
    }

    /// Levels needed for a tail bound below `2^-bits` (times the outputs), at most
    /// [`MAX_TERMS`].
    pub fn terms_for(size: u64, bits: u32) -> u32 {
        let per_level = (size as f64).log2();
        ((bits as f64 / per_level).ceil() as u32 + 1).min(MAX_TERMS)
    }

    /// Expected calls, bounded as the type's comment says.
    pub fn cost(&self) -> SamplerCost {
        let (w, m) = (self.denominator as u128, self.size as u128);
        let mut remainders: Vec<u128> = self.weights.iter().map(|&(_, x)| x as u128 % w).collect();
        let mut lower = BigRational::one(); // pool_0 = 1: the first call is always made
        let mut scale = BigInt::one();
        for level in 1..=self.terms {
            remainders.iter_mut().for_each(|r| *r = *r * m % w);
            let pool = remainders.iter().sum::<u128>() / w;
            if pool == 0 {
                return SamplerCost { upper: lower.clone(), lower };
            }
            if level < self.terms {
                scale *= BigInt::from(self.size);
                lower += BigRational::new(BigInt::from(pool), scale.clone());
            }
        }
        // Levels terms, terms + 1, ...: pool_k <= J - 1 and sum_{k>=K} m^-k = m^(1-K)/(m-1).
        let outputs = self.weights.len() as u64;
        let tail = BigRational::new(BigInt::from(outputs.saturating_sub(1)), &scale * BigInt::from(self.size - 1));
        SamplerCost { upper: &lower + tail, lower }
    }

    /// Output probabilities, exact, over `n` outputs.
    pub fn distribution(&self, n: usize) -> Option<Vec<BigRational>> {
        let mut mass = vec![BigRational::zero(); n];
        for &(j, x) in &self.weights {
            *mass.get_mut(j as usize)? += BigRational::new(BigInt::from(x), BigInt::from(self.denominator));
        }
        Some(mass)
    }

    /// Runs the sampler with `call(m)` uniform in `0..m`; returns `(output, calls)`.
    pub fn run(&self, mut call: impl FnMut(u64) -> u64) -> (u64, u32) {
        self.try_run(|m| Some(call(m))).expect("the source never stops")
    }

    /// Runs the sampler with outcomes from `call` (each below the size), `None` if `call`
    /// stopped the run.
    pub fn try_run(&self, mut call: impl FnMut(u64) -> Option<u64>) -> Option<(u64, u32)> {
        let (w, m) = (self.denominator as u128, self.size as u128);
        let mut remainders: Vec<u128> = self.weights.iter().map(|&(_, x)| x as u128).collect();
        let (mut value, mut calls) = (0u128, 0u32);
        loop {
            value = value * m + call(self.size)? as u128;
            calls += 1;
            for (r, &(j, _)) in remainders.iter_mut().zip(&self.weights) {
                let digit = *r * m / w;
                *r = *r * m % w;
                if value < digit {
                    return Some((j, calls));
                }
                value -= digit;
            }
        }
    }
}

/// Most sampler sizes tried (the largest): every n up to 50 has at most 15 primes below it.
const SAMPLER_SIZES: usize = 16;

/// The sizes tried as the sampler's size m: the [`SAMPLER_SIZES`] largest (each is a separate
/// search, so with many sizes the work would grow with their number).
/// In the order given, so that ties between searches fall the same way as with all sizes.
pub(crate) fn sampler_sizes(sizes: &[u64]) -> Vec<u64> {
    let mut largest = sizes.to_vec();
    largest.sort_unstable();
    let keep = largest.split_off(largest.len().saturating_sub(SAMPLER_SIZES));
    sizes.iter().copied().filter(|m| keep.contains(m)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::automaton::{Automaton, State};
    use num_rational::BigRational;

    #[test]
    fn uniform_targets_cost_what_knuth_and_yao_say() {
        for (n, cost) in [(3u64, "8/3"), (5, "18/5"), (7, "24/7"), (6, "11/3")] {
            let (steps, loop_to) = knuth_yao_chain(&vec![1; n as usize], n as u128, 2, 100).unwrap();
            let a = Automaton { modulus: n, states: vec![State::Chain { steps, loop_to }] };
            let e = a.evaluate(&[2]).unwrap();
            assert!(e.is_exact());
            assert_eq!(e.expected_calls, cost.parse::<BigRational>().unwrap(), "n = {n}");
        }
    }

    #[test]
    fn a_skewed_distribution() {
        // (5/6, 1/6) with a die of 6: one call, always.
        let (steps, loop_to) = knuth_yao_chain(&[5, 1], 6, 6, 10).unwrap();
        assert_eq!((steps.len(), loop_to), (1, None));
        // With a coin: 1/6 = 0.0010101..., cost sum_k frac(2^k x)/2^k over both outputs.
        let (steps, loop_to) = knuth_yao_chain(&[5, 1], 6, 2, 10).unwrap();
        let a = Automaton { modulus: 2, states: vec![State::Chain { steps, loop_to }] };
        let e = a.evaluate(&[2]).unwrap();
        assert_eq!(e.output_probability[1], "1/6".parse::<BigRational>().unwrap());
        let share = knuth_yao_share(5, 6, 2) + knuth_yao_share(1, 6, 2);
        assert!((share - num_traits::ToPrimitive::to_f64(&e.expected_calls).unwrap()).abs() < 1e-12);
    }

    #[test]
    fn the_compact_sampler_brackets_its_chain() {
        // (5/6, 1/6) with a coin, and a skewed distribution over 4 outputs with a die of 7.
        for (weights, denominator, m) in [(vec![5u128, 1], 6u128, 2u64), (vec![90, 3, 2, 5], 100, 7)] {
            let (steps, loop_to) = knuth_yao_chain(&weights, denominator, m, 100).unwrap();
            let chain = Automaton { modulus: weights.len() as u64, states: vec![State::Chain { steps, loop_to }] };
            let exact = chain.evaluate(&[m]).unwrap().expected_calls;
            for terms in [1, 3, 10, 40] {
                let cost = Sampler::new(&weights, denominator, m, terms).unwrap().cost();
                assert!(cost.lower <= exact && exact <= cost.upper, "terms {terms}");
                assert!(cost.lower < cost.upper, "periodic digits never end");
            }
            let tight = Sampler::new(&weights, denominator, m, 40).unwrap().cost();
            assert!(&tight.upper - &tight.lower < BigRational::new(1.into(), BigInt::from(1u64 << 30)));
        }
        // Digits that end: 3/4, 1/4 with a coin costs exactly 1 + 1/2.
        let ends = Sampler::new(&[3, 1], 4, 2, 5).unwrap().cost();
        assert_eq!((ends.lower.clone(), ends.upper), ("3/2".parse().unwrap(), ends.lower));
    }

    #[test]
    fn the_compact_sampler_runs_its_digits() {
        // Every sequence of 6 calls of a die of 3: output j comes out within them on exactly
        // floor(3^6 w_j / 7) sequences (its first 6 digits), and never on a wrong one.
        let sampler = Sampler::new(&[1, 2, 4], 7, 3, 10).unwrap();
        let mut counts = [0u64; 3];
        for code in 0..729u64 {
            let mut digits = (0..6).map(|k| code / 3u64.pow(5 - k) % 3);
            let mut exhausted = false;
            let (j, calls) = sampler.run(|_| {
                digits.next().unwrap_or_else(|| {
                    exhausted = true;
                    0
                })
            });
            if !exhausted && calls <= 6 {
                counts[j as usize] += 1;
            }
        }
        assert_eq!(counts, [729 / 7, 2 * 729 / 7, 4 * 729 / 7]);
        assert_eq!(Sampler::new(&[1, 2, 3], 7, 3, 10), None, "weights must sum to the denominator");
        assert_eq!(Sampler::new(&[1, 1], 2, 2, 0), None, "at least one level is summed");
    }
}
