//! Bounds on the least depth `D(n, G)` that need no solver (docs/model.md §3, strength 1):
//!
//! - [`infinite_reason`]: when no finite exact tree exists at all;
//! - [`elementary_lower_bound`]: the deepest depth that plain arithmetic rules out, with the
//!   argument that does it;
//! - [`construct`]: an exact tree built by a small dynamic program, an upper bound;
//! - [`per_output_depth3`]: a per-output lower bound on the expected calls of depth-3 trees;
//! - [`exhaustive`]: every tree of a small depth enumerated, for small n and few sizes (a
//!   depth exclusion, or the least expected calls within the depth);
//! - [`expected_lower_bound`], [`all_strategies_lower_bound`]: lower bounds on expected calls,
//!   within a depth limit and over all strategies; [`knuth_yao_cost`], the optimum with one size.
//!
//! Everything here is exact arithmetic (integers and rationals); the checker re-derives each
//! argument with its own code, so a bug here shows up as a rejected certificate, not a wrong
//! claim.

mod construct;
mod enumeration;
mod expected;
mod knuth_yao;
mod lower;
mod pending_node;
mod per_output;
mod valuation_path;

pub use construct::{construct, Construction};
pub use enumeration::{enumeration_lower_bound, exhaustive, EnumerationBound, Exhaustive};
pub use expected::{
    all_strategies_lower_bound, depth_capacity, expected_lower_bound, reach_levels, AllStrategiesBound, Deficit,
    Exclusion, ExpectedBound,
};
pub use knuth_yao::knuth_yao_cost;
pub use lower::{elementary_lower_bound, excludes_by_root_split, infinite_reason, Argument, LowerBound, RootCase};
pub use pending_node::{pending_node_bound, PendingNodeBound};
pub use per_output::per_output_depth3;
pub use valuation_path::{valuation_path_bound, ValuationPathBound};
