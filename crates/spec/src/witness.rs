//! A witness strategy in either form: an explicit tree (from a solver) or a compact
//! divisor-block tree (from the construction), with the exact facts a certificate states.

use crate::{BlockTree, Spec, Tree};
use num_bigint::BigUint;
use num_rational::BigRational;

/// An exact finite strategy, explicit or compact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Witness {
    /// Every node listed.
    Tree(Tree),
    /// Samplers per divisor (see [`BlockTree`]).
    Blocks(BlockTree),
}

/// Exact facts about a witness that was found exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WitnessFacts {
    /// Worst-case calls.
    pub depth: u32,
    /// Number of leaves.
    pub leaves: BigUint,
    /// Expected calls.
    pub expected_calls: BigRational,
}

impl Witness {
    /// Checks structure and exactness against `spec` and returns the facts; the error says
    /// what is wrong (for an explicit tree: the first output whose probability is not 1/n).
    pub fn facts(&self, spec: &Spec) -> Result<WitnessFacts, String> {
        match self {
            Witness::Tree(tree) => {
                let eval = tree.evaluate(spec).map_err(|e| e.to_string())?;
                if let Some((j, p)) = eval.first_inexact_output() {
                    return Err(format!("the tree is not exact: output {j} has probability {p}"));
                }
                Ok(WitnessFacts { depth: eval.depth, leaves: eval.leaves.into(), expected_calls: eval.expected_calls })
            }
            Witness::Blocks(blocks) => {
                let facts = blocks.evaluate(spec).map_err(|e| e.to_string())?;
                Ok(WitnessFacts { depth: facts.depth, leaves: facts.leaves, expected_calls: facts.expected_calls })
            }
        }
    }

    /// The explicit tree, when it has at most `max_leaves` leaves.
    pub fn to_tree(&self, max_leaves: u64) -> Option<Tree> {
        match self {
            Witness::Tree(tree) => Some(tree.clone()),
            Witness::Blocks(blocks) => blocks.expand(max_leaves),
        }
    }

    /// The size called first.
    pub fn root_size(&self) -> Option<u64> {
        match self {
            Witness::Tree(tree) => tree.root_size(),
            Witness::Blocks(blocks) => blocks.samplers.last().map(|s| s.root),
        }
    }
}
