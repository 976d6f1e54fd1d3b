"""The `grade` command as students and scripts meet it: reports, exit codes, messages without tracebacks."""

import json
import os
import subprocess
import sys
import types

import jsonschema
import pytest
import torch
from click.testing import CliRunner

import cli
from autograder.reports.json_report import schema
from tests.conftest import ROOT, reference_notebook, with_mistake

GRAD = "return (2 * x * (x * w - y)).mean()"


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory):
    """A hw02 notebook whose gradient misses the factor 2, graded once as JSON."""
    folder = tmp_path_factory.mktemp("student")
    path = folder / "hw02.ipynb"
    path.write_text(json.dumps(with_mistake(reference_notebook("hw02"), GRAD, "return (x * (x * w - y)).mean()")))
    result = CliRunner().invoke(cli.main, ["submit", "hw02", str(path), "--json"])
    return path, result


def test_json_report_follows_the_schema(mistaken):
    _, result = mistaken
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    jsonschema.validate(report, schema())
    assert report["score"] == 85 and report["max_score"] == 100
    (failed,) = [c for c in report["checks"] if c["status"] != "passed"]
    assert failed["id"] == "gradient" and "factor 2" in failed["hint"]
    assert failed["counterexample"]["inputs"]["x"].startswith("tensor(")


def test_html_report_is_written_beside_the_notebook(mistaken):
    path, result = mistaken
    html = (path.parent / "hw02.report.html").read_text(encoding="utf-8")
    assert "85/100" in html and "factor 2" in html and "<script" not in html
    assert "HTML report:" in result.stderr


def test_terminal_report_shows_counterexample_and_hint(tmp_path):
    path = tmp_path / "hw02.ipynb"
    path.write_text(json.dumps(with_mistake(reference_notebook("hw02"), GRAD, "return (2 * x * (y - x * w)).mean()")))
    result = CliRunner().invoke(cli.main, ["submit", "hw02", str(path), "--no-html"], terminal_width=120)
    assert result.exit_code == 0
    for words in ("Score: 85/100", "smallest failing input", "expected:", "received:", "hint:", "sign"):
        assert words in result.stdout
    assert not (tmp_path / "hw02.report.html").exists()


def test_default_notebook_is_found_in_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "my-hw02-final.ipynb").write_text(json.dumps(reference_notebook("hw02")))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.main, ["submit", "hw02", "--json", "--no-html"])
    assert result.exit_code == 0 and json.loads(result.stdout)["score"] == 100


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["submit", "hw02", "{tmp}/missing.ipynb"], "no such file"),
        (["submit", "hw02", "{tmp}/junk.ipynb"], "not a Jupyter notebook"),
        (["submit", "hw77", "{tmp}/junk.ipynb"], "unknown lesson 'hw77'"),
        (["submit", "hw02"], "no notebook of hw02"),
        (["submit", "hw02", "{tmp}/hw01.ipynb"], "is the notebook of hw01"),
        (["submit", "hw02", "{tmp}/renamed.ipynb"], "gradient() of hw02 is missing"),
        (["submit", "hw02", "{tmp}/junk.ipynb", "--data-root", "{tmp}/nowhere"], "does not exist"),
        (["submit", "hw02", "{tmp}/junk.ipynb", "--device", "tpu"], "'tpu' is not one of"),
        (["autograde", "hw09", "--gpu-workers", "0"], "0 is not in the range x>=1"),
    ],
)
def test_bad_input_exits_2_with_one_clear_message(tmp_path, monkeypatch, args, words):
    (tmp_path / "junk.ipynb").write_text("not a notebook")
    other = reference_notebook("hw02")
    other["metadata"]["autograder"]["lesson"] = "hw01"
    (tmp_path / "hw01.ipynb").write_text(json.dumps(other))
    renamed = with_mistake(reference_notebook("hw02"), "def gradient(x, y, w):", "def grad(x, y, w):")
    (tmp_path / "renamed.ipynb").write_text(json.dumps(renamed))
    monkeypatch.chdir(tmp_path / "..")
    result = CliRunner().invoke(cli.main, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "Traceback" not in result.output


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_asking_for_cuda_without_a_gpu_is_bad_input(tmp_path):
    notebook = tmp_path / "hw02.ipynb"
    notebook.write_text(json.dumps(reference_notebook("hw02")))
    result = CliRunner().invoke(cli.main, ["submit", "hw02", str(notebook), "--device", "cuda"])
    assert result.exit_code == 2 and "no CUDA GPU" in result.stderr and "Traceback" not in result.output


def test_autograde_shares_the_gpu_between_the_asked_number_of_trainings(monkeypatch, tmp_path):
    seen = {}
    monkeypatch.setattr("autograder.autograde.autograde", lambda course, lesson, **kw: seen.update(kw))
    monkeypatch.setattr("cli._course", lambda folder: types.SimpleNamespace(root=folder, language=None))
    result = CliRunner().invoke(cli.main, ["autograde", "hw09", "--course", str(tmp_path), "--gpu-workers", "3",
                                           "--data-root", str(tmp_path), "--full-data"])
    assert result.exit_code == 0, result.output
    context = seen["context"]
    assert context.gpu_slots.count == 3 and context.full_data and context.data_root == tmp_path
    assert "--gpu-workers" in CliRunner().invoke(cli.main, ["autograde", "--help"]).output


def test_grading_failure_exits_1_without_traceback(monkeypatch, tmp_path):
    def explode(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("autograder.submit.main", explode)
    result = CliRunner().invoke(cli.main, ["submit", "hw02", str(tmp_path / "x.ipynb")])
    assert result.exit_code == 1 and "grading failed: RuntimeError: disk on fire" in result.stderr
    assert "Traceback" not in result.output


def test_interrupt_exits_130_and_says_nothing_changed(monkeypatch, tmp_path):
    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("autograder.submit.main", interrupted)
    result = CliRunner().invoke(cli.main, ["submit", "hw02", str(tmp_path / "x.ipynb")])
    assert result.exit_code == 130 and "not changed" in result.stderr


def test_ctrl_c_pressed_again_while_grade_stops_changes_nothing():
    import os
    import signal

    saved = signal.signal(signal.SIGINT, cli._interrupt_once)
    try:
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)  # while the command stops: ignored
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, saved)


def test_list_shows_every_lesson_with_points_adding_to_100():
    result = CliRunner().invoke(cli.main, ["list", "--json"])
    lessons = json.loads(result.stdout)
    assert {lesson["lesson"] for lesson in lessons} >= {"hw02"}
    assert all(sum(c["points"] for c in lesson["checks"]) == 100 for lesson in lessons)


@pytest.mark.parametrize("command", [[], ["submit"], ["list"]])
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli.main, [*command, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output and "grade " in result.output


def test_console_script_answers_help_quickly():
    """Does `grade --help` stay fast (no torch import)?"""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import cli"], capture_output=True, text=True,
                         cwd=ROOT)
    assert "torch" not in out.stderr and "hypothesis" not in out.stderr


@pytest.mark.parametrize("args, code, shown", [
    (["--version"], 0, "grade, version"),
    (["submit", "hw99", "missing.ipynb"], 2, "unknown lesson 'hw99'"),
    (["no-such-command"], 2, "No such command"),
])
def test_the_console_script_keeps_exit_codes_output_and_exit_handlers(args, code, shown, tmp_path):
    """`grade` leaves without the interpreter's teardown: its output, exit code and exit handlers are all there."""
    marker = tmp_path / "exit handlers ran"
    script = (f"import atexit, pathlib, sys, cli\natexit.register(pathlib.Path({str(marker)!r}).touch)\n"
              "sys.argv[0] = 'grade'\ncli.run()")
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == code and shown in out.stdout + out.stderr and marker.exists()


def test_submit_reports_in_chinese_with_lang_zh(tmp_path):
    notebook = tmp_path / "hw02.ipynb"
    notebook.write_text(json.dumps(with_mistake(reference_notebook("hw02"), GRAD, GRAD.replace("2 * ", ""))))
    result = CliRunner().invoke(cli.main, ["submit", "hw02", str(notebook), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "得分" in result.stdout and "最小反例输入" in result.stdout and "提示" in result.stdout
    assert "HTML 报告" in result.stderr and "没有配置课程" in result.stderr
    assert 'lang="zh-Hans"' in (tmp_path / "hw02.report.html").read_text()


def test_titles_with_brackets_are_printed_as_written_not_read_as_rich_markup(tmp_path):
    """hw03's sgd_update title says `params = [w1, w2, b]`: rich took "[w1, w2, b]" for a style tag and dropped it."""
    listed = CliRunner().invoke(cli.main, ["list"], env={"COLUMNS": "250"})
    assert "params = [w1, w2, b]" in listed.output
    notebook = tmp_path / "hw03.ipynb"
    notebook.write_text((ROOT / "examples" / "hw03-sample-submission.ipynb").read_text(encoding="utf-8"))
    graded = CliRunner().invoke(cli.main, ["submit", "hw03", str(notebook), "--no-hand-in", "--no-html", "--lang", "en"],
                                env={"COLUMNS": "250", "AUTOGRADER_DAEMON": "0"})
    assert "params = [w1, w2, b]" in graded.output
