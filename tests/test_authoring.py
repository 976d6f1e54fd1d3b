"""One source per lesson: release/ and solutions/ are what the source notebooks make, and the reference imports."""

import importlib.util

import nbformat
import pytest

from autograder import lessons
from autograder.authoring import generated
from tests.conftest import ROOT


def test_release_is_what_nbgrader_generates_and_solutions_are_up_to_date():
    """Is release/ (English and Chinese) stale? Run `python -m autograder.authoring` after editing assignments/."""
    files = generated(ROOT)
    assert len(files) == 3 * len(lessons.LESSON_IDS)
    for path, text in files.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.relative_to(ROOT)} is stale"


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_release_holds_no_reference_code_and_every_exercise_a_stub(lesson):
    released = nbformat.read(ROOT / "release" / lesson / f"{lesson}.ipynb", as_version=4)
    code = "\n".join(c.source for c in released.cells if c.cell_type == "code")
    assert "BEGIN SOLUTION" not in code
    stubs = [c for c in released.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    assert stubs and all("raise NotImplementedError()" in c.source for c in stubs)


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_solution_module_defines_every_exercise_function(lesson):
    spec = importlib.util.spec_from_file_location(f"solutions_{lesson}", ROOT / "solutions" / f"{lesson}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert all(callable(getattr(module, name, None)) for name in lessons.get(lesson).functions)


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_every_exercise_has_its_own_solution_cell_for_gradebook_comments(lesson):
    """The gradebook puts a check's comment on the solution cell whose grade_id is the check's function."""
    source = nbformat.read(ROOT / "assignments" / lesson / f"{lesson}.ipynb", as_version=4)
    solution_ids = [c.metadata.nbgrader.grade_id for c in source.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    assert sorted(solution_ids) == sorted(lessons.get(lesson).functions)


def test_every_training_exercise_states_next_to_it_what_the_grader_allows():
    """A learner cannot guess the grader's parameter cap, time budget or required layers (issue 26: a correct hw10
    classifier lost its points for a cap the notebook never stated): the markdown before each training exercise
    states them, as the rubric has them."""
    import json

    from autograder import lessons

    stated = 0
    for lesson in lessons.all_lessons():
        cells = json.loads((ROOT / "release" / lesson.id / f"{lesson.id}.ipynb").read_text(encoding="utf-8"))["cells"]
        for check in lesson.checks:
            limits = dict(zip(check.run.__code__.co_freevars, (c.cell_contents for c in check.run.__closure__ or ())))
            if "contract" not in limits:
                continue
            at = next(i for i, c in enumerate(cells) if c["metadata"].get("nbgrader", {}).get("grade_id") == check.function)
            text = "".join(next(c for c in reversed(cells[:at]) if c["cell_type"] == "markdown")["source"])
            contract = limits["contract"]
            assert f"at most {contract.max_parameters:,} trained parameters" in text, (lesson.id, check.id)
            assert f"at most {limits['budget_seconds']:g} s" in text, (lesson.id, check.id)
            assert all(f"`nn.{layer}`" in text for layer in contract.required_layers), (lesson.id, check.id)
            stated += 1
    assert stated == 8
