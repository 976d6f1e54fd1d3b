"""The worker: a separate process that runs the student's notebook code and answers calls.

It is forked from the fork server (`autograder.sandboxed.forkserver`) with two pipe descriptors, reads requests and writes
replies as frames (see `autograder.sandboxed.wire`). It never computes a score: it runs the student's code and reports what
came out.
"""

from __future__ import annotations

import builtins
import ctypes
import importlib
import io
import linecache
import os
import random
import re
import resource
import sys
import threading
import traceback
from collections.abc import Iterator
from typing import Any

from autograder.sandboxed import wire

CELL_FILE = re.compile(r"^<cell (\d+)>$")
OUTPUT_CAP = 64 * 1024


class CappedText(io.TextIOBase):
    """A text stream that keeps the first OUTPUT_CAP characters written to it and drops the rest."""

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.size = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        room = OUTPUT_CAP - self.size
        self.kept.append(text[:room])
        self.size += min(room, len(text))
        self.dropped += max(0, len(text) - room)
        return len(text)


def student_traceback(exc: BaseException) -> str:
    """The traceback of exc trimmed to the frames of the student's own cells."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if CELL_FILE.match(f.filename)]
    lines = []
    for f in frames:
        cell = CELL_FILE.match(f.filename).group(1)  # type: ignore[union-attr]
        lines.append(f"  cell {cell}, line {f.lineno}, in {f.name}")
        if f.line:
            lines.append(f"    {f.line.strip()}")
    if isinstance(exc, SyntaxError) and exc.filename and CELL_FILE.match(exc.filename):
        cell = CELL_FILE.match(exc.filename).group(1)  # type: ignore[union-attr]
        lines.append(f"  cell {cell}, line {exc.lineno}")
        if exc.text:
            lines.append(f"    {exc.text.strip()}")
    lines.append("".join(traceback.format_exception_only(type(exc), exc)).strip())
    return "\n".join(lines)


def describe_error(exc: BaseException) -> dict[str, str]:
    try:
        evalue = str(exc)[:2000]
    except Exception:  # noqa: BLE001 - a hostile exception must not kill the worker
        evalue = "?"
    frames = traceback.extract_tb(exc.__traceback__)
    origin = "student" if frames and CELL_FILE.match(frames[-1].filename) else "library"
    return {"ename": type(exc).__name__, "evalue": evalue, "traceback": student_traceback(exc)[:8000], "origin": origin}


def seed_everything(seed: int, *, cuda: bool = False) -> None:
    """Seeds random, numpy and torch's CPU generator, and CUDA's when CUDA is in use or about to be (`cuda`).

    Not `torch.manual_seed`: where CUDA is not initialised it queues a CUDA seeding on every call, 0.2 ms each,
    paid before every call of a property check.
    """
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.default_generator.manual_seed(seed)
    if cuda or torch.cuda.is_initialized():
        torch.cuda.manual_seed_all(seed)


PROBES = "autograder.sandboxed.probes"


def resolve(name: str) -> Any:
    """A trusted probe named 'module:qualname', from this package's probe modules (nothing else can be asked for)."""
    module, _, qualname = name.partition(":")
    parts = [*module.split("."), *qualname.split(".")]
    if not (module == PROBES or module.startswith(PROBES + ".")) or not all(part.isidentifier() for part in parts):
        raise ValueError(f"bad probe name {name!r}")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


_calling_with: dict[str, Any] = {}
"""The stand-ins of the call being made, by the student's names they take (for the probes: `stand_in`)."""


def stand_in(name: str) -> Any:
    """The trusted stand-in that the call being made sent for the student's `name`, for a probe that needs one (the
    same object the student's code finds among its globals)."""
    try:
        return _calling_with[name]
    except KeyError:
        raise RuntimeError(f"the grader sent no stand-in for {name}") from None


def stand_ins(shipped: dict) -> dict[str, Any]:
    """The trusted stand-ins a check sends with its calls, by the student's names they take: answers to other
    exercises, so never in the worker's view: the grader sends their source, run here for the request."""
    namespace: dict[str, Any] = {"__name__": "stand_ins"}
    exec(compile(shipped["source"], "<stand-ins>", "exec"), namespace)  # noqa: S102 - the grader's code
    return {student_name: namespace[name] for student_name, name in shipped["names"].items()}


class Session:
    """The student's namespace and the requests that run code in it."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        self.seed = 0

    def run_cell(self, cell: dict, seed: int) -> dict:
        """Runs one of the notebook's cells in the student's namespace; the exception it raised, if any."""
        self.seed = seed
        filename = f"<cell {cell['index']}>"
        source = cell["source"]
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:
            seed_everything(self.seed)
            exec(compile(source, filename, "exec"), self.namespace)  # noqa: S102 - running student code is the job
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are student errors too
            return {"error": describe_error(exc)}
        return {}

    def call(self, request: dict, args: list, replacements: dict[str, Any]) -> dict:
        """Calls the requested function on one argument list (through the trusted probe, with the trusted
        replacements, if the request names them)."""
        name = request["fn"]
        fn = self.namespace.get(name)
        if not callable(fn):
            return {"error": {"ename": "NameError", "evalue": f"{name} is not defined", "traceback": ""}}
        saved = {key: self.namespace.get(key) for key in replacements}
        try:
            args = wire.decode(args)
            for key, stand_in in replacements.items():
                self.namespace[key] = stand_in
                if hasattr(stand_in, "student_version"):  # a stand-in that may consult the student's own
                    stand_in.student_version = saved[key]
            _calling_with.clear()
            _calling_with.update(replacements)
            seed_everything(self.seed)
            if request.get("probe"):
                result = resolve(request["probe"])(fn, *args)
            else:
                result = fn(*args)
            return {"value": wire.encode(result)}
        except BaseException as exc:  # noqa: BLE001
            return {"error": describe_error(exc)}
        finally:
            self.namespace.update(saved)
            _calling_with.clear()


PR_SET_DUMPABLE = 4
PR_SET_NO_NEW_PRIVS = 38


def set_limits(limits: dict) -> None:
    """Caps what the student's code can take: memory, processes, file sizes; no core dumps, no setuid programs; not
    dumpable, so that no other process of the sandbox's user (another worker: the course's reference) can trace it or
    read its memory."""
    for name, key in (("RLIMIT_DATA", "memory"), ("RLIMIT_NPROC", "processes"), ("RLIMIT_FSIZE", "file_bytes")):
        value = int(limits.get(key, 0))
        if value > 0:
            resource.setrlimit(getattr(resource, name), (value, value))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux
        pass


def serve(request_fd: int, reply_fd: int, streams: tuple[CappedText, CappedText]) -> None:
    import torch

    torch.set_num_threads(1)
    session = Session()
    while True:
        try:
            request = wire.read_frame(request_fd)
        except EOFError:
            return
        op = request.get("op")
        if op == "cell":
            replies: Iterator[dict] = iter([session.run_cell(request["cell"], int(request.get("seed", 0)))])
        elif op == "call":
            replies = _calls(session, request)
        elif op == "exit":
            return
        else:
            replies = iter([{"error": {"ename": "ProtocolError", "evalue": f"unknown op {op!r}", "traceback": ""}}])
        for reply in replies:
            reply["id"] = request.get("id")
            reply["output_dropped"] = sum(stream.dropped for stream in streams)
            reply["leftovers"] = _leftovers()
            try:
                wire.write_frame(reply_fd, reply)
            except (wire.WireError, ValueError) as exc:
                wire.write_frame(
                    reply_fd,
                    {"id": request.get("id"), "error": {"ename": "ValueTooLarge", "evalue": str(exc), "traceback": ""}},
                )


def _calls(session: Session, request: dict) -> Iterator[dict]:
    try:
        replacements = stand_ins(request["replace"]) if request.get("replace") else {}
    except BaseException as exc:  # noqa: BLE001 - the student's code may have broken what the stand-ins import
        yield from ({"error": describe_error(exc)} for _ in request["calls"])
        return
    yield from (session.call(request, args, replacements) for args in request["calls"])


def _leftovers() -> int:
    """Threads and child processes the student's code left running (they would slow the checks that follow).
    Asked after every call, so it reads the kernel's list of this process's children instead of scanning /proc."""
    try:
        with open(f"/proc/self/task/{os.getpid()}/children") as listing:
            children = len(listing.read().split())
    except OSError:  # not Linux
        children = 0
    return threading.active_count() - 1 + children


def run(request_fd: int, reply_fd: int, limits: dict) -> None:
    """Serves the grader on the two pipes with output captured and limits set (called in a forked child)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    sys.stdin = open(os.devnull)  # noqa: SIM115
    streams = CappedText(), CappedText()
    sys.stdout, sys.stderr = streams  # type: ignore[assignment]
    os.environ.setdefault("MPLBACKEND", "Agg")
    set_limits(limits)
    serve(request_fd, reply_fd, streams)
