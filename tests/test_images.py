"""The image data of hw08/hw09: bundled digits by default, MNIST in torchvision's layout from a data root, no network."""

from __future__ import annotations

import json
import math
import struct

import numpy as np
import pytest
import torch

from autograder.lessons import hw08, hw09, images
from autograder.notebook import read_submission
from autograder.rubric import Context
from autograder.runner import Limits, Worker
from autograder.training import Split, Trained
from tests.conftest import reference_notebook, write


def _idx(path, array: np.ndarray) -> None:
    """An IDX (SN3) file as torchvision's MNIST reads it: magic 0x08 (uint8) and the rank, big-endian sizes."""
    path.write_bytes(struct.pack(">I", 0x0800 + array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
                     + array.astype(np.uint8).tobytes())


def make_mnist(root, name="MNIST", train=40, test=20, side=28, seed=0, learnable=False):
    """root/NAME/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte with random images, or `learnable` ones (sklearn's
    digits scaled up, shifted and noised, like MNIST's); returns the arrays."""
    rng = np.random.default_rng(seed)
    raw = root / name / "raw"
    raw.mkdir(parents=True)
    arrays = {}
    for prefix, count in (("train", train), ("t10k", test)):
        if learnable:
            pictures, labels = _digits_like_mnist(count, side, rng, held_out=prefix == "t10k")
        else:
            pictures = rng.integers(0, 256, size=(count, side, side), dtype=np.uint8)
            labels = rng.integers(0, 10, size=count, dtype=np.uint8)
        _idx(raw / f"{prefix}-images-idx3-ubyte", pictures)
        _idx(raw / f"{prefix}-labels-idx1-ubyte", labels)
        arrays[prefix] = (pictures, labels)
    return arrays


@pytest.fixture(autouse=True)
def fresh_cache():
    images.torchvision_split.cache_clear()
    yield
    images.torchvision_split.cache_clear()


def _digits_like_mnist(count: int, side: int, rng, held_out: bool) -> tuple[np.ndarray, np.ndarray]:
    """`count` digits of sklearn's training (or held-out) split, scaled up to 20/28 of `side` and centred on a black
    `side` x `side` canvas as MNIST's are, give or take 2 pixels, with a little noise."""
    train_x, test_x, train_y, test_y = images.digits_arrays()
    pool, pool_labels = (test_x, test_y) if held_out else (train_x, train_y)
    chosen = rng.integers(0, len(pool), size=count)
    inner = side * 20 // 28
    scaled = torch.nn.functional.interpolate(torch.as_tensor(pool[chosen], dtype=torch.float32)[:, None],
                                             size=(inner, inner), mode="bilinear", align_corners=False)[:, 0]
    canvas = np.zeros((count, side, side), dtype=np.float32)
    shifts = (side - inner) // 2 + rng.integers(-2, 3, size=(count, 2))
    for i, (dy, dx) in enumerate(shifts):
        canvas[i, dy:dy + inner, dx:dx + inner] = scaled[i].numpy()
    noisy = canvas + rng.normal(0, 12, size=canvas.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8), np.asarray(pool_labels[chosen], dtype=np.uint8)


def _are_held_out(inputs: torch.Tensor, test_images: np.ndarray, train_images: np.ndarray) -> bool:
    """Whether `inputs` are exactly the held-out images through the lecture's pipeline as the grader runs it (ToTensor,
    Normalize with the training images' statistics), which is the uint8 images scaled to 0..1 and standardised."""
    pixels = torch.as_tensor(train_images, dtype=torch.float64) / 255
    expected = (torch.as_tensor(test_images, dtype=torch.float64) / 255 - pixels.mean()) / pixels.std()
    pipeline = images.transformed(test_images, images.transform_reference(train_images))
    return (inputs.dtype == torch.float32 and inputs.shape == (len(test_images), 1, *test_images.shape[1:])
            and torch.equal(inputs, pipeline) and torch.allclose(inputs.squeeze(1).double(), expected, atol=1e-5))


def test_default_is_the_bundled_digits_as_uint8_bytes():
    split = images.image_split(Context())
    assert split.train_x.shape == (1347, 8, 8) and split.test_x.shape == (450, 1, 8, 8)
    assert split.test_x.dtype == torch.float32  # the held-out images as the model takes them, transformed
    assert split.train_x.dtype == np.uint8 and split.train_x.max() == 255
    assert split.train_y.dtype == torch.int64 and split.test_y.shape == (450,)
    assert "digits" in split.described


def test_digits_split_is_the_notebooks_split_inverted():
    """The notebook's rows and labels, each pixel 255 - pixel: a train that learns the notebook's train_images
    instead of its arguments fails the held-out images (tests/lessons/mistakes_hw08.py, mistakes_hw09.py)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    pictures = np.round(digits.images * 255 / 16).astype(np.uint8)
    train_x, test_x, train_y, test_y = train_test_split(pictures, digits.target, test_size=0.25, random_state=0,
                                                        stratify=digits.target)
    split = images.digits_split()
    assert split.train_x.dtype == np.uint8
    assert np.array_equal(split.train_x, 255 - train_x) and _are_held_out(split.test_x, 255 - test_x, 255 - train_x)
    assert torch.equal(split.test_y, torch.as_tensor(test_y))


def test_mnist_from_the_data_root_in_torchvisions_layout(tmp_path):
    arrays = make_mnist(tmp_path)
    split = images.image_split(Context(data_root=tmp_path))
    assert np.array_equal(split.train_x, arrays["train"][0]) and split.train_x.dtype == np.uint8
    assert torch.equal(split.train_y, torch.as_tensor(arrays["train"][1], dtype=torch.int64))
    assert _are_held_out(split.test_x, arrays["t10k"][0], arrays["train"][0]) and split.test_y.dtype == torch.int64
    assert "MNIST" in split.described and "28x28" in split.described and "first 40" in split.described


def test_a_bounded_subset_of_a_large_data_set(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MNIST_TRAIN", 25)
    monkeypatch.setattr(images, "MNIST_TEST", 7)
    arrays = make_mnist(tmp_path)
    split = images.image_split(Context(data_root=tmp_path))
    assert len(split.train_x) == 25 and len(split.test_y) == 7
    assert np.array_equal(split.train_x, arrays["train"][0][:25])
    assert "first 25 training images" in split.described


def test_the_full_data_set_is_the_courses_size_and_its_budget_grows_with_it(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MNIST_TRAIN", 10)
    monkeypatch.setattr(images, "MNIST_TEST", 5)
    arrays = make_mnist(tmp_path)
    subset = images.image_split(Context(data_root=tmp_path))
    full = images.image_split(Context(data_root=tmp_path, full_data=True))
    assert (len(subset.train_x), len(subset.test_y), subset.work) == (10, 5, 1.0)
    assert (len(full.train_x), len(full.test_y), full.work) == (40, 20, 4.0)
    assert _are_held_out(full.test_x, arrays["t10k"][0], arrays["train"][0])
    assert "all 40 training images" in full.described


def test_mnist_is_a_large_workload_and_the_bundled_digits_a_small_one(tmp_path):
    make_mnist(tmp_path)
    assert images.image_workload(images.image_split(Context())) == "small"
    assert images.image_workload(images.image_split(Context(data_root=tmp_path))) == "large"
    threshold = images.by_data(digits=0.9, mnist=0.85)
    assert threshold(images.image_split(Context())) == 0.9
    assert threshold(images.image_split(Context(data_root=tmp_path))) == 0.85


def test_fashion_mnist_when_there_is_no_mnist(tmp_path):
    make_mnist(tmp_path, name="FashionMNIST", side=28)
    split = images.image_split(Context(data_root=tmp_path))
    assert "FashionMNIST" in split.described and split.train_x.shape == (40, 28, 28)


def test_a_data_root_without_the_data_is_bad_input_that_says_what_it_expected(tmp_path):
    from click.testing import CliRunner

    import cli
    from autograder.errors import DataUnavailable
    from tests.conftest import reference_notebook

    with pytest.raises(DataUnavailable, match="MNIST"):
        images.image_split(Context(data_root=tmp_path))
    (tmp_path / "MNIST" / "raw").mkdir(parents=True)  # the folder, but no files
    with pytest.raises(DataUnavailable, match="cannot be read"):
        images.image_split(Context(data_root=tmp_path))
    notebook = tmp_path / "hw08.ipynb"
    notebook.write_text(json.dumps(reference_notebook("hw08")))
    result = CliRunner().invoke(cli.main, ["submit", "hw08", str(notebook), "--data-root", str(tmp_path), "--no-html",
                                           "--no-hand-in"])
    assert result.exit_code == 2 and "MNIST under" in result.stderr and "Traceback" not in result.output


def test_the_reference_transform_matches_the_lecture_pipeline():
    train_x = images.digits_split().train_x
    mean, std = images.normalize_statistics(train_x)
    x = images.transformed(train_x[:5])
    assert x.shape == (5, 1, 8, 8) and x.dtype == torch.float32
    expected = (torch.as_tensor(train_x[:5], dtype=torch.float64) / 255 - mean) / std
    assert torch.allclose(images.transformed(train_x[:5], images.transform_reference(train_x)).squeeze(1).double(),
                          expected, atol=1e-5)


def _trained(losses, predicted, probabilities=False):
    """A run's record: its losses, and the scores it gave the held-out images (logits; or probabilities, the
    output of a model ending with softmax)."""
    split = Split("", None, None, None, torch.zeros(len(predicted), dtype=torch.int64))
    one_hot = torch.nn.functional.one_hot(torch.tensor(predicted), 10).float()
    return Trained(losses, one_hot if probabilities else 4 * one_hot - 1, 0.1, split)


def test_a_model_ending_with_softmax_is_named_whatever_its_loss_curve():
    assert "softmax" in images.diagnose_classifier(_trained([2.2, 1.9, 1.7], [0, 1, 2, 3], probabilities=True))
    assert images.softmax_twice(_trained([1.2, 0.6, 0.3], [0, 1, 2, 3], probabilities=True))
    assert images.softmax_twice(_trained([1.2, 0.6, 0.3], [0, 1, 2, 3])) is None


def test_diagnose_names_softmax_twice_from_the_loss_floor():
    hint = images.diagnose_classifier(_trained([2.3, 2.0, 1.8, 1.75], [0, 1, 2, 3]))
    assert "softmax twice" in hint and math.log(1 + 9 / math.e) > 1.46


def test_diagnose_names_zero_grad_when_the_loss_rises_or_explodes():
    assert "zero_grad" in images.diagnose_classifier(_trained([1.5, 0.9, 3.0, 8.0], [0, 1, 2, 3]))
    assert "zero_grad" in images.diagnose_classifier(_trained([1.5, float("nan")], [0, 1, 2, 3]))


def test_diagnose_names_labels_shuffled_apart_when_nothing_is_learned():
    assert "shuffled apart" in images.diagnose_classifier(_trained([2.31, 2.29, 2.27], [0, 1, 2, 3]))
    assert "every held-out image" in images.diagnose_classifier(_trained([2.31, 2.30, 2.30, 2.30], [4, 4, 4, 4]))


def test_a_run_stopped_early_is_told_so_not_given_a_mistake():
    """One or two epochs of a right loop, or a loss still falling at the end, name no mistake (issue 26)."""
    for losses in ([1.7], [1.9, 1.4], [2.2, 1.9, 1.7, 1.5, 1.4, 1.3, 1.2, 1.1]):
        hint = images.diagnose_classifier(_trained(losses, [0, 1, 2, 3]))
        assert "shuffled" not in hint and "softmax" not in hint and "epochs" in hint, hint
        assert images.softmax_twice(_trained(losses, [0, 1, 2, 3])) is None


def test_a_model_trained_on_raw_pixels_is_told_to_transform_them():
    """The held-out images come through make_transform: a model trained on raw pixels fails them one way or the
    other (the loss starts huge, or it learned and predicts one class there)."""
    for losses, predicted in (([1.2, 0.9, 0.8, 0.75, 0.74, 0.74], [4, 4, 4, 4]), ([24672.5, 2.304, 2.305, 2.304],
                                                                               [0, 1, 2, 3])):
        hint = images.diagnose_classifier(_trained(losses, predicted))
        assert "make_transform" in hint and "shuffled" not in hint


@pytest.mark.parametrize("lesson", [hw08, hw09])
def test_the_reference_trains_on_28x28_mnist_from_a_data_root(lesson, tmp_path):
    make_mnist(tmp_path / "data", train=64, test=16)
    notebook = write(reference_notebook(lesson.LESSON.id), tmp_path / "reference.ipynb")
    (check,) = [c for c in lesson.LESSON.checks if c.id.startswith("train")]
    with Worker(read_submission(notebook).cells, Limits(), seed=0) as worker:
        verdict = check.run(worker, Context(data_root=tmp_path / "data"))
    assert verdict.training is not None and "MNIST" in verdict.training.data, verdict.message
    assert verdict.status in ("passed", "failed") and "falls short" in verdict.message or verdict.status == "passed"
    assert len(verdict.training.losses) == 10
