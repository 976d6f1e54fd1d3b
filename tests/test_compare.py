"""Tolerant, dtype- and shape-aware comparison with messages that say where values differ."""

import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.compare import _close, as_tensor, difference
from autograder.sandboxed.wire import Opaque


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
    assert "shape `(3, 2)`" in message and "expected `(2, 3)`" in message


def test_exact_dtype_when_asked():
    assert "dtype `int64`" in difference(torch.zeros(2), torch.zeros(2, dtype=torch.int64), exact_dtype=True)
    assert difference(torch.zeros(2), torch.zeros(2, dtype=torch.int64)) is None


def test_nan_never_equals_a_number():
    assert "NaN" in difference(torch.tensor([1.0]), torch.tensor([float("nan")]))


def test_first_differing_element_is_named():
    message = difference(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 4.0]))
    assert "[2]" in message


def test_sequences_compare_item_by_item_and_by_length():
    expected = (torch.tensor(1.0), [torch.tensor(2.0), torch.tensor(3.0)])
    assert difference(expected, [1.0, (2.0, 3.0)]) is None
    assert "`result[1][1]`" in difference(expected, [1.0, (2.0, 4.0)])
    assert "got shape `(2,)`, expected `(3,)`" in difference((1.0, 2.0, 3.0), (1.0, 2.0))
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


def test_integers_past_int64_are_compared_not_raised():
    """A student's answer may be any Python int (the wire carries them): one past int64 is a wrong number."""
    assert difference(1.0, 2**70) == "got `1180591620717411303424`, expected `1.0`"
    assert "first difference at `[0]`" in difference([1.0, 2.0], [2**70, 1])
    assert difference(1.0, -(10**400)) == f"got `{-(10**400)!r}`, expected `1.0`"
    assert difference(float(2**70), 2**70) is None


numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(2**64), 2**64),
                    st.sampled_from([0.0, -0.0, 1.0, 1 / 3, 3.4028235e38, 1e-45, 2**53 + 1]))


@st.composite
def near(draw, value):
    """`value`, or a number at about the tolerance's distance from it (where the two ways to compare could part)."""
    if draw(st.booleans()) or isinstance(value, int) or not math.isfinite(value):
        return draw(st.one_of(st.just(value), numbers))
    step = draw(st.sampled_from([1e-9, 1e-7, 5e-6, 1e-5, 1.1e-5, 1e-4, 1.0001e-4, 1e-3]))
    return value + draw(st.sampled_from([-1, 1])) * step * max(1.0, abs(value)) * draw(st.floats(0.5, 2))


@st.composite
def answer_pairs(draw):
    expected = draw(st.one_of(numbers, st.lists(numbers, min_size=1, max_size=4)))
    if isinstance(expected, list):
        received = [draw(near(v)) for v in expected] + draw(st.lists(numbers, max_size=1))
        return expected, draw(st.sampled_from([received, tuple(received)]))
    return expected, draw(near(expected))


@given(answer_pairs(), st.sampled_from([None, 0.0, 1e-3]), st.sampled_from([None, 0.0, 1e-5]))
@settings(max_examples=1000, deadline=None)
def test_plain_numbers_agree_exactly_when_their_tensors_would(pair, rtol, atol):
    """Python numbers are compared without tensors (the common answer, ten times faster): the same decisions as
    comparing the tensors `torch.as_tensor` makes of them."""
    expected, received = pair
    as_numbers = difference(expected, received, rtol=rtol, atol=atol)
    as_tensors = difference(as_tensor(expected), received, rtol=rtol, atol=atol)  # a tensor takes the long way
    assert (as_numbers is None) == (as_tensors is None)


@given(st.floats().flatmap(lambda want: st.tuples(near(want), st.just(want))),
       st.sampled_from([0.0, 1e-7, 1e-4, 1e-3, 1.0]), st.sampled_from([0.0, 1e-9, 1e-5, 1.0]))
@settings(max_examples=1000, deadline=None)
def test_one_number_is_close_exactly_when_torch_says_so(pair, rtol, atol):
    got, want = (float(v) for v in pair)
    expected = torch.isclose(torch.tensor(got, dtype=torch.float64), torch.tensor(want, dtype=torch.float64),
                             rtol=rtol, atol=atol, equal_nan=True).item()
    assert _close(got, want, rtol, atol) == expected
