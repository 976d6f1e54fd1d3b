"""The by-hand watch (autograder.sandboxed.by_hand): every route to the framework's own computation is named, honest
computations by hand (loops, vectorised, NumPy, in place) record nothing, and the watch leaves nothing behind."""

from __future__ import annotations

import concurrent.futures
import functools
import multiprocessing
import operator
import os
import subprocess
import sys
import threading

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import _VF, nn
from torch.autograd import Variable
from torch.nn.functional import cross_entropy as ce
from torch.nn.utils import clip_grad_norm_ as clip

from autograder.sandboxed.by_hand import (
    AUTOGRAD,
    CLIPPING,
    NEW_THREADS_OR_PROCESSES,
    NN_FUNCTIONAL_LOSSES,
    REACHED,
    RNN_CELL,
    SOFTMAX,
    TAMPERED,
    Watch,
    by_hand,
)

ALL = (AUTOGRAD, NN_FUNCTIONAL_LOSSES, SOFTMAX, RNN_CELL, CLIPPING, NEW_THREADS_OR_PROCESSES)
SAVED_CROSS_ENTROPY = F.cross_entropy  # a reference taken before the watch starts
SAVED_SOFTMAX = torch.softmax
torch.manual_seed(0)
X, Y, W, B = torch.randn(8), torch.randn(8), torch.tensor(0.7), torch.tensor(-0.2)
LOGITS, TARGET = torch.randn(4, 3), torch.tensor([0, 2, 1, 2])
P, LABELS = torch.rand(6).clamp(0.05, 0.95), torch.randint(0, 2, (6,)).float()
XT, H = torch.randn(4, 3), torch.randn(4, 5)
W_IH, W_HH, B_IH, B_HH = torch.randn(5, 3), torch.randn(5, 5), torch.randn(5), torch.randn(5)


def _loss(w):
    return ((X * w - Y) ** 2).mean()


def _with_grad(x, y, w):
    with torch.enable_grad():
        w = w.clone().requires_grad_()
        loss = ((x * w - y) ** 2).mean()
        loss.backward()
        return w.grad


def _autograd_grad(x, y, w):
    with torch.enable_grad():
        w = w.clone().requires_grad_()
        return torch.autograd.grad(((x * w - y) ** 2).mean(), w)[0]


def _set_grad_enabled(x, y, w):
    torch.set_grad_enabled(True)  # left on: the watch restores the grad mode
    w = w.clone().requires_grad_()
    ((x * w - y) ** 2).mean().backward()
    return w.grad


def _grad_fn_by_hand(x, y, w):
    with torch.enable_grad():  # walks the graph by calling its nodes, never backward()
        w = w.clone().requires_grad_()
        return ((x * w - y) ** 2).mean().grad_fn(torch.tensor(1.0))


def _grad_switched_on_from_c(x, y, w):
    list(map(torch._C._set_grad_enabled, [True]))
    w = w.clone().requires_grad_()
    return ((x * w - y) ** 2).mean().grad_fn


def _run_backward(x, y, w):
    w = w.clone().requires_grad_()
    loss = ((x * w - y) ** 2).mean()
    Variable._execution_engine.run_backward((loss,), (torch.tensor(1.0),), False, False, (w,), False, False)


def _backward_without_grad(x, y, w):
    w = w.clone().requires_grad_()
    ((x * w - y) ** 2).mean().backward()  # torch raises: under the watch nothing records a graph
    return w.grad


def _forward_mode(x, y, w):
    with torch.autograd.forward_ad.dual_level():  # forward-mode AD works under no_grad
        dual = torch.autograd.forward_ad.make_dual(w, torch.tensor(1.0))
        return torch.autograd.forward_ad.unpack_dual(((x * dual - y) ** 2).mean()).tangent


GRAD_ARGS = (X, Y, W)
AUTOGRAD_ROUTES = {
    "loss.backward() in enable_grad": (_with_grad, "torch.enable_grad"),
    "torch.autograd.grad in enable_grad": (_autograd_grad, "torch.enable_grad"),
    "set_grad_enabled(True)": (_set_grad_enabled, "torch.enable_grad"),
    "grad_fn called by hand": (_grad_fn_by_hand, "torch.enable_grad"),
    "grad switched on from C": (_grad_switched_on_from_c, "torch.enable_grad"),
    "Tensor.backward": (_backward_without_grad, "Tensor.backward"),
    "torch.autograd.grad": (lambda x, y, w: torch.autograd.grad(_loss(w), w), "torch.autograd.grad"),
    "torch.autograd.backward": (lambda x, y, w: torch.autograd.backward(_loss(w)), "torch.autograd.backward"),
    "run_backward": (_run_backward, "Variable._execution_engine.run_backward"),
    "jacobian": (lambda x, y, w: torch.autograd.functional.jacobian(_loss, w),
                 "torch.autograd.functional.jacobian"),
    "vjp": (lambda x, y, w: torch.autograd.functional.vjp(_loss, w)[1], "torch.autograd.functional.vjp"),
    "hessian": (lambda x, y, w: torch.autograd.functional.hessian(_loss, w), "torch.autograd.functional.hessian"),
    "torch.func.grad": (lambda x, y, w: torch.func.grad(_loss)(w), "torch.func.grad"),
    "torch.func.vjp": (lambda x, y, w: torch.func.vjp(_loss, w)[1](torch.tensor(1.0)), "torch.func.vjp"),
    "torch.func.jacrev": (lambda x, y, w: torch.func.jacrev(_loss)(w), "torch.func.jacrev"),
    "forward-mode AD": (_forward_mode, "torch.autograd.forward_ad.make_dual"),
}
LOSS_ROUTES = {
    "F.cross_entropy": (lambda z, t: F.cross_entropy(z, t), "torch.nn.functional.cross_entropy"),
    "alias": (lambda z, t: ce(z, t), "torch.nn.functional.cross_entropy"),
    "saved before the call": (lambda z, t: SAVED_CROSS_ENTROPY(z, t), "torch.nn.functional.cross_entropy"),
    "getattr": (lambda z, t: getattr(F, "cross" + "_entropy")(z, t), "torch.nn.functional.cross_entropy"),
    "nn.CrossEntropyLoss": (lambda z, t: nn.CrossEntropyLoss()(z, t), "torch.nn.functional.cross_entropy"),
    "F.nll_loss": (lambda z, t: F.nll_loss(z, t), "torch.nn.functional.nll_loss"),
    "torch._C._nn": (lambda z, t: torch._C._nn.cross_entropy_loss(z, t), "torch._C._nn.cross_entropy_loss"),
    "aten.nll_loss_forward": (lambda z, t: torch.ops.aten.nll_loss_forward(z, t, None, 1, -100)[0],
                              "torch.ops.aten.nll_loss_forward"),
    "aten overload": (lambda z, t: torch.ops.aten.nll_loss_forward.default(z, t, None, 1, -100)[0],
                      "torch.ops.aten.nll_loss_forward"),
    "from C (map)": (lambda z, t: next(map(torch._C._nn.cross_entropy_loss, [z], [t])),
                     "torch._C._nn.cross_entropy_loss"),
}
BCE_ROUTES = {
    "F.binary_cross_entropy": (lambda p, y: F.binary_cross_entropy(p, y), "torch.nn.functional.binary_cross_entropy"),
    "nn.BCELoss": (lambda p, y: nn.BCELoss()(p, y), "torch.nn.functional.binary_cross_entropy"),
    "with logits": (lambda p, y: F.binary_cross_entropy_with_logits(p, y),
                    "torch.nn.functional.binary_cross_entropy_with_logits"),
    "mse_loss": (lambda p, y: F.mse_loss(p, y), "torch.nn.functional.mse_loss"),
    "partial": (lambda p, y: functools.partial(torch._C._nn.binary_cross_entropy, p)(y),
                "torch._C._nn.binary_cross_entropy"),
    "aten overload": (lambda p, y: torch.ops.aten.binary_cross_entropy.default(p, y),
                      "torch.ops.aten.binary_cross_entropy"),
}
SOFTMAX_ROUTES = {
    "torch.softmax": (lambda z: torch.softmax(z, 1), "torch.softmax"),
    "Tensor.softmax": (lambda z: z.softmax(1), "Tensor.softmax"),
    "Tensor.log_softmax": (lambda z: z.log_softmax(dim=1), "Tensor.log_softmax"),
    "unbound Tensor.softmax": (lambda z: torch.Tensor.softmax(z, 1), "Tensor.softmax"),
    "F.softmax": (lambda z: F.softmax(z, dim=1), "torch.nn.functional.softmax"),
    "F.log_softmax": (lambda z: F.log_softmax(z, dim=1), "torch.nn.functional.log_softmax"),
    "nn.Softmax": (lambda z: nn.Softmax(dim=1)(z), "torch.nn.functional.softmax"),
    "torch.special": (lambda z: torch.special.softmax(z, 1), "torch.special.softmax"),
    "getattr": (lambda z: getattr(torch, "soft" + "max")(z, 1), "torch.softmax"),
    "saved before the call": (lambda z: SAVED_SOFTMAX(z, 1), "torch.softmax"),
    "aten._log_softmax": (lambda z: torch.ops.aten._log_softmax(z, 1, False), "torch.ops.aten._log_softmax"),
    "aten._softmax overload": (lambda z: torch.ops.aten._softmax.default(z, 1, False), "torch.ops.aten._softmax"),
    "from C (map)": (lambda z: next(map(torch.softmax, [z], [1])), "torch.softmax"),
    "partial": (lambda z: functools.partial(torch.softmax, dim=1)(z), "torch.softmax"),
    "methodcaller": (lambda z: operator.methodcaller("softmax", 1)(z), "Tensor.softmax"),
}


def _rnn_cell_module(x, h):
    cell = nn.RNNCell(3, 5)
    with torch.no_grad():
        for p, v in zip(cell.parameters(), (W_IH, W_HH, B_IH, B_HH), strict=True):
            p.copy_(v)
    return cell(x, h)


def _rnn_module(x, h):
    return nn.RNN(3, 5, batch_first=True)(x.unsqueeze(1), h.unsqueeze(0))[0]


RNN_ROUTES = {
    "nn.RNNCell": (_rnn_cell_module, "torch.rnn_tanh_cell"),
    "nn.RNN": (_rnn_module, "torch.rnn_tanh"),
    "_VF.rnn_tanh_cell": (lambda x, h: _VF.rnn_tanh_cell(x, h, W_IH, W_HH, B_IH, B_HH), "torch.rnn_tanh_cell"),
    "torch.rnn_tanh_cell": (lambda x, h: torch.rnn_tanh_cell(x, h, W_IH, W_HH, B_IH, B_HH), "torch.rnn_tanh_cell"),
    "aten.rnn_tanh_cell": (lambda x, h: torch.ops.aten.rnn_tanh_cell(x, h, W_IH, W_HH, B_IH, B_HH),
                           "torch.ops.aten.rnn_tanh_cell"),
    "aten overload": (lambda x, h: torch.ops.aten.rnn_tanh_cell.default(x, h, W_IH, W_HH, B_IH, B_HH),
                      "torch.ops.aten.rnn_tanh_cell"),
    "from C (map)": (lambda x, h: next(map(torch.rnn_tanh_cell, [x], [h], [W_IH], [W_HH], [B_IH], [B_HH])),
                     "torch.rnn_tanh_cell"),
}


def _parameters():
    params = [nn.Parameter(torch.randn(3, 2)), nn.Parameter(torch.randn(4))]
    for p in params:
        p.grad = torch.randn_like(p) * 5
    return params


CLIPPING_ROUTES = {
    "clip_grad_norm_": (lambda ps: nn.utils.clip_grad_norm_(ps, 1.0), "torch.nn.utils.clip_grad_norm_"),
    "alias": (lambda ps: clip(ps, 1.0), "torch.nn.utils.clip_grad_norm_"),
    "clip_grad_value_": (lambda ps: nn.utils.clip_grad_value_(ps, 0.5), "torch.nn.utils.clip_grad_value_"),
    "get_total_norm": (lambda ps: nn.utils.get_total_norm([p.grad for p in ps]), "torch.nn.utils._get_total_norm"),
}


def _fork():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


def _in_a_thread():
    out = []
    thread = threading.Thread(target=lambda: out.append(torch.softmax(LOGITS, 1)))
    thread.start()
    thread.join()
    return out[0]


def _multiprocessing():
    process = multiprocessing.get_context("fork").Process(target=os.getpid)
    process.start()
    process.join()


def _in_a_pool():
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(torch.softmax, LOGITS, 1).result()


PROCESS_ROUTES = {
    "threading.Thread": (_in_a_thread, "_thread.start_new_thread"),
    "ThreadPoolExecutor": (_in_a_pool, "_thread.start_new_thread"),
    "os.fork": (_fork, "os.fork"),
    "multiprocessing": (_multiprocessing, "os.fork"),
    "subprocess": (lambda: subprocess.run(["true"], check=True), "_posixsubprocess.fork_exec"),
    "os.system": (lambda: os.system("true"), "os.system"),
}


def _cases(routes, family, args):
    return [pytest.param(fn, family, args, call, id=f"{family.name.split()[0]}-{route}")
            for route, (fn, call) in routes.items()]


@pytest.mark.parametrize("fn, family, args, call", [
    *_cases(AUTOGRAD_ROUTES, AUTOGRAD, GRAD_ARGS),
    *_cases(LOSS_ROUTES, NN_FUNCTIONAL_LOSSES, (LOGITS, TARGET)),
    *_cases(BCE_ROUTES, NN_FUNCTIONAL_LOSSES, (P, LABELS)),
    *_cases(SOFTMAX_ROUTES, SOFTMAX, (LOGITS,)),
    *_cases(RNN_ROUTES, RNN_CELL, (XT, H)),
    *_cases(CLIPPING_ROUTES, CLIPPING, (_parameters(),)),
    *_cases(PROCESS_ROUTES, NEW_THREADS_OR_PROCESSES, ()),
])
@pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated")  # torch's forward AD, on first use
def test_each_route_is_named(fn, family, args, call):
    """Every route reaches the family, forbidden alone or with all the others, and the hint can name the call."""
    for forbidden in ((family,), ALL):
        with Watch(*forbidden) as seen:
            try:
                fn(*args)
            except RuntimeError:  # backward() under the watch's no_grad: the call was made all the same
                pass
        assert (seen.call, seen.family, seen.tampered) == (call, family, None)
        assert by_hand(fn, *args, forbidden=forbidden) == REACHED + call


def test_only_the_forbidden_families_count():
    assert isinstance(by_hand(lambda z: F.cross_entropy(z, TARGET), LOGITS, forbidden=(SOFTMAX,)), torch.Tensor)
    assert isinstance(by_hand(_with_grad, *GRAD_ARGS, forbidden=(SOFTMAX, NN_FUNCTIONAL_LOSSES)), torch.Tensor)
    assert by_hand(lambda z: F.cross_entropy(z, TARGET), LOGITS, forbidden=(SOFTMAX, NN_FUNCTIONAL_LOSSES)) == (
        REACHED + "torch.nn.functional.cross_entropy")  # the first call reached names it, not the softmax inside


# Honest computations by hand, as learners write them: none reaches anything.
def _gradient_loop(x, y, w):
    total = 0.0
    for xi, yi in zip(x, y, strict=True):
        total += 2 * xi * (xi * w - yi)
    return total / len(x)


def _gradient_items(x, y, w):
    return sum(2 * a * (a * w.item() - b) for a, b in zip(x.tolist(), y.tolist(), strict=True)) / len(x)


def _gradient_numpy(x, y, w):
    xs, ys = x.numpy(), y.numpy()
    return torch.tensor(np.mean(2 * xs * (xs * float(w) - ys)))


def _gradient_wb(x, y, w, b):
    with torch.no_grad():
        error = x * w + b - y
        return (2 * error * x).mean(), (2 * error).mean()


def _backward_manual(x, y, w1, w2):
    h = torch.sigmoid(torch.mm(x, w1))
    out = h @ w2
    d_out = 2 * (out - y) / len(y)
    d_w2 = h.T @ d_out
    d_h = d_out @ w2.T
    d_h *= h * (1 - h)
    return x.t().mm(d_h), d_w2


def _bce(p, y):
    p = p.clamp(1e-7, 1 - 1e-7)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


def _bce_loop(p, y):
    total = 0.0
    for pi, yi in zip(p.tolist(), y.tolist(), strict=True):
        total -= yi * np.log(pi) + (1 - yi) * np.log(1 - pi)
    return total / len(p)


def _bce_where(p, y):
    return torch.where(y == 1, -torch.log(p), -torch.log(1 - p)).mean()


def _softmax(z):
    e = torch.exp(z - z.max(dim=1, keepdim=True).values)
    return e / e.sum(dim=1, keepdim=True)


def _softmax_loop(z):
    print("logits:", z, z.shape)  # learners print as they go
    rows = []
    for row in z:
        e = [np.exp(v) for v in row.tolist()]
        rows.append([v / sum(e) for v in e])
    return torch.tensor(rows)


def _softmax_inplace(z):
    out = z.clone()
    out -= out.max(1, keepdim=True)[0]
    out.exp_()
    out /= out.sum(1, keepdim=True)
    return out


def _cross_entropy(z, t):
    log_probs = z - z.logsumexp(dim=1, keepdim=True)
    return -log_probs[torch.arange(len(t)), t].mean()


def _cross_entropy_one_hot(z, t):
    probs = _softmax(z)
    return -(F.one_hot(t, z.shape[1]) * torch.log(probs)).sum(1).mean()


def _cross_entropy_gather(z, t):
    return (torch.log(torch.exp(z).sum(1)) - z.gather(1, t.unsqueeze(1)).squeeze(1)).mean()


def _rnn_cell(x, h):
    return torch.tanh(x @ W_IH.T + B_IH + h @ W_HH.T + B_HH)


def _rnn_cell_mm(x, h):
    return torch.tanh(torch.mm(x, W_IH.t()) + torch.mm(h, W_HH.t()) + B_IH + B_HH)


def _rnn_steps(x, h):
    for _ in range(3):
        h = torch.tanh(x @ W_IH.T + B_IH + h @ W_HH.T + B_HH)
    return h


def _clip(params):
    total = torch.sqrt(sum((p.grad ** 2).sum() for p in params))
    if total > 1.0:
        for p in params:
            p.grad.mul_(1.0 / (total + 1e-6))
    return total.item()


def _clip_linalg(params):
    total = torch.linalg.norm(torch.stack([p.grad.norm() for p in params]))
    for p in params:
        p.grad *= min(1.0, 1.0 / float(total))
    return total


def _clip_value(params):
    for p in params:
        p.grad.clamp_(-0.5, 0.5)
    return [p.grad.clone() for p in params]


HONEST = {
    "gradient vectorised": (lambda x, y, w: 2 * (x * (x * w - y)).mean(), GRAD_ARGS),
    "gradient loop": (_gradient_loop, GRAD_ARGS),
    "gradient .item()": (_gradient_items, GRAD_ARGS),
    "gradient numpy": (_gradient_numpy, GRAD_ARGS),
    "gradient of args that require grad": (lambda x, y, w: 2 * (x * (x * w - y)).mean(),
                                           (X, Y, W.clone().requires_grad_())),
    "gradient_wb under no_grad": (_gradient_wb, (X, Y, W, B)),
    "backward_manual": (_backward_manual, (torch.randn(5, 3), torch.randn(5, 1), torch.randn(3, 4),
                                           torch.randn(4, 1))),
    "bce": (_bce, (P, LABELS)),
    "bce loop numpy": (_bce_loop, (P, LABELS)),
    "bce torch.where": (_bce_where, (P, LABELS)),
    "softmax": (_softmax, (LOGITS,)),
    "softmax loop": (_softmax_loop, (LOGITS,)),
    "softmax in place": (_softmax_inplace, (LOGITS,)),
    "cross-entropy logsumexp": (_cross_entropy, (LOGITS, TARGET)),
    "cross-entropy one_hot": (_cross_entropy_one_hot, (LOGITS, TARGET)),
    "cross-entropy gather": (_cross_entropy_gather, (LOGITS, TARGET)),
    "rnn cell": (_rnn_cell, (XT, H)),
    "rnn cell torch.mm": (_rnn_cell_mm, (XT, H)),
    "rnn steps": (_rnn_steps, (XT, H)),
    "clipping": (_clip, (_parameters(),)),
    "clipping linalg.norm": (_clip_linalg, (_parameters(),)),
    "clipping by value": (_clip_value, (_parameters(),)),
}


@pytest.mark.parametrize("fn, args", HONEST.values(), ids=HONEST.keys())
def test_honest_code_records_nothing(fn, args):
    with Watch(*ALL) as seen:
        fn(*args)
    assert (seen.call, seen.tampered) == (None, None)
    value = by_hand(fn, *args, forbidden=ALL)
    assert not isinstance(value, str)
    assert not any(isinstance(v, torch.Tensor) and v.requires_grad for v in (value if isinstance(value, tuple)
                                                                              else (value,)))


def test_own_functions_named_like_torchs_are_honest():
    def softmax(z):
        return _softmax(z)

    def backward(z):
        return softmax(z)

    assert isinstance(by_hand(backward, LOGITS, forbidden=ALL), torch.Tensor)


def _state():
    return (sys.getprofile(), torch.is_grad_enabled(), torch._C._len_torch_function_stack(),
            torch._C._get_torch_function_state())


def _pops_the_mode(z):
    torch._C._pop_torch_function_stack()
    return next(map(torch.softmax, [z], [1]))


def _disables_torch_function(z):
    torch._C.DisableTorchFunction().__enter__()  # never left
    return _softmax(z)


def _restores_the_profile(z):
    profile = sys.getprofile()
    sys.setprofile(None)
    value = torch.softmax(z, 1)
    sys.setprofile(profile)
    return value


def _removes_the_profile(z):
    sys.setprofile(None)
    return torch.softmax(z, 1)


TAMPERING = {
    "sys.setprofile(None)": (_removes_the_profile, "sys.setprofile"),
    "profile removed and put back": (_restores_the_profile, "sys.getprofile"),
    "mode popped": (_pops_the_mode, "the grader's torch function mode"),
    "DisableTorchFunction left on": (_disables_torch_function, "the grader's torch function mode"),
}


@pytest.mark.parametrize("fn, what", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_is_its_own_finding_and_everything_is_restored(fn, what):
    before = _state()
    assert by_hand(fn, LOGITS, forbidden=(SOFTMAX,)) == TAMPERED + what
    assert _state() == before


def test_sys_functions_rebound_change_nothing():
    def rebinds_sys(z):
        sys.setprofile, sys.getprofile = (lambda *a: None), (lambda: None)
        return torch.softmax(z, 1)

    real, before = (sys.setprofile, sys.getprofile), _state()
    try:
        assert by_hand(rebinds_sys, LOGITS, forbidden=(SOFTMAX,)) == REACHED + "torch.softmax"
    finally:
        sys.setprofile, sys.getprofile = real
    assert _state() == before


@pytest.mark.parametrize("grad", [True, False])
def test_everything_is_restored_when_the_code_raises_or_leaves_grad_on(grad):
    def fails(z):
        torch.set_grad_enabled(True)
        raise ValueError("the student's bug")

    with torch.set_grad_enabled(grad):
        before = _state()
        with pytest.raises(ValueError, match="student's bug"):
            by_hand(fails, LOGITS, forbidden=(SOFTMAX,))  # grad switched on counts only where autograd is forbidden
        assert _state() == before
        assert by_hand(_set_grad_enabled, *GRAD_ARGS, forbidden=ALL) == REACHED + "torch.enable_grad"
        assert _state() == before


def test_an_error_after_a_forbidden_call_is_that_finding():
    def fails(z):
        torch.softmax(z, 1)
        raise ValueError("after the softmax")

    assert by_hand(fails, LOGITS, forbidden=(SOFTMAX,)) == REACHED + "torch.softmax"
