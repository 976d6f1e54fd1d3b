"""hw02 gradient descent: the classic mistakes of GD and SGD."""

from tests.lessons.lesson_cases import Case

GRAD = "return (2 * x * (x * w - y)).mean()"
SGD = "    for xi, yi in zip(x, y):\n        w = w - lr * gradient(xi, yi, w)"
TRAIN = "        costs.append(cost(x, y, w))\n        w = w - lr * gradient(x, y, w)"
MINIBATCH = "for start in range(0, len(x), batch_size):"
COST = "return ((x * w - y) ** 2).mean()"
NUMPY = "import numpy as np\n    xn, yn = np.asarray(x, dtype=float), np.asarray(y, dtype=float)\n    "

MISTAKES = [
    Case("gradient calls autograd", GRAD,
         "w = torch.tensor(float(w), requires_grad=True)\n    ((x * w - y) ** 2).mean().backward()\n"
         "    return w.grad", "gradient", "calls Tensor.backward"),
    Case("gradient re-enables autograd", GRAD,
         "with torch.enable_grad():\n        w = torch.tensor(float(w), requires_grad=True)\n"
         "        (g,) = torch.autograd.grad(((x * w - y) ** 2).mean(), w)\n    return g", "gradient", "calls torch"),
    Case("gradient through a reference to autograd saved before the call", "def gradient(x, y, w):",
         "_grad_of = getattr(torch, 'auto' + 'grad').grad\ndef gradient(x, y, w):\n"
         "    with torch.set_grad_enabled(True):\n        w = torch.tensor(float(w), requires_grad=True)\n"
         "        return _grad_of(((x * w - y) ** 2).mean(), w)[0]", "gradient", "calls torch"),
    Case("gradient with torch.func", GRAD,
         "return torch.func.grad(lambda v: ((x * v - y) ** 2).mean())(torch.as_tensor(w, dtype=x.dtype))",
         "gradient", "calls torch"),
    Case("an empty last batch", MINIBATCH,
         "for start in range(0, (len(x) // batch_size + 1) * batch_size, batch_size):", "minibatch_epoch",
         "empty last batch"),
    Case("cost sums", "return ((x * w - y) ** 2).mean()", "return ((x * w - y) ** 2).sum()", "cost", "summed"),
    Case("missing factor 2", GRAD, "return (x * (x * w - y)).mean()", "gradient", "factor 2"),
    Case("sign flipped", GRAD, "return (2 * x * (y - x * w)).mean()", "gradient", "sign"),
    Case("divides by N twice", GRAD, "return (2 * x * (x * w - y)).mean() / len(x)", "gradient", "twice"),
    Case("sums instead of averaging", GRAD, "return (2 * x * (x * w - y)).sum()", "gradient", "summed"),
    Case("reads global data", GRAD, "return (2 * x_data * (x_data * w - y_data)).mean()", "gradient", "x_data"),
    Case(
        "return inside the loop",
        GRAD,
        "for xi, yi in zip(x, y):\n        return 2 * xi * (xi * w - yi)",
        "gradient",
        "return",
    ),
    Case("db with x", "(2 * error).mean()", "(2 * x * error).mean()", "gradient_wb", "no x"),
    Case("gd step uphill", "return w - lr * gradient(x, y, w)", "return w + lr * gradient(x, y, w)", "gd_step", "uphill"),
    Case(
        "sgd uses the epoch's starting w",
        SGD,
        "    w0 = w\n    for xi, yi in zip(x, y):\n        w = w - lr * gradient(xi, yi, w0)",
        "sgd_epoch",
        "parallelised",
    ),
    Case(
        "last partial batch dropped",
        MINIBATCH,
        "for start in range(0, len(x) - batch_size + 1, batch_size):",
        "minibatch_epoch",
        "last",
    ),
    Case(
        "cost recorded after the update",
        TRAIN,
        "        w = w - lr * gradient(x, y, w)\n        costs.append(cost(x, y, w))",
        "train_gd",
        "after the update",
    ),
    Case(
        "w updated inside the per-sample loop",
        TRAIN,
        "        costs.append(cost(x, y, w))\n        for xi, yi in zip(x, y):\n"
        "            w = w - lr * gradient(xi, yi, w)",
        "train_gd",
        "inside the loop",
    ),
]

# The same mistakes as learners write them: loops in the lecture's style, numpy, other names and normalisations.
WRITTEN_OTHERWISE = [
    Case("gradient: the lecture's `return grad / len(xs)` indented into the loop", GRAD,
         "grad = 0.0\n    for x_val, y_val in zip(x, y):\n        grad += 2 * x_val * (x_val * w - y_val)\n"
         "        return grad / len(x)", "gradient", "return"),
    Case("gradient: a `return` in the loop dividing by the lecture's 3", GRAD,
         "grad = 0.0\n    for x_val, y_val in zip(x, y):\n        grad += 2 * x_val * (x_val * w - y_val)\n"
         "        return grad / 3", "gradient", "return"),
    Case("cost: a `return` in the loop dividing by len(x)", COST,
         "total = 0\n    for xi, yi in zip(x, y):\n        total += (xi * w - yi) ** 2\n        return total / len(x)",
         "cost", "return"),
    Case("gradient loops over the notebook's x_data, y_data but divides by len(x)", GRAD,
         "grad = 0\n    for x_val, y_val in zip(x_data, y_data):\n        grad += 2 * x_val * (x_val * w - y_val)\n"
         "    return grad / len(x)", "gradient", "x_data"),
    Case("cost loops over the notebook's data but divides by len(x)", COST,
         "s = 0\n    for xv, yv in zip(x_data, y_data):\n        s += (xv * w - yv) ** 2\n    return s / len(x)",
         "cost", "x_data"),
    Case("cost leaves y out of the error", COST, "return ((x * w) ** 2).mean()", "cost", "left out"),
    Case("cost leaves y out of the error, summed", COST, "return ((x * w) ** 2).sum()", "cost", "left out"),
    Case("gradient leaves y out of the error", GRAD, "return (2 * x * (x * w)).mean()", "gradient", "left out"),
    Case("cost sums in a loop", COST,
         "total = 0\n    for xi, yi in zip(x, y):\n        total += (xi * w - yi) ** 2\n    return total", "cost",
         "summed"),
    Case("cost sums with numpy", COST, NUMPY + "return float(np.sum((xn * w - yn) ** 2))", "cost", "summed"),
    Case("gradient sums in the lecture's loop", GRAD,
         "grad = 0\n    for x_val, y_val in zip(x, y):\n        grad += 2 * x_val * (x_val * w - y_val)\n"
         "    return grad", "gradient", "summed"),
    Case("gradient sums with numpy", GRAD, NUMPY + "return float(np.sum(2 * xn * (xn * w - yn)))", "gradient",
         "summed"),
    Case("gradient sums with torch.sum", GRAD, "return torch.sum(2 * x * (x * w - y))", "gradient", "summed"),
    Case("gradient without the 2, the lecture's loop", GRAD,
         "grad = 0\n    for x_val, y_val in zip(x, y):\n        grad += x_val * (x_val * w - y_val)\n"
         "    return grad / len(x)", "gradient", "factor 2"),
    Case("gradient without the 2, numpy", GRAD, NUMPY + "return float(np.mean(xn * (xn * w - yn)))", "gradient",
         "factor 2"),
    Case("gradient without the 2, dot product", GRAD, "return torch.dot(x, x * w - y) / len(x)", "gradient",
         "factor 2"),
    Case("gradient sign flipped, the lecture's loop", GRAD,
         "grad = 0\n    for x_val, y_val in zip(x, y):\n        grad += 2 * x_val * (y_val - x_val * w)\n"
         "    return grad / len(x)", "gradient", "sign"),
    Case("gradient sign flipped, numpy", GRAD, NUMPY + "return float(np.mean(2 * xn * (yn - xn * w)))", "gradient",
         "sign"),
    Case("gradient sign flipped, error named", GRAD,
         "error = y - x * w\n    return 2 * (x * error).sum() / len(x)", "gradient", "sign"),
]
MISTAKES += WRITTEN_OTHERWISE
