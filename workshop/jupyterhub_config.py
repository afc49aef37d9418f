"""JupyterHub configuration of the room server, started by ``tasks.py room`` (workshop/room.py).

Everything that varies (addresses, folders, limits, accounts) comes from the JSON file named by
the environment variable ``SPTOOLS_ROOM_SETTINGS``, which workshop/room.py writes.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

settings = json.loads(Path(os.environ["SPTOOLS_ROOM_SETTINGS"]).read_text())
hub = Path(settings["hub"])
c = get_config()  # noqa: F821 (JupyterHub defines it when it runs this file)

c.JupyterHub.ip = settings["ip"]
c.JupyterHub.port = settings["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_port"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [settings["proxy"]]
c.JupyterHub.db_url = f"sqlite:///{hub / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(hub / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(hub / "jupyterhub.pid")
c.JupyterHub.authenticator_class = "workshop.hub.RoomAuthenticator"
c.RoomAuthenticator.accounts_file = str(hub / "accounts.json")
c.Authenticator.allowed_users = set(settings["users"])
c.Authenticator.admin_users = set()

c.JupyterHub.spawner_class = "workshop.hub.RoomSpawner"
c.Spawner.cmd = [settings["singleuser"]]
# the offline JupyterLab of tasks.py lab: no news, no update check, no extension manager
c.Spawner.args = settings["lab_options"]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/exercises"
c.Spawner.environment = {"SPTOOLS_DATA": settings["data"]}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.RoomSpawner.memory_bytes = settings["memory_bytes"]
c.RoomSpawner.cpus = settings["cpus"]
# JupyterHub's own statement of the limits (LocalProcessSpawner does not enforce these two;
# RoomSpawner does, with control groups): servers see them as MEM_LIMIT and CPU_LIMIT.
c.Spawner.mem_limit = settings["memory_bytes"]
c.Spawner.cpu_limit = settings["cpus"]
# logging out stops the participant's JupyterLab and kernels (the files stay)
c.JupyterHub.shutdown_on_logout = True
