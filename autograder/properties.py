"""Property checks: hypothesis draws inputs, the student's function runs in the worker, the oracle here.

A failing check reports hypothesis's shrunk, minimal counterexample: the inputs, the expected value and the
value received. When the student's answer on that counterexample (and on the check's worked examples) is
exactly what a known mistake would give, the hint names that mistake. Searches are derandomized and use no
example database, so the same submission always gets the same counterexample.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from autograder import plans
from autograder.calls import Stop, call_student, call_student_on_each
from autograder.compare import agree, difference, show
from autograder.results import Counterexample, Verdict
from autograder.rubric import Check, Context
from autograder.runner import Probe, Reply, StandIns, Worker
from autograder.sandboxed import wire

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


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: what code with this mistake returns, or what its answer shows, and the hint that names it.
    """

    hint: str | Callable[[Any], str]
    """The hint, or a function of the student's answer that writes it (to name what the answer shows)."""
    returns: Callable[..., Any] | None = None
    """What code with this mistake returns, given the arguments."""
    shows: Callable[[Any], bool] | None = None
    """Whether the student's answer itself shows the mistake (an observation of a probe), whatever the arguments."""

    def hint_for(self, answer: Any) -> str:
        return self.hint(answer) if callable(self.hint) else self.hint


@dataclass
class _Outcome:
    args: tuple
    reply: Reply
    expected: Any
    problem: str | None


@dataclass(frozen=True)
class _Plan:
    """The calls a check makes when every answer is right: the inputs hypothesis draws (always the same ones, as
    the search is derandomized), then the worked examples; each with its expected value."""

    calls: list[tuple[tuple, Any, str]]
    """Arguments, expected value, and the arguments' key (`_key`)."""
    drawn: int


def _drawn(inputs: st.SearchStrategy[tuple], search: settings) -> list[tuple]:
    """The inputs hypothesis tries, in order, when none of them fails."""
    tried: list[tuple] = []

    def fails(args: tuple) -> bool:
        tried.append(args)
        return False

    try:
        find(inputs, fails, settings=search)
    except NoSuchExample:
        pass
    return tried


def _key(args: tuple) -> str:
    """Arguments as the worker receives them: equal keys, the same call."""
    return json.dumps(wire.encode(list(args)))


def _same(mistake: Mistake, witness: _Outcome, tolerance: dict[str, Any]) -> bool:
    """Whether the student's answer is what the mistake gives (a mistake that cannot be computed here is not it)."""
    try:
        if mistake.shows is not None:
            return mistake.shows(witness.reply.value)
        assert mistake.returns is not None
        return agree(mistake.returns(*witness.args), witness.reply.value, **tolerance)
    except Exception:  # noqa: BLE001 - e.g. a mistake defined only for some shapes
        return False


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
    probe: Probe | None = None,
    replace: StandIns | None = None,
    hidden: bool = False,
    rtol: float | None = None,
    atol: float | None = None,
    exact_dtype: bool = False,
    max_examples: int = MAX_EXAMPLES,
) -> Check:
    """A check that the student's `function` agrees with `oracle` on the examples and on drawn inputs.

    Args:
        argnames: names of the arguments, for the counterexample.
        oracle: computes the expected value (or the expected observation, with a probe) from the arguments.
        inputs: strategy of argument tuples; None checks the examples only.
        examples: argument tuples tried first, in order (the course's worked examples).
        mistakes: known wrong answers and their hints, tried on a failure.
        hint: the hint when no known mistake explains the failure.
        probe: a trusted function of `autograder.sandboxed.probes`, run in the worker as probe(student_fn, *args),
            returning observations instead of the student's return value.
        replace: student globals replaced during the call by trusted stand-ins (`autograder.runner.StandIns`), so
            that this check does not depend on the student's other exercises.
        rtol, atol, exact_dtype: tolerances for `autograder.compare.difference` (default: by dtype).
        max_examples: drawn inputs tried before the check passes (fewer only for checks whose every call is costly).
    """
    how = SEARCH if max_examples == MAX_EXAMPLES else settings(SEARCH, max_examples=max_examples)
    tolerance: dict[str, Any] = {"rtol": rtol, "atol": atol, "exact_dtype": exact_dtype}

    @functools.cache
    def plan(lesson: str) -> _Plan:
        drawn: list[tuple] = []
        if inputs is not None:  # drawn by an earlier process, or now (and kept for the next)
            recipe = f"{inputs!r}, max_examples={how.max_examples}"
            drawn = plans.kept_or_drawn(lesson, id, lambda: _drawn(inputs, how), recipe) if lesson else _drawn(
                inputs, how)
        return _Plan([(args, oracle(*args), _key(args)) for args in [*drawn, *examples]], len(drawn))

    def judged(args: tuple, reply: Reply, expected: Any) -> _Outcome:
        if reply.error:
            return _Outcome(args, reply, expected, f"raised {reply.error['ename']}: {reply.error['evalue']}")
        return _Outcome(args, reply, expected, difference(expected, reply.value, **tolerance))

    def describe(args: tuple) -> dict[str, str]:
        return {name: show(v) for name, v in zip(argnames, args)}

    def attempt(worker: Worker, args: tuple, made: dict[str, _Outcome]) -> _Outcome:
        """The outcome of calling the student's function on `args`, made once per check (`made`: those so far)."""
        key = _key(args)
        if key not in made:
            reply = call_student(worker, function, args, inputs=lambda: describe(args), probe=probe, replace=replace)
            made[key] = judged(args, reply, oracle(*args))
        return made[key]

    def diagnose(worker: Worker, failure: _Outcome, made: dict[str, _Outcome]) -> str:
        if failure.reply.error:
            return hint
        witnesses = [failure] + [attempt(worker, ex, made) for ex in examples]
        for mistake in mistakes:
            if all(w.reply.error is None and _same(mistake, w, tolerance) for w in witnesses):
                return mistake.hint_for(failure.reply.value)
        return hint

    def verdict(worker: Worker, failure: _Outcome, made: dict[str, _Outcome]) -> Verdict:
        call = f"{function}({', '.join(argnames)})"
        example = Counterexample(
            inputs=describe(failure.args),
            expected=show(failure.expected),
            received=(f"{failure.reply.error['ename']}: {failure.reply.error['evalue']}" if failure.reply.error
                      else show(failure.reply.value)),
        )
        if failure.reply.error:
            return Verdict("error", message=f"{call} {failure.problem}", hint=hint, counterexample=example,
                           traceback=failure.reply.error["traceback"])
        return Verdict("failed", message=f"{call}: {failure.problem}", hint=diagnose(worker, failure, made),
                       counterexample=example)

    def search(worker: Worker, made: dict[str, _Outcome]) -> Verdict | None:
        """Hypothesis searches one call at a time (its first tries are those the batch made: not made again) and
        shrinks what fails to a minimal counterexample."""
        assert inputs is not None
        try:
            found = find(inputs, lambda args: attempt(worker, args, made).problem is not None, settings=how)
        except NoSuchExample:  # the student's function answers differently from one call to the next
            return None
        return verdict(worker, attempt(worker, found, made), made)

    def run(worker: Worker, context: Context) -> Verdict:
        """The planned calls, pipelined; on a wrong answer to a drawn input, hypothesis's search, which tries the same
        inputs first (it is derandomized), gets their outcomes without calling again, and shrinks."""
        cases = plan(context.lesson)
        made: dict[str, _Outcome] = {}
        try:
            with closing(call_student_on_each(worker, function, [args for args, _, _ in cases.calls], describe=describe,
                                              probe=probe, replace=replace)) as replies:
                for index, ((args, expected, key), reply) in enumerate(zip(cases.calls, replies)):
                    failure = made[key] = judged(args, reply, expected)
                    if failure.problem:
                        drawn = index < cases.drawn
                        break
                else:
                    return Verdict.passed()
            searched = search(worker, made) if drawn else None
            return searched if searched is not None else verdict(worker, failure, made)
        except Stop as stop:
            return stop.verdict

    return Check(id=id, points=points, title=title, function=function, run=run, hidden=hidden, prepare=plan,
                 oracle=oracle, probe=probe, replace=replace)


__all__ = ["property_check", "Mistake", "MAX_EXAMPLES"]
