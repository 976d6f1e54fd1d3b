"""Property checks: hypothesis draws inputs, the student's function runs in the worker, the oracle here.

A failing check reports hypothesis's shrunk, minimal counterexample: the inputs, the expected value and the
value received. When the student's answer on that counterexample (and on the check's worked examples) is what a
known mistake would give (exactly, or times a free factor it declares: 1/N, N, 2, 1/2, -1), or relates to their
answers on other inputs as that mistake's would (tried by extra calls), the hint names that mistake; a call that
raised gets the explanation of its error (`autograder.explain`) when there is one. Searches are derandomized and
use no example database, so the same submission always gets the same counterexample.
"""

from __future__ import annotations

import contextlib
import functools
import json
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import torch
from hypothesis import HealthCheck, Phase, Verbosity, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from autograder import plans
from autograder.calls import Stop, call_student, call_student_on_each
from autograder.compare import agree, difference, show
from autograder.errors import WorkerDied, WorkerTimeout
from autograder.explain import explain
from autograder.i18n import N_, _, spoken, translate
from autograder.results import Counterexample, Verdict
from autograder.rubric import Check, Context
from autograder.runner import Probe, Reply, StandIns, Worker
from autograder.sandboxed import text as student_text
from autograder.sandboxed import wire
from autograder.unseen_inputs import check_seed

MAX_EXAMPLES = 100
HIDDEN_EXAMPLES = 25
"""Inputs a hidden half draws (afresh for every student, so never shipped): code fitted to the public inputs fails
on nearly any other, and the public half has tried 100 already."""
REFERENCE_LOST_HINT = N_("The course's reference solution runs beside your code: code that signals, stops or kills "
                         "other processes (os.kill over /proc) stops it. If your code does not, tell your instructor.")
SEARCH = settings(
    max_examples=MAX_EXAMPLES,
    database=None,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    verbosity=Verbosity.quiet,
    phases=(Phase.generate, Phase.shrink),
)


def times_n(n: int | None) -> float | None:
    """A free factor (`Mistake.up_to`): the number of samples N (a sum where a mean was asked for)."""
    return None if not n else float(n)


def per_n(n: int | None) -> float | None:
    """A free factor: 1/N (one sample's answer divided by N, a mean taken twice)."""
    return None if not n else 1 / n


def doubled(n: int | None) -> float:
    """A free factor: 2."""
    return 2.0


def halved(n: int | None) -> float:
    """A free factor: 1/2."""
    return 1 / 2


def negated(n: int | None) -> float:
    """A free factor: -1 (the sign flipped)."""
    return -1.0


CARRIES_STATE_HINT = N_("Called again with the same arguments, your function answered otherwise: it keeps state "
                        "between calls, so its answer depends on what ran before. Look for a list or tensor defined "
                        "outside the function that it appends or adds to (a running total, a loss history, .grad "
                        "accumulating on a global tensor), or a default argument such as losses=[]: create such "
                        "values inside the function, on every call.")
"""The hint when no modelled mistake explains a wrong answer and a second call on the same arguments answers
otherwise."""
FACTORS = (times_n, per_n, doubled, halved, negated)
"""The free factors a mistake may declare (`Mistake.up_to`): functions of the number of samples N in the arguments
(None where it is not known) giving the factor (None: none)."""


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: what code with this mistake returns, or what its answer shows, or how its answers relate
    to one another, and the hint that names it.

    The same mistake written otherwise keeps its hint: `up_to` lets the answer be the modelled one times a free
    factor (a `return grad / len(x)` inside the loop: the first sample's gradient over N), and `unchanged_by` /
    `changed_by` recognise it by extra calls (only the first sample counts, however the code normalises it).
    """

    hint: str | Callable[[Any], str]
    """The hint, or a function of the student's answer that writes it (to name what the answer shows)."""
    returns: Callable[..., Any] | None = None
    """What code with this mistake returns, given the arguments."""
    shows: Callable[[Any], bool] | None = None
    """Whether the student's answer itself shows the mistake (an observation of a probe), whatever the arguments."""
    up_to: tuple[Callable[[int | None], float | None], ...] = ()
    """Free factors of `returns` (of `FACTORS`: times_n, per_n, doubled, halved, negated; N the check's number of
    samples): the student's answer is this mistake's times one of them, the same one on every input tried."""
    unchanged_by: Callable[..., tuple] | None = None
    """Other arguments, from the arguments, on which the right answer changes but code with this mistake answers the
    same (e.g. the samples after the first changed): called in the worker when the answer is wrong."""
    changed_by: Callable[..., tuple] | None = None
    """Other arguments on which code with this mistake answers otherwise (what tells it from code that ignores its
    arguments altogether); with `unchanged_by` only."""

    def __post_init__(self):
        if (not all(callable(f) for f in self.up_to) or (self.up_to and self.returns is None)
                or (self.changed_by and not self.unchanged_by)):
            raise ValueError(f"a Mistake's up_to takes factors such as {[f.__name__ for f in FACTORS]} with returns, "
                             f"and changed_by comes with unchanged_by (got up_to={self.up_to!r})")

    def hint_for(self, answer: Any) -> str:
        """The hint; one written from the answer gets None where the answer may not be shown."""
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


def _drawn(inputs: st.SearchStrategy[tuple], search: settings, seeded: random.Random | None = None) -> list[tuple]:
    """The inputs hypothesis tries, in order, when none of them fails (drawn from `seeded` when it is given)."""
    tried: list[tuple] = []

    def fails(args: tuple) -> bool:
        tried.append(args)
        return False

    try:
        find(inputs, fails, settings=search, random=seeded)
    except NoSuchExample:
        pass
    return tried


@contextlib.contextmanager
def _only_hypothesis_constants():
    """Hypothesis mixes constants of the modules a process has loaded from outside site-packages into what it draws,
    so the same seed drew other inputs in `grade autograde`, a script, a Dask worker, or once a course's checks.py
    was loaded. A hidden half draws without them: a student's inputs depend on the seed alone. (Hypothesis's
    internals: where they differ, nothing is changed.)"""
    try:
        from hypothesis.internal.conjecture import providers
        patched, cache = providers._get_local_constants, providers.CONSTANTS_CACHE.cache
    except (ImportError, AttributeError):
        yield
        return
    empty = providers.Constants()
    cache.clear()
    providers._get_local_constants = lambda: empty
    try:
        yield
    finally:
        providers._get_local_constants = patched
        cache.clear()


def _key(args: tuple) -> str:
    """Arguments as the worker receives them: equal keys, the same call."""
    return json.dumps(wire.encode(list(args)))


def _same(mistake: Mistake, witness: _Outcome, tolerance: dict[str, Any],
          factor: Callable[[int | None], float | None] | None = None,
          samples: Callable[[tuple], int | None] = lambda args: None) -> bool:
    """Whether the student's answer is what the mistake gives, times `factor` (a function of the number of
    `samples`; None: no factor); a mistake that cannot be computed here is not it."""
    try:
        if mistake.shows is not None:
            return factor is None and mistake.shows(witness.reply.value)
        if mistake.returns is None:
            return False
        scale = 1.0 if factor is None else factor(samples(witness.args))
        if scale is None:
            return False
        return agree(_scaled(mistake.returns(*witness.args), scale), witness.reply.value, **tolerance)
    except Exception:  # noqa: BLE001 - e.g. a mistake defined only for some shapes
        return False


def _undefined(mistake: Mistake, args: tuple) -> bool:
    """Whether code with this mistake has no answer on `args`: it returns None there, or raises."""
    if mistake.returns is None:
        return False
    try:
        return mistake.returns(*args) is None
    except Exception:  # noqa: BLE001 - what the mistake's code raises there
        return True


def _scaled(value: Any, scale: float) -> Any:
    """An answer times `scale`: a tensor or number, or each of a tuple's or list's."""
    if scale == 1:
        return value
    if isinstance(value, (tuple, list)):
        return type(value)(_scaled(v, scale) for v in value)
    if isinstance(value, (torch.Tensor, int, float)) and not isinstance(value, bool):
        return value * scale
    raise TypeError(f"cannot scale {type(value).__name__}")


def _observed(value: Any) -> Any:
    """A probe's observation as the student reads it, in the language of the grading: the keys and texts of its
    dicts that a probe writes (marked `N_` in `autograder.sandboxed.probes`: `student_text.MARKED`) translated; the
    rest as it is."""
    language = spoken()
    if language == "en":
        return value

    def text(item: Any) -> Any:
        return translate(item, language) if isinstance(item, str) and item in student_text.MARKED else item

    if isinstance(value, dict):
        return {text(k): text(v) if isinstance(v, str) else _observed(v) for k, v in value.items()}
    if type(value) in (list, tuple):
        return type(value)(_observed(v) for v in value)
    return value


def _samples_of(args: tuple) -> int | None:
    """The number of samples in the arguments: the length of the first (None: a scalar or no arguments)."""
    first = args[0] if args else None
    if isinstance(first, torch.Tensor):
        return len(first) if first.dim() > 0 else None
    return len(first) if isinstance(first, (list, tuple)) else None


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
    samples: Callable[..., int] | None = None,
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
        samples: the number of samples in the arguments, for a mistake's free factors of n (`Mistake.up_to`); by
            default the length of the first argument.
    """
    how = SEARCH if max_examples == MAX_EXAMPLES else settings(SEARCH, max_examples=max_examples)
    tolerance: dict[str, Any] = {"rtol": rtol, "atol": atol, "exact_dtype": exact_dtype}
    count = _samples_of if samples is None else (lambda args: samples(*args))
    call = f"{function}({', '.join(argnames)})"

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
            return _Outcome(args, reply, expected, _("raised {ename}: {evalue}").format(
                ename=reply.error["ename"], evalue=reply.error["evalue"]))
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

    def diagnose(worker: Worker, failure: _Outcome, made: dict[str, _Outcome], witnesses: list[tuple],
                 answer_shown: bool) -> str:
        """The hint of the known mistake the answers to the failure and to `witnesses` (more inputs) show; one that
        a hint writes from the answer only when the answer may be shown (not in a hidden half: the student's code
        chooses its answer, and would read back what it wrote there, the hidden inputs). Where the code raised, on
        the failure or a witness, what made it raise is explained as well."""
        seen = [failure] + [attempt(worker, args, made) for args in witnesses if _key(args) != _key(failure.args)]
        crash = next((w.reply.error for w in seen if w.reply.error is not None), None)
        if crash is not None:
            return crashed(failure, seen, crash, answer_shown)
        answer = failure.reply.value if answer_shown else None
        shown = next(iter(answered_by(seen)), None) or next(
            (m for m in mistakes if m.unchanged_by is not None and related(worker, m, seen, made)), None)
        if shown is not None:
            return shown.hint_for(answer)
        return CARRIES_STATE_HINT if carries_state(worker, failure) else hint

    def answered_by(seen: list[_Outcome]) -> Iterator[Mistake]:
        """The known mistakes that give every answer `seen`: the exact mistakes first, then those a free factor
        makes (computed as they are asked for)."""
        yield from (m for m in mistakes if all(_same(m, w, tolerance) for w in seen))
        yield from (m for m in mistakes if any(all(_same(m, w, tolerance, factor, count) for w in seen)
                                               for factor in m.up_to))

    def crashed(failure: _Outcome, seen: list[_Outcome], crash: dict, answer_shown: bool) -> str:
        """The hint where the code raised on some of the inputs `seen`: the one known mistake its answers to the
        others show (none where two mistakes would give them), then why it raised; the mistake alone where it has no
        answer there either (-w / b on b = 0: the mistake is why), and named beside the reason only from two wrong
        answers or more; the check's recipe when neither can be told."""
        answered = [w for w in seen if w.reply.error is None]
        wrong = sum(1 for w in answered if w.problem)
        candidates = list(answered_by(answered)) if wrong else []
        mistake = candidates[0] if len({m.hint for m in candidates}) == 1 else None
        named = mistake.hint_for(failure.reply.value if answer_shown and not failure.reply.error else None) if (
            mistake) else None
        if mistake and all(_undefined(mistake, w.args) for w in seen if w.reply.error is not None):
            return named or hint
        if wrong < 2:  # one wrong answer is too few to go by: dividing by a count that is 1 there looks like a sum
            named = None
        explained = explain(crash, specifics=answer_shown)
        if explained and not failure.reply.error:
            explained = _("On another input your code raised {ename}. {explanation}").format(
                ename=crash["ename"], explanation=explained)
        return " ".join(part for part in (named, explained) if part) or hint

    def carries_state(worker: Worker, failure: _Outcome) -> bool:
        """Whether the function, called again on the failure's arguments, answers otherwise (the worker seeds every
        call alike: only state kept between calls can tell them apart)."""
        again = call_student(worker, function, failure.args, inputs=lambda: describe(failure.args), probe=probe,
                             replace=replace)
        return again.error is None and not agree(failure.reply.value, again.value, **tolerance)

    def related(worker: Worker, mistake: Mistake, seen: list[_Outcome], made: dict[str, _Outcome]) -> bool:
        """Whether the student's answers relate as the mistake's do, by extra calls: on every input where the right
        answer changes with `mistake.unchanged_by` (at least one), theirs does not, and it does with `changed_by`."""
        informative, unchanged_by = False, mistake.unchanged_by
        assert unchanged_by is not None
        for witness in seen:
            try:
                other = tuple(unchanged_by(*witness.args))
                if agree(oracle(*other), witness.expected, **tolerance):
                    continue  # the right answer does not change either: this input cannot tell
                changed = tuple(mistake.changed_by(*witness.args)) if mistake.changed_by else None
            except Exception:  # noqa: BLE001 - a relation defined only for some arguments
                continue
            again = attempt(worker, other, made)
            if again.reply.error is not None or not agree(witness.reply.value, again.reply.value, **tolerance):
                return False
            if changed is not None:
                moved = attempt(worker, changed, made)
                if moved.reply.error is not None or agree(witness.reply.value, moved.reply.value, **tolerance):
                    return False
            informative = True
        return informative

    def verdict(worker: Worker, failure: _Outcome, made: dict[str, _Outcome], witnesses: Sequence[tuple] = examples,
                answer_shown: bool = True) -> Verdict:
        example = Counterexample(
            inputs=describe(failure.args),
            expected=show(_observed(failure.expected) if probe else failure.expected),
            received=(f"{failure.reply.error['ename']}: {failure.reply.error['evalue']}" if failure.reply.error
                      else show(_observed(failure.reply.value) if probe else failure.reply.value)),
        )
        hint_of_failure = diagnose(worker, failure, made, list(witnesses), answer_shown)
        if failure.reply.error:
            return Verdict("error", message=_("{call} {problem}").format(call=call, problem=failure.problem),
                           hint=hint_of_failure, counterexample=example, traceback=failure.reply.error["traceback"])
        return Verdict("failed", message=_("{call}: {problem}").format(call=call, problem=failure.problem),
                       hint=hint_of_failure, counterexample=example)

    def search(worker: Worker, made: dict[str, _Outcome], answer_shown: bool) -> Verdict | None:
        """Hypothesis searches one call at a time (its first tries are those the batch made: not made again) and
        shrinks what fails to a minimal counterexample."""
        assert inputs is not None
        try:
            found = find(inputs, lambda args: attempt(worker, args, made).problem is not None, settings=how)
        except NoSuchExample:  # the student's function answers differently from one call to the next
            return None
        return verdict(worker, attempt(worker, found, made), made, answer_shown=answer_shown)

    def public(worker: Worker, context: Context) -> Verdict:
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
            shown = not context.unseen_inputs
            searched = search(worker, made, shown) if drawn else None
            return searched if searched is not None else verdict(worker, failure, made, answer_shown=shown)
        except Stop as stop:
            return stop.verdict

    def hidden_half(worker: Worker, context: Context) -> Verdict:
        """The check again on this student's hidden inputs, drawn from their seed, each answer compared with the
        course's reference's (an input the reference cannot answer is no question). Shrunk as the public half is;
        what it shows is the instructor's (`Counterexample.hidden`)."""
        assert inputs is not None and context.hidden is not None and context.reference is not None
        reference, seed = context.reference, check_seed(context.hidden.seed, id)
        drawing = settings(how, derandomize=False, max_examples=min(how.max_examples, HIDDEN_EXAMPLES))
        with _only_hypothesis_constants():
            drawn = _drawn(inputs, drawing, random.Random(seed))
        worker.refresh(function)  # a process that the public half's calls left running could stop the reference
        expected, answered = _answers(reference, function, drawn, probe, replace)
        if not answered:  # stopped or killed: by the student's code, which may signal it, or it died of its own
            reference.kill()
            expected, answered = _answers(reference, function, drawn, probe, replace)
        if not answered:
            return Verdict("error", message=_("the hidden half of this check could not run: the course's reference "
                                              "solution stopped answering twice"), hint=REFERENCE_LOST_HINT)
        made: dict[str, _Outcome] = {}
        answering = [True]  # the reference, while the search shrinks (it asks no more once it stopped answering)

        def attempt_hidden(args: tuple) -> _Outcome:
            key = _key(args)
            if key not in made:
                if key not in expected and answering[0]:
                    found, answering[0] = _answers(reference, function, [args], probe, replace)
                    expected.update(found)
                if key not in expected:
                    made[key] = _Outcome(args, Reply(), None, None)
                else:
                    reply = call_student(worker, function, args, inputs=lambda: describe(args), probe=probe,
                                         replace=replace)
                    made[key] = judged(args, reply, expected[key])
            return made[key]

        try:
            asked = [args for args in drawn if _key(args) in expected]
            with closing(call_student_on_each(worker, function, asked, describe=describe, probe=probe,
                                              replace=replace)) as replies:
                for args, reply in zip(asked, replies):
                    failure = made[_key(args)] = judged(args, reply, expected[_key(args)])
                    if failure.problem:
                        break
                else:
                    return Verdict.passed()
            with contextlib.suppress(NoSuchExample), _only_hypothesis_constants():  # (NoSuchExample: answers
                found = find(inputs, lambda args: attempt_hidden(args).problem is not None,  # that change call to call)
                             settings=drawing, random=random.Random(seed))
                failure = attempt_hidden(found)
            return verdict(worker, failure, made, witnesses=(), answer_shown=False).kept_from_the_student(
                call, public_passed=True)
        except Stop as stop:
            return stop.verdict.kept_from_the_student(call, public_passed=True)

    def run(worker: Worker, context: Context) -> Verdict:
        """The public half; once it passes, on the instructor's side, the hidden half: points for both only."""
        verdict = public(worker, context)
        if verdict.status != "passed" or inputs is None or context.hidden is None or context.reference is None:
            return verdict
        return hidden_half(worker, context)

    return Check(id=id, points=points, title=title, function=function, run=run, hidden=hidden, prepare=plan, hint=hint,
                 oracle=oracle, probe=probe, replace=replace)


def _answers(reference: Worker, function: str, arglists: list[tuple], probe: Probe | None, replace: StandIns | None
             ) -> tuple[dict[str, Any], bool]:
    """The course's reference's answers, by the arguments' key, to those of `arglists` it answers (pipelined): not
    those it raises on (a question the course's own solution cannot answer is not asked); and whether it answered
    every call (False: it ran past its time limit or died)."""
    answers: dict[str, Any] = {}
    try:
        with closing(reference.calls(function, arglists, probe=probe, replace=replace)) as replies:
            for args, reply in zip(arglists, replies):
                if reply.error is None:
                    answers[_key(args)] = reply.value
    except (WorkerTimeout, WorkerDied):
        return answers, False
    return answers, True


# (the factors by their functions' names: a new short string here would be a new constant for hypothesis to mix
# into what the public checks draw, and the inputs the package ships would no longer be those drawn)
__all__ = ["property_check", "Mistake", "MAX_EXAMPLES", *(f.__name__ for f in FACTORS)]
