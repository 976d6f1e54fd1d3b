"""Reading notebooks: every problem with the file is one clear BadSubmission naming the file."""

import json

import pytest

from autograder.errors import BadSubmission
from autograder.notebook import (
    check_lesson,
    definitions,
    read_submission,
    strip_magics,
    top_level_names,
    without_checks,
)
from tests.conftest import reference_notebook, release_notebook

FUNCTIONS = ("cost", "gradient")


def nb(*sources, lesson=None):
    meta = {"autograder": {"lesson": lesson}} if lesson else {}
    cells = [{"cell_type": "code", "metadata": {}, "source": s, "outputs": [], "execution_count": None} for s in sources]
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": cells}


def write(tmp_path, content, name="hw.ipynb"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not a notebook", "not a Jupyter notebook"),
        ('{"cells": [{"cell_type": "code", "sou', "truncated or corrupt"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        ('{"hello": "world"}', "not a Jupyter notebook"),
        ("", "not a Jupyter notebook"),
    ],
)
def test_unreadable_files_are_named_with_their_problem(tmp_path, content, words):
    path = write(tmp_path, content)
    with pytest.raises(BadSubmission) as info:
        read_submission(path)
    assert str(path) in str(info.value) and words in str(info.value)


def test_a_50_mb_notebook_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.ipynb"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(BadSubmission, match=r"huge.ipynb: is 50.0 MiB, over the 20 MiB limit"):
        read_submission(path)


def test_nesting_past_what_python_parses_is_the_notebooks_problem_not_a_crash_of_the_grader(tmp_path):
    deep = "x = a" + ".a" * 100_000  # RecursionError in ast.parse
    submission = read_submission(write(tmp_path, nb("def cost(w):\n    return w", deep)))
    assert len(submission.cells) == 2 and "a.a" not in submission.imports
    assert without_checks(deep) == deep and definitions([deep]) == {} and top_level_names(deep) == {"x"}
    path = write(tmp_path, "[" * 100_000 + "]" * 100_000, name="deep.ipynb")  # RecursionError in json.loads
    with pytest.raises(BadSubmission, match="deep.ipynb: is not a Jupyter notebook"):
        read_submission(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(BadSubmission, match="no such file"):
        read_submission(tmp_path / "nope.ipynb")
    with pytest.raises(BadSubmission, match="is a folder"):
        read_submission(tmp_path)


def test_another_lessons_notebook_by_metadata(tmp_path):
    submission = read_submission(write(tmp_path, nb("def cost(): pass\ndef gradient(): pass", lesson="hw03")))
    with pytest.raises(BadSubmission, match="is the notebook of hw03, not of hw02"):
        check_lesson(submission, "hw02", FUNCTIONS, dict)


def test_another_lessons_notebook_by_its_functions(tmp_path):
    submission = read_submission(write(tmp_path, nb("def forward(): pass\ndef loss(): pass")))
    with pytest.raises(BadSubmission, match="looks like the notebook of hw01"):
        check_lesson(submission, "hw02", FUNCTIONS, lambda: {"hw01": ("forward", "loss"), "hw02": FUNCTIONS})


def test_renamed_function_is_named(tmp_path):
    submission = read_submission(write(tmp_path, nb("def cost(): pass", "def my_gradient(): pass")))
    with pytest.raises(BadSubmission, match=r"gradient\(\) of hw02 is missing: was it renamed"):
        check_lesson(submission, "hw02", FUNCTIONS, dict)


def test_cell_with_syntax_error_still_counts_its_functions(tmp_path):
    submission = read_submission(write(tmp_path, nb("def cost(x):\n    return x +\n", "def gradient(): pass")))
    check_lesson(submission, "hw02", FUNCTIONS, dict)  # graded, so the student sees the SyntaxError in the report


def test_magics_are_commented_out_and_cells_keep_positions(tmp_path):
    notebook = nb("%matplotlib inline\nimport torch", "!pip install torch\nx = 1")
    notebook["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": "# title"})
    submission = read_submission(write(tmp_path, notebook))
    assert [c["index"] for c in submission.cells] == [2, 3]
    assert submission.cells[0]["source"].startswith("# %matplotlib")
    assert "x" in submission.defined and "torch" in submission.defined


def test_names_defined_at_top_level_only():
    assert top_level_names("def f():\n    def g(): pass\nclass C: pass\na = b = 1\nimport numpy as np") == {
        "f", "C", "a", "b", "np"}
    assert strip_magics("x = 1\n  %time f()") == "x = 1\n#   %time f()"


def test_release_notebooks_name_their_lesson():
    assert release_notebook("hw02")["metadata"]["autograder"]["lesson"] == "hw02"


def test_an_old_format_notebook_is_converted_and_list_sources_are_joined(tmp_path):
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "code", "input": "def forward(x):\n    return x", "language": "python", "outputs": []}]}]}
    (tmp_path / "old.ipynb").write_text(json.dumps(v3))
    assert "forward" in read_submission(tmp_path / "old.ipynb").defined
    v4 = {"nbformat": 4, "nbformat_minor": 2, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["def cost(x):\n", "    return x\n"]}]}
    (tmp_path / "lines.ipynb").write_text(json.dumps(v4))
    submission = read_submission(tmp_path / "lines.ipynb")
    assert "cost" in submission.defined and submission.cells[0]["source"].strip() == "def cost(x):\n    return x"


def test_the_modules_a_notebook_imports_are_listed_once_in_order(tmp_path):
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}
             for source in ("import torch\nfrom torchvision import transforms", "import torch.nn as nn\n"
                            "def f():\n    import sklearn.datasets\n    from . import nothing",
                            "import torch\nopt = torch.optim.SGD")]
    (tmp_path / "nb.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))
    assert read_submission(tmp_path / "nb.ipynb").imports == (
        "torch", "torchvision", "torchvision.transforms", "torch.nn", "sklearn.datasets", "torch.optim")


def test_locked_cells_changed_since_release_are_named(tmp_path):
    nb = release_notebook("hw03")
    assert read_submission(write(tmp_path, nb)).edited_locked == ()
    setup = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "setup")
    setup["source"] = "".join(setup["source"]) + "\nprint('changed')"
    assert read_submission(write(tmp_path, nb, "edited.ipynb")).edited_locked == ("setup",)


def test_checksums_are_nbgraders_own():
    import nbformat
    from nbgrader.utils import compute_checksum

    from autograder import lessons
    from autograder.notebook import nbgrader_checksum

    cells = [c for lesson in lessons.LESSON_IDS for c in release_notebook(lesson)["cells"] if "nbgrader" in c["metadata"]]
    cells.append({**cells[0], "metadata": {"nbgrader": {**cells[0]["metadata"]["nbgrader"], "grade": True, "points": 5}}})
    kinds = {(m["nbgrader"].get("grade", False), m["nbgrader"].get("solution", False), m["nbgrader"].get("locked", False))
             for m in (c["metadata"] for c in cells)}
    assert len(cells) > 100 and len(kinds) >= 3  # locked, solution, and grade cells with points
    for cell in cells + [{**c, "source": "".join(c["source"]) + "# edited"} for c in cells]:
        assert nbgrader_checksum(cell) == compute_checksum(nbformat.from_dict(
            {**cell, "source": "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]}))


def test_text_utf8_cannot_hold_arrives_replaced(tmp_path):
    """A lone surrogate written as a JSON escape: the reports, the gradebook and the terminal take only UTF-8."""
    nb = reference_notebook("hw00")
    nb["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                        "source": "x = 'bad \ud800 text'"})
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")  # json.dumps escapes it: the file is valid UTF-8
    source = read_submission(path).cells[-1]["source"]
    assert source == "x = 'bad \ufffd text'"
