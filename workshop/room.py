"""One machine serves the room: JupyterHub on the trainer's Linux machine, an account per
participant, for laptops that cannot install the course.

    sudo python3 tasks.py room names.csv      prepare everything, print the accounts, serve
    sudo python3 tasks.py room --remove       after the workshop: delete the accounts

What it does, as root (it creates Linux accounts):

1. reads the participants' names from the CSV (a column ``name``, or else the first column);
2. creates one Linux account per name, ``p01``, ``p02``, ... (``--prefix``), members of the group
   ``sptools-room``, each with a private home ``<home>/users/p01`` (mode 700) holding its own copy
   of ``exercises/``, ``modules/`` and ``assessment/`` and a link ``data`` to the shared, read-only
   ``<home>/data``; the accounts get no system password (the hub is the only way in);
3. generates a password per account, prints the table for the trainer, writes it to
   ``<home>/hub/passwords.csv`` (readable by root only) and only its scrypt hash to
   ``accounts.json`` for the hub; running it again keeps the passwords of unchanged names;
4. installs the course for the room into ``<home>/venv`` (``requirements-room.lock``: JupyterLab,
   the kernel and JupyterHub; from the kit's ``wheels/`` when present, so offline) with a Python
   3.11 that every account can run;
5. starts JupyterHub (``workshop/jupyterhub_config.py``) with its proxy, configurable-http-proxy
   from ``workshop/node_modules`` (``npm ci`` there if missing), and stays in the foreground:
   Ctrl+C stops the hub, the participants' servers and the proxy.

Each participant's JupyterLab runs as that participant's own user (so no one can open another's
files) inside a control group with ``--memory`` and ``--cpus`` (workshop/limits.py).
"""

from __future__ import annotations

import argparse
import csv
import grp
import hashlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tasks  # noqa: E402
from workshop import kit  # noqa: E402
from workshop.passwords import generate, hash_password  # noqa: E402

GROUP = "sptools-room"
#: what each participant gets a private copy of (folders of the course: exercises, lessons and
#: the quizzes, whose answers are written next to them)
PRIVATE_COPIES = ("exercises", "modules", "assessment")
#: the proxy's own script (not the .bin link, which a zip file would turn into a broken copy)
PROXY = (
    ROOT
    / "workshop"
    / "node_modules"
    / "configurable-http-proxy"
    / "bin"
    / "configurable-http-proxy"
)
MAX_PARTICIPANTS = 200
GIB = 1024**3


def parse(arguments: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tasks.py room", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="?", type=Path, help="CSV of the participants' names")
    parser.add_argument("--home", type=Path, default=Path("/srv/sptools-room"))
    parser.add_argument("--ip", default="", help="address to listen on (default: every one)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="p", help="account names: p01, p02, ...")
    parser.add_argument("--memory", help="per participant, e.g. 2G (default: see --help)")
    parser.add_argument("--cpus", type=float, default=1.0, help="CPU cores per participant")
    parser.add_argument("--python", type=Path, help="a Python 3.11 every account can run")
    parser.add_argument("--remove", action="store_true", help="delete the room's accounts")
    options = parser.parse_args(arguments)
    if not options.remove and options.names is None:
        parser.error("give the CSV of names: tasks.py room names.csv")
    if not options.prefix.isalpha() or not options.prefix.islower():
        parser.error(f"--prefix {options.prefix!r}: use lower-case letters only, e.g. p")
    return options


def read_names(path: Path) -> list[str]:
    """The names in ``path``: its ``name`` column, or its first column when none is so called.

    Blank names are left out and counted on screen. Example: a file with the lines ``name``,
    ``Sok Dara``, ``Chan Sophea`` gives ``["Sok Dara", "Chan Sophea"]``.
    """
    if not path.is_file():
        raise SystemExit(f"names: {path} is not a file; give a CSV with one name per line")
    rows = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    column = header.index("name") if "name" in header else 0
    body = rows[1:] if "name" in header else rows
    cells = [row[column].strip() if len(row) > column else "" for row in body]
    names = [cell for cell in cells if cell]
    if len(cells) > len(names):
        print(f"{path}: {len(cells) - len(names)} blank names left out")
    if not names:
        raise SystemExit(f"names: {path} holds no names (a column 'name', or names one per line)")
    if len(names) > MAX_PARTICIPANTS:
        raise SystemExit(f"names: {len(names)} names; the room serves at most {MAX_PARTICIPANTS}")
    return names


def parse_size(text: str) -> int:
    """Bytes of a size such as ``2G``, ``1536M`` or ``1073741824``."""
    units = {"K": 1024, "M": 1024**2, "G": GIB}
    number, unit = (text[:-1], text[-1].upper()) if text[-1:].isalpha() else (text, "")
    if unit not in ("", *units) or not number.replace(".", "", 1).isdigit():
        raise SystemExit(f"--memory {text!r}: give a size such as 2G or 1536M")
    return int(float(number) * units.get(unit, 1))


def default_memory(participants: int) -> int:
    """What each participant may use: the machine's memory less 2 GiB for the system, shared out,
    at least 1 GiB (an exercise kernel peaks near 0.5 GiB) and at most 4 GiB."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return int(min(4 * GIB, max(1 * GIB, (total - 2 * GIB) / participants)))


def run(*command: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], check=True, **kwargs)


def room_python(chosen: Path | None) -> Path:
    """A Python 3.11 that every account can run: ``chosen``, this one if it lies in folders open
    to all, or the system's ``python3.11``."""
    candidates = [chosen] if chosen else [Path(sys.base_prefix) / "bin" / "python3.11"]
    candidates += [] if chosen else [Path("/usr/bin/python3.11"), Path("/usr/local/bin/python3.11")]
    for python in candidates:
        real = python.resolve()
        if real.exists() and all(folder.stat().st_mode & 0o001 for folder in real.parents):
            return real
    raise SystemExit(
        f"No Python 3.11 that the participants' accounts can run (tried {candidates}; a Python "
        "under /root is closed to them). Install one (Debian/Ubuntu: sudo apt install python3.11 "
        "python3.11-venv) or name one with --python."
    )


def install(home: Path, python: Path, use_venv: bool) -> Path:
    """The room's environment ``<home>/venv``: requirements-room.lock and sptools (offline from
    the kit's wheels when present); kept when already installed from the same files."""
    venv = home / "venv"
    wheels = ROOT / "wheels"
    common = wheels / "common"
    built = sorted(common.glob("sptools-*.whl")) if common.is_dir() else []
    if not built:
        builder = tasks.python_path(use_venv)
        if not builder.exists():
            raise SystemExit("Run `python3 tasks.py setup` first (it builds the sptools wheel).")
        common = home / "build"
        shutil.rmtree(common, ignore_errors=True)
        built = [kit.sptools_wheel(builder, common)]
    fingerprint = hashlib.sha256(kit.ROOM_LOCK.read_bytes() + built[-1].read_bytes()).hexdigest()
    stamp = venv / ".sptools-room-installed"
    if stamp.exists() and stamp.read_text() == fingerprint:
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    try:
        run(python, "-m", "venv", venv)
    except subprocess.CalledProcessError:
        raise SystemExit(
            f"{python} cannot create a virtual environment; on Debian/Ubuntu: "
            "sudo apt install python3.11-venv"
        ) from None
    pip = [venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if (wheels / kit.ROOM_PLATFORM).is_dir():
        print(f"installing the room's environment from {wheels} (offline)", flush=True)
        pip += ["--isolated", "--no-index", "--find-links", wheels / "common"]
        pip += ["--find-links", wheels / kit.ROOM_PLATFORM]
    run(*pip, "--require-hashes", "-r", kit.ROOM_LOCK)
    run(*pip, "--no-deps", built[-1])
    tasks.register_kernel(venv / "bin" / "python")
    tasks.configure_lab(venv)
    stamp.write_text(fingerprint)
    return venv


def _chown_tree(path: Path, user: str) -> None:
    """Give ``path`` and what it holds to ``user``; links themselves, never what they point to
    (the ``data`` link must leave the shared data to root)."""
    account = pwd.getpwnam(user)
    for item in [path, *path.rglob("*")]:
        os.chown(item, account.pw_uid, account.pw_gid, follow_symlinks=False)


def shared_data(home: Path) -> Path:
    """``<home>/data``: a fresh copy of datasets/, owned by root, read-only for the accounts."""
    data = home / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(ROOT / "datasets", data, ignore=shutil.ignore_patterns("*.bak"))
    for item in [data, *data.rglob("*")]:
        item.chmod(0o755 if item.is_dir() else 0o644)
    return data


def ensure_account(user: str, name: str, home: Path, data: Path) -> None:
    """Create the Linux account ``user`` (no password: the hub is its only way in) with its
    private home and copies; an account of the same name not in the room's group is refused."""
    folder = home / "users" / user
    try:
        existing = pwd.getpwnam(user)
    except KeyError:
        existing = None
    if existing is not None and user not in grp.getgrnam(GROUP).gr_mem:
        raise SystemExit(
            f"An account {user!r} already exists on this machine and is not one of the room's: "
            "choose other account names with --prefix."
        )
    comment = name.replace(":", " ").replace(",", " ")
    if existing is None:
        run(
            "useradd",
            "--no-create-home",
            "--home-dir",
            folder,
            "--shell",
            "/bin/bash",
            "--user-group",
            "--groups",
            GROUP,
            "--comment",
            comment,
            user,
        )
    folder.mkdir(mode=0o700, exist_ok=True)
    folder.chmod(0o700)
    for copy in PRIVATE_COPIES:
        if (ROOT / copy).is_dir() and not (folder / copy).exists():  # answers never overwritten
            ignore = shutil.ignore_patterns("*.bak", "answers", "conftest.py")
            shutil.copytree(ROOT / copy, folder / copy, ignore=ignore)
    link = folder / "data"
    if not link.is_symlink():
        link.symlink_to(data)
    _chown_tree(folder, user)


def accounts(names: list[str], prefix: str, hub: Path) -> list[tuple[str, str, str]]:
    """(account, name, password) per name, keeping the password of an unchanged name; writes
    passwords.csv (for the trainer) and accounts.json (hashes, for the hub), both root-only."""
    table = hub / "passwords.csv"
    known = {}
    if table.exists():
        known = {(row[0], row[1]): row[2] for row in csv.reader(table.open(encoding="utf-8"))}
    rows = []
    for number, name in enumerate(names, start=1):
        user = f"{prefix}{number:02d}"
        rows.append((user, name, known.get((user, name)) or generate()))
    old_umask = os.umask(0o077)
    try:
        with table.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        hashes = {user: hash_password(password) for user, _, password in rows}
        (hub / "accounts.json").write_text(json.dumps(hashes, indent=1))
    finally:
        os.umask(old_umask)
    return rows


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def addresses(ip: str, port: int) -> list[str]:
    """The addresses participants type: this machine's on every network, or ``ip``."""
    if ip and ip != "0.0.0.0":
        found = [ip]
    else:
        listing = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout
        found = [address for address in listing.split() if ":" not in address]
    return [f"http://{address}:{port}/" for address in found or ["<this machine's address>"]]


def proxy() -> Path:
    """configurable-http-proxy from workshop/node_modules (``npm ci`` from the lock if missing)."""
    if shutil.which("node") is None:
        raise SystemExit("The room's proxy needs Node.js (20 or newer): sudo apt install nodejs")
    if not PROXY.exists():
        run("npm", "ci", "--no-audit", "--no-fund", "--prefix", ROOT / "workshop")
    return PROXY


def remove(options: argparse.Namespace) -> None:
    """Delete the room's accounts whose names start with ``--prefix`` (their homes too), and the
    room's group once it has no member left."""
    if GROUP not in {group.gr_name for group in grp.getgrall()}:
        print(f"no room accounts on this machine (no group {GROUP})")
        return
    members = [user for user in grp.getgrnam(GROUP).gr_mem if user.startswith(options.prefix)]
    for user in members:
        folder = Path(pwd.getpwnam(user).pw_dir)
        run("userdel", user)
        shutil.rmtree(folder, ignore_errors=True)
    if not grp.getgrnam(GROUP).gr_mem:
        run("groupdel", GROUP)
    print(f"removed {len(members)} accounts: {' '.join(members)}")


def main(arguments: list[str]) -> None:
    options = parse(arguments)
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        raise SystemExit(
            "The room server runs on Linux, as root, since it creates an account per participant:"
            " sudo python3 tasks.py room names.csv"
        )
    if options.remove:
        return remove(options)
    names = read_names(options.names)
    memory = parse_size(options.memory) if options.memory else default_memory(len(names))
    if options.cpus <= 0:
        raise SystemExit(f"--cpus {options.cpus}: give a positive number of cores, e.g. 1")
    home = options.home.resolve()
    for folder, mode in ((home, 0o755), (home / "users", 0o711), (home / "hub", 0o700)):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(mode)
    venv = install(home, room_python(options.python), use_venv=True)
    chp = proxy()
    data = shared_data(home)
    if GROUP not in {group.gr_name for group in grp.getgrall()}:
        run("groupadd", "--system", GROUP)
    rows = accounts(names, options.prefix, home / "hub")
    for user, name, _ in rows:
        ensure_account(user, name, home, data)
    settings = {
        "ip": options.ip,
        "port": options.port,
        "hub_port": free_port(),
        "proxy_api_port": free_port(),
        "proxy": str(chp),
        "hub": str(home / "hub"),
        "data": str(data),
        "users": [user for user, _, _ in rows],
        "singleuser": str(venv / "bin" / "jupyterhub-singleuser"),
        "lab_options": list(tasks.LAB_OPTIONS),
        "memory_bytes": memory,
        "cpus": options.cpus,
    }
    settings_file = home / "hub" / "room.json"
    settings_file.write_text(json.dumps(settings, indent=1))
    print("\naccount  password        name")
    for user, name, password in rows:
        print(f"{user:8} {password:15} {name}")
    print(f"\n(kept in {home / 'hub' / 'passwords.csv'}, readable by root only)")
    print(
        f"Each participant: at most {memory / GIB:.1f} GiB of memory and {options.cpus:g} CPU "
        f"core(s); {len(rows)} participants could ask for {len(rows) * memory / GIB:.0f} GiB "
        "together (a kernel over its limit restarts; the others carry on)."
    )
    typed = "   or   ".join(addresses(options.ip, options.port))
    print(f"Participants type, in a browser:  {typed}")
    print("Stop the room with Ctrl+C.\n", flush=True)
    hub = venv / "bin" / "jupyterhub"
    config = ROOT / "workshop" / "jupyterhub_config.py"
    environment = {**os.environ, "SPTOOLS_ROOM_SETTINGS": str(settings_file)}
    os.chdir(home / "hub")
    os.execve(hub, [str(hub), "-f", str(config)], environment)
