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

VARIANTS = {
    "hw07-pandas-and-the-lectures-attribute-names": ("hw07", [
        (HW07_GENFROMTXT, HW07_PANDAS),
        ("return self.x[index], self.y[index]", "return self.x_data[index], self.y_data[index]"),
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
