"""Make participant exercise notebooks from solution notebooks (pure functions on notebook dicts).

Solutions are the source. In a solution notebook:

- a code block between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` is replaced by a blank for each
  variable it assigns (``name = ...``), so an untouched exercise notebook still runs top to bottom;
  a block that assigns nothing (e.g. an import) is removed;
- a cell tagged ``solution`` (an explanation of the answer) is removed;
- a title ending in ``(solutions)`` loses that suffix.

Outputs and execution counts are cleared. File input and output is left to the caller
(``tasks.py exercises``).
"""

from __future__ import annotations

import ast
import copy
import re
from typing import Any

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
SOLUTION_TAG = "solution"
TITLE_SUFFIX = re.compile(r"^(#\s.*?)[ \t]*\(solutions\)[ \t]*$", re.MULTILINE)
BLANK_COMMENT = "# Write your code here, then run the cell."


def exercise_notebook(solution: dict[str, Any]) -> dict[str, Any]:
    """Return the exercise version of a solution notebook.

    Parameters
    ----------
    solution
        A notebook as a dict (nbformat 4), e.g. from ``json.load``.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 3,
    ...        "source": "# BEGIN SOLUTION\\nn = len(df)\\n# END SOLUTION\\ncheck('00.1', n)"}],
    ...       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    >>> print(exercise_notebook(nb)["cells"][0]["source"])
    n = ...
    check('00.1', n)
    """
    exercise = copy.deepcopy(solution)
    cells = []
    for cell in exercise["cells"]:
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        source = _text(cell["source"])
        if cell["cell_type"] == "code":
            cell["source"] = blank_solutions(source)
            cell["outputs"], cell["execution_count"] = [], None
        elif cell["cell_type"] == "markdown":
            cell["source"] = TITLE_SUFFIX.sub(r"\1", source)
        cells.append(cell)
    exercise["cells"] = cells
    return exercise


def blank_solutions(source: str) -> str:
    """Replace every marked solution block of a code cell's source by blanks.

    Examples
    --------
    >>> print(blank_solutions("# BEGIN SOLUTION\\nx = 1\\ny = x + 1\\nprint(y)\\n# END SOLUTION"))
    # Write your code here, then run the cell.
    x = ...
    y = ...
    """
    lines = source.split("\n")
    result: list[str] = []
    block: list[str] | None = None
    indent = ""
    for number, line in enumerate(lines, start=1):
        marker = line.strip()
        if marker == BEGIN:
            if block is not None:
                raise ValueError(
                    f"line {number}: {BEGIN!r} inside another solution block; close it with {END!r}"
                )
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif marker == END:
            if block is None:
                raise ValueError(f"line {number}: {END!r} without a matching {BEGIN!r}")
            result.extend(
                indent + blank for blank in _blanks("\n".join(b[len(indent) :] for b in block))
            )
            block = None
        elif block is not None:
            block.append(line)
        else:
            result.append(line)
    if block is not None:
        raise ValueError(f"a solution block is not closed: add {END!r}")
    return "\n".join(result)


def _blanks(block: str) -> list[str]:
    """One ``name = ...`` line per variable the block assigns, in order of first assignment.

    A comment asks for the missing work when the block did more than assign those variables.
    """
    try:
        tree = ast.parse(block)
    except SyntaxError as error:
        raise ValueError(
            f"the solution block is not valid Python ({error.msg}, line {error.lineno})"
        ) from None
    names: list[str] = []
    for statement in tree.body:
        targets = (
            statement.targets
            if isinstance(statement, ast.Assign)
            else (
                [statement.target] if isinstance(statement, (ast.AnnAssign, ast.AugAssign)) else []
            )
        )
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in names:
                names.append(target.id)
    blanks = [f"{name} = ..." for name in names]
    more_work_than_blanks = len(tree.body) > len(blanks)
    return [BLANK_COMMENT, *blanks] if blanks and more_work_than_blanks else blanks


def _text(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)
