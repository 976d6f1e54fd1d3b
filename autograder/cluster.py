"""Grading a class on a Dask distributed cluster: `grade autograde hwNN --scheduler ADDRESS`.

The cluster is one more `concurrent.futures.Executor` for `autograder.autograde`, beside the local process pool;
only where a submission is graded changes. Each task carries the notebook's bytes (the workers need no shared file
system) and runs on a Dask worker, which grades it exactly as a local pool process does: the Dask worker process
starts its own fork server, and every submission runs sandboxed in a worker forked from it, one at a time per
Dask worker process. The results come back as data; the instructor's machine records them in the course.

The workers must run the same dl-autograder (and torch) as the instructor's machine, installed with the `dask`
extra; `connect` checks the version of the workers already there.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future
from typing import Any

from autograder.errors import ClusterUnavailable
from autograder.i18n import _
from autograder.version import version

CONNECT_SECONDS = 10.0
"""How long to try reaching the scheduler before saying it cannot be reached."""


def connect(address: str) -> DaskExecutor:
    """An executor whose tasks run on the Dask cluster whose scheduler is at `address` (tcp://host:8786).

    Raises:
        ClusterUnavailable: Dask is not installed, the scheduler cannot be reached, or its workers cannot grade.
    """
    try:
        from distributed import Client
    except ImportError:
        raise ClusterUnavailable(_("--scheduler needs Dask on this machine and on the workers: "
                                   "pip install 'dl-autograder[dask]'")) from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except Exception as e:  # noqa: BLE001 - a wrong address, a scheme Dask does not know, no answer in time
        raise ClusterUnavailable(_("no Dask scheduler reachable at {address} ({error})").format(
            address=repr(address), error=_one_line(e))) from None
    try:
        _check_workers(client)
    except BaseException:
        client.close()
        raise
    return DaskExecutor(client)


def _check_workers(client: Any) -> None:
    """The workers that are there import this grader, at this version (later ones are not checked)."""
    ours = version()
    try:
        theirs = client.run(version)
    except Exception as e:  # noqa: BLE001 - the workers cannot unpickle a function of this package
        raise ClusterUnavailable(_("the Dask workers at {address} cannot run the grader ({error}); install "
                                   "dl-autograder[dask] on them").format(address=client.scheduler.address,
                                                                         error=_one_line(e))) from None
    other = sorted({v for v in theirs.values() if v != ours})
    if other:
        raise ClusterUnavailable(_("the Dask workers run dl-autograder {theirs}, this machine {ours}: grade with the "
                                   "same version everywhere").format(theirs=", ".join(other), ours=ours))


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


class DaskExecutor(Executor):
    """A Dask client as an Executor: `submit` runs the call on a worker; `shutdown` lets go of the cluster.

    Every task is its own (never merged with an identical one); a worker that dies is replaced by Dask, which
    retries its task elsewhere, and a task that keeps killing workers fails with Dask's KilledWorker.
    """

    def __init__(self, client: Any) -> None:
        self._client = client
        self._executor = client.get_executor(pure=False)

    @property
    def address(self) -> str:
        return str(self._client.scheduler.address)

    def submit(self, fn, /, *args, **kwargs) -> Future:  # type: ignore[override]
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            self._executor.shutdown(wait=wait and not cancel_futures)  # wait=False cancels what is still queued
        finally:
            self._client.close()
