"""The Python package against the library's answers and the CLI's verdicts.

Run by `just python` (part of `just test`): pip installs ./python, then pytest runs this file.
"""
import json
import os
import random
import subprocess
from fractions import Fraction

import pytest

import optimod

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, "target", "release", "optimod")


def puzzle(rng):
    """The optimum for 42: call 41, then 2, 3 or 7 (1/2 + 1/3 + 1/7 = 41/42)."""
    r = rng(41)
    if r < 21:  # each branch outputs every value once: 1/82 + 1/123 + 1/287 = 1/42
        return r + 21 * rng(2)
    if r < 35:
        return (r - 21) + 14 * rng(3)
    return (r - 35) + 6 * rng(7)


def textbook(rng):
    """The Chinese remainder theorem answer: three calls, exact, one too many."""
    return (21 * rng(2) + 14 * rng(3) + 6 * rng(7)) % 42


def off_by_one(rng):
    """The textbook digits folded modulo 41: output 0 twice as likely, 41 never."""
    return (21 * rng(2) + 7 * rng(3) + rng(7)) % 41


def reject(rng):
    """5 from a coin by rejection: three flips, restart on 5, 6, 7."""
    v = 4 * rng(2) + 2 * rng(2) + rng(2)
    return v if v < 5 else reject(rng)


def test_prove_42_is_two_calls_and_its_certificate_verifies():
    answer = optimod.prove(42)
    assert answer.calls == 2
    assert answer.modulus == 42 and not answer.impossible
    assert answer.trust == "elementary"
    assert answer.expected_calls == Fraction(2)
    assert "reach" in answer.basis
    again = optimod.verify(answer.certificate)
    assert again.calls == 2 and again.certificate == answer.certificate


def test_prove_matches_the_library_on_custom_menus_and_expected_calls():
    assert optimod.prove(5, [2], "expected").expected_calls == Fraction(18, 5)
    assert optimod.prove(6, [2, 3]).calls == 2
    assert optimod.prove(10, (3, 4)).impossible


def test_a_tampered_certificate_is_refused():
    text = optimod.prove(42).certificate
    with pytest.raises(optimod.CheckFailed):
        optimod.verify(text.replace('"count": 1', '"count": 2', 1))
    with pytest.raises(optimod.CheckFailed, match="version"):
        optimod.verify(text.replace('"version": 4', '"version": 3'))
    with pytest.raises(optimod.CheckFailed):
        optimod.verify("{not json")


@pytest.mark.parametrize(
    "call",
    [
        lambda: optimod.prove(1),
        lambda: optimod.prove(-5),
        lambda: optimod.prove(2**200),
        lambda: optimod.prove(10, []),
        lambda: optimod.prove(10, [1, 2]),
        lambda: optimod.prove(10, objective="fastest"),
        lambda: optimod.grade(42, "41(2(0 1)"),
        lambda: optimod.grade(42, puzzle, max_calls=0),
    ],
)
def test_bad_input_is_invalid_input_with_the_cli_message(call):
    with pytest.raises(optimod.InvalidInput, match="invalid input"):
        call()


def test_wrong_types_are_type_errors_and_errors_share_a_base():
    with pytest.raises(TypeError):
        optimod.prove("42")
    with pytest.raises(TypeError):
        optimod.grade(42, 3.5)
    assert all(issubclass(e, optimod.Error) for e in (optimod.InvalidInput, optimod.Unknown, optimod.CheckFailed))


def test_grading_callables_in_process():
    assert optimod.grade(42, puzzle).verdict == "optimal"
    textbook_grade = optimod.grade(42, textbook)
    assert textbook_grade.verdict == "suboptimal" and textbook_grade.worst_case_calls == 3
    assert textbook_grade.exact and textbook_grade.expected_calls == Fraction(3)
    inexact = optimod.grade(42, off_by_one)
    assert inexact.verdict == "inexact" and inexact.exact is False and "output" in inexact.reason
    assert "in-process" in optimod.grade(42, puzzle).reading


def test_a_loop_is_read_by_its_restarts():
    graded = optimod.grade(5, reject, generators=[2], objective="expected")
    assert graded.exact and "restarts" in graded.reading
    assert graded.expected_calls == Fraction(24, 5)  # 3 flips, 5/8 of the time done
    assert graded.verdict == "suboptimal"  # Knuth-Yao needs 18/5


def test_a_misbehaving_strategy_is_invalid_not_a_crash():
    def raises(rng):
        if rng(2):
            raise RuntimeError("boom")
        return 0

    def flips(rng, state=[0]):
        state[0] += 1
        return rng(2) if state[0] % 3 else rng(3) % 2

    assert "RuntimeError: boom" in optimod.grade(2, raises, generators=[2]).reason
    assert optimod.grade(2, flips, generators=[2, 3]).verdict == "invalid"
    assert optimod.grade(42, lambda rng: rng(10**7)).verdict == "invalid"


def test_tree_notation_is_graded_like_the_cli():
    assert optimod.grade(6, "2(3(0 1 2) 3(3 4 5))", generators=[2, 3]).verdict == "optimal"
    assert optimod.grade(6, "2(3(0 1 2) 3(3 4 4))", generators=[2, 3]).verdict == "inexact"


@pytest.mark.skipif(not os.path.exists(CLI), reason="needs target/release/optimod (just build)")
def test_in_process_grades_equal_the_cli_sandbox(tmp_path):
    source = tmp_path / "strategy.py"
    for function in (puzzle, textbook, off_by_one):
        import inspect

        source.write_text(inspect.getsource(function).replace(function.__name__, "sample", 1))
        done = subprocess.run([CLI, "grade", "42", str(source), "--json"], capture_output=True, text=True)
        cli = json.loads(done.stdout)
        ours = json.loads(optimod.grade(42, function).json)
        for field in ("verdict", "exact", "worst_case_calls", "expected_calls", "optimum", "reason", "objective"):
            assert ours[field] == cli[field], (function.__name__, field)


def test_sampler_draws_every_value_and_runs_on_your_generators():
    draw = optimod.sampler(42)
    rng = random.Random(2026)
    seen = {draw.sample(rng) for _ in range(4200)}
    assert seen == set(range(42))
    assert draw.sample_with_calls(rng)[1] == 2
    outcomes = iter([40, 1])
    value, calls = draw.run(lambda m: next(outcomes))
    assert 0 <= value < 42 and calls == 2
    with pytest.raises(optimod.InvalidInput, match="gave outcome 41, not in 0..41"):
        draw.run(lambda m: m)
    with pytest.raises(ZeroDivisionError):
        draw.run(lambda m: 1 // 0)


def test_a_coin_gets_a_sampler_for_any_n():
    coin = optimod.sampler(1000, [2], "expected")
    rng = random.Random(7)
    assert all(0 <= coin.sample(rng) < 1000 for _ in range(200))
    assert optimod.prove(1000, [2], "expected").expected_calls > 10
