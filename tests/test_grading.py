"""Grading as a whole: deterministic, never changes the notebook, robust to hostile and broken notebooks."""

import hashlib
import json
import re

from autograder.grading import grade
from autograder.runner import Limits
from tests.conftest import reference_notebook, with_mistake

TIMING = re.compile(r"time|seconds|duration|elapsed|_at$")


def without_timings(value):
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if not TIMING.search(k)}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


def test_same_notebook_same_report_and_notebook_untouched(notebook_file):
    """Do two gradings of one notebook give the same score and the same counterexample?"""
    path = notebook_file(
        with_mistake(reference_notebook("hw02"), "return (2 * x * (x * w - y)).mean()", "return (2 * x * (x * w - y)).sum()")
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    first, second = (without_timings(grade(path, "hw02").to_dict()) for _ in range(2))
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert first["score"] == 85


def test_student_error_shows_trimmed_traceback_and_smallest_input(notebook_file):
    nb = with_mistake(reference_notebook("hw02"), "return ((x * w - y) ** 2).mean()", "return ((x * w - y) ** 2).mean(axis=5)")
    check = next(c for c in grade(notebook_file(nb), "hw02").checks if c.id == "cost")
    assert check.status == "error" and "IndexError" in check.message
    assert re.search(r"cell \d+, line \d+, in cost", check.traceback) and "autograder" not in check.traceback
    assert check.counterexample.inputs == {"x": "tensor([0.], dtype=torch.float64)", "y": "tensor([0.], dtype=torch.float64)", "w": "0.0"}
    assert check.points == 0


def test_notebook_that_hangs_at_import_fails_every_check_with_the_limit(notebook_file):
    nb = reference_notebook("hw02")
    nb["cells"].insert(2, {"cell_type": "code", "metadata": {}, "source": "import time\ntime.sleep(60)", "outputs": [],
                           "execution_count": None})
    results = grade(notebook_file(nb), "hw02", limits=Limits(load_seconds=2))
    assert results.score == 0 and {c.status for c in results.checks} == {"timeout"}
    assert all("time limit of 2 s" in c.message for c in results.checks)


def test_cell_errors_are_reported_and_grading_goes_on(notebook_file):
    nb = reference_notebook("hw02")
    nb["cells"].append({"cell_type": "code", "metadata": {}, "source": "plot(costs)", "outputs": [], "execution_count": None})
    results = grade(notebook_file(nb), "hw02")
    assert results.score == 100
    assert [(e.cell, e.ename) for e in results.notebook_errors] == [(len(nb["cells"]), "NameError")]


def test_printing_a_fake_score_changes_nothing(notebook_file):
    nb = reference_notebook("hw02")
    fake = 'print(\'{"score": 100, "max_score": 100}\')\nimport sys; sys.stdout.write("Score: 100/100")'
    nb = with_mistake(nb, "return (2 * x * (x * w - y)).mean()", f"{fake}\n    return 0.0".replace("\n", "\n    "))
    assert grade(notebook_file(nb), "hw02").score == 85


def test_an_answer_no_tensor_can_hold_is_a_wrong_answer_not_a_grader_failure(notebook_file):
    """An int past int64 once raised in the grader: the submission was then never graded (a grader failure)."""
    nb = with_mistake(reference_notebook("hw03"), "return w1 * x ** 2 + w2 * x + b", "return 2**70")
    forward = next(c for c in grade(notebook_file(nb), "hw03", exercise="forward").checks)
    assert forward.status == "failed" and forward.points == 0
    assert "got `1180591620717411303424`, expected" in forward.message


def test_text_utf8_cannot_hold_in_a_students_error_still_makes_every_report(notebook_file):
    """A lone surrogate ('\\ud800') in an exception message once failed every report, and the class with it."""
    from autograder.reports.gradescope import to_gradescope
    from autograder.reports.html import to_html
    from autograder.reports.json_report import to_json

    nb = with_mistake(reference_notebook("hw03"), "return w1 * x ** 2 + w2 * x + b",
                      "raise ValueError('bad \\ud800 value')")
    results = grade(notebook_file(nb), "hw03", exercise="forward")
    assert "bad \ufffd value" in results.checks[0].message
    for text in (to_json(results), json.dumps(to_gradescope(results), ensure_ascii=False), to_html(results, "en")):
        text.encode("utf-8")
