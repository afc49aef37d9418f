"""Methods a methodologist expects, each against a hand computation.

SEs of the indicators' headcount ratios and contributions, the split of a change in M0 into
incidence and intensity, k-curve dominance, indicator redundancy, and the SE of a national
design's difference from the baseline on the same sample.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from sptools import Design
from sptools.mpi import (
    alkire_foster,
    change_by_indicator,
    decompose_change,
    indicator_redundancy,
    k_dominance,
    k_sweep,
)
from sptools.mpi_design import evaluate_design
from sptools.survey import survey_mean

WEIGHTS = {"a": Fraction(1, 2), "b": Fraction(1, 4), "c": Fraction(1, 4)}


def survey(seed: int = 8, n_psu: int = 24, shift: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    psu = np.repeat(np.arange(n_psu), 5)
    effect = rng.normal(0, 0.8, n_psu)[psu]
    return pd.DataFrame(
        {
            name: (rng.normal(size=psu.size) + effect > cut + shift).astype(int)
            for name, cut in (("a", 0.3), ("b", 0.0), ("c", -0.2))
        }
        | {
            "w": rng.uniform(1, 4, n_psu)[psu],
            "psu": psu,
            "stratum": psu % 4,
            "g": np.array(["x", "y"])[psu % 2],
        }
    )


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return survey()


@pytest.fixture(scope="module")
def design(data) -> Design:
    return Design(data, weight="w", strata="stratum", psu="psu")


def ratio_se_by_hand(data: pd.DataFrame, numerator: np.ndarray, denominator: np.ndarray) -> float:
    """Linearised SE of sum(w y) / sum(w x), written out: influence values, PSU totals, strata."""
    w = data["w"].to_numpy()
    ratio = (w * numerator).sum() / (w * denominator).sum()
    u = w * (numerator - ratio * denominator) / (w * denominator).sum()
    totals = pd.Series(u).groupby([data["stratum"], data["psu"]]).sum()
    variance = 0.0
    for _, in_stratum in totals.groupby(level=0):
        n_h = len(in_stratum)
        variance += n_h / (n_h - 1) * ((in_stratum - in_stratum.mean()) ** 2).sum()
    return float(np.sqrt(variance))


# --- SEs of the indicators -------------------------------------------------------------------


def test_indicator_headcount_ses_match_weighted_means(data, design):
    result = alkire_foster(data, WEIGHTS, Fraction(1, 2), design=design)
    poor = result.poor.to_numpy(dtype=float)
    for name in WEIGHTS:
        frame = data.assign(raw=data[name], cens=data[name] * poor)
        raw = survey_mean(frame, "raw", weight="w", strata="stratum", psu="psu")
        cens = survey_mean(frame, "cens", weight="w", strata="stratum", psu="psu")
        row = result.indicators.loc[name]
        assert row["uncensored"] == pytest.approx(raw.at["all", "estimate"], rel=1e-12)
        assert row["uncensored_se"] == pytest.approx(raw.at["all", "se"], rel=1e-10)
        assert row["censored_se"] == pytest.approx(cens.at["all", "se"], rel=1e-10)
        assert row["absolute_contribution_se"] == pytest.approx(
            float(WEIGHTS[name]) * cens.at["all", "se"], rel=1e-10
        )


def test_contribution_se_is_that_of_a_ratio_written_out_by_hand(data, design):
    result = alkire_foster(data, WEIGHTS, Fraction(1, 2), design=design)
    poor = result.poor.to_numpy(dtype=float)
    censored_score = result.scores.to_numpy() * poor
    for name, weight in WEIGHTS.items():
        numerator = float(weight) * data[name].to_numpy() * poor
        expected = ratio_se_by_hand(data, numerator, censored_score)
        assert result.indicators.loc[name, "contribution_se"] == pytest.approx(expected, rel=1e-10)
    assert result.indicators["contribution"].sum() == pytest.approx(1)


def test_indicator_ses_with_missing_rows_use_the_complete_cases_as_a_domain(data, design):
    holes = data.assign(b=data["b"].astype(float).mask(data.index % 9 == 0))
    result = alkire_foster(holes, WEIGHTS, Fraction(1, 2), design=design, missing="drop")
    kept = (data.index % 9 != 0).astype(float)
    frame = data.assign(y=data["a"] * kept)
    numerator, denominator = frame["y"].to_numpy(), kept
    expected = ratio_se_by_hand(data, numerator, denominator)
    assert result.indicators.loc["a", "uncensored_se"] == pytest.approx(expected, rel=1e-10)


# --- changes over time ----------------------------------------------------------------------------


def test_change_in_m0_splits_into_incidence_and_intensity():
    first, second = survey(1), survey(2, shift=0.5)
    before = alkire_foster(first, WEIGHTS, Fraction(1, 2), design=Design(first, "w", None, None))
    after = alkire_foster(second, WEIGHTS, Fraction(1, 2), design=Design(second, "w", None, None))
    table = decompose_change(before, after)
    change = after.M0 - before.M0
    assert table.loc[["H", "A"], "contribution"].sum() == pytest.approx(change, abs=1e-15)
    assert table.loc["H", "contribution"] == pytest.approx(
        (after.H - before.H) * (before.A + after.A) / 2
    )
    assert table.loc["A", "contribution"] == pytest.approx(
        (after.A - before.A) * (before.H + after.H) / 2
    )
    assert table.loc[["H", "A"], "share"].sum() == pytest.approx(1)
    by_indicator = change_by_indicator(before, after)
    assert by_indicator["contribution"].sum() == pytest.approx(change, abs=1e-15)


def test_decomposition_by_hand_and_refusal_of_unharmonised_rounds():
    r0 = alkire_foster(pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 0, 0]}), {"a": 1, "b": 0}, 1)
    r1 = alkire_foster(pd.DataFrame({"a": [1, 0, 0, 0], "b": [0, 0, 0, 0]}), {"a": 1, "b": 0}, 1)
    # H: 1/2 -> 1/4, A stays 1: the whole change is incidence.
    table = decompose_change(r0, r1)
    assert table["contribution"].tolist() == [-0.25, 0.0, -0.25]
    other = alkire_foster(pd.DataFrame({"a": [1, 0], "b": [0, 0]}), {"a": 0.5, "b": 0.5}, 0.5)
    with pytest.raises(ValueError, match="harmonised"):
        decompose_change(r0, other)


# --- k-curve dominance ----------------------------------------------------------------------------


def test_k_dominance_finds_where_the_ordering_flips():
    weights = {"a": 0.5, "b": 0.5}
    # North: scores 1, 1/2, 1/2, 0 -> H(1/2) = 3/4, H(1) = 1/4.
    north = k_sweep(pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0]}), weights)
    # South: scores 1/2 x 4 -> H(1/2) = 1, H(1) = 0.
    south = k_sweep(pd.DataFrame({"a": [1, 1, 1, 1], "b": [0, 0, 0, 0]}), weights)
    result = k_dominance(north, south, "H")
    assert result.table["order"].tolist() == [-1, 1]
    assert result.flips == [Fraction(1)]
    assert not result.first_dominates and not result.second_dominates
    assert "flips at k = 1" in repr(result)
    only_half = k_dominance(north, south, "H", k_range=(0.5, 0.5))
    assert only_half.second_dominates and only_half.flips == []


def test_k_dominance_of_a_shifted_distribution(data):
    worse = data.assign(a=1)
    sweep, sweep_worse = k_sweep(data, WEIGHTS), k_sweep(worse, WEIGHTS)
    result = k_dominance(sweep_worse, sweep, "M0")
    assert result.first_dominates and result.flips == []
    with pytest.raises(ValueError, match="measure must be"):
        k_dominance(sweep, sweep, "P0")
    with pytest.raises(ValueError, match="share no cutoff"):
        k_dominance(sweep, sweep, k_range=(0.01, 0.02))


# --- indicator redundancy -------------------------------------------------------------------------


def test_redundancy_r0_and_cramers_v_by_hand(data, design):
    table = indicator_redundancy(data, WEIGHTS, design=design).set_index(
        ["indicator_a", "indicator_b"]
    )
    w = data["w"] / data["w"].sum()
    for a, b in (("a", "b"), ("a", "c"), ("b", "c")):
        p_a, p_b = (w * data[a]).sum(), (w * data[b]).sum()
        both = (w * data[a] * data[b]).sum()
        row = table.loc[(a, b)]
        assert row["r0"] == pytest.approx(both / min(p_a, p_b))
        crosstab = pd.crosstab(data[a], data[b], values=w, aggfunc="sum")
        chi2 = sum(
            (crosstab.loc[i, j] - crosstab.loc[i].sum() * crosstab[j].sum()) ** 2
            / (crosstab.loc[i].sum() * crosstab[j].sum())
            for i in (0, 1)
            for j in (0, 1)
        )
        assert row["cramers_v"] == pytest.approx(np.sqrt(chi2))  # min(r, c) - 1 = 1, n = 1


def test_redundancy_of_identical_and_missing_indicators():
    data = pd.DataFrame({"a": [1, 0, 1, 0], "b": [1, 0, 1, 0], "c": [1.0, np.nan, 0, 0]})
    table = indicator_redundancy(data, ["a", "b", "c"], missing="drop")
    same = table.set_index(["indicator_a", "indicator_b"]).loc[("a", "b")]
    assert same["r0"] == 1 and same["cramers_v"] == pytest.approx(1)
    assert table.attrs["exclusions"].n_excluded == 1
    with pytest.raises(ValueError, match="'c' has 1 missing"):
        indicator_redundancy(data, ["a", "c"])


# --- the difference between a national design and the baseline ------------------------------------


def test_difference_se_uses_the_joint_linearisation(data, design):
    proposal = {"a": Fraction(1, 2), "c": Fraction(1, 2)}
    comparison = evaluate_design(
        data,
        proposal,
        Fraction(1, 2),
        baseline=WEIGHTS,
        baseline_k=Fraction(1, 2),
        by="g",
        design=design,
    )
    poor_d = comparison.design.poor.to_numpy(dtype=float)
    poor_b = comparison.baseline.poor.to_numpy(dtype=float)
    censored_d = comparison.design.scores.to_numpy() * poor_d
    censored_b = comparison.baseline.scores.to_numpy() * poor_b
    frame = data.assign(dh=poor_d - poor_b, dm=censored_d - censored_b)
    for measure, column in (("H", "dh"), ("M0", "dm")):
        by_hand = survey_mean(frame, column, weight="w", strata="stratum", psu="psu")
        row = comparison.summary.loc[measure]
        assert row["difference"] == pytest.approx(by_hand.at["all", "estimate"], abs=1e-15)
        assert row["difference_se"] == pytest.approx(by_hand.at["all", "se"], rel=1e-10)
        independent = np.hypot(comparison.design.se[measure], comparison.baseline.se[measure])
        assert row["difference_se"] < independent  # the two measures are positively correlated
    # A is a ratio: the difference of two ratios, written out by hand.
    w = data["w"].to_numpy()
    a_d, a_b = comparison.design.A, comparison.baseline.A
    u = (
        w * (censored_d - a_d * poor_d) / (w * poor_d).sum()
        - w * (censored_b - a_b * poor_b) / (w * poor_b).sum()
    )
    totals = pd.Series(u).groupby([data["stratum"], data["psu"]]).sum()
    variance = sum(
        len(t) / (len(t) - 1) * ((t - t.mean()) ** 2).sum() for _, t in totals.groupby(level=0)
    )
    assert comparison.summary.loc["A", "difference_se"] == pytest.approx(np.sqrt(variance))
    low, high = comparison.summary.loc["M0", ["difference_ci_low", "difference_ci_high"]]
    assert low < comparison.summary.loc["M0", "difference"] < high
    assert set(comparison.redundancy["indicator_a"]) | set(
        comparison.redundancy["indicator_b"]
    ) == {
        "a",
        "c",
    }


def test_evaluate_design_keeps_its_deprecated_column_names(data, design):
    with pytest.warns(DeprecationWarning, match="evaluate_design"):
        legacy = evaluate_design(
            data,
            WEIGHTS,
            Fraction(1, 2),
            baseline=WEIGHTS,
            baseline_k=Fraction(1, 2),
            by="g",
            sample_weight="w",
            strata="stratum",
            psu="psu",
        )
    assert legacy.summary["difference"].abs().max() == 0
    assert legacy.summary["difference_se"].max() == 0
    with pytest.raises(TypeError, match="unexpected keyword"):
        evaluate_design(data, WEIGHTS, 1, by="g", weight="w")


def test_a_one_indicator_design_has_no_redundancy_pairs(data, design):
    comparison = evaluate_design(
        data, {"a": 1}, 1, baseline=WEIGHTS, baseline_k=Fraction(1, 2), by="g", design=design
    )
    assert comparison.redundancy.empty
    with pytest.raises(ValueError, match="at least two indicators"):
        indicator_redundancy(data, ["a"])
