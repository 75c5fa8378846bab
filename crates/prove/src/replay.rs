//! Binding a solver step to its claim: the replay script a certificate pins by hash is
//! re-encoded here from the certificate's own spec, depth (and, for expected calls, its
//! claimed optimum) with the project's encoder, and must be the same bytes. A true script
//! about another problem (another modulus, sizes, depth or bound) is thereby refused.
//!
//! This needs the encoder, so it lives here and runs in `optimod verify`; the checker library
//! stays solver-free and checks the hash and the number of cases.

use optimod_cert::{Certificate, Claim, RuleRecord};
use optimod_smt::{replay_script, replay_script_cheaper, Encoding};
use optimod_spec::{Objective, Spec};

/// Largest encoding re-built for a replay script (as when it was written).
const MAX_TYPES: usize = 20_000;

/// `Ok(())` when `stored` is exactly the encoding of the certificate's solver step.
pub fn check_replay_binding(certificate: &Certificate, stored: &str) -> Result<(), String> {
    let record = &certificate.spec;
    let spec = match record.generator_rule {
        RuleRecord::PrimesBelowModulus => Spec::primes_below(record.modulus, Objective::WorstCase),
        RuleRecord::Explicit => Spec::new(record.modulus, &record.generators, Objective::WorstCase),
    }
    .map_err(|e| e.to_string())?;
    let cases = listed_cases(stored)?;
    let mut roots: Vec<u64> = cases.iter().map(|&(root, _)| root).collect();
    roots.sort_unstable();
    if roots != spec.generators {
        return Err(format!(
            "the script's cases are roots {roots:?}, not every size of the spec {:?}",
            spec.generators
        ));
    }
    let regenerated = match &certificate.claim {
        Claim::ExpectedWithinDepth(claim) => {
            if cases.iter().any(|&(_, e)| e != Encoding::General) {
                return Err("an expected-calls script uses the per-output encoding in every case".into());
            }
            let max_depth = record.max_depth.ok_or("an expected-calls claim within depth names its depth")?;
            let (numer, denom) = fraction(&claim.expected_calls)?;
            replay_script_cheaper(&spec, max_depth, &roots, (&numer, &denom), MAX_TYPES)
        }
        Claim::WorstCase(claim) => {
            let solver = claim.lower_bound.solver.as_ref().ok_or("the certificate names no solver step")?;
            let cases: Vec<(Option<u64>, Encoding)> = cases.iter().map(|&(r, e)| (Some(r), e)).collect();
            replay_script(&spec, solver.depth, &cases, MAX_TYPES)
        }
        Claim::Impossible(_) | Claim::ExpectedAllStrategies(_) => {
            return Err("the certificate names no solver step".into())
        }
    }
    .map_err(|too_big| too_big.to_string())?;
    if canonical(&regenerated) != canonical(stored) {
        return Err(format!(
            "the replay script is not the encoding of this certificate's question (modulus {}, its sizes, \
             its depth{}): re-encoded, it differs",
            record.modulus,
            if matches!(certificate.claim, Claim::ExpectedWithinDepth(_)) { ", its claimed optimum" } else { "" }
        ));
    }
    Ok(())
}

/// The script with z3's let-bound names (`?x93`, `$x12`: numbered by z3's internal term ids,
/// which depend on the context's history) renamed in order of first appearance. Renaming
/// bound names changes no formula, so equal canonical texts state the same cases.
fn canonical(script: &str) -> String {
    let mut names: std::collections::HashMap<&str, usize> = Default::default();
    let mut out = String::with_capacity(script.len());
    let bytes = script.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts_name = (bytes[i] == b'?' || bytes[i] == b'$') && bytes.get(i + 1) == Some(&b'x');
        if starts_name {
            let end = (i + 2..bytes.len()).find(|&j| !bytes[j].is_ascii_digit()).unwrap_or(bytes.len());
            if end > i + 2 {
                let next = names.len();
                let k = *names.entry(&script[i..end]).or_insert(next);
                out.push(bytes[i] as char);
                out.push_str(&format!("v{k}"));
                i = end;
                continue;
            }
        }
        let ch = script[i..].chars().next().expect("within the text");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// The `; case: root R, encoding NAME` lines of a script, in order.
fn listed_cases(script: &str) -> Result<Vec<(u64, Encoding)>, String> {
    script
        .lines()
        .filter_map(|line| line.strip_prefix("; case: root "))
        .map(|rest| {
            let (root, encoding) = rest.split_once(", encoding ").ok_or(format!("unreadable case line {rest:?}"))?;
            let root = root.parse::<u64>().map_err(|_| format!("unreadable root {root:?}"))?;
            let encoding = Encoding::from_name(encoding).ok_or(format!("unknown encoding {encoding:?}"))?;
            Ok((root, encoding))
        })
        .collect()
}

/// `"p/q"` or `"p"` as big integers.
fn fraction(text: &str) -> Result<(num_bigint::BigUint, num_bigint::BigUint), String> {
    let (p, q) = text.split_once('/').unwrap_or((text, "1"));
    let parse = |s: &str| s.parse::<num_bigint::BigUint>().map_err(|_| format!("unreadable fraction {text:?}"));
    Ok((parse(p)?, parse(q)?))
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn bound_names_are_renamed_in_order_and_nothing_else() {
        let a = "(let ((?x93 (+ a b))) (= N ?x93)) $x7 ?y1";
        let b = "(let ((?x143 (+ a b))) (= N ?x143)) $x2 ?y1";
        assert_eq!(canonical(a), canonical(b));
        assert_ne!(canonical(a), canonical("(let ((?x93 (+ a c))) (= N ?x93)) $x7 ?y1"));
        assert_eq!(canonical("?x5 ?x6 ?x5"), "?v0 ?v1 ?v0");
    }
}
