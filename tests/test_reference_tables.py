"""The provinces reference table: built from the Cambodia facts, consistent with the national
figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sptools.datasets import cambodia_facts, load_reference, province_profiles
from sptools.reference_tables import PROVINCE_COLUMNS, _rescale_to_total, provinces_table

FACTS = cambodia_facts()


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    return load_reference("provinces")


def test_the_shipped_table_is_the_built_table(provinces):
    built = provinces_table(FACTS, province_profiles())
    pd.testing.assert_frame_equal(provinces, built, check_dtype=False, check_exact=False, rtol=1e-9)


def test_twenty_five_provinces_with_official_codes(provinces):
    assert provinces["code"].tolist() == list(range(1, 26))
    assert provinces["province"].is_unique and provinces["province_km"].str.len().gt(0).all()
    assert provinces.loc[provinces["code"] == 12, "province"].item() == "Phnom Penh"


def test_population_adds_up_to_the_census_total(provinces):
    census = FACTS["population"]["census_2019"]
    assert provinces["population"].sum() == census["total"]
    assert provinces["population_share"].sum() == pytest.approx(1, abs=1e-5)
    relative_change = provinces["population"] / provinces["population_2019"] - 1
    assert relative_change.between(0, 0.002).all(), (
        "rescaling adds the 19,716 people the tables miss"
    )


def test_urban_share_and_poverty_match_the_national_figures(provinces):
    weights = provinces["population"]
    assert np.average(provinces["urban_share"], weights=weights) == pytest.approx(0.394, abs=0.001)
    assert np.average(provinces["poverty_rate"], weights=weights) == pytest.approx(0.178, abs=0.001)
    phnom_penh = provinces.set_index("province").loc["Phnom Penh"]
    assert phnom_penh["poverty_rate"] == pytest.approx(0.042, abs=1e-9)
    not_pp = provinces[provinces["province"] != "Phnom Penh"]
    other_urban = np.average(
        not_pp["poverty_urban"], weights=not_pp["population"] * not_pp["urban_share"]
    )
    assert other_urban == pytest.approx(0.126, abs=0.002)


def test_the_north_east_is_poorest_and_phnom_penh_least_poor(provinces):
    ranked = provinces.sort_values("poverty_rate")["province"].tolist()
    assert ranked[0] == "Phnom Penh"
    assert set(ranked[-4:]) == {"Preah Vihear", "Stung Treng", "Ratanakiri", "Mondulkiri"}


def test_hazards_come_from_the_facts_and_unknown_is_missing_not_zero(provinces):
    hazards = FACTS["hazards"]
    assert set(provinces.loc[provinces["flood_exposed"], "province"]) == set(
        hazards["flood_exposed_provinces"]
    )
    assert set(provinces.loc[provinces["drought_prone"], "province"]) == set(
        hazards["drought_prone_provinces"]
    )
    flooded = provinces.set_index("province")["flood_2020_households"]
    assert flooded["Battambang"] == 66088
    assert flooded.isna().sum() == 22 and not (flooded == 0).any()


def test_every_column_has_a_description_and_a_source(provinces):
    sources = load_reference("provinces_sources")
    assert list(sources.index) == list(provinces.columns) == list(PROVINCE_COLUMNS)
    assert sources.notna().all().all()


def test_a_misspelt_province_is_named_in_the_error():
    profiles = province_profiles().replace({"province": {"Kep": "Kepp"}})
    with pytest.raises(ValueError, match="Kepp"):
        provinces_table(FACTS, profiles)


def test_an_unknown_table_lists_the_known_ones():
    with pytest.raises(KeyError, match="provinces"):
        load_reference("province")


@given(
    st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=30),
    st.integers(min_value=0, max_value=10**8),
)
def test_rescaling_is_integer_and_exact(values, total):
    scaled = _rescale_to_total(pd.Series(values, dtype="int64"), total)
    assert scaled.sum() == total and (scaled >= 0).all()
    exact = np.array(values) * total / sum(values)
    assert np.all(np.abs(scaled.to_numpy() - exact) < 1)
