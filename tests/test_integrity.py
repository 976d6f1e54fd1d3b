"""Integrity: the student's worker reaches no answer (issue 24).

The sandbox binds only `autograder/sandboxed` of the package: no oracle, stand-in, reference, check or held-out file
can be opened, imported or found from the worker. Notebooks generated from the rubrics bind every stub to the
grader's answer, by import and by path: both score 0, and the report says why.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from autograder import lessons
from autograder.grading import grade
from autograder.runner import Worker
from autograder.sandbox import PACKAGE, WORKER_SIDE, isolation
from tests.conftest import ROOT, release_notebook

pytestmark = pytest.mark.skipif(isolation().weaker, reason=f"no OS sandbox on this machine: {isolation().description}")

WALK = '''
import os
def view():
    """Every file of the worker's view but the kernel's, and the text of every module of a folder named autograder."""
    files, texts = [], {}
    for folder, dirs, names in os.walk("/"):
        if folder in ("/proc", "/sys", "/dev"):
            dirs[:] = []
            continue
        for name in names:
            path = os.path.join(folder, name)
            files.append(path)
            if "autograder" in path.split(os.sep) and name.endswith(".py"):
                texts[path] = open(path, errors="replace").read()
    return files, texts
'''


def _answers() -> dict[str, object]:
    """The grader's answers by name: every check's oracle of the package's and the stand-ins its calls ship."""
    found: dict[str, object] = {}
    for lesson in lessons.all_lessons():
        for check in lesson.checks:
            for answer in [check.oracle, *(check.replace or {}).values()]:
                if getattr(answer, "__name__", "<lambda>") != "<lambda>" and answer.__module__.startswith("autograder"):
                    found[answer.__name__] = answer  # type: ignore[union-attr]
    return found


def test_the_workers_view_holds_no_answer_and_no_grader_module():
    answers = _answers()
    assert len(answers) > 60
    with Worker([{"index": 1, "source": WALK}]) as worker:
        reply = worker.call("view", seconds=120)
    assert reply.error is None, reply.error
    files, texts = reply.value
    assert len(files) > 1000  # Python and its libraries are there
    ours = [f for f in files if Path(f).is_relative_to(PACKAGE) or Path(f).is_relative_to(ROOT)]
    beyond = [f for f in ours if not Path(f).is_relative_to(WORKER_SIDE)  # the virtual environment may be in ROOT
              and (Path(f).is_relative_to(PACKAGE) or not Path(f).is_relative_to(sys.prefix))]
    assert not beyond, beyond[:10]
    assert any(Path(f).is_relative_to(WORKER_SIDE) for f in files)
    defined = {(path, name) for path, text in texts.items() for name in answers
               if f"def {name}(" in text or f"class {name}(" in text or f"class {name}:" in text}
    assert not defined, sorted(defined)
    grader_modules = sorted(m for m in sys.modules if m.startswith("autograder.") and not m.startswith("autograder.sandboxed"))
    probe = "import importlib\ndef imports(names):\n    ok = []\n    for n in names:\n        try:\n" \
            "            importlib.import_module(n)\n            ok.append(n)\n        except Exception:\n            pass\n    return ok"
    with Worker([{"index": 1, "source": probe}]) as worker:
        assert worker.call("imports", (grader_modules,)).value == []


def test_every_probe_module_loads_in_the_worker():
    import pkgutil

    from autograder.sandboxed import probes

    names = [f"{probes.__name__}.{m.name}" for m in pkgutil.iter_modules(probes.__path__)]
    assert len(names) >= 13
    source = "import importlib\ndef load(names):\n    return [importlib.import_module(n).__name__ for n in names]"
    with Worker([{"index": 1, "source": source}]) as worker:
        reply = worker.call("load", (names,), seconds=60)
    assert reply.value == names, reply.error


def _bound_to_the_graders_answers(lesson_id: str, how: str) -> tuple[dict, set[str]]:
    """The release notebook with cells that bind every stub they can to the grader's answer for it (a check's oracle,
    or the stand-in that replaces it in other checks): by import, or by loading its module from the file."""
    lesson = lessons.get(lesson_id)
    targets: dict[str, object] = {}
    for check in lesson.checks:
        targets.update({name: answer for name, answer in (check.replace or {}).items() if name not in targets})
        if getattr(check.oracle, "__name__", "<lambda>") != "<lambda>" and check.oracle.__module__.startswith("autograder"):
            targets.setdefault(check.function, check.oracle)  # (not torch.sigmoid, hw05's, which is torch's to use)
    nb = release_notebook(lesson_id)
    for function, answer in targets.items():  # a cell each: one that fails does not keep the others from running
        module, name = answer.__module__, answer.__name__  # type: ignore[attr-defined]
        if how == "import":
            bind = f"from {module} import {name} as {function}"
        else:
            bind = (f"import importlib.util\nspec = importlib.util.spec_from_file_location('m', "
                    f"{sys.modules[module].__file__!r})\nfound = importlib.util.module_from_spec(spec)\n"
                    f"spec.loader.exec_module(found)\n{function} = found.{name}")
        nb["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": bind})
    return nb, set(targets)


@pytest.mark.parametrize("how", ["import", "path"])
@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_a_notebook_bound_to_the_graders_answers_earns_nothing_and_is_told_why(lesson, how, notebook_file):
    nb, bound = _bound_to_the_graders_answers(lesson, how)
    assert bound
    results = grade(notebook_file(nb), lesson)
    assert results.score == 0, [(c.id, c.points) for c in results.checks if c.points]
    assert any("grader's own modules or files" in e.evalue for e in results.notebook_errors), results.notebook_errors


def _score(path: str, lesson: str) -> float:
    return grade(path, lesson, include_hidden=True).score


def test_bound_to_the_graders_answers_under_autograde_too(notebook_file):
    from autograder.autograde import _Pool

    nb, _ = _bound_to_the_graders_answers("hw02", "import")
    path = notebook_file(nb)
    with _Pool(1, "hw02") as pool:
        assert pool.submit(_score, str(path), "hw02").result() == 0
