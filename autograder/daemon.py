"""The warm grading process: serves `grade submit` and `check()` so that neither pays for starting Python and torch.

Started by the first client that needs it, detached; it listens on a Unix socket in a folder that only its user can
open; grades one request at a time, each submission in a fresh worker forked from its warm fork server (no state is
shared between two gradings); exits after `IDLE_SECONDS` without a request, and when a client of another version of
the package asks it to (the client then starts a new one).

One request per connection, a JSON line; the replies are JSON lines:

    {"op": "grade", "version": V, "lesson": ID, "notebook": PATH, "cells": {POSITION: SOURCE} | null,
     "exercise": NAME | null, "seed": N, "device": D, "data_root": PATH | null,
     "full_data": BOOL}
        -> {"check": CHECK_RESULT}*  then  {"results": RESULTS} | {"error": {"type": NAME, "args": [...]}} | {"stale": true}
    {"op": "warm", "version": V, "lesson": ID}     (draws the inputs of the lesson's public checks)
        -> {"ready": true} | {"error": ...} | {"stale": true}
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

from autograder import errors
from autograder.i18n import LANGUAGES
from autograder.results import CheckResult, Results
from autograder.version import version

IDLE_SECONDS = float(os.environ.get("AUTOGRADER_DAEMON_IDLE", 900))
START_SECONDS = 60.0


class Unavailable(Exception):
    """The daemon cannot be used here (no private folder, it would not start, it died): grade in this process."""


def enabled() -> bool:
    return os.environ.get("AUTOGRADER_DAEMON", "1").lower() not in ("0", "off", "no", "false")


def runtime_dir() -> Path:
    """A folder only this user can open: AUTOGRADER_RUNTIME_DIR, else $XDG_RUNTIME_DIR or /tmp, per user."""
    base = os.environ.get("AUTOGRADER_RUNTIME_DIR")
    folder = Path(base) if base else Path(os.environ.get("XDG_RUNTIME_DIR") or "/tmp") / f"dl-autograder-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError as e:
        raise Unavailable(f"cannot make {folder}: {e.strerror}") from None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
        raise Unavailable(f"{folder} is not a private folder of this user")
    return folder


# ---- the client ----------------------------------------------------------------------------------------------


def grade(
    lesson: str,
    notebook: Path,
    *,
    cells: dict[int, str] | None = None,
    exercise: str | None = None,
    seed: int = 0,
    device: str = "auto",
    data_root: Path | None = None,
    full_data: bool = False,
    language: str = "en",
    on_check: Callable[[CheckResult], None] | None = None,
) -> Results:
    """Grades through the daemon, starting it if needed.

    Raises:
        The engine's errors for bad input (BadSubmission, UnknownLesson, ...), as grading in this process would.
        Unavailable: the daemon cannot be used; the caller grades in this process.
    """
    request = {"op": "grade", "version": version(), "lesson": lesson, "notebook": str(notebook), "cells": cells,
               "exercise": exercise, "seed": seed, "device": device, "data_root": str(data_root) if data_root else None,
               "full_data": full_data, "language": language}
    for reply in _replies(request):
        if "check" in reply and on_check:
            on_check(CheckResult.from_dict(reply["check"]))
        elif "results" in reply:
            return Results.from_dict(reply["results"])
        elif "error" in reply:
            raise _error(reply["error"])
    raise Unavailable("the grading daemon stopped before it answered")


def warm(lesson: str) -> None:
    """Starts the daemon if needed and has it prepare the lesson's public checks (their drawn inputs), so that a
    first check of the lesson answers quickly; returns when they are ready.

    Raises:
        UnknownLesson: no such lesson.
        Unavailable: the daemon cannot be used.
    """
    for reply in _replies({"op": "warm", "version": version(), "lesson": lesson}):
        if "error" in reply:
            raise _error(reply["error"])
        return


def _replies(request: dict) -> Iterator[dict]:
    """The replies to `request` of a daemon of this version. One of another version exits and a new one starts; so
    does one that closes the connection before any reply (it was exiting when the request came: the other request
    of a `check.prepare` racing a first `check()` after an upgrade)."""
    for _ in range(2):
        replied = False
        with _connection() as channel:
            channel.sendall(json.dumps(request).encode() + b"\n")
            try:
                for line in channel.makefile("rb"):
                    reply = json.loads(line)
                    if reply.get("stale"):
                        break
                    replied = True
                    yield reply
            except ConnectionResetError:
                if replied:
                    raise
            if replied:
                return
        _wait_gone()
    raise Unavailable("the grading daemon did not answer: it stopped, or it is of another version")


@contextlib.contextmanager
def _connection() -> Iterator[socket.socket]:
    path = runtime_dir() / "grader.sock"
    channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        try:
            channel.connect(str(path))
        except OSError:
            _start(path)
            channel.connect(str(path))
        yield channel
    except OSError as e:
        raise Unavailable(f"the grading daemon cannot be reached ({e})") from None
    finally:
        channel.close()


def _start(path: Path) -> None:
    """Starts the daemon (one at a time: a lock beside the socket) and waits until it listens."""
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _listening(path):
            return
        log = open(path.with_suffix(".log"), "ab")  # noqa: SIM115 - handed to the daemon
        subprocess.Popen([sys.executable, "-m", "autograder.daemon", str(path)], stdin=subprocess.DEVNULL,
                         stdout=log, stderr=log, start_new_session=True, close_fds=True, cwd="/")
        log.close()
        deadline = time.monotonic() + START_SECONDS
        while not _listening(path):
            if time.monotonic() > deadline:
                raise Unavailable(f"the grading daemon did not start within {START_SECONDS:g} s (see {log.name})")
            time.sleep(0.02)


def _listening(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
            return True
        except OSError:
            return False


def _wait_gone() -> None:
    path = runtime_dir() / "grader.sock"
    deadline = time.monotonic() + 10
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def _error(data: dict) -> Exception:
    kind = getattr(errors, str(data.get("type")), None)
    if isinstance(kind, type) and issubclass(kind, errors.GradingError):
        return kind(*data.get("args", []))
    return Unavailable(f"the grading daemon failed: {data.get('type')}: {data.get('args')}")


def stop() -> bool:
    """Asks a running daemon to exit; whether one was running."""
    try:
        path = runtime_dir() / "grader.sock"
    except Unavailable:
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
        try:
            channel.connect(str(path))
            channel.sendall(b'{"op": "stop"}\n')
            channel.recv(1)
        except OSError:
            return False
    _wait_gone()
    return True


# ---- the daemon ----------------------------------------------------------------------------------------------


def serve(path: Path) -> None:
    """Listens on `path` until idle for IDLE_SECONDS or asked to stop."""
    from autograder.forking import fork_server

    mine = version()
    fork_server()  # imports torch in its sandbox while this process imports it too (on two cores, at once)
    import autograder.grading  # noqa: F401 - imported before the first request, not during it

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    listener.bind(str(path))
    listener.listen(16)
    listener.settimeout(IDLE_SECONDS)
    try:
        while True:
            try:
                channel, _ = listener.accept()
            except TimeoutError:
                return
            with channel:
                if not _answer(channel, mine):
                    return
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        listener.close()


def _answer(channel: socket.socket, mine: str) -> bool:
    """Answers one request; False when the daemon should exit."""
    channel.settimeout(30)
    try:
        request = json.loads(channel.makefile("rb").readline() or b"{}")
    except (OSError, ValueError):
        return True
    if not isinstance(request, dict) or request.get("op") not in ("grade", "warm", "stop"):
        return True  # a client checking that the daemon listens, or noise
    channel.settimeout(None)
    if request.get("op") == "stop":
        with contextlib.suppress(OSError):
            channel.sendall(b"{}\n")
        return False
    if request.get("version") != mine:
        with contextlib.suppress(OSError):
            channel.sendall(b'{"stale": true}\n')
        return False

    def send(message: dict) -> None:
        with contextlib.suppress(OSError):  # the client went away (Ctrl-C): finish, answer nobody
            channel.sendall(json.dumps(message).encode() + b"\n")

    try:
        if request["op"] == "warm":
            _warm(str(request.get("lesson")))
            send({"ready": True})
        else:
            results = _grade(request, lambda check: send({"check": asdict(check)}))
            send({"results": results.to_dict()})
    except errors.GradingError as e:
        send({"error": {"type": type(e).__name__, "args": list(e.__reduce__()[1])}})  # type: ignore[index]
    except Exception as e:  # noqa: BLE001 - the client grades in its own process instead
        send({"error": {"type": type(e).__name__, "args": [str(e)]}})
    return True


def _warm(lesson_id: str) -> None:
    from autograder import lessons
    from autograder.grading import draw_inputs

    lesson = lessons.get(lesson_id)
    draw_inputs((c for c in lesson.checks if not c.hidden), lesson.id)


def _grade(request: dict, on_check: Callable[[CheckResult], None]) -> Results:
    from autograder.grading import grade
    from autograder.notebook import submission_of
    from autograder.rubric import Context

    notebook = Path(request["notebook"])
    cells = request.get("cells")
    target = submission_of(notebook, {int(k): v for k, v in cells.items()}) if cells is not None else notebook
    context = Context(data_root=Path(request["data_root"]) if request.get("data_root") else None,
                      device=request.get("device", "auto"), full_data=bool(request.get("full_data")),
                      language=str(request.get("language")) if request.get("language") in LANGUAGES else "en")
    return grade(target, request["lesson"], seed=int(request.get("seed", 0)), context=context,
                 exercise=request.get("exercise"), on_check=on_check)


def main() -> None:
    """Entry point: ``python -m autograder.daemon SOCKET``."""
    os.chdir("/")
    serve(Path(sys.argv[1]))


if __name__ == "__main__":
    main()
