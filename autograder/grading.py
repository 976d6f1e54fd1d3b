"""Grading one notebook: read it, run it in a worker, decide every check, collect the results."""

from __future__ import annotations

import contextlib
import platform
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from autograder import course_checks, lessons, plans
from autograder.calls import GRADER_ONLY_HINT, reaches_for_the_grader
from autograder.errors import UnavailableDevice, UnknownExercise, WorkerDied, WorkerTimeout
from autograder.explain import explain
from autograder.gpu import cuda_available
from autograder.i18n import _, localized, speaking
from autograder.notebook import Submission, check_lesson, read_submission
from autograder.results import CheckResult, NotebookError, Results
from autograder.rubric import Check, Context
from autograder.runner import Limits, Worker, fork_server
from autograder.sandboxed.worker import OUTPUT_CAP


def grade(
    notebook: str | Path | Submission,
    lesson_id: str,
    *,
    include_hidden: bool = False,
    limits: Limits | None = None,
    seed: int = 0,
    context: Context | None = None,
    exercise: str | None = None,
    on_check: Callable[[CheckResult], None] | None = None,
) -> Results:
    """Grades `notebook` (a file, or a submission already read) as lesson `lesson_id`.

    Args:
        include_hidden: also run the hidden checks (the instructor's side): the lesson's, and the course's own
            (`context.course_checks`). Without it, their points are reported as not run, with those that the
            released notebook says the course's own checks add (`grade release` writes them in).
        limits: time and memory limits of the worker.
        seed: seeds random, numpy and torch before every cell and call (training checks report it).
        context: where real data sets live and which device may train.
        exercise: grade only the checks of this exercise (its function's name, or a check's id).
        on_check: called with each check's result as soon as it is decided (for progress displays).

    Raises:
        UnknownLesson: no lesson has this id.
        BadSubmission: the file is not a gradable notebook of this lesson.
        UnavailableDevice: the context asks for CUDA on a machine without it.
        UnknownExercise: the lesson has no such exercise.
        BadCourseChecks: the context's course checks cannot be used.
    """
    started = time.monotonic()
    fork_server()  # starts warming up now, while this process reads the notebook and imports the lesson
    context = context or Context()
    with speaking(context.language):
        return _grade(notebook, lesson_id, include_hidden, limits, seed, context, exercise, on_check, started)


def _grade(notebook: str | Path | Submission, lesson_id: str, include_hidden: bool, limits: Limits | None, seed: int,
           context: Context, exercise: str | None, on_check: Callable[[CheckResult], None] | None,
           started: float) -> Results:
    lesson = course_checks.graded_lesson(lesson_id, context.course_checks)  # the course's own checks, if it has any
    context = replace(context, lesson=lesson.id)
    _check_device(context)
    submission = notebook if isinstance(notebook, Submission) else read_submission(notebook)
    to_run = [c for c in lesson.checks if (include_hidden or not c.hidden) and exercise in (None, c.function, c.id)]
    if not to_run:
        raise UnknownExercise(exercise or "", lesson.id, sorted({c.function for c in lesson.checks}))
    needed = lesson.functions if exercise is None else [c.function for c in to_run]
    check_lesson(submission, lesson.id, needed, lambda: {o.id: o.functions for o in lessons.all_lessons()})
    with _one_torch_thread(), Worker(submission.cells, limits or Limits(), seed=seed,
                                     imports=(*submission.imports, lesson.module)) as worker, \
            _reference_worker(context if include_hidden else None, limits or Limits(), seed, lesson.module) as reference:
        context = replace(context, reference=reference)
        _start_drawing_inputs(to_run, lesson.id, worker)
        results = []
        for check in to_run:
            results.append(_run_check(check, worker, context))
            if on_check:
                on_check(results[-1])
        load_errors = worker.load_errors
        notices = _output_notice(worker.output_dropped) + _edited_notice(submission.edited_locked)
    return Results(
        lesson=lesson.id,
        lesson_title=localized(lesson.title),
        notebook=str(submission.path),
        checks=results,
        notebook_errors=[NotebookError(e["cell"], e["ename"], _explained(e), e["traceback"]) for e in load_errors
                         if e["ename"] != "NotImplementedError"],
        notices=notices,
        hidden_points_not_run=sum(c.points for c in lesson.checks if c not in to_run) + (
            submission.course_hidden_points if not include_hidden and not lesson.added else 0.0),
        environment=_environment(seed),
        elapsed_seconds=round(time.monotonic() - started, 3),
        language=context.language,
    )


def _reference_worker(context: Context | None, limits: Limits, seed: int, probes: str) -> contextlib.AbstractContextManager:
    """A worker running the course's reference notebook, for the hidden halves of the checks; or none."""
    if context is None or context.hidden is None:
        return contextlib.nullcontext()
    return Worker(list(context.hidden.reference_cells), limits, seed=seed,
                  imports=(*context.hidden.reference_imports, probes))


def _run_check(check: Check, worker: Worker, context: Context) -> CheckResult:
    """The check's result, in the language of the grading: the text a check defines ahead (its title, the hints of
    its modelled mistakes: marked `N_`) is translated here; what it writes while grading already is (`_`)."""
    started = time.monotonic()
    worker.refresh(check.function)
    verdict = check.run(worker, context)
    training = verdict.training and replace(
        verdict.training, metric=localized(verdict.training.metric), data=localized(verdict.training.data),
        device_reason=localized(verdict.training.device_reason),
        calibration=localized(verdict.training.calibration))
    return CheckResult(
        id=check.id,
        title=localized(check.title),
        function=check.function,
        max_points=check.points,
        points=round(check.points * max(0.0, min(1.0, verdict.fraction)), 4),
        hidden=check.hidden,
        status=verdict.status,
        message=localized(verdict.message),
        hint=localized(verdict.hint),
        counterexample=verdict.counterexample,
        traceback=verdict.traceback,
        elapsed_seconds=round(time.monotonic() - started, 3),
        training=training,
    )


def _start_drawing_inputs(checks: list[Check], lesson_id: str, worker: Worker) -> None:
    """Starts the worker, and draws the checks' inputs (when not drawn yet) while it runs the notebook: this process
    only waits for the worker meanwhile. A worker that cannot start is for the first check to report."""
    drawing = threading.Thread(target=draw_inputs, args=(checks, lesson_id), name="draw-inputs")
    drawing.start()
    try:
        with contextlib.suppress(WorkerTimeout, WorkerDied, OSError):
            worker.start()
    finally:
        drawing.join()


def draw_inputs(checks: Iterable[Check], lesson_id: str) -> None:
    """Draws the inputs of the checks that draw some, unless drawn before (in this process, or kept on disk), and
    computes their expected values, as grading does (on one torch thread). Inputs that another process is drawing
    come last: by then they are drawn, and read."""
    later = []
    with _one_torch_thread():
        for prepare in (check.prepare for check in checks if check.prepare is not None):
            try:
                with plans.while_drawing_others():
                    prepare(lesson_id)
            except plans.Busy:
                later.append(prepare)
            except Exception:  # noqa: BLE001, S110 - the check itself draws again, and reports what goes wrong
                pass
        for prepare in later:
            with contextlib.suppress(Exception):
                prepare(lesson_id)


@contextmanager
def _one_torch_thread() -> Iterator[None]:
    """Oracles run on one thread: their tensors are small, and graders run side by side (autograde --workers)."""
    import torch

    saved = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(saved)


def _check_device(context: Context) -> None:
    if context.device == "cuda" and not cuda_available():
        raise UnavailableDevice(_("--device cuda was asked for, but this machine has no CUDA GPU; use --device auto"))


def _explained(error: dict) -> str:
    """The error's message, followed by what it means when the grader can tell (`autograder.explain`)."""
    if reaches_for_the_grader(error):
        return _("{error}. {meaning}").format(error=error["evalue"], meaning=localized(GRADER_ONLY_HINT))
    meaning = explain(error)
    if not meaning:
        return error["evalue"]
    return _("{error}. {meaning}").format(error=error["evalue"].rstrip().rstrip("."), meaning=meaning)


def _edited_notice(edited: tuple[str, ...]) -> list[str]:
    if not edited:
        return []
    return [_("Locked cells were changed since they were released ({cells}); they were graded as changed. Restore "
              "them from the released notebook if that was not intended.").format(cells=", ".join(edited))]


def _output_notice(dropped: int) -> list[str]:
    if not dropped:
        return []
    return [_("Your notebook printed {dropped} characters more than the output limit of {cap}; the grader dropped "
              "them (it keeps only the start of the output).").format(dropped=f"{dropped:,}", cap=f"{OUTPUT_CAP:,}")]


def _environment(seed: int) -> dict[str, str]:
    import hypothesis
    import torch

    return {
        "python": platform.python_version(),
        "torch": str(torch.__version__),  # a plain str, not torch's TorchVersion (unpickling that imports torch)
        "hypothesis": hypothesis.__version__,
        "seed": str(seed),
        "isolation": fork_server().isolation.description,
    }
