"""Answer keys for module 5, "Social protection data": registers, linkage, coverage, M&E.

The exercises are in ``solutions/05-sp-data.ipynb`` (and, generated from it,
``exercises/05-sp-data.ipynb``). Every expected answer is computed from the shipped synthetic
survey and administrative registers through :mod:`sptools.registry`, :mod:`sptools.coverage`,
:mod:`sptools.monitoring` and the module's recipe (:mod:`sptools.recipes.sp_data`), never typed by
hand. Hints point to the method and the attribute to read; they never state the answer.

Examples
--------
>>> from sptools.exercises.answers.m05_sp_data import EXERCISES
>>> [exercise.id for exercise in EXERCISES][:3]
['05.1', '05.2', '05.3']
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from sptools.coverage import registry_errors, survey_coverage, uncovered
from sptools.datasets import load_admin, load_households, load_persons
from sptools.design import Design
from sptools.exercises.feedback import Exercise
from sptools.monitoring import indicators, rollup, uniqueness
from sptools.recipes.sp_data import SCHEMES, SURVEY_ONLY_SCHEMES, register_flag, survey_people
from sptools.registry import deduplicate, validate


@cache
def _people() -> tuple[pd.DataFrame, Design]:
    people = survey_people(load_households(), load_persons())
    return people, Design(people)


def _disabled_in_idpoor() -> float:
    truth = load_admin("truth")
    in_idpoor = set(truth.loc[truth["register"] == "idpoor", "person_id"])
    disabled = truth.loc[truth["register"] == "disability", "person_id"].drop_duplicates()
    return float(disabled.isin(in_idpoor).mean())


def _disability_duplicates() -> int:
    clusters = deduplicate(load_admin("disability_register")).clusters()
    return int(len(clusters) - clusters["cluster_id"].nunique())


def _coverage() -> float:
    people, design = _people()
    return float(survey_coverage(people, list(SCHEMES), design=design)["covered"])


def _uncovered() -> float:
    people, design = _people()
    schemes = list(SCHEMES) + list(SURVEY_ONLY_SCHEMES)
    return float(uncovered(people, schemes, design=design)["uncovered"])


def _exclusion_error() -> float:
    people, design = _people()
    flagged = people.assign(in_idpoor_register=register_flag(people, load_admin("truth"), "idpoor"))
    errors = registry_errors(flagged, "in_idpoor_register", "consumption_poor", design=design)
    return float(errors.loc["consumption_poor", "exclusion_error"])


def _elderly_execution() -> float:
    table = indicators(load_admin("payments"), load_admin("budget"), load_admin("grievances"))
    return float(rollup(table, ["programme"]).loc["elderly_allowance", "execution_rate"])


def _nssf_uniqueness() -> float:
    members = load_admin("nssf_members")
    members = members.assign(year_of_birth=members["date_of_birth"].str[:4])
    return uniqueness(members, ["sex", "year_of_birth", "district"])


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "05.1",
        expected=_disabled_in_idpoor,
        hint='In truth, take the person_id of the "disability" register once each, and ask which '
        'of them are among the person_id of the "idpoor" register (.isin); the mean of the '
        "True/False values is the share. Answer as a share (0 to 1).",
    ),
    Exercise(
        "05.2",
        expected=lambda: (
            validate(load_admin("idpoor_members"), "idpoor_members").rows_with_problems
        ),
        hint='validate(load_admin("idpoor_members"), "idpoor_members") returns a report; read its '
        "rows_with_problems (rows, not problems: a row can break two rules).",
    ),
    Exercise(
        "05.3",
        expected=_disability_duplicates,
        hint='deduplicate(load_admin("disability_register")) links the register to itself; '
        ".clusters() gives one row per record with its cluster_id: records minus distinct "
        "clusters is the number of records that repeat a person.",
    ),
    Exercise(
        "05.4",
        expected=_coverage,
        hint="survey_coverage(people, list(SCHEMES), design=design) gives the estimate named "
        '"covered"; answer as a share (0 to 1), not in percent.',
    ),
    Exercise(
        "05.5",
        expected=_uncovered,
        hint="uncovered(people, every_scheme, design=design) with the four schemes (SCHEMES and "
        'SURVEY_ONLY_SCHEMES); read the estimate "uncovered": a weighted number of people, not a '
        "count of survey rows.",
    ),
    Exercise(
        "05.6",
        expected=_exclusion_error,
        hint='Flag the people in the IDPoor register with register_flag(people, truth, "idpoor"), '
        'then registry_errors(..., "consumption_poor", design=design) and read '
        '"exclusion_error": the share of the poor who are not registered (1 - coverage).',
    ),
    Exercise(
        "05.7",
        expected=_elderly_execution,
        hint='rollup(table, ["programme"]) sums the budget over provinces and months and '
        'recomputes execution_rate; read the "elderly_allowance" row (a share). Do not average '
        "the monthly rates.",
    ),
    Exercise(
        "05.8",
        expected=_nssf_uniqueness,
        hint="Add year_of_birth = the first four characters of date_of_birth (.str[:4]), then "
        'uniqueness(members, ["sex", "year_of_birth", "district"]) (a share, 0 to 1).',
    ),
)
