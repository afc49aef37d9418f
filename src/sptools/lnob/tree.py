"""LNOB trees: who is furthest behind in access to an opportunity (ESCAP LNOB platform).

A regression tree on the 0/1 outcome with survey weights, as R ``rpart`` (method "anova"):

- a node splits in two on the circumstance and partition that most reduce the weighted sum of
  squares (unordered circumstances into any two subsets of levels, ordered ones at thresholds;
  see :mod:`sptools.lnob.splits`);
- each child must hold at least ``min_leaf`` = max(49, n / 11) unweighted observations (n = rows
  with the outcome observed), a node needs ``min_split`` = 2 x ``min_leaf`` to be split, the
  depth is at most 6 (the root has depth 0), and a split must reduce the weighted sum of squares
  by at least cp x the root's (cp = 1 / n, like rpart's complexity parameter); no pruning.
- As in rpart, fractional sizes are truncated: ESCAP passes ``minbucket = n / 11`` and
  ``minsplit = 2 n / 11`` explicitly (so rpart's default minsplit = 3 x minbucket does not
  apply), and rpart converts both to integers by truncation (C ``(int)``), comparing integer
  counts against them: with n = 2,000, a leaf needs 181 rows (not 182) and a split 363.
- Each node's rate comes with a linearised standard error and a 95% t interval (a domain mean
  of the survey design). They treat the tree's groups as given: the groups were chosen by the
  same data, so the interval of the group furthest behind is somewhat too narrow.
- Ties: between circumstances, the one listed first; within one, see :mod:`sptools.lnob.splits`.
  Nodes are numbered breadth-first from the root (0); the left child is the one with the lower
  levels (ordered) or the lower-rate levels (unordered).

The tree is grown on the cell table (:mod:`sptools.lnob.cells`), not on the rows.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from sptools.design import Design
from sptools.lnob.cells import CellTable, cell_table
from sptools.lnob.splits import (
    TIE_TOLERANCE,
    NominalSearch,
    Split,
    best_split,
    sum_of_squares,
)
from sptools.lnob.validation import Exclusions, MissingPolicy, check_flag, resolve_design
from sptools.lnob.variance import rates_with_se
from sptools.survey import t_interval

#: ESCAP's minimum leaf size: max(MIN_LEAF_FLOOR, n / MIN_LEAF_DIVISOR) unweighted observations.
MIN_LEAF_FLOOR = 49
MIN_LEAF_DIVISOR = 11

#: The description of the root node.
EVERYONE = "Everyone"

_LEAF_COLUMNS = [
    "path",
    "share",
    "rate",
    "se",
    "ci_low",
    "ci_high",
    "n",
    "depth",
    "condition",
    "conditions",
]


@dataclass(frozen=True)
class LNOBTree:
    """A grown LNOB tree: its nodes, leaves, furthest behind and ahead groups.

    Attributes
    ----------
    outcome : str
        The outcome column.
    circumstances : tuple[str, ...]
        The circumstances the tree could split on.
    barrier : bool
        Whether the outcome is a barrier (then the furthest behind group has the highest rate).
    nodes : pandas.DataFrame
        Every node, indexed by ``id`` (0 is the root; numbered breadth-first), with
        ``parent`` (<NA> for the root), ``depth``, ``condition`` (the split condition that leads
        to the node, e.g. "residence: Rural"), ``path`` (all conditions from the root, joined by
        " & "), ``share`` (weighted population share), ``rate`` (weighted rate), ``se``,
        ``ci_low``, ``ci_high`` (its linearised standard error and 95% t interval), ``n``
        (unweighted rows), ``is_leaf``, ``split_on`` (the circumstance the node splits on,
        missing for a leaf), ``improvement`` (reduction of the weighted sum of squares by that
        split, 0 for a leaf) and ``conditions`` (dict: circumstance -> tuple of the levels allowed).
    importance : pandas.Series
        Share of the total reduction in the weighted sum of squares attributable to splits on
        each circumstance (sums to 1; all 0 when the tree has no split).
    min_leaf, min_split : float
        The minimum leaf and split sizes as given (possibly fractional); a child needs at least
        ``int(min_leaf)`` rows and a node ``int(min_split)`` rows to be split (rpart's rule).
    max_depth : int
        The depth limit used.
    cp : float
        The complexity parameter used.
    exclusions : Exclusions
        Rows excluded for missing values.
    df : float
        Degrees of freedom of the intervals (#PSU - #strata of the design).
    nominal : {"exact", "rpart"}
        How unordered circumstances were split (see :func:`lnob_tree`).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"urban": rng.random(400) < 0.5})
    >>> df["water"] = (rng.random(400) < np.where(df["urban"], 0.9, 0.3)).astype(int)
    >>> tree = lnob_tree(df, "water", ["urban"])
    >>> tree.leaves["path"].tolist()
    ['urban: False', 'urban: True']
    >>> tree.furthest_behind["path"]
    'urban: False'
    """

    outcome: str
    circumstances: tuple[str, ...]
    barrier: bool
    nodes: pd.DataFrame
    importance: pd.Series
    min_leaf: float
    min_split: float
    max_depth: int
    cp: float
    exclusions: Exclusions
    df: float
    nominal: NominalSearch = "rpart"

    @property
    def min_leaf_rows(self) -> int:
        """Rows a leaf needs: ``min_leaf`` truncated to an integer, as rpart does."""
        return int(self.min_leaf)

    @property
    def min_split_rows(self) -> int:
        """Rows a node needs to be split: ``min_split`` truncated, as rpart does."""
        return int(self.min_split)

    @property
    def leaves(self) -> pd.DataFrame:
        """Leaves (terminal groups) in node order, indexed by node id.

        Columns: path, share, rate, se, ci_low, ci_high, n, depth, condition, conditions (see
        ``nodes``).
        """
        return self.nodes.loc[self.nodes["is_leaf"], _LEAF_COLUMNS]

    @property
    def furthest_behind(self) -> pd.Series:
        """The leaf with the lowest rate (the highest, for a barrier).

        Ties go to the leaf with the larger population share, then to the lower node id.
        """
        return self._ranked_leaves(behind_first=True).iloc[0]

    @property
    def furthest_ahead(self) -> pd.Series:
        """The leaf with the highest rate (the lowest, for a barrier); ties as furthest_behind."""
        return self._ranked_leaves(behind_first=False).iloc[0]

    def _ranked_leaves(self, *, behind_first: bool) -> pd.DataFrame:
        rate_ascending = behind_first != self.barrier
        return self.leaves.sort_values(
            ["rate", "share"], ascending=[rate_ascending, False], kind="stable"
        )

    def assign(self, data: pd.DataFrame) -> pd.Series:
        """Return the leaf id of each row of ``data`` (<NA> where no leaf's conditions hold).

        Rows of the data the tree was grown on always fall in exactly one leaf. In other data,
        a level that never reached a node (e.g. a new province) matches no leaf.

        Examples
        --------
        >>> df = pd.DataFrame({"urban": [True, False] * 100, "water": [1, 0, 1, 1] * 50})
        >>> lnob_tree(df, "water", ["urban"]).assign(df).head(3).tolist()
        [2, 1, 2]
        """
        missing = [name for name in self.circumstances if name not in data.columns]
        if missing:
            raise KeyError(f"data lacks the tree's circumstance column(s) {missing}.")
        leaf = pd.Series(pd.NA, index=data.index, dtype="Int64")
        for node, conditions in self.leaves["conditions"].items():
            inside = np.ones(len(data), dtype=bool)
            for name, levels in conditions.items():
                inside &= data[name].isin(levels).to_numpy()
            leaf[inside] = node
        return leaf

    def to_text(self) -> str:
        """Return the tree as indented text, one line per node (rate with its 95% interval).

        Examples
        --------
        >>> df = pd.DataFrame({"urban": [True, False] * 100, "water": [1, 0, 1, 1] * 50})
        >>> print(lnob_tree(df, "water", ["urban"]).to_text())  # doctest: +NORMALIZE_WHITESPACE
        LNOB tree of 'water' (access rate), 200 observations, minimum leaf 49
        [0] Everyone: share 100.0%, rate 0.750 (0.689 to 0.811)
        ├── [1] urban: False: share 50.0%, rate 0.500 (0.401 to 0.599)  <- furthest behind
        └── [2] urban: True: share 50.0%, rate 1.000 (1.000 to 1.000)  <- furthest ahead
        """
        kind = "prevalence" if self.barrier else "access rate"
        lines = [
            f"LNOB tree of {self.outcome!r} ({kind}), {int(self.nodes.loc[0, 'n']):,} "
            f"observations, minimum leaf {self.min_leaf_rows:,}"
        ]
        marks = {}
        if len(self.leaves) > 1:
            marks = {
                self.furthest_behind.name: "furthest behind",
                self.furthest_ahead.name: "furthest ahead",
            }
        children = self.nodes.groupby("parent").groups

        def visit(node: int, prefix: str, branch: str) -> None:
            row = self.nodes.loc[node]
            mark = f"  <- {marks[node]}" if node in marks else ""
            lines.append(
                f"{prefix}{branch}[{node}] {row['condition']}: share {row['share']:.1%}, "
                f"rate {row['rate']:.3f} ({row['ci_low']:.3f} to {row['ci_high']:.3f}){mark}"
            )
            kids = list(children.get(node, []))
            extension = prefix + {"": "", "├── ": "│   ", "└── ": "    "}[branch]
            for i, kid in enumerate(kids):
                visit(int(kid), extension, "└── " if i == len(kids) - 1 else "├── ")

        visit(0, "", "")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def default_min_leaf(n: int) -> float:
    """Return ESCAP's minimum leaf size max(49, n / 11), fractional as ESCAP passes it to rpart.

    rpart truncates it: a leaf needs ``int(default_min_leaf(n))`` rows.

    Examples
    --------
    >>> round(default_min_leaf(2000), 2), default_min_leaf(100)
    (181.82, 49.0)
    """
    return max(float(MIN_LEAF_FLOOR), n / MIN_LEAF_DIVISOR)


def lnob_tree(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    weight: str | None = None,
    *,
    design: Design | None = None,
    min_leaf: float | None = None,
    max_depth: int = 6,
    ordered: Sequence[str] | None = None,
    barrier: bool = False,
    cp: float | None = None,
    missing: MissingPolicy = "raise",
    nominal: NominalSearch = "rpart",
) -> LNOBTree:
    """Grow an LNOB tree of a 0/1 outcome on circumstances (ESCAP LNOB settings).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (or household).
    outcome : str
        0/1 column: access to an opportunity, or a barrier (``barrier=True``).
    circumstances : sequence of str
        Circumstance columns the tree may split on; ties between equally good splits go to the
        circumstance listed first.
    weight : str, optional
        Deprecated: a weight column (use ``design=``).
    design : sptools.Design, optional
        The survey design; ``data``'s rows are matched to it on the index. Without it: rows of
        weight one, independent (for the standard errors).
    min_leaf : float, optional
        Minimum unweighted observations per leaf; default max(49, n / 11), fractional. As in
        rpart, a child needs at least ``int(min_leaf)`` rows and a node at least
        ``int(2 * min_leaf)`` rows to be split (minbucket and minsplit truncated to integers).
    max_depth : int
        Maximum depth (the root has depth 0).
    ordered : sequence of str, optional
        Circumstances split only at thresholds (education level, age group, ...). By default
        those stored as ordered Categoricals; when given, exactly these.
    barrier : bool
        The outcome is a barrier: the furthest behind group is the one with the highest rate
        (a real ``True``/``False``).
        The splits do not depend on it (y and 1 - y have the same sums of squares); rates stay
        those of the outcome as given (prevalence).
    cp : float, optional
        Complexity parameter: a split must reduce the weighted sum of squares by at least
        cp x that of the root. Default 1 / n.
    missing : {"raise", "drop"}
        Missing outcome/circumstance values raise (default) or are excluded with a warning;
        the count is kept in ``LNOBTree.exclusions``.
    nominal : {"rpart", "exact"}
        How unordered circumstances are split (:mod:`sptools.lnob.splits`). "rpart" (default):
        only rpart's candidates (levels sorted by rate), so the trees are ESCAP's. "exact": the
        best allowed split into two subsets of levels, all subsets searched when the minimum leaf
        binds (up to 12 levels). The two differ only at nodes where the minimum leaf binds.

    Returns
    -------
    LNOBTree

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"rich": rng.random(1000) < 0.4, "urban": rng.random(1000) < 0.3})
    >>> df["bank"] = (rng.random(1000) < 0.2 + 0.5 * df["rich"]).astype(int)
    >>> tree = lnob_tree(df, "bank", ["urban", "rich"])
    >>> tree.nodes.loc[0, "split_on"]
    'rich'
    """
    design = resolve_design(data, weight, design, function="lnob_tree")
    barrier = check_flag(barrier, "barrier")
    cells = cell_table(
        data, outcome, circumstances, design=design, ordered=ordered, missing=missing
    )
    n = int(cells.count.sum())
    if n < 2:
        raise ValueError(
            f"an LNOB tree needs at least 2 rows with the outcome and circumstances observed, "
            f"got {n}; with ESCAP's settings a split needs 2 x 49 = 98 rows. Pass the whole "
            "survey (or a larger domain)."
        )
    min_leaf = default_min_leaf(n) if min_leaf is None else _size_at_least_one(min_leaf)
    max_depth = _integer_at_least(max_depth, "max_depth", 0)
    cp = 1 / n if cp is None else float(cp)
    if not 0 <= cp < 1:
        raise ValueError(f"cp must be in [0, 1), got {cp}; the default is 1 / n.")
    if nominal not in ("exact", "rpart"):
        raise ValueError(
            f"nominal must be 'exact' (best subset split) or 'rpart' (rpart's candidates only), "
            f"got {nominal!r}."
        )
    limits = _Limits(int(min_leaf), int(2 * min_leaf), max_depth, cp, nominal == "exact")
    nodes, gains, members = _grow(cells, limits)
    _add_intervals(nodes, cells, members)
    total_gain = gains.sum()
    return LNOBTree(
        outcome=cells.outcome,
        circumstances=cells.circumstances,
        barrier=barrier,
        nodes=nodes,
        importance=(gains / total_gain if total_gain > 0 else gains).rename("importance"),
        min_leaf=min_leaf,
        min_split=2 * min_leaf,
        max_depth=max_depth,
        cp=cp,
        exclusions=cells.exclusions,
        df=float(cells.design.df),
        nominal=nominal,
    )


def _size_at_least_one(value: float) -> float:
    """A minimum leaf size: a real number >= 1 (fractional allowed, truncated as in rpart)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float | np.integer | np.floating)
        or not np.isfinite(value)
        or value < 1
    ):
        raise ValueError(
            f"min_leaf must be a number >= 1 (rows; fractional values are truncated as in "
            f"rpart), got {value!r}; leave it out for ESCAP's max(49, n / 11)."
        )
    return float(value)


def _add_intervals(nodes: pd.DataFrame, cells: CellTable, members: list[np.ndarray]) -> None:
    """Add each node's rate SE and 95% t interval (a domain mean) to the node table."""
    columns = np.concatenate([np.full(len(m), j) for j, m in enumerate(members)])
    membership = sparse.csr_matrix(
        (np.ones(len(columns)), (np.concatenate(members), columns)),
        shape=(cells.n_cells, len(members)),
    )
    _, se = rates_with_se(cells, membership)
    low, high = t_interval(nodes["rate"].to_numpy(), se, cells.design.df)
    position = nodes.columns.get_loc("n")
    for offset, (name, values) in enumerate((("se", se), ("ci_low", low), ("ci_high", high))):
        nodes.insert(position + offset, name, values)


def _integer_at_least(value: int, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}.")
    return int(value)


@dataclass(frozen=True)
class _Node:
    parent: int | None
    depth: int
    cells: np.ndarray
    constraints: dict[int, np.ndarray]
    condition: str


@dataclass(frozen=True)
class _Limits:
    """What stops growth: rows per leaf and per split (integers), depth, cp; exact subsets."""

    min_leaf: int
    min_split: int
    max_depth: int
    cp: float
    exact: bool


def _grow(cells: CellTable, limits: _Limits) -> tuple[pd.DataFrame, pd.Series, list[np.ndarray]]:
    """Grow the tree breadth-first: the node table, gain per circumstance, cells of each node."""
    root_sse = float(sum_of_squares(cells.weight.sum(), cells.weighted_outcome.sum()))
    gains = np.zeros(len(cells.circumstances))
    queue = deque([_Node(None, 0, np.arange(len(cells.weight)), {}, EVERYONE)])
    rows, members = [], []
    while queue:
        node = queue.popleft()
        node_id = len(rows)
        choice = _choose_split(cells, node, limits)
        if choice is not None and choice[1].gain < limits.cp * root_sse:
            choice = None
        rows.append(_node_row(cells, node, choice))
        members.append(node.cells)
        if choice is None:
            continue
        position, split = choice
        gains[position] += split.gain
        queue.extend(_children(cells, node, node_id, position, split))
    nodes = pd.DataFrame(rows).rename_axis("id")
    nodes["parent"] = nodes["parent"].astype("Int64")
    gains = pd.Series(gains, index=pd.Index(cells.circumstances, name="circumstance"))
    return nodes, gains, members


def _choose_split(cells: CellTable, node: _Node, limits: _Limits) -> tuple[int, Split] | None:
    """Return the best split of a node over all circumstances (position, split), if any."""
    idx = node.cells
    w, wy, count = cells.weight[idx], cells.weighted_outcome[idx], cells.count[idx]
    rates = wy / w
    if (
        node.depth >= limits.max_depth
        or count.sum() < limits.min_split
        or rates.min() == rates.max()
    ):
        return None
    candidates = [
        (
            j,
            best_split(
                cells.codes[idx, j],
                len(levels),
                cells.ordered[j],
                w,
                wy,
                count,
                limits.min_leaf,
                exact=limits.exact,
            ),
        )
        for j, levels in enumerate(cells.levels)
    ]
    candidates = [(j, split) for j, split in candidates if split is not None]
    if not candidates:
        return None
    tolerance = TIE_TOLERANCE * float(sum_of_squares(w.sum(), wy.sum()))
    best_gain = max(split.gain for _, split in candidates)
    return next((j, split) for j, split in candidates if split.gain >= best_gain - tolerance)


def _children(
    cells: CellTable, node: _Node, node_id: int, position: int, split: Split
) -> list[_Node]:
    """Return the left and right children of a node split on circumstance ``position``."""
    if cells.ordered[position]:
        allowed = node.constraints.get(position, np.arange(len(cells.levels[position])))
        threshold = split.left.max()
        sides = [allowed[allowed <= threshold], allowed[allowed > threshold]]
    else:
        sides = [np.sort(split.left), np.sort(split.right)]
    node_codes = cells.codes[node.cells, position]
    children = []
    for levels in sides:
        constraints = node.constraints | {position: levels}
        children.append(
            _Node(
                parent=node_id,
                depth=node.depth + 1,
                cells=node.cells[np.isin(node_codes, levels)],
                constraints=constraints,
                condition=_describe(cells, position, levels),
            )
        )
    return children


def _node_row(cells: CellTable, node: _Node, choice: tuple[int, Split] | None) -> dict:
    """Return a node's line of the node table; ``choice`` is its split (None for a leaf)."""
    idx = node.cells
    weight = cells.weight[idx].sum()
    return {
        "parent": node.parent,
        "depth": node.depth,
        "condition": node.condition,
        "path": " & ".join(_describe(cells, j, levels) for j, levels in node.constraints.items())
        or EVERYONE,
        "share": weight / cells.weight.sum(),
        "rate": cells.weighted_outcome[idx].sum() / weight,
        "n": int(cells.count[idx].sum()),
        "is_leaf": choice is None,
        "split_on": None if choice is None else cells.circumstances[choice[0]],
        "improvement": 0.0 if choice is None else choice[1].gain,
        "conditions": {
            cells.circumstances[j]: tuple(cells.levels[j][levels])
            for j, levels in node.constraints.items()
        },
    }


def _describe(cells: CellTable, position: int, levels: np.ndarray) -> str:
    """Describe the levels of one circumstance allowed in a node, e.g. "wealth: Bottom 40"."""
    name = cells.circumstances[position]
    labels = [str(label) for label in cells.levels[position][levels]]
    if len(labels) == 1:
        return f"{name}: {labels[0]}"
    if cells.ordered[position]:
        if levels[0] == 0:
            return f"{name}: {labels[-1]} or lower"
        if levels[-1] == len(cells.levels[position]) - 1:
            return f"{name}: {labels[0]} or higher"
        return f"{name}: {labels[0]} to {labels[-1]}"
    return f"{name}: {', '.join(labels[:-1])} or {labels[-1]}"
