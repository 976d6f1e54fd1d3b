"""Grading one notebook: read it, run it in a worker, decide every check, collect the results."""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from pathlib import Path

from autograder import lessons
from autograder.notebook import check_lesson, read_submission
from autograder.results import CheckResult, NotebookError, Results
from autograder.rubric import Check
from autograder.runner import Limits, Worker


def grade(
    notebook: str | Path,
    lesson_id: str,
    *,
    include_hidden: bool = False,
    limits: Limits | None = None,
    on_check: Callable[[CheckResult], None] | None = None,
) -> Results:
    """Grades `notebook` as lesson `lesson_id`.

    Args:
        include_hidden: also run the hidden checks (the instructor's side).
        limits: time and memory limits of the worker.
        on_check: called with each check's result as soon as it is decided (for progress displays).

    Raises:
        UnknownLesson: no lesson has this id.
        BadSubmission: the file is not a gradable notebook of this lesson.
    """
    started = time.monotonic()
    lesson = lessons.get(lesson_id)
    submission = read_submission(notebook)
    others = {other.id: other.functions for other in lessons.all_lessons()}
    check_lesson(submission, lesson.id, lesson.functions, others)
    to_run = [c for c in lesson.checks if include_hidden or not c.hidden]
    with Worker(submission.cells, limits or Limits()) as worker:
        results = []
        for check in to_run:
            results.append(_run_check(check, worker))
            if on_check:
                on_check(results[-1])
        load_errors = worker.load_errors
    return Results(
        lesson=lesson.id,
        lesson_title=lesson.title,
        notebook=str(notebook),
        checks=results,
        notebook_errors=[NotebookError(**e) for e in load_errors if e["ename"] != "NotImplementedError"],
        hidden_points_not_run=sum(c.points for c in lesson.checks if c not in to_run),
        environment=_environment(),
        elapsed_seconds=round(time.monotonic() - started, 3),
    )


def _run_check(check: Check, worker: Worker) -> CheckResult:
    started = time.monotonic()
    verdict = check.run(worker)
    return CheckResult(
        id=check.id,
        title=check.title,
        function=check.function,
        max_points=check.points,
        points=round(check.points * max(0.0, min(1.0, verdict.fraction)), 4),
        hidden=check.hidden,
        status=verdict.status,
        message=verdict.message,
        hint=verdict.hint,
        counterexample=verdict.counterexample,
        traceback=verdict.traceback,
        elapsed_seconds=round(time.monotonic() - started, 3),
    )


def _environment() -> dict[str, str]:
    import hypothesis
    import torch

    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "hypothesis": hypothesis.__version__,
        "device": "cpu",
    }
