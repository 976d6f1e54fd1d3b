"""hw08's probes: the student's transform applied to images in the worker, and what the student's MLP outputs (its
training check's probe is `autograder.sandboxed.probes.images.probe_train`)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from autograder.sandboxed.by_hand import NEW_THREADS_OR_PROCESSES, NN_FUNCTIONAL_LOSSES, SOFTMAX, by_hand


def probe_transform(student_fn, images, probes) -> torch.Tensor:
    """Builds the student's transform on `images`, applies it to each of `probes`, stacks: (K, 1, H, W)."""
    transform = student_fn(images)
    outs = [transform(np.asarray(p)) for p in probes]
    return torch.stack([torch.as_tensor(o) for o in outs])


def probe_mlp(student_cls, batch: int, size: int) -> dict:
    """MLP(size * size) on a seeded random batch of shape (batch, 1, size, size): what came out."""
    model = student_cls(size * size)
    if not isinstance(model, nn.Module):
        return {"is_module": False}
    model.eval()  # batch norm (a learner's extra) cannot normalize a batch of one in training mode
    generator = torch.Generator().manual_seed(batch * 100 + size)
    x = torch.randn(batch, 1, size, size, generator=generator)
    out = model(x)
    if not isinstance(out, torch.Tensor):
        return {"is_module": True, "shape": type(out).__name__}
    out = out.detach().double()
    sums_to_one = out.dim() == 2 and bool(torch.allclose(out.sum(dim=1), torch.ones(out.shape[0], dtype=out.dtype),
                                                         atol=1e-4))
    return {"is_module": True, "shape": tuple(out.shape), "rows_sum_to_one": sums_to_one,
            "affine": _is_affine(model, x, torch.randn(x.shape, generator=generator), out)}


def _is_affine(model: nn.Module, a: torch.Tensor, b: torch.Tensor, out_a: torch.Tensor) -> bool:
    """Whether model(a + b) == model(a) + model(b) - model(0): Linear layers with no activation between them."""
    with torch.no_grad():
        out_b, out_ab, out_0 = (model(t).detach().double() for t in (b, a + b, torch.zeros_like(a)))
    if not all(t.shape == out_a.shape for t in (out_b, out_ab, out_0)):
        return False
    scale = 1e-4 * (1 + float(out_ab.abs().max()))
    return bool(torch.allclose(out_ab, out_a + out_b - out_0, rtol=1e-4, atol=scale))


def probe_softmax(student_fn, logits):
    """The softmax written by hand: its answer, or torch's softmax it reached (`by_hand`)."""
    return by_hand(student_fn, logits, forbidden=(SOFTMAX, NEW_THREADS_OR_PROCESSES))


def probe_cross_entropy(student_fn, logits, labels):
    """The cross-entropy written by hand: its answer, or torch's loss or log-softmax it reached (`by_hand`)."""
    return by_hand(student_fn, logits, labels, forbidden=(NN_FUNCTIONAL_LOSSES, SOFTMAX, NEW_THREADS_OR_PROCESSES))
