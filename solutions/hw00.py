"""Reference solution of hw00, generated from assignments/hw00/hw00.ipynb."""


import numpy as np
import torch


def arange_matrix(n, m):
    """The numbers 0 .. n*m-1, row by row, in an n x m matrix.

    Args:
        n: int >= 1, the number of rows.
        m: int >= 1, the number of columns.

    Returns:
        a float32 tensor of shape (n, m) with element [i, j] equal to i*m + j.
    """
    return torch.arange(n * m, dtype=torch.float32).reshape(n, m)


def view_and_copy(x):
    """A flat view of x and a flat copy of x.

    Args:
        x: a contiguous float tensor of any shape.

    Returns:
        a tuple (view, copy) of 1-D tensors of x.numel() elements, x's elements row by row: `view` shares
        memory with x (it changes when x changes), `copy` does not.
    """
    view = x.view(-1)
    copy = x.clone().view(-1)
    return view, copy


def to_tensor_shared(a):
    """A tensor sharing memory with a NumPy array.

    Args:
        a: a NumPy array (dtype float64, float32 or int64).

    Returns:
        a torch.Tensor of a's shape and dtype that shares memory with a.
    """
    return torch.from_numpy(a)


def to_numpy_shared(t):
    """A NumPy array sharing memory with a tensor.

    Args:
        t: a 1-D float64 tensor with requires_grad=True.

    Returns:
        a numpy.ndarray of t's shape and dtype that shares memory with t.
    """
    return t.detach().numpy()


def grad_twice(value):
    """x.grad after one and after two backward() passes of y = x**2.

    Args:
        value: float, the value of the leaf x.

    Returns:
        a tuple (first, second) of Python floats: x.grad after the first backward() and after the second.
    """
    x = torch.tensor(value, requires_grad=True)
    (x ** 2).backward()
    first = x.grad.item()
    (x ** 2).backward()
    second = x.grad.item()
    return first, second


def vjp(x, v):
    """The vector-Jacobian product of y = x**2 (elementwise) with v, by autograd.

    Args:
        x: 1-D float tensor.
        v: 1-D float tensor of x's shape.

    Returns:
        a tensor of x's shape: the .grad of x after y.backward(v).
    """
    x = x.detach().clone().requires_grad_(True)
    y = x ** 2
    y.backward(v)
    return x.grad


def stop_gradient(y):
    """y cut off from the computational graph.

    Args:
        y: a float tensor that requires grad (the result of operations on a leaf).

    Returns:
        a tensor with y's values that shares y's memory and version counter, does not require grad and has
        no grad_fn.
    """
    return y.detach()
