"""hw03 backpropagation: the classic mistakes of the chain rule, autograd and in-place updates."""

from tests.conftest import reference_notebook
from tests.lessons.lesson_cases import Case


def _cell(grade_id: str) -> str:
    (cell,) = [c for c in reference_notebook("hw03")["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id]
    return "".join(cell["source"])


MANUAL = "return dloss_dyhat * x ** 2, dloss_dyhat * x, dloss_dyhat"
DLOSS = "dloss_dyhat = 2 * (forward(x, w1, w2, b) - y)"
AUTOGRAD_BODY = (
    "    w1 = torch.tensor(w1, requires_grad=True)\n"
    "    w2 = torch.tensor(w2, requires_grad=True)\n"
    "    b = torch.tensor(b, requires_grad=True)\n"
    "    loss(x, y, w1, w2, b).backward()\n"
    "    return w1.grad.item(), w2.grad.item(), b.grad.item()"
)
# The lecture keeps w as a global leaf tensor; here the function reuses global leaves and never zeroes .grad.
GLOBAL_LEAVES = (
    "W1 = torch.tensor(0.0, requires_grad=True)\n"
    "W2 = torch.tensor(0.0, requires_grad=True)\n"
    "B = torch.tensor(0.0, requires_grad=True)\n\n\n"
)
GLOBAL_BODY = (
    "    with torch.no_grad():\n"
    "        W1.fill_(w1)\n"
    "        W2.fill_(w2)\n"
    "        B.fill_(b)\n"
    "    loss(x, y, W1, W2, B).backward()\n"
    "    return W1.grad.item(), W2.grad.item(), B.grad.item()"
)
SGD_BODY = (
    "    with torch.no_grad():\n"
    "        for p in params:\n"
    "            p -= lr * p.grad\n"
    "    for p in params:\n"
    "        p.grad.zero_()"
)
TRAIN_START = (
    "    params = [torch.tensor(float(v), requires_grad=True) for v in (w1, w2, b)]\n"
    "    losses = []\n"
    "    for epoch in range(epochs):\n"
)
TRAIN_LOOP = (
    "        for x, y in zip(xs, ys):\n"
    "            l = loss(x, y, *params)\n"
    "            l.backward()\n"
    "            sgd_update(params, lr)\n"
    "        losses.append(l.item())"
)

MISTAKES = [
    Case("dot_example makes the caller's tensor require grad", "    x = x.detach().clone().requires_grad_(True)\n    y = torch.dot(x, x)", "    x.requires_grad_(True)\n    y = torch.dot(x, x)", "dot_example", "changed its argument"),
    Case("backward_manual calls autograd", "    return dloss_dyhat * x ** 2, dloss_dyhat * x, dloss_dyhat",
         "    params = [torch.tensor(float(v), requires_grad=True) for v in (w1, w2, b)]\n"
         "    loss(x, y, *params).backward()\n"
         "    return tuple(p.grad.item() for p in params)", "backward_manual", "calls Tensor.backward"),
    Case("backward_manual re-enables autograd", "    return dloss_dyhat * x ** 2, dloss_dyhat * x, dloss_dyhat",
         "    with torch.enable_grad():\n        params = [torch.tensor(float(v), requires_grad=True) for v in (w1, w2, b)]\n"
         "        grads = torch.autograd.grad(loss(x, y, *params), params)\n"
         "    return tuple(g.item() for g in grads)", "backward_manual", "calls torch"),
    Case("forward doubles x instead of squaring", "return w1 * x ** 2 + w2 * x + b", "return w1 * x * 2 + w2 * x + b",
         "forward", "x*2"),
    Case("loss not squared", "return (forward(x, w1, w2, b) - y) ** 2", "return forward(x, w1, w2, b) - y",
         "loss", "not squared"),
    Case("chain rule for w1 with x instead of x**2", MANUAL,
         "return dloss_dyhat * x, dloss_dyhat * x, dloss_dyhat", "backward_manual", "chain rule gives x**2"),
    Case("missing factor 2", DLOSS, "dloss_dyhat = forward(x, w1, w2, b) - y", "backward_manual", "factor 2"),
    Case("sign flipped", DLOSS, "dloss_dyhat = 2 * (y - forward(x, w1, w2, b))", "backward_manual", "sign"),
    Case("db with x", MANUAL, "return dloss_dyhat * x ** 2, dloss_dyhat * x, dloss_dyhat * x",
         "backward_manual", "has an x"),
    Case("returns (dw2, dw1, db)", MANUAL, "return dloss_dyhat * x, dloss_dyhat * x ** 2, dloss_dyhat",
         "backward_manual", "wrong order"),
    Case("global leaf tensors accumulate .grad across calls", _cell("backward_autograd"),
         GLOBAL_LEAVES + _cell("backward_autograd").replace(AUTOGRAD_BODY, GLOBAL_BODY),
         "backward_autograd", "called again"),
    Case("backward on y_hat instead of the loss", "loss(x, y, w1, w2, b).backward()",
         "forward(x, w1, w2, b).backward()", "backward_autograd", "derivatives of y_hat"),
    Case("p = p - lr * p.grad rebinds the name", "            p -= lr * p.grad",
         "            p = p - lr * p.grad", "sgd_update", "did not change"),
    Case("gradients not zeroed", SGD_BODY, SGD_BODY.replace("p.grad.zero_()", "pass"), "sgd_update", "not zeroed"),
    Case("update uphill", "            p -= lr * p.grad", "            p += lr * p.grad", "sgd_update", "uphill"),
    Case("params[i] = p - lr * p.grad makes non-leaf tensors", SGD_BODY,
         "    for i, p in enumerate(params):\n        params[i] = p - lr * p.grad\n        p.grad.zero_()",
         "sgd_update", "not a leaf"),
    Case("hard-coded worked example", "    x = x.detach().clone().requires_grad_(True)\n",
         "    return torch.tensor([0.0, 16.0, 32.0, 48.0]), torch.tensor([0.0, 0.84, 1.68, 2.52])\n",
         "dot_example", "worked example"),
    Case("element-wise x*x instead of the dot product",
         "    y = torch.dot(x, x)\n    (target - y).pow(2).backward()",
         "    y = x * x\n    (target - y).pow(2).sum().backward()", "dot_example", "dot product"),
    Case("parameters re-created inside the epoch loop", TRAIN_START,
         "    losses = []\n    for epoch in range(epochs):\n"
         "        params = [torch.tensor(float(v), requires_grad=True) for v in (w1, w2, b)]\n",
         "train", "every epoch"),
    Case("losses summed over the epoch", TRAIN_LOOP,
         "        epoch_loss = 0.0\n" + TRAIN_LOOP.replace("l.backward()", "epoch_loss += l.item()\n            l.backward()")
         .replace("losses.append(l.item())", "losses.append(epoch_loss)"),
         "train", "sum"),
]

# The same mistakes as learners write them: other names, the forward written out, one partial per line.
WRITTEN_OTHERWISE = [
    Case("missing factor 2, the error named", "    " + DLOSS + "\n    " + MANUAL,
         "    y_hat = w1 * x ** 2 + w2 * x + b\n    e = y_hat - y\n    return e * x ** 2, e * x, e",
         "backward_manual", "factor 2"),
    Case("missing factor 2, one partial per line", "    " + DLOSS + "\n    " + MANUAL,
         "    diff = forward(x, w1, w2, b) - y\n    grad_w1 = diff * x * x\n    grad_w2 = diff * x\n"
         "    grad_b = diff\n    return grad_w1, grad_w2, grad_b", "backward_manual", "factor 2"),
    Case("sign flipped, the error named", "    " + DLOSS + "\n    " + MANUAL,
         "    err = y - (w1 * x ** 2 + w2 * x + b)\n    return 2 * err * x ** 2, 2 * err * x, 2 * err",
         "backward_manual", "sign"),
    Case("sign flipped, one partial per line", "    " + DLOSS + "\n    " + MANUAL,
         "    g = 2 * (y - forward(x, w1, w2, b))\n    dw1 = g * x * x\n    dw2 = g * x\n    db = g\n"
         "    return dw1, dw2, db", "backward_manual", "sign"),
    Case("loss not squared, y_hat named", "return (forward(x, w1, w2, b) - y) ** 2",
         "y_hat = forward(x, w1, w2, b)\n    return y_hat - y", "loss", "not squared"),
]
MISTAKES += WRITTEN_OTHERWISE
