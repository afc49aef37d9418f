"""The HTML book's snapshot of a displayed ipywidget (sptools.widgets.snapshot_book).

The widget states are made by ipywidgets itself (``ipywidgets.embed.dependency_state``), so the
tests read the same state a notebook saves.
"""

from __future__ import annotations

import base64
import json
from types import SimpleNamespace

import ipywidgets as widgets
import pytest
from ipywidgets.embed import dependency_state

from sptools.widgets.snapshot_book import (
    PLACEHOLDER_CLASS,
    SNAPSHOT_CLASS,
    WIDGET_VIEW,
    WidgetSnapshotRenderer,
    fill_snapshots,
    placeholder_html,
    snapshot_html,
)


def _snapshot(widget: widgets.Widget) -> str:
    # a notebook saves every attribute, defaults included
    return snapshot_html(widget.model_id, dependency_state(widget, drop_defaults=False))


def test_a_control_shows_its_label_and_the_option_chosen_not_its_index():
    region = widgets.Dropdown(options=["Coastal", "Plains"], value="Plains", description="Region")
    page = _snapshot(region)
    assert SNAPSHOT_CLASS in page and "Interactive in JupyterLab" in page
    assert '<span class="sptools-snapshot-label">Region</span>' in page
    assert '<span class="sptools-snapshot-value">Plains</span>' in page


@pytest.mark.parametrize(
    ("control", "shown"),
    [
        (widgets.IntSlider(value=15, description="x"), "15"),
        (widgets.FloatSlider(value=0.25, readout_format=".0%", description="x"), "25%"),
        (widgets.IntRangeSlider(value=(60, 70), description="x"), "60 to 70"),
        (widgets.Checkbox(value=True, description="x"), "on"),
        (widgets.ToggleButtons(options=["idpoor", "geographic"], description="x"), "idpoor"),
        (
            widgets.SelectMultiple(options=["a", "b", "c"], value=["a", "c"], description="x"),
            "a, c",
        ),
        (
            widgets.SelectionRangeSlider(options=[2020, 2025, 2030], index=(0, 2), description="x"),
            "2020 to 2030",
        ),
        (widgets.Text(value="water <pipe>", description="x"), "water &lt;pipe&gt;"),
        (widgets.Password(value="secret", description="x"), "(hidden)"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, widgets.Widget) else None,
)
def test_each_kind_of_control_shows_its_value_as_the_reader_sees_it(control, shown):
    assert f'<span class="sptools-snapshot-value">{shown}</span>' in _snapshot(control)


def test_an_output_area_shows_what_it_displayed():
    png = base64.b64encode(b"\x89PNG fake").decode()
    area = widgets.Output()
    area.outputs = (
        {"output_type": "stream", "name": "stdout", "text": "3 < 4\n"},
        {
            "output_type": "display_data",
            "data": {"text/html": "<table>t</table>", "text/plain": "t"},
            "metadata": {},
        },
        {
            "output_type": "display_data",
            "data": {"image/png": png, "text/plain": "<Figure>"},
            "metadata": {},
        },
        {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []},
    )
    page = _snapshot(area)
    assert "<pre>3 &lt; 4\n</pre>" in page
    assert "<table>t</table>" in page and "<pre>t</pre>" not in page  # the richest output only
    assert f'<img src="data:image/png;base64,{png}" alt="&lt;Figure&gt;" loading="lazy">' in page
    assert "<pre>ValueError: bad</pre>" in page


def test_a_widget_shown_in_an_output_area_is_drawn_as_a_snapshot_too():
    summary = widgets.HTML("<ul><li>Annual cost: 2,372 billion riel</li></ul>")
    area = widgets.Output()
    view = {"model_id": summary.model_id, "version_major": 2, "version_minor": 0}
    area.outputs = (
        {
            "output_type": "display_data",
            "data": {WIDGET_VIEW: view, "text/plain": "HTML(value='<ul>...')"},
            "metadata": {},
        },
    )
    state = {**dependency_state(area, False), **dependency_state(summary, False)}
    page = snapshot_html(area.model_id, state)
    assert "<li>Annual cost: 2,372 billion riel</li>" in page and "HTML(value=" not in page


def test_radio_buttons_show_every_option_and_mark_the_chosen_one():
    question = widgets.RadioButtons(options=["0.2", "0.5", "0.8"], value="0.5")
    page = _snapshot(question)
    assert '<span class="sptools-snapshot-option">0.2</span>' in page
    assert '<span class="sptools-snapshot-value">0.5</span>' in page
    assert "sptools-snapshot-label" not in page  # no description, no label


def test_an_output_area_with_a_kernel_free_chart_draws_the_chart():
    area = widgets.Output()
    spec = {"description": "a chart", "mark": "bar"}
    area.outputs = (
        {
            "output_type": "display_data",
            "data": {"application/vnd.vegalite.v6+json": spec},
            "metadata": {},
        },
    )
    assert 'class="sptools-vega"' in _snapshot(area)


def test_boxes_keep_their_order_and_accordions_their_titles():
    panel = widgets.VBox(
        [
            widgets.HBox([widgets.Label("a <b>"), widgets.HTML("<em>b</em>")]),
            widgets.Accordion(
                [widgets.Button(description="Export to Excel"), widgets.IntSlider(description="n")],
                titles=("Export", "Size"),
                selected_index=1,
            ),
        ]
    )
    page = _snapshot(panel)
    assert page.index("a &lt;b&gt;") < page.index("<em>b</em>") < page.index("Export to Excel")
    assert '<div class="sptools-snapshot-row">' in page
    assert "<details><summary>Export</summary>" in page
    assert "<details open><summary>Size</summary>" in page
    assert '<span class="sptools-snapshot-button">Export to Excel</span>' in page


def test_unknown_or_missing_models_are_named_not_dropped():
    assert "(a control whose state was not saved" in snapshot_html("nope", {})
    state = {"m": {"model_name": "MysteryModel", "state": {}}}
    assert "(a control of type Mystery)" in snapshot_html("m", state)
    unsaved = {"s": {"model_name": "IntSliderModel", "state": {"description": "n"}}}
    assert "(not saved with the notebook)" in snapshot_html("s", unsaved)


def test_descriptions_are_escaped_unless_they_allow_html():
    plain = widgets.IntSlider(description="<b>n</b>")
    rich = widgets.IntSlider(description="<b>n</b>", description_allow_html=True)
    assert "&lt;b&gt;n&lt;/b&gt;" in _snapshot(plain)
    assert '<span class="sptools-snapshot-label"><b>n</b></span>' in _snapshot(rich)


def test_the_plugin_writes_a_placeholder_the_page_fills_from_its_widget_state():
    """Inline execution saves the state after the cells are rendered: the page fills it in."""
    region = widgets.Dropdown(options=["Coastal"], description="Region")
    view = {"model_id": region.model_id, "version_major": 2, "version_minor": 0}
    for content in (view, json.dumps(view)):
        data = SimpleNamespace(mime_type=WIDGET_VIEW, content=content)
        (node,) = WidgetSnapshotRenderer.handle_mime(None, data, False)
        assert node["format"] == "html" and node.astext() == placeholder_html(region.model_id)
    page = f"<main><p>before</p>{node.astext()}<p>after</p></main>"
    filled = fill_snapshots(page, dependency_state(region, drop_defaults=False))
    assert filled.startswith("<main><p>before</p>") and filled.endswith("<p>after</p></main>")
    assert "Coastal" in filled and PLACEHOLDER_CLASS not in filled
    assert "not saved with the notebook" in fill_snapshots(page, {})


def test_the_plugin_leaves_other_outputs_to_myst_nb():
    data = SimpleNamespace(mime_type="text/html", content="<p>x</p>")
    assert WidgetSnapshotRenderer.handle_mime(None, data, False) is None
