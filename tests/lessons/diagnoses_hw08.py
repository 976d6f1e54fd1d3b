"""hw08: each modelled mistake written the ways learners write it, and correct code written otherwise."""
# Left out: the "changed what the grader watches" hints of softmax and cross_entropy (by_hand_mistakes' second
# Mistake): tampering with the grader's watch of torch's calls is not something a learner of this course writes.
from tests.lessons.lesson_cases import Case, Variant

SOFTMAX = (
    "    shifted = logits - logits.max(dim=1, keepdim=True).values\n"
    "    exps = torch.exp(shifted)\n"
    "    return exps / exps.sum(dim=1, keepdim=True)"
)
SHIFT = "    shifted = logits - logits.max(dim=1, keepdim=True).values\n"
DIVIDE = "    return exps / exps.sum(dim=1, keepdim=True)"
CE = (
    "    m = logits.max(dim=1, keepdim=True).values\n"
    "    log_probs = logits - m - torch.log(torch.exp(logits - m).sum(dim=1, keepdim=True))\n"
    "    return -log_probs[torch.arange(len(labels)), labels].mean()"
)
LOG_PROBS = "    log_probs = logits - m - torch.log(torch.exp(logits - m).sum(dim=1, keepdim=True))\n"
PICK = "    return -log_probs[torch.arange(len(labels)), labels].mean()"
STATS = ("    pixels = torch.tensor(images, dtype=torch.float32) / 255\n"
         "    mean, std = pixels.mean().item(), pixels.std().item()\n")
PIXELS = "    pixels = torch.tensor(images, dtype=torch.float32) / 255\n"
COMPOSE = "    return transforms.Compose([transforms.ToTensor(), transforms.Normalize((mean,), (std,))])"
FORWARD = (
    "        x = x.view(-1, self.in_features)\n"
    "        x = self.relu(self.l1(x))\n"
    "        x = self.relu(self.l2(x))\n"
    "        return self.l3(x)"
)
RELUS = "        x = self.relu(self.l1(x))\n        x = self.relu(self.l2(x))\n"
LAST = "        return self.l3(x)"
DATA = ("    transform = make_transform(images)\n"
        "    x = torch.stack([transform(img) for img in images])\n"
        "    loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)\n")
LOADER = "    loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)\n"
OPT = "    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.5)\n"
ZERO = "            optimizer.zero_grad()\n"
LOSS = "            loss = criterion(outputs, targets)"
EPOCHS = "    for epoch in range(10):\n"
BATCHES = (
    "        for inputs, targets in loader:\n"
    "            inputs, targets = inputs.to(device), targets.to(device)\n"
    "            optimizer.zero_grad()\n"
    "            outputs = model(inputs)\n"
    "            loss = criterion(outputs, targets)\n"
    "            loss.backward()\n"
    "            optimizer.step()\n"
    "            total += loss.item()\n"
    "        losses.append(total / len(loader))\n"
)
ENUMERATED = BATCHES.replace("for inputs, targets in loader:", "for batch_idx, (inputs, targets) in enumerate(loader, 0):")
APPEND = "            total += loss.item()\n        losses.append(total / len(loader))\n"

WRONG = [
    # softmax: torch's own
    Case("softmax returns F.softmax", DIVIDE,
         "    import torch.nn.functional as F\n    return F.softmax(logits, dim=1)", "softmax", "your function calls"),
    Case("softmax with nn.Softmax", DIVIDE, "    return nn.Softmax(dim=1)(logits)", "softmax", "your function calls"),
    Case("softmax with the tensor method", DIVIDE, "    return logits.softmax(dim=1)", "softmax",
         "your function calls"),
    # overflow
    Case("exp of the raw logits", SOFTMAX,
         "    exps = torch.exp(logits)\n    return exps / exps.sum(dim=1, keepdim=True)", "softmax", "overflows"),
    Case("a loop over the rows without the shift", SOFTMAX,
         "    rows = []\n    for row in logits:\n        e = torch.exp(row)\n        rows.append(e / e.sum())\n"
         "    return torch.stack(rows)", "softmax", "overflows"),
    Case("exp(x) / sum(exp(x)) with a (N, 1) view", SOFTMAX,
         "    e = logits.exp()\n    return e / e.sum(1).view(-1, 1)", "softmax", "overflows"),
    # the maximum of the whole tensor
    Case("logits.max() without dim", SHIFT, "    shifted = logits - logits.max()\n", "softmax", "whole tensor"),
    Case("torch.max(logits)", SHIFT, "    shifted = logits - torch.max(logits)\n", "softmax", "whole tensor"),
    Case("the maximum as a Python number", SHIFT, "    c = logits.max().item()\n    shifted = logits - c\n",
         "softmax", "whole tensor"),
    # the columns
    Case("sum over dim=0", DIVIDE, "    return exps / exps.sum(dim=0, keepdim=True)", "softmax", "normalize the rows"),
    Case("sum(0) without keepdim", DIVIDE, "    return exps / exps.sum(0)", "softmax", "normalize the rows"),
    Case("max and sum both over dim=0", SOFTMAX,
         "    exps = torch.exp(logits - logits.max(dim=0, keepdim=True).values)\n"
         "    return exps / exps.sum(dim=0, keepdim=True)", "softmax", "normalize the rows"),
    # the sum of the whole tensor
    Case("exps.sum() without dim", DIVIDE, "    return exps / exps.sum()", "softmax", "sum of the whole tensor"),
    Case("global max and torch.sum", SOFTMAX,
         "    e = torch.exp(logits - torch.max(logits))\n    return e / torch.sum(e)", "softmax",
         "sum of the whole tensor"),
    Case("divided by sum(exps.flatten())", DIVIDE, "    return exps / exps.flatten().sum()", "softmax",
         "sum of the whole tensor"),
    # cross_entropy: torch's own
    Case("cross_entropy with nn.CrossEntropyLoss", PICK, "    return nn.CrossEntropyLoss()(logits, labels)",
         "cross_entropy", "your function calls"),
    Case("cross_entropy with nll_loss of log_softmax", CE,
         "    import torch.nn.functional as F\n    return F.nll_loss(F.log_softmax(logits, dim=1), labels)",
         "cross_entropy", "your function calls"),
    Case("cross_entropy with torch.log_softmax, picked by hand", LOG_PROBS,
         "    log_probs = torch.log_softmax(logits, dim=1)\n", "cross_entropy", "your function calls"),
    # the sign
    Case("no minus sign", PICK, "    return log_probs[torch.arange(len(labels)), labels].mean()", "cross_entropy",
         "sign"),
    Case("gather without the minus", PICK, "    return log_probs.gather(1, labels.view(-1, 1)).mean()",
         "cross_entropy", "sign"),
    Case("a loop adding the log-probabilities", PICK,
         "    loss = 0\n    for i in range(len(labels)):\n        loss = loss + log_probs[i, labels[i]]\n"
         "    return loss / len(labels)", "cross_entropy", "sign"),
    # summed
    Case(".sum() over the batch", PICK, "    return -log_probs[torch.arange(len(labels)), labels].sum()",
         "cross_entropy", "summed over the batch"),
    Case("a loop that never divides", PICK,
         "    loss = 0\n    for i in range(len(labels)):\n        loss -= log_probs[i, labels[i]]\n    return loss",
         "cross_entropy", "summed over the batch"),
    Case("torch.sum of the gathered values", PICK,
         "    return torch.sum(-log_probs.gather(1, labels.unsqueeze(1)))", "cross_entropy", "summed over the batch"),
    # log(softmax)
    Case("log of the notebook's softmax, picked", CE,
         "    probs = softmax(logits)\n    return -torch.log(probs[torch.arange(len(labels)), labels]).mean()",
         "cross_entropy", "log(0)"),
    Case("log of a shifted softmax written inline", LOG_PROBS,
         "    e = torch.exp(logits - m)\n    log_probs = torch.log(e / e.sum(dim=1, keepdim=True))\n",
         "cross_entropy", "log(0)"),
    Case("a loop of -log(p[y])", CE,
         "    p = softmax(logits)\n    loss = 0\n    for i, y in enumerate(labels):\n"
         "        loss += -torch.log(p[i, y])\n    return loss / len(labels)", "cross_entropy", "log(0)"),
    # one-hot labels averaged over N*C
    Case("F.one_hot times log_probs, .mean()", PICK,
         "    y = torch.nn.functional.one_hot(labels, num_classes=logits.shape[1])\n"
         "    return -(y * log_probs).mean()", "cross_entropy", "one-hot"),
    Case("torch.eye one-hot", PICK,
         "    y_onehot = torch.eye(logits.shape[1])[labels]\n    return -torch.mean(y_onehot * log_probs)",
         "cross_entropy", "one-hot"),
    Case("one-hot by scatter_", PICK,
         "    y = torch.zeros_like(logits).scatter_(1, labels.view(-1, 1), 1)\n"
         "    return -(y * log_probs).mean()", "cross_entropy", "one-hot"),
    # the log-sum-exp term missing
    Case("minus the true logits' mean", PICK, "    return -logits[torch.arange(len(labels)), labels].mean()",
         "cross_entropy", "log-sum-exp term is missing"),
    Case("gather on the logits", CE, "    return -logits.gather(1, labels.view(-1, 1)).mean()", "cross_entropy",
         "log-sum-exp term is missing"),
    Case("a loop over the true logits", CE,
         "    loss = 0.0\n    for i in range(len(labels)):\n        loss = loss - logits[i, labels[i]]\n"
         "    return loss / len(labels)", "cross_entropy", "log-sum-exp term is missing"),
    # make_transform: MNIST statistics
    Case("Normalize((0.1307,), (0.3081,))", COMPOSE,
         "    return transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])",
         "make_transform", "MNIST"),
    Case("mean, std = 0.1307, 0.3081", STATS, "    mean, std = 0.1307, 0.3081\n", "make_transform", "MNIST"),
    Case("Normalize(mean=[0.1307], std=[0.3081]) in a variable", COMPOSE,
         "    transform = transforms.Compose([\n        transforms.ToTensor(),\n"
         "        transforms.Normalize(mean=[0.1307], std=[0.3081])\n    ])\n    return transform",
         "make_transform", "MNIST"),
    # test_images
    Case("numpy statistics of test_images", STATS,
         "    mean = (test_images / 255).mean()\n    std = (test_images / 255).std(ddof=1)\n",
         "make_transform", "notebook's own images"),
    Case("torch statistics of test_images", PIXELS, "    pixels = torch.tensor(test_images).float() / 255.0\n",
         "make_transform", "notebook's own images"),
    Case("statistics of test_images, np.mean/np.std", STATS,
         "    mean = float(np.mean(test_images / 255.0))\n    std = float(np.std(test_images / 255.0))\n",
         "make_transform", "notebook's own images"),
    # the global train_images
    Case("torch statistics of the global train_images", PIXELS,
         "    pixels = torch.tensor(train_images, dtype=torch.float32) / 255\n", "make_transform",
         "notebook's own images"),
    Case("numpy statistics of train_images", STATS,
         "    data = train_images.astype(np.float32) / 255\n    mean, std = data.mean(), data.std()\n",
         "make_transform", "notebook's own images"),
    Case("the whole notebook's train_images through ToTensor", STATS,
         "    stacked = torch.stack([transforms.ToTensor()(img) for img in train_images])\n"
         "    mean, std = stacked.mean().item(), stacked.std().item()\n", "make_transform", "notebook's own images"),
    # statistics in pixel units
    Case("no / 255", PIXELS, "    pixels = torch.tensor(images, dtype=torch.float32)\n", "make_transform", "0..255"),
    Case("numpy mean and std of the uint8 images", STATS, "    mean, std = images.mean(), images.std()\n",
         "make_transform", "0..255"),
    Case("float() of the raw pixels", STATS,
         "    mean = float(torch.tensor(images).float().mean())\n    std = float(torch.tensor(images).float().std())\n",
         "make_transform", "0..255"),
    # no ToTensor scaling
    Case("a lambda instead of ToTensor", COMPOSE,
         "    return transforms.Compose([lambda img: torch.tensor(img, dtype=torch.float32).unsqueeze(0),\n"
         "                               transforms.Normalize((mean,), (std,))])", "make_transform",
         "scaled to 0..1"),
    Case("transforms.Lambda with from_numpy", COMPOSE,
         "    to_tensor = transforms.Lambda(lambda img: torch.from_numpy(img).float()[None])\n"
         "    return transforms.Compose([to_tensor, transforms.Normalize((mean,), (std,))])", "make_transform",
         "scaled to 0..1"),
    Case("a hand-written transform without the 255", COMPOSE,
         "    def transform(img):\n        x = torch.tensor(img, dtype=torch.float32).view(1, *img.shape)\n"
         "        return (x - mean) / std\n    return transform", "make_transform", "scaled to 0..1"),
    # MLP: softmax in forward
    Case("F.softmax at the end", LAST,
         "        return torch.nn.functional.softmax(self.l3(x), dim=1)", "MLP", "softmax in forward"),
    Case("an nn.Softmax layer", LAST, "        return nn.Softmax(dim=-1)(self.l3(x))", "MLP", "softmax in forward"),
    Case("softmax as the last line of forward", LAST,
         "        x = self.l3(x)\n        x = torch.softmax(x, 1)\n        return x", "MLP", "softmax in forward"),
    # MLP: linear
    Case("relu defined but never used", RELUS, "        x = self.l1(x)\n        x = self.l2(x)\n", "MLP",
         "your model is linear"),
    Case("the layers composed in one line", FORWARD,
         "        x = x.view(-1, self.in_features)\n        return self.l3(self.l2(self.l1(x)))", "MLP",
         "your model is linear"),
    Case("nn.Sequential of Linear layers only", FORWARD,
         "        x = x.view(-1, self.in_features)\n"
         "        return nn.Sequential(self.l1, self.l2, self.l3)(x)", "MLP", "your model is linear"),
    # train_classifier: the notebook's train_images
    Case("images, labels overwritten by the globals", DATA,
         "    images, labels = train_images, train_labels\n" + DATA, "train_classifier", "notebook's train_images"),
    Case("stack of the global train_images", DATA,
         "    transform = make_transform(train_images)\n"
         "    x = torch.stack([transform(img) for img in train_images])\n"
         "    loader = DataLoader(TensorDataset(x, train_labels), batch_size=32, shuffle=True)\n",
         "train_classifier", "notebook's train_images"),
    Case("the lecture's train_dataset from the globals", DATA,
         "    transform = make_transform(train_images)\n"
         "    x = torch.stack([transform(i) for i in train_images])\n"
         "    train_dataset = TensorDataset(x, train_labels)\n"
         "    loader = DataLoader(dataset=train_dataset, batch_size=32, shuffle=True)\n",
         "train_classifier", "notebook's train_images"),
    # raw pixels
    Case("raw pixels as float, no transform", DATA,
         "    x = torch.tensor(images, dtype=torch.float32).unsqueeze(1)\n" + LOADER, "train_classifier",
         "not raw 0..255 pixels"),
    Case("from_numpy(...).float().view(...)", DATA,
         "    x = torch.from_numpy(images).float().view(-1, 1, images.shape[1], images.shape[2])\n" + LOADER,
         "train_classifier", "not raw 0..255 pixels"),
    Case("a stack of tensors without make_transform", DATA,
         "    x = torch.stack([torch.tensor(img, dtype=torch.float32)[None] for img in images])\n" + LOADER,
         "train_classifier", "not raw 0..255 pixels"),
    # zero_grad
    Case("zero_grad once before training", ZERO, "", "train_classifier", "zero_grad() before every"),
    Case("zero_grad without parentheses", ZERO, "            optimizer.zero_grad\n", "train_classifier",
         "zero_grad() before every"),
    Case("zero_grad once per epoch", "        total = 0.0\n" + "        for inputs, targets in loader:\n"
         "            inputs, targets = inputs.to(device), targets.to(device)\n" + ZERO,
         "        total = 0.0\n        optimizer.zero_grad()\n        for inputs, targets in loader:\n"
         "            inputs, targets = inputs.to(device), targets.to(device)\n", "train_classifier",
         "zero_grad() before every"),
    # learned nothing: labels apart from the images
    Case("images and labels in two shuffled loaders", LOADER + "    model = MLP(x.shape[2] * x.shape[3]).to(device)\n",
         "    image_loader = DataLoader(x, batch_size=32, shuffle=True)\n"
         "    label_loader = DataLoader(labels, batch_size=32, shuffle=True)\n"
         "    loader = list(zip(image_loader, label_loader))\n"
         "    model = MLP(x.shape[2] * x.shape[3]).to(device)\n", "train_classifier", "shuffled apart"),
    Case("np.random.shuffle of the images only", DATA, "    np.random.shuffle(images)\n" + DATA,
         "train_classifier", "shuffled apart"),
    Case("labels sorted, images not", LOADER,
         "    loader = DataLoader(TensorDataset(x, labels.sort().values), batch_size=32, shuffle=True)\n",
         "train_classifier", "shuffled apart"),
    # still learning when it stopped
    Case("lr=0.001", OPT, "    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)\n", "train_classifier",
         "still falling"),
    Case("lr=0.005 without momentum", OPT, "    optimizer = torch.optim.SGD(model.parameters(), lr=0.005)\n",
         "train_classifier", "still falling"),
    Case("3 epochs at lr 0.01", OPT + "    losses = []\n" + EPOCHS,
         "    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)\n    losses = []\n"
         "    for epoch in range(3):\n", "train_classifier", "still falling"),
    # softmax before CrossEntropyLoss
    Case("F.softmax on the outputs", LOSS,
         "            loss = criterion(torch.nn.functional.softmax(outputs, dim=1), targets)", "train_classifier",
         "softmax twice"),
    Case("probabilities kept in a variable", LOSS,
         "            probs = torch.softmax(outputs, dim=-1)\n            loss = criterion(probs, targets)",
         "train_classifier", "softmax twice"),
    Case("nn.Softmax in a Sequential around the model", "    model = MLP(x.shape[2] * x.shape[3]).to(device)\n",
         "    model = nn.Sequential(MLP(x.shape[2] * x.shape[3]), nn.Softmax(dim=1)).to(device)\n",
         "train_classifier", "softmax twice"),
    # too few epochs to tell (the function picks its own epochs, so a short history may still pass)
    Case("return inside the epoch loop", "        losses.append(total / len(loader))\n    return model, losses",
         "        losses.append(total / len(loader))\n        return model, losses", "train_classifier", "too few epochs"),
    Case("break left in after the first epoch", "        losses.append(total / len(loader))\n",
         "        losses.append(total / len(loader))\n        break\n", "train_classifier", "too few epochs"),
    Case("range(2) to train quickly", "    for epoch in range(10):\n", "    for epoch in range(2):\n", "train_classifier",
         "too few epochs"),
    # empty history
    Case("returns an empty list", "    return model, losses", "    return model, []", "train_classifier",
         "one loss.item() per epoch"),
    Case("prints instead of appending", "        losses.append(total / len(loader))\n",
         "        print(epoch, total / len(loader))\n", "train_classifier", "one loss.item() per epoch"),
    Case("appends to another list than it returns", "    losses = []\n    for epoch in range(10):\n        total = 0.0\n" + BATCHES,
         "    losses = []\n    loss_list = []\n    for epoch in range(10):\n        total = 0.0\n"
         + BATCHES.replace("losses.append", "loss_list.append"), "train_classifier", "one loss.item() per epoch"),
]

RIGHT = [
    # too slow to learn in 10 epochs, its loss between the softmax floor and guessing: the worker saw scores go into
    # the loss, so it is not told softmax twice but that it was still falling
    Variant("SGD lr=0.002 (too small)", [(OPT, OPT.replace("lr=0.05", "lr=0.002"))], "train_classifier"),
    Variant("softmax as a loop over rows, each shifted by its own max", [(SOFTMAX,
        "    out = torch.empty_like(logits)\n    for i in range(logits.shape[0]):\n"
        "        e = torch.exp(logits[i] - torch.max(logits[i]))\n        out[i] = e / torch.sum(e)\n"
        "    return out")], "softmax"),
    Variant("softmax with max(1, keepdim=True)[0] and unsqueeze", [(SOFTMAX,
        "    e = torch.exp(logits - logits.max(1, keepdim=True)[0])\n    return e / torch.sum(e, 1).unsqueeze(1)")],
        "softmax"),
    Variant("cross_entropy with gather and a hand-written log-sum-exp", [(CE,
        "    c = torch.max(logits, dim=1, keepdim=True)[0]\n"
        "    lse = c + torch.log(torch.sum(torch.exp(logits - c), dim=1, keepdim=True))\n"
        "    return torch.mean(lse - logits.gather(1, labels.view(-1, 1)))")], "cross_entropy"),
    Variant("cross_entropy as a loop over samples", [(CE,
        "    total = 0.0\n    for i in range(logits.shape[0]):\n        z = logits[i]\n        m = z.max()\n"
        "        total = total + (m + torch.log(torch.exp(z - m).sum()) - z[labels[i]])\n"
        "    return total / logits.shape[0]")], "cross_entropy"),
    Variant("make_transform with numpy statistics (population std)", [(STATS,
        "    data = images.astype(np.float32) / 255.0\n    mean, std = float(data.mean()), float(data.std())\n")],
        "make_transform"),
    Variant("MLP in the lecture's style: super(MLP, self), F.relu, 512-256-128-64-10", [
        ("        super().__init__()\n        self.in_features = in_features\n"
         "        self.l1 = nn.Linear(in_features, 128)\n        self.l2 = nn.Linear(128, 64)\n"
         "        self.l3 = nn.Linear(64, 10)\n        self.relu = nn.ReLU()\n",
         "        super(MLP, self).__init__()\n        self.in_features = in_features\n"
         "        self.l1 = torch.nn.Linear(in_features, 512)\n        self.l2 = torch.nn.Linear(512, 256)\n"
         "        self.l3 = torch.nn.Linear(256, 128)\n        self.l4 = torch.nn.Linear(128, 64)\n"
         "        self.l5 = torch.nn.Linear(64, 10)\n"),
        (FORWARD, "        import torch.nn.functional as F\n        x = x.view(-1, self.in_features)\n"
         "        x = F.relu(self.l1(x))\n        x = F.relu(self.l2(x))\n        x = F.relu(self.l3(x))\n"
         "        x = F.relu(self.l4(x))\n        return self.l5(x)")], "MLP"),
    Variant("train_classifier with the lecture's lr=0.01, momentum=0.5, running loss printed", [
        (OPT, "    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)\n"),
        (BATCHES, ENUMERATED.replace(APPEND, "            total += loss.item()\n            if batch_idx % 300 == 299:\n"
         "                print('[%d, %5d] loss: %.3f' % (epoch + 1, batch_idx + 1, total / (batch_idx + 1)))\n"
         "        losses.append(total / len(loader))\n"))], "train_classifier"),
    Variant("train_classifier with Adam and CrossEntropyLoss(reduction='sum') divided by the batch", [
        (OPT, "    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\n"),
        ("    criterion = nn.CrossEntropyLoss()\n", "    criterion = nn.CrossEntropyLoss(reduction='sum')\n"),
        (LOSS, "            loss = criterion(outputs, targets) / len(targets)")], "train_classifier"),
]
