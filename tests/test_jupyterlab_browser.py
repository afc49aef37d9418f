"""Lessons read as text in JupyterLab: no raw MyST, solutions collapsed, no error after "Run All".

Starts JupyterLab from the project environment (token auth, localhost, the offline settings of
``tasks.py lab``), opens notebooks in headless Chromium, runs all cells, and checks the rendered
page. Screenshots go to ``_build/screenshots/jupyterlab/``. Needs Debian's Chromium
(``apt-get install chromium``); skips with that hint otherwise, except in CI (``CI=true``).
"""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPOSITORY, read_notebook

pytestmark = pytest.mark.browser

SCREENSHOTS = REPOSITORY / "_build" / "screenshots" / "jupyterlab"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
NOTEBOOKS = [
    pytest.param("modules/00-getting-started/getting-started.ipynb", id="module-0"),
    pytest.param("modules/01-lnob/02-access-and-dissimilarity.ipynb", id="module-1"),
    pytest.param("modules/02-mpi/02-global-mpi.ipynb", id="module-2"),
    pytest.param("modules/03-sp2lnob/02-guided-tour.ipynb", id="module-3"),
    pytest.param("exercises/00-getting-started.ipynb", id="exercises-0"),
    pytest.param("assessment/quiz-01-lnob.ipynb", id="quiz-1"),
]
#: Text that only shows when MyST was not rendered (a role, a directive option, a fence).
RAW_MYST = re.compile(
    r"\{(glue|numref|eval|ref|doc)[:}]|^\s*:(class|label|name):|^\s*(```|:::)\s*\{", re.MULTILINE
)
ADMONITION = re.compile(
    r"^(?::{3,}|`{3,})\{(admonition|note|warning|important|tip|caution|attention|danger|error|hint|seealso)\}",
    re.MULTILINE,
)
SOLUTION = re.compile(r"^(?::{3,}|`{3,})\{solution\}", re.MULTILINE)
#: The notebook panel in front (JupyterLab keeps other tabs in the page, hidden).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
IDLE_AND_DONE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session?.kernel;
    const prompts = [...panel.node.querySelectorAll('.jp-InputPrompt')];
    return kernel?.status === 'idle' && !prompts.some(p => p.textContent.includes('*'));
}"""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _tasks():
    """tasks.py, the one place that says how the project runs JupyterLab."""
    spec = importlib.util.spec_from_file_location("tasks", REPOSITORY / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited with code {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer {url} within {timeout} s")


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
def lab_url(tmp_path_factory) -> Iterator[str]:
    """A JupyterLab server at the repository root, with fresh user settings and workspaces."""
    tasks = _tasks()
    tasks.configure_lab(Path(sys.prefix))
    state = tmp_path_factory.mktemp("jupyterlab")
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        *tasks.lab_options(REPOSITORY),
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--LabApp.user_settings_dir={state / 'settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",  # lets the test call "Run All" as a command
    ]
    log = (state / "server.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/api/status?token={token}", server)
        yield f"http://127.0.0.1:{port}/lab/tree/{{path}}?token={token}&reset"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser(chromium):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _open(browser, lab_url: str, path: str):
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None)
    page.goto(lab_url.format(path=path))
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell", timeout=60_000)
    page.wait_for_function(IDLE_AND_DONE, timeout=60_000)
    return page, outside


def _screenshots(page, name: str) -> None:
    """The whole notebook, one viewport at a time: name-1.png, name-2.png, ..."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"{name}-[0-9]*.png"):
        old.unlink()
    scroller = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
    page.eval_on_selector(scroller, "node => node.scrollTo(0, 0)")
    for index in range(1, 40):
        page.wait_for_timeout(300)
        page.screenshot(path=SCREENSHOTS / f"{name}-{index}.png")
        moved = page.eval_on_selector(
            scroller,
            """node => { const before = node.scrollTop;
                         node.scrollBy(0, node.clientHeight - 80);
                         return node.scrollTop !== before; }""",
        )
        if not moved:
            break


def _markdown(path: str) -> str:
    cells = read_notebook(REPOSITORY / path)["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _unrenderable(path: str) -> list[str]:
    """What JupyterLab cannot render although it shows no raw text: glue, gated blocks, hidden
    cells."""
    cells = read_notebook(REPOSITORY / path)["cells"]
    problems = [
        f"cell {cell.get('id')} is hidden in the book only (remove-cell), shown in JupyterLab"
        for cell in cells
        if "remove-cell" in cell["metadata"].get("tags", [])
    ]
    markdown = _markdown(path)
    if "{glue" in markdown:
        problems.append("{glue} roles: JupyterLab shows their key (e.g. 'rate:.1%'), not the value")
    if re.search(r"\{(exercise|solution)-start\}", markdown):
        problems.append(
            "gated {exercise-start}/{solution-start}: solution cells show in JupyterLab"
        )
    return problems


def _error_outputs(page) -> list[str]:
    """Error outputs of cells not tagged raises-exception (a lesson's deliberate error is)."""
    return page.evaluate(
        """() => window.jupyterapp.shell.currentWidget.content.widgets
        .filter(cell => cell.model.type === 'code'
                && !(cell.model.getMetadata('tags') || []).includes('raises-exception'))
        .flatMap(cell => [...Array(cell.model.outputs.length).keys()]
            .map(i => cell.model.outputs.get(i).toJSON())
            .filter(output => output.output_type === 'error')
            .map(output => output.ename + ': ' + output.evalue))"""
    )


def _unevaluated(page) -> list[str]:
    """{eval} expressions of markdown cells without a result (jupyterlab-myst keeps them in
    metadata)."""
    return page.evaluate(
        """() => window.jupyterapp.shell.currentWidget.content.widgets
        .filter(cell => cell.model.type === 'markdown'
                && cell.model.sharedModel.getSource().includes('{eval}'))
        .flatMap(cell => {
            const results = cell.model.getMetadata('user_expressions') || [];
            const wanted = [...cell.model.sharedModel.getSource().matchAll(/\\{eval\\}`([^`]+)`/g)];
            const ok = results.filter(r => r.result.status === 'ok').map(r => r.expression);
            return wanted.map(m => m[1]).filter(e => !ok.includes(e));
        })"""
    )


def _problems(page, path: str) -> list[str]:
    """What a participant should not see on the rendered, executed notebook."""
    source = _markdown(path)
    text = "\n".join(page.locator(f"{NOTEBOOK} .jp-MarkdownCell").all_inner_texts())
    last_heading = re.findall(r"^#+ (.+)$", source, re.MULTILINE)[-1]
    assert last_heading in text, f"the last heading {last_heading!r} is not rendered"
    problems = _unrenderable(path)
    problems += [f"raw MyST: {m.group(0)!r}" for m in RAW_MYST.finditer(text)]
    problems += [
        f"unresolved reference or citation: {t!r}"
        for t in page.locator(f"{NOTEBOOK} .text-yellow-600").all_inner_texts()
    ]
    problems += [f"{{eval}} not evaluated: {expression!r}" for expression in _unevaluated(page)]
    admonitions = len(ADMONITION.findall(source))
    rendered = page.locator(f"{NOTEBOOK} .myst-admonition").count()
    if rendered < admonitions:
        problems.append(f"{admonitions - rendered} of {admonitions} admonitions not rendered")
    closed = page.locator(f"{NOTEBOOK} details:not([open])")
    solutions = len(SOLUTION.findall(source))
    if closed.filter(has_text="Solution to").count() < solutions:
        problems.append(f"{solutions} solutions, not all in a closed dropdown")
    problems += [
        f"visible before its dropdown is opened: {body.inner_text()[:60]!r}"
        for body in closed.locator(".details-body").all()
        if body.is_visible()
    ]
    problems += [f"error output: {error[:200]}" for error in _error_outputs(page)]
    return problems


def _check_a_solution_opens(page, name: str) -> None:
    """Clicking the first "Solution to ..." shows its code (the dropdown works, not only hides)."""
    solution = page.locator(f"{NOTEBOOK} details").filter(has_text="Solution to").first
    if not solution.count():
        return
    solution.locator("summary").click()
    body = solution.locator(".details-body")
    body.wait_for(state="visible", timeout=5_000)
    solution.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"{name}-solution-open.png")


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_reads_as_text_after_run_all(browser, lab_url, path):
    name = Path(path).stem
    page, outside = _open(browser, lab_url, path)
    try:
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_timeout(500)
        page.wait_for_function(IDLE_AND_DONE, timeout=180_000)
        page.wait_for_timeout(1000)
        _screenshots(page, name)
        problems = _problems(page, path)
        news = page.get_by_text("Jupyter news").count()
        assert not news, "JupyterLab asks about Jupyter news (tasks.LAB_SETTINGS not applied)"
        assert not outside, f"requests outside localhost: {outside[:5]}"
        assert not problems, f"{path} in JupyterLab:\n" + "\n".join(problems)
        _check_a_solution_opens(page, name)
    finally:
        page.close()
