"""hw06's stand-in: the lecture's Model, for the check of train_model (with `standins.shared.train_step_reference`)."""

from __future__ import annotations

import torch
from torch import nn


class ModelReference(nn.Module):
    def __init__(self, in_features: int) -> None:
        super().__init__()
        self.linear1 = nn.Linear(in_features, 16)
        self.linear2 = nn.Linear(16, 8)
        self.linear3 = nn.Linear(8, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.relu(self.linear1(x))
        x = torch.relu(self.linear2(x))
        return torch.sigmoid(self.linear3(x))

    def __getattr__(self, name: str):
        # A learner's train_model may print a layer through the name of their own (model.fc1.weight,
        # model.l2.bias): a public attribute this stand-in lacks whose name ends in 1, 2 or 3 is that layer.
        try:
            return super().__getattr__(name)
        except AttributeError:
            if name.startswith("_") or name[-1:] not in ("1", "2", "3"):
                raise
            return self._modules["linear" + name[-1]]
