"""Scores into nbgrader's gradebook, through nbgrader's own API, so that formgrader and `nbgrader export` show them.

Every check of a lesson is a grade cell named `check-<id>` of the lesson's notebook, worth the check's points. A
graded submission gets each check's points as its auto score, and the messages of the checks of each exercise as
the automatic comment on that exercise's solution cell. A notebook that could not be graded scores 0 and is flagged.
"""

from __future__ import annotations

import warnings
from typing import Any

from autograder.results import CheckResult, Results
from autograder.rubric import Lesson

CELL_PREFIX = "check-"


def register_checks(gb: Any, lesson: Lesson) -> None:
    """Declares the lesson's checks as grade cells of its notebook (after nbgrader generated the assignment)."""
    gb.update_or_create_assignment(lesson.id)
    gb.update_or_create_notebook(lesson.id, lesson.id)
    for check in lesson.checks:
        gb.update_or_create_grade_cell(f"{CELL_PREFIX}{check.id}", lesson.id, lesson.id, max_score=check.points,
                                       cell_type="code")


def _comment(check: CheckResult) -> str:
    """A check's line in formgrader, which only the instructor sees: with the counterexample of a hidden half."""
    line = f"{check.id} ({check.points:g}/{check.max_points:g}): {check.status}{f': {check.message}' if check.message else ''}"
    example = check.counterexample
    if example and example.hidden:
        inputs = ", ".join(f"{name}={value}" for name, value in example.inputs.items())
        line += f"\n  hidden inputs: {inputs}; expected {example.expected or '-'}; received {example.received}"
    return line


def record(gb: Any, lesson: Lesson, student: str, results: Results | None, *, timestamp: str | None,
           problem: str | None = None) -> None:
    """Writes one submission's scores and comments (results None: ungradable, for `problem`); the lesson's checks
    must be registered (`register_checks`)."""
    from nbgrader.api import Comment, Grade, MissingEntry
    from sqlalchemy.exc import SAWarning

    gb.update_or_create_student(student)
    with warnings.catch_warnings():  # nbgrader's own autoflush under SQLAlchemy 2 warns, on every new submission
        warnings.simplefilter("ignore", SAWarning)
        gb.update_or_create_submission(lesson.id, student, **({"timestamp": timestamp} if timestamp else {}))
    notebook = gb.find_submission_notebook(lesson.id, lesson.id, student)
    earned = {c.id: c for c in results.checks} if results else {}
    for check in lesson.checks:
        cell = gb.find_grade_cell(f"{CELL_PREFIX}{check.id}", lesson.id, lesson.id)
        try:
            grade = gb.find_grade(cell.name, lesson.id, lesson.id, student)
        except MissingEntry:  # a submission recorded before this check existed
            grade = Grade(cell_id=cell.id, notebook=notebook)
            gb.db.add(grade)
        grade.auto_score = earned[check.id].points if check.id in earned else 0.0
        grade.needs_manual_grade = False
    for function in lesson.functions:
        try:
            comment = gb.find_comment(function, lesson.id, lesson.id, student)
        except MissingEntry:
            try:
                cell = gb.find_solution_cell(function, lesson.id, lesson.id)
            except MissingEntry:  # a notebook whose exercise cells have other names
                continue
            comment = Comment(cell_id=cell.id, notebook=notebook)
            gb.db.add(comment)
        comment.auto_comment = problem or "\n".join(
            _comment(c) for c in (results.checks if results else []) if c.function == function)
    notebook.flagged = results is None
    gb.db.commit()
