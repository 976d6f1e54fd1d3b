"""Runs in the worker: trains the student's model on the device the grader chose and observes it for a training check.

A lesson's probe calls `observe(train, predict, settings)`: `train(device)` runs the student's training and
returns what the student's function returned, `(model, losses)`; `predict(model, device)` computes the
predictions for the held-out inputs. The observations are plain data: the grader decides what they are worth,
and the held-out labels never come here.

On CUDA the training is made reproducible (seeded, warn-only deterministic algorithms; the worker's environment
sets CUBLAS_WORKSPACE_CONFIG) and the CUDA allocator is capped at this worker's share of the GPU's memory.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import torch
from torch import nn
from torch.nn import functional
from torch.optim.optimizer import register_optimizer_step_post_hook

from autograder.sandboxed.text import N_
from autograder.sandboxed.values import rows_of_probabilities
from autograder.sandboxed.worker import seed_everything


def describe_model(model: Any) -> dict:
    """What kind of model this is: an nn.Module? its layer types and number of trained parameters."""
    if not isinstance(model, nn.Module):
        return {"is_module": False, "type": type(model).__qualname__}
    return {
        "is_module": True,
        "type": type(model).__qualname__,
        "layers": sorted({type(m).__name__ for m in model.modules()}),
        "parameters": sum(int(p.numel()) for p in model.parameters() if p.requires_grad),
    }


def describe_losses(losses: Any) -> dict:
    """The loss history as floats, and whether it holds tensors that keep their autograd graph."""
    if isinstance(losses, torch.Tensor):
        losses = losses.detach().reshape(-1).tolist()
    if not isinstance(losses, (list, tuple)):
        return {"values": [], "problem": N_("the loss history is a {type}, not a list of numbers").format(
            type=type(losses).__name__)}
    keeps_graph = any(isinstance(v, torch.Tensor) and v.requires_grad for v in losses)
    try:
        values = [float(v.detach()) if isinstance(v, torch.Tensor) else float(v) for v in losses]
    except (TypeError, ValueError, RuntimeError):
        return {"values": [], "problem": N_("the loss history holds values that are not numbers")}
    return {"values": values, "keeps_graph": keeps_graph}


@contextlib.contextmanager
def watching_gradients() -> Iterator[dict[str, int]]:
    """Counts, while the student's training runs, the optimizer steps (`steps`), the backward() passes that came after
    one (`after_step`), and those of them that added their gradients to the ones the step had used (`added_to`:
    nothing zeroed them in between, optimizer.zero_grad() forgotten or called once per epoch). It watches each
    optimizer's first trained parameter: a hook on the tensor sees its .grad just before any pass reaches it, and
    one that only backward() runs (not torch.autograd.grad, which leaves .grad alone) counts the pass once it added
    to .grad. The watch never changes the training: what it cannot read (a tensor that takes no hook, a gradient
    it cannot test) goes uncounted, and its hooks are removed when the training returns."""
    counts = {"steps": 0, "after_step": 0, "added_to": 0}
    stepped: dict[int, bool] = {}  # id of a watched parameter -> an optimizer stepped since its last backward()
    held: dict[int, bool] = {}  # id of a watched parameter -> its .grad held numbers as the latest pass reached it
    hooks: list[Any] = []

    def reached(parameter: torch.Tensor) -> None:
        try:
            held[id(parameter)] = parameter.grad is not None and bool(parameter.grad.any())
        except Exception:  # noqa: BLE001 - a gradient it cannot test is not counted
            held[id(parameter)] = False

    def accumulated(parameter: torch.Tensor) -> None:
        if stepped.get(id(parameter)):
            counts["after_step"] += 1
            counts["added_to"] += int(held.get(id(parameter), False))
        stepped[id(parameter)] = False

    def after_step(optimizer: torch.optim.Optimizer, args: Any, kwargs: Any) -> None:
        counts["steps"] += 1
        parameter = next((p for group in optimizer.param_groups for p in group["params"]
                          if isinstance(p, torch.Tensor) and p.requires_grad), None)
        if parameter is None:
            return
        if id(parameter) not in stepped:
            try:
                hooks.append(parameter.register_hook(lambda grad, parameter=parameter: reached(parameter)))
                hooks.append(parameter.register_post_accumulate_grad_hook(accumulated))
            except RuntimeError:  # a tensor that takes no hook is not watched
                return
        stepped[id(parameter)] = True

    handle = register_optimizer_step_post_hook(after_step)
    try:
        yield counts
    finally:
        handle.remove()
        for hook in hooks:
            hook.remove()


LOOKED_AT = 20
"""The cross_entropy calls whose scores `watching_cross_entropy` tests (each is one more reduction): the first ones,
then one in `EVERY`."""
EVERY = 50


@contextlib.contextmanager
def watching_cross_entropy() -> Iterator[dict[str, int | float]]:
    """Counts, while the student's training runs, the calls of cross_entropy (nn.CrossEntropyLoss and
    F.cross_entropy), the ones whose scores were looked at (`looked_at`) and those of them that were probabilities
    (`probabilities`: rows of numbers in [0, 1] adding up to 1, a softmax before a loss that applies log-softmax
    itself), and the first call's loss (`first`: where the training started, which an epoch's mean hides). It never
    changes the loss, and what it cannot read goes uncounted."""
    counts: dict[str, int | float] = {"calls": 0, "looked_at": 0, "probabilities": 0}
    original = functional.cross_entropy

    def cross_entropy(input: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
        counts["calls"] += 1
        if counts["calls"] <= LOOKED_AT or counts["calls"] % EVERY == 0:
            try:
                with torch.no_grad():
                    scores = input.detach()
                    if scores.dim() == 2 and scores.is_floating_point() and scores.numel():
                        counts["probabilities"] += int(rows_of_probabilities(scores, atol=1e-3))
                        counts["looked_at"] += 1
            except Exception:  # noqa: BLE001, S110 - scores it cannot read are not counted
                pass
        loss = original(input, target, *args, **kwargs)
        if counts["calls"] == 1:
            try:
                counts["first"] = float(loss.detach())
            except Exception:  # noqa: BLE001, S110 - a loss of many elements (reduction='none') has no one value
                pass
        return loss

    functional.cross_entropy = cross_entropy
    try:
        yield counts
    finally:
        functional.cross_entropy = original


def _device_of(model: Any) -> str | None:
    if not isinstance(model, nn.Module):
        return None
    parameter = next(model.parameters(), None)
    return None if parameter is None else parameter.device.type


def _prepare_cuda(fraction: float | None) -> int:
    """Deterministic algorithms where CUDA has them (warn, do not fail, where it has not: an ordinary model's
    adaptive pooling has none), and this worker's memory cap; returns the cap in bytes."""
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark = False
    total = torch.cuda.get_device_properties(0).total_memory
    if fraction:
        torch.cuda.set_per_process_memory_fraction(fraction)
    torch.cuda.reset_peak_memory_stats()
    return int(total * fraction) if fraction else total


def observe(
    train: Callable[[torch.device], Any],
    predict: Callable[[nn.Module, torch.device], Any],
    settings: dict,
) -> dict:
    """Trains (seeded, timed, on the chosen device, its gradients and the scores its cross-entropy is given watched),
    then predicts the held-out inputs in eval mode."""
    device, reason = settings.get("device", "cpu"), settings.get("device_reason", "")
    seed_everything(int(settings.get("seed", 0)), cuda=device == "cuda")
    cap = _prepare_cuda(settings.get("gpu_memory_fraction")) if device == "cuda" else None
    started = time.perf_counter()
    with watching_gradients() as gradients, watching_cross_entropy() as cross_entropy:
        returned = train(torch.device(device))
    seconds = time.perf_counter() - started
    seen: dict[str, Any] = {"device": device, "device_reason": reason, "train_seconds": seconds,
                            "gradients": gradients, "cross_entropy": cross_entropy}
    if cap is not None:
        seen["gpu_memory"] = {"cap": cap, "peak": torch.cuda.max_memory_reserved()}
    if not (isinstance(returned, (tuple, list)) and len(returned) == 2):
        return {**seen, "returned": type(returned).__qualname__}
    model, losses = returned
    seen |= {"model": describe_model(model), "losses": describe_losses(losses)}
    trained_on = _device_of(model)
    if trained_on is not None and trained_on != device:  # the report says where it really trained
        seen |= {"device": trained_on,
                 "device_reason": N_("{reason}, but this training kept the model on {device}").format(
                     reason=reason, device=trained_on)}
    if isinstance(model, nn.Module):
        model.eval()
        with torch.no_grad():
            predictions = predict(model, torch.device(device))
        seen["predictions"] = predictions.detach().cpu() if isinstance(predictions, torch.Tensor) else predictions
    return seen
