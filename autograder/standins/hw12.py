"""hw12's stand-ins: the course's Vocab, n-gram counts, sequential batches, clipping, CharRNN and epoch, for the checks
whose calls need them (the probes of train_epoch and predict build their seeded model and vocabulary with them).
Their keyword options are the modelled mistakes of the checks that use them as oracles."""

from __future__ import annotations

from collections import Counter

import torch
from torch import nn


class VocabReference:
    """The course's Vocab: '<unk>', the reserved tokens, then the tokens by decreasing frequency."""

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


def ngram_counts_reference(tokens, n, *, last=True, step=1):
    stop = len(tokens) - n + (1 if last else 0)
    return Counter(tuple(tokens[i : i + n]) for i in range(0, max(stop, 0), step))


def sequential_batches_reference(corpus, batch_size, num_steps, *, shift=1, layout="rows", first_only=False):
    corpus = torch.as_tensor(list(corpus), dtype=torch.long)
    batch_len = len(corpus) // batch_size
    kept = corpus[: batch_size * batch_len]
    rows = kept.view(batch_size, batch_len) if layout == "rows" else kept.view(batch_len, batch_size).T
    batches = []
    for i in range((batch_len - 1) // num_steps):
        start = i * num_steps
        batches.append((rows[:, start : start + num_steps].contiguous(),  # contiguous: Y.view(-1) works too
                        rows[:, start + shift : start + shift + num_steps].contiguous()))
    return batches[:1] if first_only else batches


def clip_gradients_reference(params, theta) -> None:
    """The trusted stand-in: also takes a generator such as model.parameters()."""
    params = [p for p in params if p.grad is not None]
    norm = torch.sqrt(sum((p.grad.detach() ** 2).sum() for p in params))
    if norm > theta:
        for p in params:
            p.grad.mul_(theta / norm)


class CharRNNReference(nn.Module):
    """One-hot -> nn.RNN (batch first) -> nn.Linear; forward(X, state) -> (scores, state)."""

    def __init__(self, vocab_size, hidden_size):
        super().__init__()
        self.vocab_size = vocab_size
        self.rnn = nn.RNN(vocab_size, hidden_size, batch_first=True)
        self.dense = nn.Linear(hidden_size, vocab_size)

    def forward(self, X, state=None):
        outputs, state = self.rnn(nn.functional.one_hot(X, self.vocab_size).float(), state)
        return self.dense(outputs), state


def train_epoch_reference(model, corpus, batch_size, num_steps, optimizer, theta, *, zero_grad=True, clip=True,
                          shift=True, carry=True, first_only=False, sum_losses=False, undivided=False):
    """The course's epoch (also the trusted stand-in for the student's train_epoch); the options are mistakes."""
    loss_fn = nn.CrossEntropyLoss()
    state = None
    total, tokens, summed = 0.0, 0, 0.0
    for X, Y in sequential_batches_reference(corpus, batch_size, num_steps):
        if state is not None:
            state = state.detach() if carry else None
        scores, state = model(X, state)
        loss = loss_fn(scores.reshape(-1, scores.shape[-1]), (Y if shift else X).reshape(-1))
        if zero_grad:
            optimizer.zero_grad()
        loss.backward()
        if clip:
            clip_gradients_reference(model.parameters(), theta)
        optimizer.step()
        total += loss.item() * Y.numel()
        tokens += Y.numel()
        summed += loss.item()
        if first_only:
            break
    return summed if sum_losses else total if undivided else total / tokens
