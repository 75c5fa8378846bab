//! A checked all-strategies expected-calls claim as a Coq theorem about `coq/Strategies.v`
//! (strategies that may loop): `OptimalExpected n G e`. Covered so far: an exact tree of depth
//! 2 with every size below n, optimal at 2 calls over every strategy (`coq/Expected.v`,
//! `two_calls_sound`: the tree is a strategy making at most 2 calls in expectation, and no
//! exact strategy stops within one call). Other claims say why they have no export yet.

use crate::coq::{coq_list, tree_term, MAX_LEAVES};
use crate::records::witness_from_record;
use optimod_cert::{AllStrategiesClaim, AllStrategiesStatus, StrategyRecord, TreeRecord};
use optimod_spec::Witness;
use std::fmt::Write;

/// The Coq file for an all-strategies claim, or why it has none. `sizes` are the generator
/// sizes; with `primes_rule` the statement names them `primes_below n`.
pub(crate) fn expected_file(
    claim: &AllStrategiesClaim,
    n: u64,
    sizes: &[u64],
    primes_rule: bool,
    header: &[String],
) -> Result<String, String> {
    if claim.status != AllStrategiesStatus::Proved {
        return Err("only proved expected-calls claims export to Coq (a bounded claim's lower bound has no Coq \
                    lemma yet)"
            .into());
    }
    let StrategyRecord::FiniteTree { witness: record } = &claim.strategy else {
        return Err("its strategy loops (a pool automaton or an asymmetric block), which has no Coq export yet; \
                    exact trees of depth 2 do"
            .into());
    };
    let two = optimod_cert::Fraction::from_integer(2);
    if claim.expected_calls != two || record.depth > 2 {
        return Err(format!(
            "its expected calls are {}, and only 2 (an exact tree of depth 2, every size below n) has a Coq \
             export yet",
            claim.expected_calls
        ));
    }
    if !matches!(record.tree, TreeRecord::Explicit(_)) || record.leaves.value() > &MAX_LEAVES.into() {
        return Err(format!("its witness is not an explicit tree of at most {MAX_LEAVES} leaves"));
    }
    let Witness::Tree(tree) = witness_from_record(record)? else {
        return Err("its witness is not an explicit tree".into());
    };
    let mut text = String::new();
    tree_term(&tree, &mut text);
    let list = coq_list(sizes);
    let stated = if primes_rule { format!("(primes_below {n})") } else { list.clone() };
    let mut out = String::from("(*\n");
    for line in header {
        let _ = writeln!(out, "  {}", line.replace("*)", "* )"));
    }
    out.push_str("*)\nFrom Coq Require Import List ZArith NArith QArith.\nImport ListNotations.\n");
    out.push_str("From Optimod Require Import Model Strategies Expected Bridge Primes.\n");
    out.push_str("Local Open Scope N_scope.\n\n");
    let _ = writeln!(out, "Definition witness : tree :=\n  {text}.\n");
    let _ = writeln!(out, "Theorem optimal_expected : OptimalExpected {n} {stated} 2.\nProof.");
    if primes_rule {
        let _ = writeln!(out, "  (* the primes below {n}, each number tested *)");
        let _ = writeln!(out, "  rewrite (primes_below_list {n} {list}) by (vm_compute; reflexivity).");
    }
    out.push_str("  (* the witness is exact and makes at most 2 calls; every size is below n, so no exact\n");
    out.push_str("     strategy stops within one call (Expected.at_least_two) *)\n");
    out.push_str("  apply (two_calls_sound _ _ (to_unary witness)).\n  vm_compute. reflexivity.\nQed.\n\n");
    out.push_str("Print Assumptions optimal_expected.\n");
    Ok(out)
}
