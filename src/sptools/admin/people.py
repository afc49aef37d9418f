"""Who the survey's people are, as a registry would know them: names, dates of birth, national ID
cards, phones, and the district, commune and village they live in.

One row per survey person (``person_id``), drawn once; each register then writes its own record
of the person, with its own faults (:mod:`sptools.admin.records`).

Examples
--------
>>> import numpy as np
>>> place_name(np.random.default_rng(1), 2)  # doctest: +SKIP
'Tuol Chrey'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sptools.admin.names import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES

#: The day the survey's ages are taken to refer to: the middle of the year of records (the Family
#: Package's first year), so that a child under 2 in the survey is under 2 in the registers.
AGE_REFERENCE_DATE = np.datetime64("2024-07-01")
#: Share of people aged 15+ who hold a national ID card (the card is issued from age 15).
ID_CARD_OWNED = 0.90
ID_CARD_MIN_AGE = 15
#: Share of people aged 15+ with a mobile phone of their own.
PHONE_OWNED = 0.75
#: Mobile operators' prefixes after the leading 0.
PHONE_PREFIXES = (
    "10",
    "11",
    "12",
    "15",
    "16",
    "17",
    "61",
    "69",
    "70",
    "71",
    "76",
    "77",
    "78",
    "81",
    "85",
    "86",
    "87",
    "88",
    "89",
    "92",
    "93",
    "95",
    "96",
    "97",
    "98",
    "99",
)
#: Words of Cambodian place names (villages, communes, districts).
PLACE_WORDS = (
    "Prey",
    "Kampong",
    "Svay",
    "Chamkar",
    "Tuol",
    "Boeng",
    "Phnum",
    "Kraing",
    "Ta",
    "Trapeang",
    "Ou",
    "Angk",
    "Chrey",
    "Sla",
    "Roka",
    "Thmei",
    "Chas",
    "Leu",
    "Kraom",
    "Kandal",
    "Thum",
    "Tbaeng",
    "Popel",
    "Doung",
    "Krasang",
    "Khnar",
    "Sambour",
    "Kouk",
    "Preah",
    "Snuol",
    "Prasat",
    "Damrei",
    "Chheu Teal",
    "Veal",
    "Srae",
)
#: Villages (survey PSUs) per district, roughly; every province has at least two districts.
VILLAGES_PER_DISTRICT = 6

_RELATIVES_SHARING_THE_HEADS_FAMILY_NAME = ("head", "child", "grandchild")


def place_name(rng: np.random.Generator, words: int = 2) -> str:
    """A place name of ``words`` words drawn from :data:`PLACE_WORDS`."""
    return " ".join(rng.choice(PLACE_WORDS, size=words, replace=False))


def places(rng: np.random.Generator, households: pd.DataFrame) -> pd.DataFrame:
    """One row per survey village (PSU): ``psu, province, district, commune, village``.

    Villages of a province are grouped into districts of about :data:`VILLAGES_PER_DISTRICT`;
    each sampled village lies in its own commune. Names are unique within their parent.
    """
    villages = (
        households[["psu", "province"]]
        .drop_duplicates("psu")
        .sort_values("psu")
        .assign(province=lambda frame: frame["province"].astype(str))
        .reset_index(drop=True)
    )
    rows = []
    for province, group in villages.groupby("province", sort=True):
        n_districts = max(2, round(len(group) / VILLAGES_PER_DISTRICT))
        districts = _unique_names(rng, n_districts, words=2)
        district_of = rng.integers(0, n_districts, len(group))
        communes = _unique_names(rng, len(group), words=2)
        for offset, psu in enumerate(group["psu"]):
            rows.append(
                (
                    psu,
                    province,
                    districts[district_of[offset]],
                    communes[offset],
                    place_name(rng, 2),
                )
            )
    return pd.DataFrame(rows, columns=["psu", "province", "district", "commune", "village"])


def _unique_names(rng: np.random.Generator, n: int, words: int) -> list[str]:
    names: list[str] = []
    while len(names) < n:
        name = place_name(rng, words)
        if name not in names:
            names.append(name)
    return names


#: Step between the given names of a household's members of one sex: coprime with the number of
#: names, so that no two brothers (or sisters) share a given name.
NAME_STEP = 7


def _given_names(rng: np.random.Generator, frame: pd.DataFrame) -> np.ndarray:
    """A given name for each person, never the same for two members of one sex in a household."""
    out = np.empty(len(frame), dtype=object)
    order = frame.groupby(["hh_id", "sex"], sort=False).cumcount().to_numpy()
    households = frame["hh_id"].to_numpy()
    for sex, names in (("male", MALE_NAMES), ("female", FEMALE_NAMES)):
        pool = np.asarray(list(names), dtype=object)
        _, household = np.unique(households, return_inverse=True)
        offset = rng.integers(0, pool.size, household.max() + 1 if household.size else 0)
        index = (offset[household] + NAME_STEP * order) % pool.size
        rows = frame["sex"].to_numpy() == sex
        out[rows] = pool[index[rows]]
    return out


def identities(
    rng: np.random.Generator, households: pd.DataFrame, persons: pd.DataFrame
) -> pd.DataFrame:
    """One row per survey person: ``person_id, hh_id, family_name, given_name, sex,
    date_of_birth`` (datetime64), ``age, id_card, phone, province, district, commune, village``.

    Children and grandchildren carry the head's family name; spouses, parents and others their
    own. ``id_card`` and ``phone`` are what the person holds (missing when none), not yet what a
    register recorded.
    """
    n = len(persons)
    frame = persons[["person_id", "hh_id", "line", "age", "sex", "relationship"]].copy()
    frame["sex"] = frame["sex"].astype(str)
    family = np.asarray(list(FAMILY_NAMES), dtype=object)[rng.integers(0, len(FAMILY_NAMES), n)]
    heads = pd.Series(family, index=frame.index).where(frame["relationship"].astype(str) == "head")
    head_name = heads.groupby(frame["hh_id"]).transform("first")
    shares = frame["relationship"].astype(str).isin(_RELATIVES_SHARING_THE_HEADS_FAMILY_NAME)
    frame["family_name"] = np.where(shares & head_name.notna(), head_name, family)
    frame["given_name"] = _given_names(rng, frame)
    days = (frame["age"].to_numpy() * 365.25 + rng.uniform(0, 365, n)).astype("int64")
    frame["date_of_birth"] = AGE_REFERENCE_DATE - days.astype("timedelta64[D]")
    adult = frame["age"].to_numpy() >= ID_CARD_MIN_AGE
    cards = rng.choice(900_000_000, size=n, replace=False) + 100_000_000
    frame["id_card"] = pd.Series(cards.astype(str), index=frame.index).where(
        adult & (rng.random(n) < ID_CARD_OWNED)
    )
    prefixes = np.asarray(PHONE_PREFIXES)[rng.integers(0, len(PHONE_PREFIXES), n)]
    numbers = rng.integers(100_000, 10_000_000, n).astype(str)
    frame["phone"] = pd.Series(
        np.char.add(np.char.add("0", prefixes), np.char.zfill(numbers, 7)), index=frame.index
    ).where(adult & (rng.random(n) < PHONE_OWNED))
    where = households[["hh_id", "psu"]].merge(places(rng, households), on="psu")
    frame = frame.merge(where, on="hh_id", how="left", validate="many_to_one")
    return frame.drop(columns=["line", "relationship"])
