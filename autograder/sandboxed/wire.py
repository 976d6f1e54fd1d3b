"""The wire format between the grader and the worker: JSON, never pickle.

Numbers, strings, lists and dicts travel as plain JSON; tuples, non-finite floats, tensors and arrays as tagged
objects (a tensor as its dtype, shape and raw bytes in base64). Anything else the student returns becomes an
`Opaque` value that records its type and a short repr, so the grader can say what it got without ever running
the student's object. Decoding checks sizes and types and rebuilds plain `torch.Tensor`s, never subclasses.
"""

from __future__ import annotations

import base64
import json
import math
import os
import select
import struct
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from autograder.sandboxed import text as student_text

MAX_FRAME_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32
MAX_REPR = 200

_DTYPES = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
}
_DTYPE_NAMES = {v: k for k, v in _DTYPES.items()}


class WireError(ValueError):
    """A value that cannot be encoded or a frame that cannot be decoded."""


@dataclass(frozen=True)
class Opaque:
    """A value of a type the wire does not carry: its type name and a short repr, for messages only."""

    type: str
    repr: str

    def __repr__(self) -> str:
        return f"<{self.type} object: {self.repr}>"


def _tensor_bytes(t: torch.Tensor) -> bytes:
    t = t.detach().cpu().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def encode(value: Any, _depth: int = 0) -> Any:
    """Turns a Python value into JSON-ready data; unknown objects become tagged opaque values."""
    if _depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if isinstance(value, torch.Tensor):
        plain = torch.Tensor.as_subclass(value, torch.Tensor)
        if plain.dtype not in _DTYPE_NAMES:
            return _opaque(value)
        out: dict[str, Any] = {
            "dtype": _DTYPE_NAMES[plain.dtype],
            "shape": list(plain.shape),
            "data": base64.b64encode(_tensor_bytes(plain)).decode("ascii"),
        }
        if plain.requires_grad:
            out["requires_grad"] = True
        return {"__tensor__": out}
    if type(value) is np.ndarray:
        if value.dtype.name not in _DTYPES or value.dtype.name == "bfloat16":
            return _opaque(value)
        return {
            "__ndarray__": {
                "dtype": value.dtype.name,
                "shape": list(value.shape),
                "data": base64.b64encode(np.ascontiguousarray(value).tobytes()).decode("ascii"),
            }
        }
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        item = value.item()  # a Python number, or the same kind of numpy scalar again (longdouble, float128)
        return _opaque(value) if isinstance(item, np.generic) else encode(item, _depth + 1)
    if type(value) is list:
        return [encode(v, _depth + 1) for v in value]
    if type(value) is tuple:
        return {"__tuple__": [encode(v, _depth + 1) for v in value]}
    if type(value) is dict and all(type(k) is str for k in value):
        return {"__dict__": {k: encode(v, _depth + 1) for k, v in value.items()}}
    return _opaque(value)


def _opaque(value: Any) -> dict:
    kind = type(value)
    try:
        text = object.__repr__(value) if not isinstance(value, torch.Tensor) else "tensor subclass"
    except Exception:  # noqa: BLE001 - a hostile object must not break encoding
        text = "?"
    return {"__object__": {"type": f"{kind.__module__}.{kind.__qualname__}"[:MAX_REPR], "repr": text[:MAX_REPR]}}


def decode(data: Any, _depth: int = 0) -> Any:
    """Rebuilds a value from wire data; raises WireError on anything malformed."""
    if _depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(v, _depth + 1) for v in data]
    if type(data) is not dict or len(data) != 1:
        raise WireError(f"malformed value of type {type(data).__name__}")
    (tag, body), = data.items()
    if tag == "__float__" and body in ("nan", "inf", "-inf"):
        return float(body)
    if tag == "__tuple__" and type(body) is list:
        return tuple(decode(v, _depth + 1) for v in body)
    if tag == "__dict__" and type(body) is dict:
        return {str(k): decode(v, _depth + 1) for k, v in body.items()}
    if tag in ("__tensor__", "__ndarray__") and type(body) is dict:
        try:
            tensor = _decode_tensor(body)
            return tensor if tag == "__tensor__" else tensor.numpy()
        except (TypeError, ValueError, RuntimeError) as e:  # frames forged by the student's code: any header
            raise WireError(f"malformed tensor ({type(e).__name__})") from None
    if tag == "__object__" and type(body) is dict:
        return Opaque(str(body.get("type", "?"))[:MAX_REPR], str(body.get("repr", "?"))[:MAX_REPR])
    raise WireError(f"unknown tag {tag!r}")


def _decode_tensor(body: dict) -> torch.Tensor:
    dtype = _DTYPES.get(body["dtype"]) if type(body.get("dtype")) is str else None
    shape = body.get("shape")
    if dtype is None or type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
        raise WireError("malformed tensor header")
    raw = base64.b64decode(body.get("data", ""), validate=True)
    itemsize = torch.empty((), dtype=dtype).element_size()
    if len(raw) != math.prod(shape) * itemsize:
        raise WireError("tensor data does not match its shape")
    if not raw:
        return torch.empty(shape, dtype=dtype)
    storage_dtype = torch.int16 if dtype == torch.bfloat16 else dtype
    t = torch.frombuffer(bytearray(raw), dtype=storage_dtype).reshape(shape)
    t = t.view(dtype) if dtype == torch.bfloat16 else t
    if body.get("requires_grad") is True and t.is_floating_point():
        t.requires_grad_(True)
    return t


# Frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.


def write_frame(fd: int, message: Any) -> None:
    payload = json.dumps(message, allow_nan=False, separators=(",", ":")).encode()
    if len(payload) > MAX_FRAME_BYTES:
        raise WireError(f"message of {len(payload)} bytes is over the {MAX_FRAME_BYTES}-byte limit")
    view = memoryview(struct.pack(">I", len(payload)) + payload)
    while view:
        view = view[os.write(fd, view) :]


@dataclass
class Allowance:
    """What the frames read from one worker for one check may add up to, counted before they are decoded: the grader
    keeps a check's answers while it judges them, and JSON made of small lists decodes to some 100 times its size."""

    size: int = 128 * 1024**2
    """Bytes of JSON."""
    containers: int = 1_000_000
    """Lists and dicts (counted as the brackets that open them, an upper bound)."""

    def charge(self, payload: bytes) -> None:
        self.size -= len(payload)
        self.containers -= payload.count(b"[") + payload.count(b"{")
        if self.size < 0 or self.containers < 0:
            raise WireError(f"the answers to one check add up to more than {Allowance.size // 2**20} MiB or "
                            f"{Allowance.containers:,} lists and dicts")


def read_frame(fd: int, *, deadline: float | None = None, allowance: Allowance | None = None) -> Any:
    """Reads one frame, charged to `allowance` if given; raises TimeoutError past the deadline, EOFError when the
    other side closed, WireError for a frame past its limits."""
    (size,) = struct.unpack(">I", _read_exactly(fd, 4, deadline))
    if size > MAX_FRAME_BYTES:
        raise WireError(f"message of {size} bytes is over the {MAX_FRAME_BYTES}-byte limit")
    payload = _read_exactly(fd, size, deadline)
    if allowance is not None:
        allowance.charge(payload)
    try:
        return student_text.loads(payload)
    except (ValueError, RecursionError) as e:
        raise WireError(f"unreadable message: {type(e).__name__}: {e}") from None


def _read_exactly(fd: int, n: int, deadline: float | None) -> bytes:
    chunks, left = [], n
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
