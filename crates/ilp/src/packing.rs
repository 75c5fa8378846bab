//! Packing leaf patterns into whole children (docs/model.md §7 fact 5; issue 14): the
//! outputs of an asymmetric block each take a leaf pattern (leaves per child size), and the
//! leaves of each size must fill whole children, the absorbing output taking the remainders.
//!
//! The programme: `c_p` outputs take pattern p (`sum c_p = outputs`); for each size q the
//! leaves `sum_p c_p l_{p,q} + placed_q` plus the absorbing output's `r_q` (`0 <= r_q < q`)
//! fill `k_q` children of q; the absorbing output's mass `sum r_q / q` is at most
//! `absorbing_capacity`. The objective, `sum c_p cost_p`, ranks; it is not a proof of
//! anything. CBC works in floating point, so the caller rebuilds and evaluates the block
//! exactly and drops it if it is not exact.

use good_lp::{coin_cbc, constraint, variable, Expression, Solution, SolverModel, Variable};

/// Branch-and-bound nodes CBC may explore: a deterministic limit.
const MAX_NODES: u32 = 3_000;

/// The question: which patterns, how often.
pub struct PackingProblem<'a> {
    /// The child sizes (the columns of the patterns).
    pub sizes: &'a [u64],
    /// Leaves per size of each candidate pattern.
    pub patterns: &'a [Vec<u64>],
    /// What one output taking the pattern costs (a ranking only).
    pub costs: &'a [f64],
    /// How many outputs take a pattern.
    pub outputs: u64,
    /// Leaves of each size placed already (the pending leaf).
    pub placed: &'a [u64],
    /// Most mass the absorbing output may take, in units of a child.
    pub absorbing_capacity: f64,
}

/// How many outputs take each pattern, cheapest first by the programme; `None` when CBC
/// finds no packing within its node limit. The costs are tried scaled so that the costliest
/// pattern costs 10^4 (shares of 10^-5 sit inside CBC's tolerances), then as given: CBC's
/// heuristics find a packing under one scaling where they miss it under the other.
pub fn cheapest_packing(problem: &PackingProblem) -> Option<Vec<u64>> {
    // CBC aborts the process on a coefficient past 1e25: only finite, non-negative costs,
    // and a scale only when it is finite.
    if !problem.costs.iter().all(|c| c.is_finite() && *c >= 0.0) {
        return None;
    }
    let largest = problem.costs.iter().cloned().fold(0.0, f64::max);
    let scaled = Some(1e4 / largest).filter(|s| s.is_finite());
    scaled.into_iter().chain([1.0]).find_map(|scale| solve(problem, scale))
}

fn solve(problem: &PackingProblem, scale: f64) -> Option<Vec<u64>> {
    let mut vars = good_lp::variables!();
    let counts: Vec<Variable> =
        problem.patterns.iter().map(|_| vars.add(variable().integer().min(0).max(problem.outputs as f64))).collect();
    let mut constraints = Vec::new();
    let total: Expression = counts.iter().copied().map(Expression::from).sum();
    constraints.push(constraint!(total == problem.outputs as f64));
    let mut absorbing = Expression::from(0);
    for (i, &q) in problem.sizes.iter().enumerate() {
        let remainder = vars.add(variable().integer().min(0).max((q - 1) as f64));
        let children = vars.add(variable().integer().min(0));
        let mut leaves = Expression::from(problem.placed[i] as f64) + remainder;
        for (p, &c) in problem.patterns.iter().zip(&counts) {
            if p[i] > 0 {
                leaves += (p[i] as f64) * c;
            }
        }
        constraints.push(constraint!(leaves == (q as f64) * children));
        absorbing += (1.0 / q as f64) * remainder;
    }
    constraints.push(constraint!(absorbing <= problem.absorbing_capacity));
    let objective: Expression = counts.iter().zip(problem.costs).map(|(&c, &cost)| (cost * scale) * c).sum();
    let mut model = vars.minimise(objective).using(coin_cbc);
    crate::deterministic(&mut model, MAX_NODES);
    for c in constraints {
        model = model.with(c);
    }
    let solution = model.solve().ok()?;
    Some(counts.iter().map(|&c| solution.value(c).round().max(0.0) as u64).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_remainders_must_fit_the_absorbing_output() {
        // Sizes 3 and 2, two outputs to place. Pattern 0 = one leaf of 3 (cheap), pattern 1 =
        // one leaf of 2. Two of pattern 0 leave a remainder of 1/3; one of each leaves
        // 2/3 + 1/2 > 1; two of pattern 1 leave 0.
        let sizes = [3, 2];
        let patterns = vec![vec![1, 0], vec![0, 1]];
        let problem = |capacity| PackingProblem {
            sizes: &sizes,
            patterns: &patterns,
            costs: &[1.0, 2.0],
            outputs: 2,
            placed: &[0, 0],
            absorbing_capacity: capacity,
        };
        assert_eq!(cheapest_packing(&problem(0.5)), Some(vec![2, 0]));
        assert_eq!(cheapest_packing(&problem(0.2)), Some(vec![0, 2]));
    }

    #[test]
    fn costs_cbc_cannot_take_are_refused_or_left_unscaled() {
        // All zero: no scale (1e4 / 0 is infinite, and CBC aborts past 1e25); still solved.
        let sizes = [2];
        let patterns = vec![vec![1]];
        let problem = |costs| PackingProblem {
            sizes: &sizes,
            patterns: &patterns,
            costs,
            outputs: 2,
            placed: &[0],
            absorbing_capacity: 1.0,
        };
        assert_eq!(cheapest_packing(&problem(&[0.0])), Some(vec![2]));
        assert_eq!(cheapest_packing(&problem(&[f64::INFINITY])), None);
        assert_eq!(cheapest_packing(&problem(&[f64::NAN])), None);
    }
}
