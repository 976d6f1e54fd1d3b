"""Property checks: hypothesis draws inputs, the student's function runs in the worker, the oracle here.

A failing check reports hypothesis's shrunk, minimal counterexample: the inputs, the expected value and the
value received. When the student's answer on that counterexample (and on the check's worked examples) is
exactly what a known mistake would give, the hint names that mistake. Searches are derandomized and use no
example database, so the same submission always gets the same counterexample.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from autograder.compare import agree, difference, show
from autograder.errors import WorkerDied, WorkerTimeout
from autograder.results import Counterexample, Verdict
from autograder.rubric import Check
from autograder.runner import Reply, Worker

MAX_EXAMPLES = 100
SEARCH = settings(
    max_examples=MAX_EXAMPLES,
    database=None,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    verbosity=Verbosity.quiet,
    phases=(Phase.generate, Phase.shrink),
)
NOT_IMPLEMENTED_HINT = "Replace `raise NotImplementedError()` in the exercise cell with your code."


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: what code with this mistake returns, and the hint that names it."""

    hint: str
    returns: Callable[..., Any]


class _Stop(BaseException):
    """Ends a search at once (not implemented, time limit, crash): nothing to shrink."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.status)
        self.verdict = verdict


@dataclass
class _Outcome:
    args: tuple
    reply: Reply
    expected: Any
    problem: str | None


def property_check(
    *,
    id: str,
    points: float,
    title: str,
    function: str,
    argnames: Sequence[str],
    oracle: Callable[..., Any],
    inputs: st.SearchStrategy[tuple] | None = None,
    examples: Sequence[tuple] = (),
    mistakes: Sequence[Mistake] = (),
    hint: str = "",
    probe: str | None = None,
    replace: dict[str, str] | None = None,
    hidden: bool = False,
    rtol: float | None = None,
    atol: float | None = None,
    exact_dtype: bool = False,
) -> Check:
    """A check that the student's `function` agrees with `oracle` on the examples and on drawn inputs.

    Args:
        argnames: names of the arguments, for the counterexample.
        oracle: computes the expected value (or the expected observation, with a probe) from the arguments.
        inputs: strategy of argument tuples; None checks the examples only.
        examples: argument tuples tried first, in order (the course's worked examples).
        mistakes: known wrong answers and their hints, tried on a failure.
        hint: the hint when no known mistake explains the failure.
        probe: 'hwNN:name' of a trusted function run in the worker as probe(student_fn, *args), returning
            observations instead of the student's return value.
        replace: student globals replaced during the call by trusted 'hwNN:name' functions, so that this
            check does not depend on the student's other exercises.
        rtol, atol, exact_dtype: tolerances for `autograder.compare.difference` (default: by dtype).
    """
    tolerance: dict[str, Any] = {"rtol": rtol, "atol": atol, "exact_dtype": exact_dtype}

    def attempt(worker: Worker, args: tuple) -> _Outcome:
        try:
            reply = worker.call(function, args, probe=probe, replace=replace)
        except WorkerTimeout as exc:
            raise _Stop(_limit_verdict("timeout", exc, argnames, args)) from None
        except WorkerDied as exc:
            raise _Stop(_limit_verdict("crashed", exc, argnames, args)) from None
        if reply.not_implemented:
            raise _Stop(Verdict("not_implemented", message=f"{function}() is not implemented yet", hint=NOT_IMPLEMENTED_HINT))
        expected = oracle(*args)
        if reply.error:
            return _Outcome(args, reply, expected, f"raised {reply.error['ename']}: {reply.error['evalue']}")
        return _Outcome(args, reply, expected, difference(expected, reply.value, **tolerance))

    def diagnose(worker: Worker, failure: _Outcome) -> str:
        if failure.reply.error:
            return hint
        witnesses = [failure] + [attempt(worker, ex) for ex in examples]
        for mistake in mistakes:
            if all(w.reply.error is None and agree(mistake.returns(*w.args), w.reply.value, **tolerance) for w in witnesses):
                return mistake.hint
        return hint

    def verdict(worker: Worker, failure: _Outcome) -> Verdict:
        call = f"{function}({', '.join(argnames)})"
        example = Counterexample(
            inputs={name: show(value) for name, value in zip(argnames, failure.args)},
            expected=show(failure.expected),
            received=(f"{failure.reply.error['ename']}: {failure.reply.error['evalue']}" if failure.reply.error
                      else show(failure.reply.value)),
        )
        if failure.reply.error:
            return Verdict("error", message=f"{call} {failure.problem}", hint=hint, counterexample=example,
                           traceback=failure.reply.error["traceback"])
        return Verdict("failed", message=f"{call}: {failure.problem}", hint=diagnose(worker, failure),
                       counterexample=example)

    def run(worker: Worker) -> Verdict:
        try:
            if inputs is not None:
                try:
                    found = find(inputs, lambda args: attempt(worker, args).problem is not None, settings=SEARCH)
                    return verdict(worker, attempt(worker, found))
                except NoSuchExample:
                    pass
            for args in examples:
                outcome = attempt(worker, args)
                if outcome.problem:
                    return verdict(worker, outcome)
            return Verdict.passed()
        except _Stop as stop:
            return stop.verdict

    return Check(id=id, points=points, title=title, function=function, run=run, hidden=hidden)


def _limit_verdict(status: str, exc: WorkerTimeout | WorkerDied, argnames: Sequence[str], args: tuple) -> Verdict:
    what = "time" if status == "timeout" else (exc.limit or "worker")
    hint = {
        "time": "Look for a loop that never ends or work that grows too fast with the input size.",
        "memory": "Your code used more memory than allowed: look for tensors or lists that grow without bound.",
    }.get(what, "Your code stopped the process running it (os._exit, a crash, or a limit).")
    example = Counterexample(inputs={n: show(v) for n, v in zip(argnames, args)}, expected="", received=str(exc))
    return Verdict(status, message=str(exc), hint=hint, counterexample=example)  # type: ignore[arg-type]


__all__ = ["property_check", "Mistake", "MAX_EXAMPLES"]
