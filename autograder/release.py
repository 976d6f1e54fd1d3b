"""Releasing a lesson to an nbgrader course: the source notebook in, nbgrader generates and releases it."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path

from autograder import atomic, course_checks, gradebook
from autograder.course import Course
from autograder.notebook import COURSE_HIDDEN_POINTS, METADATA_KEY
from autograder.rubric import LESSON_POINTS
from autograder.unseen_inputs import course_secret


def release(course: Course, lesson_id: str, assignments: Path | None = None, due: datetime | None = None,
            lang: str | None = None) -> Path:
    """Generates the student notebook with nbgrader, declares the lesson's checks in the gradebook, releases it.

    The notebook's prose (markdown, docstrings, comments) is in `lang`, else in the course's language
    (`Course.language`), else English; its code, grade ids and checks are the same in every language, so a class
    may mix them. The course's copy of the source notebook is translated (`Course.put_source`).

    The course's own checks of the lesson (source/LESSON/checks.py) are loaded first, so that a file that cannot
    be used stops the release; they are declared in the gradebook too, never released (nbgrader copies the source
    folder without the file), and the released notebook says how many points they add (what `grade submit`
    reports as graded by the instructor).

    `due` (UTC) is recorded as the assignment's due date: nbgrader measures each submission's lateness from it.

    Returns the source notebook used (the course's own if it has one, else the shipped one).

    Raises:
        UnknownLesson, BadCourseChecks, CourseError: bad input.
    """
    lesson = course_checks.lesson_of(course, lesson_id)
    course_secret(course.root)  # the hidden inputs' secret, before anything is released
    source = course.put_source(lesson_id, assignments, lang or course.language or "en")
    course.nbgrader("generate_assignment", lesson_id, force=True, ignore=[course_checks.CHECKS_FILE])
    released = course.folder("release", ".", lesson_id)
    (released / course_checks.CHECKS_FILE).unlink(missing_ok=True)  # one an older grader released
    if lesson.added:
        _declare_course_points(released / f"{lesson_id}.ipynb", lesson.points - LESSON_POINTS)
    with course.gradebook() as gb:
        gradebook.register_checks(gb, lesson)
        if due is not None:
            gb.update_or_create_assignment(lesson_id, duedate=due)
    course.nbgrader("release_assignment", lesson_id, ignore=[course_checks.CHECKS_FILE])
    return source


def _declare_course_points(notebook: Path, points: float) -> None:
    """Writes into the student notebook's metadata the points the course's own checks add (shown, not graded)."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    marker = data.setdefault("metadata", {}).setdefault(METADATA_KEY, {})
    marker[COURSE_HIDDEN_POINTS] = points
    mode = notebook.stat().st_mode
    atomic.write_text(notebook, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    os.chmod(notebook, stat.S_IMODE(mode))  # as nbgrader made it (students read what it releases)
