"""Command line of the trainer tools (run from the repository root).

python -m sptools.trainer agenda [--check]       write the tables of book/agenda.md
python -m sptools.trainer slide-types [--check] [NOTEBOOK ...]
                                                 apply the slide rule (default: modules/)
python -m sptools.trainer slides [--variant NAME]
                                                 decks into _build/slides/, figures into
                                                 _build/figures/
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sptools.trainer import agenda, decks, slide_types
from sptools.trainer.lessons import lesson_paths, read_notebook


def _agenda(root: Path, check: bool) -> int:
    found = agenda.problems(root)
    for problem in found:
        print(f"agenda: {problem}")
    if found:
        return 1
    if agenda.write(root, check=check):
        print(f"every session adds up; {agenda.AGENDA_MD} matches {agenda.AGENDA_YAML}")
        return 0
    print(f"{agenda.AGENDA_MD} is out of date: run `python3 tasks.py agenda`")
    return 1


def _slide_types(root: Path, check: bool, paths: list[str]) -> int:
    notebooks = [Path(path) for path in paths] or lesson_paths(root)
    status = 0
    for path in notebooks:
        if check:
            for mismatch in slide_types.mismatches(read_notebook(path)):
                print(f"{path}: {mismatch}")
                status = 1
        elif slide_types.apply(path):
            print(f"set the slide types of {path}")
    return status


def _slides(root: Path, variants: list[str] | None) -> int:
    started = time.perf_counter()
    written = decks.build(root, variants=variants)
    index = root / "_build" / "slides" / "index.html"
    print(f"\n{len(written)} decks in {time.perf_counter() - started:.0f} s: {index}")
    print(f"figures (PNG and SVG, 1920 x 1080): {root / '_build' / 'figures'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sptools.trainer",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("agenda").add_argument("--check", action="store_true")
    types = commands.add_parser("slide-types")
    types.add_argument("--check", action="store_true")
    types.add_argument("notebooks", nargs="*")
    commands.add_parser("slides").add_argument("--variant", action="append")
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.command == "agenda":
        return _agenda(root, args.check)
    if args.command == "slide-types":
        return _slide_types(root, args.check, args.notebooks)
    return _slides(root, args.variant)


if __name__ == "__main__":
    sys.exit(main())
