# optimod's commands. `just --list` shows them.

optimod := "target/release/optimod"

# List the recipes.
default:
    @just --list

# Build the optimod binary (release).
build:
    cargo build --release --quiet -p optimod-cli

# Certify the optimum for N (a spec name in specs/, or a bare modulus with the primes below it).
prove N: build
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -f "specs/{{N}}.toml" ]; then target="specs/{{N}}.toml"; else target="{{N}}"; fi
    {{optimod}} prove "$target" --out "proofs/{{N}}.json"

# Regenerate the certificate of every spec in specs/.
prove-all: build
    #!/usr/bin/env bash
    set -euo pipefail
    for spec in specs/*.toml; do
      name=$(basename "$spec" .toml)
      {{optimod}} prove "$spec" --out "proofs/$name.json" --json
    done

# Re-check every certificate in proofs/ with the independent checker.
verify: build
    {{optimod}} verify proofs/*.json

# Replay every solver step in proofs/ (*.smt2) with cvc5; each case must answer unsat.
replay:
    bash scripts/replay.sh

# The test suite: unit tests, certificate snapshots, committed proofs regenerate byte for byte
# and verify, adversarial checker tests, cvc5 replay of solver steps.
test:
    CI=true cargo test --workspace --release
    just verify
    just replay

# Wall time of `optimod prove n` for every n in 4..=N (primes below n), one line each, and the total.
bench N="64": build
    python3 scripts/bench.py {{optimod}} {{N}}
