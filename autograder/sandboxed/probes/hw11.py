"""hw11's probes: they build the student's modules in the worker, give their layers seeded weights, run them and
send back plain observations (layers, parameters, outputs, gradients, what a saved file holds, where tensors are);
with the inputs they build (the nets, the saved model, the constant weights), shared with the grader's oracles.

A learner's error that has a known cause (a module assigned before super().__init__(), a ModuleList called, dtype=
passed to a layer, mean() of an integer tensor, a list given to nn.Sequential, a state_dict without its buffers, a
pickled model refused by weights_only=True) is observed as {"error": "Type: message"}, so that the check can name
the cause; any other error propagates with its traceback. Nothing here asks about CUDA at import (the fork server
imports this module before it forks the workers): to_device's "cuda" example is decided in the worker.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

import torch
from torch import nn

from autograder.sandboxed.probes.shared import attempt
from autograder.sandboxed.text import N_
from autograder.sandboxed.values import fill

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


def _is_module(value: Any) -> bool:
    """isinstance(value, nn.Module), without narrowing the type of a student's object (its attributes stay Any)."""
    return isinstance(value, nn.Module)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _known_error(exc: Exception) -> dict:
    """The observation of an error attempt() caught, {"error": its text}, if its cause is known; others propagate."""
    text = _error_text(exc)
    if any(known in text for known in KNOWN_ERRORS):
        return {"error": text}
    raise exc


def _uniform(shape, generator: torch.Generator, low: float = -1.0, high: float = 1.0) -> torch.Tensor:
    return torch.rand(shape, generator=generator, dtype=torch.float64) * (high - low) + low


def _linears(model: nn.Module) -> list[nn.Linear]:
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def _describe_linears(model: nn.Module) -> list[list]:
    return [[m.in_features, m.out_features, m.bias is not None] for m in _linears(model)]


def _fill_linears(model: nn.Module, seed: int) -> None:
    """model in float64, its nn.Linear layers (in order of registration) filled with seeds seed, seed + 1, ..."""
    model.double()
    for offset, layer in enumerate(_linears(model)):
        fill(layer, seed + offset)


def _output(value: Any) -> Any:
    return value.detach() if isinstance(value, torch.Tensor) else value


def _shapes(named) -> list[list]:
    return [[name, list(p.shape)] for name, p in named]


# 1. MLP(nn.Module) and 2. the same network as nn.Sequential.


def probe_mlp(student_cls, num_inputs, num_hiddens, num_outputs, x, seed) -> dict:
    """Builds MLP(num_inputs, num_hiddens, num_outputs), fills its Linear layers from seed, runs it on x."""
    model, exc = attempt(lambda: student_cls(num_inputs, num_hiddens, num_outputs))
    if exc is not None:
        return _known_error(exc)
    if not _is_module(model):
        return {**NO_ERROR, "is_module": False}
    seen: dict[str, Any] = {**NO_ERROR, "is_module": True, "linear_layers": _describe_linears(model)}
    if seen["linear_layers"] != [[num_inputs, num_hiddens, True], [num_hiddens, num_outputs, True]]:
        return seen
    _fill_linears(model, seed)
    with torch.no_grad():
        output, exc = attempt(lambda: model(x.clone()))
    return _known_error(exc) if exc is not None else {**seen, "output": _output(output)}


def _describe_layer(module: nn.Module) -> str:
    if isinstance(module, nn.Linear):
        return f"Linear({module.in_features}, {module.out_features})"
    return type(module).__name__


def _sequential_layers(num_inputs, num_hiddens, num_outputs) -> list[str]:
    return [f"Linear({num_inputs}, {num_hiddens})", "ReLU", f"Linear({num_hiddens}, {num_outputs})"]


def probe_sequential(student_fn, num_inputs, num_hiddens, num_outputs, x, seed) -> dict:
    """Calls mlp_sequential(...), describes its layers in order, fills its Linear layers from seed, runs it on x."""
    model, exc = attempt(lambda: student_fn(num_inputs, num_hiddens, num_outputs))
    if exc is not None:
        return _known_error(exc)
    if not isinstance(model, nn.Sequential):
        return {**NO_ERROR, "returned": type(model).__qualname__}
    seen: dict[str, Any] = {**NO_ERROR, "returned": "Sequential", "layers": [_describe_layer(m) for m in model]}
    if seen["layers"] != _sequential_layers(num_inputs, num_hiddens, num_outputs):
        return seen
    _fill_linears(model, seed)
    with torch.no_grad():
        return {**seen, "output": _output(model(x.clone()))}


# 3. ListMLP: an nn.ModuleList and a forward of its own.


def _list_layers(sizes) -> list[list]:
    return [[a, b, True] for a, b in zip(sizes[:-1], sizes[1:])]


def probe_list_mlp(student_cls, sizes, x, seed) -> dict:
    """Builds ListMLP(sizes), fills its Linear layers from seed, runs it on x."""
    model, exc = attempt(lambda: student_cls(list(sizes)))
    if exc is not None:
        return _known_error(exc)
    if not _is_module(model):
        return {**NO_ERROR, "is_module": False}
    seen: dict[str, Any] = {**NO_ERROR, "is_module": True, "linear_layers": _describe_linears(model),
                            "uses_module_list": isinstance(getattr(model, "layers", None), nn.ModuleList)}
    if seen["linear_layers"] != _list_layers(sizes):
        return seen
    _fill_linears(model, seed)
    with torch.no_grad():
        output, exc = attempt(lambda: model(x.clone()))
    return _known_error(exc) if exc is not None else {**seen, "output": _output(output)}


# 4. FancyMLP: a constant weight, a layer used twice, a while loop on the norm.


ATTRIBUTES_REQUIRED = N_("self.rand_weight (a tensor) and self.linear (an nn.Linear) are required")


def _constant(size: int, seed: int) -> torch.Tensor:
    return torch.rand(size, size, generator=torch.Generator().manual_seed(seed + 3), dtype=torch.float64)


def probe_fancy(student_cls, size, x, seed) -> dict:
    """Builds FancyMLP(size), sets rand_weight and the linear layer from seed, runs forward and one SGD step.

    Reports the registered parameters, the output, whether rand_weight received a gradient and whether a step of
    SGD on model.parameters() changed it.
    """
    model, exc = attempt(lambda: student_cls(size))
    if exc is not None:
        return _known_error(exc)
    if not _is_module(model):
        return {**NO_ERROR, "is_module": False}
    seen: dict[str, Any] = {**NO_ERROR, "parameters": sorted(_shapes(model.named_parameters()))}
    constant, linear = getattr(model, "rand_weight", None), getattr(model, "linear", None)
    if not isinstance(constant, torch.Tensor) or not isinstance(linear, nn.Linear):
        return {**seen, "attributes": ATTRIBUTES_REQUIRED}
    model.double()
    if isinstance(constant, nn.Parameter):
        with torch.no_grad():
            constant.copy_(_constant(size, seed))
    else:
        model.rand_weight = _constant(size, seed).requires_grad_(constant.requires_grad)
    fill(linear, seed)
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
UNCHANGED = N_("unchanged (PyTorch's default initialisation)")
ZEROS = N_("zeros")
CONSTANT = N_("a constant other than 0")
RANDOM = N_("random values")
RANDOM_STD_1 = N_("random values with std 1")
RANDOM_NOT_NORMAL = N_("random values, but not N(0, 0.01**2)")
OTHERS_UNCHANGED = N_("unchanged")


def _reading(t: torch.Tensor, before: torch.Tensor) -> str:
    """What an initialisation left in a tensor: unchanged, zeros, a constant, N(0, 0.01**2) or other values."""
    t = t.detach().double()
    if t.shape == before.shape and torch.equal(t, before.double()):
        return UNCHANGED
    if not bool(t.ne(0).any()):
        return ZEROS
    if bool(t.eq(t.reshape(-1)[0]).all()):
        return CONSTANT
    if t.numel() < 1900:
        return RANDOM
    mean, std = t.mean().item(), t.std().item()
    within = t.abs().le(0.01).double().mean().item()  # about 0.683 for N(0, 0.01**2), 0.577 for a uniform
    if abs(mean) < 0.002 and abs(std - 0.01) < 0.0015 and 0.63 < within < 0.74:
        return NORMAL
    if abs(std - 1) < 0.1:
        return RANDOM_STD_1
    return RANDOM_NOT_NORMAL


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
    return {"linear_layers": layers, "other_modules": f"changed: {', '.join(changed)}" if changed else OTHERS_UNCHANGED}


# 7. SharedNet: one layer used twice.


def probe_shared(student_cls, size, x, g, seed) -> dict:
    """Builds SharedNet(size), fills its one Linear from seed, runs it on x and backpropagates (output * g).sum()."""
    model, exc = attempt(lambda: student_cls(size))
    if exc is not None:
        return _known_error(exc)
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


# 8. CenteredLayer and 9. center_values.


def probe_centered(student_cls, x) -> dict:
    """Builds CenteredLayer(), runs it on x and on x + 1: a layer that centres shifts them by different amounts."""
    layer, exc = attempt(lambda: student_cls())
    if exc is not None:
        return _known_error(exc)
    if not _is_module(layer):
        return {**NO_ERROR, "is_module": False}
    seen: dict[str, Any] = {**NO_ERROR, "parameters": sum(p.numel() for p in layer.parameters())}
    out, exc = attempt(lambda: layer(x.clone()))
    if exc is not None:
        return _known_error(exc)
    if not isinstance(out, torch.Tensor) or out.shape != x.shape:
        return {**seen, "output": _output(out)}
    shifted = layer(x.clone() + 1)
    with torch.no_grad():
        shift, other = x - out, x + 1 - shifted
        constant = bool(torch.allclose(shift, shift.reshape(-1)[0].expand_as(shift))) and bool(
            torch.allclose(shift, other))
    return {**seen, "output_mean": out.detach().mean().item(), "output": _output(out), "constant_shift": constant}


def probe_center_values(student_fn, values) -> dict:
    output, exc = attempt(lambda: student_fn(list(values)))
    return _known_error(exc) if exc is not None else {**NO_ERROR, "output": _output(output)}


# 10. MyLinear.


def _my_linear_parameters(in_units, units) -> list:
    return [["bias", [units]], ["weight", [in_units, units]]]


def _my_linear_weights(in_units, units, seed) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    return _uniform((in_units, units), generator), _uniform((units,), generator)


def probe_my_linear(student_cls, in_units, units, x, g, seed) -> dict:
    """Builds MyLinear(in_units, units), sets weight and bias from seed, runs it on x, backpropagates (out * g).sum()."""
    layer, exc = attempt(lambda: student_cls(in_units, units))
    if exc is not None:
        return _known_error(exc)
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


FROM_MAKE_MODEL = N_("the model from make_model()")
GIVEN_MODEL = N_("the model it was given")
OTHER_MODULE = N_("an nn.Module that make_model() did not build")


def _describe_returned(returned: Any, given: nn.Module, made: list) -> str:
    if any(returned is m for m in made):
        return FROM_MAKE_MODEL
    if returned is given:
        return GIVEN_MODEL
    if isinstance(returned, nn.Module):
        return OTHER_MODULE
    return f"a {type(returned).__name__}, not an nn.Module"


STATE_DICT = N_("the model's state_dict")
PARAMETERS_ONLY = N_("the parameters only, without the buffers (BatchNorm's running statistics)")
REFUSED = N_("refused by torch.load(weights_only=True): a pickled object, not a state_dict")
NO_FILE = N_("no file")
NOT_CALLED = N_("not called")


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
    return STATE_DICT if STATE_DICT in readings else readings[0] if readings else NO_FILE


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
            returned, exc = attempt(lambda: student_fn(model, make_model, folder))
        finally:
            torch.load = real_load
            os.chdir(cwd)
        error = _known_error(exc) if exc is not None else None
        files = [os.path.join(folder, name) for name in sorted(os.listdir(folder))]
        seen: dict[str, Any] = {
            **(error or NO_ERROR),
            "wrote_a_file_in_folder": bool(files),
            "file": _file_reading(files, model),
            "torch_load": (NOT_CALLED if not loads else
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


# 12. try_device and 13. to_device.


WITH_A_GPU, WITHOUT_A_GPU = N_("with a GPU"), N_("without a GPU")
NO_GPU_IN_THE_WORKER = N_("meta: there is no GPU in the worker")
A_PAIR = N_("a (model, batch) pair")


def probe_try_device(student_fn) -> dict:
    """Calls try_device() while torch.cuda says there is a GPU, then while it says there is none."""
    seen = {}
    saved = torch.cuda.is_available, torch.cuda.device_count
    for available, key in ((True, WITH_A_GPU), (False, WITHOUT_A_GPU)):
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


def probe_to_device(student_fn, device_name) -> dict:
    """Calls to_device(model, batch, device) with a small CPU model and batch; reports where they are afterwards.

    device_name "cuda" on a worker without a GPU uses the "meta" device instead (it says so): a move to the meta
    device (shapes without data) shows on any machine whether the model and the batch were moved.
    """
    seen: dict[str, Any] = {}
    if device_name == "cuda" and not torch.cuda.is_available():
        device_name, seen["device_used"] = "meta", NO_GPU_IN_THE_WORKER
    model, batch = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1)), _batch()
    returned = student_fn(model, batch, torch.device(device_name))
    if not (isinstance(returned, (tuple, list)) and len(returned) == 2):
        return {**seen, "returned": f"a {type(returned).__name__}, not a (model, batch) pair"}
    out_model, out_batch = returned
    seen["returned"] = A_PAIR
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


def _batch() -> torch.Tensor:
    return torch.randn(4, 3, generator=torch.Generator().manual_seed(0))
