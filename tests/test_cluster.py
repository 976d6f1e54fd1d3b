"""`grade autograde --scheduler`: the same gradings on a real Dask cluster of two worker processes.

The course is tests/test_course.py's (a real nbgrader exchange, three students: a correct notebook, one with a
realistic mistake, one that is not a notebook); it is graded on this machine, then again through the cluster, and
what each run recorded must be the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from autograder import cluster
from autograder.course import Course
from tests import test_course
from tests.test_course import LESSON, STUDENTS, grade

distributed = pytest.importorskip("distributed")
course = test_course.course  # its fixture, reused: a course after release, three submissions and collect
pytestmark = pytest.mark.xdist_group("cluster")
TIMING = {"elapsed_seconds", "train_seconds", "execution_time"}  # execution_time: Gradescope's results.json


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                  silence_logs=50) as local:
        yield local.scheduler_address


def untimed(value):
    if isinstance(value, dict):
        return {k: untimed(v) for k, v in value.items() if k not in TIMING}
    if isinstance(value, list):
        return [untimed(v) for v in value]
    return value


def recorded(root: Path) -> dict:
    """What a run left: the gradebook's scores and comments, and each student's reports less their timings."""
    with Course.find(root).gradebook() as gb:
        cells = [c.name for c in gb.find_notebook(LESSON, LESSON).grade_cells]
        book = {s: (gb.find_submission(LESSON, s).score, gb.find_submission_notebook(LESSON, LESSON, s).flagged,
                    {c: gb.find_grade(c, LESSON, LESSON, s).score for c in cells},
                    {c.name: c.auto_comment for c in gb.find_submission_notebook(LESSON, LESSON, s).comments})
                for s in STUDENTS}
    reports = {}
    for student in STUDENTS:
        folder = root / "autograded" / student / LESSON
        reports[student] = {p.name: untimed(json.loads(p.read_text())) for p in folder.glob("*.json")}
    return {"gradebook": book, "reports": reports}


def test_a_class_graded_on_a_dask_cluster_is_recorded_as_a_local_grading_is(course, scheduler):
    root, _ = course
    local = grade(root, "autograde", LESSON, "--force").output
    here = recorded(root)
    remote = grade(root, "autograde", LESSON, "--force", "--scheduler", scheduler).output
    assert recorded(root) == here
    assert remote == local
    assert here["gradebook"]["carol"][1] and "ungradable" in remote  # the broken notebook, flagged on both
    assert {"grade-report.json", "results.json"} <= set(here["reports"]["alice"])
    assert here["reports"]["alice"]["grade-report.json"]["notebook"].endswith(f"autograded/alice/{LESSON}/{LESSON}.ipynb")


def test_a_scheduler_that_cannot_be_reached_is_bad_input(course, monkeypatch):
    root, _ = course
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2.0)
    for address in ("tcp://127.0.0.1:9", "no-such-protocol://x"):
        result = CliRunner().invoke(cli.main, ["autograde", LESSON, "--course", str(root), "--scheduler", address])
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1 and "no Dask scheduler reachable at" in result.stderr
