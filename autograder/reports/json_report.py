"""The report for machines: JSON that follows reports/report.schema.json (versioned by `schema_version`)."""

from __future__ import annotations

import json
from importlib import resources

from autograder.results import Results


def to_json(results: Results) -> str:
    return json.dumps(results.to_dict(), indent=2, ensure_ascii=False)


def schema() -> dict:
    return json.loads(resources.files("autograder.reports").joinpath("report.schema.json").read_text(encoding="utf-8"))
