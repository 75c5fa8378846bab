//! Strategies as decision trees, and their exact evaluation (docs/model.md §1). A finite
//! strategy is a `Tree` (leaves output values); a state of a strategy with loops is a
//! [`LoopTree`], whose leaves may also jump to a state (`@k`). One type, one notation.

use crate::Spec;
use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Zero};
use std::collections::HashMap;
use std::fmt;

/// A decision tree whose leaves are `L`: internal nodes call a generator and branch on its
/// outcome. `Tree` (leaves `u64`, an output in `0..modulus`) is a finite strategy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tree<L = u64> {
    /// A leaf: for a finite strategy, output this value.
    Leaf(L),
    /// Call the generator of this size; child `i` handles outcome `i`.
    Call {
        /// The generator size called here.
        size: u64,
        /// One subtree per outcome, `children.len() == size`.
        children: Vec<Tree<L>>,
    },
}

/// A leaf of a state of a strategy with loops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoopLeaf {
    /// Output this value.
    Output(u64),
    /// Continue in this state (written `@k`).
    Jump(usize),
}

/// A state of a strategy with loops: a tree whose leaves output or jump.
pub type LoopTree = Tree<LoopLeaf>;

/// How a leaf is written in the tree notation: a number, or `@` and a number for a jump.
pub trait LeafNotation: Sized {
    /// The leaf a number stands for (`jump`: it was written `@k`); `None` when this kind of
    /// tree has no such leaf.
    fn from_number(number: u64, jump: bool) -> Option<Self>;
}

impl LeafNotation for u64 {
    fn from_number(number: u64, jump: bool) -> Option<u64> {
        (!jump).then_some(number)
    }
}

impl LeafNotation for LoopLeaf {
    fn from_number(number: u64, jump: bool) -> Option<LoopLeaf> {
        Some(if jump { LoopLeaf::Jump(number as usize) } else { LoopLeaf::Output(number) })
    }
}

impl fmt::Display for LoopLeaf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoopLeaf::Output(j) => write!(f, "{j}"),
            LoopLeaf::Jump(k) => write!(f, "@{k}"),
        }
    }
}

/// Exact facts about a tree, computed by [`Tree::evaluate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// Probability of each output `0..modulus`, exact.
    pub output_probability: Vec<BigRational>,
    /// The largest number of calls on a path (worst-case calls).
    pub depth: u32,
    /// Number of leaves.
    pub leaves: u64,
    /// Expected number of calls: the sum of the reaches of the internal nodes.
    pub expected_calls: BigRational,
}

impl Evaluation {
    /// True when every output has probability exactly `1/modulus`.
    pub fn is_exact(&self) -> bool {
        let target = BigRational::new(BigInt::one(), BigInt::from(self.output_probability.len()));
        self.output_probability.iter().all(|p| *p == target)
    }

    /// The first output whose probability is not `1/modulus`, with that probability.
    pub fn first_inexact_output(&self) -> Option<(u64, &BigRational)> {
        let target = BigRational::new(BigInt::one(), BigInt::from(self.output_probability.len()));
        self.output_probability.iter().enumerate().find(|(_, p)| **p != target).map(|(j, p)| (j as u64, p))
    }
}

/// A structural fault that makes a tree meaningless for its spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeError {
    /// A node calls a size that is not in the generator set.
    UnknownGenerator { size: u64 },
    /// A call node has a number of children different from its size.
    WrongArity { size: u64, children: usize },
    /// A leaf outputs a value outside `0..modulus`.
    OutputOutOfRange { output: u64, modulus: u64 },
    /// The notation could not be parsed; `offset` is a byte offset into the text.
    Syntax { offset: usize, expected: &'static str },
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TreeError::UnknownGenerator { size } => {
                write!(f, "a node calls size {size}, which is not an available generator")
            }
            TreeError::WrongArity { size, children } => {
                write!(f, "a node calls size {size} but has {children} children")
            }
            TreeError::OutputOutOfRange { output, modulus } => {
                write!(f, "a leaf outputs {output}, outside 0..{modulus}")
            }
            TreeError::Syntax { offset, expected } => {
                write!(f, "tree notation: expected {expected} at byte {offset}")
            }
        }
    }
}

impl std::error::Error for TreeError {}

impl Tree {
    /// Checks the tree's structure against `spec` and computes its exact probabilities.
    ///
    /// Leaves are counted per (output, product of the sizes on the path) and each distinct
    /// reach added once with its multiplicity: exact fraction addition is the costly step, and
    /// a tree of millions of leaves has few distinct reaches.
    pub fn evaluate(&self, spec: &Spec) -> Result<Evaluation, TreeError> {
        let mut walk = Walk {
            spec,
            leaves: HashMap::new(),
            calls: HashMap::new(),
            eval: Evaluation {
                output_probability: vec![BigRational::zero(); spec.modulus as usize],
                depth: 0,
                leaves: 0,
                expected_calls: BigRational::zero(),
            },
        };
        walk.node(self, &BigUint::one(), 0)?;
        let Walk { leaves, calls, mut eval, .. } = walk;
        for ((j, product), count) in leaves {
            eval.output_probability[j as usize] += BigRational::new(BigInt::from(count), BigInt::from(product));
        }
        for (product, count) in calls {
            eval.expected_calls += BigRational::new(BigInt::from(count), BigInt::from(product));
        }
        Ok(eval)
    }

    /// Parses the notation written by `Display`: a leaf is its output (`5`), a call is its
    /// size followed by its children in parentheses (`2(0 1)`).
    pub fn parse(text: &str) -> Result<Tree, TreeError> {
        parse_notation(text)
    }
}

impl LoopTree {
    /// Parses the notation with jumps: `29(0 1 @1 ...)`.
    pub fn parse_loop(text: &str) -> Result<LoopTree, TreeError> {
        parse_notation(text)
    }
}

impl<L> Tree<L> {
    /// The same tree with every leaf replaced by `f` of it (a finite strategy as a state of a
    /// strategy with loops, for instance).
    pub fn map_leaves<M>(&self, f: &impl Fn(&L) -> M) -> Tree<M> {
        match self {
            Tree::Leaf(leaf) => Tree::Leaf(f(leaf)),
            Tree::Call { size, children } => {
                Tree::Call { size: *size, children: children.iter().map(|c| c.map_leaves(f)).collect() }
            }
        }
    }

    /// The size called at the root, or `None` for a single leaf.
    pub fn root_size(&self) -> Option<u64> {
        match self {
            Tree::Leaf(_) => None,
            Tree::Call { size, .. } => Some(*size),
        }
    }
}

fn parse_notation<L: LeafNotation>(text: &str) -> Result<Tree<L>, TreeError> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let tree = parse_node(bytes, &mut pos)?;
    skip_spaces(bytes, &mut pos);
    if pos != bytes.len() {
        return Err(TreeError::Syntax { offset: pos, expected: "end of tree" });
    }
    Ok(tree)
}

/// The state of [`Tree::evaluate`]'s walk: counts per (output, path product) and per internal
/// node's path product.
struct Walk<'a> {
    spec: &'a Spec,
    leaves: HashMap<(u64, BigUint), u64>,
    calls: HashMap<BigUint, u64>,
    eval: Evaluation,
}

impl Walk<'_> {
    fn node(&mut self, tree: &Tree, product: &BigUint, depth: u32) -> Result<(), TreeError> {
        self.eval.depth = self.eval.depth.max(depth);
        match tree {
            Tree::Leaf(output) => {
                if *output >= self.spec.modulus {
                    return Err(TreeError::OutputOutOfRange { output: *output, modulus: self.spec.modulus });
                }
                *self.leaves.entry((*output, product.clone())).or_default() += 1;
                self.eval.leaves += 1;
            }
            Tree::Call { size, children } => {
                if self.spec.generators.binary_search(size).is_err() {
                    return Err(TreeError::UnknownGenerator { size: *size });
                }
                if children.len() as u64 != *size {
                    return Err(TreeError::WrongArity { size: *size, children: children.len() });
                }
                *self.calls.entry(product.clone()).or_default() += 1;
                let below = product * BigUint::from(*size);
                for child in children {
                    self.node(child, &below, depth + 1)?;
                }
            }
        }
        Ok(())
    }
}

fn skip_spaces(bytes: &[u8], pos: &mut usize) {
    while *pos < bytes.len() && bytes[*pos].is_ascii_whitespace() {
        *pos += 1;
    }
}

fn parse_node<L: LeafNotation>(bytes: &[u8], pos: &mut usize) -> Result<Tree<L>, TreeError> {
    skip_spaces(bytes, pos);
    let jump = bytes.get(*pos) == Some(&b'@');
    if jump {
        *pos += 1;
    }
    let start = *pos;
    while *pos < bytes.len() && bytes[*pos].is_ascii_digit() {
        *pos += 1;
    }
    let number: u64 = std::str::from_utf8(&bytes[start..*pos])
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or(TreeError::Syntax { offset: start, expected: "a number" })?;
    if jump || bytes.get(*pos) != Some(&b'(') {
        let expected = "an output (a jump `@k` belongs to a strategy with loops)";
        return L::from_number(number, jump).map(Tree::Leaf).ok_or(TreeError::Syntax { offset: start - 1, expected });
    }
    *pos += 1;
    let mut children = Vec::new();
    loop {
        skip_spaces(bytes, pos);
        match bytes.get(*pos) {
            Some(b')') => {
                *pos += 1;
                return Ok(Tree::Call { size: number, children });
            }
            None => return Err(TreeError::Syntax { offset: *pos, expected: "')'" }),
            _ => children.push(parse_node(bytes, pos)?),
        }
    }
}

impl<L: fmt::Display> fmt::Display for Tree<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tree::Leaf(leaf) => write!(f, "{leaf}"),
            Tree::Call { size, children } => {
                write!(f, "{size}(")?;
                for (i, child) in children.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{child}")?;
                }
                f.write_str(")")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Objective;

    fn spec(n: u64, g: &[u64]) -> Spec {
        Spec::new(n, g, Objective::WorstCase).unwrap()
    }

    #[test]
    fn a_product_tree_is_exact() {
        // 6 = 2 * 3: call 2, then 3; output 3*first + second.
        let tree = Tree::parse("2(3(0 1 2) 3(3 4 5))").unwrap();
        let eval = tree.evaluate(&spec(6, &[2, 3])).unwrap();
        assert!(eval.is_exact());
        assert_eq!(eval.depth, 2);
        assert_eq!(eval.leaves, 6);
        assert_eq!(eval.expected_calls, BigRational::from_integer(2.into()));
    }

    #[test]
    fn a_biased_tree_names_its_first_wrong_output() {
        let tree = Tree::parse("2(3(0 1 2) 3(3 4 4))").unwrap();
        let eval = tree.evaluate(&spec(6, &[2, 3])).unwrap();
        assert!(!eval.is_exact());
        let (j, p) = eval.first_inexact_output().unwrap();
        assert_eq!((j, p.to_string()), (4, "1/3".to_string()));
    }

    #[test]
    fn expected_calls_weigh_internal_nodes_by_reach() {
        // Call 2; on 0 output 0, on 1 call 2 again. Not exact for n = 2, but the cost is 3/2.
        let eval = Tree::parse("2(0 2(1 0))").unwrap().evaluate(&spec(2, &[2])).unwrap();
        assert_eq!(eval.expected_calls.to_string(), "3/2");
        assert_eq!(eval.depth, 2);
    }

    #[test]
    fn structure_errors_are_reported() {
        let s = spec(6, &[2, 3]);
        let wrong_size = Tree::parse("5(0 1 2 3 4)").unwrap().evaluate(&s).unwrap_err();
        assert_eq!(wrong_size, TreeError::UnknownGenerator { size: 5 });
        let wrong_arity = Tree::parse("2(0 1 2)").unwrap().evaluate(&s).unwrap_err();
        assert_eq!(wrong_arity, TreeError::WrongArity { size: 2, children: 3 });
        let out_of_range = Tree::parse("2(0 6)").unwrap().evaluate(&s).unwrap_err();
        assert_eq!(out_of_range, TreeError::OutputOutOfRange { output: 6, modulus: 6 });
        assert!(matches!(Tree::parse("2(0 1"), Err(TreeError::Syntax { offset: 5, .. })));
        assert!(matches!(Tree::parse("2(0 x)"), Err(TreeError::Syntax { offset: 4, .. })));
    }

    #[test]
    fn notation_round_trips() {
        let text = "41(2(0 1) 3(2 3 4) 7)";
        assert_eq!(Tree::parse(text).unwrap().to_string(), text);
        let text = "29(0 @1 2(1 @0))";
        assert_eq!(LoopTree::parse_loop(text).unwrap().to_string(), text);
    }

    #[test]
    fn a_finite_tree_has_no_jumps() {
        let error = Tree::parse("2(0 @0)").unwrap_err();
        assert!(matches!(error, TreeError::Syntax { offset: 4, .. }), "{error}");
        assert_eq!(
            LoopTree::parse_loop("2(0 @0)").unwrap(),
            Tree::Call { size: 2, children: vec![Tree::Leaf(LoopLeaf::Output(0)), Tree::Leaf(LoopLeaf::Jump(0))] }
        );
    }
}
