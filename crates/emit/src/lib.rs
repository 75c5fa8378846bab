//! Renders a strategy for use outside optimod: in words, as source code that runs it, and as
//! a Graphviz picture. Input is a `Tree` (already checked by the caller); output is text.

mod automaton_code;
mod blocks;
mod code;
mod dot;
mod words;

pub use automaton_code::emit_automaton_code;
pub use blocks::{describe_blocks, emit_block_code};
pub use code::{emit_code, Language};
pub use dot::emit_dot;
pub use words::describe_tree;
