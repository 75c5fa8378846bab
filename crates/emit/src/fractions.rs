//! The primes `coq/Fractions.v` needs to rule out every depth-2 tree for n, computed and tried
//! here first, so that an export is only written when Coq's check will pass.

use optimod_spec::arith::{factorize, is_prime};

/// The primes p of a squarefree n with the inverse of `n / p` modulo p, when the
/// partial-fractions check of `coq/Fractions.v` rules out every prime root: each of them and
/// every number from `sum n/p` to n is either not prime or has `r < sum ((r i) mod p) (n/p)`.
pub fn fractions_primes(n: u64) -> Option<Vec<(u64, u64)>> {
    let factors = factorize(n);
    if factors.len() < 2 || factors.iter().any(|&(_, a)| a != 1) {
        return None;
    }
    let mut primes = Vec::with_capacity(factors.len());
    for &(p, _) in &factors {
        let cofactor = (n / p) % p;
        if cofactor == 0 {
            return None;
        }
        primes.push((p, power_mod(cofactor, p - 2, p)));
    }
    let residue_sum =
        |r: u64| -> u128 { primes.iter().map(|&(p, i)| u128::from((r % p) * i % p) * u128::from(n / p)).sum() };
    let s0: u64 = primes.iter().map(|&(p, _)| n / p).sum();
    let mut roots = primes.iter().map(|&(p, _)| p).chain(s0..n);
    roots.all(|r| !is_prime(r) || u128::from(r) < residue_sum(r)).then_some(primes)
}

fn power_mod(base: u64, mut exponent: u64, modulus: u64) -> u64 {
    let (mut result, mut base) = (1u128 % u128::from(modulus), u128::from(base % modulus));
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result * base % u128::from(modulus);
        }
        base = base * base % u128::from(modulus);
        exponent >>= 1;
    }
    result as u64
}

#[cfg(test)]
mod tests {
    use super::fractions_primes;

    #[test]
    fn the_depth_three_squarefree_moduli_have_their_primes() {
        // 30 = 2 * 3 * 5: 15, 10 and 6 are inverted modulo 2, 3 and 5.
        assert_eq!(fractions_primes(30), Some(vec![(2, 1), (3, 1), (5, 1)]));
        assert!(fractions_primes(2310).is_some());
        assert!(fractions_primes(1190).is_some());
    }

    #[test]
    fn a_depth_two_modulus_has_a_root_that_passes() {
        // 42: the root 41 = 21 + 14 + 6 passes; 15: the root 5.
        assert_eq!(fractions_primes(42), None);
        assert_eq!(fractions_primes(15), None);
        // Not squarefree, or a prime: not this argument.
        assert_eq!(fractions_primes(12), None);
        assert_eq!(fractions_primes(13), None);
    }
}
