"""The fork server: a warm process that has imported torch, from which every worker is forked.

A worker started as a fresh Python spends about 2 s importing torch; forked from this process it starts in
milliseconds. The server never runs a torch operation and never initialises CUDA: a process forked after either
can hang (research/performance.md, "Forking a process that imported torch"). It serves the one grader process that
started it, over a Unix socket pair of SOCK_SEQPACKET messages (JSON, with the worker's two pipe ends passed as
file descriptors), and it dies with that grader.

    {"op": "spawn", "home": DIR, "memory": BYTES} + fds (request_r, reply_w)  ->  {"pid": PID}
    {"op": "wait", "pid": PID}                                               ->  {"code": EXIT_CODE}
    {"op": "release", "pid": PID}                                            ->  {}   (reaped later)

`code` follows subprocess: negative for a signal. The forked worker runs in a session of its own (the grader
kills it with its process group), in its own temporary HOME, with the limits that `autograder.worker.run` sets.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import signal
import socket
import sys

MAX_MESSAGE = 64 * 1024
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Asks Linux to SIGKILL this process when its parent exits (no orphans left running)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pipes closing still ends idle workers
        pass


PRELOADED = (
    # what the lessons' notebooks import: imported once here instead of in every worker
    "numpy", "torch.nn", "torch.optim", "torch.utils.data", "torchvision", "torchvision.transforms",
    "sklearn.datasets", "sklearn.model_selection", "sklearn.preprocessing", "matplotlib.pyplot",
)


def _warm_up() -> None:
    import torch

    torch.set_num_threads(1)
    from autograder import lessons, worker  # noqa: F401 - imported once here, inherited by every fork

    for name in (*PRELOADED, *(f"autograder.lessons.{lesson_id}" for lesson_id in lessons.LESSON_IDS)):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a missing optional module or a broken lesson fails in the worker that needs it
            pass


def _become_worker(channel: socket.socket, fds: list[int], request: dict) -> None:
    """In the forked child: leave the server's session and files behind, then serve the grader's requests."""
    from autograder import worker

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
        home = request["home"]
        os.chdir(home)
        os.environ.update({"HOME": home, "TMPDIR": home, "MPLCONFIGDIR": home})
        worker.run(request_fd, reply_fd, int(request["memory"]))
    finally:
        os._exit(0)


def _running(pid: int) -> bool:
    """Reaps the worker if it has exited; whether it still runs."""
    try:
        return os.waitpid(pid, os.WNOHANG)[0] == 0
    except ChildProcessError:
        return False


def serve(channel: socket.socket) -> None:
    released: set[int] = set()
    while True:
        released = {pid for pid in released if _running(pid)}
        try:
            message, fds, _, _ = socket.recv_fds(channel, MAX_MESSAGE, 2)
        except (ConnectionError, OSError):
            return
        if not message:
            return
        request = json.loads(message)
        if request["op"] == "spawn":
            pid = os.fork()
            if pid == 0:
                _become_worker(channel, fds, request)
            for fd in fds:
                os.close(fd)
            reply: dict[str, int | None] = {"pid": pid}
        elif request["op"] == "release":
            released.add(int(request["pid"]))
            reply = {}
        else:
            try:
                _, status = os.waitpid(int(request["pid"]), 0)
                reply = {"code": os.waitstatus_to_exitcode(status)}
            except ChildProcessError:
                reply = {"code": None}
        channel.send(json.dumps(reply).encode())


def main() -> None:
    """Entry point: ``python -I -c BOOT ROOT CHANNEL_FD`` (see autograder.runner)."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle
    channel = socket.socket(fileno=int(sys.argv[2]))
    _warm_up()
    channel.send(b'{"ready": true}')
    serve(channel)
