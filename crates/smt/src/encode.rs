//! The encodings by name, as certificates record them, and the size limit a query is
//! refused by: no z3 here (the constraints themselves are in `model.rs`).

use std::fmt;

/// How leaves are given to outputs (see the crate documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Every output gets the same leaf multiset. SAT: witness. UNSAT: nothing.
    Symmetric,
    /// Flow plus one output's leaves. SAT: nothing. UNSAT: proof.
    OneOutput,
    /// Leaves per (type, output). SAT: witness. UNSAT: proof.
    General,
}

impl Encoding {
    /// The versioned name recorded in certificates.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Symmetric => "multiset-flow/symmetric-outputs/v1",
            Encoding::OneOutput => "multiset-flow/one-output-relaxation/v1",
            Encoding::General => "multiset-flow/per-output-leaves/v1",
        }
    }

    /// The encoding a recorded name stands for.
    pub fn from_name(name: &str) -> Option<Encoding> {
        [Encoding::Symmetric, Encoding::OneOutput, Encoding::General].into_iter().find(|e| e.name() == name)
    }

    /// The proof encoding this is, when an UNSAT answer proves that no exact tree of the
    /// depth exists; `None` for [`Encoding::Symmetric`], whose UNSAT says nothing.
    pub fn as_proof(self) -> Option<ProofEncoding> {
        match self {
            Encoding::Symmetric => None,
            Encoding::OneOutput => Some(ProofEncoding::OneOutput),
            Encoding::General => Some(ProofEncoding::General),
        }
    }

    /// Whether a SAT answer carries a witness tree.
    pub fn sat_is_witness(self) -> bool {
        matches!(self, Encoding::Symmetric | Encoding::General)
    }
}

/// An encoding whose UNSAT answer is a proof that no exact tree of the depth exists: the only
/// kind a solver step of a certificate (and its replay script) may name. The symmetric
/// encoding has no value here, so a proof step cannot be written or read with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProofEncoding {
    /// Flow plus one output's leaves (a relaxation: UNSAT is a proof).
    OneOutput,
    /// Leaves per (type, output) (exact).
    General,
}

impl ProofEncoding {
    /// The encoding of the constraints.
    pub fn encoding(self) -> Encoding {
        match self {
            ProofEncoding::OneOutput => Encoding::OneOutput,
            ProofEncoding::General => Encoding::General,
        }
    }

    /// The versioned name recorded in certificates and scripts.
    pub fn name(self) -> &'static str {
        self.encoding().name()
    }

    /// The proof encoding a recorded name stands for; `None` for any other name, including
    /// the symmetric encoding's.
    pub fn from_name(name: &str) -> Option<ProofEncoding> {
        Encoding::from_name(name).and_then(Encoding::as_proof)
    }
}

/// The encoding would have more multiset types than allowed; nothing was asked of z3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeLimitExceeded {
    /// The depth of the query.
    pub depth: u32,
    /// The limit on types.
    pub limit: usize,
    /// The number of types (multisets of at most `depth` sizes), counted before any was built.
    pub estimated: u128,
}

impl fmt::Display for SizeLimitExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the depth-{} encoding would have {} multiset types, more than {} (estimated, not built)",
            self.depth, self.estimated, self.limit
        )
    }
}
