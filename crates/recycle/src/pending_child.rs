//! One-level blocks with a pending root child (docs/model.md §7 fact 5, the second family):
//! the root calls r; `r - 1` of its outcomes call sizes whose leaves all go to outputs, at
//! most `1/n` per output; the last outcome runs a Knuth–Yao sampler with one size m for what
//! each output still lacks, `pi_j = r (1/n - mass_j)` (these sum to 1). Expected calls
//! `1 + (r - 1)/r + KY_m(pi)/r`.
//!
//! The Knuth–Yao cost is a sum of per-output shares (`sum_k frac(m^k pi_j)/m^k`), so the
//! outputs' leaf patterns are chosen by branch and bound on that sum, outputs being
//! interchangeable (patterns in non-decreasing order), under the constraint that the leaves
//! of each size fill whole children and the children number `r - 1`. Shares are `f64` and
//! only rank candidates: the automaton found is evaluated exactly before it is returned, and
//! the checker evaluates it again.

use crate::automaton::{Automaton, State};
use crate::knuth_yao::{knuth_yao_chain, knuth_yao_share};
use num_integer::Integer;
use num_rational::BigRational;
use optimod_spec::{LoopLeaf, LoopTree, Tree};

/// Nodes the branch and bound may visit, shared among the sampler sizes (deterministic, not
/// timed): 12 needs about 60 million for one size to reach 2.0100105 (7 s).
const WORK_LIMIT: u64 = 300_000_000;
/// Most leaf patterns considered per output.
const PATTERNS: usize = 400;
/// The sampler's chain is refused beyond this many levels (certificate size).
const MAX_LEVELS: usize = 400;

/// The best pending-child block for modulus `n`, exact; `None` when none fits.
pub fn best_pending_child_block(n: u64, sizes: &[u64]) -> Option<(Automaton, BigRational)> {
    let root = *sizes.iter().max()?;
    if root < 2 || n < 2 {
        return None;
    }
    let denominator = sizes.iter().try_fold(n as u128, |acc, &q| {
        let l = acc.lcm(&(q as u128));
        (l < 1u128 << 80).then_some(l)
    })?;
    let patterns = patterns(n, sizes, root, denominator)?;
    let mut best: Option<(Automaton, BigRational)> = None;
    let samplers = crate::knuth_yao::sampler_sizes(sizes);
    let work_limit = WORK_LIMIT / samplers.len().max(1) as u64;
    for m in samplers {
        let Some(chosen) = search(n, sizes, root, denominator, &patterns, m, work_limit) else { continue };
        let Some(automaton) = build(n, sizes, root, denominator, &patterns, &chosen, m) else { continue };
        let Ok(e) = automaton.evaluate(sizes) else { continue };
        if e.is_exact() && best.as_ref().is_none_or(|(_, v)| e.expected_calls < *v) {
            best = Some((automaton, e.expected_calls));
        }
    }
    best
}

/// A leaf pattern of one output: leaves per size (aligned with `sizes`) and its shortfall
/// `pi` as a numerator over the common denominator.
struct Pattern {
    leaves: Vec<u64>,
    pi: u128,
}

/// Every pattern whose mass, in units of a root child, is at most `r/n`; the fullest first,
/// at most [`PATTERNS`] of them.
fn patterns(n: u64, sizes: &[u64], root: u64, denominator: u128) -> Option<Vec<Pattern>> {
    let target = root as u128 * (denominator / n as u128);
    let unit: Vec<u128> = sizes.iter().map(|&q| denominator / q as u128).collect();
    let mut found = Vec::new();
    let mut stack: Vec<(usize, u128, Vec<u64>)> = vec![(0, 0, vec![0; sizes.len()])];
    while let Some((index, mass, leaves)) = stack.pop() {
        if found.len() > 100_000 {
            return None;
        }
        if index == sizes.len() {
            found.push(Pattern { leaves, pi: target - mass });
            continue;
        }
        let mut count = 0u64;
        let mut total = mass;
        while total <= target {
            let mut next = leaves.clone();
            next[index] = count;
            stack.push((index + 1, total, next));
            count += 1;
            total += unit[index];
        }
    }
    found.sort_by(|a, b| a.pi.cmp(&b.pi).then_with(|| a.leaves.cmp(&b.leaves)));
    found.truncate(PATTERNS);
    Some(found)
}

/// Branch and bound: one pattern per output (indices non-decreasing), the leaves of size q a
/// multiple of q, `r - 1` children in all; the least sum of Knuth–Yao shares with size m.
fn search(
    n: u64,
    sizes: &[u64],
    root: u64,
    denominator: u128,
    patterns: &[Pattern],
    m: u64,
    work_limit: u64,
) -> Option<Vec<usize>> {
    let share: Vec<f64> = patterns.iter().map(|p| knuth_yao_share(p.pi, denominator, m)).collect();
    let least = share.iter().copied().fold(f64::INFINITY, f64::min);
    let mut search = Search {
        n: n as usize,
        sizes,
        children: root as u128 - 1,
        patterns,
        share: &share,
        least,
        work: 0,
        work_limit,
        best: None,
    };
    let mut chosen = Vec::with_capacity(n as usize);
    search.run(&mut vec![0; sizes.len()], &mut chosen);
    search.best.map(|(_, chosen)| chosen)
}

struct Search<'a> {
    n: usize,
    sizes: &'a [u64],
    children: u128,
    patterns: &'a [Pattern],
    share: &'a [f64],
    least: f64,
    work: u64,
    work_limit: u64,
    best: Option<(f64, Vec<usize>)>,
}

impl Search<'_> {
    /// Depth-first over non-decreasing choices of patterns, one per output, with an explicit
    /// stack (the depth is n, which may be large): the same nodes in the same order as the
    /// recursion `visit; for index in start.. { apply; descend(index); undo }`.
    fn run(&mut self, leaves: &mut [u128], chosen: &mut Vec<usize>) {
        // Per open node: the next pattern index to try, and the cost on the path to it.
        let mut frames: Vec<(usize, f64)> = Vec::new();
        if self.visit(leaves, 0.0, chosen) {
            frames.push((0, 0.0));
        }
        while let Some(&mut (ref mut next, cost)) = frames.last_mut() {
            let index = *next;
            if index >= self.patterns.len() {
                frames.pop();
                if let Some(last) = chosen.pop() {
                    self.apply(leaves, last, false);
                }
                continue;
            }
            *next += 1;
            let cost = cost + self.share[index];
            self.apply(leaves, index, true);
            chosen.push(index);
            if self.visit(leaves, cost, chosen) {
                frames.push((index, cost));
            } else {
                chosen.pop();
                self.apply(leaves, index, false);
            }
        }
    }

    /// Adds (or removes) pattern `index`'s leaves.
    fn apply(&self, leaves: &mut [u128], index: usize, add: bool) {
        for (l, &k) in leaves.iter_mut().zip(&self.patterns[index].leaves) {
            if add {
                *l += k as u128;
            } else {
                *l -= k as u128;
            }
        }
    }

    /// Counts the node, records a complete choice; whether its children are worth trying.
    fn visit(&mut self, leaves: &[u128], cost: f64, chosen: &[usize]) -> bool {
        self.work += 1;
        if self.work > self.work_limit {
            return false;
        }
        let used: u128 = leaves.iter().zip(self.sizes).map(|(&l, &q)| l.div_ceil(q as u128)).sum();
        if used > self.children {
            return false;
        }
        let left = (self.n - chosen.len()) as f64;
        if self.best.as_ref().is_some_and(|(b, _)| cost + left * self.least >= *b - 1e-15) {
            return false;
        }
        if chosen.len() == self.n {
            let whole = leaves.iter().zip(self.sizes).all(|(&l, &q)| l % q as u128 == 0);
            if whole && used == self.children {
                self.best = Some((cost, chosen.to_vec()));
            }
            return false;
        }
        true
    }
}

/// State 0: the root, its children dealt the outputs' leaves in output order, the last
/// outcome `@1`; state 1: the Knuth–Yao chain for the shortfalls.
fn build(
    n: u64,
    sizes: &[u64],
    root: u64,
    denominator: u128,
    patterns: &[Pattern],
    chosen: &[usize],
    m: u64,
) -> Option<Automaton> {
    let pi: Vec<u128> = chosen.iter().map(|&c| patterns[c].pi).collect();
    let (steps, loop_to) = knuth_yao_chain(&pi, denominator, m, MAX_LEVELS)?;
    let mut nodes: Vec<LoopTree> = Vec::with_capacity(root as usize);
    for (i, &q) in sizes.iter().enumerate().rev() {
        let leaves: Vec<LoopTree> = chosen
            .iter()
            .enumerate()
            .flat_map(|(j, &c)| (0..patterns[c].leaves[i]).map(move |_| Tree::Leaf(LoopLeaf::Output(j as u64))))
            .collect();
        for child in leaves.chunks(q as usize) {
            nodes.push(Tree::Call { size: q, children: child.to_vec() });
        }
    }
    nodes.push(Tree::Leaf(LoopLeaf::Jump(1)));
    (nodes.len() == root as usize).then_some(())?;
    Some(Automaton {
        modulus: n,
        states: vec![State::Tree(Tree::Call { size: root, children: nodes }), State::Chain { steps, loop_to }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_from_two_three_and_five() {
        // Root 5: children 3, 3, 2, 2; three outputs take two thirds, four take one half;
        // the fifth outcome samples the shortfalls (1/21 three times, 3/14 four times) in
        // base 5: 579/280, found by an independent exhaustive search.
        let (automaton, value) = best_pending_child_block(7, &[2, 3, 5]).unwrap();
        assert_eq!(value, "579/280".parse::<BigRational>().unwrap());
        let e = automaton.evaluate(&[2, 3, 5]).unwrap();
        assert!(e.is_exact());
    }
}
