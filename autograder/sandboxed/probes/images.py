"""The image lessons' training probe (hw08's MLP, hw09's CNN): trains with the student's function on the training
images and predicts the held-out images, which the grader sent already transformed as the model takes them
(`autograder.lessons.images`), so that no transform of the grader's runs here."""

from __future__ import annotations

from autograder.sandboxed import model_probe


def probe_train(student_fn, train_images, train_labels, test_inputs, settings) -> dict:
    """Trains with student_fn(train_images, train_labels, device) and predicts the held-out inputs (N, 1, H, W)."""
    return model_probe.observe(
        lambda device: student_fn(train_images, train_labels, device),
        lambda model, device: model(test_inputs.to(device)),
        settings,
    )
