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
    // Per sampler: (depth, leaves, expected calls), and whether a larger sampler uses it.
    let mut facts: Vec<(u32, BigUint, BigRational)> = Vec::with_capacity(samplers.len());
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
        let (mut depth, mut leaves, mut calls, mut filled) = (1u32, BigUint::zero(), BigRational::zero(), 0u128);
        for b in &s.blocks {
            let e = b.divisor;
            if b.count == 0 || e == 0 || e >= t || t % e != 0 {
                return fail(format!("the sampler for {t} has a block of {} for {e}, not a proper divisor", b.count));
            }
            let children = b.count as u128 * (t / e) as u128;
            filled += children;
            let (d, l, c) = if e == 1 {
                (0, BigUint::one(), BigRational::zero())
            } else {
                let Ok(j) = samplers[..i].binary_search_by_key(&e, |x| x.modulus) else {
                    return fail(format!("the sampler for {t} uses {e}, which has no sampler before it"));
                };
                used[j] = true;
                facts[j].clone()
            };
            depth = depth.max(d + 1);
            leaves += l * BigUint::from(children);
            calls += c * BigRational::from_integer(BigInt::from(children));
        }
        if filled != s.root as u128 {
            return fail(format!(
                "the blocks of the sampler for {t} take {filled} outcomes, its root {} has {}",
                s.root, s.root
            ));
        }
        calls = BigRational::one() + calls / BigRational::from_integer(BigInt::from(s.root));
        facts.push((depth, leaves, calls));
    }
    if let Some(i) = used[..samplers.len() - 1].iter().position(|u| !u) {
        return fail(format!("the sampler for {} is never used", samplers[i].modulus));
    }
    let (depth, leaves, expected_calls) = facts.pop().expect("at least the sampler for n");
    Ok(WitnessFacts { depth, leaves, expected_calls })
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
