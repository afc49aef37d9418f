"""Notebooks are stored clean, run on the project kernel, are all in the book, and caption their
figures."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import REPOSITORY, project_notebooks, read_notebook

NOTEBOOKS = project_notebooks()
IDS = [str(path.relative_to(REPOSITORY)) for path in NOTEBOOKS]
#: A code cell draws a figure when it calls seaborn, pyplot, pandas plotting or an sptools plot.
DRAWS = re.compile(
    r"\b(sns\.\w+\(|plt\.(?!close|rcParams|style)\w+\(|\.plot\(|\.plot\.\w+\(|plot_\w+\()"
)


def _toc_files() -> list[str]:
    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                yield node["file"]
            if "root" in node:
                yield node["root"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    return list(walk(yaml.safe_load((REPOSITORY / "_toc.yml").read_text())))


def _code_cells(path):
    return [cell for cell in read_notebook(path)["cells"] if cell["cell_type"] == "code"]


def _source(cell) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in modules/, exercises/, solutions/ or book/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_without_outputs(path):
    dirty = [
        i
        for i, cell in enumerate(_code_cells(path))
        if cell.get("outputs") or cell.get("execution_count")
    ]
    assert not dirty, (
        f"code cells {dirty} have outputs or execution counts: clear them before committing"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_uses_the_project_kernel(path):
    kernelspec = read_notebook(path)["metadata"].get("kernelspec", {})
    assert kernelspec.get("name") == "sptools", (
        f"kernelspec is {kernelspec}; use the 'sptools' kernel"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_listed_in_the_table_of_contents(path):
    entry = path.relative_to(REPOSITORY).with_suffix("").as_posix()
    assert entry in _toc_files(), f"{entry} is not in _toc.yml"


def test_every_table_of_contents_entry_exists():
    missing = [
        entry
        for entry in _toc_files()
        if not any((REPOSITORY / f"{entry}{suffix}").exists() for suffix in (".md", ".ipynb"))
    ]
    assert not missing, f"_toc.yml lists pages that do not exist: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_figure_has_a_caption_and_alt_text(path):
    for cell in _code_cells(path):
        if not DRAWS.search(_source(cell)) or "remove-cell" in cell["metadata"].get("tags", []):
            continue
        mystnb = cell["metadata"].get("mystnb", {})
        where = f"cell {cell.get('id')} ({_source(cell).splitlines()[0][:60]!r})"
        assert mystnb.get("figure", {}).get("caption"), f"{where} draws a figure without a caption"
        assert mystnb.get("image", {}).get("alt"), f"{where} draws a figure without alt text"


@pytest.mark.parametrize(
    "path", sorted((REPOSITORY / "modules").rglob("*.ipynb")), ids=lambda p: p.name
)
def test_module_opens_with_objectives_and_closes_with_key_points(path):
    markdown = [_source(c) for c in read_notebook(path)["cells"] if c["cell_type"] == "markdown"]
    opening, closing = "\n".join(markdown[:4]).lower(), "\n".join(markdown[-6:]).lower()
    for heading in ("objectives", "prerequisites", "time"):
        assert heading in opening, f"the opening cells must state the {heading}"
    for heading in ("key points", "what next"):
        assert heading in closing, f"the closing cells must give the {heading}"


#: Notebooks that follow CONTRIBUTING.md (read right in JupyterLab as in the book). Add yours
#: here when you convert it; the rules below then hold for it.
CONVERTED = [
    "book/data.ipynb",
    "modules/00-getting-started/getting-started.ipynb",
    "solutions/00-getting-started.ipynb",
    "exercises/00-getting-started.ipynb",
    "modules/01-lnob/01-opportunities-and-circumstances.ipynb",
    "modules/01-lnob/02-access-and-dissimilarity.ipynb",
    "modules/01-lnob/03-lnob-trees.ipynb",
    "modules/01-lnob/04-shapley.ipynb",
    "modules/01-lnob/05-provinces.ipynb",
    "modules/01-lnob/06-change-over-time.ipynb",
    "solutions/01-lnob.ipynb",
    "exercises/01-lnob.ipynb",
    "modules/02-mpi/01-counting-deprivations.ipynb",
    "modules/02-mpi/02-global-mpi.ipynb",
    "modules/02-mpi/03-analysis-for-policy.ipynb",
    "modules/02-mpi/04-robustness-and-precision.ipynb",
    "modules/02-mpi/05-design-a-national-mpi.ipynb",
    "modules/02-mpi/06-mpi-and-targeting.ipynb",
    "solutions/02-mpi.ipynb",
    "exercises/02-mpi.ipynb",
    "modules/03-sp2lnob/01-what-is-sp2lnob.ipynb",
    "modules/03-sp2lnob/02-guided-tour.ipynb",
    "modules/03-sp2lnob/03-cambodian-scenarios.ipynb",
    "modules/03-sp2lnob/04-same-budget-different-designs.ipynb",
    "modules/03-sp2lnob/05-limits-and-sensitivity.ipynb",
    "modules/03-sp2lnob/06-policy-message.ipynb",
    "solutions/03-sp2lnob.ipynb",
    "exercises/03-sp2lnob.ipynb",
    "assessment/quiz-00-getting-started.ipynb",
    "assessment/quiz-01-lnob.ipynb",
    "assessment/quiz-02-mpi.ipynb",
    "assessment/quiz-03-sp2lnob.ipynb",
    "assessment/evaluation.ipynb",
    "modules/04-costing/01-what-a-scheme-costs.ipynb",
    "modules/04-costing/02-what-it-buys.ipynb",
    "modules/04-costing/03-financing.ipynb",
    "modules/04-costing/04-shock-response.ipynb",
    "modules/04-costing/05-simulator.ipynb",
    "modules/04-costing/06-policy-brief.ipynb",
    "solutions/04-costing.ipynb",
    "exercises/04-costing.ipynb",
    "modules/05-sp-data/02-validating-records.ipynb",
    "modules/05-sp-data/03-linking-registers.ipynb",
    "modules/05-sp-data/01-system-and-data-flows.ipynb",
    "modules/05-sp-data/04-coverage.ipynb",
    "modules/05-sp-data/05-me-dashboard.ipynb",
    "modules/05-sp-data/06-data-protection.ipynb",
    "solutions/05-sp-data.ipynb",
    "exercises/05-sp-data.ipynb",
    "assessment/quiz-04-costing.ipynb",
    "assessment/quiz-05-sp-data.ipynb",
]
#: Markdown that JupyterLab cannot render: glue (shows its key), Sphinx-only references, gated
#: exercise blocks (their code cells show), backtick-fenced directives (use ::: colon fences).
BOOK_ONLY = {
    "{glue": "a {glue} role: quote numbers with {eval} (CONTRIBUTING.md)",
    "{numref}": "a {numref} reference: link with [text](#label)",
    "{ref}": "a {ref} reference: link with [text](#label)",
    "{doc}": "a {doc} reference: link with [text](relative/path.ipynb)",
    "-start}": "a gated {exercise-start}/{solution-start}: use {exercise} and {solution}",
    "-end}": "a gated {exercise-end}/{solution-end}: use {exercise} and {solution}",
}
BACKTICK_DIRECTIVE = re.compile(r"^`{3,}\{", re.MULTILINE)


@pytest.mark.parametrize("entry", CONVERTED)
def test_converted_notebook_reads_right_in_jupyterlab(entry):
    notebook = read_notebook(REPOSITORY / entry)
    problems = []
    for cell in notebook["cells"]:
        where, source = f"cell {cell.get('id')}", _source(cell)
        if "remove-cell" in cell["metadata"].get("tags", []):
            problems.append(f"{where}: remove-cell (book only); key results belong in tests/")
        if cell["cell_type"] == "code" and re.search(r"^\s*assert\b", source, re.MULTILINE):
            problems.append(f"{where}: an assert a participant can trip; move it to tests/")
        if cell["cell_type"] != "markdown":
            continue
        if "user_expressions" in cell["metadata"]:
            problems.append(f"{where}: stored {{eval}} results; clear the cell metadata")
        problems += [f"{where}: {why}" for text, why in BOOK_ONLY.items() if text in source]
        if BACKTICK_DIRECTIVE.search(source):
            problems.append(f"{where}: a ```{{directive}} fence; use ::: colon fences")
    uses_eval = any("{eval}" in _source(c) for c in notebook["cells"])
    mode = notebook["metadata"].get("mystnb", {}).get("execution_mode")
    if uses_eval and mode != "inline":
        problems.append('uses {eval}: set "mystnb": {"execution_mode": "inline"} in its metadata')
    assert not problems, "\n".join(problems)
