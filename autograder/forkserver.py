"""The fork server: a warm process that has imported torch, from which every worker is forked.

A worker started as a fresh Python spends about 2 s importing torch; forked from this process it starts in
milliseconds. The server never runs a torch operation and never initialises CUDA: a process forked after either
can hang (research/performance.md, "Forking a process that imported torch"). It serves the one grader process that
started it, over a Unix socket pair of SOCK_SEQPACKET messages (JSON, with the worker's two pipe ends passed as
file descriptors), and it dies with that grader.

    {"op": "spawn", "home": DIR, "memory": BYTES, "imports": [MODULE, ...]} + fds (request_r, reply_w)  ->  {"pid": PID}
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
import select
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
    # what the lessons' notebooks import: imported once here, while the server has nothing else to do, instead of
    # in every worker (torchvision and sklearn take seconds)
    "torch.nn", "torch.optim", "torch.utils.data", "hypothesis", "torchvision", "torchvision.transforms",
    "sklearn.datasets", "sklearn.model_selection", "sklearn.preprocessing", "matplotlib.pyplot",
)


def _essentials() -> None:
    """What every worker needs: imported before the server says it is ready."""
    import torch

    torch.set_num_threads(1)
    from autograder import worker  # noqa: F401 - inherited by every fork


def _preload_queue() -> list[str]:
    from autograder import lessons

    return [*(f"autograder.lessons.{lesson_id}" for lesson_id in lessons.LESSON_IDS), *PRELOADED]


def _preload(name: str) -> None:
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


def serve(channel: socket.socket, preload: list[str]) -> None:
    """Answers the grader's requests. Once a grader has asked for a second worker (it grades several notebooks),
    the server imports the next module of `preload` whenever no request waits; a one-off grading is not slowed."""
    released: set[int] = set()
    spawned = 0
    while True:
        released = {pid for pid in released if _running(pid)}
        if spawned >= 2 and preload and not select.select([channel], [], [], 0)[0]:
            _preload(preload.pop(0))
            continue
        try:
            message, fds, _, _ = socket.recv_fds(channel, MAX_MESSAGE, 2)
        except (ConnectionError, OSError):
            return
        if not message:
            return
        request = json.loads(message)
        if request["op"] == "spawn":
            wanted = set(request.get("imports", []))
            for name in [name for name in preload if name in wanted]:  # only modules it preloads anyway
                preload.remove(name)
                _preload(name)
            pid = os.fork()
            if pid == 0:
                _become_worker(channel, fds, request)
            spawned += 1
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
    _essentials()
    channel.send(b'{"ready": true}')
    serve(channel, _preload_queue())
