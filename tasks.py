#!/usr/bin/env python3
"""Project commands, the same on Linux, macOS and Windows (no make needed).

    python3 tasks.py book        install (if needed), build the datasets if missing,
                                 build the book strictly (the participants' edition, without the
                                 instructor notes); --trainer: the trainer's edition, with them,
                                 into _build/trainer/html
    python3 tasks.py agenda      check that every session of book/agenda.yml adds up and write
                                 the agenda tables of book/agenda.md
    python3 tasks.py slides      offline reveal.js decks per session into _build/slides/, every
                                 lesson figure as PNG and SVG (1920 x 1080) into _build/figures/
    python3 tasks.py test        install (if needed), run the unit tests and every notebook (nbval:
                                 modules/, exercises/, solutions/ and the book chapters)
    python3 tasks.py test --fast only tests/, without the tests marked slow or browser and
                                 without the notebooks (seconds, not minutes); extra arguments go
                                 to pytest
    python3 tasks.py lab         open JupyterLab at the repository root (for participants)
    python3 tasks.py exercises   regenerate exercises/ from solutions/
                                 (keeps notebooks with answers)
    python3 tasks.py datasets    rebuild the shipped datasets (keeps files that were changed)
    python3 tasks.py wheelhouse  download the wheels of every pinned package, for Windows, macOS and
                                 Linux, into wheelhouse/ for offline installs
    python3 tasks.py setup       only create .venv and install the pinned set and sptools
    python3 tasks.py lock        regenerate requirements.lock from pyproject.toml (maintainers; uv)
    python3 tasks.py vendor      refresh the vendored scripts and fonts (MathJax, Vega, reveal.js)
                                 from npm (maintainers)
    python3 tasks.py quiz-results FOLDER
                                 merge the room's quiz and evaluation answer files under FOLDER
                                 into FOLDER/quiz-results.xlsx and FOLDER/quiz-results.png
    python3 tasks.py certificates NAMES.csv [--dates "9-10 June 2025"] [--place ...]
                                 print a certificate per name (column "name") to certificates.pdf
    python3 tasks.py handouts    print each module's two-page handout to _build/handouts/
    python3 tasks.py publish     check the built book (relative links only, no broken link or
                                 anchor, nothing from outside) and package it for a static host
                                 into _build/publish/ (a folder and book.zip)
    python3 tasks.py kit         build the workshop kit, one zip for every laptop of the room:
                                 course, built book, wheels for Windows, macOS and Linux,
                                 install scripts (--platforms linux-x86_64,... for fewer)
    python3 tasks.py room names.csv   (as root, Linux) serve the room from this machine:
                                 JupyterHub with an account per name of the CSV (--help)

Everything is installed into ``.venv`` from ``requirements.lock`` (the exact, tested versions, with
the hashes of their files, for Windows, macOS and Linux) by plain pip.
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
NOTEBOOK_FOLDERS = ("modules", "exercises", "solutions", "book", "assessment")
#: The resolver that writes requirements.lock (maintainers only: installs use plain pip).
UV = "uv==0.13.9"
#: What requirements.lock holds: sptools, its book and test extras and the ``lock`` group of
#: pyproject.toml, for every platform (markers where they differ), with the hashes of every file.
LOCK_INPUTS = (
    "pyproject.toml",
    *("--extra", "book", "--extra", "test", "--extra", "room", "--group", "lock"),
)
#: Locks derived from requirements.lock (same versions, same hashes), written by ``lock`` too:
#: what a workshop laptop installs (``tasks.py kit``) and what the room server installs
#: (``tasks.py room``): file -> the extras of pyproject.toml it holds, besides sptools' own.
SUBSET_LOCKS = {
    ROOT / "requirements-participants.lock": ("participants",),
    ROOT / "requirements-room.lock": ("participants", "room"),
}
PYTHON_VERSION = "3.11"
#: The platforms of the lock and of the wheelhouse: uv's name for the platform, pip's wheel platform
#: tags (preferred first), and the environment markers of that platform. Linux: glibc 2.28 or newer
#: (Debian 10, Ubuntu 20.04, RHEL 8); macOS: 13 or newer (pip also takes older tags).
PLATFORMS = {
    "linux-x86_64": (
        "x86_64-manylinux_2_28",
        [f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1)]
        + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"],
        {
            "sys_platform": "linux",
            "os_name": "posix",
            "platform_system": "Linux",
            "platform_machine": "x86_64",
        },
    ),
    "windows-x86_64": (
        "x86_64-pc-windows-msvc",
        ["win_amd64"],
        {
            "sys_platform": "win32",
            "os_name": "nt",
            "platform_system": "Windows",
            "platform_machine": "AMD64",
        },
    ),
    "macos-arm64": (
        "aarch64-apple-darwin",
        ["macosx_13_0_arm64"],
        {
            "sys_platform": "darwin",
            "os_name": "posix",
            "platform_system": "Darwin",
            "platform_machine": "arm64",
        },
    ),
    "macos-x86_64": (
        "x86_64-apple-darwin",
        ["macosx_13_0_x86_64"],
        {
            "sys_platform": "darwin",
            "os_name": "posix",
            "platform_system": "Darwin",
            "platform_machine": "x86_64",
        },
    ),
}


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
    """Create the virtual environment and install the pinned set and sptools, unless already
    done."""
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
    pip_install = (python, "-m", "pip", "install", "--disable-pip-version-check", "-q", *offline)
    # Every file is checked against the lock's hashes, so every machine gets the tested files.
    run(*pip_install, "--require-hashes", "-r", LOCK)
    # sptools itself, editable, built by the locked setuptools already installed.
    run(*pip_install, "--no-deps", "--no-build-isolation", "-e", ROOT)
    register_kernel(python)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint)
    return python


def register_kernel(python: Path) -> None:
    """Register the kernel "Python 3 (sptools)" inside the environment of ``python``."""
    install = ("-m", "ipykernel", "install", "--sys-prefix")
    run(python, *install, "--name", KERNEL_NAME, "--display-name", KERNEL_DISPLAY)


def ensure_datasets(python: Path) -> None:
    """Build the datasets when any shipped file is missing."""
    run(python, "-m", "sptools.datasets", "build", "--if-missing")


#: The two editions of the book (book/_ext/editions.py): the participants' edition leaves the
#: instructor notes out, the trainer's edition keeps them. Both are built by jupyter-book's Sphinx
#: call with the same settings and share the parsed, executed pages (_build/.doctrees), so the
#: second edition only writes HTML: no notebook runs again.
TRAINER_HTML = ROOT / "_build" / "trainer" / "html"
BUILD_EDITION = """
import sys
from pathlib import Path
from jupyter_book.sphinx import build_sphinx
root, output, trainer = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "trainer"
result = build_sphinx(
    root, output, noconfig=True, path_config=str(root / "_config.yml"),
    confoverrides={"external_toc_path": (root / "_toc.yml").as_posix(), "nitpicky": True,
                   "latex_individualpages": False, "trainer_edition": trainer},
    doctreedir=root / "_build" / ".doctrees", builder="html", warningiserror=True, keep_going=True,
)
sys.exit(1 if result else 0)
"""


def book(use_venv: bool, trainer: bool = False) -> None:
    """Build the book strictly (``-W -n --keep-going``): the participants' edition into
    _build/html, or with ``trainer`` the trainer's edition into _build/trainer/html."""
    python = setup(use_venv)
    ensure_datasets(python)
    started = time.perf_counter()
    output, edition = (TRAINER_HTML, "trainer") if trainer else (BOOK_HTML, "participants")
    run(python, "-c", BUILD_EDITION, ROOT, output, edition)
    index = output / "index.html"
    name = "trainer's" if trainer else "participants'"
    print(f"\nThe {name} edition of the book is built ({time.perf_counter() - started:.0f} s)")
    print(f"Open it in a browser: {index.as_uri()}")
    print(
        f"  or serve it: {python} -m http.server --directory {output} 8000  ->  http://localhost:8000"
    )


def agenda(use_venv: bool) -> None:
    """Check that every session of book/agenda.yml adds up; write the tables of book/agenda.md."""
    run(setup(use_venv), "-m", "sptools.trainer", "agenda")


def slides(use_venv: bool) -> None:
    """Decks per session (offline reveal.js) and every lesson figure at projector size."""
    python = setup(use_venv)
    ensure_datasets(python)
    run(python, "-m", "sptools.trainer", "slides")


def test(use_venv: bool, pytest_args: list[str]) -> None:
    """Run the tests and every notebook; with ``--fast``, only the unit tests that take seconds.

    ``--fast`` runs ``tests/`` without the tests marked slow (they regenerate the shipped datasets)
    or browser (they need the built book). Any other argument is passed on to pytest.
    """
    fast = "--fast" in pytest_args
    pytest_args = [arg for arg in pytest_args if arg != "--fast"]
    python = setup(use_venv)
    ensure_datasets(python)
    if fast:
        selection = ["-m", "not slow and not browser", "tests"]
    else:
        selection = ["--nbval-lax", "--nbval-current-env", "tests", *NOTEBOOK_FOLDERS]
    workers = ["-n", "2", "--dist", "loadfile"]
    run(python, "-m", "pytest", *workers, "-p", "no:cacheprovider", *selection, *pytest_args)


#: JupyterLab for a training room that may be offline: no news pop-up, no update check, no
#: extension manager (it looks extensions up on PyPI); every cell rendered. Written to the
#: environment's ``share/jupyter/lab/settings/overrides.json`` by :func:`configure_lab`.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
    # jupyterlab-myst evaluates the {eval} numbers of a markdown cell only once the cell is
    # rendered; with windowing, "Run All" leaves the cells below the screen unevaluated.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    # RISE's default theme ("simple") loads its fonts from Google; "white" ships its own.
    "jupyterlab-rise:plugin": {"theme": "white"},
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


def lock_entries(lock: Path = LOCK) -> list[tuple[str, str, str]]:
    """The entries of a lock file: (``name==version``, environment marker, hash options)."""
    text = lock.read_text().replace("\\\n", " ")
    entries = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, _, hashes = line.partition(" --hash")
        pin, _, marker = requirement.partition(";")
        entries.append((pin.strip(), marker.strip(), f"--hash{hashes}" if hashes else ""))
    return entries


def platform_requirements(
    markers: dict[str, str], python_version: str, lock: Path = LOCK
) -> list[str]:
    """The lines of a lock file that install on one platform and one Python release."""
    try:
        from packaging.markers import Marker
    except ImportError:  # the running Python has no packaging; pip always carries one
        from pip._vendor.packaging.markers import Marker
    environment = {
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "python_version": PYTHON_VERSION,
        "python_full_version": python_version,
        **markers,
    }
    return [
        f"{pin} {hashes}"
        for pin, marker, hashes in lock_entries(lock)
        if not marker or Marker(marker).evaluate(environment)
    ]


def wheelhouse(use_venv: bool) -> None:
    """Download the wheels of every locked package for the four platforms, for offline installs.

    pip evaluates a lock's environment markers for the machine it runs on, so each platform gets its
    own list, with the markers evaluated for that platform (and for the first and any later 3.11
    release, as the lock may pick a version by patch release), and ``pip download`` fetches binary
    wheels only (``--only-binary=:all:``), checked against the lock's hashes. ``python3 tasks.py
    lock`` checks that each platform has a wheel of every package; a package with none fails here.
    """
    import tempfile

    python = python_path(use_venv) if python_path(use_venv).exists() else Path(sys.executable)
    WHEELHOUSE.mkdir(exist_ok=True)
    counts = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, (_, tags, markers) in PLATFORMS.items():
            before, packages = set(WHEELHOUSE.iterdir()), set()
            for python_version in (f"{PYTHON_VERSION}.0", f"{PYTHON_VERSION}.99"):
                lines = platform_requirements(markers, python_version)
                packages.update(lines)
                requirements = Path(scratch) / f"{name}-{python_version}.txt"
                requirements.write_text("\n".join(lines) + "\n")
                print(f"\n{name}, Python {python_version}: {len(lines)} packages", flush=True)
                run(
                    python,
                    *("-m", "pip", "download", "--disable-pip-version-check", "-q", "--no-deps"),
                    *("--only-binary=:all:", "--implementation", "cp"),
                    *("--python-version", python_version),
                    *(f"--platform={tag}" for tag in tags),
                    *("--require-hashes", "-d", WHEELHOUSE, "-r", requirements),
                )
            counts[name] = (len(packages), len(set(WHEELHOUSE.iterdir()) - before))
    wheels = list(WHEELHOUSE.glob("*.whl"))
    print("\nwheels per platform (one per locked file; new: not shared with a platform above):")
    for name, (packages, new) in counts.items():
        print(f"  {name:16} {packages:4} wheels, {new:4} new")
    size = sum(wheel.stat().st_size for wheel in wheels) / 1e6
    print(f"  {len(wheels)} wheels, {size:.0f} MB in {WHEELHOUSE}")
    print(
        f"\nCopy the whole folder {ROOT} (with wheelhouse/) to the offline machine, then run"
        " `python3 tasks.py lab` there."
    )


def lock(use_venv: bool) -> None:
    """Regenerate requirements.lock from pyproject.toml and check every platform has wheels.

    The lock is universal (one file, markers where platforms differ) and pins the files' hashes, so
    plain pip installs it with ``--require-hashes`` on Windows, macOS and Linux. Versions already in
    the lock are kept unless pyproject.toml asks for others (uv prefers the output file's pins).
    The index is pip's (``PIP_INDEX_URL`` or ``pip config``), else PyPI.
    """
    python = python_path(use_venv)
    if not python.exists():
        python = setup(use_venv)
    if subprocess.run([python, "-m", "uv", "--version"], capture_output=True).returncode:
        run(python, "-m", "pip", "install", "--disable-pip-version-check", "-q", UV)
    index = (
        os.environ.get("PIP_INDEX_URL")
        or subprocess.run(
            [python, "-m", "pip", "config", "get", "global.index-url"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    compile_ = (python, "-m", "uv", "pip", "compile", *LOCK_INPUTS)
    options = ("--python-version", PYTHON_VERSION, *(("--index-url", index) if index else ()))
    run(
        *compile_,
        *options,
        *("--universal", "--generate-hashes", "--output-file", LOCK),
        *("--custom-compile-command", "python3 tasks.py lock", "--quiet"),
    )
    for name, (target, _, _) in PLATFORMS.items():
        print(f"checking that every locked package has a wheel for {name}")
        run(
            *compile_,
            *options,
            "--python-platform",
            target,
            "--only-binary",
            ":all:",
            "-c",
            LOCK,
            "--quiet",
            "--output-file",
            os.devnull,
        )
    lock_subsets(python, options)


def lock_subsets(python: Path, options: tuple[str, ...]) -> None:
    """Write :data:`SUBSET_LOCKS`: sptools and some extras, resolved under requirements.lock's pins
    (so the same versions and files), universal and with hashes like it."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        pins = Path(scratch) / "pins.txt"
        pins.write_text(
            "\n".join(f"{pin} ; {marker}" if marker else pin for pin, marker, _ in lock_entries())
        )
        for target, extras in SUBSET_LOCKS.items():
            print(f"writing {target.name} (sptools with {', '.join(extras)})")
            run(
                *(python, "-m", "uv", "pip", "compile", "pyproject.toml"),
                *(option for extra in extras for option in ("--extra", extra)),
                *options,
                *("-c", pins, "--universal", "--generate-hashes", "--output-file", target),
                *("--custom-compile-command", "python3 tasks.py lock", "--quiet"),
            )


#: JavaScript the offline book serves from book/_static/vendor: npm package -> (folder, files to
#: copy: a glob pattern, or a pattern and the subfolder its files go to).
VENDORED = {
    # CommonHTML output: 1.2 MB and the fonts a page uses (about 20-40 kB each), where the SVG
    # output is 2.1 MB; MathJax looks for the fonts in output/chtml/fonts/woff-v2 next to it
    "mathjax@3.2.2": (
        "mathjax",
        [
            "es5/tex-chtml.js",
            ("es5/output/chtml/fonts/woff-v2/*.woff", "output/chtml/fonts/woff-v2"),
            "LICENSE",
        ],
    ),
    # formulas, typeset when the book is built (book/_ext/katex_render.js runs katex.min.js in
    # Node.js); the pages load only the style sheet and the fonts they use (woff2: every browser
    # the book supports reads it, so the style sheet's woff and ttf fallbacks are not copied)
    "katex@0.19.1": (
        "katex",
        [
            "dist/katex.min.js",
            "dist/katex.min.css",
            ("dist/fonts/*.woff2", "fonts"),
            "LICENSE",
        ],
    ),
    "@fontsource/noto-sans-khmer@5.3.0": (
        "noto-sans-khmer",
        [
            "files/noto-sans-khmer-khmer-400-normal.woff2",
            "files/noto-sans-khmer-khmer-700-normal.woff2",
            "LICENSE",
        ],
    ),
    # the kernel-free charts (sptools.widgets.kernel_free): the versions altair 6.3.0 targets
    "vega@6.4.0": ("vega", ["build/vega.min.js", "LICENSE"]),
    "vega-lite@6.4.1": ("vega-lite", ["build/vega-lite.min.js", "LICENSE"]),
    "vega-embed@7.3.0": ("vega-embed", ["build/vega-embed.min.js", "LICENSE"]),
    # the slide decks of `tasks.py slides` (nbconvert's reveal template wants reveal's layout)
    "reveal.js@4.6.1": (
        "reveal",
        [
            ("dist/reveal.js", "dist"),
            ("dist/reveal.css", "dist"),
            ("dist/theme/white.css", "dist/theme"),
            ("dist/theme/fonts/source-sans-pro/*.woff", "dist/theme/fonts/source-sans-pro"),
            ("dist/theme/fonts/source-sans-pro/*.css", "dist/theme/fonts/source-sans-pro"),
            ("dist/theme/fonts/source-sans-pro/LICENSE", "dist/theme/fonts/source-sans-pro"),
            ("plugin/notes/notes.js", "plugin/notes"),
            "LICENSE",
        ],
    ),
}


def vendor(use_venv: bool) -> None:
    """Copy the pinned scripts and fonts from npm into book/_static/vendor (needs npm)."""
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
            name, version = package.rsplit("@", 1)
            # exact file name: "vega-*.tgz" would also match vega-lite and vega-embed
            archive = Path(scratch) / f"{name.strip('@').replace('/', '-')}-{version}.tgz"
            with tarfile.open(archive) as tar:
                tar.extractall(Path(scratch) / folder, filter="data")
            target = target_root / folder
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            for pattern in patterns:
                # a pattern alone lands in the folder; (pattern, subfolder) in that subfolder
                pattern, subfolder = pattern if isinstance(pattern, tuple) else (pattern, ".")
                (target / subfolder).mkdir(parents=True, exist_ok=True)
                for source in (Path(scratch) / folder / "package").glob(pattern):
                    shutil.copy2(source, target / subfolder / source.name)
            print(f"vendored {package} into {target.relative_to(ROOT)}")


def quiz_results(use_venv: bool, arguments: list[str]) -> None:
    """Merge the answer files of a folder (``python3 tasks.py quiz-results FOLDER``)."""
    run(setup(use_venv), "-m", "sptools.assessment", "results", *arguments)


def certificates(use_venv: bool, arguments: list[str]) -> None:
    """Print certificates from a CSV of names (``python3 tasks.py certificates names.csv``)."""
    run(setup(use_venv), "-m", "sptools.printouts", "certificates", *arguments)


def handouts(use_venv: bool) -> None:
    """Print the two-page handout of every module into ``_build/handouts/``."""
    run(setup(use_venv), "-m", "sptools.printouts", "handouts")


def publish(use_venv: bool) -> None:
    """Check the built book and package it for a static host (``_build/publish``)."""
    import importlib.util

    if not (BOOK_HTML / "index.html").exists():
        sys.exit(f"The book is not built ({BOOK_HTML}): run `python3 tasks.py book` first.")
    spec = importlib.util.spec_from_file_location(
        "publish_check", ROOT / "book/_ext/publish_check.py"
    )
    checker = sys.modules["publish_check"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    try:
        archive = checker.publish(
            BOOK_HTML, ROOT / "_build" / "publish", local_paths=(str(ROOT), str(BOOK_HTML))
        )
    except ValueError as error:
        sys.exit(str(error))
    pages = len(checker._pages(BOOK_HTML))
    print(f"{pages} pages checked: links relative, none broken, nothing loaded from outside.")
    for page, count in checker.local_path_mentions(BOOK_HTML, (str(ROOT),)).items():
        print(f"note: {page} mentions {ROOT} {count} times in its text (a traceback or warning)")
    print(f"Upload the folder {archive.parent / 'book'} (or unpack {archive}, ")
    print(f"{archive.stat().st_size / 1e6:.1f} MB) to any static web host.")


def kit(use_venv: bool, arguments: list[str]) -> None:
    """Build the workshop kit (workshop/kit.py); ``--platforms a,b`` limits its platforms."""
    parser = argparse.ArgumentParser(prog="tasks.py kit")
    parser.add_argument("--platforms", help=f"comma-separated, of {', '.join(PLATFORMS)}")
    options = parser.parse_args(arguments)
    from workshop import kit as workshop_kit

    platforms = options.platforms.split(",") if options.platforms else None
    workshop_kit.build(use_venv, platforms)


def room(use_venv: bool, arguments: list[str]) -> None:
    """Serve the room from this machine (workshop/room.py; its options: ``room --help``)."""
    from workshop import room as workshop_room

    workshop_room.main(arguments)


COMMANDS = {
    "book": book,
    "publish": publish,
    "agenda": agenda,
    "slides": slides,
    "lab": lab,
    "exercises": exercises,
    "datasets": datasets,
    "wheelhouse": wheelhouse,
    "setup": setup,
    "lock": lock,
    "vendor": vendor,
    "handouts": handouts,
}
#: commands that pass their arguments on (a folder, a CSV file and options)
WITH_ARGUMENTS = {
    "quiz-results": quiz_results,
    "certificates": certificates,
    "kit": kit,
    "room": room,
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
    parser.add_argument("command", choices=[*COMMANDS, *WITH_ARGUMENTS, "test"])
    parser.add_argument("--no-venv", action="store_true", help="use the running Python, not .venv")
    parser.add_argument(
        "--force",
        action="store_true",
        help=f"{' and '.join(FORCEABLE)}: replace files that differ (a .bak copy is kept)",
    )
    parser.add_argument(
        "--trainer", action="store_true", help="book: the trainer's edition, with instructor notes"
    )
    args, rest = parser.parse_known_args(argv)
    if args.command not in ("test", *WITH_ARGUMENTS) and rest:
        parser.error(f"unrecognised arguments for {args.command}: {' '.join(rest)}")
    if args.trainer and args.command != "book":
        parser.error(f"--trainer applies to book, not to {args.command}")
    if args.force and args.command not in FORCEABLE:
        parser.error(f"--force applies to {' and '.join(FORCEABLE)}, not to {args.command}")
    return args, rest


def main(argv: list[str] | None = None) -> None:
    args, pytest_args = parse(argv)
    use_venv = not args.no_venv
    if args.command == "test":
        test(use_venv, pytest_args)
    elif args.command == "book":
        book(use_venv, trainer=args.trainer)
    elif args.command in WITH_ARGUMENTS:
        WITH_ARGUMENTS[args.command](use_venv, pytest_args)
    elif args.command in FORCEABLE:
        COMMANDS[args.command](use_venv, force=args.force)
    else:
        COMMANDS[args.command](use_venv)


if __name__ == "__main__":
    main()
