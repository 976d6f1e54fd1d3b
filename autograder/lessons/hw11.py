"""hw11 building models: nn.Module subclasses, containers, parameters, initialisation, custom layers, saving, devices.

Oracles are public: the same networks built here from nn.Linear, nn.Sequential and torch.nn.functional with weights
drawn from a seed, autograd for every gradient, nn.Linear for MyLinear (with the weight transposed), x - x.mean()
for CenteredLayer, and torch's own state_dict round trip. The students' classes and models live only in the
worker, so the probes below build them there, give their layers seeded weights and send back plain observations.

A learner's error that has a known cause (a module assigned before super().__init__(), a ModuleList called, dtype=
passed to a layer, mean() of an integer tensor, a list given to nn.Sequential, a state_dict without its buffers, a
pickled model refused by weights_only=True) is reported by the probes as an observation {"error": "Type: message"},
so that the check can name the cause; any other error propagates with its traceback, as in every other lesson.

The fork server imports every lesson module before it forks the workers, so nothing here asks about CUDA at import
(torch.cuda.is_available() there would make CUDA unusable in every worker): to_device's "cuda" example is decided
in the worker, which falls back to the "meta" device when it has no GPU.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from typing import Any

import torch
from hypothesis import strategies as st
from torch import nn
from torch.nn import functional as F

from autograder.properties import Mistake, property_check
from autograder.rubric import Lesson
from autograder.strategies import shapes, tensors

# Drawn inputs per check: the structures drawn are small (sides 1-4) and every check also runs its worked examples;
# 40 draws find every mistake of the tests and keep a grading near 4 s (100 draws: near 6 s, and the lesson's
# tests grade the notebook 14 times).
DRAWS = 40
SEEDS = st.integers(0, 1000)
SIDES = st.integers(1, 4)
KNOWN_ERRORS = (
    "before Module.__init__() call",
    'missing the required "forward" function',
    "unexpected keyword argument 'dtype'",
    "could not infer output dtype",
    "is not a Module subclass",
    "Missing key(s) in state_dict",
    "Weights only load failed",
)
NO_ERROR: dict[str, Any] = {"error": None}
USE_REFERENCE_CENTERED = {"CenteredLayer": "hw11:CenteredLayerReference"}


def _is_module(value: Any) -> bool:
    """isinstance(value, nn.Module), without narrowing the type of a student's object (its attributes stay Any)."""
    return isinstance(value, nn.Module)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _attempt(call: Callable[[], Any]) -> tuple[Any, dict | None]:
    """(value, None), or (None, {"error": text}) for an error with a known cause; other errors propagate."""
    try:
        return call(), None
    except Exception as exc:
        text = _error_text(exc)
        if any(known in text for known in KNOWN_ERRORS):
            return None, {"error": text}
        raise


def _error_of(call: Callable[[], Any]) -> dict:
    """The observation a probe makes of this (mistaken) code: {"error": its error's text}."""
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - the error is the point
        return {"error": _error_text(exc)}
    return {"error": None}


def _safe(fn):
    """A mistake's answer, or None (which agrees with nothing) where the mistake cannot be computed."""

    def returns(*args):
        try:
            return fn(*args)
        except Exception:  # noqa: BLE001 - e.g. shapes that the mistaken code could not multiply
            return None

    return returns


def _uniform(shape, generator: torch.Generator, low: float = -1.0, high: float = 1.0) -> torch.Tensor:
    return torch.rand(shape, generator=generator, dtype=torch.float64) * (high - low) + low


def _fill(module: nn.Module, seed: int) -> None:
    """Gives the parameters of module (in its own order) float64 values drawn uniformly from [-1, 1] with seed."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(_uniform(p.shape, generator))


def _linears(model: nn.Module) -> list[nn.Linear]:
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def _describe_linears(model: nn.Module) -> list[list]:
    return [[m.in_features, m.out_features, m.bias is not None] for m in _linears(model)]


def _fill_linears(model: nn.Module, seed: int) -> None:
    """model in float64, its nn.Linear layers (in order of registration) filled with seeds seed, seed + 1, ..."""
    model.double()
    for offset, layer in enumerate(_linears(model)):
        _fill(layer, seed + offset)


def _seeded_linears(sizes, seed) -> list[nn.Linear]:
    layers = [nn.Linear(a, b).double() for a, b in zip(sizes[:-1], sizes[1:])]
    for offset, layer in enumerate(layers):
        _fill(layer, seed + offset)
    return layers


def _output(value: Any) -> Any:
    return value.detach() if isinstance(value, torch.Tensor) else value


def _x(batch: int, features: int, seed: int) -> torch.Tensor:
    return torch.randn(batch, features, generator=torch.Generator().manual_seed(seed + 7), dtype=torch.float64)


def _shapes(named) -> list[list]:
    return [[name, list(p.shape)] for name, p in named]


class _NoSuperInit(nn.Module):
    """A module whose __init__ forgot super().__init__() (to see the error it raises)."""

    def __init__(self):
        self.hidden = nn.Linear(1, 1)


# 1. MLP(nn.Module) and 2. the same network as nn.Sequential.


def probe_mlp(student_cls, num_inputs, num_hiddens, num_outputs, x, seed) -> dict:
    """Builds MLP(num_inputs, num_hiddens, num_outputs), fills its Linear layers from seed, runs it on x."""
    model, error = _attempt(lambda: student_cls(num_inputs, num_hiddens, num_outputs))
    if error:
        return error
    if not _is_module(model):
        return {**NO_ERROR, "is_module": False}
    seen: dict[str, Any] = {**NO_ERROR, "is_module": True, "linear_layers": _describe_linears(model)}
    if seen["linear_layers"] != [[num_inputs, num_hiddens, True], [num_hiddens, num_outputs, True]]:
        return seen
    _fill_linears(model, seed)
    with torch.no_grad():
        output, error = _attempt(lambda: model(x.clone()))
    return error or {**seen, "output": _output(output)}


def mlp_expected(num_inputs, num_hiddens, num_outputs, x, seed, *, relu="hidden") -> dict:
    hidden, output = _seeded_linears([num_inputs, num_hiddens, num_outputs], seed)
    with torch.no_grad():
        h = hidden(x) if relu == "none" else F.relu(hidden(x))
        out = F.relu(output(h)) if relu == "both" else output(h)
    return {**NO_ERROR, "is_module": True,
            "linear_layers": [[num_inputs, num_hiddens, True], [num_hiddens, num_outputs, True]], "output": out}


def _mlp_args(num_inputs, num_hiddens, num_outputs, batch, seed) -> tuple:
    return (num_inputs, num_hiddens, num_outputs, _x(batch, num_inputs, seed), seed)


MLP_ARGS = st.tuples(SIDES, SIDES, SIDES, st.integers(1, 3), SEEDS).map(lambda t: _mlp_args(*t))
MLP_EXAMPLES = [_mlp_args(4, 3, 2, 2, 1), _mlp_args(3, 5, 2, 3, 2)]


def _describe_layer(module: nn.Module) -> str:
    if isinstance(module, nn.Linear):
        return f"Linear({module.in_features}, {module.out_features})"
    return type(module).__name__


def probe_sequential(student_fn, num_inputs, num_hiddens, num_outputs, x, seed) -> dict:
    """Calls mlp_sequential(...), describes its layers in order, fills its Linear layers from seed, runs it on x."""
    model, error = _attempt(lambda: student_fn(num_inputs, num_hiddens, num_outputs))
    if error:
        return error
    if not isinstance(model, nn.Sequential):
        return {**NO_ERROR, "returned": type(model).__qualname__}
    seen: dict[str, Any] = {**NO_ERROR, "returned": "Sequential", "layers": [_describe_layer(m) for m in model]}
    if seen["layers"] != _sequential_layers(num_inputs, num_hiddens, num_outputs):
        return seen
    _fill_linears(model, seed)
    with torch.no_grad():
        return {**seen, "output": _output(model(x.clone()))}


def _sequential_of_a_list(*args) -> dict:
    sequential: Any = nn.Sequential
    return _error_of(lambda: sequential([nn.ReLU()]))


def _sequential_layers(num_inputs, num_hiddens, num_outputs) -> list[str]:
    return [f"Linear({num_inputs}, {num_hiddens})", "ReLU", f"Linear({num_hiddens}, {num_outputs})"]


def sequential_expected(num_inputs, num_hiddens, num_outputs, x, seed) -> dict:
    return {**NO_ERROR, "returned": "Sequential", "layers": _sequential_layers(num_inputs, num_hiddens, num_outputs),
            "output": mlp_expected(num_inputs, num_hiddens, num_outputs, x, seed)["output"]}


# 3. ListMLP: an nn.ModuleList and a forward of its own.


def probe_list_mlp(student_cls, sizes, x, seed) -> dict:
    """Builds ListMLP(sizes), fills its Linear layers from seed, runs it on x."""
    model, error = _attempt(lambda: student_cls(list(sizes)))
    if error:
        return error
    if not _is_module(model):
        return {**NO_ERROR, "is_module": False}
    seen: dict[str, Any] = {**NO_ERROR, "is_module": True, "linear_layers": _describe_linears(model),
                            "uses_module_list": isinstance(getattr(model, "layers", None), nn.ModuleList)}
    if seen["linear_layers"] != _list_layers(sizes):
        return seen
    _fill_linears(model, seed)
    with torch.no_grad():
        output, error = _attempt(lambda: model(x.clone()))
    return error or {**seen, "output": _output(output)}


def _list_layers(sizes) -> list[list]:
    return [[a, b, True] for a, b in zip(sizes[:-1], sizes[1:])]


def list_mlp_expected(sizes, x, seed, *, last_relu=False) -> dict:
    layers = _seeded_linears(sizes, seed)
    with torch.no_grad():
        for i, layer in enumerate(layers):
            x = layer(x)
            if i < len(layers) - 1 or last_relu:
                x = F.relu(x)
    return {**NO_ERROR, "is_module": True, "linear_layers": _list_layers(sizes), "uses_module_list": True,
            "output": x}


def _first_layer_only(sizes, x, seed) -> dict:
    """What a `return` inside the loop of forward gives: the first layer (and its ReLU, unless it is the last)."""
    with torch.no_grad():
        out = _seeded_linears(sizes, seed)[0](x)
    return {"output": F.relu(out) if len(sizes) > 2 else out}


def _list_args(sizes, batch, seed) -> tuple:
    return (list(sizes), _x(batch, sizes[0], seed), seed)


LIST_ARGS = st.tuples(st.lists(SIDES, min_size=2, max_size=5), st.integers(1, 3), SEEDS).map(
    lambda t: _list_args(*t))
LIST_EXAMPLES = [_list_args([4, 3, 2], 2, 1), _list_args([3, 4, 4, 2], 3, 2)]
def _module_list_called(*args) -> dict:
    return _error_of(lambda: nn.ModuleList([nn.Linear(1, 1)])(torch.zeros(1, 1)))

# 4. FancyMLP: a constant weight, a layer used twice, a while loop on the norm.


def _constant(size: int, seed: int) -> torch.Tensor:
    return torch.rand(size, size, generator=torch.Generator().manual_seed(seed + 3), dtype=torch.float64)


def probe_fancy(student_cls, size, x, seed) -> dict:
    """Builds FancyMLP(size), sets rand_weight and the linear layer from seed, runs forward and one SGD step.

    Reports the registered parameters, the output, whether rand_weight received a gradient and whether a step of
    SGD on model.parameters() changed it.
    """
    model, error = _attempt(lambda: student_cls(size))
    if error:
        return error
    if not _is_module(model):
        return {**NO_ERROR, "is_module": False}
    seen: dict[str, Any] = {**NO_ERROR, "parameters": sorted(_shapes(model.named_parameters()))}
    constant, linear = getattr(model, "rand_weight", None), getattr(model, "linear", None)
    if not isinstance(constant, torch.Tensor) or not isinstance(linear, nn.Linear):
        return {**seen, "attributes": "self.rand_weight (a tensor) and self.linear (an nn.Linear) are required"}
    model.double()
    if isinstance(constant, nn.Parameter):
        with torch.no_grad():
            constant.copy_(_constant(size, seed))
    else:
        model.rand_weight = _constant(size, seed).requires_grad_(constant.requires_grad)
    _fill(linear, seed)
    output = model(x.clone())
    seen["output"] = _output(output)
    if isinstance(output, torch.Tensor) and output.numel() == 1 and output.requires_grad:
        before = model.rand_weight.detach().clone()
        output.sum().backward()
        seen["rand_weight_has_grad"] = model.rand_weight.grad is not None
        with torch.no_grad():  # one step of SGD on model.parameters(), what an optimizer given them would do
            for p in model.parameters():
                if p.grad is not None:
                    p.sub_(0.5 * p.grad)
        seen["rand_weight_trained"] = not torch.equal(before, model.rand_weight.detach())
    return seen


def fancy_expected(size, x, seed, *, loop="while", constant_trains=False) -> dict:
    linear = nn.Linear(size, size).double()
    _fill(linear, seed)
    with torch.no_grad():
        y = linear(x)
        y = linear(F.relu(y @ _constant(size, seed) + 1))
        if loop == "while":
            while y.norm().item() > 1:
                y = y / 2
        elif y.norm().item() > 1:
            y = y / 2
        if y.norm().item() < 0.8:
            y = y * 10
    names = [["linear.bias", [size]], ["linear.weight", [size, size]]]
    if constant_trains:
        names.append(["rand_weight", [size, size]])
    return {**NO_ERROR, "parameters": names, "output": y.sum(), "rand_weight_has_grad": constant_trains,
            "rand_weight_trained": constant_trains}


def _fancy_args(size, batch, seed) -> tuple:
    return (size, _x(batch, size, seed) * 2, seed)


FANCY_ARGS = st.tuples(st.integers(1, 5), st.integers(1, 3), SEEDS).map(lambda t: _fancy_args(*t))
FANCY_EXAMPLES = [_fancy_args(20, 2, 0), _fancy_args(4, 3, 1), _fancy_args(3, 1, 5)]

# 5. parameter_names(net).


def _net(sizes, batchnorm: bool) -> nn.Sequential:
    """Linear layers for consecutive sizes, a ReLU between two (after a BatchNorm1d where batchnorm)."""
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers += [nn.BatchNorm1d(b), nn.ReLU()] if batchnorm else [nn.ReLU()]
    return nn.Sequential(*layers)


def _as_pairs(value: Any) -> Any:
    """[[name, [sizes]], ...] from a list of (name, shape) pairs; a description of anything else."""
    if not isinstance(value, (list, tuple)):
        return f"a {type(value).__name__}, not a list of (name, shape) pairs"
    pairs = []
    for item in value:
        try:
            name, shape = item
            pairs.append([str(name), [int(n) for n in shape]])
        except (TypeError, ValueError):
            return f"an item {type(item).__name__} that is not a (name, shape) pair of a string and a tuple of ints"
    return pairs


def probe_parameter_names(student_fn, sizes, batchnorm) -> Any:
    """Calls parameter_names on a fresh nn.Sequential of the given sizes."""
    with torch.random.fork_rng(devices=[]):
        net = _net(sizes, batchnorm)
    return _as_pairs(student_fn(net))


def parameter_names_expected(sizes, batchnorm) -> list:
    return _shapes(_net(sizes, batchnorm).named_parameters())


def _state_dict_listing(sizes, batchnorm) -> list:
    return [[name, list(t.shape)] for name, t in _net(sizes, batchnorm).state_dict().items()]


NET_ARGS = st.tuples(st.lists(st.integers(1, 5), min_size=2, max_size=4), st.booleans())
NET_EXAMPLES = [([784, 256, 10], False), ([3, 4, 2], True), ([4, 5, 5, 2], True)]

# 6. init_weights(m), applied with net.apply. Every Linear has at least 1,920 weights and in != out, so that the
# statistics below are sure for any way of drawing N(0, 0.01**2) (over 1,920 draws the sample std is 0.01 within
# 0.00016, the mean 0 within 0.00023, the share within one std 0.683 within 0.011: the bounds are 5 of those or
# more away), and a bias of the shape (in_features,) is told from one of the shape (out_features,).

INIT_NETS = {
    "mlp": lambda: nn.Sequential(nn.Linear(64, 48), nn.ReLU(), nn.Linear(48, 44)),
    "batchnorm": lambda: nn.Sequential(nn.Linear(40, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 36)),
    "nested": lambda: nn.Sequential(nn.Sequential(nn.Linear(32, 64), nn.ReLU()), nn.BatchNorm1d(64),
                                    nn.Linear(64, 40), nn.Tanh(), nn.Linear(40, 52)),
}
NORMAL = "normal(0, 0.01)"
UNCHANGED = "unchanged (PyTorch's default initialisation)"


def _reading(t: torch.Tensor, before: torch.Tensor) -> str:
    """What an initialisation left in a tensor: unchanged, zeros, a constant, N(0, 0.01**2) or other values."""
    t = t.detach().double()
    if t.shape == before.shape and torch.equal(t, before.double()):
        return UNCHANGED
    if not bool(t.ne(0).any()):
        return "zeros"
    if bool(t.eq(t.reshape(-1)[0]).all()):
        return "a constant other than 0"
    if t.numel() < 1900:
        return "random values"
    mean, std = t.mean().item(), t.std().item()
    within = t.abs().le(0.01).double().mean().item()  # about 0.683 for N(0, 0.01**2), 0.577 for a uniform
    if abs(mean) < 0.002 and abs(std - 0.01) < 0.0015 and 0.63 < within < 0.74:
        return NORMAL
    if abs(std - 1) < 0.1:
        return "random values with std 1"
    return "random values, but not N(0, 0.01**2)"


def probe_init_weights(student_fn, net_name, seed) -> dict:
    """Builds INIT_NETS[net_name] from seed, calls net.apply(init_weights), reads every tensor of the net."""
    torch.manual_seed(seed)
    net = INIT_NETS[net_name]()
    before = {name: t.detach().clone() for name, t in net.state_dict().items()}
    net.apply(student_fn)
    layers, changed = [], []
    for name, module in net.named_modules():
        prefix = f"{name}." if name else ""
        if isinstance(module, nn.Linear):
            layers.append({
                "weight_shape": list(module.weight.shape),
                "weight": _reading(module.weight, before[f"{prefix}weight"]),
                "bias_shape": None if module.bias is None else list(module.bias.shape),
                "bias": None if module.bias is None else _reading(module.bias, before[f"{prefix}bias"]),
            })
            continue
        own = [*module.named_parameters(recurse=False), *module.named_buffers(recurse=False)]
        changed += [prefix + key for key, t in own
                    if t.shape != before[prefix + key].shape or not torch.equal(t, before[prefix + key])]
    return {"linear_layers": layers, "other_modules": f"changed: {', '.join(changed)}" if changed else "unchanged"}


def init_expected(net_name, seed, *, weight=NORMAL, bias="zeros", bias_shape="out", others=None) -> dict:
    net = INIT_NETS[net_name]()
    layers = [{"weight_shape": [m.out_features, m.in_features], "weight": weight,
               "bias_shape": [m.out_features if bias_shape == "out" else m.in_features], "bias": bias}
              for m in _linears(net)]
    return {"linear_layers": layers, "other_modules": others or "unchanged"}


def _batchnorm_weights_changed(net_name, seed) -> dict:
    """An init that picks parameters by the name 'weight': the BatchNorm layers' weights change too."""
    names = [f"{name}.weight" for name, m in INIT_NETS[net_name]().named_modules() if isinstance(m, nn.BatchNorm1d)]
    return init_expected(net_name, seed, others=f"changed: {', '.join(names)}" if names else None)


INIT_EXAMPLES = [("mlp", 0), ("batchnorm", 1), ("nested", 2)]

# 7. SharedNet: one layer used twice.


def probe_shared(student_cls, size, x, g, seed) -> dict:
    """Builds SharedNet(size), fills its one Linear from seed, runs it on x and backpropagates (output * g).sum()."""
    model, error = _attempt(lambda: student_cls(size))
    if error:
        return error
    if not _is_module(model):
        return {**NO_ERROR, "is_module": False}
    seen: dict[str, Any] = {**NO_ERROR, "parameter_tensors": sorted(list(p.shape) for p in model.parameters())}
    linears = _linears(model)
    if len(linears) != 1:
        return seen
    _fill_linears(model, seed)
    output = model(x.clone())
    seen["output"] = _output(output)
    if isinstance(output, torch.Tensor) and output.shape == g.shape and output.requires_grad:
        (output * g).sum().backward()
        seen["weight_grad"] = _output(linears[0].weight.grad)
        seen["bias_grad"] = _output(linears[0].bias.grad)
    return seen


def shared_expected(size, x, g, seed) -> dict:
    (layer,) = _seeded_linears([size, size], seed)
    output = layer(F.relu(layer(x)))
    (output * g).sum().backward()
    return {**NO_ERROR, "parameter_tensors": sorted([[size], [size, size]]), "output": output.detach(),
            "weight_grad": layer.weight.grad, "bias_grad": layer.bias.grad}


def _shared_args(size, batch, seed) -> tuple:
    return (size, _x(batch, size, seed), _x(batch, size, seed + 1), seed)


SHARED_ARGS = st.tuples(SIDES, st.integers(1, 3), SEEDS).map(lambda t: _shared_args(*t))
SHARED_EXAMPLES = [_shared_args(3, 2, 1), _shared_args(4, 3, 2)]

# 8. CenteredLayer and 9. center_values.


class CenteredLayerReference(nn.Module):
    """The notes' CenteredLayer (also the trusted stand-in for the student's during center_values)."""

    def forward(self, x):
        return x - x.mean()


def probe_centered(student_cls, x) -> dict:
    """Builds CenteredLayer(), runs it on x and on x + 1: a layer that centres shifts them by different amounts."""
    layer, error = _attempt(lambda: student_cls())
    if error:
        return error
    if not _is_module(layer):
        return {**NO_ERROR, "is_module": False}
    seen: dict[str, Any] = {**NO_ERROR, "parameters": sum(p.numel() for p in layer.parameters())}
    out, error = _attempt(lambda: layer(x.clone()))
    if error:
        return error
    if not isinstance(out, torch.Tensor) or out.shape != x.shape:
        return {**seen, "output": _output(out)}
    shifted = layer(x.clone() + 1)
    with torch.no_grad():
        shift, other = x - out, x + 1 - shifted
        constant = bool(torch.allclose(shift, shift.reshape(-1)[0].expand_as(shift))) and bool(
            torch.allclose(shift, other))
    return {**seen, "output_mean": out.detach().mean().item(), "output": _output(out), "constant_shift": constant}


def centered_expected(x) -> dict:
    return {**NO_ERROR, "parameters": 0, "output_mean": 0.0, "output": x - x.mean(), "constant_shift": False}


CENTERED_ARGS = st.tuples(tensors(shape=shapes(max_dims=3, max_side=4)))
CENTERED_EXAMPLES = [(torch.tensor([1.0, 2.0, 3.0, 4.0]),), (torch.tensor([[1.0, 2.0], [3.0, 10.0]]),)]


def probe_center_values(student_fn, values) -> dict:
    output, error = _attempt(lambda: student_fn(list(values)))
    return error or {**NO_ERROR, "output": _output(output)}


def center_values_expected(values) -> dict:
    x = torch.tensor(values, dtype=torch.float32)
    return {**NO_ERROR, "output": x - x.mean()}


def _dtype_to_layer(values) -> dict:
    return _error_of(lambda: CenteredLayerReference()(torch.tensor(values), dtype=torch.float))


def _integer_mean(values) -> dict:
    return _error_of(lambda: CenteredLayerReference()(torch.tensor(values)))

# 10. MyLinear, against nn.Linear with the transposed weight.


def probe_my_linear(student_cls, in_units, units, x, g, seed) -> dict:
    """Builds MyLinear(in_units, units), sets weight and bias from seed, runs it on x, backpropagates (out * g).sum()."""
    layer, error = _attempt(lambda: student_cls(in_units, units))
    if error:
        return error
    if not _is_module(layer):
        return {**NO_ERROR, "is_module": False}
    seen: dict[str, Any] = {**NO_ERROR, "parameters": sorted(_shapes(layer.named_parameters()))}
    if seen["parameters"] != _my_linear_parameters(in_units, units):
        return seen
    layer.double()
    weight, bias = _my_linear_weights(in_units, units, seed)
    with torch.no_grad():
        layer.weight.copy_(weight)
        layer.bias.copy_(bias)
    output = layer(x.clone())
    seen["output"] = _output(output)
    if isinstance(output, torch.Tensor) and output.shape == g.shape:
        if output.requires_grad:
            (output * g).sum().backward()
        seen["weight_grad"] = _output(layer.weight.grad)
        seen["bias_grad"] = _output(layer.bias.grad)
    return seen


def _my_linear_parameters(in_units, units) -> list:
    return [["bias", [units]], ["weight", [in_units, units]]]


def _my_linear_weights(in_units, units, seed) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    return _uniform((in_units, units), generator), _uniform((units,), generator)


def my_linear_expected(in_units, units, x, g, seed, *, relu=False) -> dict:
    """nn.Linear(in_units, units) whose weight is MyLinear's transposed: the output and the gradients."""
    weight, bias = _my_linear_weights(in_units, units, seed)
    linear = nn.Linear(in_units, units).double()
    with torch.no_grad():
        linear.weight.copy_(weight.T)
        linear.bias.copy_(bias)
    output = F.relu(linear(x)) if relu else linear(x)
    (output * g).sum().backward()
    return {**NO_ERROR, "parameters": _my_linear_parameters(in_units, units), "output": output.detach(),
            "weight_grad": _grad(linear.weight).T, "bias_grad": _grad(linear.bias)}


def _grad(p: torch.Tensor) -> torch.Tensor:
    assert p.grad is not None
    return p.grad


def _my_linear_args(in_units, units, batch, seed) -> tuple:
    return (in_units, units, _x(batch, in_units, seed), _x(batch, units, seed + 1), seed)


MY_LINEAR_ARGS = st.tuples(SIDES, SIDES, st.integers(1, 3), SEEDS).map(lambda t: _my_linear_args(*t))
MY_LINEAR_EXAMPLES = [_my_linear_args(5, 3, 2, 1), _my_linear_args(2, 4, 3, 2)]

# 11. save_and_load: the probe gives a fresh folder in the worker's temporary directory and runs the student's
# function from another one (so that a file written to a relative path lands there, not in the grader's folder).


def _saved_model(seed: int) -> nn.Module:
    """Linear -> BatchNorm1d -> ReLU -> Linear with parameters and running statistics drawn from seed."""
    with torch.random.fork_rng(devices=[]):
        model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(_uniform(p.shape, generator).float())
        norm: Any = model[1]
        norm.running_mean.copy_(_uniform((8,), generator).float())
        norm.running_var.copy_(_uniform((8,), generator, 0.5, 2.0).float())
        norm.num_batches_tracked.fill_(7)
    return model


def _outputs(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    model.eval()
    with torch.no_grad():
        return model(x)


def _describe_returned(returned: Any, given: nn.Module, made: list) -> str:
    if any(returned is m for m in made):
        return "the model from make_model()"
    if returned is given:
        return "the model it was given"
    if isinstance(returned, nn.Module):
        return "an nn.Module that make_model() did not build"
    return f"a {type(returned).__name__}, not an nn.Module"


STATE_DICT = "the model's state_dict"
PARAMETERS_ONLY = "the parameters only, without the buffers (BatchNorm's running statistics)"
REFUSED = "refused by torch.load(weights_only=True): a pickled object, not a state_dict"


def _file_reading(paths: list[str], model: nn.Module) -> str:
    """What the files written hold: the state_dict, the parameters only, a refused pickle, or something else."""
    readings = []
    for path in paths:
        try:
            loaded = torch.load(path, weights_only=True)
        except Exception:  # noqa: BLE001 - a whole pickled model is refused by weights_only=True
            readings.append(REFUSED)
            continue
        if isinstance(loaded, dict) and sorted(loaded) == sorted(model.state_dict()):
            readings.append(STATE_DICT)
        elif isinstance(loaded, dict) and sorted(loaded) == sorted(name for name, _ in model.named_parameters()):
            readings.append(PARAMETERS_ONLY)
        else:
            readings.append(f"a {type(loaded).__name__} that is not the model's state_dict")
    return STATE_DICT if STATE_DICT in readings else readings[0] if readings else "no file"


def probe_save_and_load(student_fn, seed, x) -> dict:
    """Calls save_and_load(model, make_model, folder) with torch.load recorded; reads back what was written."""
    model = _saved_model(seed)
    made: list[nn.Module] = []

    def make_model():
        made.append(_saved_model(seed + 1000))
        return made[-1]

    loads: list[Any] = []
    real_load = torch.load

    def recording_load(*args, **kwargs):
        weights_only = kwargs.get("weights_only")
        loads.append(True if weights_only is None else weights_only)  # None: the default, True since torch 2.6
        return real_load(*args, **kwargs)

    folder, elsewhere, cwd = tempfile.mkdtemp(prefix="hw11-"), tempfile.mkdtemp(prefix="hw11-cwd-"), os.getcwd()
    try:
        os.chdir(elsewhere)
        torch.load = recording_load
        try:
            returned, error = _attempt(lambda: student_fn(model, make_model, folder))
        finally:
            torch.load = real_load
            os.chdir(cwd)
        files = [os.path.join(folder, name) for name in sorted(os.listdir(folder))]
        seen: dict[str, Any] = {
            **(error or NO_ERROR),
            "wrote_a_file_in_folder": bool(files),
            "file": _file_reading(files, model),
            "torch_load": ("not called" if not loads else
                           "weights_only=True" if all(v is True for v in loads) else "weights_only=False"),
        }
        if error is None:
            seen["returned"] = _describe_returned(returned, model, made)
            if isinstance(returned, nn.Module):
                seen["outputs"] = _outputs(returned, x.clone())
        return seen
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(elsewhere, ignore_errors=True)


def save_and_load_expected(seed, x) -> dict:
    return {**NO_ERROR, "wrote_a_file_in_folder": True, "file": STATE_DICT, "torch_load": "weights_only=True",
            "returned": "the model from make_model()", "outputs": _outputs(_saved_model(seed), x)}


def _save_args(seed) -> tuple:
    return (seed, torch.randn(5, 4, generator=torch.Generator().manual_seed(seed)))


SAVE_EXAMPLES = [_save_args(0), _save_args(1)]

# 12. try_device and 13. to_device.


def probe_try_device(student_fn) -> dict:
    """Calls try_device() while torch.cuda says there is a GPU, then while it says there is none."""
    seen = {}
    saved = torch.cuda.is_available, torch.cuda.device_count
    for available, key in ((True, "with a GPU"), (False, "without a GPU")):
        setattr(torch.cuda, "is_available", lambda available=available: available)  # noqa: B010
        setattr(torch.cuda, "device_count", lambda available=available: int(available))  # noqa: B010
        try:
            device = student_fn()
        finally:
            torch.cuda.is_available, torch.cuda.device_count = saved
        if isinstance(device, (str, torch.device)):
            try:
                seen[key] = torch.device(device).type
            except RuntimeError:
                seen[key] = f"the string {device!r}, which is not a device"
        else:
            seen[key] = f"a {type(device).__name__}, not a torch.device"
    return seen


def try_device_expected() -> dict:
    return {"with a GPU": "cuda", "without a GPU": "cpu"}


def probe_to_device(student_fn, device_name) -> dict:
    """Calls to_device(model, batch, device) with a small CPU model and batch; reports where they are afterwards.

    device_name "cuda" on a worker without a GPU uses the "meta" device instead (it says so): a move to the meta
    device (shapes without data) shows on any machine whether the model and the batch were moved.
    """
    seen: dict[str, Any] = {}
    if device_name == "cuda" and not torch.cuda.is_available():
        device_name, seen["device_used"] = "meta", "meta: there is no GPU in the worker"
    model, batch = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1)), _batch()
    returned = student_fn(model, batch, torch.device(device_name))
    if not (isinstance(returned, (tuple, list)) and len(returned) == 2):
        return {**seen, "returned": f"a {type(returned).__name__}, not a (model, batch) pair"}
    out_model, out_batch = returned
    seen["returned"] = "a (model, batch) pair"
    if isinstance(out_model, nn.Module):
        seen["model_devices"] = sorted({p.device.type for p in out_model.parameters()})
        seen["model_on_device"] = seen["model_devices"] == [device_name]
    else:
        seen["model_on_device"] = f"a {type(out_model).__name__}, not a model"
    if isinstance(out_batch, torch.Tensor):
        seen["batch_device"] = out_batch.device.type
        seen["batch_on_device"] = seen["batch_device"] == device_name
        seen["batch_shape"] = list(out_batch.shape)
    else:
        seen["batch_on_device"] = f"a {type(out_batch).__name__}, not a tensor"
    return seen


def to_device_expected(device_name) -> dict:
    """The same wherever the probe ran (its own values are compared there: see probe_to_device)."""
    return {"returned": "a (model, batch) pair", "model_on_device": True, "batch_on_device": True,
            "batch_shape": [4, 3]}


def _batch() -> torch.Tensor:
    return torch.randn(4, 3, generator=torch.Generator().manual_seed(0))


LESSON = Lesson(
    id="hw11",
    title="Building models: modules, containers, parameters, custom layers, saving and devices",
    functions=("MLP", "mlp_sequential", "ListMLP", "FancyMLP", "parameter_names", "init_weights", "SharedNet",
               "CenteredLayer", "center_values", "MyLinear", "save_and_load", "try_device", "to_device"),
    checks=(
        property_check(
            id="MLP",
            points=10,
            title="MLP(num_inputs, num_hiddens, num_outputs): hidden Linear, ReLU, output Linear, as an nn.Module",
            function="MLP",
            argnames=("num_inputs", "num_hiddens", "num_outputs", "x", "seed"),
            oracle=mlp_expected,
            probe="hw11:probe_mlp",
            inputs=MLP_ARGS,
            max_examples=DRAWS,
            examples=MLP_EXAMPLES,
            mistakes=[
                Mistake("super().__init__() was not called first: nn.Module.__init__ creates the registries of "
                        "sub-modules and parameters, so assigning a layer before it fails ('cannot assign module "
                        "before Module.__init__() call'). Start __init__ with super().__init__().",
                        lambda *a: _error_of(_NoSuperInit)),
                Mistake("The ReLU is missing: without it the two Linear layers are one linear map. "
                        "forward = output(relu(hidden(x))).",
                        lambda *a: mlp_expected(*a, relu="none")),
                Mistake("A ReLU was applied to the output too: the output layer's scores are returned as they are, "
                        "output(relu(hidden(x))).",
                        lambda *a: mlp_expected(*a, relu="both")),
            ],
            hint="super().__init__(); self.hidden = nn.Linear(num_inputs, num_hiddens); self.act = nn.ReLU(); "
                 "self.output = nn.Linear(num_hiddens, num_outputs); forward returns "
                 "self.output(self.act(self.hidden(x))).",
        ),
        property_check(
            id="mlp_sequential",
            points=5,
            title="mlp_sequential(...) is nn.Sequential(Linear, ReLU, Linear), the same network as MLP",
            function="mlp_sequential",
            argnames=("num_inputs", "num_hiddens", "num_outputs", "x", "seed"),
            oracle=sequential_expected,
            probe="hw11:probe_sequential",
            inputs=MLP_ARGS,
            max_examples=DRAWS,
            examples=MLP_EXAMPLES,
            mistakes=[
                Mistake("nn.Sequential was given a list: it takes the layers as separate arguments, "
                        "nn.Sequential(a, b, c) (or nn.Sequential(*layers)).",
                        _sequential_of_a_list),
                Mistake("The ReLU between the two Linear layers is missing.",
                        lambda i, h, o, *_: {"layers": [f"Linear({i}, {h})", f"Linear({h}, {o})"]}),
            ],
            hint="return nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.ReLU(), "
                 "nn.Linear(num_hiddens, num_outputs)).",
        ),
        property_check(
            id="ListMLP",
            points=10,
            title="ListMLP(sizes): an nn.ModuleList of Linear layers and a forward of its own (ReLU between layers)",
            function="ListMLP",
            argnames=("sizes", "x", "seed"),
            oracle=list_mlp_expected,
            probe="hw11:probe_list_mlp",
            inputs=LIST_ARGS,
            max_examples=DRAWS,
            examples=LIST_EXAMPLES,
            mistakes=[
                Mistake("The ModuleList was called like a module: a ModuleList only registers its layers, it has no "
                        "forward ('missing the required forward function'). Loop over it in your forward: "
                        "for layer in self.layers: x = layer(x).",
                        _module_list_called),
                Mistake("The layers are kept in a plain Python list: nn.Module does not register them, so "
                        "parameters() is empty (an optimizer would train nothing, .to(device) would not move them). "
                        "Wrap the list: self.layers = nn.ModuleList([...]).",
                        lambda *a: {"linear_layers": []}),
                Mistake("A ReLU was applied after the last layer too: the last layer's output is returned as it is.",
                        lambda *a: list_mlp_expected(*a, last_relu=True)),
                Mistake("Only the first layer was applied (a `return` inside the loop?): apply every layer, then "
                        "return.",
                        _first_layer_only),
            ],
            hint="self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]); in "
                 "forward, for i, layer in enumerate(self.layers): x = layer(x), then F.relu(x) unless it is the "
                 "last layer.",
        ),
        property_check(
            id="FancyMLP",
            points=10,
            title="FancyMLP(size): a constant rand_weight that is not trained, a Linear used twice, a while loop",
            function="FancyMLP",
            argnames=("size", "x", "seed"),
            oracle=fancy_expected,
            probe="hw11:probe_fancy",
            inputs=FANCY_ARGS,
            max_examples=DRAWS,
            examples=FANCY_EXAMPLES,
            mistakes=[
                Mistake("rand_weight is an nn.Parameter: it is registered, so parameters() lists it and the "
                        "optimizer trains it. A constant is a plain tensor made with requires_grad=False: "
                        "self.rand_weight = torch.rand((size, size), requires_grad=False).",
                        lambda size, *_: {"parameters": fancy_expected(size, *_, constant_trains=True)["parameters"]}),
                Mistake("rand_weight requires grad: autograd computes a gradient for it at every backward() (and an "
                        "optimizer given it would change it). Make the constant with requires_grad=False.",
                        lambda *a: {"rand_weight_has_grad": True}),
                Mistake("The norm was halved only once: `while x.norm().item() > 1`, not `if`, halves it until it "
                        "is at most 1.",
                        lambda *a: fancy_expected(*a, loop="if")),
            ],
            hint="__init__: self.rand_weight = torch.rand((size, size), requires_grad=False); self.linear = "
                 "nn.Linear(size, size). forward: x = self.linear(x); x = F.relu(torch.mm(x, self.rand_weight) + 1); "
                 "x = self.linear(x); while x.norm().item() > 1: x = x / 2; if x.norm().item() < 0.8: x = x * 10; "
                 "return x.sum().",
        ),
        property_check(
            id="parameter_names",
            points=5,
            title="parameter_names(net): the (name, shape) pairs of net.named_parameters(), in order",
            function="parameter_names",
            argnames=("sizes", "batchnorm"),
            oracle=parameter_names_expected,
            probe="hw11:probe_parameter_names",
            inputs=NET_ARGS,
            max_examples=DRAWS,
            examples=NET_EXAMPLES,
            mistakes=[
                Mistake("That is the state_dict(): it also lists buffers (a BatchNorm's running_mean, running_var "
                        "and num_batches_tracked), which are saved but not trained. Use net.named_parameters().",
                        _state_dict_listing),
            ],
            hint="return [(name, tuple(p.shape)) for name, p in net.named_parameters()].",
        ),
        property_check(
            id="init_weights",
            points=10,
            title="net.apply(init_weights): every Linear weight ~ N(0, 0.01**2), every Linear bias 0, other modules untouched",
            function="init_weights",
            argnames=("net", "seed"),
            oracle=init_expected,
            probe="hw11:probe_init_weights",
            examples=INIT_EXAMPLES,
            mistakes=[
                Mistake("The weights were not initialised: they still hold PyTorch's default values.",
                        lambda *a: init_expected(*a, weight=UNCHANGED)),
                Mistake("The biases were not set to 0: they still hold PyTorch's default values. Add "
                        "init.zeros_(m.bias).",
                        lambda *a: init_expected(*a, bias=UNCHANGED)),
                Mistake("The biases are a constant other than 0: this lesson's biases are 0, init.zeros_(m.bias) "
                        "(or init.constant_(m.bias, 0)).",
                        lambda *a: init_expected(*a, bias="a constant other than 0")),
                Mistake("The weight and the bias are swapped: the weight gets the normal values (init.normal_(m.weight, "
                        "std=0.01)) and the bias the zeros.",
                        lambda *a: init_expected(*a, weight="zeros", bias="random values")),
                Mistake("The standard deviation is 1 (init.normal_'s default): pass std=0.01.",
                        lambda *a: init_expected(*a, weight="random values with std 1")),
                Mistake("The biases got the wrong shape: a Linear's bias has out_features elements (weight is "
                        "(out_features, in_features)). Initialise the parameter in place (init.zeros_(m.bias)) "
                        "instead of assigning a new tensor to it or to its .data.",
                        lambda *a: init_expected(*a, bias_shape="in")),
                Mistake("A BatchNorm's weight was changed too: check isinstance(m, nn.Linear), not whether a "
                        "parameter's name contains 'weight'.",
                        _batchnorm_weights_changed),
            ],
            hint="if isinstance(m, nn.Linear): init.normal_(m.weight, mean=0, std=0.01); init.zeros_(m.bias). "
                 "Leave other modules alone.",
        ),
        property_check(
            id="SharedNet",
            points=8,
            title="SharedNet(size): one Linear used twice (two parameter tensors), gradients of both uses added",
            function="SharedNet",
            argnames=("size", "x", "g", "seed"),
            oracle=shared_expected,
            probe="hw11:probe_shared",
            inputs=SHARED_ARGS,
            max_examples=DRAWS,
            examples=SHARED_EXAMPLES,
            mistakes=[
                Mistake("The shared layer was built twice: two nn.Linear objects are two sets of parameters (four "
                        "tensors), not one layer used twice. Build it once in __init__ and call self.shared twice "
                        "in forward.",
                        lambda size, *_: {"parameter_tensors": sorted([[size], [size], [size, size], [size, size]])}),
                Mistake("The model has no parameters: a layer built inside forward is a new layer at every call, "
                        "never registered. Build it once in __init__ (self.shared = nn.Linear(size, size)).",
                        lambda *a: {"parameter_tensors": []}),
            ],
            hint="self.shared = nn.Linear(size, size) in __init__; forward returns "
                 "self.shared(F.relu(self.shared(x))).",
        ),
        property_check(
            id="CenteredLayer",
            points=8,
            title="CenteredLayer: no parameters, output x - x.mean(), mean 0 for every input",
            function="CenteredLayer",
            argnames=("x",),
            oracle=centered_expected,
            probe="hw11:probe_centered",
            inputs=CENTERED_ARGS,
            max_examples=DRAWS,
            examples=CENTERED_EXAMPLES,
            mistakes=[
                Mistake("The layer subtracts a constant, the same for every input: subtract the input's own mean, "
                        "x - x.mean().",
                        lambda x: {"constant_shift": True}),
                Mistake("Each row was centred on its own mean: subtract the mean of all elements, x - x.mean().",
                        _safe(lambda x: {"output": x - x.mean(dim=-1, keepdim=True)})),
            ],
            hint="forward returns x - x.mean(); the layer has no parameters.",
        ),
        property_check(
            id="center_values",
            points=4,
            title="center_values(values): a float32 tensor of the numbers through a CenteredLayer",
            function="center_values",
            argnames=("values",),
            oracle=center_values_expected,
            probe="hw11:probe_center_values",
            inputs=st.tuples(st.lists(st.integers(-20, 20), min_size=1, max_size=6)),
            max_examples=DRAWS,
            examples=[([1, 2, 3, 4],), ([5],)],
            replace=USE_REFERENCE_CENTERED,
            mistakes=[
                Mistake("dtype=torch.float was passed to the layer, not to torch.tensor: a bracket closes too early. "
                        "Write layer(torch.tensor(values, dtype=torch.float)).",
                        _dtype_to_layer),
                Mistake("The tensor holds integers (torch.tensor of Python ints is int64) and mean() needs floating "
                        "point numbers: torch.tensor(values, dtype=torch.float32).",
                        _integer_mean),
            ],
            hint="return CenteredLayer()(torch.tensor(values, dtype=torch.float32)).",
            exact_dtype=True,
        ),
        property_check(
            id="MyLinear",
            points=10,
            title="MyLinear(in_units, units): nn.Parameters weight (in_units, units) and bias, x @ weight + bias like nn.Linear",
            function="MyLinear",
            argnames=("in_units", "units", "x", "g", "seed"),
            oracle=my_linear_expected,
            probe="hw11:probe_my_linear",
            inputs=MY_LINEAR_ARGS,
            max_examples=DRAWS,
            examples=MY_LINEAR_EXAMPLES,
            mistakes=[
                Mistake("The weight and bias are plain tensor attributes: they are not registered, so parameters() "
                        "does not list them and an optimizer never trains them (requires_grad=True is not enough). "
                        "Wrap them: self.weight = nn.Parameter(torch.randn(in_units, units)).",
                        lambda *a: {"parameters": []}),
                Mistake("forward used weight.data (or a detached copy): autograd does not see .data, so the "
                        "parameters get no gradient and never train. Use self.weight and self.bias themselves.",
                        lambda *a: {"weight_grad": None}),
                Mistake("The weight is stored as (units, in_units), nn.Linear's layout: MyLinear's weight is "
                        "(in_units, units) and forward computes x @ weight + bias.",
                        lambda i, u, *_: {"parameters": [["bias", [u]], ["weight", [u, i]]]}),
                Mistake("A ReLU was applied: MyLinear is a plain dense layer like nn.Linear, x @ weight + bias.",
                        lambda *a: my_linear_expected(*a, relu=True)),
            ],
            hint="self.weight = nn.Parameter(torch.randn(in_units, units)); self.bias = "
                 "nn.Parameter(torch.zeros(units)); forward returns torch.matmul(x, self.weight) + self.bias.",
        ),
        property_check(
            id="save_and_load",
            points=10,
            title="save_and_load(model, make_model, folder): state_dict to a file in folder, loaded into a fresh model",
            function="save_and_load",
            argnames=("seed", "x"),
            oracle=save_and_load_expected,
            probe="hw11:probe_save_and_load",
            examples=SAVE_EXAMPLES,
            mistakes=[
                Mistake("No file was written inside folder: build the path with os.path.join(folder, name) (a "
                        "relative name lands in the current directory).",
                        lambda *a: {"wrote_a_file_in_folder": False}),
                Mistake("The file holds the whole pickled model (torch.save(model, path)), not its state_dict: "
                        "loading such a file runs code from it, and torch.load(..., weights_only=True) refuses it. "
                        "Save model.state_dict().",
                        lambda *a: {"wrote_a_file_in_folder": True, "file": REFUSED}),
                Mistake("torch.load was called with weights_only=False: that unpickles arbitrary objects (a file "
                        "from a stranger could run code). A state_dict loads with weights_only=True.",
                        lambda *a: {"torch_load": "weights_only=False"}),
                Mistake("load_state_dict returns the missing and unexpected keys, not the model: call "
                        "fresh.load_state_dict(...) and then return fresh.",
                        lambda *a: {"returned": "a _IncompatibleKeys, not an nn.Module"}),
                Mistake("The model you were given was returned: build a fresh one with make_model(), load the file "
                        "into it and return that one.",
                        lambda *a: {"returned": "the model it was given"}),
                Mistake("The running statistics were lost: named_parameters() leaves out the buffers (a BatchNorm's "
                        "running mean and variance); save model.state_dict(), which holds both.",
                        lambda *a: {"file": PARAMETERS_ONLY}),
            ],
            hint="path = os.path.join(folder, 'model.params'); torch.save(model.state_dict(), path); "
                 "fresh = make_model(); fresh.load_state_dict(torch.load(path, weights_only=True)); return fresh.",
        ),
        property_check(
            id="try_device",
            points=4,
            title="try_device(): torch.device('cuda') when torch.cuda.is_available(), else torch.device('cpu')",
            function="try_device",
            argnames=(),
            oracle=try_device_expected,
            probe="hw11:probe_try_device",
            examples=[()],
            mistakes=[
                Mistake("The CPU was returned even with a GPU available: return torch.device('cuda') when "
                        "torch.cuda.is_available().",
                        lambda: {"with a GPU": "cpu"}),
                Mistake("The GPU was returned on a machine without one: test torch.cuda.is_available() and fall "
                        "back to torch.device('cpu').",
                        lambda: {"with a GPU": "cuda", "without a GPU": "cuda"}),
            ],
            hint="return torch.device('cuda') if torch.cuda.is_available() else torch.device('cpu').",
        ),
        property_check(
            id="to_device",
            points=6,
            title="to_device(model, batch, device): the model and the batch both on device",
            function="to_device",
            argnames=("device",),
            oracle=to_device_expected,
            probe="hw11:probe_to_device",
            examples=[("meta",), ("cuda",)],
            mistakes=[
                Mistake("The batch stayed where it was: tensor.to(device) is not in place, it returns a new tensor "
                        "(model.to(device) moves a module in place, a tensor's .to does not). Write "
                        "batch = batch.to(device).",
                        lambda device: {"model_on_device": True, "batch_on_device": False}),
                Mistake("The model stayed where it was: move it with model.to(device) (or model = model.to(device)).",
                        lambda device: {"model_on_device": False}),
            ],
            hint="model = model.to(device); batch = batch.to(device); return model, batch.",
        ),
    ),
)
