"""hw11 building models: the notes' traps of modules, containers, parameters, custom layers, saving and devices."""

from tests.lessons.lesson_cases import Case

LIST_FORWARD = (
    "        for i, layer in enumerate(self.layers):\n"
    "            x = layer(x)\n"
    "            if i < len(self.layers) - 1:\n"
    "                x = F.relu(x)\n"
    "        return x"
)
SHARED = (
    "        self.shared = nn.Linear(size, size)\n"
    "        ### END SOLUTION\n"
    "\n"
    "    def forward(self, x):\n"
    "        ### BEGIN SOLUTION\n"
    "        return self.shared(F.relu(self.shared(x)))"
)
LOAD = "    clone.load_state_dict(torch.load(path, weights_only=True))\n"

MISTAKES = [
    Case("the MLP's layers built inside forward",
         "        self.hidden = nn.Linear(num_inputs, num_hiddens)\n        self.act = nn.ReLU()\n"
         "        self.output = nn.Linear(num_hiddens, num_outputs)\n        ### END SOLUTION\n\n"
         "    def forward(self, x):\n        ### BEGIN SOLUTION\n        return self.output(self.act(self.hidden(x)))",
         "        self.sizes = (num_inputs, num_hiddens, num_outputs)\n        ### END SOLUTION\n\n"
         "    def forward(self, x):\n        ### BEGIN SOLUTION\n        num_inputs, num_hiddens, num_outputs = self.sizes\n"
         "        hidden = nn.Linear(num_inputs, num_hiddens)\n        output = nn.Linear(num_hiddens, num_outputs)\n"
         "        return output(torch.relu(hidden(x)))", "MLP", "created inside forward"),
    Case("super().__init__() forgotten", "        super().__init__()\n        self.hidden",
         "        self.hidden", "MLP", "super().__init__() was not called"),
    Case("ModuleList called like a module", LIST_FORWARD, "        return self.layers(x)", "ListMLP",
         "ModuleList was called"),
    Case("layers kept in a plain Python list", "self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(",
         "self.layers = ([nn.Linear(a, b) for a, b in zip(", "ListMLP", "plain Python list"),
    Case("the constant weight made an nn.Parameter", "torch.rand((size, size), requires_grad=False)",
         "nn.Parameter(torch.rand((size, size)))", "FancyMLP", "is an nn.Parameter"),
    Case("the norm halved once: if instead of while", "        while x.norm().item() > 1:",
         "        if x.norm().item() > 1:", "FancyMLP", "halved only once"),
    Case("parameter_names from the state_dict",
         "return [(name, tuple(p.shape)) for name, p in net.named_parameters()]",
         "return [(name, tuple(t.shape)) for name, t in net.state_dict().items()]", "parameter_names",
         "state_dict"),
    Case("bias of the wrong shape", "            init.zeros_(m.bias)",
         "            m.bias.data = torch.zeros(m.in_features)", "init_weights", "wrong shape"),
    Case("the shared layer built twice", SHARED,
         "        self.first = nn.Linear(size, size)\n"
         "        self.second = nn.Linear(size, size)\n"
         "        ### END SOLUTION\n"
         "\n"
         "    def forward(self, x):\n"
         "        ### BEGIN SOLUTION\n"
         "        return self.second(F.relu(self.first(x)))", "SharedNet", "built twice"),
    Case("CenteredLayer subtracts a constant", "        return x - x.mean()", "        return x - 2.5",
         "CenteredLayer", "subtracts a constant"),
    Case("dtype= passed to the layer (the notes' slip)", "layer(torch.tensor(values, dtype=torch.float32))",
         "layer(torch.tensor(values), dtype=torch.float)", "center_values", "passed to the layer"),
    Case("MyLinear's parameters kept in plain tensors",
         "        self.weight = nn.Parameter(torch.randn(in_units, units))\n"
         "        self.bias = nn.Parameter(torch.zeros(units))",
         "        self.weight = torch.randn(in_units, units, requires_grad=True)\n"
         "        self.bias = torch.zeros(units, requires_grad=True)", "MyLinear", "plain tensor attributes"),
    Case("the result of load_state_dict returned", LOAD, LOAD.replace("    clone.", "    clone = clone."),
         "save_and_load", "returns the missing and unexpected keys"),
    Case("try_device always the CPU", 'return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")',
         'return torch.device("cpu")', "try_device", "CPU was returned"),
    Case("batch.to(device) without assigning it", "    batch = batch.to(device)", "    batch.to(device)",
         "to_device", "not in place"),
]
