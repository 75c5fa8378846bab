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
    /// The least expected calls of every tree of depth `<= max_depth`, enumerated, and the
    /// branches counted ([`crate::exhaustive`]), when it raises `value`.
    pub exhaustive: Option<(BigRational, u64)>,
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
            for &m in spec.generators.iter() {
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
    Some(ExpectedBound { value, reach_levels, excluded, valuation_levels, per_output: None, exhaustive: None })
}

/// A lower bound on the expected calls of every exact strategy, loops included.
pub enum AllStrategiesBound {
    /// One size: the Knuth–Yao optimum (docs/model.md §7 fact 7).
    KnuthYao { value: BigRational, size: u64 },
    /// The levels bound: 1 per level no leaf reaches, then `1/top^k` per excluded level;
    /// raised at the depths of `deficits`.
    Levels { value: BigRational, reach_levels: u32, excluded: Exclusion, deficits: Vec<Deficit> },
    /// The levels bound extended by fact 6's count over `chain` depths from the excluded one;
    /// raised at the depths of `deficits`.
    Counting { value: BigRational, reach_levels: u32, excluded: LowerBound, chain: u32, deficits: Vec<Deficit> },
    /// Per output up to `depth` (docs/model.md §7 fact 9), then the levels terms beyond it.
    PerOutput { value: BigRational, depth: u32, reach_levels: u32, excluded: Exclusion },
    /// The single pending node (docs/model.md §7 fact 11).
    PendingNode { value: BigRational, excluded: LowerBound },
    /// Paths that carry `p^a` (docs/model.md §7 fact 12).
    ValuationPath { value: BigRational, excluded: LowerBound },
}

/// The exact deficit at one depth (docs/model.md §7 fact 8): one output's leaves of depth
/// `<= depth` carry at most `capacity` (reaches `1/P`, P a product of at most `depth` sizes,
/// summing to at most `1/n`), so `Pr[more than depth calls] >= 1 - n * capacity`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deficit {
    pub depth: u32,
    pub capacity: BigRational,
}

impl Deficit {
    /// `1 - n * capacity`: the least probability of needing more than `depth` calls.
    pub fn pending(&self, n: u64) -> BigRational {
        BigRational::one() - BigRational::from_integer(n.into()) * &self.capacity
    }
}

/// Largest knapsack (in units of its common denominator over n) tabulated for a capacity.
const CAPACITY_UNITS: u128 = 2_000_000;
/// Most distinct path products enumerated for a capacity.
const CAPACITY_PRODUCTS: usize = 20_000;
/// Deepest depth whose capacity is tried.
const CAPACITY_DEPTHS: u32 = 8;

/// The most one output's leaves of depth `<= depth` can carry: the largest sum of reaches
/// `1/P` (P a product of at most `depth` sizes) that is at most `1/n`, by an unbounded
/// knapsack over the common denominator. `None` when it would be too large to tabulate.
pub fn depth_capacity(spec: &Spec, depth: u32) -> Option<BigRational> {
    let products = leaf_products(spec, depth)?;
    let common = knapsack_denominator(spec.modulus as u128, &products)?;
    let target = (common / spec.modulus as u128) as usize;
    let mut reachable = vec![false; target + 1];
    reachable[0] = true;
    for weight in products.iter().map(|&(p, _)| (common / p) as usize) {
        for sum in weight..=target {
            if reachable[sum - weight] {
                reachable[sum] = true;
            }
        }
    }
    let best = (0..=target).rev().find(|&s| reachable[s]).expect("the empty sum");
    Some(BigRational::new(BigInt::from(best), BigInt::from(common)))
}

/// The least common multiple of n and the products, `None` past [`CAPACITY_UNITS`] units of
/// `1/n` (products are below 2^64 and the multiple below `n * CAPACITY_UNITS`, so no overflow).
fn knapsack_denominator(n: u128, products: &[(u128, u32)]) -> Option<u128> {
    use num_integer::Integer;
    let mut common = n;
    for &(p, _) in products {
        common = common.lcm(&p);
        if common / n > CAPACITY_UNITS {
            return None;
        }
    }
    Some(common)
}

/// The depths from `reach_levels` on where the exact deficit beats `base` (the bound's own
/// term at that depth), with the total raise; `base` is `None` at depths where no deficit may
/// be added.
fn deficits(spec: &Spec, reach_levels: u32, base: impl Fn(u32) -> Option<BigRational>) -> (Vec<Deficit>, BigRational) {
    let mut found = Vec::new();
    let mut raise = BigRational::zero();
    for depth in reach_levels.max(1)..=CAPACITY_DEPTHS {
        let Some(term) = base(depth) else { continue };
        let Some(capacity) = depth_capacity(spec, depth) else { break };
        let deficit = Deficit { depth, capacity };
        if deficit.pending(spec.modulus) > term {
            raise += deficit.pending(spec.modulus) - term;
            found.push(deficit);
        }
    }
    (found, raise)
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
            | AllStrategiesBound::Counting { value, .. }
            | AllStrategiesBound::PerOutput { value, .. }
            | AllStrategiesBound::PendingNode { value, .. }
            | AllStrategiesBound::ValuationPath { value, .. } => value,
        }
    }
}

/// The reaches a leaf of depth `<= depth` can have and not exceed `1/n`: `(P, least number of
/// sizes with product P)` for the products `P >= n` of at most `depth` sizes; `None` past
/// [`CAPACITY_PRODUCTS`] (counted before each layer is built).
fn leaf_products(spec: &Spec, depth: u32) -> Option<Vec<(u128, u32)>> {
    let n = spec.modulus as u128;
    let mut least: std::collections::BTreeMap<u128, u32> = Default::default();
    let mut layer: Vec<u128> = vec![1];
    for d in 1..=depth {
        if layer.len().saturating_mul(spec.generators.len()) > 8 * CAPACITY_PRODUCTS {
            return None;
        }
        let mut next: Vec<u128> =
            layer.iter().flat_map(|&p| spec.generators.iter().map(move |&m| p * m as u128)).collect();
        next.sort_unstable();
        next.dedup();
        if next.len() > CAPACITY_PRODUCTS || next.last().is_some_and(|&p| p > u64::MAX as u128) {
            return None;
        }
        for &p in next.iter().filter(|&&p| p >= n) {
            least.entry(p).or_insert(d);
        }
        layer = next;
    }
    Some(least.into_iter().collect())
}

/// Fact 9, the per-output bound up to `depth` D: expected calls are `sum over outputs of sum
/// over its leaves of depth * reach`; each output's leaves carry exactly `1/n`, a leaf of
/// reach `1/P` sits at depth at least the fewest sizes with product P, and the terms up to D
/// count a leaf's depth capped at `D + 1`. So `sum_{k <= D} Pr[more than k calls] >= (D + 1) -
/// n * M / L`, where M is the largest `sum c_P (D + 1 - depth_P) L/P` with `sum c_P L/P <=
/// L/n` (an unbounded knapsack, L the common denominator). `None` when too large.
pub fn per_output_part(spec: &Spec, depth: u32) -> Option<BigRational> {
    let n = spec.modulus as u128;
    let products = leaf_products(spec, depth)?;
    let common = knapsack_denominator(n, &products)?;
    let target = (common / n) as usize;
    let mut best = vec![0u128; target + 1];
    for &(p, d) in &products {
        let weight = (common / p) as usize;
        let value = (depth + 1 - d) as u128 * weight as u128;
        for sum in weight..=target {
            best[sum] = best[sum].max(best[sum - weight] + value);
        }
    }
    let m = BigRational::new(BigInt::from(best[target]), BigInt::from(common));
    Some(BigRational::from_integer((depth + 1).into()) - BigRational::from_integer(n.into()) * m)
}

/// The per-output bound at the deepest depth that fits, with the levels terms beyond it;
/// `None` when no depth fits.
fn per_output_bound(spec: &Spec, reach_levels: u32, excluded: Exclusion, last: u32) -> Option<AllStrategiesBound> {
    let top = spec.max_generator();
    let mut found = None;
    for depth in reach_levels.max(1)..=CAPACITY_DEPTHS {
        let Some(part) = per_output_part(spec, depth) else { break };
        found = Some((depth, part));
    }
    let (depth, part) = found?;
    let tail = match excluded {
        // Every depth from D + 1 on: a geometric series.
        Exclusion::Forever { .. } => {
            level_term(depth + 1, 0, depth + 1, top)
                / (BigRational::one() - BigRational::new(BigInt::one(), top.into()))
        }
        Exclusion::UpTo(_) => (depth + 1..=last).map(|k| level_term(k, reach_levels, last, top)).sum(),
    };
    Some(AllStrategiesBound::PerOutput { value: part + tail, depth, reach_levels, excluded })
}

/// The strongest of the bounds above that applies: Knuth–Yao with one size, else the levels
/// bound, with fact 6's count when its chain has at most `chain_limit` depths (the checker
/// sums one exact term per depth, so a longer chain falls back to the plain levels bound).
pub fn all_strategies_lower_bound(spec: &Spec, chain_limit: u32) -> AllStrategiesBound {
    let top = spec.max_generator();
    if spec.generators.len() == 1 {
        return AllStrategiesBound::KnuthYao { value: crate::knuth_yao_cost(spec.modulus, top), size: top };
    }
    let reach_levels = reach_levels(spec);
    let levels = BigRational::from_integer(reach_levels.into());
    let Some(excluded) = elementary_lower_bound(spec) else {
        // No finite exact tree: every level from `reach_levels` on, a geometric tail.
        let missing_prime = infinite_reason(spec).expect("no elementary bound only without a finite tree");
        let ratio = BigRational::new(BigInt::one(), BigInt::from(top));
        let value = levels + level_term(reach_levels, 0, reach_levels, top) / (BigRational::one() - ratio);
        let (deficits, raise) = deficits(spec, reach_levels, |k| Some(level_term(k, reach_levels, u32::MAX, top)));
        let excluded = Exclusion::Forever { missing_prime };
        let levels = AllStrategiesBound::Levels { value: value + raise, reach_levels, excluded, deficits };
        return stronger(levels, per_output_bound(spec, reach_levels, Exclusion::Forever { missing_prime }, u32::MAX));
    };
    // Fact 6's count: every output needs a leaf deeper than the excluded depth d (the
    // elementary arguments are per output); one internal node per depth from d on gives p
    // leaves, each further depth p - 1 more.
    let mut chain = 1u32;
    while (top as u128) + (top as u128 - 1) * (chain as u128 - 1) < spec.modulus as u128 {
        chain += 1;
    }
    let d = excluded.excluded_depth;
    let value: BigRational = (0..reach_levels.max(d + 1)).map(|k| level_term(k, reach_levels, d, top)).sum();
    let (deficits_found, raise) = deficits(spec, reach_levels, |k| Some(level_term(k, reach_levels, d, top)));
    let exclusion = Exclusion::UpTo(excluded.clone());
    let levels_bound = AllStrategiesBound::Levels {
        value: value + raise,
        reach_levels,
        excluded: exclusion,
        deficits: deficits_found,
    };
    let counting = (d >= reach_levels && (2..=chain_limit).contains(&chain)).then(|| {
        let last = d + chain - 1;
        let value: BigRational = (0..reach_levels.max(last + 1)).map(|k| level_term(k, reach_levels, last, top)).sum();
        // The chain is the cheapest way to supply the deep leaves with one node per depth; a
        // deficit inside its depths means more nodes there, which may end it sooner, so only
        // deficits outside it add to it.
        let outside = |k: u32| (k < d || k > last).then(|| level_term(k, reach_levels, last, top));
        let (deficits, raise) = deficits(spec, reach_levels, outside);
        AllStrategiesBound::Counting { value: value + raise, reach_levels, excluded: excluded.clone(), chain, deficits }
    });
    let per_output = per_output_bound(spec, reach_levels, Exclusion::UpTo(excluded.clone()), d);
    let bound = stronger(levels_bound, counting);
    let pending_node = crate::pending_node::pending_node_bound(spec)
        .map(|found| AllStrategiesBound::PendingNode { value: found.value, excluded: found.excluded });
    let valuation_path = crate::valuation_path::valuation_path_bound(spec)
        .map(|found| AllStrategiesBound::ValuationPath { value: found.value, excluded: found.excluded });
    stronger(stronger(stronger(bound, per_output), pending_node), valuation_path)
}

/// The larger of two bounds (the first on a tie).
fn stronger(bound: AllStrategiesBound, other: Option<AllStrategiesBound>) -> AllStrategiesBound {
    match other {
        Some(other) if other.value() > bound.value() => other,
        _ => bound,
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
        // Per output up to depth 8, then 1/3^9 + 1/3^10 + ...: above the levels bound 13/6
        // and its deficit at depth 2 (20/9).
        let AllStrategiesBound::PerOutput {
            value, depth: 8, excluded: Exclusion::Forever { missing_prime: 5 }, ..
        } = all_strategies_lower_bound(&primes(5), 4096)
        else {
            panic!("a per-output bound")
        };
        assert!(value > "2362/1000".parse().unwrap() && value < "12/5".parse().unwrap(), "{value}");
    }

    #[test]
    fn five_from_two_and_three_has_a_deficit_of_one_sixth_after_two_calls() {
        // After two calls one output holds at most 1/6 (1/9 + 1/9 > 1/5), so 1/6 of the mass
        // is pending: 2 + 1/6 + (1/27 + 1/81 + ...) = 2 + 2/9.
        assert_eq!(depth_capacity(&primes(5), 2), Some(BigRational::new(1.into(), 6.into())));
        // 6 has an exact tree of depth 2 (2 then 3): no deficit there.
        assert_eq!(depth_capacity(&primes(6), 2), Some(BigRational::new(1.into(), 6.into())));
        assert_eq!(depth_capacity(&primes(6), 1), Some(BigRational::zero()));
    }

    #[test]
    fn within_depth_42_costs_at_least_two() {
        assert_eq!(expected_lower_bound(&primes(42), 3).unwrap().value.to_string(), "2");
    }
}
