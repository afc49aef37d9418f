"""Benchmark: generate a census-scale synthetic survey round (3.5 million households).

Prints the wall time and the peak resident memory (``resource.getrusage``) of
``sptools.synth.generate(3_500_000)``. Target: under 3 minutes and 8 GB.

Run: ``.venv/bin/python benchmarks/synth_benchmark.py [n_households] [round]``
"""

from __future__ import annotations

import resource
import sys
import time

from sptools.synth import generate


def main(n_households: int = 3_500_000, round: int = 2022) -> None:
    """Time one call of ``generate`` and print the figures."""
    start = time.perf_counter()
    households, persons = generate(n_households, round=round)
    elapsed = time.perf_counter() - start
    peak_gb = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    )  # ru_maxrss is in KiB on Linux
    print(
        f"generate({n_households:,}, round={round}): {len(households):,} "
        f"households, {len(persons):,} persons"
    )
    print(f"time: {elapsed:.1f} s (target < 180 s)")
    print(f"peak memory: {peak_gb:.2f} GB (target < 8 GB)")


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:3]))
