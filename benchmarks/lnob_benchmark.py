"""Benchmark sptools.lnob on the shipped survey: every LNOB indicator, its tree, D, HOI and Shapley,
with design-based standard errors.

Targets: the trees of all the indicators of ``sptools.indicators.OPPORTUNITIES`` on the full
survey build in under 10 seconds (issue 5), and so do D, HOI and the Shapley decomposition of every
indicator with their linearised standard errors (issue on design-based uncertainty). Each indicator
is built for its reference population with ``opportunity()`` (timed separately), its survey design
declared on that table (weight, stratum, PSU), then analysed with its own circumstances; a second
pass adds ``province`` (25 levels, the hardest unordered split) to every indicator's circumstances.
A last line times D with a 1,000-replicate Rao-Wu bootstrap for one indicator.

Run: ``python benchmarks/lnob_benchmark.py [round]`` (2022 by default, or 2014).
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np

from sptools import Design
from sptools.datasets import load_households, load_persons
from sptools.indicators import OPPORTUNITIES, MissingDataWarning, opportunity
from sptools.lnob import d_index, hoi, lnob_tree, shapley_table

TARGET_SECONDS = 10.0


def run(households, persons, *, extra: tuple[str, ...] = ()) -> tuple[float, float, float]:
    """Print one line per indicator; return the total time of the trees, of D, HOI and Shapley
    with their SEs, and of everything."""
    print(
        f"{'indicator':<27} {'units':>6} {'rate':>6} {'D':>6} {'se(D)':>6} {'HOI':>6} "
        f"{'leaves':>6} {'table s':>7} {'tree s':>7} {'D+HOI s':>7} {'Shapley s':>9}"
    )
    tree_total = measures_total = grand_total = 0.0
    for name, spec in OPPORTUNITIES.items():
        circumstances = [*spec.circumstances, *extra]
        barrier = spec.kind == "barrier"
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MissingDataWarning)  # counts are in table.attrs
            table = opportunity(name, households, persons, circumstances=circumstances)
        t1 = time.perf_counter()
        design = Design(table)
        tree = lnob_tree(table, name, circumstances, design=design, barrier=barrier)
        t2 = time.perf_counter()
        d = d_index(table, name, circumstances, design=design, barrier=barrier)
        index = hoi(table, name, circumstances, design=design, barrier=barrier)
        t3 = time.perf_counter()
        shapley_table(table, name, circumstances, design=design, barrier=barrier)
        t4 = time.perf_counter()
        rate = np.average(table[name], weights=table["weight"])
        print(
            f"{name:<27} {len(table):6,d} {rate:6.3f} {d:6.3f} {d.se:6.4f} {index:6.3f} "
            f"{len(tree.leaves):6d} {t1 - t0:7.3f} {t2 - t1:7.3f} {t3 - t2:7.3f} {t4 - t3:9.3f}"
        )
        tree_total += t2 - t1
        measures_total += t4 - t2
        grand_total += t4 - t0
    return tree_total, measures_total, grand_total


def bootstrap_line(households, persons, name: str = "electricity") -> None:
    """Time D with a 1,000-replicate Rao-Wu bootstrap for one indicator."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        table = opportunity(name, households, persons)
    circumstances = list(OPPORTUNITIES[name].circumstances)
    design = Design(table)
    t0 = time.perf_counter()
    linear = d_index(table, name, circumstances, design=design)
    t1 = time.perf_counter()
    boot = d_index(table, name, circumstances, design=design, variance="bootstrap")
    t2 = time.perf_counter()
    print(
        f"D of {name}: {linear:.4f}; linearised se {linear.se:.4f} ({t1 - t0:.2f} s), "
        f"bootstrap se {boot.se:.4f} ({t2 - t1:.2f} s; {boot.method})"
    )


def main(round: int = 2022) -> None:
    t0 = time.perf_counter()
    households, persons = load_households(round), load_persons(round)
    print(
        f"Survey {round}: {len(households):,} households, {len(persons):,} persons "
        f"(loaded in {time.perf_counter() - t0:.2f} s); {len(OPPORTUNITIES)} indicators\n"
    )
    for title, extra in (
        ("Each indicator's own circumstances", ()),
        ("The same, plus province (25 levels)", ("province",)),
    ):
        print(title)
        trees, measures, everything = run(households, persons, extra=extra)
        print(
            f"All trees (leaf SEs included): {trees:.2f} s (target < {TARGET_SECONDS:.0f} s): "
            f"{_verdict(trees)}. D, HOI and Shapley with SEs: {measures:.2f} s "
            f"({_verdict(measures)}). Tables, trees, D, HOI and Shapley: "
            f"{everything:.2f} s\n"
        )
    bootstrap_line(households, persons)


def _verdict(seconds: float) -> str:
    return "OK" if seconds < TARGET_SECONDS else "TOO SLOW"


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2022)
