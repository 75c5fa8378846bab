//! Constructive upper bounds: exact trees built from uniform samplers of divisors (SPEC.md
//! section 4, "a sub-family that is a coin problem"), without a solver.
//!
//! A sampler for `t` calls a generator R at the root and splits its R outcomes into blocks.
//! A block for a divisor `e < t` has `t/e` children, child `k` running a sampler for `e` whose
//! output `s` becomes `k + (t/e) * s`: the block gives every output of `t` exactly one leaf of
//! reach `1/(R e)`. The blocks fill the root exactly when `R = sum_e j_e * (t/e)`, and then
//! every output has mass `(1/R) * sum_e j_e/e = 1/t`. Product trees are the case of one block
//! size. Depth is `1 + max depth of the samplers used`.

use optimod_spec::arith::divisors;
use optimod_spec::{Spec, Tree};
use std::collections::BTreeMap;

/// An exact tree found by the construction, with its depth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Construction {
    /// Worst-case calls of `tree`.
    pub depth: u32,
    /// The tree itself; exact for the spec's modulus.
    pub tree: Tree,
}

/// How to sample uniformly from `0..t`: call `root`, then blocks of divisor samplers.
#[derive(Clone, Debug)]
struct Plan {
    depth: u32,
    root: u64,
    /// `(e, j_e)`: `j_e` blocks of `t/e` children, each running the sampler for `e`.
    blocks: Vec<(u64, u64)>,
}

/// The shallowest tree of this family for the spec, or `None` when the family has none (for
/// instance when the modulus has a prime that no generator size has).
pub fn construct(spec: &Spec) -> Option<Construction> {
    let mut plans: BTreeMap<u64, Option<Plan>> = BTreeMap::new();
    for t in divisors(spec.modulus) {
        let plan = if t == 1 { None } else { best_plan(spec, t, &plans) };
        plans.insert(t, plan);
    }
    let plan = plans[&spec.modulus].as_ref()?;
    Some(Construction { depth: plan.depth, tree: build(spec.modulus, &plans) })
}

fn depth_of(t: u64, plans: &BTreeMap<u64, Option<Plan>>) -> Option<u32> {
    if t == 1 {
        Some(0)
    } else {
        plans[&t].as_ref().map(|p| p.depth)
    }
}

/// The plan of least depth for `t`; ties go to the smallest root. `plans` holds every proper
/// divisor of `t` already.
fn best_plan(spec: &Spec, t: u64, plans: &BTreeMap<u64, Option<Plan>>) -> Option<Plan> {
    let parts: Vec<(u64, u32)> = divisors(t)
        .into_iter()
        .filter(|&e| e < t)
        .filter_map(|e| depth_of(e, plans).map(|d| (e, d)))
        .collect();
    let mut depths: Vec<u32> = parts.iter().map(|&(_, d)| d).collect();
    depths.sort_unstable();
    depths.dedup();
    // The least sub-depth that works, over all roots: then the smallest root at that depth.
    for &limit in &depths {
        for &root in &spec.generators {
            let coins: Vec<(u64, u64)> =
                parts.iter().filter(|&&(_, d)| d <= limit).map(|&(e, _)| (e, t / e)).collect();
            if let Some(blocks) = coin_combination(root, &coins) {
                return Some(Plan { depth: limit + 1, root, blocks });
            }
        }
    }
    None
}

/// Writes `total` as `sum j_e * value_e` over `coins = [(e, value_e)]`, returning the nonzero
/// `(e, j_e)`; deterministic (prefers earlier coins when reconstructing).
fn coin_combination(total: u64, coins: &[(u64, u64)]) -> Option<Vec<(u64, u64)>> {
    let total = total as usize;
    // via[v] = index of a coin ending some combination of v.
    let mut via: Vec<Option<usize>> = vec![None; total + 1];
    let mut reachable = vec![false; total + 1];
    reachable[0] = true;
    for v in 1..=total {
        for (i, &(_, value)) in coins.iter().enumerate() {
            let value = value as usize;
            if value <= v && reachable[v - value] {
                reachable[v] = true;
                via[v] = Some(i);
                break;
            }
        }
    }
    if !reachable[total] {
        return None;
    }
    let mut counts: BTreeMap<u64, u64> = BTreeMap::new();
    let mut v = total;
    while v > 0 {
        let (e, value) = coins[via[v].expect("reachable values have a last coin")];
        *counts.entry(e).or_default() += 1;
        v -= value as usize;
    }
    Some(counts.into_iter().collect())
}

/// The tree of the plan for `t`, outputs `0..t`.
fn build(t: u64, plans: &BTreeMap<u64, Option<Plan>>) -> Tree {
    if t == 1 {
        return Tree::Leaf(0);
    }
    let plan = plans[&t].as_ref().expect("only planned divisors are built");
    let mut children = Vec::with_capacity(plan.root as usize);
    for &(e, count) in &plan.blocks {
        let sub = build(e, plans);
        let stride = t / e;
        for _ in 0..count {
            for k in 0..stride {
                children.push(relabel(&sub, &|s| k + stride * s));
            }
        }
    }
    Tree::Call { size: plan.root, children }
}

fn relabel(tree: &Tree, f: &dyn Fn(u64) -> u64) -> Tree {
    match tree {
        Tree::Leaf(s) => Tree::Leaf(f(*s)),
        Tree::Call { size, children } => Tree::Call {
            size: *size,
            children: children.iter().map(|c| relabel(c, f)).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimod_spec::Objective;

    fn primes(n: u64) -> Spec {
        Spec::primes_below(n, Objective::WorstCase).unwrap()
    }

    fn exact_depth(spec: &Spec) -> u32 {
        let c = construct(spec).expect("a construction");
        let eval = c.tree.evaluate(spec).unwrap();
        assert!(eval.is_exact(), "construction for {} is not exact", spec.modulus);
        assert_eq!(eval.depth, c.depth);
        c.depth
    }

    #[test]
    fn forty_two_in_two_calls_with_a_rejection_free_root() {
        assert_eq!(exact_depth(&primes(42)), 2);
        assert_eq!(construct(&primes(42)).unwrap().tree.root_size(), Some(41));
    }

    #[test]
    fn known_depths() {
        assert_eq!(exact_depth(&primes(6)), 2);
        assert_eq!(exact_depth(&primes(8)), 3);
        assert_eq!(exact_depth(&primes(30)), 3);
        assert_eq!(exact_depth(&primes(64)), 6);
        // A six-sided die alone: 4 = 2*2 needs two rolls.
        assert_eq!(exact_depth(&Spec::new(4, &[6], Objective::WorstCase).unwrap()), 2);
        // A generator larger than the modulus: one call of 6 serves 3.
        assert_eq!(exact_depth(&Spec::new(3, &[6], Objective::WorstCase).unwrap()), 1);
    }

    #[test]
    fn nothing_when_a_prime_is_missing() {
        assert_eq!(construct(&primes(43)), None);
    }
}
