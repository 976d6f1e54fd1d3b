"""hw01's stand-ins: the forward passes and the MSE, for the checks of the searches that call them."""

from __future__ import annotations

import torch

from autograder.sandboxed.values import as_tensor


def forward_reference(x, w) -> torch.Tensor:
    return as_tensor(x) * as_tensor(w)


def forward_b_reference(x, w, b) -> torch.Tensor:
    return as_tensor(x) * as_tensor(w) + as_tensor(b)


def mse_reference(y_pred, y) -> torch.Tensor:
    return ((as_tensor(y_pred) - as_tensor(y)) ** 2).mean()
