"""The course's common runtime errors explained (autograder/explain.py): learners' code that really raises each one,
the report the worker makes of it, and the hint that names the cause and the fix; errors it cannot tell, and similar
messages, get no explanation; and through grading, a lesson's check whose call raises shows the explanation."""

from __future__ import annotations

import linecache
import re
import textwrap
import warnings

import pytest
import torch

from autograder.explain import HINTS, RULES, explain, hint_for
from autograder.grading import grade
from autograder.sandboxed.worker import describe_error
from tests.conftest import reference_notebook, with_mistake, write
from tests.lessons.lesson_cases import Case

CELL = 0


def report(code: str) -> dict[str, str]:
    """Runs a learner's code as a notebook cell in this process and returns the worker's report of what it raised."""
    global CELL
    CELL += 1
    source, filename = textwrap.dedent(code), f"<cell {CELL}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (what warns only, such as nn.MSELoss's broadcasting, is not an error)
            exec(compile(source, filename, "exec"), {"__name__": "__main__"})  # noqa: S102
    except BaseException as exc:  # noqa: BLE001
        return describe_error(exc)
    raise AssertionError("the learner's code did not raise")


# Learners' code, each raising one of the course's common errors; the words its hint must contain: the cause, then
# the fix.
EXPLAINED = [
    ("BCELoss with labels of shape (N,) and outputs (N, 1)", """
        import torch
        from torch import nn
        x = torch.randn(32, 3)
        y = (x[:, 0] > 0).float()          # labels (32,)
        model = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())
        criterion = nn.BCELoss()
        loss = criterion(model(x), y)
     """, ["different shapes", "(32, 1)", "(32,)", "y.view(-1, 1)"]),
    ("BCELoss with outputs squeezed to (N,) and labels (N, 1)", """
        import torch
        x, y = torch.randn(16, 1), torch.randint(0, 2, (16, 1)).float()
        linear = torch.nn.Linear(1, 1)
        y_pred = torch.sigmoid(linear(x)).squeeze()
        loss = torch.nn.BCELoss(size_average=False)(y_pred, y)
     """, ["different shapes", "predictions have shape (16,)", "targets (16, 1)", "y_pred.view(-1)"]),
    ("BCEWithLogitsLoss with labels of shape (N,)", """
        import torch
        logits = torch.nn.Linear(4, 1)(torch.randn(8, 4))
        labels = torch.tensor([0., 1., 1., 0., 1., 0., 0., 1.])
        loss = torch.nn.BCEWithLogitsLoss()(logits, labels)
     """, ["different shapes", "(8, 1)", "(8,)", "y.view(-1, 1)"]),
    ("backward() of the per-sample squared errors", """
        import torch
        x_data = torch.tensor([1.0, 2.0, 3.0])
        y_data = torch.tensor([2.0, 4.0, 6.0])
        w = torch.tensor([1.0], requires_grad=True)
        l = (x_data * w - y_data) ** 2
        l.backward()
     """, ["more than one element", "scalar", "loss.mean()", "reduction='mean'"]),
    ("BCELoss(reduction='none') then backward()", """
        import torch
        from torch import nn
        model = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())
        criterion = nn.BCELoss(reduction='none')
        loss = criterion(model(torch.randn(4, 2)), torch.ones(4, 1))
        loss.backward()
     """, ["more than one element", "reduction='none'", "loss.mean()"]),
    ("MSELoss(reduction='none') then loss.item()", """
        import torch
        from torch import nn
        model = nn.Linear(1, 1)
        criterion = nn.MSELoss(reduction='none')
        losses = []
        x, y = torch.randn(5, 1), torch.randn(5, 1)
        loss = criterion(model(x), y)
        losses.append(loss.item())
     """, ["tensor has 5 elements", "reduction='none'", "loss.mean().item()"]),
    ("float() of a batch of losses", """
        import torch
        errors = (torch.randn(3, 1) - torch.randn(3, 1)) ** 2
        total = 0.0
        total += float(errors)
     """, ["more than one element", "float()", "loss.mean().item()"]),
    ("a running total of loss tensors backpropagated every step", """
        import torch
        from torch import nn
        model = nn.Linear(2, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        total_loss = 0
        for step in range(3):
            loss = ((model(torch.randn(4, 2)) - 1) ** 2).mean()
            total_loss = total_loss + loss
            optimizer.zero_grad()
            total_loss.backward()
            optimizer.step()
     """, ["second time", "running total", "total_loss += loss.item()", "retain_graph=True"]),
    ("an RNN's hidden state kept from the last iteration", """
        import torch
        from torch import nn
        cell = nn.RNNCell(4, 4)
        optimizer = torch.optim.Adam(cell.parameters(), lr=0.1)
        hidden = torch.zeros(1, 4)
        for x in torch.randn(3, 1, 4):
            hidden = cell(x, hidden)
            loss = hidden.pow(2).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
     """, ["second time", "hidden state", "h = h.detach()"]),
    ("CrossEntropyLoss with float labels", """
        import torch
        from torch import nn
        criterion = nn.CrossEntropyLoss()
        y_pred = torch.randn(3, 3)
        y = torch.tensor([2.0, 0.0, 1.0])
        loss = criterion(y_pred, y)
     """, ["class indices", "torch.float32 (Float)", "y.long()"]),
    ("NLLLoss with float labels", """
        import torch
        import torch.nn.functional as F
        log_probs = F.log_softmax(torch.randn(4, 10), dim=1)
        labels = torch.tensor([3., 1., 4., 1.])
        loss = F.nll_loss(log_probs, labels)
     """, ["class indices", "y.long()"]),
    ("CrossEntropyLoss with labels of shape (N, 1)", """
        import torch
        from torch import nn
        outputs = nn.Linear(8, 10)(torch.randn(6, 8))
        labels = torch.randint(0, 10, (6, 1))
        loss = nn.CrossEntropyLoss()(outputs, labels)
     """, ["one class index per sample", "(N, 1)", "y.view(-1)"]),
    ("CrossEntropyLoss with one-hot integer labels", """
        import torch
        import torch.nn.functional as F
        scores = torch.randn(4, 3)
        labels = F.one_hot(torch.tensor([0, 2, 1, 1]), num_classes=3)
        loss = torch.nn.CrossEntropyLoss()(scores, labels)
     """, ["class probabilities", "integer dtype", "y.argmax(dim=1)"]),
    ("BCELoss with integer labels", """
        import torch
        from torch import nn
        x_data = torch.tensor([[1.0], [2.0], [3.0]])
        y_data = torch.tensor([[0], [0], [1]])
        model = nn.Sequential(nn.Linear(1, 1), nn.Sigmoid())
        loss = nn.BCELoss()(model(x_data), y_data)
     """, ["dtype", "targets are torch.int64 (Long)", "output torch.float32 (Float)", "y.float()"]),
    ("BCELoss with float64 labels from numpy", """
        import numpy as np
        import torch
        from torch import nn
        xy = np.array([[0.5, 1.0], [0.1, 0.0], [0.9, 1.0]])
        x = torch.tensor(xy[:, :-1], dtype=torch.float32)
        y = torch.from_numpy(xy[:, [-1]])
        model = nn.Sequential(nn.Linear(1, 1), nn.Sigmoid())
        loss = nn.BCELoss()(model(x), y)
        loss.backward()
     """, ["targets are torch.float64 (Double)", "numpy", "y.float()"]),
    ("BCEWithLogitsLoss with integer labels", """
        import torch
        logits = torch.randn(4, 1)
        labels = torch.tensor([[1], [0], [0], [1]])
        loss = torch.nn.BCEWithLogitsLoss()(logits, labels)
     """, ["integer tensor", "nn.BCEWithLogitsLoss", ".float()"]),
    ("a Linear layer fed float64 numpy data", """
        import numpy as np
        import torch
        xy = np.loadtxt(__import__('io').StringIO('0.1,0.2,1\\n0.3,0.4,0'), delimiter=',')
        x_data = torch.from_numpy(xy[:, :-1])
        model = torch.nn.Linear(2, 1)
        y_pred = model(x_data)
     """, ["input is torch.float64 (Double)", "weights torch.float32 (Float)", "x.float()"]),
    ("a Conv2d fed float64 images", """
        import numpy as np
        import torch
        images = torch.from_numpy(np.random.rand(2, 1, 8, 8))
        conv = torch.nn.Conv2d(1, 4, kernel_size=3)
        out = conv(images)
     """, ["input is torch.float64 (Double)", "x.float()"]),
    ("w created without requires_grad=True", """
        import torch
        x_data = [1.0, 2.0, 3.0]
        y_data = [2.0, 4.0, 6.0]
        w = torch.tensor([1.0])
        for x, y in zip(x_data, y_data):
            l = (x * w - y) ** 2
            l.backward()
     """, ["did not record", "requires_grad=True"]),
    ("the loss computed under torch.no_grad()", """
        import torch
        from torch import nn
        model = nn.Linear(3, 1)
        with torch.no_grad():
            loss = ((model(torch.randn(4, 3)) - 1) ** 2).mean()
        loss.backward()
     """, ["did not record", "torch.no_grad()"]),
    ("the graph cut by .item() and torch.tensor(...)", """
        import torch
        w = torch.tensor(2.0, requires_grad=True)
        y_hat = w.item() * 3.0
        loss = torch.tensor((y_hat - 5.0) ** 2)
        loss.backward()
     """, ["did not record", ".item()", "torch.tensor(...)"]),
    ("w -= lr * w.grad outside torch.no_grad()", """
        import torch
        w = torch.tensor([1.0], requires_grad=True)
        l = (2.0 * w - 4.0) ** 2
        l.backward()
        w -= 0.01 * w.grad
     """, ["changed in place", "leaf", "torch.no_grad()", "w.data = w.data - lr * w.grad.data"]),
    ("params[i][0] = ... on a leaf", """
        import torch
        params = [torch.zeros(2, requires_grad=True)]
        params[0][0] = 1.0
     """, ["changed in place", "with torch.no_grad()"]),
    ("activations centred in place before backward()", """
        import torch
        x, w = torch.randn(4, 3), torch.randn(3, 2, requires_grad=True)
        a = torch.sigmoid(x @ w)
        a -= a.mean()
        loss = a.pow(2).sum()
        loss.backward()
     """, ["saved for backward()", "out of place", "x = x + ..."]),
    ("the lecture's w.grad.data.zero_() before the first backward()", """
        import torch
        w = torch.tensor([1.0], requires_grad=True)
        w.grad.data.zero_()
     """, [".grad was None", "backward() has not run yet"]),
    ("w made a non-leaf by a scaling, then w.data - lr * w.grad.data", """
        import torch
        w = torch.randn(1, requires_grad=True) * 0.1
        l = (w * 2.0 - 1.0) ** 2
        l.backward()
        w.data = w.data - 0.01 * w.grad.data
     """, [".grad was None", "no longer the leaf"]),
    ("p - lr * p.grad of a tensor that does not require grad", """
        import torch
        p = torch.tensor(1.0)
        p = p - 0.1 * p.grad
     """, [".grad was None", "requires_grad=True"]),
    ("the lecture's super(LinearModel, self) in a class named otherwise", """
        import torch
        class Model(torch.nn.Module):
            def __init__(self):
                super(LinearModel, self).__init__()
                self.linear = torch.nn.Linear(1, 1)
        model = Model()
     """, ["super(...) names another class", "super().__init__()"]),
    ("super(...) naming another class of the notebook", """
        import torch
        class LinearModel(torch.nn.Module):
            def __init__(self):
                super(LinearModel, self).__init__()
                self.linear = torch.nn.Linear(1, 1)
        class LogisticModel(torch.nn.Module):
            def __init__(self):
                super(LinearModel, self).__init__()
                self.linear = torch.nn.Linear(1, 1)
        model = LogisticModel()
     """, ["super(...) names another class", "super().__init__()"]),
    ("an epoch average whose count is never increased", """
        import torch
        from torch.utils.data import DataLoader, TensorDataset
        loader = DataLoader(TensorDataset(torch.randn(10, 2), torch.randn(10, 1)), batch_size=4)
        model = torch.nn.Linear(2, 1)
        total, count = 0.0, 0
        for x, y in loader:
            total += ((model(x) - y) ** 2).mean().item() * len(x)
        epoch_loss = total / count
     """, ["divided by zero", "count", "never ran", "count inside it"]),
    ("a mean over an empty DataLoader", """
        import torch
        from torch.utils.data import DataLoader, Dataset
        class CsvDataset(Dataset):
            def __init__(self):
                self.rows = []
            def __getitem__(self, i):
                return self.rows[i]
            def __len__(self):
                return len(self.rows)
        loader = DataLoader(CsvDataset(), batch_size=32)
        losses = [0.5 for batch in loader]
        mean_loss = sum(losses) / len(loader)
     """, ["divided by zero", "empty DataLoader", "__len__ returns 0"]),
    ("an integer average over range(0)", """
        epochs = 0
        steps = 0
        for epoch in range(epochs):
            steps += 1
        per_epoch = 100 // steps
     """, ["divided by zero", "range(0)"]),
    ("MNIST images fed to Linear(784, 10) without view", """
        import torch
        from torch import nn
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.l1 = nn.Linear(784, 10)
            def forward(self, x):
                return self.l1(x)
        out = Net()(torch.randn(64, 1, 28, 28))
     """, ["last dimension is 28", "expects 784", "in_features", "x.view(-1, self.in_features)"]),
    ("math.exp of a tensor in a sigmoid", """
        import math
        import torch
        def sigmoid(z):
            return 1 / (1 + math.exp(-z))
        sigmoid(torch.tensor([0.5, -1.0]))
     """, ["math module", "torch.exp"]),
    ("math.log of a probability of 0 in a BCE loop", """
        import math
        import torch
        total = 0.0
        for p, t in zip(torch.tensor([0.0, 0.7]), torch.tensor([1.0, 0.0])):
            total = total - (t * math.log(p) + (1 - t) * math.log(1 - p))
     """, ["log of 0", "torch.log", "min=-100"]),
    ("a NaN left in the data, into BCELoss", """
        import numpy as np
        import torch
        x = torch.from_numpy(np.array([[1.0, np.nan], [0.5, 2.0]], dtype=np.float32))
        model = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Sigmoid())
        loss = torch.nn.BCELoss()(model(x), torch.tensor([[1.0], [0.0]]))
     """, ["outside [0, 1]", "NaN in the data", "np.nanmean", "sigmoid"]),
    ("BCELoss on raw scores", """
        import torch
        scores = torch.tensor([[2.5], [-1.0]])
        loss = torch.nn.BCELoss()(scores, torch.tensor([[1.0], [0.0]]))
     """, ["outside [0, 1]", "torch.sigmoid", "BCEWithLogitsLoss"]),
    ("view of an RNN's output after a transpose", """
        import torch
        rnn = torch.nn.RNN(3, 4)
        outputs, h = rnn(torch.randn(5, 2, 3))
        flat = outputs.transpose(0, 1).view(-1, 4)
     """, ["in order", ".reshape(...)", ".contiguous().view(...)"]),
    ("stacked Linear layers whose sizes do not chain", """
        import torch
        from torch import nn
        model = nn.Sequential(nn.Linear(8, 6), nn.ReLU(), nn.Linear(4, 1), nn.Sigmoid())
        y_pred = model(torch.randn(10, 8))
     """, ["last dimension is 6", "expects 4", "out_features"]),
]


@pytest.mark.parametrize(("name", "code", "words"), EXPLAINED, ids=[case[0] for case in EXPLAINED])
def test_a_common_error_is_explained_by_its_cause_and_its_fix(name, code, words):
    error = report(code)
    hint = explain(error)
    assert hint is not None, error
    for word in words:
        assert word in hint, (word, error["evalue"], hint)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="tensors on two devices need a GPU")
def test_tensors_on_two_devices_are_explained():
    error = report("""
        import torch
        device = torch.device("cuda:0")
        model = torch.nn.Linear(3, 1).to(device)
        y_pred = model(torch.randn(2, 3))
    """)
    assert "different devices" in explain(error) and "model.to(device)" in explain(error)


@pytest.mark.parametrize("evalue", [
    "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!",
    "Expected all tensors to be on the same device, but got mat1 is on cpu, different from other tensors on cuda:0 "
    "(when checking argument in method wrapper_CUDA_addmm)",
    "Input type (torch.FloatTensor) and weight type (torch.cuda.FloatTensor) should be the same or input should be "
    "a MKLDNN tensor and weight is a dense tensor",
    "Tensor on device cuda:0 is not on the expected device cpu!",
])
def test_torch_s_messages_of_two_devices_are_explained(evalue):
    """torch's words on a GPU machine (2.4 to 2.14), for machines without one."""
    hint = explain({"ename": "RuntimeError", "evalue": evalue, "traceback": ""})
    assert hint is not None and "different devices" in hint and "inputs.to(device)" in hint


@pytest.mark.parametrize("evalue", [
    "expected scalar type Long but found Float",  # torch before 2.x's "expected target dtype to be Long"
    '"nll_loss_forward_reduce_cuda_kernel_2d_index" not implemented for \'Float\'',  # on a GPU
])
def test_other_torch_versions_words_for_float_class_labels(evalue):
    hint = explain({"ename": "RuntimeError", "evalue": evalue, "traceback": ""})
    assert hint is not None and "y.long()" in hint


# Errors the module cannot tell apart from others, and messages that look like the explained ones: no explanation.
NOT_EXPLAINED = [
    ("a notebook global misspelled", "print(x_dta)\n"),
    ("a class name misspelled outside super()", "import torch\nclass LinearModel(torch.nn.Module): pass\n"
                                                 "model = LinerModel()\n"),
    ("super(self) instead of super()", "import torch\nclass Net(torch.nn.Module):\n    def __init__(self):\n"
                                       "        super(self).__init__()\nNet()\n"),
    ("an optimizer that is None", "optimizer = None\noptimizer.zero_grad()\n"),
    ("an attribute of None away from .grad", "model = None\nmodel.forward(1)\n"),
    ("None in arithmetic away from .grad", "def f(): pass\ny = f() * 2.0\n"),
    ("batch sizes that differ", "import torch\ntorch.nn.CrossEntropyLoss()(torch.randn(4, 3), "
                                "torch.tensor([0, 1, 2]))\n"),
    ("a label out of range", "import torch\ntorch.nn.CrossEntropyLoss()(torch.randn(4, 3), "
                             "torch.tensor([0, 1, 3, 1]))\n"),
    ("an elementwise size mismatch", "import torch\ntorch.randn(3) + torch.randn(4)\n"),
    ("view of an impossible shape", "import torch\ntorch.randn(3, 4).view(5, -1)\n"),
    ("a Conv2d given 3 channels", "import torch\ntorch.nn.Conv2d(1, 10, 5)(torch.randn(2, 3, 28, 28))\n"),
    ("numpy() of a tensor that requires grad", "import torch\ntorch.randn(2, requires_grad=True).numpy()\n"),
    ("an embedding index out of range", "import torch\ntorch.nn.Embedding(10, 3)(torch.tensor([12]))\n"),
    ("integers into a bool tensor", "import torch\nt = torch.tensor([True, False])\nt += torch.tensor([1, 2])\n"),
    ("a key the vocabulary lacks", "vocab = {'a': 0}\nvocab['b']\n"),
    ("the learner's own error", "raise ValueError('labels must be 0 or 1')\n"),
    ("the learner's own words of torch's message, of another type",
     "raise ValueError('grad can be implicitly created only for scalar outputs')\n"),
]


@pytest.mark.parametrize(("name", "code"), NOT_EXPLAINED, ids=[case[0] for case in NOT_EXPLAINED])
def test_errors_it_cannot_tell_get_no_explanation(name, code):
    error = report(code)
    assert explain(error) is None, (error, explain(error))
    assert hint_for(error, "the check's recipe") == "the check's recipe"


@pytest.mark.parametrize(("ename", "evalue"), [
    ("RuntimeError", "mat1 and mat2 shapes"),  # cut short
    ("RuntimeError", "mat1 and mat2 shapes cannot be multiplied (AxB and CxD)"),
    ("RuntimeError", "Input type (torch.FloatTensor) and weight type (torch.FloatTensor) should be the same"),
    ("RuntimeError", "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [28, 28]"),
    ("RuntimeError", "result type Long can't be cast to the desired output type Bool"),
    ("RuntimeError", "Found dtype Long but expected Float in my own check"),
    ("RuntimeError", "division by zero"),  # a ZeroDivisionError's words, of another type
    ("ValueError", "Using a target size (torch.Size([n])) that is different to the input size (torch.Size([8]))"),
    ("TypeError", "super() argument 1 must be a type, not Net"),
    ("NameError", "name 'LinearModel' is not defined"),  # not in super(...): the traceback shows no such line
    ("WorkerTimeout", "grad can be implicitly created only for scalar outputs"),
    ("", ""),
])
def test_look_alike_messages_get_no_explanation(ename, evalue):
    assert explain({"ename": ename, "evalue": evalue, "traceback": "  cell 3, line 1, in <module>\n    model = Model()"}) \
        is None


def test_a_hint_shows_only_numbers_of_the_message_and_none_where_the_inputs_are_hidden():
    error = report(EXPLAINED[0][1])
    shown, hidden = explain(error), explain(error, specifics=False)
    assert hidden == HINTS["target_shape"] and shown.endswith(hidden) and "32" in shown and "32" not in hidden
    steered = {"ename": "RuntimeError", "traceback": "",
               "evalue": "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5) <b>see https://example.org</b>"}
    assert "example" not in explain(steered) and "<b>" not in explain(steered)


NUMBERS = r"(?:\d+|\([\d, ]*\)|torch\.\w+(?: \(\w+\))?)"
"""What a hint may take from a message: a count, a shape, a dtype."""


def test_every_hint_is_in_the_one_table_to_translate():
    keys = {rule.hint for rule in RULES}
    assert keys <= set(HINTS) and all(f"{key}.here" in HINTS for rule in RULES if rule.numbers for key in [rule.hint])
    assert set(HINTS) == keys | {f"{key}.here" for key in keys if f"{key}.here" in HINTS}
    for _, code, _ in EXPLAINED:
        hint = explain(report(code))
        (key,) = [key for key in keys if hint.endswith(HINTS[key])]
        numbers = hint[:-len(HINTS[key])].strip()
        here = re.escape(HINTS.get(f"{key}.here", "")).replace(r"\{", "{").replace(r"\}", "}")
        assert not numbers or re.fullmatch(re.sub(r"{\w+}", lambda _: NUMBERS, here), numbers), hint


# Through grading: the reference of a lesson with the error as learners write it; the check that calls it now shows
# the explanation instead of its recipe (the other checks use the course's stand-ins, so they pass).
GRADED = [
    ("hw06", Case("labels left of shape (N,) for BCELoss", "    y = y.reshape(-1, 1)\n", "", "train_model",
                  "Here the predictions have shape (32, 1) and the targets (32,)")),
    ("hw03", Case("the update outside torch.no_grad()", "    with torch.no_grad():\n        for p in params:\n"
                  "            p -= lr * p.grad", "    for p in params:\n        p -= lr * p.grad", "sgd_update",
                  "w.data = w.data - lr * w.grad.data")),
    ("hw07", Case("the sample count never increased", "        count += len(x)\n", "", "train_epoch",
                  "the loop over the data never ran")),
    ("hw04", Case("the lecture's super(...) naming another class",
                  "    def __init__(self):\n        super().__init__()\n        ### BEGIN SOLUTION\n"
                  "        self.linear = nn.Linear(1, 1)",
                  "    def __init__(self):\n        super(LinearRegressionModel, self).__init__()\n"
                  "        ### BEGIN SOLUTION\n        self.linear = nn.Linear(1, 1)", "LinearModel",
                  "super(...) names another class")),
    ("hw05", Case("BCELoss(reduction='none')", "    criterion = nn.BCELoss()\n",
                  "    criterion = nn.BCELoss(reduction='none')\n", "train_logistic", "reduction='none'")),
    ("hw12", Case("the carried state kept with retain_graph=True instead of detached",
                  "        if state is not None:\n            state = state.detach()\n"
                  "        scores, state = model(X, state)\n"
                  "        loss = loss_fn(scores.reshape(-1, scores.shape[-1]), Y.reshape(-1))\n"
                  "        optimizer.zero_grad()\n        loss.backward()\n",
                  "        scores, state = model(X, state)\n"
                  "        loss = loss_fn(scores.reshape(-1, scores.shape[-1]), Y.reshape(-1))\n"
                  "        optimizer.zero_grad()\n        loss.backward(retain_graph=True)\n", "train_epoch",
                  "state = state.detach()")),
]


@pytest.mark.parametrize(("lesson", "case"), GRADED, ids=[case.name for _, case in GRADED])
def test_a_check_whose_call_raises_shows_the_explanation(lesson, case, notebook_file):
    results = grade(notebook_file(with_mistake(reference_notebook(lesson), case.old, case.new)), lesson)
    failed = [c for c in results.checks if c.status != "passed"]
    assert [c.id for c in failed] == [case.check], [(c.id, c.message) for c in failed]
    (check,) = failed
    assert check.status == "error" and case.hint in check.hint, (check.message, check.hint)


RAISING_ELSEWHERE = '''

def {name}(*args):
    if _json.dumps(_wire.encode(list(args))) in _PUBLIC or _sys._getframe(1).f_globals is globals():
        return _right_{name}(*args)  # (the public inputs, and the notebook's own calls)
    import torch
    return torch.nn.Linear(1000, 2)(args[0].float())  # mat1 and mat2 shapes cannot be multiplied: the input's shape
'''


def test_a_hidden_half_explains_an_error_without_the_numbers_of_its_inputs(tmp_path):
    """The shapes in a message are the hidden inputs' shapes: the student reads the explanation without them."""
    from tests.test_hidden import WRONG_ELSEWHERE, _check, _instructors, fitted_notebook, student_visible

    check = _check("hw08", "softmax")
    path = write(fitted_notebook("hw08", check, WRONG_ELSEWHERE + RAISING_ELSEWHERE), tmp_path / "hw08.ipynb")
    results = grade(path, "hw08", include_hidden=True, context=_instructors("alice", "hw08"), exercise=check.id)
    (result,) = results.checks
    assert result.status == "error" and result.hint == HINTS["linear_shapes"], result.hint
    assert not any("cannot be multiplied (" in text for text in student_visible(results))
