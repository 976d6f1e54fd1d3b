"""The class insight for machines: JSON, and CSV for a spreadsheet (one row per failure group, pair, match with the
oracles, submission)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from autograder.insight import ClassInsight
from autograder.insight.misconceptions import Group

SCHEMA_VERSION = "1.1"
CSV_COLUMNS = ["table", "check", "cause", "count", "points_lost", "pass_rate", "students", "example", "score",
               "seconds", "detail"]


def to_dict(insight: ClassInsight) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "lesson": insight.lesson,
        "lesson_title": insight.lesson_title,
        "checks": [{"id": c.id, "title": c.title, "max_points": c.max_points, "graded": c.graded, "passed": c.passed,
                    "pass_rate": round(c.pass_rate, 4), "points_lost": c.points_lost} for c in insight.checks],
        "misconceptions": [_group(g) for g in insight.misconceptions],
        "similarity": {
            "threshold": insight.threshold,
            "compared": insight.compared,
            "pairs": [{"students": list(p.students), "score": p.score, "shares": list(p.shares),
                       "matches": [[list(m) for m in side] for side in p.matches]} for p in insight.pairs],
            "oracles": {
                "threshold": insight.oracle_threshold,
                "matches": [{"student": m.student, "score": m.score, "oracles": m.oracles,
                             "matches": [list(r) for r in m.matches]} for m in insight.oracle_matches],
            },
        },
        "submissions": [asdict(s) for s in insight.submissions],
    }


def to_json(insight: ClassInsight) -> str:
    return json.dumps(to_dict(insight), indent=2, ensure_ascii=False)


def to_csv(insight: ClassInsight) -> str:
    """Long format: the `table` column says which table a row belongs to (misconception, pair, oracle, submission)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rates = {c.id: round(c.pass_rate, 4) for c in insight.checks}
    for g in insight.misconceptions:
        example = _group(g)["example"]
        writer.writerow({"table": "misconception", "check": g.check, "cause": g.cause, "count": g.count,
                         "points_lost": g.points_lost, "pass_rate": rates.get(g.check, ""),
                         "students": " ".join(g.students),
                         "example": json.dumps(example["inputs"], ensure_ascii=False) if example else ""})
    for p in insight.pairs:
        writer.writerow({"table": "pair", "students": " ".join(p.students), "score": p.score,
                         "detail": f"shares {p.shares[0]:g} / {p.shares[1]:g}"})
    for m in insight.oracle_matches:
        writer.writerow({"table": "oracle", "students": m.student, "score": m.score, "detail": " ".join(m.oracles)})
    for s in insight.submissions:
        parts = [f"ungradable: {s.problem}" if s.problem else "",
                 f"time limit: {' '.join(s.timeouts)}" if s.timeouts else "",
                 f"crashed: {' '.join(s.crashes)}" if s.crashes else ""]
        detail = "; ".join(part for part in parts if part)
        writer.writerow({"table": "submission", "students": s.student, "score": s.score, "seconds": s.seconds,
                         "detail": detail})
    return out.getvalue()


def _group(g: Group) -> dict:
    return {"check": g.check, "cause": g.cause, "count": g.count, "points_lost": g.points_lost,
            "students": g.students, "example": asdict(g.example) if g.example else None,
            "example_student": g.example_student}
