//! A graded strategy against the certified optimum: the verdict and its reason, the same for
//! every front end. The optimum itself is the caller's to prove (with `optimod_prove`); the
//! command line maps each verdict to its exit code.

use num_rational::BigRational;
use optimod_emit::decimal;

/// The certified worst-case optimum for the spec, as the caller proved it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorstOptimum {
    /// `calls` calls, with the trust level the checker gave it.
    Calls { calls: u32, trust: String },
    /// No finite exact strategy: `prime` divides n and no size.
    Impossible { prime: u64 },
    /// Not settled within the limits: `lower <= D <= upper`.
    Unknown { lower: u32, upper: Option<u32> },
    /// The proof failed (an engine disagreement, a check that failed).
    Failed(String),
}

/// Expected calls over all strategies: the best certified strategy's value and the proven
/// lower bound (equal when the optimum is proved).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedOptimum {
    pub best: BigRational,
    pub lower: BigRational,
}

/// What a graded strategy is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Exact and as cheap as the certified optimum.
    Optimal,
    /// Exact, and a certified strategy is cheaper.
    Suboptimal,
    /// Exact or not, the comparison is not settled.
    Unknown,
    /// Not exactly uniform.
    Inexact,
    /// Not a strategy (it misbehaved, or could not be read).
    Invalid,
    /// Cheaper than a proven bound: a fault in optimod, reported loudly.
    Error,
}

impl Verdict {
    /// The verdict as printed and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Optimal => "optimal",
            Verdict::Suboptimal => "suboptimal",
            Verdict::Unknown => "unknown",
            Verdict::Inexact => "inexact",
            Verdict::Invalid => "invalid",
            Verdict::Error => "error",
        }
    }
}

/// An exact strategy's worst case (`None`: unbounded) against the certified optimum.
pub fn judge_worst_case(calls: Option<u32>, optimum: &WorstOptimum) -> (Verdict, String) {
    match (calls, optimum) {
        (Some(d), WorstOptimum::Calls { calls, trust }) if d == *calls => {
            (Verdict::Optimal, format!("optimum {calls} (certified, {trust}): optimal"))
        }
        (Some(d), WorstOptimum::Calls { calls, trust }) if d > *calls => {
            let by = d - calls;
            let s = if by == 1 { "" } else { "s" };
            (Verdict::Suboptimal, format!("optimum {calls} (certified, {trust}): suboptimal by {by} call{s}"))
        }
        (None, WorstOptimum::Calls { calls, trust }) => (
            Verdict::Suboptimal,
            format!(
                "optimum {calls} (certified, {trust}): an exact tree needs at most {calls} calls on every path, this \
                 one has no bound"
            ),
        ),
        (_, WorstOptimum::Impossible { prime }) => (
            Verdict::Optimal,
            format!(
                "no finite exact strategy exists ({prime} divides the modulus and no size), so every exact one loops"
            ),
        ),
        (Some(d), WorstOptimum::Calls { calls, .. }) => (
            Verdict::Error,
            format!("this exact strategy makes {d} calls, below the certified optimum {calls}: a fault in optimod"),
        ),
        (_, WorstOptimum::Unknown { lower, upper }) => (
            Verdict::Unknown,
            format!(
                "the optimum is not settled: at least {lower}, at most {}",
                upper.map_or("?".into(), |u| u.to_string())
            ),
        ),
        (_, WorstOptimum::Failed(why)) => (Verdict::Unknown, format!("the optimum could not be proved: {why}")),
    }
}

/// An exact strategy's expected calls against the optimum over all strategies.
pub fn judge_expected(value: &BigRational, optimum: &Result<ExpectedOptimum, String>) -> (Verdict, String) {
    match optimum {
        Err(why) => (Verdict::Unknown, format!("the expected-calls optimum could not be settled: {why}")),
        Ok(o) if value < &o.lower => (
            Verdict::Error,
            format!("expected calls {value} are below the proven lower bound {}: a fault in optimod", o.lower),
        ),
        Ok(o) if o.best == o.lower && *value == o.best => {
            (Verdict::Optimal, format!("expected-calls optimum {} (certified): optimal", o.best))
        }
        Ok(o) if *value > o.best => {
            let by = value - &o.best;
            let proved = if o.best == o.lower { "the certified optimum" } else { "a certified strategy" };
            (
                Verdict::Suboptimal,
                format!("{proved} makes {} expected calls: suboptimal by {by} (~{})", o.best, decimal(&by, 10)),
            )
        }
        Ok(o) => (
            Verdict::Unknown,
            format!(
                "between the proven lower bound {} and the best certified strategy {}: not settled",
                o.lower, o.best
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> BigRational {
        text.parse().unwrap()
    }

    #[test]
    fn worst_case_verdicts() {
        let two = WorstOptimum::Calls { calls: 2, trust: "elementary".into() };
        assert_eq!(judge_worst_case(Some(2), &two).0, Verdict::Optimal);
        assert_eq!(judge_worst_case(Some(3), &two).0, Verdict::Suboptimal);
        assert_eq!(judge_worst_case(None, &two).0, Verdict::Suboptimal);
        assert_eq!(judge_worst_case(Some(1), &two).0, Verdict::Error);
        assert_eq!(judge_worst_case(None, &WorstOptimum::Impossible { prime: 5 }).0, Verdict::Optimal);
        assert_eq!(judge_worst_case(Some(4), &WorstOptimum::Unknown { lower: 3, upper: None }).0, Verdict::Unknown);
    }

    #[test]
    fn expected_verdicts() {
        let proved = Ok(ExpectedOptimum { best: q("12/5"), lower: q("12/5") });
        assert_eq!(judge_expected(&q("12/5"), &proved).0, Verdict::Optimal);
        assert_eq!(judge_expected(&q("5/2"), &proved).0, Verdict::Suboptimal);
        assert_eq!(judge_expected(&q("2"), &proved).0, Verdict::Error);
        let open = Ok(ExpectedOptimum { best: q("579/280"), lower: q("41/20") });
        assert_eq!(judge_expected(&q("41/20"), &open).0, Verdict::Unknown);
        assert_eq!(judge_expected(&q("579/280"), &open).0, Verdict::Unknown);
        assert_eq!(judge_expected(&q("3"), &open).0, Verdict::Suboptimal);
    }
}
