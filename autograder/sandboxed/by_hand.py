"""Whether a function written "by hand" reached the framework's own version of the computation, by any route.

Some exercises ask for a computation by hand: a gradient derived with the chain rule, a backward pass, a softmax, a
cross-entropy, an RNN cell, gradient clipping. Running it under `torch.no_grad()` and reading torch's error text
is defeated by `with torch.enable_grad():` inside, so `Watch` records what the student's code reaches as it runs:

* `sys.setprofile` sees every Python frame ('call': a torch function is known by its name and its file being
  torch's, so an alias, a reference saved earlier or `getattr(torch, "soft" + "max")` is the same frame) and every
  builtin that Python code calls ('c_call': `torch.softmax`, `Tensor.log_softmax`, `torch.ops.aten._log_softmax`,
  `torch.rnn_tanh_cell`, the autograd engine's `run_backward`, `os.fork`, `_thread.start_new_thread`...).
* A `TorchFunctionMode` sees every call of torch's API whoever makes it, C code included: `map(torch.softmax, ...)`,
  `functools.partial`, an overload `torch.ops.aten.rnn_tanh_cell.default`. (A `TorchDispatchMode` would see below
  the API, where an RNN cell is plain addmm and tanh, at two to three times the cost per operator.)
* Autograd needs a graph and the watch runs the function under `torch.no_grad()`, so grad found enabled at any
  profile event (the mode's handler is a frame too) means the student switched it back on, by whatever call.
  Args that require grad record nothing, so a gradient by hand of the student's own args passes.

Tampering is its own finding: a call of `sys.setprofile` or `sys.getprofile`, or, when the call ends, the profile
function replaced, the mode off its stack or torch function handling left disabled. Everything is restored on exit,
also when the student's code raises. Not caught: native code (ctypes, a compiled extension, TorchScript or
`torch.compile` code prepared before the call); builtins called from C with the mode popped (and pushed back) or
inside `torch._C.DisableTorchFunction()`; work handed to a thread or process started before the call, or answers
computed before it; the record rewritten through objects the code can reach (the mode on torch's stack, frames).
Overhead, measured on two busy CPU cores with one torch thread: 9-12 us per watched call, plus 4-5 us per torch
call the function makes (an RNN cell by hand, seven torch calls: 12 us bare, 50-60 us watched).
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import is_grad_enabled
from torch._C import (  # type: ignore[attr-defined]
    _get_function_stack_at,
    _get_torch_function_state,
    _len_torch_function_stack,
    _pop_torch_function_stack,
    _set_torch_function_state,
)
from torch._ops import OpOverload, OpOverloadPacket
from torch.overrides import TorchFunctionMode

from autograder.sandboxed.text import N_


@dataclass(frozen=True)
class Family:
    """The framework's versions of one computation: `name` reads in a hint, `calls` are the names of the Python
    functions (in torch's files), builtins and operators that compute it."""

    name: str
    calls: frozenset[str]


def _family(name: str, calls: str) -> Family:
    return Family(name, frozenset(calls.split()))


AUTOGRAD = _family("autograd (backward / torch.autograd.grad)",
                   "backward grad run_backward jacobian hessian vjp jvp hvp vhp grad_and_value jacrev jacfwd "
                   "make_dual _make_dual")
NN_FUNCTIONAL_LOSSES = _family("a loss of torch.nn.functional (cross_entropy, nll_loss, binary_cross_entropy...)",
                               "cross_entropy cross_entropy_loss nll_loss nll_loss_nd nll_loss2d nll_loss_forward "
                               "nll_loss2d_forward binary_cross_entropy binary_cross_entropy_with_logits mse_loss "
                               "l1_loss smooth_l1_loss huber_loss kl_div poisson_nll_loss soft_margin_loss")
SOFTMAX = _family("softmax (torch.softmax / torch.nn.functional.softmax / log_softmax)",
                  "softmax log_softmax _softmax _log_softmax softmin special_softmax special_log_softmax "
                  "gumbel_softmax")
RNN_CELL = _family("torch's RNN (nn.RNNCell / nn.RNN / torch.rnn_tanh_cell)",
                   "rnn_tanh_cell rnn_relu_cell rnn_tanh rnn_relu gru_cell lstm_cell gru lstm")
CLIPPING = _family("torch.nn.utils.clip_grad_norm_ / clip_grad_value_",
                   "clip_grad_norm_ clip_grad_norm clip_grad_value_ _clip_grads_with_norm_ _get_total_norm "
                   "clip_grads_with_norm_ get_total_norm")
NEW_THREADS_OR_PROCESSES = _family("a new thread or process (a computation by hand starts none)",
                                   "start_new_thread start_new start_joinable_thread fork forkpty fork_exec "
                                   "posix_spawn posix_spawnp system")

REACHED = "by hand? it reached "
"""What `by_hand` answers, followed by the call, for a function that reached a forbidden family."""
TAMPERED = "by hand? it tampered with the grader's watch: "
"""What `by_hand` answers, followed by what it touched, for a function that read or removed the watch."""

_TORCH = os.path.dirname(torch.__file__) + os.sep
_SHORTER = (("torch._tensor.", ""), ("TensorBase.", "Tensor."), ("torch._ops.", "torch.ops."),
            ("torch._functorch.apis.", "torch.func."), ("torch._functorch.eager_transforms.", "torch.func."),
            ("torch.nn.utils.clip_grad.", "torch.nn.utils."), ("_EngineBase.", "Variable._execution_engine."),
            ("torch._C._special.special_", "torch.special."), ("posix.", "os."))
_setprofile, _getprofile = sys.setprofile, sys.getprofile  # the student may rebind sys's


def _label(fn: Any) -> str:
    """How a hint names a builtin, an operator or a function: "torch.softmax", "Tensor.softmax", "os.fork"."""
    if isinstance(fn, (OpOverload, OpOverloadPacket)):
        return f"torch.ops.{fn}".removesuffix(".default")
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, torch.Tensor) or getattr(fn, "__objclass__", None) is torch._C.TensorBase:
        where = "Tensor"
    else:
        where = getattr(fn, "__module__", None) or type(owner).__name__
    return f"{where}.{fn.__qualname__ if inspect.isfunction(fn) else fn.__name__}"


class Watch(TorchFunctionMode):
    """`with Watch(SOFTMAX, AUTOGRAD) as seen: student_fn(*args)`; then `seen.call` names the first forbidden call
    reached ("torch.nn.functional.cross_entropy", "Tensor.backward", "os.fork"...) or is None, `seen.family` is
    its family, and `seen.tampered` names what of the watch the code touched, or is None."""

    def __init__(self, *forbidden: Family) -> None:
        super().__init__()
        self.calls = {name: family for family in forbidden for name in family.calls}
        self.autograd = AUTOGRAD in forbidden
        self.call: str | None = None
        self.family: Family | None = None
        self.tampered: str | None = None
        self._hook = self._profile  # one bound method, to know it again
        self._watching = False
        self._no_grad = torch.no_grad()

    def _reach(self, name: str, label: Callable[[], str]) -> None:
        """Records the first forbidden call (`name` forbidden, or grad switched on where autograd is)."""
        if self.call is None:
            text = label() if name in self.calls else "torch.enable_grad"
            for long, short in _SHORTER:
                text = text.replace(long, short)
            self.call, self.family = text, self.calls.get(name, AUTOGRAD)

    def _profile(self, frame: Any, event: str, arg: Any) -> None:
        if event == "c_call":
            name = arg.__name__
            if (arg is _setprofile or arg is _getprofile) and self._watching:
                self.tampered = self.tampered or f"sys.{name}"
        elif event == "call" and frame.f_code.co_filename.startswith(_TORCH):
            name = frame.f_code.co_name
        else:
            name = ""
        if name in self.calls or self.autograd and is_grad_enabled():
            code = frame.f_code
            self._reach(name, lambda: _label(arg) if event == "c_call" else
                        f"{frame.f_globals.get('__name__')}.{code.co_qualname}")

    def __torch_function__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        name = func.__name__  # "_log_softmax.default" for an overload; the profile checks grad at this frame
        if name in self.calls or "." in name and (name := name.split(".")[0]) in self.calls:
            self._reach(name, lambda: _label(func))
        return func(*args, **(kwargs or {}))

    def __enter__(self) -> Watch:
        self._previous, self._state = _getprofile(), _get_torch_function_state()
        self._no_grad.__enter__()
        self._depth = _len_torch_function_stack()
        super().__enter__()
        self._watching = True
        _setprofile(self._hook)
        return self

    def __exit__(self, *exc: object) -> None:
        self._watching = False
        profile = _getprofile()
        _setprofile(self._previous)
        intact = _len_torch_function_stack() == self._depth + 1 and _get_function_stack_at(self._depth) is self
        while _len_torch_function_stack() > self._depth:
            _pop_torch_function_stack()
        if _get_torch_function_state() != self._state:
            _set_torch_function_state(self._state)
            intact = False
        self._no_grad.__exit__(None, None, None)
        if profile is not self._hook:
            self.tampered = self.tampered or "sys.setprofile"
        if not intact:
            self.tampered = self.tampered or N_("the grader's torch function mode")


def by_hand(student_fn: Callable[..., Any], *args: Any, forbidden: tuple[Family, ...]) -> Any:
    """The student's answer, computed under `torch.no_grad()`, or REACHED + the call (TAMPERED + what) when it
    reached a forbidden family (touched the watch); an exception raised after reaching one is that finding."""
    watch = Watch(*forbidden)
    try:
        with watch:
            value = student_fn(*args)
    except Exception:
        if watch.call is None and watch.tampered is None:
            raise
    if watch.tampered is not None:
        return TAMPERED + watch.tampered
    return value if watch.call is None else REACHED + watch.call
