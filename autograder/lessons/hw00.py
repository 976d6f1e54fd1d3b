"""hw00 tensors and autograd: creating tensors, views vs copies, the NumPy bridge, .grad accumulation,
backward(v) and detach.

Oracles are public: torch's own functions and autograd. Memory sharing, .grad after backward() and the
version counter only exist in the worker, so the probes (`autograder.sandboxed.probes.hw00`) observe them there
and return plain data; each oracle returns the observation that the notebook's contract implies.
"""

from __future__ import annotations

import numpy as np
import torch
from hypothesis import strategies as st

from autograder.i18n import N_
from autograder.lessons.shared import CHANGED_ITS_ARGUMENTS, CHANGED_ITS_ARGUMENTS_HINT, called_twice
from autograder.properties import Mistake, property_check
from autograder.rubric import Lesson
from autograder.sandboxed.probes.hw00 import (
    AFTER_A,
    AFTER_T,
    AFTER_X,
    BUMP,
    GRAD,
    SHARES_VERSION,
    probe_stop_gradient,
    probe_to_numpy_shared,
    probe_to_tensor_shared,
    probe_view_and_copy,
)
from autograder.sandboxed.probes.shared import probe_called_twice
from autograder.sandboxed.values import as_tensor as _t
from autograder.strategies import paired_vectors, scalars, shapes, tensors, vectors

# arange_matrix


def arange_matrix_reference(n, m) -> torch.Tensor:
    return torch.arange(n * m, dtype=torch.float32).reshape(n, m)


# view_and_copy: the probe changes x in place after the call and reports both outputs.


def _view_copy(view, copy) -> dict:
    return {f"view {AFTER_X}": view, f"copy {AFTER_X}": copy}


def view_and_copy_reference(x) -> dict:
    flat = _t(x).reshape(-1)
    return _view_copy(flat + BUMP, flat)


# to_tensor_shared: the probe changes the array in place after the call.


def _tensor_seen(t) -> dict:
    return {"type": "Tensor", AFTER_A: t}


def to_tensor_shared_reference(a) -> dict:
    return _tensor_seen(torch.from_numpy(a + BUMP))


# to_numpy_shared: the probe changes the tensor in place (under no_grad: it is a leaf that requires grad).


def to_numpy_shared_reference(t) -> dict:
    return {"type": "ndarray", AFTER_T: (t.detach() + BUMP).numpy()}


# grad_twice, vjp: autograd in the grader is the oracle.


def grad_twice_reference(value) -> tuple[float, float]:
    x = torch.tensor(float(value), dtype=torch.float64, requires_grad=True)
    (first,) = torch.autograd.grad(x**2, x)
    return float(first), float(2 * first)


def vjp_reference(x, v) -> torch.Tensor:
    x = _t(x).clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(x**2, x, grad_outputs=_t(v))
    return grad


# stop_gradient: the probe uses the result in z = stop_gradient(x**2) * x, runs backward, then changes the
# result in place and asks whether y's version counter saw it (it does for detach(), not for .data or a copy).


def _stopped(grad, requires_grad, grad_fn, shares) -> dict:
    return {GRAD: grad, "requires_grad": requires_grad, "grad_fn": grad_fn, SHARES_VERSION: shares}


def stop_gradient_reference(x) -> dict:
    return _stopped(_t(x) ** 2, False, None, True)


MATRIX_SIZES = st.tuples(st.integers(1, 5), st.integers(1, 5))
SMALL_TENSORS = tensors(shape=shapes(min_dims=1, max_dims=2, max_side=3), low=-5, high=5).map(lambda x: (x,))
ARRAYS = (
    st.sampled_from([torch.float64, torch.float32, torch.int64])
    .flatmap(lambda dtype: vectors(max_size=4, low=-5, high=5, dtype=dtype))
    .map(lambda t: (t.numpy(),))
)
LEAVES = vectors(max_size=4, low=-5, high=5).map(lambda t: (t.requires_grad_(True),))
COURSE_VJP = (torch.tensor([1.0, 2.0, 3.0, 4.0]), torch.tensor([1.0, 0.1, 0.01, 0.001]))

LESSON = Lesson(
    id="hw00",
    title=N_("Tensors and autograd: views, copies, NumPy, .grad, backward(v), detach"),
    functions=("arange_matrix", "view_and_copy", "to_tensor_shared", "to_numpy_shared", "grad_twice", "vjp",
               "stop_gradient"),
    checks=(
        property_check(
            id="arange_matrix",
            points=10,
            title=N_("arange_matrix(n, m) is a float32 (n, m) tensor of 0..n*m-1, row by row"),
            function="arange_matrix",
            argnames=("n", "m"),
            oracle=arange_matrix_reference,
            inputs=MATRIX_SIZES,
            examples=[(3, 5), (2, 3)],
            exact_dtype=True,
            mistakes=[
                Mistake(N_("The dtype is int64: torch.arange of whole numbers gives int64 tensors. "
                           "Ask for dtype=torch.float32."),
                        lambda n, m: torch.arange(n * m).reshape(n, m)),
                Mistake(N_("The dtype is float64 (NumPy's default): ask torch for dtype=torch.float32."),
                        lambda n, m: torch.arange(n * m, dtype=torch.float64).reshape(n, m)),
                Mistake(N_("The shape is (m, n): the matrix has n rows of m columns, reshape(n, m)."),
                        lambda n, m: arange_matrix_reference(m, n)),
                Mistake(N_("The numbers run column by column (that is reshape(m, n).T): they must run along the rows, "
                           "element [i, j] = i*m + j."),
                        lambda n, m: arange_matrix_reference(m, n).T),
                Mistake(N_("That is a list or a NumPy array, not a tensor: build it with torch, "
                           "torch.arange(n * m, dtype=torch.float32).reshape(n, m)."),
                        lambda n, m: arange_matrix_reference(n, m).numpy()),  # last: it matches tensors of any dtype
            ],
            hint=N_("torch.arange(n * m, dtype=torch.float32).reshape(n, m)."),
        ),
        property_check(
            id="view_and_copy",
            points=15,
            title=N_("view_and_copy(x): the view follows in-place changes of x, the copy does not"),
            function="view_and_copy",
            argnames=("x",),
            oracle=view_and_copy_reference,
            inputs=SMALL_TENSORS,
            examples=[(torch.arange(15, dtype=torch.float64).reshape(3, 5),)],
            probe=probe_view_and_copy,
            mistakes=[
                Mistake(N_("A copy mistaken for a view: your `view` did not change when x changed, so it has memory "
                           "of its own (clone() and torch.tensor copy). Use x.view(-1) or x.reshape(-1)."),
                        lambda x: _view_copy(_t(x).reshape(-1), _t(x).reshape(-1))),
                Mistake(N_("A view mistaken for a copy: your `copy` changed when x changed. view, reshape, flatten and "
                           "indexing share memory with x; clone() makes the copy."),
                        lambda x: _view_copy(_t(x).reshape(-1) + BUMP, _t(x).reshape(-1) + BUMP)),
                Mistake(N_("The two results are swapped: return (view, copy)."),
                        lambda x: _view_copy(_t(x).reshape(-1), _t(x).reshape(-1) + BUMP)),
                Mistake(N_("Those are NumPy arrays (or lists), not tensors: x.view(-1) and x.clone().view(-1) keep "
                           "them tensors."),
                        lambda x: {key: value.numpy() for key, value in view_and_copy_reference(x).items()}),
            ],
            hint=N_("view = x.view(-1) shares x's memory; copy = x.clone().view(-1) does not. Both are 1-D, row by row."),
            exact_dtype=True,
        ),
        property_check(
            id="to_tensor_shared",
            points=10,
            title=N_("to_tensor_shared(a) is a tensor of a's dtype that shares memory with the array a"),
            function="to_tensor_shared",
            argnames=("a",),
            oracle=to_tensor_shared_reference,
            inputs=ARRAYS,
            examples=[(np.ones(5),)],
            probe=probe_to_tensor_shared,
            exact_dtype=True,
            mistakes=[
                Mistake(N_("torch.tensor(a) copies the array: your tensor did not change when a changed. "
                           "torch.from_numpy(a) shares a's memory."),
                        lambda a: _tensor_seen(torch.tensor(a))),
                Mistake(N_("torch.Tensor(a) converts to float32, which copies the array and changes its dtype. "
                           "torch.from_numpy(a) keeps the dtype and shares a's memory."),
                        lambda a: _tensor_seen(torch.tensor(a, dtype=torch.float32))),
                Mistake(N_("That is a NumPy array, not a torch.Tensor: convert a with torch.from_numpy(a)."),
                        lambda a: {"type": "ndarray", AFTER_A: a + BUMP}),
            ],
            hint=N_("torch.from_numpy(a) makes a tensor that shares a's memory and keeps its dtype."),
        ),
        property_check(
            id="to_numpy_shared",
            points=10,
            title=N_("to_numpy_shared(t) is a NumPy array sharing memory with t (which requires grad)"),
            function="to_numpy_shared",
            argnames=("t",),
            oracle=to_numpy_shared_reference,
            inputs=LEAVES,
            examples=[(torch.ones(5, dtype=torch.float64, requires_grad=True),)],
            probe=probe_to_numpy_shared,
            exact_dtype=True,
            mistakes=[
                Mistake(N_("Your array is a copy: it did not change when t changed (np.array(...) and clone() copy). "
                           "t.detach().numpy() shares t's memory."),
                        lambda t: {"type": "ndarray", AFTER_T: t.detach().numpy()}),
                Mistake(N_("That is a torch.Tensor, not a NumPy array: call .numpy() on t.detach()."),
                        lambda t: {"type": "Tensor", AFTER_T: t.detach() + BUMP}),
                Mistake(N_("That is a Python list (tolist() copies): return t.detach().numpy()."),
                        lambda t: {"type": "list", AFTER_T: t.detach().tolist()}),
            ],
            hint=N_("t.numpy() raises for a tensor that requires grad: call t.detach().numpy(), which shares t's memory."),
        ),
        property_check(
            id="grad_twice",
            points=20,
            title=N_("grad_twice(value): x.grad accumulates over two backward() calls of y = x**2: (2x, 4x)"),
            function="grad_twice",
            argnames=("value",),
            oracle=grad_twice_reference,
            inputs=scalars(-5, 5).map(lambda v: (v,)),
            examples=[(3.0,)],
            mistakes=[
                Mistake(N_("x.grad was reset between the two backward() calls (grad.zero_() or a new leaf x): the "
                           "point is that backward() adds to x.grad, so the second value is 4x."),
                        lambda v: (2 * v, 2 * v)),
                Mistake(N_("The first value changed after you took it: x.grad is one tensor that backward() updates "
                           "in place, so keep a number (x.grad.item()) or a copy (x.grad.clone())."),
                        lambda v: (4 * v, 4 * v)),
            ],
            hint=N_("x = torch.tensor(value, requires_grad=True); build y = x**2 and call backward() twice (the graph is "
                    "freed after each backward(), so build y again), reading x.grad.item() after each."),
        ),
        property_check(
            id="vjp",
            points=15,
            title=N_("vjp(x, v) is x.grad after y.backward(v) for y = x**2: 2*x*v"),
            function="vjp",
            argnames=("x", "v"),
            oracle=called_twice(vjp_reference),
            probe=probe_called_twice,
            inputs=paired_vectors(2, max_size=4, low=-5, high=5),
            examples=[COURSE_VJP],
            mistakes=[
                Mistake(CHANGED_ITS_ARGUMENTS_HINT, lambda *a: CHANGED_ITS_ARGUMENTS),
                Mistake(N_("v was ignored (y.sum().backward() weighs every element by 1): pass it, y.backward(v)."),
                        lambda x, v: {"first_call": 2 * _t(x)}),
                Mistake(N_("y.mean().backward() weighs every element by 1/N and ignores v: call y.backward(v)."),
                        lambda x, v: {"first_call": 2 * _t(x) / len(x)}),
            ],
            hint=N_("Make a leaf: x = x.detach().clone().requires_grad_(True); y = x**2; y.backward(v); return x.grad."),
        ),
        property_check(
            id="stop_gradient",
            points=20,
            title=N_("stop_gradient(y) is y.detach(): no gradient through it, same data and version counter"),
            function="stop_gradient",
            argnames=("x",),
            oracle=stop_gradient_reference,
            inputs=vectors(max_size=4, low=-5, high=5).map(lambda t: (t,)),
            examples=[(torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64),)],
            probe=probe_stop_gradient,
            mistakes=[
                Mistake(N_("You returned y itself: it is still in the graph, so the gradient flowed through it "
                           "(3x² instead of x²). Return y.detach()."),
                        lambda x: _stopped(3 * _t(x) ** 2, True, "PowBackward0", True)),
                Mistake(N_("clone() copies the data but stays in the graph (grad_fn CloneBackward0): gradients still "
                           "flow through it. Return y.detach()."),
                        lambda x: _stopped(3 * _t(x) ** 2, True, "CloneBackward0", False)),
                Mistake(N_("The gradient is stopped, but your result does not share y's version counter: y.data (or a "
                           "copy such as y.detach().clone()) hides in-place changes from autograd, which can then "
                           "compute wrong gradients silently. Use y.detach()."),
                        lambda x: _stopped(_t(x) ** 2, False, None, False)),
                Mistake(N_("requires_grad_() made the result a new leaf that requires grad: return y.detach() as it is."),
                        lambda x: _stopped(_t(x) ** 2, True, None, True)),
            ],
            hint=N_("y.detach() shares y's data and version counter, has no grad_fn and does not require grad."),
        ),
    ),
)
