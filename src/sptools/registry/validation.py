"""Validate a register against its schema and report every problem, one row per problem.

Examples
--------
>>> import pandas as pd
>>> records = pd.DataFrame({
...     "record_id": ["A1", "A2"], "name": ["Sok Dara", "Chan"], "sex": ["male", "F"],
...     "date_of_birth": ["1980-05-02", "1991-21-04"], "province": ["Takeo", "Takeo"],
...     "district": ["d", "d"], "commune": ["c", "c"], "village": ["v", "v"],
...     "id_card": [None, "12345"], "phone": ["012 345 678", None]})
>>> report = validate(records, "person")
>>> report.problems[["row", "column", "rule", "value"]]
   row         column            rule       value
0    1           name      name_words        Chan
1    1            sex          one_of           F
2    1  date_of_birth      not_a_date  1991-21-04
3    1        id_card  id_card_format       12345
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from sptools.registry.schemas import RULE_COLUMN, RULES, schema
from sptools.results import Exclusions

#: Columns of :attr:`ValidationReport.problems`.
PROBLEM_COLUMNS = ("row", "record_id", "column", "rule", "value")
#: pandera's names of its built-in checks -> our rules.
_PANDERA_RULES = {"not_nullable": "missing", "field_uniqueness": "duplicate_id"}


@dataclass(frozen=True)
class ValidationReport:
    """Every problem found in a table: one row per (row, column, rule).

    Attributes
    ----------
    problems : DataFrame
        ``row`` (the table's index label), ``record_id`` (when the table has one), ``column``,
        ``rule`` (a key of :data:`sptools.registry.schemas.RULES`), ``value`` (as found).
    n_rows : int
        Rows validated.
    table : str
        Name of the schema.
    """

    problems: pd.DataFrame
    n_rows: int
    table: str

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return self.problems.empty

    @property
    def rows_with_problems(self) -> int:
        """Rows with at least one problem."""
        return int(self.problems["row"].nunique())

    def summary(self) -> pd.DataFrame:
        """Problems by column and rule: ``problems``, ``share`` of the rows, ``meaning``."""
        counts = (
            self.problems.groupby(["column", "rule"], sort=False).size().rename("problems")
        ).to_frame()
        counts["share"] = counts["problems"] / self.n_rows if self.n_rows else 0.0
        counts["meaning"] = [RULES.get(rule, rule) for _, rule in counts.index]
        return counts.sort_values("problems", ascending=False)

    @property
    def exclusions(self) -> Exclusions:
        """The rows a strict analysis would leave out, by column (:class:`Exclusions`)."""
        by_column = self.problems.groupby("column", sort=False)["row"].nunique()
        return Exclusions(
            n_rows=self.n_rows,
            n_excluded=self.rows_with_problems,
            weighted_share=float("nan"),
            by_column={str(k): int(v) for k, v in by_column.items()},
            reason="problems found by validation",
        )

    def __len__(self) -> int:
        return len(self.problems)

    def __repr__(self) -> str:
        if self.ok:
            return f"{self.table}: no problems in {self.n_rows:,} rows"
        lines = [
            f"{self.table}: {len(self.problems):,} problems in {self.rows_with_problems:,} of "
            f"{self.n_rows:,} rows"
        ]
        for (column, rule), row in self.summary().head(10).iterrows():
            lines.append(f"  {column:14} {rule:22} {int(row['problems']):6,}  {row['meaning']}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = html.escape(repr(self).splitlines()[0])
        table = self.summary().to_html() if not self.ok else ""
        return f"<p><strong>{head}</strong></p>{table}"


def validate(table: pd.DataFrame, schema_: str | pa.DataFrameSchema, **options) -> ValidationReport:
    """Check every row of ``table`` against a schema; report every problem, drop nothing.

    Parameters
    ----------
    table
        A register (for example :func:`sptools.datasets.load_admin` ``("idpoor_members")``).
    schema_
        A record type of :data:`sptools.registry.schemas.KINDS` (``"idpoor_members"``, ...) or a
        pandera ``DataFrameSchema``.
    **options
        Passed on to :func:`sptools.registry.schemas.schema` with a record type: ``as_of``
        (``"YYYY-MM-DD"``, dates after it are reported) and ``provinces`` (allowed names).

    Returns
    -------
    ValidationReport
        One row per problem; ``.summary()`` counts them by column and rule.

    Raises
    ------
    TypeError
        When ``table`` is not a DataFrame.
    ValueError
        When ``table`` has no rows or lacks a column the schema requires (named, with the fix).
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame; got {type(table).__name__}")
    checked = schema(schema_, **options) if isinstance(schema_, str) else schema_
    if not isinstance(checked, pa.DataFrameSchema):
        raise TypeError(
            "schema must be a record type (e.g. 'idpoor_members') or a pandera DataFrameSchema; "
            f"got {type(schema_).__name__}"
        )
    name = checked.name or "table"
    if table.empty:
        raise ValueError(
            f"the {name} table has no rows, so there is nothing to validate: check that the file "
            "was read completely and that no filter removed every row"
        )
    required = [c for c, column in checked.columns.items() if column.required]
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValueError(
            f"the {name} table lacks the column(s) {missing}, which the schema requires; rename "
            f"the table's columns to the schema's (it has {list(table.columns)})"
        )
    try:
        checked.validate(table, lazy=True)
        cases = pd.DataFrame(columns=["schema_context", "column", "check", "failure_case", "index"])
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    return ValidationReport(_tidy(cases, table), n_rows=len(table), table=name)


def _tidy(cases: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """pandera's failure cases as one row per (row, column, rule), in the table's row order."""
    cases = cases[cases["index"].notna()]
    rule = cases["check"].astype(str).map(lambda check: _PANDERA_RULES.get(check, check))
    table_wide = cases["schema_context"].eq("DataFrameSchema")
    column = cases["column"].where(~table_wide, rule.map(RULE_COLUMN)).astype(object)
    frame = pd.DataFrame(
        {"row": cases["index"].to_numpy(), "column": column.to_numpy(), "rule": rule.to_numpy()}
    ).drop_duplicates()
    position = pd.Series(range(len(table)), index=table.index)
    frame = frame[frame["row"].isin(position.index)]
    frame["value"] = [
        table.at[row, col] if col in table.columns else None
        for row, col in zip(frame["row"], frame["column"], strict=True)
    ]
    frame["value"] = frame["value"].astype(object).where(frame["value"].notna(), None)
    frame["record_id"] = (
        table.loc[frame["row"], "record_id"].to_numpy() if "record_id" in table.columns else None
    )
    order = frame["column"].map({c: i for i, c in enumerate(table.columns)})
    frame = frame.assign(_pos=frame["row"].map(position), _col=order)
    frame = frame.sort_values(["_pos", "_col"], kind="stable")
    return frame[list(PROBLEM_COLUMNS)].reset_index(drop=True)
