"""Sphinx extension: keep the HTML book clean and self-contained.

sphinx-thebe (loaded by Jupyter Book) registers its configuration script twice, which makes the
browser raise "Identifier 'THEBE_JS_URL' has already been declared" on every page. This extension
drops repeated script entries from each page.

The kernel-free charts (``sptools.widgets.kernel_free``) need Vega, Vega-Lite and vega-embed
(about 0.8 MB): this extension adds them, vendored in ``_static/vendor``, to the pages that show
such a chart and to no other page. Once the build is done, it compiles each chart's Vega-Lite
specification to Vega in Node.js (``vegalite_compile.js``), so those pages do without Vega-Lite's
250 kB compiler.

A displayed ipywidget is drawn as a static snapshot (``sptools.widgets.snapshot_book``): this
extension fills each widget's placeholder from the widget state MyST-NB puts in the page (the
figures it showed written to ``_images``), then drops the state (up to hundreds of kB), so no page
loads a widget manager.

Formulas are typeset when the book is built: KaTeX (vendored in ``_static/vendor/katex``) runs in
Node.js (``katex_render.js``) and writes each formula's HTML and MathML into the page, so pages
load a 25 kB style sheet and the fonts they use instead of MathJax's 1.2 MB script, and show
their formulas without running any script. Node.js is already needed by the room server; where it
is missing, the pages keep MathJax (vendored too), which typesets them in the browser.

The theme (pydata-sphinx-theme) loads ``scripts/fontawesome.js`` on every page, 1.5 MB that
redraws its icons as SVG "so that users can add custom icons". The book adds none, and the
theme's style sheet draws the same icons with the Font Awesome web fonts, so once the build is
done this extension removes that script from the pages and the build (a page then weighs 1.5 MB
less; issue 14 asks for pages under 2 MB). The theme also loads the search index on every page
for search-as-you-type, which the book leaves off: it stays on the search page only.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

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
        page_folder = (Path(app.outdir) / pagename).parent
        context["body"] = fill_snapshots(
            context["body"], state, functools.partial(_write_image, Path(app.outdir), page_folder)
        )


def _write_image(out: Path, page_folder: Path, mimetype: str, data: str) -> str:
    """Write a figure a widget showed to ``_images`` (named by its content); return its src.

    A file, not a data URI: base64 makes a figure a third larger, and the page's HTML with it.
    """
    content = base64.b64decode(data)
    suffix = {"image/png": ".png", "image/jpeg": ".jpg"}[mimetype]
    target = out / "_images" / f"snapshot-{hashlib.sha256(content).hexdigest()[:32]}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_bytes(content)
    return Path(os.path.relpath(target, page_folder)).as_posix()


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


LOGGER = logging.getLogger(__name__)

#: A formula as Sphinx writes it for MathJax: ``\\(...\\)`` in a span, ``\\[...\\]`` in a div.
_FORMULA = re.compile(
    r'<(span|div) class="math notranslate nohighlight">\s*\\([(\[])(.*?)\\[)\]]\s*</\1>', re.S
)
KATEX_RENDER = Path(__file__).with_name("katex_render.js")
KATEX_CSS = "vendor/katex/katex.min.css"
#: The class of a typeset formula's element (not the theme's "math", styled for MathJax).
MATH_CLASS = "sptools-math"


def run_node(script: Path, items: list) -> list:
    """Send ``items`` as JSON to a Node.js ``script``; return the JSON list it writes back."""
    node = shutil.which("node")
    if node is None:
        raise ExtensionError(
            f"Node.js is needed to run {script.name} (install Node.js 18 or later: "
            "https://nodejs.org; on Debian or Ubuntu, apt-get install nodejs)."
        )
    done = subprocess.run(
        [node, str(script)],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if done.returncode != 0:
        raise ExtensionError(done.stderr.strip())
    return json.loads(done.stdout)


def typeset(formulas: list[tuple[str, bool]]) -> list[str]:
    """The HTML of each (TeX, display?) formula, typeset by KaTeX in Node.js."""
    return run_node(KATEX_RENDER, formulas)


#: MathJax's configuration and script tags, which every page with a formula would load.
_MATHJAX_TAGS = re.compile(
    r'<script>window\.MathJax = .*?</script>\s*|<script[^>]*src="[^"]*vendor/mathjax/[^"]*"[^>]*>'
    r"</script>\s*"
)

#: A kernel-free chart's specification in a page (sptools.widgets.kernel_free_book.chart_html).
_CHART = re.compile(
    rf'(<figure class="{CHART_CLASS}"[^>]*><script type="application/json">)(.*?)(</script>)', re.S
)
_VEGA_LITE_TAG = re.compile(r'<script[^>]*src="[^"]*vendor/vega-lite/[^"]*"[^>]*></script>\s*')
VEGA_LITE_COMPILE = Path(__file__).with_name("vegalite_compile.js")

#: The theme's icon script and its tag in a page (any depth, any digest).
FONTAWESOME_JS = "_static/scripts/fontawesome.js"
_FONTAWESOME_TAG = re.compile(
    r'<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>\s*'
)

#: The search scripts and index (244 kB) the theme loads on every page for search-as-you-type,
#: which the book leaves off: the search box opens search.html, the one page that needs them.
_SEARCH_TAGS = re.compile(
    r'<script[^>]*src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
    r'searchindex\.js)[^"]*"[^>]*></script>\s*'
)


def _finish_pages(app: Sphinx, exception: Exception | None) -> None:
    """Once every page is written, read each once and rewrite it when it changes.

    With Node.js: every formula (bodies, headings, tables of contents) typeset in one KaTeX run,
    and every kernel-free chart compiled to Vega in one Vega-Lite run. Without it the pages keep
    MathJax and Vega-Lite, which do the same in the reader's browser. Then the scripts no page
    needs leave: the icon script (from the build too), the search scripts but on the search page.
    """
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = {page: page.read_text("utf-8") for page in out.rglob("*.html")}
    node = shutil.which("node") is not None
    if node:
        formulas = _typeset_all(pages.values())
        charts = _compile_all(pages.values())
    else:
        LOGGER.info(
            "Node.js is not installed: the formulas and charts are left to MathJax and Vega-Lite, "
            "in the reader's browser (their pages then load up to 1.5 MB more)."
        )
    for page, text in pages.items():
        done = text
        if node:
            static = Path(os.path.relpath(out / "_static", page.parent)).as_posix()
            done = _with_charts(
                _with_formulas(done, formulas, static, page.relative_to(out)), charts
            )
        done = _FONTAWESOME_TAG.sub("", done)
        if page != out / "search.html":
            done = _SEARCH_TAGS.sub("", done)
        if done != text:
            page.write_text(done, "utf-8")
    for leftover in (FONTAWESOME_JS, f"{FONTAWESOME_JS}.map"):
        (out / leftover).unlink(missing_ok=True)


def _formula(match: re.Match) -> tuple[str, bool]:
    """(TeX, display?) of a formula found by :data:`_FORMULA`."""
    return html.unescape(match[3]), match[2] == "["


def _typeset_all(pages: Iterable[str]) -> dict[tuple[str, bool], str]:
    """The HTML of every distinct formula of the pages."""
    formulas = sorted({_formula(m) for text in pages for m in _FORMULA.finditer(text)})
    return dict(zip(formulas, typeset(formulas) if formulas else [], strict=True))


def _with_formulas(
    text: str, typeset_html: dict[tuple[str, bool], str], static: str, name: Path
) -> str:
    """The page with its formulas typeset and KaTeX's style sheet, without MathJax."""
    done = _FORMULA.sub(
        lambda m: f'<{m[1]} class="{MATH_CLASS}">{typeset_html[_formula(m)]}</{m[1]}>', text
    )
    left = done.find('class="math notranslate nohighlight"')
    if left >= 0:
        raise ExtensionError(
            f"{name}: a formula is not in the form \\(...\\) or \\[...\\] (a numbered "
            f"equation?), so it cannot be typeset: {done[left : left + 200]!r}"
        )
    if done != text:
        link = f'<link rel="stylesheet" type="text/css" href="{static}/{KATEX_CSS}" />'
        done = done.replace("</head>", f"{link}\n</head>", 1)
    # Sphinx adds MathJax to some pages with no formula of their own: none needs it now
    return _MATHJAX_TAGS.sub("", done)


def _compile_all(pages: Iterable[str]) -> dict[str, dict]:
    """The Vega specification of every chart payload (its JSON text) still in Vega-Lite."""
    payloads = {m[2] for text in pages for m in _CHART.finditer(text)}
    to_compile = [p for p in payloads if json.loads(p).get("options", {}).get("mode") != "vega"]
    specs = [json.loads(p)["spec"] for p in to_compile]
    return dict(zip(to_compile, run_node(VEGA_LITE_COMPILE, specs) if specs else [], strict=True))


def _with_charts(text: str, compiled: dict[str, dict]) -> str:
    """The page with its charts in Vega, and without the Vega-Lite script."""

    def vega(match: re.Match) -> str:
        if match[2] not in compiled:
            return match[0]
        options = {**json.loads(match[2])["options"], "mode": "vega"}
        payload = json.dumps({"spec": compiled[match[2]], "options": options})
        return match[1] + payload.replace("</", "<\\/") + match[3]

    done = _CHART.sub(vega, text)
    return text if done == text else _VEGA_LITE_TAG.sub("", done)


def setup(app: Sphinx) -> dict[str, Any]:
    # In order, after MyST-NB has added the page's scripts (its handler has the default, 500):
    # the snapshots (one may hold a kernel-free chart), the chart scripts, the clean-up.
    app.connect("html-page-context", _snapshot_widgets, priority=600)
    app.connect("html-page-context", _add_chart_scripts, priority=700)
    app.connect("html-page-context", _clean_scripts, priority=800)
    app.connect("build-finished", _finish_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
