"""The kernel-free charts in the HTML book: a MyST-NB output renderer for Vega-Lite.

MyST-NB (the notebook reader of Jupyter Book) does not know the Vega-Lite output type that
:mod:`sptools.widgets.kernel_free` writes. This plugin, registered under the entry point group
``myst_nb.mime_renderers`` in ``pyproject.toml``, writes it into the page as HTML: the chart
specification as JSON, a placeholder, and the caption. ``book/_ext/offline_book.py`` then adds the
vendored Vega, Vega-Lite and vega-embed scripts and ``book/_static/kernel-free.js`` (which draws
every placeholder) to the pages that hold one, and only to them.
"""

from __future__ import annotations

import html
import json
from typing import Any, ClassVar

from docutils import nodes

from sptools.widgets.kernel_free import EMBED_OPTIONS, MIMETYPE

__all__ = ["CHART_CLASS", "MIMETYPES", "VegaLiteRenderer", "chart_html"]

#: The output types drawn: the one sptools writes, and altair 6's own (a chart displayed before
#: :mod:`sptools.widgets.kernel_free` was imported; JupyterLab 4.6 cannot draw that one).
MIMETYPES = (MIMETYPE, "application/vnd.vegalite.v6+json")

#: The class of the element that holds a chart; the book loads Vega on the pages that have one.
CHART_CLASS = "sptools-vega"


def chart_html(spec: dict[str, Any] | str) -> str:
    """The HTML of one chart: the specification as JSON, a placeholder, the caption.

    Examples
    --------
    >>> print(chart_html({"description": "x", "mark": "bar"}))  # doctest: +ELLIPSIS
    <figure class="sptools-vega" ...
    """
    if isinstance(spec, str):
        spec = json.loads(spec)
    meta = spec.get("usermeta", {}).get("sptools", {})
    caption = meta.get("caption", "")
    description = spec.get("description", "")
    # "</" inside a script element would end it early; "<\/" is the same JSON string
    payload = json.dumps({"spec": spec, "options": EMBED_OPTIONS}).replace("</", "<\\/")
    figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="{CHART_CLASS}" role="group" aria-label="{html.escape(description)}">'
        f'<script type="application/json">{payload}</script>'
        '<div class="sptools-vega-chart"><p>Drawing the chart... (it needs JavaScript)</p></div>'
        f"{figcaption}</figure>"
    )


class VegaLiteRenderer:
    """MyST-NB plugin: render the Vega-Lite outputs (:data:`MIMETYPES`) as HTML."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int]]] = [
        (builder, mimetype, 5)
        for builder in ("html", "dirhtml", "singlehtml", "readthedocs")
        for mimetype in MIMETYPES
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        """The page's HTML for a Vega-Lite output; None for any other output (MyST-NB goes on)."""
        if inline or data.mime_type not in MIMETYPES:
            return None
        return [nodes.raw("", chart_html(data.content), format="html")]
