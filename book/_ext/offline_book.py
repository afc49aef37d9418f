"""Sphinx extension: keep the HTML book clean and self-contained.

sphinx-thebe (loaded by Jupyter Book) registers its configuration script twice, which makes the
browser raise "Identifier 'THEBE_JS_URL' has already been declared" on every page. This extension
drops repeated script entries from each page.

The kernel-free charts (``sptools.widgets.kernel_free``) need Vega, Vega-Lite and vega-embed
(about 0.8 MB): this extension adds them, vendored in ``_static/vendor``, to the pages that show
such a chart and to no other page. They come before RequireJS (which the widget pages load), so
that they define their globals instead of anonymous AMD modules.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _drop_repeated_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in context.get("script_files", []):
        # the same inline script may be registered with filename None and with filename ""
        key = (
            str(getattr(script, "filename", script) or ""),
            str(getattr(script, "attributes", {}).get("body", "")),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


#: The scripts of a page with a kernel-free chart, in order (before RequireJS: priority 500).
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _add_chart_scripts)
    app.connect("html-page-context", _drop_repeated_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
