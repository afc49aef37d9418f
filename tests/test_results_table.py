"""The result protocol of the table-shaped estimators (TableResult, BootstrapResult) and logit
intervals for proportions."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from sptools import Design
from sptools.lnob import LNOBWarning, access_by_group
from sptools.mpi import alkire_foster, bootstrap, k_sweep
from sptools.results import TIDY_COLUMNS, TableResult, logit_interval
from sptools.targeting import overlap, profile


@pytest.fixture
def survey():
    rng = np.random.default_rng(11)
    n = 600
    psu = np.repeat(np.arange(60), 10)
    return pd.DataFrame(
        {
            "water": rng.integers(0, 2, n),
            "urban": rng.random(n) < 0.3,
            "poor": rng.random(n) < 0.4,
            "idpoor": rng.random(n) < 0.2,
            "age": rng.integers(0, 80, n).astype(float),
            "a": rng.integers(0, 2, n),
            "b": rng.integers(0, 2, n),
            "psu": psu,
            "stratum": psu % 6,
            "weight": rng.uniform(0.5, 2.0, n),
        }
    )


@pytest.fixture
def design(survey):
    return Design(survey, weight="weight", strata="stratum", psu="psu")


# -- logit intervals ---------------------------------------------------------------------------


def test_logit_interval_is_the_back_transformed_t_interval():
    p, se, df = 0.2, 0.05, 12
    quantile = stats.t.ppf(0.975, df)
    centre, spread = math.log(p / (1 - p)), se / (p * (1 - p))
    expected = [1 / (1 + math.exp(-(centre + sign * quantile * spread))) for sign in (-1, 1)]
    low, high = logit_interval(p, se, df)
    assert [float(low), float(high)] == pytest.approx(expected, rel=1e-12)


@given(
    p=st.floats(min_value=1e-6, max_value=1 - 1e-6),
    se=st.floats(min_value=1e-9, max_value=10),
    df=st.sampled_from([1, 5, 100, math.inf]),
)
def test_logit_interval_stays_inside_zero_one_and_contains_the_estimate(p, se, df):
    low, high = logit_interval(p, se, df)
    assert 0 <= float(low) <= p <= float(high) <= 1


def test_logit_interval_of_a_certain_proportion_and_of_a_missing_se():
    low, high = logit_interval(np.array([0.0, 1.0, 0.5]), np.array([0.0, 0.0, np.nan]), 10)
    assert low[:2].tolist() == [0.0, 1.0] and high[:2].tolist() == [0.0, 1.0]
    assert np.isnan(low[2]) and np.isnan(high[2])


# -- TableResult -------------------------------------------------------------------------------


def test_a_table_result_reads_like_its_table_and_answers_the_protocol():
    wide = pd.DataFrame({"group": ["a", "b"], "rate": [0.5, 0.9], "se": [0.1, 0.05], "n": [30, 20]})
    result = TableResult(wide, {"rate": "se"}, n="n", key=["group"], df=10)
    assert result["rate"].tolist() == [0.5, 0.9]
    assert result.sort_values("rate", ascending=False)["group"].tolist() == ["b", "a"]
    assert len(result) == 2 and list(result) == list(wide.columns)
    frame = result.to_frame()
    assert tuple(frame.columns) == TIDY_COLUMNS
    assert frame.index.names == ["group", "measure"]
    assert result.se[("a", "rate")] == 0.1
    pd.testing.assert_frame_equal(result.table, wide)
    assert len(repr(result).splitlines()) < 15


def test_a_table_result_names_a_missing_column():
    wide = pd.DataFrame({"rate": [0.5], "n": [3]})
    with pytest.raises(ValueError, match=r"no column\(s\) \['rate_se'\]"):
        TableResult(wide, {"rate": "rate_se"}, n="n")


# -- the estimators ----------------------------------------------------------------------------


def test_group_rates_of_a_tiny_group_keep_their_interval_inside_zero_one(survey, design):
    survey = survey.assign(area=np.where(survey["urban"], "urban", "rural"))
    tiny_rows = survey.index[::60][:10]  # ten people in ten PSUs, nine with water
    survey.loc[tiny_rows, "area"] = "tiny"
    survey.loc[tiny_rows, "water"] = [1] * 9 + [0]
    design = Design(survey, weight="weight", strata="stratum", psu="psu")
    rates = access_by_group(survey, "water", ["area"], design=design)
    tiny = rates.loc[rates["area"] == "tiny"].iloc[0]
    symmetric = tiny["rate"] + stats.t.ppf(0.975, design.df) * tiny["se"]
    assert symmetric > 1  # the interval the logit scale avoids
    frame = rates.to_frame()
    assert (frame["ci_low"].dropna() >= 0).all() and (frame["ci_high"].dropna() <= 1).all()
    assert (rates["ci_low"] <= rates["rate"]).all() and (rates["rate"] <= rates["ci_high"]).all()


def test_group_rates_report_exclusions_on_the_result(survey, design):
    survey = survey.copy()
    survey.loc[survey.index[:7], "water"] = np.nan
    design = Design(survey, weight="weight", strata="stratum", psu="psu")
    rates = access_by_group(survey, "water", ["urban"], design=design, missing="drop")
    assert rates.exclusions.n_excluded == 7 and rates["n"].sum() == len(survey) - 7


def test_k_sweep_answers_the_protocol_with_alkire_fosters_numbers(survey, design):
    weights = {"a": 0.5, "b": 0.5}
    sweep = k_sweep(survey, weights, design=design)
    single = alkire_foster(survey, weights, 1, design=design)
    frame = sweep.to_frame()
    assert len(frame) == 3 * len(sweep)
    for measure in ("H", "A", "M0"):
        assert sweep.estimates[(1, measure)] == pytest.approx(single[measure], rel=1e-12)
        assert sweep.se[(1, measure)] == pytest.approx(single.se[measure], rel=1e-12)


def test_bootstrap_intervals_are_percentiles_of_its_replicates(survey, design):
    weights = {"a": 0.5, "b": 0.5}
    result = bootstrap(survey, weights, 1, design=design, replicates=300, seed=4)
    single = alkire_foster(survey, weights, 1, design=design)
    replicates = result.replicates
    assert len(replicates) == 300
    for measure in ("H", "A", "M0"):
        assert result[measure] == pytest.approx(single[measure], rel=1e-12)
        assert result.se[measure] == pytest.approx(replicates[measure].std(ddof=1))
        low, high = result.ci(0.9)[measure]
        assert low == pytest.approx(replicates[measure].quantile(0.05))
        assert high == pytest.approx(replicates[measure].quantile(0.95))


def test_overlap_and_profile_answer_the_protocol(survey, design):
    shares = overlap(survey[["poor", "idpoor"]], design=design)
    assert shares.to_frame()["estimate"].sum() == pytest.approx(1.0)
    frame = shares.to_frame()
    assert ((frame["ci_low"] >= 0) & (frame["ci_high"] <= 1)).all()
    groups = {"poor": survey["poor"], "not poor": ~survey["poor"]}
    table = profile(survey, groups, ["age", "urban"], design=design)
    tidy = table.to_frame()
    assert set(tidy.index.get_level_values("measure")) == {"population_share", "age", "urban"}
    assert table.se[("poor", "age")] == pytest.approx(table.loc["poor", "age_se"])


def test_a_group_inside_one_psu_gets_no_standard_error_and_a_warning():
    data = pd.DataFrame({"y": [1, 1, 0, 0, 1], "g": ["a", "b", "b", "b", "b"], "psu": range(5)})
    design = Design(data, weight=None, strata=None, psu="psu")
    with pytest.warns(LNOBWarning, match="1 group"):
        rates = access_by_group(data, "y", ["g"], design=design)
    single = rates.to_frame().loc[("a", "rate")]
    assert single["estimate"] == 1.0
    assert np.isnan(single["se"]) and np.isnan(single["ci_low"]) and np.isnan(single["ci_high"])


def test_a_headcount_ratio_gets_a_logit_interval_that_survives_pickling():
    import pickle

    from sptools.poverty import fgt

    welfare = pd.Series([100.0, 200.0, 300.0, 400.0])
    design = Design(welfare.to_frame("y"), weight=None, strata=None, psu=None)
    headcount = fgt(welfare, 250, design=design)
    low, high = headcount.ci()
    expected = logit_interval(float(headcount), headcount.se, headcount.degrees_of_freedom)
    assert (low, high) == pytest.approx([float(x) for x in expected])
    assert 0 < low < 0.5 < high < 1
    assert pickle.loads(pickle.dumps(headcount)).ci() == (low, high)
