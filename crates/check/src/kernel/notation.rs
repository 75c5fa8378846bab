//! The tree notation (`41(2(0 21) ...)`, `@k` jumps in automaton states), parsed by the
//! checker's own code within its limits, and what a checked witness amounts to.

use super::error::CheckError;
use super::limits::{NODE_LIMIT, NOTATION_DEPTH_LIMIT};
use num_bigint::BigUint;
use num_rational::BigRational;

/// What the checker established about a witness.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct WitnessFacts {
    pub(crate) depth: u32,
    /// A compact tree can have more leaves than a machine integer holds.
    pub(crate) leaves: BigUint,
    pub(crate) expected_calls: BigRational,
}

/// A parsed tree: a leaf (an output), a call of a size with one child per outcome, or a jump.
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
    if *nodes > NODE_LIMIT || depth > NOTATION_DEPTH_LIMIT {
        return Err(CheckError::TooLarge(format!("tree beyond {NODE_LIMIT} nodes or depth {NOTATION_DEPTH_LIMIT}")));
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
