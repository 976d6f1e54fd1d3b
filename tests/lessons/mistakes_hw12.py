"""hw12 language models: labels not shifted, a state kept attached, no clipping, a one-hot too narrow, perplexity of
summed losses, a `return` inside the batch loop, the last n-gram missing, a model rebuilt every epoch."""

from tests.lessons.lesson_cases import Case

SEQUENTIAL_Y = "rows[:, start + 1 : start + 1 + num_steps]))"
DETACH = "        if state is not None:\n            state = state.detach()\n"
CLIP = "        clip_gradients(model.parameters(), theta)\n"
ONE_HOT = "nn.functional.one_hot(X, self.vocab_size).float()"
PERPLEXITY = "return math.exp(sum(l * n for l, n in zip(losses, counts)) / sum(counts))"
RANDOM_APPEND = "        batches.append((X, Y))\n    return batches\n"
CHAR_MODEL = (
    "    model = CharRNN(vocab_size, 128)\n"
    "    optimizer = torch.optim.SGD(model.parameters(), lr=50)\n"
    "    losses = []\n"
    "    for epoch in range(3):\n"
)
PREDICT_BODY = (
    "    state = None\n"
    "    outputs = [vocab[prefix[0]]]\n"
    "    for t in range(len(prefix) + num_chars - 1):\n"
    "        scores, state = model(torch.tensor([[outputs[-1]]]), state)\n"
    "        if t < len(prefix) - 1:\n"
    "            outputs.append(vocab[prefix[t + 1]])\n"
    "        else:\n"
    "            outputs.append(int(scores[0, -1].argmax()))\n"
    "    return \"\".join(vocab.to_tokens(outputs))\n"
)
PREDICT_COLD = (
    "    state = None\n"
    "    written = []\n"
    "    X = torch.tensor([[vocab[prefix[-1]]]])\n"
    "    for t in range(num_chars):\n"
    "        scores, state = model(X, state)\n"
    "        index = int(scores[0, -1].argmax())\n"
    "        written.append(vocab.to_tokens(index))\n"
    "        X = torch.tensor([[index]])\n"
    "    return prefix + \"\".join(written)\n"
)

MISTAKES = [
    Case("sequential labels not shifted", SEQUENTIAL_Y, "rows[:, start : start + num_steps]))", "sequential_batches",
         "labels are not shifted"),
    Case("hidden state not detached between batches", DETACH, "", "train_epoch", "must be detached"),
    Case("no gradient clipping", CLIP, "", "train_epoch", "not clipped"),
    Case("one-hot without num_classes", ONE_HOT, "nn.functional.one_hot(X).float()", "CharRNN",
         "not vocab_size wide"),
    Case("perplexity of the summed loss", PERPLEXITY, "return math.exp(sum(l * n for l, n in zip(losses, counts)))",
         "perplexity", "summed, not averaged"),
    Case("return inside the batch loop", RANDOM_APPEND, "        batches.append((X, Y))\n        return batches\n",
         "random_batches", "only the first batch"),
    Case("last n-gram missing", "for i in range(len(tokens) - n + 1))", "for i in range(len(tokens) - n))",
         "ngram_counts", "last n-gram is missing"),
    Case("char model rebuilt every epoch", CHAR_MODEL,
         "    losses = []\n    for epoch in range(3):\n"
         "        model = CharRNN(vocab_size, 128)\n"
         "        optimizer = torch.optim.SGD(model.parameters(), lr=50)\n", "train_char_model",
         "made again every epoch"),
]

# More realistic mistakes, each checked once to lose exactly its check with its hint (left out of MISTAKES to keep
# the suite's time down: every case is a full grading). Move any of them into MISTAKES to test it again.
MORE_MISTAKES = [
    Case("tokenize before lower-casing", 'return list(re.sub("[^a-z]+", " ", text.lower()))',
         'return list(re.sub("[^a-z]+", " ", text).lower())', "tokenize", "Lower-case the text before"),
    Case("unknown token raises KeyError", "return self.token_to_idx.get(tokens, 0)",
         "return self.token_to_idx[tokens]", "Vocab", "raised KeyError"),
    Case("denominator counts the context at the end", "    total = sum(c for gram, c in counts.items() "
         "if gram[:-1] == context)\n", "    total = ngram_counts(tokens, len(context))[context] if context else "
         "len(tokens)\n", "conditional_prob", "very end of the text"),
    Case("random batches not shifted", "Y = torch.stack([corpus[s + 1 : s + 1 + num_steps] for s in chosen])",
         "Y = torch.stack([corpus[s : s + num_steps] for s in chosen])", "random_batches", "labels are not shifted"),
    Case("random batches from the global random state", "random.Random(seed).shuffle(starts)",
         "random.shuffle(starts)", "random_batches", "global random state"),
    Case("rnn state not carried", "H = torch.tanh(X @ W_xh + H @ W_hh + b_h)",
         "H = torch.tanh(X @ W_xh + state @ W_hh + b_h)", "rnn_forward", "not carried"),
    Case("clipped tensor by tensor", "    params = list(params)\n"
         "    norm = torch.sqrt(sum((p.grad ** 2).sum() for p in params))\n"
         "    if norm > theta:\n        for p in params:\n            p.grad.mul_(theta / norm)\n",
         "    for p in params:\n        norm = torch.sqrt((p.grad ** 2).sum())\n        if norm > theta:\n"
         "            p.grad.mul_(theta / norm)\n", "clip_gradients", "its own norm"),
    Case("clipping a generator twice", "    params = list(params)\n    norm = torch.sqrt(",
         "    norm = torch.sqrt(", "clip_gradients", "read only once"),
    Case("state ignored by CharRNN", "outputs, state = self.rnn(inputs, state)", "outputs, state = self.rnn(inputs)",
         "CharRNN", "state argument is ignored"),
    Case("epoch without zero_grad", "        optimizer.zero_grad()\n        loss.backward()\n",
         "        loss.backward()\n", "train_epoch", "not zeroed"),
    Case("epoch loss against X", "loss = loss_fn(scores.reshape(-1, scores.shape[-1]), Y.reshape(-1))",
         "loss = loss_fn(scores.reshape(-1, scores.shape[-1]), X.reshape(-1))", "train_epoch",
         "labels are not shifted"),
    Case("char model trained one epoch", "    for epoch in range(3):\n        losses.append(",
         "    for epoch in range(1):\n        losses.append(", "train_char_model", "3 epochs"),
    Case("predict without warm-up", PREDICT_BODY, PREDICT_COLD, "predict", "did not warm up"),
    Case("predict returns the new characters only", 'return "".join(vocab.to_tokens(outputs))',
         'return "".join(vocab.to_tokens(outputs[len(prefix):]))', "predict", "not the new characters alone"),
    # "by hand" means by hand: torch's RNN or clipping, by whatever route, loses the check and is named (issue 24)
    Case("rnn_forward with torch's RNN cell", "        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)",
         "        H = torch.rnn_tanh_cell(X, H, W_xh.T, W_hh.T, b_h, torch.zeros_like(b_h))", "rnn_forward",
         "calls torch.rnn_tanh_cell"),
    Case("clip_gradients with clip_grad_norm_", "    norm = torch.sqrt(sum((p.grad ** 2).sum() for p in params))",
         "    torch.nn.utils.clip_grad_norm_(params, theta)\n    return\n"
         "    norm = torch.sqrt(sum((p.grad ** 2).sum() for p in params))", "clip_gradients",
         "calls torch.nn.utils.clip_grad_norm_"),
]
