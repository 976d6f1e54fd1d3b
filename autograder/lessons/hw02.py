"""hw02 gradient descent: the hand-derived gradient of the MSE of y = x*w (and x*w + b), GD, SGD, mini-batches.

Oracles are public: autograd gives the gradient, the lecture's update rules give the steps.
"""

from __future__ import annotations

import torch
from hypothesis import strategies as st

from autograder.i18n import N_
from autograder.lessons.shared import GRADIENT_BY_HAND, by_hand_mistakes, ignores_arguments, only_first_sample
from autograder.properties import Mistake, per_n, property_check, times_n
from autograder.rubric import Lesson
from autograder.sandboxed.probes.shared import probe_by_hand
from autograder.sandboxed.values import as_tensor as _t
from autograder.standins.hw02 import cost_reference, gradient_reference
from autograder.strategies import paired_vectors, scalars

X_DATA = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
Y_DATA = torch.tensor([2.0, 4.0, 6.0], dtype=torch.float64)
LEARNING_RATES = st.sampled_from([0.01, 0.1, 0.05])
USE_REFERENCE_HELPERS = {"cost": cost_reference, "gradient": gradient_reference}


@torch.enable_grad()
def gradient_wb_reference(x, y, w, b) -> tuple[torch.Tensor, torch.Tensor]:
    w = _t(w).clone().requires_grad_(True)
    b = _t(b).clone().requires_grad_(True)
    dw, db = torch.autograd.grad(((_t(x) * w + b - _t(y)) ** 2).mean(), (w, b))
    return dw, db


def gd_step_reference(x, y, w, lr) -> torch.Tensor:
    return _t(w) - lr * gradient_reference(x, y, w)


def sgd_epoch_reference(x, y, w, lr) -> torch.Tensor:
    w = _t(w)
    for xi, yi in zip(_t(x), _t(y)):
        w = w - lr * gradient_reference(xi, yi, w)
    return w


def minibatch_epoch_reference(x, y, w, lr, batch_size) -> torch.Tensor:
    w = _t(w)
    for start in range(0, len(x), batch_size):
        w = w - lr * gradient_reference(x[start : start + batch_size], y[start : start + batch_size], w)
    return w


def train_gd_reference(x, y, w, lr, epochs) -> tuple[torch.Tensor, torch.Tensor]:
    w, costs = _t(w), []
    for _ in range(epochs):
        costs.append(cost_reference(x, y, w))
        w = w - lr * gradient_reference(x, y, w)
    return w, torch.stack(costs) if costs else torch.zeros(0, dtype=torch.float64)


def _per_sample(x, y, w):
    return [gradient_reference(xi, yi, w) for xi, yi in zip(_t(x), _t(y))]


XYW = st.tuples(paired_vectors(2), scalars()).map(lambda t: (*t[0], t[1]))
XYWB = st.tuples(paired_vectors(2), scalars(), scalars()).map(lambda t: (*t[0], t[1], t[2]))
XYWLR = st.tuples(paired_vectors(2, max_size=6, low=-3, high=3), scalars(-3, 3), LEARNING_RATES).map(
    lambda t: (*t[0], t[1], t[2])
)
COURSE_EXAMPLE = (X_DATA, Y_DATA, 1.0)
FIRST_SAMPLE = N_("Only the first sample counts: is a `return` inside your loop?")
Y_LEFT_OUT = N_("The target y is left out of the error: the error is x*w - y, so cost = mean((x*w - y) ** 2).")

LESSON = Lesson(
    id="hw02",
    title=N_("Gradient descent: GD, SGD and mini-batches"),
    functions=("cost", "gradient", "gradient_wb", "gd_step", "sgd_epoch", "minibatch_epoch", "train_gd"),
    checks=(
        property_check(
            id="cost",
            points=10,
            title=N_("cost(x, y, w) is the mean squared error of x*w"),
            function="cost",
            argnames=("x", "y", "w"),
            oracle=cost_reference,
            inputs=XYW,
            examples=[COURSE_EXAMPLE],
            mistakes=[
                Mistake(N_("You summed the squared errors: the cost is their mean (divide by len(x))."),
                        lambda x, y, w: cost_reference(x, y, w) * len(x)),
                Mistake(N_("The error is not squared: cost = mean((x*w - y) ** 2)."),
                        lambda x, y, w: (_t(x) * w - _t(y)).mean()),
                Mistake(FIRST_SAMPLE, lambda x, y, w: cost_reference(x[:1], y[:1], w), up_to=(per_n,)),
                Mistake(N_("Your cost reads the notebook's x_data / y_data instead of its arguments x and y."),
                        lambda x, y, w: cost_reference(X_DATA, Y_DATA, w)),
                Mistake(Y_LEFT_OUT, lambda x, y, w: cost_reference(x, torch.zeros_like(_t(y)), w), up_to=(times_n,)),
                only_first_sample(FIRST_SAMPLE),
                ignores_arguments(N_("Your cost reads the notebook's x_data / y_data instead of its arguments x and y.")),
            ],
            hint=N_("cost = mean over the samples of (x*w - y)**2."),
        ),
        property_check(
            id="gradient",
            points=15,
            title=N_("gradient(x, y, w) is d cost / d w (checked against autograd)"),
            function="gradient",
            argnames=("x", "y", "w"),
            oracle=gradient_reference,
            inputs=XYW,
            examples=[COURSE_EXAMPLE],
            probe=probe_by_hand,
            mistakes=[
                *by_hand_mistakes(GRADIENT_BY_HAND),
                Mistake(N_("The factor 2 is missing: d/dw (x*w - y)**2 = 2*x*(x*w - y)."),
                        lambda x, y, w: gradient_reference(x, y, w) / 2),
                Mistake(N_("The sign is flipped: the gradient is 2*x*(x*w - y), not 2*x*(y - x*w)."),
                        lambda x, y, w: -gradient_reference(x, y, w)),
                Mistake(N_("You divided by N twice: average the per-sample gradients once."),
                        lambda x, y, w: gradient_reference(x, y, w) / len(x)),
                Mistake(N_("You summed the per-sample gradients: the cost is a mean, so average them."),
                        lambda x, y, w: gradient_reference(x, y, w) * len(x)),
                Mistake(FIRST_SAMPLE, lambda x, y, w: gradient_reference(x[:1], y[:1], w), up_to=(per_n,)),
                Mistake(N_("Your gradient reads the notebook's x_data / y_data instead of its arguments x and y."),
                        lambda x, y, w: gradient_reference(X_DATA, Y_DATA, w)),
                Mistake(Y_LEFT_OUT, lambda x, y, w: gradient_reference(x, torch.zeros_like(_t(y)), w), up_to=(times_n,)),
                only_first_sample(FIRST_SAMPLE),
                ignores_arguments(N_("Your gradient reads the notebook's x_data / y_data instead of its arguments x and y.")),
            ],
            hint=N_("Derive d/dw of mean((x*w - y)**2) with the chain rule: mean(2*x*(x*w - y))."),
        ),
        property_check(
            id="gradient_wb",
            points=15,
            title=N_("gradient_wb(x, y, w, b) returns (d cost/d w, d cost/d b) for y = x*w + b"),
            function="gradient_wb",
            argnames=("x", "y", "w", "b"),
            oracle=gradient_wb_reference,
            inputs=XYWB,
            examples=[(X_DATA, Y_DATA, 1.0, 0.5)],
            probe=probe_by_hand,
            mistakes=[
                *by_hand_mistakes(GRADIENT_BY_HAND),
                Mistake(N_("d cost/d b has no x in it: d/db (x*w + b - y)**2 = 2*(x*w + b - y)."),
                        lambda x, y, w, b: (gradient_wb_reference(x, y, w, b)[0],
                                            (2 * _t(x) * (_t(x) * w + b - _t(y))).mean())),
                Mistake(N_("The factor 2 is missing in d cost/d b."),
                        lambda x, y, w, b: (gradient_wb_reference(x, y, w, b)[0], gradient_wb_reference(x, y, w, b)[1] / 2)),
                Mistake(N_("The bias is left out of the error: use (x*w + b - y) in both partial derivatives."),
                        lambda x, y, w, b: gradient_wb_reference(x, y, w, 0.0)),
                Mistake(N_("The two partial derivatives are swapped: return (d/dw, d/db)."),
                        lambda x, y, w, b: gradient_wb_reference(x, y, w, b)[::-1]),
            ],
            hint=N_("Both partial derivatives average over the samples: 2*x*(x*w + b - y) and 2*(x*w + b - y)."),
        ),
        property_check(
            id="gd_step",
            points=10,
            title=N_("gd_step(x, y, w, lr) makes one batch gradient-descent update"),
            function="gd_step",
            argnames=("x", "y", "w", "lr"),
            oracle=gd_step_reference,
            inputs=XYWLR,
            examples=[(*COURSE_EXAMPLE, 0.01)],
            replace=USE_REFERENCE_HELPERS,
            mistakes=[
                Mistake(N_("The update goes uphill: w = w - lr * gradient, not w + lr * gradient."),
                        lambda x, y, w, lr: _t(w) + lr * gradient_reference(x, y, w)),
                Mistake(N_("The learning rate is missing: w = w - lr * gradient."),
                        lambda x, y, w, lr: _t(w) - gradient_reference(x, y, w)),
                Mistake(N_("You returned the gradient, not the updated w."),
                        lambda x, y, w, lr: gradient_reference(x, y, w)),
            ],
            hint=N_("One step of batch GD: w - lr * gradient(x, y, w), with the gradient over all samples."),
        ),
        property_check(
            id="sgd_epoch",
            points=15,
            title=N_("sgd_epoch(x, y, w, lr) updates w once per sample, in order"),
            function="sgd_epoch",
            argnames=("x", "y", "w", "lr"),
            oracle=sgd_epoch_reference,
            inputs=XYWLR,
            examples=[(*COURSE_EXAMPLE, 0.01)],
            replace=USE_REFERENCE_HELPERS,
            mistakes=[
                Mistake(N_("Every sample's gradient used the w from the start of the epoch: each update must use the "
                           "w left by the previous sample. That dependency is why SGD cannot be parallelised."),
                        lambda x, y, w, lr: _t(w) - lr * sum(_per_sample(x, y, w))),
                Mistake(N_("That is one batch GD step (the gradient averaged over all samples), not one update per sample."),
                        lambda x, y, w, lr: gd_step_reference(x, y, w, lr)),
                Mistake(N_("Only the first sample updated w: is a `return` inside your loop?"),
                        lambda x, y, w, lr: sgd_epoch_reference(x[:1], y[:1], w, lr)),
                Mistake(N_("The samples were visited in reverse order: SGD here goes through them from first to last."),
                        lambda x, y, w, lr: sgd_epoch_reference(x.flip(0), y.flip(0), w, lr)),
            ],
            hint=N_("for each sample (xi, yi): w = w - lr * gradient of (xi*w - yi)**2 at the current w."),
        ),
        property_check(
            id="minibatch_epoch",
            points=15,
            title=N_("minibatch_epoch(x, y, w, lr, batch_size) updates w once per consecutive batch"),
            function="minibatch_epoch",
            argnames=("x", "y", "w", "lr", "batch_size"),
            oracle=minibatch_epoch_reference,
            inputs=st.tuples(XYWLR, st.integers(1, 4)).map(lambda t: (*t[0], t[1])),
            examples=[(*COURSE_EXAMPLE, 0.01, 2)],
            replace=USE_REFERENCE_HELPERS,
            mistakes=[
                Mistake(N_("The last, smaller batch was dropped: when len(x) is not a multiple of batch_size the final "
                           "batch holds the remaining samples and still updates w."),
                        lambda x, y, w, lr, bs: minibatch_epoch_reference(x[: len(x) // bs * bs], y[: len(x) // bs * bs], w, lr, bs)),
                Mistake(N_("An empty last batch: range(len(x) // batch_size + 1) makes one more batch when len(x) is a "
                           "multiple of batch_size, and its mean gradient is NaN. Loop over "
                           "range(0, len(x), batch_size)."),
                        lambda x, y, w, lr, bs: torch.tensor(float("nan")) if len(x) % bs == 0
                        else minibatch_epoch_reference(x, y, w, lr, bs)),
                Mistake(N_("That is one batch GD step over all samples: split x and y into batches of batch_size."),
                        lambda x, y, w, lr, bs: gd_step_reference(x, y, w, lr)),
                Mistake(N_("That is plain SGD (one update per sample): average the gradient over each batch."),
                        lambda x, y, w, lr, bs: sgd_epoch_reference(x, y, w, lr)),
            ],
            hint=N_("for start in range(0, len(x), batch_size): update w with the gradient of x[start:start+batch_size]."),
        ),
        property_check(
            id="train_gd",
            points=20,
            title=N_("train_gd(x, y, w, lr, epochs) returns the final w and the cost before each update"),
            function="train_gd",
            argnames=("x", "y", "w", "lr", "epochs"),
            oracle=train_gd_reference,
            inputs=st.tuples(XYWLR, st.integers(1, 5)).map(lambda t: (*t[0], t[1])),
            examples=[(*COURSE_EXAMPLE, 0.01, 100)],
            replace=USE_REFERENCE_HELPERS,
            mistakes=[
                Mistake(N_("Each cost was recorded after the update: record cost(x, y, w) before updating w."),
                        lambda x, y, w, lr, n: (train_gd_reference(x, y, w, lr, n)[0],
                                                torch.stack([cost_reference(x, y, train_gd_reference(x, y, w, lr, k + 1)[0])
                                                             for k in range(n)]))),
                Mistake(N_("w was updated inside the loop over samples (that is SGD): batch GD computes the gradient "
                           "over all samples, then updates once per epoch."),
                        lambda x, y, w, lr, n: _sgd_training(x, y, w, lr, n)),
                Mistake(N_("w starts again from its initial value every epoch: create w once, before the loop."),
                        lambda x, y, w, lr, n: (gd_step_reference(x, y, w, lr),
                                                torch.stack([cost_reference(x, y, w)] * n))),
            ],
            hint=N_("Loop epochs times: append cost(x, y, w), then w = w - lr * gradient(x, y, w). Return (w, costs)."),
        ),
    ),
)


def _sgd_training(x, y, w, lr, epochs):
    w, costs = _t(w), []
    for _ in range(epochs):
        costs.append(cost_reference(x, y, w))
        w = sgd_epoch_reference(x, y, w, lr)
    return w, torch.stack(costs)
