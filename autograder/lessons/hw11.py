"""hw11 building models: nn.Module subclasses, containers, parameters, initialisation, custom layers, saving, devices.

Oracles are public: the same networks built here from nn.Linear, nn.Sequential and torch.nn.functional with weights
drawn from a seed, autograd for every gradient, nn.Linear for MyLinear (with the weight transposed), x - x.mean()
for CenteredLayer, and torch's own state_dict round trip. The students' classes and models live only in the
worker, so the probes (autograder.sandboxed.probes.hw11) build them there, give their layers seeded weights and
send back plain observations; an error with a known cause is observed as {"error": "Type: message"}, which the
mistakes below model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from hypothesis import strategies as st
from torch import nn
from torch.nn import functional as F

from autograder.i18n import N_
from autograder.properties import Mistake, property_check
from autograder.rubric import Lesson
from autograder.sandboxed.probes.hw11 import (
    INIT_NETS,
    NO_ERROR,
    NORMAL,
    PARAMETERS_ONLY,
    REFUSED,
    STATE_DICT,
    UNCHANGED,
    _constant,
    _error_text,
    _linears,
    _list_layers,
    _my_linear_parameters,
    _my_linear_weights,
    _net,
    _outputs,
    _saved_model,
    _sequential_layers,
    _shapes,
    probe_center_values,
    probe_centered,
    probe_fancy,
    probe_init_weights,
    probe_list_mlp,
    probe_mlp,
    probe_my_linear,
    probe_parameter_names,
    probe_save_and_load,
    probe_sequential,
    probe_shared,
    probe_to_device,
    probe_try_device,
)
from autograder.sandboxed.values import fill
from autograder.standins.hw11 import CenteredLayerReference
from autograder.strategies import shapes, tensors

# Drawn inputs per check: the structures drawn are small (sides 1-4) and every check also runs its worked examples;
# 40 draws find every mistake of the tests and keep a grading near 4 s (100 draws: near 6 s, and the lesson's
# tests grade the notebook 14 times).
DRAWS = 40
SEEDS = st.integers(0, 1000)
SIDES = st.integers(1, 4)
USE_REFERENCE_CENTERED = {"CenteredLayer": CenteredLayerReference}


def _error_of(call: Callable[[], Any]) -> dict:
    """The observation a probe makes of this (mistaken) code: {"error": its error's text}."""
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - the error is the point
        return {"error": _error_text(exc)}
    return {"error": None}


def _seeded_linears(sizes, seed) -> list[nn.Linear]:
    layers = [nn.Linear(a, b).double() for a, b in zip(sizes[:-1], sizes[1:])]
    for offset, layer in enumerate(layers):
        fill(layer, seed + offset)
    return layers


def _x(batch: int, features: int, seed: int) -> torch.Tensor:
    return torch.randn(batch, features, generator=torch.Generator().manual_seed(seed + 7), dtype=torch.float64)


class _NoSuperInit(nn.Module):
    """A module whose __init__ forgot super().__init__() (to see the error it raises)."""

    def __init__(self):
        self.hidden = nn.Linear(1, 1)


# 1. MLP(nn.Module) and 2. the same network as nn.Sequential.


def mlp_expected(num_inputs, num_hiddens, num_outputs, x, seed, *, relu="hidden") -> dict:
    hidden, output = _seeded_linears([num_inputs, num_hiddens, num_outputs], seed)
    with torch.no_grad():
        h = hidden(F.relu(x)) if relu == "input" else hidden(x) if relu == "none" else F.relu(hidden(x))
        out = F.relu(output(h)) if relu == "both" else output(h)
    return {**NO_ERROR, "is_module": True,
            "linear_layers": [[num_inputs, num_hiddens, True], [num_hiddens, num_outputs, True]], "output": out}


def _mlp_args(num_inputs, num_hiddens, num_outputs, batch, seed) -> tuple:
    return (num_inputs, num_hiddens, num_outputs, _x(batch, num_inputs, seed), seed)


MLP_ARGS = st.tuples(SIDES, SIDES, SIDES, st.integers(1, 3), SEEDS).map(lambda t: _mlp_args(*t))
MLP_EXAMPLES = [_mlp_args(4, 3, 2, 2, 1), _mlp_args(3, 5, 2, 3, 2)]


def _sequential_of_a_list(*args) -> dict:
    sequential: Any = nn.Sequential
    return _error_of(lambda: sequential([nn.ReLU()]))


def sequential_expected(num_inputs, num_hiddens, num_outputs, x, seed) -> dict:
    return {**NO_ERROR, "returned": "Sequential", "layers": _sequential_layers(num_inputs, num_hiddens, num_outputs),
            "output": mlp_expected(num_inputs, num_hiddens, num_outputs, x, seed)["output"]}


# 3. ListMLP: an nn.ModuleList and a forward of its own.


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


def fancy_expected(size, x, seed, *, loop="while", constant_trains=False) -> dict:
    linear = nn.Linear(size, size).double()
    fill(linear, seed)
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


def parameter_names_expected(sizes, batchnorm) -> list:
    return _shapes(_net(sizes, batchnorm).named_parameters())


def _state_dict_listing(sizes, batchnorm) -> list:
    return [[name, list(t.shape)] for name, t in _net(sizes, batchnorm).state_dict().items()]


NET_ARGS = st.tuples(st.lists(st.integers(1, 5), min_size=2, max_size=4), st.booleans())
NET_EXAMPLES = [([784, 256, 10], False), ([3, 4, 2], True), ([4, 5, 5, 2], True)]

# 6. init_weights(m), applied with net.apply to the probes' INIT_NETS (why their sizes: see there).


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


def centered_expected(x) -> dict:
    return {**NO_ERROR, "parameters": 0, "output_mean": 0.0, "output": x - x.mean(), "constant_shift": False}


CENTERED_ARGS = st.tuples(tensors(shape=shapes(max_dims=3, max_side=4)))
CENTERED_EXAMPLES = [(torch.tensor([1.0, 2.0, 3.0, 4.0]),), (torch.tensor([[1.0, 2.0], [3.0, 10.0]]),)]


def center_values_expected(values) -> dict:
    x = torch.tensor(values, dtype=torch.float32)
    return {**NO_ERROR, "output": x - x.mean()}


def _dtype_to_layer(values) -> dict:
    return _error_of(lambda: CenteredLayerReference()(torch.tensor(values), dtype=torch.float))


def _integer_mean(values) -> dict:
    return _error_of(lambda: CenteredLayerReference()(torch.tensor(values)))

# 10. MyLinear, against nn.Linear with the transposed weight.


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

# 11. save_and_load (the model saved and how the probe reads what was written: see the probes).


def save_and_load_expected(seed, x) -> dict:
    return {**NO_ERROR, "wrote_a_file_in_folder": True, "file": STATE_DICT, "torch_load": "weights_only=True",
            "returned": "the model from make_model()", "outputs": _outputs(_saved_model(seed), x)}


def _save_args(seed) -> tuple:
    return (seed, torch.randn(5, 4, generator=torch.Generator().manual_seed(seed)))


SAVE_EXAMPLES = [_save_args(0), _save_args(1)]

# 12. try_device and 13. to_device.


def try_device_expected() -> dict:
    return {"with a GPU": "cuda", "without a GPU": "cpu"}


def to_device_expected(device_name) -> dict:
    """The same wherever the probe ran (its own values are compared there: see probe_to_device)."""
    return {"returned": "a (model, batch) pair", "model_on_device": True, "batch_on_device": True,
            "batch_shape": [4, 3]}


LESSON = Lesson(
    id="hw11",
    title=N_("Building models: modules, containers, parameters, custom layers, saving and devices"),
    functions=("MLP", "mlp_sequential", "ListMLP", "FancyMLP", "parameter_names", "init_weights", "SharedNet",
               "CenteredLayer", "center_values", "MyLinear", "save_and_load", "try_device", "to_device"),
    checks=(
        property_check(
            id="MLP",
            points=10,
            title=N_("MLP(num_inputs, num_hiddens, num_outputs): hidden Linear, ReLU, output Linear, as an nn.Module"),
            function="MLP",
            argnames=("num_inputs", "num_hiddens", "num_outputs", "x", "seed"),
            oracle=mlp_expected,
            probe=probe_mlp,
            inputs=MLP_ARGS,
            max_examples=DRAWS,
            examples=MLP_EXAMPLES,
            mistakes=[
                Mistake(N_("super().__init__() was not called first: nn.Module.__init__ creates the registries of "
                           "sub-modules and parameters, so assigning a layer before it fails ('cannot assign module "
                           "before Module.__init__() call'). Start __init__ with super().__init__()."),
                        lambda *a: _error_of(_NoSuperInit)),
                Mistake(N_("Your MLP has no Linear layer of its own: a layer created inside forward is a new, untrained "
                           "layer at every call and never registered (and one kept in a plain Python list is not "
                           "registered either), so parameters() cannot see it and no optimizer trains it. Create the "
                           "layers once in __init__, as attributes: self.hidden = nn.Linear(num_inputs, num_hiddens)."),
                        lambda *a: {**NO_ERROR, "is_module": True, "linear_layers": []}),
                Mistake(N_("The ReLU is missing: without it the two Linear layers are one linear map. "
                           "forward = output(relu(hidden(x)))."),
                        lambda *a: mlp_expected(*a, relu="none")),
                Mistake(N_("The ReLU is in the wrong place: it was applied to the input x. It goes between the two "
                           "Linear layers, on the hidden layer's output: forward = output(relu(hidden(x)))."),
                        lambda *a: mlp_expected(*a, relu="input")),
                Mistake(N_("A ReLU was applied to the output too: the output layer's scores are returned as they are, "
                           "output(relu(hidden(x)))."),
                        lambda *a: mlp_expected(*a, relu="both")),
            ],
            hint=N_("super().__init__(); self.hidden = nn.Linear(num_inputs, num_hiddens); self.act = nn.ReLU(); "
                    "self.output = nn.Linear(num_hiddens, num_outputs); forward returns "
                    "self.output(self.act(self.hidden(x)))."),
        ),
        property_check(
            id="mlp_sequential",
            points=5,
            title=N_("mlp_sequential(...) is nn.Sequential(Linear, ReLU, Linear), the same network as MLP"),
            function="mlp_sequential",
            argnames=("num_inputs", "num_hiddens", "num_outputs", "x", "seed"),
            oracle=sequential_expected,
            probe=probe_sequential,
            inputs=MLP_ARGS,
            max_examples=DRAWS,
            examples=MLP_EXAMPLES,
            mistakes=[
                Mistake(N_("nn.Sequential was given a list: it takes the layers as separate arguments, "
                           "nn.Sequential(a, b, c) (or nn.Sequential(*layers))."),
                        _sequential_of_a_list),
                Mistake(N_("The ReLU between the two Linear layers is missing."),
                        lambda i, h, o, *_: {"layers": [f"Linear({i}, {h})", f"Linear({h}, {o})"]}),
            ],
            hint=N_("return nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.ReLU(), "
                    "nn.Linear(num_hiddens, num_outputs))."),
        ),
        property_check(
            id="ListMLP",
            points=10,
            title=N_("ListMLP(sizes): an nn.ModuleList of Linear layers and a forward of its own (ReLU between layers)"),
            function="ListMLP",
            argnames=("sizes", "x", "seed"),
            oracle=list_mlp_expected,
            probe=probe_list_mlp,
            inputs=LIST_ARGS,
            max_examples=DRAWS,
            examples=LIST_EXAMPLES,
            mistakes=[
                Mistake(N_("The ModuleList was called like a module: a ModuleList only registers its layers, it has no "
                           "forward ('missing the required forward function'). Loop over it in your forward: "
                           "for layer in self.layers: x = layer(x)."),
                        _module_list_called),
                Mistake(N_("The layers are kept in a plain Python list: nn.Module does not register them, so "
                           "parameters() is empty (an optimizer would train nothing, .to(device) would not move them). "
                           "Wrap the list: self.layers = nn.ModuleList([...])."),
                        lambda *a: {"linear_layers": []}),
                Mistake(N_("A ReLU was applied after the last layer too: the last layer's output is returned as it is."),
                        lambda *a: list_mlp_expected(*a, last_relu=True)),
                Mistake(N_("Only the first layer was applied (a `return` inside the loop?): apply every layer, then "
                           "return."),
                        _first_layer_only),
            ],
            hint=N_("self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]); in "
                    "forward, for i, layer in enumerate(self.layers): x = layer(x), then F.relu(x) unless it is the "
                    "last layer."),
        ),
        property_check(
            id="FancyMLP",
            points=10,
            title=N_("FancyMLP(size): a constant rand_weight that is not trained, a Linear used twice, a while loop"),
            function="FancyMLP",
            argnames=("size", "x", "seed"),
            oracle=fancy_expected,
            probe=probe_fancy,
            inputs=FANCY_ARGS,
            max_examples=DRAWS,
            examples=FANCY_EXAMPLES,
            mistakes=[
                Mistake(N_("rand_weight is an nn.Parameter: it is registered, so parameters() lists it and the "
                           "optimizer trains it. A constant is a plain tensor made with requires_grad=False: "
                           "self.rand_weight = torch.rand((size, size), requires_grad=False)."),
                        lambda size, *_: {"parameters": fancy_expected(size, *_, constant_trains=True)["parameters"]}),
                Mistake(N_("rand_weight requires grad: autograd computes a gradient for it at every backward() (and an "
                           "optimizer given it would change it). Make the constant with requires_grad=False."),
                        lambda *a: {"rand_weight_has_grad": True}),
                Mistake(N_("The norm was halved only once: `while x.norm().item() > 1`, not `if`, halves it until it "
                           "is at most 1."),
                        lambda *a: fancy_expected(*a, loop="if")),
            ],
            hint=N_("__init__: self.rand_weight = torch.rand((size, size), requires_grad=False); self.linear = "
                    "nn.Linear(size, size). forward: x = self.linear(x); x = F.relu(torch.mm(x, self.rand_weight) + 1); "
                    "x = self.linear(x); while x.norm().item() > 1: x = x / 2; if x.norm().item() < 0.8: x = x * 10; "
                    "return x.sum()."),
        ),
        property_check(
            id="parameter_names",
            points=5,
            title=N_("parameter_names(net): the (name, shape) pairs of net.named_parameters(), in order"),
            function="parameter_names",
            argnames=("sizes", "batchnorm"),
            oracle=parameter_names_expected,
            probe=probe_parameter_names,
            inputs=NET_ARGS,
            max_examples=DRAWS,
            examples=NET_EXAMPLES,
            mistakes=[
                Mistake(N_("That is the state_dict(): it also lists buffers (a BatchNorm's running_mean, running_var "
                           "and num_batches_tracked), which are saved but not trained. Use net.named_parameters()."),
                        _state_dict_listing),
            ],
            hint=N_("return [(name, tuple(p.shape)) for name, p in net.named_parameters()]."),
        ),
        property_check(
            id="init_weights",
            points=10,
            title=N_("net.apply(init_weights): every Linear weight ~ N(0, 0.01**2), every Linear bias 0, other modules untouched"),
            function="init_weights",
            argnames=("net", "seed"),
            oracle=init_expected,
            probe=probe_init_weights,
            examples=INIT_EXAMPLES,
            mistakes=[
                Mistake(N_("The weights were not initialised: they still hold PyTorch's default values."),
                        lambda *a: init_expected(*a, weight=UNCHANGED)),
                Mistake(N_("The biases were not set to 0: they still hold PyTorch's default values. Add "
                           "init.zeros_(m.bias)."),
                        lambda *a: init_expected(*a, bias=UNCHANGED)),
                Mistake(N_("The biases are a constant other than 0: this lesson's biases are 0, init.zeros_(m.bias) "
                           "(or init.constant_(m.bias, 0))."),
                        lambda *a: init_expected(*a, bias="a constant other than 0")),
                Mistake(N_("The weight and the bias are swapped: the weight gets the normal values (init.normal_(m.weight, "
                           "std=0.01)) and the bias the zeros."),
                        lambda *a: init_expected(*a, weight="zeros", bias="random values")),
                Mistake(N_("The standard deviation is 1 (init.normal_'s default): pass std=0.01."),
                        lambda *a: init_expected(*a, weight="random values with std 1")),
                Mistake(N_("The biases got the wrong shape: a Linear's bias has out_features elements (weight is "
                           "(out_features, in_features)). Initialise the parameter in place (init.zeros_(m.bias)) "
                           "instead of assigning a new tensor to it or to its .data."),
                        lambda *a: init_expected(*a, bias_shape="in")),
                Mistake(N_("A BatchNorm's weight was changed too: check isinstance(m, nn.Linear), not whether a "
                           "parameter's name contains 'weight'."),
                        _batchnorm_weights_changed),
            ],
            hint=N_("if isinstance(m, nn.Linear): init.normal_(m.weight, mean=0, std=0.01); init.zeros_(m.bias). "
                    "Leave other modules alone."),
        ),
        property_check(
            id="SharedNet",
            points=8,
            title=N_("SharedNet(size): one Linear used twice (two parameter tensors), gradients of both uses added"),
            function="SharedNet",
            argnames=("size", "x", "g", "seed"),
            oracle=shared_expected,
            probe=probe_shared,
            inputs=SHARED_ARGS,
            max_examples=DRAWS,
            examples=SHARED_EXAMPLES,
            mistakes=[
                Mistake(N_("The shared layer was built twice: two nn.Linear objects are two sets of parameters (four "
                           "tensors), not one layer used twice. Build it once in __init__ and call self.shared twice "
                           "in forward."),
                        lambda size, *_: {"parameter_tensors": sorted([[size], [size], [size, size], [size, size]])}),
                Mistake(N_("The model has no parameters: a layer built inside forward is a new layer at every call, "
                           "never registered. Build it once in __init__ (self.shared = nn.Linear(size, size))."),
                        lambda *a: {"parameter_tensors": []}),
            ],
            hint=N_("self.shared = nn.Linear(size, size) in __init__; forward returns "
                    "self.shared(F.relu(self.shared(x)))."),
        ),
        property_check(
            id="CenteredLayer",
            points=8,
            title=N_("CenteredLayer: no parameters, output x - x.mean(), mean 0 for every input"),
            function="CenteredLayer",
            argnames=("x",),
            oracle=centered_expected,
            probe=probe_centered,
            inputs=CENTERED_ARGS,
            max_examples=DRAWS,
            examples=CENTERED_EXAMPLES,
            mistakes=[
                Mistake(N_("The layer subtracts a constant, the same for every input: subtract the input's own mean, "
                           "x - x.mean()."),
                        lambda x: {"constant_shift": True}),
                Mistake(N_("Each row was centred on its own mean: subtract the mean of all elements, x - x.mean()."),
                        lambda x: {"output": x - x.mean(dim=-1, keepdim=True)}),
            ],
            hint=N_("forward returns x - x.mean(); the layer has no parameters."),
        ),
        property_check(
            id="center_values",
            points=4,
            title=N_("center_values(values): a float32 tensor of the numbers through a CenteredLayer"),
            function="center_values",
            argnames=("values",),
            oracle=center_values_expected,
            probe=probe_center_values,
            inputs=st.tuples(st.lists(st.integers(-20, 20), min_size=1, max_size=6)),
            max_examples=DRAWS,
            examples=[([1, 2, 3, 4],), ([5],)],
            replace=USE_REFERENCE_CENTERED,
            mistakes=[
                Mistake(N_("dtype=torch.float was passed to the layer, not to torch.tensor: a bracket closes too early. "
                           "Write layer(torch.tensor(values, dtype=torch.float))."),
                        _dtype_to_layer),
                Mistake(N_("The tensor holds integers (torch.tensor of Python ints is int64) and mean() needs floating "
                           "point numbers: torch.tensor(values, dtype=torch.float32)."),
                        _integer_mean),
            ],
            hint=N_("return CenteredLayer()(torch.tensor(values, dtype=torch.float32))."),
            exact_dtype=True,
        ),
        property_check(
            id="MyLinear",
            points=10,
            title=N_("MyLinear(in_units, units): nn.Parameters weight (in_units, units) and bias, x @ weight + bias like nn.Linear"),
            function="MyLinear",
            argnames=("in_units", "units", "x", "g", "seed"),
            oracle=my_linear_expected,
            probe=probe_my_linear,
            inputs=MY_LINEAR_ARGS,
            max_examples=DRAWS,
            examples=MY_LINEAR_EXAMPLES,
            mistakes=[
                Mistake(N_("The weight and bias are plain tensor attributes: they are not registered, so parameters() "
                           "does not list them and an optimizer never trains them (requires_grad=True is not enough). "
                           "Wrap them: self.weight = nn.Parameter(torch.randn(in_units, units))."),
                        lambda *a: {"parameters": []}),
                Mistake(N_("forward used weight.data (or a detached copy): autograd does not see .data, so the "
                           "parameters get no gradient and never train. Use self.weight and self.bias themselves."),
                        lambda *a: {"weight_grad": None}),
                Mistake(N_("The weight is stored as (units, in_units), nn.Linear's layout: MyLinear's weight is "
                           "(in_units, units) and forward computes x @ weight + bias."),
                        lambda i, u, *_: {"parameters": [["bias", [u]], ["weight", [u, i]]]}),
                Mistake(N_("A ReLU was applied: MyLinear is a plain dense layer like nn.Linear, x @ weight + bias."),
                        lambda *a: my_linear_expected(*a, relu=True)),
            ],
            hint=N_("self.weight = nn.Parameter(torch.randn(in_units, units)); self.bias = "
                    "nn.Parameter(torch.zeros(units)); forward returns torch.matmul(x, self.weight) + self.bias."),
        ),
        property_check(
            id="save_and_load",
            points=10,
            title=N_("save_and_load(model, make_model, folder): state_dict to a file in folder, loaded into a fresh model"),
            function="save_and_load",
            argnames=("seed", "x"),
            oracle=save_and_load_expected,
            probe=probe_save_and_load,
            examples=SAVE_EXAMPLES,
            mistakes=[
                Mistake(N_("No file was written inside folder: build the path with os.path.join(folder, name) (a "
                           "relative name lands in the current directory)."),
                        lambda *a: {"wrote_a_file_in_folder": False}),
                Mistake(N_("The file holds the whole pickled model (torch.save(model, path)), not its state_dict: "
                           "loading such a file runs code from it, and torch.load(..., weights_only=True) refuses it. "
                           "Save model.state_dict()."),
                        lambda *a: {"wrote_a_file_in_folder": True, "file": REFUSED}),
                Mistake(N_("torch.load was called with weights_only=False: that unpickles arbitrary objects (a file "
                           "from a stranger could run code). A state_dict loads with weights_only=True."),
                        lambda *a: {"torch_load": "weights_only=False"}),
                Mistake(N_("load_state_dict returns the missing and unexpected keys, not the model: call "
                           "fresh.load_state_dict(...) and then return fresh."),
                        lambda *a: {"returned": "a _IncompatibleKeys, not an nn.Module"}),
                Mistake(N_("The model you were given was returned: build a fresh one with make_model(), load the file "
                           "into it and return that one."),
                        lambda *a: {"returned": "the model it was given"}),
                Mistake(N_("The running statistics were lost: named_parameters() leaves out the buffers (a BatchNorm's "
                           "running mean and variance); save model.state_dict(), which holds both."),
                        lambda *a: {"file": PARAMETERS_ONLY}),
            ],
            hint=N_("path = os.path.join(folder, 'model.params'); torch.save(model.state_dict(), path); "
                    "fresh = make_model(); fresh.load_state_dict(torch.load(path, weights_only=True)); return fresh."),
        ),
        property_check(
            id="try_device",
            points=4,
            title=N_("try_device(): torch.device('cuda') when torch.cuda.is_available(), else torch.device('cpu')"),
            function="try_device",
            argnames=(),
            oracle=try_device_expected,
            probe=probe_try_device,
            examples=[()],
            mistakes=[
                Mistake(N_("The CPU was returned even with a GPU available: return torch.device('cuda') when "
                           "torch.cuda.is_available()."),
                        lambda: {"with a GPU": "cpu"}),
                Mistake(N_("The GPU was returned on a machine without one: test torch.cuda.is_available() and fall "
                           "back to torch.device('cpu')."),
                        lambda: {"with a GPU": "cuda", "without a GPU": "cuda"}),
            ],
            hint=N_("return torch.device('cuda') if torch.cuda.is_available() else torch.device('cpu')."),
        ),
        property_check(
            id="to_device",
            points=6,
            title=N_("to_device(model, batch, device): the model and the batch both on device"),
            function="to_device",
            argnames=("device",),
            oracle=to_device_expected,
            probe=probe_to_device,
            examples=[("meta",), ("cuda",)],
            mistakes=[
                Mistake(N_("The batch stayed where it was: tensor.to(device) is not in place, it returns a new tensor "
                           "(model.to(device) moves a module in place, a tensor's .to does not). Write "
                           "batch = batch.to(device)."),
                        lambda device: {"model_on_device": True, "batch_on_device": False}),
                Mistake(N_("The model stayed where it was: move it with model.to(device) (or model = model.to(device))."),
                        lambda device: {"model_on_device": False}),
            ],
            hint=N_("model = model.to(device); batch = batch.to(device); return model, batch."),
        ),
    ),
)
