"""Reference solution of hw08, generated from assignments/hw08/hw08.ipynb."""


import numpy as np
import torch
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


def softmax(logits):
    """Softmax of each row.

    Args:
        logits: float tensor of shape (N, C).

    Returns:
        float tensor of shape (N, C), same dtype: every row is positive or zero and sums to 1.
    """
    shifted = logits - logits.max(dim=1, keepdim=True).values
    exps = torch.exp(shifted)
    return exps / exps.sum(dim=1, keepdim=True)


def cross_entropy(logits, labels):
    """The mean cross-entropy of a batch, as nn.CrossEntropyLoss() computes it.

    Args:
        logits: float tensor of shape (N, C), raw scores.
        labels: int64 tensor of shape (N,), class indices in 0..C-1.

    Returns:
        a 0-d float tensor (or a float): mean over the N samples of -log softmax(logits)[i, labels[i]].
    """
    m = logits.max(dim=1, keepdim=True).values
    log_probs = logits - m - torch.log(torch.exp(logits - m).sum(dim=1, keepdim=True))
    return -log_probs[torch.arange(len(labels)), labels].mean()


def make_transform(images):
    """The ToTensor + Normalize transform with the statistics of `images`.

    Args:
        images: uint8 numpy array of shape (N, H, W), values 0..255 (the training images).

    Returns:
        a callable (e.g. transforms.Compose) that maps one uint8 image of shape (H, W) to a float32 tensor of shape
        (1, H, W): (image / 255 - mean) / std, mean and std taken over all pixels of `images` scaled to 0..1.
    """
    pixels = torch.tensor(images, dtype=torch.float32) / 255
    mean, std = pixels.mean().item(), pixels.std().item()
    return transforms.Compose([transforms.ToTensor(), transforms.Normalize((mean,), (std,))])


class MLP(nn.Module):
    """MLP(in_features): images (B, 1, H, W) with H * W == in_features -> logits (B, 10).

    Args of __init__:
        in_features: int, the number of pixels of one image (H * W).

    forward(x):
        x: float tensor of shape (B, 1, H, W).
        returns: float tensor of shape (B, 10), raw logits (no softmax).
    """

    def __init__(self, in_features):
        super().__init__()
        self.in_features = in_features
        self.l1 = nn.Linear(in_features, 128)
        self.l2 = nn.Linear(128, 64)
        self.l3 = nn.Linear(64, 10)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = x.view(-1, self.in_features)
        x = self.relu(self.l1(x))
        x = self.relu(self.l2(x))
        return self.l3(x)


def train_classifier(images, labels, device="cpu"):
    """Trains an MLP on the images and returns it with the loss history.

    Args:
        images: uint8 numpy array (N, H, W), values 0..255, the training images.
        labels: int64 tensor (N,), class indices 0..9.
        device: where to train (a torch.device or "cpu"): move the model and each batch there.

    Returns:
        (model, losses): the trained nn.Module, which maps transformed images (B, 1, H, W) (see make_transform)
        to logits (B, 10); and a list of floats, the mean training loss of each epoch.
    """
    transform = make_transform(images)
    x = torch.stack([transform(img) for img in images])
    loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)
    model = MLP(x.shape[2] * x.shape[3]).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.5)
    losses = []
    for epoch in range(10):
        total = 0.0
        for inputs, targets in loader:
            inputs, targets = inputs.to(device), targets.to(device)
            optimizer.zero_grad()
            outputs = model(inputs)
            loss = criterion(outputs, targets)
            loss.backward()
            optimizer.step()
            total += loss.item()
        losses.append(total / len(loader))
    return model, losses
