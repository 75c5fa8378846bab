//! What z3 sees: "is there an exact tree of depth `<= d`?" as integer constraints over counts
//! of nodes per multiset of generator sizes (docs/model.md §4), and the tree rebuilt from a
//! model.
//!
//! Three encodings share the node-count (flow) constraints and differ in how leaves are given
//! to outputs:
//! - [`Encoding::Symmetric`]: every output receives the same multiset of leaf types. Small;
//!   SAT gives a witness; UNSAT proves nothing about asymmetric trees.
//! - [`Encoding::OneOutput`]: a relaxation with one output's leaves only. UNSAT is a proof
//!   (every output needs such leaves); SAT proves nothing.
//! - [`Encoding::General`]: one leaf count per (type, output), outputs ordered by a key to
//!   break their symmetry. Exact: SAT gives a witness, UNSAT is a proof.
//!
//! Nothing here is trusted: a witness is re-checked exactly by the caller before use.
// Index loops read better than iterator chains in the numerical kernels here.
#![allow(clippy::needless_range_loop)]

mod encode;
#[cfg(feature = "z3")]
mod model;
#[cfg(feature = "z3")]
mod multisets;
#[cfg(feature = "z3")]
mod naive;
#[cfg(feature = "z3")]
mod rebuild;
#[cfg(feature = "z3")]
mod solving;
#[cfg(not(feature = "z3"))]
mod without_z3;

pub use encode::{Encoding, ProofEncoding, SizeLimitExceeded};
#[cfg(feature = "z3")]
pub use naive::solve_naive;
use optimod_spec::Tree;
#[cfg(feature = "z3")]
pub use solving::{
    replay_script, replay_script_cheaper, require_supported_z3, rerun_replay_cases, solve, solve_cheaper,
    solve_with_root, z3_version,
};
#[cfg(not(feature = "z3"))]
pub use without_z3::{
    replay_script, replay_script_cheaper, require_supported_z3, rerun_replay_cases, solve, solve_cheaper, solve_naive,
    solve_with_root, z3_version,
};

/// Whether this build links z3 (the `z3` feature, on by default). Without it every query
/// answers "unknown", and a claim that needs a solver step stays unknown.
pub const LINKED: bool = cfg!(feature = "z3");

/// The answer of one query.
#[derive(Clone, Debug)]
pub enum Verdict {
    /// A tree of depth `<= d` built from the model (not yet checked by the caller).
    Sat(Tree),
    /// z3 reports the constraints unsatisfiable.
    Unsat,
    /// A relaxation is satisfiable: no witness, no proof.
    Inconclusive,
    /// z3 gave up (timeout, resource limit); the reason as z3 gives it.
    Unknown(String),
}

/// One query and its answer, with the figures a certificate records.
#[derive(Clone, Debug)]
pub struct Query {
    /// The encoding used.
    pub encoding: Encoding,
    /// The depth asked about.
    pub depth: u32,
    /// Integer variables in the query.
    pub variables: u64,
    /// Asserted constraints in the query.
    pub constraints: u64,
    /// What z3 answered.
    pub verdict: Verdict,
    /// z3's resource count spent by this query (`rlimit count`), for budgets.
    pub rlimit_used: u64,
}

/// The oldest z3 this crate is built for: the `z3` crate 0.22's bindings assume 4.13.3's
/// enumerations, and an older library (Debian's 4.8.12) links but is no sound basis for proofs.
pub const MIN_Z3_VERSION: [u32; 3] = [4, 13, 3];

/// How much z3 may spend on one query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Wall-clock limit in milliseconds (machine-dependent).
    pub timeout_ms: u32,
    /// z3's deterministic resource limit (`rlimit`), 0 for none. Searches whose outcome
    /// decides what a certificate contains use this, so that the certificate does not depend
    /// on the machine's speed.
    pub rlimit: u32,
}

/// z3's answer to one case of a replay script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseAnswer {
    Unsat,
    Sat,
    /// Gave up (the resource budget, or an unreadable case); z3's reason.
    Unknown(String),
}

#[cfg(all(test, feature = "z3"))]
mod tests;
