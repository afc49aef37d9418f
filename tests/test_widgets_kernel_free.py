"""Kernel-free charts: the grid, the bound controls, the offline output and the book's HTML."""

from __future__ import annotations

import json
from fractions import Fraction

import pandas as pd
import pytest

from sptools.widgets.kernel_free import (
    MIMETYPE,
    Control,
    kernel_free_chart,
    offline_renderer,
    precompute,
)
from sptools.widgets.kernel_free_book import CHART_CLASS, MIMETYPES, VegaLiteRenderer, chart_html


def _power(x, p):
    return pd.DataFrame({"term": ["x", "x^p"], "value": [x, x**p]})


CONTROLS = [
    Control("x", "x", [1, 2, 3], input="range"),
    Control("p", "Power", [2, 3], labels=["square", "cube"]),
]


def _spec(chart) -> dict:
    bundle, metadata = chart._repr_mimebundle_()
    assert set(bundle) == {MIMETYPE, "text/plain"}
    assert metadata[MIMETYPE]["embed_options"]["actions"] is False
    return bundle[MIMETYPE]


def test_precompute_calls_the_function_once_per_combination():
    grid = precompute(_power, CONTROLS)
    assert grid.attrs["combinations"] == 6
    assert len(grid) == 12
    cube_of_3 = grid.query("x == 3 and p == 3 and term == 'x^p'")["value"]
    assert cube_of_3.tolist() == [27]
    # in the order of the controls' values: x = 1, 2, 3, each with p = 2 then 3
    assert grid.query("term == 'x^p'")["value"].tolist() == [1, 1, 4, 8, 9, 27]


def test_precompute_passes_fixed_arguments_and_writes_non_json_values_as_text():
    def scaled(k, scale):
        return pd.DataFrame({"value": [float(k) * scale]})

    grid = precompute(scaled, [Control("k", "k", [Fraction(1, 3), Fraction(1, 2)])], scale=6)
    assert grid["k"].tolist() == ["1/3", "1/2"]
    assert grid["value"].tolist() == pytest.approx([2.0, 3.0])


def test_a_swept_control_is_computed_by_the_function_in_one_call():
    calls = []

    def all_k(p):
        calls.append(p)
        return pd.DataFrame({"k": [1, 2], "value": [p, 2 * p]})

    controls = [Control("p", "p", [10, 20]), Control("k", "k", [1, 2])]
    grid = precompute(all_k, controls, swept=["k"])
    assert calls == [10, 20]
    assert grid.attrs["combinations"] == 4
    assert grid.set_index(["p", "k"])["value"].to_dict() == {
        (10, 1): 10,
        (10, 2): 20,
        (20, 1): 20,
        (20, 2): 40,
    }


def test_a_swept_control_must_come_back_with_exactly_its_values():
    controls = [Control("k", "k", [1, 2, 3])]
    with pytest.raises(ValueError, match=r"k = \['1', '2'\], not the control's values"):
        precompute(lambda: pd.DataFrame({"k": [1, 2]}), controls, swept=["k"])
    with pytest.raises(KeyError, match="no column 'k'"):
        precompute(lambda: pd.DataFrame({"v": [1]}), controls, swept=["k"])


def test_precompute_refuses_grids_too_large_and_says_what_to_do():
    big = [Control("a", "a", list(range(20))), Control("b", "b", list(range(20)))]
    with pytest.raises(ValueError, match=r"400 combinations \(20 a x 20 b\).*static figure"):
        precompute(lambda a, b: pd.DataFrame({"v": [a]}), big)
    with pytest.raises(ValueError, match="rows, more than max_rows=5"):
        precompute(lambda a: pd.DataFrame({"v": range(3)}), [Control("a", "a", [1, 2])], max_rows=5)


def test_precompute_rejects_bad_results_naming_the_problem():
    with pytest.raises(TypeError, match="must return a pandas DataFrame"):
        precompute(lambda x: [x], [Control("x", "x", [1])])
    with pytest.raises(ValueError, match="columns named like the controls"):
        precompute(lambda x: pd.DataFrame({"x": [x]}), [Control("x", "x", [1])])
    with pytest.raises(ValueError, match="both controls and fixed"):
        precompute(lambda x: pd.DataFrame({"v": [x]}), [Control("x", "x", [1])], x=2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "not valid", "values": [1]}, "must be a Python identifier"),
        ({"name": "x", "values": []}, "has no values"),
        ({"name": "x", "values": [1, 1]}, "repeated values"),
        ({"name": "x", "values": [1, 2], "labels": ["one"]}, "one label per value"),
        ({"name": "x", "values": [1, 2], "default": 3}, "default 3 is not one of its values"),
        ({"name": "x", "values": [1, 2, 4], "input": "range"}, "evenly spaced"),
        ({"name": "x", "values": ["a", "b"], "input": "range"}, "a slider needs numbers"),
        ({"name": "x", "values": [1], "input": "knob"}, "input must be"),
    ],
)
def test_control_rejects_bad_definitions(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Control(label="x", **kwargs)


def test_the_chart_binds_every_control_and_filters_the_grid_by_it():
    grid = precompute(_power, CONTROLS)
    chart = kernel_free_chart(
        grid,
        CONTROLS,
        lambda base: base.mark_bar().encode(x="term:N", y="value:Q"),
        description="x and x to the power p",
        caption="Powers.",
    )
    spec = _spec(chart)
    params = {param["name"]: param for param in spec["params"]}
    assert params["control_x"]["bind"] == {
        "input": "range",
        "min": 1,
        "max": 3,
        "step": 1.0,
        "name": "x ",
    }
    assert params["control_x"]["value"] == 1
    assert params["control_p"]["bind"]["input"] == "select"
    assert params["control_p"]["bind"]["labels"] == ["square", "cube"]
    filters = [step["filter"] for step in spec["transform"]]
    assert filters == ["abs(datum['x'] - control_x) < 0.5", "datum['p'] == control_p"]
    assert spec["description"] == "x and x to the power p"
    assert spec["usermeta"]["sptools"] == {"caption": "Powers.", "combinations": 6}
    (rows,) = spec["datasets"].values()
    assert len(rows) == 12


def test_the_chart_needs_alt_text_and_the_grid_of_its_controls():
    grid = precompute(_power, CONTROLS)
    draw = lambda base: base.mark_bar()  # noqa: E731
    with pytest.raises(ValueError, match="alt text"):
        kernel_free_chart(grid, CONTROLS, draw, description=" ")
    with pytest.raises(KeyError, match=r"no column for the controls \['q'\]"):
        kernel_free_chart(grid, [Control("q", "q", [1])], draw, description="d")


def test_every_altair_chart_renders_with_the_type_jupyterlab_draws_offline():
    import altair as alt

    assert alt.renderers.active == "sptools"
    bundle, _ = offline_renderer({"description": "a chart", "mark": "bar"})
    assert bundle[MIMETYPE] == {"description": "a chart", "mark": "bar"}
    assert bundle["text/plain"] == "<chart: a chart>"


def test_the_book_html_holds_the_spec_caption_and_alt_text_safely():
    spec = {
        "description": 'Bars "quoted" <b>',
        "mark": "bar",
        "usermeta": {"sptools": {"caption": "Text </script><script>alert(1)</script>"}},
    }
    page = chart_html(spec)
    assert page.startswith(f'<figure class="{CHART_CLASS}"')
    assert page.count("</script>") == 1, "the spec must not close its script element early"
    assert 'aria-label="Bars &quot;quoted&quot; &lt;b&gt;"' in page
    assert "<figcaption>Text &lt;/script&gt;" in page
    payload = page.split('<script type="application/json">')[1].split("</script>")[0]
    assert json.loads(payload)["spec"] == spec
    assert chart_html(json.dumps(spec)) == page


def test_the_myst_nb_plugin_renders_only_vega_lite_block_outputs():
    class Data:
        def __init__(self, mime_type, content):
            self.mime_type, self.content = mime_type, content

    spec = {"description": "d", "mark": "bar"}
    (node,) = VegaLiteRenderer.handle_mime(None, Data(MIMETYPE, spec), False)
    assert node.astext() == chart_html(spec)
    assert node["format"] == "html"
    (v6,) = VegaLiteRenderer.handle_mime(None, Data(MIMETYPES[1], spec), False)
    assert v6.astext() == node.astext(), "a plain altair 6 chart is drawn the same way"
    assert VegaLiteRenderer.handle_mime(None, Data("text/html", "<p>"), False) is None
    assert VegaLiteRenderer.handle_mime(None, Data(MIMETYPE, spec), True) is None
    assert ("html", MIMETYPE, 5) in VegaLiteRenderer.mime_priority_overrides


def test_the_plugin_is_registered_for_myst_nb():
    from importlib.metadata import entry_points

    plugins = [ep.load() for ep in entry_points(group="myst_nb.mime_renderers")]
    assert VegaLiteRenderer in plugins


def test_design_over_cutoffs_matches_evaluate_design_at_each_k():
    from sptools import Design
    from sptools.recipes.mpi_design import design_over_cutoffs, design_weights, evaluate_design

    df = pd.DataFrame(
        {
            "a": [1, 1, 0, 0, 1, 0, 1, 0],
            "b": [1, 0, 0, 1, 1, 0, 0, pd.NA],
            "c": [0, 1, 0, 1, 1, 0, 1, 0],
            "weight": [1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0, 2.0],
            "g": list("xxxxyyyy"),
        }
    )
    plain = Design(df, weight="weight", strata=None, psu=None)
    weights = design_weights({"One": ["a"], "Two": ["b", "c"]})
    baseline = {"a": Fraction(1, 2), "c": Fraction(1, 2)}
    ks = [Fraction(1, 4), Fraction(1, 2), 1]
    sweep = design_over_cutoffs(df, weights, ks, baseline=baseline, baseline_k=1, design=plain)
    assert (sweep["excluded"] == 1).all()  # the person missing b is left out of both
    for k in ks:
        expected = evaluate_design(
            df, weights, k, baseline=baseline, baseline_k=1, design=plain, by="g"
        )
        rows = sweep[sweep["k"] == k].set_index(["measure", "indicator"])
        for measure, result in (("design", expected.design), ("baseline", expected.baseline)):
            assert rows.loc[measure, "H"].iloc[0] == pytest.approx(result.H)
            assert rows.loc[measure, "M0"].iloc[0] == pytest.approx(result.M0)
            shares = rows.loc[measure, "contribution"]
            assert shares.to_dict() == pytest.approx(result.indicators["contribution"].to_dict())
    # hand-computed: design scores (a 1/2, b 1/4, c 1/4) of the 7 complete persons, weights
    # 1 2 1 1 3 1 1 -> scores 3/4 3/4 0 1/2 1 0 3/4; poor at k = 1/2: weights 1+2+1+3+1 = 8 of 10
    design_h = sweep.query("measure == 'design'").groupby("k")["H"].first()
    assert design_h[Fraction(1, 2)] == pytest.approx(0.8)
    assert design_h[1] == pytest.approx(0.3)


# -- module 4: the costing and shock simulator ---------------------------------------------------


@pytest.fixture(scope="module")
def costing_model():
    from sptools.datasets import load_economy, load_households, load_persons, load_reference
    from sptools.widgets.costing import CostingModel

    return CostingModel(
        load_households(),
        load_persons(),
        load_economy(),
        load_reference("population_projections"),
    )


@pytest.fixture(scope="module")
def costing_grid(costing_model):
    from sptools.widgets.costing import simulator_grid

    return simulator_grid(costing_model)


def test_the_costing_grid_fits_the_page_limits(costing_grid):
    from sptools.widgets.costing import AREAS, BENEFIT_LEVELS, RESPONSES, SCHEMES, SHOWN
    from sptools.widgets.kernel_free import MAX_COMBINATIONS, MAX_ROWS

    combinations = len(SCHEMES) * len(BENEFIT_LEVELS) * len(AREAS) * len(RESPONSES)
    assert costing_grid.attrs["combinations"] == combinations == 180 <= MAX_COMBINATIONS
    rows_each = 11 * len(SHOWN["projection"]) + len(SHOWN["shock"])  # 2025-2035, one shock year
    assert len(costing_grid) == combinations * rows_each <= MAX_ROWS
    assert set(costing_grid["level"]) == set(BENEFIT_LEVELS)


@pytest.mark.parametrize(
    ("scheme", "level", "area", "response"),
    [
        ("Disability allowance", 100, "Flood: 3 provinces worst hit in 2020", None),
        (
            "Social pension 65+",
            50,
            "Drought: drought-prone provinces",
            "Emergency: 2022 flood cash",
        ),
        (
            "Child benefit 0-14",
            150,
            "Flood: all flood-exposed provinces",
            "Horizontal: on-demand registration",
        ),
    ],
)
def test_each_costing_grid_cell_is_the_simulators_run(
    costing_model, costing_grid, scheme, level, area, response
):
    from dataclasses import replace

    from sptools.widgets.costing import AREAS, RESPONSES, SCHEMES, Controls

    controls = Controls().for_scheme(scheme)
    controls = replace(
        controls,
        amount=controls.amount * level / 100,
        area=area,
        response=response or controls.response,
    )
    expected = costing_model.run(controls).set_index(["panel", "year", "indicator"])["value"]
    # the menus' values in the grid are positions in their lists
    cell = costing_grid[
        (costing_grid["scheme"] == list(SCHEMES).index(scheme))
        & (costing_grid["level"] == level)
        & (costing_grid["area"] == list(AREAS).index(area))
        & (costing_grid["response"] == list(RESPONSES).index(controls.response))
    ].set_index(["panel", "year", "indicator"])["value"]
    assert len(cell) == 16
    assert cell.to_dict() == pytest.approx(expected.loc[cell.index].to_dict(), rel=1e-12)


def test_the_costing_grid_moves_with_its_controls(costing_grid):
    cost = costing_grid.query("panel == 'projection' and year == 2030").set_index(
        ["scheme", "level", "area", "response"]
    )["value"]
    # the benefit level scales the cost; the shock controls leave it alone
    pension, area = 1, 0  # "Social pension 65+", "Flood: 3 provinces worst hit in 2020"
    high = cost.loc[(pension, 150, area)].to_numpy()
    low = cost.loc[(pension, 50, area)].to_numpy()
    assert high == pytest.approx(3 * low)
    assert len(set(high)) == 1, "the response does not change the scheme's cost"
    poverty = costing_grid.query("indicator == 'P0 affected, response' and area == @area")
    assert poverty.groupby("response")["value"].nunique().max() == 1, "scheme-independent"
    assert poverty["value"].nunique() > 1, "the response changes poverty among the affected"


def test_the_kernel_free_costing_simulator_binds_its_four_controls(costing_model):
    from sptools.widgets.costing import RESPONSES, SCHEMES, kernel_free_simulator

    spec = _spec(kernel_free_simulator(costing_model))
    params = {param["name"]: param for param in spec["params"]}
    assert set(params) == {"control_scheme", "control_level", "control_area", "control_response"}
    assert params["control_level"]["bind"]["input"] == "range"
    assert params["control_level"]["value"] == 100
    assert params["control_scheme"]["bind"]["input"] == "select"
    assert params["control_scheme"]["bind"]["labels"] == list(SCHEMES)
    assert params["control_response"]["bind"]["labels"] == list(RESPONSES)
    assert "180 combinations" in spec["usermeta"]["sptools"]["caption"]
    assert "computed in advance" in spec["usermeta"]["sptools"]["caption"]
    assert "cost" in spec["description"] and len(spec["description"]) > 100
    (rows,) = spec["datasets"].values()
    assert len(rows) == 180 * 16
