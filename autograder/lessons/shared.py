"""Trusted helpers that several lessons use (not a lesson: its name is not hwNN).

Probes and stand-ins are resolved by the worker as 'hwNN:name', so a lesson that uses one of these imports it
under the name its checks give.
"""

from __future__ import annotations

import torch
from torch import nn

from autograder.compare import agree


def train_step_reference(model, optimizer, loss_fn, x, y) -> float:
    """The lecture's training step: forward, loss, zero the gradients, backward, step; the loss as a float."""
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def probe_one_linear_model(student_cls, x, w, b) -> dict:
    """Builds the student's model, sets its one Linear layer to (w, b) and reports what the model computes on x."""
    model = student_cls()
    if not isinstance(model, nn.Module):
        return {"is_module": False}
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    seen: dict = {
        "is_module": True,
        "defines_forward": type(model).forward is not nn.Module.forward,
        "linear_layers": [[m.in_features, m.out_features, m.bias is not None] for m in linears],
    }
    if not seen["defines_forward"] or len(linears) != 1:
        return seen
    with torch.no_grad():
        linears[0].weight.fill_(w)
        if linears[0].bias is not None:
            linears[0].bias.fill_(b)
    out = model(x)
    seen["output"] = out.detach() if isinstance(out, torch.Tensor) else out
    seen["output_requires_grad"] = isinstance(out, torch.Tensor) and out.requires_grad
    return seen


def small_model(in_features: int) -> nn.Module:
    """A fixed small model: Linear(F, 3) -> sigmoid -> Linear(3, 1) -> sigmoid, with parameters from a seeded
    generator, so that the worker and the grader start from the same numbers."""
    model = nn.Sequential(nn.Linear(in_features, 3), nn.Sigmoid(), nn.Linear(3, 1), nn.Sigmoid())
    gen = torch.Generator().manual_seed(in_features)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=gen))
    return model


def parameters_of(model: nn.Module) -> torch.Tensor:
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()])


USED_AUTOGRAD = "autograd was called"
"""What `probe_by_hand` answers for a function that calls backward() or torch.autograd.grad."""
USED_AUTOGRAD_HINT = ("Your function calls autograd (backward() or torch.autograd.grad): here the gradient is to be "
                      "derived by hand, with the chain rule, as plain arithmetic on the arguments.")


def probe_by_hand(student_fn, *args):
    """Calls the student's function with autograd off: a gradient derived by hand needs none, one that calls
    backward() or torch.autograd.grad fails, which this reports as USED_AUTOGRAD."""
    with torch.no_grad():
        try:
            return student_fn(*args)
        except RuntimeError as e:
            if "does not require grad" in str(e) or "does not have a grad_fn" in str(e):
                return USED_AUTOGRAD
            raise


def same(first, second) -> bool:
    """Whether two answers of the student's function agree (never raises, whatever they are)."""
    try:
        return agree(first, second)
    except Exception:  # noqa: BLE001 - whatever the student returned, two unequal answers are not the same
        return False


def probe_called_twice(student_fn, *args) -> dict:
    """Calls the student's function twice with the very same arguments: a function that changes its arguments (a
    caller's tensor made to require grad, its .grad filled) answers the second call otherwise."""
    first = _snapshot(student_fn(*args))  # before the second call changes it (x.grad, returned twice, adds up)
    second = student_fn(*args)
    return {"first_call": first, "same_when_called_again": same(first, second)}


def _snapshot(value):
    """The value with each tensor in it copied, detached (lists and tuples walked)."""
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, (list, tuple)):
        return (list if isinstance(value, list) else tuple)(_snapshot(v) for v in value)
    return value


def called_twice(oracle):
    """The answer `probe_called_twice` expects of a function whose right answer is `oracle`'s."""
    return lambda *args: {"first_call": oracle(*args), "same_when_called_again": True}


CHANGED_ITS_ARGUMENTS = {"same_when_called_again": False}
CHANGED_ITS_ARGUMENTS_HINT = ("Called again with the same tensor, your function answered otherwise: it changed its "
                              "argument (x.requires_grad_() on the caller's tensor, whose .grad then adds up from call "
                              "to call). Work on a leaf copy: x = x.detach().clone().requires_grad_(True).")
