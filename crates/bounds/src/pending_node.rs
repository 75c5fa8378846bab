//! Fact 11 of docs/model.md §7, the producer side: the single pending node. With p the
//! largest size, no exact depth-2 tree for any output (so every output has a leaf at depth 3
//! or deeper), and sizes pairwise coprime: the cheapest top keeps one node of reach `1/p^2`
//! pending after two calls, lets it call p, and keeps one of its children pending. Then at
//! most `p - 1` outputs get a depth-3 leaf; an output without one has depth-2 leaves of mass
//! `t/p` (t a sum of `1/b` over sizes b) and `y >= 1` leaves of reach `1/(p^3 c)` below the
//! one pending depth-3 node calling c, so `t = p/n - y/(p^2 c)`. When no such t is a sum of
//! `1/b` for any c and `1 <= y <= c`, a node is still pending after four calls, adding
//! `1/p^4`. Every other top pays more after two or three calls; the bound is the least case.

use crate::lower::{elementary_lower_bound, LowerBound};
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use optimod_spec::Spec;

/// The bound and the per-output argument that every output has a leaf below depth 2.
pub struct PendingNodeBound {
    pub value: BigRational,
    pub excluded: LowerBound,
}

/// `None` unless the argument applies (two or more pairwise coprime sizes, `p^2 >= n`, depth
/// 2 excluded per output) and no output can finish at depth 4 without a depth-3 leaf.
pub fn pending_node_bound(spec: &Spec) -> Option<PendingNodeBound> {
    let sizes = &spec.generators;
    let n = spec.modulus;
    let p = spec.max_generator();
    let coprime = sizes.iter().all(|&a| sizes.iter().all(|&b| a == b || a.gcd(&b) == 1));
    let excluded = elementary_lower_bound(spec)?;
    if sizes.len() < 2 || !coprime || (p as u128).pow(2) < n as u128 || excluded.excluded_depth < 2 {
        return None;
    }
    let finishing = sizes.iter().any(|&c| (1..=c).any(|y| depth_two_rest_is_a_sum(spec, c, y)));
    if finishing {
        return None;
    }
    Some(PendingNodeBound { value: least_case(sizes, p), excluded })
}

/// Whether `p/n - y/(p^2 c)` is a sum of `1/b` over the sizes (with repetition). It never is
/// (`p^2` stays in its denominator, and sums of `1/b` over coprime sizes have squarefree
/// ones), but the producer tests it rather than assume it, as the checker does.
fn depth_two_rest_is_a_sum(spec: &Spec, c: u64, y: u64) -> bool {
    let p = BigInt::from(spec.max_generator());
    let t = BigRational::new(p.clone(), spec.modulus.into()) - BigRational::new(y.into(), &p * &p * BigInt::from(c));
    is_sum_of_unit_fractions(&spec.generators, &t)
}

/// Whether `t = sum_b l_b / b` with integers `l_b >= 0`, for pairwise coprime sizes b: by
/// the Chinese remainder theorem each `l_b` is fixed modulo b, so exactly when the least such
/// choice does not exceed t (the difference is then a whole number, added to any `l_b`).
fn is_sum_of_unit_fractions(sizes: &[u64], t: &BigRational) -> bool {
    if t.is_negative() {
        return false;
    }
    let product: BigInt = sizes.iter().map(|&b| BigInt::from(b)).product();
    let scaled = t * BigRational::from_integer(product.clone());
    if !scaled.is_integer() {
        return false;
    }
    let scaled = scaled.to_integer();
    let mut least = BigRational::zero();
    for &b in sizes {
        let b_big = BigInt::from(b);
        let cofactor = (&product / &b_big).mod_floor(&b_big).to_u64().expect("below b");
        let inverse = (1..b).find(|&x| (x as u128 * cofactor as u128) % b as u128 == 1).unwrap_or(0);
        let residue = (scaled.mod_floor(&b_big).to_u64().expect("below b") as u128 * inverse as u128) % b as u128;
        least += BigRational::new(BigInt::from(residue), b_big);
    }
    least <= *t
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
    fn sums_of_unit_fractions_over_coprime_sizes() {
        let sizes = [2, 3, 5];
        assert!(is_sum_of_unit_fractions(&sizes, &ratio("37/30"))); // 1/2 + 1/3 + 2/5
        assert!(is_sum_of_unit_fractions(&sizes, &ratio("7/2"))); // 7 halves
        assert!(is_sum_of_unit_fractions(&sizes, &ratio("0")));
        // 1/30 = 1/2 + 1/3 + 1/5 - 1: the least choice (31/30) is too much.
        assert!(!is_sum_of_unit_fractions(&sizes, &ratio("1/30")));
        assert!(!is_sum_of_unit_fractions(&sizes, &ratio("1/4")));
        assert!(!is_sum_of_unit_fractions(&sizes, &ratio("-1/2")));
    }

    #[test]
    fn applies_only_where_its_premises_hold() {
        // A prime: no finite tree, the levels bound's geometric tail is the argument there.
        assert!(pending_node_bound(&Spec::primes_below(31, Objective::Expected).unwrap()).is_none());
        // Sizes sharing a factor.
        assert!(pending_node_bound(&Spec::new(30, &[4, 6, 29], Objective::Expected).unwrap()).is_none());
        // 12 from 2, 3, 5, 7, 11: 2 + 1/121 + 1/1331 + 1/14641.
        let twelve = pending_node_bound(&Spec::primes_below(12, Objective::Expected).unwrap()).unwrap();
        assert_eq!(twelve.value, ratio("2") + ratio("1/121") + ratio("1/1331") + ratio("1/14641"));
    }
}
