"""The three ways every lesson is tested: the reference earns 100, the stub 0, each mistake its check's points."""

from __future__ import annotations

from dataclasses import dataclass

from autograder import lessons
from autograder.grading import grade
from tests.conftest import reference_notebook, release_notebook, with_mistake


@dataclass(frozen=True)
class Case:
    """A realistic wrong answer: the reference with `old` replaced by `new`."""

    name: str
    old: str
    new: str
    check: str
    """The one check this mistake must fail."""
    hint: str
    """Words the hint must contain."""


def assert_reference_scores_full(lesson: str, notebook_file) -> None:
    results = grade(notebook_file(reference_notebook(lesson)), lesson)
    failed = {c.id: (c.message, c.traceback) for c in results.checks if c.status != "passed"}
    assert not failed, failed
    assert results.score == results.max_score == 100


def assert_stub_scores_zero(lesson: str, notebook_file) -> None:
    results = grade(notebook_file(release_notebook(lesson)), lesson)
    assert results.score == 0
    assert {c.status for c in results.checks} == {"not_implemented"}
    assert all("not implemented yet" in c.message for c in results.checks)
    assert [c.id for c in results.checks] == [c.id for c in lessons.get(lesson).checks]


def assert_mistake_costs_its_check(lesson: str, case: Case, notebook_file) -> None:
    results = grade(notebook_file(with_mistake(reference_notebook(lesson), case.old, case.new)), lesson)
    failed = [c for c in results.checks if c.status != "passed"]
    assert [c.id for c in failed] == [case.check], [(c.id, c.message) for c in failed]
    (check,) = failed
    assert results.score == 100 - check.max_points
    assert case.hint.lower() in check.hint.lower(), check.hint
    assert check.counterexample is not None
