"""hw09's stand-ins: the output-size formula and the basic CNN, for the checks that use them."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def conv_output_size_reference(size, kernel_size, stride=1, padding=0, dilation=1):
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


class BasicCNN_reference(nn.Module):  # noqa: N801 - stands in for the student's class BasicCNN
    def __init__(self, image_size: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5, padding=2)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5, padding=2)
        self.pooling = nn.MaxPool2d(2)
        self.fc = nn.Linear(20 * (image_size // 2 // 2) ** 2, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.pooling(self.conv1(x)))
        x = F.relu(self.pooling(self.conv2(x)))
        return self.fc(x.flatten(1))
