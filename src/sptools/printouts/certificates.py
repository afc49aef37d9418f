"""Certificates of participation, one A4 landscape page per participant, printed to one PDF.

``python3 tasks.py certificates names.csv`` reads a CSV with a ``name`` column (UTF-8: Khmer
names print in Khmer script) and optional ``institution`` column, and writes
``certificates.pdf`` next to it. The event's wording comes from the options (``--event``,
``--dates``, ``--place``, ``--signatory``) or their defaults. Rows with an empty name are
skipped and counted, never printed blank.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sptools.printouts.fonts import FONT_FAMILY, font_css
from sptools.printouts.pdf import html_to_pdf

__all__ = ["Event", "certificate_html", "read_names", "write_certificates"]


@dataclass(frozen=True)
class Event:
    """What the certificate says about the workshop."""

    title: str = "Evidence-based social protection policy: leaving no one behind"
    kind: str = "national training workshop"
    dates: str = ""
    place: str = "Phnom Penh, Cambodia"
    signatory: str = "The training team"


def read_names(path: Path) -> tuple[pd.DataFrame, int]:
    """The participants of ``path`` (columns ``name`` and ``institution``) and the number of
    rows skipped for an empty name.

    Raises
    ------
    ValueError
        When the file has no ``name`` column, or no name at all.
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table.columns = [str(c).strip().lower() for c in table.columns]
    if "name" not in table.columns:
        raise ValueError(
            f"{path} has no 'name' column (its columns: {list(table.columns)}); put the "
            "participants' names in a column headed name."
        )
    table["name"] = table["name"].str.strip()
    if "institution" not in table.columns:
        table["institution"] = ""
    kept = table[table["name"] != ""]
    if kept.empty:
        raise ValueError(f"{path} lists no name: the name column is empty.")
    return kept[["name", "institution"]].reset_index(drop=True), len(table) - len(kept)


STYLE = """
@page { size: A4 landscape; margin: 0; }
html, body { margin: 0; padding: 0; }
body { font-family: %(font)s; color: #1d2b36; }
.page { width: 297mm; height: 210mm; box-sizing: border-box; padding: 14mm;
        page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.frame { height: 100%%; box-sizing: border-box; border: 3px double #2a7ab9; padding: 16mm 22mm;
         display: flex; flex-direction: column; align-items: center; text-align: center; }
.kind { letter-spacing: 0.25em; text-transform: uppercase; color: #2a7ab9; font-size: 13pt; }
h1 { font-size: 30pt; margin: 8mm 0 4mm; font-weight: 700; }
.certifies { font-size: 13pt; margin-top: 6mm; }
.name { font-size: 28pt; font-weight: 700; margin: 5mm 0 2mm; border-bottom: 1px solid #9fb3c8;
        padding: 0 12mm 2mm; line-height: 1.6; }
.institution { font-size: 13pt; color: #4a5a68; min-height: 7mm; }
.event { font-size: 14pt; margin-top: 6mm; line-height: 1.5; }
.title { font-weight: 700; }
.footer { margin-top: auto; width: 100%%; display: flex; justify-content: space-between;
          font-size: 11pt; color: #4a5a68; }
.signature { border-top: 1px solid #9fb3c8; padding-top: 2mm; min-width: 70mm; }
"""


def certificate_html(people: pd.DataFrame, event: Event, root: Path) -> str:
    """One HTML document with a certificate page per row of ``people``."""
    e = {k: html.escape(v) for k, v in event.__dict__.items()}
    when = f", {e['dates']}" if e["dates"] else ""
    pages = []
    for person in people.itertuples(index=False):
        pages.append(
            f"""<section class="page"><div class="frame">
<div class="kind">{e["kind"]}</div>
<h1>Certificate of participation</h1>
<div class="certifies">This certifies that</div>
<div class="name" lang="km">{html.escape(person.name)}</div>
<div class="institution">{html.escape(person.institution)}</div>
<div class="event">took part in the {e["kind"]}<br>
<span class="title">{e["title"]}</span><br>{e["place"]}{when}</div>
<div class="footer"><div class="signature">{e["signatory"]}</div>
<div class="signature">Date</div></div>
</div></section>"""
        )
    style = font_css(root) + STYLE % {"font": FONT_FAMILY}
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Certificates</title><style>{style}</style></head><body>"
        + "\n".join(pages)
        + "</body></html>"
    )


def write_certificates(
    names: Path, output: Path | None = None, *, event: Event = Event(), root: Path = Path(".")
) -> Path:
    """Print the certificates of the names in ``names`` to ``output`` (default
    ``certificates.pdf`` next to it); print how many, and how many rows were skipped."""
    names = Path(names)
    people, skipped = read_names(names)
    target = Path(output) if output else names.with_name("certificates.pdf")
    html_to_pdf(certificate_html(people, event, root), target, base=target.parent)
    note = f" ({skipped} rows without a name skipped)" if skipped else ""
    print(f"{len(people)} certificates{note}: {target}")
    return target
