"""What several lessons' rubrics share: hints, modelled mistakes and the observations their probes should make."""

from __future__ import annotations

from autograder.i18n import N_, _, localized
from autograder.properties import Mistake
from autograder.sandboxed.by_hand import REACHED, TAMPERED
from autograder.sandboxed.values import as_tensor

FRAMEWORK = N_("the framework's own version")
GRADIENT_BY_HAND = N_("here the gradient is to be derived by hand, with the chain rule, as plain arithmetic on the arguments.")


def by_hand_mistakes(task: str) -> list[Mistake]:
    """What a computation asked for by hand shows when it reached the framework's own version (the hint names the
    call it reached, then says what `task` asks) or tampered with the grader's watch of its calls. `task` is
    translated while grading: mark it with N_ where it is written."""
    return [
        Mistake(lambda answer: _("Your function calls {call}: {task}").format(
                    call=_named(answer, REACHED, localized(FRAMEWORK)), task=localized(task)),
                shows=lambda answer: isinstance(answer, str) and answer.startswith(REACHED)),
        Mistake(lambda answer: _("Your function changed what the grader watches ({watched}), so it cannot be graded as "
                                 "written by hand: {task}").format(
                    watched=_named(answer, TAMPERED, _("the watch of its calls")), task=localized(task)),
                shows=lambda answer: isinstance(answer, str) and answer.startswith(TAMPERED)),
    ]


def _named(answer: str | None, prefix: str, unnamed: str) -> str:
    """What the watch's finding names, or `unnamed` where the answer may not be shown (None)."""
    return unnamed if answer is None else answer.removeprefix(prefix)


def called_twice(oracle):
    """The answer `probes.shared.probe_called_twice` expects of a function whose right answer is `oracle`'s."""
    return lambda *args: {"first_call": oracle(*args), "same_when_called_again": True}


CHANGED_ITS_ARGUMENTS = {"same_when_called_again": False}
CHANGED_ITS_ARGUMENTS_HINT = N_("Called again with the same tensor, your function answered otherwise: it changed its "
                                "argument (x.requires_grad_() on the caller's tensor, whose .grad then adds up from call "
                                "to call). Work on a leaf copy: x = x.detach().clone().requires_grad_(True).")


def _other(value, where: slice | None = None):
    """`value` moved elsewhere: a number, or a copy of a tensor with its elements at `where` (None: all) moved."""
    if isinstance(value, (int, float)):
        return (37 - 13 * value) / 10
    moved = as_tensor(value, dtype=None).clone()
    if where is None:
        return (37 - 13 * moved) / 10
    moved[where] = (37 - 13 * moved[where]) / 10
    return moved


def _with(args: tuple, changes: dict[int, object]) -> tuple:
    return tuple(changes.get(i, a) for i, a in enumerate(args))


def only_first_sample(hint: str, paired: int = 2) -> Mistake:
    """Code whose answer depends on the first sample only, however it scales it (a `return` inside the loop over
    samples, whatever it divides by): changing the other samples of the first `paired` arguments (x and y) leaves its
    answer as it was, changing the first one does not."""
    return Mistake(hint,
                   unchanged_by=lambda *args: _with(args, {i: _other(args[i], slice(1, None)) for i in range(paired)}),
                   changed_by=lambda *args: _with(args, {i: _other(args[i], slice(0, 1)) for i in range(paired)}))


def ignores_arguments(hint: str, ignored: tuple[int, ...] = (0, 1), used: int = 2) -> Mistake:
    """Code that ignores the arguments at `ignored` (reads the notebook's globals instead, whatever it divides by),
    though not all of them: other values of the same length leave its answer as it was, another argument `used`
    does not."""
    return Mistake(hint,
                   unchanged_by=lambda *args: _with(args, {i: _other(args[i]) for i in ignored}),
                   changed_by=lambda *args: _with(args, {used: _other(args[used])}))
