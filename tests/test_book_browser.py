"""The built HTML book renders in a real browser, widget snapshots included, without requesting
anything outside.

Needs the built book (``python3 tasks.py book``) and Debian's Chromium (``apt-get install
chromium``); skips with a message otherwise, except in CI (``CI=true``), where a missing piece is a
failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import REPOSITORY

pytestmark = pytest.mark.browser

BOOK = REPOSITORY / "_build" / "html"
SCREENSHOTS = REPOSITORY / "_build" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: The class of a displayed widget's snapshot (sptools.widgets.snapshot_book.SNAPSHOT_CLASS).
SNAPSHOT = "sptools-widget-snapshot"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        _unavailable(
            "Chromium is not installed: `sudo apt-get install chromium` "
            "(Debian/Ubuntu) to run this test"
        )
    return path


@pytest.fixture(scope="module")
def book_url() -> Iterator[str]:
    if not (BOOK / "index.html").exists():
        _unavailable(
            f"the book is not built ({BOOK} is missing): run `python3 tasks.py book` first"
        )
    handler = functools.partial(_QuietHandler, directory=str(BOOK))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def browser(chromium):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _visit(browser, url: str, screenshot: Path, *, focus: str | None = None) -> dict:
    """Open a page, block and record every request that leaves the machine, take a screenshot.

    ``focus`` is a CSS selector scrolled into view before the screenshot.
    """
    outside, failed, errors = [], [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: _local_only(route, outside))
    page = context.new_page()
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    if focus:
        page.locator(focus).first.scroll_into_view_if_needed()
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot), full_page=False)
    result = {
        "status": response.status,
        "title": page.title(),
        "text": page.inner_text("main"),
        "snapshots": [snapshot.inner_text() for snapshot in page.locator(f"div.{SNAPSHOT}").all()],
        "snapshot_controls": page.locator(
            f"div.{SNAPSHOT} :is(.sptools-snapshot-value, .sptools-snapshot-option)"
        ).count(),
        "formulas": page.locator(".sptools-math .katex").count(),
        "katex_font": page.evaluate("""async () => { await document.fonts.ready;
            return [...document.fonts].some((face) =>
                face.family.replaceAll('"', '').startsWith('KaTeX_')
                && face.status === 'loaded'); }"""),
        "khmer_font": page.evaluate("""async () => { await document.fonts.ready;
            return [...document.fonts].some((face) =>
                face.family.replaceAll('"', '') === 'Noto Sans Khmer'
                && face.status === 'loaded'); }"""),
        "outside": outside,
        "failed": [u for u in failed if urlparse(u).hostname in ("127.0.0.1", "localhost")],
        "errors": errors,
    }
    context.close()
    return result


def _local_only(route, outside: list[str]) -> None:
    host = urlparse(route.request.url).hostname
    if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        outside.append(route.request.url)
        route.abort()


def _assert_offline_and_clean(page: dict) -> None:
    assert page["status"] == 200
    assert not page["outside"], (
        f"the page requested resources outside the machine: {page['outside']}"
    )
    assert not page["failed"], f"local resources failed to load: {page['failed']}"
    assert not page["errors"], f"JavaScript errors: {page['errors']}"


def _screenshot_is_not_blank(path: Path) -> bool:
    from PIL import Image

    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    return colours is None or len(colours) > 50


def test_landing_page_renders_offline(browser, book_url):
    page = _visit(browser, f"{book_url}/index.html", SCREENSHOTS / "landing.png")
    _assert_offline_and_clean(page)
    assert "social protection" in page["title"].lower()
    assert "synthetic" in page["text"].lower(), "the landing page must say the data are synthetic"
    assert _screenshot_is_not_blank(SCREENSHOTS / "landing.png")


def test_module_page_renders_offline_with_outputs_and_a_widget_snapshot(browser, book_url):
    page = _visit(
        browser,
        f"{book_url}/modules/00-getting-started/getting-started.html",
        SCREENSHOTS / "module-00.png",
        focus=f"div.{SNAPSHOT}",
    )
    _assert_offline_and_clean(page)
    assert "pandas" in page["text"].lower()
    (snapshot,) = page["snapshots"]
    assert "Interactive in JupyterLab" in snapshot
    # the controls as set when the book was built, and the table they showed
    assert "Region" in snapshot and "Minimum poverty rate (%)" in snapshot
    assert "poverty_rate" in snapshot


def _pages_with_snapshots() -> list[Path]:
    return sorted(
        p for p in BOOK.rglob("*.html") if SNAPSHOT in p.read_text("utf-8", errors="ignore")
    )


def test_no_page_embeds_widget_state_or_loads_a_widget_manager(book_url):
    """A displayed widget is a snapshot: a 3.6 MB manager and the state drew dead controls."""
    assert len(_pages_with_snapshots()) >= 5, "the lessons' widgets should appear as snapshots"
    for page in BOOK.rglob("*.html"):
        text = page.read_text("utf-8", errors="ignore")
        assert WIDGET_STATE not in text, f"{page} embeds the widget state"
        assert "embed-amd" not in text and "require.js" not in text, f"{page} loads RequireJS"


@pytest.mark.parametrize(
    "relative",
    [p.relative_to(BOOK).as_posix() for p in _pages_with_snapshots()] if BOOK.exists() else [],
)
def test_every_widget_snapshot_shows_its_controls_offline(browser, book_url, relative):
    page = _visit(
        browser,
        f"{book_url}/{relative}",
        SCREENSHOTS / f"widgets-{Path(relative).stem}.png",
        focus=f"div.{SNAPSHOT}",
    )
    _assert_offline_and_clean(page)
    assert page["snapshots"], f"{relative} lost its widget snapshot in the browser"
    for snapshot in page["snapshots"]:
        assert "Interactive in JupyterLab" in snapshot
    assert page["snapshot_controls"] > 0, f"{relative}: a snapshot shows no control's value"


def test_formulas_are_typeset_when_the_book_is_built(browser, book_url):
    """KaTeX writes each formula into the page: no MathJax, no script needed to read it."""
    page = _visit(
        browser,
        f"{book_url}/modules/01-lnob/02-access-and-dissimilarity.html",
        SCREENSHOTS / "formulas.png",
        focus="div.sptools-math",
    )
    _assert_offline_and_clean(page)
    assert page["formulas"] > 5, "the D-index lesson's formulas were not typeset"
    assert page["katex_font"], "KaTeX's fonts (book/_static/vendor/katex) did not load"


def test_no_page_loads_mathjax_or_the_search_index_it_does_not_need(book_url):
    for page in BOOK.rglob("*.html"):
        text = page.read_text("utf-8", errors="ignore")
        assert "vendor/mathjax" not in text, f"{page} still loads MathJax"
        assert 'class="math notranslate nohighlight"' not in text, f"{page}: a formula is raw TeX"
        if page != BOOK / "search.html":
            assert "searchindex.js" not in text, f"{page} loads the search index"
    assert "searchindex.js" in (BOOK / "search.html").read_text("utf-8")


def test_khmer_text_renders_with_the_vendored_font(browser, book_url):
    page = _visit(
        browser, f"{book_url}/book/glossary.html", SCREENSHOTS / "glossary.png", focus="table"
    )
    _assert_offline_and_clean(page)
    assert "ភាពក្រីក្រ" in page["text"], "the glossary should give the Khmer for poverty"
    assert page["khmer_font"], "Noto Sans Khmer (book/_static/vendor) did not load"


# Kernel-free charts (sptools.widgets.kernel_free): their controls work in the static page.

KERNEL_FREE_CHART = "figure.sptools-vega"


def _pages_with_kernel_free_charts() -> list[str]:
    if not BOOK.exists():
        return []
    return sorted(
        p.relative_to(BOOK).as_posix()
        for p in BOOK.rglob("*.html")
        if 'class="sptools-vega"' in p.read_text("utf-8", errors="ignore")
    )


def _chart_state(figure) -> str:
    """What the chart draws: the SVG's marks (not the controls)."""
    return figure.locator(".sptools-vega-chart svg").first.inner_html()


def _move_controls_and_watch(browser, url: str, screenshot: Path) -> dict:
    outside, failed, errors, states = [], [], [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: _local_only(route, outside))
    page = context.new_page()
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="networkidle")
    figure = page.locator(KERNEL_FREE_CHART).first
    figure.locator(".sptools-vega-chart svg").first.wait_for(timeout=15_000)
    figure.scroll_into_view_if_needed()
    states.append(_chart_state(figure))
    select = figure.locator("select")
    if select.count():
        options = select.first.locator("option")
        select.first.select_option(index=options.count() - 1)
    else:
        slider = figure.locator("input[type=range]").first
        slider.fill(slider.get_attribute("max"))
    page.wait_for_timeout(500)
    states.append(_chart_state(figure))
    slider = figure.locator("input[type=range]")
    if slider.count():
        slider.first.fill(slider.first.get_attribute("max"))
        slider.first.dispatch_event("input")
        page.wait_for_timeout(500)
        states.append(_chart_state(figure))
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(screenshot))
    result = {
        "states": states,
        "alt": figure.get_attribute("aria-label") or "",
        "caption": figure.locator("figcaption").inner_text(),
        "outside": outside,
        "failed": [u for u in failed if urlparse(u).hostname in ("127.0.0.1", "localhost")],
        "errors": errors,
    }
    context.close()
    return result


def test_the_book_has_kernel_free_charts():
    pages = _pages_with_kernel_free_charts()
    if not pages:
        _unavailable(f"the book is not built ({BOOK}): run `python3 tasks.py book` first")
    assert {
        "modules/02-mpi/05-design-a-national-mpi.html",
        "modules/03-sp2lnob/02-guided-tour.html",
        "modules/04-costing/05-simulator.html",
    } <= set(pages), f"a lesson's kernel-free chart is missing: {pages}"


@pytest.mark.parametrize("relative", _pages_with_kernel_free_charts())
def test_moving_a_control_changes_the_kernel_free_chart_offline(browser, book_url, relative):
    result = _move_controls_and_watch(
        browser,
        f"{book_url}/{relative}",
        SCREENSHOTS / f"kernel-free-{Path(relative).stem}.png",
    )
    assert not result["outside"], f"requests left the machine: {result['outside']}"
    assert not result["failed"], f"local resources failed to load: {result['failed']}"
    assert not result["errors"], f"JavaScript errors: {result['errors']}"
    first, *moved = result["states"]
    assert first, "the chart was not drawn"
    assert all(state != first for state in moved), "moving a control did not change the chart"
    assert len(result["alt"]) > 40, "the chart has no alt text"
    assert "computed in advance" in result["caption"]


def test_kernel_free_scripts_load_only_where_a_chart_is(book_url):
    charts = set(_pages_with_kernel_free_charts())
    for page in BOOK.rglob("*.html"):
        relative = page.relative_to(BOOK).as_posix()
        loads_vega = "vendor/vega/vega.min.js" in page.read_text("utf-8", errors="ignore")
        assert loads_vega == (relative in charts), relative
