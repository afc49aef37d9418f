"""Write generated files without ever losing a file the user owns.

Generated files (datasets, exercise notebooks, DHS exports) may sit next to work a participant has
done by hand. The rule: a file whose content differs from what would be written is never replaced,
unless the caller forces it; and then the old file is first copied to ``<name>.bak`` (or
``<name>.2.bak``, ...; an earlier backup is never replaced either).

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_bytes(folder / "a.txt", b"generated").status.value
'wrote'
>>> _ = (folder / "a.txt").write_bytes(b"my edits")
>>> print(write_bytes(folder / "a.txt", b"generated").status.value)
kept
>>> replaced = write_bytes(folder / "a.txt", b"generated", force=True)
>>> replaced.status.value, replaced.backup.name, replaced.backup.read_bytes()
('replaced', 'a.txt.bak', b'my edits')
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

FORCE_ADVICE = "pass --force (force=True in Python) to replace it; a .bak copy is kept first"


class Status(Enum):
    """What :func:`write_bytes` did with one file."""

    WROTE = "wrote"
    UNCHANGED = "unchanged"
    KEPT = "kept"
    REPLACED = "replaced"


@dataclass(frozen=True)
class Written:
    """The outcome of writing one file: its path, what happened, and the backup made (if any)."""

    path: Path
    status: Status
    backup: Path | None = None

    def __str__(self) -> str:
        if self.status is Status.KEPT:
            return (
                f"kept {self.path}: it differs from the file that would be written "
                f"(your changes?); {FORCE_ADVICE}"
            )
        if self.status is Status.REPLACED:
            return f"replaced {self.path} (the previous version is kept as {self.backup})"
        return f"{self.status.value} {self.path}"


def differs(path: Path, data: bytes) -> bool:
    """Whether ``path`` exists with content other than ``data``.

    Examples
    --------
    >>> differs(Path("no-such-file.txt"), b"")
    False
    """
    path = Path(path)
    return path.exists() and (path.stat().st_size != len(data) or path.read_bytes() != data)


def write_bytes(path: Path, data: bytes, *, force: bool = False) -> Written:
    """Write ``data`` to ``path`` unless that would replace different content (see the module).

    Parameters
    ----------
    path
        The file to write; its folder is created when missing.
    data
        The content.
    force
        Replace a file with different content, after copying it to a ``.bak`` file.

    Returns
    -------
    Written
        The path and whether it was written, left unchanged (same content), kept (different
        content, not forced) or replaced (with the backup's path).

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "sub" / "b.txt"
    >>> [write_bytes(target, b"x").status.value, write_bytes(target, b"x").status.value]
    ['wrote', 'unchanged']
    """
    path = Path(path)
    if not path.exists():
        _atomic_write(path, data)
        return Written(path, Status.WROTE)
    if not differs(path, data):
        return Written(path, Status.UNCHANGED)
    if not force:
        return Written(path, Status.KEPT)
    backup = backup_path(path)
    shutil.copy2(path, backup)
    _atomic_write(path, data)
    return Written(path, Status.REPLACED, backup)


def backup_path(path: Path) -> Path:
    """The first free backup name: ``<name>.bak``, then ``<name>.2.bak``, ``<name>.3.bak``, ...

    Examples
    --------
    >>> backup_path(Path("no-such-folder/notes.ipynb")).name
    'notes.ipynb.bak'
    """
    candidate, number = path.with_name(f"{path.name}.bak"), 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.{number}.bak")
    return candidate


def _atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
