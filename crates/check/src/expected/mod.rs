//! Expected-calls claims: optimal among trees of depth <= K (`check_expected`) and over all
//! strategies with a pool automaton or a finite tree (`check_all_strategies`). Built on the
//! kernel (`crate::kernel`), which never imports this module. The facts of docs/model.md §7
//! each have a file: `top.rs` fact 10, `pending_node.rs` fact 11, `valuation_path.rs` fact 12;
//! strategies with loops are checked in `automaton.rs`, compact samplers in `sampler.rs`.

mod automaton;
mod pending_node;
mod sampler;
mod top;
mod valuation_path;

use crate::kernel::arith::is_prime;
use crate::kernel::elementary::check_elementary;
use crate::kernel::error::{at, CheckError};
use crate::kernel::limits::{DEPTH_LIMIT, ENUMERATION_LIMIT, KNAPSACK_UNITS_LIMIT, POOL_RUN_LIMIT};
use crate::kernel::spec::Spec;
use crate::kernel::tree::check_witness;
use crate::kernel::verdict::{AllStrategiesVerdict, Basis, Established, TrustLevel, Verdict};
use crate::kernel::worst_case::{settle_trust, solver_trust};
use automaton::automaton_cost;
use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_cert::{
    AllStrategiesBoundRecord, AllStrategiesClaim, AllStrategiesStatus, DeficitRecord, ElementaryRecord, Engine,
    EngineCheckRecord, EngineVerdict, ExpectedBoundRecord, ExpectedSolverRecord, ExpectedWithinDepthClaim,
    LevelsExclusion, PerOutputBoundRecord, StrategyRecord, ValueKind,
};

/// "The witness has the fewest expected calls among exact trees of depth `<= max_depth`":
/// the witness exactly, the elementary bound re-derived, and the solver verdict where the
/// bound is below the claim.
pub(crate) fn check_expected(
    spec: &Spec,
    max_depth: u32,
    claim: &ExpectedWithinDepthClaim,
    cross_checks: &[EngineCheckRecord],
) -> Result<Verdict, CheckError> {
    let facts = check_witness(spec, &claim.witness).map_err(at("claim.witness"))?;
    if facts.depth > max_depth {
        return Err(CheckError::Witness {
            field: "depth",
            claimed: format!("at most {max_depth}"),
            actual: facts.depth.to_string(),
        });
    }
    if claim.expected_calls.value() != &facts.expected_calls {
        return Err(CheckError::Witness {
            field: "claim.expected_calls",
            claimed: claim.expected_calls.to_string(),
            actual: facts.expected_calls.to_string(),
        });
    }

    let value = expected_bound_value(spec, max_depth, &claim.elementary_bound).map_err(at("claim.elementary_bound"))?;
    if claim.elementary_bound.value.value() != &value {
        return Err(CheckError::LowerBound(format!(
            "the elementary bound on expected calls is {value}, not {}",
            claim.elementary_bound.value
        )));
    }
    if value > facts.expected_calls {
        return Err(CheckError::LowerBound(format!(
            "the elementary bound {value} exceeds the witness's {} expected calls",
            facts.expected_calls
        )));
    }
    let actual = expected_trust(spec, max_depth, claim.solver.as_ref(), &value, &facts.expected_calls)
        .map_err(at("claim.solver"))?;
    let cross_checked_by = expected_cross_checks(cross_checks, max_depth, &facts.expected_calls)?;
    let trust = settle_trust(claim.trust, actual)?;
    Ok(Verdict {
        modulus: spec.modulus,
        established: Established::ExpectedWithinDepth { max_depth, expected_calls: facts.expected_calls },
        trust,
        basis: within_depth_basis(&claim.elementary_bound, claim.solver.as_ref()),
        cross_checked_by,
    })
}

/// Fact 1 (expected calls as a sum of level masses) under every within-depth bound, fact 9's
/// outputs one by one under the per-output argument, the exhaustive listing when it settles it.
fn within_depth_basis(bound: &ExpectedBoundRecord, solver: Option<&ExpectedSolverRecord>) -> Basis {
    let argument = match &bound.exhaustive {
        Some(_) => "exhaustive",
        None => crate::kernel::elementary::argument_kind(&bound.excluded.argument),
    };
    let mut model_facts = vec![1];
    if bound.per_output.is_some() {
        model_facts.push(9);
    }
    Basis { argument: Some(argument), model_facts, solver: solver.map(|s| s.provenance.engine) }
}

/// The elementary lower bound on expected calls within depth `max_depth`, re-derived: the sum
/// over k < K of a lower bound on Pr[more than k calls], raised by the per-output argument.
fn expected_bound_value(spec: &Spec, max_depth: u32, bound: &ExpectedBoundRecord) -> Result<BigRational, CheckError> {
    // The elementary bound: sum over k < K of a lower bound on Pr[more than k calls].
    check_elementary(spec, &bound.excluded)?;
    let top = spec.largest;
    let reach_levels = reach_levels_of(spec);
    if bound.reach_levels != reach_levels {
        return Err(CheckError::LowerBound(format!(
            "a leaf can first sit at depth {reach_levels}, not {}",
            bound.reach_levels
        )));
    }
    let levels = valuation_levels(spec, max_depth)?;
    let recorded: Vec<(u64, u32, u32, BigUint)> = bound
        .valuation_levels
        .iter()
        .map(|r| (r.prime, r.exponent, r.min_depth, r.max_product.value().clone()))
        .collect();
    let derived: Vec<(u64, u32, u32, BigUint)> =
        levels.iter().map(|&(p, a, t, product)| (p, a, t, BigUint::from(product))).collect();
    if recorded != derived {
        return Err(CheckError::LowerBound(format!(
            "valuation levels (prime, exponent, min depth, max product) are {derived:?}, not {recorded:?}"
        )));
    }
    let mut value = BigRational::zero();
    for k in 0..max_depth {
        let mut term = BigRational::zero();
        if k < reach_levels {
            term = BigRational::one();
        } else if k <= bound.excluded.excluded_depth {
            term = BigRational::new(BigInt::one(), BigInt::from(top).pow(k));
        }
        for &(_, _, min_depth, product) in &levels {
            let share = BigRational::new(BigInt::from(spec.modulus), BigInt::from(product));
            if k < min_depth && share > term {
                term = share.min(BigRational::one());
            }
        }
        value += term;
    }
    if let Some(per_output) = &bound.per_output {
        let claimed = per_output.value.value().clone();
        let examined = per_output_multisets(spec, max_depth, &claimed)?;
        if examined != per_output.multisets {
            return Err(CheckError::LowerBound(format!(
                "the per-output argument examines {examined} leaf multisets, not {}",
                per_output.multisets
            )));
        }
        if claimed > value {
            value = claimed;
        } else {
            return Err(CheckError::LowerBound("the per-output argument does not raise the bound".into()));
        }
    }
    if let Some(record) = &bound.exhaustive {
        let claimed = record.value.value().clone();
        let Some(least) = crate::kernel::levels::exhaustive_least(spec, max_depth, record.states)? else {
            return Err(CheckError::LowerBound(format!("no tree of depth <= {max_depth} is exact")));
        };
        if least != claimed {
            return Err(CheckError::LowerBound(format!(
                "the least expected calls of a tree of depth <= {max_depth} is {least}, not {claimed}"
            )));
        }
        if claimed <= value {
            return Err(CheckError::LowerBound("the exhaustive enumeration does not raise the bound".into()));
        }
        value = claimed;
    }
    Ok(value)
}

/// What the claim rests on: the elementary bound when it meets the witness, otherwise a z3
/// verdict (unsat for every root, with its replay script named).
fn expected_trust(
    spec: &Spec,
    max_depth: u32,
    solver: Option<&ExpectedSolverRecord>,
    value: &BigRational,
    expected_calls: &BigRational,
) -> Result<TrustLevel, CheckError> {
    let bound_meets = value == expected_calls;
    Ok(match solver {
        None if bound_meets => TrustLevel::Elementary,
        None => {
            return Err(CheckError::LowerBound(format!(
                "the elementary bound {value} is below the claim {expected_calls} and no solver verdict closes the gap"
            )))
        }
        Some(_) if bound_meets => {
            return Err(CheckError::LowerBound(
                "a solver verdict is recorded where the elementary bound suffices".into(),
            ))
        }
        Some(solver) => {
            if *solver.roots != *spec.generators {
                return Err(CheckError::LowerBound(format!(
                    "the solver verdict must cover every root call {:?}; it covers {:?}",
                    spec.generators, solver.roots
                )));
            }
            let suffix = format!("expected-depth{max_depth}.smt2");
            if solver.replay.file_suffix != suffix || solver.replay.checks as usize != solver.roots.len() {
                return Err(CheckError::LowerBound(format!(
                    "the replay script must be {suffix:?} with one (check-sat) per root, not {:?} with {}",
                    solver.replay.file_suffix, solver.replay.checks
                )));
            }
            solver_trust(solver.verdict, solver.provenance.engine)?
        }
    })
}

/// The cross-check records: each is about the claim's depth, and an optimum must be the
/// claimed one. Returns the engines that agree.
fn expected_cross_checks(
    records: &[EngineCheckRecord],
    max_depth: u32,
    expected_calls: &BigRational,
) -> Result<Vec<Engine>, CheckError> {
    let mut agreeing = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let here = at(format!("cross_checks[{i}]"));
        let about_claim =
            matches!(r.verdict, EngineVerdict::Optimum(_) | EngineVerdict::NotApplicable | EngineVerdict::Unknown);
        if !about_claim || r.depth != max_depth {
            return Err(here(CheckError::Shape(format!(
                "cross-check by {} at depth {} with verdict {:?} is not about this claim",
                r.engine.name(),
                r.depth,
                r.verdict
            ))));
        }
        if let EngineVerdict::Optimum(optimum) = &r.verdict {
            if optimum.value() != expected_calls {
                return Err(here(CheckError::LowerBound(format!(
                    "{} reports the optimum {optimum}, the claim is {expected_calls}",
                    r.engine.name()
                ))));
            }
            if !agreeing.contains(&r.engine) {
                agreeing.push(r.engine);
            }
        }
    }
    Ok(agreeing)
}

/// Expected calls over all strategies: the strategy's exact value (a finite tree, or a pool
/// automaton evaluated here by its own linear recurrence), the lower bound re-derived, the
/// gap, and the status `proved` exactly when the gap is 0.
pub(crate) fn check_all_strategies(
    spec: &Spec,
    claim: &AllStrategiesClaim,
    cross_checks: &[EngineCheckRecord],
) -> Result<Verdict, CheckError> {
    if !cross_checks.is_empty() {
        return Err(CheckError::Shape("a claim over all strategies has no engine cross-checks".into()));
    }
    let (value, kind) = strategy_value(spec, &claim.strategy).map_err(at("claim.strategy"))?;
    if claim.expected_calls.value() != &value {
        return Err(CheckError::Witness {
            field: "claim.expected_calls",
            claimed: claim.expected_calls.to_string(),
            actual: value.to_string(),
        });
    }
    if claim.expected_calls_kind != kind {
        return Err(CheckError::Witness {
            field: "claim.expected_calls_kind",
            claimed: format!("{:?}", claim.expected_calls_kind),
            actual: format!("{kind:?}"),
        });
    }
    let lower = at("claim.lower_bound");
    let (recorded, bound) = match &claim.lower_bound {
        AllStrategiesBoundRecord::KnuthYao { value, size } => (value, knuth_yao_bound(spec, *size).map_err(lower)?),
        AllStrategiesBoundRecord::Counting { value, reach_levels, excluded, chain, deficits } => {
            (value, counting_bound(spec, *reach_levels, excluded, *chain, deficits).map_err(lower)?)
        }
        AllStrategiesBoundRecord::Levels { value, reach_levels, excluded, deficits } => {
            (value, levels_bound(spec, *reach_levels, excluded, deficits).map_err(lower)?)
        }
        AllStrategiesBoundRecord::PerOutput(record) => (&record.value, per_output_bound(spec, record).map_err(lower)?),
        AllStrategiesBoundRecord::PendingNode(record) => {
            (&record.value, pending_node::pending_node_bound(spec, record).map_err(lower)?)
        }
        AllStrategiesBoundRecord::ValuationPath(record) => {
            (&record.value, valuation_path::valuation_path_bound(spec, record).map_err(lower)?)
        }
        AllStrategiesBoundRecord::Enumeration(record) => {
            (&record.value, top::enumeration_bound(spec, record).map_err(lower)?)
        }
    };
    if recorded.value() != &bound {
        return Err(CheckError::LowerBound(format!("the lower bound is {bound}, not {recorded}")));
    }
    if bound > value {
        return Err(CheckError::LowerBound(format!("the lower bound {bound} exceeds the strategy's {value}")));
    }
    let gap = &value - &bound;
    if claim.gap.value() != &gap {
        return Err(CheckError::LowerBound(format!("the gap is {gap}, not {}", claim.gap)));
    }
    let status = if gap.is_zero() { AllStrategiesStatus::Proved } else { AllStrategiesStatus::Bounded };
    if claim.status != status {
        return Err(CheckError::Shape(format!("status {:?} but the gap is {gap}", claim.status)));
    }
    Ok(Verdict {
        modulus: spec.modulus,
        established: Established::AllStrategies(AllStrategiesVerdict {
            status,
            expected_calls: value,
            expected_calls_kind: kind,
            lower_bound: bound,
        }),
        trust: TrustLevel::Elementary,
        basis: Basis { argument: None, model_facts: bound_facts(&claim.lower_bound), solver: None },
        cross_checked_by: vec![],
    })
}

/// The facts of docs/model.md §7 a bound over all strategies rests on: fact 1 under all but
/// Knuth–Yao's (fact 7), fact 8 where exact deficits enter, then the bound's own.
fn bound_facts(bound: &AllStrategiesBoundRecord) -> Vec<u32> {
    let deficits = |d: &[DeficitRecord]| if d.is_empty() { vec![] } else { vec![8] };
    let mut facts = match bound {
        AllStrategiesBoundRecord::KnuthYao { .. } => return vec![7],
        AllStrategiesBoundRecord::Levels { deficits: d, .. } => deficits(d),
        AllStrategiesBoundRecord::Counting { deficits: d, .. } => [vec![6], deficits(d)].concat(),
        AllStrategiesBoundRecord::PerOutput(_) => vec![9],
        AllStrategiesBoundRecord::Enumeration(_) => vec![9, 10],
        AllStrategiesBoundRecord::PendingNode(_) => vec![11],
        AllStrategiesBoundRecord::ValuationPath(_) => vec![12],
    };
    facts.insert(0, 1);
    facts.sort_unstable();
    facts
}

/// The exact expected calls of the claimed strategy: a finite tree, an asymmetric block's
/// automaton, or a pool automaton, each evaluated here.
fn strategy_value(spec: &Spec, strategy: &StrategyRecord) -> Result<(BigRational, ValueKind), CheckError> {
    Ok(match strategy {
        StrategyRecord::FiniteTree { witness } => (check_witness(spec, witness)?.expected_calls, ValueKind::Exact),
        StrategyRecord::AsymmetricBlock { automaton } => match automaton_cost(spec, automaton)? {
            (value, true) => (value, ValueKind::Exact),
            (value, false) => (value, ValueKind::UpperBound),
        },
        StrategyRecord::PoolAutomaton { pools } => {
            let steps: Vec<(u64, u64)> = pools.iter().map(|p| (p.pool, p.size)).collect();
            (pool_cost(spec, &steps)?, ValueKind::Exact)
        }
    })
}

/// One size: the forced pool automaton, which realises the Knuth-Yao tree.
fn knuth_yao_bound(spec: &Spec, size: u64) -> Result<BigRational, CheckError> {
    if *spec.generators != [size] {
        return Err(CheckError::LowerBound(format!(
            "the Knuth-Yao bound needs the single size {size}, the spec has {:?}",
            spec.generators
        )));
    }
    // With one size the pool automaton is forced, and it realises the Knuth-Yao tree.
    let mut steps = Vec::new();
    let mut pool = 1u64;
    while pool != 0 && !steps.iter().any(|&(p, _)| p == pool) {
        steps.push((pool, size));
        let values = pool as u128 * size as u128;
        pool = if values < spec.modulus as u128 { values as u64 } else { (values % spec.modulus as u128) as u64 };
    }
    pool_cost(spec, &steps)
}

/// The levels bound plus the count of depths that n deeper leaves need.
fn counting_bound(
    spec: &Spec,
    reach_levels: u32,
    excluded: &ElementaryRecord,
    chain: u32,
    deficits: &[DeficitRecord],
) -> Result<BigRational, CheckError> {
    let top = spec.largest;
    let levels = reach_levels_of(spec);
    if reach_levels != levels {
        return Err(CheckError::LowerBound(format!("a leaf can first sit at depth {levels}, not {reach_levels}")));
    }
    // Every elementary argument is about one output's leaves, so it shows that every
    // output has a leaf deeper than d.
    check_elementary(spec, excluded)?;
    let d = excluded.excluded_depth;
    if d < levels {
        return Err(CheckError::LowerBound(format!("the count needs an excluded depth of at least {levels}, not {d}")));
    }
    // The fewest depths from d on whose single internal nodes supply n deeper leaves:
    // the first gives `top` leaves, each next one `top - 1` more.
    let mut least = 1u32;
    let mut leaves = top as u128;
    while leaves < spec.modulus as u128 {
        least += 1;
        leaves += top as u128 - 1;
    }
    if chain != least || least < 2 {
        return Err(CheckError::LowerBound(format!("n deeper leaves need a chain of {least} depths, not {chain}")));
    }
    let last = d + least - 1;
    // More nodes pending at a depth of the chain may end it sooner: a deficit there does not
    // add to the chain's terms.
    if let Some(inside) = deficits.iter().find(|r| (d..=last).contains(&r.depth)) {
        return Err(CheckError::LowerBound(format!(
            "a deficit at depth {} inside the chain's depths {d}..={last} does not add to the chain",
            inside.depth
        )));
    }
    let raise = deficit_raise(spec, deficits, |k| level_term(k, levels, last, top))?;
    Ok(BigRational::from_integer(BigInt::from(levels)) + tail_from(levels, last, top) + raise)
}

/// Levels: 1 per level no leaf can reach, then `1/top^k` per excluded level (a geometric tail
/// when no finite tree exists at all).
fn levels_bound(
    spec: &Spec,
    reach_levels: u32,
    excluded: &LevelsExclusion,
    deficits: &[DeficitRecord],
) -> Result<BigRational, CheckError> {
    let top = spec.largest;
    let levels = checked_reach_levels(spec, reach_levels)?;
    let last = excluded_through(spec, excluded)?;
    let raise = deficit_raise(spec, deficits, |k| level_term(k, levels, last, top))?;
    Ok(BigRational::from_integer(BigInt::from(levels)) + tail_from(levels, last, top) + raise)
}

/// The claimed first depth at which a leaf can sit, if it is the true one.
fn checked_reach_levels(spec: &Spec, reach_levels: u32) -> Result<u32, CheckError> {
    let levels = reach_levels_of(spec);
    if reach_levels != levels {
        return Err(CheckError::LowerBound(format!("a leaf can first sit at depth {levels}, not {reach_levels}")));
    }
    Ok(levels)
}

/// The last depth with no exact tree: the argument's excluded depth, or every depth
/// (`u32::MAX`) when a prime of n divides no size.
fn excluded_through(spec: &Spec, excluded: &LevelsExclusion) -> Result<u32, CheckError> {
    match excluded {
        LevelsExclusion::UpTo(record) => {
            check_elementary(spec, record)?;
            Ok(record.excluded_depth)
        }
        &LevelsExclusion::Forever { missing_prime: p } => {
            if !is_prime(p) || !spec.modulus.is_multiple_of(p) || spec.generators.iter().any(|&m| m % p == 0) {
                return Err(CheckError::LowerBound(format!(
                    "{p} is not a prime of {} that divides no generator size",
                    spec.modulus
                )));
            }
            Ok(u32::MAX)
        }
    }
}

/// `sum_{k >= from, k <= last} 1/top^k`: a finite sum, or for `last = u32::MAX` (no finite
/// exact tree) the geometric series.
fn tail_from(from: u32, last: u32, top: u64) -> BigRational {
    let big = BigInt::from(top);
    if last == u32::MAX {
        return BigRational::new(BigInt::one(), big.pow(from))
            / (BigRational::one() - BigRational::new(BigInt::one(), big));
    }
    (from..=last).map(|k| BigRational::new(BigInt::one(), big.pow(k))).sum()
}

/// Fact 9 (see `optimod_cert::PerOutputBoundRecord`), re-derived: the per-output part up to
/// the record's depth by this checker's own knapsack, then the levels tail beyond it.
fn per_output_bound(spec: &Spec, record: &PerOutputBoundRecord) -> Result<BigRational, CheckError> {
    let top = spec.largest;
    checked_reach_levels(spec, record.reach_levels)?;
    let last = excluded_through(spec, &record.excluded)?;
    if record.depth == 0 || record.depth > DEPTH_LIMIT {
        return Err(CheckError::LowerBound(format!("a per-output depth of {}", record.depth)));
    }
    let part = per_output_part(spec, record.depth)?;
    Ok(part + tail_from(record.depth + 1, last, top))
}

/// `(D + 1) - n M / L`: M the largest `sum c_P (D + 1 - d_P) L/P` over products P >= n of at
/// most D sizes (d_P the fewest sizes with product P) with `sum c_P L/P <= L/n`.
fn per_output_part(spec: &Spec, depth: u32) -> Result<BigRational, CheckError> {
    let n = spec.modulus as u128;
    let fewest = leaf_products(spec, depth)?;
    let common = knapsack_denominator(n, fewest.keys())?;
    let target = (common / n) as usize;
    let mut best = vec![0u128; target + 1];
    for (&p, &d) in &fewest {
        let weight = (common / p) as usize;
        let gain = u128::from(depth + 1 - d) * weight as u128;
        for sum in weight..=target {
            best[sum] = best[sum].max(best[sum - weight] + gain);
        }
    }
    let most = BigRational::new(BigInt::from(best[target]), BigInt::from(common));
    Ok(BigRational::from_integer(BigInt::from(depth + 1)) - BigRational::from_integer(BigInt::from(n)) * most)
}

/// The levels bound's term at depth k: 1 below `levels`, `1/top^k` up to `last`, 0 after.
fn level_term(k: u32, levels: u32, last: u32, top: u64) -> BigRational {
    if k < levels {
        BigRational::one()
    } else if k <= last {
        BigRational::new(BigInt::one(), BigInt::from(top).pow(k))
    } else {
        BigRational::zero()
    }
}

/// The exact deficits (docs/model.md §7 fact 8), re-derived: at each listed depth (ascending)
/// the capacity is recomputed, and `1 - n * capacity` must exceed the bound's own term there,
/// which it replaces. Returns the total raise.
fn deficit_raise(
    spec: &Spec,
    deficits: &[DeficitRecord],
    term: impl Fn(u32) -> BigRational,
) -> Result<BigRational, CheckError> {
    let n = BigRational::from_integer(BigInt::from(spec.modulus));
    let mut raise = BigRational::zero();
    let mut previous = 0u32;
    for (i, record) in deficits.iter().enumerate() {
        let here = at(format!("deficits[{i}]"));
        if record.depth <= previous || record.depth > DEPTH_LIMIT {
            let why = format!("depth {} is not above the previous one and at most {}", record.depth, DEPTH_LIMIT);
            return Err(here(CheckError::LowerBound(why)));
        }
        previous = record.depth;
        let capacity = depth_capacity(spec, record.depth).map_err(at(format!("deficits[{i}]")))?;
        if record.capacity.value() != &capacity {
            let why = format!(
                "one output's leaves of depth <= {} carry at most {capacity}, not {}",
                record.depth, record.capacity
            );
            return Err(here(CheckError::LowerBound(why)));
        }
        let pending = BigRational::one() - &n * capacity;
        let own = term(record.depth);
        if pending <= own {
            let why = format!("the deficit {pending} at depth {} does not exceed the bound's term {own}", record.depth);
            return Err(here(CheckError::LowerBound(why)));
        }
        raise += pending - own;
    }
    Ok(raise)
}

/// The largest sum of reaches `1/P` (P a product of at most `depth` sizes, so a leaf of depth
/// `<= depth`) that is at most `1/n`: products enumerated as multisets layer by layer, then an
/// unbounded knapsack over their common denominator.
fn depth_capacity(spec: &Spec, depth: u32) -> Result<BigRational, CheckError> {
    let products = leaf_products(spec, depth)?;
    let common = knapsack_denominator(spec.modulus as u128, products.keys())?;
    let target = (common / spec.modulus as u128) as usize;
    let mut reachable = vec![false; target + 1];
    reachable[0] = true;
    for &p in products.keys() {
        let weight = (common / p) as usize;
        for sum in weight..=target {
            reachable[sum] |= reachable[sum - weight];
        }
    }
    let best = (0..=target).rev().find(|&s| reachable[s]).unwrap_or(0);
    Ok(BigRational::new(BigInt::from(best), BigInt::from(common)))
}

/// The products `P >= n` of at most `depth` sizes (the reaches a leaf of depth `<= depth` can
/// have without exceeding `1/n`), each with the fewest sizes that make it; multisets layer by
/// layer, each layer counted before it is built.
fn leaf_products(spec: &Spec, depth: u32) -> Result<std::collections::BTreeMap<u128, u32>, CheckError> {
    let n = spec.modulus as u128;
    let too_large = |what: String| Err(CheckError::TooLarge(what));
    let mut fewest: std::collections::BTreeMap<u128, u32> = Default::default();
    let mut layer: Vec<u128> = vec![1];
    for d in 1..=depth {
        if layer.len() as u64 * spec.generators.len() as u64 > ENUMERATION_LIMIT {
            return too_large(format!("more than {ENUMERATION_LIMIT} products"));
        }
        let mut next = Vec::new();
        for &p in &layer {
            for &m in spec.generators.iter() {
                match p.checked_mul(m as u128) {
                    Some(q) => next.push(q),
                    None => return too_large("a product of sizes overflows 128 bits".into()),
                }
            }
        }
        next.sort_unstable();
        next.dedup();
        for &p in next.iter().filter(|&&p| p >= n) {
            fewest.entry(p).or_insert(d);
        }
        layer = next;
    }
    Ok(fewest)
}

/// The least common multiple of n and the products: a knapsack's common denominator, refused
/// before it could overflow or exceed the knapsack limit (in units of `1/n`).
fn knapsack_denominator<'a>(n: u128, products: impl Iterator<Item = &'a u128>) -> Result<u128, CheckError> {
    use num_integer::Integer;
    let mut common = n;
    for &p in products {
        common = match (common / common.gcd(&p)).checked_mul(p) {
            Some(l) if l / n <= KNAPSACK_UNITS_LIMIT => l,
            _ => return Err(CheckError::TooLarge(format!("a knapsack over {}+ units", KNAPSACK_UNITS_LIMIT))),
        };
    }
    Ok(common)
}

/// A pool automaton's expected calls, by its own recurrence: from the run's end back to its
/// start, `C = 1 + q * C(next)`, where `q` is the chance to go on; a loop back to a listed
/// pool is closed by solving `C(loop) = a + b * C(loop)`, which needs `b < 1` (it stops).
pub(crate) fn pool_cost(spec: &Spec, steps: &[(u64, u64)]) -> Result<BigRational, CheckError> {
    let n = spec.modulus as u128;
    let bad = |m: String| Err(CheckError::Tree(format!("pool automaton: {m}")));
    if steps.first().map(|s| s.0) != Some(1) {
        return bad("the run must start from pool 1".into());
    }
    if steps.len() > n as usize {
        return bad("more steps than pools".into());
    }
    if steps.len() > POOL_RUN_LIMIT {
        return Err(CheckError::TooLarge(format!(
            "a pool automaton of {} steps (at most {POOL_RUN_LIMIT})",
            steps.len()
        )));
    }
    // The run's pools, the pool after its last step (0, or where the loop goes back), and
    // where each pool first appears (a map: a run can be n steps long).
    let mut pools: Vec<u64> = Vec::with_capacity(steps.len());
    let mut index: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    let mut loop_start = None;
    let mut after = 0u64;
    for (i, &(pool, size)) in steps.iter().enumerate() {
        if !spec.generators.contains(&size) {
            return bad(format!("pool {pool} calls {size}, not a generator"));
        }
        if index.insert(pool, i).is_some() {
            return bad(format!("pool {pool} is listed twice"));
        }
        pools.push(pool);
        let values = pool as u128 * size as u128;
        let next = if values < n { values as u64 } else { (values % n) as u64 };
        match (steps.get(i + 1), next, index.get(&next)) {
            (None, 0, _) => {}
            (None, _, Some(&j)) => loop_start = Some(j),
            (None, _, None) => return bad(format!("pool {next} is reached but has no step")),
            (Some(&(following, _)), _, None) if following == next && next != 0 => {}
            _ => return bad(format!("step {} does not follow from pool {pool} calling {size}", i + 1)),
        }
        after = next;
    }
    let sizes: Vec<u64> = steps.iter().map(|&(_, m)| m).collect();
    let (a, b) = pool_walk(&pools, &sizes, after, 0);
    match loop_start {
        None => Ok(a),
        Some(j) => {
            let (la, lb) = pool_walk(&pools, &sizes, after, j);
            if lb >= BigRational::one() {
                return bad("the loop never emits: the run does not stop with probability 1".into());
            }
            Ok(a + b * (la / (BigRational::one() - lb)))
        }
    }
}

/// The run from step `from` to the end: `(a, b)` with `a` its expected calls and `b` the
/// chance of going past its last step. Step k is reached with chance `pool_k / (pool_from *
/// m_from ... m_(k-1))`: each step goes on with chance `next / (pool * m)` and the next step's
/// pool is that `next`, so the product telescopes. Summed over a common denominator with
/// integers only (one fraction at the end), so a run of n steps costs about n^2 / 64 word
/// operations, not n gcds of growing fractions.
fn pool_walk(pools: &[u64], sizes: &[u64], after: u64, from: usize) -> (BigRational, BigRational) {
    // total = sum_k pool_k * m_k ... m_(L-1); denominator = pool_from * m_from ... m_(L-1).
    let (mut total, mut product) = (BigInt::zero(), BigInt::one());
    for k in from..pools.len() {
        total = (total + pools[k]) * sizes[k];
        product *= sizes[k];
    }
    let denominator = product * pools[from];
    (BigRational::new(total, denominator.clone()), BigRational::new(BigInt::from(after), denominator))
}

/// Per prime p of n with `v_p(n) = a`, by enumerating the products of exactly c sizes for
/// c = 0..=K: `(p, a, least c reaching v_p >= a, largest such product)`.
pub(crate) fn valuation_levels(spec: &Spec, max_depth: u32) -> Result<Vec<(u64, u32, u32, u128)>, CheckError> {
    let n = spec.modulus;
    let mut found: Vec<(u64, u32, Option<u32>, u128)> =
        crate::kernel::arith::prime_powers(n).into_iter().map(|(p, a)| (p, a, None, 0)).collect();
    let mut layer = vec![1u128];
    for c in 0..=max_depth {
        for entry in found.iter_mut() {
            let (p, a) = (entry.0, entry.1);
            for &product in layer.iter().filter(|&&q| valuation_u128(q, p) >= a) {
                entry.2.get_or_insert(c);
                entry.3 = entry.3.max(product);
            }
        }
        if c == max_depth {
            break;
        }
        // Counted before it is built.
        if layer.len() as u64 * spec.generators.len() as u64 > ENUMERATION_LIMIT {
            return Err(CheckError::TooLarge(format!("more than {ENUMERATION_LIMIT} products")));
        }
        let mut next = Vec::new();
        for &q in &layer {
            for &m in spec.generators.iter() {
                next.push(
                    q.checked_mul(m as u128)
                        .ok_or_else(|| CheckError::TooLarge("a product of sizes overflows 128 bits".into()))?,
                );
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.len() as u64 > ENUMERATION_LIMIT {
            return Err(CheckError::TooLarge(format!("{} products", next.len())));
        }
        layer = next;
    }
    Ok(found.into_iter().filter_map(|(p, a, t, product)| t.map(|t| (p, a, t, product))).collect())
}

pub(crate) fn valuation_u128(mut k: u128, p: u64) -> u32 {
    let mut v = 0;
    while k > 0 && k.is_multiple_of(p as u128) {
        k /= p as u128;
        v += 1;
    }
    v
}

/// The first depth at which a leaf can sit: the least k with `max_size^k >= n`.
fn reach_levels_of(spec: &Spec) -> u32 {
    let top = BigInt::from(spec.largest);
    let mut levels = 0u32;
    let mut power = BigInt::one();
    while power < BigInt::from(spec.modulus) {
        power *= &top;
        levels += 1;
    }
    levels
}

/// The per-output argument for depth 3 (see `optimod_cert::PerOutputRecord`), re-derived: for
/// every root r, every multiset of depth-3 leaf masses `1/(s t)` (in units of a root child)
/// below `r (value - 2)/n` leaves a rest of `r/n` that depth-2 leaves `1/q` cannot make up.
/// Returns the number of multisets examined.
fn per_output_multisets(spec: &Spec, max_depth: u32, value: &BigRational) -> Result<u64, CheckError> {
    let n = spec.modulus;
    let sizes = &spec.generators;
    if max_depth != 3 || sizes.iter().any(|&q| !is_prime(q) || q >= n) {
        return Err(CheckError::LowerBound(
            "the per-output argument needs depth 3 and prime sizes below n (no leaf at depth 1)".into(),
        ));
    }
    let two = BigRational::from_integer(BigInt::from(2));
    if *value <= two {
        return Err(CheckError::LowerBound("the per-output value must exceed 2".into()));
    }
    let mut masses: Vec<BigRational> = Vec::new();
    for (i, &s) in sizes.iter().enumerate() {
        for &t in &sizes[i..] {
            masses.push(BigRational::new(BigInt::one(), BigInt::from(s) * BigInt::from(t)));
        }
    }
    masses.sort();
    let mut examined = 0u64;
    for &r in sizes.iter() {
        let target = BigRational::new(BigInt::from(r), BigInt::from(n));
        let limit = (value - &two) * BigRational::new(BigInt::from(r), BigInt::from(n));
        // Depth first over multisets as non-decreasing index sequences (each once).
        let mut stack: Vec<(usize, BigRational)> = vec![(0, BigRational::zero())];
        while let Some((first, mass)) = stack.pop() {
            examined += 1;
            if examined > ENUMERATION_LIMIT {
                return Err(CheckError::TooLarge(format!("more than {ENUMERATION_LIMIT} leaf multisets")));
            }
            if mass <= target && depth2_makes_up(&(&target - &mass), sizes) {
                return Err(CheckError::LowerBound(format!(
                    "with root {r}, depth-3 leaves of mass {mass} (root-child units) leave a rest depth-2 leaves make up: \
                     an output can cost less than {value}/{n}"
                )));
            }
            for (j, m) in masses.iter().enumerate().skip(first) {
                let next = &mass + m;
                if next < limit {
                    stack.push((j, next));
                }
            }
        }
    }
    Ok(examined)
}

/// Whether `x >= 0` is a sum of `a_q/q` over the prime sizes q: its denominator squarefree over
/// them and its partial fractions `sum c_q/q` (`0 <= c_q < q`) equal to x, i.e. below 1 here.
fn depth2_makes_up(x: &BigRational, sizes: &[u64]) -> bool {
    if x.is_zero() {
        return true;
    }
    let (num, mut den) = (x.numer().clone(), x.denom().clone());
    let original = den.clone();
    let mut partial = BigRational::zero();
    for &q in sizes {
        let qb = BigInt::from(q);
        if (&den % &qb).is_zero() {
            den /= &qb;
            if (&den % &qb).is_zero() {
                return false;
            }
            // c = num * (original / q)^(q - 2) mod q (Fermat).
            let cofactor = (&original / &qb) % &qb;
            let c = (&num % &qb * cofactor.modpow(&BigInt::from(q - 2), &qb)) % &qb;
            let c = if c < BigInt::zero() { c + &qb } else { c };
            partial += BigRational::new(c, qb);
        }
    }
    den.is_one() && partial < BigRational::one()
}
