"""Reading a student's notebook: nbformat in, the code cells and the names they define out.

Every problem with the file itself (missing, not a notebook, corrupt, another lesson's, an exercise function
missing or renamed) becomes one `BadSubmission` that names the file and the problem.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from autograder.errors import BadSubmission
from autograder.i18n import LANGUAGES, _, default_language
from autograder.sandboxed import text as student_text

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
METADATA_KEY = "autograder"
COURSE_HIDDEN_POINTS = "course_hidden_points"
"""The key, in the notebook's METADATA_KEY metadata, of the points that the course's own hidden checks add."""
LANGUAGE = "language"
"""The key, in the notebook's METADATA_KEY metadata, of the language its prose is written in (`grade release
--lang`; absent: English, unless the student's locale says otherwise)."""
_MAGIC = re.compile(r"^\s*([%!]|\?|\w+\?\s*$)")
_DEF = re.compile(r"^(?:async\s+)?def\s+(\w+)|^class\s+(\w+)|^(\w+)\s*=", re.M)


@dataclass(frozen=True)
class Submission:
    """A notebook ready to run: its code cells (1-based positions in the notebook) and defined names."""

    path: Path
    cells: list[dict]
    defined: frozenset[str]
    lesson: str | None
    """The lesson the notebook's metadata names, if any."""
    imports: tuple[str, ...] = ()
    """Modules the notebook imports, in order of first appearance."""
    edited_locked: tuple[str, ...] = ()
    """Cells nbgrader locked (setup, demo, checks) whose content no longer matches nbgrader's checksum."""
    course_hidden_points: float = 0.0
    """The points the course's own hidden checks add to the lesson, as the released notebook says (`grade release`
    writes them into its metadata): reported to the student as not run, never graded on."""
    language: str | None = None
    """The language the notebook says its prose is written in (`LANGUAGE`), if one this grader speaks."""


def parsed(source: str) -> ast.Module | None:
    """The cell's syntax tree; None for a cell that is not Python, or nested past what the parser takes (a student's
    cell must never crash the grader)."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def imported_modules(source: str) -> list[str]:
    """The modules a cell imports or reaches anywhere in it (`import a.b`: a.b; `from a.b import c`: a.b and a.b.c;
    `torch.optim.SGD(...)`: torch.optim). Names that are not modules are harmless: only known modules are preloaded."""
    tree = parsed(source)
    if tree is None:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def without_checks(source: str) -> str:
    """The cell without its `check(...)` and `check.prepare(...)` statements and `from autograder import check`: the
    checking side never runs with the student's code. Dropped lines become blank, so line numbers in tracebacks stay
    right."""
    tree = parsed(source)
    if tree is None:
        return source
    drop = {line for node in tree.body if _is_check(node) for line in range(node.lineno - 1, node.end_lineno or node.lineno)}
    if not drop:
        return source
    return "".join("\n" if i in drop else line for i, line in enumerate(source.splitlines(keepends=True)))


_CHECK_CALLS = {"check", "autograder.check", "check.prepare", "autograder.check.prepare"}


def _is_check(node: ast.stmt) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.module == "autograder" and all(alias.name == "check" for alias in node.names)
    value = node.value if isinstance(node, (ast.Expr, ast.Assign)) else None
    return isinstance(value, ast.Call) and _dotted(value.func) in _CHECK_CALLS


def _dotted(node: ast.expr) -> str:
    """`a.b.c` for a chain of names, else ''."""
    attributes = []
    while isinstance(node, ast.Attribute):
        attributes.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(attributes)]) if isinstance(node, ast.Name) else ""


def strip_magics(source: str) -> str:
    """Comments out IPython magics and shell escapes, which plain Python cannot run."""
    return "\n".join(f"# {line}" if _MAGIC.match(line) else line for line in source.splitlines())


def top_level_names(source: str) -> set[str]:
    """Names a cell defines at top level; a cell with a syntax error is scanned with a regex instead."""
    tree = parsed(source)
    if tree is None:
        return {name for match in _DEF.finditer(source) for name in match.groups() if name}
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def read_submission(path: str | Path) -> Submission:
    """Reads a notebook; raises BadSubmission when the file is not a readable notebook."""
    path = Path(path)
    shown = str(path)
    if not path.exists():
        raise BadSubmission(shown, _("no such file"))
    if path.is_dir():
        raise BadSubmission(shown, _("is a folder, not a notebook file"))
    try:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            raise BadSubmission(shown, _("is {size} MiB, over the {limit} MiB limit").format(
                size=f"{size / 2**20:.1f}", limit=MAX_NOTEBOOK_BYTES // 2**20))
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadSubmission(shown, _("is not a Jupyter notebook (not UTF-8 text)")) from None
    except OSError as e:
        raise BadSubmission(shown, _("cannot be read ({error})").format(error=e.strerror)) from None
    try:
        data = student_text.loads(text)  # the student's text reaches reports and the terminal
    except (ValueError, RecursionError) as e:
        problem = (_("is truncated or corrupt JSON ({error})") if text.lstrip().startswith("{")
                   else _("is not a Jupyter notebook ({error})"))
        raise BadSubmission(shown, problem.format(error=str(e)[:120])) from None
    nb = data if _is_v4(data) else _upgraded(text, shown)
    if not isinstance(nb.get("cells"), list):
        raise BadSubmission(shown, _("is not a Jupyter notebook (no cells)"))
    code = {position: _source_text(cell.get("source", "")) for position, cell in enumerate(nb["cells"], start=1)
            if isinstance(cell, dict) and cell.get("cell_type") == "code"}
    metadata = nb.get("metadata")
    marker = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    lesson = marker.get("lesson") if isinstance(marker, dict) else None
    submission = submission_of(path, code, lesson if isinstance(lesson, str) else None)
    return replace(submission, edited_locked=edited_locked_cells(nb["cells"]),
                   course_hidden_points=_points(marker.get(COURSE_HIDDEN_POINTS) if isinstance(marker, dict) else None),
                   language=_language(marker.get(LANGUAGE) if isinstance(marker, dict) else None))


def answer_language(path: Path, asked: str | None = None) -> str:
    """The language to answer a student in: `asked` (--lang), else the one the notebook at `path` says it is written
    in, else the locale's (a notebook that says none, or cannot be read: the grading that follows says why)."""
    if asked:
        return asked
    try:
        written = read_submission(path).language
    except BadSubmission:
        written = None
    return written or default_language()


def _language(value: object) -> str | None:
    return value if value in LANGUAGES else None


def _points(value: object) -> float:
    """A number of points the notebook states, or 0 (anything else: the student's file may say anything)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e6:
        return 0.0
    return float(value)


def edited_locked_cells(cells: list) -> tuple[str, ...]:
    """The grade ids of locked cells changed since nbgrader released them (their checksum no longer matches)."""
    locked = [c for c in cells if isinstance(c, dict) and isinstance(c.get("metadata"), dict)
              and isinstance(c["metadata"].get("nbgrader"), dict) and c["metadata"]["nbgrader"].get("locked")
              and c["metadata"]["nbgrader"].get("checksum")]
    edited = []
    for cell in locked:
        try:
            if nbgrader_checksum(cell) != cell["metadata"]["nbgrader"]["checksum"]:
                edited.append(str(cell["metadata"]["nbgrader"].get("grade_id", "?")))
        except (AttributeError, KeyError, TypeError, ValueError):
            edited.append(str(cell["metadata"]["nbgrader"].get("grade_id", "?")))
    return tuple(edited)


def nbgrader_checksum(cell: Mapping) -> str:
    """The checksum nbgrader gives a cell (`nbgrader.utils.compute_checksum`; tests compare the two), computed
    without importing nbgrader or nbformat: their import costs 4 s here (jsonschema's format checkers compile
    dozens of grammars), more than grading a lesson."""
    meta = cell["metadata"]["nbgrader"]
    grade, solution = meta.get("grade", False), meta.get("solution", False)
    locked = False if solution else True if grade else meta.get("locked", False)
    digest = hashlib.md5()  # noqa: S324 - nbgrader's choice, for change detection only
    for part in (_source_text(cell["source"]), cell["cell_type"], str(grade), str(solution), str(locked),
                 meta["grade_id"]):
        digest.update(part.encode("utf-8"))
    if grade:
        digest.update(str(float(meta["points"])).encode("utf-8"))
    return digest.hexdigest()


def submission_of(path: Path, code: Mapping[int, str], lesson: str | None = None) -> Submission:
    """A submission made of code cells (position -> source): a notebook's, or what a kernel ran."""
    cells = []
    defined: set[str] = set()
    imports: dict[str, None] = {}
    for position, text in code.items():
        source = without_checks(strip_magics(text))
        cells.append({"index": position, "source": source})
        defined |= top_level_names(source)
        imports.update(dict.fromkeys(imported_modules(source)))
    return Submission(path=path, cells=cells, defined=frozenset(defined), lesson=lesson, imports=tuple(imports))


def _is_v4(data: object) -> bool:
    """A notebook in today's format, read as plain JSON (nbformat's import alone costs seconds)."""
    return isinstance(data, dict) and data.get("nbformat") == 4 and isinstance(data.get("cells"), list)


def _upgraded(text: str, shown: str) -> dict:
    """An older notebook (or something that is not one), converted to version 4 by nbformat."""
    import nbformat

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat warns about old notebooks (missing cell ids): not the student's problem
            return nbformat.reads(text, as_version=4)
    except Exception as e:  # nbformat raises several kinds: ValidationError, KeyError, AttributeError...
        raise BadSubmission(shown, _("is not a Jupyter notebook ({error})").format(
            error=f"{type(e).__name__}: {str(e)[:160]}")) from None


def _source_text(source: object) -> str:
    """A cell's source: a string, or a list of lines as the JSON often stores it."""
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    return ""


def check_lesson(
    submission: Submission,
    lesson_id: str,
    functions: Iterable[str],
    others: Callable[[], Mapping[str, Iterable[str]]],
) -> None:
    """Raises BadSubmission when the notebook belongs to another lesson or lacks an exercise function.

    `others()` gives every lesson's exercise functions; it is called only when a function is missing, to name the
    lesson the notebook looks like.
    """
    shown = str(submission.path)
    if submission.lesson and submission.lesson != lesson_id:
        raise BadSubmission(shown, _("is the notebook of {other}, not of {lesson}").format(other=submission.lesson,
                                                                                           lesson=lesson_id))
    missing = [f for f in functions if f not in submission.defined]
    if not missing:
        return
    for other, other_functions in others().items():
        if other != lesson_id and all(f in submission.defined for f in other_functions):
            raise BadSubmission(shown, _("looks like the notebook of {other}, not of {lesson}").format(
                other=other, lesson=lesson_id))
    names = ", ".join(f"{f}()" for f in missing)
    problem = (_("the exercise functions {names} of {lesson} are missing: was it renamed or deleted? Keep the names "
                 "of the released notebook.") if len(missing) > 1 else
               _("the exercise function {names} of {lesson} is missing: was it renamed or deleted? Keep the names of "
                 "the released notebook."))
    raise BadSubmission(shown, problem.format(names=names, lesson=lesson_id))


def definitions(sources: Iterable[str]) -> dict[str, str]:
    """Each top-level function and class (a digest of its code), as the last of `sources` to define it has it."""
    found: dict[str, str] = {}
    for source in sources:
        tree = parsed(source)
        for node in tree.body if tree is not None else []:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                with contextlib.suppress(RecursionError):  # nested past what ast.dump takes: not compared
                    found[node.name] = hashlib.sha256(ast.dump(node).encode()).hexdigest()[:16]
    return found


def checked_note(notebook: Path) -> Path:
    """Where `check()` in Jupyter leaves what it graded, beside the notebook, for `grade submit` to compare."""
    return notebook.with_name(f".{notebook.stem}.checked.json")


def differing_definitions(checked: Mapping[str, str], notebook: Path) -> list[str]:
    """The functions and classes whose code in the saved notebook differs from `checked` (what a kernel ran)."""
    try:
        saved = json.loads(notebook.read_text(encoding="utf-8"))
        code = [_source_text(c.get("source", "")) for c in saved["cells"] if c.get("cell_type") == "code"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []
    kept = definitions(code)
    return sorted(name for name in checked.keys() & kept.keys() if checked[name] != kept[name])
