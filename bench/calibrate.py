"""Calibrates a lesson's training checks: what the reference and each listed mistake reach, seed by seed.

Grades the reference notebook and every mistake of tests/lessons/mistakes_LESSON.py that targets a training
check, once per seed, and prints the metric each training check reached, its threshold and the training time.
A threshold is well placed when every seed of the reference clears it with a margin and every mistake misses it.

    python bench/calibrate.py hw06 [--seeds 5]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autograder import lessons  # noqa: E402
from autograder.grading import grade  # noqa: E402
from tests.conftest import reference_notebook, with_mistake, write  # noqa: E402


def training_values(nb: dict, lesson: str, seed: int, folder: Path) -> dict[str, tuple[float | None, float, float]]:
    results = grade(write(nb, folder / f"{lesson}-{seed}.ipynb"), lesson, seed=seed)
    return {c.id: (c.training.value, c.training.threshold, c.training.train_seconds) for c in results.checks if c.training}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lesson", choices=lessons.LESSON_IDS)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    cases = importlib.import_module(f"tests.lessons.mistakes_{args.lesson}").MISTAKES
    with tempfile.TemporaryDirectory() as folder:
        training_ids = training_values(reference_notebook(args.lesson), args.lesson, 0, Path(folder))
        runs = [("reference", reference_notebook(args.lesson))]
        runs += [(case.name, with_mistake(reference_notebook(args.lesson), case.old, case.new))
                 for case in cases if case.check in training_ids]
        for name, nb in runs:
            seen: dict[str, list] = {}
            for seed in range(args.seeds):
                for check, value in training_values(nb, args.lesson, seed, Path(folder)).items():
                    seen.setdefault(check, []).append(value)
            for check, values in seen.items():
                reached = [v for v, _, _ in values]
                shown = " ".join("-" if v is None else f"{v:.4f}" for v in reached)
                finite = [v for v in reached if v is not None]
                spread = f"min {min(finite):.4f} max {max(finite):.4f}" if finite else "no value"
                seconds = statistics.median(s for _, _, s in values)
                print(f"{name:40} {check:16} threshold {values[0][1]:<8g} {spread}  [{shown}]  train {seconds:.2f} s")


if __name__ == "__main__":
    main()
