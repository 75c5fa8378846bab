//! Fact 10 (see `optimod_cert::EnumerationBoundRecord`), re-derived with this checker's own
//! enumeration (`crate::kernel::levels`): every strategy's top, level by level, each branch
//! closed at the claimed value by its cost so far and fact 9 below it, by being finished, or
//! by being a scaled copy of the whole problem. Nothing from the producer is reused; the
//! record only says where to stop.

use crate::kernel::error::CheckError;
use crate::kernel::levels::{Branch, Levels};
use crate::kernel::limits::{BRANCH_LIMIT, KNAPSACK_STEPS, TOP_DEPTH_LIMIT};
use crate::kernel::spec::Spec;
use num_rational::BigRational;
use num_traits::One;
use optimod_cert::EnumerationBoundRecord;
use std::collections::BTreeMap;

/// A listing closed at `value`, with fact 9's horizon and its knapsack's work.
struct Top<'a> {
    levels: Levels<'a>,
    value: BigRational,
    horizon: u32,
    steps: u64,
}

/// The record's value, when every branch closes by its depth and the branches number
/// `states`.
pub(crate) fn enumeration_bound(spec: &Spec, record: &EnumerationBoundRecord) -> Result<BigRational, CheckError> {
    let too_large = |what: String| Err(CheckError::TooLarge(what));
    if record.depth == 0 || record.depth > TOP_DEPTH_LIMIT || record.horizon > TOP_DEPTH_LIMIT {
        return too_large(format!("a top of depth {} with horizon {}", record.depth, record.horizon));
    }
    let value = record.value.value().clone();
    let levels = Levels::new(spec, record.depth + record.horizon)?;
    let root = levels.root(spec);
    let mut run = Top { levels, value, horizon: record.horizon, steps: 0 };
    let mut level: BTreeMap<Branch, u128> = BTreeMap::from([(root, 0)]);
    let mut counted = 0u64;
    for depth in 1..=record.depth {
        let grown = run.levels.grow(&level)?;
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

impl Top<'_> {
    /// Whether a branch (reached at `cost` units of calls) closes at the value: finished at no
    /// less (finished below it refutes the claim), a scaled copy of the whole problem whose
    /// cost covers `(1 - mass) value`, or the cost plus fact 9 below reaching the value.
    fn closed(&mut self, branch: &Branch, cost: u128) -> Result<bool, CheckError> {
        let (pending, owed) = branch;
        let mass: u128 = owed.iter().sum();
        if mass == 0 {
            if self.levels.fraction(cost) < self.value {
                let why = format!("a finished branch costs {}, below {}", self.levels.fraction(cost), self.value);
                return Err(CheckError::LowerBound(why));
            }
            return Ok(true);
        }
        let one_node = matches!(pending.as_slice(), [(_, 1)]);
        if one_node && owed.iter().all(|&d| d == owed[0]) {
            let scaled = (BigRational::one() - self.levels.fraction(mass)) * &self.value;
            if self.levels.fraction(cost) >= scaled {
                return Ok(true);
            }
        }
        let below = self.cost_below(pending, owed)?;
        Ok(self.levels.fraction(cost + below) >= self.value)
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
                for i in 0..self.levels.sizes.len() {
                    let mut child = node.clone();
                    child[i] += 1;
                    if !deeper.contains(&child) {
                        deeper.push(child);
                    }
                }
            }
            for child in &deeper {
                fewest.entry(self.levels.reach_units(child)).or_insert(delta);
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
