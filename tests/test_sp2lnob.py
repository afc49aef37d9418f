"""sptools.sp2lnob: reclassification by hand, the zero-benefit and cost identities, bad inputs."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from sptools import Design
from sptools.economy import Economy
from sptools.lnob import lnob_tree
from sptools.sp2lnob import Step1, access_change, fit, simulate, sp2lnob_circumstances
from sptools.transfers import Benefit, Scheme


@pytest.fixture
def toy_step1() -> Step1:
    """Eight households: the tree splits on income (Bottom 40: rate 0.25; Top 60: 0.75)."""
    income = ["Bottom 40"] * 4 + ["Top 60"] * 4
    table = pd.DataFrame(
        {
            "hh_id": range(1, 9),
            "y": [0, 0, 0, 1, 1, 1, 1, 0],
            "weight": 1.0,
            "stratum": [1, 1, 1, 1, 2, 2, 2, 2],
            "psu": range(1, 9),
            "income": pd.Categorical(income, categories=["Bottom 40", "Top 60"], ordered=True),
            "consumption_pc": [50.0, 60.0, 90.0, 100.0, 150.0, 200.0, 250.0, 300.0],
            "hh_size": 1,
        }
    )
    tree = lnob_tree(table, "y", ["income"], "weight", min_leaf=2)
    table["leaf"] = tree.assign(table).to_numpy()
    return Step1(
        opportunity="y",
        table=table,
        tree=tree,
        threshold=100.0,
        barrier=False,
        design=Design(table),
    )


def test_reclassification_by_hand(toy_step1):
    rates = toy_step1.tree.leaves.set_index("path")["rate"]
    assert rates.to_dict() == {"income: Bottom 40": 0.25, "income: Top 60": 0.75}
    after = toy_step1.table["consumption_pc"].to_numpy() + np.array([0, 0, 20, 0, 0, 0, 0, 0])
    change = access_change(toy_step1, after)
    # household 3 (90 -> 110 > threshold 100) moves to Top 60: + (0.75 - 0.25)
    assert change.tolist() == [0, 0, 0.5, 0, 0, 0, 0, 0]
    # the Bottom 40 group's rate after: 0.25 + 0.5 / 4
    bottom = toy_step1.table["income"] == "Bottom 40"
    assert (toy_step1.table["y"][bottom] + change[bottom]).mean() == pytest.approx(0.375)


def test_reaching_exactly_the_threshold_stays_in_the_bottom_40(toy_step1):
    after = toy_step1.table["consumption_pc"].to_numpy() + np.array([0, 0, 10, 0, 0, 0, 0, 0])
    assert not access_change(toy_step1, after).any()


def test_a_zero_transfer_changes_nothing_in_either_channel(toy_step1):
    before = toy_step1.table["consumption_pc"].to_numpy()
    assert not access_change(toy_step1, before, "reclassify").any()
    assert np.allclose(access_change(toy_step1, before, "model"), 0.0)


def test_the_model_channel_raises_access_with_consumption(toy_step1):
    after = toy_step1.table["consumption_pc"].to_numpy() * 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a perfect-separation warning on eight rows is fine
        change = access_change(toy_step1, after, "model")
    assert (change >= 0).all() and change.sum() > 0


def test_bad_channel_and_lower_consumption_are_refused(toy_step1):
    before = toy_step1.table["consumption_pc"].to_numpy()
    with pytest.raises(ValueError, match="channel must be"):
        access_change(toy_step1, before, "magic")
    with pytest.raises(ValueError, match="cannot be lower"):
        access_change(toy_step1, before - 1)
    with pytest.raises(ValueError, match="one value per row"):
        access_change(toy_step1, before[:3])


def test_default_circumstances_use_income_not_wealth():
    assert sp2lnob_circumstances("bank_account")[0] == "income"
    assert "wealth" not in sp2lnob_circumstances("bank_account")
    with pytest.raises(KeyError, match="unknown opportunity"):
        sp2lnob_circumstances("happiness")


# -- on the shipped survey --------------------------------------------------------------------


@pytest.fixture(scope="module")
def survey():
    from sptools.datasets import load_households, load_persons, load_reference

    economy = Economy(load_reference("macro"), poverty_line_khr=333_100, poverty_line_year=2020)
    households, persons = load_households(), load_persons()
    return households, persons, economy, fit(households, persons, "electricity")


PACKAGE = [
    Scheme("child", Benefit.share_of_gdp_per_capita(0.04), max_age=14, admin_rate=0.05),
    Scheme("pension", Benefit.riel(100_000), min_age=65, admin_rate=0.1),
]


@pytest.mark.slow
@pytest.mark.parametrize("channel", ["reclassify", "model"])
def test_zero_benefit_identity_on_the_survey(survey, channel):
    households, persons, economy, step1 = survey
    nothing = Scheme("nothing", Benefit.riel(0, indexed=False), max_age=14)
    result = simulate(
        nothing, households, persons, step1, year=2022, economy=economy, channel=channel
    )
    assert (result.groups["change"].abs() < 1e-12).all()
    assert result.d_after == pytest.approx(result.d_before, abs=1e-12)
    assert result.hoi_after == pytest.approx(result.hoi_before, abs=1e-12)
    pd.testing.assert_series_equal(
        result.poverty.loc["before"], result.poverty.loc["after"], check_names=False
    )
    assert result.cost_khr == 0


@pytest.mark.slow
def test_cost_identity_and_direction_on_the_survey(survey):
    households, persons, economy, step1 = survey
    result = simulate(PACKAGE, households, persons, step1, year=2022, economy=economy)
    paid = result.payments.assign(
        w=result.payments["person_id"].map(persons.set_index("person_id")["weight"])
    )
    admin = paid["scheme"].map({"child": 0.05, "pension": 0.1})
    uprating = economy.population(2022) / (households["weight"] * households["hh_size"]).sum()
    expected = (paid["w"] * paid["monthly_khr"] * 12 * (1 + admin)).sum() * uprating
    assert result.population_uprating == pytest.approx(uprating)
    assert result.cost_khr == pytest.approx(expected, rel=1e-12)
    assert result.cost_pct_gdp == pytest.approx(expected / economy.gdp_khr(2022))
    # transfers only raise consumption: poverty falls, access does not fall in any group
    assert (
        result.poverty.loc["after", ["P0", "P1", "P2"]]
        <= result.poverty.loc["before", ["P0", "P1", "P2"]]
    ).all()
    assert (result.groups["change"] >= 0).all()
    assert result.cost_per_point > 0
    frame = result.to_frame()
    assert list(frame.columns) == ["estimate", "se", "ci_low", "ci_high", "n"]
    assert len(repr(result).splitlines()) < 15


@pytest.mark.slow
def test_the_universal_child_benefit_self_check(survey):
    """worked_examples.md: 0-14 at 4% of GDP per capita with 5% administration costs
    share(0-14) x 0.04 x 1.05 of GDP (1.23% with the census share 0.294)."""
    households, persons, economy, step1 = survey
    child = Scheme("child", Benefit.share_of_gdp_per_capita(0.04), max_age=14, admin_rate=0.05)
    result = simulate(child, households, persons, step1, year=2022, economy=economy)
    share = np.average(persons["age"] <= 14, weights=persons["weight"])
    assert result.cost_pct_gdp == pytest.approx(share * 0.04 * 1.05, rel=1e-12)
    assert round(result.cost_pct_gdp, 4) == pytest.approx(0.0124, abs=0.0002)


@pytest.mark.slow
def test_step1_groups_cover_everyone(survey):
    _, _, _, step1 = survey
    assert step1.table["leaf"].notna().all()
    assert step1.tree.leaves["share"].sum() == pytest.approx(1.0)
    assert step1.exclusions.n_rows == 20_000
    assert step1.exclusions.n_excluded == 20_000 - len(step1.table)


def test_fit_requires_income_among_the_circumstances():
    with pytest.raises(ValueError, match="must include 'income'"):
        fit(pd.DataFrame(), pd.DataFrame(), "electricity", circumstances=["residence"])


def test_simulate_requires_a_fitted_step1(toy_step1):
    with pytest.raises(TypeError, match="sp2lnob.fit"):
        simulate(PACKAGE, pd.DataFrame(), pd.DataFrame(), "electricity", year=2022, economy=None)
