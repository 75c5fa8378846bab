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
pub const ENUMERATION_HORIZON: u32 = 4;
/// Deepest top enumerated.
pub const ENUMERATION_DEPTH: u32 = 6;
/// Most branches (distinct states, summed over depths) examined before giving up.
pub const ENUMERATION_STATES: u64 = 200_000;
/// Most children generated at one level (before merging equal branches) before giving up.
pub const ENUMERATION_CHILDREN: u64 = 2_000_000;
/// Most knapsack nodes visited before giving up.
pub const ENUMERATION_WORK: u64 = 50_000_000;
/// Most handouts tried at one level, recorded or not (most are pruned on an exact level).
pub const ENUMERATION_HANDOUTS: u64 = 100_000_000;
/// Largest n enumerated: a branch holds one demand per output, and each handout walks them
/// all (5000 from 2 and 3 took 2 GB and minutes before this limit).
pub const ENUMERATION_OUTPUTS: u64 = 100;

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

/// How far an enumeration got: every branch of the first `depth` levels (`states` of them),
/// and the least value at which the branches still open at `depth` close (`None`: none open).
struct Progress {
    depth: u32,
    states: u64,
    least_open: Option<BigRational>,
}

/// The enumeration closes at `target` within the limits above: the depth where it does.
/// `None` otherwise (too large, a branch still open at the deepest depth, or a finite tree
/// cheaper than `target`).
pub fn enumeration_bound(n: u64, sizes: &[u64], target: &BigRational) -> Option<EnumerationBound> {
    let progress = enumerate(n, sizes, target, ENUMERATION_DEPTH)?;
    let closed = progress.least_open.is_none() && progress.depth > 0;
    closed.then(|| EnumerationBound {
        value: target.clone(),
        depth: progress.depth,
        horizon: ENUMERATION_HORIZON,
        states: progress.states,
    })
}

/// The best lower bound the enumeration gives below `upper` (a strategy's cost): `upper` when
/// it closes there; otherwise, at the deepest level within the limits, the least value at
/// which the open branches close (the enumeration is run again at that value to count its
/// branches). `None` when not even one level fits.
pub fn enumeration_lower_bound(n: u64, sizes: &[u64], upper: &BigRational) -> Option<EnumerationBound> {
    if n > ENUMERATION_OUTPUTS {
        return None;
    }
    let progress = enumerate(n, sizes, upper, ENUMERATION_DEPTH)?;
    let Some(least) = progress.least_open else {
        return enumeration_bound(n, sizes, upper);
    };
    let again = enumerate(n, sizes, &least, progress.depth)?;
    (again.least_open.is_none() && again.depth == progress.depth).then_some(EnumerationBound {
        value: least,
        depth: again.depth,
        horizon: ENUMERATION_HORIZON,
        states: again.states,
    })
}

/// Every tree of depth `<= depth`, enumerated (see `optimod_cert::ExhaustiveRecord`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exhaustive {
    /// Distinct branches, summed over the levels (the checker must count the same).
    pub states: u64,
    /// The least expected calls of an exact tree of depth `<= depth`; `None`: there is none.
    pub least: Option<BigRational>,
}

/// Enumerates every tree of depth `<= depth` for n outputs from `sizes`, level by level with
/// no pruning but the last level's exactness. `None` past the limits above (the states, the
/// children of a level, n, a common denominator beyond 2^100) or the deadline (checked
/// between levels).
pub fn exhaustive(n: u64, sizes: &[u64], depth: u32, deadline: Option<std::time::Instant>) -> Option<Exhaustive> {
    if n > ENUMERATION_OUTPUTS || depth == 0 || depth > ENUMERATION_DEPTH {
        return None;
    }
    let mut units = n as u128;
    for &s in sizes {
        units = units.checked_mul((s as u128).checked_pow(depth)?).filter(|&u| u <= 1 << 100)?;
    }
    let frame =
        Frame { sizes: sizes.to_vec(), units, target: BigRational::from_integer(0.into()), horizon: 0, work: 0 };
    let root = Branch { pending: vec![(vec![0; sizes.len()], 1)], demands: vec![units / n as u128; n as usize] };
    let mut open: BTreeMap<Branch, u128> = BTreeMap::from([(root, 0)]);
    let mut states = 0u64;
    for level in 1..=depth {
        if deadline.is_some_and(|d| std::time::Instant::now() > d) {
            return None;
        }
        open = frame.level(&open, &mut states, level == depth)?;
    }
    // At the last level only finished branches are made: at most one, at its least cost.
    let least = open.values().min().map(|&cost| frame.rational(cost));
    Some(Exhaustive { states, least })
}

/// Enumerates level by level up to `max_depth`, closing branches at `target`; stops at the
/// first level where none is open, and at the last complete level when a limit is reached.
/// `None` for a finite tree cheaper than `target`, or when not even one level fits.
fn enumerate(n: u64, sizes: &[u64], target: &BigRational, max_depth: u32) -> Option<Progress> {
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
    let mut progress: Option<Progress> = None;
    let mut states = 0u64;
    for depth in 1..=max_depth {
        let Some(next) = frame.level(&open, &mut states, false) else { return progress };
        open = BTreeMap::new();
        let mut least_open: Option<BigRational> = None;
        for (branch, cost) in next {
            let Some(least) = frame.least(&branch, cost) else { return progress };
            if branch.demands.iter().all(|&d| d == 0) && least < *target {
                return None;
            }
            if least < *target {
                least_open = Some(least_open.map_or(least.clone(), |l| l.min(least)));
                open.insert(branch, cost);
            }
        }
        let done = least_open.is_none();
        progress = Some(Progress { depth, states, least_open });
        if done {
            break;
        }
    }
    progress
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

    /// The next level of every open branch, equal branches merged at their cheapest cost so
    /// far; `None` past a limit.
    fn level(&self, open: &BTreeMap<Branch, u128>, states: &mut u64, exact: bool) -> Option<BTreeMap<Branch, u128>> {
        let mut next =
            Level { branches: BTreeMap::new(), generated: 0, room: ENUMERATION_STATES - *states, handouts: 0, exact };
        for (branch, cost) in open {
            let cost = cost + branch.demands.iter().sum::<u128>();
            self.children(branch, cost, &mut next)?;
        }
        *states += next.branches.len() as u64;
        (*states <= ENUMERATION_STATES).then_some(next.branches)
    }

    /// The largest value at which a branch (its cost so far `cost`) closes: its cost when
    /// finished; for a scaled copy of mass P, at least `cost / (1 - P)`; and its cost plus
    /// fact 9 below it (computed only when the target is not met already). `None` when the
    /// work limit is passed.
    fn least(&mut self, branch: &Branch, cost: u128) -> Option<BigRational> {
        let mass: u128 = branch.demands.iter().sum();
        if mass == 0 {
            return Some(self.rational(cost));
        }
        let mut least = None;
        let copy = branch.pending.len() == 1 && branch.pending[0].1 == 1;
        if copy && branch.demands.iter().all(|&d| d == branch.demands[0]) {
            let scaled = self.rational(cost) / (BigRational::from_integer(1.into()) - self.rational(mass));
            if scaled >= self.target {
                return Some(scaled);
            }
            least = Some(scaled);
        }
        let below = self.below(branch)?;
        let below = self.rational(cost + below);
        Some(least.map_or(below.clone(), |l: BigRational| l.max(below)))
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
                    knapsack(&fitting, demand, &mut best, &mut self.work);
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
    /// node is a leaf of an output with room for it or stays pending. `None` past a limit.
    fn children(&self, branch: &Branch, cost: u128, next: &mut Level) -> Option<()> {
        let mut spreads: Vec<BTreeMap<Vec<u32>, u64>> = vec![BTreeMap::new()];
        for (exponents, count) in &branch.pending {
            let ways = composition_count(*count, self.sizes.len());
            if ways.saturating_mul(spreads.len() as u64) > ENUMERATION_STATES {
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
        let demands = &branch.demands;
        let tied: Vec<bool> = (0..demands.len()).map(|j| j > 0 && demands[j] == demands[j - 1]).collect();
        for spread in spreads {
            let classes: Vec<(Vec<u32>, u64)> = spread.into_iter().collect();
            // What the classes after each can still give an output: multiples of their gcd.
            let mut later_gcds = vec![0u128; classes.len()];
            for at in (1..classes.len()).rev() {
                later_gcds[at - 1] = num_integer::Integer::gcd(&later_gcds[at], &self.weight(&classes[at].0));
            }
            let mut handed = Handed { demands: demands.clone(), tied: tied.clone(), pending: Vec::new(), later_gcds };
            self.assign(&classes, 0, &mut handed, cost, next);
            if next.generated > ENUMERATION_CHILDREN {
                return None;
            }
        }
        Some(())
    }

    /// Hands out the new nodes of `classes[at..]` to outputs (each within its demand), then
    /// records the branch. Outputs still interchangeable (`tied` to the one before: the same
    /// demand at the start and the same handouts so far) get non-increasing handouts, so each
    /// multiset of handouts is made in one order only.
    fn assign(&self, classes: &[(Vec<u32>, u64)], at: usize, handed: &mut Handed, cost: u128, next: &mut Level) {
        if next.generated > ENUMERATION_CHILDREN {
            return;
        }
        let Some((exponents, count)) = classes.get(at) else {
            if next.exact && handed.demands.iter().any(|&d| d > 0) {
                return;
            }
            let mut demands = handed.demands.clone();
            demands.sort_unstable();
            next.generated += 1;
            let best = next.branches.entry(Branch { pending: handed.pending.clone(), demands }).or_insert(cost);
            *best = (*best).min(cost);
            if next.branches.len() as u64 > next.room {
                next.generated = u64::MAX;
            }
            return;
        };
        let weight = self.weight(exponents);
        let mut handouts = vec![0u64; handed.demands.len()];
        self.spread(classes, at, weight, *count, 0, &mut handouts, handed, cost, next);
    }

    /// Outputs `j..` take some of the `left` nodes of `classes[at]` (each `weight`): an output
    /// only as many as fit its demand, a tied output no more than the one before; the rest
    /// stay pending, and the next class is handed out.
    #[allow(clippy::too_many_arguments)]
    fn spread(
        &self,
        classes: &[(Vec<u32>, u64)],
        at: usize,
        weight: u128,
        left: u64,
        j: usize,
        handouts: &mut Vec<u64>,
        handed: &mut Handed,
        cost: u128,
        next: &mut Level,
    ) {
        // Past the limit every further handout is abandoned here, not only when it is
        // recorded: the handouts alone can number far beyond it.
        next.handouts += 1;
        if next.generated > ENUMERATION_CHILDREN || next.handouts > ENUMERATION_HANDOUTS {
            next.generated = u64::MAX;
            return;
        }
        if j == handed.demands.len() {
            if next.exact && left > 0 {
                return;
            }
            let tied = handed.tied.clone();
            for (t, k) in handed.tied.iter_mut().zip(0..).skip(1) {
                *t = *t && handouts[k - 1] == handouts[k];
            }
            if left > 0 {
                handed.pending.push((classes[at].0.clone(), left));
            }
            self.assign(classes, at + 1, handed, cost, next);
            if left > 0 {
                handed.pending.pop();
            }
            handed.tied = tied;
            return;
        }
        let mut most = (handed.demands[j] / weight).min(left as u128) as u64;
        if handed.tied[j] {
            most = most.min(handouts[j - 1]);
        }
        // On an exact level the last class must meet each demand in full.
        let least = if next.exact && at + 1 == classes.len() {
            if !handed.demands[j].is_multiple_of(weight) || handed.demands[j] / weight > most as u128 {
                return;
            }
            most = (handed.demands[j] / weight) as u64;
            most
        } else {
            0
        };
        for x in (least..=most).rev() {
            // On an exact level the rest of the demand must be within the later classes' reach.
            if next.exact && !(handed.demands[j] - x as u128 * weight).is_multiple_of(handed.later_gcds[at]) {
                continue;
            }
            handouts[j] = x;
            handed.demands[j] -= x as u128 * weight;
            self.spread(classes, at, weight, left - x, j + 1, handouts, handed, cost, next);
            handed.demands[j] += x as u128 * weight;
        }
        handouts[j] = 0;
    }
}

/// A branch's level in the making: each output's demand, which outputs are still
/// interchangeable with the one before, and the nodes left pending so far.
struct Handed {
    demands: Vec<u128>,
    tied: Vec<bool>,
    pending: Vec<(Vec<u32>, u64)>,
    /// Per class, the gcd of the weights of the classes after it (0: none).
    later_gcds: Vec<u128>,
}

/// A level being built: its distinct branches at their cheapest cost, how many were made, and
/// how many distinct branches the limit still allows.
struct Level {
    branches: BTreeMap<Branch, u128>,
    generated: u64,
    room: u64,
    /// Handouts tried, recorded or not.
    handouts: u64,
    /// The last level of an exhaustive enumeration: every new node is a leaf and every demand
    /// is met, or the handout is no tree.
    exact: bool,
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

/// The largest total gain of an unbounded knapsack, items `(weight, gain per unit)` sorted by
/// gain per unit descending. Branch and bound: the rest can gain at most its room (rounded
/// down to a multiple of the remaining weights' gcd) at the best remaining rate; without the
/// rounding that bound only falls with fewer copies of an item, so the loop stops there.
fn knapsack(items: &[(u128, u128)], room: u128, best: &mut u128, work: &mut u64) {
    use num_integer::Integer;
    let mut gcds = vec![0u128; items.len() + 1];
    for i in (0..items.len()).rev() {
        gcds[i] = gcds[i + 1].gcd(&items[i].0);
    }
    branch(items, &gcds, room, 0, best, work);

    fn branch(items: &[(u128, u128)], gcds: &[u128], room: u128, gained: u128, best: &mut u128, work: &mut u64) {
        *work += 1;
        *best = (*best).max(gained);
        let Some((&(weight, rate), rest)) = items.split_first() else { return };
        if *work > ENUMERATION_WORK {
            return;
        }
        let next_rate = rest.first().map_or(0, |r| r.1);
        for c in (0..=room / weight).rev() {
            let left = room - c * weight;
            let gained = gained + c * weight * rate;
            if gained + left * next_rate <= *best {
                break;
            }
            if gained + (left - left % gcds[1].max(1)) * next_rate > *best {
                branch(rest, &gcds[1..], left, gained, best, work);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(s: &str) -> BigRational {
        s.parse().unwrap()
    }

    #[test]
    fn large_moduli_are_not_enumerated() {
        // 5000 from 2 and 3: each branch would hold 5000 demands (it took 2 GB and minutes).
        assert_eq!(enumeration_lower_bound(5000, &[2, 3], &ratio("9")), None);
        // 5 is enumerated and closes at 12/5.
        assert!(enumeration_lower_bound(5, &[2, 3], &ratio("12/5")).is_some());
    }

    #[test]
    fn five_from_two_and_three_costs_at_least_twelve_fifths() {
        let bound = enumeration_bound(5, &[2, 3], &ratio("12/5")).expect("closes");
        assert_eq!(bound.depth, 4);
        assert!(bound.states > 0);
    }

    #[test]
    fn the_knapsack_is_exact() {
        // Against a table over every room, on small fixed-seed instances.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m) as u128
        };
        for _ in 0..300 {
            let mut items: Vec<(u128, u128)> = (0..1 + next(6)).map(|_| (1 + next(40), 1 + next(4))).collect();
            items.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
            let room = next(300);
            let mut table = vec![0u128; room as usize + 1];
            for r in 1..=room as usize {
                for &(w, g) in &items {
                    if w as usize <= r {
                        table[r] = table[r].max(table[r - w as usize] + w * g);
                    }
                }
                table[r] = table[r].max(table[r - 1]);
            }
            let (mut best, mut work) = (0, 0);
            knapsack(&items, room, &mut best, &mut work);
            assert_eq!(best, table[room as usize], "{items:?} in {room}");
        }
    }

    #[test]
    fn seven_is_bounded_between_the_levels_bound_and_its_best_strategy() {
        let bound = enumeration_lower_bound(7, &[2, 3, 5], &ratio("579/280")).expect("a bound");
        assert!(bound.value > ratio("41/20") && bound.value < ratio("579/280"), "{}", bound.value);
        // And that value is one the enumeration closes at, with the same count.
        assert_eq!(enumeration_bound(7, &[2, 3, 5], &bound.value), Some(bound));
    }

    #[test]
    fn five_does_not_close_above_its_optimum() {
        // Rejection from 2 x 3 costs 12/5: no argument may show more.
        assert_eq!(enumeration_bound(5, &[2, 3], &ratio("241/100")), None);
    }

    #[test]
    fn the_exhaustive_enumeration_decides_small_depths() {
        let never = None;
        // 20 from 6 and 15: no tree of depth 2 (two branches at depth 1, none finished).
        assert_eq!(exhaustive(20, &[6, 15], 2, never), Some(Exhaustive { states: 2, least: None }));
        // 10 from the same sizes: a depth-2 tree exists; the cheapest calls 15, makes ten
        // outputs leaves and calls 6 on the other five outcomes: 1 + 5/15.
        assert_eq!(exhaustive(10, &[6, 15], 2, never).and_then(|e| e.least), Some(ratio("4/3")));
        // 4 from a d6: 4/3 within depth 2 already, and depth 3 does no better.
        assert_eq!(exhaustive(4, &[6], 3, never).and_then(|e| e.least), Some(ratio("4/3")));
        assert_eq!(exhaustive(4, &[6], 2, never).and_then(|e| e.least), Some(ratio("4/3")));
        // 5 from 2 and 3 has no finite tree at all; within depth 3 the enumeration finds none.
        assert_eq!(exhaustive(5, &[2, 3], 3, never).map(|e| e.least), Some(None));
        // A deadline already passed gives up, as do too many outputs.
        assert_eq!(exhaustive(20, &[6, 15], 2, Some(std::time::Instant::now())), None);
        assert_eq!(exhaustive(ENUMERATION_OUTPUTS + 1, &[2], 1, never), None);
    }

    #[test]
    fn six_closes_at_two_by_its_finite_tree_only_at_two() {
        assert!(enumeration_bound(6, &[2, 3, 5], &ratio("2")).is_some());
        assert_eq!(enumeration_bound(6, &[2, 3, 5], &ratio("201/100")), None);
    }
}
