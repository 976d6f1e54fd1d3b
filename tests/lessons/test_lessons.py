"""Every lesson three ways: the reference earns 100, the untouched stub 0, each realistic mistake exactly its check.

The mistakes of lesson hwNN are listed in tests/lessons/mistakes_hwNN.py.
"""

import importlib
import re

import pytest

from autograder import lessons
from autograder.grading import grade
from tests.conftest import reference_notebook, release_notebook, with_mistake

MISTAKES = {lesson: importlib.import_module(f"tests.lessons.mistakes_{lesson}").MISTAKES for lesson in lessons.LESSON_IDS}
MIN_MISTAKES = 5


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_reference_earns_full_marks(lesson, lang, notebook_file):
    """In both languages' release notebooks (`grade release --lang zh`): the same code, the same grade."""
    results = grade(notebook_file(reference_notebook(lesson, lang)), lesson)
    failed = {c.id: (c.message, c.traceback) for c in results.checks if c.status != "passed"}
    assert not failed, failed
    assert results.score == results.max_score == 100


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_untouched_stub_earns_zero_not_implemented(lesson, lang, notebook_file):
    results = grade(notebook_file(release_notebook(lesson, lang)), lesson)
    assert results.score == 0
    assert {c.status for c in results.checks} == {"not_implemented"}
    assert all("not implemented yet" in c.message for c in results.checks)
    assert [c.id for c in results.checks] == [c.id for c in lessons.get(lesson).checks]


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_every_lesson_has_realistic_mistakes_for_its_checks(lesson):
    cases = MISTAKES[lesson]
    assert len(cases) >= MIN_MISTAKES
    assert {c.check for c in cases} <= {c.id for c in lessons.get(lesson).checks}


@pytest.mark.parametrize(
    ("lesson", "case"),
    [(lesson, case) for lesson, cases in MISTAKES.items() for case in cases],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_mistake_loses_exactly_its_check_with_a_hint_naming_it(lesson, case, notebook_file):
    results = grade(notebook_file(with_mistake(reference_notebook(lesson), case.old, case.new)), lesson)
    failed = [c for c in results.checks if c.status != "passed"]
    assert [c.id for c in failed] == [case.check], [(c.id, c.message) for c in failed]
    (check,) = failed
    assert results.score == 100 - check.max_points
    assert case.hint.lower() in check.hint.lower(), check.hint
    assert check.counterexample is not None or check.training is not None, "no evidence shown for the failure"


TRAINING = [(lesson, check) for lesson in lessons.LESSON_IDS for check in lessons.get(lesson).checks if check.limits]


@pytest.mark.parametrize(("lesson", "check"), TRAINING, ids=[f"{lesson}-{check.id}" for lesson, check in TRAINING])
def test_every_limit_a_training_check_enforces_is_stated_next_to_its_exercise(lesson, check):
    """The student reads, in the release notebook, what the grader allows: the call it makes (with the epochs it
    passes), the parameter cap, the layers required and the time budget."""
    cells = ["".join(cell["source"]) for cell in release_notebook(lesson)["cells"] if cell["cell_type"] == "markdown"]
    (statement,) = [text for text in cells if "**What the grader allows:**" in text and f"`{check.function}" in text]
    limits = check.limits
    assert f"at most {limits['budget_seconds']:g} s" in statement, statement
    if limits["max_parameters"] is not None:
        assert f"at most {limits['max_parameters']:,} trained parameters" in statement, statement
    for layer in limits["required_layers"]:
        assert f"`nn.{layer}`" in statement, statement
    called = re.search(rf"it calls `{check.function}\(([^`]*)\)`", statement)
    if limits["epochs"] is None:
        assert called is None and "its own defaults" in statement, statement
    else:
        assert called is not None and re.search(rf"\b{limits['epochs']}\b", called.group(1)), statement
