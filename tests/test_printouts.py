"""Handouts and certificates are printed by headless Chromium: two pages per handout, their text,
and Khmer set in a Khmer font (poppler's pdfinfo, pdftotext and pdffonts read the PDFs).

Needs Chromium and poppler-utils (``.ci/run`` installs both); skips with that hint otherwise,
except in CI (``CI=true``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPOSITORY

from sptools.printouts.certificates import read_names, write_certificates
from sptools.printouts.handouts import glossary_terms, load_handouts, write_handouts

pytestmark = pytest.mark.browser

KHMER = range(0x1780, 0x1800)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        _unavailable("Chromium is not installed: `sudo apt-get install chromium`")
    if not shutil.which("pdftotext"):
        _unavailable("poppler-utils is not installed: `sudo apt-get install poppler-utils`")


def _tool(*command: str | Path) -> str:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=True
    ).stdout


def _pages(pdf: Path) -> int:
    line = next(li for li in _tool("pdfinfo", pdf).splitlines() if li.startswith("Pages:"))
    return int(line.split()[1])


def _text(pdf: Path, page: int | None = None) -> str:
    pages = ("-f", str(page), "-l", str(page)) if page else ()
    return " ".join(_tool("pdftotext", *pages, "-raw", pdf, "-").split())


def _khmer_fonts(pdf: Path) -> list[str]:
    return [line for line in _tool("pdffonts", pdf).splitlines() if "Khmer" in line]


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> list[Path]:
    return write_handouts(REPOSITORY, tmp_path_factory.mktemp("handouts"))


def test_every_module_0_to_5_has_a_two_page_handout(handouts):
    assert [path.name[:11] for path in handouts][:6] == [
        "handout-00-", "handout-01-", "handout-02-", "handout-03-", "handout-04-", "handout-05-",
    ]  # fmt: skip
    assert {path.name: _pages(path) for path in handouts} == {p.name: 2 for p in handouts}


def test_a_handout_holds_its_key_points_formulas_cheat_sheet_and_glossary(handouts):
    terms = glossary_terms(REPOSITORY)
    for handout, pdf in zip(load_handouts(REPOSITORY), handouts, strict=True):
        first, second = _text(pdf, 1), _text(pdf, 2)
        assert handout.title in first and "Key points" in first and "Formulas" in first
        for formula in handout.formulas:
            assert formula["name"] in first, (pdf.name, formula["name"])
        assert "Cheat sheet" in second and "Glossary" in second
        for command in handout.commands:
            assert command["task"] in second, (pdf.name, command["task"])
        for term in handout.glossary:
            english, khmer, _ = terms[term.lower()]
            assert english.split(" (")[0] in second, (pdf.name, term)
            # the Khmer is extracted back from the PDF: its glyphs are real text, not boxes
            assert khmer.split(" ")[0].split("/")[0] in second.replace(" ", ""), (pdf.name, term)


def test_the_khmer_of_a_handout_is_set_in_a_khmer_font(handouts):
    for pdf in handouts:
        assert _khmer_fonts(pdf), f"{pdf.name} embeds no Khmer font"
        assert any(ord(c) in KHMER for c in _text(pdf, 2)), f"{pdf.name} has no Khmer text"


def test_every_handout_term_is_in_the_glossary_with_khmer():
    terms = glossary_terms(REPOSITORY)
    for path in sorted((REPOSITORY / "handouts").glob("m*.yml")):
        for term in yaml.safe_load(path.read_text("utf-8"))["glossary"]:
            assert term.lower() in terms, f"{path.name}: {term!r} is not in book/glossary.md"
            assert any(ord(c) in KHMER for c in terms[term.lower()][1]), term


def test_certificates_one_page_per_name_with_khmer_names(tmp_path, capsys):
    names = tmp_path / "names.csv"
    names.write_text(
        "name,institution\nសុខ ដារ៉ា,MoSVY\n,\n  Chan Sopheap ,Ministry of Economy and Finance\n",
        "utf-8",
    )
    pdf = write_certificates(names, root=REPOSITORY)
    assert pdf == tmp_path / "certificates.pdf"
    assert _pages(pdf) == 2
    assert "1 rows without a name skipped" in capsys.readouterr().out
    text = _text(pdf)
    assert "សុខ" in text.replace(" ", "") and "Chan Sopheap" in text
    assert "Certificate of participation" in text
    assert _khmer_fonts(pdf)


def test_a_names_file_without_names_is_refused(tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("participant\nSok\n", "utf-8")
    with pytest.raises(ValueError, match="no 'name' column"):
        read_names(wrong)
    empty = tmp_path / "empty.csv"
    empty.write_text("name\n \n", "utf-8")
    with pytest.raises(ValueError, match="lists no name"):
        read_names(empty)
