"""Shared fixtures for the sptools and book tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
NOTEBOOK_FOLDERS = ("modules", "exercises", "solutions", "book")


def project_notebooks() -> list[Path]:
    """Every notebook of the book, outside build and checkpoint folders."""
    return sorted(
        path
        for folder in NOTEBOOK_FOLDERS
        for path in (REPOSITORY / folder).rglob("*.ipynb")
        if not {".ipynb_checkpoints", "_build"} & set(path.parts)
    )


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="session")
def repository() -> Path:
    return REPOSITORY
