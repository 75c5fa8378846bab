//! Small integer arithmetic on moduli and generator sizes (they are machine integers; only
//! probabilities need big numbers).

use std::sync::OnceLock;

/// The primes up to [`crate::spec::MAX_SIZE`], sieved once per process: a table of moduli
/// asks for the primes below each of thousands of moduli.
fn sieved_primes() -> &'static [u64] {
    static PRIMES: OnceLock<Vec<u64>> = OnceLock::new();
    PRIMES.get_or_init(|| {
        let limit = crate::spec::MAX_SIZE as usize;
        let mut composite = vec![false; limit + 1];
        let mut primes = Vec::new();
        for k in 2..=limit {
            if !composite[k] {
                primes.push(k as u64);
                let mut multiple = k * k;
                while multiple <= limit {
                    composite[multiple] = true;
                    multiple += k;
                }
            }
        }
        primes
    })
}

/// The primes strictly below `n` (at most [`crate::spec::MAX_SIZE`] + 1), ascending, borrowed
/// from the sieve.
pub fn sieved_primes_below(n: u64) -> &'static [u64] {
    let primes = sieved_primes();
    &primes[..primes.partition_point(|&p| p < n)]
}

/// The primes strictly below `n`, ascending.
pub fn primes_below(n: u64) -> Vec<u64> {
    if n <= crate::spec::MAX_SIZE + 1 {
        let primes = sieved_primes();
        return primes[..primes.partition_point(|&p| p < n)].to_vec();
    }
    (2..n).filter(|&k| is_prime(k)).collect()
}

/// Trial division; moduli and generator sizes are small.
pub fn is_prime(k: u64) -> bool {
    k >= 2 && (2..).take_while(|d| d * d <= k).all(|d| !k.is_multiple_of(d))
}

/// The prime factorisation of `n >= 1` as `(prime, exponent)` pairs, ascending.
pub fn factorize(mut n: u64) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    let mut divide = |p: u64, n: &mut u64| {
        let mut e = 0;
        while n.is_multiple_of(p) {
            *n /= p;
            e += 1;
        }
        if e > 0 {
            out.push((p, e));
        }
    };
    // Trial division by the sieve's primes (a sixth of the integers below 1024), then, past
    // them (n above 2^40), by every integer.
    let mut next = 2;
    for &p in sieved_primes() {
        if p * p > n {
            next = u64::MAX;
            break;
        }
        divide(p, &mut n);
        next = p + 1;
    }
    while next != u64::MAX && next * next <= n {
        divide(next, &mut n);
        next += 1;
    }
    if n > 1 {
        out.push((n, 1));
    }
    out
}

/// The exponent of the prime `p` in `k >= 1`.
pub fn valuation(mut k: u64, p: u64) -> u32 {
    let mut v = 0;
    while k.is_multiple_of(p) {
        k /= p;
        v += 1;
    }
    v
}

/// The divisors of `n >= 1`, ascending, from its factorisation.
pub fn divisors(n: u64) -> Vec<u64> {
    let mut all = vec![1u64];
    for (p, a) in factorize(n) {
        let mut next = Vec::with_capacity(all.len() * (a as usize + 1));
        for &d in &all {
            let mut power = 1;
            for _ in 0..=a {
                next.push(d * power);
                power *= p;
            }
        }
        all = next;
    }
    all.sort_unstable();
    all
}

/// The number of multisets of at most `k` items from `g` kinds, saturating: estimated before
/// anything is listed.
pub fn multisets_at_most(g: u128, k: u32) -> u128 {
    let (mut total, mut layer) = (1u128, 1u128);
    for j in 1..=k as u128 {
        // C(g + j - 1, j) from C(g + j - 2, j - 1).
        layer = layer.saturating_mul(g + j - 1) / j;
        total = total.saturating_add(layer);
    }
    total
}

/// Greatest common divisor.
pub fn gcd(mut a: u64, mut b: u64) -> u64 {
    // Binary (Stein's) algorithm: shifts and subtractions, no division (the construction asks
    // for millions of these on a large table).
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stein's gcd equals Euclid's, zeros included.
    #[test]
    fn binary_gcd_is_euclid() {
        fn euclid(a: u64, b: u64) -> u64 {
            if b == 0 {
                a
            } else {
                euclid(b, a % b)
            }
        }
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (a, b) = (x % 1_000_003, (x >> 20) % 65_536);
            assert_eq!(gcd(a, b), euclid(a, b), "gcd({a}, {b})");
            assert_eq!(gcd(a << 5, b << 3), euclid(a << 5, b << 3));
        }
        assert_eq!((gcd(0, 0), gcd(0, 12), gcd(12, 0), gcd(u64::MAX, u64::MAX - 1)), (0, 12, 12, 1));
    }

    #[test]
    fn primes_and_factors() {
        assert_eq!(primes_below(20), vec![2, 3, 5, 7, 11, 13, 17, 19]);
        assert_eq!(primes_below(2), Vec::<u64>::new());
        assert_eq!(factorize(360), vec![(2, 3), (3, 2), (5, 1)]);
        assert_eq!(factorize(97), vec![(97, 1)]);
        // The plain trial division the sieve's primes replace, below and above 2^40.
        let plain = |mut n: u64| {
            let mut out = Vec::new();
            let mut p = 2;
            while p * p <= n {
                let e = std::iter::from_fn(|| n.is_multiple_of(p).then(|| n /= p)).count() as u32;
                if e > 0 {
                    out.push((p, e));
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
            assert_eq!(factorize(n), plain(n), "n = {n}");
        }
        assert_eq!(valuation(48, 2), 4);
        assert_eq!(valuation(48, 5), 0);
        assert_eq!(divisors(12), vec![1, 2, 3, 4, 6, 12]);
        assert_eq!(divisors(720720).len(), 240);
        let slow: Vec<u64> = (2..5000).filter(|&k| is_prime(k)).collect();
        assert_eq!(primes_below(5000), slow);
        assert_eq!(primes_below(1 << 20).len(), 82025);
    }
}
