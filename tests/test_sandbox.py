"""Red team: submissions that try to cheat, peek, hang or harm (docs/threat-model.md, one attack per technique).

Every attack is put into the reference hw00 notebook, either as the body of `arange_matrix` (run when that check
calls it) or as a cell of its own at the top (run while the notebook loads, with `arange_matrix` left wrong). Each
must leave the grader with: that check at 0 points, every honest check still graded in full, the grading back within
its limits plus 5 s, the files outside the worker unchanged, and no process of the attack left running.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import socket
import tempfile
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from autograder import forking
from autograder.grading import grade
from autograder.runner import Limits, Worker
from autograder.sandbox import isolation
from tests.conftest import ROOT, reference_notebook, write

LESSON, TARGET, TARGET_POINTS = "hw00", "arange_matrix", 10
LIMITS = Limits(call_seconds=3, cell_seconds=3, load_seconds=8, memory_bytes=3 * 1024**3 // 2)  # the fork server's inherited heap counts too
SLACK = 5.0
MARKER = f"redteam-marker-{os.getpid()}"  # per test process: xdist runs another attack beside this one
sandboxed = pytest.mark.skipif(isolation().weaker, reason=f"no OS sandbox on this machine: {isolation().description}")

# Attacks run inside `def arange_matrix(n, m):` when the check calls it.
FORGED_ERRORS = (  # replies to the request being answered (its id read from the worker's frames), with error
    # reports that are not what the worker sends
    "import json, os, struct, sys\nframe, ids = sys._getframe(), set()\nwhile frame:\n"
    "    ids |= {v['id'] for v in frame.f_locals.values() if isinstance(v, dict) and 'id' in v and 'op' in v}\n"
    "    frame = frame.f_back\n"
    "for fd in map(int, os.listdir('/proc/self/fd')):\n    for i in ids:\n"
    "        for error in (5, {}):\n            body = json.dumps({'id': i, 'error': error}).encode()\n"
    "            try:\n                os.write(fd, struct.pack('>I', len(body)) + body)\n"
    "            except OSError:\n                pass\n")
AT_CALL = {
    "infinite_loop": "while True:\n    pass",
    "sleep": "import time\ntime.sleep(3600)",
    "deep_recursion": "import sys\nsys.setrecursionlimit(10**8)\ndef f(k):\n    return f(k + 1)\nreturn f(0)",
    "memory_bomb": "blocks = []\nwhile True:\n    blocks.append(bytearray(256 * 1024 * 1024))",
    "fork_bomb": "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass",
    "orphans_in_new_sessions": (
        "import os, sys\nfor i in range(10):\n    if os.fork() == 0:\n        os.setsid()\n"
        f"        os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(600)', '{MARKER}'])\n"
        "return None"),
    "thread_left_running": (
        "import threading\ndef spin():\n    while True:\n        pass\n"
        "threading.Thread(target=spin, daemon=False).start()\nreturn None"),
    "output_flood": "import sys\nfor _ in range(100000):\n    print('x' * 1000)\nreturn None",
    "huge_file": "with open('big.bin', 'wb') as f:\n    f.write(bytes(200 * 1024 * 1024))\nreturn None",
    "disk_fill": (
        "import os\nfor i in range(100):\n    with open(f'fill{i}.bin', 'wb') as f:\n"
        "        f.write(bytes(60 * 1024 * 1024))\nreturn None"),
    "sys_exit": "import sys\nsys.exit(0)",
    "os_exit": "import os\nos._exit(0)",
    "keyboard_interrupt": "raise KeyboardInterrupt",
    "kill_itself": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
    "kill_its_parent": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nreturn None",
    "stop_its_parent": "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\nreturn None",
    "stop_its_parent_and_spin": "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\nwhile True:\n    pass",
    "stop_every_process_it_can": (
        "import os, signal\nfor pid in [int(p) for p in os.listdir('/proc') if p.isdigit()]:\n"
        "    if pid != os.getpid():\n        try:\n            os.kill(pid, signal.SIGSTOP)\n"
        "        except OSError:\n            pass\nreturn None"),
    "kill_every_process_it_can": (
        "import os, signal\nfor pid in [int(p) for p in os.listdir('/proc') if p.isdigit()]:\n"
        "    if pid != os.getpid():\n        try:\n            os.kill(pid, signal.SIGKILL)\n"
        "        except OSError:\n            pass\nreturn None"),
    "forged_score_on_stdout": (
        "print('{\"score\": 100, \"max_score\": 100, \"status\": \"passed\"}', flush=True)\nreturn None"),
    "forged_reply_frames": (
        "import json, os, struct\nfor fd in map(int, os.listdir('/proc/self/fd')):\n    for i in range(1, 500):\n"
        "        body = json.dumps({'id': i, 'value': {'__tensor__': 'forged'}}).encode()\n"
        "        try:\n            os.write(fd, struct.pack('>I', len(body)) + body)\n"
        "        except OSError:\n            break\nreturn None"),
    "forged_error_reports": FORGED_ERRORS + "return None",
    "always_equal_object": (
        "class Equal:\n    def __eq__(self, other):\n        return True\n    def __float__(self):\n        return 0.0\n"
        "    def __bool__(self):\n        return True\n    def __reduce__(self):\n        return (os.system, ('true',))\n"
        "import os\nreturn Equal()"),
    "tensor_subclass": (
        "import torch\nclass Liar(torch.Tensor):\n    @classmethod\n"
        "    def __torch_function__(cls, func, types, args=(), kwargs=None):\n        return True\n"
        "return torch.zeros(n, m).as_subclass(Liar)"),
    "nan_and_inf": "import torch\nreturn torch.full((n, m), float('nan'))",
    "huge_return_value": "import torch\nreturn torch.zeros(40_000_000)",
    "deeply_nested_value": "v = []\nfor _ in range(5000):\n    v = [v]\nreturn v",
    "answers_that_swell_in_the_grader": "return [[]] * 1_500_000",  # 4.5 MB of JSON, 0.4 GiB of Python lists
    "patched_oracle_in_worker": (
        "import torch\ntorch.allclose = lambda *a, **k: True\ntorch.equal = lambda *a, **k: True\n"
        "torch.Tensor.__eq__ = lambda *a, **k: True\nreturn torch.zeros(1)"),
    "read_reference_solution": (
        f"namespace = {{}}\nexec(open({str(ROOT / 'solutions' / 'hw00.py')!r}).read(), namespace)\n"
        "return namespace['arange_matrix'](n, m)"),
    "import_the_lessons_oracle": "from autograder.lessons.hw00 import arange_matrix_reference\nreturn arange_matrix_reference(n, m)",
    "load_the_lessons_oracle_by_path": (
        "import importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('lesson', {str(ROOT / 'autograder' / 'lessons' / 'hw00.py')!r})\n"
        "lesson = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(lesson)\n"
        "return lesson.arange_matrix_reference(n, m)"),
    "walk_sys_path_for_answers": (
        "import importlib.util, os, sys, site\nroots = [p for p in sys.path + site.getsitepackages() if os.path.isdir(p)]\n"
        "for root in roots:\n    for folder, dirs, files in os.walk(root):\n"
        "        dirs[:] = [d for d in dirs if d not in ('torch', 'numpy', 'scipy', 'sklearn', 'sympy', 'nvidia')]\n"
        "        for name in files:\n            path = os.path.join(folder, name)\n"
        "            if name.endswith('.py') and 'arange_matrix' in open(path, errors='ignore').read():\n"
        "                spec = importlib.util.spec_from_file_location('found', path)\n"
        "                module = importlib.util.module_from_spec(spec)\n                try:\n"
        "                    spec.loader.exec_module(module)\n                    for attr in dir(module):\n"
        "                        if 'arange_matrix' in attr and callable(getattr(module, attr)):\n"
        "                            return getattr(module, attr)(n, m)\n"
        "                except Exception:\n                    pass\nreturn None"),
    "gc_and_frames_for_oracles": (
        "import gc, sys\nfor found in gc.get_objects():\n"
        "    if callable(found) and 'reference' in getattr(found, '__name__', '') and 'arange' in getattr(found, '__name__', ''):\n"
        "        return found(n, m)\n"
        "for frame in sys._current_frames().values():\n    while frame:\n"
        "        for value in list(frame.f_globals.values()) + list(frame.f_locals.values()):\n"
        "            if callable(value) and 'arange_matrix_reference' == getattr(value, '__name__', ''):\n"
        "                return value(n, m)\n        frame = frame.f_back\nreturn None"),
    "read_other_students_and_grader_files": (
        "import glob\nfound = glob.glob('/root/**', recursive=True)[:5] + glob.glob('/home/**/*.ipynb', recursive=True)\n"
        f"found += glob.glob({str(ROOT / 'assignments' / '**')!r}, recursive=True)\n"
        "assert not found, found\nreturn None"),
    "read_grader_memory": (
        "import os\nfor pid in [p for p in os.listdir('/proc') if p.isdigit()]:\n    try:\n"
        "        if b'pytest' in open(f'/proc/{pid}/cmdline', 'rb').read():\n"
        "            open(f'/proc/{pid}/mem', 'rb').read(1)\n            raise SystemExit('grader visible')\n"
        "    except OSError:\n        pass\nreturn None"),
}

# Attacks that run at the top of the notebook, while it loads.
AT_LOAD = {
    "forged_error_reports_at_load": FORGED_ERRORS,
    "loop_at_load": "while True:\n    pass",
    "os_exit_at_load": "import os\nos._exit(3)",
    "sys_exit_at_load": "import sys\nsys.exit(0)",
    "kill_its_parent_at_load": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
    "stop_its_parent_at_load": "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)",
    "signal_handlers_at_load": (
        "import signal\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):\n    signal.signal(s, signal.SIG_IGN)\n"
        "while True:\n    pass"),
}


def _attack_notebook(name: str) -> dict:
    nb = reference_notebook(LESSON)
    wrong = f"def {TARGET}(n, m):\n    return None\n"

    def cell(source: str) -> dict:
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}

    if name in AT_CALL:
        nb["cells"].append(cell(f"def {TARGET}(n, m):\n" + textwrap.indent(AT_CALL[name], "    ")))
    else:
        nb["cells"] = [cell(AT_LOAD[name])] + nb["cells"] + [cell(wrong)]
    return nb


@pytest.fixture
def canary(tmp_path):
    path = tmp_path / "canary.txt"
    path.write_text("canary")
    return path


@pytest.mark.parametrize("name", [*AT_CALL, *AT_LOAD])
def test_attack_is_contained(name, notebook_file, canary):
    if name in ("read_reference_solution", "read_other_students_and_grader_files", "read_grader_memory",
                "kill_every_process_it_can", "import_the_lessons_oracle", "load_the_lessons_oracle_by_path",
                "walk_sys_path_for_answers", "gc_and_frames_for_oracles") and isolation().weaker:
        pytest.skip(f"needs the OS sandbox: {isolation().description}")
    notebook = notebook_file(_attack_notebook(name))
    digest = hashlib.sha256(notebook.read_bytes()).hexdigest()
    honest_seconds = _honest_seconds()
    started = time.monotonic()
    results = grade(notebook, LESSON, limits=LIMITS)
    elapsed = time.monotonic() - started

    by_id = {c.id: c for c in results.checks}
    assert by_id[TARGET].points == 0, (by_id[TARGET].status, by_id[TARGET].message)
    honest = {c.id: (c.status, c.message) for c in results.checks if c.id != TARGET and c.status != "passed"}
    assert not honest, honest
    assert results.score == results.max_score - TARGET_POINTS
    limit = LIMITS.load_seconds if name in AT_LOAD else LIMITS.call_seconds
    assert by_id[TARGET].elapsed_seconds < limit + SLACK, f"the attacked check took {by_id[TARGET].elapsed_seconds} s"
    assert elapsed < 3 * honest_seconds + limit + SLACK, f"the grading took {elapsed:.1f} s"
    assert canary.read_text() == "canary"
    assert hashlib.sha256(notebook.read_bytes()).hexdigest() == digest
    assert not _leftover_processes(), "processes started by the attack outlive the grading"


def test_answers_that_would_swell_in_the_grader_are_refused_before_it_decodes_them(notebook_file):
    slow_machine = dataclasses.replace(LIMITS, call_seconds=60)  # encoding 1.5 million lists takes a second or two
    results = grade(notebook_file(_attack_notebook("answers_that_swell_in_the_grader")), LESSON, limits=slow_machine)
    assert "add up to more than" in {c.id: c.message for c in results.checks}[TARGET]


def test_write_outside_the_worker_folder_changes_nothing(notebook_file, canary):
    nb = reference_notebook(LESSON)
    nb["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": (
        f"def {TARGET}(n, m):\n    open({str(canary)!r}, 'w').write('pwned')\n"
        f"    import os\n    os.remove({str(canary)!r})\n    return None\n")})
    results = grade(notebook_file(nb), LESSON, limits=LIMITS)
    assert results.score == results.max_score - TARGET_POINTS
    assert canary.read_text() == "canary"


@sandboxed
def test_no_network_from_student_code(notebook_file):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    nb = reference_notebook(LESSON)
    nb["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": (
        f"def {TARGET}(n, m):\n    import socket\n    socket.create_connection(('127.0.0.1', {port}), timeout=1)"
        ".sendall(b'leak')\n    return None\n")})
    results = grade(notebook_file(nb), LESSON, limits=LIMITS)
    assert results.score == results.max_score - TARGET_POINTS
    with pytest.raises(TimeoutError):
        listener.accept()
    listener.close()


@sandboxed
def test_two_gradings_at_once_cannot_see_or_reach_each_other(monkeypatch):
    """`grade autograde --workers 2`: each grading process forks its workers from a server in a sandbox of its
    own. A worker of one finds neither the other's server socket, nor its worker's files, nor its processes."""
    other = forking.ForkServer.start(joinable=True)  # the fork server of the other grading process
    monkeypatch.setattr(forking, "_given", None)
    monkeypatch.setattr(forking, "_server", forking.ForkServer.join(other.address, other.isolation))
    probe = (
        "import glob, os, socket\n"
        "open('answers.txt', 'w').write('mine')\n"
        "def reach(address):\n"
        "    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)\n"
        "    try:\n"
        "        s.connect(address)\n"
        "        return 'joined'\n"
        "    except OSError as e:\n"
        "        return type(e).__name__\n"
        "def found():\n"
        "    return sorted(glob.glob('/tmp/grade-worker-*/answers.txt'))\n"
        "def processes():\n"
        "    return sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
        "def sockets():\n"
        "    links = []\n"
        "    for fd in os.listdir('/proc/self/fd'):\n"
        "        try:\n"
        "            links.append(os.readlink('/proc/self/fd/' + fd))\n"
        "        except OSError:\n"
        "            pass\n"
        "    return [link for link in links if link.startswith('socket:')]\n")
    try:
        with Worker([{"index": 1, "source": probe}]) as theirs:  # running, its answers written
            assert len(theirs.call("found").value) == 1
            monkeypatch.setattr(forking, "_server", None)  # this grading's own server
            with Worker([{"index": 1, "source": probe}]) as mine:
                alone = mine.call("processes").value
                assert mine.call("reach", (other.address,)).value == "FileNotFoundError"  # not in its view
                assert len(mine.call("found").value) == 1  # its own answers only
                assert mine.call("sockets").value == []  # no descriptor of a server either
            with Worker([{"index": 1, "source": probe}]) as mine:
                assert len(mine.call("processes").value) == len(alone)  # the other's processes are not listed
    finally:
        other.close()


def test_grader_secrets_in_the_environment_do_not_reach_the_worker(monkeypatch):
    monkeypatch.setenv("GRADER_SECRET", "s3cret")
    monkeypatch.setattr(forking, "_server", None)  # a fork server started while the secret is set
    with Worker([{"index": 1, "source": "import os\ndef env():\n    return dict(os.environ)"}]) as w:
        environment = w.call("env").value
    assert "GRADER_SECRET" not in environment and "s3cret" not in str(environment)


def test_reports_name_the_limit_that_stopped_the_code(notebook_file):
    timed = grade(notebook_file(_attack_notebook("infinite_loop")), LESSON, limits=LIMITS)
    assert "time limit" in {c.id: c for c in timed.checks}[TARGET].message
    flooded = grade(notebook_file(_attack_notebook("output_flood")), LESSON, limits=LIMITS)
    assert flooded.notices == [] or "output limit" in flooded.notices[0]
    loaded = grade(notebook_file(_attack_notebook("loop_at_load")), LESSON, limits=LIMITS)
    assert "time limit of 3 s" in loaded.notebook_errors[0].evalue and "skipped" in loaded.notebook_errors[0].evalue
    assert loaded.environment["isolation"] == isolation().description


def test_output_flood_while_loading_is_reported_as_the_output_limit(notebook_file):
    nb = reference_notebook(LESSON)
    nb["cells"].insert(0, {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                           "source": "for _ in range(20000):\n    print('x' * 1000)"})
    results = grade(notebook_file(nb), LESSON, limits=LIMITS)
    assert results.score == results.max_score, [(c.id, c.message) for c in results.checks if c.status != "passed"]
    assert len(results.notices) == 1 and "output limit" in results.notices[0], results.notices


_HONEST: list[float] = []


def _honest_seconds() -> float:
    """How long the honest notebook takes to grade in this process, once its checks have planned their inputs
    (measured once, the second time: an attack graded later finds them planned too)."""
    if not _HONEST:
        with tempfile.TemporaryDirectory() as folder:
            path = write(reference_notebook(LESSON), Path(folder) / "honest.ipynb")
            assert grade(path, LESSON, limits=LIMITS).score == 100
            started = time.monotonic()
            assert grade(path, LESSON, limits=LIMITS).score == 100
            _HONEST.append(time.monotonic() - started)
    return _HONEST[0]


def _leftover_processes() -> list[psutil.Process]:
    time.sleep(0.2)
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            if MARKER in " ".join(process.info["cmdline"] or []):
                found.append(process)
        except psutil.Error:
            pass
    for process in found:
        process.kill()
    return found



@sandboxed
def test_what_a_worker_leaves_in_tmp_and_shm_reaches_no_later_worker():
    """A stand-in's source copied out to /tmp by one check's worker would reach a later check, or the next student
    graded by the same server: the server wipes what stopped workers left there."""
    write = "def leave():\n    open('/tmp/stash.py', 'w').write('x')\n    open('/dev/shm/stash', 'w').write('x')\n"
    look = "import os\ndef find():\n    return sorted(os.listdir('/tmp')) + sorted(os.listdir('/dev/shm'))"
    with Worker([{"index": 1, "source": write}]) as first:
        assert first.call("leave").error is None
    with Worker([{"index": 1, "source": look}]) as later:
        seen = later.call("find").value
    assert "stash.py" not in seen and "stash" not in seen, seen


@sandboxed
def test_a_worker_cannot_read_the_memory_of_another_worker_or_of_its_server():
    """The course's reference runs in a worker beside the student's: no worker is dumpable, so none can trace another
    or read its memory, though they run as the same user."""
    peek = ("import os\ndef peek():\n    read = []\n    for pid in [p for p in os.listdir('/proc') if p.isdigit()]:\n"
            "        if int(pid) == os.getpid():\n            continue\n        try:\n"
            "            open(f'/proc/{pid}/mem', 'rb').read(1)\n            read.append(pid)\n"
            "        except OSError:\n            pass\n    return read")
    with Worker([{"index": 1, "source": "secret = 'reference'\ndef wait():\n    return 1"}]) as other, \
            Worker([{"index": 1, "source": peek}]) as student:
        assert other.call("wait").value == 1
        assert student.call("peek").value == []


@sandboxed
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGSTOP"])
def test_stopping_the_course_reference_does_not_pass_a_hidden_half(signal_name, notebook_file):
    """A cost fitted to the public inputs that, at every call, signals every other process of the sandbox (the
    course's reference worker among them, which answers the hidden inputs): the check is lost all the same."""
    import json as json_

    from autograder import lessons
    from autograder.rubric import Context
    from autograder.sandboxed import wire
    from autograder.unseen_inputs import reference_of

    public = [json_.dumps(wire.encode(list(args))) for args, _, _ in lessons.get("hw02").checks[0].prepare("hw02").calls]
    nb = reference_notebook("hw02")
    nb["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": (
        f"import json, os, signal\nfrom autograder.sandboxed import wire\nPUBLIC = set(json.loads({json_.dumps(json_.dumps(public))}))\n"
        "_cost = cost\ndef cost(x, y, w):\n    for pid in [int(p) for p in os.listdir('/proc') if p.isdigit()]:\n"
        "        if pid not in (os.getpid(), os.getppid()):\n            try:\n"
        f"                os.kill(pid, signal.{signal_name})\n            except OSError:\n                pass\n"
        "    right = _cost(x, y, w)\n"
        "    return right if json.dumps(wire.encode([x, y, w])) in PUBLIC else right * 1.5\n")})
    path = notebook_file(nb)
    assert grade(path, "hw02", limits=LIMITS).score == 100  # right on every public input
    hidden = Context(hidden=reference_of(ROOT / "assignments" / "hw02" / "hw02.ipynb", 1))
    results = grade(path, "hw02", limits=LIMITS, include_hidden=True, context=hidden)
    by_id = {c.id: c for c in results.checks}
    assert by_id["cost"].points == 0, (by_id["cost"].status, by_id["cost"].message)
