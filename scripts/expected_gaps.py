#!/usr/bin/env python3
"""docs/expected-gaps.svg: for every n of proofs/expected/ (expected calls over all strategies,
the primes below n), the gap between the certified strategy's expected calls and the proven
lower bound, on a log scale; proved n (gap 0) are marked on a strip of their own. Written by
`just prove-expected` (scripts/expected_table.py calls `write`) and checked by
`just check-expected`; plain SVG, no plotting library, the same bytes on every run.

usage: expected_gaps.py ROOT   (reads ROOT/proofs/expected/*.json, writes ROOT/docs/expected-gaps.svg)"""
import json
import math
import os
import sys
from fractions import Fraction

WIDTH, HEIGHT = 760, 400
LEFT, RIGHT, TOP, BOTTOM = 70, 740, 50, 310  # the plot area; the proved strip below it
STRIP = 345


def log10(value):
    """log10 of a positive Fraction, exact enough for a picture (its terms may be 400 digits)."""
    return math.log10(value.numerator) - math.log10(value.denominator)


def claims(root):
    """(n, status, gap) for every certificate in ROOT/proofs/expected, ascending n."""
    folder = os.path.join(root, "proofs", "expected")
    rows = []
    for name in os.listdir(folder):
        if name.endswith(".json"):
            with open(os.path.join(folder, name)) as f:
                claim = json.load(f)["claim"]
            rows.append((int(name[:-5]), claim["status"], Fraction(claim["gap"])))
    return sorted(rows)


def svg(rows):
    ns = [n for n, _, _ in rows]
    logs = [log10(g) for _, s, g in rows if g > 0]
    low, high = math.floor(min(logs)), math.ceil(max(logs))
    x = lambda n: LEFT + (n - ns[0]) * (RIGHT - LEFT) / (ns[-1] - ns[0])
    y = lambda v: BOTTOM - (v - low) * (BOTTOM - TOP) / (high - low)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2:.0f}" y="22" text-anchor="middle" font-size="14">Expected calls over all '
        f'strategies, n = {ns[0]}..{ns[-1]} from the primes below n: best strategy minus lower bound</text>',
    ]
    for k in range(low, high + 1):
        out.append(f'<line x1="{LEFT}" y1="{y(k):.1f}" x2="{RIGHT}" y2="{y(k):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y(k) + 4:.1f}" text-anchor="end">1e{k}</text>')
    for n in ns:
        if n % 5 == 0 or n == ns[0]:
            out.append(f'<text x="{x(n):.1f}" y="{STRIP + 30}" text-anchor="middle">{n}</text>')
    out.append(f'<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="black"/>')
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BOTTOM}" stroke="black"/>')
    out.append(f'<text x="18" y="{(TOP + BOTTOM) / 2:.0f}" text-anchor="middle" '
               f'transform="rotate(-90 18 {(TOP + BOTTOM) / 2:.0f})">gap (log scale)</text>')
    out.append(f'<text x="{LEFT - 8}" y="{STRIP + 4}" text-anchor="end">proved</text>')
    for n, status, gap in rows:
        if gap == 0:
            out.append(f'<rect x="{x(n) - 4:.1f}" y="{STRIP - 4}" width="8" height="8" fill="#2a7"><title>n = {n}: '
                       f'proved (gap 0)</title></rect>')
        else:
            v = log10(gap)
            out.append(f'<line x1="{x(n):.1f}" y1="{BOTTOM}" x2="{x(n):.1f}" y2="{y(v):.1f}" stroke="#c55"/>')
            out.append(f'<circle cx="{x(n):.1f}" cy="{y(v):.1f}" r="4" fill="#c55"><title>n = {n}: {status}, gap '
                       f'{float(gap):.3e}</title></circle>')
    proved = sum(g == 0 for _, _, g in rows)
    out.append(f'<text x="{RIGHT}" y="{HEIGHT - 8}" text-anchor="end" fill="#555">{proved} of {len(rows)} proved '
               f'(green); red: bounded, the gap between the certified strategy and the proven lower bound</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write(root):
    os.makedirs(os.path.join(root, "docs"), exist_ok=True)
    with open(os.path.join(root, "docs", "expected-gaps.svg"), "w") as f:
        f.write(svg(claims(root)))


if __name__ == "__main__":
    write(sys.argv[1])
