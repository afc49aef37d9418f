"""Module 5 recipes: the survey's people and the linked registers, as the lessons use them.

Course layer: these functions know the curriculum (which survey columns mean "covered", which
registers hold benefits, that the truth table links the shipped registers). The methods they feed
are in :mod:`sptools.coverage` and :mod:`sptools.monitoring`.

* :func:`survey_people`: one row per person of the survey with the design columns, the
  household's status (consumption-poor, IDPoor, Family Package) and the person's (NSSF member,
  MPI-poor, age group).
* :func:`linked_records`: the records of the benefit registers (Family Package beneficiaries and
  NSSF members) stacked, each with the person it belongs to (from the truth table, or from your
  own linkage).
* :func:`register_flag`: whether each survey person has a record in a register (through the
  truth table).

Examples
--------
>>> from sptools.datasets import load_admin, load_households, load_persons
>>> people = survey_people(load_households(), load_persons())
>>> sorted(SCHEMES)
['family_package', 'nssf_member']
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.indicators import MissingDataWarning, global_mpi
from sptools.mpi import GLOBAL_MPI, alkire_foster

__all__ = [
    "AGE_GROUPS",
    "SCHEMES",
    "SURVEY_ONLY_SCHEMES",
    "linked_records",
    "register_flag",
    "survey_people",
]

#: The schemes both sources hold, as survey columns of :func:`survey_people` -> what they are.
SCHEMES = {
    "family_package": "lives in a household that receives the Family Package (household, survey)",
    "nssf_member": "member of the National Social Security Fund (person, survey)",
}

#: Schemes only the survey records (no register of them is shipped): survey column -> meaning.
SURVEY_ONLY_SCHEMES = {
    "scholarship": "lives in a household that receives a scholarship (household, survey)",
    "hef": "lives in a household with a Health Equity Fund card (household, survey)",
}

#: Age groups of the coverage tables (lower bounds, inclusive).
AGE_GROUPS = {"0-14": 0, "15-59": 15, "60+": 60}


def survey_people(households: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """One row per person: design columns, place, age group, poverty, IDPoor and schemes.

    Parameters
    ----------
    households, persons : pandas.DataFrame
        A survey round (:func:`sptools.datasets.load_households`, ``load_persons``).

    Returns
    -------
    pandas.DataFrame
        The persons' columns (``person_id``, ``age``, ``sex``, ``weight``, ``nssf_member``,
        ``disability``...), the household's ``province``, ``urban``, ``stratum``, ``psu``, and
        ``age_group``, ``consumption_poor``, ``in_idpoor``, ``family_package``,
        ``scholarship``, ``hef`` (bool) and
        ``mpi_poor`` (nullable boolean: missing for the persons the global MPI cannot score).
        Declare the design on it: ``Design(people)``.
    """
    household_columns = ["hh_id", "province", "urban", "stratum", "psu", "poor", "idpoor",
                         "receives_family_package", "receives_scholarship", "hef_card"]  # fmt: skip
    people = persons.merge(households[household_columns], on="hh_id", how="left",
                           validate="many_to_one")  # fmt: skip
    people["age_group"] = pd.cut(
        people["age"],
        bins=[*AGE_GROUPS.values(), np.inf],
        right=False,
        labels=list(AGE_GROUPS),
    ).astype(str)
    people["consumption_poor"] = people["poor"].astype(bool)
    people["in_idpoor"] = people["idpoor"].astype(str) != "none"
    people["family_package"] = people["receives_family_package"].astype(bool)
    people["nssf_member"] = people["nssf_member"].astype(bool)
    people["scholarship"] = people["receives_scholarship"].astype(bool)
    people["hef"] = people["hef_card"].astype(bool)
    with warnings.catch_warnings():  # who the MPI cannot score is reported by mpi_poor's gaps
        warnings.simplefilter("ignore", MissingDataWarning)
        deprivations = global_mpi(households, persons)
    scored = alkire_foster(deprivations, GLOBAL_MPI, Fraction(1, 3), design=Design(deprivations))
    poor = pd.Series(scored.poor.to_numpy(), index=deprivations["person_id"].to_numpy())
    people["mpi_poor"] = people["person_id"].map(poor).astype("boolean")
    return people.drop(
        columns=["poor", "receives_family_package", "receives_scholarship", "hef_card"]
    )


def linked_records(registers: dict[str, pd.DataFrame], truth: pd.DataFrame) -> pd.DataFrame:
    """The registers' records stacked, each with the person it belongs to.

    Parameters
    ----------
    registers : dict of str to DataFrame
        Register table name (e.g. ``"family_package"``, ``"nssf_members"``) -> its table.
    truth : pandas.DataFrame
        ``register, record_id, person_id``: the truth table, or the clusters of your own
        linkage renamed to these columns.

    Returns
    -------
    pandas.DataFrame
        ``register``, ``record_id``, ``province`` (as recorded), ``status`` ("active" unless
        the register says otherwise) and ``person`` (the linked person; missing when a record is
        not in ``truth``).

    Examples
    --------
    >>> fp = pd.DataFrame({"record_id": ["FP-1", "FP-2"], "province": ["Kep", "Kep"],
    ...                    "status": ["active", "closed"]})
    >>> truth = pd.DataFrame({"register": "family_package", "record_id": ["FP-1", "FP-2"],
    ...                       "person_id": [7, 7]})
    >>> linked_records({"family_package": fp}, truth)["person"].tolist()
    [7, 7]
    """
    frames = []
    for name, table in registers.items():
        frames.append(
            pd.DataFrame(
                {
                    "register": name,
                    "record_id": table["record_id"].to_numpy(),
                    "province": table["province"].to_numpy(),
                    "status": (
                        table["status"].to_numpy() if "status" in table.columns else "active"
                    ),
                }
            )
        )
    records = pd.concat(frames, ignore_index=True)
    person = truth.drop_duplicates("record_id").set_index("record_id")["person_id"]
    records["person"] = records["record_id"].map(person)
    return records


def register_flag(people: pd.DataFrame, truth: pd.DataFrame, register: str) -> pd.Series:
    """True for each survey person with at least one record in ``register`` (truth table).

    Examples
    --------
    >>> people = pd.DataFrame({"person_id": [1, 2, 3]})
    >>> truth = pd.DataFrame({"register": ["idpoor", "idpoor", "nssf"], "record_id": ["a", "b",
    ...                       "c"], "person_id": [1, 1, 3]})
    >>> register_flag(people, truth, "idpoor").tolist()
    [True, False, False]
    """
    known = set(truth.loc[truth["register"] == register, "person_id"])
    if not known:
        raise ValueError(
            f"no record of register {register!r} in the truth table; registers are "
            f"{sorted(set(truth['register']))}."
        )
    return people["person_id"].isin(known).rename(f"in_{register}")
