//! A Knuth–Yao state stored by its distribution (`"kind": "knuth-yao"`), re-derived here: the
//! weights parsed and bound to the denominator, then the run followed level by level as a
//! pool of undecided values (`pool_k = size * pool_(k-1) - the digits emitted`), which gives
//! the exact chance of reaching each call. The first `terms` levels are summed; every later
//! pool is below the number of outputs J (it is the sum of J fractional parts, an integer),
//! so the rest of the cost is at most `(J - 1) / (size^(terms - 1) (size - 1))`, and the
//! state's calls are that upper bound unless the pool empties within the summed levels.

use crate::kernel::error::CheckError;
use crate::kernel::limits::TERMS_LIMIT;
use crate::kernel::spec::Spec;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_cert::OutputCounts;

/// What the state does: output masses (exact), calls (exact or an upper bound), and
/// whether they are exact.
pub(crate) struct SamplerFacts {
    pub mass: Vec<BigRational>,
    pub calls: BigRational,
    pub exact: bool,
}

pub(crate) fn sampler_state(
    spec: &Spec,
    size: u64,
    denominator: u64,
    weights: &OutputCounts,
    terms: u32,
) -> Result<SamplerFacts, CheckError> {
    let bad = |m: String| Err(CheckError::Tree(m));
    if !spec.generators.contains(&size) {
        return bad(format!("a Knuth-Yao state calls {size}, not a generator"));
    }
    if terms == 0 || terms > TERMS_LIMIT {
        return Err(CheckError::TooLarge(format!("a Knuth-Yao state sums {terms} levels (1 to {TERMS_LIMIT})")));
    }
    if denominator == 0 || denominator >= 1 << 63 {
        return bad(format!("a Knuth-Yao denominator {denominator} is not in 1..2^63"));
    }
    let total = denominator as u128;
    let pairs = parse_weights(weights, spec.modulus)?;
    if pairs.iter().map(|&(_, w)| w).sum::<u128>() != total {
        return bad(format!("the Knuth-Yao weights do not sum to the denominator {total}"));
    }
    let n = spec.modulus as usize;
    let mut mass = vec![BigRational::zero(); n];
    for &(j, w) in &pairs {
        mass[j] = BigRational::new(BigInt::from(w), BigInt::from(total));
    }
    // Level k >= 1: the held value becomes uniform in 0..pool*size; each output takes its
    // k-th digit floor(size * rest_j / W) of values in turn; the rest is the next pool.
    let m = size as u128;
    let mut rests: Vec<u128> = pairs.iter().map(|&(_, w)| w).collect();
    let (mut pool, mut alive, mut calls) = (1u128, BigRational::one(), BigRational::zero());
    for _ in 0..terms {
        calls += &alive; // the call of this level is made while the run is alive
        let values = pool * m;
        let mut emitted = 0u128;
        for rest in rests.iter_mut() {
            emitted += *rest * m / total;
            *rest = *rest * m % total;
        }
        pool = values.checked_sub(emitted).ok_or(CheckError::Tree("a Knuth-Yao level emits too much".into()))?;
        if pool >= pairs.len() as u128 {
            return bad(format!("a Knuth-Yao pool of {pool} values over {} outputs", pairs.len()));
        }
        alive *= BigRational::new(BigInt::from(pool), BigInt::from(values));
        if pool == 0 {
            return Ok(SamplerFacts { mass, calls, exact: true });
        }
    }
    // alive = pool_terms / size^terms; each later level k costs pool_k / size^k <= (J-1)/size^k.
    let scale = BigInt::from(size).pow(terms);
    let tail =
        BigRational::new(BigInt::from(pairs.len() as u64 - 1) * BigInt::from(size), scale * BigInt::from(size - 1));
    Ok(SamplerFacts { mass, calls: calls + tail, exact: false })
}

/// The `output:weight` pairs: at least one, outputs strictly ascending and below n, weights
/// positive.
fn parse_weights(weights: &OutputCounts, n: u64) -> Result<Vec<(usize, u128)>, CheckError> {
    if weights.0.is_empty() {
        return Err(CheckError::Tree("a Knuth-Yao state has no weights".into()));
    }
    let mut pairs: Vec<(usize, u128)> = Vec::new();
    for (j, w) in weights.pairs() {
        if j >= n || w == 0 {
            return Err(CheckError::Tree(format!(
                "Knuth-Yao weight {j}:{w} is not output:weight (output < {n}, weight > 0)"
            )));
        }
        if pairs.last().is_some_and(|&(last, _)| last >= j as usize) {
            return Err(CheckError::Tree(format!("Knuth-Yao output {j} is out of order")));
        }
        pairs.push((j as usize, w as u128));
    }
    Ok(pairs)
}
