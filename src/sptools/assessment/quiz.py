"""The quiz a participant takes in a notebook: immediate feedback, answers saved to a CSV.

A :class:`Quiz` is one module's question bank (:mod:`sptools.assessment.bank`) for one
participant at one stage (``"pre"``, at the opening, or ``"post"``, at the closing).
:meth:`Quiz.show` displays every question with ipywidgets controls (choices or a number box and a
*Check* button); :meth:`Quiz.answer` does the same from a plain code cell, for a JupyterLab
without widgets. Every answer is checked at once, with the explanation, and appended to
``quiz-<participant>.csv`` in :func:`~sptools.assessment.record.answers_folder`. Only the first
answer to a question at a stage counts in the results (the feedback gives the right answer away);
:meth:`Quiz.finish` records the questions left blank and prints the score.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Literal

from sptools.assessment.bank import Bank, Question, load_bank
from sptools.assessment.record import (
    QUIZ_COLUMNS,
    answers_folder,
    append_rows,
    participant_code,
    timestamp,
)

__all__ = ["Quiz", "QuizFeedback", "STAGES"]

STAGES = ("pre", "post")
Stage = Literal["pre", "post"]


@dataclass(frozen=True)
class QuizFeedback:
    """What a participant is told about one answer; truthy when it is right."""

    number: int
    question: Question
    answer: Any
    correct: bool | None
    saved: bool

    def __bool__(self) -> bool:
        return bool(self.correct)

    def __str__(self) -> str:
        head = f"Question {self.number}"
        if self.correct is None:
            return f"✍️ {head}: not answered yet. Replace the ... with your answer and run again."
        symbol, verdict = (
            ("✅", "right.")
            if self.correct
            else ("❌", f"not quite: the answer is {self.question.show_answer().rstrip('.')}.")
        )
        saved = "" if self.saved else " (not saved: give your participant code at the top)"
        return f"{symbol} {head}: {verdict} {self.question.explanation}{saved}"

    def __repr__(self) -> str:
        state = "blank" if self.correct is None else "right" if self.correct else "wrong"
        return f"<QuizFeedback question {self.number}: {state}>"

    def _ipython_display_(self) -> None:
        """Nothing: :meth:`Quiz.answer` has printed the message."""


@dataclass
class Quiz:
    """A module's quiz for one participant at one stage.

    Parameters
    ----------
    module : str or int
        The workshop module (``"01"`` or ``1``).
    participant : str
        The code the trainer gave you (e.g. ``"P07"``), not your name. ``...`` uses the
        environment variable ``SPTOOLS_PARTICIPANT``, or saves nothing.
    stage : {"pre", "post"}
        ``"pre"`` at the opening of the workshop, ``"post"`` at the closing.

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["SPTOOLS_ASSESSMENT_DIR"] = tempfile.mkdtemp()
    >>> quiz = Quiz("01", participant="P07", stage="pre")
    >>> feedback = quiz.answer(1, "a")  # doctest: +ELLIPSIS
    ✅ Question 1: right. ...
    >>> bool(feedback), quiz.path.name
    (True, 'quiz-P07.csv')
    """

    module: str | int
    participant: Any = ...
    stage: Stage = "pre"
    bank: Bank = field(init=False)
    code: str | None = field(init=False)
    _answered: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f'stage must be "pre" or "post", not {self.stage!r}.')
        self.bank = load_bank(self.module)
        self.module = self.bank.module
        self.code = participant_code(self.participant)
        if self.code is None:
            print(
                "⚠️ No participant code: your answers are checked but not saved.\n"
                '   Write the code your trainer gave you, e.g. participant = "P07", and run this '
                "cell again."
            )

    @property
    def path(self):
        """The participant's answer file (``quiz-<code>.csv``)."""
        return answers_folder() / f"quiz-{self.code}.csv"

    def _record(self, question: Question, answer: Any, correct: bool | None) -> bool:
        if self.code is None:
            return False
        row = {
            "participant": self.code,
            "module": self.module,
            "stage": self.stage,
            "question": question.id,
            "answer": "" if answer is ... or answer is None else answer,
            "correct": "" if correct is None else correct,
            "timestamp": timestamp(),
        }
        append_rows(self.path, QUIZ_COLUMNS, [row])
        return True

    def check(self, number: int | str, answer: Any) -> QuizFeedback:
        """Check and save an answer without printing (the widgets and :meth:`answer` use it)."""
        question = self.bank.question(number)
        position = self.bank.questions.index(question) + 1
        if answer is ... or answer is None or (isinstance(answer, str) and not answer.strip()):
            return QuizFeedback(position, question, answer, None, False)
        if question.kind == "number" and isinstance(answer, str):
            try:
                answer = float(answer.replace(",", "").replace("%", ""))
            except ValueError:
                answer = answer.strip()
        correct = question.is_right(answer)
        saved = self._record(question, answer, correct)
        self._answered.add(question.id)
        return QuizFeedback(position, question, answer, correct, saved)

    def answer(self, number: int | str, answer: Any) -> QuizFeedback | None:
        """Answer question ``number`` (a letter such as ``"b"``, or a number); print feedback.

        Never raises for a wrong or blank answer; an unknown question number gets a message.
        """
        try:
            feedback = self.check(number, answer)
        except (TypeError, ValueError) as error:
            print(f"⚠️ {error}")
            return None
        print(feedback)
        return feedback

    def finish(self) -> None:
        """Record the questions left unanswered in this session and print the score (the right
        first answers of this participant at this stage, out of the questions)."""
        blank = [q for q in self.bank.questions if q.id not in self._answered]
        for question in blank:
            self._record(question, ..., None)
        right = self.score()
        total = len(self.bank.questions)
        print(
            f"Module {int(self.module)} {self.stage}-workshop quiz: {right} of {total} right"
            + (f" ({len(blank)} not answered)." if blank else ".")
            + (f" Saved in {self.path}." if self.code else " Not saved (no participant code).")
        )

    def score(self) -> int:
        """Right first answers saved for this participant, module and stage."""
        if self.code is None or not self.path.exists():
            return 0
        from sptools.assessment.results import first_answers, read_answers

        rows = first_answers(read_answers([self.path]))
        mine = rows[(rows["module"] == self.module) & (rows["stage"] == self.stage)]
        return int(mine["correct"].sum())

    # -- widgets ---------------------------------------------------------------------------------

    def show(self) -> None:
        """Display every question with its controls (ipywidgets) and a *Check* button."""
        from IPython.display import HTML, display

        intro = (
            f"<p><b>Module {int(self.module)}, {html.escape(self.bank.title)}</b>: "
            f"{len(self.bank.questions)} questions, {self.stage}-workshop quiz.</p>"
        )
        display(HTML(intro))
        for number, question in enumerate(self.bank.questions, 1):
            display(HTML(question_html(number, question)))
            display(self.control(number))

    def control(self, number: int):
        """The widget of question ``number``: choices or a number box, a button, the feedback."""
        import ipywidgets as widgets

        question = self.bank.question(number)
        if question.kind == "choice":
            entry = widgets.ToggleButtons(
                options=list(question.choices),
                value=None,
                tooltips=list(question.choices.values()),
                style={"button_width": "3em"},
            )
        else:
            entry = widgets.Text(
                placeholder="your answer, e.g. 12.3",
                description="Answer:",
                style={"description_width": "initial"},
            )
        button = widgets.Button(description="Check", button_style="primary")
        output = widgets.HTML()

        def on_click(_button) -> None:
            feedback = self.check(number, entry.value)
            output.value = f"<p>{html.escape(str(feedback))}</p>"

        button.on_click(on_click)
        return widgets.VBox([entry, button, output])


def question_html(number: int, question: Question) -> str:
    """A question as HTML: its number, text and lettered choices (for the notebook and print)."""
    text = f"<p><b>{number}.</b> {html.escape(question.text)}</p>"
    if question.kind == "choice":
        items = "".join(
            f"<li><b>{k}</b>) {html.escape(v)}</li>" for k, v in question.choices.items()
        )
        text += f"<ul style='list-style: none'>{items}</ul>"
    return text
