"""Differences between groups and rounds, changes over time and robustness checks."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from sptools import Design
from sptools.mpi import (
    alkire_foster,
    annualized_changes,
    change_over_time,
    compare_groups,
    compare_rounds,
    rank_robustness,
    weighting_robustness,
)
from sptools.survey import SurveyDesign, domain_mean

WEIGHTS = {"a": Fraction(1, 2), "b": Fraction(1, 2)}


def survey(seed: int, shift: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    psu = np.repeat(np.arange(60), 8)
    effect = rng.normal(0, 0.7, 60)[psu]
    return pd.DataFrame(
        {
            "a": (rng.normal(size=psu.size) + effect > 0.2 + shift).astype(int),
            "b": (rng.normal(size=psu.size) + effect > 0.0 + shift).astype(int),
            "w": rng.uniform(1, 3, 60)[psu],
            "c": psu,
            "h": psu % 4,
            "region": np.array(["East", "North", "South"])[psu % 3],
        }
    )


def test_group_difference_uses_the_domain_covariance():
    data = survey(1)
    result = alkire_foster(data, WEIGHTS, 1, design=Design(data, "w", "h", "c"), by="region")
    table = compare_groups(result, "M0")
    assert len(table) == 3
    row = table.iloc[0]
    # independent check: the difference as one linear statistic of the full design
    design = SurveyDesign.from_frame(data, weight="w", strata="h", psu="c")
    censored = np.where(result.poor, result.scores, 0.0)
    codes = pd.factorize(data["region"], sort=True)[0]
    est = domain_mean(design, censored, codes, 3)
    contrast = np.array([1.0, -1.0, 0.0])
    assert row["difference"] == pytest.approx(contrast @ est.estimate)
    assert row["se"] == pytest.approx(np.sqrt(contrast @ est.covariance @ contrast))
    assert (row["group_a"], row["group_b"]) == ("East", "North")
    assert 0 <= row["p_value"] <= 1
    assert row["significant"] == (row["p_value"] < 0.05)


def test_compare_groups_requires_groups():
    result = alkire_foster(survey(1), WEIGHTS, 1)
    with pytest.raises(ValueError, match="by="):
        compare_groups(result)
    with pytest.raises(ValueError, match="measure must be"):
        compare_groups(result, "M9")


def test_rounds_are_independent_samples():
    first, second = survey(1), survey(2, shift=0.6)
    before = alkire_foster(first, WEIGHTS, 1, design=Design(first, "w", "h", "c"), by="region")
    after = alkire_foster(second, WEIGHTS, 1, design=Design(second, "w", "h", "c"), by="region")
    table = compare_rounds(before, after, "H")
    national = table.loc["national"]
    assert national["difference"] == pytest.approx(after.H - before.H)
    assert national["se"] == pytest.approx(np.hypot(before.se["H"], after.se["H"]))
    assert national["df"] == before.df + after.df
    assert national["significant"]
    assert list(table.index) == ["national", "East", "North", "South"]
    with pytest.raises(ValueError, match="harmonised"):
        compare_rounds(before, alkire_foster(survey(2), WEIGHTS, Fraction(1, 2)))


def test_annualized_changes_formulas():
    change = annualized_changes(0.40, 0.25, 4)
    assert change["absolute"] == pytest.approx(-0.15)
    assert change["relative"] == pytest.approx(-0.375)
    assert change["annualized_absolute"] == pytest.approx(-0.0375)
    assert change["annualized_relative"] == pytest.approx((0.25 / 0.40) ** 0.25 - 1)
    assert np.isnan(annualized_changes(0.0, 0.1, 2)["relative"])
    with pytest.raises(ValueError, match="years"):
        annualized_changes(0.4, 0.3, 0)


def test_change_over_time_table():
    first, second = survey(1), survey(2, shift=0.6)
    before = alkire_foster(first, WEIGHTS, 1, design=Design(first, "w", "h", "c"))
    after = alkire_foster(second, WEIGHTS, 1, design=Design(second, "w", "h", "c"))
    table = change_over_time(before, after, years=5)
    assert table.at["M0", "absolute"] == pytest.approx(after.M0 - before.M0)
    assert table.at["M0", "annualized_absolute_se"] == pytest.approx(
        table.at["M0", "absolute_se"] / 5
    )
    ratio = after.H / before.H
    assert table.at["H", "annualized_relative"] == pytest.approx(ratio**0.2 - 1)
    # delta method: compare with a numerical derivative
    eps = 1e-7
    d1 = ((after.H + eps) / before.H - (after.H - eps) / before.H) / (2 * eps)
    d0 = (after.H / (before.H + eps) - after.H / (before.H - eps)) / (2 * eps)
    assert table.at["H", "relative_se"] == pytest.approx(
        np.hypot(d1 * after.se["H"], d0 * before.se["H"]), rel=1e-5
    )


def test_weighting_robustness_and_rank_robustness():
    data = survey(3)
    schemes = {
        "equal": WEIGHTS,
        "a heavy": {"a": 0.75, "b": 0.25},
        "b heavy": {"a": 0.25, "b": 0.75},
    }
    national = weighting_robustness(
        data, schemes, Fraction(1, 2), design=Design(data, "w", "h", "c")
    )
    assert list(national.index) == list(schemes)
    assert national.at["a heavy", "H"] == pytest.approx(
        alkire_foster(
            data, schemes["a heavy"], Fraction(1, 2), design=Design(data, "w", None, None)
        ).H
    )
    by_region = weighting_robustness(
        data, schemes, Fraction(1, 2), by="region", design=Design(data, "w", None, "c")
    )
    values = by_region["M0"].unstack("scheme")[list(schemes)]
    ranks = rank_robustness(values)
    assert list(ranks.index) == ["a heavy", "b heavy"]
    assert ranks["pairs"].tolist() == [3, 3]
    assert ranks["share_preserved"].between(0, 1).all()


def test_rank_robustness_counts_orderings():
    values = pd.DataFrame(
        {
            "base": [0.1, 0.2, 0.3, 0.4],
            "same": [1, 2, 3, 4],
            "reversed": [4, 3, 2, 1],
            "one swap": [2, 1, 3, 4],
        },
        index=list("ABCD"),
    )
    table = rank_robustness(values)
    assert table["share_preserved"].tolist() == pytest.approx([1.0, 0.0, 5 / 6])
    assert table["kendall_tau_b"].tolist() == pytest.approx([1.0, -1.0, 2 / 3])
    significant = pd.DataFrame(
        {
            "group_a": ["A", "A", "A", "B", "B", "C"],
            "group_b": ["B", "C", "D", "C", "D", "D"],
            "significant": [False, True, True, True, True, True],
        }
    )
    table = rank_robustness(values, significant=significant)
    assert table.at["one swap", "significant_pairs"] == 5
    assert table.at["one swap", "share_significant_preserved"] == 1.0
    with pytest.raises(KeyError, match="baseline"):
        rank_robustness(values, baseline="nope")
