"""hw00's probes: they change the student's input in place after the call (a view follows, a copy does not), run
backward() through the result of stop_gradient and read its version counter, and report what they saw."""

from __future__ import annotations

import torch

from autograder.sandboxed.text import N_

BUMP = 10
"""What the probes add in place to the student's input after the call, to see which outputs follow it."""
AFTER_X = f"after x += {BUMP}"
AFTER_A = f"after a += {BUMP}"
AFTER_T = f"after t += {BUMP}"


# view_and_copy: the probe changes x in place after the call and reports both outputs.


def probe_view_and_copy(student_fn, x) -> dict:
    view, copy = student_fn(x)
    with torch.no_grad():
        x.add_(BUMP)
    return {f"view {AFTER_X}": view, f"copy {AFTER_X}": copy}


# to_tensor_shared: the probe changes the array in place after the call.


def probe_to_tensor_shared(student_fn, a) -> dict:
    t = student_fn(a)
    a += BUMP
    return {"type": type(t).__name__, AFTER_A: t}


# to_numpy_shared: the probe changes the tensor in place (under no_grad: it is a leaf that requires grad).


def probe_to_numpy_shared(student_fn, t) -> dict:
    a = student_fn(t)
    with torch.no_grad():
        t.add_(BUMP)
    return {"type": type(a).__name__, AFTER_T: a}


# stop_gradient: the probe uses the result in z = stop_gradient(x**2) * x, runs backward, then changes the
# result in place and asks whether y's version counter saw it (it does for detach(), not for .data or a copy).

GRAD = "x.grad of z = stop_gradient(x**2) * x"
SHARES_VERSION = N_("in-place changes reach y's version counter")


def probe_stop_gradient(student_fn, x) -> dict:
    x.requires_grad_(True)
    y = x**2
    out = student_fn(y)
    (out * x).sum().backward()
    seen = {GRAD: x.grad, "requires_grad": bool(out.requires_grad),
            "grad_fn": None if out.grad_fn is None else type(out.grad_fn).__name__}
    before = y._version
    with torch.no_grad():
        out.add_(0)
    seen[SHARES_VERSION] = y._version != before
    return seen
