"""Charts of sptools.plots.lnob draw, are labelled, and show what they claim (Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colorbar import Colorbar  # noqa: E402

from sptools.lnob import access_by_group, lnob_tree, shapley_d  # noqa: E402
from sptools.plots.lnob import (  # noqa: E402
    AHEAD_COLOUR,
    BEHIND_COLOUR,
    plot_access_by_group,
    plot_d_index,
    plot_shapley,
    plot_tree,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def survey() -> pd.DataFrame:
    rng = np.random.default_rng(42)
    n = 3000
    data = pd.DataFrame(
        {
            "wealth": rng.choice(["Bottom 40", "Top 60"], n, p=[0.4, 0.6]),
            "residence": rng.choice(["Rural", "Urban"], n, p=[0.7, 0.3]),
            "province": rng.choice([f"Province {i}" for i in range(8)], n),
        }
    )
    rate = 0.2 + 0.35 * (data["wealth"] == "Top 60") + 0.3 * (data["residence"] == "Urban")
    data["electricity"] = (rng.random(n) < rate).astype(int)
    data["stunted"] = (rng.random(n) < 0.5 - 0.4 * rate).astype(int)
    return data


def node_boxes(fig: plt.Figure) -> list:
    return [p for p in fig.axes[0].patches if (p.get_gid() or "").startswith("lnob-node-")]


def test_tree_has_one_box_per_node_with_its_numbers(survey: pd.DataFrame) -> None:
    tree = lnob_tree(survey, "electricity", ["wealth", "residence", "province"], min_leaf=100)
    fig = plot_tree(tree)
    boxes = node_boxes(fig)
    assert sorted(box.get_gid() for box in boxes) == sorted(
        f"lnob-node-{i}" for i in tree.nodes.index
    )
    texts = [t.get_text() for t in fig.axes[0].texts]
    for _, row in tree.nodes.iterrows():
        assert any(f"{row['share']:.1%} of population\nrate {row['rate']:.2f}" in t for t in texts)
    assert "Furthest behind" in texts and "Furthest ahead" in texts
    assert "LNOB tree of electricity" in fig.axes[0].get_title()


def test_tree_colours_boxes_by_rate_with_a_colorbar(survey: pd.DataFrame) -> None:
    tree = lnob_tree(survey, "electricity", ["wealth", "residence"], min_leaf=100)
    fig = plot_tree(tree)
    colorbars = [ax for ax in fig.axes[1:] if isinstance(getattr(ax, "_colorbar", None), Colorbar)]
    assert len(colorbars) == 1 and "Access rate" in colorbars[0].get_ylabel()
    boxes = {int(box.get_gid().rsplit("-", 1)[1]): box for box in node_boxes(fig)}
    cmap = plt.get_cmap("YlGnBu")
    for node, row in tree.nodes.iterrows():
        assert boxes[node].get_facecolor() == pytest.approx(cmap(row["rate"]))
    behind, ahead = tree.furthest_behind.name, tree.furthest_ahead.name
    assert matplotlib.colors.to_hex(boxes[behind].get_edgecolor()) == BEHIND_COLOUR
    assert matplotlib.colors.to_hex(boxes[ahead].get_edgecolor()) == AHEAD_COLOUR
    others = [box for node, box in boxes.items() if node not in (behind, ahead)]
    assert all(box.get_linewidth() < boxes[behind].get_linewidth() for box in others)


def test_children_sit_below_their_parent(survey: pd.DataFrame) -> None:
    tree = lnob_tree(survey, "electricity", ["wealth", "residence", "province"], min_leaf=100)
    boxes = {int(b.get_gid().rsplit("-", 1)[1]): b for b in node_boxes(plot_tree(tree))}
    centre = {node: (b.get_x() + b.get_width() / 2, b.get_y()) for node, b in boxes.items()}
    for node, parent in tree.nodes["parent"].dropna().items():
        assert centre[node][1] < centre[int(parent)][1]
    leaves = tree.leaves.index
    assert len({round(centre[leaf][0], 6) for leaf in leaves}) == len(leaves)  # no overlap


def test_barrier_tree_and_single_leaf(survey: pd.DataFrame) -> None:
    tree = lnob_tree(survey, "stunted", ["wealth", "residence"], barrier=True, min_leaf=100)
    fig = plot_tree(tree, title="Stunting")
    assert fig.axes[0].get_title() == "Stunting"
    assert "Prevalence" in fig.axes[-1].get_ylabel()
    single = lnob_tree(survey.iloc[:60], "electricity", ["wealth"])
    fig = plot_tree(single)
    assert len(node_boxes(fig)) == 1 and "Furthest behind" not in [
        t.get_text() for t in fig.axes[0].texts
    ]


def test_tree_shortens_long_conditions(survey: pd.DataFrame) -> None:
    tree = lnob_tree(survey, "electricity", ["province"], min_leaf=50, max_depth=1)
    fig = plot_tree(tree, label_chars=30)
    long = tree.nodes.loc[tree.nodes["condition"].str.len() > 30]
    assert len(long)  # 8 provinces split in two: at least one side is a long list
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
    for _, node in long.iterrows():
        count = len(node["conditions"]["province"])
        assert any(
            label.startswith(f"province ({count} levels): Province") and "…" in label
            for label in labels
        )


def test_plot_on_given_axes(survey: pd.DataFrame) -> None:
    fig, ax = plt.subplots()
    tree = lnob_tree(survey, "electricity", ["wealth"], min_leaf=100)
    assert plot_tree(tree, ax=ax) is fig
    assert plot_d_index({"a": 0.1}, ax=ax) is ax


def test_access_by_group_bars(survey: pd.DataFrame) -> None:
    groups = access_by_group(survey, "electricity", ["wealth", "residence"])
    ax = plot_access_by_group(groups)
    assert [t.get_text() for t in ax.get_yticklabels()] == (
        groups.sort_values("rate")[["wealth", "residence"]]
        .astype(str)
        .agg(" & ".join, axis=1)
        .tolist()
    )
    widths = sorted(bar.get_width() for bar in ax.patches)
    assert widths == pytest.approx(sorted(100 * groups["rate"]))
    assert "%" in ax.get_xlabel() and ax.get_ylabel() == "wealth & residence"
    national = 100 * np.average(survey["electricity"])
    assert ax.lines[0].get_xdata()[0] == pytest.approx(national)
    with pytest.raises(KeyError, match="access_by_group"):
        plot_access_by_group(groups.drop(columns="rate"))


def test_d_index_bars() -> None:
    ax = plot_d_index(pd.Series({"Electricity": 0.12, "Water": 0.05, "Bank account": 0.31}))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Water", "Electricity", "Bank account"]
    assert [bar.get_width() for bar in ax.patches] == pytest.approx([0.05, 0.12, 0.31])
    assert "Dissimilarity index D" in ax.get_xlabel() and ax.get_ylabel() == "Indicator"
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        plot_d_index({"Water": 1.2})


def test_shapley_shares_stack_to_100(survey: pd.DataFrame) -> None:
    contributions = {
        "Electricity": shapley_d(survey, "electricity", ["wealth", "residence", "province"]),
        "Not stunted": shapley_d(survey, "stunted", ["wealth", "residence"], barrier=True),
    }
    ax = plot_shapley(contributions)
    ends = {}
    for bar in ax.patches:
        key = round(bar.get_y(), 6)
        ends[key] = max(ends.get(key, 0.0), bar.get_x() + bar.get_width())
    assert list(ends.values()) == pytest.approx([100.0, 100.0])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["wealth", "residence", "province"]
    assert ax.get_xlabel() == "Share of D due to the circumstance (%)"
    expected = contributions["Electricity"] / contributions["Electricity"].sum() * 100
    electricity = [b.get_width() for b in ax.patches if round(b.get_y(), 6) == min(ends)]
    assert electricity == pytest.approx(expected.tolist())


def test_shapley_of_an_equal_indicator_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\['Water'\] have D = 0"):
        plot_shapley(pd.DataFrame({"wealth": [0.1, 0.0]}, index=["Electricity", "Water"]))


def test_tree_text_is_at_least_11_points_and_fits_its_box(survey: pd.DataFrame) -> None:
    tree = lnob_tree(survey, "electricity", ["wealth", "residence", "province"], min_leaf=100)
    fig = plot_tree(tree)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [t for t in fig.axes[0].texts if t.get_text()]
    assert all(t.get_fontsize() >= 11 for t in texts)
    boxes = [box.get_window_extent(renderer) for box in node_boxes(fig)]
    labels = [t for t in texts if "of population" in t.get_text()]
    for text in labels:
        extent = text.get_window_extent(renderer)
        box = next(b for b in boxes if b.contains(*extent.get_points().mean(axis=0)))
        assert box.x0 - 2 <= extent.x0 and extent.x1 <= box.x1 + 2, text.get_text()
        assert box.y0 - 2 <= extent.y0 and extent.y1 <= box.y1 + 2, text.get_text()
    for _, row in tree.nodes.iterrows():
        shown = f"rate {row['rate']:.2f} ({row['ci_low']:.2f}-{row['ci_high']:.2f})"
        assert any(shown in t.get_text() for t in labels)


def test_shapley_chart_takes_shapley_tables(survey: pd.DataFrame) -> None:
    from sptools.lnob import shapley_table

    names = ["wealth", "residence"]
    as_series = plot_shapley({"Electricity": shapley_d(survey, "electricity", names)})
    as_table = plot_shapley({"Electricity": shapley_table(survey, "electricity", names)})
    widths = [[bar.get_width() for bar in ax.patches] for ax in (as_series, as_table)]
    assert widths[0] == pytest.approx(widths[1])
