"""The built book can go to a static host: relative links only, none broken, a download link on
every page (``python3 tasks.py publish`` runs the same check).

Needs the built book (``python3 tasks.py book``); skips otherwise, except in CI.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import REPOSITORY

BOOK = REPOSITORY / "_build" / "html"
_spec = importlib.util.spec_from_file_location(
    "publish_check", REPOSITORY / "book" / "_ext" / "publish_check.py"
)
publish_check = sys.modules["publish_check"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(publish_check)


@pytest.fixture(scope="module")
def book() -> Path:
    if not (BOOK / "index.html").exists():
        message = f"the book is not built ({BOOK} is missing): run `python3 tasks.py book` first"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return BOOK


@pytest.mark.browser  # needs the built book, like the browser tests
def test_every_internal_link_and_anchor_of_the_built_book_resolves(book):
    problems = publish_check.check_build(book, local_paths=(str(REPOSITORY),))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.browser
def test_every_page_offers_its_source_for_download(book):
    """Jupyter Book's download button: the .ipynb of a notebook page, the .md of a text page."""
    missing = []
    for page in sorted(book.rglob("*.html")):
        relative = page.relative_to(book)
        source = next(
            (
                REPOSITORY / relative.with_suffix(suffix)
                for suffix in (".ipynb", ".md")
                if (REPOSITORY / relative.with_suffix(suffix)).exists()
            ),
            None,
        )
        if source is None:  # genindex, search: no source
            continue
        html = page.read_text("utf-8")
        links = re.findall(r'href="([^"]*_sources/[^"]*)"', html)
        wanted = f"_sources/{relative.with_suffix(source.suffix).as_posix()}"
        if not any(link.endswith(wanted) for link in links):
            missing.append(f"{relative}: no link to {wanted} (found {links})")
    assert not missing, "\n".join(missing)


def _book(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_the_check_finds_each_kind_of_problem(tmp_path):
    book = _book(
        tmp_path,
        {
            "index.html": '<a href="a/page.html#there">ok</a><a href="a/">folder</a>'
            '<a href="https://example.org">a site</a><a href="mailto:x@y.z">mail</a>',
            "a/index.html": '<p id="top">x</p>',
            "a/page.html": '<h1 id="there">x</h1><a href="../index.html#nowhere">bad anchor</a>'
            '<img src="missing.png"><a href="/abs/page.html">absolute</a>'
            '<script src="https://cdn.example.org/x.js"></script>'
            '<a href="../../outside.html">outside</a>',
            "a/style.css": "body { background: url(/home/me/course/x.png); }",
            "a/file.html": '<a href="file:///home/me/course/x.html">x</a><pre>/home/me/course</pre>',
            "_static/macros.html": '<link rel="stylesheet" href="{{ pathto(\'x.css\') }}">',
        },
    )
    problems = {
        (p.page, p.kind, p.reference)
        for p in publish_check.check_build(book, local_paths=("/home/me/course",))
    }
    assert problems == {
        ("a/page.html", "missing anchor", "../index.html#nowhere"),
        ("a/page.html", "broken link", "missing.png"),
        ("a/page.html", "absolute link (not relative)", "/abs/page.html"),
        ("a/page.html", "loads a resource from outside", "https://cdn.example.org/x.js"),
        ("a/page.html", "points outside the book", "../../outside.html"),
        ("a/style.css", "absolute local path", "/home/me/course"),
        ("a/file.html", "absolute local path", "file:///home/me/course/x.html"),
    }
    assert publish_check.local_path_mentions(book, ("/home/me/course",)) == {"a/file.html": 2}


def test_publish_refuses_a_broken_book_and_packages_a_clean_one(tmp_path):
    broken = _book(tmp_path / "broken", {"index.html": '<a href="gone.html">x</a>'})
    with pytest.raises(ValueError, match=r"(?s)1 problems.*broken link: gone.html"):
        publish_check.publish(broken, tmp_path / "out")
    clean = _book(
        tmp_path / "clean", {"index.html": '<a href="b.html#x">x</a>', "b.html": '<i id="x">'}
    )
    archive = publish_check.publish(clean, tmp_path / "out")
    assert archive.name == "book.zip" and archive.stat().st_size > 0
    assert (tmp_path / "out" / "book" / "b.html").exists()
