"""MPIResult follows the result protocol; design= and its deprecated aliases; clear errors."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import sptools.mpi
import sptools.results
from sptools import Design
from sptools.mpi import MPIResult, alkire_foster, bootstrap, k_sweep
from sptools.results import Result

WEIGHTS = {"a": Fraction(1, 2), "b": Fraction(1, 2)}


def survey(seed: int = 4, n_psu: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    psu = np.repeat(np.arange(n_psu), 6)
    effect = rng.normal(0, 0.7, n_psu)[psu]
    return pd.DataFrame(
        {
            "a": (rng.normal(size=psu.size) + effect > 0.2).astype(int),
            "b": (rng.normal(size=psu.size) + effect > 0.0).astype(int),
            "w": rng.uniform(1, 3, n_psu)[psu],
            "c": psu,
            "h": psu % 3,
            "region": np.array(["East", "North", "South"])[psu % 3],
        }
    )


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return survey()


@pytest.fixture(scope="module")
def design(data) -> Design:
    return Design(data, weight="w", strata="h", psu="c")


# --- the result protocol ---------------------------------------------------------------------


def test_mpi_result_is_a_result_with_the_contract_attributes(data, design):
    result = alkire_foster(data, WEIGHTS, 1, design=design)
    assert isinstance(result, Result) and isinstance(result, MPIResult)
    assert set(result.se) == {"H", "A", "M0", "vulnerable", "severe"}
    assert result.estimates["M0"] == result.M0 == pytest.approx(result.H * result.A)
    for name in ("H", "A", "M0", "vulnerable", "severe"):
        assert isinstance(getattr(result, name), float)
    assert isinstance(result.scores, pd.Series) and len(result.scores) == len(data)
    assert result.df == design.df


def test_ci_is_the_protocol_method_at_any_level(data, design):
    result = alkire_foster(data, WEIGHTS, 1, design=design)
    wide, narrow = result.ci(0.99)["M0"], result.ci(0.90)["M0"]
    assert wide[0] < narrow[0] < result.M0 < narrow[1] < wide[1]
    frame = result.to_frame(0.90)
    assert list(frame.columns) == ["estimate", "se", "ci_low", "ci_high", "n"]
    assert list(frame.index) == ["H", "A", "M0", "vulnerable", "severe"]
    assert frame.loc["M0", "ci_low"] == pytest.approx(narrow[0])


def test_to_frame_has_one_row_per_group_and_measure(data, design):
    result = alkire_foster(data, WEIGHTS, 1, design=design, by="region")
    frame = result.to_frame()
    assert frame.index.names == ["region", "measure"]
    assert len(frame) == 5 * (1 + 3)
    assert frame.loc[("national", "H"), "estimate"] == result.H
    assert frame.loc[("North", "M0"), "estimate"] == result.groups.loc["North", "M0"]
    assert frame.loc[("North", "M0"), "se"] == result.groups.loc["North", "M0_se"]
    assert frame.loc[("North", "M0"), "n"] == result.groups.loc["North", "n"]


def test_repr_is_short_and_html_repr_exists(data, design):
    result = alkire_foster(data, WEIGHTS, 1, design=design, by="region")
    text = repr(result)
    assert len(text.splitlines()) < 15
    assert "k = 1" in text and "3 groups by region" in text
    assert len(text) < 1200
    assert "<table" in result._repr_html_()


def test_exclusions_are_the_package_class_and_shown(data, design):
    assert sptools.mpi.Exclusions is sptools.results.Exclusions
    holes = data.assign(a=data["a"].astype(float).mask(data.index % 10 == 0))
    result = alkire_foster(holes, WEIGHTS, 1, design=design, missing="drop")
    assert isinstance(result.exclusions, sptools.results.Exclusions)
    assert result.exclusions.n_excluded == (data.index % 10 == 0).sum()
    assert result.exclusions.by_column == {"a": result.exclusions.n_excluded}
    assert result.excluded is result.exclusions
    assert f"{result.exclusions.n_excluded} of {len(data)} rows excluded" in repr(result)


# --- design= and the deprecated aliases ------------------------------------------------------


def test_deprecated_aliases_warn_once_and_give_the_same_result(data, design):
    with pytest.warns(DeprecationWarning, match=r"design=Design\(data") as caught:
        legacy = alkire_foster(data, WEIGHTS, 1, sample_weight="w", strata="h", psu="c")
    assert len([w for w in caught if w.category is DeprecationWarning]) == 1
    current = alkire_foster(data, WEIGHTS, 1, design=design)
    assert legacy.to_frame().equals(current.to_frame())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        alkire_foster(data, WEIGHTS, 1, design=design)


def test_design_and_aliases_together_are_refused(data, design):
    with pytest.raises(TypeError, match="design= and"):
        alkire_foster(data, WEIGHTS, 1, design=design, psu="c")


def test_a_subset_is_a_domain_of_the_full_design(data, design):
    by_region = alkire_foster(data, WEIGHTS, 1, design=design, by="region")
    north = alkire_foster(data[data["region"] == "North"], WEIGHTS, 1, design=design)
    assert north.H == pytest.approx(by_region.groups.loc["North", "H"])
    assert north.se["M0"] == pytest.approx(by_region.groups.loc["North", "M0_se"], rel=1e-12)
    assert north.df == design.df


def test_rows_unknown_to_the_design_are_refused(data, design):
    with pytest.raises(ValueError, match="not in the design"):
        alkire_foster(data.set_axis(data.index + 10_000), WEIGHTS, 1, design=design)


# --- groups resting on one PSU or one person --------------------------------------------------


def test_a_group_in_a_single_psu_gets_nan_se_and_a_note(data, design):
    lonely = data.assign(region=np.where(data["c"] == 0, "Island", data["region"]))
    result = alkire_foster(lonely, WEIGHTS, 1, design=design, by="region")
    assert np.isnan(result.groups.loc["Island", ["H_se", "M0_se", "H_ci_low"]]).all()
    assert not np.isnan(result.groups.loc["North", "H_se"])
    assert "Island" in repr(result) and "single PSU" in repr(result)
    frame = result.to_frame()
    assert np.isnan(frame.loc[("Island", "H"), "ci_high"])


def test_one_person_without_a_design_gets_nan_se():
    data = pd.DataFrame({"a": [1, 0, 1, 0, 1], "g": ["x", "y", "y", "y", "y"]})
    result = alkire_foster(data, {"a": 1}, 1, by="g")
    assert np.isnan(result.groups.loc["x", "H_se"])
    assert result.groups.loc["x", "H"] == 1.0
    assert result.groups.loc["y", "H_se"] > 0


# --- the number of poor --------------------------------------------------------------------------


def test_n_poor_applies_h_to_the_whole_population_including_exclusions(data, design):
    holes = data.assign(a=data["a"].astype(float).mask(data.index % 7 == 0))
    result = alkire_foster(holes, WEIGHTS, 1, design=design, missing="drop")
    whole = data["w"].sum()
    assert result.population < whole
    assert result.represented_population == pytest.approx(whole)
    count = result.n_poor()
    assert float(count) == pytest.approx(result.H * whole)
    assert count.se == pytest.approx(result.se["H"] * whole)
    assert float(result.n_poor(1_000)) == pytest.approx(1_000 * result.H)
    with pytest.raises(ValueError, match="population must be"):
        result.n_poor(-1)


def test_n_poor_adds_back_the_persons_global_mpi_dropped(data, design):
    complete = data.iloc[10:].copy()
    complete.attrs["retained"] = {
        "n": len(complete),
        "of": len(data),
        "share": len(complete) / len(data),
        "weighted_share": complete["w"].sum() / data["w"].sum(),
    }
    result = alkire_foster(complete, WEIGHTS, 1, design=design)
    assert result.represented_population == pytest.approx(data["w"].sum())
    subset = complete.iloc[5:]  # a further subset: attrs no longer describe its rows
    assert alkire_foster(subset, WEIGHTS, 1, design=design).represented_population == (
        pytest.approx(subset["w"].sum())
    )


# --- clear errors ------------------------------------------------------------------------------


def test_duplicated_column_names_are_refused():
    data = pd.DataFrame([[1, 0, 1], [0, 0, 1]], columns=["a", "a", "b"])
    with pytest.raises(ValueError, match=r"duplicated column names: 'a' \(2 times\)"):
        alkire_foster(data, {"a": 0.5, "b": 0.5}, 0.5)


def test_an_empty_list_of_cutoffs_is_refused(data):
    with pytest.raises(ValueError, match="ks is empty"):
        k_sweep(data, WEIGHTS, [])
    with pytest.raises(TypeError, match="ks must be a list"):
        k_sweep(data, WEIGHTS, "1/3")


@pytest.mark.parametrize(
    ("replicates", "error", "match"),
    [(2.5, TypeError, "whole number.*2.5"), (1, ValueError, "at least 2"), (True, TypeError, "")],
)
def test_bootstrap_replicates_must_be_a_whole_number(data, design, replicates, error, match):
    with pytest.raises(error, match=match):
        bootstrap(data, WEIGHTS, 1, design=design, replicates=replicates)


def test_a_sparse_psu_by_profile_table_gives_the_same_estimates(data, design, monkeypatch):
    dense = alkire_foster(data, WEIGHTS, 1, design=design, by="region")
    monkeypatch.setattr("sptools.mpi.sample.MAX_CELLS", 10)
    sparse = alkire_foster(data, WEIGHTS, 1, design=design, by="region")
    pd.testing.assert_frame_equal(sparse.to_frame(), dense.to_frame(), rtol=1e-12)
    pd.testing.assert_frame_equal(sparse.indicators, dense.indicators, rtol=1e-12)
