"""hw07 Dataset and DataLoader: a Dataset over a CSV file (header, label column, missing values), a shuffling
DataLoader, and mini-batch training on the shipped file autograder/lessons/data/hw07_breast_cancer.csv.

Oracles are public: the file format and the mean-filling rule the notebook states (computed here with numpy),
and torch's DataLoader contract (every sample once per epoch, batches of batch_size with a smaller last one, a
new order every epoch). The student's Dataset and DataLoader only exist in the worker, so the probes write
fresh CSV files there (in the worker's own temporary folder, its working directory) and observe what comes out.
DataLoader worker processes (num_workers=2) are forked on Linux, which works in the grader's worker; spawn
(Windows, macOS) would import the student's code again and needs the `if __name__ == '__main__':` guard.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
from importlib.resources import files
from typing import Any

import numpy as np
import torch
from hypothesis import strategies as st
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

from autograder import model_probe
from autograder.lessons.shared import parameters_of as _parameters
from autograder.lessons.shared import small_model as _small_model
from autograder.properties import Mistake, property_check
from autograder.rubric import Context, Lesson
from autograder.strategies import tensors
from autograder.training import (
    Contract,
    Split,
    Trained,
    accuracy_of_probabilities,
    one_loss_per_epoch,
    training_check,
)

DATA_FILE = "hw07_breast_cancer.csv"
TRAIN_EPOCHS = 50
"""What the training check passes as train_model's epochs (its default in the notebook)."""
FEATURE_ORDER = [7, 6, 5, 4, 3, 2, 1, 0]
"""The training check's feature columns, from the shipped file's, each negated: a train_model that reads the
notebook's CSV_PATH instead of the file it is given learns the shipped ones and fails the held-out rows."""
TRAIN_ROWS = 400
SPLIT_SEED = 7
USE_REFERENCE_PARTS = {"CsvDataset": "hw07:CsvDatasetReference", "make_loader": "hw07:make_loader_reference",
                       "train_epoch": "hw07:train_epoch_reference"}
EPOCHS = ("epoch_1", "epoch_2")
SHUFFLE_SAMPLES = 32
_FILES = itertools.count()


def _data_path() -> str:
    return str(files("autograder.lessons") / "data" / DATA_FILE)


@functools.cache
def _header() -> list[str]:
    with open(_data_path(), encoding="utf-8") as f:
        return f.readline().strip().split(",")


def _write_csv(path: str, names: list[str], rows: list[list[float | None]], labels: list[int]) -> None:
    lines = [",".join(names)]
    for row, label in zip(rows, labels):
        lines.append(",".join("" if v is None else repr(float(v)) for v in row) + f",{int(label)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def _fresh_path(stem: str) -> str:
    return os.path.abspath(f"hw07-{stem}-{os.getpid()}-{next(_FILES)}.csv")


# Trusted stand-ins for the student's Dataset and loader during the training check (replace=).


class CsvDatasetReference(Dataset):
    student_version: Any = None
    """The student's own CsvDataset class, set by the worker while this one stands in for it."""

    def __init__(self, path: str) -> None:
        xy = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64, ndmin=2)
        x = xy[:, :-1]
        x = np.where(np.isnan(x), np.nanmean(x, axis=0), x)
        self.x = torch.tensor(x, dtype=torch.float32)
        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)
        self.theirs = self._their_own(path)

    def _their_own(self, path: str) -> Any:
        """The student's own dataset of the file, if it agrees with this one (length, a sample's shape): it answers
        for the attributes their train_model reads (dataset.feature_dim, dataset.data.shape[1] - 1, ...)."""
        try:
            theirs = type(self).student_version(path)
            if len(theirs) == len(self) and tuple(theirs[0][0].shape) == tuple(self.x[0].shape):
                return theirs
        except Exception:  # noqa: BLE001, S110 - a dataset of theirs that fails: the usual names answer below
            pass
        return None

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        return self.x[index], self.y[index]

    def __len__(self) -> int:
        return len(self.x)

    def __getattr__(self, name: str):
        # A learner's train_model may size the model from their own dataset's attributes (the lecture's
        # dataset.x_data, dataset.len; or dataset.X, dataset.features, dataset.n_features): answer the usual names.
        theirs = self.__dict__.get("theirs")
        if theirs is not None and not name.startswith("_"):
            try:
                return getattr(theirs, name)
            except Exception:  # noqa: BLE001, S110 - not one of theirs either: the usual names answer below
                pass
        low = name.lower()
        if not name.startswith("_") and "x" in self.__dict__:
            if low in ("len", "length", "n", "n_samples", "num_samples", "size", "n_rows"):
                return len(self.x)
            if low.startswith(("n_", "num_", "in_", "n")) and ("feature" in low or low.endswith("_in")):
                return self.x.shape[1]
            if low.startswith("x") or "feature" in low or "input" in low or low in ("data", "inputs"):
                return self.x
            if low.startswith("y") or "label" in low or "target" in low:
                return self.y
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")


def make_loader_reference(dataset: Dataset, batch_size: int, num_workers: int = 0) -> DataLoader:
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, num_workers=num_workers)


def train_epoch_reference(model, loader, loss_fn, optimizer) -> float:
    total, count = 0.0, 0
    for x, y in loader:
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(x)
        count += len(x)
    return total / count


# 1. CsvDataset


def _features(rows, fill: str = "column") -> np.ndarray:
    x = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=np.float64)
    if fill == "column":
        return np.where(np.isnan(x), np.nanmean(x, axis=0), x)
    if fill == "zero":
        return np.nan_to_num(x, nan=0.0)
    if fill == "table":
        return np.where(np.isnan(x), np.nanmean(x), x)
    return x


def dataset_expected(names, rows, labels) -> dict:
    return {
        "loaded_in_init": True,
        "length": len(rows),
        "item": "(Tensor, Tensor)",
        "x_shape": [len(rows[0])],
        "y_shape": [1],
        "x_dtype": "torch.float32",
        "y_dtype": "torch.float32",
        "x": torch.tensor(_features(rows)),
        "y": torch.tensor(labels, dtype=torch.float64).reshape(-1, 1),
    }


def _kind(value) -> str:
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(type(v).__name__ for v in value) + ")"
    return type(value).__name__


def probe_dataset(student_cls, names, rows, labels) -> dict:
    """Writes the table as a CSV file, builds student_cls(path), removes the file, then reads len() and every
    row's item. A dataset that reads the file again after __init__ finds it gone."""
    path = _fresh_path("table")
    _write_csv(path, names, rows, labels)
    try:
        dataset = student_cls(path)
    finally:
        os.remove(path)
    try:
        length = len(dataset)
        items = [dataset[i] for i in range(len(rows))]
    except OSError:
        return {"loaded_in_init": False}
    seen: dict = {"loaded_in_init": True, "length": length, "item": _kind(items[0])}
    if seen["item"] != "(Tensor, Tensor)":
        return seen
    x0, y0 = items[0]
    seen |= {"x_shape": list(x0.shape), "y_shape": list(y0.shape), "x_dtype": str(x0.dtype), "y_dtype": str(y0.dtype)}
    try:
        seen["x"] = torch.stack([x.detach().double() for x, _ in items])
        seen["y"] = torch.stack([y.detach().double() for _, y in items])
    except RuntimeError as exc:
        seen["x"] = f"the items do not stack: {exc}"[:200]
    return seen


@st.composite
def _tables(draw) -> tuple[list[str], list[list[float | None]], list[int]]:
    features, rows = draw(st.integers(1, 3)), draw(st.integers(2, 5))
    values = [[draw(st.integers(-20, 20)) / 4 for _ in range(features)] for _ in range(rows)]
    missing = [[draw(st.booleans()) for _ in range(features)] for _ in range(rows)]
    for j in range(features):  # every column keeps a value, so that its mean exists
        if all(m[j] for m in missing):
            missing[0][j] = False
    labels = [draw(st.integers(0, 1)) for _ in range(rows)]
    table = [[None if m else v for v, m in zip(vs, ms)] for vs, ms in zip(values, missing)]
    return [f"feature_{j + 1}" for j in range(features)] + ["label"], table, labels


# 6 rows of 3 features: the lengths of the header, one-short and number-of-columns mistakes (7, 5, 4) all differ.
DATASET_EXAMPLE = (
    ["mean_radius", "mean_texture", "mean_area", "benign"],
    [[1.5, None, -0.25], [0.5, 2.0, 1.0], [-1.0, 1.0, None], [2.0, 3.0, 0.5], [0.0, None, 1.5], [-0.5, 0.25, 2.0]],
    [0, 1, 1, 0, 1, 1],
)


def _x(rows, fill: str) -> dict:
    return {"x": torch.tensor(_features(rows, fill))}


# 2. make_loader


class NumberedDataset(Dataset):
    """Sample i is (tensor([i]), tensor([0.])), so that a batch tells which samples it holds."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        return torch.tensor([float(index)]), torch.tensor([0.0])

    def __len__(self) -> int:
        return self.size


def _one_epoch(loader) -> tuple[list[int], list[int]]:
    sizes, order = [], []
    for batch in loader:
        x = batch[0] if isinstance(batch, (tuple, list)) else batch
        ids = [int(v) for v in torch.as_tensor(x).reshape(-1).tolist()]
        sizes.append(len(ids))
        order += ids
    return sizes, order


def probe_loader(student_fn, n, batch_size, num_workers) -> dict:
    """Two epochs over make_loader(NumberedDataset(n), batch_size, num_workers): the batch sizes and the samples
    seen in each; then two epochs over a loader of 32 samples: whether each epoch has its own random order."""
    loader = student_fn(NumberedDataset(n), batch_size, num_workers)
    seen: dict = {"num_workers": getattr(loader, "num_workers", None)}
    for epoch in EPOCHS:
        sizes, order = _one_epoch(loader)
        seen[epoch] = {"batch_sizes": sizes, "samples": sorted(order)}
    loader = student_fn(NumberedDataset(SHUFFLE_SAMPLES), 4, 0)
    first, second = _one_epoch(loader)[1], _one_epoch(loader)[1]
    seen["shuffled"] = first != list(range(SHUFFLE_SAMPLES)) and first != second
    return {key: seen[key] for key in ("shuffled", *EPOCHS, "num_workers")}


def _batch_sizes(n: int, batch_size: int, *, drop_last: bool = False) -> list[int]:
    sizes = [batch_size] * (n // batch_size)
    if n % batch_size and not drop_last:
        sizes.append(n % batch_size)
    return sizes


def loader_expected(n, batch_size, num_workers) -> dict:
    epoch = {"batch_sizes": _batch_sizes(n, batch_size), "samples": list(range(n))}
    return {"shuffled": True, "epoch_1": epoch, "epoch_2": epoch, "num_workers": num_workers}


LOADER_INPUTS = st.tuples(st.integers(1, 12), st.integers(1, 5), st.just(0))
LOADER_EXAMPLES = [(10, 3, 2), (24, 4, 0), (7, 2, 0)]


# 3. train_epoch


def _epochs(epoch_fn, x, y, batch_size, lr) -> dict:
    """Two epochs of epoch_fn over a fixed-order loader on a fixed small model: what each returned and the
    parameters after it."""
    model = _small_model(x.shape[1])
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loader = DataLoader(TensorDataset(x.float(), y.float()), batch_size=batch_size, shuffle=False)
    seen = {}
    for epoch in EPOCHS:
        returned = epoch_fn(model, loader, nn.BCELoss(), optimizer)
        seen[epoch] = {
            "returns_a_float": isinstance(returned, float),
            "mean_loss": float(returned) if isinstance(returned, (int, float, torch.Tensor)) and torch.numel(
                torch.as_tensor(returned)) == 1 else repr(returned)[:80],
            "parameters": _parameters(model),
        }
    return seen


def probe_train_epoch(student_fn, x, y, batch_size, lr) -> dict:
    return _epochs(student_fn, x, y, batch_size, lr)


def train_epoch_expected(x, y, batch_size, lr) -> dict:
    return _epochs(train_epoch_reference, x, y, batch_size, lr)


def _epoch_without_zero_grad(model, loader, loss_fn, optimizer) -> float:
    total, count = 0.0, 0
    for x, y in loader:
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total, count = total + loss.item() * len(x), count + len(x)
    return total / count


def _epoch_mean_of_batches(model, loader, loss_fn, optimizer) -> float:
    losses = [train_epoch_reference(model, [(x, y)], loss_fn, optimizer) for x, y in loader]
    return sum(losses) / len(losses)


def _epoch_last_batch(model, loader, loss_fn, optimizer) -> float:
    return [train_epoch_reference(model, [(x, y)], loss_fn, optimizer) for x, y in loader][-1]


def _mistaken(epoch_fn, key: str):
    return lambda x, y, bs, lr: {e: {key: v[key]} for e, v in _epochs(epoch_fn, x, y, bs, lr).items()}


@st.composite
def _epoch_data(draw) -> tuple[torch.Tensor, torch.Tensor, int, float]:
    rows, features = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    x = draw(tensors(shape=(rows, features), low=-2, high=2, dtype=torch.float32))
    y = draw(tensors(shape=(rows, 1), low=0, high=1, dtype=torch.int64)).float()
    return x, y, draw(st.integers(1, 4)), draw(st.sampled_from([0.5, 1.0, 2.0]))


EPOCH_EXAMPLES = [(torch.tensor([[1.0, -1.0], [0.5, 2.0], [-1.0, 0.0], [0.0, 1.5], [2.0, 0.5]]),
                   torch.tensor([[1.0], [0.0], [1.0], [1.0], [0.0]]), 2, 1.0)]


# 4. Training on the shipped file


@functools.cache
def _split() -> Split:
    """The shipped file's rows in a fixed random order: 400 training rows, gaps kept as NaN (the probe writes
    them back as empty cells), and 169 held-out rows, gaps filled with the training rows' column means."""
    xy = np.genfromtxt(_data_path(), delimiter=",", skip_header=1, dtype=np.float64)
    xy = np.concatenate([-xy[:, FEATURE_ORDER], xy[:, -1:]], axis=1)
    order = torch.randperm(len(xy), generator=torch.Generator().manual_seed(SPLIT_SEED)).numpy()
    train, test = xy[order[:TRAIN_ROWS]], xy[order[TRAIN_ROWS:]]
    test_x = np.where(np.isnan(test[:, :-1]), np.nanmean(train[:, :-1], axis=0), test[:, :-1])
    return Split(
        description=f"{DATA_FILE} (8 breast-cancer features, 24 gaps), its feature columns negated and in reverse "
                    f"order (so that only a model trained on the file it was given fits them): {len(train)} training rows "
                    f"written to a CSV file, {len(test)} held-out rows",
        train_x=torch.tensor(train[:, :-1]), train_y=torch.tensor(train[:, -1]),
        test_x=torch.tensor(test_x, dtype=torch.float32), test_y=torch.tensor(test[:, -1]),
    )


def shipped_file(context: Context) -> Split:
    return _split()


def probe_train(student_fn, train_x, train_y, test_x, settings) -> dict:
    """Writes the training rows as a CSV file like the shipped one and trains with student_fn(path, TRAIN_EPOCHS)."""
    path = _fresh_path("train")
    rows = [[None if math.isnan(v) else round(v, 4) for v in row] for row in train_x.tolist()]
    names = _header()
    _write_csv(path, [names[i] for i in FEATURE_ORDER] + names[-1:], rows, [int(v) for v in train_y.tolist()])
    return model_probe.observe(lambda device: student_fn(path, TRAIN_EPOCHS),
                               lambda model, device: model(test_x.to(device)),
                               settings)


def diagnose_training(trained: Trained) -> str | None:
    losses = trained.losses
    if trained.value < 0.3:  # worse than guessing either class (0.40 / 0.60): it learned the opposite
        return ("The model predicts the opposite of the labels: did train_model read the notebook's CSV_PATH instead "
                "of the file at `path`? The grader's file holds other columns (negated, in another order).")
    if not losses:
        return "The loss history is empty: did the loop over the loader run? Append each epoch's mean loss."
    if not all(math.isfinite(v) for v in losses):
        return ("The loss became NaN: a NaN in the data (a missing value left in) or a learning rate too high "
                "makes every later step NaN.")
    if losses[-1] > 0.9 * losses[0]:
        return (f"The loss barely fell ({losses[0]:.3f} -> {losses[-1]:.3f}): are the model and its optimizer "
                "created once, before the epoch loop, and does the optimizer hold this model's parameters "
                "(SGD(model.parameters(), lr=lr))?")
    if any(b > a * 1.5 for a, b in zip(losses, losses[1:])) or losses[-1] > min(losses) * 2:
        return ("The loss rises during training: call optimizer.zero_grad() before every backward(); backward() "
                "adds into .grad, so old gradients pile up.")
    return None


# Measured with bench/calibrate.py hw07 --seeds 5 (169 held-out rows, one row = 0.0059); on 2026-11-24, with the
# grader's columns negated and reversed: reference 0.9290-0.9586 in 0.44 s, reading the notebook's CSV_PATH
# 0.1065-0.1420, model created inside the epoch loop 0.5976, optimizer over another Model 0.4024-0.5976. Before:
#   reference                         0.9349-0.9467 (seeds 0-4), 0.95 s of training (about 3 s on a busy machine)
#   untrained lecture Model           0.4024 (seeds 0-3), 0.5976 (seed 4); constant predictor 0.5976
#   model created inside epoch loop   0.5976 on every seed
#   optimizer over another Model      0.4024-0.5976
#   no zero_grad inside the loop      0.5976-0.9467: sometimes passes, hence the train_epoch check that catches it
ACCURACY_THRESHOLD = 0.9
TRAINING_CALIBRATION = (
    "Threshold 0.9 held-out accuracy (169 rows): the reference (lecture Model 8-6-4-1 with sigmoids, SGD lr 1.0, "
    "batch 32, 50 epochs) reached 0.929-0.959 over seeds 0-4 in about 0.5 s; a train_model that reads the "
    "notebook's CSV_PATH instead of its path 0.11-0.14 (the grader's columns are negated); an untrained model 0.40-0.60, "
    "predicting the majority class 0.598, a model created again every epoch 0.598, an optimizer over another "
    "model's parameters 0.40-0.60. Budget 40 s, about 40 times the reference."
)

LESSON = Lesson(
    id="hw07",
    title="Dataset and DataLoader: a CSV Dataset with missing values, shuffled mini-batches",
    functions=("CsvDataset", "make_loader", "train_epoch", "train_model"),
    checks=(
        property_check(
            id="CsvDataset",
            points=30,
            title="CsvDataset(path) reads a CSV file once: header skipped, gaps filled with the column mean, "
                  "(x, y) float32 items",
            function="CsvDataset",
            argnames=("names", "rows", "labels"),
            oracle=dataset_expected,
            probe="hw07:probe_dataset",
            inputs=_tables(),
            examples=[DATASET_EXAMPLE],
            mistakes=[
                Mistake("The dataset reads the file again after __init__ (the grader removed it after building "
                        "the dataset): load the whole file once in __init__ and keep the tensors; __getitem__ "
                        "only indexes them.",
                        lambda *a: {"loaded_in_init": False}),
                Mistake("len() counts one row too many: the header line was read as a data row. Skip it "
                        "(np.genfromtxt(..., skip_header=1) or skiprows=1).",
                        lambda names, rows, labels: {"length": len(rows) + 1}),
                Mistake("len() is one row short: the header is already skipped, do not subtract it again.",
                        lambda names, rows, labels: {"length": len(rows) - 1}),
                Mistake("len() returned the number of columns: __len__ is the number of samples, xy.shape[0].",
                        lambda names, rows, labels: {"length": len(rows[0]) + 1}),
                Mistake("The label is still among the features: x is every column but the last (xy[:, :-1]), "
                        "y the last (xy[:, [-1]]).",
                        lambda names, rows, labels: {"x_shape": [len(rows[0]) + 1]}),
                Mistake("Each item must be a pair of tensors (x, y): convert the numpy arrays with torch.tensor "
                        "/ torch.from_numpy.",
                        lambda *a: {"item": "(ndarray, ndarray)"}),
                Mistake("y has lost its dimension: each label must have shape (1,), so that a batch of labels "
                        "is (B, 1) like the model's output; keep the label column with xy[:, [-1]].",
                        lambda *a: {"y_shape": []}),
                Mistake("The tensors are float64 (numpy's default, kept by torch.from_numpy): the model's "
                        "weights are float32, so convert with dtype=torch.float32.",
                        lambda *a: {"x_dtype": "torch.float64"}),
                Mistake("The missing values are still NaN: fill each gap with the mean of the values present in "
                        "its column (np.nanmean(x, axis=0)); a single NaN makes the loss, and then every "
                        "weight, NaN.",
                        lambda names, rows, labels: _x(rows, "none")),
                Mistake("The gaps were filled with 0: fill each with its column's mean (np.nanmean(x, axis=0)).",
                        lambda names, rows, labels: _x(rows, "zero")),
                Mistake("The gaps were filled with one mean of the whole table: use each column's own mean, "
                        "np.nanmean(x, axis=0).",
                        lambda names, rows, labels: _x(rows, "table")),
            ],
            hint="In __init__: xy = np.genfromtxt(path, delimiter=',', skip_header=1); x = xy[:, :-1] with each "
                 "nan replaced by np.nanmean(x, axis=0) of its column; keep x and xy[:, [-1]] as float32 "
                 "tensors. __getitem__(i) returns (x[i], y[i]); __len__ the number of rows.",
        ),
        property_check(
            id="make_loader",
            points=20,
            title="make_loader(dataset, batch_size, num_workers): every sample once per epoch, the last batch "
                  "kept, a new order every epoch",
            function="make_loader",
            argnames=("n", "batch_size", "num_workers"),
            oracle=loader_expected,
            probe="hw07:probe_loader",
            inputs=LOADER_INPUTS,
            examples=LOADER_EXAMPLES,
            mistakes=[
                Mistake("The samples come in the same order every epoch: pass shuffle=True to the DataLoader.",
                        lambda *a: {"shuffled": False}),
                Mistake("The last, smaller batch is missing, and its samples with it: drop_last=True throws it "
                        "away; leave drop_last at False.",
                        lambda n, bs, w: {"epoch_1": {"batch_sizes": _batch_sizes(n, bs, drop_last=True)}}),
                Mistake("The second epoch was empty: you returned an iterator (iter(loader)), which is used up "
                        "after one pass. Return the DataLoader itself; each `for` over it starts a new epoch.",
                        lambda *a: {"epoch_2": {"batch_sizes": [], "samples": []}}),
                Mistake("The batches do not have batch_size samples: pass batch_size=batch_size to the "
                        "DataLoader (its default is 1).",
                        lambda n, bs, w: {"epoch_1": {"batch_sizes": [1] * n}}),
                Mistake("The loader ignores num_workers: pass num_workers=num_workers to the DataLoader.",
                        lambda n, bs, w: {"num_workers": 0}),
            ],
            hint="return DataLoader(dataset, batch_size=batch_size, shuffle=True, num_workers=num_workers)",
        ),
        property_check(
            id="train_epoch",
            points=20,
            title="train_epoch(model, loader, loss_fn, optimizer): a step per batch, gradients cleared, the "
                  "mean loss over the samples",
            function="train_epoch",
            argnames=("x", "y", "batch_size", "lr"),
            oracle=train_epoch_expected,
            probe="hw07:probe_train_epoch",
            inputs=_epoch_data(),
            examples=EPOCH_EXAMPLES,
            mistakes=[
                Mistake("The gradients were not cleared: backward() adds into .grad, so every step used the sum "
                        "of all gradients so far. Call optimizer.zero_grad() before loss.backward().",
                        _mistaken(_epoch_without_zero_grad, "parameters")),
                Mistake("The mean loss is the mean of the batch losses: the last batch may be smaller, so weight "
                        "each batch's loss by its size, sum(loss.item() * len(x)) / number of samples.",
                        _mistaken(_epoch_mean_of_batches, "mean_loss")),
                Mistake("That is the last batch's loss: return the mean over all the epoch's samples.",
                        _mistaken(_epoch_last_batch, "mean_loss")),
                Mistake("Return the mean loss as a Python float: add loss.item(), not the loss tensor.",
                        lambda *a: {EPOCHS[0]: {"returns_a_float": False}}),
            ],
            hint="for x, y in loader: loss = loss_fn(model(x), y); optimizer.zero_grad(); loss.backward(); "
                 "optimizer.step(); total += loss.item() * len(x); count += len(x). Return total / count.",
        ),
        training_check(
            id="train_model",
            points=30,
            title="train_model(path) trains on a CSV file through Dataset and DataLoader and reaches the held-out "
                  "accuracy threshold",
            function="train_model",
            probe="hw07:probe_train",
            data=shipped_file,
            metric="held-out accuracy",
            score=accuracy_of_probabilities,
            threshold=ACCURACY_THRESHOLD,
            contract=Contract(output_shape=(1,), required_layers=("Linear",), max_parameters=10_000),
            budget_seconds=40.0,
            calibration=TRAINING_CALIBRATION,
            hint="dataset = CsvDataset(path); loader = make_loader(dataset, batch_size); model = "
                 "Model(number of features), nn.BCELoss() and SGD(model.parameters(), lr=lr), created once; then "
                 "losses.append(train_epoch(model, loader, loss_fn, optimizer)) for every epoch. Return "
                 "(model, losses).",
            diagnose=diagnose_training,
            ruled_out=one_loss_per_epoch(TRAIN_EPOCHS),
            replace=USE_REFERENCE_PARTS,
        ),
    ),
)
