"""Errors of the grading engine: one root, one class per kind of failure.

The messages of the errors a student gets for bad input (`BadSubmission`, `UnknownLesson`, `UnknownExercise`) are in
the language of the grading under way (`autograder.i18n`); the others are the course staff's, in English."""

from __future__ import annotations

from autograder.i18n import _


class GradingError(Exception):
    """Root of every error the engine raises on purpose."""

    __test__ = False


class BadSubmission(GradingError, ValueError):
    """The file handed in cannot be graded: not a notebook, another lesson's, a function missing."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def __reduce__(self):  # survive pickling across processes
        return (type(self), (self.path, self.problem))


class UnknownLesson(GradingError, LookupError):
    """A lesson id that no lesson has."""

    def __init__(self, lesson: str, known: list[str], message: str | None = None) -> None:
        super().__init__(message or _("unknown lesson {lesson}; the lessons are: {known}").format(
            lesson=repr(lesson), known=", ".join(known)))
        self.lesson = lesson
        self.known = known

    def __reduce__(self):  # with its message, in the language it was raised in
        return (type(self), (self.lesson, self.known, str(self)))


class UnknownExercise(GradingError, LookupError):
    """An exercise name that the lesson does not have (check("hw03", NAME))."""

    def __init__(self, exercise: str, lesson: str, known: list[str], message: str | None = None) -> None:
        super().__init__(message or _("{lesson} has no exercise {exercise}; its exercises are: {known}").format(
            lesson=lesson, exercise=repr(exercise), known=", ".join(known)))
        self.exercise = exercise
        self.lesson = lesson
        self.known = known

    def __reduce__(self):  # with its message, in the language it was raised in
        return (type(self), (self.exercise, self.lesson, self.known, str(self)))


class UnavailableDevice(GradingError, ValueError):
    """A device was asked for that this machine does not have (--device cuda without a GPU)."""


class CourseError(GradingError, ValueError):
    """The nbgrader course cannot do what was asked: no course here, no such submission, nbgrader failed."""


class BadCourseChecks(CourseError):
    """A course's own checks of a lesson (source/hwNN/checks.py, `autograder.course_checks`) cannot be used: the
    instructor's input, like the course's configuration. Its message is one line naming the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        problem = " ".join(problem.split())  # one line, whatever an exception's text held
        super().__init__(f"{path}: {problem if len(problem) <= 400 else problem[:399] + '…'}")
        self.path = path
        self.problem = problem

    def __reduce__(self):  # raised in a grading process (or on a Dask worker), reported by the grader's
        return (type(self), (self.path, self.problem))


class ClusterUnavailable(CourseError):
    """`grade autograde --scheduler` cannot grade there: no Dask installed, no scheduler at that address, or
    workers that cannot run this grader (bad input, like a course that cannot do what was asked)."""


class DataUnavailable(GradingError, ValueError):
    """A data set the grading was pointed at (--data-root) is not there or cannot be read."""


class InvalidRubric(GradingError, TypeError):
    """A mistake by course staff in a lesson's declaration of checks."""


class WorkerFailure(GradingError, RuntimeError):
    """The worker running student code stopped answering: a limit was hit or it died."""

    def __init__(self, message: str, *, limit: str | None = None) -> None:
        super().__init__(message)
        self.limit = limit

    def __reduce__(self):
        return (_rebuild_worker_failure, (type(self), str(self), self.limit))


class WorkerTimeout(WorkerFailure, TimeoutError):
    """Student code ran past its wall-clock limit."""


class WorkerDied(WorkerFailure):
    """The worker exited or was killed (memory limit, os._exit, a crash)."""


def _rebuild_worker_failure(cls, message, limit):
    return cls(message, limit=limit)
