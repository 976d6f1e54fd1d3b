"""Gradescope's results.json (the autograder contract of gradescope-autograders specs) for one submission."""

from __future__ import annotations

from autograder.i18n import translate
from autograder.results import CheckResult, Results


def _output(check: CheckResult, lang: str) -> str:
    _ = lambda text: translate(text, lang)  # noqa: E731
    lines = [check.message] if check.message else []
    if check.hidden:  # a hidden check's inputs stay hidden; its verdict and message are shown
        return "\n".join(lines)
    if check.counterexample:
        lines += [f"{name} = {value}" for name, value in check.counterexample.inputs.items()]
        if check.counterexample.expected:
            lines.append(_("expected") + f": {check.counterexample.expected}")
        lines.append(_("received") + f": {check.counterexample.received}")
    if check.training:
        lines += [check.training.outcome(lang), check.training.setting(lang)]
    if check.hint:
        lines.append(_("hint") + f": {check.hint}")
    return "\n".join(lines)


def to_gradescope(results: Results) -> dict:
    """The results.json of one submission: one test per check, the training metrics as leaderboard entries.

    What a student reads (each test's output) is in the language of the results; the leaderboard's names stay
    English, the same for the whole class."""
    return {
        "score": results.score,
        "execution_time": round(results.elapsed_seconds, 2),
        "output": f"{results.lesson} · {results.lesson_title}",
        "tests": [
            {
                "name": f"{c.id}: {c.title}",
                "number": str(number),
                "score": c.points,
                "max_score": c.max_points,
                "status": "passed" if c.status == "passed" else "failed",
                "output": _output(c, results.language),
                "visibility": "after_published" if c.hidden else "visible",
            }
            for number, c in enumerate(results.checks, start=1)
        ],
        "leaderboard": [{"name": c.training.metric, "value": c.training.value, "order": "asc" if c.training.lower_is_better else "desc"}
                        for c in results.checks if c.training and c.training.value is not None],
    }
