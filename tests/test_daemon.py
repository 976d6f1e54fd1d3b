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


@pytest.fixture
def runtime(tmp_path, monkeypatch):
    folder = tmp_path / "run"
    monkeypatch.setenv("AUTOGRADER_DAEMON", "1")
    monkeypatch.setenv("AUTOGRADER_RUNTIME_DIR", str(folder))
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


def test_a_daemon_of_another_version_is_replaced(runtime, notebook_file):
    notebook = notebook_file(reference_notebook("hw00"))
    daemon.grade("hw00", notebook)
    (old,) = _daemons(runtime)
    edited = daemon.PACKAGE / "daemon.py"  # as if the package were edited or upgraded
    saved = edited.stat()
    os.utime(edited, ns=(saved.st_atime_ns, saved.st_mtime_ns + 1_000_000_000))
    try:
        assert daemon.grade("hw00", notebook).score == 100
    finally:
        os.utime(edited, ns=(saved.st_atime_ns, saved.st_mtime_ns))
    old.wait(timeout=10)
    (new,) = _daemons(runtime)
    assert new.pid != old.pid


def test_a_folder_others_can_open_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o777)
    os.chmod(folder, 0o777)
    monkeypatch.setenv("AUTOGRADER_RUNTIME_DIR", str(folder))
    with pytest.raises(daemon.Unavailable, match="not a private folder"):
        daemon.runtime_dir()
