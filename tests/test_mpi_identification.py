"""Exact identification, weights parsing and input validation of sptools.mpi."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from sptools import Design
from sptools.mpi import GLOBAL_MPI, alkire_foster, nested_weights, parse_weights
from sptools.mpi.weights import as_fraction, parse_k

GLOBAL_FLAT = nested_weights(GLOBAL_MPI)
INDICATORS = list(GLOBAL_FLAT)


def all_global_profiles() -> pd.DataFrame:
    return pd.DataFrame(list(itertools.product([0, 1], repeat=len(INDICATORS))), columns=INDICATORS)


# --- exactness -------------------------------------------------------------------------------


def test_fifteen_weights_of_one_fifteenth_at_k_0_4_is_poor():
    names = [f"i{j}" for j in range(15)]
    data = pd.DataFrame([[1] * 6 + [0] * 9, [1] * 5 + [0] * 10], columns=names)
    assert sum([1 / 15] * 6) < 0.4  # the floating-point trap this test guards against
    result = alkire_foster(data, dict.fromkeys(names, 1 / 15), 0.4)
    assert result.poor.tolist() == [True, False]
    assert result.H == 0.5


def test_every_global_profile_scoring_one_half_is_severe():
    data = all_global_profiles()
    exact = [
        sum((GLOBAL_FLAT[c] for c in INDICATORS if row[c]), Fraction(0))
        for _, row in data.iterrows()
    ]
    half = np.array([score == Fraction(1, 2) for score in exact])
    floats = data.to_numpy() @ np.array([float(GLOBAL_FLAT[c]) for c in INDICATORS])
    assert half.sum() == 128
    assert (floats[half] < 0.5).sum() > 0  # float arithmetic would misclassify some of them
    result = alkire_foster(data, GLOBAL_MPI, Fraction(1, 2))
    assert result.poor[half].all()
    assert result.severe == pytest.approx(
        float(np.mean([s >= Fraction(1, 2) for s in exact])), abs=1e-15
    )


def test_k_one_third_is_exact_with_global_weights():
    data = all_global_profiles()
    exact = np.array(
        [
            sum((GLOBAL_FLAT[c] for c in INDICATORS if row[c]), Fraction(0))
            for _, row in data.iterrows()
        ]
    )
    for k in (Fraction(1, 3), 1 / 3):
        result = alkire_foster(data, GLOBAL_MPI, k)
        assert result.poor.tolist() == [s >= Fraction(1, 3) for s in exact]
    vulnerable = np.mean([Fraction(1, 5) <= s < Fraction(1, 3) for s in exact])
    assert result.vulnerable == pytest.approx(float(vulnerable), abs=1e-15)


def test_scores_are_exact_floats_of_the_fractions():
    data = all_global_profiles()
    scores = alkire_foster(data, GLOBAL_MPI, Fraction(1, 3)).scores
    assert set(np.round(scores * 18, 12)) == set(range(19))
    assert scores.index.equals(data.index)


def test_float_and_fraction_weights_agree():
    floats = {name: float(w) for name, w in GLOBAL_FLAT.items()}
    assert parse_weights(floats).weights == GLOBAL_FLAT
    assert as_fraction(0.4, "k") == Fraction(2, 5)
    assert parse_k(1 / 3) == Fraction(1, 3)


def test_weights_within_tolerance_are_normalised_exactly():
    parsed = parse_weights({"a": Fraction(1, 2), "b": Fraction(1, 2) + Fraction(1, 10**12)})
    assert sum(parsed.weights.values()) == 1
    assert int(parsed.numerators.sum()) == parsed.denominator


def test_nested_weights_with_unequal_dimensions():
    weights = nested_weights({"a": ["x", "y"], "b": ["z"]}, dimension_weights={"a": 0.6, "b": 0.4})
    assert weights == {"x": Fraction(3, 10), "y": Fraction(3, 10), "z": Fraction(2, 5)}


def test_flat_weights_report_each_indicator_as_its_own_dimension():
    result = alkire_foster(pd.DataFrame({"a": [1, 0], "b": [1, 1]}), {"a": 0.5, "b": 0.5}, 0.5)
    assert list(result.dimensions.index) == ["a", "b"]


def test_nobody_poor_gives_zero_intensity():
    result = alkire_foster(pd.DataFrame({"a": [0, 0, 1], "b": [0, 0, 0]}), {"a": 0.5, "b": 0.5}, 1)
    assert (result.H, result.A, result.M0) == (0.0, 0.0, 0.0)
    assert np.isnan(result.indicators["contribution"]).all()


def test_bool_and_float_indicators_are_accepted():
    data = pd.DataFrame({"a": [True, False, True], "b": [1.0, 0.0, 0.0]})
    assert alkire_foster(data, {"a": 0.5, "b": 0.5}, 1).H == pytest.approx(1 / 3)


def test_many_indicators_use_the_general_profile_code():
    rng = np.random.default_rng(0)
    names = [f"i{j}" for j in range(20)]
    data = pd.DataFrame(rng.integers(0, 2, (300, 20)), columns=names)
    result = alkire_foster(data, dict.fromkeys(names, Fraction(1, 20)), Fraction(1, 2))
    assert result.scores.tolist() == pytest.approx((data.sum(axis=1) / 20).tolist())
    assert result.H == pytest.approx((data.sum(axis=1) >= 10).mean())


# --- missing values ------------------------------------------------------------------------


def test_missing_values_raise_naming_column_and_count():
    data = pd.DataFrame({"a": [1, np.nan, 0], "b": [1, 0, 0]})
    with pytest.raises(ValueError, match=r"'a' has 1 missing value.*missing='drop'"):
        alkire_foster(data, {"a": 0.5, "b": 0.5}, 0.5)


def test_drop_missing_reports_exclusions_and_keeps_the_design():
    data = pd.DataFrame(
        {
            "a": pd.array([1, pd.NA, 0, 1, 0, 1], dtype="Int64"),
            "b": [1, 0, 0, np.nan, 0, 1],
            "w": [1.0, 3.0, 1.0, 1.0, 2.0, 2.0],
            "c": [1, 1, 2, 2, 3, 3],
        }
    )
    result = alkire_foster(
        data, {"a": 0.5, "b": 0.5}, 1, design=Design(data, "w", None, "c"), missing="drop"
    )
    assert result.excluded.n_excluded == 2
    assert result.excluded.share == pytest.approx(2 / 6)
    assert result.excluded.weighted_share == pytest.approx(4 / 10)
    assert result.excluded.by_indicator == {"a": 1, "b": 1}
    assert "2 of 6 rows excluded" in str(result.excluded)
    assert result.n == 4
    complete = data.iloc[[0, 2, 4, 5]]
    expected = alkire_foster(
        complete.astype({"a": int, "b": int}),
        {"a": 0.5, "b": 0.5},
        1,
        design=Design(complete, "w", None, None),
    )
    assert result.H == pytest.approx(expected.H)
    assert result.scores.isna().tolist() == [False, True, False, True, False, False]
    assert result.poor.isna().tolist() == [False, True, False, True, False, False]
    assert result.df == 2  # three PSUs stay in the design


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "match"),
    [
        ([0, 2, 1], r"'a' must be 0/1.*1 rows hold other values: 2"),
        (["yes", "no", "no"], r"'a' must be 0/1"),
    ],
)
def test_non_binary_indicator_names_column_and_values(column, match):
    with pytest.raises((ValueError, TypeError), match=match):
        alkire_foster(pd.DataFrame({"a": column, "b": [0, 0, 1]}), {"a": 0.5, "b": 0.5}, 0.5)


@pytest.mark.parametrize(
    ("weights", "error", "match"),
    [
        ({"a": 0.5, "b": 0.4}, ValueError, r"sum to 1, they sum to 0\.9"),
        ({"a": 0.5, "zz": 0.5}, KeyError, r"\['zz'\] are not in the data"),
        ({"a": 1.5, "b": -0.5}, ValueError, r"'b' is negative"),
        ({"a": "half", "b": 0.5}, TypeError, r"weight of 'a' must be a number"),
        ({}, TypeError, r"non-empty mapping"),
        ({"D": {"a": 0.5}, "b": 0.5}, TypeError, r"mix dimensions"),
    ],
)
def test_bad_weights(weights, error, match):
    with pytest.raises(error, match=match):
        alkire_foster(pd.DataFrame({"a": [1, 0], "b": [0, 1]}), weights, 0.5)


@pytest.mark.parametrize("k", [0, -0.1, 1.01, float("nan")])
def test_k_outside_unit_interval(k):
    with pytest.raises(ValueError, match=r"k must|finite"):
        alkire_foster(pd.DataFrame({"a": [1, 0]}), {"a": 1}, k)


def test_by_column_with_missing_values():
    data = pd.DataFrame({"a": [1, 0, 1], "g": ["x", None, "y"]})
    with pytest.raises(ValueError, match=r"by column 'g' has 1 missing"):
        alkire_foster(data, {"a": 1}, 1, by="g")


@pytest.mark.parametrize(
    ("weight", "match"),
    [
        ([1.0, -1.0, 2.0], "1 rows are not"),
        ([1.0, np.nan, 2.0], "1 missing"),
        ([0.0, 0.0, 0.0], "zero"),
    ],
)
def test_bad_sample_weights(weight, match):
    data = pd.DataFrame({"a": [1, 0, 1], "w": weight})
    with pytest.raises(ValueError, match=rf"sample weight column 'w'.*{match}"):
        alkire_foster(data, {"a": 1}, 1, design=Design(data, "w", None, None))


def test_a_zero_sample_weight_counts_for_nothing():
    """The package's one weight rule: finite, >= 0, positive total."""
    data = pd.DataFrame({"a": [1, 0, 1], "w": [1.0, 0.0, 1.0]})
    assert alkire_foster(data, {"a": 1}, 1, design=Design(data, "w", None, None)).H == 1.0


def test_single_psu_and_zero_df_designs():
    data = pd.DataFrame(
        {"a": [1, 0, 1, 0], "c": [1, 1, 1, 1], "h": [1, 1, 2, 2], "c2": [1, 1, 2, 2]}
    )
    with pytest.raises(ValueError, match=r"single PSU \(column 'c'\)"):
        alkire_foster(data, {"a": 1}, 1, design=Design(data, None, None, "c"))
    with pytest.raises(ValueError, match=r"no degrees of freedom"):
        alkire_foster(data, {"a": 1}, 1, design=Design(data, None, "h", "c2"))


def test_missing_design_column_and_psu_labels():
    data = pd.DataFrame({"a": [1, 0, 1], "c": ["p1", None, "p2"]})
    with pytest.raises(KeyError, match=r"psu column 'nope'"):
        alkire_foster(data, {"a": 1}, 1, design=Design(data, None, None, "nope"))
    with pytest.raises(ValueError, match=r"PSU column 'c' has 1 missing"):
        alkire_foster(data, {"a": 1}, 1, design=Design(data, None, None, "c"))


def test_bad_missing_option_and_empty_data():
    with pytest.raises(ValueError, match="missing must be"):
        alkire_foster(pd.DataFrame({"a": [1]}), {"a": 1}, 1, missing="ignore")
    with pytest.raises(ValueError, match="no rows"):
        alkire_foster(pd.DataFrame({"a": pd.Series([], dtype=int)}), {"a": 1}, 1)
