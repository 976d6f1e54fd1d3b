"""The class's scores as CSV, read from nbgrader's gradebook: one row per student, one column per lesson and check
(the course's own checks of a lesson, from its source/hwNN/checks.py, after the lesson's)."""

from __future__ import annotations

import csv
import io

from autograder import course_checks, lessons
from autograder.course import Course
from autograder.gradebook import CELL_PREFIX


def class_csv(course: Course) -> str:
    """Every student of the gradebook; per lesson its score, seconds late, and the points of every check."""
    from nbgrader.api import MissingEntry

    with course.gradebook() as gb:
        graded = sorted(a.name for a in gb.assignments if a.name in lessons.LESSON_IDS)
        columns = ["student"]
        checks = {lesson: [c.id for c in course_checks.lesson_of(course, lesson).checks] for lesson in graded}
        for lesson in graded:
            columns += [lesson, f"{lesson} seconds late"] + [f"{lesson}:{check}" for check in checks[lesson]]
        rows = []
        for student in sorted(gb.students, key=lambda s: s.id):
            row: dict[str, object] = {"student": student.id}
            for lesson in graded:
                try:
                    submission = gb.find_submission(lesson, student.id)
                except MissingEntry:
                    continue
                row[lesson] = round(submission.score, 4)
                row[f"{lesson} seconds late"] = round(submission.total_seconds_late or 0.0, 1)
                for check in checks[lesson]:
                    try:
                        row[f"{lesson}:{check}"] = gb.find_grade(f"{CELL_PREFIX}{check}", lesson, lesson, student.id).score
                    except MissingEntry:
                        pass
            rows.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
