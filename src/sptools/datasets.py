"""Load and build the curriculum's datasets: the only module that reads or writes data files.

(The facts the files are built from ship inside the package and are read by :mod:`sptools.facts`.)

The shipped files live in the repository's ``datasets/`` folder (or the folder named by the
environment variable ``SPTOOLS_DATA_DIR``)::

    datasets/survey/households_<round>.{csv,parquet}  synthetic survey, rounds 2014 and 2022
    datasets/survey/persons_<round>.{csv,parquet}     (CSV for spreadsheets, parquet for speed)
    datasets/codebook.csv                  every survey variable: labels (English, Khmer), type, values
    datasets/calibration_assumptions.csv   what the survey assumes where no figure is published
    datasets/reference/<name>.csv          reference tables (see :data:`REFERENCE_TABLES`)
    datasets/reference/<name>_sources.csv  what each column means and where it comes from

Rebuild them with ``python -m sptools.datasets build`` (``--if-missing``: only when a file listed in
``datasets/MANIFEST.txt`` is missing); ``python -m sptools.datasets check`` rebuilds into a temporary
folder and fails if any shipped file differs.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from sptools import codebook as survey_codebook
from sptools import reference_tables
from sptools.facts import cambodia_facts, province_profiles  # re-exported: the public API
from sptools.synth import generate, schema

#: survey rounds shipped, and the generator settings of the shipped files
SURVEY_ROUNDS = (2014, 2022)
SURVEY_HOUSEHOLDS = 20_000
SURVEY_SEED = 2025

#: Reference tables: name -> (builder(facts, profiles), sources()).
REFERENCE_TABLES: dict[
    str,
    tuple[Callable[[Mapping[str, Any], pd.DataFrame], pd.DataFrame], Callable[[], pd.DataFrame]],
] = {
    "provinces": (reference_tables.provinces_table, reference_tables.provinces_sources),
    "population_projections": (
        reference_tables.population_projections_table,
        reference_tables.population_projections_sources,
    ),
    "macro": (reference_tables.macro_table, reference_tables.macro_sources),
    "programmes": (reference_tables.programmes_table, reference_tables.programmes_sources),
}


def data_dir() -> Path:
    """Return the folder that holds the shipped datasets.

    ``SPTOOLS_DATA_DIR`` wins when set; otherwise the ``datasets/`` folder of the repository
    that sptools is installed from (an editable install).

    Examples
    --------
    >>> data_dir().name
    'datasets'
    """
    configured = os.environ.get("SPTOOLS_DATA_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "datasets"


def load_reference(name: str) -> pd.DataFrame:
    """Load a shipped reference table.

    Parameters
    ----------
    name
        One of :data:`REFERENCE_TABLES` (e.g. ``"provinces"``), or ``"<name>_sources"`` for the
        description and source of each column of that table.

    Examples
    --------
    >>> provinces = load_reference("provinces")
    >>> provinces.loc[provinces["province"] == "Phnom Penh", "code"].item()
    12
    """
    table, _, part = name.partition("_sources")
    if table not in REFERENCE_TABLES or part:
        known = ", ".join(sorted(REFERENCE_TABLES))
        raise KeyError(
            f"unknown reference table {name!r}; choose one of: {known} (or '<name>_sources')"
        )
    path = data_dir() / "reference" / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing; build the datasets with `python -m sptools.datasets build` "
            "(or `make datasets`)"
        )
    frame = pd.read_csv(
        path,
        index_col="column" if name.endswith("_sources") else None,
        dtype={"value": "str"} if name == "programmes" else None,
    )
    if name == "provinces":
        frame["flood_2020_households"] = frame["flood_2020_households"].astype("Int64")
    return frame


def _check_round(round: int) -> None:
    if round not in SURVEY_ROUNDS:
        raise ValueError(f"round must be one of {SURVEY_ROUNDS}; got {round!r}")


def _survey_path(kind: str, round: int) -> Path:
    path = data_dir() / "survey" / f"{kind}_{round}.parquet"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing; build the datasets with `python -m sptools.datasets build` (or `make datasets`)"
        )
    return path


def _province_levels() -> tuple[str, ...]:
    return tuple(province_profiles().sort_values("code")["province"])


def load_households(round: int = 2022) -> pd.DataFrame:
    """Load the shipped synthetic survey households of a round (one row per household).

    Columns and dtypes follow the survey schema (categories with their levels, nullable
    integers and booleans); see ``datasets/codebook.csv``.

    Examples
    --------
    >>> households = load_households()
    >>> len(households), households["hh_id"].is_unique
    (20000, True)
    """
    _check_round(round)
    frame = pd.read_parquet(_survey_path("households", round))
    categories = {**schema.HOUSEHOLD_CATEGORIES, "province": _province_levels()}
    return schema.apply_dtypes(frame, schema.HOUSEHOLD_DTYPES, categories)


def load_persons(round: int = 2022) -> pd.DataFrame:
    """Load the shipped synthetic survey persons of a round (one row per person; ``hh_id`` links).

    Examples
    --------
    >>> persons = load_persons(2014)
    >>> persons["round"].unique().tolist()
    [2014]
    """
    _check_round(round)
    frame = pd.read_parquet(_survey_path("persons", round))
    return schema.apply_dtypes(frame, schema.PERSON_DTYPES, schema.PERSON_CATEGORIES)


def load_codebook() -> pd.DataFrame:
    """Load the shipped codebook (one row per survey variable).

    Examples
    --------
    >>> load_codebook().columns.tolist()[:4]
    ['file', 'variable', 'label_en', 'label_km']
    """
    path = data_dir() / "codebook.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing; build the datasets with `python -m sptools.datasets build`"
        )
    return pd.read_csv(path, keep_default_na=False)


def build(directory: Path | None = None) -> list[Path]:
    """Write every dataset file into ``directory`` (default :func:`data_dir`): reference tables,
    codebook, calibration assumptions and both survey rounds (CSV and parquet).

    Returns the paths written. The output is byte-identical from run to run.
    """
    root = Path(directory) if directory is not None else data_dir()
    facts, profiles = cambodia_facts(), province_profiles()
    written = []
    for name, (make_table, make_sources) in REFERENCE_TABLES.items():
        written.append(
            _write_csv(make_table(facts, profiles), root / "reference" / f"{name}.csv", index=False)
        )
        written.append(
            _write_csv(make_sources(), root / "reference" / f"{name}_sources.csv", index=True)
        )
    written.append(_write_csv(survey_codebook.codebook(), root / "codebook.csv", index=False))
    written.append(
        _write_csv(survey_codebook.assumptions(), root / "calibration_assumptions.csv", index=False)
    )
    for round in SURVEY_ROUNDS:
        households, persons = generate(SURVEY_HOUSEHOLDS, seed=SURVEY_SEED, round=round)
        for kind, frame in (("households", households), ("persons", persons)):
            stem = root / "survey" / f"{kind}_{round}"
            written.append(_write_csv(frame, stem.with_suffix(".csv"), index=False))
            written.append(_write_parquet(frame, stem.with_suffix(".parquet")))
    written.append(_write_manifest(root, written))
    return written


def missing_files(directory: Path | None = None) -> list[str]:
    """Return the files listed in ``MANIFEST.txt`` that are missing (all of them if it is missing).

    Examples
    --------
    >>> missing_files()
    []
    """
    root = Path(directory) if directory is not None else data_dir()
    manifest = root / MANIFEST
    if not manifest.exists():
        return [MANIFEST]
    listed = [line.split("  ", 1)[1] for line in manifest.read_text("utf-8").splitlines() if line]
    return [name for name in listed if not (root / name).exists()]


def check(directory: Path | None = None) -> list[str]:
    """Rebuild the datasets in a temporary folder; return the shipped files that differ or are missing."""
    root = Path(directory) if directory is not None else data_dir()
    with tempfile.TemporaryDirectory() as scratch:
        fresh = build(Path(scratch))
        return [
            str(path.relative_to(scratch))
            for path in fresh
            if not (root / path.relative_to(scratch)).exists()
            or not filecmp.cmp(path, root / path.relative_to(scratch), shallow=False)
        ]


MANIFEST = "MANIFEST.txt"


def _write_manifest(root: Path, paths: list[Path]) -> Path:
    """List every file written, with its SHA-256, so that a missing or changed file is easy to spot."""
    lines = sorted(
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(root).as_posix()}"
        for path in paths
    )
    manifest = root / MANIFEST
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def _write_csv(frame: pd.DataFrame, path: Path, *, index: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=index, lineterminator="\n", encoding="utf-8")
    return path


def _write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False, engine="pyarrow", compression="zstd")
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m sptools.datasets build|check [--dir DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m sptools.datasets", description=__doc__.splitlines()[0]
    )
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument(
        "--dir", type=Path, default=None, help="datasets folder (default: the repository's)"
    )
    parser.add_argument(
        "--if-missing", action="store_true", help="build only when a shipped file is missing"
    )
    args = parser.parse_args(argv)
    if args.command == "build" and args.if_missing and not missing_files(args.dir):
        print(
            "datasets are present (`python -m sptools.datasets check` compares them with a fresh build)"
        )
        return 0
    if args.command == "build":
        for path in build(args.dir):
            print(f"wrote {path}")
        return 0
    stale = check(args.dir)
    for name in stale:
        print(f"out of date: {name}")
    print("datasets are up to date" if not stale else "run `python -m sptools.datasets build`")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
