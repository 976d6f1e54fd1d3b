"""hw01 linear model: forward, forward with a bias, the MSE, and exhaustive search of w and of (w, b) on a grid.

Oracles are public: the formulas the notebook states (y_hat = x*w, y_hat = x*w + b, MSE = mean of squared
errors) and `torch.argmin` over the loss grid (first index on ties). Hypothesis draws inputs whose smallest
loss is unique by a clear margin, so that any correct way of computing the losses picks the same best
parameters; the tie rule is checked by worked examples whose tied losses are exact in floating point.
"""

from __future__ import annotations

import torch
from hypothesis import strategies as st

from autograder.i18n import N_
from autograder.lessons.shared import only_first_sample
from autograder.properties import Mistake, doubled, negated, per_n, property_check
from autograder.rubric import Lesson
from autograder.sandboxed.values import as_tensor as _t
from autograder.standins.hw01 import forward_b_reference, forward_reference, mse_reference
from autograder.strategies import paired_vectors, scalars, vectors

X_DATA = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
Y_DATA = torch.tensor([2.0, 4.0, 6.0], dtype=torch.float64)
W_GRID = torch.arange(0.0, 4.1, 0.1, dtype=torch.float64)
B_GRID = torch.arange(-2.0, 2.1, 0.1, dtype=torch.float64)
USE_REFERENCE_HELPERS = {"forward": forward_reference, "forward_b": forward_b_reference, "mse": mse_reference}


def losses_w(x, y, ws) -> torch.Tensor:
    """losses[i] = MSE of x * ws[i] against y."""
    ws = _t(ws)
    return ((_t(x)[None, :] * ws[:, None] - _t(y)[None, :]) ** 2).mean(dim=1)


def losses_wb(x, y, ws, bs) -> torch.Tensor:
    """losses[i, j] = MSE of x * ws[i] + bs[j] against y, shape (len(ws), len(bs))."""
    ws, bs = _t(ws), _t(bs)
    pred = _t(x)[None, None, :] * ws[:, None, None] + bs[None, :, None]
    return ((pred - _t(y)[None, None, :]) ** 2).mean(dim=2)


def search_w_reference(x, y, ws) -> tuple[torch.Tensor, torch.Tensor]:
    losses = losses_w(x, y, ws)
    return _t(ws)[int(torch.argmin(losses))], losses


def search_wb_reference(x, y, ws, bs) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    losses = losses_wb(x, y, ws, bs)
    i, j = divmod(int(torch.argmin(losses)), len(bs))
    return _t(ws)[i], _t(bs)[j], losses


def _last_min(losses: torch.Tensor) -> int:
    """The flat index of the last smallest loss (what `<=` in a running minimum finds)."""
    flat = losses.flatten()
    return int((flat == flat.min()).nonzero()[-1])


def _improvements(losses: torch.Tensor) -> list[torch.Tensor]:
    """The losses a running minimum records when it appends only on improvement."""
    kept: list[torch.Tensor] = []
    for loss in losses:
        if not kept or loss < kept[-1]:
            kept.append(loss)
    return kept


def _unique_min(losses: torch.Tensor) -> bool:
    flat = losses.flatten().sort().values
    return len(flat) < 2 or bool(flat[1] - flat[0] > 1e-6 * (1 + flat[0].abs()))


def grids(max_size: int = 5) -> st.SearchStrategy[torch.Tensor]:
    """Sorted grids of distinct multiples of 0.5 in [-4, 4]."""
    return st.lists(st.integers(-8, 8), min_size=1, max_size=max_size, unique=True).map(
        lambda v: torch.tensor(sorted(v), dtype=torch.float64) / 2
    )


XY = paired_vectors(2, max_size=4, low=-5, high=5)
XW = st.tuples(vectors(max_size=4, low=-5, high=5), scalars(-5, 5))
XWB = st.tuples(vectors(max_size=4, low=-5, high=5), scalars(-5, 5), scalars(-5, 5))
SEARCH_W_INPUTS = (
    st.tuples(XY, grids()).map(lambda t: (*t[0], t[1])).filter(lambda a: _unique_min(losses_w(*a)))
)
SEARCH_WB_INPUTS = (
    st.tuples(XY, grids(4), grids(4)).map(lambda t: (*t[0], t[1], t[2])).filter(lambda a: _unique_min(losses_wb(*a)))
)
TIED_WS = torch.tensor([1.0, 3.0], dtype=torch.float64)  # MSE 14/3 at both w = 1 and w = 3
TIED_WB = (torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64), torch.tensor([-1.0, 1.0], dtype=torch.float64))

LESSON = Lesson(
    id="hw01",
    title=N_("The linear model, the MSE and exhaustive search"),
    functions=("forward", "forward_b", "mse", "search_w", "search_wb"),
    checks=(
        property_check(
            id="forward",
            points=10,
            title=N_("forward(x, w) predicts x * w for every sample"),
            function="forward",
            argnames=("x", "w"),
            oracle=forward_reference,
            inputs=XW,
            examples=[(X_DATA, 2.0)],
            mistakes=[
                Mistake(N_("The model multiplies: y_hat = x * w, not x + w."), lambda x, w: _t(x) + w),
                Mistake(N_("Your forward reads the notebook's x_data instead of its argument x."),
                        lambda x, w: forward_reference(X_DATA, w)),
            ],
            hint=N_("forward(x, w) returns x * w: one tensor of predictions, one per sample."),
        ),
        property_check(
            id="forward_b",
            points=10,
            title=N_("forward_b(x, w, b) predicts x * w + b for every sample"),
            function="forward_b",
            argnames=("x", "w", "b"),
            oracle=forward_b_reference,
            inputs=XWB,
            examples=[(X_DATA, 2.0, 1.0)],
            mistakes=[
                Mistake(N_("The bias b is ignored: y_hat = x * w + b."), lambda x, w, b: forward_reference(x, w)),
                Mistake(N_("w and b are swapped: w multiplies x and b is added (x * w + b, not x * b + w)."),
                        lambda x, w, b: forward_b_reference(x, b, w)),
                Mistake(N_("The bias was multiplied by x too: y_hat = x * w + b, not x * (w + b)."),
                        lambda x, w, b: forward_reference(x, w + b)),
                Mistake(N_("Your forward_b reads the notebook's x_data instead of its argument x."),
                        lambda x, w, b: forward_b_reference(X_DATA, w, b)),
            ],
            hint=N_("forward_b(x, w, b) returns x * w + b, one prediction per sample."),
        ),
        property_check(
            id="mse",
            points=20,
            title=N_("mse(y_pred, y) is the mean of the squared errors"),
            function="mse",
            argnames=("y_pred", "y"),
            oracle=mse_reference,
            inputs=XY,
            examples=[(forward_reference(X_DATA, 1.0), Y_DATA),
                      (torch.tensor([4.0, 4.0, 5.0], dtype=torch.float64), Y_DATA)],  # errors of both signs
            mistakes=[
                Mistake(N_("You summed the squared errors: the MSE is their mean (divide by the number of samples)."),
                        lambda p, y: mse_reference(p, y) * len(y)),
                Mistake(N_("You divided by N twice: .mean() already divides by the number of samples."),
                        lambda p, y: mse_reference(p, y) / len(y)),
                Mistake(N_("The errors are not squared: MSE = mean((y_pred - y) ** 2)."),
                        lambda p, y: (_t(p) - _t(y)).mean(), up_to=(doubled, negated)),
                Mistake(N_("That is the mean absolute error: the MSE squares the errors instead of taking abs()."),
                        lambda p, y: (_t(p) - _t(y)).abs().mean()),
                Mistake(N_("You took the square root (that is the RMSE): the MSE is the mean of the squared errors."),
                        lambda p, y: mse_reference(p, y).sqrt()),
                Mistake(N_("Only the first sample counts: is a `return` inside your loop?"),
                        lambda p, y: mse_reference(p[:1], y[:1]), up_to=(per_n,)),
                only_first_sample(N_("Only the first sample counts: is a `return` inside your loop?")),
            ],
            hint=N_("mse = mean over the samples of (y_pred - y) ** 2."),
        ),
        property_check(
            id="search_w",
            points=30,
            title=N_("search_w(x, y, ws) returns the best w of the grid and the loss of every w"),
            function="search_w",
            argnames=("x", "y", "ws"),
            oracle=search_w_reference,
            inputs=SEARCH_W_INPUTS,
            examples=[(X_DATA, Y_DATA, W_GRID), (X_DATA, Y_DATA, TIED_WS)],
            replace=USE_REFERENCE_HELPERS,
            mistakes=[
                Mistake(N_("Only the first w was tried: is a `return` inside your loop over ws?"),
                        lambda x, y, ws: (_t(ws)[0], losses_w(x, y, ws)[:1])),
                Mistake(N_("Your search reads the notebook's x_data / y_data instead of its arguments x and y."),
                        lambda x, y, ws: search_w_reference(X_DATA, Y_DATA, ws)),
                Mistake(N_("You picked the w with the largest loss (argmax / max): the best w has the smallest loss."),
                        lambda x, y, ws: (_t(ws)[int(torch.argmax(losses_w(x, y, ws)))], losses_w(x, y, ws))),
                Mistake(N_("You returned the index of the best w: return the value ws[i], not i."),
                        lambda x, y, ws: (int(torch.argmin(losses_w(x, y, ws))), losses_w(x, y, ws))),
                Mistake(N_("The losses are summed over the samples: each loss is the mean squared error (divide the "
                           "sum by len(x), as loss_sum / 3 in the lecture)."),
                        lambda x, y, ws: (search_w_reference(x, y, ws)[0], losses_w(x, y, ws) * len(x))),
                Mistake(N_("On a tie you kept the last w: keep the first one with the smallest loss "
                           "(use `<`, not `<=`, in a running minimum)."),
                        lambda x, y, ws: (_t(ws)[_last_min(losses_w(x, y, ws))], losses_w(x, y, ws))),
                Mistake(N_("losses must hold the loss of every w in ws, not only of the ones that improved the best."),
                        lambda x, y, ws: (search_w_reference(x, y, ws)[0], _improvements(losses_w(x, y, ws)))),
            ],
            hint=N_("For every w in ws append mse(forward(x, w), y); best_w is ws[i] for the first i with the smallest loss."),
        ),
        property_check(
            id="search_wb",
            points=30,
            title=N_("search_wb(x, y, ws, bs) returns the best (w, b) and the (len(ws), len(bs)) loss grid"),
            function="search_wb",
            argnames=("x", "y", "ws", "bs"),
            oracle=search_wb_reference,
            inputs=SEARCH_WB_INPUTS,
            examples=[(X_DATA, Y_DATA, W_GRID, B_GRID), (X_DATA, Y_DATA, *TIED_WB)],
            replace=USE_REFERENCE_HELPERS,
            mistakes=[
                Mistake(N_("The loss grid is transposed: it needs one row per w and one column per b, shape "
                           "(len(ws), len(bs)) (np.meshgrid and indexing='xy' put b along the rows)."),
                        lambda x, y, ws, bs: (*search_wb_reference(x, y, ws, bs)[:2], losses_wb(x, y, ws, bs).T)),
                Mistake(N_("The bias b is ignored: compute each loss with forward_b(x, w, b)."),
                        lambda x, y, ws, bs: _ignoring_b(x, y, ws, bs)),
                Mistake(N_("The best loss was reset for each w (best_loss = inf inside the outer loop): you returned "
                           "the best b of the last w. Initialise the best once, before both loops."),
                        lambda x, y, ws, bs: _reset_per_w(x, y, ws, bs)),
                Mistake(N_("On a tie you kept the last pair: keep the first one with the smallest loss "
                           "(use `<`, not `<=`, in a running minimum)."),
                        lambda x, y, ws, bs: _last_on_ties(x, y, ws, bs)),
                Mistake(N_("best_w and best_b are swapped: return (best_w, best_b, losses)."),
                        lambda x, y, ws, bs: (*search_wb_reference(x, y, ws, bs)[1::-1], losses_wb(x, y, ws, bs))),
                Mistake(N_("Your search reads the notebook's x_data / y_data instead of its arguments x and y."),
                        lambda x, y, ws, bs: search_wb_reference(X_DATA, Y_DATA, ws, bs)),
            ],
            hint=N_("losses[i][j] = mse(forward_b(x, ws[i], bs[j]), y); the best pair is the first with the smallest loss."),
        ),
    ),
)


def _ignoring_b(x, y, ws, bs):
    row = losses_w(x, y, ws)
    return _t(ws)[int(torch.argmin(row))], _t(bs)[0], row[:, None].expand(len(ws), len(bs))


def _reset_per_w(x, y, ws, bs):
    losses = losses_wb(x, y, ws, bs)
    return _t(ws)[-1], _t(bs)[int(torch.argmin(losses[-1]))], losses


def _last_on_ties(x, y, ws, bs):
    losses = losses_wb(x, y, ws, bs)
    i, j = divmod(_last_min(losses), len(bs))
    return _t(ws)[i], _t(bs)[j], losses
