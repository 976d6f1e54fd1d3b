"""Training checks: the student's model trains in the worker, the grader scores it on held-out data.

The grader loads the lesson's data and splits it; the worker gets the training inputs and labels and the
held-out *inputs* only. A lesson's probe (see `autograder.sandboxed.model_probe`) trains the student's model there and
sends back its predictions for the held-out inputs, its loss history and what the model is made of. The
held-out labels stay in this process, where the metric is computed and compared with the threshold.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import torch

from autograder.calls import Stop, call_student
from autograder.explain import hint_for
from autograder.gpu import GpuSlots, Workload, choose_device
from autograder.i18n import N_, _, localized, spoken
from autograder.results import TrainingRecord, Verdict
from autograder.rubric import Check, Context
from autograder.runner import Probe, StandIns, Worker
from autograder.sandboxed.values import rows_of_probabilities

DIVERGED_HINT = N_("Look at your loss history: a loss that turns NaN or grows means the learning rate is too high, or "
                   "a log(0)/division by zero in your loss.")
GPU_MEMORY_HINT = N_("Train on mini-batches (a DataLoader with a batch size such as 64), not the whole data set at "
                     "once; keep the model small; do not change the GPU memory limits.")
TAMPERED_HINT = N_("Leave the grader's modules (autograder.*) and the worker's pipes alone: your notebook's code runs "
                   "beside the probe that trains your model and reports on it.")
NO_LOSSES_HINT = N_("Record the loss as you train, one loss.item() per epoch (or per batch), in the list your function "
                    "returns: the grader reads how training went from it.")
LOSS_GRAPH_HINT = N_("Your loss history holds tensors that keep their autograd graph (memory grows every step): "
                     "append loss.item(), a Python float, not loss.")
GRADIENTS_ADD_UP = N_("Your gradients add up from step to step: {added} of the {after} backward() passes that followed an "
                      "optimizer step added their gradients to the ones that step had already used, because nothing "
                      "zeroed them in between (optimizer.zero_grad() forgotten, written without its parentheses, or "
                      "called once per epoch or once before training). Call optimizer.zero_grad() before every "
                      "backward(), inside the loop over the batches.")
ADDING_UP = 0.5
"""The share of backward passes after an optimizer step that add to the gradients it used, from which a run counts as
one whose gradients add up (every one of them without zero_grad; all but one per epoch with zero_grad once per
epoch; none in a right loop)."""
KEPT_ON = N_("{reason}, but this training kept the model on {device}")
"""The device's reason in a report where the student's training moved the model elsewhere (the worker writes it:
`autograder.sandboxed.model_probe.observe`)."""
LOSSES_OF_TYPE = N_("the loss history is a {type}, not a list of numbers")
_LOSSES_OF_TYPE = re.compile(re.escape(LOSSES_OF_TYPE).replace(re.escape("{type}"), r"(\w+)"))


@dataclass(frozen=True)
class Split:
    """A data set split for one training check; `test_y` never leaves the grader."""

    description: str | Callable[[], str]
    """What the data is, for the report: or a function writing it, in the language of the grading under way (for a
    split kept between gradings)."""
    train_x: Any
    train_y: Any
    test_x: Any
    test_y: torch.Tensor
    work: float = 1.0
    """How many times the training work of the data the check's budget was set for (the budget grows with it)."""

    @property
    def described(self) -> str:
        return self.description() if callable(self.description) else self.description


@dataclass(frozen=True)
class Contract:
    """What the trained model must be: its output for one held-out sample, its layers, its size."""

    output_shape: tuple[int, ...]
    """The shape of the prediction for one held-out sample, e.g. (10,) for ten class scores."""
    required_layers: tuple[str, ...] = ()
    """Layer class names the model must contain, e.g. ("Conv2d",)."""
    max_parameters: int | None = None


@dataclass(frozen=True)
class Trained:
    """What a training run produced, for a lesson's `diagnose`."""

    losses: list[float]
    predictions: torch.Tensor
    value: float
    split: Split
    gradients_cleared: bool | None = None
    """Whether the worker saw the gradients cleared before each backward() that followed an optimizer step (those
    that added up are named before `diagnose`); None where it saw no such pass (no optimizer, updates by hand). A
    loss that rises is no sign of a missing zero_grad() where they were."""
    probabilities_into_loss: bool | None = None
    """Whether the worker saw cross_entropy given probabilities (softmax before it), at least half the times it
    looked; None where it saw no call (no cross-entropy, or one of the student's own)."""
    first_loss: float | None = None
    """The loss of the first cross_entropy call the worker saw, where the training started (an epoch's mean hides
    it: a loss that starts near guessing and blows up within the epoch is a learning rate too high, one that starts
    far above it inputs far too large); None where it saw none."""


def training_check(
    *,
    id: str,
    points: float,
    title: str,
    function: str,
    probe: Probe,
    data: Callable[[Context], Split],
    metric: str,
    score: Callable[[torch.Tensor, torch.Tensor], float],
    threshold: float | Callable[[Split], float],
    contract: Contract,
    budget_seconds: float,
    calibration: str,
    hint: str,
    lower_is_better: bool = False,
    workload: Workload | Callable[[Split], Workload] = "small",
    diagnose: Callable[[Trained], str | None] | None = None,
    ruled_out: Callable[[Trained], str | None] | None = None,
    replace: StandIns | None = None,
    hidden: bool = False,
    epochs: int | None = None,
    starts_near: float | None = None,
) -> Check:
    """A check that the model the student's `function` trains reaches `threshold` on held-out data.

    Args:
        probe: the lesson's function in `autograder.sandboxed.probes`, called in the worker as
            probe(student_fn, train_x, train_y, test_x, settings); it returns `model_probe.observe(...)`.
        data: loads and splits the data (cache it: every grading calls it).
        metric: what `score(predictions, test_y)` measures, for the report ("held-out accuracy").
        threshold: what the metric must reach, or a function of the split (each data set is calibrated on its own).
        contract: the model's output shape per sample, required layers, parameter cap.
        budget_seconds: wall-clock limit of the training call on the data it was calibrated for (a split with
            more `work` gets proportionally more).
        calibration: how the threshold and the budget were chosen (shown in the report).
        workload: "large" trains on CUDA when there is one; "small" stays on the CPU (no faster on a GPU); or a
            function of the split (the same model may be small on the bundled data and large on MNIST).
        diagnose: names the likely mistake from a failed run (None: the default hint).
        ruled_out: names a mistake that a run meeting the bar may still show, which fails it (a model that is
            close to the bar either way, with or without the mistake); None when it shows none.
        epochs: the epochs the probe's call asks for, one loss each (a history of another length fails, the hint
            naming why); None where the function trains for epochs of its own.
        starts_near: the mean loss an untrained model starts near (log 2 for a binary cross-entropy): a run whose
            first loss is many times it summed its loss over the samples, named when the run then diverged or rose
            (`summed_and_unstable`); None where the lesson's learning rate tolerates a summed loss.

    Before the lesson's `diagnose`, a failed run is told a mistake the worker saw happen: gradients that add up
    from step to step (`gradients_added_up`), or a summed loss.
    """

    def run(worker: Worker, context: Context) -> Verdict:
        split = data(context)
        bar = threshold(split) if callable(threshold) else threshold
        device, reason = choose_device(workload(split) if callable(workload) else workload, context.device)
        budget = round(budget_seconds * split.work, 1)
        slots = context.gpu_slots if device == "cuda" else None
        settings = {"seed": worker.seed, "device": device, "device_reason": reason,
                    "gpu_memory_fraction": slots.memory_fraction if slots else None}
        record = TrainingRecord(
            metric=metric, value=None, threshold=bar, lower_is_better=lower_is_better, data=split.described,
            device=device, device_reason=reason, seed=worker.seed, train_seconds=0.0, budget_seconds=budget,
            losses=[], calibration=calibration,
        )
        try:
            with slots.hold() if slots else nullcontext():  # waiting for the GPU does not count against the budget
                reply = call_student(worker, function, (split.train_x, split.train_y, split.test_x, settings),
                                     inputs=lambda: {_("data"): localized(split.described)}, probe=probe,
                                     replace=replace, seconds=budget)
        except Stop as stop:
            unfinished = stop.verdict.status in ("timeout", "crashed")
            return dataclasses.replace(stop.verdict, training=record) if unfinished else stop.verdict
        if reply.error:
            error = reply.error
            if error["ename"] == "OutOfMemoryError":
                return Verdict("failed", message=_("training with {function}() ran out of GPU memory: {share}").format(
                               function=function, share=_gpu_share(slots)), hint=GPU_MEMORY_HINT, training=record)
            return Verdict("error", message=_("training with {function}() raised {ename}: {evalue}").format(
                               function=function, ename=error["ename"], evalue=error["evalue"]),
                           hint=hint_for(error, hint), traceback=error["traceback"], training=record)
        seen = reply.value
        if _malformed(seen):
            return Verdict("failed", message=_("the report on the training with {function}() is not one the grader's "
                                               "probe makes: the notebook's code changed the probe or forged its "
                                               "reply").format(function=function), hint=TAMPERED_HINT, training=record)
        losses = seen.get("losses", {})
        history = [float(v) for v in losses.get("values", [])]
        record = dataclasses.replace(
            record, device=str(seen.get("device", "")),
            device_reason=_device_reason(str(seen.get("device_reason", "")), reason, str(seen.get("device", ""))),
            train_seconds=round(float(seen.get("train_seconds", 0.0)), 3), losses=[_finite(v) for v in history],
        )
        memory = seen.get("gpu_memory") or {}
        if memory.get("peak", 0) > memory.get("cap", math.inf):
            return Verdict("failed", message=_("training with {function}() used {peak} of GPU memory, more than its "
                                               "cap of {cap} ({share})").format(
                               function=function, peak=_gib(memory["peak"]), cap=_gib(memory["cap"]),
                               share=_gpu_share(slots)),
                           hint=GPU_MEMORY_HINT, training=record)
        problem = _broken_contract(seen, contract, function, len(split.test_y))
        if problem:
            return Verdict("failed", message=problem, hint=hint, training=record)
        gradients, cross_entropy = seen.get("gradients", {}), seen.get("cross_entropy", {})
        witnessed = gradients_added_up(gradients) or (
            summed_and_unstable(history, starts_near) if starts_near else None)
        if _diverged(seen["predictions"]):
            return Verdict("failed", message=_("the model's output for the held-out inputs holds NaN or infinity"),
                           hint=witnessed or DIVERGED_HINT, training=record)
        if losses.get("problem") or losses.get("keeps_graph"):
            return Verdict("failed", message=_loss_problem(losses.get("problem"))
                           or _("the loss history keeps the autograd graph"), hint=LOSS_GRAPH_HINT, training=record)
        if not history:
            return Verdict("failed", message=_("{function}() returned an empty loss history").format(function=function),
                           hint=NO_LOSSES_HINT, training=record)
        if epochs is not None and len(history) != epochs:
            return Verdict("failed", message=_("{function}() returned {entries} losses for the {epochs} epochs it was "
                                               "asked for").format(function=function, entries=len(history),
                                                                   epochs=epochs),
                           hint=loss_count_hint(len(history), epochs), training=record)
        predictions = seen["predictions"]
        if not predictions.is_floating_point():  # a model may output bool or int scores; the metrics take floats
            predictions = predictions.double()
        value = float(score(predictions, split.test_y))
        record = dataclasses.replace(record, value=value if math.isfinite(value) else None)
        reached = record.outcome(spoken())
        meets = math.isfinite(value) and (value <= bar if lower_is_better else value >= bar)
        looked_at = cross_entropy.get("looked_at", 0)
        trained = Trained(
            history, predictions, value, split,
            gradients_cleared=gradients.get("added_to", 0) == 0 if gradients.get("after_step") else None,
            probabilities_into_loss=cross_entropy.get("probabilities", 0) >= looked_at / 2 if looked_at else None,
            first_loss=_finite(float(cross_entropy["first"])) if "first" in cross_entropy else None)
        mistake = ruled_out(trained) if meets and ruled_out else None
        if meets and mistake is None:
            return Verdict.passed(message=reached, training=record)
        if mistake is not None:
            return Verdict("failed", message=_("{outcome}, but the run shows a mistake").format(outcome=reached),
                           hint=mistake, training=record)
        likely = witnessed or (diagnose(trained) if diagnose else None)
        return Verdict("failed", message=_("the trained model falls short: {outcome}").format(outcome=reached),
                       hint=likely or hint, training=record)

    limits = {"max_parameters": contract.max_parameters, "required_layers": contract.required_layers,
              "budget_seconds": budget_seconds, "epochs": epochs}
    return Check(id=id, points=points, title=title, function=function, run=run, hidden=hidden, probe=probe, hint=hint,
                 replace=replace, limits=limits)


def _device_reason(seen: str, chosen: str, device: str) -> str:
    """Why the model trained where it did, as the report says it, in the language of the grading: the grader's reason
    (`chosen`), or the worker's word that the training kept the model on another device (`KEPT_ON`)."""
    if seen == KEPT_ON.format(reason=chosen, device=device):
        return localized(KEPT_ON).format(reason=localized(chosen), device=device)
    return localized(seen)


def _loss_problem(problem: object) -> str:
    """What the worker found wrong with the loss history (`model_probe.describe_losses`), in the language of the
    grading ("" for none)."""
    if not problem or not isinstance(problem, str):
        return ""
    match = _LOSSES_OF_TYPE.fullmatch(problem)
    if match:
        return localized(LOSSES_OF_TYPE).format(type=match.group(1))
    return localized(problem)


def _gpu_share(slots: GpuSlots | None) -> str:
    if slots is None:
        return _("this grading had the whole GPU")
    return _("each of the {count} gradings that share the GPU may use {share} of its memory (grade autograde "
             "--gpu-workers)").format(count=slots.count, share=f"{slots.memory_fraction:.0%}")


def _gib(size: float) -> str:
    return f"{size / 1024**3:.2f} GiB"


def _malformed(seen: Any) -> bool:
    """Whether the probe's report lacks the form the probe gives it (see `autograder.sandboxed.model_probe.observe`).
    The student's code runs beside the probe, so it can change the probe or forge its reply: neither may break the
    grader. The predictions are the contract's to check."""
    def number(value: Any) -> bool:
        return type(value) in (int, float)

    def text(value: Any) -> bool:
        return type(value) is str

    if type(seen) is not dict:
        return True
    if "returned" in seen:
        return not text(seen["returned"])
    model, losses, memory = seen.get("model"), seen.get("losses"), seen.get("gpu_memory") or {}
    gradients, cross_entropy = seen.get("gradients", {}), seen.get("cross_entropy", {})
    if type(model) is not dict or type(model.get("is_module")) is not bool or not text(model.get("type", "")):
        return True
    if model["is_module"] and not (type(model.get("layers")) is list and all(map(text, model["layers"]))
                                   and type(model.get("parameters")) is int and model["parameters"] >= 0):
        return True
    if type(losses) is not dict or type(losses.get("values", [])) is not list:
        return True
    return not (all(map(number, losses.get("values", []))) and text(losses.get("problem") or "")
                and type(losses.get("keeps_graph", False)) is bool
                and all(text(seen.get(key, "")) for key in ("device", "device_reason"))
                and number(seen.get("train_seconds", 0.0))
                and type(memory) is dict and all(number(memory.get(key, 0)) for key in ("cap", "peak"))
                and all(type(counts) is dict and all(map(number, counts.values()))
                        for counts in (gradients, cross_entropy)))


def _broken_contract(seen: dict, contract: Contract, function: str, rows: int) -> str | None:
    if "returned" in seen:
        return _("{function}() must return (model, losses); it returned a {type}").format(
            function=function, type=seen["returned"])
    model = seen.get("model", {})
    if not model.get("is_module"):
        return _("{function}() must return an nn.Module as its model; it returned a {type}").format(
            function=function, type=model.get("type", "?"))
    missing = [name for name in contract.required_layers if name not in model["layers"]]
    if missing:
        return _("the model has no {layers} layer: this lesson's model must use {required}").format(
            layers=_(" or ").join(missing), required=", ".join(missing))
    if contract.max_parameters is not None and model["parameters"] > contract.max_parameters:
        return _("the model has {count} trained parameters, more than the {allowed} this lesson allows").format(
            count=f"{model['parameters']:,}", allowed=f"{contract.max_parameters:,}")
    predictions = seen.get("predictions")
    expected = (rows, *contract.output_shape)
    if not isinstance(predictions, torch.Tensor):
        return _("the model's output for the held-out inputs is a {type}, not a tensor").format(
            type=type(predictions).__name__)
    if tuple(predictions.shape) != expected:
        return _("the model's output for {rows} held-out samples has shape {shape}, expected {expected}").format(
            rows=rows, shape=tuple(predictions.shape), expected=expected)
    return None


def _diverged(predictions: torch.Tensor) -> bool:
    return predictions.is_floating_point() and not bool(torch.isfinite(predictions).all())


def _finite(value: float) -> float | None:
    """A loss for the record: JSON has no NaN or infinity, so those become None (a gap in the curve)."""
    return value if math.isfinite(value) else None


def loss_count_hint(entries: int, epochs: int) -> str:
    """Why a loss history has `entries` entries for the `epochs` a function was given."""
    if entries == 1:
        return _("Your loss history has 1 entry for {epochs} epochs: a `return` inside the epoch loop ends the "
                 "training after its first epoch. Return after the loop.").format(epochs=epochs)
    if entries < epochs:
        return _("Your loss history has {entries} entries for the {epochs} epochs the grader asked for: the training "
                 "stopped early (a `return` or `break` inside the epoch loop?) or ran a number of epochs of its own. "
                 "Train for the `epochs` your function is given and record one loss each.").format(
            entries=entries, epochs=epochs)
    return _("Your loss history has {entries} entries for the {epochs} epochs the grader asked for: train for the "
             "`epochs` your function is given (not a number of your own) and record one loss per epoch (after the "
             "loop over its batches, not one per batch).").format(entries=entries, epochs=epochs)


STILL_FALLING = 0.03
"""How much the loss must fall over the last quarter of the epochs (3%, every epoch no higher than the one before
it, give or take 1%) for a run to count as stopped while it was still learning; or it fell at every one of them
(steps too small to have arrived: a learning rate too low)."""
FEW_EPOCHS = 3
"""Fewer epochs than these cannot tell a mistake's loss curve from a model that had not finished learning."""


def under_trained(losses: list[float], change: str) -> str | None:
    """The hint for a run that stopped too early to be told from a mistake: too few epochs, or a loss still falling
    when the training stopped; None when the loss curve can name a mistake. `change`: what to change, in the
    lesson's terms (which epochs or lr to raise)."""
    if not losses or not all(math.isfinite(v) for v in losses):
        return None
    if len(losses) < FEW_EPOCHS:
        return _("Your loss history has only {entries} entries: too few epochs to tell a mistake from a model that "
                 "had not finished learning (or did a `return` inside the epoch loop end the training early?). "
                 "{change}").format(entries=len(losses), change=change)
    tail = losses[-max(2, len(losses) // 4):]
    falls = tail[-1] < (1 - STILL_FALLING) * tail[0] and all(b <= 1.01 * a for a, b in zip(tail, tail[1:]))
    if falls or (len(tail) >= FEW_EPOCHS and all(b < a for a, b in zip(tail, tail[1:]))):
        return _("Your loss was still falling when the training stopped ({first} -> {last} over its last {epochs} "
                 "epochs): the model had not finished learning, which is not a mistake in your loop. "
                 "{change}").format(first=f"{tail[0]:.4g}", last=f"{tail[-1]:.4g}", epochs=len(tail), change=change)
    return None


def gradients_added_up(gradients: dict[str, int]) -> str | None:
    """The hint for a training whose backward passes added to the gradients an optimizer step had used (the worker's
    count: `autograder.sandboxed.model_probe.watching_gradients`), from `ADDING_UP` of them on; None otherwise."""
    after, added = gradients.get("after_step", 0), gradients.get("added_to", 0)
    if after < 1 or added < ADDING_UP * after:
        return None
    return localized(GRADIENTS_ADD_UP).format(added=added, after=after)


def summed_and_unstable(losses: list[float], mean_loss: float) -> str | None:
    """The hint for a loss summed over the samples where the lesson's lr expects a mean: the first loss is many
    times `mean_loss` (what a mean loss starts near) and the run then blew up or rose; None otherwise."""
    if not losses or not math.isfinite(losses[0]) or losses[0] < 5 * mean_loss:
        return None
    blew_up = not all(math.isfinite(v) for v in losses) or any(b > a for a, b in zip(losses, losses[1:]))
    if not blew_up:
        return None
    return _("Your first loss is {first}, about {times} times what a mean loss starts at ({mean}): the loss is summed "
             "over the samples (reduction='sum', or the lecture's size_average=False), so every step is N times "
             "larger than the learning rate you were given expects, and the training overshoots. Use the default "
             "reduction='mean', or divide lr by the number of samples.").format(
        first=f"{losses[0]:.4g}", times=f"{losses[0] / mean_loss:.0f}", mean=f"{mean_loss:.3g}")


def ends_with_softmax(trained: Trained) -> bool:
    """Whether the model's scores for the held-out inputs are probabilities: rows of numbers in [0, 1] adding up
    to 1 (its forward ends with softmax)."""
    out = trained.predictions
    return out.dim() == 2 and len(out) > 0 and rows_of_probabilities(out, atol=1e-4)


def softmax_before_cross_entropy(classes: int, *, at_least: int = FEW_EPOCHS) -> Callable[[Trained], str | None]:
    """A `ruled_out` (and a diagnosis) for nn.CrossEntropyLoss over `classes` fed probabilities: every epoch's mean
    loss, of `at_least` epochs or more, lies between log(1 + (classes - 1)/e), the least it gives on probabilities,
    and log(classes), guessing, and has stopped falling; or the model's outputs are themselves probabilities (rows of
    numbers in [0, 1] adding up to 1: its forward ends with softmax). A right loop's falls well below (hw10's reference to
    0.68-0.71); one stopped early may not have yet (one epoch of a right loop: a mean loss near 1.5). What the worker
    saw go into cross_entropy decides first: probabilities name the mistake, scores rule it out."""
    floor, guessing = math.log(1 + (classes - 1) / math.e), math.log(classes)

    def shows(trained: Trained) -> str | None:
        losses = trained.losses
        if trained.probabilities_into_loss is False:  # the worker saw the loss given scores, never probabilities
            return None
        if not trained.probabilities_into_loss and not ends_with_softmax(trained) and (
                len(losses) < at_least or not all(floor - 0.01 <= v <= guessing + 0.1 for v in losses)
                or under_trained(losses, "")):  # too few epochs, or still falling: cannot tell
            return None
        return _("Your loss fell but never below {floor} = log(1 + {others}/e), the smallest value "
                 "nn.CrossEntropyLoss can take when it is fed probabilities: you applied softmax before "
                 "nn.CrossEntropyLoss (softmax twice). Do not apply softmax before nn.CrossEntropyLoss: it applies "
                 "log-softmax itself, give it the raw logits of the last layer. (If no softmax comes between your "
                 "model and the loss and the loss was still falling a little at every epoch, the learning rate is "
                 "only too small for the epochs it trains: raise either.)").format(
            floor=f"{floor:.3f}", others=classes - 1)

    return shows


def accuracy_of_logits(predictions: torch.Tensor, labels: torch.Tensor) -> float:
    """Share of samples whose highest score is at the true class."""
    return float((predictions.argmax(dim=1) == labels).double().mean())


def accuracy_of_probabilities(predictions: torch.Tensor, labels: torch.Tensor) -> float:
    """Share of samples whose predicted probability of class 1 is on the right side of 0.5."""
    return float(((predictions.reshape(-1) > 0.5).long() == labels.reshape(-1).long()).double().mean())
