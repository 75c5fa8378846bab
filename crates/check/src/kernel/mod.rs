//! The kernel: everything a worst-case or impossible claim needs, and nothing about expected
//! calls. Read in this order: `verdict.rs` (what a check establishes), `spec.rs` (the spec
//! resolved once, depths bounded), `worst_case.rs` (the two claims), `tree.rs` (where a tree
//! is checked: exact reaches; a compact one in `blocks.rs`; the notation in `notation.rs`),
//! `elementary.rs` (each lower-bound argument re-derived), `levels.rs` (every tree of a small
//! depth listed), and `replay.rs` (a solver step bound to its script). `limits.rs` holds every
//! resource limit, `error.rs` the failures. House rules (tests/house_rules.rs) keep it from
//! naming `crate::expected` and cap its size. Imports run one way: `tree` uses `blocks` and
//! `notation`, `blocks` uses `notation`, never back.

pub(crate) mod arith;
pub(crate) mod blocks;
pub(crate) mod elementary;
pub(crate) mod error;
pub(crate) mod levels;
pub(crate) mod limits;
pub(crate) mod notation;
pub(crate) mod replay;
pub(crate) mod spec;
pub(crate) mod tree;
pub(crate) mod verdict;
pub(crate) mod worst_case;
