"""Question banks of the pre- and post-workshop quizzes: data (YAML), answers computed in Python.

One YAML file per workshop module in ``sptools/assessment/banks/`` (``m01_lnob.yml``, ...), found
automatically: a new module adds its quiz by adding a file (and, for answers computed from the
data, a module of :mod:`sptools.assessment.keys`). A question is either

- ``kind: choice``: lettered ``choices`` and the right ``answer`` (a letter), or ``compute:``, the
  name of a key whose value picks the right letter through ``values`` (letter -> value), e.g. the
  circumstance the data say matters most;
- ``kind: number``: ``compute:`` names a key that returns the exact value (never typed), shown and
  compared in the ``unit`` (``share``, ``percent``, ``points`` or ``number``) to ``decimals``
  decimal places: an answer within half a unit of the last decimal asked is right.

Every question has a stable ``id`` (what the answer CSVs record) and an ``explanation`` shown with
the feedback.

Examples
--------
>>> bank = load_bank("01")
>>> bank.module, len(bank.questions) >= 5
('01', True)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from numbers import Real
from pathlib import Path
from typing import Any, Literal

import yaml

from sptools.assessment.keys import KEYS

__all__ = ["Bank", "Question", "QuestionBankError", "available_modules", "load_bank"]

UNITS = {"share": 1.0, "percent": 100.0, "points": 100.0, "number": 1.0}
UNIT_WORDS = {"share": "", "percent": "%", "points": " percentage points", "number": ""}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class QuestionBankError(ValueError):
    """A question bank file is malformed (its message names the file, question and field)."""


@dataclass(frozen=True)
class Question:
    """One quiz question.

    Parameters
    ----------
    id : str
        Stable identifier, lower case with hyphens (recorded in the answer CSVs).
    kind : {"choice", "number"}
    text : str
    explanation : str
        Why the right answer is right (shown with the feedback).
    choices : dict of str to str
        For ``choice``: letter -> text.
    answer : str, optional
        For ``choice``: the right letter, unless ``compute`` gives it.
    compute : str, optional
        Name of a key in :data:`sptools.assessment.keys.KEYS`.
    values : dict of str to str
        For a computed ``choice``: letter -> the value of the key that makes it right.
    unit, decimals
        For ``number``: how the value is asked and compared.

    Examples
    --------
    >>> q = Question("m0", "number", "M0 if H = 0.2 and A = 0.45?", "M0 = H x A.",
    ...              compute="m0_of_h_and_a", unit="number", decimals=2)
    >>> q.expected, q.is_right(0.09), q.is_right(0.1)
    (0.09, True, False)
    """

    id: str
    kind: Literal["choice", "number"]
    text: str
    explanation: str
    choices: dict[str, str] = field(default_factory=dict)
    answer: str | None = None
    compute: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    unit: str = "number"
    decimals: int = 2

    @property
    def expected(self) -> Any:
        """The right answer: a letter, or the value in the question's unit (rounded as asked)."""
        value = KEYS[self.compute]() if self.compute else self.answer
        if self.kind == "choice":
            return self._letter(value) if self.compute else str(value)
        return round(float(value) * UNITS[self.unit], self.decimals)

    def _letter(self, value: Any) -> str:
        letters = [letter for letter, v in self.values.items() if v == str(value)]
        if not letters:
            raise QuestionBankError(
                f"question {self.id!r}: the data give {value!r}, which no choice's value is; "
                "add it to the question's values."
            )
        return letters[0]

    @property
    def tolerance(self) -> float:
        """Half a unit of the last decimal asked (with room for floating-point error)."""
        return 0.5 * 10.0**-self.decimals + 1e-9

    def is_right(self, answer: Any) -> bool:
        """Whether ``answer`` (a letter, or a number in the question's unit) is right."""
        if self.kind == "choice":
            return isinstance(answer, str) and answer.strip().lower() == self.expected
        if isinstance(answer, bool) or not isinstance(answer, Real) or not math.isfinite(answer):
            return False
        exact = KEYS[self.compute]() * UNITS[self.unit]
        return (
            abs(float(answer) - exact) <= self.tolerance
            or abs(float(answer) - self.expected) <= 1e-9
        )

    def show_answer(self) -> str:
        """The right answer as a participant reads it (``b: Every group ...`` or ``17.8%``)."""
        if self.kind == "choice":
            return f"{self.expected}: {self.choices[self.expected]}"
        return f"{self.expected:,.{self.decimals}f}{UNIT_WORDS[self.unit]}"


@dataclass(frozen=True)
class Bank:
    """The quiz of one workshop module: its number, title, questions (in order) and short name
    (from the file name: ``m01_lnob.yml`` -> ``lnob``)."""

    module: str
    title: str
    questions: tuple[Question, ...]
    name: str = ""

    def question(self, which: int | str) -> Question:
        """A question by its number (1, 2, ...) or its id.

        Examples
        --------
        >>> load_bank("01").question(1).id == load_bank("01").questions[0].id
        True
        """
        if isinstance(which, bool) or not isinstance(which, int | str):
            raise TypeError(f"give the question's number, e.g. 3, not {which!r}.")
        if isinstance(which, int):
            if not 1 <= which <= len(self.questions):
                raise ValueError(
                    f"module {self.module}'s quiz has questions 1 to {len(self.questions)}, "
                    f"not {which}."
                )
            return self.questions[which - 1]
        for question in self.questions:
            if question.id == which:
                return question
        known = ", ".join(q.id for q in self.questions)
        raise ValueError(f"module {self.module}'s quiz has no question {which!r} (ids: {known}).")


#: The folder of the question banks (shipped in the package).
BANKS = Path(__file__).parent / "banks"


def _bank_files() -> dict[str, Path]:
    return {path.name: path for path in sorted(BANKS.glob("*.yml"))}


def available_modules() -> list[str]:
    """The module numbers that have a question bank, in order.

    Examples
    --------
    >>> available_modules()[:4]
    ['00', '01', '02', '03']
    """
    return sorted(load_bank_file(name).module for name in _bank_files())


@cache
def load_bank_file(name: str) -> Bank:
    """Parse and check the bank file ``name`` (e.g. ``"m01_lnob.yml"``)."""
    files = _bank_files()
    if name not in files:
        raise QuestionBankError(f"no question bank {name!r}; the banks are {sorted(files)}.")
    try:
        data = yaml.safe_load(files[name].read_text("utf-8"))
    except yaml.YAMLError as error:
        raise QuestionBankError(f"{name} is not valid YAML: {error}") from None
    return parse_bank(data, name)


def load_bank(module: str | int) -> Bank:
    """The question bank of a workshop module (``"01"`` or ``1``).

    Raises
    ------
    ValueError
        When no bank exists for the module (the message lists those that do).
    """
    wanted = f"{int(module):02d}" if isinstance(module, int) else str(module).zfill(2)
    for name in _bank_files():
        bank = load_bank_file(name)
        if bank.module == wanted:
            return bank
    raise ValueError(
        f"there is no quiz for module {module!r}; quizzes exist for modules "
        f"{', '.join(available_modules())}."
    )


def parse_bank(data: Any, source: str) -> Bank:
    """Build a :class:`Bank` from the parsed YAML of ``source``, checking every field.

    Examples
    --------
    >>> parse_bank({"module": "01", "title": "t", "questions": []}, "x.yml")
    Traceback (most recent call last):
    ...
    sptools.assessment.bank.QuestionBankError: x.yml: 'questions' must be a non-empty list.
    """
    if not isinstance(data, dict) or not {"module", "title", "questions"} <= set(data):
        raise QuestionBankError(f"{source}: needs the keys module, title and questions.")
    module = str(data["module"])
    if not re.fullmatch(r"\d\d", module):
        raise QuestionBankError(f"{source}: module must be two digits in quotes, e.g. '04'.")
    items = data["questions"]
    if not isinstance(items, list) or not items:
        raise QuestionBankError(f"{source}: 'questions' must be a non-empty list.")
    questions = tuple(_question(item, f"{source}, question {n}") for n, item in enumerate(items, 1))
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise QuestionBankError(f"{source}: question ids {duplicates} are used twice.")
    stem = source.rsplit("/", 1)[-1].removesuffix(".yml")
    name = stem.split("_", 1)[1].replace("_", "-") if "_" in stem else stem
    return Bank(module, str(data["title"]), questions, name)


def _question(item: Any, where: str) -> Question:
    if not isinstance(item, dict):
        raise QuestionBankError(f"{where}: must be a mapping of fields.")
    for name in ("id", "kind", "text", "explanation"):
        if not isinstance(item.get(name), str) or not item[name].strip():
            raise QuestionBankError(f"{where}: field {name!r} is missing or empty.")
    if not ID_PATTERN.match(item["id"]):
        raise QuestionBankError(f"{where}: id {item['id']!r} must be lower case with hyphens.")
    unknown = set(item) - {f for f in Question.__dataclass_fields__}
    if unknown:
        raise QuestionBankError(f"{where}: unknown field(s) {sorted(unknown)}.")
    compute = item.get("compute")
    if compute is not None and compute not in KEYS:
        raise QuestionBankError(
            f"{where}: compute {compute!r} is not a key of sptools.assessment.keys; add it there."
        )
    if item["kind"] == "choice":
        choices = item.get("choices")
        if not isinstance(choices, dict) or len(choices) < 2:
            raise QuestionBankError(f"{where}: a choice question needs two or more choices.")
        choices = {str(k): str(v) for k, v in choices.items()}
        if (compute is None) == (item.get("answer") is None):
            raise QuestionBankError(f"{where}: give exactly one of 'answer' and 'compute'.")
        if compute is None and str(item["answer"]) not in choices:
            raise QuestionBankError(f"{where}: answer {item['answer']!r} is not a choice.")
        values = {str(k): str(v) for k, v in (item.get("values") or {}).items()}
        if compute is not None and set(values) != set(choices):
            raise QuestionBankError(
                f"{where}: a computed choice needs 'values' with one value per choice letter."
            )
        return Question(
            item["id"], "choice", item["text"], item["explanation"], choices,
            None if compute else str(item["answer"]), compute, values,
        )  # fmt: skip
    if item["kind"] == "number":
        if compute is None:
            raise QuestionBankError(
                f"{where}: a number question computes its answer: give 'compute' (never a typed "
                "answer)."
            )
        unit, decimals = item.get("unit", "number"), item.get("decimals", 2)
        if unit not in UNITS:
            raise QuestionBankError(f"{where}: unit {unit!r} is not one of {sorted(UNITS)}.")
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
            raise QuestionBankError(f"{where}: decimals must be a whole number from 0 to 6.")
        return Question(
            item["id"], "number", item["text"], item["explanation"],
            compute=compute, unit=unit, decimals=decimals,
        )  # fmt: skip
    raise QuestionBankError(f"{where}: kind must be 'choice' or 'number', not {item['kind']!r}.")
