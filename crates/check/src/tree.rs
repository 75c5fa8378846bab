//! Where a tree is checked: the notation parsed by hand, every reach summed exactly.

use crate::blocks::{check_blocks, expand};
use crate::{CheckError, NODE_LIMIT};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_cert::{SpecRecord, TreeRecord};

/// Compact witnesses with at most this many leaves are also expanded and checked leaf by leaf.
const EXPAND_LIMIT: u64 = 2_000;

/// What the checker established about a witness.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct WitnessFacts {
    pub(crate) depth: u32,
    /// Decimal: a compact tree can have more leaves than a machine integer holds.
    pub(crate) leaves: String,
    pub(crate) expected_calls: BigRational,
}

/// The witness (explicit or compact) is an exact tree and its summary numbers are its own.
pub(crate) fn check_witness(
    spec: &SpecRecord,
    witness: &optimod_cert::WitnessRecord,
) -> Result<WitnessFacts, CheckError> {
    let facts = match &witness.tree {
        TreeRecord::Explicit(text) => exact_tree_facts(&parse_tree(text)?, spec)?,
        TreeRecord::Blocks(samplers) => {
            let facts = check_blocks(spec, samplers)?;
            if facts.leaves.parse::<u64>().is_ok_and(|l| l <= EXPAND_LIMIT) {
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
    let summary = [
        ("depth", witness.depth.to_string(), facts.depth.to_string()),
        ("leaves", witness.leaves.clone(), facts.leaves.clone()),
        ("expected_calls", witness.expected_calls.clone(), facts.expected_calls.to_string()),
    ];
    for (field, claimed, actual) in summary {
        if claimed != actual {
            return Err(CheckError::Witness { field, claimed, actual });
        }
    }
    Ok(facts)
}

/// Walks an explicit tree and requires every output's mass to be exactly `1/n`.
fn exact_tree_facts(tree: &Node, spec: &SpecRecord) -> Result<WitnessFacts, CheckError> {
    let facts = evaluate(tree, spec)?;
    let expected = BigRational::new(BigInt::one(), BigInt::from(spec.modulus));
    if let Some((j, p)) = facts.mass.iter().enumerate().find(|(_, p)| **p != expected) {
        return Err(CheckError::Inexact {
            output: j as u64,
            probability: p.to_string(),
            expected: expected.to_string(),
        });
    }
    Ok(WitnessFacts { depth: facts.depth, leaves: facts.leaves.to_string(), expected_calls: facts.expected_calls })
}

pub(crate) enum Node {
    Leaf(u64),
    Call(u64, Vec<Node>),
    /// `@k`: continue in state k (automaton states only; a finite tree has none).
    Jump(u64),
}

pub(crate) fn parse_tree(text: &str) -> Result<Node, CheckError> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut nodes = 0;
    let tree = parse_node(bytes, &mut pos, &mut nodes, 0)?;
    if pos != bytes.len() {
        return Err(CheckError::Tree(format!("unexpected text at byte {pos}")));
    }
    Ok(tree)
}

pub(crate) fn parse_node(bytes: &[u8], pos: &mut usize, nodes: &mut usize, depth: u32) -> Result<Node, CheckError> {
    *nodes += 1;
    if *nodes > NODE_LIMIT || depth > 256 {
        return Err(CheckError::TooLarge(format!("tree beyond {NODE_LIMIT} nodes or depth 256")));
    }
    let jump = bytes.get(*pos) == Some(&b'@');
    if jump {
        *pos += 1;
    }
    let start = *pos;
    while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
        *pos += 1;
    }
    let number: u64 = std::str::from_utf8(&bytes[start..*pos])
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| CheckError::Tree(format!("expected a number at byte {start}")))?;
    if jump {
        return Ok(Node::Jump(number));
    }
    if bytes.get(*pos) != Some(&b'(') {
        return Ok(Node::Leaf(number));
    }
    *pos += 1;
    let mut children = Vec::new();
    loop {
        match bytes.get(*pos) {
            Some(b')') => {
                *pos += 1;
                return Ok(Node::Call(number, children));
            }
            Some(b' ') if !children.is_empty() => *pos += 1,
            None => return Err(CheckError::Tree(format!("missing ')' at byte {}", *pos))),
            _ => {}
        }
        children.push(parse_node(bytes, pos, nodes, depth + 1)?);
    }
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
pub(crate) fn evaluate(tree: &Node, spec: &SpecRecord) -> Result<TreeFacts, CheckError> {
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
