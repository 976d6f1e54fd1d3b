"""Hidden checks (issue 25): the instructor's grade also tries inputs no student has seen, against the reference.

A notebook *fitted* to the shipped public inputs is the course's reference notebook with one property check's
function wrapped: it answers as the reference does on that check's public inputs (the shipped draws and the
course's worked examples, `check.prepare(lesson).calls`, keyed as the worker sees them: `wire.encode` of the
arguments) and otherwise something else (1.5 times the reference's answer plus 1). Such a notebook
earns 100 under `grade submit` (it is right on every public input) and loses exactly that check on the instructor's
side, where the student's feedback says so without the inputs.

How two students' hidden inputs are told apart, through behaviour: hypothesis tries the simplest inputs first (every
student's first hidden inputs are all-zero ones), and a failure is shrunk to the simplest failing input, so a notebook
wrong on every unseen input shows every student the same counterexample. A *fingerprinting* notebook is therefore
right on its first UNSEEN - 1 unseen inputs too (in the order the grader asks about them, the order they were drawn
in; the notebook's own calls, made as its cells run, do not count) and wrong from the UNSEEN-th on: 1.5 times the
right answer plus a fingerprint of those first UNSEEN inputs (1 + the first 16 bits of their SHA-256), fixed from
then on. What the instructor's counterexample says was received then depends on the first UNSEEN unseen inputs the
grader drew for the student; had two students been drawn the same inputs, their gradings would be the same, bit for
bit (a grading is deterministic given its inputs). So two counterexamples that differ (in their inputs or in what was
received) prove that the two students were asked about different inputs, without reaching into how they are drawn.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import json
import os
import re
import stat
from datetime import UTC, datetime
from pathlib import Path

import markupsafe
import pytest

from autograder import lessons
from autograder.autograde import autograde
from autograder.compare import show
from autograder.course import RECORD, Course
from autograder.feedback import release_feedback
from autograder.grading import grade
from autograder.release import release
from autograder.reports.gradescope import to_gradescope
from autograder.reports.html import to_html
from autograder.results import Counterexample, Results
from autograder.rubric import Check, Context
from autograder.sandboxed.by_hand import REACHED
from autograder.unseen_inputs import SECRET_FILE, reference_of, student_seed
from tests.conftest import ROOT, _source, reference_notebook, write

SECRET = bytes(range(32))
"""The course secret of the gradings here that run without a course (a course makes its own)."""


def _is_property_check(check: Check) -> bool:
    return check.oracle is not None and check.prepare is not None


PROPERTY_LESSONS = tuple(lid for lid in lessons.LESSON_IDS if any(map(_is_property_check, lessons.get(lid).checks)))
FITTED = {
    # one property check a lesson: its function is defined with `def` in the notebook, called on the public inputs
    # themselves (directly or by its probe) and answers with numbers (float tensors, floats, ints, tuples of them)
    "hw00": "grad_twice",  # not arange_matrix: its 25 public inputs are its whole domain (n, m in 1..5)
    "hw01": "forward",
    "hw02": "cost",  # the issue's own example
    "hw03": "forward",
    "hw04": "prepare_data",
    "hw05": "sigmoid",
    "hw06": "standardize",  # through its probe, which calls standardize on the public inputs themselves
    "hw08": "softmax",  # through by_hand's probe, likewise
    "hw09": "conv_output_size",  # an int: off by 1 or more
    "hw10": "one_hot",
    "hw11": "center_values",  # through its probe, likewise
    "hw12": "perplexity",
}
NONE_FITTABLE = {
    "hw07": "CsvDataset is a class; make_loader answers with a DataLoader; train_epoch is called by its probe on a "
            "model and a loader made in the worker, never on the public inputs themselves",
}
TIMING = ("elapsed_seconds", "train_seconds")


def _check(lesson_id: str, check_id: str) -> Check:
    return next(c for c in lessons.get(lesson_id).checks if c.id == check_id)


def _source_notebook(lesson_id: str) -> Path:
    return ROOT / "assignments" / lesson_id / f"{lesson_id}.ipynb"


def _instructors(student: str, lesson_id: str) -> Context:
    """The context `grade autograde` grades a student's notebook in (its hidden inputs and the course's reference)."""
    return Context(hidden=reference_of(_source_notebook(lesson_id), student_seed(SECRET, lesson_id, student)))


WRONG_ELSEWHERE = '''

import hashlib as _hashlib
import json as _json
import sys as _sys
from autograder.sandboxed import wire as _wire

_PUBLIC = frozenset(_json.loads({public}))


def _off(out, by):
    import torch
    if isinstance(out, torch.Tensor) and out.is_floating_point():
        return out.detach() * 1.5 + by
    if type(out) is float:
        return out * 1.5 + by
    if type(out) is int:
        return out + by
    if isinstance(out, (tuple, list)):
        return type(out)(_off(o, by) for o in out)
    return out


_right_{name} = {name}
'''
FITTING = WRONG_ELSEWHERE + '''

def {name}(*args):
    out = _right_{name}(*args)
    return out if _json.dumps(_wire.encode(list(args))) in _PUBLIC else _off(out, 1)
'''
UNSEEN = 5
"""The fingerprinting notebook is wrong from its UNSEEN-th unseen input on (the hidden half of each fitted check draws 25
inputs, 13 to 24 of them unseen: see the module's docstring)."""
FINGERPRINTING = WRONG_ELSEWHERE + '''
_UNSEEN, _FINGERPRINT = [], []


def {name}(*args):
    out = _right_{name}(*args)
    key = _json.dumps(_wire.encode(list(args)))
    if key in _PUBLIC or _sys._getframe(1).f_globals is globals():  # (the notebook's own calls: not the grader's)
        return out
    if key not in _UNSEEN:
        _UNSEEN.append(key)
    if len(_UNSEEN) < {unseen}:
        return out
    if not _FINGERPRINT:
        _FINGERPRINT.append(1 + int(_hashlib.sha256(repr(_UNSEEN[:{unseen}]).encode()).hexdigest()[:4], 16))
    return _off(out, _FINGERPRINT[0])
'''


def _defining_cell(nb: dict, name: str) -> dict:
    (cell,) = [c for c in nb["cells"] if c["cell_type"] == "code" and re.search(rf"^def {name}\(", _source(c), re.M)]
    return cell


def public_keys(lesson_id: str, check: Check) -> list[str]:
    """The keys of the check's public calls (drawn inputs shipped with the package, then the worked examples)."""
    return [key for _, _, key in check.prepare(lesson_id).calls]


def fitted_notebook(lesson_id: str, check: Check, wrapper: str = FITTING) -> dict:
    """The reference notebook whose `check.function` is right on the check's public inputs only (see the module)."""
    nb = reference_notebook(lesson_id)
    cell = _defining_cell(nb, check.function)
    cell["source"] = _source(cell) + wrapper.format(public=repr(json.dumps(public_keys(lesson_id, check))),
                                                    name=check.function, unseen=UNSEEN)
    return nb


def student_visible(results: Results) -> list[str]:
    """What a student's feedback shows: Gradescope's results.json and the HTML report, of `for_student()`."""
    theirs = results.for_student()
    gradescope = to_gradescope(theirs)
    return [json.dumps(gradescope), "\n".join(t["output"] for t in gradescope["tests"]), to_html(theirs)]


def without_timing(value):
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if k not in TIMING}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


def hidden_strings(example) -> list[str]:
    """What a hidden counterexample shows, as the reports would write it: each `name = value` line, and each input,
    expected and received value long enough not to be found by chance in a report's own words."""
    lines = [f"{name} = {value}" for name, value in example.inputs.items()]
    values = [*example.inputs.values(), example.expected, example.received]
    return lines + [v for v in values if len(v) >= 6]


def found_in(needle: str, texts: list[str]) -> bool:
    forms = {needle, str(markupsafe.escape(needle)), html.escape(needle), json.dumps(needle)[1:-1]}
    return any(form in text for form in forms for text in texts)


def test_every_lesson_with_property_checks_has_a_fitted_check_or_says_why_not():
    assert set(FITTED) | set(NONE_FITTABLE) == set(PROPERTY_LESSONS), "a new lesson: choose its fitted check"
    assert not set(FITTED) & set(NONE_FITTABLE)
    for lesson_id, check_id in FITTED.items():
        check = _check(lesson_id, check_id)
        assert _is_property_check(check) and not check.hidden
        assert check.prepare(lesson_id).drawn > 0, "a check with drawn inputs (examples only: nothing to hide)"
        _defining_cell(reference_notebook(lesson_id), check.function)
    # why not hw00's first check: there is no input of arange_matrix that the public ones leave out
    assert len(set(public_keys("hw00", _check("hw00", "arange_matrix")))) == 5 * 5


@pytest.mark.parametrize("lesson_id", sorted(FITTED))
def test_a_notebook_fitted_to_the_public_inputs_earns_100_under_grade_submit_and_loses_the_check_on_the_instructors_side(
        lesson_id, tmp_path):
    check = _check(lesson_id, FITTED[lesson_id])
    path = write(fitted_notebook(lesson_id, check), tmp_path / f"{lesson_id}.ipynb")

    public = grade(path, lesson_id)  # what `grade submit` runs
    assert public.score == 100, [(c.id, c.status, c.message) for c in public.checks if c.status != "passed"]

    full = grade(path, lesson_id, include_hidden=True, context=_instructors("alice", lesson_id))
    lost = [c for c in full.checks if c.status != "passed"]
    assert [(c.id, c.status) for c in lost] == [(check.id, "failed")], [(c.id, c.status, c.message) for c in lost]
    (result,) = lost
    assert full.score == 100 - check.points and result.points == 0
    assert "right on the public inputs" in result.message and "the course's own (not shown)" in result.message
    example = result.counterexample
    assert example is not None and example.hidden is True  # the instructor's record keeps it
    shown_public = {tuple(show(a) for a in args) for args, _, _ in check.prepare(lesson_id).calls}
    assert tuple(example.inputs.values()) not in shown_public, "the counterexample is an input no student has seen"

    theirs = {c.id: c for c in full.for_student().checks}[check.id]
    assert theirs.counterexample is None and not theirs.traceback
    assert (theirs.status, theirs.points, theirs.message, theirs.hint) == (result.status, 0, result.message, result.hint)
    assert [c for c in full.for_student().checks if c.id != check.id] == [c for c in full.checks if c.id != check.id]
    visible, instructors = student_visible(full), student_visible(dataclasses.replace(full, checks=[
        dataclasses.replace(c, counterexample=dataclasses.replace(c.counterexample, hidden=False))
        if c.counterexample else c for c in full.checks]))  # the same reports, had the counterexample been public
    public_words = student_visible(public)
    needles = [s for s in hidden_strings(example) if not found_in(s, public_words)]
    assert needles and all(found_in(s, instructors) for s in needles), "what would show the hidden inputs is known"
    assert [s for s in needles if found_in(s, visible)] == []

    # another student's hidden inputs are others (see the module); the same student's, on a rerun, the same
    printing = write(fitted_notebook(lesson_id, check, FINGERPRINTING), tmp_path / f"{lesson_id}-fingerprint.ipynb")
    seen = {}
    for student in ("alice", "bob"):
        (theirs,) = grade(printing, lesson_id, include_hidden=True, context=_instructors(student, lesson_id),
                          exercise=check.id).checks
        assert theirs.status == "failed" and theirs.counterexample and theirs.counterexample.hidden, theirs.message
        seen[student] = (theirs.counterexample.inputs, theirs.counterexample.received)
    assert seen["alice"] != seen["bob"]
    again = grade(path, lesson_id, include_hidden=True, context=_instructors("alice", lesson_id))
    assert without_timing(again.to_dict()) == without_timing(full.to_dict())


@pytest.mark.parametrize("lesson_id", lessons.LESSON_IDS)
def test_the_reference_filled_in_earns_full_marks_on_the_instructors_side(lesson_id, tmp_path):
    path = write(reference_notebook(lesson_id), tmp_path / f"{lesson_id}.ipynb")
    results = grade(path, lesson_id, include_hidden=True, context=_instructors("alice", lesson_id))
    assert results.score == 100, [(c.id, c.status, c.message, c.counterexample) for c in results.checks
                                  if c.status != "passed"]
    assert results.hidden_points_not_run == 0


LEAKING = WRONG_ELSEWHERE + '''
_UNSEEN = []


def {name}(*args):
    key = _json.dumps(_wire.encode(list(args)))
    if key in _PUBLIC:
        return _right_{name}(*args)
    _UNSEEN.append(repr([a.tolist() for a in args]))
    return REACHED + "LEAKED " + " ".join(_UNSEEN)
'''.replace("REACHED", repr(REACHED))


def test_an_answer_of_the_hidden_half_cannot_carry_the_hidden_inputs_into_the_students_feedback(tmp_path):
    check = _check("hw08", "softmax")
    nb = fitted_notebook("hw08", check, LEAKING)
    path = write(nb, tmp_path / "hw08.ipynb")
    results = grade(path, "hw08", include_hidden=True, context=_instructors("alice", "hw08"), exercise=check.id)
    (result,) = results.checks
    assert result.status == "failed" and result.counterexample and result.counterexample.hidden
    assert not any("LEAKED" in text for text in student_visible(results))


def _course(tmp_path: Path) -> Path:
    root, exchange = tmp_path / "course", tmp_path / "exchange"
    root.mkdir()
    exchange.mkdir()
    (root / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(root)!r}\nc.CourseDirectory.course_id = 'hidden101'\n"
        f"c.Exchange.root = {str(exchange)!r}\n")
    return root


def test_grade_autograde_takes_the_check_from_a_fitted_notebook_and_keeps_the_hidden_inputs_and_the_secret_to_itself(
        tmp_path):
    lesson_id, check = "hw02", _check("hw02", FITTED["hw02"])
    root = _course(tmp_path)
    course = Course.find(root)
    release(course, lesson_id)
    secret_file = root / SECRET_FILE
    assert secret_file.is_file() and stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = secret_file.read_bytes()
    notebooks = {"alice": reference_notebook(lesson_id), "bob": fitted_notebook(lesson_id, check)}
    for student, nb in notebooks.items():
        folder = course.folder("submitted", student, lesson_id)
        folder.mkdir(parents=True)
        write(nb, folder / f"{lesson_id}.ipynb")
        (folder / "timestamp.txt").write_text(f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S.%f %Z}")
        (folder / "submission_secret.txt").write_text(f"{student}-submission")  # what nbgrader's collect copies

    first = {g.student: g for g in autograde(course, lesson_id, workers=1)}
    assert {s: (g.score, g.problem, g.failure) for s, g in first.items()} == {
        "alice": (100, None, None), "bob": (100 - check.points, None, None)}

    bobs = course.folder("autograded", "bob", lesson_id)
    record = json.loads((bobs / RECORD).read_text())
    (lost,) = [c for c in record["checks"] if c["status"] != "passed"]
    assert lost["id"] == check.id and "right on the public inputs" in lost["message"]
    example = lost["counterexample"]
    assert example and example["hidden"] is True  # the instructor's record
    needles = hidden_strings(Counterexample(**example))
    students = [(bobs / "results.json").read_text(), (bobs / f"{lesson_id}.report.html").read_text()]
    assert "right on the public inputs" in students[0]
    assert [s for s in needles if found_in(s, students)] == []
    with course.gradebook() as gb:  # formgrader's comment, which only the instructor sees, has it too
        comment = gb.find_comment(check.function, lesson_id, lesson_id, "bob").auto_comment
    assert "hidden inputs: " in comment and all(f"{n}={v}" in comment for n, v in example["inputs"].items())

    release_feedback(course, lesson_id)
    feedback = course.folder("feedback", "bob", lesson_id) / f"{lesson_id}.html"
    assert [s for s in needles if found_in(s, [feedback.read_text()])] == []
    forms = [secret, secret.hex().encode(), secret.hex().upper().encode(), base64.b64encode(secret)]
    outside = [root / "release", root / "feedback", root / "autograded", tmp_path / "exchange"]  # what leaves or is read
    files = [p for folder in outside for p in folder.rglob("*") if p.is_file()]
    assert [str(p) for p in files if any(form in p.read_bytes() for form in forms)] == []
    assert sum(1 for _ in (root / "feedback").rglob("*.html")) == 2 and any((tmp_path / "exchange").rglob("*.html"))

    reports = {s: without_timing(json.loads((course.folder("autograded", s, lesson_id) / RECORD).read_text()))
               for s in notebooks}
    again = {g.student: g for g in autograde(course, lesson_id, workers=1, force=True)}
    assert {s: g.score for s, g in again.items()} == {s: g.score for s, g in first.items()}
    assert not any(g.skipped for g in again.values())
    assert {s: without_timing(json.loads((course.folder("autograded", s, lesson_id) / RECORD).read_text()))
            for s in notebooks} == reports
    assert secret_file.read_bytes() == secret


def test_the_package_carries_no_course_secret():
    package = ROOT / "autograder"
    assert not [p for p in package.rglob("*") if p.name == SECRET_FILE]
    assert not (ROOT / "release").exists() or not [p for p in (ROOT / "release").rglob("*") if p.name == SECRET_FILE]


DRAWS = '''
import hashlib, random, sys
for name in sys.argv[1:]:
    __import__(name)
from hypothesis import settings
from autograder import lessons
from autograder.properties import HIDDEN_EXAMPLES, SEARCH, _drawn, _key, _only_hypothesis_constants
from autograder.unseen_inputs import check_seed, student_seed
check = next(c for c in lessons.get("hw02").checks if c.id == "cost")
inputs = dict(zip(check.run.__code__.co_freevars, (c.cell_contents for c in check.run.__closure__)))["inputs"]
with _only_hypothesis_constants():
    drawn = _drawn(inputs, settings(SEARCH, derandomize=False, max_examples=HIDDEN_EXAMPLES),
                   random.Random(check_seed(student_seed(b"k" * 32, "hw02", "alice"), "cost")))
print(hashlib.sha256("".join(_key(a) for a in drawn).encode()).hexdigest())
'''


def test_a_students_hidden_inputs_do_not_depend_on_the_modules_the_grading_process_loaded():
    """Hypothesis mixes the constants of a process's own modules into its draws: `grade autograde`, a script, a Dask
    worker or a course's checks.py loaded would each have drawn other hidden inputs from the same seed."""
    import subprocess
    import sys

    def digest(*modules: str) -> str:
        return subprocess.run([sys.executable, "-c", DRAWS, *modules], capture_output=True, text=True, check=True,
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.strip()

    assert digest() == digest("cli", "autograder.autograde", "tests.lessons.mistakes_hw03", "tests.lessons.mistakes_hw08")
