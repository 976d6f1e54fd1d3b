"""hw04 linear regression with nn.Module: the classic mistakes of the four steps."""

from tests.lessons.lesson_cases import Case

PREPARE = ("    x = torch.tensor(xs, dtype=torch.float32).reshape(-1, 1)\n"
           "    y = torch.tensor(ys, dtype=torch.float32).reshape(-1, 1)")
TRAIN_SETUP = ("    model = LinearModel()\n"
               "    loss_fn = nn.MSELoss()\n"
               "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
               "    losses = []\n"
               "    for epoch in range(epochs):\n")
TRAIN_LOOP = ("        losses.append(train_step(model, optimizer, loss_fn, x, y))\n"
              "    return model, losses")
COMPARE_START = ("    histories = {}\n"
                 "    for name in names:\n"
                 "        torch.manual_seed(0)\n"
                 "        model = LinearModel()\n")
COMPARE_LOSSES = ("    for name in names:\n"
                  "        torch.manual_seed(0)\n"
                  "        model = LinearModel()\n"
                  "        optimizer = getattr(torch.optim, name)(model.parameters(), lr=lr)\n"
                  "        loss_fn = nn.MSELoss()\n"
                  "        losses = []\n")

MISTAKES = [
    Case("x with shape (N,) instead of (N, 1)", PREPARE, PREPARE.replace(".reshape(-1, 1)", ""),
         "prepare_data", "shape (N,)"),
    Case("int64 tensors from lists of ints", PREPARE, PREPARE.replace(", dtype=torch.float32", ""),
         "prepare_data", "int64"),
    Case("nn.Linear without a bias", "self.linear = nn.Linear(1, 1)", "self.linear = nn.Linear(1, 1, bias=False)",
         "LinearModel", "no bias"),
    Case("forward misspelled foward", "    def forward(self, x):", "    def foward(self, x):",
         "LinearModel", "no method named `forward`"),
    Case("forgot optimizer.zero_grad()", "    optimizer.zero_grad()\n", "", "train_step", "not zeroed"),
    Case("step() before backward()", "    loss.backward()\n    optimizer.step()",
         "    optimizer.step()\n    loss.backward()", "train_step", "never changed"),
    Case("returns the loss tensor, not loss.item()", "    return loss.item()", "    return loss",
         "train_step", "returned a tensor"),
    Case("model and optimizer rebuilt every epoch", TRAIN_SETUP,
         "    losses = []\n    for epoch in range(epochs):\n"
         "        model = LinearModel()\n        loss_fn = nn.MSELoss()\n"
         "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n",
         "train", "rebuilt every epoch"),
    Case("optimizer over another model's parameters", "torch.optim.SGD(model.parameters(), lr=lr)",
         "torch.optim.SGD(LinearModel().parameters(), lr=lr)", "train", "never changed"),
    Case("train learns the notebook's x_data / y_data, not its arguments", TRAIN_LOOP,
         TRAIN_LOOP.replace("loss_fn, x, y)", "loss_fn, x_data, y_data)"), "train", "notebook's x_data / y_data"),
    Case("return inside the epoch loop", TRAIN_LOOP, TRAIN_LOOP.replace("\n    return", "\n        return"),
         "train", "`return` inside the epoch loop"),
    Case("one model shared by every optimizer", COMPARE_START,
         "    histories = {}\n    torch.manual_seed(0)\n    model = LinearModel()\n"
         "    for name in names:\n        torch.manual_seed(0)\n",
         "compare_optimizers", "shared one model"),
    Case("always SGD, whatever the name", "getattr(torch.optim, name)", "torch.optim.SGD",
         "compare_optimizers", "trained with SGD"),
    Case("MSELoss(reduction='sum')", "        loss_fn = nn.MSELoss()\n", "        loss_fn = nn.MSELoss(reduction='sum')\n",
         "compare_optimizers", "reduction='sum'"),
    Case("one list of losses for every optimizer", COMPARE_LOSSES,
         COMPARE_LOSSES.replace("        losses = []\n", "").replace("    for name", "    losses = []\n    for name"),
         "compare_optimizers", "one list"),
]
