"""Cambodia's shock-response precedents, as data and benefit formulas (course layer).

Figures come from ``cambodia.yml`` (``social_protection``), read through
:func:`sptools.datasets.cambodia_facts`, so they are typed once. Three precedents:

- the COVID-19 cash transfer for IDPoor households (Sub-decree 88, June 2020 - March 2024):
  an emergency programme using the IDPoor system, paid monthly by a formula
  (:func:`covid19_monthly_khr`);
- the 2022 flood cash transfer: 3 months of support to 99,169 poor and vulnerable families in
  17 provinces, about 47 billion riel in total (a new temporary programme using IDPoor);
- the 2022-23 inflation cash transfer to IDPoor households (:func:`inflation_monthly_khr`).

Examples
--------
>>> sorted(precedents())
['covid19', 'flood_2022', 'inflation_2022_23']
>>> round(precedents()["flood_2022"].monthly_khr_per_household)
157979
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sptools.datasets import cambodia_facts

__all__ = ["Precedent", "covid19_monthly_khr", "inflation_monthly_khr", "precedents"]

IDPOOR = ("level 1", "level 2")


@dataclass(frozen=True)
class Precedent:
    """A past shock response, as reported.

    Attributes
    ----------
    name : str
    response : str
        The SRSP guideline's option it corresponds to.
    shock : str
    months : int or None
        Months paid (None when not reported).
    households : int
        Households paid (reported).
    total_khr : float
        Total paid in riel (NaN when not reported).
    source : str
    """

    name: str
    response: str
    shock: str
    months: int | None
    households: int
    total_khr: float
    source: str

    @property
    def monthly_khr_per_household(self) -> float:
        """Derived: total / households / months (NaN without a reported total or duration)."""
        if self.months is None:
            return float("nan")
        return self.total_khr / self.households / self.months


def precedents() -> dict[str, Precedent]:
    """The three precedents, keyed ``covid19``, ``flood_2022``, ``inflation_2022_23``."""
    sp = cambodia_facts()["social_protection"]
    covid, flood, inflation = (
        sp["covid19_cash_transfer"],
        sp["flood_cash_transfer_2022"],
        sp["inflation_cash_transfer_2022_23"],
    )
    usd = cambodia_facts()["economy"]["exchange_rate_khr_per_usd"]
    return {
        "covid19": Precedent(
            "COVID-19 cash transfer for IDPoor households",
            "emergency programme using existing systems (IDPoor)",
            "health",
            int(covid["months"]),
            int(covid["households"]),
            float(covid["total_usd"]) * usd,
            "Sub-decree 88; press reports (total US$1.359 bn at 4,070 riel per US$)",
        ),
        "flood_2022": Precedent(
            "Flood cash transfer 2022",
            "emergency programme using existing systems (IDPoor)",
            "flood",
            int(flood["months"]),
            int(flood["households"]),
            float(flood["khr_total"]),
            "press, 2023: 10 December 2022, 3 months, 17 provinces",
        ),
        "inflation_2022_23": Precedent(
            "Inflation cash transfer 2022-23",
            "emergency programme using existing systems (IDPoor)",
            "price",
            None,
            int(inflation["households"]),
            float("nan"),
            "press reports; duration and total not in cambodia.yml",
        ),
    }


def _zone(households: pd.DataFrame) -> np.ndarray:
    """ "Phnom Penh", "other urban" or "rural" for each household."""
    urban = households["urban"].astype(bool).to_numpy()
    capital = households["province"].astype(str).to_numpy() == "Phnom Penh"
    return np.where(capital, "Phnom Penh", np.where(urban, "other urban", "rural"))


def covid19_monthly_khr(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Monthly COVID-19 cash transfer of each household (0 outside IDPoor), by its formula.

    Base amount by residence + an amount per member by IDPoor level and residence + an amount
    per vulnerable member (child under 5, person with a disability, aged 60+; HIV status is not
    in the survey). Indexed like ``households``.

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1, 2], "urban": [False, True], "idpoor": ["level 1", "none"],
    ...                   "province": ["Kep", "Kep"]})
    >>> p = pd.DataFrame({"hh_id": [1, 1, 2], "age": [3, 30, 40],
    ...                   "disability": [False, False, False]})
    >>> covid19_monthly_khr(h, p).tolist()
    [152000.0, 0.0]
    """
    rule = cambodia_facts()["social_protection"]["covid19_cash_transfer"]
    residence = np.where(households["urban"].astype(bool), "urban", "rural")
    level = households["idpoor"].astype(str).to_numpy()
    in_idpoor = np.isin(level, IDPOOR)
    members = persons.groupby("hh_id").size().reindex(households["hh_id"], fill_value=0)
    vulnerable = (
        (persons["age"] < 5)
        | (persons["age"] >= 60)
        | persons["disability"].fillna(False).astype(bool)
    )
    vulnerable = (
        vulnerable.groupby(persons["hh_id"]).sum().reindex(households["hh_id"], fill_value=0)
    )
    per_member = [
        rule["per_member_khr"][r].get("IDPoor1" if lv == "level 1" else "IDPoor2", 0)
        for r, lv in zip(residence, level, strict=True)
    ]
    amount = (
        np.array([rule["base_household_khr"][r] for r in residence], dtype=float)
        + members.to_numpy() * np.array(per_member, dtype=float)
        + vulnerable.to_numpy()
        * np.array([rule["per_vulnerable_member_khr"][r] for r in residence])
    )
    return pd.Series(np.where(in_idpoor, amount, 0.0), index=households.index, name="covid19_khr")


def inflation_monthly_khr(households: pd.DataFrame) -> pd.Series:
    """Monthly inflation cash transfer of each IDPoor household (0 outside IDPoor).

    An amount by zone (Phnom Penh, other urban, rural) + an amount per member beyond the first.

    Examples
    --------
    >>> h = pd.DataFrame({"urban": [False], "province": ["Kep"], "idpoor": ["level 2"],
    ...                   "hh_size": [3]})
    >>> inflation_monthly_khr(h).tolist()
    [121300.0]
    """
    rule = cambodia_facts()["social_protection"]["inflation_cash_transfer_2022_23"]
    zone = pd.Series(_zone(households), index=households.index)
    amount = zone.map(rule["household_khr"]) + (households["hh_size"] - 1) * zone.map(
        rule["per_additional_member_khr"]
    )
    in_idpoor = households["idpoor"].astype(str).isin(IDPOOR)
    return amount.where(in_idpoor, 0.0).astype(float).rename("inflation_khr")
