"""The lesson notebooks of ``modules/``: where they are, their title and their time.

Every lesson states its time in a "Time" section (``**Time to learn**: about 45 minutes.`` or a
``## Time`` heading followed by ``40 minutes: ...``) and carries the same number in its notebook
metadata, ``"sptools": {"minutes": 45}``, which the agenda reads.

Example
-------
>>> stated_minutes("## Time\\n\\n40 minutes: 5 to form groups, 25 of work.")
40
"""

from __future__ import annotations

import json
import re
from pathlib import Path

#: A "Time" section: a heading "Time", or a bold label "Time" / "Time to learn", up to the next
#: heading.
_TIME_SECTION = re.compile(
    r"(?:^#{1,6}[ \t]+Time\b[^\n]*|\*\*Time(?: to learn)?\*\*:?)(?P<body>.*?)(?=^#{1,6}[ \t]|\Z)",
    re.MULTILINE | re.DOTALL,
)
_MINUTES = re.compile(r"(\d+)\s*(?:minutes|min)\b")


def lesson_paths(root: Path, modules: str = "modules") -> list[Path]:
    """Every lesson notebook under ``root/modules``, in agenda order (module folder, file name)."""
    return sorted((root / modules).glob("*/*.ipynb"))


def read_notebook(path: Path) -> dict:
    """The notebook at ``path`` as a JSON dictionary."""
    return json.loads(Path(path).read_text("utf-8"))


def stated_minutes(markdown: str) -> int | None:
    """The first "N minutes" of the "Time" section of ``markdown``; None when there is none."""
    for section in _TIME_SECTION.finditer(markdown):
        found = _MINUTES.search(section.group("body"))
        if found:
            return int(found.group(1))
    return None


def notebook_stated_minutes(notebook: dict) -> int | None:
    """The time stated in the "Time" section of a notebook's markdown cells (None: no section)."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            minutes = stated_minutes("".join(cell["source"]))
            if minutes is not None:
                return minutes
    return None


def metadata_minutes(notebook: dict) -> int | None:
    """The lesson's minutes in its notebook metadata (``"sptools": {"minutes": N}``), or None."""
    return notebook.get("metadata", {}).get("sptools", {}).get("minutes")


def notebook_title(notebook: dict) -> str:
    """The text of the notebook's first level-1 heading (the lesson's title)."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("the notebook has no '# Title' heading in a markdown cell; add one")
