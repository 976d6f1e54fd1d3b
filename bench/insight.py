"""How long similarity takes for a class of hw03 submissions, and how the time grows with the class (50 to 300).

    .venv/bin/python bench/insight.py [--sizes 50 100 200 300]

Each synthetic submission takes every exercise from one of the nine styles of tests/test_insight.py (the course's
reference among them) at random, applies a classic mistake of tests/lessons/mistakes_hw03.py now and then, and
renames its local identifiers; a tenth of the class copies another student's submission with fresh names.
The time is `similar_pairs` alone (fingerprints, discounts, comparisons); the ratio is against the 50-student class,
beside the ratio of the number of pairs. Also printed: how many of the planted copies were flagged, and how many
other pairs were (students who drew the same style for most exercises: similar without copying). Then the class
again with one student in thirty more, who pasted the grader's oracles (tests/test_insight.py's `pasted`) and made
them their own as the others do: the time of `oracle_matches` (the comparisons: `grade insight` fingerprints the
class once for both), how many of them it flags, how many others, the lowest score of a paster, and the highest
score of any other student who shares enough with the oracles to be listed at all (MIN_ORACLE_MATCH; 0 if none).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autograder.insight.similarity import (  # noqa: E402
    fingerprints,
    notebook_code,
    oracle_code,
    oracle_matches,
    similar_pairs,
    solution_code,
)
from tests.conftest import release_notebook  # noqa: E402
from tests.lessons.mistakes_hw03 import MISTAKES  # noqa: E402
from tests.test_insight import HW03_PASTED_AS, ORIGINAL, STYLES, filled, pasted  # noqa: E402

LOCALS = ("dloss_dyhat", "params", "losses", "updated", "leaves", "history", "grads", "prediction", "error",
          "common", "trace", "record", "result", "curve", "gap", "leaf", "objective", "gradient", "state")

HABITS = (  # what a student adds of their own (made unique by a number), so that students differ
    "    assert isinstance(lr, float) or {0} > 0",
    "    print('debug', {0})",
    "    counter = {0}\n    counter += 1",
    "    _unused = [i * {0} for i in range(3)]",
    "    if {0} < 0:\n        raise ValueError('never')",
)


def submission(rng: random.Random, n: int, nb: dict | None = None) -> dict:
    """A student's notebook: the styles drawn (or `nb`), with mistakes, own names and own habits."""
    if nb is None:
        styles = [*STYLES, ORIGINAL]
        nb = filled({exercise: rng.choice(styles)[exercise] for exercise in STYLES[0]})
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        for mistake in MISTAKES:
            if mistake.old in source and rng.random() < 0.08:
                source = source.replace(mistake.old, mistake.new)
        for name in LOCALS:
            source = re.sub(rf"\b{name}\b", f"{name[:3]}_{n}", source)
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution") and rng.random() < 0.5:
            source = source.rstrip("\n") + "\n" + rng.choice(HABITS).format(rng.randrange(1000))  # own habits
        cell["source"] = source
    return nb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 300])
    args = parser.parse_args()
    stub = release_notebook("hw03")
    boilerplate = notebook_code(stub)
    similar_pairs(fingerprints({"a": "x = 1\n" * 20, "b": "x = 1\n" * 20}))  # imports (copydetect, numpy)
    oracles, paste = oracle_code("hw03"), pasted("hw03", HW03_PASTED_AS)  # imports the lesson (torch)
    first = None
    print(f"{'students':>8} {'pairs':>7} {'seconds':>8} {'time ratio':>10} {'pair ratio':>10} {'flagged':>7} "
          f"{'copies found':>12} {'others flagged':>14} {'oracle s':>8} {'pasters found':>13} {'others':>6} "
          f"{'lowest paster':>13} {'top other':>9}")
    for size in args.sizes:
        rng = random.Random(size)
        seeds: list[int] = []
        for n in range(size):  # a copier draws the same styles and mistakes as an earlier student, with its own names
            seeds.append(rng.choice(seeds) if n >= 10 and rng.random() < 0.1 else rng.randrange(2**32))
        codes = {f"student{n:03d}": solution_code(submission(random.Random(seed), n), stub)
                 for n, seed in enumerate(seeds)}
        start = time.perf_counter()
        pairs = similar_pairs(fingerprints(codes, boilerplate=boilerplate))
        seconds = time.perf_counter() - start
        first = first or (seconds, size * (size - 1) / 2)
        copies = {(f"student{i:03d}", f"student{j:03d}") for i in range(size) for j in range(i + 1, size)
                  if seeds[i] == seeds[j]}
        flagged = {p.students for p in pairs}
        pasters = {f"paster{k}": solution_code(submission(random.Random(k), size + k, json.loads(json.dumps(paste))),
                                               stub) for k in range(max(1, size // 30))}
        prints = fingerprints(codes | pasters, boilerplate=boilerplate)
        start = time.perf_counter()
        matches = oracle_matches(prints, oracles)
        oracle_seconds = time.perf_counter() - start
        found = {m.student for m in matches}
        scores = {m.student: m.score for m in oracle_matches(prints, oracles, threshold=-1.0)}
        lowest = min(scores.get(s, 0.0) for s in pasters)
        top = max((score for s, score in scores.items() if s not in pasters), default=0.0)
        print(f"{size:8d} {size * (size - 1) // 2:7d} {seconds:8.2f} {seconds / first[0]:10.1f} "
              f"{size * (size - 1) / 2 / first[1]:10.1f} {len(pairs):7d} {len(copies & flagged):>5d} of {len(copies):<4d} "
              f"{len(flagged - copies):14d} {oracle_seconds:8.2f} {len(found & set(pasters)):>6d} of {len(pasters):<4d} "
              f"{len(found - set(pasters)):6d} {lowest:13.2f} {top:9.2f}")


if __name__ == "__main__":
    main()
