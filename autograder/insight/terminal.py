"""The class insight in a terminal, as a rich renderable (the CLI prints it)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from autograder.i18n import N_, translate
from autograder.insight import ClassInsight


def render(insight: ClassInsight, lang: str = "en", *, top: int = 15) -> RenderableType:
    """The misconceptions (the `top` costliest), the pass rate of every check, the similar pairs, and the code
    matching the grader's reference solutions."""
    _ = lambda text: translate(text, lang)  # noqa: E731
    threshold = _("threshold")
    groups = Table(title=Text(f"{insight.lesson} · {insight.lesson_title}: " + _("Misconceptions")),
                   title_justify="left")
    for heading, justify in ((N_("check"), "left"), (N_("cause"), "left"), (N_("students"), "right"),
                             (N_("points lost"), "right")):
        groups.add_column(translate(heading, lang), justify=justify, overflow="fold")  # type: ignore[arg-type]
    for g in insight.misconceptions[:top]:
        groups.add_row(g.check, Text(translate(g.cause, lang)), str(g.count), f"{g.points_lost:g}")
    checks = Table(title=_("Pass rate per check"), title_justify="left")
    checks.add_column(_("check"))
    checks.add_column(_("pass rate"), justify="right")
    for c in insight.checks:
        checks.add_row(c.id, f"{c.passed}/{c.graded} ({100 * c.pass_rate:.0f}%)")
    pairs = Text(_("Similar pairs") + f" ({threshold} {insight.threshold:g}): ", style="bold")
    pairs.append(", ".join(f"{a} · {b} {p.score:.2f}" for p in insight.pairs for a, b in [p.students]) or "-")
    section = _("Code matching the grader's reference solutions")
    title = f"{section} ({threshold} {insight.oracle_threshold:g})"
    if not insight.oracle_matches:
        return Group(groups, checks, pairs, Text(f"{title}: -", style="bold"))
    oracles = Table(title=title, title_justify="left")
    for heading, justify in ((N_("student"), "left"), (N_("similarity"), "right"), (N_("oracles"), "left")):
        oracles.add_column(translate(heading, lang), justify=justify, overflow="fold")  # type: ignore[arg-type]
    for m in insight.oracle_matches:
        oracles.add_row(m.student, f"{m.score:.2f}", ", ".join(m.oracles))
    return Group(groups, checks, pairs, oracles)
