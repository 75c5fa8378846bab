#!/usr/bin/env python3
"""An independent estimate of D(n, primes below n), written apart from the Rust code.

For each n in 4..=N prints `n lower upper`: `lower` from the valuation-and-reach argument
(brute force over multisets), `upper` from a recursive divisor-block construction, or
`n impossible` for prime n. Where lower == upper the optimum is pinned without any solver.
"""
import functools
import itertools
import math
import sys


def primes_below(n):
    return [p for p in range(2, n) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def factor(n):
    out, p = {}, 2
    while p * p <= n:
        while n % p == 0:
            out[p] = out.get(p, 0) + 1
            n //= p
        p += 1
    if n > 1:
        out[n] = out.get(n, 0) + 1
    return out


def vp(x, p):
    c = 0
    while x % p == 0:
        x //= p
        c += 1
    return c


def lower(n, gens):
    for d in range(1, 64):
        ok = all(
            any(
                math.prod(s) >= n and sum(vp(g, p) for g in s) >= a
                for k in range(1, d + 1)
                for s in itertools.combinations_with_replacement(gens, k)
            )
            for p, a in factor(n).items()
        )
        if ok:
            return d
    raise ValueError(n)


@functools.lru_cache(None)
def upper(t, gens):
    if t == 1:
        return 0
    best = None
    for root in gens:
        parts = {e: upper(e, gens) for e in range(1, t) if t % e == 0}
        for limit in sorted(set(v for v in parts.values() if v is not None)):
            coins = [t // e for e, v in parts.items() if v is not None and v <= limit]
            reach = [True] + [False] * root
            for v in range(1, root + 1):
                reach[v] = any(c <= v and reach[v - c] for c in coins)
            if reach[root]:
                if best is None or limit + 1 < best:
                    best = limit + 1
                break
    return best


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    for n in range(4, top + 1):
        gens = tuple(primes_below(n))
        if len(factor(n)) == 1 and list(factor(n).values()) == [1]:
            print(n, "impossible")
        else:
            print(n, lower(n, gens), upper(n, gens))


if __name__ == "__main__":
    main()
