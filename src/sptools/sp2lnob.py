"""SP2LNOB: what extending social protection does for the groups furthest behind (ESCAP).

Two steps on the household survey (METHODS.md section 3):

1. :func:`fit` grows the LNOB tree of an opportunity on circumstances that include ``income``
   (bottom 40% / top 60% of consumption per capita, weighted by persons).
2. :func:`simulate` pays a package of schemes through the one transfer engine
   (:func:`sptools.transfers.pay`), adds each household's transfer divided by its size to
   consumption per capita (converted to the survey's prices), and estimates access after.

ESCAP does not publish how cash changes access. The channel is an explicit, switchable
assumption:

- ``channel="reclassify"``: the bottom-40% threshold stays at its value before the transfer; a
  person whose consumption after reaches above it moves to the leaf their circumstances now
  describe, and takes that leaf's rate before the transfer. Each person's change in access is
  ``rate(new leaf) - rate(old leaf)`` (zero for people who do not move).
- ``channel="model"``: a survey-weighted logit of access on log consumption per capita and the
  other circumstances (statsmodels); each person's change in access is the change in the
  predicted probability between consumption before and after.

Access after is ``outcome + change`` for each person, so a group's rate after is its rate before
plus the mean change of its members, D and HOI after are computed over the same circumstances
(with ``income`` reclassified at the fixed threshold), and a zero benefit changes nothing. The
simulation is static: no behavioural response, no supply side (a school or clinic that is not
there does not appear because a family has more cash).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm

from sptools.design import Design
from sptools.economy import Economy
from sptools.indicators import OPPORTUNITIES, bottom_40, opportunity
from sptools.lnob import lnob_tree
from sptools.lnob.dissimilarity import dissimilarity
from sptools.lnob.tree import LNOBTree
from sptools.poverty import fgt, gini, palma
from sptools.results import Estimate, Exclusions, Result
from sptools.transfers import (
    Overlap,
    Scheme,
    annual_cost,
    household_transfers,
    pay,
    uprating,
)

__all__ = [
    "AccessModel",
    "Channel",
    "SP2LNOBResult",
    "Step1",
    "access_change",
    "fit",
    "simulate",
    "sp2lnob_circumstances",
]

Channel = Literal["reclassify", "model"]

#: Most rows the access model of ``channel="model"`` is fitted on, and the seed of their draw.
MODEL_ROWS = 250_000
MODEL_SEED = 2025

#: The bottom-40% circumstance through which transfers act.
INCOME = "income"
INCOME_LEVELS = ("Bottom 40", "Top 60")


def sp2lnob_circumstances(name: str) -> tuple[str, ...]:
    """SP2LNOB's circumstances for an opportunity: its own, with ``income`` for ``wealth``.

    Examples
    --------
    >>> sp2lnob_circumstances("electricity")
    ('income', 'residence', 'education', 'region')
    """
    if name not in OPPORTUNITIES:
        raise KeyError(f"unknown opportunity {name!r}; choose one of {list(OPPORTUNITIES)}.")
    own = OPPORTUNITIES[name].circumstances
    chosen = tuple(INCOME if c == "wealth" else c for c in own)
    return chosen if INCOME in chosen else (INCOME, *chosen)


@dataclass(frozen=True)
class Step1:
    """Step 1 of SP2LNOB: the opportunity's table, its LNOB tree and the income threshold.

    Attributes
    ----------
    opportunity : str
    table : pandas.DataFrame
        One row per unit of the reference population (see
        :func:`sptools.indicators.opportunity`), with ``consumption_pc`` and ``hh_size`` joined
        and ``leaf`` (the tree's leaf of each row).
    tree : LNOBTree
    threshold : float
        The largest consumption per capita in the bottom 40% before any transfer (survey
        prices): after a transfer, a person is in the bottom 40% when consumption is at most this.
    barrier : bool
        The outcome is a barrier (stunting, child marriage): lower is better.
    design : Design
        The survey design on the table's rows (its weight, stratum and PSU columns).
    """

    opportunity: str
    table: pd.DataFrame
    tree: LNOBTree
    threshold: float
    barrier: bool
    design: Design

    @property
    def circumstances(self) -> tuple[str, ...]:
        """The circumstances of the tree."""
        return self.tree.circumstances

    @property
    def exclusions(self) -> Exclusions:
        """Units of the reference population left out for a missing outcome or circumstance."""
        attrs = self.table.attrs
        population = int(attrs.get("population", len(self.table)))
        dropped = int(attrs.get("dropped", 0))
        missing = {c: n for c, n in attrs.get("missing", {}).items() if n}
        return Exclusions(population, dropped, math.nan, missing)

    @cached_property
    def access_model(self) -> AccessModel:
        """The survey-weighted logit of ``channel="model"`` (fitted once, on first use)."""
        return AccessModel.fit(self)


def _income_threshold(households: pd.DataFrame) -> float:
    """Largest consumption per capita in the bottom 40% of persons (household weight x size)."""
    flags = bottom_40(households["consumption_pc"], households["weight"] * households["hh_size"])
    return float(households.loc[flags.fillna(False).astype(bool), "consumption_pc"].max())


def fit(
    households: pd.DataFrame,
    persons: pd.DataFrame,
    opportunity_name: str,
    *,
    circumstances: Sequence[str] | None = None,
    min_leaf: int | None = None,
    max_depth: int = 6,
) -> Step1:
    """Step 1: the LNOB tree of an opportunity on SP2LNOB's circumstances (ESCAP settings).

    Parameters
    ----------
    households, persons : pandas.DataFrame
        A survey round (``sptools.datasets.load_households`` / ``load_persons``).
    opportunity_name : str
        A key of :data:`sptools.indicators.OPPORTUNITIES` (e.g. ``"electricity"``).
    circumstances : sequence of str, optional
        Default :func:`sp2lnob_circumstances`; must include ``"income"``.
    min_leaf, max_depth
        Tree settings (default: ESCAP's minimum leaf and depth 6).

    Returns
    -------
    Step1
    """
    chosen = tuple(circumstances) if circumstances is not None else None
    chosen = chosen or sp2lnob_circumstances(opportunity_name)
    if INCOME not in chosen:
        raise ValueError(
            f"SP2LNOB's circumstances must include 'income' (the channel through which a "
            f"transfer acts), got {list(chosen)}."
        )
    table = opportunity(opportunity_name, households, persons, circumstances=chosen)
    by_household = households.set_index("hh_id")
    table = table.assign(
        consumption_pc=table["hh_id"].map(by_household["consumption_pc"]).to_numpy(),
        hh_size=table["hh_id"].map(by_household["hh_size"]).to_numpy(),
    )
    barrier = OPPORTUNITIES[opportunity_name].kind == "barrier"
    design = Design(table, weight="weight", strata="stratum", psu="psu")
    tree = lnob_tree(
        table,
        opportunity_name,
        list(chosen),
        design=design,
        min_leaf=min_leaf,
        max_depth=max_depth,
        barrier=barrier,
    )
    table["leaf"] = tree.assign(table).to_numpy()
    threshold = _income_threshold(households)
    below = table["consumption_pc"] <= threshold
    if not (below == (table[INCOME] == INCOME_LEVELS[0])).all():
        raise ValueError(
            "the income circumstance of the table disagrees with the bottom-40% threshold of "
            "consumption per capita; the households table must be the one the persons belong to."
        )
    return Step1(
        opportunity=opportunity_name,
        table=table,
        tree=tree,
        threshold=threshold,
        barrier=barrier,
        design=design,
    )


def _reclassified(step1: Step1, consumption_after: pd.Series) -> pd.DataFrame:
    """The table with ``income`` recomputed at the fixed threshold from consumption after."""
    income = np.where(consumption_after <= step1.threshold, *INCOME_LEVELS)
    after = step1.table.copy()
    after[INCOME] = pd.Categorical(income, categories=step1.table[INCOME].cat.categories)
    return after


def _change_reclassify(step1: Step1, after: pd.DataFrame) -> np.ndarray:
    rates = step1.tree.leaves["rate"]
    new_leaf = step1.tree.assign(after)
    return (new_leaf.map(rates) - step1.table["leaf"].map(rates)).to_numpy(np.float64)


@dataclass(frozen=True)
class AccessModel:
    """Logit of access on log consumption per capita and the circumstances other than income.

    Fitted by maximum likelihood with the survey weights (normalised to a mean of one) through
    ``statsmodels``' GLM; used only for its predictions, so no standard errors are reported.
    On more than :data:`MODEL_ROWS` rows (a census-scale population) it is fitted on that many
    rows drawn at random with a fixed seed: the predictions barely change, and the memory of the
    fit stays bounded (statsmodels holds several copies of its design matrix).

    Attributes
    ----------
    results : statsmodels GLMResults
    features : pandas.DataFrame
        The design matrix before the transfer (dummies of the circumstances, log consumption).
    """

    results: object
    features: pd.DataFrame

    @classmethod
    def fit(cls, step1: Step1) -> AccessModel:
        """Fit the model on step 1's table."""
        others = [c for c in step1.circumstances if c != INCOME]
        table = step1.table
        dummies = (
            pd.get_dummies(table[others], drop_first=True, dtype=float)
            if others
            else pd.DataFrame(index=table.index)
        )
        features = dummies.assign(log_consumption=np.log(table["consumption_pc"]))
        rows = np.arange(len(table))
        if len(rows) > MODEL_ROWS:
            rows = np.sort(
                np.random.default_rng(MODEL_SEED).choice(rows, MODEL_ROWS, replace=False)
            )
        weight = table["weight"].iloc[rows]
        results = sm.GLM(
            table[step1.opportunity].iloc[rows].astype(float),
            sm.add_constant(features.iloc[rows], has_constant="add"),
            family=sm.families.Binomial(),
            freq_weights=weight / weight.mean(),
        ).fit()
        return cls(results=results, features=features)

    def predict(self, consumption: pd.Series | np.ndarray) -> np.ndarray:
        """Probability of access of each row at the given consumption per capita."""
        shifted = self.features.assign(log_consumption=np.log(np.asarray(consumption)))
        exog = sm.add_constant(shifted, has_constant="add")
        return np.asarray(self.results.predict(exog), dtype=np.float64)


def access_change(
    step1: Step1, consumption_after: pd.Series | np.ndarray, channel: Channel = "reclassify"
) -> np.ndarray:
    """Each row's change in (expected) access when consumption per capita becomes
    ``consumption_after``.

    Parameters
    ----------
    step1 : Step1
    consumption_after : array-like
        Consumption per capita after the transfer, one value per row of ``step1.table``, in the
        survey's prices.
    channel : {"reclassify", "model"}

    Returns
    -------
    numpy.ndarray
        ``rate(new leaf) - rate(old leaf)`` (reclassify) or the change in the predicted
        probability (model); zero where consumption does not change.
    """
    if channel not in ("reclassify", "model"):
        raise ValueError(f"channel must be 'reclassify' or 'model', got {channel!r}.")
    consumption_after = np.asarray(consumption_after, dtype=np.float64)
    if consumption_after.shape != (len(step1.table),):
        raise ValueError(
            f"consumption_after needs one value per row of step 1's table ({len(step1.table):,})."
        )
    before = step1.table["consumption_pc"].to_numpy(np.float64)
    if (consumption_after < before).any():
        raise ValueError("consumption after a transfer cannot be lower than before.")
    if channel == "reclassify":
        return _change_reclassify(step1, _reclassified(step1, consumption_after))
    model = step1.access_model
    return model.predict(consumption_after) - model.predict(before)


def _d_and_hoi(table: pd.DataFrame, values: np.ndarray, step1: Step1) -> tuple[float, float]:
    """D and HOI over every combination of the tree's circumstances, of access ``values``.

    ``values`` may be fractional (access after a transfer is an expected value).
    """
    weight = table["weight"].to_numpy(np.float64)
    sums = (
        table[list(step1.circumstances)]
        .assign(_w=weight, _wy=weight * values)
        .groupby(list(step1.circumstances), observed=True, sort=False)[["_w", "_wy"]]
        .sum()
    )
    d = dissimilarity(sums["_w"].to_numpy(), sums["_wy"].to_numpy(), barrier=step1.barrier)
    rate = sums["_wy"].sum() / sums["_w"].sum()
    access = 1 - rate if step1.barrier else rate
    return d, access * (1 - d)


def _person_poverty(consumption: pd.Series, design: Design, line: float) -> dict[str, Estimate]:
    return {
        "P0": fgt(consumption, line, 0, design=design),
        "P1": fgt(consumption, line, 1, design=design),
        "P2": fgt(consumption, line, 2, design=design),
        "Gini": gini(consumption, design=design),
        "Palma": palma(consumption, design=design),
    }


class SP2LNOBResult(Result):
    """What a package of schemes does for access, inequality of opportunity, poverty and cost.

    Attributes
    ----------
    groups : pandas.DataFrame
        One row per leaf of the step-1 tree: path, share, rate_before, rate_after, their SEs,
        change.
    d_before, d_after, hoi_before, hoi_after : float
    poverty : pandas.DataFrame
        Rows before/after; columns P0, P1, P2, Gini, Palma (persons weighted).
    poverty_se : pandas.DataFrame
        Their design-based (linearised) standard errors.
    cost_khr, cost_usd, cost_pct_gdp : float
        Annual cost including administration, for the simulation year, with the survey's weights
        uprated to that year's population (the survey represents the 2019 census population).
    population_uprating : float
        The year's population divided by the survey's weighted population.
    cost_per_point : float
        Annual cost per percentage point of access gained by the furthest-behind group (NaN
        when it gains nothing).
    costs : pandas.DataFrame
        Cost by scheme (see :func:`sptools.transfers.annual_cost`).
    payments : pandas.DataFrame
        The payments (see :func:`sptools.transfers.pay`).
    channel : str
    """

    def __init__(self, **parts) -> None:
        self.__dict__.update(parts)
        super().__init__(
            df=parts["degrees_of_freedom"],
            exclusions=parts["exclusions"],
            title=f"SP2LNOB: {parts['opportunity']} ({parts['channel']} channel)",
            method="linearised SEs of group rates and poverty; D and HOI without SEs",
        )

    def _estimate_table(self) -> pd.DataFrame:
        behind = self.groups.loc[self.furthest_behind]
        rows = {
            "rate_before (furthest behind)": (behind["rate_before"], behind["se_before"]),
            "rate_after (furthest behind)": (behind["rate_after"], behind["se_after"]),
            "D before": (self.d_before, math.nan),
            "D after": (self.d_after, math.nan),
            "HOI before": (self.hoi_before, math.nan),
            "HOI after": (self.hoi_after, math.nan),
            "P0 before": (self.poverty.loc["before", "P0"], self.poverty_se.loc["before", "P0"]),
            "P0 after": (self.poverty.loc["after", "P0"], self.poverty_se.loc["after", "P0"]),
            "cost (% of GDP)": (self.cost_pct_gdp, math.nan),
        }
        n = int(self.groups["n"].sum())
        return pd.DataFrame(
            {
                "estimate": [v for v, _ in rows.values()],
                "se": [s for _, s in rows.values()],
                "n": [int(behind["n"]), int(behind["n"])] + [n] * (len(rows) - 2),
            },
            index=pd.Index(list(rows), name="estimate_name"),
        )


def simulate(
    schemes: Scheme | Sequence[Scheme],
    households: pd.DataFrame,
    persons: pd.DataFrame,
    step1: Step1,
    *,
    year: int,
    economy: Economy,
    channel: Channel = "reclassify",
    overlap: Overlap = "all",
) -> SP2LNOBResult:
    """Step 2: pay the schemes and estimate access, inequality, poverty and cost after.

    Parameters
    ----------
    schemes : Scheme or list of Scheme
    households, persons : pandas.DataFrame
        The survey the tree of ``step1`` was grown on.
    step1 : Step1
        From :func:`fit`.
    year : int
        The year whose riel the benefits are paid in (and of the cost's GDP).
    economy : Economy
        Prices and GDP; its poverty-line year is the price year of consumption.
    channel : {"reclassify", "model"}
        How cash changes access (see the module's description).
    overlap : "all", "highest" or list of names
        Rule for people eligible for several schemes.

    Returns
    -------
    SP2LNOBResult
    """
    if channel not in ("reclassify", "model"):
        raise ValueError(f"channel must be 'reclassify' or 'model', got {channel!r}.")
    if not isinstance(step1, Step1):
        raise TypeError(
            f"step1 must come from sptools.sp2lnob.fit(...), got {type(step1).__name__}."
        )
    payments = pay(schemes, households, persons, year=year, economy=economy, overlap=overlap)
    to_survey_prices = 1 / economy.price_factor(economy.poverty_line_year, year)
    per_person = (
        household_transfers(payments, households) * to_survey_prices / households["hh_size"]
    )
    gain = pd.Series(per_person.to_numpy(), index=households["hh_id"])
    table = step1.table
    consumption_after = table["consumption_pc"] + table["hh_id"].map(gain).to_numpy()
    after = _reclassified(step1, consumption_after)
    change = access_change(step1, consumption_after, channel)
    outcome = table[step1.opportunity].to_numpy(np.float64)
    groups = _group_rates(step1, outcome, change)
    d_before, hoi_before = _d_and_hoi(table, outcome, step1)
    d_after, hoi_after = _d_and_hoi(after, outcome + change, step1)
    poverty, poverty_se = _poverty_before_after(households, per_person, economy)
    factor = uprating(households, economy, year)
    costs = annual_cost(payments, households, persons, schemes) * factor
    cost_khr = float(costs["cost_khr"].sum())
    behind = step1.tree.furthest_behind.name
    gained = groups.loc[behind, "change"] * (-1 if step1.barrier else 1)
    return SP2LNOBResult(
        opportunity=step1.opportunity,
        channel=channel,
        groups=groups,
        furthest_behind=behind,
        d_before=d_before,
        d_after=d_after,
        hoi_before=hoi_before,
        hoi_after=hoi_after,
        poverty=poverty,
        poverty_se=poverty_se,
        costs=costs,
        payments=payments,
        population_uprating=factor,
        cost_khr=cost_khr,
        cost_usd=economy.usd(cost_khr, year),
        cost_pct_gdp=cost_khr / economy.gdp_khr(year),
        cost_per_point=cost_khr / (100 * gained) if gained > 0 else math.nan,
        degrees_of_freedom=step1.design.df,
        exclusions=step1.exclusions,
    )


def _group_rates(step1: Step1, outcome: np.ndarray, change: np.ndarray) -> pd.DataFrame:
    """Rate before and after (with SEs) of each leaf, as domains of the survey design."""
    leaves = step1.tree.leaves
    table = step1.table
    leaf = table["leaf"].astype("int64")
    before = step1.design.mean(pd.Series(outcome, index=table.index, name="before"), by=leaf)
    after = step1.design.mean(pd.Series(outcome + change, index=table.index, name="after"), by=leaf)
    frame = leaves[["path", "share", "n"]].copy()
    frame["rate_before"] = pd.Series(before.estimates)
    frame["se_before"] = pd.Series(before.se)
    frame["rate_after"] = pd.Series(after.estimates)
    frame["se_after"] = pd.Series(after.se)
    frame["change"] = frame["rate_after"] - frame["rate_before"]
    return frame


def _poverty_before_after(
    households: pd.DataFrame, per_person: pd.Series, economy: Economy
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """P0, P1, P2, Gini and Palma of persons (household weight x size), and their SEs."""
    people = households.assign(_person_weight=households["weight"] * households["hh_size"])
    design = Design(people, weight="_person_weight", strata="stratum", psu="psu")
    line = economy.poverty_line_khr
    before = households["consumption_pc"]
    measures = {
        "before": _person_poverty(before, design, line),
        "after": _person_poverty(before + per_person, design, line),
    }
    values = pd.DataFrame({k: {m: float(e) for m, e in v.items()} for k, v in measures.items()}).T
    errors = pd.DataFrame({k: {m: e.se for m, e in v.items()} for k, v in measures.items()}).T
    return values, errors
