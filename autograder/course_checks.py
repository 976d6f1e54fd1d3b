"""A course's own hidden checks of a lesson: `source/hwNN/checks.py`, beside the course's source notebook.

The instructor writes them with the lessons' API (`autograder.properties.property_check` and `Mistake`,
`autograder.training.training_check` and `Contract`, the strategies, probes, stand-ins and data of the package's
lessons) and declares them in a list, `CHECKS = [...]`. Each is a hidden check, whatever its `hidden` says: the file
is never released (`grade release` leaves it out) and never in the wheel, so no student can run it; `grade
autograde` runs it, after the lesson's own checks, and `grade submit` and `check()` never do. Its id is new to the
lesson, its `function` one of the lesson's, its points more than 0, added to the lesson's 100 (a lesson with a
5-point check of the course's is graded out of 105). What a failed course check shows the student says that the
code is wrong on inputs of the course's own, never which (its counterexample is the instructor's, as a hidden
half's is).

The file is the instructor's code, trusted as the grader's own: it runs in the grading processes (never in the
sandboxed worker of a student's code), where its text arrives in the grading's `Context.course_checks`, so that a
pool process or a Dask worker need not see the course folder; each process runs a text once. The process that
reads it (`read`) runs nothing of it: the parent of `grade autograde --workers N`, which never imports torch, has a
grading process load and validate it before any submission is graded (`autograder.autograde`).

A file that cannot be used is bad input (`BadCourseChecks`, one line naming the file and the problem): a syntax
error, an exception while it runs, no CHECKS, something in CHECKS that is not a check, an id that repeats or is one
of the lesson's, a function the lesson does not have, points that are not more than 0.

The same file is where a whole lesson of the course's own can come later (a `LESSON = Lesson(...)` for a lesson id
the package does not have): what loading gives is the `Lesson` the course grades under the id, which is all that
grading, the gradebook and the reports read.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import linecache
import math
import re
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograder.errors import BadCourseChecks, InvalidRubric
from autograder.results import Verdict
from autograder.rubric import Check, Context, Lesson

if TYPE_CHECKING:
    from autograder.course import Course
    from autograder.runner import Worker

CHECKS_FILE = "checks.py"
Source = tuple[str, str]
"""A course's checks file as it travels: (its path, as messages name it; its text)."""
_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
"""A check id names a gradebook cell, a CSV column and a file of drawn inputs."""


def path(course: Course, lesson_id: str) -> Path:
    """Where the course keeps its own checks of the lesson: beside its source notebook."""
    return course.folder("source", ".", lesson_id) / CHECKS_FILE


def read(course: Course, lesson_id: str) -> Source | None:
    """The course's checks file of the lesson, or None when it has none. Only read: nothing of it runs here.

    Raises BadCourseChecks: the file cannot be read."""
    file = path(course, lesson_id)
    if not file.is_file():
        return None
    try:
        return str(file), file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadCourseChecks(str(file), "is not UTF-8 text") from None
    except OSError as e:
        raise BadCourseChecks(str(file), f"cannot be read ({e.strerror})") from None


def graded_lesson(lesson_id: str, source: Source | None) -> Lesson:
    """The lesson as a course grades it: the package's, with the checks of the course's file (`source`) after its
    own. A text is run once per process.

    Raises:
        UnknownLesson: no such lesson.
        BadCourseChecks: the file cannot be used.
    """
    from autograder import lessons

    if source is None:
        return lessons.get(lesson_id)
    return _loaded(lesson_id, *source)


def lesson_of(course: Course, lesson_id: str) -> Lesson:
    """The lesson as `course` grades it (with its checks file, if it has one)."""
    return graded_lesson(lesson_id, read(course, lesson_id))


@functools.lru_cache(maxsize=32)
def _loaded(lesson_id: str, name: str, text: str) -> Lesson:
    from autograder import lessons

    lesson = lessons.get(lesson_id)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    namespace = _run(name, text, f"_course_checks_{lesson_id}_{digest}")
    if "CHECKS" not in namespace:
        if "LESSON" in namespace:
            raise BadCourseChecks(name, f"declares a LESSON: a whole lesson of the course's own is not supported "
                                        f"yet; declare CHECKS, a list of checks added to {lesson_id}")
        raise BadCourseChecks(name, f"declares no CHECKS: end it with CHECKS = [...], a list of checks added to "
                                    f"{lesson_id} (property_check(...), training_check(...))")
    declared = namespace["CHECKS"]
    if not isinstance(declared, (list, tuple)):
        raise BadCourseChecks(name, f"CHECKS is {_a(declared)}, not a list of checks")
    for index, check in enumerate(declared):
        _validate(name, lesson, declared[:index], index, check)
    try:
        return lesson.with_checks(_of_the_course(check, f"{lesson_id}.course-{digest}") for check in declared)
    except InvalidRubric as e:  # what the checks above do not name
        raise BadCourseChecks(name, str(e)) from None


def _run(name: str, text: str, module_name: str) -> dict[str, Any]:
    """The file run as a module of its own (kept in sys.modules and linecache, so that tracebacks, hypothesis's
    descriptions of its lambdas and dataclasses defined in it work); its namespace."""
    try:
        code = compile(text, name, "exec", dont_inherit=True)
    except SyntaxError as e:
        raise BadCourseChecks(name, f"syntax error at line {e.lineno}: {e.msg}") from None
    except ValueError as e:  # null bytes
        raise BadCourseChecks(name, f"cannot be compiled: {e}") from None
    module = types.ModuleType(module_name)
    module.__file__ = name
    linecache.cache[name] = (len(text), None, text.splitlines(keepends=True), name)
    sys.modules[module_name] = module
    try:
        exec(code, module.__dict__)  # noqa: S102 - the instructor's own code, trusted as the grader's
    except (Exception, SystemExit) as e:
        del sys.modules[module_name]
        line = next((f" at line {frame.tb_lineno}" for frame in reversed(list(_frames(e.__traceback__)))
                     if frame.tb_frame.f_code.co_filename == name), "")
        raise BadCourseChecks(name, f"raised {type(e).__name__}{line} while it ran: {e}") from None
    return module.__dict__


def _frames(traceback: types.TracebackType | None):
    while traceback is not None:
        yield traceback
        traceback = traceback.tb_next


def _validate(name: str, lesson: Lesson, before: list | tuple, index: int, check: object) -> None:
    if not isinstance(check, Check):
        raise BadCourseChecks(name, f"CHECKS[{index}] is {_a(check)}, not a check: make it with "
                                    "property_check(...) or training_check(...)")
    if not isinstance(check.id, str) or not _ID.fullmatch(check.id):
        raise BadCourseChecks(name, f"CHECKS[{index}] has the id {check.id!r}: use letters, digits, _, - and . only")
    if check.id in {c.id for c in lesson.checks}:
        raise BadCourseChecks(name, f"the check id {check.id!r} is already one of {lesson.id}'s checks: give the "
                                    "course's check an id of its own")
    if check.id in {c.id for c in before}:
        raise BadCourseChecks(name, f"the check id {check.id!r} repeats in CHECKS")
    if check.function not in lesson.functions:
        raise BadCourseChecks(name, f"the check {check.id!r} exercises {check.function!r}, not a function of "
                                    f"{lesson.id} (its functions: {', '.join(lesson.functions)})")
    points = check.points
    if isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points) or points <= 0:
        raise BadCourseChecks(name, f"the check {check.id!r} is worth {points!r} points: a course's check must be "
                                    "worth more than 0")


def _a(value: object) -> str:
    kind = type(value).__name__
    return f"{'an' if kind[:1] in 'aeiouAEIOU' else 'a'} {kind}"


def _of_the_course(check: Check, plans_key: str) -> Check:
    """A course's check as it grades: its drawn inputs kept apart from the lesson's and from another text's (they
    are kept on disk by lesson and check id: an edited file draws afresh), and what it tells the student cleared of
    the course's inputs."""
    run, prepare = check.run, check.prepare

    def run_unseen(worker: Worker, context: Context) -> Verdict:
        verdict = run(worker, dataclasses.replace(context, lesson=plans_key, unseen_inputs=True))
        if verdict.counterexample is None:
            return verdict
        if verdict.status in ("timeout", "crashed"):  # the message names the limit, not the inputs
            return dataclasses.replace(verdict, counterexample=dataclasses.replace(verdict.counterexample, hidden=True))
        return verdict.kept_from_the_student(f"{check.function}()", public_passed=False)

    return dataclasses.replace(check, run=run_unseen,
                               prepare=None if prepare is None else lambda lesson_id: prepare(plans_key))
