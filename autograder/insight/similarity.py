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
from typing import Any

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
ORACLE_THRESHOLD = 0.3
# A student's score against the oracles is the share of their code found there (the oracles hold much that no
# student writes). Measured with the oracles pasted in as a student would (tests/test_insight.py's `pasted`:
# renamed to the stubs' names, comments rewritten, the grader's helpers they call pasted too) over 12 hash seeds
# (copydetect hashes with Python's salted hash(), so a score moves by a few hundredths from run to run): in
# bench/insight.py's class of 300 hw03 students, the ten who pasted and made the code their own as the others do
# score 0.46-0.62 and every other student at most 0.14 (70 characters); in the tests' hw03 class the paster scores
# 0.60-0.66 and the eight styles at most 0.06; among hw02's source notebook and its 15 classic mistakes, the
# paster scores 0.76-0.82 and nobody else is listed. 0.3 sits between. A paster scores less where the helpers the
# oracles need are large and no oracles (hw01: 0.26-0.34). The lecture's way is told from the oracles by the
# class's discount only: with no class to share it, hw07's source notebook scores 0.56-0.61 (hw02's 0.41-0.53,
# hw12's 0.44-0.47, hw10's at most 0.25), since those oracles are written the lecture's way.
MIN_ORACLE_MATCH = 4 * NOISE
"""A student must share at least this many normalised characters with the oracles to be listed: after the
discounts, the few lines left of a student who writes the lecture's way may be mostly an oracle's (each lesson's
source notebook among its classic mistakes: up to 0.91 of 42 characters on hw04, and never more than 56
characters), and one short natural answer is no evidence either (`return ((x * w - y) ** 2).mean()` is 22)."""


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


@dataclass(frozen=True)
class OracleMatch:
    """A student whose solution regions match the grader's reference solutions (the lesson's oracles)."""

    student: str
    score: float
    """The share of the student's code (after discounts) found in the oracles."""
    oracles: list[str]
    """The oracles that the matching code comes from, in `oracle_code`'s order."""
    code: str
    """The student's solution region, as compared."""
    matches: list[tuple[int, int]]
    """The regions of `code` that match the oracles, as [start, end) character offsets."""


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


@dataclass(frozen=True)
class Fingerprints:
    """A class's solution regions fingerprinted once for every comparison, less the discounts: the hashes of the
    boilerplate and those that a large part of the class shares. Tokenising is nearly all of the time: 1.6 s for
    300 hw03 students, against 5 ms to compare them all with the oracles."""

    codes: Mapping[str, str]
    """student -> solution region (`solution_code`)."""
    prints: dict[str, Any]
    """student -> copydetect's CodeFingerprint, discounted; none for a student with no code."""
    given: np.ndarray
    """The boilerplate's hashes."""
    common: set[int]
    """The hashes that a large part of the class shares."""

    def author(self, code: str) -> Any:
        """The fingerprint of code from outside the class (the oracles), discounted as the students' are."""
        fp = _fingerprint(code, self.given)
        _discount([fp], self.common)
        return fp


def fingerprints(codes: Mapping[str, str], *, boilerplate: str = "", common_share: float = COMMON_SHARE
                 ) -> Fingerprints:
    """The class's fingerprints.

    Args:
        codes: student -> solution region (`solution_code`).
        boilerplate: code given to every student (the release notebook's code): its fingerprints never count.
        common_share: fingerprints found in more than this share of the class are discounted.
    """
    given = np.unique(np.array(list(_fingerprint(boilerplate, window=1).hashes), dtype=np.int64)) if boilerplate.strip() \
        else np.array([], dtype=np.int64)
    prints = {s: _fingerprint(code, given) for s, code in sorted(codes.items()) if code.strip()}
    common = _common(prints, max(MIN_COMMON, math.floor(common_share * len(prints)) + 1))
    _discount(list(prints.values()), common)
    return Fingerprints(codes, prints, given, common)


def similar_pairs(prints: Fingerprints, *, threshold: float = THRESHOLD) -> list[Pair]:
    """Every pair of students whose solution regions score above `threshold`, highest first."""
    from copydetect import compare_files  # type: ignore[import-untyped]

    students, codes = list(prints.prints), prints.codes
    pairs = []
    for i, j in _candidates([prints.prints[s].hashes for s in students], PREFILTER * max(threshold, 0.0)):
        a, b = students[i], students[j]
        overlap, shares, slices = compare_files(prints.prints[a], prints.prints[b])
        score = float(max(shares))
        if score > threshold and overlap >= MIN_MATCH:
            pairs.append(Pair((a, b), round(score, 4), (round(float(shares[0]), 4), round(float(shares[1]), 4)),
                              (codes[a], codes[b]), (_regions(slices[0]), _regions(slices[1]))))
    return sorted(pairs, key=lambda p: (-p.score, p.students))


def oracle_code(lesson_id: str) -> dict[str, str]:
    """The source of the lesson's oracles, by name: the functions named `*_reference` and the classes named
    `*Reference` or `*_reference` defined in a module LESSON or LESSON_* of `autograder.lessons` (the oracles of
    the checks) or of `autograder.standins` (the trusted exercises that stand in for the student's own).

    They ship in site-packages with the grader, so a student can paste them in, renamed to the stubs' names.
    """
    import importlib
    import inspect
    import pkgutil

    from autograder import lessons, standins

    found = {}
    for package in (lessons, standins):
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            if info.name != lesson_id and not info.name.startswith(f"{lesson_id}_"):
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, member in vars(module).items():
                if getattr(member, "__module__", None) != module.__name__:
                    continue
                if (inspect.isfunction(member) and name.endswith("_reference")) or \
                        (inspect.isclass(member) and name.endswith(("Reference", "_reference"))):
                    found[name] = inspect.getsource(member)
    return found


def oracle_matches(prints: Fingerprints, oracles: Mapping[str, str], *, threshold: float = ORACLE_THRESHOLD
                   ) -> list[OracleMatch]:
    """Every student whose solution regions score above `threshold` against the oracles, highest first.

    The oracles are one more author, fingerprinted and discounted as the students are; the score is the student's
    share, as the oracles hold much that no student writes (other exercises' oracles, the mistakes they describe).

    Args:
        oracles: oracle name -> its source (`oracle_code`).
    """
    from copydetect import compare_files

    spans, at = [], 0
    for name, source in oracles.items():
        spans.append((name, at, at + len(source)))
        at += len(source) + 2
    oracle = prints.author("\n\n".join(oracles.values()))
    found = []
    for student, fp in prints.prints.items():
        overlap, shares, slices = compare_files(fp, oracle)
        if shares[0] > threshold and overlap >= MIN_ORACLE_MATCH:
            hits = _regions(slices[1])
            names = [name for name, start, end in spans
                     if sum(max(0, min(b, end) - max(a, start)) for a, b in hits) >= NOISE]
            found.append(OracleMatch(student, round(float(shares[0]), 4), names, prints.codes[student],
                                     _regions(slices[0])))
    return sorted(found, key=lambda m: (-m.score, m.student))


def all_scores(codes: Mapping[str, str], *, boilerplate: str = "", common_share: float = COMMON_SHARE
               ) -> dict[tuple[str, str], float]:
    """The score of every pair that shares any fingerprint (for calibrating the threshold)."""
    prints = fingerprints(codes, boilerplate=boilerplate, common_share=common_share)
    return {p.students: p.score for p in similar_pairs(prints, threshold=-1.0)}


def _fingerprint(code: str, given: np.ndarray | None = None, *, window: int = GUARANTEE - NOISE + 1) -> Any:
    from copydetect import CodeFingerprint

    return CodeFingerprint("code.py", NOISE, window, given, language="python", fp=io.StringIO(code))


def _common(prints: dict, at_least: int) -> set[int]:
    """The hashes that `at_least` students share (MOSS's -m)."""
    counts: dict[int, int] = {}
    for fp in prints.values():
        for h in fp.hashes:
            counts[h] = counts.get(h, 0) + 1
    return {h for h, n in counts.items() if n >= at_least}


def _discount(prints: list, common: set[int]) -> None:
    """Drops the `common` hashes from every fingerprint."""
    from copydetect.utils import get_token_coverage  # type: ignore[import-untyped]

    for fp in prints:
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
