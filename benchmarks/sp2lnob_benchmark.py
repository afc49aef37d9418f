"""Benchmark sptools.sp2lnob: one simulation of a package of three schemes, both channels.

Targets (issue 10): on the shipped survey, one simulation under 1 s once step 1 is fitted; on a
census-scale population (``generate(3_500_000)``), under 30 s and 8 GB. Peak memory is the
process's own maximum resident set (:func:`peak_gb`: ``VmHWM`` on Linux), so run the
census-scale part on its own when no other heavy job runs (check ``uptime``).

Run: ``python benchmarks/sp2lnob_benchmark.py`` (shipped survey) or
``python benchmarks/sp2lnob_benchmark.py 3500000`` (generate that many households first). At census
scale the survey is generated and written to parquet in this process, then a fresh process reads
it and runs the simulation, so that its peak memory is the simulation's, not the generator's
(``python benchmarks/sp2lnob_benchmark.py --from FOLDER`` runs that second part on its own).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

from sptools.datasets import load_economy, load_households, load_persons
from sptools.sp2lnob import fit, simulate
from sptools.synth import generate
from sptools.transfers import Benefit, Scheme

PACKAGE = [
    Scheme("child benefit", Benefit.share_of_gdp_per_capita(0.04), max_age=14, admin_rate=0.05),
    Scheme("social pension", Benefit.riel(100_000), min_age=65, admin_rate=0.05),
    Scheme("disability allowance", Benefit.riel(80_000), requires_disability=True, admin_rate=0.05),
]


def peak_gb() -> float:
    """Peak resident memory of this process's own program so far, in GB.

    On Linux this is ``VmHWM`` of ``/proc/self/status``: the high-water mark of the memory this
    program has used since it started. ``getrusage(RUSAGE_SELF).ru_maxrss`` is not: a process
    started by ``subprocess`` inherits in it the peak of the parent at the time of the fork
    (Linux keeps the old memory's high-water mark across ``exec``), so a simulation started
    after the 6.5 GB generator reported the generator's peak. Elsewhere, ``ru_maxrss``.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e9  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def generate_to(folder: Path, n_households: int) -> None:
    """Generate a survey and write it to parquet files in ``folder``."""
    t0 = time.perf_counter()
    households, persons = generate(n_households)
    households.to_parquet(folder / "households.parquet")
    persons.to_parquet(folder / "persons.parquet")
    print(
        f"generate({n_households:_}) and write: {time.perf_counter() - t0:.1f} s "
        f"(generator peak {peak_gb():.2f} GB, not part of the target)"
    )


def main(folder: Path | None = None) -> None:
    """Fit step 1 and time one simulation per channel (shipped survey, or the one in ``folder``)."""
    warnings.simplefilter("ignore")  # missing-data counts are on the results
    t0 = time.perf_counter()
    if folder is None:
        households, persons, label = load_households(), load_persons(), "shipped survey"
    else:
        households = pd.read_parquet(folder / "households.parquet")
        persons = pd.read_parquet(folder / "persons.parquet")
        label = f"generated survey in {folder}"
    economy = load_economy()
    t1 = time.perf_counter()
    print(
        f"{label}: {len(households):,} households, {len(persons):,} persons "
        f"(loaded in {t1 - t0:.1f} s)"
    )
    step1 = fit(households, persons, "electricity")
    t2 = time.perf_counter()
    print(f"step 1 (opportunity table + LNOB tree): {t2 - t1:.2f} s")
    model = step1.access_model  # the logit of channel="model" is part of step 1: fitted once
    print(
        f"step 1, access model of channel='model' ({len(model.features.columns)} features, "
        f"fitted once): {time.perf_counter() - t2:.2f} s"
    )
    limit = 1.0 if folder is None else 30.0
    for channel in ("reclassify", "model"):
        start = time.perf_counter()
        result = simulate(
            PACKAGE, households, persons, step1, year=2022, economy=economy, channel=channel
        )
        seconds = time.perf_counter() - start
        status = "ok" if seconds < limit else "OVER TARGET"
        print(
            f"simulate, 3 schemes, channel={channel:<10}: {seconds:6.2f} s "
            f"(target < {limit:g} s: {status}); cost {result.cost_pct_gdp:.2%} of GDP"
        )
    print(f"peak memory of this process: {peak_gb():.2f} GB (target < 8 GB)")


def census_scale(n_households: int) -> None:
    """Generate in this process; simulate in a fresh one (its peak memory is the simulation's)."""
    with tempfile.TemporaryDirectory() as folder:
        generate_to(Path(folder), n_households)
        subprocess.run([sys.executable, __file__, "--from", folder], check=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--from":
        main(Path(sys.argv[2]))
    elif len(sys.argv) > 1:
        census_scale(int(sys.argv[1]))
    else:
        main()
