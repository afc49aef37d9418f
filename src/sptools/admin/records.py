"""Write a register's person records from the people it holds, with the faults of real registers.

Every register shares one person-record schema (:data:`PERSON_COLUMNS`). The faults and their rates
are module constants, so the lessons can quote them and the tests can check them:

- **spelling variants**: each name word is written with one of its other transliterations with
  probability :data:`SPELLING_VARIANT_RATE`;
- **word order**: given name first (``Dara Sok``) instead of the Khmer order (``Sok Dara``) with
  probability :data:`WORD_ORDER_RATE`;
- **typing errors**: one letter dropped, doubled or swapped with its neighbour, :data:`TYPO_RATE`;
- **dates of birth**: only the year for :data:`YEAR_ONLY_RATE` (people aged 40 and over:
  :data:`YEAR_ONLY_RATE_40_PLUS`); day and month swapped for :data:`DAY_MONTH_SWAP_RATE`: 9 April
  2016 written ``2016-09-04``, a wrong date that only linkage can catch, and 21 April 2016 written
  ``2016-21-04``, no date at all, that validation catches;
- **missing identifiers**: an ID card or phone the person has is not recorded, at the register's
  rate (:data:`ID_CARD_MISSING`, :data:`PHONE_MISSING`); phone numbers written in three formats;
- **people who moved**: the record keeps an old address (another village of the province, or
  another province) with probability :data:`MOVED_RATE`;
- **duplicates**: :data:`DUPLICATE_RATE` of the people are registered twice, each record with its
  own faults.

Examples
--------
>>> import numpy as np
>>> swap_day_and_month(np.array(["2016-04-09", "2016-04-21"])).tolist()
['2016-09-04', '2016-21-04']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sptools.admin.names import spell
from sptools.registry.standardise import PERSON_COLUMNS

SPELLING_VARIANT_RATE = 0.25
WORD_ORDER_RATE = 0.15
TYPO_RATE = 0.03
YEAR_ONLY_RATE = 0.03
YEAR_ONLY_RATE_40_PLUS = 0.20
DAY_MONTH_SWAP_RATE = 0.05
MOVED_RATE = 0.04
MOVED_TO_ANOTHER_PROVINCE = 0.25
DUPLICATE_RATE = 0.03
#: Share of the ID cards people hold that each register failed to record.
ID_CARD_MISSING = {"idpoor": 0.45, "disability": 0.30, "family_package": 0.35, "nssf": 0.05}
#: Share of the phones people hold that each register failed to record.
PHONE_MISSING = {"idpoor": 0.60, "disability": 0.40, "family_package": 0.30, "nssf": 0.20}
#: How each register writes names: Khmer registers in capitals, the others in title case.
UPPER_CASE = {"idpoor": True, "disability": False, "family_package": False, "nssf": True}


def swap_day_and_month(dates: np.ndarray) -> np.ndarray:
    """The dates (text, ``YYYY-MM-DD``) written with day and month swapped: ``YYYY-DD-MM``."""
    return np.array([f"{v[:4]}-{v[8:10]}-{v[5:7]}" for v in np.asarray(dates, str)], dtype=object)


def _typo(rng: np.random.Generator, names: np.ndarray) -> np.ndarray:
    out = names.copy()
    for i, name in enumerate(names):
        if len(name) < 4:
            continue
        at = int(rng.integers(1, len(name) - 1))
        kind = int(rng.integers(0, 3))
        if kind == 0 and name[at] != " ":
            out[i] = name[:at] + name[at + 1 :]
        elif kind == 1 and name[at] != " ":
            out[i] = name[:at] + name[at] + name[at:]
        elif name[at] != " " and name[at + 1] != " ":
            out[i] = name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    return out


def _names(rng: np.random.Generator, people: pd.DataFrame, register: str) -> np.ndarray:
    family = spell(rng, people["family_name"].to_numpy(), SPELLING_VARIANT_RATE)
    given = spell(rng, people["given_name"].to_numpy(), SPELLING_VARIANT_RATE)
    western = rng.random(len(people)) < WORD_ORDER_RATE
    first = np.where(western, given, family).astype(str)
    second = np.where(western, family, given).astype(str)
    names = np.char.add(np.char.add(first, " "), second).astype(object)
    typo = rng.random(len(people)) < TYPO_RATE
    names[typo] = _typo(rng, names[typo])
    return np.char.upper(names.astype(str)).astype(object) if UPPER_CASE[register] else names


def _dates_of_birth(rng: np.random.Generator, people: pd.DataFrame) -> np.ndarray:
    born = people["date_of_birth"].to_numpy().astype("datetime64[D]")
    n = born.size
    text = np.datetime_as_string(born, unit="D").astype(object)
    swap = rng.random(n) < DAY_MONTH_SWAP_RATE
    text[swap] = swap_day_and_month(text[swap])
    year_only_rate = np.where(
        people["age"].to_numpy() >= 40, YEAR_ONLY_RATE_40_PLUS, YEAR_ONLY_RATE
    )
    year_only = rng.random(n) < year_only_rate
    text[year_only] = np.array([value[:4] for value in text[year_only]], dtype=object)
    return text


def _phones(rng: np.random.Generator, phones: pd.Series) -> pd.Series:
    """Write each phone in one of three formats: ``012345678``, ``012 345 678`` or
    ``+85512345678``."""
    style = rng.integers(0, 3, len(phones))
    digits = phones.fillna("0000000000")
    spaced = digits.str[:3] + " " + digits.str[3:6] + " " + digits.str[6:]
    international = "+855" + digits.str[1:]
    written = digits.where(style == 0, spaced.where(style == 1, international))
    return written.where(phones.notna())


def _moved(rng: np.random.Generator, people: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Give :data:`MOVED_RATE` of the people an old address: another village of their province,
    or (:data:`MOVED_TO_ANOTHER_PROVINCE` of them) a village of another province."""
    address = ["province", "district", "commune", "village"]
    frame = people[address].copy()
    moved = np.flatnonzero(rng.random(len(people)) < MOVED_RATE)
    if moved.size == 0:
        return frame
    anywhere = rng.random(moved.size) < MOVED_TO_ANOTHER_PROVINCE
    by_province = {name: group.index.to_numpy() for name, group in places.groupby("province")}
    old = np.empty(moved.size, dtype="int64")
    for k, row in enumerate(moved):
        pool = places.index.to_numpy() if anywhere[k] else by_province[frame.iat[row, 0]]
        old[k] = pool[rng.integers(0, pool.size)]
    frame.iloc[moved, :] = places.loc[old, address].to_numpy()
    return frame


def person_records(
    rng: np.random.Generator,
    people: pd.DataFrame,
    places: pd.DataFrame,
    register: str,
    prefix: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A register's records of ``people`` (rows of :func:`sptools.admin.people.identities`), and its
    truth.

    Returns
    -------
    records
        :data:`PERSON_COLUMNS` plus the columns of ``people`` not in the schema (the caller keeps
        what the register holds and drops the rest), one row per record, sorted by ``record_id``
        (``<prefix>-000001``, ...); duplicates appear at random places.
    truth
        ``register, record_id, person_id``.
    """
    twice = people[rng.random(len(people)) < DUPLICATE_RATE]
    drawn = pd.concat([people, twice], ignore_index=True)
    drawn = drawn.iloc[rng.permutation(len(drawn))].reset_index(drop=True)
    n = len(drawn)
    records = drawn.copy()
    records["record_id"] = [f"{prefix}-{i:06d}" for i in range(1, n + 1)]
    records["name"] = _names(rng, drawn, register)
    records["date_of_birth"] = _dates_of_birth(rng, drawn)
    records[["province", "district", "commune", "village"]] = _moved(rng, drawn, places)
    records["id_card"] = drawn["id_card"].where(rng.random(n) >= ID_CARD_MISSING[register])
    records["phone"] = _phones(rng, drawn["phone"].where(rng.random(n) >= PHONE_MISSING[register]))
    truth = pd.DataFrame(
        {"register": register, "record_id": records["record_id"], "person_id": drawn["person_id"]}
    )
    extra = [c for c in records.columns if c not in PERSON_COLUMNS]
    return records[[*PERSON_COLUMNS, *extra]], truth
