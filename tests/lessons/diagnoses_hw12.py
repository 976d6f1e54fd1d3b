"""hw12: each modelled mistake written the ways learners write it, and correct code written otherwise."""

# Left out, with why:
# - rnn_forward / clip_gradients "changed what the grader watches" (by_hand_mistakes' second Mistake): only code that
#   patches the grader's watch of torch's calls shows it; no learner of the course writes that.
# - train_char_model "The loss history is empty" (diagnose_char_model): unreachable, the training check answers an
#   empty history with its own NO_LOSSES_HINT first; that hint is what the empty-history cases below expect.
# - train_char_model LOSS_GRAPH_HINT and the loss-count hint: train_char_model calls the grader's train_epoch
#   (replaced), which returns floats, and the check takes no `epochs`, so neither can be shown by this function.
from tests.lessons.lesson_cases import Case, Variant

TOKENIZE = 'return list(re.sub("[^a-z]+", " ", text.lower()))'
GETITEM = "return self.token_to_idx.get(tokens, 0)"
GETITEM_BODY = (
    "        if isinstance(tokens, (list, tuple)):\n"
    "            return [self[token] for token in tokens]\n"
    "        return self.token_to_idx.get(tokens, 0)\n"
)
VOCAB_LOOP = (
    "        for token, freq in Counter(tokens).most_common():\n"
    "            if freq < min_freq:\n"
    "                break\n"
    "            if token not in self.token_to_idx:\n"
    "                self.idx_to_token.append(token)\n"
    "                self.token_to_idx[token] = len(self.idx_to_token) - 1\n"
)
NGRAMS = "return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))"
COND = (
    "    total = sum(c for gram, c in counts.items() if gram[:-1] == context)\n"
    "    return counts[context + (w,)] / total if total else 0.0\n"
)
PPL = "return math.exp(sum(l * n for l, n in zip(losses, counts)) / sum(counts))"
SHUFFLE = "    random.Random(seed).shuffle(starts)\n"
RANDOM_Y = "        Y = torch.stack([corpus[s + 1 : s + 1 + num_steps] for s in chosen])\n"
RANDOM_END = "        batches.append((X, Y))\n    return batches\n"
SEQ_APPEND = "        batches.append((rows[:, start : start + num_steps], rows[:, start + 1 : start + 1 + num_steps]))\n"
SEQ_ROWS = "rows = corpus[: batch_size * batch_len].view(batch_size, batch_len)"
RNN_LOOP = (
    "    H = state\n"
    "    outputs = []\n"
    "    for X in inputs:\n"
    "        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n"
    "        outputs.append(H @ W_hq + b_q)\n"
    "    return torch.stack(outputs), H\n"
)
CLIP = (
    "    params = list(params)\n"
    "    norm = torch.sqrt(sum((p.grad ** 2).sum() for p in params))\n"
    "    if norm > theta:\n"
    "        for p in params:\n"
    "            p.grad.mul_(theta / norm)\n"
)
ONE_HOT = "inputs = nn.functional.one_hot(X, self.vocab_size).float()"
RNN_CALL = "        outputs, state = self.rnn(inputs, state)\n        return self.dense(outputs), state\n"
EPOCH = (
    "    for X, Y in sequential_batches(corpus, batch_size, num_steps):\n"
    "        if state is not None:\n"
    "            state = state.detach()\n"
    "        scores, state = model(X, state)\n"
    "        loss = loss_fn(scores.reshape(-1, scores.shape[-1]), Y.reshape(-1))\n"
    "        optimizer.zero_grad()\n"
    "        loss.backward()\n"
    "        clip_gradients(model.parameters(), theta)\n"
    "        optimizer.step()\n"
    "        total += loss.item() * Y.numel()\n"
    "        tokens += Y.numel()\n"
    "    return total / tokens\n"
)
DETACH = "        if state is not None:\n            state = state.detach()\n"
BACKWARD = "        optimizer.zero_grad()\n        loss.backward()\n        clip_gradients(model.parameters(), theta)\n"
EPOCH_LOSS = "loss = loss_fn(scores.reshape(-1, scores.shape[-1]), Y.reshape(-1))"
EPOCH_SUM = (
    "        total += loss.item() * Y.numel()\n"
    "        tokens += Y.numel()\n"
    "    return total / tokens\n"
)
CHAR_MODEL = (
    "    model = CharRNN(vocab_size, 128)\n"
    "    optimizer = torch.optim.SGD(model.parameters(), lr=50)\n"
    "    losses = []\n"
    "    for epoch in range(3):\n"
    "        losses.append(train_epoch(model, corpus, 32, 32, optimizer, 0.01))\n"
    "    return model, losses\n"
)
CHAR_EPOCHS = (
    "    for epoch in range(3):\n"
    "        losses.append(train_epoch(model, corpus, 32, 32, optimizer, 0.01))\n"
    "    return model, losses\n"
)
OWN_LOOP = (
    "    model = CharRNN(vocab_size, 128)\n"
    "    optimizer = torch.optim.SGD(model.parameters(), lr=50)\n"
    "    loss_fn = nn.CrossEntropyLoss()\n"
    "    losses = []\n"
    "    for epoch in range(3):\n"
    "        state, total, count = None, 0.0, 0\n"
    "        for X, Y in sequential_batches(corpus, 32, 32):\n"
    "            if state is not None:\n"
    "                state = state.detach()\n"
    "            scores, state = model(X, state)\n"
    "            loss = loss_fn(scores.reshape(-1, vocab_size), {labels})\n"
    "            optimizer.zero_grad()\n"
    "            loss.backward()\n"
    "            clip_gradients(model.parameters(), 0.01)\n"
    "            optimizer.step()\n"
    "            total += loss.item() * Y.numel()\n"
    "            count += Y.numel()\n"
    "        losses.append(total / count)\n"
    "        print(epoch, losses[-1])\n"
    "    return model, losses\n"
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
PREDICT_RANGE = "    for t in range(len(prefix) + num_chars - 1):\n"
PREDICT_RETURN = "    return \"\".join(vocab.to_tokens(outputs))\n"


def writer_body(warm: str, step_state: str = "state", count: str = "num_chars", result: str = "prefix + ''.join(written)",
                first: str = "") -> str:
    """predict written the other common way: warm up over the prefix, then num_chars argmax steps."""
    return (
        "    state = None\n"
        f"{warm}"
        "    written = []\n"
        f"{first}"
        f"    for _ in range({count}):\n"
        "        index = int(scores[0, -1].argmax())\n"
        "        written.append(vocab.to_tokens(index))\n"
        f"        scores, state = model(torch.tensor([[index]]), {step_state})\n"
        f"    return {result}\n"
    )


WARM = "    for c in prefix:\n        scores, state = model(torch.tensor([[vocab[c]]]), state)\n"

WRONG = [
    # tokenize
    Case("tokenize: replace, then lower", TOKENIZE, 'return list(re.sub(r"[^a-z]+", " ", text).lower())',
         "tokenize", "Lower-case the text before"),
    Case("tokenize: two steps, lower last", TOKENIZE,
         'text = re.sub("[^a-z]+", " ", text)\n    return list(text.lower())', "tokenize", "Lower-case the text before"),
    Case("tokenize: comprehension over the replaced text, lowered", TOKENIZE,
         'return [ch.lower() for ch in re.sub("[^a-z]+", " ", text)]', "tokenize", "Lower-case the text before"),
    Case("tokenize: pattern without +", TOKENIZE, 'return list(re.sub("[^a-z]", " ", text.lower()))', "tokenize",
         "ONE space"),
    Case("tokenize: char loop, each non-letter a space", TOKENIZE,
         'return [c if "a" <= c <= "z" else " " for c in text.lower()]', "tokenize", "ONE space"),
    Case("tokenize: raw pattern without +", TOKENIZE,
         'text = text.lower()\n    return list(re.sub(r"[^a-z]", " ", text))', "tokenize", "ONE space"),
    Case("tokenize: split into words", TOKENIZE, 'return re.sub("[^a-z]+", " ", text.lower()).split()', "tokenize",
         "not the words"),
    Case("tokenize: findall words", TOKENIZE, 'return re.findall("[a-z]+", text.lower())', "tokenize",
         "not the words"),
    Case("tokenize: split on a space", TOKENIZE, 'return re.sub("[^a-z]+", " ", text.lower()).strip().split(" ")',
         "tokenize", "not the words"),
    Case("tokenize: the cleaned string", TOKENIZE, 'return re.sub("[^a-z]+", " ", text.lower())', "tokenize",
         "not the cleaned string"),
    Case("tokenize: the cleaned string in two steps", TOKENIZE,
         'text = text.lower()\n    text = re.sub(r"[^a-z]+", " ", text)\n    return text', "tokenize",
         "not the cleaned string"),
    Case("tokenize: the string joined back", TOKENIZE,
         'return "".join(re.sub("[^a-z]+", " ", text.lower()))', "tokenize", "not the cleaned string"),
    # Vocab
    Case("Vocab: indexing the dict", GETITEM, "return self.token_to_idx[tokens]", "Vocab", "raised KeyError"),
    Case("Vocab: __getitem__ with a not-isinstance branch", GETITEM_BODY,
         "        if not isinstance(tokens, (list, tuple)):\n"
         "            return self.token_to_idx[tokens]\n"
         "        return [self.__getitem__(token) for token in tokens]\n", "Vocab", "raised KeyError"),
    Case("Vocab: lists looked up in the dict directly", GETITEM_BODY,
         "        if isinstance(tokens, (list, tuple)):\n"
         "            return [self.token_to_idx[token] for token in tokens]\n"
         "        return self.token_to_idx[tokens]\n", "Vocab", "raised KeyError"),
    Case("Vocab: sorted items", "for token, freq in Counter(tokens).most_common():",
         "for token, freq in sorted(Counter(tokens).items()):", "Vocab", "alphabetical order"),
    Case("Vocab: sorted keys with continue", VOCAB_LOOP,
         "        counter = Counter(tokens)\n"
         "        for token in sorted(counter):\n"
         "            freq = counter[token]\n"
         "            if freq < min_freq:\n"
         "                continue\n"
         "            if token not in self.token_to_idx:\n"
         "                self.idx_to_token.append(token)\n"
         "                self.token_to_idx[token] = len(self.idx_to_token) - 1\n", "Vocab", "alphabetical order"),
    Case("Vocab: sorted by the token, key=x[0]", VOCAB_LOOP,
         "        token_freqs = sorted(Counter(tokens).items(), key=lambda x: x[0])\n"
         "        for token, freq in token_freqs:\n"
         "            if freq >= min_freq and token not in self.token_to_idx:\n"
         "                self.idx_to_token.append(token)\n"
         "                self.token_to_idx[token] = len(self.idx_to_token) - 1\n", "Vocab", "alphabetical order"),
    Case("Vocab: freq <= min_freq", "            if freq < min_freq:\n                break\n",
         "            if freq <= min_freq:\n                break\n", "Vocab", "exactly min_freq times"),
    Case("Vocab: keep only freq > min_freq", VOCAB_LOOP,
         "        for token, freq in Counter(tokens).most_common():\n"
         "            if freq > min_freq and token not in self.token_to_idx:\n"
         "                self.idx_to_token.append(token)\n"
         "                self.token_to_idx[token] = len(self.idx_to_token) - 1\n", "Vocab", "exactly min_freq times"),
    Case("Vocab: D2L filter, not greater", VOCAB_LOOP,
         "        for token, freq in Counter(tokens).most_common():\n"
         "            if not freq > min_freq:\n"
         "                break\n"
         "            if token not in self.token_to_idx:\n"
         "                self.idx_to_token.append(token)\n"
         "                self.token_to_idx[token] = len(self.idx_to_token) - 1\n", "Vocab", "exactly min_freq times"),
    Case("Vocab: no check for tokens already there", VOCAB_LOOP,
         "        for token, freq in Counter(tokens).most_common():\n"
         "            if freq < min_freq:\n"
         "                break\n"
         "            self.idx_to_token.append(token)\n"
         "            self.token_to_idx[token] = len(self.idx_to_token) - 1\n", "Vocab", "added twice"),
    Case("Vocab: only '<unk>' skipped", "            if token not in self.token_to_idx:\n",
         "            if token != \"<unk>\":\n", "Vocab", "added twice"),
    Case("Vocab: list concatenation, dict rebuilt", VOCAB_LOOP,
         "        self.idx_to_token += [token for token, freq in Counter(tokens).most_common() if freq >= min_freq]\n"
         "        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}\n", "Vocab",
         "added twice"),
    # ngram_counts
    Case("ngrams: range(len - n)", NGRAMS, "return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n))",
         "ngram_counts", "last n-gram is missing"),
    Case("ngrams: loop with Counter, range(len - n)", NGRAMS,
         "counts = Counter()\n    for i in range(len(tokens) - n):\n        counts[tuple(tokens[i : i + n])] += 1\n"
         "    return counts", "ngram_counts", "last n-gram is missing"),
    Case("ngrams: dict.get loop, range(len - n)", NGRAMS,
         "counts = {}\n    for i in range(len(tokens) - n):\n        gram = tuple(tokens[i:i + n])\n"
         "        counts[gram] = counts.get(gram, 0) + 1\n    return counts", "ngram_counts", "last n-gram is missing"),
    Case("ngrams: step n", NGRAMS,
         "return Counter(tuple(tokens[i : i + n]) for i in range(0, len(tokens) - n + 1, n))", "ngram_counts",
         "must overlap"),
    Case("ngrams: loop with step n", NGRAMS,
         "counts = Counter()\n    for i in range(0, len(tokens) - n + 1, n):\n        counts[tuple(tokens[i : i + n])] += 1\n"
         "    return counts", "ngram_counts", "must overlap"),
    Case("ngrams: while loop jumping n", NGRAMS,
         "counts = {}\n    i = 0\n    while i + n <= len(tokens):\n        gram = tuple(tokens[i : i + n])\n"
         "        counts[gram] = counts.get(gram, 0) + 1\n        i += n\n    return counts", "ngram_counts",
         "must overlap"),
    # conditional_prob
    Case("cond: divided by all n-grams", COND,
         "    total = sum(counts.values())\n    return counts[context + (w,)] / total if total else 0.0\n",
         "conditional_prob", "joint probability"),
    Case("cond: divided by len(tokens) - len(context)", COND,
         "    total = len(tokens) - len(context)\n    return counts[context + (w,)] / total if total > 0 else 0.0\n",
         "conditional_prob", "joint probability"),
    Case("cond: loop over all counts", COND,
         "    total = 0\n    for gram in counts:\n        total += counts[gram]\n"
         "    if total == 0:\n        return 0.0\n    return counts[context + (w,)] / total\n", "conditional_prob",
         "joint probability"),
    Case("cond: context counted with ngram_counts", COND,
         "    total = ngram_counts(tokens, len(context))[context] if context else len(tokens)\n"
         "    return counts[context + (w,)] / total if total else 0.0\n", "conditional_prob", "very end of the text"),
    Case("cond: context occurrences by a loop", COND,
         "    k = len(context)\n"
         "    total = sum(1 for i in range(len(tokens) - k + 1) if tuple(tokens[i : i + k]) == context) if k else "
         "len(tokens)\n"
         "    return counts[context + (w,)] / total if total else 0.0\n", "conditional_prob", "very end of the text"),
    Case("cond: context counts from the k-gram Counter", COND,
         "    context_counts = ngram_counts(tokens, len(context)) if context else {(): len(tokens)}\n"
         "    total = context_counts.get(context, 0)\n"
         "    return counts[context + (w,)] / total if total else 0.0\n", "conditional_prob", "very end of the text"),
    Case("cond: (w,) + context", "return counts[context + (w,)] / total if total else 0.0",
         "return counts[(w,) + context] / total if total else 0.0", "conditional_prob", "wrong order"),
    Case("cond: (w, *context)", "return counts[context + (w,)] / total if total else 0.0",
         "return counts[(w, *context)] / total if total else 0.0", "conditional_prob", "wrong order"),
    Case("cond: list built w first", "return counts[context + (w,)] / total if total else 0.0",
         "gram = tuple([w] + list(context))\n    return counts[gram] / total if total else 0.0", "conditional_prob",
         "wrong order"),
    # perplexity
    Case("ppl: exp of the summed batch losses", PPL, "return math.exp(sum(losses))", "perplexity",
         "exp of the AVERAGE loss per token"),
    Case("ppl: torch exp of the sum", PPL, "return torch.tensor(losses).sum().exp().item()", "perplexity",
         "exp of the AVERAGE loss per token"),
    Case("ppl: loop summing the losses", PPL,
         "total = 0\n    for l in losses:\n        total += l\n    return math.exp(total)", "perplexity",
         "exp of the AVERAGE loss per token"),
    Case("ppl: weighted sum, no division (loop)", PPL,
         "total = 0.0\n    for l, n in zip(losses, counts):\n        total += l * n\n    return math.exp(total)",
         "perplexity", "by the number of tokens sum(n) before exp"),
    Case("ppl: weighted sum with torch.dot", PPL,
         "return math.exp(torch.dot(torch.tensor(losses), torch.tensor(counts, dtype=torch.float32)).item())",
         "perplexity", "by the number of tokens sum(n) before exp"),
    Case("ppl: weighted sum by index", PPL,
         "return math.exp(sum(losses[i] * counts[i] for i in range(len(losses))))", "perplexity",
         "by the number of tokens sum(n) before exp"),
    Case("ppl: plain mean of the losses", PPL, "return math.exp(sum(losses) / len(losses))", "perplexity",
         "weighted by its number of tokens"),
    Case("ppl: torch mean", PPL, "return torch.tensor(losses).mean().exp().item()", "perplexity",
         "weighted by its number of tokens"),
    Case("ppl: loop mean", PPL,
         "total = 0\n    for l in losses:\n        total += l\n    return math.exp(total / len(losses))", "perplexity",
         "weighted by its number of tokens"),
    Case("ppl: weighted mean of exp", PPL,
         "return sum(math.exp(l) * n for l, n in zip(losses, counts)) / sum(counts)", "perplexity",
         "mean of the per-batch perplexities"),
    Case("ppl: loop over per-batch perplexities", PPL,
         "total = 0.0\n    for l, n in zip(losses, counts):\n        total += math.exp(l) * n\n"
         "    return total / sum(counts)", "perplexity", "mean of the per-batch perplexities"),
    Case("ppl: torch per-batch perplexities", PPL,
         "l, n = torch.tensor(losses, dtype=torch.float64), torch.tensor(counts, dtype=torch.float64)\n"
         "    return float((l.exp() * n).sum() / n.sum())", "perplexity", "mean of the per-batch perplexities"),
    Case("ppl: average loss, no exp", PPL, "return sum(l * n for l, n in zip(losses, counts)) / sum(counts)",
         "perplexity", "perplexity is its exponential"),
    Case("ppl: loop average, no exp", PPL,
         "total, tokens = 0.0, 0\n    for l, n in zip(losses, counts):\n        total += l * n\n        tokens += n\n"
         "    return total / tokens", "perplexity", "perplexity is its exponential"),
    Case("ppl: torch average, no exp", PPL,
         "l, n = torch.tensor(losses, dtype=torch.float64), torch.tensor(counts, dtype=torch.float64)\n"
         "    return float((l * n).sum() / n.sum())", "perplexity", "perplexity is its exponential"),
    # random_batches
    Case("random: Y the same slice as X", RANDOM_Y,
         "        Y = torch.stack([corpus[s : s + num_steps] for s in chosen])\n", "random_batches",
         "labels are not shifted"),
    Case("random: Y = X", RANDOM_Y, "        Y = X\n", "random_batches", "labels are not shifted"),
    Case("random: Y = X.clone()", RANDOM_Y, "        Y = X.clone()\n", "random_batches", "labels are not shifted"),
    Case("random: no shuffle", SHUFFLE, "", "random_batches", "not shuffled"),
    Case("random: shuffles a copy", SHUFFLE, "    random.Random(seed).shuffle(starts[:])\n", "random_batches",
         "not shuffled"),
    Case("random: torch.manual_seed instead of a shuffle", SHUFFLE, "    torch.manual_seed(seed)\n",
         "random_batches", "not shuffled"),
    Case("random: random.shuffle", SHUFFLE, "    random.shuffle(starts)\n", "random_batches", "global random state"),
    Case("random: torch.randperm", SHUFFLE, "    starts = [starts[i] for i in torch.randperm(len(starts))]\n",
         "random_batches", "global random state"),
    Case("random: random.sample", SHUFFLE, "    starts = random.sample(starts, len(starts))\n", "random_batches",
         "global random state"),
    Case("random: return [(X, Y)] inside the loop", RANDOM_END, "        return [(X, Y)]\n    return batches\n",
         "random_batches", "only the first batch"),
    Case("random: break after the first append", RANDOM_END,
         "        batches.append((X, Y))\n        break\n    return batches\n", "random_batches", "only the first batch"),
    Case("random: print and return inside the loop", RANDOM_END,
         "        batches.append((X, Y))\n        print(X.shape, Y.shape)\n        return batches\n",
         "random_batches", "only the first batch"),
    # sequential_batches
    Case("sequential: Y the same columns", SEQ_APPEND,
         "        batches.append((rows[:, start : start + num_steps], rows[:, start : start + num_steps]))\n",
         "sequential_batches", "labels are not shifted"),
    Case("sequential: (X, X)", SEQ_APPEND,
         "        X = rows[:, start : start + num_steps]\n        batches.append((X, X))\n", "sequential_batches",
         "labels are not shifted"),
    Case("sequential: Y a clone of X", SEQ_APPEND,
         "        X = rows[:, start : start + num_steps]\n        Y = X.clone()\n        batches.append((X, Y))\n",
         "sequential_batches", "labels are not shifted"),
    Case("sequential: view transposed", SEQ_ROWS,
         "rows = corpus[: batch_size * batch_len].view(batch_len, batch_size).T", "sequential_batches",
         "not a contiguous stretch"),
    Case("sequential: reshape(-1, batch_size).t()", SEQ_ROWS,
         "rows = corpus[: batch_size * batch_len].reshape(-1, batch_size).t()", "sequential_batches",
         "not a contiguous stretch"),
    Case("sequential: transpose(0, 1)", SEQ_ROWS,
         "rows = corpus[: batch_size * batch_len].reshape(batch_len, batch_size).transpose(0, 1)",
         "sequential_batches", "not a contiguous stretch"),
    Case("sequential: return inside the loop", SEQ_APPEND + "    return batches\n",
         SEQ_APPEND + "        return batches\n", "sequential_batches", "Only the first batch"),
    Case("sequential: break after append", SEQ_APPEND + "    return batches\n",
         SEQ_APPEND + "        break\n    return batches\n", "sequential_batches", "Only the first batch"),
    Case("sequential: return the first pair as a list", SEQ_APPEND + "    return batches\n",
         "        X = rows[:, start : start + num_steps]\n        Y = rows[:, start + 1 : start + 1 + num_steps]\n"
         "        return [(X, Y)]\n    return batches\n", "sequential_batches", "Only the first batch"),
    # rnn_forward
    Case("rnn: nn.RNNCell with the weights", RNN_LOOP,
         "    cell = nn.RNNCell(W_xh.shape[0], W_xh.shape[1]).to(W_xh.dtype)\n"
         "    with torch.no_grad():\n"
         "        cell.weight_ih.copy_(W_xh.T)\n        cell.weight_hh.copy_(W_hh.T)\n"
         "        cell.bias_ih.copy_(b_h)\n        cell.bias_hh.zero_()\n"
         "    H = state\n    outputs = []\n    for X in inputs:\n        H = cell(X, H)\n"
         "        outputs.append(H @ W_hq + b_q)\n    return torch.stack(outputs), H\n", "rnn_forward",
         "write the steps by hand"),
    Case("rnn: nn.RNN with the weights", RNN_LOOP,
         "    rnn = nn.RNN(W_xh.shape[0], W_xh.shape[1]).to(W_xh.dtype)\n"
         "    with torch.no_grad():\n"
         "        rnn.weight_ih_l0.copy_(W_xh.T)\n        rnn.weight_hh_l0.copy_(W_hh.T)\n"
         "        rnn.bias_ih_l0.copy_(b_h)\n        rnn.bias_hh_l0.zero_()\n"
         "    Hs, H = rnn(inputs, state.unsqueeze(0))\n    return Hs @ W_hq + b_q, H[0]\n", "rnn_forward",
         "write the steps by hand"),
    Case("rnn: torch.rnn_tanh_cell in a loop", RNN_LOOP,
         "    H = state\n    outputs = []\n    for X in inputs:\n"
         "        H = torch.rnn_tanh_cell(X, H, W_xh.t(), W_hh.t(), b_h)\n"
         "        outputs.append(H @ W_hq + b_q)\n    return torch.stack(outputs), H\n", "rnn_forward",
         "write the steps by hand"),
    Case("rnn: indexed loop from the initial state", RNN_LOOP,
         "    outputs = []\n    for t in range(inputs.shape[0]):\n"
         "        H = torch.tanh(inputs[t] @ W_xh + state @ W_hh + b_h)\n"
         "        outputs.append(H @ W_hq + b_q)\n    return torch.stack(outputs), H\n", "rnn_forward", "not carried"),
    Case("rnn: H_next never assigned back", RNN_LOOP,
         "    H = state\n    outputs = []\n    for X in inputs:\n"
         "        H_next = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n"
         "        outputs.append(H_next @ W_hq + b_q)\n    return torch.stack(outputs), H_next\n", "rnn_forward",
         "not carried"),
    Case("rnn: torch.mm from state", RNN_LOOP,
         "    outputs = []\n    for X in inputs:\n"
         "        H = torch.tanh(torch.mm(X, W_xh) + torch.mm(state, W_hh) + b_h)\n"
         "        outputs.append(torch.mm(H, W_hq) + b_q)\n    return torch.stack(outputs), H\n", "rnn_forward",
         "not carried"),
    Case("rnn: return inside the loop", RNN_LOOP,
         "    H = state\n    outputs = []\n    for X in inputs:\n        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n"
         "        outputs.append(H @ W_hq + b_q)\n        return torch.stack(outputs), H\n", "rnn_forward",
         "Only the first step"),
    Case("rnn: break after the first step", RNN_LOOP,
         "    H = state\n    outputs = []\n    for X in inputs:\n        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n"
         "        outputs.append(H @ W_hq + b_q)\n        break\n    return torch.stack(outputs), H\n", "rnn_forward",
         "Only the first step"),
    Case("rnn: indexed loop returning inside", RNN_LOOP,
         "    H = state\n    outputs = []\n    for t in range(len(inputs)):\n"
         "        H = torch.tanh(inputs[t] @ W_xh + H @ W_hh + b_h)\n"
         "        outputs.append(H @ W_hq + b_q)\n        return torch.stack(outputs, dim=0), H\n", "rnn_forward",
         "Only the first step"),
    Case("rnn: no tanh", "        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n",
         "        H = X @ W_xh + H @ W_hh + b_h\n", "rnn_forward", "tanh is missing"),
    Case("rnn: tanh called, result dropped", "        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n",
         "        H = X @ W_xh + H @ W_hh + b_h\n        torch.tanh(H)\n", "rnn_forward", "tanh is missing"),
    Case("rnn: torch.matmul, no activation", "        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n",
         "        H = torch.matmul(X, W_xh) + torch.matmul(H, W_hh) + b_h\n", "rnn_forward", "tanh is missing"),
    Case("rnn: outputs are the states", "        outputs.append(H @ W_hq + b_q)\n", "        outputs.append(H)\n",
         "rnn_forward", "output layer is missing"),
    Case("rnn: outputs are clones of the states", "        outputs.append(H @ W_hq + b_q)\n",
         "        outputs.append(H.clone())\n", "rnn_forward", "output layer is missing"),
    Case("rnn: outputs += [H]", "        outputs.append(H @ W_hq + b_q)\n", "        outputs += [H]\n", "rnn_forward",
         "output layer is missing"),
    Case("rnn: output before the update",
         "        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n        outputs.append(H @ W_hq + b_q)\n",
         "        outputs.append(H @ W_hq + b_q)\n        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n", "rnn_forward",
         "from H_{t-1}"),
    Case("rnn: Y computed first, appended after",
         "        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n        outputs.append(H @ W_hq + b_q)\n",
         "        Y = H @ W_hq + b_q\n        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n        outputs.append(Y)\n",
         "rnn_forward", "from H_{t-1}"),
    Case("rnn: indexed loop, O from the previous H", RNN_LOOP,
         "    H = state\n    outputs = []\n    for t in range(inputs.shape[0]):\n"
         "        O = torch.mm(H, W_hq) + b_q\n        H = torch.tanh(torch.mm(inputs[t], W_xh) + torch.mm(H, W_hh) + b_h)\n"
         "        outputs.append(O)\n    return torch.stack(outputs), H\n", "rnn_forward", "from H_{t-1}"),
    Case("rnn: returns state", "    return torch.stack(outputs), H\n", "    return torch.stack(outputs), state\n",
         "rnn_forward", "returned state is the initial one"),
    Case("rnn: new_H in the loop, state returned", RNN_LOOP,
         "    H = state\n    outputs = []\n    for X in inputs:\n"
         "        new_H = torch.tanh(X @ W_xh + H @ W_hh + b_h)\n"
         "        outputs.append(new_H @ W_hq + b_q)\n        H = new_H\n    return torch.stack(outputs), state\n",
         "rnn_forward", "returned state is the initial one"),
    Case("rnn: torch.cat and state", "    return torch.stack(outputs), H\n",
         "    return torch.cat([o.unsqueeze(0) for o in outputs]), state\n", "rnn_forward",
         "returned state is the initial one"),
    # clip_gradients
    Case("clip: clip_grad_norm_", CLIP, "    torch.nn.utils.clip_grad_norm_(params, theta)\n", "clip_gradients",
         "clip by hand"),
    Case("clip: imported clip_grad_norm_ with max_norm", CLIP,
         "    from torch.nn.utils import clip_grad_norm_\n    clip_grad_norm_(list(params), max_norm=theta)\n",
         "clip_gradients", "clip by hand"),
    Case("clip: nn.utils.clip_grad_value_", CLIP, "    nn.utils.clip_grad_value_(params, theta)\n",
         "clip_gradients", "clip by hand"),
    Case("clip: each tensor by its .norm()", CLIP,
         "    for p in params:\n        norm = p.grad.norm()\n        if norm > theta:\n"
         "            p.grad *= theta / norm\n", "clip_gradients", "its own norm"),
    Case("clip: torch.norm per tensor with .data", CLIP,
         "    for p in params:\n        g_norm = torch.norm(p.grad)\n        if g_norm > theta:\n"
         "            p.grad.data = p.grad.data * theta / g_norm\n", "clip_gradients", "its own norm"),
    Case("clip: per tensor with min()", CLIP,
         "    for p in params:\n        norm = torch.sqrt(torch.sum(p.grad ** 2)).item()\n"
         "        p.grad.mul_(min(1.0, theta / norm))\n", "clip_gradients", "its own norm"),
    Case("clip: no if", "    if norm > theta:\n        for p in params:\n            p.grad.mul_(theta / norm)\n",
         "    for p in params:\n        p.grad.mul_(theta / norm)\n", "clip_gradients", "below theta"),
    Case("clip: *= without if", "    if norm > theta:\n        for p in params:\n            p.grad.mul_(theta / norm)\n",
         "    for p in params:\n        p.grad *= theta / norm\n", "clip_gradients", "below theta"),
    Case("clip: .data.mul_ with norm.item(), no if",
         "    if norm > theta:\n        for p in params:\n            p.grad.mul_(theta / norm)\n",
         "    norm = norm.item()\n    for p in params:\n        p.grad.data.mul_(theta / norm)\n", "clip_gradients",
         "below theta"),
    Case("clip: no sqrt", "    norm = torch.sqrt(sum((p.grad ** 2).sum() for p in params))\n",
         "    norm = sum((p.grad ** 2).sum() for p in params)\n", "clip_gradients", "torch.sqrt(...) is missing"),
    Case("clip: sum of g * g", "    norm = torch.sqrt(sum((p.grad ** 2).sum() for p in params))\n",
         "    norm = sum(torch.sum(p.grad * p.grad) for p in params)\n", "clip_gradients",
         "torch.sqrt(...) is missing"),
    Case("clip: loop sum of squares", "    norm = torch.sqrt(sum((p.grad ** 2).sum() for p in params))\n",
         "    norm = 0\n    for p in params:\n        norm += (p.grad ** 2).sum()\n", "clip_gradients",
         "torch.sqrt(...) is missing"),
    Case("clip: clamp_", CLIP, "    for p in params:\n        p.grad.clamp_(-theta, theta)\n", "clip_gradients",
         "clip_grad_value_"),
    Case("clip: .data.clamp_ with min/max", CLIP,
         "    for p in params:\n        p.grad.data.clamp_(min=-theta, max=theta)\n", "clip_gradients",
         "clip_grad_value_"),
    Case("clip: masks", CLIP,
         "    for p in params:\n        p.grad[p.grad > theta] = theta\n        p.grad[p.grad < -theta] = -theta\n",
         "clip_gradients", "clip_grad_value_"),
    Case("clip: generator read twice", "    params = list(params)\n    norm = torch.sqrt(",
         "    norm = torch.sqrt(", "clip_gradients", "did not change"),
    Case("clip: scaled copy not stored", "            p.grad.mul_(theta / norm)\n",
         "            grad = p.grad * theta / norm\n", "clip_gradients", "did not change"),
    Case("clip: p.grad.mul without underscore", "            p.grad.mul_(theta / norm)\n",
         "            p.grad.mul(theta / norm)\n", "clip_gradients", "did not change"),
    # CharRNN
    Case("CharRNN: one_hot without width, .to(float32)", ONE_HOT,
         "inputs = torch.nn.functional.one_hot(X.long()).to(torch.float32)", "CharRNN", "not vocab_size wide"),
    Case("CharRNN: one_hot width from X.max()", ONE_HOT,
         "inputs = nn.functional.one_hot(X, int(X.max()) + 1).float()", "CharRNN", "not vocab_size wide"),
    Case("CharRNN: one_hot num_classes=-1", ONE_HOT, "inputs = nn.functional.one_hot(X, num_classes=-1).float()",
         "CharRNN", "not vocab_size wide"),
    Case("CharRNN: self.rnn(inputs, None)", RNN_CALL,
         "        outputs, state = self.rnn(inputs, None)\n        return self.dense(outputs), state\n", "CharRNN",
         "state argument is ignored"),
    Case("CharRNN: new name for the state", RNN_CALL,
         "        outputs, h = self.rnn(inputs)\n        return self.dense(outputs), h\n", "CharRNN",
         "state argument is ignored"),
    Case("CharRNN: zeros as the state", RNN_CALL,
         "        h0 = torch.zeros(1, X.shape[0], self.rnn.hidden_size)\n"
         "        outputs, state = self.rnn(inputs, h0)\n        return self.dense(outputs), state\n", "CharRNN",
         "state argument is ignored"),
    Case("CharRNN: reshape before dense", RNN_CALL,
         "        outputs, state = self.rnn(inputs, state)\n"
         "        return self.dense(outputs.reshape(-1, outputs.shape[-1])), state\n", "CharRNN", "flattened"),
    Case("CharRNN: view(-1, hidden) before dense", RNN_CALL,
         "        outputs, state = self.rnn(inputs, state)\n"
         "        return self.dense(outputs.view(-1, self.rnn.hidden_size)), state\n", "CharRNN", "view() needs"),
    # (flattened with view(): it raises on the batches the RNN lays out of order, and that error is told first)
    Case("CharRNN: view(-1, outputs.size(-1)) before dense", RNN_CALL,
         "        outputs, state = self.rnn(inputs, state)\n"
         "        return self.dense(outputs.view(-1, outputs.size(-1))), state\n", "CharRNN", "view() needs"),
    Case("CharRNN: view(batch * steps, -1) in two lines", RNN_CALL,
         "        outputs, state = self.rnn(inputs, state)\n"
         "        flat = outputs.view(outputs.shape[0] * outputs.shape[1], -1)\n"
         "        return self.dense(flat), state\n", "CharRNN", "view() needs"),
    Case("CharRNN: flatten(0, 1) before dense", RNN_CALL,
         "        outputs, state = self.rnn(inputs, state)\n"
         "        return self.dense(outputs.flatten(0, 1)), state\n", "CharRNN", "flattened"),
    Case("CharRNN: scores reshaped to (-1, vocab_size)", RNN_CALL,
         "        outputs, state = self.rnn(inputs, state)\n"
         "        return self.dense(outputs).reshape(-1, self.vocab_size), state\n", "CharRNN", "flattened"),
    # train_epoch
    Case("epoch: detach without assignment", DETACH,
         "        if state is not None:\n            state.detach()\n", "train_epoch", "state = state.detach()"),
    Case("epoch: clone instead of detach", DETACH,
         "        if state is not None:\n            state = state.clone()\n", "train_epoch", "state = state.detach()"),
    Case("epoch: retain_graph instead of detach", DETACH + "        scores, state = model(X, state)\n"
         "        loss = loss_fn(scores.reshape(-1, scores.shape[-1]), Y.reshape(-1))\n"
         "        optimizer.zero_grad()\n        loss.backward()\n",
         "        scores, state = model(X, state)\n"
         "        loss = loss_fn(scores.reshape(-1, scores.shape[-1]), Y.reshape(-1))\n"
         "        optimizer.zero_grad()\n        loss.backward(retain_graph=True)\n", "train_epoch",
         "state = state.detach()"),
    Case("epoch: zero_grad once before the loop", EPOCH,
         EPOCH.replace("        optimizer.zero_grad()\n", "").replace(
             "    for X, Y in", "    optimizer.zero_grad()\n    for X, Y in"), "train_epoch", "not zeroed"),
    Case("epoch: zero_grad without parentheses", "        optimizer.zero_grad()\n        loss.backward()\n",
         "        optimizer.zero_grad\n        loss.backward()\n", "train_epoch", "not zeroed"),
    Case("epoch: model.zero_grad after step", EPOCH,
         EPOCH.replace("        optimizer.zero_grad()\n", "").replace(
             "        optimizer.step()\n", "        optimizer.step()\n        model.zero_grad\n"), "train_epoch",
         "not zeroed"),
    Case("epoch: clip after step", BACKWARD + "        optimizer.step()\n",
         "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n"
         "        clip_gradients(model.parameters(), theta)\n", "train_epoch", "not clipped"),
    Case("epoch: clipping commented out", BACKWARD,
         "        optimizer.zero_grad()\n        loss.backward()\n        # clip_gradients(model.parameters(), theta)\n",
         "train_epoch", "not clipped"),
    Case("epoch: clip before backward", BACKWARD,
         "        optimizer.zero_grad()\n        clip_gradients(model.parameters(), theta)\n        loss.backward()\n",
         "train_epoch", "not clipped"),
    Case("epoch: loss against X.flatten()", EPOCH_LOSS,
         "loss = loss_fn(scores.reshape(-1, scores.shape[-1]), X.flatten())", "train_epoch", "labels are not shifted"),
    Case("epoch: loss with permute against X", EPOCH_LOSS, "loss = loss_fn(scores.permute(0, 2, 1), X)",
         "train_epoch", "labels are not shifted"),
    Case("epoch: loss with transpose against X.long()", EPOCH_LOSS,
         "loss = loss_fn(scores.transpose(1, 2), X.long())", "train_epoch", "labels are not shifted"),
    Case("epoch: model(X, None)", "        scores, state = model(X, state)\n",
         "        scores, state = model(X, None)\n", "train_epoch", "not carried between batches"),
    Case("epoch: model(X) with the state thrown away", DETACH + "        scores, state = model(X, state)\n",
         "        scores, _ = model(X)\n", "train_epoch", "not carried between batches"),
    Case("epoch: state = None inside the loop", DETACH,
         "        state = None\n", "train_epoch", "not carried between batches"),
    Case("epoch: return inside the loop", EPOCH_SUM,
         "        total += loss.item() * Y.numel()\n        tokens += Y.numel()\n        return total / tokens\n",
         "train_epoch", "Only the first batch"),
    Case("epoch: break after the first batch", EPOCH_SUM,
         "        total += loss.item() * Y.numel()\n        tokens += Y.numel()\n        break\n    return total / tokens\n",
         "train_epoch", "Only the first batch"),
    Case("epoch: return loss.item() inside the loop", EPOCH_SUM,
         "        return loss.item()\n", "train_epoch", "Only the first batch"),
    Case("epoch: sum of loss.item()", EPOCH_SUM, "        total += loss.item()\n    return total\n", "train_epoch",
         "sum of the batches' losses"),
    Case("epoch: list of losses summed", EPOCH,
         EPOCH.replace(EPOCH_SUM, "        losses.append(loss.item())\n    return sum(losses)\n").replace(
             "    for X, Y in", "    losses = []\n    for X, Y in"), "train_epoch", "sum of the batches' losses"),
    Case("epoch: running loss of float(loss)", EPOCH_SUM, "        total = total + float(loss)\n    return total\n",
         "train_epoch", "sum of the batches' losses"),
    Case("epoch: token-weighted sum not divided", EPOCH_SUM,
         "        total += loss.item() * Y.numel()\n        tokens += Y.numel()\n    return total\n", "train_epoch",
         "never divided"),
    Case("epoch: token-weighted sum, tokens never counted", EPOCH_SUM,
         "        total += loss.item() * Y.numel()\n    return total\n", "train_epoch", "never divided"),
    Case("epoch: loss times len(Y.flatten()) summed", EPOCH_SUM,
         "        total = total + float(loss) * len(Y.flatten())\n    return total\n", "train_epoch", "never divided"),
    # train_char_model (diagnose_char_model and the training check's own hints)
    Case("char: theta = 1 as in D2L", CHAR_EPOCHS, CHAR_EPOCHS.replace("0.01)", "1)"), "train_char_model",
         "loss explodes"),
    Case("char: theta = 5", CHAR_EPOCHS, CHAR_EPOCHS.replace("0.01)", "5.0)"), "train_char_model", "loss explodes"),
    Case("char: theta named, 10", CHAR_EPOCHS,
         "    theta = 10\n" + CHAR_EPOCHS.replace("0.01)", "theta)"), "train_char_model", "loss explodes"),
    Case("char: own loop, loss against X", CHAR_MODEL, OWN_LOOP.format(labels="X.reshape(-1)"), "train_char_model",
         "repeat its input"),
    Case("char: own loop, loss against X.flatten()", CHAR_MODEL, OWN_LOOP.format(labels="X.flatten()"),
         "train_char_model", "repeat its input"),
    Case("char: own loop, X as labels via a variable", CHAR_MODEL,
         OWN_LOOP.format(labels="labels").replace("            scores, state = model(X, state)\n",
                                                  "            scores, state = model(X, state)\n"
                                                  "            labels = X.reshape(-1)\n"), "train_char_model",
         "repeat its input"),
    Case("char: return inside the epoch loop", CHAR_EPOCHS,
         "    for epoch in range(3):\n"
         "        losses.append(train_epoch(model, corpus, 32, 32, optimizer, 0.01))\n"
         "        return model, losses\n", "train_char_model", "Train for 3 epochs"),
    Case("char: num_epochs = 1", CHAR_EPOCHS, "    num_epochs = 1\n" + CHAR_EPOCHS.replace("range(3)", "range(num_epochs)"),
         "train_char_model", "Train for 3 epochs"),
    Case("char: a single call", CHAR_EPOCHS,
         "    losses.append(train_epoch(model, corpus, 32, 32, optimizer, 0.01))\n    return model, losses\n",
         "train_char_model", "Train for 3 epochs"),
    Case("char: model made again each epoch, one optimizer", CHAR_MODEL,
         "    optimizer = None\n    losses = []\n    for epoch in range(3):\n        model = CharRNN(vocab_size, 128)\n"
         "        if optimizer is None:\n            optimizer = torch.optim.SGD(model.parameters(), lr=50)\n"
         "        losses.append(train_epoch(model, corpus, 32, 32, optimizer, 0.01))\n    return model, losses\n",
         "train_char_model", "made again every"),
    Case("char: new CharRNN in the call", CHAR_MODEL,
         "    model = CharRNN(vocab_size, 128)\n    optimizer = torch.optim.SGD(model.parameters(), lr=50)\n"
         "    losses = []\n    for epoch in range(3):\n"
         "        model = CharRNN(vocab_size, 128)\n"
         "        losses.append(train_epoch(model, corpus, 32, 32, optimizer, 0.01))\n    return model, losses\n",
         "train_char_model", "made again every"),
    Case("char: net and opt built in the loop", CHAR_MODEL,
         "    losses = []\n    for epoch in range(3):\n        net = CharRNN(vocab_size, 128)\n"
         "        opt = torch.optim.SGD(net.parameters(), lr=50)\n"
         "        l = train_epoch(net, corpus, 32, 32, opt, 0.01)\n        print(epoch, l)\n        losses.append(l)\n"
         "    return net, losses\n", "train_char_model", "made again every"),
    Case("char: loss not appended", "        losses.append(train_epoch(model, corpus, 32, 32, optimizer, 0.01))\n",
         "        train_epoch(model, corpus, 32, 32, optimizer, 0.01)\n", "train_char_model",
         "Record the loss as you train"),
    Case("char: loss kept in a variable only",
         "        losses.append(train_epoch(model, corpus, 32, 32, optimizer, 0.01))\n",
         "        loss = train_epoch(model, corpus, 32, 32, optimizer, 0.01)\n", "train_char_model",
         "Record the loss as you train"),
    Case("char: lecture print, no append",
         "        losses.append(train_epoch(model, corpus, 32, 32, optimizer, 0.01))\n",
         "        l = train_epoch(model, corpus, 32, 32, optimizer, 0.01)\n        print(epoch, l)\n",
         "train_char_model", "Record the loss as you train"),
    # predict
    Case("predict: the last prefix character only, written loop", PREDICT_BODY,
         writer_body("    scores, state = model(torch.tensor([[vocab[prefix[-1]]]]), state)\n"), "predict",
         "did not warm up"),
    Case("predict: warm-up without carrying the state", PREDICT_BODY,
         writer_body("    for c in prefix:\n        scores, state = model(torch.tensor([[vocab[c]]]), None)\n"),
         "predict", "did not warm up"),
    Case("predict: outputs start from the last prefix char", PREDICT_BODY,
         PREDICT_BODY.replace("[vocab[prefix[0]]]", "[vocab[prefix[-1]]]").replace(
             "range(len(prefix) + num_chars - 1)", "range(num_chars)").replace(
             "        if t < len(prefix) - 1:\n            outputs.append(vocab[prefix[t + 1]])\n        else:\n"
             "            outputs.append(int(scores[0, -1].argmax()))\n",
             "        outputs.append(int(scores[0, -1].argmax()))\n").replace(
             "return \"\".join(vocab.to_tokens(outputs))", "return prefix + \"\".join(vocab.to_tokens(outputs[1:]))"),
         "predict", "did not warm up"),
    Case("predict: None fed while writing", PREDICT_BODY, writer_body(WARM, step_state="None"), "predict",
         "not carried while writing"),
    Case("predict: state thrown away while writing", PREDICT_BODY,
         writer_body(WARM).replace("scores, state = model(torch.tensor([[index]]), state)",
                                   "scores, _ = model(torch.tensor([[index]]))"), "predict", "not carried while writing"),
    Case("predict: reference loop with the state reset", PREDICT_BODY,
         PREDICT_BODY.replace("        else:\n            outputs.append(int(scores[0, -1].argmax()))\n",
                              "        else:\n            outputs.append(int(scores[0, -1].argmax()))\n"
                              "            state = None\n"), "predict", "not carried while writing"),
    Case("predict: written characters only", PREDICT_BODY, writer_body(WARM, result="''.join(written)"), "predict",
         "not the new characters alone"),
    Case("predict: string sliced after the prefix", PREDICT_RETURN,
         "    return \"\".join(vocab.to_tokens(outputs))[len(prefix):]\n", "predict", "not the new characters alone"),
    Case("predict: only the argmax indices kept", PREDICT_BODY,
         PREDICT_BODY.replace("    outputs = [vocab[prefix[0]]]\n", "    outputs = [vocab[prefix[0]]]\n    new = []\n")
         .replace("            outputs.append(int(scores[0, -1].argmax()))\n",
                  "            outputs.append(int(scores[0, -1].argmax()))\n            new.append(outputs[-1])\n")
         .replace("vocab.to_tokens(outputs)", "vocab.to_tokens(new)"), "predict", "not the new characters alone"),
    Case("predict: range - 2", PREDICT_RANGE, "    for t in range(len(prefix) + num_chars - 2):\n", "predict",
         "One character too few"),
    Case("predict: num_chars - 1 steps", PREDICT_BODY, writer_body(WARM, count="num_chars - 1"), "predict",
         "One character too few"),
    Case("predict: last character dropped", PREDICT_RETURN,
         "    return \"\".join(vocab.to_tokens(outputs[:-1]))\n", "predict", "One character too few"),
    Case("predict: range without - 1", PREDICT_RANGE, "    for t in range(len(prefix) + num_chars):\n", "predict",
         "One character too many"),
    Case("predict: num_chars + 1 steps", PREDICT_BODY, writer_body(WARM, count="num_chars + 1"), "predict",
         "One character too many"),
    Case("predict: one argmax before the loop", PREDICT_BODY,
         writer_body(WARM, first="    index = int(scores[0, -1].argmax())\n    written.append(vocab.to_tokens(index))\n"
                     "    scores, state = model(torch.tensor([[index]]), state)\n"), "predict",
         "One character too many"),
]

RIGHT = [
    Variant("tokenize: comprehension over the cleaned text", [(TOKENIZE, 'cleaned = re.sub(r"[^a-z]+", " ", '
                                                                        'text.lower())\n    return [c for c in cleaned]')],
            "tokenize"),
    Variant("Vocab: D2L's sorted(..., key=x[1], reverse=True)",
            [("for token, freq in Counter(tokens).most_common():",
              "for token, freq in sorted(Counter(tokens).items(), key=lambda x: x[1], reverse=True):")], "Vocab"),
    Variant("ngram_counts: zip of shifted lists", [(NGRAMS, "return Counter(zip(*[tokens[i:] for i in range(n)]))")],
            "ngram_counts"),
    Variant("perplexity: torch, float64", [(PPL, "l = torch.tensor(losses, dtype=torch.float64)\n"
                                                 "    n = torch.tensor(counts, dtype=torch.float64)\n"
                                                 "    return torch.exp((l * n).sum() / n.sum()).item()")],
            "perplexity"),
    Variant("clip_gradients: norm of the concatenated grads, p.grad.data assigned",
            [(CLIP, "    params = [p for p in params]\n"
                    "    norm = torch.norm(torch.cat([p.grad.flatten() for p in params]))\n"
                    "    if norm > theta:\n        for p in params:\n"
                    "            p.grad.data = p.grad.data * theta / norm\n")], "clip_gradients"),
    Variant("CharRNN: super(CharRNN, self), one_hot num_classes=, .type(float32)",
            [("        super().__init__()\n        ### BEGIN SOLUTION\n        self.vocab_size = vocab_size\n",
              "        super(CharRNN, self).__init__()\n        ### BEGIN SOLUTION\n        self.vocab_size = vocab_size\n"),
             (ONE_HOT, "inputs = torch.nn.functional.one_hot(X.long(), num_classes=self.vocab_size)"
                       ".type(torch.float32)")], "CharRNN"),
    Variant("train_epoch: torch's clip_grad_norm_ and the mean of the batch losses",
            [("        clip_gradients(model.parameters(), theta)\n",
              "        torch.nn.utils.clip_grad_norm_(model.parameters(), theta)\n"),
             (EPOCH_SUM, "        losses.append(loss.item())\n    return sum(losses) / len(losses)\n"),
             ("    total, tokens = 0.0, 0\n", "    losses = []\n")], "train_epoch"),
    Variant("train_char_model: lecture loop with print, 4 epochs",
            [(CHAR_EPOCHS, "    for epoch in range(4):\n"
                           "        l = train_epoch(model, corpus, 32, 32, optimizer, 0.01)\n"
                           "        print(epoch, l)\n        losses.append(l)\n    return model, losses\n")],
            "train_char_model"),
    Variant("predict: the whole prefix fed at once", [(PREDICT_BODY, (
        "    X = torch.tensor([vocab[list(prefix)]])\n"
        "    scores, state = model(X, None)\n"
        "    result = list(prefix)\n"
        "    for _ in range(num_chars):\n"
        "        index = scores[0, -1].argmax().item()\n"
        "        result.append(vocab.to_tokens(index))\n"
        "        scores, state = model(torch.tensor([[index]]), state)\n"
        "    return ''.join(result)\n"))], "predict"),
]
