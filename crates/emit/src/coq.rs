//! A checked worst-case claim as a Coq file: a theorem about the model in `coq/Model.v`,
//! proved by running the library's computable checks (`vm_compute`) on the certificate's
//! witness and bound. Coq's kernel, not this crate, decides whether the file is a proof.
//!
//! Two routes. The primes rule's usual claims go through `coq/Primes.v` (`rule_optimal`,
//! `rule_impossible`): binary arithmetic on the samplers and on one prime power of n, at any
//! n, and the statement names the sizes `primes_below n`. Every other claim goes through the
//! library's checks over an explicit list of sizes (`coq/Bounds.v`, `coq/RootSplit.v`, proved
//! about the unary twin of the model and carried over by `coq/Bridge.v`), within the limits
//! below; a primes-rule claim taking this route first replaces `primes_below n` by the list,
//! checked number by number (`primes_below_list`).

use crate::claim::title;
use crate::coq_enumeration::exhaustive_steps;
use crate::coq_expected::expected_file;
use crate::records::witness_from_record;
use optimod_cert::{ArgumentRecord, Claim, RuleRecord, WorstCaseClaim};
use optimod_check::{Checked, TrustLevel};
use optimod_spec::arith::factorize;
use optimod_spec::{BlockTree, Tree, Witness};
use std::fmt::Write;

/// Largest modulus of a primes-rule claim exported through the explicit-list route:
/// `primes_below_list` tests every number below n, and the list is n's primes.
const MAX_MODULUS: u64 = 4096;
/// Largest modulus of a custom-size claim (the checker's own limit): its lower bound's cost is
/// estimated by [`bound_work`] instead (1048576 from {2} checks in 1.7 s).
const MAX_CUSTOM_MODULUS: u64 = 1 << 20;
/// Largest explicit witness (leaves) exported: its exactness check computes every output's
/// probability over the whole tree (work `n * leaves`). A compact witness has no such limit:
/// `blocks_sound` (coq/Blocks.v) checks its samplers' arithmetic, never the tree.
pub(crate) const MAX_LEAVES: u64 = 100_000;

/// The Coq library an export needs (`coq/`, in `_CoqProject` order), built into the binary so
/// that `optimod verify --coq` runs anywhere coqc is installed: (file name, source).
pub const COQ_LIBRARY: [(&str, &str); 19] = [
    ("Model.v", include_str!("../../../coq/Model.v")),
    ("Unary.v", include_str!("../../../coq/Unary.v")),
    ("Paths.v", include_str!("../../../coq/Paths.v")),
    ("Exact.v", include_str!("../../../coq/Exact.v")),
    ("Bounds.v", include_str!("../../../coq/Bounds.v")),
    ("RootSplit.v", include_str!("../../../coq/RootSplit.v")),
    ("Enumeration.v", include_str!("../../../coq/Enumeration.v")),
    ("Witness.v", include_str!("../../../coq/Witness.v")),
    ("Blocks.v", include_str!("../../../coq/Blocks.v")),
    ("Bridge.v", include_str!("../../../coq/Bridge.v")),
    ("Primes.v", include_str!("../../../coq/Primes.v")),
    ("Fractions.v", include_str!("../../../coq/Fractions.v")),
    ("Table.v", include_str!("../../../coq/Table.v")),
    ("Strategies.v", include_str!("../../../coq/Strategies.v")),
    ("Expected.v", include_str!("../../../coq/Expected.v")),
    ("Pending.v", include_str!("../../../coq/Pending.v")),
    ("Levels.v", include_str!("../../../coq/Levels.v")),
    ("Pools.v", include_str!("../../../coq/Pools.v")),
    ("KnuthYao.v", include_str!("../../../coq/KnuthYao.v")),
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
    /// `exhaustive_sound`: the bag of leaf products of every tree of depth at most k, none
    /// of which splits among the n outputs (`coq/Enumeration.v`).
    Exhaustive,
}

/// The claim to state.
#[derive(Clone, Debug)]
pub enum CoqClaim<'a> {
    /// A claim about `primes_below n` by the primes rule's route (see [`CoqRow`]).
    Rule(&'a CoqRow),
    /// `Optimal n G depth`: the witness has this depth and the bound excludes `depth - 1`.
    Optimal { depth: u32, witness: &'a Witness, bound: CoqBound },
    /// `Impossible n G`: `divisor > 1` divides n and is coprime to every size.
    Impossible { divisor: u64 },
}

/// The Coq source: `header` lines become a comment, then the theorem and its proof, then
/// `Print Assumptions` (which must report "Closed under the global context"). `sizes` are
/// the generator sizes; with `primes_rule` the statement names them `primes_below n`.
pub fn emit_coq(modulus: u64, sizes: &[u64], primes_rule: bool, claim: &CoqClaim, header: &[String]) -> String {
    let mut out = String::from("(*\n");
    for line in header {
        let _ = writeln!(out, "  {}", line.replace("*)", "* )"));
    }
    out.push_str("*)\nFrom Coq Require Import List ZArith NArith.\nImport ListNotations.\n");
    out.push_str(
        "From Optimod Require Import Model Bridge Primes Fractions Bounds RootSplit Enumeration Witness Blocks.\n",
    );
    out.push_str("Local Open Scope N_scope.\n\n");
    let list = coq_list(sizes);
    let stated = if primes_rule { format!("(primes_below {modulus})") } else { list.clone() };
    // The explicit-list route for a primes-rule statement: the list, checked number by number.
    let to_list = if primes_rule {
        format!("  (* the primes below {modulus}, each number tested *)\n  rewrite (primes_below_list {modulus} {list}) by (vm_compute; reflexivity).\n")
    } else {
        String::new()
    };
    match claim {
        CoqClaim::Rule(row) => out.push_str(&rule_theorem(modulus, row)),
        CoqClaim::Optimal { depth, witness, bound } => {
            let k = depth.saturating_sub(1);
            out.push_str(&witness_proof(modulus, &stated, &to_list, *depth, witness));
            let _ = writeln!(out, "  (* no exact tree makes {k} or fewer *)");
            let _ = writeln!(out, "  apply ({} _ _ {k}{}).", bound_lemma(bound), bound_data(bound));
            out.push_str("  vm_compute. reflexivity.\nQed.\n\nPrint Assumptions optimal.\n");
        }
        CoqClaim::Impossible { divisor } => {
            let _ = writeln!(out, "Theorem impossible : Impossible {modulus} {stated}.\nProof.");
            out.push_str(&to_list);
            out.push_str("  apply impossible_of_unary.\n");
            let _ = writeln!(out, "  (* {divisor} divides {modulus} and is coprime to every size *)");
            let _ = writeln!(out, "  apply (impossible_sound _ _ {divisor}%Z).");
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
        CoqBound::Exhaustive => "exhaustive_sound",
    }
}

fn bound_data(bound: &CoqBound) -> String {
    match bound {
        CoqBound::RootSplit { moduli } => format!(" {}%Z", coq_list(moduli)),
        _ => String::new(),
    }
}

pub(crate) fn coq_list(items: &[u64]) -> String {
    let items: Vec<String> = items.iter().map(u64::to_string).collect();
    format!("[{}]", items.join("; "))
}

/// The samplers as a Coq list (`coq/Blocks.v`), entries separated by `separator`.
fn samplers_term(blocks: &BlockTree, separator: &str) -> String {
    let samplers: Vec<String> = blocks
        .samplers
        .iter()
        .map(|s| {
            let blocks: Vec<String> = s.blocks.iter().map(|b| format!("Block {} {}", b.divisor, b.count)).collect();
            format!("Sampler {} {} [{}]", s.modulus, s.root, blocks.join("; "))
        })
        .collect();
    if separator == " " {
        format!("[{}]", samplers.join("; "))
    } else {
        format!("[{separator}{}]", samplers.join(&format!(";{separator}")))
    }
}

/// The witness as data, the theorem, and the proof up to the lower bound: a compact witness
/// through `blocks_sound` (its samplers' arithmetic in binary, no tree built), an explicit tree
/// through `exact_b` (every output's probability summed).
fn witness_proof(modulus: u64, stated: &str, to_list: &str, depth: u32, witness: &Witness) -> String {
    let mut out = String::new();
    match witness {
        Witness::Blocks(blocks) => {
            let _ = writeln!(out, "Definition witness : list sampler := {}.\n", samplers_term(blocks, "\n    "));
            let _ = writeln!(out, "Theorem optimal : Optimal {modulus} {stated} {depth}.\nProof.");
            out.push_str(to_list);
            out.push_str("  apply optimal_of_unary.\n  apply (optimal_blocks _ _ _ witness).\n");
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
            let _ = writeln!(out, "Theorem optimal : Optimal {modulus} {stated} {depth}.\nProof.");
            out.push_str(to_list);
            out.push_str("  apply optimal_of_unary.\n  apply (optimal_from _ _ _ (to_unary witness)).\n");
            out.push_str("  (* the witness is exact and makes this many calls *)\n");
            out.push_str("  { vm_compute. reflexivity. }\n  { vm_compute. reflexivity. }\n");
        }
    }
    out
}

pub(crate) fn tree_term(tree: &Tree, out: &mut String) {
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

/// What an exported theorem states of its claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoqScope {
    /// The claim itself (`Optimal`, `Impossible`, `OptimalExpected`).
    Claim,
    /// Its lower bound alone (`ExpectedAtLeast`): the strategy's value rests on the checker.
    LowerBound,
    /// Its upper bound alone (an exact strategy with at most the claimed expected calls): the
    /// lower bound rests on the checker.
    UpperBound,
}

/// The Coq file for a certificate the checker accepted, or why it has none (an elementary
/// worst-case or impossible claim within the limits above, whose argument has a Coq lemma).
/// `origin` names where the certificate came from, in the file's header.
pub fn coq_file(checked: &Checked, origin: &str) -> Result<String, String> {
    coq_export(checked, origin).map(|(text, _)| text)
}

/// [`coq_file`], with what its theorem states of the claim.
pub fn coq_export(checked: &Checked, origin: &str) -> Result<(String, CoqScope), String> {
    let trust = &checked.verdict().trust;
    if *trust != TrustLevel::Elementary {
        return Err(format!(
            "its trust is {trust}; only elementary claims export to Coq (a solver's UNSAT is not a Coq proof)"
        ));
    }
    let certificate = checked.certificate();
    let n = certificate.spec.modulus;
    let primes_rule = matches!(certificate.spec.generator_rule, RuleRecord::PrimesBelowModulus);
    let header = vec![
        format!("Generated by optimod {} (optimod export coq) from {origin}.", env!("CARGO_PKG_VERSION")),
        format!("Certificate SHA-256 {}.", optimod_check::sha256_hex(checked.to_json().as_bytes())),
        format!("Claim: {}.", title(certificate)),
        format!(
            "Coq's kernel checks it against {}: coqc -R <optimod>/coq Optimod THIS_FILE.v",
            match certificate.claim {
                Claim::ExpectedAllStrategies(_) => "coq/Model.v and coq/Strategies.v",
                _ => "coq/Model.v",
            }
        ),
    ];
    if let Some(row) = coq_row(checked)? {
        return Ok((emit_coq(n, &[], true, &CoqClaim::Rule(&row), &header), CoqScope::Claim));
    }
    if primes_rule && n > MAX_MODULUS {
        return Err(format!(
            "modulus {n} is above {MAX_MODULUS}, the largest a primes-rule claim takes by the explicit list of its \
             primes (the primes rule's route at any n covers prime-power and valuation bounds, not this one)"
        ));
    }
    if n > MAX_CUSTOM_MODULUS {
        return Err(format!("modulus {n} is above {MAX_CUSTOM_MODULUS}, the largest a Coq export takes"));
    }
    let sizes = match certificate.spec.generator_rule {
        RuleRecord::PrimesBelowModulus => optimod_spec::arith::primes_below(n),
        RuleRecord::Explicit => certificate.spec.generators.clone(),
    };
    match &certificate.claim {
        Claim::Impossible(claim) => {
            let claim = CoqClaim::Impossible { divisor: claim.missing_prime };
            Ok((emit_coq(n, &sizes, primes_rule, &claim, &header), CoqScope::Claim))
        }
        Claim::WorstCase(claim) => {
            worst_case_text(claim, n, &sizes, primes_rule, &header).map(|t| (t, CoqScope::Claim))
        }
        Claim::ExpectedAllStrategies(claim) => expected_file(claim, n, &sizes, primes_rule, &header),
        Claim::ExpectedWithinDepth(_) => {
            Err("expected calls within a depth limit have no Coq export (all-strategies claims do)".into())
        }
    }
}

/// One modulus with the primes below it, as the primes rule's route proves it
/// (`coq/Primes.v`, `coq/Fractions.v`; a row of `coq/Table.v`).
#[derive(Clone, Debug)]
pub enum CoqRow {
    /// n is prime: impossible (`rule_impossible`).
    Prime,
    /// A compact witness of `depth` calls, and `prime^exponent` divides n: the floor `exponent`,
    /// one more when `prime^exponent < n` (`rule_optimal`).
    Valuation { depth: u32, witness: BlockTree, prime: u64, exponent: u32 },
    /// A compact witness of 3 calls, and no prime root of a depth-2 tree passes the partial
    /// fractions over these primes of n, each with the inverse of `n / p` modulo p
    /// (`fractions_optimal`).
    Fractions3 { witness: BlockTree, primes: Vec<(u64, u64)> },
}

impl CoqRow {
    /// The claim: `Some(d)` optimal in d calls, `None` impossible.
    pub fn answer(&self) -> Option<u32> {
        match self {
            CoqRow::Prime => None,
            CoqRow::Valuation { depth, .. } => Some(*depth),
            CoqRow::Fractions3 { .. } => Some(3),
        }
    }

    /// The sizes its witness's samplers call first.
    fn roots(&self) -> Vec<u64> {
        match self {
            CoqRow::Prime => Vec::new(),
            CoqRow::Valuation { witness, .. } | CoqRow::Fractions3 { witness, .. } => {
                witness.samplers.iter().map(|s| s.root).collect()
            }
        }
    }

    /// The row as a Coq term of `coq/Table.v`'s type `row`.
    fn term(&self) -> String {
        match self {
            CoqRow::Prime => "Prime".into(),
            CoqRow::Valuation { depth, witness, prime, exponent } => {
                format!("Valuation {depth} {} {prime} {exponent}", samplers_term(witness, " "))
            }
            CoqRow::Fractions3 { witness, primes } => {
                let pairs: Vec<String> = primes.iter().map(|(p, i)| format!("({p}, {i})")).collect();
                format!("Fractions3 {} [{}]%Z", samplers_term(witness, " "), pairs.join("; "))
            }
        }
    }
}

/// The primes rule's route for a checked claim about the primes below its modulus, or `None`
/// when it has none (then the explicit-list route may).
pub fn coq_row(checked: &Checked) -> Result<Option<CoqRow>, String> {
    let certificate = checked.certificate();
    let n = certificate.spec.modulus;
    if !matches!(certificate.spec.generator_rule, RuleRecord::PrimesBelowModulus) {
        return Ok(None);
    }
    match &certificate.claim {
        Claim::Impossible(claim) if claim.missing_prime == n && optimod_spec::arith::is_prime(n) => {
            Ok(Some(CoqRow::Prime))
        }
        Claim::WorstCase(claim) if matches!(claim.witness.tree, optimod_cert::TreeRecord::Blocks(_)) => {
            let Witness::Blocks(witness) = witness_from_record(&claim.witness)? else { return Ok(None) };
            let (prime, exponent) = valuation_floor_prime(n);
            let power = u128::from(prime).checked_pow(exponent).unwrap_or(u128::MAX);
            let floor = exponent + u32::from(power < u128::from(n));
            let depth = claim.worst_case_calls;
            if depth <= floor {
                return Ok(Some(CoqRow::Valuation { depth, witness, prime, exponent }));
            }
            if depth == 3 {
                if let Some(primes) = crate::fractions::fractions_primes(n) {
                    return Ok(Some(CoqRow::Fractions3 { witness, primes }));
                }
            }
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// The theorem for one row: `Optimal n (primes_below n) d` or `Impossible n (primes_below n)`.
fn rule_theorem(n: u64, row: &CoqRow) -> String {
    let mut out = String::new();
    match row {
        CoqRow::Prime => {
            let _ = writeln!(out, "Theorem impossible : Impossible {n} (primes_below {n}).");
            let _ = writeln!(out, "Proof.\n  (* {n} is prime: no size is a multiple of it *)");
            out.push_str(
                "  apply rule_impossible.\n  vm_compute. reflexivity.\nQed.\n\nPrint Assumptions impossible.\n",
            );
            return out;
        }
        CoqRow::Valuation { depth, witness, prime, exponent } => {
            let _ = writeln!(out, "Definition witness : list sampler := {}.\n", samplers_term(witness, "\n    "));
            let _ = writeln!(out, "Theorem optimal : Optimal {n} (primes_below {n}) {depth}.\nProof.");
            let _ = writeln!(
                out,
                "  (* the samplers fill their roots (each a prime below {n}): at most {depth} calls; \
                 {prime}^{exponent} divides {n}: at least {depth} *)"
            );
            let _ = writeln!(out, "  apply (rule_optimal {n} {depth} witness {prime} {exponent}).");
        }
        CoqRow::Fractions3 { witness, primes } => {
            let pairs: Vec<String> = primes.iter().map(|(p, i)| format!("({p}, {i})")).collect();
            let _ = writeln!(out, "Definition witness : list sampler := {}.\n", samplers_term(witness, "\n    "));
            let _ = writeln!(out, "Theorem optimal : Optimal {n} (primes_below {n}) 3.\nProof.");
            let _ = writeln!(
                out,
                "  (* the samplers fill their roots: at most 3 calls; no prime root of a depth-2 tree \
                 passes the partial fractions over the primes of {n} (each with the inverse of {n}/p mod p) *)"
            );
            let _ = writeln!(out, "  apply (fractions_optimal {n} witness [{}]%Z).", pairs.join("; "));
        }
    }
    out.push_str("  vm_compute. reflexivity.\nQed.\n\nPrint Assumptions optimal.\n");
    out
}

/// The prime of n with the largest exponent (the smallest such prime): its power gives the
/// valuation floor.
fn valuation_floor_prime(n: u64) -> (u64, u32) {
    let mut best = (n, 1);
    for (p, a) in factorize(n) {
        if a > best.1 || (a == best.1 && p < best.0) {
            best = (p, a);
        }
    }
    best
}

fn worst_case_text(
    claim: &WorstCaseClaim,
    n: u64,
    sizes: &[u64],
    primes_rule: bool,
    header: &[String],
) -> Result<String, String> {
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
        ArgumentRecord::Exhaustive { .. } => CoqBound::Exhaustive,
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
    Ok(emit_coq(n, sizes, primes_rule, &CoqClaim::Optimal { depth, witness: &witness, bound }, header))
}

/// The statement of a range theorem: every modulus from `first` to `last` has the claim the
/// list `answers` holds for it (`Some d`: optimal in d calls; `None`: impossible).
fn range_statement(name: &str, answers: &str, first: u64, last: u64) -> String {
    format!(
        "Theorem {name} : forall n, ({first} <= n <= {last})%N ->\n  match nth (N.to_nat (n - {first})) {answers} None with\n  \
         | Some d => Optimal n (primes_below n) d\n  | None => Impossible n (primes_below n)\n  end.\n"
    )
}

fn answers_term(answers: impl Iterator<Item = Option<u32>>) -> String {
    let items: Vec<String> = answers.map(|a| a.map_or("None".into(), |d| format!("Some {d}"))).collect();
    format!("[{}]", items.join("; "))
}

/// One chunk of the certified table (`coq/Table.v`): the rows of `first`, `first + 1`, ...,
/// their answers, and one theorem for the range, proved by `table_sound` in one computation.
pub fn coq_table_chunk(first: u64, rows: &[CoqRow], header: &[String]) -> String {
    let last = first + rows.len() as u64 - 1;
    let mut out = String::from("(*\n");
    for line in header {
        let _ = writeln!(out, "  {}", line.replace("*)", "* )"));
    }
    out.push_str("*)\nFrom Coq Require Import List ZArith NArith.\nImport ListNotations.\n");
    out.push_str("From Optimod Require Import Model Table Blocks.\n\n");
    let _ = writeln!(
        out,
        "Definition answers : list (option nat) :=\n  {}.\n",
        answers_term(rows.iter().map(CoqRow::answer))
    );
    // The sizes the samplers call, each certified prime once for the whole chunk.
    let roots: std::collections::BTreeSet<u64> = rows.iter().flat_map(CoqRow::roots).collect();
    let roots: Vec<String> = roots.iter().map(u64::to_string).collect();
    let _ = writeln!(out, "Definition primes : list Z := [{}]%Z.\n", roots.join("; "));
    let terms: Vec<String> = rows.iter().map(CoqRow::term).collect();
    let _ = writeln!(out, "Definition rows : list row := [\n  {}].\n", terms.join(";\n  "));
    out.push_str(&range_statement("table", "answers", first, last));
    let _ = writeln!(
        out,
        "Proof.\n  apply (table_sound {first} {last} answers primes rows).\n  vm_cast_no_check (eq_refl true).\nQed.\n"
    );
    out.push_str("Print Assumptions table.\n");
    out
}

/// The whole range from the chunks (`(module, first, last)`, consecutive, each compiled with
/// `-R DIR OptimodTable`): one theorem, joined by `table_join`.
pub fn coq_table_join(chunks: &[(String, u64, u64)], header: &[String]) -> String {
    let mut out = String::from("(*\n");
    for line in header {
        let _ = writeln!(out, "  {}", line.replace("*)", "* )"));
    }
    out.push_str("*)\nFrom Coq Require Import List NArith Lia.\nImport ListNotations.\n");
    out.push_str("From Optimod Require Import Model Table.\n");
    let modules: Vec<&str> = chunks.iter().map(|(m, _, _)| m.as_str()).collect();
    let _ = writeln!(out, "From OptimodTable Require {}.\n", modules.join(" "));
    let all: Vec<String> = modules.iter().map(|m| format!("{m}.answers")).collect();
    let _ = writeln!(out, "Definition answers : list (option nat) :=\n  {}.\n", all.join(" ++\n  "));
    let (first, last) = (chunks[0].1, chunks[chunks.len() - 1].2);
    out.push_str(&range_statement("table", "answers", first, last));
    out.push_str("Proof.\n");
    for (k, (module, a, b)) in chunks.iter().enumerate() {
        if k + 1 == chunks.len() {
            let _ = writeln!(out, "  exact {module}.table.");
        } else {
            let rest: Vec<String> = modules[k + 1..].iter().map(|m| format!("{m}.answers")).collect();
            let _ = writeln!(
                out,
                "  apply (table_join {a} {b} {last} {module}.answers ({})); [exact {module}.table | | vm_compute; reflexivity | lia].",
                rest.join(" ++ ")
            );
        }
    }
    out.push_str("Qed.\n\nPrint Assumptions table.\n");
    out
}

/// Steps of the bound checks that search products of sizes, most one export may ask of
/// coqc: about five minutes on this 2-core machine.
const MAX_BOUND_WORK: u128 = 300_000_000;
/// Coq's exhaustive check, per list element compared (see [`exhaustive_steps`]): 20 from
/// {6, 15} at depth 2 counts 78 000 and takes 0.09 s of `vm_compute`, {6, 15, 4} 13.5 million
/// and 7.5 s (1.2 and 0.6 µs each; 3 allows for a slower machine).
const MICROSECONDS_PER_STEP: u128 = 3;

/// A rough count, in microseconds of coqc on a 2-core machine, of the bound's check:
/// valuation-and-reach sorts, level by level, states (a product capped at n and its part made
/// of n's primes: at most the multisets of k sizes) times the sizes, about 100 µs each, a
/// generous figure (measured with n converted to binary once: 720720 from six sizes, k = 5,
/// 4.6 s for an estimate of 0.3 s; 100000 from the nine primes to 23, k = 9, 3.2 s for 44 s;
/// before, n converted per state, the first took 267 s); a root split, per root and modulus,
/// passes over the products of `k - 1` sizes and the residues below the modulus (210, 330, 390
/// in 6, 17 and 35 s for 7, 20 and 32 million). Reach and p-adic checks are a product and an
/// lcm: free.
fn bound_work(bound: &CoqBound, n: u64, sizes: &[u64], k: u32) -> u128 {
    let g = sizes.len() as u128;
    match bound {
        CoqBound::Reach | CoqBound::PAdic => 0,
        CoqBound::ValuationAndReach => {
            g.saturating_mul(optimod_spec::arith::multisets_at_most(g, k)).saturating_mul(100)
        }
        CoqBound::RootSplit { moduli } => {
            let products = optimod_spec::arith::multisets_at_most(g, k.saturating_sub(1));
            g.saturating_mul(moduli.len() as u128).saturating_mul(products).saturating_mul(70)
        }
        CoqBound::Exhaustive => {
            let budget = MAX_BOUND_WORK / MICROSECONDS_PER_STEP + 1;
            exhaustive_steps(n, sizes, k, budget).map_or(u128::MAX, |steps| steps * MICROSECONDS_PER_STEP)
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
        // The exhaustive check lists the bags of every tree of depth k: 20 from {6, 15} at depth
        // 2 in about a second, at depth 3 (several hundred thousand bags) past the limit.
        assert!(bound_work(&CoqBound::Exhaustive, 20, &[6, 15], 2) < 2_000_000);
        assert!(bound_work(&CoqBound::Exhaustive, 20, &[6, 15], 3) > MAX_BOUND_WORK);
    }

    #[test]
    fn primes_dividing_the_modulus_and_sizes() {
        assert_eq!(primes_dividing(30, &[2, 3, 5, 7]), vec![2, 3, 5, 7]);
        assert_eq!(primes_dividing(20, &[6, 15]), vec![2, 3, 5]);
        assert_eq!(primes_dividing(49, &[]), vec![7]);
    }
}
