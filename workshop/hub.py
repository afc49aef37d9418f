"""The room server's JupyterHub classes (loaded by workshop/jupyterhub_config.py, in the hub).

- :class:`RoomAuthenticator`: logs in the accounts that ``tasks.py room`` created, against the
  scrypt hashes of their generated passwords (``accounts.json``, readable by root only). The
  participants' system accounts have no password of their own (``useradd`` leaves them locked),
  so the hub is the only way in: no login on the machine's console or over SSH.
- :class:`RoomSpawner`: JupyterHub's LocalProcessSpawner, which starts each participant's
  JupyterLab as that participant's own Linux user (so the file permissions keep the participants
  apart), in a control group with the room's memory and CPU limits (workshop/limits.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Float, Integer, Unicode

from workshop import limits
from workshop.passwords import verify_password


class RoomAuthenticator(Authenticator):
    """Username and password, checked against ``accounts_file`` ({username: scrypt hash})."""

    accounts_file = Unicode(config=True, help="JSON file: username -> scrypt password hash")

    async def authenticate(self, handler, data):
        username = self.normalize_username(data.get("username", ""))
        stored = json.loads(Path(self.accounts_file).read_text()).get(username)
        if stored and verify_password(data.get("password", ""), stored):
            return username
        self.log.warning("room: failed login for %r", username)
        return None


class RoomSpawner(LocalProcessSpawner):
    """LocalProcessSpawner whose servers run inside a per-user control group with limits."""

    memory_bytes = Integer(config=True, help="memory limit of each user's server and kernels")
    cpus = Float(config=True, help="CPU limit of each user's server and kernels (1.0: one core)")

    def make_preexec_fn(self, name):
        drop_root = super().make_preexec_fn(name)
        procs = self._procs

        def join_then_drop_root():
            limits.join(procs)
            drop_root()

        return join_then_drop_root

    async def start(self):
        try:
            self._procs = limits.prepare(self.user.name, self.memory_bytes, self.cpus)
        except limits.LimitsUnavailable as reason:
            self.log.warning("room: no memory or CPU limits for %s: %s", self.user.name, reason)
            self._procs = []
        return await super().start()

    async def stop(self, now=False):
        await super().stop(now=now)
        limits.release(getattr(self, "_procs", []))
