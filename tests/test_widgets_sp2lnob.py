"""The SP2LNOB navigator: its callbacks are plain functions, tested without a browser."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from sptools.plots.sp2lnob import plot_before_after  # noqa: E402
from sptools.widgets.sp2lnob import (  # noqa: E402
    OLDEST,
    SCHEMES,
    Navigator,
    NavigatorModel,
    Settings,
    cost_lines,
    scheme_from_settings,
    summary_frame,
)


def test_every_template_builds_a_valid_scheme():
    for name in SCHEMES:
        scheme = scheme_from_settings(Settings().for_scheme(name))
        assert scheme.name == name
        assert scheme.admin_rate == 0.05


def test_the_top_of_the_age_slider_means_no_upper_limit():
    scheme = scheme_from_settings(Settings(ages=(65, OLDEST)))
    assert scheme.min_age == 65 and scheme.max_age is None


def test_switching_scheme_takes_its_defaults():
    settings = Settings(coverage=0.5).for_scheme("Pregnant women and children under 2")
    assert settings.ages == (0, 1) and settings.idpoor_only and settings.coverage == 0.5


def test_unknown_scheme_is_named():
    with pytest.raises(KeyError, match="unknown scheme"):
        scheme_from_settings(Settings(scheme="Universal basic income"))


def test_plot_before_after_labels_and_highlight():
    groups = pd.DataFrame(
        {
            "path": ["Rural", "Urban"],
            "share": [0.7, 0.3],
            "rate_before": [0.6, 0.9],
            "rate_after": [0.65, 0.9],
        },
        index=[3, 4],
    )
    ax = plot_before_after(groups, furthest_behind=3, rate_label="Electricity")
    assert ax.get_xlabel() == "Electricity (% of the group, weighted)"
    assert ax.get_yticklabels()[0].get_fontweight() == "bold"
    with pytest.raises(KeyError, match="rate_after"):
        plot_before_after(groups.drop(columns="rate_after"))


@pytest.fixture(scope="module")
def model() -> NavigatorModel:
    from sptools.datasets import load_economy, load_households, load_persons

    return NavigatorModel(load_households(), load_persons(), load_economy())


@pytest.mark.slow
def test_the_navigator_recomputes_when_a_control_moves(model):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app = Navigator(model)
        before = summary_frame(model.run(app.settings))
        app._controls["amount"].value = 8.0
        after = summary_frame(model.run(app.settings))
    assert app.settings.amount == 8.0
    assert (
        after.loc["Poverty headcount P0 (%)", "after"]
        < before.loc["Poverty headcount P0 (%)", "after"]
    )
    assert "of GDP" in cost_lines(model.run(app.settings))[0]
    app._controls["scheme"].value = "Social pension"
    assert app._controls["ages"].value == SCHEMES["Social pension"].ages
