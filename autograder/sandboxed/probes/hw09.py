"""hw09's probes: what the student's CNN, Inception and residual blocks output on seeded inputs (and seeded
weights), and whether every layer takes part (its training check's probe is
`autograder.sandboxed.probes.images.probe_train`)."""

from __future__ import annotations

import torch
from torch import nn

from autograder.sandboxed.text import N_

NOT_BOTH_CONV2D = N_("conv1 and conv2 are not both nn.Conv2d")
"""What `probe_residual` observes of a block whose conv1 and conv2 are not both convolutions."""


def probe_module(student_cls, init_arg: int, shape: tuple, seed: int) -> dict:
    """Builds student_cls(init_arg), runs it on a seeded random input of `shape`, backpropagates out.sum().

    Reports the output's shape, whether its rows sum to 1 (a softmax), its layer types, and the parameters that
    got no gradient (layers that take no part in the output).
    """
    model = student_cls(init_arg)
    if not isinstance(model, nn.Module):
        return {"is_module": False}
    model.eval()  # batch norm (a learner's extra) cannot normalize one value per channel in training mode
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(seed))
    out = model(x)
    if not isinstance(out, torch.Tensor):
        return {"is_module": True, "shape": type(out).__name__}
    out.sum().backward()
    flat = out.detach().double().reshape(out.shape[0], -1)
    return {
        "is_module": True,
        "shape": tuple(out.shape),
        "rows_sum_to_one": bool(torch.allclose(flat.sum(dim=1), torch.ones(flat.shape[0], dtype=flat.dtype),
                                               atol=1e-4)),
        "has_conv": any(isinstance(m, nn.Conv2d) for m in model.modules()),
        "unused_parameters": sorted(name for name, p in model.named_parameters() if p.grad is None),
    }


def residual_weights(channels: int, seed: int) -> list[torch.Tensor]:
    """conv1.weight, conv1.bias, conv2.weight, conv2.bias of the residual block, drawn from the seed."""
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(channels, channels, 3, 3, generator=g) * 0.3, torch.randn(channels, generator=g) * 0.1,
            torch.randn(channels, channels, 3, 3, generator=g) * 0.3, torch.randn(channels, generator=g) * 0.1]


def residual_input(shape: tuple, seed: int) -> torch.Tensor:
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed + 1))


def probe_residual(student_cls, channels: int, shape: tuple, seed: int) -> dict:
    """ResidualBlock(channels) with conv1 and conv2 set to seeded weights, on a seeded input: its output."""
    block = student_cls(channels)
    convs = [getattr(block, name, None) for name in ("conv1", "conv2")]
    if not all(isinstance(c, nn.Conv2d) for c in convs):
        return {"conv_weights": NOT_BOTH_CONV2D}
    seen = [tuple(c.weight.shape) for c in convs]  # type: ignore[union-attr]
    if seen != [(channels, channels, 3, 3)] * 2:
        return {"conv_weights": seen}
    w1, b1, w2, b2 = residual_weights(channels, seed)
    block.eval()  # batch norm elsewhere in the block is the learner's business; the formula is checked in eval mode
    with torch.no_grad():
        for conv, w, b in zip(convs, (w1, w2), (b1, b2)):
            conv.weight.copy_(w)  # type: ignore[union-attr]
            if conv.bias is None:  # type: ignore[union-attr]  # bias=False: the formula's conv still gets the bias
                conv.bias = nn.Parameter(b.clone())  # type: ignore[union-attr]
            else:
                conv.bias.copy_(b)  # type: ignore[union-attr]
        out = block(residual_input(shape, seed))
    return {"conv_weights": seen, "output": out}
