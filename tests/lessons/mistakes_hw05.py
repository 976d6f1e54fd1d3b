"""hw05 logistic regression: the classic mistakes of the sigmoid, BCE, the classifier and its training."""

from tests.lessons.lesson_cases import Case

BCE_BODY = ("    log_p = torch.clamp(torch.log(y_pred), min=-100)\n"
            "    log_not_p = torch.clamp(torch.log(1 - y_pred), min=-100)\n"
            "    return -(y * log_p + (1 - y) * log_not_p).mean()")
TRAIN_SETUP = ("    model = LogisticModel()\n"
               "    criterion = nn.BCELoss()\n"
               "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
               "    losses = []\n"
               "    for epoch in range(epochs):\n")
TRAIN_END = ("        losses.append(loss.item())\n"
             "    return model, losses")

MISTAKES = [
    Case("train_logistic trains 100 epochs, whatever it is given", "    for epoch in range(epochs):",
         "    for epoch in range(100):", "train_logistic", "grader asked for"),
    Case("train_logistic learns the notebook's x_data / y_data, not its arguments",
         "        y_pred = model(x)\n        loss = criterion(y_pred, y)",
         "        y_pred = model(x_data)\n        loss = criterion(y_pred, y_data)", "train_logistic",
         "notebook's x_data / y_data"),
    Case("sigmoid as exp(z) / (1 + exp(z)) overflows", "    return 1 / (1 + torch.exp(-z))",
         "    return torch.exp(z) / (1 + torch.exp(z))", "sigmoid", "overflows"),
    Case("sigmoid with exp(z) instead of exp(-z)", "    return 1 / (1 + torch.exp(-z))",
         "    return 1 / (1 + torch.exp(z))", "sigmoid", "sign of the exponent"),
    Case("BCE without clamping log(0)", BCE_BODY,
         "    return -(y * torch.log(y_pred) + (1 - y) * torch.log(1 - y_pred)).mean()", "bce", "clamp each log"),
    Case("BCE without the minus sign", "    return -(y * log_p + (1 - y) * log_not_p).mean()",
         "    return (y * log_p + (1 - y) * log_not_p).mean()", "bce", "sign is missing"),
    Case("BCE summed instead of averaged", "(1 - y) * log_not_p).mean()", "(1 - y) * log_not_p).sum()",
         "bce", "takes the mean"),
    Case("forward returns logits (BCELoss fed logits)", "        return torch.sigmoid(self.linear(x))",
         "        return self.linear(x)", "LogisticModel", "returns the logits"),
    Case("forgot optimizer.zero_grad()", "        optimizer.zero_grad()\n", "", "train_logistic", "zero_grad"),
    Case("model and optimizer rebuilt every epoch", TRAIN_SETUP,
         "    criterion = nn.BCELoss()\n    losses = []\n    for epoch in range(epochs):\n"
         "        model = LogisticModel()\n        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n",
         "train_logistic", "rebuilt every epoch"),
    Case("return inside the epoch loop", TRAIN_END, TRAIN_END.replace("\n    return", "\n        return"),
         "train_logistic", "`return` inside the epoch loop"),
    Case("losses.append(loss) keeps the graph", "        losses.append(loss.item())", "        losses.append(loss)",
         "train_logistic", "loss.item()"),
    Case("boundary b / w instead of -b / w", "    return -b / w", "    return b / w", "decision_boundary",
         "sign is flipped"),
    Case("probabilities computed with grad", "    with torch.no_grad():\n        ps = model(xs)",
         "    ps = model(xs)", "probability_curve", "still require grad"),
    Case("arange instead of linspace", "torch.linspace(start, stop, steps)", "torch.arange(start, stop, steps)",
         "probability_curve", "linspace"),
    # "by hand" means by hand: torch's own loss, by whatever route, loses the check and is named (issue 24)
    Case("bce with nn.BCELoss", "    return -(y * log_p + (1 - y) * log_not_p).mean()",
         "    return torch.nn.BCELoss()(y_pred, y)", "bce", "calls torch.nn.functional.binary_cross_entropy"),
    Case("bce through an alias of the functional loss", "    return -(y * log_p + (1 - y) * log_not_p).mean()",
         "    from torch.nn.functional import binary_cross_entropy as by_hand\n    return by_hand(y_pred, y)", "bce",
         "calls torch.nn.functional.binary_cross_entropy"),
]
