"""Tolerant, dtype- and shape-aware comparison with messages that say where values differ."""

import torch

from autograder.compare import difference
from autograder.wire import Opaque


def test_float32_answer_within_float32_tolerance_agrees():
    expected = torch.tensor([1.0, 2.0], dtype=torch.float64) / 3
    assert difference(expected, expected.float()) is None


def test_float64_answer_is_held_to_float64_tolerance():
    expected = torch.tensor([1.0], dtype=torch.float64)
    assert difference(expected, expected + 1e-5) is not None


def test_number_and_one_element_tensor_are_the_same_answer():
    assert difference(torch.tensor(2.0), 2.0) is None
    assert difference(torch.tensor([2.0]), torch.tensor(2.0)) is None
    assert difference(2.0, torch.tensor([2.0])) is None


def test_shape_mismatch_is_named():
    message = difference(torch.zeros(2, 3), torch.zeros(3, 2))
    assert "shape (3, 2)" in message and "expected (2, 3)" in message


def test_exact_dtype_when_asked():
    assert "dtype int64" in difference(torch.zeros(2), torch.zeros(2, dtype=torch.int64), exact_dtype=True)
    assert difference(torch.zeros(2), torch.zeros(2, dtype=torch.int64)) is None


def test_nan_never_equals_a_number():
    assert "NaN" in difference(torch.tensor([1.0]), torch.tensor([float("nan")]))


def test_first_differing_element_is_named():
    message = difference(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 4.0]))
    assert "[2]" in message


def test_sequences_compare_item_by_item_and_by_length():
    expected = (torch.tensor(1.0), [torch.tensor(2.0), torch.tensor(3.0)])
    assert difference(expected, [1.0, (2.0, 3.0)]) is None
    assert "result[1][1]" in difference(expected, [1.0, (2.0, 4.0)])
    assert "got shape (2,), expected (3,)" in difference((1.0, 2.0, 3.0), (1.0, 2.0))
    assert "got 1 items, expected 2" in difference((torch.tensor(1.0), "a"), [torch.tensor(1.0)])


def test_dicts_need_every_key():
    assert "'b'" in difference({"a": 1.0, "b": True}, {"a": 1.0})
    assert difference({"a": 1.0, "b": True}, {"a": 1.0, "b": 1}) is not None  # 1 is not True


def test_opaque_and_wrong_types_are_named():
    assert "Foo object" in difference(torch.tensor(1.0), Opaque("m.Foo", "<Foo>"))
    assert "got a str" in difference(torch.tensor(1.0), "1.0")
    assert "None" in difference(torch.tensor(1.0), None)


def test_scalars_that_print_alike_are_shown_with_the_digits_that_differ():
    message = difference(torch.tensor(0.34657, dtype=torch.float64), torch.tensor(0.34661, dtype=torch.float64))
    assert message is not None and "0.34661 vs 0.34657" in message
