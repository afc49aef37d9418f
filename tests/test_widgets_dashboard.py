"""The M&E reporting dashboard: report() is pure and agrees with the indicators; the widget and
the Excel export are thin layers over it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sptools.monitoring import indicators, rollup  # noqa: E402
from sptools.widgets.dashboard import ALL, Controls, Dashboard, report, to_excel  # noqa: E402

PROVINCES = ("Kandal", "Kampot", "Kep")
PROGRAMMES = ("Family Package", "Disability")
MONTHS = ("2025-01", "2025-02", "2025-03")


def tables(seed: int = 1, n_records: int = 60):
    rng = np.random.default_rng(seed)
    record_province = rng.choice(PROVINCES, n_records)
    record_programme = rng.choice(PROGRAMMES, n_records)
    rows = len(MONTHS) * n_records
    month = np.repeat(MONTHS, n_records)
    due = pd.to_datetime(pd.Series(month) + "-10")
    status = rng.choice(["paid", "failed"], rows, p=[0.9, 0.1])
    paid = (due + pd.to_timedelta(rng.integers(0, 4, rows), unit="D")).where(status == "paid")
    payments = pd.DataFrame(
        {
            "payment_id": np.arange(rows),
            "record_id": np.tile([f"r{i}" for i in range(n_records)], len(MONTHS)),
            "programme": np.tile(record_programme, len(MONTHS)),
            "province": np.tile(record_province, len(MONTHS)),
            "month": month,
            "amount_khr": 40_000,
            "due_date": due,
            "paid_date": paid,
            "status": status,
            "record_status": rng.choice(["active", "closed"], rows, p=[0.95, 0.05]),
        }
    )
    cells = pd.MultiIndex.from_product(
        [PROVINCES, PROGRAMMES, MONTHS], names=["province", "programme", "month"]
    ).to_frame(index=False)
    budget = cells.assign(allocated_khr=1_000_000, spent_khr=rng.integers(0, 1_000_000, len(cells)))
    received = pd.to_datetime(rng.choice(["2025-01-05", "2025-02-05", "2025-03-05"], 20))
    grievances = pd.DataFrame(
        {
            "grievance_id": range(20),
            "programme": rng.choice(PROGRAMMES, 20),
            "province": rng.choice(PROVINCES, 20),
            "month": received.strftime("%Y-%m"),
            "category": "payment",
            "received_on": received,
            "resolved_on": received + pd.to_timedelta(rng.integers(0, 60, 20), unit="D"),
        }
    )
    return payments, budget, grievances


@pytest.fixture(scope="module")
def data():
    payments, budget, grievances = tables()
    return payments, indicators(payments, budget, grievances)


def test_rolled_up_indicators_equal_indicators_computed_on_the_coarser_groups(data):
    payments, table = data
    payments_, budget, grievances = tables()
    direct = indicators(payments_, budget, grievances, by=["province", "month"])
    rolled = rollup(table, ["province", "month"])
    for column in ("beneficiaries", "payments_due", "on_time_rate", "execution_rate",
                   "resolved_in_time_rate"):  # fmt: skip
        pd.testing.assert_series_equal(
            rolled[column].astype(float), direct[column].astype(float), check_names=False
        )


def test_a_province_selection_shows_only_that_province(data):
    payments, table = data
    view = report(table, Controls(province="Kandal"), figure=False)
    assert set(view.selection.index.get_level_values("province")) == {"Kandal"}
    # Beneficiaries in the headline: the monthly average of distinct records paid or due.
    kandal = payments[payments["province"] == "Kandal"]
    expected = kandal.groupby("month")["record_id"].nunique().mean()
    assert view.headline.loc["Beneficiaries (average per month)", "value"] == pytest.approx(
        expected
    )
    assert view.title == f"Kandal · all programmes · {MONTHS[0]} to {MONTHS[-1]}"


def test_month_range_and_programme_filter_the_tables(data):
    _, table = data
    view = report(
        table, Controls(programme="Disability", months=("2025-02", "2025-03")), figure=False
    )
    assert view.by_month.index.tolist() == ["2025-02", "2025-03"]
    assert set(view.selection.index.get_level_values("programme")) == {"Disability"}


def test_all_programmes_gives_a_line_per_programme(data):
    _, table = data
    view = report(table)
    assert view.by_month.index.names == ["programme", "month"]
    assert len(view.figure.axes) == 4 and view.figure.legends
    assert all(ax.get_ylabel() for ax in view.figure.axes)


@settings(max_examples=25, deadline=None)
@given(
    province=st.sampled_from((ALL, *PROVINCES)),
    programme=st.sampled_from((ALL, *PROGRAMMES)),
    first=st.integers(0, 2),
    length=st.integers(0, 2),
)
def test_rates_stay_shares_for_any_controls(province, programme, first, length):
    payments, budget, grievances = tables()
    table = indicators(payments, budget, grievances)
    last = min(first + length, 2)
    view = report(table, Controls(province, programme, (MONTHS[first], MONTHS[last])), figure=False)
    for column in ("on_time_rate", "resolved_in_time_rate"):
        values = view.by_province[column].dropna()
        assert ((values >= 0) & (values <= 1)).all()


def test_bad_controls_are_refused_clearly(data):
    _, table = data
    with pytest.raises(ValueError, match="'Takeo'"):
        report(table, Controls(province="Takeo"))
    with pytest.raises(ValueError, match="first to last"):
        report(table, Controls(months=("2025-03", "2025-01")))
    with pytest.raises(TypeError, match="indicators"):
        report(table.reset_index())
    with pytest.raises(KeyError, match="'grievances'"):
        report(table.drop(columns="grievances"))


def test_the_excel_export_is_suppressed_and_carries_no_identifier(data, tmp_path):
    payments, table = data
    path = tmp_path / "report.xlsx"
    to_excel(report(table, Controls(threshold=5), figure=False), path)
    sheets = pd.read_excel(path, sheet_name=None, index_col=0)
    assert {"About", "Headline", "Beneficiaries", "Suppression", "By month"} <= set(sheets)
    published = sheets["Beneficiaries"].to_numpy(dtype=float)
    shown = published[~np.isnan(published)]
    assert not ((shown > 0) & (shown < 5)).any()
    text = "".join(frame.to_csv() for frame in sheets.values())
    assert not any(record in text for record in payments["record_id"].unique())


def test_the_widget_refreshes_and_exports(data, tmp_path):
    _, table = data
    board = Dashboard(table, export_path=tmp_path / "me.xlsx")
    board._province.value = "Kep"
    assert board.controls.province == "Kep"
    board._months.value = ("2025-02", "2025-03")
    assert board.controls.months == ("2025-02", "2025-03")
    board._export.click()
    assert (tmp_path / "me.xlsx").exists() and "Written" in board._status.value
