#!/usr/bin/env python3
"""`just coq`: every elementary worst-case claim becomes a Coq theorem that coqc must accept.

1. Compiles the library in coq/ (files in coq/_CoqProject order).
2. Exports, with `optimod export coq`, every certificate in proofs/ whose objective is
   worst-case and whose trust is elementary, and the certificate of every n in 4..=128 with
   the primes below n (from `optimod table --certificates`). An exhaustive enumeration has no
   Coq lemma yet: such a certificate must be refused by the exporter, and is listed.
3. Compiles each with coqc (two at a time) and requires its `Print Assumptions` to report
   "Closed under the global context": no axiom, no Admitted.
4. Tampers: exported files with a claimed number changed (D up and down, n, a size dropped, a
   block's count or divisor, a sampler dropped) must make coqc fail. (D up is the witness's
   depth check: its samplers give depth 2, not 3.)

Usage: coq_check.py OPTIMOD_BINARY [--table A..B]. Writes into target/coq/. Exit 0 only if all
of the above hold. With --table, only the rows of the range (no proofs/, no tampers), timed.
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
# Elementary claims whose argument has no Coq lemma yet (the exhaustive enumeration).
NOT_EXPORTED = []
OUT = pathlib.Path("target/coq")


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
        if claim["kind"] == "worst-case" and claim["lower_bound"]["elementary"]["argument"]["kind"] == "exhaustive":
            refused = run([optimod, "export", "coq", str(path)])
            if refused.returncode != 2 or "no Coq proof yet" not in refused.stderr:
                fail(f"{path}: an exhaustive enumeration must be refused by the exporter: {refused.stderr}")
            NOT_EXPORTED.append(path.stem)
        elif claim["kind"] == "impossible" or (claim["kind"] == "worst-case" and claim["trust"] == "elementary"):
            chosen.append(("spec_" + re.sub(r"\W", "_", path.stem), path))
    lines = OUT / "primes-4-128.jsonl"
    result = run([optimod, "table", "--range", "4..128", "--no-timings", "--certificates", str(lines)])
    if result.returncode != 0:
        fail(f"optimod table: {result.stderr}")
    (OUT / "certs").mkdir()
    for line in lines.read_text().splitlines():
        cert = json.loads(line)
        path = OUT / "certs" / f"{cert['spec']['modulus']}.json"
        path.write_text(line + "\n")
        chosen.append((f"primes_{cert['spec']['modulus']}", path))
    # A compact witness whose expanded check was slow (1000 outputs x 1000 leaves: 82 s);
    # blocks_sound checks its samplers' arithmetic only (under a second).
    large = OUT / "certs" / "1000-from-6-10.json"
    result = run([optimod, "prove", "1000", "--generators", "6,10", "--out", str(large)])
    if result.returncode != 0:
        fail(f"optimod prove 1000 --generators 6,10: {result.stderr}")
    chosen.append(("d6_d10_1000", large))
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


def tampered(path, label, old, new):
    text = path.read_text()
    if old not in text:
        fail(f"tamper {label}: {old!r} is not in {path}")
    target = OUT / "tampered" / f"{path.stem}_{label}.v"
    target.write_text(text.replace(old, new, 1))
    return target


def tamper_cases():
    p42, p30, p43 = OUT / "spec_42.v", OUT / "spec_30.v", OUT / "spec_43.v"
    sizes42 = "[2; 3; 5; 7; 11; 13; 17; 19; 23; 29; 31; 37; 41]"
    sizes30 = "[2; 3; 5; 7; 11; 13; 17; 19; 23; 29]"
    return [
        tampered(p42, "d3", f"Optimal 42 {sizes42} 2.", f"Optimal 42 {sizes42} 3."),
        tampered(p42, "d1", f"Optimal 42 {sizes42} 2.", f"Optimal 42 {sizes42} 1."),
        tampered(p42, "n43", f"Optimal 42 {sizes42} 2.", f"Optimal 43 {sizes42} 2."),
        tampered(p42, "no41", f"Optimal 42 {sizes42} 2.", f"Optimal 42 {sizes42.replace('; 41', '')} 2."),
        tampered(p42, "block", "Block 7 1]", "Block 7 2]"),
        tampered(p42, "divisor", "Block 7 1]", "Block 5 1]"),
        tampered(p42, "sampler", "    Sampler 7 7 [Block 1 1];\n", ""),
        tampered(p30, "d2", f"Optimal 30 {sizes30} 3.", f"Optimal 30 {sizes30} 2."),
        tampered(p30, "d4", f"Optimal 30 {sizes30} 3.", f"Optimal 30 {sizes30} 4."),
        tampered(p43, "n42", "Impossible 43 [", "Impossible 42 ["),
    ]


def table(optimod, bounds):
    """`just coq-table A..B`: every n in the range with the primes below it, exported and proved
    by coqc (two at a time); reports how many, how many the exporter refuses (a bound whose Coq
    search is estimated too long), and the wall time."""
    start = time.monotonic()
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "certs").mkdir(parents=True)
    library = compile_library()
    lines = OUT / "table.jsonl"
    result = run([optimod, "table", "--range", bounds, "--no-timings", "--certificates", str(lines)])
    if result.returncode != 0:
        fail(f"optimod table: {result.stderr}")
    files, refused = [], []
    for line in lines.read_text().splitlines():
        n = json.loads(line)["spec"]["modulus"]
        cert = OUT / "certs" / f"{n}.json"
        cert.write_text(line + "\n")
        target = OUT / f"primes_{n}.v"
        exported = run([optimod, "export", "coq", str(cert), "--out", str(target)])
        if exported.returncode == 0:
            files.append(target)
        else:
            refused.append(n)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        failures = [f for f in pool.map(accepted, files) if f]
    if failures:
        fail("\n".join(failures))
    elapsed = time.monotonic() - start
    print(f"coq-table {bounds}: library ({library} files) compiled; {len(files)} theorems closed under the "
          f"global context; {len(refused)} not exported ({', '.join(map(str, refused[:10]))}"
          f"{', ...' if len(refused) > 10 else ''}); {elapsed:.0f} s")


def main():
    optimod = sys.argv[1]
    if len(sys.argv) > 3 and sys.argv[2] == "--table":
        return table(optimod, sys.argv[3])
    start = time.monotonic()
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "tampered").mkdir(parents=True)
    library = compile_library()
    files = [export(optimod, name, cert) for name, cert in certificates(optimod)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        failures = [f for f in pool.map(accepted, files) if f]
        if failures:
            fail("\n".join(failures))
        cases = tamper_cases()
        for case, result in zip(cases, pool.map(coqc, cases)):
            if result.returncode == 0:
                fail(f"{case}: a tampered claim compiled")
    elapsed = time.monotonic() - start
    print(f"coq: library ({library} files) compiled; {len(files)} exported theorems closed under the "
          f"global context; {len(cases)} tampered ones rejected by coqc; {elapsed:.0f} s")
    if NOT_EXPORTED:
        print(f"coq: not exported (exhaustive enumeration, no Coq lemma yet): {', '.join(NOT_EXPORTED)}")


if __name__ == "__main__":
    main()
