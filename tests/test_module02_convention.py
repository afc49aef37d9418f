"""Module 2 reads the same in JupyterLab and in the book (the authoring convention of CONTRIBUTING.md).

Static checks (fast): no book-only syntax or cells (``{glue}``, ``{numref}``, ``{doc}``, backtick
directives, ``remove-cell``), numbers in prose as inline ``{eval}`` roles that the book's
``eval_regex`` accepts, instructor notes and solutions collapsed.

Executed checks (slow): every lesson runs, every ``{eval}`` evaluates in the lesson's kernel to a
value that shows without quotes, and every collapsed solution runs after the lesson.
"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import REPOSITORY, read_notebook

LESSONS = sorted((REPOSITORY / "modules" / "02-mpi").glob("*.ipynb"))
NOTEBOOKS = [*LESSONS, REPOSITORY / "solutions" / "02-mpi.ipynb"]
IDS = [path.name if path in LESSONS else "solutions" for path in NOTEBOOKS]
EVAL = re.compile(r"\{eval\}`([^`]+)`")
BOOK_ONLY = re.compile(r"\{(glue|glue:text|glue:figure|numref|doc)[:}`]")
BACKTICK_DIRECTIVE = re.compile(r"^`{3,}\{", re.MULTILINE)
SOLUTION = re.compile(r"^(:{3,})\{solution\}[^\n]*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
INSTRUCTOR = re.compile(r"^:{3,}\{admonition\} Instructor note\n:class: ([^\n]*)", re.MULTILINE)
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _source(cell) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def _markdown(path) -> list[str]:
    return [_source(c) for c in read_notebook(path)["cells"] if c["cell_type"] == "markdown"]


def _eval_regex() -> re.Pattern:
    config = yaml.safe_load((REPOSITORY / "_config.yml").read_text("utf-8"))
    return re.compile(config["execute"]["eval_regex"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_book_only_syntax_or_cells(path):
    notebook = read_notebook(path)
    for cell in notebook["cells"]:
        where = f"{path.name} cell {cell.get('id')}"
        assert "remove-cell" not in cell["metadata"].get("tags", []), f"{where}: a book-only cell"
        if cell["cell_type"] == "markdown":
            text = _source(cell)
            assert not BOOK_ONLY.search(text), f"{where}: {BOOK_ONLY.search(text).group(0)!r}"
            assert not BACKTICK_DIRECTIVE.search(text), f"{where}: use a colon fence (:::{{...}})"
        else:
            assert "glue(" not in _source(cell), f"{where}: glue() is book-only; use {{eval}}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_numbers_in_prose_are_evals_the_book_accepts(path):
    expressions = [e for text in _markdown(path) for e in EVAL.findall(text)]
    if not expressions:
        return
    metadata = read_notebook(path)["metadata"]
    assert metadata.get("mystnb", {}).get("execution_mode") == "inline", (
        'a notebook with {eval} roles needs "mystnb": {"execution_mode": "inline"} in its metadata'
    )
    regex = _eval_regex()
    refused = [e for e in expressions if not regex.match(e)]
    assert not refused, f"the book's eval_regex refuses {refused}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_instructor_notes_and_solutions_are_collapsed(path):
    text = "\n".join(_markdown(path))
    notes = INSTRUCTOR.findall(text)
    assert notes, "every lesson has an instructor note"
    assert all({"dropdown", "instructor-note"} <= set(cls.split()) for cls in notes)
    for _fence, body in SOLUTION.findall(text):
        assert ":class: dropdown" in body.split("\n\n")[0], f"solution not collapsed: {body[:80]!r}"


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_eval_and_every_solution_runs(path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    expressions = [e for text in markdown for e in EVAL.findall(text)]
    solutions = [
        block
        for text in markdown
        for _f, body in SOLUTION.findall(text)
        for block in PYTHON_BLOCK.findall(body)
    ]
    probe = (
        "import json as _json\n_shown = {}\n"
        f"for _expression in {expressions!r}:\n"
        "    _shown[_expression] = repr(eval(_expression))\n"
        "print(_json.dumps(_shown))"
    )
    notebook.cells += [nbformat.v4.new_code_cell(probe)]
    notebook.cells += [nbformat.v4.new_code_cell(block) for block in solutions]
    client = nbclient.NotebookClient(
        notebook,
        kernel_name="sptools",
        timeout=600,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    import json

    cells = notebook.cells[-(len(solutions) + 1) :]
    shown = json.loads(cells[0].outputs[0]["text"])
    quoted = {e: v for e, v in shown.items() if v[:1] in "'\""}
    assert not quoted, f"these show with quotes in the text (use sptools.text): {quoted}"
