"""Slides: every lesson follows the slide rule; a lesson runs for the projector with its figures
exported at 1920 x 1080 (PNG and SVG, large fonts), its numbers filled in and its instructor notes
as speaker notes; decks load nothing from the network."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ElementTree

import nbformat
import pytest
from conftest import REPOSITORY, read_notebook

from sptools.trainer import decks, slide_types
from sptools.trainer.lessons import lesson_paths
from sptools.trainer.presentation import MINIMUM_POINTS, plain_markdown, run_for_projector

LESSONS = lesson_paths(REPOSITORY)
NOTE = ":::{admonition} Instructor note\n:class: dropdown instructor-note\nSay it slowly.\n:::"


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_lesson_follows_the_slide_rule(path):
    mismatches = slide_types.mismatches(read_notebook(path))
    assert not mismatches, (
        f"run `python -m sptools.trainer slide-types {path.relative_to(REPOSITORY)}`: "
        + "; ".join(mismatches[:5])
    )


def _markdown(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text, figure=False):
    metadata = {"mystnb": {"figure": {"caption": "A chart.", "name": "fig-test"}}} if figure else {}
    return {"cell_type": "code", "metadata": metadata, "source": text}


def test_the_slide_rule_cell_by_cell():
    cells = [
        _markdown("# Title\n\n## Overview"),
        _markdown(NOTE),
        _markdown("Some text."),
        _markdown("### A part"),
        _markdown("**Step 1.** Add the shares."),
        _code("x = 1"),
        _code("ax = plot(x)", figure=True),
        _markdown("::::{exercise}\n:label: ex99-1\n\nDo it.\n::::"),
        _code("answer = ..."),
        _markdown("::::{solution} ex99-1\n:class: dropdown\n\n```python\nanswer = 1\n```\n::::"),
        {"cell_type": "raw", "metadata": {}, "source": "raw"},
        _markdown("## Key points"),
    ]
    assert slide_types.slide_types(cells) == [
        "slide",
        "notes",
        "-",
        "subslide",
        "subslide",
        "-",
        "slide",
        "slide",
        "skip",
        "skip",
        "skip",
        "slide",
    ]


def test_a_cell_with_text_and_an_instructor_note_stays_on_the_slide():
    # the note is moved to the speaker notes when the deck is built (see below)
    assert slide_types.slide_types([_markdown(f"## Data\n\n{NOTE}")]) == ["slide"]


def test_apply_sets_the_rule_and_changes_nothing_the_second_time(tmp_path):
    path = tmp_path / "lesson.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("1")]
    nbformat.write(notebook, path)
    assert slide_types.mismatches(read_notebook(path))
    assert slide_types.apply(path) is True
    assert slide_types.mismatches(read_notebook(path)) == []
    assert slide_types.apply(path) is False


@pytest.mark.parametrize(
    ("myst", "plain"),
    [
        (":::{note}\nRead me.\n:::", "> **Note.** Read me."),
        (
            ":::{admonition} Policy lesson\n:class: important\nWeight by population.\n:::",
            "> **Policy lesson.** Weight by population.",
        ),
        (
            "::::{exercise}\n:label: ex99-1\n\nCount the rows.\n::::",
            "> **Exercise.** Count the rows.",
        ),
        ("Before.\n\n::::{solution} ex99-1\n:class: dropdown\n\nSecret.\n::::", "Before."),
        ("See {cite:p}`unescap2020`.", "See unescap2020."),
    ],
)
def test_plain_markdown(myst, plain):
    assert plain_markdown(myst) == plain


def _png_size(path):
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def _svg_font_sizes(path):
    sizes = []
    for element in ElementTree.parse(path).iter():
        style = element.get("style", "")
        found = re.search(r"font(?:-size)?:\s*(?:\w+\s+)*?([\d.]+)px", style)
        if element.tag.endswith("text") and found:
            sizes.append(float(found.group(1)))
    return sizes


@pytest.fixture(scope="module")
def small_lesson(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lesson")
    notebook = nbformat.v4.new_notebook()
    figure = nbformat.v4.new_code_cell(
        "fig, ax = plt.subplots(figsize=(4, 3))\n"
        "ax.bar(['a', 'b'], [share, 1 - share])\n"
        "ax.annotate('tiny label', (0, share), fontsize=6)\n"
        "ax.set_xlabel('Group')\nax.set_ylabel('Share (%)')\nplt.show()"
    )
    figure.metadata["mystnb"] = {"figure": {"caption": "Shares.", "name": "fig-99-shares"}}
    notebook.cells = [
        nbformat.v4.new_markdown_cell(
            f"# A small lesson\n\n## Overview\n\nText.\n\n{NOTE}\n\n### Details\n\nMore."
        ),
        nbformat.v4.new_code_cell(
            "import warnings\nimport matplotlib.pyplot as plt\nshare = 0.25\n"
            "def noisy():\n    warnings.warn('careful')\n    return 3"
        ),
        nbformat.v4.new_markdown_cell("The share is {eval}`share`, a quarter; {eval}`noisy()`."),
        figure,
        nbformat.v4.new_markdown_cell("::::{solution} ex99-1\n:class: dropdown\n\nSecret.\n::::"),
    ]
    path = folder / "lesson.ipynb"
    nbformat.write(notebook, path)
    slide_types.apply(path)
    figures = folder / "figures"
    presented = run_for_projector(path, figures, kernel_name="sptools")
    return presented, figures


@pytest.mark.slow
def test_figures_are_exported_at_projector_size_with_large_fonts(small_lesson):
    _, figures = small_lesson
    assert sorted(path.name for path in figures.iterdir()) == [
        "fig-99-shares.png",
        "fig-99-shares.svg",
    ]
    assert _png_size(figures / "fig-99-shares.png") == (1920, 1080)
    sizes = _svg_font_sizes(figures / "fig-99-shares.svg")
    assert len(sizes) >= 4, "the SVG keeps its text as text"
    assert min(sizes) >= MINIMUM_POINTS, sizes
    assert "tiny label" in (figures / "fig-99-shares.svg").read_text()


@pytest.mark.slow
def test_the_presented_lesson_has_numbers_notes_and_no_solution(small_lesson):
    presented, _ = small_lesson
    markdown = [cell for cell in presented.cells if cell.cell_type == "markdown"]
    texts = [cell.source for cell in markdown]
    assert "The share is 0.25, a quarter; 3." in texts  # the warning is not a value
    assert not any("{eval}" in text or "Secret" in text or ":::" in text for text in texts)
    notes = [cell for cell in markdown if cell.metadata["slideshow"]["slide_type"] == "notes"]
    assert [cell.source for cell in notes] == ["> **Instructor note.** Say it slowly."]
    overview = next(cell for cell in markdown if cell.source.startswith("## Overview"))
    assert overview.metadata["slideshow"]["slide_type"] == "slide"
    details = next(cell for cell in markdown if cell.source.startswith("### Details"))
    assert details.metadata["slideshow"]["slide_type"] == "subslide"
    assert any(
        "image/png" in output.get("data", {})
        for cell in presented.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


@pytest.mark.slow
def test_a_deck_loads_nothing_from_the_network(small_lesson):
    presented, _ = small_lesson
    body, _ = decks.exporter().from_notebook_node(decks.session_deck([presented], "A session"))
    assert not re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", body)
    assert not re.findall(r"""import\s+\w+\s+from\s+['"]https?:""", body)
    assert '<script src="../vendor/reveal/dist/reveal.js"></script>' in body
    assert '<aside class="notes">' in body
    for vendored in ("reveal/dist/reveal.js", "reveal/plugin/notes/notes.js"):
        assert (REPOSITORY / decks.VENDOR / vendored).exists()


def test_a_part_of_a_lesson_runs_from_its_heading_to_the_next_part():
    lesson = nbformat.v4.new_notebook()
    sources = ["# Lesson", "text", "### Weighted mean", "code", "## Exercises", "last"]
    lesson.cells = [nbformat.v4.new_markdown_cell(source) for source in sources]

    def texts(since, until):
        return [cell.source for cell in decks.part_of(lesson, since, until).cells]

    assert texts(None, "Weighted mean") == ["# Lesson", "text"]
    assert texts("Weighted mean", None) == ["### Weighted mean", "code", "## Exercises", "last"]
    assert texts("Weighted mean", "Exercises") == ["### Weighted mean", "code"]
    assert texts(None, None) == sources
    with pytest.raises(ValueError, match="no cell of the lesson starts with the heading 'Nope'"):
        decks.part_of(lesson, "Nope", None)


def test_deck_names():
    session = {"start": "13:45", "title": "**Leaving No One Behind 3**: LNOB trees"}
    assert decks.deck_name("day-1", session) == "day-1-1345-leaving-no-one-behind-3"
    assert decks.deck_name("day-2", {"start": "08:30", "title": "Recap"}) == "day-2-0830-recap"
