"""A student's hand-in: after grading, `grade submit` submits the notebook to the course exchange with nbgrader.

A course is configured when an nbgrader configuration (nbgrader_config.py in the current folder, in the
notebook's course folder, or in Jupyter's configuration folders) names the exchange root and the course id.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder.errors import CourseError
from autograder.i18n import _

CONFIG_FILE = "nbgrader_config.py"


@dataclass(frozen=True)
class StudentCourse:
    course_id: str
    exchange: str


def configured_course(folders: list[Path], course_id: str | None = None) -> StudentCourse | None:
    """The course the student's nbgrader configuration names (`course_id` overrides its course), or None."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config.loader import PyFileConfigLoader

    settings: dict[str, str] = {}
    for folder in [*reversed([Path(p) for p in jupyter_config_path()]), *folders]:  # later ones win, as in nbgrader
        if not (folder / CONFIG_FILE).is_file():
            continue
        try:
            config = PyFileConfigLoader(CONFIG_FILE, path=str(folder)).load_config()
        except Exception:  # noqa: BLE001 - a broken configuration configures nothing
            continue
        for section, key, name in (("Exchange", "root", "exchange"), ("CourseDirectory", "course_id", "course_id"),
                                   ("Exchange", "course_id", "course_id")):
            value = config.get(section, {}).get(key)
            if isinstance(value, str) and value:
                settings[name] = value
    if course_id:
        settings["course_id"] = course_id
    if not settings.get("exchange") or not settings.get("course_id"):
        return None
    return StudentCourse(settings["course_id"], settings["exchange"])


def hand_in(lesson_id: str, notebook: Path, course: StudentCourse) -> str:
    """Submits the folder holding the notebook with `nbgrader submit`; says where it went.

    Raises:
        CourseError: the notebook is not in its lesson's folder, or nbgrader refused the submission.
    """
    folder = notebook.resolve().parent
    if folder.name != lesson_id:
        raise CourseError(_("not submitted: nbgrader submits the folder {lesson}/ that `nbgrader fetch_assignment "
                            "{lesson}` made, and {notebook} is not in one").format(lesson=lesson_id, notebook=notebook))
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "submit", lesson_id, "--course", course.course_id,
         f"--Exchange.root={course.exchange}"],
        cwd=folder.parent, capture_output=True, text=True, env={**os.environ, "PATH": _with_this_python()},
    )
    if done.returncode != 0:
        lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        raise CourseError(_("not submitted: nbgrader submit failed: {detail}").format(
            detail=lines[-1] if lines else done.returncode))
    return _("submitted {folder} to course {course} (exchange {exchange})").format(
        folder=folder, course=course.course_id, exchange=course.exchange)


def _with_this_python() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
