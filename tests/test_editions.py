"""Two editions of the book: the participants' edition (``python3 tasks.py book``) has no instructor
note on any page; the trainer's edition (``python3 tasks.py book --trainer``) has them all.

The tests of the built editions need both builds; they skip with a message otherwise (they fail
under CI, where ``.ci/run`` builds both).
"""

from __future__ import annotations

import importlib.util
import os
import re

import pytest
from conftest import REPOSITORY
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

PARTICIPANTS = REPOSITORY / "_build" / "html"
TRAINER = REPOSITORY / "_build" / "trainer" / "html"
NOTE_CLASS = re.compile(r"""class="[^"]*\binstructor-note\b""")
#: Pages whose sources hold instructor notes (a sample across the book).
PAGES_WITH_NOTES = (
    "book/agenda.html",
    "modules/00-getting-started/getting-started.html",
    "modules/01-lnob/02-access-and-dissimilarity.html",
    "modules/02-mpi/03-analysis-for-policy.html",
    "modules/03-sp2lnob/02-guided-tour.html",
)


def _editions_module():
    spec = importlib.util.spec_from_file_location(
        "editions", REPOSITORY / "book" / "_ext" / "editions.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_remove_instructor_notes_removes_only_them():
    document = new_document("test", get_default_settings(Parser))
    note = nodes.admonition("", nodes.paragraph(text="Timing: 20 minutes."))
    note["classes"] = ["dropdown", "instructor-note"]
    tip = nodes.admonition("", nodes.paragraph(text="A tip."))
    tip["classes"] = ["tip"]
    section = nodes.section("", nodes.paragraph(text="Text."), note, tip)
    document += section
    assert _editions_module().remove_instructor_notes(document) == 1
    assert "Timing" not in document.astext()
    assert "A tip." in document.astext() and "Text." in document.astext()


def _built(edition) -> list:
    if not (edition / "index.html").exists():
        reason = f"{edition} is not built: run `python3 tasks.py book` and `book --trainer`"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return sorted(edition.rglob("*.html"))


@pytest.mark.browser
def test_the_participants_edition_has_no_instructor_note():
    pages = _built(PARTICIPANTS)
    with_notes = [p.relative_to(PARTICIPANTS) for p in pages if NOTE_CLASS.search(p.read_text())]
    assert with_notes == []
    assert "Trainer's edition" not in (PARTICIPANTS / "index.html").read_text()


@pytest.mark.browser
def test_the_trainer_edition_has_the_instructor_notes():
    pages = _built(TRAINER)
    for page in PAGES_WITH_NOTES:
        html = (TRAINER / page).read_text()
        assert NOTE_CLASS.search(html), f"{page} has no instructor note in the trainer's edition"
        assert "Trainer's edition: this page shows the instructor notes." in html
    assert len(pages) > 20


@pytest.mark.browser
def test_both_editions_have_the_same_pages_and_figures():
    participants = {path.relative_to(PARTICIPANTS) for path in _built(PARTICIPANTS)}
    trainer = {path.relative_to(TRAINER) for path in _built(TRAINER)}
    assert participants == trainer
    images = {path.name for path in (PARTICIPANTS / "_images").iterdir()}
    assert images and images == {path.name for path in (TRAINER / "_images").iterdir()}


def _tasks():
    spec = importlib.util.spec_from_file_location("tasks", REPOSITORY / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_book_takes_the_trainer_option(capsys):
    tasks = _tasks()
    args, _ = tasks.parse(["book", "--trainer"])
    assert args.trainer is True
    assert tasks.parse(["book"])[0].trainer is False
    with pytest.raises(SystemExit):
        tasks.parse(["lab", "--trainer"])
    assert "--trainer applies to book, not to lab" in capsys.readouterr().err
