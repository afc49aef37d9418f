"""Run a lesson notebook for the projector: its figures at projector size, its numbers filled in,
its MyST turned into plain Markdown that reveal.js shows as the book does.

:func:`run_for_projector` executes a copy of a notebook with three kinds of hidden helper cells:
one that sets matplotlib up for a 1920 x 1080 projector, one after every figure cell that saves the
open figures as PNG and SVG, and one before every markdown cell with ``{eval}`` numbers that prints
their values. The helper cells are removed again; the notebook that comes back has outputs, its
``{eval}`` roles replaced by their values, and its instructor notes in ``notes`` cells.

Example
-------
>>> plain_markdown(":::{note}\\nRead me.\\n:::")
'> **Note.** Read me.'
"""

from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from sptools.trainer.slide_types import slide_types

#: Projector figures: 16:9 at 1920 x 1080 pixels, and no text smaller than 16 points (27 pixels,
#: readable from the back of a room); SVG text stays text (editable in a slide program).
PROJECTOR_INCHES, PROJECTOR_DPI, MINIMUM_POINTS = (16, 9), 120, 16
_SETUP = """
import matplotlib as _mpl, seaborn as _sns
from pathlib import Path as _Path
_sns.set_theme(context="talk", style="whitegrid", font_scale=1.25)
_mpl.rcParams["figure.figsize"] = {inches}
_mpl.rcParams["figure.dpi"] = 96
_mpl.rcParams["svg.fonttype"] = "none"
get_ipython().run_line_magic("config", "InlineBackend.close_figures = False")
def _sptools_save_figures(name, value=None, folder=_Path({folder!r})):
    import matplotlib.pyplot as _plt
    from matplotlib.text import Text
    from matplotlib.figure import Figure as _Figure
    folder.mkdir(parents=True, exist_ok=True)
    shown = [_plt.figure(number) for number in _plt.get_fignums()]
    # A Figure made without pyplot (as a widget's), shown as the value of the cell's last line
    if not shown and isinstance(value, _Figure):
        shown.append(value)
    numbers = range(len(shown))
    for index, figure in enumerate(shown):
        figure.set_size_inches(*{inches})
        for text in figure.findobj(Text):
            if text.get_text() and text.get_fontsize() < {points}:
                text.set_fontsize({points})
        figure.tight_layout()
        stem = name if len(numbers) == 1 else f"{{name}}-{{index + 1}}"
        for suffix in ("png", "svg"):
            figure.savefig(folder / f"{{stem}}.{{suffix}}", dpi={dpi}, format=suffix)
    _plt.close("all")
"""
_EVAL = re.compile(r"\{eval\}`([^`]+)`")
_FENCE = re.compile(r"^(:{3,})\{(\w[\w-]*)\}[ \t]*(.*?)\n(.*?)^\1[ \t]*$", re.DOTALL | re.MULTILINE)
_OPTION = re.compile(r"^:(\w+):[ \t]*(.*)$", re.MULTILINE)
_ROLE = re.compile(r"\{(?:cite:p|cite:t|cite|term|kbd|math)\}`([^`]+)`")
#: The options of a directive (the ``:name: value`` lines that open its body), and the class of an
#: instructor note among them.
_OPTIONS = re.compile(r"(?::\w+:[^\n]*\n)*")
_NOTE_CLASS = re.compile(r"^:class:.*\binstructor-note\b", re.MULTILINE)
_TITLES = {"exercise": "Exercise", "solution": "Solution"}
_HIDDEN = "sptools-helper"


def _helper(code: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata[_HIDDEN] = True
    return cell


def plain_markdown(text: str) -> str:
    """MyST of a lesson's markdown cell as plain Markdown: admonitions and exercises become quoted
    blocks with a bold title, solutions are dropped, roles keep their text."""

    def replace(match: re.Match) -> str:
        directive, argument, body = match.group(2), match.group(3).strip(), match.group(4)
        if directive == "solution":
            return ""
        title = argument if directive == "admonition" else _TITLES.get(directive, directive.title())
        body = _OPTION.sub("", plain_markdown(body)).strip()
        quoted = "\n".join(f"> {line}" if line else ">" for line in body.splitlines())
        return f"> **{title}.** {quoted[2:]}" if quoted.startswith("> ") else f"> **{title}.**"

    return _ROLE.sub(r"\1", _FENCE.sub(replace, text)).strip()


def _fill_in(source: str, values: list[str]) -> str:
    """``source`` with its ``{eval}`` roles replaced, in order, by ``values``."""
    replacements = iter(values)
    return _EVAL.sub(lambda _: next(replacements), source)


def _split_instructor_notes(text: str) -> tuple[str, list[str]]:
    """A markdown cell's text without its instructor notes, and the notes as plain Markdown."""
    notes = []

    def take(match: re.Match) -> str:
        if _NOTE_CLASS.search(_OPTIONS.match(match.group(4)).group(0)):
            notes.append(plain_markdown(match.group(0)))
            return ""
        return match.group(0)

    return _FENCE.sub(take, text), notes


def _one_section_per_slide(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """A markdown cell with several sections, as one cell per section: a ``##`` section opens a
    slide, a ``###`` section a sub-slide (as the slide rule does for cells)."""
    if cell.cell_type != "markdown":
        return [cell]
    first, *rest = re.split(r"\n(?=#{2,3} )", cell.source)
    cell.source = first
    pieces = [cell]
    for section in rest:
        piece = nbformat.v4.new_markdown_cell(section)
        kind = "slide" if section.startswith("## ") else "subslide"
        piece.metadata["slideshow"] = {"slide_type": kind}
        pieces.append(piece)
    return pieces


def _last_expression(source: str) -> str | None:
    """The cell's last line when it is a plain name or attribute (``kandal.figure``), which a
    helper may read again without side effects; else None.

    Examples
    --------
    >>> _last_expression(chr(10).join(["report = dashboard.report()", "report.figure"]))
    'report.figure'
    >>> _last_expression("plot(data)") is None
    True
    """
    lines = [line for line in source.strip().splitlines() if line.strip()]
    if not lines:
        return None
    try:
        tree = ast.parse(lines[-1].strip(), mode="eval")
    except SyntaxError:
        return None
    return ast.unparse(tree) if isinstance(tree.body, ast.Name | ast.Attribute) else None


def _with_helpers(notebook: nbformat.NotebookNode, figures: Path) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with the setup, figure-saving and ``{eval}``-printing helper cells."""
    run = copy.deepcopy(notebook)
    setup = _SETUP.format(
        inches=PROJECTOR_INCHES, folder=str(figures), dpi=PROJECTOR_DPI, points=MINIMUM_POINTS
    )
    cells = [_helper(setup)]
    for cell in run.cells:
        expressions = _EVAL.findall(cell.source) if cell.cell_type == "markdown" else []
        if expressions:
            printed = ", ".join(f"str({expression})" for expression in expressions)
            cells.append(_helper(f"import json as _json\nprint(_json.dumps([{printed}]))"))
        cells.append(cell)
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        if cell.cell_type == "code" and figure:
            value = _last_expression(cell.source)
            cells.append(
                _helper(
                    f"_sptools_save_figures({figure.get('name', 'figure')!r}"
                    + (f", value={value})" if value else ")")
                )
            )
    run.cells = cells
    return run


def run_for_projector(
    path: Path, figures: Path, kernel_name: str = "python3", timeout: int = 180
) -> nbformat.NotebookNode:
    """Execute the lesson at ``path`` for the projector (see the module); figures go to
    ``figures``. Returns the executed notebook, ready for nbconvert's slides exporter."""
    notebook = nbformat.read(path, as_version=4)
    run = _with_helpers(notebook, Path(figures).resolve())
    NotebookClient(
        run,
        timeout=timeout,
        kernel_name=kernel_name,
        allow_errors=False,
        resources={"metadata": {"path": str(Path(path).parent)}},
    ).execute()
    presented, values = [], []
    for cell in run.cells:
        if cell.metadata.get(_HIDDEN):
            printed = "".join(
                output.text
                for output in cell.outputs
                if output.output_type == "stream" and output.name == "stdout"
            )  # a warning the expressions raise goes to stderr, not into the values
            values = json.loads(printed.splitlines()[-1]) if printed else []
            continue
        if cell.cell_type == "markdown":
            source = cell.source
            source = _fill_in(source, values)
            values = []
            source, notes = _split_instructor_notes(source)
            cell.source = plain_markdown(source)
            if notes and not cell.source:
                cell.source = "\n\n".join(notes)
            elif notes:
                presented.append(cell)
                cell = nbformat.v4.new_markdown_cell("\n\n".join(notes))
                cell.metadata["slideshow"] = {"slide_type": "notes"}
        presented.append(cell)
    run.cells = [
        piece for cell in presented for piece in _one_section_per_slide(cell) if piece.source
    ]
    for cell, expected in zip(run.cells, slide_types(run.cells), strict=True):
        cell.metadata.setdefault("slideshow", {}).setdefault("slide_type", expected)
    return run
