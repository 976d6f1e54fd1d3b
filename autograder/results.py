"""What grading found, as plain data: one `CheckResult` per check and the `Results` of a submission."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import Literal

from autograder.i18n import _, translate

Status = Literal["passed", "failed", "error", "not_implemented", "timeout", "crashed"]
SCHEMA_VERSION = "1.4"


@dataclass(frozen=True)
class Counterexample:
    """The smallest input found on which the student's code goes wrong."""

    inputs: dict[str, str]
    """Argument name -> its value as text."""
    expected: str
    """What the reference behaviour gives on these inputs (empty when the student's code raised)."""
    received: str
    """What the student's code returned, or the error it raised."""
    hidden: bool = False
    """Drawn from the course's secret (a hidden half): for the instructor's report only, never the student's."""


@dataclass(frozen=True)
class TrainingRecord:
    """How the student's model trained and how it scored on the held-out data."""

    metric: str
    """What was measured, e.g. "held-out accuracy"."""
    value: float | None
    """What the student's model reached (None when training did not finish or the model broke its contract)."""
    threshold: float
    lower_is_better: bool
    data: str
    """The data set and its split."""
    device: str
    device_reason: str
    seed: int
    train_seconds: float
    budget_seconds: float
    losses: list[float | None]
    """The loss history the student's training returned (for the loss curve); None where it was not finite."""
    calibration: str
    """How the threshold was chosen."""

    def outcome(self, lang: str = "en") -> str:
        """What the model reached against what it needed, e.g. "held-out accuracy 0.96 (at least 0.9 needed)"."""
        return translate("{metric} {value} ({bound} {threshold} needed)", lang).format(
            metric=translate(self.metric, lang),
            value=translate("not measured", lang) if self.value is None else f"{self.value:.4g}",
            bound=translate("at most", lang) if self.lower_is_better else translate("at least", lang),
            threshold=f"{self.threshold:.4g}",
        )

    def setting(self, lang: str = "en") -> str:
        """How it trained: time, device and why, seed, data."""
        return translate("trained {seconds} s (budget {budget} s) on {device}{reason}, seed {seed}; data: {data}",
                         lang).format(
            seconds=f"{self.train_seconds:.2f}", budget=f"{self.budget_seconds:g}", device=self.device or "?",
            reason=f" ({translate(self.device_reason, lang)})" if self.device_reason else "", seed=self.seed,
            data=self.data,
        )


@dataclass(frozen=True)
class Verdict:
    """How one check went, before points are attached."""

    status: Status
    message: str = ""
    """What went wrong, in one or two sentences."""
    hint: str = ""
    """The likely mistake and how to fix it."""
    counterexample: Counterexample | None = None
    traceback: str = ""
    """The student's traceback, trimmed to the student's own cells."""
    fraction: float = 0.0
    """Share of the check's points earned, in [0, 1]."""
    training: TrainingRecord | None = None
    """For a training check: what training reached."""

    @classmethod
    def passed(cls, message: str = "", training: TrainingRecord | None = None) -> Verdict:
        return cls("passed", message=message, fraction=1.0, training=training)

    def kept_from_the_student(self, call: str, *, public_passed: bool) -> Verdict:
        """The verdict as the student may read it where the inputs were the course's own (a hidden half, or a check
        of the course's, `public_passed` False): what went wrong, never on which inputs (the counterexample is
        marked for the instructor's report, the traceback dropped). In the language of the grading under way."""
        said = {"failed": _("gives a wrong answer"), "error": _("raises an error"),
                "timeout": _("runs past the time limit"), "crashed": _("stops the process running it")
                }.get(self.status) or _("fails")
        return dataclasses.replace(
            self,
            message=(_("{call} is right on the public inputs, but on inputs of the course's own (not shown) it "
                       "{said}").format(call=call, said=said)
                     if public_passed else
                     _("{call} {said} on inputs of the course's own (not shown)").format(call=call, said=said)),
            counterexample=dataclasses.replace(self.counterexample, hidden=True) if self.counterexample else None,
            traceback="",
        )


@dataclass(frozen=True)
class CheckResult:
    """One check of the rubric with its verdict and points."""

    id: str
    title: str
    function: str
    max_points: float
    points: float
    hidden: bool
    status: Status
    message: str
    hint: str
    counterexample: Counterexample | None
    traceback: str
    elapsed_seconds: float
    training: TrainingRecord | None = None

    @classmethod
    def from_dict(cls, data: dict) -> CheckResult:
        """The inverse of `asdict` (a report read back, or sent by the grading daemon)."""
        example, training = data.get("counterexample"), data.get("training")
        return cls(**{
            **data,
            "counterexample": Counterexample(**example) if example else None,
            "training": TrainingRecord(**training) if training else None,
        })


@dataclass(frozen=True)
class NotebookError:
    """An exception raised while running one of the notebook's cells top to bottom."""

    cell: int
    ename: str
    evalue: str
    traceback: str


@dataclass
class Results:
    """The grading of one notebook."""

    lesson: str
    lesson_title: str
    notebook: str
    checks: list[CheckResult]
    notebook_errors: list[NotebookError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """Limits the grading hit outside any one check (output dropped past the output cap)."""
    hidden_points_not_run: float = 0.0
    """Points of hidden checks that this grading did not run (graded on the instructor's side)."""
    environment: dict[str, str] = field(default_factory=dict)
    elapsed_seconds: float = 0.0
    language: str = "en"
    """The language its titles, messages and hints are written in (a switch of language changes no score)."""

    @property
    def score(self) -> float:
        return round(sum(c.points for c in self.checks), 4)

    @property
    def max_score(self) -> float:
        return round(sum(c.max_points for c in self.checks), 4)

    def for_student(self) -> Results:
        """What the student's own reports may show: no counterexample of a hidden half (the instructor's only)."""
        return dataclasses.replace(self, checks=[
            dataclasses.replace(c, counterexample=None) if c.counterexample and c.counterexample.hidden else c
            for c in self.checks])

    def to_dict(self) -> dict:
        data = asdict(self)
        return {"schema_version": SCHEMA_VERSION, "score": self.score, "max_score": self.max_score, **data}

    @classmethod
    def from_dict(cls, data: dict) -> Results:
        """The inverse of `to_dict` (keys that are not fields, such as a record's own, are left out)."""
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**{
            **fields,
            "checks": [CheckResult.from_dict(c) for c in data["checks"]],
            "notebook_errors": [NotebookError(**e) for e in data.get("notebook_errors", [])],
        })
