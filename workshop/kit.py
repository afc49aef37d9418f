"""The workshop kit: one zip archive that installs the course on any laptop of the room, offline.

``python3 tasks.py kit`` builds ``_build/kit/sptools-workshop.zip``, which holds, in one folder:

- the course (every file git tracks: notebooks of modules/, exercises/ and solutions/, datasets/,
  tasks.py, ...) and the built book (``html-book/``, opened from ``html-book/index.html``);
- ``wheels/``: the participants' set (``requirements-participants.lock``, no build or test tools)
  for every platform of ``tasks.PLATFORMS``: pure-Python wheels once in ``wheels/common`` (with the
  course's own ``sptools`` wheel), the others in ``wheels/<platform>``; on Linux also what the room
  server adds (``requirements-room.lock``);
- the install and start scripts for Windows, macOS and Linux (``workshop/launchers``);
- the room server's proxy (``workshop/node_modules``, from ``workshop/package-lock.json``).

``python3 tasks.py kit --platforms linux-x86_64`` builds a kit for some platforms only.
:func:`missing_wheels` lists the pinned packages that an archive lacks a wheel of, per platform.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tasks  # noqa: E402

KIT_NAME = "sptools-workshop"
OUTPUT = tasks.ROOT / "_build" / "kit"
#: pip's downloads, checked against the lock's hashes and kept between builds (and between
#: clones, e.g. CI runs on one machine): one folder per platform
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sptools-kit"
PARTICIPANTS_LOCK, ROOM_LOCK = tasks.SUBSET_LOCKS
#: the platform whose wheels also cover the room server (it creates Linux accounts)
ROOM_PLATFORM = "linux-x86_64"
LAUNCHERS = {
    "install.bat": "install-windows.bat",
    "start.bat": "start-windows.bat",
    "install.sh": ("install-macos.command", "install-linux.sh"),
    "start.sh": ("start-macos.command", "start-linux.sh"),
}
#: files already compressed: stored as they are, which is faster and no larger
STORED = (".whl", ".parquet", ".png", ".jpg", ".woff", ".woff2", ".zip", ".gz")
PYTHON_RELEASES = (f"{tasks.PYTHON_VERSION}.0", f"{tasks.PYTHON_VERSION}.99")


def requirement_lines(lock: Path, platform: str) -> list[str]:
    """The pins of ``lock`` for one platform, for the first and any later 3.11 release."""
    markers = tasks.PLATFORMS[platform][2]
    lines = {
        line
        for release in PYTHON_RELEASES
        for line in tasks.platform_requirements(markers, release, lock)
    }
    return sorted(lines)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _hashes(line: str) -> set[str]:
    """The sha256 values of a requirement line ``name==version --hash=sha256:...``."""
    return {part.removeprefix("--hash=sha256:") for part in line.split()[1:]}


def download(python: Path, platform: str) -> list[Path]:
    """Download the binary wheels of ``platform`` into the cache; return the files of its pins.
    A pin whose file is already there (same sha256 as in the lock) is not asked for again."""
    _, tags, markers = tasks.PLATFORMS[platform]
    folder = CACHE / platform
    folder.mkdir(parents=True, exist_ok=True)
    known: dict[Path, str] = {}
    wanted: set[str] = set()
    locks = [PARTICIPANTS_LOCK] + ([ROOM_LOCK] if platform == ROOM_PLATFORM else [])
    with tempfile.TemporaryDirectory() as scratch:
        for lock in locks:
            for release in PYTHON_RELEASES:
                for wheel in set(folder.glob("*.whl")) - set(known):
                    known[wheel] = _file_sha256(wheel)
                cached = set(known.values())
                lines = tasks.platform_requirements(markers, release, lock)
                wanted.update(digest for line in lines for digest in _hashes(line))
                lines = [line for line in lines if not cached & _hashes(line)]
                if not lines:
                    continue
                requirements = Path(scratch) / f"{lock.stem}-{release}.txt"
                requirements.write_text("\n".join(lines) + "\n")
                tasks.run(
                    *(python, "-m", "pip", "download", "--disable-pip-version-check", "-q"),
                    *("--no-deps", "--only-binary=:all:", "--implementation", "cp"),
                    *("--python-version", release, *(f"--platform={tag}" for tag in tags)),
                    *("--require-hashes", "-d", folder, "-r", requirements),
                )
    for wheel in set(folder.glob("*.whl")) - set(known):
        known[wheel] = _file_sha256(wheel)
    return sorted(wheel for wheel, digest in known.items() if digest in wanted)


def sptools_wheel(python: Path, target: Path) -> Path:
    """Build the course's own wheel (with its datasets) from a copy of the sources."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "source"
        source.mkdir()
        for name in ("pyproject.toml", "setup.py", "README.md"):
            shutil.copy2(tasks.ROOT / name, source / name)
        ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.bak")
        for folder in ("src", "datasets"):
            shutil.copytree(tasks.ROOT / folder, source / folder, ignore=ignore)
        tasks.run(
            *(python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"),
            *("-q", "-w", target, source),
        )
    (wheel,) = target.glob("sptools-*.whl")
    return wheel


def tracked_files() -> list[Path]:
    """The course's files: what git tracks (so nothing local, no .venv, no build folders)."""
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=tasks.ROOT, capture_output=True, check=True
    ).stdout.decode()
    return [Path(name) for name in listing.split("\0") if name and (tasks.ROOT / name).is_file()]


def room_proxy() -> Path | None:
    """The room server's node_modules, installed from package-lock.json if missing (npm)."""
    workshop = tasks.ROOT / "workshop"
    if not (workshop / "node_modules" / "configurable-http-proxy").is_dir():
        if shutil.which("npm") is None:
            print("warning: npm is missing, so the kit has no room proxy (configurable-http-proxy)")
            return None
        tasks.run("npm", "ci", "--no-audit", "--no-fund", "--prefix", workshop)
    return workshop / "node_modules"


def stage(python: Path, platforms: list[str], folder: Path) -> dict[str, int]:
    """Lay out the kit in ``folder``; return the bytes of wheels per platform (common apart)."""
    for name in tracked_files():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tasks.ROOT / name, folder / name)
    shutil.copytree(tasks.BOOK_HTML, folder / "html-book")
    proxy = room_proxy()
    if proxy is not None:
        # without node_modules/.bin: its links would become copies that cannot find their package
        ignore = shutil.ignore_patterns(".bin")
        shutil.copytree(proxy, folder / "workshop" / "node_modules", ignore=ignore)
    for source, targets in LAUNCHERS.items():
        for target in [targets] if isinstance(targets, str) else targets:
            shutil.copy2(tasks.ROOT / "workshop" / "launchers" / source, folder / target)
    common = folder / "wheels" / "common"
    common.mkdir(parents=True)
    sizes = {"common": sptools_wheel(python, common).stat().st_size}
    for platform in platforms:
        own = folder / "wheels" / platform
        own.mkdir()
        sizes[platform] = 0
        for wheel in download(python, platform):
            pure = wheel.name.endswith("-none-any.whl")
            target = (common if pure else own) / wheel.name
            if not target.exists():
                shutil.copy2(wheel, target)
                sizes["common" if pure else platform] += wheel.stat().st_size
    return sizes


def write_zip(folder: Path, archive: Path) -> None:
    """Zip ``folder`` (as its own top-level folder), keeping the Unix modes of the scripts."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_dir() or path.is_symlink() and not path.exists():
                continue
            info = zipfile.ZipInfo.from_file(path, Path(KIT_NAME) / path.relative_to(folder))
            stored = path.suffix in STORED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            with path.open("rb") as source, zf.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)


def build(use_venv: bool, platforms: list[str] | None = None) -> Path:
    """Build the kit for ``platforms`` (default: all of ``tasks.PLATFORMS``); return the zip."""
    platforms = platforms or list(tasks.PLATFORMS)
    unknown = sorted(set(platforms) - set(tasks.PLATFORMS))
    if unknown:
        raise SystemExit(f"--platforms: unknown {unknown}; choose from {list(tasks.PLATFORMS)}")
    python = tasks.setup(use_venv)
    if not (tasks.BOOK_HTML / "index.html").exists():
        tasks.book(use_venv)
    started = time.perf_counter()
    staging = OUTPUT / KIT_NAME
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    sizes = stage(python, platforms, staging)
    archive = OUTPUT / f"{KIT_NAME}.zip"
    write_zip(staging, archive)
    shutil.rmtree(staging)
    seconds = time.perf_counter() - started
    total = archive.stat().st_size
    course = total - sum(sizes.values())
    print(f"\nThe kit is built in {seconds:.0f} s: {archive} ({total / 1e6:.0f} MB)")
    print(f"  course, book, scripts and room proxy: {course / 1e6:6.0f} MB")
    print(f"  wheels shared by every platform:      {sizes['common'] / 1e6:6.0f} MB")
    for platform in platforms:
        own = course + sizes["common"] + sizes[platform]
        print(
            f"  {platform:16} own wheels {sizes[platform] / 1e6:4.0f} MB;"
            f" a kit for it alone {own / 1e6:4.0f} MB"
        )
    return archive


def _sha256(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as member:
        for block in iter(lambda: member.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def missing_wheels(archive: Path, lock: Path = PARTICIPANTS_LOCK) -> dict[str, list[str]]:
    """Per platform of ``tasks.PLATFORMS``, the pins of ``lock`` with no wheel in ``archive``.

    A pin counts as present when ``wheels/common`` or ``wheels/<platform>`` holds a file whose
    sha256 is one of the pin's hashes in the lock. Example: ``missing_wheels(zip_path)`` is
    ``{"linux-x86_64": [], ...}`` for a complete kit.
    """
    with zipfile.ZipFile(archive) as zf:
        folders: dict[str, set[str]] = {}
        for name in zf.namelist():
            parts = Path(name).parts
            if len(parts) == 4 and parts[1] == "wheels" and name.endswith(".whl"):
                folders.setdefault(parts[2], set()).add(_sha256(zf, name))
    missing = {}
    for platform in tasks.PLATFORMS:
        present = folders.get("common", set()) | folders.get(platform, set())
        missing[platform] = [
            line.split()[0]
            for line in requirement_lines(lock, platform)
            if not present & _hashes(line)
        ]
    return missing
