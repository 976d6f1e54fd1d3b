"""Reference solution of hw01, generated from assignments/hw01/hw01.ipynb."""


import torch

x_data = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
y_data = torch.tensor([2.0, 4.0, 6.0], dtype=torch.float64)
w_grid = torch.arange(0.0, 4.1, 0.1, dtype=torch.float64)   # 0.0, 0.1, ..., 4.0 (41 values)
b_grid = torch.arange(-2.0, 2.1, 0.1, dtype=torch.float64)  # -2.0, -1.9, ..., 2.0 (41 values)


def forward(x, w):
    """Predictions of the linear model y_hat = x * w.

    Args:
        x: float tensor of shape (N,), the inputs.
        w: float, the weight.

    Returns:
        a float tensor of shape (N,).
    """
    return x * w


def forward_b(x, w, b):
    """Predictions of the linear model y_hat = x * w + b.

    Args:
        x: float tensor of shape (N,), the inputs.
        w: float, the weight.
        b: float, the bias.

    Returns:
        a float tensor of shape (N,).
    """
    return x * w + b


def mse(y_pred, y):
    """Mean squared error between predictions and targets.

    Args:
        y_pred: float tensor of shape (N,), the predictions.
        y: float tensor of shape (N,), the targets.

    Returns:
        a float or a 0-d float tensor.
    """
    return ((y_pred - y) ** 2).mean()


def search_w(x, y, ws):
    """Exhaustive search of the weight of y_hat = x * w over a grid.

    Args:
        x: float tensor of shape (N,), the inputs.
        y: float tensor of shape (N,), the targets.
        ws: 1-D float tensor of M candidate weights.

    Returns:
        a tuple (best_w, losses): losses is a list of M floats (or a 1-D tensor of length M), losses[i] being
        the MSE of forward(x, ws[i]) against y; best_w is the candidate with the smallest loss (the first one
        on ties), a float or a 0-d tensor: the value ws[i], not its index i.
    """
    losses = []
    for w in ws:
        losses.append(float(mse(forward(x, w), y)))
    best = losses.index(min(losses))
    return ws[best], losses


def search_wb(x, y, ws, bs):
    """Exhaustive search of (w, b) of y_hat = x * w + b over a grid.

    Args:
        x: float tensor of shape (N,), the inputs.
        y: float tensor of shape (N,), the targets.
        ws: 1-D float tensor of M candidate weights.
        bs: 1-D float tensor of K candidate biases.

    Returns:
        a tuple (best_w, best_b, losses): losses is a float tensor of shape (M, K) (or a list of M lists of
        K floats), losses[i][j] being the MSE of forward_b(x, ws[i], bs[j]) against y; (best_w, best_b) is the
        pair with the smallest loss (the first one on ties, rows before columns), each a float or a 0-d tensor.
    """
    losses = torch.zeros(len(ws), len(bs), dtype=torch.float64)
    best_loss, best_w, best_b = float("inf"), None, None
    for i, w in enumerate(ws):
        for j, b in enumerate(bs):
            loss = float(mse(forward_b(x, w, b), y))
            losses[i, j] = loss
            if loss < best_loss:
                best_loss, best_w, best_b = loss, w, b
    return best_w, best_b, losses
