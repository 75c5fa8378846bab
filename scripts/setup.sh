#!/usr/bin/env bash
# Installs everything optimod needs on a fresh Debian machine that has cargo, gcc and python3.
# Idempotent: a second run only checks. Needs root (apt-get, /opt, ldconfig).
#
# Z3 route (see docs/trust.md, "Why this Z3"): the z3 crate 0.22 needs Z3 >= 4.13.3, and Debian
# bookworm ships 4.8.12. We take the shared library and headers that the z3-solver wheel on
# PyPI ships (a release build of Z3 4.13.3, no compiling) and put them in /opt/optimod-z3.
# .cargo/config.toml points z3-sys at that directory and embeds it as the binaries' rpath.
set -euo pipefail

Z3_VERSION=4.13.3.0
Z3_DIR=/opt/optimod-z3
JUST_VERSION=1.40.0

say() { printf 'setup: %s\n' "$*" >&2; }

if [ ! -f "$Z3_DIR/lib/libz3.so" ] || [ "$(cat "$Z3_DIR/VERSION" 2>/dev/null)" != "$Z3_VERSION" ]; then
  say "installing Z3 $Z3_VERSION (z3-solver wheel) into $Z3_DIR"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "z3-solver==$Z3_VERSION"
  python3 - "$tmp" <<'PY'
import sys, zipfile, glob
whl = glob.glob(sys.argv[1] + "/z3_solver-*.whl")[0]
zipfile.ZipFile(whl).extractall(sys.argv[1] + "/x")
PY
  rm -rf "$Z3_DIR"
  mkdir -p "$Z3_DIR/lib" "$Z3_DIR/include"
  cp "$tmp"/x/z3/lib/libz3.so "$Z3_DIR/lib/"
  ln -sf libz3.so "$Z3_DIR/lib/libz3.so.4.13"
  cp "$tmp"/x/z3/include/*.h "$Z3_DIR/include/"
  echo "$Z3_VERSION" > "$Z3_DIR/VERSION"
  rm -rf "$tmp"
fi

if ! command -v just >/dev/null 2>&1; then
  say "installing just $JUST_VERSION (PyPI package rust-just ships the binary)"
  python3 -m pip install --quiet --root-user-action=ignore "rust-just==$JUST_VERSION"
  scripts_dir=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
  # pip's script directory is not always on PATH; /usr/local/bin is.
  command -v just >/dev/null 2>&1 || ln -sf "$scripts_dir/just" /usr/local/bin/just
fi

# pytest runs the Python package's tests (`just python`); pip fetches maturin itself when it
# builds ./python.
if ! python3 -c 'import pytest' >/dev/null 2>&1; then
  say "installing pytest (PyPI)"
  python3 -m pip install --quiet --root-user-action=ignore "pytest>=8,<10"
fi

# cvc5 replays solver steps (a second SMT solver); CBC is the integer-programming engine
# behind good_lp (crates/ilp); pkg-config lets the coin_cbc crate find it; Coq (coqc 8.16)
# re-checks elementary claims in its kernel (`just coq`); Graphviz renders `show --format svg`.
missing=()
command -v cvc5 >/dev/null 2>&1 || missing+=(cvc5)
command -v coqc >/dev/null 2>&1 || missing+=(coq)
[ -f /usr/include/coin/CbcSolver.hpp ] || missing+=(coinor-libcbc-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing from Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

say "ok: z3 $(cat "$Z3_DIR/VERSION") in $Z3_DIR, $(just --version), $(cvc5 --version 2>/dev/null | head -n1), $(coqc --version 2>/dev/null | head -n1), $(dot -V 2>&1 | head -n1)"
