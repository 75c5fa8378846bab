//! Fact 11 of docs/model.md §7, the producer side: the single pending node. With p the
//! largest size, a prime with `p^2 >= n`, and no exact depth-2 tree for any output (so every output has a
//! leaf at depth 3 or deeper): the cheapest top keeps one node of reach `1/p^2` pending after
//! two calls, lets it call p, and keeps one of its children pending. Then at most `p - 1`
//! outputs get a depth-3 leaf; an output without one has depth-2 leaves of mass `t/p` (t a sum
//! of `1/b` over sizes b) and `y >= 1` leaves of reach `1/(p^3 c)` below the one pending
//! depth-3 node calling c, so `t = p/n - y/(p^2 c)`. But every `1/b` has p-adic valuation at
//! least -1 (b <= p < p^2), so t does too, while `p/n` has valuation at least -1 and
//! `y/(p^2 c)` at most -2 (`y <= c <= p`): no such t, and a node is still pending after four
//! calls, adding `1/p^4`. Every other top pays more after two or three calls; the bound is the
//! least case.

use crate::lower::{elementary_lower_bound, LowerBound};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::One;
use optimod_spec::Spec;

/// The bound and the per-output argument that every output has a leaf below depth 2.
pub struct PendingNodeBound {
    pub value: BigRational,
    pub excluded: LowerBound,
}

/// `None` unless the argument applies: two sizes or more, the largest p a prime (so sizes
/// `b <= p` have p-adic valuation at most 1) below n, `p^2 >= n`, depth 2 excluded per output.
pub fn pending_node_bound(spec: &Spec) -> Option<PendingNodeBound> {
    let sizes = &spec.generators;
    let p = spec.max_generator();
    // p < n: no leaf at depth 1, so every strategy makes two calls (the cases start at 2).
    if sizes.len() < 2
        || !optimod_spec::arith::is_prime(p)
        || p >= spec.modulus
        || (p as u128).pow(2) < spec.modulus as u128
    {
        return None;
    }
    let excluded = elementary_lower_bound(spec)?;
    if excluded.excluded_depth < 2 {
        return None;
    }
    Some(PendingNodeBound { value: least_case(sizes, p), excluded })
}

/// The least of the cases for the top: two pending nodes after two calls; one of a larger
/// reach; one of reach `1/p^2` calling a smaller size; two pending after three calls; or
/// the chain `1/p^2, 1/p^3, 1/p^4`.
fn least_case(sizes: &[u64], p: u64) -> BigRational {
    let two = BigRational::from_integer(2.into());
    let inverse = |k: u128| BigRational::new(BigInt::one(), BigInt::from(k));
    let p = p as u128;
    let next_product = sizes
        .iter()
        .flat_map(|&a| sizes.iter().map(move |&b| a as u128 * b as u128))
        .filter(|&ab| ab < p * p)
        .max()
        .expect("two sizes");
    let next_size = sizes.iter().map(|&b| b as u128).filter(|&b| b < p).max().expect("two sizes");
    let square = inverse(p * p);
    [
        &two + &square + &square,
        &two + inverse(next_product),
        &two + &square + inverse(p * p * next_size),
        &two + &square + inverse(p * p * p) * BigRational::from_integer(2.into()),
        &two + &square + inverse(p * p * p) + inverse(p * p * p * p),
    ]
    .into_iter()
    .min()
    .expect("five cases")
}

#[cfg(test)]
mod tests {
    use super::*;
    use optimod_spec::Objective;

    fn ratio(s: &str) -> BigRational {
        s.parse().unwrap()
    }

    #[test]
    fn thirty_pays_a_fourth_level() {
        // 2 + 1/841 + 1/24389 + 1/707281 (the figure, about 2.0012314766).
        let spec = Spec::primes_below(30, Objective::Expected).unwrap();
        let bound = pending_node_bound(&spec).expect("applies to 30");
        let expected = ratio("2") + ratio("1/841") + ratio("1/24389") + ratio("1/707281");
        assert_eq!(bound.value, expected);
        assert_eq!(bound.excluded.excluded_depth, 2);
    }

    #[test]
    fn applies_only_where_its_premises_hold() {
        // A prime: no finite tree, the levels bound's geometric tail is the argument there.
        assert!(pending_node_bound(&Spec::primes_below(31, Objective::Expected).unwrap()).is_none());
        // 8 from 10, 14, 15, 19: a first call of 19 can already be a leaf (a loop can reject 3
        // of its 19 outcomes), so two calls are not certain: 209/180 expected calls exist.
        assert!(pending_node_bound(&Spec::new(8, &[10, 14, 15, 19], Objective::Expected).unwrap()).is_none());
        // 42 has a depth-2 tree: depth 2 is not excluded.
        assert!(pending_node_bound(&Spec::primes_below(42, Objective::Expected).unwrap()).is_none());
        // 12 from 2, 3, 5, 7, 11: 2 + 1/121 + 1/1331 + 1/14641.
        let twelve = pending_node_bound(&Spec::primes_below(12, Objective::Expected).unwrap()).unwrap();
        assert_eq!(twelve.value, ratio("2") + ratio("1/121") + ratio("1/1331") + ratio("1/14641"));
        // 8 from 2, 5, 7: the cases after two calls are 2/49, 1/35 (5 x 7), 1/49 + 1/245
        // (calling 5), 1/49 + 2/343; the chain 1/49 + 1/343 + 1/2401 is the least.
        let eight = pending_node_bound(&Spec::new(8, &[2, 5, 7], Objective::Expected).unwrap()).unwrap();
        assert_eq!(eight.value, ratio("2") + ratio("1/49") + ratio("1/343") + ratio("1/2401"));
    }
}
