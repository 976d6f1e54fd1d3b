"""Authoring: the nbgrader source notebooks in assignments/ are the one source of each lesson.

From each source notebook this makes the student notebook in release/ (solution regions replaced by the stub
nbgrader writes, outputs cleared) and the importable reference module in solutions/ (setup and solution cells,
markers removed). Run ``python -m autograder.authoring [hwNN ...]`` from the project root after editing a source notebook; a test fails while
release/ or solutions/ is stale.
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import nbformat

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
SETUP_TAG = "setup"


def is_solution(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def clear_solution(source: str) -> str:
    """Replaces each solution region with nbgrader's stub, indented like the region's first marker."""
    out: list[str] = []
    inside = False
    for line in source.splitlines():
        if line.strip() == BEGIN:
            if inside:
                raise ValueError("nested BEGIN SOLUTION")
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + stub for stub in STUB)
            inside = True
        elif line.strip() == END:
            if not inside:
                raise ValueError("END SOLUTION without BEGIN SOLUTION")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("BEGIN SOLUTION without END SOLUTION")
    return "\n".join(out)


def release_notebook(source):
    """The student notebook of a source notebook."""
    nb = copy.deepcopy(source)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        if is_solution(cell):
            cell.source = clear_solution(cell.source)
    return nb


def solution_module(source, lesson_id: str) -> str:
    """The reference solution of a source notebook as a Python module."""
    parts = [f'"""Reference solution of {lesson_id}, generated from assignments/{lesson_id}/{lesson_id}.ipynb."""']
    for cell in source.cells:
        if cell.cell_type == "code" and (is_solution(cell) or SETUP_TAG in cell.get("metadata", {}).get("tags", [])):
            code = "\n".join(line for line in cell.source.splitlines() if line.strip() not in (BEGIN, END))
            parts.append(re.sub(r"\n{3,}", "\n\n", code.strip()))
    return "\n\n\n".join(parts) + "\n"


def build(root: Path, lesson_ids: list[str] | None = None) -> list[Path]:
    """Writes release/ and solutions/ from assignments/ (all lessons, or those named); returns the files written."""
    written = []
    for source_path in sorted((root / "assignments").glob("hw*/hw*.ipynb")):
        lesson_id = source_path.stem
        if lesson_ids and lesson_id not in lesson_ids:
            continue
        source = nbformat.read(source_path, as_version=4)
        release_path = root / "release" / lesson_id / f"{lesson_id}.ipynb"
        release_path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(release_notebook(source), release_path)
        module_path = root / "solutions" / f"{lesson_id}.py"
        module_path.write_text(solution_module(source, lesson_id), encoding="utf-8")
        written += [release_path, module_path]
    return written


if __name__ == "__main__":
    for path in build(Path("."), sys.argv[1:]):
        print(path)
