"""Golden, property and edge-case tests of sptools.poverty (METHODS.md section 4)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sptools.poverty import atkinson, fgt, gini, palma

incomes = st.lists(
    st.floats(min_value=0.01, max_value=1e6, allow_nan=False), min_size=1, max_size=30
)
counts = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=30)


# --- golden values computed by hand -------------------------------------------------------------


def test_fgt_by_hand():
    y, z = [50, 100, 150, 200, 25], 100
    # poor: 50 and 25 (100 is not below the line); gaps 0.5 and 0.75
    assert fgt(y, z, 0) == pytest.approx(2 / 5)
    assert fgt(y, z, 1) == pytest.approx((0.5 + 0.75) / 5)
    assert fgt(y, z, 2) == pytest.approx((0.25 + 0.5625) / 5)


def test_fgt_weighted_by_hand():
    assert fgt([50, 150], 100, 1, weight=[3, 1]) == pytest.approx(3 * 0.5 / 4)


@pytest.mark.parametrize(
    ("y", "expected"), [([1, 1, 1, 1], 0.0), ([0, 0, 0, 1], 0.75), ([1, 2, 3, 4], 0.25)]
)
def test_gini_known_distributions(y, expected):
    # population formula: sum_i sum_j |y_i - y_j| / (2 n^2 mu); for 1..4 that is 20 / (2*16*2.5)
    assert gini(y) == pytest.approx(expected)


def test_gini_matches_double_sum_definition():
    rng = np.random.default_rng(3)
    y, w = rng.lognormal(0, 0.6, 200), rng.uniform(0.5, 3, 200)
    double_sum = np.sum(w[:, None] * w[None, :] * np.abs(y[:, None] - y[None, :]))
    expected = double_sum / (2 * w.sum() ** 2 * np.average(y, weights=w))
    assert gini(y, w) == pytest.approx(expected, rel=1e-12)


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


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(incomes, counts)
def test_weights_are_replication(y, k):
    n = min(len(y), len(k))
    y, k = np.array(y[:n]), np.array(k[:n])
    repeated = np.repeat(y, k)
    assert gini(y, k) == pytest.approx(gini(repeated), abs=1e-9)
    assert fgt(y, 1e5, 1, k) == pytest.approx(fgt(repeated, 1e5, 1), abs=1e-12)
    assert atkinson(y, 1.5, k) == pytest.approx(atkinson(repeated, 1.5), abs=1e-9)
    assert palma(y, k) == pytest.approx(palma(repeated), rel=1e-9)


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


def test_bad_input_raises_clear_errors():
    with pytest.raises(ValueError, match="missing or infinite"):
        gini([1.0, np.nan])
    with pytest.raises(ValueError, match="negative"):
        gini([1.0, -1.0])
    with pytest.raises(ValueError, match="one weight per value"):
        fgt([1, 2], 1, weight=[1])
    with pytest.raises(ValueError, match="non-negative"):
        fgt([1, 2], 1, weight=[1, -1])
    with pytest.raises(ValueError, match="poverty line"):
        fgt([1, 2], 0)
    with pytest.raises(ValueError, match="strictly positive"):
        atkinson([0.0, 1.0], 1.0)
    with pytest.raises(ValueError, match="non-empty"):
        palma([])
    with pytest.raises(ValueError, match="zero"):
        gini([0, 0])
