"""Where quiz and evaluation answers are saved: one CSV per participant and form, on the laptop.

The folder is ``answers/`` next to the notebook (``assessment/answers/`` in the course folder),
or the folder named by the environment variable ``SPTOOLS_ASSESSMENT_DIR`` (the tests use a
temporary folder). Files are only ever appended to, so nothing a participant answered is lost;
the trainer copies the folder at the end of the workshop (``python3 tasks.py quiz-results``).
Participants are identified by the code the trainer gives them, never by name.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = [
    "FOLDER_VARIABLE",
    "PARTICIPANT_VARIABLE",
    "QUIZ_COLUMNS",
    "answers_folder",
    "append_rows",
    "participant_code",
    "timestamp",
]

FOLDER_VARIABLE = "SPTOOLS_ASSESSMENT_DIR"
PARTICIPANT_VARIABLE = "SPTOOLS_PARTICIPANT"
#: Columns of a quiz answer file.
QUIZ_COLUMNS = ("participant", "module", "stage", "question", "answer", "correct", "timestamp")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$")


def answers_folder() -> Path:
    """The folder answers are saved in (created when missing).

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["SPTOOLS_ASSESSMENT_DIR"] = tempfile.mkdtemp()
    >>> answers_folder().is_dir()
    True
    """
    folder = Path(os.environ.get(FOLDER_VARIABLE) or "answers")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def participant_code(code: Any) -> str | None:
    """The participant code to save answers under, or ``None`` when none is given yet.

    ``...`` (the blank of the notebooks) falls back on the environment variable
    ``SPTOOLS_PARTICIPANT``. A code is letters, digits, ``-`` or ``_``, at most 16 characters
    (e.g. ``P07``): a name with spaces is refused, so that no name reaches the trainer's table.

    Examples
    --------
    >>> participant_code("P07")
    'P07'
    >>> participant_code("Sok Dara")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: participant 'Sok Dara' is not a participant code: use the code your trainer ...
    """
    if code is ... or code is None or code == "":
        code = os.environ.get(PARTICIPANT_VARIABLE) or None
        if code is None:
            return None
    if not isinstance(code, str) or not CODE.match(code.strip()):
        raise ValueError(
            f"participant {code!r} is not a participant code: use the code your trainer gave you "
            "(letters and digits, e.g. P07), not your name."
        )
    return code.strip().upper()


def timestamp() -> str:
    """The local time, to the second, in ISO format (``2025-06-09T09:14:03``)."""
    return datetime.now().isoformat(timespec="seconds")


def append_rows(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Path:
    """Append ``rows`` to the CSV at ``path`` (UTF-8, header written when the file is new)."""
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        if new:
            writer.writeheader()
        for row in rows:
            writer.writerow({column: row[column] for column in columns})
    return path
