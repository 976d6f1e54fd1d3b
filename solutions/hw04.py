"""Reference solution of hw04, generated from assignments/hw04/hw04.ipynb."""


import torch
from torch import nn

x_data = torch.tensor([[1.0], [2.0], [3.0]])
y_data = torch.tensor([[2.0], [4.0], [6.0]])

# The optimizers of torch.optim that compare_optimizers (exercise 5) may be asked for, by class name.
OPTIMIZER_NAMES = ["SGD", "Adam", "Adagrad", "Adamax", "ASGD", "RMSprop", "Rprop"]


def prepare_data(xs, ys):
    """The samples as two float32 tensors of shape (N, 1).

    Args:
        xs, ys: lists of N numbers (ints or floats), the inputs and the targets.

    Returns:
        a tuple (x, y) of torch.float32 tensors of shape (N, 1).
    """
    x = torch.tensor(xs, dtype=torch.float32).reshape(-1, 1)
    y = torch.tensor(ys, dtype=torch.float32).reshape(-1, 1)
    return x, y


class LinearModel(nn.Module):
    """y_hat = x @ w.T + b with one nn.Linear(1, 1) layer.

    forward(x): x is a float tensor of shape (N, 1); returns a float tensor of shape (N, 1), the predictions,
    still attached to autograd (so that the loss can be back-propagated to the layer's parameters).
    """

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x)


def train_step(model, optimizer, loss_fn, x, y):
    """One update of model's parameters on the samples (x, y).

    Args:
        model: an nn.Module mapping (N, 1) inputs to (N, 1) predictions.
        optimizer: a torch.optim optimizer over model's parameters.
        loss_fn: the loss, called as loss_fn(y_pred, y), e.g. nn.MSELoss().
        x, y: float tensors of shape (N, 1).

    Returns:
        the loss of the predictions *before* this update, as a Python float.
    """
    y_pred = model(x)
    loss = loss_fn(y_pred, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def train(x, y, epochs, lr):
    """Trains a new LinearModel on (x, y) with MSELoss and SGD.

    Args:
        x, y: float32 tensors of shape (N, 1).
        epochs: int >= 1, the number of updates (one per epoch, on all N samples).
        lr: float, SGD's learning rate.

    Returns:
        a tuple (model, losses): the trained LinearModel and a list of `epochs` Python floats, losses[e] being
        the loss of epoch e before its update.
    """
    model = LinearModel()
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        losses.append(train_step(model, optimizer, loss_fn, x, y))
    return model, losses


def compare_optimizers(x, y, names, epochs, lr):
    """The loss histories of one training run per optimizer, each from the same initial model.

    Args:
        x, y: float32 tensors of shape (N, 1).
        names: a list of class names of torch.optim optimizers, each one of OPTIMIZER_NAMES.
        epochs: int >= 1.
        lr: float, the learning rate of every optimizer.

    Returns:
        a dict {name: losses} for every name in names, losses being a list of `epochs` Python floats (the loss
        of each epoch before its update) of a new LinearModel built right after torch.manual_seed(0).
    """
    histories = {}
    for name in names:
        torch.manual_seed(0)
        model = LinearModel()
        optimizer = getattr(torch.optim, name)(model.parameters(), lr=lr)
        loss_fn = nn.MSELoss()
        losses = []
        for epoch in range(epochs):
            losses.append(train_step(model, optimizer, loss_fn, x, y))
        histories[name] = losses
    return histories
