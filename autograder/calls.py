"""Calling a student function from a check: the reply, or a verdict that ends the check at once.

A function that is not implemented yet, runs past its time limit or kills its worker leaves nothing to compare
or to search further: `call_student` turns those into a `Stop` carrying the check's verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from typing import Any

from autograder.errors import WorkerDied, WorkerTimeout
from autograder.i18n import N_, _
from autograder.results import Counterexample, Verdict
from autograder.runner import Probe, Reply, StandIns, Worker

NOT_IMPLEMENTED_HINT = N_("Replace `raise NotImplementedError()` in the exercise cell with your code.")
LIMIT_HINTS = {
    "time": N_("Look for a loop that never ends or work that grows too fast with the input size."),
    "memory": N_("Your code used more memory than allowed: look for tensors or lists that grow without bound."),
}
CRASH_HINT = N_("Your code stopped the process running it (os._exit, a crash, or a limit).")
GRADER_ONLY_HINT = N_("Your code reached for the grader's own modules or files (its reference answers and checks): "
                      "they are not available to the code being graded. Write the exercise yourself.")
_GRADER_ONLY = re.compile(r"autograder(?![./\\]sandboxed)|\bsolutions\b|\bassignments\b")
_IMPORT_ERRORS = ("ModuleNotFoundError", "ImportError", "FileNotFoundError", "AttributeError")


def reaches_for_the_grader(error: dict[str, str]) -> bool:
    """Whether the student's code failed because it tried to import or open the grader's side (not in its view)."""
    return error["ename"] in _IMPORT_ERRORS and _GRADER_ONLY.search(error["evalue"]) is not None


class Stop(BaseException):
    """Ends a check at once with its verdict (a BaseException, so that no search or student code swallows it)."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.status)
        self.verdict = verdict


def call_student(
    worker: Worker,
    function: str,
    args: tuple,
    *,
    inputs: Callable[[], dict[str, str]],
    probe: Probe | None = None,
    replace: StandIns | None = None,
    seconds: float | None = None,
) -> Reply:
    """Calls `function` in the worker; `inputs()` describes the arguments, only for the verdict of a stopped call.

    Raises:
        Stop: not implemented yet, past the time limit, or the worker died.
    """
    return _answered(function, lambda: worker.call(function, args, probe=probe, replace=replace, seconds=seconds),
                     inputs)


def call_student_on_each(
    worker: Worker,
    function: str,
    arglists: Sequence[tuple],
    *,
    describe: Callable[[tuple], dict[str, str]],
    probe: Probe | None = None,
    replace: StandIns | None = None,
) -> Generator[Reply, None, None]:
    """`call_student` on each argument tuple in turn, the calls pipelined (see `Worker.calls`).

    Raises:
        Stop: at the first call that is not implemented yet, runs past the time limit or kills the worker.
    """
    with closing(worker.calls(function, arglists, probe=probe, replace=replace)) as replies:
        for args in arglists:
            yield _answered(function, lambda: next(replies), lambda: describe(args))  # noqa: B023 - called at once


def _answered(function: str, call: Callable[[], Reply], inputs: Callable[[], dict[str, str]]) -> Reply:
    try:
        reply = call()
    except WorkerTimeout as exc:
        raise Stop(_limit_verdict("timeout", exc, inputs())) from None
    except WorkerDied as exc:
        raise Stop(_limit_verdict("crashed", exc, inputs())) from None
    if reply.not_implemented:
        raise Stop(Verdict("not_implemented", message=_("{function}() is not implemented yet").format(function=function),
                           hint=NOT_IMPLEMENTED_HINT))
    if reply.error and reaches_for_the_grader(reply.error):
        raise Stop(Verdict("error", message=_("{function}() raised {ename}: {evalue}").format(
                               function=function, ename=reply.error["ename"], evalue=reply.error["evalue"]),
                           hint=GRADER_ONLY_HINT, traceback=reply.error["traceback"]))
    return reply


def _limit_verdict(status: Any, exc: WorkerTimeout | WorkerDied, inputs: dict[str, str]) -> Verdict:
    what = "time" if status == "timeout" else (exc.limit or "worker")
    example = Counterexample(inputs=inputs, expected="", received=str(exc))
    return Verdict(status, message=str(exc), hint=LIMIT_HINTS.get(what, CRASH_HINT), counterexample=example)
