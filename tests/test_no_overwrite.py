"""Nothing the user owns is overwritten: generated files that differ are kept unless forced, and
then backed up; tasks.py takes its options wherever they stand."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys

import pytest
from conftest import REPOSITORY

from sptools import datasets
from sptools.exercises import __main__ as exercises_cli
from sptools.safe_write import Status, backup_path, write_bytes


def load_tasks():
    spec = importlib.util.spec_from_file_location("tasks", REPOSITORY / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the rule ----------------------------------------------------------------------------------


def test_a_different_file_is_kept_then_backed_up_when_forced(tmp_path):
    path = tmp_path / "table.csv"
    assert write_bytes(path, b"fresh").status is Status.WROTE
    assert write_bytes(path, b"fresh").status is Status.UNCHANGED
    path.write_bytes(b"mine")
    kept = write_bytes(path, b"fresh")
    assert kept.status is Status.KEPT and path.read_bytes() == b"mine"
    assert "--force" in str(kept) and str(path) in str(kept)
    replaced = write_bytes(path, b"fresh", force=True)
    assert replaced.status is Status.REPLACED and path.read_bytes() == b"fresh"
    assert replaced.backup == tmp_path / "table.csv.bak" and replaced.backup.read_bytes() == b"mine"
    path.write_bytes(b"mine again")
    second = write_bytes(path, b"fresh", force=True)
    assert second.backup == tmp_path / "table.csv.2.bak", "an earlier backup is never replaced"
    assert (tmp_path / "table.csv.bak").read_bytes() == b"mine"
    assert backup_path(path) == tmp_path / "table.csv.3.bak"


# --- datasets.build ----------------------------------------------------------------------------


@pytest.fixture()
def small_build(monkeypatch):
    """datasets.build with two small files instead of the full survey (the plumbing is the same)."""
    contents = {
        "codebook.csv": b"variable,label\nage,Age\n",
        "reference/macro.csv": b"year\n2025\n",
    }
    monkeypatch.setattr(datasets, "_contents", lambda: dict(contents))
    return contents


def test_build_keeps_a_users_codebook(tmp_path, small_build):
    datasets.build(tmp_path)
    codebook = tmp_path / "codebook.csv"
    codebook.write_text("variable,label\nage,My own label\n", encoding="utf-8")
    records = {record.path.name: record for record in datasets.build(tmp_path)}
    assert records["codebook.csv"].status is Status.KEPT
    assert "My own label" in codebook.read_text("utf-8")
    assert records["macro.csv"].status is Status.UNCHANGED
    records = {record.path.name: record for record in datasets.build(tmp_path, force=True)}
    assert records["codebook.csv"].status is Status.REPLACED
    assert codebook.read_bytes() == small_build["codebook.csv"]
    assert "My own label" in (tmp_path / "codebook.csv.bak").read_text("utf-8")


def test_a_kept_file_fails_its_checksum_when_loaded(tmp_path, small_build, monkeypatch):
    datasets.build(tmp_path)
    (tmp_path / "codebook.csv").write_text("variable,label\nage,Mine\n", encoding="utf-8")
    datasets.build(tmp_path)
    monkeypatch.setenv("SPTOOLS_DATA", str(tmp_path))
    with pytest.raises(datasets.DatasetError, match=r"codebook\.csv is damaged or was changed"):
        datasets.load_codebook()


def test_the_build_command_reports_kept_files(tmp_path, small_build, capsys):
    datasets.build(tmp_path)
    (tmp_path / "codebook.csv").write_text("mine\n", encoding="utf-8")
    assert datasets.main(["build", "--dir", str(tmp_path)]) == 1
    assert "kept" in capsys.readouterr().out
    assert datasets.main(["build", "--dir", str(tmp_path), "--force"]) == 0
    assert "replaced" in capsys.readouterr().out


@pytest.mark.slow
def test_a_full_build_keeps_a_users_codebook(tmp_path):
    (tmp_path / "codebook.csv").write_text("my notes\n", encoding="utf-8")
    kept = [record for record in datasets.build(tmp_path) if record.status is Status.KEPT]
    assert [record.path.name for record in kept] == ["codebook.csv"]
    assert (tmp_path / "codebook.csv").read_text("utf-8") == "my notes\n"


# --- exercises ---------------------------------------------------------------------------------


@pytest.fixture()
def course(tmp_path):
    """A copy of solutions/ and exercises/, as a participant has them."""
    for folder in ("solutions", "exercises"):
        shutil.copytree(REPOSITORY / folder, tmp_path / folder)
    return tmp_path


def fill_in_an_answer(path):
    notebook = json.loads(path.read_text("utf-8"))
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and "= ..." in c["source"])
    cell["source"] = cell["source"].replace("= ...", "= 42", 1)
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path.read_bytes()


def test_exercise_build_keeps_a_participants_answers(course):
    notebook = sorted((course / "exercises").glob("*.ipynb"))[0]
    answers = fill_in_an_answer(notebook)
    records = exercises_cli.build(course)
    assert {r.path.name: r.status for r in records}[notebook.name] is Status.KEPT
    assert notebook.read_bytes() == answers
    assert all(r.status is Status.UNCHANGED for r in records if r.path != notebook)
    records = exercises_cli.build(course, force=True)
    assert {r.path.name: r.status for r in records}[notebook.name] is Status.REPLACED
    assert notebook.with_name(notebook.name + ".bak").read_bytes() == answers
    assert not exercises_cli.stale_exercises(course), "a .bak copy is not an exercise notebook"


def test_the_exercises_command_keeps_answers_by_default(course, monkeypatch, capsys):
    monkeypatch.setattr(exercises_cli, "REPOSITORY", course)
    notebook = sorted((course / "exercises").glob("*.ipynb"))[0]
    answers = fill_in_an_answer(notebook)
    assert exercises_cli.main([]) == 1
    assert notebook.read_bytes() == answers
    assert "--force" in capsys.readouterr().out


# --- tasks.py ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["exercises", "--no-venv"],
        ["--no-venv", "exercises"],
        ["exercises", "--force", "--no-venv"],
    ],
)
def test_options_work_wherever_they_stand(argv):
    args, rest = load_tasks().parse(argv)
    assert args.command == "exercises" and args.no_venv and not rest


def test_exercises_and_datasets_pass_force_and_use_the_running_python(monkeypatch):
    tasks = load_tasks()
    commands = []
    monkeypatch.setattr(tasks, "setup", lambda use_venv: tasks.python_path(use_venv))
    monkeypatch.setattr(tasks, "run", lambda *command, **kwargs: commands.append(command))
    tasks.main(["exercises", "--no-venv"])
    tasks.main(["datasets", "--no-venv", "--force"])
    assert commands == [
        (tasks.Path(sys.executable), "-m", "sptools.exercises", "build"),
        (tasks.Path(sys.executable), "-m", "sptools.datasets", "build", "--force"),
    ]


def test_pytest_arguments_still_reach_pytest_and_others_are_refused(capsys):
    tasks = load_tasks()
    args, rest = tasks.parse(["test", "-k", "not slow", "--no-venv", "-x"])
    assert args.no_venv and rest == ["-k", "not slow", "-x"]
    for argv in (["lab", "--force"], ["book", "--bogus"]):
        with pytest.raises(SystemExit):
            tasks.parse(argv)
