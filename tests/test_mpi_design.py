"""sptools.recipes.mpi_design: candidate indicators by hand and on the survey, design weights,
design evaluation."""

from __future__ import annotations

import doctest
import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import sptools.recipes.mpi_design
from sptools import Design
from sptools.datasets import load_households, load_persons
from sptools.indicators import INDICATORS, global_mpi, survey_design
from sptools.mpi import GLOBAL_MPI, alkire_foster
from sptools.recipes.mpi_design import (
    CANDIDATES,
    candidate_indicators,
    design_weights,
    evaluate_design,
)
from sptools.targeting import overlap


@pytest.fixture(scope="module")
def survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    return load_households(2022), load_persons(2022)


@pytest.fixture(scope="module")
def data(survey) -> pd.DataFrame:
    return candidate_indicators(*survey)


def test_doctests_pass():
    outcome = doctest.testmod(sptools.recipes.mpi_design)
    assert outcome.attempted >= 8 and outcome.failed == 0


def test_candidates_are_household_flags_with_reported_missing_values(data):
    assert set(INDICATORS) | set(CANDIDATES) <= set(data.columns)
    for name in [*INDICATORS, *CANDIDATES]:
        values = data[name]
        assert set(values.dropna().unique()) <= {0, 1}, name
        assert data.attrs["missing"][name] == values.isna().sum()
        assert (values.groupby(data["hh_id"]).nunique(dropna=False) == 1).all(), (
            f"{name} varies within households"
        )


def test_nine_year_cutoff_is_stricter_than_six_years(data):
    both = data[["d_educ", "d_lsec"]].dropna()
    assert (both["d_lsec"] >= both["d_educ"]).all()
    assert both["d_lsec"].mean() > both["d_educ"].mean()


def test_household_without_adults_answering_is_missing_not_non_deprived(survey):
    households, persons = survey
    children_only = persons.assign(
        bank_account=persons["bank_account"].mask(persons["hh_id"] == households["hh_id"].iloc[0])
    )
    flags = candidate_indicators(households, children_only)
    first = flags["hh_id"] == households["hh_id"].iloc[0]
    assert flags.loc[first, "d_bank"].isna().all()


def test_design_weights_are_nested_and_exact():
    weights = design_weights(
        {"Health": ["d_nutr", "d_cm"], "Education": ["d_educ"], "Inclusion": []},
        {"Health": 3, "Education": 1, "Inclusion": 5},
    )
    assert weights == {
        "Health": {"d_nutr": Fraction(3, 8), "d_cm": Fraction(3, 8)},
        "Education": {"d_educ": Fraction(1, 4)},
    }
    equal = design_weights({"A": ["x"], "B": ["y", "z"]})
    assert equal["B"]["z"] == Fraction(1, 4)


@pytest.mark.parametrize(
    ("dimensions", "relative", "error", "message"),
    [
        ({"A": []}, None, ValueError, "no indicators"),
        ({"A": ["x"]}, {"A": 0}, ValueError, "positive weight"),
        ({"A": ["x"]}, {"B": 1}, KeyError, "'A'"),
        ({"A": ["x"]}, {"A": -1}, ValueError, ">= 0"),
    ],
)
def test_bad_designs_are_refused(dimensions, relative, error, message):
    with pytest.raises(error, match=message):
        design_weights(dimensions, relative)


def test_the_global_design_reproduces_the_global_mpi(data, survey):
    comparison = evaluate_design(data, GLOBAL_MPI, Fraction(1, 3))
    assert comparison.summary["difference"].abs().max() == 0
    assert comparison.ranking["share_preserved"] == 1
    switching = comparison.switching.set_index(["poor (design)", "poor (baseline)"])["share"]
    assert switching[(True, False)] == 0 and switching[(False, True)] == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        complete = global_mpi(*survey)
    direct = alkire_foster(complete, GLOBAL_MPI, Fraction(1, 3), design=survey_design(complete))
    assert comparison.design.H == pytest.approx(direct.H, rel=1e-12)
    assert comparison.design.se["M0"] == pytest.approx(direct.se["M0"], rel=1e-9)
    assert comparison.excluded.n_excluded == complete.attrs["dropped"]


#: A design with two candidate indicators (health insurance, a bank account) in four dimensions.
WITH_CANDIDATES = {
    "Health": ["d_nutr", "d_cm", "d_insur"],
    "Education": ["d_educ", "d_satt"],
    "Living standards": ["d_elct", "d_wtr"],
    "Inclusion": ["d_bank"],
}


def test_a_design_with_a_candidate_is_compared_on_the_same_persons(data):
    weights = design_weights(WITH_CANDIDATES)
    comparison = evaluate_design(data, weights, Fraction(1, 3))
    assert comparison.design.n == comparison.baseline.n
    assert (
        comparison.excluded.n_excluded
        == data[[*INDICATORS, "d_insur", "d_bank"]].isna().any(axis=1).sum()
    )
    assert comparison.switching["share"].sum() == pytest.approx(1)
    poor_design = comparison.switching.loc[comparison.switching["poor (design)"], "share"].sum()
    assert poor_design == pytest.approx(comparison.design.H, rel=1e-9)
    assert 0 <= comparison.ranking["kendall_tau_b"] <= 1
    assert comparison.design.indicators["contribution"].sum() == pytest.approx(1)
    low, high = comparison.summary.loc["M0", ["design_ci_low", "design_ci_high"]]
    assert low < comparison.design.M0 < high


def test_the_switching_table_is_estimated_on_the_survey_design(data):
    """Its SEs count strata and PSUs, and evaluate_design calls no deprecated API."""
    weights = design_weights(WITH_CANDIDATES)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        comparison = evaluate_design(data, weights, Fraction(1, 3))
    complete = data[[*INDICATORS, "d_insur", "d_bank"]].notna().all(axis=1).to_numpy()
    flags = pd.DataFrame(
        {
            "poor (design)": comparison.design.poor.to_numpy()[complete].astype(bool),
            "poor (baseline)": comparison.baseline.poor.to_numpy()[complete].astype(bool),
        },
        index=data.index[complete],
    )
    expected = overlap(flags, design=Design(data))
    assert comparison.switching["share_se"].tolist() == pytest.approx(
        expected["share_se"].tolist(), rel=1e-12
    )


def test_unknown_indicators_name_the_candidates(data):
    with pytest.raises(KeyError, match="d_health.*candidate_indicators"):
        evaluate_design(data, {"d_health": 1}, 1)


def test_exact_identification_at_a_score_equal_to_k():
    # Five indicators of 1/5 each: two deprivations score exactly 2/5, which is poor at k = 2/5.
    rng = np.random.default_rng(3)
    flags = pd.DataFrame(rng.integers(0, 2, (200, 5)), columns=[f"x{i}" for i in range(5)]).assign(
        g=np.repeat(["a", "b"], 100)
    )
    comparison = evaluate_design(
        flags,
        {f"x{i}": Fraction(1, 5) for i in range(5)},
        Fraction(2, 5),
        baseline={"x0": 1},
        baseline_k=1,
        by="g",
        design=Design(flags, None, None, None),
    )
    assert comparison.design.H == (flags.filter(like="x").sum(axis=1) >= 2).mean()
