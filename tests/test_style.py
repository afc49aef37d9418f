"""House style and architecture: ruff (lint and format) and the import-linter layer contracts.

The same checks run before each commit (.pre-commit-config.yaml). A failure shows the tool's own
report; fix with ``ruff check --fix``, ``ruff format``, or by moving the import (the contracts are
in pyproject.toml, ``[tool.importlinter]``, and explained in DESIGN.md, "Data flow and layers").
"""

from __future__ import annotations

import pkgutil
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPOSITORY

import sptools

#: Notebooks that other branches are editing and that are not yet formatted by ``ruff format``
#: (on main since the formatter was introduced). Their owners format them; then they leave this
#: list.
NOT_YET_FORMATTED = ("book/data.ipynb", "modules/02-mpi/06-mpi-and-targeting.ipynb")


def _venv_tool(name: str) -> str:
    """A console script installed next to the running Python (the project's .venv)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(
            f"{name} is not installed next to {sys.executable}: run `python3 tasks.py setup`"
        )
    return found


def _run(*command: str) -> None:
    result = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, (
        f"`{' '.join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))}` "
        f"failed:\n{result.stdout}\n{result.stderr}"
    )


def test_ruff_check():
    _run(sys.executable, "-m", "ruff", "check", "--no-cache", ".")


def test_ruff_format():
    excluded = [option for path in NOT_YET_FORMATTED for option in ("--exclude", path)]
    _run(sys.executable, "-m", "ruff", "format", "--check", "--no-cache", *excluded, ".")


def test_import_contracts():
    _run(_venv_tool("lint-imports"), "--no-cache")


def test_only_sptools_facts_reads_the_package_resources():
    """The facts files ship in the package and are read through importlib.resources, by name, which
    import-linter cannot see: so no module but sptools.facts may use importlib.resources."""
    package = REPOSITORY / "src" / "sptools"
    readers = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if re.search(r"importlib import resources|importlib\.resources", path.read_text("utf-8"))
    )
    assert readers == ["facts.py"], f"package resources are read outside sptools.facts: {readers}"


def test_every_module_of_sptools_has_a_layer():
    """A new module (say sptools.transfers) joins a layer in pyproject.toml, core or course."""
    config = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    placed = {name.strip() for layer in layers for name in re.split(r"[|:]", layer)}
    deprecated_aliases = {
        "mpi_design"
    }  # moved to sptools.recipes in 1.0 (tests/test_deprecated_aliases.py)
    modules = {info.name for info in pkgutil.iter_modules(sptools.__path__)} - deprecated_aliases
    assert modules <= placed, (
        f"modules in no layer of [tool.importlinter]: {sorted(modules - placed)}"
    )
