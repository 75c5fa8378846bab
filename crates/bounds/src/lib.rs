//! Bounds on the least depth `D(n, G)` that need no solver (docs/model.md §3, strength 1):
//!
//! - [`infinite_reason`]: when no finite exact tree exists at all;
//! - [`elementary_lower_bound`]: the deepest depth that plain arithmetic rules out, with the
//!   argument that does it;
//! - [`construct`]: an exact tree built by a small dynamic program, an upper bound;
//! - [`per_output_depth3`]: a per-output lower bound on the expected calls of depth-3 trees.
//!
//! Everything here is exact integer arithmetic; the checker re-derives each argument with its
//! own code, so a bug here shows up as a rejected certificate, not a wrong claim.

mod construct;
mod lower;
mod per_output;

pub use construct::{construct, Construction};
pub use lower::{elementary_lower_bound, excludes_by_root_split, infinite_reason, Argument, LowerBound, RootCase};
pub use per_output::per_output_depth3;
