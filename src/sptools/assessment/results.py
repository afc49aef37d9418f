"""The room's results: merge the participants' answer files into tables and a chart.

``python3 tasks.py quiz-results FOLDER`` (or ``python -m sptools.assessment results FOLDER``)
reads every ``quiz-*.csv`` and ``evaluation-*.csv`` under ``FOLDER`` (the trainer copies each
laptop's ``assessment/answers`` folder there, in sub-folders if they like) and writes
``quiz-results.xlsx`` and ``quiz-results.png`` into it.

Scoring: a participant's **first** answer to a question at a stage counts (the feedback shows the
right answer, so later answers would measure nothing); a question with no answer counts as not
right. Participants are anonymised: their codes become "Participant 1", "Participant 2", ... in
an order that does not follow the codes. The gain of a question is the share right after minus
the share right before, among the participants who took both quizzes of the module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from sptools.assessment.bank import load_bank
from sptools.assessment.evaluation import EVALUATION_COLUMNS
from sptools.assessment.record import QUIZ_COLUMNS

__all__ = [
    "by_participant",
    "by_question",
    "evaluation_summary",
    "first_answers",
    "gain_chart",
    "read_answers",
    "write_results",
]

KEYS = ["participant", "module", "stage", "question"]


def _read(paths: Iterable[Path], columns: tuple[str, ...]) -> pd.DataFrame:
    frames = []
    for path in paths:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValueError(
                f"{path} lacks the columns {missing}; it is not an answer file of the course "
                "(remove it from the folder)."
            )
        frames.append(frame[list(columns)].assign(file=str(path)))
    if not frames:
        return pd.DataFrame(columns=[*columns, "file"], dtype=str)
    return pd.concat(frames, ignore_index=True)


def read_answers(paths: Iterable[Path]) -> pd.DataFrame:
    """The rows of quiz answer files, with ``correct`` as True/False (NA when left blank).

    Examples
    --------
    >>> read_answers([]).columns.tolist()[:3]
    ['participant', 'module', 'stage']
    """
    rows = _read(paths, QUIZ_COLUMNS)
    rows["module"] = rows["module"].str.zfill(2)
    rows["correct"] = rows["correct"].map({"True": True, "False": False}).astype("boolean")
    return rows


def first_answers(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per participant, module, stage and question: the first answer given (blank only
    when none was given); ``correct`` is False for a blank and ``answered`` says which.

    Examples
    --------
    >>> rows = pd.DataFrame({"participant": ["P1"] * 3, "module": "01", "stage": "pre",
    ...     "question": "q", "answer": ["", "a", "b"], "timestamp": ["1", "2", "3"],
    ...     "correct": pd.array([pd.NA, False, True], dtype="boolean")})
    >>> first_answers(rows)[["answer", "correct"]].values.tolist()
    [['a', False]]
    """
    if rows.empty:
        return rows.assign(answered=pd.Series(dtype=bool))
    ordered = rows.assign(answered=rows["correct"].notna()).sort_values(
        ["answered", "timestamp"], ascending=[False, True], kind="stable"
    )
    first = ordered.drop_duplicates(KEYS, keep="first").sort_values(KEYS, kind="stable")
    first["correct"] = first["correct"].fillna(False).astype(bool)
    return first.reset_index(drop=True)


def anonymised(codes: Iterable[str]) -> dict[str, str]:
    """Participant code -> "Participant n", numbered in the order of a hash of the codes.

    Examples
    --------
    >>> sorted(anonymised(["P02", "P01"]).values())
    ['Participant 1', 'Participant 2']
    """
    unique = sorted(set(codes), key=lambda code: hashlib.sha256(code.encode()).hexdigest())
    width = len(str(len(unique)))
    return {code: f"Participant {n:0{width}d}" for n, code in enumerate(unique, 1)}


def _paired(first: pd.DataFrame) -> pd.DataFrame:
    stages = first.groupby(["participant", "module"])["stage"].nunique()
    both = stages[stages == 2].index
    return (
        first.set_index(["participant", "module"]).loc[lambda f: f.index.isin(both)].reset_index()
    )


def by_question(first: pd.DataFrame) -> pd.DataFrame:
    """Share right before and after per question, and the gain among participants who took both.

    Columns: module, question, pre_right, post_right (shares of all who took that stage),
    n_pre, n_post, gain (post minus pre, paired), n_paired.
    """
    shares = first.pivot_table(
        index=["module", "question"], columns="stage", values="correct", aggfunc="mean"
    )
    counts = first.pivot_table(
        index=["module", "question"], columns="stage", values="correct", aggfunc="count"
    )
    table = pd.DataFrame(index=shares.index)
    for stage in ("pre", "post"):
        table[f"{stage}_right"] = shares.get(stage)
        table[f"n_{stage}"] = counts.get(stage, pd.Series(0, index=counts.index)).fillna(0)
    paired = _paired(first)
    if paired.empty:
        table["gain"], table["n_paired"] = float("nan"), 0
    else:
        means = paired.pivot_table(
            index=["module", "question"], columns="stage", values="correct", aggfunc="mean"
        )
        table["gain"] = means["post"] - means["pre"]
        table["n_paired"] = paired[paired["stage"] == "pre"].groupby(["module", "question"]).size()
    table[["n_pre", "n_post", "n_paired"]] = table[["n_pre", "n_post", "n_paired"]].fillna(0)
    table = table.astype({"n_pre": int, "n_post": int, "n_paired": int}).reset_index()
    order = table.apply(lambda row: _position(row["module"], row["question"]), axis=1)
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def _position(module: str, question: str) -> tuple[str, int]:
    """Where a question stands in its bank (questions no bank knows any more go last)."""
    try:
        ids = [q.id for q in load_bank(module).questions]
    except ValueError:
        return module, 10_000
    return module, ids.index(question) if question in ids else 10_000


def by_participant(first: pd.DataFrame) -> pd.DataFrame:
    """Each participant's share right before and after, per module, anonymised.

    Columns: participant ("Participant n"), module, pre, post, gain.
    """
    names = anonymised(first["participant"])
    scores = first.pivot_table(
        index=["participant", "module"], columns="stage", values="correct", aggfunc="mean"
    ).reindex(columns=["pre", "post"])
    scores["gain"] = scores["post"] - scores["pre"]
    scores = scores.reset_index()
    scores["participant"] = scores["participant"].map(names)
    scores.columns.name = None
    return scores.sort_values(["module", "participant"]).reset_index(drop=True)


def evaluation_summary(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The evaluation forms: (ratings and choices per item, free-text comments anonymised).

    The latest answer of a participant to an item counts; blanks (items left unanswered) are left
    out.
    """
    rows = rows[rows["answer"].str.strip() != ""]
    if rows.empty:
        return pd.DataFrame(), pd.DataFrame()
    latest = rows.sort_values("timestamp").drop_duplicates(["participant", "item"], keep="last")
    from sptools.assessment.evaluation import evaluation_items

    kinds = {item.id: item.kind for _, _, items in evaluation_items() for item in items}
    latest = latest.assign(kind=latest["item"].map(kinds).fillna("text"))
    ratings = latest[latest["kind"] == "rating"].assign(answer=lambda f: f["answer"].astype(float))
    summary = ratings.groupby(["section", "item"], sort=False)["answer"].agg(
        mean_rating="mean", n="count"
    )
    choices = latest[latest["kind"] == "choice"]
    if not choices.empty:
        counts = choices.groupby(["section", "item", "answer"]).size().unstack(fill_value=0)
        summary = summary.join(counts, how="outer")
    names = anonymised(latest["participant"])
    comments = latest[latest["kind"] == "text"].assign(
        participant=lambda f: f["participant"].map(names)
    )[["section", "item", "participant", "answer"]]
    return summary.reset_index(), comments.reset_index(drop=True)


def gain_chart(questions: pd.DataFrame, participants: pd.DataFrame):
    """Two panels: gain per question (percentage points) and each participant's score before
    and after (percent right), by module. Returns the matplotlib Figure."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid")
    height = max(4.0, 0.28 * max(len(questions), len(participants)) + 1.5)
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, height))
    labels = questions["module"] + " " + questions["question"]
    left.barh(labels, 100 * questions["gain"].fillna(0), color="#2a7ab9")
    left.axvline(0, color="black", linewidth=0.8)
    left.invert_yaxis()
    left.set(
        xlabel="gain: share right after minus before (percentage points)",
        ylabel="module and question",
        title="What the room learned, question by question",
    )
    rows = participants.assign(label=participants["participant"] + " · m" + participants["module"])
    positions = range(len(rows))
    right.hlines(positions, 100 * rows["pre"], 100 * rows["post"], color="grey")
    right.scatter(100 * rows["pre"], positions, label="before (pre)", color="#d95f02", zorder=3)
    right.scatter(100 * rows["post"], positions, label="after (post)", color="#1b9e77", zorder=3)
    right.set_yticks(list(positions), rows["label"])
    right.invert_yaxis()
    right.set_xlim(-5, 105)
    right.set(
        xlabel="questions right (percent)",
        ylabel="participant (anonymised) and module",
        title="Each participant, before and after",
    )
    right.legend(loc="lower right")
    figure.tight_layout()
    return figure


def write_results(folder: Path | str, output: Path | str | None = None) -> tuple[Path, Path]:
    """Merge every answer file under ``folder``; write ``quiz-results.xlsx`` and
    ``quiz-results.png`` (into ``output``, default ``folder``). Returns the two paths.

    Raises
    ------
    FileNotFoundError
        When ``folder`` does not exist or holds no ``quiz-*.csv`` file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder; give the folder of the answer files.")
    quiz_files = sorted(folder.rglob("quiz-*.csv"))
    if not quiz_files:
        raise FileNotFoundError(
            f"no quiz-*.csv files under {folder}: copy each laptop's assessment/answers folder "
            "there first."
        )
    first = first_answers(read_answers(quiz_files))
    questions, participants = by_question(first), by_participant(first)
    ratings, comments = evaluation_summary(
        _read(sorted(folder.rglob("evaluation-*.csv")), EVALUATION_COLUMNS)
    )
    target = Path(output) if output else folder
    target.mkdir(parents=True, exist_ok=True)
    workbook, chart = target / "quiz-results.xlsx", target / "quiz-results.png"
    names = anonymised(first["participant"])
    answers = first.assign(participant=first["participant"].map(names)).drop(columns="file")
    with pd.ExcelWriter(workbook) as writer:
        questions.to_excel(writer, sheet_name="by question", index=False)
        participants.to_excel(writer, sheet_name="by participant", index=False)
        answers.to_excel(writer, sheet_name="first answers", index=False)
        if not ratings.empty:
            ratings.to_excel(writer, sheet_name="evaluation", index=False)
            comments.to_excel(writer, sheet_name="evaluation comments", index=False)
    figure = gain_chart(questions, participants)
    figure.savefig(chart, dpi=120)
    import matplotlib.pyplot as plt

    plt.close(figure)
    print(
        f"{len(quiz_files)} quiz files, {len(names)} participants, "
        f"{questions['question'].nunique()} questions: {workbook} and {chart}"
    )
    return workbook, chart
