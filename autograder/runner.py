"""The grader's side of the worker: start it, hand it the student's cells, call functions, enforce limits."""

from __future__ import annotations

import ast
import functools
import inspect
import os
import secrets
import signal
import sys
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from autograder.errors import WorkerDied, WorkerTimeout
from autograder.forking import ForkServer, Limits, fork_server
from autograder.i18n import _
from autograder.sandboxed import wire

__all__ = ["Limits", "Probe", "Reply", "StandIns", "Worker", "fork_server"]

Probe = Callable[..., Any]
"""A trusted function of `autograder.sandboxed.probes`, run in the worker as probe(student_fn, *args)."""
StandIns = Mapping[str, Any]
"""Student globals replaced during a call, each by a trusted function or class of one `autograder.standins` module
(the answer to another exercise, so that a check does not depend on the student's other exercises)."""


@dataclass
class Reply:
    """What one call produced: a decoded value, or the student's error."""

    value: Any = None
    error: dict[str, str] | None = None

    @property
    def not_implemented(self) -> bool:
        """A stub: NotImplementedError raised by the student's own code (not by a library, such as an nn.Module
        without forward)."""
        return self.error is not None and self.error["ename"] == "NotImplementedError" and self.error.get("origin") == "student"


@dataclass
class Worker:
    """One worker process per submission, restarted (cells re-run) after a limit kills it."""

    cells: list[dict]
    limits: Limits = field(default_factory=Limits)
    seed: int = 0
    """Seeds random, numpy and torch before each cell and each call."""
    imports: tuple[str, ...] = ()
    """Modules the notebook imports: the fork server imports those it preloads anyway before forking this worker."""
    load_errors: list[dict] = field(default_factory=list)
    output_dropped: int = 0
    """Characters of output past the worker's output cap, dropped while running the notebook."""
    requests: int = 0
    """Requests sent so far: round trips, each carrying one cell or a batch of calls."""
    _pid: int | None = None
    _server: ForkServer | None = None
    _fds: tuple[int, int] = (-1, -1)
    _skipped: dict[int, dict] = field(default_factory=dict)
    """Cells that ran past a limit, with the error that says so: skipped when the notebook is run again."""
    _seconds_lost: float = 0.0
    _load_failure: WorkerTimeout | WorkerDied | None = None
    _leftovers_after_load: int = 0
    _last_leftovers: int = 0
    """Threads and processes the student's code had left running at the worker's last reply."""
    _tainted: bool = False
    _allowance: wire.Allowance = field(default_factory=wire.Allowance)
    """What the replies to the current check may still add up to."""
    _replaced_server: bool = False
    _stood_in: set[str] = field(default_factory=set)
    """The student's functions that a stand-in replaced in this worker: it holds their answers from then on."""

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Starts a worker and runs the notebook's cells in it, except those that ran past a limit before.

        A cell past its limit is skipped from then on and the notebook run again without it, so that one stuck cell
        (a training run at the top level, an endless loop) costs only what depends on it.
        """
        if self._load_failure is not None:
            raise self._load_failure
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        try:
            for attempt in (1, 2):  # a server that student code killed is replaced once
                self._server = server = fork_server()
                try:
                    self._pid = server.spawn(request_r, reply_w, self.limits, self.imports)
                    break
                except OSError:
                    server.abandon()
                    if attempt == 2:
                        raise
        finally:
            os.close(request_r)
            os.close(reply_w)
        self._fds = (request_w, reply_r)
        started, errors = time.monotonic(), []
        for cell in self.cells:
            if cell["index"] in self._skipped:
                errors.append(self._skipped[cell["index"]])
                continue
            left = self.limits.load_seconds - self._seconds_lost - (time.monotonic() - started)
            if left <= 0:
                self.kill()
                self._load_failure = WorkerTimeout(
                    _("running your notebook ran past the time limit of {seconds} s").format(
                        seconds=f"{self.limits.load_seconds:g}"), limit="time")
                raise self._load_failure
            seconds = min(self.limits.cell_seconds, left)
            cell_started = time.monotonic()
            try:
                what = _("cell {cell}").format(cell=cell["index"])
                reply = self._exchange({"op": "cell", "cell": cell, "seed": self.seed}, seconds, what)
                if not server.answers():  # the cell killed it: the worker dies with it, a few ms later
                    raise self._died(what, ConnectionError())
            except (WorkerTimeout, WorkerDied) as failure:
                self._seconds_lost += time.monotonic() - cell_started
                self._skipped[cell["index"]] = {
                    "cell": cell["index"], "ename": type(failure).__name__,
                    "evalue": _("{failure}; the grader skipped this cell and ran your notebook again without it").format(
                        failure=failure),
                    "traceback": "",
                }
                self.start()
                return
            if "error" in reply:
                errors.append({"cell": cell["index"], **_error(reply["error"])})
        self.load_errors = errors
        self._leftovers_after_load = self._last_leftovers

    def refresh(self, function: str = "") -> None:
        """Before a check of `function`: a fresh worker if the last call left threads or processes running that would
        slow it, if the fork server it came from is gone (student code may kill it), or if a stand-in for `function`
        ran in it (the student's code could have kept that answer); each check may replace the server once."""
        self._replaced_server = False
        self._allowance = wire.Allowance()
        if (self._tainted or function in self._stood_in
                or (self._pid is not None and self._server is not None and not self._server.alive())):
            self.kill()

    def call(
        self,
        fn: str,
        args: tuple | list = (),
        *,
        probe: Probe | None = None,
        replace: StandIns | None = None,
        seconds: float | None = None,
    ) -> Reply:
        """Calls the student's function `fn` (through a trusted probe if given) and returns its reply.

        `seconds` overrides the limit of one call (a training check's budget).
        """
        return next(self.calls(fn, [args], probe=probe, replace=replace, seconds=seconds))

    def calls(
        self,
        fn: str,
        arglists: Sequence[tuple | list],
        *,
        probe: Probe | None = None,
        replace: StandIns | None = None,
        seconds: float | None = None,
    ) -> Generator[Reply, None, None]:
        """Calls `fn` on each argument list in turn and yields the replies in order, as they come.

        The calls travel in requests of 1, 2, 4, 8... calls, so a hundred small calls cost seven round trips, and a
        call that fails early costs no needless calls after it: the worker makes every call of a request (its state
        never depends on timing), each within its own time limit. Close the iterator when leaving it early.
        """
        encoded = [wire.encode(list(args)) for args in arglists]
        trusted = {"probe": probe_name(probe) if probe else None, "replace": shipped(replace) if replace else None}
        made, size = 0, 1
        while made < len(encoded):
            if self._pid is None:
                self.start()
            request = {"op": "call", "fn": fn, "calls": encoded[made:made + size], **trusted}
            self._stood_in |= set(replace or ())
            try:
                with closing(self._replies(request, seconds or self.limits.call_seconds, f"{fn}()")) as replies:
                    for reply in replies:
                        made += 1
                        yield _reply(reply)
            except WorkerDied:
                if self._server is None or self._server.alive() or self._replaced_server:
                    raise
                self._replaced_server = True  # once per check: code that keeps killing its server fails its check
                self.kill()  # the fork server died under this worker (killed by an earlier call): once more, afresh
            size *= 2

    def _exchange(self, request: dict, seconds: float, what: str) -> dict:
        return next(self._replies(request, seconds, what))

    def _replies(self, request: dict, seconds: float, what: str) -> Generator[dict, None, None]:
        """Sends `request` and yields its replies (one per call it carries), each within `seconds` of the last.

        Left early, it still waits for the replies of the calls not yet answered (each within its limit): the worker
        makes every call of a request, so that its state after a request does not depend on timing.
        """
        self.requests += 1
        request["id"] = secrets.randbits(62)  # student code can forge replies, but not to requests not sent yet
        try:
            wire.write_frame(self._fds[0], request)
        except BrokenPipeError as exc:
            raise self._died(what, exc) from None
        unanswered = len(request.get("calls", [None]))
        try:
            while unanswered:
                reply = self._reply_to(request, seconds, what)
                unanswered -= 1
                yield reply
        finally:
            if unanswered and self._pid is not None:
                try:
                    for _unanswered in range(unanswered):
                        self._reply_to(request, seconds, what)
                except (WorkerTimeout, WorkerDied):
                    pass  # the worker is gone; the next call starts a fresh one

    def _reply_to(self, request: dict, seconds: float, what: str) -> dict:
        deadline = time.monotonic() + seconds
        try:
            while True:  # frames of an abandoned (or forged for another) request carry another id
                reply = wire.read_frame(self._fds[1], deadline=deadline, allowance=self._allowance)
                if isinstance(reply, dict) and reply.get("id") == request["id"]:
                    break
        except TimeoutError:
            self.kill()
            raise WorkerTimeout(_("{unit} ran past the time limit of {seconds} s").format(unit=what, seconds=f"{seconds:g}"),
                                limit="time") from None
        except (EOFError, BrokenPipeError, wire.WireError) as exc:
            raise self._died(what, exc) from None
        if "error" in reply and not isinstance(reply["error"], dict):  # forged by the student's code
            raise self._died(what, wire.WireError("an error report that is not one"))
        if request["op"] == "cell":
            self.output_dropped = _count(reply.get("output_dropped"))
        else:
            self._tainted = _count(reply.get("leftovers")) > self._leftovers_after_load
        self._last_leftovers = _count(reply.get("leftovers"))
        return reply

    def _died(self, what: str, exc: Exception) -> WorkerDied:
        """The worker is gone (or past saving): stops what is left of it and says why."""
        code = self.kill()
        return WorkerDied(self._death_message(what, code, exc), limit=self._death_limit(code))

    def _death_message(self, what: str, code: int | None, exc: Exception) -> str:
        if isinstance(exc, wire.WireError):
            return _("{unit}: the worker sent a reply the grader refused ({problem})").format(unit=what, problem=exc)
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            return _("the worker running {unit} was killed by {signal}").format(unit=what, signal=name)
        if code is None:
            return _("the worker running {unit} was lost with its parent, the sandbox's fork server, which was killed "
                     "or stopped (the notebook's code can signal it)").format(unit=what)
        return _("the worker running {unit} exited (exit code {code})").format(unit=what, code=code)

    def _death_limit(self, code: int | None) -> str | None:
        return "memory" if code == -signal.SIGKILL else None

    def kill(self) -> int | None:
        """Stops the worker and everything it started; returns its exit code."""
        pid, self._pid = self._pid, None
        for fd in self._fds:
            if fd >= 0:
                os.close(fd)
        self._fds = (-1, -1)
        self._stood_in = set()
        return None if pid is None or self._server is None else self._server.stop(pid)

    def close(self) -> None:
        self.kill()


def probe_name(probe: Probe) -> str:
    """How the worker finds a probe: 'module:qualname', which it resolves only among the sandboxed probe modules."""
    return f"{probe.__module__}:{probe.__qualname__}"


def shipped(stand_ins: StandIns) -> dict:
    """What a request carries of its stand-ins: the source of exactly these functions and classes (never in the
    worker's view), after the imports of the modules they come from; and the student's names they take."""
    chosen = list(dict.fromkeys(stand_ins.values()))
    imports = dict.fromkeys(line for stand_in in chosen for line in _imports(stand_in.__module__))
    source = "\n".join([*imports, *map(_source, chosen)])
    return {"source": source, "names": {name: stand_in.__name__ for name, stand_in in stand_ins.items()}}


@functools.cache
def _source(stand_in: Any) -> str:
    return inspect.getsource(stand_in)


@functools.cache
def _imports(module: str) -> tuple[str, ...]:
    """The import statements at the top level of a stand-ins module (which imports only what the worker has)."""
    source = inspect.getsource(sys.modules[module])
    return tuple(ast.get_source_segment(source, node) or "" for node in ast.parse(source).body
                 if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", "") != "__future__")


def _reply(reply: dict) -> Reply:
    if "error" in reply:
        return Reply(error=_error(reply["error"]))
    try:
        return Reply(value=wire.decode(reply.get("value")))
    except (wire.WireError, ValueError) as exc:
        return Reply(error={"ename": "UnreadableValue", "evalue": str(exc), "traceback": ""})


def _error(error: dict) -> dict[str, str]:
    """The fields of an error the worker reported, as text of bounded length, whatever the student's code wrote."""
    return {k: str(error.get(k, ""))[:8000] for k in ("ename", "evalue", "traceback", "origin")}


def _count(value: object) -> int:
    """A count the worker reported (anything else, from code that forged a reply, counts as 0)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
