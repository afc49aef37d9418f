"""The code of the participants' page "After the workshop" runs as printed, top to bottom, on an
Excel workbook, a Stata file and DHS recodes like the ones participants bring back, and writes the
workbook it promises; and every module's Excel export cell it points to exists."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import REPOSITORY, read_notebook

from sptools.datasets import load_households, load_persons
from sptools.io import to_dhs

PAGE = REPOSITORY / "book" / "after-the-workshop.md"
EXPORTS = {
    "modules/00-getting-started/getting-started.ipynb": "provinces_poverty.xlsx",
    "modules/01-lnob/02-access-and-dissimilarity.ipynb": "lnob_access_and_d.xlsx",
    "modules/02-mpi/03-analysis-for-policy.ipynb": "mpi_analysis_for_policy.xlsx",
    "modules/03-sp2lnob/06-policy-message.ipynb": "family_package_brief.xlsx",
    "modules/04-costing/06-policy-brief.ipynb": "costed_policy_brief.xlsx",
    "modules/05-sp-data/05-me-dashboard.ipynb": "me-report-kandal.xlsx",
}


def _code_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", PAGE.read_text("utf-8"), re.DOTALL)


@pytest.fixture
def participant_folder(tmp_path, monkeypatch):
    households = load_households(2022)
    households = households[households["psu"].isin(households["psu"].unique()[:12])]
    persons = load_persons(2022)
    persons = persons[persons["hh_id"].isin(households["hh_id"])]
    households.to_excel(tmp_path / "my_households.xlsx", sheet_name="households", index=False)
    persons.to_stata(tmp_path / "my_persons.dta", write_index=False)
    for recode, path in to_dhs(households, persons, tmp_path / "dhs").items():
        path.rename(tmp_path / f"KH{recode.upper()}81FL.DTA")
    monkeypatch.chdir(tmp_path)
    return tmp_path, households


@pytest.mark.slow
def test_the_page_code_runs_on_excel_stata_and_dhs_files(participant_folder, capsys):
    folder, households = participant_folder
    blocks = _code_blocks()
    assert len(blocks) >= 7
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)  # the page's code, as printed
    printed = capsys.readouterr().out
    assert f"{len(households)} households," in printed
    assert "0 persons without a household" in printed
    workbook = folder / "exports" / "my_results.xlsx"
    sheets = pd.read_excel(workbook, sheet_name=None)
    assert list(sheets) == ["households by province", "first rows"]
    by_province = sheets["households by province"].set_index("province")["households"]
    expected = households.groupby("province", observed=True)["weight"].sum()
    assert by_province.sum() == pytest.approx(expected.sum())


@pytest.mark.parametrize("lesson", sorted(EXPORTS))
def test_every_module_lesson_named_on_the_page_saves_an_excel_workbook(lesson):
    assert lesson.removeprefix("modules/") in PAGE.read_text("utf-8")
    code = [
        "".join(cell["source"])
        for cell in read_notebook(REPOSITORY / lesson)["cells"]
        if cell["cell_type"] == "code"
    ]
    assert any(EXPORTS[lesson] in source for source in code), (
        f"{lesson} has no cell writing {EXPORTS[lesson]}"
    )
