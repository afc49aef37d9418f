"""Interactive controls in the HTML book: a labelled snapshot, not a frozen copy.

An ipywidgets control recomputes only with a Python kernel behind it. In the HTML book MyST-NB
would embed the widget state and a 3.6 MB widget manager to draw controls that look alive but do
nothing when moved. The book draws a light, honest snapshot instead: a note that the controls run
in JupyterLab, each control's label and the value it had when the book was built, and what the
controls showed (their output areas: tables, figures, text).

It takes two steps, because a notebook executed inline only has its widget state once every cell
is rendered:

1. :class:`WidgetSnapshotRenderer`, a MyST-NB output renderer (entry point group
   ``myst_nb.mime_renderers`` in ``pyproject.toml``), writes a placeholder for each displayed
   widget (:func:`placeholder_html`);
2. ``book/_ext/offline_book.py`` reads the page's widget state, replaces the placeholders with
   :func:`fill_snapshots`, and drops the state, so no page loads a widget manager.

The kernel-free charts (:mod:`sptools.widgets.kernel_free`) are the parts that do move in the book.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from docutils import nodes

from sptools.widgets.kernel_free_book import MIMETYPES as VEGA_MIMETYPES
from sptools.widgets.kernel_free_book import chart_html

__all__ = [
    "SNAPSHOT_CLASS",
    "data_uri",
    "fill_snapshots",
    "placeholder_html",
    "WIDGET_STATE",
    "WIDGET_VIEW",
    "WidgetSnapshotRenderer",
    "snapshot_html",
]

#: The output type of a displayed widget, and the notebook metadata key of the widgets' state.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: The class of the element that holds a snapshot (styled in ``book/_static/curriculum.css``).
SNAPSHOT_CLASS = "sptools-widget-snapshot"
#: The class of a placeholder, before the page's widget state is known.
PLACEHOLDER_CLASS = "sptools-widget-pending"
_PLACEHOLDER = re.compile(rf'<div class="{PLACEHOLDER_CLASS}" data-model-id="([^"]*)"></div>')

NOTE = (
    "<p class='sptools-snapshot-note'><strong>Interactive in JupyterLab.</strong> A snapshot of "
    "the controls as they were set when the book was built, and what they showed: moving them "
    "needs Python, which a web page does not have. Download this page as a notebook (the "
    "download button at the top) and open it in JupyterLab to use them.</p>"
)
#: Output types drawn from an output area, in order of preference.
_OUTPUT_PREFERENCE = (
    *VEGA_MIMETYPES,
    "text/html",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/plain",
)

State = Mapping[str, Mapping[str, Any]]
#: ``(mimetype, base64_data) -> src`` of an image.
ImageWriter = Callable[[str, str], str]


def data_uri(mimetype: str, data: str) -> str:
    """An image as a data URI, for a page that carries its own figures.

    Examples
    --------
    >>> data_uri("image/png", "iVBO")
    'data:image/png;base64,iVBO'
    """
    return f"data:{mimetype};base64,{data}"


class _Notebook(NamedTuple):
    """What drawing a snapshot needs: the notebook's widget state, and where figures go."""

    state: State
    image: ImageWriter


def snapshot_html(model_id: str, state: State, image: ImageWriter | None = None) -> str:
    """The HTML snapshot of the widget ``model_id``, read from the notebook's widget ``state``.

    Parameters
    ----------
    model_id : str
        The displayed widget (its ``application/vnd.jupyter.widget-view+json`` output).
    state : mapping
        The notebook's widget state: model id to ``{"model_name": ..., "state": {...}}``.
    image : callable, optional
        ``image(mimetype, base64_data)`` returns the ``src`` of a figure the widget showed (the
        book writes it as a file); by default the figure is inlined as a data URI.

    Examples
    --------
    >>> state = {"d": {"model_name": "DropdownModel", "state": {
    ...     "description": "Region", "_options_labels": ["Coastal", "Plains"], "index": 1}}}
    >>> "Region" in snapshot_html("d", state) and "Plains" in snapshot_html("d", state)
    True
    """
    body = _render(model_id, _Notebook(state, image or data_uri))
    return (
        f'<div class="{SNAPSHOT_CLASS}" role="group" '
        'aria-label="Snapshot of interactive controls (they run in JupyterLab)">'
        f"{NOTE}{body}</div>"
    )


def _render(reference: str, notebook: _Notebook) -> str:
    model_id = reference.removeprefix("IPY_MODEL_")
    model = notebook.state.get(model_id)
    if model is None:
        return "<p>(a control whose state was not saved with the notebook)</p>"
    name, values = model.get("model_name", ""), model.get("state", {})
    if name == "OutputModel":
        return _output(values, notebook)
    if "children" in values:  # boxes, accordions, tabs
        return _container(name, values, notebook)
    if name in ("HTMLModel", "HTMLMathModel", "LabelModel"):
        return _text_widget(name, values)
    if name == "ButtonModel":
        return _button(values)
    if any(key in values for key in ("value", "index", "description")):
        return _control(name, values)
    kind = name.removesuffix("Model") or "unknown"
    return f'<div class="sptools-snapshot-text">(a control of type {html.escape(kind)})</div>'


def _container(name: str, values: Mapping[str, Any], notebook: _Notebook) -> str:
    children = [_render(child, notebook) for child in values.get("children", [])]
    if name in ("AccordionModel", "TabModel", "StackModel"):
        titles = list(values.get("titles") or [])
        selected = values.get("selected_index")
        sections = []
        for i, child in enumerate(children):
            title = (
                html.escape(str(titles[i])) if i < len(titles) and titles[i] else f"Part {i + 1}"
            )
            opened = " open" if i == selected else ""
            sections.append(f"<details{opened}><summary>{title}</summary>{child}</details>")
        return "".join(sections)
    layout = "row" if name == "HBoxModel" else "column"
    return f'<div class="sptools-snapshot-{layout}">{"".join(children)}</div>'


def _output(values: Mapping[str, Any], notebook: _Notebook) -> str:
    parts = [_output_html(output, notebook) for output in values.get("outputs", [])]
    return f'<div class="sptools-snapshot-output">{"".join(parts)}</div>'


def _output_html(output: Mapping[str, Any], notebook: _Notebook) -> str:
    """One output of an output area, as the book would draw it in a cell (a widget shown in
    the area, as its snapshot)."""
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(_text(output.get('text', '')))}</pre>"
    if output.get("output_type") == "error":
        error = f"{output.get('ename', '')}: {output.get('evalue', '')}"
        return f"<pre>{html.escape(error)}</pre>"
    data = output.get("data", {})
    if WIDGET_VIEW in data:
        return _render(str(data[WIDGET_VIEW].get("model_id", "")), notebook)
    mimetype = next((m for m in _OUTPUT_PREFERENCE if m in data), None)
    content = data.get(mimetype)
    if mimetype in VEGA_MIMETYPES:
        return chart_html(content)
    if mimetype in ("text/html", "image/svg+xml"):
        return _text(content)
    if mimetype in ("image/png", "image/jpeg"):
        alt = html.escape(_text(data.get("text/plain", "a figure")), quote=True)
        src = notebook.image(mimetype, _text(content).strip())
        # lazy: the figure loads when the reader scrolls to it, not with the page
        return f'<img src="{src}" alt="{alt}" loading="lazy">'
    if mimetype == "text/plain":
        return f"<pre>{html.escape(_text(content))}</pre>"
    return ""


def _text(content: str | list[str]) -> str:
    return "".join(content) if isinstance(content, list) else str(content)


def _text_widget(name: str, values: Mapping[str, Any]) -> str:
    value = str(values.get("value", ""))
    shown = html.escape(value) if name == "LabelModel" else value
    label = _label(values)
    prefix = f'<span class="sptools-snapshot-label">{label}</span> ' if label else ""
    return f'<div class="sptools-snapshot-text">{prefix}{shown}</div>'


def _button(values: Mapping[str, Any]) -> str:
    label = _label(values) or "a button"
    return f'<span class="sptools-snapshot-button">{label}</span>'


def _control(name: str, values: Mapping[str, Any]) -> str:
    label = _label(values)
    shown = (
        _options(values)
        if name in _ALL_OPTIONS_SHOWN
        else f'<span class="sptools-snapshot-value">{html.escape(_value(name, values))}</span>'
    )
    prefix = f'<span class="sptools-snapshot-label">{label}</span> ' if label else ""
    return f'<div class="sptools-snapshot-control">{prefix}{shown}</div>'


#: Controls that show every option (JupyterLab draws them all), the chosen one marked.
_ALL_OPTIONS_SHOWN = ("RadioButtonsModel", "ToggleButtonsModel")


def _options(values: Mapping[str, Any]) -> str:
    labels = [str(label) for label in values.get("_options_labels", [])]
    chosen = values.get("index")
    return " ".join(
        f'<span class="sptools-snapshot-{"value" if i == chosen else "option"}">'
        f"{html.escape(label)}</span>"
        for i, label in enumerate(labels)
    )


def _value(name: str, values: Mapping[str, Any]) -> str:
    """The value a control shows, as its reader sees it (the option's label, not its index)."""
    if name == "PasswordModel":
        return "(hidden)"
    if "_options_labels" in values:
        labels = list(values["_options_labels"])
        index = values.get("index")
        chosen = index if isinstance(index, list | tuple) else [] if index is None else [index]
        shown = [str(labels[i]) for i in chosen if 0 <= i < len(labels)]
        joiner = " to " if "Range" in name else ", "
        return joiner.join(shown) or "(none chosen)"
    if "value" not in values:
        return "(not saved with the notebook)"
    value = values["value"]
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list | tuple):
        return " to ".join(_number(v, values) for v in value)
    if isinstance(value, int | float):
        return _number(value, values)
    return "" if value is None else str(value)


def _number(value: Any, values: Mapping[str, Any]) -> str:
    """A number with the control's readout format (d3's format specs mostly read as Python's)."""
    form = values.get("readout_format")
    if form:
        try:
            return format(value, form)
        except (TypeError, ValueError):
            pass
    return str(value)


def _label(values: Mapping[str, Any]) -> str:
    description = str(values.get("description") or "")
    return description if values.get("description_allow_html") else html.escape(description)


def placeholder_html(model_id: str) -> str:
    """Where the snapshot of widget ``model_id`` goes, once the page's widget state is known.

    Examples
    --------
    >>> placeholder_html("abc")
    '<div class="sptools-widget-pending" data-model-id="abc"></div>'
    """
    return f'<div class="{PLACEHOLDER_CLASS}" data-model-id="{html.escape(model_id)}"></div>'


def fill_snapshots(page: str, state: State, image: ImageWriter | None = None) -> str:
    """Replace every placeholder in a page's HTML with the snapshot of its widget.

    ``image`` is passed on to :func:`snapshot_html`.

    Examples
    --------
    >>> state = {"t": {"model_name": "TextModel", "state": {"description": "Search",
    ...                                                      "value": "water"}}}
    >>> "water" in fill_snapshots(f"<p>{placeholder_html('t')}</p>", state)
    True
    """
    return _PLACEHOLDER.sub(
        lambda match: snapshot_html(html.unescape(match[1]), state, image), page
    )


class WidgetSnapshotRenderer:
    """MyST-NB plugin: a placeholder for each displayed widget, filled by :func:`fill_snapshots`."""

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        """The placeholder of a widget output; None for any other output (MyST-NB goes on)."""
        if data.mime_type != WIDGET_VIEW:
            return None
        view = json.loads(data.content) if isinstance(data.content, str | bytes) else data.content
        model_id = str(view.get("model_id", ""))
        return [nodes.raw("", placeholder_html(model_id), format="html")]
