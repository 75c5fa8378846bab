"""Type stubs for optimod (the native module optimod._optimod)."""
from fractions import Fraction
from random import Random
from typing import Callable, Literal, Optional, Sequence, Tuple, Union

Objective = Literal["worst-case", "expected"]
Verdict = Literal["optimal", "suboptimal", "inexact", "invalid", "unknown", "error"]

class Error(Exception):
    """Every optimod error: the base of the others."""

class InvalidInput(Error):
    """The question or the strategy is not well posed (the CLI's exit code 2)."""

class Unknown(Error):
    """Not settled within the limits; the message gives the bounds (exit code 3)."""

class CheckFailed(Error):
    """The checker refused a certificate, or engines disagreed (exit code 4)."""

class Proof:
    """A claim the checker accepted."""

    @property
    def modulus(self) -> int: ...
    @property
    def calls(self) -> Optional[int]:
        """The fewest calls in the worst case (a worst-case claim), else None."""
    @property
    def expected_calls(self) -> Optional[Fraction]:
        """The strategy's exact expected calls; None when no strategy exists."""
    @property
    def impossible(self) -> bool:
        """True when no finite exact strategy exists."""
    @property
    def trust(self) -> Literal["elementary", "solver", "coq"]: ...
    @property
    def basis(self) -> str:
        """What the claim rests on, in words."""
    @property
    def words(self) -> str:
        """The claim, the strategy and the lower bound in words."""
    @property
    def certificate(self) -> str:
        """The certificate's JSON, as `optimod prove --out` writes it."""
    def sampler(self) -> "Sampler": ...

class Sampler:
    """A certified strategy to draw from."""

    @property
    def modulus(self) -> int: ...
    def sample(self, rng: Optional[Random] = None) -> int:
        """One value in range(n); each call of size m is rng.randrange(m)."""
    def sample_with_calls(self, rng: Optional[Random] = None) -> Tuple[int, int]:
        """One value and the generator calls it took."""
    def run(self, call: Callable[[int], int]) -> Tuple[int, int]:
        """One value and its calls from your own generators: call(m) is an int in range(m)."""

class Grade:
    """A graded strategy: what `optimod grade --json` reports."""

    @property
    def verdict(self) -> Verdict: ...
    @property
    def reason(self) -> str: ...
    @property
    def exact(self) -> Optional[bool]: ...
    @property
    def worst_case_calls(self) -> Optional[int]: ...
    @property
    def expected_calls(self) -> Optional[Fraction]: ...
    @property
    def reading(self) -> Optional[str]: ...
    @property
    def summary(self) -> str: ...
    @property
    def json(self) -> str: ...

def prove(n: int, generators: Optional[Sequence[int]] = None, objective: Objective = "worst-case") -> Proof:
    """Proves the optimum for n; generators default to the primes below n."""

def verify(certificate: str) -> Proof:
    """Checks certificate JSON with the independent checker (CheckFailed if refused)."""

def sampler(n: int, generators: Optional[Sequence[int]] = None, objective: Objective = "worst-case") -> Sampler:
    """The certified strategy for n, ready to draw from."""

def grade(
    n: int,
    strategy: Union[Callable[[Callable[[int], int]], int], str],
    generators: Optional[Sequence[int]] = None,
    objective: Objective = "worst-case",
    max_calls: int = 32,
    time_limit: float = 20.0,
) -> Grade:
    """Grades sample(rng) (explored in-process, path by path) or tree notation for n."""
