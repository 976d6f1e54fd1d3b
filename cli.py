"""The `grade` command: parses arguments, calls the engine, prints. The engine itself never prints or exits."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import sys
import traceback
from pathlib import Path

import click

from autograder.gpu import DEFAULT_GPU_WORKERS

# jsonschema, which nbformat and nbgrader import, compiles some 35 Earley grammars at import when rfc3987_syntax is
# installed (1.8-2.4 s of every instructor command here, python-jsonschema/jsonschema#1428), only to check the "iri"
# format, which no notebook or nbgrader schema uses; an import that fails is one jsonschema does without
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


LANG = click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
                    help="Language of the reports: en or zh (简体中文). Default: from the locale (LANG).")
DEVICE = click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
                      help="Where training checks train: auto uses a GPU when there is one and the model gains from it.")
DATA_ROOT = click.option("--data-root", type=click.Path(path_type=Path, exists=True, file_okay=False),
                         help="A folder with the course's real data sets (MNIST, FashionMNIST in torchvision's layout) "
                              "for the image lessons; default: the data bundled with the grader.")
FULL_DATA = click.option("--full-data", is_flag=True,
                         help="With --data-root: train on all of its training images and score all of its test "
                              "images (the course's real size, for a GPU), not the first 3,000 and 1,000 (sized for "
                              "a CPU). The training budget grows with the data.")


def _lang(lang: str | None) -> str:
    from autograder.i18n import default_language

    return lang or default_language()


def _stderr(message: str) -> None:
    click.echo(message, err=True)


def _fail_on_bad_input(func):
    """Turns the engine's errors into messages and exit codes scripts can trust; never a traceback for bad input."""
    from functools import wraps

    @wraps(func)
    def wrapper(*args, **kwargs):
        from autograder.errors import BadSubmission, CourseError, DataUnavailable, UnavailableDevice, UnknownLesson
        from autograder.i18n import speaking, translate

        lang = _lang(kwargs.get("lang"))  # the engine's messages (`_`) are in it too
        try:
            with speaking(lang):
                return func(*args, **kwargs)
        except (BadSubmission, UnknownLesson, UnavailableDevice, CourseError, DataUnavailable) as e:
            _stderr(translate("error: {message}", lang).format(message=e))
            sys.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            _stderr(translate("interrupted: grading stopped; your notebook was not changed", lang))
            sys.exit(EXIT_INTERRUPTED)
        except Exception as e:  # grading itself failed: say so, keep the details for staff
            _stderr(translate("grading failed: {error}", lang).format(error=f"{type(e).__name__}: {e}"))
            if os.environ.get("GRADE_DEBUG"):
                traceback.print_exc()
            else:
                _stderr(translate("(set GRADE_DEBUG=1 to see the traceback, and report it to your instructor)", lang))
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
@LANG
@_fail_on_bad_input
def list_lessons(as_json: bool, lang: str | None) -> None:
    """Lists the lessons with their checks and points. `--lang zh` lists them in 简体中文 (Simplified Chinese).

    \b
    Examples:
      grade list
      grade list --lang zh
      grade list --json
    """
    from autograder import lessons
    from autograder.i18n import translate

    lang = _lang(lang)
    data = [
        {
            "lesson": lesson.id,
            "title": translate(lesson.title, lang),
            "checks": [
                {"id": c.id, "points": c.points, "title": translate(c.title, lang), "hidden": c.hidden,
                 "function": c.function}
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
    from rich.text import Text

    for lesson in data:
        table = Table(title=Text(f"{lesson['lesson']} · {lesson['title']}"), title_justify="left")
        table.add_column(translate("check", lang))
        table.add_column(translate("points", lang), justify="right")
        table.add_column(translate("visibility", lang))
        table.add_column(translate("what it checks", lang))
        for c in lesson["checks"]:
            table.add_row(c["id"], f"{c['points']:g}",
                          translate("hidden", lang) if c["hidden"] else translate("public", lang), Text(c["title"]))
        Console().print(table)


@main.command(context_settings=CONTEXT)
@click.argument("lesson")
@click.argument("notebook", required=False, type=click.Path(path_type=Path, dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (schema: autograder/reports/report.schema.json).")
@click.option("--html/--no-html", default=True, show_default=True, help="Write NOTEBOOK.report.html beside the notebook.")
@DEVICE
@DATA_ROOT
@FULL_DATA
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of every random number generator in your code's run.")
@click.option("--hand-in/--no-hand-in", default=True, show_default=True,
              help="After grading, submit the notebook to the course exchange when a course is configured.")
@click.option("--course-id", help="The course to submit to (default: from your nbgrader_config.py).")
@LANG
@_fail_on_bad_input
def submit(lesson: str, notebook: Path | None, as_json: bool, html: bool, device: str, data_root: Path | None,
           full_data: bool, seed: int, hand_in: bool, course_id: str | None, lang: str | None) -> None:
    """Grades your LESSON notebook with the lesson's public checks, prints the report, and hands it in.

    NOTEBOOK defaults to LESSON.ipynb or LESSON/LESSON.ipynb in the current folder. Your notebook is only read,
    never changed. Every failed check shows the smallest input on which your code goes wrong, what was expected,
    what your code returned, and a hint. When your nbgrader configuration names a course and its exchange, the
    notebook's folder is then submitted there with nbgrader (exit code 1 if that fails). `--lang zh` gives the
    report and every message in 简体中文 (Simplified Chinese); by default, the language your notebook is written in.

    \b
    Examples:
      grade submit hw03
      grade submit hw03 --lang zh
      grade submit hw03 ~/homework/hw03.ipynb
      grade submit hw03 hw03.ipynb --json --no-html
      grade submit hw09 --data-root ~/data --full-data --device cuda
    """
    from autograder import submit as submit_verb
    from autograder.i18n import speaking, translate
    from autograder.notebook import answer_language
    from autograder.rubric import Context

    notebook = notebook if notebook is not None else submit_verb.find_notebook(lesson, Path.cwd())
    lang = answer_language(notebook, lang)  # --lang, else the notebook's, else the locale's
    progress = _progress(enabled=not as_json and sys.stderr.isatty(),
                         text=translate("{task.description}: {task.completed} checks done", lang))
    with speaking(lang), progress:
        task = progress.add_task(translate("grading {lesson}", lang).format(lesson=lesson), total=None)
        outcome = submit_verb.main(
            lesson=lesson, notebook=notebook, html=html, seed=seed,
            context=Context(data_root=data_root, device=device, full_data=full_data),  # type: ignore[arg-type]
            hand_in=hand_in, course_id=course_id, lang=lang, on_check=lambda c: progress.advance(task),
        )
    if as_json:
        from autograder.reports.json_report import to_json

        click.echo(to_json(outcome.results))
    else:
        from rich.console import Console

        from autograder.reports.terminal import render

        Console().print(render(outcome.results, lang))
    if outcome.html_path:
        _stderr(translate("HTML report", lang) + f": {outcome.html_path}")
    if outcome.html_error:
        _stderr(translate("warning: {message}", lang).format(message=outcome.html_error))
    if outcome.note:
        _stderr(outcome.note)
    if outcome.handed_in:
        _stderr(translate(outcome.handed_in, lang))
    if outcome.hand_in_error:
        _stderr(translate("error: graded, but {error}", lang).format(error=outcome.hand_in_error))
        sys.exit(EXIT_FAILED)


COURSE = click.option("--course", "course_dir", type=click.Path(path_type=Path, exists=True, file_okay=False),
                      default=".", show_default=True, help="The nbgrader course folder (with nbgrader_config.py).")


def _course(course_dir: Path):
    from autograder.course import Course

    return Course.find(course_dir)


@main.command(context_settings=CONTEXT)
@click.argument("lesson")
@COURSE
@click.option("--assignments", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="The course repository's assignments folder with the source notebooks (default: the one beside "
                   "this grader's code).")
@click.option("--due", type=click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"]),
              help="Due date (UTC), e.g. '2026-12-01 23:59': submissions after it are flagged late.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the notebook's explanations and docstrings: en or zh (简体中文); its code and checks "
                   "are the same. Default: the course's Autograder.language in nbgrader_config.py, else en.")
@_fail_on_bad_input
def release(lesson: str, course_dir: Path, assignments: Path | None, due, lang: str | None) -> None:
    """Instructor: generates LESSON's student notebook with nbgrader and releases it to the course exchange.

    The lesson's checks are declared as grade cells in nbgrader's gradebook, so formgrader and `nbgrader export`
    show every check's points. A source notebook already in the course's source/LESSON/ folder is used as it is.

    \b
    Examples:
      grade release hw03
      grade release hw03 --course ~/courses/dl101 --due '2026-12-01 23:59'
      grade release hw03 --lang zh
    """
    from autograder.i18n import translate
    from autograder.release import release as release_lesson

    source = release_lesson(_course(course_dir), lesson, assignments, due, lang)
    _stderr(translate("released {lesson} (from {source}); students fetch it with: nbgrader fetch_assignment {lesson}",
                      _lang(lang)).format(lesson=lesson, source=source))


@main.command(context_settings=CONTEXT)
@click.argument("lesson")
@COURSE
@_fail_on_bad_input
def collect(lesson: str, course_dir: Path) -> None:
    """Instructor: collects the students' LESSON submissions from the course exchange (nbgrader collect).

    \b
    Examples:
      grade collect hw03
    """
    from autograder.i18n import translate

    course = _course(course_dir)
    course.nbgrader("collect", lesson)
    _stderr(translate("collected {count} submissions of {lesson} into {folder}", _lang(None)).format(
        count=len(course.submissions(lesson)), lesson=lesson, folder=course.root / "submitted"))


@main.command(context_settings=CONTEXT)
@click.argument("lesson")
@COURSE
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Submissions graded at once, each in its own process.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Grade on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786), each submission "
                   "sandboxed on a Dask worker; its workers replace --workers. Needs dl-autograder[dask] here and "
                   "on the workers.")
@click.option("--force", is_flag=True, help="Grade again submissions already graded and unchanged since.")
@click.option("--public-inputs-only", is_flag=True,
              help="Skip the hidden inputs: each property check tries only the public inputs students also have "
                   "(quicker; code fitted to them then passes).")
@DEVICE
@click.option("--gpu-workers", type=click.IntRange(min=1), default=DEFAULT_GPU_WORKERS,
              show_default=True, help="Trainings that share the GPU at once (of this user, on each machine); each "
              "worker's GPU memory is capped at its share. 4 was measured best on an H100 (bench/gpu.py measures yours).")
@DATA_ROOT
@FULL_DATA
@LANG
@_fail_on_bad_input
def autograde(lesson: str, course_dir: Path, workers: int, scheduler: str | None, force: bool, device: str,
              gpu_workers: int, data_root: Path | None, full_data: bool, lang: str | None, public_inputs_only: bool
              ) -> None:
    """Instructor: grades every collected LESSON submission, public and hidden checks, into nbgrader's gradebook.

    Every property check also tries inputs no student has seen, drawn for each student from the course's secret
    (.autograder-secret, made by the first release), against the reference solutions of the course's source
    notebook: its points are earned when both halves pass. Each submission is graded on a copy in
    autograded/STUDENT/LESSON/, where its JSON report (with the hidden counterexamples, for you), Gradescope
    results.json and HTML feedback (without them, for the student) are written. Running it again grades only new or changed submissions; an
    interrupted run resumes where it stopped. A notebook that cannot be graded scores 0, flagged with the reason.
    A submission the grader itself failed on is listed, recorded nowhere and graded by the next run (exit code 1).

    \b
    Examples:
      grade autograde hw03
      grade autograde hw03 --workers 2
      grade autograde hw03 --scheduler tcp://10.0.0.5:8786
      grade autograde hw09 --workers 8 --gpu-workers 4 --data-root ~/data --full-data
      grade autograde hw03 --public-inputs-only
    """
    from autograder.autograde import autograde as grade_class
    from autograder.gpu import GpuSlots
    from autograder.i18n import translate
    from autograder.rubric import Context
    from autograder.sandbox import isolation

    course = _course(course_dir)
    lang = lang or course.language or _lang(None)  # --lang, else the course's (Autograder.language), else the locale's
    if not scheduler and isolation().weaker:  # on a cluster, each report records its worker's isolation
        _stderr(translate("warning: {message}", lang).format(message=isolation().description))
    progress = _progress(enabled=sys.stderr.isatty(),
                         text=translate("{task.description}: {task.completed} submissions done", lang))
    graded = []
    with progress:
        task = progress.add_task(translate("autograding {lesson}", lang).format(lesson=lesson), total=None)

        def done(item) -> None:
            graded.append(item)
            progress.advance(task)

        try:
            grade_class(course, lesson, workers=workers, force=force, scheduler=scheduler,
                        context=Context(data_root=data_root, device=device,  # type: ignore[arg-type]
                                        full_data=full_data, gpu_slots=GpuSlots(gpu_workers), language=lang),
                        on_start=lambda n: progress.update(task, total=n), on_done=done,
                        hidden_inputs=not public_inputs_only)
        except KeyboardInterrupt:
            _stderr(translate("interrupted: {count} submissions graded and recorded; run the same command to resume",
                              lang).format(count=len(graded)))
            sys.exit(EXIT_INTERRUPTED)
    for item in sorted(graded, key=lambda g: g.student):
        if item.failure:
            click.echo(translate("{student}: not graded: the grader failed: {failure}", lang).format(
                student=item.student, failure=item.failure))
            continue
        note = translate(" (unchanged, not graded again)", lang) if item.skipped else ""
        late = translate(", {hours} h late", lang).format(hours=f"{item.late_seconds / 3600:.1f}") \
            if item.late_seconds > 0 else ""
        problem = translate(": ungradable: {problem}", lang).format(problem=item.problem) if item.problem else ""
        click.echo(f"{item.student}: {item.score:g}/{item.max_score:g}{late}{problem}{note}")
    failed = sum(1 for item in graded if item.failure)
    if failed:
        _stderr(translate("error: {failed} of {count} submissions not graded: the grading failed, and no score stands "
                          "in for it; run the same command to grade them, and report it if it fails again", lang
                          ).format(failed=failed, count=len(graded)))
        sys.exit(EXIT_FAILED)


@main.command(context_settings=CONTEXT)
@click.argument("lesson")
@COURSE
@_fail_on_bad_input
def feedback(lesson: str, course_dir: Path) -> None:
    """Instructor: releases each graded student's HTML report through nbgrader (students: nbgrader fetch_feedback).

    \b
    Examples:
      grade feedback hw03
    """
    from autograder.feedback import release_feedback
    from autograder.i18n import translate

    students = release_feedback(_course(course_dir), lesson)
    _stderr(translate("released feedback on {lesson} to {count} students; they fetch it with: "
                      "nbgrader fetch_feedback {lesson}", _lang(None)).format(lesson=lesson, count=len(students)))


@main.command(context_settings=CONTEXT)
@COURSE
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the CSV to this file (atomically) instead of printing it.")
@_fail_on_bad_input
def export(course_dir: Path, output: Path | None) -> None:
    """Instructor: the class's scores as CSV, one row per student, one column per lesson and per check.

    \b
    Examples:
      grade export > grades.csv
      grade export --output grades.csv
    """
    from autograder.export import class_csv

    text = class_csv(_course(course_dir))
    if output is None:
        click.echo(text, nl=False)
        return
    from autograder import atomic
    from autograder.i18n import translate

    atomic.write_text(output, text)
    _stderr(translate("wrote {path}", _lang(None)).format(path=output))


@main.command(context_settings=CONTEXT)
@click.argument("lesson")
@COURSE
@click.option("--json", "as_json", is_flag=True, help="Print the insight as JSON instead of the tables.")
@click.option("--csv", "csv_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the misconceptions, similar pairs, code matching the oracles and submissions to this CSV "
                   "file (one table column).")
@click.option("--html", "html_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the class page, one self-contained HTML file, to this file.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Similarity score above which a pair is listed (default: 0.6, calibrated on hw03 in autograder/insight/similarity.py).")
@LANG
@_fail_on_bad_input
def insight(lesson: str, course_dir: Path, as_json: bool, csv_file: Path | None, html_file: Path | None,
            threshold: float | None, lang: str | None) -> None:
    """Instructor: what the class got wrong and who wrote alike, from what `grade autograde LESSON` recorded.

    Misconceptions: every check's pass rate and its failures grouped by cause (the hint that fired, not
    implemented yet, time limit, crashed, an error type), each with its smallest counterexample and its students,
    most points lost first. Similarity: copydetect's winnowing fingerprints on each student's solution regions
    (the stub's code and code most of the class shares are discounted), robust to renamed identifiers, reordered
    functions and rewritten comments; pairs above the threshold are listed, side by side on the class page. The
    same comparison with the lesson's oracles (the reference solutions installed with the grader) lists who pasted
    them in, and which. Nothing is graded again.

    \b
    Examples:
      grade insight hw03
      grade insight hw03 --html hw03-class.html --csv hw03-class.csv
      grade insight hw03 --json > hw03-insight.json
      grade insight hw03 --lang zh --html hw03-class.html
    """
    from autograder import atomic
    from autograder.i18n import translate
    from autograder.insight import class_insight
    from autograder.insight.similarity import THRESHOLD

    lang = _lang(lang)
    result = class_insight(_course(course_dir), lesson, threshold=THRESHOLD if threshold is None else threshold)
    if as_json:
        from autograder.insight.tables import to_json

        click.echo(to_json(result))
    else:
        from rich.console import Console

        from autograder.insight.terminal import render

        Console().print(render(result, lang))
    if csv_file:
        from autograder.insight.tables import to_csv

        atomic.write_text(csv_file, to_csv(result))
        _stderr(translate("wrote {path}", lang).format(path=csv_file))
    if html_file:
        from autograder.insight.page import to_html

        atomic.write_text(html_file, to_html(result, lang))
        _stderr(translate("wrote {path}", lang).format(path=html_file))


def _progress(*, enabled: bool, text: str):
    """A progress display on stderr; `text`: its line, a rich TextColumn format of `task`."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn(text),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not enabled,
    )


def _interrupt_once(signum: int, frame: object) -> None:
    """Ctrl-C stops the command; pressed again while it stops (well under a second), it would break the stopping
    itself: the ends of the fork servers and of their folders."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def run() -> None:
    """The `grade` command (its console script): `main`, then an exit that skips the interpreter's teardown of torch
    and nbgrader's modules (a second after every grading), once the exit handlers ran and the output is out."""
    code: int | str | None = 0
    signal.signal(signal.SIGINT, _interrupt_once)
    try:
        main()
    except SystemExit as leaving:
        code = leaving.code
    atexit._run_exitfuncs()  # the fork servers' ends and their temporary folders (the pools ended with their block)
    if isinstance(code, str):
        _stderr(code)
        code = EXIT_FAILED
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (grade ... | head): nothing more to say
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    run()
