"""sptools.Design: one declared design, rows matched on the index, subsets as domains."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from sptools import Design, Estimate, Exclusions, Result
from sptools.design import design_rows
from sptools.survey import domain_mean, survey_mean


@pytest.fixture
def sample() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 400
    return pd.DataFrame(
        {
            "y": rng.integers(0, 2, n).astype(float),
            "x": rng.normal(10, 3, n),
            "group": rng.choice(["a", "b", "c"], n),
            "weight": rng.uniform(0.5, 3.0, n),
            "stratum": np.repeat(np.arange(8), n // 8),
            "psu": np.repeat(np.arange(40), n // 40),
        },
        index=pd.RangeIndex(1000, 1000 + n),
    )


def test_mean_equals_the_r_verified_survey_mean(sample):
    design = Design(sample)
    expected = survey_mean(sample, "y", weight="weight", strata="stratum", psu="psu", by="group")
    got = design.mean("y", by="group").to_frame()
    pd.testing.assert_frame_equal(
        got[["estimate", "se", "ci_low", "ci_high"]],
        expected[["estimate", "se", "ci_low", "ci_high"]],
        check_names=False,
    )
    assert got["n"].tolist() == expected["n"].tolist()


def test_rows_in_another_order_give_the_same_estimate(sample):
    design = Design(sample)
    shuffled = sample.sample(frac=1.0, random_state=3)
    assert design.mean(shuffled["y"]).to_frame().equals(design.mean("y").to_frame())


def test_a_subset_is_a_domain_of_the_full_design(sample):
    """Estimating on a subset equals the domain estimate of the full design (R's subset())."""
    design = Design(sample)
    subset = sample[sample["group"] == "a"]
    on_subset = design.mean(subset["y"])
    by_group = design.mean("y", by="group")
    assert on_subset["y"] == pytest.approx(by_group["a"])
    assert on_subset.se["y"] == pytest.approx(by_group.se["a"])
    assert design.rows(subset).n_psu == design.n_psu


def test_a_subset_of_psus_keeps_the_empty_psus_in_the_variance(sample):
    """Rebuilding a design on a subset of PSUs would understate the SE; a domain does not."""
    design = Design(sample)
    some_psus = sample[sample["psu"] % 5 < 2]
    as_domain = design.mean(some_psus["y"])
    rebuilt = Design(some_psus).mean("y")
    assert as_domain["y"] == pytest.approx(rebuilt["y"])
    assert as_domain.se["y"] != pytest.approx(rebuilt.se["y"])
    assert as_domain.degrees_of_freedom == design.df


def test_unknown_rows_are_refused_with_the_labels(sample):
    design = Design(sample)
    other = sample.reset_index(drop=True)
    with pytest.raises(ValueError, match="not in the design.*reset_index"):
        design.mean(other["y"])


def test_a_reindexed_table_with_known_labels_is_refused(sample):
    """reset_index() can give labels the design knows, on other rows: the weights tell."""
    design = Design(sample.reset_index(drop=True))
    shuffled = sample.sample(frac=1.0, random_state=1).reset_index(drop=True)
    with pytest.raises(ValueError, match="re-indexed"):
        design.rows(shuffled)


def test_a_numpy_array_must_have_one_value_per_row(sample):
    design = Design(sample)
    assert design.rows(np.zeros(len(sample))).n == len(sample)
    with pytest.raises(ValueError, match="pass a pandas Series"):
        design.rows(np.zeros(3))


def test_duplicate_index_labels_are_refused():
    with pytest.raises(ValueError, match="reset_index"):
        Design(pd.DataFrame({"w": [1.0, 1.0]}, index=[0, 0]), weight="w", strata=None, psu=None)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1.0, -1.0, 1.0], "finite and >= 0"),
        ([1.0, np.nan, 1.0], "1 missing"),
        ([0.0, 0.0, 0.0], "sums to zero"),
        (["1", "2", "3"], "must be numeric"),
    ],
)
def test_one_weight_rule(weights, message):
    with pytest.raises((ValueError, TypeError), match=message):
        Design(pd.DataFrame({"w": weights}), weight="w", strata=None, psu=None)


def test_a_zero_weight_is_allowed_and_counts_for_nothing():
    data = pd.DataFrame({"y": [1.0, 0.0, 1.0], "w": [1.0, 0.0, 1.0]})
    assert Design(data, weight="w", strata=None, psu=None).mean("y")["y"] == 1.0


def test_missing_design_columns_are_named():
    with pytest.raises(KeyError, match="strata column 'stratum'.*strata=None"):
        Design(pd.DataFrame({"weight": [1.0], "psu": [1]}))


def test_finite_population_correction_scales_the_variance(sample):
    n_psu = 40
    with_replacement = Design(sample, strata=None).mean("y")
    population = 160
    finite = Design(sample.assign(N=population), strata=None, fpc="N").mean("y")
    assert finite["y"] == with_replacement["y"]
    assert finite.se["y"] == pytest.approx(
        with_replacement.se["y"] * np.sqrt(1 - n_psu / population)
    )


def test_fpc_smaller_than_the_sample_is_refused(sample):
    with pytest.raises(ValueError, match="population count of PSUs"):
        Design(sample.assign(N=3), strata=None, fpc="N")


def test_missing_values_are_excluded_and_reported(sample):
    data = sample.copy()
    data.loc[data.index[:10], "y"] = np.nan
    design = Design(data)
    result = design.mean("y")
    assert result.exclusions.n_excluded == 10
    assert result.exclusions.by_column == {"y": 10}
    assert result.to_frame()["n"].iloc[0] == len(data) - 10
    complete = design.mean(data["y"].dropna())
    assert result["y"] == pytest.approx(complete["y"])
    assert result.se["y"] == pytest.approx(complete.se["y"])


def test_design_rows_without_a_design_is_simple_random_sampling():
    arrays = design_rows(pd.DataFrame({"y": [1, 2, 3]}), None)
    assert arrays.weight.tolist() == [1.0, 1.0, 1.0] and arrays.n_psu == 3


def test_design_rows_refuses_anything_else():
    with pytest.raises(TypeError, match="Design"):
        design_rows(pd.DataFrame({"y": [1]}), {"weight": "w"})


def test_repr_is_short_and_says_what_the_design_is(sample):
    text = repr(Design(sample))
    assert "400 rows in 40 PSUs and 8 strata" in text
    assert len(text.splitlines()) < 15
    assert "<ul>" in Design(sample)._repr_html_()


# -- the result protocol -------------------------------------------------------------------


def test_result_protocol_shapes(sample):
    result = Design(sample).mean("y", by="group")
    frame = result.to_frame(level=0.9)
    assert list(frame.columns) == ["estimate", "se", "ci_low", "ci_high", "n"]
    assert (frame["ci_low"] < frame["estimate"]).all() and (
        frame["estimate"] < frame["ci_high"]
    ).all()
    assert set(result.se) == set(result.ci()) == {"a", "b", "c"}
    assert len(repr(result).splitlines()) < 15
    assert "<table" in result._repr_html_()


def test_a_long_result_repr_stays_short():
    table = pd.DataFrame({"estimate": np.linspace(0, 1, 60), "se": 0.01, "n": 10})
    text = repr(Result(table))
    assert len(text.splitlines()) < 15 and "50 more rows" in text


def test_unknown_estimate_name_is_a_clear_error(sample):
    with pytest.raises(KeyError, match="the estimates are"):
        Design(sample).mean("y")["z"]


def test_estimate_is_a_float_with_its_uncertainty():
    d = Estimate(0.4, se=0.01, n=50, df=20, name="D")
    assert isinstance(d, float) and d == 0.4 and round(d, 1) == 0.4
    low, high = d.ci()
    assert low < 0.4 < high
    assert d.to_frame().loc["D", "n"] == 50
    assert pickle.loads(pickle.dumps(d)).se == 0.01
    assert "se 0.0100" in repr(d)


def test_estimate_interval_widens_with_the_level():
    d = Estimate(0.4, se=0.01)
    assert d.ci(0.99)[1] - d.ci(0.99)[0] > d.ci(0.9)[1] - d.ci(0.9)[0]


def test_exclusions_describe_themselves():
    e = Exclusions(n_rows=10, n_excluded=2, weighted_share=0.25, by_column={"age": 2})
    assert "2 of 10 rows excluded (20.0%; 25.0% of the weighted population)" in str(e)
    assert e.to_frame().loc["age", "rows"] == 2
    assert not Exclusions.none(3)
    with pytest.raises(ValueError):
        Exclusions(n_rows=1, n_excluded=2)


def test_domain_mean_of_the_arrays_is_what_the_design_uses(sample):
    arrays = Design(sample).rows()
    direct = domain_mean(arrays, sample["y"].to_numpy())
    assert Design(sample).mean("y")["y"] == pytest.approx(direct.estimate[0])
