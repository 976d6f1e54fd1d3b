"""hw02: each modelled mistake written the ways learners write it, and correct code written otherwise."""

# Left out: the by-hand checks' "changed what the grader watches" mistake (gradient, gradient_wb). It fires when the
# function rebinds or reads sys.setprofile / the grader's watch: no learner of this course writes that by accident.
from tests.lessons.lesson_cases import Case, Variant

COST = "return ((x * w - y) ** 2).mean()"
GRAD = "return (2 * x * (x * w - y)).mean()"
WB = "    error = x * w + b - y\n    return (2 * x * error).mean(), (2 * error).mean()"
STEP = "return w - lr * gradient(x, y, w)"
SGD = "    for xi, yi in zip(x, y):\n        w = w - lr * gradient(xi, yi, w)\n    return w"
MB = ("    for start in range(0, len(x), batch_size):\n"
      "        w = w - lr * gradient(x[start:start + batch_size], y[start:start + batch_size], w)\n    return w")
TRAIN = ("    costs = []\n    for _ in range(epochs):\n        costs.append(cost(x, y, w))\n"
         "        w = w - lr * gradient(x, y, w)\n    return w, costs")

WRONG = [
    # cost: summed
    Case("cost sums with Python's sum over pairs", COST, "return sum((xi * w - yi) ** 2 for xi, yi in zip(x, y))",
         "cost", "summed"),
    Case("cost sums with torch.sum", COST, "return torch.sum((x * w - y) ** 2)", "cost", "summed"),
    Case("cost sums in the lecture's loop with y_pred", COST,
         "loss_sum = 0\n    for x_val, y_val in zip(x, y):\n        y_pred = x_val * w\n"
         "        loss_sum += (y_pred - y_val) ** 2\n    return loss_sum", "cost", "summed"),
    # cost: not squared
    Case("cost not squared", COST, "return (x * w - y).mean()", "cost", "not squared"),
    Case("cost not squared, torch.mean", COST, "return torch.mean(x * w - y)", "cost", "not squared"),
    Case("cost not squared, the lecture's loop", COST,
         "total = 0\n    for x_val, y_val in zip(x, y):\n        total += x_val * w - y_val\n    return total / len(x)",
         "cost", "not squared"),
    # cost: only the first sample
    Case("cost returns inside an index loop", COST,
         "l_sum = 0\n    for i in range(len(x)):\n        l_sum += (x[i] * w - y[i]) ** 2\n        return l_sum / len(x)",
         "cost", "only the first sample"),
    Case("cost returns the first sample's loss", COST,
         "for xi, yi in zip(x, y):\n        loss = (xi * w - yi) ** 2\n        return loss",
         "cost", "only the first sample"),
    Case("cost with y_pred returns in the loop dividing by 3", COST,
         "for x_val, y_val in zip(x, y):\n        y_pred = x_val * w\n        c = (y_pred - y_val) ** 2\n"
         "        return c / 3", "cost", "only the first sample"),
    # cost: reads x_data / y_data
    Case("cost reads x_data, y_data", COST, "return ((x_data * w - y_data) ** 2).mean()", "cost", "x_data"),
    Case("cost loops over x_data dividing by len(x_data)", COST,
         "c = 0\n    for x_val, y_val in zip(x_data, y_data):\n        c += (x_val * w - y_val) ** 2\n"
         "    return c / len(x_data)", "cost", "x_data"),
    Case("cost with y_pred from x_data", COST, "y_pred = x_data * w\n    return torch.mean((y_pred - y_data) ** 2)",
         "cost", "x_data"),
    # cost: y left out
    Case("cost of y_pred alone", COST, "y_pred = x * w\n    return (y_pred ** 2).mean()", "cost", "left out"),
    Case("cost leaves y out in a loop", COST,
         "total = 0\n    for xi in x:\n        total += (xi * w) ** 2\n    return total / len(x)", "cost", "left out"),
    Case("cost leaves y out, pow", COST, "return (x * w).pow(2).mean()", "cost", "left out"),
    # gradient: calls autograd
    Case("gradient with backward on a new leaf", GRAD,
         "w = torch.tensor(w, requires_grad=True)\n    l = ((x * w - y) ** 2).mean()\n    l.backward()\n"
         "    return w.grad.item()", "gradient", "your function calls"),
    Case("gradient with torch.autograd.grad of cost", GRAD,
         "w = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)\n    c = cost(x, y, w)\n"
         "    (g,) = torch.autograd.grad(c, w)\n    return g", "gradient", "your function calls"),
    Case("gradient the lecture's way, torch.Tensor([w]) with requires_grad", GRAD,
         "w_t = torch.Tensor([w])\n    w_t.requires_grad = True\n    l = cost(x, y, w_t)\n    l.backward()\n"
         "    return w_t.grad.data[0]", "gradient", "your function calls"),
    # gradient: factor 2
    Case("gradient without the 2, torch.mean", GRAD, "return torch.mean(x * (w * x - y))", "gradient", "factor 2"),
    Case("gradient without the 2, error named", GRAD, "error = x * w - y\n    return (error * x).sum() / len(x)",
         "gradient", "factor 2"),
    Case("gradient without the 2, sum over pairs", GRAD,
         "n = len(x)\n    return sum(xi * (xi * w - yi) for xi, yi in zip(x, y)) / n", "gradient", "factor 2"),
    # gradient: sign
    Case("gradient sign flipped, torch.mean", GRAD, "return torch.mean(2 * x * (y - w * x))", "gradient", "sign"),
    Case("gradient sign flipped, the inner -1 forgotten", GRAD, "return (2 * (y - x * w) * x).mean()",
         "gradient", "sign"),
    Case("gradient sign flipped, loop", GRAD,
         "g = 0\n    for xi, yi in zip(x, y):\n        g += 2 * xi * (yi - xi * w)\n    return g / len(x)",
         "gradient", "sign"),
    # gradient: divided by N twice
    Case("gradient mean then / x.shape[0]", GRAD, "grad = (2 * x * (x * w - y)).mean()\n    return grad / x.shape[0]",
         "gradient", "twice"),
    Case("gradient loop dividing each term and the total", GRAD,
         "grad = 0\n    for x_val, y_val in zip(x, y):\n        grad += 2 * x_val * (x_val * w - y_val) / len(x)\n"
         "    return grad / len(x)", "gradient", "twice"),
    Case("gradient torch.sum of terms / n, then / n", GRAD,
         "n = len(x)\n    return torch.sum(2 * x * (x * w - y) / n) / n", "gradient", "twice"),
    # gradient: summed
    Case("gradient sum over pairs", GRAD, "return sum(2 * xi * (xi * w - yi) for xi, yi in zip(x, y))",
         "gradient", "summed"),
    Case("gradient as a dot product", GRAD, "return 2 * torch.dot(x, x * w - y)", "gradient", "summed"),
    Case("gradient summed in an index loop", GRAD,
         "grad = 0\n    for i in range(len(x)):\n        grad += 2 * x[i] * (x[i] * w - y[i])\n    return grad",
         "gradient", "summed"),
    # gradient: only the first sample
    Case("gradient returns inside an index loop", GRAD,
         "grad = 0\n    for i in range(len(x)):\n        grad += 2 * x[i] * (x[i] * w - y[i])\n        return grad / len(x)",
         "gradient", "only the first sample"),
    Case("gradient returns g.mean() in the loop", GRAD,
         "for xi, yi in zip(x, y):\n        g = 2 * xi * (xi * w - yi)\n        return g.mean()",
         "gradient", "only the first sample"),
    Case("gradient returns inside the loop dividing by numel", GRAD,
         "grad_sum = 0\n    for x_val, y_val in zip(x, y):\n        grad_sum = grad_sum + 2 * x_val * (x_val * w - y_val)\n"
         "        return grad_sum / x.numel()", "gradient", "only the first sample"),
    # gradient: reads x_data / y_data
    Case("gradient torch.mean over x_data", GRAD, "return torch.mean(2 * x_data * (w * x_data - y_data))",
         "gradient", "x_data"),
    Case("gradient loops over x_data dividing by len(x_data)", GRAD,
         "grad = 0\n    for x_val, y_val in zip(x_data, y_data):\n        grad += 2 * x_val * (x_val * w - y_val)\n"
         "    return grad / len(x_data)", "gradient", "x_data"),
    Case("gradient error named over x_data", GRAD,
         "error = x_data * w - y_data\n    return (2 * x_data * error).sum() / len(x_data)", "gradient", "x_data"),
    # gradient: y left out
    Case("gradient leaves y out, x * x * w", GRAD, "return (2 * x * x * w).mean()", "gradient", "left out"),
    Case("gradient leaves y out, x ** 2", GRAD, "return 2 * (x ** 2 * w).mean()", "gradient", "left out"),
    Case("gradient leaves y out in a loop", GRAD,
         "grad = 0\n    for xi in x:\n        grad += 2 * xi * (xi * w)\n    return grad / len(x)",
         "gradient", "left out"),
    # gradient_wb: calls autograd
    Case("gradient_wb with backward", WB,
         "    w = torch.tensor(float(w), requires_grad=True)\n    b = torch.tensor(float(b), requires_grad=True)\n"
         "    ((x * w + b - y) ** 2).mean().backward()\n    return w.grad, b.grad", "gradient_wb", "your function calls"),
    Case("gradient_wb with torch.autograd.grad", WB,
         "    w = torch.tensor(float(w), requires_grad=True)\n    b = torch.tensor(float(b), requires_grad=True)\n"
         "    dw, db = torch.autograd.grad(((x * w + b - y) ** 2).mean(), [w, b])\n    return dw, db",
         "gradient_wb", "your function calls"),
    Case("gradient_wb with one parameter tensor", WB,
         "    params = torch.tensor([w, b], dtype=torch.float64, requires_grad=True)\n"
         "    l = ((x * params[0] + params[1] - y) ** 2).mean()\n    l.backward()\n"
         "    return params.grad[0], params.grad[1]", "gradient_wb", "your function calls"),
    # gradient_wb: d/db with x
    Case("gradient_wb db copied from dw", WB,
         "    grad = 2 * x * (x * w + b - y)\n    return grad.mean(), grad.mean()", "gradient_wb", "no x"),
    Case("gradient_wb db with x in a loop", WB,
         "    dw = db = 0\n    for xi, yi in zip(x, y):\n        e = xi * w + b - yi\n        dw += 2 * xi * e\n"
         "        db += 2 * xi * e\n    return dw / len(x), db / len(x)", "gradient_wb", "no x"),
    Case("gradient_wb db with x, torch.mean", WB,
         "    error = x * w + b - y\n    return torch.mean(2 * x * error), torch.mean(2 * error * x)",
         "gradient_wb", "no x"),
    # gradient_wb: factor 2 in db
    Case("gradient_wb db without 2", WB, "    error = x * w + b - y\n    return (2 * x * error).mean(), error.mean()",
         "gradient_wb", "factor 2 is missing in d cost/d b"),
    Case("gradient_wb db without 2 in a loop", WB,
         "    dw = db = 0\n    for xi, yi in zip(x, y):\n        e = xi * w + b - yi\n        dw += 2 * xi * e\n"
         "        db += e\n    return dw / len(x), db / len(x)", "gradient_wb", "factor 2 is missing in d cost/d b"),
    Case("gradient_wb db without 2, torch.mean", WB,
         "    dw = torch.mean(2 * x * (x * w + b - y))\n    db = torch.mean(x * w + b - y)\n    return dw, db",
         "gradient_wb", "factor 2 is missing in d cost/d b"),
    # gradient_wb: bias left out
    Case("gradient_wb error without b", WB,
         "    error = x * w - y\n    return (2 * x * error).mean(), (2 * error).mean()", "gradient_wb", "bias is left out"),
    Case("gradient_wb partials without b", WB,
         "    dw = (2 * x * (x * w - y)).mean()\n    db = (2 * (x * w - y)).mean()\n    return dw, db",
         "gradient_wb", "bias is left out"),
    Case("gradient_wb reuses gradient()", WB, "    return gradient(x, y, w), (2 * (x * w - y)).mean()",
         "gradient_wb", "bias is left out"),
    # gradient_wb: swapped
    Case("gradient_wb returns (db, dw)", WB,
         "    error = x * w + b - y\n    return (2 * error).mean(), (2 * x * error).mean()", "gradient_wb", "swapped"),
    Case("gradient_wb named partials returned as db, dw", WB,
         "    dw = (2 * x * (x * w + b - y)).mean()\n    db = (2 * (x * w + b - y)).mean()\n    return db, dw",
         "gradient_wb", "swapped"),
    Case("gradient_wb loop returning grad_b first", WB,
         "    grad_b, grad_w = 0, 0\n    for xi, yi in zip(x, y):\n        e = xi * w + b - yi\n        grad_w += 2 * xi * e\n"
         "        grad_b += 2 * e\n    return grad_b / len(x), grad_w / len(x)", "gradient_wb", "swapped"),
    # gd_step
    Case("gd_step adds", STEP, "return w + lr * gradient(x, y, w)", "gd_step", "uphill"),
    Case("gd_step += ", STEP, "w += lr * gradient(x, y, w)\n    return w", "gd_step", "uphill"),
    Case("gd_step new_w uphill", STEP, "new_w = w + gradient(x, y, w) * lr\n    return new_w", "gd_step", "uphill"),
    Case("gd_step without lr", STEP, "return w - gradient(x, y, w)", "gd_step", "learning rate is missing"),
    Case("gd_step -= without lr", STEP, "w -= gradient(x, y, w)\n    return w", "gd_step", "learning rate is missing"),
    Case("gd_step grad_val without lr", STEP, "grad_val = gradient(x, y, w)\n    return w - grad_val",
         "gd_step", "learning rate is missing"),
    Case("gd_step returns the gradient", STEP, "return gradient(x, y, w)", "gd_step", "returned the gradient"),
    Case("gd_step updates then returns grad_val", STEP,
         "grad_val = gradient(x, y, w)\n    w = w - lr * grad_val\n    return grad_val", "gd_step", "returned the gradient"),
    Case("gd_step returns w_grad", STEP, "w_grad = gradient(x, y, w)\n    return w_grad", "gd_step",
         "returned the gradient"),
    # sgd_epoch: the w of the epoch's start
    Case("sgd new_w from gradients at w", SGD,
         "    new_w = w\n    for xi, yi in zip(x, y):\n        new_w = new_w - lr * gradient(xi, yi, w)\n    return new_w",
         "sgd_epoch", "parallelised"),
    Case("sgd gradients listed first", SGD,
         "    grads = [gradient(xi, yi, w) for xi, yi in zip(x, y)]\n    for g in grads:\n        w = w - lr * g\n    return w",
         "sgd_epoch", "parallelised"),
    Case("sgd sums gradients then steps", SGD,
         "    total = 0\n    for xi, yi in zip(x, y):\n        total += gradient(xi, yi, w)\n    return w - lr * total",
         "sgd_epoch", "parallelised"),
    # sgd_epoch: one batch step
    Case("sgd is a gd step", SGD, "    return w - lr * gradient(x, y, w)", "sgd_epoch", "one batch gd step"),
    Case("sgd calls gd_step", SGD, "    return gd_step(x, y, w, lr)", "sgd_epoch", "one batch gd step"),
    Case("sgd averages the per-sample gradients then steps", SGD,
         "    grad = 0\n    for xi, yi in zip(x, y):\n        grad += gradient(xi, yi, w)\n    w = w - lr * grad / len(x)\n"
         "    return w", "sgd_epoch", "one batch gd step"),
    # sgd_epoch: return in the loop
    Case("sgd return indented into the loop", SGD,
         "    for xi, yi in zip(x, y):\n        w = w - lr * gradient(xi, yi, w)\n        return w",
         "sgd_epoch", "only the first sample updated"),
    Case("sgd -= with index and return in the loop", SGD,
         "    for i in range(len(x)):\n        w -= lr * gradient(x[i], y[i], w)\n        return w",
         "sgd_epoch", "only the first sample updated"),
    Case("sgd returns the first update", SGD,
         "    for xi, yi in zip(x, y):\n        return w - lr * gradient(xi, yi, w)",
         "sgd_epoch", "only the first sample updated"),
    # sgd_epoch: reverse order
    Case("sgd over reversed()", SGD,
         "    for xi, yi in zip(reversed(x), reversed(y)):\n        w = w - lr * gradient(xi, yi, w)\n    return w",
         "sgd_epoch", "reverse order"),
    Case("sgd index loop counting down", SGD,
         "    for i in range(len(x) - 1, -1, -1):\n        w = w - lr * gradient(x[i], y[i], w)\n    return w",
         "sgd_epoch", "reverse order"),
    Case("sgd over the pairs [::-1]", SGD,
         "    for xi, yi in list(zip(x, y))[::-1]:\n        w = w - lr * gradient(xi, yi, w)\n    return w",
         "sgd_epoch", "reverse order"),
    # minibatch: last batch dropped
    Case("minibatch range(len(x) // batch_size)", MB,
         "    for i in range(len(x) // batch_size):\n        xb = x[i * batch_size:(i + 1) * batch_size]\n"
         "        yb = y[i * batch_size:(i + 1) * batch_size]\n        w = w - lr * gradient(xb, yb, w)\n    return w",
         "minibatch_epoch", "last, smaller batch"),
    Case("minibatch int(len(x) / batch_size) batches", MB,
         "    n_batches = int(len(x) / batch_size)\n    for i in range(n_batches):\n        start = i * batch_size\n"
         "        w = w - lr * gradient(x[start:start + batch_size], y[start:start + batch_size], w)\n    return w",
         "minibatch_epoch", "last, smaller batch"),
    Case("minibatch while loop for full batches", MB,
         "    start = 0\n    while start + batch_size <= len(x):\n"
         "        w = w - lr * gradient(x[start:start + batch_size], y[start:start + batch_size], w)\n"
         "        start += batch_size\n    return w", "minibatch_epoch", "last, smaller batch"),
    # minibatch: an empty last batch
    Case("minibatch len(x) // batch_size + 1 batches", MB,
         "    for i in range(len(x) // batch_size + 1):\n        xb = x[i * batch_size:(i + 1) * batch_size]\n"
         "        yb = y[i * batch_size:(i + 1) * batch_size]\n        w = w - lr * gradient(xb, yb, w)\n    return w",
         "minibatch_epoch", "empty last batch"),
    Case("minibatch n = len(x) // batch_size + 1", MB,
         "    n = len(x) // batch_size + 1\n    for k in range(n):\n        start = k * batch_size\n        end = start + batch_size\n"
         "        w = w - lr * gradient(x[start:end], y[start:end], w)\n    return w", "minibatch_epoch", "empty last batch"),
    Case("minibatch int(len(x) / batch_size) + 1 batches", MB,
         "    for b in range(int(len(x) / batch_size) + 1):\n"
         "        w = w - lr * gradient(x[b * batch_size:(b + 1) * batch_size], y[b * batch_size:(b + 1) * batch_size], w)\n"
         "    return w", "minibatch_epoch", "empty last batch"),
    # minibatch: one batch GD step
    Case("minibatch is a gd step", MB, "    return w - lr * gradient(x, y, w)", "minibatch_epoch",
         "one batch gd step over all samples"),
    Case("minibatch calls gd_step", MB, "    return gd_step(x, y, w, lr)", "minibatch_epoch",
         "one batch gd step over all samples"),
    Case("minibatch update outside the batch loop", MB,
         "    grad_sum = 0\n    for start in range(0, len(x), batch_size):\n"
         "        for xi, yi in zip(x[start:start + batch_size], y[start:start + batch_size]):\n"
         "            grad_sum += gradient(xi, yi, w)\n    w = w - lr * grad_sum / len(x)\n    return w",
         "minibatch_epoch", "one batch gd step over all samples"),
    # minibatch: plain SGD
    Case("minibatch is sgd", MB,
         "    for xi, yi in zip(x, y):\n        w = w - lr * gradient(xi, yi, w)\n    return w", "minibatch_epoch", "plain sgd"),
    Case("minibatch updates per sample inside each batch", MB,
         "    for start in range(0, len(x), batch_size):\n"
         "        for xi, yi in zip(x[start:start + batch_size], y[start:start + batch_size]):\n"
         "            w = w - lr * gradient(xi, yi, w)\n    return w", "minibatch_epoch", "plain sgd"),
    Case("minibatch index loops updating per sample", MB,
         "    for i in range(0, len(x), batch_size):\n        for j in range(i, min(i + batch_size, len(x))):\n"
         "            w -= lr * gradient(x[j], y[j], w)\n    return w", "minibatch_epoch", "plain sgd"),
    # train_gd: cost after the update
    Case("train_gd gd_step then cost", TRAIN,
         "    costs = []\n    for epoch in range(epochs):\n        w = gd_step(x, y, w, lr)\n"
         "        costs.append(cost(x, y, w))\n    return w, costs", "train_gd", "after the update"),
    Case("train_gd the lecture's order: grad, update, cost_val", TRAIN,
         "    costs = []\n    for epoch in range(epochs):\n        grad_val = gradient(x, y, w)\n        w -= lr * grad_val\n"
         "        cost_val = cost(x, y, w)\n        costs.append(cost_val)\n    return w, costs",
         "train_gd", "after the update"),
    Case("train_gd appends .item() after the update", TRAIN,
         "    costs = []\n    for _ in range(epochs):\n        w = w - lr * gradient(x, y, w)\n"
         "        costs.append(cost(x, y, w).item())\n    return w, costs", "train_gd", "after the update"),
    # train_gd: SGD
    Case("train_gd calls sgd_epoch", TRAIN,
         "    costs = []\n    for _ in range(epochs):\n        costs.append(cost(x, y, w))\n        w = sgd_epoch(x, y, w, lr)\n"
         "    return w, costs", "train_gd", "inside the loop over samples"),
    Case("train_gd index loop updating per sample", TRAIN,
         "    costs = []\n    for epoch in range(epochs):\n        costs.append(cost(x, y, w))\n"
         "        for i in range(len(x)):\n            w -= lr * gradient(x[i], y[i], w)\n    return w, costs",
         "train_gd", "inside the loop over samples"),
    Case("train_gd gd_step per sample", TRAIN,
         "    costs = []\n    for epoch in range(epochs):\n        costs.append(cost(x, y, w))\n"
         "        for x_val, y_val in zip(x, y):\n            w = gd_step(x_val, y_val, w, lr)\n    return w, costs",
         "train_gd", "inside the loop over samples"),
    # train_gd: w restarts every epoch
    Case("train_gd w_new from w each epoch", TRAIN,
         "    costs = []\n    for _ in range(epochs):\n        costs.append(cost(x, y, w))\n"
         "        w_new = w - lr * gradient(x, y, w)\n    return w_new, costs", "train_gd", "starts again"),
    Case("train_gd new_w = gd_step(... w ...)", TRAIN,
         "    costs = []\n    for _ in range(epochs):\n        costs.append(cost(x, y, w))\n        new_w = gd_step(x, y, w, lr)\n"
         "    return new_w, costs", "train_gd", "starts again"),
    Case("train_gd w_cur = w inside the loop", TRAIN,
         "    costs = []\n    for epoch in range(epochs):\n        w_cur = w\n        costs.append(cost(x, y, w_cur))\n"
         "        w_cur = w_cur - lr * gradient(x, y, w_cur)\n    return w_cur, costs", "train_gd", "starts again"),
]

RIGHT = [
    Variant("cost in the lecture's loop with y_pred", [(COST,
            "loss_sum = 0\n    for x_val, y_val in zip(x, y):\n        y_pred = x_val * w\n"
            "        loss_sum += (y_pred - y_val) ** 2\n    return loss_sum / len(x)")], "cost"),
    Variant("gradient with numpy", [(GRAD,
            "import numpy as np\n    xs, ys = np.array(x), np.array(y)\n    return float(np.mean(2 * xs * (xs * w - ys)))")],
            "gradient"),
    Variant("gradient as -2*x*(y - x*w)", [(GRAD, "return (-2 * x * (y - x * w)).mean()")], "gradient"),
    Variant("gradient_wb in a loop", [(WB,
            "    dw, db = 0.0, 0.0\n    for xi, yi in zip(x, y):\n        e = xi * w + b - yi\n        dw += 2 * xi * e\n"
            "        db += 2 * e\n    return dw / len(x), db / len(x)")], "gradient_wb"),
    Variant("gd_step with grad_val", [(STEP, "grad_val = gradient(x, y, w)\n    w = w - lr * grad_val\n    return w")],
            "gd_step"),
    Variant("sgd_epoch with an index loop and -=", [(SGD,
            "    for i in range(len(x)):\n        w -= lr * gradient(x[i], y[i], w)\n    return w")], "sgd_epoch"),
    Variant("minibatch_epoch with torch.split", [(MB,
            "    for xb, yb in zip(torch.split(x, batch_size), torch.split(y, batch_size)):\n"
            "        w = w - lr * gradient(xb, yb, w)\n    return w")], "minibatch_epoch"),
    Variant("train_gd in the lecture's style, printing each epoch", [(TRAIN,
            "    costs = []\n    for epoch in range(epochs):\n        cost_val = cost(x, y, w)\n        grad_val = gradient(x, y, w)\n"
            "        w -= lr * grad_val\n        costs.append(cost_val.item())\n"
            "        print('Epoch:', epoch, 'w=', float(w), 'loss=', cost_val.item())\n    return w, costs")], "train_gd"),
]
