"""The indicators on the shipped synthetic survey (loaded through sptools.datasets)."""

from __future__ import annotations

import warnings

import pytest

from sptools.datasets import load_households, load_persons
from sptools.indicators import (
    INDICATORS,
    OPPORTUNITIES,
    MissingDataWarning,
    global_mpi,
    opportunity,
)


@pytest.fixture(scope="module", params=[2014, 2022])
def survey(request):
    return load_households(request.param), load_persons(request.param)


def test_global_mpi_keeps_almost_everyone_and_reports_it(survey):
    households, persons = survey
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        result = global_mpi(households, persons)
    retained = result.attrs["retained"]
    assert (
        retained["of"] == len(persons)
        and retained["n"] == len(result) == len(persons) - result.attrs["dropped"]
    )
    assert retained["share"] > 0.95
    assert result[list(INDICATORS)].isin([0, 1]).all().all()
    assert result["person_id"].is_unique


@pytest.mark.parametrize("name", list(OPPORTUNITIES))
def test_every_opportunity_builds_on_the_shipped_survey(survey, name):
    households, persons = survey
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        table = opportunity(name, households, persons)
    assert 0 < table[name].mean() < 1
    assert table.attrs["population"] == len(table) + table.attrs["dropped"]
    assert table.drop(columns=name).notna().all().all()
