"""LNOB trees: every split checked against an exhaustive search on the rows, the leaves against
the data they describe, and the ESCAP settings (minimum leaf, depth, cp, ordered circumstances)."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sptools import Design
from sptools.lnob import LNOBWarning, default_min_leaf, lnob_tree

pytestmark = pytest.mark.filterwarnings(f"ignore::{LNOBWarning.__module__}.{LNOBWarning.__name__}")

CIRCUMSTANCES = ["province", "education", "urban"]
EDUCATION = ["None", "Primary", "Secondary", "Higher"]


def weighted(data: pd.DataFrame) -> Design:
    """The design of rows with a weight column only (no strata, every row its own PSU)."""
    return Design(data, weight="weight", strata=None, psu=None)


def random_survey(seed: int, n: int) -> pd.DataFrame:
    """Rows with an unordered (province), an ordered (education, one level unused) and a boolean
    circumstance, access rates that differ by cell, and skewed weights."""
    rng = np.random.default_rng(seed)
    provinces = list("ABCDE")[: rng.integers(2, 6)]
    education_levels = EDUCATION[: rng.integers(2, 4)]
    data = pd.DataFrame(
        {
            "province": rng.choice(provinces, n),
            "education": pd.Categorical(
                rng.choice(education_levels, n), categories=EDUCATION, ordered=True
            ),
            "urban": rng.random(n) < 0.4,
        }
    )
    cell = data.groupby(CIRCUMSTANCES, observed=True).ngroup().to_numpy()
    rates = rng.random(cell.max() + 1)
    data["access"] = (rng.random(n) < rates[cell]).astype(int)
    data["weight"] = np.exp(rng.normal(0, 0.7, n))
    return data


def sum_of_squares(w: np.ndarray, y: np.ndarray) -> float:
    return float((w * (y - np.average(y, weights=w)) ** 2).sum())


Partition = frozenset  # of two frozensets of levels


def split_gains(rows: pd.DataFrame, min_leaf: int | None) -> dict[str, dict[Partition, float]]:
    """Gain of every binary split of the levels present, by circumstance and partition.

    Ordered education splits at thresholds; the others into every pair of subsets (each pair
    once). With ``min_leaf``, only splits whose children have at least that many rows.
    """
    w, y = rows["weight"].to_numpy(), rows["access"].to_numpy()
    parent = sum_of_squares(w, y)
    gains = {}
    for name in CIRCUMSTANCES:
        values = rows[name].to_numpy()
        if name == "education":
            present = [level for level in EDUCATION if (values == level).any()]
            lefts = [present[:k] for k in range(1, len(present))]
        else:
            present = sorted(set(values))
            lefts = [
                [present[0], *c]
                for k in range(len(present) - 1)
                for c in combinations(present[1:], k)
            ]
        gains[name] = {}
        for left in lefts:
            inside = np.isin(values, left)
            if min_leaf is None or min_leaf <= inside.sum() <= len(rows) - min_leaf:
                gain = (
                    parent
                    - sum_of_squares(w[inside], y[inside])
                    - sum_of_squares(w[~inside], y[~inside])
                )
                gains[name][partition(left, present)] = gain
    return gains


def partition(left: list, present: list) -> Partition:
    return frozenset({frozenset(left), frozenset(set(present) - set(left))})


def rpart_candidates(rows: pd.DataFrame, name: str) -> set[Partition]:
    """Splits rpart scans: prefixes of the levels sorted by weighted mean (ties: level order)."""
    if name == "education":
        present = [level for level in EDUCATION if (rows[name] == level).any()]
    else:
        means = (
            rows.assign(wy=rows["weight"] * rows["access"]).groupby(name)[["wy", "weight"]].sum()
        )
        present = (
            (means["wy"] / means["weight"]).sort_index().sort_values(kind="stable").index.tolist()
        )
    return {partition(present[:k], present) for k in range(1, len(present))}


def best(
    gains: dict[str, dict[Partition, float]], among: dict[str, set] | None = None
) -> float | None:
    values = [
        gain
        for name, splits in gains.items()
        for split, gain in splits.items()
        if among is None or split in among[name]
    ]
    return max(values) if values else None


def unique_best(gains: dict[str, dict[Partition, float]]) -> tuple[str, Partition] | None:
    """The best split when no other split comes within 1e-9 of it (None when tied)."""
    ranked = sorted(
        ((gain, name, split) for name, splits in gains.items() for split, gain in splits.items()),
        key=lambda item: -item[0],
    )
    if len(ranked) >= 2 and ranked[0][0] - ranked[1][0] <= 1e-9 * abs(ranked[0][0]) + 1e-12:
        return None
    return (ranked[0][1], ranked[0][2]) if ranked else None


def rows_of(data: pd.DataFrame, conditions: dict) -> pd.DataFrame:
    inside = np.ones(len(data), dtype=bool)
    for name, levels in conditions.items():
        inside &= data[name].isin(levels).to_numpy()
    return data[inside]


def sse_of(rows: pd.DataFrame) -> float:
    return sum_of_squares(rows["weight"].to_numpy(), rows["access"].to_numpy())


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(40, 300),
    min_leaf=st.integers(3, 40),
    max_depth=st.integers(1, 3),
)
def test_every_split_is_the_exhaustive_optimum(
    seed: int, n: int, min_leaf: int, max_depth: int
) -> None:
    """Each split is the best allowed split over all subsets of levels: rpart's candidates (levels
    in mean order) when the unconstrained best split respects the minimum leaf size (Breiman et
    al. 1984, Theorem 4.5), every subset otherwise (the circumstances here have <= 5 levels)."""
    data = random_survey(seed, n)
    tree = lnob_tree(
        data, "access", CIRCUMSTANCES, design=weighted(data), min_leaf=min_leaf, max_depth=max_depth
    )
    threshold = tree.cp * sse_of(data)
    for node, row in tree.nodes.iterrows():
        rows = rows_of(data, row["conditions"])
        assert len(rows) == row["n"]
        allowed = split_gains(rows, min_leaf)
        exhaustive = best(allowed)
        scanned = best(allowed, {name: rpart_candidates(rows, name) for name in CIRCUMSTANCES})
        free = unique_best(split_gains(rows, None))
        if free is not None and free[1] in allowed[free[0]]:  # the optimum respects min_leaf
            assert scanned == pytest.approx(exhaustive, rel=1e-9)
        if not row["is_leaf"]:
            assert row["improvement"] == pytest.approx(exhaustive, rel=1e-9, abs=1e-12)
            assert row["improvement"] >= threshold
            children = tree.nodes.loc[tree.nodes["parent"] == node, "conditions"]
            gain = sse_of(rows) - sum(sse_of(rows_of(data, child)) for child in children)
            assert gain == pytest.approx(row["improvement"], rel=1e-9, abs=1e-12)
        elif row["depth"] < max_depth and exhaustive is not None and len(rows) >= 2 * min_leaf:
            assert exhaustive < threshold + 1e-12 * sse_of(data)


def test_a_constrained_subset_split_outside_the_mean_order_scan_is_found() -> None:
    """Levels by mean: B .2, D .3, A .5, C .7, E .8. With 25 rows per leaf the only allowed splits
    of the prefix scan (rpart's, and ESCAP's) are B+D | rest and B+D+A | rest; sptools enumerates
    every subset when the minimum leaf binds, and takes the best allowed split of all."""
    spec = [("B", 13, 0.2), ("D", 14, 0.3), ("A", 12, 0.5), ("C", 12, 0.7), ("E", 13, 0.8)]
    data = groups([({"province": p}, size, round(rate * size)) for p, size, rate in spec])
    data = data.assign(weight=1.0, education="None", urban=False)
    tree = lnob_tree(data, "access", ["province"], min_leaf=25, max_depth=1)
    allowed = split_gains(data, 25)["province"]
    assert tree.nodes.loc[0, "improvement"] == pytest.approx(max(allowed.values()), rel=1e-12)
    scanned = best({"province": allowed}, {"province": rpart_candidates(data, "province")})
    assert tree.nodes.loc[0, "improvement"] >= scanned


def groups(spec: list[tuple[dict, int, int]]) -> pd.DataFrame:
    """Rows from (circumstances, rows, rows with access) triples."""
    return pd.concat(
        [
            pd.DataFrame({**values, "access": [1] * ones + [0] * (size - ones)}, index=range(size))
            for values, size, ones in spec
        ],
        ignore_index=True,
    )


def test_unordered_levels_split_into_any_two_subsets() -> None:
    data = groups(
        [({"province": p}, 100, k) for p, k in zip("ABCD", [10, 90, 20, 80], strict=True)]
    )
    tree = lnob_tree(data, "access", ["province"], max_depth=1)
    assert tree.leaves["path"].tolist() == ["province: A or C", "province: B or D"]
    assert tree.leaves["conditions"].tolist() == [
        {"province": ("A", "C")},
        {"province": ("B", "D")},
    ]


@pytest.mark.parametrize(
    ("education", "ordered", "expected"),
    [
        (pd.Categorical(EDUCATION * 100, categories=EDUCATION, ordered=True), None, "thresholds"),
        (pd.Categorical(EDUCATION * 100, categories=EDUCATION, ordered=True), [], "subsets"),
        (pd.Categorical(EDUCATION * 100, categories=EDUCATION), ["education"], "thresholds"),
        (pd.Categorical(EDUCATION * 100, categories=EDUCATION), None, "subsets"),
    ],
)
def test_ordered_from_categoricals_or_from_the_argument(education, ordered, expected: str) -> None:
    # Access by level: None 0, Primary 1, Secondary 0.5, Higher 1. The best split pairs None
    # with Secondary, which only an unordered circumstance allows.
    access = np.where(np.arange(400) % 8 == 2, 1, np.tile([0, 1, 0, 1], 100))
    data = pd.DataFrame({"education": education, "access": access})
    tree = lnob_tree(data, "access", ["education"], max_depth=1, min_leaf=50, ordered=ordered)
    first = tree.nodes.loc[1, "path"]
    if expected == "thresholds":
        assert first in {
            "education: None",
            "education: Primary or lower",
            "education: Secondary or lower",
        }
    else:
        assert first == "education: None or Secondary"


def test_ordered_ranges_are_described_in_words() -> None:
    spec = [
        ({"education": level}, 200, k)
        for level, k in zip(EDUCATION, [20, 160, 150, 30], strict=True)
    ]
    data = groups(spec)
    data["education"] = pd.Categorical(data["education"], categories=EDUCATION, ordered=True)
    paths = set(lnob_tree(data, "access", ["education"], min_leaf=50).nodes["path"])
    assert {
        "education: None",
        "education: Primary or higher",
        "education: Primary to Secondary",
    } <= paths
    assert "education: Higher" in paths


def test_minimum_leaf_is_respected_exactly() -> None:
    data = groups([({"sex": "F"}, 49, 0), ({"sex": "M"}, 51, 51)])
    assert len(lnob_tree(data, "access", ["sex"], min_leaf=49).leaves) == 2
    assert len(lnob_tree(data, "access", ["sex"], min_leaf=50).leaves) == 1
    assert len(lnob_tree(data, "access", ["sex"]).leaves) == 2  # default: max(49, 100 / 11) = 49


def test_default_minimum_leaf_is_escaps() -> None:
    assert [default_min_leaf(n) for n in (1, 539, 540, 2000, 90_000)] == pytest.approx(
        [49, 49, 540 / 11, 2000 / 11, 90_000 / 11], rel=1e-15
    )
    data = random_survey(3, 3000)
    tree = lnob_tree(data, "access", CIRCUMSTANCES)
    assert (tree.min_leaf, tree.min_split, tree.max_depth, tree.cp) == (
        3000 / 11,
        6000 / 11,
        6,
        1 / 3000,
    )
    # rpart truncates the fractional sizes ESCAP passes: 272.7 -> 272 rows, 545.5 -> 545
    assert (tree.min_leaf_rows, tree.min_split_rows) == (272, 545)


def test_max_depth_and_cp_stop_growth() -> None:
    data = random_survey(5, 2000)
    assert len(lnob_tree(data, "access", CIRCUMSTANCES, max_depth=0, min_leaf=5).nodes) == 1
    assert (
        lnob_tree(data, "access", CIRCUMSTANCES, max_depth=1, min_leaf=5).nodes["depth"].max() == 1
    )
    deep = lnob_tree(data, "access", CIRCUMSTANCES, min_leaf=5, cp=0.0)
    shallow = lnob_tree(data, "access", CIRCUMSTANCES, min_leaf=5, cp=0.02)
    root_sse = float((data["access"] - data["access"].mean()).pow(2).sum())
    assert len(shallow.nodes) < len(deep.nodes)
    assert (shallow.nodes.loc[~shallow.nodes["is_leaf"], "improvement"] >= 0.02 * root_sse).all()


def test_ties_go_to_the_circumstance_listed_first() -> None:
    data = random_survey(11, 500).assign(copy=lambda df: df["province"])
    assert (
        lnob_tree(data, "access", ["province", "copy"], min_leaf=5).nodes.loc[0, "split_on"]
        == "province"
    )
    assert (
        lnob_tree(data, "access", ["copy", "province"], min_leaf=5).nodes.loc[0, "split_on"]
        == "copy"
    )


def test_the_same_input_grows_the_same_tree() -> None:
    data = random_survey(13, 800)
    first = lnob_tree(data, "access", CIRCUMSTANCES, design=weighted(data), min_leaf=10)
    shuffled = data.sample(frac=1, random_state=1)
    again = lnob_tree(shuffled, "access", CIRCUMSTANCES, design=weighted(shuffled), min_leaf=10)
    pd.testing.assert_frame_equal(first.nodes, again.nodes, check_exact=False, rtol=1e-12)


def test_a_barrier_ranks_leaves_the_other_way() -> None:
    data = random_survey(17, 1500)
    barrier = data.assign(access=1 - data["access"])
    tree = lnob_tree(data, "access", CIRCUMSTANCES, design=weighted(data), min_leaf=30)
    flipped = lnob_tree(
        barrier, "access", CIRCUMSTANCES, design=weighted(barrier), min_leaf=30, barrier=True
    )
    # the same groups (children may come in the other order: left is the lower-rate side)
    same = tree.nodes.set_index("path")
    other = flipped.nodes.set_index("path")
    assert sorted(other.index) == sorted(same.index)
    assert other.loc[same.index, "rate"].tolist() == pytest.approx((1 - same["rate"]).tolist())
    assert flipped.furthest_behind["path"] == tree.furthest_behind["path"]
    assert flipped.furthest_behind["rate"] == flipped.leaves["rate"].max()
    assert flipped.furthest_ahead["rate"] == flipped.leaves["rate"].min()
    assert "(prevalence)" in flipped.to_text()


def test_equal_rates_rank_the_larger_group_first() -> None:
    data = groups(
        [
            ({"a": 0, "b": 0}, 100, 20),
            ({"a": 0, "b": 1}, 100, 80),
            ({"a": 1, "b": 0}, 200, 160),
            ({"a": 1, "b": 1}, 300, 60),
        ]
    )
    tree = lnob_tree(data, "access", ["a", "b"], min_leaf=50, cp=0.0)
    assert sorted(tree.leaves["n"]) == [100, 100, 200, 300]
    assert (tree.furthest_behind["rate"], tree.furthest_behind["n"]) == (pytest.approx(0.2), 300)
    assert (tree.furthest_ahead["rate"], tree.furthest_ahead["n"]) == (pytest.approx(0.8), 200)


def test_a_single_leaf_is_both_furthest_behind_and_ahead() -> None:
    data = groups([({"sex": "F"}, 100, 50), ({"sex": "M"}, 300, 150)])
    tree = lnob_tree(data, "access", ["sex"], min_leaf=50)
    assert len(tree.leaves) == 1 and tree.furthest_behind.name == 0 == tree.furthest_ahead.name


def test_text_rendering_has_one_line_per_node() -> None:
    data = random_survey(19, 2000)
    tree = lnob_tree(data, "access", CIRCUMSTANCES, design=weighted(data), min_leaf=100)
    lines = tree.to_text().splitlines()
    assert len(lines) == len(tree.nodes) + 1 and str(tree) == tree.to_text()
    assert lines[1].startswith("[0] Everyone: share 100.0%")
    behind = next(line for line in lines if "furthest behind" in line)
    assert behind.split("] ")[1].startswith(tree.furthest_behind["condition"])
    assert sum("<- furthest" in line for line in lines) == 2


def test_single_leaf_text_has_no_marks() -> None:
    data = groups([({"sex": "F"}, 30, 10), ({"sex": "M"}, 30, 20)])
    tree = lnob_tree(data, "access", ["sex"])
    assert tree.to_text().splitlines()[1:] == [
        "[0] Everyone: share 100.0%, rate 0.500 (0.370 to 0.630)"
    ]


def test_assign_leaves_unknown_levels_unassigned() -> None:
    data = groups(
        [({"province": p}, 100, k) for p, k in zip("ABCD", [10, 90, 20, 80], strict=True)]
    )
    tree = lnob_tree(data, "access", ["province"], max_depth=1)
    new = pd.DataFrame({"province": ["A", "B", "Z"]}, index=[7, 8, 9])
    assert tree.assign(new).tolist() == [1, 2, pd.NA]


def test_node_and_leaf_tables_have_the_documented_columns() -> None:
    data = random_survey(23, 1000)
    tree = lnob_tree(data, "access", CIRCUMSTANCES, design=weighted(data), min_leaf=60)
    assert tree.nodes.index.name == "id" and tree.nodes.index.tolist() == list(
        range(len(tree.nodes))
    )
    assert list(tree.nodes.columns) == [
        "parent",
        "depth",
        "condition",
        "path",
        "share",
        "rate",
        "se",
        "ci_low",
        "ci_high",
        "n",
        "is_leaf",
        "split_on",
        "improvement",
        "conditions",
    ]
    assert list(tree.leaves.columns) == [
        "path",
        "share",
        "rate",
        "se",
        "ci_low",
        "ci_high",
        "n",
        "depth",
        "condition",
        "conditions",
    ]
    root = tree.nodes.loc[0]
    assert pd.isna(root["parent"]) and root["path"] == root["condition"] == "Everyone"
    assert root["share"] == pytest.approx(1.0) and root["conditions"] == {}
    assert (tree.nodes["parent"].dropna() < tree.nodes.index[1:]).all()  # breadth-first ids
    assert tree.nodes.loc[tree.nodes["is_leaf"], "split_on"].isna().all()
    assert (tree.nodes.loc[tree.nodes["is_leaf"], "improvement"] == 0).all()
