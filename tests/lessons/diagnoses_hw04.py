"""hw04: each modelled mistake written the ways learners write it, and correct code written otherwise."""
from tests.lessons.lesson_cases import Case, Variant

# Left out:
# - diagnose_train's "The loss grew or became NaN": a linear model whose loss grows 100-fold over 1000 epochs has
#   infinite or NaN predictions, which training.DIVERGED_HINT names first (the three divergent variants below use
#   its words); no learner code reaches the diagnosis with finite predictions.
# - the runtime-error explanations of autograder/explain.py: hw04's checks have no Mistake for them.

PREPARE = ("    x = torch.tensor(xs, dtype=torch.float32).reshape(-1, 1)\n"
           "    y = torch.tensor(ys, dtype=torch.float32).reshape(-1, 1)\n")
INIT = "        self.linear = nn.Linear(1, 1)\n"
FORWARD = "    def forward(self, x):\n"
RETURN_LINEAR = "        return self.linear(x)\n"
STEP = ("    y_pred = model(x)\n"
        "    loss = loss_fn(y_pred, y)\n"
        "    optimizer.zero_grad()\n"
        "    loss.backward()\n"
        "    optimizer.step()\n"
        "    return loss.item()\n")
TRAIN = ("    model = LinearModel()\n"
         "    loss_fn = nn.MSELoss()\n"
         "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
         "    losses = []\n"
         "    for epoch in range(epochs):\n"
         "        losses.append(train_step(model, optimizer, loss_fn, x, y))\n"
         "    return model, losses\n")
COMPARE = ("    histories = {}\n"
           "    for name in names:\n"
           "        torch.manual_seed(0)\n"
           "        model = LinearModel()\n"
           "        optimizer = getattr(torch.optim, name)(model.parameters(), lr=lr)\n"
           "        loss_fn = nn.MSELoss()\n"
           "        losses = []\n"
           "        for epoch in range(epochs):\n"
           "            losses.append(train_step(model, optimizer, loss_fn, x, y))\n"
           "        histories[name] = losses\n"
           "    return histories\n")


def _inline_train(body: str) -> str:
    """train written with the lecture's inline loop; `body` replaces the loop's body."""
    return ("    model = LinearModel()\n"
            "    criterion = nn.MSELoss()\n"
            "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
            "    losses = []\n"
            "    for epoch in range(epochs):\n" + body + "    return model, losses\n")


LECTURE_BODY = ("        y_pred = model(x)\n"
                "        loss = criterion(y_pred, y)\n"
                "        optimizer.zero_grad()\n"
                "        loss.backward()\n"
                "        optimizer.step()\n"
                "        losses.append(loss.item())\n")

WRONG = [
    # prepare_data: shape (N,)
    Case("no reshape: torch.tensor(xs, dtype=float32)", PREPARE, PREPARE.replace(".reshape(-1, 1)", ""),
         "prepare_data", "shape (N,)"),
    Case("torch.Tensor(xs), the legacy constructor, no reshape", PREPARE,
         "    x = torch.Tensor(xs)\n    y = torch.Tensor(ys)\n", "prepare_data", "shape (N,)"),
    Case("numpy float32 array, then torch.from_numpy", PREPARE,
         "    import numpy as np\n"
         "    x = torch.from_numpy(np.array(xs, dtype=np.float32))\n"
         "    y = torch.from_numpy(np.array(ys, dtype=np.float32))\n", "prepare_data", "shape (N,)"),
    Case("torch.tensor(xs).float() with no reshape", PREPARE,
         "    x = torch.tensor(xs).float()\n    y = torch.tensor(ys).float()\n", "prepare_data", "shape (N,)"),
    # prepare_data: shape (1, N)
    Case("the list wrapped in another list: torch.tensor([xs])", PREPARE,
         "    x = torch.tensor([xs], dtype=torch.float32)\n    y = torch.tensor([ys], dtype=torch.float32)\n",
         "prepare_data", "shape (1, N)"),
    Case(".reshape(1, -1) instead of .reshape(-1, 1)", PREPARE, PREPARE.replace(".reshape(-1, 1)", ".reshape(1, -1)"),
         "prepare_data", "shape (1, N)"),
    Case(".unsqueeze(0) instead of .unsqueeze(1)", PREPARE, PREPARE.replace(".reshape(-1, 1)", ".unsqueeze(0)"),
         "prepare_data", "shape (1, N)"),
    Case(".view(1, len(xs))", PREPARE,
         "    x = torch.tensor(xs, dtype=torch.float32).view(1, len(xs))\n"
         "    y = torch.tensor(ys, dtype=torch.float32).view(1, len(ys))\n", "prepare_data", "shape (1, N)"),
    # prepare_data: int64
    Case("no dtype: torch.tensor(xs).reshape(-1, 1)", PREPARE, PREPARE.replace(", dtype=torch.float32", ""),
         "prepare_data", "int64"),
    Case("a list of one-element lists, as the lecture's x_data, without dtype", PREPARE,
         "    x = torch.tensor([[v] for v in xs])\n    y = torch.tensor([[v] for v in ys])\n",
         "prepare_data", "int64"),
    Case("torch.tensor(xs).view(-1, 1)", PREPARE,
         "    x = torch.tensor(xs).view(-1, 1)\n    y = torch.tensor(ys).view(-1, 1)\n", "prepare_data", "int64"),
    # LinearModel: forward misspelled
    Case("forward misspelled foward", FORWARD, "    def foward(self, x):\n", "LinearModel", "no method named `forward`"),
    Case("forward misspelled forword", FORWARD, "    def forword(self, x):\n", "LinearModel",
         "no method named `forward`"),
    Case("Forward with a capital F", FORWARD, "    def Forward(self, x):\n", "LinearModel",
         "no method named `forward`"),
    # LinearModel: no bias
    Case("nn.Linear(1, 1, bias=False)", INIT, "        self.linear = nn.Linear(1, 1, bias=False)\n",
         "LinearModel", "no bias"),
    Case("nn.Linear(1, 1, False), the bias positional", INIT, "        self.linear = nn.Linear(1, 1, False)\n",
         "LinearModel", "no bias"),
    Case("torch.nn.Linear with keywords and bias=False", INIT,
         "        self.linear = torch.nn.Linear(in_features=1, out_features=1, bias=False)\n",
         "LinearModel", "no bias"),
    # LinearModel: forward returns its input
    Case("forward returns x", RETURN_LINEAR, "        return x\n", "LinearModel", "forward returns its input"),
    Case("forward computes y_pred but returns x", RETURN_LINEAR,
         "        y_pred = self.linear(x)\n        return x\n", "LinearModel", "forward returns its input"),
    Case("forward calls the layer without keeping its output", RETURN_LINEAR,
         "        self.linear(x)\n        return x\n", "LinearModel", "forward returns its input"),
    # LinearModel: detached output
    Case("forward under torch.no_grad()", RETURN_LINEAR,
         "        with torch.no_grad():\n            return self.linear(x)\n", "LinearModel", "detached"),
    Case("forward returns self.linear(x).detach()", RETURN_LINEAR, "        return self.linear(x).detach()\n",
         "LinearModel", "detached"),
    Case("forward returns self.linear(x).data", RETURN_LINEAR, "        return self.linear(x).data\n",
         "LinearModel", "detached"),
    # train_step: parameters never changed
    Case("step() before backward()", STEP,
         STEP.replace("    loss.backward()\n    optimizer.step()\n", "    optimizer.step()\n    loss.backward()\n"),
         "train_step", "never changed"),
    Case("zero_grad() between backward() and step()", STEP,
         STEP.replace("    optimizer.zero_grad()\n    loss.backward()\n", "    loss.backward()\n    optimizer.zero_grad()\n"),
         "train_step", "never changed"),
    Case("optimizer.step() forgotten", STEP, STEP.replace("    optimizer.step()\n", ""), "train_step", "never changed"),
    # train_step: gradients not zeroed
    Case("optimizer.zero_grad() forgotten", STEP, STEP.replace("    optimizer.zero_grad()\n", ""),
         "train_step", "not zeroed"),
    Case("optimizer.zero_grad without the parentheses", STEP,
         STEP.replace("optimizer.zero_grad()", "optimizer.zero_grad"), "train_step", "not zeroed"),
    Case("zero_grad commented out, lecture order", STEP,
         "    y_pred = model(x)\n    loss = loss_fn(y_pred, y)\n    # optimizer.zero_grad()\n"
         "    loss.backward()\n    optimizer.step()\n    return loss.item()\n", "train_step", "not zeroed"),
    # train_step: returns a tensor
    Case("returns the loss tensor", STEP, STEP.replace("loss.item()", "loss"), "train_step", "returned a tensor"),
    Case("returns loss.data", STEP, STEP.replace("loss.item()", "loss.data"), "train_step", "returned a tensor"),
    Case("returns loss.detach()", STEP, STEP.replace("loss.item()", "loss.detach()"), "train_step",
         "returned a tensor"),
    # train: the notebook's x_data / y_data
    Case("train_step on x_data, y_data", TRAIN, TRAIN.replace("loss_fn, x, y)", "loss_fn, x_data, y_data)"),
         "train", "notebook's x_data / y_data"),
    Case("x, y = x_data, y_data at the top of train", TRAIN, "    x, y = x_data, y_data\n" + TRAIN,
         "train", "notebook's x_data / y_data"),
    Case("the lecture's inline loop on x_data / y_data", TRAIN,
         _inline_train(LECTURE_BODY.replace("model(x)", "model(x_data)").replace("y_pred, y)", "y_pred, y_data)")),
         "train", "notebook's x_data / y_data"),
    # train: the training diverged (training.DIVERGED_HINT; the predictions are infinite or NaN before
    # diagnose_train's "The loss grew or became NaN" can be reached)
    Case("epochs given to SGD as its lr (positional)", TRAIN,
         TRAIN.replace("model.parameters(), lr=lr)", "model.parameters(), epochs)"), "train", "learning rate is too high"),
    Case("a learning rate of its own, lr=0.5", TRAIN, TRAIN.replace("lr=lr)", "lr=0.5)"), "train", "learning rate is too high"),
    Case("the lecture's MSELoss(size_average=False) with a hard-coded lr=0.1", TRAIN,
         TRAIN.replace("nn.MSELoss()", "nn.MSELoss(size_average=False)").replace("lr=lr)", "lr=0.1)"),
         "train", "learning rate is too high"),
    # train: loss never changed
    Case("optimizer over a new LinearModel()", TRAIN,
         TRAIN.replace("torch.optim.SGD(model.parameters()", "torch.optim.SGD(LinearModel().parameters()"),
         "train", "never changed"),
    Case("optimizer built before the model is made again", TRAIN,
         TRAIN.replace("    losses = []\n", "    model = LinearModel()\n    losses = []\n"), "train", "never changed"),
    Case("optimizer over a bare nn.Linear(1, 1)", TRAIN,
         TRAIN.replace("torch.optim.SGD(model.parameters()", "torch.optim.SGD(nn.Linear(1, 1).parameters()"),
         "train", "never changed"),
    # train: model rebuilt every epoch
    Case("model, loss and optimizer built inside the epoch loop", TRAIN,
         "    losses = []\n    for epoch in range(epochs):\n"
         "        model = LinearModel()\n        loss_fn = nn.MSELoss()\n"
         "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
         "        losses.append(train_step(model, optimizer, loss_fn, x, y))\n    return model, losses\n",
         "train", "rebuilt every epoch"),
    Case("the lecture's inline loop with model = LinearModel() inside", TRAIN,
         "    criterion = nn.MSELoss()\n    losses = []\n    for epoch in range(epochs):\n"
         "        model = LinearModel()\n"
         "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n" + LECTURE_BODY + "    return model, losses\n",
         "train", "rebuilt every epoch"),
    Case("model built inside the loop, optimizer too, print every 100", TRAIN,
         "    loss_fn = nn.MSELoss()\n    losses = []\n    for epoch in range(epochs):\n"
         "        model = LinearModel()\n"
         "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
         "        l = train_step(model, optimizer, loss_fn, x, y)\n"
         "        if epoch % 100 == 0:\n            print(epoch, l)\n"
         "        losses.append(l)\n    return model, losses\n",
         "train", "rebuilt every epoch"),
    # train: return inside the epoch loop (loss_count_hint, 1 entry)
    Case("return indented into the epoch loop", TRAIN,
         TRAIN.replace("\n    return model, losses", "\n        return model, losses"),
         "train", "`return` inside the epoch loop"),
    Case("the lecture's inline loop, return inside it", TRAIN,
         _inline_train(LECTURE_BODY.replace("        losses.append(loss.item())\n",
                                            "        losses.append(loss.item())\n        return model, losses\n")),
         "train", "`return` inside the epoch loop"),
    Case("print(epoch, l) then return, both in the loop", TRAIN,
         TRAIN.replace("        losses.append(train_step(model, optimizer, loss_fn, x, y))\n    return model, losses\n",
                       "        l = train_step(model, optimizer, loss_fn, x, y)\n        print(epoch, l)\n"
                       "        losses.append(l)\n        return model, losses\n"),
         "train", "`return` inside the epoch loop"),
    # train: fewer epochs than asked (loss_count_hint)
    Case("the lecture's range(100)", TRAIN, TRAIN.replace("range(epochs)", "range(100)"),
         "train", "ran a number of epochs of its own"),
    Case("range(1, epochs)", TRAIN, TRAIN.replace("range(epochs)", "range(1, epochs)"),
         "train", "ran a number of epochs of its own"),
    Case("epochs // 2 with a larger lr", TRAIN,
         TRAIN.replace("range(epochs)", "range(epochs // 2)").replace("lr=lr)", "lr=2 * lr)"),
         "train", "ran a number of epochs of its own"),
    # train: more epochs than asked (loss_count_hint)
    Case("range(epochs + 1)", TRAIN, TRAIN.replace("range(epochs)", "range(epochs + 1)"),
         "train", "not a number of your own"),
    Case("range(5000)", TRAIN, TRAIN.replace("range(epochs)", "range(5000)"), "train", "not a number of your own"),
    Case("a first loss appended before the loop", TRAIN,
         TRAIN.replace("    losses = []\n", "    losses = [loss_fn(model(x), y).item()]\n"),
         "train", "not a number of your own"),
    # compare_optimizers: one list
    Case("losses = [] before the loop over names", COMPARE,
         COMPARE.replace("        losses = []\n", "").replace("    for name in names:\n",
                                                               "    losses = []\n    for name in names:\n"),
         "compare_optimizers", "one list"),
    Case("histories, losses = {}, [] on one line", COMPARE,
         COMPARE.replace("        losses = []\n", "").replace("    histories = {}\n", "    histories, losses = {}, []\n"),
         "compare_optimizers", "one list"),
    Case("one all_losses list for every optimizer", COMPARE,
         COMPARE.replace("        losses = []\n", "").replace("    histories = {}\n", "    histories = {}\n    all_losses = []\n")
         .replace("            losses.append(", "            all_losses.append(").replace("= losses\n", "= all_losses\n"),
         "compare_optimizers", "one list"),
    # compare_optimizers: shared model
    Case("model and seed before the loop", COMPARE,
         COMPARE.replace("        torch.manual_seed(0)\n        model = LinearModel()\n", "").replace(
             "    histories = {}\n", "    histories = {}\n    torch.manual_seed(0)\n    model = LinearModel()\n"),
         "compare_optimizers", "shared one model"),
    Case("model before the loop, seed kept inside", COMPARE,
         COMPARE.replace("        model = LinearModel()\n", "").replace(
             "    histories = {}\n", "    histories = {}\n    model = LinearModel()\n"),
         "compare_optimizers", "shared one model"),
    Case("model = LinearModel() made at the top of the function", COMPARE,
         "    torch.manual_seed(0)\n    model = LinearModel()\n"
         + COMPARE.replace("        torch.manual_seed(0)\n        model = LinearModel()\n", ""),
         "compare_optimizers", "shared one model"),
    # compare_optimizers: always SGD
    Case("torch.optim.SGD whatever the name", COMPARE, COMPARE.replace("getattr(torch.optim, name)", "torch.optim.SGD"),
         "compare_optimizers", "trained with SGD"),
    Case("from torch import optim; optim.SGD", COMPARE,
         "    from torch import optim\n" + COMPARE.replace("getattr(torch.optim, name)", "optim.SGD"),
         "compare_optimizers", "trained with SGD"),
    Case("the optimizer class fixed before the loop", COMPARE,
         COMPARE.replace("    histories = {}\n", "    histories = {}\n    optimizer_class = torch.optim.SGD\n")
         .replace("getattr(torch.optim, name)", "optimizer_class"),
         "compare_optimizers", "trained with SGD"),
    # compare_optimizers: summed loss
    Case("nn.MSELoss(reduction='sum')", COMPARE, COMPARE.replace("nn.MSELoss()", "nn.MSELoss(reduction='sum')"),
         "compare_optimizers", "reduction='sum'"),
    Case("the lecture's nn.MSELoss(size_average=False)", COMPARE,
         COMPARE.replace("nn.MSELoss()", "nn.MSELoss(size_average=False)"), "compare_optimizers", "reduction='sum'"),
    Case("a loss of its own: ((y_pred - y) ** 2).sum()", COMPARE,
         COMPARE.replace("nn.MSELoss()", "lambda y_pred, y: ((y_pred - y) ** 2).sum()"),
         "compare_optimizers", "reduction='sum'"),
    # compare_optimizers: seed once
    Case("torch.manual_seed(0) before the loop", COMPARE,
         COMPARE.replace("        torch.manual_seed(0)\n", "").replace("    histories = {}\n",
                                                                       "    torch.manual_seed(0)\n    histories = {}\n"),
         "compare_optimizers", "ran once"),
    Case("torch.manual_seed(0) after histories = {}", COMPARE,
         COMPARE.replace("        torch.manual_seed(0)\n", "").replace("    histories = {}\n",
                                                                       "    histories = {}\n    torch.manual_seed(0)\n"),
         "compare_optimizers", "ran once"),
    Case("the seed set at the top, for reproducibility, none in the loop", COMPARE,
         "    torch.manual_seed(0)  # reproducible\n" + COMPARE.replace("        torch.manual_seed(0)\n", ""),
         "compare_optimizers", "ran once"),
    # compare_optimizers: return inside the loop
    Case("return histories indented into the loop", COMPARE,
         COMPARE.replace("\n    return histories", "\n        return histories"),
         "compare_optimizers", "Only the first optimizer"),
    Case("return {name: losses} inside the loop", COMPARE,
         COMPARE.replace("        histories[name] = losses\n    return histories\n", "        return {name: losses}\n"),
         "compare_optimizers", "Only the first optimizer"),
    Case("print the last loss then return, inside the loop", COMPARE,
         COMPARE.replace("        histories[name] = losses\n    return histories\n",
                         "        histories[name] = losses\n        print(name, losses[-1])\n        return histories\n"),
         "compare_optimizers", "Only the first optimizer"),
]

RIGHT = [
    Variant("torch.Tensor(xs).view(-1, 1), the legacy float constructor", [(PREPARE,
            "    x = torch.Tensor(xs).view(-1, 1)\n    y = torch.Tensor(ys).view(-1, 1)\n")], "prepare_data"),
    Variant("numpy float32 column, then torch.from_numpy", [(PREPARE,
            "    import numpy as np\n"
            "    x = torch.from_numpy(np.array(xs, dtype=np.float32).reshape(-1, 1))\n"
            "    y = torch.from_numpy(np.array(ys, dtype=np.float32).reshape(-1, 1))\n")], "prepare_data"),
    Variant("the lecture's super(LinearModel, self).__init__() and torch.nn.Linear(1, 1, bias=True)",
            [("        super().__init__()\n", "        super(LinearModel, self).__init__()\n"),
             (INIT, "        self.linear = torch.nn.Linear(1, 1, bias=True)\n")], "LinearModel"),
    Variant("model.zero_grad(), loss_fn(model(x), y), float(loss)", [(STEP,
            "    loss = loss_fn(model(x), y)\n    model.zero_grad()\n    loss.backward()\n    optimizer.step()\n"
            "    return float(loss)\n")], "train_step"),
    Variant("the lecture's inline loop with print(epoch, loss.item())", [(TRAIN, _inline_train(
            "        y_pred = model(x)\n        loss = criterion(y_pred, y)\n        print(epoch, loss.item())\n"
            "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n"
            "        losses.append(loss.item())\n"))], "train"),
    Variant("the lecture's MSELoss(size_average=False) with lr divided by the number of samples", [(TRAIN,
            TRAIN.replace("nn.MSELoss()", "nn.MSELoss(size_average=False)").replace("lr=lr)", "lr=lr / len(x))"))],
            "train"),
    Variant("torch.optim.__dict__[name] and a list comprehension", [(COMPARE,
            "    histories = {}\n    for name in names:\n        torch.manual_seed(0)\n        model = LinearModel()\n"
            "        optimizer = torch.optim.__dict__[name](model.parameters(), lr=lr)\n"
            "        criterion = torch.nn.MSELoss(reduction='mean')\n"
            "        histories[name] = [train_step(model, optimizer, criterion, x, y) for _ in range(epochs)]\n"
            "    return histories\n")], "compare_optimizers"),
    Variant("a while loop over the epochs", [(TRAIN, TRAIN.replace(
            "    for epoch in range(epochs):\n        losses.append(train_step(model, optimizer, loss_fn, x, y))\n",
            "    epoch = 0\n    while epoch < epochs:\n        losses.append(train_step(model, optimizer, loss_fn, x, y))\n"
            "        epoch += 1\n"))], "train"),
]
