"""The lessons: one module per lesson, each declaring `LESSON`, its oracles and its worker-side probes."""

from __future__ import annotations

import importlib
import pkgutil
import re

from autograder.errors import UnknownLesson
from autograder.rubric import Lesson

LESSON_IDS = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if re.fullmatch(r"hw\d\d", m.name)))


def require(lesson_id: str) -> None:
    """Raises UnknownLesson unless a lesson has this id (without importing it, nor torch)."""
    if lesson_id not in LESSON_IDS:
        raise UnknownLesson(lesson_id, list(LESSON_IDS))


def get(lesson_id: str) -> Lesson:
    """The lesson with this id; raises UnknownLesson."""
    require(lesson_id)
    return importlib.import_module(f"autograder.lessons.{lesson_id}").LESSON


def all_lessons() -> list[Lesson]:
    return [get(lesson_id) for lesson_id in LESSON_IDS]
