//! Renders a strategy for use outside optimod: in words, as source code that runs it, as a
//! Graphviz picture, and (a worst-case claim) as a Coq theorem. Input is a strategy already
//! checked by the caller; output is text.

mod automaton_code;
mod blocks;
mod code;
mod coq;
mod dot;
mod words;

pub use automaton_code::emit_automaton_code;
pub use blocks::{describe_blocks, emit_block_code};
pub use code::{emit_code, Language};
pub use coq::{emit_coq, CoqBound, CoqClaim};
pub use dot::emit_dot;
pub use words::describe_tree;
