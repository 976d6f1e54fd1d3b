"""The warm grading daemon: same results as grading in-process, one daemon per user and version, private."""

from __future__ import annotations

import json
import os
import time

import psutil
import pytest

from autograder import daemon
from autograder.errors import BadSubmission, UnknownLesson
from autograder.grading import grade
from tests.conftest import reference_notebook, release_notebook

pytestmark = pytest.mark.xdist_group("daemon")  # one daemon, started once, for the module


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    """One daemon for the module's tests (each start imports torch), in a private folder of their own."""
    folder = tmp_path_factory.mktemp("daemon") / "run"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUTOGRADER_DAEMON", "1")
        patch.setenv("AUTOGRADER_RUNTIME_DIR", str(folder))
        yield folder
        daemon.stop()


def _daemons(folder) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if str(folder / "grader.sock") in " ".join(process.info["cmdline"] or []):
            found.append(process)
    return found


def _stable(results) -> str:
    data = results.to_dict()
    data.pop("elapsed_seconds")
    for check in data["checks"]:
        check.pop("elapsed_seconds")
        if check["training"]:
            check["training"].pop("train_seconds")
    return json.dumps(data, sort_keys=True)


def test_the_daemon_grades_as_this_process_would_and_stays_warm(runtime, notebook_file):
    notebook = notebook_file(reference_notebook("hw00"))
    seen = []
    first = daemon.grade("hw00", notebook, on_check=seen.append)
    assert _stable(first) == _stable(grade(notebook, "hw00"))
    assert [c.id for c in seen] == [c.id for c in first.checks]  # progress streamed check by check
    (started,) = _daemons(runtime)
    assert runtime.stat().st_mode & 0o777 == 0o700
    again = time.monotonic()
    stub = daemon.grade("hw00", notebook_file(release_notebook("hw00")))
    assert stub.score == 0 and time.monotonic() - again < 10
    assert _daemons(runtime) == [started]  # the same daemon answered


def test_bad_input_raises_the_same_errors_through_the_daemon(runtime, tmp_path, notebook_file):
    with pytest.raises(BadSubmission, match="no such file"):
        daemon.grade("hw00", tmp_path / "missing.ipynb")
    with pytest.raises(UnknownLesson):
        daemon.grade("hw99", notebook_file(reference_notebook("hw00")))
    with pytest.raises(UnknownLesson):
        daemon.warm("hw99")


def test_a_daemon_of_another_version_exits_and_a_new_one_is_started(runtime, notebook_file, monkeypatch):
    notebook = notebook_file(reference_notebook("hw00"))
    daemon.grade("hw00", notebook)
    (old,) = _daemons(runtime)
    monkeypatch.setattr(daemon, "version", lambda: "a client of another version")
    with pytest.raises(daemon.Unavailable, match="another version"):  # the new daemon is of this package's version
        daemon.grade("hw00", notebook)
    old.wait(timeout=10)
    monkeypatch.undo()
    assert daemon.grade("hw00", notebook).score == 100
    (new,) = _daemons(runtime)
    assert new.pid != old.pid


def test_a_folder_others_can_open_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    monkeypatch.setenv("AUTOGRADER_RUNTIME_DIR", str(folder))
    with pytest.raises(daemon.Unavailable, match="not a private folder"):
        daemon.runtime_dir()


def test_a_daemon_that_closes_the_connection_before_answering_is_replaced(tmp_path, monkeypatch):
    """A request reaching a daemon as it exits (an upgrade: `check.prepare` and a first `check()` racing) is sent
    again, to a new daemon, instead of failing the student's check."""
    import socket
    import threading

    folder = tmp_path / "run"
    monkeypatch.setenv("AUTOGRADER_RUNTIME_DIR", str(folder))
    path = daemon.runtime_dir() / "grader.sock"
    exiting = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    exiting.bind(str(path))
    exiting.listen(1)

    def answer_nothing_and_exit() -> None:
        channel, _ = exiting.accept()
        channel.makefile("rb").readline()
        path.unlink()
        channel.close()
        exiting.close()

    old = threading.Thread(target=answer_nothing_and_exit)
    old.start()
    try:
        daemon.warm("hw00")  # answered by the daemon started after the exiting one went
        old.join()
        assert len(_daemons(folder)) == 1
    finally:
        daemon.stop()


def test_a_notebook_that_stops_the_fork_server_costs_only_its_cell_and_the_next_request_is_graded(runtime, notebook_file):
    """SIGSTOP of the daemon's fork server by a notebook's first cell: the server is seen stopped and replaced, the
    cell skipped; the grading, and the next, come back within their limits, and nothing of the stopped server
    is left."""
    nb = reference_notebook("hw00")
    nb["cells"].insert(0, {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                           "source": "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)"})
    started = time.monotonic()
    stopped = daemon.grade("hw00", notebook_file(nb))
    assert time.monotonic() - started < 30 + 5  # the cell's limit + 5 s
    assert stopped.score == 100 and "fork server" in stopped.notebook_errors[0].evalue
    again = time.monotonic()
    assert daemon.grade("hw00", notebook_file(reference_notebook("hw00"))).score == 100
    assert time.monotonic() - again < 10
    (grader,) = _daemons(runtime)
    frozen = [p for p in grader.children(recursive=True) if p.status() in (psutil.STATUS_STOPPED, psutil.STATUS_ZOMBIE)]
    assert not frozen, frozen
