//! Expected calls over all exact strategies, loops included (docs/model.md §7): the best of the
//! least-depth tree, the cheapest pool automaton and the best asymmetric block
//! (`optimod-recycle`), against a lower bound the checker re-derives. `proved` only when
//! they meet; otherwise `bounded`.

use crate::pipeline::{argument_record, certificate, prove, Options, Outcome, ProveError};
use num_rational::BigRational;
use num_traits::Zero;
use optimod_bounds::{
    all_strategies_lower_bound, enumeration_lower_bound, infinite_reason, AllStrategiesBound, EnumerationBound,
    Exclusion,
};
use optimod_cert::{
    AllStrategiesBoundRecord, AllStrategiesClaim, AllStrategiesStatus, AutomatonRecord, ChainStepRecord, Claim,
    DeficitRecord, ElementaryRecord, EnumerationBoundRecord, Fraction, LevelsExclusion, PendingNodeBoundRecord,
    PerOutputBoundRecord, PoolStepRecord, StateRecord, StrategyRecord, TreeRecord, ValuationPathBoundRecord, ValueKind,
    WitnessRecord,
};
use optimod_check::{check, CheckError, Checked};
use optimod_recycle::{best_block, best_pool_automaton, Automaton, PoolAutomaton, State};
use optimod_spec::{Objective, Spec, Tree};

/// What `prove_expected_all` established (always with a checked certificate).
#[derive(Clone, Debug)]
pub struct AllStrategiesOutcome {
    pub checked: Checked,
    /// The strategy's expected calls (exact, or an upper bound when the certificate's
    /// `expected_calls_kind` says so) and the proven lower bound.
    pub value: BigRational,
    pub lower: BigRational,
    /// The best strategy: a finite tree, a pool automaton, or an asymmetric block.
    pub strategy: Strategy,
}

#[derive(Clone, Debug)]
pub enum Strategy {
    Tree(Tree),
    Pools(PoolAutomaton),
    Block(Automaton),
}

/// Expected calls over all exact strategies: the best strategy found, a lower bound, both
/// checked. Every step is bounded by a deterministic work limit, so the answer does not depend
/// on the machine; `options.timeout` bounds the wall clock on top: past it the answer is
/// `Unknown` (never a weaker certificate). The search then runs on to its work limit on a
/// thread of its own, and its result is dropped.
pub fn prove_expected_all(spec: &Spec, options: &Options) -> Result<AllStrategiesOutcome, ProveError> {
    let (owned_spec, owned_options) = (spec.clone(), options.clone());
    let (sender, receiver) = std::sync::mpsc::channel();
    let worker = std::thread::Builder::new()
        .name("optimod-expected-all".into())
        .spawn(move || {
            let _ = sender.send(search_all_strategies(&owned_spec, &owned_options));
        })
        .map_err(|e| ProveError::Unknown(format!("cannot start the search: {e}")))?;
    match receiver.recv_timeout(options.timeout) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(ProveError::Unknown(format!(
            "timeout: the search over all strategies did not finish within {} s (--timeout)",
            options.timeout.as_secs_f64()
        ))),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends its result before it ends"),
        },
    }
}

fn search_all_strategies(spec: &Spec, options: &Options) -> Result<AllStrategiesOutcome, ProveError> {
    let (lower, bound_record, tree) = lower_bound(spec, options)?;
    let Some((strategy, value)) = best_strategy(spec, tree, &lower) else {
        return Err(ProveError::Unknown(format!(
            "no strategy within the search limits (no finite tree of at most {} leaves, no pool automaton \
             within its step budget, no block); expected calls are at least {lower} (about {:.10})",
            crate::EXPAND_LEAVES,
            num_traits::ToPrimitive::to_f64(&lower).unwrap_or(f64::NAN)
        )));
    };
    // Fact 10: the top of every strategy enumerated, closing at the strategy's own value or
    // at the least value its open branches reach. The checker's enumeration is its own code
    // with its own limits: when it finds that bound too large to re-run, the certificate
    // carries the plain bound instead.
    let enumerated = (lower < value).then(|| enumeration_lower_bound(spec.modulus, &spec.generators, &value));
    let mut bounds = Vec::new();
    if let Some(found) = enumerated.flatten().filter(|found| found.value > lower) {
        bounds.push((found.value.clone(), enumeration_record(&found)));
    }
    bounds.push((lower, bound_record));
    let last = bounds.len() - 1;
    for (i, (lower, record)) in bounds.into_iter().enumerate() {
        match certify(spec, &strategy, &value, &lower, record) {
            Err(ProveError::CheckFailed(e)) if i < last && matches!(e.cause(), CheckError::TooLarge(_)) => continue,
            Err(e) => return Err(e),
            Ok(checked) => return Ok(AllStrategiesOutcome { checked, value, lower, strategy }),
        }
    }
    unreachable!("the plain bound is always the last tried")
}

/// The claim for a strategy and a lower bound, built and checked.
fn certify(
    spec: &Spec,
    strategy: &Strategy,
    value: &BigRational,
    lower: &BigRational,
    bound_record: AllStrategiesBoundRecord,
) -> Result<Checked, ProveError> {
    let gap = value - lower;
    if gap < BigRational::zero() {
        return Err(ProveError::Disagreement(format!(
            "a strategy with {value} expected calls is below the bound {lower}"
        )));
    }
    let claim = Claim::ExpectedAllStrategies(AllStrategiesClaim {
        status: if gap.is_zero() { AllStrategiesStatus::Proved } else { AllStrategiesStatus::Bounded },
        strategy: strategy_record(spec, strategy),
        expected_calls: Fraction::of(value),
        expected_calls_kind: value_kind(spec, strategy),
        lower_bound: bound_record,
        gap: Fraction::of(&gap),
    });
    check(certificate(spec, claim, vec![])).map_err(ProveError::CheckFailed)
}

/// The lower bound (`bounds::all_strategies_lower_bound`) and its record, and the least-depth
/// tree when one exists.
fn lower_bound(
    spec: &Spec,
    options: &Options,
) -> Result<(BigRational, AllStrategiesBoundRecord, Option<Tree>), ProveError> {
    let bound = all_strategies_lower_bound(spec, optimod_check::CHAIN_LIMIT);
    let value = bound.value().clone();
    let elementary = |e: &optimod_bounds::LowerBound| ElementaryRecord {
        excluded_depth: e.excluded_depth,
        argument: argument_record(&e.argument),
    };
    let record = match &bound {
        AllStrategiesBound::KnuthYao { value, size } => {
            AllStrategiesBoundRecord::KnuthYao { value: Fraction::of(value), size: *size }
        }
        AllStrategiesBound::Levels { value, reach_levels, excluded, deficits } => AllStrategiesBoundRecord::Levels {
            value: Fraction::of(value),
            reach_levels: *reach_levels,
            excluded: exclusion_record(excluded),
            deficits: deficit_records(deficits),
        },
        AllStrategiesBound::PerOutput { value, depth, reach_levels, excluded } => {
            AllStrategiesBoundRecord::PerOutput(PerOutputBoundRecord {
                value: Fraction::of(value),
                depth: *depth,
                reach_levels: *reach_levels,
                excluded: exclusion_record(excluded),
            })
        }
        AllStrategiesBound::PendingNode { value, excluded } => {
            AllStrategiesBoundRecord::PendingNode(PendingNodeBoundRecord {
                value: Fraction::of(value),
                excluded: elementary(excluded),
            })
        }
        AllStrategiesBound::ValuationPath { value, excluded } => {
            AllStrategiesBoundRecord::ValuationPath(ValuationPathBoundRecord {
                value: Fraction::of(value),
                excluded: elementary(excluded),
            })
        }
        AllStrategiesBound::Counting { value, reach_levels, excluded, chain, deficits } => {
            AllStrategiesBoundRecord::Counting {
                value: Fraction::of(value),
                reach_levels: *reach_levels,
                excluded: elementary(excluded),
                chain: *chain,
                deficits: deficit_records(deficits),
            }
        }
    };
    let finite = infinite_reason(spec).is_none();
    let worst_spec = Spec { objective: Objective::WorstCase, ..spec.clone() };
    let tree = if finite { finite_tree(&worst_spec, options)? } else { None };
    Ok((value, record, tree))
}

fn enumeration_record(found: &EnumerationBound) -> AllStrategiesBoundRecord {
    AllStrategiesBoundRecord::Enumeration(EnumerationBoundRecord {
        value: Fraction::of(&found.value),
        depth: found.depth,
        horizon: found.horizon,
        states: found.states,
    })
}

fn exclusion_record(excluded: &Exclusion) -> LevelsExclusion {
    match excluded {
        Exclusion::UpTo(e) => LevelsExclusion::UpTo(ElementaryRecord {
            excluded_depth: e.excluded_depth,
            argument: argument_record(&e.argument),
        }),
        Exclusion::Forever { missing_prime } => LevelsExclusion::Forever { missing_prime: *missing_prime },
    }
}

fn deficit_records(deficits: &[optimod_bounds::Deficit]) -> Vec<DeficitRecord> {
    deficits.iter().map(|d| DeficitRecord { depth: d.depth, capacity: Fraction::of(&d.capacity) }).collect()
}

/// The cheapest candidate; on equal value the tree, then the pools, then the block. `None`
/// when no family yields one within its limits.
fn best_strategy(spec: &Spec, tree: Option<Tree>, lower: &BigRational) -> Option<(Strategy, BigRational)> {
    // Candidates in order of preference on equal value: the tree, the pools, the block; the
    // search stops at one that meets the lower bound (nothing after it can be cheaper).
    let mut best: Option<(Strategy, BigRational)> = None;
    let mut consider = |candidate: Option<(Strategy, BigRational)>| {
        if let Some((strategy, value)) = candidate {
            if best.as_ref().is_none_or(|(_, b)| value < *b) {
                best = Some((strategy, value));
            }
        }
        best.as_ref().is_some_and(|(_, b)| b == lower)
    };
    let tree = tree.map(|t| {
        let value = t.evaluate(spec).expect("checked witness").expected_calls;
        (Strategy::Tree(t), value)
    });
    if consider(tree) {
        return best;
    }
    let pools = best_pool_automaton(spec.modulus, &spec.generators);
    if consider(pools.map(|(automaton, value)| (Strategy::Pools(automaton), value))) {
        return best;
    }
    consider(best_block(spec.modulus, &spec.generators).map(|(automaton, value)| (Strategy::Block(automaton), value)));
    best
}

/// Exact, unless the strategy is a block whose compact sampler's tail is bounded.
fn value_kind(spec: &Spec, strategy: &Strategy) -> ValueKind {
    match strategy {
        Strategy::Block(a) if a.evaluate(&spec.generators).is_ok_and(|e| !e.calls_exact) => ValueKind::UpperBound,
        _ => ValueKind::Exact,
    }
}

/// The certificate's record of a strategy.
fn strategy_record(spec: &Spec, strategy: &Strategy) -> StrategyRecord {
    match strategy {
        Strategy::Tree(t) => {
            let e = t.evaluate(spec).expect("checked witness");
            let witness = WitnessRecord {
                depth: e.depth,
                leaves: e.leaves.into(),
                expected_calls: Fraction::of(&e.expected_calls),
                found_by: crate::pipeline::least_depth_witness(),
                tree: TreeRecord::Explicit(t.to_string()),
            };
            StrategyRecord::FiniteTree { witness }
        }
        Strategy::Pools(a) => StrategyRecord::PoolAutomaton {
            pools: a.steps.iter().map(|s| PoolStepRecord { pool: s.pool, size: s.size }).collect(),
        },
        Strategy::Block(a) => StrategyRecord::AsymmetricBlock { automaton: automaton_record(a) },
    }
}

/// The least-depth exact tree, when the worst-case pipeline proves one within its limits.
fn finite_tree(spec: &Spec, options: &Options) -> Result<Option<Tree>, ProveError> {
    let options = Options { cross_check: false, ..options.clone() };
    Ok(match prove(spec, &options)? {
        Outcome::Proved { witness, .. } => witness.to_tree(crate::EXPAND_LEAVES),
        _ => None,
    })
}

/// The certificate form of an automaton.
fn automaton_record(automaton: &Automaton) -> AutomatonRecord {
    let states = automaton
        .states
        .iter()
        .map(|state| match state {
            State::Tree(node) => StateRecord::Tree { tree: node.to_string() },
            State::Chain { steps, loop_to } => StateRecord::Chain {
                steps: steps
                    .iter()
                    .map(|s| ChainStepRecord { pool: s.pool, size: s.size, emit: s.emit.iter().copied().collect() })
                    .collect(),
                loop_to: loop_to.map(|t| t as u64),
            },
            State::Sampler(s) => StateRecord::KnuthYao {
                size: s.size,
                denominator: s.denominator,
                weights: s.weights.iter().copied().collect(),
                terms: s.terms,
            },
        })
        .collect();
    AutomatonRecord { states }
}
