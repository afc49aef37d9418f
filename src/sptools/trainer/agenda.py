"""The workshop agenda as data (``book/agenda.yml``): checked arithmetic and Markdown tables.

Each session lasts ``end - start`` minutes, and must hold exactly the minutes of its notebooks (read
from their metadata, ``"sptools": {"minutes": N}``) plus its stated activities (breaks, quizzes,
practice notebooks, buffers). :func:`problems` lists every way the agenda fails to add up;
:func:`render` writes the tables that ``book/agenda.md`` shows between its markers::

    <!-- agenda:two-day -->
    ...generated...
    <!-- end agenda:two-day -->

Example
-------
>>> minutes_between("08:30", "10:15")
105
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sptools.trainer.lessons import metadata_minutes, notebook_title, read_notebook

AGENDA_YAML = Path("book") / "agenda.yml"
AGENDA_MD = Path("book") / "agenda.md"
_MARKER = re.compile(
    r"(<!-- agenda:(?P<name>[\w-]+) -->\n)(?:.*?\n)?(<!-- end agenda:(?P=name) -->)", re.DOTALL
)


def minutes_between(start: str, end: str) -> int:
    """Minutes from ``start`` to ``end``, both ``"HH:MM"`` on the same day."""

    def minutes(clock: str) -> int:
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", clock)
        if not match:
            raise ValueError(f"time {clock!r} is not HH:MM; write e.g. '08:30'")
        return int(match.group(1)) * 60 + int(match.group(2))

    return minutes(end) - minutes(start)


@dataclass(frozen=True)
class Lesson:
    """A lesson notebook as the agenda sees it (``pending``: not written yet, planned minutes)."""

    path: str
    title: str
    minutes: int | None
    pending: bool


@dataclass(frozen=True)
class Part:
    """The minutes of one lesson taught in one session (all of them, or a stated part).

    A part may say where it starts and stops in the lesson (``since`` and ``until``: the text of a
    heading), so that each session's slide deck holds its part of the lesson only.
    """

    lesson: Lesson
    minutes: int | None
    since: str | None = None
    until: str | None = None


def load(root: Path) -> dict:
    """The agenda of the repository at ``root`` (``book/agenda.yml``)."""
    return yaml.safe_load((root / AGENDA_YAML).read_text("utf-8"))


def lesson(root: Path, agenda: dict, path: str) -> Lesson:
    """The lesson at ``path`` (no ``.ipynb``): from its notebook, or from the ``pending`` list."""
    notebook = root / f"{path}.ipynb"
    planned = (agenda.get("pending") or {}).get(path)
    if notebook.exists():
        content = read_notebook(notebook)
        return Lesson(path, notebook_title(content), metadata_minutes(content), pending=False)
    if planned is not None:
        return Lesson(path, planned["title"], planned["minutes"], pending=True)
    raise FileNotFoundError(
        f"the agenda lists {path}.ipynb, which does not exist and is not in `pending:`; correct "
        "the path, or add the lesson to `pending:` with its planned minutes"
    )


def lesson_headings(root: Path, path: str) -> list[str]:
    """The text of every heading of the lesson at ``path`` (levels 1 to 3: the ones that open a
    slide, where a part of the lesson can start), in order."""
    return [
        line.lstrip("#").strip()
        for cell in read_notebook(root / f"{path}.ipynb")["cells"]
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if re.match(r"#{1,3} ", line)
    ]


def parts(root: Path, agenda: dict, session: dict) -> list[Part]:
    """The lessons of a session with the minutes each takes in it."""
    entries = session.get("notebooks")
    if not isinstance(entries, list):
        raise ValueError(
            f"session {session.get('title')!r}: `notebooks` must be a list of notebook paths "
            "(write `notebooks: []` for a session without a lesson)"
        )
    found = []
    for entry in entries:
        if isinstance(entry, str):
            taught = lesson(root, agenda, entry)
            found.append(Part(taught, taught.minutes))
        else:
            found.append(
                Part(
                    lesson(root, agenda, entry["path"]),
                    int(entry["minutes"]),
                    since=entry.get("since"),
                    until=entry.get("until"),
                )
            )
    return found


def session_problems(root: Path, agenda: dict, session: dict) -> list[str]:
    """How one session fails to add up (an empty list when it does)."""
    title = session.get("title")
    problems = []
    for part in parts(root, agenda, session):
        if part.lesson.minutes is None:
            problems.append(
                f'{part.lesson.path}.ipynb has no "sptools": {{"minutes": N}} in its metadata'
            )
    for part in parts(root, agenda, session):
        for heading in filter(None, (part.since, part.until)):
            if not part.lesson.pending and heading not in lesson_headings(root, part.lesson.path):
                problems.append(
                    f"{part.lesson.path}.ipynb has no heading {heading!r} (`since`/`until` of "
                    f"session {title!r}); copy the heading's text from the notebook"
                )
    activities = session.get("activities")
    if not isinstance(activities, dict):
        problems.append(f"session {title!r}: `activities` must be a mapping of name to minutes")
    if problems:
        return problems
    length = minutes_between(session["start"], session["end"])
    planned = sum(part.minutes for part in parts(root, agenda, session)) + sum(activities.values())
    if planned != length:
        detail = " + ".join(
            [f"{part.minutes} ({part.lesson.path})" for part in parts(root, agenda, session)]
            + [f"{minutes} ({name})" for name, minutes in activities.items()]
        )
        problems.append(
            f"session {title!r} ({session['start']}-{session['end']}) lasts {length} minutes but "
            f"holds {planned}: {detail or 'nothing'}; retime it or change its activities"
        )
    return problems


def variant_problems(root: Path, agenda: dict, name: str) -> list[str]:
    """How one variant fails: its sessions, their order, the lessons it teaches or leaves out."""
    variant = agenda["variants"][name]
    problems, taught = [], {}
    for day_name in variant["days"]:
        day = agenda["days"][day_name]
        previous = None
        for session in day["sessions"]:
            problems += session_problems(root, agenda, session)
            if previous is not None and previous["end"] != session["start"]:
                problems.append(
                    f"{day_name}: {previous['title']!r} ends at {previous['end']} but the next "
                    f"session, {session['title']!r}, starts at {session['start']}"
                )
            previous = session
            for part in parts(root, agenda, session):
                taught[part.lesson] = taught.get(part.lesson, 0) + (part.minutes or 0)
    for taught_lesson, minutes in taught.items():
        if taught_lesson.minutes is not None and minutes != taught_lesson.minutes:
            problems.append(
                f"{name}: {taught_lesson.path} takes {taught_lesson.minutes} minutes but its parts "
                f"in the sessions add up to {minutes}"
            )
    left_out = variant.get("not_taught") or {}
    taught_paths = {taught_lesson.path for taught_lesson in taught}
    for path in sorted(taught_paths & set(left_out)):
        problems.append(f"{name}: {path} is both taught and listed in `not_taught`")
    for folder in variant.get("accounts_for", []):
        notebooks = (root / folder).glob("*.ipynb")
        lessons = {notebook.relative_to(root).with_suffix("").as_posix() for notebook in notebooks}
        lessons |= {path for path in agenda.get("pending") or {} if path.startswith(f"{folder}/")}
        for path in sorted(lessons - taught_paths - set(left_out)):
            problems.append(
                f"{name}: the lesson {path} is neither in a session nor in `not_taught` (say why)"
            )
    return problems


def problems(root: Path, agenda: dict | None = None) -> list[str]:
    """Everything in the agenda that does not add up, across all variants."""
    agenda = agenda if agenda is not None else load(root)
    found = []
    for path in agenda.get("pending") or {}:
        if (root / f"{path}.ipynb").exists():
            found.append(
                f"{path}.ipynb exists now: delete its line from `pending:` in {AGENDA_YAML} and "
                "run `python3 tasks.py agenda`"
            )
    for name in agenda["variants"]:
        found += variant_problems(root, agenda, name)
    return found


def _cell(text: str) -> str:
    """Text for one cell of a Markdown table (no line breaks, no bare pipes)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _lesson_name(lesson_: Lesson) -> str:
    """A lesson's title: linked when it exists, marked when it is being written."""
    if lesson_.pending:
        return f"{lesson_.title} (*being written*)"
    return f"[{lesson_.title}](../{lesson_.path}.ipynb)"


def _lesson_link(part: Part) -> str:
    """A lesson with the minutes it takes in a session (and its own, when it is a part)."""
    share = "" if part.minutes == part.lesson.minutes else f" (of its {part.lesson.minutes})"
    return f"{_lesson_name(part.lesson)}: {part.minutes} min{share}"


#: Line break inside a table cell (JupyterLab's Markdown viewer and the book both show it).
_BREAK = "<br>"


def _session_cell(session: dict) -> str:
    """The session's title, objective and format, one per line."""
    format_ = session.get("format")
    lines = [session["title"], session.get("objective"), f"*{format_}*" if format_ else None]
    return _BREAK.join(line for line in lines if line)


def _contents_cell(session_parts: list[Part], activities: dict[str, int]) -> str:
    """What a session holds, one item per line, each with its minutes."""
    items = [_lesson_link(part) for part in session_parts]
    items += [f"{name}: {minutes} min" for name, minutes in activities.items()]
    return _BREAK.join(items)


def render_variant(root: Path, agenda: dict, name: str) -> str:
    """The Markdown of a variant: a table per day, then the day totals and the lessons left out."""
    variant = agenda["variants"][name]
    lines, totals = [], []
    for day_name in variant["days"]:
        day = agenda["days"][day_name]
        lines += [
            f"### {day['title']}",
            "",
            "| Time | Session: objective, *format* | Lessons and activities | Minutes |",
            "|---|---|---|---|",
        ]
        lesson_minutes = other_minutes = 0
        for session in day["sessions"]:
            session_parts = parts(root, agenda, session)
            activities = session["activities"]
            in_lessons = sum(part.minutes for part in session_parts)
            lesson_minutes += in_lessons
            other_minutes += sum(activities.values())
            cells = [
                f"{session['start']}–{session['end']}",
                _session_cell(session),
                _contents_cell(session_parts, activities),
                str(in_lessons + sum(activities.values())),
            ]
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        first, last = day["sessions"][0], day["sessions"][-1]
        totals.append(
            f"| {day['title'].split(':')[0]} | {first['start']}–{last['end']} | {lesson_minutes} "
            f"| {other_minutes} | {lesson_minutes + other_minutes} |"
        )
        lines.append("")
    lines += [
        "| Day | From–to | Lesson minutes | Other minutes (breaks, quizzes, practice, buffers) "
        "| Total |",
        "|---|---|---|---|---|",
        *totals,
    ]
    left_out = variant.get("not_taught") or {}
    if left_out:
        lines += ["", "Lessons not in the sessions of this agenda:", ""]
        for path, reason in left_out.items():
            left = lesson(root, agenda, path)
            lines.append(f"- {_lesson_name(left)} ({left.minutes} min): {reason}")
    return "\n".join(lines)


def render(root: Path, text: str, agenda: dict | None = None) -> str:
    """``text`` (``book/agenda.md``) with every ``<!-- agenda:NAME -->`` block regenerated."""
    agenda = agenda if agenda is not None else load(root)

    def replace(match: re.Match) -> str:
        name = match.group("name")
        if name not in agenda["variants"]:
            raise KeyError(f"book/agenda.md has a block for {name!r}, not a variant of agenda.yml")
        return match.group(1) + render_variant(root, agenda, name) + "\n" + match.group(3)

    return _MARKER.sub(replace, text)


def write(root: Path, check: bool = False) -> bool:
    """Regenerate the agenda tables of ``book/agenda.md``; with ``check``, only say whether they
    are up to date. Returns True when the file was (or is) up to date, False otherwise."""
    target = root / AGENDA_MD
    current = target.read_text("utf-8")
    updated = render(root, current)
    if updated == current:
        return True
    if not check:
        target.write_text(updated, "utf-8")
    return not check
