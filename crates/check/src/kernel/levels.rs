//! Trees listed level by level, with this checker's own code: each pending node calls a size,
//! each new node becomes a leaf of an output it fits or stays pending; nodes of one kind and
//! outputs of one demand are interchangeable, so a branch is the pending kinds with their
//! numbers and the sorted demands. The exhaustive argument (`optimod_cert::ExhaustiveRecord`)
//! lists every tree of a small depth; fact 10 (`crate::expected::top`) closes branches of the
//! same listing at a value.

use super::arith::gcd;
use super::error::CheckError;
use super::limits::{BRANCH_LIMIT, GENERATED_LIMIT, HANDOUT_LIMIT, OUTPUT_LIMIT, TOP_DEPTH_LIMIT, UNITS_LIMIT};
use super::spec::Spec;
use num_bigint::BigInt;
use num_rational::BigRational;
use std::collections::BTreeMap;

/// A branch: pending nodes as (exponent of each size, how many), sorted; each output's unmet
/// demand in units, sorted.
pub(crate) type Branch = (Vec<(Vec<u32>, u64)>, Vec<u128>);
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

/// The arithmetic of a listing and the work it has done.
pub(crate) struct Levels<'a> {
    pub(crate) sizes: &'a [u64],
    /// Reaches are counted in units of `1/unit`.
    pub(crate) unit: u128,
    generated: u64,
    handouts: u64,
    /// The last level of an exhaustive enumeration: a handout that leaves a node pending or
    /// an output short makes no tree.
    exact: bool,
}

/// Every tree of depth `<= depth`, enumerated (`optimod_cert::ExhaustiveRecord`): the least
/// expected calls of an exact one (`None`: none is exact), once the enumeration counts
/// `states` branches. No branch is closed early; only the last level is held to exactness.
pub(crate) fn exhaustive_least(spec: &Spec, depth: u32, states: u64) -> Result<Option<BigRational>, CheckError> {
    let too_large = |what: String| Err(CheckError::TooLarge(what));
    if depth == 0 || depth > TOP_DEPTH_LIMIT {
        return too_large(format!("an exhaustive enumeration of depth {depth}"));
    }
    let mut run = Levels::new(spec, depth)?;
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

impl<'a> Levels<'a> {
    /// An enumeration whose leaves sit at most `levels` below the root: reaches in units of
    /// `1/(n * prod size^levels)`, refused past the outputs and 2^100 limits.
    pub(crate) fn new(spec: &'a Spec, levels: u32) -> Result<Self, CheckError> {
        let too_large = |what: String| Err(CheckError::TooLarge(what));
        if spec.modulus > OUTPUT_LIMIT {
            return too_large(format!("an enumeration over {} outputs (limit {OUTPUT_LIMIT})", spec.modulus));
        }
        let mut unit = spec.modulus as u128;
        for &size in spec.generators.iter() {
            match (size as u128).checked_pow(levels).and_then(|p| unit.checked_mul(p)).filter(|&u| u <= UNITS_LIMIT) {
                Some(u) => unit = u,
                None => return too_large("the enumeration's common denominator exceeds 2^100".into()),
            }
        }
        let sizes = &spec.generators;
        Ok(Levels { sizes, unit, generated: 0, handouts: 0, exact: false })
    }

    /// The root branch: one pending node, every output owed `1/n`.
    pub(crate) fn root(&self, spec: &Spec) -> Branch {
        (vec![(vec![0; spec.generators.len()], 1)], vec![self.unit / spec.modulus as u128; spec.modulus as usize])
    }
}

impl Levels<'_> {
    pub(crate) fn fraction(&self, units: u128) -> BigRational {
        BigRational::new(BigInt::from(units), BigInt::from(self.unit))
    }

    pub(crate) fn reach_units(&self, exponents: &[u32]) -> u128 {
        let mut units = self.unit;
        for (&size, &e) in self.sizes.iter().zip(exponents) {
            units /= (size as u128).pow(e);
        }
        units
    }

    /// The next level of every open branch, each with its cheapest cost so far.
    pub(crate) fn grow(&mut self, level: &BTreeMap<Branch, u128>) -> Result<BTreeMap<Branch, u128>, CheckError> {
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
