"""hw03: each modelled mistake written the ways learners write it, and correct code written otherwise."""

# Left out: backward_manual's "changed what the grader watches" mistake. It fires when the function rebinds or reads
# sys.setprofile / the grader's watch: no learner of this course writes that by accident.
# Runtime-error explanations (autograder/explain.py) that learners of this lesson meet are included: an in-place
# update of a leaf outside torch.no_grad() (sgd_update), backward() of a loss built from tensors that do not require
# grad (backward_autograd), backward() of the element-wise x*x without a sum (dot_example).
from tests.conftest import reference_notebook
from tests.lessons.lesson_cases import Case, Variant


def _cell(grade_id: str) -> str:
    (cell,) = [c for c in reference_notebook("hw03")["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id]
    return "".join(cell["source"])


FWD = "return w1 * x ** 2 + w2 * x + b"
LOSS = "return (forward(x, w1, w2, b) - y) ** 2"
BM = "    dloss_dyhat = 2 * (forward(x, w1, w2, b) - y)\n    return dloss_dyhat * x ** 2, dloss_dyhat * x, dloss_dyhat"
BM_RETURN = "    return dloss_dyhat * x ** 2, dloss_dyhat * x, dloss_dyhat"
AG = ("    w1 = torch.tensor(w1, requires_grad=True)\n    w2 = torch.tensor(w2, requires_grad=True)\n"
      "    b = torch.tensor(b, requires_grad=True)\n    loss(x, y, w1, w2, b).backward()\n"
      "    return w1.grad.item(), w2.grad.item(), b.grad.item()")
AG_CELL = _cell("backward_autograd")
AG_BACKWARD = "    loss(x, y, w1, w2, b).backward()\n"
AG_RETURN = "    return w1.grad.item(), w2.grad.item(), b.grad.item()"
SGD = ("    with torch.no_grad():\n        for p in params:\n            p -= lr * p.grad\n"
       "    for p in params:\n        p.grad.zero_()")
SGD_LINE = "            p -= lr * p.grad"
DOT = ("    x = x.detach().clone().requires_grad_(True)\n    y = torch.dot(x, x)\n    (target - y).pow(2).backward()\n"
       "    with torch.no_grad():\n        updated = x - lr * x.grad\n    return x.grad, updated")
DOT_Y = "    y = torch.dot(x, x)\n    (target - y).pow(2).backward()"
DOT_TAIL = "    with torch.no_grad():\n        updated = x - lr * x.grad\n    return x.grad, updated"
TRAIN = ("    params = [torch.tensor(float(v), requires_grad=True) for v in (w1, w2, b)]\n    losses = []\n"
         "    for epoch in range(epochs):\n        for x, y in zip(xs, ys):\n            l = loss(x, y, *params)\n"
         "            l.backward()\n            sgd_update(params, lr)\n        losses.append(l.item())\n"
         "    return params[0].item(), params[1].item(), params[2].item(), losses")
TRAIN_LOOP = ("        for x, y in zip(xs, ys):\n            l = loss(x, y, *params)\n            l.backward()\n"
              "            sgd_update(params, lr)\n        losses.append(l.item())")
TRAIN_RETURN = "    return params[0].item(), params[1].item(), params[2].item(), losses"


def _global_leaves(globals_: str, body: str) -> str:
    """backward_autograd's cell with leaf tensors created once, at the top of the cell, and `body` using them."""
    return globals_ + AG_CELL.replace(AG, body)


WRONG = [
    # forward: x*2
    Case("forward w1 * (x * 2)", FWD, "return w1 * (x * 2) + w2 * x + b", "forward", "x*2"),
    Case("forward w1 * 2 * x", FWD, "return w1 * 2 * x + w2 * x + b", "forward", "x*2"),
    Case("forward x * 2 * w1 first", FWD, "return x * 2 * w1 + x * w2 + b", "forward", "x*2"),
    # forward: w1, w2 swapped
    Case("forward w2 on x**2", FWD, "return w2 * x ** 2 + w1 * x + b", "forward", "swapped"),
    Case("forward in rising powers", FWD, "return w1 * x + w2 * x ** 2 + b", "forward", "swapped"),
    Case("forward b first, x * x", FWD, "return b + w1 * x + w2 * x * x", "forward", "swapped"),
    # forward: no bias
    Case("forward without b", FWD, "return w1 * x ** 2 + w2 * x", "forward", "bias b is missing"),
    Case("forward y_pred without b", FWD, "y_pred = w1 * x * x + w2 * x\n    return y_pred", "forward",
         "bias b is missing"),
    Case("forward x first without b", FWD, "return x ** 2 * w1 + x * w2", "forward", "bias b is missing"),
    # loss: not squared
    Case("loss l = y_hat - y", LOSS, "l = forward(x, w1, w2, b) - y\n    return l", "loss", "not squared"),
    Case("loss y - y_hat", LOSS, "return y - forward(x, w1, w2, b)", "loss", "not squared"),
    Case("loss forward written out, not squared", LOSS, "return (w1 * x ** 2 + w2 * x + b) - y", "loss",
         "not squared"),
    # loss: * 2
    Case("loss (y_hat - y) * 2", LOSS, "return (forward(x, w1, w2, b) - y) * 2", "loss", "doubles the error"),
    Case("loss y_pred then * 2", LOSS, "y_pred = forward(x, w1, w2, b)\n    return (y_pred - y) * 2", "loss",
         "doubles the error"),
    Case("loss 2 * (y_hat - y)", LOSS, "return 2 * (forward(x, w1, w2, b) - y)", "loss", "doubles the error"),
    # loss: only y squared
    Case("loss without brackets", LOSS, "return forward(x, w1, w2, b) - y ** 2", "loss", "only y was squared"),
    Case("loss y_pred - y ** 2", LOSS, "y_pred = forward(x, w1, w2, b)\n    return y_pred - y ** 2", "loss",
         "only y was squared"),
    Case("loss forward written out - y ** 2", LOSS, "return w1 * x ** 2 + w2 * x + b - y ** 2", "loss",
         "only y was squared"),
    # backward_manual: autograd
    Case("backward_manual copies the autograd version", BM, AG, "backward_manual", "your function calls"),
    Case("backward_manual calls backward_autograd", BM, "    return backward_autograd(x, y, w1, w2, b)",
         "backward_manual", "your function calls"),
    Case("backward_manual with one parameter tensor", BM,
         "    params = torch.tensor([w1, w2, b], requires_grad=True)\n"
         "    l = (params[0] * x ** 2 + params[1] * x + params[2] - y) ** 2\n    l.backward()\n"
         "    return tuple(params.grad.tolist())", "backward_manual", "your function calls"),
    # backward_manual: x for x**2
    Case("backward_manual g * x for w1", BM,
         "    g = 2 * (forward(x, w1, w2, b) - y)\n    return g * x, g * x, g", "backward_manual", "chain rule gives x**2"),
    Case("backward_manual one partial per line, dw1 with x", BM,
         "    y_hat = w1 * x ** 2 + w2 * x + b\n    dw1 = 2 * (y_hat - y) * x\n    dw2 = 2 * (y_hat - y) * x\n"
         "    db = 2 * (y_hat - y)\n    return dw1, dw2, db", "backward_manual", "chain rule gives x**2"),
    Case("backward_manual 2 * e * x for w1", BM,
         "    e = forward(x, w1, w2, b) - y\n    return 2 * e * x, 2 * e * x, 2 * e", "backward_manual",
         "chain rule gives x**2"),
    # backward_manual: 2*x
    Case("backward_manual d * 2 * x for w1", BM,
         "    d = 2 * (forward(x, w1, w2, b) - y)\n    return d * 2 * x, d * x, d", "backward_manual",
         "differentiated x**2"),
    Case("backward_manual dw1 = 2*(y_hat - y)*2*x", BM,
         "    y_hat = forward(x, w1, w2, b)\n    dw1 = 2 * (y_hat - y) * 2 * x\n    dw2 = 2 * (y_hat - y) * x\n"
         "    db = 2 * (y_hat - y)\n    return dw1, dw2, db", "backward_manual", "differentiated x**2"),
    Case("backward_manual dloss_dyhat * (2 * x)", BM_RETURN,
         "    return dloss_dyhat * (2 * x), dloss_dyhat * x, dloss_dyhat", "backward_manual", "differentiated x**2"),
    # backward_manual: factor 2
    Case("backward_manual dl without 2", BM,
         "    dl = forward(x, w1, w2, b) - y\n    return dl * x * x, dl * x, dl", "backward_manual", "factor 2"),
    Case("backward_manual grad_w1.. without 2", BM,
         "    y_pred = w1 * x * x + w2 * x + b\n    grad_w1 = (y_pred - y) * x ** 2\n    grad_w2 = (y_pred - y) * x\n"
         "    grad_b = y_pred - y\n    return grad_w1, grad_w2, grad_b", "backward_manual", "factor 2"),
    Case("backward_manual residual without 2", BM,
         "    residual = forward(x, w1, w2, b) - y\n    return x ** 2 * residual, x * residual, residual",
         "backward_manual", "factor 2"),
    # backward_manual: sign
    Case("backward_manual dl = 2 * (y - y_hat)", BM,
         "    dl = 2 * (y - forward(x, w1, w2, b))\n    return dl * x ** 2, dl * x, dl", "backward_manual", "sign"),
    Case("backward_manual (y - y_hat) in every partial", BM,
         "    y_hat = forward(x, w1, w2, b)\n    return 2 * x ** 2 * (y - y_hat), 2 * x * (y - y_hat), 2 * (y - y_hat)",
         "backward_manual", "sign"),
    Case("backward_manual the forward written out, y - y_hat", BM,
         "    grad_w1 = 2 * x * x * (y - (w1 * x * x + w2 * x + b))\n    grad_w2 = 2 * x * (y - (w1 * x * x + w2 * x + b))\n"
         "    grad_b = 2 * (y - (w1 * x * x + w2 * x + b))\n    return grad_w1, grad_w2, grad_b", "backward_manual", "sign"),
    # backward_manual: db with x
    Case("backward_manual g * x for b", BM,
         "    g = 2 * (forward(x, w1, w2, b) - y)\n    return g * x ** 2, g * x, g * x", "backward_manual", "has an x"),
    Case("backward_manual db = 2 * x * e", BM,
         "    e = forward(x, w1, w2, b) - y\n    dw1 = 2 * x ** 2 * e\n    dw2 = 2 * x * e\n    db = 2 * x * e\n"
         "    return dw1, dw2, db", "backward_manual", "has an x"),
    Case("backward_manual grads list with x for b", BM,
         "    e = forward(x, w1, w2, b) - y\n    grads = [2 * e * x ** 2, 2 * e * x, 2 * e * x]\n    return tuple(grads)",
         "backward_manual", "has an x"),
    # backward_manual: order
    Case("backward_manual returns the x partial first", BM_RETURN,
         "    return dloss_dyhat * x, dloss_dyhat * x * x, dloss_dyhat", "backward_manual", "wrong order"),
    Case("backward_manual w1 paired with x, w2 with x**2", BM,
         "    e = 2 * (forward(x, w1, w2, b) - y)\n    dw1 = e * x\n    dw2 = e * x ** 2\n    db = e\n"
         "    return dw1, dw2, db", "backward_manual", "wrong order"),
    Case("backward_manual named partials returned dw2, dw1", BM_RETURN,
         "    dw1 = dloss_dyhat * x ** 2\n    dw2 = dloss_dyhat * x\n    db = dloss_dyhat\n    return dw2, dw1, db",
         "backward_manual", "wrong order"),
    # backward_autograd: global leaves
    Case("backward_autograd on global leaves set through .data", AG_CELL, _global_leaves(
         "w1_ = torch.tensor([1.0], requires_grad=True)\nw2_ = torch.tensor([1.0], requires_grad=True)\n"
         "b_ = torch.tensor([1.0], requires_grad=True)\n\n\n",
         "    w1_.data = torch.tensor([float(w1)])\n    w2_.data = torch.tensor([float(w2)])\n"
         "    b_.data = torch.tensor([float(b)])\n    l = loss(x, y, w1_, w2_, b_)\n    l.backward()\n"
         "    return w1_.grad.item(), w2_.grad.item(), b_.grad.item()"), "backward_autograd", "called again"),
    Case("backward_autograd on a global params list filled with copy_", AG_CELL, _global_leaves(
         "params = [torch.tensor(0.0, requires_grad=True) for _ in range(3)]\n\n\n",
         "    with torch.no_grad():\n        for p, v in zip(params, (w1, w2, b)):\n            p.copy_(torch.tensor(v))\n"
         "    loss(x, y, *params).backward()\n    return tuple(p.grad.item() for p in params)"),
         "backward_autograd", "called again"),
    Case("backward_autograd the lecture's global w = torch.Tensor([1.0])", AG_CELL, _global_leaves(
         "w_1 = torch.Tensor([1.0])\nw_1.requires_grad = True\nw_2 = torch.Tensor([1.0])\nw_2.requires_grad = True\n"
         "b_0 = torch.Tensor([1.0])\nb_0.requires_grad = True\n\n\n",
         "    w_1.data[0] = w1\n    w_2.data[0] = w2\n    b_0.data[0] = b\n    l = loss(x, y, w_1, w_2, b_0)\n"
         "    l.backward()\n    return w_1.grad.data.item(), w_2.grad.data.item(), b_0.grad.data.item()"),
         "backward_autograd", "called again"),
    # backward_autograd: backward of y_hat
    Case("backward_autograd y_hat.backward()", AG_BACKWARD,
         "    y_hat = forward(x, w1, w2, b)\n    y_hat.backward()\n", "backward_autograd", "derivatives of y_hat"),
    Case("backward_autograd y_pred written out", AG_BACKWARD,
         "    y_pred = w1 * x ** 2 + w2 * x + b\n    y_pred.backward()\n", "backward_autograd", "derivatives of y_hat"),
    Case("backward_autograd l = forward(...)", AG_BACKWARD,
         "    l = forward(x, w1, w2, b)\n    l.backward()\n", "backward_autograd", "derivatives of y_hat"),
    # backward_autograd: order
    Case("backward_autograd returns w2.grad first", AG_RETURN,
         "    return w2.grad.item(), w1.grad.item(), b.grad.item()", "backward_autograd", "wrong order"),
    Case("backward_autograd other names returned in the wrong order", AG,
         "    a = torch.tensor(w1, requires_grad=True)\n    c = torch.tensor(w2, requires_grad=True)\n"
         "    bias = torch.tensor(b, requires_grad=True)\n    loss(x, y, a, c, bias).backward()\n"
         "    return c.grad.item(), a.grad.item(), bias.grad.item()", "backward_autograd", "wrong order"),
    Case("backward_autograd .grad.data in the wrong order", AG_RETURN,
         "    return w2.grad.data.item(), w1.grad.data.item(), b.grad.data.item()", "backward_autograd", "wrong order"),
    # backward_autograd: no requires_grad (explain.py's no_grad_fn)
    Case("backward_autograd tensors without requires_grad", AG,
         "    w1 = torch.tensor(w1)\n    w2 = torch.tensor(w2)\n    b = torch.tensor(b)\n"
         "    loss(x, y, w1, w2, b).backward()\n    return w1.grad.item(), w2.grad.item(), b.grad.item()",
         "backward_autograd", "did not record"),
    Case("backward_autograd the lecture's torch.Tensor([w]) without requires_grad", AG,
         "    w1 = torch.Tensor([w1])\n    w2 = torch.Tensor([w2])\n    b = torch.Tensor([b])\n"
         "    l = loss(x, y, w1, w2, b)\n    l.backward()\n    return w1.grad.item(), w2.grad.item(), b.grad.item()",
         "backward_autograd", "did not record"),
    Case("backward_autograd requires_grad_ on a copy kept nowhere", AG,
         "    w1, w2, b = torch.tensor(w1), torch.tensor(w2), torch.tensor(b)\n"
         "    for p in (w1, w2, b):\n        p.detach().requires_grad_(True)\n"
         "    loss(x, y, w1, w2, b).backward()\n    return w1.grad.item(), w2.grad.item(), b.grad.item()",
         "backward_autograd", "did not record"),
    # sgd_update: rebinding
    Case("sgd_update builds and returns new params", SGD,
         "    new_params = []\n    with torch.no_grad():\n        for p in params:\n            new_params.append(p - lr * p.grad)\n"
         "            p.grad.zero_()\n    return new_params", "sgd_update", "did not change"),
    Case("sgd_update unpacks and rebinds w1, w2, b", SGD,
         "    w1, w2, b = params\n    with torch.no_grad():\n        w1 = w1 - lr * w1.grad\n        w2 = w2 - lr * w2.grad\n"
         "        b = b - lr * b.grad\n    for p in params:\n        p.grad.zero_()", "sgd_update", "did not change"),
    Case("sgd_update rebinds p in an index loop", SGD,
         "    with torch.no_grad():\n        for i in range(len(params)):\n            p = params[i]\n"
         "            p = p - lr * p.grad\n    for p in params:\n        p.grad.zero_()", "sgd_update", "did not change"),
    # sgd_update: non-leaf
    Case("sgd_update params[i] = params[i] - lr * grad, grads set to None", SGD,
         "    for i in range(len(params)):\n        g = params[i].grad\n        params[i] = params[i] - lr * g\n"
         "        g.zero_()", "sgd_update", "not a leaf"),
    Case("sgd_update params[:] = new list", SGD,
         "    new = [p - lr * p.grad for p in params]\n    for p in params:\n        p.grad.zero_()\n    params[:] = new",
         "sgd_update", "not a leaf"),
    Case("sgd_update enumerate, zero after", SGD,
         "    for idx, p in enumerate(params):\n        params[idx] = p - lr * p.grad\n    for p in params:\n"
         "        if p.grad is not None:\n            p.grad.zero_()", "sgd_update", "not a leaf"),
    # sgd_update: detached
    Case("sgd_update params[i] = .data - lr * .grad.data", SGD,
         "    for i in range(len(params)):\n        params[i] = params[i].data - lr * params[i].grad.data",
         "sgd_update", "detached"),
    Case("sgd_update new tensors under no_grad", SGD,
         "    with torch.no_grad():\n        for i, p in enumerate(params):\n            params[i] = p - lr * p.grad\n"
         "            p.grad.zero_()", "sgd_update", "detached"),
    Case("sgd_update (p - lr * p.grad).detach()", SGD,
         "    for i, p in enumerate(params):\n        params[i] = (p - lr * p.grad).detach()\n        p.grad.zero_()",
         "sgd_update", "detached"),
    # sgd_update: uphill
    Case("sgd_update +=", SGD_LINE, "            p += lr * p.grad", "sgd_update", "uphill"),
    Case("sgd_update add_", SGD_LINE, "            p.add_(lr * p.grad)", "sgd_update", "uphill"),
    Case("sgd_update the lecture's .data with +", SGD,
         "    for p in params:\n        p.data = p.data + lr * p.grad.data\n        p.grad.data.zero_()",
         "sgd_update", "uphill"),
    # sgd_update: no lr
    Case("sgd_update -= p.grad", SGD_LINE, "            p -= p.grad", "sgd_update", "learning rate is missing"),
    Case("sgd_update sub_(p.grad)", SGD_LINE, "            p.sub_(p.grad)", "sgd_update", "learning rate is missing"),
    Case("sgd_update the lecture's .data without lr", SGD,
         "    for p in params:\n        p.data = p.data - p.grad.data\n        p.grad.data.zero_()",
         "sgd_update", "learning rate is missing"),
    # sgd_update: gradients not zeroed
    Case("sgd_update without zeroing", SGD,
         "    with torch.no_grad():\n        for p in params:\n            p -= lr * p.grad", "sgd_update", "not zeroed"),
    Case("sgd_update p.grad.zero_ without brackets", SGD,
         "    with torch.no_grad():\n        for p in params:\n            p -= lr * p.grad\n            p.grad.zero_",
         "sgd_update", "not zeroed"),
    Case("sgd_update the lecture's .data without zeroing", SGD,
         "    for p in params:\n        p.data = p.data - lr * p.grad.data", "sgd_update", "not zeroed"),
    # sgd_update: in place on a leaf while recording (explain.py's leaf_in_place)
    Case("sgd_update -= without no_grad", SGD,
         "    for p in params:\n        p -= lr * p.grad\n        p.grad.zero_()", "sgd_update", "while autograd was recording"),
    Case("sgd_update sub_ without no_grad", SGD,
         "    for p in params:\n        p.sub_(lr * p.grad)\n        p.grad.zero_()", "sgd_update", "while autograd was recording"),
    Case("sgd_update add_(-lr * grad) without no_grad", SGD,
         "    for p in params:\n        p.add_(-lr * p.grad)\n    for p in params:\n        p.grad.zero_()",
         "sgd_update", "while autograd was recording"),
    # dot_example: changes its argument
    Case("dot_example x.requires_grad = True", DOT,
         "    x.requires_grad = True\n    y = torch.dot(x, x)\n    l = (target - y) ** 2\n    l.backward()\n"
         "    updated = x.data - lr * x.grad.data\n    return x.grad, updated", "dot_example", "changed its"),
    Case("dot_example x.requires_grad_() then no_grad update", DOT,
         "    x.requires_grad_()\n    y = torch.dot(x, x)\n    (target - y).pow(2).backward()\n"
         "    with torch.no_grad():\n        updated = x - lr * x.grad\n    return x.grad, updated", "dot_example", "changed its"),
    Case("dot_example x = x.requires_grad_(True)", DOT,
         "    x = x.requires_grad_(True)\n    loss = (target - x @ x) ** 2\n    loss.backward()\n"
         "    grad = x.grad\n    updated = (x - lr * grad).detach()\n    return grad, updated", "dot_example", "changed its"),
    # dot_example: the worked example hard-coded
    Case("dot_example named constant answers", DOT,
         "    grad = torch.tensor([0.0, 16.0, 32.0, 48.0])\n    updated = torch.tensor([0.0, 0.84, 1.68, 2.52])\n"
         "    return grad, updated", "dot_example", "worked example"),
    Case("dot_example the lecture's x = torch.arange(4.0) inside", DOT,
         "    x = torch.arange(4.0, requires_grad=True)\n    y = torch.dot(x, x)\n    ((10.0 - y) ** 2).backward()\n"
         "    return x.grad, (x - 0.01 * x.grad).detach()", "dot_example", "worked example"),
    Case("dot_example the lecture's numbers written out", DOT,
         "    x = torch.tensor([0., 1., 2., 3.], requires_grad=True)\n    loss = (10 - x.dot(x)) ** 2\n    loss.backward()\n"
         "    with torch.no_grad():\n        x_new = x - 0.01 * x.grad\n    return x.grad, x_new", "dot_example", "worked example"),
    # dot_example: element-wise x*x
    Case("dot_example x ** 2 summed loss", DOT_Y,
         "    y = x ** 2\n    loss = ((target - y) ** 2).sum()\n    loss.backward()", "dot_example", "dot product"),
    Case("dot_example torch.mul, backward(ones)", DOT_Y,
         "    y = torch.mul(x, x)\n    (target - y).pow(2).backward(torch.ones_like(y))", "dot_example", "dot product"),
    Case("dot_example x * x, backward(gradient=ones)", DOT_Y,
         "    y = x * x\n    l = (target - y) ** 2\n    l.backward(gradient=torch.ones_like(x))", "dot_example", "dot product"),
    # dot_example: element-wise x*x without a sum (explain.py's backward of many elements)
    Case("dot_example y = x * x, backward", DOT_Y, "    y = x * x\n    (target - y).pow(2).backward()",
         "dot_example", "more than one element"),
    Case("dot_example y = x ** 2, loss.backward", DOT_Y,
         "    y = x ** 2\n    loss = (target - y) ** 2\n    loss.backward()", "dot_example", "more than one element"),
    Case("dot_example torch.mul, backward", DOT_Y,
         "    y = torch.mul(x, x)\n    l = (target - y) ** 2\n    l.backward()", "dot_example", "more than one element"),
    # dot_example: 2x missing
    Case("dot_example gradient by hand 2 * (y - target) * x", DOT,
         "    y = torch.dot(x, x)\n    grad = 2 * (y - target) * x\n    updated = x - lr * grad\n    return grad, updated",
         "dot_example", "2x is missing"),
    Case("dot_example -2 * (target - x @ x) * x", DOT,
         "    grad = -2 * (target - x @ x) * x\n    return grad, x - lr * grad", "dot_example", "2x is missing"),
    Case("dot_example half squared error", DOT_Y,
         "    y = torch.dot(x, x)\n    loss = 0.5 * (target - y) ** 2\n    loss.backward()", "dot_example", "2x is missing"),
    # dot_example: uphill
    Case("dot_example x + lr * grad", "        updated = x - lr * x.grad", "        updated = x + lr * x.grad",
         "dot_example", "uphill"),
    Case("dot_example .detach() uphill", DOT_TAIL,
         "    updated = (x + lr * x.grad).detach()\n    return x.grad, updated", "dot_example", "uphill"),
    Case("dot_example the lecture's .data uphill", DOT_TAIL,
         "    updated = x.data + lr * x.grad.data\n    return x.grad, updated", "dot_example", "uphill"),
    # dot_example: swapped
    Case("dot_example returns (updated, grad)", "    return x.grad, updated", "    return updated, x.grad",
         "dot_example", "swapped"),
    Case("dot_example grad named, returned second", "    return x.grad, updated",
         "    grad = x.grad.clone()\n    return updated, grad", "dot_example", "swapped"),
    Case("dot_example new_x returned first", DOT_TAIL,
         "    with torch.no_grad():\n        new_x = x - lr * x.grad\n    return new_x, x.grad", "dot_example", "swapped"),
    # train: parameters re-created every epoch
    Case("train leaf tensors by name inside the epoch loop", TRAIN,
         "    losses = []\n    for epoch in range(epochs):\n        w1_t = torch.tensor(float(w1), requires_grad=True)\n"
         "        w2_t = torch.tensor(float(w2), requires_grad=True)\n        b_t = torch.tensor(float(b), requires_grad=True)\n"
         "        for x, y in zip(xs, ys):\n            l = loss(x, y, w1_t, w2_t, b_t)\n            l.backward()\n"
         "            sgd_update([w1_t, w2_t, b_t], lr)\n        losses.append(l.item())\n"
         "    return w1_t.item(), w2_t.item(), b_t.item(), losses", "train", "every epoch"),
    Case("train the lecture's torch.Tensor leaves inside the epoch loop", TRAIN,
         "    losses = []\n    for epoch in range(epochs):\n        w_1 = torch.Tensor([w1])\n        w_1.requires_grad = True\n"
         "        w_2 = torch.Tensor([w2])\n        w_2.requires_grad = True\n        b_0 = torch.Tensor([b])\n"
         "        b_0.requires_grad = True\n        for x, y in zip(xs, ys):\n            l = loss(x, y, w_1, w_2, b_0)\n"
         "            l.backward()\n            sgd_update([w_1, w_2, b_0], lr)\n        print('progress:', epoch, l.item())\n"
         "        losses.append(l.item())\n    return w_1.item(), w_2.item(), b_0.item(), losses", "train", "every epoch"),
    Case("train params comprehension inside the epoch loop, other names", TRAIN,
         "    losses = []\n    for epoch in range(epochs):\n"
         "        ws = [torch.tensor([float(w1)], requires_grad=True), torch.tensor([float(w2)], requires_grad=True),\n"
         "              torch.tensor([float(b)], requires_grad=True)]\n"
         "        for x, y in zip(xs, ys):\n            l = loss(x, y, ws[0], ws[1], ws[2])\n            l.backward()\n"
         "            sgd_update(ws, lr)\n        losses.append(l.item())\n"
         "    return ws[0].item(), ws[1].item(), ws[2].item(), losses", "train", "every epoch"),
    # train: summed losses
    Case("train total += l.item()", TRAIN_LOOP,
         "        total = 0\n        for x, y in zip(xs, ys):\n            l = loss(x, y, *params)\n            total += l.item()\n"
         "            l.backward()\n            sgd_update(params, lr)\n        losses.append(total)", "train", "sum"),
    Case("train l_sum = l_sum + float(l)", TRAIN_LOOP,
         "        l_sum = 0.0\n        for x, y in zip(xs, ys):\n            l = loss(x, y, *params)\n            l_sum = l_sum + float(l)\n"
         "            l.backward()\n            sgd_update(params, lr)\n        losses.append(l_sum)", "train", "sum"),
    Case("train sum of the epoch's loss list", TRAIN_LOOP,
         "        epoch_losses = []\n        for x, y in zip(xs, ys):\n            l = loss(x, y, *params)\n"
         "            epoch_losses.append(l.item())\n            l.backward()\n            sgd_update(params, lr)\n"
         "        losses.append(sum(epoch_losses))", "train", "sum"),
    # train: one update per epoch
    Case("train sgd_update after the sample loop", TRAIN_LOOP,
         "        for x, y in zip(xs, ys):\n            l = loss(x, y, *params)\n            l.backward()\n"
         "        sgd_update(params, lr)\n        losses.append(l.item())", "train", "once per epoch"),
    Case("train total loss backward once per epoch", TRAIN_LOOP,
         "        total = 0\n        for x, y in zip(xs, ys):\n            l = loss(x, y, *params)\n            total = total + l\n"
         "        total.backward()\n        sgd_update(params, lr)\n        losses.append(l.item())", "train", "once per epoch"),
    Case("train index loop, update after it", TRAIN_LOOP,
         "        for i in range(len(xs)):\n            l = loss(xs[i], ys[i], *params)\n            l.backward()\n"
         "        sgd_update(params, lr)\n        losses.append(l.item())", "train", "once per epoch"),
]

RIGHT = [
    Variant("forward with x * x", [(FWD, "return w1 * x * x + w2 * x + b")], "forward"),
    Variant("backward_manual one partial per line, the lecture's style", [(BM,
            "    y_hat = w1 * x * x + w2 * x + b\n    grad_w1 = 2 * x * x * (y_hat - y)\n    grad_w2 = 2 * x * (y_hat - y)\n"
            "    grad_b = 2 * (y_hat - y)\n    return grad_w1, grad_w2, grad_b")], "backward_manual"),
    Variant("backward_autograd the lecture's torch.Tensor([w]) with requires_grad = True", [(AG,
            "    w1 = torch.Tensor([w1])\n    w1.requires_grad = True\n    w2 = torch.Tensor([w2])\n    w2.requires_grad = True\n"
            "    b = torch.Tensor([b])\n    b.requires_grad = True\n    l = loss(x, y, w1, w2, b)\n    l.backward()\n"
            "    return w1.grad.item(), w2.grad.item(), b.grad.item()")], "backward_autograd"),
    Variant("backward_autograd with torch.autograd.grad", [(AG,
            "    params = [torch.tensor(float(v), requires_grad=True) for v in (w1, w2, b)]\n"
            "    grads = torch.autograd.grad(loss(x, y, *params), params)\n    return tuple(g.item() for g in grads)")],
            "backward_autograd"),
    Variant("sgd_update the lecture's .data style", [(SGD,
            "    for p in params:\n        p.data = p.data - lr * p.grad.data\n        p.grad.data.zero_()")], "sgd_update"),
    Variant("sgd_update with p.grad = None", [(SGD,
            "    with torch.no_grad():\n        for p in params:\n            p.sub_(lr * p.grad)\n            p.grad = None")],
            "sgd_update"),
    Variant("dot_example with x @ x and .detach()", [(DOT,
            "    x = x.clone().detach().requires_grad_(True)\n    loss = (target - x @ x) ** 2\n    loss.backward()\n"
            "    updated = (x - lr * x.grad).detach()\n    return x.grad, updated")], "dot_example"),
    Variant("train the lecture's style, printing progress", [(TRAIN,
            "    w_1 = torch.tensor(float(w1), requires_grad=True)\n    w_2 = torch.tensor(float(w2), requires_grad=True)\n"
            "    b_0 = torch.tensor(float(b), requires_grad=True)\n    losses = []\n    for epoch in range(epochs):\n"
            "        for x, y in zip(xs, ys):\n            l = loss(x, y, w_1, w_2, b_0)\n            l.backward()\n"
            "            sgd_update([w_1, w_2, b_0], lr)\n        print('progress:', epoch, l.item())\n"
            "        losses.append(l.item())\n    return w_1.item(), w_2.item(), b_0.item(), losses")], "train"),
]
