"""The class page: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched)."""

from __future__ import annotations

from markupsafe import Markup

from autograder.i18n import translate
from autograder.insight import ClassInsight
from autograder.insight.plots import pass_rate_svg, score_histogram_svg
from autograder.insight.similarity import Pair
from autograder.reports.html import TEMPLATES


def to_html(insight: ClassInsight, lang: str = "en") -> str:
    graded = insight.submissions
    max_score = max((s.max_score for s in graded), default=100.0)
    return TEMPLATES.get_template("insight.html.j2").render(
        i=insight, lang=lang, _=lambda text: translate(text, lang),
        histogram=Markup(score_histogram_svg([s.score for s in graded], max_score, lang)),
        pass_rates=Markup(pass_rate_svg([(c.id, c.pass_rate) for c in insight.checks], lang)),
        sides=[side_by_side(p) for p in insight.pairs],
        pasted=[_marked(m.code, m.matches) for m in insight.oracle_matches],
    )


def side_by_side(pair: Pair) -> tuple[Markup, Markup]:
    """Each student's solution region as HTML, the regions matching the other's marked."""
    return _marked(pair.code[0], pair.matches[0]), _marked(pair.code[1], pair.matches[1])


def _marked(code: str, regions: list[tuple[int, int]]) -> Markup:
    out, at = [], 0
    for start, end in sorted(regions):
        start = max(start, at)
        out += [Markup.escape(code[at:start]), Markup("<mark>"), Markup.escape(code[start:end]), Markup("</mark>")]
        at = max(at, end)
    out.append(Markup.escape(code[at:]))
    return Markup("").join(out)
