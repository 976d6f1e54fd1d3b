"""Reference solution of hw11, generated from assignments/hw11/hw11.ipynb."""


import os
import tempfile

import torch
from torch import nn
from torch.nn import functional as F
from torch.nn import init

X = torch.rand(2, 20)


class MLP(nn.Module):
    """A multilayer perceptron with one hidden layer.

    MLP(num_inputs, num_hiddens, num_outputs) has exactly two layers with weights, registered in this order:
    self.hidden = nn.Linear(num_inputs, num_hiddens) and self.output = nn.Linear(num_hiddens, num_outputs).
    forward(x): x float (batch, num_inputs) -> output(relu(hidden(x))), float (batch, num_outputs).
    """

    def __init__(self, num_inputs, num_hiddens, num_outputs):
        super().__init__()
        self.hidden = nn.Linear(num_inputs, num_hiddens)
        self.act = nn.ReLU()
        self.output = nn.Linear(num_hiddens, num_outputs)

    def forward(self, x):
        return self.output(self.act(self.hidden(x)))


def mlp_sequential(num_inputs, num_hiddens, num_outputs):
    """The network of MLP as an nn.Sequential.

    Args:
        num_inputs, num_hiddens, num_outputs: ints >= 1.

    Returns:
        nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.ReLU(), nn.Linear(num_hiddens, num_outputs)).
    """
    return nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.ReLU(), nn.Linear(num_hiddens, num_outputs))


class ListMLP(nn.Module):
    """An MLP of any depth built from an nn.ModuleList.

    ListMLP(sizes), sizes a list of at least two ints: self.layers = nn.ModuleList of
    nn.Linear(sizes[i], sizes[i + 1]) for every i, in order, and no other layer with weights.
    forward(x): x float (batch, sizes[0]) -> float (batch, sizes[-1]): each layer in turn, with a ReLU after
    every layer but the last.
    """

    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = F.relu(x)
        return x


class FancyMLP(nn.Module):
    """A model with a constant weight and a while loop on the norm.

    FancyMLP(size): self.rand_weight, a (size, size) tensor drawn with torch.rand that is not trained (not an
    nn.Parameter, requires_grad=False), and self.linear = nn.Linear(size, size), the only parameters.
    forward(x): x float (batch, size) -> a 0-d tensor, computed as above.
    """

    def __init__(self, size=20):
        super().__init__()
        self.rand_weight = torch.rand((size, size), requires_grad=False)
        self.linear = nn.Linear(size, size)

    def forward(self, x):
        x = self.linear(x)
        x = F.relu(torch.mm(x, self.rand_weight) + 1)
        x = self.linear(x)
        while x.norm().item() > 1:
            x = x / 2
        if x.norm().item() < 0.8:
            x = x * 10
        return x.sum()


def parameter_names(net):
    """The trainable parameters of net, by name.

    Args:
        net: an nn.Module.

    Returns:
        a list of (name, shape) pairs in the order of net.named_parameters(), shape a tuple of ints.
    """
    return [(name, tuple(p.shape)) for name, p in net.named_parameters()]


def init_weights(m):
    """Initialises one module in place, for net.apply(init_weights).

    Args:
        m: an nn.Module. If it is an nn.Linear: its weight ~ N(0, 0.01**2) (std 0.01), its bias all 0.
            Any other module is left unchanged.

    Returns:
        None.
    """
    if isinstance(m, nn.Linear):
        init.normal_(m.weight, mean=0.0, std=0.01)
        if m.bias is not None:
            init.zeros_(m.bias)


class SharedNet(nn.Module):
    """One linear layer applied twice.

    SharedNet(size): self.shared = nn.Linear(size, size), its only layer with weights (two parameter tensors in
    all). forward(x): x float (batch, size) -> shared(relu(shared(x))), float (batch, size).
    """

    def __init__(self, size):
        super().__init__()
        self.shared = nn.Linear(size, size)

    def forward(self, x):
        return self.shared(F.relu(self.shared(x)))


class CenteredLayer(nn.Module):
    """A layer without parameters that centres its input.

    forward(x): x float tensor of any shape -> a tensor of the same shape: x minus the mean of all the elements
    of x (so that the output's mean is 0).
    """

    def __init__(self):
        super().__init__()

    def forward(self, x):
        return x - x.mean()


def center_values(values):
    """The numbers passed through a CenteredLayer.

    Args:
        values: a list of Python ints.

    Returns:
        a float32 tensor of shape (len(values),): the values minus their mean.
    """
    layer = CenteredLayer()
    return layer(torch.tensor(values, dtype=torch.float32))


class MyLinear(nn.Module):
    """A dense layer with its own parameters.

    MyLinear(in_units, units): self.weight = nn.Parameter of shape (in_units, units) (drawn with torch.randn),
    self.bias = nn.Parameter of shape (units,), registered in this order, and no other parameter.
    forward(x): x float (batch, in_units) -> x @ weight + bias, float (batch, units).
    """

    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.zeros(units))

    def forward(self, x):
        return torch.matmul(x, self.weight) + self.bias


def save_and_load(model, make_model, folder):
    """A state_dict round trip through a file.

    Args:
        model: an nn.Module whose parameters (and buffers) to save.
        make_model: a function of no arguments that returns a new model of the same architecture.
        folder: the path of an existing folder to write the file in.

    Returns:
        the new model from make_model(), holding the parameters and buffers of model, read back from the file
        with torch.load(..., weights_only=True).
    """
    path = os.path.join(folder, "model.params")
    torch.save(model.state_dict(), path)
    clone = make_model()
    clone.load_state_dict(torch.load(path, weights_only=True))
    return clone


def try_device():
    """torch.device("cuda") if torch.cuda.is_available(), else torch.device("cpu")."""
    return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")


def to_device(model, batch, device):
    """The model and the batch on device.

    Args:
        model: an nn.Module.
        batch: a tensor.
        device: a torch.device.

    Returns:
        a tuple (model, batch): the model with its parameters on device, and the batch tensor on device.
    """
    model = model.to(device)
    batch = batch.to(device)
    return model, batch
