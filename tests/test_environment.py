"""The pinned dependency set is one set: pyproject pins, requirements.lock and environment.yml agree."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import REPOSITORY

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (REPOSITORY / "requirements.lock").read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[_normalise(match[1])] = match[2]
    return pins


def _pyproject_requirements() -> list[str]:
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]
    return list(project["dependencies"]) + [
        r for extra in project["optional-dependencies"].values() for r in extra
    ]


def test_every_pyproject_requirement_is_an_exact_pin_that_the_lock_agrees_with():
    lock = _lock()
    for requirement in _pyproject_requirements():
        match = PIN.match(requirement)
        assert match, f"pyproject.toml: {requirement!r} is not pinned exactly (use name==version)"
        name, version = _normalise(match[1]), match[2]
        assert lock.get(name) == version, (
            f"{name}: pyproject.toml pins {version}, requirements.lock has {lock.get(name)}; "
            "reinstall and regenerate requirements.lock"
        )


def test_the_lock_pins_every_line_exactly():
    for line in (REPOSITORY / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert PIN.match(line), f"requirements.lock: {line!r} is not pinned exactly"


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
    assert {name: lock.get(name) for name in expected} == expected
    assert lock["matplotlib"].startswith("3.11.")


def test_conda_environment_installs_the_same_pinned_set():
    environment = yaml.safe_load((REPOSITORY / "environment.yml").read_text())
    dependencies = environment["dependencies"]
    python = [d for d in dependencies if isinstance(d, str) and d.startswith("python")]
    requires = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"][
        "requires-python"
    ]
    assert python == ["python=3.11"] and ">=3.11,<3.12" == requires
    pip_section = next(d["pip"] for d in dependencies if isinstance(d, dict) and "pip" in d)
    assert "-r requirements.lock" in pip_section, "environment.yml must install requirements.lock"
    lock = _lock()
    for entry in pip_section + [d for d in dependencies if isinstance(d, str)]:
        match = re.match(r"^([A-Za-z0-9_.\-]+)\s*=?=\s*([0-9][^\s]*)$", entry)
        if match and _normalise(match[1]) != "python":
            assert lock.get(_normalise(match[1])) == match[2], (
                f"environment.yml pins {entry}, the lock disagrees"
            )
