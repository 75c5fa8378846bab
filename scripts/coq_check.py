#!/usr/bin/env python3
"""`just coq`: every elementary worst-case claim becomes a Coq theorem that coqc must accept.

1. Compiles the library in coq/ (files in coq/_CoqProject order).
2. Exports, with `optimod export coq`, every certificate in proofs/ whose objective is
   worst-case and whose trust is elementary, every proved all-strategies claim of
   proofs/expected/ with a Coq route (an exact tree of depth 2: `OptimalExpected n
   (primes_below n) 2` about coq/Strategies.v) and every proved one-size claim (Knuth and
   Yao's optimum: coin-5-expected, and 7 and 12 from a coin, 4 from a d6, 100 from a d7,
   proved on the spot), and two finite trees that meet the pending bound (27 from {2, 6, 12}
   in 33/16, 54 from {4, 6, 12} in 9/4), the upper bound of 5 from {2, 3} (a pool automaton
   within 12/5), three custom-size claims above 4096 (2^20 from a coin,
   10000 from {2, 5}, 720720 from six sizes), and the lower bounds of the bounded claims whose
   argument Coq has (`ExpectedAtLeast n (primes_below n) b`: the levels bound for prime n), three claims at the top of the domain (10^6,
   2^20 and the prime 1048573, with the primes below them) and 1000 from {6, 10}. Lower
   bounds by exhaustive enumeration (20 and 50 from {6, 15}, 45 from {10, 12}) go through
   coq/Enumeration.v.
3. Exports the certified table for 4..=2000 (`optimod export coq --table`): chunk files, each
   one theorem for its range, and one theorem for the whole range joining them.
4. Compiles each with coqc (two at a time) and requires its `Print Assumptions` to report
   "Closed under the global context": no axiom, no Admitted.
5. Tampers: exported files with a claimed number changed (D up and down, n, a size dropped from
   the primes, a block's count or divisor, a sampler dropped, a prime power that does not
   divide n, a wrong inverse in the partial fractions, a table answer, a range one too long;
   42's expected calls claimed as 3, a leaf of its tree moved, a size not below n; a coin for
   5 claimed in 17/5, one Knuth-Yao tail off, the coin replaced by a d3; 27 from {2, 6, 12}
   claimed in 2, the pending bound summed one term short; 13's lower bound raised, one level
   too many counted as fully pending; 5's pool automaton claimed within 11/5; 20 from {6, 15}
   with a size 4 added, which makes two calls enough) must make coqc fail.

Usage: coq_check.py OPTIMOD_BINARY [--table A..B]. Writes into target/coq/. Exit 0 only if all
of the above hold. With --table, only the table of the range (no proofs/, no tampers), timed.
"""
import concurrent.futures
import json
import pathlib
import re
import shutil
import subprocess
import sys
import time

CLOSED = "Closed under the global context"
# All-strategies claims without a Coq route yet (a looping strategy's optimum, a bounded claim's
# lower bound by an argument Coq does not have yet).
EXPECTED_NOT_EXPORTED = []
OUT = pathlib.Path("target/coq")
OPTIMOD = None


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def fail(message):
    print(f"coq: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def compile_library():
    project = pathlib.Path("coq/_CoqProject").read_text().split()
    for name in [f for f in project if f.endswith(".v")]:
        result = run(["coqc", "-R", ".", "Optimod", name], cwd="coq")
        if result.returncode != 0:
            fail(f"coq/{name} does not compile:\n{result.stdout}{result.stderr}")
    return len([f for f in project if f.endswith(".v")])


def certificates(optimod):
    """(module name, certificate path) for every claim to export."""
    chosen = []
    for path in sorted(pathlib.Path("proofs").glob("*.json")):
        cert = json.loads(path.read_text())
        claim = cert["claim"]
        if claim["kind"] == "impossible" or (claim["kind"] == "worst-case" and claim["trust"] == "elementary"):
            chosen.append(("spec_" + re.sub(r"\W", "_", path.stem), path))
        elif claim["kind"] == "expected-all-strategies":
            if claim["status"] == "proved" and (claim["lower_bound"]["kind"] == "knuth-yao"
                                                or claim["strategy"]["family"] == "pool-automaton"):
                chosen.append(("spec_" + re.sub(r"\W", "_", path.stem), path))
            else:
                EXPECTED_NOT_EXPORTED.append(f"{path.stem} ({claim['status']}, {claim['lower_bound']['kind']})")
    # Expected calls over all strategies (coq/Strategies.v): the proved claims with a Coq route
    # (an exact tree of depth 2, optimal at 2 calls); the others are listed.
    for path in sorted(pathlib.Path("proofs/expected").glob("*.json"), key=lambda p: int(p.stem)):
        claim = json.loads(path.read_text())["claim"]
        bound = claim["lower_bound"]
        if claim["status"] == "proved" and claim["strategy"]["family"] == "finite-tree":
            chosen.append((f"expected_{path.stem}", path))
        elif claim["status"] == "proved" and claim["strategy"]["family"] == "pool-automaton":
            # its upper bound alone: an exact strategy within the value (the enumeration has no lemma)
            chosen.append((f"upper_{path.stem}", path))
        elif bound["kind"] == "levels" and "forever" in bound["excluded"] and not bound.get("deficits"):
            # a bounded claim: its lower bound alone, ExpectedAtLeast n (primes_below n) b
            chosen.append((f"lower_{path.stem}", path))
        else:
            EXPECTED_NOT_EXPORTED.append(f"{path.stem} ({claim['status']}, {claim['strategy']['family']})")
    (OUT / "certs").mkdir()
    # The top of the domain: the primes rule's route at any n (binary arithmetic throughout).
    for n in (1000000, 1048576, 1048573):
        path = OUT / "certs" / f"{n}.json"
        result = run([optimod, "prove", str(n), "--out", str(path)])
        if result.returncode != 0:
            fail(f"optimod prove {n}: {result.stderr}")
        chosen.append((f"primes_{n}", path))
    # One size: Knuth and Yao's optimum over every strategy (a coin for 7 and for 12, whose orbit
    # of 1 under r -> 2r mod 12 has a tail before its cycle; a d6 for 4; a d7 for 100). Finite
    # trees whose cost meets the pending bound (every size divides 12): 27 from {2, 6, 12} in
    # 33/16 and 54 from {4, 6, 12} in 9/4. A compact witness whose expanded check was slow (1000
    # outputs x 1000 leaves: 82 s); blocks_sound checks its samplers' arithmetic only (< 1 s).
    on_the_spot = [(f"ky_{n}_from_{m}", [str(n), "--generators", str(m), "--objective", "expected"])
                   for n, m in ((7, 2), (12, 2), (4, 6), (100, 7))]
    on_the_spot += [(f"pending_{n}", [str(n), "--generators", sizes, "--objective", "expected"])
                    for n, sizes in ((27, "2,6,12"), (54, "4,6,12"))]
    on_the_spot.append(("d6_d10_1000", ["1000", "--generators", "6,10"]))
    # Lower bounds by exhaustive enumeration besides 20 from {6, 15} (coq/Enumeration.v).
    on_the_spot += [("d6_d15_50", ["50", "--generators", "6,15"]), ("d10_d12_45", ["45", "--generators", "10,12"])]
    # Custom sizes above 4096 (the explicit-list route's old cap): the reach bound at 2^20, and
    # valuation and reach for 10000 from {2, 5} (8 calls) and 720720 from six sizes (6 calls;
    # 267 s before n was converted to binary once per check, 5 s now).
    on_the_spot += [("coin_1048576", ["1048576", "--generators", "2"]), ("d2_d5_10000", ["10000", "--generators", "2,5"]),
                    ("six_sizes_720720", ["720720", "--generators", "16,9,5,7,11,13"])]
    for name, args in on_the_spot:
        path = OUT / "certs" / f"{name}.json"
        result = run([optimod, "prove", *args, "--out", str(path)])
        if result.returncode != 0:
            fail(f"optimod prove {' '.join(args)}: {result.stderr}")
        chosen.append((name, path))
    return chosen


def export(optimod, name, cert):
    target = OUT / f"{name}.v"
    result = run([optimod, "export", "coq", str(cert), "--out", str(target)])
    if result.returncode != 0:
        fail(f"optimod export coq {cert} (exit {result.returncode}): {result.stderr}")
    return target


def coqc(path):
    return run(["coqc", "-R", "coq", "Optimod", str(path)])


def accepted(path):
    result = coqc(path)
    if result.returncode != 0 or CLOSED not in result.stdout or "Axioms" in result.stdout:
        return f"{path}: coqc exit {result.returncode}\n{result.stdout}{result.stderr}"
    return None


def tampered(path, label, *pairs):
    """A copy of `path` with each (old, new) replaced once: statement and proof changed together,
    so that the check itself, not a mismatch between them, has to refuse it."""
    text = path.read_text()
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            fail(f"tamper {label}: {old!r} is not in {path}")
        text = text.replace(old, new, 1)
    target = OUT / "tampered" / f"{path.stem}_{label}.v"
    target.write_text(text)
    return target


def tamper_cases():
    p42, p30, p43 = OUT / "spec_42.v", OUT / "spec_30.v", OUT / "spec_43.v"
    big, chunk, whole = OUT / "primes_1000000.v", OUT / "table" / "Chunk_4_1003.v", OUT / "table" / "Range_4_2000.v"
    e42, coin5, p27 = OUT / "expected_42.v", OUT / "spec_coin_5_expected.v", OUT / "pending_27.v"
    l13, u5, d20 = OUT / "lower_13.v", OUT / "upper_5.v", OUT / "spec_d6_d15_20.v"
    s42, rule42 = "Optimal 42 (primes_below 42) 2.", "apply (rule_optimal 42 2 witness 2 1)."
    s30, rule30 = "Optimal 30 (primes_below 30) 3.", "apply (fractions_optimal 30 witness [(2, 1); (3, 1); (5, 1)]%Z)."
    explicit = ("  apply optimal_of_unary.\n  apply (optimal_blocks _ _ _ witness).\n  { vm_compute. reflexivity. }\n"
                "  apply (reach_sound _ _ 1).")
    return [
        # the witness's depth (2) and the claim (3) disagree
        tampered(p42, "d3", s42, "Optimal 42 (primes_below 42) 3.", rule42, "apply (rule_optimal 42 3 witness 2 1)."),
        # the valuation floor (2) is above the claim (1)
        tampered(p42, "d1", s42, "Optimal 42 (primes_below 42) 1.", rule42, "apply (rule_optimal 42 1 witness 2 1)."),
        # 2 does not divide 43, and the samplers are for 42
        tampered(p42, "n43", s42, "Optimal 43 (primes_below 43) 2.", rule42, "apply (rule_optimal 43 2 witness 2 1)."),
        # primes_below replaced by a list missing a prime: the root 41 is not a size
        tampered(p42, "no41", s42, "Optimal 42 [2; 3; 5; 7; 11; 13; 17; 19; 23; 29; 31; 37] 2.", rule42, explicit),
        tampered(p42, "block", "Block 7 1]", "Block 7 2]"),
        tampered(p42, "divisor", "Block 7 1]", "Block 5 1]"),
        tampered(p42, "sampler", "    Sampler 7 7 [Block 1 1];\n", ""),
        # no tree of depth 2: the witness has depth 3
        tampered(p30, "d2", s30, "Optimal 30 (primes_below 30) 2.", rule30, "apply (rule_optimal 30 2 witness 2 1)."),
        # the valuation floor of 30 is 2, not 4
        tampered(p30, "d4", s30, "Optimal 30 (primes_below 30) 4.", rule30, "apply (rule_optimal 30 4 witness 2 1)."),
        tampered(p30, "inverse", "(3, 1)", "(3, 2)"),
        tampered(p43, "n42", "Impossible 43 (primes_below 43)", "Impossible 42 (primes_below 42)"),
        # the enumeration: with a size 4 as well, 4 then 15 gives each of 20 outputs 3 of 60
        # leaves, so the bags of depth 2 include one that splits
        tampered(d20, "size4", "Optimal 20 [6; 15] 3.", "Optimal 20 [6; 15; 4] 3."),
        tampered(big, "d8", "Optimal 1000000 (primes_below 1000000) 7.", "Optimal 1000000 (primes_below 1000000) 8.",
                 "apply (rule_optimal 1000000 7 witness 2 6).", "apply (rule_optimal 1000000 8 witness 2 6)."),
        tampered(big, "power", "witness 2 6).", "witness 2 7)."),
        tampered(chunk, "answer", "[Some 2; None; Some 2;", "[Some 3; None; Some 2;"),
        tampered(chunk, "prime", "[Some 2; None; Some 2;", "[Some 2; Some 2; Some 2;"),
        tampered(whole, "longer", "(4 <= n <= 2000)%N", "(4 <= n <= 2001)%N"),
        # expected calls: 2 claimed as 3; one leaf moved to another output; a size (43) not below n
        tampered(e42, "three", "OptimalExpected 42 (primes_below 42) 2.", "OptimalExpected 42 (primes_below 42) 3."),
        tampered(e42, "leaf", "Out 0; Out 21]", "Out 0; Out 20]"),
        # Knuth-Yao: 18/5 claimed as 17/5 (the tail of 1 with it), one tail off, a size of 3
        tampered(coin5, "value", "OptimalExpected 5 [2] (18 # 5).", "OptimalExpected 5 [2] (17 # 5).",
                 "(1, 18 # 5)", "(1, 17 # 5)"),
        tampered(coin5, "tail", "(3, 24 # 5)", "(3, 23 # 5)"),
        tampered(coin5, "size", "OptimalExpected 5 [2] (18 # 5).", "OptimalExpected 5 [3] (18 # 5)."),
        # a pool automaton: 5's upper bound claimed as 11/5 (the tail of pool 1 with it)
        tampered(u5, "value", "ExpectedAtMost s (12 # 5).", "ExpectedAtMost s (11 # 5).", "(1, 12 # 5)", "(1, 11 # 5)"),
        # levels: 13's lower bound raised; one more level counted as fully pending (11^2 > 13)
        tampered(l13, "value", "ExpectedAtLeast 13 (primes_below 13) (221 # 110).",
                 "ExpectedAtLeast 13 (primes_below 13) (222 # 110)."),
        tampered(l13, "reach", "levels_check_sound 13 11 2", "levels_check_sound 13 11 3"),
        # the pending bound: 27 from {2, 6, 12} claimed in 2 calls; the bound summed one term short
        tampered(p27, "two", "OptimalExpected 27 [2; 6; 12] (33 # 16).", "OptimalExpected 27 [2; 6; 12] 2."),
        tampered(p27, "terms", "pending_check_sound 27 12 3", "pending_check_sound 27 12 2"),
        tampered(e42, "size43", "OptimalExpected 42 (primes_below 42) 2.",
                 "OptimalExpected 42 [2; 3; 5; 7; 11; 13; 17; 19; 23; 29; 31; 37; 41; 43] 2.",
                 "  rewrite (primes_below_list 42 [2; 3; 5; 7; 11; 13; 17; 19; 23; 29; 31; 37; 41]) by (vm_compute; reflexivity).\n",
                 ""),
    ]


def export_table(optimod, bounds, directory):
    """`optimod export coq --table`: the chunk files and the range file, in `directory`."""
    result = run([optimod, "export", "coq", "--table", bounds, "--out", str(directory)])
    if result.returncode != 0:
        fail(f"optimod export coq --table {bounds}: {result.stderr}")
    chunks = sorted(directory.glob("Chunk_*.v"), key=lambda p: int(p.stem.split("_")[1]))
    ranges = list(directory.glob("Range_*.v"))
    if not chunks or len(ranges) != 1:
        fail(f"optimod export coq --table {bounds}: expected chunk files and one range file in {directory}")
    return chunks, ranges[0]


def table_coqc(directory):
    def check(path):
        result = run(["coqc", "-R", "coq", "Optimod", "-R", str(directory), "OptimodTable", str(path)])
        if result.returncode != 0 or CLOSED not in result.stdout or "Axioms" in result.stdout:
            return f"{path}: coqc exit {result.returncode}\n{result.stdout}{result.stderr}"
        return None
    return check


def prove_table(bounds, directory, pool):
    """Every chunk, two at a time, then the range file; fails on the first refusal."""
    chunks, whole = export_table(OPTIMOD, bounds, directory)
    check = table_coqc(directory)
    failures = [f for f in pool.map(check, chunks) if f]
    if failures:
        fail("\n".join(failures))
    failure = check(whole)
    if failure:
        fail(failure)
    return chunks, whole


def table(bounds):
    """`just coq-table A..B`: the certified table of the range as Coq theorems (chunks of 1000
    moduli, two coqc at a time, then the whole range in one theorem), with its wall time."""
    start = time.monotonic()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    library = compile_library()
    compiled = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        chunks, whole = prove_table(bounds, OUT / "table", pool)
    elapsed = time.monotonic() - start
    print(f"coq-table {bounds}: library ({library} files) compiled in {compiled - start:.0f} s; "
          f"{len(chunks)} chunk theorems and {whole.stem} (every n of the range: Optimal n (primes_below n) D "
          f"or Impossible n (primes_below n)) closed under the global context; {elapsed:.0f} s")


def main():
    global OPTIMOD
    optimod = OPTIMOD = sys.argv[1]
    if len(sys.argv) > 3 and sys.argv[2] == "--table":
        return table(sys.argv[3])
    start = time.monotonic()
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "tampered").mkdir(parents=True)
    library = compile_library()
    files = [export(optimod, name, cert) for name, cert in certificates(optimod)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        failures = [f for f in pool.map(accepted, files) if f]
        if failures:
            fail("\n".join(failures))
        table_start = time.monotonic()
        chunks, whole = prove_table("4..2000", OUT / "table", pool)
        table_seconds = time.monotonic() - table_start
        cases = tamper_cases()
        for case, result in zip(cases, pool.map(coqc, cases)):
            if result.returncode == 0:
                fail(f"{case}: a tampered claim compiled")
    elapsed = time.monotonic() - start
    print(f"coq: library ({library} files) compiled; {len(files)} exported theorems closed under the "
          f"global context; the table 4..=2000 as {len(chunks)} chunk theorems and one for the whole range "
          f"({table_seconds:.0f} s); {len(cases)} tampered files rejected by coqc; {elapsed:.0f} s")
    if EXPECTED_NOT_EXPORTED:
        print(f"coq: expected-calls claims without a Coq route yet: {', '.join(EXPECTED_NOT_EXPORTED)}")


if __name__ == "__main__":
    main()
