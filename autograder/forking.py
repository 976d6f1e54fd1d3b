"""The grader's handle on its fork server (`autograder.sandboxed.forkserver`), and the limits of the workers it forks.

Imports no torch, so that a process can start its fork server first and import torch while the server does.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from autograder import sandbox

SERVER_START_SECONDS = 120.0
SERVER_REPLY_SECONDS = 10.0
"""How long a started server may take to answer a request (it answers in microseconds, unless the machine is
overloaded): past it, the server counts as gone and is killed. One that the code of a worker it forked stopped
(SIGSTOP, a debugger) never answers: it counts as gone as soon as it is seen stopped (`_stopped`)."""
STOPPED_POLL_SECONDS = 0.2
SERVER_IMPORT_SECONDS = 60.0
"""More time for a worker's first spawn that makes the server import what the notebook needs (torchvision, sklearn)."""
BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from autograder.sandboxed.forkserver import main; main()"


def worker_environment() -> dict[str, str]:
    """The whole environment of the fork server and its workers (the grader's secrets never reach them)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONHASHSEED": "0",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        "LANG": "C.UTF-8",
        "CUBLAS_WORKSPACE_CONFIG": ":4096:8",  # cuBLAS's deterministic mode, read when a worker first uses CUDA
        **{name: os.environ[name] for name in ("CUDA_VISIBLE_DEVICES",) if name in os.environ},  # the course's GPU
    }


@dataclass(frozen=True)
class Limits:
    """What one submission may use."""

    call_seconds: float = 10.0
    """Wall-clock limit of one call of a student function."""
    cell_seconds: float = 30.0
    """Wall-clock limit of one of the notebook's cells: a cell past it is skipped and the notebook run without it."""
    load_seconds: float = 60.0
    """Wall-clock limit of running the notebook's cells, counting the time lost to skipped cells."""
    memory_bytes: int = 2 * 1024**3
    """Cap on the worker's data segment (heap and private mappings)."""
    processes: int = 256
    """Cap on the processes of the worker's user (fork bombs)."""
    file_bytes: int = 64 * 1024**2
    """Cap on the size of one file the worker writes (the sandbox's /tmp also caps them all together)."""

    def for_worker(self) -> dict[str, int]:
        return {"memory": self.memory_bytes, "processes": self.processes, "file_bytes": self.file_bytes}


class ForkServer:
    """The grader's handle on its fork server (`autograder.sandboxed.forkserver`): started once, in the sandbox, asked for
    each worker. Started `joinable`, the server also listens at `address`, where one other process of the grader
    (a grading process of `autograde --workers N`) `join`s it."""

    def __init__(self, channel: socket.socket, isolation: sandbox.Isolation, process: subprocess.Popen | None = None,
                 folders: tuple[str, ...] = (), address: str | None = None, pid: int | None = None) -> None:
        self.isolation = isolation
        self.address = address
        self._channel = channel
        self._proc = process
        """The server's process, if this handle started it."""
        self.pid = process.pid if process is not None else pid
        """The server's process (bubblewrap's, in a sandbox) in this process's PID namespace: what `abandon` kills."""
        self._folders = folders
        self._ready = False
        self._broken = False
        self._imports_asked: set[str] = set()

    @classmethod
    def start(cls, *, joinable: bool = False) -> ForkServer:
        """Starts a fork server (it gets ready in the background)."""
        isolation = sandbox.isolation()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        passed = [theirs]
        root = str(Path(__file__).resolve().parents[1])  # the workers run this very copy of the grader's code
        # inside the sandbox /tmp is its own; without one, the workers' homes go to a folder of this server's own
        home = "/tmp" if isolation.prefix else tempfile.mkdtemp(prefix="grade-sandbox-")
        folders: tuple[str, ...] = () if isolation.prefix else (home,)
        address = None
        try:
            if joinable:  # a socket in a folder that only this user can open (a short path: sockets' are capped)
                short = None if len(tempfile.gettempdir()) < 64 else "/tmp"
                folders += (tempfile.mkdtemp(prefix="grade-forkserver-", dir=short),)
                address = str(Path(folders[-1]) / "socket")
                passed.append(socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET))
                passed[-1].bind(address)
                passed[-1].listen(1)
            command = [*isolation.prefix, sys.executable, "-I", "-c", BOOT, root, str(theirs.fileno()),
                       str(passed[1].fileno()) if joinable else "-"]
            if isolation.drop_to is not None:
                command.append(str(isolation.drop_to))
            process = subprocess.Popen(
                command,
                pass_fds=[end.fileno() for end in passed],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={**worker_environment(), "HOME": home, "TMPDIR": home,
                     "AUTOGRADER_SCRATCH": os.pathsep.join([home, "/dev/shm"] if isolation.prefix else [home])},
            )
        except BaseException:
            ours.close()
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        finally:
            for end in passed:  # the server holds them now
                end.close()
        return cls(ours, isolation, process, folders, address)

    @classmethod
    def join(cls, address: str, isolation: sandbox.Isolation, pid: int | None = None) -> ForkServer:
        """A handle on the server started joinable at `address` (its process `pid`, which this process kills if it
        stops answering) for this process; its workers die when this process goes.

        Raises OSError: the server is gone."""
        channel = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            channel.connect(address)
        except OSError:
            channel.close()
            raise
        return cls(channel, isolation, pid=pid)

    def _wait_until_ready(self) -> None:
        """The server imports torch and the lessons while the grader does its own start-up work."""
        if self._ready:
            return
        if self._receive(SERVER_START_SECONDS).get("ready") is not True:
            raise RuntimeError("the fork server did not start")
        self._ready = True

    def alive(self) -> bool:
        """Not known to be gone (a server killed a moment ago may not be known yet: see `answers`)."""
        return not self._broken and (self._proc is None or self._proc.poll() is None)

    def answers(self) -> bool:
        """Whether it answers a request now: a server being killed never does, though it takes a while (tens of ms)
        to die, in which its worker may go on and reply."""
        return self._ask({"op": "ping"}) is not None

    def spawn(self, request_fd: int, reply_fd: int, limits: Limits, imports: tuple[str, ...] = ()) -> int:
        """Forks a worker that serves the pipes; returns its pid (in the server's PID namespace).

        Raises OSError: the server is gone, or did not answer in time (it is then killed)."""
        self._wait_until_ready()
        message = json.dumps({"op": "spawn", "limits": limits.for_worker(), "imports": list(imports)}).encode()
        seconds = SERVER_REPLY_SECONDS + (SERVER_IMPORT_SECONDS if set(imports) - self._imports_asked else 0)
        self._imports_asked.update(imports)
        with self._exchange():
            socket.send_fds(self._channel, [message], [request_fd, reply_fd])
            return int(self._receive(seconds)["pid"])

    def stop(self, pid: int) -> int | None:
        """Kills a worker and all it started; its exit code (negative: the signal), None if the server is gone."""
        reply = self._ask({"op": "stop", "pid": pid})
        return None if reply is None else reply.get("code")

    def _ask(self, request: dict) -> dict | None:
        """Its reply; None if it is gone or did not answer in time (killed then, its workers with it): the next
        worker needs a new one."""
        if self._broken:
            return None
        try:
            self._wait_until_ready()
            with self._exchange():
                self._channel.send(json.dumps(request).encode())
                return self._receive(SERVER_REPLY_SECONDS)
        except (OSError, RuntimeError):
            self.abandon()
            return None

    @contextlib.contextmanager
    def _exchange(self) -> Iterator[None]:
        """A request and its reply: interrupted between them (Ctrl-C, no answer in time), every later reply would
        answer the request before it, so this server is used no more, and killed."""
        try:
            yield
        except BaseException:
            self.abandon()
            raise

    def _receive(self, seconds: float) -> dict:
        """The server's next message, within `seconds`, and never from a server seen stopped.

        Raises TimeoutError: no answer in time, or the server is stopped. ConnectionError: it exited."""
        deadline = time.monotonic() + seconds
        while not select.select([self._channel], [], [], min(STOPPED_POLL_SECONDS, max(0.0, deadline - time.monotonic())))[0]:
            if time.monotonic() >= deadline or self._stopped():
                raise TimeoutError("the fork server did not answer")
        message = self._channel.recv(4096)
        if not message:
            raise ConnectionError("the fork server exited")
        return json.loads(message)

    def _stopped(self) -> bool:
        """Whether the server's Python process is stopped (by a signal or a tracer): it will not answer."""
        if self.pid is None:
            return False
        import psutil

        try:
            process = psutil.Process(self.pid)
            while not process.name().startswith("python"):  # bubblewrap's two processes, then the server
                process = process.children()[0]
            return process.status() in (psutil.STATUS_STOPPED, psutil.STATUS_TRACING_STOP)
        except (psutil.Error, IndexError):
            return False

    def abandon(self) -> None:
        """Uses this server no more and kills it with everything it started, whatever state student code left it
        in (stopped, busy, dying): its workers, and what they started, die with it."""
        self._broken = True
        if self.pid is None or (self._proc is not None and self._proc.poll() is not None):
            return
        import psutil

        try:
            server = psutil.Process(self.pid)
            family = [server, *server.children(recursive=True)]
        except psutil.Error:
            return
        for process in family:
            with contextlib.suppress(psutil.Error):
                process.kill()
        if self._proc is not None:
            self._proc.wait()

    def close(self) -> None:
        self._channel.close()
        if self._proc is not None:
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)


_server: ForkServer | None = None
_given: tuple[str, sandbox.Isolation, int | None] | None = None


def use(address: str, isolation: sandbox.Isolation, pid: int | None = None) -> None:
    """Makes this process use the fork server (process `pid`) that the grader started joinable for it at
    `address`."""
    global _given
    _given = (address, isolation, pid)


def fork_server() -> ForkServer:
    """This process's fork server, started on first use (it gets ready in the background) and again if it died; the
    one given to `use` first, as long as it runs."""
    global _server, _given
    if _server is None or not _server.alive():
        try:
            _server = ForkServer.join(*_given) if _given else ForkServer.start()
        except OSError:
            _given = None
            _server = ForkServer.start()
        atexit.register(_server.close)
    return _server
