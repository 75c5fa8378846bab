//! Grades a proposed strategy: turns it into a tree or an automaton with restarts, and
//! evaluates it in exact rationals (is it exact, which outputs are off and the first path to
//! one, worst-case and expected calls), and judges it against the certified optimum the caller
//! proved (`verdict.rs`: the verdict and its reason).

mod explore;
mod notation;
mod report;
mod verdict;
mod words;

pub use explore::{explore_python, read_report_value, ExploreError, Limits, EXPLORER, EXPLORE_NODES};
pub use notation::{read_text, shallow};
pub use report::{judge, read_exploration, ExpectedCalls, Read, Report};
pub use verdict::{judge_expected, judge_worst_case, ExpectedOptimum, Verdict, WorstOptimum};
pub use words::parse_words;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use optimod_recycle::{Automaton, State};
use optimod_spec::{LoopLeaf, LoopTree, Spec, Tree};

/// A strategy as explored: outputs, calls, cuts where a path still called after the limit,
/// and nodes read as restarts of the whole strategy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Explored {
    Output(u64),
    Call { size: u64, children: Vec<Explored> },
    Cut,
    Restart,
}

/// A strategy to grade.
#[derive(Clone, Debug)]
pub enum Proposal {
    /// A finite tree.
    Tree(Tree),
    /// A strategy with loops: tree states whose leaves may jump (`@k`).
    Automaton(Automaton),
}

/// What an explored strategy is.
#[derive(Clone, Debug)]
pub enum Reading {
    /// Every path stops within the limit.
    Finite(Tree),
    /// Every path stops or restarts: an automaton whose restarts jump to the start. The
    /// restarts are an inference: each node behaved like the start for `evidence` calls.
    Restarts { automaton: Automaton, restarts: usize, evidence: u32 },
    /// Some path still calls after the limit and no restart explains it.
    Open(Explored),
}

/// Reads an explored strategy for modulus `n`; `evidence` is how deep each restart was seen
/// to repeat the start.
pub fn read_explored(n: u64, explored: Explored, evidence: u32) -> Reading {
    if let Some(tree) = finite(&explored) {
        return Reading::Finite(tree);
    }
    let mut restarts = 0;
    match with_restarts(&explored, &mut restarts) {
        Some(root) => Reading::Restarts {
            automaton: Automaton { modulus: n, states: vec![State::Tree(root)] },
            restarts,
            evidence,
        },
        None => Reading::Open(explored),
    }
}

fn finite(node: &Explored) -> Option<Tree> {
    match node {
        Explored::Output(v) => Some(Tree::Leaf(*v)),
        Explored::Cut | Explored::Restart => None,
        Explored::Call { size, children } => {
            Some(Tree::Call { size: *size, children: children.iter().map(finite).collect::<Option<_>>()? })
        }
    }
}

/// Restarts as jumps to the start; `None` when a cut remains.
fn with_restarts(node: &Explored, restarts: &mut usize) -> Option<LoopTree> {
    match node {
        Explored::Output(v) => Some(Tree::Leaf(LoopLeaf::Output(*v))),
        Explored::Cut => None,
        Explored::Restart => {
            *restarts += 1;
            Some(Tree::Leaf(LoopLeaf::Jump(0)))
        }
        Explored::Call { size, children } => {
            let children = children.iter().map(|c| with_restarts(c, restarts)).collect::<Option<_>>()?;
            Some(Tree::Call { size: *size, children })
        }
    }
}

/// The exact facts of a proposal.
#[derive(Clone, Debug)]
pub struct Assessment {
    /// Probability of each output, exact.
    pub output_probability: Vec<BigRational>,
    pub exact: bool,
    /// `None` when some path can call without end (a strategy with loops).
    pub worst_case_calls: Option<u32>,
    pub expected_calls: BigRational,
    /// Up to three outputs farthest from `1/n`, farthest first.
    pub worst_outputs: Vec<u64>,
    /// The first path (size called, outcome) to the first output that is off.
    pub first_wrong_path: Option<(u64, Vec<(u64, u64)>)>,
}

/// Evaluates a proposal for `spec`; the error says why it is not a strategy over the menu
/// (a size outside it, a wrong number of children, an output out of range, a loop that
/// never stops).
pub fn assess(spec: &Spec, proposal: &Proposal) -> Result<Assessment, String> {
    let start = match proposal {
        Proposal::Tree(tree) => tree_to_node(tree),
        Proposal::Automaton(a) => match a.states.first() {
            Some(State::Tree(node)) => node.clone(),
            _ => Tree::Leaf(LoopLeaf::Jump(0)),
        },
    };
    let mut path = Vec::new();
    if let Some(size) = outside_menu(&start, &spec.generators, &mut path) {
        let steps: Vec<String> = path.iter().map(|(m, i)| format!("{m} -> {i}")).collect();
        let at = if steps.is_empty() { "at the start".to_string() } else { format!("after {}", steps.join(", ")) };
        return Err(format!("it calls size {size} {at}, which is not an available generator"));
    }
    let (output_probability, worst_case_calls, expected_calls, root) = match proposal {
        Proposal::Tree(tree) => {
            let eval = tree.evaluate(spec).map_err(|e| e.to_string())?;
            (eval.output_probability, Some(eval.depth), eval.expected_calls, tree_to_node(tree))
        }
        Proposal::Automaton(automaton) => {
            let eval = automaton.evaluate(&spec.generators).map_err(|e| e.to_string())?;
            let root = match automaton.states.first() {
                Some(State::Tree(node)) => node.clone(),
                _ => Tree::Leaf(LoopLeaf::Jump(0)),
            };
            let bounded = !automaton.states.iter().any(|s| !matches!(s, State::Tree(t) if jump_free(t)));
            let depth = if bounded { Some(node_depth(&root)) } else { None };
            (eval.output_probability, depth, eval.expected_calls, root)
        }
    };
    let target = BigRational::new(BigInt::one(), BigInt::from(spec.modulus));
    let mut off: Vec<(BigRational, u64)> = output_probability
        .iter()
        .enumerate()
        .filter(|(_, p)| **p != target)
        .map(|(j, p)| ((p - &target).abs(), j as u64))
        .collect();
    off.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let first_off = output_probability.iter().position(|p| *p != target).map(|j| j as u64);
    let first_wrong_path = first_off.and_then(|j| {
        let mut path = Vec::new();
        path_to(&root, j, &mut path).then_some((j, path))
    });
    Ok(Assessment {
        exact: off.is_empty(),
        output_probability,
        worst_case_calls,
        expected_calls,
        worst_outputs: off.iter().take(3).map(|(_, j)| *j).collect(),
        first_wrong_path,
    })
}

fn tree_to_node(tree: &Tree) -> LoopTree {
    tree.map_leaves(&|&output| LoopLeaf::Output(output))
}

/// The first call (depth first) of a size outside `sizes`, with the path to it.
fn outside_menu(node: &LoopTree, sizes: &[u64], path: &mut Vec<(u64, u64)>) -> Option<u64> {
    let Tree::Call { size, children } = node else { return None };
    if sizes.binary_search(size).is_err() {
        return Some(*size);
    }
    for (i, child) in children.iter().enumerate() {
        path.push((*size, i as u64));
        if let Some(bad) = outside_menu(child, sizes, path) {
            return Some(bad);
        }
        path.pop();
    }
    None
}

fn jump_free(node: &LoopTree) -> bool {
    match node {
        Tree::Leaf(LoopLeaf::Output(_)) => true,
        Tree::Leaf(LoopLeaf::Jump(_)) => false,
        Tree::Call { children, .. } => children.iter().all(jump_free),
    }
}

fn node_depth(node: &LoopTree) -> u32 {
    match node {
        Tree::Call { children, .. } => 1 + children.iter().map(node_depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Depth first, outcomes in order: the first leaf giving `output`.
fn path_to(node: &LoopTree, output: u64, path: &mut Vec<(u64, u64)>) -> bool {
    match node {
        Tree::Leaf(LoopLeaf::Output(v)) => *v == output,
        Tree::Leaf(LoopLeaf::Jump(_)) => false,
        Tree::Call { size, children } => {
            for (i, child) in children.iter().enumerate() {
                path.push((*size, i as u64));
                if path_to(child, output, path) {
                    return true;
                }
                path.pop();
            }
            false
        }
    }
}

/// What an open exploration shows for sure: the probability of each output on the paths
/// that stopped within the limit (lower bounds), and the expected calls made within it (a
/// lower bound on the expected calls).
pub fn explored_bounds(n: u64, explored: &Explored) -> (Vec<BigRational>, BigRational) {
    let mut mass = vec![BigRational::zero(); n as usize];
    let mut calls = BigRational::zero();
    let mut stack = vec![(explored, BigRational::one())];
    while let Some((node, reach)) = stack.pop() {
        match node {
            Explored::Output(v) => {
                if let Some(m) = mass.get_mut(*v as usize) {
                    *m += &reach;
                }
            }
            Explored::Cut | Explored::Restart => {}
            Explored::Call { size, children } => {
                calls += &reach;
                let child = &reach / BigRational::from_integer(BigInt::from(*size));
                stack.extend(children.iter().map(|c| (c, child.clone())));
            }
        }
    }
    (mass, calls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restarts_become_jumps_to_the_start_and_are_graded_exactly() {
        // call 3: outcomes 0 and 1 are outputs, outcome 2 restarts.
        let explored =
            Explored::Call { size: 3, children: vec![Explored::Output(0), Explored::Output(1), Explored::Restart] };
        let Reading::Restarts { automaton, restarts, evidence } = read_explored(2, explored, 7) else {
            panic!("expected a restart")
        };
        assert_eq!((restarts, evidence), (1, 7));
        let spec = Spec::new(2, &[3], optimod_spec::Objective::WorstCase).unwrap();
        let a = assess(&spec, &Proposal::Automaton(automaton)).unwrap();
        assert!(a.exact);
        assert_eq!(a.worst_case_calls, None);
        assert_eq!(a.expected_calls, BigRational::new(3.into(), 2.into()));
    }

    #[test]
    fn a_cut_stays_open_and_its_bounds_are_lower_bounds() {
        let open = Explored::Call {
            size: 2,
            children: vec![
                Explored::Output(0),
                Explored::Call { size: 2, children: vec![Explored::Cut, Explored::Output(1)] },
            ],
        };
        let Reading::Open(explored) = read_explored(2, open, 0) else { panic!("expected open") };
        let (mass, calls) = explored_bounds(2, &explored);
        assert_eq!(mass, vec![BigRational::new(1.into(), 2.into()), BigRational::new(1.into(), 4.into())]);
        assert_eq!(calls, BigRational::new(3.into(), 2.into()));
    }
}
