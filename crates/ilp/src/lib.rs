//! A second engine for "is there an exact tree of depth `<= d` whose root calls `r`?": an
//! integer linear programme built with good_lp and solved by COIN-OR CBC (Debian's
//! `coinor-libcbc-dev`, installed by `scripts/setup.sh`). Written apart from the z3 encoding (its own multiset enumeration, model and tree
//! reconstruction), so that the two engines share no code that could share a bug.
//!
//! CBC works in floating point. So: every coefficient must be an integer of at most
//! [`MAX_COEFFICIENT`] (the model is refused as not applicable otherwise; the mass equation is
//! divided by the gcd of its coefficients first); every feasible answer is rebuilt into a tree
//! that the caller checks exactly; and "infeasible" is only ever used as agreement with a
//! proof from elsewhere, never as a proof on its own.
// Index loops read better than iterator chains in the numerical kernels here.
#![allow(clippy::needless_range_loop)]

pub mod packing;

use good_lp::{
    coin_cbc, constraint, variable, Constraint, Expression, ProblemVariables, ResolutionError, Solution, SolverModel,
    Variable,
};
use num_integer::{gcd, lcm};
use optimod_spec::{Spec, Tree};
use std::collections::BTreeMap;

/// Largest coefficient the model may contain: far inside f64's exact integers, so that the
/// solver's own rounding has room.
pub const MAX_COEFFICIENT: u128 = 1 << 31;

/// Which leaf assignment the programme uses (the same three ideas as the z3 backend).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// Every output the same leaf multiset: feasible gives a witness.
    Symmetric,
    /// One output's leaves only: a relaxation; infeasible agrees with "no tree".
    OneOutput,
    /// Leaves per output: exact.
    General,
}

impl Model {
    pub fn name(self) -> &'static str {
        match self {
            Model::Symmetric => "ilp-flow/symmetric-outputs/v1",
            Model::OneOutput => "ilp-flow/one-output-relaxation/v1",
            Model::General => "ilp-flow/per-output-leaves/v1",
        }
    }
}

/// The engine's answer for one case.
#[derive(Clone, Debug)]
pub enum Answer {
    /// Feasible; for witness models, the tree rebuilt from the rounded solution (unchecked).
    Feasible(Option<Tree>),
    /// The solver reports no integer solution.
    Infeasible,
    /// The model would need coefficients beyond [`MAX_COEFFICIENT`], or the solver failed.
    NotApplicable(String),
}

/// A deliberately wrong model, only for tests that must see the engines disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    /// Demands two roots: every model becomes infeasible.
    TwoRoots,
}

/// Largest programme (integer variables) the engine will hand to CBC.
pub const MAX_VARIABLES: usize = 3_000;

/// Branch-and-bound nodes CBC may explore per case: a deterministic limit (a time limit would
/// make the recorded verdict depend on the machine). Hitting it yields `NotApplicable`.
pub const MAX_NODES: u32 = 2_000;

/// The engine's name and version as certificates record it.
pub fn engine() -> (&'static str, &'static str) {
    ("cbc", "COIN-OR CBC via good_lp 1.15")
}

/// Solves the case `(depth, root, model)`.
pub fn solve(spec: &Spec, depth: u32, root: u64, model: Model, fault: Fault) -> Answer {
    build_and_solve(spec, depth, root, model, fault, Goal::AnyTree)
}

/// The exact tree of depth `<= depth` with root `root` and the fewest expected calls, by the
/// per-output model with the objective `sum_S sum_m c_{S,m} / prod S` (docs/model.md §4).
/// `Feasible` only when CBC reports the optimum proven; the tree is unchecked and its value
/// in floating point, so the caller re-evaluates it exactly.
pub fn cheapest(spec: &Spec, depth: u32, root: u64, fault: Fault) -> Answer {
    build_and_solve(spec, depth, root, Model::General, fault, Goal::LeastExpected)
}

/// What the programme asks of CBC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Goal {
    /// Any feasible tree (the objective only steers the search).
    AnyTree,
    /// The tree with the fewest expected calls, proven optimal.
    LeastExpected,
}

fn build_and_solve(spec: &Spec, depth: u32, root: u64, model: Model, fault: Fault, goal: Goal) -> Answer {
    match Programme::build(spec, depth, root, model, fault, goal) {
        Ok(programme) => programme.solve(),
        Err(why) => Answer::NotApplicable(why),
    }
}

/// The integer programme of one case: a node count per multiset type of depth `<= d`, calls
/// from each type, and the leaves' assignment to outputs per `model`.
struct Programme {
    n: u64,
    model: Model,
    goal: Goal,
    types: Vec<Vec<u64>>,
    index: BTreeMap<Vec<u64>, usize>,
    vars: ProblemVariables,
    nodes: Vec<Variable>,
    calls: Vec<Vec<(u64, Variable)>>,
    /// Per leaf type: its leaves given to outputs (one variable for the symmetric and
    /// one-output models, one per output for the general one).
    assign: BTreeMap<usize, Vec<Variable>>,
    constraints: Vec<Constraint>,
}

fn product(s: &[u64]) -> u128 {
    s.iter().map(|&m| m as u128).product()
}

fn bounded(vars: &mut ProblemVariables) -> Variable {
    vars.add(variable().integer().min(0).max(i32::MAX as f64))
}

impl Programme {
    fn build(spec: &Spec, depth: u32, root: u64, model: Model, fault: Fault, goal: Goal) -> Result<Programme, String> {
        let types = sized_types(spec, depth, model)?;
        let n = spec.modulus;
        let index: BTreeMap<Vec<u64>, usize> = types.iter().enumerate().map(|(i, s)| (s.clone(), i)).collect();
        let mut vars = good_lp::variables!();
        let nodes: Vec<Variable> = types.iter().map(|_| bounded(&mut vars)).collect();
        let calls: Vec<Vec<(u64, Variable)>> = types
            .iter()
            .map(|s| {
                if s.len() as u32 == depth {
                    vec![]
                } else {
                    spec.generators.iter().map(|&m| (m, bounded(&mut vars))).collect()
                }
            })
            .collect();
        let leaf_types: Vec<usize> = (0..types.len()).filter(|&i| product(&types[i]) >= n as u128).collect();
        let (coefficient, rhs) = mass_coefficients(n, &types, &leaf_types);
        if model != Model::Symmetric && (rhs > MAX_COEFFICIENT || coefficient.values().any(|&c| c > MAX_COEFFICIENT)) {
            return Err(format!("mass coefficients up to {rhs} exceed {MAX_COEFFICIENT}"));
        }
        let mut programme = Programme {
            n,
            model,
            goal,
            types,
            index,
            vars,
            nodes,
            calls,
            assign: BTreeMap::new(),
            constraints: Vec::new(),
        };
        programme.flow(root, fault);
        programme.outputs(&leaf_types, &coefficient, rhs);
        Ok(programme)
    }

    /// The leaves of type i: its nodes less those that call.
    fn leaves(&self, i: usize) -> Expression {
        let mut e = Expression::from(self.nodes[i]);
        for (_, c) in &self.calls[i] {
            e -= *c;
        }
        e
    }

    /// One root calling `root`; every other type's nodes are the calls of its parents; leaves
    /// only where the product reaches n.
    fn flow(&mut self, root: u64, fault: Fault) {
        let mut constraints = Vec::new();
        constraints.push(constraint!(self.nodes[0] == if fault == Fault::TwoRoots { 2 } else { 1 }));
        for (m, c) in &self.calls[0] {
            constraints.push(constraint!(*c == if *m == root { 1 } else { 0 }));
        }
        for (t, s) in self.types.iter().enumerate().skip(1) {
            let mut incoming = Expression::from(0);
            let mut distinct = s.clone();
            distinct.dedup();
            for m in distinct {
                let mut parent = s.clone();
                parent.remove(parent.iter().position(|&x| x == m).expect("m in s"));
                let c =
                    self.calls[self.index[&parent]].iter().find(|(size, _)| *size == m).expect("parent below depth").1;
                incoming += (m as f64) * c;
            }
            constraints.push(constraint!(self.nodes[t] == incoming));
        }
        for i in 0..self.types.len() {
            if product(&self.types[i]) >= self.n as u128 {
                constraints.push(constraint!(self.leaves(i) >= 0));
            } else {
                constraints.push(constraint!(self.leaves(i) == 0));
            }
        }
        self.constraints.extend(constraints);
    }

    /// The leaves' assignment to outputs and each output's mass `1/n`, per the model.
    fn outputs(&mut self, leaf_types: &[usize], coefficient: &BTreeMap<usize, u128>, rhs: u128) {
        let n = self.n;
        for &i in leaf_types {
            let vars: Vec<Variable> = match self.model {
                Model::General => (0..n).map(|_| bounded(&mut self.vars)).collect(),
                _ => vec![bounded(&mut self.vars)],
            };
            let leaves = self.leaves(i);
            self.constraints.push(match self.model {
                Model::Symmetric => constraint!(leaves == (n as f64) * vars[0]),
                Model::OneOutput => constraint!(vars[0] <= leaves),
                Model::General => constraint!(leaves == vars.iter().copied().map(Expression::from).sum::<Expression>()),
            });
            self.assign.insert(i, vars);
        }
        let outputs = match self.model {
            Model::Symmetric => 0,
            Model::OneOutput => 1,
            Model::General => n as usize,
        };
        for j in 0..outputs {
            let mut mass = Expression::from(0);
            for &i in leaf_types {
                mass += (coefficient[&i] as f64) * self.assign[&i][j];
            }
            self.constraints.push(constraint!(mass == rhs as f64));
        }
    }

    /// Expected calls `sum_S sum_m c_{S,m} / prod S`, or the root count for any tree.
    fn objective(&self) -> Expression {
        match self.goal {
            Goal::AnyTree => Expression::from(self.nodes[0]),
            Goal::LeastExpected => {
                let mut cost = Expression::from(0);
                for (i, s) in self.types.iter().enumerate() {
                    for (_, c) in &self.calls[i] {
                        cost += (1.0 / product(s) as f64) * *c;
                    }
                }
                cost
            }
        }
    }

    fn solve(self) -> Answer {
        let objective = self.objective();
        let Programme { n, model, goal, types, index, vars, calls, assign, constraints, .. } = self;
        let mut problem = vars.minimise(objective).using(coin_cbc);
        deterministic(&mut problem, MAX_NODES);
        for c in constraints {
            problem = problem.with(c);
        }
        match problem.solve() {
            Err(ResolutionError::Infeasible) => Answer::Infeasible,
            Err(ResolutionError::Other("Stopped")) => {
                Answer::NotApplicable(format!("cbc stopped at its limit ({MAX_NODES} nodes) without an answer"))
            }
            Err(other) => Answer::NotApplicable(format!("cbc: {other}")),
            Ok(solution) => {
                if goal == Goal::LeastExpected && !solution.model().is_proven_optimal() {
                    return Answer::NotApplicable(format!(
                        "cbc stopped before proving the optimum ({MAX_NODES} nodes)"
                    ));
                }
                if model == Model::OneOutput {
                    return Answer::Feasible(None);
                }
                let value = |v: Variable| solution.value(v).round().max(0.0) as u64;
                let call_counts: Vec<Vec<(u64, u64)>> =
                    calls.iter().map(|cs| cs.iter().map(|(m, c)| (*m, value(*c))).collect()).collect();
                let leaf_outputs: Vec<Vec<(u64, u64)>> = (0..types.len())
                    .map(|i| match (model, assign.get(&i)) {
                        (_, None) => vec![],
                        (Model::Symmetric, Some(k)) => (0..n).map(|j| (j, value(k[0]))).collect(),
                        (_, Some(xs)) => xs.iter().enumerate().map(|(j, x)| (j as u64, value(*x))).collect(),
                    })
                    .collect();
                Answer::Feasible(rebuild(&types, &index, &call_counts, &leaf_outputs))
            }
        }
    }
}

/// The multiset types of depth `<= depth`, refused (not built) past [`MAX_VARIABLES`].
fn sized_types(spec: &Spec, depth: u32, model: Model) -> Result<Vec<Vec<u64>>, String> {
    // Counted before anything is listed: a large menu must not be enumerated to be refused.
    let counted = optimod_spec::arith::multisets_at_most(spec.generators.len() as u128, depth);
    if counted > MAX_VARIABLES as u128 {
        return Err(format!("{counted} multiset types (estimated, not built), more than {MAX_VARIABLES} variables"));
    }
    let types = multisets(&spec.generators, depth);
    let per_leaf_type = match model {
        Model::General => spec.modulus as usize,
        _ => 1,
    };
    let estimate = types.len() * (1 + spec.generators.len() + per_leaf_type);
    if estimate > MAX_VARIABLES {
        return Err(format!("about {estimate} variables, more than {MAX_VARIABLES}"));
    }
    Ok(types)
}

/// The mass equation `sum_i coefficient_i x_i = rhs` (leaf type i has reach `1/prod`, an
/// output needs `1/n`), over the lcm of the denominators and reduced by the gcd.
fn mass_coefficients(n: u64, types: &[Vec<u64>], leaf_types: &[usize]) -> (BTreeMap<usize, u128>, u128) {
    let lcm = leaf_types.iter().fold(n as u128, |acc, &i| lcm(acc, product(&types[i])));
    let mut coefficient: BTreeMap<usize, u128> = leaf_types.iter().map(|&i| (i, lcm / product(&types[i]))).collect();
    let mut rhs = lcm / n as u128;
    let g = coefficient.values().fold(rhs, |acc, &c| gcd(acc, c));
    coefficient.values_mut().for_each(|c| *c /= g);
    rhs /= g;
    (coefficient, rhs)
}

/// CBC silent, on one thread, stopped after `max_nodes` branch-and-bound nodes: the same
/// answer on every run and machine (a time limit would not give that).
fn deterministic(problem: &mut good_lp::solvers::coin_cbc::CoinCbcProblem, max_nodes: u32) {
    problem.set_parameter("log", "0");
    problem.set_parameter("threads", "1");
    problem.set_parameter("maxNodes", &max_nodes.to_string());
}

/// Multisets of at most `depth` sizes, by size then lexicographically.
fn multisets(generators: &[u64], depth: u32) -> Vec<Vec<u64>> {
    let mut all = vec![vec![]];
    let mut frontier: Vec<Vec<u64>> = vec![vec![]];
    for _ in 0..depth {
        let mut next = Vec::new();
        for s in &frontier {
            for &m in generators.iter().filter(|&&m| s.last().is_none_or(|&l| m >= l)) {
                let mut t = s.clone();
                t.push(m);
                next.push(t);
            }
        }
        all.extend(next.iter().cloned());
        frontier = next;
    }
    all
}

/// A tree from rounded counts, or `None` when the counts do not fit together (rounding).
fn rebuild(
    types: &[Vec<u64>],
    index: &BTreeMap<Vec<u64>, usize>,
    calls: &[Vec<(u64, u64)>],
    leaves: &[Vec<(u64, u64)>],
) -> Option<Tree> {
    // Pending nodes per type, each a path of outcomes from the root; built as nested maps.
    let mut pending: Vec<Vec<Vec<u64>>> = vec![vec![]; types.len()];
    pending[0].push(vec![]);
    let mut shape: BTreeMap<Vec<u64>, (u64, Option<u64>)> = BTreeMap::new(); // path -> (size, output)
    for (t, s) in types.iter().enumerate() {
        let mut nodes = std::mem::take(&mut pending[t]).into_iter();
        for &(m, count) in &calls[t] {
            let mut child_type = s.clone();
            child_type.push(m);
            child_type.sort_unstable();
            let child = *index.get(&child_type)?;
            for _ in 0..count {
                let path = nodes.next()?;
                for r in 0..m {
                    let mut p = path.clone();
                    p.push(r);
                    pending[child].push(p);
                }
                shape.insert(path, (m, None));
            }
        }
        for &(output, count) in &leaves[t] {
            for _ in 0..count {
                shape.insert(nodes.next()?, (0, Some(output)));
            }
        }
        if nodes.next().is_some() {
            return None;
        }
    }
    fn grow(path: &mut Vec<u64>, shape: &BTreeMap<Vec<u64>, (u64, Option<u64>)>) -> Option<Tree> {
        match shape.get(path)? {
            (_, Some(output)) => Some(Tree::Leaf(*output)),
            (size, None) => {
                let size = *size;
                let mut children = Vec::with_capacity(size as usize);
                for r in 0..size {
                    path.push(r);
                    children.push(grow(path, shape)?);
                    path.pop();
                }
                Some(Tree::Call { size, children })
            }
        }
    }
    grow(&mut vec![], &shape)
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimod_spec::Objective;

    fn primes(n: u64) -> Spec {
        Spec::primes_below(n, Objective::WorstCase).unwrap()
    }

    #[test]
    fn a_model_too_large_is_counted_and_not_built() {
        // 78 498 primes below 10^6: listing the multisets of 3 of them would take terabytes.
        match solve(&primes(1_000_000), 3, 999_983, Model::General, Fault::None) {
            Answer::NotApplicable(why) => assert!(why.contains("estimated, not built"), "{why}"),
            _ => panic!("a model of 10^14 types must be refused before it is built"),
        }
    }

    #[test]
    fn finds_the_42_tree_and_it_is_exact() {
        let spec = primes(42);
        let Answer::Feasible(Some(tree)) = solve(&spec, 2, 41, Model::Symmetric, Fault::None) else {
            panic!("depth 2 with root 41 is feasible");
        };
        assert!(tree.evaluate(&spec).unwrap().is_exact());
    }

    #[test]
    fn one_call_is_infeasible_for_every_root_of_42() {
        let spec = primes(42);
        for &root in spec.generators.iter() {
            assert!(matches!(solve(&spec, 1, root, Model::General, Fault::None), Answer::Infeasible), "root {root}");
        }
    }

    #[test]
    fn twenty_from_six_and_fifteen_needs_three_calls() {
        let spec = Spec::new(20, &[6, 15], Objective::WorstCase).unwrap();
        for root in [6, 15] {
            assert!(matches!(solve(&spec, 2, root, Model::General, Fault::None), Answer::Infeasible), "root {root}");
        }
        let found = [6, 15].iter().any(|&root| {
            matches!(solve(&spec, 3, root, Model::General, Fault::None), Answer::Feasible(Some(t)) if t.evaluate(&spec).unwrap().is_exact())
        });
        assert!(found);
    }

    #[test]
    fn the_faulty_model_is_infeasible_even_where_trees_exist() {
        let spec = primes(6);
        assert!(matches!(solve(&spec, 2, 3, Model::Symmetric, Fault::None), Answer::Feasible(Some(_))));
        assert!(matches!(solve(&spec, 2, 3, Model::Symmetric, Fault::TwoRoots), Answer::Infeasible));
    }
}
