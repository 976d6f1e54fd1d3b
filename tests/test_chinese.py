"""中文: every word a student reads exists in Chinese, from standard gettext catalogs, and the language changes no
score (issue 27).

English left in a Chinese text is found as the acceptance check finds it: common English words outside code spans,
formulas and fenced blocks.
"""

from __future__ import annotations

import ast
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from autograder import lessons
from autograder.catalogs import CLI, PACKAGE, grader_template, lesson_template, mismatches, po_path, problems, stale_mo
from autograder.grading import grade
from autograder.i18n import speaking, translate
from autograder.lesson_text import catalog_path, messages, read_catalog, translated
from autograder.rubric import Context
from tests.conftest import ROOT, release_notebook

SAMPLE = ROOT / "examples" / "hw03-sample-submission.ipynb"
CHROMIUM = Path("/usr/bin/chromium")
NO_BROWSER = "needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)"
CJK_FONT = bool(shutil.which("fc-list")) and bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True,
                                                                  text=True).stdout.strip())
NO_CJK_FONT = "no font with Chinese characters on this machine (.ci/run installs one: apt-get install fonts-wqy-microhei)"
ENGLISH = {"the", "your", "you", "with", "when", "only", "each", "every", "this", "that", "from", "should", "were",
           "has", "have", "does", "did", "than", "must", "which", "what", "because", "instead", "after", "before"}


def english(text: str) -> list[str]:
    """The common English words of `text` outside `code`, $formulas$ and fenced blocks."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.S)
    return [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH]


def report_english(results) -> dict[str, list[str]]:
    """Each text of a report that still has English in it, with its English words."""
    texts = {"lesson_title": results.lesson_title, **{f"notice {i}": n for i, n in enumerate(results.notices)}}
    for c in results.checks:
        texts.update({f"{c.id}.title": c.title, f"{c.id}.message": c.message, f"{c.id}.hint": c.hint})
    return {where: found for where, text in texts.items() if (found := english(text))}


# The catalogs.


def test_the_detector_finds_english_and_leaves_code_alone():
    assert english("Call backward() on the loss") == ["the"]
    assert english("在 `with torch.no_grad():` 下更新 $w$ 和 `the`") == []


def test_every_message_of_the_grader_has_its_chinese_with_the_same_placeholders():
    assert problems(read_catalog(po_path("zh")), grader_template()) == []


def test_the_compiled_catalog_is_the_one_the_po_file_says():
    """`python -m autograder.catalogs` compiles it; a .po edited by hand leaves the .mo stale."""
    assert not stale_mo("zh")


def test_a_translation_that_loses_a_placeholder_code_or_formula_is_caught():
    assert mismatches("{call} raises {error}", "{call} 抛出 {eror}")
    assert mismatches("use `p.grad.zero_()`", "使用 p.grad.zero_()")
    assert mismatches("$\\hat y = w x$ here", "这里 $\\hat y = wx$")
    assert not mismatches("{call} uses `x` bare with x", "{call} 使用 `x`，以及 `with x`")


def test_messages_are_marked_as_literals_so_that_babel_extracts_them():
    """`_(f"...")` or `_(text)` would never reach the catalog: the text is formatted after translation. Nor would
    `f"{_('hint')}: ..."`: Babel does not look inside f-strings."""
    found = []
    for path in [*PACKAGE.rglob("*.py"), CLI]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_f_strings = {id(n) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for n in ast.walk(f)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_", "translate")):
                continue
            literal = node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
            if (id(node) in in_f_strings and literal) or (node.func.id != "translate"
                                                          and not (literal and len(node.args) == 1)):
                found.append(f"{path.name}:{node.lineno}")
    assert not found


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_the_lessons_prose_has_its_chinese(lesson):
    source = ROOT / "assignments" / lesson / f"{lesson}.ipynb"
    catalog = read_catalog(catalog_path(source, "zh"))
    assert problems(catalog, lesson_template(source), placeholders=False) == []
    assert not [m for m in catalog if m.id and m.id not in messages(nbformat.read(source, as_version=4))], \
        "messages the notebook no longer has: run python -m autograder.catalogs"


# The Chinese release notebooks.


def _code(source: str) -> str:
    """A code cell's code without its docstrings and comments."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            body[0] = ast.Pass()
    return ast.dump(tree)


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_the_chinese_notebook_has_the_same_grade_ids_and_code_and_chinese_prose(lesson):
    en, zh = release_notebook(lesson), release_notebook(lesson, "zh")
    assert zh["metadata"]["autograder"] == {**en["metadata"]["autograder"], "language": "zh"}
    def grading(cell):  # nbgrader's checksum of a locked cell covers its comments too: each language has its own
        return {k: v for k, v in cell["metadata"].get("nbgrader", {}).items() if k != "checksum"}

    assert [grading(c) for c in zh["cells"]] == [grading(c) for c in en["cells"]]
    assert [_code("".join(c["source"])) for c in zh["cells"] if c["cell_type"] == "code"] == \
        [_code("".join(c["source"])) for c in en["cells"] if c["cell_type"] == "code"]
    left = {}
    for cell in zh["cells"]:
        text = "".join(cell["source"])
        prose = [text] if cell["cell_type"] == "markdown" else [
            d for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef)
            and (d := ast.get_docstring(n))] if cell["cell_type"] == "code" and not text.lstrip().startswith("%") else []
        left.update({p[:60]: english(p) for p in prose if english(p)})
    assert not left


def test_translating_keeps_the_code_of_a_cell_byte_for_byte_but_its_docstrings_and_comments():
    from babel.messages.catalog import Catalog

    cell = ('s = "点"  # a note\ndef f(x):\n    """One line.\n\n    Args:\n        x: the input.\n    """\n'
            '    return x  # the answer\n')
    catalog = Catalog(locale="zh")
    for english_text, chinese in [("a note", "一个注释"), ("One line.\n\nArgs:\n    x: the input.", "一行。\n\n参数:\n    x: 输入。"),
                                  ("the answer", "答案")]:
        catalog.add(english_text, chinese)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    out = translated(notebook, catalog, "zh").cells[0].source
    assert out == ('s = "点"  # 一个注释\ndef f(x):\n    """一行。\n\n    参数:\n        x: 输入。\n    """\n'
                   '    return x  # 答案\n')
    assert _code(out) == _code(cell)


# Reports in Chinese.


@pytest.fixture(scope="module")
def sample_in_both():
    return {lang: grade(SAMPLE, "hw03", context=Context(language=lang)) for lang in ("en", "zh")}


def test_the_sample_reads_in_chinese_and_scores_as_in_english(sample_in_both):
    en, zh = sample_in_both["en"], sample_in_both["zh"]
    assert (zh.language, en.language) == ("zh", "en")
    assert [(c.id, c.status, c.points) for c in zh.checks] == [(c.id, c.status, c.points) for c in en.checks]
    assert 0 < zh.score < zh.max_score
    assert report_english(zh) == {}
    assert report_english(en)  # the English report is English: the detector can fail
    assert zh.to_dict()["language"] == "zh"


@pytest.mark.parametrize("lesson", lessons.LESSON_IDS)
def test_every_lessons_stubs_report_in_chinese(lesson, notebook_file):
    results = grade(notebook_file(release_notebook(lesson, "zh")), lesson, context=Context(language="zh"))
    assert results.score == 0 and {c.status for c in results.checks} == {"not_implemented"}
    assert report_english(results) == {}


def test_submit_answers_in_the_notebooks_language_unless_told(tmp_path, monkeypatch):
    from autograder.submit import main

    zh, en = tmp_path / "zh" / "hw00.ipynb", tmp_path / "en" / "hw00.ipynb"
    for path, lang in ((zh, "zh"), (en, "en")):
        path.parent.mkdir()
        path.write_text(json.dumps(release_notebook("hw00", lang)), encoding="utf-8")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert main(lesson="hw00", notebook=zh, hand_in=False).results.language == "zh"
    assert main(lesson="hw00", notebook=zh, hand_in=False, lang="en").results.language == "en"
    assert main(lesson="hw00", notebook=en, hand_in=False).results.language == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(lesson="hw00", notebook=en, hand_in=False).results.language == "zh"


def test_the_hidden_half_tells_the_student_in_chinese():
    from autograder.results import Verdict

    with speaking("zh"):
        told = Verdict("failed").kept_from_the_student("f(x)", public_passed=True)
    assert "f(x)" in told.message and not english(told.message)



@pytest.mark.parametrize("data", ["hw05.cancer_data", "hw06.breast_cancer", "hw07.shipped_file", "hw10.surname_data",
                                  "hw12.char_data", "images.image_split"])
def test_a_split_kept_between_gradings_is_described_in_each_gradings_language(data):
    """The splits are cached across gradings (a daemon grades in both languages): their description is not."""
    import importlib

    module, name = data.split(".")
    split_of = getattr(importlib.import_module(f"autograder.lessons.{module}"), name)
    with speaking("zh"):
        chinese = split_of(Context()).described
    english_text = split_of(Context()).described
    assert chinese != english_text and english(english_text) and split_of(Context()) is split_of(Context())


# What a browser shows.


def missing_glyphs(page: Path, tmp_path: Path) -> list[str]:
    """The characters of `page`'s text that headless Chromium draws with no glyph (a box, or nothing), in the page's
    own fonts: each is drawn in a cell of a grid, with the page's style, and compared with a character no font
    has (U+10FFFD, the control: it must come out missing)."""
    source = page.read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", source, flags=re.S))
    characters = sorted({c for c in text if ord(c) > 0x2E7F and not c.isspace()}) + ["\U0010FFFD"]
    columns, cell = 20, 48
    head = re.search(r"<head>.*?</head>", source, flags=re.S)
    grid = "".join(f'<div style="position:absolute;left:{i % columns * cell}px;top:{i // columns * cell}px;'
                   f'width:{cell}px;height:{cell}px;font-size:32px;line-height:{cell}px;text-align:center">'
                   f"{html.escape(c)}</div>" for c, i in zip(characters, range(len(characters))))
    probe = tmp_path / "glyphs.html"
    probe.write_text(f'<!doctype html><html lang="zh-Hans">{head.group(0) if head else ""}'
                     f'<body style="margin:0;background:#fff;color:#000">{grid}</body></html>', encoding="utf-8")
    rows = -(-len(characters) // columns)
    shot = tmp_path / "glyphs.png"
    taken = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            "--force-device-scale-factor=1", f"--user-data-dir={tmp_path / 'profile'}",
                            f"--window-size={columns * cell},{rows * cell + 400}", f"--screenshot={shot}", probe.as_uri()],
                           capture_output=True, text=True, timeout=60)
    assert taken.returncode == 0 and shot.exists(), taken.stderr[-2000:]
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
    from matplotlib.image import imread

    pixels = imread(str(shot))[..., :3].mean(axis=2)

    def drawn(i: int):
        return pixels[i // columns * cell:(i // columns + 1) * cell, i % columns * cell:(i % columns + 1) * cell]

    control = drawn(len(characters) - 1)
    missing = [c for i, c in enumerate(characters) if (drawn(i) < 0.5).sum() == 0 or abs(drawn(i) - control).max() < 0.1]
    assert missing[-1] == "\U0010FFFD", "the control character was drawn: this probe cannot tell a missing glyph"
    return missing[:-1]


@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_BROWSER)
@pytest.mark.skipif(not CJK_FONT, reason=NO_CJK_FONT)
def test_the_chinese_html_report_draws_every_character(sample_in_both, tmp_path):
    from autograder.reports.html import to_html

    page = tmp_path / "report.html"
    page.write_text(to_html(sample_in_both["zh"], "zh"), encoding="utf-8")
    assert 'lang="zh' in page.read_text(encoding="utf-8")
    assert missing_glyphs(page, tmp_path) == []


@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_BROWSER)
@pytest.mark.skipif(not CJK_FONT, reason=NO_CJK_FONT)
def test_the_chinese_class_page_draws_every_character(sample_in_both, tmp_path):
    from autograder.course import RECORD, Course
    from autograder.insight import class_insight
    from autograder.insight.page import to_html

    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\nc.CourseDirectory.course_id = 'zh'\n")
    for student in ("s1", "s2"):
        folder = course / "autograded" / student / "hw03"
        folder.mkdir(parents=True)
        shutil.copy(SAMPLE, folder / "hw03.ipynb")
        (folder / RECORD).write_text(json.dumps(sample_in_both["zh"].to_dict()), encoding="utf-8")
    page = tmp_path / "class.html"
    page.write_text(to_html(class_insight(Course.find(course), "hw03"), "zh"), encoding="utf-8")
    assert missing_glyphs(page, tmp_path) == []
    assert translate("Misconceptions", "zh") in page.read_text(encoding="utf-8")



# A course in Chinese.


def test_a_course_configured_in_chinese_releases_and_autogrades_in_chinese(tmp_path):
    """`c.Autograder.language = "zh"` is the course's default for `grade release` and `grade autograde`; --lang wins."""
    from click.testing import CliRunner

    import cli
    from tests.conftest import a_class

    course = a_class(tmp_path, 1, "hw00")
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + f"c.Exchange.root = {str(tmp_path / 'exchange')!r}\n"
                      "c.Autograder.language = 'zh'\n")
    released = CliRunner().invoke(cli.main, ["release", "hw00", "--course", str(course)])
    assert released.exit_code == 0, released.output
    notebook = json.loads((course / "release" / "hw00" / "hw00.ipynb").read_text(encoding="utf-8"))
    assert notebook["metadata"]["autograder"]["language"] == "zh"
    assert not english("".join(notebook["cells"][0]["source"]))
    graded = CliRunner().invoke(cli.main, ["autograde", "hw00", "--course", str(course)])
    assert graded.exit_code == 0, graded.output
    report = json.loads((course / "autograded" / "s00" / "hw00" / "grade-report.json").read_text(encoding="utf-8"))
    assert report["language"] == "zh" and report["score"] == 100 and not english(report["lesson_title"])
    again = CliRunner().invoke(cli.main, ["release", "hw00", "--course", str(course), "--lang", "en"])
    assert again.exit_code == 2 and "Traceback" not in again.output  # its source is Chinese now: said in one line
    config.write_text(config.read_text() + "c.Autograder.language = 'fr'\n")
    bad = CliRunner().invoke(cli.main, ["autograde", "hw00", "--course", str(course)])
    assert bad.exit_code == 2 and "Autograder.language" in bad.output
