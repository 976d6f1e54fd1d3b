"""Benchmarks of a class: `grade autograde` throughput by workers, its peak memory, and calls across the worker boundary.

A class of hw03 submissions (copies of the reference, of examples/hw03-sample-submission.ipynb, a realistic and
partly wrong notebook, and of the release stub, in turn) is put in a fresh nbgrader course, whose gradebook holds
the lesson as `grade release` leaves it, and graded from scratch by `grade autograde hw03 --workers N`, a fresh process each time as an instructor runs it. Measured: the wall time
and throughput for each N and their ratio, the same from the first submission recorded to the last (the start-up of
the processes and their fork servers left out), the peak memory (the sum of the resident sets of the grader's whole
process tree, fork server and sandboxed workers included, sampled every 0.1 s: shared pages count once per process,
so it overstates), hypothesis examples per second when each example calls the student's function in a worker, and
the round trip of a small tensor call. Each class is graded twice: with the hidden inputs (as `grade autograde` does)
and with the public inputs only (`--public-inputs-only`), for what the hidden halves cost.

    python bench/throughput.py [--class-size 100] [--workers 1 2]
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import lessons  # noqa: E402
from autograder.course import Course  # noqa: E402
from autograder.gradebook import register_checks  # noqa: E402
from tests.conftest import reference_notebook, release_notebook, write  # noqa: E402

BIN = Path(sys.executable).parent
LESSON = "hw03"
RELEASED = "released-gradebook.db"
SAMPLE = ROOT / "examples" / "hw03-sample-submission.ipynb"


def make_class(folder: Path, size: int, lesson: str = LESSON,
               kinds: dict[str, Path] | None = None) -> tuple[Path, dict[str, int]]:
    """An nbgrader course with `size` collected submissions, the `kinds` of notebook in turn (default: hw03's
    reference, sample and stub), and the gradebook that releasing the lesson made (kept beside the course as
    RELEASED, for each run to start from); returns it and how many of each kind."""
    course = folder / "course"
    course.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.root = "{course}"\nc.CourseDirectory.course_id = "bench"\n')
    kinds = kinds or {"reference": write(reference_notebook(LESSON), folder / "reference.ipynb"), "sample": SAMPLE,
                      "stub": write(release_notebook(LESSON), folder / "stub.ipynb")}
    counts = dict.fromkeys(kinds, 0)
    for i in range(size):
        kind = list(kinds)[i % len(kinds)]
        counts[kind] += 1
        target = course / "submitted" / f"s{i:03d}" / lesson
        target.mkdir(parents=True)
        shutil.copyfile(kinds[kind], target / f"{lesson}.ipynb")
    with Course.find(course).gradebook() as gb:  # what `grade release` does to the gradebook
        register_checks(gb, lessons.get(lesson))
    shutil.copyfile(course / "gradebook.db", folder / RELEASED)
    return course, counts


def tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:  # ended between listing and reading
            pass
    return total


def autograde(course: Path, workers: int, lesson: str = LESSON,
              options: tuple[str, ...] = ()) -> tuple[float, float, int, str]:
    """Wall seconds, steady submissions per second (first to last record, start-up left out), peak memory of the
    process tree, and the printed scores of one `grade autograde` run (with more command-line `options`)."""
    shutil.rmtree(course / "autograded", ignore_errors=True)  # from scratch: the lesson released, nothing graded yet
    shutil.copyfile(course.parent / RELEASED, course / "gradebook.db")
    cache = tempfile.mkdtemp(prefix="bench-cache-")  # nothing kept from an earlier run, as for the first
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "AUTOGRADER_CACHE_DIR": cache}
    started = time.perf_counter()
    process = subprocess.Popen([str(BIN / "grade"), "autograde", lesson, "--workers", str(workers), "--course",
                                str(course), *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    sampling = True

    def sample() -> None:
        nonlocal peak
        while sampling:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampling = False
    sampler.join()
    shutil.rmtree(cache, ignore_errors=True)
    if process.returncode != 0:
        raise RuntimeError(f"grade autograde --workers {workers} failed:\n{err[-2000:]}")
    written = sorted(p.stat().st_mtime for p in (course / "autograded").glob(f"*/{lesson}/grade-report.json"))
    steady = (len(written) - 1) / (written[-1] - written[0]) if len(written) > 1 and written[-1] > written[0] else 0.0
    return seconds, steady, peak, out


def round_trip_us(calls: int = 2000) -> float:
    """Median microseconds of one call of `f(x) = x` in a worker with a 4-float tensor, there and back."""
    import torch

    from autograder.runner import Worker

    x = torch.tensor([1.0, 2.0, 3.0, 4.0])
    with Worker([{"index": 1, "source": "def f(x):\n    return x"}]) as worker:
        worker.call("f", (x,))
        times = []
        for _ in range(calls):
            started = time.perf_counter()
            worker.call("f", (x,))
            times.append(time.perf_counter() - started)
    return 1e6 * statistics.median(times)


def examples_per_second(examples: int = 1000, checks: int = 20) -> dict[str, float]:
    """Hypothesis examples per second, each comparing a student's function with its oracle: as a property check
    makes them (its drawn inputs planned once, as in a warm grader, then pipelined to a worker); as hypothesis's
    search makes them when a check fails (one call at a time, with the grader's search settings); and with the
    function called in this process."""
    import torch
    from hypothesis import find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import NoSuchExample

    from autograder.compare import agree
    from autograder.properties import MAX_EXAMPLES, SEARCH, property_check
    from autograder.rubric import Context
    from autograder.runner import Worker

    search = settings(SEARCH, max_examples=examples)
    inputs = st.lists(st.floats(-10, 10, allow_nan=False, width=32), min_size=1, max_size=8).map(torch.tensor)
    check = property_check(id="f", points=1, title="f", function="f", argnames=["x"], oracle=lambda x: 2 * x + 1,
                           inputs=inputs.map(lambda x: (x,)))
    rates = {}
    with Worker([{"index": 1, "source": "def f(x):\n    return 2 * x + 1"}]) as worker:
        assert check.run(worker, Context()).status == "passed"  # plans its inputs
        started = time.perf_counter()
        for _ in range(checks):
            check.run(worker, Context())
        rates["pipelined"] = checks * MAX_EXAMPLES / (time.perf_counter() - started)
        for name, call in (("search", lambda x: worker.call("f", (x,)).value), ("in_process", lambda x: 2 * x + 1)):
            count = 0

            def wrong(x: torch.Tensor, call=call) -> bool:
                nonlocal count
                count += 1
                return not agree(call(x), 2 * x + 1)

            started = time.perf_counter()
            try:
                find(inputs, wrong, settings=search)
            except NoSuchExample:
                pass
            rates[name] = count / (time.perf_counter() - started)
    return rates


def run(class_size: int, workers: list[int]) -> dict:
    """Runs every measurement, prints the table, returns the figures."""
    import psutil

    figures: dict = {"class_size": class_size, "cpus": os.cpu_count(), "memory_gib": round(
        psutil.virtual_memory().total / 2**30, 1), "python": sys.version.split()[0], "runs": {}}
    if class_size > 0:
        with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp:
            course, counts = make_class(Path(tmp), class_size)
            figures["class"] = counts
            outputs = {}
            for n in workers:
                seconds, steady, peak, outputs[n] = autograde(course, n)
                figures["runs"][n] = {"seconds": round(seconds, 1), "per_second": round(class_size / seconds, 3),
                                      "steady_per_second": round(steady, 3), "peak_rss_gib": round(peak / 2**30, 2)}
                public_seconds, _, _, public_scores = autograde(course, n, options=("--public-inputs-only",))
                figures["runs"][n]["public_inputs_only_seconds"] = round(public_seconds, 1)
            figures["same_scores"] = len(set(outputs.values())) == 1
            figures["public_inputs_only_same_scores"] = public_scores == outputs[workers[-1]]
        kinds = ", ".join(f"{v} {k}" for k, v in counts.items())
        print(f"grade autograde {LESSON}, a class of {class_size} ({kinds}), {figures['cpus']} CPUs, from scratch")
        print(f"{'workers':>7} {'wall':>9} {'submissions/s':>14} {'speed-up':>9} {'after start-up':>15} "
              f"{'speed-up':>9} {'peak memory (RSS sum)':>22}")
        base = figures["runs"][workers[0]]
        for n, run_ in figures["runs"].items():
            steady = run_["steady_per_second"] / base["steady_per_second"] if base["steady_per_second"] else 0.0
            print(f"{n:>7} {run_['seconds']:8.1f}s {run_['per_second']:14.3f} {base['seconds'] / run_['seconds']:8.2f}x "
                  f"{run_['steady_per_second']:13.3f}/s {steady:8.2f}x {run_['peak_rss_gib']:18.2f} GiB")
        print(f"same scores in every run: {'yes' if figures['same_scores'] else 'NO'}")
        for n, run_ in figures["runs"].items():
            print(f"{n} worker(s): {run_['seconds']:.1f}s with the hidden inputs, {run_['public_inputs_only_seconds']:.1f}s "
                  f"with the public inputs only (--public-inputs-only): {run_['seconds'] / run_['public_inputs_only_seconds']:.2f}x")
    figures["round_trip_us"] = round(round_trip_us(), 1)
    rates = examples_per_second()
    figures["examples_per_second"] = {name: round(rate) for name, rate in rates.items()}
    print(f"round trip of a 4-float tensor call to a worker: {figures['round_trip_us']:.0f} µs (median of 2000)")
    print(f"hypothesis examples/s, each calling the student's function in a worker and checking it against the "
          f"oracle: {rates['pipelined']:,.0f} as a property check makes them (pipelined), {rates['search']:,.0f} "
          f"while hypothesis searches (one call at a time); the function called in this process: "
          f"{rates['in_process']:,.0f}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=100, help="submissions in the class (0: skip the class)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(json.dumps(run(args.class_size, args.workers)))


if __name__ == "__main__":
    main()
