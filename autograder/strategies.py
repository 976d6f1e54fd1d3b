"""Hypothesis strategies for the inputs of the lessons' functions.

Values shrink towards zero and towards short vectors, so a failing example ends small: a one- or two-element
tensor of small whole numbers where that still shows the mistake. Floats are float32-representable and
bounded, so a student computing in float32 is compared fairly.
"""

from __future__ import annotations

import numpy as np
import torch
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.errors import InvalidRubric

_NUMPY = {torch.float32: np.float32, torch.float64: np.float64, torch.int64: np.int64}


def _check_bounds(low: float, high: float) -> None:
    if not low < high:
        raise InvalidRubric(f"empty range [{low}, {high}]")


def scalars(low: float = -10.0, high: float = 10.0) -> st.SearchStrategy[float]:
    """Python floats in [low, high]."""
    _check_bounds(low, high)
    return st.floats(low, high, allow_nan=False, allow_infinity=False, width=32).map(float)


def vectors(
    *, min_size: int = 1, max_size: int = 8, low: float = -10.0, high: float = 10.0, dtype: torch.dtype = torch.float64
) -> st.SearchStrategy[torch.Tensor]:
    """1-D tensors of min_size..max_size elements in [low, high]."""
    return tensors(shape=st.integers(min_size, max_size).map(lambda n: (n,)), low=low, high=high, dtype=dtype)


def tensors(
    *,
    shape: tuple[int, ...] | st.SearchStrategy[tuple[int, ...]],
    low: float = -10.0,
    high: float = 10.0,
    dtype: torch.dtype = torch.float64,
) -> st.SearchStrategy[torch.Tensor]:
    """Tensors of the given (or drawn) shape and dtype, elements in [low, high]."""
    _check_bounds(low, high)
    if dtype not in _NUMPY:
        raise InvalidRubric(f"no strategy for dtype {dtype}")
    if dtype.is_floating_point:
        elements = st.floats(low, high, allow_nan=False, allow_infinity=False, width=32)
    else:
        elements = st.integers(int(low), int(high))
    return hnp.arrays(_NUMPY[dtype], shape, elements=elements).map(lambda a: torch.from_numpy(a.copy()))


def shapes(*, min_dims: int = 1, max_dims: int = 3, min_side: int = 1, max_side: int = 5) -> st.SearchStrategy:
    """Tensor shapes, shrinking towards fewer and shorter dimensions."""
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def paired_vectors(
    count: int, *, min_size: int = 1, max_size: int = 8, low: float = -10.0, high: float = 10.0
) -> st.SearchStrategy[tuple[torch.Tensor, ...]]:
    """`count` float64 vectors of one common length (e.g. inputs x and targets y)."""
    return st.integers(min_size, max_size).flatmap(
        lambda n: st.tuples(*(tensors(shape=(n,), low=low, high=high) for _ in range(count)))
    )


__all__ = ["scalars", "vectors", "tensors", "shapes", "paired_vectors"]
