"""Charts for the LNOB module: the tree diagram, access by group, D by indicator, Shapley shares.

Every function draws with matplotlib (the tree needs no graphviz) and returns the Figure (tree)
or the Axes it drew on, so that notebooks can add captions and save figures.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from sptools.lnob import LNOBTree, ShapleyResult
from sptools.lnob.dissimilarity import GROUP_COLUMNS

#: Edge colours of the highlighted leaves.
BEHIND_COLOUR = "#d7301f"
AHEAD_COLOUR = "#c51b7d"

_BOX_WIDTH = 0.9
_BOX_HEIGHT = 0.66

#: Font size of the tree's box text and tags, in points: readable on a projector at the default
#: figure size (which grows with the number of leaves and the depth to fit it).
TREE_FONTSIZE = 11


def plot_tree(
    tree: LNOBTree,
    *,
    ax: Axes | None = None,
    cmap: str = "YlGnBu",
    label_chars: int = 48,
    title: str | None = None,
) -> Figure:
    """Draw an LNOB tree: one box per group with its condition, population share and rate.

    Each box gives the group's condition, its share of the population and its rate with the
    95% confidence interval (from the survey design). Boxes are coloured by the group's rate on a
    fixed 0-1 scale (so trees of different indicators compare), with a colorbar; the furthest behind
    leaf has a thick red border and the furthest ahead a thick dashed magenta one, each tagged in
    words below the box.

    Parameters
    ----------
    tree : LNOBTree
        A tree from :func:`sptools.lnob.lnob_tree`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure sized to the tree by default.
    cmap : str
        A sequential matplotlib colormap.
    label_chars : int
        Conditions longer than this (long lists of provinces) are shortened.
    title : str, optional
        Defaults to "Who is furthest behind? LNOB tree of <outcome>".

    Returns
    -------
    matplotlib.figure.Figure
        Each node's box has ``gid`` ``"lnob-node-<id>"``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sptools.lnob import lnob_tree
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"urban": rng.random(400) < 0.5})
    >>> df["water"] = (rng.random(400) < np.where(df["urban"], 0.9, 0.3)).astype(int)
    >>> fig = plot_tree(lnob_tree(df, "water", ["urban"]))
    >>> len([p for p in fig.axes[0].patches if (p.get_gid() or "").startswith("lnob-node-")])
    3
    """
    nodes = tree.nodes
    x, y = _layout(nodes)
    n_leaves = int(nodes["is_leaf"].sum())
    depth = int(nodes["depth"].max())
    if ax is None:
        _, ax = plt.subplots(figsize=(max(7.0, 2.9 * n_leaves + 1.5), 2.3 * (depth + 1) + 1.2))
    norm = Normalize(0.0, 1.0)
    colours = plt.get_cmap(cmap)
    leaves = tree.leaves
    highlight = {}
    if len(leaves) > 1:
        highlight = {
            tree.furthest_behind.name: (BEHIND_COLOUR, "solid", "Furthest behind"),
            tree.furthest_ahead.name: (AHEAD_COLOUR, "dashed", "Furthest ahead"),
        }
    for node, row in nodes.iterrows():
        if pd.notna(row["parent"]):
            parent = int(row["parent"])
            ax.plot(
                [x[parent], x[node]],
                [y[parent] - _BOX_HEIGHT / 2, y[node] + _BOX_HEIGHT / 2],
                color="0.55",
                linewidth=1,
                zorder=1,
            )
        face = colours(norm(row["rate"]))
        ax.add_patch(
            FancyBboxPatch(
                (x[node] - _BOX_WIDTH / 2, y[node] - _BOX_HEIGHT / 2),
                _BOX_WIDTH,
                _BOX_HEIGHT,
                boxstyle="round,pad=0.02",
                facecolor=face,
                edgecolor=highlight[node][0] if node in highlight else "0.35",
                linestyle=highlight[node][1] if node in highlight else "solid",
                linewidth=3.5 if node in highlight else 0.8,
                zorder=2,
                gid=f"lnob-node-{node}",
            )
        )
        if node in highlight:
            colour, _, tag = highlight[node]
            ax.text(
                x[node],
                y[node] - _BOX_HEIGHT / 2 - 0.05,
                tag,
                ha="center",
                va="top",
                fontsize=TREE_FONTSIZE,
                fontweight="bold",
                color=colour,
            )
        ax.text(
            x[node],
            y[node],
            f"{_wrap(_box_label(row, label_chars), 19)}\n"
            f"{row['share']:.1%} of population\nrate {row['rate']:.2f}"
            f" ({row['ci_low']:.2f}-{row['ci_high']:.2f})",
            ha="center",
            va="center",
            fontsize=TREE_FONTSIZE,
            zorder=3,
            color="white" if _is_dark(face) else "black",
        )
    ax.set_xlim(-0.6, max(n_leaves - 0.4, 0.6))
    ax.set_ylim(-depth - 0.7, 0.6)
    ax.set_axis_off()
    kind = "Prevalence" if tree.barrier else "Access rate"
    colorbar = ax.figure.colorbar(
        ScalarMappable(norm=norm, cmap=colours), ax=ax, shrink=0.8, pad=0.02
    )
    colorbar.set_label(f"{kind} in the group (0-1, weighted)")
    if highlight:
        ax.legend(
            handles=[
                Line2D([], [], color=colour, linestyle=style, linewidth=3.5, label=tag)
                for colour, style, tag in highlight.values()
            ],
            loc="upper left",
            frameon=False,
            fontsize=TREE_FONTSIZE,
        )
    ax.set_title(title or f"Who is furthest behind? LNOB tree of {tree.outcome}")
    return ax.figure


def _layout(nodes: pd.DataFrame) -> tuple[dict[int, float], dict[int, float]]:
    """Place leaves left to right in depth-first order, parents above their children's middle."""
    children = nodes.groupby("parent").groups
    x: dict[int, float] = {}
    next_leaf = 0.0

    def place(node: int) -> float:
        nonlocal next_leaf
        kids = [int(kid) for kid in children.get(node, [])]
        if not kids:
            x[node] = next_leaf
            next_leaf += 1
        else:
            x[node] = float(np.mean([place(kid) for kid in kids]))
        return x[node]

    place(0)
    y = {int(node): -float(depth) for node, depth in nodes["depth"].items()}
    return x, y


def _box_label(node: pd.Series, limit: int) -> str:
    """The node's condition; a long list of levels is cut, after saying how many there are."""
    text = node["condition"]
    if len(text) <= limit:
        return text
    name = text.split(": ", 1)[0]
    levels = node["conditions"][name]
    text = f"{name} ({len(levels)} levels): {', '.join(map(str, levels))}"
    return text[: limit - 1].rstrip(" ,") + "…"


def _wrap(text: str, width: int = 22) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def _is_dark(rgba: tuple[float, float, float, float]) -> bool:
    red, green, blue = rgba[:3]
    return 0.299 * red + 0.587 * green + 0.114 * blue < 0.5


def plot_access_by_group(
    groups: pd.DataFrame, *, ax: Axes | None = None, rate_label: str = "Access rate"
) -> Axes:
    """Bar chart of the rate in every group of circumstances, lowest first, with the national rate.

    Parameters
    ----------
    groups : pandas.DataFrame
        The result of :func:`sptools.lnob.access_by_group`: circumstance columns, ``share``,
        ``rate`` and ``n``.
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    rate_label : str
        What the rate measures ("Access rate", "Prevalence of stunting", ...).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from sptools.lnob import access_by_group
    >>> df = pd.DataFrame({"water": [1, 1, 0, 1], "urban": [True, True, False, False]})
    >>> ax = plot_access_by_group(access_by_group(df, "water", ["urban"]))
    >>> ax.get_xlabel()
    'Access rate (% of the group, weighted)'
    """
    missing = [column for column in GROUP_COLUMNS if column not in groups.columns]
    if missing:
        raise KeyError(f"groups lacks {missing}; pass the result of sptools.lnob.access_by_group.")
    circumstances = [column for column in groups.columns if column not in GROUP_COLUMNS]
    ordered = groups.sort_values("rate", kind="stable")
    labels = ordered[circumstances].astype(str).agg(" & ".join, axis=1)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 1.2 + 0.35 * len(ordered)))
    colours = sns.color_palette("YlGnBu", as_cmap=True)(ordered["rate"].to_numpy())
    ax.barh(labels, 100 * ordered["rate"], color=colours, edgecolor="0.3", linewidth=0.5)
    for position, (rate, share) in enumerate(zip(ordered["rate"], ordered["share"], strict=True)):
        ax.text(100 * rate + 1, position, f"{rate:.0%} (pop. {share:.0%})", va="center", fontsize=8)
    national = float((groups["share"] * groups["rate"]).sum())
    ax.axvline(
        100 * national,
        color=BEHIND_COLOUR,
        linestyle="--",
        linewidth=1.2,
        label=f"National: {national:.0%}",
    )
    ax.set_xlim(0, 118)
    ax.set_xlabel(f"{rate_label} (% of the group, weighted)")
    ax.set_ylabel(" & ".join(circumstances))
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"{rate_label} by group of circumstances")
    return ax


def plot_d_index(d: Mapping[str, float] | pd.Series, *, ax: Axes | None = None) -> Axes:
    """Bar chart of the dissimilarity index D of several indicators, most unequal on top.

    Parameters
    ----------
    d : mapping or pandas.Series
        Indicator name -> D (0-1), e.g. ``{name: d_index(...) for name in indicators}``.
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_d_index({"Electricity": 0.12, "Bank account": 0.31})
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Electricity', 'Bank account']
    """
    values = pd.Series(d, dtype=float).sort_values(kind="stable")
    outside = values[(values < 0) | (values > 1) | values.isna()]
    if len(outside):
        raise ValueError(f"D must lie in [0, 1]; got {outside.to_dict()}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 1.2 + 0.4 * len(values)))
    ax.barh(values.index.astype(str), values.to_numpy(), color=sns.color_palette("YlGnBu", 3)[2])
    for position, value in enumerate(values):
        ax.text(value + 0.01, position, f"{value:.3f}", va="center", fontsize=8)
    ax.set_xlim(0, min(1.0, max(0.1, values.max() * 1.25)))
    ax.set_xlabel("Dissimilarity index D (0 = equal access in all groups, 1 = maximal inequality)")
    ax.set_ylabel("Indicator")
    ax.set_title("Inequality of access across groups of circumstances")
    return ax


def plot_shapley(
    contributions: pd.DataFrame | Mapping[str, pd.Series | ShapleyResult],
    *,
    ax: Axes | None = None,
) -> Axes:
    """Stacked bars: the share of each indicator's D due to each circumstance (Shapley).

    Parameters
    ----------
    contributions : pandas.DataFrame or mapping of str to pandas.Series
        Absolute Shapley contributions: indicators as rows and circumstances as columns, or a
        mapping indicator -> the Series from :func:`sptools.lnob.shapley_d` (or the result of
        :func:`sptools.lnob.shapley_table`). A circumstance
        missing for an indicator (not used in its decomposition) is shown as 0.
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        When an indicator's contributions sum to 0 (D = 0: no shares to show).

    Examples
    --------
    >>> table = pd.DataFrame({"wealth": [0.07, 0.02], "residence": [0.09, 0.06]},
    ...                      index=["Electricity", "Water"])
    >>> ax = plot_shapley(table)
    >>> ax.get_xlabel()
    'Share of D due to the circumstance (%)'
    """
    if isinstance(contributions, Mapping):  # circumstances in order of first appearance
        series = {
            name: value.contributions if isinstance(value, ShapleyResult) else value
            for name, value in contributions.items()
        }
        table = pd.concat(series, axis=1, sort=False).T
    else:
        table = contributions
    # a circumstance not used for an indicator explains none of its D
    table = table.astype(float).fillna(0.0)
    totals = table.sum(axis=1)
    if (totals <= 0).any():
        raise ValueError(
            f"indicator(s) {totals.index[totals <= 0].tolist()} have D = 0: their Shapley shares "
            f"are undefined; leave them out of the chart."
        )
    shares = 100 * table.div(totals, axis=0)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 1.4 + 0.45 * len(shares)))
    left = np.zeros(len(shares))
    palette = sns.color_palette("colorblind", len(shares.columns))
    labels = shares.index.astype(str)
    for colour, circumstance in zip(palette, shares.columns, strict=True):
        ax.barh(labels, shares[circumstance], left=left, color=colour, label=str(circumstance))
        left += shares[circumstance].to_numpy()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of D due to the circumstance (%)")
    ax.set_ylabel("Indicator")
    ax.legend(
        title="Circumstance", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False
    )
    ax.set_title("What drives inequality of access? (Shapley decomposition of D)")
    return ax


def plot_change(
    before: pd.Series,
    after: pd.Series,
    *,
    labels: tuple[str, str] = ("2014", "2022"),
    rate_label: str = "Access rate",
    ax: Axes | None = None,
) -> Axes:
    """Dumbbell chart: the rate of each indicator or group at two dates, with the change in points.

    Parameters
    ----------
    before, after : pandas.Series
        Rates (0-1) indexed by the same indicators or groups.
    labels : tuple of str
        What the two dates are called (legend).
    rate_label : str
        What the rate measures ("Access rate", "Prevalence", ...).
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
        Rows sorted by the later rate, lowest at the bottom.

    Raises
    ------
    ValueError
        The two Series have different labels, or a rate is missing or outside [0, 1].

    Examples
    --------
    >>> ax = plot_change(pd.Series({"Electricity": 0.56, "Water": 0.63}),
    ...                  pd.Series({"Electricity": 0.90, "Water": 0.82}))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Water', 'Electricity']
    """
    if set(before.index) != set(after.index):
        raise ValueError(
            f"before and after must describe the same rows; only in before: "
            f"{sorted(map(str, set(before.index) - set(after.index)))}, only in after: "
            f"{sorted(map(str, set(after.index) - set(before.index)))}."
        )
    table = pd.DataFrame({"before": before, "after": after.reindex(before.index)}).astype(float)
    bad = table[table.isna().any(axis=1) | (table < 0).any(axis=1) | (table > 1).any(axis=1)]
    if len(bad):
        raise ValueError(
            f"rates must lie in [0, 1] with no missing value; got {bad.to_dict('index')}. "
            f"Leave out groups with nobody in one of the rounds."
        )
    table = table.sort_values("after", kind="stable")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * len(table)))
    positions = np.arange(len(table))
    first, second = sns.color_palette("colorblind", 2)
    ax.hlines(
        positions, 100 * table["before"], 100 * table["after"], color="0.6", linewidth=2, zorder=1
    )
    ax.scatter(100 * table["before"], positions, color=first, s=45, zorder=2, label=labels[0])
    ax.scatter(
        100 * table["after"], positions, color=second, s=45, marker="D", zorder=2, label=labels[1]
    )
    for position, (old, new) in enumerate(zip(table["before"], table["after"], strict=True)):
        ax.text(
            100 * max(old, new) + 2,
            position,
            f"{100 * (new - old):+.0f} pts",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(positions, table.index.astype(str))
    ax.set_xlim(0, 112)
    ax.set_xlabel(f"{rate_label} (% of the group, weighted)")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"{rate_label}: {labels[0]} and {labels[1]}")
    return ax
