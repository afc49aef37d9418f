"""Monitoring and evaluation (M&E) indicators of a social protection results framework.

The indicators that a programme's reporting dashboard shows, by province, programme and month,
computed from the administrative tables the programme holds:

* ``payments`` (one row per payment due): payment_id, record_id, programme, province, month
  ("YYYY-MM"), amount_khr, due_date, paid_date (missing when unpaid), status ("paid", "failed",
  "pending"), record_status ("active", "closed", "deceased");
* ``budget`` (one row per programme, province and month): allocated_khr, spent_khr;
* ``grievances`` (one row per grievance): grievance_id, programme, province, month, category,
  received_on, resolved_on (missing while open).

:func:`indicators` returns one row per province, programme and month: beneficiaries, payments made
on time, payments to closed or deceased records, budget execution and grievances resolved within a
stated number of days. Nothing is silently dropped: rows whose dates cannot be read raise an error
naming the column, the row and the value.

Before anything leaves the analyst's machine:

* :func:`suppress`: small-cell suppression of a table of counts. No published cell lies under
  the threshold (primary suppression); and since the table's totals are published, a second cell is
  hidden wherever a row or column would otherwise let a reader subtract their way to a suppressed
  cell (secondary suppression).
* :func:`pseudonymise`: identifiers replaced by salted hashes (HMAC-SHA-256). The same salt gives
  the same pseudonym, so releases can be linked by whoever holds it; the salt is an argument, never
  written into the output; keep it out of the repository and of every file you send.
* :func:`strip_identifiers`: drops the direct identifiers (name, ID card, phone, date of birth).

Examples
--------
>>> counts = pd.DataFrame({"Jan": [12, 3], "Feb": [20, 15]}, index=["A", "B"])
>>> suppress(counts, threshold=5).table.loc["B", "Jan"] is pd.NA
True
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "DIRECT_IDENTIFIERS",
    "KEYS",
    "Suppressed",
    "budget_execution",
    "grievance_resolution",
    "hide_small_rates",
    "indicators",
    "payment_indicators",
    "pseudonymise",
    "rollup",
    "strip_identifiers",
    "suppress",
    "uniqueness",
]

#: The cells of a results framework: one row per province, programme and month.
KEYS = ("province", "programme", "month")

PAYMENT_COLUMNS = (
    *KEYS,
    "record_id",
    "amount_khr",
    "due_date",
    "paid_date",
    "status",
    "record_status",
)
BUDGET_COLUMNS = (*KEYS, "allocated_khr", "spent_khr")
GRIEVANCE_COLUMNS = (*KEYS, "received_on", "resolved_on")

#: Columns that identify a person directly; never published.
DIRECT_IDENTIFIERS = ("name", "id_card", "phone", "date_of_birth")

#: Shortest salt accepted, in characters (bytes for a bytes salt).
MIN_SALT_LENGTH = 16


# -- input checks -------------------------------------------------------------------------------


def _check_table(table: object, columns: Sequence[str], role: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{role} must be a pandas DataFrame, got {type(table).__name__}.")
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise KeyError(
            f"{role} has no column {missing[0]!r} (missing: {missing}); it needs {list(columns)}. "
            f"Its columns are {list(table.columns)[:15]}: rename the column to match."
        )
    if table.empty:
        raise ValueError(
            f"{role} is empty (0 rows): no indicator can be computed. Check the filter that "
            "built it (province, programme, months)."
        )
    months = table["month"].astype("string")
    bad = ~months.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])").fillna(False)
    if bad.any():
        first = bad.to_numpy().nonzero()[0][0]
        raise ValueError(
            f"{role} column 'month' must read 'YYYY-MM' (e.g. '2025-03'); row "
            f"{table.index[first]!r} has {table['month'].iloc[first]!r}."
        )
    return table


def _dates(table: pd.DataFrame, column: str, role: str, *, required: bool) -> pd.Series:
    """The column as datetimes; a value that is not a date raises, naming row and value."""
    raw = table[column]
    parsed = pd.to_datetime(raw, errors="coerce", format="ISO8601")
    unreadable = parsed.isna() & raw.notna()
    if unreadable.any():
        first = unreadable.to_numpy().nonzero()[0][0]
        raise ValueError(
            f"{role} column {column!r} holds a value that is not a date: row "
            f"{table.index[first]!r} has {raw.iloc[first]!r}. Write dates as 'YYYY-MM-DD' "
            f"({int(unreadable.sum()):,} rows affected)."
        )
    if required and parsed.isna().any():
        first = parsed.isna().to_numpy().nonzero()[0][0]
        raise ValueError(
            f"{role} column {column!r} is missing on {int(parsed.isna().sum()):,} rows (first: "
            f"row {table.index[first]!r}); every row needs it."
        )
    return parsed


def _days(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ValueError(f"{name} must be a whole number of days, 0 or more, got {value!r}.")
    return int(value)


# -- indicators ---------------------------------------------------------------------------------


def payment_indicators(
    payments: pd.DataFrame, *, on_time_days: int = 0, by: Sequence[str] = KEYS
) -> pd.DataFrame:
    """Beneficiaries and payments by group: how many were paid, and how many on time.

    Parameters
    ----------
    payments : pandas.DataFrame
        One row per payment due (columns in the module docstring).
    on_time_days : int
        A payment is on time when it is paid at most this many days after its due date.
    by : sequence of str
        Group columns (default province, programme, month).

    Returns
    -------
    pandas.DataFrame
        One row per group: ``beneficiaries`` (distinct records with a payment due),
        ``payments_due``, ``payments_paid``, ``paid_on_time``, ``on_time_rate`` (paid on time /
        due; an unpaid payment is not on time), ``amount_paid_khr`` and ``paid_to_inactive``
        (payments made to closed or deceased records: an audit finding).

    Examples
    --------
    >>> payments = pd.DataFrame({
    ...     "province": "P", "programme": "FP", "month": "2025-01", "record_id": ["a", "b", "b"],
    ...     "amount_khr": 100, "due_date": "2025-01-10",
    ...     "paid_date": ["2025-01-10", "2025-01-15", None], "status": ["paid", "paid", "failed"],
    ...     "record_status": ["active", "deceased", "deceased"]})
    >>> payment_indicators(payments, by=["month"])[["beneficiaries", "paid_on_time",
    ...     "paid_to_inactive"]].values.tolist()
    [[2, 1, 1]]
    """
    payments = _check_table(payments, PAYMENT_COLUMNS, "payments")
    on_time_days = _days(on_time_days, "on_time_days")
    due = _dates(payments, "due_date", "payments", required=True)
    paid_on = _dates(payments, "paid_date", "payments", required=False)
    paid = payments["status"].eq("paid").to_numpy()
    unpaid_with_date = ~paid & paid_on.notna().to_numpy()
    if (paid & paid_on.isna().to_numpy()).any() or unpaid_with_date.any():
        bad = (paid & paid_on.isna().to_numpy()) | unpaid_with_date
        first = bad.nonzero()[0][0]
        raise ValueError(
            "payments: status 'paid' needs a paid_date, and only paid payments have one; row "
            f"{payments.index[first]!r} has status {payments['status'].iloc[first]!r} and "
            f"paid_date {payments['paid_date'].iloc[first]!r} ({int(bad.sum()):,} such rows)."
        )
    late_by = (paid_on - due).dt.days.to_numpy()
    frame = payments[list(by)].assign(
        _record=payments["record_id"],
        _due=1,
        _paid=paid.astype(np.int64),
        _on_time=(paid & (late_by <= on_time_days)).astype(np.int64),
        _amount=np.where(paid, payments["amount_khr"], 0),
        _inactive=(paid & ~payments["record_status"].eq("active").to_numpy()).astype(np.int64),
    )
    grouped = frame.groupby(list(by), sort=True)
    table = pd.DataFrame(
        {
            "beneficiaries": grouped["_record"].nunique(),
            "payments_due": grouped["_due"].sum(),
            "payments_paid": grouped["_paid"].sum(),
            "paid_on_time": grouped["_on_time"].sum(),
            "amount_paid_khr": grouped["_amount"].sum(),
            "paid_to_inactive": grouped["_inactive"].sum(),
        }
    )
    table.insert(4, "on_time_rate", table["paid_on_time"] / table["payments_due"])
    return table


def budget_execution(budget: pd.DataFrame, *, by: Sequence[str] = KEYS) -> pd.DataFrame:
    """Budget allocated, spent and executed (spent / allocated) by group.

    Examples
    --------
    >>> budget = pd.DataFrame({"province": ["P", "P"], "programme": "FP",
    ...                        "month": ["2025-01", "2025-02"], "allocated_khr": [100, 100],
    ...                        "spent_khr": [90, 50]})
    >>> budget_execution(budget, by=["programme"])["execution_rate"].tolist()
    [0.7]
    """
    budget = _check_table(budget, BUDGET_COLUMNS, "budget")
    for column in ("allocated_khr", "spent_khr"):
        values = pd.to_numeric(budget[column], errors="coerce")
        bad = values.isna() | (values < 0)
        if bad.any():
            first = bad.to_numpy().nonzero()[0][0]
            raise ValueError(
                f"budget column {column!r} must hold amounts of 0 riel or more; row "
                f"{budget.index[first]!r} has {budget[column].iloc[first]!r}."
            )
    table = budget.groupby(list(by), sort=True)[["allocated_khr", "spent_khr"]].sum()
    allocated = table["allocated_khr"].astype(np.float64)
    table["execution_rate"] = table["spent_khr"] / allocated.where(allocated > 0)
    return table


def grievance_resolution(
    grievances: pd.DataFrame, *, within_days: int = 30, by: Sequence[str] = KEYS
) -> pd.DataFrame:
    """Grievances received and the share resolved within ``within_days`` days, by group.

    A grievance still open (no ``resolved_on``) counts as not resolved in time; one resolved
    before it was received is an error in the data (raised).

    Examples
    --------
    >>> grievances = pd.DataFrame({"province": "P", "programme": "FP", "month": "2025-01",
    ...     "received_on": ["2025-01-02", "2025-01-05", "2025-01-09"],
    ...     "resolved_on": ["2025-01-20", "2025-03-01", None]})
    >>> grievance_resolution(grievances, within_days=30, by=["month"])[
    ...     ["grievances", "resolved_in_time", "open"]].values.tolist()
    [[3, 1, 1]]
    """
    grievances = _check_table(grievances, GRIEVANCE_COLUMNS, "grievances")
    within_days = _days(within_days, "within_days")
    received = _dates(grievances, "received_on", "grievances", required=True)
    resolved = _dates(grievances, "resolved_on", "grievances", required=False)
    took = (resolved - received).dt.days
    backwards = took < 0
    if backwards.any():
        first = backwards.to_numpy().nonzero()[0][0]
        raise ValueError(
            f"grievances: row {grievances.index[first]!r} was resolved "
            f"({grievances['resolved_on'].iloc[first]!r}) before it was received "
            f"({grievances['received_on'].iloc[first]!r}); correct the dates."
        )
    frame = grievances[list(by)].assign(
        _n=1,
        _in_time=(took <= within_days).astype(np.int64),
        _open=resolved.isna().astype(np.int64),
    )
    grouped = frame.groupby(list(by), sort=True)
    table = pd.DataFrame(
        {
            "grievances": grouped["_n"].sum(),
            "resolved_in_time": grouped["_in_time"].sum(),
            "open": grouped["_open"].sum(),
        }
    )
    table["resolved_in_time_rate"] = table["resolved_in_time"] / table["grievances"]
    return table


def indicators(
    payments: pd.DataFrame,
    budget: pd.DataFrame,
    grievances: pd.DataFrame,
    *,
    on_time_days: int = 0,
    resolve_within_days: int = 30,
    by: Sequence[str] = KEYS,
) -> pd.DataFrame:
    """The results framework: every indicator, one row per group (province, programme, month).

    Parameters
    ----------
    payments, budget, grievances : pandas.DataFrame
        The programme's tables (columns in the module docstring).
    on_time_days : int
        Days after the due date that still count as on time.
    resolve_within_days : int
        The grievance service standard, in days.
    by : sequence of str
        Group columns, a subset of province, programme, month.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`payment_indicators`, :func:`budget_execution` and
        :func:`grievance_resolution`, joined on the groups. A group with no grievances has 0
        grievances and a missing resolution rate; a group absent from a table keeps missing
        values (not zeros) for that table's indicators.

    Examples
    --------
    >>> payments = pd.DataFrame({"province": "P", "programme": "FP", "month": "2025-01",
    ...     "record_id": ["a"], "amount_khr": 100, "due_date": "2025-01-10",
    ...     "paid_date": "2025-01-10", "status": "paid", "record_status": "active"})
    >>> budget = pd.DataFrame({"province": "P", "programme": "FP", "month": ["2025-01"],
    ...                        "allocated_khr": 200, "spent_khr": 100})
    >>> grievances = pd.DataFrame({"province": "P", "programme": "FP", "month": ["2025-01"],
    ...                            "received_on": "2025-01-02", "resolved_on": "2025-01-03"})
    >>> indicators(payments, budget, grievances)[["beneficiaries", "execution_rate",
    ...     "resolved_in_time_rate"]].values.tolist()
    [[1.0, 0.5, 1.0]]
    """
    unknown = [column for column in by if column not in KEYS]
    if unknown or not list(by):
        raise ValueError(f"by must be some of {list(KEYS)}, got {list(by)}.")
    table = payment_indicators(payments, on_time_days=on_time_days, by=by)
    table = table.join(budget_execution(budget, by=by), how="outer")
    table = table.join(
        grievance_resolution(grievances, within_days=resolve_within_days, by=by), how="outer"
    )
    table[["grievances", "resolved_in_time", "open"]] = table[
        ["grievances", "resolved_in_time", "open"]
    ].fillna(0)
    return table


#: Counts of :func:`indicators` that add up over groups; the rates are recomputed from them.
COUNTS = (
    "payments_due",
    "payments_paid",
    "paid_on_time",
    "amount_paid_khr",
    "paid_to_inactive",
    "allocated_khr",
    "spent_khr",
    "grievances",
    "resolved_in_time",
    "open",
)

#: Each rate of :func:`indicators`: (numerator, denominator).
RATES = {
    "on_time_rate": ("paid_on_time", "payments_due"),
    "execution_rate": ("spent_khr", "allocated_khr"),
    "resolved_in_time_rate": ("resolved_in_time", "grievances"),
}


def rollup(table: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Indicators of :func:`indicators` combined into coarser groups (e.g. all provinces).

    Counts are summed and every rate is recomputed from its summed numerator and denominator
    (never averaged). ``beneficiaries`` is summed within a month (a record belongs to one
    programme and province); when months are combined it is the *average monthly* number of
    beneficiaries, since the same person is paid month after month.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`indicators` (indexed by province, programme, month).
    by : sequence of str
        The groups to keep, a subset of the table's index levels (empty: one national row).

    Examples
    --------
    >>> table = pd.DataFrame({"province": ["A", "B", "A"], "programme": "FP",
    ...     "month": ["2025-01", "2025-01", "2025-02"], "beneficiaries": [10, 20, 12],
    ...     "payments_due": [10, 20, 12], "paid_on_time": [5, 20, 12]}
    ...     ).set_index(["province", "programme", "month"])
    >>> rollup(table, ["month"])["on_time_rate"].round(3).tolist()
    [0.833, 1.0]
    >>> float(rollup(table, [])["beneficiaries"].iloc[0])  # (30 + 12) / 2 months
    21.0
    """
    levels = list(table.index.names)
    unknown = [column for column in by if column not in levels]
    if unknown:
        raise ValueError(f"by must be some of the table's index levels {levels}, got {list(by)}.")
    counts = [column for column in COUNTS if column in table.columns]
    flat = table.reset_index()
    keys = list(by) if by else None
    if keys:
        summed = flat.groupby(keys, sort=True)[counts].sum(min_count=1)
    else:
        summed = flat[counts].sum(min_count=1).to_frame("national").T
    if "beneficiaries" in table.columns:
        monthly_keys = sorted({*(keys or []), "month"}, key=[*levels, "month"].index)
        monthly = flat.groupby(monthly_keys, sort=True)["beneficiaries"].sum(min_count=1)
        if "month" in (keys or []):
            summed.insert(0, "beneficiaries", monthly)
        else:
            outer = monthly.groupby(keys, sort=True).mean() if keys else monthly.mean()
            summed.insert(0, "beneficiaries", outer)
    for rate, (numerator, denominator) in RATES.items():
        if numerator in summed.columns and denominator in summed.columns:
            bottom = summed[denominator].astype(np.float64)
            summed[rate] = summed[numerator] / bottom.where(bottom > 0)
    return summed


def hide_small_rates(table: pd.DataFrame, *, threshold: int = 10) -> pd.DataFrame:
    """A copy with every rate about people hidden (missing) where its denominator is small.

    A rate over fewer than ``threshold`` payments or grievances can reveal what happened to one
    person (e.g. "0% of the 2 grievances in this commune were resolved"); the budget execution
    rate is about money, not people, and stays. Denominators under the threshold are hidden
    too (counts are suppressed with :func:`suppress`).

    Examples
    --------
    >>> table = pd.DataFrame({"payments_due": [3, 40], "paid_on_time": [3, 30],
    ...                       "on_time_rate": [1.0, 0.75]})
    >>> hide_small_rates(table, threshold=10)["on_time_rate"].tolist()
    [nan, 0.75]
    """
    out = table.copy()
    for rate in ("on_time_rate", "resolved_in_time_rate"):
        numerator, denominator = RATES[rate]
        if denominator not in out.columns:
            continue
        small = out[denominator].fillna(0) < threshold
        for column in (rate, numerator, denominator):
            if column in out.columns:
                out[column] = out[column].astype("float64").mask(small)
    return out


# -- small-cell suppression ---------------------------------------------------------------------


@dataclass(frozen=True)
class Suppressed:
    """A table of counts made safe to publish.

    Attributes
    ----------
    table : pandas.DataFrame
        The counts with their totals (a ``Total`` row and column when there are several), each
        suppressed cell ``pd.NA`` (nullable integers).
    reason : pandas.DataFrame
        Same shape: ``"primary"`` (under the threshold), ``"secondary"`` (hidden so that totals
        cannot reveal a primary cell) or ``""`` (published).
    threshold : int
        No published count is between 1 and ``threshold - 1``.
    """

    table: pd.DataFrame
    reason: pd.DataFrame
    threshold: int

    @property
    def n_primary(self) -> int:
        """Cells hidden because they are small."""
        return int((self.reason == "primary").to_numpy().sum())

    @property
    def n_secondary(self) -> int:
        """Cells hidden to protect the small ones."""
        return int((self.reason == "secondary").to_numpy().sum())

    def __repr__(self) -> str:
        return (
            f"Suppressed table (threshold {self.threshold}): {self.n_primary} primary and "
            f"{self.n_secondary} secondary cells hidden\n{self.table}"
        )


def _with_totals(counts: pd.DataFrame) -> pd.DataFrame:
    table = counts.copy()
    if table.shape[1] > 1:
        table["Total"] = table.sum(axis=1)
    if table.shape[0] > 1:
        table.loc["Total"] = table.sum(axis=0)
    return table


def suppress(counts: pd.DataFrame | pd.Series, *, threshold: int = 10) -> Suppressed:
    """Hide small counts, and enough other cells that the totals cannot give them away.

    Method: (1) *primary*: every cell (totals included) with a count from 1 to ``threshold - 1``
    is hidden; zeros are published. (2) *secondary*: the table is published with its row and
    column totals, so each row and each column is an equation (cells add up to the total). An
    equation with exactly one hidden entry would reveal it by subtraction; the smallest published
    non-zero cell of that row or column is hidden as well (a zero cell only when no other is
    left, and the total only when no cell is left). Repeat until every row and column has no
    hidden entry or at least two. This is the usual heuristic of statistical offices (as in
    tau-argus's "hypercube" method, simplified); it stops exact recovery by subtraction, not
    every bound a determined reader could derive from several published tables: publish the
    same counts in one table only.

    Parameters
    ----------
    counts : pandas.DataFrame or pandas.Series
        Non-negative whole numbers, e.g. beneficiaries by province (rows) and month (columns).
        A Series is one column. Totals are added here: pass the table without them.
    threshold : int
        The smallest count that may be published (2 or more; 10 is common).

    Returns
    -------
    Suppressed
        ``.table`` (suppressed cells ``pd.NA``), ``.reason`` and the counts of hidden cells.

    Examples
    --------
    >>> counts = pd.DataFrame({"Jan": [12, 3, 30], "Feb": [20, 15, 40]}, index=["A", "B", "C"])
    >>> result = suppress(counts, threshold=5)
    >>> result.reason.loc["B"].tolist()
    ['primary', 'secondary', '']
    >>> result.table.loc["Total"].tolist()  # the column totals stay published
    [45, 75, 120]
    """
    if isinstance(counts, pd.Series):
        counts = counts.to_frame()
    if not isinstance(counts, pd.DataFrame):
        raise TypeError(f"counts must be a DataFrame or Series, got {type(counts).__name__}.")
    if counts.empty:
        raise ValueError("counts is empty: there is nothing to publish.")
    if isinstance(threshold, bool) or not isinstance(threshold, int | np.integer) or threshold < 2:
        raise ValueError(f"threshold must be a whole number of 2 or more, got {threshold!r}.")
    values = counts.apply(pd.to_numeric, errors="coerce")
    bad = values.isna() | (values < 0) | (values % 1 != 0)
    if bad.to_numpy().any():
        row, column = np.argwhere(bad.to_numpy())[0]
        raise ValueError(
            f"counts must be whole numbers of 0 or more; cell ({counts.index[row]!r}, "
            f"{counts.columns[column]!r}) has {counts.iat[row, column]!r}. Suppress counts, "
            "not rates: rates inherit the suppression of their counts."
        )
    if "Total" in counts.index or "Total" in counts.columns:
        raise ValueError("counts already has a 'Total' row or column; pass it without totals.")
    table = _with_totals(values.astype(np.int64))
    grid = table.to_numpy()
    hidden = (grid > 0) & (grid < threshold)
    primary = hidden.copy()
    has_total_row, has_total_column = table.shape[0] > counts.shape[0], table.shape[1] > 1
    lines = []  # each equation: positions of its cells, then its total's position
    if has_total_column:
        lines += [[(i, j) for j in range(grid.shape[1])] for i in range(grid.shape[0])]
    if has_total_row:
        lines += [[(i, j) for i in range(grid.shape[0])] for j in range(grid.shape[1])]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[cell] for cell in line) != 1:
                continue
            candidates = [cell for cell in line[:-1] if not hidden[cell]]
            non_zero = [cell for cell in candidates if grid[cell] > 0]
            pool = non_zero or candidates or [line[-1]]
            pick = min(pool, key=lambda cell: grid[cell])
            hidden[pick] = True
            changed = True
    reason = np.where(primary, "primary", np.where(hidden, "secondary", ""))
    published = table.astype("Int64").mask(hidden)
    return Suppressed(
        table=published,
        reason=pd.DataFrame(reason, index=table.index, columns=table.columns),
        threshold=int(threshold),
    )


# -- pseudonymisation ----------------------------------------------------------------------------


def _salt_bytes(salt: str | bytes) -> bytes:
    if not isinstance(salt, str | bytes):
        raise TypeError(f"salt must be a secret string, got {type(salt).__name__}.")
    if len(salt) < MIN_SALT_LENGTH:
        raise ValueError(
            f"salt must be a secret string of at least {MIN_SALT_LENGTH} characters, got one of "
            f"{len(salt)}; make one with secrets.token_hex(32), keep it out of the repository "
            "and of every file you send, and reuse it only to link releases."
        )
    return salt.encode() if isinstance(salt, str) else salt


def pseudonymise(
    table: pd.DataFrame, columns: Sequence[str], salt: str | bytes, *, length: int = 16
) -> pd.DataFrame:
    """A copy of ``table`` with identifier columns replaced by salted hashes.

    Each value becomes the first ``length`` hexadecimal digits of HMAC-SHA-256(salt, value):
    the same value and salt always give the same pseudonym (records stay linkable within and
    across releases made with that salt), and without the salt nobody can recompute it from a
    known identifier. Missing identifiers stay missing. The salt is not stored anywhere in the
    result.

    Parameters
    ----------
    table : pandas.DataFrame
    columns : sequence of str
        Identifier columns (e.g. ``["record_id", "household_id"]``).
    salt : str or bytes
        The secret key, at least 16 characters.
    length : int
        Hex digits kept (8 to 64); 16 digits make collisions negligible below billions of ids.

    Examples
    --------
    >>> table = pd.DataFrame({"record_id": ["FP-1", "FP-2", "FP-1"], "amount": [1, 2, 3]})
    >>> out = pseudonymise(table, ["record_id"], salt="a long secret salt, not this one")
    >>> out["record_id"].str.len().tolist(), out["record_id"].nunique()
    ([16, 16, 16], 2)
    """
    key = _salt_bytes(salt)
    if isinstance(length, bool) or not isinstance(length, int) or not 8 <= length <= 64:
        raise ValueError(f"length must be a whole number from 8 to 64, got {length!r}.")
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise KeyError(
            f"table has no column {missing[0]!r}; its columns are {list(table.columns)}."
        )
    out = table.copy()
    for column in columns:
        values = table[column]
        known = values.dropna().astype(str)
        unique = known.unique()
        digests = {
            value: hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:length]
            for value in unique
        }
        out[column] = pd.Series(known.map(digests), index=known.index).reindex(table.index)
    return out


def uniqueness(table: pd.DataFrame, quasi_identifiers: Sequence[str]) -> float:
    """Share of records that are alone in their group of quasi-identifier values.

    A record unique on, say, sex, year of birth and village points to one person for anyone who
    knows those three facts about a neighbour, even with the name removed. Missing values form
    a group of their own (a missing village is a value a reader sees too).

    Parameters
    ----------
    table : pandas.DataFrame
        The records to be released.
    quasi_identifiers : sequence of str
        Columns that someone could know about a person (sex, year of birth, place).

    Returns
    -------
    float
        Records in groups of size one, as a share of all records (0 is best).

    Examples
    --------
    >>> table = pd.DataFrame({"sex": ["f", "f", "m"], "village": ["A", "A", "A"]})
    >>> round(uniqueness(table, ["sex", "village"]), 3)
    0.333
    """
    if isinstance(quasi_identifiers, str) or not list(quasi_identifiers):
        raise ValueError(
            "quasi_identifiers must be a list of one or more columns, e.g. ['sex', 'village']."
        )
    missing = [column for column in quasi_identifiers if column not in table.columns]
    if missing:
        raise KeyError(
            f"table has no column {missing[0]!r}; its columns are {list(table.columns)}."
        )
    if table.empty:
        raise ValueError("table is empty: there are no records to assess.")
    sizes = table.groupby(list(quasi_identifiers), dropna=False)[quasi_identifiers[0]].transform(
        "size"
    )
    return float((sizes == 1).mean())


def strip_identifiers(
    table: pd.DataFrame, identifiers: Sequence[str] = DIRECT_IDENTIFIERS
) -> pd.DataFrame:
    """A copy of ``table`` without the direct identifiers it has (name, ID card, phone, birth date).

    Examples
    --------
    >>> strip_identifiers(pd.DataFrame({"name": ["Sok"], "province": ["Kandal"]})).columns.tolist()
    ['province']
    """
    return table.drop(columns=[column for column in identifiers if column in table.columns])
