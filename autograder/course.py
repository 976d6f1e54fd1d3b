"""An nbgrader course on disk: its configuration, folders and gradebook, and nbgrader's own exchange steps.

The platform fits into nbgrader rather than beside it: `release`, `collect` and `release_feedback` are nbgrader's
own (through `nbgrader.apps.api.NbGraderAPI`), and scores go into nbgrader's gradebook through its API, so that
`nbgrader export` and formgrader show them.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder import atomic
from autograder.errors import CourseError
from autograder.i18n import LANGUAGES, _
from autograder.lesson_text import catalog_path, language_of, read_catalog, translated

CONFIG_FILE = "nbgrader_config.py"
RECORD = "grade-report.json"
"""What `grade autograde` writes last into autograded/STUDENT/LESSON/: the JSON report, marking the grading done."""
SHIPPED_ASSIGNMENTS = Path(__file__).resolve().parents[1] / "assignments"


def _put_language(notebook: Path, lang: str, catalog: Path) -> None:
    """Translates the course's source notebook, written in English, into `lang` (in place: the course's copy)."""
    import nbformat

    source = nbformat.read(notebook, as_version=4)
    written_in = language_of(source)
    if written_in == lang:
        return
    if written_in != "en":
        raise CourseError(_("the course's {notebook} is written in {written_in}, not {lang}: remove it to release the "
                            "shipped source notebook instead").format(notebook=notebook, written_in=written_in,
                                                                      lang=lang))
    if not catalog.is_file():
        raise CourseError(_("no {lang} translation of {notebook} at {catalog}").format(
            lang=lang, notebook=notebook.name, catalog=catalog))
    atomic.write_text(notebook, nbformat.writes(translated(source, read_catalog(catalog), lang)))


@dataclass(frozen=True)
class Submission:
    """One student's collected notebook of a lesson, as nbgrader's collect left it."""

    student: str
    notebook: Path
    timestamp: str | None
    """When the student submitted (nbgrader's timestamp.txt), or None."""


@dataclass(frozen=True)
class Course:
    """An nbgrader course: the folder holding nbgrader_config.py, and that configuration."""

    root: Path
    course_id: str
    config: Any
    """The traitlets configuration read from nbgrader_config.py."""

    @classmethod
    def find(cls, folder: Path) -> Course:
        """The course configured in `folder`; raises CourseError when there is none."""
        if not (folder / CONFIG_FILE).is_file():
            raise CourseError(_("no nbgrader course here: {folder} has no {file} (run the instructor's commands in the "
                                "course folder)").format(folder=folder.resolve(), file=CONFIG_FILE))
        from traitlets.config.loader import PyFileConfigLoader

        try:
            config = PyFileConfigLoader(CONFIG_FILE, path=str(folder)).load_config()
        except Exception as e:  # noqa: BLE001 - a broken config file is the instructor's input
            raise CourseError(_("{path} cannot be read: {error}").format(
                path=folder / CONFIG_FILE, error=f"{type(e).__name__}: {e}")) from None
        settings = config.get("CourseDirectory", {})
        root = Path(settings.get("root", str(folder))).resolve()
        return cls(root=root, course_id=str(settings.get("course_id", "")), config=config)

    @property
    def language(self) -> str | None:
        """The language the course releases its notebooks and writes its reports in, when its configuration says
        (`c.Autograder.language = "zh"` in nbgrader_config.py); None: not configured."""
        value = self.config.get("Autograder", {}).get("language")
        if value is None or value in LANGUAGES:
            return value
        raise CourseError(_("{file}: Autograder.language is {value}; the grader speaks {languages}").format(
            file=CONFIG_FILE, value=repr(value), languages=", ".join(LANGUAGES)))

    def _coursedir(self):
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config, root=str(self.root))

    def folder(self, step: str, student: str, lesson: str) -> Path:
        """A course folder: step is 'source', 'release', 'submitted', 'autograded' or 'feedback'."""
        coursedir = self._coursedir()
        return Path(coursedir.format_path(getattr(coursedir, f"{step}_directory"), student, lesson))

    def put_source(self, lesson: str, assignments: Path | None, lang: str = "en") -> Path:
        """Copies the lesson's source notebook into the course's source folder unless the course has its own, with
        its prose in `lang` (translated through the shipped lesson's catalog; its code stays as it is)."""
        target = self.folder("source", ".", lesson)
        notebook = target / f"{lesson}.ipynb"
        origin = (assignments or SHIPPED_ASSIGNMENTS) / lesson / f"{lesson}.ipynb"
        if not notebook.exists():
            if not origin.exists():
                raise CourseError(_("no source notebook of {lesson} at {path}: pass --assignments DIR, the course "
                                    "repository's assignments folder (source notebooks are not part of the installed "
                                    "package)").format(lesson=lesson, path=origin))
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, notebook)
        _put_language(notebook, lang, catalog_path(origin, lang))
        return notebook

    def reference(self, lesson: str) -> Path:
        """The source notebook the course grades against: its own (`grade release` put it there), else the one the
        grader's repository ships. Raises CourseError when there is none."""
        for candidate in (self.folder("source", ".", lesson) / f"{lesson}.ipynb",
                          SHIPPED_ASSIGNMENTS / lesson / f"{lesson}.ipynb"):
            if candidate.is_file():
                return candidate
        raise CourseError(_("no source notebook of {lesson} in {course}: run `grade release {lesson}` first (the "
                            "hidden checks compare with its reference solutions)").format(lesson=lesson,
                                                                                          course=self.root))

    def nbgrader(self, step: str, lesson: str, *, ignore: Sequence[str] = (), **options: Any) -> str:
        """Runs one of nbgrader's own steps (generate_assignment, release_assignment, collect, release_feedback);
        the files named in `ignore` (names or globs) are left out of what it copies, besides nbgrader's own
        (`CourseDirectory.ignore`)."""
        from nbgrader.apps.api import NbGraderAPI

        coursedir = self._coursedir()
        coursedir.ignore = [*coursedir.ignore, *ignore]
        with _alembic_on_path():
            outcome = getattr(NbGraderAPI(coursedir, config=self.config), step)(lesson, **options)
        if not outcome.get("success"):
            detail = (outcome.get("error") or outcome.get("log") or "").strip().splitlines()
            raise CourseError(_("nbgrader {step} {lesson} failed: {detail}").format(
                step=step, lesson=lesson, detail=detail[-1] if detail else _("no detail")))
        return str(outcome.get("log", ""))

    def submissions(self, lesson: str) -> list[Submission]:
        """Every collected submission of the lesson, by student id."""
        found = []
        for folder in sorted(self.folder("submitted", "*", lesson).parent.parent.glob(f"*/{lesson}")):
            notebooks = sorted(folder.glob("*.ipynb"))
            notebook = folder / f"{lesson}.ipynb" if (folder / f"{lesson}.ipynb").exists() else (
                notebooks[0] if notebooks else folder / f"{lesson}.ipynb")
            stamp = folder / "timestamp.txt"
            found.append(Submission(folder.parent.name, notebook, stamp.read_text().strip() if stamp.exists() else None))
        return found

    @contextmanager
    def gradebook(self) -> Iterator[Any]:
        """nbgrader's gradebook of this course (sqlite in the course folder unless configured otherwise)."""
        from nbgrader.api import Gradebook

        with _alembic_on_path(), Gradebook(self._coursedir().db_url, course_id=self.course_id) as gb:
            yield gb


@contextmanager
def _alembic_on_path() -> Iterator[None]:
    """nbgrader runs the `alembic` command to open a gradebook: find it beside this Python even off PATH."""
    saved = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), saved])
    try:
        yield
    finally:
        os.environ["PATH"] = saved
