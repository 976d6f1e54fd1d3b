"""`grade autograde` when things go wrong that are not the students' doing: a grading process that dies (killed, the
machine out of memory), a bug of the grader met on one submission, Ctrl-C. No student is scored for them, nothing
is left running, and the next run grades what is left."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from nbgrader.api import Gradebook, MissingEntry

import cli
from autograder.course import Course
from tests.conftest import a_class


def test_a_submission_the_grader_fails_on_is_listed_recorded_nowhere_and_graded_by_the_next_run(tmp_path, monkeypatch):
    from autograder import grading

    course = a_class(tmp_path, 3)
    really = grading.grade

    def with_a_bug(notebook, *args, **kwargs):  # the grader's own bug, met on one submission
        if "/s01/" in notebook:
            raise RuntimeError("a bug of the grader")
        return really(notebook, *args, **kwargs)

    monkeypatch.setattr(grading, "grade", with_a_bug)
    first = CliRunner().invoke(cli.main, ["autograde", "hw00", "--course", str(course)])
    assert first.exit_code == 1, first.output
    assert "s01: not graded: the grader failed: RuntimeError: a bug of the grader" in first.stdout
    assert "1 of 3 submissions not graded" in first.stderr and "Traceback" not in first.output
    assert "s00: 100/100" in first.stdout and "s02: 100/100" in first.stdout
    assert not (course / "autograded" / "s01" / "hw00" / "grade-report.json").exists()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        with pytest.raises(MissingEntry):
            gb.find_submission("hw00", "s01")  # no 0 stands in the gradebook for the grader's failure
    monkeypatch.setattr(grading, "grade", really)
    second = CliRunner().invoke(cli.main, ["autograde", "hw00", "--course", str(course)])
    assert second.exit_code == 0, second.output
    assert "s01: 100/100\n" in second.stdout and "s00: 100/100 (unchanged" in second.stdout


def test_a_report_the_grader_cannot_make_records_nothing_and_the_class_goes_on(tmp_path, monkeypatch):
    """Making a report failed (matplotlib on a loss of 1e308, text UTF-8 cannot hold) and ended the whole class."""
    from autograder import autograde

    course = a_class(tmp_path, 3)
    really = autograde.to_html

    def failing_for_s01(results, lang):
        if "/s01/" in results.notebook:
            raise ValueError("arange: cannot compute length")
        return really(results, lang)

    monkeypatch.setattr(autograde, "to_html", failing_for_s01)
    result = CliRunner().invoke(cli.main, ["autograde", "hw00", "--course", str(course)])
    assert result.exit_code == 1, result.output
    assert "s01: not graded: the grader failed: ValueError: arange" in result.stdout
    assert "s00: 100/100" in result.stdout and "s02: 100/100" in result.stdout
    assert not list((course / "autograded" / "s01" / "hw00").glob("*.json"))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        with pytest.raises(MissingEntry):
            gb.find_submission("hw00", "s01")


def _kill_a_grading_process() -> int:
    """Kills one process of the running pool of `autograde`, forked from multiprocessing's fork server."""
    pool = []
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):  # a student's worker that ended meanwhile
            if process.ppid() != os.getpid() and "multiprocessing.forkserver" in " ".join(process.cmdline()):
                pool.append(process.pid)
    os.kill(pool[0], signal.SIGKILL)
    return pool[0]


def test_a_grading_process_that_dies_mid_class_is_replaced_and_its_gradings_done_again(tmp_path):
    from autograder.autograde import autograde

    course = a_class(tmp_path, 4)
    killed = []
    graded = autograde(Course.find(course), "hw00", workers=2,
                       on_done=lambda _: killed or killed.append(_kill_a_grading_process()))
    assert killed and not psutil.pid_exists(killed[0])
    assert [(g.student, g.score, g.failure) for g in graded] == [(f"s{i:02d}", 100.0, None) for i in range(4)]
    assert len(list(course.glob("autograded/*/hw00/grade-report.json"))) == 4


def test_a_submission_whose_grading_process_dies_each_time_is_reported_and_the_rest_of_the_class_graded(tmp_path):
    from autograder.autograde import LOSSES, STARTED, autograde

    course = a_class(tmp_path, 6)
    grading_s02 = course / "autograded" / "s02" / "hw00" / STARTED  # holds the pid of the process grading s02
    killed: list[int] = []
    stop = threading.Event()

    def kill_whoever_grades_s02() -> None:  # as the machine's out-of-memory killer would, each time
        while not stop.wait(0.005):
            with contextlib.suppress(OSError, ValueError):
                pid = int(grading_s02.read_text())
                if pid not in killed:
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)

    killer = threading.Thread(target=kill_whoever_grades_s02)
    killer.start()
    try:
        graded = autograde(Course.find(course), "hw00", workers=2)
    finally:
        stop.set()
        killer.join()
    assert len(killed) == LOSSES == 2
    assert {g.student: g.failure for g in graded if g.failure} == {
        "s02": "its grading process died 2 times while grading it (out of memory?)"}
    assert [g.score for g in graded if g.student != "s02"] == [100.0] * 5  # the one beside it the first time too
    assert not list(course.glob(f"autograded/*/hw00/{STARTED}"))


def test_the_lessons_outline_is_asked_of_a_new_pool_when_the_first_broke_meanwhile():
    from concurrent.futures import Executor, Future
    from concurrent.futures.process import BrokenProcessPool

    from autograder.autograde import _outline_from

    class BreaksOnce(Executor):
        broke = False

        def submit(self, fn, /, *args, **kwargs):
            future: Future = Future()
            if self.broke:
                future.set_result(fn(*args, **kwargs))
            else:
                self.broke = True
                future.set_exception(BrokenProcessPool("a grading process died"))
            return future

    assert _outline_from(BreaksOnce(), "hw00").id == "hw00"


def test_once_the_pool_has_been_replaced_often_enough_the_gradings_lost_are_failures_for_the_next_run(
        tmp_path, monkeypatch):
    from autograder.autograde import _Pool, autograde

    course = a_class(tmp_path, 4)
    monkeypatch.setattr(_Pool, "RENEWALS", 0)
    killed = []
    graded = autograde(Course.find(course), "hw00", workers=2,
                       on_done=lambda _: killed or killed.append(_kill_a_grading_process()))
    failed = [g.student for g in graded if g.failure]
    assert failed and all("BrokenProcessPool" in g.failure for g in graded if g.failure)
    recorded = {p.parts[-3] for p in course.glob("autograded/*/hw00/grade-report.json")}
    assert recorded == {g.student for g in graded if not g.failure} and not recorded & set(failed)
    monkeypatch.undo()
    again = autograde(Course.find(course), "hw00", workers=1)
    assert {g.student for g in again if not g.skipped} == set(failed)
    assert all(g.score == 100.0 and g.failure is None for g in again)


@pytest.mark.parametrize("gap", [0.003, 0.02])
def test_ctrl_c_ends_autograde_with_two_workers_at_once_and_leaves_nothing_behind(tmp_path, gap):
    course = a_class(tmp_path, 40)
    temporary = Path(tempfile.mkdtemp(prefix="ctrl-c-", dir="/tmp"))  # short: the fork servers' sockets go there
    grade_command = Path(sys.executable).with_name("grade")
    started = subprocess.Popen([str(grade_command), "autograde", "hw00", "--workers", "2"], cwd=course,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env={**os.environ, "TMPDIR": str(temporary)})
    deadline = time.monotonic() + 120
    while not list(course.glob("autograded/*/hw00/grade-report.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    processes = psutil.Process(started.pid).children(recursive=True)  # gradings are running now
    os.killpg(started.pid, signal.SIGINT)  # Ctrl-C in a terminal signals the whole foreground group
    time.sleep(gap)
    os.killpg(started.pid, signal.SIGINT)  # pressed twice: the second comes while the grader stops
    try:
        assert started.wait(timeout=15) == 130
    finally:
        started.kill()
    said = started.stderr.read()
    assert "interrupted" in said and "Traceback" not in said, said
    _, alive = psutil.wait_procs(processes, timeout=10)
    for process in alive:
        process.kill()
    assert not alive, [" ".join(p.cmdline()) for p in alive]
    left = [p.name for p in temporary.iterdir()]
    shutil.rmtree(temporary)
    assert not left  # the fork servers' folders
    graded = len(list(course.glob("autograded/*/hw00/grade-report.json")))
    assert 0 < graded < 40  # what was recorded stays, for the next run to resume from


def test_ctrl_c_held_back_while_the_grading_processes_start_comes_after_even_with_other_threads_running():
    from autograder.autograde import _ctrl_c_held

    other = threading.Event()
    threading.Thread(target=other.wait, daemon=True).start()  # a progress display's, in a terminal
    reached = []
    with pytest.raises(KeyboardInterrupt):
        with _ctrl_c_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # delivered meanwhile, to the other thread
            reached.append(True)
    other.set()
    assert reached


def test_ctrl_c_as_the_grading_processes_start_comes_once_they_have_started_and_leaves_them_whole():
    script = textwrap.dedent("""
        import os, signal
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import forkserver, get_context
        from autograder import autograde

        start = forkserver.ensure_running
        def pressed_as_it_starts():
            start()
            os.killpg(0, signal.SIGINT)  # Ctrl-C, as the fork server imports torch
            print("not yet", flush=True)
        forkserver.ensure_running = pressed_as_it_starts
        try:
            autograde._start_preloaded()
        except KeyboardInterrupt:
            print("interrupted", flush=True)
        with ProcessPoolExecutor(1, mp_context=get_context("forkserver")) as pool:
            print(pool.submit(sum, [40, 2]).result())
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          start_new_session=True, cwd=Path(__file__).parents[1])
    assert done.stdout.split() == ["not", "yet", "interrupted", "42"], done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
