"""The worker: student code runs in another process, within limits, and its failures are reported, not raised."""

import time

import psutil
import pytest
import torch

from autograder.errors import WorkerDied, WorkerTimeout
from autograder.runner import Limits, Worker

CODE = """
import os, torch
def double(x):
    return x * 2
def stub(x):
    raise NotImplementedError()
def broken(x):
    return helper(x)
def helper(x):
    return x / undefined_name
def spin():
    while True:
        pass
def leave():
    os._exit(0)
def hog():
    return torch.ones(10**10)
def chatter():
    for _ in range(10**5):
        print("x" * 100)
    return 1
def kept():
    return COUNT
COUNT = 1
"""


@pytest.fixture(scope="module")
def worker():
    with Worker([{"index": 3, "source": CODE}], Limits(call_seconds=3, memory_bytes=1024**3)) as w:
        yield w


def test_values_cross_the_boundary(worker):
    reply = worker.call("double", [torch.tensor([1.0, 2.0])])
    assert reply.error is None and torch.equal(reply.value, torch.tensor([2.0, 4.0]))


def test_stub_is_reported_as_not_implemented(worker):
    assert worker.call("stub", [1]).not_implemented


def test_student_traceback_is_trimmed_to_the_students_cells(worker):
    error = worker.call("broken", [1]).error
    assert error["ename"] == "NameError"
    assert "cell 3, line 8, in broken" in error["traceback"] and "cell 3, line 10, in helper" in error["traceback"]
    assert "autograder" not in error["traceback"]


def test_missing_function_is_a_name_error(worker):
    assert worker.call("nowhere").error["ename"] == "NameError"


def test_huge_output_is_capped_not_fatal(worker):
    assert worker.call("chatter").value == 1


def test_memory_bomb_fails_the_call_only(worker):
    error = worker.call("hog").error
    assert error is not None and "alloc" in error["evalue"].lower()
    assert worker.call("double", [1]).value == 2


def test_infinite_loop_hits_the_time_limit_and_the_worker_restarts(worker):
    started = time.monotonic()
    with pytest.raises(WorkerTimeout, match="time limit of 3 s"):
        worker.call("spin")
    assert time.monotonic() - started < 5
    assert worker.call("double", [21]).value == 42


def test_os_exit_is_a_dead_worker_not_a_success(worker):
    with pytest.raises(WorkerDied, match="exit code 0"):
        worker.call("leave")
    assert worker.call("kept").value == 1  # restarted with the notebook run again


PIPELINED = """
import time
CALLS = []
def record(x):
    CALLS.append(x)
    if isinstance(x, float):
        time.sleep(x)
    if x == 'stuck':
        while True:
            pass
    return len(CALLS)
def made():
    return list(CALLS)
"""


def test_pipelined_calls_answer_in_order_and_each_call_keeps_its_own_limit():
    with Worker([{"index": 1, "source": PIPELINED}], Limits(call_seconds=1)) as w:
        assert [r.value for r in w.calls("record", [(i,) for i in range(20)])] == list(range(1, 21))
        assert [r.value for r in w.calls("record", [(0.6,)] * 4)] == [21, 22, 23, 24]  # 2.4 s: the limit is per call
        replies = w.calls("record", [("a",), ("stuck",), ("b",)])
        assert next(replies).value == 25
        with pytest.raises(WorkerTimeout, match="record\\(\\) ran past the time limit of 1 s"):
            next(replies)
        assert w.call("made").value == []  # a fresh worker, the notebook run again


def test_pipelined_calls_left_early_are_made_only_up_to_the_end_of_their_request():
    with Worker([{"index": 1, "source": PIPELINED}], Limits(call_seconds=2)) as w:
        replies = w.calls("record", [("a",), ("b",), (0.5,), ("d",), ("e",)])  # requests of 1, 2, then 2 calls
        assert [next(replies).value, next(replies).value] == [1, 2]
        replies.close()  # the rest of that request is still made: the state never depends on timing
        assert w.call("made").value == ["a", "b", 0.5]


def test_errors_while_running_cells_are_collected():
    cells = [{"index": 1, "source": "x = 1"}, {"index": 2, "source": "1/0"}, {"index": 3, "source": "def y(): return x + 1"}]
    with Worker(cells) as w:
        assert w.call("y").value == 2  # later cells still ran
        assert [e["cell"] for e in w.load_errors] == [2] and w.load_errors[0]["ename"] == "ZeroDivisionError"


def test_a_cell_past_its_time_limit_is_skipped_once_and_the_other_cells_still_count():
    cells = [{"index": 1, "source": "while True: pass"}, {"index": 2, "source": "def f():\n    return 7"}]
    with Worker(cells, Limits(cell_seconds=1)) as w:
        started = time.monotonic()
        assert w.call("f").value == 7
        assert time.monotonic() - started < 5
        assert [e["cell"] for e in w.load_errors] == [1]
        assert "time limit of 1 s" in w.load_errors[0]["evalue"] and "skipped" in w.load_errors[0]["evalue"]
        w.kill()  # a later restart (after a failed check) skips the stuck cell without waiting for it again
        started = time.monotonic()
        assert w.call("f").value == 7
        assert time.monotonic() - started < 0.5


def test_notebook_whose_cells_keep_getting_stuck_hits_the_load_limit_once():
    cells = [{"index": i, "source": "import time\ntime.sleep(60)"} for i in (1, 2, 3)]
    with Worker(cells, Limits(cell_seconds=1, load_seconds=1.5)) as w:
        started = time.monotonic()
        with pytest.raises(WorkerTimeout, match="running your notebook ran past the time limit of 1.5 s"):
            w.call("f")
        assert time.monotonic() - started < 4
        started = time.monotonic()
        with pytest.raises(WorkerTimeout):
            w.call("f")
        assert time.monotonic() - started < 0.5  # not run again for every check


def test_workers_start_from_the_fork_server_even_after_the_grader_ran_threaded_torch_work():
    torch.set_num_threads(2)
    torch.randn(800, 800) @ torch.randn(800, 800)  # the trap: forking this process now would hang its children
    cells = [{"index": 1, "source": "import torch\ndef f():\n    return float((torch.ones(600, 600) @ torch.ones(600, 600))[0, 0])"}]
    with Worker(cells, Limits(call_seconds=20)) as w:
        assert w.call("f").value == 600.0


def test_a_dead_fork_server_is_replaced():
    from autograder import forking

    server = forking.fork_server()
    server._proc.kill()
    server._proc.wait()
    with Worker([{"index": 1, "source": "def f():\n    return 1"}]) as w:
        assert w.call("f").value == 1


@pytest.fixture
def given_server(monkeypatch):
    """A fork server started joinable, given to this process to use (as autograde gives one to each of its
    grading processes)."""
    from autograder import forking

    server = forking.ForkServer.start(joinable=True)
    monkeypatch.setattr(forking, "_server", None)
    monkeypatch.setattr(forking, "_given", None)
    forking.use(server.address, server.isolation)
    yield server
    server.close()


def _spawned(server) -> tuple[int, int]:
    """A worker forked by `server` (a handle); its pid and the end of the pipe it replies on."""
    import os

    request_r, request_w = os.pipe()
    reply_r, reply_w = os.pipe()
    pid = server.spawn(request_r, reply_w, Limits())
    os.close(request_r)
    os.close(reply_w)
    return pid, reply_r


def _ends(reply_r: int, seconds: float) -> bool:
    """Whether the worker replying on `reply_r` is gone within `seconds` (its pipe closed)."""
    import os
    import select

    gone = select.select([reply_r], [], [], seconds)[0] == [reply_r] and os.read(reply_r, 1) == b""
    os.close(reply_r)
    return gone


def test_a_process_forks_its_workers_from_the_server_it_was_given(given_server):
    from autograder import forking

    joined = forking.fork_server()
    assert joined is not given_server and joined._proc is None  # joined, not started
    assert joined.isolation == given_server.isolation
    with Worker([{"index": 1, "source": "def f():\n    return 1"}]) as w:
        assert w.call("f").value == 1
    _, reply_r = _spawned(joined)
    given_server.close()  # the server exits, and every worker it forked with it
    assert _ends(reply_r, 10)


def test_only_one_process_joins_a_server_and_it_stops_only_its_own_workers(given_server):
    from autograder import forking

    joined = forking.ForkServer.join(given_server.address, given_server.isolation)
    joined._wait_until_ready()
    with pytest.raises(OSError):  # the server stopped listening: one sandbox, one grading process
        forking.ForkServer.join(given_server.address, given_server.isolation)
    pid, reply_r = _spawned(joined)
    assert given_server.stop(pid) is None  # not the grader's own worker to stop
    joined.close()  # the process that joined went away: so did its workers
    assert _ends(reply_r, 10)
    pid, reply_r = _spawned(given_server)  # the server still serves the grader that started it
    assert given_server.stop(pid) == -9
    assert _ends(reply_r, 10)


def test_a_process_whose_given_server_is_gone_starts_its_own(given_server):
    from autograder import forking

    given_server.close()
    with Worker([{"index": 1, "source": "def f():\n    return 1"}]) as w:
        assert w.call("f").value == 1
    assert forking._server._proc is not None  # started by this process


def test_no_worker_outlives_its_grader():
    import signal
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = (
        "from autograder.runner import Worker\n"
        "w = Worker([{'index': 1, 'source': 'def spin():\\n    while True: pass'}])\n"
        "w.start()\n"
        "print('started', flush=True)\n"
        "w.call('spin')\n"
    )
    grader = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert grader.stdout.readline().strip() == "started"
    time.sleep(0.5)  # the worker is spinning now
    started = psutil.Process(grader.pid).children(recursive=True)  # fork server (sandbox) and worker
    assert len(started) >= 2
    grader.send_signal(signal.SIGKILL)
    grader.wait()
    _, alive = psutil.wait_procs(started, timeout=10)
    for process in alive:
        process.kill()
    assert not alive, "the worker kept running after its grader was killed"


def test_only_the_students_own_raise_counts_as_not_implemented_yet():
    cells = [{"index": 1, "source": (
        "import torch\n"
        "class Model(torch.nn.Module):\n"
        "    def foward(self, x):\n"  # the typo: nn.Module raises NotImplementedError itself
        "        return x\n"
        "def stub():\n"
        "    raise NotImplementedError()\n"
        "def typo():\n"
        "    return Model()(torch.ones(1))\n")}]
    with Worker(cells) as w:
        assert w.call("stub").not_implemented
        typo = w.call("typo")
        assert typo.error["ename"] == "NotImplementedError" and not typo.not_implemented
        assert "forward" in typo.error["evalue"]
