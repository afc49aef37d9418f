"""The workshop evaluation form: ratings, choices and free text, saved to a CSV like the quizzes.

The form's items are data (``sptools/assessment/evaluation.yml``): the workshop objectives, each
session, pace, the trainers, and what to change in the tools for national use.
:meth:`Evaluation.show` displays them with ipywidgets and a *Save* button;
:meth:`Evaluation.answer` does the same from a plain code cell. Answers go to
``evaluation-<participant>.csv`` in
:func:`~sptools.assessment.record.answers_folder`; the latest answer to an item counts.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from sptools.assessment.record import answers_folder, append_rows, participant_code, timestamp

__all__ = ["EVALUATION_COLUMNS", "Evaluation", "Item", "evaluation_items"]

EVALUATION_COLUMNS = ("participant", "section", "item", "answer", "timestamp")
RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Item:
    """One item of the form: its id, section, kind, text and (for ``choice``) options."""

    id: str
    section: str
    kind: Literal["rating", "choice", "text"]
    text: str
    options: tuple[str, ...] = ()

    def validate(self, value: Any) -> Any:
        """The value to save, or ``ValueError`` saying what this item accepts.

        Examples
        --------
        >>> pace = Item("pace", "Pace", "choice", "Pace", ("too slow", "about right"))
        >>> pace.validate("About right")
        'about right'
        """
        if self.kind == "rating":
            if isinstance(value, bool) or value not in RATINGS:
                raise ValueError(f"{self.id}: give a whole number from 1 to 5, not {value!r}.")
            return int(value)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{self.id}: give your answer as text in quotes.")
        if self.kind == "choice":
            chosen = value.strip().lower()
            if chosen not in self.options:
                raise ValueError(f"{self.id}: choose one of {list(self.options)}, not {value!r}.")
            return chosen
        return " ".join(value.split())


@cache
def evaluation_items() -> tuple[tuple[str, str, tuple[Item, ...]], ...]:
    """The form's sections: (name, question, items), from ``evaluation.yml``.

    Examples
    --------
    >>> [name for name, _, _ in evaluation_items()][:2]
    ['Workshop objectives', 'Sessions']
    """
    data = yaml.safe_load((Path(__file__).parent / "evaluation.yml").read_text("utf-8"))
    sections, seen = [], set()
    for section in data["sections"]:
        items = []
        for raw in section["items"]:
            if raw["id"] in seen or raw["kind"] not in ("rating", "choice", "text"):
                raise ValueError(
                    f"evaluation.yml: item {raw['id']!r} is repeated or has a bad kind."
                )
            seen.add(raw["id"])
            options = tuple(str(o) for o in raw.get("options", ()))
            items.append(Item(raw["id"], section["name"], raw["kind"], raw["text"], options))
        sections.append((section["name"], section.get("question", ""), tuple(items)))
    return tuple(sections)


@dataclass
class Evaluation:
    """The evaluation form for one participant.

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["SPTOOLS_ASSESSMENT_DIR"] = tempfile.mkdtemp()
    >>> form = Evaluation(participant="P07")
    >>> form.answer("pace", "about right")
    ✅ Saved: pace = about right
    True
    """

    participant: Any = ...
    code: str | None = field(init=False)
    items: dict[str, Item] = field(init=False)

    def __post_init__(self) -> None:
        self.code = participant_code(self.participant)
        self.items = {item.id: item for _, _, items in evaluation_items() for item in items}
        if self.code is None:
            print(
                "⚠️ No participant code: nothing will be saved.\n"
                '   Write the code your trainer gave you, e.g. participant = "P07", and run this '
                "cell again."
            )

    @property
    def path(self):
        """The participant's evaluation file (``evaluation-<code>.csv``)."""
        return answers_folder() / f"evaluation-{self.code}.csv"

    def save(self, item_id: str, value: Any) -> str:
        """Validate and save one answer; return what was saved (raises ``ValueError``)."""
        if item_id not in self.items:
            raise ValueError(f"the form has no item {item_id!r}; items: {', '.join(self.items)}.")
        item = self.items[item_id]
        clean = item.validate(value)
        if self.code is None:
            raise ValueError('no participant code: give participant="P07" at the top first.')
        row = {
            "participant": self.code,
            "section": item.section,
            "item": item.id,
            "answer": clean,
            "timestamp": timestamp(),
        }
        append_rows(self.path, EVALUATION_COLUMNS, [row])
        return str(clean)

    def answer(self, item_id: str, value: Any) -> bool:
        """Save one answer from a code cell and print what happened (never raises)."""
        if value is ...:
            print(f"✍️ {item_id}: not answered yet. Replace the ... and run the cell again.")
            return False
        try:
            saved = self.save(item_id, value)
        except ValueError as error:
            print(f"⚠️ {error}")
            return False
        print(f"✅ Saved: {item_id} = {saved}")
        return True

    def finish(self) -> None:
        """Record the items never answered (as blanks, so the trainer sees the form was opened)
        and print how many were answered."""
        answered = set()
        if self.code is not None and self.path.exists():
            import csv

            with self.path.open(encoding="utf-8") as handle:
                answered = {row["item"] for row in csv.DictReader(handle) if row["answer"]}
        blank = [item for item in self.items.values() if item.id not in answered]
        if self.code is None:
            print("Nothing saved: give your participant code at the top and run the form again.")
            return
        rows = [
            {"participant": self.code, "section": item.section, "item": item.id, "answer": "",
             "timestamp": timestamp()}
            for item in blank
        ]  # fmt: skip
        append_rows(self.path, EVALUATION_COLUMNS, rows)
        count = len(self.items) - len(blank)
        print(f"Thank you: {count} of {len(self.items)} answers saved in {self.path}.")

    def show(self) -> None:
        """Display the whole form with ipywidgets and one *Save* button."""
        import ipywidgets as widgets
        from IPython.display import HTML, display

        entries = {}
        for name, question, items in evaluation_items():
            display(HTML(f"<h3>{html.escape(name)}</h3><p><i>{html.escape(question)}</i></p>"))
            for item in items:
                display(HTML(f"<p>{html.escape(item.text)}</p>"))
                entries[item.id] = _entry(item, widgets)
                display(entries[item.id])
        button = widgets.Button(description="Save my answers", button_style="primary")
        output = widgets.HTML()

        def on_click(_button) -> None:
            saved, problems = 0, []
            for item_id, entry in entries.items():
                if entry.value in (None, ""):
                    continue
                try:
                    self.save(item_id, entry.value)
                    saved += 1
                except ValueError as error:
                    problems.append(str(error))
            output.value = html.escape(f"✅ {saved} answers saved. " + " ".join(problems))

        button.on_click(on_click)
        display(widgets.VBox([button, output]))


def _entry(item: Item, widgets):
    layout = widgets.Layout(width="auto")
    if item.kind == "rating":
        return widgets.ToggleButtons(options=list(RATINGS), value=None, layout=layout)
    if item.kind == "choice":
        return widgets.ToggleButtons(options=list(item.options), value=None, layout=layout)
    return widgets.Textarea(placeholder="your answer", layout=widgets.Layout(width="90%"))
