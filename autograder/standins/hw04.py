"""hw04's stand-in: the lecture's LinearModel, for the checks of train and compare_optimizers (with
`standins.shared.train_step_reference`)."""

from __future__ import annotations

from torch import nn

from autograder.sandboxed.probes.shared import AnyNameIsTheLayer


class LinearModelReference(AnyNameIsTheLayer):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x)

