//! Specs: the modulus, the generator sizes and the objective, read from TOML or built directly.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Largest modulus or generator size accepted: leaves are counted in `u64` and the search
/// enumerates generator multisets, so sizes beyond this are a usage error, not a slow run.
pub const MAX_SIZE: u64 = 1 << 20;

/// What the strategy must minimise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    /// The largest number of calls on any path: the depth of the tree.
    WorstCase,
    /// The expected number of calls, among exact trees of depth at most `max_depth` (not
    /// among all strategies: loops are a separate question).
    ExpectedWithinDepth { max_depth: u32 },
    /// The expected number of calls over all exact strategies, loops included.
    Expected,
}

impl Objective {
    /// The name certificates and JSON use: `"worst-case"` or `"expected-calls"`.
    pub fn name(self) -> &'static str {
        match self {
            Objective::WorstCase => "worst-case",
            Objective::ExpectedWithinDepth { .. } | Objective::Expected => "expected-calls",
        }
    }

    /// The depth limit of a bounded objective.
    pub fn max_depth(self) -> Option<u32> {
        match self {
            Objective::WorstCase | Objective::Expected => None,
            Objective::ExpectedWithinDepth { max_depth } => Some(max_depth),
        }
    }
}

impl fmt::Display for Objective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Objective::WorstCase => f.write_str("worst-case"),
            Objective::ExpectedWithinDepth { max_depth } => {
                write!(f, "expected calls among trees of depth <= {max_depth}")
            }
            Objective::Expected => f.write_str("expected calls over all strategies"),
        }
    }
}

/// How the generator set was given, kept so that certificates say it in the user's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GeneratorRule {
    /// Every prime below the modulus (the puzzle's default).
    PrimesBelowModulus,
    /// An explicit list of sizes.
    Explicit,
}

/// A validated problem: build one with [`Spec::new`], [`Spec::primes_below`] or
/// [`Spec::from_toml`]; every constructor checks the invariants below.
///
/// Invariants: `modulus >= 2`; `generators` is non-empty, strictly ascending, each `>= 2`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The target: outputs are `0..modulus`, each with probability exactly `1/modulus`.
    pub modulus: u64,
    /// Generator sizes available to the strategy, strictly ascending. The primes rule borrows
    /// them from the process's one sieve (a table of a million moduli copies no list).
    pub generators: Cow<'static, [u64]>,
    /// Whether the sizes came from the primes-below rule or an explicit list.
    pub rule: GeneratorRule,
    /// What is minimised.
    pub objective: Objective,
}

/// Why a spec was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    /// The modulus is below 2 or above [`MAX_SIZE`].
    Modulus(u64),
    /// No generator sizes were given, or the primes-below rule yields none.
    NoGenerators { modulus: u64 },
    /// A generator size is below 2 or above [`MAX_SIZE`].
    GeneratorSize(u64),
    /// The TOML text could not be read; the message carries the line and column.
    Toml(String),
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Modulus(n) => {
                write!(f, "modulus must be between 2 and {MAX_SIZE}, got {n}")
            }
            SpecError::NoGenerators { modulus } => write!(
                f,
                "the generator set is empty (there are no primes below {modulus}); \
                 give sizes explicitly"
            ),
            SpecError::GeneratorSize(m) => {
                write!(f, "generator sizes must be between 2 and {MAX_SIZE}, got {m}")
            }
            SpecError::Toml(msg) => write!(f, "invalid spec: {msg}"),
        }
    }
}

impl std::error::Error for SpecError {}

impl Spec {
    /// A spec with explicit generator sizes (any order, duplicates merged).
    pub fn new(modulus: u64, generators: &[u64], objective: Objective) -> Result<Spec, SpecError> {
        check_modulus(modulus)?;
        let mut sizes = generators.to_vec();
        sizes.sort_unstable();
        sizes.dedup();
        if sizes.is_empty() {
            return Err(SpecError::NoGenerators { modulus });
        }
        if let Some(&bad) = sizes.iter().find(|&&m| !(2..=MAX_SIZE).contains(&m)) {
            return Err(SpecError::GeneratorSize(bad));
        }
        Ok(Spec { modulus, generators: Cow::Owned(sizes), rule: GeneratorRule::Explicit, objective })
    }

    /// The puzzle's spec: every prime below `modulus`.
    pub fn primes_below(modulus: u64, objective: Objective) -> Result<Spec, SpecError> {
        check_modulus(modulus)?;
        let generators = crate::arith::sieved_primes_below(modulus);
        if generators.is_empty() {
            return Err(SpecError::NoGenerators { modulus });
        }
        Ok(Spec { modulus, generators: Cow::Borrowed(generators), rule: GeneratorRule::PrimesBelowModulus, objective })
    }

    /// Reads a spec file:
    ///
    /// ```toml
    /// modulus = 42
    /// generators = "primes-below-modulus"   # or a list: [2, 3, 7]
    /// objective = "worst-case"              # optional, the default; or "expected",
    /// max_depth = 3                         # which needs a depth limit
    /// ```
    pub fn from_toml(text: &str) -> Result<Spec, SpecError> {
        let file: SpecFile = toml::from_str(text).map_err(|e| SpecError::Toml(toml_message(&e)))?;
        let objective = match (file.objective.as_deref(), file.max_depth) {
            (None | Some("worst-case"), None) => Objective::WorstCase,
            (None | Some("worst-case"), Some(_)) => {
                return Err(SpecError::Toml("max_depth: only the \"expected\" objective takes a depth limit".into()))
            }
            (Some("expected"), Some(0)) => return Err(SpecError::Toml("max_depth: must be at least 1".into())),
            (Some("expected"), Some(max_depth)) => Objective::ExpectedWithinDepth { max_depth },
            (Some("expected"), None) => Objective::Expected,
            (Some(other), _) => {
                return Err(SpecError::Toml(format!(
                    "objective: expected \"worst-case\" or \"expected\", got {other:?}"
                )))
            }
        };
        match file.generators {
            // One spelling documented; the CLI's older `primes-below-n` read as the same rule.
            GeneratorsField::Rule(rule) if rule == "primes-below-modulus" || rule == "primes-below-n" => {
                Spec::primes_below(file.modulus, objective)
            }
            GeneratorsField::Rule(other) => Err(SpecError::Toml(format!(
                "generators: expected a list of sizes or \"primes-below-modulus\", got {other:?}"
            ))),
            GeneratorsField::Sizes(sizes) => Spec::new(file.modulus, &sizes, objective),
        }
    }

    /// The largest generator size.
    pub fn max_generator(&self) -> u64 {
        *self.generators.last().expect("a spec has at least one generator")
    }

    /// Generator sizes in words, the primes-below rule named as such.
    ///
    /// Past 20 sizes only the first ten and the last three are listed (`prove 1000000` would
    /// otherwise print 78 498 primes on one line); the count says how many there are.
    pub fn describe_generators(&self) -> String {
        let sizes = &self.generators;
        let list = if sizes.len() > 20 {
            let head: Vec<String> = sizes[..10].iter().map(u64::to_string).collect();
            let tail: Vec<String> = sizes[sizes.len() - 3..].iter().map(u64::to_string).collect();
            format!("{}, ..., {}", head.join(", "), tail.join(", "))
        } else {
            sizes.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
        };
        match self.rule {
            GeneratorRule::PrimesBelowModulus => format!("the {} primes below {}: {list}", sizes.len(), self.modulus),
            GeneratorRule::Explicit if sizes.len() > 20 => format!("{} sizes {list}", sizes.len()),
            GeneratorRule::Explicit => format!("sizes {list}"),
        }
    }
}

fn check_modulus(modulus: u64) -> Result<(), SpecError> {
    if (2..=MAX_SIZE).contains(&modulus) {
        Ok(())
    } else {
        Err(SpecError::Modulus(modulus))
    }
}

/// toml's own message already names the line and column and quotes the offending text.
fn toml_message(e: &toml::de::Error) -> String {
    e.to_string().trim_end().replace('\n', "\n  ")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    modulus: u64,
    generators: GeneratorsField,
    objective: Option<String>,
    max_depth: Option<u32>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum GeneratorsField {
    Rule(String),
    Sizes(Vec<u64>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_menus_are_described_by_their_ends() {
        let small = Spec::primes_below(42, Objective::WorstCase).unwrap();
        assert_eq!(
            small.describe_generators(),
            "the 13 primes below 42: 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41"
        );
        let large = Spec::primes_below(1_000_000, Objective::WorstCase).unwrap();
        assert_eq!(
            large.describe_generators(),
            "the 78498 primes below 1000000: 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, ..., 999961, 999979, 999983"
        );
        let many: Vec<u64> = (2..30).collect();
        let sizes = Spec::new(100, &many, Objective::WorstCase).unwrap().describe_generators();
        assert_eq!(sizes, "28 sizes 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ..., 27, 28, 29");
    }

    #[test]
    fn the_primes_rule_reads_in_either_spelling() {
        let documented = Spec::from_toml("modulus = 42\ngenerators = \"primes-below-modulus\"\n").unwrap();
        let alias = Spec::from_toml("modulus = 42\ngenerators = \"primes-below-n\"\n").unwrap();
        assert_eq!(documented, alias);
        assert!(Spec::from_toml("modulus = 42\ngenerators = \"primes-below\"\n").is_err());
    }

    #[test]
    fn reads_the_headline_spec() {
        let spec = Spec::from_toml("modulus = 42\ngenerators = \"primes-below-modulus\"\n").unwrap();
        assert_eq!(spec.modulus, 42);
        assert_eq!(spec.generators.len(), 13);
        assert_eq!(spec.max_generator(), 41);
        assert_eq!(spec.objective, Objective::WorstCase);
    }

    #[test]
    fn explicit_sizes_are_sorted_and_merged() {
        let spec = Spec::from_toml("modulus = 6\ngenerators = [6, 2, 6]\n").unwrap();
        assert_eq!(spec.generators, vec![2, 6]);
        assert_eq!(spec.rule, GeneratorRule::Explicit);
    }

    #[test]
    fn refuses_bad_specs() {
        assert_eq!(Spec::new(1, &[2], Objective::WorstCase), Err(SpecError::Modulus(1)));
        assert_eq!(Spec::new(6, &[], Objective::WorstCase), Err(SpecError::NoGenerators { modulus: 6 }));
        assert_eq!(Spec::new(6, &[1, 2], Objective::WorstCase), Err(SpecError::GeneratorSize(1)));
        assert_eq!(Spec::primes_below(2, Objective::WorstCase), Err(SpecError::NoGenerators { modulus: 2 }));
        let err = Spec::from_toml("modulus = 42\ngenerators = [2, 3\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        let err = Spec::from_toml("modulus = 42\ngenerators = \"all\"\n").unwrap_err();
        assert!(err.to_string().contains("primes-below-modulus"), "{err}");
        let err = Spec::from_toml("modulus = 42\ngenerators = [2]\nextra = 1\n").unwrap_err();
        assert!(err.to_string().contains("extra"), "{err}");
        let spec = Spec::from_toml("modulus = 30\ngenerators = [2]\nobjective = \"expected\"\n").unwrap();
        assert_eq!(spec.objective, Objective::Expected);
        let err = Spec::from_toml("modulus = 30\ngenerators = [2]\nmax_depth = 3\n").unwrap_err();
        assert!(err.to_string().contains("max_depth"), "{err}");
    }

    #[test]
    fn reads_a_bounded_expected_objective() {
        let spec = Spec::from_toml(
            "modulus = 30\ngenerators = \"primes-below-modulus\"\nobjective = \"expected\"\nmax_depth = 3\n",
        )
        .unwrap();
        assert_eq!(spec.objective, Objective::ExpectedWithinDepth { max_depth: 3 });
    }
}
