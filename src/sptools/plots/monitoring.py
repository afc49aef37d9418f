"""Charts of the M&E reporting dashboard: four indicators of the results framework by month."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

__all__ = ["PANELS", "plot_trends"]

#: Panels of the dashboard: column of the monthly table -> (title, y-axis label, share?).
PANELS = {
    "beneficiaries": ("Beneficiaries", "Records with a payment due", False),
    "on_time_rate": ("Payments made on time", "Share of payments due (%)", True),
    "execution_rate": ("Budget execution", "Spent / allocated (%)", True),
    "resolved_in_time_rate": ("Grievances resolved in time", "Share of grievances (%)", True),
}


def plot_trends(monthly: pd.DataFrame, *, hue: str | None = None, title: str = "") -> Figure:
    """Four small line charts, one per indicator, by month (one line per ``hue`` group).

    Parameters
    ----------
    monthly : pandas.DataFrame
        One row per month (and ``hue`` group): ``month`` and the columns of :data:`PANELS`, as
        :func:`sptools.monitoring.rollup` returns them (reset its index first).
    hue : str, optional
        A column to draw one line per value of (e.g. ``"programme"``).
    title : str
        The figure's title (what was selected).

    Returns
    -------
    matplotlib.figure.Figure
        Already closed in pyplot: display it (``display(figure)``, or as a cell's last value).

    Examples
    --------
    >>> monthly = pd.DataFrame({"month": ["2025-01", "2025-02"], "beneficiaries": [10, 12],
    ...     "on_time_rate": [0.9, 0.8], "execution_rate": [0.5, 0.6],
    ...     "resolved_in_time_rate": [1.0, 0.5]})
    >>> figure = plot_trends(monthly)
    >>> [ax.get_title() for ax in figure.axes][:2]
    ['Beneficiaries', 'Payments made on time']
    """
    missing = [column for column in ("month", *PANELS) if column not in monthly.columns]
    if missing:
        raise KeyError(f"monthly lacks {missing}; pass rollup(table, ['month']).reset_index().")
    figure, axes = plt.subplots(2, 2, figsize=(11, 6.5), sharex=True)
    # Closed in pyplot at once: a notebook shows it where it is displayed, not again at the end
    # of the cell that made it (the figure itself stays whole).
    plt.close(figure)
    # A fixed layout: the constrained layout engine would double the time of a refresh.
    figure.subplots_adjust(
        left=0.08, right=0.8 if hue else 0.98, top=0.9, bottom=0.13, hspace=0.25, wspace=0.3
    )
    data = monthly.copy()
    for column, (_, _, share) in PANELS.items():
        if share:
            data[column] = 100 * data[column].astype("float64")
    groups = list(dict.fromkeys(data[hue])) if hue is not None else [None]
    colours = dict(zip(groups, sns.color_palette(n_colors=len(groups)), strict=True))
    months = sorted(set(data["month"]))
    position = {month: i for i, month in enumerate(months)}
    # One matplotlib line per group in seaborn's palette: sns.lineplot's grouping machinery
    # would take most of a refresh, and there is one value per month and group to draw.
    for ax, (column, (panel_title, label, share)) in zip(axes.flat, PANELS.items(), strict=True):
        for group in groups:
            rows = data if group is None else data[data[hue] == group]
            ax.plot(rows["month"].map(position), rows[column], marker="o", color=colours[group])
        ax.set_title(panel_title)
        ax.set_ylabel(label)
        ax.set_xlabel("Month" if ax in axes[-1] else "")
        ax.set_xticks(range(len(months)), months, rotation=45, ha="right")
        ax.set_ylim(0, 105 if share else None)
        sns.despine(ax=ax)
    if hue is not None:
        handles = [Line2D([], [], color=colours[g], marker="o") for g in groups]
        figure.legend(
            handles,
            groups,
            title=hue.capitalize(),
            loc="upper left",
            bbox_to_anchor=(0.81, 0.9),
            frameon=False,
        )
    if title:
        figure.suptitle(title)
    return figure
