//! Where a compact (divisor-block) witness is checked: by arithmetic over its samplers, in
//! time linear in their blocks, and, when small, by expanding it into an explicit tree whose
//! every reach is summed exactly (`tree.rs`), which must agree.
//!
//! Why the arithmetic suffices: the sampler for t gives, per copy of a block for e, every
//! output `o` of t exactly one child (`i = o mod (t/e)`) whose sub-sampler must produce
//! `s = o div (t/e)`, which it does with probability `1/e` (induction on the divisors). So
//! output o has mass `(1/root) * sum count/e`, and `root = sum count * (t/e)` makes it `1/t`.

use super::error::CheckError;
use super::notation::{Node, WitnessFacts};
use super::spec::Spec;
use num_bigint::BigInt;
use num_bigint::BigUint;
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_cert::SamplerRecord;

/// Depth, leaves and expected calls of a compact witness, after checking its structure.
pub(crate) fn check_blocks(spec: &Spec, samplers: &[SamplerRecord]) -> Result<WitnessFacts, CheckError> {
    let fail = |m: String| Err(CheckError::Tree(m));
    let n = spec.modulus;
    if samplers.last().map(|s| s.modulus) != Some(n) {
        return fail(format!("the last sampler is not the one for {n}"));
    }
    if samplers.len() > 4096 {
        return Err(CheckError::TooLarge(format!("{} samplers", samplers.len())));
    }
    // Per sampler: its depth and each block's sampler (None: a leaf); whether a larger one uses it.
    let mut depths: Vec<u32> = Vec::with_capacity(samplers.len());
    let mut subs: Vec<Vec<Option<usize>>> = Vec::with_capacity(samplers.len());
    let mut used = vec![false; samplers.len()];
    for (i, s) in samplers.iter().enumerate() {
        let t = s.modulus;
        if t < 2 || !n.is_multiple_of(t) || (i > 0 && samplers[i - 1].modulus >= t) {
            return fail(format!("sampler {i}: modulus {t} is not a divisor of {n} above the previous one"));
        }
        if spec.generators.binary_search(&s.root).is_err() {
            return fail(format!("the sampler for {t} calls {}, not a generator", s.root));
        }
        if s.blocks.len() > 4096 {
            return Err(CheckError::TooLarge(format!("the sampler for {t} has {} blocks", s.blocks.len())));
        }
        let (mut depth, mut filled, mut these) = (1u32, 0u128, Vec::with_capacity(s.blocks.len()));
        for b in &s.blocks {
            let e = b.divisor;
            if b.count == 0 || e == 0 || e >= t || t % e != 0 {
                return fail(format!("the sampler for {t} has a block of {} for {e}, not a proper divisor", b.count));
            }
            filled += b.count as u128 * (t / e) as u128;
            let sub = if e == 1 {
                None
            } else {
                let Ok(j) = samplers[..i].binary_search_by_key(&e, |x| x.modulus) else {
                    return fail(format!("the sampler for {t} uses {e}, which has no sampler before it"));
                };
                used[j] = true;
                Some(j)
            };
            depth = depth.max(sub.map_or(0, |j| depths[j]) + 1);
            these.push(sub);
        }
        if filled != s.root as u128 {
            return fail(format!(
                "the blocks of the sampler for {t} take {filled} outcomes, its root {} has {}",
                s.root, s.root
            ));
        }
        depths.push(depth);
        subs.push(these);
    }
    if let Some(i) = used[..samplers.len() - 1].iter().position(|u| !u) {
        return fail(format!("the sampler for {} is never used", samplers[i].modulus));
    }
    let depth = *depths.last().expect("at least the sampler for n");
    let (leaves, expected_calls) = machine_counts(samplers, &subs).unwrap_or_else(|| big_counts(samplers, &subs));
    Ok(WitnessFacts { depth, leaves, expected_calls })
}

/// Leaves and expected calls of the last sampler in `u128` (fractions kept reduced), `None`
/// at the first overflow. Each sampler's expected calls: `1 + sum count (t/e) E(e) / root`.
fn machine_counts(samplers: &[SamplerRecord], subs: &[Vec<Option<usize>>]) -> Option<(BigUint, BigRational)> {
    let mut facts: Vec<(u128, u128, u128)> = Vec::with_capacity(samplers.len());
    for (s, these) in samplers.iter().zip(subs) {
        let (mut leaves, mut num, mut den) = (0u128, 0u128, 1u128);
        for (b, sub) in s.blocks.iter().zip(these) {
            let children = b.count as u128 * (s.modulus / b.divisor) as u128;
            let (l, e_num, e_den) = sub.map_or((1, 0, 1), |j| facts[j]);
            leaves = leaves.checked_add(l.checked_mul(children)?)?;
            let common = (den / gcd(den, e_den)).checked_mul(e_den)?;
            let added = children.checked_mul(e_num)?.checked_mul(common / e_den)?;
            num = num.checked_mul(common / den)?.checked_add(added)?;
            den = common;
            let g = gcd(num, den);
            (num, den) = (num / g, den / g);
        }
        let scaled = den.checked_mul(s.root as u128)?;
        let total = scaled.checked_add(num)?;
        let g = gcd(total, scaled);
        facts.push((leaves, total / g, scaled / g));
    }
    let &(leaves, num, den) = facts.last()?;
    Some((BigUint::from(leaves), BigRational::new(BigInt::from(num), BigInt::from(den))))
}

/// [`machine_counts`] in big numbers, when a value passes 128 bits.
fn big_counts(samplers: &[SamplerRecord], subs: &[Vec<Option<usize>>]) -> (BigUint, BigRational) {
    let mut facts: Vec<(BigUint, BigRational)> = Vec::with_capacity(samplers.len());
    for (s, these) in samplers.iter().zip(subs) {
        let (mut leaves, mut calls) = (BigUint::zero(), BigRational::zero());
        for (b, sub) in s.blocks.iter().zip(these) {
            let children = b.count as u128 * (s.modulus / b.divisor) as u128;
            let (l, c) = sub.map_or((BigUint::one(), BigRational::zero()), |j| facts[j].clone());
            leaves += l * BigUint::from(children);
            calls += c * BigRational::from_integer(BigInt::from(children));
        }
        facts.push((leaves, BigRational::one() + calls / BigRational::from_integer(BigInt::from(s.root))));
    }
    facts.pop().expect("at least the sampler for n")
}

/// Greatest common divisor, 1 for (0, 0) so that a zero fraction stays 0/1.
fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// The explicit tree of a checked compact witness, built by the expansion rule.
pub(crate) fn expand(samplers: &[SamplerRecord], i: usize) -> Node {
    let s = &samplers[i];
    let mut children = Vec::new();
    for b in &s.blocks {
        let stride = s.modulus / b.divisor;
        let sub = match samplers[..i].binary_search_by_key(&b.divisor, |x| x.modulus) {
            Ok(j) if b.divisor > 1 => expand(samplers, j),
            _ => Node::Leaf(0),
        };
        for copy in 0..b.count * stride {
            children.push(shifted(&sub, copy % stride, stride));
        }
    }
    Node::Call(s.root, children)
}

fn shifted(node: &Node, offset: u64, stride: u64) -> Node {
    match node {
        Node::Leaf(s) => Node::Leaf(offset + stride * s),
        Node::Call(m, children) => Node::Call(*m, children.iter().map(|c| shifted(c, offset, stride)).collect()),
        Node::Jump(k) => Node::Jump(*k),
    }
}

#[cfg(test)]
mod tests {
    use super::{big_counts, machine_counts};
    use optimod_cert::{BlockRecord, SamplerRecord};

    fn sampler(modulus: u64, root: u64, blocks: &[(u64, u64)]) -> SamplerRecord {
        let blocks = blocks.iter().map(|&(divisor, count)| BlockRecord { divisor, count }).collect();
        SamplerRecord { modulus, root, blocks }
    }

    /// The machine-integer path gives the big-number path's leaves and expected calls, and
    /// gives up (rather than wraps) when a value passes 128 bits.
    #[test]
    fn machine_counts_agree_with_big_counts() {
        let forty_two = vec![
            sampler(2, 2, &[(1, 1)]),
            sampler(3, 3, &[(1, 1)]),
            sampler(7, 7, &[(1, 1)]),
            sampler(42, 41, &[(2, 1), (3, 1), (7, 1)]),
        ];
        let subs = vec![vec![None], vec![None], vec![None], vec![Some(0), Some(1), Some(2)]];
        let small = machine_counts(&forty_two, &subs).expect("fits");
        assert_eq!(small, big_counts(&forty_two, &subs));
        assert_eq!(small.1, num_rational::BigRational::from_integer(2.into()));
        // 4 from {2, 6}: 6 outcomes, four leaves and two coins: 1 + 2/6 calls.
        let four = vec![sampler(2, 2, &[(1, 1)]), sampler(4, 6, &[(1, 1), (2, 1)])];
        let subs = vec![vec![None], vec![None, Some(0)]];
        assert_eq!(machine_counts(&four, &subs), Some(big_counts(&four, &subs)));
        // A chain of 2^40 through roots near 2^20: denominators past 128 bits.
        let mut chain = vec![sampler(2, 2, &[(1, 1)])];
        let mut subs = vec![vec![None]];
        for k in 1..40u32 {
            let t = 1u64 << (k + 1);
            chain.push(sampler(t, 1_048_573, &[(1, (1_048_573 - 2) / t), (t / 2, 1)]));
            subs.push(vec![None, Some(k as usize - 1)]);
        }
        assert_eq!(machine_counts(&chain[..3], &subs[..3]), Some(big_counts(&chain[..3], &subs[..3])));
        assert_eq!(machine_counts(&chain, &subs), None);
    }
}
