"""hw01: each modelled mistake written the ways learners write it, and correct code written otherwise."""
from tests.lessons.lesson_cases import Case, Variant

# Left out: none of the checks' modelled mistakes (mse's two "not squared" Mistakes share one hint, as do its two
# "only the first sample" Mistakes: each hint is written three ways or more). Of the runtime-error explanations
# (autograder/explain.py), only "item_of_many" can be raised by hw01 code (float() of the unreduced errors); it is
# written below. The others need losses, layers, devices or autograd that hw01 does not use.

FORWARD = "    return x * w\n"
FORWARD_B = "    return x * w + b\n"
MSE = "    return ((y_pred - y) ** 2).mean()\n"
SEARCH_W = ("    losses = []\n"
            "    for w in ws:\n"
            "        losses.append(float(mse(forward(x, w), y)))\n"
            "    best = losses.index(min(losses))\n"
            "    return ws[best], losses\n")
SEARCH_WB = ("    losses = torch.zeros(len(ws), len(bs), dtype=torch.float64)\n"
             "    best_loss, best_w, best_b = float(\"inf\"), None, None\n"
             "    for i, w in enumerate(ws):\n"
             "        for j, b in enumerate(bs):\n"
             "            loss = float(mse(forward_b(x, w, b), y))\n"
             "            losses[i, j] = loss\n"
             "            if loss < best_loss:\n"
             "                best_loss, best_w, best_b = loss, w, b\n"
             "    return best_w, best_b, losses\n")
W_LOSS = "        losses.append(float(mse(forward(x, w), y)))\n"
WB_LOSS = "            loss = float(mse(forward_b(x, w, b), y))\n"
PICK = "    best = losses.index(min(losses))\n    return ws[best], losses\n"
RUNNING_MIN = ("    best_loss, best_w = float(\"inf\"), None\n"
               "    losses = []\n"
               "    for w in ws:\n"
               "        loss = float(mse(forward(x, w), y))\n"
               "        losses.append(loss)\n"
               "        if loss < best_loss:\n"
               "            best_loss, best_w = loss, w\n"
               "    return best_w, losses\n")


def _w(loss: str) -> str:
    return SEARCH_W.replace(W_LOSS, loss)


def _wb(loss: str) -> str:
    return SEARCH_WB.replace(WB_LOSS, loss)


WRONG = [
    # forward
    Case("forward adds", FORWARD, "    return x + w\n", "forward", "not x + w"),
    Case("forward with torch.add", FORWARD, "    return torch.add(x, w)\n", "forward", "not x + w"),
    Case("forward adds in a loop", FORWARD, "    return torch.tensor([x_val + w for x_val in x])\n", "forward",
         "not x + w"),
    Case("forward reads x_data", FORWARD, "    return x_data * w\n", "forward", "x_data"),
    Case("forward reads x_data, w first", FORWARD, "    return w * x_data\n", "forward", "x_data"),
    Case("forward loops over x_data", FORWARD, "    return torch.tensor([x_val * w for x_val in x_data])\n", "forward",
         "x_data"),
    # forward_b
    Case("forward_b as w * x", FORWARD_B, "    return w * x\n", "forward_b", "ignored"),
    Case("forward_b calls forward", FORWARD_B, "    return forward(x, w)\n", "forward_b", "ignored"),
    Case("forward_b in a loop without b", FORWARD_B, "    return torch.stack([x_val * w for x_val in x])\n",
         "forward_b", "ignored"),
    Case("forward_b x * b + w", FORWARD_B, "    return x * b + w\n", "forward_b", "swapped"),
    Case("forward_b b * x + w", FORWARD_B, "    return b * x + w\n", "forward_b", "swapped"),
    Case("forward_b forward(x, b) + w", FORWARD_B, "    return forward(x, b) + w\n", "forward_b", "swapped"),
    Case("forward_b x * (w + b)", FORWARD_B, "    return x * (w + b)\n", "forward_b", "multiplied by x too"),
    Case("forward_b x * w + x * b", FORWARD_B, "    return x * w + x * b\n", "forward_b", "multiplied by x too"),
    Case("forward_b forward(x, w + b)", FORWARD_B, "    return forward(x, w + b)\n", "forward_b",
         "multiplied by x too"),
    Case("forward_b reads x_data", FORWARD_B, "    return x_data * w + b\n", "forward_b", "x_data"),
    Case("forward_b calls forward on x_data", FORWARD_B, "    return forward(x_data, w) + b\n", "forward_b", "x_data"),
    Case("forward_b w * x_data + b", FORWARD_B, "    return w * x_data + b\n", "forward_b", "x_data"),
    # mse
    Case("mse with python sum", MSE, "    return sum((y_pred - y) ** 2)\n", "mse", "summed"),
    Case("mse with pow(2).sum()", MSE, "    return (y_pred - y).pow(2).sum()\n", "mse", "summed"),
    Case("mse with the lecture's MSELoss(size_average=False)", MSE,
         "    criterion = torch.nn.MSELoss(size_average=False)\n    return criterion(y_pred, y)\n", "mse", "summed"),
    Case("mse with torch.dot", MSE, "    e = y_pred - y\n    return torch.dot(e, e)\n", "mse", "summed"),
    Case("mse torch.mean divided by shape[0]", MSE, "    return torch.mean((y_pred - y) ** 2) / y.shape[0]\n", "mse",
         "twice"),
    Case("mse mean then / len(y_pred)", MSE,
         "    loss = ((y_pred - y) ** 2).mean()\n    loss = loss / len(y_pred)\n    return loss\n", "mse", "twice"),
    Case("mse mse_loss divided by N", MSE,
         "    return torch.nn.functional.mse_loss(y_pred, y) / len(y)\n", "mse", "twice"),
    Case("mse loop dividing each term and the total", MSE,
         "    total = 0\n    for p, t in zip(y_pred, y):\n        total += (p - t) ** 2 / len(y)\n"
         "    return total / len(y)\n", "mse", "twice"),
    Case("mse not squared", MSE, "    return (y_pred - y).mean()\n", "mse", "not squared"),
    Case("mse not squared, y - y_pred", MSE, "    return torch.mean(y - y_pred)\n", "mse", "not squared"),
    Case("mse not squared in the lecture's loop", MSE,
         "    loss_sum = 0\n    for y_hat, y_val in zip(y_pred, y):\n        loss_sum += y_hat - y_val\n"
         "    return loss_sum / len(y)\n", "mse", "not squared"),
    Case("mse * 2 typed for ** 2", MSE, "    return ((y_pred - y) * 2).mean()\n", "mse", "not squared"),
    Case("mse torch.abs", MSE, "    return torch.mean(torch.abs(y_pred - y))\n", "mse", "absolute"),
    Case("mse l1_loss", MSE, "    return torch.nn.functional.l1_loss(y_pred, y)\n", "mse", "absolute"),
    Case("mse abs in a loop", MSE,
         "    total = 0.0\n    for p, t in zip(y_pred, y):\n        total += abs(p - t)\n    return total / len(y)\n",
         "mse", "absolute"),
    Case("mse with torch.sqrt", MSE, "    return torch.sqrt(((y_pred - y) ** 2).mean())\n", "mse", "square root"),
    Case("mse ** 0.5", MSE, "    return ((y_pred - y) ** 2).mean() ** 0.5\n", "mse", "square root"),
    Case("mse numpy RMSE", MSE,
         "    import numpy as np\n    return float(np.sqrt(np.mean((np.asarray(y_pred) - np.asarray(y)) ** 2)))\n",
         "mse", "square root"),
    Case("mse returns the first squared error from an index loop", MSE,
         "    for i in range(len(y)):\n        return (y_pred[i] - y[i]) ** 2\n", "mse", "return"),
    Case("mse loss = loss + ... with return in the loop", MSE,
         "    loss = 0\n    for i in range(len(y_pred)):\n        loss = loss + (y_pred[i] - y[i]) ** 2\n"
         "        return loss / len(y_pred)\n", "mse", "return"),
    Case("mse error per sample returned in the loop", MSE,
         "    for p, t in zip(y_pred, y):\n        error = (p - t) ** 2\n        return error\n", "mse", "return"),
    Case("mse float() of the unreduced errors", MSE, "    return float((y_pred - y) ** 2)\n", "mse",
         "more than one element"),
    Case("mse .item() of the unreduced errors", MSE, "    return ((y_pred - y) ** 2).item()\n", "mse",
         "more than one element"),
    Case("mse float() of the errors, then / len", MSE,
         "    errors = (y_pred - y) ** 2\n    return float(errors) / len(errors)\n", "mse", "more than one element"),
    # search_w
    Case("search_w returns from inside the loop, running min", SEARCH_W,
         RUNNING_MIN.replace("            best_loss, best_w = loss, w\n    return best_w, losses\n",
                             "            best_loss, best_w = loss, w\n        return best_w, losses\n"),
         "search_w", "return"),
    Case("search_w argmin inside the loop", SEARCH_W,
         "    losses = []\n    for w in ws:\n        losses.append(float(mse(forward(x, w), y)))\n"
         "        best = int(torch.argmin(torch.tensor(losses)))\n        return ws[best], losses\n",
         "search_w", "return"),
    Case("search_w the lecture's loop with the return indented", SEARCH_W,
         "    losses = []\n    for w in ws:\n        l_sum = 0\n        for x_val, y_val in zip(x, y):\n"
         "            l_sum += (x_val * w - y_val) ** 2\n        losses.append(float(l_sum / len(x)))\n"
         "        return w, losses\n", "search_w", "return"),
    Case("search_w reads x_data and y_data in the lecture's loop", SEARCH_W,
         "    losses = []\n    for w in ws:\n        l_sum = 0\n        for x_val, y_val in zip(x_data, y_data):\n"
         "            l_sum += (x_val * w - y_val) ** 2\n        losses.append(float(l_sum / len(x_data)))\n" + PICK,
         "search_w", "x_data"),
    Case("search_w vectorised on x_data", SEARCH_W,
         "    losses = ((x_data[None, :] * ws[:, None] - y_data[None, :]) ** 2).mean(dim=1)\n"
         "    return ws[int(torch.argmin(losses))], losses\n", "search_w", "x_data"),
    Case("search_w mse(w * x_data, y_data)", SEARCH_W, _w("        losses.append(float(mse(w * x_data, y_data)))\n"),
         "search_w", "x_data"),
    Case("search_w max of the losses", SEARCH_W,
         SEARCH_W.replace(PICK, "    best_w = ws[losses.index(max(losses))]\n    return best_w, losses\n"),
         "search_w", "largest"),
    Case("search_w torch.argmax", SEARCH_W,
         SEARCH_W.replace(PICK, "    best = torch.argmax(torch.tensor(losses))\n    return ws[best], losses\n"),
         "search_w", "largest"),
    Case("search_w running max", SEARCH_W, RUNNING_MIN.replace("float(\"inf\")", "0.0").replace(
        "if loss < best_loss", "if loss > best_loss"), "search_w", "largest"),
    Case("search_w returns the index from list.index", SEARCH_W,
         SEARCH_W.replace(PICK, "    return losses.index(min(losses)), losses\n"), "search_w", "index"),
    Case("search_w returns torch.argmin", SEARCH_W,
         SEARCH_W.replace(PICK, "    best_w = torch.argmin(torch.tensor(losses))\n    return best_w, losses\n"),
         "search_w", "index"),
    Case("search_w keeps the index in a running min", SEARCH_W,
         "    best_loss, best_i = float(\"inf\"), 0\n    losses = []\n    for i, w in enumerate(ws):\n"
         "        loss = float(mse(forward(x, w), y))\n        losses.append(loss)\n        if loss < best_loss:\n"
         "            best_loss, best_i = loss, i\n    return best_i, losses\n", "search_w", "index"),
    Case("search_w torch.sum of the squared errors", SEARCH_W,
         _w("        losses.append(float(torch.sum((forward(x, w) - y) ** 2)))\n"), "search_w", "summed"),
    Case("search_w .sum() inline", SEARCH_W, _w("        losses.append(((x * w - y) ** 2).sum().item())\n"),
         "search_w", "summed"),
    Case("search_w vectorised sum over the samples", SEARCH_W,
         "    losses = ((x[None, :] * ws[:, None] - y[None, :]) ** 2).sum(dim=1)\n"
         "    return ws[int(torch.argmin(losses))], losses\n", "search_w", "summed"),
    Case("search_w running min with <=", SEARCH_W, RUNNING_MIN.replace("if loss < best_loss", "if loss <= best_loss"),
         "search_w", "tie"),
    Case("search_w best taken where loss == min(losses) so far", SEARCH_W,
         "    losses = []\n    for w in ws:\n        losses.append(float(mse(forward(x, w), y)))\n"
         "        if losses[-1] == min(losses):\n            best_w = w\n    return best_w, losses\n", "search_w", "tie"),
    Case("search_w index loop with <=", SEARCH_W,
         SEARCH_W.replace(PICK, "    best = 0\n    for i in range(len(losses)):\n        if losses[i] <= losses[best]:\n"
                                "            best = i\n    return ws[best], losses\n"), "search_w", "tie"),
    Case("search_w a dict from loss to w", SEARCH_W,
         "    losses = []\n    w_of = {}\n    for w in ws:\n        loss = float(mse(forward(x, w), y))\n"
         "        losses.append(loss)\n        w_of[loss] = w\n    return w_of[min(losses)], losses\n", "search_w", "tie"),
    Case("search_w appends inside the if of a running min", SEARCH_W,
         RUNNING_MIN.replace("        losses.append(loss)\n        if loss < best_loss:\n",
                             "        if loss < best_loss:\n            losses.append(loss)\n"),
         "search_w", "every w"),
    Case("search_w appends when below min(losses)", SEARCH_W,
         "    losses = []\n    best_w = None\n    for w in ws:\n        loss = float(mse(forward(x, w), y))\n"
         "        if not losses or loss < min(losses):\n            losses.append(loss)\n            best_w = w\n"
         "    return best_w, losses\n", "search_w", "every w"),
    Case("search_w records the lecture's loss list only on improvement", SEARCH_W,
         "    w_list, mse_list = [], []\n    best = float(\"inf\")\n    for w in ws:\n"
         "        loss_val = float(mse(forward(x, w), y))\n        if loss_val < best:\n            best = loss_val\n"
         "            w_list.append(w)\n            mse_list.append(loss_val)\n    return w_list[-1], mse_list\n",
         "search_w", "every w"),
    # search_wb
    Case("search_wb loops b outside, grid (len(bs), len(ws))", SEARCH_WB,
         "    losses = torch.zeros(len(bs), len(ws), dtype=torch.float64)\n"
         "    best_loss, best_w, best_b = float(\"inf\"), None, None\n"
         "    for i, w in enumerate(ws):\n        for j, b in enumerate(bs):\n"
         "            loss = float(mse(forward_b(x, w, b), y))\n            losses[j][i] = loss\n"
         "            if loss < best_loss:\n                best_loss, best_w, best_b = loss, w, b\n"
         "    return best_w, best_b, losses\n", "search_wb", "transposed"),
    Case("search_wb np.meshgrid with its default indexing", SEARCH_WB,
         "    import numpy as np\n    W, B = np.meshgrid(ws.numpy(), bs.numpy())\n"
         "    xn, yn = x.numpy(), y.numpy()\n"
         "    losses = ((xn[:, None, None] * W + B - yn[:, None, None]) ** 2).mean(axis=0)\n"
         "    best_loss, best_w, best_b = float(\"inf\"), None, None\n"
         "    for w in ws:\n        for b in bs:\n            loss = float(mse(forward_b(x, w, b), y))\n"
         "            if loss < best_loss:\n                best_loss, best_w, best_b = loss, w, b\n"
         "    return best_w, best_b, torch.from_numpy(losses)\n", "search_wb", "transposed"),
    Case("search_wb nested list with b outside", SEARCH_WB,
         "    losses = torch.tensor([[float(mse(forward_b(x, w, b), y)) for w in ws] for b in bs])\n"
         "    best_loss, best_w, best_b = float(\"inf\"), None, None\n"
         "    for w in ws:\n        for b in bs:\n            loss = float(mse(forward_b(x, w, b), y))\n"
         "            if loss < best_loss:\n                best_loss, best_w, best_b = loss, w, b\n"
         "    return best_w, best_b, losses\n", "search_wb", "transposed"),
    Case("search_wb computes x * w", SEARCH_WB, _wb("            loss = float(((x * w - y) ** 2).mean())\n"),
         "search_wb", "ignored"),
    Case("search_wb mse(w * x, y)", SEARCH_WB, _wb("            loss = float(mse(w * x, y))\n"), "search_wb", "ignored"),
    Case("search_wb the lecture's loop without b", SEARCH_WB,
         _wb("            l_sum = 0\n            for x_val, y_val in zip(x, y):\n"
             "                l_sum += (forward(x_val, w) - y_val) ** 2\n            loss = float(l_sum / len(x))\n"),
         "search_wb", "ignored"),
    Case("search_wb best_loss = inf inside the outer loop", SEARCH_WB,
         SEARCH_WB.replace("    best_loss, best_w, best_b = float(\"inf\"), None, None\n    for i, w in enumerate(ws):\n",
                           "    best_w, best_b = None, None\n    for i, w in enumerate(ws):\n"
                           "        best_loss = float(\"inf\")\n"), "search_wb", "reset"),
    Case("search_wb min_loss = 1e9 for every w", SEARCH_WB,
         "    losses = torch.zeros(len(ws), len(bs), dtype=torch.float64)\n    for i, w in enumerate(ws):\n"
         "        min_loss = 1e9\n        for j, b in enumerate(bs):\n"
         "            loss = float(mse(forward_b(x, w, b), y))\n            losses[i, j] = loss\n"
         "            if loss < min_loss:\n                min_loss = loss\n                best_w, best_b = w, b\n"
         "    return best_w, best_b, losses\n", "search_wb", "reset"),
    Case("search_wb best b of each row, never compared across rows", SEARCH_WB,
         "    losses = torch.zeros(len(ws), len(bs), dtype=torch.float64)\n    for i, w in enumerate(ws):\n"
         "        for j, b in enumerate(bs):\n            losses[i, j] = float(mse(forward_b(x, w, b), y))\n"
         "        j = int(torch.argmin(losses[i]))\n        best_w, best_b = w, bs[j]\n"
         "    return best_w, best_b, losses\n", "search_wb", "reset"),
    Case("search_wb running min with <=", SEARCH_WB, SEARCH_WB.replace("if loss < best_loss", "if loss <= best_loss"),
         "search_wb", "tie"),
    Case("search_wb last of np.argwhere", SEARCH_WB,
         SEARCH_WB.replace("            if loss < best_loss:\n                best_loss, best_w, best_b = loss, w, b\n", "")
         .replace("    return best_w, best_b, losses\n",
                  "    import numpy as np\n    i, j = np.argwhere(losses.numpy() == losses.numpy().min())[-1]\n"
                  "    return ws[i], bs[j], losses\n"), "search_wb", "tie"),
    Case("search_wb second pass with <=", SEARCH_WB,
         SEARCH_WB.replace("            if loss < best_loss:\n                best_loss, best_w, best_b = loss, w, b\n", "")
         .replace("    return best_w, best_b, losses\n",
                  "    for i in range(len(ws)):\n        for j in range(len(bs)):\n"
                  "            if losses[i, j] <= best_loss:\n"
                  "                best_loss, best_w, best_b = losses[i, j], ws[i], bs[j]\n"
                  "    return best_w, best_b, losses\n"), "search_wb", "tie"),
    Case("search_wb returns (best_b, best_w)", SEARCH_WB,
         SEARCH_WB.replace("    return best_w, best_b, losses\n", "    return best_b, best_w, losses\n"),
         "search_wb", "swapped"),
    Case("search_wb unpacks the pair in the wrong order", SEARCH_WB,
         SEARCH_WB.replace("best_loss, best_w, best_b = loss, w, b", "best_loss, best_b, best_w = loss, w, b"),
         "search_wb", "swapped"),
    Case("search_wb divmod then (bs[j], ws[i])", SEARCH_WB,
         SEARCH_WB.replace("            if loss < best_loss:\n                best_loss, best_w, best_b = loss, w, b\n", "")
         .replace("    return best_w, best_b, losses\n",
                  "    i, j = divmod(int(torch.argmin(losses)), len(bs))\n    return bs[j], ws[i], losses\n"),
         "search_wb", "swapped"),
    Case("search_wb forward_b on x_data, y_data", SEARCH_WB, _wb("            loss = float(mse(forward_b(x_data, w, b), y_data))\n"),
         "search_wb", "x_data"),
    Case("search_wb inline on x_data", SEARCH_WB, _wb("            loss = float(((x_data * w + b - y_data) ** 2).mean())\n"),
         "search_wb", "x_data"),
    Case("search_wb the lecture's loop over zip(x_data, y_data)", SEARCH_WB,
         _wb("            l_sum = 0\n            for x_val, y_val in zip(x_data, y_data):\n"
             "                l_sum += (x_val * w + b - y_val) ** 2\n            loss = float(l_sum / 3)\n"),
         "search_wb", "x_data"),
]

RIGHT = [
    Variant("forward with torch.mul", [(FORWARD, "    return torch.mul(x, w)\n")], "forward"),
    Variant("mse with nn.MSELoss()", [(MSE, "    return torch.nn.MSELoss()(y_pred, y)\n")], "mse"),
    Variant("mse the lecture's loop with / len(y)", [
        (MSE, "    loss_sum = 0\n    for y_hat, y_val in zip(y_pred, y):\n        loss_sum += (y_hat - y_val) ** 2\n"
              "    return loss_sum / len(y)\n")], "mse"),
    Variant("mse the lecture's MSELoss(size_average=False) divided by N", [
        (MSE, "    criterion = torch.nn.MSELoss(size_average=False)\n    return criterion(y_pred, y) / len(y)\n")], "mse"),
    Variant("search_w the lecture's w_list / mse_list loop", [
        (SEARCH_W, "    w_list, mse_list = [], []\n    for w in ws:\n        l_sum = 0\n"
                   "        for x_val, y_val in zip(x, y):\n            l_sum += (forward(x_val, w) - y_val) ** 2\n"
                   "        w_list.append(w)\n        mse_list.append(float(l_sum / len(x)))\n"
                   "    return w_list[mse_list.index(min(mse_list))], mse_list\n")], "search_w"),
    Variant("search_w vectorised with torch.argmin", [
        (SEARCH_W, "    losses = ((x[None, :] * ws[:, None] - y[None, :]) ** 2).mean(dim=1)\n"
                   "    return ws[torch.argmin(losses)], losses\n")], "search_w"),
    Variant("search_wb with np.meshgrid(indexing='ij') and np.argmin", [
        (SEARCH_WB, "    import numpy as np\n    W, B = np.meshgrid(ws.numpy(), bs.numpy(), indexing=\"ij\")\n"
                    "    xn, yn = x.numpy(), y.numpy()\n"
                    "    losses = ((xn[:, None, None] * W + B - yn[:, None, None]) ** 2).mean(axis=0)\n"
                    "    i, j = np.unravel_index(np.argmin(losses), losses.shape)\n"
                    "    return ws[i], bs[j], losses.tolist()\n")], "search_wb"),
    Variant("search_wb list of lists", [
        (SEARCH_WB, "    losses = [[float(mse(forward_b(x, w, b), y)) for b in bs] for w in ws]\n"
                    "    best = min((losses[i][j], i, j) for i in range(len(ws)) for j in range(len(bs)))\n"
                    "    return ws[best[1]], bs[best[2]], losses\n")], "search_wb"),
]
