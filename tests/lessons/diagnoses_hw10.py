"""hw10: each modelled mistake written the ways learners write it, and correct code written otherwise.

Left out:
- rnn_cell "changed what the grader watches" (by_hand_mistakes' second Mistake): it models code that tampers with the
  grader's watch of torch's calls (patching torch.rnn_tanh_cell, swapping builtins); no learner of this course writes
  that while answering the exercise.
- train_name_classifier "The loss history is empty" (diagnose_names): an empty history never reaches it, the
  training check answers first with NO_LOSSES_HINT ("Record the loss as you train"), which the three ways of that
  mistake below are measured against.
- train_name_classifier "The loss became NaN": no code a learner of this lesson writes gets there: Adam with lr=1 or
  lr=10, SGD with lr=1 and a summed CrossEntropyLoss were tried; none reaches NaN (lr=1 and 10 end far above log(8)
  and are told "still falling", a finding of the report, not a case here).
"""

from tests.lessons.lesson_cases import Case, Variant

CELL = "    return torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)\n"
LOOP = (
    "    h = h0\n"
    "    outputs = []\n"
    "    for x in xs:\n"
    "        h = rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh)\n"
    "        outputs.append(h)\n"
    "    return torch.stack(outputs), h\n"
)
ONE_HOT = "    return torch.eye(num_classes)[torch.as_tensor(indices, dtype=torch.long)]\n"
HELLO_FORWARD = (
    "        h0 = torch.zeros(self.num_layers, x.size(1), self.hidden_size, dtype=x.dtype, device=x.device)\n"
    "        out, _ = self.rnn(x, h0)\n"
    "        return out.reshape(-1, self.hidden_size)\n"
)
EMB_FORWARD = (
    "        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size, device=x.device)\n"
    "        out, _ = self.rnn(self.emb(x), h0)\n"
    "        return self.fc(out).reshape(-1, self.num_class)\n"
)
TRAIN_HELLO = (
    "    optimizer = torch.optim.Adam(model.parameters(), lr=lr)\n"
    "    criterion = nn.CrossEntropyLoss()\n"
    "    losses = []\n"
    "    for epoch in range(epochs):\n"
    "        optimizer.zero_grad()\n"
    "        loss = criterion(model(inputs), labels.view(-1))\n"
    "        loss.backward()\n"
    "        optimizer.step()\n"
    "        losses.append(loss.item())\n"
    "    return losses\n"
)
MAKE = (
    "    lengths = torch.tensor([len(name) for name in names], dtype=torch.long)\n"
    "    codes = torch.zeros(len(names), int(lengths.max()), dtype=torch.long)\n"
    "    for i, name in enumerate(names):\n"
    "        codes[i, : len(name)] = torch.tensor([ord(c) for c in name], dtype=torch.long)\n"
    "    return codes, lengths\n"
)
CLS_FORWARD = (
    "        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(codes), lengths.cpu(), batch_first=True,\n"
    "                                                   enforce_sorted=False)\n"
    "        _, h_n = self.gru(packed)\n"
    "        return self.fc(h_n[-1])\n"
)
TRAIN_NAMES = (
    "    codes, lengths = make_tensors(names)\n"
    "    labels = torch.as_tensor(labels, dtype=torch.long)\n"
    "    model = NameClassifier(VOCAB_SIZE, 32, num_classes)\n"
    "    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)\n"
    "    criterion = nn.CrossEntropyLoss()\n"
    "    losses = []\n"
    "    for epoch in range(5):\n"
    "        order = torch.randperm(len(names))\n"
    "        total = 0.0\n"
    "        for start in range(0, len(names), 64):\n"
    "            batch = order[start : start + 64]\n"
    "            optimizer.zero_grad()\n"
    "            loss = criterion(model(codes[batch], lengths[batch]), labels[batch])\n"
    "            loss.backward()\n"
    "            optimizer.step()\n"
    "            total += loss.item() * len(batch)\n"
    "        losses.append(total / len(names))\n"
    "    return model, losses\n"
)
NAME_STEP = "            loss = criterion(model(codes[batch], lengths[batch]), labels[batch])\n"
NAME_MODEL = (
    "    model = NameClassifier(VOCAB_SIZE, 32, num_classes)\n"
    "    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)\n"
    "    criterion = nn.CrossEntropyLoss()\n"
    "    losses = []\n"
    "    for epoch in range(5):\n"
)


def _cell(body: str) -> str:
    return "    return " + body + "\n"


WRONG = [
    # rnn_cell: torch's own RNN reached (by_hand_mistakes)
    Case("rnn_cell with an nn.RNNCell given the weights", CELL,
         "    cell = nn.RNNCell(w_ih.shape[1], w_ih.shape[0]).to(x.dtype)\n"
         "    cell.weight_ih.data = w_ih\n    cell.weight_hh.data = w_hh\n"
         "    cell.bias_ih.data = b_ih\n    cell.bias_hh.data = b_hh\n    return cell(x, h)\n",
         "rnn_cell", "your function calls"),
    Case("rnn_cell with torch.rnn_tanh_cell", CELL, "    return torch.rnn_tanh_cell(x, h, w_ih, w_hh, b_ih, b_hh)\n",
         "rnn_cell", "your function calls"),
    Case("rnn_cell with a one-step nn.RNN", CELL,
         "    rnn = nn.RNN(w_ih.shape[1], w_ih.shape[0]).to(x.dtype)\n"
         "    with torch.no_grad():\n"
         "        rnn.weight_ih_l0.copy_(w_ih)\n        rnn.weight_hh_l0.copy_(w_hh)\n"
         "        rnn.bias_ih_l0.copy_(b_ih)\n        rnn.bias_hh_l0.copy_(b_hh)\n"
         "    out, h_n = rnn(x.unsqueeze(0), h.unsqueeze(0))\n    return h_n[0]\n",
         "rnn_cell", "your function calls"),
    # tanh missing
    Case("cell without tanh", CELL, _cell("x @ w_ih.T + b_ih + h @ w_hh.T + b_hh"), "rnn_cell", "tanh is missing"),
    Case("cell without tanh, torch.mm and .t()", CELL,
         _cell("torch.mm(x, w_ih.t()) + b_ih + torch.mm(h, w_hh.t()) + b_hh"), "rnn_cell", "tanh is missing"),
    Case("cell without tanh, two named parts", CELL,
         "    input_part = torch.matmul(x, w_ih.T) + b_ih\n    hidden_part = torch.matmul(h, w_hh.T) + b_hh\n"
         "    h_new = input_part + hidden_part\n    return h_new\n", "rnn_cell", "tanh is missing"),
    # sigmoid
    Case("cell with torch.sigmoid", CELL, _cell("torch.sigmoid(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)"),
         "rnn_cell", "not the sigmoid"),
    Case("cell with the sigmoid written out", CELL,
         "    z = x @ w_ih.T + b_ih + h @ w_hh.T + b_hh\n    return 1 / (1 + torch.exp(-z))\n",
         "rnn_cell", "not the sigmoid"),
    Case("cell with nn.Sigmoid()", CELL,
         "    act = nn.Sigmoid()\n    return act(torch.mm(x, w_ih.t()) + b_ih + torch.mm(h, w_hh.t()) + b_hh)\n",
         "rnn_cell", "not the sigmoid"),
    # w_ih and w_hh swapped
    Case("W_hh applied to x", CELL, _cell("torch.tanh(x @ w_hh.T + b_ih + h @ w_ih.T + b_hh)"), "rnn_cell",
         "W_hh was applied to x"),
    Case("W_hh applied to x, torch.mm", CELL,
         _cell("torch.tanh(torch.mm(x, w_hh.t()) + b_ih + torch.mm(h, w_ih.t()) + b_hh)"), "rnn_cell",
         "W_hh was applied to x"),
    Case("W_hh applied to x, two named parts", CELL,
         "    a = torch.matmul(h, w_ih.T) + b_ih\n    b = torch.matmul(x, w_hh.T) + b_hh\n    return torch.tanh(a + b)\n",
         "rnn_cell", "W_hh was applied to x"),
    # weights not transposed
    Case("weights not transposed", CELL, _cell("torch.tanh(x @ w_ih + b_ih + h @ w_hh + b_hh)"), "rnn_cell",
         "not transposed"),
    Case("weights not transposed, torch.mm", CELL,
         _cell("torch.tanh(torch.mm(x, w_ih) + b_ih + torch.mm(h, w_hh) + b_hh)"), "rnn_cell", "not transposed"),
    Case("weights not transposed, torch.matmul", CELL,
         "    h_new = torch.tanh(torch.matmul(x, w_ih) + torch.matmul(h, w_hh) + b_ih + b_hh)\n    return h_new\n",
         "rnn_cell", "not transposed"),
    # previous hidden state missing
    Case("cell without the hidden state", CELL, _cell("torch.tanh(x @ w_ih.T + b_ih)"), "rnn_cell",
         "previous hidden state is missing"),
    Case("cell without the hidden state, torch.mm", CELL, _cell("torch.tanh(torch.mm(x, w_ih.t()) + b_ih)"),
         "rnn_cell", "previous hidden state is missing"),
    Case("cell without the hidden state, F.linear", CELL,
         _cell("torch.tanh(torch.nn.functional.linear(x, w_ih, b_ih))"), "rnn_cell",
         "previous hidden state is missing"),
    # a bias missing
    Case("cell without b_ih", CELL, _cell("torch.tanh(x @ w_ih.T + h @ w_hh.T + b_hh)"), "rnn_cell",
         "a bias is missing"),
    Case("cell without b_hh", CELL, _cell("torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T)"), "rnn_cell",
         "a bias is missing"),
    Case("cell without b_hh, torch.mm", CELL,
         _cell("torch.tanh(torch.mm(x, w_ih.t()) + b_ih + torch.mm(h, w_hh.t()))"), "rnn_cell",
         "a bias is missing"),
    Case("cell without b_ih, torch.matmul", CELL,
         "    hidden = torch.matmul(h, w_hh.T) + b_hh\n    return torch.tanh(torch.matmul(x, w_ih.T) + hidden)\n",
         "rnn_cell", "a bias is missing"),

    # rnn_forward: hidden state not carried
    Case("every step from h0", LOOP, LOOP.replace("rnn_cell(x, h, ", "rnn_cell(x, h0, "), "rnn_forward",
         "not carried between steps"),
    Case("the new state kept under another name", LOOP,
         "    h = h0\n    outputs = []\n    for x in xs:\n        h_t = rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh)\n"
         "        outputs.append(h_t)\n    return torch.stack(outputs), h_t\n", "rnn_forward",
         "not carried between steps"),
    Case("index loop from h0 every step", LOOP,
         "    outputs = []\n    for t in range(xs.size(0)):\n"
         "        outputs.append(rnn_cell(xs[t], h0, w_ih, w_hh, b_ih, b_hh))\n"
         "    return torch.stack(outputs), outputs[-1]\n", "rnn_forward", "not carried between steps"),
    # only the first step
    Case("return inside the loop", LOOP,
         LOOP.replace("    return torch.stack(outputs), h\n", "        return torch.stack(outputs), h\n"),
         "rnn_forward", "only the first step"),
    Case("return inside an index loop", LOOP,
         "    h = h0\n    outputs = []\n    for t in range(len(xs)):\n"
         "        h = rnn_cell(xs[t], h, w_ih, w_hh, b_ih, b_hh)\n        outputs.append(h)\n"
         "        return torch.stack(outputs), h\n", "rnn_forward", "only the first step"),
    Case("return inside the loop, outputs concatenated", LOOP,
         "    hidden = h0\n    outs = []\n    for x in xs:\n"
         "        hidden = rnn_cell(x, hidden, w_ih, w_hh, b_ih, b_hh)\n        outs.append(hidden.unsqueeze(0))\n"
         "        return torch.cat(outs, dim=0), hidden\n", "rnn_forward", "only the first step"),
    # stacked batch first
    Case("stacked along dim 1", LOOP, LOOP.replace("torch.stack(outputs), h", "torch.stack(outputs, dim=1), h"),
         "rnn_forward", "stacked batch first"),
    Case("stacked then transposed", LOOP,
         LOOP.replace("torch.stack(outputs), h", "torch.stack(outputs).transpose(0, 1), h"),
         "rnn_forward", "stacked batch first"),
    Case("stacked then permuted", LOOP,
         LOOP.replace("    return torch.stack(outputs), h\n",
                      "    out = torch.stack(outputs).permute(1, 0, 2)\n    return out, h\n"),
         "rnn_forward", "stacked batch first"),
    # h_n not the last state
    Case("h0 returned as h_n", LOOP, LOOP.replace("torch.stack(outputs), h\n", "torch.stack(outputs), h0\n"),
         "rnn_forward", "h_n is not the hidden state after the last step"),
    Case("h0 returned, the state under another name", LOOP,
         "    hidden = h0\n    outputs = []\n    for x in xs:\n"
         "        hidden = rnn_cell(x, hidden, w_ih, w_hh, b_ih, b_hh)\n        outputs.append(hidden)\n"
         "    return torch.stack(outputs), h0\n", "rnn_forward", "h_n is not the hidden state after the last step"),
    Case("the first output returned as h_n", LOOP,
         LOOP.replace("torch.stack(outputs), h\n", "torch.stack(outputs), outputs[0]\n"),
         "rnn_forward", "h_n is not the hidden state after the last step"),

    # one_hot: rows and columns swapped
    Case("eye indexed by column", ONE_HOT,
         "    return torch.eye(num_classes)[:, torch.as_tensor(indices, dtype=torch.long)]\n", "one_hot",
         "rows and columns are swapped"),
    Case("F.one_hot transposed", ONE_HOT,
         "    return nn.functional.one_hot(torch.tensor(indices), num_classes).float().T\n", "one_hot",
         "rows and columns are swapped"),
    Case("loop filling (num_classes, len) zeros", ONE_HOT,
         "    out = torch.zeros(num_classes, len(indices))\n    for i, idx in enumerate(indices):\n"
         "        out[idx, i] = 1\n    return out\n", "one_hot", "rows and columns are swapped"),
    # not float32
    Case("F.one_hot left int64", ONE_HOT, "    return nn.functional.one_hot(torch.tensor(indices), num_classes)\n",
         "one_hot", "nn.functional.one_hot gives int64"),
    Case("integer identity matrix", ONE_HOT,
         "    return torch.eye(num_classes, dtype=torch.long)[torch.as_tensor(indices, dtype=torch.long)]\n",
         "one_hot", "nn.functional.one_hot gives int64"),
    Case("loop on long zeros", ONE_HOT,
         "    out = torch.zeros(len(indices), num_classes, dtype=torch.long)\n    for i, idx in enumerate(indices):\n"
         "        out[i][idx] = 1\n    return out\n", "one_hot", "nn.functional.one_hot gives int64"),

    # HelloRNN: hidden state carried
    Case("HelloRNN keeps self.hidden", HELLO_FORWARD,
         "        if getattr(self, 'hidden', None) is None:\n"
         "            self.hidden = torch.zeros(self.num_layers, x.size(1), self.hidden_size)\n"
         "        out, self.hidden = self.rnn(x, self.hidden)\n"
         "        self.hidden = self.hidden.detach()\n"
         "        return out.reshape(-1, self.hidden_size)\n", "HelloRNN", "carries its hidden state"),
    Case("HelloRNN's hidden made in __init__, updated in forward",
         "        self.rnn = nn.RNN(input_size, hidden_size, num_layers)\n        ### END SOLUTION\n\n"
         "    def forward(self, x):\n        ### BEGIN SOLUTION\n" + HELLO_FORWARD,
         "        self.rnn = nn.RNN(input_size, hidden_size, num_layers)\n        self.hidden = None\n"
         "        ### END SOLUTION\n\n    def forward(self, x):\n        ### BEGIN SOLUTION\n"
         "        if self.hidden is None or self.hidden.size(1) != x.size(1):\n"
         "            self.hidden = torch.zeros(self.num_layers, x.size(1), self.hidden_size)\n"
         "        out, hidden = self.rnn(x, self.hidden)\n        self.hidden = hidden.detach()\n"
         "        return out.view(-1, self.hidden_size)\n",
         "HelloRNN", "carries its hidden state"),
    Case("HelloRNN resets its hidden only when the batch changes", HELLO_FORWARD,
         "        if not hasattr(self, 'h') or self.h.size(1) != x.size(1):\n"
         "            self.h = torch.zeros(self.num_layers, x.size(1), self.hidden_size)\n"
         "        out, h = self.rnn(x, self.h)\n        self.h = h.detach()\n"
         "        return out.view(-1, self.hidden_size)\n", "HelloRNN", "carries its hidden state"),
    # only the last step
    Case("HelloRNN returns out[-1]", HELLO_FORWARD,
         HELLO_FORWARD.replace("return out.reshape(-1, self.hidden_size)", "return out[-1]"), "HelloRNN",
         "only the last step"),
    Case("HelloRNN returns h_n[-1]", HELLO_FORWARD,
         HELLO_FORWARD.replace("out, _ = self.rnn(x, h0)", "out, h_n = self.rnn(x, h0)").replace(
             "return out.reshape(-1, self.hidden_size)", "return h_n[-1]"), "HelloRNN", "only the last step"),
    Case("HelloRNN returns the last step by index", HELLO_FORWARD,
         HELLO_FORWARD.replace("return out.reshape(-1, self.hidden_size)",
                               "return out[x.size(0) - 1].view(-1, self.hidden_size)"), "HelloRNN",
         "only the last step"),
    # rows sequence by sequence
    Case("HelloRNN transposes before the view", HELLO_FORWARD,
         HELLO_FORWARD.replace("out.reshape(", "out.transpose(0, 1).reshape("), "HelloRNN",
         "rows are sequence by sequence"),
    Case("HelloRNN permutes before the view", HELLO_FORWARD,
         HELLO_FORWARD.replace("return out.reshape(-1, self.hidden_size)",
                               "return out.permute(1, 0, 2).contiguous().view(-1, self.hidden_size)"), "HelloRNN",
         "rows are sequence by sequence"),
    Case("HelloRNN concatenates sequence by sequence", HELLO_FORWARD,
         HELLO_FORWARD.replace("return out.reshape(-1, self.hidden_size)",
                               "return torch.cat([out[:, b] for b in range(x.size(1))], dim=0)"), "HelloRNN",
         "rows are sequence by sequence"),

    # HelloEmbedding: hidden state carried
    Case("HelloEmbedding keeps self.hidden", EMB_FORWARD,
         "        if getattr(self, 'hidden', None) is None:\n"
         "            self.hidden = torch.zeros(self.num_layers, x.size(0), self.hidden_size)\n"
         "        out, self.hidden = self.rnn(self.emb(x), self.hidden)\n"
         "        self.hidden = self.hidden.detach()\n"
         "        return self.fc(out).reshape(-1, self.num_class)\n", "HelloEmbedding", "carries its hidden state"),
    Case("HelloEmbedding's hidden made once per batch size", EMB_FORWARD,
         "        if not hasattr(self, 'h') or self.h.size(1) != x.size(0):\n"
         "            self.h = torch.zeros(self.num_layers, x.size(0), self.hidden_size)\n"
         "        x = self.emb(x)\n        x, self.h = self.rnn(x, self.h)\n        self.h = self.h.detach()\n"
         "        x = self.fc(x)\n        return x.view(-1, self.num_class)\n",
         "HelloEmbedding", "carries its hidden state"),
    Case("HelloEmbedding's hidden stored after every forward", EMB_FORWARD,
         "        h0 = getattr(self, 'last_hidden', None)\n"
         "        if h0 is None or h0.size(1) != x.size(0):\n"
         "            h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size)\n"
         "        out, hn = self.rnn(self.emb(x), h0)\n        self.last_hidden = hn.detach()\n"
         "        return self.fc(out).reshape(-1, self.num_class)\n", "HelloEmbedding", "carries its hidden state"),
    # rows step by step
    Case("HelloEmbedding transposes the scores", EMB_FORWARD,
         EMB_FORWARD.replace("self.fc(out).reshape(", "self.fc(out).transpose(0, 1).reshape("), "HelloEmbedding",
         "rows are step by step"),
    Case("HelloEmbedding permutes the RNN's output", EMB_FORWARD,
         EMB_FORWARD.replace("return self.fc(out).reshape(-1, self.num_class)",
                             "out = out.permute(1, 0, 2).contiguous()\n"
                             "        return self.fc(out).view(-1, self.num_class)"), "HelloEmbedding",
         "rows are step by step"),
    Case("HelloEmbedding concatenates step by step", EMB_FORWARD,
         EMB_FORWARD.replace("return self.fc(out).reshape(-1, self.num_class)",
                             "scores = self.fc(out)\n"
                             "        return torch.cat([scores[:, t] for t in range(x.size(1))], dim=0)"),
         "HelloEmbedding", "rows are step by step"),

    # train_hello: gradients not zeroed
    Case("hello training without zero_grad", TRAIN_HELLO, TRAIN_HELLO.replace("        optimizer.zero_grad()\n", ""),
         "train_hello", "not zeroed"),
    Case("zero_grad without its parentheses", TRAIN_HELLO,
         TRAIN_HELLO.replace("optimizer.zero_grad()", "optimizer.zero_grad"), "train_hello", "not zeroed"),
    Case("zero_grad once, before the loop (lecture style)", TRAIN_HELLO,
         "    optimizer = torch.optim.Adam(model.parameters(), lr=lr)\n    criterion = nn.CrossEntropyLoss()\n"
         "    losses = []\n    optimizer.zero_grad()\n    for epoch in range(epochs):\n"
         "        outputs = model(inputs)\n        loss = criterion(outputs, labels.view(-1))\n"
         "        loss.backward()\n        optimizer.step()\n        print(epoch, loss.item())\n"
         "        losses.append(loss.item())\n    return losses\n", "train_hello", "not zeroed"),
    # a new optimizer every epoch
    Case("hello optimizer made in the loop", TRAIN_HELLO,
         "    criterion = nn.CrossEntropyLoss()\n    losses = []\n    for epoch in range(epochs):\n"
         "        optimizer = torch.optim.Adam(model.parameters(), lr=lr)\n        optimizer.zero_grad()\n"
         "        loss = criterion(model(inputs), labels.view(-1))\n        loss.backward()\n"
         "        optimizer.step()\n        losses.append(loss.item())\n    return losses\n",
         "train_hello", "new optimizer was made every epoch"),
    Case("hello optimizer and criterion made in the loop", TRAIN_HELLO,
         "    losses = []\n    for epoch in range(epochs):\n        criterion = nn.CrossEntropyLoss()\n"
         "        optimizer = torch.optim.Adam(model.parameters(), lr=lr)\n"
         "        outputs = model(inputs)\n        loss = criterion(outputs, labels.view(-1))\n"
         "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n"
         "        print(epoch, loss.item())\n        losses.append(loss.item())\n    return losses\n",
         "train_hello", "new optimizer was made every epoch"),
    Case("hello optimizer made just before its step", TRAIN_HELLO,
         "    criterion = nn.CrossEntropyLoss()\n    losses = []\n    for epoch in range(epochs):\n"
         "        model.zero_grad()\n        loss = criterion(model(inputs), labels.view(-1))\n"
         "        loss.backward()\n        torch.optim.Adam(model.parameters(), lr=lr).step()\n"
         "        losses.append(loss.item())\n    return losses\n", "train_hello", "new optimizer was made every epoch"),

    # make_tensors: names sorted by length
    Case("names sorted by length", MAKE, "    names = sorted(names, key=len, reverse=True)\n" + MAKE, "make_tensors",
         "sorted by length"),
    Case("names sorted in place", MAKE, "    names.sort(key=lambda n: len(n), reverse=True)\n" + MAKE,
         "make_tensors", "sorted by length"),
    Case("codes sorted by length with torch.sort (lecture)", MAKE,
         MAKE.replace("    return codes, lengths\n",
                      "    lengths, perm = lengths.sort(dim=0, descending=True)\n    codes = codes[perm]\n"
                      "    return codes, lengths\n"), "make_tensors", "sorted by length"),
    # codes (max_len, batch)
    Case("codes transposed", MAKE, MAKE.replace("return codes, lengths", "return codes.T, lengths"),
         "make_tensors", "(max_len, batch)"),
    Case("codes .t() for the RNN", MAKE, MAKE.replace("return codes, lengths", "return codes.t(), lengths"),
         "make_tensors", "(max_len, batch)"),
    Case("codes filled column by column", MAKE,
         "    lengths = torch.tensor([len(name) for name in names], dtype=torch.long)\n"
         "    codes = torch.zeros(int(lengths.max()), len(names), dtype=torch.long)\n"
         "    for i, name in enumerate(names):\n"
         "        for j, c in enumerate(name):\n            codes[j, i] = ord(c)\n    return codes, lengths\n",
         "make_tensors", "(max_len, batch)"),
    # lengths padded
    Case("lengths all the max length", MAKE,
         MAKE.replace("    return codes, lengths\n",
                      "    lengths = torch.full((len(names),), codes.size(1), dtype=torch.long)\n"
                      "    return codes, lengths\n"), "make_tensors", "each name's own length"),
    Case("lengths of the padded rows", MAKE,
         MAKE.replace("    return codes, lengths\n",
                      "    lengths = torch.tensor([len(row) for row in codes], dtype=torch.long)\n"
                      "    return codes, lengths\n"), "make_tensors", "each name's own length"),
    Case("lengths from a padded list", MAKE,
         "    max_len = max(len(name) for name in names)\n"
         "    padded = [[ord(c) for c in name] + [0] * (max_len - len(name)) for name in names]\n"
         "    codes = torch.tensor(padded, dtype=torch.long)\n"
         "    lengths = torch.tensor([len(p) for p in padded], dtype=torch.long)\n    return codes, lengths\n",
         "make_tensors", "each name's own length"),

    # NameClassifier: hidden state carried
    Case("NameClassifier keeps self.hidden", CLS_FORWARD,
         "        emb = self.embedding(codes)\n"
         "        if getattr(self, 'hidden', None) is None or self.hidden.size(1) != codes.size(0):\n"
         "            self.hidden = torch.zeros(1, codes.size(0), self.gru.hidden_size)\n"
         "        packed = nn.utils.rnn.pack_padded_sequence(emb, lengths.cpu(), batch_first=True,\n"
         "                                                   enforce_sorted=False)\n"
         "        _, self.hidden = self.gru(packed, self.hidden)\n        self.hidden = self.hidden.detach()\n"
         "        return self.fc(self.hidden[-1])\n", "NameClassifier", "carries its hidden state"),
    Case("NameClassifier's state kept from the last call", CLS_FORWARD,
         "        h0 = getattr(self, 'h', None)\n"
         "        if h0 is None or h0.size(1) != codes.size(0):\n"
         "            h0 = torch.zeros(1, codes.size(0), self.gru.hidden_size)\n"
         "        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(codes), lengths.cpu(), batch_first=True,\n"
         "                                                   enforce_sorted=False)\n"
         "        _, h_n = self.gru(packed, h0)\n        self.h = h_n.detach()\n"
         "        return self.fc(h_n[-1])\n", "NameClassifier", "carries its hidden state"),
    Case("NameClassifier carries its state, unpacked", CLS_FORWARD,
         "        if not hasattr(self, 'hidden') or self.hidden.size(1) != codes.size(0):\n"
         "            self.hidden = torch.zeros(1, codes.size(0), self.gru.hidden_size)\n"
         "        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(codes), lengths.cpu(), batch_first=True,\n"
         "                                                   enforce_sorted=False)\n"
         "        output, hidden = self.gru(packed, self.hidden)\n        self.hidden = hidden.data\n"
         "        return self.fc(hidden[-1])\n", "NameClassifier", "carries its hidden state"),
    # first step
    Case("classified by out[:, 0]", CLS_FORWARD,
         "        out, _ = self.gru(self.embedding(codes))\n        return self.fc(out[:, 0])\n", "NameClassifier",
         "first step"),
    Case("classified by the first step of the unpacked output", CLS_FORWARD,
         CLS_FORWARD.replace("        _, h_n = self.gru(packed)\n        return self.fc(h_n[-1])\n",
                             "        out, _ = self.gru(packed)\n"
                             "        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True)\n"
                             "        return self.fc(out[:, 0, :])\n"), "NameClassifier", "first step"),
    Case("classified by output[0] of a step-first GRU", CLS_FORWARD,
         "        x = self.embedding(codes).transpose(0, 1)\n        output, hidden = self.gru(x.transpose(0, 1))\n"
         "        output = output.transpose(0, 1)\n        return self.fc(output[0])\n", "NameClassifier",
         "first step"),
    # the padded last step
    Case("classified by out[:, -1] without packing", CLS_FORWARD,
         "        out, _ = self.gru(self.embedding(codes))\n        return self.fc(out[:, -1])\n", "NameClassifier",
         "padded last step"),
    Case("h_n of the padded batch", CLS_FORWARD,
         "        _, h_n = self.gru(self.embedding(codes))\n        return self.fc(h_n[-1])\n", "NameClassifier",
         "padded last step"),
    Case("lengths ignored, hidden squeezed", CLS_FORWARD,
         "        embedded = self.embedding(codes)\n        output, hidden = self.gru(embedded)\n"
         "        return self.fc(hidden.squeeze(0))\n", "NameClassifier", "padded last step"),
    # the unpacked output's last step
    Case("pad_packed_sequence then out[:, -1]", CLS_FORWARD,
         CLS_FORWARD.replace("        _, h_n = self.gru(packed)\n        return self.fc(h_n[-1])\n",
                             "        out, _ = self.gru(packed)\n"
                             "        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True)\n"
                             "        return self.fc(out[:, -1])\n"), "NameClassifier", "which is zero for a short"),
    Case("pad_packed_sequence with total_length, last step", CLS_FORWARD,
         CLS_FORWARD.replace("        _, h_n = self.gru(packed)\n        return self.fc(h_n[-1])\n",
                             "        output, hidden = self.gru(packed)\n"
                             "        output, _ = nn.utils.rnn.pad_packed_sequence(output, batch_first=True,\n"
                             "                                                     total_length=codes.size(1))\n"
                             "        return self.fc(output[:, -1, :])\n"), "NameClassifier",
         "which is zero for a short"),
    Case("unpacked step first, output[-1]", CLS_FORWARD,
         CLS_FORWARD.replace("        _, h_n = self.gru(packed)\n        return self.fc(h_n[-1])\n",
                             "        out, _ = self.gru(packed)\n"
                             "        out, _ = nn.utils.rnn.pad_packed_sequence(out)\n"
                             "        return self.fc(out[-1])\n"), "NameClassifier", "which is zero for a short"),

    # train_name_classifier: the notebook's surnames
    Case("trained on the notebook's surnames", TRAIN_NAMES,
         TRAIN_NAMES.replace("make_tensors(names)", "make_tensors(surnames)").replace(
             "torch.as_tensor(labels, ", "torch.as_tensor(surname_labels, "),
         "train_name_classifier", "notebook's surnames"),
    Case("names and labels taken from the globals", TRAIN_NAMES,
         "    names, labels = surnames, surname_labels\n" + TRAIN_NAMES, "train_name_classifier",
         "notebook's surnames"),
    Case("load_surnames() called inside the training", TRAIN_NAMES,
         "    names, labels = load_surnames()\n" + TRAIN_NAMES, "train_name_classifier", "notebook's surnames"),
    # empty loss history
    Case("losses never appended", TRAIN_NAMES, TRAIN_NAMES.replace("        losses.append(total / len(names))\n", ""),
         "train_name_classifier", "record the loss as you train"),
    Case("losses appended to another list", TRAIN_NAMES,
         TRAIN_NAMES.replace("losses.append(total / len(names))", "loss_list.append(total / len(names))").replace(
             "    losses = []\n", "    losses = []\n    loss_list = []\n"),
         "train_name_classifier", "record the loss as you train"),
    Case("loss history printed, not kept", TRAIN_NAMES,
         TRAIN_NAMES.replace("        losses.append(total / len(names))\n",
                             "        print(epoch, total / len(names))\n"),
         "train_name_classifier", "record the loss as you train"),
    # too few epochs / still falling
    Case("one epoch", TRAIN_NAMES, TRAIN_NAMES.replace("range(5)", "range(1)"), "train_name_classifier",
         "too few epochs"),
    Case("return inside the epoch loop", TRAIN_NAMES,
         TRAIN_NAMES.replace("    return model, losses\n", "        return model, losses\n"),
         "train_name_classifier", "too few epochs"),
    Case("a debugging EPOCHS = 1 left in", TRAIN_NAMES,
         "    EPOCHS = 1  # quick test\n" + TRAIN_NAMES.replace("range(5)", "range(EPOCHS)"),
         "train_name_classifier", "too few epochs"),
    Case("lr 0.001 for 5 epochs", TRAIN_NAMES, TRAIN_NAMES.replace("lr=0.01", "lr=0.001"),
         "train_name_classifier", "still falling"),
    Case("SGD lr 0.01 (the lecture's optimizer)", TRAIN_NAMES,
         TRAIN_NAMES.replace("torch.optim.Adam(model.parameters(), lr=0.01)",
                             "torch.optim.SGD(model.parameters(), lr=0.01)"),
         "train_name_classifier", "still falling"),
    Case("lr 0.002 for 5 epochs", TRAIN_NAMES, TRAIN_NAMES.replace("lr=0.01", "lr=0.002"),
         "train_name_classifier", "still falling"),
    # labels apart from their names
    Case("labels sliced, names shuffled", TRAIN_NAMES, TRAIN_NAMES.replace("labels[batch])", "labels[start : start + 64])"),
         "train_name_classifier", "labels are not paired with their names"),
    Case("names shuffled without their labels", TRAIN_NAMES,
         "    random.shuffle(names)\n" + TRAIN_NAMES, "train_name_classifier",
         "labels are not paired with their names"),
    Case("names sorted by length without their labels", TRAIN_NAMES,
         "    names = sorted(names, key=len, reverse=True)\n" + TRAIN_NAMES, "train_name_classifier",
         "labels are not paired with their names"),
    # no zero_grad
    Case("surname training without zero_grad", TRAIN_NAMES,
         TRAIN_NAMES.replace("            optimizer.zero_grad()\n", ""), "train_name_classifier", "add up"),
    Case("zero_grad once per epoch", TRAIN_NAMES,
         TRAIN_NAMES.replace("            optimizer.zero_grad()\n", "").replace(
             "        total = 0.0\n", "        total = 0.0\n        optimizer.zero_grad()\n"),
         "train_name_classifier", "add up"),
    Case("model.zero_grad without parentheses", TRAIN_NAMES,
         TRAIN_NAMES.replace("optimizer.zero_grad()", "model.zero_grad"), "train_name_classifier",
         "add up"),
    # model rebuilt every epoch
    Case("model and optimizer built in the epoch loop", TRAIN_NAMES,
         TRAIN_NAMES.replace(NAME_MODEL,
                             "    criterion = nn.CrossEntropyLoss()\n    losses = []\n    for epoch in range(5):\n"
                             "        model = NameClassifier(VOCAB_SIZE, 32, num_classes)\n"
                             "        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)\n"),
         "train_name_classifier", "before the epoch loop"),
    Case("everything built in the epoch loop", TRAIN_NAMES,
         TRAIN_NAMES.replace(NAME_MODEL,
                             "    losses = []\n    for epoch in range(5):\n"
                             "        model = NameClassifier(VOCAB_SIZE, 32, num_classes)\n"
                             "        criterion = nn.CrossEntropyLoss()\n"
                             "        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)\n"),
         "train_name_classifier", "before the epoch loop"),
    Case("model built at the top of each epoch, with a printout", TRAIN_NAMES,
         TRAIN_NAMES.replace(NAME_MODEL,
                             "    criterion = nn.CrossEntropyLoss()\n    losses = []\n    for epoch in range(5):\n"
                             "        net = NameClassifier(VOCAB_SIZE, 32, num_classes)\n"
                             "        model = net\n"
                             "        optimizer = torch.optim.Adam(net.parameters(), lr=0.01)\n").replace(
             "        losses.append(total / len(names))\n",
             "        losses.append(total / len(names))\n        print(epoch, losses[-1])\n"),
         "train_name_classifier", "before the epoch loop"),
    # softmax before the loss
    Case("softmax before CrossEntropyLoss", NAME_STEP,
         "            loss = criterion(torch.softmax(model(codes[batch], lengths[batch]), dim=1), labels[batch])\n",
         "train_name_classifier", "do not apply softmax"),
    Case("nn.Softmax module before the loss", NAME_STEP,
         "            probs = nn.Softmax(dim=1)(model(codes[batch], lengths[batch]))\n"
         "            loss = criterion(probs, labels[batch])\n", "train_name_classifier", "do not apply softmax"),
    Case("F.softmax on the outputs", NAME_STEP,
         "            outputs = model(codes[batch], lengths[batch])\n"
         "            outputs = nn.functional.softmax(outputs, dim=-1)\n"
         "            loss = criterion(outputs, labels[batch])\n", "train_name_classifier", "do not apply softmax"),
]

RIGHT = [
    # gradients cleared otherwise than optimizer.zero_grad() before backward(): none may be told they add up
    Variant("surname training: zero_grad after the step, set_to_none", [(TRAIN_NAMES, TRAIN_NAMES.replace(
        "            optimizer.zero_grad()\n", "").replace(
        "            optimizer.step()\n", "            optimizer.step()\n            optimizer.zero_grad(set_to_none=True)\n"))],
        "train_name_classifier"),
    Variant("surname training: gradients set to None by hand", [(TRAIN_NAMES, TRAIN_NAMES.replace(
        "            optimizer.zero_grad()\n", "            for p in model.parameters():\n                p.grad = None\n"))],
        "train_name_classifier"),
    Variant("surname training: model.zero_grad()", [(TRAIN_NAMES, TRAIN_NAMES.replace(
        "optimizer.zero_grad()", "model.zero_grad()"))], "train_name_classifier"),
    Variant("rnn_cell with torch.mm, .t() and named parts",
            [(CELL, "    h_new = torch.mm(x, w_ih.t()) + b_ih\n    h_new = h_new + torch.mm(h, w_hh.t()) + b_hh\n"
                    "    return torch.tanh(h_new)\n")], "rnn_cell"),
    Variant("rnn_forward with an index loop into a preallocated tensor",
            [(LOOP, "    outputs = torch.zeros(xs.size(0), h0.size(0), h0.size(1), dtype=h0.dtype)\n"
                    "    hidden = h0\n    for t in range(xs.size(0)):\n"
                    "        hidden = rnn_cell(xs[t], hidden, w_ih, w_hh, b_ih, b_hh)\n"
                    "        outputs[t] = hidden\n    return outputs, hidden\n")], "rnn_forward"),
    Variant("one_hot with a loop over the indices",
            [(ONE_HOT, "    out = torch.zeros(len(indices), num_classes)\n    for i, idx in enumerate(indices):\n"
                       "        out[i, int(idx)] = 1.0\n    return out\n")], "one_hot"),
    Variant("one_hot with numpy",
            [(ONE_HOT, "    import numpy as np\n"
                       "    return torch.from_numpy(np.eye(num_classes, dtype=np.float32)[np.asarray(indices)])\n")],
            "one_hot"),
    Variant("HelloRNN in the lecture's style: super(HelloRNN, self), view, no h0",
            [("        super().__init__()\n        ### BEGIN SOLUTION\n        self.num_layers = num_layers\n"
              "        self.hidden_size = hidden_size\n        self.rnn = nn.RNN(input_size",
              "        super(HelloRNN, self).__init__()\n        ### BEGIN SOLUTION\n        self.num_layers = num_layers\n"
              "        self.hidden_size = hidden_size\n        self.rnn = nn.RNN(input_size"),
             (HELLO_FORWARD, "        out, _ = self.rnn(x)\n        return out.view(-1, self.hidden_size)\n")],
            "HelloRNN"),
    Variant("HelloEmbedding in the lecture's style, x reassigned step by step",
            [(EMB_FORWARD, "        hidden = torch.zeros(self.num_layers, x.size(0), self.hidden_size)\n"
                           "        x = self.emb(x)\n        x, _ = self.rnn(x, hidden)\n        x = self.fc(x)\n"
                           "        return x.view(-1, self.num_class)\n")], "HelloEmbedding"),
    Variant("train_hello in the lecture's style, printing the prediction",
            [(TRAIN_HELLO, "    criterion = torch.nn.CrossEntropyLoss()\n"
                           "    optimizer = torch.optim.Adam(model.parameters(), lr=lr)\n    losses = []\n"
                           "    for epoch in range(epochs):\n        optimizer.zero_grad()\n"
                           "        outputs = model(inputs)\n        loss = criterion(outputs, labels.view(-1))\n"
                           "        loss.backward()\n        optimizer.step()\n"
                           "        _, idx = outputs.max(dim=1)\n"
                           "        print(''.join([IDX2CHAR[i] for i in idx.tolist()]), end='')\n"
                           "        print(', Epoch [%d/%d] loss = %.3f' % (epoch + 1, epochs, loss.item()))\n"
                           "        losses.append(loss.item())\n    return losses\n")], "train_hello"),
    Variant("make_tensors with pad_sequence",
            [(MAKE, "    seqs = [torch.tensor([ord(c) for c in name], dtype=torch.long) for name in names]\n"
                    "    codes = nn.utils.rnn.pad_sequence(seqs, batch_first=True, padding_value=0)\n"
                    "    lengths = torch.tensor([len(s) for s in seqs], dtype=torch.long)\n"
                    "    return codes, lengths\n")], "make_tensors"),
    Variant("NameClassifier: the output at lengths - 1 gathered",
            [(CLS_FORWARD, "        out, _ = self.gru(self.embedding(codes))\n"
                           "        last = out[torch.arange(codes.size(0)), lengths - 1]\n"
                           "        return self.fc(last)\n")], "NameClassifier"),
    Variant("train_name_classifier with a DataLoader and 8 epochs",
            [(TRAIN_NAMES, "    from torch.utils.data import DataLoader, TensorDataset\n"
                           "    codes, lengths = make_tensors(names)\n"
                           "    labels = torch.as_tensor(labels, dtype=torch.long)\n"
                           "    loader = DataLoader(TensorDataset(codes, lengths, labels), batch_size=64, shuffle=True)\n"
                           "    model = NameClassifier(VOCAB_SIZE, 32, num_classes)\n"
                           "    criterion = torch.nn.CrossEntropyLoss()\n"
                           "    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)\n"
                           "    losses = []\n    for epoch in range(8):\n        running = 0.0\n"
                           "        for c, n, y in loader:\n            y_pred = model(c, n)\n"
                           "            loss = criterion(y_pred, y)\n            optimizer.zero_grad()\n"
                           "            loss.backward()\n            optimizer.step()\n"
                           "            running += loss.item() * len(y)\n"
                           "        losses.append(running / len(labels))\n        print(epoch, losses[-1])\n"
                           "    return model, losses\n")], "train_name_classifier"),
]
