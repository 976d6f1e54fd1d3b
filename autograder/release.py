"""Releasing a lesson to an nbgrader course: the source notebook in, nbgrader generates and releases it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from autograder import gradebook, lessons
from autograder.course import Course
from autograder.unseen_inputs import course_secret


def release(course: Course, lesson_id: str, assignments: Path | None = None, due: datetime | None = None) -> Path:
    """Generates the student notebook with nbgrader, declares the lesson's checks in the gradebook, releases it.

    `due` (UTC) is recorded as the assignment's due date: nbgrader measures each submission's lateness from it.

    Returns the source notebook used (the course's own if it has one, else the shipped one).
    """
    lesson = lessons.get(lesson_id)
    course_secret(course.root)  # the hidden inputs' secret, before anything is released
    source = course.put_source(lesson_id, assignments)
    course.nbgrader("generate_assignment", lesson_id, force=True)
    with course.gradebook() as gb:
        gradebook.register_checks(gb, lesson)
        if due is not None:
            gb.update_or_create_assignment(lesson_id, duedate=due)
    course.nbgrader("release_assignment", lesson_id)
    return source
