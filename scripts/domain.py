#!/usr/bin/env python3
"""`just domain [A..B]`: the whole domain's certificates, measured (issue 26).

Every n in the range with the primes below it is proved and its certificate checked and written
gzip-compressed (`optimod table --certificates FILE.jsonl.gz`), then the file is verified again
(`optimod verify --jobs 2`). Prints both wall times, their peak memory and the file's bytes a
row; exits non-zero if either command fails. Figures only, no thresholds: speed is measured,
not asserted.

Usage: domain.py OPTIMOD_BINARY A..B
"""
import os
import sys

from bench import run

OUT = "target/domain"


def main():
    optimod, bounds = sys.argv[1], sys.argv[2]
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "certificates.jsonl.gz")
    table = [optimod, "table", "--range", bounds, "--format", "csv", "--no-timings", "--certificates", path]
    table_s, table_mb, code, _ = run(table)
    if code != 0:
        sys.exit(f"domain: optimod table --range {bounds} exited {code}")
    verify_s, verify_mb, code, out = run([optimod, "verify", "--jobs", "2", path])
    if code != 0:
        sys.exit(f"domain: optimod verify {path} exited {code}")
    rows = int(out.split("ok: ")[1].split(" certificates")[0])
    size = os.path.getsize(path)
    print(f"domain {bounds}: table with certificates {table_s:.1f} s (peak {table_mb:.0f} MB), {rows} certificates "
          f"in {size} bytes ({size / rows:.0f} bytes a row, gzip); verify --jobs 2 {verify_s:.1f} s "
          f"(peak {verify_mb:.0f} MB)")


if __name__ == "__main__":
    main()
