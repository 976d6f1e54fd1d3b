"""Benchmarks: `grade submit` against `nbgrader autograde` and `jupyter nbconvert --execute` on the same notebooks.

Every figure is measured in this run, on this machine: the wall time of each tool on each lesson's reference
notebook (a fresh process each time, as a student or a script runs it; `grade submit` the first time of a session,
then warm, then without its daemon: see `grade_submit`), the ratios, and how fast a worker starts
from the fork server; then bench/throughput.py's figures: a class of hw03 submissions graded by `grade autograde`
with 1 and 2 workers (throughput, ratio, peak memory), hypothesis examples per second and a tensor call's round trip.

    python bench/run.py [--repeat 3] [--lessons hw02 hw03 hw08] [--class-size 100]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import reference_notebook, write  # noqa: E402

BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    env = {**os.environ, **(env or {}), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # nbgrader runs `alembic`
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return seconds


def median_of(repeat: int, command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    return statistics.median(timed(command, cwd, env) for _ in range(repeat))


def grade_submit(repeat: int, folder: Path, notebook: Path) -> tuple[float, float, float]:
    """`grade submit` as a student runs it, a fresh process each time: the first of a session (it starts the
    grading daemon; nothing kept from earlier runs), the median of the next ones (answered by the warm daemon), and
    the median without the daemon (AUTOGRADER_DAEMON=0: each process imports torch and starts its own fork server)."""
    command = [str(BIN / "grade"), "submit", notebook.stem, str(notebook), "--json", "--no-html", "--no-hand-in"]
    env = {"AUTOGRADER_RUNTIME_DIR": str(folder / "run"), "AUTOGRADER_CACHE_DIR": str(folder / "cache"),
           "AUTOGRADER_DAEMON": "1"}
    first = timed(command, folder, env)
    warm = median_of(repeat, command, folder, env)
    timed([sys.executable, "-c", "from autograder import daemon; daemon.stop()"], folder, env)
    alone = median_of(repeat, command, folder, {**env, "AUTOGRADER_DAEMON": "0"})
    return first, warm, alone


def nbgrader_course(folder: Path, lesson: str, notebook: Path) -> Path:
    """A course with the lesson generated and the notebook submitted by student 'bench'."""
    course = folder / "course"
    (course / "source" / lesson).mkdir(parents=True)
    shutil.copyfile(ROOT / "assignments" / lesson / f"{lesson}.ipynb", course / "source" / lesson / f"{lesson}.ipynb")
    (course / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.root = "{course}"\nc.CourseDirectory.course_id = "bench"\n')
    timed([str(BIN / "nbgrader"), "generate_assignment", lesson, "--force"], course)
    (course / "submitted" / "bench" / lesson).mkdir(parents=True)
    shutil.copyfile(notebook, course / "submitted" / "bench" / lesson / f"{lesson}.ipynb")
    return course


def worker_start_ms(samples: int = 20) -> float:
    from autograder.runner import Worker, fork_server

    fork_server()
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        with Worker([{"index": 1, "source": "def f(x):\n    return x"}]) as worker:
            worker.call("f", (1,))
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lessons", nargs="+", default=["hw02", "hw03", "hw08"])
    parser.add_argument("--class-size", type=int, default=100, help="hw03 submissions graded by `grade autograde` "
                        "with 1 and 2 workers (0: skip the class)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for lesson in args.lessons:
            folder = Path(tmp) / lesson
            folder.mkdir()
            notebook = write(reference_notebook(lesson), folder / f"{lesson}.ipynb")
            first, warm, alone = grade_submit(args.repeat, folder, notebook)
            course = nbgrader_course(folder, lesson, notebook)
            theirs = median_of(args.repeat, [str(BIN / "nbgrader"), "autograde", lesson, "--force"], course)
            executed = median_of(args.repeat, [str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                                               "--output", str(folder / "executed.ipynb"), str(notebook)], folder)
            rows.append((lesson, first, warm, alone, theirs, executed))
    print(f"{'':8} {'grade submit':^38} {'nbgrader':>10} {'ratio to grade submit':^28} {'nbconvert':>10}")
    print(f"{'lesson':8} {'first':>12} {'warm':>12} {'no daemon':>12} {'autograde':>10} {'first':>8} {'warm':>9} "
          f"{'no daemon':>9} {'--execute':>10}")
    for lesson, first, warm, alone, theirs, executed in rows:
        print(f"{lesson:8} {first:11.2f}s {warm:11.2f}s {alone:11.2f}s {theirs:9.2f}s {theirs / first:7.1f}x "
              f"{theirs / warm:8.1f}x {theirs / alone:8.1f}x {executed:9.2f}s")
    print(f"worker start from the fork server, a small notebook and one call: {worker_start_ms():.0f} ms (median of 20)")
    print(json.dumps({"python": sys.version.split()[0], "repeat": args.repeat}))
    import throughput  # bench/ is this script's folder

    print(json.dumps(throughput.run(args.class_size, [1, 2])))


if __name__ == "__main__":
    main()
