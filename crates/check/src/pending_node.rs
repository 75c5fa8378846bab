//! Fact 11 (see `optimod_cert::PendingNodeBoundRecord`), re-derived: the premises, that no
//! output lacking a depth-3 leaf can finish at depth 4, and the least of the cases.

use crate::elementary::check_elementary;
use crate::CheckError;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use optimod_cert::{PendingNodeBoundRecord, SpecRecord};

pub(crate) fn pending_node_bound(
    spec: &SpecRecord,
    record: &PendingNodeBoundRecord,
) -> Result<BigRational, CheckError> {
    let fail = |why: String| Err(CheckError::LowerBound(why));
    let sizes = &spec.generators;
    let p = *sizes.iter().max().expect("checked non-empty");
    if sizes.len() < 2 {
        return fail("the single pending node needs two sizes or more".into());
    }
    for (i, &a) in sizes.iter().enumerate() {
        if let Some(&b) = sizes[i + 1..].iter().find(|&&b| a.gcd(&b) != 1) {
            return fail(format!("the sizes {a} and {b} share a factor"));
        }
    }
    if u128::from(p) * u128::from(p) < u128::from(spec.modulus) {
        return fail(format!("{p}^2 is below {}: two calls do not reach a leaf", spec.modulus));
    }
    check_elementary(spec, &record.excluded)?;
    if record.excluded.excluded_depth < 2 {
        return fail(format!("depth 2 must be excluded per output, not only depth {}", record.excluded.excluded_depth));
    }
    // An output with no depth-3 leaf: depth-2 mass t/p and y leaves of 1/(p^3 c).
    let big_p = BigInt::from(p);
    for &c in sizes {
        for y in 1..=c {
            let t = BigRational::new(big_p.clone(), BigInt::from(spec.modulus))
                - BigRational::new(BigInt::from(y), &big_p * &big_p * BigInt::from(c));
            if unit_fraction_sum(sizes, &t) {
                return fail(format!("an output could finish at depth 4 with {y} leaves under a node calling {c}"));
            }
        }
    }
    Ok(least_case(sizes, p))
}

/// Whether t is `sum l_b / b` (integers `l_b >= 0`) over pairwise coprime sizes: modulo each b
/// only `l_b` contributes to `t * prod(sizes)`, which fixes `l_b mod b`; the least choices
/// must not exceed t.
fn unit_fraction_sum(sizes: &[u64], t: &BigRational) -> bool {
    if t.is_negative() {
        return false;
    }
    let all: BigInt = sizes.iter().map(|&b| BigInt::from(b)).product();
    let whole = t * BigRational::from_integer(all.clone());
    if !whole.is_integer() {
        return false;
    }
    let mut least = BigRational::zero();
    for &b in sizes {
        let modulus = BigInt::from(b);
        let others = &all / &modulus;
        // others * inverse = 1 (mod b), from the extended Euclidean algorithm.
        let inverse = others.extended_gcd(&modulus).x.mod_floor(&modulus);
        let l = (whole.to_integer() * inverse).mod_floor(&modulus);
        least += BigRational::new(l, modulus);
    }
    least <= *t
}

/// The cheapest top the cases allow (each a bound on `sum_k Pr[more than k calls]`).
fn least_case(sizes: &[u64], p: u64) -> BigRational {
    let one_over = |k: BigInt| BigRational::new(BigInt::one(), k);
    let p = BigInt::from(p);
    let two = BigRational::from_integer(BigInt::from(2));
    let mut products: Vec<BigInt> =
        sizes.iter().flat_map(|&a| sizes.iter().map(move |&b| BigInt::from(a) * BigInt::from(b))).collect();
    products.retain(|ab| *ab < &p * &p);
    let below_square = products.into_iter().max().expect("two sizes");
    let smaller = sizes.iter().map(|&b| BigInt::from(b)).filter(|b| *b < p).max().expect("two sizes");
    let after_two = &two + one_over(&p * &p);
    let cases = [
        &two + one_over(&p * &p) * BigRational::from_integer(BigInt::from(2)),
        &two + one_over(below_square),
        &after_two + one_over(&p * &p * smaller),
        &after_two + one_over(&p * &p * &p) * BigRational::from_integer(BigInt::from(2)),
        &after_two + one_over(&p * &p * &p) + one_over(&p * &p * &p * &p),
    ];
    cases.into_iter().min().expect("five cases")
}
