"""hw06: each modelled mistake written the ways learners write it, and correct code written otherwise."""
from tests.lessons.lesson_cases import Case, Variant

# Left out:
# - diagnose_training's "The loss history is empty": training_check answers an empty history with its own
#   NO_LOSSES_HINT before diagnose runs, so the variants below that return no losses use NO_LOSSES_HINT's words.
# - diagnose_training's "The loss became NaN or infinite": not written (time box); nn.BCELoss clamps its logs, so
#   learner code with labels 0.0 / 1.0 hardly reaches it.
# - the runtime-error explanations of autograder/explain.py: hw06's checks have no Mistake for them.

STATS = "    mu = train_x.mean(dim=0)\n    sigma = train_x.std(dim=0)\n"
STANDARDIZE = STATS + "    return (train_x - mu) / sigma, (test_x - mu) / sigma\n"
LAYERS = ("        self.linear1 = nn.Linear(in_features, 16)\n"
          "        self.linear2 = nn.Linear(16, 8)\n"
          "        self.linear3 = nn.Linear(8, 1)\n"
          "        self.activate = nn.ReLU()\n"
          "        self.sigmoid = nn.Sigmoid()\n")
FORWARD = ("        x = self.activate(self.linear1(x))\n"
           "        x = self.activate(self.linear2(x))\n"
           "        return self.sigmoid(self.linear3(x))\n")
MODEL = LAYERS + "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n" + FORWARD
STEP = ("    y_pred = model(x)\n"
        "    loss = loss_fn(y_pred, y)\n"
        "    optimizer.zero_grad()\n"
        "    loss.backward()\n"
        "    optimizer.step()\n"
        "    return loss.item()\n")
TRAIN = ("    model = Model(x.shape[1])\n"
         "    loss_fn = nn.BCELoss()\n"
         "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
         "    y = y.reshape(-1, 1)\n"
         "    losses = []\n"
         "    for epoch in range(epochs):\n"
         "        order = torch.randperm(len(x))\n"
         "        batch_losses = []\n"
         "        for start in range(0, len(x), batch_size):\n"
         "            batch = order[start:start + batch_size]\n"
         "            batch_losses.append(train_step(model, optimizer, loss_fn, x[batch], y[batch]))\n"
         "        losses.append(sum(batch_losses) / len(batch_losses))\n"
         "    return model, losses\n")
BATCH = "            batch_losses.append(train_step(model, optimizer, loss_fn, x[batch], y[batch]))\n"
INLINE = ("            loss = loss_fn(model(x[batch]), y[batch])\n"
          "            optimizer.zero_grad()\n"
          "            loss.backward()\n"
          "            optimizer.step()\n"
          "            batch_losses.append(loss.item())\n")

WRONG = [
    # standardize: the test rows with their own statistics
    Case("test rows with test_x.mean / test_x.std", STANDARDIZE,
         STATS + "    return (train_x - mu) / sigma, (test_x - test_x.mean(dim=0)) / test_x.std(dim=0)\n",
         "standardize", "their own mean and std"),
    Case("a helper that standardises any tensor, called on both", STANDARDIZE,
         "    def scale(t):\n        return (t - t.mean(dim=0)) / t.std(dim=0)\n"
         "    return scale(train_x), scale(test_x)\n", "standardize", "their own mean and std"),
    Case("test_mu, test_sigma computed from test_x", STANDARDIZE,
         STATS + "    test_mu, test_sigma = test_x.mean(0), test_x.std(0)\n"
         "    return (train_x - mu) / sigma, (test_x - test_mu) / test_sigma\n", "standardize",
         "their own mean and std"),
    # standardize: statistics of all rows
    Case("torch.cat of both parts", STANDARDIZE,
         STANDARDIZE.replace(STATS, "    everything = torch.cat([train_x, test_x])\n"
                                    "    mu = everything.mean(dim=0)\n    sigma = everything.std(dim=0)\n"),
         "standardize", "all rows"),
    Case("torch.vstack of both parts", STANDARDIZE,
         STANDARDIZE.replace(STATS, "    all_x = torch.vstack((train_x, test_x))\n"
                                    "    mu, sigma = all_x.mean(0), all_x.std(0)\n"),
         "standardize", "all rows"),
    Case("standardise everything, then split again", STANDARDIZE,
         "    all_x = torch.cat((train_x, test_x), dim=0)\n"
         "    all_s = (all_x - all_x.mean(dim=0)) / all_x.std(dim=0)\n"
         "    return all_s[:len(train_x)], all_s[len(train_x):]\n", "standardize", "all rows"),
    # standardize: one number
    Case("train_x.mean(), train_x.std()", STANDARDIZE, STANDARDIZE.replace(STATS,
         "    mu = train_x.mean()\n    sigma = train_x.std()\n"), "standardize", "each column"),
    Case("torch.mean(train_x), torch.std(train_x)", STANDARDIZE, STANDARDIZE.replace(STATS,
         "    mu = torch.mean(train_x)\n    sigma = torch.std(train_x)\n"), "standardize", "each column"),
    Case("mean().item() and std().item()", STANDARDIZE, STANDARDIZE.replace(STATS,
         "    mu = train_x.mean().item()\n    sigma = train_x.std().item()\n"), "standardize", "each column"),
    # standardize: by rows
    Case("a helper that standardises each row, called on both", STANDARDIZE,
         "    def scale(t):\n        return (t - t.mean(dim=1, keepdim=True)) / t.std(dim=1, keepdim=True)\n"
         "    return scale(train_x), scale(test_x)\n", "standardize", "Each row"),
    Case("torch.mean(t, 1, True) for each part", STANDARDIZE,
         "    train_s = (train_x - torch.mean(train_x, 1, True)) / torch.std(train_x, 1, keepdim=True)\n"
         "    test_s = (test_x - torch.mean(test_x, 1, True)) / torch.std(test_x, 1, keepdim=True)\n"
         "    return train_s, test_s\n", "standardize", "Each row"),
    Case("the last dimension, dim=-1, for each part", STANDARDIZE,
         "    train_s = (train_x - train_x.mean(-1, keepdim=True)) / train_x.std(-1, keepdim=True)\n"
         "    test_s = (test_x - test_x.mean(-1, keepdim=True)) / test_x.std(-1, keepdim=True)\n"
         "    return train_s, test_s\n", "standardize", "Each row"),
    Case("the training rows' row statistics applied to the test rows", STANDARDIZE, STANDARDIZE.replace(STATS,
         "    mu = train_x.mean(dim=1, keepdim=True)\n    sigma = train_x.std(dim=1, keepdim=True)\n"),
         "standardize", "Each row"),
    # standardize: centred only
    Case("sigma computed, never divided by", STANDARDIZE, STATS + "    return train_x - mu, test_x - mu\n",
         "standardize", "centred but not divided"),
    Case("only the mean subtracted", STANDARDIZE,
         "    mu = train_x.mean(dim=0)\n    return train_x - mu, test_x - mu\n", "standardize",
         "centred but not divided"),
    Case("one line, x - x.mean(0) for the train part", STANDARDIZE,
         "    return train_x - train_x.mean(0), test_x - train_x.mean(0)\n", "standardize",
         "centred but not divided"),
    # standardize: changed its arguments in place
    Case("train_x -= mu; train_x /= sigma", STANDARDIZE,
         STATS + "    train_x -= mu\n    train_x /= sigma\n    test_x -= mu\n    test_x /= sigma\n"
         "    return train_x, test_x\n", "standardize", "changed its arguments in place"),
    Case("sub_ and div_", STANDARDIZE,
         STATS + "    return train_x.sub_(mu).div_(sigma), test_x.sub_(mu).div_(sigma)\n", "standardize",
         "changed its arguments in place"),
    Case("train_x[:] = ...", STANDARDIZE,
         STATS + "    train_x[:] = (train_x - mu) / sigma\n    test_x[:] = (test_x - mu) / sigma\n"
         "    return train_x, test_x\n", "standardize", "changed its arguments in place"),
    # Model: hard-coded first layer
    Case("nn.Linear(30, 16), the data's 30", MODEL, MODEL.replace("nn.Linear(in_features, 16)", "nn.Linear(30, 16)"),
         "Model", "in_features"),
    Case("the lecture's diabetes sizes 8 -> 6 -> 4 -> 1", MODEL,
         MODEL.replace("nn.Linear(in_features, 16)", "nn.Linear(8, 6)").replace("nn.Linear(16, 8)", "nn.Linear(6, 4)")
         .replace("nn.Linear(8, 1)", "nn.Linear(4, 1)"), "Model", "in_features"),
    Case("nn.Linear(16, 16): the hidden width as the input size", MODEL,
         MODEL.replace("nn.Linear(in_features, 16)", "nn.Linear(16, 16)"), "Model", "in_features"),
    # Model: forward never calls the layers built in __init__
    Case("forward averages the inputs", FORWARD, "        return self.sigmoid(x.mean(dim=1, keepdim=True))\n",
         "Model", "never calls the layers"),
    Case("forward builds a new nn.Sequential every call", FORWARD,
         "        net = nn.Sequential(nn.Linear(x.shape[1], 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(),\n"
         "                            nn.Linear(8, 1), nn.Sigmoid())\n        return net(x)\n",
         "Model", "never calls the layers"),
    Case("forward makes its layers on the fly", FORWARD,
         "        x = torch.relu(nn.Linear(x.shape[1], 16)(x))\n        x = torch.relu(nn.Linear(16, 8)(x))\n"
         "        return torch.sigmoid(nn.Linear(8, 1)(x))\n", "Model", "never calls the layers"),
    # Model: ReLU after the last Linear
    Case("self.activate around linear3", FORWARD,
         FORWARD.replace("self.sigmoid(self.linear3(x))", "self.sigmoid(self.activate(self.linear3(x)))"),
         "Model", "ReLU after the last Linear"),
    Case("torch.sigmoid(torch.relu(...)) at the end", FORWARD,
         FORWARD.replace("self.sigmoid(self.linear3(x))", "torch.sigmoid(torch.relu(self.linear3(x)))"),
         "Model", "ReLU after the last Linear"),
    Case("a loop applying the activation after every layer", FORWARD,
         "        for layer in [self.linear1, self.linear2, self.linear3]:\n            x = self.activate(layer(x))\n"
         "        return self.sigmoid(x)\n", "Model", "ReLU after the last Linear"),
    # Model: not a probability
    Case("no sigmoid at the end", FORWARD, FORWARD.replace("self.sigmoid(self.linear3(x))", "self.linear3(x)"),
         "Model", "not a probability"),
    Case("tanh instead of sigmoid at the end", FORWARD,
         FORWARD.replace("self.sigmoid(self.linear3(x))", "torch.tanh(self.linear3(x))"), "Model",
         "not a probability"),
    Case("the hidden activation at the end too, no sigmoid", FORWARD,
         FORWARD.replace("self.sigmoid(self.linear3(x))", "self.activate(self.linear3(x))"), "Model",
         "not a probability"),
    # Model: linear
    Case("no activation between the layers", FORWARD,
         "        x = self.linear1(x)\n        x = self.linear2(x)\n        return self.sigmoid(self.linear3(x))\n",
         "Model", "model is linear"),
    Case("the activation's result thrown away", FORWARD,
         "        x = self.linear1(x)\n        self.activate(x)\n        x = self.linear2(x)\n        self.activate(x)\n"
         "        return self.sigmoid(self.linear3(x))\n", "Model", "model is linear"),
    Case("nn.Sequential of Linear layers and one Sigmoid", MODEL,
         "        self.net = nn.Sequential(nn.Linear(in_features, 16), nn.Linear(16, 8), nn.Linear(8, 1), "
         "nn.Sigmoid())\n        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n"
         "        return self.net(x)\n", "Model", "model is linear"),
    # Model: output lost its last dimension
    Case(".squeeze() at the end", FORWARD, FORWARD.replace("self.linear3(x))", "self.linear3(x)).squeeze()"),
         "Model", "lost its last dimension"),
    Case(".view(-1) at the end", FORWARD, FORWARD.replace("self.linear3(x))", "self.linear3(x)).view(-1)"),
         "Model", "lost its last dimension"),
    Case(".flatten() at the end", FORWARD, FORWARD.replace("self.linear3(x))", "self.linear3(x)).flatten()"),
         "Model", "lost its last dimension"),
    # train_step: gradients not cleared
    Case("zero_grad forgotten", STEP, STEP.replace("    optimizer.zero_grad()\n", ""), "train_step", "not cleared"),
    Case("zero_grad without parentheses", STEP, STEP.replace("optimizer.zero_grad()", "optimizer.zero_grad"),
         "train_step", "not cleared"),
    Case("zero_grad commented out", STEP, STEP.replace("    optimizer.zero_grad()\n", "    # optimizer.zero_grad()\n"),
         "train_step", "not cleared"),
    # train_step: parameters never changed
    Case("zero_grad between backward and step", STEP,
         STEP.replace("    optimizer.zero_grad()\n    loss.backward()\n", "    loss.backward()\n    optimizer.zero_grad()\n"),
         "train_step", "never changed"),
    Case("step() forgotten", STEP, STEP.replace("    optimizer.step()\n", ""), "train_step", "never changed"),
    Case("step() before backward()", STEP,
         STEP.replace("    loss.backward()\n    optimizer.step()\n", "    optimizer.step()\n    loss.backward()\n"),
         "train_step", "never changed"),
    # train_step: a tensor returned
    Case("return loss", STEP, STEP.replace("loss.item()", "loss"), "train_step", "Python float"),
    Case("return loss.data", STEP, STEP.replace("loss.item()", "loss.data"), "train_step", "Python float"),
    Case("return loss.detach()", STEP, STEP.replace("loss.item()", "loss.detach()"), "train_step", "Python float"),
    # train_model: no losses recorded (training.NO_LOSSES_HINT)
    Case("the epoch's mean never appended", TRAIN,
         TRAIN.replace("        losses.append(sum(batch_losses) / len(batch_losses))\n", ""), "train_model",
         "Record the loss as you train"),
    Case("the epoch's mean printed, the lecture's way, not recorded", TRAIN,
         TRAIN.replace("        losses.append(sum(batch_losses) / len(batch_losses))\n",
                       "        print(epoch, sum(batch_losses) / len(batch_losses))\n"), "train_model",
         "Record the loss as you train"),
    Case("appended to another list than the one returned", TRAIN,
         TRAIN.replace("    losses = []\n", "    losses = []\n    epoch_losses = []\n").replace(
             "        losses.append(", "        epoch_losses.append("), "train_model", "Record the loss as you train"),
    # train_model: gradients pile up (inline loop without zero_grad)
    Case("inline step without zero_grad", TRAIN, TRAIN.replace(BATCH, INLINE.replace("            optimizer.zero_grad()\n", "")),
         "train_model", "zero_grad"),
    Case("inline step, zero_grad without parentheses", TRAIN,
         TRAIN.replace(BATCH, INLINE.replace("optimizer.zero_grad()", "optimizer.zero_grad")), "train_model",
         "zero_grad"),
    Case("zero_grad once, before the epoch loop", TRAIN,
         TRAIN.replace(BATCH, INLINE.replace("            optimizer.zero_grad()\n", "")).replace(
             "    losses = []\n", "    optimizer.zero_grad()\n    losses = []\n"), "train_model", "zero_grad"),
    # train_model: one class predicted (MSELoss broadcast, labels apart from their inputs)
    Case("MSELoss, labels left (N,)", TRAIN,
         TRAIN.replace("nn.BCELoss()", "nn.MSELoss()").replace("    y = y.reshape(-1, 1)\n", ""), "train_model",
         "broadcasts"),
    Case("torch.nn.MSELoss with y.float(), no reshape", TRAIN,
         TRAIN.replace("nn.BCELoss()", "torch.nn.MSELoss()").replace("    y = y.reshape(-1, 1)\n", "    y = y.float()\n"),
         "train_model", "broadcasts"),
    Case("the lecture's MSELoss(size_average=True), labels (N,)", TRAIN,
         TRAIN.replace("nn.BCELoss()", "nn.MSELoss(size_average=True)").replace("    y = y.reshape(-1, 1)\n", ""),
         "train_model", "broadcasts"),
    Case("labels from another permutation", TRAIN, TRAIN.replace(BATCH,
         "            other = torch.randperm(len(x))[:len(batch)]\n"
         "            batch_losses.append(train_step(model, optimizer, loss_fn, x[batch], y[other]))\n"),
         "train_model", "same indices"),
    Case("x shuffled, y sliced in order", TRAIN, TRAIN.replace(BATCH,
         "            batch_losses.append(train_step(model, optimizer, loss_fn, x[batch],\n"
         "                                           y[start:start + batch_size]))\n"),
         "train_model", "same indices"),
    Case("x and y shuffled with two randperms", TRAIN,
         TRAIN.replace("        order = torch.randperm(len(x))\n",
                       "        x = x[torch.randperm(len(x))]\n        y = y[torch.randperm(len(y))]\n"
                       "        order = torch.arange(len(x))\n"),
         "train_model", "same indices"),
    # train_model: the loss barely fell (a model created again every epoch)
    Case("model created inside the epoch loop", TRAIN,
         TRAIN.replace("    for epoch in range(epochs):\n        order",
                       "    for epoch in range(epochs):\n        model = Model(x.shape[1])\n"
                       "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n        order"),
         "train_model", "created once"),
    Case("model, loss and optimizer built at the top of the epoch", TRAIN,
         "    y = y.reshape(-1, 1)\n    losses = []\n    for epoch in range(epochs):\n"
         "        model = Model(x.shape[1])\n        loss_fn = nn.BCELoss()\n"
         "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
         + TRAIN.split("    for epoch in range(epochs):\n")[1], "train_model", "created once"),
    Case("model and optimizer made after the shuffle, per epoch", TRAIN,
         TRAIN.replace("        batch_losses = []\n", "        batch_losses = []\n        model = Model(x.shape[1])\n"
                       "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"),
         "train_model", "created once"),
    # train_model: still falling (under_trained): defaults too small
    Case("the lecture's lr=0.01 and 20 epochs as defaults", "def train_model(x, y, epochs=50, batch_size=32, lr=0.1):",
         "def train_model(x, y, epochs=20, batch_size=32, lr=0.01):", "train_model", "still falling"),
    Case("the lecture's 10 epochs and lr=0.01 as defaults", "def train_model(x, y, epochs=50, batch_size=32, lr=0.1):",
         "def train_model(x, y, epochs=10, batch_size=32, lr=0.01):", "train_model", "still falling"),
    Case("lr=0.002 as default", "def train_model(x, y, epochs=50, batch_size=32, lr=0.1):",
         "def train_model(x, y, epochs=50, batch_size=32, lr=0.002):", "train_model", "still falling"),
    Case("lr=0.001 hard-coded", TRAIN, TRAIN.replace("lr=lr)", "lr=0.001)"), "train_model", "still falling"),
    # train_model: too few epochs (under_trained)
    Case("epochs=1 as default", "def train_model(x, y, epochs=50, batch_size=32, lr=0.1):",
         "def train_model(x, y, epochs=1, batch_size=32, lr=0.01):", "train_model", "too few epochs"),
    Case("epochs=2 as default, lr=0.01", "def train_model(x, y, epochs=50, batch_size=32, lr=0.1):",
         "def train_model(x, y, epochs=2, batch_size=32, lr=0.01):", "train_model", "too few epochs"),
    Case("a return inside the epoch loop", TRAIN, TRAIN.replace("\n    return model, losses", "\n        return model, losses"),
         "train_model", "too few epochs"),
]

RIGHT = [
    Variant("torch.mean / torch.std with keepdim=True", [(STATS,
            "    mu = torch.mean(train_x, dim=0, keepdim=True)\n    sigma = torch.std(train_x, dim=0, keepdim=True)\n")],
            "standardize"),
    Variant("a loop over the columns, stacked back", [(STANDARDIZE,
            "    train_cols, test_cols = [], []\n"
            "    for j in range(train_x.shape[1]):\n"
            "        mu, sigma = train_x[:, j].mean(), train_x[:, j].std()\n"
            "        train_cols.append((train_x[:, j] - mu) / sigma)\n"
            "        test_cols.append((test_x[:, j] - mu) / sigma)\n"
            "    return torch.stack(train_cols, dim=1), torch.stack(test_cols, dim=1)\n")], "standardize"),
    Variant("the lecture's nn.Sequential with Sigmoid activations and super(Model, self)",
            [("        super().__init__()\n        ### BEGIN SOLUTION\n        self.linear1",
              "        super(Model, self).__init__()\n        ### BEGIN SOLUTION\n        self.linear1"),
             (MODEL, "        self.net = nn.Sequential(nn.Linear(in_features, 16), nn.Sigmoid(), nn.Linear(16, 8),\n"
                     "                                 nn.Sigmoid(), nn.Linear(8, 1), nn.Sigmoid())\n"
                     "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n"
                     "        return self.net(x)\n")], "Model"),
    Variant("the lecture's widths 6 and 4 with torch.relu", [(MODEL,
            "        self.l1 = torch.nn.Linear(in_features, 6)\n        self.l2 = torch.nn.Linear(6, 4)\n"
            "        self.l3 = torch.nn.Linear(4, 1)\n"
            "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n"
            "        x = torch.relu(self.l1(x))\n        x = torch.relu(self.l2(x))\n"
            "        return torch.sigmoid(self.l3(x))\n")], "Model"),
    Variant("model.zero_grad() and float(loss)", [(STEP,
            "    loss = loss_fn(model(x), y)\n    model.zero_grad()\n    loss.backward()\n    optimizer.step()\n"
            "    return float(loss)\n")], "train_step"),
    Variant("a DataLoader over a TensorDataset, as in the lecture", [(TRAIN,
            "    from torch.utils.data import DataLoader, TensorDataset\n"
            "    model = Model(x.shape[1])\n    criterion = torch.nn.BCELoss(reduction='mean')\n"
            "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
            "    loader = DataLoader(TensorDataset(x, y.view(-1, 1)), batch_size=batch_size, shuffle=True)\n"
            "    losses = []\n"
            "    for epoch in range(epochs):\n"
            "        total = 0.0\n"
            "        for i, (inputs, labels) in enumerate(loader, 0):\n"
            "            total += train_step(model, optimizer, criterion, inputs, labels)\n"
            "        losses.append(total / len(loader))\n"
            "    return model, losses\n")], "train_model"),
    Variant("batches in order, no shuffle", [(TRAIN, TRAIN.replace(
            "        order = torch.randperm(len(x))\n", "        order = torch.arange(len(x))\n"))], "train_model"),
    Variant("the lecture's 100 epochs with lr=0.01 as defaults (may stop while still falling)", [(
            "def train_model(x, y, epochs=50, batch_size=32, lr=0.1):",
            "def train_model(x, y, epochs=100, batch_size=32, lr=0.01):")], "train_model"),
]
