//! Every resource limit of the checker, and why: a certificate asking for more is refused
//! with `CheckError::TooLarge` before the work is done (or as soon as the count passes).

/// Largest number of generator multisets an argument may ask the checker to enumerate.
pub(crate) const ENUMERATION_LIMIT: u64 = 20_000_000;
/// Largest common denominator of a root-split knapsack the checker will tabulate.
pub(crate) const KNAPSACK_UNITS_LIMIT: u128 = 20_000_000;
/// Most sums a partial-fractions check lists before it tries every root instead (each list
/// is of values below n, so a longer one would cost more than the roots).
pub(crate) const SUMS_LISTED: usize = 20_000;
/// Largest tree the checker will walk, in nodes.
pub(crate) const NODE_LIMIT: usize = 5_000_000;
/// Largest modulus and generator size the checker accepts (as `prove` does): checked before
/// anything is allocated in proportion to them.
pub(crate) const SIZE_LIMIT: u64 = 1 << 20;

/// Largest depth any certificate may name (a claim, a limit, an excluded depth). A modulus
/// below 2^20 has at most 20 prime factors, and the divisor-block construction needs at most
/// one call per prime factor and size valuation, so true claims stay far below; a larger
/// number is refused before any loop over depths runs.
pub const DEPTH_LIMIT: u32 = 64;
/// Longest chain a counting bound may ask the checker to sum (one exact term per depth).
pub const CHAIN_LIMIT: u32 = 4096;

/// Deepest nesting of tree notation parsed (the parser recurses once per level).
pub(crate) const NOTATION_DEPTH_LIMIT: u32 = 256;

// The level-by-level listings (levels.rs, expected/top.rs).
/// Largest common denominator of a listing's reaches, so that sums of millions of them stay
/// within 128 bits.
pub(crate) const UNITS_LIMIT: u128 = 1 << 100;
/// Deepest top and horizon this checker enumerates.
pub(crate) const TOP_DEPTH_LIMIT: u32 = 8;
/// Most distinct branches, summed over depths.
pub(crate) const BRANCH_LIMIT: u64 = 1_000_000;
/// Largest n whose enumeration is re-run: each branch holds one demand per output.
pub(crate) const OUTPUT_LIMIT: u64 = 128;
/// Most branches generated (before merging) at one depth.
pub(crate) const GENERATED_LIMIT: u64 = 20_000_000;
/// Most handouts (partial and whole) tried over the whole enumeration.
pub(crate) const HANDOUT_LIMIT: u64 = 200_000_000;
/// Most knapsack steps over the whole enumeration.
#[cfg(feature = "expected")]
pub(crate) const KNAPSACK_STEPS: u64 = 200_000_000;

// Strategies with loops (expected/automaton.rs).
/// Most entries (states x (states + outputs + 1)) of an automaton's linear system: a million
/// outputs with one state, or a thousand with about a thousand states.
#[cfg(feature = "expected")]
pub(crate) const AUTOMATON_CELL_LIMIT: u128 = 1 << 21;

// Pool automata (expected/mod.rs, pool_cost).
/// Most steps of a pool automaton's run: its exact cost is one sum over a common denominator
/// with as many digits as steps, so the work grows as the square of the run (100 000 steps:
/// about a second).
#[cfg(feature = "expected")]
pub(crate) const POOL_RUN_LIMIT: usize = 100_000;

// A compact sampler's levels (expected/sampler.rs).
/// Most levels summed: each is a pass over the outputs in 128-bit arithmetic.
#[cfg(feature = "expected")]
pub(crate) const TERMS_LIMIT: u32 = 4096;

// Compact witnesses (tree.rs).
/// Compact witnesses with at most this many leaves are also expanded and checked leaf by leaf.
pub(crate) const EXPAND_LIMIT: u64 = 2_000;
