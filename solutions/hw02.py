"""Reference solution of hw02, generated from assignments/hw02/hw02.ipynb."""


import torch

x_data = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
y_data = torch.tensor([2.0, 4.0, 6.0], dtype=torch.float64)


def cost(x, y, w):
    """Mean squared error of the model y_hat = x * w.

    Args:
        x: float tensor of shape (N,), the inputs.
        y: float tensor of shape (N,), the targets.
        w: float, the weight.

    Returns:
        a float or a 0-d float tensor.
    """
    return ((x * w - y) ** 2).mean()


def gradient(x, y, w):
    """d cost / d w of the MSE of y_hat = x * w, derived by hand.

    Args:
        x: float tensor of shape (N,).
        y: float tensor of shape (N,).
        w: float.

    Returns:
        a float or a 0-d float tensor.
    """
    return (2 * x * (x * w - y)).mean()


def gradient_wb(x, y, w, b):
    """Partial derivatives of the MSE of y_hat = x * w + b.

    Args:
        x: float tensor of shape (N,).
        y: float tensor of shape (N,).
        w: float.
        b: float.

    Returns:
        a tuple (d cost / d w, d cost / d b) of floats or 0-d float tensors.
    """
    error = x * w + b - y
    return (2 * x * error).mean(), (2 * error).mean()


def gd_step(x, y, w, lr):
    """One batch gradient-descent update.

    Args:
        x: float tensor of shape (N,).
        y: float tensor of shape (N,).
        w: float, the current weight.
        lr: float, the learning rate.

    Returns:
        the new weight, a float or a 0-d float tensor.
    """
    return w - lr * gradient(x, y, w)


def sgd_epoch(x, y, w, lr):
    """One epoch of SGD: one update per sample, in the order of the data.

    Args:
        x: float tensor of shape (N,).
        y: float tensor of shape (N,).
        w: float, the weight at the start of the epoch.
        lr: float, the learning rate.

    Returns:
        the weight after the epoch, a float or a 0-d float tensor.
    """
    for xi, yi in zip(x, y):
        w = w - lr * gradient(xi, yi, w)
    return w


def minibatch_epoch(x, y, w, lr, batch_size):
    """One epoch of mini-batch gradient descent over consecutive batches.

    Args:
        x: float tensor of shape (N,).
        y: float tensor of shape (N,).
        w: float, the weight at the start of the epoch.
        lr: float, the learning rate.
        batch_size: int >= 1; the last batch holds the remaining samples.

    Returns:
        the weight after the epoch, a float or a 0-d float tensor.
    """
    for start in range(0, len(x), batch_size):
        w = w - lr * gradient(x[start:start + batch_size], y[start:start + batch_size], w)
    return w


def train_gd(x, y, w, lr, epochs):
    """Batch gradient descent for a number of epochs.

    Args:
        x: float tensor of shape (N,).
        y: float tensor of shape (N,).
        w: float, the initial weight.
        lr: float, the learning rate.
        epochs: int >= 1.

    Returns:
        a tuple (w, costs): the final weight, and a list (or 1-D tensor) of `epochs` costs, costs[e] being the
        cost before the e-th update.
    """
    costs = []
    for _ in range(epochs):
        costs.append(cost(x, y, w))
        w = w - lr * gradient(x, y, w)
    return w, costs
