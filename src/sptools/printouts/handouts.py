"""Two-page printable handouts, one per module, from one source file per module.

``python3 tasks.py handouts`` reads every ``handouts/mNN_<name>.yml`` of the course folder and
prints ``_build/handouts/handout-NN-<name>.pdf`` (A4 portrait): page 1 has the key points and the
formulas, page 2 the cheat sheet (the module's own calls with their Stata and Excel equivalents,
and the general rows of the Excel/Stata/pandas table of ``book/trainer-guide.md``, picked by task)
and the glossary terms in English and Khmer, with their definitions, taken from
``book/glossary.md``. A module joins by adding its file.

A source file has ``module`` ("01"), ``title``, ``subtitle``, ``key_points`` (list),
``formulas`` (list of name, formula, meaning; the formula may use ``<sub>``, ``<sup>``, ``<i>``),
``commands`` (list of task, python, stata, excel), ``general_commands`` (tasks of the
trainer-guide table) and ``glossary`` (English terms of the glossary tables).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sptools.printouts.fonts import FONT_FAMILY, font_css
from sptools.printouts.pdf import html_to_pdf

__all__ = [
    "Handout",
    "glossary_terms",
    "handout_html",
    "load_handouts",
    "markdown_table",
    "write_handouts",
]

SOURCE_FOLDER = Path("handouts")
OUTPUT_FOLDER = Path("_build") / "handouts"
ALLOWED_TAGS = re.compile(r"</?(sub|sup|i|b)>")
FIELDS = {"module", "title", "subtitle", "key_points", "formulas", "commands",
          "general_commands", "glossary"}  # fmt: skip


@dataclass(frozen=True)
class Handout:
    """One module's handout, as read from its source file."""

    module: str
    name: str
    title: str
    subtitle: str
    key_points: tuple[str, ...]
    formulas: tuple[dict[str, str], ...]
    commands: tuple[dict[str, str], ...]
    general_commands: tuple[str, ...]
    glossary: tuple[str, ...]

    @property
    def file_name(self) -> str:
        """``handout-01-lnob.pdf``."""
        return f"handout-{self.module}-{self.name}.pdf"


def _load(path: Path) -> Handout:
    data: Any = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict) or set(data) != FIELDS:
        found = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise ValueError(f"{path}: needs exactly the fields {sorted(FIELDS)}, found {found}.")
    for formula in data["formulas"]:
        stripped = ALLOWED_TAGS.sub("", formula["formula"])
        if "<" in stripped or ">" in stripped.replace("&gt;", "").replace("&lt;", ""):
            raise ValueError(
                f"{path}: formula {formula['name']!r} may only use <sub>, <sup>, <i> and <b>; "
                "write < and > as &lt; and &gt;."
            )
    stem = path.stem
    return Handout(
        module=str(data["module"]),
        name=stem.split("_", 1)[1].replace("_", "-"),
        title=data["title"],
        subtitle=data["subtitle"],
        key_points=tuple(data["key_points"]),
        formulas=tuple(data["formulas"]),
        commands=tuple(data["commands"]),
        general_commands=tuple(data["general_commands"]),
        glossary=tuple(data["glossary"]),
    )


def load_handouts(root: Path = Path(".")) -> list[Handout]:
    """Every handout source of the course folder ``root``, in module order."""
    paths = sorted((root / SOURCE_FOLDER).glob("m[0-9][0-9]_*.yml"))
    if not paths:
        raise FileNotFoundError(f"no handout sources (mNN_<name>.yml) in {root / SOURCE_FOLDER}.")
    return [_load(path) for path in paths]


def markdown_table(text: str, header: list[str]) -> list[dict[str, str]]:
    """The rows of every Markdown table of ``text`` whose header is ``header`` (cells stripped).

    Examples
    --------
    >>> markdown_table("| a | b |\\n|---|---|\\n| 1 | 2 |\\n", ["a", "b"])
    [{'a': '1', 'b': '2'}]
    """
    rows, columns = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells == header:
            columns = header
        elif columns and not set("".join(cells)) <= set("-: "):
            rows.append(dict(zip(columns, cells, strict=False)))
    return rows


def glossary_terms(root: Path = Path(".")) -> dict[str, tuple[str, str, str]]:
    """English term (lower case) -> (English, Khmer, definition), from ``book/glossary.md``."""
    text = (root / "book" / "glossary.md").read_text("utf-8")
    return {
        row["English"].lower(): (row["English"], row["Khmer"], row["Definition"])
        for row in markdown_table(text, ["English", "Khmer", "Definition"])
    }


def _cheat_sheet(root: Path) -> dict[str, dict[str, str]]:
    text = (root / "book" / "trainer-guide.md").read_text("utf-8")
    rows = markdown_table(text, ["Task", "Stata", "Excel", "pandas"])
    return {row["Task"].lower(): row for row in rows}


def _code(text: str) -> str:
    """Markdown inline code (`x`) as HTML <code>, **bold** as <b>, everything else escaped.

    Examples
    --------
    >>> _code("**D** is `d_index(...)`")
    '<b>D</b> is <code>d_index(...)</code>'
    """
    parts = re.split(r"`([^`]*)`", text)
    return "".join(
        f"<code>{html.escape(part)}</code>"
        if i % 2
        else re.sub(
            r"\*(.+?)\*", r"<i>\1</i>", re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(part))
        )
        for i, part in enumerate(parts)
    )


#: Pointers to other parts of the glossary page, which mean nothing on a handout.
SEE_ABOVE = re.compile(r"\s*\((see (the main terms )?above|see above)\)")


def _definition(text: str) -> str:
    return _code(SEE_ABOVE.sub("", text))


STYLE = """
@page { size: A4 portrait; margin: 11mm 12mm 12mm; }
body { font-family: %(font)s; font-size: 9.5pt; line-height: 1.32; color: #1d2b36; margin: 0; }
header { border-bottom: 2px solid #2a7ab9; margin-bottom: 3mm; padding-bottom: 1.5mm; }
header .module { color: #2a7ab9; font-weight: 700; letter-spacing: 0.08em; font-size: 8.5pt; }
h1 { font-size: 17pt; margin: 0.5mm 0; }
header .subtitle { font-style: italic; color: #4a5a68; }
h2 { font-size: 11pt; color: #2a7ab9; margin: 3.5mm 0 1.5mm; }
ul { margin: 0; padding-left: 5mm; } li { margin-bottom: 1.2mm; }
table { border-collapse: collapse; width: 100%%; font-size: 8pt; }
th, td { border: 1px solid #c5d3df; padding: 1mm 1.4mm; text-align: left; vertical-align: top; }
th { background: #e8f0f7; }
.formula { font-family: "DejaVu Serif", Georgia, serif; font-size: 10pt; white-space: nowrap; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 7.4pt; }
.km { font-size: 9pt; white-space: nowrap; }
.definition { font-size: 7.4pt; color: #33434f; }
.second { break-before: page; page-break-before: always; }
.foot { margin-top: 3mm; font-size: 7pt; color: #6b7b88; }
"""


def lessons(module: str, root: Path = Path(".")) -> list[tuple[str, str]]:
    """(path, title) of the module's lesson and practice notebooks, from their first heading."""
    import json

    paths = sorted((root / "modules").glob(f"{module}-*/*.ipynb")) + sorted(
        (root / "exercises").glob(f"{module}-*.ipynb")
    )
    found = []
    for path in paths:
        cells = json.loads(path.read_text("utf-8"))["cells"]
        text = "".join(next((c["source"] for c in cells if c["cell_type"] == "markdown"), ""))
        heading = next((line for line in text.splitlines() if line.startswith("#")), path.stem)
        found.append((path.relative_to(root).as_posix(), heading.lstrip("# ").strip()))
    return found


def handout_html(handout: Handout, root: Path = Path(".")) -> str:
    """The two-page HTML of a handout (raises ``KeyError`` naming a missing term or task)."""
    terms, general = glossary_terms(root), _cheat_sheet(root)
    missing = [t for t in handout.glossary if t.lower() not in terms]
    if missing:
        raise KeyError(
            f"handout {handout.module}: glossary terms {missing} are not in book/glossary.md; "
            "add them (with the Khmer) to its tables."
        )
    unknown = [t for t in handout.general_commands if t.lower() not in general]
    if unknown:
        raise KeyError(
            f"handout {handout.module}: tasks {unknown} are not rows of the Excel/Stata/pandas "
            "table in book/trainer-guide.md."
        )
    points = "".join(f"<li>{_code(point)}</li>" for point in handout.key_points)
    formulas = "".join(
        f"<tr><td>{html.escape(f['name'])}</td><td class='formula'>{f['formula']}</td>"
        f"<td>{_code(f['meaning'])}</td></tr>"
        for f in handout.formulas
    )
    rows = [(c["task"], c["python"], c["stata"], c["excel"]) for c in handout.commands] + [
        (general[t.lower()]["Task"], general[t.lower()]["pandas"], general[t.lower()]["Stata"],
         general[t.lower()]["Excel"])
        for t in handout.general_commands
    ]  # fmt: skip
    commands = "".join(
        f"<tr><td>{html.escape(task)}</td><td>{_code(python)}</td><td>{_code(stata)}</td>"
        f"<td>{_code(excel)}</td></tr>"
        for task, python, stata, excel in rows
    )
    glossary = "".join(
        f"<tr><td>{html.escape(terms[t.lower()][0])}</td>"
        f"<td class='km' lang='km'>{html.escape(terms[t.lower()][1])}</td>"
        f"<td class='definition'>{_definition(terms[t.lower()][2])}</td></tr>"
        for t in handout.glossary
    )
    notebooks = "".join(
        f"<tr><td>{html.escape(title)}</td><td><code>{html.escape(path)}</code></td></tr>"
        for path, title in lessons(handout.module, root)
    )
    foot = (
        f"<p class='foot'>Module {int(handout.module)} handout · page %s of 2 · The data of the "
        "course are synthetic. Khmer terms: see the glossary of the book (to be reviewed with your "
        "interpreter).</p>"
    )
    style = font_css(root) + STYLE % {"font": FONT_FAMILY}
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Module {handout.module} handout</title><style>{style}</style></head><body>
<header><div class="module">MODULE {int(handout.module)} · HANDOUT</div>
<h1>{html.escape(handout.title)}</h1><div class="subtitle">{html.escape(handout.subtitle)}</div>
</header>
<h2>Key points</h2><ul>{points}</ul>
<h2>Formulas</h2><table><tr><th>What</th><th>Formula</th><th>Meaning</th></tr>{formulas}</table>
<h2>In the course</h2><table><tr><th>Notebook</th><th>File</th></tr>{notebooks}</table>
{foot % 1}
<section class="second">
<h2>Cheat sheet: Python, Stata and Excel</h2>
<table><tr><th>Task</th><th>Python (pandas, sptools)</th><th>Stata</th><th>Excel</th></tr>
{commands}</table>
<h2>Glossary: English and Khmer</h2>
<table><tr><th>English</th><th>Khmer</th><th>Definition</th></tr>{glossary}</table>
{foot % 2}
</section></body></html>"""


def write_handouts(root: Path = Path("."), output: Path | None = None) -> list[Path]:
    """Print every module's handout into ``output`` (default ``_build/handouts``)."""
    target = Path(output) if output else root / OUTPUT_FOLDER
    written = []
    for handout in load_handouts(root):
        path = html_to_pdf(handout_html(handout, root), target / handout.file_name, base=target)
        print(f"module {handout.module}: {path}")
        written.append(path)
    return written
