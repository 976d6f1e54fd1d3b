"""The fork server: a warm process that has imported torch, from which every worker is forked.

A worker started as a fresh Python spends about 2 s importing torch; forked from this process it starts in
milliseconds. The server never runs a torch operation and never initialises CUDA: a process forked after either
can hang (research/performance.md, "Forking a process that imported torch"). It serves the one grader process that
started it, over a Unix socket pair of SOCK_SEQPACKET messages (JSON, with the worker's two pipe ends passed as
file descriptors), and it dies with that grader. Given a listening socket too, it serves the first process that
connects to it as well (a grading process of `autograde --workers N`: the grader starts a server, in a sandbox of
its own, for each), greets it with `{"ready": true}` and stops listening; that process's workers die when it goes.

    {"op": "spawn", "limits": {...}, "imports": [MODULE, ...]} + fds (request_r, reply_w)  ->  {"pid": PID}
    {"op": "stop", "pid": PID}                                                    ->  {"code": EXIT_CODE}
    {"op": "ping"}                                                                ->  {}

`code` follows subprocess: negative for a signal. The forked worker runs in a session of its own, in a fresh
temporary HOME, with the limits that `autograder.sandboxed.worker.run` sets. The server runs in the sandbox of
`autograder.sandbox` (where the machine allows it) and is the "child subreaper" of its workers: whatever a worker
starts, even in a session of its own, becomes the server's child when the worker dies, and `stop` kills it all.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import selectors
import shutil
import signal
import socket
import sys
import tempfile

MAX_MESSAGE = 64 * 1024
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36


def _prctl(option: int, value: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value)
    except (OSError, AttributeError):  # not Linux: the pipes closing still ends idle workers
        pass


def die_with_parent() -> None:
    """Asks Linux to SIGKILL this process when its parent exits (no orphans left running)."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def drop_privileges(uid: int) -> None:
    """Started as root inside the sandbox: become `uid` for good, before any other code runs."""
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


IMPORTABLE = (
    # what the lessons' notebooks import: imported here when a worker's notebook first needs it, then inherited by
    # every later worker instead of imported in each (torchvision and sklearn take seconds; torch._dynamo, which the
    # first optimizer of a process imports, about 2 s); a module of the student's choosing never is
    "torch.nn", "torch.optim", "torch._dynamo", "torch.utils.data", "hypothesis", "torchvision", "torchvision.transforms",
    "sklearn.datasets", "sklearn.model_selection", "sklearn.preprocessing", "matplotlib.pyplot",
)


COMPANIONS = {"torch.optim": ("torch._dynamo",)}
"""Modules that a module imports lazily on first use (the first optimizer of a process imports torch._dynamo)."""


def _essentials() -> None:
    """What every worker needs: imported before the server says it is ready."""
    import torch

    torch.set_num_threads(1)
    # the first backward() given a gradient (a vector-Jacobian product) imports these, and sympy: 0.5 s a worker
    import torch.fx.experimental.symbolic_shapes  # noqa: F401

    from autograder.sandboxed import worker  # noqa: F401 - inherited by every fork


def _importable() -> set[str]:
    """The lessons' probe modules, and what their notebooks import."""
    import pkgutil

    from autograder.sandboxed import probes

    return {*(f"{probes.__name__}.{m.name}" for m in pkgutil.iter_modules(probes.__path__)), *IMPORTABLE}


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception:  # noqa: BLE001 - a missing optional module or a broken lesson fails in the worker that needs it
        pass


def _become_worker(channel: socket.socket, fds: list[int], home: str, request: dict) -> None:
    """In the forked child: leave the server's session and files behind, then serve the grader's requests."""
    from autograder.sandboxed import worker

    try:
        channel.close()
        os.setsid()
        die_with_parent()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        request_fd, reply_fd = fds
        for fd in {int(name) for name in os.listdir("/proc/self/fd")} - {0, 1, 2, request_fd, reply_fd}:
            try:
                os.close(fd)
            except OSError:  # the listing's own descriptor, already closed
                pass
        os.chdir(home)
        os.environ.update({"HOME": home, "TMPDIR": home, "MPLCONFIGDIR": home})
        worker.run(request_fd, reply_fd, request["limits"])
    finally:
        os._exit(0)


READY = b'{"ready": true}'


class Server:
    """The workers this server forked (their pid, HOME and the process that asked for them), and the requests of
    its grader and of the one process that may join it."""

    def __init__(self, channel: socket.socket, importable: set[str], listener: socket.socket | None = None) -> None:
        self.channel = channel
        self.listener = listener
        self.importable = importable
        """Modules not imported yet that a worker's notebook may have imported here before the fork."""
        self.workers: dict[int, tuple[str, socket.socket]] = {}

    def serve(self) -> None:
        """Answers the requests of the grader and of the process that joined until the grader goes away."""
        selector = selectors.DefaultSelector()
        for channel in (self.channel, self.listener):
            if channel is not None:
                selector.register(channel, selectors.EVENT_READ)
        try:
            while True:
                for key, _ in selector.select():
                    asking = key.fileobj
                    assert isinstance(asking, socket.socket)
                    if asking is self.listener:
                        self._greet(selector)
                    elif not self._answer(asking):
                        if asking is self.channel:
                            return
                        selector.unregister(asking)
                        self._forget(asking)
        finally:
            for pid in list(self.workers):
                self.stop(pid)

    def _greet(self, selector: selectors.BaseSelector) -> None:
        """The first process to connect joins; then this server stops listening (one sandbox per grading process)."""
        assert self.listener is not None
        try:
            joined, _ = self.listener.accept()
        except OSError:  # gone before it was accepted
            return
        selector.unregister(self.listener)
        self.listener.close()  # before the greeting: once greeted, nobody else can join
        self.listener = None
        try:
            joined.send(READY)
        except OSError:  # gone before it was greeted
            joined.close()
            return
        selector.register(joined, selectors.EVENT_READ)

    def _answer(self, channel: socket.socket) -> bool:
        """Answers one request; False when the asking process has gone away."""
        try:
            message, fds, _, _ = socket.recv_fds(channel, MAX_MESSAGE, 2)
        except (ConnectionError, OSError):
            return False
        if not message:
            return False
        request = json.loads(message)
        if request["op"] == "spawn":
            reply = self.spawn(request, fds, channel)
        elif request["op"] == "ping":
            reply = {}
        else:
            reply = self.stop(int(request["pid"]), channel)
        try:
            channel.send(json.dumps(reply).encode())
        except OSError:
            return False
        return True

    def _forget(self, joined: socket.socket) -> None:
        """The process that joined went away: its workers are stopped."""
        for pid, (_, asked_by) in list(self.workers.items()):
            if asked_by is joined:
                self.stop(pid)
        joined.close()

    def spawn(self, request: dict, fds: list[int], asked_by: socket.socket) -> dict:
        named = request.get("imports", [])
        wanted = {*named, *(companion for name in named for companion in COMPANIONS.get(name, ()))}
        for name in sorted(self.importable & wanted):
            self.importable.remove(name)
            _import(name)
        home = tempfile.mkdtemp(prefix="grade-worker-")
        pid = os.fork()
        if pid == 0:
            _become_worker(self.channel, fds, home, request)
        self.workers[pid] = (home, asked_by)
        for fd in fds:
            os.close(fd)
        return {"pid": pid}

    def stop(self, pid: int, asked_by: socket.socket | None = None) -> dict:
        """Kills the worker, its process group and every process it left behind; removes its HOME. A process stops
        only the workers it asked for (None: any)."""
        if pid not in self.workers or asked_by not in (None, self.workers[pid][1]):  # never signal a pid that may
            return {"code": None}                                                    # belong to someone else
        for kill in (os.killpg, os.kill):  # the group, and the worker itself if it has not made its group yet
            try:
                kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            code: int | None = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        except ChildProcessError:
            code = None
        self._kill_strays()
        shutil.rmtree(self.workers.pop(pid)[0], ignore_errors=True)
        self._wipe_scratch()
        return {"code": code}

    def _wipe_scratch(self) -> None:
        """Removes what stopped workers left in the folders they can write (AUTOGRADER_SCRATCH: the sandbox's /tmp
        and /dev/shm): a file kept there would reach the next worker, of a later check or of the next student this
        server grades (a stand-in's source, copied out). The homes of the workers still running are kept."""
        running = {home for home, _ in self.workers.values()}
        for folder in filter(None, os.environ.get("AUTOGRADER_SCRATCH", "").split(os.pathsep)):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.path in running:
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path, ignore_errors=True)
                    else:
                        os.unlink(entry.path)
                except OSError:
                    pass

    def _kill_strays(self) -> None:
        """Kills the children that are not workers: what dead workers started, handed to this subreaper. Repeats
        until none is left, since a stray's own children come to the server when it dies."""
        import psutil

        while strays := [p for p in psutil.Process().children() if p.pid not in self.workers]:
            for stray in strays:
                try:
                    stray.kill()
                    os.waitpid(stray.pid, 0)
                except (psutil.Error, ChildProcessError, OSError):
                    pass


def main() -> None:
    """Entry point: ``python -I -c BOOT ROOT CHANNEL_FD LISTENER_FD|- [UID]`` (see autograder.forking)."""
    if len(sys.argv) > 4:
        drop_privileges(int(sys.argv[4]))
    die_with_parent()
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _prctl(PR_SET_DUMPABLE, 0)  # no worker can trace it or read its memory
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle
    channel = socket.socket(fileno=int(sys.argv[2]))
    listener = None if sys.argv[3] == "-" else socket.socket(fileno=int(sys.argv[3]))
    _essentials()
    channel.send(READY)
    Server(channel, _importable(), listener).serve()
    os._exit(0)  # its workers are gone and nothing is left to write: tearing torch down would only delay the grader
