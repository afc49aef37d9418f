"""The workshop kit and the room server: the derived locks, the kit's wheel listing, the
passwords, the names file and the control-group limits (fast; the kit and room runs are in
test_kit_offline.py and test_room.py)."""

from __future__ import annotations

import hashlib
import os
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import REPOSITORY

import tasks
from workshop import kit, limits, participant, room
from workshop.passwords import LETTERS, generate, hash_password, verify_password

#: what a workshop laptop must not install: the book build, test, lint and server tools
NOT_FOR_PARTICIPANTS = (
    "pytest", "pytest-xdist", "nbval", "hypothesis", "playwright", "svy", "polars", "ruff",
    "import-linter", "pre-commit", "jupyterhub", "jupyter-book", "sphinx", "sphinx-exercise",
    "setuptools", "wheel", "uv",
)  # fmt: skip


def _names(lock: Path) -> set[str]:
    return {pin.split("==")[0] for pin, _, _ in tasks.lock_entries(lock)}


@pytest.mark.parametrize("subset", list(tasks.SUBSET_LOCKS), ids=lambda path: path.name)
def test_a_subset_lock_pins_the_same_versions_markers_and_files_as_the_main_lock(subset):
    main = {pin: (marker, set(hashes.split())) for pin, marker, hashes in tasks.lock_entries()}
    entries = tasks.lock_entries(subset)
    assert len(entries) > 100, f"{subset.name} holds only {len(entries)} pins"
    for pin, marker, hashes in entries:
        assert pin in main, (
            f"{subset.name}: {pin} is not in requirements.lock (python3 tasks.py lock)"
        )
        assert marker == main[pin][0], f"{subset.name}: {pin} marker {marker!r} differs"
        assert hashes and set(hashes.split()) <= main[pin][1], f"{subset.name}: {pin} hashes differ"
    assert "python3 tasks.py lock" in subset.read_text().splitlines()[1]


def test_the_participants_set_is_sptools_and_jupyterlab_without_build_or_test_tools():
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["participants"]
    participants = _names(kit.PARTICIPANTS_LOCK)
    pins = {pin for pin, _, _ in tasks.lock_entries(kit.PARTICIPANTS_LOCK)}
    assert {requirement.lower() for requirement in wanted} <= pins
    assert not participants & set(NOT_FOR_PARTICIPANTS)
    assert len(participants) < len(_names(tasks.LOCK)) - 50
    room_names = _names(kit.ROOM_LOCK)
    assert participants < room_names and {"jupyterhub", "pamela"} <= room_names


def _fake_wheel(folder: str, name: str, content: bytes) -> tuple[str, bytes]:
    return f"{kit.KIT_NAME}/wheels/{folder}/{name}", content


def test_missing_wheels_finds_a_pin_by_its_hash_in_common_or_the_platform_folder(tmp_path):
    pure, native = b"pure wheel", b"linux wheel"
    lock = tmp_path / "lock.txt"
    lock.write_text(
        f"purepkg==1.0 --hash=sha256:{hashlib.sha256(pure).hexdigest()}\n"
        f"nativepkg==2.0 --hash=sha256:{hashlib.sha256(native).hexdigest()}"
        " --hash=sha256:" + "0" * 64 + "\n"
        f"winonly==3.0 ; sys_platform == 'win32' --hash=sha256:{'1' * 64}\n"
    )
    archive = tmp_path / "kit.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(*_fake_wheel("common", "purepkg-1.0-py3-none-any.whl", pure))
        zf.writestr(*_fake_wheel("linux-x86_64", "nativepkg-2.0-cp311-linux.whl", native))
        # the right file in the wrong platform's folder does not count for the others
    missing = kit.missing_wheels(archive, lock)
    assert missing == {
        "linux-x86_64": [],
        "windows-x86_64": ["nativepkg==2.0", "winonly==3.0"],
        "macos-arm64": ["nativepkg==2.0"],
        "macos-x86_64": ["nativepkg==2.0"],
    }


@pytest.mark.parametrize(
    ("system", "machine", "expected"),
    [
        ("win32", "AMD64", "windows-x86_64"),
        ("darwin", "arm64", "macos-arm64"),
        ("darwin", "x86_64", "macos-x86_64"),
        ("linux", "x86_64", "linux-x86_64"),
    ],
)
def test_the_kit_names_each_laptop_by_its_wheel_folder(system, machine, expected):
    assert participant.platform_name(system, machine) == expected
    assert expected in tasks.PLATFORMS


def test_a_laptop_without_wheels_in_the_kit_is_sent_to_the_room_server():
    with pytest.raises(SystemExit, match="room server"):
        participant.platform_name("linux", "aarch64")


def test_the_launchers_call_the_participant_script():
    for source in kit.LAUNCHERS:
        text = (REPOSITORY / "workshop" / "launchers" / source).read_text()
        assert "participant.py" in text, source
    assert os.access(REPOSITORY / "workshop" / "launchers" / "install.sh", os.X_OK)
    assert b"\r\n" in (REPOSITORY / "workshop" / "launchers" / "install.bat").read_bytes()


def test_a_password_verifies_and_a_wrong_one_does_not():
    password = generate()
    groups = password.split("-")
    assert len(groups) == 3 and all(len(g) == 4 and set(g) <= set(LETTERS) for g in groups)
    stored = hash_password(password)
    assert password not in stored and stored.startswith("scrypt$")
    assert verify_password(password, stored)
    assert not verify_password(password[:-1] + ("a" if password[-1] != "a" else "b"), stored)
    assert hash_password(password) != stored  # a new salt every time
    with pytest.raises(ValueError, match="unknown scheme 'md5'"):
        verify_password(password, "md5$00$00")


def test_names_come_from_the_name_column_or_the_first_one(tmp_path):
    with_header = tmp_path / "a.csv"
    with_header.write_text("\ufeffNo,Name,Ministry\n1,Sok Dara,MoSVY\n2,,MEF\n3,ចាន់ សុភា,NIS\n")
    assert room.read_names(with_header) == ["Sok Dara", "ចាន់ សុភា"]
    plain = tmp_path / "b.csv"
    plain.write_text("Sok Dara\n\nChan Sophea\n")
    assert room.read_names(plain) == ["Sok Dara", "Chan Sophea"]
    empty = tmp_path / "c.csv"
    empty.write_text("name\n\n")
    with pytest.raises(SystemExit, match="holds no names"):
        room.read_names(empty)
    with pytest.raises(SystemExit, match="is not a file"):
        room.read_names(tmp_path / "missing.csv")


def test_sizes_and_the_default_memory_per_participant():
    assert room.parse_size("2G") == 2 * 1024**3
    assert room.parse_size("1536M") == 1536 * 1024**2
    assert room.parse_size("1000") == 1000
    with pytest.raises(SystemExit, match="--memory 'lots'"):
        room.parse_size("lots")
    assert room.default_memory(1) <= 4 * room.GIB
    assert room.default_memory(10_000) == room.GIB


def test_room_options_refuse_a_prefix_that_is_not_letters():
    with pytest.raises(SystemExit):
        room.parse(["names.csv", "--prefix", "p-1"])
    assert room.parse(["names.csv"]).prefix == "p"


def test_limits_on_a_cgroup_v2_tree(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpu memory pids\n")
    procs = limits.prepare("p01", 2 * 1024**3, 1.5, root=tmp_path)
    group = tmp_path / limits.GROUP / "p01"
    assert procs == [group / "cgroup.procs"]
    assert (group / "memory.max").read_text() == str(2 * 1024**3)
    assert (group / "cpu.max").read_text() == "150000 100000"
    assert (tmp_path / limits.GROUP / "cgroup.subtree_control").read_text() == "+memory +cpu"


def test_limits_on_a_cgroup_v1_tree_sit_under_the_hubs_own_groups(tmp_path, monkeypatch):
    own = tmp_path / "own-cgroup"
    own.write_text("4:memory:/sandbox/abc\n2:cpuacct,cpu:/\n0::/\n")
    monkeypatch.setattr(limits, "OWN_GROUPS", own)
    (tmp_path / "memory").mkdir()
    (tmp_path / "cpu").mkdir()
    procs = limits.prepare("p02", 1024**3, 1.0, root=tmp_path)
    memory_group, cpu_group = (path.parent for path in procs)
    assert memory_group == tmp_path / "memory" / "sandbox" / "abc" / limits.GROUP / "p02"
    assert cpu_group == tmp_path / "cpu" / limits.GROUP / "p02"
    assert (memory_group / "memory.limit_in_bytes").read_text() == str(1024**3)
    assert (cpu_group / "cpu.cfs_quota_us").read_text() == "100000"
    assert (cpu_group / "cpu.cfs_period_us").read_text() == "100000"


def test_limits_say_why_they_cannot_be_enforced(tmp_path):
    with pytest.raises(limits.LimitsUnavailable, match="no cgroup v2 or v1"):
        limits.prepare("p01", 1024**3, 1.0, root=tmp_path)
    with pytest.raises(ValueError, match="must be positive"):
        limits.prepare("p01", 0, 1.0, root=tmp_path)


def test_kit_and_room_take_their_own_arguments_through_tasks_py(monkeypatch):
    args, rest = tasks.parse(["kit", "--platforms", "linux-x86_64", "--no-venv"])
    assert (args.command, args.no_venv, rest) == ("kit", True, ["--platforms", "linux-x86_64"])
    args, rest = tasks.parse(["room", "names.csv", "--port", "9000"])
    assert (args.command, rest) == ("room", ["names.csv", "--port", "9000"])
    built = []
    monkeypatch.setattr(kit, "build", lambda use_venv, platforms: built.append(platforms))
    tasks.main(["kit", "--platforms", "linux-x86_64,macos-arm64"])
    tasks.main(["kit"])
    assert built == [["linux-x86_64", "macos-arm64"], None]
