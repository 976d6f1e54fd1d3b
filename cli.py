"""The `grade` command: parses arguments, calls the engine, prints. The engine itself never prints or exits."""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

import click

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _stderr(message: str) -> None:
    click.echo(message, err=True)


def _fail_on_bad_input(func):
    """Turns the engine's errors into messages and exit codes scripts can trust; never a traceback for bad input."""
    from functools import wraps

    @wraps(func)
    def wrapper(*args, **kwargs):
        from autograder.errors import BadSubmission, UnavailableDevice, UnknownLesson

        try:
            return func(*args, **kwargs)
        except (BadSubmission, UnknownLesson, UnavailableDevice) as e:
            _stderr(f"error: {e}")
            sys.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            _stderr("interrupted: grading stopped; your notebook was not changed")
            sys.exit(EXIT_INTERRUPTED)
        except Exception as e:  # grading itself failed: say so, keep the details for staff
            _stderr(f"grading failed: {type(e).__name__}: {e}")
            if os.environ.get("GRADE_DEBUG"):
                traceback.print_exc()
            else:
                _stderr("(set GRADE_DEBUG=1 to see the traceback, and report it to your instructor)")
            sys.exit(EXIT_FAILED)

    return wrapper


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="dl-autograder", prog_name="grade")
def main() -> None:
    """Grades PyTorch deep-learning homework notebooks.

    \b
    Examples:
      grade list                      the lessons, their checks and points
      grade submit hw03               grade ./hw03.ipynb with the public checks
      grade submit hw03 my.ipynb --json > report.json

    Exit codes: 0 grading completed (whatever the score), 1 grading failed, 2 bad input, 130 interrupted.
    """


@main.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the lessons as JSON.")
@_fail_on_bad_input
def list_lessons(as_json: bool) -> None:
    """Lists the lessons with their checks and points.

    \b
    Examples:
      grade list
      grade list --json
    """
    from autograder import lessons

    data = [
        {
            "lesson": lesson.id,
            "title": lesson.title,
            "checks": [
                {"id": c.id, "points": c.points, "title": c.title, "hidden": c.hidden, "function": c.function}
                for c in lesson.checks
            ],
        }
        for lesson in lessons.all_lessons()
    ]
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    for lesson in data:
        table = Table(title=f"{lesson['lesson']} · {lesson['title']}", title_justify="left")
        table.add_column("check")
        table.add_column("points", justify="right")
        table.add_column("visibility")
        table.add_column("what it checks")
        for c in lesson["checks"]:
            table.add_row(c["id"], f"{c['points']:g}", "hidden" if c["hidden"] else "public", c["title"])
        Console().print(table)


@main.command(context_settings=CONTEXT)
@click.argument("lesson")
@click.argument("notebook", required=False, type=click.Path(path_type=Path, dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (schema: autograder/reports/report.schema.json).")
@click.option("--html/--no-html", default=True, show_default=True, help="Write NOTEBOOK.report.html beside the notebook.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
              help="Where training checks train: auto uses a GPU when there is one and the model gains from it.")
@click.option("--data-root", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="A folder with the course's real data sets (MNIST, FashionMNIST in torchvision's layout) for the "
                   "image lessons; default: the data bundled with the grader.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of every random number generator in your code's run.")
@_fail_on_bad_input
def submit(lesson: str, notebook: Path | None, as_json: bool, html: bool, device: str, data_root: Path | None,
           seed: int) -> None:
    """Grades your LESSON notebook with the lesson's public checks and prints the report.

    NOTEBOOK defaults to LESSON.ipynb in the current folder. Your notebook is only read, never changed. Every
    failed check shows the smallest input on which your code goes wrong, what was expected, what your code
    returned, and a hint.

    \b
    Examples:
      grade submit hw03
      grade submit hw03 ~/homework/hw03.ipynb
      grade submit hw03 hw03.ipynb --json --no-html
      grade submit hw09 --data-root ~/data --device cuda
    """
    from autograder import submit as submit_verb
    from autograder.rubric import Context

    progress = _progress(enabled=not as_json and sys.stderr.isatty())
    with progress:
        task = progress.add_task(f"grading {lesson}", total=None)
        outcome = submit_verb.main(
            lesson=lesson, notebook=notebook, html=html, seed=seed,
            context=Context(data_root=data_root, device=device),  # type: ignore[arg-type]
            on_check=lambda c: progress.advance(task),
        )
    if as_json:
        from autograder.reports.json_report import to_json

        click.echo(to_json(outcome.results))
    else:
        from rich.console import Console

        from autograder.reports.terminal import render

        Console().print(render(outcome.results))
    if outcome.html_path:
        _stderr(f"HTML report: {outcome.html_path}")
    if outcome.html_error:
        _stderr(f"warning: {outcome.html_error}")


def _progress(*, enabled: bool):
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}: {task.completed} checks done"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not enabled,
    )


if __name__ == "__main__":
    main()
