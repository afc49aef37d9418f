"""Every notebook of module 1 reads as text in JupyterLab after "Run All" (slow; needs Chromium).

``test_jupyterlab_browser.py`` checks one lesson per module; this runs the same checks (no raw
MyST, every ``{eval}`` evaluated, solutions collapsed, no error output) on all of module 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_jupyterlab_browser import (  # noqa: F401 (fixtures)
    IDLE_AND_DONE,
    _open,
    _problems,
    _screenshots,
    browser,
    chromium,
    lab_url,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOKS = [
    "modules/01-lnob/01-opportunities-and-circumstances.ipynb",
    "modules/01-lnob/02-access-and-dissimilarity.ipynb",
    "modules/01-lnob/03-lnob-trees.ipynb",
    "modules/01-lnob/04-shapley.ipynb",
    "modules/01-lnob/05-provinces.ipynb",
    "modules/01-lnob/06-change-over-time.ipynb",
    "exercises/01-lnob.ipynb",
]


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_module_1_reads_as_text_after_run_all(browser, lab_url, path):  # noqa: F811
    page, outside = _open(browser, lab_url, path)
    try:
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_timeout(500)
        page.wait_for_function(IDLE_AND_DONE, timeout=300_000)
        page.wait_for_timeout(1000)
        _screenshots(page, Path(path).stem)
        problems = _problems(page, path)
        assert not outside, f"requests outside localhost: {outside[:5]}"
        assert not problems, f"{path} in JupyterLab:\n" + "\n".join(problems)
    finally:
        page.close()
