"""hw05's stand-in: the lecture's LogisticModel, for the check of train_logistic."""

from __future__ import annotations

import torch
from torch import nn

from autograder.sandboxed.probes.shared import AnyNameIsTheLayer


class LogisticModelReference(AnyNameIsTheLayer):
    """Stands in for the student's LogisticModel during the training check (replace=)."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return torch.sigmoid(self.linear(x))

