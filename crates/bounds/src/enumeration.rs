//! Fact 10 of docs/model.md §7, the producer side: a lower bound over all strategies by
//! enumerating the top of every tree. A strategy's first levels are a finite choice (which
//! size each pending node calls, which new nodes become leaves of which output); below them
//! either the pending nodes hold one node with every output short by the same amount (a scaled
//! copy of the whole problem, so it costs its mass times the optimum), or the per-output bound
//! (fact 9) applies to what is left. A target X is a lower bound when every branch closes:
//! its cost so far plus the bound below is at least X, or it is a scaled copy whose cost so
//! far is at least `(1 - mass) X`. Then no strategy costs less than X (the argument in
//! docs/model.md). The checker re-runs the enumeration with its own code.

use num_bigint::BigInt;
use num_rational::BigRational;
use std::collections::BTreeMap;

/// Levels below the top whose leaves the per-output bound at a branch counts exactly.
pub const ENUMERATION_HORIZON: u32 = 6;
/// Deepest top enumerated.
pub const ENUMERATION_DEPTH: u32 = 6;
/// Most branches (distinct states, summed over depths) examined before giving up.
pub const ENUMERATION_STATES: u64 = 200_000;
/// Most children generated (before merging equal branches) before giving up.
pub const ENUMERATION_CHILDREN: u64 = 4_000_000;
/// Most knapsack nodes visited before giving up.
pub const ENUMERATION_WORK: u64 = 50_000_000;

/// A certified enumeration: every branch closed at `value` by `depth`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumerationBound {
    pub value: BigRational,
    pub depth: u32,
    pub horizon: u32,
    /// Distinct branches bounded, over all depths (the checker must count the same).
    pub states: u64,
}

/// One branch at a depth: the pending nodes (exponent of each size on the path, with their
/// number) and each output's remaining demand, in units of `1/units`, sorted.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Branch {
    pending: Vec<(Vec<u32>, u64)>,
    demands: Vec<u128>,
}

/// The fixed arithmetic of one enumeration.
struct Frame {
    sizes: Vec<u64>,
    /// The common denominator: n times every size to the deepest power a leaf can reach.
    units: u128,
    target: BigRational,
    horizon: u32,
    work: u64,
}

/// The least X-closing depth, if the enumeration of every strategy's top closes at `target`
/// within the limits above; `None` otherwise (too large, a branch still open at the deepest
/// depth, or a finite tree cheaper than `target`).
pub fn enumeration_bound(n: u64, sizes: &[u64], target: &BigRational) -> Option<EnumerationBound> {
    let horizon = ENUMERATION_HORIZON;
    let mut units = n as u128;
    for &s in sizes {
        units = units.checked_mul((s as u128).checked_pow(ENUMERATION_DEPTH + horizon)?)?;
        if units > 1 << 100 {
            return None;
        }
    }
    let mut frame = Frame { sizes: sizes.to_vec(), units, target: target.clone(), horizon, work: 0 };
    let share = units / n as u128;
    let root = Branch { pending: vec![(vec![0; sizes.len()], 1)], demands: vec![share; n as usize] };
    let mut open: BTreeMap<Branch, u128> = BTreeMap::from([(root, 0)]);
    let mut states = 0u64;
    for depth in 1..=ENUMERATION_DEPTH {
        let mut next: BTreeMap<Branch, u128> = BTreeMap::new();
        for (branch, cost) in &open {
            let cost = cost + branch.demands.iter().sum::<u128>();
            for child in frame.children(branch, &mut states)? {
                if next.get(&child).is_none_or(|&c| cost < c) {
                    next.insert(child, cost);
                }
            }
        }
        states += next.len() as u64;
        if states > ENUMERATION_STATES {
            return None;
        }
        open = BTreeMap::new();
        for (branch, cost) in next {
            if !frame.closes(&branch, cost)? {
                open.insert(branch, cost);
            }
        }
        if open.is_empty() {
            return Some(EnumerationBound { value: target.clone(), depth, horizon, states });
        }
    }
    None
}

impl Frame {
    fn rational(&self, units: u128) -> BigRational {
        BigRational::new(BigInt::from(units), BigInt::from(self.units))
    }

    /// The weight (reach in units) of a node with these exponents.
    fn weight(&self, exponents: &[u32]) -> u128 {
        let product: u128 = self.sizes.iter().zip(exponents).map(|(&s, &e)| (s as u128).pow(e)).product();
        self.units / product
    }

    /// Whether a branch (its cost so far `cost`) closes at the target; `None` when
    /// the work limit is passed, or for a finished branch cheaper than the target (a finite
    /// tree below the target refutes it).
    fn closes(&mut self, branch: &Branch, cost: u128) -> Option<bool> {
        let mass: u128 = branch.demands.iter().sum();
        if mass == 0 {
            return (self.rational(cost) >= self.target).then_some(true);
        }
        let copy = branch.pending.len() == 1 && branch.pending[0].1 == 1;
        if copy && branch.demands.iter().all(|&d| d == branch.demands[0]) {
            let rest = BigRational::from_integer(1.into()) - self.rational(mass);
            if self.rational(cost) >= rest * &self.target {
                return Some(true);
            }
        }
        let below = self.below(branch)?;
        Some(self.rational(cost + below) >= self.target)
    }

    /// Fact 9 below a branch: each output's remaining leaves, reaches of descendants of the
    /// pending nodes, carry its demand; a leaf `delta` levels down adds `delta` times its
    /// reach, counted exactly up to the horizon and as `horizon + 1` beyond.
    fn below(&mut self, branch: &Branch) -> Option<u128> {
        let horizon = self.horizon as u128;
        let items = self.items(branch);
        let mut total = 0u128;
        let mut known: BTreeMap<u128, u128> = BTreeMap::new();
        for &demand in branch.demands.iter().filter(|&&d| d > 0) {
            let best = match known.get(&demand) {
                Some(&b) => b,
                None => {
                    let fitting: Vec<(u128, u128)> = items.iter().copied().filter(|&(w, _)| w <= demand).collect();
                    let mut best = 0;
                    knapsack(&fitting, demand, 0, &mut best, &mut self.work);
                    if self.work > ENUMERATION_WORK {
                        return None;
                    }
                    known.insert(demand, best);
                    best
                }
            };
            total += (horizon + 1) * demand - best;
        }
        Some(total)
    }

    /// The leaves a branch's outputs can still get within the horizon: `(weight, gain per
    /// unit)` with gain `horizon + 1 - delta`, the best gain per weight, sorted by gain then
    /// weight, both descending.
    fn items(&self, branch: &Branch) -> Vec<(u128, u128)> {
        let mut gain: BTreeMap<u128, u128> = BTreeMap::new();
        let mut layer: Vec<Vec<u32>> = branch.pending.iter().map(|(e, _)| e.clone()).collect();
        for delta in 1..=self.horizon {
            let mut next: Vec<Vec<u32>> = Vec::new();
            for e in &layer {
                for i in 0..self.sizes.len() {
                    let mut f = e.clone();
                    f[i] += 1;
                    next.push(f);
                }
            }
            next.sort();
            next.dedup();
            for f in &next {
                let g = gain.entry(self.weight(f)).or_insert(0);
                *g = (*g).max((self.horizon + 1 - delta) as u128);
            }
            layer = next;
        }
        let mut items: Vec<(u128, u128)> = gain.into_iter().collect();
        items.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        items
    }

    /// Every way to continue a branch one level: each pending node calls a size, each new
    /// node is a leaf of an output with room for it or stays pending.
    fn children(&self, branch: &Branch, states: &mut u64) -> Option<Vec<Branch>> {
        let mut spreads: Vec<BTreeMap<Vec<u32>, u64>> = vec![BTreeMap::new()];
        for (exponents, count) in &branch.pending {
            let ways = composition_count(*count, self.sizes.len());
            if ways.saturating_mul(spreads.len() as u64).saturating_add(*states) > ENUMERATION_STATES {
                return None;
            }
            let mut grown = Vec::new();
            for split in compositions(*count, self.sizes.len()) {
                for base in &spreads {
                    let mut new = base.clone();
                    for (i, &c) in split.iter().enumerate().filter(|(_, &c)| c > 0) {
                        let mut f = exponents.clone();
                        f[i] += 1;
                        *new.entry(f).or_insert(0) += c * self.sizes[i];
                    }
                    grown.push(new);
                }
            }
            spreads = grown;
        }
        let mut out = Vec::new();
        for spread in spreads {
            let classes: Vec<(Vec<u32>, u64)> = spread.into_iter().collect();
            self.assign(&classes, 0, branch.demands.clone(), Vec::new(), &mut out);
            if out.len() as u64 + *states > ENUMERATION_CHILDREN {
                return None;
            }
        }
        Some(out)
    }

    /// Hands out the new nodes of `classes[at..]` to outputs (each within its demand).
    fn assign(
        &self,
        classes: &[(Vec<u32>, u64)],
        at: usize,
        demands: Vec<u128>,
        pending: Vec<(Vec<u32>, u64)>,
        out: &mut Vec<Branch>,
    ) {
        if out.len() as u64 > ENUMERATION_CHILDREN {
            return;
        }
        let Some((exponents, count)) = classes.get(at) else {
            let mut demands = demands;
            demands.sort_unstable();
            out.push(Branch { pending, demands });
            return;
        };
        let weight = self.weight(exponents);
        let mut handouts = Vec::new();
        spread_leaves(&demands, weight, *count, 0, &mut demands.clone(), &mut handouts);
        for (demands, left) in handouts {
            let mut pending = pending.clone();
            if left > 0 {
                pending.push((exponents.clone(), left));
            }
            self.assign(classes, at + 1, demands, pending, out);
        }
    }
}

/// Every way to give outputs `j..` some of `left` leaves of `weight` (an output only as many as
/// fit its demand): the demands after, and the leaves left pending.
fn spread_leaves(
    demands: &[u128],
    weight: u128,
    left: u64,
    j: usize,
    now: &mut Vec<u128>,
    out: &mut Vec<(Vec<u128>, u64)>,
) {
    if j == demands.len() {
        out.push((now.clone(), left));
        return;
    }
    if out.len() as u64 > ENUMERATION_CHILDREN {
        return;
    }
    let most = (demands[j] / weight).min(left as u128) as u64;
    for x in (0..=most).rev() {
        now[j] = demands[j] - x as u128 * weight;
        spread_leaves(demands, weight, left - x, j + 1, now, out);
    }
    now[j] = demands[j];
}

/// How many ways [`compositions`] lists, saturating: `C(count + parts - 1, parts - 1)`.
fn composition_count(count: u64, parts: usize) -> u64 {
    let mut ways = 1u64;
    for i in 1..parts as u64 {
        ways = ways.saturating_mul(count + i) / i;
    }
    ways
}

/// Every way to write `count` as an ordered sum of `parts` non-negative numbers.
fn compositions(count: u64, parts: usize) -> Vec<Vec<u64>> {
    if parts == 1 {
        return vec![vec![count]];
    }
    let mut out = Vec::new();
    for first in 0..=count {
        for mut rest in compositions(count - first, parts - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

/// The largest total gain of an unbounded knapsack, items sorted by gain per unit descending;
/// a branch stops when even filling the rest at its best rate cannot beat `best`.
fn knapsack(items: &[(u128, u128)], room: u128, gained: u128, best: &mut u128, work: &mut u64) {
    *work += 1;
    if gained > *best {
        *best = gained;
    }
    let Some((&(weight, rate), rest)) = items.split_first() else { return };
    if room == 0 || gained + room * rate <= *best || *work > ENUMERATION_WORK {
        return;
    }
    for c in (0..=room / weight).rev() {
        knapsack(rest, room - c * weight, gained + c * weight * rate, best, work);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(s: &str) -> BigRational {
        s.parse().unwrap()
    }

    #[test]
    fn five_from_two_and_three_costs_at_least_twelve_fifths() {
        let bound = enumeration_bound(5, &[2, 3], &ratio("12/5")).expect("closes");
        assert_eq!(bound.depth, 4);
        assert!(bound.states > 0);
    }

    #[test]
    fn five_does_not_close_above_its_optimum() {
        // Rejection from 2 x 3 costs 12/5: no argument may show more.
        assert_eq!(enumeration_bound(5, &[2, 3], &ratio("241/100")), None);
    }

    #[test]
    fn six_closes_at_two_by_its_finite_tree_only_at_two() {
        assert!(enumeration_bound(6, &[2, 3, 5], &ratio("2")).is_some());
        assert_eq!(enumeration_bound(6, &[2, 3, 5], &ratio("201/100")), None);
    }
}
