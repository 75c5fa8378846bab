//! Small integer arithmetic on moduli and generator sizes (they are machine integers; only
//! probabilities need big numbers).

/// The primes strictly below `n`, ascending.
pub fn primes_below(n: u64) -> Vec<u64> {
    (2..n).filter(|&k| is_prime(k)).collect()
}

/// Trial division; moduli and generator sizes are small.
pub fn is_prime(k: u64) -> bool {
    k >= 2 && (2..).take_while(|d| d * d <= k).all(|d| k % d != 0)
}

/// The prime factorisation of `n >= 1` as `(prime, exponent)` pairs, ascending.
pub fn factorize(mut n: u64) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    let mut p = 2;
    while p * p <= n {
        let mut e = 0;
        while n % p == 0 {
            n /= p;
            e += 1;
        }
        if e > 0 {
            out.push((p, e));
        }
        p += 1;
    }
    if n > 1 {
        out.push((n, 1));
    }
    out
}

/// The exponent of the prime `p` in `k >= 1`.
pub fn valuation(mut k: u64, p: u64) -> u32 {
    let mut v = 0;
    while k % p == 0 {
        k /= p;
        v += 1;
    }
    v
}

/// The divisors of `n >= 1`, ascending.
pub fn divisors(n: u64) -> Vec<u64> {
    (1..=n).filter(|d| n % d == 0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primes_and_factors() {
        assert_eq!(primes_below(20), vec![2, 3, 5, 7, 11, 13, 17, 19]);
        assert_eq!(primes_below(2), Vec::<u64>::new());
        assert_eq!(factorize(360), vec![(2, 3), (3, 2), (5, 1)]);
        assert_eq!(factorize(97), vec![(97, 1)]);
        assert_eq!(valuation(48, 2), 4);
        assert_eq!(valuation(48, 5), 0);
        assert_eq!(divisors(12), vec![1, 2, 3, 4, 6, 12]);
    }
}
