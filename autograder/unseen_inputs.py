"""Hidden checks: the instructor's grade also tries inputs no student has seen, against the course's own reference.

Every property check is run a second time on the instructor's side (`grade autograde`), on inputs drawn afresh
from a secret of the course and the student's id, with the expected values from the reference solution of the
course's source notebook (so an instructor who edits a reference grades with it), run in a sandboxed worker of its
own. The secret is made by the first `grade release` or `grade autograde`, kept in the course folder, readable by
its owner only, and never released: two students get different inputs, the same student the same ones on every
run. The check's points are earned only when both halves pass; the student's feedback says that the code is right
on the public inputs but not on the course's own, and never shows those inputs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from autograder.errors import CourseError

SECRET_FILE = ".autograder-secret"
"""In the course folder (beside nbgrader_config.py, outside source/, release/ and feedback/)."""


@dataclass(frozen=True)
class HiddenInputs:
    """What a grading needs for the hidden halves of its checks: travels to the grading process (and Dask workers)."""

    seed: int
    """Drawn from the course's secret and the student's id: the hidden inputs of this student."""
    reference_cells: tuple[dict, ...]
    """The course's source notebook, as cells to run in the reference worker."""
    reference_imports: tuple[str, ...] = ()
    """What the source notebook imports (its fork server imports them first)."""


def reference_of(course_source: Path, seed: int) -> HiddenInputs:
    """The hidden inputs' seed with the course's reference: its source notebook, read as a submission is.

    Raises CourseError: the source notebook cannot be read."""
    from autograder.errors import BadSubmission
    from autograder.notebook import read_submission

    try:
        notebook = read_submission(course_source)
    except BadSubmission as e:
        raise CourseError(f"the course's source notebook {course_source} cannot be graded against: {e.problem}") from None
    return HiddenInputs(seed, tuple(notebook.cells), notebook.imports)


def course_secret(root: Path) -> bytes:
    """The course's secret, made on first use (owner-only); raises CourseError if it cannot be read or made."""
    path = root / SECRET_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret(path)
    except OSError as e:
        raise CourseError(f"cannot make the course's secret {path}: {e.strerror}") from None
    secret = secrets.token_bytes(32)
    with os.fdopen(descriptor, "wb") as file:
        file.write(secret)
    return secret


def _read_secret(path: Path) -> bytes:
    try:
        secret = path.read_bytes()
    except OSError as e:
        raise CourseError(f"cannot read the course's secret {path}: {e.strerror}") from None
    if len(secret) < 32:
        raise CourseError(f"{path} is not a course secret (delete it: a new one is made, and every student's hidden "
                          "inputs change)")
    return secret


def student_seed(secret: bytes, lesson_id: str, student: str) -> int:
    """The seed of one student's hidden inputs for a lesson: the same on every run, another for every student."""
    digest = hmac.new(secret, f"{lesson_id}\0{student}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big")


def check_seed(seed: int, check_id: str) -> int:
    """The seed of one check's hidden inputs, from the student's."""
    return int.from_bytes(hashlib.sha256(f"{seed}\0{check_id}".encode()).digest()[:8], "big")
