"""Reference solution of hw12, generated from assignments/hw12/hw12.ipynb."""


import math
import random
import re
from collections import Counter

import pydoc_data.topics
import torch
from torch import nn

TOPICS = pydoc_data.topics.topics
raw_text = " ".join(TOPICS[key] for key in sorted(TOPICS))   # the Python reference manual, about 460,000 characters
print(len(raw_text), repr(raw_text[:120]))


def tokenize(text):
    """The character tokens of a text, lower-cased, every run of non-letters made one space.

    Args:
        text: a str.

    Returns:
        a list of one-character strings, each a letter 'a'-'z' or ' '.
    """
    return list(re.sub("[^a-z]+", " ", text.lower()))


class Vocab:
    """A vocabulary of tokens.

    Vocab(tokens, min_freq=0, reserved_tokens=None): tokens is a list of str tokens (may be empty);
    reserved_tokens a list of distinct str tokens other than '<unk>' (or None).
    Attributes: idx_to_token (list of str, '<unk>' first), token_to_idx (dict str -> int).
    len(vocab): the number of tokens in the vocabulary.
    vocab[token] -> int index (0 for an unknown token); vocab[list_of_tokens] -> list of ints.
    vocab.to_tokens(index) -> str; vocab.to_tokens(list_of_indices) -> list of str.
    """

    def __init__(self, tokens, min_freq=0, reserved_tokens=None):
        self.idx_to_token = ["<unk>"] + list(reserved_tokens or [])
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}
        for token, freq in Counter(tokens).most_common():
            if freq < min_freq:
                break
            if token not in self.token_to_idx:
                self.idx_to_token.append(token)
                self.token_to_idx[token] = len(self.idx_to_token) - 1

    def __len__(self):
        return len(self.idx_to_token)

    def __getitem__(self, tokens):
        if isinstance(tokens, (list, tuple)):
            return [self[token] for token in tokens]
        return self.token_to_idx.get(tokens, 0)

    def to_tokens(self, indices):
        if isinstance(indices, (list, tuple)):
            return [self.idx_to_token[int(i)] for i in indices]
        return self.idx_to_token[int(indices)]


def ngram_counts(tokens, n):
    """The counts of the n-grams of tokens.

    Args:
        tokens: a list of tokens (str); n: int >= 1.

    Returns:
        a collections.Counter (or dict) mapping each n-gram, a tuple of n tokens, to how often it occurs.
    """
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def conditional_prob(tokens, context, w):
    """P(w | context) estimated by counting in tokens.

    Args:
        tokens: a list of tokens (str); context: a tuple of 0, 1 or 2 tokens; w: a token.

    Returns:
        a Python float in [0, 1].
    """
    context = tuple(context)
    counts = ngram_counts(tokens, len(context) + 1)
    total = sum(c for gram, c in counts.items() if gram[:-1] == context)
    return counts[context + (w,)] / total if total else 0.0


def perplexity(losses, counts):
    """The perplexity of several batches from their mean losses.

    Args:
        losses: a non-empty list of floats, the mean cross-entropy (natural log) of each batch.
        counts: a list of positive ints, the number of predicted tokens in each batch (same length).

    Returns:
        a Python float, exp(sum(l * n) / sum(n)).
    """
    return math.exp(sum(l * n for l, n in zip(losses, counts)) / sum(counts))


def random_batches(corpus, batch_size, num_steps, seed):
    """Mini-batches of randomly chosen, non-overlapping subsequences (one epoch).

    Args:
        corpus: a list of ints (token indices); batch_size, num_steps: ints >= 1; seed: int for random.Random.

    Returns:
        a list of (X, Y) pairs, X and Y int64 tensors (batch_size, num_steps), Y[b, t] the token after X[b, t].
        The same seed gives the same batches.
    """
    corpus = torch.tensor(corpus, dtype=torch.long)
    num_examples = (len(corpus) - 1) // num_steps
    starts = [i * num_steps for i in range(num_examples)]
    random.Random(seed).shuffle(starts)
    batches = []
    for b in range(num_examples // batch_size):
        chosen = starts[b * batch_size : (b + 1) * batch_size]
        X = torch.stack([corpus[s : s + num_steps] for s in chosen])
        Y = torch.stack([corpus[s + 1 : s + 1 + num_steps] for s in chosen])
        batches.append((X, Y))
    return batches


def sequential_batches(corpus, batch_size, num_steps):
    """Mini-batches of adjacent subsequences (one epoch).

    Args:
        corpus: a list of ints (token indices); batch_size, num_steps: ints >= 1.

    Returns:
        a list (or generator) of (X, Y) pairs, int64 tensors (batch_size, num_steps); row b of batch i + 1 continues
        row b of batch i, and Y is X shifted by one token.
    """
    corpus = torch.tensor(corpus, dtype=torch.long)
    batch_len = len(corpus) // batch_size
    rows = corpus[: batch_size * batch_len].view(batch_size, batch_len)
    batches = []
    for i in range((batch_len - 1) // num_steps):
        start = i * num_steps
        batches.append((rows[:, start : start + num_steps], rows[:, start + 1 : start + 1 + num_steps]))
    return batches


def rnn_forward(inputs, state, params):
    """An RNN with an output layer, step by step.

    Args:
        inputs: float tensor (num_steps, batch, input_size), X_1 ... X_T.
        state: float tensor (batch, hidden_size), H_0.
        params: a tuple (W_xh, W_hh, b_h, W_hq, b_q) of shapes (input_size, hidden_size), (hidden_size,
            hidden_size), (hidden_size,), (hidden_size, num_outputs), (num_outputs,).

    Returns:
        a tuple (outputs, H): outputs (num_steps, batch, num_outputs) holds O_1 ... O_T, H (batch, hidden_size)
        is H_T.
    """
    W_xh, W_hh, b_h, W_hq, b_q = params
    H = state
    outputs = []
    for X in inputs:
        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)
        outputs.append(H @ W_hq + b_q)
    return torch.stack(outputs), H


def clip_gradients(params, theta):
    """Clips the gradients of params, in place, to a global norm of at most theta.

    Args:
        params: an iterable of tensors whose .grad is set (a list, or model.parameters()).
        theta: a positive float.

    Returns:
        None (each p.grad is changed in place).
    """
    params = list(params)
    norm = torch.sqrt(sum((p.grad ** 2).sum() for p in params))
    if norm > theta:
        for p in params:
            p.grad.mul_(theta / norm)


class CharRNN(nn.Module):
    """One-hot -> nn.RNN -> nn.Linear.

    CharRNN(vocab_size, hidden_size) has exactly one nn.RNN(vocab_size, hidden_size) (one layer, batch_first=True)
    and one nn.Linear(hidden_size, vocab_size).
    forward(X, state=None): X int64 (batch, num_steps), state None or float32 (1, batch, hidden_size) ->
    (scores float32 (batch, num_steps, vocab_size), new state float32 (1, batch, hidden_size)).
    """

    def __init__(self, vocab_size, hidden_size):
        super().__init__()
        self.vocab_size = vocab_size
        self.rnn = nn.RNN(vocab_size, hidden_size, batch_first=True)
        self.dense = nn.Linear(hidden_size, vocab_size)

    def forward(self, X, state=None):
        inputs = nn.functional.one_hot(X, self.vocab_size).float()
        outputs, state = self.rnn(inputs, state)
        return self.dense(outputs), state


def train_epoch(model, corpus, batch_size, num_steps, optimizer, theta):
    """One epoch of training with sequential sampling, a carried (detached) state and gradient clipping.

    Args:
        model: a model like CharRNN (forward(X, state) -> (scores, state)); corpus: a list of ints;
        batch_size, num_steps: ints; optimizer: a torch.optim optimizer of the model's parameters; theta: float.

    Returns:
        a Python float, the mean cross-entropy per predicted token over the epoch.
    """
    loss_fn = nn.CrossEntropyLoss()
    state = None
    total, tokens = 0.0, 0
    for X, Y in sequential_batches(corpus, batch_size, num_steps):
        if state is not None:
            state = state.detach()
        scores, state = model(X, state)
        loss = loss_fn(scores.reshape(-1, scores.shape[-1]), Y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        clip_gradients(model.parameters(), theta)
        optimizer.step()
        total += loss.item() * Y.numel()
        tokens += Y.numel()
    return total / tokens


def train_char_model(corpus, vocab_size):
    """Trains a CharRNN language model.

    Args:
        corpus: a list of ints in [0, vocab_size), the text as token indices; vocab_size: int.

    Returns:
        a tuple (model, losses): the trained CharRNN and a list of 3 Python floats, the mean loss of each epoch.
    """
    model = CharRNN(vocab_size, 128)
    optimizer = torch.optim.SGD(model.parameters(), lr=50)
    losses = []
    for epoch in range(3):
        losses.append(train_epoch(model, corpus, 32, 32, optimizer, 0.01))
    return model, losses


def predict(prefix, num_chars, model, vocab):
    """Greedy continuation of a prefix.

    Args:
        prefix: a non-empty str whose characters are in vocab; num_chars: int >= 0;
        model: a model like CharRNN (forward(X, state) -> (scores, state)); vocab: a Vocab of characters.

    Returns:
        a str: prefix followed by num_chars characters, each the argmax of the model's scores after the one
        before it.
    """
    state = None
    outputs = [vocab[prefix[0]]]
    for t in range(len(prefix) + num_chars - 1):
        scores, state = model(torch.tensor([[outputs[-1]]]), state)
        if t < len(prefix) - 1:
            outputs.append(vocab[prefix[t + 1]])
        else:
            outputs.append(int(scores[0, -1].argmax()))
    return "".join(vocab.to_tokens(outputs))
