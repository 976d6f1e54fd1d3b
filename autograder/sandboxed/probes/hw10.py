"""hw10's probes: they build the student's RNN models, give their layers weights drawn from a seed and report the
layers and the scores; they run the student's training loop on the lecture's "hello" model and the student's
surname training on names the grader encoded; and the layer descriptions both sides compare."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from autograder.sandboxed import model_probe
from autograder.sandboxed.by_hand import NEW_THREADS_OR_PROCESSES, RNN_CELL, by_hand
from autograder.sandboxed.probes.shared import same
from autograder.sandboxed.values import fill

IDX2CHAR = ("e", "h", "l", "o")
HELLO = (1, 0, 2, 2, 3)
OHLOL = (3, 1, 2, 3, 2)
HELLO_ONE_HOT = torch.eye(len(IDX2CHAR))[list(HELLO)].view(5, 1, 4)
"""The lecture's "hello" as one-hot rows (seq_len 5, batch 1, 4 characters), float32."""
LOCALES = ("en_US", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "fi_FI", "sv_SE")


# The layers with weights, described alike for the student's model and the oracle.


def _describe(module: nn.Module) -> str:
    if isinstance(module, (nn.RNN, nn.GRU, nn.LSTM)):
        extra = "".join(f", {name}=True" for name in ("bidirectional",) if getattr(module, name))
        extra += "" if module.bias else ", bias=False"
        return (f"{type(module).__name__}(input_size={module.input_size}, hidden_size={module.hidden_size}, "
                f"num_layers={module.num_layers}{extra})")
    if isinstance(module, nn.Embedding):
        return f"Embedding({module.num_embeddings}, {module.embedding_dim})"
    if isinstance(module, nn.Linear):
        return f"Linear({module.in_features}, {module.out_features}{'' if module.bias is not None else ', bias=False'})"
    return type(module).__name__


def _layers(model: Any) -> list[str]:
    """The layers that hold weights of their own, sorted (the order of registration is the student's choice)."""
    if not isinstance(model, nn.Module):
        return [f"not an nn.Module: {type(model).__name__}"]
    return sorted(_describe(m) for m in model.modules() if any(True for _ in m.parameters(recurse=False)))


def _one(model: nn.Module, kind: type) -> nn.Module:
    (module,) = [m for m in model.modules() if isinstance(m, kind)]
    return module


def _hello_rnn_layers(input_size, hidden_size, num_layers) -> list[str]:
    return [_describe(nn.RNN(input_size, hidden_size, num_layers))]


def _hello_embedding_layers(num_class, embedding_size, hidden_size, num_layers) -> list[str]:
    return sorted([_describe(nn.Embedding(num_class, embedding_size)),
                   _describe(nn.RNN(embedding_size, hidden_size, num_layers)),
                   _describe(nn.Linear(hidden_size, num_class))])


def _classifier_layers(vocab_size, hidden_size, num_classes) -> list[str]:
    return sorted([_describe(nn.Embedding(vocab_size, hidden_size)), _describe(nn.GRU(hidden_size, hidden_size)),
                   _describe(nn.Linear(hidden_size, num_classes))])


def _twice(model, *inputs) -> dict:
    """The scores of the model (in eval mode) on the inputs, and whether a second call on them answers the same: a
    model that carries its hidden state from one forward to the next (self.hidden kept) does not."""
    model.eval()
    with torch.no_grad():
        first = model(*(t.clone() for t in inputs))
        second = model(*(t.clone() for t in inputs))
    return {"scores": first, "same_when_called_again": same(first, second)}


# 4-5, 8. The student's models, with seeded weights.


def probe_hello_rnn(student_cls, input_size, hidden_size, num_layers, x, seed) -> dict:
    """Builds HelloRNN(input_size, hidden_size, num_layers), gives its nn.RNN seeded weights, runs it on x."""
    model = student_cls(input_size, hidden_size, num_layers)
    layers = _layers(model)
    if layers != _hello_rnn_layers(input_size, hidden_size, num_layers):
        return {"layers": layers}
    fill(_one(model, nn.RNN), seed)
    return {"layers": layers, **_twice(model, x)}


def probe_hello_embedding(student_cls, num_class, embedding_size, hidden_size, num_layers, x, seed) -> dict:
    """Builds HelloEmbedding(...), gives its three layers seeded weights, runs it on x."""
    model = student_cls(num_class, embedding_size, hidden_size, num_layers)
    layers = _layers(model)
    if layers != _hello_embedding_layers(num_class, embedding_size, hidden_size, num_layers):
        return {"layers": layers}
    for offset, kind in enumerate((nn.Embedding, nn.RNN, nn.Linear)):
        fill(_one(model, kind), seed + offset)
    return {"layers": layers, **_twice(model, x)}


def probe_name_classifier(student_cls, vocab_size, hidden_size, num_classes, codes, lengths, seed) -> dict:
    """Builds NameClassifier(...), gives its three layers seeded weights, runs it on a padded batch."""
    model = student_cls(vocab_size, hidden_size, num_classes)
    layers = _layers(model)
    if layers != _classifier_layers(vocab_size, hidden_size, num_classes):
        return {"layers": layers}
    for offset, kind in enumerate((nn.Embedding, nn.GRU, nn.Linear)):
        fill(_one(model, kind), seed + offset)
    return {"layers": layers, **_twice(model, codes, lengths)}


# 6. Training the "hello" models: the student's loop trains the lecture's model at the lecture's sizes (built here
# and in the grader from the same seed). Fixed sizes: these are not HelloRNN and HelloEmbedding, whose sizes vary.


class LectureHelloOneHot(nn.Module):
    """The lecture's one-hot "hello" model: nn.RNN(4, 4) over (5, 1, 4), every step's 4 scores as a row."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(4, 4)

    def forward(self, x):
        return self.rnn(x)[0].reshape(-1, 4)


class LectureHelloEmbedding(nn.Module):
    """The lecture's embedding "hello" model: Embedding(4, 10) -> nn.RNN(10, 8) batch first -> Linear(8, 4)."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(4, 10)
        self.rnn = nn.RNN(10, 8, batch_first=True)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        return self.fc(self.rnn(self.emb(x))[0]).reshape(-1, 4)


def _hello_setup(variant: str, seed: int) -> tuple[nn.Module, torch.Tensor, torch.Tensor]:
    torch.manual_seed(seed)
    if variant == "one-hot":
        return LectureHelloOneHot(), HELLO_ONE_HOT.clone(), torch.tensor(OHLOL)
    return LectureHelloEmbedding(), torch.tensor([HELLO]), torch.tensor([OHLOL])


def _reading(model: nn.Module, inputs: torch.Tensor) -> str:
    with torch.no_grad():
        return "".join(IDX2CHAR[int(i)] for i in model(inputs).argmax(1))


def _floats(values: Any) -> Any:
    try:
        return [float(v) for v in values]
    except (TypeError, ValueError, RuntimeError):
        return repr(values)[:80]


def probe_train_hello(student_fn, variant, seed, epochs, lr) -> dict:
    model, inputs, labels = _hello_setup(variant, seed)
    losses = student_fn(model, inputs, labels, epochs, lr)
    return {"losses": _floats(losses), "reading": _reading(model, inputs)}


# 9. The surname classifier: trained on the names and labels it is given; it scores the held-out names, which the
# grader sent already encoded (codes, lengths), as make_tensors encodes them.


def probe_train_names(student_fn, train_x, train_y, test_x, settings) -> dict:
    codes, lengths = test_x

    def predict(model, device):
        return model(codes.to(device), lengths)

    return model_probe.observe(lambda device: student_fn(list(train_x), train_y.clone(), len(LOCALES)), predict,
                               settings)


def probe_rnn_cell(student_fn, x, h, w_ih, w_hh, b_ih, b_hh):
    """The RNN cell written by hand: its answer, or torch's RNN it reached (`by_hand`)."""
    return by_hand(student_fn, x, h, w_ih, w_hh, b_ih, b_hh, forbidden=(RNN_CELL, NEW_THREADS_OR_PROCESSES))
