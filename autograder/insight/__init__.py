"""Class insight: what a lesson's recorded gradings say about the class (`grade insight hwNN`).

Reads what `grade autograde` recorded and re-grades nothing: `misconceptions` groups the failures of every check
by cause, `similarity` compares what the students wrote with each other and with the grader's reference solutions,
`page` renders one self-contained HTML class page and `tables` the JSON and CSV.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from autograder.course import Course
from autograder.insight.misconceptions import CheckSummary, Group, ranked, summarise
from autograder.insight.records import Record, read_records
from autograder.insight.similarity import (
    ORACLE_THRESHOLD,
    THRESHOLD,
    OracleMatch,
    Pair,
    fingerprints,
    notebook_code,
    oracle_code,
    oracle_matches,
    similar_pairs,
    solution_code,
)


@dataclass(frozen=True)
class SubmissionRow:
    """One student's grading at a glance: score, time, and the checks stopped by a limit or a crash."""

    student: str
    score: float
    max_score: float
    seconds: float
    timeouts: list[str]
    crashes: list[str]
    problem: str | None


@dataclass(frozen=True)
class ClassInsight:
    lesson: str
    lesson_title: str
    checks: list[CheckSummary]
    misconceptions: list[Group]
    """Every check's failure groups, most points lost first."""
    pairs: list[Pair]
    threshold: float
    oracle_matches: list[OracleMatch]
    """The students whose code matches the lesson's oracles (pasted in from the installed grader)."""
    oracle_threshold: float
    submissions: list[SubmissionRow]
    compared: int
    """Submissions whose solution regions were compared (graded copies that could be read)."""


def class_insight(course: Course, lesson_id: str, *, threshold: float = THRESHOLD) -> ClassInsight:
    """The insight of `lesson_id` from what autograde recorded in `course`.

    Raises:
        UnknownLesson: no such lesson.
        CourseError: nothing of this lesson was graded yet.
    """
    from autograder.lessons import require

    require(lesson_id)
    records = read_records(course, lesson_id)
    checks = summarise(records)
    stub = _release_notebook(course, lesson_id)
    codes = {r.student: solution_code(nb, stub) for r in records if (nb := _read(r.notebook)) is not None}
    prints = fingerprints(codes, boilerplate=notebook_code(stub) if stub else "")
    pairs = similar_pairs(prints, threshold=threshold)
    oracles = oracle_matches(prints, oracle_code(lesson_id))
    title = next((r.results.lesson_title for r in records if r.results), "")
    full = max((r.results.max_score for r in records if r.results), default=100.0)  # with the course's own checks
    return ClassInsight(lesson_id, title, checks, ranked(checks), pairs, threshold, oracles, ORACLE_THRESHOLD,
                        [_row(r, full) for r in records], len(codes))


def _row(record: Record, full: float) -> SubmissionRow:
    results = record.results
    if results is None:
        return SubmissionRow(record.student, 0.0, full, 0.0, [], [], record.problem)
    return SubmissionRow(record.student, results.score, results.max_score, results.elapsed_seconds,
                         [c.id for c in results.checks if c.status == "timeout"],
                         [c.id for c in results.checks if c.status == "crashed"], None)


def _release_notebook(course: Course, lesson_id: str) -> dict | None:
    """The student notebook as released (the course's release folder, else the one shipped beside the grader)."""
    shipped = Path(__file__).resolve().parents[2] / "release" / lesson_id / f"{lesson_id}.ipynb"
    for path in (course.folder("release", ".", lesson_id) / f"{lesson_id}.ipynb", shipped):
        if (nb := _read(path)) is not None:
            return nb
    return None


def _read(path: Path) -> dict | None:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return nb if isinstance(nb, dict) else None
