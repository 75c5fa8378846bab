//! Knuth–Yao's optimum with one generator size (docs/model.md §7 fact 7), in closed form: the
//! lower bound of every one-size menu. (The sampler that attains it is `optimod_recycle`'s.)

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

/// Knuth–Yao: the least expected calls of any exact strategy with one generator size `m`,
/// `n * sum_k k * d_k * m^-k` over the base-m digits `d_k` of `1/n` (eventually periodic:
/// summed in closed form).
pub fn knuth_yao_cost(n: u64, m: u64) -> BigRational {
    // Remainders r_k = m^k mod n (as fractions of 1/n's expansion) and digits; `seen` maps a
    // remainder to its index, so finding the period is linear, not quadratic, in its length.
    let mut remainders: Vec<u64> = vec![1];
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::from([(1, 0)]);
    let mut digits: Vec<u64> = vec![0]; // digits[k] for k >= 1
    loop {
        let r = *remainders.last().expect("non-empty");
        if r == 0 {
            break;
        }
        let scaled = r as u128 * m as u128;
        digits.push((scaled / n as u128) as u64);
        let next = (scaled % n as u128) as u64;
        if let Some(&start) = seen.get(&next) {
            remainders.push(next);
            return closed_form(n, m, &digits, Some(start));
        }
        seen.insert(next, remainders.len());
        remainders.push(next);
    }
    closed_form(n, m, &digits, None)
}

/// `sum_{k in range} weight(k) d_k m^-k` as one fraction, its numerator by Horner's rule over
/// the common denominator `m^end` (a period may be as long as n: no fraction per term).
fn digit_sum(m: u64, digits: &[u64], range: std::ops::RangeInclusive<usize>, weighted: bool) -> BigRational {
    let end = *range.end();
    let m_big = BigInt::from(m);
    let mut numerator = BigInt::zero();
    for k in range {
        let weight = if weighted { k as u64 } else { 1 };
        numerator = numerator * &m_big + BigInt::from(weight as u128 * digits[k] as u128);
    }
    BigRational::new(numerator, num_traits::pow(m_big, end))
}

/// `n * sum_k k d_k m^-k`, where digits repeat from index `start + 1` on with period
/// `digits.len() - 1 - start` when `start` is given.
fn closed_form(n: u64, m: u64, digits: &[u64], start: Option<usize>) -> BigRational {
    let last = digits.len() - 1;
    let total = match start {
        None => digit_sum(m, digits, 1..=last, true),
        Some(s) => {
            // Each periodic digit k recurs at k + j p (j >= 0): sum_j (k + j p) x^j with
            // x = m^-p is k / (1 - x) + p x / (1 - x)^2.
            let period = last - s;
            let x = BigRational::new(BigInt::one(), num_traits::pow(BigInt::from(m), period));
            let one_minus = BigRational::one() - &x;
            let head = if s >= 1 { digit_sum(m, digits, 1..=s, true) } else { BigRational::zero() };
            let positions = digit_sum(m, digits, s + 1..=last, true);
            let plain = digit_sum(m, digits, s + 1..=last, false);
            let period = BigRational::from_integer(BigInt::from(period as u64));
            head + positions / &one_minus + period * x * plain / (&one_minus * &one_minus)
        }
    };
    total * BigRational::from_integer(BigInt::from(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> BigRational {
        text.parse().unwrap()
    }

    #[test]
    fn knuth_yao_with_a_coin() {
        assert_eq!(knuth_yao_cost(3, 2), q("8/3"));
        assert_eq!(knuth_yao_cost(5, 2), q("18/5"));
        assert_eq!(knuth_yao_cost(7, 2), q("24/7"));
        assert_eq!(knuth_yao_cost(4, 2), q("2"));
        assert_eq!(knuth_yao_cost(6, 2), q("11/3"));
    }
}
