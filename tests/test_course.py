"""The instructor's workflow through a real nbgrader exchange in a temporary folder.

An instructor and three students (one correct, one with a realistic mistake, one whose file is not a notebook) go
release -> fetch -> submit -> collect -> autograde -> feedback -> fetch_feedback -> export, with nbgrader's own
exchange commands on the students' side.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbgrader.api import Gradebook

import cli
from autograder import gradebook, lessons
from autograder.course import Course
from tests.conftest import ROOT, reference_notebook, release_notebook, with_mistake
from tests.lessons.mistakes_hw02 import MISTAKES

pytestmark = pytest.mark.xdist_group("course")  # one exchange, set up once, on one test process
LESSON = "hw02"
MISTAKE = MISTAKES[0]
STUDENTS = ("alice", "bob", "carol")
AS_STUDENT = """
import sys, nbgrader.utils as u
who = sys.argv[1]
u.get_username = u.get_osusername = lambda: who
from nbgrader.apps.nbgraderapp import main
sys.argv = ['nbgrader'] + sys.argv[2:]
main()
"""


def as_student(home: Path, who: str, *args: str) -> None:
    folder = home / who
    subprocess.run([sys.executable, "-c", AS_STUDENT, who, *args, "--course", "dl101"], cwd=folder, check=True,
                   capture_output=True, env={"PATH": str(Path(sys.executable).parent), "HOME": str(folder)})


def grade(course: Path, *args: str):
    result = CliRunner().invoke(cli.main, [*args, "--course", str(course)])
    assert result.exit_code == 0, result.output
    return result


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course after release, three submissions and collect."""
    tmp = tmp_path_factory.mktemp("course")
    root, exchange, home = tmp / "course", tmp / "exchange", tmp / "home"
    root.mkdir()
    exchange.mkdir()
    (root / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.course_id = "dl101"\nc.CourseDirectory.root = "{root}"\n'
        f'c.Exchange.root = "{exchange}"\n')
    grade(root, "release", LESSON, "--due", "2020-01-01 00:00")
    filled = {
        "alice": json.dumps(reference_notebook(LESSON)),
        "bob": json.dumps(with_mistake(reference_notebook(LESSON), MISTAKE.old, MISTAKE.new)),
        "carol": '{"cells": [ this is not json',
    }
    for who in STUDENTS:
        (home / who).mkdir(parents=True)
        (home / who / "nbgrader_config.py").write_text(f'c = get_config()\nc.Exchange.root = "{exchange}"\n')
        as_student(home, who, "fetch_assignment", LESSON)
        fetched = home / who / LESSON / f"{LESSON}.ipynb"
        assert json.loads(fetched.read_text())["cells"]  # what nbgrader released
        fetched.write_text(filled[who])
        as_student(home, who, "submit", LESSON)
    grade(root, "collect", LESSON)
    return root, home


@pytest.fixture(scope="module")
def autograded(course):
    root, home = course
    before = digest(root / "submitted")
    first = grade(root, "autograde", LESSON, "--workers", "2").output
    return root, home, before, first


def test_release_puts_nbgraders_student_notebook_and_every_check_in_the_gradebook(course):
    root, _ = course
    released = json.loads((root / "release" / LESSON / f"{LESSON}.ipynb").read_text())
    ours = release_notebook(LESSON)
    assert [c["source"] for c in released["cells"]] == [c["source"] for c in ours["cells"]]
    with Course.find(root).gradebook() as gb:
        cells = {c.name: c.max_score for c in gb.find_notebook(LESSON, LESSON).grade_cells}
    assert cells == {f"check-{c.id}": c.points for c in lessons.get(LESSON).checks}


def test_autograde_scores_each_student_in_the_gradebook_with_comments(autograded):
    root, _, _, output = autograded
    points = {c.id: c.points for c in lessons.get(LESSON).checks}
    with Course.find(root).gradebook() as gb:
        scores = {s: gb.find_submission(LESSON, s).score for s in STUDENTS}
        assert gb.find_grade(f"check-{MISTAKE.check}", LESSON, LESSON, "bob").score == 0
        comment = gb.find_comment(lessons.get(LESSON).checks[0].function, LESSON, LESSON, "alice").auto_comment
        assert gb.find_submission_notebook(LESSON, LESSON, "carol").flagged
        assert gb.find_submission(LESSON, "alice").total_seconds_late > 0
    assert scores == {"alice": 100, "bob": 100 - points[MISTAKE.check], "carol": 0}
    assert "passed" in comment
    assert "carol: 0/100" in output and "ungradable" in output and "h late" in output


def test_autograde_writes_reports_and_results_json_on_copies_only(autograded):
    root, _, before, _ = autograded
    assert digest(root / "submitted") == before
    results = json.loads((root / "autograded" / "bob" / LESSON / "results.json").read_text())
    assert results["score"] == sum(t["score"] for t in results["tests"])
    failed = [t for t in results["tests"] if t["status"] == "failed"]
    assert [t["name"].split(":")[0] for t in failed] == [MISTAKE.check]
    assert MISTAKE.hint.lower() in failed[0]["output"].lower()


def test_autograde_again_grades_only_what_changed(autograded):
    root, _, _, _ = autograded
    (root / "autograded" / "alice" / LESSON / "grade-report.json").unlink()  # as if interrupted before alice
    again = grade(root, "autograde", LESSON).output
    assert "alice: 100/100" in again and "alice: 100/100, " in again and "not graded again" not in again.split("\n")[0]
    assert again.count("not graded again") == 2
    with Course.find(root).gradebook() as gb:
        assert gb.find_submission(LESSON, "alice").score == 100


def test_feedback_reaches_students_through_nbgrader(autograded):
    root, home, _, _ = autograded
    grade(root, "feedback", LESSON)
    for who in ("alice", "bob"):
        as_student(home, who, "fetch_feedback", LESSON)
        (page,) = (home / who / LESSON / "feedback").rglob("*.html")
        assert "Score:" in page.read_text()


def test_export_has_a_row_per_student_and_a_column_per_lesson_and_check(autograded):
    root, _, _, _ = autograded
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(grade(root, "export").output))}
    assert set(rows) == set(STUDENTS)
    assert float(rows["alice"][LESSON]) == 100 and float(rows["carol"][LESSON]) == 0
    assert float(rows["bob"][f"{LESSON}:{MISTAKE.check}"]) == 0
    assert float(rows["alice"][f"{LESSON} seconds late"]) > 0


def test_instructor_commands_outside_a_course_are_bad_input(tmp_path):
    result = CliRunner().invoke(cli.main, ["autograde", LESSON, "--course", str(tmp_path)])
    assert result.exit_code == 2 and "no nbgrader course here" in result.stderr


def test_a_student_hands_in_with_grade_submit_and_is_told_where_it_went(course):
    root, home = course
    exchange = root.parent / "exchange"
    (home / "dave").mkdir()
    (home / "dave" / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.Exchange.root = "{exchange}"\nc.CourseDirectory.course_id = "dl101"\n')
    as_student(home, "dave", "fetch_assignment", LESSON)
    notebook = home / "dave" / LESSON / f"{LESSON}.ipynb"
    notebook.write_text(json.dumps(reference_notebook(LESSON)))
    result = CliRunner().invoke(cli.main, ["submit", LESSON, str(notebook), "--no-html"])
    assert result.exit_code == 0, result.output
    assert "submitted" in result.stderr and "course dl101" in result.stderr
    (handed_in,) = [p for p in (exchange / "dl101" / "inbound").iterdir() if p.name.split("+")[0] not in STUDENTS]
    assert f"+{LESSON}+" in handed_in.name and (handed_in / f"{LESSON}.ipynb").exists()


def test_without_a_course_grade_submit_says_it_graded_locally_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "no-config"))
    (tmp_path / f"{LESSON}.ipynb").write_text(json.dumps(reference_notebook(LESSON)))
    result = CliRunner().invoke(cli.main, ["submit", LESSON, "--no-html"])
    assert result.exit_code == 0 and "no course configured" in result.stderr


def test_recording_a_new_student_prints_no_warning_of_nbgraders_database(course, tmp_path):
    """nbgrader's own autoflush warns (SAWarning) on every new submission: the grader's output stays clean."""
    root, _ = course
    shutil.copyfile(root / "gradebook.db", tmp_path / "gradebook.db")  # the shared course is left as it is
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}", course_id="dl101") as gb, warnings.catch_warnings():
        warnings.simplefilter("error")
        gradebook.record(gb, lessons.get(LESSON), "dave", None, timestamp=None, problem="not a notebook")
        assert gb.find_submission(LESSON, "dave").score == 0


def _grading_process() -> tuple[int, str | None, bool, object]:
    """In a grading process of the pool: which process it is, the address of the fork server it joined, whether it
    was forked from multiprocessing's fork server, and what a worker of its own answers."""
    import os
    import time

    import psutil

    from autograder import forking
    from autograder.runner import Worker

    time.sleep(0.5)  # the other task goes to the other process
    with Worker([{"index": 1, "source": "def f():\n    return 41 + 1"}]) as worker:
        answer = worker.call("f").value
    preloaded = "forkserver" in " ".join(psutil.Process().parent().cmdline())
    return os.getpid(), forking._given[0] if forking._given else None, preloaded, answer


def test_each_grading_process_of_autograde_joins_a_sandboxed_fork_server_of_its_own():
    from autograder.autograde import _Pool

    with _Pool(2, "hw00") as pool:
        seen = [future.result() for future in [pool.submit(_grading_process) for _ in range(2)]]
        addresses = {server.address for server in pool.servers}
    assert len({pid for pid, *_ in seen}) == 2
    assert {address for _, address, *_ in seen} == addresses and len(addresses) == 2
    assert all(preloaded and answer == 42 for *_, preloaded, answer in seen)


def _worker_whose_first_cell_kills_its_fork_server() -> tuple[list[str], object]:
    from autograder.runner import Worker

    cells = [{"index": 1, "source": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"},
             {"index": 2, "source": "def f():\n    return 41 + 1"}]
    with Worker(cells) as worker:
        answer = worker.call("f").value
        return [error["evalue"] for error in worker.load_errors], answer


def test_a_cell_that_kills_the_fork_server_a_grading_process_joined_is_skipped_and_the_notebook_graded_without_it():
    from autograder.autograde import _Pool

    with _Pool(1, "hw00") as pool:
        errors, answer = pool.submit(_worker_whose_first_cell_kills_its_fork_server).result()
    assert answer == 42
    assert len(errors) == 1 and "lost with its parent, the sandbox's fork server" in errors[0]
    assert "ran your notebook again without it" in errors[0]


def _stop_the_fork_server_at_load_and_in_a_call() -> tuple[list[str], object, str]:
    from autograder.runner import Limits, Worker

    cells = [{"index": 1, "source": "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)"},
             {"index": 2, "source": "import os, signal\ndef f():\n    return 41 + 1\n"
                                    "def g():\n    os.kill(os.getppid(), signal.SIGSTOP)\n    while True:\n        pass"}]
    with Worker(cells, Limits(call_seconds=2)) as worker:
        answer = worker.call("f").value
        errors = [error["evalue"] for error in worker.load_errors]
        try:
            worker.call("g")
        except Exception as stopped:  # noqa: BLE001 - the call's time limit
            return errors, answer, str(stopped)
    return errors, answer, "g returned"


def test_a_fork_server_a_grading_process_joined_and_student_code_stopped_is_replaced_and_nothing_is_left():
    import time

    import psutil

    from autograder.autograde import _Pool

    with _Pool(2, "hw00") as pool:
        started = time.monotonic()
        errors, answer, stopped = pool.submit(_stop_the_fork_server_at_load_and_in_a_call).result()
        assert time.monotonic() - started < 30 + 2 + 5
        assert pool.submit(_grading_process).result()[3] == 42  # the next grading works
    assert answer == 42 and "ran your notebook again without it" in errors[0]
    assert "time limit of 2 s" in stopped
    frozen = [p for p in psutil.Process().children(recursive=True)
              if p.status() in (psutil.STATUS_STOPPED, psutil.STATUS_ZOMBIE)]
    assert not frozen, frozen


def _environment_variable(name: str) -> str | None:
    import os

    return os.environ.get(name)


def test_grading_processes_see_the_environment_of_the_grader_as_it_is_when_the_pool_starts(monkeypatch):
    from autograder.autograde import _Pool

    for value in ("first", "second"):  # multiprocessing's fork server, started once, kept the first
        monkeypatch.setenv("AUTOGRADER_TEST_VARIABLE", value)
        with _Pool(2, "hw00") as pool:
            assert pool.submit(_environment_variable, "AUTOGRADER_TEST_VARIABLE").result() == value


def test_the_pools_fork_server_leaves_without_tearing_torch_down_once_its_exit_handlers_ran():
    """It would hold the grader's output open for half a second after the grader left (`grade autograde | tee`)."""
    script = textwrap.dedent("""
        import atexit, os, sys
        import autograder.pool_preload  # as multiprocessing's fork server does (its preload)
        atexit.register(os.write, 1, b"handlers ran\\n")

        class Teardown:
            def __del__(self, write=os.write):
                write(1, b"torn down\\n")

        marker = Teardown()
        child = os.fork()  # a grading process: it leaves its own way
        if child:
            os.waitpid(child, 0)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["handlers ran", "torn down", "handlers ran"]  # the child's, then the server's


def test_a_module_in_the_folder_grade_runs_from_never_stands_in_for_one_that_grading_imports(tmp_path):
    course = tmp_path / "course"  # where an instructor runs `grade autograde`
    course.mkdir()
    (course / "multiprocessing.py").write_text("raise ImportError('the course folder has a multiprocessing.py')\n")
    script = tmp_path / "grade.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from autograder.autograde import _Pool\n"
        "if __name__ == '__main__':\n"
        "    with _Pool(2, 'hw00') as pool:\n"
        "        print(pool.submit(eval, \"__import__('sys').modules['hypothesis'].__file__\").result())\n")
    done = subprocess.run([sys.executable, str(script)], cwd=course, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "site-packages" in done.stdout and str(course) not in done.stdout
