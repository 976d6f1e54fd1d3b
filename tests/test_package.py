"""What students install: the wheel carries the grader, never reference solutions, source notebooks or hidden checks."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_the_wheel_carries_no_reference_solution_source_notebook_or_hidden_check(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "cli.py" in names and "autograder/grading.py" in names and "autograder/lessons/hw03.py" in names
    assert "autograder/lessons/plans/hw03.train.json" in names  # the public checks' inputs, drawn once for all
    leaks = [n for n in names if n.startswith(("solutions/", "assignments/", "tests/", "release/"))
             or n.endswith(".ipynb") or "hidden" in n.lower() or "held" in n.lower()]
    assert not leaks
