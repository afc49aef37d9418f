"""Benchmark sptools.registry.deduplicate: one million person records, trained and scored.

Target (issue 12): deduplicating 1 million person records in under 2 minutes and 8 GB on this
machine. The records are a register of every person of a synthetic population of about 230,000
households (``sptools.synth.generate``), written with the faults of ``sptools.admin.records``
(3% duplicates, spelling variants, swapped days and months, missing IDs, people who moved).

The records are generated and written to parquet first (not timed), then a fresh process reads
them and deduplicates them: its wall time and peak resident memory (``resource.getrusage``) are
the figures. Precision and recall against the known truth are printed too. Run it alone (check
``uptime``): it uses both cores.

Run: ``python benchmarks/registry_benchmark.py`` (1 million records), or with the number of
households as argument (``python benchmarks/registry_benchmark.py 20000`` for a quick check);
``--from FOLDER`` runs the timed part on records written before.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

#: households for about one million persons (4.4 a household)
HOUSEHOLDS = 230_000
TARGET_SECONDS, TARGET_GB = 120.0, 8.0


def peak_gb() -> float:
    """Peak resident memory of this process so far, in GB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def write_records(folder: Path, n_households: int) -> None:
    """A register of every person of ``generate(n_households)``, with faults, and its truth."""
    from sptools.admin.people import identities, places
    from sptools.admin.records import PERSON_COLUMNS, person_records
    from sptools.synth import generate

    t0 = time.perf_counter()
    households, persons = generate(n_households, seed=7)
    rng = np.random.default_rng(7)
    villages = places(rng, households)
    people = identities(rng, households, persons)
    records, truth = person_records(rng, people, villages, "idpoor", "REC")
    records[list(PERSON_COLUMNS)].to_parquet(folder / "records.parquet")
    truth.to_parquet(folder / "truth.parquet")
    print(
        f"{len(records):,} records of {len(people):,} persons written in "
        f"{time.perf_counter() - t0:.0f} s (not part of the target)"
    )


def deduplicate_from(folder: Path) -> None:
    """Read the records and deduplicate them; print time, peak memory, precision and recall."""
    from sptools import registry

    records = pd.read_parquet(folder / "records.parquet")
    truth = pd.read_parquet(folder / "truth.parquet")
    before = peak_gb()
    t0 = time.perf_counter()
    linkage = registry.deduplicate(records)
    seconds = time.perf_counter() - t0
    gb = peak_gb()
    print(
        f"deduplicate({len(records):,} records): {seconds:.1f} s, peak memory {gb:.2f} GB "
        f"(records loaded: {before:.2f} GB); {len(linkage.scored):,} pairs scored, "
        f"{len(linkage.pairs):,} links at {linkage.threshold}"
    )
    quality = linkage.evaluate(truth)
    print(f"precision {quality['precision']:.4f}, recall {quality['recall']:.4f}")
    verdict = "meets" if seconds < TARGET_SECONDS and gb < TARGET_GB else "MISSES"
    print(
        f"{verdict} the target (< {TARGET_SECONDS:.0f} s and < {TARGET_GB:.0f} GB); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--from"]:
        deduplicate_from(Path(argv[1]))
        return
    n_households = int(argv[0]) if argv else HOUSEHOLDS
    with tempfile.TemporaryDirectory() as scratch:
        write_records(Path(scratch), n_households)
        subprocess.run([sys.executable, __file__, "--from", scratch], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
