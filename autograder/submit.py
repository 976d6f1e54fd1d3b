"""`grade submit`: a student grades their notebook with the public checks and gets the reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autograder import atomic, daemon
from autograder.errors import BadSubmission, CourseError
from autograder.notebook import checked_note, differing_definitions
from autograder.reports.html import to_html
from autograder.results import CheckResult, Results
from autograder.rubric import Context

NO_COURSE = ("no course configured: graded locally, not submitted (a course's nbgrader_config.py names the exchange "
             "and the course)")


@dataclass(frozen=True)
class Submitted:
    """The results and where the HTML report went (or why it could not be written)."""

    results: Results
    html_path: Path | None
    html_error: str | None
    handed_in: str | None = None
    """Where the notebook was submitted, or that no course is configured."""
    hand_in_error: str | None = None
    note: str | None = None
    """When `check()` in Jupyter last graded other code than the saved file has: which functions differ."""


def find_notebook(lesson_id: str, folder: Path) -> Path:
    """The lesson's notebook in `folder`: LESSON.ipynb, LESSON/LESSON.ipynb (as nbgrader fetches it), else the one
    notebook whose name contains LESSON."""
    exact = folder / f"{lesson_id}.ipynb"
    for candidate in (exact, folder / lesson_id / f"{lesson_id}.ipynb"):
        if candidate.exists():
            return candidate
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
    hand_in: bool = True,
    course_id: str | None = None,
    lang: str = "en",
    on_check: Callable[[CheckResult], None] | None = None,
) -> Submitted:
    """Grades the public checks of `lesson` on `notebook` (default: found in the current folder), writes the HTML
    report, then hands the notebook in to the course exchange when a course is configured (and `hand_in`).

    Raises:
        UnknownLesson, BadSubmission, UnavailableDevice: bad input.
    """
    path = notebook if notebook is not None else find_notebook(lesson, Path.cwd())
    results = _grade(path, lesson, seed, context or Context(), on_check)
    html_path, html_error = _write_html(results, path, lang) if html else (None, None)
    handed_in, hand_in_error = _hand_in(lesson, path, course_id) if hand_in else (None, None)
    return Submitted(results, html_path, html_error, handed_in, hand_in_error, _kernel_note(path))


def _kernel_note(notebook: Path) -> str | None:
    try:
        checked = json.loads(checked_note(notebook).read_text(encoding="utf-8"))["definitions"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    differing = differing_definitions(checked, notebook) if isinstance(checked, dict) else []
    if not differing:
        return None
    return (f"note: {', '.join(differing)} in the saved {notebook.name} differ from what your Jupyter kernel last "
            "checked; this grading is of the saved file (save in Jupyter first if you meant the checked code)")


def _grade(notebook: Path, lesson: str, seed: int, context: Context,
           on_check: Callable[[CheckResult], None] | None) -> Results:
    """Through the warm grading daemon when it can be used (no start-up cost), else in this process."""
    if daemon.enabled():
        try:
            results = daemon.grade(lesson, notebook.resolve(), seed=seed, device=context.device,
                                   data_root=context.data_root.resolve() if context.data_root else None,
                                   full_data=context.full_data,
                                   on_check=on_check)
            results.notebook = str(notebook)
            return results
        except daemon.Unavailable:
            pass
    from autograder.forking import fork_server

    fork_server()  # imports torch in its sandbox while this process imports it too (on two cores, at once)
    from autograder.grading import grade

    return grade(notebook, lesson, seed=seed, context=context, on_check=on_check)


def _write_html(results: Results, notebook: Path, lang: str) -> tuple[Path | None, str | None]:
    target = html_report_path(notebook)
    try:
        atomic.write_text(target, to_html(results, lang))
    except OSError as e:
        return None, f"could not write {target}: {e.strerror}"
    return target, None


def _hand_in(lesson: str, notebook: Path, course_id: str | None) -> tuple[str | None, str | None]:
    from autograder import exchange

    folders = [notebook.resolve().parent.parent, Path.cwd()]
    course = exchange.configured_course(folders, course_id)
    if course is None:
        return NO_COURSE, None
    try:
        return exchange.hand_in(lesson, notebook, course), None
    except CourseError as e:
        return None, str(e)
