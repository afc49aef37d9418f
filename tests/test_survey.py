"""Design-based standard errors of sptools.survey: hand computations and a cross-check with svy."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from sptools import Design
from sptools.mpi import alkire_foster
from sptools.survey import (
    SurveyDesign,
    bootstrap_factors,
    domain_mean,
    survey_mean,
    t_interval,
)

# Two strata x two PSUs, two rows per PSU.
TINY = pd.DataFrame(
    {
        "y": [1, 0, 1, 1, 0, 0, 1, 0],
        "w": [1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 2.0, 2.0],
        "h": [1, 1, 1, 1, 2, 2, 2, 2],
        "c": [1, 1, 2, 2, 3, 3, 4, 4],
    }
)


def hand_variance_of_mean(data: pd.DataFrame) -> tuple[float, float]:
    """Textbook Taylor variance of a weighted mean, written out PSU by PSU."""
    total_weight = data["w"].sum()
    mean = (data["w"] * data["y"]).sum() / total_weight
    variance = 0.0
    for _, stratum in data.groupby("h"):
        psu_totals = [
            (part["w"] * (part["y"] - mean)).sum() / total_weight
            for _, part in stratum.groupby("c")
        ]
        n_h = len(psu_totals)
        variance += n_h / (n_h - 1) * sum((u - np.mean(psu_totals)) ** 2 for u in psu_totals)
    return mean, variance


def test_two_strata_two_psus_by_hand():
    mean, variance = hand_variance_of_mean(TINY)
    table = survey_mean(TINY, "y", weight="w", strata="h", psu="c")
    assert table.at["all", "estimate"] == pytest.approx(mean, abs=1e-15)
    assert table.at["all", "se"] == pytest.approx(np.sqrt(variance), abs=1e-15)
    # df = 4 PSUs - 2 strata = 2: t(2, 0.975) = 4.302652729...
    assert table.at["all", "ci_high"] - mean == pytest.approx(
        4.302652729749464 * np.sqrt(variance), rel=1e-12
    )


def test_numbers_written_out():
    # mean = 5/13; PSU totals of w(y - 5/13)/13: stratum 1 (8/169, 8/169 - ...); computed by hand:
    mean, variance = hand_variance_of_mean(TINY)
    assert mean == pytest.approx(5 / 13)
    w, y = TINY["w"].to_numpy(), TINY["y"].to_numpy()
    u = w * (y - 5 / 13) / 13
    t = np.array([u[0:2].sum(), u[2:4].sum(), u[4:6].sum(), u[6:8].sum()])
    expected = 2 * ((t[0] - t[1]) ** 2 / 2) + 2 * ((t[2] - t[3]) ** 2 / 2)
    assert variance == pytest.approx(expected, abs=1e-15)


def test_lonely_psu_is_centred_on_the_grand_mean():
    data = TINY.assign(h=[1, 1, 1, 1, 2, 2, 3, 3])  # strata 2 and 3 each hold one PSU
    design = SurveyDesign.from_frame(data, weight="w", strata="h", psu="c")
    est = domain_mean(design, data["y"].to_numpy(dtype=float))
    total = data["w"].sum()
    u = data["w"] * (data["y"] - est.estimate[0]) / total
    t = u.groupby(data["c"]).sum().to_numpy()
    grand = t.mean()
    expected = (
        2 * ((t[0] - t[:2].mean()) ** 2 + (t[1] - t[:2].mean()) ** 2)
        + (t[2] - grand) ** 2
        + (t[3] - grand) ** 2
    )
    assert est.se[0] ** 2 == pytest.approx(expected, abs=1e-15)
    assert design.df == 1


def test_domains_keep_the_full_design():
    data = TINY.assign(g=["a", "b"] * 4)
    table = survey_mean(data, "y", weight="w", strata="h", psu="c", by="g")
    total_a = data["w"].where(data["g"] == "a", 0).sum()
    mean_a = (data["w"] * data["y"]).where(data["g"] == "a", 0).sum() / total_a
    u = np.where(data["g"] == "a", data["w"] * (data["y"] - mean_a) / total_a, 0.0)
    t = pd.Series(u).groupby(data["c"]).sum().to_numpy()
    expected = (t[0] - t[1]) ** 2 + (t[2] - t[3]) ** 2  # n_h/(n_h-1) = 2 times half the squared gap
    assert table.at["a", "estimate"] == pytest.approx(mean_a)
    assert table.at["a", "se"] ** 2 == pytest.approx(expected, abs=1e-15)
    subset_only = survey_mean(data[data["g"] == "a"], "y", weight="w", strata="h", psu="c")
    assert subset_only.at["all", "estimate"] == pytest.approx(mean_a)


def test_psu_labels_are_nested_within_strata():
    data = TINY.assign(c=[1, 1, 2, 2, 1, 1, 2, 2])
    design = SurveyDesign.from_frame(data, weight="w", strata="h", psu="c")
    assert (design.n_psu, design.n_strata) == (4, 2)
    same = survey_mean(data, "y", weight="w", strata="h", psu="c")
    assert same.at["all", "se"] == pytest.approx(
        survey_mean(TINY, "y", weight="w", strata="h", psu="c").at["all", "se"]
    )


def test_iid_design_matches_textbook_formula():
    y = np.array([1.0, 0, 1, 1, 0])
    table = survey_mean(pd.DataFrame({"y": y}), "y")
    assert table.at["all", "se"] == pytest.approx(np.sqrt(y.var(ddof=1) / len(y)), abs=1e-15)


def test_m0_se_comes_from_censored_scores():
    data = TINY.assign(b=[1, 1, 0, 1, 0, 1, 1, 0])
    result = alkire_foster(
        data, {"y": 0.5, "b": 0.5}, Fraction(1, 2), design=Design(data, "w", "h", "c")
    )
    censored = np.where(result.poor, result.scores, 0.0)
    by_hand = survey_mean(data.assign(ck=censored), "ck", weight="w", strata="h", psu="c")
    assert result.M0 == pytest.approx(by_hand.at["all", "estimate"])
    assert result.se["M0"] == pytest.approx(by_hand.at["all", "se"], abs=1e-15)
    low, high = t_interval(result.M0, result.se["M0"], 2)
    assert result.ci()["M0"] == (pytest.approx(float(low)), pytest.approx(float(high)))


def test_bootstrap_factors_are_reproducible_and_stratified():
    design = SurveyDesign.from_frame(TINY, weight="w", strata="h", psu="c")
    first = bootstrap_factors(design, replicates=50, seed=7)
    assert np.array_equal(first, bootstrap_factors(design, replicates=50, seed=7))
    # each stratum draws n_h - 1 = 1 PSU, rescaled by n_h / (n_h - 1) = 2
    assert np.allclose(first[:, :2].sum(axis=1), 2) and np.allclose(first[:, 2:].sum(axis=1), 2)
    assert set(np.unique(first)) == {0.0, 2.0}


def test_bootstrap_se_close_to_linearised_se():
    from sptools.mpi import bootstrap

    rng = np.random.default_rng(11)
    n_psu = 120
    psu = np.repeat(np.arange(n_psu), 10)
    effect = rng.normal(0, 1, n_psu)[psu]
    data = pd.DataFrame(
        {
            "a": (rng.normal(size=psu.size) + effect > 0.3).astype(int),
            "b": (rng.normal(size=psu.size) + effect > 0.0).astype(int),
            "w": rng.uniform(1, 3, n_psu)[psu],
            "c": psu,
            "h": psu % 6,
        }
    )
    weights = {"a": 0.5, "b": 0.5}
    design = Design(data, "w", "h", "c")
    linear = alkire_foster(data, weights, 1, design=design)
    boot = bootstrap(data, weights, 1, design=design, replicates=2000, seed=3)
    for measure in ("H", "M0"):
        assert boot.se[measure] == pytest.approx(linear.se[measure], rel=0.1)


def test_cross_check_with_svy():
    svy = pytest.importorskip("svy")
    pl = pytest.importorskip("polars")
    rng = np.random.default_rng(5)
    n = 400
    psu = np.sort(rng.integers(0, 40, n))
    data = pd.DataFrame(
        {
            "a": rng.integers(0, 2, n),
            "b": rng.integers(0, 2, n),
            "w": rng.uniform(0.5, 4, n),
            "c": psu,
            "h": psu // 8,
            "g": rng.choice(["x", "y", "z"], n),
        }
    )
    data.loc[data["c"] == 39, "h"] = 99  # a stratum with a single PSU
    result = alkire_foster(
        data, {"a": 0.5, "b": 0.5}, 1, design=Design(data, "w", "h", "c"), by="g"
    )
    frame = data.assign(
        poor=result.poor.astype(float),
        ck=np.where(result.poor, result.scores, 0.0),
        ca=data["a"] * result.poor.astype(float),
        wca=0.5 * data["a"] * result.poor.astype(float),
    )
    sample = svy.Sample(
        pl.from_pandas(frame),
        svy.Design(stratum="h", psu="c", wgt="w", singleton=svy.Singleton("center")),
    )
    checks = {
        "H": sample.estimation.mean("poor"),
        "M0": sample.estimation.mean("ck"),
        "A": sample.estimation.ratio("ck", "poor"),
    }
    for measure, est in checks.items():
        row = est.to_polars().to_dicts()[0]
        assert getattr(result, measure) == pytest.approx(row["est"], rel=1e-10)
        assert result.se[measure] == pytest.approx(row["se"], rel=1e-8)
    frame_a = sample.estimation.mean("ca").to_polars().to_dicts()[0]
    assert result.indicators.at["a", "censored"] == pytest.approx(frame_a["est"], rel=1e-10)
    assert result.indicators.at["a", "censored_se"] == pytest.approx(frame_a["se"], rel=1e-8)
    share_a = sample.estimation.ratio("wca", "ck").to_polars().to_dicts()[0]
    assert result.indicators.at["a", "contribution"] == pytest.approx(share_a["est"], rel=1e-10)
    assert result.indicators.at["a", "contribution_se"] == pytest.approx(share_a["se"], rel=1e-8)
    by_group = sample.estimation.mean("poor", by="g").to_polars().to_pandas().set_index("g")
    assert result.groups["H"].to_numpy() == pytest.approx(by_group["est"].to_numpy(), rel=1e-10)
    assert result.groups["H_se"].to_numpy() == pytest.approx(by_group["se"].to_numpy(), rel=1e-8)
