"""The macro-economic frame that turns benefit rules into riel: prices, GDP, population, revenue.

An :class:`Economy` is built from a macro table (one row per year) and the poverty line; it reads
no files (the course layer loads the shipped tables: ``sptools.datasets.load_reference("macro")``).
Every amount is resolved for a stated year, and a year outside the table is an error, never an
extrapolation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Economy", "MACRO_COLUMNS"]

#: Columns an Economy needs from the macro table.
MACRO_COLUMNS = (
    "year",
    "cpi",
    "gdp_khr",
    "population",
    "exchange_rate_khr_per_usd",
    "revenue_khr",
)


@dataclass(frozen=True)
class Economy:
    """Prices, GDP, population and revenue by year, and the poverty line.

    Parameters
    ----------
    macro : pandas.DataFrame
        One row per year with the columns of :data:`MACRO_COLUMNS` (the shipped
        ``load_reference("macro")`` table has them).
    poverty_line_khr : float
        The monthly poverty line per person, in riel of ``poverty_line_year`` prices.
    poverty_line_year : int
        The price year of the poverty line (and of the survey's consumption).

    Examples
    --------
    >>> macro = pd.DataFrame({"year": [2024, 2025], "cpi": [97.56, 100.0],
    ...     "gdp_khr": [1.9e14, 2.1e14], "population": [17.6e6, 17.8e6],
    ...     "exchange_rate_khr_per_usd": [4070.0, 4070.0], "revenue_khr": [2.9e13, 3.2e13]})
    >>> economy = Economy(macro, poverty_line_khr=333_100, poverty_line_year=2024)
    >>> round(economy.price_factor(2024, 2025), 4)
    1.025
    >>> round(economy.poverty_line(2025))
    341431
    """

    macro: pd.DataFrame
    poverty_line_khr: float
    poverty_line_year: int

    def __post_init__(self) -> None:
        if not isinstance(self.macro, pd.DataFrame):
            raise TypeError(f"macro must be a DataFrame, got {type(self.macro).__name__}.")
        missing = [c for c in MACRO_COLUMNS if c not in self.macro.columns]
        if missing:
            raise KeyError(
                f"the macro table lacks the columns {missing}; use "
                "sptools.datasets.load_reference('macro') or add them (one row per year)."
            )
        table = self.macro.set_index("year")[list(MACRO_COLUMNS[1:])].astype(np.float64)
        if not table.index.is_unique:
            raise ValueError("the macro table has a year more than once; keep one row per year.")
        if table.isna().any().any() or (table <= 0).any().any():
            column = table.columns[(table.isna() | (table <= 0)).any()][0]
            raise ValueError(
                f"macro column {column!r} has missing or non-positive values; every year needs "
                "a positive value."
            )
        if not (np.isfinite(self.poverty_line_khr) and self.poverty_line_khr > 0):
            raise ValueError(
                f"poverty_line_khr must be a positive number of riel a month, got "
                f"{self.poverty_line_khr!r}."
            )
        object.__setattr__(self, "macro", table.sort_index())
        self._row(self.poverty_line_year)

    @property
    def years(self) -> range:
        """The years the table covers."""
        return range(int(self.macro.index.min()), int(self.macro.index.max()) + 1)

    def _row(self, year: int) -> pd.Series:
        if isinstance(year, bool) or not isinstance(year, int | np.integer):
            raise TypeError(f"year must be a whole number such as 2025, got {year!r}.")
        if year not in self.macro.index:
            raise ValueError(
                f"year {year} is outside the macro table ({self.years.start}-"
                f"{self.years.stop - 1}); choose a year in that range or extend the table."
            )
        return self.macro.loc[year]

    def price_factor(self, from_year: int, to_year: int) -> float:
        """How many riel of ``to_year`` buy what one riel bought in ``from_year`` (CPI ratio)."""
        return float(self._row(to_year)["cpi"] / self._row(from_year)["cpi"])

    def gdp_per_capita_khr(self, year: int) -> float:
        """GDP per person in the year, in riel."""
        row = self._row(year)
        return float(row["gdp_khr"] / row["population"])

    def poverty_line(self, year: int) -> float:
        """The monthly poverty line per person in riel of ``year`` (indexed to prices)."""
        return self.poverty_line_khr * self.price_factor(self.poverty_line_year, year)

    def population(self, year: int) -> float:
        """Mid-year population."""
        return float(self._row(year)["population"])

    def gdp_khr(self, year: int) -> float:
        """GDP in riel."""
        return float(self._row(year)["gdp_khr"])

    def revenue_khr(self, year: int) -> float:
        """Government revenue in riel."""
        return float(self._row(year)["revenue_khr"])

    def usd(self, khr: float, year: int) -> float:
        """Riel of ``year`` in US dollars at that year's exchange rate."""
        return float(khr / self._row(year)["exchange_rate_khr_per_usd"])
