"""The report for people in a terminal, as a rich renderable (the CLI prints it)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from autograder.i18n import N_, translate
from autograder.results import CheckResult, Results

STYLE = {
    "passed": (N_("✓ passed"), "green"),
    "failed": (N_("✗ failed"), "red"),
    "error": (N_("✗ error"), "red"),
    "not_implemented": (N_("… not implemented yet"), "yellow"),
    "timeout": (N_("⏱ time limit"), "red"),
    "crashed": (N_("✗ crashed"), "red"),
}


def _points(value: float) -> str:
    return f"{value:g}"


def render(results: Results, lang: str = "en") -> RenderableType:
    """A table of the checks, then the details of every check that did not pass, then the total."""
    _ = lambda text: translate(text, lang)  # noqa: E731
    # text of the lessons and the students is Text, never rich markup: "[w1, w2, b]" would read as a style tag
    table = Table(title=Text(f"{results.lesson} · {results.lesson_title}"), title_justify="left", expand=False)
    table.add_column(_("check"))
    table.add_column(_("status"))
    table.add_column(_("points"), justify="right")
    table.add_column(_("what it checks"), overflow="fold")
    for check in results.checks:
        label, style = STYLE[check.status]
        table.add_row(check.id, Text(translate(label, lang), style=style),
                      f"{_points(check.points)}/{_points(check.max_points)}", Text(check.title))
    parts: list[RenderableType] = [table]
    parts += [_training(c, lang) for c in results.checks if c.training]
    parts += [_details(c, lang) for c in results.checks if c.status not in ("passed", "not_implemented")]
    if results.notebook_errors:
        lines = [_("cell {cell}: {error}").format(cell=e.cell, error=f"{e.ename}: {e.evalue}")
                 for e in results.notebook_errors]
        parts.append(Text(_("Running your notebook top to bottom raised errors") + ":\n  " + "\n  ".join(lines),
                          style="yellow"))
    if results.notices:
        parts.append(Text(_("Limits this grading hit") + ":\n  " + "\n  ".join(results.notices), style="yellow"))
    total = Text(_("Score") + f": {_points(results.score)}/{_points(results.max_score)}", style="bold")
    if results.hidden_points_not_run:
        total.append(f"   (+ {_points(results.hidden_points_not_run)} " + _("points of hidden checks, graded by your instructor") + ")")
    parts.append(total)
    return Group(*parts)


def _training(check: CheckResult, lang: str) -> RenderableType:
    record = check.training
    assert record is not None
    text = Text(f"{check.id}: ", style="bold")
    text.append(record.outcome(lang), style="green" if check.status == "passed" else "red")
    text.append(f"\n  {record.setting(lang)}", style="dim")
    return text


def _details(check: CheckResult, lang: str) -> RenderableType:
    _ = lambda text: translate(text, lang)  # noqa: E731
    text = Text()
    text.append(f"\n{check.id}", style="bold red")
    text.append(f": {check.message}\n")
    if check.counterexample:
        example = check.counterexample
        text.append("  " + _("smallest failing input") + ":\n", style="bold")
        for name, value in example.inputs.items():
            text.append(f"    {name} = {value}\n")
        if example.expected:
            text.append("  " + _("expected") + f": {example.expected}\n")
        text.append("  " + _("received") + f": {example.received}\n")
    if check.traceback:
        text.append("  " + _("your traceback") + ":\n", style="bold")
        text.append("".join(f"    {line}\n" for line in check.traceback.splitlines()))
    if check.hint:
        text.append("  " + _("hint") + ": ", style="bold cyan")
        text.append(check.hint + "\n")
    return text
