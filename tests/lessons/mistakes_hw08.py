"""hw08 softmax, cross-entropy, transforms and an MLP: the classic mistakes of multi-class classification."""

from tests.lessons.lesson_cases import Case

SHIFT = "    shifted = logits - logits.max(dim=1, keepdim=True).values\n"
LOG_PROBS = "    log_probs = logits - m - torch.log(torch.exp(logits - m).sum(dim=1, keepdim=True))\n"
PICK = "    return -log_probs[torch.arange(len(labels)), labels].mean()"
STATS = "    pixels = torch.tensor(images, dtype=torch.float32) / 255\n"

MISTAKES = [
    Case("train_classifier learns the notebook's train_images / train_labels, not its arguments",
         "    transform = make_transform(images)\n    x = torch.stack([transform(img) for img in images])\n    loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)",
         "    transform = make_transform(train_images)\n    x = torch.stack([transform(img) for img in train_images])\n    loader = DataLoader(TensorDataset(x, torch.as_tensor(train_labels)), batch_size=32, shuffle=True)",
         "train_classifier", "notebook's train_images"),
    Case("softmax without subtracting the max", SHIFT, "    shifted = logits\n", "softmax", "overflows"),
    Case("softmax minus the global max", SHIFT, "    shifted = logits - logits.max()\n", "softmax", "whole tensor"),
    Case("softmax along dim 0", "    return exps / exps.sum(dim=1, keepdim=True)",
         "    return exps / exps.sum(dim=0, keepdim=True)", "softmax", "rows"),
    Case("cross-entropy with the wrong sign", PICK, "    return log_probs[torch.arange(len(labels)), labels].mean()",
         "cross_entropy", "sign"),
    Case("cross-entropy summed instead of averaged", PICK,
         "    return -log_probs[torch.arange(len(labels)), labels].sum()", "cross_entropy", "mean"),
    Case("cross-entropy as log(softmax)", LOG_PROBS, "    log_probs = torch.log(softmax(logits))\n",
         "cross_entropy", "log-sum-exp"),
    Case("one-hot labels averaged over N*C", PICK,
         "    one_hot = torch.nn.functional.one_hot(labels, logits.shape[1])\n"
         "    return -(one_hot * log_probs).mean()", "cross_entropy", "one-hot"),
    Case("the lecture's MNIST statistics", "    return transforms.Compose([transforms.ToTensor(), "
         "transforms.Normalize((mean,), (std,))])",
         "    return transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])",
         "make_transform", "MNIST"),
    Case("test-set statistics", STATS, "    pixels = torch.tensor(test_images, dtype=torch.float32) / 255\n",
         "make_transform", "test_images"),
    Case("statistics in 0..255 units", STATS, "    pixels = torch.tensor(images, dtype=torch.float32)\n",
         "make_transform", "0..255"),
    Case("image not flattened", "        x = x.view(-1, self.in_features)\n", "", "MLP", "x.view(-1, self.in_features)"),
    Case("flatten size hard-coded from MNIST", "        x = x.view(-1, self.in_features)\n",
         "        x = x.view(-1, 784)\n", "MLP", "784"),
    Case("softmax at the end of forward", "        return self.l3(x)", "        return torch.softmax(self.l3(x), dim=1)",
         "MLP", "softmax in forward"),
    Case("MLP without ReLU", "        x = self.relu(self.l1(x))\n        x = self.relu(self.l2(x))\n",
         "        x = self.l1(x)\n        x = self.l2(x)\n", "MLP", "linear"),
    Case("softmax before nn.CrossEntropyLoss", "            loss = criterion(outputs, targets)",
         "            loss = criterion(torch.softmax(outputs, dim=1), targets)", "train_classifier", "softmax twice"),
    Case("no zero_grad", "            optimizer.zero_grad()\n", "", "train_classifier", "zero_grad"),
    Case("labels shuffled apart from the images",
         "    loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)",
         "    loader = DataLoader(TensorDataset(x, labels[torch.randperm(len(labels))]), batch_size=32, shuffle=True)",
         "train_classifier", "shuffled apart"),
    # "by hand" means by hand: torch's own softmax or loss, by whatever route, loses the check and is named
    Case("softmax with torch.softmax", "    return exps / exps.sum(dim=1, keepdim=True)",
         "    return torch.softmax(logits, dim=1)", "softmax", "calls torch.softmax"),
    Case("softmax found with getattr", "    return exps / exps.sum(dim=1, keepdim=True)",
         "    return getattr(torch.nn.functional, 'soft' + 'max')(logits, dim=1)", "softmax", "calls torch"),
    Case("cross_entropy with F.cross_entropy", "    return -log_probs[torch.arange(len(labels)), labels].mean()",
         "    return torch.nn.functional.cross_entropy(logits, labels)", "cross_entropy",
         "calls torch.nn.functional.cross_entropy"),
    Case("cross_entropy with an aten operator", "    return -log_probs[torch.arange(len(labels)), labels].mean()",
         "    return torch.ops.aten.nll_loss(torch.ops.aten._log_softmax(logits, 1, False), labels)",
         "cross_entropy", "calls torch.ops.aten"),
    Case("train_classifier returns an empty loss history", "    return model, losses", "    return model, []",
         "train_classifier", "one loss.item() per epoch"),
]
