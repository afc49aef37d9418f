"""Benchmark sptools.poverty with design-based SEs on the shipped survey's persons; prints times.

Run with ``.venv/bin/python benchmarks/poverty_benchmark.py``. Every person of the shipped 2022
survey (about 87,000 in 20,000 households) carries the household's consumption per person,
stratum and PSU; the design is declared once on the persons. Times are the best of
``--repeats`` runs, for each measure with its standard error, on the shipped survey and on a
survey ``--scale`` times larger (the persons stacked, each copy in PSUs of its own).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import pandas as pd

from sptools.datasets import load_households, load_persons
from sptools.design import Design
from sptools.poverty import atkinson, fgt, gains_by_decile, gini, palma, quantile_shares
from sptools.synth.targets import round_targets


def shipped_persons(round: int = 2022) -> pd.DataFrame:
    """Persons of the shipped survey with their household's welfare, stratum and PSU."""
    households = load_households(round).set_index("hh_id")
    columns = households[["consumption_pc", "stratum", "psu"]]
    return load_persons(round)[["hh_id", "weight"]].join(columns, on="hh_id")


def stacked(persons: pd.DataFrame, copies: int) -> pd.DataFrame:
    """``copies`` copies of the persons, each copy in PSUs of its own, with a fresh index."""
    step = int(persons["psu"].max()) + 1
    frames = [persons.assign(psu=persons["psu"] + copy * step) for copy in range(copies)]
    return pd.concat(frames, ignore_index=True)


def best_time(function: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Smallest wall time over ``repeats`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def measures(persons: pd.DataFrame, design: Design, line: float) -> dict[str, Callable]:
    """The estimates to time, by name."""
    y = persons["consumption_pc"]
    return {
        "fgt P0": lambda: fgt(y, line, 0, design=design),
        "fgt P1": lambda: fgt(y, line, 1, design=design),
        "fgt P2": lambda: fgt(y, line, 2, design=design),
        "gini": lambda: gini(y, design=design),
        "palma": lambda: palma(y, design=design),
        "atkinson(1)": lambda: atkinson(y, 1.0, design=design),
        "decile shares": lambda: quantile_shares(y, design=design, quantiles=10),
        "gains by decile": lambda: gains_by_decile(y, y + 40_000, design=design),
    }


def report(persons: pd.DataFrame, line: float, repeats: int, label: str) -> None:
    """Print the time of the design declaration and of each measure with its SE."""
    seconds, design = best_time(lambda: Design(persons), repeats)
    print(f"\n{label}: {len(persons):,} persons, {design.n_psu:,} PSUs, {design.n_strata} strata")
    print(f"  {'Design(persons)':<18} {seconds * 1000:8.1f} ms")
    for name, function in measures(persons, design, line).items():
        seconds, result = best_time(function, repeats)
        shown = f"{float(result):.4f} (se {result.se:.4f})" if isinstance(result, float) else ""
        print(f"  {name:<18} {seconds * 1000:8.1f} ms  {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    persons = shipped_persons()
    line = round_targets(2022).poverty_line
    print(f"poverty line: {line:,.0f} riel a month per person")
    report(persons, line, args.repeats, "shipped 2022 survey")
    if args.scale > 1:
        report(stacked(persons, args.scale), line, args.repeats, f"{args.scale} x larger")


if __name__ == "__main__":
    main()
