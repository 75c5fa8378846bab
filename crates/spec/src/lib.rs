//! The optimod model (docs/model.md §1): what a generator, a target and a strategy are, and
//! the exact arithmetic that decides whether a strategy is exact.
//!
//! No solver and no search lives here: this crate is the vocabulary every other crate speaks.

pub mod arith;
mod blocks;
mod spec;
mod tree;
mod witness;

pub use blocks::{Block, BlockError, BlockFacts, BlockTree, Sampler};
pub use spec::{GeneratorRule, Objective, Spec, SpecError, MAX_SIZE};
pub use tree::{Evaluation, LeafNotation, LoopLeaf, LoopTree, Tree, TreeError};
pub use witness::{Witness, WitnessFacts};
