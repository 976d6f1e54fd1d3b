"""Reference solution of hw10, generated from assignments/hw10/hw10.ipynb."""


import importlib
import random
from collections import Counter

import torch
from torch import nn

# "hello" -> "ohlol": the characters are numbered by their place in IDX2CHAR.
IDX2CHAR = ["e", "h", "l", "o"]
HELLO = [1, 0, 2, 2, 3]   # h e l l o
OHLOL = [3, 1, 2, 3, 2]   # o h l o l

LOCALES = ["en_US", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "fi_FI", "sv_SE"]
VOCAB_SIZE = 256          # a character is its code point, ord(c) < 256; 0 is padding

def load_surnames(per_locale=300, seed=0):
    """Faker's surnames of each locale (those in more than one locale dropped), as (names, labels)."""
    sets = {}
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        sets[locale] = {str(n).strip() for n in provider.last_names if all(ord(c) < VOCAB_SIZE for c in str(n))}
    seen = Counter(n for names in sets.values() for n in names)
    rng = random.Random(seed)
    pairs = []
    for label, locale in enumerate(LOCALES):
        names = sorted(n for n in sets[locale] if n and seen[n] == 1)
        rng.shuffle(names)
        pairs += [(n, label) for n in names[:per_locale]]
    rng.shuffle(pairs)
    return [n for n, _ in pairs], [label for _, label in pairs]

surnames, surname_labels = load_surnames()


def rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh):
    """One step of an Elman RNN: tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh), as nn.RNNCell computes it.

    Args:
        x: float tensor (batch, input_size), the input at this step.
        h: float tensor (batch, hidden_size), the hidden state before this step.
        w_ih: (hidden_size, input_size); w_hh: (hidden_size, hidden_size); b_ih, b_hh: (hidden_size,).

    Returns:
        the new hidden state, a float tensor (batch, hidden_size).
    """
    return torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)


def rnn_forward(xs, h0, w_ih, w_hh, b_ih, b_hh):
    """A one-layer RNN over a sequence, step by step with rnn_cell.

    Args:
        xs: float tensor (seq_len, batch, input_size), seq_len >= 1.
        h0: float tensor (batch, hidden_size), the initial hidden state.
        w_ih, w_hh, b_ih, b_hh: the cell's weights, as for rnn_cell.

    Returns:
        a tuple (outputs, h_n): outputs (seq_len, batch, hidden_size) holds the hidden state after each step,
        h_n (batch, hidden_size) the one after the last step.
    """
    h = h0
    outputs = []
    for x in xs:
        h = rnn_cell(x, h, w_ih, w_hh, b_ih, b_hh)
        outputs.append(h)
    return torch.stack(outputs), h


def one_hot(indices, num_classes):
    """The one-hot rows of a list of class indices.

    Args:
        indices: a list of ints in [0, num_classes) (or a 1-D int64 tensor).
        num_classes: int >= 1.

    Returns:
        a float32 tensor (len(indices), num_classes); row i has a 1.0 at column indices[i] and 0.0 elsewhere.
    """
    return torch.eye(num_classes)[torch.as_tensor(indices, dtype=torch.long)]


class HelloRNN(nn.Module):
    """One nn.RNN layer over one-hot inputs; the hidden state at each step is the class scores.

    HelloRNN(input_size, hidden_size, num_layers=1) has exactly one nn.RNN(input_size, hidden_size, num_layers)
    (batch_first=False) and no other layer with weights.
    forward(x): x float32 (seq_len, batch, input_size) -> scores float32 (seq_len * batch, hidden_size),
    the RNN's output at every step from a zero initial hidden state, row t * batch + b for step t of sequence b.
    """

    def __init__(self, input_size, hidden_size, num_layers=1):
        super().__init__()
        self.num_layers = num_layers
        self.hidden_size = hidden_size
        self.rnn = nn.RNN(input_size, hidden_size, num_layers)

    def forward(self, x):
        h0 = torch.zeros(self.num_layers, x.size(1), self.hidden_size, dtype=x.dtype, device=x.device)
        out, _ = self.rnn(x, h0)
        return out.reshape(-1, self.hidden_size)


class HelloEmbedding(nn.Module):
    """Embedding -> RNN (batch_first=True) -> Linear, the scores of every step.

    HelloEmbedding(num_class, embedding_size, hidden_size, num_layers=1) has exactly one
    nn.Embedding(num_class, embedding_size), one nn.RNN(embedding_size, hidden_size, num_layers, batch_first=True)
    and one nn.Linear(hidden_size, num_class).
    forward(x): x int64 (batch, seq_len) -> scores float32 (batch * seq_len, num_class), from a zero initial
    hidden state, row b * seq_len + t for step t of sequence b.
    """

    def __init__(self, num_class, embedding_size, hidden_size, num_layers=1):
        super().__init__()
        self.num_layers = num_layers
        self.hidden_size = hidden_size
        self.num_class = num_class
        self.emb = nn.Embedding(num_class, embedding_size)
        self.rnn = nn.RNN(embedding_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_class)

    def forward(self, x):
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size, device=x.device)
        out, _ = self.rnn(self.emb(x), h0)
        return self.fc(out).reshape(-1, self.num_class)


def train_hello(model, inputs, labels, epochs, lr):
    """Full-batch training with Adam and cross-entropy.

    Args:
        model: an nn.Module mapping inputs to scores (N, num_classes), e.g. HelloRNN or HelloEmbedding.
        inputs: the model's input tensor.
        labels: int64 tensor of the class of every row of the scores, in any shape (it is flattened).
        epochs: int >= 1; lr: float.

    Returns:
        losses: a list of `epochs` Python floats, the loss of each epoch before its update.
    """
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    criterion = nn.CrossEntropyLoss()
    losses = []
    for epoch in range(epochs):
        optimizer.zero_grad()
        loss = criterion(model(inputs), labels.view(-1))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def make_tensors(names):
    """Code points of names, zero-padded, and their lengths.

    Args:
        names: a non-empty list of non-empty strings, every character with ord(c) < 256.

    Returns:
        a tuple (codes, lengths): codes int64 (len(names), max length) with codes[i, j] = ord(names[i][j]) and 0
        after the end of each name; lengths int64 (len(names),) with lengths[i] = len(names[i]).
    """
    lengths = torch.tensor([len(name) for name in names], dtype=torch.long)
    codes = torch.zeros(len(names), int(lengths.max()), dtype=torch.long)
    for i, name in enumerate(names):
        codes[i, : len(name)] = torch.tensor([ord(c) for c in name], dtype=torch.long)
    return codes, lengths


class NameClassifier(nn.Module):
    """Embedding -> GRU -> Linear on the hidden state after each name's last character.

    NameClassifier(vocab_size, hidden_size, num_classes) has exactly one nn.Embedding(vocab_size, hidden_size),
    one nn.GRU(hidden_size, hidden_size) (one layer, one direction; batch_first as you like) and one
    nn.Linear(hidden_size, num_classes).
    forward(codes, lengths): codes int64 (batch, max_len) zero-padded, lengths int64 (batch,) ->
    scores float32 (batch, num_classes).
    """

    def __init__(self, vocab_size, hidden_size, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, codes, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(codes), lengths.cpu(), batch_first=True,
                                                   enforce_sorted=False)
        _, h_n = self.gru(packed)
        return self.fc(h_n[-1])


def train_name_classifier(names, labels, num_classes):
    """Trains a NameClassifier on surnames.

    Args:
        names: a list of N surnames (str); labels: int64 tensor (N,) (or a list of ints) of classes in
            [0, num_classes); num_classes: int.

    Returns:
        a tuple (model, losses): the trained NameClassifier (its forward takes the output of make_tensors) and a
        list of Python floats, one mean loss per epoch.
    """
    codes, lengths = make_tensors(names)
    labels = torch.as_tensor(labels, dtype=torch.long)
    model = NameClassifier(VOCAB_SIZE, 32, num_classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    criterion = nn.CrossEntropyLoss()
    losses = []
    for epoch in range(5):
        order = torch.randperm(len(names))
        total = 0.0
        for start in range(0, len(names), 64):
            batch = order[start : start + 64]
            optimizer.zero_grad()
            loss = criterion(model(codes[batch], lengths[batch]), labels[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        losses.append(total / len(names))
    return model, losses
