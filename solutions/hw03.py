"""Reference solution of hw03, generated from assignments/hw03/hw03.ipynb."""


import torch

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]


def forward(x, w1, w2, b):
    """The prediction y_hat = w1 * x**2 + w2 * x + b.

    Args:
        x: a float, or a float tensor of any shape (computed element by element).
        w1, w2, b: floats or 0-d float tensors, the parameters.

    Returns:
        y_hat: a float or a tensor of the shape of x.
    """
    return w1 * x ** 2 + w2 * x + b


def loss(x, y, w1, w2, b):
    """The squared error of one sample, (y_hat - y)**2 with y_hat = forward(x, w1, w2, b).

    Args:
        x, y: floats (or 0-d float tensors), one input and its target.
        w1, w2, b: floats or 0-d float tensors, the parameters.

    Returns:
        a float or a 0-d float tensor.
    """
    return (forward(x, w1, w2, b) - y) ** 2


def backward_manual(x, y, w1, w2, b):
    """The gradient of loss(x, y, w1, w2, b), derived by hand.

    Args:
        x, y: floats, one input and its target.
        w1, w2, b: floats, the parameters.

    Returns:
        a tuple (d loss/d w1, d loss/d w2, d loss/d b) of floats, in this order.
    """
    dloss_dyhat = 2 * (forward(x, w1, w2, b) - y)
    return dloss_dyhat * x ** 2, dloss_dyhat * x, dloss_dyhat


def backward_autograd(x, y, w1, w2, b):
    """The gradient of loss(x, y, w1, w2, b), computed by autograd.

    Args:
        x, y: floats, one input and its target.
        w1, w2, b: floats, the parameters.

    Returns:
        a tuple (d loss/d w1, d loss/d w2, d loss/d b) of floats (or 0-d tensors), in this order.
    """
    w1 = torch.tensor(w1, requires_grad=True)
    w2 = torch.tensor(w2, requires_grad=True)
    b = torch.tensor(b, requires_grad=True)
    loss(x, y, w1, w2, b).backward()
    return w1.grad.item(), w2.grad.item(), b.grad.item()


def sgd_update(params, lr):
    """One gradient-descent step, in place: p <- p - lr * p.grad for every p in params, then p.grad is zeroed.

    Args:
        params: a list of float leaf tensors with requires_grad=True and .grad set.
        lr: float, the learning rate.

    Returns:
        None. The tensors in params are changed in place; each stays a leaf that requires grad, with its .grad
        zeroed (or None).
    """
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
    for p in params:
        p.grad.zero_()


def dot_example(x, target, lr):
    """The gradient of loss = (target - x·x)**2 with respect to x, and x after one gradient step.

    Args:
        x: float tensor of shape (N,).
        target: float, the target value of y = x·x.
        lr: float, the learning rate.

    Returns:
        a tuple (grad, updated) of float tensors of shape (N,): d loss/d x, and x - lr * grad.
    """
    x = x.detach().clone().requires_grad_(True)
    y = torch.dot(x, x)
    (target - y).pow(2).backward()
    with torch.no_grad():
        updated = x - lr * x.grad
    return x.grad, updated


def train(xs, ys, w1, w2, b, lr, epochs):
    """Per-sample SGD on y_hat = w1 * x**2 + w2 * x + b with autograd.

    Args:
        xs, ys: float tensors of shape (N,) (or lists of floats), the samples in order, N >= 1.
        w1, w2, b: floats, the initial parameters.
        lr: float, the learning rate.
        epochs: int >= 1.

    Returns:
        a tuple (w1, w2, b, losses): the final parameters as floats (or 0-d tensors), and a list of `epochs`
        floats, losses[e] being the loss of the last sample of epoch e, computed before that sample's update.
    """
    params = [torch.tensor(float(v), requires_grad=True) for v in (w1, w2, b)]
    losses = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            l = loss(x, y, *params)
            l.backward()
            sgd_update(params, lr)
        losses.append(l.item())
    return params[0].item(), params[1].item(), params[2].item(), losses
