//! Constructive upper bounds: exact trees built from uniform samplers of divisors (docs/model.md
//! §4, "divisor blocks"), without a solver.
//!
//! A sampler for `t` calls a generator R at the root and splits its R outcomes into blocks
//! (see `optimod_spec::BlockTree` for the exact rule): a block for a divisor `e < t` gives
//! every output of `t` one leaf of reach `1/(R e)`, and the blocks fill the root exactly when
//! `R = sum_e j_e * (t/e)`. The depth is `1 + max depth of the samplers used`.
//!
//! For every divisor t of n (ascending) the least depth is found by coin problems: for each
//! allowed sub-depth L, the coins are `t/e` over the divisors e of depth `<= L`, and the
//! smallest generator that is a non-negative combination of them is the root. One table of
//! least representable values per residue class of the smallest coin decides every generator
//! in O(1), so the work is about `(smallest coin) * (number of coins)` per (t, L), never a
//! table over all values up to the largest generator.

use optimod_spec::arith::{divisors, factorize, gcd, valuation};
use optimod_spec::{Block, BlockTree, GeneratorRule, Sampler, Spec};

/// An exact tree found by the construction, with its depth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Construction {
    /// Worst-case calls of the tree.
    pub depth: u32,
    /// The tree, compact: exact for the spec's modulus by construction (and checked again).
    pub blocks: BlockTree,
}

/// How to sample uniformly from `0..t`: call `root`, then blocks of divisor samplers.
#[derive(Clone, Debug)]
struct Plan {
    depth: u32,
    /// Expected calls, in floating point: it only steers the choice of root (the exact value
    /// is computed from the samplers and checked).
    cost: f64,
    root: u64,
    /// `(e, j_e)`, ascending in e.
    blocks: Vec<(u64, u64)>,
}

/// The shallowest tree of this family for the spec, or `None` when the family has none (for
/// instance when the modulus has a prime that no generator size has).
pub fn construct(spec: &Spec) -> Option<Construction> {
    let divs = divisors(spec.modulus);
    // The largest v_p of a size, for each prime p of n: one pass over the sizes.
    let most: Vec<(u64, u32)> = factorize(spec.modulus).into_iter().map(|(p, _)| (p, max_valuation(spec, p))).collect();
    // plans[i] for divs[i]; divs[0] = 1 needs no call.
    let mut plans: Vec<Option<Plan>> = vec![None; divs.len()];
    for i in 1..divs.len() {
        plans[i] = best_plan(spec, &divs, &plans, i, &most);
    }
    let depth = plans.last()?.as_ref()?.depth;
    Some(Construction { depth, blocks: block_tree(&divs, &plans) })
}

/// Depth and expected calls of the sampler for `divs[i]`: 0 for 1, `None` without a plan.
fn depth_of(divs: &[u64], plans: &[Option<Plan>], i: usize) -> Option<(u32, f64)> {
    if divs[i] == 1 {
        Some((0, 0.0))
    } else {
        plans[i].as_ref().map(|p| (p.depth, p.cost))
    }
}

/// Roots (from the largest down) compared for expected calls once a depth works.
const ROOT_CANDIDATES: usize = 32;

/// The plan of least depth for `t = divs[i]`; among the largest roots that reach it, the one
/// of fewest expected calls (ties to the smaller root). Sub-depths below the valuation bound
/// (`p^a || t` needs `ceil(a / max v_p(m))` calls) are not tried.
fn best_plan(spec: &Spec, divs: &[u64], plans: &[Option<Plan>], i: usize, most: &[(u64, u32)]) -> Option<Plan> {
    let t = divs[i];
    // (e, depth, expected calls) of every proper divisor with a sampler.
    let parts: Vec<(u64, u32, f64)> = (0..i)
        .filter(|&j| t.is_multiple_of(divs[j]))
        .filter_map(|j| depth_of(divs, plans, j).map(|(d, c)| (divs[j], d, c)))
        .collect();
    let floor = valuation_floor(t, most).saturating_sub(1);
    let mut limits: Vec<u32> = parts.iter().map(|&(_, d, _)| d).filter(|&d| d >= floor).collect();
    limits.sort_unstable();
    limits.dedup();
    for limit in limits {
        let coins: Vec<(u64, f64)> = parts.iter().filter(|&&(_, d, _)| d <= limit).map(|&(e, _, c)| (e, c)).collect();
        let values: Vec<u64> = coins.iter().map(|&(e, _)| t / e).collect();
        if !may_have_roots(spec, &values) {
            continue;
        }
        let table = Residues::new(&values);
        let roots: Vec<u64> =
            root_candidates(spec, &values, &table).filter(|&r| table.representable(r)).take(ROOT_CANDIDATES).collect();
        if roots.is_empty() {
            continue;
        }
        // Coins cheapest per outcome first, and a table for what follows each.
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&x, &y| coins[x].1.total_cmp(&coins[y].1).then(values[y].cmp(&values[x])).then(x.cmp(&y)));
        let suffix_values: Vec<Vec<u64>> =
            (0..order.len()).map(|k| order[k + 1..].iter().map(|&i| values[i]).collect()).collect();
        let suffix = suffix_tables(&suffix_values);
        // (expected calls, root, counts) of the best root so far.
        let mut best: Option<(f64, u64, Vec<u64>)> = None;
        let mut known = Counts::new();
        for root in roots {
            // A root that cannot beat the best so far is not decomposed (a margin far above
            // rounding keeps the choice the one a full comparison makes).
            if best.as_ref().is_some_and(|b| cost_floor(root, &values, &coins, &order, &suffix) > b.0 + 1e-9) {
                continue;
            }
            let counts = greedy_decomposition(root, &values, &order, &suffix, &mut known)
                .unwrap_or_else(|| Residues::traced(&values).decompose(root));
            let below: f64 = counts.iter().zip(&values).zip(&coins).map(|((&k, &v), &(_, c))| (k * v) as f64 * c).sum();
            let cost = 1.0 + below / root as f64;
            if best.as_ref().is_none_or(|b| cost <= b.0) {
                best = Some((cost, root, counts));
            }
        }
        return best.map(|(cost, root, counts)| {
            let blocks = coins.iter().zip(counts).filter(|(_, k)| *k > 0).map(|(&(e, _), k)| (e, k)).collect();
            Plan { depth: limit + 1, cost, root, blocks }
        });
    }
    None
}

/// The residue tables of the coins after each position (`None` after the last), built from the
/// last position back, each from the next by one coin's pass.
fn suffix_tables(suffix_values: &[Vec<u64>]) -> Vec<Option<Residues<'_>>> {
    let mut tables: Vec<Option<Residues>> = Vec::with_capacity(suffix_values.len());
    for values in suffix_values.iter().rev() {
        let table = match tables.last() {
            _ if values.is_empty() => None,
            Some(Some(rest)) => Some(Residues::with_first(values, rest)),
            _ => Some(Residues::new(values)),
        };
        tables.push(table);
    }
    tables.reverse();
    tables
}

/// A floor on the expected calls `1 + below / root` of any decomposition of `root`: the first
/// coin (in `order`, cheapest per outcome first) no larger than the root takes at most the
/// count the coins after it can complete, and every outcome left pays at least the next
/// coin's cost (coins before it do not fit).
fn cost_floor(root: u64, values: &[u64], coins: &[(u64, f64)], order: &[usize], suffix: &[Option<Residues>]) -> f64 {
    let Some(k) = order.iter().position(|&i| values[i] <= root) else { return 1.0 };
    let (Some(table), Some(&next)) = (&suffix[k], order.get(k + 1)) else { return 1.0 };
    let (v, cost) = (values[order[k]], coins[order[k]].1);
    let Some(count) = largest_count(root, v, table) else { return 1.0 };
    let rest = root - count * v;
    1.0 + ((count * v) as f64 * cost + rest as f64 * coins[next].1) / root as f64
}

/// False when no size can be a combination of the coins, decided without their table: with
/// the primes as sizes and coins sharing a factor g > 1, the only candidate is g itself,
/// which is a combination only if it is a coin.
fn may_have_roots(spec: &Spec, values: &[u64]) -> bool {
    let g = values.iter().fold(0, |acc, &v| gcd(acc, v));
    g == 1
        || spec.rule != GeneratorRule::PrimesBelowModulus
        || (values.contains(&g) && spec.generators.binary_search(&g).is_ok())
}

/// The generators that could be a combination of `values`, largest first: all of them, or,
/// when the coins share a factor g > 1 and the sizes are the primes, only g itself (a prime
/// multiple of g is g), which spares a scan of 10^4 sizes per failing depth.
/// With the primes as sizes the scan also stops below the least representable value coprime
/// to the smallest coin `a` (a prime in a class sharing a factor with `a` divides `a`, and
/// those few primes are tried on their own), so a depth no prime reaches costs no scan.
fn root_candidates<'a>(spec: &'a Spec, values: &[u64], table: &Residues) -> Box<dyn Iterator<Item = u64> + 'a> {
    let g = values.iter().fold(0, |acc, &v| gcd(acc, v));
    let primes = spec.rule == GeneratorRule::PrimesBelowModulus;
    if g > 1 && primes {
        return Box::new(spec.generators.binary_search(&g).ok().map(|_| g).into_iter());
    }
    if !primes {
        return Box::new(spec.generators.iter().rev().copied());
    }
    let a = table.smallest_coin();
    let floor = table.least_coprime();
    let start = spec.generators.partition_point(|&m| m < floor);
    let mut divisors_of_a: Vec<u64> = factorize(a)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|&p| p < floor && spec.generators.binary_search(&p).is_ok())
        .collect();
    divisors_of_a.reverse();
    Box::new(spec.generators[start..].iter().rev().copied().chain(divisors_of_a))
}

/// Writes `root` as a combination of the coins, cheapest per outcome first: each coin (in
/// order of the expected calls of its sub-sampler, 0 for leaves) is used as often as the
/// remaining coins can still make up the rest (one residue table per suffix). Lowers the
/// witness's expected calls at no cost in depth; `None` if `root` is not representable.
/// Remembered counts of the greedy decomposition, by position and rest: the roots of one plan
/// often reach the same rest at a later coin, where a table of large smallest coin makes the
/// count a long scan.
type Counts = std::collections::BTreeMap<(usize, u64), Option<u64>>;

/// A scan longer than this is remembered.
const REMEMBERED_PERIOD: u64 = 256;

fn greedy_decomposition(
    root: u64,
    values: &[u64],
    order: &[usize],
    suffix: &[Option<Residues>],
    known: &mut Counts,
) -> Option<Vec<u64>> {
    let mut counts = vec![0u64; values.len()];
    let mut rest = root;
    for (k, &i) in order.iter().enumerate() {
        let v = values[i];
        let Some(table) = &suffix[k] else {
            // The last coin takes what is left, exactly.
            if !rest.is_multiple_of(v) {
                return None;
            }
            counts[i] = rest / v;
            return Some(counts);
        };
        let c = match table.smallest_coin() > REMEMBERED_PERIOD {
            true => *known.entry((k, rest)).or_insert_with(|| largest_count(rest, v, table)),
            false => largest_count(rest, v, table),
        }?;
        counts[i] = c;
        rest -= c * v;
    }
    (rest == 0).then_some(counts)
}

/// The largest `c <= rest / v` whose remainder `rest - c v` the table represents, in time
/// bounded by the period `a / gcd(v, a)` of the remainders' classes (`a` the table's smallest
/// coin), not by `rest / v`: one cycle from the top; when no remainder of that cycle is
/// representable, each class is first reached in the first later cycle whose value reaches the
/// class's least representable value, which the same pass finds (the least such count).
fn largest_count(rest: u64, v: u64, table: &Residues) -> Option<u64> {
    let most = rest / v;
    let a = table.smallest_coin();
    if table.least.is_empty() {
        return largest_count_one_coin(rest, v, a);
    }
    // The remainder x and its class r step together, without a division per step; the top
    // count usually works, so it is tried before the period is worked out.
    let (mut x, mut r) = (rest - most * v, (rest - most * v) % a);
    if table.least_in(r) <= x {
        return Some(most);
    }
    let (step, period) = (v % a, a / gcd(v % a, a));
    // Few combinations of the coins fit below the rest (large coins): listing them is
    // shorter than a period of classes.
    if period > LISTED_PERIOD {
        if let Some(least) = least_congruent(rest, v, table.coins, period) {
            return least.map(|x| (rest - x) / v);
        }
    }
    let cycle = period.saturating_mul(v);
    // The best later cycle so far (`cycles` of them, at offset `first`), and the gap below
    // which a class could beat it: a division only for a class that might.
    let (mut first, mut cycles, mut beats) = (u64::MAX, u64::MAX, u64::MAX);
    for k in 0..=most.min(period - 1) {
        let least = table.least_in(r);
        if least <= x {
            return Some(most - k);
        }
        if least != u64::MAX && least - x <= beats {
            let needed = (least - x).div_ceil(cycle);
            if needed < cycles {
                (first, cycles) = (k, needed);
                beats = (needed - 1).saturating_mul(cycle);
            }
        }
        x += v;
        r += step;
        if r >= a {
            r -= a;
        }
    }
    if most < period || cycles == u64::MAX {
        return None;
    }
    let count = first.saturating_add(cycles.saturating_mul(period));
    (count <= most).then(|| most - count)
}

/// Periods of classes longer than this are worth trying to list combinations instead.
const LISTED_PERIOD: u64 = 32;

/// The least combination `x <= rest` of the coins with `x = rest (mod v)` (`Some(None)`: there
/// is none), found by listing every combination up to `rest`; `None` when there could be more
/// than `most` of them (their number is at most the product of `rest / c + 1`).
fn least_congruent(rest: u64, v: u64, coins: &[u64], most: u64) -> Option<Option<u64>> {
    let mut bound = 1u64;
    for &c in coins {
        bound = bound.saturating_mul(rest / c + 1);
        if bound > most {
            return None;
        }
    }
    let mut least = None;
    // Depth-first over the coins: (next coin, sum so far).
    let mut stack = vec![(0usize, 0u64)];
    while let Some((i, sum)) = stack.pop() {
        if i == coins.len() {
            if sum % v == rest % v && least.is_none_or(|l| sum < l) {
                least = Some(sum);
            }
            continue;
        }
        let mut next = sum;
        while next <= rest {
            stack.push((i + 1, next));
            next += coins[i];
        }
    }
    Some(least)
}

/// [`largest_count`] when the rest is one coin `a`: the largest `c <= rest / v` with
/// `c v = rest (mod a)`, solved by an inverse modulo `a / gcd(v, a)` instead of a scan.
fn largest_count_one_coin(rest: u64, v: u64, a: u64) -> Option<u64> {
    let most = rest / v;
    let g = gcd(v % a, a);
    if !rest.is_multiple_of(g) {
        return None;
    }
    let modulus = a / g;
    // Coins are divisors of a modulus of at most 2^20: the product stays below 2^40.
    let c0 = (rest / g) % modulus * inverse_modulo(v / g % modulus, modulus) % modulus;
    (most >= c0).then(|| most - (most - c0) % modulus)
}

/// `x^-1 mod m` for `x` coprime to `m < 2^62` (extended Euclid); 0 when `m` is 1.
fn inverse_modulo(x: u64, m: u64) -> u64 {
    let (mut old_r, mut r) = (x as i64, m as i64);
    let (mut old_s, mut s) = (1i64, 0i64);
    while r != 0 {
        let q = old_r / r;
        (old_r, r) = (r, old_r - q * r);
        (old_s, s) = (s, old_s - q * s);
    }
    (old_s.rem_euclid(m as i64)) as u64
}

/// The largest `v_p` of a size: with the primes as sizes 1 if p is one of them, else 0 (no
/// scan of the sizes).
fn max_valuation(spec: &Spec, p: u64) -> u32 {
    if spec.rule == GeneratorRule::PrimesBelowModulus {
        return u32::from(spec.generators.binary_search(&p).is_ok());
    }
    spec.generators.iter().map(|&m| valuation(m, p)).max().unwrap_or(0)
}

/// The least depth the valuation argument allows for `t`: `max_p ceil(v_p(t) / max_m v_p(m))`
/// (`u32::MAX` when some prime of t divides no size).
fn valuation_floor(t: u64, most: &[(u64, u32)]) -> u32 {
    most.iter()
        .map(|&(p, best)| (valuation(t, p), best))
        .filter(|&(a, _)| a > 0)
        .map(|(a, best)| if best == 0 { u32::MAX } else { a.div_ceil(best) })
        .max()
        .unwrap_or(0)
}

/// Least representable value in each residue class modulo the smallest coin, and, when traced,
/// the coin that last lowered it (the round-robin algorithm of Böcker and Lipták): `v` is a
/// non-negative combination of the coins exactly when `v >= least[v mod a]`.
struct Residues<'a> {
    coins: &'a [u64],
    /// Index of the smallest coin, `a`.
    smallest: usize,
    /// Empty when every coin is a multiple of the smallest (then `v` is representable exactly
    /// when `a` divides it).
    least: Vec<u64>,
    /// For [`Residues::decompose`] only (a table of the size of `least`, rarely needed).
    via: Option<Vec<usize>>,
}

impl<'a> Residues<'a> {
    fn new(coins: &'a [u64]) -> Residues<'a> {
        Residues::build(coins, None)
    }

    /// With the coin that last lowered each class, for [`Residues::decompose`].
    fn traced(coins: &'a [u64]) -> Residues<'a> {
        Residues::build(coins, Some(Vec::new()))
    }

    fn build(coins: &'a [u64], via: Option<Vec<usize>>) -> Residues<'a> {
        let smallest = (0..coins.len()).min_by_key(|&i| (coins[i], i)).expect("a divisor 1 is always a coin");
        let mut table = Residues { coins, smallest, least: Vec::new(), via };
        for ci in 0..coins.len() {
            table.add(ci);
        }
        table
    }

    /// The table of `coins`, a new first coin before the coins of `rest`: `rest`'s least
    /// values (the true least per class, whatever the order the coins were added in) extended
    /// by the new coin's pass, unless it is the smallest (a new modulus: built afresh).
    fn with_first(coins: &'a [u64], rest: &Residues) -> Residues<'a> {
        debug_assert_eq!(&coins[1..], rest.coins);
        if coins[0] < rest.smallest_coin() {
            return Residues::new(coins);
        }
        let mut table = Residues { coins, smallest: rest.smallest + 1, least: rest.least.clone(), via: None };
        table.add(0);
        table
    }

    /// Coin `ci`'s round-robin pass: every class's least value lowered by adding the coin
    /// around the cycles of its residue (a multiple of the smallest coin adds nothing).
    fn add(&mut self, ci: usize) {
        let (a, c) = (self.coins[self.smallest], self.coins[ci]);
        if ci == self.smallest || c.is_multiple_of(a) {
            return;
        }
        if self.least.is_empty() {
            // Until now one coin in effect (multiples of a, no table: a may be as large as n).
            self.least = vec![u64::MAX; a as usize];
            if let Some(via) = &mut self.via {
                *via = vec![usize::MAX; a as usize];
            }
            self.least[0] = 0;
        }
        let (least, via) = (&mut self.least, &mut self.via);
        let (g, step) = (gcd(a, c), (c % a) as usize);
        for class in 0..g {
            // Start the cycle of this class at its least known value.
            let Some(start) = (class..a).step_by(g as usize).min_by_key(|&q| least[q as usize]) else { continue };
            let (mut r, mut value) = (start as usize, least[start as usize]);
            if value == u64::MAX {
                continue;
            }
            for _ in 1..a / g {
                // The value and its class step together, without a division per step.
                value += c;
                r += step;
                if r >= a as usize {
                    r -= a as usize;
                }
                if value < least[r] {
                    least[r] = value;
                    if let Some(via) = via.as_mut() {
                        via[r] = ci;
                    }
                }
                value = least[r];
            }
        }
    }

    fn smallest_coin(&self) -> u64 {
        self.coins[self.smallest]
    }

    /// The least representable value in a class coprime to the smallest coin (`u64::MAX`
    /// when there is none).
    fn least_coprime(&self) -> u64 {
        let a = self.smallest_coin();
        if a == 1 {
            return 0;
        }
        // gcd only for a value below the best so far: a few times, not once per class.
        let mut best = u64::MAX;
        for (r, &least) in self.least.iter().enumerate().skip(1) {
            if least < best && gcd(r as u64, a) == 1 {
                best = least;
            }
        }
        best
    }

    /// The least representable value in class `r` modulo the smallest coin (`u64::MAX` when
    /// the class has none).
    fn least_in(&self, r: u64) -> u64 {
        match (self.least.is_empty(), r) {
            (true, 0) => 0,
            (true, _) => u64::MAX,
            (false, _) => self.least[r as usize],
        }
    }

    fn representable(&self, v: u64) -> bool {
        let a = self.coins[self.smallest];
        match self.least.is_empty() {
            true => v.is_multiple_of(a),
            false => v >= self.least[(v % a) as usize],
        }
    }

    /// How many of each coin make `v` (which must be representable).
    fn decompose(&self, mut v: u64) -> Vec<u64> {
        let a = self.coins[self.smallest];
        let mut counts = vec![0u64; self.coins.len()];
        if self.least.is_empty() {
            counts[self.smallest] = v / a;
            return counts;
        }
        loop {
            let r = (v % a) as usize;
            let base = self.least[r];
            counts[self.smallest] += (v - base) / a;
            if base == 0 {
                return counts;
            }
            // `base - coin` was the least value of its class when `base` was set, so it is
            // still representable.
            let ci = self.via.as_ref().expect("a traced table")[r];
            counts[ci] += 1;
            v = base - self.coins[ci];
        }
    }
}

/// The samplers reachable from n, ascending.
fn block_tree(divs: &[u64], plans: &[Option<Plan>]) -> BlockTree {
    let mut used = vec![false; divs.len()];
    let mut stack = vec![divs.len() - 1];
    while let Some(i) = stack.pop() {
        if used[i] || divs[i] == 1 {
            continue;
        }
        used[i] = true;
        for &(e, _) in &plans[i].as_ref().expect("used samplers have plans").blocks {
            stack.push(divs.binary_search(&e).expect("blocks are divisors"));
        }
    }
    let samplers = (0..divs.len())
        .filter(|&i| used[i])
        .map(|i| {
            let plan = plans[i].as_ref().expect("used samplers have plans");
            Sampler {
                modulus: divs[i],
                root: plan.root,
                blocks: plan.blocks.iter().map(|&(divisor, count)| Block { divisor, count }).collect(),
            }
        })
        .collect();
    BlockTree { samplers }
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimod_spec::Objective;

    fn primes(n: u64) -> Spec {
        Spec::primes_below(n, Objective::WorstCase).unwrap()
    }

    fn exact_depth(spec: &Spec) -> u32 {
        let c = construct(spec).expect("a construction");
        let facts = c.blocks.evaluate(spec).unwrap();
        assert_eq!(facts.depth, c.depth);
        let eval = c.blocks.expand(1_000_000).unwrap().evaluate(spec).unwrap();
        assert!(eval.is_exact(), "construction for {} is not exact", spec.modulus);
        assert_eq!(eval.depth, c.depth);
        assert_eq!(eval.expected_calls, facts.expected_calls);
        c.depth
    }

    #[test]
    fn forty_two_in_two_calls_with_a_rejection_free_root() {
        assert_eq!(exact_depth(&primes(42)), 2);
        let c = construct(&primes(42)).unwrap();
        let top = c.blocks.samplers.last().unwrap();
        assert_eq!(top.root, 41);
        let divisors: Vec<u64> = top.blocks.iter().map(|b| b.divisor).collect();
        assert_eq!(divisors, vec![2, 3, 7]);
    }

    #[test]
    fn known_depths() {
        assert_eq!(exact_depth(&primes(6)), 2);
        assert_eq!(exact_depth(&primes(8)), 3);
        assert_eq!(exact_depth(&primes(30)), 3);
        assert_eq!(exact_depth(&primes(64)), 6);
        // A six-sided die alone: 4 = 2*2 needs two rolls.
        assert_eq!(exact_depth(&Spec::new(4, &[6], Objective::WorstCase).unwrap()), 2);
        // A generator larger than the modulus: one call of 6 serves 3.
        assert_eq!(exact_depth(&Spec::new(3, &[6], Objective::WorstCase).unwrap()), 1);
    }

    #[test]
    fn the_residue_table_agrees_with_a_plain_knapsack() {
        for coins in [vec![6u64, 10, 15], vec![21, 14, 6, 7, 3, 2], vec![9, 12], vec![5]] {
            let table = Residues::traced(&coins);
            let mut reachable = vec![false; 400];
            reachable[0] = true;
            for v in 1..400 {
                reachable[v] = coins.iter().any(|&c| c as usize <= v && reachable[v - c as usize]);
            }
            for v in 0..400u64 {
                assert_eq!(table.representable(v), reachable[v as usize], "{coins:?} {v}");
                if reachable[v as usize] {
                    let counts = table.decompose(v);
                    assert_eq!(counts.iter().zip(&coins).map(|(k, c)| k * c).sum::<u64>(), v);
                }
            }
        }
    }

    #[test]
    fn tables_extended_one_coin_at_a_time_hold_the_same_least_values() {
        let lists: Vec<Vec<u64>> = vec![
            vec![35, 6, 10, 15, 21, 14],
            vec![12, 18, 8, 9, 30],
            vec![100, 7, 49, 13, 2],
            vec![1000, 999, 17, 64, 60, 3],
            vec![4, 8, 16],
            vec![9, 6, 4, 15],
        ];
        for coins in lists {
            let suffixes: Vec<Vec<u64>> = (0..coins.len()).map(|k| coins[k + 1..].to_vec()).collect();
            let tables = super::suffix_tables(&suffixes);
            for (values, table) in suffixes.iter().zip(&tables) {
                match table {
                    None => assert!(values.is_empty()),
                    Some(table) => {
                        let fresh = Residues::new(values);
                        assert_eq!(table.least, fresh.least, "{values:?}");
                        assert_eq!(table.smallest_coin(), fresh.smallest_coin(), "{values:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_largest_count_is_the_plain_countdown() {
        // The countdown it replaces: the largest c <= rest / v whose remainder is representable.
        let countdown =
            |rest: u64, v: u64, table: &Residues| (0..=rest / v).rev().find(|&c| table.representable(rest - c * v));
        for coins in [vec![6u64, 10, 15], vec![97, 89], vec![35, 77, 55], vec![12], vec![1000, 999]] {
            let table = Residues::new(&coins);
            for v in [1u64, 2, 5, 7, 12, 60, 991] {
                for rest in (0..3000).step_by(7).chain([99_991, 500_000]) {
                    assert_eq!(
                        largest_count(rest, v, &table),
                        countdown(rest, v, &table),
                        "{coins:?} v={v} rest={rest}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_million_is_compact() {
        let c = construct(&primes(1_000_000)).unwrap();
        assert_eq!(c.depth, 7);
        assert!(c.blocks.samplers.len() < 50);
        assert_eq!(c.blocks.expand(1000), None);
    }

    #[test]
    fn nothing_when_a_prime_is_missing() {
        assert_eq!(construct(&primes(43)), None);
    }
}
