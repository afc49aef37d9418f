"""Load and build the curriculum's datasets: the only module that reads or writes data files.

(The facts the files are built from ship inside the package and are read by :mod:`sptools.facts`.)

The shipped files are looked up, in this order (see :func:`data_dir`): the folder named by the
environment variable ``SPTOOLS_DATA``; the repository's ``datasets/`` folder (an editable install or
a checkout); the copy packaged inside sptools (``sptools/_data``, a normal install from a wheel)::

    datasets/survey/households_<round>.{csv,parquet}  synthetic survey, rounds 2014 and 2022
    datasets/survey/persons_<round>.{csv,parquet}     (CSV for spreadsheets, parquet for speed)
    datasets/codebook.csv                  every survey variable: labels (English, Khmer),
                                           type, values
    datasets/calibration_assumptions.csv   what the survey assumes where no figure is published
    datasets/reference/<name>.csv          reference tables (see :data:`REFERENCE_TABLES`)
    datasets/reference/<name>_sources.csv  what each column means and where it comes from
    datasets/admin/<table>.csv             synthetic administrative registers of the 2022 survey
                                           population (see :func:`load_admin`)
    datasets/admin/codebook.csv            every column of the administrative tables

Every file is checked against its SHA-256 in ``MANIFEST.txt`` when it is loaded (once per file and
process), so a damaged or edited file is named instead of being read silently.

Rebuild them with ``python3 tasks.py datasets`` or ``python -m sptools.datasets build``
(``--if-missing``: only when a file listed in ``datasets/MANIFEST.txt`` is missing; ``--force``:
replace files that differ from the fresh build, keeping a ``.bak`` copy of each; without it such
files are kept); ``python -m sptools.datasets check`` rebuilds into a temporary folder and fails if
any shipped file differs.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import io
import numbers
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from sptools import admin, reference_tables
from sptools import codebook as survey_codebook
from sptools.admin import codebook as admin_codebook
from sptools.economy import Economy
from sptools.facts import cambodia_facts, province_profiles  # re-exported: the public API
from sptools.safe_write import Status, Written, write_bytes
from sptools.synth import generate, schema

#: survey rounds shipped, and the generator settings of the shipped files
SURVEY_ROUNDS = (2014, 2022)
SURVEY_HOUSEHOLDS = 20_000
SURVEY_SEED = 2025
#: the survey round the shipped administrative registers are drawn from, and their seed
ADMIN_ROUND = 2022
ADMIN_SEED = 2025

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


#: environment variables that name the datasets folder (the second is the older spelling)
DATA_ENV = ("SPTOOLS_DATA", "SPTOOLS_DATA_DIR")
MANIFEST = "MANIFEST.txt"
REPOSITORY_DATA = Path(__file__).resolve().parents[2] / "datasets"
PACKAGED_DATA = Path(__file__).resolve().parent / "_data"
REBUILD = (
    "rebuild the datasets with `python3 tasks.py datasets` in the repository "
    "(or `python -m sptools.datasets build`)"
)
RESTORE = (
    "restore it with `python3 tasks.py datasets --force` in the repository "
    "(or `python -m sptools.datasets build --force`; in a pip install, reinstall sptools); "
    "your version is kept as a .bak copy"
)


class DatasetError(ValueError):
    """A shipped data file is damaged, changed or unreadable (the message says which, and the
    fix)."""


def data_dir() -> Path:
    """Return the folder that holds the shipped datasets.

    In this order: the folder named by ``SPTOOLS_DATA`` (or the older ``SPTOOLS_DATA_DIR``) when
    set; the ``datasets/`` folder of the repository sptools runs from, when it has a
    ``MANIFEST.txt``; the copy packaged with sptools (``sptools/_data``, in a wheel install).

    Examples
    --------
    >>> data_dir().name in ("datasets", "_data")
    True
    """
    for variable in DATA_ENV:
        configured = os.environ.get(variable)
        if configured:
            return Path(configured)
    if (REPOSITORY_DATA / MANIFEST).exists() or not (PACKAGED_DATA / MANIFEST).exists():
        return REPOSITORY_DATA
    return PACKAGED_DATA


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
    known = ", ".join(sorted(REFERENCE_TABLES))
    if not isinstance(name, str):
        raise TypeError(
            f"name must be the name of a reference table, as text; got {name!r} "
            f"({type(name).__name__}). Choose one of: {known}, e.g. load_reference('provinces')"
        )
    table, _, part = name.partition("_sources")
    if table not in REFERENCE_TABLES or part:
        raise KeyError(
            f"unknown reference table {name!r}; choose one of: {known} (or '<name>_sources')"
        )
    path = verified_path(f"reference/{name}.csv")
    frame = _read(
        pd.read_csv,
        path,
        index_col="column" if name.endswith("_sources") else None,
        dtype={"value": "str"} if name == "programmes" else None,
    )
    if name == "provinces":
        frame["flood_2020_households"] = frame["flood_2020_households"].astype("Int64")
    return frame


def _check_round(round: object) -> int:
    """Return ``round`` as an ``int`` when it is a shipped survey round; say what to pass if not."""
    shipped = ", ".join(map(str, SURVEY_ROUNDS))
    if isinstance(round, bool) or not isinstance(round, numbers.Integral):
        raise TypeError(
            f"round must be one of the shipped survey rounds ({shipped}), as a whole number; got "
            f"{round!r} ({type(round).__name__}). Write e.g. round={SURVEY_ROUNDS[-1]}"
        )
    if round not in SURVEY_ROUNDS:
        raise ValueError(
            f"round must be one of the shipped survey rounds ({shipped}); got {round!r}. "
            "Other years are not shipped: generate one with sptools.synth.generate(round=...)"
        )
    return int(round)


def _survey(kind: str, round: object) -> pd.DataFrame:
    path = verified_path(f"survey/{kind}_{_check_round(round)}.parquet")
    return _read(pd.read_parquet, path)


def _read(reader: Callable[..., pd.DataFrame], path: Path, **kwargs: Any) -> pd.DataFrame:
    """Read a data file; an unreadable one raises :class:`DatasetError` naming it and the fix."""
    try:
        return reader(path, **kwargs)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise DatasetError(
            f"{path} cannot be read ({type(error).__name__}: {error}); {RESTORE}"
        ) from error


def _apply_schema(
    frame: pd.DataFrame, dtypes: dict[str, str], categories: dict[str, tuple[str, ...]], file: str
) -> pd.DataFrame:
    """Give ``frame`` the schema's dtypes; a value that does not fit names its column and file."""
    for column, dtype in dtypes.items():
        if column in frame.columns:
            _check_column(frame[column], dtype, categories.get(column), file)
    return schema.apply_dtypes(frame, dtypes, categories)


def _check_column(values: pd.Series, dtype: str, levels: tuple[str, ...] | None, file: str) -> None:
    bad = _misfits(values, dtype, levels)
    if bad is not None:
        expected = {
            "category": f"one of {list(levels or ())}",
            "bool": "True or False",
            "boolean": "True, False or missing",
        }.get(dtype, f"numbers ({dtype})")
        raise DatasetError(
            f"column {values.name!r} of {file} holds {bad!r} where the survey schema expects "
            f"{expected}; the file was changed or damaged: {RESTORE}"
        )


def _misfits(values: pd.Series, dtype: str, levels: tuple[str, ...] | None) -> object | None:
    """The first value of ``values`` that does not fit ``dtype`` (``None`` when all fit)."""
    if dtype == "category":
        allowed = set(levels or ())
        stored = values.cat.categories if isinstance(values.dtype, pd.CategoricalDtype) else None
        candidates = values.dropna().unique() if stored is None else stored
        return next((v for v in candidates if str(v) not in allowed), None)
    if dtype in ("bool", "boolean"):
        if pd.api.types.is_bool_dtype(values):
            return None
        return next((v for v in values.dropna().unique() if v not in (True, False)), None)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return None
    present = values.dropna()
    bad = present[pd.to_numeric(present, errors="coerce").isna()]
    return bad.iloc[0] if len(bad) else None


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
    frame = _survey("households", round)
    categories = {**schema.HOUSEHOLD_CATEGORIES, "province": _province_levels()}
    return _apply_schema(
        frame, schema.HOUSEHOLD_DTYPES, categories, f"survey/households_{round}.parquet"
    )


def load_persons(round: int = 2022) -> pd.DataFrame:
    """Load the shipped synthetic survey persons of a round (one row per person; ``hh_id`` links).

    Examples
    --------
    >>> persons = load_persons(2014)
    >>> persons["round"].unique().tolist()
    [2014]
    """
    frame = _survey("persons", round)
    return _apply_schema(
        frame, schema.PERSON_DTYPES, schema.PERSON_CATEGORIES, f"survey/persons_{round}.parquet"
    )


def load_codebook() -> pd.DataFrame:
    """Load the shipped codebook (one row per survey variable).

    Examples
    --------
    >>> load_codebook().columns.tolist()[:4]
    ['file', 'variable', 'label_en', 'label_km']
    """
    return _read(pd.read_csv, verified_path("codebook.csv"), keep_default_na=False)


def verified_path(name: str) -> Path:
    """Return the path of a shipped file after checking it against ``MANIFEST.txt``.

    The SHA-256 of each file is computed once per process (again only when the file's size or
    modification time changes), so loading stays fast.

    Parameters
    ----------
    name
        The file's path inside the datasets folder, as listed in the manifest
        (e.g. ``"reference/provinces.csv"``).

    Raises
    ------
    FileNotFoundError
        When the file or the manifest is missing.
    DatasetError
        When the file is not listed in the manifest, or its checksum differs (damaged or edited).

    Examples
    --------
    >>> verified_path("reference/provinces.csv").name
    'provinces.csv'
    """
    root = data_dir()
    path = root / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; {REBUILD}")
    expected = _manifest(root).get(name)
    if expected is None:
        raise DatasetError(f"{name} is not listed in {root / MANIFEST}; {RESTORE}")
    if _sha256(path) != expected:
        raise DatasetError(
            f"{path} is damaged or was changed: its SHA-256 checksum does not match "
            f"{root / MANIFEST}: {RESTORE}"
        )
    return path


#: Price year of the 2022 round's consumption (CSES 2019/20 prices; the macro table starts in 2020).
CONSUMPTION_PRICE_YEAR = 2020


def load_economy() -> Economy:
    """Cambodia's prices, GDP, population and revenue by year, and the national poverty line.

    Built from the ``macro`` reference table and the CSES 2019/20 poverty line (riel a month per
    person, in the prices of the 2022 round's consumption, taken as 2020's).

    Examples
    --------
    >>> economy = load_economy()
    >>> economy.poverty_line_khr, economy.years.start
    (333100.0, 2020)
    """
    poverty = cambodia_facts()["poverty"]
    return Economy(
        load_reference("macro"),
        poverty_line_khr=float(poverty["national_line_khr_per_month"]),
        poverty_line_year=CONSUMPTION_PRICE_YEAR,
    )


def _manifest(root: Path) -> dict[str, str]:
    """The manifest of ``root``: file name -> SHA-256."""
    manifest = root / MANIFEST
    if not manifest.exists():
        raise FileNotFoundError(
            f"{manifest} is missing, so the datasets in {root} cannot be checked; {REBUILD}"
        )
    return dict(_parse_manifest(*_file_key(manifest)))


def _file_key(path: Path) -> tuple[str, int, int]:
    status = path.stat()
    return str(path.resolve()), status.st_mtime_ns, status.st_size


@lru_cache(maxsize=64)
def _parse_manifest(path: str, mtime_ns: int, size: int) -> tuple[tuple[str, str], ...]:
    lines = Path(path).read_text("utf-8").splitlines()
    pairs = [line.split("  ", 1) for line in lines if line.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise DatasetError(
            f"{path} is not a valid manifest (lines of '<sha256>  <file>'); {RESTORE}"
        )
    return tuple((name, digest) for digest, name in pairs)


def _sha256(path: Path) -> str:
    return _hash_file(*_file_key(path))


@lru_cache(maxsize=256)
def _hash_file(path: str, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build(directory: Path | None = None, *, force: bool = False) -> list[Written]:
    """Write every dataset file into ``directory`` (default :func:`data_dir`): reference tables,
    codebook, calibration assumptions, both survey rounds (CSV and parquet) and the manifest.

    A file that differs from the fresh build (edited by hand, or damaged) is kept unless
    ``force=True``; then it is first copied to ``<name>.bak``. The output is byte-identical from
    run to run.

    Returns
    -------
    list of Written
        One record per file: its path and whether it was written, unchanged, kept or replaced.

    Examples
    --------
    >>> import tempfile
    >>> written = build(tempfile.mkdtemp())  # doctest: +SKIP
    >>> {record.status.value for record in written}  # doctest: +SKIP
    {'wrote'}
    """
    root = Path(directory) if directory is not None else data_dir()
    contents = _contents()
    contents[MANIFEST] = _manifest_text(contents)
    return [write_bytes(root / name, data, force=force) for name, data in contents.items()]


def _contents() -> dict[str, bytes]:
    """Every dataset file (but the manifest) as bytes, by its path inside the datasets folder."""
    facts, profiles = cambodia_facts(), province_profiles()
    contents = {}
    for name, (make_table, make_sources) in REFERENCE_TABLES.items():
        contents[f"reference/{name}.csv"] = _csv(make_table(facts, profiles), index=False)
        contents[f"reference/{name}_sources.csv"] = _csv(make_sources(), index=True)
    contents["codebook.csv"] = _csv(survey_codebook.codebook(), index=False)
    contents["calibration_assumptions.csv"] = _csv(survey_codebook.assumptions(), index=False)
    for round in SURVEY_ROUNDS:
        households, persons = generate(SURVEY_HOUSEHOLDS, seed=SURVEY_SEED, round=round)
        for kind, frame in (("households", households), ("persons", persons)):
            contents[f"survey/{kind}_{round}.csv"] = _csv(frame, index=False)
            contents[f"survey/{kind}_{round}.parquet"] = _parquet(frame)
        if round == ADMIN_ROUND:
            for table, frame in admin.generate(households, persons, seed=ADMIN_SEED).items():
                contents[f"admin/{table}.csv"] = _csv(frame, index=False)
    contents["admin/codebook.csv"] = _csv(admin_codebook.codebook(), index=False)
    return contents


def load_admin(table: str) -> pd.DataFrame:
    """Load a shipped synthetic administrative table (drawn from the 2022 survey population).

    Text columns (identifiers, names, dates, phone numbers) stay text, missing values stay
    missing; whole numbers are integers. See ``datasets/admin/codebook.csv`` and
    :mod:`sptools.admin` for what the tables hold and the faults they carry.

    Parameters
    ----------
    table
        One of :data:`sptools.admin.TABLES` (e.g. ``"idpoor_members"``, ``"payments"``,
        ``"truth"``), or ``"codebook"``.

    Examples
    --------
    >>> members = load_admin("idpoor_members")
    >>> members["record_id"].is_unique
    True
    """
    known = ", ".join(admin.TABLES)
    if not isinstance(table, str) or table not in (*admin.TABLES, "codebook"):
        raise KeyError(
            f"unknown administrative table {table!r}; choose one of: {known} (or 'codebook')"
        )
    path = verified_path(f"admin/{table}.csv")
    if table == "codebook":
        return _read(pd.read_csv, path, keep_default_na=False)
    book = admin_codebook.codebook()
    types = book.loc[book["file"] == table].set_index("variable")["type"]
    dtypes = {column: "str" if kind == "str" else "Int64" for column, kind in types.items()}
    return _read(pd.read_csv, path, dtype=dtypes, keep_default_na=False, na_values=[""])


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
    """Rebuild the datasets in a temporary folder; return the shipped files that differ or are
    missing."""
    root = Path(directory) if directory is not None else data_dir()
    with tempfile.TemporaryDirectory() as scratch:
        fresh = [record.path for record in build(Path(scratch))]
        return [
            str(path.relative_to(scratch))
            for path in fresh
            if not (root / path.relative_to(scratch)).exists()
            or not filecmp.cmp(path, root / path.relative_to(scratch), shallow=False)
        ]


def _manifest_text(contents: Mapping[str, bytes]) -> bytes:
    """Every file with its SHA-256, so that a missing or changed file is easy to spot."""
    lines = sorted(f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in contents.items())
    return ("\n".join(lines) + "\n").encode("utf-8")


def _csv(frame: pd.DataFrame, *, index: bool) -> bytes:
    return frame.to_csv(index=index, lineterminator="\n").encode("utf-8")


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow", compression="zstd")
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m sptools.datasets build|check [--dir DIR] [--if-missing]
    [--force]``."""
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
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace files that differ from the fresh build (a .bak copy of each is kept)",
    )
    args = parser.parse_args(argv)
    if args.command == "build" and args.if_missing and not missing_files(args.dir):
        print(
            "datasets are present (`python -m sptools.datasets check` "
            "compares them with a fresh build)"
        )
        return 0
    if args.command == "build":
        kept = _report(build(args.dir, force=args.force))
        return 1 if kept and not args.if_missing else 0
    stale = check(args.dir)
    for name in stale:
        print(f"out of date: {name}")
    print(
        "datasets are up to date"
        if not stale
        else "to update them, run `python3 tasks.py datasets --force` (or `python -m "
        "sptools.datasets build --force`); a .bak copy of each replaced file is kept"
    )
    return 1 if stale else 0


def _report(written: list[Written]) -> int:
    """Print what happened to each file; return how many were kept (not rebuilt)."""
    for record in written:
        print(record)
    kept = sum(record.status is Status.KEPT for record in written)
    if kept:
        print(f"{kept} file(s) kept as they were; rerun with --force to replace them")
    return kept


if __name__ == "__main__":
    sys.exit(main())
