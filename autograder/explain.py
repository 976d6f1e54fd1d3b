"""The course's common runtime errors, explained: from a student's error report to a hint naming the cause and the fix.

A check whose call raised reports the error; `explain` reads its type and message (torch's own words, 2.4 to 2.14)
and returns the hint that names what the learner's code did and what to write instead, or None when it cannot
tell (a wrong diagnosis is worse than none: the check then keeps its own recipe). Each rule matches the exception's
type and a pattern of its message; a few also read the line of the student's code that raised (their own code: the
hint is about it). A hint is a fixed text, with at most numbers, shapes and dtype names taken from the message, and
those only where the check may show them (`specifics`: not in a hidden half, whose inputs they could reveal).

Every text a student reads is in `HINTS`, keyed by the error it explains, to be translated in one place (marked
`N_`: `explain` gives them in the language of the grading under way).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from autograder.i18n import N_, _, localized

HINTS: dict[str, str] = {
    # A loss given predictions and targets of different shapes.
    "target_shape":
        N_("The loss got predictions and targets of different shapes: nn.BCELoss compares them element by element, and "
           "nn.MSELoss only warns, then broadcasts (N, 1) against (N,) into an N x N table. A model ending in "
           "nn.Linear(..., 1) outputs shape (N, 1), while labels kept as one flat tensor have shape (N,). Give the "
           "targets the output's shape: y = y.view(-1, 1) (or y.reshape(-1, 1)) where you prepare them, or compare "
           "y_pred.view(-1) with a flat y."),
    "target_shape.here": N_("Here the predictions have shape {input} and the targets {target}."),
    # backward() of a tensor with many elements.
    "backward_not_scalar":
        N_("backward() was called on a tensor of more than one element: autograd differentiates one number, the loss. "
           "Reduce it to a scalar first: loss = loss_fn(y_pred, y) with the loss's default reduction='mean' (not "
           "reduction='none'), or loss.mean() (or loss.sum()) of the per-sample errors, then loss.backward(). To "
           "differentiate a tensor y of many elements, give backward the weight of each element: y.backward(v), the "
           "vector-Jacobian product."),
    # Python's math module given a tensor of many elements.
    "math_on_tensor":
        N_("A function of Python's math module (math.exp, math.log, math.sqrt) takes one number, and it was given a "
           "tensor of more than one element. Use torch's own, which work on every element of a tensor: torch.exp, "
           "torch.log, torch.sqrt."),
    # math.log(0), math.sqrt of a negative number.
    "math_domain":
        N_("math.log (or math.sqrt) was given a number outside its domain: the log of 0 or of a negative number. A "
           "probability of exactly 0 or 1 makes log(p) or log(1 - p) undefined: use torch.log, which gives -inf there, "
           "and clamp each log at -100 as nn.BCELoss does (torch.clamp(torch.log(p), min=-100))."),
    # .item() / float() of a tensor with many elements.
    "item_of_many":
        N_("You turned a tensor of more than one element into one Python number (.item(), float() or int()): only a "
           "one-element tensor can be. Most often the loss still holds one value per sample: it was built with "
           "reduction='none', or the errors were never averaged. Take the mean first, loss.mean().item(), or keep the "
           "loss's default reduction='mean'."),
    "item_of_many.here": N_("Here the tensor has {count} elements."),
    # backward() twice through one graph.
    "backward_twice":
        N_("backward() went through the same graph a second time: autograd frees a graph's saved values once backward() "
           "has used them. Usually a tensor computed from the parameters before the loop, or kept from the last "
           "iteration (a running total such as total_loss += loss, a hidden state h), takes part in the next "
           "backward(). Compute the forward pass and the loss afresh inside the loop for every step, and carry values "
           "across iterations as numbers or detached tensors: total_loss += loss.item(), h = h.detach(). "
           "retain_graph=True is only for backpropagating twice through one graph on purpose."),
    # Float targets for nn.CrossEntropyLoss / nn.NLLLoss.
    "class_target_dtype":
        N_("nn.CrossEntropyLoss (and nn.NLLLoss) wants the targets as class indices: a tensor of dtype torch.long "
           "(int64) and shape (N,), one index in 0..C-1 per sample. Convert the labels with y.long() (or create them "
           "with dtype=torch.long); float labels are for nn.BCELoss."),
    "class_target_dtype.here": N_("Here the targets are {found}."),
    # A 2-D target for nn.CrossEntropyLoss.
    "class_target_shape":
        N_("nn.CrossEntropyLoss wants one class index per sample, a target of shape (N,), but got a target with a "
           "second dimension, such as labels of shape (N, 1). Flatten it: y.view(-1) (or y.squeeze(1)), keeping its "
           "dtype torch.long."),
    # One-hot (or otherwise same-shaped) integer targets for nn.CrossEntropyLoss.
    "class_target_probabilities":
        N_("nn.CrossEntropyLoss got targets of the scores' shape (N, C), which it reads as class probabilities, but of "
           "an integer dtype: give it the class indices instead, a tensor of shape (N,) and dtype torch.long (for "
           "one-hot labels, y.argmax(dim=1))."),
    # Targets of another dtype than the predictions, for nn.BCELoss, nn.MSELoss...
    "target_dtype":
        N_("The loss got targets of another dtype than the model's output: nn.BCELoss and nn.MSELoss want targets of "
           "the output's float dtype, torch.float32. Labels created from whole numbers are int64 (Long), numbers from "
           "numpy float64 (Double). Convert them with y.float(), or create them with dtype=torch.float32. Only "
           "nn.CrossEntropyLoss wants integer labels (class indices)."),
    "target_dtype.here": N_("Here the targets are {found} and the output {expected}."),
    # A float result stored into an integer tensor.
    "float_into_integer":
        N_("A float result was to be stored in an integer tensor: a tensor created from whole numbers "
           "(torch.tensor([0, 1])) is int64 (Long). Make it float: .float(), or dtype=torch.float32 when you create "
           "it. This happens with integer labels given to nn.BCEWithLogitsLoss, and with an integer tensor updated in "
           "place (+=, *=)."),
    "float_into_integer.here": N_("Here the result is {result} and the tensor {target}."),
    # A layer's input of another dtype than its weights.
    "input_dtype":
        N_("A layer got an input of another dtype than its weights: nn.Linear's and nn.Conv2d's weights are float32, "
           "while numpy data is float64 (Double) and a tensor of whole numbers int64 (Long). Convert the input: "
           "x.float(), torch.tensor(data, dtype=torch.float32), or torch.from_numpy(a).float()."),
    "input_dtype.here": N_("Here the input is {input} and the weights {weight}."),
    # backward() of something autograd did not record.
    "no_grad_fn":
        N_("backward() was called on a loss that autograd did not record: nothing it was computed from requires grad. "
           "Either the parameters were created without requires_grad=True (write w = torch.tensor(1.0, "
           "requires_grad=True), or use an nn.Module's layers), or the path from them to the loss was cut: .detach(), "
           ".item() or float() turned a tensor into a plain number, a new torch.tensor(...) was built from a value, "
           ".numpy() was used, or the loss was computed under torch.no_grad(). Keep every step from the parameters to "
           "the loss in tensor operations, with grad enabled."),
    # An in-place change of a leaf that requires grad.
    "leaf_in_place":
        N_("A tensor that requires grad and that you created yourself (a leaf: a parameter such as w) was changed in "
           "place (w -= lr * w.grad, w[0] = ..., w.add_(...)) while autograd was recording. Update parameters with "
           "autograd off: with torch.no_grad(): w -= lr * w.grad (or, as in the lecture, w.data = w.data - lr * "
           "w.grad.data), then zero the gradient: w.grad.zero_()."),
    # A tensor saved for backward() changed in place.
    "retained_graph":
        N_("backward(retain_graph=True) kept the graphs of earlier batches alive through the state carried from batch to "
           "batch, and optimizer.step() has since changed the parameters those graphs saved. Do not retain the graph: "
           "detach the carried state at the start of every batch (state = state.detach(); for a tuple state, detach "
           "each tensor), so that each backward() goes through the current batch's graph only."),
    "saved_changed_in_place":
        N_("A tensor that autograd saved for backward() was changed in place before backward() ran: x += ..., "
           "x[...] = ..., x.relu_(), nn.ReLU(inplace=True), or an optimizer.step() before a backward() that still "
           "needed the old parameters. Write the operation out of place (x = x + ..., torch.relu(x), "
           "nn.ReLU()), and call backward() before optimizer.step()."),
    # .grad is None.
    "grad_none":
        N_("A tensor's .grad was None: a gradient exists only after a backward() that reached the tensor. Either "
           "backward() has not run yet (zero the gradients after the update, not before the first backward()), the "
           "tensor does not require grad (create it with requires_grad=True), or it is no longer the leaf you created "
           "(w = w - lr * w.grad makes a new tensor: update in place under torch.no_grad(), w -= lr * w.grad)."),
    # super(...) naming another class.
    "super_other_class":
        N_("super(...) names another class than the one it is written in: a line such as the lecture's "
           "super(LinearModel, self).__init__() copied into a class of another name. It must name its own class. "
           "Write super().__init__(), which needs no names, or super(YourClass, self).__init__() with the name of the "
           "class it is in."),
    # A division by a count that stayed 0.
    "zero_division":
        N_("Your code divided by zero. When the divisor is a count or a length (an average such as total / count or "
           "sum(losses) / len(loader)), that count stayed 0 because the loop over the data never ran: an empty "
           "DataLoader (a dataset whose __len__ returns 0, or drop_last=True with fewer samples than batch_size), a "
           "range(0), or a count never increased inside the loop. Make the loop run over the data your function is "
           "given and count inside it; a divisor taken from the inputs must be checked for 0."),
    # A matrix product (nn.Linear) of mismatched shapes.
    "linear_shapes":
        N_("A matrix product, usually an nn.Linear(in_features, out_features) layer, got inputs whose last dimension "
           "is not its in_features. Set in_features to the number of features of the layer's input (after another "
           "layer: that layer's out_features; after a Conv2d: channels x height x width of its output), or flatten "
           "each sample first, in forward: x = x.view(-1, self.in_features), with the number of values of one sample "
           "kept from __init__ (the lecture's x.view(-1, 784) for images of 28 x 28)."),
    "linear_shapes.here": N_("Here the input's last dimension is {got}, but the layer expects {expected}."),
    # The same, in a matrix product written by hand.
    "product_shapes":
        N_("A matrix product you wrote (@, torch.mm, torch.matmul) got operands whose inner dimensions differ: in "
           "a @ b, a's last dimension must be b's first. A weight stored as (out_features, in_features), as nn.Linear "
           "and nn.RNNCell store theirs, multiplies transposed: x @ w.T."),
    "product_shapes.here": N_("Here the shapes are ({rows}, {inner}) and ({other}, {columns})."),
    # BCELoss given a value that is not a probability (NaN included).
    "not_probabilities":
        N_("nn.BCELoss was given a value outside [0, 1]: its input must be a probability. Either the model does not "
           "end with a sigmoid (torch.sigmoid in forward; or use nn.BCEWithLogitsLoss on the raw scores), or the value "
           "is NaN: a NaN in the data (a missing value never filled: fill each gap with its column's mean, "
           "np.nanmean) or weights that became NaN (a learning rate too high) make every output NaN."),
    # view() of a tensor whose memory is not laid out in order.
    "view_not_contiguous":
        N_("view() needs a tensor whose elements lie in memory in order, and this one's do not (it came from a "
           "transpose, a permute or an RNN's output): use .reshape(...) instead, or .contiguous().view(...)."),
    # Tensors on two devices.
    "devices":
        N_("Tensors on different devices met in one operation (one on the GPU, one on the CPU): the model and every "
           "tensor it is given must be on the same device. Move the model once, model.to(device), and every batch, "
           "inputs, target = inputs.to(device), target.to(device); create new tensors on the data's device "
           "(torch.zeros(..., device=x.device))."),
}
"""Every hint, and every sentence of numbers that may precede it ("KEY.here", formatted from the message)."""

_DTYPES = {"double": "torch.float64 (Double)", "float": "torch.float32 (Float)", "half": "torch.float16 (Half)",
           "bfloat16": "torch.bfloat16", "long": "torch.int64 (Long)", "int": "torch.int32 (Int)",
           "short": "torch.int16 (Short)", "char": "torch.int8 (Char)", "byte": "torch.uint8 (Byte)",
           "bool": "torch.bool (Bool)"}
_DTYPE = "(Double|Float|Half|BFloat16|Long|Int|Short|Char|Byte|Bool)"
_SIZE = r"torch\.Size\(\[([\d, ]*)\]\)"
_FRAME = re.compile(r"^  cell \S+, line \d+, in .*\n    (.*)$", re.MULTILINE)


@dataclass(frozen=True)
class _Rule:
    hint: str
    """The key of the hint in `HINTS`."""
    enames: tuple[str, ...]
    pattern: re.Pattern[str]
    """Searched in the error's message."""
    numbers: Callable[[re.Match[str]], Mapping[str, str] | None] | None = None
    """The values of the hint's "here" sentence, from the match (None: the sentence is left out)."""
    when: Callable[[re.Match[str], str], bool] | None = None
    """A further condition on the match and the line of the student's code that raised."""


def _shape(numbers: str) -> str:
    dims = [d.strip() for d in numbers.split(",") if d.strip()]
    return f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"


def _dtype(name: str) -> str:
    return _DTYPES.get(name.lower(), name)


def _tensor_type(name: str) -> str:
    """torch.cuda.FloatTensor, torch.FloatTensor, float: the dtype's name."""
    return re.sub(r"^(torch\.)?(cuda\.)?|Tensor$", "", name)


def _on_gpu(match: re.Match[str], _line: str) -> bool:
    return ("cuda" in match.group(1)) != ("cuda" in match.group(2))


def _same_device_other_dtype(match: re.Match[str], _line: str) -> bool:
    kinds = [_tensor_type(match.group(i)).lower() for i in (1, 2)]
    return ("cuda" in match.group(1)) == ("cuda" in match.group(2)) and kinds[0] != kinds[1] and all(
        k in _DTYPES for k in kinds)


def _super_of(match: re.Match[str], line: str) -> bool:
    return re.search(rf"\bsuper\(\s*{re.escape(match.group(1))}\s*,", line) is not None


def _by_hand_product(_match: re.Match[str], line: str) -> bool:
    return re.search(r"@|\b(?:torch\.)?(?:mm|matmul)\(", line) is not None


def _retains_graph(_match: re.Match[str], line: str) -> bool:
    return re.search(r"retain_graph\s*=\s*True", line) is not None


def _calls_math(_match: re.Match[str], line: str) -> bool:
    return re.search(r"\bmath\.(?:exp|log|log10|log2|sqrt|pow|tanh)\(", line) is not None


def _reads_grad(_match: re.Match[str], line: str) -> bool:
    return re.search(r"\.grad\b", line) is not None


RULES: tuple[_Rule, ...] = (
    _Rule("target_shape", ("ValueError", "UserWarning"),
          re.compile(rf"Using a target size \({_SIZE}\) that is different to the input size \({_SIZE}\)"),
          lambda m: {"target": _shape(m.group(1)), "input": _shape(m.group(2))}),
    _Rule("target_shape", ("ValueError",),
          re.compile(rf"Target size \({_SIZE}\) must be the same as input size \({_SIZE}\)"),
          lambda m: {"target": _shape(m.group(1)), "input": _shape(m.group(2))}),
    _Rule("backward_not_scalar", ("RuntimeError",), re.compile(r"grad can be implicitly created only for scalar outputs")),
    _Rule("math_on_tensor", ("RuntimeError", "ValueError", "TypeError"),
          re.compile(r"a Tensor with \d+ elements cannot be converted to Scalar|only one element tensors can be "
                     r"converted to Python scalars"), when=_calls_math),
    _Rule("math_domain", ("ValueError",), re.compile(r"^math domain error$"), when=_calls_math),
    _Rule("item_of_many", ("RuntimeError",), re.compile(r"a Tensor with (\d+) elements cannot be converted to Scalar"),
          lambda m: {"count": m.group(1)} if int(m.group(1)) > 1 else None),
    _Rule("item_of_many", ("ValueError", "RuntimeError"),
          re.compile(r"only one element tensors can be converted to Python scalars")),
    _Rule("backward_twice", ("RuntimeError",), re.compile(r"Trying to backward through the graph a second time")),
    _Rule("class_target_dtype", ("RuntimeError",),
          re.compile(rf"expected (?:target dtype to be Long(?: or Byte)?, but got|scalar type Long but found) "
                     rf"{_DTYPE}\b"),
          lambda m: {"found": _dtype(m.group(1))}),
    _Rule("class_target_dtype", ("RuntimeError", "NotImplementedError"),
          re.compile(rf"\"nll_loss\w*\" not implemented for '{_DTYPE}'"),
          lambda m: {"found": _dtype(m.group(1))}),
    _Rule("class_target_shape", ("RuntimeError",), re.compile(r"0D or 1D target tensor expected, multi-target not supported")),
    _Rule("class_target_probabilities", ("RuntimeError",),
          re.compile(r"Expected floating point type for target with class probabilities, got (\w+)")),
    _Rule("target_dtype", ("RuntimeError",), re.compile(rf"^Found dtype {_DTYPE} but expected {_DTYPE}$"),
          lambda m: {"found": _dtype(m.group(1)), "expected": _dtype(m.group(2))}),
    _Rule("float_into_integer", ("RuntimeError",),
          re.compile(r"result type (Float|Double|Half|BFloat16) can't be cast to the desired output type "
                     r"(Long|Int|Short|Char|Byte|Bool)\b"),
          lambda m: {"result": _dtype(m.group(1)), "target": _dtype(m.group(2))}),
    _Rule("input_dtype", ("RuntimeError",),
          re.compile(rf"mat1 and mat2 must have the same dtype, but got {_DTYPE} and {_DTYPE}\b"),
          lambda m: {"input": _dtype(m.group(1)), "weight": _dtype(m.group(2))}),
    _Rule("input_dtype", ("RuntimeError",),
          re.compile(r"Input type \(([\w.]+)\) and (?:weight|bias) type \(([\w.]+)\) should be the same"),
          lambda m: {"input": _dtype(_tensor_type(m.group(1))), "weight": _dtype(_tensor_type(m.group(2)))},
          when=_same_device_other_dtype),
    _Rule("no_grad_fn", ("RuntimeError",),
          re.compile(r"element \d+ of tensors does not require grad and does not have a grad_fn")),
    _Rule("leaf_in_place", ("RuntimeError",),
          re.compile(r"a (?:view of a )?leaf Variable that requires grad is being used in an in-place operation")),
    _Rule("retained_graph", ("RuntimeError",),
          re.compile(r"one of the variables needed for gradient computation has been modified by an inplace "
                     r"operation"), when=_retains_graph),
    _Rule("saved_changed_in_place", ("RuntimeError",),
          re.compile(r"one of the variables needed for gradient computation has been modified by an inplace "
                     r"operation")),
    _Rule("grad_none", ("AttributeError",), re.compile(r"^'NoneType' object has no attribute '\w+'$"),
          when=_reads_grad),
    _Rule("grad_none", ("TypeError",),
          re.compile(r"^unsupported operand type\(s\) for [^:]+: '(?:NoneType|\w+)' and '(?:NoneType|\w+)'$"),
          when=lambda m, line: "NoneType" in m.group(0) and _reads_grad(m, line)),
    _Rule("super_other_class", ("NameError",), re.compile(r"^name '(\w+)' is not defined"), when=_super_of),
    _Rule("super_other_class", ("TypeError",),
          re.compile(r"^super\(type, obj\): obj must be an instance or subtype of type$")),
    _Rule("zero_division", ("ZeroDivisionError",), re.compile(r"by zero")),
    _Rule("product_shapes", ("RuntimeError",), re.compile(r"mat1 and mat2 shapes cannot be multiplied "
                                                          r"\((\d+)x(\d+) and (\d+)x(\d+)\)"),
          lambda m: {"rows": m.group(1), "inner": m.group(2), "other": m.group(3), "columns": m.group(4)},
          when=_by_hand_product),
    _Rule("linear_shapes", ("RuntimeError",), re.compile(r"mat1 and mat2 shapes cannot be multiplied "
                                                         r"\((\d+)x(\d+) and (\d+)x(\d+)\)"),
          lambda m: {"got": m.group(2), "expected": m.group(3)}),
    _Rule("not_probabilities", ("RuntimeError",), re.compile(r"all elements of input should be between 0 and 1")),
    _Rule("view_not_contiguous", ("RuntimeError",),
          re.compile(r"view size is not compatible with input tensor's size and stride")),
    _Rule("devices", ("RuntimeError",), re.compile(r"Expected all tensors to be on the same device")),
    _Rule("devices", ("RuntimeError",), re.compile(r"Tensor on device (\S+) is not on the expected device (\S+?)!"),
          when=_on_gpu),
    _Rule("devices", ("RuntimeError",),
          re.compile(r"Input type \(([\w.]+)\) and (?:weight|bias) type \(([\w.]+)\) should be the same"),
          when=_on_gpu),
)


def _raising_line(traceback: str) -> str:
    """The line of the student's code in the traceback's last frame ("" when there is none)."""
    lines = _FRAME.findall(traceback)
    return lines[-1] if lines else ""


def explain(error: Mapping[str, str], *, specifics: bool = True) -> str | None:
    """The hint for a student's error report {"ename", "evalue", "traceback"}, or None when no rule can tell.

    Args:
        specifics: put the numbers of the message (shapes, dtypes, counts) into the hint; False where the check may
            not show them (a hidden half: they could reveal its inputs).
    """
    ename, evalue = str(error.get("ename", "")), str(error.get("evalue", ""))
    line = None
    for rule in RULES:
        if ename not in rule.enames:
            continue
        match = rule.pattern.search(evalue)
        if match is None:
            continue
        if rule.when is not None:
            line = _raising_line(str(error.get("traceback", ""))) if line is None else line
            if not rule.when(match, line):
                continue
        hint = localized(HINTS[rule.hint])
        numbers = rule.numbers(match) if specifics and rule.numbers else None
        if not numbers:
            return hint
        return _("{numbers} {hint}").format(numbers=localized(HINTS[rule.hint + ".here"]).format(**numbers),
                                            hint=hint)
    return None


def hint_for(error: Mapping[str, str], recipe: str, *, specifics: bool = True) -> str:
    """The explanation of a student's error, or the check's own recipe when there is none."""
    return explain(error, specifics=specifics) or recipe


__all__ = ["HINTS", "RULES", "explain", "hint_for"]
