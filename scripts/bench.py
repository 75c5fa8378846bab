#!/usr/bin/env python3
"""optimod's speed, measured (a benchmark: it reports figures and asserts nothing).

1. `optimod prove n --json` for single moduli, small to 10^6: wall time and peak memory; the
   same over all strategies (`--objective expected`) for a few n and a few other generator
   sets, and a check of 7's certificate.
2. `optimod table` over 4..=10 000 and 4..=100 000, every row's certificate checked and kept,
   then `optimod verify` of the kept file.
3. A baseline in the same run: the independent Python estimate (tests/independent/depths.py,
   bounds and construction by brute force, no certificates) against `optimod table` on the
   same range, and `prove` with and without the z3/CBC cross-checks.
4. The decision-only reference (scripts/reference_table.py: factorise, the valuation bounds,
   the depth-2 partial-fractions test, the smallest depth with a coin-problem witness; no
   certificates) against `optimod table --jobs 1` (every row certified and checked), one core
   each, over 4..=100 000 (4..=10 000 with --quick), the answers compared row by row, and the
   ratio printed.

usage: bench.py OPTIMOD [--quick]
"""
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(argv):
    """(seconds, peak resident MB, exit code, stdout) of one child process.

    Linux carries a process's peak across exec, so a child's figure is at least this script's
    own size when it forks: output goes to a file, not into this process, to keep that small.
    """
    with tempfile.TemporaryFile(mode="w+") as out:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), out.read()


def line(what, seconds, mb, code, note=""):
    print(f"{what:<52} {seconds:>9.3f} s {mb:>8.1f} MB  exit {code}  {note}")


def main():
    optimod, quick = sys.argv[1], "--quick" in sys.argv
    print(f"{'command':<52} {'wall':>11} {'peak':>11}")
    for n in [42, 720, 1024, 5040, 9240, 65536, 99990, 720720, 1000000]:
        line(f"prove {n}", *run([optimod, "prove", str(n), "--json"])[:3])
    # Expected calls over all strategies: block searches and lower-bound arguments (7 and 11
    # enumerate every strategy's top, 5 closes it), then the checker re-running 7's enumeration.
    for n in [5, 7, 12, 30, 50, 1000]:
        line(f"prove {n} --objective expected", *run([optimod, "prove", str(n), "--objective", "expected", "--json"])[:3])
    line("verify proofs/expected/7.json (enumeration re-run)", *run([optimod, "verify", os.path.join(ROOT, "proofs", "expected", "7.json")])[:3])
    # Other sizes: a long pool search (617), an enumeration cut at its limit (43), a modulus
    # past the policy iteration's budget (5000: the largest size's pool run, bounded), and a
    # coin's forced pool run of 20010 steps (20011: Knuth-Yao, proved).
    for n, sizes in [(617, "7,9,10,12,24"), (43, "22,27"), (5000, "2,3"), (20011, "2")]:
        argv = [optimod, "prove", str(n), "--generators", sizes, "--objective", "expected", "--json"]
        line(f"prove {n} --generators {sizes} --objective expected", *run(argv)[:3])
    with tempfile.TemporaryDirectory() as scratch:
        for top in [10_000] if quick else [10_000, 100_000]:
            kept = os.path.join(scratch, f"table-{top}.jsonl")
            argv = [optimod, "table", "--range", f"4..{top}", "--format", "csv", "--no-timings", "--certificates", kept]
            seconds, mb, code, out = run(argv)
            rows = max(0, out.count("\n") - 1)
            del out
            line(f"table --range 4..{top} --certificates", seconds, mb, code, f"{rows} rows, each checked")
            seconds, mb, code, out = run([optimod, "verify", kept])
            line(f"verify the {top - 3} certificates again", seconds, mb, code)
    print()
    print("baseline, same run:")
    top = 100 if quick else 150
    script = os.path.join(ROOT, "tests", "independent", "depths.py")
    base = run([sys.executable, script, str(top)])
    ours = run([optimod, "table", "--range", f"4..{top}", "--format", "csv", "--no-timings"])
    line(f"independent Python estimate, 4..={top} (no certificates)", *base[:3])
    line(f"optimod table 4..={top} (every row certified)", *ours[:3], f"{base[0] / max(ours[0], 1e-9):.0f}x faster")
    reference_against_table(optimod, 10_000 if quick else 100_000)
    for n in [42, 60]:
        full = run([optimod, "prove", str(n), "--json"])
        bare = run([optimod, "prove", str(n), "--json", "--engines", "z3"])
        line(f"prove {n} with the z3 and CBC cross-checks", *full[:3])
        line(f"prove {n}, arithmetic and checker only", *bare[:3], f"{full[0] / max(bare[0], 1e-9):.0f}x faster")


def reference_against_table(optimod, top):
    """The decision-only Python reference and the certifying table, one core each."""
    script = os.path.join(ROOT, "scripts", "reference_table.py")
    base = run(["taskset", "-c", "0", sys.executable, script, str(top)])
    ours = run(["taskset", "-c", "1", optimod, "table", "--range", f"4..{top}", "--jobs", "1", "--format", "csv",
                "--no-timings"])
    reference = {int(f[0]): f[1:] for f in (row.split() for row in base[3].splitlines())}
    differ = 0
    for row in ours[3].splitlines()[1:]:
        n, status, calls = row.split(",")[:3]
        want = ["impossible"] if status == "impossible" else [calls, calls]
        differ += reference.get(int(n)) != want
    line(f"decision-only Python reference, 4..={top}, one core", *base[:3])
    line(f"optimod table 4..={top} --jobs 1 (certified)", *ours[:3],
         f"{base[0] / max(ours[0], 1e-9):.1f}x the reference; rows that differ: {differ}")


if __name__ == "__main__":
    main()
