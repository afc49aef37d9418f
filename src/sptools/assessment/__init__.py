"""Assessment of a workshop: pre- and post-workshop quizzes, the evaluation form, the results.

- :class:`Quiz` (:mod:`~sptools.assessment.quiz`): a module's quiz in a notebook, immediate
  feedback, answers appended to a CSV on the laptop;
- :class:`Evaluation` (:mod:`~sptools.assessment.evaluation`): the evaluation form;
- :func:`write_results` (:mod:`~sptools.assessment.results`): the room's answers merged into an
  Excel workbook and a chart (``python3 tasks.py quiz-results FOLDER``).

The question banks are YAML files in ``sptools/assessment/banks/`` and their computed answers are
in :mod:`sptools.assessment.keys`.
"""

from __future__ import annotations

from sptools.assessment.bank import Bank, Question, available_modules, load_bank
from sptools.assessment.evaluation import Evaluation
from sptools.assessment.quiz import Quiz
from sptools.assessment.results import write_results

__all__ = [
    "Bank",
    "Evaluation",
    "Question",
    "Quiz",
    "available_modules",
    "load_bank",
    "write_results",
]
