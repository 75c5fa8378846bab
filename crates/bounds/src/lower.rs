//! Elementary lower bounds: arguments that no exact tree of depth `<= d` exists.

use num_integer::{gcd, lcm};
use optimod_spec::arith::{factorize, is_prime, multisets_at_most, valuation};
use optimod_spec::{GeneratorRule, Spec};
use serde::Serialize;
use std::collections::BTreeSet;

/// Largest common denominator the root-split knapsack will enumerate (its table size).
const ROOT_SPLIT_UNITS_LIMIT: u128 = 2_000_000;
/// Most multisets of sizes whose products the root split lists: estimated before listing.
const ROOT_SPLIT_PRODUCTS_LIMIT: u128 = 2_000;

/// The prime factor of the modulus that divides no generator size, if there is one. Then no
/// finite exact tree exists: every reach is a fraction whose denominator has only primes of
/// generator sizes, and so does any finite sum of reaches, but `1/n` has this prime.
pub fn infinite_reason(spec: &Spec) -> Option<u64> {
    factorize(spec.modulus).into_iter().map(|(p, _)| p).find(|&p| {
        // With the primes as sizes, only p itself is a multiple of p: one search, not a scan.
        if spec.rule == GeneratorRule::PrimesBelowModulus {
            spec.generators.binary_search(&p).is_err()
        } else {
            spec.generators.iter().all(|&m| m % p != 0)
        }
    })
}

/// Why no exact tree of depth `<= excluded_depth` exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LowerBound {
    /// No exact tree has depth `<= excluded_depth`; so at least `excluded_depth + 1` calls.
    pub excluded_depth: u32,
    /// The argument, with the data needed to re-check it.
    pub argument: Argument,
}

/// One elementary argument that rules out every exact tree of depth `<= d`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Argument {
    /// Every leaf at depth `<= d` has reach `>= 1/max(G)^d > 1/n`.
    Reach { max_generator: u64 },
    /// With `p^a` exactly dividing n, a reach of a leaf at depth `<= d` has p-adic valuation at
    /// least `-d * max v_p(m)`, and `d * max v_p(m) < a`, so no sum of them is `1/n`.
    Valuation { prime: u64, exponent: u32, max_valuation: u32 },
    /// Some leaf of each output has `v_p(prod(path)) >= a` (else the output's mass has
    /// valuation above `-a`), and every leaf has `prod(path) >= n`; no multiset of at most `d`
    /// sizes does both.
    ValuationAndReach { prime: u64, exponent: u32 },
    /// For every root call m, an output's mass below the root, in units of the root child's
    /// reach, is `m/n`, and no non-negative combination of the reaches available in the
    /// remaining `d - 1` calls equals it.
    RootSplit { cases: Vec<RootCase> },
    /// Every size is prime and `d = 2`: a tree of depth `<= 2` with root m gives an output
    /// `m/n = c_0 + sum_q c_q/q` (leaves at depth 1 and 2). A sum of `1/q` over primes has a
    /// squarefree denominator and, below 1, is its own partial fractions; for every root the
    /// reduced denominator of `m/n` is not squarefree over the sizes, or its partial fractions
    /// sum above `m/n`. `roots` is the number of roots (sizes) examined.
    PartialFractions { roots: u64 },
    /// Every tree of depth `<= d`, enumerated level by level ([`crate::exhaustive`]): none is
    /// exact. `states` is the number of distinct branches.
    Exhaustive { states: u64 },
}

/// One root call of a [`Argument::RootSplit`]: `m/n` is not a non-negative combination of
/// `1/q` over `q` in `denominators`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RootCase {
    /// The generator called at the root.
    pub root: u64,
    /// The coin denominators left after the valuation reduction (ascending): `1/q` coins.
    pub denominators: Vec<u64>,
}

impl Argument {
    /// A short name for people and for the certificate.
    pub fn kind(&self) -> &'static str {
        match self {
            Argument::Reach { .. } => "reach",
            Argument::Valuation { .. } => "valuation",
            Argument::ValuationAndReach { .. } => "valuation-and-reach",
            Argument::RootSplit { .. } => "root-split",
            Argument::PartialFractions { .. } => "partial-fractions",
            Argument::Exhaustive { .. } => "exhaustive",
        }
    }
}

/// The strongest elementary lower bound: the largest `d` such that every depth `<= d` is
/// ruled out, with the simplest argument that rules out `d`. `None` when the modulus has a
/// prime that no generator has (see [`infinite_reason`]), where the depth is unbounded.
pub fn elementary_lower_bound(spec: &Spec) -> Option<LowerBound> {
    if infinite_reason(spec).is_some() {
        return None;
    }
    // Depth 0 (a single leaf) is always ruled out by reach, as n >= 2.
    let mut best = LowerBound { excluded_depth: 0, argument: Argument::Reach { max_generator: spec.max_generator() } };
    // A finite tree exists, so some depth is not excluded; product trees bound it by the
    // number of prime factors of n, which is below 64.
    let primes = prime_facts(spec);
    for d in 1..64 {
        match excludes(spec, d, &primes) {
            Some(argument) => best = LowerBound { excluded_depth: d, argument },
            None => break,
        }
    }
    Some(best)
}

/// What the valuation arguments need of one prime p of n, computed once from the sizes.
struct PrimeFacts {
    p: u64,
    /// `v_p(n)`.
    a: u32,
    /// The largest `v_p` of a size.
    max_valuation: u32,
    /// The largest size of each valuation class (capped at a): a larger size of the same
    /// capped valuation never hurts, so only these matter to valuation-and-reach.
    representatives: Vec<u64>,
}

fn prime_facts(spec: &Spec) -> Vec<PrimeFacts> {
    factorize(spec.modulus)
        .into_iter()
        .map(|(p, a)| {
            let mut largest: Vec<Option<u64>> = vec![None; a as usize + 1];
            let mut max_valuation = 0;
            for &m in class_candidates(spec, p) {
                let v = valuation(m, p);
                max_valuation = max_valuation.max(v);
                let class = v.min(a) as usize;
                largest[class] = largest[class].max(Some(m));
            }
            PrimeFacts { p, a, max_valuation, representatives: largest.into_iter().flatten().collect() }
        })
        .collect()
}

/// The sizes that can be the largest of their valuation class for p: all of them, or, with
/// the primes as sizes (valuation 1 for p itself, 0 for the rest), p and the two largest.
fn class_candidates(spec: &Spec, p: u64) -> Vec<&u64> {
    let sizes = &spec.generators;
    if spec.rule != GeneratorRule::PrimesBelowModulus {
        return sizes.iter().collect();
    }
    let own = sizes.binary_search(&p).ok().map(|i| &sizes[i]);
    sizes.iter().rev().take(2).chain(own).collect()
}

/// The simplest argument that excludes depth `<= d`, trying cheap ones first.
fn excludes(spec: &Spec, d: u32, primes: &[PrimeFacts]) -> Option<Argument> {
    let n = spec.modulus;
    let max = spec.max_generator();
    if (max as u128).checked_pow(d).is_some_and(|p| p < n as u128) {
        return Some(Argument::Reach { max_generator: max });
    }
    for f in primes {
        if d * f.max_valuation < f.a {
            return Some(Argument::Valuation { prime: f.p, exponent: f.a, max_valuation: f.max_valuation });
        }
    }
    for f in primes {
        if !multiset_reaches(spec.modulus, d, f) {
            return Some(Argument::ValuationAndReach { prime: f.p, exponent: f.a });
        }
    }
    if d == 2 && all_prime(spec) {
        return excludes_by_partial_fractions(spec)
            .then_some(Argument::PartialFractions { roots: spec.generators.len() as u64 });
    }
    excludes_by_root_split(spec, d).map(|cases| Argument::RootSplit { cases })
}

fn all_prime(spec: &Spec) -> bool {
    spec.rule == GeneratorRule::PrimesBelowModulus || spec.generators.iter().all(|&m| is_prime(m))
}

/// With prime sizes: does no root m make `m/n` a sum `c_0 + sum_q c_q/q` (see
/// [`Argument::PartialFractions`])? A root that does not divide n has the denominator n
/// itself, whose inverses are computed once. The largest roots are tried first (where some
/// root works, a large one usually does); then, below n, the sums themselves are listed when
/// they are few (many primes of n), instead of every size being tried.
fn excludes_by_partial_fractions(spec: &Spec) -> bool {
    let n = spec.modulus;
    let primes: Vec<u64> = factorize(n).into_iter().map(|(p, _)| p).collect();
    let coprime = PartialFractions::new(spec, &primes, n);
    let fits = |m: u64| {
        let g = optimod_spec::arith::gcd(m, n);
        if g == 1 {
            coprime.fits(m)
        } else {
            PartialFractions::new(spec, &primes, n / g).fits(m / g)
        }
    };
    let (below, first) = spec.generators.split_at(spec.generators.len().saturating_sub(FIRST_ROOTS));
    if first.iter().rev().any(|&m| fits(m)) {
        return false;
    }
    if below.last().is_some_and(|&m| m >= n) {
        return !below.iter().rev().any(|&m| fits(m));
    }
    match coprime.sums_below(n, SUMS_LISTED) {
        // Below n, a coprime root fits exactly when it is one of the sums; the others are
        // primes of n.
        Some(sums) => {
            !sums.iter().any(|v| below.binary_search(v).is_ok())
                && !primes.iter().any(|&p| below.binary_search(&p).is_ok() && fits(p))
        }
        None => !below.iter().rev().any(|&m| fits(m)),
    }
}

/// Roots tried before the sums are listed.
const FIRST_ROOTS: usize = 64;
/// Most sums listed (beyond, every root is tried).
const SUMS_LISTED: usize = 20_000;

/// A denominator b (a divisor of n) with, when b is squarefree over the sizes, each prime p
/// of b and the inverse of `b/p` modulo p.
struct PartialFractions {
    b: u64,
    parts: Option<Vec<(u64, u64)>>,
}

impl PartialFractions {
    fn new(spec: &Spec, primes_of_n: &[u64], b: u64) -> PartialFractions {
        let parts = primes_of_n
            .iter()
            .filter(|&&p| b.is_multiple_of(p))
            .map(|&p| {
                let usable = !b.is_multiple_of(p * p) && spec.generators.binary_search(&p).is_ok();
                usable.then(|| (p, inverse_mod(b / p % p, p)))
            })
            .collect();
        PartialFractions { b, parts }
    }

    /// Every `sum_p r_p (b/p)` with `1 <= r_p < p` below `limit`, ascending; `None` when a
    /// part is not usable or there are more than `most`. For `a < b` coprime to b, `fits(a)`
    /// holds exactly when a is one of them: the sum is congruent to a modulo every p, so
    /// modulo b (squarefree), and at most a, so equal to it.
    fn sums_below(&self, limit: u64, most: usize) -> Option<Vec<u64>> {
        let parts = self.parts.as_ref()?;
        let mut sums = vec![0u64];
        for &(p, _) in parts {
            let unit = self.b / p;
            let mut next = Vec::new();
            for &s in &sums {
                for r in 1..p {
                    let v = s + r * unit;
                    if v >= limit {
                        break;
                    }
                    next.push(v);
                    if next.len() > most {
                        return None;
                    }
                }
            }
            sums = next;
        }
        sums.sort_unstable();
        Some(sums)
    }

    /// `a/b = integer + sum_p r_p/p` with `0 <= r_p < p`; representable iff the integer is
    /// `>= 0`, that is `sum_p r_p (b/p) <= a`. Sizes are below 2^20: products fit in u64.
    fn fits(&self, a: u64) -> bool {
        let Some(parts) = &self.parts else { return false };
        let sum: u128 = parts.iter().map(|&(p, inverse)| ((a % p) * inverse % p) as u128 * (self.b / p) as u128).sum();
        sum <= a as u128
    }
}

/// `x^-1 mod p` for a prime `p < 2^32` not dividing x (Fermat).
pub(crate) fn inverse_mod(x: u64, p: u64) -> u64 {
    let (mut result, mut base, mut exp) = (1u64, x % p, p - 2);
    while exp > 0 {
        if exp & 1 == 1 {
            result = result * base % p;
        }
        base = base * base % p;
        exp >>= 1;
    }
    result
}

/// Is there a multiset of at most `d` generator sizes with product `>= n` and `v_p >= a`?
/// Dynamic programme over (sizes used, valuation capped at a) keeping the largest product
/// capped at n: a larger product never hurts later choices.
fn multiset_reaches(n: u64, d: u32, facts: &PrimeFacts) -> bool {
    let (n, p, sizes) = (n as u128, facts.p, &facts.representatives);
    let a = facts.a as usize;
    // best[v] = largest capped product with valuation min(v, a), using the sizes so far.
    let mut best: Vec<Option<u128>> = vec![None; a + 1];
    best[0] = Some(1);
    for _ in 0..d {
        let mut next = best.clone();
        for (v, prod) in best.iter().enumerate() {
            let Some(prod) = prod else { continue };
            for &m in sizes {
                let v2 = (v + valuation(m, p) as usize).min(a);
                let prod2 = (prod * m as u128).min(n);
                if next[v2].is_none_or(|old| old < prod2) {
                    next[v2] = Some(prod2);
                }
            }
        }
        best = next;
    }
    best[a].is_some_and(|prod| prod >= n)
}

/// The root split at depth `d`: `Some(cases)` when for every root m the mass `m/n` is not a
/// non-negative combination of `1/prod(T)` over multisets T of at most `d - 1` sizes.
/// `None` when some root's combination exists, or the knapsack would be too large to decide.
pub fn excludes_by_root_split(spec: &Spec, d: u32) -> Option<Vec<RootCase>> {
    if d == 0 || multisets_at_most(spec.generators.len() as u128, d - 1) > ROOT_SPLIT_PRODUCTS_LIMIT {
        return None;
    }
    let products = multiset_products(spec, d - 1);
    let mut cases = Vec::new();
    for &m in spec.generators.iter() {
        let (num, den) = reduced(m as u128, spec.modulus as u128);
        let coins = reduce_coins(num, den, &products);
        if representable(num, den, &coins)? {
            return None;
        }
        cases.push(RootCase { root: m, denominators: coins.iter().map(|&q| q as u64).collect() });
    }
    Some(cases)
}

/// Distinct products of multisets of at most `k` generator sizes (including the empty one).
fn multiset_products(spec: &Spec, k: u32) -> BTreeSet<u128> {
    let mut layer: BTreeSet<u128> = BTreeSet::from([1]);
    let mut all = layer.clone();
    for _ in 0..k {
        layer = layer.iter().flat_map(|&q| spec.generators.iter().map(move |&m| q * m as u128)).collect();
        all.extend(layer.iter().copied());
    }
    all
}

/// Coins `1/q` that can occur in a combination equal to `num/den`, after the valuation
/// reduction: when a prime r divides exactly one remaining coin denominator q and not `den`,
/// the count of that coin must be a multiple of `r^{v_r(q)}`, so the coin is replaced by
/// `1/(q / r^{v_r(q)})`. Coins larger than the target are dropped. Repeats to a fixed point.
fn reduce_coins(num: u128, den: u128, products: &BTreeSet<u128>) -> Vec<u128> {
    let fits = |q: u128| num * q >= den; // 1/q <= num/den
    let mut coins: BTreeSet<u128> = products.iter().copied().filter(|&q| fits(q)).collect();
    loop {
        let mut changed = false;
        let primes: BTreeSet<u64> =
            coins.iter().flat_map(|&q| factorize(q as u64).into_iter().map(|(r, _)| r)).collect();
        for r in primes {
            if den.is_multiple_of(r as u128) {
                continue;
            }
            let holders: Vec<u128> = coins.iter().copied().filter(|&q| q % r as u128 == 0).collect();
            if let [q] = holders[..] {
                let mut reduced_q = q;
                while reduced_q % r as u128 == 0 {
                    reduced_q /= r as u128;
                }
                coins.remove(&q);
                if fits(reduced_q) {
                    coins.insert(reduced_q);
                }
                changed = true;
                break;
            }
        }
        if !changed {
            return coins.into_iter().collect();
        }
    }
}

/// Is `num/den` a non-negative integer combination of `1/q` for q in `coins`? `None` when the
/// common denominator is too large for the table.
fn representable(num: u128, den: u128, coins: &[u128]) -> Option<bool> {
    let mut units = den;
    for &q in coins {
        units = lcm(units, q);
        if units > ROOT_SPLIT_UNITS_LIMIT {
            return None;
        }
    }
    let target = (num * (units / den)) as usize;
    let values: Vec<usize> = coins.iter().map(|&q| (units / q) as usize).collect();
    let mut reachable = vec![false; target + 1];
    reachable[0] = true;
    for v in 1..=target {
        reachable[v] = values.iter().any(|&c| c <= v && reachable[v - c]);
    }
    Some(reachable[target])
}

fn reduced(num: u128, den: u128) -> (u128, u128) {
    let g = gcd(num, den);
    (num / g, den / g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimod_spec::Objective;

    fn primes(n: u64) -> Spec {
        Spec::primes_below(n, Objective::WorstCase).unwrap()
    }

    #[test]
    fn prime_moduli_have_no_finite_tree() {
        assert_eq!(infinite_reason(&primes(43)), Some(43));
        assert_eq!(infinite_reason(&primes(42)), None);
        let d6 = Spec::new(10, &[6], Objective::WorstCase).unwrap();
        assert_eq!(infinite_reason(&d6), Some(5));
        assert_eq!(elementary_lower_bound(&d6), None);
    }

    #[test]
    fn one_call_is_too_few_for_42() {
        let lb = elementary_lower_bound(&primes(42)).unwrap();
        assert_eq!(lb.excluded_depth, 1);
        assert_eq!(lb.argument, Argument::Reach { max_generator: 41 });
    }

    #[test]
    fn powers_of_two_need_their_exponent() {
        let lb = elementary_lower_bound(&primes(8)).unwrap();
        assert_eq!(lb.excluded_depth, 2);
        assert_eq!(lb.argument.kind(), "valuation");
    }

    #[test]
    fn twenty_four_needs_four_calls_by_the_combined_argument() {
        let lb = elementary_lower_bound(&primes(24)).unwrap();
        assert_eq!(lb.excluded_depth, 3);
        assert_eq!(lb.argument, Argument::ValuationAndReach { prime: 2, exponent: 3 });
    }

    #[test]
    fn thirty_needs_three_calls_by_the_root_split() {
        let lb = elementary_lower_bound(&primes(30)).unwrap();
        assert_eq!(lb.excluded_depth, 2);
        assert_eq!(lb.argument, Argument::PartialFractions { roots: 10 });
        // The general root split says the same: below root 29 only the halves, thirds and
        // fifths survive, and 29 = 15a + 10b + 6c fails.
        let cases = excludes_by_root_split(&primes(30), 2).unwrap();
        assert_eq!(cases.len(), 10);
        let last = cases.last().unwrap();
        assert_eq!((last.root, last.denominators.clone()), (29, vec![2, 3, 5]));
    }

    #[test]
    fn the_root_split_does_not_exclude_42_at_depth_two() {
        assert_eq!(excludes_by_root_split(&primes(42), 2), None);
        assert!(!excludes_by_partial_fractions(&primes(42)));
    }

    #[test]
    fn the_listed_sums_decide_as_trying_every_root_does() {
        // Every root tried, largest first (what listing the sums replaces).
        let every_root = |spec: &Spec| {
            let n = spec.modulus;
            let primes: Vec<u64> = factorize(n).into_iter().map(|(p, _)| p).collect();
            !spec.generators.iter().any(|&m| {
                let g = optimod_spec::arith::gcd(m, n);
                PartialFractions::new(spec, &primes, n / g).fits(m / g)
            })
        };
        let many_primes = [30030u64, 39270, 46410, 51870, 53130, 62790, 66990, 71610, 79170, 81510, 82110];
        let some_excluded = many_primes.iter().filter(|&&n| {
            let spec = primes(n);
            assert_eq!(excludes_by_partial_fractions(&spec), every_root(&spec), "n = {n}");
            every_root(&spec)
        });
        assert!(some_excluded.count() > 0, "the test meets moduli no root fits");
        for n in (6..3000u64).filter(|&n| factorize(n).iter().all(|&(_, a)| a == 1)) {
            assert_eq!(excludes_by_partial_fractions(&primes(n)), every_root(&primes(n)), "n = {n}");
        }
        // Custom prime sizes, some above n.
        for sizes in
            [vec![2u64, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71], vec![3, 5, 7, 211]]
        {
            for n in [30u64, 42, 105, 210, 330, 1155] {
                let Ok(spec) = Spec::new(n, &sizes, Objective::WorstCase) else { continue };
                assert_eq!(excludes_by_partial_fractions(&spec), every_root(&spec), "n = {n}, {sizes:?}");
            }
        }
    }

    #[test]
    fn partial_fractions_and_the_root_split_agree_on_squarefree_moduli() {
        for n in (6..400u64).filter(|&n| factorize(n).iter().all(|&(_, a)| a == 1) && factorize(n).len() > 1) {
            let spec = primes(n);
            assert_eq!(excludes_by_partial_fractions(&spec), excludes_by_root_split(&spec, 2).is_some(), "n = {n}");
        }
    }

    #[test]
    fn large_menus_are_estimated_before_listing() {
        assert_eq!(multisets_at_most(13, 2), 1 + 13 + 91);
        assert_eq!(excludes_by_root_split(&primes(100_000), 3), None);
        let lb = elementary_lower_bound(&primes(1_000_000)).unwrap();
        assert_eq!(lb.excluded_depth, 6);
    }
}
