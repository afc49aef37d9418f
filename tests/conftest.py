"""Shared fixtures for the sptools and book tests."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests share a 2-core machine with the notebook runs: no per-example deadline (speed is
# measured in benchmarks/, never in tests), and under CI a fixed derandomised search, so that a CI
# run can be reproduced exactly.
settings.register_profile("project", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("project")

# The quiz and evaluation notebooks (assessment/, run by nbval in the same session) save their
# answers under a test participant code into a temporary folder, never into assessment/answers/.
# (No conftest.py in assessment/: two conftest modules would clash on the name `conftest`.)
os.environ.setdefault("SPTOOLS_ASSESSMENT_DIR", tempfile.mkdtemp(prefix="sptools-answers-"))
os.environ.setdefault("SPTOOLS_PARTICIPANT", "NBVAL")

REPOSITORY = Path(__file__).resolve().parents[1]
NOTEBOOK_FOLDERS = ("modules", "exercises", "solutions", "book", "assessment")


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
