"""hw00 tensors and autograd: the classic mistakes with views, NumPy, .grad and detach."""

from tests.lessons.lesson_cases import Case

ARANGE = "return torch.arange(n * m, dtype=torch.float32).reshape(n, m)"
FIRST = "    first = x.grad.item()\n"

MISTAKES = [
    Case("vjp makes the caller's tensor require grad", "    x = x.detach().clone().requires_grad_(True)\n    y = x ** 2\n    y.backward(v)", "    x.requires_grad_(True)\n    y = x ** 2\n    y.backward(v)", "vjp", "changed its argument"),
    Case("arange left int64", ARANGE, "return torch.arange(n * m).reshape(n, m)", "arange_matrix", "int64"),
    Case("arange via numpy float64", ARANGE, "return torch.from_numpy(np.arange(n * m, dtype=float).reshape(n, m))",
         "arange_matrix", "float64"),
    Case("arange as a list of lists", ARANGE, ARANGE + ".tolist()", "arange_matrix", "not a tensor"),
    Case("arange as a numpy array", ARANGE, "return np.arange(n * m, dtype=np.float32).reshape(n, m)",
         "arange_matrix", "not a tensor"),
    Case("view and copy as numpy arrays", "    view = x.view(-1)\n    copy = x.clone().view(-1)",
         "    view = x.numpy().reshape(-1)\n    copy = x.numpy().copy().reshape(-1)", "view_and_copy",
         "not tensors"),
    Case("arange transposed shape", ARANGE, "return torch.arange(n * m, dtype=torch.float32).reshape(m, n)",
         "arange_matrix", "(m, n)"),
    Case("arange column by column", ARANGE, "return torch.arange(n * m, dtype=torch.float32).reshape(m, n).T",
         "arange_matrix", "column by column"),
    Case("view made with clone", "view = x.view(-1)", "view = x.flatten().clone()", "view_and_copy",
         "copy mistaken for a view"),
    Case("copy made with reshape", "copy = x.clone().view(-1)", "copy = x.reshape(-1)", "view_and_copy",
         "view mistaken for a copy"),
    Case("torch.tensor copies the array", "return torch.from_numpy(a)", "return torch.tensor(a)", "to_tensor_shared",
         "torch.tensor(a) copies"),
    Case("torch.Tensor makes float32", "return torch.from_numpy(a)", "return torch.Tensor(a)", "to_tensor_shared",
         "float32"),
    Case("numpy() on a tensor that requires grad", "return t.detach().numpy()", "return t.numpy()",
         "to_numpy_shared", "detach().numpy()"),
    Case("np.array copies the tensor", "return t.detach().numpy()", "return np.array(t.detach())",
         "to_numpy_shared", "copy"),
    Case("grad zeroed between the backward calls", FIRST, FIRST + "    x.grad.zero_()\n", "grad_twice", "reset"),
    Case("a new leaf for the second backward", FIRST, FIRST + "    x = torch.tensor(value, requires_grad=True)\n",
         "grad_twice", "reset"),
    Case("the .grad tensor kept instead of its value", FIRST, "    first = x.grad\n", "grad_twice", "item()"),
    Case("v ignored", "y.backward(v)", "y.sum().backward()", "vjp", "v was ignored"),
    Case("mean instead of v", "y.backward(v)", "y.mean().backward()", "vjp", "mean"),
    Case("returns y itself", "return y.detach()", "return y", "stop_gradient", "y itself"),
    Case("clone instead of detach", "return y.detach()", "return y.clone()", "stop_gradient", "clone()"),
    Case(".data instead of detach", "return y.detach()", "return y.data", "stop_gradient", "version counter"),
]
