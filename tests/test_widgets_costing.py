"""The costing and shock simulator: a pure function of the controls, tested without a browser.

How fast one recompute is, is measured by benchmarks/costing_simulator_benchmark.py (not here).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from sptools.costing import Scenario, eligibility_shares, project  # noqa: E402
from sptools.datasets import (  # noqa: E402
    load_economy,
    load_households,
    load_persons,
    load_reference,
)
from sptools.plots.costing import plot_simulator  # noqa: E402
from sptools.widgets.costing import (  # noqa: E402
    AREAS,
    COLUMNS,
    CONTROL_OPTIONS,
    RESPONSES,
    SCHEMES,
    Controls,
    CostingModel,
    Simulator,
    costing_simulator,
    headline,
    scheme_from_controls,
    simulator_table,
)


@pytest.fixture(scope="module")
def model() -> CostingModel:
    return CostingModel(
        load_households(),
        load_persons(),
        load_economy(),
        load_reference("population_projections"),
    )


@pytest.fixture(scope="module")
def default(model) -> pd.DataFrame:
    return model.run(Controls())


def _value(frame: pd.DataFrame, panel: str, indicator: str, year: int | None = None) -> float:
    rows = frame[(frame["panel"] == panel) & (frame["indicator"] == indicator)]
    if year is not None:
        rows = rows[rows["year"] == year]
    assert len(rows) == 1, (panel, indicator, year)
    return float(rows["value"].iloc[0])


def test_every_template_builds_a_scheme_with_the_controls():
    for name in SCHEMES:
        controls = Controls().for_scheme(name)
        scheme = scheme_from_controls(replace_controls(controls, coverage=0.5, admin_rate=0.1))
        assert scheme.name == name and scheme.coverage == 0.5 and scheme.admin_rate == 0.1


def replace_controls(controls: Controls, **changes) -> Controls:
    from dataclasses import replace

    return replace(controls, **changes)


def test_the_defaults_are_among_the_grid_values():
    defaults = Controls()
    for name, options in CONTROL_OPTIONS.items():
        value = getattr(defaults, name)
        allowed = options[defaults.scheme] if name == "amount" else options
        assert any(np.isclose(value, v) if not isinstance(v, str) else value == v for v in allowed)
    for scheme, amounts in CONTROL_OPTIONS["amount"].items():
        assert any(np.isclose(SCHEMES[scheme].amount, a) for a in amounts)


def test_unknown_choices_are_named(model):
    with pytest.raises(KeyError, match="unknown scheme"):
        scheme_from_controls(Controls(scheme="Universal basic income"))
    with pytest.raises(KeyError, match="unknown area"):
        model.run(Controls(area="Atlantis"))
    with pytest.raises(KeyError, match="unknown response"):
        model.run(Controls(response="prayer"))
    with pytest.raises(ValueError, match="years_to_full"):
        model.run(Controls(years_to_full=0))
    with pytest.raises(TypeError, match="unknown controls"):
        costing_simulator(model.households, model.persons, model.economy, model.projections, x=1)


def test_the_table_is_tidy_and_complete(default):
    assert tuple(default.columns) == COLUMNS
    projection = default[default["panel"] == "projection"]
    assert sorted(projection["year"].unique()) == list(range(2025, 2036))
    assert len(projection) == 11 * 5
    shock = default[default["panel"] == "shock"]
    assert set(shock["indicator"]) >= {"coverage of affected poor", "cost in US$"}
    assert default["value"].notna().all()


def test_the_projection_panel_is_sptools_costing_project(model, default):
    scheme = scheme_from_controls(Controls())
    table = project(
        scheme,
        range(2025, 2036),
        scenario=Scenario(model.economy, real_growth=dict.fromkeys(range(2026, 2036), 0.06)),
        projections=model.projections,
        eligibility=eligibility_shares(scheme, model.households, model.persons),
    )
    for year in (2025, 2035):
        expected = table.set_index("year").loc[year, "cost_pct_gdp"] * 100
        assert _value(default, "projection", "cost, % of GDP", year) == pytest.approx(expected)


def test_amount_coverage_and_phase_in_scale_the_cost(model, default):
    base = _value(default, "projection", "cost", 2030)
    double = model.run(Controls(amount=40_000.0))
    half = model.run(Controls(coverage=0.5))
    assert _value(double, "projection", "cost", 2030) == pytest.approx(2 * base)
    assert _value(half, "projection", "cost", 2030) == pytest.approx(0.5 * base)
    phased = model.run(Controls(years_to_full=4))
    first = _value(phased, "projection", "cost", 2025) / _value(default, "projection", "cost", 2025)
    assert first == pytest.approx(0.25)
    assert _value(phased, "projection", "cost", 2028) == pytest.approx(
        _value(default, "projection", "cost", 2028)
    )


def test_slower_growth_raises_the_share_of_gdp(model, default):
    slow = model.run(Controls(real_growth=0.02))
    assert _value(slow, "projection", "cost, % of GDP", 2035) > _value(
        default, "projection", "cost, % of GDP", 2035
    )
    assert _value(slow, "projection", "cost", 2035) == pytest.approx(
        _value(default, "projection", "cost", 2035)
    )


def test_the_top_up_only_changes_the_vertical_response(model, default):
    bigger = model.run(Controls(top_up=2.0))
    assert _value(bigger, "shock", "cost in US$") == pytest.approx(
        2 * _value(default, "shock", "cost in US$")
    )
    emergency = Controls(response="Emergency: 2022 flood cash")
    assert model.run(emergency).equals(model.run(replace_controls(emergency, top_up=2.0)))


def test_every_response_and_area_runs(model):
    for response in RESPONSES:
        frame = model.run(Controls(response=response))
        assert 0 <= _value(frame, "shock", "coverage of affected poor") <= 100
    for area in AREAS:
        frame = model.run(Controls(area=area, response="Horizontal: everyone in the area"))
        assert _value(frame, "shock", "P0 affected, response") <= _value(
            frame, "shock", "P0 affected, shock"
        )


def test_a_run_is_a_pure_function_of_the_controls(model, default):
    assert model.run(Controls()).equals(default)


def test_headline_and_plot(default):
    lines = headline(default)
    assert "of GDP in 2025" in lines[0] and "affected poor" in lines[1]
    figure = plot_simulator(default)
    assert figure.axes[0].get_ylabel() == "Cost (% of GDP)"
    assert figure.axes[1].get_ylabel() == "Poor among the affected (%)"
    with pytest.raises(KeyError, match="CostingModel.run"):
        plot_simulator(default.drop(columns="value"))


@pytest.mark.slow
def test_the_widget_recomputes_when_a_control_moves(model):
    app = Simulator(model)
    app._widgets["amount"].value = 50_000.0
    assert app.controls.amount == 50_000.0
    app._widgets["scheme"].value = "Child benefit 0-14"
    assert app.controls.amount == SCHEMES["Child benefit 0-14"].amount
    assert app._widgets["amount"].value == SCHEMES["Child benefit 0-14"].amount
    app._widgets["response"].value = "Horizontal: on-demand registration"
    assert app._widgets["top_up"].disabled


def test_the_keyword_form_for_grid_precomputation(model, default):
    assert simulator_table(model).equals(default)
    assert simulator_table(model, coverage=0.5).equals(model.run(Controls(coverage=0.5)))
    with pytest.raises(TypeError, match="unknown controls"):
        simulator_table(model, colour="red")
