"""The wire between grader and worker: plain data round-trips, nothing else is trusted."""

import json
import math

import numpy as np
import pytest
import torch

from autograder.sandboxed import wire
from autograder.sandboxed.wire import Opaque, WireError


def roundtrip(value):
    return wire.decode(wire.encode(value))


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.int64, torch.int32,
                                   torch.int8, torch.uint8, torch.bool])
def test_tensor_keeps_dtype_shape_and_values(dtype):
    t = (torch.arange(6) % 3).to(dtype).reshape(2, 3)
    back = roundtrip(t)
    assert back.dtype == dtype and back.shape == (2, 3) and torch.equal(back, t)


def test_empty_and_zero_dim_tensors():
    assert roundtrip(torch.zeros(0, 3)).shape == (0, 3)
    assert roundtrip(torch.tensor(2.5)).item() == 2.5


def test_non_contiguous_tensor_and_requires_grad():
    t = torch.arange(6.0).reshape(2, 3).t().requires_grad_(True)
    back = roundtrip(t)
    assert torch.equal(back, t.detach()) and back.requires_grad


def test_plain_data_and_containers():
    value = {"a": [1, 2.5, None, True, "s"], "b": (1, (2,)), "c": np.arange(3), "d": np.float32(1.5)}
    back = roundtrip(value)
    assert back["a"] == [1, 2.5, None, True, "s"] and back["b"] == (1, (2,))
    assert np.array_equal(back["c"], np.arange(3)) and back["d"] == 1.5


def test_non_finite_floats():
    back = roundtrip([float("nan"), float("inf"), float("-inf")])
    assert math.isnan(back[0]) and back[1:] == [math.inf, -math.inf]


class Hostile:
    def __repr__(self):
        raise RuntimeError("boom")

    def __eq__(self, other):
        return True


class SneakyTensor(torch.Tensor):
    def __eq__(self, other):
        return True


def test_unknown_objects_become_opaque_without_running_their_code():
    back = roundtrip(Hostile())
    assert isinstance(back, Opaque) and back.type.endswith("Hostile")
    assert back != 1  # an Opaque never equals an answer


def test_tensor_subclass_arrives_as_plain_tensor():
    t = torch.tensor([1.0, 2.0]).as_subclass(SneakyTensor)
    back = roundtrip(t)
    assert type(back) is torch.Tensor and torch.equal(back, torch.tensor([1.0, 2.0]))


def test_dict_with_non_string_keys_is_opaque():
    assert isinstance(roundtrip({1: 2}), Opaque)


@pytest.mark.parametrize(
    "data",
    [
        {"__pickle__": "gASV"},
        {"__tensor__": {"dtype": "float32", "shape": [3], "data": "AAAA"}},
        {"__tensor__": {"dtype": "object", "shape": [1], "data": ""}},
        {"__tensor__": {"dtype": "float32", "shape": [-1], "data": ""}},
        {"a": 1, "b": 2},
        {"__tuple__": "not a list"},
        # forged by student code in the worker, where any header may be written: each once raised past the wire
        {"__ndarray__": {"dtype": "bfloat16", "shape": [1], "data": "AAA="}},
        {"__tensor__": {"dtype": "float32", "shape": [1], "data": 5}},
        {"__tensor__": {"dtype": ["x"], "shape": [1], "data": "AAAAAA=="}},
        {"__tensor__": {"dtype": "float32", "shape": [0, 2**62, 2**62], "data": ""}},
        {"__ndarray__": {"dtype": "float32", "shape": [0, 2**62, 2**62], "data": ""}},
    ],
)
def test_malformed_data_is_refused(data):
    with pytest.raises(WireError):
        wire.decode(data)


def test_nesting_is_capped():
    deep = []
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(WireError):
        wire.encode(deep)


def test_frames_roundtrip_and_time_out():
    import os

    r, w = os.pipe()
    wire.write_frame(w, {"x": [1, 2]})
    assert wire.read_frame(r) == {"x": [1, 2]}
    with pytest.raises(TimeoutError):
        wire.read_frame(r, deadline=0)
    os.close(w)
    with pytest.raises(EOFError):
        wire.read_frame(r)
    os.close(r)


def frame_of(payload: bytes):
    import os
    import struct

    r, w = os.pipe()
    os.write(w, struct.pack(">I", len(payload)) + payload)
    try:
        return wire.read_frame(r)
    finally:
        os.close(r)
        os.close(w)


def test_a_frame_nested_past_what_json_reads_is_refused():
    with pytest.raises(WireError, match="RecursionError"):
        frame_of(b"[" * 5000 + b"]" * 5000)  # fits in a pipe's buffer


def test_lone_surrogates_arrive_replaced_so_reports_can_be_written():
    """A student's exception message with '\\ud800' in it: UTF-8 cannot hold it, and every report failed to write."""
    escaped = frame_of(b'{"evalue": "bad \\ud800 value", "\\udc00": ["\\ud83d\\ude00 ok"]}')
    assert escaped == {"evalue": "bad \ufffd value", "\ufffd": ["\U0001f600 ok"]}
    assert frame_of(b'["\xed\xa0\x80"]') == ["\ufffd"]  # as bytes, which json.loads lets in too
    json.dumps(escaped, ensure_ascii=False).encode("utf-8")


def test_a_numpy_scalar_that_is_no_python_number_is_opaque():
    assert isinstance(wire.decode(wire.encode(np.longdouble(1.5))), Opaque)


def test_oversized_frame_header_is_refused():
    import os
    import struct

    r, w = os.pipe()
    os.write(w, struct.pack(">I", wire.MAX_FRAME_BYTES + 1))
    with pytest.raises(WireError):
        wire.read_frame(r)
    os.close(r)
    os.close(w)


def test_the_frames_of_one_check_are_charged_to_its_allowance_before_they_are_decoded():
    import os

    r, w = os.pipe()
    allowance = wire.Allowance(containers=10)
    wire.write_frame(w, [[1], [2], [3]])  # 4 lists
    wire.write_frame(w, {"a": [[], [], []], "b": []})  # 1 dict and 5 lists: 10 in all
    wire.write_frame(w, [])  # the 11th
    assert wire.read_frame(r, allowance=allowance) == [[1], [2], [3]]
    assert wire.read_frame(r, allowance=allowance) == {"a": [[], [], []], "b": []}
    with pytest.raises(WireError, match="add up to more than"):
        wire.read_frame(r, allowance=allowance)
    wire.write_frame(w, "x" * 100)
    with pytest.raises(WireError, match="add up to more than"):
        wire.read_frame(r, allowance=wire.Allowance(size=99))
    os.close(r)
    os.close(w)
