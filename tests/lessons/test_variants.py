"""Correct code written the way learners write it earns full marks, not only the reference's way."""

from __future__ import annotations

import pytest

from autograder.grading import grade
from tests.conftest import reference_notebook, with_mistake

HW07_GENFROMTXT = '''        xy = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64, ndmin=2)
        x = xy[:, :-1]
        means = np.nanmean(x, axis=0)
        x = np.where(np.isnan(x), means, x)
        self.x = torch.tensor(x, dtype=torch.float32)
        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)
        self.len = xy.shape[0]'''
HW07_PANDAS = '''        import pandas as pd
        df = pd.read_csv(path)
        features = df.iloc[:, :-1]
        features = features.fillna(features.mean())
        self.x_data = torch.from_numpy(features.values).float()
        self.y_data = torch.from_numpy(df.iloc[:, [-1]].values).float()
        self.len = df.shape[0]'''

FLOAT32 = "    x, y = torch.tensor(x.tolist()), torch.tensor(y.tolist())\n"  # float32, whatever came in

VARIANTS = {
    "hw07-pandas-and-the-lectures-attribute-names": ("hw07", [
        (HW07_GENFROMTXT, HW07_PANDAS),
        ("return self.x[index], self.y[index]", "return self.x_data[index], self.y_data[index]"),
    ]),
    "hw01-mse-in-float32-returned-as-a-python-float": ("hw01", [
        ("    return ((y_pred - y) ** 2).mean()",
         "    y_pred, y = torch.tensor(y_pred.tolist()), torch.tensor(y.tolist())\n"
         "    return ((y_pred - y) ** 2).mean().item()"),
    ]),
    "hw02-float32-answers-returned-as-python-floats": ("hw02", [
        ("    return ((x * w - y) ** 2).mean()", FLOAT32 + "    return ((x * w - y) ** 2).mean().item()"),
        ("    return (2 * x * (x * w - y)).mean()", FLOAT32 + "    return (2 * x * (x * w - y)).mean().item()"),
        ("    error = x * w + b - y\n    return (2 * x * error).mean(), (2 * error).mean()",
         FLOAT32 + "    error = x * w + b - y\n    return (2 * x * error).mean().item(), (2 * error).mean().item()"),
    ]),
    "hw02-updates-under-torch-no_grad": ("hw02", [
        ("    return w - lr * gradient(x, y, w)\n",
         "    with torch.no_grad():\n        w = w - lr * gradient(x, y, w)\n    return w\n"),
        ("    for xi, yi in zip(x, y):\n        w = w - lr * gradient(xi, yi, w)",
         "    with torch.no_grad():\n        for xi, yi in zip(x, y):\n            w = w - lr * gradient(xi, yi, w)"),
        ("def train_gd(", "@torch.no_grad()\ndef train_gd("),
    ]),
    "hw07-train_model-sizes-the-model-from-its-own-datasets-attributes": ("hw07", [
        ("        x = xy[:, :-1]\n", "        x = xy[:, :-1]\n        self.feature_dim = x.shape[1]\n        self.data = xy\n"),
        ("    model = Model(dataset[0][0].shape[0])",
         "    assert dataset.data.shape[1] - 1 == dataset.feature_dim\n    model = Model(dataset.feature_dim)"),
    ]),
    "hw10-name-classifier-seeded-in-the-notebook": ("hw10", [  # 0.6167 held out: under the old threshold, 0.62
        ("    model = NameClassifier(VOCAB_SIZE, 32, num_classes)\n",
         "    torch.manual_seed(21)\n    model = NameClassifier(VOCAB_SIZE, 32, num_classes)\n"),
    ]),
    "hw03-train-zeroes-the-gradients-again-after-its-own-update": ("hw03", [
        ("            sgd_update(params, lr)\n",
         "            sgd_update(params, lr)\n            for p in params:\n                p.grad.data.zero_()\n"),
    ]),
    "hw03-sgd_update-decorated-with-torch-no_grad": ("hw03", [  # its probe finds the trusted loss all the same
        ("def sgd_update(", "@torch.no_grad()\ndef sgd_update("),
    ]),
    # No false diagnosis: correct code in the styles the mistake tables model wrongly (loops, numpy, names, a
    # `return` after the loop), so a mistake recognised by its relation to the right answer names none of them.
    "hw01-mse-as-the-lectures-loop-and-with-torch-functions": ("hw01", [
        ("    return ((y_pred - y) ** 2).mean()",
         "    loss_sum = 0\n    for y_hat, y_val in zip(y_pred, y):\n        loss_sum += (y_hat - y_val) ** 2\n"
         "    return loss_sum / len(y)"),
        ("        losses.append(float(mse(forward(x, w), y)))",
         "        losses.append(float(torch.mean(torch.square(forward(x, w) - y))))"),
    ]),
    "hw02-cost-and-gradient-as-the-lectures-loops": ("hw02", [
        ("    return ((x * w - y) ** 2).mean()",
         "    total = 0.0\n    for x_val, y_val in zip(x, y):\n        total += (x_val * w - y_val) ** 2\n"
         "    return total / len(x)"),
        ("    return (2 * x * (x * w - y)).mean()",
         "    grad = 0.0\n    for x_val, y_val in zip(x, y):\n        grad += 2 * x_val * (x_val * w - y_val)\n"
         "    return grad / len(x)"),
    ]),
    "hw02-gradient-with-numpy-and-the-error-named": ("hw02", [
        ("    return (2 * x * (x * w - y)).mean()",
         "    import numpy as np\n    xn, yn = np.asarray(x, dtype=float), np.asarray(y, dtype=float)\n"
         "    error = xn * w - yn\n    return float(2 * np.dot(xn, error) / len(xn))"),
    ]),
    "hw03-backward_manual-one-partial-per-line": ("hw03", [
        ("    dloss_dyhat = 2 * (forward(x, w1, w2, b) - y)\n    return dloss_dyhat * x ** 2, dloss_dyhat * x, dloss_dyhat",
         "    y_hat = w1 * x * x + w2 * x + b\n    g = -2 * (y - y_hat)\n    d_w1 = g * x * x\n    d_w2 = g * x\n"
         "    d_b = g\n    return d_w1, d_w2, d_b"),
    ]),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_a_correct_variant_earns_full_marks(name, notebook_file):
    lesson, edits = VARIANTS[name]
    nb = reference_notebook(lesson)
    for old, new in edits:
        nb = with_mistake(nb, old, new)
    results = grade(notebook_file(nb), lesson)
    assert results.score == 100, {c.id: c.message for c in results.checks if c.status != "passed"}
