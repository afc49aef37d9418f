"""``python -m sptools.printouts handouts [--output FOLDER]`` and
``python -m sptools.printouts certificates NAMES.csv [--output PDF] [--dates ...] ...``,
run from the course folder (``python3 tasks.py handouts`` / ``certificates``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sptools.printouts.certificates import Event, write_certificates
from sptools.printouts.handouts import write_handouts
from sptools.printouts.pdf import PrintError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sptools.printouts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    handouts = commands.add_parser("handouts", help="print the handout of every module")
    handouts.add_argument("--output", type=Path)
    certificates = commands.add_parser("certificates", help="print certificates from a CSV")
    certificates.add_argument("names", type=Path)
    certificates.add_argument("--output", type=Path)
    defaults = Event()
    for option in ("title", "kind", "dates", "place", "signatory"):
        certificates.add_argument(f"--{option}", default=getattr(defaults, option))
    args = parser.parse_args(argv)
    try:
        if args.command == "handouts":
            write_handouts(Path("."), args.output)
        else:
            event = Event(args.title, args.kind, args.dates, args.place, args.signatory)
            write_certificates(args.names, args.output, event=event, root=Path("."))
    except (PrintError, FileNotFoundError, KeyError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
