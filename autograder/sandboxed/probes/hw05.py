"""hw05's probes: the student's train_logistic run on the data the grader sends (EPOCHS and LR), and the student's
probability_curve on a one-layer logistic model set to (w, b)."""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn

from autograder.sandboxed.by_hand import NEW_THREADS_OR_PROCESSES, NN_FUNCTIONAL_LOSSES, by_hand
from autograder.sandboxed.probes.shared import train_and_predict

EPOCHS, LR = 200, 1.0  # full-batch SGD on a standardised feature


def probe_train(student_fn, train_x, train_y, test_x, settings) -> dict:
    return train_and_predict(student_fn, train_x, train_y, test_x, settings, EPOCHS, LR)


def probe_curve(student_fn, w, b, start, stop, steps) -> dict:
    """Calls probability_curve on sigmoid(Linear(1, 1)) set to (w, b) (its layer named `linear`, as the lecture's
    LogisticModel's) and reports the grid and the probabilities."""
    linear = nn.Linear(1, 1)
    model = nn.Sequential(OrderedDict(linear=linear, sigmoid=nn.Sigmoid()))
    with torch.no_grad():
        linear.weight.fill_(w)
        linear.bias.fill_(b)
    returned = student_fn(model, start, stop, steps)
    if not (isinstance(returned, (tuple, list)) and len(returned) == 2):
        return {"returned": returned.detach() if isinstance(returned, torch.Tensor) else returned}
    xs, ps = returned
    return {
        "xs": xs.detach() if isinstance(xs, torch.Tensor) else xs,
        "ps": ps.detach() if isinstance(ps, torch.Tensor) else ps,
        "ps_requires_grad": isinstance(ps, torch.Tensor) and ps.requires_grad,
    }


def probe_bce(student_fn, y_pred, y):
    """The BCE written by hand: its answer, or the loss of torch it reached (`by_hand`)."""
    return by_hand(student_fn, y_pred, y, forbidden=(NN_FUNCTIONAL_LOSSES, NEW_THREADS_OR_PROCESSES))
