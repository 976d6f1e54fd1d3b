"""Benchmark of GPU grading: a class of MNIST-sized CNN submissions (hw09), on the CPU and on the GPU.

Writes MNIST-format IDX files in torchvision's layout (60,000 training and 10,000 test 28x28 images: sklearn's
digits scaled up, shifted and noised, so that a CNN learns them as it learns MNIST), which the lesson reads through
torchvision's real loader (`--data-root`, never downloaded). The class holds the reference and the classic training
mistakes of tests/lessons/mistakes_hw09.py in turn. `grade autograde hw09` grades it, a fresh process per run:
- on the CPU (`--device cpu`): a measured subset of the class, extrapolated to the whole class;
- on the GPU, where there is one: the whole class with each `--gpu-workers K` asked for (K = 1 is the baseline).
It prints the wall time of each, the CPU-vs-GPU ratio, and each kind's scores (the same on every device).

    python bench/gpu.py [--class-size 100] [--cpu-sample 4] [--gpu-workers 1 2 4 8] [--workers 8] [--full-data]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.gpu import cuda_available  # noqa: E402
from bench.throughput import autograde, make_class  # noqa: E402
from tests.conftest import reference_notebook, with_mistake, write  # noqa: E402
from tests.lessons.mistakes_hw09 import MISTAKES  # noqa: E402
from tests.test_images import make_mnist  # noqa: E402

LESSON = "hw09"


def kinds(folder: Path) -> dict[str, Path]:
    """The reference and each classic mistake of the training check, as notebooks."""
    made = {"reference": write(reference_notebook(LESSON), folder / "reference.ipynb")}
    for case in MISTAKES:
        if case.check == "train_cnn":
            made[case.name] = write(with_mistake(reference_notebook(LESSON), case.old, case.new),
                                    folder / f"{len(made)}.ipynb")
    return made


def scores(printed: str) -> list[str]:
    """The 'student: score' lines `grade autograde` printed, in the students' order."""
    return [line for line in printed.splitlines() if line.startswith("s") and ":" in line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=100)
    parser.add_argument("--cpu-sample", type=int, default=4, help="submissions graded on the CPU (then extrapolated)")
    parser.add_argument("--gpu-workers", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="grading processes of the GPU runs")
    parser.add_argument("--full-data", action="store_true", help="train on all 60,000 images, not the first 3,000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_mnist(folder / "data", train=60_000, test=10_000, learnable=True)
        data = ("--data-root", str(folder / "data"), *(("--full-data",) if args.full_data else ()))
        notebooks = kinds(folder)
        print(f"hw09 CNN on MNIST-format 28x28 data ({'all 60,000' if args.full_data else 'the first 3,000'} training "
              f"images); kinds of submission: {', '.join(notebooks)}")
        rows = []
        sample, _ = make_class(folder / "cpu", args.cpu_sample, LESSON, notebooks)
        seconds, _, peak, printed = autograde(sample, 1, LESSON, (*data, "--device", "cpu"))
        extrapolated = seconds / args.cpu_sample * args.class_size
        rows.append(("cpu, 1 worker", f"{seconds:.1f} s for {args.cpu_sample}", extrapolated, peak))
        cpu_scores = scores(printed)
        if cuda_available():
            course, _ = make_class(folder / "gpu", args.class_size, LESSON, notebooks)
            for k in args.gpu_workers:
                seconds, _, peak, printed = autograde(course, max(k, args.workers), LESSON,
                                                      (*data, "--gpu-workers", str(k)))
                rows.append((f"auto (cuda), --gpu-workers {k}", "whole class", seconds, peak))
                same = scores(printed)[:len(cpu_scores)] == cpu_scores
                print(f"--gpu-workers {k}: scores of the CPU sample {'the same' if same else 'DIFFER'} on the GPU")
        else:
            print("no CUDA GPU here: only the CPU figures")
        print(f"\n{'run':28} {'measured':>16} {f'class of {args.class_size}':>14} {'vs cpu':>8} {'peak memory':>12}")
        for name, measured, seconds, peak in rows:
            print(f"{name:28} {measured:>16} {seconds / 60:>12.1f} m {extrapolated / seconds:>7.1f}x "
                  f"{peak / 1024**3:>10.1f} GiB")
        print("\nscores of the CPU sample:", "; ".join(cpu_scores))


if __name__ == "__main__":
    main()
