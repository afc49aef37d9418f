"""sptools.lnob on a survey design: design-based standard errors, domains, strict inputs, rpart's
minimum leaf and exact subset splits when the minimum leaf binds."""

from __future__ import annotations

import pickle
import warnings
from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from sptools import Design
from sptools.lnob import (
    MAX_CIRCUMSTANCES,
    access_by_group,
    d_index,
    hoi,
    lnob_tree,
    shapley_d,
    shapley_table,
)
from sptools.lnob.dissimilarity import dissimilarity
from sptools.lnob.splits import best_split, sum_of_squares
from sptools.lnob.variance import variances
from sptools.survey import SurveyDesign

CIRCUMSTANCES = ["a", "b"]


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    """A stratified cluster sample: 10 strata, 8 PSUs each, 3,000 rows with unequal weights."""
    rng = np.random.default_rng(3)
    n = 3000
    data = pd.DataFrame(
        {"a": rng.integers(0, 3, n), "b": rng.integers(0, 2, n), "stratum": rng.integers(0, 10, n)}
    )
    data["psu"] = data["stratum"] * 100 + rng.integers(0, 8, n)
    data["weight"] = rng.uniform(0.5, 3, n)
    data["y"] = (rng.random(n) < 0.3 + 0.15 * data["a"] + 0.1 * data["b"]).astype(int)
    return data


@pytest.fixture(scope="module")
def design(survey: pd.DataFrame) -> Design:
    return Design(survey)


def numerical_se(survey: pd.DataFrame, statistic) -> float:
    """SE from influence values w_i dT/dw_i obtained by finite differences of the weights."""
    arrays = SurveyDesign.from_frame(survey, weight="weight", strata="stratum", psu="psu")
    w = survey["weight"].to_numpy()
    base, step = statistic(w), 1e-6
    influence = np.empty(len(w))
    for i in range(len(w)):
        shifted = w.copy()
        shifted[i] += step
        influence[i] = (statistic(shifted) - base) / step * w[i]
    totals = np.bincount(arrays.psu, weights=influence, minlength=arrays.n_psu)[:, None]
    return float(np.sqrt(arrays.covariance(totals)[0, 0]))


def group_sums(survey: pd.DataFrame, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    group = survey["a"].to_numpy() * 2 + survey["b"].to_numpy()
    return np.bincount(group, weights=w), np.bincount(group, weights=w * survey["y"].to_numpy())


def test_linearised_se_of_d_and_hoi_equal_the_numerical_influence(survey, design) -> None:
    def d_of(w):
        return dissimilarity(*group_sums(survey, w))

    def hoi_of(w):
        weight, outcome = group_sums(survey, w)
        return outcome.sum() / weight.sum() * (1 - dissimilarity(weight, outcome))

    d = d_index(survey, "y", CIRCUMSTANCES, design=design)
    assert d.se == pytest.approx(numerical_se(survey, d_of), rel=1e-4)
    assert hoi(survey, "y", CIRCUMSTANCES, design=design).se == pytest.approx(
        numerical_se(survey, hoi_of), rel=1e-4
    )
    assert d.degrees_of_freedom == design.df == 70
    low, high = d.ci()
    assert low < d < high


def test_bootstrap_agrees_with_the_linearisation_and_states_its_settings(survey, design) -> None:
    linear = d_index(survey, "y", CIRCUMSTANCES, design=design)
    boot = d_index(survey, "y", CIRCUMSTANCES, design=design, variance="bootstrap", replicates=400)
    assert float(boot) == float(linear)
    assert boot.se == pytest.approx(linear.se, rel=0.2)
    assert "400 replicates, seed 2025" in boot.method and "Rao-Wu" in boot.method
    again = d_index(survey, "y", CIRCUMSTANCES, design=design, variance="bootstrap", replicates=400)
    assert again.se == boot.se  # the seed makes it reproducible
    other = d_index(
        survey, "y", CIRCUMSTANCES, design=design, variance="bootstrap", replicates=400, seed=1
    )
    assert other.se != boot.se
    with pytest.raises(ValueError, match="'linearised' or 'bootstrap', got 'jackknife'"):
        d_index(survey, "y", CIRCUMSTANCES, design=design, variance="jackknife")
    with pytest.raises(ValueError, match="replicates must be a whole number >= 2, got 1"):
        d_index(survey, "y", CIRCUMSTANCES, design=design, variance="bootstrap", replicates=1)


def test_d_is_reported_against_its_maximum(survey, design) -> None:
    d = d_index(survey, "y", CIRCUMSTANCES, design=design)
    rate = np.average(survey["y"], weights=survey["weight"])
    assert d.d_max == pytest.approx(1 - rate) and d <= d.d_max
    assert d.share_of_max == pytest.approx(d / (1 - rate))
    assert d.share_of_max.se > 0
    # the bound is reached when every group has a rate of 0 or 1
    extreme = survey.assign(y=(survey["a"] == 2).astype(int))
    d_extreme = d_index(extreme, "y", ["a"], design=design)
    assert float(d_extreme) == pytest.approx(
        d_extreme.d_max
    ) and d_extreme.share_of_max == pytest.approx(1.0)
    assert pickle.loads(pickle.dumps(d)).share_of_max == d.share_of_max


def test_group_rates_are_domain_means_of_the_design(survey, design) -> None:
    groups = access_by_group(survey, "y", ["a"], design=design)
    expected = design.mean("y", by="a").to_frame()
    assert groups["rate"].tolist() == pytest.approx(expected["estimate"].tolist(), rel=1e-12)
    assert groups["se"].tolist() == pytest.approx(expected["se"].tolist(), rel=1e-10)
    assert (groups["ci_low"] < groups["rate"]).all() and (groups["rate"] < groups["ci_high"]).all()


def test_leaf_rates_carry_the_domain_se(survey, design) -> None:
    tree = lnob_tree(survey, "y", ["a"], design=design, min_leaf=100)
    by_level = design.mean("y", by="a").to_frame()
    for _, leaf in tree.leaves.iterrows():
        (level,) = leaf["conditions"]["a"] if len(leaf["conditions"]["a"]) == 1 else (None,)
        if level is not None:
            assert leaf["se"] == pytest.approx(by_level.loc[level, "se"], rel=1e-10)
    assert tree.nodes.loc[0, "se"] == pytest.approx(design.mean("y").se["y"], rel=1e-10)
    assert tree.df == 70


def test_a_subset_of_the_rows_is_a_domain_of_the_full_design(survey, design) -> None:
    rural = survey[survey["b"] == 0]
    d = d_index(rural, "y", ["a"], design=design)
    assert d.degrees_of_freedom == design.df  # every stratum and PSU stays in the variance
    alone = d_index(rural, "y", ["a"], design=Design(rural))
    assert float(d) == pytest.approx(float(alone), rel=1e-12)
    with pytest.raises(ValueError, match="not in the design"):
        d_index(rural.set_axis(rural.index + 10_000), "y", ["a"], design=design)


def test_shapley_table_adds_up_and_matches_shapley_d(survey, design) -> None:
    table = shapley_table(survey, "y", CIRCUMSTANCES, design=design)
    contributions = shapley_d(survey, "y", CIRCUMSTANCES, design=design)
    pd.testing.assert_series_equal(table.contributions, contributions, check_exact=False)
    assert table.shares.sum() == pytest.approx(1.0)
    assert float(table.d) == pytest.approx(contributions.sum())
    frame = table.to_frame()
    assert list(frame.columns) == ["estimate", "se", "ci_low", "ci_high", "n"]
    assert frame.index.names == ["measure", "circumstance"]
    assert (frame["se"] > 0).all()
    # the two shares are 1 - each other: the same standard error
    assert frame.loc[("share", "a"), "se"] == pytest.approx(frame.loc[("share", "b"), "se"])

    def contribution_a(w):
        weight, outcome = group_sums(survey, w)
        group = survey["a"].to_numpy()
        d_a = dissimilarity(
            np.bincount(group, weights=w), np.bincount(group, weights=w * survey["y"])
        )
        group = survey["b"].to_numpy()
        d_b = dissimilarity(
            np.bincount(group, weights=w), np.bincount(group, weights=w * survey["y"])
        )
        return (dissimilarity(weight, outcome) + d_a - d_b) / 2

    assert frame.loc[("contribution", "a"), "se"] == pytest.approx(
        numerical_se(survey, contribution_a), rel=1e-4
    )


@pytest.mark.parametrize("lonely", [False, True])
@pytest.mark.parametrize("fpc", [False, True])
def test_sparse_variances_equal_the_covariance_diagonal(lonely: bool, fpc: bool) -> None:
    rng = np.random.default_rng(1)
    strata = np.array([0, 0, 0, 1, 1, 2] if lonely else [0, 0, 0, 1, 1, 2, 2])
    design = SurveyDesign(
        weight=np.ones(len(strata)),
        psu=np.arange(len(strata)),
        psu_stratum=strata,
        stratum_fraction=np.array([0.1, 0.2, 0.3]) if fpc else None,
    )
    totals = rng.normal(size=(len(strata), 4)) * (rng.random((len(strata), 4)) < 0.6)
    from scipy import sparse

    assert variances(design, sparse.csr_matrix(totals)) == pytest.approx(
        np.diag(design.covariance(totals)), rel=1e-12
    )


def test_deprecated_weight_still_works_and_warns_once(survey) -> None:
    with pytest.warns(
        DeprecationWarning, match=r"d_index\(\.\.\., weight='weight'\) is deprecated"
    ):
        old = d_index(survey, "y", CIRCUMSTANCES, "weight")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lnob_tree(survey, "y", CIRCUMSTANCES, weight="weight")
    assert sum(issubclass(w.category, DeprecationWarning) for w in caught) == 1
    new = d_index(
        survey, "y", CIRCUMSTANCES, design=Design(survey, weight="weight", strata=None, psu=None)
    )
    assert float(old) == float(new) and old.se == new.se
    with pytest.raises(ValueError, match="both weight='weight' and design="):
        d_index(survey, "y", CIRCUMSTANCES, "weight", design=Design(survey))


@pytest.mark.parametrize("function", [d_index, hoi, shapley_d, lnob_tree])
@pytest.mark.parametrize("value", ["no", "False", 0, 1, None])
def test_barrier_must_be_a_real_boolean(function, value, survey) -> None:
    with pytest.raises(TypeError, match=rf"barrier must be True or False, got .*{value!r}"):
        function(survey, "y", CIRCUMSTANCES, barrier=value)


def test_too_many_circumstances_for_shapley_are_refused() -> None:
    data = pd.DataFrame({f"c{i}": [0, 1, 1, 0] for i in range(MAX_CIRCUMSTANCES + 1)})
    data["y"] = [0, 1, 1, 1]
    names = [f"c{i}" for i in range(MAX_CIRCUMSTANCES + 1)]
    for function in (shapley_d, shapley_table):
        with pytest.raises(ValueError, match=r"2 \*\* 13 = 8,192 subsets.*at most 12.*Group"):
            function(data, "y", names)


def test_a_tree_of_a_single_row_says_so(survey) -> None:
    with pytest.raises(ValueError, match="needs at least 2 rows .* got 1"):
        lnob_tree(survey.iloc[:1], "y", CIRCUMSTANCES)


def test_minimum_leaf_follows_rpart_truncation() -> None:
    """ESCAP passes minbucket = n / 11 = 181.8 for n = 2,000; rpart truncates it to 181."""
    n, small = 2000, 181
    data = pd.DataFrame({"g": ["small"] * small + ["big"] * (n - small)})
    data["y"] = (data["g"] == "big").astype(int)
    tree = lnob_tree(data, "y", ["g"])
    assert tree.min_leaf == pytest.approx(n / 11) and tree.min_leaf_rows == 181
    assert tree.min_split == pytest.approx(2 * n / 11) and tree.min_split_rows == 363
    assert sorted(tree.leaves["n"]) == [small, n - small]  # a leaf of 181 rows is allowed
    smaller = pd.DataFrame({"g": ["small"] * (small - 1) + ["big"] * (n - small + 1)})
    smaller["y"] = (smaller["g"] == "big").astype(int)
    assert len(lnob_tree(smaller, "y", ["g"]).leaves) == 1
    # a node of 363 rows (truncated minsplit) may split; 362 may not
    for size, splits in ((363, True), (362, False)):
        node = pd.DataFrame({"g": ["a"] * (size // 2) + ["b"] * (size - size // 2)})
        node["y"] = (node["g"] == "b").astype(int)
        assert (len(lnob_tree(node, "y", ["g"], min_leaf=181.8).leaves) == 2) is splits


def brute_force_best(w, y, n, min_leaf) -> float:
    m, best = len(w), -np.inf
    for size in range(1, m):
        for left in combinations(range(m), size):
            left = list(left)
            if n[left].sum() < min_leaf or n.sum() - n[left].sum() < min_leaf:
                continue
            gain = sum_of_squares(w.sum(), y.sum()) - (
                sum_of_squares(w[left].sum(), y[left].sum())
                + sum_of_squares(w.sum() - w[left].sum(), y.sum() - y[left].sum())
            )
            best = max(best, float(gain))
    return best


def test_nominal_split_is_exact_when_the_minimum_leaf_binds() -> None:
    """Counts 34, 69, 46, 7 with 27, 55, 41, 1 successes and a minimum leaf of 49: no split of
    the levels sorted by rate is allowed, yet {A, C} vs {B, D} is, with a gain of 0.499."""
    counts = np.array([34.0, 69.0, 46.0, 7.0])
    successes = np.array([27.0, 55.0, 41.0, 1.0])
    split = best_split(np.arange(4), 4, False, counts, successes, counts.astype(int), 49)
    assert split is not None
    assert sorted(split.left.tolist()) == [1, 3] and sorted(split.right.tolist()) == [0, 2]
    assert round(split.gain, 3) == 0.499
    assert split.gain == pytest.approx(brute_force_best(counts, successes, counts, 49))
    rows = pd.DataFrame(
        {
            "g": np.repeat(list("ABCD"), counts.astype(int)),
            "y": np.concatenate(
                [[1] * int(s) + [0] * int(c - s) for c, s in zip(counts, successes, strict=True)]
            ),
        }
    )
    tree = lnob_tree(rows, "y", ["g"], min_leaf=49)
    assert tree.leaves["path"].tolist() == ["g: B or D", "g: A or C"]
    # rpart (and so ESCAP) scans only the levels sorted by rate: no split is allowed
    rpart = lnob_tree(rows, "y", ["g"], min_leaf=49, nominal="rpart")
    assert len(rpart.leaves) == 1 and rpart.nominal == "rpart"
    assert best_split(np.arange(4), 4, False, counts, successes, counts, 49, exact=False) is None
    with pytest.raises(ValueError, match="nominal must be 'exact' .* or 'rpart' .*got 'all'"):
        lnob_tree(rows, "y", ["g"], nominal="all")


@pytest.mark.parametrize("seed", range(30))
def test_nominal_split_equals_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m = int(rng.integers(2, 7))
    n = rng.integers(1, 60, m).astype(float)
    w = n * rng.uniform(0.5, 2, m)
    y = w * rng.random(m)
    min_leaf = int(rng.integers(1, 60))
    split = best_split(np.arange(m), m, False, w, y, n.astype(int), min_leaf)
    best = brute_force_best(w, y, n, min_leaf)
    if split is None:
        assert best == -np.inf
    else:
        assert split.gain == pytest.approx(best, rel=1e-9, abs=1e-12)


def test_compare_leaves_carries_the_standard_errors_of_both_rounds(survey, design) -> None:
    from sptools.lnob.report import compare_leaves

    tree = lnob_tree(survey, "y", ["a"], design=design, min_leaf=100)
    later = survey.assign(y=1 - survey["y"])
    followed = compare_leaves(tree, later, design=Design(later))
    assert followed["rate_other"].tolist() == pytest.approx((1 - tree.leaves["rate"]).tolist())
    assert followed["se_other"].tolist() == pytest.approx(tree.leaves["se"].tolist())
    assert followed["change_se"].tolist() == pytest.approx(
        np.hypot(followed["se"], followed["se_other"]).tolist()
    )
