"""`grade submit`: a student grades their notebook with the public checks and gets the reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autograder import atomic
from autograder.errors import BadSubmission
from autograder.grading import grade
from autograder.reports.html import to_html
from autograder.results import CheckResult, Results
from autograder.rubric import Context


@dataclass(frozen=True)
class Submitted:
    """The results and where the HTML report went (or why it could not be written)."""

    results: Results
    html_path: Path | None
    html_error: str | None


def find_notebook(lesson_id: str, folder: Path) -> Path:
    """The lesson's notebook in `folder`: LESSON.ipynb, else the one notebook whose name contains LESSON."""
    exact = folder / f"{lesson_id}.ipynb"
    if exact.exists():
        return exact
    candidates = sorted(p for p in folder.glob(f"*{lesson_id}*.ipynb") if not p.name.startswith("."))
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise BadSubmission(str(exact), f"no notebook of {lesson_id} in {folder.resolve()}; name it: grade submit {lesson_id} PATH")
    names = ", ".join(p.name for p in candidates)
    raise BadSubmission(str(folder), f"several notebooks could be {lesson_id}'s ({names}); name one: grade submit {lesson_id} PATH")


def html_report_path(notebook: Path) -> Path:
    return notebook.with_name(f"{notebook.stem}.report.html")


def main(
    *,
    lesson: str,
    notebook: Path | None = None,
    html: bool = True,
    seed: int = 0,
    context: Context | None = None,
    on_check: Callable[[CheckResult], None] | None = None,
) -> Submitted:
    """Grades the public checks of `lesson` on `notebook` (default: found in the current folder).

    Raises:
        UnknownLesson, BadSubmission, UnavailableDevice: bad input.
    """
    path = notebook if notebook is not None else find_notebook(lesson, Path.cwd())
    results = grade(path, lesson, seed=seed, context=context, on_check=on_check)
    if not html:
        return Submitted(results, None, None)
    target = html_report_path(path)
    try:
        atomic.write_text(target, to_html(results))
    except OSError as e:
        return Submitted(results, None, f"could not write {target}: {e.strerror}")
    return Submitted(results, target, None)
