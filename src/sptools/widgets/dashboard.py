"""The M&E reporting dashboard: a results framework by province, programme and month.

Two layers, so that the dashboard can be tested, benchmarked and pre-rendered without a widget:

* :func:`report` is a pure function from the control values (:class:`Controls`) to what the
  dashboard shows (:class:`Report`: headline indicators, a table by month, a table by province,
  and a figure). It reads the indicator table of :func:`sptools.monitoring.indicators`, computed
  once; a refresh only filters and sums it.
* :class:`Dashboard` is the thin ipywidgets layer: dropdowns for province and programme, a range
  slider for months, an Excel export button. It is one widget, so ``voila`` can serve a notebook
  that only displays it (the code cells hidden).

:func:`to_excel` writes what may leave the analyst's machine: counts small-cell suppressed
(:func:`sptools.monitoring.suppress`), rates over few people hidden
(:func:`sptools.monitoring.hide_small_rates`), and the settings and definitions on a sheet.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import display
from matplotlib.figure import Figure

from sptools.monitoring import KEYS, hide_small_rates, rollup, suppress
from sptools.plots.monitoring import plot_trends

__all__ = [
    "ALL",
    "Controls",
    "Dashboard",
    "Report",
    "dashboard",
    "province_table",
    "report",
    "to_excel",
]

#: The choice that keeps every province (or programme).
ALL = "All"

#: Headline indicators: column -> (label, format).
HEADLINE = {
    "beneficiaries": ("Beneficiaries (average per month)", "{:,.0f}"),
    "amount_paid_khr": ("Amount paid (million riel)", "{:,.1f}"),
    "on_time_rate": ("Payments made on time", "{:.1%}"),
    "paid_to_inactive": ("Payments to closed or deceased records", "{:,.0f}"),
    "execution_rate": ("Budget execution", "{:.1%}"),
    "grievances": ("Grievances received", "{:,.0f}"),
    "resolved_in_time_rate": ("Grievances resolved in time", "{:.1%}"),
}


#: Columns of the indicator table the dashboard reads (the rates are recomputed from them).
REQUIRED = (
    "beneficiaries",
    "payments_due",
    "paid_on_time",
    "amount_paid_khr",
    "paid_to_inactive",
    "allocated_khr",
    "spent_khr",
    "grievances",
    "resolved_in_time",
)


@dataclass(frozen=True)
class Controls:
    """The dashboard's control values.

    Attributes
    ----------
    province, programme : str
        One name, or :data:`ALL`.
    months : tuple of str, optional
        First and last month shown ("YYYY-MM", inclusive); None: every month.
    threshold : int
        Small-cell threshold of the Excel export.
    """

    province: str = ALL
    programme: str = ALL
    months: tuple[str, str] | None = None
    threshold: int = 10


@dataclass(frozen=True)
class Report:
    """What the dashboard shows for one set of controls.

    Attributes
    ----------
    controls : Controls
    headline : pandas.DataFrame
        One row per headline indicator: ``indicator``, ``value``, ``shown`` (formatted).
    by_month : pandas.DataFrame
        Indicators by month (and programme when all programmes are shown).
    by_province : pandas.DataFrame
        Indicators by province over the months selected.
    selection : pandas.DataFrame
        The rows of the indicator table selected (province, programme, month).
    figure : matplotlib.figure.Figure or None
    """

    controls: Controls
    headline: pd.DataFrame
    by_month: pd.DataFrame
    by_province: pd.DataFrame
    selection: pd.DataFrame = field(repr=False)
    figure: Figure | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        """What is selected, in words."""
        c = self.controls
        months = self.selection.index.get_level_values("month")
        return (
            f"{'All provinces' if c.province == ALL else c.province} · "
            f"{'all programmes' if c.programme == ALL else c.programme} · "
            f"{months.min()} to {months.max()}"
        )


def _check_table(table: pd.DataFrame) -> None:
    if not isinstance(table, pd.DataFrame) or list(table.index.names) != list(KEYS):
        raise TypeError(
            "the dashboard reads the indicator table of sptools.monitoring.indicators(payments, "
            f"budget, grievances), indexed by {list(KEYS)}."
        )
    if table.empty:
        raise ValueError("the indicator table is empty: there is nothing to show.")
    missing = [column for column in REQUIRED if column not in table.columns]
    if missing:
        raise KeyError(
            f"the indicator table has no column {missing[0]!r} (missing: {missing}); build it "
            "with sptools.monitoring.indicators(payments, budget, grievances)."
        )


def _select(table: pd.DataFrame, controls: Controls) -> pd.DataFrame:
    index = table.index
    keep = pd.Series(True, index=index)
    for level, value in (("province", controls.province), ("programme", controls.programme)):
        if value == ALL:
            continue
        values = index.get_level_values(level)
        if value not in set(values):
            raise ValueError(
                f"{level} {value!r} is not in the indicator table; choose {ALL!r} or one of "
                f"{sorted(set(values))[:10]}."
            )
        keep &= values == value
    if controls.months is not None:
        first, last = controls.months
        if first > last:
            raise ValueError(f"months must run from first to last, got {controls.months}.")
        months = index.get_level_values("month")
        keep &= (months >= first) & (months <= last)
    selection = table.loc[keep.to_numpy()]
    if selection.empty:
        raise ValueError(f"no rows for {controls}; widen the months or choose {ALL!r}.")
    return selection


def _headline(selection: pd.DataFrame) -> pd.DataFrame:
    national = rollup(selection, []).iloc[0]
    rows = []
    for column, (label, pattern) in HEADLINE.items():
        value = float(national[column])
        if column == "amount_paid_khr":
            value /= 1e6
        rows.append({"indicator": label, "value": value,
                     "shown": "—" if pd.isna(value) else pattern.format(value)})  # fmt: skip
    return pd.DataFrame(rows).set_index("indicator")


def report(table: pd.DataFrame, controls: Controls | None = None, *, figure: bool = True) -> Report:
    """What the dashboard shows for the given control values (a pure function).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`sptools.monitoring.indicators` of the programme's tables, indexed by province,
        programme and month.
    controls : Controls, optional
        The control values (default: everything).
    figure : bool
        Whether to draw the figure (False for tables only, e.g. when pre-computing a grid).

    Returns
    -------
    Report

    Examples
    --------
    >>> table = pd.DataFrame({"province": ["A", "B", "A"], "programme": "FP",
    ...     "month": ["2025-01", "2025-01", "2025-02"], "beneficiaries": [10, 20, 12],
    ...     "payments_due": [10, 20, 12], "paid_on_time": [5, 20, 12],
    ...     "amount_paid_khr": [1e6, 2e6, 1.2e6], "paid_to_inactive": 0,
    ...     "allocated_khr": 2e6, "spent_khr": 1e6, "grievances": 1, "resolved_in_time": 1,
    ...     "open": 0}).set_index(["province", "programme", "month"])
    >>> view = report(table, Controls(province="A"), figure=False)
    >>> view.headline.loc["Budget execution", "shown"], view.title
    ('50.0%', 'A · all programmes · 2025-01 to 2025-02')
    """
    _check_table(table)
    controls = controls or Controls()
    selection = _select(table, controls)
    by_month_keys = ["month"] if controls.programme != ALL else ["programme", "month"]
    by_month = rollup(selection, by_month_keys)
    by_province = rollup(selection, ["province"])
    drawn = None
    if figure:
        hue = "programme" if controls.programme == ALL else None
        drawn = plot_trends(by_month.reset_index(), hue=hue)
    view = Report(
        controls=controls,
        headline=_headline(selection),
        by_month=by_month,
        by_province=by_province,
        selection=selection,
        figure=drawn,
    )
    if drawn is not None:
        drawn.suptitle(view.title)
    return view


#: Columns of the table by province: column -> (heading, format).
PROVINCE_COLUMNS = {
    "beneficiaries": ("Beneficiaries per month", "{:,.0f}"),
    "payments_due": ("Payments due", "{:,.0f}"),
    "on_time_rate": ("Paid on time", "{:.0%}"),
    "paid_to_inactive": ("Paid to closed or deceased", "{:,.0f}"),
    "execution_rate": ("Budget executed", "{:.0%}"),
    "grievances": ("Grievances", "{:,.0f}"),
    "resolved_in_time_rate": ("Resolved in time", "{:.0%}"),
}


def province_table(view: Report) -> pd.io.formats.style.Styler:
    """The table by province as the dashboard shows it: headed, rounded, percentages.

    Examples
    --------
    >>> table = pd.DataFrame({"province": ["A", "B"], "programme": "FP", "month": "2025-01",
    ...     "beneficiaries": [30, 3], "payments_due": [30, 3], "paid_on_time": [30, 2],
    ...     "amount_paid_khr": 0, "paid_to_inactive": 0, "allocated_khr": 4e6, "spent_khr": 3e6,
    ...     "grievances": 0, "resolved_in_time": 0}).set_index(["province", "programme", "month"])
    >>> province_table(report(table, figure=False)).data.columns[:2].tolist()
    ['Beneficiaries per month', 'Payments due']
    """
    shown = view.by_province[list(PROVINCE_COLUMNS)]
    headings = {column: heading for column, (heading, _) in PROVINCE_COLUMNS.items()}
    formats = {heading: pattern for heading, pattern in PROVINCE_COLUMNS.values()}
    return shown.rename(columns=headings).style.format(formats, na_rep="—")


def to_excel(view: Report, target: str | Path | io.BytesIO) -> None:
    """Write the report as an Excel workbook that may leave the analyst's machine.

    Sheets: *About* (the selection, the threshold, the definitions), *Headline*, *Beneficiaries*
    (province x month, small cells and their complements suppressed, with totals), *Suppression*
    (why each hidden cell is hidden), *By month* and *By province* (rates over fewer than the
    threshold hidden). No identifier of a person is in the report.

    Parameters
    ----------
    view : Report
        From :func:`report`.
    target : str, pathlib.Path or io.BytesIO
        Where to write (``.xlsx``).

    Examples
    --------
    >>> buffer = io.BytesIO()
    >>> table = pd.DataFrame({"province": ["A", "B"], "programme": "FP",
    ...     "month": "2025-01", "beneficiaries": [30, 3], "payments_due": [30, 3],
    ...     "paid_on_time": [30, 2], "amount_paid_khr": [3e6, 2e5], "paid_to_inactive": 0,
    ...     "allocated_khr": 4e6, "spent_khr": 3e6, "grievances": 0, "resolved_in_time": 0,
    ...     "open": 0}).set_index(["province", "programme", "month"])
    >>> to_excel(report(table, figure=False), buffer)
    >>> pd.read_excel(buffer, sheet_name="Beneficiaries", index_col=0)["2025-01"].isna().tolist()
    [True, True, False]
    """
    threshold = view.controls.threshold
    counts = view.selection["beneficiaries"].groupby(["province", "month"]).sum().unstack("month")
    protected = suppress(counts.fillna(0).astype("int64"), threshold=threshold)
    about = pd.DataFrame(
        {
            "item": [
                "Selection",
                "Small-cell threshold",
                "Beneficiaries",
                "Suppression",
                "Payments made on time",
                "Budget execution",
                "Grievances resolved in time",
                "Data",
            ],
            "value": [
                view.title,
                f"no published count between 1 and {threshold - 1}",
                "records with a payment due in the month; averaged over months when combined",
                "primary: under the threshold; secondary: hidden so totals cannot reveal them",
                "share of payments due paid by the due date (unpaid ones are not on time)",
                "spent / allocated",
                "share of grievances received resolved within the service standard",
                "synthetic administrative records (sptools), not real people",
            ],
        }
    )
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        about.to_excel(writer, sheet_name="About", index=False)
        view.headline[["shown"]].to_excel(writer, sheet_name="Headline")
        protected.table.to_excel(writer, sheet_name="Beneficiaries")
        protected.reason.to_excel(writer, sheet_name="Suppression")
        rates = ["on_time_rate", "execution_rate", "resolved_in_time_rate"]
        for name, frame in (("By month", view.by_month), ("By province", view.by_province)):
            hidden = hide_small_rates(frame, threshold=threshold)
            hidden[[c for c in rates if c in hidden.columns]].to_excel(writer, sheet_name=name)


class Dashboard(widgets.VBox):
    """The reporting dashboard: controls on top, headline, figure and tables below.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`sptools.monitoring.indicators` of the programme's tables.
    controls : Controls, optional
        What the controls show first.
    export_path : str or pathlib.Path
        Where the export button writes the Excel workbook.
    """

    def __init__(
        self,
        table: pd.DataFrame,
        controls: Controls | None = None,
        *,
        export_path: str | Path = "me-report.xlsx",
    ) -> None:
        _check_table(table)
        self.table = table
        self.controls = controls or Controls()
        self.export_path = Path(export_path)
        months = sorted(set(table.index.get_level_values("month")))
        style = {"description_width": "initial"}
        self._province = widgets.Dropdown(
            options=[ALL, *sorted(set(table.index.get_level_values("province")))],
            value=self.controls.province,
            description="Province",
            style=style,
        )
        self._programme = widgets.Dropdown(
            options=[ALL, *sorted(set(table.index.get_level_values("programme")))],
            value=self.controls.programme,
            description="Programme",
            style=style,
        )
        self._months = widgets.SelectionRangeSlider(
            options=months,
            index=(0, len(months) - 1),
            description="Months",
            style=style,
            layout=widgets.Layout(width="480px"),
        )
        if self.controls.months is not None:
            self._months.value = self.controls.months
        self._export = widgets.Button(description="Export to Excel", icon="download")
        self._status = widgets.HTML()
        self._output = widgets.Output()
        for control in (self._province, self._programme, self._months):
            control.observe(self._on_change, names="value")
        self._export.on_click(self._on_export)
        top = widgets.HBox([self._province, self._programme])
        bottom = widgets.HBox([self._months, self._export, self._status])
        super().__init__([top, bottom, self._output], layout=widgets.Layout(width="100%"))
        self.refresh()

    def _on_change(self, _change: dict) -> None:
        self.controls = replace(
            self.controls,
            province=self._province.value,
            programme=self._programme.value,
            months=tuple(self._months.value),
        )
        self.refresh()

    def _on_export(self, _button: widgets.Button) -> None:
        to_excel(report(self.table, self.controls, figure=False), self.export_path)
        self._status.value = f"<small>Written: {html.escape(str(self.export_path))}</small>"

    def refresh(self) -> None:
        """Recompute and redraw for the current controls."""
        view = report(self.table, self.controls)
        self._output.clear_output(wait=True)
        with self._output:
            display(view.headline[["shown"]].rename(columns={"shown": view.title}))
            display(view.figure)
            display(province_table(view))


def dashboard(table: pd.DataFrame, **controls: object) -> Dashboard:
    """Build the dashboard on an indicator table (control values as keyword arguments).

    Examples
    --------
    >>> # board = dashboard(monitoring.indicators(payments, budget, grievances), province="Kandal")
    """
    return Dashboard(table, Controls(**controls))
