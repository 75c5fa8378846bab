//! A checked worst-case claim as a Coq file: a theorem about the model in `coq/Model.v`,
//! proved by running the library's computable checks (`vm_compute`) on the certificate's
//! witness and bound. Coq's kernel, not this crate, decides whether the file is a proof.

use crate::claim::title;
use crate::records::witness_from_record;
use optimod_cert::{ArgumentRecord, Claim, RuleRecord, WorstCaseClaim};
use optimod_check::{Checked, TrustLevel};
use optimod_spec::arith::factorize;
use optimod_spec::{Tree, Witness};
use std::fmt::Write;

/// Largest modulus exported: Coq's outputs are Peano naturals, and its exactness check
/// computes every output's probability over the whole tree (work `n * leaves`).
const MAX_MODULUS: u64 = 4096;
/// Largest witness (leaves of the expanded tree) exported, for the same reason.
const MAX_LEAVES: u64 = 100_000;

/// Which of the library's checks proves "no exact tree has depth at most k"
/// (`coq/Bounds.v`, `coq/RootSplit.v`). Coq recomputes each from the sizes alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CoqBound {
    /// `reach_sound`: `max^k < n`.
    Reach,
    /// `padic_sound`: n does not divide `L^k`, L the lcm of the sizes' parts made of primes of n.
    PAdic,
    /// `vr_sound`: the products of at most k sizes that reach n have parts whose lcm n does
    /// not divide.
    ValuationAndReach,
    /// `root_split_sound`: every root ruled out by congruences modulo these numbers.
    RootSplit { moduli: Vec<u64> },
}

/// The claim to state.
#[derive(Clone, Debug)]
pub enum CoqClaim<'a> {
    /// `Optimal n G depth`: the witness has this depth and the bound excludes `depth - 1`.
    Optimal { depth: u32, witness: &'a Witness, bound: CoqBound },
    /// `Impossible n G`: `divisor > 1` divides n and is coprime to every size.
    Impossible { divisor: u64 },
}

/// The Coq source: `header` lines become a comment, then the theorem and its proof, then
/// `Print Assumptions` (which must report "Closed under the global context").
pub fn emit_coq(modulus: u64, sizes: &[u64], claim: &CoqClaim, header: &[String]) -> String {
    let mut out = String::from("(*\n");
    for line in header {
        let _ = writeln!(out, "  {}", line.replace("*)", "* )"));
    }
    out.push_str("*)\nFrom Coq Require Import List ZArith.\nImport ListNotations.\n");
    out.push_str("From Optimod Require Import Model Bounds RootSplit Witness.\n\n");
    let sizes = coq_list(sizes);
    match claim {
        CoqClaim::Optimal { depth, witness, bound } => {
            let _ = writeln!(out, "Definition witness : tree :=\n  {}.\n", witness_term(witness));
            let _ = writeln!(out, "Theorem optimal : Optimal {modulus} {sizes} {depth}.");
            out.push_str("Proof.\n  apply (optimal_from _ _ _ witness).\n");
            out.push_str("  - (* the witness is exact *) vm_compute. reflexivity.\n");
            out.push_str("  - (* it makes at most this many calls *) vm_compute. reflexivity.\n");
            let k = depth.saturating_sub(1);
            let _ = writeln!(out, "  - (* no exact tree makes {k} or fewer *)");
            let _ = writeln!(out, "    apply ({} {modulus} {sizes} {k}{}).", bound_lemma(bound), bound_data(bound));
            out.push_str("    vm_compute. reflexivity.\nQed.\n\nPrint Assumptions optimal.\n");
        }
        CoqClaim::Impossible { divisor } => {
            let _ = writeln!(out, "Theorem impossible : Impossible {modulus} {sizes}.");
            let _ = writeln!(out, "Proof.\n  (* {divisor} divides {modulus} and is coprime to every size *)");
            let _ = writeln!(out, "  apply (impossible_sound {modulus} {sizes} {divisor}%Z).");
            out.push_str("  vm_compute. reflexivity.\nQed.\n\nPrint Assumptions impossible.\n");
        }
    }
    out
}

fn bound_lemma(bound: &CoqBound) -> &'static str {
    match bound {
        CoqBound::Reach => "reach_sound",
        CoqBound::PAdic => "padic_sound",
        CoqBound::ValuationAndReach => "vr_sound",
        CoqBound::RootSplit { .. } => "root_split_sound",
    }
}

fn bound_data(bound: &CoqBound) -> String {
    match bound {
        CoqBound::RootSplit { moduli } => format!(" {}%Z", coq_list(moduli)),
        _ => String::new(),
    }
}

fn coq_list(items: &[u64]) -> String {
    let items: Vec<String> = items.iter().map(u64::to_string).collect();
    format!("[{}]", items.join("; "))
}

/// Blocks as data for `Witness.build`; an explicit tree as nested `Call`/`Out` terms.
fn witness_term(witness: &Witness) -> String {
    match witness {
        Witness::Blocks(blocks) => {
            let samplers: Vec<String> = blocks
                .samplers
                .iter()
                .map(|s| {
                    let blocks: Vec<String> =
                        s.blocks.iter().map(|b| format!("Block {} {}", b.divisor, b.count)).collect();
                    format!("Sampler {} {} [{}]", s.modulus, s.root, blocks.join("; "))
                })
                .collect();
            format!("build [\n    {}]", samplers.join(";\n    "))
        }
        Witness::Tree(tree) => {
            let mut text = String::new();
            tree_term(tree, &mut text);
            text
        }
    }
}

fn tree_term(tree: &Tree, out: &mut String) {
    match tree {
        Tree::Leaf(j) => {
            let _ = write!(out, "Out {j}");
        }
        Tree::Call { size, children } => {
            let _ = write!(out, "Call {size} [");
            for (i, child) in children.iter().enumerate() {
                if i > 0 {
                    out.push_str("; ");
                }
                if matches!(child, Tree::Call { .. }) {
                    out.push('(');
                    tree_term(child, out);
                    out.push(')');
                } else {
                    tree_term(child, out);
                }
            }
            out.push(']');
        }
    }
}

/// The Coq file for a certificate the checker accepted, or why it has none (an elementary
/// worst-case or impossible claim within the limits above, whose argument has a Coq lemma).
/// `origin` names where the certificate came from, in the file's header.
pub fn coq_file(checked: &Checked, origin: &str) -> Result<String, String> {
    let trust = &checked.verdict().trust;
    if *trust != TrustLevel::Elementary {
        return Err(format!(
            "its trust is {trust}; only elementary claims export to Coq (a solver's UNSAT is not a Coq proof)"
        ));
    }
    let certificate = checked.certificate();
    let n = certificate.spec.modulus;
    if n > MAX_MODULUS {
        return Err(format!("modulus {n} is above {MAX_MODULUS}, the largest a Coq export takes"));
    }
    let sizes = match certificate.spec.generator_rule {
        RuleRecord::PrimesBelowModulus => optimod_spec::arith::primes_below(n),
        RuleRecord::Explicit => certificate.spec.generators.clone(),
    };
    let header = vec![
        format!("Generated by optimod {} (optimod export coq) from {origin}.", env!("CARGO_PKG_VERSION")),
        format!("Certificate SHA-256 {}.", optimod_check::sha256_hex(checked.to_json().as_bytes())),
        format!("Claim: {}.", title(certificate)),
        "Coq's kernel checks it against coq/Model.v: coqc -R <optimod>/coq Optimod THIS_FILE.v".into(),
    ];
    match &certificate.claim {
        Claim::Impossible(claim) => {
            Ok(emit_coq(n, &sizes, &CoqClaim::Impossible { divisor: claim.missing_prime }, &header))
        }
        Claim::WorstCase(claim) => worst_case_text(claim, n, &sizes, &header),
        Claim::ExpectedWithinDepth(_) | Claim::ExpectedAllStrategies(_) => {
            Err("only worst-case claims export to Coq; this one is about expected calls".into())
        }
    }
}

fn worst_case_text(claim: &WorstCaseClaim, n: u64, sizes: &[u64], header: &[String]) -> Result<String, String> {
    let record = &claim.witness;
    if record.leaves.value() > &MAX_LEAVES.into() {
        return Err(format!("the witness has {} leaves, more than the {MAX_LEAVES} a Coq export takes", record.leaves));
    }
    let witness = witness_from_record(record)?;
    let bound = match &claim.lower_bound.elementary.argument {
        ArgumentRecord::Reach { .. } => CoqBound::Reach,
        ArgumentRecord::Valuation { .. } => CoqBound::PAdic,
        ArgumentRecord::ValuationAndReach { .. } => CoqBound::ValuationAndReach,
        ArgumentRecord::RootSplit { .. } | ArgumentRecord::PartialFractions { .. } => {
            CoqBound::RootSplit { moduli: primes_dividing(n, sizes) }
        }
        ArgumentRecord::Exhaustive { .. } => {
            return Err("its lower bound is an exhaustive enumeration, which has no Coq proof yet (the Rust \
                        checker re-runs it)"
                .into())
        }
    };
    let depth = claim.worst_case_calls;
    Ok(emit_coq(n, sizes, &CoqClaim::Optimal { depth, witness: &witness, bound }, header))
}

/// The primes dividing n or some size, ascending: the moduli of a root split's congruences.
fn primes_dividing(n: u64, sizes: &[u64]) -> Vec<u64> {
    let mut primes: Vec<u64> =
        std::iter::once(n).chain(sizes.iter().copied()).flat_map(factorize).map(|(p, _)| p).collect();
    primes.sort_unstable();
    primes.dedup();
    primes
}

#[cfg(test)]
mod tests {
    use super::primes_dividing;

    #[test]
    fn primes_dividing_the_modulus_and_sizes() {
        assert_eq!(primes_dividing(30, &[2, 3, 5, 7]), vec![2, 3, 5, 7]);
        assert_eq!(primes_dividing(20, &[6, 15]), vec![2, 3, 5]);
        assert_eq!(primes_dividing(49, &[]), vec![7]);
    }
}
