"""check() inside a real Jupyter kernel: grades what the kernel ran, through the daemon, never the saved file."""

from __future__ import annotations

import json
import time

import pytest

from autograder import daemon, lessons, plans, submit
from autograder.notebook import without_checks
from tests.conftest import reference_notebook, release_notebook

jupyter_client = pytest.importorskip("jupyter_client.manager")


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("AUTOGRADER_DAEMON", "1")
    manager, client = jupyter_client.start_new_kernel(kernel_name="python3")

    def run(code: str, *, may_fail: bool = False) -> str:
        out: list[dict] = []
        reply = client.execute_interactive(code, timeout=300, output_hook=out.append)
        assert may_fail or reply["content"]["status"] == "ok", reply["content"]
        return "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")

    run.manager, run.client = manager, client
    yield run
    manager.shutdown_kernel(now=True)
    daemon.stop()


def _cells(nb: dict) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def test_check_grades_the_code_the_kernel_ran_not_the_file(kernel, tmp_path):
    for source in _cells(release_notebook("hw03")):
        if "check(" not in source:
            kernel(source, may_fail=True)  # the demo cell calls the stubs
    assert "SCORE 0.0" in kernel('from autograder import check\nr = check("hw03")\nprint("SCORE", r.score)')

    forward = next(s for s in _cells(reference_notebook("hw03")) if "def forward" in s)
    kernel(forward)  # the student fixes forward() and runs its cell again, without saving
    saved = tmp_path / "hw03.ipynb"
    saved.write_text(json.dumps(release_notebook("hw03")))
    out = kernel(f'__session__ = {str(saved)!r}\nr = check("hw03", "forward")\n'
                 'print("SCORE", r.score, r.max_score, [c.status for c in r.checks])\nprint(r.note)')
    assert "SCORE 10.0 10 ['passed']" in out
    assert "forward in the saved hw03.ipynb differ from what this kernel ran" in out
    submitted = submit.main(lesson="hw03", notebook=saved, html=False, hand_in=False)  # grades the saved file
    assert submitted.results.score == 0 and submitted.note and "forward" in submitted.note

    # what the kernel patches does not reach the grading: it happens in the daemon and a fresh worker
    kernel("import torch, math\ntorch.allclose = lambda *a, **k: True\ntorch.isclose = lambda *a, **k: True\n"
           "math.isclose = lambda *a, **k: True\ndef forward(*args):\n    return 0.0\n")
    out = kernel('r = check("hw03", "forward")\nprint("SCORE", r.score)\nprint(r._repr_html_())')
    assert "SCORE 0.0" in out and "<table>" in out and "smallest failing input" in out


def test_a_cell_that_never_ends_costs_the_check_its_time_limit_and_the_kernel_stays_usable(kernel):
    for source in _cells(reference_notebook("hw03")):
        if "check(" not in source:
            kernel(source)
    # the student runs an endless loop, then interrupts it (stop_on_error=False: ipykernel would otherwise abort a
    # request that reaches it before it stops aborting after the error, a race that a loaded machine loses)
    kernel.client.execute("while True:\n    pass", stop_on_error=False)
    time.sleep(1)
    kernel.manager.interrupt_kernel()
    assert kernel.client.get_shell_msg(timeout=60)["content"]["ename"] == "KeyboardInterrupt"
    out = kernel('from autograder import check\nr = check("hw03", "forward")\nprint("SCORE", r.score, r.max_score)\n'
                 'print(r)\nprint(r._repr_html_())')
    assert "SCORE 10.0 10" in out  # the loop's cell was skipped, the rest graded
    assert out.count("ran past the time limit of 30 s") == 2  # in the text and in the table
    assert kernel("print(6 * 7)").strip() == "42"
    started = time.monotonic()  # the loop stays in the kernel's history: later checks leave it out at once
    out = kernel('r = check("hw03", "forward")\nprint("SCORE", r.score)\nprint(r)')
    assert time.monotonic() - started < 15 and "SCORE 10.0" in out
    assert "which ran past its time limit in an earlier check()" in out


def test_check_calls_never_reach_the_worker():
    cell = 'from autograder import check\nx = 1\ncheck("hw03", "forward")\nr = check("hw03")\ny = 2\n'
    assert without_checks(cell) == "\nx = 1\n\n\ny = 2\n"
    cell = 'check.prepare("hw03")\nimport autograder\nautograder.check.prepare("hw03")\n'
    assert without_checks(cell) == "\nimport autograder\n\n"
    mine = 'data = prepare(x)\nprepare(x)\nloader.prepare()\n'  # the student's own functions named prepare stay
    assert without_checks(mine) == mine


def test_the_setup_cell_starts_the_grader_in_the_background_and_the_first_check_finds_it_ready(kernel, tmp_path):
    kernel(f"import os\nos.environ['AUTOGRADER_CACHE_DIR'] = {str(tmp_path / 'cache')!r}")  # the daemon's, too
    setup = _cells(release_notebook("hw03"))[0]
    assert 'check.prepare("hw03")' in setup
    out = kernel(f"{setup}\nimport threading\nprint('PREPARING', [t.name for t in threading.enumerate()])")
    assert "autograder-prepare" in out  # the cell is done while the grader still starts
    kernel("import time\nwhile any(t.name == 'autograder-prepare' for t in threading.enumerate()):\n"
           "    time.sleep(0.05)")
    assert daemon.stop()  # it was running, started by the setup cell alone
    public = {c.id for c in lessons.get("hw03").checks if c.prepare is not None and not c.hidden}
    assert {p.name.split(".")[1] for p in plans.SHIPPED.glob("hw03.*.json")} == public  # their inputs: shipped,
    assert not list((tmp_path / "cache").glob("plans-*/hw03.*.json"))  # so none was drawn
