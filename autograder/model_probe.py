"""Runs in the worker: trains the student's model on the chosen device and observes it for a training check.

A lesson's probe calls `observe(train, predict, settings)`: `train(device)` runs the student's training and
returns what the student's function returned, `(model, losses)`; `predict(model, device)` computes the
predictions for the held-out inputs. The observations are plain data: the grader decides what they are worth,
and the held-out labels never come here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from autograder.worker import seed_everything

GPU_WORKLOADS = ("large",)


def pick_device(workload: str, requested: str) -> tuple[str, str]:
    """The device to train on and why (see research/performance.md: small models gain nothing on a GPU)."""
    if requested == "cpu":
        return "cpu", "--device cpu was asked for"
    has_cuda = torch.cuda.is_available()
    if requested == "cuda":
        return ("cuda", "--device cuda was asked for") if has_cuda else ("cpu", "--device cuda was asked for, but there is no GPU")
    if not has_cuda:
        return "cpu", "no GPU on this machine"
    if workload not in GPU_WORKLOADS:
        return "cpu", "a model this small trains as fast on a CPU as on a GPU"
    return "cuda", "a GPU is available and this workload trains much faster there"


def describe_model(model: Any) -> dict:
    """What kind of model this is: an nn.Module? its layer types and number of trained parameters."""
    if not isinstance(model, nn.Module):
        return {"is_module": False, "type": type(model).__qualname__}
    return {
        "is_module": True,
        "type": type(model).__qualname__,
        "layers": sorted({type(m).__name__ for m in model.modules()}),
        "parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
    }


def describe_losses(losses: Any) -> dict:
    """The loss history as floats, and whether it holds tensors that keep their autograd graph."""
    if isinstance(losses, torch.Tensor):
        losses = losses.detach().reshape(-1).tolist()
    if not isinstance(losses, (list, tuple)):
        return {"values": [], "problem": f"the loss history is a {type(losses).__name__}, not a list of numbers"}
    keeps_graph = any(isinstance(v, torch.Tensor) and v.requires_grad for v in losses)
    try:
        values = [float(v.detach()) if isinstance(v, torch.Tensor) else float(v) for v in losses]
    except (TypeError, ValueError, RuntimeError):
        return {"values": [], "problem": "the loss history holds values that are not numbers"}
    return {"values": values, "keeps_graph": keeps_graph}


def _device_of(model: Any) -> str | None:
    if not isinstance(model, nn.Module):
        return None
    parameter = next(model.parameters(), None)
    return None if parameter is None else parameter.device.type


def observe(
    train: Callable[[torch.device], Any],
    predict: Callable[[nn.Module, torch.device], Any],
    settings: dict,
) -> dict:
    """Trains (seeded, timed, on the chosen device), then predicts the held-out inputs in eval mode."""
    device, reason = pick_device(settings.get("workload", "small"), settings.get("device", "auto"))
    seed_everything(int(settings.get("seed", 0)), cuda=device == "cuda")
    started = time.perf_counter()
    returned = train(torch.device(device))
    seconds = time.perf_counter() - started
    seen: dict[str, Any] = {"device": device, "device_reason": reason, "train_seconds": seconds}
    if not (isinstance(returned, (tuple, list)) and len(returned) == 2):
        return {**seen, "returned": type(returned).__qualname__}
    model, losses = returned
    seen |= {"model": describe_model(model), "losses": describe_losses(losses)}
    trained_on = _device_of(model)
    if trained_on is not None and trained_on != device:  # the report says where it really trained
        seen |= {"device": trained_on, "device_reason": f"{reason}, but this training kept the model on {trained_on}"}
    if isinstance(model, nn.Module):
        model.eval()
        with torch.no_grad():
            predictions = predict(model, torch.device(device))
        seen["predictions"] = predictions.detach().cpu() if isinstance(predictions, torch.Tensor) else predictions
    return seen
