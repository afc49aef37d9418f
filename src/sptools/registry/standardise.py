"""Standardise person records before linking them: the columns the linkage model compares.

Khmer names have no single romanisation and no fixed word order, so the model does not compare
names as written but keys that survive the usual variations:

- ``name_sorted``: lower case, letters only, words in alphabetical order (``"dara sok"`` for
  both ``SOK Dara`` and ``Dara Sok``);
- ``name_letters``: the letters of the name in alphabetical order, spaces dropped (also equal for
  ``Srey Mom`` and ``Sreymom``);
- ``name_skeleton``: the distinct consonants other than ``h``, in alphabetical order (equal for
  ``Sokh Darah`` and ``Sok Dara``);
- ``dob``: the date of birth as written (``YYYY-MM-DD`` or ``YYYY``; an impossible date such as
  ``1991-21-04`` is kept, as the model compares day and month both ways); ``birth_year``;
- ``phone``: digits only, ``+855`` written as the leading ``0``.

Examples
--------
>>> import pandas as pd
>>> records = pd.DataFrame({"record_id": ["a", "b"], "name": ["SOKH Srey Mom", "Sreymom Sok"],
...     "sex": ["female"] * 2, "date_of_birth": ["1990-04-09", "1990"], "province": ["Takeo"] * 2,
...     "district": ["d"] * 2, "commune": ["c"] * 2, "village": ["v"] * 2,
...     "id_card": [None] * 2, "phone": ["+85512345678", "012 345 678"]})
>>> standardise(records)[["name_sorted", "name_letters", "name_skeleton", "phone"]]
     name_sorted name_letters name_skeleton      phone
0  mom sokh srey  ehkmmoorssy          kmrs  012345678
1    sok sreymom   ekmmoorssy          kmrs  012345678
"""

from __future__ import annotations

import re

import pandas as pd

#: The person-record schema of every register, in this order (the columns linkage reads).
PERSON_COLUMNS = (
    "record_id",
    "name",
    "sex",
    "date_of_birth",
    "province",
    "district",
    "commune",
    "village",
    "id_card",
    "phone",
)
REQUIRED = PERSON_COLUMNS
#: The columns of :func:`standardise`, in order.
STANDARD_COLUMNS = (
    "unique_id",
    "name_sorted",
    "name_letters",
    "name_skeleton",
    "sex",
    "dob",
    "birth_year",
    "province",
    "district",
    "commune",
    "village",
    "id_card",
    "phone",
)
DATE_PATTERN = r"\d{4}(-\d{2}-\d{2})?"
_VOWELS_AND_H = re.compile(r"[aeiouyh ]")


def check_records(table: object, argument: str) -> pd.DataFrame:
    """Refuse what linkage cannot read, naming the argument, the column, the values and the fix."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{argument} must be a pandas DataFrame; got {type(table).__name__}")
    if table.empty:
        raise ValueError(
            f"{argument} has no records: an empty register cannot be linked. Check that the file "
            "was read completely and that no filter removed every row"
        )
    missing = [column for column in REQUIRED if column not in table.columns]
    if missing:
        raise ValueError(
            f"{argument} lacks the column(s) {missing} of the person-record schema "
            f"{list(REQUIRED)}; rename its columns (an ID or phone the register does not hold "
            "can be a column of missing values)"
        )
    ids = table["record_id"]
    if ids.isna().any() or ids.duplicated().any():
        bad = ids[ids.isna() | ids.duplicated(keep=False)].head(3).tolist()
        raise ValueError(
            f"{argument}['record_id'] must be unique and never missing (e.g. {bad}); give every "
            "record its own identifier before linking"
        )
    dates = table["date_of_birth"]
    if pd.api.types.is_datetime64_any_dtype(dates):
        return table
    text = dates.dropna().astype(str)
    not_dates = text[~text.str.fullmatch(DATE_PATTERN)]
    if len(not_dates):
        raise ValueError(
            f"{argument}['date_of_birth'] holds {len(not_dates):,} value(s) that are not dates "
            f"written YYYY-MM-DD or YYYY, e.g. {not_dates.head(3).tolist()}; rewrite them "
            "(sptools.registry.validate lists every one) or set them to missing"
        )
    return table


def _name_keys(names: pd.Series) -> pd.DataFrame:
    """``name_sorted``, ``name_letters`` and ``name_skeleton`` of each name (computed once per
    distinct name: a register of a million records holds far fewer names)."""
    codes, distinct = pd.factorize(names.fillna("").astype(str), sort=False)
    clean = pd.Series(distinct, dtype=object).str.lower().str.replace(r"[^a-z ]", "", regex=True)
    words = [" ".join(sorted(name.split())) for name in clean]
    keys = pd.DataFrame(
        {
            "name_sorted": words,
            "name_letters": ["".join(sorted(name.replace(" ", ""))) for name in words],
            "name_skeleton": ["".join(sorted(set(_VOWELS_AND_H.sub("", name)))) for name in words],
        },
        dtype=object,
    )
    keys = keys.where(keys != "", None)
    return keys.iloc[codes].set_index(names.index)


def standardise(table: pd.DataFrame) -> pd.DataFrame:
    """The columns :data:`STANDARD_COLUMNS` of a register, one row per record (same order).

    Parameters
    ----------
    table
        Person records with the columns :data:`REQUIRED`.
    """
    check_records(table, "table")
    names = _name_keys(table["name"])
    dates = table["date_of_birth"]
    if pd.api.types.is_datetime64_any_dtype(dates):
        dates = dates.dt.strftime("%Y-%m-%d")
    dates = dates.astype("object").where(dates.notna(), None)
    phone = table["phone"].astype("object").where(table["phone"].notna(), None)
    digits = phone.dropna().astype(str).str.replace(r"\D", "", regex=True)
    digits = digits.where(~digits.str.startswith("855"), "0" + digits.str[3:])
    frame = pd.DataFrame(
        {
            "unique_id": table["record_id"].astype(str),
            "name_sorted": names["name_sorted"],
            "name_letters": names["name_letters"],
            "name_skeleton": names["name_skeleton"],
            "sex": table["sex"],
            "dob": dates,
            "birth_year": dates.str[:4] if dates.notna().any() else dates,
            "province": table["province"],
            "district": table["district"],
            "commune": table["commune"],
            "village": table["village"],
            "id_card": table["id_card"],
            "phone": digits.reindex(table.index),
        },
        index=table.index,
    )
    return frame.astype(object).where(frame.notna(), None).reset_index(drop=True)
