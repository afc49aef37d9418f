"""The agenda adds up: every session lasts exactly the minutes of its lessons (from their notebook
metadata) plus its stated activities, and book/agenda.md shows what book/agenda.yml says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import REPOSITORY, read_notebook

from sptools.trainer import agenda
from sptools.trainer.lessons import (
    lesson_paths,
    metadata_minutes,
    notebook_stated_minutes,
    stated_minutes,
)

LESSONS = lesson_paths(REPOSITORY)


def test_there_are_lessons():
    assert len(LESSONS) >= 19


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_lesson_metadata_minutes_are_its_stated_time(path):
    notebook = read_notebook(path)
    stated = notebook_stated_minutes(notebook)
    assert stated is not None, f"{path.name} has no 'Time' section stating 'N minutes'"
    assert metadata_minutes(notebook) == stated, (
        f'{path.name}: its "Time" section says {stated} minutes; set "sptools": '
        f'{{"minutes": {stated}}} in the notebook metadata'
    )


def test_every_session_of_every_variant_adds_up():
    assert agenda.problems(REPOSITORY) == []


def test_the_agenda_page_shows_the_agenda_data():
    current = (REPOSITORY / agenda.AGENDA_MD).read_text("utf-8")
    assert agenda.render(REPOSITORY, current) == current, "run `python3 tasks.py agenda`"
    for variant in agenda.load(REPOSITORY)["variants"]:
        assert f"<!-- agenda:{variant} -->" in current, f"agenda.md has no block for {variant}"


def test_every_workshop_gives_the_quizzes_evaluation_and_certificates_a_slot():
    data = agenda.load(REPOSITORY)
    for name in ("two-day", "three-day"):
        activities = {
            activity
            for day in data["variants"][name]["days"]
            for session in data["days"][day]["sessions"]
            for activity in session["activities"]
        }
        slots = ("pre-workshop quiz", "post-workshop quiz", "evaluation form", "certificates")
        for needed in slots:
            assert needed in activities, f"{name} has no slot for the {needed}"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("**Time to learn**: about 90 minutes.", 90),
        ("## Prerequisites\n\nnone\n\n## Time\n\n40 minutes: 5 to form groups.", 40),
        ("## Time\n\n15 minutes in the workshop (in outline), 30 minutes alone.", 15),
        ("**Time**: 25 min, then homework", 25),
        ("## Time\n\nHalf a day.\n\n## Next\n\n30 minutes later", None),
        ("Nothing about time here, only 20 minutes of text", None),
    ],
)
def test_stated_minutes_reads_the_time_section(text, minutes):
    assert stated_minutes(text) == minutes


# A small repository with two lessons, to check that the checks fail when they should.


def _lesson(folder: Path, name: str, minutes: int | None) -> None:
    metadata = {} if minutes is None else {"sptools": {"minutes": minutes}}
    source = f"# Lesson {name}\n\n## Part one\n\n## Part two"
    notebook = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": source}],
        "metadata": metadata,
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ipynb").write_text(json.dumps(notebook))


def _session(start, end, notebooks, activities=None, title="A session"):
    return {
        "start": start,
        "end": end,
        "title": title,
        "notebooks": notebooks,
        "activities": activities or {},
    }


@pytest.fixture
def small(tmp_path):
    _lesson(tmp_path / "modules" / "01-a", "01-first", 30)
    _lesson(tmp_path / "modules" / "01-a", "02-second", 45)
    data = {
        "pending": {"modules/02-b/01-later": {"minutes": 20, "title": "Later"}},
        "days": {
            "d1": {
                "title": "Day 1: test",
                "sessions": [
                    _session("09:00", "09:40", ["modules/01-a/01-first"], {"buffer": 10}),
                    _session("09:40", "10:25", ["modules/01-a/02-second"]),
                    _session("10:25", "10:45", ["modules/02-b/01-later"]),
                    _session("10:45", "11:00", [], {"coffee break": 15}),
                ],
            }
        },
        "variants": {
            "v": {
                "title": "V",
                "days": ["d1"],
                "accounts_for": ["modules/01-a", "modules/02-b"],
                "not_taught": {},
            }
        },
    }
    return tmp_path, data


def test_a_consistent_small_agenda_has_no_problem(small):
    root, data = small
    assert agenda.problems(root, data) == []


def test_a_session_that_does_not_add_up_is_named(small):
    root, data = small
    data["days"]["d1"]["sessions"][0]["activities"] = {"buffer": 5}
    data["days"]["d1"]["sessions"][0]["end"] = "09:40"
    (problem,) = agenda.problems(root, data)
    assert "lasts 40 minutes but holds 35" in problem
    assert "30 (modules/01-a/01-first) + 5 (buffer)" in problem


def test_a_lesson_whose_time_changes_breaks_its_session(small):
    root, data = small
    _lesson(root / "modules" / "01-a", "02-second", 50)
    (problem,) = agenda.problems(root, data)
    assert "lasts 45 minutes but holds 50" in problem


def test_a_lesson_without_minutes_in_its_metadata_is_named(small):
    root, data = small
    _lesson(root / "modules" / "01-a", "02-second", None)
    problems = agenda.problems(root, data)
    assert problems and all("02-second.ipynb has no" in problem for problem in problems)


def test_a_gap_between_sessions_is_named(small):
    root, data = small
    data["days"]["d1"]["sessions"][1].update(start="09:45", end="10:30")
    problems = agenda.problems(root, data)
    assert any("ends at 09:40 but the next session" in problem for problem in problems)


def test_a_session_must_say_it_has_no_notebook(small):
    root, data = small
    del data["days"]["d1"]["sessions"][3]["notebooks"]
    with pytest.raises(ValueError, match="write `notebooks: \\[\\]`"):
        agenda.problems(root, data)


def test_an_unknown_notebook_is_refused(small):
    root, data = small
    data["days"]["d1"]["sessions"][1]["notebooks"] = ["modules/01-a/02-secnod"]
    with pytest.raises(FileNotFoundError, match="02-secnod.ipynb, which does not exist"):
        agenda.problems(root, data)


def test_a_pending_lesson_that_now_exists_must_leave_the_pending_list(small):
    root, data = small
    _lesson(root / "modules" / "02-b", "01-later", 20)
    (problem,) = agenda.problems(root, data)
    assert "exists now: delete its line from `pending:`" in problem
    del data["pending"]["modules/02-b/01-later"]
    assert agenda.problems(root, data) == []


def test_every_lesson_is_taught_or_left_out_with_a_reason(small):
    root, data = small
    _lesson(root / "modules" / "01-a", "03-third", 25)
    (problem,) = agenda.problems(root, data)
    assert "modules/01-a/03-third is neither in a session nor in `not_taught`" in problem
    data["variants"]["v"]["not_taught"] = {"modules/01-a/03-third": "reading"}
    assert agenda.problems(root, data) == []


def test_the_parts_of_a_split_lesson_add_up_to_its_time(small):
    root, data = small
    sessions = data["days"]["d1"]["sessions"]
    sessions[0]["notebooks"] = [{"path": "modules/01-a/01-first", "minutes": 20}]
    sessions[0]["activities"] = {"buffer": 20}
    assert any("parts in the sessions add up to 20" in p for p in agenda.problems(root, data))
    sessions[1]["notebooks"].append({"path": "modules/01-a/01-first", "minutes": 10})
    sessions[1].update(end="10:35")
    sessions[2].update(start="10:35", end="10:55")
    sessions[3].update(start="10:55", end="11:10")
    assert agenda.problems(root, data) == []


def test_the_headings_that_split_a_lesson_must_exist(small):
    root, data = small
    entry = {"path": "modules/01-a/01-first", "minutes": 30, "since": "Part two"}
    data["days"]["d1"]["sessions"][0]["notebooks"] = [entry]
    assert agenda.problems(root, data) == []
    entry["until"] = "Part three"
    (problem,) = agenda.problems(root, data)
    assert "01-first.ipynb has no heading 'Part three'" in problem


def test_the_rendered_table_shows_the_arithmetic(small):
    root, data = small
    (root / "book").mkdir()
    (root / "book" / "agenda.yml").write_text(yaml.safe_dump(data))
    page = "# Agenda\n\n<!-- agenda:v -->\nstale\n<!-- end agenda:v -->\n"
    (root / "book" / "agenda.md").write_text(page)
    assert agenda.write(root, check=True) is False
    assert agenda.write(root) is True
    text = (root / "book" / "agenda.md").read_text()
    link = "[Lesson 01-first](../modules/01-a/01-first.ipynb)"
    assert f"| 09:00–09:40 | A session | {link}: 30 min<br>buffer: 10 min | 40 |" in text
    assert "| Later (*being written*): 20 min | 20 |" in text
    assert "| Day 1 | 09:00–11:00 | 95 | 25 | 120 |" in text
    assert "stale" not in text
    assert agenda.write(root, check=True) is True
