"""Similarity of what students wrote: copydetect's winnowing fingerprints on the solution regions, MOSS-style.

Only the solution regions count: the code of each nbgrader solution cell minus the lines of the released stub
(the `def` line, the docstring, `raise NotImplementedError()`). copydetect tokenises that code with pygments and
replaces every identifier with one letter and every string with another, and drops comments and whitespace, so
renamed variables, rewritten comments and reformatting do not hide copying; winnowing fingerprints are local, so
neither does reordering functions. Two kinds of shared code are discounted, as MOSS does: every fingerprint of the
release notebook's code (copydetect's boilerplate), and every fingerprint that a large part of the class shares
(a short exercise's one natural answer, `return w1 * x ** 2 + w2 * x + b`, is nobody's copy).
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

NOISE = 20
"""copydetect's noise threshold: k, in characters of the normalised code (`returnV*V**2+V*V+V` is 18)."""
GUARANTEE = 24
"""A match this long (normalised characters) is always found; the winnowing window is GUARANTEE - NOISE + 1."""
THRESHOLD = 0.6
# Measured on hw03 (tests/test_insight.py's class and bench/insight.py's 300 variants): a copy with renamed
# identifiers, reordered helper functions and rewritten comments scores 0.93-1.0; the 28 pairs of eight
# independent correct solutions written in different styles score at most 0.39 (median 0.0), and untouched
# stubs 0 (they have no solution region). 0.6 sits between the two with room on both sides.
COMMON_SHARE = 0.2
"""A fingerprint found in more than this share of the class (and at least MIN_COMMON students) is discounted."""
MIN_COMMON = 3
PREFILTER = 0.5
# A pair is compared exactly only when one student has more than PREFILTER * threshold of their fingerprints in
# the other's: a score is the share of code covered by matching fingerprints, which the share of matching
# fingerprints tracks closely (winnowing keeps about one fingerprint per window), so halving the threshold loses
# no pair above it. On bench/insight.py's 300 students this skips most of the 44,850 exact comparisons.
MIN_MATCH = 2 * NOISE
"""A pair must share at least this many normalised characters to be listed, whatever its share."""


@dataclass(frozen=True)
class Pair:
    """Two students whose solution regions share more than the threshold."""

    students: tuple[str, str]
    score: float
    """The larger of the two shares: the part of one student's code (after discounts) found in the other's."""
    shares: tuple[float, float]
    """For each student, the share of their fingerprinted code that matches the other's."""
    code: tuple[str, str]
    """Each student's solution region, as compared."""
    matches: tuple[list[tuple[int, int]], list[tuple[int, int]]]
    """For each student, the matching regions of `code` as [start, end) character offsets."""


def solution_code(notebook: Mapping, stub: Mapping | None) -> str:
    """The code a student wrote in the notebook's solution cells: each cell's lines the released cell lacks."""
    released = {_grade_id(c): set(_lines(c)) for c in (stub or {}).get("cells", []) if _grade_id(c)}
    parts = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("solution"):
            continue
        given = released.get(_grade_id(cell), set())
        mine = [line for line in _source(cell).splitlines() if line.strip() and line.strip() not in given]
        if mine:
            parts.append("\n".join(mine))
    return "\n".join(parts)


def notebook_code(notebook: Mapping) -> str:
    """All code cells of a notebook, one after the other (the release notebook is the boilerplate)."""
    return "\n".join(_source(c) for c in notebook.get("cells", []) if c.get("cell_type") == "code")


def similar_pairs(codes: Mapping[str, str], *, boilerplate: str = "", threshold: float = THRESHOLD,
                  common_share: float = COMMON_SHARE) -> list[Pair]:
    """Every pair of students whose solution regions score above `threshold`, highest first.

    Args:
        codes: student -> solution region (`solution_code`).
        boilerplate: code given to every student (the release notebook's code): its fingerprints never count.
        threshold: the score above which a pair is listed.
        common_share: fingerprints found in more than this share of the class are discounted.
    """
    from copydetect import CodeFingerprint, compare_files  # type: ignore[import-untyped]

    students = sorted(s for s, code in codes.items() if code.strip())
    given = np.unique(np.array(list(_fingerprint(boilerplate, window=1).hashes), dtype=np.int64)) if boilerplate.strip() \
        else np.array([], dtype=np.int64)
    prints = {s: CodeFingerprint(f"{s}.py", NOISE, GUARANTEE - NOISE + 1, given, language="python",
                                 fp=io.StringIO(codes[s])) for s in students}
    _discount_common(prints, max(MIN_COMMON, math.floor(common_share * len(students)) + 1))
    pairs = []
    for i, j in _candidates([prints[s].hashes for s in students], PREFILTER * max(threshold, 0.0)):
        a, b = students[i], students[j]
        overlap, shares, slices = compare_files(prints[a], prints[b])
        score = float(max(shares))
        if score > threshold and overlap >= MIN_MATCH:
            pairs.append(Pair((a, b), round(score, 4), (round(float(shares[0]), 4), round(float(shares[1]), 4)),
                              (codes[a], codes[b]), (_regions(slices[0]), _regions(slices[1]))))
    return sorted(pairs, key=lambda p: (-p.score, p.students))


def all_scores(codes: Mapping[str, str], *, boilerplate: str = "", common_share: float = COMMON_SHARE
               ) -> dict[tuple[str, str], float]:
    """The score of every pair that shares any fingerprint (for calibrating the threshold)."""
    return {p.students: p.score for p in similar_pairs(codes, boilerplate=boilerplate, threshold=-1.0,
                                                        common_share=common_share)}


def _fingerprint(code: str, *, window: int):
    from copydetect import CodeFingerprint

    return CodeFingerprint("boilerplate.py", NOISE, window, language="python", fp=io.StringIO(code))


def _discount_common(prints: dict, at_least: int) -> None:
    """Drops from every fingerprint the hashes that `at_least` students share (MOSS's -m)."""
    from copydetect.utils import get_token_coverage  # type: ignore[import-untyped]

    counts: dict[int, int] = {}
    for fp in prints.values():
        for h in fp.hashes:
            counts[h] = counts.get(h, 0) + 1
    common = {h for h, n in counts.items() if n >= at_least}
    if not common:
        return
    for fp in prints.values():
        if fp.hashes & common:
            fp.hashes = fp.hashes - common
            fp.hash_idx = {h: idx for h, idx in fp.hash_idx.items() if h not in common}
            fp.token_coverage = get_token_coverage(fp.hash_idx, fp.k, len(fp.filtered_code))


def _candidates(hashes: list[set[int]], least: float) -> list[tuple[int, int]]:
    """The pairs (i < j) of which one has more than `least` of its fingerprints in the other (and at least one).

    One matrix product instead of n² set intersections; copydetect's exact comparison then runs on these only.
    """
    vocabulary = {h: n for n, h in enumerate({h for hs in hashes for h in hs})}
    if not vocabulary:
        return []
    incidence = np.zeros((len(hashes), len(vocabulary)), dtype=np.float32)
    for row, hs in enumerate(hashes):
        incidence[row, [vocabulary[h] for h in hs]] = 1.0
    shared = np.triu(incidence @ incidence.T, k=1)
    sizes = np.maximum(incidence.sum(axis=1), 1.0)
    contained = shared / np.minimum(sizes[:, None], sizes[None, :])
    return [(int(i), int(j)) for i, j in zip(*np.nonzero((shared > 0) & (contained > least)))]


def _regions(slices) -> list[tuple[int, int]]:
    if len(slices) == 0 or len(slices[0]) == 0:
        return []
    return [(int(start), int(end)) for start, end in zip(slices[0], slices[1])]


def _grade_id(cell: Mapping) -> str:
    return str(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))


def _source(cell: Mapping) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _lines(cell: Mapping) -> list[str]:
    return [line.strip() for line in _source(cell).splitlines() if line.strip()]
