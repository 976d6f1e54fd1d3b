"""Shared helpers: notebooks made from the lessons' sources, graded in a real worker."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ["AUTOGRADER_DAEMON"] = "0"  # tests grade in their own process; tests/test_daemon.py turns it on
os.environ["AUTOGRADER_CACHE_DIR"] = tempfile.mkdtemp(prefix="autograder-test-cache-")  # no plans from other runs
atexit.register(shutil.rmtree, os.environ["AUTOGRADER_CACHE_DIR"], ignore_errors=True)
FILES = Path(__file__).resolve().parent / "files"


def _meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def release_notebook(lesson: str, lang: str = "en") -> dict:
    from autograder.authoring import release_path

    return json.loads(release_path(ROOT, lesson, lang).read_text(encoding="utf-8"))


def source_notebook(lesson: str, lang: str = "en") -> dict:
    """The lesson's source notebook, its prose in `lang`."""
    import nbformat

    from autograder.lesson_text import catalog_path, read_catalog, translated

    path = ROOT / "assignments" / lesson / f"{lesson}.ipynb"
    source = nbformat.read(path, as_version=4)
    if lang != "en":
        source = translated(source, read_catalog(catalog_path(path, lang)), lang)
    return json.loads(nbformat.writes(source))


def reference_notebook(lesson: str, lang: str = "en") -> dict:
    """The release notebook with the source notebook's solution cells put in (as the acceptance checks do)."""
    source = source_notebook(lesson, lang)
    solutions = {_meta(c)["grade_id"]: _source(c) for c in source["cells"] if _meta(c).get("solution")}
    nb = release_notebook(lesson, lang)
    for cell in nb["cells"]:
        if _meta(cell).get("grade_id") in solutions:
            cell["source"] = solutions[_meta(cell)["grade_id"]]
    return nb


def with_mistake(nb: dict, old: str, new: str) -> dict:
    """The notebook with `old` replaced by `new` in the one code cell that contains it."""
    hits = [c for c in nb["cells"] if c["cell_type"] == "code" and old in _source(c)]
    assert len(hits) == 1, f"{old!r} is in {len(hits)} cells, expected exactly one"
    hits[0]["source"] = _source(hits[0]).replace(old, new)
    return nb


def a_class(tmp_path: Path, size: int, lesson: str = "hw00") -> Path:
    """A course whose `size` students (s00, s01, ...) handed in the reference notebook of `lesson`."""
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\nc.CourseDirectory.course_id = 'a-class'\n")
    notebook = json.dumps(reference_notebook(lesson))
    for i in range(size):
        (course / "submitted" / f"s{i:02d}" / lesson).mkdir(parents=True)
        (course / "submitted" / f"s{i:02d}" / lesson / f"{lesson}.ipynb").write_text(notebook)
    return course


def write(nb: dict, path: Path) -> Path:
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@pytest.fixture
def notebook_file(tmp_path):
    """Writes a notebook dict to a fresh file and returns its path."""
    counter = iter(range(1000))
    return lambda nb, name="submission": write(nb, tmp_path / f"{name}-{next(counter)}.ipynb")
