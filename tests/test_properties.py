"""Property checks: a hundred drawn inputs in a few pipelined requests, hypothesis's search only when one fails."""

import json
import os
import subprocess
import sys

import pytest
import torch
from hypothesis import find
from hypothesis.errors import NoSuchExample

from autograder import strategies
from autograder.properties import MAX_EXAMPLES, SEARCH, property_check
from autograder.rubric import Context
from autograder.runner import Limits, Worker

CODE = """
import torch
CALLS = []
def total(x):
    CALLS.append(len(x))
    return x.sum()
def total_short_only(x):
    CALLS.append((len(x), x.numpy().tobytes().hex()))
    return x.sum() if len(x) < 5 else x.sum() + 1
def total_until_tired(x):
    CALLS.append(len(x))
    return x.sum() if len(CALLS) < 40 else x.sum() * 0
def stub(x):
    raise NotImplementedError()
def made():
    return list(CALLS)
"""
EXAMPLES = [(torch.tensor([1.0, 2.0]),)]


def summing(function):
    return property_check(id=function, points=10, title="t", function=function, argnames=["x"],
                          oracle=lambda x: x.sum(), inputs=strategies.vectors().map(lambda x: (x,)), examples=EXAMPLES)


def run(function):
    with Worker([{"index": 1, "source": CODE}], Limits()) as worker:
        verdict = summing(function).run(worker, Context())
        return verdict, worker.call("made").value, worker


def test_a_passing_check_tries_a_hundred_drawn_inputs_and_the_examples_in_seven_requests():
    verdict, made, worker = run("total")
    assert verdict.status == "passed"
    assert len(made) == MAX_EXAMPLES + len(EXAMPLES) and len(set(made)) > 3  # drawn lengths vary
    assert worker.requests == 1 + 7 + 1  # the cell; requests of 1, 2, 4 ... 32 and 38 calls; the call of made()


def test_a_late_failure_is_shrunk_to_what_hypothesis_alone_finds_calling_each_input_once():
    verdict, made, _ = run("total_short_only")
    assert verdict.status == "failed"
    first_failure = next(i for i, (n, _) in enumerate(made) if n >= 5)
    batch, searched = made[:first_failure + 1], made[first_failure + 1:]
    assert first_failure > 0 and searched and not set(batch) & set(searched)  # the search calls none of them again
    alone = find(strategies.vectors().map(lambda x: (x,)), lambda args: len(args[0]) >= 5, settings=SEARCH)
    assert verdict.counterexample.inputs == {"x": "tensor([0., 0., 0., 0., 0.], dtype=torch.float64)"}
    assert len(alone[0]) == 5 and not alone[0].any()


def test_code_whose_answers_depend_on_its_past_calls_gets_the_same_verdict_every_time():
    first, second = run("total_until_tired")[0], run("total_until_tired")[0]
    assert first.status == "failed" and first == second


def test_a_stub_is_not_implemented_after_one_call():
    verdict, made, _ = run("stub")
    assert verdict.status == "not_implemented" and made == []


def test_the_batch_makes_the_calls_the_search_would_make_in_the_same_order():
    inputs = strategies.vectors().map(lambda x: (x,))
    with Worker([{"index": 1, "source": CODE}], Limits()) as worker:
        with pytest.raises(NoSuchExample):
            find(inputs, lambda args: worker.call("total", args).value is None, settings=SEARCH)
        searched = worker.call("made").value
    _, batched, _ = run("total")
    assert batched == searched + [2]  # then the worked example


def test_hypothesis_is_not_run_when_every_drawn_input_passes(monkeypatch):
    import autograder.properties as properties

    check = summing("total")
    with Worker([{"index": 1, "source": CODE}], Limits()) as worker:
        check.run(worker, Context())  # plans the inputs once

        def no_search(*args, **kwargs):
            raise AssertionError("searched")

        monkeypatch.setattr(properties, "find", no_search)
        assert check.run(worker, Context()).status == "passed"


def test_drawn_inputs_are_kept_for_the_next_process_and_used_instead_of_drawing(monkeypatch):
    import autograder.properties as properties
    from autograder import plans

    lesson = Context(lesson="hw99")
    with Worker([{"index": 1, "source": CODE}], Limits()) as worker:
        assert summing("total").run(worker, lesson).status == "passed"
        kept = plans.load("hw99", "total")
        assert kept is not None and len(kept) == MAX_EXAMPLES and all(isinstance(x, torch.Tensor) for (x,) in kept)

        def no_drawing(*args, **kwargs):
            raise AssertionError("drew again")

        monkeypatch.setattr(properties, "_drawn", no_drawing)
        assert summing("total").run(worker, lesson).status == "passed"  # a new check object, as in a new process
        with pytest.raises(AssertionError, match="drew again"):  # another check's inputs are its own
            summing("total_short_only").run(worker, lesson)


def test_only_inputs_that_survive_json_exactly_are_kept(tmp_path, monkeypatch):
    import numpy as np

    from autograder import plans

    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(tmp_path))
    plans.save("hw99", "scalars", [(np.float64(1.5),)])  # would come back a Python float
    plans.save("hw99", "objects", [(object(),)])
    assert plans.load("hw99", "scalars") is None and plans.load("hw99", "objects") is None
    plans.save("hw99", "kept", [(torch.tensor([1.0, -0.0]), 2, (3.5, [1]))])
    (x, n, rest), = plans.load("hw99", "kept")
    assert torch.equal(x, torch.tensor([1.0, -0.0])) and x.dtype == torch.float32 and n == 2 and rest == (3.5, [1])
    next(tmp_path.rglob("hw99.kept.json")).write_text("{not json")
    assert plans.load("hw99", "kept") is None


def test_inputs_kept_by_older_code_are_removed(tmp_path, monkeypatch, request):
    from autograder import plans

    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(tmp_path))
    plans.save("hw99", "a", [(1,)])
    monkeypatch.setattr(plans, "version", lambda: "edited")  # the package's code changed: a new process
    plans._code_digest.cache_clear()
    request.addfinalizer(plans._code_digest.cache_clear)
    assert plans.load("hw99", "a") is None
    plans.save("hw99", "a", [(2,)])
    assert plans.load("hw99", "a") == [(2,)] and len(list(tmp_path.glob("plans-*"))) == 1


def test_gradings_that_start_together_draw_a_checks_inputs_once(tmp_path, monkeypatch):
    import threading
    import time

    from autograder import plans

    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(tmp_path))
    drawings = []

    def draw() -> list[tuple]:
        drawings.append(threading.current_thread().name)
        time.sleep(0.3)  # the other grading asks meanwhile
        return [(1,), (2.5,)]

    got: list = []
    gradings = [threading.Thread(target=lambda: got.append(plans.kept_or_drawn("hw99", "once", draw)))
                for _ in range(2)]
    for grading in gradings:
        grading.start()
    for grading in gradings:
        grading.join()
    assert got == [[(1,), (2.5,)]] * 2 and len(drawings) == 1


def test_inputs_are_drawn_when_the_cache_cannot_be_written(tmp_path, monkeypatch):
    from autograder import plans

    (tmp_path / "a file").write_text("")
    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(tmp_path / "a file"))
    assert plans.kept_or_drawn("hw99", "x", lambda: [(1,)]) == [(1,)]
    assert plans.kept_or_drawn("hw99", "x", lambda: [(2,)]) == [(2,)]  # nothing was kept


def test_inputs_are_drawn_on_a_file_system_without_locks(tmp_path, monkeypatch):
    import fcntl

    from autograder import plans

    def no_locks(*args):
        raise OSError("locks are not supported here")

    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(fcntl, "flock", no_locks)
    assert plans.kept_or_drawn("hw99", "x", lambda: [(1,)]) == [(1,)]
    assert plans.load("hw99", "x") == [(1,)]


def test_gradings_that_start_together_share_out_the_drawing_of_a_lessons_inputs(tmp_path, monkeypatch):
    import threading
    import time
    from types import SimpleNamespace

    from autograder import plans
    from autograder.grading import draw_inputs

    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(tmp_path))
    drawings: list[tuple[str, str]] = []

    def check(name: str) -> SimpleNamespace:
        def draw() -> list[tuple]:
            drawings.append((name, threading.current_thread().name))
            time.sleep(0.3)  # the other grading gets to this check meanwhile
            return [(name,)]

        return SimpleNamespace(prepare=lambda lesson: plans.kept_or_drawn(lesson, name, draw))

    checks = [check(name) for name in "abcd"]
    gradings = [threading.Thread(target=draw_inputs, args=(checks, "hw99"), name=f"grading {i}") for i in range(2)]
    for grading in gradings:
        grading.start()
        time.sleep(0.05)
    for grading in gradings:
        grading.join()
    assert sorted(name for name, _ in drawings) == list("abcd")  # each drawn once
    assert {who for _, who in drawings} == {"grading 0", "grading 1"}  # by both, at once
    assert all(plans.load("hw99", name) == [(name,)] for name in "abcd")


def test_inputs_shipped_for_a_checks_recipe_are_used_and_any_other_recipe_draws(tmp_path, monkeypatch):
    from autograder import plans
    from autograder.sandboxed import wire

    monkeypatch.setenv("AUTOGRADER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(plans, "SHIPPED", tmp_path / "shipped")
    plans.SHIPPED.mkdir()
    shipped = {"recipe": plans._digest("floats(), max_examples=100"), "inputs": wire.encode([(1.5,), (2.5,)])}
    (plans.SHIPPED / "hw99.x.json").write_text(json.dumps(shipped))

    def no_drawing():
        raise AssertionError("drew")

    assert plans.kept_or_drawn("hw99", "x", no_drawing, "floats(), max_examples=100") == [(1.5,), (2.5,)]
    assert plans.kept_or_drawn("hw99", "x", lambda: [(7.0,)], "floats(), max_examples=99") == [(7.0,)]  # changed
    assert plans.kept_or_drawn("hw99", "y", lambda: [(8.0,)], "floats(), max_examples=100") == [(8.0,)]  # another


def test_the_package_ships_the_inputs_its_public_checks_draw(tmp_path):
    """Run `python -m autograder.plans` after changing a lesson: what it ships is what the checks draw now."""
    from autograder import plans

    subprocess.run([sys.executable, "-m", "autograder.plans", str(tmp_path)], check=True, timeout=300)
    drawn = {p.name: p.read_text() for p in tmp_path.glob("*.json")}
    shipped = {p.name: p.read_text() for p in plans.SHIPPED.glob("*.json")}
    assert len(drawn) > 50 and sorted(shipped) == sorted(drawn)
    assert [name for name in drawn if shipped[name] != drawn[name]] == []


def test_a_fresh_grader_draws_none_of_the_shipped_inputs(tmp_path):
    """The recipes are the same in every process (no addresses in them), so every grader finds the inputs shipped."""
    script = """
import autograder.properties as properties
from autograder import lessons, plans

def no_drawing(*args):
    raise AssertionError("drew")

properties._drawn = no_drawing
for lesson in lessons.all_lessons():
    for check in lesson.checks:
        if (plans.SHIPPED / f"{lesson.id}.{check.id}.json").exists():
            check.prepare(lesson.id)
"""
    env = {**os.environ, "AUTOGRADER_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not list(tmp_path.glob("plans-*/*.json"))  # nothing drawn, nothing kept
