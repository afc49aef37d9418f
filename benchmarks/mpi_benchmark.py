"""Benchmark sptools.mpi.alkire_foster on census-sized synthetic data; prints its figures.

Run with ``.venv/bin/python benchmarks/mpi_benchmark.py``. Figures:

1. the global MPI on 15.5 million persons (about 3.5 million households, 7,000 PSUs, 50
   strata) with design-based standard errors, including the SEs of every indicator's
   headcount ratios and contribution (target: under 2 seconds, declaring the design included);
2. the same on 2 million persons next to the PyPI package ``mpitb`` when it is importable
   (install it in a separate environment, see the message printed otherwise).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pandas as pd

from sptools import Design
from sptools.mpi import GLOBAL_MPI, alkire_foster

#: Deprivation rates of the global MPI indicators (roughly Cambodia's 2021-22 DHS levels).
PREVALENCE = {
    "d_nutr": 0.25,
    "d_cm": 0.03,
    "d_educ": 0.30,
    "d_satt": 0.10,
    "d_elct": 0.12,
    "d_sani": 0.35,
    "d_wtr": 0.20,
    "d_hsg": 0.25,
    "d_ckfl": 0.55,
    "d_asst": 0.15,
}


def synthetic_persons(
    n_persons: int, n_psu: int = 7_000, n_strata: int = 50, seed: int = 1
) -> pd.DataFrame:
    """Random persons in households (about 4.4 per household) nested in PSUs and strata.

    Deprivations are drawn per household and shared by its members; household deprivation
    probabilities vary by PSU so that the clustering matters.
    """
    rng = np.random.default_rng(seed)
    n_households = max(n_persons * 10 // 44, 1)
    household = np.sort(rng.integers(0, n_households, n_persons))
    household_psu = np.sort(rng.integers(0, n_psu, n_households))
    psu_effect = rng.normal(0.0, 0.6, n_psu)
    logit_shift = psu_effect[household_psu]
    columns = {}
    for name, rate in PREVALENCE.items():
        logit = np.log(rate / (1 - rate)) + logit_shift
        deprived = rng.random(n_households) < 1 / (1 + np.exp(-logit))
        columns[name] = deprived.astype(np.int8)[household]
    psu = household_psu[household].astype(np.int32)
    columns["psu"] = psu
    columns["stratum"] = (psu * n_strata // n_psu).astype(np.int16)
    columns["weight"] = rng.uniform(200, 800, n_psu)[psu]
    return pd.DataFrame(columns)


def best_time(function: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Smallest wall time over ``repeats`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def run_sptools(data: pd.DataFrame, design: Design | None = None) -> object:
    """The global MPI with design SEs; declares the design first unless one is given."""
    design = (
        Design(data, weight="weight", strata="stratum", psu="psu") if design is None else design
    )
    return alkire_foster(data, GLOBAL_MPI, Fraction(1, 3), design=design)


def run_mpitb(data: pd.DataFrame) -> object:
    from mpitb import MPIToolbox

    toolbox = MPIToolbox()
    toolbox.set(
        name="global",
        dimensions=[(list(members), dimension) for dimension, members in GLOBAL_MPI.items()],
    )
    toolbox.svyset(psu="psu", weight="weight", strata="stratum")
    weights = {name: float(w) for members in GLOBAL_MPI.values() for name, w in members.items()}
    return toolbox.est(data.copy(), "global", klist=[33], weights=weights, svy=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=15_500_000)
    parser.add_argument("--compare-persons", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    data = synthetic_persons(args.persons)
    first = time.perf_counter()
    run_sptools(data)
    first = time.perf_counter() - first
    seconds, result = best_time(lambda: run_sptools(data), args.repeats)
    print(
        f"sptools.mpi.alkire_foster, global MPI, {len(data):,} persons, "
        f"{data['psu'].nunique():,} PSUs, {data['stratum'].nunique()} strata, with SEs:"
    )
    print(
        f"  Design(...) + alkire_foster: first run {first:.2f} s, best of {args.repeats} "
        f"{seconds:.2f} s (target < 2 s)"
    )
    design = Design(data)
    seconds_declared, _ = best_time(lambda: run_sptools(data, design), args.repeats)
    print(f"  alkire_foster(design=...) with the design declared once: {seconds_declared:.2f} s")
    print(
        f"  H = {result.H:.4f} (se {result.se['H']:.4f}), A = {result.A:.4f}, "
        f"M0 = {result.M0:.4f} (se {result.se['M0']:.4f})"
    )

    small = data.iloc[: args.compare_persons].copy()
    seconds, _ = best_time(lambda: run_sptools(small), args.repeats)
    print(f"sptools on {len(small):,} persons: {seconds:.3f} s")
    try:
        import mpitb  # noqa: F401
    except ImportError:
        print(
            "mpitb is not importable; to compare, install it in a separate environment:\n"
            "  python3.11 -m venv /tmp/mpitb-venv && /tmp/mpitb-venv/bin/pip install mpitb\n"
            "  PYTHONPATH=src /tmp/mpitb-venv/bin/python benchmarks/mpi_benchmark.py"
        )
        return
    seconds_mpitb, _ = best_time(lambda: run_mpitb(small), 1)
    print(
        f"mpitb {getattr(mpitb, '__version__', '')} MPIToolbox.est (svy=True, k=33) on "
        f"{len(small):,} persons: {seconds_mpitb:.3f} s"
    )


if __name__ == "__main__":
    main()
