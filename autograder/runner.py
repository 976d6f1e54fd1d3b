"""The grader's side of the worker: start it, hand it the student's cells, call functions, enforce limits."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder import wire
from autograder.errors import WorkerDied, WorkerTimeout

SERVER_START_SECONDS = 120.0
BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from autograder.forkserver import main; main()"
WORKER_ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
    "LANG": "C.UTF-8",
}


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
        """A stub: NotImplementedError raised by the student's own code (not by a library, such as an nn.Module
        without forward)."""
        return self.error is not None and self.error["ename"] == "NotImplementedError" and self.error.get("origin") == "student"


class ForkServer:
    """The grader's handle on its fork server (`autograder.forkserver`): started once, asked for each worker."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        root = str(Path(__file__).resolve().parents[1])  # the workers run this very copy of the grader's code
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-c", BOOT, root, str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**WORKER_ENV, "HOME": tempfile.gettempdir()},
        )
        theirs.close()
        self._channel = ours
        self._ready = False

    def _wait_until_ready(self) -> None:
        """The server imports torch and the lessons while the grader does its own start-up work."""
        if self._ready:
            return
        self._channel.settimeout(SERVER_START_SECONDS)
        if self._receive().get("ready") is not True:
            raise RuntimeError("the fork server did not start")
        self._channel.settimeout(None)
        self._ready = True

    def alive(self) -> bool:
        return self._proc.poll() is None

    def spawn(self, request_fd: int, reply_fd: int, home: str, memory: int, imports: tuple[str, ...] = ()) -> int:
        """Forks a worker that serves the pipes; returns its pid (also its process group)."""
        self._wait_until_ready()
        message = json.dumps({"op": "spawn", "home": home, "memory": memory, "imports": list(imports)}).encode()
        socket.send_fds(self._channel, [message], [request_fd, reply_fd])
        return int(self._receive()["pid"])

    def wait(self, pid: int) -> int | None:
        """Waits for a worker that was killed or exited; its exit code (negative: the signal)."""
        self._wait_until_ready()
        self._channel.send(json.dumps({"op": "wait", "pid": pid}).encode())
        return self._receive().get("code")

    def release(self, pid: int) -> None:
        """Leaves a killed worker for the server to reap when it has exited (its exit code is not needed)."""
        self._wait_until_ready()
        self._channel.send(json.dumps({"op": "release", "pid": pid}).encode())
        self._receive()

    def _receive(self) -> dict:
        message = self._channel.recv(4096)
        if not message:
            raise ConnectionError("the fork server exited")
        return json.loads(message)

    def close(self) -> None:
        self._channel.close()
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


_server: ForkServer | None = None


def fork_server() -> ForkServer:
    """This process's fork server, started on first use (it gets ready in the background) and again if it died."""
    global _server
    if _server is None or not _server.alive():
        _server = ForkServer()
        atexit.register(_server.close)
    return _server


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
    _pid: int | None = None
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
        try:
            self._pid = fork_server().spawn(request_r, reply_w, self._home, self.limits.memory_bytes, self.imports)
        finally:
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
        if self._pid is None:
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
            return Reply(error={k: str(error.get(k, ""))[:8000] for k in ("ename", "evalue", "traceback", "origin")})
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

    def kill(self, *, wait: bool = True) -> int | None:
        """Stops the worker and everything it started; returns its exit code (None when not waited for)."""
        pid, self._pid = self._pid, None
        for fd in self._fds:
            if fd >= 0:
                os.close(fd)
        self._fds = (-1, -1)
        code = None
        if pid is not None:
            for kill in (os.killpg, os.kill):  # the group, and the worker itself if it has not made its group yet
                try:
                    kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if wait:
                code = fork_server().wait(pid)
            else:
                fork_server().release(pid)
        if self._home:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = ""
        return code

    def close(self) -> None:
        self.kill(wait=False)
