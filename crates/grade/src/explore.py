"""optimod's explorer. Runs a strategy `FUNCTION(rng)` from FILE on every sequence of
outcomes, depth first, re-running it from the start for each prefix, and prints the decision
tree it implements as one JSON object, written to file descriptor 3 (a pipe private to optimod;
the strategy's own stdout and stderr are drained and shown, never read as a report) and
carrying the nonce read from standard input: {"nonce", "tree": [...]} in preorder (a leaf is its output, a
call of size m is -m followed by its m subtrees, a path still calling after MAX_CALLS calls is
null, a node read as a restart of the start is "@") with "evidence" (how many calls deep each
restart was seen to repeat the start), or {"error": {"kind", "path", "detail"}}.

Usage: explore.py FILE FUNCTION MODULUS MAX_CALLS MAX_NODES MAX_SIZE  (nonce on stdin)

Imported as a module (the Python package does, to grade a callable in-process), nothing runs;
explore(function, n, max_calls, max_nodes, max_size, deadline) returns the same report as a
dict, without the nonce.
"""
import importlib.util
import json
import os
import sys
import time


class Stop(BaseException):
    """Raised inside rng when the scripted outcomes run out: the node is a call."""


class Fault(Exception):
    def __init__(self, kind, path, detail):
        super().__init__(detail)
        self.kind, self.path, self.detail = kind, list(path), detail


def load(path, name):
    spec = importlib.util.spec_from_file_location("strategy", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SystemExit as e:
        raise Fault("exit", [], f"the module called sys.exit({e.code!r}) while loading") from None
    function = getattr(module, name, None)
    if not callable(function):
        raise Fault("load", [], f"{path} defines no function {name}(rng)")
    return function


def explorer(function, n, max_calls, max_nodes, max_size, deadline=None):
    sizes = {}  # outcome prefix -> the size called there
    count = [0]

    def run(prefix):
        calls = []

        def rng(m):
            k = len(calls)
            key = tuple(prefix[:k])
            if type(m) is not int or m < 1:
                raise Fault("size", key, f"rng was called with {m!r}")
            if m > max_size:
                raise Fault("size", key, f"rng was called with {m}, above the largest size {max_size}")
            known = sizes.setdefault(key, m)
            if known != m:
                raise Fault("nondeterministic", key, f"this path called rng({known}) before and rng({m}) now")
            calls.append(m)
            if k < len(prefix):
                return prefix[k]
            raise Stop

        try:
            value = function(rng)
        except (Stop, Fault):
            raise
        except SystemExit as e:
            raise Fault("exit", prefix[: len(calls)], f"the strategy called sys.exit({e.code!r})") from None
        except BaseException as e:
            raise Fault("exception", prefix[: len(calls)], f"{type(e).__name__}: {e}") from None
        if len(calls) != len(prefix):
            raise Fault("nondeterministic", prefix[: len(calls)], "this path returned before, it calls rng now")
        if type(value) is not int or not 0 <= value < n:
            raise Fault("return", prefix, f"returned {value!r}, not an integer in 0..{n}")
        return value

    def explore(prefix, out, budget, restart):
        count[0] += 1
        if count[0] > budget:
            raise Fault("too-large", prefix, f"more than {budget} nodes")
        # Each run ends within max_calls calls (rng stops it), so a check per node bounds
        # the time of a strategy that calls rng; in-process, one that never returns is not.
        if deadline is not None and time.monotonic() > deadline:
            raise Fault("time-limit", prefix, "exploring every path took longer than the time limit")
        try:
            value = run(prefix)
            again = run(prefix)
            if again != value:
                raise Fault("nondeterministic", prefix, f"this path returned {value!r}, then {again!r}")
            out.append(value)
            return
        except Stop:
            pass
        if len(prefix) >= max_calls:
            out.append(None)
            return
        m = sizes[tuple(prefix)]
        if prefix and restart is not None and restart(prefix, m):
            out.append("@")
            return
        out.append(-m)
        for i in range(m):
            explore(prefix + (i,), out, budget, restart)

    def result(prefix):
        try:
            return ("out", run(prefix))
        except Stop:
            return ("call", sizes[tuple(prefix)])

    def signature(limit):
        """The start's first outcomes, breadth first: (prefix, output or size called)."""
        seen, frontier = [], [()]
        while frontier and len(seen) < limit:
            nxt = []
            for q in frontier:
                kind, value = result(q)
                seen.append((q, kind, value))
                if kind == "call" and len(q) < max_calls:
                    nxt.extend(q + (i,) for i in range(value))
                if len(seen) >= limit:
                    break
            frontier = nxt
        return seen

    def whole():
        """A finite tree if every path stops within the limits; otherwise the tree again,
        with a node read as a restart ("@") when it behaves like the start on every prefix
        of the start's signature (an inference from what was explored, reported as such)."""
        out = []
        try:
            explore((), out, min(max_nodes, 300000), None)
            if None not in out:
                return out, 0
        except Fault as f:
            if f.kind != "too-large":
                raise
        sig = signature(2000)
        if not any(kind == "out" for _, kind, _ in sig):
            # No output among the start's first prefixes: nothing to tell a restart from a
            # deeper finite tree, so no restart is inferred.
            raise Fault("too-large", [], f"more than {min(max_nodes, 300000)} nodes, and no output among the "
                        f"first {len(sig)} outcome prefixes: too large to explore (not read as a loop)")
        evidence = max(len(q) for q, _, _ in sig)
        root_size = sig[0][2] if sig[0][1] == "call" else None

        def restart(prefix, m):
            if m != root_size:
                return False
            return all(result(prefix + q) == (kind, value) for q, kind, value in sig[1:])

        count[0] = 0
        out = []
        explore((), out, max_nodes, restart)
        return out, evidence

    return whole


def explore(function, n, max_calls, max_nodes, max_size, deadline=None):
    """The report for `function` as a dict: {"tree", "evidence"} or {"error": {...}}."""
    try:
        tree, evidence = explorer(function, n, max_calls, max_nodes, max_size, deadline)()
        return {"tree": tree, "evidence": evidence}
    except Fault as f:
        return {"error": {"kind": f.kind, "path": f.path, "detail": f.detail}}
    except MemoryError:
        return {"error": {"kind": "memory", "path": [], "detail": "the memory limit was reached"}}
    except RecursionError:
        return {"error": {"kind": "too-large", "path": [], "detail": "the strategy recursed too deep"}}


def main():
    path, name, n, max_calls, max_nodes, max_size = sys.argv[1:7]
    nonce = sys.stdin.readline().strip()
    sys.stdin.close()
    report = os.fdopen(3, "w")
    sys.setrecursionlimit(max(1000, 4 * int(max_calls) + 100))

    def send(value):
        value["nonce"] = nonce
        report.write(json.dumps(value, separators=(",", ":")))
        report.close()

    try:
        function = load(path, name)
        send(explore(function, int(n), int(max_calls), int(max_nodes), int(max_size)))
    except Fault as f:
        send({"error": {"kind": f.kind, "path": f.path, "detail": f.detail}})
    except BaseException as e:
        send({"error": {"kind": "load", "path": [], "detail": f"{type(e).__name__}: {e}"}})


if __name__ == "__main__":
    main()
