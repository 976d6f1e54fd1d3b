"""Grading platform for a PyTorch deep-learning course: lessons, an autograder and its reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.kernel import CheckReport


class _Check:
    """``check(lesson, exercise=None)`` grades your notebook's code as this kernel ran it; ``check.prepare(lesson)``
    starts the grader in the background, so that your first check answers quickly.

    Example, in a notebook cell: ``from autograder import check; check("hw03", "forward")``
    """

    def __call__(self, lesson: str, exercise: str | None = None) -> CheckReport:
        """Grades the public checks of `lesson` (or of one `exercise`) on the code this Jupyter kernel ran."""
        from autograder.kernel import check as run

        return run(lesson, exercise)

    def prepare(self, lesson: str) -> None:
        """Starts the grader and has it draw the inputs of `lesson`'s checks, in the background; returns at once."""
        from autograder.kernel import prepare

        prepare(lesson)

    def __repr__(self) -> str:
        return "<check(lesson, exercise=None): grades the code this kernel ran; check.prepare(lesson): warms it up>"


check = _Check()
