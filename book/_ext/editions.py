"""Sphinx extension: the participants' edition and the trainer's edition of the book.

Instructor notes are admonitions with the class ``instructor-note`` (CONTRIBUTING.md). The
participants' edition (the default) leaves them out of every page; the trainer's edition
(``-D trainer_edition=1``, as ``python3 tasks.py book --trainer`` does) keeps them and says so in a
banner on every page.

The notes are removed when a page is written (``doctree-resolved``), not when it is read, so both
editions share one set of parsed and executed pages: the trainer's edition is built from the
participants' doctrees without executing any notebook again.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

INSTRUCTOR_NOTE = "instructor-note"


def remove_instructor_notes(doctree: nodes.Node) -> int:
    """Remove every element with the class ``instructor-note`` from ``doctree``; return how many."""
    notes = [node for node in doctree.findall(nodes.Element) if INSTRUCTOR_NOTE in node["classes"]]
    for note in notes:
        note.parent.remove(note)
    return len(notes)


def _edition_of_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not app.config.trainer_edition:
        remove_instructor_notes(doctree)


def _banner(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree):
    edition = "trainer" if app.config.trainer_edition else "participants"
    context["sptools_edition"] = edition
    if app.config.trainer_edition and "body" in context:
        context["body"] = (
            '<p class="edition-banner">Trainer\'s edition: this page shows the instructor '
            "notes.</p>\n" + context["body"]
        )


def setup(app: Sphinx) -> dict[str, Any]:
    # "html": changing the edition rewrites the pages but does not read (or execute) them again.
    app.add_config_value("trainer_edition", False, "html", types=(bool, int, str))
    app.connect("doctree-resolved", _edition_of_page)
    app.connect("html-page-context", _banner)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
