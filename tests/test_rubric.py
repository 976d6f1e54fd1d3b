"""Rubrics are checked when declared: points add up to 100, ids are unique, checks name declared functions."""

from pathlib import Path

import pytest

from autograder import lessons
from autograder.errors import InvalidRubric, UnknownLesson
from autograder.results import Verdict
from autograder.rubric import Check, Lesson


def check(id="a", points=100.0, function="f"):
    return Check(id=id, points=points, title="t", function=function, run=lambda worker, context: Verdict.passed())


def test_points_must_add_up_to_100():
    with pytest.raises(InvalidRubric, match="99"):
        Lesson(id="hw99", title="t", functions=("f",), checks=(check(points=99),))


def test_ids_must_be_unique_and_functions_declared():
    with pytest.raises(InvalidRubric, match="repeat"):
        Lesson(id="hw99", title="t", functions=("f",), checks=(check(points=50), check(points=50)))
    with pytest.raises(InvalidRubric, match="undeclared"):
        Lesson(id="hw99", title="t", functions=("f",), checks=(check(function="g"),))


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_every_lesson_declares_100_points_of_titled_checks(lesson):
    declared = lessons.get(lesson)
    assert sum(c.points for c in declared.checks) == 100
    assert all(c.title and c.id for c in declared.checks)


def test_unknown_lesson_names_the_known_ones():
    with pytest.raises(UnknownLesson, match="hw02"):
        lessons.get("hw42")


def test_every_probe_is_found_by_the_worker_and_every_stand_in_travels_alone():
    """A probe is named by its object, which the worker finds among the sandboxed probes; a stand-in's source, as a
    request ships it, runs on its own (it needs nothing of the grader's side)."""
    from autograder.runner import probe_name, shipped
    from autograder.sandboxed.worker import resolve, stand_ins

    checks = [check for lesson in lessons.all_lessons() for check in lesson.checks]
    probes = {check.probe for check in checks if check.probe is not None}
    assert len(probes) > 40
    assert all(resolve(probe_name(probe)) is probe for probe in probes)
    replaced = [check.replace for check in checks if check.replace]
    assert len(replaced) > 20
    for replace in replaced:
        arrived = stand_ins(shipped(replace))
        assert set(arrived) == set(replace)
        assert all(callable(stand_in) and stand_in.__module__ == "stand_ins" for stand_in in arrived.values())


def test_the_parent_of_a_grading_pool_reads_the_outline_and_results_without_importing_torch(notebook_file, tmp_path):
    """`autograde --workers N` records in a process that never imports torch (2 s and 0.3 GiB at every start)."""
    import pickle
    import subprocess
    import sys

    from autograder.grading import grade
    from tests.conftest import reference_notebook

    lesson = lessons.get("hw00")
    outline = lesson.outline()
    assert (outline.id, outline.functions) == (lesson.id, lesson.functions)
    assert [(c.id, c.points, c.function, c.hidden) for c in outline.checks] == [
        (c.id, c.points, c.function, c.hidden) for c in lesson.checks]
    with pytest.raises(RuntimeError, match="does not grade"):
        outline.checks[0].run(None, None)
    results = grade(notebook_file(reference_notebook("hw00")), "hw00")
    (tmp_path / "sent").write_bytes(pickle.dumps((outline, results)))
    read = subprocess.run(
        [sys.executable, "-c", "import pickle, sys; outline, results = pickle.load(open(sys.argv[1], 'rb'));"
         "print(outline.id, results.score, 'torch' in sys.modules)", str(tmp_path / "sent")],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert read.stdout.split() == ["hw00", "100.0", "False"], read.stderr
