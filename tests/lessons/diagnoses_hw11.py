"""hw11: each modelled mistake written the ways learners write it, and correct code written otherwise."""

from tests.lessons.lesson_cases import Case, Variant

MLP_INIT = (
    "        super().__init__()\n"
    "        self.hidden = nn.Linear(num_inputs, num_hiddens)\n"
    "        self.act = nn.ReLU()\n"
    "        self.output = nn.Linear(num_hiddens, num_outputs)\n"
)
MLP_FORWARD = "        return self.output(self.act(self.hidden(x)))\n"
MLP_BODY = MLP_INIT + "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n" + MLP_FORWARD
SEQ = "    return nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.ReLU(), nn.Linear(num_hiddens, num_outputs))\n"
LIST_INIT = "        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])\n"
LIST_FORWARD = (
    "        for i, layer in enumerate(self.layers):\n"
    "            x = layer(x)\n"
    "            if i < len(self.layers) - 1:\n"
    "                x = F.relu(x)\n"
    "        return x\n"
)
FANCY_WEIGHT = "        self.rand_weight = torch.rand((size, size), requires_grad=False)\n"
FANCY_LOOP = "        while x.norm().item() > 1:\n            x = x / 2\n"
NAMES = "    return [(name, tuple(p.shape)) for name, p in net.named_parameters()]\n"
INIT = (
    "    if isinstance(m, nn.Linear):\n"
    "        init.normal_(m.weight, mean=0.0, std=0.01)\n"
    "        if m.bias is not None:\n"
    "            init.zeros_(m.bias)\n"
)
WEIGHT = "        init.normal_(m.weight, mean=0.0, std=0.01)\n"
BIAS = "            init.zeros_(m.bias)\n"
SHARED = (
    "        self.shared = nn.Linear(size, size)\n"
    "        ### END SOLUTION\n"
    "\n"
    "    def forward(self, x):\n"
    "        ### BEGIN SOLUTION\n"
    "        return self.shared(F.relu(self.shared(x)))\n"
)
CENTER = "        return x - x.mean()\n"
VALUES = "    layer = CenteredLayer()\n    return layer(torch.tensor(values, dtype=torch.float32))\n"
MY_INIT = (
    "        self.weight = nn.Parameter(torch.randn(in_units, units))\n"
    "        self.bias = nn.Parameter(torch.zeros(units))\n"
)
MY_FORWARD = "        return torch.matmul(x, self.weight) + self.bias\n"
MY_BODY = MY_INIT + "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n" + MY_FORWARD
SAVE = (
    '    path = os.path.join(folder, "model.params")\n'
    "    torch.save(model.state_dict(), path)\n"
    "    clone = make_model()\n"
    "    clone.load_state_dict(torch.load(path, weights_only=True))\n"
    "    return clone\n"
)
DEVICE = '    return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")\n'
TO = "    model = model.to(device)\n    batch = batch.to(device)\n    return model, batch\n"


def _mlp(init: str, forward: str) -> str:
    return init + "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n" + forward


def _shared(init: str, forward: str) -> str:
    return init + "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n" + forward


WRONG = [
    # MLP: super().__init__() not called first
    Case("super().__init__() forgotten", MLP_INIT, MLP_INIT.replace("        super().__init__()\n", ""), "MLP",
         "super().__init__() was not called"),
    Case("super().__init__() called after the layers", MLP_INIT,
         MLP_INIT.replace("        super().__init__()\n", "") + "        super().__init__()\n", "MLP",
         "super().__init__() was not called"),
    Case("super(MLP, self).__init__ without the call", MLP_INIT,
         MLP_INIT.replace("super().__init__()", "super(MLP, self).__init__"), "MLP",
         "super().__init__() was not called"),
    # MLP: no Linear layer of its own
    Case("the MLP's layers built inside forward", MLP_BODY,
         _mlp("        super().__init__()\n        self.sizes = (num_inputs, num_hiddens, num_outputs)\n",
              "        num_inputs, num_hiddens, num_outputs = self.sizes\n"
              "        hidden = nn.Linear(num_inputs, num_hiddens)\n        output = nn.Linear(num_hiddens, num_outputs)\n"
              "        return output(torch.relu(hidden(x)))\n"), "MLP", "no Linear layer of its own"),
    Case("the MLP's layers kept in a plain list", MLP_BODY,
         _mlp("        super().__init__()\n"
              "        self.layers = [nn.Linear(num_inputs, num_hiddens), nn.Linear(num_hiddens, num_outputs)]\n",
              "        return self.layers[1](F.relu(self.layers[0](x)))\n"), "MLP", "no Linear layer of its own"),
    Case("the MLP's Sequential built inside forward", MLP_BODY,
         _mlp("        super().__init__()\n        self.num_inputs = num_inputs\n        self.num_hiddens = num_hiddens\n"
              "        self.num_outputs = num_outputs\n",
              "        net = nn.Sequential(nn.Linear(self.num_inputs, self.num_hiddens), nn.ReLU(),\n"
              "                            nn.Linear(self.num_hiddens, self.num_outputs))\n        return net(x)\n"),
         "MLP", "no Linear layer of its own"),
    # MLP: ReLU missing
    Case("MLP without the ReLU", MLP_FORWARD, "        return self.output(self.hidden(x))\n", "MLP",
         "ReLU is missing"),
    Case("MLP's ReLU computed, its input passed on", MLP_FORWARD,
         "        h = self.hidden(x)\n        a = torch.relu(h)\n        return self.output(h)\n", "MLP", "ReLU is missing"),
    Case("MLP step by step, the act forgotten", MLP_FORWARD,
         "        x = self.hidden(x)\n        x = self.output(x)\n        return x\n", "MLP", "ReLU is missing"),
    # MLP: ReLU on the input
    Case("MLP's act applied to the input", MLP_FORWARD, "        return self.output(self.hidden(self.act(x)))\n",
         "MLP", "wrong place"),
    Case("MLP step by step, the act first", MLP_FORWARD,
         "        x = self.act(x)\n        x = self.hidden(x)\n        return self.output(x)\n", "MLP", "wrong place"),
    Case("MLP with torch.relu on the input", MLP_FORWARD, "        return self.output(self.hidden(torch.relu(x)))\n",
         "MLP", "wrong place"),
    # MLP: ReLU on the output
    Case("MLP with a ReLU on the output", MLP_FORWARD,
         "        return self.act(self.output(self.act(self.hidden(x))))\n", "MLP", "applied to the output too"),
    Case("MLP step by step, ReLU after each layer", MLP_FORWARD,
         "        x = self.act(self.hidden(x))\n        x = self.act(self.output(x))\n        return x\n", "MLP",
         "applied to the output too"),
    Case("MLP returns F.relu of the output", MLP_FORWARD,
         "        return F.relu(self.output(F.relu(self.hidden(x))))\n", "MLP", "applied to the output too"),

    # mlp_sequential: a list given to nn.Sequential
    Case("nn.Sequential of a list", SEQ,
         "    return nn.Sequential([nn.Linear(num_inputs, num_hiddens), nn.ReLU(), nn.Linear(num_hiddens, num_outputs)])\n",
         "mlp_sequential", "was given a list"),
    Case("layers list passed without *", SEQ,
         "    layers = [nn.Linear(num_inputs, num_hiddens), nn.ReLU(), nn.Linear(num_hiddens, num_outputs)]\n"
         "    return nn.Sequential(layers)\n", "mlp_sequential", "was given a list"),
    Case("layers appended, then passed as a list", SEQ,
         "    layers = []\n    layers.append(nn.Linear(num_inputs, num_hiddens))\n    layers.append(nn.ReLU())\n"
         "    layers.append(nn.Linear(num_hiddens, num_outputs))\n    net = nn.Sequential(layers)\n    return net\n",
         "mlp_sequential", "was given a list"),
    # mlp_sequential: ReLU missing
    Case("Sequential without the ReLU", SEQ,
         "    return nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.Linear(num_hiddens, num_outputs))\n",
         "mlp_sequential", "ReLU between the two Linear layers is missing"),
    Case("Sequential from an OrderedDict without the ReLU", SEQ,
         "    from collections import OrderedDict\n"
         "    return nn.Sequential(OrderedDict([('hidden', nn.Linear(num_inputs, num_hiddens)),\n"
         "                                      ('output', nn.Linear(num_hiddens, num_outputs))]))\n",
         "mlp_sequential", "ReLU between the two Linear layers is missing"),
    Case("Sequential with add_module, the ReLU forgotten", SEQ,
         "    net = nn.Sequential()\n    net.add_module('hidden', nn.Linear(num_inputs, num_hiddens))\n"
         "    net.add_module('output', nn.Linear(num_hiddens, num_outputs))\n    return net\n",
         "mlp_sequential", "ReLU between the two Linear layers is missing"),

    # ListMLP: the ModuleList called
    Case("ModuleList called like a module", LIST_FORWARD, "        return self.layers(x)\n", "ListMLP",
         "ModuleList was called"),
    Case("ModuleList called, then returned", LIST_FORWARD, "        out = self.layers(x)\n        return out\n",
         "ListMLP", "ModuleList was called"),
    Case("ModuleList called with a ReLU around it", LIST_FORWARD, "        x = F.relu(self.layers(x))\n        return x\n",
         "ListMLP", "ModuleList was called"),
    # ListMLP: plain Python list
    Case("layers in a plain list comprehension", LIST_INIT,
         "        self.layers = [nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]\n", "ListMLP",
         "plain Python list"),
    Case("layers appended to a plain list", LIST_INIT,
         "        self.layers = []\n        for i in range(len(sizes) - 1):\n"
         "            self.layers.append(nn.Linear(sizes[i], sizes[i + 1]))\n", "ListMLP", "plain Python list"),
    Case("layers in a plain list(map(...))", LIST_INIT,
         "        self.layers = list(map(nn.Linear, sizes[:-1], sizes[1:]))\n", "ListMLP", "plain Python list"),
    # ListMLP: ReLU after the last layer
    Case("ReLU after every layer", LIST_FORWARD,
         "        for layer in self.layers:\n            x = F.relu(layer(x))\n        return x\n", "ListMLP",
         "after the last layer too"),
    Case("ReLU condition off by one", LIST_FORWARD, LIST_FORWARD.replace("len(self.layers) - 1", "len(self.layers)"),
         "ListMLP", "after the last layer too"),
    Case("ReLU after every layer, index loop", LIST_FORWARD,
         "        for i in range(len(self.layers)):\n            x = torch.relu(self.layers[i](x))\n        return x\n",
         "ListMLP", "after the last layer too"),
    # ListMLP: return inside the loop
    Case("return inside the loop", LIST_FORWARD,
         LIST_FORWARD.replace("        return x\n", "            return x\n"), "ListMLP", "only the first layer"),
    Case("return inside the loop, plain loop", LIST_FORWARD,
         "        for layer in self.layers[:-1]:\n            x = F.relu(layer(x))\n            return x\n"
         "        return self.layers[-1](x)\n", "ListMLP", "only the first layer"),
    Case("return inside an index loop", LIST_FORWARD,
         "        for i in range(len(self.layers)):\n            x = self.layers[i](x)\n"
         "            if i != len(self.layers) - 1:\n                x = torch.relu(x)\n            return x\n",
         "ListMLP", "only the first layer"),

    # FancyMLP: the constant made an nn.Parameter
    Case("rand_weight an nn.Parameter", FANCY_WEIGHT, "        self.rand_weight = nn.Parameter(torch.rand((size, size)))\n",
         "FancyMLP", "is an nn.Parameter"),
    Case("rand_weight an nn.Parameter with requires_grad=False", FANCY_WEIGHT,
         "        self.rand_weight = nn.Parameter(torch.rand(size, size), requires_grad=False)\n",
         "FancyMLP", "is an nn.Parameter"),
    Case("rand_weight registered with register_parameter", FANCY_WEIGHT,
         "        self.register_parameter('rand_weight', nn.Parameter(torch.rand(size, size)))\n",
         "FancyMLP", "is an nn.Parameter"),
    # FancyMLP: the constant requires grad
    Case("rand_weight with requires_grad=True", FANCY_WEIGHT,
         "        self.rand_weight = torch.rand((size, size), requires_grad=True)\n", "FancyMLP",
         "rand_weight requires grad"),
    Case("rand_weight .requires_grad_()", FANCY_WEIGHT,
         "        self.rand_weight = torch.rand(size, size).requires_grad_()\n", "FancyMLP",
         "rand_weight requires grad"),
    Case("rand_weight.requires_grad set to True", FANCY_WEIGHT,
         "        self.rand_weight = torch.rand(size, size)\n        self.rand_weight.requires_grad = True\n",
         "FancyMLP", "rand_weight requires grad"),
    # FancyMLP: halved once
    Case("if instead of while", FANCY_LOOP, "        if x.norm().item() > 1:\n            x = x / 2\n", "FancyMLP",
         "halved only once"),
    Case("if with /= 2", FANCY_LOOP, "        if x.norm() > 1:\n            x /= 2\n", "FancyMLP", "halved only once"),
    Case("a conditional expression halves once", FANCY_LOOP,
         "        x = x / 2 if x.norm().item() > 1 else x\n", "FancyMLP", "halved only once"),

    # parameter_names: the state_dict
    Case("parameter_names from the state_dict", NAMES,
         "    return [(name, tuple(t.shape)) for name, t in net.state_dict().items()]\n", "parameter_names",
         "state_dict"),
    Case("parameter_names in a loop over the state_dict", NAMES,
         "    result = []\n    for k, v in net.state_dict().items():\n        result.append((k, tuple(v.size())))\n"
         "    return result\n", "parameter_names", "state_dict"),
    Case("parameter_names from the state_dict's keys", NAMES,
         "    sd = net.state_dict()\n    return [(k, tuple(sd[k].shape)) for k in sd.keys()]\n", "parameter_names",
         "state_dict"),

    # init_weights: weights not initialised
    Case("weight line forgotten", WEIGHT, "", "init_weights", "weights were not initialised"),
    Case("torch.normal not assigned", WEIGHT, "        torch.normal(0, 0.01, size=m.weight.shape)\n",
         "init_weights", "weights were not initialised"),
    Case("a copy of the weight initialised", WEIGHT,
         "        w = m.weight.clone()\n        init.normal_(w, mean=0.0, std=0.01)\n", "init_weights",
         "weights were not initialised"),
    # init_weights: biases not zeroed
    Case("bias line forgotten", INIT, INIT.replace("        if m.bias is not None:\n" + BIAS, ""), "init_weights",
         "biases were not set to 0"),
    Case("torch.zeros_like not assigned", BIAS, "            torch.zeros_like(m.bias)\n", "init_weights",
         "biases were not set to 0"),
    Case("zero_ without its parentheses", BIAS, "            m.bias.data.zero_\n", "init_weights",
         "biases were not set to 0"),
    # init_weights: a constant other than 0
    Case("bias constant 0.01", BIAS, "            init.constant_(m.bias, 0.01)\n", "init_weights",
         "a constant other than 0"),
    Case("bias ones", BIAS, "            init.ones_(m.bias)\n", "init_weights", "a constant other than 0"),
    Case("bias filled with 1", BIAS, "            m.bias.data.fill_(1)\n", "init_weights", "a constant other than 0"),
    # init_weights: weight and bias swapped
    Case("weight zeroed, bias normal", INIT,
         "    if isinstance(m, nn.Linear):\n        init.zeros_(m.weight)\n        init.normal_(m.bias, mean=0.0, std=0.01)\n",
         "init_weights", "weight and the bias are swapped"),
    Case("weight zeroed, bias normal with .data", INIT,
         "    if type(m) == nn.Linear:\n        m.weight.data.zero_()\n        m.bias.data.normal_(0, 0.01)\n",
         "init_weights", "weight and the bias are swapped"),
    Case("weight and bias swapped, positional arguments", INIT,
         "    if isinstance(m, nn.Linear):\n        init.normal_(m.bias, 0, 0.01)\n        init.constant_(m.weight, 0)\n",
         "init_weights", "weight and the bias are swapped"),
    # init_weights: std 1
    Case("init.normal_ without std", WEIGHT, "        init.normal_(m.weight)\n", "init_weights", "standard deviation is 1"),
    Case("normal_() on .data", WEIGHT, "        m.weight.data.normal_()\n", "init_weights", "standard deviation is 1"),
    Case("weight replaced by randn", WEIGHT, "        m.weight.data = torch.randn(m.weight.shape)\n", "init_weights",
         "standard deviation is 1"),
    # init_weights: bias of the wrong shape
    Case("bias of in_features zeros in .data", BIAS, "            m.bias.data = torch.zeros(m.in_features)\n",
         "init_weights", "wrong shape"),
    Case("bias a new Parameter of in_features", BIAS, "            m.bias = nn.Parameter(torch.zeros(m.in_features))\n",
         "init_weights", "wrong shape"),
    Case("bias zeros of the weight's second side", BIAS,
         "            m.bias.data = torch.zeros(m.weight.shape[1])\n", "init_weights", "wrong shape"),
    # init_weights: a BatchNorm's weight too
    Case("parameters picked by their name", INIT,
         "    for name, param in m.named_parameters(recurse=False):\n        if 'weight' in name:\n"
         "            init.normal_(param, mean=0.0, std=0.01)\n        if 'bias' in name:\n            init.zeros_(param)\n",
         "init_weights", "BatchNorm's weight was changed"),
    Case("any module with a weight", INIT,
         "    if hasattr(m, 'weight') and m.weight is not None:\n        init.normal_(m.weight, mean=0.0, std=0.01)\n"
         "    if hasattr(m, 'bias') and m.bias is not None:\n        init.zeros_(m.bias)\n",
         "init_weights", "BatchNorm's weight was changed"),
    Case("Linear and BatchNorm both initialised", INIT,
         INIT.replace("isinstance(m, nn.Linear)", "isinstance(m, (nn.Linear, nn.BatchNorm1d))"),
         "init_weights", "BatchNorm's weight was changed"),

    # SharedNet: built twice
    Case("the shared layer built twice", SHARED,
         _shared("        self.first = nn.Linear(size, size)\n        self.second = nn.Linear(size, size)\n",
                 "        return self.second(F.relu(self.first(x)))\n"), "SharedNet", "built twice"),
    Case("shared and shared2", SHARED,
         _shared("        self.shared = nn.Linear(size, size)\n        self.shared2 = nn.Linear(size, size)\n",
                 "        x = F.relu(self.shared(x))\n        return self.shared2(x)\n"), "SharedNet", "built twice"),
    Case("SharedNet as a Sequential of two Linears", SHARED,
         _shared("        self.net = nn.Sequential(nn.Linear(size, size), nn.ReLU(), nn.Linear(size, size))\n",
                 "        return self.net(x)\n"), "SharedNet", "built twice"),
    # SharedNet: no parameters
    Case("the shared layer built inside forward", SHARED,
         _shared("        self.size = size\n",
                 "        shared = nn.Linear(self.size, self.size)\n        return shared(F.relu(shared(x)))\n"),
         "SharedNet", "has no parameters"),
    Case("the shared layer built from x's size in forward", SHARED,
         _shared("        pass\n",
                 "        layer = nn.Linear(x.shape[1], x.shape[1])\n        x = F.relu(layer(x))\n"
                 "        return layer(x)\n"), "SharedNet", "has no parameters"),
    Case("the shared layer kept in a plain list", SHARED,
         _shared("        self.layers = [nn.Linear(size, size)]\n",
                 "        shared = self.layers[0]\n        return shared(F.relu(shared(x)))\n"),
         "SharedNet", "has no parameters"),

    # CenteredLayer: a constant
    Case("CenteredLayer subtracts 2.5", CENTER, "        return x - 2.5\n", "CenteredLayer", "subtracts a constant"),
    Case("CenteredLayer subtracts the example's mean", CENTER,
         "        return x - torch.tensor([1.0, 2.0, 3.0, 4.0]).mean()\n", "CenteredLayer", "subtracts a constant"),
    Case("CenteredLayer subtracts the notebook's X.mean()", CENTER, "        return x - X.mean()\n", "CenteredLayer",
         "subtracts a constant"),
    # CenteredLayer: each row
    Case("mean over the last dim", CENTER, "        return x - x.mean(dim=-1, keepdim=True)\n", "CenteredLayer",
         "each row was centred"),
    Case("numpy-style axis, keepdims", CENTER, "        return x - x.mean(axis=-1, keepdims=True)\n",
         "CenteredLayer", "each row was centred"),
    Case("torch.mean over the last dim", CENTER,
         "        return x - torch.mean(x, dim=x.dim() - 1, keepdim=True)\n", "CenteredLayer", "each row was centred"),

    # center_values: dtype passed to the layer
    Case("dtype= passed to the layer (the notes' slip)", VALUES,
         "    layer = CenteredLayer()\n    return layer(torch.tensor(values), dtype=torch.float)\n", "center_values",
         "passed to the layer"),
    Case("dtype= passed to the layer, one line", VALUES,
         "    return CenteredLayer()(torch.tensor(values), dtype=torch.float32)\n", "center_values",
         "passed to the layer"),
    Case("dtype= passed to the layer with as_tensor", VALUES,
         "    layer = CenteredLayer()\n    y = layer(torch.as_tensor(values), dtype=torch.float)\n    return y\n",
         "center_values", "passed to the layer"),
    # center_values: integers
    Case("tensor of Python ints", VALUES, "    layer = CenteredLayer()\n    return layer(torch.tensor(values))\n",
         "center_values", "holds integers"),
    Case("LongTensor of the values", VALUES,
         "    layer = CenteredLayer()\n    return layer(torch.LongTensor(values))\n", "center_values",
         "holds integers"),
    Case("tensor from a numpy array of ints", VALUES,
         "    import numpy as np\n    return CenteredLayer()(torch.from_numpy(np.array(values)))\n",
         "center_values", "holds integers"),

    # MyLinear: plain tensors
    Case("MyLinear's parameters plain tensors with requires_grad", MY_INIT,
         "        self.weight = torch.randn(in_units, units, requires_grad=True)\n"
         "        self.bias = torch.zeros(units, requires_grad=True)\n", "MyLinear", "plain tensor attributes"),
    Case("MyLinear's parameters plain tensors", MY_INIT,
         "        self.weight = torch.randn(in_units, units)\n        self.bias = torch.zeros(units)\n",
         "MyLinear", "plain tensor attributes"),
    Case("MyLinear's parameters .requires_grad_()", MY_INIT,
         "        self.weight = torch.randn(in_units, units).requires_grad_()\n"
         "        self.bias = torch.randn(units).requires_grad_()\n", "MyLinear", "plain tensor attributes"),
    # MyLinear: .data in forward
    Case("forward with .data", MY_FORWARD, "        return torch.matmul(x, self.weight.data) + self.bias.data\n",
         "MyLinear", "weight.data"),
    Case("forward with weight.detach()", MY_FORWARD, "        return x @ self.weight.detach() + self.bias\n",
         "MyLinear", "weight.data"),
    Case("forward with torch.mm on .data", MY_FORWARD,
         "        linear = torch.mm(x, self.weight.data) + self.bias.data\n        return linear\n",
         "MyLinear", "weight.data"),
    # MyLinear: nn.Linear's layout
    Case("weight (units, in_units), transposed in forward", MY_BODY,
         MY_BODY.replace("torch.randn(in_units, units)", "torch.randn(units, in_units)").replace(
             "torch.matmul(x, self.weight)", "torch.matmul(x, self.weight.T)"), "MyLinear", "nn.Linear's layout"),
    Case("weight (units, in_units) with F.linear", MY_BODY,
         MY_BODY.replace("torch.randn(in_units, units)", "torch.randn(units, in_units)").replace(
             "torch.matmul(x, self.weight) + self.bias", "F.linear(x, self.weight, self.bias)"), "MyLinear",
         "nn.Linear's layout"),
    Case("weight (units, in_units) with .t()", MY_BODY,
         MY_BODY.replace("torch.randn(in_units, units)", "torch.randn(units, in_units)").replace(
             "torch.matmul(x, self.weight)", "x.mm(self.weight.t())"), "MyLinear", "nn.Linear's layout"),
    # MyLinear: a ReLU (d2l's MyLinear has one)
    Case("MyLinear with F.relu (d2l's version)", MY_FORWARD,
         "        linear = torch.matmul(x, self.weight) + self.bias\n        return F.relu(linear)\n", "MyLinear",
         "a relu was applied"),
    Case("MyLinear with torch.relu", MY_FORWARD, "        return torch.relu(x @ self.weight + self.bias)\n",
         "MyLinear", "a relu was applied"),
    Case("MyLinear clamped at 0", MY_FORWARD, "        return (torch.mm(x, self.weight) + self.bias).clamp(min=0)\n",
         "MyLinear", "a relu was applied"),

    # save_and_load: no file in folder
    Case("a relative file name", SAVE, SAVE.replace('os.path.join(folder, "model.params")', '"model.params"'),
         "save_and_load", "no file was written inside folder"),
    Case("folder + name without a separator", SAVE,
         SAVE.replace('os.path.join(folder, "model.params")', 'folder + "model.params"'), "save_and_load",
         "no file was written inside folder"),
    Case("an f-string without a separator", SAVE,
         SAVE.replace('os.path.join(folder, "model.params")', 'f"{folder}mlp.params"'), "save_and_load",
         "no file was written inside folder"),
    # save_and_load: the whole model pickled
    Case("torch.save(model, path), loaded into the clone", SAVE,
         SAVE.replace("torch.save(model.state_dict(), path)", "torch.save(model, path)"), "save_and_load",
         "whole pickled model"),
    Case("torch.save(model, path), loaded as a model", SAVE,
         '    path = os.path.join(folder, "model.pt")\n    torch.save(model, path)\n'
         "    clone = make_model()\n    clone.load_state_dict(torch.load(path, weights_only=True).state_dict())\n"
         "    return clone\n", "save_and_load", "whole pickled model"),
    Case("a dict holding the model saved", SAVE,
         SAVE.replace("torch.save(model.state_dict(), path)", "torch.save({'model': model}, path)").replace(
             "torch.load(path, weights_only=True)", "torch.load(path, weights_only=True)['model'].state_dict()"),
         "save_and_load", "whole pickled model"),
    # save_and_load: weights_only=False
    Case("weights_only=False", SAVE, SAVE.replace("weights_only=True", "weights_only=False"), "save_and_load",
         "weights_only=False"),
    Case("weights_only=False with map_location", SAVE,
         SAVE.replace("torch.load(path, weights_only=True)", "torch.load(path, map_location='cpu', weights_only=False)"),
         "save_and_load", "weights_only=False"),
    Case("weights_only=False on an open file", SAVE,
         SAVE.replace("    clone.load_state_dict(torch.load(path, weights_only=True))\n",
                      "    with open(path, 'rb') as f:\n        state = torch.load(f, weights_only=False)\n"
                      "    clone.load_state_dict(state)\n"), "save_and_load", "weights_only=False"),
    # save_and_load: load_state_dict's result returned
    Case("clone = clone.load_state_dict(...)", SAVE, SAVE.replace("    clone.load_state_dict", "    clone = clone.load_state_dict"),
         "save_and_load", "returns the missing and unexpected keys"),
    Case("return clone.load_state_dict(...)", SAVE,
         SAVE.replace("    clone.load_state_dict(torch.load(path, weights_only=True))\n    return clone\n",
                      "    return clone.load_state_dict(torch.load(path, weights_only=True))\n"),
         "save_and_load", "returns the missing and unexpected keys"),
    Case("make_model().load_state_dict(...) chained", SAVE,
         SAVE.replace("    clone = make_model()\n    clone.load_state_dict(torch.load(path, weights_only=True))\n",
                      "    clone = make_model().load_state_dict(torch.load(path, weights_only=True))\n"),
         "save_and_load", "returns the missing and unexpected keys"),
    # save_and_load: the given model returned
    Case("loaded back into the given model", SAVE,
         SAVE.replace("    clone = make_model()\n    clone.load_state_dict", "    model.load_state_dict").replace(
             "    return clone\n", "    return model\n"), "save_and_load", "model you were given was returned"),
    Case("the given model returned, the clone unused", SAVE, SAVE.replace("    return clone\n", "    return model\n"),
         "save_and_load", "model you were given was returned"),
    Case("clone = model", SAVE, SAVE.replace("clone = make_model()", "clone = model"), "save_and_load",
         "model you were given was returned"),
    # save_and_load: parameters only
    Case("named_parameters saved, loaded with strict=False", SAVE,
         SAVE.replace("torch.save(model.state_dict(), path)", "torch.save(dict(model.named_parameters()), path)").replace(
             "weights_only=True))", "weights_only=True), strict=False)"), "save_and_load",
         "running statistics were lost"),
    Case("a dict comprehension of the parameters", SAVE,
         SAVE.replace("torch.save(model.state_dict(), path)",
                      "params = {name: p.detach() for name, p in model.named_parameters()}\n    torch.save(params, path)"
                      ).replace("weights_only=True))", "weights_only=True), strict=False)"),
         "save_and_load", "running statistics were lost"),
    Case("parameters copied one by one", SAVE,
         SAVE.replace("torch.save(model.state_dict(), path)",
                      "torch.save({k: v.data for k, v in model.named_parameters()}, path)").replace(
             "    clone.load_state_dict(torch.load(path, weights_only=True))\n",
             "    saved = torch.load(path, weights_only=True)\n    with torch.no_grad():\n"
             "        for name, p in clone.named_parameters():\n            p.copy_(saved[name])\n"),
         "save_and_load", "running statistics were lost"),

    # try_device: always the CPU
    Case("try_device always the CPU", DEVICE, '    return torch.device("cpu")\n', "try_device", "CPU was returned"),
    Case("try_device checks Apple's mps", DEVICE,
         '    return torch.device("mps") if torch.backends.mps.is_available() else torch.device("cpu")\n',
         "try_device", "CPU was returned"),
    Case("try_device wants more than one GPU", DEVICE,
         '    if torch.cuda.device_count() > 1:\n        return torch.device("cuda:0")\n    return torch.device("cpu")\n',
         "try_device", "CPU was returned"),
    # try_device: always the GPU
    Case("is_available without its parentheses", DEVICE,
         '    return torch.device("cuda" if torch.cuda.is_available else "cpu")\n', "try_device",
         "GPU was returned on a machine without one"),
    Case("try_device always cuda", DEVICE, '    return torch.device("cuda")\n', "try_device",
         "GPU was returned on a machine without one"),
    Case("try_device always cuda:0", DEVICE, '    return torch.device("cuda:0")\n', "try_device",
         "GPU was returned on a machine without one"),

    # to_device: the batch stays
    Case("batch.to(device) without assigning it", TO, TO.replace("    batch = batch.to(device)", "    batch.to(device)"),
         "to_device", "not in place"),
    Case("neither assigned", TO, "    model.to(device)\n    batch.to(device)\n    return model, batch\n", "to_device",
         "not in place"),
    Case("only the model moved", TO, "    return model.to(device), batch\n", "to_device", "not in place"),
    # to_device: the model stays
    Case("only the batch moved", TO, "    batch = batch.to(device)\n    return model, batch\n", "to_device",
         "model stayed where it was"),
    Case("each parameter rebound to a moved copy", TO,
         "    for p in model.parameters():\n        p = p.to(device)\n    batch = batch.to(device)\n"
         "    return model, batch\n", "to_device", "model stayed where it was"),
    Case("each parameter's .data moved, not assigned", TO,
         "    for param in model.parameters():\n        param.data.to(device)\n"
         "    return model, batch.to(device)\n", "to_device", "model stayed where it was"),
]

RIGHT = [
    Variant("MLP in the lecture's style: super(MLP, self), F.relu, step by step",
            [(MLP_BODY, _mlp("        super(MLP, self).__init__()\n"
                             "        self.hidden = nn.Linear(num_inputs, num_hiddens)\n"
                             "        self.output = nn.Linear(num_hiddens, num_outputs)\n",
                             "        x = F.relu(self.hidden(x))\n        x = self.output(x)\n        return x\n"))],
            "MLP"),
    Variant("mlp_sequential from a list unpacked with *",
            [(SEQ, "    layers = [nn.Linear(num_inputs, num_hiddens), nn.ReLU()]\n"
                   "    layers.append(nn.Linear(num_hiddens, num_outputs))\n    return nn.Sequential(*layers)\n")],
            "mlp_sequential"),
    Variant("ListMLP: ModuleList appended to, ReLU unless the layer is the last",
            [(LIST_INIT, "        self.layers = nn.ModuleList()\n        for i in range(len(sizes) - 1):\n"
                         "            self.layers.append(nn.Linear(sizes[i], sizes[i + 1]))\n"),
             (LIST_FORWARD, "        for layer in self.layers[:-1]:\n            x = torch.relu(layer(x))\n"
                            "        return self.layers[-1](x)\n")], "ListMLP"),
    Variant("init_weights with type() and .data methods",
            [(INIT, "    if type(m) == nn.Linear:\n        m.weight.data.normal_(0, 0.01)\n        m.bias.data.fill_(0)\n")],
            "init_weights"),
    Variant("init_weights with torch.nn.init and constant_ 0",
            [(INIT, "    if isinstance(m, torch.nn.Linear):\n        torch.nn.init.normal_(m.weight, std=0.01)\n"
                    "        torch.nn.init.constant_(m.bias, 0)\n")], "init_weights"),
    Variant("MyLinear with torch.mm and randn bias",
            [(MY_BODY, MY_BODY.replace("torch.zeros(units)", "torch.randn(units)").replace(
                "torch.matmul(x, self.weight) + self.bias", "torch.mm(x, self.weight) + self.bias"))], "MyLinear"),
    Variant("center_values with torch.FloatTensor",
            [(VALUES, "    return CenteredLayer()(torch.FloatTensor(values))\n")], "center_values"),
    Variant("save_and_load with a .pt name and map_location",
            [(SAVE, '    path = os.path.join(folder, "mlp.pt")\n    torch.save(model.state_dict(), path)\n'
                    "    state = torch.load(path, map_location='cpu', weights_only=True)\n"
                    "    new_model = make_model()\n    new_model.load_state_dict(state)\n    return new_model\n")],
            "save_and_load"),
    Variant("to_device in one return",
            [(TO, "    return model.to(device), batch.to(device)\n")], "to_device"),
]
