//! The certificate format (docs/model.md §5): plain data, serialised to stable JSON bytes.
//!
//! A certificate holds a claim about one spec and everything needed to re-check it without
//! a solver: the witness tree, the lower-bound argument with its numbers, and the provenance
//! of any solver verdict it rests on. Field order is declaration order, there are no maps, no
//! timestamps and no paths, so the same claim always serialises to the same bytes.
//!
//! This crate only defines and (de)serialises; `optimod-check` decides whether a certificate
//! is true, and `optimod-prove` builds them.

use serde::{Deserialize, Serialize};

pub mod numbers;
pub use numbers::{Fraction, Natural, OutputCount, OutputCounts};

/// The `format` field of every certificate.
pub const FORMAT: &str = "optimod-certificate";
/// The format version this build reads and writes. Certificates of another version are
/// refused by the checker rather than guessed at. (3: one typed `claim` replaced the optional
/// records of version 2. 4: fractions, large naturals and `output:count` lists are read in
/// their canonical form only (see [`numbers`]), and a Knuth–Yao state's denominator is a
/// JSON number.)
pub const VERSION: u32 = 4;

/// A claim about one spec, with its proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`] when written by this build.
    pub version: u32,
    /// The problem the claim is about.
    pub spec: SpecRecord,
    /// What is claimed, with exactly the records its proof needs.
    pub claim: Claim,
    /// Independent engines asked the questions behind the claim from their own models (for a
    /// worst-case claim of D calls: depths D - 1 and D; for the expected objective within depth
    /// K: the least expected calls among trees of depth `<= K`); empty when cross-checking was
    /// off. Informational: the checker makes sure they do not contradict the claim.
    pub cross_checks: Vec<EngineCheckRecord>,
}

/// The four kinds of claim; the spec's objective says which may appear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
// One claim per certificate, built once and read in place: its size on the stack is no cost
// worth a box in every match.
#[allow(clippy::large_enum_variant)]
pub enum Claim {
    /// Worst case: `worst_case_calls` is the least depth of an exact tree.
    WorstCase(WorstCaseClaim),
    /// Worst case: no finite exact tree exists.
    Impossible(ImpossibleClaim),
    /// Expected calls: the witness has the fewest among exact trees of depth `<= max_depth`
    /// (the spec's depth limit).
    ExpectedWithinDepth(ExpectedWithinDepthClaim),
    /// Expected calls over all exact strategies, loops included: a strategy, its exact value,
    /// a lower bound and the gap.
    ExpectedAllStrategies(AllStrategiesClaim),
}

/// "The optimum number of calls in the worst case is `worst_case_calls`."
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorstCaseClaim {
    /// The optimum.
    pub worst_case_calls: u32,
    /// What the lower bound rests on: `"elementary"` (arithmetic the checker repeats) or
    /// `"solver"` (a solver verdict, named in `lower_bound.solver`).
    pub trust: Trust,
    /// An exact tree of depth `worst_case_calls`.
    pub witness: WitnessRecord,
    /// Why no exact tree of depth `worst_case_calls - 1` exists.
    pub lower_bound: LowerBoundRecord,
}

/// "No finite exact tree exists."
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpossibleClaim {
    /// A prime dividing the modulus and no generator size: every reach has a denominator
    /// free of it, and so has every finite sum of reaches, but `1/n` does not.
    pub missing_prime: u64,
}

/// "The witness has the fewest expected calls among exact trees of depth `<= K`", K the
/// spec's `max_depth`; strategies with loops or deeper trees are not considered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedWithinDepthClaim {
    /// The optimum, exact (`"p/q"` or an integer): the witness's expected calls.
    pub expected_calls: Fraction,
    /// `"elementary"` when the elementary bound meets the optimum, else `"solver"`.
    pub trust: Trust,
    /// An exact tree of depth `<= K` with `expected_calls` expected calls.
    pub witness: WitnessRecord,
    /// A lower bound the checker re-derives (see [`ExpectedBoundRecord`]).
    pub elementary_bound: ExpectedBoundRecord,
    /// The solver verdict closing the gap between the elementary bound and the optimum, when
    /// they differ.
    pub solver: Option<ExpectedSolverRecord>,
}

/// Expected calls over all exact strategies, loops included: the best strategy found, its
/// exact value, a lower bound the checker re-derives, and the gap. Status `"proved"` exactly
/// when the gap is 0, else `"bounded"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllStrategiesClaim {
    /// `"proved"` (the gap is 0) or `"bounded"`.
    pub status: AllStrategiesStatus,
    /// The strategy.
    pub strategy: StrategyRecord,
    /// The strategy's expected calls: exact, or an upper bound on them when
    /// `expected_calls_kind` says so.
    pub expected_calls: Fraction,
    /// Whether `expected_calls` is exact (the default, then omitted) or an upper bound (the
    /// strategy has a `"knuth-yao"` state whose tail is bounded, not summed).
    #[serde(default, skip_serializing_if = "ValueKind::is_exact")]
    pub expected_calls_kind: ValueKind,
    /// The lower bound, exact, and its argument.
    pub lower_bound: AllStrategiesBoundRecord,
    /// `expected_calls - lower_bound.value`, exact (an upper bound on the true gap when
    /// `expected_calls` is one).
    pub gap: Fraction,
}

/// What a recorded value is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// The exact value.
    #[default]
    Exact,
    /// An upper bound on the value, derived exactly (never a rounding).
    UpperBound,
}

impl ValueKind {
    pub fn is_exact(&self) -> bool {
        *self == ValueKind::Exact
    }
}

/// Whether a claim over all strategies closed its gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AllStrategiesStatus {
    /// The strategy meets the lower bound: it is optimal over all strategies.
    Proved,
    /// A strategy and a lower bound that do not meet.
    Bounded,
}

/// A strategy over all strategies' claim, by family.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "family", rename_all = "kebab-case", deny_unknown_fields)]
pub enum StrategyRecord {
    /// A finite exact tree.
    FiniteTree { witness: WitnessRecord },
    /// A pool automaton's run from pool 1: each pool visited and the size it calls; the last
    /// call either empties the pool or leads back to a listed pool (a loop).
    PoolAutomaton { pools: Vec<PoolStepRecord> },
    /// A general automaton of trees and chains.
    AsymmetricBlock { automaton: AutomatonRecord },
}

/// A strategy with loops: named states, the run starting in state 0 (see
/// `optimod-recycle::automaton`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutomatonRecord {
    pub states: Vec<StateRecord>,
}

/// One state of an automaton.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum StateRecord {
    /// A finite tree in the witness notation, where a leaf `@k` jumps to state k.
    Tree { tree: String },
    /// A chain of uniform pools, entered with pool 1 (a Knuth–Yao sampler): at each step the
    /// pool's value times the call's outcome is uniform in `0..pool*size`; the first values
    /// go to the outputs in `emit` (`"output:how-many ..."`, in order), the rest are the next
    /// step's pool; after the last step the leftover is empty or the pool of step `loop_to`.
    Chain { steps: Vec<ChainStepRecord>, loop_to: Option<u64> },
    /// A Knuth–Yao sampler stored by its distribution, where the run ends: output j with
    /// probability `weight_j / denominator` (`weights`: `"j:w j:w ..."`, outputs ascending,
    /// weights positive, summing to the denominator, which is below 2^63), drawn with
    /// `size`. Level k (k = 1, 2, ...) calls `size` and emits, output by output, as many
    /// values as the k-th base-`size` digit of its probability. Its expected calls are
    /// summed over the first `terms` levels and the rest bounded above by
    /// `(J - 1) size^(1 - terms) / (size - 1)` (J outputs): the claim's value is then an
    /// upper bound.
    KnuthYao { size: u64, denominator: u64, weights: OutputCounts, terms: u32 },
}

/// One step of a chain state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainStepRecord {
    pub pool: u64,
    pub size: u64,
    /// `"j:k j:k ..."`: k values for output j, in this order (empty: none).
    pub emit: OutputCounts,
}

/// One step of a pool automaton (see `optimod-recycle`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolStepRecord {
    /// The pool size r: a uniform value in `0..r` is held.
    pub pool: u64,
    /// The generator size called there.
    pub size: u64,
}

/// A lower bound on the expected calls of every exact strategy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum AllStrategiesBoundRecord {
    /// `sum_k Pr[more than k calls]`: 1 for `k < reach_levels`; `1/max_generator^k` while no
    /// exact finite tree of depth k exists (see [`LevelsExclusion`]); raised at the depths of
    /// `deficits`.
    Levels {
        value: Fraction,
        reach_levels: u32,
        excluded: LevelsExclusion,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        deficits: Vec<DeficitRecord>,
    },
    /// One generator size m: the Knuth–Yao optimum (docs/model.md §7 fact 7), which the checker
    /// recomputes as the cost of the forced pool automaton.
    KnuthYao { value: Fraction, size: u64 },
    /// The levels bound and a count (docs/model.md §7 fact 6): `excluded` is a per-output argument
    /// (no output's leaves can all sit at depth `<= d`), so every output has a leaf deeper
    /// than d; the internal nodes at depths `>= d` must supply n such leaves, and the cheapest
    /// way is one internal node at each of the `chain` depths `d, d+1, ...`
    /// (`p + (p-1)(chain-1) >= n`, p the largest size). So `Pr[more than k calls] >= 1/p^k`
    /// for `reach_levels <= k < d + chain`, and 1 below `reach_levels`; raised at the depths of
    /// `deficits`.
    Counting {
        value: Fraction,
        reach_levels: u32,
        excluded: ElementaryRecord,
        chain: u32,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        deficits: Vec<DeficitRecord>,
    },
    /// Per output up to a depth, then the levels terms (see [`PerOutputBoundRecord`]).
    PerOutput(PerOutputBoundRecord),
    /// Every strategy's top enumerated, each branch closed (see [`EnumerationBoundRecord`]).
    Enumeration(EnumerationBoundRecord),
    /// The single pending node (see [`PendingNodeBoundRecord`]).
    PendingNode(PendingNodeBoundRecord),
    /// Paths that carry a prime power of n (see [`ValuationPathBoundRecord`]).
    ValuationPath(ValuationPathBoundRecord),
}

/// Fact 11 of docs/model.md §7, the single pending node: `excluded` shows that no output's
/// leaves all sit at depth `<= 2`, so every output has a deeper leaf. With p the largest size,
/// a prime with `p^2 >= n`, a top pays after two calls at least `2/p^2`, or
/// `1/P` (P the largest product of two sizes below `p^2`), or one node `1/p^2` that calls a
/// smaller size q (`1/(p^2 q)` after three), or calls p and keeps two children (`2/p^3`), or
/// keeps one: then at most `p - 1` outputs have a depth-3 leaf, and any other would need
/// `p/n - y/(p^2 c)` (y leaves below the depth-3 node calling c) to be a sum of `1/b` over the
/// sizes, which it never is (p-adic valuations: at most -2 against at least -1); so `1/p^4`
/// is pending after four calls. `value` is the least case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingNodeBoundRecord {
    pub value: Fraction,
    pub excluded: ElementaryRecord,
}

/// Fact 12 of docs/model.md §7, paths that carry `p^a`: for each root r, a strategy with
/// nodes at every depth pays `1 + sum_k base(k)` (`base(k)` = 1 while `r top^(k-1) < n`, then
/// `1/(r top^(k-1))`); a finite one gives every output a leaf whose path's product has
/// `v_p >= v_p(n)`, and the parent of the deepest such first leaf carries most of that power,
/// so (when the largest multiple of p is below the top size) it is heavy enough to pay the
/// same whole sum; otherwise the sum up to the least depth such a leaf or `excluded` allows.
/// The checker recomputes `value` from the spec and `excluded`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuationPathBoundRecord {
    pub value: Fraction,
    pub excluded: ElementaryRecord,
}

/// Fact 10 of docs/model.md §7, the top of every tree enumerated: level by level, each pending
/// node calls some size and each new node becomes a leaf of an output with room for it or
/// stays pending (equal branches merged, keeping the cheapest). A branch closes at `value`
/// when its calls so far plus fact 9's bound below it (leaves counted exactly up to `horizon`
/// levels down) reach `value`, when it is finished at a cost of at least `value`, or when its
/// one pending node owes every output the same (a scaled copy of the whole problem) and its
/// calls so far are at least `(1 - mass) value`. When every branch has closed
/// by `depth`, no strategy costs less than `value`. The checker re-runs the enumeration and
/// must count the same `states` (distinct branches over all depths).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumerationBoundRecord {
    pub value: Fraction,
    pub depth: u32,
    pub horizon: u32,
    pub states: u64,
}

/// Fact 9 of docs/model.md §7, the per-output bound: `sum_{k <= depth} Pr[more than k calls]`
/// is the sum over outputs of their leaves' reaches times their depths capped at `depth + 1`;
/// each output's leaves carry exactly `1/n` and a leaf of reach `1/P` sits at depth at least
/// the fewest sizes with product P, so that part is at least `(depth + 1) - n M / L`, M the
/// best of an unbounded knapsack the checker solves again; beyond `depth` the levels terms
/// (`excluded` as in the levels bound) are added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerOutputBoundRecord {
    pub value: Fraction,
    pub depth: u32,
    pub reach_levels: u32,
    pub excluded: LevelsExclusion,
}

/// The exact deficit at one depth (docs/model.md §7 fact 8): one output's leaves of depth
/// `<= depth` carry at most `capacity`, the largest sum of reaches `1/P` (P a product of at
/// most `depth` sizes) not above `1/n`; so `Pr[more than depth calls] >= 1 - n * capacity`,
/// which replaces the bound's own term at that depth (and must exceed it). Depths ascending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeficitRecord {
    pub depth: u32,
    /// Exact, `"p/q"`.
    pub capacity: Fraction,
}

/// Which depths of the levels bound have no exact finite tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum LevelsExclusion {
    /// Up to the argument's excluded depth.
    UpTo(ElementaryRecord),
    /// Every depth: the prime divides n and no size, so no finite exact tree exists.
    Forever { missing_prime: u64 },
}

/// Expected calls are the sum over depths k of `Pr[more than k calls]`. For `k <
/// reach_levels` every node at depth k is internal (`max_generator^k < n`), a term of 1; for
/// `reach_levels <= k <= excluded.excluded_depth` no exact tree of depth k exists, so some
/// node at depth k is internal, a term of at least `1/max_generator^k`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedBoundRecord {
    /// The bound, exact.
    pub value: Fraction,
    /// The least depth at which a leaf can sit.
    pub reach_levels: u32,
    /// The worst-case argument excluding shallow exact trees.
    pub excluded: ElementaryRecord,
    /// One per prime p of n: every output needs a leaf whose product has `v_p >= exponent`,
    /// so at depth `>= min_depth` and of reach `>= 1/max_product`; for `k < min_depth`,
    /// `Pr[more than k calls] >= min(1, n / max_product)`.
    pub valuation_levels: Vec<ValuationLevelRecord>,
    /// Depth 3 only, when it raises the bound: every output costs at least `value / n`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_output: Option<PerOutputRecord>,
    /// When it raises the bound: every exact tree of depth `<= K`, enumerated, costs at least
    /// its value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exhaustive: Option<ExhaustiveRecord>,
}

/// A per-output bound for trees of depth `<= 3` (every size prime and below n, so no leaf at
/// depth 1 and an output costs `2/n` plus its depth-3 mass): for every root r, no multiset of
/// depth-3 leaf types (`1/(r s t)`) of mass below `(value - 2)/n` leaves a rest of `1/n` that
/// depth-2 leaves (`1/(r q)`) can make up (its partial fractions over the sizes sum to 1 or
/// more, or its denominator is not squarefree over them). Some output costs at most `E/n`, so
/// `E >= value`. `multisets` counts the multisets examined over all roots, the empty one
/// included; the checker enumerates them again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerOutputRecord {
    pub value: Fraction,
    pub multisets: u64,
}

/// The data of one prime's term in [`ExpectedBoundRecord`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuationLevelRecord {
    /// The prime p.
    pub prime: u64,
    /// `v_p(n)`.
    pub exponent: u32,
    /// The fewest sizes whose product has `v_p >= exponent`.
    pub min_depth: u32,
    /// The largest product of at most `max_depth` sizes with `v_p >= exponent`, decimal.
    pub max_product: Natural,
}

/// "For every root call r, no exact tree of depth `<= max_depth` with root r has expected
/// calls below the optimum": unsatisfiable according to the engine, case by case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedSolverRecord {
    /// The engine, its version and the encoding.
    pub provenance: Provenance,
    /// The root calls, one unsatisfiable case each (every generator size).
    pub roots: Vec<u64>,
    /// Always `"unsat"`.
    pub verdict: SolverVerdict,
    /// The same cases as an SMT-LIB 2 script, for replay by another solver.
    pub replay: ReplayRecord,
}

/// One engine's answer about the claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineCheckRecord {
    /// The engine.
    pub engine: Engine,
    /// The engine's version as it reports it.
    pub engine_version: String,
    /// The depth asked about.
    pub depth: u32,
    /// What it answered.
    pub verdict: EngineVerdict,
    /// How: models used and number of cases, or why the engine could not answer (prose, for
    /// people; the checker reads only the fields above).
    pub detail: String,
}

/// An engine that cross-checks claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    /// The SMT solver.
    Z3,
    /// COIN-OR CBC, the integer-programming engine (through good_lp).
    Cbc,
}

/// An engine's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EngineVerdict {
    /// Worst case: an exact tree of depth `<= depth` (found and verified exact).
    Tree,
    /// Worst case: every root case infeasible, no exact tree of depth `<= depth`.
    NoTree,
    /// Expected calls: the least expected calls among exact trees of depth `<= depth`, exact.
    Optimum(Fraction),
    /// The model was too large to build (see `detail`).
    NotApplicable,
    /// The engine gave no answer within its limits (see `detail`).
    Unknown,
}

/// The only verdict a certificate records from a solver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SolverVerdict {
    Unsat,
}

/// The spec, as the user gave it and as it was normalised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecRecord {
    /// The target modulus n.
    pub modulus: u64,
    /// The generator sizes, strictly ascending; absent for `"primes-below-modulus"`, whose
    /// sizes the rule fixes (the checker derives them itself).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generators: Vec<u64>,
    /// Where the sizes come from.
    pub generator_rule: RuleRecord,
    /// What is minimised.
    pub objective: ObjectiveRecord,
    /// The depth limit of the `"expected-calls"` objective (absent for worst-case, and for
    /// expected calls over all strategies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_depth: Option<u32>,
}

/// Where a spec's generator sizes come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleRecord {
    /// Every prime below the modulus (not listed in the certificate).
    PrimesBelowModulus,
    /// The listed sizes.
    Explicit,
}

/// What a spec minimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectiveRecord {
    /// Calls on the longest path.
    WorstCase,
    /// Average calls (within the depth limit, or over all strategies without one).
    ExpectedCalls,
}

/// What a proved lower bound rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trust {
    /// Only arithmetic that the checker repeats itself.
    Elementary,
    /// A solver verdict that the checker cannot repeat (see `lower_bound.solver`).
    Solver,
}

/// The witness strategy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WitnessRecord {
    /// Worst-case calls (depth) of the tree.
    pub depth: u32,
    /// Number of leaves, decimal (a compact tree for a large modulus has more leaves than a
    /// machine integer holds).
    pub leaves: Natural,
    /// Exact expected calls, `"p/q"` or an integer.
    pub expected_calls: Fraction,
    /// How the tree was found.
    pub found_by: Provenance,
    /// The tree, explicit or compact.
    pub tree: TreeRecord,
}

/// A witness tree, written out or as divisor blocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum TreeRecord {
    /// Explicit: a leaf is its output (`5`); a call is the size and its children in order of
    /// outcome, in parentheses (`2(0 1)`).
    Explicit(String),
    /// Compact: divisor-block samplers ascending by modulus, the last one for n.
    ///
    /// Expansion rule. The sampler for t calls `root`; its outcomes, in order, are split into
    /// the blocks as listed, a block `{divisor: e, count: j}` taking `j * (t/e)` consecutive
    /// outcomes. Outcome `i` of a block (counted from 0 inside it) runs the sampler for e (for
    /// e = 1: a leaf giving 0) and maps its output s to `i mod (t/e) + (t/e) * s`. Every
    /// divisor e > 1 a block names has its own sampler earlier in the list. The tree is exact
    /// when every sampler's blocks fill its root: `root = sum j * (t/e)`.
    Blocks(Vec<SamplerRecord>),
}

/// One sampler of a compact witness (see [`TreeRecord::Blocks`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SamplerRecord {
    /// The sampler's target t, a divisor of n.
    pub modulus: u64,
    /// The generator size it calls first.
    pub root: u64,
    /// Its groups of root outcomes, in outcome order.
    pub blocks: Vec<BlockRecord>,
}

/// `count` blocks of `t / divisor` root outcomes, each running the sampler for `divisor`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockRecord {
    /// A proper divisor e of the sampler's modulus (1: the outcome is a leaf).
    pub divisor: u64,
    /// How many blocks of `t / e` outcomes.
    pub count: u64,
}

/// Which engine produced a witness or a verdict, from which encoding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Who produced it.
    pub engine: Producer,
    /// Engine version, for solvers (`"4.13.3"`), else empty.
    pub engine_version: String,
    /// The encoding or construction's name, versioned.
    pub encoding: String,
    /// Integer variables in the query (0 for constructions).
    pub variables: u64,
    /// Constraints in the query (0 for constructions).
    pub constraints: u64,
}

/// Who produced a witness or a verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Producer {
    /// The SMT solver.
    Z3,
    /// The divisor-block dynamic programme (docs/model.md §4), no solver.
    Construction,
    /// The worst-case pipeline's least-depth witness, reused for an expected-calls claim.
    WorstCasePipeline,
}

/// Why no exact tree of depth `excluded_depth` or less exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowerBoundRecord {
    /// No exact tree has depth `<= excluded_depth` (`worst_case_calls - 1`).
    pub excluded_depth: u32,
    /// The strongest elementary argument: it excludes depths up to its own `excluded_depth`.
    pub elementary: ElementaryRecord,
    /// The solver verdict that excludes the depths above the elementary argument, if needed.
    pub solver: Option<SolverRecord>,
}

/// An elementary argument and the depth it excludes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementaryRecord {
    /// No exact tree has depth `<= excluded_depth`, by `argument`.
    pub excluded_depth: u32,
    /// The argument and its numbers.
    pub argument: ArgumentRecord,
}

/// An elementary lower-bound argument (docs/model.md §3). `d` below is the excluded depth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ArgumentRecord {
    /// `max_generator^d < n`: every leaf at depth `<= d` has reach above `1/n`.
    Reach {
        /// The largest generator size.
        max_generator: u64,
    },
    /// `p^exponent` exactly divides n and `d * max_valuation < exponent`, where
    /// `max_valuation` is the largest `v_p` of a generator size.
    Valuation {
        /// The prime p.
        prime: u64,
        /// `v_p(n)`.
        exponent: u32,
        /// `max over generators m of v_p(m)`.
        max_valuation: u32,
    },
    /// No multiset of at most d sizes has product `>= n` and `v_p(product) >= exponent`.
    ValuationAndReach {
        /// The prime p.
        prime: u64,
        /// `v_p(n)`.
        exponent: u32,
    },
    /// For every root m (one case each, ascending), `m/n` is not a non-negative combination of
    /// `1/prod(T)` over multisets T of at most `d - 1` sizes.
    RootSplit {
        /// One case per generator size.
        cases: Vec<RootCaseRecord>,
    },
    /// d = 2 and every size is prime: for every root m, `m/n` is not `c_0 + sum_q c_q/q` (its
    /// reduced denominator is not squarefree over the sizes, or its partial fractions
    /// `sum r_p/p`, `0 <= r_p < p`, exceed it).
    PartialFractions {
        /// The number of roots examined: every generator size.
        roots: u64,
    },
    /// Every tree of depth `<= d` enumerated, level by level (nodes of one kind and outputs of
    /// one demand interchangeable): none is exact. See [`ExhaustiveRecord`].
    Exhaustive {
        /// Distinct branches over all levels, as [`ExhaustiveRecord::states`] counts them.
        states: u64,
    },
}

/// An exhaustive enumeration of the trees of depth `<= K`, level by level: each pending node
/// calls a size; each new node becomes a leaf of an output whose remaining demand it fits, or
/// (above depth K) stays pending; at depth K every node is a leaf and every demand is met.
/// A branch is the pending nodes (by the exponent of each size on their path, with their
/// number) and the sorted remaining demands; equal branches are merged at their least cost so
/// far (the mass still pending, summed over the levels). The checker enumerates again with its
/// own code and must count the same branches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExhaustiveRecord {
    /// The least expected calls of an exact tree of depth `<= K`, exact.
    pub value: Fraction,
    /// Distinct branches, summed over the levels 1..=K.
    pub states: u64,
}

/// One root of a root split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootCaseRecord {
    /// The size called at the root.
    pub root: u64,
    /// Coin denominators q (coins `1/q`) left after the valuation reduction: a prime that
    /// divides exactly one denominator and not n forces that coin's count to a multiple of
    /// its power, so the coin is replaced by a larger one; coins above `m/n` are dropped.
    pub denominators: Vec<u64>,
}

/// A solver verdict: "no exact tree of depth `<= depth`" is unsatisfiable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolverRecord {
    /// The depth the query asks about (`worst_case_calls - 1`).
    pub depth: u32,
    /// The engine, its version and the encoding.
    pub provenance: Provenance,
    /// Always `"unsat"`.
    pub verdict: SolverVerdict,
    /// The same query as an SMT-LIB 2 script, for replay by another solver.
    pub replay: ReplayRecord,
}

/// An SMT-LIB 2 script written beside the certificate as `<certificate stem>.<file_suffix>`,
/// one `(check-sat)` per case of the solver's case split; every one must answer `unsat`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplayRecord {
    /// `depth<d>.smt2`.
    pub file_suffix: String,
    /// SHA-256 of the script's bytes, lowercase hex.
    pub sha256: String,
    /// Number of `(check-sat)` commands in it.
    pub checks: u32,
}

impl Engine {
    /// The engine's name as certificates spell it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Z3 => "z3",
            Engine::Cbc => "cbc",
        }
    }
}

impl EngineVerdict {
    /// The verdict in one word (`"optimum"` without its value).
    pub fn word(&self) -> &'static str {
        match self {
            EngineVerdict::Tree => "tree",
            EngineVerdict::NoTree => "no-tree",
            EngineVerdict::Optimum(_) => "optimum",
            EngineVerdict::NotApplicable => "not-applicable",
            EngineVerdict::Unknown => "unknown",
        }
    }
}

impl Producer {
    /// The producer's name as certificates spell it.
    pub fn name(self) -> &'static str {
        match self {
            Producer::Z3 => "z3",
            Producer::Construction => "construction",
            Producer::WorstCasePipeline => "worst-case-pipeline",
        }
    }
}

impl Certificate {
    /// The stable JSON bytes: pretty-printed, fields in declaration order, newline at the end.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("certificates always serialise");
        text.push('\n');
        text
    }

    /// The same JSON on one line (for a file of many certificates, one per line).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("certificates always serialise")
    }

    /// Parses JSON text; the error names the line and column.
    pub fn from_json(text: &str) -> Result<Certificate, serde_json::Error> {
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn impossible() -> Certificate {
        Certificate {
            format: FORMAT.into(),
            version: VERSION,
            spec: SpecRecord {
                modulus: 43,
                generators: vec![],
                generator_rule: RuleRecord::PrimesBelowModulus,
                objective: ObjectiveRecord::WorstCase,
                max_depth: None,
            },
            claim: Claim::Impossible(ImpossibleClaim { missing_prime: 43 }),
            cross_checks: vec![],
        }
    }

    #[test]
    fn the_claim_is_tagged_by_kind_and_round_trips() {
        let text = impossible().to_json();
        assert!(text.contains("\"kind\": \"impossible\""), "{text}");
        assert_eq!(Certificate::from_json(&text).unwrap(), impossible());
    }

    #[test]
    fn fields_a_claim_does_not_have_are_refused() {
        let text = impossible().to_json().replace("\"missing_prime\": 43", "\"missing_prime\": 43, \"witness\": null");
        let error = Certificate::from_json(&text).unwrap_err().to_string();
        assert!(error.contains("unknown field `witness`"), "{error}");
    }

    #[test]
    fn engine_verdicts_are_words_or_an_optimum() {
        let optimum: EngineVerdict = serde_json::from_str(r#"{"optimum": "3/2"}"#).unwrap();
        assert_eq!(optimum, EngineVerdict::Optimum(Fraction::parse("3/2").unwrap()));
        assert_eq!(serde_json::to_string(&EngineVerdict::NoTree).unwrap(), "\"no-tree\"");
        assert!(serde_json::from_str::<EngineVerdict>("\"maybe\"").is_err());
    }
}
