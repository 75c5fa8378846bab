//! Where a tree is checked: the notation parsed by hand, every reach summed exactly.

use super::blocks::{check_blocks, expand};
use super::error::CheckError;
use super::limits::EXPAND_LIMIT;
use super::notation::{parse_tree, Node, WitnessFacts};
use super::spec::Spec;
use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_cert::TreeRecord;

/// The witness (explicit or compact) is an exact tree and its summary numbers are its own.
pub(crate) fn check_witness(spec: &Spec, witness: &optimod_cert::WitnessRecord) -> Result<WitnessFacts, CheckError> {
    let facts = match &witness.tree {
        TreeRecord::Explicit(text) => exact_tree_facts(&parse_tree(text)?, spec)?,
        TreeRecord::Blocks(samplers) => {
            let facts = check_blocks(spec, samplers)?;
            if facts.leaves <= BigUint::from(EXPAND_LIMIT) {
                let explicit = exact_tree_facts(&expand(samplers, samplers.len() - 1), spec)?;
                if explicit != facts {
                    return Err(CheckError::Tree(format!(
                        "the compact witness gives {facts:?} by arithmetic but {explicit:?} expanded"
                    )));
                }
            }
            facts
        }
    };
    let mismatch = |field, claimed: &dyn ToString, actual: &dyn ToString| CheckError::Witness {
        field,
        claimed: claimed.to_string(),
        actual: actual.to_string(),
    };
    if witness.depth != facts.depth {
        return Err(mismatch("depth", &witness.depth, &facts.depth));
    }
    if witness.leaves.value() != &facts.leaves {
        return Err(mismatch("leaves", &witness.leaves, &facts.leaves));
    }
    if witness.expected_calls.value() != &facts.expected_calls {
        return Err(mismatch("expected_calls", &witness.expected_calls, &facts.expected_calls));
    }
    Ok(facts)
}

/// Walks an explicit tree and requires every output's mass to be exactly `1/n`.
fn exact_tree_facts(tree: &Node, spec: &Spec) -> Result<WitnessFacts, CheckError> {
    let facts = evaluate(tree, spec)?;
    let expected = BigRational::new(BigInt::one(), BigInt::from(spec.modulus));
    if let Some((j, p)) = facts.mass.iter().enumerate().find(|(_, p)| **p != expected) {
        return Err(CheckError::Inexact {
            output: j as u64,
            probability: p.to_string(),
            expected: expected.to_string(),
        });
    }
    Ok(WitnessFacts { depth: facts.depth, leaves: facts.leaves.into(), expected_calls: facts.expected_calls })
}

pub(crate) struct TreeFacts {
    pub(crate) mass: Vec<BigRational>,
    pub(crate) depth: u32,
    pub(crate) leaves: u64,
    pub(crate) expected_calls: BigRational,
}

/// A path's product of sizes: a machine integer while it fits (the common case), else big.
#[derive(Clone)]
enum Product {
    Small(u128),
    Big(BigInt),
}

impl Product {
    fn times(&self, m: u64) -> Product {
        match self {
            Product::Small(p) => {
                p.checked_mul(m as u128).map_or_else(|| Product::Big(BigInt::from(*p) * m), Product::Small)
            }
            Product::Big(p) => Product::Big(p * m),
        }
    }

    fn reach(&self) -> BigRational {
        match self {
            Product::Small(p) => BigRational::new(BigInt::one(), BigInt::from(*p)),
            Product::Big(p) => BigRational::new(BigInt::one(), p.clone()),
        }
    }
}

/// Walks the tree and sums every reach exactly. Leaves are counted per (output, path product)
/// first and each distinct reach is added once with its multiplicity: a tree of millions of
/// leaves has few distinct reaches, and exact addition of fractions is the costly step.
pub(crate) fn evaluate(tree: &Node, spec: &Spec) -> Result<TreeFacts, CheckError> {
    let n = spec.modulus;
    let mut leaves: std::collections::HashMap<(u64, u128), u64> = Default::default();
    let mut calls: std::collections::HashMap<u128, u64> = Default::default();
    let mut facts = TreeFacts {
        mass: vec![BigRational::zero(); n as usize],
        depth: 0,
        leaves: 0,
        expected_calls: BigRational::zero(),
    };
    let mut stack = vec![(tree, Product::Small(1), 0u32)];
    while let Some((node, product, depth)) = stack.pop() {
        facts.depth = facts.depth.max(depth);
        match node {
            Node::Leaf(j) => {
                if *j >= n {
                    return Err(CheckError::Tree(format!("leaf outputs {j}, outside 0..{n}")));
                }
                match product {
                    Product::Small(p) => *leaves.entry((*j, p)).or_default() += 1,
                    big => facts.mass[*j as usize] += big.reach(),
                }
                facts.leaves += 1;
            }
            Node::Call(m, children) => {
                if spec.generators.binary_search(m).is_err() {
                    return Err(CheckError::Tree(format!("a node calls size {m}, not a generator")));
                }
                if children.len() as u64 != *m {
                    return Err(CheckError::Tree(format!("a node calls size {m} but has {} children", children.len())));
                }
                let below = product.times(*m);
                match &product {
                    Product::Small(p) => *calls.entry(*p).or_default() += 1,
                    big => facts.expected_calls += big.reach(),
                }
                for child in children {
                    stack.push((child, below.clone(), depth + 1));
                }
            }
            Node::Jump(k) => return Err(CheckError::Tree(format!("a finite tree cannot jump (@{k})"))),
        }
    }
    for ((j, p), count) in leaves {
        facts.mass[j as usize] += BigRational::new(BigInt::from(count), BigInt::from(p));
    }
    for (p, count) in calls {
        facts.expected_calls += BigRational::new(BigInt::from(count), BigInt::from(p));
    }
    Ok(facts)
}
