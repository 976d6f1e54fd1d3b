"""The inputs a lesson's property checks draw, kept on disk between processes.

Hypothesis draws the same inputs every time in the same setting (the searches are derandomized), but drawing a
hundred of them costs 0.1-1 s a check, 2-5 s a lesson: paid again by every fresh grader (the first `check()` of a
session, each `grade autograde` process, `grade submit` without the daemon). They are kept as wire data (JSON, never
pickle) in a cache folder, under a name made of the installed package's code, hypothesis's, torch's and numpy's versions, the
lesson and the check: any change to any of them draws afresh. Only inputs that come back from JSON with the same
types and contents are kept. The expected values are always computed by the oracle of the code running now. The
inputs kept by older code are removed when the code running now keeps its first.

The package's own lessons ship the inputs of their public checks (SHIPPED), so that no grader draws them: not even
the first, at a student's home; and every grader, at home or the instructor's, tries the same ones. Each names the
recipe it was drawn from (the strategy, as hypothesis describes it, and how many examples); a check whose recipe is
not that one draws and keeps its own.
"""

from __future__ import annotations

import contextlib
import contextvars
import fcntl
import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from autograder import atomic
from autograder.sandboxed import wire
from autograder.version import version

SHIPPED = Path(__file__).parent / "lessons" / "plans"
"""The inputs the lessons' public checks draw, as this package ships them. `python -m autograder.plans` draws them
again, in a fresh process: what hypothesis draws depends on the process too (it mixes in constants of the modules
it finds loaded), so a test compares with that command's."""


def folder() -> Path:
    """AUTOGRADER_CACHE_DIR, else $XDG_CACHE_HOME/dl-autograder, else ~/.cache/dl-autograder."""
    base = os.environ.get("AUTOGRADER_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dl-autograder"


@functools.cache
def _code_digest() -> str:
    """The code this process runs (as it was when first asked: an install edited meanwhile is not what runs here)."""
    import hypothesis
    import numpy
    import torch

    code = hashlib.sha256(f"{version()} {hypothesis.__version__} {torch.__version__} {numpy.__version__}".encode())
    return code.hexdigest()[:16]


def _path(lesson: str, check: str) -> Path:
    return folder() / f"plans-{_code_digest()}" / f"{lesson}.{check}.json"


def load(lesson: str, check: str) -> list[tuple] | None:
    """The inputs drawn for this check before, or None (never drawn, or unreadable)."""
    try:
        return _inputs(wire.decode(json.loads(_path(lesson, check).read_text(encoding="utf-8"))))
    except (OSError, ValueError):
        return None


def _shipped(lesson: str, check: str, recipe: str) -> list[tuple] | None:
    try:
        shipped = json.loads((SHIPPED / f"{lesson}.{check}.json").read_text(encoding="utf-8"))
        if shipped["recipe"] != _digest(recipe):
            return None
        return _inputs(wire.decode(shipped["inputs"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _inputs(data: Any) -> list[tuple] | None:
    return data if isinstance(data, list) and all(isinstance(args, tuple) for args in data) else None


def _digest(recipe: str) -> str:
    return hashlib.sha256(recipe.encode()).hexdigest()[:16]


def ship(into: Path = SHIPPED) -> None:
    """Draws the inputs of every public check of the package's lessons afresh and writes them `into` the folder (the
    package's, by default), in place of what was there: those that survive JSON exactly, under their recipe."""
    from autograder import lessons

    drawn: dict[str, Any] = {}
    token = _shipping.set(drawn)
    try:
        for lesson in lessons.all_lessons():
            for check in lesson.checks:
                if check.prepare is not None and not check.hidden:
                    getattr(check.prepare, "__wrapped__", check.prepare)(lesson.id)  # past any plan made before
    finally:
        _shipping.reset(token)
    into.mkdir(parents=True, exist_ok=True)
    for old in into.glob("*.json"):
        old.unlink()
    for name, shipped in sorted(drawn.items()):
        if shipped["inputs"] is not None:
            atomic.write_text(into / name, json.dumps(shipped, separators=(",", ":")) + "\n")


def save(lesson: str, check: str, drawn: list[tuple]) -> None:
    """Keeps the inputs when they survive JSON exactly (once); a cache that cannot be written is no error."""
    path = _path(lesson, check)
    if path.exists():
        return
    encoded = _exact(drawn)
    if encoded is None:
        return
    with contextlib.suppress(OSError):
        _make_folder(path.parent)
        atomic.write_text(path, json.dumps(encoded))


class Busy(Exception):
    """Another process is drawing these inputs now (raised only `while_drawing_others`)."""


_waiting = contextvars.ContextVar("waiting", default=True)


@contextlib.contextmanager
def while_drawing_others() -> Iterator[None]:
    """Inside: inputs that another process is drawing raise `Busy` rather than wait, so that this one draws others
    meanwhile (the gradings of `autograde --workers N` that start together share the drawing out)."""
    token = _waiting.set(False)
    try:
        yield
    finally:
        _waiting.reset(token)


_shipping: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("shipping", default=None)


def kept_or_drawn(lesson: str, check: str, draw: Callable[[], list[tuple]], recipe: str | None = None) -> list[tuple]:
    """The inputs shipped for this check's `recipe`, else those kept for it, else `draw()`'s, kept for the next
    process. One process draws them at a time: another waits for it, then reads them (or raises `Busy`, see
    `while_drawing_others`)."""
    shipping = _shipping.get()
    if shipping is not None and recipe is not None:  # drawing what the package ships
        drawn = draw()
        shipping[f"{lesson}.{check}.json"] = {"recipe": _digest(recipe), "inputs": _exact(drawn)}
        return drawn
    kept = _shipped(lesson, check, recipe) if recipe is not None else None
    kept = kept if kept is not None else load(lesson, check)
    if kept is not None:
        return kept
    with _drawing(_path(lesson, check)):
        kept = load(lesson, check)  # drawn by another process while this one waited
        if kept is None:
            kept = draw()
            save(lesson, check, kept)
    return kept


@contextlib.contextmanager
def _drawing(path: Path) -> Iterator[None]:
    """Holds the lock of drawing `path`'s inputs (none when the cache folder cannot be written); raises Busy when
    another process holds it and this one does not wait."""
    try:
        _make_folder(path.parent)
        lock = open(path.with_suffix(".lock"), "w")  # noqa: SIM115 - closed below, which releases the lock
    except OSError:
        yield
        return
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if _waiting.get() else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(path.name) from None
        except OSError:  # a file system without locks: processes may draw the same inputs
            pass
        yield


def _make_folder(folder: Path) -> None:
    """The folder of this code's inputs; when it is made, those that older code kept go."""
    if folder.is_dir():
        return
    for old in folder.parent.glob("plans-*"):
        if old != folder:  # another process of this code may have made it meanwhile
            shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def _exact(drawn: list[tuple]) -> Any:
    """The inputs as wire data if they come back from JSON the same, types and all; else None (not kept)."""
    encoded = wire.encode(drawn)
    return encoded if _same(wire.decode(json.loads(json.dumps(encoded))), drawn) else None


def _same(a: Any, b: Any) -> bool:
    """The same types all the way down, and the same wire data."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return json.dumps(wire.encode(a)) == json.dumps(wire.encode(b))


if __name__ == "__main__":  # python -m autograder.plans [FOLDER]; as a script, this is not the module checks import
    import sys

    from autograder import plans

    plans.ship(*(Path(folder) for folder in sys.argv[1:2]))
