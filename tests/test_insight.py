"""grade insight: a synthetic class of recorded gradings, its misconceptions, its similar pairs and its class page.

The class is made here from real gradings of hw03 (the reference, two classic mistakes, the untouched stub), each
recorded for several students as `grade autograde` records it, plus time limits, a crash, an error and an
ungradable notebook; the students' notebooks are eight correct solutions written in different styles, a ninth and
its copy (identifiers renamed, helper functions reordered, comments rewritten), the grader's oracles pasted in,
and two untouched stubs.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import inspect
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from autograder import lessons
from autograder.insight import class_insight
from autograder.insight.page import to_html
from autograder.insight.similarity import (
    fingerprints,
    notebook_code,
    oracle_code,
    oracle_matches,
    similar_pairs,
    solution_code,
)
from autograder.reports.json_report import to_json
from autograder.results import CheckResult, Counterexample, Results
from tests.conftest import reference_notebook, release_notebook, with_mistake, write
from tests.lessons.mistakes_hw03 import MISTAKES

LESSON = "hw03"
CHROMIUM = Path("/usr/bin/chromium")
STUB_BODY = "    # YOUR CODE HERE\n    raise NotImplementedError()"
FACTOR_2 = next(m for m in MISTAKES if m.name == "missing factor 2")
DOUBLES_X = next(m for m in MISTAKES if m.name == "forward doubles x instead of squaring")

STYLES = [
    {  # 1: the course's reference, as a strong student writes it
        "forward": "return w1 * x ** 2 + w2 * x + b",
        "loss": "return (forward(x, w1, w2, b) - y) ** 2",
        "backward_manual": "dloss_dyhat = 2 * (forward(x, w1, w2, b) - y)\n"
                           "return dloss_dyhat * x ** 2, dloss_dyhat * x, dloss_dyhat",
        "backward_autograd": "w1 = torch.tensor(w1, requires_grad=True)\nw2 = torch.tensor(w2, requires_grad=True)\n"
                             "b = torch.tensor(b, requires_grad=True)\nloss(x, y, w1, w2, b).backward()\n"
                             "return w1.grad.item(), w2.grad.item(), b.grad.item()",
        "sgd_update": "with torch.no_grad():\n    for p in params:\n        p -= lr * p.grad\nfor p in params:\n"
                      "    p.grad.zero_()",
        "dot_example": "x = x.detach().clone().requires_grad_(True)\ny = torch.dot(x, x)\n"
                       "(target - y).pow(2).backward()\nwith torch.no_grad():\n    updated = x - lr * x.grad\n"
                       "return x.grad, updated",
        "train": "params = [torch.tensor(float(v), requires_grad=True) for v in (w1, w2, b)]\nlosses = []\n"
                 "for epoch in range(epochs):\n    for x, y in zip(xs, ys):\n        l = loss(x, y, *params)\n"
                 "        l.backward()\n        sgd_update(params, lr)\n    losses.append(l.item())\n"
                 "return params[0].item(), params[1].item(), params[2].item(), losses",
    },
    {  # 2: verbose, a name for every intermediate
        "forward": "squared = x * x\ny_hat = w1 * squared + w2 * x + b\nreturn y_hat",
        "loss": "prediction = forward(x, w1, w2, b)\nerror = prediction - y\nreturn error * error",
        "backward_manual": "prediction = forward(x, w1, w2, b)\ncommon = 2.0 * (prediction - y)\n"
                           "grad_w1 = common * x * x\ngrad_w2 = common * x\ngrad_b = common\n"
                           "return (grad_w1, grad_w2, grad_b)",
        "backward_autograd": "params = [torch.tensor(float(v), requires_grad=True) for v in (w1, w2, b)]\n"
                             "value = loss(x, y, params[0], params[1], params[2])\nvalue.backward()\n"
                             "return tuple(p.grad.item() for p in params)",
        "sgd_update": "for p in params:\n    with torch.no_grad():\n        p.sub_(lr * p.grad)\n    p.grad = None",
        "dot_example": "leaf = x.clone().detach().requires_grad_()\nout = (leaf * leaf).sum()\n"
                       "objective = (target - out) ** 2\nobjective.backward()\ngradient = leaf.grad.clone()\n"
                       "return gradient, (leaf - lr * gradient).detach()",
        "train": "w1 = torch.tensor(float(w1), requires_grad=True)\nw2 = torch.tensor(float(w2), requires_grad=True)\n"
                 "b = torch.tensor(float(b), requires_grad=True)\nhistory = []\nfor _ in range(epochs):\n"
                 "    last = None\n    for i in range(len(xs)):\n        last = loss(xs[i], ys[i], w1, w2, b)\n"
                 "        last.backward()\n        sgd_update([w1, w2, b], lr)\n    history.append(float(last))\n"
                 "return w1.item(), w2.item(), b.item(), history",
    },
    {  # 3: compact algebra, a while loop
        "forward": "return b + x * (w2 + w1 * x)",
        "loss": "return pow(forward(x, w1, w2, b) - y, 2)",
        "backward_manual": "r = forward(x, w1, w2, b) - y\nreturn 2 * r * x ** 2, 2 * r * x, 2 * r",
        "backward_autograd": "t = torch.tensor([w1, w2, b], dtype=torch.float64, requires_grad=True)\n"
                             "loss(x, y, t[0], t[1], t[2]).backward()\ng = t.grad.tolist()\nreturn g[0], g[1], g[2]",
        "sgd_update": "with torch.no_grad():\n    for i in range(len(params)):\n"
                      "        params[i].add_(params[i].grad, alpha=-lr)\n        params[i].grad.zero_()",
        "dot_example": "v = x.detach().requires_grad_()\nobjective = (target - v @ v) ** 2\n"
                       "(g,) = torch.autograd.grad(objective, [v])\nreturn g, v.detach() - lr * g",
        "train": "ws = [torch.tensor(float(w), requires_grad=True) for w in [w1, w2, b]]\nout = []\nepoch = 0\n"
                 "while epoch < epochs:\n    for xi, yi in zip(xs, ys):\n        cur = loss(xi, yi, ws[0], ws[1], ws[2])\n"
                 "        cur.backward()\n        sgd_update(ws, lr)\n    out.append(cur.item())\n    epoch += 1\n"
                 "return ws[0].item(), ws[1].item(), ws[2].item(), out",
    },
    {  # 4: a nested helper, dicts of leaves
        "forward": "return w1 * (x ** 2) + (w2 * x) + b",
        "loss": "diff = y - forward(x, w1, w2, b)\nreturn diff ** 2",
        "backward_manual": "y_pred = w1 * x ** 2 + w2 * x + b\nd = 2 * (y_pred - y)\nreturn (d * x ** 2, d * x, d * 1)",
        "backward_autograd": "leaves = {name: torch.tensor(value, requires_grad=True) "
                             "for name, value in zip('abc', (w1, w2, b))}\n"
                             "total = loss(x, y, leaves['a'], leaves['b'], leaves['c'])\ntotal.backward()\n"
                             "return leaves['a'].grad.item(), leaves['b'].grad.item(), leaves['c'].grad.item()",
        "sgd_update": "with torch.no_grad():\n    for param in params:\n        param.data -= lr * param.grad.data\n"
                      "for param in params:\n    param.grad.data.zero_()",
        "dot_example": "x = x.clone().requires_grad_(True)\ny = x.dot(x)\nl = (target - y) ** 2\nl.backward()\n"
                       "return x.grad.detach(), (x - lr * x.grad).detach()",
        "train": "def step(xi, yi, ps):\n    current = loss(xi, yi, *ps)\n    current.backward()\n"
                 "    sgd_update(ps, lr)\n    return current.item()\n\n"
                 "ps = [torch.tensor(w1 * 1.0, requires_grad=True), torch.tensor(w2 * 1.0, requires_grad=True),\n"
                 "      torch.tensor(b * 1.0, requires_grad=True)]\nrecord = []\nfor e in range(epochs):\n"
                 "    vals = [step(xi, yi, ps) for xi, yi in zip(xs, ys)]\n    record.append(vals[-1])\n"
                 "return tuple(p.item() for p in ps) + (record,)",
    },
    {  # 5: explicit floats, .data updates, index loops
        "forward": "return w1 * x * x + w2 * x + b",
        "loss": "return (y - forward(x, w1, w2, b)) * (y - forward(x, w1, w2, b))",
        "backward_manual": "yhat = forward(x, w1, w2, b)\ndw1 = 2 * x ** 2 * (yhat - y)\ndw2 = 2 * x * (yhat - y)\n"
                           "db = 2 * (yhat - y)\nreturn dw1, dw2, db",
        "backward_autograd": "a = torch.tensor(float(w1), requires_grad=True)\nc = torch.tensor(float(w2), requires_grad=True)\n"
                             "d = torch.tensor(float(b), requires_grad=True)\n"
                             "l = loss(torch.tensor(float(x)), torch.tensor(float(y)), a, c, d)\nl.backward()\n"
                             "return float(a.grad), float(c.grad), float(d.grad)",
        "sgd_update": "for t in params:\n    t.data.sub_(lr * t.grad.data)\n    t.grad.data.zero_()",
        "dot_example": "w = x.detach().clone()\nw.requires_grad = True\ns = torch.sum(w * w)\ne = (s - target) ** 2\n"
                       "e.backward()\nwith torch.no_grad():\n    nxt = w - lr * w.grad\nreturn w.grad, nxt",
        "train": "a = torch.tensor(float(w1)).requires_grad_()\nc = torch.tensor(float(w2)).requires_grad_()\n"
                 "d = torch.tensor(float(b)).requires_grad_()\nresult = []\nfor epoch_index in range(epochs):\n"
                 "    n = len(xs)\n    for k in range(n):\n        err = loss(xs[k], ys[k], a, c, d)\n"
                 "        err.backward()\n        sgd_update([a, c, d], lr)\n        if k == n - 1:\n"
                 "            result.append(err.item())\nreturn a.item(), c.item(), d.item(), result",
    },
    {  # 6: one-liners, map and lambda
        "forward": "return sum([w1 * x ** 2, w2 * x, b])",
        "loss": "return (lambda e: e ** 2)(forward(x, w1, w2, b) - y)",
        "backward_manual": "g = 2 * (w1 * x ** 2 + w2 * x + b - y)\nreturn tuple(g * f for f in (x ** 2, x, 1))",
        "backward_autograd": "ts = list(map(lambda v: torch.tensor(v, requires_grad=True), (w1, w2, b)))\n"
                             "loss(x, y, *ts).backward()\nreturn tuple(map(lambda t: t.grad.item(), ts))",
        "sgd_update": "with torch.no_grad():\n    [p.copy_(p - lr * p.grad) for p in params]\n"
                      "[p.grad.zero_() for p in params]",
        "dot_example": "leaf = x.detach().clone().requires_grad_(True)\n"
                       "torch.square(target - torch.dot(leaf, leaf)).backward()\n"
                       "return leaf.grad, leaf.detach() - lr * leaf.grad",
        "train": "ws = list(map(lambda v: torch.tensor(float(v), requires_grad=True), (w1, w2, b)))\ntrace = []\n"
                 "for _ in range(epochs):\n    for pair in zip(xs, ys):\n        last = loss(*pair, *ws)\n"
                 "        last.backward()\n        sgd_update(ws, lr)\n    trace.append(last.item())\n"
                 "return (*[w.item() for w in ws], trace)",
    },
    {  # 7: torch.autograd.grad, enumerate, a dict of parameters
        "forward": "quadratic = w1 * x ** 2\nlinear = w2 * x\nreturn quadratic + linear + b",
        "loss": "y_hat = forward(x, w1, w2, b)\nreturn (y_hat - y) ** 2",
        "backward_manual": "y_hat = forward(x, w1, w2, b)\ndl = 2 * (y_hat - y)\ngrads = [dl * x ** 2]\n"
                           "grads.append(dl * x)\ngrads.append(dl)\nreturn tuple(grads)",
        "backward_autograd": "p1, p2, p3 = (torch.tensor(v, dtype=torch.float32, requires_grad=True) for v in (w1, w2, b))\n"
                             "g1, g2, g3 = torch.autograd.grad(loss(x, y, p1, p2, p3), (p1, p2, p3))\n"
                             "return g1.item(), g2.item(), g3.item()",
        "sgd_update": "for idx, p in enumerate(params):\n    with torch.no_grad():\n        p -= p.grad * lr\n"
                      "    if p.grad is not None:\n        p.grad.zero_()",
        "dot_example": "x = x.detach().clone()\nx.requires_grad_(True)\ny_val = torch.matmul(x, x)\n"
                       "loss_val = (target - y_val).pow(2)\ngrad, = torch.autograd.grad(loss_val, x)\n"
                       "return grad, x.detach() - lr * grad",
        "train": "state = {'w1': w1, 'w2': w2, 'b': b}\n"
                 "leaves = {k: torch.tensor(float(v), requires_grad=True) for k, v in state.items()}\n"
                 "losses_per_epoch = []\nfor epoch in range(epochs):\n    for idx in range(len(xs)):\n"
                 "        out = loss(xs[idx], ys[idx], leaves['w1'], leaves['w2'], leaves['b'])\n"
                 "        out.backward()\n        sgd_update(list(leaves.values()), lr)\n"
                 "    losses_per_epoch.append(out.item())\n"
                 "return leaves['w1'].item(), leaves['w2'].item(), leaves['b'].item(), losses_per_epoch",
    },
    {  # 8: type checks, in-place fills, 1-based epochs
        "forward": "if isinstance(x, torch.Tensor):\n    return w1 * x.pow(2) + w2 * x + b\nreturn w1 * x ** 2 + w2 * x + b",
        "loss": "residual = forward(x, w1, w2, b) - y\nsquared_error = residual ** 2\nreturn squared_error",
        "backward_manual": "y_hat = w1 * x * x + w2 * x + b\nfactor = 2 * y_hat - 2 * y\n"
                           "return factor * x * x, factor * x, factor",
        "backward_autograd": "weights = torch.tensor([float(w1), float(w2), float(b)], requires_grad=True)\n"
                             "l = loss(x, y, weights[0], weights[1], weights[2])\nl.backward()\n"
                             "d1, d2, d3 = weights.grad\nreturn d1.item(), d2.item(), d3.item()",
        "sgd_update": "with torch.no_grad():\n    for tensor in params:\n        update = tensor.grad * lr\n"
                      "        tensor.sub_(update)\n        tensor.grad.fill_(0.0)",
        "dot_example": "z = torch.zeros_like(x, requires_grad=True)\nwith torch.no_grad():\n    z.copy_(x)\n"
                       "dot = (z * z).sum()\n((dot - target) ** 2).backward()\nreturn z.grad, (z - lr * z.grad).detach()",
        "train": "w = torch.tensor([float(w1), float(w2), float(b)])\n"
                 "leaves = [w[i].clone().requires_grad_(True) for i in range(3)]\nlog = []\n"
                 "for epoch in range(1, epochs + 1):\n    last_value = 0.0\n    for sample in range(len(xs)):\n"
                 "        current = loss(xs[sample], ys[sample], *leaves)\n        last_value = current.item()\n"
                 "        current.backward()\n        sgd_update(leaves, lr)\n    log.append(last_value)\n"
                 "return leaves[0].item(), leaves[1].item(), leaves[2].item(), log",
    },
]

ORIGINAL = {  # 9: helper functions; copied below
    "forward": "return (w1 * x + w2) * x + b",
    "loss": "gap = forward(x, w1, w2, b) - y  # how far off\nreturn gap * gap",
    "backward_manual": "twice_gap = (forward(x, w1, w2, b) - y) * 2\nreturn [twice_gap * x ** 2, twice_gap * x, twice_gap]",
    "backward_autograd": ("def _leaf(value):\n    # a fresh leaf each call, so .grad never accumulates\n"
                          "    return torch.tensor(float(value), requires_grad=True)\n\n\n"
                          "def _grads(tensors):\n    return [t.grad.item() for t in tensors]\n\n\n",
                          "trio = [_leaf(w1), _leaf(w2), _leaf(b)]\nloss(x, y, trio[0], trio[1], trio[2]).backward()\n"
                          "first, second, third = _grads(trio)\nreturn first, second, third"),
    "sgd_update": "with torch.no_grad():\n    for tensor in list(params):\n        tensor.sub_(tensor.grad.mul(lr))\n"
                  "        tensor.grad.mul_(0)",
    "dot_example": "xx = x.detach().clone()\nxx.requires_grad = True\nscore = torch.einsum('i,i->', xx, xx)\n"
                   "torch.pow(score - target, 2).backward()\nstep = xx.grad.mul(lr)\nreturn xx.grad, xx.detach().sub(step)",
    "train": ("def _make_leaves(values):\n    # one leaf per parameter\n"
              "    return [torch.tensor(float(v), requires_grad=True) for v in values]\n\n\n"
              "def _one_epoch(xs, ys, leaves, lr):\n    # stochastic gradient descent over the samples\n"
              "    last = None\n    for position in range(len(xs)):\n"
              "        last = loss(xs[position], ys[position], *leaves)\n        last.backward()\n"
              "        sgd_update(leaves, lr)\n    return last.item()\n\n\n",
              "leaves = _make_leaves((w1, w2, b))\ncurve = [_one_epoch(xs, ys, leaves, lr) for _ in range(epochs)]\n"
              "return leaves[0].item(), leaves[1].item(), leaves[2].item(), curve"),
}
COPY = {  # ORIGINAL with identifiers renamed, helper functions reordered, comments rewritten, spacing changed
    "forward": "return (w1*x + w2)*x + b",
    "loss": "d = forward(x, w1, w2, b) - y   # the residual\nreturn d*d",
    "backward_manual": "g2 = (forward(x, w1, w2, b) - y)*2\nreturn [g2*x**2, g2*x, g2]",
    "backward_autograd": ("def _gradients(ts):\n    return [tt.grad.item() for tt in ts]\n\n\n"
                          "def _new_leaf(v):\n    # new tensors every time: no stale gradient\n"
                          "    return torch.tensor(float(v), requires_grad = True)\n\n\n",
                          "ws = [_new_leaf(w1), _new_leaf(w2), _new_leaf(b)]\nloss(x, y, ws[0], ws[1], ws[2]).backward()\n"
                          "ga, gb, gc = _gradients(ws)\nreturn ga, gb, gc"),
    "sgd_update": "with torch.no_grad():\n    for q in list(params):\n        q.sub_(q.grad.mul(lr))\n        q.grad.mul_(0)",
    "dot_example": "v = x.detach().clone()\nv.requires_grad = True\ns = torch.einsum('i,i->', v, v)\n"
                   "torch.pow(s - target, 2).backward()\ndelta = v.grad.mul(lr)\nreturn v.grad, v.detach().sub(delta)",
    "train": ("def _epoch(xs, ys, ps, lr):\n    # SGD: one update per sample\n    cur = None\n"
              "    for k in range(len(xs)):\n        cur = loss(xs[k], ys[k], *ps)\n        cur.backward()\n"
              "        sgd_update(ps, lr)\n    return cur.item()\n\n\n"
              "def _leaves(vals):\n    return [torch.tensor(float(u), requires_grad=True) for u in vals]\n\n\n",
              "ps = _leaves((w1, w2, b))\nhistory = [_epoch(xs, ys, ps, lr) for _ in range(epochs)]\n"
              "return ps[0].item(), ps[1].item(), ps[2].item(), history"),
}


def filled(style: dict) -> dict:
    """The release notebook with each solution cell's stub replaced by the style's body (helpers put before)."""
    nb = release_notebook(LESSON)
    for cell in nb["cells"]:
        entry = style.get(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
        if entry is None:
            continue
        prelude, body = entry if isinstance(entry, tuple) else ("", entry)
        source = "".join(cell["source"])
        assert STUB_BODY in source
        cell["source"] = prelude + source.replace(STUB_BODY, "\n".join(f"    {line}" for line in body.splitlines()))
    return nb


HW03_PASTED_AS = {"backward_manual": "grads", "backward_autograd": "grads", "dot_example": "dot"}
"""The oracles of hw03 that a student pastes into exercises of another name."""


def pasted(lesson: str, pasted_as: dict[str, str] | None = None) -> dict:
    """The release notebook with each stub's body replaced by its oracle's (`NAME_reference`, or `pasted_as[NAME]`'s)
    as a student pastes it from site-packages: oracles renamed to the stubs' names, comments rewritten, and the
    grader's helpers that the bodies call (`as_tensor`) pasted before the first exercise."""
    modules = [f"autograder.{package}.{lesson}" for package in ("lessons", "standins")]
    grader = {name: member for module in modules if importlib.util.find_spec(module)
              for name, member in vars(importlib.import_module(module)).items()}
    oracles, pasted_as = oracle_code(lesson), pasted_as or {}
    names = {f"{oracle}_reference": name for name, oracle in pasted_as.items()}

    def renamed(code: str) -> str:
        return re.sub(r"\b(\w+)_reference\b", lambda m: names.get(m[0], m[1]), re.sub(r"#.*", "# mine", code))

    nb, helpers, first = release_notebook(lesson), [], None
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        name = re.match(r"def (\w+)\(", source)
        oracle = name and oracles.get(f"{pasted_as.get(name[1], name[1])}_reference")
        if not oracle or STUB_BODY not in source:
            continue
        body = re.sub(r'^\s*""".*?"""\n', "", oracle[oracle.index("def "):].split(":\n", 1)[1], count=1, flags=re.S)
        helpers += [f for f in dict.fromkeys(re.findall(r"\b(\w+)\(", body)) if f not in helpers and f not in oracles
                    and inspect.isfunction(grader.get(f)) and grader[f].__module__.startswith("autograder.")]
        cell["source"] = source.replace(STUB_BODY, renamed(body.rstrip("\n")))
        first = first or cell
    assert first, f"no oracle of {lesson} has an exercise's name"
    pasted_helpers = "".join(renamed(inspect.getsource(h)) + "\n\n" for h in dict.fromkeys(grader[f] for f in helpers))
    first["source"] = pasted_helpers + first["source"]
    return nb


def class_codes() -> dict[str, str]:
    stub = release_notebook(LESSON)
    notebooks = {f"s{n}": filled(style) for n, style in enumerate(STYLES, 1)}
    notebooks |= {"orig": filled(ORIGINAL), "copy": filled(COPY), "stub1": stub, "stub2": release_notebook(LESSON)}
    return {student: solution_code(nb, stub) for student, nb in notebooks.items()}


# --- similarity --------------------------------------------------------------------------------------------------

def test_a_copy_with_renamed_identifiers_reordered_helpers_and_new_comments_is_flagged_and_nothing_else():
    pairs = similar_pairs(fingerprints(class_codes(), boilerplate=notebook_code(release_notebook(LESSON))))
    assert [p.students for p in pairs] == [("copy", "orig")]
    assert pairs[0].score > 0.9 and all(pairs[0].matches)


def test_the_copy_is_flagged_in_a_class_of_two_too():
    """Without a class to discount against, only the stub is discounted."""
    codes = class_codes()
    pairs = similar_pairs(fingerprints({k: codes[k] for k in ("orig", "copy")},
                                       boilerplate=notebook_code(release_notebook(LESSON))))
    assert [p.students for p in pairs] == [("copy", "orig")]


def test_eight_independent_solutions_and_two_stubs_are_not_flagged():
    codes = class_codes()
    independent = {k: v for k, v in codes.items() if k.startswith("s")}
    assert len(independent) == 10 and len({v for v in independent.values()}) == 9  # the stubs share an empty region
    assert similar_pairs(fingerprints(independent, boilerplate=notebook_code(release_notebook(LESSON)))) == []
    assert codes["stub1"] == codes["stub2"] == ""


# --- the grader's oracles ----------------------------------------------------------------------------------------

def test_the_oracles_are_the_reference_functions_and_classes_a_lesson_module_defines():
    hw04, hw08 = oracle_code("hw04"), oracle_code("hw08")
    assert "LinearModelReference" in hw04 and "MLP_reference" in hw08 and "softmax_reference" in hw08
    assert "train_step_reference" not in hw04  # imported from a shared module, defined in no module of hw04
    assert all(name.endswith(("_reference", "Reference")) for name in [*hw04, *hw08])
    assert hw04["LinearModelReference"].startswith("class LinearModelReference(")


def test_oracles_in_a_sibling_module_of_the_lesson_count_too(tmp_path, monkeypatch):
    (tmp_path / "hw02_oracles.py").write_text("from autograder.lessons.hw02 import cost_reference  # noqa: F401\n\n\n"
                                              "def extra_reference(x):\n    return x\n\n\n"
                                              "class ThingReference:\n    pass\n\n\ndef helper(x):\n    return x\n")
    monkeypatch.setattr(lessons, "__path__", [*lessons.__path__, str(tmp_path)])
    try:
        found = oracle_code("hw02")
    finally:
        sys.modules.pop("autograder.lessons.hw02_oracles", None)
    assert found["extra_reference"].startswith("def extra_reference(x):") and "ThingReference" in found
    assert "helper" not in found and found["cost_reference"] == oracle_code("hw02")["cost_reference"]


def test_pasted_oracles_are_flagged_with_their_names_and_the_lectures_way_is_not():
    """hw02's class: the source notebook (the lecture's way: `return ((x * w - y) ** 2).mean()`), each classic
    mistake of it, and a student who pasted the oracles, cost_reference's body unchanged under the name cost."""
    from tests.lessons.mistakes_hw02 import MISTAKES as HW02_MISTAKES

    stub = release_notebook("hw02")
    notebooks = {"lecture": reference_notebook("hw02"), "paster": pasted("hw02")}
    notebooks |= {f"m{n}": with_mistake(reference_notebook("hw02"), m.old, m.new) for n, m in enumerate(HW02_MISTAKES)}
    codes = {student: solution_code(nb, stub) for student, nb in notebooks.items()}
    (match,) = oracle_matches(fingerprints(codes, boilerplate=notebook_code(stub)), oracle_code("hw02"))
    assert match.student == "paster" and match.score > 0.6
    assert {"cost_reference", "gradient_reference", "train_gd_reference"} <= set(match.oracles)


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_no_lessons_source_notebook_among_its_classic_mistakes_matches_the_oracles(lesson):
    stub = release_notebook(lesson)
    mistakes = importlib.import_module(f"tests.lessons.mistakes_{lesson}").MISTAKES
    notebooks = [reference_notebook(lesson)]
    notebooks += [with_mistake(reference_notebook(lesson), m.old, m.new) for m in mistakes]
    codes = {f"s{n}": solution_code(nb, stub) for n, nb in enumerate(notebooks)}
    assert oracle_matches(fingerprints(codes, boilerplate=notebook_code(stub)), oracle_code(lesson)) == []


# --- the recorded class ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, Results]:
    """Real gradings of the reference and the stub, and of two mistakes' exercises (the rest is the reference's)."""
    from autograder.grading import grade

    folder = tmp_path_factory.mktemp("graded")
    graded = {"reference": grade(write(reference_notebook(LESSON), folder / "reference.ipynb"), LESSON,
                                 include_hidden=True),
              "stub": grade(write(release_notebook(LESSON), folder / "stub.ipynb"), LESSON, include_hidden=True)}
    for name, mistake in (("factor2", FACTOR_2), ("doubles_x", DOUBLES_X)):
        nb = with_mistake(reference_notebook(LESSON), mistake.old, mistake.new)
        own = {c.id: c for c in grade(write(nb, folder / f"{name}.ipynb"), LESSON, include_hidden=True,
                                      exercise=mistake.check).checks}
        graded[name] = dataclasses.replace(graded["reference"],
                                           checks=[own.get(c.id, c) for c in graded["reference"].checks])
    return graded


def stopped(results: Results, check_id: str, status: str, inputs: dict[str, str], received: str) -> Results:
    """The results with one check stopped as the engine stops it (time limit, crash, error)."""
    def change(c: CheckResult) -> CheckResult:
        if c.id != check_id:
            return c
        return dataclasses.replace(c, status=status, points=0.0, message=received, hint="",
                                   counterexample=Counterexample(inputs, "", received))  # type: ignore[arg-type]
    return dataclasses.replace(results, checks=[change(c) for c in results.checks])


def check_of(function: str) -> str:
    (check,) = [c.id for c in lessons.get(LESSON).checks if c.function == function and not c.hidden][:1] or [function]
    return check


@pytest.fixture(scope="module")
def course(graded, tmp_path_factory) -> Path:
    """A course where autograde recorded the synthetic class."""
    root = tmp_path_factory.mktemp("course")
    (root / "nbgrader_config.py").write_text(f'c = get_config()\nc.CourseDirectory.course_id = "dl101"\n'
                                             f'c.CourseDirectory.root = "{root}"\n')
    ref, train, sgd, dot = graded["reference"], check_of("train"), check_of("sgd_update"), check_of("dot_example")
    results = {
        "s1": ref, "s2": ref, "s3": ref,
        "s4": graded["factor2"], "s5": graded["factor2"], "s6": graded["factor2"], "s7": graded["factor2"],
        "s8": graded["doubles_x"],
        "orig": stopped(ref, train, "timeout", {"xs": "[1.0, 2.0, 3.0]", "epochs": "100000"}, "ran past 10 s"),
        "copy": stopped(stopped(ref, train, "timeout", {"xs": "[1.0]", "epochs": "9"}, "ran past 10 s"),
                        sgd, "crashed", {"params": "[tensor(1.)]", "lr": "0.1"}, "the worker died"),
        "dan": stopped(ref, dot, "error", {"x": "tensor([0.])", "target": "0.0", "lr": "0.0"},
                       "TypeError: dot(): argument 'tensor' must be Tensor"),
        "stub1": graded["stub"], "stub2": graded["stub"], "paster": ref,
    }
    notebooks = {f"s{n}": filled(style) for n, style in enumerate(STYLES, 1)}
    notebooks |= {"orig": filled(ORIGINAL), "copy": filled(COPY), "stub1": release_notebook(LESSON),
                  "stub2": release_notebook(LESSON), "paster": pasted(LESSON, HW03_PASTED_AS)}
    for student, outcome in results.items():
        folder = root / "autograded" / student / LESSON
        folder.mkdir(parents=True)
        report = json.loads(to_json(outcome)) | {"fingerprint": "x", "student": student, "timestamp": None}
        (folder / "grade-report.json").write_text(json.dumps(report))
        if student in notebooks:
            write(notebooks[student], folder / f"{LESSON}.ipynb")
    carol = root / "autograded" / "carol" / LESSON
    carol.mkdir(parents=True)
    (carol / "grade-report.json").write_text(json.dumps({"score": 0.0, "max_score": 100.0, "fingerprint": "x",
                                                         "problem": "not a notebook", "student": "carol"}))
    (carol / f"{LESSON}.ipynb").write_text('{"cells": [ this is not json')
    return root


def test_every_failure_group_is_counted_exactly_and_ordered_by_points_lost(course, graded):
    from autograder.course import Course

    insight = class_insight(Course.find(course), LESSON)
    points = {c.id: c.max_points for c in graded["reference"].checks}
    assert all(c.status == "not_implemented" for c in graded["stub"].checks)
    (factor2,) = [c for c in graded["factor2"].checks if c.status != "passed"]
    (doubles_x,) = [c for c in graded["doubles_x"].checks if c.status != "passed"]
    train, sgd, dot = check_of("train"), check_of("sgd_update"), check_of("dot_example")
    expected = {(c, "not implemented yet"): (["stub1", "stub2"], 2 * p) for c, p in points.items()}
    expected |= {
        (factor2.id, factor2.hint): (["s4", "s5", "s6", "s7"], 4 * points[factor2.id]),
        (doubles_x.id, doubles_x.hint): (["s8"], points[doubles_x.id]),
        (train, "time limit"): (["copy", "orig"], 2 * points[train]),
        (sgd, "crashed"): (["copy"], points[sgd]),
        (dot, "TypeError"): (["dan"], points[dot]),
    }
    got = {(g.check, g.cause): (g.students, g.points_lost) for g in insight.misconceptions}
    assert got == expected
    lost = [g.points_lost for g in insight.misconceptions]
    assert lost == sorted(lost, reverse=True)
    assert FACTOR_2.hint in factor2.hint and DOUBLES_X.hint in doubles_x.hint
    timeouts = next(g for g in insight.misconceptions if g.cause == "time limit")
    assert timeouts.example_student == "copy" and timeouts.example and timeouts.example.inputs["xs"] == "[1.0]"
    rates = {c.id: (c.passed, c.graded) for c in insight.checks}
    assert rates[factor2.id] == (14 - 2 - 4, 14) and rates[train] == (14 - 2 - 2, 14)  # carol is ungradable
    rows = {s.student: s for s in insight.submissions}
    assert rows["carol"].problem == "not a notebook" and rows["copy"].crashes == [sgd] and rows["orig"].timeouts == [train]
    assert [p.students for p in insight.pairs] == [("copy", "orig")] and insight.compared == 13  # dan: no copy; carol: not a notebook
    (pasted_in,) = insight.oracle_matches
    assert pasted_in.student == "paster" and {"grads_reference", "dot_reference", "train_reference"} <= set(pasted_in.oracles)


def test_grade_insight_writes_json_csv_and_the_class_page(course, tmp_path):
    page, table = tmp_path / "class.html", tmp_path / "class.csv"
    result = CliRunner().invoke(cli.main, ["insight", LESSON, "--course", str(course), "--json", "--csv", str(table),
                                           "--html", str(page), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["students"] for p in data["similarity"]["pairs"]] == [["copy", "orig"]]
    assert data["misconceptions"][0]["points_lost"] == max(g["points_lost"] for g in data["misconceptions"])
    text = table.read_text()
    assert text.startswith("table,check,cause") and "misconception" in text and "pair" in text and "carol" in text
    assert "\noracle,,,,,,paster," in text and "train_reference" in text
    assert [m["student"] for m in data["similarity"]["oracles"]["matches"]] == ["paster"]
    html = page.read_text()
    assert "常见错误" in html and "<svg" in html and "<mark>" in html and "与评分器参考答案雷同的代码" in html
    assert not any(fetch in html for fetch in ("<script", "<link", "<img", 'src="', "url(http"))  # nothing to fetch


def test_grade_insight_lists_the_code_matching_the_oracles_in_the_terminal(course):
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli.main, ["insight", LESSON, "--course", str(course),
                                                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    section = result.stdout.split("Code matching the grader's reference solutions (threshold 0.3)", 1)[1]
    assert "paster" in section and "train_reference" in section and "s1" not in section


def test_a_lesson_with_nothing_graded_is_bad_input(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "dl101"\n')
    result = CliRunner().invoke(cli.main, ["insight", LESSON, "--course", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "nothing of hw03 graded" in result.stderr
    unknown = CliRunner().invoke(cli.main, ["insight", "hw99", "--course", str(tmp_path)])
    assert unknown.exit_code == 2 and "unknown lesson" in unknown.stderr


def test_grade_insight_help_mentions_similarity():
    result = CliRunner().invoke(cli.main, ["insight", "--help"])
    assert result.exit_code == 0 and "imilarity" in result.output and "grade insight hw03" in result.output
    assert "oracles" in result.output


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)")
def test_the_class_page_shows_its_plots_and_tables_in_a_real_browser(course, tmp_path):
    from autograder.course import Course

    page = tmp_path / "class.html"
    page.write_text(to_html(class_insight(Course.find(course), LESSON)), encoding="utf-8")
    shot = tmp_path / "page.png"
    common = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
              "--enable-logging=stderr", "--v=0", "--no-first-run", "--window-size=1200,2400"]
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for element in ('id="histogram"', 'id="pass-rates"', 'id="misconceptions"', 'id="pairs"', 'id="oracles"',
                    'id="submissions"'):
        assert element in dom.stdout
    assert dom.stdout.count("<svg") >= 2 and "<mark>" in dom.stdout
    assert "CONSOLE" not in dom.stderr and "Uncaught" not in dom.stderr, dom.stderr[-2000:]
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
    taken = subprocess.run([*common, f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True, timeout=60)
    assert taken.returncode == 0 and shot.exists(), taken.stderr[-2000:]
    assert "CONSOLE" not in taken.stderr, taken.stderr[-2000:]
    from matplotlib.image import imread

    pixels = imread(str(shot))[..., :3]
    assert pixels.std() > 0.05  # not a blank page
    assert ((pixels[..., 2] > 0.7) & (pixels[..., 0] < 0.4)).sum() > 500  # the histogram's blue bars are drawn
