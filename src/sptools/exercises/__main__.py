"""Command line: ``python -m sptools.exercises [build|check] [--force]``.

``build`` writes ``exercises/<name>.ipynb`` from every ``solutions/<name>.ipynb`` of the repository.
An exercise notebook that differs from the one it would write (a participant's filled-in answers)
is kept unless ``--force`` is given; then it is first copied to ``<name>.ipynb.bak``.
``check`` lists the exercise notebooks that are missing or out of date (exit code 1 if any).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sptools.exercises.notebooks import exercise_notebook
from sptools.safe_write import Status, Written, write_bytes

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


def build(root: Path = REPOSITORY, *, force: bool = False) -> list[Written]:
    """Write every exercise notebook of ``root``; keep those that differ unless ``force``.

    Examples
    --------
    >>> [str(record) for record in build()]  # doctest: +SKIP
    ['unchanged 00-getting-started.ipynb', ...]
    """
    return [
        write_bytes(path, text.encode("utf-8"), force=force)
        for path, text in expected_exercises(root).items()
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m sptools.exercises", description=__doc__.splitlines()[0]
    )
    parser.add_argument("command", choices=["build", "check"], nargs="?", default="build")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace exercise notebooks that differ (e.g. with answers); a .bak copy is kept",
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        stale = stale_exercises(REPOSITORY)
        for path in stale:
            print(f"out of date: {path.relative_to(REPOSITORY)}")
        print(
            "run `python3 tasks.py exercises --force` (keeps a .bak copy of each replaced notebook)"
            if stale
            else "exercises are up to date"
        )
        return 1 if stale else 0
    written = build(REPOSITORY, force=args.force)
    for record in written:
        print(record)
    kept = sum(record.status is Status.KEPT for record in written)
    if kept:
        print(
            f"{kept} notebook(s) kept: they differ from solutions/ (answers filled in, or "
            "out of date); rerun with --force to replace them (a .bak copy of each is kept)"
        )
    return 1 if kept else 0


if __name__ == "__main__":
    sys.exit(main())
