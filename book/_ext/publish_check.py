"""Check a built HTML book before it goes to a static host, and package it.

``python3 tasks.py publish`` calls :func:`publish`; ``tests/test_book_publish.py`` calls
:func:`check_build`. Standard library only, so that it runs with any Python.

A page passes when every ``href`` and ``src`` it holds that points inside the book is relative,
resolves to a file of the build (a folder to its ``index.html``) and, when it names an anchor
(``page.html#section``), the target page has an element with that id. A page fails when it loads
a resource (script, style sheet, image, frame) from outside the machine or links to a ``file://``
address, and the build fails when a style sheet or script mentions a path of the machine that
built it. The theme's template fragments (``_static/*.html``) are not pages.
Links to other web sites (``<a href="https://...">``) are allowed: they are followed by a reader,
not loaded by the page.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["Problem", "check_build", "local_path_mentions", "publish"]

#: Attributes that point to another file, by element; ``a`` and ``area`` are links a reader
#: follows, the others are loaded with the page.
LOADED = {"script": "src", "img": "src", "link": "href", "iframe": "src", "source": "src"}
FOLLOWED = {"a": "href", "area": "href"}
#: Schemes that are not files of the book.
OTHER_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:")


@dataclass(frozen=True)
class Problem:
    """One problem of a built book: the page, what is wrong and the offending reference."""

    page: str
    kind: str
    reference: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.reference}"


class _Page(HTMLParser):
    """The references and the anchors (ids and names) of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loaded: list[str] = []
        self.followed: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name"):
            if values.get(name):
                self.anchors.add(values[name])
        if tag in LOADED and values.get(LOADED[tag]):
            # <link rel="canonical"> and friends are not loaded; style sheets and icons are
            if tag != "link" or values.get("rel", "") in ("stylesheet", "icon", "preload"):
                self.loaded.append(values[LOADED[tag]])
            else:
                self.followed.append(values[LOADED[tag]])
        if tag in FOLLOWED and values.get(FOLLOWED[tag]):
            self.followed.append(values[FOLLOWED[tag]])


def _parse(page: Path) -> _Page:
    parser = _Page()
    parser.feed(page.read_text("utf-8", errors="replace"))
    return parser


def _target(page: Path, reference: str) -> tuple[Path, str]:
    """The file a relative reference of ``page`` points to, and its anchor."""
    parts = urlsplit(reference)
    path = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    if path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def _pages(html: Path) -> list[Path]:
    """The pages of a build (not the theme's template fragments under ``_static``)."""
    return sorted(p for p in html.rglob("*.html") if p.relative_to(html).parts[0] != "_static")


def check_build(html: Path, *, local_paths: tuple[str, ...] = ()) -> list[Problem]:
    """Every problem of the built book in ``html`` (an empty list when it can be published).

    Parameters
    ----------
    html : Path
        The built book (``_build/html``).
    local_paths : tuple of str
        Paths of the building machine (the repository): a style sheet or script that mentions
        one would break on the host. (Pages that mention one in their text, such as a traceback,
        are listed by :func:`local_path_mentions`.)

    Examples
    --------
    >>> check_build(Path("_build/html"))  # doctest: +SKIP
    []
    """
    html = html.resolve()
    if not (html / "index.html").is_file():
        raise FileNotFoundError(f"{html} holds no built book (index.html is missing).")
    parsed = {page: _parse(page) for page in _pages(html)}
    problems: list[Problem] = []
    for asset in sorted([*html.rglob("*.css"), *html.rglob("*.js")]):
        text = asset.read_text("utf-8", errors="replace")
        for needle in (path for path in local_paths if path):
            if needle in text:
                problems.append(
                    Problem(str(asset.relative_to(html)), "absolute local path", needle)
                )
    for page, content in parsed.items():
        name = str(page.relative_to(html))
        references = [(r, True) for r in content.loaded] + [(r, False) for r in content.followed]
        for reference, loaded in references:
            parts = urlsplit(reference)
            if reference.startswith(OTHER_SCHEMES):
                continue
            if parts.scheme == "file":
                problems.append(Problem(name, "absolute local path", reference))
            elif parts.scheme or reference.startswith("//"):
                if loaded:
                    problems.append(Problem(name, "loads a resource from outside", reference))
            elif reference.startswith("/"):
                problems.append(Problem(name, "absolute link (not relative)", reference))
            else:
                problems.extend(_resolve(html, page, name, reference, parsed))
    return problems


def _resolve(
    html: Path, page: Path, name: str, reference: str, parsed: dict[Path, _Page]
) -> list[Problem]:
    target, anchor = _target(page, reference)
    if not target.is_relative_to(html):
        return [Problem(name, "points outside the book", reference)]
    if not target.is_file():
        return [Problem(name, "broken link", reference)]
    if anchor and target.suffix == ".html":
        anchors = parsed[target].anchors if target in parsed else set()
        if anchor not in anchors:
            return [Problem(name, "missing anchor", reference)]
    return []


def local_path_mentions(html: Path, local_paths: tuple[str, ...]) -> dict[str, int]:
    """Pages whose text mentions a path of the building machine (a traceback, a warning), and
    how many times: harmless for the links, but worth cleaning in the notebook.

    Examples
    --------
    >>> local_path_mentions(Path("_build/html"), ("/home/me/course",))  # doctest: +SKIP
    {}
    """
    mentions = {}
    for page in _pages(html.resolve()):
        text = page.read_text("utf-8", errors="replace")
        count = sum(text.count(path) for path in local_paths if path)
        if count:
            mentions[str(page.relative_to(html.resolve()))] = count
    return mentions


def publish(html: Path, destination: Path, *, local_paths: tuple[str, ...] = ()) -> Path:
    """Check the built book and package it for a static host: a folder and a zip archive of it.

    Returns the archive. Raises ``ValueError`` listing the problems when the check fails.
    """
    problems = check_build(html, local_paths=local_paths)
    if problems:
        shown = "\n  ".join(str(problem) for problem in problems[:40])
        more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
        raise ValueError(
            f"The built book {html} cannot be published: {len(problems)} problems\n  {shown}{more}"
        )
    folder = destination / "book"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(html, folder, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
    archive = shutil.make_archive(str(destination / "book"), "zip", root_dir=folder)
    return Path(archive)
