//! Where an automaton is checked (strategies with loops, family `"asymmetric-block"`): its
//! trees walked and its chains followed with exact reaches, the loops closed by solving the
//! linear system of the states, after showing that every state can reach an output (so the
//! run stops with probability 1 and the system has one solution).

use super::sampler::sampler_state;
use crate::kernel::error::CheckError;
use crate::kernel::limits::{AUTOMATON_CELL_LIMIT, NODE_LIMIT};
use crate::kernel::notation::{parse_tree, Node};
use crate::kernel::spec::Spec;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_cert::{AutomatonRecord, StateRecord};

/// What one state does before it jumps: output masses, calls spent, jump weights.
struct StateFacts {
    mass: Vec<BigRational>,
    calls: BigRational,
    jumps: Vec<BigRational>,
}

/// The automaton's expected calls, once it is shown to stop with probability 1 and to give
/// every output exactly `1/n`: exact (`true`), or an upper bound (`false`) when a Knuth–Yao
/// state's tail is bounded (costs enter the solution with non-negative weights, so upper
/// costs give an upper bound).
pub(crate) fn automaton_cost(spec: &Spec, record: &AutomatonRecord) -> Result<(BigRational, bool), CheckError> {
    let n = spec.modulus as usize;
    let count = record.states.len();
    if count == 0 {
        return Err(CheckError::Tree("an automaton without states".into()));
    }
    // Each state carries a row of count + n + 1 exact rationals: bounded before any is made.
    let cells = (count as u128) * (count as u128 + n as u128 + 1);
    if cells > AUTOMATON_CELL_LIMIT {
        return Err(CheckError::TooLarge(format!(
            "an automaton of {count} states over {n} outputs needs {cells} exact entries, more than \
             {AUTOMATON_CELL_LIMIT}"
        )));
    }
    let mut facts = Vec::with_capacity(count);
    let mut exact = true;
    for (index, state) in record.states.iter().enumerate() {
        let at = |e: CheckError| match e {
            CheckError::Tree(m) => CheckError::Tree(format!("state {index}: {m}")),
            other => other,
        };
        facts.push(match state {
            StateRecord::Tree { tree } => tree_state(&parse_tree(tree).map_err(at)?, spec, count).map_err(at)?,
            StateRecord::Chain { steps, loop_to } => {
                chain_state(spec, steps, *loop_to, count).map_err(|e| match e {
                    CheckError::Automaton(m) => CheckError::Automaton(format!("state {index}: {m}")),
                    other => at(other),
                })?
            }
            StateRecord::KnuthYao { size, denominator, weights, terms } => {
                let s = sampler_state(spec, *size, *denominator, weights, *terms).map_err(at)?;
                exact &= s.exact;
                StateFacts { mass: s.mass, calls: s.calls, jumps: vec![BigRational::zero(); count] }
            }
        });
    }
    check_stops(&facts)?;
    let rows = solve_states(&facts, n)?;
    let start = &rows[0];
    let total: BigRational = start[count..count + n].iter().sum();
    if total != BigRational::one() {
        return Err(CheckError::Automaton(format!(
            "does not stop with probability 1: it stops with probability {total}"
        )));
    }
    let expected = BigRational::new(BigInt::one(), BigInt::from(spec.modulus));
    if let Some((j, p)) = start[count..count + n].iter().enumerate().find(|(_, p)| **p != expected) {
        return Err(CheckError::Automaton(format!(
            "is not exact: output {j} has probability {p}, expected {expected}"
        )));
    }
    Ok((start[count + n].clone(), exact))
}

/// Stops with probability 1: from every state some path reaches an output. (A finite chain
/// of states in which each can move towards an output leaves the run a fixed positive chance
/// to stop within `count` visits, whatever the start.)
fn check_stops(facts: &[StateFacts]) -> Result<(), CheckError> {
    let count = facts.len();
    let mut stops: Vec<bool> = facts.iter().map(|f| f.mass.iter().any(|p| !p.is_zero())).collect();
    for _ in 0..count {
        for i in 0..count {
            if !stops[i] {
                stops[i] = (0..count).any(|t| stops[t] && !facts[i].jumps[t].is_zero());
            }
        }
    }
    if let Some(state) = stops.iter().position(|s| !s) {
        return Err(CheckError::Automaton(format!(
            "does not stop with probability 1: from state {state} no output can ever be reached"
        )));
    }
    Ok(())
}

/// Solves `x = direct + J x` over the states by Gauss-Jordan elimination in exact rationals;
/// row i then holds state i's output masses (columns `count..count + n`) and expected calls
/// (the last column).
fn solve_states(facts: &[StateFacts], n: usize) -> Result<Vec<Vec<BigRational>>, CheckError> {
    let count = facts.len();
    let width = count + n + 1;
    let mut rows: Vec<Vec<BigRational>> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut row = Vec::with_capacity(width);
            for t in 0..count {
                let identity = if i == t { BigRational::one() } else { BigRational::zero() };
                row.push(identity - &f.jumps[t]);
            }
            row.extend(f.mass.iter().cloned());
            row.push(f.calls.clone());
            row
        })
        .collect();
    for col in 0..count {
        let pivot = (col..count)
            .find(|&r| !rows[r][col].is_zero())
            .ok_or_else(|| CheckError::Automaton("does not stop with probability 1: singular system".into()))?;
        rows.swap(col, pivot);
        let scale = BigRational::one() / &rows[col][col];
        rows[col].iter_mut().for_each(|v| *v *= &scale);
        let pivot_row = rows[col].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r != col && !row[col].is_zero() {
                let factor = row[col].clone();
                for (v, p) in row.iter_mut().zip(&pivot_row) {
                    *v -= &factor * p;
                }
            }
        }
    }
    Ok(rows)
}

fn tree_state(tree: &Node, spec: &Spec, count: usize) -> Result<StateFacts, CheckError> {
    let n = spec.modulus as usize;
    let mut facts = StateFacts {
        mass: vec![BigRational::zero(); n],
        calls: BigRational::zero(),
        jumps: vec![BigRational::zero(); count],
    };
    let mut stack = vec![(tree, BigRational::one())];
    let mut nodes = 0usize;
    while let Some((node, reach)) = stack.pop() {
        nodes += 1;
        if nodes > NODE_LIMIT {
            return Err(CheckError::TooLarge(format!("a state beyond {NODE_LIMIT} nodes")));
        }
        match node {
            Node::Leaf(j) => {
                *facts
                    .mass
                    .get_mut(*j as usize)
                    .ok_or_else(|| CheckError::Tree(format!("leaf outputs {j}, outside 0..{n}")))? += &reach;
            }
            Node::Jump(k) => {
                *facts
                    .jumps
                    .get_mut(*k as usize)
                    .ok_or_else(|| CheckError::Tree(format!("a jump to state {k} of {count}")))? += &reach;
            }
            Node::Call(m, children) => {
                if !spec.generators.contains(m) || children.len() as u64 != *m {
                    return Err(CheckError::Tree(format!("a call of {m} with {} children", children.len())));
                }
                facts.calls += &reach;
                let child = &reach / BigInt::from(*m);
                stack.extend(children.iter().map(|c| (c, child.clone())));
            }
        }
    }
    Ok(facts)
}

/// A chain: before step i it is still running with chance `alive_i`; step i spends one call
/// with that chance and gives output j `alive_i * count / (pool * size)`. A loop back to
/// step t repeats steps `t..` with chance `b = alive_end / alive_t` each time, so those
/// steps count `1 / (1 - b)` times.
fn chain_state(
    spec: &Spec,
    steps: &[optimod_cert::ChainStepRecord],
    loop_to: Option<u64>,
    count: usize,
) -> Result<StateFacts, CheckError> {
    let n = spec.modulus as usize;
    let bad = |m: String| Err(CheckError::Tree(m));
    if steps.first().map(|s| s.pool) != Some(1) {
        return bad("a chain is entered with pool 1".into());
    }
    let mut alive = vec![BigRational::one()];
    let mut gains: Vec<Vec<(usize, BigRational)>> = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        if !spec.generators.contains(&step.size) {
            return bad(format!("chain step {i} calls {}, not a generator", step.size));
        }
        if step.pool == 0 {
            return bad(format!("chain step {i} holds an empty pool"));
        }
        let values = BigInt::from(step.pool) * BigInt::from(step.size);
        let mut left = values.clone();
        let mut gain = Vec::new();
        for (j, k) in step.emit.pairs() {
            if j as usize >= n {
                return bad(format!("chain step {i} emits {j}, outside 0..{n}"));
            }
            left -= BigInt::from(k);
            gain.push((j as usize, &alive[i] * BigRational::new(BigInt::from(k), values.clone())));
        }
        if left < BigInt::zero() {
            return bad(format!("chain step {i} emits more than its {values} values"));
        }
        let next = match (steps.get(i + 1), loop_to) {
            (Some(s), _) => Some(s.pool),
            (None, Some(t)) => {
                Some(steps.get(t as usize).ok_or_else(|| CheckError::Tree(format!("loop to step {t}")))?.pool)
            }
            (None, None) => None,
        };
        if left != BigInt::from(next.unwrap_or(0)) {
            return bad(format!("chain step {i} leaves {left} values, the next pool is {}", next.unwrap_or(0)));
        }
        alive.push(&alive[i] * BigRational::new(left, values));
        gains.push(gain);
    }
    let (from, repeat) = match loop_to {
        None => (steps.len(), BigRational::one()),
        Some(t) => {
            let t = t as usize;
            let back = &alive[steps.len()] / &alive[t];
            if back >= BigRational::one() {
                return Err(CheckError::Automaton(format!(
                    "does not stop with probability 1: the chain's loop from step {t} emits nothing"
                )));
            }
            (t, BigRational::one() / (BigRational::one() - back))
        }
    };
    let mut facts = StateFacts {
        mass: vec![BigRational::zero(); n],
        calls: BigRational::zero(),
        jumps: vec![BigRational::zero(); count],
    };
    for (i, gain) in gains.iter().enumerate() {
        let times = if i >= from { repeat.clone() } else { BigRational::one() };
        facts.calls += &alive[i] * &times;
        for (j, p) in gain {
            facts.mass[*j] += p * &times;
        }
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimod_cert::{AutomatonRecord, ObjectiveRecord, RuleRecord, StateRecord};

    /// The review's input: eight states over 2^20 outputs took 25 s and 1.26 GB to refuse.
    #[test]
    fn a_huge_system_is_refused_before_any_entry_is_made() {
        let spec = Spec {
            modulus: 1 << 20,
            generators: vec![2].into(),
            largest: 2,
            generator_rule: RuleRecord::Explicit,
            objective: ObjectiveRecord::ExpectedCalls,
            max_depth: None,
        };
        let states = (0..8).map(|_| StateRecord::Tree { tree: "2(0 1)".into() }).collect();
        let started = std::time::Instant::now();
        let refused = automaton_cost(&spec, &AutomatonRecord { states }).unwrap_err();
        assert!(matches!(refused, CheckError::TooLarge(_)), "{refused:?}");
        assert!(started.elapsed().as_millis() < 100, "{:?}", started.elapsed());
    }
}
