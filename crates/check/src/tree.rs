//! Where a tree is checked: the notation parsed by hand, every reach summed exactly.

use super::*;

/// The witness is an exact tree and its summary numbers are its own.
pub(crate) fn check_witness(spec: &SpecRecord, witness: &optimod_cert::WitnessRecord) -> Result<TreeFacts, CheckError> {
    let tree = parse_tree(&witness.tree)?;
    let facts = evaluate(&tree, spec)?;
    let expected = BigRational::new(BigInt::one(), BigInt::from(spec.modulus));
    if let Some((j, p)) = facts.mass.iter().enumerate().find(|(_, p)| **p != expected) {
        return Err(CheckError::Inexact {
            output: j as u64,
            probability: p.to_string(),
            expected: expected.to_string(),
        });
    }
    let summary = [
        ("depth", witness.depth.to_string(), facts.depth.to_string()),
        ("leaves", witness.leaves.to_string(), facts.leaves.to_string()),
        ("expected_calls", witness.expected_calls.clone(), facts.expected_calls.to_string()),
    ];
    for (field, claimed, actual) in summary {
        if claimed != actual {
            return Err(CheckError::Witness { field, claimed, actual });
        }
    }
    Ok(facts)
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

pub(crate) fn evaluate(tree: &Node, spec: &SpecRecord) -> Result<TreeFacts, CheckError> {
    let mut facts = TreeFacts {
        mass: vec![BigRational::zero(); spec.modulus as usize],
        depth: 0,
        leaves: 0,
        expected_calls: BigRational::zero(),
    };
    // Iterative walk: (node, reach, depth).
    let mut stack = vec![(tree, BigRational::one(), 0u32)];
    while let Some((node, reach, depth)) = stack.pop() {
        facts.depth = facts.depth.max(depth);
        match node {
            Node::Leaf(j) => {
                let slot = facts.mass.get_mut(*j as usize).ok_or_else(|| {
                    CheckError::Tree(format!("leaf outputs {j}, outside 0..{}", spec.modulus))
                })?;
                *slot += &reach;
                facts.leaves += 1;
            }
            Node::Call(m, children) => {
                if !spec.generators.contains(m) {
                    return Err(CheckError::Tree(format!("a node calls size {m}, not a generator")));
                }
                if children.len() as u64 != *m {
                    return Err(CheckError::Tree(format!(
                        "a node calls size {m} but has {} children",
                        children.len()
                    )));
                }
                let child_reach = &reach / BigInt::from(*m);
                facts.expected_calls += &reach;
                for child in children {
                    stack.push((child, child_reach.clone(), depth + 1));
                }
            }
            Node::Jump(k) => return Err(CheckError::Tree(format!("a finite tree cannot jump (@{k})"))),
        }
    }
    Ok(facts)
}
