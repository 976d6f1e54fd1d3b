"""hw09 CNNs: the classic mistakes of output sizes, flattening, Inception and residual blocks, training a CNN."""

from tests.lessons.lesson_cases import Case

FORMULA = "    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1"
FC = "        self.fc = nn.Linear(20 * size * size, 10)"
CAT = "        return torch.cat(outputs, dim=1)"
RESIDUAL = "        y = F.relu(self.conv1(x))\n        y = self.conv2(y)\n        return F.relu(x + y)"
MODEL = "    model = BasicCNN(x.shape[2]).to(device)"

MISTAKES = [
    Case("BasicCNN builds conv2 but never uses it",
         "self.fc = nn.Linear(20 * size * size, 10)\n        ### END SOLUTION\n\n    def forward(self, x):\n"
         "        ### BEGIN SOLUTION\n        batch_size = x.size(0)\n        x = F.relu(self.pooling(self.conv1(x)))\n"
         "        x = F.relu(self.pooling(self.conv2(x)))\n",
         "self.fc = nn.Linear(10 * size * size, 10)\n        ### END SOLUTION\n\n    def forward(self, x):\n"
         "        ### BEGIN SOLUTION\n        batch_size = x.size(0)\n        x = F.relu(self.pooling(self.conv1(x)))\n"
         "        x = F.relu(self.pooling(x))\n",
         "BasicCNN", "take no part"),
    Case("train_cnn learns the notebook's train_images / train_labels, not its arguments",
         "    transform = make_transform(images)\n    x = torch.stack([transform(img) for img in images])\n    loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)",
         "    transform = make_transform(train_images)\n    x = torch.stack([transform(img) for img in train_images])\n    loader = DataLoader(TensorDataset(x, torch.as_tensor(train_labels)), batch_size=32, shuffle=True)",
         "train_cnn", "notebook's train_images"),
    Case("formula without dilation", FORMULA, "    return (size + 2 * padding - (kernel_size - 1) - 1) // stride + 1",
         "conv_output_size", "dilation"),
    Case("formula rounding up", FORMULA,
         "    return int(np.ceil((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride)) + 1",
         "conv_output_size", "rounded up"),
    Case("formula with / instead of //", FORMULA,
         "    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1",
         "conv_output_size", "floor division"),
    Case("padding counted once", FORMULA, "    return (size + padding - dilation * (kernel_size - 1) - 1) // stride + 1",
         "conv_output_size", "2 * padding"),
    Case("flatten size 320 hard-coded from MNIST", FC, "        self.fc = nn.Linear(320, 10)", "BasicCNN", "320"),
    Case("softmax at the end of the CNN", "        return self.fc(x)", "        return F.softmax(self.fc(x), dim=1)",
         "BasicCNN", "softmax in forward"),
    Case("Inception concatenated on dim 0", CAT, "        return torch.cat(outputs, dim=0)", "InceptionA", "dim=1"),
    Case("Inception branch left out", CAT, "        return torch.cat(outputs[:3], dim=1)", "InceptionA", "missing"),
    Case("Inception 5x5 without padding", "nn.Conv2d(16, 24, kernel_size=5, padding=2)",
         "nn.Conv2d(16, 24, kernel_size=5, padding=1)", "InceptionA", "padding=2"),
    Case("residual relu(x) + f(x)", RESIDUAL,
         "        y = F.relu(self.conv1(x))\n        y = self.conv2(y)\n        return F.relu(x) + y",
         "ResidualBlock", "add first"),
    Case("residual relu on conv2 before adding", RESIDUAL,
         "        y = F.relu(self.conv1(x))\n        y = F.relu(self.conv2(y))\n        return F.relu(x + y)",
         "ResidualBlock", "before the addition"),
    Case("residual without the skip", RESIDUAL,
         "        y = F.relu(self.conv1(x))\n        y = self.conv2(y)\n        return F.relu(y)",
         "ResidualBlock", "skip connection"),
    Case("residual conv without padding", "        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3, padding=1)",
         "        self.conv2 = nn.Conv2d(channels, channels, kernel_size=3)", "ResidualBlock", "padding=1"),
    Case("an MLP instead of a CNN", MODEL,
         "    model = nn.Sequential(nn.Flatten(), nn.Linear(x.shape[2] * x.shape[3], 64), nn.ReLU(),\n"
         "                          nn.Linear(64, 10)).to(device)", "train_cnn", "Conv2d"),
    Case("softmax before nn.CrossEntropyLoss in the CNN loop", "            loss = criterion(model(inputs), targets)",
         "            loss = criterion(F.softmax(model(inputs), dim=1), targets)", "train_cnn", "softmax twice"),
    Case("no zero_grad in the CNN loop", "            optimizer.zero_grad()\n", "", "train_cnn", "zero_grad"),
]
