"""`grade submit`: a student grades their notebook with the public checks and gets the reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from autograder import atomic, daemon
from autograder.errors import BadSubmission, CourseError
from autograder.i18n import N_, _, default_language, speaking, translate
from autograder.notebook import answer_language, checked_note, differing_definitions
from autograder.reports.html import to_html
from autograder.results import CheckResult, Results
from autograder.rubric import Context

NO_COURSE = N_("no course configured: graded locally, not submitted (a course's nbgrader_config.py names the "
               "exchange and the course)")


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
        raise BadSubmission(str(exact), _("no notebook of {lesson} in {folder}; name it: grade submit {lesson} PATH").format(
            lesson=lesson_id, folder=folder.resolve()))
    names = ", ".join(p.name for p in candidates)
    raise BadSubmission(str(folder), _("several notebooks could be {lesson}'s ({names}); name one: grade submit {lesson} "
                                       "PATH").format(lesson=lesson_id, names=names))


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
    lang: str | None = None,
    on_check: Callable[[CheckResult], None] | None = None,
) -> Submitted:
    """Grades the public checks of `lesson` on `notebook` (default: found in the current folder), writes the HTML
    report, then hands the notebook in to the course exchange when a course is configured (and `hand_in`).

    The report is in `lang`; by default in the language the notebook says it is written in, else the locale's.

    Raises:
        UnknownLesson, BadSubmission, UnavailableDevice: bad input.
    """
    if notebook is None:
        with speaking(lang or default_language()):
            notebook = find_notebook(lesson, Path.cwd())
    path = notebook
    language = answer_language(path, lang)
    results = _grade(path, lesson, seed, replace(context or Context(), language=language), on_check)
    html_path, html_error = _write_html(results, path) if html else (None, None)
    handed_in, hand_in_error = _hand_in(lesson, path, course_id) if hand_in else (None, None)
    return Submitted(results, html_path, html_error, handed_in, hand_in_error, _kernel_note(path, language))


def _kernel_note(notebook: Path, language: str = "en") -> str | None:
    try:
        checked = json.loads(checked_note(notebook).read_text(encoding="utf-8"))["definitions"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    differing = differing_definitions(checked, notebook) if isinstance(checked, dict) else []
    if not differing:
        return None
    return translate("note: {names} in the saved {notebook} differ from what your Jupyter kernel last checked; this "
                     "grading is of the saved file (save in Jupyter first if you meant the checked code)",
                     language).format(names=", ".join(differing), notebook=notebook.name)


def _grade(notebook: Path, lesson: str, seed: int, context: Context,
           on_check: Callable[[CheckResult], None] | None) -> Results:
    """Through the warm grading daemon when it can be used (no start-up cost), else in this process."""
    if daemon.enabled():
        try:
            results = daemon.grade(lesson, notebook.resolve(), seed=seed, device=context.device,
                                   data_root=context.data_root.resolve() if context.data_root else None,
                                   full_data=context.full_data, language=context.language,
                                   on_check=on_check)
            results.notebook = str(notebook)
            return results
        except daemon.Unavailable:
            pass
    from autograder.forking import fork_server

    fork_server()  # imports torch in its sandbox while this process imports it too (on two cores, at once)
    from autograder.grading import grade

    return grade(notebook, lesson, seed=seed, context=context, on_check=on_check)


def _write_html(results: Results, notebook: Path) -> tuple[Path | None, str | None]:
    target = html_report_path(notebook)
    try:
        atomic.write_text(target, to_html(results, results.language))
    except OSError as e:
        return None, translate("could not write {target}: {error}", results.language).format(target=target,
                                                                                             error=e.strerror)
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
