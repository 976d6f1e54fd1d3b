"""The language students read: English, or Simplified Chinese for the course's students.

Messages are gettext messages: the English text is the message id, and the Chinese lives in the catalog
`autograder/locale/zh/LC_MESSAGES/autograder.po` (compiled to `.mo`, with Babel: see `autograder.catalogs`).
Text defined when a module is imported (titles, hints) is marked with `N_` and translated where it is shown;
text written while grading goes through `_`, in the language of the grading under way (`speaking`).
Placeholders are `str.format` fields, `{name}`, filled after translation.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh")
DOMAIN = "autograder"
LOCALE_DIR = Path(__file__).parent / "locale"
_SPOKEN: ContextVar[str] = ContextVar("language", default="en")


def N_(text: str) -> str:
    """Marks `text` as a message to translate where it is shown (it is returned as it is)."""
    return text


def localized(text: str) -> str:
    """`text` in the language of the grading under way: a message held in a variable (marked `N_` where it was
    written), or one already translated (returned as it is)."""
    return translate(text, _SPOKEN.get())


_ = localized
"""The same, for a literal message: Babel extracts `_("...")` into the catalog."""


def translate(text: str, lang: str = "en") -> str:
    """`text` in `lang`; the English itself when the catalog has no translation (or `text` is empty)."""
    return catalog(lang).gettext(text) if text else text


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def spoken() -> str:
    """The language of the grading under way."""
    return _SPOKEN.get()


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Within it, `_` translates into `lang` (for this thread or task only)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    token = _SPOKEN.set(lang)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def default_language(environ: Mapping[str, str] = os.environ) -> str:
    """zh when the locale is Chinese (LC_ALL, LC_MESSAGES or LANG), else en."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
