"""The synthetic administrative registers (sptools.admin) and their shipped copy."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from sptools import admin, datasets
from sptools.admin import names, payments, records
from sptools.synth import generate as survey


@pytest.fixture(scope="module")
def shipped() -> dict[str, pd.DataFrame]:
    return {table: datasets.load_admin(table) for table in admin.TABLES}


@pytest.fixture(scope="module")
def small() -> dict[str, pd.DataFrame]:
    return admin.generate(*survey(400, seed=3), seed=3)


def test_every_table_has_its_schema(shipped):
    person = list(admin.PERSON_COLUMNS)
    expected = {
        "idpoor_households": [
            "household_id",
            "province",
            "district",
            "commune",
            "village",
            "poverty_level",
            "registration",
            "registered_on",
        ],
        "idpoor_members": [*person, "household_id"],
        "disability_register": [*person, "severity"],
        "family_package": [
            *person,
            "household_id",
            "component",
            "enrolled_on",
            "status",
            "closed_on",
        ],
        "nssf_members": [*person, "scheme"],
        "payments": [
            "payment_id",
            "record_id",
            "programme",
            "province",
            "month",
            "amount_khr",
            "due_date",
            "paid_date",
            "status",
            "record_status",
        ],
        "grievances": [
            "grievance_id",
            "programme",
            "province",
            "month",
            "category",
            "received_on",
            "resolved_on",
        ],
        "budget": ["programme", "province", "month", "allocated_khr", "spent_khr"],
        "truth": ["register", "record_id", "person_id"],
    }
    assert list(shipped) == list(expected)
    for table, columns in expected.items():
        assert shipped[table].columns.tolist() == columns, table
    book = datasets.load_admin("codebook")
    for table, frame in shipped.items():
        assert book.loc[book["file"] == table, "variable"].tolist() == list(frame.columns)


def test_truth_names_every_record_once(shipped):
    truth = shipped["truth"]
    persons = datasets.load_persons(datasets.ADMIN_ROUND)
    assert truth["person_id"].isin(persons["person_id"]).all()
    for table, (register, _) in admin.REGISTERS.items():
        ids = shipped[table]["record_id"]
        assert ids.is_unique, table
        assert sorted(truth.loc[truth["register"] == register, "record_id"]) == sorted(ids)


def test_values_follow_the_codebook(shipped):
    for table in admin.REGISTERS:
        frame = shipped[table]
        assert set(frame["sex"]) == {"female", "male"}
        dates = frame["date_of_birth"]
        assert dates.str.fullmatch(r"\d{4}(-\d{2}-\d{2})?").all()
        full = dates[dates.str.len() == 10]
        impossible = pd.to_datetime(full, format="%Y-%m-%d", errors="coerce").isna()
        assert 0 < impossible.mean() < records.DAY_MONTH_SWAP_RATE, "swapped days above 12"
        assert frame["id_card"].dropna().str.fullmatch(r"\d{9}").all()
        assert (
            frame["phone"].dropna().str.fullmatch(r"(0\d{2} \d{3} \d{3,4}|0\d{9}|\+855\d{9})").all()
        )
    assert set(shipped["idpoor_households"]["poverty_level"]) == {1, 2}
    assert set(shipped["family_package"]["component"]) == set(payments.PROGRAMME)
    pay = shipped["payments"]
    assert not pay.duplicated(["record_id", "month"]).any(), "one row per beneficiary and month"
    assert pay["record_id"].isin(shipped["family_package"]["record_id"]).all()
    assert (pay["paid_date"].isna() == (pay["status"] != "paid")).all()
    assert set(pay["record_status"]) == {"active", "closed", "deceased"}
    paid_after_closure = pay[(pay["status"] == "paid") & (pay["record_status"] != "active")]
    assert len(paid_after_closure) > 0, "the registers carry payments to closed records"


def _person_of(shipped, table):
    register = admin.REGISTERS[table][0]
    truth = shipped["truth"]
    truth = truth[truth["register"] == register].set_index("record_id")["person_id"]
    return shipped[table]["record_id"].map(truth)


def test_fault_rates_are_the_stated_ones(shipped):
    members = shipped["idpoor_members"]
    person = _person_of(shipped, "idpoor_members")
    duplicated = person.duplicated().sum() / person.nunique()
    assert abs(duplicated - records.DUPLICATE_RATE) < 0.006
    year_only = (members["date_of_birth"].str.len() == 4).mean()
    assert records.YEAR_ONLY_RATE < year_only < records.YEAR_ONLY_RATE_40_PLUS
    holders = datasets.load_admin("nssf_members")
    assert holders["id_card"].isna().mean() == pytest.approx(
        1 - (1 - records.ID_CARD_MISSING["nssf"]) * 0.9, abs=0.02
    )


def test_the_disability_register_is_calibrated_to_240_000_persons(shipped):
    persons = datasets.load_persons(datasets.ADMIN_ROUND)
    households = datasets.load_households(datasets.ADMIN_ROUND)
    person = _person_of(shipped, "disability_register").drop_duplicates()
    weights = persons.set_index("person_id")["weight"]
    identified = weights.loc[person].sum()
    # a binomial draw of about 1,400 people, each weighing about 180: within 5%
    assert identified == pytest.approx(admin.DISABILITY_IDENTIFIED_PERSONS, rel=0.05)
    idpoor = persons.merge(households[["hh_id", "idpoor"]], on="hh_id").set_index("person_id")
    in_idpoor = (idpoor.loc[person, "idpoor"].astype(str) != "none").mean()
    assert 0.25 < in_idpoor < 0.40, "about 30% of persons with disabilities are in IDPoor"


def test_the_same_seed_gives_the_same_tables_and_another_seed_others():
    households, persons = survey(150, seed=5)
    first, again = (
        admin.generate(households, persons, seed=9),
        admin.generate(households, persons, seed=9),
    )
    for table in admin.TABLES:
        pd.testing.assert_frame_equal(first[table], again[table])
    other = admin.generate(households, persons, seed=10)
    assert not first["idpoor_members"]["name"].equals(other["idpoor_members"]["name"])


def test_bad_inputs_are_named():
    households, persons = survey(50, seed=1)
    with pytest.raises(ValueError, match=r"\['psu'\]"):
        admin.generate(households.drop(columns="psu"), persons)
    with pytest.raises(TypeError, match="seed must be a non-negative integer"):
        admin.generate(households, persons, seed=-1)
    with pytest.raises(KeyError, match="unknown administrative table 'people'"):
        datasets.load_admin("people")


def test_swap_day_and_month_known_answers():
    dates = np.array(["2016-04-09", "2016-04-21", "1990-12-01", "2001-05-05"])
    assert records.swap_day_and_month(dates).tolist() == [
        "2016-09-04",
        "2016-21-04",
        "1990-01-12",
        "2001-05-05",
    ]


def test_spell_keeps_or_varies_every_name():
    rng = np.random.default_rng(0)
    canonical = np.array(list(names.MALE_NAMES) * 20, dtype=object)
    assert (names.spell(rng, canonical, 0.0) == canonical).all()
    varied = names.spell(rng, canonical, 1.0)
    assert all(v in names.MALE_NAMES[c] for c, v in zip(canonical, varied, strict=True))


def test_payments_stop_at_closure_unless_the_fault_applies(small):
    fp = small["family_package"].set_index("record_id")
    pay = small["payments"]
    closed = pay["record_id"].map(fp["closed_on"])
    after = pay[closed.notna() & (pay["month"] > closed.str[:7])]
    assert (after["record_status"] != "active").all()
    months_after = after.groupby("record_id").size()
    assert months_after.max() <= 3
    budget = small["budget"]
    spent = (
        pay[pay["status"] == "paid"].groupby(["programme", "province", "month"])["amount_khr"].sum()
    )
    assert budget.set_index(["programme", "province", "month"])["spent_khr"].sum() == spent.sum()


@pytest.mark.slow  # regenerates the 2022 survey (20,000 households) and its registers
def test_the_shipped_registers_regenerate_byte_identically():
    households, persons = survey(
        datasets.SURVEY_HOUSEHOLDS, seed=datasets.SURVEY_SEED, round=datasets.ADMIN_ROUND
    )
    tables = admin.generate(households, persons, seed=datasets.ADMIN_SEED)
    root = datasets.data_dir() / "admin"
    for table, frame in tables.items():
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, lineterminator="\n")
        assert buffer.getvalue().encode("utf-8") == (root / f"{table}.csv").read_bytes(), table
