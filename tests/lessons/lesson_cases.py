"""A realistic wrong answer, and correct code written otherwise: the rows of tests/lessons/mistakes_hwNN.py and
diagnoses_hwNN.py."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    """A realistic wrong answer: the reference with `old` replaced by `new`."""

    name: str
    old: str
    new: str
    check: str
    """The one check this mistake must fail."""
    hint: str
    """Words the hint must contain."""


@dataclass(frozen=True)
class Variant:
    """Correct code written otherwise: the reference with these changes keeps `check`'s points."""

    name: str
    changes: list[tuple[str, str]] = field(default_factory=list)
    check: str = ""
