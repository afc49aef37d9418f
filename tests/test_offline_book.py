"""The book's Sphinx extension (book/_ext/offline_book.py), handler by handler, without a build.

The browser tests (test_book_browser.py) check the built pages; these check each page handler on
a page context made by hand, as Sphinx passes it.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sys
from types import SimpleNamespace

import ipywidgets as widgets
import pytest
from conftest import REPOSITORY
from ipywidgets.embed import dependency_state
from sphinx.errors import ExtensionError

from sptools.widgets.snapshot_book import WIDGET_STATE, placeholder_html

sys.path.insert(0, str(REPOSITORY / "book" / "_ext"))
offline_book = pytest.importorskip("offline_book")


def _script(filename: str | None, **attributes: str) -> SimpleNamespace:
    """A script entry of a page context, as Sphinx's ``_JavaScript``."""
    return SimpleNamespace(filename=filename, attributes=attributes)


def _page_with_a_widget() -> tuple[dict, widgets.Widget]:
    slider = widgets.IntSlider(value=15, description="Minimum poverty rate (%)")
    state = {"version_major": 2, "version_minor": 0, "state": dependency_state(slider, False)}
    context = {
        "body": f"<h1>Lesson</h1>{placeholder_html(slider.model_id)}",
        "script_files": [
            _script("_static/theme.js"),
            _script(None, type=WIDGET_STATE, body=json.dumps(state).replace("/", "\\/")),
            _script("_static/theme.js"),
        ],
    }
    return context, slider


def _app(out) -> SimpleNamespace:
    """The parts of Sphinx's application the handlers read."""
    return SimpleNamespace(outdir=str(out), builder=SimpleNamespace(format="html"))


def test_a_widget_placeholder_is_filled_from_the_pages_widget_state(tmp_path):
    context, _ = _page_with_a_widget()
    offline_book._snapshot_widgets(_app(tmp_path), "lesson", "page.html", context, None)
    assert "Minimum poverty rate (%)" in context["body"] and ">15<" in context["body"]
    assert "sptools-widget-pending" not in context["body"]


def test_the_widget_state_and_repeated_scripts_leave_the_page():
    context, _ = _page_with_a_widget()
    offline_book._clean_scripts(None, "lesson", "page.html", context, None)
    assert [s.filename for s in context["script_files"]] == ["_static/theme.js"]


def test_a_page_without_widget_state_says_so_instead_of_dropping_the_widget(tmp_path):
    context = {"body": placeholder_html("gone"), "script_files": []}
    offline_book._snapshot_widgets(_app(tmp_path), "lesson", "page.html", context, None)
    assert "not saved with the notebook" in context["body"]


def test_a_figure_a_widget_showed_is_written_as_an_image_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n a figure"
    area = widgets.Output()
    area.outputs = (
        {
            "output_type": "display_data",
            "data": {"image/png": base64.b64encode(png).decode(), "text/plain": "<Figure>"},
            "metadata": {},
        },
    )
    state = {"state": dependency_state(area, False)}
    context = {
        "body": placeholder_html(area.model_id),
        "script_files": [_script(None, type=WIDGET_STATE, body=json.dumps(state))],
    }
    offline_book._snapshot_widgets(_app(tmp_path), "modules/lesson", "page.html", context, None)
    (image,) = (tmp_path / "_images").glob("snapshot-*.png")
    assert image.read_bytes() == png
    expected = f'<img src="../_images/{image.name}" alt="&lt;Figure&gt;" loading="lazy">'
    assert expected in context["body"]
    assert "base64" not in context["body"]


@pytest.fixture
def node() -> str:
    path = shutil.which("node")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is needed to typeset the book's formulas")
        pytest.skip("Node.js is not installed")
    return path


def test_formulas_are_typeset_in_every_page_and_mathjax_leaves(tmp_path, node):
    (tmp_path / "lessons").mkdir()
    mathjax = (
        '<script>window.MathJax = {"options": {}}</script>\n'
        '<script defer="defer" src="../_static/vendor/mathjax/tex-chtml.js?v=1"></script>\n'
    )
    lesson = tmp_path / "lessons" / "d-index.html"
    lesson.write_text(
        f'<html><head>{mathjax}</head><body><h2>The <span class="math notranslate '
        'nohighlight">\\(k\\)</span>-curves</h2><div class="math notranslate nohighlight">\n'
        "\\[D = \\frac{1}{2\\bar p} \\sum_g \\beta_g |p_g - \\bar p| &lt; 1\\]</div></body></html>",
        "utf-8",
    )
    plain = tmp_path / "index.html"
    plain.write_text(f"<html><head>{mathjax}</head><body>no formula</body></html>", "utf-8")
    offline_book._finish_pages(_app(tmp_path), None)
    page = lesson.read_text("utf-8")
    assert page.count('class="katex"') == 2 and 'class="katex-display"' in page
    assert '<annotation encoding="application/x-tex">D = \\frac' in page  # MathML for readers
    assert "&lt;" in page and "notranslate" not in page and "mathjax" not in page.lower()
    assert (
        '<link rel="stylesheet" type="text/css" href="../_static/vendor/katex/katex.min.css" />'
        in page
    )
    assert "mathjax" not in plain.read_text("utf-8").lower()
    assert "katex" not in plain.read_text("utf-8")


def test_a_formula_katex_cannot_read_stops_the_build(node):
    with pytest.raises(ExtensionError, match=r"cannot typeset .*\\\\notacommand"):
        offline_book.typeset([("x = \\notacommand", False)])


def test_without_node_the_pages_keep_mathjax(tmp_path, monkeypatch):
    page = tmp_path / "lesson.html"
    text = (
        '<html><head><script src="_static/vendor/mathjax/tex-chtml.js"></script></head><body>'
        '<span class="math notranslate nohighlight">\\(H\\)</span></body></html>'
    )
    page.write_text(text, "utf-8")
    monkeypatch.setattr(offline_book.shutil, "which", lambda name: None)
    offline_book._finish_pages(_app(tmp_path), None)
    assert page.read_text("utf-8") == text
