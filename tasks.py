#!/usr/bin/env python3
"""Project commands, the same on Linux, macOS and Windows (no make needed).

    python3 tasks.py book        install (if needed), build the datasets if missing, build the book strictly
    python3 tasks.py test        install (if needed), run the unit tests and every notebook (nbval:
                                 modules/, exercises/, solutions/ and the book chapters)
    python3 tasks.py lab         open JupyterLab at the repository root (for participants)
    python3 tasks.py exercises   regenerate exercises/ from solutions/ (keeps notebooks with answers)
    python3 tasks.py datasets    rebuild the shipped datasets (keeps files that were changed)
    python3 tasks.py wheelhouse  download every pinned package into wheelhouse/ for offline installs
    python3 tasks.py setup       only create .venv and install the pinned set and sptools
    python3 tasks.py vendor      refresh the vendored JavaScript (widgets, MathJax) from npm (maintainers)

Everything is installed into ``.venv`` from ``requirements.lock`` (the exact, tested versions).
Pass ``--no-venv`` to use the running Python instead (e.g. inside the conda environment).
When a ``wheelhouse/`` folder exists, installs use it and never touch the network.
``exercises`` and ``datasets`` never replace a file that differs from what they would write (a
participant's answers, an edited table) unless given ``--force``; then a ``.bak`` copy is kept.
Options may come before or after the command; ``test`` passes any other argument on to pytest.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
WHEELHOUSE = ROOT / "wheelhouse"
BOOK_HTML = ROOT / "_build" / "html"
KERNEL_NAME, KERNEL_DISPLAY = "sptools", "Python 3 (sptools)"
NOTEBOOK_FOLDERS = ("modules", "exercises", "solutions", "book")
#: jupyter-book has no ``python -m`` entry point; calling its CLI this way works in any environment.
JUPYTER_BOOK = ("-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())")


def python_path(use_venv: bool) -> Path:
    """The interpreter that runs the project's tools."""
    if not use_venv:
        return Path(sys.executable)
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*command: str | Path, **kwargs) -> None:
    """Run a command, echoing it; stop with its exit code when it fails."""
    print("+", " ".join(str(part) for part in command), flush=True)
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, **kwargs)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def setup(use_venv: bool) -> Path:
    """Create the virtual environment and install the pinned set and sptools, unless already done."""
    if sys.version_info[:2] != (3, 11):
        print(f"warning: the pinned set is tested on Python 3.11; this is {sys.version.split()[0]}")
    python = python_path(use_venv)
    if use_venv and not python.exists():
        print(f"creating the virtual environment {VENV}")
        venv.create(VENV, with_pip=True)
    stamp = (VENV if use_venv else ROOT / "_build") / ".sptools-installed"
    fingerprint = hashlib.sha256(
        LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return python
    offline = ["--no-index", "--find-links", str(WHEELHOUSE)] if WHEELHOUSE.is_dir() else []
    if offline:
        print(f"installing from {WHEELHOUSE} (offline)")
    run(python, "-m", "pip", "install", "--disable-pip-version-check", "-q", *offline, "-r", LOCK)
    run(
        python,
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "-q",
        *offline,
        "--no-deps",
        "--no-build-isolation",
        "-e",
        ROOT,
    )
    run(
        python,
        "-m",
        "ipykernel",
        "install",
        "--sys-prefix",
        "--name",
        KERNEL_NAME,
        "--display-name",
        KERNEL_DISPLAY,
    )
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint)
    return python


def ensure_datasets(python: Path) -> None:
    """Build the datasets when any shipped file is missing."""
    run(python, "-m", "sptools.datasets", "build", "--if-missing")


def book(use_venv: bool) -> None:
    python = setup(use_venv)
    ensure_datasets(python)
    started = time.perf_counter()
    run(python, *JUPYTER_BOOK, "build", ROOT, "-W", "-n", "--keep-going", "--builder", "html")
    index = BOOK_HTML / "index.html"
    print(f"\nThe book is built ({time.perf_counter() - started:.0f} s): {index}")
    print(f"Open it in a browser: {index.as_uri()}")
    print(
        f"  or serve it: {python} -m http.server --directory {BOOK_HTML} 8000  ->  http://localhost:8000"
    )


def test(use_venv: bool, pytest_args: list[str]) -> None:
    python = setup(use_venv)
    ensure_datasets(python)
    workers = ["-n", "2", "--dist", "loadfile"]
    run(
        python,
        "-m",
        "pytest",
        *workers,
        "--nbval-lax",
        "--nbval-current-env",
        "-p",
        "no:cacheprovider",
        "tests",
        *NOTEBOOK_FOLDERS,
        *pytest_args,
    )


#: JupyterLab for a training room that may be offline: no news pop-up, no update check, no
#: extension manager (it looks extensions up on PyPI); every cell rendered. Written to the environment's
#: ``share/jupyter/lab/settings/overrides.json`` by :func:`configure_lab`.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
    # jupyterlab-myst evaluates the {eval} numbers of a markdown cell only once the cell is
    # rendered; with windowing, "Run All" leaves the cells below the screen unevaluated.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}
#: The same, on the server side: no news feed, no update check, a read-only extension manager.
LAB_OPTIONS = (
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
)


def configure_lab(prefix: Path) -> Path:
    """Merge :data:`LAB_SETTINGS` into the JupyterLab overrides of the environment at ``prefix``.

    Example: ``configure_lab(Path(sys.prefix))`` returns the overrides.json it wrote.
    """
    import json

    overrides = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings = json.loads(overrides.read_text("utf-8")) if overrides.exists() else {}
    for plugin, values in LAB_SETTINGS.items():
        settings.setdefault(plugin, {}).update(values)
    overrides.parent.mkdir(parents=True, exist_ok=True)
    overrides.write_text(json.dumps(settings, indent=2) + "\n", "utf-8")
    return overrides


def lab_options(root: Path) -> list[str]:
    """The command-line options of ``jupyter lab`` for the project, serving ``root``."""
    options = [f"--ServerApp.root_dir={root}", *LAB_OPTIONS]
    if os.name != "nt" and os.geteuid() == 0:
        options.append("--allow-root")  # shared training servers and containers often run as root
    return options


def lab(use_venv: bool) -> None:
    python = setup(use_venv)
    ensure_datasets(python)
    prefix = subprocess.run(
        [str(python), "-c", "import sys; print(sys.prefix)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    configure_lab(Path(prefix))
    run(python, "-m", "jupyterlab", *lab_options(ROOT))


def exercises(use_venv: bool, force: bool = False) -> None:
    """Regenerate every exercises/ notebook from its solutions/ source (``force``: replace
    notebooks that differ, keeping a .bak copy)."""
    run(setup(use_venv), "-m", "sptools.exercises", "build", *(["--force"] if force else []))


def datasets(use_venv: bool, force: bool = False) -> None:
    """Rebuild the shipped datasets (``force``: replace files that differ, keeping a .bak copy)."""
    run(setup(use_venv), "-m", "sptools.datasets", "build", *(["--force"] if force else []))


def wheelhouse(use_venv: bool) -> None:
    """Download every pinned package (and the build tools) for an install without internet."""
    python = python_path(use_venv) if python_path(use_venv).exists() else Path(sys.executable)
    run(python, "-m", "pip", "download", "-d", WHEELHOUSE, "-r", LOCK)
    print(
        f"\nCopy the whole folder {ROOT} (with wheelhouse/) to the offline machine, then run"
        " `python3 tasks.py lab` there."
    )


#: JavaScript the offline book serves from book/_static/vendor: npm package -> files to copy.
VENDORED = {
    "requirejs@2.3.8": ("requirejs", ["require.js"]),
    # the widget manager finds its icon fonts next to its AMD modules (book/_static/widgets-offline.js)
    "@jupyter-widgets/html-manager@1.0.15": (
        "@jupyter-widgets",
        [
            "dist/embed-amd.js",
            "dist/*.woff",
            "dist/*.woff2",
            "dist/*.ttf",
            "dist/*.eot",
            "dist/embed.js.LICENSE.txt",
        ],
    ),
    "mathjax@3.2.2": ("mathjax", ["es5/tex-svg.js", "LICENSE"]),
    "@fontsource/noto-sans-khmer@5.3.0": (
        "noto-sans-khmer",
        [
            "files/noto-sans-khmer-khmer-400-normal.woff2",
            "files/noto-sans-khmer-khmer-700-normal.woff2",
            "LICENSE",
        ],
    ),
}


def vendor(use_venv: bool) -> None:
    """Copy the pinned widget and MathJax scripts from npm into book/_static/vendor (needs npm)."""
    import shutil
    import tarfile
    import tempfile

    target_root = ROOT / "book" / "_static" / "vendor"
    with tempfile.TemporaryDirectory() as scratch:
        for package, (folder, patterns) in VENDORED.items():
            run(
                "npm",
                "pack",
                "--silent",
                "--pack-destination",
                scratch,
                package,
                stdout=subprocess.DEVNULL,
            )
            archive = next(
                Path(scratch).glob(f"{package.split('@')[-2].strip('/').replace('/', '-')}*.tgz")
            )
            with tarfile.open(archive) as tar:
                tar.extractall(Path(scratch) / folder, filter="data")
            target = target_root / folder
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            for pattern in patterns:
                for source in (Path(scratch) / folder / "package").glob(pattern):
                    shutil.copy2(source, target / source.name)
            print(f"vendored {package} into {target.relative_to(ROOT)}")


COMMANDS = {
    "book": book,
    "lab": lab,
    "exercises": exercises,
    "datasets": datasets,
    "wheelhouse": wheelhouse,
    "setup": setup,
    "vendor": vendor,
}


#: commands that take --force
FORCEABLE = ("exercises", "datasets")


def parse(argv: list[str] | None = None) -> tuple[argparse.Namespace, list[str]]:
    """Parse the command line; options may stand anywhere. Returns the options and the arguments
    left for pytest (``test`` only; any other command refuses them)."""
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("command", choices=[*COMMANDS, "test"])
    parser.add_argument("--no-venv", action="store_true", help="use the running Python, not .venv")
    parser.add_argument(
        "--force",
        action="store_true",
        help=f"{' and '.join(FORCEABLE)}: replace files that differ (a .bak copy is kept)",
    )
    args, rest = parser.parse_known_args(argv)
    if args.command != "test" and rest:
        parser.error(f"unrecognised arguments for {args.command}: {' '.join(rest)}")
    if args.force and args.command not in FORCEABLE:
        parser.error(f"--force applies to {' and '.join(FORCEABLE)}, not to {args.command}")
    return args, rest


def main(argv: list[str] | None = None) -> None:
    args, pytest_args = parse(argv)
    use_venv = not args.no_venv
    if args.command == "test":
        test(use_venv, pytest_args)
    elif args.command in FORCEABLE:
        COMMANDS[args.command](use_venv, force=args.force)
    else:
        COMMANDS[args.command](use_venv)


if __name__ == "__main__":
    main()
