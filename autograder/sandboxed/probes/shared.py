"""Probes and model helpers that several lessons use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import nn

from autograder.sandboxed import model_probe
from autograder.sandboxed.by_hand import AUTOGRAD, NEW_THREADS_OR_PROCESSES, by_hand


def probe_by_hand(student_fn, *args):
    """A gradient derived by hand, called with autograd off: its answer, or `by_hand`'s finding (REACHED and the
    call) when it reached autograd by any route, or handed the work to a new thread or process."""
    return by_hand(student_fn, *args, forbidden=(AUTOGRAD, NEW_THREADS_OR_PROCESSES))


def probe_called_twice(student_fn, *args) -> dict:
    """Calls the student's function twice with the very same arguments: a function that changes its arguments (a
    caller's tensor made to require grad, its .grad filled) answers the second call otherwise."""
    first = snapshot(student_fn(*args))  # before the second call changes it (x.grad, returned twice, adds up)
    second = student_fn(*args)
    return {"first_call": first, "same_when_called_again": same(first, second)}


def same(first, second) -> bool:
    """Whether two answers of the same call are identical, NaN for NaN (never raises, whatever they are): a function
    that keeps no state answers the same call the same, to the bit."""
    try:
        return _identical(first, second)
    except Exception:  # noqa: BLE001 - whatever the student returned, two answers that cannot be compared differ
        return False


def _identical(first, second) -> bool:
    if isinstance(first, torch.Tensor) or isinstance(second, torch.Tensor):
        return (isinstance(first, torch.Tensor) and isinstance(second, torch.Tensor) and first.shape == second.shape
                and first.dtype == second.dtype and bool(torch.equal(first, second) or (
                    first.is_floating_point() and torch.equal(first.isnan(), second.isnan())
                    and torch.equal(first.nan_to_num(0.0, 0.0, 0.0), second.nan_to_num(0.0, 0.0, 0.0)))))
    if type(first) is not type(second):
        return False
    if isinstance(first, (list, tuple)):
        return len(first) == len(second) and all(map(_identical, first, second))
    if isinstance(first, dict):
        return first.keys() == second.keys() and all(_identical(first[k], second[k]) for k in first)
    if isinstance(first, np.ndarray):
        return first.shape == second.shape and first.dtype == second.dtype and bool(
            np.array_equal(first, second, equal_nan=first.dtype.kind in "fc"))
    return bool(first == second) or (isinstance(first, float) and first != first and second != second)


def snapshot(value):
    """The value with each tensor in it copied, detached (lists and tuples walked)."""
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, (list, tuple)):
        return (list if isinstance(value, list) else tuple)(snapshot(v) for v in value)
    return value


def attempt(call: Callable[[], Any]) -> tuple[Any, Exception | None]:
    """(what call() gives, None), or (None, the exception the student's code raised): an observation, which the
    probe reports as it needs."""
    try:
        return call(), None
    except Exception as exc:  # noqa: BLE001 - whatever the student's code raised is what was observed
        return None, exc


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


def train_and_predict(student_fn, train_x, train_y, test_x, settings, *more) -> dict:
    """A training check's probe: student_fn(train_x, train_y, *more) trains, returning (model, losses); the model
    then predicts the held-out inputs on whatever device it was left on (`model_probe.observe`)."""
    def predict(model, device):
        where = next(model.parameters(), torch.empty(0)).device
        return model(test_x.to(where))

    return model_probe.observe(lambda device: student_fn(train_x.clone(), train_y.clone(), *more), predict, settings)


class AnyNameIsTheLayer(nn.Module):
    """A one-layer stand-in (its layer `linear`, as the lecture names it) that answers any public attribute it lacks
    with that layer: a learner's training code may print the weights through the name of their own layer
    (model.fc.weight; the lecture prints model.linear.weight)."""

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            if name.startswith("_"):
                raise
            return self._modules["linear"]


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
