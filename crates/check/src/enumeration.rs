//! Fact 10 (see `optimod_cert::EnumerationBoundRecord`), re-derived with this checker's own
//! enumeration: every strategy's top, level by level, each branch closed at the claimed value
//! by its cost so far and fact 9 below it, by being finished, or by being a scaled copy of the
//! whole problem. Nothing from the producer is reused; the record only says where to stop.

use crate::elementary::gcd;
use crate::CheckError;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::One;
use optimod_cert::{EnumerationBoundRecord, SpecRecord};
use std::collections::BTreeMap;

/// Deepest top and horizon this checker enumerates.
const TOP_DEPTH_LIMIT: u32 = 8;
/// Most distinct branches, summed over depths.
const BRANCH_LIMIT: u64 = 1_000_000;
/// Largest n whose enumeration is re-run: each branch holds one demand per output.
const OUTPUT_LIMIT: u64 = 128;
/// Most branches generated (before merging) at one depth.
const GENERATED_LIMIT: u64 = 20_000_000;
/// Most handouts (partial and whole) tried over the whole enumeration.
const HANDOUT_LIMIT: u64 = 200_000_000;
/// Most knapsack steps over the whole enumeration.
const KNAPSACK_STEPS: u64 = 200_000_000;

/// A branch: pending nodes as (exponent of each size, how many), sorted; each output's unmet
/// demand in units, sorted.
type Branch = (Vec<(Vec<u32>, u64)>, Vec<u128>);
/// The children made at one level: how many nodes have each exponent vector.
type Children = BTreeMap<Vec<u32>, u64>;
/// What to do with each way of calling.
type OnCalls<'f, T> = dyn FnMut(&mut T, &mut Children) -> Result<(), CheckError> + 'f;

/// One level's handing out in progress: nodes of each kind left, each output's demand still
/// owed, and how many of each kind each output took (`output * kinds + kind`).
struct Hand {
    left: Vec<u64>,
    owed: Vec<u128>,
    taken: Vec<u64>,
    /// Per kind, the gcd of the reaches of the kinds after it (0: none): on an exact level
    /// what an output still owes after a kind must be a multiple of it.
    later_gcds: Vec<u128>,
}

struct Enumeration<'a> {
    sizes: &'a [u64],
    unit: u128,
    value: BigRational,
    horizon: u32,
    steps: u64,
    generated: u64,
    handouts: u64,
    /// The last level of an exhaustive enumeration: a handout that leaves a node pending or
    /// an output short makes no tree.
    exact: bool,
}

/// The record's value, when every branch closes by its depth and the branches number
/// `states`.
pub(crate) fn enumeration_bound(spec: &SpecRecord, record: &EnumerationBoundRecord) -> Result<BigRational, CheckError> {
    let too_large = |what: String| Err(CheckError::TooLarge(what));
    if record.depth == 0 || record.depth > TOP_DEPTH_LIMIT || record.horizon > TOP_DEPTH_LIMIT {
        return too_large(format!("a top of depth {} with horizon {}", record.depth, record.horizon));
    }
    let value: BigRational = record
        .value
        .parse()
        .map_err(|_| CheckError::LowerBound(format!("the value {:?} is not a fraction", record.value)))?;
    let mut run = Enumeration::new(spec, record.depth + record.horizon, value, record.horizon)?;
    let root = run.root(spec);
    let mut level: BTreeMap<Branch, u128> = BTreeMap::from([(root, 0)]);
    let mut counted = 0u64;
    for depth in 1..=record.depth {
        let grown = run.grow(&level)?;
        counted += grown.len() as u64;
        if counted > BRANCH_LIMIT {
            return too_large(format!("more than {BRANCH_LIMIT} branches"));
        }
        level = BTreeMap::new();
        for (branch, cost) in grown {
            if !run.closed(&branch, cost)? {
                level.insert(branch, cost);
            }
        }
        if depth == record.depth && !level.is_empty() {
            let why = format!("{} branches are still open at depth {depth}", level.len());
            return Err(CheckError::LowerBound(why));
        }
    }
    if counted != record.states {
        return Err(CheckError::LowerBound(format!("the enumeration has {counted} branches, not {}", record.states)));
    }
    Ok(run.value)
}

/// Every tree of depth `<= depth`, enumerated (`optimod_cert::ExhaustiveRecord`): the least
/// expected calls of an exact one (`None`: none is exact), once the enumeration counts
/// `states` branches. No branch is closed early; only the last level is held to exactness.
pub(crate) fn exhaustive_least(spec: &SpecRecord, depth: u32, states: u64) -> Result<Option<BigRational>, CheckError> {
    let too_large = |what: String| Err(CheckError::TooLarge(what));
    if depth == 0 || depth > TOP_DEPTH_LIMIT {
        return too_large(format!("an exhaustive enumeration of depth {depth}"));
    }
    let mut run = Enumeration::new(spec, depth, BigRational::one(), 0)?;
    let root = run.root(spec);
    let mut level: BTreeMap<Branch, u128> = BTreeMap::from([(root, 0)]);
    let mut counted = 0u64;
    for at in 1..=depth {
        run.exact = at == depth;
        level = run.grow(&level)?;
        counted += level.len() as u64;
        if counted > BRANCH_LIMIT {
            return too_large(format!("more than {BRANCH_LIMIT} branches"));
        }
    }
    if counted != states {
        return Err(CheckError::LowerBound(format!("the enumeration has {counted} branches, not {states}")));
    }
    // The last level holds finished branches only: none, or the one at its least cost.
    if level.keys().any(|(pending, owed)| !pending.is_empty() || owed.iter().any(|&d| d > 0)) {
        return Err(CheckError::LowerBound(
            "an unfinished branch at the last level of an exhaustive enumeration".into(),
        ));
    }
    Ok(level.values().min().map(|&cost| run.fraction(cost)))
}

impl<'a> Enumeration<'a> {
    /// An enumeration whose leaves sit at most `levels` below the root: reaches in units of
    /// `1/(n * prod size^levels)`, refused past the outputs and 2^100 limits.
    fn new(spec: &'a SpecRecord, levels: u32, value: BigRational, horizon: u32) -> Result<Self, CheckError> {
        let too_large = |what: String| Err(CheckError::TooLarge(what));
        if spec.modulus > OUTPUT_LIMIT {
            return too_large(format!("an enumeration over {} outputs (limit {OUTPUT_LIMIT})", spec.modulus));
        }
        let mut unit = spec.modulus as u128;
        for &size in &spec.generators {
            match (size as u128).checked_pow(levels).and_then(|p| unit.checked_mul(p)).filter(|&u| u <= 1 << 100) {
                Some(u) => unit = u,
                None => return too_large("the enumeration's common denominator exceeds 2^100".into()),
            }
        }
        let sizes = &spec.generators;
        Ok(Enumeration { sizes, unit, value, horizon, steps: 0, generated: 0, handouts: 0, exact: false })
    }

    /// The root branch: one pending node, every output owed `1/n`.
    fn root(&self, spec: &SpecRecord) -> Branch {
        (vec![(vec![0; spec.generators.len()], 1)], vec![self.unit / spec.modulus as u128; spec.modulus as usize])
    }
}

impl Enumeration<'_> {
    fn fraction(&self, units: u128) -> BigRational {
        BigRational::new(BigInt::from(units), BigInt::from(self.unit))
    }

    fn reach_units(&self, exponents: &[u32]) -> u128 {
        let mut units = self.unit;
        for (&size, &e) in self.sizes.iter().zip(exponents) {
            units /= (size as u128).pow(e);
        }
        units
    }

    /// The next level of every open branch, each with its cheapest cost so far.
    fn grow(&mut self, level: &BTreeMap<Branch, u128>) -> Result<BTreeMap<Branch, u128>, CheckError> {
        let mut grown: BTreeMap<Branch, u128> = BTreeMap::new();
        self.generated = 0;
        for ((pending, demands), cost) in level {
            let cost = cost + demands.iter().sum::<u128>();
            let mut children = Children::new();
            self.calls(pending, &mut children, &mut |run, children| {
                run.leaves(children, demands, &mut |branch| {
                    let best = grown.entry(branch).or_insert(cost);
                    *best = (*best).min(cost);
                })
            })?;
        }
        Ok(grown)
    }

    /// For every way the pending nodes call sizes (nodes of one kind are interchangeable, so
    /// only how many call each size matters), the children they make.
    fn calls(
        &mut self,
        pending: &[(Vec<u32>, u64)],
        children: &mut Children,
        then: &mut OnCalls<'_, Self>,
    ) -> Result<(), CheckError> {
        let Some(((exponents, count), rest)) = pending.split_first() else {
            return then(self, children);
        };
        self.split(exponents, *count, 0, children, &mut |run, children| run.calls(rest, children, then))
    }

    /// `count` nodes of one kind: how many call `sizes[i]`, for each i from `i` on.
    fn split(
        &mut self,
        exponents: &[u32],
        count: u64,
        i: usize,
        children: &mut Children,
        then: &mut OnCalls<'_, Self>,
    ) -> Result<(), CheckError> {
        let last = i + 1 == self.sizes.len();
        for calling in (if last { count..=count } else { 0..=count }).rev() {
            let mut child = exponents.to_vec();
            child[i] += 1;
            let made = calling * self.sizes[i];
            if made > 0 {
                *children.entry(child.clone()).or_insert(0) += made;
            }
            let result =
                if last { then(self, children) } else { self.split(exponents, count - calling, i + 1, children, then) };
            if made > 0 {
                let entry = children.get_mut(&child).expect("added above");
                *entry -= made;
                if *entry == 0 {
                    children.remove(&child);
                }
            }
            result?;
        }
        Ok(())
    }

    /// For every way to make some children leaves (output by output, kind by kind, each within
    /// the output's demand), the branch that results.
    fn leaves(
        &mut self,
        children: &Children,
        demands: &[u128],
        emit: &mut dyn FnMut(Branch),
    ) -> Result<(), CheckError> {
        let kinds: Vec<(Vec<u32>, u64, u128)> =
            children.iter().map(|(e, &c)| (e.clone(), c, self.reach_units(e))).collect();
        let mut later_gcds = vec![0u128; kinds.len()];
        for kind in (1..kinds.len()).rev() {
            later_gcds[kind - 1] = gcd(later_gcds[kind], kinds[kind].2);
        }
        let mut hand = Hand {
            left: kinds.iter().map(|k| k.1).collect(),
            owed: demands.to_vec(),
            taken: vec![0; kinds.len() * demands.len()],
            later_gcds,
        };
        self.give(&kinds, demands, &mut hand, 0, 0, emit)
    }

    /// Output by output, kind by kind: how many of each kind the output takes. Outputs with
    /// the same demand are interchangeable, so only one order of their handouts is kept: an
    /// output takes, kind by kind, lexicographically no more than the one before it.
    fn give(
        &mut self,
        kinds: &[(Vec<u32>, u64, u128)],
        demands: &[u128],
        hand: &mut Hand,
        output: usize,
        kind: usize,
        emit: &mut dyn FnMut(Branch),
    ) -> Result<(), CheckError> {
        // Handouts pruned by the order of interchangeable outputs are not branches, but they
        // are work: counted too.
        self.handouts += 1;
        if self.handouts > HANDOUT_LIMIT {
            return Err(CheckError::TooLarge(format!("more than {HANDOUT_LIMIT} handouts")));
        }
        let Hand { left, owed, taken, .. } = hand;
        if kind == kinds.len() && output > 0 && output < demands.len() && demands[output] == demands[output - 1] {
            let width = kinds.len();
            let (before, this) = (&taken[(output - 1) * width..output * width], &taken[output * width..][..width]);
            if this > before {
                return Ok(());
            }
        }
        if output == owed.len() {
            if self.exact && left.iter().any(|&l| l > 0) {
                return Ok(());
            }
            self.generated += 1;
            if self.generated > GENERATED_LIMIT {
                return Err(CheckError::TooLarge(format!("more than {GENERATED_LIMIT} branches at one depth")));
            }
            let pending = kinds.iter().zip(left.iter()).filter(|(_, &l)| l > 0).map(|(k, &l)| (k.0.clone(), l));
            let mut demands = owed.clone();
            demands.sort_unstable();
            emit((pending.collect(), demands));
            return Ok(());
        }
        if kind == kinds.len() {
            if self.exact && owed[output] > 0 {
                return Ok(());
            }
            return self.give(kinds, demands, hand, output + 1, 0, emit);
        }
        let reach = kinds[kind].2;
        let most = left[kind].min((owed[output] / reach) as u64);
        // On an exact level an output's last kind must take all it still owes.
        let least = if self.exact && kind + 1 == kinds.len() { most } else { 0 };
        let slot = output * kinds.len() + kind;
        for count in least..=most {
            if self.exact && !(hand.owed[output] - count as u128 * reach).is_multiple_of(hand.later_gcds[kind]) {
                continue;
            }
            hand.left[kind] -= count;
            hand.owed[output] -= count as u128 * reach;
            hand.taken[slot] = count;
            let result = self.give(kinds, demands, hand, output, kind + 1, emit);
            hand.left[kind] += count;
            hand.owed[output] += count as u128 * reach;
            hand.taken[slot] = 0;
            result?;
        }
        Ok(())
    }
}

impl Enumeration<'_> {
    /// Whether a branch (reached at `cost` units of calls) closes at the value: finished at no
    /// less (finished below it refutes the claim), a scaled copy of the whole problem whose
    /// cost covers `(1 - mass) value`, or the cost plus fact 9 below reaching the value.
    fn closed(&mut self, branch: &Branch, cost: u128) -> Result<bool, CheckError> {
        let (pending, owed) = branch;
        let mass: u128 = owed.iter().sum();
        if mass == 0 {
            if self.fraction(cost) < self.value {
                let why = format!("a finished branch costs {}, below {}", self.fraction(cost), self.value);
                return Err(CheckError::LowerBound(why));
            }
            return Ok(true);
        }
        let one_node = matches!(pending.as_slice(), [(_, 1)]);
        if one_node && owed.iter().all(|&d| d == owed[0]) {
            let scaled = (BigRational::one() - self.fraction(mass)) * &self.value;
            if self.fraction(cost) >= scaled {
                return Ok(true);
            }
        }
        let below = self.cost_below(pending, owed)?;
        Ok(self.fraction(cost + below) >= self.value)
    }

    /// Fact 9 under the pending nodes: each output's remaining leaves are descendants of them,
    /// and a leaf `delta` levels further down costs `delta` times its reach (beyond the
    /// horizon, `horizon + 1` times); the least such cost per output, summed.
    fn cost_below(&mut self, pending: &[(Vec<u32>, u64)], owed: &[u128]) -> Result<u128, CheckError> {
        // Each descendant reach with the fewest levels down to it.
        let mut fewest: BTreeMap<u128, u32> = BTreeMap::new();
        let mut frontier: Vec<Vec<u32>> = pending.iter().map(|(e, _)| e.clone()).collect();
        for delta in 1..=self.horizon {
            let mut deeper = Vec::new();
            for node in &frontier {
                for i in 0..self.sizes.len() {
                    let mut child = node.clone();
                    child[i] += 1;
                    if !deeper.contains(&child) {
                        deeper.push(child);
                    }
                }
            }
            for child in &deeper {
                fewest.entry(self.reach_units(child)).or_insert(delta);
            }
            frontier = deeper;
        }
        let cap = u128::from(self.horizon) + 1;
        // Cheapest first: fewer levels, then larger reach.
        let mut leaves: Vec<(u32, u128)> = fewest.into_iter().map(|(reach, delta)| (delta, reach)).collect();
        leaves.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut total = 0u128;
        for &demand in owed.iter().filter(|&&d| d > 0) {
            let usable: Vec<(u128, u128)> =
                leaves.iter().filter(|l| l.1 <= demand).map(|&(delta, reach)| (reach, cap - delta as u128)).collect();
            let mut saved = 0u128;
            self.most_saved(&usable, demand, 0, &mut saved)?;
            total += cap * demand - saved;
        }
        Ok(total)
    }

    /// The most `sum (cap - delta) * reach` over multisets of `leaves` (reach, cap - delta)
    /// whose reaches fit in `room`; leaves sorted by `cap - delta` descending.
    fn most_saved(
        &mut self,
        leaves: &[(u128, u128)],
        room: u128,
        saved: u128,
        best: &mut u128,
    ) -> Result<(), CheckError> {
        self.steps += 1;
        if self.steps > KNAPSACK_STEPS {
            return Err(CheckError::TooLarge(format!("more than {KNAPSACK_STEPS} knapsack steps")));
        }
        *best = (*best).max(saved);
        let Some((&(reach, rate), rest)) = leaves.split_first() else { return Ok(()) };
        if saved + room * rate <= *best {
            return Ok(());
        }
        let mut copies = room / reach;
        loop {
            self.most_saved(rest, room - copies * reach, saved + copies * reach * rate, best)?;
            if copies == 0 {
                return Ok(());
            }
            copies -= 1;
        }
    }
}
