//! The naive encoding, kept only as a benchmark baseline: one set of variables per node of
//! the full tree of branching `max(G)` and the candidate depth, whichever nodes are used.
//! Its size grows like `max(G)^d`, where the multiset encoding grows with the number of
//! multisets; `just bench` compares the two.

use crate::{Budget, Verdict};
use optimod_spec::Spec;
use z3::ast::{Bool, Int};

/// Is there an exact tree of depth `<= depth`, asked of z3 with one variable per position?
/// Returns the verdict (SAT gives no tree: this encoding is for timing only) and its size in
/// positions. Refuses past `max_positions`.
pub fn solve_naive(spec: &Spec, depth: u32, budget: Budget, max_positions: usize) -> Option<(Verdict, usize)> {
    let branching = spec.max_generator() as usize;
    let mut count = 0usize;
    let mut layer = 1usize;
    for _ in 0..=depth {
        count = count.checked_add(layer)?;
        layer = layer.checked_mul(branching)?;
    }
    if count > max_positions {
        return None;
    }
    let n = spec.modulus;
    let sizes = &spec.generators;
    // L = n * lcm(G)^depth: every leaf's weight L * reach is a whole number.
    let lcm = sizes.iter().fold(num_bigint::BigUint::from(1u32), |acc, &m| {
        num_integer::Integer::lcm(&acc, &num_bigint::BigUint::from(m))
    });
    let big_l = num_bigint::BigUint::from(n) * num_traits::pow::pow(lcm, depth as usize);
    let int = |v: &num_bigint::BigUint| v.to_string().parse::<Int>().expect("numeral");

    let solver = crate::deterministic_solver();
    let mut params = z3::Params::new();
    params.set_u32("timeout", budget.timeout_ms.max(1));
    solver.set_params(&params);

    // Positions breadth first: (parent, outcome, depth).
    let mut parent: Vec<Option<(usize, usize)>> = vec![None];
    let mut level = vec![0u32];
    let mut i = 0;
    while i < parent.len() {
        if level[i] < depth {
            for outcome in 0..branching {
                parent.push(Some((i, outcome)));
                level.push(level[i] + 1);
            }
        }
        i += 1;
    }
    let kind: Vec<Int> = (0..parent.len()).map(|p| Int::new_const(format!("k{p}"))).collect();
    let output: Vec<Int> = (0..parent.len()).map(|p| Int::new_const(format!("o{p}"))).collect();
    let weight: Vec<Int> = (0..parent.len()).map(|p| Int::new_const(format!("w{p}"))).collect();
    let active: Vec<Bool> = (0..parent.len()).map(|p| Bool::new_const(format!("a{p}"))).collect();
    for p in 0..parent.len() {
        solver.assert(kind[p].ge(Int::from_u64(0)));
        let max_kind = if level[p] == depth { 0 } else { sizes.len() as u64 };
        solver.assert(kind[p].le(Int::from_u64(max_kind)));
        solver.assert(output[p].ge(Int::from_u64(0)));
        solver.assert(output[p].lt(Int::from_u64(n)));
        match parent[p] {
            None => {
                solver.assert(&active[p]);
                solver.assert(weight[p].eq(int(&big_l)));
            }
            Some((q, outcome)) => {
                let opens: Vec<Bool> = sizes
                    .iter()
                    .enumerate()
                    .filter(|(_, &m)| m as usize > outcome)
                    .map(|(g, _)| kind[q].eq(Int::from_u64(g as u64 + 1)))
                    .collect();
                let opened = if opens.is_empty() { Bool::from_bool(false) } else { Bool::or(&opens) };
                solver.assert(active[p].eq(Bool::and(&[active[q].clone(), opened])));
                for (g, &m) in sizes.iter().enumerate() {
                    let chosen = kind[q].eq(Int::from_u64(g as u64 + 1));
                    solver.assert(chosen.implies((&weight[p] * Int::from_u64(m)).eq(&weight[q])));
                }
            }
        }
    }
    let share = int(&(&big_l / num_bigint::BigUint::from(n)));
    for j in 0..n {
        let terms: Vec<Int> = (0..parent.len())
            .map(|p| {
                let leaf_here =
                    Bool::and(&[active[p].clone(), kind[p].eq(Int::from_u64(0)), output[p].eq(Int::from_u64(j))]);
                leaf_here.ite(&weight[p], &Int::from_u64(0))
            })
            .collect();
        solver.assert(Int::add(&terms).eq(&share));
    }
    let verdict = match solver.check() {
        z3::SatResult::Sat => Verdict::Inconclusive,
        z3::SatResult::Unsat => Verdict::Unsat,
        z3::SatResult::Unknown => Verdict::Unknown(solver.get_reason_unknown().unwrap_or_default()),
    };
    Some((verdict, parent.len()))
}
