"""A lesson notebook's prose in another language: one source notebook, its text translated through a catalog.

The messages of a notebook are what a student reads: each markdown cell, each docstring and each comment of its
code cells (nbgrader's markers excepted). `translated` puts a catalog's translations in their place and changes
nothing else: the code, the grade ids and the cells' metadata stay those of the source, so the notebooks of both
languages grade alike. Each lesson's catalog is `assignments/hwNN/LANG.po` (gettext, read with Babel); see
`autograder.catalogs` for keeping it up to date.
"""

from __future__ import annotations

import ast
import copy
import inspect
import io
import tokenize
from collections.abc import Callable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from autograder.notebook import LANGUAGE, METADATA_KEY

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "YOUR CODE HERE")
"""nbgrader's own comments, which it looks for: never translated."""


def catalog_path(source: Path, lang: str) -> Path:
    """Where the catalog of a source notebook (assignments/hwNN/hwNN.ipynb) in `lang` lives."""
    return source.parent / f"{lang}.po"


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def language_of(notebook) -> str:
    """The language a notebook's prose is written in: what its metadata says, else English."""
    marker = notebook.get("metadata", {}).get(METADATA_KEY)
    language = marker.get(LANGUAGE) if isinstance(marker, dict) else None
    return language if isinstance(language, str) else "en"


def messages(notebook) -> list[str]:
    """Every message of the notebook (markdown cells, docstrings, comments), in order, without repeats."""
    found: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            found.append(cell.source.strip())
        elif cell.cell_type == "code":
            found += [text for text, _ in _docstrings(cell.source)] + [text for text, _, _ in _comments(cell.source)]
    return list(dict.fromkeys(m for m in found if m))


def translated(notebook, catalog: Catalog, lang: str):
    """A copy of `notebook` whose messages that `catalog` translates are in `lang`, marked as written in it."""
    def say(text: str) -> str | None:
        message = catalog.get(text)
        found = message.string if message is not None and not message.fuzzy else None
        return found if isinstance(found, str) and found else None

    result = copy.deepcopy(notebook)
    for cell in result.cells:
        if cell.cell_type == "markdown":
            cell.source = say(cell.source.strip()) or cell.source
        elif cell.cell_type == "code":
            cell.source = _translate_code(cell.source, say)
    result.metadata.setdefault(METADATA_KEY, {})[LANGUAGE] = lang
    return result


def _translate_code(source: str, say: Callable[[str], str | None]) -> str:
    """The code with its docstrings and comments translated (from the end, so earlier offsets stay right)."""
    edits = [(span, _docstring_literal(source, span, text)) for doc, span in _docstrings(source)
             if (text := say(doc))]
    edits += [(span, prefix + text) for comment, prefix, span in _comments(source) if (text := say(comment))]
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for ((row, col), (end_row, end_col)), new in sorted(edits, reverse=True):
        start, end = offsets[row - 1] + col, offsets[end_row - 1] + end_col
        source = source[:start] + new + source[end:]
    return source


Span = tuple[tuple[int, int], tuple[int, int]]


def _docstrings(source: str) -> Iterator[tuple[str, Span]]:
    """(the docstring, cleaned as `inspect.cleandoc` does; where its literal is) for each docstring of the code."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: such a cell has no docstring worth translating
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str) and first.end_lineno is not None
                    and first.end_col_offset is not None):
                span = ((first.lineno, _char_col(source, first.lineno, first.col_offset)),
                        (first.end_lineno, _char_col(source, first.end_lineno, first.end_col_offset)))
                yield inspect.cleandoc(first.value.value), span


def _char_col(source: str, row: int, byte_col: int) -> int:
    """ast gives columns in UTF-8 bytes; strings are indexed by characters."""
    line = source.splitlines(keepends=True)[row - 1]
    return len(line.encode("utf-8")[:byte_col].decode("utf-8"))


def _docstring_literal(source: str, span: Span, text: str) -> str:
    """A triple-quoted literal holding `text`, indented as the original docstring was."""
    (row, col), (end_row, _) = span
    indent = " " * col
    lines = text.splitlines() or [""]
    body = lines[0] + "".join("\n" + (indent + line if line else "") for line in lines[1:])
    closing = "\n" + indent if end_row > row and source.splitlines()[end_row - 1].strip().startswith(('"""', "'''")) else ""
    return '"""' + body.replace('"""', r"\"\"\"") + closing + '"""'


def _comments(source: str) -> Iterator[tuple[str, str, Span]]:
    """(the comment's text, the # and spaces before it, where the comment is) for each comment of the code but
    nbgrader's (the spaces are kept: a commented-out line of code keeps its indentation)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return
    for token in tokens:
        if token.type == tokenize.COMMENT:
            text = token.string.lstrip("#").strip()
            prefix = token.string[:len(token.string) - len(token.string.lstrip("#").lstrip())]
            if text and any(c.isalpha() for c in text) and not any(m in text for m in MARKERS):
                yield text, prefix, (token.start, token.end)
