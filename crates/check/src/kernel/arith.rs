//! Small integer helpers of the checker, its own: a sieve, trial division, valuations, gcd.

use super::limits::SIZE_LIMIT;

/// The primes below `n <= SIZE_LIMIT`, from a sieve made once per process (a table checks
/// thousands of certificates).
pub(crate) fn primes_below(n: u64) -> &'static [u64] {
    static PRIMES: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let all = PRIMES.get_or_init(|| {
        let limit = SIZE_LIMIT as usize;
        let mut sieve = vec![true; limit + 1];
        (sieve[0], sieve[1]) = (false, false);
        let mut k = 2;
        while k * k <= limit {
            if sieve[k] {
                (k * k..=limit).step_by(k).for_each(|j| sieve[j] = false);
            }
            k += 1;
        }
        (0..=limit as u64).filter(|&k| sieve[k as usize]).collect()
    });
    &all[..all.partition_point(|&p| p < n)]
}

/// The prime powers `(p, a)` dividing n, by trial division.
pub(crate) fn prime_powers(mut n: u64) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    let mut p = 2u64;
    while p.saturating_mul(p) <= n {
        if n.is_multiple_of(p) {
            let mut a = 0;
            while n.is_multiple_of(p) {
                n /= p;
                a += 1;
            }
            out.push((p, a));
        }
        // 2, then the odd numbers.
        p += 1 + u64::from(p > 2);
    }
    if n > 1 {
        out.push((n, 1));
    }
    out
}

/// Trial division.
pub(crate) fn is_prime(k: u64) -> bool {
    k >= 2 && (2..).take_while(|d| d * d <= k).all(|d| !k.is_multiple_of(d))
}

/// The exponent of p in k (0 for k = 0).
pub(crate) fn valuation(mut k: u64, p: u64) -> u32 {
    let mut v = 0;
    while k > 0 && k.is_multiple_of(p) {
        k /= p;
        v += 1;
    }
    v
}

/// Euclid's algorithm, by a loop.
pub(crate) fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
