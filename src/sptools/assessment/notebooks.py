"""The quiz and evaluation notebooks of ``assessment/``, generated from the question banks.

A module's quiz notebook follows from its bank (one answer cell per question), so a new module
adds its quiz by adding a bank file and running ``python -m sptools.assessment build``; a test
fails when a committed notebook differs from what its bank generates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sptools.assessment.bank import Bank, available_modules, load_bank
from sptools.assessment.evaluation import evaluation_items

__all__ = ["evaluation_notebook", "notebook_files", "quiz_notebook", "write_notebooks"]

METADATA = {
    "kernelspec": {"display_name": "Python 3 (sptools)", "language": "python", "name": "sptools"},
    "language_info": {"name": "python"},
}


def _cell(kind: str, source: str, cell_id: str) -> dict[str, Any]:
    cell = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _notebook(cells: list[dict[str, Any]]) -> dict[str, Any]:
    return {"cells": cells, "metadata": METADATA, "nbformat": 4, "nbformat_minor": 5}


def quiz_notebook(bank: Bank) -> dict[str, Any]:
    """The quiz notebook of a module's bank (a notebook as a JSON-ready dict)."""
    m = bank.module
    cells = [
        _cell(
            "markdown",
            f"# Quiz, module {int(m)}: {bank.title}\n\n"
            'Take this quiz twice: at the opening of the workshop (`stage = "pre"`) and at the '
            'closing (`stage = "post"`). It shows what you learned, and tells the trainers where '
            f"the room starts. It has {len(bank.questions)} questions and takes about "
            f"{2 * len(bank.questions)} minutes.\n\n"
            "1. In the first code cell, write the **participant code** your trainer gave you, in "
            'quotes (for example `"P07"`): not your name.\n'
            "2. Run the cells from the top (**Shift+Enter**). Answer each question and click "
            "**Check**: you see at once whether you are right, and why.\n"
            "3. **Only your first answer to each question counts**, so think before you click.\n"
            "4. Run the last cell when you are done.\n\n"
            "Your answers are saved on this laptop, in the folder `answers/` next to this "
            "notebook; the trainer collects them at the end of the workshop.",
            f"quiz{m}-intro",
        ),
        _cell(
            "code",
            "from sptools.assessment import Quiz\n\n"
            'participant = ...  # the code your trainer gave you, in quotes, e.g. "P07"\n'
            'stage = "pre"  # "pre" at the opening of the workshop, "post" at the closing\n'
            f'quiz = Quiz("{m}", participant=participant, stage=stage)',
            f"quiz{m}-setup",
        ),
        _cell("markdown", "## The questions", f"quiz{m}-questions"),
        _cell("code", "quiz.show()", f"quiz{m}-show"),
        _cell(
            "markdown",
            "## Without the buttons\n\n"
            "If the questions above show no buttons, answer here instead: replace the `...` with "
            'a letter in quotes for a choice (`"b"`), or with a number for the others (`12.3`), '
            "and run the cell.",
            f"quiz{m}-plain",
        ),
    ]
    cells += [
        _cell("code", f"quiz.answer({n}, ...)", f"quiz{m}-answer-{n}")
        for n in range(1, len(bank.questions) + 1)
    ]
    cells += [
        _cell(
            "markdown",
            "## When you are done\n\nRun the cell below: it saves the questions you left blank "
            "and shows your score.",
            f"quiz{m}-done",
        ),
        _cell("code", "quiz.finish()", f"quiz{m}-finish"),
    ]
    return _notebook(cells)


def evaluation_notebook() -> dict[str, Any]:
    """The evaluation form notebook (a notebook as a JSON-ready dict)."""
    cells = [
        _cell(
            "markdown",
            "# Workshop evaluation\n\n"
            "Tell us what worked and what to change, and above all what to change in the tools so "
            "that your institution can use them. It takes about 10 minutes. Write the "
            "participant code your trainer gave you (not your name) in the first code cell, run "
            "the cells from the top, answer, and click **Save my answers**. Your answers are "
            "saved on this laptop, in the folder `answers/` next to this notebook.",
            "evaluation-intro",
        ),
        _cell(
            "code",
            "from sptools.assessment import Evaluation\n\n"
            'participant = ...  # the code your trainer gave you, in quotes, e.g. "P07"\n'
            "form = Evaluation(participant=participant)",
            "evaluation-setup",
        ),
        _cell("code", "form.show()", "evaluation-show"),
        _cell(
            "markdown",
            "## Without the buttons\n\n"
            "If the form above shows no buttons, answer here instead: a rating is a whole number "
            'from 1 (lowest) to 5 (highest); a choice or a comment is text in quotes (`"about '
            'right"`).',
            "evaluation-plain",
        ),
    ]
    for name, question, items in evaluation_items():
        note = f"\n\n*{question}*" if question else ""
        lines = "\n".join(f"- `{item.id}`: {item.text}" + (
            f" ({', '.join(item.options)})" if item.options else ""
        ) for item in items)  # fmt: skip
        slug = name.lower().replace(" ", "-")
        cells.append(_cell("markdown", f"### {name}{note}\n\n{lines}", f"evaluation-{slug}"))
        cells += [
            _cell("code", f'form.answer("{item.id}", ...)', f"evaluation-{item.id}")
            for item in items
        ]
    cells += [
        _cell("markdown", "## When you are done\n\nRun the cell below.", "evaluation-done"),
        _cell("code", "form.finish()", "evaluation-finish"),
    ]
    return _notebook(cells)


def notebook_files() -> dict[str, dict[str, Any]]:
    """File name in ``assessment/`` -> notebook, for every bank and the evaluation form.

    Examples
    --------
    >>> sorted(notebook_files())[:2]
    ['evaluation.ipynb', 'quiz-00-getting-started.ipynb']
    """
    files = {}
    for module in available_modules():
        bank = load_bank(module)
        files[f"quiz-{bank.module}-{bank.name}.ipynb"] = quiz_notebook(bank)
    files["evaluation.ipynb"] = evaluation_notebook()
    return files


def _text(notebook: dict[str, Any]) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def write_notebooks(folder: Path, *, check: bool = False) -> list[str]:
    """Write the notebooks into ``folder``; with ``check``, write nothing and return the names
    of the notebooks that are missing or differ from what the banks generate."""
    stale = []
    for name, notebook in notebook_files().items():
        path = folder / name
        text = _text(notebook)
        if path.exists() and path.read_text("utf-8") == text:
            continue
        stale.append(name)
        if not check:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
    return stale
