"""The book's Sphinx extension (book/_ext/offline_book.py), handler by handler, without a build.

The browser tests (test_book_browser.py) check the built pages; these check each page handler on
a page context made by hand, as Sphinx passes it.
"""

from __future__ import annotations

import json
import sys
from types import SimpleNamespace

import ipywidgets as widgets
import pytest
from conftest import REPOSITORY
from ipywidgets.embed import dependency_state

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


def test_a_widget_placeholder_is_filled_from_the_pages_widget_state():
    context, _ = _page_with_a_widget()
    offline_book._snapshot_widgets(None, "lesson", "page.html", context, None)
    assert "Minimum poverty rate (%)" in context["body"] and ">15<" in context["body"]
    assert "sptools-widget-pending" not in context["body"]


def test_the_widget_state_and_repeated_scripts_leave_the_page():
    context, _ = _page_with_a_widget()
    offline_book._clean_scripts(None, "lesson", "page.html", context, None)
    assert [s.filename for s in context["script_files"]] == ["_static/theme.js"]


def test_a_page_without_widget_state_says_so_instead_of_dropping_the_widget():
    context = {"body": placeholder_html("gone"), "script_files": []}
    offline_book._snapshot_widgets(None, "lesson", "page.html", context, None)
    assert "not saved with the notebook" in context["body"]
