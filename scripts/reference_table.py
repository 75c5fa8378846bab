#!/usr/bin/env python3
"""A decision-only reference for the table: D(n) for every n in 4..=N with the primes below n
as generators, no certificates, written apart from the Rust code for `just bench` to time
`optimod table` against (issue 26). Plain Python, one core:

- factorise n (a sieve of smallest prime factors, built once);
- the lower bound: n prime has no finite tree; otherwise the valuation bounds (a prime power
  p^a needs a calls; any other n needs max a + 1: a copies of p and one more call to reach n),
  and for squarefree n the depth-2 partial-fractions test (some prime m < n with
  m = sum_p r_p * n/p, 0 <= r_p < p) or depth 3;
- the upper bound: the smallest depth with a coin-problem witness, divisor by divisor (a
  sampler for t calls a prime m that is a sum of t/e over divisors e with cheaper samplers),
  each coin problem decided by a residue table (Boecker and Liptak) over the smallest coin.

Prints `n lower upper` per row (`n impossible` for prime n) and, on stderr, the row count.
Usage: reference_table.py N
"""
import sys
from bisect import bisect_left
from math import gcd


def smallest_factors(limit):
    spf = list(range(limit + 1))
    for p in range(2, int(limit ** 0.5) + 1):
        if spf[p] == p:
            for k in range(p * p, limit + 1, p):
                if spf[k] == k:
                    spf[k] = p
    return spf


def factorise(n, spf):
    out = {}
    while n > 1:
        p = spf[n]
        out[p] = out.get(p, 0) + 1
        n //= p
    return out


def divisors(factors):
    divs = [1]
    for p, a in factors.items():
        divs = [d * p ** k for d in divs for k in range(a + 1)]
    return sorted(divs)


def lower_bound(n, factors, primes, count):
    a = max(factors.values())
    if len(factors) == 1:
        return a
    if a == 1 and not depth_two(n, factors, primes, count):
        return 3
    return a + 1


def depth_two(n, factors, primes, count):
    """Squarefree n: is m/n = c + sum_p r_p/p (c >= 0, 0 <= r_p < p) for some prime m < n?
    Largest m first. `primes[:count]` are the primes below n."""
    for i in range(count - 1, -1, -1):
        m = primes[i]
        g = gcd(m, n)
        a, b = m // g, n // g
        total = 0
        for p in factors:
            if b % p == 0:
                rest = b // p
                total += (a * pow(rest, -1, p) % p) * rest
        if total <= a:
            return True
    return False


def residues(coins):
    a = min(coins)
    least = [None] * a
    least[0] = 0
    for c in coins:
        if c % a == 0:
            continue
        for start in range(a):
            if least[start] is None:
                continue
            value, r = least[start], start
            for _ in range(a):
                value += c
                r = value % a
                if least[r] is not None and least[r] <= value:
                    break
                least[r] = value
    return a, least


def any_prime_representable(coins, primes, count):
    """Some prime below n is a sum of coins. A prime in a class sharing a factor with the
    smallest coin a divides a; any other is at least the least value of a coprime class, so
    the scan stops there."""
    a, least = residues(coins)
    for p in factorise(a, SPF):
        if p < primes[count - 1] + 1 and least[p % a] is not None and p >= least[p % a]:
            return True
    floor = min((v for r, v in enumerate(least) if v is not None and gcd(r, a) == 1), default=None)
    if floor is None:
        return False
    for i in range(count - 1, -1, -1):
        m = primes[i]
        if m < floor:
            return False
        base = least[m % a]
        if base is not None and m >= base:
            return True
    return False


def upper_bound(n, factors, primes, count):
    divs = divisors(factors)
    depth = {1: 0}
    for t in divs[1:]:
        parts = [e for e in divs if e < t and t % e == 0 and e in depth]
        for limit in sorted({depth[e] for e in parts}):
            coins = [t // e for e in parts if depth[e] <= limit]
            if any_prime_representable(coins, primes, count):
                depth[t] = limit + 1
                break
    return depth.get(n)


SPF = []


def main():
    top = int(sys.argv[1])
    spf = smallest_factors(top)
    SPF.extend(spf)
    primes = [p for p in range(2, top + 1) if spf[p] == p]
    rows = 0
    out = []
    for n in range(4, top + 1):
        rows += 1
        if spf[n] == n:
            out.append(f"{n} impossible")
            continue
        factors = factorise(n, spf)
        count = bisect_left(primes, n)
        low = lower_bound(n, factors, primes, count)
        up = upper_bound(n, factors, primes, count)
        out.append(f"{n} {low} {up}")
    sys.stdout.write("\n".join(out) + "\n")
    print(f"{rows} rows", file=sys.stderr)

if __name__ == "__main__":
    main()
