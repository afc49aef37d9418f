"""Shocks and shock-responsive social protection (the SRSP guideline; METHODS.md section 4).

A :class:`Shock` lowers the consumption of households drawn reproducibly in the affected
provinces for some months. A response pays benefits through the one transfer engine
(:func:`sptools.transfers.pay`) using the existing systems, as the guideline's options:

- :func:`vertical`: a top-up for the current beneficiaries of a scheme in the affected provinces;
- :func:`horizontal`: the scheme's benefit for new households in the affected provinces, found
  through the IDPoor register (``via="idpoor"``), on-demand registration of the affected poor
  (``via="on_demand"``), or every household of the area (``via="geographic"``);
- :func:`emergency`: a new temporary scheme, with its own rules, in the affected provinces.

:func:`respond` evaluates one response against one shock on the survey: cost, coverage of the
affected poor, leakage to the unaffected, exclusion of the affected, the IDPoor register's
inclusion and exclusion errors against poverty during the shock, poverty among the affected
without and with the response, and the time to first payment (a stated parameter, not a
prediction). Counts are households weighted by the survey weights and uprated to the year's
population (:func:`sptools.transfers.uprating`).

**Price shocks.** The survey has no food share. A price shock's ``consumption_loss`` is the
rise in food prices, and the loss of real consumption is its first-order cost,
``food_share x rise`` (no substitution), with ``food_share`` an assumption (default 0.6, about
the food share of poorer Cambodian households' spending; state it when you quote a result).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.economy import Economy
from sptools.poverty import fgt
from sptools.results import Result
from sptools.transfers import Benefit, Scheme, household_transfers, pay, uprating

__all__ = [
    "DAYS_TO_FIRST_PAYMENT",
    "FOOD_SHARE",
    "Response",
    "ResponseResult",
    "Shock",
    "emergency",
    "horizontal",
    "respond",
    "vertical",
]

Kind = Literal["flood", "drought", "price", "health"]
#: IDPoor levels (both count as registered).
IDPOOR = ("level 1", "level 2")
Via = Literal["idpoor", "on_demand", "geographic"]
#: Assumed food share of consumption for price shocks: the survey has none and the reference
#: facts give none; a round value to discuss (module 4 lists it with its reason and shows how to
#: change it: ``Shock("price", ..., food_share=0.5)``).
FOOD_SHARE = 0.6
#: Stated time to first payment, in days, by response (assumptions to discuss, not estimates:
#: the reference facts date the precedents' first payments, not their shocks): a top-up through
#: an existing payroll is fastest; finding new households takes longer. Change one with
#: ``days_to_first_payment=`` in :func:`vertical`, :func:`horizontal` or :func:`emergency`.
DAYS_TO_FIRST_PAYMENT = {
    "vertical": 14,
    "horizontal idpoor": 30,
    "horizontal geographic": 45,
    "horizontal on_demand": 60,
    "emergency": 45,
}


@dataclass(frozen=True)
class Shock:
    """A covariate shock: who is hit, where, for how long, and how hard.

    Parameters
    ----------
    kind : {"flood", "drought", "price", "health"}
    provinces : sequence of str, optional
        Affected provinces (default: all, e.g. for a price or health shock).
    share_affected : float
        Probability that a household of the affected provinces is hit, in (0, 1].
    months : int
        Months the loss lasts.
    consumption_loss : float
        Share of consumption lost each month, in (0, 1); for ``kind="price"`` the rise in food
        prices (the loss is ``food_share x rise``).
    seed : int
        Seed of the draw of affected households (same seed, same households).
    food_share : float
        Share of food in consumption (price shocks only): an assumption, see the module.

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1, 2, 3], "province": ["Kratie", "Kratie", "Kep"],
    ...                   "consumption_pc": [100.0, 200.0, 300.0]})
    >>> flood = Shock("flood", ["Kratie"], share_affected=1.0, consumption_loss=0.25)
    >>> flood.apply(h)[["affected", "consumption_shock"]].values.tolist()
    [[True, 75.0], [True, 150.0], [False, 300.0]]
    """

    kind: Kind
    provinces: Sequence[str] | None = None
    share_affected: float = 0.5
    months: int = 3
    consumption_loss: float = 0.2
    seed: int = 2025
    food_share: float = FOOD_SHARE

    def __post_init__(self) -> None:
        if self.kind not in ("flood", "drought", "price", "health"):
            raise ValueError(
                f"kind must be 'flood', 'drought', 'price' or 'health', got {self.kind!r}."
            )
        if isinstance(self.provinces, str):
            object.__setattr__(self, "provinces", (self.provinces,))
        elif self.provinces is not None:
            object.__setattr__(self, "provinces", tuple(self.provinces))
        for name in ("share_affected", "consumption_loss", "food_share"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
                raise ValueError(f"{name} must be a share in (0, 1], e.g. 0.3, got {value!r}.")
        _months("months", self.months)

    @property
    def loss(self) -> float:
        """Share of consumption lost by an affected household each month."""
        return self.consumption_loss * (self.food_share if self.kind == "price" else 1.0)

    def area(self, households: pd.DataFrame) -> pd.Series:
        """True for households in the affected provinces (an error names unknown provinces)."""
        if self.provinces is None:
            return pd.Series(True, index=households.index)
        province = households["province"]
        known = {str(name) for name in pd.unique(province.dropna())}
        unknown = sorted(set(self.provinces) - known)
        if unknown:
            raise ValueError(
                f"provinces {unknown} are not in the survey; the provinces are {sorted(known)}."
            )
        return province.isin(self.provinces)  # no conversion of every row to text

    def apply(self, households: pd.DataFrame) -> pd.DataFrame:
        """The households with ``in_area``, ``affected`` and ``consumption_shock`` (per month).

        Raises
        ------
        ValueError
            When no household is affected (raise ``share_affected`` or add provinces).
        """
        in_area = self.area(households)
        draw = np.random.default_rng(self.seed).random(len(households))
        affected = in_area & (draw < self.share_affected)
        if not affected.any():
            raise ValueError(
                f"the {self.kind} shock affects no household of the survey ({int(in_area.sum())} "
                f"in the provinces, share_affected={self.share_affected}); raise share_affected "
                "or add provinces."
            )
        consumption = households["consumption_pc"].astype(float)
        return households.assign(
            in_area=in_area.to_numpy(),
            affected=affected.to_numpy(),
            consumption_shock=np.where(affected, consumption * (1 - self.loss), consumption),
        )


def _months(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not 1 <= value <= 60:
        raise ValueError(f"{name} must be a whole number of months in 1-60, got {value!r}.")


@dataclass(frozen=True)
class Response:
    """A shock response (build it with :func:`vertical`, :func:`horizontal` or :func:`emergency`).

    Attributes
    ----------
    kind : {"vertical", "horizontal", "emergency"}
    scheme : Scheme
        The existing scheme (vertical, horizontal) or the new one (emergency).
    months : int
        Months paid.
    top_up : Benefit or None
        The vertical top-up per unit of the scheme.
    via : str or None
        How a horizontal expansion finds new households.
    days_to_first_payment : int
        Stated time to first payment (default :data:`DAYS_TO_FIRST_PAYMENT`).
    on_demand_take_up : float
        Share of the affected poor who register on demand (``via="on_demand"``).
    """

    kind: Literal["vertical", "horizontal", "emergency"]
    scheme: Scheme
    months: int
    top_up: Benefit | None = None
    via: Via | None = None
    days_to_first_payment: int | None = None
    on_demand_take_up: float = 0.7

    def __post_init__(self) -> None:
        if not isinstance(self.scheme, Scheme):
            raise TypeError(f"scheme must be a Scheme, got {type(self.scheme).__name__}.")
        _months("months", self.months)
        if self.days_to_first_payment is None:
            key = self.kind if self.via is None else f"{self.kind} {self.via}"
            object.__setattr__(self, "days_to_first_payment", DAYS_TO_FIRST_PAYMENT[key])
        days = self.days_to_first_payment
        if isinstance(days, bool) or not isinstance(days, int | np.integer) or days < 0:
            raise ValueError(
                f"days_to_first_payment must be a whole number of days >= 0, got {days!r}."
            )
        if not 0 <= self.on_demand_take_up <= 1:
            raise ValueError(
                f"on_demand_take_up must be a share in [0, 1], got {self.on_demand_take_up!r}."
            )

    @property
    def label(self) -> str:
        """The response in a few words."""
        via = f" via {self.via}" if self.via else ""
        return f"{self.kind}{via}: {self.scheme.name}, {self.months} months"


def vertical(
    scheme: Scheme,
    top_up: Benefit | float,
    months: int,
    *,
    days_to_first_payment: int | None = None,
) -> Response:
    """Top-up for the scheme's current beneficiaries in the affected provinces.

    Parameters
    ----------
    scheme : Scheme
    top_up : Benefit or float
        The monthly top-up per unit paid, or a share of the scheme's benefit (0.5: +50%).
    months : int

    Examples
    --------
    >>> s = Scheme("family package", Benefit.riel(40_000), requires_idpoor=True, unit="household")
    >>> vertical(s, 0.5, 3).label
    'vertical: family package, 3 months'
    """
    if isinstance(top_up, int | float) and not isinstance(top_up, bool):
        if not 0 < top_up <= 5:
            raise ValueError(
                f"top_up as a share of the benefit must be in (0, 5], e.g. 0.5, got {top_up!r}."
            )
        top_up = replace(scheme.benefit, amount=scheme.benefit.amount * top_up)
    if not isinstance(top_up, Benefit):
        raise TypeError(f"top_up must be a Benefit or a share of the benefit, got {top_up!r}.")
    return Response(
        "vertical", scheme, months, top_up=top_up, days_to_first_payment=days_to_first_payment
    )


def horizontal(
    scheme: Scheme,
    months: int,
    via: Via = "idpoor",
    *,
    on_demand_take_up: float = 0.7,
    days_to_first_payment: int | None = None,
) -> Response:
    """The scheme's benefit, for ``months``, to new households in the affected provinces.

    The scheme's own conditions (age, disability, ...) still apply, except IDPoor membership,
    which ``via`` replaces: IDPoor households (``"idpoor"``), affected households poor during
    the shock that register on demand with probability ``on_demand_take_up`` (``"on_demand"``),
    or every household of the provinces (``"geographic"``).

    Examples
    --------
    >>> s = Scheme("child", Benefit.riel(40_000), max_age=14, requires_idpoor=True)
    >>> horizontal(s, 3, via="geographic").days_to_first_payment
    45
    """
    if via not in ("idpoor", "on_demand", "geographic"):
        raise ValueError(f"via must be 'idpoor', 'on_demand' or 'geographic', got {via!r}.")
    return Response(
        "horizontal",
        scheme,
        months,
        via=via,
        on_demand_take_up=on_demand_take_up,
        days_to_first_payment=days_to_first_payment,
    )


def emergency(scheme: Scheme, months: int, *, days_to_first_payment: int | None = None) -> Response:
    """A new temporary scheme, with its own rules, in the affected provinces (existing systems).

    Examples
    --------
    >>> s = Scheme("flood cash", Benefit.riel(100_000), unit="household", requires_idpoor=True)
    >>> emergency(s, 3).kind
    'emergency'
    """
    return Response("emergency", scheme, months, days_to_first_payment=days_to_first_payment)


def _restricted(scheme: Scheme, households: np.ndarray, **changes) -> Scheme:
    """The scheme limited to persons of the households ``households`` (hh_id values)."""
    own = scheme.rule

    def rule(people: pd.DataFrame) -> pd.Series:
        keep = people["hh_id"].isin(households)
        return keep & own(people) if own is not None else keep

    return replace(scheme, rule=rule, **changes)


def _paid(
    response: Response,
    shocked: pd.DataFrame,
    persons: pd.DataFrame,
    year: int,
    economy: Economy,
    line: float,
) -> pd.DataFrame:
    """The response's monthly payments (hh_id, person_id, scheme, monthly_khr)."""
    area_ids = shocked.loc[shocked["in_area"], "hh_id"].to_numpy()
    scheme = response.scheme
    if response.kind == "vertical":
        current = pay(scheme, shocked, persons, year=year, economy=economy)
        current = current[current["hh_id"].isin(area_ids)]
        return current.assign(monthly_khr=response.top_up.monthly_khr(year, economy))
    if response.kind == "emergency":
        return pay(_restricted(scheme, area_ids), shocked, persons, year=year, economy=economy)
    current = pay(scheme, shocked, persons, year=year, economy=economy)["hh_id"].unique()
    new = shocked[shocked["in_area"] & ~shocked["hh_id"].isin(current)]
    if response.via == "idpoor":
        new = new[new["idpoor"].isin(IDPOOR)]
    elif response.via == "on_demand":
        draw = np.random.default_rng(scheme.seed).random(len(new))
        new = new[
            new["affected"]
            & (new["consumption_shock"] < line)
            & (draw < response.on_demand_take_up)
        ]
    extended = _restricted(scheme, new["hh_id"].to_numpy(), requires_idpoor=False, coverage=1.0)
    return pay(extended, shocked, persons, year=year, economy=economy)


class ResponseResult(Result):
    """What a response does for the households a shock hits.

    Attributes
    ----------
    response : Response
    shock : Shock
    affected, affected_poor, reached : float
        Households (weighted, uprated to the year): hit by the shock; hit and poor during the
        shock (consumption per capita below the line); paid by the response.
    covered_affected, excluded_affected : float
        Affected households reached / not reached (they sum to ``affected``).
    leakage : float
        Reached households that the shock did not hit (``reached = covered_affected + leakage``).
    coverage_affected_poor : float
        Share of the affected poor reached.
    exclusion_rate : float
        Share of the affected not reached.
    leakage_rate : float
        Share of the reached not affected.
    idpoor_inclusion_error, idpoor_exclusion_error : float
        The IDPoor register against poverty during the shock among the affected: share of
        IDPoor households that are not poor; share of poor households not in IDPoor.
    poverty : pandas.DataFrame
        P0 of persons in affected households in a month of the shock: "before" the shock,
        "shock" (without response) and "response" (in a month the response pays), with SEs.
    cost_khr, cost_usd : float
        Transfers for all months plus the scheme's administration, in riel of the year.
    days_to_first_payment : int
        The stated parameter.
    payments : pandas.DataFrame
        Monthly payments.
    """

    def __init__(self, **parts) -> None:
        self.__dict__.update(parts)
        super().__init__(
            df=parts["degrees_of_freedom"],
            title=f"{parts['response'].label} after a {parts['shock'].kind} shock",
            method="linearised SEs of poverty among the affected; counts without SEs",
        )

    def _estimate_table(self) -> pd.DataFrame:
        rows = {
            f"P0 affected ({stage})": (self.poverty.loc[stage, "P0"], self.poverty.loc[stage, "se"])
            for stage in self.poverty.index
        }
        rows |= {
            "coverage of affected poor": (self.coverage_affected_poor, math.nan),
            "exclusion of affected": (self.exclusion_rate, math.nan),
            "leakage to unaffected": (self.leakage_rate, math.nan),
            "cost (billion riel)": (self.cost_khr / 1e9, math.nan),
        }
        return pd.DataFrame(
            {
                "estimate": [v for v, _ in rows.values()],
                "se": [s for _, s in rows.values()],
                "n": self.n_households,
            },
            index=pd.Index(list(rows), name="estimate_name"),
        )


def respond(
    shock: Shock,
    response: Response,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    year: int,
    economy: Economy,
) -> ResponseResult:
    """Evaluate a response to a shock on the survey.

    Parameters
    ----------
    shock : Shock
    response : Response
        From :func:`vertical`, :func:`horizontal` or :func:`emergency`.
    households, persons : pandas.DataFrame
        The survey's tables (households need province, idpoor, stratum, psu, hh_size).
    year : int
        The year whose riel the benefits are paid in.
    economy : Economy

    Returns
    -------
    ResponseResult

    Examples
    --------
    >>> from sptools.datasets import load_economy, load_households, load_persons
    >>> flood = Shock("flood", ["Kratie", "Stung Treng"], share_affected=0.5, seed=7)
    >>> cash = Scheme("flood cash", Benefit.riel(150_000), unit="household", requires_idpoor=True)
    >>> result = respond(flood, emergency(cash, 3), load_households(), load_persons(),
    ...                  year=2025, economy=load_economy())
    >>> print(f"{result.exclusion_rate:.0%} of affected households not reached")
    71% of affected households not reached
    """
    if not isinstance(shock, Shock) or not isinstance(response, Response):
        raise TypeError(
            f"respond(shock, response, ...) needs a Shock and a Response (from vertical, "
            f"horizontal or emergency), got {type(shock).__name__} and {type(response).__name__}."
        )
    line = economy.poverty_line_khr
    to_survey_prices = 1 / economy.price_factor(economy.poverty_line_year, year)
    shocked = shock.apply(households)
    payments = _paid(response, shocked, persons, year, economy, line)
    monthly = household_transfers(payments, shocked).to_numpy()
    factor = uprating(households, economy, year)
    weight = shocked["weight"].to_numpy(np.float64) * factor
    affected = shocked["affected"].to_numpy()
    poor_shock = shocked["consumption_shock"].to_numpy() < line
    reached = monthly > 0
    idpoor = shocked["idpoor"].isin(IDPOOR).to_numpy()
    counts = _counts(weight, affected, poor_shock, reached, idpoor)
    after = shocked["consumption_shock"] + monthly * to_survey_prices / shocked["hh_size"]
    cost = (weight * monthly).sum() * response.months * (1 + response.scheme.admin_rate)
    return ResponseResult(
        shock=shock,
        response=response,
        **counts,
        poverty=_affected_poverty(shocked, after, line),
        cost_khr=float(cost),
        cost_usd=economy.usd(float(cost), year),
        days_to_first_payment=response.days_to_first_payment,
        payments=payments,
        n_households=len(households),
        degrees_of_freedom=Design(households).df,
    )


def _counts(
    weight: np.ndarray,
    affected: np.ndarray,
    poor: np.ndarray,
    reached: np.ndarray,
    idpoor: np.ndarray,
) -> dict[str, float]:
    def total(mask: np.ndarray) -> float:
        return float(weight[mask].sum())

    def ratio(a: float, b: float) -> float:
        return a / b if b else math.nan

    affected_poor = affected & poor
    counts = {
        "affected": total(affected),
        "affected_poor": total(affected_poor),
        "reached": total(reached),
        "covered_affected": total(affected & reached),
        "excluded_affected": total(affected & ~reached),
        "leakage": total(reached & ~affected),
    }
    counts["coverage_affected_poor"] = ratio(
        total(affected_poor & reached), counts["affected_poor"]
    )
    counts["exclusion_rate"] = ratio(counts["excluded_affected"], counts["affected"])
    counts["leakage_rate"] = ratio(counts["leakage"], counts["reached"])
    counts["idpoor_inclusion_error"] = ratio(
        total(affected & idpoor & ~poor), total(affected & idpoor)
    )
    counts["idpoor_exclusion_error"] = ratio(
        total(affected_poor & ~idpoor), counts["affected_poor"]
    )
    return counts


def _affected_poverty(shocked: pd.DataFrame, after: pd.Series, line: float) -> pd.DataFrame:
    """P0 (and SE) of persons in affected households before, during and with the response."""
    people = shocked.assign(_person_weight=shocked["weight"] * shocked["hh_size"])
    design = Design(people, weight="_person_weight", strata="stratum", psu="psu")
    mask = shocked["affected"].to_numpy()
    stages = {
        "before": shocked["consumption_pc"].astype(float),
        "shock": shocked["consumption_shock"],
        "response": after,
    }
    estimates = {k: fgt(y[mask], line, 0, design=design) for k, y in stages.items()}
    return pd.DataFrame(
        {"P0": [float(e) for e in estimates.values()], "se": [e.se for e in estimates.values()]},
        index=pd.Index(list(estimates), name="stage"),
    )
