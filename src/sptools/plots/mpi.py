"""Charts for the multidimensional poverty module.

* :func:`plot_ranked_with_ci`: groups (provinces, areas) ranked by a measure, with confidence
  intervals;
* :func:`plot_contributions`: stacked contributions of indicators or dimensions to M0, by group;
* :func:`plot_headcounts`: indicator headcount ratios side by side (uncensored and censored, or two
  rounds);
* :func:`plot_k_curve`: H(k) and M0(k) over every attainable poverty cutoff.

Each function takes the tables that :mod:`sptools.mpi` returns, draws with matplotlib and returns
the Axes it drew on. Indicator columns of the global MPI are labelled with their names from
:data:`sptools.indicators.INDICATORS` (``d_nutr`` -> "Nutrition").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from sptools.indicators import INDICATORS

__all__ = [
    "plot_contributions",
    "plot_headcounts",
    "plot_k_curve",
    "plot_ranked_with_ci",
    "readable",
]

#: How each measure is named on an axis, and whether it is shown in percent.
MEASURE_LABELS = {
    "H": ("Incidence H (% of people who are poor)", True),
    "A": ("Intensity A (% of weighted indicators)", True),
    "M0": ("MPI (M0 = H x A)", False),
    "vulnerable": ("Vulnerable to poverty (% of people)", True),
    "severe": ("In severe poverty (% of people)", True),
}


def readable(names: Sequence[object], labels: Mapping[str, str] | None = None) -> list[str]:
    """Readable names for indicator columns: ``labels`` first, then the global MPI registry.

    Examples
    --------
    >>> readable(["d_nutr", "Health", "d_bank"], {"d_bank": "Bank account"})
    ['Nutrition', 'Health', 'Bank account']
    """
    labels = labels or {}
    return [
        labels.get(str(name), INDICATORS[str(name)].label if str(name) in INDICATORS else str(name))
        for name in names
    ]


def _require_columns(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise KeyError(f"{what} needs the columns {missing}; available: {list(table.columns)}.")


def _check_values(values: pd.DataFrame, what: str) -> None:
    if values.isna().any().any():
        raise ValueError(f"{what} has missing values; every cell needs a number.")


def plot_ranked_with_ci(
    groups: pd.DataFrame,
    measure: str = "M0",
    *,
    national: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Groups ranked by a measure, each with its confidence interval, and the national value.

    Parameters
    ----------
    groups : pandas.DataFrame
        Indexed by group, with ``<measure>``, ``<measure>_ci_low`` and ``<measure>_ci_high``:
        :attr:`sptools.mpi.MPIResult.groups`.
    measure : str
        "H", "A", "M0", "vulnerable" or "severe". Shares are shown in percent; M0 as an index.
    national : float, optional
        National value, drawn as a dashed vertical line.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure sized to the number of groups by default.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        The highest value is at the top.

    Examples
    --------
    >>> table = pd.DataFrame(
    ...     {"M0": [0.1, 0.2], "M0_ci_low": [0.05, 0.15], "M0_ci_high": [0.15, 0.25]},
    ...     index=pd.Index(["North", "South"], name="region"),
    ... )
    >>> [t.get_text() for t in plot_ranked_with_ci(table).get_yticklabels()]  # from the bottom up
    ['North', 'South']
    """
    if measure not in MEASURE_LABELS:
        raise ValueError(f"measure must be one of {list(MEASURE_LABELS)}, got {measure!r}.")
    columns = [measure, f"{measure}_ci_low", f"{measure}_ci_high"]
    _require_columns(groups, columns, "plot_ranked_with_ci")
    _check_values(groups[columns], "plot_ranked_with_ci")
    label, percent = MEASURE_LABELS[measure]
    scale = 100 if percent else 1
    ranked = groups.sort_values(measure, ascending=True)[columns] * scale
    if ax is None:
        _, ax = plt.subplots(figsize=(7, max(2.5, 0.3 * len(ranked) + 1.2)))
    positions = np.arange(len(ranked))
    estimate = ranked[measure].to_numpy()
    errors = np.vstack(
        [estimate - ranked[columns[1]].to_numpy(), ranked[columns[2]].to_numpy() - estimate]
    )
    colour = sns.color_palette("colorblind")[0]
    ax.errorbar(
        estimate,
        positions,
        xerr=errors,
        fmt="o",
        color=colour,
        ecolor=colour,
        elinewidth=1.5,
        capsize=3,
        markersize=5,
        label="Estimate and 95% confidence interval",
    )
    ax.set_yticks(positions, [str(name) for name in ranked.index])
    if national is not None:
        ax.axvline(
            national * scale,
            color="black",
            linestyle="--",
            linewidth=1,
            label=f"National ({national * scale:.1f}%)"
            if percent
            else f"National ({national:.3f})",
        )
    ax.set_xlabel(label)
    ax.set_ylabel("")
    ax.set_ylim(-0.7, len(ranked) - 0.3)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    if title:
        ax.set_title(title)
    return ax


def plot_contributions(
    contributions: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Stacked bars: the percentage contribution of each indicator (or dimension) to M0, by group.

    Parameters
    ----------
    contributions : pandas.DataFrame
        Groups in rows, indicators or dimensions in columns, contributions as shares of M0
        (each row sums to one), e.g. ``result.group_indicators["contribution"].unstack()``.
        A group with M0 = 0 has no contributions: drop it first.
    labels : mapping, optional
        Column -> readable name (global MPI indicators are named automatically).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per group (first row at the top), one segment per column, in percent.

    Examples
    --------
    >>> shares = pd.DataFrame(
    ...     {"d_nutr": [0.5, 0.25], "d_elct": [0.5, 0.75]}, index=["Urban", "Rural"]
    ... )
    >>> ax = plot_contributions(shares)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Nutrition', 'Electricity']
    """
    if not isinstance(contributions, pd.DataFrame) or contributions.empty:
        raise TypeError(
            "contributions must be a non-empty DataFrame: groups in rows, indicators in columns."
        )
    _check_values(
        contributions, "contributions (drop groups with M0 = 0, whose contributions are undefined)"
    )
    totals = contributions.sum(axis=1)
    if not np.allclose(totals, 1, atol=1e-6) or (contributions < -1e-12).any().any():
        raise ValueError(
            "each row of contributions must hold non-negative shares of M0 that sum to one "
            f"(row sums: {totals.round(4).tolist()[:5]}); use the 'contribution' column, "
            "not 'absolute_contribution'."
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(2.0, 0.45 * len(contributions) + 1.5)))
    names = readable(contributions.columns, labels)
    colours = sns.color_palette("tab10" if len(names) <= 10 else "tab20", len(names))
    positions = np.arange(len(contributions))[::-1]
    left = np.zeros(len(contributions))
    for column, name, colour in zip(contributions.columns, names, colours, strict=True):
        width = contributions[column].to_numpy(dtype=float) * 100
        ax.barh(
            positions, width, left=left, color=colour, label=name, edgecolor="white", linewidth=0.5
        )
        left += width
    ax.set_yticks(positions, [str(group) for group in contributions.index])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Contribution to M0 (%)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_headcounts(
    table: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Headcount ratios of each indicator, side by side (e.g. uncensored and censored, or two
    rounds).

    Parameters
    ----------
    table : pandas.DataFrame
        Indexed by indicator, e.g. :attr:`sptools.mpi.MPIResult.indicators`.
    columns : mapping
        Column of ``table`` -> legend label, e.g. ``{"uncensored": "Deprived", "censored":
        "Poor and deprived"}``.
    labels : mapping, optional
        Indicator -> readable name (global MPI indicators are named automatically).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One group of horizontal bars per indicator, in percent of the population.

    Examples
    --------
    >>> t = pd.DataFrame(
    ...     {"uncensored": [0.3, 0.2], "censored": [0.1, 0.15]}, index=["d_wtr", "d_hsg"]
    ... )
    >>> ax = plot_headcounts(t, {"uncensored": "Deprived", "censored": "Poor and deprived"})
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['Drinking water', 'Housing']
    """
    _require_columns(table, list(columns), "plot_headcounts")
    _check_values(table[list(columns)], "plot_headcounts")
    long = (
        (table[list(columns)] * 100)
        .set_axis(readable(table.index, labels), axis=0)
        .rename(columns=dict(columns))
        .rename_axis("indicator")
        .reset_index()
        .melt(id_vars="indicator", var_name="series", value_name="percent")
    )
    if ax is None:
        _, ax = plt.subplots(figsize=(7, max(2.5, 0.35 * len(table) * len(columns) + 1)))
    sns.barplot(data=long, x="percent", y="indicator", hue="series", palette="colorblind", ax=ax)
    ax.set_xlabel("Headcount ratio (% of people)")
    ax.set_ylabel("")
    ax.legend(title="", loc="lower right", fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def plot_k_curve(
    sweep: pd.DataFrame,
    measures: Sequence[str] = ("H", "M0"),
    *,
    k: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """H(k) and M0(k) over the poverty cutoff, as steps, with M0's confidence band.

    Parameters
    ----------
    sweep : pandas.DataFrame
        :func:`sptools.mpi.k_sweep` output: one row per attainable cutoff, with ``k_value`` and
        the measures (and ``M0_ci_low``/``M0_ci_high`` for the band).
    measures : sequence of str
        Columns to draw ("H", "A", "M0").
    k : float, optional
        The cutoff in use, marked with a vertical line.
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        A value at an attainable cutoff holds for every k above the previous one, so the lines
        are drawn as steps.

    Examples
    --------
    >>> sweep = pd.DataFrame(
    ...     {"k_value": [0.25, 0.5, 1.0], "H": [0.75, 0.5, 0.25], "M0": [0.4, 0.35, 0.25]}
    ... )
    >>> [line.get_label() for line in plot_k_curve(sweep).get_lines()]
    ['H (share poor)', 'M0']
    """
    _require_columns(sweep, ["k_value", *measures], "plot_k_curve")
    _check_values(sweep[["k_value", *measures]], "plot_k_curve")
    names = {"H": "H (share poor)", "A": "A (intensity)", "M0": "M0"}
    unknown = [m for m in measures if m not in names]
    if unknown:
        raise ValueError(f"measures must be among {list(names)}, got {unknown}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    colours = sns.color_palette("colorblind")
    x = sweep["k_value"].to_numpy(dtype=float)
    for measure, colour in zip(measures, colours, strict=False):
        ax.plot(
            x,
            sweep[measure],
            drawstyle="steps-pre",
            marker="o",
            markersize=3.5,
            color=colour,
            label=names[measure],
        )
        if measure == "M0" and {"M0_ci_low", "M0_ci_high"} <= set(sweep.columns):
            ax.fill_between(
                x,
                sweep["M0_ci_low"],
                sweep["M0_ci_high"],
                step="pre",
                color=colour,
                alpha=0.25,
                linewidth=0,
            )
    if k is not None:
        ax.axvline(float(k), color="black", linestyle="--", linewidth=1)
        ax.annotate(
            f"k = {float(k):.3g}",
            (float(k), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(4, -12),
            textcoords="offset points",
            fontsize=8,
        )
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, None)
    ax.set_xlabel("Poverty cutoff k (share of weighted indicators)")
    ax.set_ylabel("H (share of people) and M0 (index)")
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    return ax
