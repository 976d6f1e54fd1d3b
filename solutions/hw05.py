"""Reference solution of hw05, generated from assignments/hw05/hw05.ipynb."""


import torch
from torch import nn
from sklearn.datasets import load_breast_cancer

cancer = load_breast_cancer()
radius = torch.tensor(cancer.data[:, list(cancer.feature_names).index("worst radius")], dtype=torch.float32)
x_data = ((radius - radius.mean()) / radius.std()).reshape(-1, 1)   # (569, 1), standardised
y_data = torch.tensor(cancer.target == 0, dtype=torch.float32).reshape(-1, 1)  # 1.0 = malignant


def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), element by element.

    Args:
        z: a float tensor of any shape (float32 or float64).

    Returns:
        a float tensor of the shape and dtype of z, with values in [0, 1] and no NaN.
    """
    return 1 / (1 + torch.exp(-z))


def bce(y_pred, y):
    """The mean binary cross-entropy of probabilities y_pred against labels y, as nn.BCELoss() computes it.

    Args:
        y_pred: a float tensor of probabilities in [0, 1] (0 and 1 included).
        y: a float tensor of labels (0.0 or 1.0) of the same shape.

    Returns:
        a 0-d float tensor (or a float): mean of -(y * log(y_pred) + (1 - y) * log(1 - y_pred)), each log
        clamped at -100.
    """
    log_p = torch.clamp(torch.log(y_pred), min=-100)
    log_not_p = torch.clamp(torch.log(1 - y_pred), min=-100)
    return -(y * log_p + (1 - y) * log_not_p).mean()


class LogisticModel(nn.Module):
    """y_hat = sigmoid(x @ w.T + b) with one nn.Linear(1, 1) layer.

    forward(x): x is a float tensor of shape (N, 1); returns a float tensor of shape (N, 1), the probabilities
    of class 1, attached to autograd.
    """

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return torch.sigmoid(self.linear(x))


def train_logistic(x, y, epochs, lr):
    """Trains a new LogisticModel on (x, y) with nn.BCELoss and SGD, one update per epoch on all samples.

    Args:
        x: float32 tensor of shape (N, 1), the feature.
        y: float32 tensor of shape (N, 1), the labels 0.0 / 1.0.
        epochs: int >= 1.
        lr: float, SGD's learning rate.

    Returns:
        a tuple (model, losses): the trained LogisticModel and a list of `epochs` Python floats, losses[e]
        being the BCE of epoch e before its update.
    """
    model = LogisticModel()
    criterion = nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        y_pred = model(x)
        loss = criterion(y_pred, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return model, losses


def decision_boundary(w, b):
    """The x where sigmoid(x * w + b) = 0.5.

    Args:
        w: float, the weight (not 0).
        b: float, the bias.

    Returns:
        a float.
    """
    return -b / w


def probability_curve(model, start, stop, steps):
    """The model's probabilities over an evenly spaced grid.

    Args:
        model: an nn.Module mapping (N, 1) float32 inputs to (N, 1) probabilities.
        start, stop: floats, the first and the last grid point (both included).
        steps: int >= 2, the number of grid points.

    Returns:
        a tuple (xs, ps) of float32 tensors of shape (steps, 1): the grid and model(xs), not requiring grad.
    """
    xs = torch.linspace(start, stop, steps).reshape(-1, 1)
    with torch.no_grad():
        ps = model(xs)
    return xs, ps
