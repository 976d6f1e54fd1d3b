"""Training on a real CUDA GPU: same verdicts as on the CPU, shared within limits, and clean after a student's worst.

Skipped, with the reason, where there is no CUDA GPU (CI here); run them on a GPU machine with
`python -m pytest tests/test_gpu.py` and put their figures in the issue's note. The grader's side of the same
behaviour (slots, memory caps, messages) is tested without a GPU in tests/test_training.py.
"""

from __future__ import annotations

import importlib

import pytest
import torch

from autograder import lessons
from autograder.gpu import GpuSlots
from autograder.grading import grade
from autograder.lessons.images import digits_split
from autograder.notebook import read_submission
from autograder.rubric import Context
from autograder.runner import Limits, Worker
from autograder.sandboxed.probes.images import probe_train
from autograder.standins.hw09 import BasicCNN_reference
from autograder.training import Contract, accuracy_of_logits, training_check
from tests.conftest import reference_notebook, with_mistake, write
from tests.test_images import make_mnist

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(),
                                reason="no CUDA GPU on this machine: these tests run on a GPU machine")

TRAINING_CHECKS = {"hw04": "train", "hw05": "train_logistic", "hw06": "train_model", "hw07": "train_model",
                   "hw08": "train_classifier", "hw09": "train_cnn", "hw10": "train_name_classifier",
                   "hw12": "train_char_model"}
OOM_TRAINING = "    model = BasicCNN(x.shape[2]).to(device)"


def training_verdicts(nb: dict, lesson: str, device: str, folder, seed: int = 0) -> dict[str, tuple]:
    """Each training check's status and value when trained on `device` (forced: small models too)."""
    results = grade(write(nb, folder / f"{lesson}-{device}.ipynb"), lesson, seed=seed, context=Context(device=device))
    return {c.id: (c.status, c.training.value, c.training.device) for c in results.checks if c.training}


def training_cases():
    for lesson, check in TRAINING_CHECKS.items():
        yield lesson, None
        for case in importlib.import_module(f"tests.lessons.mistakes_{lesson}").MISTAKES:
            if case.check == check:
                yield lesson, case


@pytest.mark.parametrize(("lesson", "case"), list(training_cases()),
                         ids=lambda v: v if isinstance(v, str) else getattr(v, "name", "reference"))
def test_the_reference_and_the_classic_mistakes_get_the_same_verdict_on_cpu_and_gpu(lesson, case, tmp_path):
    nb = reference_notebook(lesson)
    if case is not None:
        nb = with_mistake(nb, case.old, case.new)
    on_cpu = training_verdicts(nb, lesson, "cpu", tmp_path)
    on_gpu = training_verdicts(nb, lesson, "cuda", tmp_path)
    assert on_cpu and {check: status for check, (status, _, _) in on_cpu.items()} == \
        {check: status for check, (status, _, _) in on_gpu.items()}, (on_cpu, on_gpu)
    assert all(device == "cuda" for _, _, device in on_gpu.values()), on_gpu
    print(lesson, getattr(case, "name", "reference"), on_cpu, on_gpu)  # the spread, for the note (pytest -s)


def _train_cnn_check():
    (check,) = [c for c in lessons.get("hw09").checks if c.id == "train_cnn"]
    return check


def _run(nb: dict, tmp_path, context: Context, name: str):
    notebook = write(nb, tmp_path / f"{name}.ipynb")
    with Worker(read_submission(notebook).cells, Limits(), seed=0) as worker:
        return _train_cnn_check().run(worker, context)


def test_mnist_trains_on_the_gpu_by_itself_reproducibly(tmp_path):
    make_mnist(tmp_path / "data", train=3000, test=1000, learnable=True)
    context = Context(data_root=tmp_path / "data")
    first = _run(reference_notebook("hw09"), tmp_path, context, "first")
    second = _run(reference_notebook("hw09"), tmp_path, context, "second")
    assert first.training.device == "cuda" and "faster there" in first.training.device_reason
    assert first.status == "passed", first.message
    assert first.training.value == second.training.value  # deterministic CUDA training: same seed, same model
    print("hw09 on MNIST-format data, cuda:", first.training.value, first.training.train_seconds, "s")


def _allocating(fraction: float, *, raise_cap: bool = False) -> dict:
    grab = ("    torch.cuda.set_per_process_memory_fraction(1.0)\n" if raise_cap else "") + (
        f"    hog = torch.empty(int({fraction} * torch.cuda.get_device_properties(0).total_memory), "
        "dtype=torch.uint8, device=device)\n")
    return with_mistake(reference_notebook("hw09"), OOM_TRAINING, grab + OOM_TRAINING)


def test_out_of_memory_fails_only_that_check_with_the_limit_and_the_next_finds_the_gpu_clean(tmp_path):
    context = Context(device="cuda", gpu_slots=GpuSlots(4, str(tmp_path)))
    verdict = _run(_allocating(0.5), tmp_path, context, "oom")
    assert verdict.status == "failed" and "ran out of GPU memory" in verdict.message and "4 gradings" in verdict.message
    after = _run(reference_notebook("hw09"), tmp_path, context, "after")
    assert after.status == "passed", after.message


def test_raising_its_own_memory_cap_fails_the_check(tmp_path):
    context = Context(device="cuda", gpu_slots=GpuSlots(4, str(tmp_path)))
    verdict = _run(_allocating(0.5, raise_cap=True), tmp_path, context, "raised")
    assert verdict.status == "failed" and "more than its cap" in verdict.message, verdict.message


def test_a_gpu_loop_that_never_ends_times_out_and_the_next_grading_trains(tmp_path):
    endless = with_mistake(reference_notebook("hw09"), OOM_TRAINING,
                           "    x = torch.ones(512, 512, device=device)\n    while True:\n        x = (x @ x).clamp(-1, 1)\n"
                           + OOM_TRAINING)
    quick = training_check(  # hw09's training check with a 5 s budget
        id="train_cnn", points=35, title="train_cnn", function="train_cnn", probe=probe_train,
        data=lambda context: digits_split(), metric="held-out accuracy", score=accuracy_of_logits, threshold=0.9,
        contract=Contract(output_shape=(10,)), budget_seconds=5, calibration="", hint="",
        replace={"BasicCNN": BasicCNN_reference})
    notebook = write(endless, tmp_path / "endless.ipynb")
    with Worker(read_submission(notebook).cells, Limits(), seed=0) as worker:
        verdict = quick.run(worker, Context(device="cuda"))
    assert verdict.status == "timeout", verdict.message
    assert _run(reference_notebook("hw09"), tmp_path, Context(device="cuda"), "next").status == "passed"
