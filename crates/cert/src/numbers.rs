//! The certificate's numbers that JSON cannot hold as numbers: exact fractions, naturals past
//! 64 bits, and `output:count` lists. Each is a Rust type, written in one canonical text form
//! and read back only from that form (`"2/4"`, `"007"` or `"1/1"` are refused), so two equal
//! values always have the same bytes and a reader compares values, never strings.

use num_bigint::BigUint;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A non-negative exact fraction, written `"p/q"` in lowest terms (`q > 1`) or as an integer.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fraction(BigRational);

/// A natural number of any size, written in decimal without leading zeros.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Natural(BigUint);

/// How many values an output gets (`count`) or its weight, one entry of an [`OutputCounts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputCount {
    pub output: u64,
    pub count: u64,
}

/// A list of `output:count` pairs in their recorded order, written `"j:k j:k ..."` (empty:
/// none), one space between pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OutputCounts(pub Vec<OutputCount>);

impl Fraction {
    /// `None` for a negative value: no number a certificate records is negative.
    pub fn new(value: BigRational) -> Option<Fraction> {
        (!value.is_negative()).then_some(Fraction(value))
    }

    /// A copy of a non-negative value. Panics on a negative one: producers only record
    /// non-negative values (calls, bounds, gaps).
    pub fn of(value: &BigRational) -> Fraction {
        Fraction::from(value.clone())
    }

    /// A whole number.
    pub fn from_integer(value: u64) -> Fraction {
        Fraction(BigRational::from_integer(value.into()))
    }

    pub fn value(&self) -> &BigRational {
        &self.0
    }

    pub fn into_value(self) -> BigRational {
        self.0
    }

    /// Reads the canonical form only.
    pub fn parse(text: &str) -> Result<Fraction, String> {
        let (numer, denom) = match text.split_once('/') {
            Some((p, q)) => (p, Some(q)),
            None => (text, None),
        };
        let numer = canonical_natural(numer).ok_or_else(|| format!("{text:?} is not a fraction p/q"))?;
        let Some(denom) = denom else { return Ok(Fraction(BigRational::from_integer(numer.into()))) };
        let denom = canonical_natural(denom).ok_or_else(|| format!("{text:?} is not a fraction p/q"))?;
        if denom <= BigUint::one() || !numer.gcd(&denom).is_one() || numer.is_zero() {
            return Err(format!("{text:?} is not in lowest terms (write p/q with gcd 1 and q > 1, or an integer)"));
        }
        Ok(Fraction(BigRational::new_raw(numer.into(), denom.into())))
    }
}

/// Panics on a negative value: producers only record non-negative ones (calls, bounds, gaps).
impl From<BigRational> for Fraction {
    fn from(value: BigRational) -> Fraction {
        Fraction::new(value).expect("a certificate's fractions are not negative")
    }
}

impl From<u64> for Fraction {
    fn from(value: u64) -> Fraction {
        Fraction::from_integer(value)
    }
}

impl Natural {
    pub fn value(&self) -> &BigUint {
        &self.0
    }

    pub fn parse(text: &str) -> Result<Natural, String> {
        canonical_natural(text).map(Natural).ok_or_else(|| format!("{text:?} is not a natural number in decimal"))
    }
}

impl From<BigUint> for Natural {
    fn from(value: BigUint) -> Natural {
        Natural(value)
    }
}

impl From<u64> for Natural {
    fn from(value: u64) -> Natural {
        Natural(value.into())
    }
}

impl From<u128> for Natural {
    fn from(value: u128) -> Natural {
        Natural(value.into())
    }
}

impl OutputCounts {
    pub fn pairs(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.0.iter().map(|c| (c.output, c.count))
    }

    pub fn parse(text: &str) -> Result<OutputCounts, String> {
        if text.is_empty() {
            return Ok(OutputCounts::default());
        }
        text.split(' ')
            .map(|pair| {
                let parsed = pair.split_once(':').and_then(|(j, k)| Some((canonical_u64(j)?, canonical_u64(k)?)));
                let (output, count) = parsed.ok_or_else(|| format!("{pair:?} is not output:count"))?;
                Ok(OutputCount { output, count })
            })
            .collect::<Result<_, String>>()
            .map(OutputCounts)
    }
}

impl FromIterator<(u64, u64)> for OutputCounts {
    fn from_iter<I: IntoIterator<Item = (u64, u64)>>(pairs: I) -> OutputCounts {
        OutputCounts(pairs.into_iter().map(|(output, count)| OutputCount { output, count }).collect())
    }
}

/// Decimal digits, no sign, no leading zero (but `"0"` itself).
fn canonical_natural(text: &str) -> Option<BigUint> {
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    (digits && (text == "0" || !text.starts_with('0'))).then(|| text.parse().expect("decimal digits parse"))
}

fn canonical_u64(text: &str) -> Option<u64> {
    canonical_natural(text).and_then(|n| u64::try_from(n).ok())
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.denom().is_one() {
            write!(f, "{}", self.0.numer())
        } else {
            write!(f, "{}/{}", self.0.numer(), self.0.denom())
        }
    }
}

impl fmt::Display for Natural {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for OutputCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.0.iter().enumerate() {
            let gap = if i == 0 { "" } else { " " };
            write!(f, "{gap}{}:{}", c.output, c.count)?;
        }
        Ok(())
    }
}

/// Serialises as its `Display` text and reads back with its `parse`.
macro_rules! text_serde {
    ($type:ty) => {
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$type, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                <$type>::parse(&text).map_err(D::Error::custom)
            }
        }
    };
}

text_serde!(Fraction);
text_serde!(Natural);
text_serde!(OutputCounts);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_round_trip_and_others_are_refused() {
        for text in ["0", "7", "3/2", "12/5", "600000000000000000000000000001/2"] {
            assert_eq!(Fraction::parse(text).unwrap().to_string(), text);
        }
        for text in ["2/4", "1/1", "3/0", "0/5", "-1/2", "+1", "01/2", "1/02", "", "1/", "/2", " 1", "1.5"] {
            assert!(Fraction::parse(text).is_err(), "{text:?} was accepted");
        }
        assert!(Natural::parse("0012").is_err() && Natural::parse("12").is_ok());
    }

    #[test]
    fn output_counts_keep_their_order_and_refuse_sloppy_text() {
        let counts = OutputCounts::parse("3:1 0:12").unwrap();
        assert_eq!(counts.pairs().collect::<Vec<_>>(), vec![(3, 1), (0, 12)]);
        assert_eq!(counts.to_string(), "3:1 0:12");
        assert!(OutputCounts::parse("").unwrap().0.is_empty());
        for text in ["3:1  0:12", " 3:1", "3:1 ", "3-1", "3:", "3:18446744073709551616"] {
            assert!(OutputCounts::parse(text).is_err(), "{text:?} was accepted");
        }
    }
}
