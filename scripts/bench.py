#!/usr/bin/env python3
"""Times `optimod prove n --json` for n in 4..=N (primes below n): one line per n, then totals.

A benchmark, not a test: it reports figures and asserts nothing.
usage: bench.py OPTIMOD N
"""
import json
import subprocess
import sys
import time


def main():
    optimod, top = sys.argv[1], int(sys.argv[2])
    total = 0.0
    slowest = (0.0, None)
    print(f"{'n':>4}  {'seconds':>8}  status      calls  trust")
    for n in range(4, top + 1):
        start = time.perf_counter()
        run = subprocess.run([optimod, "prove", str(n), "--json"], capture_output=True, text=True)
        took = time.perf_counter() - start
        total += took
        slowest = max(slowest, (took, n))
        d = json.loads(run.stdout) if run.stdout else {"status": f"exit {run.returncode}"}
        print(f"{n:>4}  {took:>8.3f}  {d.get('status', ''):<10}  {str(d.get('worst_case_calls')):>5}  {d.get('trust')}")
    print(f"total {total:.2f} s for n = 4..={top}; slowest n = {slowest[1]} at {slowest[0]:.2f} s")


if __name__ == "__main__":
    main()
