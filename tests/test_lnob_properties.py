"""Property tests of the D-index, HOI and Shapley decomposition (hypothesis), each measure also
checked against a direct row-level implementation of the formulas in METHODS.md section 2."""

from __future__ import annotations

from itertools import permutations
from math import factorial

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sptools import Design
from sptools.lnob import LNOBWarning, d_index, hoi, shapley_d

pytestmark = pytest.mark.filterwarnings(f"ignore::{LNOBWarning.__module__}.{LNOBWarning.__name__}")

CIRCUMSTANCES = ["wealth", "residence", "region"]


def weighted(data: pd.DataFrame) -> Design:
    """The design of rows with a weight column only (no strata, every row its own PSU)."""
    return Design(data, weight="weight", strata=None, psu=None)


LEVELS = {
    "wealth": ["Bottom 40", "Top 60"],
    "residence": ["Rural", "Urban"],
    "region": ["N", "S", "E"],
}


@st.composite
def surveys(draw: st.DrawFn, min_rows: int = 2, max_rows: int = 40) -> pd.DataFrame:
    """Small weighted surveys with three circumstances and a 0/1 outcome that is not constant.

    Hypothesis draws the size, a seed and the skew of the weights; numpy fills in the rows
    (drawing every cell through hypothesis is too slow for a 2-core test run).
    """
    n = draw(st.integers(min_rows, max_rows))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    columns = {name: rng.choice(levels, n) for name, levels in LEVELS.items()}
    # access depends on the circumstances, so that groups differ
    propensity = rng.random() + (columns["wealth"] == "Top 60") * rng.random()
    outcome = (rng.random(n) < propensity / 2).astype(int)
    assume(0 < outcome.sum() < n)
    weight = np.exp(rng.normal(0.0, draw(st.sampled_from([0.0, 0.5, 2.0])), n))
    return pd.DataFrame(columns | {"y": outcome, "weight": weight})


def reference_d(data: pd.DataFrame, circumstances: list[str], weight: str = "weight") -> float:
    """D straight from the formula, on rows: (1 / 2p) sum_g beta_g |p_g - p|."""
    if not circumstances:
        return 0.0
    w, y = data[weight], data["y"]
    p = (w * y).sum() / w.sum()
    groups = data.assign(wy=w * y).groupby(circumstances, observed=True)[["wy", weight]].sum()
    beta = groups[weight] / w.sum()
    return float((beta * (groups["wy"] / groups[weight] - p).abs()).sum() / (2 * p))


def reference_shapley(data: pd.DataFrame, circumstances: list[str]) -> list[float]:
    """Shapley values as the average marginal contribution over all orderings."""
    d_of = {
        frozenset(order[:i]): reference_d(data, list(order[:i]))
        for order in permutations(circumstances)
        for i in range(len(order) + 1)
    }
    totals = dict.fromkeys(circumstances, 0.0)
    for order in permutations(circumstances):
        for i, name in enumerate(order):
            totals[name] += d_of[frozenset(order[: i + 1])] - d_of[frozenset(order[:i])]
    return [totals[name] / factorial(len(circumstances)) for name in circumstances]


@settings(max_examples=40, deadline=None)
@given(surveys())
def test_d_matches_the_formula_and_lies_in_0_1(data: pd.DataFrame) -> None:
    for k in (1, 2, 3):
        d = d_index(data, "y", CIRCUMSTANCES[:k], design=weighted(data))
        assert d == pytest.approx(reference_d(data, CIRCUMSTANCES[:k]), rel=1e-9, abs=1e-12)
        assert 0.0 <= d <= 1.0


@settings(max_examples=40, deadline=None)
@given(surveys())
def test_refining_groups_never_lowers_d(data: pd.DataFrame) -> None:
    d = [d_index(data, "y", CIRCUMSTANCES[:k], design=weighted(data)) for k in (1, 2, 3)]
    assert d[0] <= d[1] + 1e-12 and d[1] <= d[2] + 1e-12
    assert d_index(data, "y", ["region"], design=weighted(data)) <= d[2] + 1e-12


@settings(max_examples=40, deadline=None)
@given(surveys(max_rows=30), st.lists(st.integers(0, 1), min_size=2, max_size=6))
def test_d_is_zero_when_every_group_has_the_same_rate(
    data: pd.DataFrame, pattern: list[int]
) -> None:
    assume(0 < sum(pattern) < len(pattern))
    # Every group gets the same outcomes with the same weights, so the same rate.
    groups = data[CIRCUMSTANCES].drop_duplicates()
    block = pd.DataFrame({"y": pattern, "weight": np.arange(1.0, len(pattern) + 1)})
    equal = groups.merge(block, how="cross")
    assert d_index(equal, "y", CIRCUMSTANCES, design=weighted(equal)) == pytest.approx(
        0.0, abs=1e-12
    )
    assert hoi(equal, "y", CIRCUMSTANCES, design=weighted(equal)) == pytest.approx(
        np.average(pattern, weights=block["weight"])
    )


@settings(max_examples=25, deadline=None)
@given(surveys(max_rows=25))
def test_shapley_matches_all_orderings_and_adds_up(data: pd.DataFrame) -> None:
    contributions = shapley_d(data, "y", CIRCUMSTANCES, design=weighted(data))
    d = d_index(data, "y", CIRCUMSTANCES, design=weighted(data))
    assert contributions.tolist() == pytest.approx(
        reference_shapley(data, CIRCUMSTANCES), abs=1e-12
    )
    assert contributions.sum() == pytest.approx(d, abs=1e-12)
    assert contributions.attrs["d_index"] == pytest.approx(d, abs=1e-12)
    if d > 1e-9:
        assert contributions.div(contributions.sum()).sum() == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(surveys())
def test_hoi_is_coverage_discounted_by_d(data: pd.DataFrame) -> None:
    p = np.average(data["y"], weights=data["weight"])
    d = d_index(data, "y", CIRCUMSTANCES, design=weighted(data))
    value = hoi(data, "y", CIRCUMSTANCES, design=weighted(data))
    assert value == pytest.approx(p * (1 - d), rel=1e-12)
    assert 0.0 <= value <= p + 1e-12


@settings(max_examples=40, deadline=None)
@given(surveys(), st.floats(1e-3, 1e3))
def test_rescaling_weights_changes_nothing(data: pd.DataFrame, factor: float) -> None:
    scaled = data.assign(weight=data["weight"] * factor)
    assert d_index(scaled, "y", CIRCUMSTANCES, design=weighted(scaled)) == pytest.approx(
        d_index(data, "y", CIRCUMSTANCES, design=weighted(data)), rel=1e-9, abs=1e-12
    )
    assert shapley_d(scaled, "y", CIRCUMSTANCES, design=weighted(scaled)).tolist() == pytest.approx(
        shapley_d(data, "y", CIRCUMSTANCES, design=weighted(data)).tolist(), rel=1e-9, abs=1e-12
    )


@settings(max_examples=40, deadline=None)
@given(surveys(max_rows=20), st.integers(1, 3))
def test_an_integer_weight_equals_repeated_rows(data: pd.DataFrame, times: int) -> None:
    heavy = data.assign(weight=float(times))
    repeated = pd.concat([data] * times, ignore_index=True)
    assert d_index(heavy, "y", CIRCUMSTANCES, design=weighted(heavy)) == pytest.approx(
        d_index(repeated, "y", CIRCUMSTANCES), rel=1e-9, abs=1e-12
    )


@settings(max_examples=40, deadline=None)
@given(surveys())
def test_a_barrier_is_measured_on_its_complement(data: pd.DataFrame) -> None:
    barrier = data.assign(y=1 - data["y"])
    for measure in (d_index, hoi):
        assert measure(
            barrier, "y", CIRCUMSTANCES, design=weighted(barrier), barrier=True
        ) == pytest.approx(
            measure(data, "y", CIRCUMSTANCES, design=weighted(data)), rel=1e-9, abs=1e-12
        )
    assert shapley_d(
        barrier, "y", CIRCUMSTANCES, design=weighted(barrier), barrier=True
    ).tolist() == pytest.approx(
        shapley_d(data, "y", CIRCUMSTANCES, design=weighted(data)).tolist(), rel=1e-9, abs=1e-12
    )


@settings(max_examples=40, deadline=None)
@given(surveys(), st.permutations(CIRCUMSTANCES))
def test_the_order_of_circumstances_does_not_matter(data: pd.DataFrame, order: list[str]) -> None:
    assert d_index(data, "y", order, design=weighted(data)) == pytest.approx(
        d_index(data, "y", CIRCUMSTANCES, design=weighted(data)), rel=1e-12, abs=1e-15
    )
    reordered = shapley_d(data, "y", order, design=weighted(data))
    original = shapley_d(data, "y", CIRCUMSTANCES, design=weighted(data))
    assert reordered[CIRCUMSTANCES].tolist() == pytest.approx(
        original.tolist(), rel=1e-9, abs=1e-12
    )
