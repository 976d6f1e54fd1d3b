"""What `grade autograde` recorded for a lesson: each student's JSON report and graded copy, read back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from autograder.course import RECORD, Course
from autograder.errors import CourseError
from autograder.i18n import _
from autograder.results import Results


@dataclass(frozen=True)
class Record:
    """One student's recorded grading of the lesson."""

    student: str
    results: Results | None
    """None when the notebook could not be graded (scored 0)."""
    problem: str | None
    """Why the notebook could not be graded, or None."""
    notebook: Path
    """The graded copy in autograded/STUDENT/LESSON/."""
    timestamp: str | None


def read_records(course: Course, lesson_id: str) -> list[Record]:
    """Every recorded grading of `lesson_id`, by student.

    Raises:
        CourseError: nothing of this lesson was graded yet.
    """
    base = course.folder("autograded", "*", lesson_id).parent.parent
    found = []
    for path in sorted(base.glob(f"*/{lesson_id}/{RECORD}")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise CourseError(_("{path} cannot be read ({error}): run `grade autograde {lesson} --force`").format(
                path=path, error=e, lesson=lesson_id)) from None
        problem = data.get("problem")
        results = None if problem else Results.from_dict(data)
        found.append(Record(path.parent.parent.name, results, problem, path.parent / f"{lesson_id}.ipynb",
                            data.get("timestamp")))
    if not found:
        raise CourseError(_("nothing of {lesson} graded yet in {course}: run `grade autograde {lesson}` first").format(
            lesson=lesson_id, course=course.root))
    return found
