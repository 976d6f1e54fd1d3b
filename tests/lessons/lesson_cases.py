"""A realistic wrong answer, for the tables of tests/lessons/mistakes_hwNN.py."""

from __future__ import annotations

from dataclasses import dataclass


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
