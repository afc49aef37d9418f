"""Time the indicator builders on the shipped synthetic survey and on a survey ten times larger.

Run from the repository root: ``.venv/bin/python benchmarks/indicators_benchmark.py``.
Target: global_mpi under 1 s and every LNOB opportunity table under 0.5 s on the shipped
2022 survey (20,000 households, about 87,000 persons).
"""

from __future__ import annotations

import time
import warnings

import pandas as pd

from sptools.datasets import load_households, load_persons
from sptools.indicators import OPPORTUNITIES, MissingDataWarning, global_mpi, opportunity


def replicate(
    households: pd.DataFrame, persons: pd.DataFrame, times: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stack copies of the survey with new ids (a survey ``times`` as large)."""
    step = int(households["hh_id"].max()) + 1
    hh = pd.concat(
        [households.assign(hh_id=households["hh_id"] + k * step) for k in range(times)],
        ignore_index=True,
    )
    people = pd.concat(
        [
            persons.assign(
                hh_id=persons["hh_id"] + k * step, person_id=persons["person_id"] + k * step * 100
            )
            for k in range(times)
        ],
        ignore_index=True,
    )
    return hh, people


def seconds(function, *args, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    warnings.simplefilter("ignore", MissingDataWarning)
    households, persons = load_households(2022), load_persons(2022)
    for label, (hh, people) in {
        "shipped 2022": (households, persons),
        "x10": replicate(households, persons, 10),
    }.items():
        print(f"{label}: {len(hh):,} households, {len(people):,} persons")
        print(f"  {'global_mpi':42s} {seconds(global_mpi, hh, people):6.2f} s")
        for name in OPPORTUNITIES:
            print(
                f"  {f'opportunity({name!r})':42s} {seconds(opportunity, name, hh, people):6.2f} s"
            )


if __name__ == "__main__":
    main()
