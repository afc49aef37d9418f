"""Sample design of the synthetic survey: strata, allocation, primary sampling units.

Strata are province x urban/rural (25 x 2 = 50). The sample is allocated to strata in
proportion to a power (0.7) of their household counts, a compromise between national
precision and small-province precision, with at least one household per stratum. Households
are grouped into PSUs (villages) of about 22 sampled households.

Examples
--------
>>> allocate(100, np.array([800.0, 150.0, 50.0])).tolist()
[68, 22, 10]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

ALLOCATION_POWER = 0.7
PSU_SIZE = 22


def strata_frame(provinces: pd.DataFrame, population: float, households: float) -> pd.DataFrame:
    """One row per stratum with its population and household totals.

    Parameters
    ----------
    provinces
        The provinces table (``code, province, region, population, urban_share, poverty_urban,
        poverty_rural``), one row per province.
    population, households
        National totals of the round; provinces keep their census 2019 shares.

    Returns
    -------
    pandas.DataFrame
        Columns ``stratum, province_code, province, region, urban, population, households,
        poverty`` (the stratum's target poverty headcount), sorted by stratum.

    Examples
    --------
    >>> from sptools.synth.targets import province_targets
    >>> frame = strata_frame(province_targets(2022), 15_552_211, 3_550_000)
    >>> len(frame), round(frame["population"].sum())
    (50, 15552211)
    """
    share = provinces["population"] / provinces["population"].sum()
    parts = []
    for urban in (False, True):
        part_share = provinces["urban_share"] if urban else 1 - provinces["urban_share"]
        parts.append(
            pd.DataFrame(
                {
                    "stratum": provinces["code"] * 10 + int(urban),
                    "province_code": provinces["code"],
                    "province": provinces["province"],
                    "region": provinces["region"],
                    "urban": urban,
                    "population": population * share * part_share,
                    "poverty": provinces["poverty_urban"] if urban else provinces["poverty_rural"],
                }
            )
        )
    frame = pd.concat(parts).sort_values("stratum").reset_index(drop=True)
    frame["households"] = frame["population"] * households / population
    return frame


def allocate(
    n_households: int, households: np.ndarray, power: float = ALLOCATION_POWER
) -> np.ndarray:
    """Split ``n_households`` across strata in proportion to ``households**power``.

    Every stratum gets at least one household; rounding uses the largest remainder, so the
    result adds up to ``n_households`` exactly.

    Raises ``ValueError`` when ``n_households`` is smaller than the number of strata.

    Examples
    --------
    >>> allocate(3, np.array([5.0, 1.0, 1.0])).tolist()
    [1, 1, 1]
    """
    n_strata = households.size
    if n_households < n_strata:
        raise ValueError(
            f"n_households={n_households} is smaller than the number of strata ({n_strata}); "
            f"ask for at least {n_strata} households"
        )
    size = households**power
    exact = 1 + (n_households - n_strata) * size / size.sum()
    counts = np.floor(exact).astype("int64")
    remainder_order = np.argsort(-(exact - counts), kind="stable")
    counts[remainder_order[: n_households - counts.sum()]] += 1
    return counts


@dataclass(frozen=True)
class Sample:
    """The sampled households: stratum row, PSU and design weight of each."""

    stratum_row: np.ndarray  # index into the strata frame
    psu: np.ndarray  # PSU id, unique nationally
    design_weight: np.ndarray


def draw_sample(strata: pd.DataFrame, n_households: int, round: int) -> Sample:
    """Allocate households to strata and PSUs; PSU ids are ``round * 1_000_000 + serial``.

    Examples
    --------
    >>> from sptools.synth.targets import province_targets
    >>> sample = draw_sample(strata_frame(province_targets(2022), 1e6, 2e5), 500, 2022)
    >>> sample.psu.size, int(sample.psu.min())
    (500, 2022000001)
    """
    counts = allocate(n_households, strata["households"].to_numpy())
    stratum_row = np.repeat(np.arange(counts.size), counts)
    position = np.arange(n_households) - np.repeat(np.cumsum(counts) - counts, counts)
    n_psus = np.maximum(1, np.rint(counts / PSU_SIZE).astype("int64"))
    local_psu = position * n_psus[stratum_row] // counts[stratum_row]
    first_psu = np.cumsum(n_psus) - n_psus
    psu = round * 1_000_000 + 1 + first_psu[stratum_row] + local_psu
    design_weight = (strata["households"].to_numpy() / counts)[stratum_row]
    return Sample(stratum_row=stratum_row, psu=psu, design_weight=design_weight)
