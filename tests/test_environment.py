"""The pinned dependency set is one set: pyproject pins, requirements.lock and environment.yml
agree.

requirements.lock is written by ``python3 tasks.py lock`` (uv, universal: one file for Windows,
macOS and Linux, with environment markers where they differ and the hashes of every file). These
tests read it without uv or network, so they fail as soon as a pin in pyproject.toml changes without
a new lock, or the lock is edited by hand into something plain pip cannot install with
--require-hashes.
"""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import REPOSITORY
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#\\]+)")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")
REGENERATE = "regenerate it with `python3 tasks.py lock`"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock_entries() -> list[str]:
    """One string per requirement of the lock, continuation lines joined, comments removed."""
    text = (REPOSITORY / "requirements.lock").read_text().replace("\\\n", " ")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def _lock() -> dict[str, set[str]]:
    """Package -> every version the lock pins for it (several when markers split by platform)."""
    pins: dict[str, set[str]] = {}
    for entry in _lock_entries():
        match = PIN.match(entry)
        if match:
            pins.setdefault(_normalise(match[1]), set()).add(match[2])
    return pins


def _pyproject() -> dict:
    return tomllib.loads((REPOSITORY / "pyproject.toml").read_text())


def _pyproject_requirements() -> list[str]:
    """Dependencies, every extra, and the ``lock`` dependency group (build tools, held-back
    pins)."""
    data = _pyproject()
    project = data["project"]
    return (
        list(project["dependencies"])
        + [r for extra in project["optional-dependencies"].values() for r in extra]
        + list(data["dependency-groups"]["lock"])
    )


def test_every_pyproject_requirement_is_an_exact_pin_that_the_lock_agrees_with():
    lock = _lock()
    for requirement in _pyproject_requirements():
        match = PIN.match(requirement)
        assert match, f"pyproject.toml: {requirement!r} is not pinned exactly (use name==version)"
        name, version = _normalise(match[1]), match[2]
        assert lock.get(name) == {version}, (
            f"{name}: pyproject.toml pins {version}, requirements.lock has {lock.get(name)}; "
            + REGENERATE
        )


def test_the_lock_is_written_by_the_lock_command():
    """Not a pip freeze: that would hold whatever the venv had, for one platform, without hashes."""
    header = (REPOSITORY / "requirements.lock").read_text().splitlines()[:3]
    assert any("python3 tasks.py lock" in line for line in header), (
        "requirements.lock was not written by `python3 tasks.py lock`; " + REGENERATE
    )


def test_every_lock_entry_is_pinned_exactly_with_hashes_for_plain_pip():
    for entry in _lock_entries():
        assert PIN.match(entry), f"requirements.lock: {entry[:60]!r} is not pinned exactly"
        assert HASH.search(entry), (
            f"requirements.lock: {entry[:60]!r} has no sha256 hash; pip --require-hashes refuses it"
        )
        assert (
            not entry.startswith(("-e", "--editable")) and "://" not in entry.split("--hash")[0]
        ), f"requirements.lock: {entry[:60]!r} is not an index package"


def test_the_lock_covers_every_platform_with_python_3_11():
    """Windows-only and macOS-only dependencies are in the lock, behind their markers."""
    markers = {}
    for entry in _lock_entries():
        requirement = Requirement(entry.split(" --hash")[0])
        markers[_normalise(requirement.name)] = str(requirement.marker or "")
    assert "win32" in markers["colorama"] or "nt" in markers["colorama"]
    assert "nt" in markers["pywinpty"]
    assert "darwin" in markers["appnope"]
    python = _pyproject()["project"]["requires-python"]
    assert "3.11.9" in SpecifierSet(python) and "3.12.0" not in SpecifierSet(python)


def test_the_build_tools_in_the_lock_satisfy_the_build_system():
    lock = _lock()
    for requirement in map(Requirement, _pyproject()["build-system"]["requires"]):
        (version,) = lock[_normalise(requirement.name)]
        assert version in requirement.specifier, (
            f"[build-system] requires {requirement}, the lock group pins {version}"
        )


def test_the_known_working_set_is_pinned():
    lock = _lock()
    expected = {
        "jupyter-book": "1.0.4.post1",
        "pandas": "3.1.1",
        "numpy": "2.4.6",
        "seaborn": "0.13.2",
        "ipywidgets": "8.1.9",
        "nbval": "0.11.0",
        "pytest": "9.2.0",
    }
    assert {name: lock.get(name) for name in expected} == {
        name: {version} for name, version in expected.items()
    }
    (matplotlib,) = lock["matplotlib"]
    assert matplotlib.startswith("3.11.")


def test_conda_environment_installs_the_same_pinned_set():
    environment = yaml.safe_load((REPOSITORY / "environment.yml").read_text())
    dependencies = environment["dependencies"]
    python = [d for d in dependencies if isinstance(d, str) and d.startswith("python")]
    requires = _pyproject()["project"]["requires-python"]
    assert python == ["python=3.11"] and ">=3.11,<3.12" == requires
    pip_section = next(d["pip"] for d in dependencies if isinstance(d, dict) and "pip" in d)
    assert "-r requirements.lock" in pip_section, "environment.yml must install requirements.lock"
    assert "--require-hashes" in pip_section, "environment.yml must check the lock's hashes"
    # pip refuses an editable install in hash-checking mode: sptools comes from tasks.py setup.
    assert not any(entry.startswith(("-e", "--editable")) for entry in pip_section), (
        "environment.yml: `-e .` cannot share a pip call with the hashed lock"
    )
    lock = _lock()
    for entry in pip_section + [d for d in dependencies if isinstance(d, str)]:
        match = re.match(r"^([A-Za-z0-9_.\-]+)\s*=?=\s*([0-9][^\s]*)$", entry)
        if match and _normalise(match[1]) != "python":
            assert lock.get(_normalise(match[1])) == {match[2]}, (
                f"environment.yml pins {entry}, the lock disagrees"
            )
        elif not entry.startswith(("-r", "--", "python")) and entry != "pip":
            raise AssertionError(f"environment.yml: {entry!r} is not from the lock")
