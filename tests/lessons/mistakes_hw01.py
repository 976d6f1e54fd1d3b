"""hw01 linear model: the classic mistakes of the MSE and of exhaustive search."""

from tests.lessons.lesson_cases import Case

MSE = "return ((y_pred - y) ** 2).mean()"
SEARCH_W_LOOP = "        losses.append(float(mse(forward(x, w), y)))\n    best = losses.index(min(losses))\n    return ws[best], losses"
NUMPY = "import numpy as np\n    pn, yn = np.asarray(y_pred, dtype=float), np.asarray(y, dtype=float)\n    "
SEARCH_WB_GRID = (
    "    losses = torch.zeros(len(ws), len(bs), dtype=torch.float64)\n"
    "    best_loss, best_w, best_b = float(\"inf\"), None, None\n"
    "    for i, w in enumerate(ws):\n"
    "        for j, b in enumerate(bs):\n"
    "            loss = float(mse(forward_b(x, w, b), y))\n"
    "            losses[i, j] = loss\n"
)

MISTAKES = [
    Case("forward_b ignores b", "return x * w + b", "return x * w", "forward_b", "ignored"),
    Case("mse sums", MSE, "return ((y_pred - y) ** 2).sum()", "mse", "summed"),
    Case("mse divides by N twice", MSE, "return ((y_pred - y) ** 2).mean() / len(y)", "mse", "twice"),
    Case("mse absolute error", MSE, "return (y_pred - y).abs().mean()", "mse", "absolute"),
    Case(
        "search_w returns inside the loop",
        SEARCH_W_LOOP,
        "        losses.append(float(mse(forward(x, w), y)))\n"
        "        best = losses.index(min(losses))\n        return ws[best], losses",
        "search_w",
        "return",
    ),
    Case(
        "search_w reads global data",
        "losses.append(float(mse(forward(x, w), y)))",
        "losses.append(float(mse(forward(x_data, w), y_data)))",
        "search_w",
        "x_data",
    ),
    Case("search_w argmax", "losses.index(min(losses))", "losses.index(max(losses))", "search_w", "largest"),
    Case("search_w returns the index", "return ws[best], losses", "return best, losses", "search_w", "index"),
    Case(
        "search_w sums the squared errors inline (the lecture's loss_sum without / 3)",
        "        losses.append(float(mse(forward(x, w), y)))\n",
        "        loss_sum = 0.0\n"
        "        for x_val, y_val in zip(x, y):\n"
        "            loss_sum += float((x_val * w - y_val) ** 2)\n"
        "        losses.append(loss_sum)\n",
        "search_w",
        "summed",
    ),
    Case(
        "search_w appends only improving losses",
        SEARCH_W_LOOP,
        "        loss = float(mse(forward(x, w), y))\n"
        "        if not losses or loss < losses[-1]:\n"
        "            losses.append(loss)\n"
        "            best_w = w\n"
        "    return best_w, losses",
        "search_w",
        "every w",
    ),
    Case(
        "search_wb transposed grid (b along the rows)",
        SEARCH_WB_GRID,
        "    losses = torch.zeros(len(bs), len(ws), dtype=torch.float64)\n"
        "    best_loss, best_w, best_b = float(\"inf\"), None, None\n"
        "    for i, w in enumerate(ws):\n"
        "        for j, b in enumerate(bs):\n"
        "            loss = float(mse(forward_b(x, w, b), y))\n"
        "            losses[j, i] = loss\n",
        "search_wb",
        "transposed",
    ),
    Case("search_wb ignores b", "float(mse(forward_b(x, w, b), y))", "float(mse(forward(x, w), y))", "search_wb",
         "ignored"),
    Case(
        "search_wb resets the best for each w",
        "    best_loss, best_w, best_b = float(\"inf\"), None, None\n    for i, w in enumerate(ws):\n",
        "    for i, w in enumerate(ws):\n        best_loss = float(\"inf\")\n",
        "search_wb",
        "reset",
    ),
    Case("search_wb keeps the last tie", "if loss < best_loss:", "if loss <= best_loss:", "search_wb", "tie"),
]

# The same mistakes as learners write them: loops in the lecture's style, numpy, other names and normalisations.
WRITTEN_OTHERWISE = [
    Case("mse: a `return` in the loop dividing by len(y)", MSE,
         "total = 0.0\n    for p, t in zip(y_pred, y):\n        total += (p - t) ** 2\n        return total / len(y)",
         "mse", "return"),
    Case("mse: a `return` in the loop dividing by the lecture's 3", MSE,
         "loss_sum = 0\n    for y_hat, y_val in zip(y_pred, y):\n        loss_sum += (y_hat - y_val) ** 2\n"
         "        return loss_sum / 3", "mse", "return"),
    Case("mse sums in the lecture's loop", MSE,
         "loss_sum = 0\n    for y_hat, y_val in zip(y_pred, y):\n        loss_sum += (y_hat - y_val) ** 2\n"
         "    return loss_sum", "mse", "summed"),
    Case("mse sums with numpy", MSE, NUMPY + "return float(np.sum((pn - yn) ** 2))", "mse", "summed"),
    Case("mse sums with torch.sum", MSE, "return torch.sum(torch.square(y_pred - y))", "mse", "summed"),
    Case("search_w sums with numpy", "        losses.append(float(mse(forward(x, w), y)))\n",
         "        import numpy as np\n"
         "        losses.append(float(np.sum((np.asarray(x) * float(w) - np.asarray(y)) ** 2)))\n",
         "search_w", "summed"),
]
MISTAKES += WRITTEN_OTHERWISE
