#!/usr/bin/env bash
# Replays every solver step with cvc5, a solver of another lineage than z3: each (check-sat)
# of every *.smt2 under proofs/ (none since the enumeration settles their questions) and under
# tests/fixtures/ (the solver path's fixtures) must answer unsat. Exit 1 otherwise.
set -euo pipefail
shopt -s nullglob globstar
status=0
scripts=(proofs/**/*.smt2 tests/fixtures/**/*.smt2)
for script in "${scripts[@]}"; do
  expected=$(grep -c '^(check-sat)' "$script")
  answers=$(cvc5 --incremental --lang smt2 --tlimit=600000 "$script" 2>&1 || true)
  unsat=$(printf '%s\n' "$answers" | grep -cx 'unsat' || true)
  if [ "$unsat" -eq "$expected" ] && [ "$(printf '%s\n' "$answers" | grep -cvx 'unsat' || true)" -eq 0 ]; then
    echo "$script: cvc5 agrees: $unsat of $expected cases unsat"
  else
    echo "$script: FAILED: expected $expected unsat, cvc5 said:" >&2
    printf '%s\n' "$answers" >&2
    status=1
  fi
done
echo "replayed ${#scripts[@]} script(s) with $(cvc5 --version | head -n1)"
exit $status
