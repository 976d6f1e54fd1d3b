"""A diagnosis names a mistake only where its signature is: a training run stopped early is told so, a function
that keeps state between calls is told that (issue 26).

Each case is the reference with one change, as learners write it. `named` are words the hint must hold (the
diagnosis); `never` are words of a misleading one it must not hold: the diagnoses that used to fire on these runs.
A run that passes is fine (a correct loop with the lecture's settings may reach the bar); one that fails must be
told what it did.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.lessons.test_diagnosis_suite import graded

HW05_LOOP = ("        losses.append(loss.item())\n    return model, losses",
             "        losses.append(loss.item())\n        return model, losses")
HW08_EPOCHS = "    for epoch in range(10):"
HW08_RETURN = ("        losses.append(total / len(loader))\n    return model, losses",
               "        losses.append(total / len(loader))\n        return model, losses")
SOFTMAX_OR_LABELS = ("softmax", "shuffled", "rebuilt")


@dataclass(frozen=True)
class Run:
    name: str
    lesson: str
    check: str
    changes: tuple[tuple[str, str], ...]
    named: tuple[str, ...] = ()
    """Words the hint must hold when the run fails (all of them); empty: it may pass."""
    never: tuple[str, ...] = ()
    must_fail: bool = False


RUNS = [
    Run("hw02 a loss history in a default argument, costs=[], kept between calls", "hw02", "train_gd",
        (("def train_gd(x, y, w, lr, epochs):", "def train_gd(x, y, w, lr, epochs, costs=[]):"),
         ("    costs = []\n    for _ in range(epochs):", "    for _ in range(epochs):")),
        named=("keeps state between calls",), must_fail=True),
    Run("hw05 BCELoss(reduction='sum') diverges at the grader's lr", "hw05", "train_logistic",
        (("    criterion = nn.BCELoss()", "    criterion = nn.BCELoss(reduction='sum')"),),
        named=("summed", "reduction='mean'"), never=("rebuilt", "new random weights"), must_fail=True),
    Run("hw05 the lecture's size_average=False", "hw05", "train_logistic",
        (("    criterion = nn.BCELoss()", "    criterion = nn.BCELoss(size_average=False)"),),
        named=("summed", "reduction='mean'"), never=("rebuilt", "new random weights"), must_fail=True),
    Run("hw05 a return inside the epoch loop", "hw05", "train_logistic", (HW05_LOOP,),
        named=("`return` inside the epoch loop",), must_fail=True),
    Run("hw08 a correct loop run for one epoch", "hw08", "train_classifier",
        ((HW08_EPOCHS, "    for epoch in range(1):"),), named=("epochs",), never=SOFTMAX_OR_LABELS),
    Run("hw08 a correct loop run for two epochs", "hw08", "train_classifier",
        ((HW08_EPOCHS, "    for epoch in range(2):"),), named=("epochs",), never=SOFTMAX_OR_LABELS),
    Run("hw08 a return inside the epoch loop", "hw08", "train_classifier", (HW08_RETURN,),
        named=("`return` inside the epoch loop",), never=SOFTMAX_OR_LABELS),
    Run("hw08 trained on the raw 0..255 pixels", "hw08", "train_classifier",
        (("    x = torch.stack([transform(img) for img in images])",
          "    x = torch.tensor(images, dtype=torch.float32).unsqueeze(1)"),), named=("make_transform",),
        never=("shuffled",), must_fail=True),
    Run("hw08 the lecture's lr=0.01 for its 10 epochs", "hw08", "train_classifier",
        (("lr=0.05, momentum=0.5", "lr=0.01, momentum=0.5"),), never=SOFTMAX_OR_LABELS),
    Run("hw08 lr=0.002, too slow for its 10 epochs (its loss between the softmax floor and guessing)", "hw08",
        "train_classifier", (("lr=0.05, momentum=0.5", "lr=0.002, momentum=0.5"),),
        never=("softmax twice", "softmax before"), must_fail=True),  # the worker saw logits go into the loss
    Run("hw08 lr=5.0: the loss starts near log(10), then blows up within the first epoch", "hw08",
        "train_classifier", (("lr=0.05, momentum=0.5", "lr=5.0, momentum=0.5"),),
        named=("learning rate is too high",), never=("make_transform", "pixels"), must_fail=True),
    Run("hw05 labels shuffled apart every epoch, gradients cleared", "hw05", "train_logistic",
        (("        loss = criterion(y_pred, y)\n", "        loss = criterion(y_pred, y[torch.randperm(len(y))])\n"),),
        never=("zero_grad", "add up"), must_fail=True),  # its loss rises and falls, but no gradient added up
    Run("hw06 the lecture's lr=0.01 as train_model's default", "hw06", "train_model",
        (("def train_model(x, y, epochs=50, batch_size=32, lr=0.1):",
          "def train_model(x, y, epochs=50, batch_size=32, lr=0.01):"),), never=("shuffled", "rebuilt", "created once")),
    Run("hw06 ten epochs, as the lecture", "hw06", "train_model",
        (("def train_model(x, y, epochs=50, batch_size=32, lr=0.1):",
          "def train_model(x, y, epochs=10, batch_size=32, lr=0.1):"),), never=("shuffled", "rebuilt", "created once")),
    Run("hw07 the lecture's lr=0.01 as train_model's default", "hw07", "train_model",
        (("def train_model(path, epochs=50, batch_size=32, lr=1.0):",
          "def train_model(path, epochs=50, batch_size=32, lr=0.01):"),), never=("created once", "another model")),
]


@pytest.mark.parametrize("run", RUNS, ids=lambda run: run.name)
def test_a_training_diagnosis_names_only_what_the_run_shows(run, tmp_path):
    check = graded(run.lesson, list(run.changes), run.check, tmp_path)
    if check.status == "passed":
        assert not run.must_fail, check.message
        return
    assert check.status == "failed", (check.status, check.message)
    hint = check.hint.lower()
    assert all(word.lower() in hint for word in run.named), check.hint
    assert not [word for word in run.never if word.lower() in hint], check.hint
