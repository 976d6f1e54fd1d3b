"""`check()`: a student grades, from inside Jupyter, the code the kernel last ran (not the saved file).

The kernel only collects the code it ran and shows the report: the grading happens in the grading daemon
(`autograder.daemon`), and the student's code runs there in a fresh sandboxed worker, exactly as for
`grade submit`. Nothing in the kernel decides a score, so patching `check` or anything else in it changes none.
"""

from __future__ import annotations

import contextlib
import html
import inspect
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from autograder import atomic, daemon
from autograder.errors import GradingError
from autograder.i18n import N_, default_language, translate
from autograder.notebook import answer_language, checked_note, definitions, differing_definitions, without_checks
from autograder.results import CheckResult, Results

KERNEL = Path("<kernel>")
_STATUS = {"passed": N_("passed"), "failed": N_("failed"), "error": N_("error"), "not_implemented": N_("not implemented yet"),
           "timeout": N_("time limit"), "crashed": N_("crashed")}
"""How the table of `check()` names a status in a language other than English (in English: the status itself)."""


@dataclass(frozen=True)
class CheckReport:
    """What `check()` returns: the score and every check's status and message; shown as a table in Jupyter."""

    results: Results
    note: str = ""
    """One line when the saved notebook differs from what the kernel ran."""

    @property
    def score(self) -> float:
        return self.results.score

    @property
    def max_score(self) -> float:
        return self.results.max_score

    @property
    def checks(self) -> list[CheckResult]:
        return self.results.checks

    def __repr__(self) -> str:
        lang = self.results.language
        failing, expected, received, hint = (translate("smallest failing input", lang), translate("expected", lang),
                                             translate("received", lang), translate("hint", lang))
        lines = [f"{self.results.lesson}: {self.score:g}/{self.max_score:g}"]
        for c in self.checks:
            lines.append(f"  {'✓' if c.status == 'passed' else '✗'} {c.id} {c.points:g}/{c.max_points:g}"
                         + ("" if c.status == "passed" else f"  {c.message}"))
            if c.counterexample and c.status != "passed":
                inputs = ", ".join(f"{k}={v}" for k, v in c.counterexample.inputs.items())
                lines.append(f"      {failing}: {inputs}")
                if c.counterexample.expected:
                    lines.append(f"      {expected}: {c.counterexample.expected}")
                lines.append(f"      {received}: {c.counterexample.received}")
            if c.hint and c.status != "passed":
                lines.append(f"      {hint}: {c.hint}")
        lines += ["  " + translate("cell {cell}: {ename}: {evalue}", lang).format(cell=e.cell, ename=e.ename,
                                                                                  evalue=e.evalue)
                  for e in self.results.notebook_errors]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        lang = self.results.language
        failing, expected, received = (html.escape(translate("smallest failing input", lang)),
                                       html.escape(translate("expected", lang)), html.escape(translate("received", lang)))
        head = "".join(f"<th>{html.escape(name)}</th>" for name in (
            translate("check", lang), translate("status", lang), translate("points", lang), translate("details", lang)))
        rows = []
        for c in self.checks:
            example = ""
            if c.counterexample and c.status != "passed":
                inputs = ", ".join(f"{k}={v}" for k, v in c.counterexample.inputs.items())
                example = (f"<div><b>{failing}</b>: <code>{html.escape(inputs)}</code></div>"
                           + (f"<div><b>{expected}</b>: <code>{html.escape(c.counterexample.expected)}</code></div>"
                              if c.counterexample.expected else "")
                           + f"<div><b>{received}</b>: <code>{html.escape(c.counterexample.received)}</code></div>")
            hint = f"<div><i>{html.escape(c.hint)}</i></div>" if c.hint and c.status != "passed" else ""
            color = "#1a7f37" if c.status == "passed" else "#cf222e"
            status = c.status if lang == "en" else translate(_STATUS.get(c.status, c.status), lang)
            rows.append(f"<tr><td>{html.escape(c.id)}</td><td style='color:{color}'>{html.escape(status)}</td>"
                        f"<td>{c.points:g}/{c.max_points:g}</td>"
                        f"<td style='text-align:left'>{html.escape(c.message)}{example}{hint}</td></tr>")
        errors = "".join("<li>" + translate("cell {cell}: {ename}: {evalue}", lang).format(
                             cell=e.cell, ename=f"<code>{html.escape(e.ename)}</code>", evalue=html.escape(e.evalue))
                         + "</li>" for e in self.results.notebook_errors)
        note = (f"<ul>{errors}</ul>" if errors else "") + (f"<p>{html.escape(self.note)}</p>" if self.note else "")
        return (f"<p><b>{html.escape(self.results.lesson)}: {self.score:g}/{self.max_score:g}</b></p>"
                f"<table><tr>{head}</tr>" + "".join(rows) + "</table>" + note)


def check(lesson: str, exercise: str | None = None) -> CheckReport:
    """Grades the public checks of `lesson` (or of one exercise) on the code this kernel ran, in the order it ran,
    and answers in the language of the notebook (else the locale's).

    In Jupyter or IPython that is every cell run in this session except those calling `check`; in a plain Python
    script, the calling module's source.

    Raises:
        GradingError: bad input (an unknown lesson or exercise, an exercise function not defined yet).
        RuntimeError: the grading daemon cannot run here, with the reason.
    """
    cells, notebook = _kernel_code() or _module_code()
    left_out = sorted(n for n, source in cells.items() if _PAST_LIMIT.get(n) == source)
    language = answer_language(notebook)
    try:
        results = daemon.grade(lesson, notebook, cells={n: s for n, s in cells.items() if n not in left_out},
                               exercise=exercise, language=language)
    except daemon.Unavailable as e:
        raise RuntimeError(translate("check() cannot grade here: {problem}. Save the notebook and run: grade submit "
                                     "{lesson}", language).format(problem=e, lesson=lesson)) from None
    except GradingError:
        raise
    _PAST_LIMIT.update({e.cell: cells[e.cell] for e in results.notebook_errors
                        if e.ename == "WorkerTimeout" and e.cell in cells})
    notes = [translate("Left out: cell {cell}, which ran past its time limit in an earlier check().", language).format(
        cell=n) for n in left_out]
    return CheckReport(results, "\n".join([*notes, _difference(cells, notebook, language)]).strip())


def prepare(lesson: str) -> None:
    """Starts the grading daemon and has it prepare `lesson`'s checks, in a thread: the student's notebook goes on at
    once. Anything that fails here is left for check() to report."""
    threading.Thread(target=_warm_quietly, args=(lesson,), name="autograder-prepare", daemon=True).start()


def _warm_quietly(lesson: str) -> None:
    with contextlib.suppress(Exception):
        daemon.warm(lesson)


_PAST_LIMIT: dict[int, str] = {}
"""Cells of this session (position in its history -> source) that ran past their time limit in a check: left out of
later checks, which would wait for the limit again every time (the history keeps every cell ever run)."""


def _kernel_code() -> tuple[dict[int, str], Path] | None:
    """The cells this IPython session ran, in order (the cell calling check() last, left out), and its notebook."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None:
        return None
    history = list(shell.history_manager.input_hist_raw)
    cells = {n: source for n, source in enumerate(history[1:-1], start=1) if without_checks(source).strip()}
    session = shell.user_ns.get("__session__") or os.environ.get("JPY_SESSION_NAME")
    return cells, Path(session) if session else KERNEL


def _module_code() -> tuple[dict[int, str], Path]:
    """Outside IPython: the source of the module that called check()."""
    package = str(Path(__file__).resolve().parent)
    caller = next((f for f in inspect.stack() if not str(Path(f.filename).resolve()).startswith(package)), None)
    if caller is None or not Path(caller.filename).is_file():
        raise RuntimeError(translate("check() grades the code of the notebook or script that calls it; run it from "
                                     "Jupyter, IPython or a Python file, or grade a saved notebook with: grade submit "
                                     "LESSON", default_language()))
    path = Path(caller.filename)
    return {1: path.read_text(encoding="utf-8")}, path


def _difference(cells: dict[int, str], notebook: Path, language: str = "en") -> str:
    """One line when the saved notebook's code is not what the kernel ran (unsaved edits, cells not run); leaves a
    note beside the notebook so that `grade submit` can tell too."""
    if notebook.suffix != ".ipynb" or not notebook.is_file():
        return ""
    ran = definitions(cells.values())
    with contextlib.suppress(OSError):
        atomic.write_text(checked_note(notebook), json.dumps({"definitions": ran}))
    differing = differing_definitions(ran, notebook)
    if not differing:
        return ""
    return translate("Note: {names} in the saved {notebook} differ from what this kernel ran; check() graded the "
                     "kernel's code. Save the notebook before `grade submit`.", language).format(
        names=", ".join(differing), notebook=notebook.name)
