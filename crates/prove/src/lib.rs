//! The pipeline: spec -> bounds -> search -> witness -> certificate -> check.
//!
//! [`prove`] is the only entry point that produces certificates, and it hands back a
//! certificate only after `optimod-check` has accepted it: nothing unchecked leaves here.
// An outcome is built once per run and moved, never stored in bulk: its size does not matter.
#![allow(clippy::large_enum_variant)]

mod all_strategies;
mod crosscheck;
mod error;
mod expected;
mod pipeline;
mod replay;
mod rerun;

pub use all_strategies::{prove_expected_all, AllStrategiesOutcome, Strategy};
pub use expected::{prove_expected, ExpectedOutcome};
pub use optimod_ilp::Fault;
pub use pipeline::{prove, Options, Outcome, ProveError};
pub use replay::check_replay_binding;
pub use rerun::{rerun_solver_step, rerun_with_cvc5, rerun_with_z3, Rerun};

/// Largest explicit tree (in leaves) expanded from a compact witness, for the objectives that
/// work on explicit trees (expected calls); beyond it they answer unknown.
pub const EXPAND_LEAVES: u64 = 1_000_000;
