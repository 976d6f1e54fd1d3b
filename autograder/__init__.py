"""Grading platform for a PyTorch deep-learning course: lessons, an autograder and its reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.kernel import CheckReport


def check(lesson: str, exercise: str | None = None) -> CheckReport:
    """Grades the public checks of `lesson` (or of one `exercise`) on the code this Jupyter kernel ran.

    Example, in a notebook cell: ``from autograder import check; check("hw03", "forward")``
    """
    from autograder.kernel import check as run

    return run(lesson, exercise)
