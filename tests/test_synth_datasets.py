"""Loaders, codebook and reference tables of the shipped datasets (sptools.datasets)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sptools import datasets
from sptools.codebook import codebook
from sptools.synth import generate, schema


@pytest.mark.slow  # regenerates the shipped survey (20,000 households) of each round
@pytest.mark.parametrize("round", [2014, 2022])
def test_loaders_return_the_generated_frames(round):
    households, persons = datasets.load_households(round), datasets.load_persons(round)
    fresh_households, fresh_persons = generate(
        datasets.SURVEY_HOUSEHOLDS, seed=datasets.SURVEY_SEED, round=round
    )
    pd.testing.assert_frame_equal(households, fresh_households)
    pd.testing.assert_frame_equal(persons, fresh_persons)


@pytest.mark.parametrize("round", [2014, 2022])
def test_stunting_by_mothers_education_keeps_most_children(round):
    from sptools.indicators import MissingDataWarning, opportunity

    with pytest.warns(MissingDataWarning):
        table = opportunity(
            "stunting", datasets.load_households(round), datasets.load_persons(round)
        )
    children = table.attrs["population"]
    assert table.attrs["missing"]["education"] / children < 0.15, (
        "mother absent (or her schooling unknown)"
    )
    assert table.attrs["dropped"] / children < 0.2
    assert len(table) == children - table.attrs["dropped"]


def test_the_csv_files_hold_the_same_data():
    from_csv = pd.read_csv(datasets.data_dir() / "survey" / "households_2022.csv")
    loaded = datasets.load_households(2022)
    assert list(from_csv.columns) == list(loaded.columns)
    np.testing.assert_array_equal(from_csv["consumption_pc"], loaded["consumption_pc"])
    assert (from_csv["idpoor"].fillna("?") == loaded["idpoor"].astype(str)).all()


def test_loaders_reject_unknown_rounds():
    with pytest.raises(ValueError, match="round must be one of"):
        datasets.load_households(2019)
    with pytest.raises(ValueError, match="round must be one of"):
        datasets.load_persons(2030)


def test_missing_files_name_the_build_command(tmp_path, monkeypatch):
    monkeypatch.setenv("SPTOOLS_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="python -m sptools.datasets build"):
        datasets.load_households()


def test_codebook_covers_every_column_once():
    book = datasets.load_codebook()
    pd.testing.assert_frame_equal(book, codebook().fillna(""), check_dtype=False)
    for file, dtypes in (
        ("households", schema.HOUSEHOLD_DTYPES),
        ("persons", schema.PERSON_DTYPES),
    ):
        assert book.loc[book["file"] == file, "variable"].tolist() == list(dtypes)
    assert (book["label_km"].str.len() > 0).all() and (book["label_en"].str.len() > 0).all()
    assert book.loc[book["variable"] == "idpoor", "values"].item() == "none; level 2; level 1"


@pytest.mark.parametrize("name", ["population_projections", "macro", "programmes"])
def test_reference_tables_are_built_tables_with_sources(name):
    table = datasets.load_reference(name)
    make_table, make_sources = datasets.REFERENCE_TABLES[name]
    built = make_table(datasets.cambodia_facts(), datasets.province_profiles())
    pd.testing.assert_frame_equal(table, built, check_dtype=False, check_exact=False, rtol=1e-9)
    sources = datasets.load_reference(f"{name}_sources")
    assert list(sources.index) == list(table.columns)
    assert sources["source"].str.len().gt(0).all()


def test_population_projections_follow_the_facts():
    table = datasets.load_reference("population_projections")
    assert sorted(table["year"].unique()) == list(range(2020, 2036))
    totals = table.groupby("year")["population"].sum()
    assert totals[2025] == pytest.approx(17.8e6, rel=1e-6) and totals[2035] == pytest.approx(
        19.6e6, rel=1e-6
    )
    young = table[table["age_group"] == "0-14"].groupby("year")["population"].sum() / totals
    assert young[2025] == pytest.approx(0.285, abs=1e-4) and young.is_monotonic_decreasing


def test_macro_table_anchors_on_the_budget_law():
    table = datasets.load_reference("macro").set_index("year")
    economy = datasets.cambodia_facts()["economy"]
    assert table.loc[2025, "gdp_khr"] == pytest.approx(float(economy["gdp_2025_khr"]), rel=1e-6)
    assert table.loc[2025, "gdp_usd"] == pytest.approx(float(economy["gdp_2025_usd"]), rel=1e-3)
    assert table.loc[2025, "cpi"] == 100
    growth = table["gdp_khr"] / table["gdp_khr"].shift() - 1
    expected = (1 + table["real_growth"]) * (1 + table["inflation"]) - 1
    np.testing.assert_allclose(growth.iloc[1:], expected.iloc[1:], atol=1e-5)
    assert (table["revenue_khr"] == (table["revenue_pct_gdp"] * table["gdp_khr"]).round(-6)).all()


def test_programmes_table_lists_the_family_package():
    table = datasets.load_reference("programmes")
    row = table[
        (table["programme"] == "family_package")
        & (table["parameter"].str.endswith("total_per_birth"))
    ]
    assert row["value"].item() == "1520000"


@pytest.mark.slow  # regenerates every shipped file
def test_shipped_files_are_up_to_date():
    assert datasets.check() == []
