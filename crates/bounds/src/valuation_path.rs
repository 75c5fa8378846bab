//! Fact 12 of docs/model.md §7, the producer side: paths that carry `p^a`. Fix the root call
//! r; `base(k)` is 1 while `r * top^(k-1) < n` (no leaf reaches that deep), then
//! `1/(r * top^(k-1))`, the least reach of a node at depth k.
//!
//! - A tree with nodes at every depth pays `S_inf = 1 + sum_{k >= 1} base(k)`.
//! - A finite tree gives each output finitely many leaves summing to `1/n`, so (p-adic
//!   valuations) each output has a leaf whose path's product has `v_p >= a`, for each prime
//!   power `p^a` of n. Let L be the deepest depth at which some output first gets one: every
//!   depth below L has a node, and that leaf's parent (depth `L - 1`) already carries
//!   `v_p >= a - vmax` (vmax the largest `v_p` of a size). When that exceeds `v_p(r)`, some
//!   size below the root on that path is a multiple of p, so the parent's reach is at least
//!   `1/(r s_p top^(L-3))` (`s_p` the largest multiple of p among the sizes); if `s_p < top`
//!   this is at least every `base(k)` from `L - 1` on summed, so the tree pays `S_inf` again.
//!   Otherwise it pays at least `S_M`, the sum up to `M = max(D, X + 1) - 1` (D the fewest
//!   sizes after r reaching `v_p >= a`, plus one; X the depth no exact tree reaches).
//!
//! Each prime gives a bound for the root; the root's bound is the largest, and the bound is
//! the least over roots. Roots with the same valuations (capped at n's) differ only through
//! `base`, which shrinks as r grows, so only the largest root of each class is evaluated. (A
//! larger root may reach its first leaf sooner and so take `S_inf` where a smaller one takes
//! the levels up to D; but then those levels are all 1, at least D, while `S_inf` is below
//! `first + 1 <= D`: still no more.)

use crate::lower::{elementary_lower_bound, LowerBound};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::One;
use optimod_spec::arith::valuation;
use optimod_spec::Spec;
use std::collections::BTreeMap;

/// The bound and the exclusion X it uses.
pub struct ValuationPathBound {
    pub value: BigRational,
    pub excluded: LowerBound,
}

/// `None` without a finite exact tree (then every root pays `S_inf` and the levels bound is
/// that already) or with one size (Knuth–Yao is exact there).
pub fn valuation_path_bound(spec: &Spec) -> Option<ValuationPathBound> {
    if spec.generators.len() < 2 {
        return None;
    }
    let excluded = elementary_lower_bound(spec)?;
    let powers = optimod_spec::arith::factorize(spec.modulus);
    let mut roots: BTreeMap<Vec<u32>, u64> = BTreeMap::new();
    for &r in spec.generators.iter() {
        let class = powers.iter().map(|&(p, a)| valuation(r, p).min(a)).collect();
        let largest = roots.entry(class).or_insert(r);
        *largest = (*largest).max(r);
    }
    let value = roots
        .values()
        .map(|&r| root_bound(spec, &powers, r, excluded.excluded_depth))
        .min()
        .expect("at least one size");
    Some(ValuationPathBound { value, excluded })
}

/// The largest of the per-prime bounds for the root r.
fn root_bound(spec: &Spec, powers: &[(u64, u32)], r: u64, excluded_depth: u32) -> BigRational {
    let top = spec.max_generator();
    let root = RootLevels::new(spec.modulus, r, top);
    powers
        .iter()
        .map(|&(p, a)| {
            let vmax = spec.generators.iter().map(|&m| valuation(m, p)).max().unwrap_or(0);
            if vmax == 0 {
                // No finite tree; a strategy has nodes at every depth.
                return root.infinite_sum();
            }
            let need = a.saturating_sub(valuation(r, p));
            let least_depth = 1 + need.div_ceil(vmax);
            let multiple = spec.generators.iter().copied().filter(|m| m.is_multiple_of(p)).max().unwrap_or(0);
            let carried = a.saturating_sub(vmax) > valuation(r, p) && multiple < top;
            if carried && least_depth > root.first_leaf_depth {
                root.infinite_sum()
            } else {
                root.partial_sum(least_depth.max(excluded_depth + 1) - 1)
            }
        })
        .max()
        .expect("n has a prime")
}

/// `base(k)` for one root: 1 below `first_leaf_depth`, then `1/(r top^(k-1))`.
struct RootLevels {
    root: u64,
    top: u64,
    /// The least k >= 1 with `r * top^(k-1) >= n`.
    first_leaf_depth: u32,
}

impl RootLevels {
    fn new(n: u64, root: u64, top: u64) -> Self {
        let (mut depth, mut product) = (1u32, root as u128);
        while product < n as u128 {
            product = product.saturating_mul(top as u128);
            depth += 1;
        }
        RootLevels { root, top, first_leaf_depth: depth }
    }

    fn reach(&self, k: u32) -> BigRational {
        let product = BigInt::from(self.root) * num_traits::pow(BigInt::from(self.top), (k - 1) as usize);
        BigRational::new(BigInt::one(), product)
    }

    /// `1 + sum_{k=1}^{m} base(k)`.
    fn partial_sum(&self, m: u32) -> BigRational {
        let mut sum = BigRational::one();
        for k in 1..=m {
            sum += if k < self.first_leaf_depth { BigRational::one() } else { self.reach(k) };
        }
        sum
    }

    /// `1 + sum_{k >= 1} base(k)`: `first_leaf_depth` ones, then a geometric tail of ratio
    /// `1/top` from `reach(first_leaf_depth)`.
    fn infinite_sum(&self) -> BigRational {
        let d = self.first_leaf_depth;
        let ratio = BigRational::new(BigInt::from(self.top), BigInt::from(self.top - 1));
        BigRational::from_integer(d.into()) + self.reach(d) * ratio
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimod_spec::Objective;

    fn bound(n: u64) -> BigRational {
        valuation_path_bound(&Spec::primes_below(n, Objective::Expected).unwrap()).unwrap().value
    }

    fn ratio(s: &str) -> BigRational {
        s.parse().unwrap()
    }

    #[test]
    fn squares_in_n_pay_the_whole_geometric_tail() {
        // 16 = 2^4 from the primes below 16: root 13 pays 2 + sum_{k>=2} 1/13^k = 2 + 1/156
        // (root 11: 2 + 1/132; root 2: 2 + 1/24).
        assert_eq!(bound(16), ratio("313/156"));
        // 8 = 2^3 from 2, 3, 5, 7: 2 + 1/42; 12 = 2^2 3: 2 + 1/110; 32: 2 + 1/930.
        assert_eq!(bound(8), ratio("85/42"));
        assert_eq!(bound(12), ratio("221/110"));
        assert_eq!(bound(32), ratio("1861/930"));
    }

    #[test]
    fn it_never_exceeds_a_known_tree() {
        // 9 = 3 x 3 and 25 = 5 x 5 have depth-2 trees: the root carrying p is not raised.
        assert_eq!(bound(9), ratio("2"));
        assert_eq!(bound(25), ratio("2"));
        // 30 is square-free: the parent of a carrying leaf need not carry anything.
        assert!(bound(30) < ratio("2") + ratio("1/841") + ratio("1/24389"));
    }

    #[test]
    fn the_largest_multiple_of_p_must_be_below_the_top() {
        // 16 from 2, 3, 6: 6 is the top and a multiple of 2, so a carrying path can be as light
        // as the levels; root 6 (the largest with v_2 = 1, standing for 2) pays only up to
        // depth 3 (no tree of depth 3): 2 + 1/36 + 1/216, not the tail 2 + 1/30.
        let spec = Spec::new(16, &[2, 3, 6], Objective::Expected).unwrap();
        assert_eq!(valuation_path_bound(&spec).unwrap().value, ratio("2") + ratio("1/36") + ratio("1/216"));
        // 8 from 2 and 4 has the depth-2 tree 2 x 4: 2.
        let spec = Spec::new(8, &[2, 4], Objective::Expected).unwrap();
        assert_eq!(valuation_path_bound(&spec).unwrap().value, ratio("2"));
    }
}
