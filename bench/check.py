"""Benchmark of `check()` in a real Jupyter kernel, beside `nbgrader autograde` of the same notebook, in one run.

For each lesson: a fresh kernel runs the reference notebook's cells (the setup cell without its check.prepare), with
a grading daemon of its own that is not running yet and nothing kept from earlier runs (only the inputs the package
ships for its checks); then, timed inside the kernel
as the student waits for it, the first check of the session (it starts the daemon), each exercise checked alone
while warm, and the whole lesson while warm (medians of --repeat); then the first check of a later session (a new
kernel and daemon, what the first kept on disk); then the first check of a first session whose setup
cell ran as released (its check.prepare started the daemon in the background) and whose daemon got ready before
the check, as it does while a student writes the first exercise.
`nbgrader autograde` grades the same notebook saved to a file, a fresh process each time.

    python bench/check.py [--lessons hw00 hw01 hw02 hw03] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import lessons  # noqa: E402
from autograder.notebook import without_checks  # noqa: E402
from tests.conftest import reference_notebook, write  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BIN, median_of, nbgrader_course  # noqa: E402


def code_cells(notebook: dict) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in notebook["cells"] if c["cell_type"] == "code"]


class Kernel:
    """A Jupyter kernel that runs code and returns what it printed."""

    def __init__(self) -> None:
        self.manager, self.client = start_new_kernel(kernel_name="python3")

    def run(self, code: str) -> str:
        out: list[dict] = []
        reply = self.client.execute_interactive(code, timeout=300, output_hook=out.append)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel failed to run:\n{code}\n{reply['content']}")
        return "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")

    def seconds_to_check(self, lesson: str, exercise: str | None = None) -> float:
        """Times check() inside the kernel; fails unless the reference earns full marks."""
        call = f"check({lesson!r})" if exercise is None else f"check({lesson!r}, {exercise!r})"
        out = self.run(f"_t = time.perf_counter(); _r = {call}; _t = time.perf_counter() - _t\n"
                       "print(json.dumps([_t, _r.score, _r.max_score]))")
        seconds, score, max_score = json.loads(out.strip().splitlines()[-1])
        if score != max_score:
            raise RuntimeError(f"{call} gave the reference {score}/{max_score}")
        return seconds

    def close(self) -> None:
        self.manager.shutdown_kernel(now=True)


def session(lesson: str, *, prepared: bool = False) -> Kernel:
    """A fresh kernel that has run the reference notebook's code cells, and imported check; `prepared`: its setup
    cell as released (it calls check.prepare), and the grader it started in the background is ready."""
    kernel = Kernel()
    for index, source in enumerate(code_cells(reference_notebook(lesson))):
        if prepared and index == 0:
            kernel.run(source)
        elif without_checks(source).strip():
            kernel.run(without_checks(source))
    kernel.run("import json, threading, time\nfrom autograder import check")
    if prepared:  # as when the student takes longer to write the first exercise than the grader to start
        kernel.run("while any(t.name == 'autograder-prepare' for t in threading.enumerate()):\n    time.sleep(0.05)")
    return kernel


def exercises(lesson: str) -> list[str]:
    return sorted({c.function for c in lessons.get(lesson).checks if not c.hidden})


def bench_lesson(lesson: str, repeat: int, folder: Path) -> dict:
    from autograder import daemon

    os.environ["AUTOGRADER_RUNTIME_DIR"] = str(folder / "run")  # a daemon of this lesson's own, not started yet
    os.environ["AUTOGRADER_CACHE_DIR"] = str(folder / "cache")  # nothing kept from earlier runs
    os.environ["AUTOGRADER_DAEMON"] = "1"
    names = exercises(lesson)
    kernel = session(lesson)
    try:
        first = kernel.seconds_to_check(lesson, names[0])
        one = {name: statistics.median(kernel.seconds_to_check(lesson, name) for _ in range(repeat)) for name in names}
        whole = statistics.median(kernel.seconds_to_check(lesson) for _ in range(repeat))
    finally:
        kernel.close()
        daemon.stop()
    kernel = session(lesson)  # the next day: a new kernel and daemon, what the first session kept on disk
    try:
        later = kernel.seconds_to_check(lesson, names[0])
    finally:
        kernel.close()
        daemon.stop()
    os.environ["AUTOGRADER_CACHE_DIR"] = str(folder / "cache-prepared")  # a first session again, nothing kept
    kernel = session(lesson, prepared=True)  # the setup cell started the grader while the student worked
    try:
        prepared = kernel.seconds_to_check(lesson, names[0])
    finally:
        kernel.close()
        daemon.stop()
    notebook = write(reference_notebook(lesson), folder / f"{lesson}.ipynb")
    nbgrader = median_of(repeat, [str(BIN / "nbgrader"), "autograde", lesson, "--force"],
                         nbgrader_course(folder, lesson, notebook))
    daemon.stop()  # the one the notebook's own cells started in nbgrader's kernels
    return {"lesson": lesson, "first_check": first, "first_check_later_session": later,
            "first_check_after_setup_cell": prepared, "exercise_median": statistics.median(one.values()),
            "exercise_slowest": max(one.values()), "slowest_exercise": max(one, key=one.__getitem__),
            "whole_lesson": whole, "nbgrader_autograde": nbgrader}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", nargs="+", default=["hw00", "hw01", "hw02", "hw03"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for lesson in args.lessons:
        with tempfile.TemporaryDirectory(prefix=f"bench-check-{lesson}-") as tmp:
            rows.append(bench_lesson(lesson, args.repeat, Path(tmp)))
    print(f"{'lesson':7} {'first check':>12} {'(later session)':>16} {'(after setup cell)':>19} "
          f"{'one exercise (median, slowest)':>31} {'whole lesson':>13} {'nbgrader autograde':>19} {'ratio':>6}")
    for r in rows:
        print(f"{r['lesson']:7} {r['first_check']:11.2f}s {r['first_check_later_session']:15.2f}s "
              f"{r['first_check_after_setup_cell']:18.2f}s "
              f"{r['exercise_median']:13.3f}s {r['exercise_slowest']:6.3f}s "
              f"{r['slowest_exercise']:>10} {r['whole_lesson']:12.2f}s {r['nbgrader_autograde']:18.2f}s "
              f"{r['nbgrader_autograde'] / r['whole_lesson']:5.1f}x")
    print(json.dumps({"python": sys.version.split()[0], "repeat": args.repeat, "rows": rows}))


if __name__ == "__main__":
    main()
