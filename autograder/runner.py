"""The grader's side of the worker: start it, hand it the student's cells, call functions, enforce limits."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from autograder import wire
from autograder.errors import WorkerDied, WorkerTimeout


@dataclass(frozen=True)
class Limits:
    """What one submission may use."""

    call_seconds: float = 10.0
    """Wall-clock limit of one call of a student function."""
    load_seconds: float = 60.0
    """Wall-clock limit of running the notebook's cells once."""
    memory_bytes: int = 2 * 1024**3
    """Cap on the worker's data segment (heap and private mappings)."""


@dataclass
class Reply:
    """What one call produced: a decoded value, or the student's error."""

    value: Any = None
    error: dict[str, str] | None = None

    @property
    def not_implemented(self) -> bool:
        return self.error is not None and self.error["ename"] == "NotImplementedError"


@dataclass
class Worker:
    """One worker process per submission, restarted (cells re-run) after a limit kills it."""

    cells: list[dict]
    limits: Limits = field(default_factory=Limits)
    seed: int = 0
    """Seeds random, numpy and torch before each cell and each call."""
    load_errors: list[dict] = field(default_factory=list)
    _proc: subprocess.Popen | None = None
    _fds: tuple[int, int] = (-1, -1)
    _home: str = ""
    _next_id: int = 0
    _load_failure: WorkerTimeout | WorkerDied | None = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Starts the process and runs the notebook's cells in it."""
        if self._load_failure is not None:
            raise self._load_failure
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        self._home = tempfile.mkdtemp(prefix="grade-worker-")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self._home,
            "TMPDIR": self._home,
            "MPLCONFIGDIR": self._home,
            "MPLBACKEND": "Agg",
            "PYTHONHASHSEED": "0",
            "OMP_NUM_THREADS": "1",
            "LANG": "C.UTF-8",
        }
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "autograder.worker", str(request_r), str(reply_w), str(self.limits.memory_bytes)],
            pass_fds=(request_r, reply_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self._home,
            env=env,
            start_new_session=True,
        )
        os.close(request_r)
        os.close(reply_w)
        self._fds = (request_w, reply_r)
        try:
            reply = self._exchange({"op": "load", "cells": self.cells, "seed": self.seed}, self.limits.load_seconds,
                                   "running your notebook")
        except (WorkerTimeout, WorkerDied) as failure:
            self._load_failure = failure
            raise
        self.load_errors = reply.get("errors", [])

    def call(
        self,
        fn: str,
        args: tuple | list = (),
        kwargs: dict | None = None,
        *,
        probe: str | None = None,
        replace: dict[str, str] | None = None,
        seconds: float | None = None,
    ) -> Reply:
        """Calls the student's function `fn` (through a trusted probe if given) and returns its reply.

        `seconds` overrides the limit of one call (a training check's budget).
        """
        if self._proc is None:
            self.start()
        request = {
            "op": "call",
            "fn": fn,
            "args": wire.encode(list(args)),
            "kwargs": wire.encode(kwargs or {})["__dict__"],
            "probe": probe,
            "replace": replace or {},
        }
        reply = self._exchange(request, seconds or self.limits.call_seconds, f"{fn}()")
        if "error" in reply:
            error = reply["error"]
            if not isinstance(error, dict):
                raise WorkerDied("the worker sent a malformed reply")
            return Reply(error={k: str(error.get(k, ""))[:8000] for k in ("ename", "evalue", "traceback")})
        try:
            return Reply(value=wire.decode(reply.get("value")))
        except (wire.WireError, ValueError) as exc:
            return Reply(error={"ename": "UnreadableValue", "evalue": str(exc), "traceback": ""})

    def _exchange(self, request: dict, seconds: float, what: str) -> dict:
        self._next_id += 1
        request["id"] = self._next_id
        try:
            wire.write_frame(self._fds[0], request)
            deadline = time.monotonic() + seconds
            while True:
                reply = wire.read_frame(self._fds[1], deadline=deadline)
                if isinstance(reply, dict) and reply.get("id") == self._next_id:
                    return reply
        except TimeoutError:
            self.kill()
            raise WorkerTimeout(f"{what} ran past the time limit of {seconds:g} s", limit="time") from None
        except (EOFError, BrokenPipeError, wire.WireError) as exc:
            code = self.kill()
            raise WorkerDied(self._death_message(what, code, exc), limit=self._death_limit(code)) from None

    def _death_message(self, what: str, code: int | None, exc: Exception) -> str:
        if isinstance(exc, wire.WireError):
            return f"{what}: the worker sent an unreadable reply ({exc})"
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            return f"the worker running {what} was killed by {name}"
        return f"the worker running {what} exited (exit code {code})"

    def _death_limit(self, code: int | None) -> str | None:
        return "memory" if code == -signal.SIGKILL else None

    def kill(self) -> int | None:
        """Stops the worker and everything it started; returns its exit code."""
        proc, self._proc = self._proc, None
        for fd in self._fds:
            if fd >= 0:
                os.close(fd)
        self._fds = (-1, -1)
        code = None
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            code = proc.wait()
        if self._home:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = ""
        return code

    def close(self) -> None:
        self.kill()
