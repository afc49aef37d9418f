"""The room server (``python3 tasks.py room``) for real: JupyterHub on localhost, two participants
log in with their generated passwords, each runs an exercise notebook in their own JupyterLab
through the hub (Jupyter server REST API and kernel websocket), neither can read the other's
files nor write the shared data, and each kernel runs as its own user inside its limits.

Needs root on Linux (it creates two system accounts, removed at the end), Node.js and a Python
3.11 that those accounts can run; skips with the reason elsewhere. The first run installs the
room's environment (a few minutes); its time is appended to ``_build/workshop-figures.txt``.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests
import websocket
from conftest import REPOSITORY

from workshop import limits, room

pytestmark = pytest.mark.slow

PREFIX = "sptestroom"
EXERCISE = "exercises/00-getting-started.ipynb"
FIGURES = REPOSITORY / "_build" / "workshop-figures.txt"
PROBE = """
import getpass, json, os, pathlib
other = pathlib.Path({other_home!r})
result = {{"user": getpass.getuser(), "cgroup": pathlib.Path("/proc/self/cgroup").read_text()}}
data = pathlib.Path({data!r})
result["ids"] = [os.getuid(), os.geteuid(), os.getgid(), os.getgroups()]
result["data_stat"] = [oct(data.stat().st_mode), data.stat().st_uid, data.stat().st_gid]
for name, action in [
    ("list_other", lambda: os.listdir(other)),
    ("read_other", lambda: (other / {exercise!r}).read_text()),
    ("write_data", lambda: (pathlib.Path({data!r}) / "mine.txt").write_text("x")),
]:
    try:
        action()
        result[name] = "allowed"
    except PermissionError:
        result[name] = "denied"
result["read_data"] = len((pathlib.Path({data!r}) / "codebook.csv").read_text()) > 0
memory = [line.split(":", 2)[2] for line in result["cgroup"].splitlines() if ":memory:" in line]
peaks = [pathlib.Path("/sys/fs/cgroup/memory" + path, "memory.max_usage_in_bytes")
         for path in memory] + [pathlib.Path("/sys/fs/cgroup" + result["cgroup"].split("0::")[-1]
         .strip(), "memory.peak")]
result["peak_bytes"] = next((int(p.read_text()) for p in peaks if p.exists()), None)
print(json.dumps(result))
"""


def _skip_reason() -> str | None:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "the room server creates Linux accounts: run as root on Linux (CI does)"
    if shutil.which("node") is None or shutil.which("useradd") is None:
        return "needs Node.js (the proxy) and useradd"
    try:
        room.room_python(None)
    except SystemExit as missing:
        return str(missing)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Participant:
    """One participant's browser: logs in with the form, then uses a token of their own."""

    def __init__(self, base: str, user: str, password: str):
        self.base, self.user = base, user
        self.session = requests.Session()
        self.session.get(f"{base}/hub/login", timeout=30)
        response = self.session.post(
            f"{base}/hub/login",
            data={"username": user, "password": password, "_xsrf": self.session.cookies["_xsrf"]},
            allow_redirects=False,
            timeout=60,
        )
        self.logged_in = response.status_code == 302 and "/hub/login" not in response.headers.get(
            "location", ""
        )

    def token(self) -> str:
        response = self.session.post(
            f"{self.base}/hub/api/users/{self.user}/tokens",
            headers={"X-XSRFToken": self.session.cookies["_xsrf"]},
            json={"note": "room test"},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()["token"]


def _start_server(base: str, user: str, token: str) -> None:
    headers = {"Authorization": f"token {token}"}
    requests.post(f"{base}/hub/api/users/{user}/server", headers=headers, timeout=60)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        model = requests.get(f"{base}/hub/api/users/{user}", headers=headers, timeout=30).json()
        if model.get("servers", {}).get("", {}).get("ready"):
            return
        time.sleep(1)
    raise AssertionError(f"{user}'s server did not start in 180 s: {model}")


def _execute(channel: websocket.WebSocket, code: str) -> tuple[str, list[dict]]:
    """Run ``code`` in the kernel; return the reply status and the iopub outputs."""
    msg_id = uuid.uuid4().hex
    channel.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "test",
                    "session": "room-test",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {"code": code, "silent": False, "allow_stdin": False},
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    outputs, status, idle = [], None, False
    while status is None or not idle:
        message = json.loads(channel.recv())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["header"]["msg_type"]
        if kind == "execute_reply":
            status = message["content"]["status"]
        elif kind == "status":
            idle = message["content"]["execution_state"] == "idle"
        elif kind in ("stream", "error", "execute_result", "display_data"):
            outputs.append(message)
    return status, outputs


def _run_notebook(base: str, user: str, token: str) -> websocket.WebSocket:
    """Open the exercise notebook in a session, run every code cell, return the kernel channel."""
    headers = {"Authorization": f"token {token}"}
    api = f"{base}/user/{user}/api"
    notebook = requests.get(f"{api}/contents/{EXERCISE}", headers=headers, timeout=30)
    notebook.raise_for_status()
    session = requests.post(
        f"{api}/sessions",
        headers=headers,
        json={"path": EXERCISE, "type": "notebook", "name": "", "kernel": {"name": "sptools"}},
        timeout=60,
    ).json()
    url = f"{api}/kernels/{session['kernel']['id']}/channels".replace("http", "ws", 1)
    channel = websocket.create_connection(
        url, header=[f"Authorization: token {token}"], timeout=120
    )
    for cell in notebook.json()["content"]["cells"]:
        if cell["cell_type"] != "code" or "raises-exception" in cell["metadata"].get("tags", []):
            continue
        status, outputs = _execute(channel, cell["source"])
        errors = [o["content"] for o in outputs if o["header"]["msg_type"] == "error"]
        assert status == "ok" and not errors, f"{user}: {cell['source'][:200]!r} -> {errors}"
    return channel


def test_two_participants_work_apart_on_the_room_server():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    home = Path(tempfile.mkdtemp(prefix="sptools-room-", dir="/tmp"))
    home.chmod(0o755)
    names = home / "names.csv"
    names.write_text("name\nSok Dara\nChan Sophea\n", encoding="utf-8")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (home / "room.log").open("w")
    started = time.perf_counter()
    hub = subprocess.Popen(
        [sys.executable, "tasks.py", "room", str(names), "--home", str(home / "room")]
        + ["--ip", "127.0.0.1", "--port", str(port), "--prefix", PREFIX, "--memory", "1536M"],
        cwd=REPOSITORY,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 900  # the first run installs the room's environment
        while time.monotonic() < deadline and hub.poll() is None:
            try:
                if requests.get(f"{base}/hub/api/", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(2)
        assert hub.poll() is None, (home / "room.log").read_text()[-4000:]
        ready = time.perf_counter() - started
        table = home / "room" / "hub" / "passwords.csv"
        assert table.stat().st_mode & 0o077 == 0, "the passwords file is readable by others"
        rows = list(csv.reader(table.open(encoding="utf-8")))
        assert [(user, name) for user, name, _ in rows] == [
            (f"{PREFIX}01", "Sok Dara"),
            (f"{PREFIX}02", "Chan Sophea"),
        ]
        (first, _, first_password), (second, _, second_password) = rows
        assert first_password in (home / "room.log").read_text(), "passwords printed for trainer"

        assert not Participant(base, first, second_password).logged_in, "a wrong password passed"
        people = [
            Participant(base, first, first_password),
            Participant(base, second, second_password),
        ]
        assert all(person.logged_in for person in people)
        tokens = [person.token() for person in people]
        for person, token in zip(people, tokens, strict=True):
            _start_server(base, person.user, token)
        homes = [home / "room" / "users" / person.user for person in people]
        peaks = []
        for index, (person, token) in enumerate(zip(people, tokens, strict=True)):
            channel = _run_notebook(base, person.user, token)
            code = PROBE.format(
                other_home=str(homes[1 - index]),
                exercise=EXERCISE,
                data=str(home / "room" / "data"),
            )
            status, outputs = _execute(channel, code)
            channel.close()
            probe = json.loads(next(o for o in outputs if o["header"]["msg_type"] == "stream")[
                "content"]["text"])  # fmt: skip
            assert status == "ok" and probe["user"] == person.user
            peaks.append(probe["peak_bytes"])
            assert (probe["list_other"], probe["read_other"]) == ("denied", "denied")
            assert probe["write_data"] == "denied" and probe["read_data"], probe
            try:
                limits.prepare("probe", 1024**3, 1.0)
                enforceable = True
            except limits.LimitsUnavailable:
                enforceable = False
            if enforceable:
                assert f"{limits.GROUP}/{person.user}" in probe["cgroup"], probe["cgroup"]
            # through the hub, one participant's token does not open the other's server
            other = people[1 - index].user
            response = requests.get(
                f"{base}/user/{other}/api/contents/exercises",
                headers={"Authorization": f"token {token}"},
                allow_redirects=False,
                timeout=30,
            )
            assert response.status_code in (302, 403, 404), response.status_code
        FIGURES.parent.mkdir(exist_ok=True)
        with FIGURES.open("a") as figures:
            figures.write(
                f"room test: hub ready in {ready:.0f} s (install included), whole test "
                f"{time.perf_counter() - started:.0f} s; limits enforced: {enforceable}; peak "
                f"memory of a participant after the exercise: {peaks} bytes\n"
            )
    finally:
        hub.send_signal(signal.SIGTERM)
        try:
            hub.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hub.kill()
        log.close()
        subprocess.run(
            [sys.executable, "tasks.py", "room", "--remove", "--prefix", PREFIX],
            cwd=REPOSITORY,
            capture_output=True,
        )
        shutil.rmtree(home, ignore_errors=True)
