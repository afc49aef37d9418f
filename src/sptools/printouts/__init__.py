"""Printed material of a workshop, as PDF by headless Chromium: handouts and certificates.

- :func:`~sptools.printouts.handouts.write_handouts`: a two-page handout per module
  (``python3 tasks.py handouts``);
- :func:`~sptools.printouts.certificates.write_certificates`: certificates of participation from a
  CSV of names (``python3 tasks.py certificates names.csv``).
"""

from __future__ import annotations

from sptools.printouts.certificates import Event, write_certificates
from sptools.printouts.handouts import load_handouts, write_handouts
from sptools.printouts.pdf import PrintError, find_chromium, html_to_pdf

__all__ = [
    "Event",
    "PrintError",
    "find_chromium",
    "html_to_pdf",
    "load_handouts",
    "write_certificates",
    "write_handouts",
]
