"""Memory and CPU limits per participant of the room server, enforced by Linux control groups.

:func:`prepare` makes a control group for one user with the limits written in, and returns the
files that a process writes its id to, to join it (the room's spawner does so in the child process,
before it drops root). cgroup v2 (current Debian, Ubuntu, Fedora): a group ``sptools-room/<user>``
at the root of the hierarchy, with ``memory.max`` and ``cpu.max``. cgroup v1 (older systems and
some containers): the same groups under the hub's own group of the ``memory`` and ``cpu``
controllers, with ``memory.limit_in_bytes`` and ``cpu.cfs_quota_us``. Where neither can be
written, :func:`prepare` raises :class:`LimitsUnavailable` with the reason; the room then runs
without limits and says so.

A user over the memory limit has a kernel killed ("Kernel restarting"), not the machine slowed
for everyone; over the CPU limit, only that user's cells run slower.
"""

from __future__ import annotations

import os
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")
#: where a process reads its own control groups
OWN_GROUPS = Path("/proc/self/cgroup")
GROUP = "sptools-room"
PERIOD_US = 100_000


class LimitsUnavailable(RuntimeError):
    """The limits cannot be enforced on this machine (the message says why)."""


def _own_v1_group(controller: str) -> str:
    """The hub's own cgroup v1 path for ``controller`` (from /proc/self/cgroup)."""
    for line in OWN_GROUPS.read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return path.lstrip("/")
    raise LimitsUnavailable(f"no cgroup v1 {controller} controller in /proc/self/cgroup")


def prepare(user: str, memory_bytes: int, cpus: float, root: Path = CGROUP) -> list[Path]:
    """Create the control group of ``user`` with its limits; return the files to join it.

    Example: ``prepare("p01", 2 * 1024**3, 1.0)`` returns
    ``[Path("/sys/fs/cgroup/sptools-room/p01/cgroup.procs")]`` on a cgroup v2 machine.
    """
    if memory_bytes <= 0 or cpus <= 0:
        raise ValueError(f"limits must be positive: memory {memory_bytes} bytes, {cpus} CPUs")
    quota = str(int(cpus * PERIOD_US))
    try:
        if (root / "cgroup.controllers").exists():  # cgroup v2, unified
            parent = root / GROUP
            parent.mkdir(exist_ok=True)
            (parent / "cgroup.subtree_control").write_text("+memory +cpu")
            group = parent / user
            group.mkdir(exist_ok=True)
            (group / "memory.max").write_text(str(memory_bytes))
            (group / "cpu.max").write_text(f"{quota} {PERIOD_US}")
            return [group / "cgroup.procs"]
        if (root / "memory").is_dir() and (root / "cpu").is_dir():  # cgroup v1
            memory = root / "memory" / _own_v1_group("memory") / GROUP / user
            cpu = root / "cpu" / _own_v1_group("cpu") / GROUP / user
            memory.mkdir(parents=True, exist_ok=True)
            cpu.mkdir(parents=True, exist_ok=True)
            (memory / "memory.limit_in_bytes").write_text(str(memory_bytes))
            (cpu / "cpu.cfs_period_us").write_text(str(PERIOD_US))
            (cpu / "cpu.cfs_quota_us").write_text(quota)
            return [memory / "cgroup.procs", cpu / "cgroup.procs"]
    except OSError as error:
        raise LimitsUnavailable(f"cannot write the control groups under {root}: {error}") from error
    raise LimitsUnavailable(f"no cgroup v2 or v1 memory and cpu controllers under {root}")


def join(procs: list[Path]) -> None:
    """Move the calling process into the groups of :func:`prepare` (as root, before dropping)."""
    for path in procs:
        path.write_text(str(os.getpid()))


def release(procs: list[Path]) -> None:
    """Remove the (empty) groups of :func:`prepare`; a group still in use is left as it is."""
    for path in procs:
        try:
            path.parent.rmdir()
        except OSError:
            pass
