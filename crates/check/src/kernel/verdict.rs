//! What a checked certificate establishes ([`Verdict`]) and what it rests on ([`TrustLevel`]).
//! `Checked`, which pairs a certificate with its verdict, lives beside `check` in the crate
//! root, so that nothing else can make one.

use num_rational::BigRational;
use optimod_cert::{AllStrategiesStatus, Engine, Producer};
use std::fmt;

/// What a certificate that passed the check establishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The modulus.
    pub modulus: u64,
    /// The claim, in checked numbers.
    pub established: Established,
    /// What the claim rests on.
    pub trust: TrustLevel,
    /// What one must believe besides the checker's arithmetic: the argument it re-derived, the
    /// facts of docs/model.md §7 the claim uses, and any solver step.
    pub basis: Basis,
    /// Engines that, by the certificate's own records, answered "no tree" one depth below the
    /// claim (for the expected objective: found the same optimum). Informational: the checker
    /// only made sure these records do not contradict the claim; it did not re-run them.
    pub cross_checked_by: Vec<Engine>,
}

/// The claim of a checked certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Established {
    /// The optimum worst case is `calls` calls.
    WorstCase { calls: u32 },
    /// No finite exact tree exists: `missing_prime` divides n and no size.
    Impossible { missing_prime: u64 },
    /// The fewest expected calls among exact trees of depth `<= max_depth`.
    ExpectedWithinDepth { max_depth: u32, expected_calls: BigRational },
    /// Over all strategies: a strategy's exact expected calls and a proven lower bound.
    AllStrategies(AllStrategiesVerdict),
}

impl Verdict {
    /// The optimum worst case, for a worst-case claim.
    pub fn worst_case_calls(&self) -> Option<u32> {
        match self.established {
            Established::WorstCase { calls } => Some(calls),
            _ => None,
        }
    }
}

/// A checked claim about expected calls over all strategies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllStrategiesVerdict {
    /// `Proved` when the strategy meets the bound, else `Bounded`.
    pub status: AllStrategiesStatus,
    /// The strategy's expected calls: exact, or an upper bound when `expected_calls_kind`
    /// says so.
    pub expected_calls: BigRational,
    /// Whether `expected_calls` is exact or an upper bound.
    pub expected_calls_kind: optimod_cert::ValueKind,
    /// The proven lower bound, exact.
    pub lower_bound: BigRational,
}

/// What a checked claim rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrustLevel {
    /// Only arithmetic the checker repeated.
    Elementary,
    /// A solver's UNSAT verdict that the checker cannot repeat: the solver (always z3 here)
    /// and a replay script pinned by its SHA-256 (`optimod verify` re-encodes it from the
    /// claim; `just replay` has cvc5 answer it).
    Solver { engine: Producer },
    /// Coq's kernel proved the exported theorem (`optimod verify --coq`). The checker never
    /// gives this level itself: the CLI raises a checked elementary verdict once `coqc`
    /// accepts the export, closed under the global context.
    Coq { coqc: String },
}

impl fmt::Display for TrustLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrustLevel::Elementary => f.write_str("elementary"),
            TrustLevel::Solver { engine } => write!(f, "solver ({} unsat, replay script pinned)", engine.name()),
            TrustLevel::Coq { coqc } => write!(f, "coq (coqc {coqc}: the exported theorem, no axioms)"),
        }
    }
}

/// What a checked claim rests on. The checker's own arithmetic (exact reaches, the argument
/// re-derived) always; the numbered facts of docs/model.md §7 are proved there in prose, not
/// by a machine; a solver step is a verdict the checker cannot repeat.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Basis {
    /// The lower-bound argument re-derived, as certificates name its kind (`"reach"`,
    /// `"exhaustive"`, ...), when the claim has one.
    pub argument: Option<&'static str>,
    /// Facts of docs/model.md §7 by number, ascending.
    pub model_facts: Vec<u32>,
    /// A solver's unsat verdict, pinned by its replay script.
    pub solver: Option<Producer>,
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the checker's exact arithmetic")?;
        if let Some(argument) = self.argument {
            write!(f, ", the {argument} argument re-derived")?;
        }
        if !self.model_facts.is_empty() {
            let facts: Vec<String> = self.model_facts.iter().map(u32::to_string).collect();
            let noun = if facts.len() == 1 { "fact" } else { "facts" };
            write!(f, ", {noun} {} of docs/model.md §7 (proved in prose)", facts.join(", "))?;
        }
        if let Some(engine) = self.solver {
            write!(f, ", a {} unsat verdict (its replay script pinned)", engine.name())?;
        }
        Ok(())
    }
}
