"""What cost the class its points: every check's pass rate and its failures grouped by cause."""

from __future__ import annotations

from dataclasses import dataclass

from autograder.i18n import N_
from autograder.insight.records import Record
from autograder.results import CheckResult, Counterexample

KINDS = {"not_implemented": N_("not implemented yet"), "timeout": N_("time limit"), "crashed": N_("crashed")}
"""The causes that are kinds of failure (English, as recorded; the class page translates them where it shows them)."""


@dataclass(frozen=True)
class Group:
    """The students who failed one check for one cause."""

    check: str
    cause: str
    """The hint that fired, or the kind of failure: "not implemented yet", "time limit", "crashed", an error type."""
    students: list[str]
    points_lost: float
    example: Counterexample | None
    """The smallest counterexample of the group (by the length of its inputs' text)."""
    example_student: str | None

    @property
    def count(self) -> int:
        return len(self.students)


@dataclass(frozen=True)
class CheckSummary:
    """One check across the class."""

    id: str
    title: str
    max_points: float
    graded: int
    passed: int
    points_lost: float
    groups: list[Group]
    """Its failures by cause, most points lost first."""

    @property
    def pass_rate(self) -> float:
        return self.passed / self.graded if self.graded else 0.0


def cause(check: CheckResult) -> str:
    """Why a check failed: the kind of a stop or of an error, else the hint that fired."""
    if check.status in KINDS:
        return KINDS[check.status]
    if check.status == "error":
        received = check.counterexample.received if check.counterexample else check.message
        name = received.split(":", 1)[0].strip() if ":" in received else ""
        return name if name.isidentifier() else N_("error")
    return check.hint or check.message or N_("wrong result")


def summarise(records: list[Record]) -> list[CheckSummary]:
    """Every check of the graded submissions, in the rubric's order, with its failures grouped by cause."""
    order: dict[str, CheckResult] = {}
    for record in records:
        for check in record.results.checks if record.results else []:
            order.setdefault(check.id, check)
    summaries = []
    for check_id, first in order.items():
        results = [(r.student, c) for r in records if r.results for c in r.results.checks if c.id == check_id]
        failed: dict[str, list[tuple[str, CheckResult]]] = {}
        for student, c in results:
            if c.status != "passed":
                failed.setdefault(cause(c), []).append((student, c))
        groups = [_group(check_id, why, members) for why, members in failed.items()]
        groups.sort(key=lambda g: (-g.points_lost, -g.count, g.cause))
        summaries.append(CheckSummary(check_id, first.title, first.max_points, len(results),
                                      sum(c.status == "passed" for _, c in results),
                                      round(sum(c.max_points - c.points for _, c in results), 4), groups))
    return summaries


def ranked(summaries: list[CheckSummary]) -> list[Group]:
    """Every group of every check, most points the class lost first."""
    return sorted((g for s in summaries for g in s.groups), key=lambda g: (-g.points_lost, -g.count, g.check, g.cause))


def _group(check_id: str, why: str, members: list[tuple[str, CheckResult]]) -> Group:
    examples = [(_size(c.counterexample), student, c.counterexample) for student, c in members if c.counterexample]
    smallest = min(examples, key=lambda e: (e[0], e[1])) if examples else None
    return Group(check_id, why, sorted(s for s, _ in members), round(sum(c.max_points - c.points for _, c in members), 4),
                 smallest[2] if smallest else None, smallest[1] if smallest else None)


def _size(example: Counterexample) -> int:
    return sum(len(name) + len(value) for name, value in example.inputs.items())
