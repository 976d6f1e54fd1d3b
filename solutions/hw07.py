"""Reference solution of hw07, generated from assignments/hw07/hw07.ipynb."""


from importlib.resources import files

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

CSV_PATH = str(files("autograder.sandboxed") / "data" / "hw07_breast_cancer.csv")
print(open(CSV_PATH).read()[:300])

class Model(nn.Module):
    """The lecture's model: 8 -> 6 -> 4 -> 1 with a sigmoid after every layer (for in_features inputs)."""

    def __init__(self, in_features=8):
        super().__init__()
        self.linear1 = nn.Linear(in_features, 6)
        self.linear2 = nn.Linear(6, 4)
        self.linear3 = nn.Linear(4, 1)

    def forward(self, x):
        x = torch.sigmoid(self.linear1(x))
        x = torch.sigmoid(self.linear2(x))
        return torch.sigmoid(self.linear3(x))


class CsvDataset(Dataset):
    """The samples of a CSV file: a header line, F feature columns, then the 0/1 label as the last column.

    CsvDataset(path) reads the file once. Missing feature values (empty cells) are replaced by the mean of the
    values present in their column. dataset[i] is (x, y): x a float32 tensor of shape (F,), y a float32 tensor
    of shape (1,). len(dataset) is the number of rows below the header.
    """

    def __init__(self, path):
        xy = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64, ndmin=2)
        x = xy[:, :-1]
        means = np.nanmean(x, axis=0)
        x = np.where(np.isnan(x), means, x)
        self.x = torch.tensor(x, dtype=torch.float32)
        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)
        self.len = xy.shape[0]

    def __getitem__(self, index):
        return self.x[index], self.y[index]

    def __len__(self):
        return self.len


def make_loader(dataset, batch_size, num_workers=0):
    """A DataLoader over dataset: shuffled every epoch, batches of batch_size, the last partial batch kept.

    Args:
        dataset: a torch Dataset.
        batch_size: int >= 1.
        num_workers: int >= 0, the number of loading processes.

    Returns:
        a torch.utils.data.DataLoader.
    """
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, num_workers=num_workers)


def train_epoch(model, loader, loss_fn, optimizer):
    """One epoch of mini-batch training.

    Args:
        model: an nn.Module mapping (B, F) to (B, 1) probabilities.
        loader: an iterable of batches (x, y), x float32 (B, F), y float32 (B, 1).
        loss_fn: a loss such as nn.BCELoss() (the mean over a batch), called as loss_fn(y_pred, y).
        optimizer: a torch.optim optimizer over model.parameters().

    Returns:
        the mean loss over the epoch's samples, a Python float (each batch's loss computed before its update).
    """
    total, count = 0.0, 0
    for x, y in loader:
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(x)
        count += len(x)
    return total / count


def train_model(path, epochs=50, batch_size=32, lr=1.0):
    """Trains Model(F) on the CSV file at path by mini-batch SGD on BCELoss.

    Args:
        path: str, a CSV file as described above (header, F feature columns, label last, some gaps).
        epochs, batch_size, lr: the training settings.

    Returns:
        (model, losses): the trained Model and a list of `epochs` floats, the mean loss of each epoch.
    """
    dataset = CsvDataset(path)
    loader = make_loader(dataset, batch_size)
    model = Model(dataset[0][0].shape[0])
    loss_fn = nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        losses.append(train_epoch(model, loader, loss_fn, optimizer))
    return model, losses
