//! Lower bounds on expected calls (docs/model.md §7), the producer side: expected calls are
//! `sum_k Pr[more than k calls]`, and each term is bounded below by arithmetic. The checker
//! re-derives every one of them with its own code.

use crate::lower::{elementary_lower_bound, infinite_reason, LowerBound};
use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_spec::Spec;

/// The least depth at which a leaf can sit: the least k with `max_generator^k >= n`.
pub fn reach_levels(spec: &Spec) -> u32 {
    let (top, n) = (spec.max_generator() as u128, spec.modulus as u128);
    let (mut levels, mut power) = (0u32, 1u128);
    while power < n {
        power = power.saturating_mul(top);
        levels += 1;
    }
    levels
}

/// The levels bound on `Pr[more than k calls]`: 1 while no leaf can sit at depth k; then
/// `1/top^k` while no exact tree of depth k exists (some node at depth k is internal, and its
/// reach is at least that), up to `last_excluded`; 0 after.
fn level_term(k: u32, reach_levels: u32, last_excluded: u32, top: u64) -> BigRational {
    if k < reach_levels {
        BigRational::one()
    } else if k <= last_excluded {
        BigRational::new(BigInt::one(), num_traits::pow(BigInt::from(top), k as usize))
    } else {
        BigRational::zero()
    }
}

/// The elementary lower bound on expected calls of exact trees of depth `<= max_depth`.
pub struct ExpectedBound {
    pub value: BigRational,
    /// The least depth at which a leaf can sit (`max_generator^k >= n`).
    pub reach_levels: u32,
    /// The strongest worst-case argument: no exact tree of depth `<= excluded_depth`.
    pub excluded: LowerBound,
    /// Per prime p of n: `(p, v_p(n), fewest sizes reaching it, largest such product)`.
    pub valuation_levels: Vec<(u64, u32, u32, BigUint)>,
    /// Depth 3: the per-output bound and the multisets it examined, when it raises `value`.
    pub per_output: Option<(BigRational, u64)>,
}

/// For a prime p with `v_p(n) = a`: the fewest sizes whose product has `v_p >= a`, and the
/// largest product of at most `max_depth` sizes with `v_p >= a` (a dynamic programme over
/// (sizes used, valuation capped at a)); `None` when no such product exists.
fn valuation_level(spec: &Spec, p: u64, a: u32, max_depth: u32) -> Option<(u32, BigUint)> {
    let v = |mut m: u64| {
        let mut k = 0;
        while m.is_multiple_of(p) {
            m /= p;
            k += 1;
        }
        k.min(a)
    };
    // best[c][w]: the largest product of exactly c sizes with valuation (capped) w.
    let width = a as usize + 1;
    let mut best: Vec<Vec<Option<BigUint>>> = vec![vec![None; width]; max_depth as usize + 1];
    best[0][0] = Some(BigUint::one());
    for c in 0..max_depth as usize {
        for w in 0..width {
            let Some(product) = best[c][w].clone() else { continue };
            for &m in &spec.generators {
                let to = (w as u32 + v(m)).min(a) as usize;
                let candidate = &product * BigUint::from(m);
                if best[c + 1][to].as_ref().is_none_or(|b| candidate > *b) {
                    best[c + 1][to] = Some(candidate);
                }
            }
        }
    }
    let min_depth = (0..=max_depth).find(|&c| best[c as usize][a as usize].is_some())?;
    let max_product = (0..=max_depth as usize).filter_map(|c| best[c][a as usize].clone()).max()?;
    Some((min_depth, max_product))
}

/// `sum_{k < max_depth} Pr[more than k calls]` among exact trees of depth `<= max_depth`, each
/// term the levels bound, raised where every output needs a leaf whose product has the full
/// power of a prime of n (fewer sizes cannot reach it). `None` when no finite tree exists.
pub fn expected_lower_bound(spec: &Spec, max_depth: u32) -> Option<ExpectedBound> {
    let excluded = elementary_lower_bound(spec)?;
    let reach_levels = reach_levels(spec);
    let valuation_levels: Vec<(u64, u32, u32, BigUint)> = optimod_spec::arith::factorize(spec.modulus)
        .into_iter()
        .filter_map(|(p, a)| valuation_level(spec, p, a, max_depth).map(|(t, product)| (p, a, t, product)))
        .collect();
    let mut value = BigRational::zero();
    for k in 0..max_depth {
        let mut term = level_term(k, reach_levels, excluded.excluded_depth, spec.max_generator());
        for (_, _, min_depth, product) in &valuation_levels {
            if k < *min_depth {
                let share =
                    BigRational::new(spec.modulus.into(), BigInt::from(product.clone())).min(BigRational::one());
                term = term.max(share);
            }
        }
        value += term;
    }
    Some(ExpectedBound { value, reach_levels, excluded, valuation_levels, per_output: None })
}

/// A lower bound on the expected calls of every exact strategy, loops included.
pub enum AllStrategiesBound {
    /// One size: the Knuth–Yao optimum (docs/model.md §7 fact 7).
    KnuthYao { value: BigRational, size: u64 },
    /// The levels bound: 1 per level no leaf reaches, then `1/top^k` per excluded level.
    Levels { value: BigRational, reach_levels: u32, excluded: Exclusion },
    /// The levels bound extended by fact 6's count over `chain` depths from the excluded one.
    Counting { value: BigRational, reach_levels: u32, excluded: LowerBound, chain: u32 },
}

/// Which depths of the levels bound have no exact finite tree.
pub enum Exclusion {
    /// Up to the argument's excluded depth.
    UpTo(LowerBound),
    /// Every depth: the prime divides n and no size.
    Forever { missing_prime: u64 },
}

impl AllStrategiesBound {
    pub fn value(&self) -> &BigRational {
        match self {
            AllStrategiesBound::KnuthYao { value, .. }
            | AllStrategiesBound::Levels { value, .. }
            | AllStrategiesBound::Counting { value, .. } => value,
        }
    }
}

/// The strongest of the bounds above that applies: Knuth–Yao with one size, else the levels
/// bound, with fact 6's count when its chain has at most `chain_limit` depths (the checker
/// sums one exact term per depth, so a longer chain falls back to the plain levels bound).
pub fn all_strategies_lower_bound(spec: &Spec, chain_limit: u32) -> AllStrategiesBound {
    let top = spec.max_generator();
    if spec.generators.len() == 1 {
        return AllStrategiesBound::KnuthYao { value: optimod_recycle::knuth_yao_cost(spec.modulus, top), size: top };
    }
    let reach_levels = reach_levels(spec);
    let levels = BigRational::from_integer(reach_levels.into());
    let Some(excluded) = elementary_lower_bound(spec) else {
        // No finite exact tree: every level from `reach_levels` on, a geometric tail.
        let missing_prime = infinite_reason(spec).expect("no elementary bound only without a finite tree");
        let ratio = BigRational::new(BigInt::one(), BigInt::from(top));
        let value = levels + level_term(reach_levels, 0, reach_levels, top) / (BigRational::one() - ratio);
        return AllStrategiesBound::Levels { value, reach_levels, excluded: Exclusion::Forever { missing_prime } };
    };
    // Fact 6's count: every output needs a leaf deeper than the excluded depth d (the
    // elementary arguments are per output); one internal node per depth from d on gives p
    // leaves, each further depth p - 1 more.
    let mut chain = 1u32;
    while (top as u128) + (top as u128 - 1) * (chain as u128 - 1) < spec.modulus as u128 {
        chain += 1;
    }
    let counting = excluded.excluded_depth >= reach_levels && (2..=chain_limit).contains(&chain);
    let last = if counting { excluded.excluded_depth + chain - 1 } else { excluded.excluded_depth };
    let value = (0..reach_levels.max(last + 1)).map(|k| level_term(k, reach_levels, last, top)).sum();
    if counting {
        AllStrategiesBound::Counting { value, reach_levels, excluded, chain }
    } else {
        AllStrategiesBound::Levels { value, reach_levels, excluded: Exclusion::UpTo(excluded) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimod_spec::Objective;

    fn primes(n: u64) -> Spec {
        Spec::primes_below(n, Objective::WorstCase).unwrap()
    }

    #[test]
    fn reach_levels_are_the_least_power_of_the_largest_size_reaching_n() {
        assert_eq!(reach_levels(&primes(42)), 2); // 41 < 42 <= 41^2
        assert_eq!(reach_levels(&Spec::new(8, &[2], Objective::WorstCase).unwrap()), 3);
    }

    #[test]
    fn the_levels_bound_of_a_prime_is_a_geometric_tail() {
        // 5 from 2 and 3: 2 levels, then 1/9 + 1/27 + ... = (1/9) / (1 - 1/3) = 1/6.
        let AllStrategiesBound::Levels { value, excluded: Exclusion::Forever { missing_prime: 5 }, .. } =
            all_strategies_lower_bound(&primes(5), 4096)
        else {
            panic!("a levels bound for ever")
        };
        assert_eq!(value.to_string(), "13/6");
    }

    #[test]
    fn within_depth_42_costs_at_least_two() {
        assert_eq!(expected_lower_bound(&primes(42), 3).unwrap().value.to_string(), "2");
    }
}
