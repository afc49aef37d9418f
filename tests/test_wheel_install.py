"""A normal (non-editable) install from the wheel finds the shipped survey and reference tables."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPOSITORY

pytestmark = pytest.mark.slow

#: what the wheel must carry besides the code
PACKAGED = (
    "sptools/_data/MANIFEST.txt",
    "sptools/_data/codebook.csv",
    "sptools/_data/reference/provinces.csv",
    "sptools/_data/survey/households_2022.parquet",
    "sptools/_data/survey/persons_2014.parquet",
)
LOAD = """
import sptools, sptools.datasets as d
households = d.load_households()
print(sptools.__file__)
print(d.data_dir())
print(len(households), len(d.load_persons(2014)), len(d.load_reference("provinces")))
"""


def run(*command: str | Path, **kwargs) -> str:
    completed = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, **kwargs
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


def copy_sources(target: Path) -> Path:
    """The files a wheel is built from, so that the build leaves the repository untouched."""
    target.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPOSITORY / name, target / name)
    shutil.copytree(
        REPOSITORY / "src",
        target / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    shutil.copytree(
        REPOSITORY / "datasets",
        target / "datasets",
        ignore=shutil.ignore_patterns("*_20??.csv", "*.bak"),
    )
    return target


def fresh_venv(folder: Path) -> Path:
    """A new virtual environment that borrows the runtime packages (numpy, pandas, ...) of this
    one through a .pth line, after its own site-packages, so that its sptools is the wheel's."""
    venv.create(folder, with_pip=True)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    own = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip()
    (Path(own) / "borrowed-runtime.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python


def test_a_wheel_install_loads_the_survey_from_outside_the_repository(tmp_path):
    source = copy_sources(tmp_path / "source")
    dist = tmp_path / "dist"
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "-q",
        "-w",
        dist,
        source,
    )
    wheel = next(dist.glob("sptools-*.whl"))
    size_mb = wheel.stat().st_size / 1e6
    print(f"wheel size: {size_mb:.1f} MB ({wheel.name})")
    assert size_mb < 10, f"the wheel is {size_mb:.1f} MB; it should ship parquet, not the CSVs"
    assert set(PACKAGED) <= set(zipfile.ZipFile(wheel).namelist())

    python = fresh_venv(tmp_path / "venv")
    run(python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "SPTOOLS_DATA", "SPTOOLS_DATA_DIR")
    }
    module, folder, sizes = run(python, "-c", LOAD, cwd=outside, env=env).splitlines()
    assert Path(module).is_relative_to(tmp_path / "venv"), "the wheel's sptools was imported"
    assert Path(folder) == Path(module).parent / "_data"
    households, persons, provinces = map(int, sizes.split())
    assert (households, provinces) == (20_000, 25) and persons > households
