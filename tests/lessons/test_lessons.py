"""Every lesson three ways: the reference earns 100, the untouched stub 0, each realistic mistake exactly its check.

The mistakes of lesson hwNN are listed in tests/lessons/mistakes_hwNN.py.
"""

import importlib

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
