"""Family Package enrolment, monthly payments, grievances and budget, as the M&E system holds them.

Beneficiaries are paid every month from the month after they enrol until their record is closed.
Faults: deaths reported late or never (:data:`DEATH_REPORTED_RATE`, :data:`REPORTING_LAG_DAYS`),
so payments go on to deceased people; and :data:`PAID_AFTER_CLOSURE_RATE` of closed records still
paid for one to three months. Amounts (:data:`AMOUNT_KHR`) are the Family Package's for pregnant
women and children under 2; those for disability and old age are not published and are parameters.

Examples
--------
>>> month_starts("2024-04", 3).astype(str).tolist()
['2024-04-01', '2024-05-01', '2024-06-01']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: First month of Family Package payments (it took effect in April 2024) and months shipped.
FIRST_MONTH = "2024-04"
MONTHS = 12
#: The day the registers were extracted (the end of the last month).
EXTRACTED_ON = np.datetime64("2025-03-31")
#: Family Package component -> the programme that pays it.
PROGRAMME = {
    "pregnant": "pregnant_women_children",
    "child_under_2": "pregnant_women_children",
    "disability": "disability_allowance",
    "elderly": "elderly_allowance",
}
#: Monthly amount by component, riel (pregnant women and children: 80,000 per visit payment;
#: disability and old age: assumed, as the amounts are not published).
AMOUNT_KHR = {"pregnant": 80_000, "child_under_2": 80_000, "disability": 40_000, "elderly": 40_000}
#: Share of the pregnant component's women (15-49) among members of receiving households.
PREGNANT_RATE = 0.05
#: Deaths in the twelve months, by component (annual risk).
DEATH_RATE = {"pregnant": 0.002, "child_under_2": 0.01, "disability": 0.03, "elderly": 0.05}
#: Share of deaths reported to the programme (the others stay active and paid).
DEATH_REPORTED_RATE = 0.70
REPORTING_LAG_DAYS = (15, 120)
#: Share of closed records that are paid for one to three more months.
PAID_AFTER_CLOSURE_RATE = 0.15
#: Payment outcome: failed (wrong account, phone off), pending in the last month and before.
FAILED_RATE = 0.03
PENDING_RATE_LAST_MONTH = 0.30
PENDING_RATE = 0.01
#: Payments are due on this day of each month; most are paid within a few days of it.
DUE_DAY = 25
ON_TIME_RATE = 0.85
#: Grievances per active beneficiary and month, and their categories (shares).
GRIEVANCE_RATE = 0.01
GRIEVANCE_CATEGORIES = {
    "payment not received": 0.35,
    "wrong amount": 0.15,
    "registration": 0.25,
    "wrong personal data": 0.15,
    "other": 0.10,
}
RESOLVED_RATE = 0.85
MEAN_DAYS_TO_RESOLVE = 20
#: Budget allocated over what the active caseload needs (drawn uniformly in this range).
BUDGET_MARGIN = (0.0, 0.25)


def month_starts(first: str, n: int) -> np.ndarray:
    """``n`` first days of months from ``first`` ("YYYY-MM")."""
    return (np.datetime64(first, "M") + np.arange(n)).astype("datetime64[D]")


def _month_text(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(np.asarray(days, dtype="datetime64[M]"), unit="M")


def _date_text(days: pd.Series | np.ndarray) -> pd.Series:
    values = pd.Series(np.asarray(days, dtype="datetime64[D]"))
    return values.dt.strftime("%Y-%m-%d").where(values.notna())


def enrolment(rng: np.random.Generator, beneficiaries: pd.DataFrame) -> pd.DataFrame:
    """Dates of a Family Package caseload: ``enrolled_on``, ``died_on``, ``closed_on`` (NaT when
    open), ``status``, for rows with ``component`` and ``date_of_birth`` (the true one)."""
    n = len(beneficiaries)
    first = np.datetime64(FIRST_MONTH, "D")
    # most enrolled at launch (April-June 2024), the rest over the year
    launch = rng.random(n) < 0.6
    days = np.where(launch, rng.integers(0, 91, n), rng.integers(91, 334, n))
    born = beneficiaries["date_of_birth"].to_numpy().astype("datetime64[D]")
    enrolled = np.maximum(first + days.astype("timedelta64[D]"), born + np.timedelta64(14, "D"))
    component = beneficiaries["component"].to_numpy()
    death_risk = np.vectorize(DEATH_RATE.get)(component)
    dies = rng.random(n) < death_risk
    died = np.where(
        dies, first + rng.integers(0, 365, n).astype("timedelta64[D]"), np.datetime64("NaT")
    )
    died = np.where(died > enrolled, died, np.where(dies, enrolled + 30, died))
    lag = rng.integers(*REPORTING_LAG_DAYS, n).astype("timedelta64[D]")
    reported = dies & (rng.random(n) < DEATH_REPORTED_RATE)
    closed = np.where(reported, died + lag, np.datetime64("NaT"))
    second_birthday = (born.astype("datetime64[Y]") + 2).astype("datetime64[D]") + (
        born - born.astype("datetime64[Y]").astype("datetime64[D]")
    )
    ages_out = (component == "child_under_2") & (second_birthday <= EXTRACTED_ON)
    closed = np.where(ages_out & ~reported, np.maximum(second_birthday, enrolled + 30), closed)
    delivered = (component == "pregnant") & (rng.random(n) < 0.5)
    closed = np.where(delivered & ~reported, enrolled + rng.integers(60, 240, n), closed)
    closed = np.where(closed > EXTRACTED_ON, np.datetime64("NaT"), closed)
    return pd.DataFrame(
        {
            "enrolled_on": enrolled,
            "died_on": died.astype("datetime64[D]"),
            "closed_on": closed.astype("datetime64[D]"),
            "status": np.where(np.isnat(closed), "active", "closed"),
        },
        index=beneficiaries.index,
    )


def payments(rng: np.random.Generator, caseload: pd.DataFrame) -> pd.DataFrame:
    """Monthly payment records of a caseload (rows with ``record_id, component, province`` and the
    dates of :func:`enrolment`), one row per beneficiary and month paid for."""
    months = month_starts(FIRST_MONTH, MONTHS)
    last = months[-1]
    enrolled = caseload["enrolled_on"].to_numpy().astype("datetime64[M]").astype("datetime64[D]")
    closed = caseload["closed_on"].to_numpy().astype("datetime64[M]").astype("datetime64[D]")
    died = caseload["died_on"].to_numpy().astype("datetime64[M]").astype("datetime64[D]")
    extra = np.where(
        rng.random(len(caseload)) < PAID_AFTER_CLOSURE_RATE, rng.integers(1, 4, len(caseload)), 0
    )
    stop = np.where(np.isnat(closed), last, closed + (extra * 31).astype("timedelta64[D]"))
    grid_row, grid_month = np.meshgrid(np.arange(len(caseload)), months, indexing="ij")
    grid_row, grid_month = grid_row.ravel(), grid_month.ravel()
    start = enrolled[grid_row] + np.timedelta64(31, "D")
    keep = (grid_month >= start.astype("datetime64[M]").astype("datetime64[D]")) & (
        grid_month.astype("datetime64[M]") <= stop[grid_row].astype("datetime64[M]")
    )
    row, month = grid_row[keep], grid_month[keep]
    n = row.size
    after_death = ~np.isnat(died[row]) & (month > died[row])
    after_closure = ~np.isnat(closed[row]) & (month > closed[row])
    record_status = np.where(after_death, "deceased", np.where(after_closure, "closed", "active"))
    pending_rate = np.where(month == last, PENDING_RATE_LAST_MONTH, PENDING_RATE)
    draw = rng.random(n)
    status = np.where(
        draw < FAILED_RATE, "failed", np.where(draw < FAILED_RATE + pending_rate, "pending", "paid")
    )
    due = month + np.timedelta64(DUE_DAY - 1, "D")
    delay = np.where(rng.random(n) < ON_TIME_RATE, -rng.integers(0, 4, n), rng.integers(1, 46, n))
    paid = np.where(status == "paid", due + delay.astype("timedelta64[D]"), np.datetime64("NaT"))
    # paid after the extraction: still pending in the extract
    late = ~np.isnat(paid) & (paid > EXTRACTED_ON)
    status = np.where(late, "pending", status)
    paid = np.where(late, np.datetime64("NaT"), paid)
    component = caseload["component"].to_numpy()[row]
    return pd.DataFrame(
        {
            "payment_id": [f"PAY-{i:07d}" for i in range(1, n + 1)],
            "record_id": caseload["record_id"].to_numpy()[row],
            "programme": np.vectorize(PROGRAMME.get)(component) if n else [],
            "province": caseload["province"].to_numpy()[row],
            "month": _month_text(month),
            "amount_khr": np.vectorize(AMOUNT_KHR.get)(component).astype("int64") if n else [],
            "due_date": _date_text(due).to_numpy(),
            "paid_date": _date_text(paid).to_numpy(),
            "status": status,
            "record_status": record_status,
        }
    )


def grievances(rng: np.random.Generator, payments_: pd.DataFrame) -> pd.DataFrame:
    """Grievances by programme, province and month: Poisson counts, :data:`GRIEVANCE_RATE` per
    beneficiary paid for that month, with categories and resolution dates."""
    cells = payments_.groupby(["programme", "province", "month"], sort=True).size()
    counts = rng.poisson(GRIEVANCE_RATE * cells.to_numpy())
    index = cells.index.repeat(counts)
    n = int(counts.sum())
    month_start = pd.to_datetime(index.get_level_values("month")).to_numpy().astype("datetime64[D]")
    received = month_start + rng.integers(0, 28, n).astype("timedelta64[D]")
    days = np.ceil(rng.exponential(MEAN_DAYS_TO_RESOLVE, n)).astype("int64")
    resolved = np.where(rng.random(n) < RESOLVED_RATE, received + days, np.datetime64("NaT"))
    resolved = np.where(resolved <= EXTRACTED_ON, resolved, np.datetime64("NaT"))
    categories = list(GRIEVANCE_CATEGORIES)
    category = np.asarray(categories)[
        rng.choice(len(categories), n, p=list(GRIEVANCE_CATEGORIES.values()))
    ]
    return pd.DataFrame(
        {
            "grievance_id": [f"GRV-{i:05d}" for i in range(1, n + 1)],
            "programme": index.get_level_values("programme"),
            "province": index.get_level_values("province"),
            "month": index.get_level_values("month"),
            "category": category,
            "received_on": _date_text(received).to_numpy(),
            "resolved_on": _date_text(resolved).to_numpy(),
        }
    )


def budget(rng: np.random.Generator, payments_: pd.DataFrame) -> pd.DataFrame:
    """Budget by programme, province and month: allocated (the amounts due with a margin of
    :data:`BUDGET_MARGIN`, to the thousand riel) and spent (the amounts paid for that month)."""
    due = payments_.groupby(["programme", "province", "month"], sort=True)["amount_khr"].sum()
    paid = (
        payments_[payments_["status"] == "paid"]
        .groupby(["programme", "province", "month"], sort=True)["amount_khr"]
        .sum()
        .reindex(due.index, fill_value=0)
    )
    margin = rng.uniform(*BUDGET_MARGIN, len(due))
    allocated = (np.round(due.to_numpy() * (1 + margin) / 1000) * 1000).astype("int64")
    return due.index.to_frame(index=False).assign(
        allocated_khr=allocated, spent_khr=paid.to_numpy().astype("int64")
    )
