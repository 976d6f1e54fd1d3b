"""One source per lesson: release/ and solutions/ are what the source notebooks make, and the reference imports."""

import importlib.util

import nbformat
import pytest

from autograder import lessons
from autograder.authoring import clear_solution, release_notebook, solution_module
from tests.conftest import ROOT


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_release_and_solutions_are_up_to_date(lesson):
    """Is release/ stale? Run `python -m autograder.authoring` after editing assignments/."""
    source = nbformat.read(ROOT / "assignments" / lesson / f"{lesson}.ipynb", as_version=4)
    released = nbformat.read(ROOT / "release" / lesson / f"{lesson}.ipynb", as_version=4)
    assert nbformat.writes(release_notebook(source)) == nbformat.writes(released)
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


def test_clear_solution_keeps_indentation_like_nbgrader():
    source = "def f(x):\n    \"\"\"Doc.\"\"\"\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
    assert clear_solution(source) == "def f(x):\n    \"\"\"Doc.\"\"\"\n    # YOUR CODE HERE\n    raise NotImplementedError()"


@pytest.mark.parametrize("source", ["### BEGIN SOLUTION\n### BEGIN SOLUTION\n", "### END SOLUTION\n", "### BEGIN SOLUTION\n"])
def test_broken_solution_markers_are_refused(source):
    with pytest.raises(ValueError):
        clear_solution(source)
