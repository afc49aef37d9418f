"""Size and load time of every page of the built book, in headless Chromium from a local server.

    .venv/bin/python benchmarks/book_pages_benchmark.py [--pages N]

Needs the built book (``python3 tasks.py book``) and Chromium (``/usr/bin/chromium``). Each page
is opened in a fresh browser context (an empty cache, as for a first visit) from Python's
``http.server`` on localhost, and measured:

* **transfer**: the bytes of every response the page loads (HTML, scripts, styles, fonts,
  images), as the local server sends them (uncompressed), and **gzip**: the same files as a
  static host (GitHub Pages, Netlify, nginx) sends them, text compressed with gzip (level 6;
  fonts and images as they are).
* **interactive**: milliseconds from the start of navigation until the page is usable: the
  ``load`` event has fired (every script has run) and, on pages with them, the kernel-free charts
  are drawn.

Targets (issue 14): each page under 2 MB and interactive in under 2 s. The script prints one row
per page, the worst pages, and how many pages miss each target; nothing leaves the machine
(requests to other hosts are aborted and counted).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import statistics
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "_build" / "html"
SIZE_TARGET_MB = 2.0
TIME_TARGET_S = 2.0
#: What "drawn" means on pages that have them: the kernel-free charts (a displayed ipywidget is a
#: static snapshot, drawn with the page).
READY = """() => {
  const charts = document.querySelectorAll('figure.sptools-vega');
  const chartsDrawn = [...charts].every((f) => f.querySelector('.sptools-vega-chart svg'));
  return document.readyState === 'complete' && chartsDrawn;
}"""
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".ttf", ".eot")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's signature
        pass


def _serve() -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(BOOK))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@functools.cache
def _gzip_size(path: Path) -> int:
    data = path.read_bytes()
    return len(gzip.compress(data, compresslevel=6)) if path.suffix in COMPRESSIBLE else len(data)


def _file(url: str) -> Path | None:
    """The file of the book a local URL serves (None for data: URLs and other hosts)."""
    if urlparse(url).hostname not in ("127.0.0.1", "localhost"):
        return None
    path = BOOK / unquote(urlparse(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def measure(browser, url: str) -> dict:
    """Transfer size (bytes), requests, time to interactive (ms) and outside requests of a page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def local_only(route) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    received = {"bytes": 0, "gzip": 0, "requests": 0}
    urls: dict[str, str] = {}

    def finished(event: dict) -> None:
        received["bytes"] += event["encodedDataLength"]
        received["requests"] += 1
        path = _file(urls.get(event["requestId"], ""))
        received["gzip"] += _gzip_size(path) if path else event["encodedDataLength"]

    cdp.on(
        "Network.responseReceived", lambda e: urls.update({e["requestId"]: e["response"]["url"]})
    )
    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="commit")
    page.wait_for_function(READY, timeout=30_000, polling=20)
    interactive = page.evaluate("() => performance.now()")
    page.wait_for_load_state("networkidle")
    context.close()
    return {**received, "interactive_ms": interactive, "outside": outside}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages (0: all)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not (BOOK / "index.html").exists():
        sys.exit(f"The book is not built ({BOOK}): run `python3 tasks.py book` first.")
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(BOOK).as_posix() for p in BOOK.rglob("*.html"))
    pages = [p for p in pages if not p.startswith("_")][: args.pages or None]
    server, base = _serve()
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        measure(browser, f"{base}/index.html")  # warm up the browser itself
        for relative in pages:
            rows.append({"page": relative, **measure(browser, f"{base}/{relative}")})
        browser.close()
    server.shutdown()

    build_mb = sum(f.stat().st_size for f in BOOK.rglob("*") if f.is_file()) / 1e6
    print(f"Built book: {build_mb:.1f} MB in {BOOK.relative_to(ROOT)}; {len(rows)} pages")
    if hasattr(os, "getloadavg"):  # times grow with the machine's load: say what it was
        print("load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
    print("(* over a target: 2 MB uncompressed, as the local server sends it, or 2 s to load)")
    print(f"\n{'page':58} {'MB':>6} {'MB gzip':>7} {'requests':>8} {'interactive s':>13}")
    for row in rows:
        over = row["bytes"] / 1e6 > SIZE_TARGET_MB or row["interactive_ms"] / 1e3 > TIME_TARGET_S
        flag = " *" if over else ""
        print(
            f"{row['page']:58} {row['bytes'] / 1e6:6.2f} {row['gzip'] / 1e6:7.2f} "
            f"{row['requests']:8d} {row['interactive_ms'] / 1e3:13.2f}{flag}"
        )
    sizes = [row["bytes"] / 1e6 for row in rows]
    gzipped = [row["gzip"] / 1e6 for row in rows]
    times = [row["interactive_ms"] / 1e3 for row in rows]
    print(
        f"\nsize: median {statistics.median(sizes):.2f} MB, max {max(sizes):.2f} MB; gzip: median "
        f"{statistics.median(gzipped):.2f} MB, max {max(gzipped):.2f} MB; interactive: median "
        f"{statistics.median(times):.2f} s, max {max(times):.2f} s"
    )
    print("\nworst pages by size:")
    for row in sorted(rows, key=lambda r: -r["bytes"])[:5]:
        print(f"  {row['bytes'] / 1e6:6.2f} MB ({row['gzip'] / 1e6:.2f} MB gzip)  {row['page']}")
    print("worst pages by time to interactive:")
    for row in sorted(rows, key=lambda r: -r["interactive_ms"])[:5]:
        print(f"  {row['interactive_ms'] / 1e3:6.2f} s   {row['page']}")
    over_size = [r["page"] for r in rows if r["bytes"] / 1e6 > SIZE_TARGET_MB]
    over_time = [r["page"] for r in rows if r["interactive_ms"] / 1e3 > TIME_TARGET_S]
    outside = sorted({url for r in rows for url in r["outside"]})
    over_gzip = [r["page"] for r in rows if r["gzip"] / 1e6 > SIZE_TARGET_MB]
    print(f"\npages over {SIZE_TARGET_MB:g} MB: {len(over_size)} {over_size}")
    print(f"pages over {SIZE_TARGET_MB:g} MB gzip: {len(over_gzip)} {over_gzip}")
    print(f"pages over {TIME_TARGET_S:g} s to interactive: {len(over_time)} {over_time}")
    print(f"requests to other hosts (aborted): {len(outside)} {outside[:5]}")


if __name__ == "__main__":
    main()
