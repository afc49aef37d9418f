"""Command line: ``python -m sptools.exercises [build|check]``.

``build`` writes ``exercises/<name>.ipynb`` from every ``solutions/<name>.ipynb`` of the repository;
``check`` lists the exercise notebooks that are missing or out of date (exit code 1 if any).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sptools.exercises.notebooks import exercise_notebook

REPOSITORY = Path(__file__).resolve().parents[3]


def render(notebook: dict) -> str:
    """Serialise a notebook exactly as nbformat does (so diffs stay small)."""
    return (
        json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False, separators=(",", ": "))
        + "\n"
    )


def expected_exercises(root: Path = REPOSITORY) -> dict[Path, str]:
    """Map each exercise notebook path to the text it should have."""
    return {
        root / "exercises" / solution.name: render(
            exercise_notebook(json.loads(solution.read_text("utf-8")))
        )
        for solution in sorted((root / "solutions").glob("*.ipynb"))
    }


def stale_exercises(root: Path = REPOSITORY) -> list[Path]:
    """Exercise notebooks that are missing, out of date, or have no solution notebook."""
    expected = expected_exercises(root)
    orphans = [path for path in (root / "exercises").glob("*.ipynb") if path not in expected]
    outdated = [
        path
        for path, text in expected.items()
        if not path.exists() or path.read_text("utf-8") != text
    ]
    return sorted(outdated + orphans)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sptools.exercises", description=__doc__.splitlines()[0]
    )
    parser.add_argument("command", choices=["build", "check"], nargs="?", default="build")
    args = parser.parse_args(argv)
    if args.command == "check":
        stale = stale_exercises()
        for path in stale:
            print(f"out of date: {path.relative_to(REPOSITORY)}")
        print("run `python3 tasks.py exercises`" if stale else "exercises are up to date")
        return 1 if stale else 0
    for path, text in expected_exercises().items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(REPOSITORY)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
