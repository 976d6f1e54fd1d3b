"""hw03's probes: backward_autograd called twice with the lecture's sample between, and two steps of the student's
sgd_update on leaf tensors whose .grad the check's trusted loss filled, reporting what the caller's list then holds
(values, leafness, requires_grad, cleared .grad)."""

from __future__ import annotations

import warnings

import torch

from autograder.sandboxed.probes.shared import same
from autograder.sandboxed.worker import stand_in

LECTURE_SAMPLE = (2.0, 4.0, 1.0, 1.0, 1.0)
"""The lecture's sample (x, y, w1, w2, b)."""
STEPS = ("after_step_1", "after_step_2")


def probe_twice(student_fn, *args) -> dict:
    """Calls the student's function with args, once with the lecture's sample, then with args again.

    A function that keeps state between calls (leaf tensors whose .grad accumulates) answers the second call
    differently from the first, even where the gradient at args is zero; the call between makes sure of that.
    """
    first = student_fn(*args)
    student_fn(*LECTURE_SAMPLE)
    second = student_fn(*args)
    return {"same_when_called_again": same(first, second), "first_call": first, "second_call": second}



def _observe(params) -> dict:
    def value(p):
        if isinstance(p, torch.Tensor):
            return p.detach().item() if p.numel() == 1 else p.detach().tolist()
        try:
            return float(p)
        except (TypeError, ValueError):
            return repr(p)[:80]

    def cleared(p):
        if not isinstance(p, torch.Tensor):
            return True
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # .grad of a non-leaf warns
            grad = p.grad
        return grad is None or not bool(grad.detach().any())

    tensors = [isinstance(p, torch.Tensor) for p in params]
    return {
        "values": [value(p) for p in params],
        "is_leaf": [t and p.is_leaf for t, p in zip(tensors, params)],
        "requires_grad": [t and p.requires_grad for t, p in zip(tensors, params)],
        "grad_cleared": [cleared(p) for p in params],
    }


def probe_sgd_update(student_fn, x, y, w1, w2, b, lr) -> dict:
    """Two training steps on one sample: the trusted loss (the check's stand-in for `loss`) and backward(), then the
    student's sgd_update(params, lr).

    Reports, after each step, what the caller's list of parameters holds: the values, whether each is still a
    leaf that requires grad, and whether its .grad was cleared. Stops after a step that left a non-leaf.
    """
    loss = stand_in("loss")
    params = [torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for v in (w1, w2, b)]
    seen = {}
    for step in STEPS:
        loss(x, y, *params).backward()
        student_fn(params, lr)
        seen[step] = _observe(params)
        if not all(seen[step]["is_leaf"]) or not all(seen[step]["requires_grad"]):
            break
    return seen
