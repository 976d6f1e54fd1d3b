"""hw09: each modelled mistake written the ways learners write it, and correct code written otherwise."""
from tests.lessons.lesson_cases import Case, Variant

FORMULA = "    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1"
CNN_INIT = (
    "        self.conv1 = nn.Conv2d(1, 10, kernel_size=5, padding=2)\n"
    "        self.conv2 = nn.Conv2d(10, 20, kernel_size=5, padding=2)\n"
    "        self.pooling = nn.MaxPool2d(2)\n"
    "        size = conv_output_size(conv_output_size(image_size, 5, padding=2), 2, stride=2)\n"
    "        size = conv_output_size(conv_output_size(size, 5, padding=2), 2, stride=2)\n"
    "        self.fc = nn.Linear(20 * size * size, 10)\n"
)
CNN_FORWARD = (
    "        batch_size = x.size(0)\n"
    "        x = F.relu(self.pooling(self.conv1(x)))\n"
    "        x = F.relu(self.pooling(self.conv2(x)))\n"
    "        x = x.view(batch_size, -1)\n"
    "        return self.fc(x)"
)
CNN = CNN_INIT + "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n" + CNN_FORWARD
LAST = "        return self.fc(x)"
INC_FORWARD = (
    "        branch1x1 = self.branch1x1(x)\n"
    "        branch5x5 = self.branch5x5_2(self.branch5x5_1(x))\n"
    "        branch3x3 = self.branch3x3_3(self.branch3x3_2(self.branch3x3_1(x)))\n"
    "        branch_pool = self.branch_pool(F.avg_pool2d(x, kernel_size=3, stride=1, padding=1))\n"
    "        outputs = [branch1x1, branch5x5, branch3x3, branch_pool]\n"
    "        return torch.cat(outputs, dim=1)"
)
OUTPUTS = "        outputs = [branch1x1, branch5x5, branch3x3, branch_pool]\n"
RESIDUAL = "        y = F.relu(self.conv1(x))\n        y = self.conv2(y)\n        return F.relu(x + y)"
DATA = ("    transform = make_transform(images)\n"
        "    x = torch.stack([transform(img) for img in images])\n"
        "    loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)\n")
LOADER = "    loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)\n"
MODEL = "    model = BasicCNN(x.shape[2]).to(device)\n"
OPT = "    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.5)\n"
ZERO = "            optimizer.zero_grad()\n"
LOSS = "            loss = criterion(model(inputs), targets)"
APPEND = "            total += loss.item()\n        losses.append(total / len(loader))\n"
BATCHES = (
    "        for inputs, targets in loader:\n"
    "            inputs, targets = inputs.to(device), targets.to(device)\n"
    "            optimizer.zero_grad()\n"
    "            loss = criterion(model(inputs), targets)\n"
    "            loss.backward()\n"
    "            optimizer.step()\n"
    "            total += loss.item()\n"
    "        losses.append(total / len(loader))\n"
)
ENUMERATED = BATCHES.replace("for inputs, targets in loader:", "for batch_idx, (inputs, targets) in enumerate(loader, 0):")

WRONG = [
    # conv_output_size
    Case("kernel_size - 1 without dilation", FORMULA,
         "    return (size + 2 * padding - kernel_size) // stride + 1", "conv_output_size", "dilation is missing"),
    Case("dilation left out, int() of a division", FORMULA,
         "    return int((size + 2 * padding - (kernel_size - 1) - 1) / stride) + 1", "conv_output_size",
         "dilation is missing"),
    Case("dilation left out, math.floor", FORMULA,
         "    import math\n    return math.floor((size + 2 * padding - kernel_size) / stride) + 1",
         "conv_output_size", "dilation is missing"),
    Case("math.ceil", FORMULA,
         "    import math\n    return math.ceil((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1",
         "conv_output_size", "rounded up"),
    Case("-(-a // b) ceiling trick", FORMULA,
         "    return -(-(size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride) + 1",
         "conv_output_size", "rounded up"),
    Case("torch.ceil of the division", FORMULA,
         "    out = (size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride\n"
         "    return int(torch.ceil(torch.tensor(out))) + 1", "conv_output_size", "rounded up"),
    Case("true division kept in a variable", FORMULA,
         "    out = (size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1\n    return out",
         "conv_output_size", "floor division"),
    Case("np.divide", FORMULA,
         "    return np.divide(size + 2 * padding - dilation * (kernel_size - 1) - 1, stride) + 1",
         "conv_output_size", "floor division"),
    Case("float() of the numerator", FORMULA,
         "    return float(size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1",
         "conv_output_size", "floor division"),
    Case("padding once, written as the lecture's (W - K + P)", FORMULA,
         "    return (size - dilation * (kernel_size - 1) - 1 + padding) // stride + 1", "conv_output_size",
         "2 * padding"),
    Case("padding once with int()", FORMULA,
         "    return int((size + padding - dilation * (kernel_size - 1) - 1) / stride) + 1", "conv_output_size",
         "2 * padding"),
    Case("padding once in an effective-kernel form", FORMULA,
         "    effective = dilation * (kernel_size - 1) + 1\n    return (size + padding - effective) // stride + 1",
         "conv_output_size", "2 * padding"),
    Case("+ 1 forgotten", FORMULA, "    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride",
         "conv_output_size", "+ 1 is missing"),
    Case("effective kernel, + 1 forgotten", FORMULA,
         "    k = dilation * (kernel_size - 1) + 1\n    return (size + 2 * padding - k) // stride",
         "conv_output_size", "+ 1 is missing"),
    Case("int() division, + 1 forgotten", FORMULA,
         "    return int((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride)",
         "conv_output_size", "+ 1 is missing"),
    Case("stride not divided", FORMULA, "    return size + 2 * padding - dilation * (kernel_size - 1) - 1 + 1",
         "conv_output_size", "stride is missing"),
    Case("effective kernel, stride forgotten", FORMULA,
         "    k = dilation * (kernel_size - 1) + 1\n    return size + 2 * padding - k + 1", "conv_output_size",
         "stride is missing"),
    Case("// 1 instead of // stride", FORMULA,
         "    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // 1 + 1", "conv_output_size",
         "stride is missing"),
    # BasicCNN: softmax in forward
    Case("torch.softmax at the end", LAST, "        return torch.softmax(self.fc(x), dim=1)", "BasicCNN",
         "softmax in forward"),
    Case("F.softmax on a variable", LAST,
         "        x = self.fc(x)\n        return F.softmax(x, dim=-1)", "BasicCNN", "softmax in forward"),
    Case("an nn.Softmax layer", LAST, "        return nn.Softmax(dim=1)(self.fc(x))", "BasicCNN",
         "softmax in forward"),
    # BasicCNN: no Conv2d
    Case("Linear layers only, the MLP of hw08", CNN,
         "        self.l1 = nn.Linear(image_size * image_size, 64)\n        self.l2 = nn.Linear(64, 10)\n"
         "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n"
         "        x = x.view(x.size(0), -1)\n        return self.l2(F.relu(self.l1(x)))", "BasicCNN",
         "no nn.Conv2d"),
    Case("an nn.Sequential MLP", CNN,
         "        self.net = nn.Sequential(nn.Flatten(), nn.Linear(image_size ** 2, 128), nn.ReLU(),\n"
         "                                 nn.Linear(128, 10))\n"
         "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n"
         "        return self.net(x)", "BasicCNN", "no nn.Conv2d"),
    Case("pooling and a Linear layer, no convolution", CNN,
         "        self.pooling = nn.MaxPool2d(2)\n        self.fc = nn.Linear((image_size // 2) ** 2, 10)\n"
         "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n"
         "        x = F.relu(self.pooling(x))\n        return self.fc(x.view(x.size(0), -1))", "BasicCNN",
         "no nn.Conv2d"),
    # BasicCNN: layers not used
    Case("conv2 skipped, fc sized for it", CNN,
         CNN.replace("        self.fc = nn.Linear(20 * size * size, 10)\n",
                     "        size = conv_output_size(conv_output_size(image_size, 5, padding=2), 2, stride=2)\n"
                     "        self.fc = nn.Linear(10 * size * size, 10)\n").replace(
             "        x = F.relu(self.pooling(self.conv2(x)))\n", ""), "BasicCNN", "take no part"),
    Case("an extra conv3 built and never used", "        self.pooling = nn.MaxPool2d(2)\n",
         "        self.conv3 = nn.Conv2d(20, 20, kernel_size=3, padding=1)\n        self.pooling = nn.MaxPool2d(2)\n",
         "BasicCNN", "take no part"),
    Case("a dropout-style second fc defined, forward returns the first", CNN,
         CNN.replace("        self.fc = nn.Linear(20 * size * size, 10)\n",
                     "        self.fc = nn.Linear(20 * size * size, 10)\n        self.fc2 = nn.Linear(10, 10)\n"),
         "BasicCNN", "take no part"),
    # InceptionA: a 24-channel branch missing
    Case("branch_pool left out of the list", OUTPUTS, "        outputs = [branch1x1, branch5x5, branch3x3]\n",
         "InceptionA", "24-channel branch is missing"),
    Case("torch.cat of three named branches", INC_FORWARD,
         INC_FORWARD.replace("        outputs = [branch1x1, branch5x5, branch3x3, branch_pool]\n"
                             "        return torch.cat(outputs, dim=1)",
                             "        return torch.cat((branch1x1, branch5x5, branch_pool), dim=1)"),
         "InceptionA", "24-channel branch is missing"),
    Case("outputs[:-1]", "        return torch.cat(outputs, dim=1)", "        return torch.cat(outputs[:-1], dim=1)",
         "InceptionA", "24-channel branch is missing"),
    # InceptionA: branch1x1 missing
    Case("branch1x1 left out of the list", OUTPUTS, "        outputs = [branch5x5, branch3x3, branch_pool]\n",
         "InceptionA", "branch1x1 is missing"),
    Case("outputs[1:]", "        return torch.cat(outputs, dim=1)", "        return torch.cat(outputs[1:], dim=1)",
         "InceptionA", "branch1x1 is missing"),
    Case("cat of a tuple without branch1x1", INC_FORWARD,
         INC_FORWARD.replace("        outputs = [branch1x1, branch5x5, branch3x3, branch_pool]\n"
                             "        return torch.cat(outputs, dim=1)",
                             "        return torch.cat((branch5x5, branch3x3, branch_pool), 1)"),
         "InceptionA", "branch1x1 is missing"),
    # InceptionA: layers unused
    Case("branch3x3_3 forgotten", "        branch3x3 = self.branch3x3_3(self.branch3x3_2(self.branch3x3_1(x)))\n",
         "        branch3x3 = self.branch3x3_2(self.branch3x3_1(x))\n", "InceptionA", "take no part"),
    Case("5x5 conv applied to branch1x1's output",
         "        branch5x5 = self.branch5x5_2(self.branch5x5_1(x))\n",
         "        branch5x5 = self.branch5x5_1(x)\n        branch5x5 = self.branch5x5_2(branch1x1)\n",
         "InceptionA", "take no part"),
    Case("pool branch conv applied to the 1x1 branch", "        branch_pool = self.branch_pool(F.avg_pool2d(x, kernel_size=3, stride=1, padding=1))\n",
         "        branch_pool = F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)\n"
         "        branch_pool = self.branch3x3_3(self.branch3x3_2(self.branch3x3_1(branch_pool)))\n",
         "InceptionA", "take no part"),
    # ResidualBlock
    Case("F.relu(x) + y", RESIDUAL,
         "        y = F.relu(self.conv1(x))\n        y = self.conv2(y)\n        return F.relu(x) + y",
         "ResidualBlock", "add first"),
    Case("relu(x) + conv2(...) on one line", RESIDUAL,
         "        return torch.relu(x) + self.conv2(torch.relu(self.conv1(x)))", "ResidualBlock", "add first"),
    Case("out = relu(x); out += y", RESIDUAL,
         "        y = self.conv2(F.relu(self.conv1(x)))\n        out = F.relu(x)\n        out += y\n        return out",
         "ResidualBlock", "add first"),
    Case("the skip left out", RESIDUAL, "        y = F.relu(self.conv1(x))\n        return F.relu(self.conv2(y))",
         "ResidualBlock", "skip connection is missing"),
    Case("the residual added to y instead of x", RESIDUAL,
         "        y = F.relu(self.conv1(x))\n        z = self.conv2(y)\n        return F.relu(z)",
         "ResidualBlock", "skip connection is missing"),
    Case("a plain two-conv block with nn.ReLU", RESIDUAL,
         "        relu = nn.ReLU()\n        return relu(self.conv2(relu(self.conv1(x))))", "ResidualBlock",
         "skip connection is missing"),
    Case("x + y returned", RESIDUAL,
         "        y = F.relu(self.conv1(x))\n        y = self.conv2(y)\n        return x + y", "ResidualBlock",
         "last relu is missing"),
    Case("y += x; return y", RESIDUAL,
         "        y = self.conv2(F.relu(self.conv1(x)))\n        y += x\n        return y", "ResidualBlock",
         "last relu is missing"),
    Case("one line without the outer relu", RESIDUAL,
         "        return x + self.conv2(torch.relu(self.conv1(x)))", "ResidualBlock", "last relu is missing"),
    Case("no relu after conv1", RESIDUAL,
         "        y = self.conv1(x)\n        y = self.conv2(y)\n        return F.relu(x + y)", "ResidualBlock",
         "between the two convolutions"),
    Case("convs composed without the middle relu", RESIDUAL,
         "        return F.relu(x + self.conv2(self.conv1(x)))", "ResidualBlock", "between the two convolutions"),
    Case("nn.Sequential of the two convs", RESIDUAL,
         "        f = nn.Sequential(self.conv1, self.conv2)\n        return torch.relu(f(x) + x)", "ResidualBlock",
         "between the two convolutions"),
    Case("relu on conv2 before adding, lecture's two-step", RESIDUAL,
         "        y = F.relu(self.conv1(x))\n        y = F.relu(self.conv2(y))\n        return F.relu(x + y)",
         "ResidualBlock", "before the addition"),
    Case("relu after every conv in a loop", RESIDUAL,
         "        y = x\n        for conv in (self.conv1, self.conv2):\n            y = F.relu(conv(y))\n"
         "        return F.relu(x + y)", "ResidualBlock", "before the addition"),
    Case("nn.Sequential with ReLU after each conv", RESIDUAL,
         "        f = nn.Sequential(self.conv1, nn.ReLU(), self.conv2, nn.ReLU())\n        return F.relu(x + f(x))",
         "ResidualBlock", "before the addition"),
    # train_cnn: the notebook's train_images
    Case("images, labels overwritten by the globals", DATA, "    images, labels = train_images, train_labels\n" + DATA,
         "train_cnn", "notebook's train_images"),
    Case("stack of the global train_images", DATA,
         "    transform = make_transform(train_images)\n    x = torch.stack([transform(img) for img in train_images])\n"
         "    loader = DataLoader(TensorDataset(x, train_labels), batch_size=32, shuffle=True)\n",
         "train_cnn", "notebook's train_images"),
    Case("train_dataset built from the globals", DATA,
         "    transform = make_transform(train_images)\n"
         "    x = torch.stack([transform(i) for i in train_images])\n"
         "    train_dataset = TensorDataset(x, train_labels)\n"
         "    loader = DataLoader(dataset=train_dataset, batch_size=32, shuffle=True)\n",
         "train_cnn", "notebook's train_images"),
    # raw pixels
    Case("raw pixels, unsqueeze(1)", DATA, "    x = torch.tensor(images, dtype=torch.float32).unsqueeze(1)\n" + LOADER,
         "train_cnn", "not raw 0..255 pixels"),
    Case("raw pixels, from_numpy view", DATA,
         "    x = torch.from_numpy(images).float().view(-1, 1, images.shape[1], images.shape[2])\n" + LOADER,
         "train_cnn", "not raw 0..255 pixels"),
    Case("raw pixels, stacked one by one", DATA,
         "    x = torch.stack([torch.tensor(img, dtype=torch.float32)[None] for img in images])\n" + LOADER,
         "train_cnn", "not raw 0..255 pixels"),
    # zero_grad
    Case("zero_grad removed", ZERO, "", "train_cnn", "zero_grad() before every"),
    Case("zero_grad without parentheses", ZERO, "            optimizer.zero_grad\n", "train_cnn",
         "zero_grad() before every"),
    Case("zero_grad once per epoch", BATCHES,
         "        optimizer.zero_grad()\n" + BATCHES.replace(ZERO, ""), "train_cnn", "zero_grad() before every"),
    # labels apart from the images
    Case("images and labels in two shuffled loaders", LOADER,
         "    loader = list(zip(DataLoader(x, batch_size=32, shuffle=True),\n"
         "                      DataLoader(labels, batch_size=32, shuffle=True)))\n", "train_cnn", "shuffled apart"),
    Case("np.random.shuffle of the images only", DATA, "    np.random.shuffle(images)\n" + DATA, "train_cnn",
         "shuffled apart"),
    Case("labels permuted", LOADER,
         "    loader = DataLoader(TensorDataset(x, labels[torch.randperm(len(labels))]), batch_size=32, shuffle=True)\n",
         "train_cnn", "shuffled apart"),
    # still learning
    Case("lr=0.001", OPT, "    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)\n", "train_cnn",
         "still falling"),
    Case("lr=0.005 without momentum", OPT, "    optimizer = torch.optim.SGD(model.parameters(), lr=0.005)\n",
         "train_cnn", "still falling"),
    Case("3 epochs at lr 0.01", OPT + "    losses = []\n    for epoch in range(10):\n",
         "    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)\n    losses = []\n"
         "    for epoch in range(3):\n", "train_cnn", "still falling"),
    # softmax before CrossEntropyLoss
    Case("torch.softmax on the outputs", LOSS,
         "            loss = criterion(torch.softmax(model(inputs), dim=1), targets)", "train_cnn", "softmax twice"),
    Case("probabilities in a variable", LOSS,
         "            outputs = F.softmax(model(inputs), dim=-1)\n            loss = criterion(outputs, targets)",
         "train_cnn", "softmax twice"),
    Case("nn.Softmax in a Sequential around the CNN", MODEL,
         "    model = nn.Sequential(BasicCNN(x.shape[2]), nn.Softmax(dim=1)).to(device)\n", "train_cnn",
         "softmax twice"),
    # an MLP instead of a CNN
    Case("the hw08 MLP in a Sequential", MODEL,
         "    model = nn.Sequential(nn.Flatten(), nn.Linear(x.shape[2] * x.shape[3], 128), nn.ReLU(),\n"
         "                          nn.Linear(128, 10)).to(device)\n", "train_cnn", "Conv2d"),
    Case("a single Linear layer after flattening", MODEL,
         "    model = nn.Sequential(nn.Flatten(), nn.Linear(x.shape[2] ** 2, 10)).to(device)\n", "train_cnn",
         "Conv2d"),
    Case("a linear model on pooled images", MODEL,
         "    model = nn.Sequential(nn.MaxPool2d(2), nn.Flatten(), nn.Linear((x.shape[2] // 2) ** 2, 10)).to(device)\n",
         "train_cnn", "Conv2d"),
    # too few epochs to tell (the function picks its own epochs, so a short history may still pass)
    Case("return inside the epoch loop", "        losses.append(total / len(loader))\n    return model, losses",
         "        losses.append(total / len(loader))\n        return model, losses", "train_cnn", "too few epochs"),
    Case("break left in after the first epoch", "        losses.append(total / len(loader))\n",
         "        losses.append(total / len(loader))\n        break\n", "train_cnn", "too few epochs"),
    Case("range(2) to train quickly", "    for epoch in range(10):\n", "    for epoch in range(2):\n", "train_cnn",
         "too few epochs"),
    # empty history
    Case("returns an empty list", "    return model, losses", "    return model, []", "train_cnn",
         "one loss.item() per epoch"),
    Case("prints instead of appending", "        losses.append(total / len(loader))\n",
         "        print(epoch, total / len(loader))\n", "train_cnn", "one loss.item() per epoch"),
    Case("appends to another list than it returns", "    losses = []\n    for epoch in range(10):\n        total = 0.0\n" + BATCHES,
         "    losses = []\n    loss_list = []\n    for epoch in range(10):\n        total = 0.0\n"
         + BATCHES.replace("losses.append", "loss_list.append"), "train_cnn", "one loss.item() per epoch"),
]

RIGHT = [
    Variant("conv_output_size with the effective kernel and math.floor", [(FORMULA,
        "    import math\n    effective = dilation * (kernel_size - 1) + 1\n"
        "    return math.floor((size + 2 * padding - effective) / stride) + 1")], "conv_output_size"),
    Variant("conv_output_size with int() of a non-negative division", [(FORMULA,
        "    return int((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1")],
        "conv_output_size"),
    Variant("BasicCNN in the lecture's style: super(BasicCNN, self), a dummy forward for the flat size", [(CNN,
        CNN_INIT.replace("        size = conv_output_size(conv_output_size(image_size, 5, padding=2), 2, stride=2)\n"
                         "        size = conv_output_size(conv_output_size(size, 5, padding=2), 2, stride=2)\n"
                         "        self.fc = nn.Linear(20 * size * size, 10)\n",
                         "        with torch.no_grad():\n"
                         "            dummy = torch.zeros(1, 1, image_size, image_size)\n"
                         "            n = self.pooling(self.conv2(self.pooling(self.conv1(dummy)))).numel()\n"
                         "        self.fc = torch.nn.Linear(n, 10)\n")
        + "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n" + CNN_FORWARD),
        ("        super().__init__()\n        self.conv1 = nn.Conv2d(1, 10",
         "        super(BasicCNN, self).__init__()\n        self.conv1 = nn.Conv2d(1, 10")], "BasicCNN"),
    Variant("BasicCNN with nn.Sequential and nn.Flatten", [(CNN,
        "        size = conv_output_size(conv_output_size(image_size, 5, padding=2), 2, stride=2)\n"
        "        size = conv_output_size(conv_output_size(size, 5, padding=2), 2, stride=2)\n"
        "        self.features = nn.Sequential(\n"
        "            nn.Conv2d(1, 10, 5, padding=2), nn.MaxPool2d(2), nn.ReLU(),\n"
        "            nn.Conv2d(10, 20, 5, padding=2), nn.MaxPool2d(2), nn.ReLU(), nn.Flatten())\n"
        "        self.fc = nn.Linear(20 * size * size, 10)\n"
        "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n"
        "        return self.fc(self.features(x))")], "BasicCNN"),
    Variant("InceptionA with the list built and concatenated in one line, torch.cat(..., 1)", [(
        "        outputs = [branch1x1, branch5x5, branch3x3, branch_pool]\n        return torch.cat(outputs, dim=1)",
        "        return torch.cat((branch1x1, branch5x5, branch3x3, branch_pool), 1)")], "InceptionA"),
    Variant("ResidualBlock in the lecture's super(ResidualBlock, self) style with torch.relu", [
        ("        super().__init__()\n        self.channels = channels\n",
         "        super(ResidualBlock, self).__init__()\n        self.channels = channels\n"),
        (RESIDUAL, "        y = torch.relu(self.conv1(x))\n        y = self.conv2(y)\n        return torch.relu(y + x)")],
        "ResidualBlock"),
    Variant("train_cnn with the lecture's lr=0.01, momentum=0.5 and a print every 300 batches", [
        (OPT, "    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)\n"),
        (BATCHES, ENUMERATED.replace(APPEND, "            total += loss.item()\n            if batch_idx % 300 == 299:\n"
         "                print('[%d, %5d] loss: %.3f' % (epoch + 1, batch_idx + 1, total / (batch_idx + 1)))\n"
         "        losses.append(total / len(loader))\n"))], "train_cnn"),
    Variant("train_cnn with Adam, lr 1e-3", [(OPT, "    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)\n")],
        "train_cnn"),
]
