"""registry.validate: every broken rule reported once, with its row, column and value."""

from __future__ import annotations

import pandas as pd
import pytest

from sptools import datasets, registry
from sptools.registry.schemas import RULES


def person(**changes) -> dict:
    record = {
        "record_id": "R1",
        "name": "Sok Dara",
        "sex": "male",
        "date_of_birth": "1980-05-02",
        "province": "Takeo",
        "district": "Bati",
        "commune": "Trapeang Sab",
        "village": "Prey Lvea",
        "id_card": "123456789",
        "phone": "012 345 678",
    }
    return {**record, **changes}


def frame(*records: dict) -> pd.DataFrame:
    return pd.DataFrame(list(records))


def test_valid_records_have_no_problems():
    table = frame(
        person(), person(record_id="R2", id_card=None, phone="+85512345678", date_of_birth="1950")
    )
    report = registry.validate(table, "person", as_of="2025-03-31")
    assert report.ok and len(report) == 0 and report.rows_with_problems == 0
    assert "no problems in 2 rows" in repr(report)


@pytest.mark.parametrize(
    ("change", "column", "rule"),
    [
        ({"sex": "F"}, "sex", "one_of"),
        ({"date_of_birth": "1991-21-04"}, "date_of_birth", "not_a_date"),
        ({"date_of_birth": "2016-02-30"}, "date_of_birth", "not_a_date"),
        ({"date_of_birth": "04/21/1991"}, "date_of_birth", "date_format"),
        ({"date_of_birth": "1899"}, "date_of_birth", "too_old"),
        ({"date_of_birth": "2026-01-01"}, "date_of_birth", "in_the_future"),
        ({"name": "Dara"}, "name", "name_words"),
        ({"name": None}, "name", "missing"),
        ({"id_card": "12345"}, "id_card", "id_card_format"),
        ({"phone": "12-34"}, "phone", "phone_format"),
        ({"province": "Atlantis"}, "province", "one_of"),
    ],
)
def test_each_rule_is_reported_with_its_row_column_and_value(change, column, rule):
    table = frame(
        person(record_id="R0"), person(**{"record_id": "R1", "id_card": "987654321", **change})
    )
    report = registry.validate(table, "person", as_of="2025-03-31", provinces=["Takeo"])
    assert report.problems.to_dict("records") == [
        {"row": 1, "record_id": "R1", "column": column, "rule": rule, "value": change[column]}
    ]
    assert rule in RULES


def test_shared_ids_and_duplicate_record_ids_name_every_row():
    table = frame(
        person(record_id="R1"), person(record_id="R1"), person(record_id="R3", id_card="111111111")
    )
    problems = registry.validate(table, "person").problems
    assert sorted(problems[["row", "rule"]].itertuples(index=False, name=None)) == [
        (0, "duplicate_id"),
        (0, "id_card_shared"),
        (1, "duplicate_id"),
        (1, "id_card_shared"),
    ]


def test_nothing_is_dropped_a_row_breaking_three_rules_counts_three_times():
    table = frame(
        person(),
        person(record_id="R2", sex="M", date_of_birth="1991-13-13", id_card="1", phone="x"),
    )
    report = registry.validate(table, "person")
    assert len(report) == 4 and report.rows_with_problems == 1
    assert report.summary()["problems"].sum() == 4
    assert report.exclusions.n_excluded == 1 and report.exclusions.by_column["sex"] == 1


def family_package(**changes) -> dict:
    defaults = {
        "household_id": "H1",
        "component": "elderly",
        "enrolled_on": "2024-05-01",
        "status": "active",
        "closed_on": None,
        "date_of_birth": "1950-01-01",
    }
    return person(**{**defaults, **changes})


@pytest.mark.parametrize(
    ("change", "column", "rule"),
    [
        (
            {"component": "child_under_2", "date_of_birth": "2015-01-01"},
            "date_of_birth",
            "component_age",
        ),
        ({"date_of_birth": "1990"}, "date_of_birth", "component_age"),
        ({"status": "closed"}, "closed_on", "closed_on_status"),
        ({"status": "closed", "closed_on": "2024-01-01"}, "closed_on", "closed_before_enrolled"),
        ({"component": "twins"}, "component", "one_of"),
    ],
)
def test_family_package_rules(change, column, rule):
    table = frame(
        family_package(record_id="R0", id_card=None), family_package(id_card=None, **change)
    )
    problems = registry.validate(table, "family_package").problems
    assert problems[["row", "column", "rule"]].values.tolist() == [[1, column, rule]]


def payment(**changes) -> dict:
    record = {
        "payment_id": "P1",
        "record_id": "FP-1",
        "programme": "elderly_allowance",
        "province": "Takeo",
        "month": "2024-05",
        "amount_khr": 40000,
        "due_date": "2024-05-25",
        "paid_date": "2024-05-24",
        "status": "paid",
        "record_status": "active",
    }
    return {**record, **changes}


@pytest.mark.parametrize(
    ("change", "column", "rule"),
    [
        ({"record_status": "deceased"}, "record_status", "paid_after_closure"),
        ({"paid_date": None}, "paid_date", "paid_date_status"),
        ({"amount_khr": 0}, "amount_khr", "positive"),
        ({"month": "2024-13"}, "month", "month_format"),
    ],
)
def test_payment_rules(change, column, rule):
    table = frame(payment(payment_id="P0"), payment(**change))
    problems = registry.validate(table, "payments").problems
    assert problems[["row", "column", "rule"]].values.tolist() == [[1, column, rule]]


def test_bad_inputs_get_clear_errors():
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['phone'\]"):
        registry.validate(frame(person()).drop(columns="phone"), "person")
    with pytest.raises(ValueError, match="has no rows"):
        registry.validate(frame(person()).iloc[:0], "person")
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        registry.validate([person()], "person")
    with pytest.raises(ValueError, match="kind must be one of"):
        registry.validate(frame(person()), "people")


def test_the_shipped_register_reports_every_impossible_date():
    members = datasets.load_admin("idpoor_members")
    report = registry.validate(members, "idpoor_members", as_of="2025-03-31")
    full = members["date_of_birth"][members["date_of_birth"].str.len() == 10]
    impossible = pd.to_datetime(full, format="%Y-%m-%d", errors="coerce").isna()
    flagged = report.problems.loc[report.problems["rule"] == "not_a_date", "row"]
    assert sorted(flagged) == sorted(full.index[impossible])
    shared = members["id_card"].dropna().duplicated(keep=False).sum()
    assert (report.problems["rule"] == "id_card_shared").sum() == shared
