//! Binding a solver step to its claim: the replay script a certificate pins by hash is
//! re-encoded here from the certificate's own spec, depth (and, for expected calls, its
//! claimed optimum) with the project's encoder, and must be the same bytes (scripts are
//! built in a fresh z3 context, so no renaming is needed to compare them). A true script
//! about another problem (another modulus, sizes, depth or bound) is thereby refused.
//!
//! This needs the encoder, so it lives here and runs in `optimod verify`; the checker library
//! stays solver-free and checks the hash and the number of cases.

use optimod_cert::{Certificate, Claim, RuleRecord};
use optimod_smt::{replay_script, replay_script_cheaper, ProofEncoding};
use optimod_spec::{Objective, Spec};

/// Largest encoding re-built for a replay script (as when it was written).
const MAX_TYPES: usize = 20_000;

/// `Ok(())` when `stored` is, byte for byte, the encoding of the certificate's solver step:
/// its spec, its depth, every root once, each case in an encoding whose UNSAT is a proof (and
/// the strongest one the certificate records), and for expected calls its claimed optimum.
pub fn check_replay_binding(certificate: &Certificate, stored: &str) -> Result<(), String> {
    optimod_smt::require_supported_z3()?;
    let record = &certificate.spec;
    let spec = match record.generator_rule {
        RuleRecord::PrimesBelowModulus => Spec::primes_below(record.modulus, Objective::WorstCase),
        RuleRecord::Explicit => Spec::new(record.modulus, &record.generators, Objective::WorstCase),
    }
    .map_err(|e| e.to_string())?;
    let cases = listed_cases(stored)?;
    let mut roots: Vec<u64> = cases.iter().map(|&(root, _)| root).collect();
    roots.sort_unstable();
    if *roots != *spec.generators {
        return Err(format!(
            "the script's cases are roots {roots:?}, not every size of the spec {:?} once",
            spec.generators
        ));
    }
    let regenerated = match &certificate.claim {
        Claim::ExpectedWithinDepth(claim) => {
            let solver = claim.solver.as_ref().ok_or("the certificate names no solver step")?;
            if cases.iter().any(|&(_, e)| e != ProofEncoding::General) {
                return Err("an expected-calls script uses the per-output encoding in every case".into());
            }
            if *solver.roots != *spec.generators {
                return Err(format!("the solver step's roots {:?} are not every size once", solver.roots));
            }
            let max_depth = record.max_depth.ok_or("an expected-calls claim within depth names its depth")?;
            let (numer, denom) = fraction(&claim.expected_calls)?;
            replay_script_cheaper(&spec, max_depth, &solver.roots, (&numer, &denom), MAX_TYPES)
        }
        Claim::WorstCase(claim) => {
            let solver = claim.lower_bound.solver.as_ref().ok_or("the certificate names no solver step")?;
            let strongest = strongest(&cases);
            if !solver.provenance.encoding.starts_with(&format!("{}, ", strongest.name())) {
                return Err(format!(
                    "the certificate records the encoding {:?}, the script's strongest case is {}",
                    solver.provenance.encoding,
                    strongest.name()
                ));
            }
            let cases: Vec<(Option<u64>, ProofEncoding)> = cases.iter().map(|&(r, e)| (Some(r), e)).collect();
            replay_script(&spec, solver.depth, &cases, MAX_TYPES)
        }
        Claim::Impossible(_) | Claim::ExpectedAllStrategies(_) => {
            return Err("the certificate names no solver step".into())
        }
    }
    .map_err(|too_big| too_big.to_string())?;
    if regenerated != stored {
        return Err(format!(
            "the replay script is not the encoding of this certificate's question (modulus {}, its sizes, \
             its depth{}): re-encoded, it differs",
            record.modulus,
            if matches!(certificate.claim, Claim::ExpectedWithinDepth(_)) { ", its claimed optimum" } else { "" }
        ));
    }
    Ok(())
}

/// The per-output encoding if any case uses it (it is the stronger), else the relaxation.
fn strongest(cases: &[(u64, ProofEncoding)]) -> ProofEncoding {
    if cases.iter().any(|&(_, e)| e == ProofEncoding::General) {
        ProofEncoding::General
    } else {
        ProofEncoding::OneOutput
    }
}

/// The `; case: root R, encoding NAME` lines of a script, in order; a case in an encoding
/// whose UNSAT proves nothing (the symmetric one) is refused here.
fn listed_cases(script: &str) -> Result<Vec<(u64, ProofEncoding)>, String> {
    script
        .lines()
        .filter_map(|line| line.strip_prefix("; case: root "))
        .map(|rest| {
            let (root, encoding) = rest.split_once(", encoding ").ok_or(format!("unreadable case line {rest:?}"))?;
            let root = root.parse::<u64>().map_err(|_| format!("unreadable root {root:?}"))?;
            let encoding = ProofEncoding::from_name(encoding).ok_or(format!(
                "case root {root} names the encoding {encoding:?}, whose unsat is no proof (a solver step may \
                 use only {} or {})",
                ProofEncoding::OneOutput.name(),
                ProofEncoding::General.name()
            ))?;
            Ok((root, encoding))
        })
        .collect()
}

/// `"p/q"` or `"p"` as big integers.
/// A recorded fraction's numerator and denominator (both non-negative by its type).
fn fraction(value: &optimod_cert::Fraction) -> Result<(num_bigint::BigUint, num_bigint::BigUint), String> {
    let (p, q) = (value.value().numer().to_biguint(), value.value().denom().to_biguint());
    p.zip(q).ok_or_else(|| format!("the fraction {value} is negative"))
}
