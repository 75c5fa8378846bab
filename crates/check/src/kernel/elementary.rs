//! Elementary lower-bound arguments, each re-derived from the spec with this crate's own
//! algorithms (brute-force enumeration, its own coin reduction and knapsack), and small integer
//! helpers.

use super::arith::{gcd, is_prime, prime_powers, valuation};
use super::error::CheckError;
use super::limits::{ENUMERATION_LIMIT, KNAPSACK_UNITS_LIMIT, SUMS_LISTED};
use super::spec::Spec;
use optimod_cert::{ArgumentRecord, ElementaryRecord, RootCaseRecord};

pub(crate) fn check_elementary(spec: &Spec, record: &ElementaryRecord) -> Result<(), CheckError> {
    let n = spec.modulus;
    let d = record.excluded_depth;
    let fail = |m: String| Err(CheckError::LowerBound(m));
    let max = spec.largest;
    match &record.argument {
        ArgumentRecord::Reach { max_generator } => {
            if *max_generator != max {
                return fail(format!("max_generator is {max_generator}, the largest size is {max}"));
            }
            if (max as u128).checked_pow(d).is_none_or(|p| p >= n as u128) {
                return fail(format!("reach: {max}^{d} is not below {n}"));
            }
        }
        ArgumentRecord::Valuation { prime, exponent, max_valuation } => {
            check_prime_power(n, *prime, *exponent)?;
            let actual = spec.max_valuation(*prime);
            if actual != *max_valuation {
                return fail(format!(
                    "max_valuation is {max_valuation}, but the largest v_{prime} of a size is {actual}"
                ));
            }
            if d as u64 * actual as u64 >= *exponent as u64 {
                return fail(format!("valuation: {d} * {actual} is not below {exponent}"));
            }
        }
        ArgumentRecord::ValuationAndReach { prime, exponent } => {
            check_prime_power(n, *prime, *exponent)?;
            if let Some(found) = multiset_with(spec, d, *prime, *exponent)? {
                return fail(format!(
                    "valuation-and-reach: the sizes {found:?} have product >= {n} and v_{prime} >= {exponent}"
                ));
            }
        }
        ArgumentRecord::PartialFractions { roots } => {
            if d != 2 {
                return fail(format!("the partial-fractions argument is about depth 2, not {d}"));
            }
            if *roots != spec.generators.len() as u64 {
                return fail(format!(
                    "partial fractions examined {roots} roots, there are {} sizes",
                    spec.generators.len()
                ));
            }
            if spec.generator_rule != optimod_cert::RuleRecord::PrimesBelowModulus {
                if let Some(m) = spec.generators.iter().find(|&&m| !is_prime(m)) {
                    return fail(format!("partial fractions need prime sizes; {m} is not prime"));
                }
            }
            // Sizes are prime (checked above, or the primes rule), so m/n reduces to 1/(n/m)
            // when m divides n and is already reduced, over b = n, otherwise.
            let primes_of_n: Vec<u64> = prime_powers(n).into_iter().map(|(p, _)| p).collect();
            let coprime = Denominator::new(spec, &primes_of_n, n);
            let fits = |m: u64| match n.is_multiple_of(m) {
                true => Denominator::new(spec, &primes_of_n, n / m).fits(1),
                false => coprime.fits(m),
            };
            if let Some(m) = fitting_root(spec, &primes_of_n, &coprime, fits) {
                return fail(format!("root {m}: {m}/{n} is a sum of 1 and 1/q over the sizes"));
            }
        }
        ArgumentRecord::RootSplit { cases } => check_root_split(spec, d, cases)?,
        ArgumentRecord::Exhaustive { states } => {
            if let Some(least) = super::levels::exhaustive_least(spec, d, *states)? {
                return fail(format!("exhaustive: an exact tree of depth <= {d} exists ({least} expected calls)"));
            }
        }
    }
    Ok(())
}

/// An argument's kind as certificates spell it.
pub(crate) fn argument_kind(argument: &ArgumentRecord) -> &'static str {
    match argument {
        ArgumentRecord::Reach { .. } => "reach",
        ArgumentRecord::Valuation { .. } => "valuation",
        ArgumentRecord::ValuationAndReach { .. } => "valuation-and-reach",
        ArgumentRecord::RootSplit { .. } => "root-split",
        ArgumentRecord::PartialFractions { .. } => "partial-fractions",
        ArgumentRecord::Exhaustive { .. } => "exhaustive",
    }
}

/// Every root, each ruled out by the reduced coins' knapsack.
fn check_root_split(spec: &Spec, d: u32, cases: &[RootCaseRecord]) -> Result<(), CheckError> {
    let n = spec.modulus;
    let fail = |m: String| Err(CheckError::LowerBound(m));
    if d == 0 {
        return fail("a root split needs depth at least 1".into());
    }
    let roots: Vec<u64> = cases.iter().map(|c| c.root).collect();
    if *roots != *spec.generators {
        return fail(format!("root split covers roots {roots:?}, not every generator"));
    }
    let products = products_up_to(spec, d - 1)?;
    for case in cases {
        let coins = reduce_coins(case.root, n, &products);
        if coins != case.denominators {
            return fail(format!(
                "root {}: denominators are {:?} in the certificate, {:?} by the checker",
                case.root, case.denominators, coins
            ));
        }
        if knapsack_hits(case.root, n, &coins)? {
            return fail(format!("root {}: {}/{n} is a combination of 1/q for q in {coins:?}", case.root, case.root));
        }
    }
    Ok(())
}

pub(crate) fn check_prime_power(n: u64, p: u64, a: u32) -> Result<(), CheckError> {
    if !is_prime(p) || valuation(n, p) != a || a == 0 {
        return Err(CheckError::LowerBound(format!("{p}^{a} is not the exact power of a prime in {n}")));
    }
    Ok(())
}

/// The reduced denominator b of a root's `m/n`, for the question: with prime sizes, is
/// `m/n = c_0 + sum_q c_q/q` for non-negative integers? The fractional part of such a sum has a
/// squarefree denominator over the sizes, and `a/b` (reduced) is then `integer + sum_p r_p/p`
/// with `0 <= r_p < p` unique; the integer must be `>= 0`.
struct Denominator {
    b: u64,
    /// Each prime p of b with the inverse of `b/p` modulo p; `None` when b is not squarefree
    /// or has a prime that is no size (then no `a/b` is such a sum).
    parts: Option<Vec<(u64, u64)>>,
}

impl Denominator {
    /// b divides n, so its primes are among n's.
    fn new(spec: &Spec, primes_of_n: &[u64], b: u64) -> Denominator {
        let parts = primes_of_n
            .iter()
            .filter(|&&p| b.is_multiple_of(p))
            .map(|&p| {
                let usable = !b.is_multiple_of(p * p) && spec.generators.binary_search(&p).is_ok();
                usable.then(|| (p, inverse_modulo(b / p % p, p) as u64))
            })
            .collect();
        Denominator { b, parts }
    }

    /// Whether `a/b = integer + sum_p r_p/p` (`r_p = a (b/p)^-1 mod p`) has its integer
    /// `>= 0`: times b, `sum_p r_p (b/p) <= a`. Sizes and moduli are at most `SIZE_LIMIT`
    /// (2^20), so each product stays below 2^40 and the sum of at most 20 below 2^45.
    fn fits(&self, a: u64) -> bool {
        let Some(parts) = &self.parts else { return false };
        let sum: u64 = parts.iter().map(|&(p, inverse)| (a % p) * inverse % p * (self.b / p)).sum();
        sum <= a
    }

    /// Every `sum_p r_p (b/p)` with `1 <= r_p < p` below `limit`; `None` when b is no such
    /// denominator or there are more than `most`. For `a < b` coprime to b, `fits(a)` holds
    /// exactly when a is one of them: the sum is congruent to a modulo every p (so modulo the
    /// squarefree b) and at most a, so equal to it.
    fn sums_below(&self, limit: u64, most: usize) -> Option<Vec<u64>> {
        let mut sums = vec![0u64];
        for &(p, _) in self.parts.as_ref()? {
            let unit = self.b / p;
            let next = sums.iter().flat_map(|&s| (1..p).map(move |r| s + r * unit).take_while(move |&v| v < limit));
            sums = next.take(most + 1).collect();
            if sums.len() > most {
                return None;
            }
        }
        Some(sums)
    }
}

/// A root (a size) that `fits`. A root m < n coprime to n fits exactly when it is one of
/// `coprime`'s sums: where they are few (n with many primes) they are listed and looked up
/// among the sizes, and only the other roots (primes of n, sizes above n) are tried.
fn fitting_root(spec: &Spec, primes_of_n: &[u64], coprime: &Denominator, fits: impl Fn(u64) -> bool) -> Option<u64> {
    let (n, sizes) = (spec.modulus, &spec.generators);
    let Some(sums) = coprime.sums_below(n, SUMS_LISTED) else { return sizes.iter().copied().find(|&m| fits(m)) };
    let above = &sizes[sizes.partition_point(|&m| m < n)..];
    let others = primes_of_n.iter().filter(|p| sizes.binary_search(p).is_ok()).chain(above);
    sums.into_iter().find(|v| sizes.binary_search(v).is_ok()).or_else(|| others.copied().find(|&m| fits(m)))
}

/// `x^-1 mod p` for a prime p not dividing x, by the extended Euclidean algorithm.
fn inverse_modulo(x: u64, p: u64) -> u128 {
    let (mut old_r, mut r, mut old_s, mut s) = (x as i128, p as i128, 1i128, 0i128);
    while r != 0 {
        let q = old_r / r;
        (old_r, r) = (r, old_r - q * r);
        (old_s, s) = (s, old_s - q * s);
    }
    old_s.rem_euclid(p as i128) as u128
}

/// Enumerates every multiset of at most `d` sizes (non-decreasing index sequences) looking
/// for one with product `>= n` and `v_p >= a`. Only the largest size of each valuation
/// (capped at a) is enumerated: swapping a size for a larger one of the same capped valuation
/// keeps `v_p >= a` and raises the product.
pub(crate) fn multiset_with(spec: &Spec, d: u32, p: u64, a: u32) -> Result<Option<Vec<u64>>, CheckError> {
    let mut representatives: Vec<u64> = Vec::new();
    for v in 0..=a {
        representatives.extend(spec.largest_with_valuation(p, v, a));
    }
    representatives.sort_unstable();
    let spec = &spec.with_sizes(representatives);
    let g = spec.generators.len() as u64;
    // Multisets of size exactly k from g kinds: C(g + k - 1, k); bound the total.
    let mut total: u64 = 0;
    let mut c: u64 = 1;
    for k in 1..=d as u64 {
        c = c.saturating_mul(g + k - 1) / k;
        total = total.saturating_add(c);
    }
    if total > ENUMERATION_LIMIT {
        return Err(CheckError::TooLarge(format!("{total} multisets to enumerate")));
    }
    let mut chosen: Vec<usize> = Vec::new();
    Ok(search(spec, d as usize, p, a, &mut chosen, 0))
}

pub(crate) fn search(spec: &Spec, d: usize, p: u64, a: u32, chosen: &mut Vec<usize>, from: usize) -> Option<Vec<u64>> {
    let sizes: Vec<u64> = chosen.iter().map(|&i| spec.generators[i]).collect();
    let product: u128 = sizes.iter().fold(1u128, |acc, &m| acc.saturating_mul(m as u128));
    let v: u32 = sizes.iter().map(|&m| valuation(m, p)).sum();
    if product >= spec.modulus as u128 && v >= a {
        return Some(sizes);
    }
    if chosen.len() == d {
        return None;
    }
    for i in from..spec.generators.len() {
        chosen.push(i);
        let found = search(spec, d, p, a, chosen, i);
        chosen.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Products of multisets of at most `k` sizes, ascending and distinct.
pub(crate) fn products_up_to(spec: &Spec, k: u32) -> Result<Vec<u128>, CheckError> {
    let mut all = vec![1u128];
    let mut frontier = vec![1u128];
    for _ in 0..k {
        let mut next = Vec::new();
        for &q in &frontier {
            for &m in spec.generators.iter() {
                let product = q
                    .checked_mul(m as u128)
                    .ok_or_else(|| CheckError::TooLarge("a product of sizes overflows 128 bits".into()))?;
                next.push(product);
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.len() as u64 > ENUMERATION_LIMIT {
            return Err(CheckError::TooLarge(format!("{} products", next.len())));
        }
        all.extend(next.iter().copied());
        frontier = next;
    }
    all.sort_unstable();
    all.dedup();
    Ok(all)
}

/// The root split's coins below root `m`: `1/q` with `q` a product, at most `m/n`, after
/// replacing each coin whose denominator alone holds a prime r (r not dividing the reduced
/// denominator of m/n) by the coin without r; repeated until nothing changes.
pub(crate) fn reduce_coins(m: u64, n: u64, products: &[u128]) -> Vec<u64> {
    let g = gcd(m as u128, n as u128);
    let (num, den) = (m as u128 / g, n as u128 / g);
    let small_enough = |q: u128| num * q >= den;
    let mut coins: Vec<u128> = products.iter().copied().filter(|&q| small_enough(q)).collect();
    'again: loop {
        for i in 0..coins.len() {
            let mut rest = coins[i];
            let mut r = 2u128;
            while rest > 1 {
                if r * r > rest {
                    r = rest;
                }
                if rest.is_multiple_of(r) {
                    while rest.is_multiple_of(r) {
                        rest /= r;
                    }
                    let alone = den % r != 0 && coins.iter().filter(|&&q| q % r == 0).count() == 1;
                    if alone {
                        let mut q = coins.remove(i);
                        while q.is_multiple_of(r) {
                            q /= r;
                        }
                        if small_enough(q) && !coins.contains(&q) {
                            coins.push(q);
                            coins.sort_unstable();
                        }
                        continue 'again;
                    }
                }
                r += 1;
            }
        }
        return coins.into_iter().map(|q| q as u64).collect();
    }
}

/// Is `m/n` a non-negative integer combination of `1/q` over `coins`? Tabulated over the
/// common denominator.
pub(crate) fn knapsack_hits(m: u64, n: u64, coins: &[u64]) -> Result<bool, CheckError> {
    let mut units = n as u128;
    for &q in coins {
        units = units / gcd(units, q as u128) * q as u128;
        if units > KNAPSACK_UNITS_LIMIT {
            return Err(CheckError::TooLarge(format!("knapsack over {units}+ units")));
        }
    }
    let target = (m as u128 * (units / n as u128)) as usize;
    let mut hit = vec![false; target + 1];
    hit[0] = true;
    for &q in coins {
        let step = (units / q as u128) as usize;
        for v in step..=target {
            if hit[v - step] {
                hit[v] = true;
            }
        }
    }
    Ok(hit[target])
}

#[cfg(test)]
mod tests {
    use super::{fitting_root, prime_powers, Denominator};
    use crate::kernel::spec::resolve_spec;
    use optimod_cert::{ObjectiveRecord, RuleRecord, SpecRecord};

    /// Listing the sums finds a fitting root exactly when trying every root does.
    #[test]
    fn listed_sums_find_a_root_where_trying_every_root_does() {
        let spec_of = |n: u64, generators: Vec<u64>, rule| {
            let record = SpecRecord {
                modulus: n,
                generators,
                generator_rule: rule,
                objective: ObjectiveRecord::WorstCase,
                max_depth: None,
            };
            resolve_spec(&record).unwrap()
        };
        let mut specs: Vec<_> = (6..2000)
            .chain([30030, 39270, 46410, 51870, 53130, 62790, 66990, 71610, 79170])
            .map(|n| spec_of(n, vec![], RuleRecord::PrimesBelowModulus))
            .collect();
        for n in [30, 42, 105, 210, 330, 1155] {
            specs.push(spec_of(n, vec![3, 5, 7, 11, 211, 1009], RuleRecord::Explicit));
        }
        let mut none_fits = 0;
        for spec in specs {
            let n = spec.modulus;
            let primes_of_n: Vec<u64> = prime_powers(n).into_iter().map(|(p, _)| p).collect();
            let coprime = Denominator::new(&spec, &primes_of_n, n);
            let fits = |m: u64| match n.is_multiple_of(m) {
                true => Denominator::new(&spec, &primes_of_n, n / m).fits(1),
                false => coprime.fits(m),
            };
            let every = spec.generators.iter().copied().find(|&m| fits(m));
            let listed = fitting_root(&spec, &primes_of_n, &coprime, fits);
            assert_eq!(every.is_some(), listed.is_some(), "n = {n}");
            assert!(listed.is_none_or(fits), "n = {n}");
            none_fits += usize::from(every.is_none());
        }
        assert!(none_fits > 10, "the test meets moduli no root fits: {none_fits}");
    }
}
