"""Synthetic administrative records of Cambodia's social protection system, with known truth.

:func:`generate` turns the synthetic survey population into the records the system holds: the
IDPoor register (households and members), the disability identification register, Family Package
beneficiaries with their monthly payments, grievances and budget, and NSSF membership. Every person
register shares one record schema (:data:`PERSON_COLUMNS`) and the faults of real registers, at the
rates stated in :mod:`sptools.admin.records` and :mod:`sptools.admin.payments`. Which records are
the same person is kept apart, in the ``truth`` table, for teaching and testing.

Scale: the registers hold the survey's people, one record per sampled person (not weighted), so
each record stands for about ``population / len(persons)`` people (about 180 for the shipped
survey). Who is registered follows the survey: IDPoor households are the survey's IDPoor households
(calibrated to about 700,000 households nationally), Family Package beneficiaries the eligible
members of the households that receive it, NSSF members the survey's members. The disability
register identifies a share of the survey's people with a disability chosen so that, weighted, it
holds the 240,000 persons with disabilities MoSVY identified
(:data:`DISABILITY_IDENTIFIED_PERSONS`); about 30% of them are in IDPoor, as published, because
the survey's IDPoor status is.

Examples
--------
>>> from sptools.datasets import load_households, load_persons
>>> tables = generate(load_households(), load_persons(), seed=2025)  # doctest: +SKIP
>>> sorted(tables)  # doctest: +SKIP
['budget', 'disability_register', 'family_package', 'grievances', 'idpoor_households', ...]
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from sptools.admin import payments as money
from sptools.admin.codebook import TABLES
from sptools.admin.people import identities, places
from sptools.admin.records import PERSON_COLUMNS, person_records

__all__ = ["PERSON_COLUMNS", "REGISTERS", "TABLES", "generate"]

#: Persons with disabilities identified by MoSVY (first wave, 25 provinces; ILO/EU results).
DISABILITY_IDENTIFIED_PERSONS = 240_000
#: Share of IDPoor households registered on demand rather than in a registration round.
ON_DEMAND_SHARE = 0.15
ROUND_REGISTRATION = (np.datetime64("2022-01-10"), np.datetime64("2023-12-20"))
ON_DEMAND_REGISTRATION = (np.datetime64("2023-01-05"), np.datetime64("2025-03-28"))
#: NSSF: the widest scheme each member contributes to (health only; + occupational risk;
#: + pension), shares from the members of June 2024 (2.23 m health, 1.8 m occupational risk,
#: 1.56 m pension).
NSSF_SCHEMES = {"health": 0.19, "occupational_risk": 0.11, "pension": 0.70}
#: The person registers: table name -> (register name in ``truth``, record_id prefix).
REGISTERS = {
    "idpoor_members": ("idpoor", "IDP"),
    "disability_register": ("disability", "DIS"),
    "family_package": ("family_package", "FP"),
    "nssf_members": ("nssf", "NSSF"),
}
STREAMS = (
    "people",
    "idpoor",
    "disability",
    "family_package",
    "nssf",
    "payments",
    "grievances",
    "budget",
)


def generate(
    households: pd.DataFrame, persons: pd.DataFrame, seed: int = 2025
) -> dict[str, pd.DataFrame]:
    """The administrative records of the survey population (see the module docstring).

    Parameters
    ----------
    households, persons
        A synthetic survey round (:func:`sptools.datasets.load_households` and
        :func:`~sptools.datasets.load_persons`, or :func:`sptools.synth.generate`).
    seed
        Seed of the random streams; the same inputs and seed give the same tables.

    Returns
    -------
    dict of str to DataFrame
        The tables of :data:`TABLES`. Dates are text (``YYYY-MM-DD``; a date of birth may be
        only ``YYYY``), missing values are missing (``None``/NaN), never blanks.

    Examples
    --------
    >>> from sptools.synth import generate as survey
    >>> tables = generate(*survey(300, seed=1), seed=1)
    >>> tables["idpoor_members"].columns[:4].tolist()
    ['record_id', 'name', 'sex', 'date_of_birth']
    >>> set(tables["truth"]["register"]) <= {"idpoor", "disability", "family_package", "nssf"}
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be a non-negative integer; got {seed!r}")
    missing = {"hh_id", "psu", "province", "idpoor", "receives_family_package", "weight"} - set(
        households.columns
    ) | (
        {
            "person_id",
            "hh_id",
            "age",
            "sex",
            "relationship",
            "disability",
            "nssf_member",
            "weight",
            "line",
        }
        - set(persons.columns)
    )
    if missing:
        raise ValueError(
            f"households and persons must be a synthetic survey round; columns {sorted(missing)} "
            "are missing. Pass sptools.datasets.load_households() and load_persons()."
        )
    streams = dict(
        zip(
            STREAMS,
            (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STREAMS))),
            strict=True,
        )
    )
    rng = streams["people"]
    village_table = places(rng, households)
    people = identities(rng, households, persons)
    flags = persons[["person_id", "disability", "nssf_member", "weight"]].merge(
        households[["hh_id", "idpoor", "receives_family_package"]],
        left_on=persons["hh_id"].to_numpy(),
        right_on="hh_id",
        how="left",
    )
    people = people.merge(flags.drop(columns=["hh_id"]), on="person_id", validate="one_to_one")
    wg = [c for c in persons.columns if c.startswith("wg_")]
    people["severe"] = (
        persons[wg].astype(str).eq("cannot do at all").any(axis=1).to_numpy() if wg else False
    )
    tables: dict[str, pd.DataFrame] = {}
    truths = []

    # IDPoor: households and members
    idpoor = households[households["idpoor"].astype(str) != "none"]
    rng = streams["idpoor"]
    household_ids = {
        hh: f"IDP-H-{i:05d}" for i, hh in enumerate(rng.permutation(idpoor["hh_id"].to_numpy()), 1)
    }
    on_demand = rng.random(len(idpoor)) < ON_DEMAND_SHARE
    window = np.where(on_demand[:, None], [ON_DEMAND_REGISTRATION], [ROUND_REGISTRATION])
    span = (window[:, 1] - window[:, 0]).astype("int64")
    registered = window[:, 0] + (rng.random(len(idpoor)) * span).astype("timedelta64[D]")
    address = idpoor[["hh_id", "psu"]].merge(village_table, on="psu", how="left")
    tables["idpoor_households"] = (
        pd.DataFrame(
            {
                "household_id": idpoor["hh_id"].map(household_ids).to_numpy(),
                "province": address["province"].to_numpy(),
                "district": address["district"].to_numpy(),
                "commune": address["commune"].to_numpy(),
                "village": address["village"].to_numpy(),
                "poverty_level": np.where(idpoor["idpoor"].astype(str) == "level 1", 1, 2),
                "registration": np.where(on_demand, "on_demand", "round"),
                "registered_on": money._date_text(registered).to_numpy(),
            }
        )
        .sort_values("household_id")
        .reset_index(drop=True)
    )
    members = people[people["hh_id"].isin(household_ids)]
    tables["idpoor_members"], truth = _register(rng, members, village_table, "idpoor_members")
    tables["idpoor_members"]["household_id"] = (
        _truth_column(truth, people, "hh_id").map(household_ids).to_numpy()
    )
    truths.append(truth)

    # the disability identification register
    rng = streams["disability"]
    disabled = people[people["disability"].astype(bool)]
    weighted = float(disabled["weight"].sum())
    share = min(DISABILITY_IDENTIFIED_PERSONS / weighted, 1.0) if weighted else 0.0
    identified = disabled[rng.random(len(disabled)) < share]
    tables["disability_register"], truth = _register(
        rng, identified, village_table, "disability_register"
    )
    tables["disability_register"]["severity"] = np.where(
        _truth_column(truth, people, "severe").astype(bool), "severe", "moderate"
    )
    truths.append(truth)

    # Family Package beneficiaries, payments, grievances, budget
    rng = streams["family_package"]
    receiving = people[people["receives_family_package"].astype(bool)].copy()
    component = np.select(
        [
            receiving["age"] < 2,
            (receiving["sex"] == "female")
            & receiving["age"].between(15, 49)
            & (rng.random(len(receiving)) < money.PREGNANT_RATE),
            receiving["disability"].astype(bool),
            receiving["age"] >= 60,
        ],
        ["child_under_2", "pregnant", "disability", "elderly"],
        default="",
    )
    receiving["component"] = component
    beneficiaries = receiving[receiving["component"] != ""]
    records, truth = _register(rng, beneficiaries, village_table, "family_package")
    records["household_id"] = _truth_column(truth, people, "hh_id").map(household_ids).to_numpy()
    records["component"] = _truth_column(truth, beneficiaries, "component").to_numpy()
    born = _truth_column(truth, people, "date_of_birth")
    dates = money.enrolment(rng, records.assign(date_of_birth=born.to_numpy()))
    records["enrolled_on"] = money._date_text(dates["enrolled_on"].to_numpy()).to_numpy()
    records["status"] = dates["status"].to_numpy()
    records["closed_on"] = money._date_text(dates["closed_on"].to_numpy()).to_numpy()
    tables["family_package"] = records
    truths.append(truth)
    caseload = pd.concat([records[["record_id", "component", "province"]], dates], axis=1)
    tables["payments"] = money.payments(streams["payments"], caseload)
    tables["grievances"] = money.grievances(streams["grievances"], tables["payments"])
    tables["budget"] = money.budget(streams["budget"], tables["payments"])

    # NSSF members
    rng = streams["nssf"]
    insured = people[people["nssf_member"].astype(bool)]
    tables["nssf_members"], truth = _register(rng, insured, village_table, "nssf_members")
    schemes = list(NSSF_SCHEMES)
    tables["nssf_members"]["scheme"] = np.asarray(schemes)[
        rng.choice(len(schemes), len(truth), p=list(NSSF_SCHEMES.values()))
    ]
    truths.append(truth)

    tables["truth"] = pd.concat(truths, ignore_index=True)
    return {name: tables[name].reset_index(drop=True) for name in TABLES}


def _register(
    rng: np.random.Generator, people: pd.DataFrame, village_table: pd.DataFrame, table: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    register, prefix = REGISTERS[table]
    records, truth = person_records(
        rng, people.reset_index(drop=True), village_table, register, prefix
    )
    return records[list(PERSON_COLUMNS)].copy(), truth


def _truth_column(truth: pd.DataFrame, people: pd.DataFrame, column: str) -> pd.Series:
    """``column`` of ``people`` for each record of ``truth`` (in the records' order)."""
    lookup = people.drop_duplicates("person_id").set_index("person_id")[column]
    return truth["person_id"].map(lookup).reset_index(drop=True)
