//! Renders checked certificates and their strategies for use outside optimod: the claim in
//! words (`claim.rs`), the strategy as source code that runs it, as a Graphviz picture, and
//! (a worst-case claim, or expected calls over all strategies) as a Coq theorem. Input is a
//! checked certificate or a strategy read from one (`records.rs`); output is text.

mod automaton_code;
mod blocks;
mod claim;
mod code;
mod coq;
mod coq_enumeration;
mod coq_expected;
mod dot;
mod explain;
mod fractions;
mod records;
mod words;

pub use automaton_code::emit_automaton_code;
pub use blocks::{describe_blocks, emit_block_code};
pub use claim::{
    claim_lines, code_header, cross_check_line, decimal, sizes_in_words, title, trust_word, verdict_line, with_decimal,
    within_depth_scope, witness_lines,
};
pub use code::{emit_code, name_problem, Language};
pub use coq::{
    coq_export, coq_file, coq_row, coq_table_chunk, coq_table_join, emit_coq, CoqBound, CoqClaim, CoqRow, CoqScope,
    COQ_LIBRARY,
};
pub use dot::emit_dot;
pub use explain::describe_argument;
pub use records::{
    automaton_from_record, certified_strategy, read_strategy, strategy_costs, witness_from_record, witness_of,
    CertificateStrategy,
};
pub use words::describe_tree;
