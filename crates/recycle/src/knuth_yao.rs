//! Knuth–Yao sampling of an arbitrary rational distribution with one generator size m
//! (docs/model.md §7 facts 5 and 7): output j is emitted at level k for each unit of the k-th
//! base-m digit of its probability. The pending values at each level form a uniform pool,
//! so the sampler is a chain of pools ([`crate::automaton::State::Chain`]); the digits are
//! eventually periodic, which closes the chain with a loop.

use crate::automaton::ChainStep;
use std::collections::HashMap;

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
}
