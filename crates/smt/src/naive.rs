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

    let solver = crate::solving::deterministic_solver();
    let mut params = z3::Params::new();
    params.set_u32("timeout", budget.timeout_ms.max(1));
    solver.set_params(&params);
    let tree = FullTree::new(depth, branching);
    let vars = tree.assert_structure(&solver, spec, &big_l);
    let share = int(&(&big_l / num_bigint::BigUint::from(n)));
    for j in 0..n {
        let terms: Vec<Int> = (0..tree.parent.len())
            .map(|p| {
                let leaf_here = Bool::and(&[
                    vars.active[p].clone(),
                    vars.kind[p].eq(Int::from_u64(0)),
                    vars.output[p].eq(Int::from_u64(j)),
                ]);
                leaf_here.ite(&vars.weight[p], &Int::from_u64(0))
            })
            .collect();
        solver.assert(Int::add(&terms).eq(&share));
    }
    let verdict = match solver.check() {
        z3::SatResult::Sat => Verdict::Inconclusive,
        z3::SatResult::Unsat => Verdict::Unsat,
        z3::SatResult::Unknown => Verdict::Unknown(solver.get_reason_unknown().unwrap_or_default()),
    };
    Some((verdict, tree.parent.len()))
}

fn int(v: &num_bigint::BigUint) -> Int {
    v.to_string().parse::<Int>().expect("numeral")
}

/// Every position of the full tree, breadth first: its parent and outcome, and its depth.
struct FullTree {
    parent: Vec<Option<(usize, usize)>>,
    level: Vec<u32>,
    depth: u32,
}

/// Per position: what it does (0 a leaf, g + 1 calls size g), its output if a leaf, its
/// weight `L * reach`, and whether the tree reaches it.
struct PositionVars {
    kind: Vec<Int>,
    output: Vec<Int>,
    weight: Vec<Int>,
    active: Vec<Bool>,
}

impl FullTree {
    fn new(depth: u32, branching: usize) -> FullTree {
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
        FullTree { parent, level, depth }
    }

    /// The root is active with weight L; a child is active when its parent calls a size with
    /// that outcome, and weighs its parent's weight over the size.
    fn assert_structure(&self, solver: &z3::Solver, spec: &Spec, big_l: &num_bigint::BigUint) -> PositionVars {
        let count = self.parent.len();
        let sizes = &spec.generators;
        let vars = PositionVars {
            kind: (0..count).map(|p| Int::new_const(format!("k{p}"))).collect(),
            output: (0..count).map(|p| Int::new_const(format!("o{p}"))).collect(),
            weight: (0..count).map(|p| Int::new_const(format!("w{p}"))).collect(),
            active: (0..count).map(|p| Bool::new_const(format!("a{p}"))).collect(),
        };
        let PositionVars { kind, output, weight, active } = &vars;
        for p in 0..count {
            solver.assert(kind[p].ge(Int::from_u64(0)));
            let max_kind = if self.level[p] == self.depth { 0 } else { sizes.len() as u64 };
            solver.assert(kind[p].le(Int::from_u64(max_kind)));
            solver.assert(output[p].ge(Int::from_u64(0)));
            solver.assert(output[p].lt(Int::from_u64(spec.modulus)));
            let Some((q, outcome)) = self.parent[p] else {
                solver.assert(&active[p]);
                solver.assert(weight[p].eq(int(big_l)));
                continue;
            };
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
        vars
    }
}
