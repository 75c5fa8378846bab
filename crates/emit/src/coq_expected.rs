//! A checked all-strategies expected-calls claim as a Coq theorem about `coq/Strategies.v`
//! (strategies that may loop): `OptimalExpected n G e`. Covered so far:
//! - an exact tree of depth 2 with every size below n, optimal at 2 calls over every strategy
//!   (`coq/Expected.v`, `two_calls_sound`: the tree is a strategy making at most 2 calls in
//!   expectation, and no exact strategy stops within one call);
//! - an exact tree whose cost meets the pending bound (`coq/Pending.v`, `pending_check_sound`:
//!   with every size dividing L, at least `(L^k mod n)/L^k` is pending after k calls; 27 from
//!   {2, 6, 12} = 33/16);
//! - one size m, Knuth and Yao's optimum (`coq/KnuthYao.v`, `ky_optimal`: every exact strategy
//!   leaves `(m^k mod n)/m^k` pending after k calls, the Fast Dice Roller exactly that; the
//!   value pinned by its tails on the orbit of 1 under `r -> r m mod n`, computed here).
//!
//! A proved claim whose strategy is a pool automaton (5 from {2, 3}) exports its upper bound
//! alone (`coq/Pools.v`, `pool_achieves`: the automaton's strategy is exact and pays at most
//! the claimed value), its lower bound (fact 10's enumeration) having no Coq lemma yet.
//! A bounded claim exports its lower bound alone, `ExpectedAtLeast n G b`, where Coq has the
//! argument: the levels bound when no finite tree is exact (`coq/Levels.v`, `levels_check_sound`:
//! with every size at most p, an exact strategy has all its mass pending while `p^k < n` and at
//! least `1/p^k` after that). Other claims say why they have no export yet.

use crate::coq::{coq_list, tree_term, CoqScope, MAX_LEAVES};
use crate::records::witness_from_record;
use num_rational::BigRational;
use num_traits::{One, Zero};
use optimod_cert::{
    AllStrategiesBoundRecord, AllStrategiesClaim, AllStrategiesStatus, LevelsExclusion, StrategyRecord, TreeRecord,
};
use optimod_spec::Witness;
use std::fmt::Write;

/// Longest orbit of `r -> r m mod n` exported: Coq looks each tail up in a list.
const MAX_ORBIT: usize = 2000;

/// The Coq file for an all-strategies claim and what it states of it, or why it has none.
/// `sizes` are the generator sizes; with `primes_rule` the statement names them `primes_below n`.
pub(crate) fn expected_file(
    claim: &AllStrategiesClaim,
    n: u64,
    sizes: &[u64],
    primes_rule: bool,
    header: &[String],
) -> Result<(String, CoqScope), String> {
    if claim.status != AllStrategiesStatus::Proved {
        return lower_bound_file(claim, n, sizes, primes_rule, header).map(|t| (t, CoqScope::LowerBound));
    }
    if let AllStrategiesBoundRecord::KnuthYao { value, size } = &claim.lower_bound {
        return knuth_yao_file(n, *size, value.value(), sizes, primes_rule, header).map(|t| (t, CoqScope::Claim));
    }
    if let StrategyRecord::PoolAutomaton { pools } = &claim.strategy {
        let e = claim.expected_calls.value();
        return pool_file(n, pools, e, sizes, primes_rule, header).map(|t| (t, CoqScope::UpperBound));
    }
    let StrategyRecord::FiniteTree { witness: record } = &claim.strategy else {
        return Err("its strategy is an asymmetric block, which has no Coq export yet; finite trees, pool \
                    automata and one size do"
            .into());
    };
    if !matches!(record.tree, TreeRecord::Explicit(_)) || record.leaves.value() > &MAX_LEAVES.into() {
        return Err(format!("its witness is not an explicit tree of at most {MAX_LEAVES} leaves"));
    }
    let Witness::Tree(tree) = witness_from_record(record)? else {
        return Err("its witness is not an explicit tree".into());
    };
    let e = claim.expected_calls.value();
    let two = BigRational::from_integer(2.into());
    let route = if *e == two && record.depth <= 2 {
        Route::TwoCalls
    } else {
        let common = sizes.iter().try_fold(1u128, |l, &g| checked_lcm(l, g as u128));
        match common.and_then(|l| u64::try_from(l).ok()).and_then(|l| pending_terms(n, l, e).map(|k| (l, k))) {
            Some((l, k)) => Route::Pending { common: l, terms: k },
            None => {
                return Err(format!(
                    "its expected calls are {e}, which neither the two-call bound nor the pending bound \
                     (sizes dividing one common multiple) reaches: no Coq export yet"
                ))
            }
        }
    };
    Ok((finite_tree_file(n, sizes, primes_rule, header, &tree, e, route), CoqScope::Claim))
}

/// Which lower bound a finite tree's export states.
enum Route {
    /// `two_calls_sound`: 2 calls, every size below n.
    TwoCalls,
    /// `pending_check_sound`: every size divides `common`, and `sum_{k < terms} (common^k mod n) /
    /// common^k` is the tree's cost.
    Pending { common: u64, terms: u32 },
}

fn finite_tree_file(
    n: u64,
    sizes: &[u64],
    primes_rule: bool,
    header: &[String],
    tree: &optimod_spec::Tree,
    e: &BigRational,
    route: Route,
) -> String {
    let mut text = String::new();
    tree_term(tree, &mut text);
    let stated = statement_sizes(n, sizes, primes_rule);
    let mut out = preamble(header, "Model Strategies Expected Pending Bridge Primes");
    let _ = writeln!(out, "Definition witness : tree :=\n  {text}.\n");
    let _ = writeln!(out, "Theorem optimal_expected : OptimalExpected {n} {stated} {}.\nProof.", q_statement(e));
    out.push_str(&primes_step(n, sizes, primes_rule));
    match route {
        Route::TwoCalls => {
            out.push_str("  (* the witness is exact and makes at most 2 calls; every size is below n, so no exact\n");
            out.push_str("     strategy stops within one call (Expected.at_least_two) *)\n");
            out.push_str("  apply (two_calls_sound _ _ (to_unary witness)).\n");
        }
        Route::Pending { common, terms } => {
            let _ = writeln!(
                out,
                "  (* every size divides {common}: an exact strategy leaves at least ({common}^k mod {n}) / {common}^k\n     \
                 pending after k calls; summed over k < {terms} that is the witness's cost *)"
            );
            let _ = writeln!(out, "  apply (pending_check_sound {n} {common} {terms} _ (to_unary witness)).");
        }
    }
    out.push_str("  vm_compute. reflexivity.\nQed.\n\nPrint Assumptions optimal_expected.\n");
    out
}

fn checked_lcm(a: u128, b: u128) -> Option<u128> {
    let (mut x, mut y) = (a, b);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    (a / x).checked_mul(b)
}

/// The K with `sum_{k < K} (l^k mod n) / l^k = e`, if the sum meets e within 64 terms.
fn pending_terms(n: u64, l: u64, e: &BigRational) -> Option<u32> {
    let (n, l) = (num_bigint::BigInt::from(n), num_bigint::BigInt::from(l));
    let mut power = num_bigint::BigInt::from(1);
    let mut sum = BigRational::zero();
    for k in 0..=64u32 {
        if sum == *e {
            return Some(k);
        }
        if sum > *e {
            return None;
        }
        sum += BigRational::new(&power % &n, power.clone());
        power *= &l;
    }
    None
}

/// A bounded claim: its lower bound as `ExpectedAtLeast n G b`, where Coq has the argument.
fn lower_bound_file(
    claim: &AllStrategiesClaim,
    n: u64,
    sizes: &[u64],
    primes_rule: bool,
    header: &[String],
) -> Result<String, String> {
    let AllStrategiesBoundRecord::Levels {
        value,
        reach_levels,
        excluded: LevelsExclusion::Forever { missing_prime },
        deficits,
    } = &claim.lower_bound
    else {
        return Err("it is bounded, and of the lower bounds only the levels bound where no finite tree is exact \
                    (a prime of n divides no size) has a Coq lemma yet"
            .into());
    };
    if !deficits.is_empty() {
        return Err("its levels bound is raised by deficits, which have no Coq lemma yet".into());
    }
    let top = *sizes.iter().max().ok_or("no sizes")?;
    let stated = statement_sizes(n, sizes, primes_rule);
    let mut out = preamble(header, "Model Strategies Levels Bridge Primes Bounds");
    let _ = writeln!(out, "Theorem lower_bound : ExpectedAtLeast {n} {stated} {}.\nProof.", q_statement(value.value()));
    if primes_rule {
        let _ = writeln!(out, "  (* {n} is prime: no size is a multiple of it, so no finite tree is exact *)");
        let _ = writeln!(
            out,
            "  assert (Himp : Impossible {n} {stated}) by (apply rule_impossible; vm_compute; reflexivity)."
        );
        let _ =
            writeln!(out, "  rewrite (primes_below_list {n} {}) in * by (vm_compute; reflexivity).", coq_list(sizes));
    } else {
        let _ = writeln!(out, "  (* {missing_prime} divides {n} and no size, so no finite tree is exact *)");
        let _ = writeln!(
            out,
            "  assert (Himp : Impossible {n} {stated}) by (apply impossible_of_unary; apply (impossible_sound _ _ \
             {missing_prime}%Z); vm_compute; reflexivity)."
        );
    }
    let _ = writeln!(
        out,
        "  (* every size is at most {top}: all of an exact strategy is pending while {top}^k < {n} (k < \
         {reach_levels}),\n     and at least 1/{top}^k at every later depth *)"
    );
    let _ = writeln!(out, "  apply (levels_check_sound {n} {top} {reach_levels} _ _ Himp).");
    out.push_str("  vm_compute. reflexivity.\nQed.\n\nPrint Assumptions lower_bound.\n");
    Ok(out)
}

fn preamble(header: &[String], modules: &str) -> String {
    let mut out = String::from("(*\n");
    for line in header {
        let _ = writeln!(out, "  {}", line.replace("*)", "* )"));
    }
    out.push_str("*)\nFrom Coq Require Import List ZArith NArith QArith.\nImport ListNotations.\n");
    let _ = writeln!(out, "From Optimod Require Import {modules}.");
    out.push_str("Local Open Scope N_scope.\n\n");
    out
}

fn statement_sizes(n: u64, sizes: &[u64], primes_rule: bool) -> String {
    if primes_rule {
        format!("(primes_below {n})")
    } else {
        coq_list(sizes)
    }
}

/// The proof's first step for a primes-rule statement: `primes_below n` replaced by the list,
/// each number below n tested.
fn primes_step(n: u64, sizes: &[u64], primes_rule: bool) -> String {
    if !primes_rule {
        return String::new();
    }
    format!(
        "  (* the primes below {n}, each number tested *)\n  rewrite (primes_below_list {n} {}) by (vm_compute; \
         reflexivity).\n",
        coq_list(sizes)
    )
}

/// One size m: `ky_optimal` with the tails `w r = sum_k (r m^k mod n) / m^k` on the orbit of 1.
fn knuth_yao_file(
    n: u64,
    m: u64,
    value: &BigRational,
    sizes: &[u64],
    primes_rule: bool,
    header: &[String],
) -> Result<String, String> {
    if sizes != [m] {
        return Err("its Knuth-Yao bound is for one size, and the sizes are not that one".into());
    }
    let tails = orbit_tails(n, |_| m)?;
    let mut out = preamble(header, "Model Strategies KnuthYao Primes");
    out.push_str("(* w r = sum over k of (r m^k mod n) / m^k, for r on the orbit of 1 under r -> r m mod n:\n");
    out.push_str("   each satisfies w r = r + w (r m mod n) / m, and w 1 is the claimed value *)\n");
    let _ = writeln!(out, "Definition tails : list (N * Q) :=\n  {}.\n", tails_term(&tails));
    let stated = statement_sizes(n, sizes, primes_rule);
    let _ = writeln!(out, "Theorem optimal_expected : OptimalExpected {n} {stated} {}.\nProof.", q_statement(value));
    out.push_str(&primes_step(n, sizes, primes_rule));
    out.push_str("  (* every exact strategy leaves (m^k mod n)/m^k pending after k calls; the Fast Dice\n");
    out.push_str("     Roller leaves exactly that; the tails pin the sum *)\n");
    out.push_str("  apply (ky_optimal _ _ _ tails).\n  vm_compute. reflexivity.\nQed.\n\n");
    out.push_str("Print Assumptions optimal_expected.\n");
    Ok(out)
}

/// `(r, w r)` for r = 1 and the pools after it (`r -> r size(r) mod n`) until the orbit
/// repeats, solved exactly: around the cycle `w = (sum of r_t / M_t over one turn) / (1 -
/// 1/M_T)` (M_t the product of the sizes before step t), then backwards `w r_i = r_i +
/// w r_(i+1) / size(r_i)`. One size m is Knuth and Yao's case.
fn orbit_tails(n: u64, size: impl Fn(u64) -> u64) -> Result<Vec<(u64, BigRational)>, String> {
    let mut orbit = vec![1 % n];
    let start = loop {
        let r = *orbit.last().expect("not empty");
        let next = ((r as u128 * size(r) as u128) % n as u128) as u64;
        if let Some(i) = orbit.iter().position(|&q| q == next) {
            break i;
        }
        if orbit.len() >= MAX_ORBIT {
            return Err(format!("the orbit of 1 under r -> r m mod n is longer than {MAX_ORBIT}"));
        }
        orbit.push(next);
    };
    let rational = |x: u64| BigRational::from_integer(x.into());
    let mut turn = BigRational::zero();
    let mut scale = BigRational::one();
    for &r in &orbit[start..] {
        turn += rational(r) * &scale;
        scale /= rational(size(r));
    }
    let at_start = turn / (BigRational::one() - scale);
    let mut tails = vec![(orbit[start], at_start.clone())];
    // Walking back to the cycle's start, around the cycle and before it: w r = r + w(next) / m.
    for part in [&orbit[start + 1..], &orbit[..start]] {
        let mut w = at_start.clone();
        for &r in part.iter().rev() {
            w = rational(r) + w / rational(size(r));
            tails.push((r, w.clone()));
        }
    }
    tails.sort_by_key(|(r, _)| *r);
    Ok(tails)
}

fn tails_term(tails: &[(u64, BigRational)]) -> String {
    let entries: Vec<String> = tails.iter().map(|(r, w)| format!("({r}, {})", q_literal(w))).collect();
    format!("[{}]", entries.join(";\n   "))
}

/// A pool automaton (a size per pool): `pool_achieves`, an exact strategy with at most `e`
/// expected calls: the upper bound alone, its lower bound having no Coq route yet.
fn pool_file(
    n: u64,
    pools: &[optimod_cert::PoolStepRecord],
    e: &BigRational,
    sizes: &[u64],
    primes_rule: bool,
    header: &[String],
) -> Result<String, String> {
    let first = pools.first().ok_or("the automaton has no pool")?.size;
    let size = |u: u64| pools.iter().find(|p| p.pool == u).map_or(first, |p| p.size);
    let tails = orbit_tails(n, size)?;
    let table: Vec<String> = pools.iter().map(|p| format!("({}, {})", p.pool, p.size)).collect();
    let stated = statement_sizes(n, sizes, primes_rule);
    let mut out = preamble(header, "Model Strategies Pools Primes");
    out.push_str(
        "(* w u = what the automaton still pays from pool u: w u = u + w (u m mod n) / m, m the pool's size *)\n",
    );
    let _ = writeln!(out, "Definition tails : list (N * Q) :=\n  {}.\n", tails_term(&tails));
    let _ = writeln!(
        out,
        "Theorem upper_bound : exists s, ExactS {n} {stated} s /\\ ExpectedAtMost s {}.\nProof.",
        q_statement(e)
    );
    out.push_str(&primes_step(n, sizes, primes_rule));
    out.push_str(
        "  (* keep a value uniform below a pool, call its size, output what fills whole copies of 0..n-1 *)\n",
    );
    let _ = writeln!(out, "  apply (pool_achieves {n} _ [{}] {first} _ tails).", table.join("; "));
    out.push_str("  vm_compute. reflexivity.\nQed.\n\nPrint Assumptions upper_bound.\n");
    Ok(out)
}

/// The value in a statement: `2`, or `(33 # 16)`.
fn q_statement(value: &BigRational) -> String {
    if value.is_integer() {
        value.numer().to_string()
    } else {
        format!("({})", q_literal(value))
    }
}

/// A non-negative rational as a Coq `Q` literal `p # q` (where no scope says it is a `Q`).
fn q_literal(value: &BigRational) -> String {
    format!("{} # {}", value.numer(), value.denom())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(p: i64, d: i64) -> BigRational {
        BigRational::new(p.into(), d.into())
    }

    #[test]
    fn the_tails_of_a_coin_for_five_sum_to_eighteen_fifths() {
        // 1 -> 2 -> 4 -> 3 -> 1: w1 = 1 + 1 + 1 + 3/8 + w1/16, so w1 = 18/5.
        let tails = orbit_tails(5, |_| 2).unwrap();
        assert_eq!(tails, vec![(1, q(18, 5)), (2, q(26, 5)), (3, q(24, 5)), (4, q(32, 5))]);
        for (r, w) in &tails {
            let next = r * 2 % 5;
            let w_next = &tails.iter().find(|(s, _)| *s == next).unwrap().1;
            assert_eq!(*w, BigRational::from_integer((*r).into()) + w_next / q(2, 1));
        }
    }

    #[test]
    fn the_tails_of_a_pool_automaton_for_five_from_two_and_three() {
        // pools 1 (size 2) -> 2 (size 3) -> 6 mod 5 = 1: w1 = 1 + w2 / 2, w2 = 2 + w1 / 3.
        let size = |u: u64| if u == 1 { 2 } else { 3 };
        assert_eq!(orbit_tails(5, size).unwrap(), vec![(1, q(12, 5)), (2, q(14, 5))]);
    }

    #[test]
    fn an_orbit_that_reaches_zero_and_one_with_a_tail_before_its_cycle() {
        // 4 from a d6: 1 -> 2 -> 0 -> 0, w1 = 1 + 2/6 = 4/3.
        assert_eq!(orbit_tails(4, |_| 6).unwrap(), vec![(0, q(0, 1)), (1, q(4, 3)), (2, q(2, 1))]);
        // 12 from a coin: 1 -> 2 -> 4 -> 8 -> 4: w4 = (4 + 8/2) / (1 - 1/4) = 32/3.
        let tails = orbit_tails(12, |_| 2).unwrap();
        assert_eq!(tails[0], (1, q(1, 1) + q(2, 2) + q(32, 3) / q(4, 1)));
        assert_eq!(tails[2], (4, q(32, 3)));
    }
}
