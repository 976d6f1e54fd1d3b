"""The report for people in a browser: one self-contained HTML file."""

from __future__ import annotations

import jinja2

from autograder.i18n import translate
from autograder.reports.plots import loss_curve_svg
from autograder.reports.terminal import STYLE
from autograder.results import Results

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("autograder.reports", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def to_html(results: Results, lang: str = "en") -> str:
    curves = {c.id: loss_curve_svg(c.training.losses, f"{c.id}: " + translate("loss while training", lang), lang)
              for c in results.checks if c.training and len(c.training.losses) > 1}
    return TEMPLATES.get_template("report.html.j2").render(
        r=results, labels={k: translate(v[0], lang) for k, v in STYLE.items()}, curves=curves, lang=lang,
        _=lambda text: translate(text, lang))
