"""Quiz answers of module 2 (MPI), computed with sptools.mpi from the numbers of the questions and
from the shipped survey.

Examples
--------
>>> from sptools.assessment.keys.m02_mpi import KEYS
>>> KEYS["m0_of_h_and_a"]()
0.09
>>> KEYS["example_person_status"]()
'vulnerable'
"""

from __future__ import annotations

import warnings
from fractions import Fraction
from functools import cache

import pandas as pd

from sptools.datasets import load_households, load_persons
from sptools.indicators import MissingDataWarning, global_mpi, survey_design
from sptools.mpi import GLOBAL_MPI, MPIResult, alkire_foster

K = Fraction(1, 3)


@cache
def _global() -> MPIResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        table = global_mpi(load_households(), load_persons())
    return alkire_foster(table, GLOBAL_MPI, K, design=survey_design(table))


def m0_of_h_and_a() -> float:
    """M0 when H = 20% and A = 45% (the question's numbers): M0 = H x A, rounded off float noise."""
    return round(0.20 * 0.45, 12)


def example_person_status() -> str:
    """The status of a person deprived in nutrition, cooking fuel and sanitation (global MPI).

    Their score is computed with the global MPI's weights and the cutoffs 1/3, 1/5 and 1/2.
    """
    indicators = [name for dimension in GLOBAL_MPI.values() for name in dimension]
    deprived = {"d_nutr", "d_ckfl", "d_sani"}
    person = pd.DataFrame({name: [int(name in deprived)] for name in indicators})
    result = alkire_foster(person, GLOBAL_MPI, K)
    if result.severe:
        return "severe"
    if result.H:
        return "poor"
    return "vulnerable" if result.vulnerable else "not poor"


def global_headcount() -> float:
    """H of the global MPI on the 2022 survey (k = 1/3, survey design)."""
    return float(_global().H)


def largest_contributor() -> str:
    """The indicator with the largest contribution to the global MPI, 2022."""
    return str(_global().indicators["contribution"].idxmax())


KEYS = {
    "m0_of_h_and_a": m0_of_h_and_a,
    "example_person_status": example_person_status,
    "global_headcount": global_headcount,
    "largest_contributor": largest_contributor,
}
