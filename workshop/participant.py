"""Install the course on a workshop laptop from the kit, then open JupyterLab: no internet and no
administrator rights needed.

    python workshop/participant.py install   create .venv in the kit folder and install the
                                             participants' set from wheels/ (never the network)
    python workshop/participant.py lab       open JupyterLab on the course folder

The kit's launchers (``install-windows.bat``, ``install-macos.command``, ``install-linux.sh`` and
their ``start-`` twins) find a Python 3.11 and call these. Everything lands in the kit folder: a
virtual environment (``.venv``) made from the user's own Python, so nothing is written elsewhere
and no administrator password is asked. Example: ``python3.11 workshop/participant.py install``.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(KIT))

import tasks  # noqa: E402  (the kit carries the project's tasks.py: lab settings, kernel name)

WHEELS = KIT / "wheels"
PARTICIPANTS_LOCK = KIT / "requirements-participants.lock"


def platform_name(system: str = sys.platform, machine: str = platform.machine()) -> str:
    """The kit's name for this computer (a key of ``tasks.PLATFORMS``), or a clear refusal.

    Example: ``platform_name("darwin", "arm64")`` is ``"macos-arm64"``.
    """
    machine = machine.lower()
    if system == "win32" and machine in ("amd64", "x86_64"):
        return "windows-x86_64"
    if system == "darwin" and machine in ("arm64", "x86_64"):
        return f"macos-{machine}"
    if system.startswith("linux") and machine == "x86_64":
        return "linux-x86_64"
    raise SystemExit(
        f"The kit has no packages for this computer ({system}, {machine}); it covers "
        f"{', '.join(tasks.PLATFORMS)}. Use the room server instead (see the set-up page)."
    )


def pip_offline(python: Path, platform_folder: Path) -> list[str]:
    """pip, told to ignore every index, configuration file and cache: only the kit's wheels."""
    return [
        str(python),
        *("-m", "pip", "install", "--isolated", "--no-index", "--no-cache-dir"),
        *("--disable-pip-version-check", "--quiet"),
        *("--find-links", str(WHEELS / "common"), "--find-links", str(platform_folder)),
    ]


def install() -> float:
    """Create the kit's virtual environment and install the course into it; return the seconds."""
    if sys.version_info[:2] != (3, 11):
        raise SystemExit(
            f"This is Python {platform.python_version()}; the course needs Python 3.11. "
            "See the set-up page (book: Set-up, 'Workshop kit') for how to get it without "
            "administrator rights."
        )
    started = time.perf_counter()
    folder = WHEELS / platform_name()
    if not folder.is_dir():
        raise SystemExit(f"{folder} is missing: this copy of the kit was built without it.")
    python = tasks.python_path(use_venv=True)
    if not python.exists():
        print(f"creating the virtual environment {tasks.VENV}", flush=True)
        import venv

        venv.create(tasks.VENV, with_pip=True)
    print(f"installing the course from {WHEELS} (offline)", flush=True)
    pip = pip_offline(python, folder)
    tasks.run(*pip, "--require-hashes", "-r", PARTICIPANTS_LOCK)
    (sptools_wheel,) = (WHEELS / "common").glob("sptools-*.whl")
    tasks.run(*pip, "--no-deps", "--force-reinstall", sptools_wheel)
    tasks.register_kernel(python)
    tasks.configure_lab(tasks.VENV)
    seconds = time.perf_counter() - started
    print(f"\nThe course is installed ({seconds:.0f} s). Start it with the start- script.")
    return seconds


def lab() -> None:
    """Open JupyterLab on the course folder, with the offline settings of ``tasks.py lab``."""
    python = tasks.python_path(use_venv=True)
    if not python.exists():
        raise SystemExit("The course is not installed yet: run the install- script first.")
    subprocess.run([str(python), "-m", "jupyterlab", *tasks.lab_options(KIT)], cwd=KIT)


if __name__ == "__main__":
    commands = {"install": install, "lab": lab}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        raise SystemExit(__doc__)
    commands[sys.argv[1]]()
