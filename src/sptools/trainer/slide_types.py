"""The slide rule of the lesson notebooks: which cell opens a slide, which is a speaker note, which
is left out of the slides.

The rule, cell by cell (the first that matches):

1. a raw cell: ``skip``;
2. a markdown cell holding only an instructor note (``:class: ... instructor-note``): ``notes``
   (the trainer's speaker view shows it, the room does not);
3. a solution (``{solution}``) and the code cell under an exercise (where participants type their
   answer): ``skip``;
4. a markdown cell starting with a ``#`` or ``##`` heading, or an exercise (``{exercise}``):
   ``slide``; a ``###`` heading, or a paragraph that opens with a bold lead-in (``**Step 1.**``):
   ``subslide`` (one step of a worked example per vertical slide);
5. a code cell that draws a key figure (it has a caption, ``mystnb.figure``): ``slide``;
6. anything else: ``-`` (continues the current slide).

Apply it to new notebooks with ``python -m sptools.trainer slide-types`` (all of ``modules/``) or
with paths; ``--check`` only lists the cells that do not follow it.

Example
-------
>>> cells = [{"cell_type": "markdown", "source": "## Data", "metadata": {}}]
>>> slide_types(cells)
['slide']
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_INSTRUCTOR_NOTE = re.compile(
    r"\A\s*(:{3,})\{admonition\}[^\n]*\n:class:[^\n]*\binstructor-note\b.*?^\1\s*\Z",
    re.DOTALL | re.MULTILINE,
)
_EXERCISE = re.compile(r"\A\s*:{3,}\{exercise\}")
_SOLUTION = re.compile(r"\A\s*:{3,}\{solution\}")


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def slide_type(cell: dict, previous: dict | None) -> str:
    """The slide type of ``cell`` under the rule of this module (``previous``: the cell above)."""
    text = _source(cell)
    if cell["cell_type"] == "raw":
        return "skip"
    if cell["cell_type"] == "markdown":
        if _INSTRUCTOR_NOTE.match(text):
            return "notes"
        if _SOLUTION.match(text):
            return "skip"
        if text.startswith(("# ", "## ")) or _EXERCISE.match(text):
            return "slide"
        if text.startswith(("### ", "**")):
            return "subslide"
        return "-"
    if previous is not None and _EXERCISE.match(_source(previous)):
        return "skip"
    if cell.get("metadata", {}).get("mystnb", {}).get("figure"):
        return "slide"
    return "-"


def slide_types(cells: list[dict]) -> list[str]:
    """The slide type of every cell of a notebook, in order."""
    return [slide_type(cell, cells[i - 1] if i else None) for i, cell in enumerate(cells)]


def mismatches(notebook: dict) -> list[str]:
    """The cells whose ``metadata.slideshow.slide_type`` differs from the rule (empty: none)."""
    found, cells = [], notebook["cells"]
    for index, (cell, expected) in enumerate(zip(cells, slide_types(cells), strict=True)):
        stored = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if stored != expected:
            first_line = (_source(cell).splitlines() or [""])[0][:50]
            found.append(f"cell {index} ({first_line!r}): slide_type {stored!r}, rule {expected!r}")
    return found


def apply(path: Path) -> bool:
    """Set the slide type of every cell of the notebook at ``path``; True when it changed."""
    text = Path(path).read_text("utf-8")
    notebook = json.loads(text)
    for cell, expected in zip(notebook["cells"], slide_types(notebook["cells"]), strict=True):
        cell.setdefault("metadata", {}).setdefault("slideshow", {})["slide_type"] = expected
    updated = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if updated != text:
        Path(path).write_text(updated, "utf-8")
    return updated != text
