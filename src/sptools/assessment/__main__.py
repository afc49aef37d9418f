"""``python -m sptools.assessment build [--check] [FOLDER]`` writes the quiz and evaluation
notebooks (default ``assessment/``); ``python -m sptools.assessment results FOLDER`` merges the
room's answer files (``python3 tasks.py quiz-results FOLDER``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sptools.assessment.notebooks import write_notebooks
from sptools.assessment.results import write_results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sptools.assessment", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="write the notebooks of assessment/")
    build.add_argument("folder", nargs="?", default="assessment", type=Path)
    build.add_argument("--check", action="store_true", help="only list stale notebooks")
    results = commands.add_parser("results", help="merge the answer files of a folder")
    results.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.command == "build":
        stale = write_notebooks(args.folder, check=args.check)
        verb = "differ from their banks" if args.check else "written"
        print(f"{len(stale)} notebooks {verb}: {', '.join(stale) or 'none'}")
        return 1 if args.check and stale else 0
    try:
        write_results(args.folder)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
