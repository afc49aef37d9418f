"""Charts of sptools.plots.mpi draw what they claim, are labelled, and refuse bad tables (Agg
backend)."""

from __future__ import annotations

import doctest
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import sptools.plots.mpi  # noqa: E402
from sptools.design import Design  # noqa: E402
from sptools.mpi import alkire_foster, k_sweep  # noqa: E402
from sptools.plots.mpi import (  # noqa: E402
    plot_contributions,
    plot_headcounts,
    plot_k_curve,
    plot_ranked_with_ci,
    readable,
)

WEIGHTS = {"d_nutr": Fraction(1, 3), "d_educ": Fraction(1, 3), "d_elct": Fraction(1, 3)}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 3000
    region = rng.choice(["North", "South", "East", "West"], n)
    risk = (
        pd.Series(region).map({"North": 0.15, "South": 0.3, "East": 0.45, "West": 0.6}).to_numpy()
    )
    data = pd.DataFrame({name: (rng.random(n) < risk).astype(int) for name in WEIGHTS})
    return data.assign(region=region, w=rng.uniform(0.5, 2, n))


@pytest.fixture(scope="module")
def result(survey):
    design = Design(survey, weight="w", strata=None, psu=None)
    return alkire_foster(survey, WEIGHTS, Fraction(1, 3), design=design, by="region")


def test_doctests_pass():
    outcome = doctest.testmod(sptools.plots.mpi)
    assert outcome.attempted >= 5 and outcome.failed == 0


def test_ranked_chart_orders_groups_and_draws_their_intervals(result):
    ax = plot_ranked_with_ci(result.groups, "H", national=result.H)
    order = result.groups["H"].sort_values().index.tolist()
    assert [
        t.get_text() for t in ax.get_yticklabels()
    ] == order  # lowest at the bottom, highest on top
    bars = ax.collections[0].get_segments()  # one error bar per group, in percent
    for segment, name in zip(bars, order, strict=True):
        (low, _), (high, _) = segment
        assert low == pytest.approx(100 * result.groups.at[name, "H_ci_low"])
        assert high == pytest.approx(100 * result.groups.at[name, "H_ci_high"])
    national = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert national[0].get_xdata()[0] == pytest.approx(100 * result.H)
    assert "%" in ax.get_xlabel()


def test_ranked_chart_shows_m0_as_an_index(result):
    ax = plot_ranked_with_ci(result.groups, "M0")
    assert "%" not in ax.get_xlabel()
    assert max(ax.get_xlim()) < 1


def test_contributions_stack_to_one_hundred_percent(result):
    shares = result.group_indicators["contribution"].unstack()
    ax = plot_contributions(shares)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Nutrition",
        "Years of schooling",
        "Electricity",
    ]
    right_ends = {}
    for patch in ax.patches:
        y = round(patch.get_y() + patch.get_height() / 2)
        right_ends[y] = max(right_ends.get(y, 0), patch.get_x() + patch.get_width())
    assert sorted(right_ends.values()) == pytest.approx([100] * len(shares))
    top = max(ax.get_yticklabels(), key=lambda label: label.get_position()[1])
    assert top.get_text() == str(shares.index[0])  # the first row is drawn at the top


def test_contributions_refuse_absolute_values(result):
    absolute = result.group_indicators["absolute_contribution"].unstack()
    with pytest.raises(ValueError, match="sum to one"):
        plot_contributions(absolute)
    with pytest.raises(ValueError, match="missing"):
        plot_contributions(pd.DataFrame({"a": [np.nan], "b": [1.0]}))


def test_headcounts_draw_one_bar_per_indicator_and_series(result):
    ax = plot_headcounts(
        result.indicators, {"uncensored": "Deprived", "censored": "Poor and deprived"}
    )
    widths = sorted(round(p.get_width(), 6) for p in ax.patches if p.get_width() > 0)
    expected = sorted(
        round(100 * v, 6) for v in result.indicators[["uncensored", "censored"]].to_numpy().ravel()
    )
    assert widths == pytest.approx(expected)
    assert [t.get_text() for t in ax.get_yticklabels()] == readable(result.indicators.index)
    with pytest.raises(KeyError, match="'before'"):
        plot_headcounts(result.indicators, {"before": "2014"})


def test_k_curve_draws_steps_of_the_sweep(survey):
    sweep = k_sweep(survey, WEIGHTS, design=Design(survey, weight="w", strata=None, psu=None))
    ax = plot_k_curve(sweep, k=1 / 3)
    h_line, m0_line = ax.get_lines()[:2]
    assert h_line.get_drawstyle() == "steps-pre"
    np.testing.assert_allclose(h_line.get_ydata(), sweep["H"])
    np.testing.assert_allclose(m0_line.get_ydata(), sweep["M0"])
    assert np.all(np.diff(sweep["H"]) <= 0)  # the chart shows a falling curve
    assert len(ax.collections) == 1  # M0's confidence band
    assert "cutoff k" in ax.get_xlabel()
    with pytest.raises(ValueError, match="measures"):
        plot_k_curve(sweep, ["H_se"])


def test_unknown_measure_is_refused(result):
    with pytest.raises(ValueError, match="measure must be one of"):
        plot_ranked_with_ci(result.groups, "P0")
    with pytest.raises(KeyError, match="M0_ci_low"):
        plot_ranked_with_ci(result.groups[["M0"]], "M0")
