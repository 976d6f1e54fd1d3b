"""hw10's stand-ins: the RNN cell for the loop over time; the name encoding and the GRU classifier for the surname
training."""

from __future__ import annotations

import torch
from torch import nn


def rnn_cell_reference(x, h, w_ih, w_hh, b_ih, b_hh):
    """nn.RNNCell with these weights (also the trusted stand-in for the student's rnn_cell)."""
    cell = nn.RNNCell(w_ih.shape[1], w_ih.shape[0]).to(w_ih.dtype)
    with torch.no_grad():
        for p, w in zip((cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh), (w_ih, w_hh, b_ih, b_hh)):
            p.copy_(w)
        return cell(x, h)


def make_tensors_reference(names):
    lengths = torch.tensor([len(name) for name in names], dtype=torch.long)
    codes = torch.zeros(len(names), int(lengths.max()), dtype=torch.long)
    for i, name in enumerate(names):
        codes[i, : len(name)] = torch.tensor([ord(c) for c in name], dtype=torch.long)
    return codes, lengths


class NameClassifierReference(nn.Module):
    def __init__(self, vocab_size, hidden_size, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, codes, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(codes), lengths.cpu(), batch_first=True,
                                                   enforce_sorted=False)
        return self.fc(self.gru(packed)[1][-1])
