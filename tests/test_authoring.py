"""One source per lesson: release/ and solutions/ are what the source notebooks make, and the reference imports."""

import importlib.util

import nbformat
import pytest

from autograder import lessons
from autograder.authoring import release_notebooks, solution_module
from tests.conftest import ROOT


def test_release_is_what_nbgrader_generates_and_solutions_are_up_to_date():
    """Is release/ stale? Run `python -m autograder.authoring` after editing assignments/."""
    sources = {lesson: ROOT / "assignments" / lesson / f"{lesson}.ipynb" for lesson in lessons.LESSON_IDS}
    for lesson, generated in release_notebooks(sources).items():
        released = nbformat.read(ROOT / "release" / lesson / f"{lesson}.ipynb", as_version=4)
        assert nbformat.writes(generated) == nbformat.writes(released), f"release/{lesson} is stale"
        source = nbformat.read(sources[lesson], as_version=4)
        assert (ROOT / "solutions" / f"{lesson}.py").read_text(encoding="utf-8") == solution_module(source, lesson)


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
