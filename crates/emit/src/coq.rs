//! A checked worst-case claim as a Coq file: a theorem about the model in `coq/Model.v`,
//! proved by running the library's computable checks (`vm_compute`) on the certificate's
//! witness and bound. Coq's kernel, not this crate, decides whether the file is a proof.

use optimod_spec::{Tree, Witness};
use std::fmt::Write;

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
