"""Run a notebook top to bottom, then run more code in its kernel: key results are tested there.

Used by the key-result tests of lessons (tests/test_module00_key_results.py is the pattern, see
CONTRIBUTING.md): the notebook holds no assert a participant could trip.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
from nbclient import NotebookClient

#: The python block of a {solution} directive (a lesson's worked answers, not executed there).
SOLUTION_CODE = re.compile(r"^:{3,}\{solution\}.*?```python\n(.*?)```", re.MULTILINE | re.DOTALL)


def solution_code(path: Path) -> list[str]:
    """The code of every {solution} block of the notebook at ``path``, in order.

    Example: ``solution_code(LESSON)[0]`` is exercise 1's answer.
    """
    notebook = nbformat.read(path, as_version=4)
    return [
        code
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for code in SOLUTION_CODE.findall(cell.source)
    ]


@contextlib.contextmanager
def notebook_kernel(path: Path, folder: Path) -> Iterator[Callable[[str], None]]:
    """Execute the notebook at ``path`` in ``folder``; yield ``run(code)`` for its kernel.

    ``run`` executes ``code`` after the notebook's cells and raises
    ``nbclient.exceptions.CellExecutionError`` (with the traceback) when it fails.

    Example: ``with notebook_kernel(LESSON, tmp_path) as run: run("assert national_rate < 0.2")``.
    """
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)

        def run(code: str) -> None:
            notebook.cells.append(nbformat.v4.new_code_cell(code))
            client.execute_cell(notebook.cells[-1], len(notebook.cells) - 1)

        yield run


def lesson_kernel(path: Path, tmp_path_factory) -> Iterator[Callable[[str], None]]:
    """Run the lesson at ``path`` once in a fresh temporary folder and yield its runner.

    The body of a module-scoped fixture:
    ``yield from lesson_kernel(MODULE / "01-x.ipynb", tmp_path_factory)``.
    """
    with notebook_kernel(path, tmp_path_factory.mktemp(path.stem)) as run:
        yield run
