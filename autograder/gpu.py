"""The grader's side of GPU training: which device a training check uses, and how a class shares one GPU.

The grader decides where a training runs (the worker only follows): CUDA when the user asks for it, or when there
is a GPU and the workload gains from it (research/performance.md: the course's small models train no faster on an
H100 than on a CPU; an MNIST-sized CNN epoch takes 2.1 s there against 85 s on 2 CPU cores).

A class graded with `grade autograde` shares the GPU through `GpuSlots`: at most K trainings hold it at once,
each in its own worker process (forked from a server that never touched CUDA) whose CUDA allocator is capped at
its share of the GPU's memory. The slots are lock files held with `flock` by the grading process, so a grading that
dies frees its slot with it; they live on the machine that trains (a Dask worker's own).
Imports no torch at module level: a rubric's `Context` carries `GpuSlots` to every grading process.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from autograder.i18n import N_

Workload = Literal["small", "large"]
GPU_WORKLOADS: tuple[Workload, ...] = ("large",)
DEFAULT_GPU_WORKERS = 4
"""K, measured on an H100 (research/performance.md): 32 small trainings took 25.5 s with 1 process, 13.8 s with 4 and
13.6 s with 8; bench/gpu.py measures it again on the GPU at hand."""
MEMORY_SHARE = 0.9
"""The part of the GPU's memory the K workers share between them; the rest is the driver's and the grader's."""
WAIT_SECONDS = 0.05


def cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def choose_device(workload: Workload, requested: str) -> tuple[str, str]:
    """The device a training runs on and why (marked: the grading translates it)."""
    if requested == "cpu":
        return "cpu", N_("--device cpu was asked for")
    has_cuda = cuda_available()
    if requested == "cuda":
        return ("cuda", N_("--device cuda was asked for")) if has_cuda else ("cpu", N_("--device cuda was asked for, but there is no GPU"))
    if not has_cuda:
        return "cpu", N_("no GPU on this machine")
    if workload not in GPU_WORKLOADS:
        return "cpu", N_("a model this small trains as fast on a CPU as on a GPU")
    return "cuda", N_("a GPU is available and this workload trains much faster there")


@dataclass(frozen=True)
class GpuSlots:
    """At most `count` trainings on the GPU at once, across all of this user's gradings on this machine."""

    count: int = DEFAULT_GPU_WORKERS
    folder: str = ""
    """Where the lock files live; empty: this user's folder under the machine's temporary folder."""

    @property
    def memory_fraction(self) -> float:
        """Each worker's cap, as a fraction of the GPU's memory (torch.cuda.set_per_process_memory_fraction)."""
        return MEMORY_SHARE / self.count

    @contextmanager
    def hold(self) -> Iterator[int]:
        """Waits for a free slot and holds it (its number) until the block ends or this process dies."""
        folder = Path(self.folder or tempfile.gettempdir()) / f"grade-gpu-slots-{os.getuid()}"
        folder.mkdir(mode=0o700, exist_ok=True)
        files = [os.open(folder / f"slot-{n}", os.O_RDWR | os.O_CREAT, 0o600) for n in range(self.count)]
        try:
            while True:
                for number, fd in enumerate(files):
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        continue
                    try:
                        yield number
                    finally:
                        fcntl.flock(fd, fcntl.LOCK_UN)
                    return
                time.sleep(WAIT_SECONDS)
        finally:
            for fd in files:
                os.close(fd)
