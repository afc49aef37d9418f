"""Benchmark sptools.lnob on a full-size survey: trees, D, HOI and Shapley for 10 indicators.

Target (issue 5): under 10 seconds in total for ~90,000 persons and 6 circumstances, one of them
province with 25 levels. Until the synthetic survey ships, the data are random with that shape
(fixed seed); switch to ``sptools.datasets.load_persons()`` once it exists.

Run: ``python benchmarks/lnob_benchmark.py [n_persons]``
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from sptools.lnob import d_index, hoi, lnob_tree, shapley_d

CIRCUMSTANCES = ["wealth", "residence", "province", "education", "sex", "age_group"]
N_INDICATORS = 10
TARGET_SECONDS = 10.0


def random_survey(n: int, seed: int = 2025) -> pd.DataFrame:
    """Persons with six circumstances, survey weights and ten 0/1 indicators."""
    rng = np.random.default_rng(seed)
    education = ["None", "Primary", "Lower secondary", "Upper secondary+"]
    data = pd.DataFrame(
        {
            "wealth": pd.Categorical(rng.choice(["Bottom 40", "Top 60"], n, p=[0.4, 0.6])),
            "residence": pd.Categorical(rng.choice(["Rural", "Urban"], n, p=[0.75, 0.25])),
            "province": pd.Categorical(rng.choice([f"Province {i:02d}" for i in range(1, 26)], n)),
            "education": pd.Categorical(
                rng.choice(education, n, p=[0.2, 0.4, 0.25, 0.15]), categories=education, ordered=True
            ),
            "sex": pd.Categorical(rng.choice(["Female", "Male"], n)),
            "age_group": pd.Categorical(
                rng.choice(["15-24", "25-34", "35+"], n), categories=["15-24", "25-34", "35+"], ordered=True
            ),
            "weight": rng.lognormal(0.0, 0.5, n),
        }
    )
    province_effect = rng.normal(0, 0.6, 25)[data["province"].cat.codes]
    for k in range(N_INDICATORS):
        effects = rng.normal(0, 0.8, 5)
        score = (
            rng.normal(0, 0.5)
            + effects[0] * (data["wealth"] == "Top 60")
            + effects[1] * (data["residence"] == "Urban")
            + effects[2] * data["education"].cat.codes
            + effects[3] * (data["sex"] == "Female")
            + effects[4] * data["age_group"].cat.codes
            + province_effect * rng.uniform(0.3, 1.5)
        )
        data[f"indicator_{k}"] = (rng.random(n) < 1 / (1 + np.exp(-score))).astype(int)
    return data


def main(n: int = 90_000) -> None:
    data = random_survey(n)
    print(f"Survey: {n:,} persons, circumstances {CIRCUMSTANCES}")
    print(f"{'indicator':<13} {'rate':>6} {'D':>7} {'HOI':>7} {'leaves':>6} "
          f"{'tree s':>7} {'D+HOI s':>8} {'Shapley s':>9}")
    start = time.perf_counter()
    for k in range(N_INDICATORS):
        outcome = f"indicator_{k}"
        t0 = time.perf_counter()
        tree = lnob_tree(data, outcome, CIRCUMSTANCES, "weight")
        t1 = time.perf_counter()
        d = d_index(data, outcome, CIRCUMSTANCES, "weight")
        index = hoi(data, outcome, CIRCUMSTANCES, "weight")
        t2 = time.perf_counter()
        shapley_d(data, outcome, CIRCUMSTANCES, "weight")
        t3 = time.perf_counter()
        rate = np.average(data[outcome], weights=data["weight"])
        print(f"{outcome:<13} {rate:6.3f} {d:7.4f} {index:7.4f} {len(tree.leaves):6d} "
              f"{t1 - t0:7.3f} {t2 - t1:8.3f} {t3 - t2:9.3f}")
    total = time.perf_counter() - start
    verdict = "OK" if total < TARGET_SECONDS else "TOO SLOW"
    print(f"Total for {N_INDICATORS} indicators: {total:.2f} s (target < {TARGET_SECONDS:.0f} s): {verdict}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 90_000)
