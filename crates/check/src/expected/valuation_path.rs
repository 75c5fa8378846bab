//! Fact 12 (see `optimod_cert::ValuationPathBoundRecord`), re-derived from the spec and the
//! exclusion: per root call, per prime power of n, the sum of the least pending reaches the
//! argument forces; the bound is the least root's largest.

use crate::kernel::arith::{prime_powers, valuation};
use crate::kernel::elementary::check_elementary;
use crate::kernel::error::CheckError;
use crate::kernel::spec::Spec;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::One;
use optimod_cert::ValuationPathBoundRecord;
use std::collections::BTreeSet;

pub(crate) fn valuation_path_bound(spec: &Spec, record: &ValuationPathBoundRecord) -> Result<BigRational, CheckError> {
    let sizes = &spec.generators;
    if sizes.len() < 2 {
        return Err(CheckError::LowerBound("paths that carry p^a need two sizes or more".into()));
    }
    check_elementary(spec, &record.excluded)?;
    let n = spec.modulus;
    let powers = prime_powers(n);
    // A root's bound shrinks as the root grows among sizes with the same valuations (capped
    // at n's): only the largest of each class can be the least. (Where the larger root's
    // first leaf comes sooner and it takes `forever`, the smaller takes levels that are all
    // 1 up to its least leaf: no less.) Sizes are ascending.
    let mut seen = BTreeSet::new();
    let mut least: Option<BigRational> = None;
    for &r in sizes.iter().rev() {
        let class: Vec<u32> = powers.iter().map(|&(p, a)| valuation(r, p).min(a)).collect();
        if !seen.insert(class) {
            continue;
        }
        let levels = Levels::of_root(n, r, *sizes.last().expect("two sizes"));
        let root = powers
            .iter()
            .map(|&(p, a)| levels.forced(sizes, p, a, r, record.excluded.excluded_depth))
            .max()
            .expect("n >= 2 has a prime");
        least = Some(least.map_or(root.clone(), |l| l.min(root)));
    }
    Ok(least.expect("two sizes"))
}

/// The least pending reaches below one root r: 1 at depths `1..first`, where
/// `r top^(k-1) < n`; `1/(r top^(k-1))` from `first` on.
struct Levels {
    r: BigInt,
    top: BigInt,
    first: u32,
}

impl Levels {
    fn of_root(n: u64, r: u64, top: u64) -> Levels {
        let (r, top) = (BigInt::from(r), BigInt::from(top));
        let mut first = 1;
        let mut product = r.clone();
        while product < BigInt::from(n) {
            product *= &top;
            first += 1;
        }
        Levels { r, top, first }
    }

    fn reach(&self, k: u32) -> BigRational {
        BigRational::new(BigInt::one(), &self.r * num_traits::pow(self.top.clone(), (k - 1) as usize))
    }

    /// Calls made with nodes pending at every depth `< depth`: `sum_{k < depth} Pr[more than k]`.
    fn up_to(&self, depth: u32) -> BigRational {
        (0..depth).map(|k| if k < self.first { BigRational::one() } else { self.reach(k) }).sum()
    }

    /// Nodes pending at every depth: the ones, then the geometric series of ratio `1/top`.
    fn forever(&self) -> BigRational {
        let one = BigRational::one();
        self.up_to(self.first) + self.reach(self.first) / (&one - BigRational::new(BigInt::one(), self.top.clone()))
    }

    /// What the prime power `p^a` of n forces below this root: a strategy that never stops pays
    /// `forever`; a finite one has a leaf carrying `v_p >= a` for every output, the deepest
    /// first such at some depth L; when its parent must hold a multiple of p below the root
    /// and that multiple is below the top, the parent's reach `>= 1/(r s top^(L-3))` covers
    /// every level from `L - 1` on, else the levels up to the least L (or past the exclusion).
    fn forced(&self, sizes: &[u64], p: u64, a: u32, r: u64, excluded_depth: u32) -> BigRational {
        let most = sizes.iter().map(|&m| valuation(m, p)).max().unwrap_or(0);
        if most == 0 {
            return self.forever();
        }
        let at_root = valuation(r, p);
        let still = a.saturating_sub(at_root);
        let least_leaf = 1 + still.div_ceil(most);
        let largest_multiple = sizes.iter().copied().filter(|&m| m % p == 0).max().unwrap_or(0);
        let top = *sizes.last().expect("two sizes");
        let parent_carries = a > most && a - most > at_root && largest_multiple < top;
        if parent_carries && least_leaf > self.first {
            self.forever()
        } else {
            self.up_to(least_leaf.max(excluded_depth + 1))
        }
    }
}
