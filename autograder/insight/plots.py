"""The class page's plots as inline SVG: the score histogram and the pass rate of every check."""

from __future__ import annotations

import io
import warnings

from autograder.i18n import translate


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
    return _svg(figure)


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
    return _svg(figure)


def _svg(figure) -> str:
    import matplotlib

    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "insight"}), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs missing from matplotlib's font (Chinese): the browser draws the text
        figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg"):]
