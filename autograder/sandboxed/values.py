"""Plain helpers on values that both sides use: the probes here, the oracles and stand-ins in the grader."""

from __future__ import annotations

from typing import Any

import torch


def as_tensor(value: Any, dtype: torch.dtype | None = torch.float64) -> torch.Tensor:
    """value as a tensor outside any autograd graph, in float64 (the oracles' precision) unless told otherwise."""
    return torch.as_tensor(value, dtype=dtype).detach()


def rows_of_probabilities(scores: torch.Tensor, *, atol: float) -> bool:
    """Whether each row of a 2-D tensor of scores is a probability distribution: numbers in [0, 1] adding up to 1
    (within atol), what a softmax gives."""
    rows = scores.double().sum(dim=1)
    return bool(((scores >= 0) & (scores <= 1)).all()) and bool(torch.allclose(rows, torch.ones_like(rows), atol=atol))


def fill(module: torch.nn.Module, seed: int) -> None:
    """Gives the parameters of module (in its own order) float64 values drawn uniformly from [-1, 1] with seed, so
    that the worker and the grader start from the same numbers."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.rand(p.shape, generator=generator, dtype=torch.float64) * 2 - 1)
