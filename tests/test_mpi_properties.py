"""Property tests (hypothesis) of the Alkire-Foster estimates."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sptools import Design
from sptools.mpi import alkire_foster, attainable_scores, k_sweep

TOL = 1e-9


@st.composite
def samples(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[str, Fraction], Fraction]:
    """Random 0/1 data, random positive integer weights normalised to one, a random k."""
    n_indicators = draw(st.integers(1, 6))
    n_rows = draw(st.integers(4, 40))
    names = [f"i{j}" for j in range(n_indicators)]
    raw = draw(st.lists(st.integers(1, 9), min_size=n_indicators, max_size=n_indicators))
    weights = {name: Fraction(r, sum(raw)) for name, r in zip(names, raw, strict=True)}
    cells = draw(
        st.lists(st.integers(0, 1), min_size=n_rows * n_indicators, max_size=n_rows * n_indicators)
    )
    data = pd.DataFrame(np.array(cells).reshape(n_rows, n_indicators), columns=names)
    data["w"] = draw(st.lists(st.floats(0.1, 10), min_size=n_rows, max_size=n_rows))
    data["g"] = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n_rows, max_size=n_rows))
    data["c"] = np.arange(n_rows) // 2
    k = draw(st.sampled_from(attainable_scores(weights)))
    return data, weights, k


@settings(max_examples=30, deadline=None)
@given(samples())
def test_m0_is_h_times_a_and_rates_in_unit_interval(sample):
    data, weights, k = sample
    result = alkire_foster(data, weights, k, design=Design(data, "w", None, None), by="g")
    assert abs(result.M0 - result.H * result.A) < TOL
    for value in (result.H, result.A, result.M0, result.vulnerable, result.severe):
        assert -TOL <= value <= 1 + TOL
    groups = result.groups
    assert np.allclose(groups["M0"], groups["H"] * groups["A"], atol=TOL)
    assert ((groups[["H", "A", "M0"]] >= -TOL) & (groups[["H", "A", "M0"]] <= 1 + TOL)).all().all()


@settings(max_examples=30, deadline=None)
@given(samples())
def test_contributions_and_subgroup_decomposition_add_up(sample):
    data, weights, k = sample
    result = alkire_foster(data, weights, k, design=Design(data, "w", None, None), by="g")
    assert abs(result.indicators["absolute_contribution"].sum() - result.M0) < TOL
    groups = result.groups
    share = groups["population_share"]
    assert abs((share * groups["M0"]).sum() - result.M0) < TOL
    assert abs((share * groups["H"]).sum() - result.H) < TOL
    if result.M0 > 0:
        assert abs(result.indicators["contribution"].sum() - 1) < TOL
        assert abs(groups["contribution"].sum() - 1) < TOL
        assert abs(result.dimensions["contribution"].sum() - 1) < TOL


@settings(max_examples=30, deadline=None)
@given(samples())
def test_h_and_m0_non_increasing_in_k(sample):
    data, weights, _ = sample
    sweep = k_sweep(data, weights, design=Design(data, "w", None, None))
    assert (np.diff(sweep["H"]) <= TOL).all()
    assert (np.diff(sweep["M0"]) <= TOL).all()
    assert (sweep["A"] >= sweep.index.map(float) - TOL)[sweep["H"] > 0].all()


@settings(max_examples=30, deadline=None)
@given(samples(), st.randoms(use_true_random=False), st.floats(0.01, 1000))
def test_invariant_to_indicator_order_and_weight_scale(sample, random, scale):
    data, weights, k = sample
    base = alkire_foster(data, weights, k, design=Design(data, "w", None, "c"))
    names = list(weights)
    random.shuffle(names)
    shuffled = data[names[::-1] + ["w", "c", "g"]].assign(w=data["w"] * scale)
    other = alkire_foster(
        shuffled,
        {name: weights[name] for name in names},
        k,
        design=Design(shuffled, "w", None, "c"),
    )
    for measure in ("H", "A", "M0", "vulnerable", "severe"):
        assert abs(getattr(base, measure) - getattr(other, measure)) < TOL
        assert abs(base.se[measure] - other.se[measure]) < 1e-7 or np.isnan(base.se[measure])
    assert np.allclose(
        base.indicators.loc[names, "censored"], other.indicators.loc[names, "censored"], atol=TOL
    )


@settings(max_examples=30, deadline=None)
@given(samples())
def test_scores_match_a_fraction_computation(sample):
    data, weights, k = sample
    result = alkire_foster(data, weights, k)
    exact = [
        sum((w for name, w in weights.items() if row[name]), Fraction(0))
        for _, row in data.iterrows()
    ]
    assert result.poor.tolist() == [score >= k for score in exact]
    assert np.allclose(result.scores, [float(s) for s in exact], atol=1e-15)
