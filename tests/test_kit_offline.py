"""The built workshop kit (``python3 tasks.py kit``): it lists a wheel of every pinned package for
every platform, and its Linux part installs with the network cut and runs an exercise notebook.

Needs the archive ``_build/kit/sptools-workshop.zip``; skips without it, unless
``SPTOOLS_KIT_REQUIRED`` is set (as .ci/run does after building it). The network is cut with
``unshare -n`` (a network namespace whose only interface is loopback) when run as root; elsewhere
the install is still offline by pip's own options (``--isolated --no-index``, no cache) and the
test says so. Measured times are appended to ``_build/workshop-figures.txt``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from conftest import REPOSITORY

from workshop import kit

pytestmark = pytest.mark.slow

ARCHIVE = kit.OUTPUT / f"{kit.KIT_NAME}.zip"
FIGURES = REPOSITORY / "_build" / "workshop-figures.txt"
EXERCISE = "exercises/00-getting-started.ipynb"
#: what participants and the trainer use from the kit, besides the wheels
CONTENTS = (
    "install-windows.bat", "start-windows.bat", "install-macos.command", "start-macos.command",
    "install-linux.sh", "start-linux.sh", "html-book/index.html", "html-book/book/setup.html",
    "requirements-participants.lock", "requirements-room.lock", "workshop/participant.py",
    "tasks.py", EXERCISE, "solutions/00-getting-started.ipynb", "datasets/MANIFEST.txt",
    "workshop/node_modules/configurable-http-proxy/bin/configurable-http-proxy",
)  # fmt: skip


@pytest.fixture(scope="module")
def archive() -> Path:
    if not ARCHIVE.exists():
        message = f"{ARCHIVE} is not built: python3 tasks.py kit"
        if os.environ.get("SPTOOLS_KIT_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    return ARCHIVE


def record(line: str) -> None:
    FIGURES.parent.mkdir(exist_ok=True)
    with FIGURES.open("a") as figures:
        figures.write(line + "\n")
    print(line)


def offline_prefix() -> tuple[list[str], str]:
    """A command prefix that runs its command with no network, and how it cuts it."""
    if sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            # loopback only, brought up for the kernel's local sockets
            return ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"], "unshare"
    return [], "pip --isolated --no-index only (not root: no network namespace)"


def extract(archive: Path, target: Path) -> Path:
    """Unzip like the participants' tools, keeping the scripts' Unix modes."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            path = Path(zf.extract(info, target))
            mode = info.external_attr >> 16
            if mode and not info.is_dir():
                path.chmod(mode & 0o777)
    return target / kit.KIT_NAME


def test_the_kit_has_a_wheel_of_every_pinned_package_for_every_platform(archive):
    missing = kit.missing_wheels(archive)
    with zipfile.ZipFile(archive) as zf:
        platforms = {
            Path(name).parts[2] for name in zf.namelist() if Path(name).parts[1:2] == ("wheels",)
        }
    assert platforms == {"common", *kit.tasks.PLATFORMS}, f"platform folders: {sorted(platforms)}"
    assert missing == {platform: [] for platform in kit.tasks.PLATFORMS}
    with zipfile.ZipFile(archive) as zf:
        modes = {info.filename: info.external_attr >> 16 for info in zf.infolist()}
    for name in CONTENTS:
        assert f"{kit.KIT_NAME}/{name}" in modes, f"the kit has no {name}"
    for name in ("install-linux.sh", "install-macos.command", "start-macos.command"):
        assert modes[f"{kit.KIT_NAME}/{name}"] & 0o111, f"{name} is not executable in the zip"
    record(f"kit archive: {archive.stat().st_size / 1e6:.0f} MB, every platform complete")


def test_the_linux_kit_installs_offline_and_runs_an_exercise(archive):
    prefix, how = offline_prefix()
    scratch = Path(tempfile.mkdtemp(prefix="sptools-kit-"))
    try:
        folder = extract(archive, scratch)
        environment = {
            key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "UV_"))
        }
        environment["PIP_CONFIG_FILE"] = os.devnull
        started = time.perf_counter()
        installed = subprocess.run(
            [*prefix, str(folder / "install-linux.sh")],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=environment,
        )
        seconds = time.perf_counter() - started
        assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
        assert "(offline)" in installed.stdout
        record(f"kit offline install (Linux, network cut by {how}): {seconds:.0f} s")
        venv_python = folder / ".venv" / "bin" / "python"
        freeze = subprocess.run(
            [venv_python, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True
        ).stdout.lower()
        assert "jupyterlab==" in freeze and "sptools==" in freeze
        assert "pytest==" not in freeze and "jupyterhub==" not in freeze, "test or server tools"
        # the notebook runs in the kit's kernel (JUPYTER_PATH first), with the network still cut
        environment["JUPYTER_PATH"] = str(folder / ".venv" / "share" / "jupyter")
        started = time.perf_counter()
        notebook = subprocess.run(
            [*prefix, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
            + ["--nbval-lax", "--nbval-kernel-name", "sptools", "--rootdir", str(folder)]
            + [str(folder / EXERCISE)],
            cwd=folder,
            capture_output=True,
            text=True,
            env=environment,
        )
        assert notebook.returncode == 0, notebook.stdout[-3000:] + notebook.stderr[-3000:]
        record(
            f"kit exercise {EXERCISE} under nbval, offline: {time.perf_counter() - started:.0f} s"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
