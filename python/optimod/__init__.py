"""optimod: provably optimal exact random generators modulo n.

    >>> import optimod
    >>> answer = optimod.prove(42)          # the primes below 42 as generators
    >>> answer.calls                         # 1/2 + 1/3 + 1/7 = 41/42
    2
    >>> optimod.sampler(42).sample() in range(42)
    True

Every answer comes from the independent checker (`Proof.trust` and `Proof.basis` say what
it rests on); a question the search cannot settle raises `Unknown` with the bounds so far.
"""
from ._optimod import (
    CheckFailed,
    Error,
    Grade,
    InvalidInput,
    Proof,
    Sampler,
    Unknown,
    grade,
    prove,
    sampler,
    verify,
)

__all__ = [
    "CheckFailed",
    "Error",
    "Grade",
    "InvalidInput",
    "Proof",
    "Sampler",
    "Unknown",
    "grade",
    "prove",
    "sampler",
    "verify",
]
