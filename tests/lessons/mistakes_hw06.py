"""hw06 multi-feature input: leaking test statistics, a linear stack, a missing sigmoid, hard-coded sizes,
uncleared gradients, labels of the wrong shape or shuffled apart from their inputs."""

from tests.lessons.lesson_cases import Case

STATS = "    mu = train_x.mean(dim=0)\n    sigma = train_x.std(dim=0)\n"
RETURN = "    return (train_x - mu) / sigma, (test_x - mu) / sigma"
FORWARD = ("        x = self.activate(self.linear1(x))\n"
           "        x = self.activate(self.linear2(x))\n"
           "        return self.sigmoid(self.linear3(x))")
STEP = "    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n"
SETUP = ("    loss_fn = nn.BCELoss()\n    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
         "    y = y.reshape(-1, 1)\n")
BATCH = "            batch_losses.append(train_step(model, optimizer, loss_fn, x[batch], y[batch]))"

MISTAKES = [
    Case("forward never calls the layers built in __init__",
         "        x = self.activate(self.linear1(x))\n        x = self.activate(self.linear2(x))\n"
         "        return self.sigmoid(self.linear3(x))",
         "        return self.sigmoid(x.mean(dim=1, keepdim=True))", "Model", "never calls the layers"),
    Case("a ReLU after the last Linear, before the sigmoid",
         "        return self.sigmoid(self.linear3(x))", "        return self.sigmoid(self.activate(self.linear3(x)))",
         "Model", "ReLU after the last Linear"),
    Case("test rows scaled with their own statistics", RETURN,
         "    return (train_x - mu) / sigma, (test_x - test_x.mean(dim=0)) / test_x.std(dim=0)",
         "standardize", "their own mean and std"),
    Case("statistics of all rows", STATS,
         "    everything = torch.cat([train_x, test_x])\n"
         "    mu = everything.mean(dim=0)\n    sigma = everything.std(dim=0)\n",
         "standardize", "all rows"),
    Case("one mean over every number", STATS, "    mu = train_x.mean()\n    sigma = train_x.std()\n",
         "standardize", "each column"),
    Case("no activation between the layers", FORWARD,
         "        x = self.linear1(x)\n        x = self.linear2(x)\n        return self.sigmoid(self.linear3(x))",
         "Model", "model is linear"),
    Case("no sigmoid at the output", "        return self.sigmoid(self.linear3(x))",
         "        return self.linear3(x)", "Model", "not a probability"),
    Case("in_features hard-coded to the data's 30", "self.linear1 = nn.Linear(in_features, 16)",
         "self.linear1 = nn.Linear(30, 16)", "Model", "in_features"),
    Case("gradients never cleared", STEP, "    loss.backward()\n    optimizer.step()\n",
         "train_step", "not cleared"),
    Case("loss tensor returned", "    return loss.item()", "    return loss", "train_step", "python float"),
    # Labels left with shape (N,) make nn.BCELoss raise (target size differs from input size): the check then
    # fails with the error and its hint (reshape the labels), but an error verdict of a training check carries
    # no training record, so it is not listed here (see the report). MSELoss silently broadcasting is.
    Case("MSELoss broadcasts (N, 1) against (N,)", SETUP,
         SETUP.replace("nn.BCELoss()", "nn.MSELoss()").replace("    y = y.reshape(-1, 1)\n", ""), "train_model", "broadcasts"),
    Case("labels shuffled apart from their inputs", BATCH,
         "            other = torch.randperm(len(x))[:len(batch)]\n"
         "            batch_losses.append(train_step(model, optimizer, loss_fn, x[batch], y[other]))",
         "train_model", "same indices"),
    Case("inline step without zero_grad", BATCH,
         "            loss = loss_fn(model(x[batch]), y[batch])\n"
         "            loss.backward()\n            optimizer.step()\n"
         "            batch_losses.append(loss.item())",
         "train_model", "zero_grad"),
    Case("model created inside the epoch loop", "    for epoch in range(epochs):\n        order",
         "    for epoch in range(epochs):\n        model = Model(x.shape[1])\n"
         "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n        order",
         "train_model", "created once"),
]
