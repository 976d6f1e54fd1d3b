"""hw00: each modelled mistake written the ways learners write it, and correct code written otherwise."""
from tests.lessons.lesson_cases import Case, Variant

# Left out: none of the checks' modelled mistakes. Of the runtime-error explanations (autograder/explain.py), the
# ones a hw00 function can raise are written below ("backward_twice" and "no_grad_fn" in grad_twice,
# "backward_not_scalar" and "no_grad_fn" in vjp, "grad_none" in grad_twice); the others (loss targets, layers,
# devices, super(...)) need code that hw00 does not have. to_numpy_shared's t.numpy() (named by the check's own
# recipe, not by a Mistake) is written too.

ARANGE = "    return torch.arange(n * m, dtype=torch.float32).reshape(n, m)\n"
VIEW_COPY = "    view = x.view(-1)\n    copy = x.clone().view(-1)\n    return view, copy\n"
TO_TENSOR = "    return torch.from_numpy(a)\n"
TO_NUMPY = "    return t.detach().numpy()\n"
GRAD_TWICE = ("    x = torch.tensor(value, requires_grad=True)\n"
              "    (x ** 2).backward()\n"
              "    first = x.grad.item()\n"
              "    (x ** 2).backward()\n"
              "    second = x.grad.item()\n"
              "    return first, second\n")
VJP = ("    x = x.detach().clone().requires_grad_(True)\n"
       "    y = x ** 2\n"
       "    y.backward(v)\n"
       "    return x.grad\n")
STOP = "    return y.detach()\n"


def _grad_twice(leaf: str) -> str:
    return GRAD_TWICE.replace("    x = torch.tensor(value, requires_grad=True)\n", leaf)


def _vjp(leaf: str = "    x = x.detach().clone().requires_grad_(True)\n", backward: str = "    y.backward(v)\n") -> str:
    return VJP.replace("    x = x.detach().clone().requires_grad_(True)\n", leaf).replace("    y.backward(v)\n", backward)


WRONG = [
    # arange_matrix
    Case("arange of whole numbers, view", ARANGE, "    return torch.arange(0, n * m).view(n, m)\n",
         "arange_matrix", "int64"),
    Case("arange from a list of range", ARANGE, "    return torch.tensor(list(range(n * m))).reshape(n, m)\n",
         "arange_matrix", "int64"),
    Case("arange as a nested list comprehension of ints", ARANGE,
         "    return torch.tensor([[i * m + j for j in range(m)] for i in range(n)])\n", "arange_matrix", "int64"),
    Case("arange via numpy astype(float)", ARANGE,
         "    return torch.from_numpy(np.arange(n * m).reshape(n, m).astype(float))\n", "arange_matrix", "float64"),
    Case("arange with dtype=torch.double", ARANGE, "    return torch.arange(n * m, dtype=torch.double).view(n, m)\n",
         "arange_matrix", "float64"),
    Case("arange via torch.tensor of a numpy float array", ARANGE,
         "    a = np.arange(n * m, dtype=float).reshape(n, m)\n    return torch.tensor(a)\n", "arange_matrix", "float64"),
    Case("arange viewed as (m, n)", ARANGE, "    return torch.arange(n * m, dtype=torch.float32).view(m, n)\n",
         "arange_matrix", "(m, n)"),
    Case("arange reshaped (m, -1)", ARANGE, "    return torch.arange(n * m).float().reshape(m, -1)\n",
         "arange_matrix", "(m, n)"),
    Case("arange filled by loops with rows and columns mixed up", ARANGE,
         "    out = torch.zeros(m, n)\n    for i in range(m):\n        for j in range(n):\n"
         "            out[i, j] = i * n + j\n    return out\n", "arange_matrix", "(m, n)"),
    Case("arange transposed with .t()", ARANGE, "    return torch.arange(n * m, dtype=torch.float32).view(m, n).t()\n",
         "arange_matrix", "column by column"),
    Case("arange filled by loops column by column", ARANGE,
         "    out = torch.zeros(n, m)\n    for i in range(n):\n        for j in range(m):\n"
         "            out[i, j] = j * n + i\n    return out\n", "arange_matrix", "column by column"),
    Case("arange via numpy order='F'", ARANGE,
         "    return torch.from_numpy(np.arange(n * m, dtype=np.float32).reshape(n, m, order=\"F\"))\n",
         "arange_matrix", "column by column"),
    Case("arange left a numpy array", ARANGE, "    return np.arange(n * m, dtype=np.float32).reshape((n, m))\n",
         "arange_matrix", "not a tensor"),
    Case("arange as a list of lists", ARANGE, "    return [[float(i * m + j) for j in range(m)] for i in range(n)]\n",
         "arange_matrix", "not a tensor"),
    Case("arange turned into numpy at the end", ARANGE,
         "    return torch.arange(n * m, dtype=torch.float32).reshape(n, m).numpy()\n", "arange_matrix", "not a tensor"),
    # view_and_copy
    Case("view cloned to be safe", VIEW_COPY, "    view = x.view(-1).clone()\n    copy = x.clone().view(-1)\n"
         "    return view, copy\n", "view_and_copy", "copy mistaken for a view"),
    Case("view made with torch.tensor", VIEW_COPY, "    view = torch.tensor(x).view(-1)\n    copy = x.clone().view(-1)\n"
         "    return view, copy\n", "view_and_copy", "copy mistaken for a view"),
    Case("both made with torch.flatten(x.clone())", VIEW_COPY,
         "    view = torch.flatten(x.clone())\n    copy = torch.flatten(x.clone())\n    return view, copy\n",
         "view_and_copy", "copy mistaken for a view"),
    Case("copy made with flatten", VIEW_COPY, "    view = x.view(-1)\n    copy = x.flatten()\n    return view, copy\n",
         "view_and_copy", "view mistaken for a copy"),
    Case("copy made with detach", VIEW_COPY, "    view = x.view(-1)\n    copy = x.detach().view(-1)\n"
         "    return view, copy\n", "view_and_copy", "view mistaken for a copy"),
    Case("copy assigned from view", VIEW_COPY, "    view = x.view(-1)\n    copy = view\n    return view, copy\n",
         "view_and_copy", "view mistaken for a copy"),
    Case("copy made with .data", VIEW_COPY, "    view = x.view(-1)\n    copy = x.data.view(-1)\n    return view, copy\n",
         "view_and_copy", "view mistaken for a copy"),
    Case("returned (copy, view)", VIEW_COPY, "    view = x.view(-1)\n    copy = x.clone().view(-1)\n    return copy, view\n",
         "view_and_copy", "swapped"),
    Case("names swapped", VIEW_COPY, "    view = x.clone().view(-1)\n    copy = x.view(-1)\n    return view, copy\n",
         "view_and_copy", "swapped"),
    Case("a and b returned in the wrong order", VIEW_COPY,
         "    a = x.reshape(-1)\n    b = x.clone().flatten()\n    return b, a\n", "view_and_copy", "swapped"),
    Case("view and copy turned into numpy", VIEW_COPY,
         "    view = x.view(-1).numpy()\n    copy = x.clone().view(-1).numpy()\n    return view, copy\n",
         "view_and_copy", "not tensors"),
    Case("view with np.reshape, copy with np.array", VIEW_COPY,
         "    view = np.reshape(x.numpy(), -1)\n    copy = np.array(x).flatten()\n    return view, copy\n",
         "view_and_copy", "not tensors"),
    Case("ravel of the numpy arrays", VIEW_COPY,
         "    view = x.detach().numpy().ravel()\n    copy = np.ravel(x.clone().numpy())\n    return view, copy\n",
         "view_and_copy", "not tensors"),
    # to_tensor_shared
    Case("from_numpy of a copy", TO_TENSOR, "    return torch.from_numpy(a.copy())\n", "to_tensor_shared",
         "torch.tensor(a) copies"),
    Case("from_numpy then clone", TO_TENSOR, "    return torch.from_numpy(a).clone()\n", "to_tensor_shared",
         "torch.tensor(a) copies"),
    Case("torch.tensor of np.array(a)", TO_TENSOR, "    t = torch.tensor(np.array(a))\n    return t\n",
         "to_tensor_shared", "torch.tensor(a) copies"),
    Case("torch.FloatTensor", TO_TENSOR, "    return torch.FloatTensor(a)\n", "to_tensor_shared", "float32"),
    Case("torch.tensor with dtype float32", TO_TENSOR, "    return torch.tensor(a, dtype=torch.float32)\n",
         "to_tensor_shared", "float32"),
    Case("from_numpy of astype(np.float32)", TO_TENSOR, "    return torch.from_numpy(a.astype(np.float32))\n",
         "to_tensor_shared", "float32"),
    Case("returned a itself", TO_TENSOR, "    return a\n", "to_tensor_shared", "not a torch.Tensor"),
    Case("np.asarray of a", TO_TENSOR, "    return np.asarray(a)\n", "to_tensor_shared", "not a torch.Tensor"),
    Case("converted there and back", TO_TENSOR, "    return torch.from_numpy(a).numpy()\n", "to_tensor_shared",
         "not a torch.Tensor"),
    # to_numpy_shared
    Case("numpy of a detached clone", TO_NUMPY, "    return t.detach().clone().numpy()\n", "to_numpy_shared",
         "is a copy"),
    Case("np.array of the tolist", TO_NUMPY, "    return np.array(t.tolist())\n", "to_numpy_shared", "is a copy"),
    Case("numpy().copy()", TO_NUMPY, "    return t.detach().numpy().copy()\n", "to_numpy_shared", "is a copy"),
    Case("returned t.detach()", TO_NUMPY, "    return t.detach()\n", "to_numpy_shared", "not a NumPy array"),
    Case("returned t.data", TO_NUMPY, "    return t.data\n", "to_numpy_shared", "not a NumPy array"),
    Case("numpy converted back to a tensor", TO_NUMPY, "    return torch.from_numpy(t.detach().numpy())\n",
         "to_numpy_shared", "not a NumPy array"),
    Case("t.tolist()", TO_NUMPY, "    return t.tolist()\n", "to_numpy_shared", "python list"),
    Case("list of items", TO_NUMPY, "    return [v.item() for v in t]\n", "to_numpy_shared", "python list"),
    Case("list() of the array", TO_NUMPY, "    return list(t.detach().numpy())\n", "to_numpy_shared", "python list"),
    Case("t.numpy() on a tensor that requires grad", TO_NUMPY, "    a = t.numpy()\n    return a\n", "to_numpy_shared",
         "detach().numpy()"),
    Case("np.asarray(t) on a tensor that requires grad", TO_NUMPY, "    return np.asarray(t)\n", "to_numpy_shared",
         "detach().numpy()"),
    Case("t.clone().numpy()", TO_NUMPY, "    return t.clone().numpy()\n", "to_numpy_shared",
         "detach().numpy()"),
    # grad_twice
    Case("grad zeroed the lecture's way", GRAD_TWICE,
         GRAD_TWICE.replace("    first = x.grad.item()\n", "    first = x.grad.item()\n    x.grad.data.zero_()\n"),
         "grad_twice", "reset"),
    Case("grad set to None between", GRAD_TWICE,
         GRAD_TWICE.replace("    first = x.grad.item()\n", "    first = x.grad.item()\n    x.grad = None\n"),
         "grad_twice", "reset"),
    Case("a new leaf in each pass of a loop", GRAD_TWICE,
         "    grads = []\n    for _ in range(2):\n        x = torch.tensor(value, requires_grad=True)\n"
         "        y = x ** 2\n        y.backward()\n        grads.append(x.grad.item())\n    return grads[0], grads[1]\n",
         "grad_twice", "reset"),
    Case("the .grad tensor kept, converted at the end", GRAD_TWICE,
         GRAD_TWICE.replace("first = x.grad.item()", "first = x.grad").replace("second = x.grad.item()", "second = x.grad")
         .replace("return first, second", "return float(first), float(second)"), "grad_twice", "item()"),
    Case("the .grad tensors appended to a list", GRAD_TWICE,
         "    x = torch.tensor(value, requires_grad=True)\n    grads = []\n    for _ in range(2):\n"
         "        (x ** 2).backward()\n        grads.append(x.grad)\n    return grads[0].item(), grads[1].item()\n",
         "grad_twice", "item()"),
    Case("x.grad.data kept", GRAD_TWICE,
         GRAD_TWICE.replace("first = x.grad.item()", "first = x.grad.data").replace("return first, second",
                                                                                   "return first.item(), second"),
         "grad_twice", "item()"),
    Case("y reused for the second backward", GRAD_TWICE,
         "    x = torch.tensor(value, requires_grad=True)\n    y = x ** 2\n    y.backward()\n    first = x.grad.item()\n"
         "    y.backward()\n    second = x.grad.item()\n    return first, second\n", "grad_twice", "second time"),
    Case("y = x * x built once, backward in a loop", GRAD_TWICE,
         "    x = torch.tensor(value, requires_grad=True)\n    y = x * x\n    grads = []\n    for _ in range(2):\n"
         "        y.backward()\n        grads.append(x.grad.item())\n    return tuple(grads)\n",
         "grad_twice", "second time"),
    Case("the lecture's l built once", GRAD_TWICE,
         "    w = torch.Tensor([value])\n    w.requires_grad = True\n    l = w ** 2\n    l.backward()\n"
         "    first = w.grad.item()\n    l.backward()\n    second = w.grad.item()\n    return first, second\n",
         "grad_twice", "second time"),
    Case("leaf created without requires_grad", GRAD_TWICE, _grad_twice("    x = torch.tensor(value)\n"), "grad_twice",
         "did not record"),
    Case("the lecture's torch.Tensor([value]) without requires_grad", GRAD_TWICE,
         _grad_twice("    x = torch.Tensor([value])\n"), "grad_twice", "did not record"),
    Case("torch.tensor([value]) made float, requires_grad forgotten", GRAD_TWICE,
         _grad_twice("    x = torch.tensor([value])\n    x = x.float()\n"), "grad_twice", "did not record"),
    Case("leaf converted to double after requires_grad", GRAD_TWICE,
         _grad_twice("    x = torch.tensor(value, requires_grad=True).double()\n"), "grad_twice", ".grad was None"),
    Case("leaf moved with .to(float64) after requires_grad", GRAD_TWICE,
         _grad_twice("    x = torch.tensor(value, requires_grad=True).to(torch.float64)\n"), "grad_twice",
         ".grad was None"),
    Case("leaf reshaped after requires_grad", GRAD_TWICE,
         _grad_twice("    x = torch.tensor([value], requires_grad=True).view(())\n"), "grad_twice", ".grad was None"),
    # vjp
    Case("requires_grad = True on the argument", VJP, _vjp("    x.requires_grad = True\n"), "vjp",
         "changed its argument"),
    Case("x = x.requires_grad_()", VJP, _vjp("    x = x.requires_grad_()\n"), "vjp", "changed its argument"),
    Case("requires_grad_ on the argument, x * x, gradient=v", VJP,
         "    x.requires_grad_(True)\n    y = x * x\n    y.backward(gradient=v)\n    return x.grad\n", "vjp",
         "changed its argument"),
    Case("backward with ones_like", VJP, _vjp(backward="    y.backward(torch.ones_like(y))\n"), "vjp", "v was ignored"),
    Case("python sum of y", VJP, _vjp(backward="    sum(y).backward()\n"), "vjp", "v was ignored"),
    Case("torch.sum(y)", VJP, _vjp(backward="    torch.sum(y).backward()\n"), "vjp", "v was ignored"),
    Case("torch.mean(y)", VJP, _vjp(backward="    torch.mean(y).backward()\n"), "vjp", "mean"),
    Case("y.sum() / len(y)", VJP, _vjp(backward="    (y.sum() / len(y)).backward()\n"), "vjp", "mean"),
    Case("ones divided by N", VJP, _vjp(backward="    y.backward(torch.ones_like(y) / y.numel())\n"), "vjp", "mean"),
    Case("y.backward() without v", VJP, _vjp(backward="    y.backward()\n"), "vjp", "more than one element"),
    Case("(x ** 2).backward()", VJP,
         "    x = x.detach().clone().requires_grad_(True)\n    (x ** 2).backward()\n    return x.grad\n", "vjp",
         "more than one element"),
    Case("out = x * x; out.backward()", VJP,
         "    x = x.detach().clone().requires_grad_(True)\n    out = x * x\n    out.backward()\n    return x.grad\n",
         "vjp", "more than one element"),
    Case("leaf copy without requires_grad", VJP, _vjp("    x = x.detach().clone()\n"), "vjp", "did not record"),
    Case("torch.tensor(x) without requires_grad", VJP, _vjp("    x = torch.tensor(x)\n"), "vjp", "did not record"),
    Case("x.clone() of a tensor without grad", VJP, _vjp("    x = x.clone()\n"), "vjp", "did not record"),
    # stop_gradient
    Case("returned y under no_grad", STOP, "    with torch.no_grad():\n        return y\n", "stop_gradient", "y itself"),
    Case("out = y", STOP, "    out = y\n    return out\n", "stop_gradient", "y itself"),
    Case("detach() called, its result dropped", STOP, "    y.detach()\n    return y\n", "stop_gradient", "y itself"),
    Case("torch.clone(y)", STOP, "    return torch.clone(y)\n", "stop_gradient", "clone()"),
    Case("out = y.clone()", STOP, "    out = y.clone()\n    return out\n", "stop_gradient", "clone()"),
    Case("clone with a memory format", STOP, "    return y.clone(memory_format=torch.contiguous_format)\n",
         "stop_gradient", "clone()"),
    Case("detach().clone()", STOP, "    return y.detach().clone()\n", "stop_gradient", "version counter"),
    Case("clone().detach()", STOP, "    return y.clone().detach()\n", "stop_gradient", "version counter"),
    Case("y.data (the lecture's way)", STOP, "    out = y.data\n    return out\n", "stop_gradient", "version counter"),
    Case("detach().requires_grad_()", STOP, "    return y.detach().requires_grad_()\n", "stop_gradient", "new leaf"),
    Case("detach then requires_grad = True", STOP, "    out = y.detach()\n    out.requires_grad = True\n    return out\n",
         "stop_gradient", "new leaf"),
    Case("detach then requires_grad_(True)", STOP, "    z = y.detach()\n    z.requires_grad_(True)\n    return z\n",
         "stop_gradient", "new leaf"),
]

RIGHT = [
    Variant("arange filled by loops into torch.zeros", [
        (ARANGE, "    out = torch.zeros(n, m)\n    for i in range(n):\n        for j in range(m):\n"
                 "            out[i, j] = i * m + j\n    return out\n")], "arange_matrix"),
    Variant("arange via numpy float32", [
        (ARANGE, "    return torch.from_numpy(np.arange(n * m, dtype=np.float32).reshape(n, m))\n")], "arange_matrix"),
    Variant("view with reshape, copy with torch.clone(x).flatten()", [
        (VIEW_COPY, "    view = x.reshape(-1)\n    copy = torch.clone(x).flatten()\n    return view, copy\n")],
        "view_and_copy"),
    Variant("to_tensor_shared with torch.as_tensor", [(TO_TENSOR, "    return torch.as_tensor(a)\n")], "to_tensor_shared"),
    Variant("to_numpy_shared with the lecture's .data", [(TO_NUMPY, "    return t.data.numpy()\n")], "to_numpy_shared"),
    Variant("grad_twice the lecture's way: torch.Tensor([value]), requires_grad = True, a loop", [
        (GRAD_TWICE, "    w = torch.Tensor([value])\n    w.requires_grad = True\n    grads = []\n    for epoch in range(2):\n"
                     "        l = w ** 2\n        l.backward()\n        grads.append(w.grad.item())\n"
                     "    return grads[0], grads[1]\n")], "grad_twice"),
    Variant("grad_twice with retain_graph=True", [
        (GRAD_TWICE, "    x = torch.tensor(value, requires_grad=True)\n    y = x ** 2\n    y.backward(retain_graph=True)\n"
                     "    first = x.grad.item()\n    y.backward()\n    second = x.grad.item()\n    return first, second\n")],
        "grad_twice"),
    Variant("vjp on a detached leaf, gradient=v", [
        (VJP, "    x = x.detach().requires_grad_(True)\n    y = x * x\n    y.backward(gradient=v)\n    return x.grad\n")],
        "vjp"),
]
