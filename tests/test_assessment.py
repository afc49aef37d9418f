"""Quizzes, evaluation form and the room's results (sptools.assessment)."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPOSITORY

from sptools.assessment import Evaluation, Quiz, available_modules, load_bank
from sptools.assessment.bank import Question, QuestionBankError, parse_bank
from sptools.assessment.keys import KEYS
from sptools.assessment.notebooks import write_notebooks
from sptools.assessment.record import QUIZ_COLUMNS
from sptools.assessment.results import (
    anonymised,
    by_participant,
    by_question,
    first_answers,
    read_answers,
    write_results,
)
from sptools.exercises import EXERCISES


@pytest.fixture(autouse=True)
def answers(tmp_path, monkeypatch) -> Path:
    """Every test saves its answers in its own temporary folder."""
    monkeypatch.setenv("SPTOOLS_ASSESSMENT_DIR", str(tmp_path / "answers"))
    monkeypatch.delenv("SPTOOLS_PARTICIPANT", raising=False)
    return tmp_path / "answers"


# -- the banks ------------------------------------------------------------------------------------


def test_modules_0_to_5_have_a_quiz_of_choices_and_computed_numbers():
    assert available_modules()[:6] == ["00", "01", "02", "03", "04", "05"]
    for module in available_modules():
        kinds = {q.kind for q in load_bank(module).questions}
        assert kinds == {"choice", "number"}, module


@pytest.mark.parametrize("module", ["00", "01", "02", "03", "04", "05"])
def test_every_answer_is_computable_and_shown(module):
    for question in load_bank(module).questions:
        expected = question.expected
        if question.kind == "choice":
            assert expected in question.choices, question.id
        else:
            assert question.compute in KEYS and question.is_right(expected), question.id
        assert question.show_answer()


def test_right_answers_are_not_all_the_same_letter():
    letters = [
        q.expected
        for m in available_modules()
        for q in load_bank(m).questions
        if q.kind == "choice"
    ]
    assert max(letters.count(letter) for letter in set(letters)) < 0.5 * len(letters)


def test_computed_answers_match_the_exercise_keys_and_hand_computations():
    """Two code paths (quiz keys, exercise keys) and the hand computations of the lessons."""
    assert KEYS["national_poverty_rate"]() == pytest.approx(EXERCISES["00.7"].answer_key)
    assert KEYS["electricity_rate"]() == pytest.approx(EXERCISES["01.1"].answer_key)
    # worked example: p = .5525; sum s|p_g - p| = .17875; D = .17875 / 1.105
    assert KEYS["worked_example_d"]() == pytest.approx(0.17875 / 1.105)
    assert KEYS["worked_example_d"]() == pytest.approx(EXERCISES["01.3"].answer_key)
    assert KEYS["clean_fuel_main_circumstance"]() == EXERCISES["01.8"].answer_key
    assert KEYS["m0_of_h_and_a"]() == 0.09
    # 1/6 + 1/18 + 1/18 = 5/18: at least 1/5, below 1/3
    assert Fraction(1, 5) <= Fraction(1, 6) + 2 * Fraction(1, 18) < Fraction(1, 3)
    assert KEYS["example_person_status"]() == "vulnerable"
    assert KEYS["global_headcount"]() == pytest.approx(EXERCISES["02.4"].answer_key)
    assert KEYS["largest_contributor"]() == EXERCISES["02.6"].answer_key
    assert KEYS["pension_cost_share_of_gdp"]() == pytest.approx(EXERCISES["03.2"].answer_key)
    assert KEYS["child_benefit_poverty_change"]() == pytest.approx(EXERCISES["03.3"].answer_key)
    # module 4: 100 + 100 / 1.05 + 100 / 1.05^2, and the exercises' keys (in riel for 04.1)
    assert KEYS["present_value_of_three_years"]() == pytest.approx(100 + 100 / 1.05 + 100 / 1.1025)
    by_hand = EXERCISES["04.1"].answer_key
    assert KEYS["disability_allowance_by_hand"]() * 1e9 == pytest.approx(by_hand)
    assert KEYS["child_benefit_cost_2025"]() == pytest.approx(EXERCISES["04.2"].answer_key)
    assert KEYS["flood_cash_coverage"]() == pytest.approx(EXERCISES["04.8"].answer_key)
    # module 5: 2^w = m / u = 90; recall 135 / 180 = 3 / 4; and the exercises' keys
    assert 2 ** KEYS["match_weight_of_agreement"]() == pytest.approx(90)
    assert KEYS["recall_of_counts"]() == 0.75
    assert KEYS["sdg_131_coverage"]() == pytest.approx(EXERCISES["05.4"].answer_key)
    assert KEYS["idpoor_exclusion_error"]() == pytest.approx(EXERCISES["05.6"].answer_key)
    assert KEYS["elderly_allowance_execution"]() == pytest.approx(EXERCISES["05.7"].answer_key)


def test_a_number_is_right_within_half_a_unit_of_the_last_decimal_asked():
    question = Question("m0", "number", "M0?", "H x A", compute="m0_of_h_and_a", decimals=2)
    assert question.is_right(0.09) and question.is_right(0.094) and question.is_right(0.0851)
    assert not question.is_right(0.0951) and not question.is_right(0.08)
    for wrong_type in (True, "0.09", float("nan"), None):
        assert not question.is_right(wrong_type)
    percent = Question("p", "number", "?", "", compute="m0_of_h_and_a", unit="percent", decimals=0)
    assert percent.expected == 9 and percent.is_right(9) and not percent.is_right(0.09)


BASE = {"id": "q", "kind": "number", "text": "t", "explanation": "e", "compute": "m0_of_h_and_a"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"compute": None, "answer": 0.09}, "computes its answer"),
        ({"compute": "no_such_key"}, "not a key"),
        ({"unit": "metres"}, "unit"),
        ({"decimals": -1}, "decimals"),
        ({"text": ""}, "'text'"),
        ({"id": "Q 1"}, "lower case"),
        ({"kind": "essay"}, "kind"),
        ({"typo": 1}, "unknown field"),
        ({"kind": "choice", "compute": None, "choices": {"a": "x", "b": "y"}, "answer": "c"},
         "not a choice"),
        ({"kind": "choice", "choices": {"a": "x", "b": "y"}, "values": {"a": "x"}}, "values"),
    ],
)  # fmt: skip
def test_a_malformed_bank_is_refused_with_the_field_named(change, message):
    item = {k: v for k, v in {**BASE, **change}.items() if v is not None}
    with pytest.raises(QuestionBankError, match=message):
        parse_bank({"module": "09", "title": "t", "questions": [item]}, "m09_test.yml")


def test_duplicate_ids_and_bad_module_numbers_are_refused():
    with pytest.raises(QuestionBankError, match="used twice"):
        parse_bank({"module": "09", "title": "t", "questions": [BASE, BASE]}, "x.yml")
    with pytest.raises(QuestionBankError, match="two digits"):
        parse_bank({"module": 9, "title": "t", "questions": [BASE]}, "x.yml")


def test_an_unknown_module_lists_the_quizzes():
    with pytest.raises(ValueError, match="quizzes exist for modules 00, 01"):
        load_bank("07")


# -- taking a quiz --------------------------------------------------------------------------------


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_answers_are_checked_at_once_and_saved_with_the_participant_code(answers, capsys):
    quiz = Quiz("01", participant="p07", stage="pre")
    right = load_bank("01").question(1).expected
    assert quiz.answer(1, right)
    wrong = next(k for k in load_bank("01").question(1).choices if k != right)
    assert not quiz.answer(1, wrong)
    out = capsys.readouterr().out
    assert "✅ Question 1: right." in out and "❌ Question 1: not quite: the answer is" in out
    rows = _rows(answers / "quiz-P07.csv")
    assert list(rows[0]) == list(QUIZ_COLUMNS)
    assert [(r["participant"], r["module"], r["stage"], r["correct"]) for r in rows] == [
        ("P07", "01", "pre", "True"),
        ("P07", "01", "pre", "False"),
    ]
    assert quiz.score() == 1, "the first answer counts, not the last"


def test_a_number_may_be_typed_as_text_in_the_widget(answers):
    quiz = Quiz("02", participant="P01", stage="post")
    number = [q.id for q in quiz.bank.questions].index("m0-from-h-and-a") + 1
    assert quiz.check(number, " 0.09 ")
    assert not quiz.check(number, "nine percent")


def test_a_blank_answer_is_not_saved_and_finish_records_the_blanks(answers, capsys):
    quiz = Quiz("00", participant="P02", stage="post")
    assert quiz.answer(1, ...).correct is None
    assert not (answers / "quiz-P02.csv").exists()
    quiz.answer(2, 1.0)
    quiz.finish()
    total = len(quiz.bank.questions)
    rows = _rows(answers / "quiz-P02.csv")
    assert quiz.score() == 0 and len(rows) == total
    assert sum(r["answer"] == "" for r in rows) == total - 1
    assert "0 of 7 right (6 not answered)" in capsys.readouterr().out


def test_without_a_code_nothing_is_saved_and_a_name_is_refused(answers, capsys):
    quiz = Quiz("01")
    assert "not saved" in capsys.readouterr().out
    assert quiz.answer(1, "a") is not None
    quiz.finish()
    assert not answers.exists() or not list(answers.iterdir())
    with pytest.raises(ValueError, match="not your name"):
        Quiz("01", participant="Sok Dara")
    with pytest.raises(ValueError, match='"pre" or "post"'):
        Quiz("01", participant="P1", stage="during")


def test_the_code_can_come_from_the_environment(answers, monkeypatch):
    monkeypatch.setenv("SPTOOLS_PARTICIPANT", "T01")
    Quiz("03", stage="pre").answer(1, "a")
    assert _rows(answers / "quiz-T01.csv")[0]["participant"] == "T01"


def test_an_unknown_question_number_gets_a_message(capsys):
    Quiz("01", participant="P1").answer(99, "a")
    assert "questions 1 to 7, not 99" in capsys.readouterr().out


def test_the_widget_checks_and_saves_like_answer(answers):
    quiz = Quiz("01", participant="P03", stage="post")
    box = quiz.control(1)
    entry, button, output = box.children
    entry.value = quiz.bank.question(1).expected
    button.click()
    assert "right" in output.value
    assert _rows(answers / "quiz-P03.csv")[0]["correct"] == "True"


# -- the evaluation form --------------------------------------------------------------------------


def test_the_evaluation_form_saves_ratings_choices_and_text(answers, capsys):
    form = Evaluation(participant="P04")
    assert form.answer("overall", 5) and form.answer("pace", "Too fast")
    assert form.answer("tools-change", "  Stata   do-files  ")
    assert not form.answer("overall", 6) and not form.answer("pace", "fine")
    assert not form.answer("no-such-item", 3) and not form.answer("keep", ...)
    form.finish()
    assert f"3 of {len(form.items)} answers saved" in capsys.readouterr().out
    rows = _rows(answers / "evaluation-P04.csv")
    saved = {r["item"]: r["answer"] for r in rows if r["answer"]}
    assert saved == {"overall": "5", "pace": "too fast", "tools-change": "Stata do-files"}
    assert len(rows) == len(form.items)
    sections = {r["section"] for r in rows}
    assert {"Workshop objectives", "Sessions", "Trainers", "The tools for national use"} <= sections


# -- the room's results ---------------------------------------------------------------------------


def _answers(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["participant", "stage", "question", "correct", "timestamp"])
    return frame.assign(
        module="01", answer="x", correct=frame["correct"].astype("boolean"), file="f"
    )


def test_gains_are_first_answers_after_minus_before_among_those_who_took_both():
    rows = _answers(
        ("A", "pre", "q1", False, "1"), ("A", "pre", "q1", True, "2"),  # retry: first counts
        ("A", "post", "q1", True, "3"),
        ("B", "pre", "q1", True, "1"), ("B", "post", "q1", True, "3"),
        ("C", "pre", "q1", False, "1"),  # no post: not paired
        ("A", "pre", "q2", None, "1"), ("A", "post", "q2", True, "3"),  # blank counts as wrong
        ("B", "pre", "q2", True, "1"), ("B", "post", "q2", None, "3"),
    )  # fmt: skip
    first = first_answers(rows)
    table = by_question(first).set_index("question")
    assert table.loc["q1", "pre_right"] == pytest.approx(1 / 3)
    assert table.loc["q1", "gain"] == pytest.approx(1.0 - 0.5)
    assert table.loc["q1", ["n_pre", "n_post", "n_paired"]].tolist() == [3, 2, 2]
    assert table.loc["q2", "gain"] == pytest.approx(0.5 - 0.5)
    people = by_participant(first)
    assert not set(people["participant"]) & {"A", "B", "C"}
    # A: 0 of 2 before, 2 of 2 after; B: 2 of 2 before, 1 of 2 after (a blank); C: no post
    assert sorted(people["gain"].dropna()) == [-0.5, 1.0]


def test_anonymised_labels_do_not_follow_the_codes():
    names = anonymised([f"P{n:02d}" for n in range(1, 13)])
    assert sorted(names.values())[0] == "Participant 01"
    assert [names[f"P{n:02d}"] for n in range(1, 13)] != sorted(names.values())


def test_quiz_results_merge_a_room_into_excel_and_a_chart(tmp_path, monkeypatch):
    for laptop, code in enumerate(["P01", "P02"]):
        monkeypatch.setenv("SPTOOLS_ASSESSMENT_DIR", str(tmp_path / "room" / f"laptop{laptop}"))
        for stage in ("pre", "post"):
            quiz = Quiz("01", participant=code, stage=stage)
            quiz.check(1, quiz.bank.question(1).expected if stage == "post" else "z")
            quiz.finish()
        Evaluation(participant=code).save("overall", 4 + laptop)
    workbook, chart = write_results(tmp_path / "room")
    sheets = pd.read_excel(workbook, sheet_name=None)
    assert {"by question", "by participant", "first answers", "evaluation"} <= set(sheets)
    questions = sheets["by question"].set_index("question")
    assert questions.loc["d-index-zero", "gain"] == 1.0
    assert questions.loc["hoi-formula", "gain"] == 0.0
    assert sheets["evaluation"].set_index("item").loc["overall", "mean_rating"] == 4.5
    assert "P01" not in workbook.read_bytes().decode("latin-1")
    assert chart.stat().st_size > 10_000


def test_quiz_results_explain_an_empty_or_foreign_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no quiz-"):
        write_results(tmp_path)
    (tmp_path / "quiz-x.csv").write_text("name,score\nSok,3\n")
    with pytest.raises(ValueError, match="lacks the columns"):
        write_results(tmp_path)
    assert read_answers([]).empty


# -- the notebooks --------------------------------------------------------------------------------


def test_the_committed_notebooks_are_those_the_banks_generate():
    stale = write_notebooks(REPOSITORY / "assessment", check=True)
    assert not stale, f"run `python -m sptools.assessment build`: {stale} differ from their banks"


@pytest.mark.slow
def test_a_quiz_notebook_runs_and_saves_to_the_folder_of_the_environment(tmp_path, monkeypatch):
    from notebook_kernel import notebook_kernel

    monkeypatch.setenv("SPTOOLS_ASSESSMENT_DIR", str(tmp_path / "answers"))
    monkeypatch.setenv("SPTOOLS_PARTICIPANT", "NB1")
    with notebook_kernel(REPOSITORY / "assessment" / "quiz-01-lnob.ipynb", tmp_path) as run:
        run("assert quiz.code == 'NB1' and quiz.answer(2, 0.16)")
    rows = _rows(tmp_path / "answers" / "quiz-NB1.csv")
    assert len(rows) == len(load_bank("01").questions) + 1
    assert rows[-1]["question"] == "worked-example-d" and rows[-1]["correct"] == "True"
