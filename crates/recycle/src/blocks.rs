//! Asymmetric two-level blocks (docs/model.md §7 fact 5), searched.
//!
//! The root calls r; each root child calls some size q and its q outcomes are leaves. In
//! units of a root child's reach an output needs `T = r/n`; output j receives `l_{j,q}`
//! leaves under q-children, mass `sum_q l_{j,q}/q <= T`, and is short by
//! `delta_j = T - mass_j`. One leaf under a child of size `qp` is left *pending*; the
//! shortfalls then sum to `1/qp`, so on the pending leaf output j must follow with
//! probability `pi_j = qp * delta_j`, which a Knuth–Yao chain with one size m samples
//! exactly. Expected calls: `2 + pi-sampler cost / (r * qp)`.
//!
//! The search: all outputs but one take per-output leaf multisets ("patterns") with tiny
//! shortfalls, so the last output absorbs almost all of the pending demand and the sampler
//! is nearly always done after one call. Patterns use only sizes whose base-m period is
//! short (the sampler's chain is the least common multiple of the periods long). Choosing
//! the patterns is a greedy start and exchange steps on the sampler's cost; nothing found
//! here is trusted: the automaton is evaluated exactly before it is returned, and the
//! checker evaluates it again.

use crate::automaton::{Automaton, State};
use crate::knuth_yao::{knuth_yao_chain, knuth_yao_share, sampler_sizes, Sampler};
use num_integer::Integer;
use num_rational::BigRational;
use optimod_spec::{LoopLeaf, LoopTree, Tree};

/// Sizes q whose digits in base m repeat with period at most one of these join the patterns
/// (each limit is a separate search: short periods keep the chain short, longer ones admit
/// more patterns).
const PERIOD_LIMITS: [u64; 2] = [6, 12];
/// The sampler's chain is refused beyond this many levels (certificate size).
const MAX_LEVELS: usize = 400;
/// Candidate patterns kept per search, the smallest shortfalls first.
const CANDIDATES: usize = 300;
/// Work limit of the pattern enumeration (partial patterns visited).
const ENUMERATION_LIMIT: u64 = 4_000_000;
/// The same for the packed search, which enumerates every size.
const PACKED_ENUMERATION_LIMIT: u64 = 16_000_000;
/// Most leaves a block's tree may have.
const MAX_BLOCK_LEAVES: u64 = 1_000_000;
/// Sampler sizes (the largest) for which the packed search runs (one programme each).
const PACKED_SAMPLERS: usize = 3;
/// Tail bound of a compact sampler: below `2^-TAIL_BITS` per output.
const TAIL_BITS: u32 = 128;

/// The best block found for modulus `n` with these generator sizes, exact; `None` when no
/// block fits (for instance when n exceeds what two calls can spread over).
pub fn best_block(n: u64, sizes: &[u64]) -> Option<(Automaton, BigRational)> {
    let mut sorted = sizes.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let mut best: Option<(Automaton, BigRational)> = None;
    for &root in sorted.iter().take(2) {
        let pending = sorted[0];
        // The packed search under the largest root only (its programmes are the costly part).
        let packed = sorted.iter().take(if root == sorted[0] { PACKED_SAMPLERS } else { 0 }).map(|&m| (m, None));
        let limited = sampler_sizes(&sorted).into_iter().flat_map(|m| PERIOD_LIMITS.iter().map(move |&l| (m, Some(l))));
        for (m, limit) in limited.chain(packed) {
            let plan = match limit {
                Some(limit) => plan(n, &sorted, root, pending, m, limit),
                None => packed_plan(n, &sorted, root, pending, m),
            };
            let Some(plan) = plan else { continue };
            let Some(automaton) = plan.automaton(n, m) else { continue };
            let Ok(e) = automaton.evaluate(sizes) else { continue };
            if !e.is_exact() {
                continue; // cannot happen by construction; never offered if it does
            }
            if best.as_ref().is_none_or(|(_, v)| e.expected_calls < *v) {
                best = Some((automaton, e.expected_calls));
            }
        }
    }
    // The second family: a whole root outcome pending (crate::pending_child).
    if let Some((automaton, value)) = crate::pending_child::best_pending_child_block(n, sizes) {
        if best.as_ref().is_none_or(|(_, v)| value < *v) {
            best = Some((automaton, value));
        }
    }
    best
}

/// The smallest `k >= 1` with `m^k = 1` modulo the part of q coprime to m (1 when q divides
/// a power of m): the period of `1/q` in base m.
fn period(m: u64, q: u64, limit: u64) -> u64 {
    let mut rest = q;
    loop {
        let g = rest.gcd(&m);
        if g == 1 {
            break;
        }
        rest /= g;
    }
    if rest == 1 {
        return 1;
    }
    let (mut k, mut x) = (1, m % rest);
    while x != 1 {
        x = x * m % rest;
        k += 1;
        if k > limit {
            break;
        }
    }
    k
}

/// A chosen block: which sizes the children call and each output's leaves.
struct Plan {
    root: u64,
    pending: u64,
    /// The sizes patterns may use, descending.
    sizes: Vec<u64>,
    /// The patterns of outputs `1..n`: leaves per size (aligned with `sizes`).
    patterns: Vec<Vec<u64>>,
    /// Common denominator of masses, and each output's `pi_j` numerator over it.
    denominator: u128,
    pi: Vec<u128>,
}

fn plan(n: u64, sorted: &[u64], root: u64, pending: u64, m: u64, limit: u64) -> Option<Plan> {
    let sizes: Vec<u64> = sorted
        .iter()
        .copied()
        .filter(|&q| q == pending || n.is_multiple_of(q) || period(m, q, limit) <= limit)
        .collect();
    let (denominator, mut found) = shortfall_patterns(n, &sizes, root, pending, m, 96, ENUMERATION_LIMIT)?;
    found.sort();
    found.truncate(CANDIDATES);
    if found.is_empty() {
        return None;
    }
    let pending_index = sizes.iter().position(|&q| q == pending)?;
    let mut choice = Choice::greedy(n, &sizes, root, pending_index, denominator, m, &found)?;
    choice.exchange();
    let mut chosen = choice.chosen;
    chosen.sort();
    let mut pis: Vec<u128> = chosen.iter().map(|&c| choice.pi[c]).collect();
    let absorbing = denominator - pis.iter().sum::<u128>();
    pis.insert(0, absorbing);
    Some(Plan {
        root,
        pending,
        patterns: chosen.iter().map(|&c| found[c].1.clone()).collect(),
        sizes,
        denominator,
        pi: pis,
    })
}

/// A choice of one shortfall pattern (an index into `found`) for every output but the
/// absorbing one, with what it costs: the leaves per size it needs (plus the pending leaf)
/// and the sum `s` of the patterns' pi (numerators over `denominator`, at most it).
struct Choice<'a> {
    found: &'a [Shortfall],
    sizes: &'a [u64],
    root: u64,
    denominator: u128,
    m: u64,
    /// Per pattern: `pending * delta`, and its Knuth–Yao share.
    pi: Vec<u128>,
    share: Vec<f64>,
    leaves: Vec<u128>,
    s: u128,
    chosen: Vec<usize>,
    /// The sampler's estimated cost: the chosen shares and the absorbing output's.
    value: f64,
}

impl<'a> Choice<'a> {
    /// Greedy start: each output the smallest shortfall that still fits.
    fn greedy(
        n: u64,
        sizes: &'a [u64],
        root: u64,
        pending_index: usize,
        denominator: u128,
        m: u64,
        found: &'a [Shortfall],
    ) -> Option<Choice<'a>> {
        let pi: Vec<u128> = found.iter().map(|(delta, _)| delta * sizes[pending_index] as u128).collect();
        let share: Vec<f64> = pi.iter().map(|&p| knuth_yao_share(p, denominator, m)).collect();
        let leaves: Vec<u128> = (0..sizes.len()).map(|i| u128::from(i == pending_index)).collect();
        let mut choice =
            Choice { found, sizes, root, denominator, m, pi, share, leaves, s: 0, chosen: Vec::new(), value: 0.0 };
        for _ in 1..n {
            let next = (0..found.len()).find(|&c| {
                let mut trial = choice.leaves.clone();
                choice.add(&mut trial, c, true);
                choice.s + choice.pi[c] <= denominator && choice.fits(&trial)
            })?;
            let mut leaves = std::mem::take(&mut choice.leaves);
            choice.add(&mut leaves, next, true);
            choice.leaves = leaves;
            choice.s += choice.pi[next];
            choice.chosen.push(next);
        }
        choice.value = choice.chosen.iter().map(|&c| choice.share[c]).sum::<f64>() + choice.absorbing(choice.s);
        Some(choice)
    }

    /// Exchange steps: replace one output's pattern while the sampler gets cheaper.
    fn exchange(&mut self) {
        for _ in 0..20 {
            let mut improved = false;
            for i in 0..self.chosen.len() {
                for c in 0..self.found.len() {
                    improved |= self.try_replace(i, c);
                }
            }
            if !improved {
                break;
            }
        }
    }

    /// Output i takes pattern c instead, if that is cheaper and fits.
    fn try_replace(&mut self, i: usize, c: usize) -> bool {
        let old = self.chosen[i];
        if c == old || self.s - self.pi[old] + self.pi[c] > self.denominator {
            return false;
        }
        let s2 = self.s - self.pi[old] + self.pi[c];
        let v = self.value - self.share[old] + self.share[c] - self.absorbing(self.s) + self.absorbing(s2);
        if v >= self.value - 1e-15 {
            return false;
        }
        let mut leaves = std::mem::take(&mut self.leaves);
        self.add(&mut leaves, old, false);
        self.add(&mut leaves, c, true);
        let fits = self.fits(&leaves);
        if fits {
            (self.chosen[i], self.s, self.value) = (c, s2, v);
        } else {
            self.add(&mut leaves, c, false);
            self.add(&mut leaves, old, true);
        }
        self.leaves = leaves;
        fits
    }

    /// Children of size q hold the leaves; the absorbing output takes what is left of the
    /// `root` children.
    fn fits(&self, leaves: &[u128]) -> bool {
        let children: u128 = leaves.iter().zip(self.sizes).map(|(&l, &q)| l.div_ceil(q as u128)).sum();
        children <= self.root as u128
    }

    fn absorbing(&self, s: u128) -> f64 {
        knuth_yao_share(self.denominator - s, self.denominator, self.m)
    }

    fn add(&self, leaves: &mut [u128], c: usize, sign: bool) {
        for (l, &k) in leaves.iter_mut().zip(&self.found[c].1) {
            if sign {
                *l += k as u128
            } else {
                *l -= k as u128
            }
        }
    }
}

/// The packed search (issue 14): every size may be used (the sampler's digits may have a
/// long period: a compact sampler then replaces the chain), the candidates are the patterns
/// whose Knuth–Yao share is least, and an integer programme chooses how many outputs take
/// each so that the leaves fill whole children ([`optimod_ilp::packing`]).
fn packed_plan(n: u64, sorted: &[u64], root: u64, pending: u64, m: u64) -> Option<Plan> {
    let sizes = sorted.to_vec();
    // A denominator below 2^62 keeps the compact sampler's below 2^63.
    let (denominator, found) = shortfall_patterns(n, &sizes, root, pending, m, 62, PACKED_ENUMERATION_LIMIT)?;
    // Cheapest share first; ties by shortfall and pattern, so the order is total.
    let mut ranked: Vec<(f64, u128, Vec<u64>)> = found
        .into_iter()
        .map(|(delta, p)| (knuth_yao_share(delta * pending as u128, denominator, m), delta, p))
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| (a.1, &a.2).cmp(&(b.1, &b.2))));
    ranked.truncate(CANDIDATES);
    let patterns: Vec<Vec<u64>> = ranked.iter().map(|r| r.2.clone()).collect();
    let costs: Vec<f64> = ranked.iter().map(|r| r.0).collect();
    let placed: Vec<u64> = sizes.iter().map(|&q| u64::from(q == pending)).collect();
    let counts = optimod_ilp::packing::cheapest_packing(&optimod_ilp::packing::PackingProblem {
        sizes: &sizes,
        patterns: &patterns,
        costs: &costs,
        outputs: n - 1,
        placed: &placed,
        absorbing_capacity: root as f64 / n as f64,
    })?;
    let chosen: Vec<usize> = counts.iter().enumerate().flat_map(|(i, &c)| std::iter::repeat_n(i, c as usize)).collect();
    let mut pi: Vec<u128> = chosen.iter().map(|&i| ranked[i].1 * pending as u128).collect();
    let absorbing = denominator.checked_sub(pi.iter().sum::<u128>())?;
    pi.insert(0, absorbing);
    Some(Plan {
        root,
        pending,
        patterns: chosen.iter().map(|&i| patterns[i].clone()).collect(),
        sizes,
        denominator,
        pi,
    })
}

/// A pattern's shortfall (over the common denominator) and its leaves per size.
type Shortfall = (u128, Vec<u64>);

/// The common denominator of the masses (`None` from `2^bits` on) and, within `budget`
/// enumeration steps, every pattern whose shortfall `delta` (over that denominator) is at
/// most `1/(pending m)`: such shortfalls keep the sampler's first call nearly always final.
fn shortfall_patterns(
    n: u64,
    sizes: &[u64],
    root: u64,
    pending: u64,
    m: u64,
    bits: u32,
    budget: u64,
) -> Option<(u128, Vec<Shortfall>)> {
    let denominator = sizes.iter().try_fold(n as u128, |acc, &q| {
        let l = acc.lcm(&(q as u128));
        (l < 1u128 << bits).then_some(l)
    })?;
    let target = root as u128 * (denominator / n as u128);
    let unit: Vec<u128> = sizes.iter().map(|&q| denominator / q as u128).collect();
    let threshold = denominator / (pending as u128 * m as u128);
    let mut found: Vec<Shortfall> = Vec::new();
    let (mut budget, mut current) = (budget, vec![0u64; sizes.len()]);
    enumerate(&unit, target, threshold, 0, 0, &mut current, &mut found, &mut budget);
    Some((denominator, found))
}

/// Every pattern (leaves per size) with mass in `[target - threshold, target]`.
#[allow(clippy::too_many_arguments)]
fn enumerate(
    unit: &[u128],
    target: u128,
    threshold: u128,
    index: usize,
    mass: u128,
    current: &mut Vec<u64>,
    found: &mut Vec<(u128, Vec<u64>)>,
    budget: &mut u64,
) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    if index == unit.len() {
        if target - mass <= threshold {
            found.push((target - mass, current.clone()));
        }
        return;
    }
    let mut count = 0u64;
    let mut total = mass;
    while total <= target {
        current[index] = count;
        enumerate(unit, target, threshold, index + 1, total, current, found, budget);
        count += 1;
        total += unit[index];
    }
    current[index] = 0;
}

impl Plan {
    /// State 0: the block's tree (pending leaf `@1`); state 1: the Knuth–Yao chain.
    fn automaton(&self, n: u64, m: u64) -> Option<Automaton> {
        // The tree has at most root * (largest size) leaves: refused past a million, like the
        // explicit trees of the other families (certificate size).
        if self.root.checked_mul(self.sizes[0])? > MAX_BLOCK_LEAVES {
            return None;
        }
        // The chain when it is short, else the sampler stored by its distribution.
        let sampler = match knuth_yao_chain(&self.pi, self.denominator, m, MAX_LEVELS) {
            Some((steps, loop_to)) => State::Chain { steps, loop_to },
            None => {
                let g = self.pi.iter().fold(self.denominator, |acc, &p| acc.gcd(&p));
                let weights: Vec<u128> = self.pi.iter().map(|&p| p / g).collect();
                State::Sampler(Sampler::new(&weights, self.denominator / g, m, Sampler::terms_for(m, TAIL_BITS))?)
            }
        };
        // Children per size: enough for the listed leaves and the pending one; the rest of
        // the root's outcomes call the largest size. Leaves are dealt in output order, the
        // pending leaf last among its size, the absorbing output 0 takes every free slot.
        let mut children: Vec<u64> = Vec::new();
        let mut slots: Vec<std::collections::VecDeque<LoopTree>> = Vec::new();
        for (i, &q) in self.sizes.iter().enumerate() {
            let mut leaves: Vec<LoopTree> = Vec::new();
            for (j, pattern) in self.patterns.iter().enumerate() {
                leaves.extend((0..pattern[i]).map(|_| Tree::Leaf(LoopLeaf::Output(j as u64 + 1))));
            }
            let pending = usize::from(q == self.pending);
            let count = (leaves.len() + pending).div_ceil(q as usize);
            for _ in 0..count {
                children.push(q);
            }
            slots.push(leaves.into());
        }
        let extra = (self.root as usize).checked_sub(children.len())?;
        children.extend(std::iter::repeat_n(self.sizes[0], extra));
        children.sort_unstable_by(|a, b| b.cmp(a));
        let mut nodes = Vec::with_capacity(children.len());
        let mut pending_left = true;
        for (c, &q) in children.iter().enumerate() {
            let i = self.sizes.iter().position(|&s| s == q)?;
            let last_of_size = children.get(c + 1) != Some(&q);
            let mut kids: Vec<LoopTree> = Vec::with_capacity(q as usize);
            while kids.len() < q as usize {
                if last_of_size && pending_left && q == self.pending && kids.len() + 1 == q as usize {
                    kids.push(Tree::Leaf(LoopLeaf::Jump(1)));
                    pending_left = false;
                } else if !slots[i].is_empty() {
                    kids.push(slots[i].pop_front().expect("not empty"));
                } else {
                    kids.push(Tree::Leaf(LoopLeaf::Output(0)));
                }
            }
            nodes.push(Tree::Call { size: q, children: kids });
        }
        let _ = n;
        Some(Automaton {
            modulus: n,
            states: vec![State::Tree(Tree::Call { size: self.root, children: nodes }), sampler],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn primes_below(n: u64) -> Vec<u64> {
        (2..n).filter(|&k| (2..k).all(|d| k % d != 0)).collect()
    }

    #[test]
    fn thirty_below_the_symmetric_baseline() {
        let (automaton, value) = best_block(30, &primes_below(30)).unwrap();
        let e = automaton.evaluate(&primes_below(30)).unwrap();
        assert!(e.is_exact());
        assert_eq!(e.expected_calls, value);
        // docs/model.md §7: the symmetric schemes give 841/420; fact 5 promises below 2.0013.
        assert!(value < "20013/10000".parse::<BigRational>().unwrap(), "{value}");
    }

    #[test]
    fn periods() {
        assert_eq!(period(29, 7, 12), 1);
        assert_eq!(period(29, 3, 12), 2);
        assert_eq!(period(29, 13, 12), 3);
        assert_eq!(period(6, 4, 12), 1);
        assert_eq!(period(2, 3, 12), 2);
    }
}
