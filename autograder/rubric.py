"""A lesson's rubric: its checks, each with an id, points, a one-line title and its visibility.

A lesson declares everything about its checks in one `Lesson(...)`; the points of a lesson add up to 100,
checked when the lesson is declared, so a mistake in a rubric is found at import time, not while grading. A course
may add hidden checks of its own (`Lesson.with_checks`, from its source/hwNN/checks.py: `autograder.course_checks`),
worth points on top of the 100.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from autograder.errors import InvalidRubric
from autograder.results import Verdict

if TYPE_CHECKING:  # the runner imports torch; a client of the grading daemon needs neither
    from autograder.gpu import GpuSlots
    from autograder.runner import Worker
    from autograder.unseen_inputs import HiddenInputs

LESSON_POINTS = 100
Device = Literal["auto", "cpu", "cuda"]


@dataclass(frozen=True)
class Context:
    """What one grading run tells its checks besides the worker."""

    data_root: Path | None = None
    """A folder with a course's real data sets (e.g. MNIST in torchvision's layout); None: the bundled data."""
    device: Device = "auto"
    """Where training checks train: auto picks CUDA when there is one and the workload gains from it."""
    lesson: str = ""
    """The lesson graded (set by `autograder.grading.grade`): names what its checks keep between processes."""
    language: str = "en"
    """The language of the titles, messages and hints the grading writes (`autograder.i18n.LANGUAGES`)."""
    full_data: bool = False
    """With a data root: train on its whole training set and score its whole test set (the real course's size,
    for a GPU), not the subset sized for a CPU."""
    gpu_slots: GpuSlots | None = None
    """How many trainings of this run may share the GPU at once (`grade autograde`); None: one grading at a time."""
    hidden: HiddenInputs | None = None
    """The instructor's side (`grade autograde`): the seed of this student's hidden inputs and the course's reference.
    None: the public checks only."""
    reference: Worker | None = None
    """The worker running the course's reference notebook while a grading runs its hidden halves (set by `grade`)."""
    unseen_inputs: bool = False
    """The check's inputs are the course's own (a check of the course's): no hint is written from the student's
    answer (it would read back what it wrote there: those inputs)."""
    course_checks: tuple[str, str] | None = None
    """The course's own hidden checks of the lesson: (file name, Python source) of its source/hwNN/checks.py
    (`autograder.course_checks.read`). The text travels with the grading, so that grading processes and Dask
    workers, which may not see the course folder, load them; `grading.grade` adds them to the lesson."""


@dataclass(frozen=True)
class Check:
    """One check: what it is worth and the function that decides it from the student's worker."""

    id: str
    points: float
    title: str
    function: str
    """The student function this check exercises."""
    run: Callable[[Worker, Context], Verdict]
    hidden: bool = False
    """Hidden checks run only on the instructor's side; students see their points as not yet graded."""
    prepare: Callable[[str], object] | None = None
    """Does ahead of a first run what does not depend on the submission (draws a property check's inputs), given
    the lesson's id; a warm grader calls it before students ask for the check."""
    oracle: Callable | None = None
    """What the check compares the student's answers with (a property check's), kept in the grader."""
    probe: Callable | None = None
    """The trusted function of `autograder.sandboxed.probes` that calls the student's function in the worker."""
    replace: Mapping[str, Any] | None = None
    """The stand-ins that replace the student's other functions during its calls (`autograder.runner.StandIns`)."""
    hint: str = ""
    """The check's own recipe: its hint where no known mistake explains a failure."""
    limits: Mapping[str, Any] | None = None
    """What a training check enforces, which the lesson's notebook states next to the exercise: max_parameters,
    required_layers, budget_seconds (on the data it was calibrated for) and the epochs its call passes."""


@dataclass(frozen=True)
class Lesson:
    """One lesson: its notebook's exercise functions and its rubric."""

    id: str
    title: str
    functions: tuple[str, ...]
    """Functions the student's notebook must define (the exercise stubs)."""
    checks: tuple[Check, ...]
    added: int = 0
    """How many of `checks`, at the end, a course added to the lesson's own (`with_checks`): hidden, their points
    on top of the lesson's 100."""

    def __post_init__(self) -> None:
        ids = [c.id for c in self.checks]
        if len(set(ids)) != len(ids):
            raise InvalidRubric(f"{self.id}: check ids repeat: {ids}")
        if not 0 <= self.added <= len(self.checks):
            raise InvalidRubric(f"{self.id}: {self.added} checks added to {len(self.checks)}")
        own, added = self.checks[:len(self.checks) - self.added], self.checks[len(self.checks) - self.added:]
        total = sum(c.points for c in own)
        if abs(total - LESSON_POINTS) > 1e-9:
            raise InvalidRubric(f"{self.id}: the checks add up to {total} points, not {LESSON_POINTS}")
        if not all(c.hidden for c in added):
            raise InvalidRubric(f"{self.id}: the checks a course adds are hidden")
        unknown = {c.function for c in self.checks} - set(self.functions)
        if unknown:
            raise InvalidRubric(f"{self.id}: checks exercise undeclared functions {sorted(unknown)}")
        if any(c.points <= 0 for c in self.checks):
            raise InvalidRubric(f"{self.id}: every check must be worth some points")

    @property
    def points(self) -> float:
        """What the lesson is worth: 100, and the points of the checks a course added."""
        return sum(c.points for c in self.checks)

    def with_checks(self, checks: Iterable[Check]) -> Lesson:
        """The lesson with a course's own checks after its own, each hidden (a course's checks are never released,
        so no student can run them) and worth its points on top of the lesson's 100; the rubric's rules hold
        (unique ids, declared functions, positive points). Raises InvalidRubric."""
        extra = tuple(replace(c, hidden=True) for c in checks)
        return replace(self, checks=self.checks + extra, added=self.added + len(extra))

    @property
    def module(self) -> str:
        """The module of the lesson's probes, which run in the worker: the fork server imports it first."""
        return f"autograder.sandboxed.probes.{self.id}"

    def outline(self) -> Lesson:
        """The lesson without its checks' code: what recording a grading needs, picklable, and read where torch is
        never imported (the process of `autograde --workers N` that records what its pool grades)."""
        return replace(self, checks=tuple(replace(c, run=_graded_elsewhere, prepare=None, oracle=None, probe=None,
                                                  replace=None) for c in self.checks))


def _graded_elsewhere(worker: Worker, context: Context) -> Verdict:
    raise RuntimeError("a lesson's outline does not grade: its checks run where the lesson module is imported")
