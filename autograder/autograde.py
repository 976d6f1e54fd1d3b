"""Grading a whole class: every collected submission of a lesson, in parallel, resumable, into the gradebook.

Each submission is graded on a copy in the course's autograded folder, with the public and the hidden checks.
What a grading produced is written there (the JSON report, Gradescope's results.json, the HTML feedback) and into
nbgrader's gradebook; the JSON report is written last and marks the submission done, so an interrupted run
resumes where it stopped, and a second run skips every submission whose notebook has not changed.

The gradings run in a pool of processes on this machine, or on a Dask cluster (`scheduler`, see
`autograder.cluster`): there each task carries the notebook's bytes and the results come back as data, so the
records are written here either way and are the same.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import functools
import hashlib
import json
import multiprocessing
import os
import queue
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    CancelledError,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from dataclasses import dataclass
from importlib import metadata
from multiprocessing import forkserver, resource_tracker, util
from pathlib import Path
from typing import Any

from autograder import atomic, course_checks, gradebook, lessons
from autograder.course import RECORD, Course, Submission
from autograder.errors import BadSubmission, CourseError
from autograder.forking import SERVER_START_SECONDS, ForkServer, fork_server, use
from autograder.i18n import _
from autograder.notebook import MAX_NOTEBOOK_BYTES
from autograder.reports.gradescope import to_gradescope
from autograder.reports.html import to_html
from autograder.reports.json_report import to_json
from autograder.results import Results
from autograder.rubric import Context, Lesson
from autograder.sandbox import Isolation
from autograder.unseen_inputs import course_secret, reference_of, student_seed


@dataclass(frozen=True)
class Graded:
    """What happened to one submission in this run."""

    student: str
    score: float
    max_score: float
    problem: str | None
    """Why the notebook could not be graded (scored 0), or None."""
    late_seconds: float
    skipped: bool
    """Already graded, unchanged since: not graded again."""
    failure: str | None = None
    """Why the grader failed on it (the grader's fault, not the notebook's), or None: nothing was recorded for it,
    the next run grades it again; its score means nothing."""


def fingerprint(notebook: Path, lesson_id: str, reference: Path | None = None,
                checks: course_checks.Source | None = None) -> str:
    """What a grading depends on: the notebook's bytes, the lesson, the grader's version, the course's reference
    (its source notebook: a reference edited is graded against again) and the course's own checks (an edited
    checks.py grades again)."""
    digest = hashlib.sha256(notebook.read_bytes() if notebook.exists() else b"")
    digest.update(f"{lesson_id}:{metadata.version('dl-autograder')}".encode())
    if reference is not None:
        digest.update(reference.read_bytes())
    if checks is not None:
        digest.update(b"\0course checks\0" + checks[1].encode())
    return digest.hexdigest()


STARTED = ".grading"
"""Left beside the copy by the process that grades it (its pid), from the moment it starts."""
LOSSES = 2
"""A submission whose grading process died this many times while grading it is not sent again."""


def _grade_copy(notebook: str, lesson_id: str, context: Context) -> Results | str:
    """In a pool process: the results, or why the notebook cannot be graded."""
    from autograder.grading import grade

    Path(notebook).with_name(STARTED).write_text(str(os.getpid()))
    try:
        return grade(notebook, lesson_id, include_hidden=True, context=context)
    except BadSubmission as e:
        return e.problem


_ONE_AT_A_TIME = threading.Lock()


def _grade_sent(notebook: str, content: tuple[bytes, int] | None, lesson_id: str, context: Context) -> Results | str:
    """On a Dask worker: `_grade_copy` of the notebook sent with the task (its bytes and size; None: there was
    none), written to a folder of this machine; the results name `notebook`, as a local grading does. A Dask worker
    runs its tasks on threads: its process grades one notebook at a time (one fork server, one torch setting)."""
    with _ONE_AT_A_TIME, tempfile.TemporaryDirectory(prefix="grade-copy-") as tmp:
        copy = Path(tmp) / Path(notebook).name
        if content is not None:
            data, size = content
            copy.write_bytes(data)
            os.truncate(copy, size)  # a notebook over the size limit travels as its head: rejected for its size
        outcome = _grade_copy(str(copy), lesson_id, context)
    return dataclasses.replace(outcome, notebook=notebook) if isinstance(outcome, Results) else outcome


def autograde(
    course: Course,
    lesson_id: str,
    *,
    workers: int = 1,
    force: bool = False,
    context: Context | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Graded], None] | None = None,
    scheduler: str | None = None,
    hidden_inputs: bool = True,
) -> list[Graded]:
    """Grades every collected submission of `lesson_id` in `workers` processes, or on the Dask cluster whose
    scheduler is at `scheduler` (its workers, however many, then grade); returns them by student. Every property
    check also tries the student's own hidden inputs against the course's reference (`autograder.unseen_inputs`),
    unless `hidden_inputs` is False. The course's own checks of the lesson (source/LESSON/checks.py,
    `autograder.course_checks`) are graded too, with or without hidden inputs: a grading process loads them, and
    validates them before any submission is graded.

    Raises:
        UnknownLesson: no such lesson.
        CourseError: nothing collected for this lesson.
        BadCourseChecks: the course's checks file cannot be used (nothing was graded).
        ClusterUnavailable: `scheduler` cannot be reached or its workers cannot grade.
    """
    lessons.require(lesson_id)  # an unknown lesson is bad input before any work
    done: list[Graded] = []
    pending: dict[Future, tuple[Submission, Path, str]] = {}
    extra = course_checks.read(course, lesson_id)  # only read here: a grading process runs it
    context = dataclasses.replace(context or Context(), course_checks=extra)
    reference = course.reference(lesson_id) if hidden_inputs else None
    hidden = reference_of(reference, 0) if reference else None
    secret = course_secret(course.root) if hidden_inputs else b""

    lost: dict[str, int] = {}  # per student: how many times a grading process died while grading them
    suspects: list[tuple[Submission, Path, str]] = []  # graded again alone, at the end
    # a local pool that breaks fails its gradings (BrokenExecutor), and cancels those it took as it broke; on a Dask
    # cluster, whose scheduler retries a task whose worker died, a cancelled grading is a failure like any other
    lost_with_the_pool = () if scheduler else (BrokenExecutor, CancelledError)

    def tell(graded: Graded) -> None:
        done.append(graded)
        if on_done:
            on_done(graded)

    def fail(submission: Submission, folder: Path, error: BaseException | str) -> None:
        (folder / STARTED).unlink(missing_ok=True)
        why = error if isinstance(error, str) else f"{type(error).__name__}: {error}".strip()
        tell(Graded(submission.student, 0.0, 0.0, None, 0.0, skipped=False, failure=why))

    def send(submission: Submission, folder: Path, mark: str) -> None:
        copy = _copy(submission, folder, lesson_id)
        (folder / STARTED).unlink(missing_ok=True)
        theirs = dataclasses.replace(context, hidden=hidden and dataclasses.replace(
            hidden, seed=student_seed(secret, lesson_id, submission.student)))
        try:
            if scheduler:  # the notebook travels with the task: a Dask worker need not see this disk
                future = pool.submit(_grade_sent, str(copy), _content(copy), lesson_id, theirs)
            else:
                future = pool.submit(_grade_copy, str(copy), lesson_id, theirs)
        except BrokenExecutor as e:  # the pool is past renewing
            fail(submission, folder, e)
            return
        pending[future] = (submission, folder, mark)

    def settle(gb: Any, future: Future) -> None:
        """Records a finished grading. One lost with its grading process (killed, out of memory) is graded again, in
        a new pool: alone, after the others, if it had started (the process that died may have been its own), and
        not a third time; one the grader failed on is recorded nowhere: it is no grade, the next run grades it."""
        submission, folder, mark = pending.pop(future)
        try:
            outcome = future.result()
        except lost_with_the_pool:
            if not (folder / STARTED).exists():  # never started: lost only because the pool broke
                send(submission, folder, mark)
                return
            lost[submission.student] = lost.get(submission.student, 0) + 1  # its process died, or the one beside it
            if lost[submission.student] < LOSSES:
                suspects.append((submission, folder, mark))
            else:  # alone, its grading killed its process again
                fail(submission, folder, _("its grading process died {count} times while grading it (out of "
                                           "memory?)").format(count=LOSSES))
            return
        except Exception as e:  # noqa: BLE001 - the grader's failure on one submission must not stop the class
            fail(submission, folder, e)
            return
        (folder / STARTED).unlink(missing_ok=True)
        try:
            _record(gb, lesson, submission, folder, mark, outcome)
        except Exception as e:  # noqa: BLE001 - a report the grader cannot make must not stop the class either
            fail(submission, folder, e)
            return
        tell(_report(gb, lesson_id, submission, folder, skipped=False))

    # the grading processes start first, while this one reads the course, and one of them outlines the lesson:
    # this process never imports torch
    with _executor(workers, lesson_id, scheduler) as pool:
        try:
            submissions = course.submissions(lesson_id)
            if not submissions:
                raise CourseError(_("no collected submission of {lesson} in {course}: run `grade collect {lesson}` "
                                    "first").format(lesson=lesson_id, course=course.root))
            if on_start:
                on_start(len(submissions))
            with course.gradebook() as gb:
                lesson = _outline_from(pool, lesson_id, extra)  # with the course's checks, checked there
                gradebook.register_checks(gb, lesson)
                for submission in submissions:
                    folder = course.folder("autograded", submission.student, lesson_id)
                    mark = fingerprint(submission.notebook, lesson_id, reference, extra)
                    if not force and _recorded(folder, mark):
                        tell(_report(gb, lesson_id, submission, folder, skipped=True))
                        continue
                    send(submission, folder, mark)
                    for future in [f for f in pending if f.done()]:  # record as soon as done (at once here)
                        settle(gb, future)
                while pending or suspects:
                    if not pending:  # alone, so that a grading process that dies again died of this submission
                        send(*suspects.pop(0))
                        continue
                    finished, _pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        settle(gb, future)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return sorted(done, key=lambda g: g.student)


def _executor(workers: int, lesson_id: str, scheduler: str | None = None) -> Executor:
    """A pool of `workers` grading processes; one worker grades in this process; a scheduler's address: its Dask
    cluster. The fork servers start now."""
    if scheduler:
        from autograder.cluster import connect

        return connect(scheduler)
    if workers <= 1:
        fork_server()
        return _InThisProcess()
    return _Pool(workers, lesson_id)


def _outline(lesson_id: str, extra: course_checks.Source | None = None) -> Lesson:
    return course_checks.graded_lesson(lesson_id, extra).outline()


def _outline_from(pool: Executor, lesson_id: str, extra: course_checks.Source | None = None) -> Lesson:
    """The lesson's outline, with the course's own checks (`extra`), from a grading process (of a new pool if the
    first broke meanwhile). Raises BadCourseChecks: the course's checks cannot be used."""
    try:
        return pool.submit(_outline, lesson_id, extra).result()
    except BrokenExecutor:
        return pool.submit(_outline, lesson_id, extra).result()


PRELOADED = "autograder.pool_preload"
"""What every grading process needs, imported once for all of them (see `_Pool`)."""


class _Pool(Executor):
    """Grading processes that start in milliseconds, each forking its workers from a sandboxed fork server of its own.

    Each process is forked from multiprocessing's fork server, which imports torch (and what grading needs) once and
    never runs a torch operation; never from this process, which may have. Their fork servers start here at the same
    time, while this process reads the course; each grading process joins one. Two gradings never share a sandbox:
    one student's code cannot see, signal or starve another's.

    A grading process that dies (the machine out of memory, killed) breaks the pool: the gradings it had not
    finished fail with `BrokenExecutor`, and work submitted next goes to a new pool, `RENEWALS` times at most.
    """

    RENEWALS = 3

    def __init__(self, workers: int, lesson_id: str) -> None:
        self._workers = workers
        self._lesson_id = lesson_id
        self.renewals = 0
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("forkserver")
        self.servers: list[ForkServer] = []
        try:
            for _server in range(self._workers):
                self.servers.append(ForkServer.start(joinable=True))
            _start_preloaded()
            addresses = context.Queue()
            for server in self.servers:
                addresses.put((server.address, server.pid))
            ready = functools.partial(_ready_to_grade, self._lesson_id, addresses, self.servers[0].isolation,
                                      dict(os.environ))
            self._pool = ProcessPoolExecutor(max_workers=self._workers, mp_context=context, initializer=ready)
        except BaseException:
            self._close_servers()
            raise

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        try:
            return self._pool.submit(fn, *args, **kwargs)
        except BrokenExecutor:
            if self.renewals == self.RENEWALS:
                raise
        self.renewals += 1
        self.shutdown(cancel_futures=True)  # kills its processes first: Python 3.11 may otherwise wait forever for
        self._start()                       # one that it started as the pool broke
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Cancelling the waiting gradings abandons the running ones too (Ctrl-C, a failure): their processes are
        killed, not waited for, and nothing of theirs was recorded yet."""
        if cancel_futures:
            for process in list((self._pool._processes or {}).values()):
                process.kill()
        try:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)
        finally:
            if wait:  # the processes are gone: so are their servers
                self._close_servers()

    def _close_servers(self) -> None:
        for server in self.servers:
            server.close()


def _start_preloaded() -> None:
    """Starts multiprocessing's fork server, which imports PRELOADED (the grading processes wait for it), from no
    folder: a file of the course's folder never stands in for one of the modules it imports."""
    forkserver.set_forkserver_preload([PRELOADED])
    saved = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"  # `python -c` would put the current folder first on sys.path
    resource_tracker.ensure_running()  # first: starting it unblocks Ctrl-C (after holding it back from itself)
    with _ctrl_c_held():  # from it and the grading processes it forks: the grader ends them
        try:
            forkserver.ensure_running()
        finally:
            if saved is None:
                del os.environ["PYTHONSAFEPATH"]
            else:
                os.environ["PYTHONSAFEPATH"] = saved


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back from the processes started meanwhile (a blocked signal stays blocked through fork and exec:
    the grader ends them), and from this process while they start: one pressed meanwhile comes after. Blocking
    covers this thread only, so another thread's (a progress display's) Ctrl-C is only noted meanwhile."""
    pressed: list[int] = []
    on_main_thread = threading.current_thread() is threading.main_thread()
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    saved = signal.signal(signal.SIGINT, lambda number, _: pressed.append(number)) if on_main_thread else None
    try:
        yield
    finally:
        if on_main_thread:
            signal.signal(signal.SIGINT, saved)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        if pressed:
            signal.raise_signal(signal.SIGINT)


def _ready_to_grade(lesson_id: str, addresses: Any, isolation: Isolation, environment: dict[str, str]) -> None:
    """A grading process's start: the grader's environment as it is now (multiprocessing's fork server has the one
    of its own start), Ctrl-C left to the grader, a fork server of its own to join, and the lesson. Its end: its
    exit handlers (a process of multiprocessing's fork server skips them otherwise), then no teardown of torch,
    which would keep the class waiting."""
    os.environ.clear()
    os.environ.update(environment)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle: it ends this process
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held since multiprocessing's fork server started
    util.Finalize(None, atexit._run_exitfuncs, exitpriority=0)
    with contextlib.suppress(queue.Empty):  # none left (never, with one per process): it starts its own
        address, pid = addresses.get(timeout=SERVER_START_SECONDS)
        use(address, isolation, pid)
    fork_server()
    lessons.get(lesson_id)


class _InThisProcess(Executor):
    """Runs each task when it is submitted; its future is done at once (grading is already isolated per worker)."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as e:  # noqa: BLE001 - the grader's failure on that submission, as a pool reports it
            future.set_exception(e)
        return future


def _copy(submission: Submission, folder: Path, lesson_id: str) -> Path:
    """Grading works on a copy: the submitted notebook is never opened for writing."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"{lesson_id}.ipynb"
    if submission.notebook.exists():
        shutil.copyfile(submission.notebook, copy)
    else:
        copy.unlink(missing_ok=True)
    return copy


def _content(copy: Path) -> tuple[bytes, int] | None:
    """What a Dask task carries of the copy: its bytes (only the start of one over the size limit) and its size."""
    if not copy.is_file():
        return None
    with copy.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        return file.read(min(size, MAX_NOTEBOOK_BYTES + 1)), size


def _recorded(folder: Path, mark: str) -> bool:
    try:
        return json.loads((folder / RECORD).read_text(encoding="utf-8")).get("fingerprint") == mark
    except (OSError, ValueError):
        return False


def _record(gb: Any, lesson: Lesson, submission: Submission, folder: Path, mark: str, outcome: Results | str) -> None:
    """Records a grading: every report is made before anything is written, so one that cannot be made records
    nothing; the fingerprint comes last, so a run stopped before it grades the submission again."""
    results = outcome if isinstance(outcome, Results) else None
    problem = outcome if isinstance(outcome, str) else None
    files = {}
    if results is not None:
        files = {"results.json": json.dumps(to_gradescope(results.for_student()), indent=2, ensure_ascii=False),
                 f"{lesson.id}.report.html": to_html(results.for_student(), results.language)}
        report = json.loads(to_json(results))
    else:
        report = {"score": 0.0, "max_score": lesson.points, "problem": problem}
    report |= {"fingerprint": mark, "student": submission.student, "timestamp": submission.timestamp}
    gradebook.record(gb, lesson, submission.student, results, timestamp=submission.timestamp, problem=problem)
    for name, text in files.items():
        atomic.write_text(folder / name, text)
    atomic.write_text(folder / RECORD, json.dumps(report, indent=2, ensure_ascii=False))


def _report(gb: Any, lesson_id: str, submission: Submission, folder: Path, *, skipped: bool) -> Graded:
    record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    try:
        late = float(gb.find_submission(lesson_id, submission.student).total_seconds_late or 0.0)
    except Exception:  # noqa: BLE001 - no due date or no entry: not late
        late = 0.0
    return Graded(submission.student, float(record["score"]), float(record["max_score"]), record.get("problem"),
                  late, skipped)
