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

/// The prime powers `(p, a)` dividing n, by trial division: by the sieve's primes, then (n
/// above 2^40) by the odd numbers past them.
pub(crate) fn prime_powers(mut n: u64) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    for p in primes_below(SIZE_LIMIT + 1).iter().copied().chain((SIZE_LIMIT + 1..).step_by(2)) {
        if p.saturating_mul(p) > n {
            break;
        }
        if n.is_multiple_of(p) {
            let mut a = 0;
            while n.is_multiple_of(p) {
                n /= p;
                a += 1;
            }
            out.push((p, a));
        }
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

#[cfg(test)]
mod tests {
    use super::prime_powers;

    /// Division by the sieve's primes gives what dividing by every number gives, below and
    /// above 2^40 (where the sieve runs out).
    #[test]
    fn prime_powers_by_the_sieve_are_plain_trial_division() {
        let plain = |mut n: u64| {
            let mut out = Vec::new();
            let mut p = 2;
            while p * p <= n {
                let a = std::iter::from_fn(|| n.is_multiple_of(p).then(|| n /= p)).count() as u32;
                if a > 0 {
                    out.push((p, a));
                }
                p += 1;
            }
            if n > 1 {
                out.push((n, 1));
            }
            out
        };
        let large = [1_048_583u64 * 1_048_583, 1_048_583 * 1_048_573 * 3, (1 << 41) + 1, 999_999_999_989];
        for n in (1..5000).chain(1_000_000..1_001_000).chain(large) {
            assert_eq!(prime_powers(n), plain(n), "n = {n}");
        }
    }
}
