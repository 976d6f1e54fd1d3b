"""Authoring: the nbgrader source notebooks in assignments/ are the one source of each lesson.

From each source notebook this makes the student notebook in release/ (what `nbgrader generate_assignment`
makes of it: solution regions replaced by nbgrader's stub, outputs cleared, locked cells checksummed), the same
with its prose in Chinese in release/zh/ (through the lesson's catalog assignments/hwNN/zh.po:
`autograder.lesson_text`), and the importable reference module in solutions/ (setup and solution cells, markers
removed). Run ``python -m autograder.authoring [hwNN ...]`` from the project root after editing a source notebook; a test fails while
release/ or solutions/ is stale.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from autograder.i18n import LANGUAGES
from autograder.lesson_text import catalog_path, read_catalog, translated
from autograder.notebook import without_checks

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
SETUP_TAG = "setup"


def is_solution(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def release_notebooks(sources: dict[str, Any]) -> dict[str, Any]:
    """The student notebooks that `nbgrader generate_assignment` makes of the source notebooks (read with
    nbformat), by lesson id."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from autograder.course import _alembic_on_path

    with tempfile.TemporaryDirectory(prefix="authoring-") as folder:
        config = Config()
        config.CourseDirectory.root = folder
        config.CourseDirectory.course_id = "authoring"
        api = NbGraderAPI(CourseDirectory(config=config), config=config)
        released = {}
        for lesson_id, source in sources.items():
            (Path(folder) / "source" / lesson_id).mkdir(parents=True)
            nbformat.write(source, Path(folder) / "source" / lesson_id / f"{lesson_id}.ipynb")
            with _alembic_on_path():
                outcome = api.generate_assignment(lesson_id, force=True)
            if not outcome.get("success"):
                raise RuntimeError(f"nbgrader generate_assignment {lesson_id} failed:\n{outcome.get('log', '')}")
            released[lesson_id] = nbformat.read(Path(folder) / "release" / lesson_id / f"{lesson_id}.ipynb",
                                                as_version=4)
    return released


def solution_module(source, lesson_id: str) -> str:
    """The reference solution of a source notebook as a Python module."""
    parts = [f'"""Reference solution of {lesson_id}, generated from assignments/{lesson_id}/{lesson_id}.ipynb."""']
    for cell in source.cells:
        if cell.cell_type == "code" and (is_solution(cell) or SETUP_TAG in cell.get("metadata", {}).get("tags", [])):
            code = "\n".join(line for line in without_checks(cell.source).splitlines() if line.strip() not in (BEGIN, END))
            parts.append(re.sub(r"\n{3,}", "\n\n", code.strip()))
    return "\n\n\n".join(parts) + "\n"


def release_path(root: Path, lesson_id: str, lang: str = "en") -> Path:
    """Where the student notebook of a lesson in `lang` is: release/hwNN/hwNN.ipynb, release/zh/hwNN/hwNN.ipynb."""
    return root / "release" / ("" if lang == "en" else lang) / lesson_id / f"{lesson_id}.ipynb"


def generated(root: Path, lesson_ids: list[str] | None = None) -> dict[Path, str]:
    """What assignments/ makes (all lessons, or those named): each file of release/ and solutions/ with its text."""
    paths = {path.stem: path for path in sorted((root / "assignments").glob("hw*/hw*.ipynb"))
             if not lesson_ids or path.stem in lesson_ids}
    sources = {lesson_id: nbformat.read(path, as_version=4) for lesson_id, path in paths.items()}
    files = {}
    for lang in LANGUAGES:
        in_lang = sources if lang == "en" else {
            lesson_id: translated(source, read_catalog(catalog_path(paths[lesson_id], lang)), lang)
            for lesson_id, source in sources.items()}
        for lesson_id, released in release_notebooks(in_lang).items():
            files[release_path(root, lesson_id, lang)] = nbformat.writes(released) + "\n"
    for lesson_id, source in sources.items():
        files[root / "solutions" / f"{lesson_id}.py"] = solution_module(source, lesson_id)
    return files


def build(root: Path, lesson_ids: list[str] | None = None) -> list[Path]:
    """Writes release/ and solutions/ from assignments/ (all lessons, or those named); returns the files written."""
    files = generated(root, lesson_ids)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


if __name__ == "__main__":
    for path in build(Path("."), sys.argv[1:]):
        print(path)
