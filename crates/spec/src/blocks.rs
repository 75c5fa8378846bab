//! Compact exact trees: divisor-block samplers (docs/model.md §4, "divisor blocks"), stored
//! by their groups instead of their leaves.
//!
//! A sampler for `t` calls a generator `root` and splits its `root` outcomes, in order, into
//! the listed blocks. A block `(e, count)` takes `count * (t/e)` consecutive outcomes; the
//! outcome `i` inside the block (counted from 0) runs the sampler for `e` (a leaf giving 0
//! when `e = 1`) and turns its output `s` into `i mod (t/e) + (t/e) * s`. Every block gives
//! every output of `t` exactly one leaf of reach `1/(root * e)` per copy, so when
//! `root = sum count * (t/e)` every output has mass `(1/root) * sum count/e = 1/t`: exact by
//! induction on the divisors. The depth is `1 + max depth(e)`.
//!
//! Such a tree for n = 10^6 has more leaves than a certificate can list; this form has a few
//! numbers per divisor of n, and [`BlockTree::expand`] gives the explicit tree when it is small.

use crate::{Spec, Tree};
use num_bigint::BigUint;
use num_rational::BigRational;
use num_traits::{One, Zero};
use std::fmt;

/// One group of a sampler: `count` copies of a block for the divisor `divisor`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The divisor e of the sampler's modulus t whose sampler each child runs (1: a leaf).
    pub divisor: u64,
    /// How many blocks of `t / e` children.
    pub count: u64,
}

/// How to sample uniformly from `0..modulus` with one call and then smaller samplers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sampler {
    /// The sampler's target t (a divisor of the tree's modulus).
    pub modulus: u64,
    /// The generator size called first.
    pub root: u64,
    /// The groups of root outcomes, in outcome order.
    pub blocks: Vec<Block>,
}

/// A compact exact tree: the samplers it uses, ascending by modulus, the last one for the
/// target itself. Every divisor a block names (other than 1) has its sampler listed earlier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockTree {
    /// Ascending by `modulus`, each modulus once.
    pub samplers: Vec<Sampler>,
}

/// Exact facts about a block tree, computed by arithmetic over its samplers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockFacts {
    /// Worst-case calls.
    pub depth: u32,
    /// Number of leaves of the expanded tree (it can exceed any machine integer).
    pub leaves: BigUint,
    /// Expected calls, exact.
    pub expected_calls: BigRational,
}

/// Why a block tree is not an exact strategy for a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockError(pub String);

impl fmt::Display for BlockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BlockError {}

impl BlockTree {
    /// The target modulus (that of the last sampler).
    pub fn modulus(&self) -> u64 {
        self.samplers.last().map_or(1, |s| s.modulus)
    }

    /// The sampler for `t`, if listed.
    pub fn sampler(&self, t: u64) -> Option<&Sampler> {
        self.samplers.binary_search_by_key(&t, |s| s.modulus).ok().map(|i| &self.samplers[i])
    }

    /// Checks the structure against `spec` (every root a generator, every block a proper
    /// divisor with a sampler, the blocks filling the root exactly) and computes the facts.
    pub fn evaluate(&self, spec: &Spec) -> Result<BlockFacts, BlockError> {
        let err = |m: String| Err(BlockError(m));
        if self.modulus() != spec.modulus {
            return err(format!("the last sampler is for {}, not {}", self.modulus(), spec.modulus));
        }
        // Per sampler, in order: its depth, and the index of each block's sampler (None: a leaf).
        let mut depths: Vec<u32> = Vec::with_capacity(self.samplers.len());
        let mut uses: Vec<Vec<Option<usize>>> = Vec::with_capacity(self.samplers.len());
        for (i, s) in self.samplers.iter().enumerate() {
            if i > 0 && self.samplers[i - 1].modulus >= s.modulus {
                return err("samplers are not strictly ascending by modulus".into());
            }
            if spec.generators.binary_search(&s.root).is_err() {
                return err(format!("the sampler for {} calls {}, not a generator", s.modulus, s.root));
            }
            let (mut filled, mut depth, mut used) = (0u128, 1u32, Vec::with_capacity(s.blocks.len()));
            for b in &s.blocks {
                if b.count == 0 || b.divisor == 0 || b.divisor >= s.modulus || s.modulus % b.divisor != 0 {
                    return err(format!("the sampler for {} has a block ({}, {})", s.modulus, b.divisor, b.count));
                }
                filled += b.count as u128 * (s.modulus / b.divisor) as u128;
                let sub = if b.divisor == 1 {
                    None
                } else {
                    match self.samplers[..i].binary_search_by_key(&b.divisor, |x| x.modulus) {
                        Ok(j) => Some(j),
                        Err(_) => return err(format!("no sampler for {} before {}", b.divisor, s.modulus)),
                    }
                };
                depth = depth.max(sub.map_or(0, |j| depths[j]) + 1);
                used.push(sub);
            }
            if filled != s.root as u128 {
                return err(format!(
                    "the blocks of the sampler for {} fill {filled} outcomes of {}",
                    s.modulus, s.root
                ));
            }
            depths.push(depth);
            uses.push(used);
        }
        let depth = *depths.last().ok_or(BlockError("no samplers".into()))?;
        let (leaves, expected_calls) = self.counts_small(&uses).unwrap_or_else(|| self.counts_big(&uses));
        Ok(BlockFacts { depth, leaves, expected_calls })
    }

    /// Leaves and expected calls of the last sampler in machine integers (reduced fractions of
    /// `u128`), or `None` at the first overflow: most witnesses fit, and need no big number.
    fn counts_small(&self, uses: &[Vec<Option<usize>>]) -> Option<(BigUint, BigRational)> {
        let mut facts: Vec<(u128, u128, u128)> = Vec::with_capacity(uses.len());
        for (s, used) in self.samplers.iter().zip(uses) {
            let (mut leaves, mut num, mut den) = (0u128, 0u128, 1u128);
            for (b, sub) in s.blocks.iter().zip(used) {
                let children = b.count as u128 * (s.modulus / b.divisor) as u128;
                let (l, n, d) = sub.map_or((1, 0, 1), |j| facts[j]);
                leaves = leaves.checked_add(l.checked_mul(children)?)?;
                // num/den + children * n/d, over the lcm of the denominators.
                let g = gcd_u128(den, d);
                let lcm = (den / g).checked_mul(d)?;
                num = num.checked_mul(lcm / den)?.checked_add(children.checked_mul(n)?.checked_mul(lcm / d)?)?;
                den = lcm;
                let g = gcd_u128(num, den);
                (num, den) = (num / g, den / g);
            }
            // 1 + (num/den) / root
            let den_root = den.checked_mul(s.root as u128)?;
            let (n, d) = (den_root.checked_add(num)?, den_root);
            let g = gcd_u128(n, d);
            facts.push((leaves, n / g, d / g));
        }
        let &(leaves, num, den) = facts.last()?;
        Some((BigUint::from(leaves), BigRational::new(num.into(), den.into())))
    }

    /// [`Self::counts_small`] in big numbers.
    fn counts_big(&self, uses: &[Vec<Option<usize>>]) -> (BigUint, BigRational) {
        let mut facts: Vec<(BigUint, BigRational)> = Vec::with_capacity(uses.len());
        for (s, used) in self.samplers.iter().zip(uses) {
            let (mut leaves, mut cost) = (BigUint::zero(), BigRational::zero());
            for (b, sub) in s.blocks.iter().zip(used) {
                let children = b.count as u128 * (s.modulus / b.divisor) as u128;
                match sub {
                    // A block of leaves: one leaf per child, no call below.
                    None => leaves += BigUint::from(children),
                    Some(j) => {
                        let (l, e) = &facts[*j];
                        leaves += l * BigUint::from(children);
                        cost += e * BigRational::from_integer(children.into());
                    }
                }
            }
            facts.push((leaves, BigRational::one() + cost / BigRational::from_integer(s.root.into())));
        }
        facts.pop().expect("at least one sampler")
    }

    /// The explicit tree, or `None` when it would have more than `max_leaves` leaves.
    pub fn expand(&self, max_leaves: u64) -> Option<Tree> {
        let leaves = self.leaf_counts()?;
        if *leaves.last()? > max_leaves {
            return None;
        }
        Some(self.expand_sampler(self.samplers.len() - 1))
    }

    /// Leaves per sampler, `None` past `u64`.
    fn leaf_counts(&self) -> Option<Vec<u64>> {
        let mut counts: Vec<u64> = Vec::with_capacity(self.samplers.len());
        for s in &self.samplers {
            let mut total: u64 = 0;
            for b in &s.blocks {
                let sub = if b.divisor == 1 { 1 } else { counts[self.index(b.divisor)?] };
                total = total.checked_add(b.count.checked_mul(s.modulus / b.divisor)?.checked_mul(sub)?)?;
            }
            counts.push(total);
        }
        Some(counts)
    }

    fn index(&self, t: u64) -> Option<usize> {
        self.samplers.binary_search_by_key(&t, |s| s.modulus).ok()
    }

    fn expand_sampler(&self, i: usize) -> Tree {
        let s = &self.samplers[i];
        let mut children = Vec::with_capacity(s.root as usize);
        for b in &s.blocks {
            let stride = s.modulus / b.divisor;
            let sub = match self.index(b.divisor) {
                Some(j) if b.divisor > 1 => self.expand_sampler(j),
                _ => Tree::Leaf(0),
            };
            for _ in 0..b.count {
                for k in 0..stride {
                    children.push(relabel(&sub, &|v| k + stride * v));
                }
            }
        }
        Tree::Call { size: s.root, children }
    }

    /// Runs the strategy: `call(m)` returns a uniform value in `0..m`. Returns the output and
    /// the number of calls. Walks the samplers, never the expanded tree.
    pub fn run(&self, mut call: impl FnMut(u64) -> u64) -> (u64, u32) {
        let mut t = self.modulus();
        // The output is built from the outermost sampler inwards: value = k + stride * (...).
        let (mut output, mut scale, mut calls) = (0u64, 1u64, 0u32);
        while t > 1 {
            let s = self.sampler(t).expect("a checked block tree lists every sampler it uses");
            let mut outcome = call(s.root);
            calls += 1;
            let block = s
                .blocks
                .iter()
                .find(|b| {
                    let width = b.count * (s.modulus / b.divisor);
                    if outcome < width {
                        true
                    } else {
                        outcome -= width;
                        false
                    }
                })
                .expect("the blocks fill the root");
            let stride = s.modulus / block.divisor;
            output += scale * (outcome % stride);
            scale *= stride;
            t = block.divisor;
        }
        (output, calls)
    }
}

fn relabel(tree: &Tree, f: &dyn Fn(u64) -> u64) -> Tree {
    match tree {
        Tree::Leaf(s) => Tree::Leaf(f(*s)),
        Tree::Call { size, children } => {
            Tree::Call { size: *size, children: children.iter().map(|c| relabel(c, f)).collect() }
        }
    }
}

/// Greatest common divisor, 1 for (0, 0) so that a zero fraction stays 0/1.
fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Objective;

    fn forty_two() -> BlockTree {
        // 41 = 21 + 14 + 6: halves, thirds and sevenths of 42.
        let leaf = |m: u64| Sampler { modulus: m, root: m, blocks: vec![Block { divisor: 1, count: 1 }] };
        let top = Sampler {
            modulus: 42,
            root: 41,
            blocks: vec![
                Block { divisor: 2, count: 1 },
                Block { divisor: 3, count: 1 },
                Block { divisor: 7, count: 1 },
            ],
        };
        BlockTree { samplers: vec![leaf(2), leaf(3), leaf(7), top] }
    }

    #[test]
    fn the_block_tree_and_its_expansion_agree() {
        let spec = Spec::primes_below(42, Objective::WorstCase).unwrap();
        let blocks = forty_two();
        let facts = blocks.evaluate(&spec).unwrap();
        assert_eq!(
            (facts.depth, facts.leaves.to_string(), facts.expected_calls.to_string()),
            (2, "126".into(), "2".into())
        );
        let tree = blocks.expand(1000).unwrap();
        let eval = tree.evaluate(&spec).unwrap();
        assert!(eval.is_exact());
        assert_eq!((eval.depth, eval.leaves), (2, 126));
        assert_eq!(blocks.expand(125), None);
        // Running the samplers follows the expanded tree's paths.
        for first in 0..41 {
            for second in 0..7 {
                let mut script = [first, second].into_iter();
                let (out, calls) = blocks.run(|m| script.next().unwrap() % m);
                let mut node = &tree;
                let mut path = [first, second].into_iter();
                while let Tree::Call { size, children } = node {
                    node = &children[(path.next().unwrap() % size) as usize];
                }
                assert_eq!((Tree::Leaf(out), calls), (node.clone(), 2));
            }
        }
    }

    #[test]
    fn a_block_that_overfills_the_root_is_refused() {
        let spec = Spec::primes_below(42, Objective::WorstCase).unwrap();
        let mut blocks = forty_two();
        blocks.samplers[3].blocks[2].divisor = 6;
        assert!(blocks.evaluate(&spec).unwrap_err().0.contains("no sampler for 6"));
        let mut blocks = forty_two();
        blocks.samplers[3].root = 37;
        assert!(blocks.evaluate(&spec).unwrap_err().0.contains("fill 41 outcomes of 37"));
    }
}
