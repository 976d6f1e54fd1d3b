"""Text from a student's notebook or worker made writable: reports, the gradebook and the terminal take UTF-8."""

from __future__ import annotations

import json
import re
from typing import Any

_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_IN_BYTES = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")  # escaped, or as bytes (json.loads lets them in)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads joins the pairs: any one left is alone


MARKED: set[str] = set()
"""The texts marked with `N_` so far in this process: the grader translates these, and only these, where a probe's
observation shows them (`autograder.properties`), never a string that the student's code wrote."""


def N_(text: str) -> str:
    """Marks text the grader translates where it shows it (autograder.i18n.N_; this package cannot import it)."""
    MARKED.add(text)
    return text


def loads(document: str | bytes) -> Any:
    """`json.loads`, with every lone surrogate replaced by U+FFFD in the value's strings and keys: Python cannot
    write those as UTF-8, so reports, the gradebook and the terminal would fail on them. Only a document that holds
    some is walked."""
    value = json.loads(document)
    if isinstance(document, bytes):
        found = _SURROGATE_IN_BYTES.search(document) is not None
    else:
        found = _ESCAPED_SURROGATE.search(document) is not None
    return _readable(value) if found else value


def _readable(value: Any) -> Any:
    def fixed(text: str) -> str:
        return _LONE_SURROGATE.sub("\ufffd", text)

    root = [value]
    stack: list[tuple[Any, Any]] = [(root, 0)]  # where each value still to fix is: its container and key
    while stack:
        container, key = stack.pop()
        item = container[key]
        if type(item) is str:
            container[key] = fixed(item)
        elif type(item) is list:
            stack += [(item, i) for i in range(len(item))]
        elif type(item) is dict:
            renamed = {fixed(k): v for k, v in item.items()}
            item.clear()
            item.update(renamed)
            stack += [(item, k) for k in item]
    return root[0]
