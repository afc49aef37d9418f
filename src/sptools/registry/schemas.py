"""pandera schemas of the social protection registers: what a valid record is, rule by rule.

Each check is named after a rule of :data:`RULES`, so that a failure reads as the rule it broke
(``not_a_date``, ``id_card_shared``, ...). Build a schema with :func:`schema`; validate a table with
:func:`sptools.registry.validate`.

Examples
--------
>>> sorted(KINDS)[:3]
['disability_register', 'family_package', 'idpoor_households']
>>> "date_of_birth" in schema("idpoor_members").columns
True
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pandera.pandas as pa

#: rule -> what it means, in words a data owner can act on.
RULES: dict[str, str] = {
    "missing": "a required value is missing",
    "duplicate_id": "the same identifier is on more than one row",
    "one_of": "not one of the allowed codes",
    "date_format": "not written as a date (YYYY-MM-DD; a date of birth may be YYYY)",
    "not_a_date": "written YYYY-MM-DD but no such day (month above 12: day and month swapped?)",
    "in_the_future": "a date after the day the register was extracted",
    "too_old": "a date of birth before 1900",
    "name_words": "a name of one word (the family name and the given name are expected)",
    "id_card_format": "an ID card number that is not 9 digits",
    "id_card_shared": "the same ID card number on several records (a duplicate registration?)",
    "phone_format": "not a Cambodian phone number (0XX XXX XXX(X) or +855...)",
    "month_format": "not a month written YYYY-MM",
    "positive": "zero or negative",
    "component_age": "the date of birth does not fit the Family Package component "
    "(child under 2, or aged 60+ at enrolment)",
    "closed_on_status": "closed_on must be given when, and only when, the status is closed",
    "closed_before_enrolled": "closed before enrolment",
    "paid_date_status": "paid_date must be given when, and only when, the status is paid",
    "paid_after_closure": "paid while the record was closed or the person deceased",
}
#: The column a table-wide rule is reported under.
RULE_COLUMN = {
    "component_age": "date_of_birth",
    "closed_on_status": "closed_on",
    "closed_before_enrolled": "closed_on",
    "paid_date_status": "paid_date",
    "paid_after_closure": "record_status",
}
SEX = ("female", "male")
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
PHONE = r"(?:\+855|0)\d{2} ?\d{3} ?\d{3,4}"


def _parsed(values: pd.Series) -> pd.Series:
    text = values.astype(str)
    full = text.where(text.str.fullmatch(ISO_DATE))
    return pd.to_datetime(full, format="%Y-%m-%d", errors="coerce")


def _date_checks(year_only: bool, as_of: str | None) -> list[pa.Check]:
    pattern = rf"{ISO_DATE}|\d{{4}}" if year_only else ISO_DATE
    checks = [
        pa.Check(lambda v: v.astype(str).str.fullmatch(pattern), name="date_format"),
        pa.Check(
            lambda v: ~v.astype(str).str.fullmatch(ISO_DATE) | _parsed(v).notna(),
            name="not_a_date",
        ),
    ]
    if as_of is not None:
        limit = pd.Timestamp(as_of)
        checks.append(
            pa.Check(
                lambda v: (
                    pd.to_numeric(v.astype(str).str[:4], errors="coerce").fillna(0) <= limit.year
                    if year_only
                    else ~(_parsed(v) > limit)
                ),
                name="in_the_future",
            )
        )
    if year_only:
        checks.append(
            pa.Check(
                lambda v: (
                    pd.to_numeric(v.astype(str).str[:4], errors="coerce").fillna(9999) >= 1900
                ),
                name="too_old",
            )
        )
    return checks


def _one_of(values: Sequence[object]) -> pa.Check:
    allowed = list(values)
    return pa.Check(lambda v: v.isin(allowed), name="one_of")


def _text(**kwargs: object) -> pa.Column:
    return pa.Column(None, **kwargs)


def person_columns(
    as_of: str | None = None, provinces: Sequence[str] | None = None
) -> dict[str, pa.Column]:
    """The columns of the person-record schema shared by every person register."""
    province_checks = [_one_of(provinces)] if provinces is not None else []
    return {
        "record_id": _text(unique=True),
        "name": _text(
            checks=pa.Check(lambda v: v.astype(str).str.split().str.len() >= 2, name="name_words")
        ),
        "sex": _text(checks=_one_of(SEX)),
        "date_of_birth": _text(checks=_date_checks(year_only=True, as_of=as_of)),
        "province": _text(checks=province_checks),
        "district": _text(),
        "commune": _text(),
        "village": _text(),
        "id_card": _text(
            nullable=True,
            checks=[
                pa.Check(lambda v: v.astype(str).str.fullmatch(r"\d{9}"), name="id_card_format"),
                pa.Check(lambda v: ~v.duplicated(keep=False), name="id_card_shared"),
            ],
        ),
        "phone": _text(
            nullable=True,
            checks=pa.Check(lambda v: v.astype(str).str.fullmatch(PHONE), name="phone_format"),
        ),
    }


def _component_fits_age(table: pd.DataFrame) -> pd.Series:
    born = table["date_of_birth"].astype(str)
    year = pd.to_numeric(born.str[:4], errors="coerce")
    enrolled = pd.to_datetime(table["enrolled_on"], format="%Y-%m-%d", errors="coerce")
    age = enrolled.dt.year - year
    child = table["component"].eq("child_under_2")
    elderly = table["component"].eq("elderly")
    wrong = (child & (age > 2)) | (elderly & (age < 59))
    return ~wrong.fillna(False).astype(bool)


def _closed_on_matches_status(table: pd.DataFrame) -> pd.Series:
    return table["closed_on"].notna() == table["status"].eq("closed")


def _closed_after_enrolment(table: pd.DataFrame) -> pd.Series:
    closed = pd.to_datetime(table["closed_on"], format="%Y-%m-%d", errors="coerce")
    enrolled = pd.to_datetime(table["enrolled_on"], format="%Y-%m-%d", errors="coerce")
    return ~(closed < enrolled)


def _paid_date_matches_status(table: pd.DataFrame) -> pd.Series:
    return table["paid_date"].notna() == table["status"].eq("paid")


def _not_paid_after_closure(table: pd.DataFrame) -> pd.Series:
    return ~(table["status"].eq("paid") & table["record_status"].isin(["closed", "deceased"]))


#: The record types :func:`schema` knows.
KINDS = (
    "person",
    "idpoor_households",
    "idpoor_members",
    "disability_register",
    "family_package",
    "nssf_members",
    "payments",
)


def schema(
    kind: str, *, as_of: str | None = None, provinces: Sequence[str] | None = None
) -> pa.DataFrameSchema:
    """The pandera schema of a record type.

    Parameters
    ----------
    kind
        One of :data:`KINDS`: ``"person"`` (the shared person-record schema), a register
        (``"idpoor_members"``, ``"disability_register"``, ``"family_package"``,
        ``"nssf_members"``), ``"idpoor_households"`` or ``"payments"``.
    as_of
        The day the register was extracted (``"YYYY-MM-DD"``): dates after it break the rule
        ``in_the_future``. Not checked when ``None``.
    provinces
        The allowed province names; not checked when ``None``.

    Examples
    --------
    >>> schema("payments").name
    'payments'
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    person = person_columns(as_of, provinces)
    dates = _date_checks(year_only=False, as_of=as_of)
    extra: dict[str, pa.Column] = {}
    checks: list[pa.Check] = []
    if kind == "idpoor_households":
        person = {}
        extra = {
            "household_id": _text(unique=True),
            "province": person_columns(as_of, provinces)["province"],
            "poverty_level": _text(checks=_one_of([1, 2])),
            "registration": _text(checks=_one_of(["round", "on_demand"])),
            "registered_on": _text(checks=dates),
        }
    elif kind == "idpoor_members":
        extra = {"household_id": _text()}
    elif kind == "disability_register":
        extra = {"severity": _text(checks=_one_of(["moderate", "severe"]))}
    elif kind == "nssf_members":
        extra = {"scheme": _text(checks=_one_of(["health", "occupational_risk", "pension"]))}
    elif kind == "family_package":
        extra = {
            "household_id": _text(),
            "component": _text(
                checks=_one_of(["pregnant", "child_under_2", "disability", "elderly"])
            ),
            "enrolled_on": _text(checks=dates),
            "status": _text(checks=_one_of(["active", "closed"])),
            "closed_on": _text(nullable=True, checks=dates),
        }
        checks = [
            pa.Check(_component_fits_age, name="component_age"),
            pa.Check(_closed_on_matches_status, name="closed_on_status"),
            pa.Check(_closed_after_enrolment, name="closed_before_enrolled"),
        ]
    elif kind == "payments":
        person = {}
        extra = {
            "payment_id": _text(unique=True),
            "record_id": _text(),
            "programme": _text(),
            "month": _text(
                checks=pa.Check(
                    lambda v: v.astype(str).str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])"),
                    name="month_format",
                )
            ),
            "amount_khr": _text(checks=pa.Check(lambda v: v > 0, name="positive")),
            "due_date": _text(checks=dates),
            "paid_date": _text(nullable=True, checks=dates),
            "status": _text(checks=_one_of(["paid", "failed", "pending"])),
            "record_status": _text(checks=_one_of(["active", "closed", "deceased"])),
        }
        checks = [
            pa.Check(_paid_date_matches_status, name="paid_date_status"),
            pa.Check(_not_paid_after_closure, name="paid_after_closure"),
        ]
    return pa.DataFrameSchema({**person, **extra}, checks=checks, name=kind, strict=False)
