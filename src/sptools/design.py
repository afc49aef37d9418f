"""The survey design, declared once: ``Design(persons, weight="weight", strata="stratum",
psu="psu")``.

Every estimator of the package takes its data and ``design=``. The design knows the rows it was
declared on by their index labels, so:

- an estimator given the same table (or any table with the same index, in any order) uses the
  design's weights, strata and PSUs for those rows;
- an estimator given *some* of the rows (a subpopulation, e.g. ``persons[persons.age >= 5]``)
  estimates on a **domain** of the full design: every stratum and PSU stays in the variance, as
  in R ``survey``'s ``subset()``; the design is never rebuilt on the subset;
- rows whose labels the design does not know are refused, with the count and the first labels.

Weights follow one rule (:func:`sptools.survey.validate_weights`): finite, non-negative, with a
positive total.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from sptools.results import Exclusions, Result
from sptools.survey import SurveyDesign, domain_codes, domain_mean

__all__ = ["Design", "design_rows"]


class Design:
    """A stratified, clustered survey design declared once on a table.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per unit of analysis (its index labels identify the rows and must
        be unique).
    weight : str or None
        Column of sampling weights (finite, >= 0, positive total); None: every row weighs one.
    strata : str or None
        Column of strata; None: one stratum.
    psu : str or None
        Column of primary sampling units (labels nested within strata); None: every row is
        its own PSU.
    fpc : str or None
        Column holding, on every row, the number of PSUs in its stratum's population (finite
        population correction); None: PSUs sampled with replacement (the usual approximation).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 0, 1, 1], "w": [1.0, 1, 2, 2], "h": [1, 1, 2, 2],
    ...                    "c": [1, 2, 3, 4]})
    >>> design = Design(df, weight="w", strata="h", psu="c")
    >>> design.n_psu, design.n_strata, design.df
    (4, 2, 2)
    >>> round(design.mean("y")["y"], 4)
    0.8333
    """

    def __init__(
        self,
        data: pd.DataFrame,
        weight: str | None = "weight",
        strata: str | None = "stratum",
        psu: str | None = "psu",
        fpc: str | None = None,
    ) -> None:
        if not isinstance(data, pd.DataFrame):
            raise TypeError(
                f"Design needs a pandas DataFrame, got {type(data).__name__}; e.g. "
                "Design(persons, weight='weight', strata='stratum', psu='psu')."
            )
        if len(data) == 0:
            raise ValueError("Design needs data with at least one row; this table is empty.")
        if not data.index.is_unique:
            duplicated = data.index[data.index.duplicated()].unique()[:3].tolist()
            raise ValueError(
                f"the table's index has duplicate labels (e.g. {duplicated}); a design "
                "identifies rows by their index: use data.reset_index(drop=True) first."
            )
        for role, name in (("weight", weight), ("strata", strata), ("psu", psu), ("fpc", fpc)):
            if name is not None and not isinstance(name, str):
                raise TypeError(
                    f"{role}= must be a column name (str) or None, got {type(name).__name__} "
                    f"{name!r}."
                )
            if name is not None and name not in data.columns:
                raise KeyError(
                    f"{role} column {name!r} is not in the data; pass {role}=None if the "
                    f"survey has none, or one of {list(data.columns)[:12]}."
                )
        self._arrays = SurveyDesign.from_frame(data, weight=weight, strata=strata, psu=psu, fpc=fpc)
        self._data = data
        self.weight, self.strata, self.psu, self.fpc = weight, strata, psu, fpc

    # -- what the design is --------------------------------------------------------------------
    @property
    def data(self) -> pd.DataFrame:
        """The table the design was declared on."""
        return self._data

    @property
    def index(self) -> pd.Index:
        """Labels of the design's rows."""
        return self._data.index

    @property
    def weights(self) -> pd.Series:
        """The sampling weight of each row (ones without a weight column)."""
        return pd.Series(self._arrays.weight, index=self.index, name=self.weight or "weight")

    @property
    def n(self) -> int:
        """Number of rows in the sample."""
        return self._arrays.n

    @property
    def n_psu(self) -> int:
        """Number of PSUs."""
        return self._arrays.n_psu

    @property
    def n_strata(self) -> int:
        """Number of strata."""
        return self._arrays.n_strata

    @property
    def df(self) -> int:
        """Degrees of freedom: #PSU - #strata."""
        return self._arrays.df

    @property
    def population(self) -> float:
        """Sum of the weights: the population the sample represents."""
        return float(self._arrays.weight.sum())

    # -- rows of the design, as the estimators need them ----------------------------------------
    def rows(
        self, data: pd.DataFrame | pd.Series | None = None, *, role: str = "data"
    ) -> SurveyDesign:
        """The design's arrays for the rows of ``data``, matched on the index labels.

        Parameters
        ----------
        data : pandas.DataFrame or pandas.Series, optional
            Rows to estimate on: the design's own table (or the same labels in another
            order), or a subset of its rows (then a domain of the full design). None: all rows.
        role : str
            What ``data`` is, for messages ("data", "y", ...).

        Returns
        -------
        SurveyDesign
            Weights and PSUs in the order of ``data``'s rows; all strata and PSUs kept.

        Examples
        --------
        >>> df = pd.DataFrame({"w": [1.0, 2, 3], "c": [1, 2, 3]}, index=["a", "b", "c"])
        >>> d = Design(df, weight="w", strata=None, psu="c")
        >>> d.rows(df.loc[["c", "a"]]).weight.tolist(), d.rows(df.loc[["c", "a"]]).n_psu
        ([3.0, 1.0], 3)
        """
        if data is None:
            return self._arrays
        if isinstance(data, np.ndarray):
            if len(data) == self.n:
                return self._arrays
            raise ValueError(
                f"{role} is a numpy array of {len(data):,} values but the design has "
                f"{self.n:,} rows; pass a pandas Series or DataFrame carrying the design's index "
                "so that rows can be matched."
            )
        if not isinstance(data, pd.DataFrame | pd.Series):
            raise TypeError(
                f"{role} must be a pandas DataFrame or Series, got {type(data).__name__}."
            )
        labels = data.index
        if labels is self.index:
            return self._arrays
        if labels.equals(self.index):
            self._check_same_rows(data, np.arange(self.n), role)
            return self._arrays
        if not labels.is_unique:
            raise ValueError(
                f"{role} has duplicate index labels; each row must appear once to be matched "
                "to the design (use the table the design was declared on)."
            )
        positions = self.index.get_indexer(labels)
        unknown = positions < 0
        if unknown.any():
            raise ValueError(
                f"{int(unknown.sum()):,} rows of {role} have index labels that are not in the "
                f"design (first: {labels[unknown][:3].tolist()}). Declare the design on the same "
                "table (Design(table, ...)), and keep its index: do not reset_index() in between."
            )
        self._check_same_rows(data, positions, role)
        return self._arrays.restrict(positions)

    def _check_same_rows(
        self, data: pd.DataFrame | pd.Series, positions: np.ndarray, role: str
    ) -> None:
        """Refuse rows whose design columns disagree with the design's rows of the same labels.

        A table rebuilt with ``reset_index()`` can carry labels the design knows (0, 1, 2, ...)
        on other rows: its weight, stratum or PSU columns then disagree with the design's.
        """
        if not isinstance(data, pd.DataFrame) or data is self._data:
            return
        for role_name, column in (
            ("weight", self.weight),
            ("strata", self.strata),
            ("psu", self.psu),
        ):
            if column is None or column not in data.columns:
                continue
            given = data[column].to_numpy()
            declared = self._data[column].to_numpy()[positions]
            same = (given == declared) | (pd.isna(given) & pd.isna(declared))
            if not np.all(same):
                first = data.index[np.flatnonzero(~same)[0]]
                raise ValueError(
                    f"the {role_name} column {column!r} of {role} differs from the design's at "
                    f"index label {first!r}: the rows do not match the design's rows with the "
                    "same labels (was the table re-indexed, e.g. with reset_index()?). Declare "
                    "the design on this table: Design(table, ...)."
                )

    def weights_for(self, data: pd.DataFrame | pd.Series, *, role: str = "data") -> np.ndarray:
        """Sampling weights of the rows of ``data`` (matched on the index)."""
        return self.rows(data, role=role).weight

    # -- estimates -----------------------------------------------------------------------------
    def mean(self, variable: str | pd.Series, *, by: str | pd.Series | None = None) -> Result:
        """Weighted mean (a proportion for 0/1 values), overall or by group, with SEs.

        Missing values are excluded and reported in ``.exclusions``; the rows stay in the
        design (domain estimation).

        Parameters
        ----------
        variable : str or pandas.Series
            A column of the design's table, or a Series with the design's index.
        by : str or pandas.Series, optional
            Groups: one estimate per group, each a domain of the full design.

        Returns
        -------
        Result
            One estimate per group (named after the variable without ``by``).

        Examples
        --------
        >>> df = pd.DataFrame({"poor": [1, 0, 1, 0], "urban": [0, 0, 1, 1]})
        >>> d = Design(df, weight=None, strata=None, psu=None)
        >>> d.mean("poor", by="urban").estimates
        {0: 0.5, 1: 0.5}
        """
        values = self._column(variable, "variable")
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_complex_dtype(values):
            raise TypeError(
                f"variable {values.name!r} must be numeric or 0/1 (True/False), it has dtype "
                f"{values.dtype}; convert it first."
            )
        arrays = self.rows(values, role="variable")
        y = values.to_numpy(dtype=np.float64, na_value=np.nan)
        missing = np.isnan(y)
        if by is None:
            codes, labels = np.zeros(len(y), dtype=np.int64), pd.Index([values.name])
        else:
            groups = self._column(by, "by").reindex(values.index)
            codes, labels = domain_codes(groups.to_frame("by"), "by")
            labels = labels.rename(groups.name)
        codes = np.where(missing, -1, codes)
        estimate = domain_mean(arrays, np.nan_to_num(y), codes, len(labels))
        counts = np.bincount(codes[codes >= 0], minlength=len(labels))
        exclusions = Exclusions(
            n_rows=len(y),
            n_excluded=int(missing.sum()),
            weighted_share=float(arrays.weight[missing].sum() / arrays.weight.sum()),
            by_column={str(values.name): int(missing.sum())} if missing.any() else {},
        )
        table = pd.DataFrame(
            {"estimate": estimate.estimate, "se": estimate.se, "n": counts}, index=labels
        )
        return Result(
            table,
            df=self.df,
            exclusions=exclusions,
            title=f"Mean of {values.name}" + ("" if by is None else f" by {labels.name}"),
        )

    def _column(self, variable: str | pd.Series, role: str) -> pd.Series:
        if isinstance(variable, str):
            if variable not in self._data.columns:
                raise KeyError(
                    f"{role} {variable!r} is not a column of the design's table; pass a column "
                    "name or a Series with the design's index."
                )
            return self._data[variable]
        if isinstance(variable, pd.Series):
            return variable
        raise TypeError(
            f"{role} must be a column name or a pandas Series, got {type(variable).__name__}."
        )

    # -- display -------------------------------------------------------------------------------
    def _describe(self) -> list[str]:
        return [
            f"{self.n:,} rows in {self.n_psu:,} PSUs and {self.n_strata:,} strata "
            f"(df = {self.df:,}); weights sum to {self.population:,.0f}",
            f"weight: {self.weight!r} · strata: {self.strata!r} · psu: {self.psu!r}"
            + (f" · fpc: {self.fpc!r}" if self.fpc else " · PSUs with replacement"),
        ]

    def __repr__(self) -> str:
        return "\n".join(["Survey design", *("  " + line for line in self._describe())])

    def _repr_html_(self) -> str:
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in self._describe())
        return f"<div class='sptools-design'><strong>Survey design</strong><ul>{lines}</ul></div>"


def design_rows(
    data: pd.DataFrame | pd.Series, design: Design | None, *, role: str = "data"
) -> SurveyDesign:
    """The design arrays for ``data``: the declared design's rows, or independent equal weights.

    Every estimator calls this once. Without a design, rows are independent draws with weight
    one (simple random sampling).

    Examples
    --------
    >>> design_rows(pd.DataFrame({"y": [1, 0]}), None).weight.tolist()
    [1.0, 1.0]
    """
    if design is None:
        return SurveyDesign.from_frame(data if isinstance(data, pd.DataFrame) else data.to_frame())
    if not isinstance(design, Design):
        raise TypeError(
            f"design= must be a sptools.Design, got {type(design).__name__}; declare it once: "
            "design = Design(persons, weight='weight', strata='stratum', psu='psu')."
        )
    return design.rows(data, role=role)
