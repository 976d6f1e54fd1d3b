"""hw10 recurrent networks: hidden-state shapes, state not carried, batch_first confusion, the wrong step."""

from tests.lessons.lesson_cases import Case

CELL = "return torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)"
ONE_HOT = "return torch.eye(num_classes)[torch.as_tensor(indices, dtype=torch.long)]"
HELLO_H0 = "h0 = torch.zeros(self.num_layers, x.size(1), self.hidden_size, dtype=x.dtype, device=x.device)"
HELLO_TRAIN = (
    "        optimizer.zero_grad()\n"
    "        loss = criterion(model(inputs), labels.view(-1))\n"
)
HELLO_OPTIMIZER = "    optimizer = torch.optim.Adam(model.parameters(), lr=lr)\n"
CLASSIFIER_TAIL = "_, h_n = self.gru(packed)\n        return self.fc(h_n[-1])"
NAME_MODEL = (
    "    model = NameClassifier(VOCAB_SIZE, 32, num_classes)\n"
    "    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)\n"
)
NAME_EPOCH = "    for epoch in range(5):\n        order = torch.randperm(len(names))\n"
NAME_STEP = (
    "            optimizer.zero_grad()\n"
    "            loss = criterion(model(codes[batch], lengths[batch]), labels[batch])\n"
)

MISTAKES = [
    Case("train_name_classifier learns the notebook's surnames, not its arguments",
         "    codes, lengths = make_tensors(names)\n    labels = torch.as_tensor(labels, dtype=torch.long)\n",
         "    codes, lengths = make_tensors(surnames)\n    labels = torch.as_tensor(surname_labels, dtype=torch.long)\n",
         "train_name_classifier", "notebook's surnames"),
    Case("HelloRNN carries its hidden state from one forward to the next",
         "        h0 = torch.zeros(self.num_layers, x.size(1), self.hidden_size, dtype=x.dtype, device=x.device)\n        out, _ = self.rnn(x, h0)\n",
         "        if getattr(self, 'hidden', None) is None:\n            self.hidden = torch.zeros(self.num_layers, x.size(1), self.hidden_size, dtype=x.dtype, device=x.device)\n        out, self.hidden = self.rnn(x, self.hidden)\n        self.hidden = self.hidden.detach()\n",
         "HelloRNN", "carries its hidden state"),
    Case("cell without tanh", CELL, "return x @ w_ih.T + b_ih + h @ w_hh.T + b_hh", "rnn_cell", "tanh is missing"),
    Case("W_hh applied to x", CELL, "return torch.tanh(x @ w_hh.T + b_ih + h @ w_ih.T + b_hh)", "rnn_cell",
         "W_hh was applied to x"),
    Case("hidden state reset every step", "        h = rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh)",
         "        h = rnn_cell(x, h0, w_ih, w_hh, b_ih, b_hh)", "rnn_forward", "not carried between steps"),
    Case("one-hot rows and columns swapped", ONE_HOT,
         "return torch.eye(num_classes)[:, torch.as_tensor(indices, dtype=torch.long)]", "one_hot",
         "rows and columns are swapped"),
    Case("h0 without the layer dimension", HELLO_H0,
         "h0 = torch.zeros(x.size(1), self.hidden_size, dtype=x.dtype, device=x.device)", "HelloRNN",
         "(num_layers, batch, hidden_size)"),
    Case("embedding RNN not batch first", "nn.RNN(embedding_size, hidden_size, num_layers, batch_first=True)",
         "nn.RNN(embedding_size, hidden_size, num_layers)", "HelloEmbedding", "batch_first=True"),
    Case("hello training without zero_grad", HELLO_TRAIN, HELLO_TRAIN.replace("        optimizer.zero_grad()\n", ""),
         "train_hello", "not zeroed"),
    Case("names sorted by length", "    lengths = torch.tensor([len(name) for name in names], dtype=torch.long)\n",
         "    names = sorted(names, key=len, reverse=True)\n"
         "    lengths = torch.tensor([len(name) for name in names], dtype=torch.long)\n", "make_tensors",
         "sorted by length"),
    Case("classified by the first step", CLASSIFIER_TAIL,
         "out, _ = self.gru(self.embedding(codes))\n        return self.fc(out[:, 0])", "NameClassifier",
         "first step"),
    Case("classified by the padded last step", CLASSIFIER_TAIL,
         "out, _ = self.gru(self.embedding(codes))\n        return self.fc(out[:, -1])", "NameClassifier",
         "padded last step"),
    Case("labels not shuffled with the names", "labels[batch])", "labels[start : start + 64])",
         "train_name_classifier", "labels are not paired with their names"),
    Case("surname model rebuilt every epoch", NAME_MODEL + "    criterion = nn.CrossEntropyLoss()\n"
         "    losses = []\n" + NAME_EPOCH,
         "    criterion = nn.CrossEntropyLoss()\n    losses = []\n    for epoch in range(5):\n"
         + "".join("    " + line + "\n" for line in NAME_MODEL.splitlines())
         + "        order = torch.randperm(len(names))\n", "train_name_classifier", "before the epoch loop"),
]

# More realistic mistakes, each checked once to lose exactly its check with its hint (left out of MISTAKES to keep
# the suite's time down: every case is a full grading). Move any of them into MISTAKES to test it again.
MORE_MISTAKES = [
    Case("outputs stacked batch first", "return torch.stack(outputs), h", "return torch.stack(outputs, dim=1), h",
         "rnn_forward", "stacked batch first"),
    Case("one-hot left int64", ONE_HOT, "return nn.functional.one_hot(torch.as_tensor(indices), num_classes)",
         "one_hot", "float32"),
    Case("one-hot RNN made batch first", "self.rnn = nn.RNN(input_size, hidden_size, num_layers)",
         "self.rnn = nn.RNN(input_size, hidden_size, num_layers, batch_first=True)", "HelloRNN", "batch_first=False"),
    Case("embedding scores step by step", "return self.fc(out).reshape(-1, self.num_class)",
         "return self.fc(out).transpose(0, 1).reshape(-1, self.num_class)", "HelloEmbedding",
         "rows are step by step"),
    Case("hello optimizer made every epoch", HELLO_OPTIMIZER + "    criterion = nn.CrossEntropyLoss()\n"
         "    losses = []\n    for epoch in range(epochs):\n",
         "    criterion = nn.CrossEntropyLoss()\n    losses = []\n    for epoch in range(epochs):\n"
         "    " + HELLO_OPTIMIZER, "train_hello", "new optimizer was made every epoch"),
    Case("codes (max_len, batch)", "    return codes, lengths\n", "    return codes.T, lengths\n", "make_tensors",
         "(max_len, batch)"),
    Case("surname training without zero_grad", NAME_STEP, NAME_STEP.replace("            optimizer.zero_grad()\n", ""),
         "train_name_classifier", "call optimizer.zero_grad()"),
    Case("softmax before CrossEntropyLoss", "loss = criterion(model(codes[batch], lengths[batch]), labels[batch])",
         "loss = criterion(torch.softmax(model(codes[batch], lengths[batch]), dim=1), labels[batch])",
         "train_name_classifier", "do not apply softmax"),
    # "by hand" means by hand: torch's RNN cell, by whatever route, loses the check and is named (issue 24)
    Case("rnn_cell with nn.RNNCell", "    return torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)",
         "    cell = torch.nn.RNNCell(w_ih.shape[1], w_ih.shape[0]).to(x.dtype)\n"
         "    with torch.no_grad():\n        cell.weight_ih.copy_(w_ih); cell.weight_hh.copy_(w_hh)\n"
         "        cell.bias_ih.copy_(b_ih); cell.bias_hh.copy_(b_hh)\n    return cell(x, h)", "rnn_cell", "calls"),
    Case("rnn_cell with torch.rnn_tanh_cell", "    return torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)",
         "    return torch.rnn_tanh_cell(x, h, w_ih, w_hh, b_ih, b_hh)", "rnn_cell", "calls torch.rnn_tanh_cell"),
]
