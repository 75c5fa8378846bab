//! The spec resolved once (the primes rule's sizes derived here) and every depth-like number
//! bounded before any loop over depths runs.

use super::arith::{primes_below, valuation};
use super::error::CheckError;
use super::limits::{CHAIN_LIMIT, DEPTH_LIMIT, SIZE_LIMIT};
use optimod_cert::{AllStrategiesBoundRecord, Certificate, Claim, ObjectiveRecord, RuleRecord, SpecRecord};
use std::borrow::Cow;

/// The spec as checked, made once by [`resolve_spec`]: the sizes listed (the primes rule's
/// derived here), at least one, strictly ascending, each in `2..=2^20`; `largest` is the last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Spec {
    pub(crate) modulus: u64,
    /// Borrowed from the checker's own sieve under the primes rule.
    pub(crate) generators: Cow<'static, [u64]>,
    pub(crate) largest: u64,
    pub(crate) generator_rule: RuleRecord,
    pub(crate) objective: ObjectiveRecord,
    pub(crate) max_depth: Option<u32>,
}

impl Spec {
    /// The sizes are this checker's sieve of the primes below the modulus.
    pub(crate) fn primes_rule(&self) -> bool {
        self.generator_rule == RuleRecord::PrimesBelowModulus
    }

    /// The largest size m with `min(v_p(m), cap) == v`, for a prime p. Under the primes rule
    /// the sizes are primes: p itself is the only one p divides, once.
    pub(crate) fn largest_with_valuation(&self, p: u64, v: u32, cap: u32) -> Option<u64> {
        if !self.primes_rule() {
            return self.generators.iter().rev().copied().find(|&m| valuation(m, p).min(cap) == v);
        }
        match (v, cap) {
            (v, cap) if v > cap => None,
            (0, 0) => self.generators.last().copied(),
            (0, _) => self.generators.iter().rev().copied().find(|&m| m != p),
            (1, _) => self.generators.binary_search(&p).is_ok().then_some(p),
            _ => None,
        }
    }

    /// The first size (ascending) that the prime p divides: under the primes rule, p itself.
    pub(crate) fn size_divisible_by(&self, p: u64) -> Option<u64> {
        if self.primes_rule() {
            return self.generators.binary_search(&p).is_ok().then_some(p);
        }
        self.generators.iter().copied().find(|&m| m % p == 0)
    }

    /// The largest `v_p` of a size, for a prime p.
    pub(crate) fn max_valuation(&self, p: u64) -> u32 {
        if self.primes_rule() {
            return u32::from(self.generators.binary_search(&p).is_ok());
        }
        self.generators.iter().map(|&m| valuation(m, p)).max().unwrap_or(0)
    }

    /// The same spec with other sizes (ascending, non-empty), for arguments that examine a
    /// subset of them.
    pub(crate) fn with_sizes(&self, generators: Vec<u64>) -> Spec {
        let largest = *generators.last().expect("a non-empty subset");
        Spec { generators: Cow::Owned(generators), largest, ..self.clone() }
    }
}

/// Every depth-like number in the certificate is at most [`DEPTH_LIMIT`], and a counting
/// chain at most [`CHAIN_LIMIT`]: refused up front, so no loop over depths can run long.
pub(crate) fn check_depths(spec: &Spec, cert: &Certificate) -> Result<(), CheckError> {
    let mut depths: Vec<u32> = Vec::new();
    depths.extend(spec.max_depth);
    depths.extend(cert.cross_checks.iter().map(|r| r.depth));
    match &cert.claim {
        Claim::WorstCase(claim) => {
            let lower = &claim.lower_bound;
            depths.extend([claim.worst_case_calls, claim.witness.depth, lower.excluded_depth]);
            depths.push(lower.elementary.excluded_depth);
            depths.extend(lower.solver.as_ref().map(|s| s.depth));
        }
        Claim::ExpectedWithinDepth(claim) => {
            let bound = &claim.elementary_bound;
            depths.extend([claim.witness.depth, bound.reach_levels, bound.excluded.excluded_depth]);
            depths.extend(bound.valuation_levels.iter().map(|v| v.min_depth));
        }
        Claim::ExpectedAllStrategies(claim) => match &claim.lower_bound {
            AllStrategiesBoundRecord::Levels { reach_levels, excluded, .. } => {
                depths.push(*reach_levels);
                if let optimod_cert::LevelsExclusion::UpTo(record) = excluded {
                    depths.push(record.excluded_depth);
                }
            }
            AllStrategiesBoundRecord::Counting { reach_levels, excluded, chain, .. } => {
                depths.extend([*reach_levels, excluded.excluded_depth]);
                if *chain > CHAIN_LIMIT {
                    return Err(CheckError::TooLarge(format!(
                        "a counting chain of {chain} depths (limit {CHAIN_LIMIT})"
                    )));
                }
            }
            AllStrategiesBoundRecord::PerOutput(record) => {
                depths.extend([record.depth, record.reach_levels]);
                if let optimod_cert::LevelsExclusion::UpTo(e) = &record.excluded {
                    depths.push(e.excluded_depth);
                }
            }
            AllStrategiesBoundRecord::Enumeration(record) => depths.extend([record.depth, record.horizon]),
            AllStrategiesBoundRecord::PendingNode(record) => depths.push(record.excluded.excluded_depth),
            AllStrategiesBoundRecord::ValuationPath(record) => depths.push(record.excluded.excluded_depth),
            AllStrategiesBoundRecord::KnuthYao { .. } => {}
        },
        Claim::Impossible(_) => {}
    }
    match depths.into_iter().find(|&d| d > DEPTH_LIMIT) {
        Some(d) => Err(CheckError::TooLarge(format!("a depth of {d} (limit {DEPTH_LIMIT})"))),
        None => Ok(()),
    }
}

/// The spec with its sizes listed: checked as given, and for the primes rule derived here.
pub(crate) fn resolve_spec(spec: &SpecRecord) -> Result<Spec, CheckError> {
    let err = |m: String| Err(CheckError::Spec(m));
    if spec.modulus < 2 || spec.modulus > SIZE_LIMIT {
        return err(format!("modulus {} is outside 2..={SIZE_LIMIT}", spec.modulus));
    }
    let generators = match spec.generator_rule {
        RuleRecord::Explicit => Cow::Owned(spec.generators.clone()),
        RuleRecord::PrimesBelowModulus if spec.generators.is_empty() => Cow::Borrowed(primes_below(spec.modulus)),
        RuleRecord::PrimesBelowModulus => {
            return err("the primes-below-modulus rule fixes the sizes; none may be listed".into())
        }
    };
    let Some(&largest) = generators.last() else {
        return err("no generators".into());
    };
    // The primes rule's sizes are this checker's own sieve, in range and ascending by
    // construction; a listed set is validated size by size.
    if let Cow::Owned(sizes) = &generators {
        if let Some(&m) = sizes.iter().find(|&&m| !(2..=SIZE_LIMIT).contains(&m)) {
            return err(format!("generator size {m} is outside 2..={SIZE_LIMIT}"));
        }
        if sizes.windows(2).any(|w| w[0] >= w[1]) {
            return err("generator sizes are not strictly ascending".into());
        }
    }
    match (spec.objective, spec.max_depth) {
        (ObjectiveRecord::WorstCase, Some(_)) => err("the worst-case objective has no depth limit".into()),
        (ObjectiveRecord::ExpectedCalls, Some(0)) => {
            err("the expected-calls objective's depth limit must be at least 1".into())
        }
        _ => Ok(Spec {
            modulus: spec.modulus,
            largest,
            generators,
            generator_rule: spec.generator_rule,
            objective: spec.objective,
            max_depth: spec.max_depth,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{resolve_spec, valuation};
    use optimod_cert::{ObjectiveRecord, RuleRecord, SpecRecord};

    /// The primes rule's shortcuts give what scanning the sizes gives.
    #[test]
    fn the_primes_rule_shortcuts_agree_with_a_scan() {
        for n in [4, 5, 30, 42, 97, 1000, 4096] {
            let record = SpecRecord {
                modulus: n,
                generators: vec![],
                generator_rule: RuleRecord::PrimesBelowModulus,
                objective: ObjectiveRecord::WorstCase,
                max_depth: None,
            };
            let spec = resolve_spec(&record).unwrap();
            for p in [2, 3, 5, 7, 41, 97, 4093] {
                let scan = spec.generators.iter().map(|&m| valuation(m, p)).max().unwrap_or(0);
                assert_eq!(spec.max_valuation(p), scan, "n {n}, p {p}");
                let divisible = spec.generators.iter().copied().find(|&m| m % p == 0);
                assert_eq!(spec.size_divisible_by(p), divisible, "n {n}, p {p}");
                for cap in 0..4 {
                    for v in 0..5 {
                        let scan = spec.generators.iter().rev().copied().find(|&m| valuation(m, p).min(cap) == v);
                        assert_eq!(spec.largest_with_valuation(p, v, cap), scan, "n {n}, p {p}, v {v}, cap {cap}");
                    }
                }
            }
        }
    }
}
