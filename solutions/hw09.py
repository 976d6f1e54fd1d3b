"""Reference solution of hw09, generated from assignments/hw09/hw09.ipynb."""


import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import transforms

digits = load_digits()
images = np.round(digits.images * 255 / 16).astype(np.uint8)  # (1797, 8, 8), 0..16 -> 0..255 like MNIST
train_images, test_images, train_labels, test_labels = train_test_split(
    images, digits.target, test_size=0.25, random_state=0, stratify=digits.target)
train_labels, test_labels = torch.tensor(train_labels), torch.tensor(test_labels)

def make_transform(images):
    """hw08's transform: ToTensor, then Normalize with the mean and std of these (training) images' pixels."""
    pixels = torch.tensor(images, dtype=torch.float32) / 255
    return transforms.Compose([transforms.ToTensor(), transforms.Normalize((pixels.mean().item(),),
                                                                           (pixels.std().item(),))])


def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    """The output height (or width) of nn.Conv2d (or of a pooling layer) for an input of height (or width) `size`.

    Args:
        size, kernel_size, stride, padding, dilation: ints (size >= 1, kernel_size >= 1, stride >= 1,
            padding >= 0, dilation >= 1), with an output of at least 1.

    Returns:
        int: floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1.
    """
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


class BasicCNN(nn.Module):
    """BasicCNN(image_size): images (B, 1, image_size, image_size) -> logits (B, 10).

    Args of __init__:
        image_size: int >= 4, the height (= width) of the input images.

    forward(x):
        x: float tensor of shape (B, 1, image_size, image_size).
        returns: float tensor of shape (B, 10), raw logits.
    """

    def __init__(self, image_size):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5, padding=2)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5, padding=2)
        self.pooling = nn.MaxPool2d(2)
        size = conv_output_size(conv_output_size(image_size, 5, padding=2), 2, stride=2)
        size = conv_output_size(conv_output_size(size, 5, padding=2), 2, stride=2)
        self.fc = nn.Linear(20 * size * size, 10)

    def forward(self, x):
        batch_size = x.size(0)
        x = F.relu(self.pooling(self.conv1(x)))
        x = F.relu(self.pooling(self.conv2(x)))
        x = x.view(batch_size, -1)
        return self.fc(x)


class InceptionA(nn.Module):
    """InceptionA(in_channels): (B, in_channels, H, W) -> (B, 88, H, W), the four branches concatenated on dim 1.

    Args of __init__:
        in_channels: int >= 1.

    forward(x):
        x: float tensor of shape (B, in_channels, H, W), any H, W >= 1.
        returns: float tensor of shape (B, 88, H, W); every layer of every branch takes part.
    """

    def __init__(self, in_channels):
        super().__init__()
        self.branch1x1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch5x5_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch5x5_2 = nn.Conv2d(16, 24, kernel_size=5, padding=2)
        self.branch3x3_1 = nn.Conv2d(in_channels, 16, kernel_size=1)
        self.branch3x3_2 = nn.Conv2d(16, 24, kernel_size=3, padding=1)
        self.branch3x3_3 = nn.Conv2d(24, 24, kernel_size=3, padding=1)
        self.branch_pool = nn.Conv2d(in_channels, 24, kernel_size=1)

    def forward(self, x):
        branch1x1 = self.branch1x1(x)
        branch5x5 = self.branch5x5_2(self.branch5x5_1(x))
        branch3x3 = self.branch3x3_3(self.branch3x3_2(self.branch3x3_1(x)))
        branch_pool = self.branch_pool(F.avg_pool2d(x, kernel_size=3, stride=1, padding=1))
        outputs = [branch1x1, branch5x5, branch3x3, branch_pool]
        return torch.cat(outputs, dim=1)


class ResidualBlock(nn.Module):
    """ResidualBlock(channels): (B, channels, H, W) -> (B, channels, H, W), y = relu(x + conv2(relu(conv1(x)))).

    Args of __init__:
        channels: int >= 1.

    forward(x):
        x: float tensor of shape (B, channels, H, W), any H, W >= 1.
        returns: float tensor of the same shape.
    """

    def __init__(self, channels):
        super().__init__()
        self.channels = channels
        self.conv1 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)

    def forward(self, x):
        y = F.relu(self.conv1(x))
        y = self.conv2(y)
        return F.relu(x + y)


def train_cnn(images, labels, device="cpu"):
    """Trains a CNN on the images and returns it with the loss history.

    Args:
        images: uint8 numpy array (N, H, W) with H == W, values 0..255, the training images.
        labels: int64 tensor (N,), class indices 0..9.
        device: where to train (a torch.device or "cpu"): move the model and each batch there.

    Returns:
        (model, losses): the trained nn.Module (with Conv2d layers, at most 50,000 parameters), which maps
        transformed images (B, 1, H, W) (see make_transform) to logits (B, 10); and a list of floats, the mean
        training loss of each epoch.
    """
    transform = make_transform(images)
    x = torch.stack([transform(img) for img in images])
    loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)
    model = BasicCNN(x.shape[2]).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.5)
    losses = []
    for epoch in range(10):
        total = 0.0
        for inputs, targets in loader:
            inputs, targets = inputs.to(device), targets.to(device)
            optimizer.zero_grad()
            loss = criterion(model(inputs), targets)
            loss.backward()
            optimizer.step()
            total += loss.item()
        losses.append(total / len(loader))
    return model, losses
