//! Strategies as finite automata (docs/model.md §7, issue 6): named states, each either a finite
//! tree whose leaves output a value or jump to a state, or a chain of uniform pools that
//! emits labelled values (a Knuth–Yao sampler). The run starts in state 0.
//!
//! Evaluation is exact: a chain's output distribution and expected calls follow from its
//! recurrence (a loop closed by a geometric series); the tree states then form a linear
//! system `x_s = a_s + sum_t g(s, t) x_t`, solved over the rationals once every state is
//! shown to reach an exit (which makes the solution unique and the run stop with
//! probability 1).

use crate::knuth_yao::{ChainStep, Sampler};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_spec::{LoopLeaf, LoopTree, Tree};
use std::fmt;

/// A state of an automaton.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// A finite tree; its `Goto` leaves jump to other states (or back to itself).
    Tree(LoopTree),
    /// Entered with pool 1; after the last step the leftover pool either is empty (the run
    /// is over) or equals the pool of step `loop_to`, where the chain continues.
    Chain { steps: Vec<ChainStep>, loop_to: Option<usize> },
    /// A Knuth–Yao sampler stored by its distribution (its chain may be thousands of levels
    /// long); the run ends in it. Its cost is bounded, not summed (see [`Sampler`]).
    Sampler(Sampler),
}

/// A strategy with loops for modulus `modulus`, starting in `states[0]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Automaton {
    pub modulus: u64,
    pub states: Vec<State>,
}

/// What makes an automaton meaningless, or not a strategy that stops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutomatonError {
    /// A structural fault, in words.
    Malformed(String),
    /// From this state no run ever ends (a loop without an exit).
    NeverStops { state: usize },
}

impl fmt::Display for AutomatonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AutomatonError::Malformed(why) => write!(f, "malformed automaton: {why}"),
            AutomatonError::NeverStops { state } => {
                write!(f, "state {state} never stops: it cannot reach an output (probability of stopping < 1)")
            }
        }
    }
}

/// The exact facts of an automaton.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutomatonEvaluation {
    /// Probability of each output from the start.
    pub output_probability: Vec<BigRational>,
    /// Expected calls from the start: exact, or an upper bound when `calls_exact` is false.
    pub expected_calls: BigRational,
    /// False when a sampler state's tail is bounded rather than summed: the true value then
    /// lies below `expected_calls` (every cost enters the solution with a non-negative
    /// weight, so the upper cost of each sampler gives an upper bound).
    pub calls_exact: bool,
}

impl AutomatonEvaluation {
    /// True when every output has probability exactly `1/modulus`.
    pub fn is_exact(&self) -> bool {
        let target = BigRational::new(BigInt::one(), BigInt::from(self.output_probability.len()));
        self.output_probability.iter().all(|p| *p == target)
    }
}

/// A distribution over outputs and a cost: what one state contributes.
#[derive(Clone)]
struct Exit {
    mass: Vec<BigRational>,
    calls: BigRational,
}

impl Automaton {
    /// Output distribution and expected calls, exact; `sizes` are the allowed generators.
    pub fn evaluate(&self, sizes: &[u64]) -> Result<AutomatonEvaluation, AutomatonError> {
        let n = self.modulus as usize;
        let bad = |why: String| Err(AutomatonError::Malformed(why));
        if self.states.is_empty() {
            return bad("no states".into());
        }
        let s = self.states.len();
        // Per state: direct exits (outputs reached without a jump, calls spent in the state)
        // and jump weights g[t].
        let mut direct: Vec<Exit> = Vec::with_capacity(s);
        let mut jumps: Vec<Vec<BigRational>> = Vec::with_capacity(s);
        let mut calls_exact = true;
        for (index, state) in self.states.iter().enumerate() {
            let mut exit = Exit { mass: vec![BigRational::zero(); n], calls: BigRational::zero() };
            let mut g = vec![BigRational::zero(); s];
            match state {
                State::Tree(root) => walk(root, &BigRational::one(), sizes, n, &mut exit, &mut g)
                    .map_err(|why| AutomatonError::Malformed(format!("state {index}: {why}")))?,
                State::Chain { steps, loop_to } => {
                    exit = chain_exit(steps, *loop_to, sizes, n).map_err(|why| match why {
                        ChainFault::Malformed(w) => AutomatonError::Malformed(format!("state {index}: {w}")),
                        ChainFault::NeverStops => AutomatonError::NeverStops { state: index },
                    })?;
                }
                State::Sampler(sampler) => {
                    if !sizes.contains(&sampler.size) {
                        return bad(format!("state {index}: size {} is not a generator", sampler.size));
                    }
                    exit.mass = sampler
                        .distribution(n)
                        .ok_or(AutomatonError::Malformed(format!("state {index}: an output not below {n}")))?;
                    let cost = sampler.cost();
                    calls_exact &= cost.lower == cost.upper;
                    exit.calls = cost.upper;
                }
            }
            direct.push(exit);
            jumps.push(g);
        }
        if let Some(state) = stuck_state(&direct, &jumps) {
            return Err(AutomatonError::NeverStops { state });
        }
        let matrix = solve_absorption(&direct, &jumps)?;
        let start = &matrix[0];
        Ok(AutomatonEvaluation {
            output_probability: start[s..s + n].to_vec(),
            expected_calls: start[s + n].clone(),
            calls_exact,
        })
    }
}

/// A state from which no state with a direct exit of positive mass is reachable (it would
/// loop for ever), if any.
fn stuck_state(direct: &[Exit], jumps: &[Vec<BigRational>]) -> Option<usize> {
    let s = direct.len();
    let mut reaches: Vec<bool> = direct.iter().map(|e| e.mass.iter().any(|p| !p.is_zero())).collect();
    loop {
        let mut changed = false;
        for i in 0..s {
            if !reaches[i] && (0..s).any(|t| reaches[t] && !jumps[i][t].is_zero()) {
                reaches[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    reaches.iter().position(|r| !r)
}

/// Solves `(I - G) X = B` for the n output columns and the cost column at once (Gauss-Jordan
/// in exact rationals): row i of the result, past the first s columns, is what starting in
/// state i yields.
fn solve_absorption(direct: &[Exit], jumps: &[Vec<BigRational>]) -> Result<Vec<Vec<BigRational>>, AutomatonError> {
    let s = direct.len();
    let columns = direct.first().map_or(0, |e| e.mass.len()) + 1;
    let mut matrix: Vec<Vec<BigRational>> = (0..s)
        .map(|i| {
            let mut row: Vec<BigRational> =
                (0..s).map(|t| if i == t { BigRational::one() } else { BigRational::zero() } - &jumps[i][t]).collect();
            row.extend(direct[i].mass.iter().cloned());
            row.push(direct[i].calls.clone());
            row
        })
        .collect();
    for col in 0..s {
        let pivot = (col..s).find(|&r| !matrix[r][col].is_zero()).ok_or(AutomatonError::NeverStops { state: col })?;
        matrix.swap(col, pivot);
        let inverse = BigRational::one() / &matrix[col][col];
        for value in matrix[col].iter_mut() {
            *value *= &inverse;
        }
        for r in 0..s {
            if r != col && !matrix[r][col].is_zero() {
                let factor = matrix[r][col].clone();
                for c in 0..s + columns {
                    let delta = &factor * &matrix[col][c];
                    matrix[r][c] -= delta;
                }
            }
        }
    }
    Ok(matrix)
}

fn walk(
    node: &LoopTree,
    reach: &BigRational,
    sizes: &[u64],
    n: usize,
    exit: &mut Exit,
    g: &mut [BigRational],
) -> Result<(), String> {
    match node {
        Tree::Leaf(LoopLeaf::Output(j)) => {
            let slot = exit.mass.get_mut(*j as usize).ok_or(format!("output {j} is not below {n}"))?;
            *slot += reach;
        }
        Tree::Leaf(LoopLeaf::Jump(t)) => {
            let slot = g.get_mut(*t).ok_or(format!("a jump to state {t}, which does not exist"))?;
            *slot += reach;
        }
        Tree::Call { size, children } => {
            if !sizes.contains(size) {
                return Err(format!("size {size} is not a generator"));
            }
            if children.len() as u64 != *size {
                return Err(format!("a call of {size} with {} children", children.len()));
            }
            exit.calls += reach;
            let child = reach / BigRational::from_integer(BigInt::from(*size));
            for c in children {
                walk(c, &child, sizes, n, exit, g)?;
            }
        }
    }
    Ok(())
}

enum ChainFault {
    Malformed(String),
    NeverStops,
}

/// A chain's output distribution and expected calls: along the steps, the chance to still
/// be running before step i is `prod_{k<i} (leftover_k / (pool_k size_k))`; a loop repeats
/// the tail from `loop_to` with the chance `b` of coming back, summed as `1 / (1 - b)`.
fn chain_exit(steps: &[ChainStep], loop_to: Option<usize>, sizes: &[u64], n: usize) -> Result<Exit, ChainFault> {
    let bad = |why: String| Err(ChainFault::Malformed(why));
    if steps.first().map(|s| s.pool) != Some(1) {
        return bad("a chain starts with pool 1".into());
    }
    // running[i]: chance of being at step i in the first pass.
    let mut running = vec![BigRational::one()];
    let mut mass_at: Vec<Vec<(usize, BigRational)>> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        if !sizes.contains(&step.size) {
            return bad(format!("step {i} calls {}, not a generator", step.size));
        }
        if step.pool == 0 {
            return bad(format!("step {i} holds an empty pool"));
        }
        let values = step.pool as u128 * step.size as u128;
        let mut emitted = 0u128;
        let mut masses = Vec::new();
        for &(j, count) in &step.emit {
            if j as usize >= n {
                return bad(format!("step {i} emits output {j}, not below {n}"));
            }
            emitted += count as u128;
            let p = BigRational::new(BigInt::from(count), BigInt::from(values)) * &running[i];
            masses.push((j as usize, p));
        }
        if emitted > values {
            return bad(format!("step {i} emits {emitted} of {values} values"));
        }
        let left = values - emitted;
        let next_pool =
            steps.get(i + 1).map(|s| s.pool as u128).or(loop_to.map(|t| steps.get(t).map_or(0, |s| s.pool as u128)));
        match next_pool {
            Some(p) if p == left => {}
            None if left == 0 => {}
            _ => return bad(format!("step {i} leaves {left} values, which is not the next pool")),
        }
        mass_at.push(masses);
        running.push(BigRational::new(BigInt::from(left as u64), BigInt::from(values)) * &running[i]);
    }
    let count = steps.len();
    // The factor applied to the loop part: 1 / (1 - b), b = chance to come back to loop_to.
    let (loop_start, factor) = match loop_to {
        None => (count, BigRational::one()),
        Some(t) if t < count => {
            let b = &running[count] / &running[t];
            if b >= BigRational::one() {
                return Err(ChainFault::NeverStops);
            }
            (t, BigRational::one() / (BigRational::one() - b))
        }
        Some(t) => return bad(format!("loop to step {t} of {count}")),
    };
    let mut exit = Exit { mass: vec![BigRational::zero(); n], calls: BigRational::zero() };
    for i in 0..count {
        let weight = if i >= loop_start { factor.clone() } else { BigRational::one() };
        exit.calls += &running[i] * &weight;
        for (j, p) in &mass_at[i] {
            exit.mass[*j] += p * &weight;
        }
    }
    Ok(exit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> BigRational {
        text.parse().unwrap()
    }

    #[test]
    fn restart_on_the_last_outcome() {
        // n = 3 with a coin, by rejection: 2(2(0 1) 2(2 @0)), expected 8/3.
        let a = Automaton { modulus: 3, states: vec![State::Tree(LoopTree::parse_loop("2(2(0 1) 2(2 @0))").unwrap())] };
        let e = a.evaluate(&[2]).unwrap();
        assert!(e.is_exact());
        assert_eq!(e.expected_calls, q("8/3"));
    }

    #[test]
    fn a_loop_without_exit_never_stops() {
        let a = Automaton { modulus: 2, states: vec![State::Tree(LoopTree::parse_loop("2(@0 @0)").unwrap())] };
        assert_eq!(a.evaluate(&[2]), Err(AutomatonError::NeverStops { state: 0 }));
        let unreachable_exit = Automaton {
            modulus: 2,
            states: vec![
                State::Tree(LoopTree::parse_loop("2(@1 @1)").unwrap()),
                State::Tree(LoopTree::parse_loop("2(@1 @1)").unwrap()),
            ],
        };
        assert!(matches!(unreachable_exit.evaluate(&[2]), Err(AutomatonError::NeverStops { .. })));
    }

    #[test]
    fn a_chain_is_a_sampler() {
        // 1/3 with a coin: pool 1 -> call 2 -> 2 values, none emitted -> pool 2 -> call 2 ->
        // 4 values: output 0 gets 1, output 1 gets 1, output 2 gets 1, one left -> loop.
        let steps = vec![
            ChainStep { pool: 1, size: 2, emit: vec![] },
            ChainStep { pool: 2, size: 2, emit: vec![(0, 1), (1, 1), (2, 1)] },
        ];
        let a = Automaton { modulus: 3, states: vec![State::Chain { steps, loop_to: Some(0) }] };
        let e = a.evaluate(&[2]).unwrap();
        assert!(e.is_exact());
        assert_eq!(e.expected_calls, q("8/3"));
    }

    #[test]
    fn notation_round_trips() {
        let text = "29(0 @1 2(1 @0))";
        assert_eq!(LoopTree::parse_loop(text).unwrap().to_string(), text);
    }
}
