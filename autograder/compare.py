"""Comparing what the student's code returned with what was expected, dtype- and shape-aware.

`difference(expected, received)` returns None when they agree and otherwise one sentence that says where they
differ, in the shape "got …, expected …". Tensors are compared in float64 with a tolerance that follows the
coarser of the two dtypes (a Python number's is torch's default dtype, float32: `.item()` of a float32 result); a
single number and a one-element tensor are the same answer; NaN never equals a number. Lists and tuples are
interchangeable, their lengths are not.
"""

from __future__ import annotations

import math
import struct
from typing import Any

import numpy as np
import torch

from autograder.i18n import _
from autograder.sandboxed.wire import Opaque

# (rtol, atol) per floating dtype; integer and bool tensors compare exactly.
TOLERANCES = {
    torch.float16: (1e-3, 1e-3),
    torch.bfloat16: (1e-2, 1e-2),
    torch.float32: (1e-4, 1e-5),
    torch.float64: (1e-7, 1e-9),
}
DEFAULT_TOLERANCE = TOLERANCES[torch.float64]


def show(value: Any) -> str:
    """A short, deterministic text for a value in a message."""
    if isinstance(value, torch.Tensor):
        text = repr(value) if value.numel() <= 64 else _("tensor of shape {shape}, {dtype}").format(
            shape=tuple(value.shape), dtype=value.dtype)
        return text.replace("\n", " ").replace("       ", " ")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(show(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {show(v)}" for k, v in value.items()) + "}"
    return repr(value)


def kind(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return _("a tensor of shape {shape} and dtype {dtype}").format(
            shape=tuple(value.shape), dtype=str(value.dtype).removeprefix("torch."))
    if isinstance(value, np.ndarray):
        return _("a numpy array of shape {shape} and dtype {dtype}").format(shape=value.shape, dtype=value.dtype)
    if isinstance(value, Opaque):
        return _("a {type} object").format(type=value.type)
    if value is None:
        return "None"
    return _("a {type}").format(type=type(value).__name__)


def as_tensor(value: Any) -> torch.Tensor | None:
    """The value as a tensor when it is numeric data (number, list of numbers, array), else None."""
    if isinstance(value, torch.Tensor):
        return value.detach()
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and not -(2**63) <= value < 2**63:  # past int64: float64, infinite past its range
        try:
            return torch.tensor(float(value), dtype=torch.float64)
        except OverflowError:
            return torch.tensor(math.inf if value > 0 else -math.inf, dtype=torch.float64)
    if isinstance(value, (int, float, np.ndarray, np.generic, list, tuple)):
        for dtype in (None, torch.float64):  # then as float64: a list with an int past int64, a numpy dtype torch lacks
            try:
                return torch.as_tensor(value, dtype=dtype)
            except (TypeError, ValueError, RuntimeError, OverflowError):
                pass
    return None


def _as_held(value: Any) -> tuple[list[float], bool] | None:
    """A Python number, or a flat list or tuple of them, as `as_tensor` holds it: its values in float64 and whether
    they are floating (else int64). None for anything else, and for integers past 2**53 (left to tensors)."""
    values = value if isinstance(value, (list, tuple)) else [value]
    kinds = {type(v) for v in values}
    if not values or not kinds <= {int, float} or any(abs(v) > 2**53 for v in values if type(v) is int):
        return None
    floating = float in kinds
    if floating and torch.get_default_dtype() == torch.float32:
        return [_float32(v) for v in values], True
    return [float(v) for v in values], floating


def _float32(value: float) -> float:
    try:
        return struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:  # past float32's range: infinite, as in a tensor
        return math.copysign(math.inf, value)


def _close(got: float, want: float, rtol: float, atol: float) -> bool:
    """torch.isclose(got, want, rtol, atol, equal_nan=True) of two float64 numbers."""
    if got == want or (math.isnan(got) and math.isnan(want)):
        return True
    return math.isfinite(got) and math.isfinite(want) and abs(got - want) <= atol + abs(rtol * want)


def _agree_as_numbers(expected: Any, received: Any, rtol: float | None, atol: float | None) -> bool:
    """Whether plain Python numbers (or flat sequences of them, of one length) agree as their tensors would: the
    common answer, decided without making tensors. False when not sure, for the tensors to decide."""
    if isinstance(expected, (list, tuple)) is not isinstance(received, (list, tuple)):
        return False
    want, got = _as_held(expected), _as_held(received)
    if want is None or got is None or len(want[0]) != len(got[0]):
        return False
    default = TOLERANCES.get(torch.get_default_dtype(), DEFAULT_TOLERANCE) if want[1] else (0.0, 0.0)
    r, a = default[0] if rtol is None else rtol, default[1] if atol is None else atol
    return all(_close(g, w, r, a) for g, w in zip(got[0], want[0]))


def _tolerance(*tensors: torch.Tensor, rtol: float | None, atol: float | None) -> tuple[float, float]:
    loosest = max((TOLERANCES.get(t.dtype, (0.0, 0.0)) for t in tensors), default=DEFAULT_TOLERANCE)
    return (loosest[0] if rtol is None else rtol, loosest[1] if atol is None else atol)


def difference(
    expected: Any,
    received: Any,
    *,
    rtol: float | None = None,
    atol: float | None = None,
    exact_dtype: bool = False,
    where: str = "",
) -> str | None:
    """None when received matches expected, else a sentence naming the first difference. With `exact_dtype`, an
    expected tensor asks for a tensor of its dtype (not a list or an array of the same numbers)."""
    at = _("`result{where}`: ").format(where=where) if where else ""
    if isinstance(received, Opaque):
        return at + _got(kind(received), kind(expected))
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        if type(received) is not type(expected) or received != expected:
            return at + _got_values(show(received), show(expected))
        return None
    if isinstance(expected, dict):
        if not isinstance(received, dict):
            return at + _("got {received}, expected a dict with keys `{keys}`").format(
                received=kind(received), keys=sorted(expected))
        for key in expected:
            if key not in received:
                return at + _("the key `{key}` is missing").format(key=repr(key))
            problem = difference(expected[key], received[key], rtol=rtol, atol=atol, exact_dtype=exact_dtype,
                                 where=f"{where}[{key!r}]")
            if problem:
                return problem
        return None
    if isinstance(expected, (list, tuple)) and not _is_numeric_sequence(expected):
        if not isinstance(received, (list, tuple)):
            return at + _("got {received}, expected a sequence of {count} items").format(
                received=kind(received), count=len(expected))
        if len(received) != len(expected):
            return at + _("got {count} items, expected {expected}").format(count=len(received), expected=len(expected))
        for i, (e, r) in enumerate(zip(expected, received)):
            problem = difference(e, r, rtol=rtol, atol=atol, exact_dtype=exact_dtype, where=f"{where}[{i}]")
            if problem:
                return problem
        return None
    return _numeric_difference(expected, received, rtol=rtol, atol=atol, exact_dtype=exact_dtype, at=at)


def _is_numeric_sequence(value: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value) and len(value) > 0


def _numeric_difference(
    expected: Any, received: Any, *, rtol: float | None, atol: float | None, exact_dtype: bool, at: str
) -> str | None:
    if _agree_as_numbers(expected, received, rtol, atol):
        return None
    want, got = as_tensor(expected), as_tensor(received)
    if want is None:
        raise TypeError(f"cannot compare with expected value {expected!r}")
    if got is None:
        return at + _got(kind(received), kind(expected) if isinstance(expected, torch.Tensor) else _("a number"))
    if exact_dtype and isinstance(expected, torch.Tensor) and not isinstance(received, torch.Tensor):
        return at + _got(kind(received), kind(expected))
    if exact_dtype and isinstance(expected, torch.Tensor) and got.dtype != want.dtype:
        return at + _("got dtype `{received}`, expected `{expected}`").format(
            received=str(got.dtype).removeprefix("torch."), expected=str(want.dtype).removeprefix("torch."))
    if got.shape != want.shape and not (got.numel() == want.numel() == 1):
        return at + _("got shape `{received}`, expected `{expected}`").format(
            received=tuple(got.shape), expected=tuple(want.shape))
    if got.is_complex() or want.is_complex():
        return at + _("got {received}, complex numbers are not expected").format(received=kind(received))
    r, a = _tolerance(want, got, rtol=rtol, atol=atol)  # a Python float is held as a float32 tensor: .item() of one
    g, w = got.reshape(want.shape).to(torch.float64), want.to(torch.float64)
    one = w.numel() == 1  # NaN where NaN is expected, or none
    if _close(g.item(), w.item(), r, a) if one else torch.allclose(g, w, rtol=r, atol=a, equal_nan=True):
        return None
    if torch.isnan(g).any() and not torch.isnan(w).any():
        return at + _("got NaN: got `{received}`, expected `{expected}`").format(
            received=show(received), expected=show(expected))
    if w.numel() > 1:
        bad = (~torch.isclose(g, w, rtol=r, atol=a, equal_nan=True)).nonzero()[0].tolist()
        index = "".join(f"[{i}]" for i in bad)
        return at + _("got `{received}`, expected `{expected}` (first difference at `{index}`: {got} vs {want})").format(
            received=show(received), expected=show(expected), index=index, got=f"{g[tuple(bad)].item():.6g}",
            want=f"{w[tuple(bad)].item():.6g}")
    shown_received, shown_expected = show(received), show(expected)
    if shown_received == shown_expected:
        return at + _("got `{received}`, expected `{expected}` ({got} vs {want})").format(
            received=shown_received, expected=shown_expected, got=f"{g.item():.10g}", want=f"{w.item():.10g}")
    return at + _got_values(shown_received, shown_expected)


def _got(received: str, expected: str) -> str:
    """What came back against what was expected, each described ("a list", "a tensor of shape ...")."""
    return _("got {received}, expected {expected}").format(received=received, expected=expected)


def _got_values(received: str, expected: str) -> str:
    """What came back against what was expected, each shown as code."""
    return _("got `{received}`, expected `{expected}`").format(received=received, expected=expected)


def agree(expected: Any, received: Any, **tolerance: Any) -> bool:
    return difference(expected, received, **tolerance) is None


__all__ = ["difference", "agree", "show", "kind", "as_tensor", "TOLERANCES"]
