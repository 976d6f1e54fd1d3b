"""hw07's probes: they write fresh CSV files in the worker (its own temporary folder, its working directory) and
observe what the student's Dataset, DataLoader, epoch and training loop make of them. DataLoader worker processes
(num_workers=2) are forked on Linux, which works in the worker; spawn (Windows, macOS) would import the student's
code again and need the `if __name__ == '__main__':` guard."""

from __future__ import annotations

import itertools
import math
import os

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

from autograder.sandboxed import model_probe
from autograder.sandboxed.probes.shared import parameters_of, small_model

TRAIN_EPOCHS = 50
"""What the training check passes as train_model's epochs (its default in the notebook)."""
COLUMNS = ("mean_radius", "mean_texture", "mean_perimeter", "mean_area", "mean_smoothness", "mean_compactness",
           "mean_concavity", "mean_concave_points", "benign")
"""The header of the notebook's file (autograder/sandboxed/data/hw07_breast_cancer.csv, public: the notebook reads it):
its 8 feature names, then the label's."""
FEATURE_ORDER = [7, 6, 5, 4, 3, 2, 1, 0]
"""The training check's feature columns, from the shipped file's (the grader negates each): a train_model that reads
the notebook's CSV_PATH instead of the file it is given learns the shipped ones and fails the held-out rows."""
EPOCHS = ("epoch_1", "epoch_2")
SHUFFLE_SAMPLES = 32
_FILES = itertools.count()


def _write_csv(path: str, names: list[str], rows: list[list[float | None]], labels: list[int]) -> None:
    lines = [",".join(names)]
    for row, label in zip(rows, labels):
        lines.append(",".join("" if v is None else repr(float(v)) for v in row) + f",{int(label)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def _fresh_path(stem: str) -> str:
    return os.path.abspath(f"hw07-{stem}-{os.getpid()}-{next(_FILES)}.csv")


# 1. CsvDataset


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


# 3. train_epoch


def two_epochs(epoch_fn, x, y, batch_size, lr) -> dict:
    """Two epochs of epoch_fn over a fixed-order loader on a fixed small model: what each returned and the
    parameters after it (the grader runs its oracle and mistakes through it too)."""
    model = small_model(x.shape[1])
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loader = DataLoader(TensorDataset(x.float(), y.float()), batch_size=batch_size, shuffle=False)
    seen = {}
    for epoch in EPOCHS:
        returned = epoch_fn(model, loader, nn.BCELoss(), optimizer)
        seen[epoch] = {
            "returns_a_float": isinstance(returned, float),
            "mean_loss": float(returned) if isinstance(returned, (int, float, torch.Tensor)) and torch.numel(
                torch.as_tensor(returned)) == 1 else repr(returned)[:80],
            "parameters": parameters_of(model),
        }
    return seen


def probe_train_epoch(student_fn, x, y, batch_size, lr) -> dict:
    return two_epochs(student_fn, x, y, batch_size, lr)


# 4. Training on a CSV file


def probe_train(student_fn, train_x, train_y, test_x, settings) -> dict:
    """Writes the training rows as a CSV file like the shipped one and trains with student_fn(path, TRAIN_EPOCHS)."""
    path = _fresh_path("train")
    rows = [[None if math.isnan(v) else round(v, 4) for v in row] for row in train_x.tolist()]
    _write_csv(path, [COLUMNS[i] for i in FEATURE_ORDER] + [COLUMNS[-1]], rows, [int(v) for v in train_y.tolist()])
    return model_probe.observe(lambda device: student_fn(path, TRAIN_EPOCHS),
                               lambda model, device: model(test_x.to(device)),
                               settings)
