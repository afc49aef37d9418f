"""Sphinx extension: keep the HTML book clean and self-contained.

sphinx-thebe (loaded by Jupyter Book) registers its configuration script twice, which makes the
browser raise "Identifier 'THEBE_JS_URL' has already been declared" on every page. This extension
drops repeated script entries from each page.

The kernel-free charts (``sptools.widgets.kernel_free``) need Vega, Vega-Lite and vega-embed
(about 0.8 MB): this extension adds them, vendored in ``_static/vendor``, to the pages that show
such a chart and to no other page.

A displayed ipywidget is drawn as a static snapshot (``sptools.widgets.snapshot_book``): this
extension fills each widget's placeholder from the widget state MyST-NB puts in the page, then
drops the state (up to hundreds of kB), so no page loads a widget manager.

The theme (pydata-sphinx-theme) loads ``scripts/fontawesome.js`` on every page, 1.5 MB that
redraws its icons as SVG "so that users can add custom icons". The book adds none, and the
theme's style sheet draws the same icons with the Font Awesome web fonts, so once the build is
done this extension removes that script from the pages and the build (a page then weighs 1.5 MB
less; issue 14 asks for pages under 2 MB).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from sptools.widgets.snapshot_book import WIDGET_STATE, fill_snapshots


def _is_widget_state(script: object) -> bool:
    return getattr(script, "attributes", {}).get("type") == WIDGET_STATE


def _snapshot_widgets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    """Draw the page's widget snapshots from the widget state MyST-NB registered for it."""
    state = {}
    for script in context.get("script_files", []):
        if _is_widget_state(script):
            state = json.loads(script.attributes["body"]).get("state", {})
    if "body" in context:
        context["body"] = fill_snapshots(context["body"], state)


def _clean_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    """Drop the page's widget state and every script registered twice."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in context.get("script_files", []):
        if _is_widget_state(script):
            continue
        # the same inline script may be registered with filename None and with filename ""
        key = (
            str(getattr(script, "filename", script) or ""),
            str(getattr(script, "attributes", {}).get("body", "")),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


#: The scripts of a page with a kernel-free chart, in order (before the theme's: priority 500).
KERNEL_FREE_SCRIPTS = (
    "vendor/vega/vega.min.js",
    "vendor/vega-lite/vega-lite.min.js",
    "vendor/vega-embed/vega-embed.min.js",
    "kernel-free.js",
)
#: The class of a kernel-free chart in a page (sptools.widgets.kernel_free_book.CHART_CLASS).
CHART_CLASS = "sptools-vega"


def _add_chart_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    if f'class="{CHART_CLASS}"' in context.get("body", ""):
        for offset, script in enumerate(KERNEL_FREE_SCRIPTS):
            # called from html-page-context, add_js_file adds the script to this page only
            app.add_js_file(script, priority=100 + offset)


#: The theme's icon script and its tag in a page (any depth, any digest).
FONTAWESOME_JS = "_static/scripts/fontawesome.js"
_FONTAWESOME_TAG = re.compile(
    r'<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>\s*'
)


def _drop_fontawesome_script(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        text = page.read_text("utf-8")
        cleaned = _FONTAWESOME_TAG.sub("", text)
        if cleaned != text:
            page.write_text(cleaned, "utf-8")
    for leftover in (FONTAWESOME_JS, f"{FONTAWESOME_JS}.map"):
        (out / leftover).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, Any]:
    # In order, after MyST-NB has added the page's scripts (its handler has the default, 500):
    # the snapshots (one may hold a kernel-free chart), then the chart scripts, then the clean-up.
    app.connect("html-page-context", _snapshot_widgets, priority=600)
    app.connect("html-page-context", _add_chart_scripts, priority=700)
    app.connect("html-page-context", _clean_scripts, priority=800)
    app.connect("build-finished", _drop_fontawesome_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
