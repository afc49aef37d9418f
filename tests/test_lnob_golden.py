"""Golden tests of sptools.lnob against worked_examples.md, "D-index, HOI and Shapley: four cells,
two circumstances" (ESCAP LNOB methodology; HOI as in Paes de Barros et al. 2009)."""

from __future__ import annotations

import pandas as pd
import pytest

from sptools import Design
from sptools.lnob import access_by_group, d_index, hoi, lnob_tree, shapley_d

#: (wealth, residence, population share beta, access rate p) of the worked example.
CELLS = [
    ("Bottom 40", "Rural", 0.35, 0.30),
    ("Bottom 40", "Urban", 0.05, 0.75),
    ("Top 60", "Rural", 0.40, 0.55),
    ("Top 60", "Urban", 0.20, 0.95),
]
CIRCUMSTANCES = ["wealth", "residence"]
P_BAR = 0.5525
D = 0.17875 / (2 * P_BAR)
# D(wealth) from the example's groups: Bottom 40 (0.40, 0.35625), Top 60 (0.60, 0.68333...)
D_WEALTH = (0.4 * abs(0.1425 / 0.4 - P_BAR) + 0.6 * abs(0.41 / 0.6 - P_BAR)) / (2 * P_BAR)


def rows_in_proportion(n: int = 2000) -> pd.DataFrame:
    """Equal-weight rows, counts proportional to beta (exact access rates when n is a multiple of
    400)."""
    parts = []
    for wealth, residence, beta, rate in CELLS:
        size = round(beta * n)
        with_access = round(rate * size)
        parts.append(
            pd.DataFrame(
                {
                    "wealth": wealth,
                    "residence": residence,
                    "access": [1] * with_access + [0] * (size - with_access),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def weighted_rows(per_cell: int = 20) -> pd.DataFrame:
    """The same population as 20 rows per cell, each weighted beta / 20."""
    parts = []
    for wealth, residence, beta, rate in CELLS:
        with_access = round(rate * per_cell)
        parts.append(
            pd.DataFrame(
                {
                    "wealth": wealth,
                    "residence": residence,
                    "access": [1] * with_access + [0] * (per_cell - with_access),
                    "weight": beta / per_cell,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


@pytest.fixture(params=["counts", "weights"])
def example(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, Design | None]:
    if request.param == "counts":
        return rows_in_proportion(), None
    rows = weighted_rows()
    return rows, Design(rows, weight="weight", strata=None, psu=None)


def test_the_published_figures_are_consistent() -> None:
    assert round(D, 5) == 0.16176
    assert round(D_WEALTH, 5) == 0.14208
    assert P_BAR * (1 - D) == pytest.approx(0.463125, rel=1e-12)  # published rounded: 0.46313


def test_access_by_group_reproduces_the_cells(example: tuple[pd.DataFrame, Design | None]) -> None:
    data, design = example
    table = access_by_group(data, "access", CIRCUMSTANCES, design=design)
    assert list(table.columns) == [
        "wealth",
        "residence",
        "share",
        "rate",
        "se",
        "ci_low",
        "ci_high",
        "n",
    ]
    expected = pd.DataFrame(CELLS, columns=["wealth", "residence", "share", "rate"])
    pd.testing.assert_series_equal(table["share"], expected["share"], check_exact=False, rtol=1e-12)
    pd.testing.assert_series_equal(table["rate"], expected["rate"], check_exact=False, rtol=1e-12)
    assert table["wealth"].astype(str).tolist() == expected["wealth"].tolist()
    assert table["residence"].astype(str).tolist() == expected["residence"].tolist()
    assert (table["share"] * table["rate"]).sum() == pytest.approx(P_BAR, rel=1e-12)


def test_d_index_and_hoi(example: tuple[pd.DataFrame, Design | None]) -> None:
    data, design = example
    assert d_index(data, "access", CIRCUMSTANCES, design=design) == pytest.approx(D, rel=1e-12)
    assert round(d_index(data, "access", CIRCUMSTANCES, design=design), 5) == 0.16176
    assert hoi(data, "access", CIRCUMSTANCES, design=design) == pytest.approx(
        P_BAR * (1 - D), rel=1e-12
    )


def test_d_of_each_circumstance_alone(example: tuple[pd.DataFrame, Design | None]) -> None:
    data, design = example
    assert round(d_index(data, "access", ["wealth"], design=design), 5) == 0.14208
    assert round(d_index(data, "access", ["residence"], design=design), 5) == 0.16176


def test_shapley_contributions_and_shares(example: tuple[pd.DataFrame, Design | None]) -> None:
    data, design = example
    contributions = shapley_d(data, "access", CIRCUMSTANCES, design=design)
    assert contributions.index.tolist() == CIRCUMSTANCES
    assert contributions.index.name == "circumstance"
    assert contributions["wealth"] == pytest.approx(D_WEALTH / 2, rel=1e-12)
    assert contributions["residence"] == pytest.approx(D - D_WEALTH / 2, rel=1e-12)
    assert contributions.round(5).tolist() == [0.07104, 0.09072]
    shares = contributions.div(contributions.sum())
    assert shares.round(3).tolist() == [0.439, 0.561]
    assert contributions.attrs["d_index"] == pytest.approx(D, rel=1e-12)


def test_barrier_uses_the_complement() -> None:
    data = rows_in_proportion().assign(no_access=lambda df: 1 - df["access"])
    assert d_index(data, "no_access", CIRCUMSTANCES, barrier=True) == pytest.approx(D, rel=1e-12)
    assert hoi(data, "no_access", CIRCUMSTANCES, barrier=True) == pytest.approx(
        P_BAR * (1 - D), rel=1e-12
    )


@pytest.mark.parametrize("n", [2000, 20_000])
def test_tree_of_the_worked_example(n: int) -> None:
    tree = lnob_tree(rows_in_proportion(n), "access", CIRCUMSTANCES)
    assert tree.min_leaf == pytest.approx(n / 11, abs=1)
    assert tree.nodes.loc[0, "split_on"] == "residence"
    leaves = tree.leaves.set_index("path")
    assert leaves.index.tolist() == [
        "residence: Urban",
        "residence: Rural & wealth: Bottom 40",
        "residence: Rural & wealth: Top 60",
    ]
    assert leaves["share"].tolist() == pytest.approx([0.25, 0.35, 0.40], rel=1e-12)
    assert leaves["rate"].tolist() == pytest.approx([0.91, 0.30, 0.55], rel=1e-12)
    urban = tree.nodes.loc[tree.nodes["path"] == "residence: Urban"].iloc[0]
    assert urban["is_leaf"] and urban["n"] >= tree.min_split  # big enough, but no allowed split
    assert tree.furthest_behind["path"] == "residence: Rural & wealth: Bottom 40"
    assert tree.furthest_behind["rate"] == pytest.approx(0.30)
    assert tree.furthest_ahead["path"] == "residence: Urban"
    assert tree.furthest_ahead["rate"] == pytest.approx(0.91)
