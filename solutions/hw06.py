"""Reference solution of hw06, generated from assignments/hw06/hw06.ipynb."""


import torch
from torch import nn
from sklearn.datasets import load_breast_cancer

data = load_breast_cancer()
features = torch.tensor(data.data, dtype=torch.float32)   # (569, 30)
labels = torch.tensor(data.target, dtype=torch.float32)   # (569,), 1 = benign
print(features.shape, labels.shape, "benign share:", labels.mean().item())


def standardize(train_x, test_x):
    """Standardises both parts with the mean and standard deviation of each column of train_x.

    Args:
        train_x: float tensor (N_train, F), N_train >= 2, no column constant.
        test_x: float tensor (N_test, F).

    Returns:
        (train_s, test_s): float tensors of the shapes of train_x and test_x,
        train_s = (train_x - mu) / sigma and test_s = (test_x - mu) / sigma, mu and sigma of shape (F,)
        computed from train_x only.
    """
    mu = train_x.mean(dim=0)
    sigma = train_x.std(dim=0)
    return (train_x - mu) / sigma, (test_x - mu) / sigma


class Model(nn.Module):
    """Model(in_features): (N, in_features) float32 -> (N, 1) probabilities in [0, 1].

    Linear(in_features, 16) -> activation -> Linear(16, 8) -> activation -> Linear(8, 1) -> sigmoid.
    """

    def __init__(self, in_features):
        super().__init__()
        self.linear1 = nn.Linear(in_features, 16)
        self.linear2 = nn.Linear(16, 8)
        self.linear3 = nn.Linear(8, 1)
        self.activate = nn.ReLU()
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        x = self.activate(self.linear1(x))
        x = self.activate(self.linear2(x))
        return self.sigmoid(self.linear3(x))


def train_step(model, optimizer, loss_fn, x, y):
    """One gradient step of model on the batch (x, y).

    Args:
        model: an nn.Module mapping (B, F) to (B, 1) probabilities.
        optimizer: a torch.optim optimizer over model.parameters().
        loss_fn: a loss such as nn.BCELoss(), called as loss_fn(y_pred, y).
        x: float32 tensor (B, F).
        y: float32 tensor (B, 1) of 0.0 / 1.0 labels.

    Returns:
        the batch's loss before the update, as a Python float.
    """
    y_pred = model(x)
    loss = loss_fn(y_pred, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def train_model(x, y, epochs=50, batch_size=32, lr=0.1):
    """Trains Model(x.shape[1]) by mini-batch SGD on BCELoss.

    Args:
        x: float32 tensor (N, F), standardised features.
        y: float32 tensor (N,) of 0.0 / 1.0 labels.
        epochs, batch_size, lr: the training settings.

    Returns:
        (model, losses): the trained Model and a list of `epochs` floats, the mean batch loss of each epoch.
    """
    model = Model(x.shape[1])
    loss_fn = nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    y = y.reshape(-1, 1)
    losses = []
    for epoch in range(epochs):
        order = torch.randperm(len(x))
        batch_losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            batch_losses.append(train_step(model, optimizer, loss_fn, x[batch], y[batch]))
        losses.append(sum(batch_losses) / len(batch_losses))
    return model, losses
