"""hw12's probes: what they observe in the worker of a Vocab, n-gram counts, (X, Y) batches, clipped gradients, a
CharRNN with seeded weights, an epoch and a training run, and a greedy continuation. The seeded CharRNN and Vocab that
train_epoch and predict are given are the grader's stand-ins, sent with those checks' calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from autograder.sandboxed import model_probe
from autograder.sandboxed.by_hand import CLIPPING, NEW_THREADS_OR_PROCESSES, REACHED, RNN_CELL, TAMPERED, by_hand
from autograder.sandboxed.probes.hw10 import _describe, _layers, _one
from autograder.sandboxed.probes.shared import attempt, parameters_of
from autograder.sandboxed.values import fill
from autograder.sandboxed.worker import stand_in

GRAPH_FREED = "backward through the graph a second time"


def observation(call: Callable[[], Any]) -> Any:
    """What call() gives, or 'raised NAME' (so that a KeyError can have its own hint)."""
    value, exc = attempt(call)
    return value if exc is None else f"raised {type(exc).__name__}"



# 2. The vocabulary.


def probe_vocab(student_cls, tokens, min_freq, reserved, queries, indices) -> dict:
    """Builds Vocab(tokens, min_freq, reserved) and reports its tokens, its length and its lookups both ways."""
    vocab = student_cls(list(tokens), min_freq, list(reserved))
    return {
        "idx_to_token": observation(lambda: [str(t) for t in vocab.idx_to_token]),
        "len": observation(lambda: len(vocab)),
        "lookup": observation(lambda: [int(i) for i in vocab[list(queries)]]),
        "one": observation(lambda: int(vocab[queries[0]])),
        "to_tokens": observation(lambda: [str(t) for t in vocab.to_tokens(list(indices))]),
        "to_token": observation(lambda: str(vocab.to_tokens(indices[0]))),
    }


# 3. n-grams.


def _gram_key(gram) -> str:
    return "".join(str(t) for t in gram) if isinstance(gram, (tuple, list)) else str(gram)


def counted(counts) -> Any:
    """Counts as sorted [n-gram joined into a str, count] pairs (tuple keys do not cross)."""
    if not isinstance(counts, dict):
        return f"not a dict: {type(counts).__name__}"
    return sorted([_gram_key(gram), int(count)] for gram, count in counts.items())


def probe_ngrams(student_fn, tokens, n):
    """The student's counts as sorted [n-gram joined into a str, count] pairs."""
    return counted(student_fn(list(tokens), n))


# 6-7. Batches.


def _batch_list(student_fn, corpus, batch_size, num_steps, *seed) -> list[tuple[torch.Tensor, torch.Tensor]]:
    return [(torch.as_tensor(X), torch.as_tensor(Y)) for X, Y in student_fn(list(corpus), batch_size, num_steps, *seed)]


def _rows(t: torch.Tensor) -> list[list]:
    return t.tolist() if t.dim() == 2 else []


def _starts(batches, position) -> list[int]:
    return [position.get(row[0], -1) if row else -1 for X, _ in batches for row in _rows(X)]


def probe_random_batches(student_fn, corpus, batch_size, num_steps, seed) -> dict:
    """One epoch of random_batches on a corpus of distinct ids: counts, shapes, the shift, the windows used,
    the same batches for the same seed, another order for other seeds."""
    batches = _batch_list(student_fn, corpus, batch_size, num_steps, seed)
    again = _batch_list(student_fn, corpus, batch_size, num_steps, seed)
    position = {v: i for i, v in enumerate(corpus)}
    starts = _starts(batches, position)
    windows = [corpus[s : s + num_steps] for s in starts]
    following = [corpus[s + 1 : s + 1 + num_steps] for s in starts]
    x_rows = [row for X, _ in batches for row in _rows(X)]
    y_rows = [row for _, Y in batches for row in _rows(Y)]
    changes = (len(corpus) - 1) // num_steps < 4 or any(  # under 4 windows, 20 seeds may all give one order
        _starts(_batch_list(student_fn, corpus, batch_size, num_steps, other), position) != starts
        for other in range(seed + 1, seed + 21))
    return {
        "batches": len(batches),
        "shapes": sorted({(tuple(X.shape), tuple(Y.shape)) for X, Y in batches}),
        "dtypes": sorted({str(t.dtype).removeprefix("torch.") for X, Y in batches for t in (X, Y)}),
        "y_equals_x": any(X.shape == Y.shape and bool(torch.equal(X, Y)) for X, Y in batches),
        "rows_are_windows": all(s >= 0 and row == w for s, row, w in zip(starts, x_rows, windows)),
        "y_is_next": len(y_rows) == len(starts) and all(row == f for row, f in zip(y_rows, following)),
        "starts_at_multiples_of_num_steps": all(s % num_steps == 0 for s in starts),
        "each_window_once": len(set(starts)) == len(starts),
        "same_for_same_seed": len(again) == len(batches) and all(
            torch.equal(a, b) for (X, Y), (X2, Y2) in zip(batches, again) for a, b in ((X, X2), (Y, Y2))),
        "order_changes_with_seed": changes,
    }


def probe_sequential_batches(student_fn, corpus, batch_size, num_steps) -> list:
    return [[X, Y] for X, Y in _batch_list(student_fn, corpus, batch_size, num_steps)]


# 9. Clipping.


def probe_clip(student_fn, grads, theta) -> dict | str:
    """Parameters whose .grad are grads, passed as a generator (like model.parameters()); their .grad after, or the
    clipping of torch the student's code reached (`by_hand`)."""
    params = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    found = by_hand(student_fn, (p for p in params), theta, forbidden=(CLIPPING, NEW_THREADS_OR_PROCESSES))
    if isinstance(found, str) and found.startswith((REACHED, TAMPERED)):  # clipped by torch, not by hand
        return found
    return {"grads": [p.grad.detach().clone() if p.grad is not None else None for p in params]}


# 10. The character-level RNN: its layers (described as hw10 describes them), and the grader's seeded weights.


def char_layers(vocab_size, hidden_size) -> list[str]:
    """The layers the notebook asks of CharRNN(vocab_size, hidden_size): an nn.RNN and an nn.Linear."""
    return sorted([_describe(nn.RNN(vocab_size, hidden_size)), _describe(nn.Linear(hidden_size, vocab_size))])


def seeded_char_model(char_rnn, vocab_size, hidden_size, seed) -> nn.Module:
    """char_rnn(vocab_size, hidden_size) (the grader's CharRNN) with its RNN and Linear filled with seed, seed + 1."""
    model = char_rnn(vocab_size, hidden_size)
    fill(model.rnn, seed)
    fill(model.dense, seed + 1)
    return model


def probe_char_rnn(student_cls, vocab_size, hidden_size, X, state, seed) -> dict:
    """Builds CharRNN(vocab_size, hidden_size), gives its RNN and Linear seeded weights, runs it from the zero
    state and from `state`; reports the width of what reaches the RNN too."""
    model = student_cls(vocab_size, hidden_size)
    seen: dict[str, Any] = {"layers": _layers(model)}
    if seen["layers"] != char_layers(vocab_size, hidden_size):
        return seen
    rnn = _one(model, nn.RNN)
    fill(rnn, seed)
    fill(_one(model, nn.Linear), seed + 1)

    def width(module, args) -> None:
        seen.setdefault("input_width", int(args[0].shape[-1]))

    rnn.register_forward_pre_hook(width)
    model.eval()
    with torch.no_grad():
        try:
            scores, new_state = model(X.clone(), None)
        except Exception:
            if seen.get("input_width", vocab_size) != vocab_size:
                return seen
            raise
        scores_given, state_given = model(X.clone(), state.clone())
    return {**seen, "scores": scores, "state": new_state, "scores_given_state": scores_given,
            "state_given_state": state_given}


# 11. One epoch of the student's loop on the seeded model.


def _float(value) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError, RuntimeError):
        return repr(value)[:80]


def epoch_setup(char_rnn, vocab_size, hidden_size, seed, lr):
    """The seeded model (of the grader's CharRNN) and its SGD optimizer."""
    model = seeded_char_model(char_rnn, vocab_size, hidden_size, seed)
    return model, torch.optim.SGD(model.parameters(), lr=lr)


def probe_train_epoch(student_fn, corpus, vocab_size, hidden_size, batch_size, num_steps, lr, theta, seed) -> dict:
    """Trains the seeded CharRNN one epoch with the student's train_epoch and an SGD optimizer made here."""
    model, optimizer = epoch_setup(stand_in("CharRNN"), vocab_size, hidden_size, seed, lr)
    try:
        loss = student_fn(model, list(corpus), batch_size, num_steps, optimizer, theta)
    except RuntimeError as exc:
        if GRAPH_FREED in str(exc):
            return {"raised": f"RuntimeError: {GRAPH_FREED}"}
        raise
    return {"loss": _float(loss), "parameters": parameters_of(model)}


# 12. The training run.


def probe_train_char_model(student_fn, train_x, train_y, test_x, settings) -> dict:
    def predict(model, device):
        # train_char_model(corpus, vocab_size) is given no device: score the model where it is
        out = model(test_x.to(next(model.parameters(), test_x).device), None)
        return out[0] if isinstance(out, (tuple, list)) else out

    return model_probe.observe(lambda device: student_fn(list(train_x), int(train_y)), predict, settings)


# 13. Greedy continuation.


def writer(char_rnn, vocab_cls, text, hidden_size, seed) -> tuple[nn.Module, Any]:
    """A seeded CharRNN over the Vocab of text (the grader's classes) that never writes '<unk>' (its score is pushed
    down)."""
    vocab = vocab_cls(list(text))
    model: Any = seeded_char_model(char_rnn, len(vocab), hidden_size, seed)
    with torch.no_grad():
        model.dense.bias[0] = -100.0
    return model.eval(), vocab


def probe_predict(student_fn, text, prefix, num_chars, hidden_size, seed):
    model, vocab = writer(stand_in("CharRNN"), stand_in("Vocab"), text, hidden_size, seed)
    return student_fn(prefix, num_chars, model, vocab)


def probe_rnn_forward(student_fn, inputs, state, params):
    """The RNN's steps written by hand: the answer, or torch's RNN it reached (`by_hand`)."""
    return by_hand(student_fn, inputs, state, params, forbidden=(RNN_CELL, NEW_THREADS_OR_PROCESSES))
