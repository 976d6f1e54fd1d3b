"""The class page's plots as inline SVG: the score histogram and the pass rate of every check."""

from __future__ import annotations

from autograder.i18n import translate
from autograder.reports.plots import svg_of


def score_histogram_svg(scores: list[float], max_score: float, lang: str = "en") -> str:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5.5, 2.6), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    top = max_score or 100.0
    axes.hist(scores, bins=10, range=(0.0, top), color="#3a7bd5", edgecolor="white")
    axes.set_xlabel(translate("score", lang))
    axes.set_ylabel(translate("students", lang))
    axes.set_title(translate("Scores", lang), fontsize=10)
    axes.grid(alpha=0.3, axis="y")
    return svg_of(figure, "insight")


def pass_rate_svg(checks: list[tuple[str, float]], lang: str = "en") -> str:
    """A horizontal bar per check: the share of graded submissions that passed it."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5.5, 0.6 + 0.3 * max(len(checks), 1)), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    names = [name for name, _ in checks][::-1]
    rates = [100 * rate for _, rate in checks][::-1]
    axes.barh(names, rates, color=["#18794e" if r >= 80 else "#a66300" if r >= 50 else "#c62828" for r in rates])
    axes.set_xlim(0, 100)
    axes.set_xlabel(translate("pass rate (%)", lang))
    axes.set_title(translate("Pass rate per check", lang), fontsize=10)
    axes.grid(alpha=0.3, axis="x")
    return svg_of(figure, "insight")
