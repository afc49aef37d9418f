"""The one result protocol of every sptools estimator.

Every estimator answers in the same shape, whatever it estimates:

- named estimates, each with a standard error (``.se``) and a confidence interval
  (``.ci(level=0.95)``);
- ``.to_frame()``: a tidy table, one row per estimate, columns ``estimate, se, ci_low, ci_high,
  n``;
- ``.exclusions``: how many rows were left out, and why, by column (never a warning only);
- a short text repr (under 15 lines) and an HTML repr for notebooks.

Two shapes implement it:

- :class:`Estimate`, a single number. It *is* a ``float`` (so ``round(d, 3)``, ``f"{d:.1%}"``
  and arithmetic work as before) that also carries its SE, interval and exclusions.
- :class:`Result`, several named estimates (for example H, A and M0, or one access rate per
  group). Estimators with richer output (tables of indicators, trees) subclass it.
- :class:`TableResult`, estimates laid out as a table (one row per group, cutoff or
  combination; one column per measure, each with its SE column). It indexes like its table
  (``result["rate"]``, ``result.loc[...]``, ``result.table``) and answers the protocol with one
  estimate per row and measure.

Intervals are Student t on the design's degrees of freedom (#PSU - #strata); ``df=inf`` gives
normal intervals (bootstrap standard errors). Proportions (rates, shares) get logit intervals
(as R's ``svyciprop(method = "logit")``), which stay inside [0, 1] for small groups.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from sptools.survey import t_interval

__all__ = ["Estimate", "Exclusions", "Result", "TableResult", "TIDY_COLUMNS", "logit_interval"]

#: Columns of every ``to_frame()``.
TIDY_COLUMNS = ("estimate", "se", "ci_low", "ci_high", "n")

#: Longest text repr of a result, in lines (the rest is summarised).
MAX_REPR_ROWS = 10


@dataclass(frozen=True)
class Exclusions:
    """Rows left out of an estimate, and why.

    Attributes
    ----------
    n_rows : int
        Rows in the input.
    n_excluded : int
        Rows left out (a row missing in two columns counts once here).
    weighted_share : float
        Share of the weighted population left out (NaN when unknown).
    by_column : Mapping[str, int]
        Column -> rows left out because of that column (a row can count under several).
    reason : str
        Why, in words ("missing values", "not eligible", ...).

    Examples
    --------
    >>> e = Exclusions(n_rows=200, n_excluded=10, weighted_share=0.04, by_column={"bmi": 10})
    >>> print(e)
    10 of 200 rows excluded (5.0%; 4.0% of the weighted population) for missing values: bmi 10
    >>> Exclusions.none(5).n_excluded
    0
    """

    n_rows: int
    n_excluded: int = 0
    weighted_share: float = 0.0
    by_column: Mapping[str, int] = field(default_factory=dict)
    reason: str = "missing values"

    def __post_init__(self) -> None:
        if not 0 <= self.n_excluded <= self.n_rows:
            raise ValueError(
                f"n_excluded must be between 0 and n_rows={self.n_rows}, got {self.n_excluded}."
            )
        object.__setattr__(self, "by_column", dict(self.by_column))

    @classmethod
    def none(cls, n_rows: int) -> Exclusions:
        """No row left out of ``n_rows``."""
        return cls(n_rows=n_rows)

    @property
    def share(self) -> float:
        """Unweighted share of the input rows left out."""
        return self.n_excluded / self.n_rows if self.n_rows else 0.0

    # Names used by the first releases of the MPI and LNOB modules.
    share_excluded = share

    @property
    def by_indicator(self) -> Mapping[str, int]:
        """The same as :attr:`by_column` (the MPI module's name)."""
        return self.by_column

    def to_frame(self) -> pd.DataFrame:
        """One row per column with exclusions: ``rows``, ``share`` of the input rows."""
        counts = pd.Series(dict(self.by_column), dtype="int64", name="rows")
        frame = counts.rename_axis("column").to_frame()
        frame["share"] = frame["rows"] / self.n_rows if self.n_rows else 0.0
        return frame

    def __bool__(self) -> bool:
        return self.n_excluded > 0

    def __str__(self) -> str:
        if not self.n_excluded:
            return f"no rows excluded (of {self.n_rows:,})"
        weighted = (
            f"; {self.weighted_share:.1%} of the weighted population"
            if not math.isnan(self.weighted_share)
            else ""
        )
        detail = ", ".join(f"{column} {count:,}" for column, count in self.by_column.items())
        return (
            f"{self.n_excluded:,} of {self.n_rows:,} rows excluded ({self.share:.1%}{weighted}) "
            f"for {self.reason}" + (f": {detail}" if detail else "")
        )


def _interval(estimate: np.ndarray, se: np.ndarray, df: float, level: float):
    if math.isinf(df):
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}; e.g. 0.95.")
        margin = stats.norm.ppf(0.5 + level / 2) * se
        return estimate - margin, estimate + margin
    return t_interval(estimate, se, df, level)


def logit_interval(
    proportion: np.ndarray | float, se: np.ndarray | float, df: float, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Confidence interval of a proportion, computed on the logit scale and transformed back.

    The interval ``expit(logit(p) -/+ q * se / (p (1 - p)))``, with ``q`` the t (or, for
    ``df=inf``, normal) quantile, always lies in [0, 1], unlike ``p -/+ q * se`` for a small group
    with a rate near 0 or 1 (R: ``svyciprop(method = "logit")``). A proportion of exactly 0 or 1
    with a zero SE gets the interval [p, p]; a NaN SE gives a NaN interval.

    Examples
    --------
    >>> low, high = logit_interval(0.5, 0.1, df=9)
    >>> round(float(low), 4), round(float(high), 4)
    (0.2881, 0.7119)
    >>> low, high = logit_interval(0.98, 0.02, df=9)   # p + 1.96 se would pass 1
    >>> 0 < float(low) < 0.98 < float(high) < 1
    True
    """
    p = np.asarray(proportion, dtype=np.float64)
    s = np.asarray(se, dtype=np.float64)
    inside = (p > 0) & (p < 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = np.where(inside, np.log(p / (1 - p)), 0.0)
        spread = np.where(inside, s / (p * (1 - p)), 0.0)
    low, high = _interval(centre, spread, df, level)
    expit_low, expit_high = 1 / (1 + np.exp(-low)), 1 / (1 + np.exp(-high))
    degenerate = ~inside & (s == 0)
    low = np.where(inside, expit_low, np.where(degenerate, p, np.nan))
    high = np.where(inside, expit_high, np.where(degenerate, p, np.nan))
    missing = np.isnan(s) | np.isnan(p)
    return np.where(missing, np.nan, low), np.where(missing, np.nan, high)


def _format_number(value: float) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "—"
    magnitude = abs(value)
    if magnitude != 0 and (magnitude >= 1e5 or magnitude < 1e-3):
        return f"{value:,.4g}"
    if magnitude >= 100:
        return f"{value:,.1f}"
    return f"{value:.4f}"


def _tidy_text(frame: pd.DataFrame, title: str, footer: str) -> str:
    shown = frame.head(MAX_REPR_ROWS)
    formatted = shown.copy()
    for column in ("estimate", "se", "ci_low", "ci_high"):
        formatted[column] = shown[column].map(_format_number)
    formatted["n"] = shown["n"].map(lambda n: f"{int(n):,}" if not pd.isna(n) else "—")
    lines = [title, formatted.to_string()]
    if len(frame) > MAX_REPR_ROWS:
        lines.append(f"... {len(frame) - MAX_REPR_ROWS} more rows: use .to_frame()")
    lines.append(footer)
    return "\n".join(lines)


class Result:
    """Several named estimates with standard errors, intervals and exclusions.

    Build one from a table indexed by estimate name (a MultiIndex for groups), with columns
    ``estimate``, ``se`` and ``n``. Subclasses that hold richer output override
    :meth:`_estimate_table`.

    Parameters
    ----------
    table : pandas.DataFrame
        Index: estimate names; columns ``estimate``, ``se`` (NaN when not estimated), ``n``
        (unweighted rows behind each estimate).
    df : float
        Degrees of freedom for the t intervals (``inf`` for normal intervals).
    exclusions : Exclusions, optional
        Rows left out (none by default).
    title : str
        First line of the repr.
    method : str
        How the standard errors were computed, in words (shown in the repr).
    proportions : bool
        The estimates are proportions: logit intervals (:func:`logit_interval`), inside [0, 1].

    Examples
    --------
    >>> table = pd.DataFrame({"estimate": [0.2, 0.5], "se": [0.01, 0.02], "n": [100, 100]},
    ...                      index=pd.Index(["H", "A"], name="measure"))
    >>> r = Result(table, df=30, title="Poverty")
    >>> r["H"], r.se["A"]
    (0.2, 0.02)
    >>> [round(x, 3) for x in r.ci()["H"]]
    [0.18, 0.22]
    >>> list(r.to_frame().columns)
    ['estimate', 'se', 'ci_low', 'ci_high', 'n']
    """

    def __init__(
        self,
        table: pd.DataFrame | None = None,
        *,
        df: float = math.inf,
        exclusions: Exclusions | None = None,
        title: str = "Estimates",
        method: str = "linearised (Taylor) standard errors",
        proportions: bool = False,
    ) -> None:
        if table is not None:
            missing = {"estimate", "se", "n"} - set(table.columns)
            if missing:
                raise ValueError(f"a result table needs the columns {sorted(missing)}.")
            self._table = table[["estimate", "se", "n"]]
        self._df = df
        self._exclusions = exclusions
        self._title = title
        self._method = method
        self._proportions = proportions

    # -- what subclasses may override -------------------------------------------------------
    def _estimate_table(self) -> pd.DataFrame:
        """Index: estimate names; columns ``estimate``, ``se``, ``n``."""
        return self._table

    def _is_proportion(self, table: pd.DataFrame) -> np.ndarray:
        """Which estimates of ``table`` get logit intervals (all, when ``proportions``)."""
        return np.full(len(table), getattr(self, "_proportions", False))

    @property
    def degrees_of_freedom(self) -> float:
        """Degrees of freedom of the intervals (``inf``: normal intervals)."""
        return self._df

    @property
    def exclusions(self) -> Exclusions:
        """Rows left out of the estimates, and why."""
        if self._exclusions is None:
            n = self._estimate_table()["n"]
            return Exclusions.none(int(n.max()) if len(n) else 0)
        return self._exclusions

    # -- the protocol --------------------------------------------------------------------------
    @property
    def estimates(self) -> dict:
        """Estimate name -> value."""
        return {key: float(v) for key, v in self._estimate_table()["estimate"].items()}

    @property
    def se(self) -> dict:
        """Estimate name -> standard error (NaN where none was estimated)."""
        return {key: float(v) for key, v in self._estimate_table()["se"].items()}

    def ci(self, level: float = 0.95) -> dict:
        """Estimate name -> (low, high) confidence interval at ``level``."""
        frame = self.to_frame(level)
        return {
            key: (float(low), float(high))
            for key, low, high in zip(frame.index, frame["ci_low"], frame["ci_high"], strict=True)
        }

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """Tidy table: one row per estimate; columns estimate, se, ci_low, ci_high, n."""
        table = self._estimate_table()
        estimate = table["estimate"].to_numpy(dtype=np.float64)
        se = table["se"].to_numpy(dtype=np.float64)
        low, high = _interval(estimate, se, self.degrees_of_freedom, level)
        proportion = self._is_proportion(table)
        if proportion.any():
            logit_low, logit_high = logit_interval(estimate, se, self.degrees_of_freedom, level)
            low, high = np.where(proportion, logit_low, low), np.where(proportion, logit_high, high)
        return pd.DataFrame(
            {
                "estimate": estimate,
                "se": se,
                "ci_low": low,
                "ci_high": high,
                "n": table["n"].to_numpy(),
            },
            index=table.index,
        )

    def __getitem__(self, name: object) -> float:
        table = self._estimate_table()
        if name not in table.index:
            raise KeyError(f"no estimate {name!r}; the estimates are {list(table.index)}.")
        return float(table.loc[name, "estimate"])

    def _footer(self) -> str:
        df = self.degrees_of_freedom
        interval = "normal" if math.isinf(df) else f"t, df = {df:g}"
        if self._is_proportion(self._estimate_table()).any():
            interval += "; logit for proportions"
        return f"95% intervals ({interval}); {self._method}. {self.exclusions}."

    def __repr__(self) -> str:
        return _tidy_text(self.to_frame(), self._title, self._footer())

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        shown = frame.head(50).style.format(
            {c: _format_number for c in ("estimate", "se", "ci_low", "ci_high")} | {"n": "{:,.0f}"}
        )
        more = (
            f"<p>… {len(frame) - 50} more rows: <code>.to_frame()</code></p>"
            if len(frame) > 50
            else ""
        )
        return (
            f"<div class='sptools-result'><strong>{html.escape(self._title)}</strong>"
            f"{shown.to_html()}{more}<p><small>{html.escape(self._footer())}</small></p></div>"
        )


class TableResult(Result):
    """Estimates laid out as a table: one row per group (cutoff, combination, ...), one column per
    measure, each with its SE column.

    It reads like its table, the DataFrame a participant expects: ``result["rate"]``,
    ``result[["urban", "rate"]]``, ``result.loc[...]``, ``result.sort_values("rate")``,
    ``len(result)`` all act on the table (a copy is ``result.table``, for functions that need a
    real DataFrame). It also answers the result protocol, with one estimate per row and
    measure: ``.to_frame()`` (tidy, indexed by the row key and ``measure``), ``.se``,
    ``.ci(level)``, ``.exclusions``. Those protocol names win over columns of the same name
    (``result["se"]`` is the column, ``result.se`` the protocol's SEs).

    Parameters
    ----------
    table : pandas.DataFrame
        The wide table.
    measures : mapping
        Measure column -> its SE column (``None`` when it has no SE).
    n : str
        Column of unweighted rows behind each row's estimates.
    key : sequence of str, optional
        Columns that name a row (for example the circumstances of a group); by default the
        table's index.
    proportions : collection of str
        Measures that are proportions: logit intervals (:func:`logit_interval`).
    df, exclusions, title, method
        As in :class:`Result`.

    Examples
    --------
    >>> wide = pd.DataFrame({"group": ["a", "b"], "rate": [0.5, 0.9], "se": [0.1, 0.05],
    ...                      "n": [30, 20]})
    >>> r = TableResult(wide, {"rate": "se"}, n="n", key=["group"], proportions={"rate"},
    ...                 df=10, title="Rates")
    >>> r["rate"].tolist()
    [0.5, 0.9]
    >>> r.to_frame().loc[("b", "rate"), "estimate"]
    np.float64(0.9)
    >>> low, high = r.ci()[("b", "rate")]
    >>> 0.7 < low < 0.9 < high < 1
    True
    """

    def __init__(
        self,
        table: pd.DataFrame,
        measures: Mapping[str, str | None],
        *,
        n: str,
        key: list[str] | None = None,
        proportions: frozenset[str] | set[str] = frozenset(),
        df: float = math.inf,
        exclusions: Exclusions | None = None,
        title: str = "Estimates",
        method: str = "linearised (Taylor) standard errors",
    ) -> None:
        columns = [*measures, *(se for se in measures.values() if se), n, *(key or [])]
        missing = [column for column in columns if column not in table.columns]
        if missing:
            raise ValueError(f"the result table has no column(s) {missing}.")
        super().__init__(df=df, exclusions=exclusions, title=title, method=method)
        self._wide = table
        self._measures = dict(measures)
        self._n = n
        self._key = list(key or [])
        self._proportion_measures = frozenset(proportions)

    @property
    def table(self) -> pd.DataFrame:
        """The whole table (a copy)."""
        return self._wide.copy()

    def _estimate_table(self) -> pd.DataFrame:
        row_index = (
            pd.MultiIndex.from_frame(self._wide[self._key])
            if len(self._key) > 1
            else pd.Index(self._wide[self._key[0]])
            if self._key
            else self._wide.index
        )
        blocks = []
        for measure, se in self._measures.items():
            block = pd.DataFrame(
                {
                    "estimate": self._wide[measure].to_numpy(dtype=np.float64),
                    "se": self._wide[se].to_numpy(dtype=np.float64) if se else np.nan,
                    "n": self._wide[self._n].to_numpy(),
                },
                index=row_index,
            )
            blocks.append(block.assign(measure=measure).set_index("measure", append=True))
        return pd.concat(blocks)

    def _is_proportion(self, table: pd.DataFrame) -> np.ndarray:
        measures = table.index.get_level_values("measure")
        return np.asarray(measures.isin(list(self._proportion_measures)))

    # -- reads like its table --------------------------------------------------------------
    def __getitem__(self, key: object) -> pd.Series | pd.DataFrame:
        return self._wide[key]

    def __getattr__(self, name: str):
        # Only reached for names the result does not define: the table's columns and methods
        # (``result.loc``, ``result.sort_values(...)``, ``result.rate``), read-only.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._wide, name)

    def __iter__(self):
        return iter(self._wide)

    def __len__(self) -> int:
        return len(self._wide)

    def _repr_html_(self) -> str:
        shown = self._wide.head(50).to_html(float_format=_format_number)
        return (
            f"<div class='sptools-result'><strong>{html.escape(self._title)}</strong>{shown}"
            f"<p><small>{html.escape(self._footer())} Tidy table: "
            "<code>.to_frame()</code>.</small></p></div>"
        )


class Estimate(float):
    """A single estimate: a ``float`` that also carries its SE, interval and exclusions.

    Parameters
    ----------
    value : float
        The estimate.
    se : float
        Its standard error (NaN when none was estimated).
    n : int
        Unweighted rows behind it.
    df : float
        Degrees of freedom of the interval (``inf``: normal).
    exclusions : Exclusions, optional
    name : str
        What it is ("D", "HOI", "P0", ...), for the repr and ``to_frame()``.
    method : str
        How the SE was computed, in words.
    proportion : bool
        The estimate is a proportion: a logit interval (:func:`logit_interval`), inside [0, 1].

    Examples
    --------
    >>> d = Estimate(0.385, se=0.004, n=1000, df=500, name="D")
    >>> round(d, 2), f"{d:.1%}", d * 2
    (0.39, '38.5%', 0.77)
    >>> [round(x, 4) for x in d.ci()]
    [0.3771, 0.3929]
    >>> d
    D = 0.3850 (se 0.0040, 95% CI 0.3771 to 0.3929, n = 1,000)
    """

    se: float
    n: int

    def __new__(
        cls,
        value: float,
        *,
        se: float = math.nan,
        n: int = 0,
        df: float = math.inf,
        exclusions: Exclusions | None = None,
        name: str = "estimate",
        method: str = "linearised (Taylor) standard errors",
        proportion: bool = False,
    ) -> Estimate:
        self = super().__new__(cls, value)
        self.se = float(se)
        self.n = int(n)
        self.degrees_of_freedom = df
        self.exclusions = exclusions if exclusions is not None else Exclusions.none(int(n))
        self.name = name
        self.method = method
        self.proportion = bool(proportion)
        return self

    @property
    def estimate(self) -> float:
        """The value as a plain float."""
        return float(self)

    def ci(self, level: float = 0.95) -> tuple[float, float]:
        """(low, high) confidence interval at ``level``."""
        interval = logit_interval if self.proportion else _interval
        low, high = interval(np.float64(self), np.float64(self.se), self.degrees_of_freedom, level)
        return float(low), float(high)

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """Tidy table with one row: estimate, se, ci_low, ci_high, n."""
        low, high = self.ci(level)
        return pd.DataFrame(
            {
                "estimate": [float(self)],
                "se": [self.se],
                "ci_low": [low],
                "ci_high": [high],
                "n": [self.n],
            },
            index=pd.Index([self.name], name="estimate_name"),
        )

    def __reduce__(self):
        return (
            _rebuild_estimate,
            (
                float(self),
                self.se,
                self.n,
                self.degrees_of_freedom,
                self.exclusions,
                self.name,
                self.method,
                self.proportion,
            ),
        )

    def __repr__(self) -> str:
        if math.isnan(self.se):
            return f"{self.name} = {_format_number(float(self))} (n = {self.n:,})"
        low, high = self.ci()
        return (
            f"{self.name} = {_format_number(float(self))} (se {_format_number(self.se)}, "
            f"95% CI {_format_number(low)} to {_format_number(high)}, n = {self.n:,})"
        )

    def _repr_html_(self) -> str:
        return (
            f"<div class='sptools-result'>{self.to_frame().to_html(float_format=_format_number)}"
            f"<p><small>{html.escape(self.method)}. {html.escape(str(self.exclusions))}.</small>"
            "</p></div>"
        )


def _rebuild_estimate(value, se, n, df, exclusions, name, method, proportion=False) -> Estimate:
    return Estimate(
        value,
        se=se,
        n=n,
        df=df,
        exclusions=exclusions,
        name=name,
        method=method,
        proportion=proportion,
    )
