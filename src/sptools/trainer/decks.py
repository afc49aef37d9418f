"""Offline reveal.js slide decks, one per session of the agenda, and the lessons' figures at
projector size.

``python -m sptools.trainer slides`` runs every lesson of the agenda once for the projector
(:mod:`sptools.trainer.presentation`), writes its figures to ``_build/figures/<lesson>/`` as PNG
and SVG (1920 x 1080), and writes ``_build/slides/<variant>/<day>-<start>-<session>.slides.html``
for every session that teaches a lesson, with an ``index.html`` listing them. The decks load
reveal.js, MathJax and their fonts from a copy of ``book/_static/vendor`` next to them: no request
leaves the machine.

Example
-------
>>> deck_name("day-1", {"start": "09:15", "title": "**Getting started 1**: JupyterLab"})
'day-1-0915-getting-started-1'
"""

from __future__ import annotations

import copy
import html
import re
import shutil
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import SlidesExporter

from sptools.trainer import agenda as agenda_
from sptools.trainer.lessons import lesson_paths
from sptools.trainer.presentation import run_for_projector

VENDOR = Path("book") / "_static" / "vendor"
#: nbconvert's reveal template without anything from a CDN: MathJax 3 and reveal.js from the
#: vendored copies, no jQuery, require.js, mermaid or widget manager (the decks hold no live
#: widgets), and overflowing slides scroll.
_TEMPLATE = r"""
{%- extends 'reveal/index.html.j2' -%}
{% block html_head_js %}{% endblock html_head_js %}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block html_head_js_mathjax %}
<script>
window.MathJax = {tex: {inlineMath: [["$", "$"], ["\\(", "\\)"]]}};
</script>
<script src="../vendor/mathjax/tex-chtml.js"></script>
<style>
.reveal .slides section { overflow-y: auto; max-height: 100%; }
.reveal blockquote { width: 95%; font-size: 0.9em; background: #f4f6f8; }
.reveal .jp-RenderedImage img { max-height: 560px; }
</style>
{% endblock html_head_js_mathjax %}
{% block footer_js %}
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script src="{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  controls: true, progress: true, history: true, hash: true,
  transition: "{{ resources.reveal.transition }}", slideNumber: "c/t",
  plugins: [RevealNotes], width: 1280, height: 720, margin: 0.04,
});
</script>
{% endblock footer_js %}
"""


def deck_name(day: str, session: dict) -> str:
    """The file stem of a session's deck: day, start time and the session's short title."""
    short = re.sub(r"\*\*(.*?)\*\*.*", r"\1", session["title"]).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", short).strip("-")
    return f"{day}-{session['start'].replace(':', '')}-{slug}"


def exporter() -> SlidesExporter:
    """nbconvert's slides exporter with the offline template (reveal.js from ``../vendor``)."""
    return SlidesExporter(
        extra_loaders=[DictLoader({"sptools_reveal.html.j2": _TEMPLATE})],
        template_file="sptools_reveal.html.j2",
        reveal_url_prefix="../vendor/reveal",
        reveal_theme="white",
        reveal_transition="none",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def _starts_with_heading(cell: nbformat.NotebookNode, heading: str) -> bool:
    first_line = (cell.source.splitlines() or [""])[0] if cell.cell_type == "markdown" else ""
    return bool(re.match(r"#{1,6} ", first_line)) and first_line.lstrip("#").strip() == heading


def part_of(lesson: nbformat.NotebookNode, since: str | None, until: str | None):
    """The lesson's cells from the heading ``since`` (the start when None) to the heading
    ``until`` (excluded; the end when None), as a notebook."""
    cells = lesson.cells
    start = next((i for i, c in enumerate(cells) if _starts_with_heading(c, since)), None)
    end = next((i for i, c in enumerate(cells) if _starts_with_heading(c, until)), None)
    for heading, found in ((since, start), (until, end)):
        if heading is not None and found is None:
            raise ValueError(f"no cell of the lesson starts with the heading {heading!r}")
    part = copy.copy(lesson)
    part.cells = cells[start if since else 0 : end if until else len(cells)]
    return part


def session_deck(lessons: list[nbformat.NotebookNode], title: str) -> nbformat.NotebookNode:
    """One notebook of the lessons of a session, in order, titled ``title``."""
    deck = nbformat.v4.new_notebook(metadata=dict(lessons[0].metadata))
    deck.metadata["title"] = title
    for lesson in lessons:
        deck.cells.extend(lesson.cells)
    return deck


def build(
    root: Path, output: Path | None = None, kernel_name: str = "sptools", variants=None
) -> list[Path]:
    """Build the decks of every session (of ``variants``; all by default) and the figures of every
    lesson (of those variants' lessons only, when ``variants`` is given).

    Each lesson runs once, however many sessions use it. Returns the deck files written."""
    output = Path(output or root / "_build")
    slides, figures = output / "slides", output / "figures"
    shutil.rmtree(slides / "vendor", ignore_errors=True)
    for folder in ("reveal", "mathjax"):
        shutil.copytree(root / VENDOR / folder, slides / "vendor" / folder)
    agenda = agenda_.load(root)
    presented: dict[str, nbformat.NotebookNode] = {}
    written, rows = [], []
    slides_exporter = exporter()
    for variant_name in variants or agenda["variants"]:
        variant = agenda["variants"][variant_name]
        for day in variant["days"]:
            for session in agenda["days"][day]["sessions"]:
                taught = [
                    part for part in agenda_.parts(root, agenda, session) if not part.lesson.pending
                ]
                if not taught:
                    continue
                for path in (part.lesson.path for part in taught):
                    if path not in presented:
                        print(f"running {path} for the projector", flush=True)
                        presented[path] = run_for_projector(
                            root / f"{path}.ipynb", figures / Path(path).name, kernel_name
                        )
                title = re.sub(r"\*\*", "", session["title"])
                lessons = [
                    part_of(presented[part.lesson.path], part.since, part.until) for part in taught
                ]
                deck = session_deck(lessons, title)
                body, _ = slides_exporter.from_notebook_node(deck)
                target = slides / variant_name / f"{deck_name(day, session)}.slides.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(body, "utf-8")
                written.append(target)
                rows.append((variant["title"], day, session, target.relative_to(slides)))
    for path in lesson_paths(root):  # the lessons no session teaches: their figures too
        lesson = path.relative_to(root).with_suffix("").as_posix()
        if variants is None and lesson not in presented:
            print(f"running {lesson} for its figures", flush=True)
            run_for_projector(path, figures / path.stem, kernel_name)
    (slides / "index.html").write_text(_index(rows), "utf-8")
    return written


def _index(rows) -> str:
    items, current = [], None
    for variant_title, day, session, link in rows:
        if variant_title != current:
            items.append(f"<h2>{html.escape(variant_title)}</h2>")
            current = variant_title
        title = html.escape(re.sub(r"\*\*", "", session["title"]))
        label = f"{html.escape(day)}, {session['start']}: {title}"
        items.append(f'<p><a href="{link.as_posix()}">{label}</a></p>')
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Slides</title></head>'
        "<body><h1>Slide decks, one per session</h1>"
        "<p>Keys: arrows or space to move, S for the speaker notes, F for full screen.</p>"
        + "\n".join(items)
        + "</body></html>\n"
    )
