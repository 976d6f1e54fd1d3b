"""hw03 backpropagation: y_hat = w1*x**2 + w2*x + b by hand and with autograd, in-place updates of leaf tensors.

Oracles are public: the formulas the notebook states, autograd for every gradient, and the course's worked example
x = [0, 1, 2, 3], y = x·x, loss = (10 - y)**2 (gradient [0, 16, 32, 48], updated x [0, 0.84, 1.68, 2.52]).
Leafness, in-place updates and accumulated .grad only exist in the worker, so the probes
(`autograder.sandboxed.probes.hw03`) observe them there.
"""

from __future__ import annotations

import torch
from hypothesis import strategies as st

from autograder.i18n import N_
from autograder.lessons.shared import (
    CHANGED_ITS_ARGUMENTS,
    CHANGED_ITS_ARGUMENTS_HINT,
    GRADIENT_BY_HAND,
    by_hand_mistakes,
    called_twice,
)
from autograder.properties import Mistake, negated, property_check
from autograder.rubric import Lesson
from autograder.sandboxed.probes.hw03 import LECTURE_SAMPLE, STEPS, probe_sgd_update, probe_twice
from autograder.sandboxed.probes.shared import probe_by_hand, probe_called_twice
from autograder.sandboxed.values import as_tensor as _t
from autograder.standins.hw03 import forward_reference, loss_reference, sgd_update_reference
from autograder.strategies import paired_vectors, scalars, vectors

LEARNING_RATES = st.sampled_from([0.01, 0.1, 0.05])
FLOAT_RTOL, FLOAT_ATOL = 1e-5, 1e-6  # answers returned with .item() may have been computed in float32
USE_REFERENCE_FORWARD = {"forward": forward_reference}
USE_REFERENCE_LOSS = {"forward": forward_reference, "loss": loss_reference}
USE_REFERENCE_HELPERS = {**USE_REFERENCE_LOSS, "sgd_update": sgd_update_reference}
X_DATA = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
Y_DATA = torch.tensor([2.0, 4.0, 6.0], dtype=torch.float64)
DOT_X = torch.tensor([0.0, 1.0, 2.0, 3.0], dtype=torch.float64)
DOT_GRAD = torch.tensor([0.0, 16.0, 32.0, 48.0], dtype=torch.float64)
DOT_UPDATED = torch.tensor([0.0, 0.84, 1.68, 2.52], dtype=torch.float64)


# Oracles.


def grads_reference(x, y, w1, w2, b) -> tuple[float, float, float]:
    """(d loss/d w1, d loss/d w2, d loss/d b), computed by autograd in float64."""
    params = [_t(v).clone().requires_grad_(True) for v in (w1, w2, b)]
    grads = torch.autograd.grad(loss_reference(_t(x), _t(y), *params), params)
    dw1, dw2, db = (float(g) for g in grads)
    return dw1, dw2, db


def loss_value(x, y, w1, w2, b) -> float:
    return float(loss_reference(_t(x), _t(y), _t(w1), _t(w2), _t(b)))


def dot_reference(x, target, lr) -> tuple[torch.Tensor, torch.Tensor]:
    x = _t(x).clone().requires_grad_(True)
    ((target - torch.dot(x, x)) ** 2).backward()
    return x.grad, (x - lr * x.grad).detach()


def train_reference(xs, ys, w1, w2, b, lr, epochs, *, fresh_each_epoch=False, record="last"):
    """Per-sample SGD in float64; losses[e] is the loss of the last sample of epoch e, before its update.

    fresh_each_epoch and record="sum" describe two mistakes.
    """
    params, losses = [w1, w2, b], []
    for _ in range(epochs):
        if fresh_each_epoch:
            params = [w1, w2, b]
        seen = []
        for x, y in zip(_t(xs), _t(ys)):
            seen.append(loss_value(x, y, *params))
            params = [p - lr * g for p, g in zip(params, grads_reference(x, y, *params))]
        losses.append(sum(seen) if record == "sum" else seen[-1])
    return (*params, losses)


def _batch_training(xs, ys, w1, w2, b, lr, epochs):
    """One update per epoch with the gradients summed over the samples (a mistake)."""
    params, losses = [w1, w2, b], []
    for _ in range(epochs):
        grads = [grads_reference(x, y, *params) for x, y in zip(_t(xs), _t(ys))]
        losses.append(loss_value(xs[-1], ys[-1], *params))
        params = [p - lr * sum(g[i] for g in grads) for i, p in enumerate(params)]
    return (*params, losses)


# The observations the probes should make.


def twice_expected(x, y, w1, w2, b) -> dict:
    grads = grads_reference(x, y, w1, w2, b)
    return {"same_when_called_again": True, "first_call": grads, "second_call": grads}


def _sgd_values(x, y, w1, w2, b, lr, *, sign=1.0, rate=None, accumulate=False) -> list[list[float]]:
    """The parameter values after each of the two steps (with a mistake's sign, rate or accumulation)."""
    rate = lr if rate is None else rate
    values, carried, out = [w1, w2, b], [0.0, 0.0, 0.0], []
    for _ in STEPS:
        grads = [g + c for g, c in zip(grads_reference(x, y, *values), carried)]
        carried = grads if accumulate else carried
        values = [v - sign * rate * g for v, g in zip(values, grads)]
        out.append(values)
    return out


def sgd_update_expected(x, y, w1, w2, b, lr) -> dict:
    return {step: {"values": values, "is_leaf": [True] * 3, "requires_grad": [True] * 3, "grad_cleared": [True] * 3}
            for step, values in zip(STEPS, _sgd_values(x, y, w1, w2, b, lr))}


def _after_step_1(**observed) -> dict:
    return {STEPS[0]: observed}


XYWB = st.tuples(*(scalars(-3, 3) for _ in range(5)))
XYWB_LR = st.tuples(XYWB, LEARNING_RATES).map(lambda t: (*t[0], t[1]))
THIRD_SAMPLE = (3.0, 6.0, 1.0, 1.0, 1.0)
GRAD_MISTAKE_EXAMPLES = [LECTURE_SAMPLE, THIRD_SAMPLE, (-1.5, 0.5, 0.5, -2.0, 1.0)]

LESSON = Lesson(
    id="hw03",
    title=N_("Backpropagation: the chain rule by hand and with autograd"),
    functions=("forward", "loss", "backward_manual", "backward_autograd", "sgd_update", "dot_example", "train"),
    checks=(
        property_check(
            id="forward",
            points=10,
            title=N_("forward(x, w1, w2, b) is w1*x**2 + w2*x + b, on floats and element by element on tensors"),
            function="forward",
            argnames=("x", "w1", "w2", "b"),
            oracle=forward_reference,
            inputs=st.tuples(st.one_of(scalars(-3, 3), vectors(max_size=4, low=-3, high=3)),
                             scalars(-3, 3), scalars(-3, 3), scalars(-3, 3)),
            examples=[(X_DATA, 1.0, 1.0, 1.0), (2.0, 1.0, 1.0, 1.0)],
            mistakes=[
                Mistake(N_("x*2 doubles x; the model squares it: x**2."),
                        lambda x, w1, w2, b: w1 * _t(x) * 2 + w2 * _t(x) + b),
                Mistake(N_("w1 and w2 are swapped: w1 multiplies x**2 and w2 multiplies x."),
                        lambda x, w1, w2, b: forward_reference(_t(x), w2, w1, b)),
                Mistake(N_("The bias b is missing: y_hat = w1*x**2 + w2*x + b."),
                        lambda x, w1, w2, b: forward_reference(_t(x), w1, w2, 0.0)),
            ],
            hint=N_("y_hat = w1 * x**2 + w2 * x + b, written with * and ** so it works on floats and tensors."),
            rtol=FLOAT_RTOL,
            atol=FLOAT_ATOL,
        ),
        property_check(
            id="loss",
            points=5,
            title=N_("loss(x, y, w1, w2, b) is the squared error (y_hat - y)**2 of one sample"),
            function="loss",
            argnames=("x", "y", "w1", "w2", "b"),
            oracle=loss_value,
            inputs=XYWB,
            examples=[LECTURE_SAMPLE, THIRD_SAMPLE],
            replace=USE_REFERENCE_FORWARD,
            mistakes=[
                Mistake(N_("The error is not squared: loss = (y_hat - y) ** 2."),
                        lambda x, y, w1, w2, b: forward_reference(x, w1, w2, b) - y, up_to=(negated,)),
                Mistake(N_("(y_hat - y) * 2 doubles the error; the loss squares it: (y_hat - y) ** 2."),
                        lambda x, y, w1, w2, b: (forward_reference(x, w1, w2, b) - y) * 2),
                Mistake(N_("Only y was squared: the loss is (y_hat - y) ** 2, with brackets."),
                        lambda x, y, w1, w2, b: forward_reference(x, w1, w2, b) - y ** 2),
            ],
            hint=N_("loss = (forward(x, w1, w2, b) - y) ** 2."),
            rtol=FLOAT_RTOL,
            atol=FLOAT_ATOL,
        ),
        property_check(
            id="backward_manual",
            points=20,
            title=N_("backward_manual returns (d loss/d w1, d loss/d w2, d loss/d b) derived by hand (checked against autograd)"),
            function="backward_manual",
            argnames=("x", "y", "w1", "w2", "b"),
            oracle=grads_reference,
            inputs=XYWB,
            examples=GRAD_MISTAKE_EXAMPLES,
            replace=USE_REFERENCE_FORWARD,
            probe=probe_by_hand,
            mistakes=[
                *by_hand_mistakes(GRADIENT_BY_HAND),
                Mistake(N_("d loss/d w1 has x where the chain rule gives x**2: y_hat depends on w1 through w1*x**2, "
                           "so d y_hat/d w1 = x**2 and d loss/d w1 = 2*(y_hat - y)*x**2."),
                        lambda *a: (grads_reference(*a)[1], grads_reference(*a)[1], grads_reference(*a)[2])),
                Mistake(N_("d loss/d w1 has 2*x: you differentiated x**2 with respect to x, but the derivative is "
                           "with respect to w1, and d(w1*x**2)/d w1 = x**2."),
                        lambda *a: (2 * grads_reference(*a)[1], grads_reference(*a)[1], grads_reference(*a)[2])),
                Mistake(N_("The factor 2 is missing: d/d y_hat (y_hat - y)**2 = 2*(y_hat - y)."),
                        lambda *a: tuple(g / 2 for g in grads_reference(*a))),
                Mistake(N_("The sign is flipped: d loss/d y_hat = 2*(y_hat - y), not 2*(y - y_hat)."),
                        lambda *a: tuple(-g for g in grads_reference(*a))),
                Mistake(N_("d loss/d b has an x in it: d y_hat/d b = 1, so d loss/d b = 2*(y_hat - y)."),
                        lambda *a: (*grads_reference(*a)[:2], grads_reference(*a)[2] * a[0])),
                Mistake(N_("The partial derivatives are in the wrong order: return (d/d w1, d/d w2, d/d b)."),
                        lambda *a: (grads_reference(*a)[1], grads_reference(*a)[0], grads_reference(*a)[2])),
            ],
            hint=N_("With e = y_hat - y: d loss/d w1 = 2*e*x**2, d loss/d w2 = 2*e*x, d loss/d b = 2*e."),
            rtol=FLOAT_RTOL,
            atol=FLOAT_ATOL,
        ),
        property_check(
            id="backward_autograd",
            points=15,
            title=N_("backward_autograd gives the same three partial derivatives with autograd, on every call"),
            function="backward_autograd",
            argnames=("x", "y", "w1", "w2", "b"),
            oracle=twice_expected,
            probe=probe_twice,
            inputs=XYWB,
            examples=GRAD_MISTAKE_EXAMPLES,
            replace=USE_REFERENCE_LOSS,
            mistakes=[
                Mistake(N_("Called again with the same arguments, your function gave another answer: backward() adds "
                           "into .grad, and "
                           "your leaf tensors keep their .grad between calls (global tensors?). Create the parameters "
                           "as new leaf tensors inside the function, or zero their .grad before backward()."),
                        lambda *a: {"same_when_called_again": False}),
                Mistake(N_("Those are the derivatives of y_hat, not of the loss: call backward() on the loss."),
                        lambda x, y, w1, w2, b: {"first_call": (x ** 2, x, 1.0)}),
                Mistake(N_("The partial derivatives are in the wrong order: return (w1.grad, w2.grad, b.grad)."),
                        lambda *a: {"first_call": (grads_reference(*a)[1], grads_reference(*a)[0],
                                                   grads_reference(*a)[2])}),
            ],
            hint=N_("Make w1, w2, b tensors with requires_grad=True inside the function, call backward() on "
                    "loss(x, y, w1, w2, b) and return (w1.grad.item(), w2.grad.item(), b.grad.item())."),
            rtol=FLOAT_RTOL,
            atol=FLOAT_ATOL,
        ),
        property_check(
            id="sgd_update",
            points=20,
            title=N_("sgd_update(params, lr), params = [w1, w2, b] after backward() of loss(x, y, ...): two steps, in place, leaves kept"),
            function="sgd_update",
            argnames=("x", "y", "w1", "w2", "b", "lr"),
            oracle=sgd_update_expected,
            probe=probe_sgd_update,
            replace=USE_REFERENCE_LOSS,  # the probe's trusted loss
            inputs=XYWB_LR,
            examples=[(*LECTURE_SAMPLE, 0.01), (*THIRD_SAMPLE, 0.01)],
            mistakes=[
                Mistake(N_("The caller's parameters did not change: `p = p - lr * p.grad` (or returning new tensors) "
                           "only rebinds a name to a new tensor, the caller's tensors are untouched. Change each tensor "
                           "in place: `with torch.no_grad(): p -= lr * p.grad`, and zero p.grad only after that."),
                        lambda x, y, w1, w2, b, lr: _after_step_1(values=[w1, w2, b])),
                Mistake(N_("`params[i] = p - lr * p.grad` puts a new tensor, recorded by autograd, in the list: it is "
                           "not a leaf, its .grad stays None and the next backward() cannot fill it (the trap of "
                           "x = x - lr * x.grad). Update in place under torch.no_grad() instead."),
                        lambda *a: _after_step_1(values=_sgd_values(*a)[0], is_leaf=[False] * 3)),
                Mistake(N_("The new tensors were detached from autograd: they no longer require grad, so the next "
                           "backward() gives them no gradient. Update in place under torch.no_grad() instead."),
                        lambda *a: _after_step_1(values=_sgd_values(*a)[0], is_leaf=[True] * 3,
                                                 requires_grad=[False] * 3)),
                Mistake(N_("The update goes uphill: p -= lr * p.grad, not p += lr * p.grad."),
                        lambda *a: _after_step_1(values=_sgd_values(*a, sign=-1.0)[0])),
                Mistake(N_("The learning rate is missing: p -= lr * p.grad."),
                        lambda *a: _after_step_1(values=_sgd_values(*a, rate=1.0)[0])),
                Mistake(N_("The gradients were not zeroed: backward() adds into .grad, so the second step used the sum "
                           "of both steps' gradients. Zero each p.grad (p.grad.zero_() or p.grad = None) after "
                           "the update."),
                        lambda *a: {STEPS[1]: {"values": _sgd_values(*a, accumulate=True)[1]}}),
            ],
            hint=N_("with torch.no_grad(): for p in params: p -= lr * p.grad; then p.grad.zero_() for every p."),
        ),
        property_check(
            id="dot_example",
            points=15,
            title=N_("dot_example(x, target, lr): gradient of (target - x·x)**2 and x after one step"),
            function="dot_example",
            argnames=("x", "target", "lr"),
            oracle=called_twice(dot_reference),
            probe=probe_called_twice,
            inputs=st.tuples(vectors(max_size=4, low=-3, high=3), scalars(-10, 10), LEARNING_RATES),
            examples=[(DOT_X, 10.0, 0.01)],
            mistakes=[
                Mistake(CHANGED_ITS_ARGUMENTS_HINT, lambda *a: CHANGED_ITS_ARGUMENTS),
                Mistake(N_("That is the worked example's answer for every input: compute the gradient from the "
                           "arguments x, target and lr."),
                        lambda x, target, lr: {"first_call": (DOT_GRAD, DOT_UPDATED)}),
                Mistake(N_("y = x·x is the dot product (one number), not the element-wise x*x: use torch.dot(x, x) "
                           "or (x * x).sum()."),
                        lambda x, target, lr: {"first_call": _elementwise_dot(x, target, lr)}),
                Mistake(N_("d(x·x)/dx = 2x is missing: the gradient is 2*(y - target) * 2*x."),
                        lambda x, target, lr: {"first_call": (dot_reference(x, target, lr)[0] / 2,
                                                              _t(x) - lr * dot_reference(x, target, lr)[0] / 2)}),
                Mistake(N_("The update goes uphill: updated = x - lr * grad."),
                        lambda x, target, lr: {"first_call": (dot_reference(x, target, lr)[0],
                                                              _t(x) + lr * dot_reference(x, target, lr)[0])}),
                Mistake(N_("The two results are swapped: return (grad, updated)."),
                        lambda x, target, lr: {"first_call": dot_reference(x, target, lr)[::-1]}),
            ],
            hint=N_("Make a leaf copy of x with requires_grad=True, y = torch.dot(x, x), ((target - y)**2).backward(), "
                    "then grad = x.grad and updated = x - lr * grad."),
        ),
        property_check(
            id="train",
            points=15,
            title=N_("train(xs, ys, w1, w2, b, lr, epochs): per-sample SGD with autograd, last sample's loss per epoch"),
            function="train",
            argnames=("xs", "ys", "w1", "w2", "b", "lr", "epochs"),
            oracle=train_reference,
            inputs=st.tuples(paired_vectors(2, max_size=4, low=-2, high=2), scalars(-2, 2), scalars(-2, 2),
                             scalars(-2, 2), st.sampled_from([0.01, 0.02]), st.integers(1, 4)).map(
                lambda t: (*t[0], *t[1:])),
            examples=[(X_DATA, Y_DATA, 1.0, 1.0, 1.0, 0.01, 100)],
            replace=USE_REFERENCE_HELPERS,
            mistakes=[
                Mistake(N_("The parameters start again from their initial values every epoch: create the leaf tensors "
                           "once, before the epoch loop (a model rebuilt every epoch never learns)."),
                        lambda *a: train_reference(*a, fresh_each_epoch=True)),
                Mistake(N_("Each recorded loss is the sum over the epoch's samples: record the loss of the last sample "
                           "of the epoch (the lecture's `l.item()` after the inner loop)."),
                        lambda *a: train_reference(*a, record="sum")),
                Mistake(N_("The parameters changed once per epoch: SGD updates after every sample "
                           "(backward(), then sgd_update, inside the loop over samples)."),
                        lambda *a: _batch_training(*a)),
            ],
            hint=N_("Create the three leaf tensors once; for each epoch, for each (x, y): l = loss(...), l.backward(), "
                    "sgd_update(params, lr); after the samples, append l.item(). Return (w1, w2, b, losses)."),
            rtol=1e-3,
            atol=1e-5,
        ),
    ),
)


def _elementwise_dot(x, target, lr):
    x = _t(x).clone().requires_grad_(True)
    ((target - x * x) ** 2).sum().backward()
    return x.grad, (x - lr * x.grad).detach()
