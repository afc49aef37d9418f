"""sptools.monitoring: M&E indicators by hand, suppression properties, pseudonyms, bad input."""

from __future__ import annotations

import doctest
import hashlib
import hmac

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sptools.monitoring
from sptools.monitoring import (
    budget_execution,
    grievance_resolution,
    indicators,
    payment_indicators,
    pseudonymise,
    strip_identifiers,
    suppress,
    uniqueness,
)

SALT = "a test salt that is long enough"


def test_doctests_pass():
    result = doctest.testmod(sptools.monitoring, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0


def payments_table() -> pd.DataFrame:
    """Six payments of two programmes in one province, January and February."""
    return pd.DataFrame(
        {
            "payment_id": [f"p{i}" for i in range(6)],
            "record_id": ["a", "b", "c", "a", "b", "d"],
            "programme": ["FP", "FP", "FP", "FP", "FP", "DIS"],
            "province": "Kandal",
            "month": ["2025-01", "2025-01", "2025-01", "2025-02", "2025-02", "2025-02"],
            "amount_khr": [100, 100, 200, 100, 100, 50],
            "due_date": ["2025-01-10"] * 3 + ["2025-02-10"] * 3,
            "paid_date": ["2025-01-10", "2025-01-13", None, "2025-02-09", None, "2025-02-20"],
            "status": ["paid", "paid", "failed", "paid", "pending", "paid"],
            "record_status": ["active", "active", "active", "active", "deceased", "closed"],
        }
    )


def test_payment_indicators_by_hand():
    table = payment_indicators(payments_table())
    january = table.loc[("Kandal", "FP", "2025-01")]
    # a paid on the day, b 3 days late, c failed: 3 beneficiaries, 2 paid, 1 on time.
    assert january[["beneficiaries", "payments_due", "payments_paid", "paid_on_time"]].tolist() == [
        3, 3, 2, 1,
    ]  # fmt: skip
    assert january["on_time_rate"] == pytest.approx(1 / 3)
    assert january["amount_paid_khr"] == 200
    february_dis = table.loc[("Kandal", "DIS", "2025-02")]
    assert february_dis["paid_to_inactive"] == 1  # paid to a closed record
    # b is deceased but its payment is pending, not paid: no audit finding.
    assert table.loc[("Kandal", "FP", "2025-02"), "paid_to_inactive"] == 0


def test_a_grace_period_counts_late_payments_as_on_time():
    table = payment_indicators(payments_table(), on_time_days=3, by=["month"])
    assert table["paid_on_time"].tolist() == [2, 1]  # January: a and b; February: a (d 10 days)


def test_payment_dates_that_are_not_dates_are_named():
    bad = payments_table()
    bad.loc[3, "paid_date"] = "31/02/2025"
    with pytest.raises(ValueError, match=r"'paid_date'.*row 3.*'31/02/2025'"):
        payment_indicators(bad)


def test_paid_payments_need_a_date_and_unpaid_ones_none():
    bad = payments_table()
    bad.loc[0, "paid_date"] = None
    with pytest.raises(ValueError, match="needs a paid_date"):
        payment_indicators(bad)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda t: t.drop(columns="due_date"), "'due_date'"),
        (lambda t: t.iloc[:0], "empty"),
        (lambda t: t.assign(month="March 2025"), "YYYY-MM"),
        (lambda t: t.assign(due_date=None), "missing on 6 rows"),
    ],
)
def test_payments_bad_input_is_refused_clearly(change, match):
    with pytest.raises((KeyError, ValueError), match=match):
        payment_indicators(change(payments_table()))


def test_on_time_days_must_be_a_whole_number():
    with pytest.raises(ValueError, match="on_time_days"):
        payment_indicators(payments_table(), on_time_days=-1)


def budget_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "programme": ["FP", "FP", "DIS", "DIS"],
            "province": "Kandal",
            "month": ["2025-01", "2025-02", "2025-01", "2025-02"],
            "allocated_khr": [400, 400, 0, 100],
            "spent_khr": [200, 300, 0, 50],
        }
    )


def test_budget_execution_by_hand():
    table = budget_execution(budget_table())
    assert table.loc[("Kandal", "FP", "2025-01"), "execution_rate"] == 0.5
    assert np.isnan(table.loc[("Kandal", "DIS", "2025-01"), "execution_rate"])  # nothing allocated
    by_programme = budget_execution(budget_table(), by=["programme"])
    assert by_programme["execution_rate"].to_dict() == {"DIS": 0.5, "FP": 500 / 800}
    with pytest.raises(ValueError, match="'spent_khr'.*'lots'"):
        budget_execution(budget_table().astype({"spent_khr": object}).assign(
            spent_khr=[1, 2, "lots", 4]))  # fmt: skip


def grievances_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "grievance_id": ["g1", "g2", "g3", "g4"],
            "programme": "FP",
            "province": "Kandal",
            "month": ["2025-01", "2025-01", "2025-01", "2025-02"],
            "category": ["payment", "payment", "eligibility", "payment"],
            "received_on": ["2025-01-02", "2025-01-05", "2025-01-20", "2025-02-01"],
            "resolved_on": ["2025-01-09", "2025-02-15", None, "2025-02-01"],
        }
    )


def test_grievances_resolved_within_the_standard_by_hand():
    table = grievance_resolution(grievances_table(), within_days=30)
    january = table.loc[("Kandal", "FP", "2025-01")]
    # g1 in 7 days, g2 in 41 days, g3 open -> 1 of 3 in time.
    assert january[["grievances", "resolved_in_time", "open"]].tolist() == [3, 1, 1]
    assert january["resolved_in_time_rate"] == pytest.approx(1 / 3)
    week = grievance_resolution(grievances_table(), within_days=6, by=["programme"])
    assert week["resolved_in_time"].tolist() == [1]  # g4, the same day


def test_grievances_resolved_before_received_are_refused():
    bad = grievances_table()
    bad.loc[0, "resolved_on"] = "2024-12-31"
    with pytest.raises(ValueError, match="before it was received"):
        grievance_resolution(bad)


def test_indicators_join_every_table_without_inventing_zeros():
    table = indicators(payments_table(), budget_table(), grievances_table())
    assert len(table) == 4
    row = table.loc[("Kandal", "FP", "2025-01")]
    assert row["execution_rate"] == 0.5 and row["grievances"] == 3
    dis = table.loc[("Kandal", "DIS", "2025-01")]
    assert np.isnan(dis["beneficiaries"])  # no payments due: missing, not zero
    assert dis["grievances"] == 0 and np.isnan(dis["resolved_in_time_rate"])
    with pytest.raises(ValueError, match="by must be"):
        indicators(payments_table(), budget_table(), grievances_table(), by=["district"])


# -- suppression --------------------------------------------------------------------------------


def test_suppression_by_hand():
    counts = pd.DataFrame(
        {"Jan": [12, 3, 30], "Feb": [20, 15, 40], "Mar": [0, 25, 50]}, index=["A", "B", "C"]
    )
    result = suppress(counts, threshold=5)
    # B-Jan (3) is small; row B then needs a second hidden cell (smallest: 15, Feb), and columns
    # Jan and Feb each one more (their smallest published non-zero: A-Jan 12, A-Feb 20), after
    # which row A has two hidden cells and every line is safe.
    assert result.reason.loc["B"].tolist() == ["primary", "secondary", "", ""]
    assert result.reason.loc["A"].tolist() == ["secondary", "secondary", "", ""]
    assert (result.n_primary, result.n_secondary) == (1, 3)
    assert result.table.loc["Total"].tolist() == [45, 75, 75, 195]
    assert result.table.loc["A", "Mar"] == 0  # zeros are published
    assert "3 secondary" in repr(result)


def test_a_single_column_hides_its_total_only_through_another_cell():
    result = suppress(pd.Series([4, 50, 60], index=["A", "B", "C"], name="n"), threshold=5)
    assert result.reason["n"].tolist() == ["primary", "secondary", "", ""]


def lines_are_safe(reason: pd.DataFrame) -> bool:
    hidden = (reason != "").to_numpy()
    rows_ok = all(row.sum() != 1 for row in hidden) if reason.shape[1] > 1 else True
    columns_ok = all(column.sum() != 1 for column in hidden.T) if reason.shape[0] > 1 else True
    return rows_ok and columns_ok


@settings(max_examples=80, deadline=None)
@given(
    grid=arrays(
        np.int64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=st.integers(0, 40)
    ),  # fmt: skip
    threshold=st.integers(2, 15),
)
def test_suppression_properties(grid, threshold):
    counts = pd.DataFrame(grid)
    result = suppress(counts, threshold=threshold)
    published = result.table.to_numpy(dtype=float, na_value=np.nan)
    shown = published[~np.isnan(published)]
    # No published count between 1 and threshold - 1.
    assert not ((shown > 0) & (shown < threshold)).any()
    # No row or column equation with a single hidden entry.
    assert lines_are_safe(result.reason)
    # Published cells are the true counts.
    full = counts.copy()
    if full.shape[1] > 1:
        full["Total"] = full.sum(axis=1)
    if full.shape[0] > 1:
        full.loc["Total"] = full.sum(axis=0)
    truth = full.to_numpy(dtype=float)
    assert np.array_equal(truth[~np.isnan(published)], shown)


@pytest.mark.parametrize(
    ("counts", "threshold", "match"),
    [
        (pd.DataFrame({"a": [1.5, 2]}), 5, "whole numbers"),
        (pd.DataFrame({"a": [-1, 2]}), 5, "whole numbers"),
        (pd.DataFrame({"a": [1, 2]}), 1, "threshold"),
        (pd.DataFrame(), 5, "empty"),
        (pd.DataFrame({"a": [1], "Total": [1]}), 5, "Total"),
    ],
)
def test_suppression_bad_input(counts, threshold, match):
    with pytest.raises(ValueError, match=match):
        suppress(counts, threshold=threshold)


# -- pseudonyms ---------------------------------------------------------------------------------


def test_pseudonyms_are_keyed_hashes_and_never_carry_the_salt():
    table = pd.DataFrame({"record_id": ["FP-1", "FP-2", None, "FP-1"], "amount": [1, 2, 3, 4]})
    out = pseudonymise(table, ["record_id"], SALT)
    expected = hmac.new(SALT.encode(), b"FP-1", hashlib.sha256).hexdigest()[:16]
    assert out.loc[0, "record_id"] == out.loc[3, "record_id"] == expected
    assert out.loc[1, "record_id"] != expected and pd.isna(out.loc[2, "record_id"])
    assert table.loc[0, "record_id"] == "FP-1"  # the input is not changed
    exported = out.to_csv() + repr(out) + out.to_json()
    assert SALT not in exported and "FP-1" not in exported


def test_another_salt_gives_unlinkable_pseudonyms():
    table = pd.DataFrame({"record_id": ["FP-1"]})
    first = pseudonymise(table, ["record_id"], SALT)
    second = pseudonymise(table, ["record_id"], SALT + "!")
    assert first.loc[0, "record_id"] != second.loc[0, "record_id"]


@pytest.mark.parametrize(
    ("salt", "error"), [("short", ValueError), ("", ValueError), (12345, TypeError)]
)
def test_a_weak_salt_is_refused(salt, error):
    with pytest.raises(error, match="salt"):
        pseudonymise(pd.DataFrame({"id": ["x"]}), ["id"], salt)


def test_pseudonymise_names_a_missing_column_and_strip_drops_direct_identifiers():
    with pytest.raises(KeyError, match="'household_id'"):
        pseudonymise(pd.DataFrame({"id": ["x"]}), ["household_id"], SALT)
    table = pd.DataFrame({"name": ["Sok Dara"], "phone": ["012"], "province": ["Kandal"]})
    assert strip_identifiers(table).columns.tolist() == ["province"]


def test_uniqueness_by_hand_and_bad_input():
    table = pd.DataFrame({"sex": ["f", "f", "m", "m", "f"], "year": [1990, 1990, 1990, 1985, None]})
    # Groups: (f, 1990) x2, (m, 1990), (m, 1985), (f, missing): three records alone.
    assert uniqueness(table, ["sex", "year"]) == pytest.approx(3 / 5)
    assert uniqueness(table, ["sex"]) == 0.0
    with pytest.raises(KeyError, match="'village'"):
        uniqueness(table, ["village"])
    with pytest.raises(ValueError, match="empty"):
        uniqueness(table.iloc[:0], ["sex"])
    with pytest.raises(ValueError, match="one or more"):
        uniqueness(table, "sex")


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=30))
def test_more_quasi_identifiers_never_make_records_less_unique(values):
    table = pd.DataFrame(values, columns=["a", "b"])
    assert 0 <= uniqueness(table, ["a"]) <= uniqueness(table, ["a", "b"]) <= 1


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["A", "B"]),  # province
            st.sampled_from(["2025-01", "2025-02"]),  # month
            st.sampled_from(["paid", "failed", "pending"]),
            st.integers(-3, 10),  # days paid after the due date
            st.sampled_from(["active", "closed", "deceased"]),
        ),
        min_size=1,
        max_size=40,
    ),
    grace=st.integers(0, 5),
)
def test_payment_counts_nest_and_add_up(rows, grace):
    frame = pd.DataFrame(rows, columns=["province", "month", "status", "late", "record_status"])
    due = pd.to_datetime(frame["month"] + "-10")
    payments = frame.assign(
        programme="FP",
        record_id=[f"r{i % 7}" for i in range(len(frame))],
        amount_khr=100,
        due_date=due.dt.strftime("%Y-%m-%d"),
        paid_date=(due + pd.to_timedelta(frame["late"], unit="D"))
        .dt.strftime("%Y-%m-%d")
        .where(frame["status"] == "paid"),
    )
    table = payment_indicators(payments, on_time_days=grace)
    assert (table["paid_on_time"] <= table["payments_paid"]).all()
    assert (table["payments_paid"] <= table["payments_due"]).all()
    assert (table["beneficiaries"] <= table["payments_due"]).all()
    assert table["on_time_rate"].between(0, 1).all()
    assert table["payments_due"].sum() == len(payments)
    # A longer grace period never makes fewer payments on time.
    longer = payment_indicators(payments, on_time_days=grace + 1)
    assert (longer["paid_on_time"] >= table["paid_on_time"]).all()
