"""Charts for SP2LNOB: access of each group of the tree before and after a package of schemes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from sptools.plots.lnob import BEHIND_COLOUR

__all__ = ["plot_before_after"]

#: Columns of ``SP2LNOBResult.groups`` the chart reads.
GROUP_COLUMNS = ("path", "share", "rate_before", "rate_after")


def plot_before_after(
    groups: pd.DataFrame,
    *,
    furthest_behind: int | None = None,
    ax: Axes | None = None,
    rate_label: str = "Access rate",
) -> Axes:
    """Dumbbell chart: each group's rate before (grey) and after (blue) the transfers.

    Parameters
    ----------
    groups : pandas.DataFrame
        ``SP2LNOBResult.groups`` (path, share, rate_before, rate_after; indexed by leaf).
    furthest_behind : int, optional
        The leaf to highlight (``SP2LNOBResult.furthest_behind``).
    ax : matplotlib.axes.Axes, optional
    rate_label : str
        What the rate measures ("Access to electricity", "Prevalence of stunting", ...).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> groups = pd.DataFrame({"path": ["Rural", "Urban"], "share": [0.7, 0.3],
    ...                        "rate_before": [0.6, 0.9], "rate_after": [0.65, 0.9]})
    >>> plot_before_after(groups, furthest_behind=0).get_xlabel()
    'Access rate (% of the group, weighted)'
    """
    missing = [c for c in GROUP_COLUMNS if c not in groups.columns]
    if missing:
        raise KeyError(f"groups lacks {missing}; pass SP2LNOBResult.groups.")
    ordered = groups.sort_values("rate_before", kind="stable")
    labels = [
        "\n".join(str(path).split(" & ")) + f"  (pop. {share:.0%})"
        for path, share in zip(ordered["path"], ordered["share"], strict=True)
    ]
    lines = max(len(str(path).split(" & ")) for path in ordered["path"])
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.4 + 0.3 * lines * len(ordered)))
    positions = range(len(ordered))
    before, after = 100 * ordered["rate_before"], 100 * ordered["rate_after"]
    ax.hlines(positions, before, after, color="0.6", linewidth=2, zorder=1)
    palette = sns.color_palette("deep")
    ax.scatter(before, positions, color="0.55", s=50, label="Before", zorder=2)
    ax.scatter(after, positions, color=palette[0], s=50, label="After", zorder=3)
    for position, (low, high) in enumerate(zip(before, after, strict=True)):
        ax.text(max(low, high) + 1, position, f"{high - low:+.1f} pts", va="center", fontsize=10)
    ax.set_yticks(list(positions), labels, fontsize=10)
    if furthest_behind is not None and furthest_behind in ordered.index:
        row = list(ordered.index).index(furthest_behind)
        ax.get_yticklabels()[row].set_color(BEHIND_COLOUR)
        ax.get_yticklabels()[row].set_fontweight("bold")
    ax.set_xlim(max(0.0, min(before.min(), after.min()) - 10), 105)
    ax.set_xlabel(f"{rate_label} (% of the group, weighted)")
    ax.set_ylabel("Group of the LNOB tree")
    ax.legend(loc="lower right", fontsize=10)
    ax.set_title(f"{rate_label} before and after the transfers")
    return ax
