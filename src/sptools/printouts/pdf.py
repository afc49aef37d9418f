"""Print HTML to PDF with headless Chromium (the browser the tests already use), offline.

Chromium is found at the path in the environment variable ``SPTOOLS_CHROMIUM``, else on the PATH
(``chromium``, ``chromium-browser``, ``google-chrome``, ``msedge``), else in the usual install
folders of Windows and macOS. Pages carry their own size and margins (CSS ``@page``); the
browser's header and footer are left out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["PrintError", "find_chromium", "html_to_pdf"]

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "msedge")
KNOWN_PATHS = (
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)


class PrintError(RuntimeError):
    """Chromium is missing or failed to print (the message says what to do)."""


def find_chromium() -> str:
    """The path of a Chromium-family browser, or :class:`PrintError` saying how to install one."""
    configured = os.environ.get("SPTOOLS_CHROMIUM")
    if configured:
        if not Path(configured).exists():
            raise PrintError(f"SPTOOLS_CHROMIUM is {configured!r}, which does not exist.")
        return configured
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    for path in KNOWN_PATHS:
        if Path(path).exists():
            return path
    raise PrintError(
        "no Chromium, Chrome or Edge found: install one (Debian/Ubuntu: sudo apt-get install "
        "chromium) or set SPTOOLS_CHROMIUM to the browser's path."
    )


def html_to_pdf(html: str, pdf: Path, *, base: Path | None = None) -> Path:
    """Print the page ``html`` to the PDF file ``pdf`` and return its path.

    ``base`` is the folder the page's relative links (fonts, images) are resolved from; the page
    is written there for printing, then removed.
    """
    browser = find_chromium()
    pdf = Path(pdf).resolve()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(base).resolve() if base else pdf.parent
    with tempfile.TemporaryDirectory() as profile:
        page = folder / f".print-{pdf.stem}.html"
        page.write_text(html, "utf-8")
        try:
            completed = subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-extensions",
                    f"--user-data-dir={profile}",
                    "--no-pdf-header-footer",
                    "--virtual-time-budget=5000",
                    f"--print-to-pdf={pdf}",
                    page.as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=120,
            )
        finally:
            page.unlink(missing_ok=True)
    if completed.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        raise PrintError(
            f"Chromium could not print {pdf.name} (exit {completed.returncode}): "
            f"{completed.stderr.strip()[-500:]}"
        )
    return pdf
