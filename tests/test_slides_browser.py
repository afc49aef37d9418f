"""The slides, as a trainer uses them, with the network blocked: a deck of ``python3 tasks.py
slides`` renders and advances, with its figures and formulas; and jupyterlab-rise presents a lesson
live from the JupyterLab of ``python3 tasks.py lab``.

Needs the decks (``python3 tasks.py slides``) and Chromium; skips with a message otherwise (fails
under CI). Screenshots go to ``_build/screenshots/slides/``.
"""

from __future__ import annotations

import os

import pytest
from conftest import REPOSITORY, read_notebook

# the JupyterLab server and the browser of the JupyterLab test, as pytest fixtures
from test_jupyterlab_browser import browser, chromium, lab_url  # noqa: F401

pytestmark = pytest.mark.browser

SLIDES = REPOSITORY / "_build" / "slides"
SCREENSHOTS = REPOSITORY / "_build" / "screenshots" / "slides"
#: A deck with figures, and one with formulas (two-day workshop, day 1).
DECK_WITH_FIGURES = "two-day/day-1-1345-leaving-no-one-behind-3.slides.html"
DECK_WITH_FORMULAS = "two-day/day-1-1500-multidimensional-poverty-1.slides.html"
LESSON = "modules/01-lnob/02-access-and-dissimilarity.ipynb"


def _deck(name: str):
    path = SLIDES / name
    if not path.exists():
        reason = f"{path} is not built: run `python3 tasks.py slides`"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _offline_page(browser, outside: list[str], errors: list[str], allowed=("file:", "data:")):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 720})

    def block(route):
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def test_a_deck_renders_and_advances_offline(browser):  # noqa: F811
    outside, errors = [], []
    page = _offline_page(browser, outside, errors)
    page.goto(_deck(DECK_WITH_FIGURES).as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
    total = page.evaluate("Reveal.getTotalSlides()")
    assert total > 10
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "deck-first-slide.png")
    start = page.evaluate("Reveal.getIndices()")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"Reveal.getIndices().h !== {start['h']}")
    assert page.evaluate("Reveal.getProgress()") > 0
    figures = page.evaluate(
        "[...document.querySelectorAll('.reveal img')].filter(i => i.naturalWidth > 0).length"
    )
    assert figures >= 2, "the deck shows the lessons' figures"
    page.evaluate(  # to the first slide with a figure
        "Reveal.slide([...document.querySelectorAll('.reveal .slides > section')]"
        ".findIndex(s => s.querySelector('img')))"
    )
    page.wait_for_timeout(500)
    page.screenshot(path=SCREENSHOTS / "deck-figure-slide.png")
    page.close()
    assert outside == [] and errors == []


def test_a_deck_typesets_its_formulas_offline(browser):  # noqa: F811
    outside, errors = [], []
    page = _offline_page(browser, outside, errors)
    page.goto(_deck(DECK_WITH_FORMULAS).as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
    page.wait_for_function("document.querySelectorAll('mjx-container').length > 0", timeout=30_000)
    page.close()
    assert outside == [] and errors == []


def test_jupyterlab_rise_presents_a_lesson_offline(browser, lab_url):  # noqa: F811
    outside, errors = [], []
    page = _offline_page(browser, outside, errors, allowed=("http://127.0.0.1", "data:", "blob:"))
    page.goto(lab_url.format(path=LESSON))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    commands = page.evaluate(
        "window.jupyterapp.commands.listCommands().filter(c => c.startsWith('RISE:'))"
    )
    assert "RISE:slideshow" in commands
    rise_url = lab_url.format(path=LESSON).replace("/lab/tree/", "/rise/")
    page.goto(rise_url)
    page.wait_for_selector(".reveal .slides section.present", timeout=90_000)
    page.wait_for_timeout(2000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "rise-first-slide.png")
    title = page.inner_text(".reveal .slides section.present")
    assert "access by group and the dissimilarity index" in title.lower()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(1000)
    page.screenshot(path=SCREENSHOTS / "rise-second-slide.png")
    page.close()
    assert outside == []


def test_every_lesson_figure_is_exported_for_the_projector():
    _deck(DECK_WITH_FIGURES)  # the figures are built with the decks
    figures = REPOSITORY / "_build" / "figures"
    missing = []
    for path in sorted((REPOSITORY / "modules").glob("*/*.ipynb")):
        for cell in read_notebook(path)["cells"]:
            name = cell["metadata"].get("mystnb", {}).get("figure", {}).get("name")
            if cell["cell_type"] == "code" and name:
                missing += [
                    f"{path.stem}/{name}.{suffix}"
                    for suffix in ("png", "svg")
                    if not (figures / path.stem / f"{name}.{suffix}").exists()
                ]
    assert missing == []
