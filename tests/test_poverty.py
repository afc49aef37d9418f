"""Golden, property and edge-case tests of sptools.poverty (METHODS.md section 4)."""

from __future__ import annotations

import doctest
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sptools.poverty
from sptools.design import Design
from sptools.poverty import (
    SortedWelfare,
    atkinson,
    fgt,
    gains_by_decile,
    gini,
    palma,
    quantile_shares,
)
from sptools.results import Estimate

incomes = st.lists(
    st.floats(min_value=0.01, max_value=1e6, allow_nan=False), min_size=1, max_size=30
)
counts = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=30)


def weighted(y, w) -> tuple[pd.Series, Design]:
    """Welfare as a Series and a design of independent rows with weights ``w``."""
    table = pd.DataFrame({"y": np.asarray(y, dtype=float), "w": np.asarray(w, dtype=float)})
    return table["y"], Design(table, weight="w", strata=None, psu=None)


def test_doctests_pass():
    result = doctest.testmod(sptools.poverty, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0


# --- golden values computed by hand -------------------------------------------------------------


def test_fgt_by_hand():
    y, z = [50, 100, 150, 200, 25], 100
    # poor: 50 and 25 (100 is not below the line); gaps 0.5 and 0.75
    assert fgt(y, z, 0) == pytest.approx(2 / 5)
    assert fgt(y, z, 1) == pytest.approx((0.5 + 0.75) / 5)
    assert fgt(y, z, 2) == pytest.approx((0.25 + 0.5625) / 5)
    assert [fgt(y, z, a).name for a in (0, 1, 2)] == ["P0", "P1", "P2"]


def test_fgt_weighted_by_hand():
    y, design = weighted([50, 150], [3, 1])
    assert fgt(y, 100, 1, design=design) == pytest.approx(3 * 0.5 / 4)


def test_fgt_se_of_a_mean_by_hand():
    # independent rows: SE of a proportion p is sqrt(p (1 - p) / (n - 1))
    p0 = fgt([1, 1, 3, 3, 3], 2)
    assert isinstance(p0, Estimate)
    assert p0.se == pytest.approx(np.sqrt(0.4 * 0.6 / 4))
    assert p0.degrees_of_freedom == 4


@pytest.mark.parametrize(
    ("y", "expected"), [([1, 1, 1, 1], 0.0), ([0, 0, 0, 1], 0.75), ([1, 2, 3, 4], 0.25)]
)
def test_gini_known_distributions(y, expected):
    # population formula: sum_i sum_j |y_i - y_j| / (2 n^2 mu); for 1..4 that is 20 / (2*16*2.5)
    assert gini(y) == pytest.approx(expected)


@pytest.mark.parametrize(("a", "b", "p"), [(1.0, 3.0, 0.75), (2.0, 10.0, 0.5), (0.0, 5.0, 0.9)])
def test_gini_of_two_point_distributions_is_the_closed_form(a, b, p):
    # a share p of the population has a, the rest b: G = p (1 - p) (b - a) / mu
    y, design = weighted([a, b], [p, 1 - p])
    mean = p * a + (1 - p) * b
    assert gini(y, design=design) == pytest.approx(p * (1 - p) * (b - a) / mean)


def test_gini_matches_double_sum_definition():
    rng = np.random.default_rng(3)
    y, w = rng.lognormal(0, 0.6, 200), rng.uniform(0.5, 3, 200)
    double_sum = np.sum(w[:, None] * w[None, :] * np.abs(y[:, None] - y[None, :]))
    expected = double_sum / (2 * w.sum() ** 2 * np.average(y, weights=w))
    series, design = weighted(y, w)
    assert gini(series, design=design) == pytest.approx(expected, rel=1e-12)


def test_gini_of_lognormal_is_close_to_theory():
    # Gini of a log-normal with sigma s is 2 Phi(s / sqrt 2) - 1: 0.3035 for s = 0.55
    y = np.random.default_rng(1).lognormal(0, 0.55, 400_000)
    assert gini(y) == pytest.approx(0.3035, abs=0.003)


def test_palma_by_hand():
    y = list(range(1, 11))  # total 55; bottom 40% hold 1+2+3+4 = 10, top 10% hold 10
    assert palma(y) == pytest.approx(10 / 10)
    assert palma([1] * 9 + [11]) == pytest.approx((11 / 20) / (4 / 20))


def test_palma_splits_a_unit_at_the_percentile():
    # two people, one with 1, one with 3: bottom 40% = 0.8 of the first person -> 0.8 of 4;
    # top 10% = 0.2 of the second -> 0.6 of 4
    assert palma([1, 3]) == pytest.approx(0.6 / 0.8)


def test_atkinson_by_hand():
    assert atkinson([1, 4], 1.0) == pytest.approx(1 - 2 / 2.5)
    assert atkinson([1, 4], 2.0) == pytest.approx(1 - (1 / ((1 + 0.25) / 2)) / 2.5)
    assert atkinson([1, 4], 0.0) == pytest.approx(0.0)


def test_atkinson_one_is_one_minus_geometric_over_arithmetic_mean():
    rng = np.random.default_rng(5)
    values, w = rng.lognormal(0, 0.8, 300), rng.uniform(0.2, 4, 300)
    geometric = np.exp(np.average(np.log(values), weights=w))
    y, design = weighted(values, w)
    assert atkinson(y, 1.0, design=design) == pytest.approx(
        1 - geometric / np.average(values, weights=w), rel=1e-12
    )


def test_quantile_shares_by_hand_and_sum_to_one():
    shares = quantile_shares(list(range(1, 11)))
    assert list(shares.estimates.values()) == pytest.approx(np.array([3, 7, 11, 15, 19]) / 55)
    deciles = quantile_shares([5.0] * 20, quantiles=10)
    assert list(deciles.estimates.values()) == pytest.approx([0.1] * 10)
    y = np.random.default_rng(2).lognormal(0, 1, 500)
    d = quantile_shares(y, quantiles=10).estimates
    assert sum(d.values()) == pytest.approx(1)
    assert d[10] / (d[1] + d[2] + d[3] + d[4]) == pytest.approx(palma(y))


def test_gains_by_decile_by_hand():
    before = pd.Series([100.0, 200, 300, 400], index=list("abcd"))
    after = pd.Series([400.0, 300, 220, 150], index=list("dcba"))  # same rows, shuffled
    table = gains_by_decile(before, after, groups=2).to_frame()["estimate"].unstack()
    assert table["mean_gain"].tolist() == pytest.approx([35.0, 0.0])
    assert table["gain_share"].tolist() == pytest.approx([70 / 300, 0.0])


def test_a_flat_transfer_gains_the_same_in_every_decile():
    y = pd.Series(np.random.default_rng(4).lognormal(10, 0.5, 1_000))
    gains = gains_by_decile(y, y + 1_000).to_frame()["estimate"].unstack()
    assert gains["mean_gain"].tolist() == pytest.approx([1_000.0] * 10)
    assert gains["gain_share"].is_monotonic_decreasing


# --- design: alignment, domains, standard errors --------------------------------------------------


def test_a_shuffled_weight_series_is_aligned_on_its_index():
    # the old code matched weights by position: this gave 0.0 instead of 2/3
    y = pd.Series([100.0, 200, 900, 900, 900])
    w = pd.Series([1.0, 1, 1, 0, 0]).loc[[3, 4, 0, 1, 2]]
    with pytest.warns(DeprecationWarning, match="design="):
        assert fgt(y, 250, weight=w) == pytest.approx(2 / 3)
    aligned = w.sort_index().to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for measure in (gini, palma, atkinson):
            assert measure(y, weight=w) == pytest.approx(measure(y, weight=aligned))


def test_different_index_labels_are_refused():
    y = pd.Series([1.0, 2.0], index=[0, 1])
    with (
        pytest.raises(ValueError, match="different index labels"),
        pytest.warns(DeprecationWarning),
    ):
        gini(y, weight=pd.Series([1.0, 1.0], index=[5, 6]))
    design = Design(pd.DataFrame({"w": [1.0, 2.0]}), "w", None, None)
    with pytest.raises(ValueError, match="not in the design"):
        fgt(pd.Series([1.0], index=[7]), 2, design=design)
    with pytest.raises(ValueError, match="numpy array of 3"):
        fgt(np.array([1.0, 2.0, 3.0]), 2, design=design)
    with pytest.raises(ValueError, match="different index labels"):
        gains_by_decile(y, pd.Series([1.0, 2.0], index=[3, 4]))


def survey(n_strata: int = 6, psu_per_stratum: int = 5, rows: int = 8, seed: int = 0):
    """A small stratified two-stage sample with clustered welfare."""
    rng = np.random.default_rng(seed)
    n = n_strata * psu_per_stratum * rows
    psu = np.repeat(np.arange(n_strata * psu_per_stratum), rows)
    level = rng.normal(0, 0.4, n_strata * psu_per_stratum)[psu]
    table = pd.DataFrame(
        {
            "y": np.exp(10 + level + rng.normal(0, 0.6, n)),
            "weight": rng.uniform(50, 150, n_strata * psu_per_stratum)[psu],
            "stratum": psu // psu_per_stratum,
            "psu": psu,
            "group": rng.integers(0, 3, n),
        },
        index=pd.Index(rng.permutation(n) + 1000, name="person"),
    )
    return table, Design(table)


MEASURES = {
    "P1": lambda y, d: fgt(y, 22_000.0, 1, design=d),
    "Gini": lambda y, d: gini(y, design=d),
    "Palma": lambda y, d: palma(y, design=d),
    "Atkinson(1)": lambda y, d: atkinson(y, 1.0, design=d),
    "Atkinson(2)": lambda y, d: atkinson(y, 2.0, design=d),
    "Q1 share": lambda y, d: quantile_shares(y, design=d)[1],
}


@pytest.mark.parametrize("name", MEASURES)
def test_shuffling_the_rows_changes_nothing(name):
    table, design = survey()
    measure = MEASURES[name]
    shuffled = table["y"].sample(frac=1, random_state=1)
    original, reordered = measure(table["y"], design), measure(shuffled, design)
    assert reordered == pytest.approx(original, rel=1e-12)
    if name != "Q1 share":
        assert reordered.se == pytest.approx(original.se, rel=1e-9)


def test_a_subset_is_the_domain_estimate_of_the_by_group_mean():
    table, design = survey()
    line = 20_000.0
    poor = (table["y"] < line).astype(float)
    by_group = design.mean(poor, by="group")
    for group in (0, 1, 2):
        subset = table.loc[table["group"] == group, "y"]
        headcount = fgt(subset, line, design=design)
        assert headcount == pytest.approx(by_group[group], rel=1e-12)
        assert headcount.se == pytest.approx(by_group.se[group], rel=1e-12)
        assert headcount.degrees_of_freedom == design.df


def numeric_se(estimator, table: pd.DataFrame, design: Design) -> float:
    """Linearised SE from finite-difference weight derivatives (Demnati & Rao 2004)."""
    weights = table["weight"].to_numpy()
    derivative = np.empty(len(table))
    for k in range(len(table)):
        step = 1e-6 * weights[k]
        values = []
        for sign in (1, -1):
            bumped = table.assign(weight=weights + sign * step * (np.arange(len(table)) == k))
            values.append(float(estimator(bumped["y"], Design(bumped))))
        derivative[k] = (values[0] - values[1]) / (2 * step)
    arrays = design.rows(table)
    return float(np.sqrt(arrays.covariance(arrays.totals(derivative))[0, 0]))


@pytest.mark.parametrize("name", MEASURES)
def test_linearised_se_equals_the_finite_difference_linearisation(name):
    table, design = survey(n_strata=3, psu_per_stratum=4, rows=5)
    estimator = MEASURES[name]
    analytic = estimator(table["y"], design)
    se = analytic.se if name != "Q1 share" else quantile_shares(table["y"], design=design).se[1]
    assert se == pytest.approx(numeric_se(estimator, table, design), rel=1e-4)


@pytest.mark.parametrize("name", ["Gini", "Palma", "Atkinson(1)"])
def test_linearised_se_agrees_with_a_brute_force_rao_wu_bootstrap(name):
    from sptools.survey import bootstrap_factors

    table, design = survey(n_strata=10, psu_per_stratum=6, rows=10, seed=3)
    estimator = MEASURES[name]
    arrays = design.rows(table)
    factors = bootstrap_factors(arrays, replicates=600, seed=11)
    replicates = [
        float(estimator(table["y"], Design(table.assign(weight=table["weight"] * f[arrays.psu]))))
        for f in factors
    ]
    bootstrap_se = np.std(replicates, ddof=1)
    assert estimator(table["y"], design).se == pytest.approx(bootstrap_se, rel=0.15)


def test_cross_check_with_svy():
    """Gini's SE is the SE of the total of the Langel-Tille variable, computed here by brute
    force (O(n^2), unsorted), as svy (which reproduces R survey) estimates it; FGT by domain
    equals svy's domain mean."""
    svy = pytest.importorskip("svy")
    pl = pytest.importorskip("polars")
    table, design = survey(n_strata=5, psu_per_stratum=4, rows=6, seed=7)
    y, w = table["y"].to_numpy(), table["weight"].to_numpy()
    total_weight, total = w.sum(), np.sum(w * y)
    value = gini(table["y"], design=design)
    spread = np.abs(y[:, None] - y[None, :]) @ w  # sum_j w_j |y_k - y_j|
    linearised = (spread - value * (total + total_weight * y)) / (total_weight * total)
    frame = table.assign(z=linearised, poor=(table["y"] < 20_000.0).astype(float))
    sample = svy.Sample(
        pl.from_pandas(frame.reset_index(drop=True)),
        svy.Design(stratum="stratum", psu="psu", wgt="weight"),
    )
    svy_total = sample.estimation.total("z").to_polars().to_dicts()[0]
    assert svy_total["est"] == pytest.approx(0.0, abs=1e-12)
    assert value.se == pytest.approx(svy_total["se"], rel=1e-8)
    by_group = sample.estimation.mean("poor", by="group").to_polars().to_pandas()
    for group, est, se in by_group[["group", "est", "se"]].itertuples(index=False):
        headcount = fgt(table.loc[table["group"] == group, "y"], 20_000.0, design=design)
        assert headcount == pytest.approx(est, rel=1e-10)
        assert headcount.se == pytest.approx(se, rel=1e-8)


def test_missing_welfare_is_refused_or_dropped_and_reported():
    y = pd.Series([10.0, np.nan, 30.0, 40.0], name="consumption_pc")
    with pytest.raises(ValueError, match="1 missing values.*missing='drop'"):
        gini(y)
    dropped = gini(y, missing="drop")
    assert dropped == pytest.approx(gini([10.0, 30.0, 40.0]))
    assert dropped.exclusions.n_excluded == 1
    assert dropped.exclusions.by_column == {"consumption_pc": 1}
    assert fgt(y, 35, missing="drop") == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="missing must be one of"):
        fgt(y, 35, missing="ignore")


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(incomes, counts)
def test_weights_are_replication(y, k):
    n = min(len(y), len(k))
    y, k = np.array(y[:n]), np.array(k[:n])
    repeated = np.repeat(y, k)
    series, design = weighted(y, k)
    assert gini(series, design=design) == pytest.approx(gini(repeated), abs=1e-9)
    assert fgt(series, 1e5, 1, design=design) == pytest.approx(fgt(repeated, 1e5, 1), abs=1e-12)
    assert atkinson(series, 1.5, design=design) == pytest.approx(atkinson(repeated, 1.5), abs=1e-9)
    assert palma(series, design=design) == pytest.approx(palma(repeated), rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(incomes, st.floats(min_value=0.1, max_value=1e4))
def test_scale_invariance_and_bounds(y, factor):
    y = np.array(y)
    assert 0 <= gini(y) < 1
    assert gini(y * factor) == pytest.approx(gini(y), abs=1e-9)
    assert 0 <= atkinson(y, 0.5) <= 1
    assert fgt(y, 500, 2) <= fgt(y, 500, 1) <= fgt(y, 500, 0) <= 1


@settings(max_examples=40, deadline=None)
@given(incomes)
def test_transfer_from_rich_to_poor_lowers_gini(y):
    y = np.sort(np.array(y))
    if y[-1] - y[0] < 1:
        return
    moved = y.copy()
    moved[0] += 0.25 * (y[-1] - y[0])
    moved[-1] -= 0.25 * (y[-1] - y[0])
    assert gini(moved) < gini(y)


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: fgt([100.0, 300.0], "250"), TypeError, "poverty line z must be a number.*'250'"),
        (lambda: fgt([1, 2], 0), ValueError, "poverty line z must be a positive number"),
        (lambda: fgt([1, 2], float("nan")), ValueError, "positive number"),
        (lambda: fgt([1, 2], 1, alpha=-1), ValueError, "alpha must be a non-negative"),
        (lambda: gini([1.0, np.inf]), ValueError, "1 infinite values"),
        (lambda: gini([1.0, -1.0]), ValueError, "1 negative values"),
        (lambda: fgt([1.0, -5.0], 2), ValueError, "negative"),
        (lambda: gini(["a", "b"]), TypeError, "must hold numbers"),
        (lambda: gini(pd.Series(["a", "b"])), TypeError, "y must be numeric"),
        (lambda: atkinson([0.0, 1.0], 1.0), ValueError, "strictly positive"),
        (lambda: atkinson([1.0, 2.0], -1), ValueError, "epsilon must be a non-negative"),
        (lambda: palma([]), ValueError, "non-empty"),
        (lambda: gini([0, 0]), ValueError, "zero"),
        (lambda: palma([0, 0, 0, 0, 0, 1]), ValueError, "poorest 40% hold no welfare"),
        (lambda: quantile_shares([1, 2], quantiles=1), ValueError, "quantiles must be"),
        (lambda: gains_by_decile([1, 2], [1, 2, 3]), ValueError, "after has 3 values"),
    ],
)
def test_bad_input_raises_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_bad_weights_follow_the_one_weight_rule():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(ValueError, match="finite and >= 0"):
            fgt([1, 2], 1, weight=[1, -1])
        with pytest.raises(ValueError, match="finite and >= 0"):
            gini([1, 2], weight=[1, np.nan])
        with pytest.raises(ValueError, match="sums to zero"):
            palma([1, 2], weight=[0, 0])
        with pytest.raises(ValueError, match="weight has 1 values but y has 2"):
            fgt([1, 2], 1, weight=[1])
    with pytest.raises(TypeError, match="not both"):
        gini([1, 2], [1, 1], design=weighted([1, 2], [1, 1])[1])


def test_the_deprecated_weight_still_works_positionally():
    y, w = [50.0, 150.0, 300.0], [3.0, 1.0, 2.0]
    series, design = weighted(y, w)
    with pytest.warns(DeprecationWarning, match="design="):
        assert fgt(y, 100, 1, w) == pytest.approx(fgt(series, 100, 1, design=design))
    with pytest.warns(DeprecationWarning):
        assert gini(y, w) == pytest.approx(gini(series, design=design))
    with pytest.warns(DeprecationWarning):
        assert palma(y, w) == pytest.approx(palma(series, design=design))
    with pytest.warns(DeprecationWarning):
        assert atkinson(y, 0.5, w) == pytest.approx(atkinson(series, 0.5, design=design))


# --- SortedWelfare: one sort for the Gini and Palma of many domains ------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sorted_welfare_domains_equal_the_direct_estimates_exactly(seed):
    table, design = survey(seed=seed)
    rng = np.random.default_rng(seed)
    # ties across and within groups: the stable order must be the direct calls' order
    table["y"] = np.where(rng.random(len(table)) < 0.3, np.round(table["y"], -4), table["y"])
    table["region"] = rng.choice(["north", "south", "east"], len(table))
    y = table["y"]
    ranked = SortedWelfare(y, design=design)
    domains = {"all": np.ones(len(table), dtype=bool)}
    domains |= {f"group {g}": (table["group"] == g).to_numpy() for g in range(3)}
    domains |= {r: (table["region"] == r).to_numpy() for r in ("north", "south", "east")}
    for name, mask in domains.items():
        domain = ranked.domain(mask)
        for fast, direct in (
            (domain.gini(), gini(y[mask], design=design)),
            (domain.palma(), palma(y[mask], design=design)),
        ):
            assert float(fast) == float(direct), name
            assert fast.se == direct.se, name
            assert fast.n == direct.n == mask.sum()
            assert fast.ci() == direct.ci()
    # a domain of a domain, and a mask given as a Series in another row order
    north_group_1 = (table["region"] == "north") & (table["group"] == 1)
    nested = ranked.domain(domains["north"]).domain(north_group_1.sample(frac=1, random_state=1))
    assert float(nested.gini()) == float(gini(y[north_group_1], design=design))
    assert nested.palma().se == palma(y[north_group_1], design=design).se


def test_sorted_welfare_refuses_bad_masks_and_undefined_domains():
    y = pd.Series([0.0, 0.0, 1.0, 2.0])
    ranked = SortedWelfare(y)
    with pytest.raises(ValueError, match="one boolean per row of y"):
        ranked.domain(np.array([1, 0, 1, 0]))
    with pytest.raises(ValueError, match="one boolean per row of y"):
        ranked.domain(np.array([True, False]))
    with pytest.raises(ValueError, match="the domain has no rows"):
        ranked.domain(np.zeros(4, dtype=bool))
    with pytest.raises(ValueError, match="weighted total of y is zero"):
        ranked.domain(np.array([True, True, False, False])).gini()
    with pytest.raises(ValueError, match="missing values"):
        SortedWelfare(pd.Series([1.0, np.nan]))
