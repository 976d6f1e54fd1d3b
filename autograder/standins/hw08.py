"""hw08's stand-ins: softmax, the transform and the MLP, for the checks that call them (the transform also makes the
held-out inputs of the image lessons' training checks, `autograder.lessons.images`)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn


class MLP_reference(nn.Module):  # noqa: N801 - stands in for the student's class MLP
    def __init__(self, in_features: int) -> None:
        super().__init__()
        self.in_features = in_features
        self.layers = nn.Sequential(nn.Linear(in_features, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
                                    nn.Linear(64, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x.reshape(-1, self.in_features))


def softmax_reference(logits):
    """By hand, as the exercise asks: the student's cross_entropy calls it while nothing of torch's softmax may run."""
    e = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
    return e / e.sum(dim=1, keepdim=True)


def transform_reference(images):
    """ToTensor, then Normalize with the mean and (unbiased) standard deviation of all pixels of `images` (the
    training images, uint8) after ToTensor's scaling to 0..1."""
    from torchvision import transforms

    pixels = torch.as_tensor(np.asarray(images), dtype=torch.float64) / 255
    mean, std = float(pixels.mean()), float(pixels.std())
    return transforms.Compose([transforms.ToTensor(), transforms.Normalize((mean,), (std,))])
