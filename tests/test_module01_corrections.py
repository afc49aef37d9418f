"""Module 1's corrected claims, computed on the shipped survey with sptools (fast).

Each test pins a statement that the module 1 lessons make in prose (through ``{eval}``), so that a
change of the data or of the library that makes the text wrong fails here, not in front of a
room. The lessons themselves hold no asserts (CONTRIBUTING.md); the slow companion
``test_module01_results.py`` runs the lessons and checks their own variables.
"""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import pandas as pd
import pytest
from conftest import REPOSITORY
from test_notebook_hygiene import (
    test_converted_notebook_reads_right_in_jupyterlab as _reads_right_in_jupyterlab,
)

from sptools import Design
from sptools.datasets import load_households, load_persons
from sptools.indicators import OPPORTUNITIES, MissingDataWarning, opportunity
from sptools.lnob import access_by_group, d_index, default_min_leaf, lnob_tree
from sptools.lnob.report import rows_from_cells
from sptools.lnob.splits import best_split

MODULE_1 = sorted(
    str(path.relative_to(REPOSITORY))
    for path in [
        *(REPOSITORY / "modules" / "01-lnob").glob("*.ipynb"),
        REPOSITORY / "solutions" / "01-lnob.ipynb",
        REPOSITORY / "exercises" / "01-lnob.ipynb",
    ]
)
WITHIN = ["wealth", "residence", "education"]
WORKED = pd.DataFrame(
    {
        "wealth": ["Bottom 40", "Bottom 40", "Top 60", "Top 60"],
        "residence": ["Rural", "Urban", "Rural", "Urban"],
        "share": [0.35, 0.05, 0.40, 0.20],
        "rate": [0.30, 0.75, 0.55, 0.95],
    }
)


@cache
def _survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    return load_households(2022), load_persons(2022)


@cache
def _table(name: str, with_province: bool = False) -> pd.DataFrame:
    households, persons = _survey()
    extra = {"circumstances": [*WITHIN, "province"]} if with_province else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        return opportunity(name, households, persons, **extra)


@cache
def _by_province(name: str) -> tuple[float, pd.DataFrame]:
    """National D and, per province, D within it (wealth, residence, education), as in notebook
    5."""
    table = _table(name, with_province=True)
    design = Design(table)
    national = d_index(table, name, WITHIN, design=design)
    rows = {}
    for province, group in table.groupby("province", observed=True):
        d = d_index(group, name, WITHIN, design=design)
        rows[province] = {
            "access": np.average(group[name], weights=group["weight"]),
            "d": float(d),
            "low": d.ci()[0],
            "share_of_max": float(d.share_of_max),
        }
    return national, pd.DataFrame(rows).T


# -- the convention (CONTRIBUTING.md), applied to every notebook of module 1 -------------------


@pytest.mark.parametrize("entry", MODULE_1)
def test_module_1_notebook_follows_the_convention(entry):
    _reads_right_in_jupyterlab(entry)


def test_module_1_has_one_name():
    lessons = (REPOSITORY / "modules" / "01-lnob" / "index.md").read_text()
    solutions = (REPOSITORY / "solutions" / "01-lnob.ipynb").read_text()
    assert "# Module 1: Leaving no one behind" in lessons
    assert "Exercises 1: Leaving no one behind" in solutions


# -- correction 1: D within a province is not lower than the national D ------------------------


def test_clean_fuel_d_is_higher_within_most_provinces():
    national, provinces = _by_province("clean_fuel")
    assert round(national, 3) == 0.385
    assert len(provinces) == 25
    assert (provinces["d"] > national).sum() == 16
    top = provinces["d"].idxmax()
    assert top == "Stung Treng" and round(provinces.loc[top, "d"], 3) == 0.464
    # the intervals: only Stung Treng's lies wholly above the national D
    assert provinces.index[provinces["low"] > national].tolist() == ["Stung Treng"]
    # as a share of its maximum 1 - p, D is higher than the national 0.70 in 6 provinces only
    assert round(national.share_of_max, 2) == 0.70
    assert (provinces["share_of_max"] > national.share_of_max).sum() == 6
    # low access goes with high D; Phnom Penh has the highest access and the lowest D
    assert provinces["access"].astype(float).corr(provinces["d"].astype(float)) < -0.8
    assert provinces["access"].idxmax() == provinces["d"].idxmin() == "Phnom Penh"


def test_electricity_d_is_higher_within_14_provinces():
    national, provinces = _by_province("electricity")
    assert round(national, 3) == 0.062
    assert (provinces["d"] > national).sum() == 14


def test_the_reasons_given_for_the_provinces_hold():
    table = _table("clean_fuel", with_province=True)
    design = Design(table)
    # Stung Treng: its urban and better-off groups are far above its rural poor
    stung_treng = table[table["province"] == "Stung Treng"]
    groups = access_by_group(stung_treng, "clean_fuel", ["wealth", "residence"], design=design)
    rate = groups.set_index(["wealth", "residence"])["rate"]
    assert rate[("Top 60", "Urban")] - rate[("Bottom 40", "Rural")] > 0.5
    assert np.average(stung_treng["clean_fuel"], weights=stung_treng["weight"]) < 1 / 3
    # Phnom Penh: nearly all urban, rarely in the bottom 40%
    phnom_penh = table[table["province"] == "Phnom Penh"]
    weights = phnom_penh["weight"]
    assert np.average(phnom_penh["residence"] == "Urban", weights=weights) > 0.9
    assert np.average(phnom_penh["wealth"] == "Bottom 40", weights=weights) < 0.1


# -- correction 3: D against its maximum 1 - p; ranking on the same circumstances --------------


def test_worked_example_d_and_its_maximum():
    rows = rows_from_cells(WORKED, ["wealth", "residence"])
    d = d_index(rows, "access", ["wealth", "residence"], design=Design(rows, "weight", None, None))
    assert round(d, 5) == 0.16176
    assert round(d.d_max, 4) == 0.4475
    assert round(d.share_of_max, 2) == 0.36


def test_electricity_d_is_low_but_close_to_its_maximum():
    table = _table("electricity")
    d = d_index(table, "electricity", ["wealth", "residence"], design=Design(table))
    assert round(d, 3) == 0.062
    assert round(d.share_of_max, 2) == 0.62
    assert d.ci()[0] > 0.05


def test_indicators_ranked_on_wealth_and_residence():
    rows = {}
    for name, spec in OPPORTUNITIES.items():
        table = _table(name)
        d = d_index(
            table,
            name,
            ["wealth", "residence"],
            design=Design(table),
            barrier=spec.kind == "barrier",
        )
        rows[spec.label] = {"d": float(d), "share": float(d.share_of_max)}
    ranked = pd.DataFrame(rows).T.sort_values("d", ascending=False)
    assert ranked.index[0] == "Higher education"
    assert set(ranked.index[:3]) == {
        "Higher education",
        "Clean cooking fuel",
        "Completed upper-secondary education",
    }
    assert set(ranked.index[-4:]) == {
        "Access to electricity",
        "Basic drinking water",
        "Stunting",
        "Child marriage",
    }
    assert ranked.index.get_loc("Access to electricity") + 1 == 8
    by_share = ranked["share"].rank(ascending=False, method="min")
    assert by_share["Access to electricity"] == 2


# -- correction 4: the sorted-categories shortcut when the minimum leaf binds -------------------


def test_the_best_allowed_split_is_not_a_cut_of_the_sorted_categories():
    counts = np.array([34, 69, 46, 7])
    successes = np.array([27.0, 55, 41, 1])
    rates = successes / counts
    order = np.argsort(rates)  # D, A, B, C
    assert "".join("ABCD"[i] for i in order) == "DABC"
    smaller_side = [min(counts[order[:k]].sum(), counts[order[k:]].sum()) for k in (1, 2, 3)]
    assert smaller_side == [7, 41, 46] and max(smaller_side) < 49  # no cut allowed
    split = best_split(np.arange(4), 4, False, counts * 1.0, successes, counts, min_leaf=49)
    assert sorted(split.left.tolist()) == [1, 3] and sorted(split.right.tolist()) == [0, 2]
    assert round(split.gain, 3) == 0.499


def test_the_lesson_tree_of_the_four_categories():
    small = pd.DataFrame(
        {
            "group": np.repeat(list("ABCD"), [34, 69, 46, 7]),
            "access": np.concatenate(
                [[1] * 27 + [0] * 7, [1] * 55 + [0] * 14, [1] * 41 + [0] * 5, [1] + [0] * 6]
            ),
        }
    )
    assert len(lnob_tree(small, "access", ["group"], min_leaf=49).leaves) == 1  # as rpart
    tree = lnob_tree(small, "access", ["group"], min_leaf=49, nominal="exact")
    assert tree.nodes.loc[[1, 2], "path"].tolist() == ["group: B or D", "group: A or C"]
    assert tree.nodes.loc[[1, 2], "n"].tolist() == [76, 80]
    assert round(tree.nodes.loc[0, "improvement"], 3) == 0.499


# -- correction 6: the minimum leaf as ESCAP passes it and rpart truncates it -------------------


def test_minimum_leaf_and_split_are_truncated_as_rpart_does():
    table = _table("electricity")
    n = len(table)
    assert n == 19_972
    assert round(default_min_leaf(n), 1) == 1815.6
    tree = lnob_tree(table, "electricity", ["wealth", "residence"], design=Design(table))
    assert tree.min_leaf_rows == int(n / 11) == 1815
    assert tree.min_split_rows == int(2 * n / 11) == 3631
    assert tree.leaves["n"].min() >= 1815
    rows = rows_from_cells(WORKED, ["wealth", "residence"], n=400)
    assert lnob_tree(rows, "access", ["wealth", "residence"]).min_leaf_rows == 49
