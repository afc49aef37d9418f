"""Tests of sptools.plots.lnob.plot_change: the dumbbell chart of rates at two dates."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from sptools.plots.lnob import plot_change

matplotlib.use("Agg")

BEFORE = pd.Series({"Electricity": 0.56, "Water": 0.63, "Sanitation": 0.46})
AFTER = pd.Series({"Water": 0.82, "Sanitation": 0.74, "Electricity": 0.90})


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_rows_are_sorted_by_the_later_rate_and_points_sit_at_the_rates():
    ax = plot_change(BEFORE, AFTER, labels=("CDHS 2014", "2022"))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Sanitation", "Water", "Electricity"]
    before, after = (collection.get_offsets() for collection in ax.collections[1:3])
    np.testing.assert_allclose(before[:, 0], [46, 63, 56])
    np.testing.assert_allclose(after[:, 0], [74, 82, 90])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["CDHS 2014", "2022"]
    assert [t.get_text() for t in ax.texts] == ["+28 pts", "+19 pts", "+34 pts"]
    assert ax.get_xlabel() == "Access rate (% of the group, weighted)"


def test_a_fall_is_shown_with_its_sign():
    ax = plot_change(
        pd.Series({"Stunting": 0.31}), pd.Series({"Stunting": 0.20}), rate_label="Prevalence"
    )
    assert [t.get_text() for t in ax.texts] == ["-11 pts"]
    assert ax.get_title() == "Prevalence: 2014 and 2022"


@pytest.mark.parametrize(
    ("before", "after", "match"),
    [
        (BEFORE, AFTER.drop("Water"), r"only in before: \['Water'\]"),
        (BEFORE, AFTER.replace(0.9, np.nan), "no missing value"),
        (BEFORE * 100, AFTER, r"in \[0, 1\]"),
    ],
    ids=["different-rows", "missing", "percentages"],
)
def test_bad_input_is_explained(before, after, match):
    with pytest.raises(ValueError, match=match):
        plot_change(before, after)
