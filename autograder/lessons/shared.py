"""What several lessons' rubrics share: hints, modelled mistakes and the observations their probes should make."""

from __future__ import annotations

from autograder.properties import Mistake
from autograder.sandboxed.by_hand import REACHED, TAMPERED

FRAMEWORK = "the framework's own version"
GRADIENT_BY_HAND = "here the gradient is to be derived by hand, with the chain rule, as plain arithmetic on the arguments."


def by_hand_mistakes(task: str) -> list[Mistake]:
    """What a computation asked for by hand shows when it reached the framework's own version (the hint names the
    call it reached, then says what `task` asks) or tampered with the grader's watch of its calls."""
    return [
        Mistake(lambda answer: f"Your function calls {_named(answer, REACHED, FRAMEWORK)}: {task}",
                shows=lambda answer: isinstance(answer, str) and answer.startswith(REACHED)),
        Mistake(lambda answer: (f"Your function changed what the grader watches "
                                f"({_named(answer, TAMPERED, 'the watch of its calls')}), so it cannot be graded as "
                                f"written by hand: {task}"),
                shows=lambda answer: isinstance(answer, str) and answer.startswith(TAMPERED)),
    ]


def _named(answer: str | None, prefix: str, unnamed: str) -> str:
    """What the watch's finding names, or `unnamed` where the answer may not be shown (None)."""
    return unnamed if answer is None else answer.removeprefix(prefix)


def called_twice(oracle):
    """The answer `probes.shared.probe_called_twice` expects of a function whose right answer is `oracle`'s."""
    return lambda *args: {"first_call": oracle(*args), "same_when_called_again": True}


CHANGED_ITS_ARGUMENTS = {"same_when_called_again": False}
CHANGED_ITS_ARGUMENTS_HINT = ("Called again with the same tensor, your function answered otherwise: it changed its "
                              "argument (x.requires_grad_() on the caller's tensor, whose .grad then adds up from call "
                              "to call). Work on a leaf copy: x = x.detach().clone().requires_grad_(True).")
