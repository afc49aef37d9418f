"""The result of an Alkire-Foster estimation: headline measures, tables and row-level scores.

:class:`MPIResult` follows the package's result protocol (:class:`sptools.results.Result`):
``.estimates``, ``.se``, ``.ci(level)``, ``.to_frame(level)``, ``.exclusions``, a short repr and
an HTML repr.
"""

from __future__ import annotations

import html
import math
from fractions import Fraction

import numpy as np
import pandas as pd

from sptools.results import Estimate, Exclusions, Result, _tidy_text

__all__ = ["MPIResult", "MEASURES"]

#: Headline measures, in reporting order.
MEASURES = ("H", "A", "M0", "vulnerable", "severe")

#: Contributions named in the repr.
SHOWN_CONTRIBUTIONS = 3


class MPIResult(Result):
    """Alkire-Foster estimates for one sample and one poverty cutoff ``k``.

    Built by :func:`sptools.mpi.alkire_foster`; not meant to be constructed by hand.

    Attributes
    ----------
    k : Fraction
        Poverty cutoff: poor when the deprivation score is at least ``k``.
    weights : dict
        Indicator -> exact weight.
    H, A, M0 : float
        Incidence (weighted share poor), intensity (mean score among the poor; 0 when nobody
        is poor) and the adjusted headcount ratio ``M0 = H x A``.
    vulnerable : float
        Share with ``1/5 <= score < k`` (empty when ``k <= 1/5``); for the global MPI, the
        published "vulnerable to poverty" range ``[1/5, 1/3)``.
    severe : float
        Share with ``score >= 1/2`` (severe poverty).
    variance_among_poor : float
        Weighted variance of the scores among the poor (inequality among the poor).
    se : dict
        Measure -> design-based (linearised) standard error (protocol property).
    level : float
        Confidence level of the interval columns of :attr:`groups`.
    indicators : pandas.DataFrame
        Indexed by indicator: dimension, weight, uncensored and censored headcount ratios,
        absolute contribution (``w_j h_j(k)``, sums to M0), contribution (share of M0, sums
        to 1; NaN when M0 = 0), and the linearised SE of each (``uncensored_se``,
        ``censored_se``, ``absolute_contribution_se``, ``contribution_se``).
    dimensions : pandas.DataFrame
        Indexed by dimension: weight, absolute contribution and contribution.
    groups : pandas.DataFrame or None
        With ``by=``: one row per group with n, population, population_share, the measures,
        contribution (``share x M0_g / M0``), and ``<measure>_se``, ``<measure>_ci_low``,
        ``<measure>_ci_high`` (groups are domains of the full design). A group whose
        estimate rests on a single PSU (or a single person) gets a NaN SE and interval.
    group_indicators : pandas.DataFrame or None
        With ``by=``: uncensored and censored headcount ratios and contributions by group and
        indicator (MultiIndex group, indicator).
    group_covariance : dict or None
        With ``by=``: measure -> covariance matrix of the group estimates (for comparisons).
    population : float
        Weighted population of the rows used (complete cases).
    represented_population : float
        The population the estimates stand for (see :meth:`n_poor`).
    n : int
        Number of rows used.
    exclusions : Exclusions
        Rows excluded for missing indicators (none unless ``missing="drop"``).
    notes : tuple of str
        Caveats shown in the repr (e.g. groups whose SE could not be estimated).

    Examples
    --------
    >>> from sptools.mpi import alkire_foster
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0]})
    >>> r = alkire_foster(df, {"a": 0.5, "b": 0.5}, 1)
    >>> r.H, r.estimates["M0"], list(r.to_frame().columns)
    (0.25, 0.25, ['estimate', 'se', 'ci_low', 'ci_high', 'n'])
    """

    def __init__(
        self,
        *,
        k: Fraction,
        weights: dict[str, Fraction],
        headline: dict[str, float],
        se: dict[str, float],
        df: float,
        level: float,
        variance_among_poor: float,
        indicators: pd.DataFrame,
        dimensions: pd.DataFrame,
        groups: pd.DataFrame | None,
        group_indicators: pd.DataFrame | None,
        group_covariance: dict[str, pd.DataFrame] | None,
        population: float,
        represented_population: float,
        n: int,
        exclusions: Exclusions,
        row_index: pd.Index,
        row_profile: np.ndarray,
        complete: np.ndarray | None,
        profile_score: np.ndarray,
        profile_poor: np.ndarray,
        notes: tuple[str, ...] = (),
    ) -> None:
        table = pd.DataFrame(
            {
                "estimate": [headline[m] for m in MEASURES],
                "se": [se[m] for m in MEASURES],
                "n": n,
            },
            index=pd.Index(MEASURES, name="measure"),
        )
        super().__init__(table, df=df, exclusions=exclusions, title=f"Alkire-Foster MPI, k = {k}")
        self.k = k
        self.weights = weights
        self.H, self.A, self.M0 = headline["H"], headline["A"], headline["M0"]
        self.vulnerable, self.severe = headline["vulnerable"], headline["severe"]
        self.level = level
        self.variance_among_poor = variance_among_poor
        self.indicators = indicators
        self.dimensions = dimensions
        self.groups = groups
        self.group_indicators = group_indicators
        self.group_covariance = group_covariance
        self.population = population
        self.represented_population = represented_population
        self.n = n
        self.notes = notes
        self._rows = (row_index, row_profile, complete, profile_score, profile_poor)

    # -- protocol ---------------------------------------------------------------------------
    @property
    def df(self) -> float:
        """Degrees of freedom of the design (#PSU - #strata)."""
        return self.degrees_of_freedom

    @property
    def excluded(self) -> Exclusions:
        """The same as :attr:`exclusions` (the name of the first releases)."""
        return self.exclusions

    def ci(self, level: float = 0.95) -> dict:
        """Measure -> (low, high) t confidence interval of the headline measures at ``level``.

        Examples
        --------
        >>> from sptools.mpi import alkire_foster
        >>> r = alkire_foster(pd.DataFrame({"a": [1, 0, 1, 0, 0]}), {"a": 1}, 1)
        >>> [round(x, 4) for x in r.ci()["H"]]
        [-0.2801, 1.0801]
        """
        frame = Result.to_frame(self, level)
        return {
            name: (float(low), float(high))
            for name, low, high in zip(frame.index, frame["ci_low"], frame["ci_high"], strict=True)
        }

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """Tidy table: one row per headline measure, then one per group and measure (``by=``).

        Columns estimate, se, ci_low, ci_high, n. With groups the index has two levels, the
        group (the national rows labelled ``"national"``) and the measure.

        Examples
        --------
        >>> from sptools.mpi import alkire_foster
        >>> df = pd.DataFrame({"a": [1, 1, 0, 0, 1, 0], "g": list("xxxyyy")})
        >>> alkire_foster(df, {"a": 1}, 1, by="g").to_frame().loc[("x", "H"), "estimate"]
        np.float64(0.6666666666666666)
        """
        national = Result.to_frame(self, level)
        if self.groups is None:
            return national
        pieces = {"national": national}
        for label, row in self.groups.iterrows():
            group = pd.DataFrame(
                {
                    "estimate": [row[m] for m in MEASURES],
                    "se": [row[f"{m}_se"] for m in MEASURES],
                    "n": int(row["n"]),
                },
                index=pd.Index(MEASURES, name="measure"),
            )
            pieces[label] = Result(group, df=self.df).to_frame(level)
        return pd.concat(pieces, names=[self.groups.index.name or "group", "measure"])

    # -- row-level results --------------------------------------------------------------------
    @property
    def scores(self) -> pd.Series:
        """Deprivation score of each row (NaN for excluded rows), aligned to the data."""
        row_index, row_profile, complete, profile_score, _ = self._rows
        values = profile_score[row_profile]
        if complete is not None:
            values = np.where(complete, values, np.nan)
        return pd.Series(values, index=row_index, name="score")

    @property
    def poor(self) -> pd.Series:
        """Whether each row is poor; nullable boolean with NA for excluded rows."""
        row_index, row_profile, complete, _, profile_poor = self._rows
        values = profile_poor[row_profile]
        if complete is None:
            return pd.Series(values, index=row_index, name="poor")
        return pd.Series(
            pd.array(np.where(complete, values, False), dtype="boolean"),
            index=row_index,
            name="poor",
        ).mask(~complete)

    def n_poor(self, population: float | None = None) -> Estimate:
        """Estimated number of poor people, ``H x population``, with its SE.

        Parameters
        ----------
        population : float, optional
            The population to apply H to. By default the whole population the sample
            represents (:attr:`represented_population`): the weights of every row of the
            data, the complete cases *and* the rows excluded for a missing indicator, plus
            the persons :func:`sptools.indicators.global_mpi` dropped as incomplete (it records
            the weighted share it kept). H is an estimate for that whole population (rows with
            missing data are assumed to be like the others, as in OPHI's complete-case
            practice), so multiplying it by the complete cases' weight only would undercount
            the poor by the excluded share.

        Returns
        -------
        sptools.results.Estimate
            A float (the count) with ``.se`` (``SE(H) x population``, the population taken
            as known).

        Examples
        --------
        >>> from sptools.mpi import alkire_foster
        >>> df = pd.DataFrame({"a": [1, 0, 1, 0], "b": [1, 0, 0, 0]})
        >>> float(alkire_foster(df, {"a": 0.5, "b": 0.5}, 0.5).n_poor(1_000))
        500.0
        """
        total = self.represented_population if population is None else float(population)
        if not math.isfinite(total) or total < 0:
            raise ValueError(
                f"population must be a finite number >= 0, got {population!r}; e.g. the "
                "census population, or leave it out for the population the survey represents."
            )
        return Estimate(
            self.H * total,
            se=self.se["H"] * total,
            n=self.n,
            df=self.df,
            exclusions=self.exclusions,
            name="poor persons",
        )

    def summary(self) -> pd.DataFrame:
        """Headline measures with standard errors and confidence intervals at :attr:`level`.

        Examples
        --------
        >>> from sptools.mpi import alkire_foster
        >>> df = pd.DataFrame({"a": [1, 0, 1, 0], "b": [1, 0, 0, 0]})
        >>> alkire_foster(df, {"a": 0.5, "b": 0.5}, 1).summary().loc["H", "estimate"]
        np.float64(0.25)
        """
        return Result.to_frame(self, self.level)

    # -- display ------------------------------------------------------------------------------
    def _lines(self) -> list[str]:
        shares = self.indicators["contribution"].dropna().sort_values(ascending=False)
        top = ", ".join(
            f"{name} {share:.1%}" for name, share in shares.head(SHOWN_CONTRIBUTIONS).items()
        )
        lines = [
            f"{len(self.indicators)} indicators; largest contributions: {top or '—'} (.indicators)"
        ]
        if self.groups is not None:
            lines.append(
                f"{len(self.groups)} groups by {self.groups.index.name}: .groups, .to_frame()"
            )
        return [*lines, *self.notes]

    def __repr__(self) -> str:
        title = f"{self._title} ({self.n:,} rows)"
        footer = "\n".join([*self._lines(), self._footer()])
        return _tidy_text(Result.to_frame(self), title, footer)

    def _repr_html_(self) -> str:
        table = Result.to_frame(self).to_html(float_format=lambda x: f"{x:.4f}")
        notes = "".join(f"<li>{html.escape(line)}</li>" for line in self._lines())
        return (
            f"<div class='sptools-result'><strong>{html.escape(self._title)}</strong>{table}"
            f"<ul>{notes}</ul><p><small>{html.escape(self._footer())}</small></p></div>"
        )
