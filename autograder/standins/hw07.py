"""hw07's stand-ins: the Dataset, the loader and the epoch, for the training check (and the epoch's oracle)."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


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
