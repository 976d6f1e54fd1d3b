"""Training checks: the grader's side decides from observations; the worker's side observes honestly.

The grader's side is tested with a stand-in worker that replies with chosen observations, so every branch
(contract, loss history, threshold, limits) is exercised without training anything; `model_probe` is tested
on real small models in this process.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import threading
import time
import warnings
from dataclasses import dataclass, field

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from autograder import gpu, training
from autograder.errors import WorkerTimeout
from autograder.rubric import Context
from autograder.runner import Reply
from autograder.sandboxed import model_probe
from autograder.training import LOSS_GRAPH_HINT, TAMPERED_HINT, Contract, Split, accuracy_of_logits, training_check

LABELS = torch.tensor([0, 1, 2, 1])
SPLIT = Split("four samples", torch.zeros(8, 2), torch.zeros(8, dtype=torch.long), torch.ones(4, 2), LABELS)
RIGHT = torch.nn.functional.one_hot(LABELS, 3).double()  # every argmax at the true class
HALF = torch.nn.functional.one_hot(torch.tensor([0, 1, 0, 0]), 3).double()


@dataclass
class StandIn:
    """A worker that answers every call with `reply` (or raises it) and records what it was sent."""

    reply: Reply | Exception
    seed: int = 3
    sent: list = field(default_factory=list)

    def call(self, fn, args=(), *, probe=None, replace=None, seconds=None):
        self.sent.append({"fn": fn, "args": args, "probe": probe, "seconds": seconds})
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply


def observed(predictions=RIGHT, *, layers=("Linear", "Net"), parameters=9, losses=None, **extra) -> Reply:
    seen = {
        "device": "cpu", "device_reason": "no GPU on this machine", "train_seconds": 0.5,
        "model": {"is_module": True, "type": "Net", "layers": list(layers), "parameters": parameters},
        "losses": losses or {"values": [2.0, 1.0, 0.5], "keeps_graph": False},
        "predictions": predictions,
    }
    return Reply(value={**seen, **extra})


def check(**overrides):
    options = dict(
        id="train", points=10, title="t", function="train_model", probe="hw99:probe", data=lambda context: SPLIT,
        metric="held-out accuracy", score=accuracy_of_logits, threshold=0.75,
        contract=Contract(output_shape=(3,), required_layers=("Linear",), max_parameters=100),
        budget_seconds=20, calibration="reference 1.0 over seeds 0-4", hint="default hint",
        diagnose=lambda trained: "predicts one class" if trained.value < 0.6 else None,
    )
    return training_check(**{**options, **overrides})


def run(reply, **overrides):
    worker = StandIn(reply)
    return check(**overrides).run(worker, Context()), worker


def test_a_model_above_the_threshold_passes_with_its_training_record():
    verdict, worker = run(observed())
    assert verdict.status == "passed"
    record = verdict.training
    assert (record.value, record.threshold, record.device, record.seed) == (1.0, 0.75, "cpu", 3)
    assert record.losses == [2.0, 1.0, 0.5] and record.train_seconds == 0.5 and record.budget_seconds == 20
    assert "held-out accuracy 1" in verdict.message


def test_held_out_labels_never_reach_the_worker_and_the_budget_is_the_call_limit():
    _, worker = run(observed())
    (sent,) = worker.sent
    assert sent["seconds"] == 20 and sent["probe"] == "hw99:probe"
    train_x, train_y, test_x, settings = sent["args"]
    assert test_x is SPLIT.test_x
    if not torch.cuda.is_available():
        assert settings == {"seed": 3, "device": "cpu", "device_reason": "no GPU on this machine",
                            "gpu_memory_fraction": None}
    assert not any(arg is SPLIT.test_y for arg in sent["args"])


def test_a_model_below_the_threshold_fails_with_the_diagnosis_and_the_value_reached():
    verdict, _ = run(observed(HALF))
    assert verdict.status == "failed"
    assert verdict.training.value == 0.5
    assert "0.5" in verdict.message and "at least 0.75" in verdict.message
    assert verdict.hint == "predicts one class"


def test_a_mistake_the_lesson_rules_out_fails_a_run_that_meets_the_bar_and_only_such_a_run():
    def flat_losses(trained):
        return "the loss never fell: softmax before the loss?" if min(trained.losses) > 1.0 else None

    verdict, _ = run(observed(losses={"values": [2.0, 1.5, 1.2], "keeps_graph": False}), ruled_out=flat_losses)
    assert verdict.status == "failed" and verdict.hint == "the loss never fell: softmax before the loss?"
    assert "held-out accuracy 1" in verdict.message and verdict.training.value == 1.0
    assert run(observed(), ruled_out=flat_losses)[0].status == "passed"  # its losses fall to 0.5
    below = run(observed(HALF, losses={"values": [2.0, 1.5, 1.2], "keeps_graph": False}), ruled_out=flat_losses)[0]
    assert below.hint == "predicts one class"  # a run below the bar is diagnosed as before


def test_a_threshold_can_depend_on_the_data():
    verdict, _ = run(observed(HALF), threshold=lambda split: 0.4 if split is SPLIT else 0.9)
    assert verdict.status == "passed" and verdict.training.threshold == 0.4


def test_lower_is_better_metrics_pass_below_the_threshold():
    error = lambda predictions, labels: 0.1  # noqa: E731
    assert run(observed(), score=error, threshold=0.2, lower_is_better=True)[0].status == "passed"
    assert run(observed(), score=error, threshold=0.05, lower_is_better=True)[0].status == "failed"


@pytest.mark.parametrize(
    ("reply", "says"),
    [
        (Reply(value={"device": "cpu", "returned": "Net"}), "must return (model, losses); it returned a Net"),
        (observed(model={"is_module": False, "type": "function"}), "must return an nn.Module"),
        (observed(layers=("Net",)), "no Linear layer"),
        (observed(parameters=5000), "5,000 trained parameters, more than the 100"),
        (observed(RIGHT[:, :2]), "has shape (4, 2), expected (4, 3)"),
        (observed(predictions=[1, 2]), "is a list, not a tensor"),
    ],
)
def test_a_model_that_breaks_its_contract_fails_saying_which_part(reply, says):
    verdict, _ = run(reply)
    assert verdict.status == "failed"
    assert says in verdict.message
    assert verdict.training is not None


def test_scores_of_any_dtype_are_scored_not_raised():
    """A model whose output is bool (or int) scores: argmax has no bool kernel, and this raised in the grader."""
    assert run(observed(RIGHT.bool()))[0].status == "passed"
    verdict, _ = run(observed(HALF.to(torch.uint8)))
    assert verdict.status == "failed" and verdict.training.value == 0.5


@pytest.mark.parametrize(
    "reply",
    [
        Reply(value=[1.0]),
        Reply(value={"returned": 5}),
        observed(losses=[1.0]),
        observed(losses={"values": ["x"]}),
        observed(losses={"values": [1.0], "problem": 3}),
        observed(model={"is_module": True, "type": "Net", "parameters": 9}),
        observed(parameters="9"),
        observed(parameters=torch.tensor([9, 9])),
        observed(parameters=-1),
        observed(model="Net"),
        observed(device=["cuda"]),
        observed(train_seconds="fast"),
        observed(gpu_memory={"peak": "a lot", "cap": 1}),
        observed(gradients=[3, 3]),
        observed(gradients={"after_step": "all"}),
    ],
)
def test_a_report_the_probe_never_makes_fails_the_check_not_the_grader(reply):
    """The student's code runs beside the probe: it can change it (autograder.sandboxed.model_probe.describe_losses = ...) or
    forge its reply. Each of these raised in the grader, which then graded nothing."""
    verdict, _ = run(reply)
    assert verdict.status == "failed" and "not one the grader's probe makes" in verdict.message
    assert verdict.hint == TAMPERED_HINT


def test_a_loss_history_that_keeps_the_graph_fails_with_its_own_hint():
    verdict, _ = run(observed(losses={"values": [1.0], "keeps_graph": True}))
    assert verdict.status == "failed" and verdict.hint == LOSS_GRAPH_HINT


def test_non_finite_results_are_wrong_answers_and_stay_valid_json():
    verdict, _ = run(observed(torch.full((4, 3), float("nan")), losses={"values": [1.0, float("inf")]}))
    assert verdict.status == "failed" and "NaN" in verdict.message and "learning rate" in verdict.hint
    assert verdict.training.value is None and verdict.training.losses == [1.0, None]


def test_gradients_that_add_up_are_named_before_the_lessons_diagnosis_and_only_in_a_failed_run():
    added_up = {"steps": 12, "after_step": 11, "added_to": 8}
    failed, _ = run(observed(HALF, gradients=added_up))
    assert failed.status == "failed" and "8 of the 11 backward() passes" in failed.hint and "zero_grad()" in failed.hint
    diverged, _ = run(observed(torch.full((4, 3), float("nan")), gradients=added_up))
    assert "add up" in diverged.hint
    few, _ = run(observed(HALF, gradients={"steps": 12, "after_step": 11, "added_to": 2}))
    assert few.hint == "predicts one class"
    passed, _ = run(observed(gradients=added_up))  # the grade is the held-out score's: the hint explains a failure
    assert passed.status == "passed"


def test_a_summed_loss_is_named_where_the_check_knows_where_a_mean_loss_starts():
    summed = {"values": [120.0, 4000.0, float("nan")], "keeps_graph": False}
    nan = torch.full((4, 3), float("nan"))
    told, _ = run(observed(nan, losses=summed), starts_near=0.69)
    assert "summed" in told.hint and "reduction='mean'" in told.hint
    untold, _ = run(observed(nan, losses=summed))
    assert "learning rate" in untold.hint


def test_limits_errors_and_stubs_end_the_check_with_their_own_status():
    timeout, _ = run(WorkerTimeout("train_model() ran past the time limit of 20 s", limit="time"))
    assert timeout.status == "timeout" and "20 s" in timeout.message
    stub, _ = run(Reply(error={"ename": "NotImplementedError", "evalue": "", "traceback": "", "origin": "student"}))
    assert stub.status == "not_implemented"
    error, _ = run(Reply(error={"ename": "RuntimeError", "evalue": "mat1 and mat2 shapes", "traceback": "cell 4"}))
    assert error.status == "error" and "mat1 and mat2" in error.message and error.traceback == "cell 4"
    assert error.training.data == "four samples" and error.training.value is None and timeout.training.seed == 3


# The worker's side.


def tiny_training(device):
    model = nn.Sequential(nn.Linear(2, 3), nn.Dropout(0.5)).to(device)
    losses = []
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):
        optimizer.zero_grad()
        loss = model(torch.ones(4, 2, device=device)).pow(2).mean()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return model, losses


def test_observe_trains_seeded_on_the_cpu_and_predicts_in_eval_mode():
    settings = {"seed": 1, "device": "cpu", "device_reason": "no GPU on this machine"}
    predict = lambda model, device: model(torch.ones(5, 2, device=device))  # noqa: E731
    first = model_probe.observe(tiny_training, predict, settings)
    second = model_probe.observe(tiny_training, predict, settings)
    assert torch.equal(first["predictions"], second["predictions"])  # seeded
    assert torch.equal(first["predictions"][0], first["predictions"][1])  # dropout off: eval mode
    assert first["model"] == {"is_module": True, "type": "Sequential", "layers": ["Dropout", "Linear", "Sequential"],
                              "parameters": 9}
    assert len(first["losses"]["values"]) == 3 and first["losses"]["keeps_graph"] is False
    assert (first["device"], first["device_reason"]) == ("cpu", "no GPU on this machine")
    assert "gpu_memory" not in first  # only a CUDA training is capped and measured


def loop(zero_grad: str, *, epochs: int = 3, batches: int = 4):
    """A training on a tiny model whose gradients are cleared where `zero_grad` says: each batch, after each step,
    each batch by hand, by setting them to None, each batch after a gradient norm logged with autograd.grad, never
    accumulated (computed with autograd.grad and assigned), once per epoch, once before training, or never."""

    def train(device):
        model = nn.Linear(2, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        if zero_grad == "before training":
            optimizer.zero_grad()
        for _ in range(epochs):
            if zero_grad == "each epoch":
                optimizer.zero_grad()
            for _ in range(batches):
                if zero_grad == "each batch":
                    model.zero_grad()
                elif zero_grad == "by hand":
                    for p in model.parameters():
                        if p.grad is not None:
                            p.grad.zero_()
                loss = model(torch.randn(8, 2)).pow(2).mean()
                if zero_grad == "autograd.grad":  # gradients computed apart and assigned: .grad never added to
                    for p, g in zip(model.parameters(), torch.autograd.grad(loss, list(model.parameters()))):
                        p.grad = g
                    optimizer.step()
                    continue
                if zero_grad == "norm logged":  # a gradient norm logged with autograd.grad, then a right step
                    torch.autograd.grad(loss, list(model.parameters()), retain_graph=True)
                    optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                if zero_grad == "after step":
                    optimizer.zero_grad(set_to_none=True)
                elif zero_grad == "to None":
                    for p in model.parameters():
                        p.grad = None
        return model, [1.0] * epochs

    return train


@pytest.mark.parametrize(("zero_grad", "after", "added"), [
    ("each batch", 11, 0), ("after step", 11, 0), ("by hand", 11, 0), ("to None", 11, 0), ("norm logged", 11, 0),
    ("autograd.grad", 0, 0),
    ("each epoch", 11, 9), ("before training", 11, 11), ("never", 11, 11),
])
def test_the_worker_counts_the_backward_passes_that_add_to_the_gradients_a_step_used(zero_grad, after, added):
    seen = model_probe.observe(loop(zero_grad), lambda model, device: model(torch.ones(1, 2)), {"seed": 0})
    assert seen["gradients"] == {"steps": 12, "after_step": after, "added_to": added}
    hint = training.gradients_added_up(seen["gradients"])
    assert (hint is not None) == (added > 0)


def classifier_training(scores: str):
    """Three epochs of 4 batches of a 3-class model whose loss is given `scores`: the logits, their softmax (given
    to F.cross_entropy or nn.CrossEntropyLoss), or the student's own cross-entropy (never torch's)."""

    def train(device):
        model = nn.Linear(2, 3)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for _ in range(12):
            logits, labels = model(torch.randn(8, 2)), torch.randint(0, 3, (8,))
            if scores == "logits":
                loss = nn.CrossEntropyLoss()(logits, labels)
            elif scores == "softmax, nn.CrossEntropyLoss":
                loss = nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), labels)
            elif scores == "softmax, F.cross_entropy":
                loss = nn.functional.cross_entropy(logits.softmax(dim=1), labels)
            else:
                loss = -torch.log_softmax(logits, dim=1)[torch.arange(8), labels].mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        return model, [1.0, 0.9, 0.8]

    return train


@pytest.mark.parametrize(("scores", "counts"), [
    ("logits", {"calls": 12, "looked_at": 12, "probabilities": 0}),
    ("softmax, nn.CrossEntropyLoss", {"calls": 12, "looked_at": 12, "probabilities": 12}),
    ("softmax, F.cross_entropy", {"calls": 12, "looked_at": 12, "probabilities": 12}),
    ("its own cross-entropy", {"calls": 0, "looked_at": 0, "probabilities": 0}),
])
def test_the_worker_sees_whether_the_cross_entropy_is_given_probabilities(scores, counts):
    original = nn.functional.cross_entropy
    seen = model_probe.observe(classifier_training(scores), lambda model, device: model(torch.ones(1, 2)), {"seed": 0})
    watched = seen["cross_entropy"]
    assert {key: watched[key] for key in counts} == counts
    assert (0.5 < watched["first"] < 2.0) if counts["calls"] else "first" not in watched  # near log(3) at the start
    assert nn.functional.cross_entropy is original  # restored when the training returns


@pytest.mark.parametrize(("probabilities", "named"), [(True, True), (False, False), (None, True)])
def test_softmax_before_the_loss_is_named_by_what_went_into_it_before_the_loss_curve(probabilities, named):
    """A loss that stopped between log(1 + 2/e) and log(3) reads as softmax twice, unless the worker saw scores."""
    floor_losses = [1.05, 1.0, 0.99, 0.99, 0.99, 0.99]
    trained = training.Trained(floor_losses, 4 * HALF - 1, 0.5, SPLIT, probabilities_into_loss=probabilities)
    assert (training.softmax_before_cross_entropy(3)(trained) is not None) == named


def test_the_gradient_watch_ends_with_the_training_and_leaves_no_hook_behind():
    with model_probe.watching_gradients() as counts:
        model, _ = loop("never")(None)
    assert counts["added_to"] == 11
    assert not model.weight._backward_hooks and not model.weight._post_accumulate_grad_hooks  # the watched one
    loop("never")(None)
    model(torch.ones(1, 2)).sum().backward()
    assert counts["added_to"] == 11


def test_the_gradient_watch_never_breaks_a_training_it_cannot_read():
    def sparse(device):
        embedding = nn.Embedding(10, 3, sparse=True)
        optimizer = torch.optim.SGD(embedding.parameters(), lr=0.1)
        for _ in range(3):
            embedding(torch.tensor([1, 2])).sum().backward()
            optimizer.step()
        return embedding, [1.0]

    seen = model_probe.observe(sparse, lambda model, device: model(torch.tensor([[1]])), {"seed": 0})
    assert seen["gradients"]["steps"] == 3 and "predictions" in seen


def test_observe_reports_what_came_back_when_it_is_not_a_model_and_losses():
    seen = model_probe.observe(lambda device: "done", lambda model, device: None, {"seed": 0})
    assert seen["returned"] == "str"
    as_list = model_probe.observe(lambda device: list(tiny_training(device)), lambda m, d: m(torch.ones(1, 2)), {})
    assert as_list["model"]["is_module"] and "returned" not in as_list
    graph = torch.ones(1, requires_grad=True) * 2
    assert model_probe.describe_losses([graph.sum()])["keeps_graph"] is True
    assert "not a list" in model_probe.describe_losses(3.0)["problem"]


def test_the_record_names_the_device_the_model_really_trained_on(monkeypatch):
    monkeypatch.setattr(model_probe, "_prepare_cuda", lambda fraction: 1000)  # no CUDA here: training stays on cpu
    monkeypatch.setattr(torch.cuda, "max_memory_reserved", lambda: 10)
    settings = {"device": "cuda", "device_reason": "--device cuda was asked for"}
    seen = model_probe.observe(lambda device: tiny_training("cpu"), lambda m, d: m(torch.ones(1, 2)), settings)
    assert seen["device"] == "cpu"
    assert seen["device_reason"] == "--device cuda was asked for, but this training kept the model on cpu"


def test_device_policy_keeps_small_work_on_the_cpu_and_obeys_the_user(monkeypatch):
    monkeypatch.setattr(gpu, "cuda_available", lambda: False)
    assert gpu.choose_device("large", "auto") == ("cpu", "no GPU on this machine")
    assert gpu.choose_device("large", "cuda") == ("cpu", "--device cuda was asked for, but there is no GPU")
    monkeypatch.setattr(gpu, "cuda_available", lambda: True)
    assert gpu.choose_device("small", "auto") == ("cpu", "a model this small trains as fast on a CPU as on a GPU")
    assert gpu.choose_device("large", "auto") == ("cuda", "a GPU is available and this workload trains much faster there")
    assert gpu.choose_device("large", "cpu") == ("cpu", "--device cpu was asked for")
    assert gpu.choose_device("small", "cuda") == ("cuda", "--device cuda was asked for")


# Sharing one GPU (the grader's side; tests/test_gpu.py trains on a real one where there is one).


def test_a_gpu_slot_is_held_by_one_training_at_a_time(tmp_path):
    slots = gpu.GpuSlots(1, str(tmp_path))
    order = []

    def second() -> None:
        with slots.hold():
            order.append("second")

    with slots.hold() as number:
        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(0.3)
        assert waiting.is_alive() and number == 0  # the only slot is taken: the second training waits
        order.append("first")
    waiting.join(5)
    assert order == ["first", "second"]
    with gpu.GpuSlots(2, str(tmp_path)).hold() as a, gpu.GpuSlots(2, str(tmp_path)).hold() as b:
        assert {a, b} == {0, 1}  # two slots: two trainings at once


def test_a_slot_is_freed_when_the_grading_holding_it_dies(tmp_path):
    slots = gpu.GpuSlots(1, str(tmp_path))
    holder = multiprocessing.get_context("spawn").Process(target=_hold_forever, args=(slots,))
    holder.start()
    time.sleep(2)  # a spawned process starts, then takes the slot
    holder.kill()
    holder.join()
    with slots.hold() as number:
        assert number == 0


def _hold_forever(slots) -> None:
    with slots.hold():
        time.sleep(600)


def locked_slots(folder) -> int:
    """How many GPU slots some training holds now."""
    held = 0
    for path in folder.glob("grade-gpu-slots-*/slot-*"):
        with open(path) as file:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                held += 1
    return held


def large_on_gpu(monkeypatch, tmp_path, reply, count=2):
    """Runs the check as it runs on a GPU machine in `grade autograde --gpu-workers count`; also returns how many
    slots were held while the student's training ran."""
    monkeypatch.setattr(gpu, "cuda_available", lambda: True)
    held = []

    class SlotWatcher(StandIn):
        def call(self, *args, **kwargs):
            held.append(locked_slots(tmp_path))
            return super().call(*args, **kwargs)

    worker = SlotWatcher(reply)
    context = Context(gpu_slots=gpu.GpuSlots(count, str(tmp_path)))
    verdict = check(workload=lambda split: "large").run(worker, context)
    return verdict, worker, held


def test_a_large_workload_trains_on_the_gpu_within_its_memory_share(monkeypatch, tmp_path):
    reason = "a GPU is available and this workload trains much faster there"
    verdict, worker, held = large_on_gpu(monkeypatch, tmp_path, observed(device="cuda", device_reason=reason))
    assert held == [1] and locked_slots(tmp_path) == 0  # held while training, free after
    settings = worker.sent[0]["args"][3]
    assert settings["device"] == "cuda" and settings["gpu_memory_fraction"] == pytest.approx(0.45)
    assert settings["device_reason"] == reason  # the grader decides; the worker follows
    assert verdict.status == "passed" and verdict.training.device == "cuda"


def test_a_student_out_of_gpu_memory_fails_only_the_check_and_names_the_limit(monkeypatch, tmp_path):
    oom = Reply(error={"ename": "OutOfMemoryError", "evalue": "CUDA out of memory. Tried to allocate 20.00 GiB",
                       "traceback": ""})
    verdict, _, _ = large_on_gpu(monkeypatch, tmp_path, oom, count=4)
    assert verdict.status == "failed" and "ran out of GPU memory" in verdict.message
    assert "4 gradings" in verdict.message and "22%" in verdict.message and "mini-batches" in verdict.hint
    assert verdict.training.device == "cuda"


def test_training_that_raised_its_own_memory_cap_fails(monkeypatch, tmp_path):
    raised = observed(device="cuda", gpu_memory={"cap": 8 * 1024**3, "peak": 30 * 1024**3})
    verdict, _, _ = large_on_gpu(monkeypatch, tmp_path, raised)
    assert verdict.status == "failed"
    assert "used 30.00 GiB of GPU memory, more than its cap of 8.00 GiB" in verdict.message
    within = observed(device="cuda", gpu_memory={"cap": 8 * 1024**3, "peak": 1024**3})
    assert large_on_gpu(monkeypatch, tmp_path, within)[0].status == "passed"


def test_the_budget_grows_with_the_data():
    bigger = Split("twenty times the data", SPLIT.train_x, SPLIT.train_y, SPLIT.test_x, LABELS, work=20.0)
    verdict, worker = run(observed(), data=lambda context: bigger)
    assert worker.sent[0]["seconds"] == 400 and verdict.training.budget_seconds == 400


# The reports of a training check.


def graded_with_training():
    from autograder.results import CheckResult, Results

    verdict, _ = run(observed(HALF, losses={"values": [2.0, float("nan"), 0.5, 0.4]}))
    result = CheckResult(id="train", title="t", function="train_model", max_points=10, points=0, hidden=False,
                         status=verdict.status, message=verdict.message, hint=verdict.hint, counterexample=None,
                         traceback="", elapsed_seconds=1.0, training=verdict.training)
    return Results(lesson="hw99", lesson_title="T", notebook="n.ipynb", checks=[result],
                   environment={"python": "3", "torch": "2", "hypothesis": "6", "seed": "3"})


def test_every_report_shows_what_training_reached_on_which_device():
    import json

    import jsonschema
    from rich.console import Console

    from autograder.reports.html import to_html
    from autograder.reports.json_report import schema, to_json
    from autograder.reports.terminal import render

    results = graded_with_training()
    report = json.loads(to_json(results))
    jsonschema.validate(report, schema())
    assert report["checks"][0]["training"]["losses"] == [2.0, None, 0.5, 0.4]
    console = Console(record=True, width=200)
    console.print(render(results))
    text = console.export_text()
    assert "held-out accuracy 0.5 (at least 0.75 needed)" in text
    assert "on cpu (no GPU on this machine), seed 3" in text
    html = to_html(results)
    assert "<svg" in html and "loss while training" in html and "reference 1.0 over seeds 0-4" in html


def test_reports_speak_chinese_when_asked():
    from rich.console import Console

    from autograder.i18n import default_language
    from autograder.reports.html import to_html
    from autograder.reports.terminal import render

    results = graded_with_training()
    console = Console(record=True, width=200)
    console.print(render(results, "zh"))
    text = console.export_text()
    assert "留出集准确率 0.5（需要至少 0.75）" in text and "得分: 0/10" in text and "✗ 未通过" in text
    html = to_html(results, "zh")
    assert 'lang="zh-Hans"' in html and "训练过程中的损失" in html and "本机没有 GPU" in html
    assert default_language({"LANG": "zh_CN.UTF-8"}) == "zh" and default_language({"LANG": "C.UTF-8"}) == "en"
    assert default_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"


@given(st.lists(st.one_of(st.none(), st.floats(), st.sampled_from([1e200, -1e308, 1e-300, 5e-324, 0.0])), min_size=2,
                max_size=5))
@settings(max_examples=60, deadline=None)
def test_any_loss_history_is_drawn(losses):
    """matplotlib cannot scale an axis to 1e308 (nor a log axis to 1e200): the HTML report of a passing model
    failed, and its whole class with it. Losses too large to draw are gaps."""
    from autograder.reports.plots import loss_curve_svg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy overflows inside matplotlib's log scale
        assert loss_curve_svg(losses, "losses").startswith("<svg")
