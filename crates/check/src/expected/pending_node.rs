//! Fact 11 (see `optimod_cert::PendingNodeBoundRecord`), re-derived: the premises, that no
//! output lacking a depth-3 leaf can finish at depth 4 (by p-adic valuations), and the least
//! of the cases.

use crate::kernel::arith::is_prime;
use crate::kernel::elementary::check_elementary;
use crate::kernel::error::CheckError;
use crate::kernel::spec::Spec;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::One;
use optimod_cert::PendingNodeBoundRecord;

pub(crate) fn pending_node_bound(spec: &Spec, record: &PendingNodeBoundRecord) -> Result<BigRational, CheckError> {
    let fail = |why: String| Err(CheckError::LowerBound(why));
    let sizes = &spec.generators;
    let p = *sizes.iter().max().expect("checked non-empty");
    if sizes.len() < 2 || !is_prime(p) {
        return fail(format!("the single pending node needs two sizes or more, the largest ({p}) a prime"));
    }
    if p >= spec.modulus {
        return fail(format!("the largest size {p} is not below {}: one call can end a run", spec.modulus));
    }
    if u128::from(p) * u128::from(p) < u128::from(spec.modulus) {
        return fail(format!("{p}^2 is below {}: two calls do not reach a leaf", spec.modulus));
    }
    check_elementary(spec, &record.excluded)?;
    if record.excluded.excluded_depth < 2 {
        return fail(format!("depth 2 must be excluded per output, not only depth {}", record.excluded.excluded_depth));
    }
    // An output with no depth-3 leaf and nothing pending after four calls: depth-2 mass t/p
    // (t a sum of 1/b over sizes b <= p, so t has p-adic valuation >= -1) and y leaves of
    // 1/(p^3 c), with y <= c <= p, so t = p/n - y/(p^2 c). y/(p^2 c) has valuation <= -2;
    // for t to reach >= -1, p/n would need valuation <= -2, that is p^3 dividing n.
    let mut rest = spec.modulus;
    let mut power = 0;
    while rest.is_multiple_of(p) {
        rest /= p;
        power += 1;
    }
    if power >= 3 {
        return fail(format!("{p}^3 divides {}: p/n could cancel a depth-4 remainder", spec.modulus));
    }
    Ok(least_case(sizes, p))
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
