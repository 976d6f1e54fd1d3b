"""hw06's probes: what the student's standardize does to its arguments, what the student's Model computes (shape,
probabilities, non-linearity), two observed steps of their train_step on a fixed small model, and their train_model
run on the data the grader sends."""

from __future__ import annotations

import math

import torch
from torch import nn

from autograder.sandboxed import model_probe
from autograder.sandboxed.probes.shared import parameters_of, small_model

STEPS = ("after_step_1", "after_step_2")


def probe_standardize(student_fn, train_x, test_x) -> dict:
    """Calls standardize on copies it keeps, and reports the result and whether the arguments were changed.

    Dividing by N (sklearn's StandardScaler, unbiased=False) is accepted: a result whose training part has
    column means 0 and population standard deviations 1 is rescaled to the N - 1 convention before it is compared.
    """
    kept = (train_x.clone(), test_x.clone())
    result = student_fn(train_x, test_x)
    unchanged = torch.equal(train_x, kept[0]) and torch.equal(test_x, kept[1])
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        return {"train_s": result, "test_s": None, "arguments_unchanged": unchanged}
    train_s, test_s = result
    if isinstance(train_s, torch.Tensor) and isinstance(test_s, torch.Tensor) and train_s.shape == train_x.shape:
        n = len(train_x)
        detached = train_s.detach().double()
        population_std, mean = detached.std(dim=0, unbiased=False), detached.mean(dim=0)
        if n > 1 and torch.allclose(population_std, torch.ones_like(population_std), atol=1e-4) and torch.allclose(
                mean, torch.zeros_like(mean), atol=1e-4):
            factor = math.sqrt((n - 1) / n)
            train_s, test_s = train_s * factor, test_s * factor
    return {"train_s": train_s, "test_s": test_s, "arguments_unchanged": unchanged}


def _logit_or_raw(out: torch.Tensor) -> torch.Tensor:
    out = out.detach().double().reshape(len(out), -1)
    if bool(((out > 0) & (out < 1)).all()):
        return torch.logit(out)
    return out


def _is_non_linear(model: nn.Module, in_features: int) -> bool:
    """Whether logit(model(x)) is not an affine function of x: on 32 random pairs, the value at the midpoint
    differs from the mean of the two ends (an affine map, a stack of Linear layers without activations, or
    logistic regression, keeps it equal up to rounding)."""
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(32, in_features, generator=gen) * 2
    b = torch.randn(32, in_features, generator=gen) * 2
    with torch.no_grad():
        za, zb, zm = (_logit_or_raw(model(v)) for v in (a, b, (a + b) / 2))
    gap = (zm - (za + zb) / 2).abs().max().item()
    scale = 1.0 + max(za.abs().max().item(), zb.abs().max().item())
    return math.isfinite(gap) and gap > 1e-4 * scale


def _uses_its_parameters(student_cls, in_features, x) -> bool:
    """Whether the output of a fresh student_cls(in_features) on x depends on its parameters: backward() of the
    output's sum reaches one of them (a forward that never calls the layers built in __init__ reaches none)."""
    model = student_cls(in_features)
    parameters = list(model.parameters())
    out = model(x.float())
    if not parameters or not isinstance(out, torch.Tensor) or not out.requires_grad:
        return False
    out.sum().backward()
    return any(p.grad is not None and bool(p.grad.abs().sum() > 0) for p in parameters)


def probe_model(student_cls, in_features, x) -> dict:
    """Builds student_cls(in_features), runs it on the batch x, reports the output's shape, whether its values
    (and those for 64 random wider inputs) are probabilities, none below 0.5 with some exactly 0.5 (a ReLU
    before the sigmoid), whether the output depends on the model's parameters, and whether the model is
    non-linear. A forward pass that fails on shapes is reported, not raised."""
    model = student_cls(in_features)
    try:
        out = model(x.float())
    except RuntimeError as exc:
        if "cannot be multiplied" in str(exc) or "size mismatch" in str(exc):
            return {"runs": False, "error": str(exc)[:200]}
        raise
    if not isinstance(out, torch.Tensor):
        return {"runs": True, "output_shape": type(out).__name__}
    with torch.no_grad():
        wide = model(torch.randn(64, in_features, generator=torch.Generator().manual_seed(1)) * 3)
    out = out.detach()
    probabilities = all(isinstance(o, torch.Tensor) and bool(((o >= 0) & (o <= 1)).all()) for o in (out, wide))
    return {
        "runs": True,
        "uses_parameters": _uses_its_parameters(student_cls, in_features, x),
        "output_shape": list(out.shape),
        "probabilities": probabilities,
        "clipped_at_half": probabilities and bool((wide >= 0.5).all() and (wide == 0.5).any()),
        "non_linear": _is_non_linear(model, in_features) if out.shape == (len(x), 1) else None,
    }


def probe_train_step(student_fn, x, y, lr) -> dict:
    """Two calls of train_step on a fixed small model with SGD(lr) and BCELoss; after each, what it returned and
    the model's parameters."""
    model = small_model(x.shape[1])
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    seen = {}
    for step in STEPS:
        returned = student_fn(model, optimizer, nn.BCELoss(), x.float(), y.float())
        seen[step] = {
            "returns_a_float": isinstance(returned, float),
            "loss": float(returned) if isinstance(returned, (float, torch.Tensor)) and torch.numel(
                torch.as_tensor(returned)) == 1 else repr(returned)[:80],
            "parameters": parameters_of(model),
        }
    return seen


def probe_train(student_fn, train_x, train_y, test_x, settings) -> dict:
    return model_probe.observe(lambda device: student_fn(train_x.to(device), train_y.to(device)),
                               lambda model, device: model(test_x.to(device)), settings)
