"""Keeping the translations complete: the grader's message catalog and each lesson notebook's catalog.

Run ``python -m autograder.catalogs`` from the project root after changing any message: it extracts the messages
(Babel: `_` and `N_` in the package, the prose of every source notebook in assignments/), merges them into the
catalogs (new ones untranslated, gone ones dropped), compiles the grader's catalog to `.mo`, and lists what is
still untranslated. Tests fail while a message has no translation, a translation's placeholders, code spans or
formulas differ from the English, or the `.mo` is stale.
"""

from __future__ import annotations

import io
import re
import string
import sys
from collections import Counter
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import write_po

from autograder import atomic
from autograder.i18n import DOMAIN, LANGUAGES, LOCALE_DIR
from autograder.lesson_text import catalog_path, messages, read_catalog

PACKAGE = Path(__file__).parent
CLI = PACKAGE.parent / "cli.py"
"""The command line's module, beside the package in the repository (and in site-packages)."""
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
KEYWORDS = {"_": None, "N_": None, "translate": (1,)}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def grader_template() -> Catalog:
    """Every message of the grader's code (the package and the command line), as Babel extracts it."""
    template = Catalog(domain=DOMAIN)
    found = [(f"autograder/{filename}", *rest) for filename, *rest in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python"), ("**/templates/**.j2", "jinja2.ext:babel_extract")],
        keywords=KEYWORDS, comment_tags=("TRANSLATORS:",))]
    if CLI.is_file():
        found += [(CLI.name, *rest) for rest in extract_from_file("python", CLI, keywords=KEYWORDS,
                                                                    comment_tags=("TRANSLATORS:",))]
    for filename, lineno, message, comments, context in found:
        template.add(message, locations=[(str(filename), int(lineno))], auto_comments=comments,  # type: ignore[arg-type]
                     context=context)  # type: ignore[arg-type]
    return template


def lesson_template(source: Path) -> Catalog:
    """Every message of a source notebook's prose."""
    template = Catalog()
    for message in messages(nbformat.read(source, as_version=4)):
        template.add(message, locations=[(source.name, 0)])
    return template


def lesson_sources(root: Path) -> list[Path]:
    return sorted((root / "assignments").glob("hw*/hw*.ipynb"))


def problems(catalog: Catalog, template: Catalog, placeholders: bool = True) -> list[str]:
    """What is wrong with `catalog` as the translation of `template`: one line per message. `placeholders`: its
    messages are formatted with `str.format` (the grader's are; a notebook's prose has braces of LaTeX)."""
    found = []
    for message in template:
        if not message.id:
            continue
        translation = catalog.get(message.id)
        english = str(message.id)
        if translation is None or not translation.string or translation.fuzzy:
            found.append(f"untranslated: {english[:100]!r}")
        else:
            found += [f"{why}: {english[:100]!r}"
                      for why in mismatches(english, str(translation.string), placeholders)]
    return found


def mismatches(english: str, translation: str, placeholders: bool = True) -> list[str]:
    """How a translation breaks what must stay as written: its placeholders, and the English's code spans and
    formulas (a translation may quote more code than the English does)."""
    found = []
    if placeholders and _fields(english) != _fields(translation):
        found.append(f"placeholders {sorted(_fields(translation))} instead of {sorted(_fields(english))}")
    for name, pattern in (("code spans", r"```.*?```|`[^`]+`"), ("formulas", r"\$\$.+?\$\$|\$[^$]+\$")):
        missing = Counter(_spans(pattern, english)) - Counter(_spans(pattern, translation))
        if missing:
            found.append(f"{name} changed: {', '.join(missing)}")
    return found


def _spans(pattern: str, text: str) -> list[str]:
    """The spans of `text` matching `pattern`, their whitespace made one space (a span may break a line)."""
    return [" ".join(span.split()) for span in re.findall(pattern, text, flags=re.S)]


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def stale_mo(lang: str) -> bool:
    """Whether the compiled catalog differs from its .po."""
    mo = po_path(lang).with_suffix(".mo")
    if not mo.exists():
        return True
    with mo.open("rb") as f:
        compiled = {m.id: m.string for m in read_mo(f) if m.id}
    return compiled != {m.id: m.string for m in read_catalog(po_path(lang)) if m.id and m.string and not m.fuzzy}


def update(root: Path) -> dict[Path, int]:
    """Merges the extracted messages into every catalog and compiles the grader's; returns the untranslated
    messages' count of each catalog."""
    pending = {}
    jobs = [(po_path(lang), grader_template(), lang) for lang in TRANSLATED]
    jobs += [(catalog_path(source, lang), lesson_template(source), lang) for source in lesson_sources(root)
             for lang in TRANSLATED]
    for path, template, lang in jobs:
        catalog = read_catalog(path) if path.exists() else Catalog(locale=lang, domain=template.domain)
        before, created = _messages(catalog), catalog.creation_date
        catalog.update(template, no_fuzzy_matching=True)
        if _messages(catalog) == before:  # nothing to translate changed: the file stays as it was
            catalog.creation_date = created
        catalog.obsolete.clear()
        catalog.fuzzy = False
        _write(path, catalog, write_po, width=0, omit_header=False)
        if path == po_path(lang):
            _write(path.with_suffix(".mo"), catalog, write_mo)
        pending[path] = sum(1 for m in catalog if m.id and not m.string)
    return pending


def _messages(catalog: Catalog) -> set[tuple[str, str]]:
    """The catalog's messages and their translations (what a change of the catalog's date is due to)."""
    return {(str(m.id), str(m.string)) for m in catalog if m.id}


def _write(path: Path, catalog: Catalog, writer, **options) -> None:
    buffer = io.BytesIO()
    writer(buffer, catalog, **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(path, buffer.getvalue())


if __name__ == "__main__":
    for catalog_file, count in update(Path(".")).items():
        print(f"{catalog_file}: {count} untranslated" if count else f"{catalog_file}: complete")
    sys.exit(0)
