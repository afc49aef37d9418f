"""Golden tests: the published Alkire-Foster worked examples (worked_examples.md), exact values."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from sptools.mpi import (
    GLOBAL_MPI,
    alkire_foster,
    alkire_foster_gaps,
    attainable_scores,
    k_sweep,
    nested_weights,
)

TOL = 1e-12

# Alkire & Foster (2011): four people, four indicators, cutoffs z, equal weights.
ACHIEVEMENTS = pd.DataFrame(
    [[13.1, 14, 4, 1], [15.2, 7, 5, 0], [12.5, 10, 1, 0], [20.0, 11, 3, 1]],
    columns=["income", "school", "health", "vote"],
)
CUTOFFS = {"income": 13, "school": 12, "health": 3, "vote": 1}
EQUAL4 = {name: Fraction(1, 4) for name in CUTOFFS}

# mpitbR vignette: five people, four indicators, two regions.
G0 = pd.DataFrame(
    [[1, 0, 1, 0], [0, 1, 0, 0], [0, 1, 1, 1], [1, 0, 0, 0], [1, 0, 1, 0]],
    columns=["d1", "d2", "d3", "d4"],
).assign(region=["North", "North", "South", "South", "South"])
EQUAL_G0 = {name: Fraction(1, 4) for name in ["d1", "d2", "d3", "d4"]}


def approx(value: Fraction | float | list) -> object:
    if isinstance(value, list):
        return pytest.approx([float(v) for v in value], abs=TOL)
    return pytest.approx(float(value), abs=TOL)


def deprivations() -> pd.DataFrame:
    return pd.DataFrame({name: (ACHIEVEMENTS[name] < z).astype(int) for name, z in CUTOFFS.items()})


def test_af2011_deprivation_counts_and_scores():
    result = alkire_foster(deprivations(), EQUAL4, Fraction(1, 2))
    assert (deprivations().sum(axis=1).tolist()) == [0, 2, 4, 1]
    assert result.scores.tolist() == [0.0, 0.5, 1.0, 0.25]
    assert result.poor.tolist() == [False, True, True, False]


def test_af2011_headline_at_half():
    result = alkire_foster(deprivations(), EQUAL4, Fraction(1, 2))
    assert (result.H, result.A, result.M0) == (
        approx(Fraction(1, 2)),
        approx(Fraction(3, 4)),
        approx(Fraction(3, 8)),
    )
    table = result.indicators
    assert table["uncensored"].tolist() == approx(
        [Fraction(1, 4), Fraction(3, 4), Fraction(1, 4), Fraction(1, 2)]
    )
    assert table["censored"].tolist() == approx(
        [Fraction(1, 4), Fraction(1, 2), Fraction(1, 4), Fraction(1, 2)]
    )
    assert table["contribution"].tolist() == approx(
        [Fraction(1, 6), Fraction(1, 3), Fraction(1, 6), Fraction(1, 3)]
    )
    assert table["absolute_contribution"].sum() == approx(Fraction(3, 8))


def test_af2011_m1_m2_exact():
    result = alkire_foster_gaps(ACHIEVEMENTS, CUTOFFS, EQUAL4, Fraction(1, 2))
    assert result.M1 == approx(Fraction(171, 832))
    assert result.M2 == approx(Fraction(21475, 129792))
    assert result.M0 == approx(Fraction(3, 8))
    assert result.average_gap == approx(Fraction(171, 832) / Fraction(3, 8))


@pytest.mark.parametrize(
    ("k", "H", "A", "M0"),
    [
        (Fraction(1, 4), Fraction(3, 4), Fraction(7, 12), Fraction(7, 16)),
        (Fraction(1, 2), Fraction(1, 2), Fraction(3, 4), Fraction(3, 8)),
        (Fraction(3, 4), Fraction(1, 4), Fraction(1), Fraction(1, 4)),
        (Fraction(1), Fraction(1, 4), Fraction(1), Fraction(1, 4)),
    ],
)
def test_af2011_k_sweep(k, H, A, M0):
    sweep = k_sweep(deprivations(), EQUAL4)
    assert list(sweep.index) == [Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(1)]
    assert (sweep.at[k, "H"], sweep.at[k, "A"], sweep.at[k, "M0"]) == (
        approx(H),
        approx(A),
        approx(M0),
    )
    single = alkire_foster(deprivations(), EQUAL4, k)
    assert (single.H, single.A, single.M0) == (approx(H), approx(A), approx(M0))
    assert sweep.at[k, "M0_se"] == pytest.approx(single.se["M0"], abs=TOL)


def test_mpitbr_vignette_national():
    result = alkire_foster(G0, EQUAL_G0, Fraction(1, 2))
    assert (result.H, result.A, result.M0) == (
        approx(Fraction(3, 5)),
        approx(Fraction(7, 12)),
        approx(Fraction(7, 20)),
    )
    assert result.indicators["uncensored"].tolist() == approx([0.6, 0.4, 0.6, 0.2])
    assert result.indicators["censored"].tolist() == approx([0.4, 0.2, 0.6, 0.2])
    assert result.indicators["contribution"].tolist() == approx(
        [Fraction(2, 7), Fraction(1, 7), Fraction(3, 7), Fraction(1, 7)]
    )


def test_mpitbr_vignette_regions():
    groups = alkire_foster(G0, EQUAL_G0, Fraction(1, 2), by="region").groups
    assert groups.loc["North", ["population_share", "H", "A", "M0"]].tolist() == approx(
        [0.4, Fraction(1, 2), Fraction(1, 2), Fraction(1, 4)]
    )
    assert groups.loc["South", ["population_share", "H", "A", "M0"]].tolist() == approx(
        [0.6, Fraction(2, 3), Fraction(5, 8), Fraction(5, 12)]
    )
    assert groups["contribution"].tolist() == approx([Fraction(2, 7), Fraction(5, 7)])
    assert groups["n"].tolist() == [2, 3]


def test_global_mpi_weights_follow_methods():
    flat = nested_weights(GLOBAL_MPI)
    assert sum(flat.values()) == 1
    assert {name: flat[name] for name in ("d_nutr", "d_cm", "d_educ", "d_satt")} == dict.fromkeys(
        ("d_nutr", "d_cm", "d_educ", "d_satt"), Fraction(1, 6)
    )
    living = ("d_elct", "d_sani", "d_wtr", "d_hsg", "d_ckfl", "d_asst")
    assert all(flat[name] == Fraction(1, 18) for name in living)
    assert set(GLOBAL_MPI["Living standards"]) == set(living)
    assert (
        nested_weights(
            {
                "Health": ["d_nutr", "d_cm"],
                "Education": ["d_educ", "d_satt"],
                "Living standards": list(living),
            }
        )
        == flat
    )
    assert attainable_scores(GLOBAL_MPI) == [Fraction(i, 18) for i in range(1, 19)]


def test_global_mpi_dimension_contributions():
    rng = np.random.default_rng(3)
    data = pd.DataFrame({name: rng.integers(0, 2, 400) for name in nested_weights(GLOBAL_MPI)})
    result = alkire_foster(data, GLOBAL_MPI, Fraction(1, 3))
    dims = result.dimensions
    assert list(dims.index) == ["Health", "Education", "Living standards"]
    assert dims["weight"].tolist() == approx([Fraction(1, 3)] * 3)
    assert dims["contribution"].sum() == pytest.approx(1, abs=TOL)
    health = result.indicators.loc[["d_nutr", "d_cm"], "contribution"].sum()
    assert dims.at["Health", "contribution"] == pytest.approx(health, abs=TOL)
