"""The image lessons' data (hw08 softmax/MLP, hw09 CNN), grader side, and what their training checks share.

By default the lessons use sklearn's bundled digits (8x8 grey images, values 0..16), rescaled to uint8 0..255
so that they look like MNIST's bytes and `transforms.ToTensor()` scales them to 0..1 as in the lecture. A grading
context with `data_root` uses torchvision's MNIST (or Fashion-MNIST) from that folder instead, in torchvision's
layout (ROOT/MNIST/raw/train-images-idx3-ubyte, ...), never downloaded: a subset sized for a CPU (the first MNIST_TRAIN
training and MNIST_TEST test images), or with the context's `full_data` all of it, the real course's size, whose
training budget grows with it (`Split.work`). Training on MNIST is a "large" workload (`image_workload`): it goes to
the GPU where there is one; the bundled digits stay on the CPU, where they train as fast.

Either way a split holds the training images as uint8 numpy arrays of shape (N, H, W), the held-out images as the
trained model takes them (float32 (N, 1, H, W): ToTensor, then Normalize with the training images' statistics, made
here, so that the worker's probe `autograder.sandboxed.probes.images.probe_train` holds no transform, hw08's answer),
and labels as int64 tensors of shape (N,).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

from autograder.errors import DataUnavailable
from autograder.gpu import Workload
from autograder.i18n import _
from autograder.rubric import Context
from autograder.standins.hw08 import transform_reference
from autograder.training import Split, Trained, ends_with_softmax, softmax_before_cross_entropy, under_trained

DIGITS_SEED = 0
DIGITS_TEST_SIZE = 0.25
MNIST_TRAIN, MNIST_TEST = 3000, 1000
TORCHVISION_SETS = ("MNIST", "FashionMNIST")
CLASSES = 10
CHANCE_LOSS = math.log(CLASSES)


def digits_as_bytes(images: np.ndarray) -> np.ndarray:
    """sklearn's digits (0..16) as uint8 0..255, the notebook's `np.round(images * 255 / 16).astype(np.uint8)`."""
    return np.round(np.asarray(images) * 255 / 16).astype(np.uint8)


@functools.cache
def digits_arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(train_images, test_images, train_labels, test_labels) exactly as the lessons' setup cells make them."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    images = digits_as_bytes(digits.images)
    train_x, test_x, train_y, test_y = train_test_split(images, digits.target, test_size=DIGITS_TEST_SIZE,
                                                        random_state=DIGITS_SEED, stratify=digits.target)
    return train_x, test_x, train_y, test_y


@functools.cache
def digits_split() -> Split:
    """The notebooks' split, with the images inverted (255 - pixel): a model that learns from the arguments fits
    them as well (normalised, they are the notebook's images negated), while a train that learns the notebook's
    own train_images instead fails the held-out ones."""
    train_x, test_x, train_y, test_y = digits_arrays()
    return Split(
        description=lambda: _("sklearn's digits: {train} training and {test} held-out 8x8 images "
                              "(0..16 rescaled to uint8 0..255, then inverted: 255 - pixel, so that only a model "
                              "trained on these images fits them), stratified split with seed {seed}").format(
            train=f"{len(train_x):,}", test=f"{len(test_x):,}", seed=DIGITS_SEED),
        train_x=255 - train_x, train_y=torch.as_tensor(train_y, dtype=torch.int64),
        test_x=held_out_inputs(255 - test_x, 255 - train_x), test_y=torch.as_tensor(test_y, dtype=torch.int64),
    )


def _torchvision_class(root: Path):
    from torchvision import datasets

    for name in TORCHVISION_SETS:
        if (root / name / "raw").is_dir() or (root / name / "processed").is_dir():
            return getattr(datasets, name)
    raise DataUnavailable(
        f"no MNIST or FashionMNIST under {root}: expected torchvision's layout, e.g. "
        f"{root / 'MNIST' / 'raw' / 'train-images-idx3-ubyte'} (the data is never downloaded)")


@functools.cache
def torchvision_split(root: Path, full: bool = False) -> Split:
    """MNIST (or Fashion-MNIST) under root: the first MNIST_TRAIN training and MNIST_TEST test images, or all."""
    dataset = _torchvision_class(root)
    try:
        train = dataset(str(root), train=True, download=False)
        test = dataset(str(root), train=False, download=False)
    except (RuntimeError, OSError, ValueError) as e:  # torchvision: "Dataset not found", truncated or corrupt files
        raise DataUnavailable(f"{dataset.__name__} under {root} cannot be read: {e}") from None
    train_x, train_y = (train.data, train.targets) if full else (train.data[:MNIST_TRAIN], train.targets[:MNIST_TRAIN])
    test_x, test_y = (test.data, test.targets) if full else (test.data[:MNIST_TEST], test.targets[:MNIST_TEST])
    height, width = tuple(train_x.shape[1:])
    sizes = {"train": f"{len(train_x):,}", "test": f"{len(test_x):,}", "height": height, "width": width}

    def describe() -> str:
        extent = (_("all {train} training images and all {test} test images ({height}x{width})") if full else
                  _("the first {train} training images and the first {test} test images ({height}x{width}; "
                    "a subset, sized for a CPU)")).format(**sizes)
        return _("{dataset} from {root}: {extent}").format(dataset=dataset.__name__, root=root, extent=extent)

    train_images = train_x.numpy().astype(np.uint8)
    return Split(
        description=describe,
        train_x=train_images, train_y=train_y.to(torch.int64),
        test_x=held_out_inputs(test_x.numpy().astype(np.uint8), train_images), test_y=test_y.to(torch.int64),
        work=max(1.0, len(train_x) / MNIST_TRAIN),
    )


def image_split(context: Context) -> Split:
    """The bundled digits, or MNIST/Fashion-MNIST from the context's data root (a subset, or all of it)."""
    if context.data_root is None:
        return digits_split()
    return torchvision_split(Path(context.data_root).expanduser().resolve(), context.full_data)


def image_workload(split: Split) -> Workload:
    """MNIST-sized images train much faster on a GPU; the bundled 8x8 digits train as fast on a CPU."""
    return "small" if split is digits_split() else "large"


def by_data(digits: float, mnist: float) -> Callable[[Split], float]:
    """A threshold calibrated on each kind of data: the bundled digits, and MNIST-format data from a data root."""
    return lambda split: digits if split is digits_split() else mnist


def normalize_statistics(images) -> tuple[float, float]:
    """Mean and (unbiased) standard deviation of all pixels of uint8 images after ToTensor's scaling to 0..1."""
    pixels = torch.as_tensor(np.asarray(images), dtype=torch.float64) / 255
    return float(pixels.mean()), float(pixels.std())


def transformed(images, transform=None) -> torch.Tensor:
    """uint8 images (N, H, W) through a transform (default: one built on these images), stacked: (N, 1, H, W)."""
    transform = transform or transform_reference(images)
    return torch.stack([transform(np.asarray(image)) for image in images])


def held_out_inputs(test_images, train_images) -> torch.Tensor:
    """The held-out images as the trained model takes them: transformed with the training images' statistics,
    (N, 1, H, W) float32."""
    return transformed(test_images, transform_reference(train_images))


def diagnose_classifier(trained: Trained) -> str | None:
    """Names the likely mistake of a 10-class training run that fell short, from its losses and predictions."""
    losses = trained.losses
    predicted = trained.predictions.argmax(dim=1) if trained.predictions.dim() == 2 else trained.predictions
    if losses and not all(math.isfinite(v) for v in losses):
        return _("The loss became NaN or infinite during training: the steps grew without bound. Call "
                 "optimizer.zero_grad() before every loss.backward() (gradients accumulate otherwise), and check that "
                 "the learning rate is not too high.")
    if losses and losses[0] > 10 * CHANCE_LOSS and trained.first_loss is not None and (
            trained.first_loss < 2 * CHANCE_LOSS):
        return _("Your loss started near {chance} = log(10) (the first batch's: {start}), but your first epoch's mean "
                 "loss is {first}: the steps overshoot, the learning rate is too high for this model. Lower it (the "
                 "lecture: SGD with lr=0.01, momentum=0.5).").format(
            chance=f"{CHANCE_LOSS:.2f}", start=f"{trained.first_loss:.3g}", first=f"{losses[0]:.4g}")
    if losses and losses[0] > 10 * CHANCE_LOSS:
        return _("Your first epoch's loss is {first}, far above {chance} = log(10), where a model starts on inputs "
                 "scaled as the held-out images are: the inputs are far too large. Transform the training images with "
                 "make_transform(images) (ToTensor and Normalize), not raw 0..255 pixels.").format(
            first=f"{losses[0]:.4g}", chance=f"{CHANCE_LOSS:.2f}")
    if len(losses) >= 2 and losses[-1] > min(losses) + 0.1 and not trained.gradients_cleared:
        return _("The loss rose again during training (from {lowest} to {last}): call "
                 "optimizer.zero_grad() before every loss.backward() (gradients accumulate otherwise), and check "
                 "that the learning rate is not too high.").format(lowest=f"{min(losses):.3f}", last=f"{losses[-1]:.3f}")
    if losses and min(losses) < 0.5 and trained.value < 0.5:
        return _("The model learned its training images (loss down to {lowest}) but fails the held-out "
                 "ones: did your function train on the notebook's train_images / train_labels instead of its "
                 "arguments? The grader's images are other ones (inverted: 255 - pixel).").format(
            lowest=f"{min(losses):.3f}")
    one_class = predicted.numel() > 0 and bool((predicted == predicted[0]).all())
    if one_class and losses and min(losses) < CHANCE_LOSS - 0.5:
        return _("The model learned its training images (loss down to {lowest}) but predicts class {label} for every "
                 "held-out image: it was trained on inputs unlike the held-out ones, which come through "
                 "make_transform (ToTensor and Normalize). Transform the training images with "
                 "make_transform(images) too, not raw 0..255 pixels.").format(
            lowest=f"{min(losses):.3f}", label=int(predicted[0]))
    if ends_with_softmax(trained) or trained.probabilities_into_loss:
        return softmax_twice(trained)
    still = under_trained(losses, _("The grader calls your training function with its own defaults: train for more "
                                    "epochs (the lecture trains 10) or with a larger learning rate."))
    if still:
        return still
    if one_class or (losses and min(losses) > CHANCE_LOSS - 0.2):
        seen = _("predicts class {label} for every held-out image").format(label=int(predicted[0])) if one_class \
            else _("never got its loss clearly below {chance} = log(10), the loss of a uniform guess").format(
                chance=f"{CHANCE_LOSS:.2f}")
        return _("The model {seen}: it learned nothing that ties the images to their labels. Are the labels "
                 "shuffled apart from the images (shuffle both together, e.g. a DataLoader over "
                 "TensorDataset(x, labels) with shuffle=True)? Does the optimizer hold this model's parameters, and "
                 "is optimizer.step() called after every loss.backward()? Is the model rebuilt inside the epoch loop? "
                 "Or, if the loss was still falling a little at every epoch, the learning rate is only too small for "
                 "the epochs it trains: raise either.").format(seen=seen)
    if trained.probabilities_into_loss is False and trained.gradients_cleared and len(losses) >= 2 and (
            losses[-1] < losses[-2] < losses[0]):
        return _("Your loss was still falling slowly when the training stopped ({first} -> {last} over {epochs} "
                 "epochs), and the worker saw your loop give the loss the raw scores and clear the gradients at every "
                 "step: the loop is right, its steps are too small to get far in these epochs. Raise the learning "
                 "rate (the lecture: SGD with lr=0.01, momentum=0.5) or train for more epochs.").format(
            first=f"{losses[0]:.3f}", last=f"{losses[-1]:.3f}", epochs=len(losses))
    return softmax_twice(trained)


softmax_twice = softmax_before_cross_entropy(CLASSES)
"""Rules out softmax before the loss whatever the accuracy (on the digits it reaches 0.72-0.94, across the bar)."""


__all__ = ["image_split", "digits_split", "digits_arrays", "torchvision_split", "transform_reference", "transformed",
           "held_out_inputs", "normalize_statistics", "diagnose_classifier", "softmax_twice", "digits_as_bytes"]
