"""The public diagnosis suite (issue 26): each modelled mistake written the ways learners write it, and correct code
written in unusual but valid ways or with the lecture's settings.

tests/lessons/diagnoses_hwNN.py holds, per lesson, WRONG (Cases: the reference with one realistic change, the
check it must fail, words of the hint that names its mistake) and RIGHT (Variants: correct code that must keep
its check's points, or for a training check be told at most that it stopped early, never a mistake). Each wrong
variant's hint is one of:
- named: it holds the words that name its mistake;
- generic: the check's own recipe (the grader could not tell): honest, but not a diagnosis;
- misleading: any other hint (another mistake named): a wrong diagnosis, worse than none.
`python -m tests.lessons.test_diagnosis_suite` prints the figures the README's test section quotes.
"""

from __future__ import annotations

import importlib
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from autograder import lessons
from autograder.grading import grade
from tests.conftest import reference_notebook, with_mistake
from tests.lessons.lesson_cases import Case, Variant

NAMED_SHARE = 0.9
"""The issue's goal: of the realistic wrong variants, at least this share get the hint that names their mistake."""


def tables(lesson: str) -> tuple[list[Case], list[Variant]]:
    try:
        module = importlib.import_module(f"tests.lessons.diagnoses_{lesson}")
    except ModuleNotFoundError:
        return [], []
    return list(module.WRONG), list(module.RIGHT)


WRONG = [(lesson, case) for lesson in lessons.LESSON_IDS for case in tables(lesson)[0]]
RIGHT = [(lesson, variant) for lesson in lessons.LESSON_IDS for variant in tables(lesson)[1]]


def graded(lesson: str, changes: list[tuple[str, str]], check: str, folder: Path):
    notebook = reference_notebook(lesson)
    for old, new in changes:
        notebook = with_mistake(notebook, old, new)
    path = folder / f"{lesson}-{abs(hash(str(changes)))}.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    (result,) = [c for c in grade(path, lesson, exercise=check).checks if c.id == check]
    return result


def kind(lesson: str, case: Case, result) -> str:
    """named, generic, misleading; or passed (the variant is not wrong where the grader looks)."""
    if result.status == "passed":
        return "passed"
    if case.hint.lower() in result.hint.lower():
        return "named"
    recipe = next(c for c in lessons.get(lesson).checks if c.id == case.check).hint
    return "generic" if result.hint in (recipe, "") else "misleading"


@pytest.mark.parametrize(("lesson", "variant"), RIGHT, ids=[f"{lesson}-{v.name}" for lesson, v in RIGHT])
def test_a_correct_variant_keeps_its_points_or_is_told_only_that_it_stopped_early(lesson, variant, tmp_path):
    result = graded(lesson, variant.changes, variant.check, tmp_path)
    assert result.status == "passed" or (result.training is not None and (
        "still falling" in result.hint or "too few epochs" in result.hint)), (result.status, result.message, result.hint)


def test_every_lesson_has_its_tables_with_three_ways_of_each_mistake():
    assert {lesson for lesson, _ in WRONG} == set(lessons.LESSON_IDS)
    per_mistake = Counter((lesson, case.check, case.hint) for lesson, case in WRONG)
    assert min(per_mistake.values()) >= 3, [k for k, n in per_mistake.items() if n < 3][:5]


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_every_wrong_variant_loses_its_check_none_is_told_another_mistake_and_most_are_named(lesson):
    """A lesson's variants in one test: the share named is a figure of the lesson (the issue's goal, per lesson)."""
    found, misleading = figures(lesson)
    assert found.get("passed", 0) == 0, found
    assert not misleading, sorted(misleading)
    assert found.get("named", 0) >= NAMED_SHARE * found["variants"], found


def figures(only: str | None = None) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """How many wrong variants there are (of one lesson, or all) and how each was told; and which were told another
    mistake."""
    counts: Counter[str] = Counter()
    misleading = set()
    chosen = [(lesson, case) for lesson, case in WRONG if only in (None, lesson)]
    with tempfile.TemporaryDirectory() as folder:
        for lesson, case in chosen:
            result = graded(lesson, [(case.old, case.new)], case.check, Path(folder))
            found = kind(lesson, case, result)
            counts[found] += 1
            if found == "misleading":
                misleading.add((lesson, case.name))
            if found != "named":
                print(f"{found}: {lesson} {case.name}: {result.hint[:120]}", file=sys.stderr)
    return {"variants": len(chosen), **counts}, misleading


if __name__ == "__main__":
    print(figures()[0])
