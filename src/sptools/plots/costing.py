"""Charts for module 4: projected costs, financing, what schemes buy, and shock responses."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sptools.costing import FINANCING_COLUMNS

__all__ = [
    "plot_changes",
    "plot_financing",
    "plot_projection",
    "plot_responses",
    "plot_simulator",
]

#: Labels of the measures of :func:`sptools.costing.project` that the charts can draw.
MEASURES = {
    "cost_pct_gdp": ("Cost (% of GDP)", 100.0),
    "cost_pct_revenue": ("Cost (% of government revenue)", 100.0),
    "cost_usd": ("Cost (million US dollars)", 1e-6),
    "cost_khr": ("Cost (billion riel)", 1e-9),
    "beneficiaries": ("Beneficiaries (thousands)", 1e-3),
}


def _require(frame: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"the table lacks {missing}; pass {what}.")


def plot_projection(
    table: pd.DataFrame, measure: str = "cost_pct_gdp", *, ax: Axes | None = None
) -> Axes:
    """Stacked bars: each scheme's cost (or beneficiaries) by year.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`sptools.costing.project`'s table.
    measure : str
        One of :data:`MEASURES`.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2025, 2025, 2026, 2026], "scheme": ["a", "b"] * 2,
    ...                   "cost_pct_gdp": [0.001, 0.002, 0.001, 0.003]})
    >>> plot_projection(t).get_ylabel()
    'Cost (% of GDP)'
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {list(MEASURES)}, got {measure!r}.")
    _require(table, ("year", "scheme", measure), "the table of sptools.costing.project")
    label, scale = MEASURES[measure]
    wide = table.pivot_table(index="year", columns="scheme", values=measure, sort=False)
    wide = wide[list(dict.fromkeys(table["scheme"]))] * scale
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))
    bottom = np.zeros(len(wide))
    palette = sns.color_palette("deep", len(wide.columns))
    for colour, scheme in zip(palette, wide.columns, strict=True):
        ax.bar(wide.index, wide[scheme], bottom=bottom, color=colour, label=scheme, width=0.75)
        bottom += wide[scheme].to_numpy()
    ax.set_xticks(list(wide.index))
    ax.set_xlabel("Year")
    ax.set_ylabel(label)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(f"{label.split(' (')[0]} by scheme, {wide.index.min()}-{wide.index.max()}")
    return ax


def plot_financing(plan: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """The package's cost (line) against the budget and the fiscal-space options (stacked).

    Parameters
    ----------
    plan : pandas.DataFrame
        :func:`sptools.costing.financing`'s table (indexed by year).

    Examples
    --------
    >>> plan = pd.DataFrame({"cost_khr": [3e12, 4e12], "budget_khr": [1e12, 1e12],
    ...     "tax": [1e12, 2e12], "space_khr": [1e12, 2e12]}, index=[2025, 2026])
    >>> plot_financing(plan).get_ylabel()
    'Billion riel (current prices)'
    """
    _require(plan, ("cost_khr", "budget_khr", "space_khr"), "the table of costing.financing")
    options = [c for c in plan.columns if c not in FINANCING_COLUMNS]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))
    years = plan.index.to_numpy()
    layers = {"existing budget": plan["budget_khr"]} | {name: plan[name] for name in options}
    palette = ["0.7", *sns.color_palette("deep", len(options))]
    bottom = np.zeros(len(plan))
    for colour, (name, values) in zip(palette, layers.items(), strict=True):
        ax.bar(years, values / 1e9, bottom=bottom, color=colour, label=name, width=0.75)
        bottom += values.to_numpy() / 1e9
    ax.plot(years, plan["cost_khr"] / 1e9, color="black", marker="o", label="cost of the package")
    ax.set_xticks(list(years))
    ax.set_xlabel("Year")
    ax.set_ylabel("Billion riel (current prices)")
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title("Cost of the package against the budget and the fiscal-space options")
    return ax


def plot_changes(
    changes: pd.DataFrame,
    *,
    change: str = "P0 change (points)",
    se: str = "SE (points)",
    ax: Axes | None = None,
    label: str = "Change in the poverty headcount (percentage points)",
) -> Axes:
    """Horizontal bars of a change by row with 95% confidence intervals (±1.96 SE).

    Parameters
    ----------
    changes : pandas.DataFrame
        E.g. :func:`sptools.recipes.costing_scenarios.changes_table`.

    Examples
    --------
    >>> t = pd.DataFrame({"P0 change (points)": [-1.0, -2.0], "SE (points)": [0.2, 0.3]},
    ...                  index=["a", "b"])
    >>> plot_changes(t).get_xlabel()
    'Change in the poverty headcount (percentage points)'
    """
    _require(changes, (change, se), "a table with the change and its SE")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.8 + 0.5 * len(changes)))
    positions = np.arange(len(changes))
    ax.barh(positions, changes[change], color=sns.color_palette("deep")[0])
    ax.errorbar(
        changes[change], positions, xerr=1.96 * changes[se], fmt="none", color="black", capsize=4
    )
    ax.set_yticks(positions, [str(i) for i in changes.index])
    ax.invert_yaxis()
    ax.axvline(0, color="0.4", linewidth=1)
    ax.set_xlabel(label)
    ax.set_ylabel("")
    ax.set_title("What each design buys (bars: estimate; lines: 95% confidence interval)")
    return ax


def plot_responses(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Grouped bars: coverage of the affected poor, exclusion and leakage of each response.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`sptools.recipes.costing_scenarios.response_table`.

    Examples
    --------
    >>> t = pd.DataFrame({"coverage of affected poor (%)": [50.0],
    ...     "exclusion of affected (%)": [60.0], "leakage to unaffected (%)": [70.0]},
    ...     index=pd.Index(["vertical"], name="response"))
    >>> plot_responses(t).get_xlabel()
    '% of households (weighted)'
    """
    columns = [
        "coverage of affected poor (%)",
        "exclusion of affected (%)",
        "leakage to unaffected (%)",
    ]
    _require(table, columns, "the table of response_table")
    long = table[columns].reset_index().melt(id_vars=table.index.name or "index")
    long.columns = ["response", "measure", "percent"]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.2 + 0.9 * len(table)))
    sns.barplot(data=long, y="response", x="percent", hue="measure", ax=ax, palette="deep")
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of households (weighted)")
    ax.set_ylabel("")
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title("Who each response reaches, misses and pays by mistake")
    return ax


def plot_simulator(frame: pd.DataFrame) -> Figure:
    """The simulator's two panels: cost of the scheme by year; poverty among the shock's affected.

    Parameters
    ----------
    frame : pandas.DataFrame
        :meth:`sptools.widgets.costing.CostingModel.run`'s tidy table.

    Examples
    --------
    >>> frame = pd.DataFrame({"panel": "projection", "series": "x", "year": [2025, 2026],
    ...     "indicator": "cost, % of GDP", "value": [0.1, 0.2], "unit": "%"})
    >>> plot_simulator(frame).axes[0].get_ylabel()
    'Cost (% of GDP)'
    """
    _require(frame, ("panel", "series", "year", "indicator", "value"), "CostingModel.run(...)")
    shock = frame[frame["panel"] == "shock"]
    figure, axes = plt.subplots(1, 2 if len(shock) else 1, figsize=(10, 3.8), squeeze=False)
    projection = frame[(frame["panel"] == "projection") & (frame["indicator"] == "cost, % of GDP")]
    left = axes[0, 0]
    left.bar(projection["year"], projection["value"], color=sns.color_palette("deep")[0])
    left.set_xticks(list(projection["year"]), [str(y) for y in projection["year"]], rotation=90)
    left.set_xlabel("Year")
    left.set_ylabel("Cost (% of GDP)")
    left.set_title(f"{projection['series'].iloc[0]}: cost", fontsize=11)
    if len(shock):
        values = shock.set_index("indicator")["value"]
        stages = ["before", "shock", "response"]
        right = axes[0, 1]
        right.bar(
            ["before the shock", "shock, no help", "with the response"],
            [values[f"P0 affected, {stage}"] for stage in stages],
            color=["0.6", sns.color_palette("deep")[3], sns.color_palette("deep")[2]],
        )
        right.set_ylabel("Poor among the affected (%)")
        right.set_xlabel("")
        right.set_title(shock["series"].iloc[0], fontsize=11)
    figure.tight_layout()
    return figure
