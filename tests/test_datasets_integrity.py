"""Loading checks every file against MANIFEST.txt, and bad arguments get errors that say the fix."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sptools import datasets
from sptools.datasets import DatasetError


@pytest.fixture()
def copy(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped datasets (without the large survey CSVs), used by the loaders."""
    target = tmp_path / "datasets"
    shutil.copytree(
        datasets.REPOSITORY_DATA, target, ignore=shutil.ignore_patterns("*_20??.csv", "*.bak")
    )
    monkeypatch.setenv("SPTOOLS_DATA", str(target))
    return target


def relist(root: Path, name: str) -> None:
    """Record the current checksum of ``name`` in the manifest (a consistent, edited folder)."""
    manifest = root / datasets.MANIFEST
    digest = hashlib.sha256((root / name).read_bytes()).hexdigest()
    lines = [
        f"{digest}  {name}" if line.endswith(f"  {name}") else line
        for line in manifest.read_text("utf-8").splitlines()
    ]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_truncated_reference_table_is_named_with_the_fix(copy):
    path = copy / "reference" / "provinces.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:21]), encoding="utf-8")  # header and 20 of 25 provinces
    with pytest.raises(DatasetError, match=r"provinces\.csv is damaged") as error:
        datasets.load_reference("provinces")
    assert "python3 tasks.py datasets --force" in str(error.value)


def test_a_truncated_parquet_file_is_named(copy):
    path = copy / "survey" / "households_2022.parquet"
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(DatasetError, match=r"households_2022\.parquet is damaged"):
        datasets.load_households()


def test_an_unreadable_parquet_file_is_named_even_when_listed(copy):
    path = copy / "survey" / "persons_2014.parquet"
    path.write_bytes(path.read_bytes()[:5000])
    relist(copy, "survey/persons_2014.parquet")
    with pytest.raises(DatasetError, match=r"persons_2014\.parquet cannot be read"):
        datasets.load_persons(2014)


def test_age_stored_as_text_names_the_column_and_the_value(copy):
    path = copy / "survey" / "persons_2022.parquet"
    frame = pd.read_parquet(path)
    frame["age"] = frame["age"].astype(str).where(frame.index != 3, "forty")
    frame.to_parquet(path, index=False)
    relist(copy, "survey/persons_2022.parquet")
    with pytest.raises(DatasetError, match=r"column 'age' of .*persons_2022.* holds 'forty'"):
        datasets.load_persons()


def test_an_unknown_category_is_not_silently_dropped(copy):
    path = copy / "survey" / "households_2022.parquet"
    frame = pd.read_parquet(path)
    frame["province"] = frame["province"].astype(str).where(frame.index != 0, "Atlantis")
    frame.to_parquet(path, index=False)
    relist(copy, "survey/households_2022.parquet")
    with pytest.raises(DatasetError, match=r"column 'province' .* holds 'Atlantis'"):
        datasets.load_households()


def test_a_missing_manifest_is_named(copy):
    (copy / datasets.MANIFEST).unlink()
    with pytest.raises(FileNotFoundError, match=r"MANIFEST\.txt is missing"):
        datasets.load_codebook()


def test_a_missing_file_names_the_command_that_builds_it(copy):
    (copy / "codebook.csv").unlink()
    with pytest.raises(FileNotFoundError, match=r"codebook\.csv is missing") as error:
        datasets.load_codebook()
    assert "python3 tasks.py datasets" in str(error.value)


def test_no_message_mentions_make():
    source = Path(datasets.__file__).read_text("utf-8")
    assert "make datasets" not in source, "there is no Makefile: say `python3 tasks.py datasets`"


def test_each_file_is_hashed_once_until_it_changes(copy):
    datasets.load_reference("macro")
    before = datasets._hash_file.cache_info()
    datasets.load_reference("macro")
    after = datasets._hash_file.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + 1
    path = copy / "reference" / "macro.csv"
    path.write_text(path.read_text("utf-8").replace("1", "2"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    with pytest.raises(DatasetError, match=r"macro\.csv is damaged"):
        datasets.load_reference("macro")


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        (None, TypeError, r"name must be the name of a reference table.*got None.*provinces"),
        (3, TypeError, r"got 3 \(int\)"),
        ("province", KeyError, r"unknown reference table 'province'.*provinces"),
    ],
)
def test_reference_names_are_checked(name, error, message):
    with pytest.raises(error, match=message):
        datasets.load_reference(name)


@pytest.mark.parametrize(
    ("round", "error", "message"),
    [
        (
            2022.0,
            TypeError,
            r"round must be one of the shipped survey rounds \(2014, 2022\).*"
            r"got 2022\.0 \(float\).*round=2022",
        ),
        ("2022", TypeError, r"got '2022' \(str\)"),
        (True, TypeError, r"got True \(bool\)"),
        (2019, ValueError, r"shipped survey rounds \(2014, 2022\); got 2019"),
    ],
)
def test_rounds_are_checked(round, error, message):
    for load in (datasets.load_households, datasets.load_persons):
        with pytest.raises(error, match=message):
            load(round)


def test_a_numpy_integer_round_is_accepted():
    assert datasets.load_households(np.int64(2014))["round"].eq(2014).all()


def test_the_data_folder_is_looked_up_in_order(tmp_path, monkeypatch):
    monkeypatch.delenv("SPTOOLS_DATA", raising=False)
    monkeypatch.delenv("SPTOOLS_DATA_DIR", raising=False)
    assert datasets.data_dir() == datasets.REPOSITORY_DATA
    monkeypatch.setenv("SPTOOLS_DATA_DIR", str(tmp_path / "older"))
    assert datasets.data_dir() == tmp_path / "older"
    monkeypatch.setenv("SPTOOLS_DATA", str(tmp_path / "explicit"))
    assert datasets.data_dir() == tmp_path / "explicit"
