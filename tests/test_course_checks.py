"""A course's own hidden checks (source/hwNN/checks.py): loaded, validated, graded and counted everywhere.

The checks are the README's worked examples, taken from README.md itself (so that the README stays true): hw03's
`forward` far from the lecture's data, hw08's recall of the worst digit. A real nbgrader course (release -> fetch ->
submit -> collect -> autograde -> feedback -> export -> insight, and a student's `grade submit`) grades them; a
broken file, of each kind, is bad input before anything is graded.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import pickle
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

import cli
from autograder import course_checks
from autograder.autograde import fingerprint
from autograder.course import Course
from autograder.errors import BadCourseChecks, InvalidRubric
from autograder.grading import grade as grade_notebook
from autograder.results import Results, Verdict
from autograder.rubric import Check, Context, Lesson
from autograder.unseen_inputs import reference_of
from tests.conftest import ROOT, _meta, _source, a_class, reference_notebook, with_mistake, write
from tests.test_course import as_student
from tests.test_course import grade as run_grade

pytestmark = pytest.mark.xdist_group("course_checks")  # one course, set up once, on one test process
LESSON = "hw03"
EXTRA = "forward_far_out"
EXTRA_POINTS = 5
RIGHT_FORWARD = "return w1 * x ** 2 + w2 * x + b"
CLIPPED_FORWARD = ("import torch\n    x = x.clamp(-10, 10) if torch.is_tensor(x) else max(-10.0, min(10.0, x))\n"
                   "    return w1 * x ** 2 + w2 * x + b")
"""Right from -10 to 10, where the lesson's own checks (public and hidden halves) draw x: wrong only farther out."""


def readme_checks(lesson: str) -> str:
    """The README's checks.py of `lesson`: its ```python block that starts with `# source/LESSON/checks.py`."""
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    (block,) = [b for b in blocks if b.startswith(f"# source/{lesson}/checks.py\n")]
    return block


def source_of(text: str, name: str = "/course/source/hw03/checks.py") -> course_checks.Source:
    return name, text


def filled(nb: dict, lesson: str) -> dict:
    """A notebook (as released) with the source notebook's solutions in its solution cells."""
    source = json.loads((ROOT / "assignments" / lesson / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    solutions = {_meta(c)["grade_id"]: _source(c) for c in source["cells"] if _meta(c).get("solution")}
    for cell in nb["cells"]:
        if _meta(cell).get("grade_id") in solutions:
            cell["source"] = solutions[_meta(cell)["grade_id"]]
    return nb


# Loading and validating.


def test_the_readme_examples_add_hidden_checks_worth_points_on_top_of_100():
    hw03 = course_checks.graded_lesson("hw03", source_of(readme_checks("hw03")))
    hw08 = course_checks.graded_lesson("hw08", source_of(readme_checks("hw08"), "/course/source/hw08/checks.py"))
    assert (hw03.points, hw03.added, hw03.checks[-1].id) == (100 + EXTRA_POINTS, 1, EXTRA)
    assert (hw08.points, hw08.added, hw08.checks[-1].id) == (110, 1, "train_classifier_every_digit")
    assert all(lesson.checks[-1].hidden and not any(c.hidden for c in lesson.checks[:-1]) for lesson in (hw03, hw08))
    assert course_checks.graded_lesson("hw03", None).points == 100  # the package's lesson, untouched


def test_a_courses_check_is_hidden_whatever_it_says_and_a_text_is_run_once():
    text = readme_checks("hw03").replace('        points=5,', '        points=5,\n        hidden=False,')
    lesson = course_checks.graded_lesson("hw03", source_of(text))
    assert lesson.checks[-1].hidden
    assert course_checks.graded_lesson("hw03", source_of(text)) is lesson
    assert course_checks.graded_lesson("hw03", source_of(text + "\n")) is not lesson


def test_lessons_keep_their_100_point_rule_and_added_checks_are_hidden():
    def check(id, points, hidden=False):
        return Check(id=id, points=points, title="t", function="f", run=lambda worker, context: Verdict.passed(),
                     hidden=hidden)

    lesson = Lesson(id="hw99", title="t", functions=("f",), checks=(check("a", 100),))
    assert lesson.with_checks([check("b", 7)]).points == 107
    with pytest.raises(InvalidRubric, match="99"):
        Lesson(id="hw99", title="t", functions=("f",), checks=(check("a", 99), check("b", 1, True)), added=1)
    with pytest.raises(InvalidRubric, match="hidden"):
        Lesson(id="hw99", title="t", functions=("f",), checks=(check("a", 100), check("b", 1)), added=1)
    with pytest.raises(InvalidRubric, match="repeat"):
        lesson.with_checks([check("a", 1)])


README_HW03 = readme_checks("hw03")
BROKEN = {
    "syntax error": ("CHECKS = [\n", "syntax error at line 1"),
    "exception at import": ("import no_such_module_of_the_course\n", "raised ModuleNotFoundError at line 1 while it ran"),
    "exception in the lessons' API": (README_HW03.replace("scalars(-100, 100)", "scalars(100, -100)"),
                                      "raised InvalidRubric at line"),
    "no CHECKS": (README_HW03.replace("CHECKS = [", "MY_CHECKS = ["), "declares no CHECKS"),
    "CHECKS not a list": ("CHECKS = 3\n", "CHECKS is an int, not a list of checks"),
    "not a check": ("CHECKS = [{'id': 'forward_far_out', 'points': 5}]\n", "CHECKS[0] is a dict, not a check"),
    "a repeated id": (README_HW03.replace("CHECKS = [", "CHECKS = 2 * ["), "the check id 'forward_far_out' repeats"),
    "the lesson's id": (README_HW03.replace(f'id="{EXTRA}"', 'id="forward"'),
                        "the check id 'forward' is already one of hw03's checks"),
    "an unsafe id": (README_HW03.replace(f'id="{EXTRA}"', 'id="../x"'), "has the id '../x'"),
    "an unknown function": (README_HW03.replace('function="forward"', 'function="predict"'),
                            "exercises 'predict', not a function of hw03"),
    "no points": (README_HW03.replace("points=5,", "points=0,"), "is worth 0 points"),
    "negative points": (README_HW03.replace("points=5,", "points=-5,"), "is worth -5 points"),
    "a whole lesson": ("LESSON = None\n", "a whole lesson of the course's own is not supported yet"),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_file_is_bad_input_naming_the_file_and_the_problem_in_one_line(kind):
    text, problem = BROKEN[kind]
    with pytest.raises(BadCourseChecks) as raised:
        course_checks.graded_lesson("hw03", source_of(text))
    message = str(raised.value)
    assert message.startswith("/course/source/hw03/checks.py: ") and problem in message and "\n" not in message
    assert str(pickle.loads(pickle.dumps(raised.value))) == message  # raised in a grading process, reported here


def test_an_edited_checks_file_grades_every_submission_again(tmp_path):
    notebook = write(reference_notebook(LESSON), tmp_path / "hw03.ipynb")
    marks = {fingerprint(notebook, LESSON), fingerprint(notebook, LESSON, None, source_of(README_HW03)),
             fingerprint(notebook, LESSON, None, source_of(README_HW03.replace("points=5", "points=6")))}
    assert len(marks) == 3


# Grading (the engine).


def hidden_context(lesson: str, text: str, student_seed: int = 7) -> Context:
    """The instructor's side: the student's hidden inputs against the reference, and the course's checks."""
    return Context(hidden=reference_of(ROOT / "assignments" / lesson / f"{lesson}.ipynb", student_seed),
                   course_checks=source_of(text, f"/course/source/{lesson}/checks.py"))


def test_the_reference_earns_full_marks_and_a_wrong_forward_loses_exactly_the_courses_check(tmp_path):
    context = hidden_context(LESSON, README_HW03)
    reference = grade_notebook(write(reference_notebook(LESSON), tmp_path / "ref.ipynb"), LESSON, include_hidden=True,
                               context=context)
    assert (reference.score, reference.max_score) == (105, 105)
    clipped = with_mistake(reference_notebook(LESSON), RIGHT_FORWARD, CLIPPED_FORWARD)
    wrong = grade_notebook(write(clipped, tmp_path / "clipped.ipynb"), LESSON, include_hidden=True, context=context)
    assert (wrong.score, wrong.max_score) == (100, 105)
    (failed,) = [c for c in wrong.checks if c.status != "passed"]
    assert (failed.id, failed.max_points, failed.hidden) == (EXTRA, EXTRA_POINTS, True)
    assert failed.counterexample.hidden and abs(float(failed.counterexample.inputs["x"])) > 10
    assert failed.message == "forward() gives a wrong answer on inputs of the course's own (not shown)"
    assert failed.hint.startswith("y_hat = w1 * x**2 + w2 * x + b for every x")
    assert [c.counterexample for c in wrong.for_student().checks if c.id == EXTRA] == [None]
    public_only = dataclasses.replace(context, hidden=None)  # grade autograde --public-inputs-only
    again = grade_notebook(tmp_path / "clipped.ipynb", LESSON, include_hidden=True, context=public_only)
    assert (again.score, again.max_score) == (100, 105)


def test_without_the_hidden_checks_the_courses_checks_are_not_run_and_their_points_said(tmp_path):
    results = grade_notebook(write(reference_notebook(LESSON), tmp_path / "ref.ipynb"), LESSON,
                             context=Context(course_checks=source_of(README_HW03)))
    assert EXTRA not in [c.id for c in results.checks]
    assert (results.score, results.max_score, results.hidden_points_not_run) == (100, 100, EXTRA_POINTS)


def test_the_hw08_reference_earns_full_marks_on_the_readme_training_check(tmp_path):
    results = grade_notebook(write(reference_notebook("hw08"), tmp_path / "hw08.ipynb"), "hw08", include_hidden=True,
                             context=hidden_context("hw08", readme_checks("hw08")))
    extra = results.checks[-1]
    assert (extra.id, extra.status, extra.points) == ("train_classifier_every_digit", "passed", 10)
    assert extra.training.metric == "held-out recall of the worst digit" and extra.training.value >= 0.7
    assert (results.score, results.max_score) == (110, 110)


# A real nbgrader course.


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course whose hw03 has the README's checks.py: released, fetched and handed in by a student whose forward is
    right (alice), one whose forward clips x to [-10, 10] (bob) and a file that is not a notebook (carol), collected
    and autograded (2 processes); dave fetched it only."""
    tmp = tmp_path_factory.mktemp("course-checks")
    root, exchange, home = tmp / "course", tmp / "exchange", tmp / "home"
    (root / "source" / LESSON).mkdir(parents=True)
    exchange.mkdir()
    (root / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.course_id = "dl101"\nc.CourseDirectory.root = "{root}"\n'
        f'c.Exchange.root = "{exchange}"\n')
    (root / "source" / LESSON / "checks.py").write_text(README_HW03)
    run_grade(root, "release", LESSON)
    for who in ("alice", "bob", "carol", "dave"):
        (home / who).mkdir(parents=True)
        (home / who / "nbgrader_config.py").write_text(
            f'c = get_config()\nc.Exchange.root = "{exchange}"\nc.CourseDirectory.course_id = "dl101"\n')
        as_student(home, who, "fetch_assignment", LESSON)
    handed_in = {
        "alice": lambda nb: json.dumps(filled(nb, LESSON)),
        "bob": lambda nb: json.dumps(with_mistake(filled(nb, LESSON), RIGHT_FORWARD, CLIPPED_FORWARD)),
        "carol": lambda nb: '{"cells": [ this is not json',
    }
    for who, text in handed_in.items():
        fetched = home / who / LESSON / f"{LESSON}.ipynb"
        fetched.write_text(text(json.loads(fetched.read_text())))
        as_student(home, who, "submit", LESSON)
    run_grade(root, "collect", LESSON)
    output = run_grade(root, "autograde", LESSON, "--workers", "2").output
    return root, exchange, home, output


def test_release_declares_the_courses_checks_and_never_releases_them(course):
    root, exchange, home, _ = course
    for folder in (root / "release" / LESSON, exchange / "dl101" / "outbound" / LESSON, home / "alice" / LESSON):
        assert folder.is_dir() and not list(folder.rglob("checks.py")), folder
        released = json.loads((folder / f"{LESSON}.ipynb").read_text())
        assert released["metadata"]["autograder"]["course_hidden_points"] == EXTRA_POINTS
        assert EXTRA not in (folder / f"{LESSON}.ipynb").read_text().replace('"course_hidden_points"', "")
    with Course.find(root).gradebook() as gb:
        cells = {c.name: c.max_score for c in gb.find_notebook(LESSON, LESSON).grade_cells}
    assert cells[f"check-{EXTRA}"] == EXTRA_POINTS and sum(cells.values()) == 100 + EXTRA_POINTS


def test_autograde_runs_them_and_the_gradebook_counts_them(course):
    root, _, _, output = course
    assert "alice: 105/105" in output and "bob: 100/105" in output and "carol: 0/105: ungradable" in output
    with Course.find(root).gradebook() as gb:
        assert gb.find_submission(LESSON, "alice").score == 105
        assert gb.find_submission(LESSON, "bob").score == 100
        assert gb.find_grade(f"check-{EXTRA}", LESSON, LESSON, "bob").score == 0
        assert gb.find_grade(f"check-{EXTRA}", LESSON, LESSON, "alice").score == EXTRA_POINTS
        comment = gb.find_comment("forward", LESSON, LESSON, "bob").auto_comment
    assert f"{EXTRA} (0/5): failed" in comment and "hidden inputs: x=" in comment  # the instructor sees them


def test_the_students_reports_say_so_without_the_courses_inputs(course):
    root, _, _, _ = course
    graded = root / "autograded" / "bob" / LESSON
    record = json.loads((graded / "grade-report.json").read_text())
    (extra,) = [c for c in record["checks"] if c["id"] == EXTRA]
    example = extra["counterexample"]
    assert example["hidden"] and extra["message"].endswith("on inputs of the course's own (not shown)")
    results = json.loads((graded / "results.json").read_text())
    (test,) = [t for t in results["tests"] if t["name"].startswith(EXTRA)]
    assert (test["score"], test["output"]) == (0, extra["message"])
    page = (graded / f"{LESSON}.report.html").read_text()
    assert extra["message"] in page.replace("&#39;", "'") and "smallest failing input" not in page
    assert Results.from_dict(record).for_student().checks[-1].counterexample is None


def test_feedback_export_and_insight_count_them(course):
    root, _, _, _ = course
    run_grade(root, "feedback", LESSON)
    for who, points in (("alice", "5/5"), ("bob", "0/5")):
        page = (root / "feedback" / who / LESSON / f"{LESSON}.html").read_text()
        assert EXTRA in page and points in page
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(run_grade(root, "export").output))}
    assert float(rows["alice"][f"{LESSON}:{EXTRA}"]) == EXTRA_POINTS and float(rows["bob"][f"{LESSON}:{EXTRA}"]) == 0
    assert [float(rows[who][LESSON]) for who in ("alice", "bob", "carol")] == [105, 100, 0]
    insight = json.loads(run_grade(root, "insight", LESSON, "--json").output)
    (extra,) = [c for c in insight["checks"] if c["id"] == EXTRA]
    assert (extra["graded"], extra["passed"], extra["points_lost"]) == (2, 1, EXTRA_POINTS)
    assert {s["student"]: s["max_score"] for s in insight["submissions"]} == {"alice": 105, "bob": 105, "carol": 105}


def test_grade_submit_never_runs_them_and_says_their_points_are_the_instructors(course):
    _, _, home, _ = course
    notebook = home / "dave" / LESSON / f"{LESSON}.ipynb"
    notebook.write_text(json.dumps(filled(json.loads(notebook.read_text()), LESSON)))
    result = CliRunner().invoke(cli.main, ["submit", LESSON, str(notebook), "--json", "--no-html", "--no-hand-in"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert EXTRA not in [c["id"] for c in report["checks"]]
    assert (report["score"], report["max_score"], report["hidden_points_not_run"]) == (100, 100, EXTRA_POINTS)
    shown = CliRunner().invoke(cli.main, ["submit", LESSON, str(notebook), "--no-html", "--no-hand-in"])
    assert "+ 5 points of hidden checks, graded by your instructor" in shown.stdout


def test_a_dask_cluster_grades_them_from_the_text_the_task_carries(course):
    distributed = pytest.importorskip("distributed")
    root, _, _, local = course
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                  silence_logs=50) as cluster:
        remote = run_grade(root, "autograde", LESSON, "--force", "--scheduler", cluster.scheduler_address).output
    assert remote == local
    with Course.find(root).gradebook() as gb:
        assert gb.find_grade(f"check-{EXTRA}", LESSON, LESSON, "bob").score == 0
        assert gb.find_submission(LESSON, "alice").score == 105


def test_the_outline_with_the_courses_checks_reaches_a_parent_that_never_imports_torch(tmp_path):
    outline = course_checks.graded_lesson(LESSON, source_of(README_HW03)).outline()
    (tmp_path / "outline").write_bytes(pickle.dumps(outline))
    read = subprocess.run(
        [sys.executable, "-c", "import pickle, sys; lesson = pickle.load(open(sys.argv[1], 'rb'));"
         "print(lesson.points, lesson.checks[-1].id, lesson.checks[-1].hidden, 'torch' in sys.modules)",
         str(tmp_path / "outline")], capture_output=True, text=True, cwd=ROOT)
    assert read.stdout.split() == ["105", EXTRA, "True", "False"], read.stderr


# A broken file stops the instructor's commands before anything is graded or released.


def bad_input_line(result) -> str:
    """The one line a command that exits 2 says (a warning about the sandbox may come before it)."""
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    return a_class(tmp_path_factory.mktemp("broken"), 1, LESSON)


@pytest.mark.parametrize("kind", BROKEN)
def test_grade_autograde_with_a_broken_file_exits_2_before_grading_anyone(small_class, kind):
    text, problem = BROKEN[kind]
    checks = small_class / "source" / LESSON / "checks.py"
    checks.parent.mkdir(parents=True, exist_ok=True)
    checks.write_text(text)
    result = CliRunner().invoke(cli.main, ["autograde", LESSON, "--course", str(small_class)])
    line = bad_input_line(result)
    assert line.startswith(f"error: {checks}: ") and problem in line
    assert not (small_class / "autograded").exists()


def test_a_broken_file_found_in_a_grading_process_is_bad_input_too(small_class):
    text, problem = BROKEN["an unknown function"]
    checks = small_class / "source" / LESSON / "checks.py"
    checks.parent.mkdir(parents=True, exist_ok=True)
    checks.write_text(text)
    result = CliRunner().invoke(cli.main, ["autograde", LESSON, "--course", str(small_class), "--workers", "2"])
    assert problem in bad_input_line(result) and not (small_class / "autograded").exists()


def test_grade_release_with_a_broken_file_releases_nothing(tmp_path):
    root = tmp_path / "course"
    (root / "source" / LESSON).mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.course_id = "dl101"\nc.CourseDirectory.root = "{root}"\n'
        f'c.Exchange.root = "{tmp_path / "exchange"}"\n')
    (root / "source" / LESSON / "checks.py").write_text(BROKEN["no points"][0])
    result = CliRunner().invoke(cli.main, ["release", LESSON, "--course", str(root)])
    assert "is worth 0 points" in bad_input_line(result)
    assert not (root / "release").exists() and not (tmp_path / "exchange").exists()


def test_a_checks_file_that_is_not_text_is_bad_input(tmp_path):
    course = a_class(tmp_path, 1, LESSON)
    checks = course / "source" / LESSON / "checks.py"
    checks.parent.mkdir(parents=True)
    checks.write_bytes(b"\xff\xfe CHECKS = []")
    with pytest.raises(BadCourseChecks, match="not UTF-8 text"):
        course_checks.read(Course.find(course), LESSON)
