"""Plots for the HTML reports, as inline SVG (a report must open without network or extra files)."""

from __future__ import annotations

import io
import math
import warnings

from autograder.i18n import translate

DRAWABLE = 1e100
"""Losses past this, in size, are gaps in the curve: matplotlib fails to scale an axis that reaches far past it
(1e200 on a log scale, 1e308 on a linear one)."""
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"]
"""Fonts with Chinese glyphs, named in the SVG's font stack after matplotlib's own (the browser draws the text)."""


def loss_curve_svg(losses: list[float | None], title: str, lang: str = "en") -> str:
    """The loss history as an SVG line plot; gaps where a loss was not finite, or too large for matplotlib to scale
    its axis (past DRAWABLE); log scale when it spans decades."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    steps = list(range(1, len(losses) + 1))
    values = [math.nan if v is None or abs(v) > DRAWABLE else v for v in losses]
    figure = Figure(figsize=(5.5, 2.6), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.plot(steps, values, color="#3a7bd5", linewidth=1.5, marker="." if len(values) <= 30 else None)
    finite = [v for v in values if math.isfinite(v) and v > 0]
    if finite and max(finite) / min(finite) > 100:
        axes.set_yscale("log")
    axes.set_xlabel(translate("entry of the loss history", lang))
    axes.set_ylabel(translate("loss", lang))
    axes.set_title(title, fontsize=10)
    axes.grid(alpha=0.3)
    return svg_of(figure, "report")


def svg_of(figure, salt: str) -> str:
    """A matplotlib figure as an inline <svg> element, the same bytes every time (no date; ids from `salt`)."""
    import matplotlib

    out = io.StringIO()
    sans = list(matplotlib.rcParams["font.sans-serif"])
    fonts = sans[:1] + [f for f in CJK_FONTS if f not in sans] + sans[1:]
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt, "font.sans-serif": fonts}), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs missing from matplotlib's font (Chinese): the browser draws the text
        figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg"):]
