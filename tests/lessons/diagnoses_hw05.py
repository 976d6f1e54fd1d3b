"""hw05: each modelled mistake written the ways learners write it, and correct code written otherwise."""
from tests.lessons.lesson_cases import Case, Variant

# Left out:
# - bce's "changed what the grader watches" (by_hand_mistakes): only code that tampers with the grader's watch of
#   torch's calls shows it, which no learner of this course writes.
# - diagnose_train's "The loss became NaN or infinite" and "The loss hardly fell": not written (time box). A NaN
#   loss with nn.BCELoss's clamp and a mean loss at lr 1.0 is hard to reach from learner code, and NaN predictions
#   get training.DIVERGED_HINT first (see "the notebook's bce summed by hand"); a slow run is told "still falling"
#   by under_trained before "hardly fell".
# - the runtime-error explanations of autograder/explain.py: hw05's checks have no Mistake for them.

SIGMOID = "    return 1 / (1 + torch.exp(-z))\n"
BCE = ("    log_p = torch.clamp(torch.log(y_pred), min=-100)\n"
       "    log_not_p = torch.clamp(torch.log(1 - y_pred), min=-100)\n"
       "    return -(y * log_p + (1 - y) * log_not_p).mean()\n")
INIT = "        self.linear = nn.Linear(1, 1)\n"
FORWARD = "    def forward(self, x):\n"
RETURN_SIGMOID = "        return torch.sigmoid(self.linear(x))\n"
MODEL_BODY = (INIT + "        ### END SOLUTION\n\n" + FORWARD + "        ### BEGIN SOLUTION\n" + RETURN_SIGMOID)
TRAIN = ("    model = LogisticModel()\n"
         "    criterion = nn.BCELoss()\n"
         "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
         "    losses = []\n"
         "    for epoch in range(epochs):\n"
         "        y_pred = model(x)\n"
         "        loss = criterion(y_pred, y)\n"
         "        optimizer.zero_grad()\n"
         "        loss.backward()\n"
         "        optimizer.step()\n"
         "        losses.append(loss.item())\n"
         "    return model, losses\n")
BOUNDARY = "    return -b / w\n"
CURVE = ("    xs = torch.linspace(start, stop, steps).reshape(-1, 1)\n"
         "    with torch.no_grad():\n"
         "        ps = model(xs)\n"
         "    return xs, ps\n")


def _loop_bce(term: str, total: str) -> str:
    """bce written with a loop over the samples: `term` is one sample's term, `total` what is returned."""
    return ("    total = 0\n"
            "    for p, t in zip(y_pred, y):\n"
            f"        total = total + {term}\n"
            f"    return {total}\n")


CLAMPED = ("torch.clamp(torch.log(p), min=-100)", "torch.clamp(torch.log(1 - p), min=-100)")

WRONG = [
    # sigmoid: exp(z) / (1 + exp(z)) overflows
    Case("exp(z) / (1 + exp(z))", SIGMOID, "    return torch.exp(z) / (1 + torch.exp(z))\n", "sigmoid", "overflows"),
    Case("e = torch.exp(z); e / (e + 1)", SIGMOID, "    e = torch.exp(z)\n    return e / (e + 1)\n",
         "sigmoid", "overflows"),
    Case("z.exp() / (z.exp() + 1)", SIGMOID, "    return z.exp() / (z.exp() + 1)\n", "sigmoid", "overflows"),
    # sigmoid: sign of the exponent
    Case("1 / (1 + torch.exp(z))", SIGMOID, "    return 1 / (1 + torch.exp(z))\n", "sigmoid", "sign of the exponent"),
    Case("1 / (1 + z.exp())", SIGMOID, "    return 1 / (1 + z.exp())\n", "sigmoid", "sign of the exponent"),
    Case("(1 + torch.exp(z)) ** -1", SIGMOID, "    return (1 + torch.exp(z)) ** -1\n", "sigmoid",
         "sign of the exponent"),
    Case("1.0 / (1.0 + math.e ** z)", SIGMOID, "    import math\n    return 1.0 / (1.0 + math.e ** z)\n", "sigmoid",
         "sign of the exponent"),
    # bce: torch's own loss
    Case("nn.BCELoss()(y_pred, y)", BCE, "    return nn.BCELoss()(y_pred, y)\n", "bce", "Your function calls"),
    Case("torch.nn.functional.binary_cross_entropy", BCE,
         "    return torch.nn.functional.binary_cross_entropy(y_pred, y)\n", "bce", "Your function calls"),
    Case("import torch.nn.functional as F; F.binary_cross_entropy", BCE,
         "    import torch.nn.functional as F\n    return F.binary_cross_entropy(y_pred, y)\n", "bce",
         "Your function calls"),
    Case("a criterion built as in the lecture", BCE,
         "    criterion = torch.nn.BCELoss(size_average=True)\n    return criterion(y_pred, y)\n", "bce",
         "Your function calls"),
    # bce: log(0) not clamped
    Case("no clamp, .mean()", BCE, "    return -(y * torch.log(y_pred) + (1 - y) * torch.log(1 - y_pred)).mean()\n",
         "bce", "clamp each log"),
    Case("no clamp, -torch.mean(...)", BCE,
         "    return -torch.mean(y * torch.log(y_pred) + (1 - y) * torch.log(1 - y_pred))\n", "bce", "clamp each log"),
    Case("no clamp, a loop over the samples", BCE,
         _loop_bce("-(t * torch.log(p) + (1 - t) * torch.log(1 - p))", "total / len(y)"), "bce", "clamp each log"),
    # bce: sign missing
    Case("no minus sign, .mean()", BCE, BCE.replace("    return -(", "    return ("), "bce", "sign is missing"),
    Case("no minus sign, torch.mean(...)", BCE,
         BCE.replace("    return -(y * log_p + (1 - y) * log_not_p).mean()",
                     "    return torch.mean(y * log_p + (1 - y) * log_not_p)"), "bce", "sign is missing"),
    Case("no minus sign, a loop over the samples", BCE,
         _loop_bce(f"t * {CLAMPED[0]} + (1 - t) * {CLAMPED[1]}", "total / len(y)"), "bce", "sign is missing"),
    # bce: sum, not mean
    Case(".sum() instead of .mean()", BCE, BCE.replace(").mean()", ").sum()"), "bce", "takes the mean"),
    Case("-torch.sum(...)", BCE,
         BCE.replace("    return -(y * log_p + (1 - y) * log_not_p).mean()",
                     "    return -torch.sum(y * log_p + (1 - y) * log_not_p)"), "bce", "takes the mean"),
    Case("a loop that adds up and never divides", BCE,
         _loop_bce(f"-(t * {CLAMPED[0]} + (1 - t) * {CLAMPED[1]})", "total"), "bce", "takes the mean"),
    # bce: only the y = 1 term
    Case("-(y * log_p).mean()", BCE, BCE.replace("    return -(y * log_p + (1 - y) * log_not_p).mean()",
                                                  "    return -(y * log_p).mean()"), "bce", "Only the y = 1 term"),
    Case("-torch.mean(y * torch.log(...)) clamped", BCE,
         "    return -torch.mean(y * torch.clamp(torch.log(y_pred), min=-100))\n", "bce", "Only the y = 1 term"),
    Case("a loop with only the y = 1 term", BCE, _loop_bce(f"-t * {CLAMPED[0]}", "total / len(y)"), "bce",
         "Only the y = 1 term"),
    # LogisticModel: logits
    Case("forward returns self.linear(x)", RETURN_SIGMOID, "        return self.linear(x)\n", "LogisticModel",
         "returns the logits"),
    Case("y_pred = self.linear(x); return y_pred", RETURN_SIGMOID,
         "        y_pred = self.linear(x)\n        return y_pred\n", "LogisticModel", "returns the logits"),
    Case("nn.Sigmoid built in __init__ but never called", MODEL_BODY,
         MODEL_BODY.replace(INIT, INIT + "        self.sigmoid = nn.Sigmoid()\n").replace(RETURN_SIGMOID,
                                                                                  "        return self.linear(x)\n"),
         "LogisticModel", "returns the logits"),
    # LogisticModel: no bias
    Case("nn.Linear(1, 1, bias=False)", INIT, "        self.linear = nn.Linear(1, 1, bias=False)\n",
         "LogisticModel", "no bias"),
    Case("nn.Linear(1, 1, False)", INIT, "        self.linear = nn.Linear(1, 1, False)\n", "LogisticModel", "no bias"),
    Case("torch.nn.Linear(in_features=1, out_features=1, bias=False)", INIT,
         "        self.linear = torch.nn.Linear(in_features=1, out_features=1, bias=False)\n", "LogisticModel",
         "no bias"),
    # LogisticModel: no forward
    Case("foward", FORWARD, "    def foward(self, x):\n", "LogisticModel", "no method named `forward`"),
    Case("forwad", FORWARD, "    def forwad(self, x):\n", "LogisticModel", "no method named `forward`"),
    Case("Forward", FORWARD, "    def Forward(self, x):\n", "LogisticModel", "no method named `forward`"),
    # train_logistic: the notebook's x_data / y_data
    Case("model(x_data), criterion(y_pred, y_data)", TRAIN,
         TRAIN.replace("model(x)", "model(x_data)").replace("(y_pred, y)", "(y_pred, y_data)"), "train_logistic",
         "notebook's x_data / y_data"),
    Case("x, y = x_data, y_data first", TRAIN, "    x, y = x_data, y_data\n" + TRAIN, "train_logistic",
         "notebook's x_data / y_data"),
    Case("the lecture's names: y_pred = model(x_data), loss printed", TRAIN,
         TRAIN.replace("model(x)", "model(x_data)").replace("        loss = criterion(y_pred, y)\n",
                                                            "        loss = criterion(y_pred, y_data)\n"
                                                            "        print(epoch, loss.item())\n"),
         "train_logistic", "notebook's x_data / y_data"),
    # train_logistic: outputs are not probabilities
    Case("nn.Linear(1, 1) as the model, with BCEWithLogitsLoss", TRAIN,
         TRAIN.replace("LogisticModel()", "nn.Linear(1, 1)").replace("nn.BCELoss()", "nn.BCEWithLogitsLoss()"),
         "train_logistic", "not probabilities"),
    Case("torch.nn.Linear(1, 1) and F.binary_cross_entropy_with_logits", TRAIN,
         TRAIN.replace("LogisticModel()", "torch.nn.Linear(1, 1)").replace(
             "nn.BCELoss()", "torch.nn.functional.binary_cross_entropy_with_logits"),
         "train_logistic", "not probabilities"),
    Case("nn.Sequential(nn.Linear(1, 1)) and BCEWithLogitsLoss", TRAIN,
         TRAIN.replace("LogisticModel()", "nn.Sequential(nn.Linear(1, 1))").replace("nn.BCELoss()",
                                                                                   "nn.BCEWithLogitsLoss()"),
         "train_logistic", "not probabilities"),
    # train_logistic: summed loss (summed_and_unstable)
    Case("the lecture's nn.BCELoss(size_average=False)", TRAIN,
         TRAIN.replace("nn.BCELoss()", "nn.BCELoss(size_average=False)"), "train_logistic", "summed"),
    Case("nn.BCELoss(reduction='sum')", TRAIN, TRAIN.replace("nn.BCELoss()", "nn.BCELoss(reduction='sum')"),
         "train_logistic", "summed"),
    Case("the notebook's bce summed by hand", TRAIN,
         TRAIN.replace("        loss = criterion(y_pred, y)\n",
                       "        loss = -(y * torch.clamp(torch.log(y_pred), min=-100)\n"
                       "                 + (1 - y) * torch.clamp(torch.log(1 - y_pred), min=-100)).sum()\n"),
         "train_logistic", "summed"),
    # train_logistic: loss never changed
    Case("optimizer over a new LogisticModel()", TRAIN,
         TRAIN.replace("SGD(model.parameters()", "SGD(LogisticModel().parameters()"), "train_logistic",
         "never changed"),
    Case("model made again after the optimizer", TRAIN,
         TRAIN.replace("    losses = []\n", "    model = LogisticModel()\n    losses = []\n"), "train_logistic",
         "never changed"),
    Case("optimizer over a bare nn.Linear(1, 1)", TRAIN,
         TRAIN.replace("SGD(model.parameters()", "SGD(nn.Linear(1, 1).parameters()"), "train_logistic",
         "never changed"),
    # train_logistic: model rebuilt every epoch
    Case("model and optimizer built inside the epoch loop", TRAIN,
         TRAIN.replace("    model = LogisticModel()\n", "").replace(
             "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n", "").replace(
             "        y_pred = model(x)\n", "        model = LogisticModel()\n"
             "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n        y_pred = model(x)\n"),
         "train_logistic", "rebuilt every epoch"),
    Case("model, criterion and optimizer all built inside the loop", TRAIN,
         "    losses = []\n    for epoch in range(epochs):\n        model = LogisticModel()\n"
         "        criterion = nn.BCELoss()\n        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
         + TRAIN.split("    for epoch in range(epochs):\n")[1], "train_logistic", "rebuilt every epoch"),
    Case("model and optimizer made again in the loop, the first ones kept too", TRAIN,
         TRAIN.replace("    for epoch in range(epochs):\n        y_pred = model(x)\n",
                       "    for epoch in range(epochs):\n        model = LogisticModel()\n"
                       "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n        y_pred = model(x)\n"),
         "train_logistic", "rebuilt every epoch"),
    Case("y_pred = LogisticModel()(x) every epoch", TRAIN, TRAIN.replace("y_pred = model(x)",
                                                                       "y_pred = LogisticModel()(x)"),
         "train_logistic", "rebuilt every epoch"),
    # train_logistic: no zero_grad
    Case("optimizer.zero_grad() forgotten", TRAIN, TRAIN.replace("        optimizer.zero_grad()\n", ""),
         "train_logistic", "zero_grad"),
    Case("optimizer.zero_grad without the parentheses", TRAIN,
         TRAIN.replace("optimizer.zero_grad()", "optimizer.zero_grad"), "train_logistic", "zero_grad"),
    Case("zero_grad commented out, the lecture's print kept", TRAIN,
         TRAIN.replace("        optimizer.zero_grad()\n", "        print(epoch, loss.item())\n"
                                                           "        # optimizer.zero_grad()\n"),
         "train_logistic", "zero_grad"),
    # train_logistic: loss history of the wrong length (loss_count_hint)
    Case("the lecture's range(1000)", TRAIN, TRAIN.replace("range(epochs)", "range(1000)"), "train_logistic",
         "not a number of your own"),
    Case("range(epochs + 1)", TRAIN, TRAIN.replace("range(epochs)", "range(epochs + 1)"), "train_logistic",
         "not a number of your own"),
    Case("loss appended before and after the update", TRAIN,
         TRAIN.replace("        optimizer.step()\n", "        optimizer.step()\n"
                                                      "        losses.append(criterion(model(x), y).item())\n"),
         "train_logistic", "not a number of your own"),
    Case("the lecture's range(100)", TRAIN, TRAIN.replace("range(epochs)", "range(100)"), "train_logistic",
         "ran a number of epochs of its own"),
    Case("range(1, epochs)", TRAIN, TRAIN.replace("range(epochs)", "range(1, epochs)"), "train_logistic",
         "ran a number of epochs of its own"),
    Case("loss recorded every 10 epochs", TRAIN,
         TRAIN.replace("        losses.append(loss.item())\n",
                       "        if epoch % 10 == 0:\n            losses.append(loss.item())\n"),
         "train_logistic", "ran a number of epochs of its own"),
    Case("return indented into the loop", TRAIN, TRAIN.replace("\n    return model, losses", "\n        return model, losses"),
         "train_logistic", "`return` inside the epoch loop"),
    Case("print then return, both in the loop", TRAIN,
         TRAIN.replace("        losses.append(loss.item())\n    return model, losses\n",
                       "        losses.append(loss.item())\n        print(epoch, loss.item())\n"
                       "        return model, losses\n"),
         "train_logistic", "`return` inside the epoch loop"),
    Case("return right after optimizer.step()", TRAIN,
         TRAIN.replace("        optimizer.step()\n        losses.append(loss.item())\n    return model, losses\n",
                       "        optimizer.step()\n        losses.append(loss.item())\n        return model, losses\n"),
         "train_logistic", "`return` inside the epoch loop"),
    # train_logistic: the loss history keeps the graph (training.LOSS_GRAPH_HINT)
    Case("losses.append(loss)", TRAIN, TRAIN.replace("losses.append(loss.item())", "losses.append(loss)"),
         "train_logistic", "loss.item()"),
    Case("losses.append(criterion(y_pred, y))", TRAIN,
         TRAIN.replace("losses.append(loss.item())", "losses.append(criterion(y_pred, y))"), "train_logistic",
         "loss.item()"),
    Case("losses += [loss]", TRAIN, TRAIN.replace("losses.append(loss.item())", "losses += [loss]"),
         "train_logistic", "loss.item()"),
    # train_logistic: still falling (under_trained): the lecture's lr=0.01 in place of the lr given
    Case("the lecture's lr=0.01 in place of lr", TRAIN, TRAIN.replace("lr=lr)", "lr=0.01)"), "train_logistic",
         "still falling"),
    Case("lr=0.05 hard-coded", TRAIN, TRAIN.replace("lr=lr)", "lr=0.05)"), "train_logistic", "still falling"),
    Case("lr divided by the number of samples with a mean loss", TRAIN, TRAIN.replace("lr=lr)", "lr=lr / len(x))"),
         "train_logistic", "still falling"),
    # decision_boundary: sign flipped
    Case("b / w", BOUNDARY, "    return b / w\n", "decision_boundary", "sign is flipped"),
    Case("-b / -w", BOUNDARY, "    return -b / -w\n", "decision_boundary", "sign is flipped"),
    Case("x = b / w; return x", BOUNDARY, "    x = b / w\n    return x\n", "decision_boundary", "sign is flipped"),
    # decision_boundary: w and b swapped
    Case("-w / b", BOUNDARY, "    return -w / b\n", "decision_boundary", "swapped"),
    Case("-(w / b)", BOUNDARY, "    return -(w / b)\n", "decision_boundary", "swapped"),
    Case("x = -w / b; return x", BOUNDARY, "    x = -w / b\n    return x\n", "decision_boundary", "swapped"),
    # probability_curve: probabilities require grad
    Case("no torch.no_grad()", CURVE, "    xs = torch.linspace(start, stop, steps).reshape(-1, 1)\n"
         "    ps = model(xs)\n    return xs, ps\n", "probability_curve", "still require grad"),
    Case("model.eval() taken for no_grad", CURVE, "    xs = torch.linspace(start, stop, steps).reshape(-1, 1)\n"
         "    model.eval()\n    ps = model(xs)\n    return xs, ps\n", "probability_curve", "still require grad"),
    Case("no_grad around the grid only", CURVE, "    with torch.no_grad():\n"
         "        xs = torch.linspace(start, stop, steps).reshape(-1, 1)\n    ps = model(xs)\n    return xs, ps\n",
         "probability_curve", "still require grad"),
    # probability_curve: arange for linspace
    Case("torch.arange(start, stop, steps)", CURVE, CURVE.replace("torch.linspace", "torch.arange"),
         "probability_curve", "linspace"),
    Case("numpy's np.arange", CURVE, CURVE.replace(
        "    xs = torch.linspace(start, stop, steps).reshape(-1, 1)\n",
        "    import numpy as np\n    xs = torch.tensor(np.arange(start, stop, steps), dtype=torch.float32).reshape(-1, 1)\n"),
        "probability_curve", "linspace"),
    Case("torch.arange with a step computed from steps", CURVE, CURVE.replace(
        "torch.linspace(start, stop, steps)", "torch.arange(start, stop, (stop - start) / steps)"),
        "probability_curve", "linspace"),
]

STEP = "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n"
ADAM = ("SGD(model.parameters(), lr=lr)", "Adam(model.parameters(), lr=0.01)")  # learns too slowly in 200 epochs

RIGHT = [
    # gradients taken with torch.autograd.grad never add up in .grad: a slow run is told only that it stopped early
    Variant("Adam(lr=0.01), gradients from torch.autograd.grad assigned to .grad", [ADAM, (STEP,
            "        params = list(model.parameters())\n"
            "        for p, g in zip(params, torch.autograd.grad(loss, params)):\n"
            "            p.grad = g\n"
            "        optimizer.step()\n")], "train_logistic"),
    Variant("Adam(lr=0.01), the gradient norm logged with torch.autograd.grad first", [ADAM, (STEP,
            "        norm = torch.stack([g.norm() for g in torch.autograd.grad(loss, list(model.parameters()),\n"
            "                                                                 retain_graph=True)]).norm()\n"
            + STEP)], "train_logistic"),
    Variant("sigmoid as torch.reciprocal(1 + (-z).exp())", [(SIGMOID, "    return torch.reciprocal(1 + (-z).exp())\n")],
            "sigmoid"),
    Variant("bce with .clamp(min=-100) methods and -torch.mean", [(BCE,
            "    a = y * torch.log(y_pred).clamp(min=-100)\n"
            "    b = (1 - y) * torch.log(1 - y_pred).clamp(min=-100)\n"
            "    return -torch.mean(a + b)\n")], "bce"),
    Variant("bce as a loop over the samples, divided by len(y)", [(BCE,
            _loop_bce(f"-(t * {CLAMPED[0]} + (1 - t) * {CLAMPED[1]})", "total / len(y)"))], "bce"),
    Variant("the lecture's super(LogisticModel, self).__init__() and an nn.Sigmoid layer",
            [("        super().__init__()\n", "        super(LogisticModel, self).__init__()\n"),
             (INIT, "        self.linear = torch.nn.Linear(1, 1)\n        self.sigmoid = torch.nn.Sigmoid()\n"),
             (RETURN_SIGMOID, "        return self.sigmoid(self.linear(x))\n")], "LogisticModel"),
    Variant("the lecture's BCELoss(size_average=False), lr divided by the number of samples, print every epoch",
            [(TRAIN, TRAIN.replace("nn.BCELoss()", "nn.BCELoss(size_average=False)").replace(
                "lr=lr)", "lr=lr / len(x))").replace("        optimizer.zero_grad()\n",
                                                      "        print(epoch, loss.item())\n        optimizer.zero_grad()\n")
              .replace("losses.append(loss.item())", "losses.append(loss.item() / len(x))"))], "train_logistic"),
    Variant("F.binary_cross_entropy and model.zero_grad()", [(TRAIN, TRAIN.replace(
            "    criterion = nn.BCELoss()\n", "    criterion = torch.nn.functional.binary_cross_entropy\n").replace(
            "optimizer.zero_grad()", "model.zero_grad()"))], "train_logistic"),
    Variant("decision_boundary as -(b / w), in floats", [(BOUNDARY, "    x = -(float(b) / float(w))\n    return x\n")],
            "decision_boundary"),
    Variant("probability_curve with .detach() and .unsqueeze(1)", [(CURVE,
            "    xs = torch.linspace(start, stop, steps).unsqueeze(1)\n    ps = model(xs).detach()\n"
            "    return xs, ps\n")], "probability_curve"),
]
