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

/// Largest modulus exported: the model's outputs and sizes are Peano naturals, and the lower
/// bounds' checks read them in unary.
const MAX_MODULUS: u64 = 4096;
/// Largest explicit witness (leaves) exported: its exactness check computes every output's
/// probability over the whole tree (work `n * leaves`). A compact witness has no such limit:
/// `blocks_sound` (coq/Blocks.v) checks its samplers' arithmetic, never the tree.
const MAX_LEAVES: u64 = 100_000;

/// The Coq library an export needs (`coq/`, in `_CoqProject` order), built into the binary so
/// that `optimod verify --coq` runs anywhere coqc is installed: (file name, source).
pub const COQ_LIBRARY: [(&str, &str); 7] = [
    ("Model.v", include_str!("../../../coq/Model.v")),
    ("Paths.v", include_str!("../../../coq/Paths.v")),
    ("Exact.v", include_str!("../../../coq/Exact.v")),
    ("Bounds.v", include_str!("../../../coq/Bounds.v")),
    ("RootSplit.v", include_str!("../../../coq/RootSplit.v")),
    ("Witness.v", include_str!("../../../coq/Witness.v")),
    ("Blocks.v", include_str!("../../../coq/Blocks.v")),
];

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
    out.push_str("*)\nFrom Coq Require Import List ZArith NArith.\nImport ListNotations.\n");
    out.push_str("From Optimod Require Import Model Bounds RootSplit Witness Blocks.\n\n");
    let sizes = coq_list(sizes);
    match claim {
        CoqClaim::Optimal { depth, witness, bound } => {
            let k = depth.saturating_sub(1);
            out.push_str(&witness_proof(modulus, &sizes, *depth, witness));
            let _ = writeln!(out, "  (* no exact tree makes {k} or fewer *)");
            let _ = writeln!(out, "  apply ({} {modulus} {sizes} {k}{}).", bound_lemma(bound), bound_data(bound));
            out.push_str("  vm_compute. reflexivity.\nQed.\n\nPrint Assumptions optimal.\n");
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

/// The witness as data, the theorem, and the proof up to the lower bound: a compact witness
/// through `blocks_sound` (its samplers' arithmetic in binary, no tree built), an explicit tree
/// through `exact_b` (every output's probability summed).
fn witness_proof(modulus: u64, sizes: &str, depth: u32, witness: &Witness) -> String {
    let mut out = String::new();
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
            let _ = writeln!(out, "Definition witness : list sampler := [\n    {}].\n", samplers.join(";\n    "));
            let _ = writeln!(out, "Theorem optimal : Optimal {modulus} {sizes} {depth}.\nProof.");
            out.push_str("  apply (optimal_blocks _ _ _ witness).\n");
            let _ = writeln!(
                out,
                "  (* its samplers fill their roots: the tree they denote is exact, at most {depth} calls *)"
            );
            out.push_str("  { vm_compute. reflexivity. }\n");
        }
        Witness::Tree(tree) => {
            let mut text = String::new();
            tree_term(tree, &mut text);
            let _ = writeln!(out, "Definition witness : tree :=\n  {text}.\n");
            let _ = writeln!(out, "Theorem optimal : Optimal {modulus} {sizes} {depth}.\nProof.");
            out.push_str("  apply (optimal_from _ _ _ witness).\n");
            out.push_str("  (* the witness is exact and makes this many calls *)\n");
            out.push_str("  { vm_compute. reflexivity. }\n  { vm_compute. reflexivity. }\n");
        }
    }
    out
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
    let explicit = matches!(record.tree, optimod_cert::TreeRecord::Explicit(_));
    if explicit && record.leaves.value() > &MAX_LEAVES.into() {
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
    let work = bound_work(&bound, n, sizes, depth.saturating_sub(1));
    if work > MAX_BOUND_WORK {
        return Err(format!(
            "Coq's check of its lower bound would take too long (estimated {} s of coqc, more than {} s: the \
             library's searches over products of sizes are not yet fast at this size)",
            work / 1_000_000,
            MAX_BOUND_WORK / 1_000_000
        ));
    }
    Ok(emit_coq(n, sizes, &CoqClaim::Optimal { depth, witness: &witness, bound }, header))
}

/// Steps of the bound checks that search products of sizes, most one export may ask of
/// coqc: about five minutes on this 2-core machine.
const MAX_BOUND_WORK: u128 = 300_000_000;

/// A rough count, in microseconds of coqc on a 2-core machine, of the bound's check:
/// valuation-and-reach sorts, level by level, states (a capped product and a part of n) times
/// the sizes (measured: 104, 160, 384 from the primes below them in 1.4, 2.9 and 20 s for
/// estimates of 0.3, 1.4 and 20 million); a root split, per root and modulus, passes over the
/// products of `k - 1` sizes and the residues below the modulus (210, 330, 390 in 6, 17 and
/// 35 s for 7, 20 and 32 million). Reach and p-adic checks are a product and an lcm: free.
fn bound_work(bound: &CoqBound, n: u64, sizes: &[u64], k: u32) -> u128 {
    let g = sizes.len() as u128;
    match bound {
        CoqBound::Reach | CoqBound::PAdic => 0,
        CoqBound::ValuationAndReach => g.saturating_mul(g).saturating_mul(n as u128).saturating_mul(k as u128),
        CoqBound::RootSplit { moduli } => {
            let products = optimod_spec::arith::multisets_at_most(g, k.saturating_sub(1));
            g.saturating_mul(moduli.len() as u128).saturating_mul(products).saturating_mul(70)
        }
    }
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
    use super::{bound_work, primes_dividing, CoqBound, MAX_BOUND_WORK};
    use optimod_spec::arith::primes_below;

    #[test]
    fn the_built_in_library_is_the_coq_project() {
        let project = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../coq/_CoqProject")).unwrap();
        let listed: Vec<&str> = project.split_whitespace().filter(|f| f.ends_with(".v")).collect();
        let built: Vec<&str> = super::COQ_LIBRARY.iter().map(|(name, _)| *name).collect();
        assert_eq!(built, listed);
    }

    #[test]
    fn only_large_searches_over_products_are_refused() {
        assert_eq!(bound_work(&CoqBound::Reach, 42, &primes_below(42), 1), 0);
        let sizes = primes_below(64);
        assert!(bound_work(&CoqBound::ValuationAndReach, 64, &sizes, 5) < MAX_BOUND_WORK);
        let sizes = primes_below(2310);
        let root_split = CoqBound::RootSplit { moduli: primes_dividing(2310, &sizes) };
        assert!(bound_work(&root_split, 2310, &sizes, 2) > MAX_BOUND_WORK);
    }

    #[test]
    fn primes_dividing_the_modulus_and_sizes() {
        assert_eq!(primes_dividing(30, &[2, 3, 5, 7]), vec![2, 3, 5, 7]);
        assert_eq!(primes_dividing(20, &[6, 15]), vec![2, 3, 5]);
        assert_eq!(primes_dividing(49, &[]), vec![7]);
    }
}
