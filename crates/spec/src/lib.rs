//! The optimod model (SPEC.md section 1): what a generator, a target and a strategy are, and
//! the exact arithmetic that decides whether a strategy is exact.
//!
//! No solver and no search lives here: this crate is the vocabulary every other crate speaks.

pub mod arith;
mod spec;
mod tree;

pub use spec::{GeneratorRule, Objective, Spec, SpecError};
pub use tree::{Evaluation, Tree, TreeError};
