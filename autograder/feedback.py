"""Feedback: each graded student's HTML report put where nbgrader releases feedback from, then released.

Students get it with nbgrader's own `nbgrader fetch_feedback`: nbgrader names the released file after the secret
of the student's submission, which `collect` copied into the submitted folder with its timestamp.
"""

from __future__ import annotations

import shutil

from autograder.course import RECORD, Course
from autograder.errors import CourseError
from autograder.i18n import _


def release_feedback(course: Course, lesson_id: str) -> list[str]:
    """Puts each graded student's report in the feedback folder and releases it; returns the students."""
    students = []
    for submission in course.submissions(lesson_id):
        graded = course.folder("autograded", submission.student, lesson_id)
        report = graded / f"{lesson_id}.report.html"
        if not (graded / RECORD).exists() or not report.exists():
            continue
        target = course.folder("feedback", submission.student, lesson_id)
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(report, target / f"{lesson_id}.html")
        for name in ("timestamp.txt", "submission_secret.txt"):
            origin = submission.notebook.parent / name
            if origin.exists():
                shutil.copyfile(origin, target / name)
        students.append(submission.student)
    if not students:
        raise CourseError(_("no graded submission of {lesson} has a report: run `grade autograde {lesson}` "
                            "first").format(lesson=lesson_id))
    course.nbgrader("release_feedback", lesson_id)
    return students
