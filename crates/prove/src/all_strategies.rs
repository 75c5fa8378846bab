//! Expected calls over all exact strategies, loops included (EXPECTED.md): the best of the
//! least-depth tree and the cheapest pool automaton (`optimod-recycle`), against a lower
//! bound the checker re-derives. `proved` only when they meet; otherwise `bounded`.

use crate::pipeline::{argument_record, blank, prove, Options, Outcome, ProveError};
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_bounds::{elementary_lower_bound, infinite_reason};
use optimod_cert::{
    AllStrategiesBoundRecord, AllStrategiesRecord, Certificate, ElementaryRecord, PoolStepRecord, Status, Trust,
    WitnessRecord,
};
use optimod_check::{check, Verdict};
use optimod_recycle::{best_pool_automaton, knuth_yao_cost, PoolAutomaton};
use optimod_spec::{Objective, Spec, Tree};

/// What `prove_expected_all` established (always with a checked certificate).
#[derive(Clone, Debug)]
pub struct AllStrategiesOutcome {
    pub certificate: Certificate,
    pub verdict: Verdict,
    /// The strategy's exact expected calls and the proven lower bound.
    pub value: BigRational,
    pub lower: BigRational,
    /// The best strategy: a finite tree, or a pool automaton.
    pub strategy: Strategy,
}

#[derive(Clone, Debug)]
pub enum Strategy {
    Tree(Tree),
    Pools(PoolAutomaton),
}

/// The scope every certificate and printout of this objective states.
pub const SCOPE: &str = "all exact strategies, loops included";

pub fn prove_expected_all(spec: &Spec, options: &Options) -> Result<AllStrategiesOutcome, ProveError> {
    let worst_spec = Spec { objective: Objective::WorstCase, ..spec.clone() };
    let top = spec.max_generator();
    let mut reach_levels = 0u32;
    let mut power = 1u128;
    while power < spec.modulus as u128 {
        power = power.saturating_mul(top as u128);
        reach_levels += 1;
    }
    // The lower bound: Knuth-Yao with one size, else the levels argument.
    let term = |k: u32| BigRational::new(1.into(), num_traits::pow(num_bigint::BigInt::from(top), k as usize));
    let (lower, bound_record, tree) = if spec.generators.len() == 1 {
        let value = knuth_yao_cost(spec.modulus, top);
        let record = AllStrategiesBoundRecord::KnuthYao { value: value.to_string(), size: top };
        let tree = finite_tree(&worst_spec, options)?;
        (value, record, tree)
    } else if let Some(missing_prime) = infinite_reason(spec) {
        let tail = term(reach_levels) / (BigRational::one() - BigRational::new(1.into(), top.into()));
        let value = BigRational::from_integer(reach_levels.into()) + tail;
        let record = AllStrategiesBoundRecord::Levels {
            value: value.to_string(),
            reach_levels,
            excluded: None,
            missing_prime: Some(missing_prime),
        };
        (value, record, None)
    } else {
        let excluded = elementary_lower_bound(spec).expect("finite case");
        let mut value = BigRational::from_integer(reach_levels.into());
        for k in reach_levels..=excluded.excluded_depth {
            value += term(k);
        }
        let record = AllStrategiesBoundRecord::Levels {
            value: value.to_string(),
            reach_levels,
            excluded: Some(ElementaryRecord {
                excluded_depth: excluded.excluded_depth,
                argument: argument_record(&excluded.argument),
            }),
            missing_prime: None,
        };
        (value, record, finite_tree(&worst_spec, options)?)
    };

    let pools = best_pool_automaton(spec.modulus, &spec.generators);
    let tree_value = tree.as_ref().map(|t| t.evaluate(spec).expect("checked witness").expected_calls);
    let (strategy, value) = match (tree, tree_value, pools) {
        (Some(t), Some(tv), Some((_, pv))) if tv <= pv => (Strategy::Tree(t), tv),
        (_, _, Some((automaton, pv))) => (Strategy::Pools(automaton), pv),
        (Some(t), Some(tv), None) => (Strategy::Tree(t), tv),
        _ => return Err(ProveError::Disagreement("no strategy found".into())),
    };
    let gap = &value - &lower;
    if gap < BigRational::zero() {
        return Err(ProveError::Disagreement(format!("a strategy with {value} expected calls is below the bound {lower}")));
    }
    let (family, pool_steps, witness) = match &strategy {
        Strategy::Tree(t) => {
            let e = t.evaluate(spec).expect("checked witness");
            let witness = WitnessRecord {
                depth: e.depth,
                leaves: e.leaves,
                expected_calls: e.expected_calls.to_string(),
                found_by: crate::pipeline::least_depth_witness(),
                tree: t.to_string(),
            };
            ("finite-tree", vec![], Some(witness))
        }
        Strategy::Pools(a) => (
            "pool-automaton",
            a.steps.iter().map(|s| PoolStepRecord { pool: s.pool, size: s.size }).collect(),
            None,
        ),
    };
    let certificate = Certificate {
        status: if gap.is_zero() { Status::Proved } else { Status::Bounded },
        trust: Some(Trust::Elementary),
        witness,
        all_strategies: Some(AllStrategiesRecord {
            scope: SCOPE.into(),
            family: family.into(),
            pools: pool_steps,
            expected_calls: value.to_string(),
            lower_bound: bound_record,
            gap: gap.to_string(),
        }),
        ..blank(spec)
    };
    let verdict = check(&certificate).map_err(ProveError::CheckFailed)?;
    Ok(AllStrategiesOutcome { certificate, verdict, value, lower, strategy })
}

/// The least-depth exact tree, when the worst-case pipeline proves one within its limits.
fn finite_tree(spec: &Spec, options: &Options) -> Result<Option<Tree>, ProveError> {
    let options = Options { cross_check: false, ..options.clone() };
    Ok(match prove(spec, &options)? {
        Outcome::Proved { tree, .. } => Some(tree),
        _ => None,
    })
}
