"""Kernel-free versions of the widgets: charts whose controls work in a static web page.

A live widget recomputes in the kernel, so in the HTML book (no kernel) its controls are frozen.
Its kernel-free version computes the results in advance for a small grid of the controls' values
and draws them with Vega-Lite (through ``altair``); each control is a Vega-Lite parameter bound to
an input (a drop-down list or a slider), so moving it filters the precomputed grid in the browser.

The recipe, for any widget whose computation is a pure function from control values to a tidy
DataFrame:

1. describe each control with a :class:`Control` (its argument name, label and grid values);
2. :func:`precompute` calls the function once per combination of values and stacks the results,
   with one column per control;
3. :func:`kernel_free_chart` draws the grid: it filters it by the current value of every control
   and hands the filtered chart to a ``draw`` function that chooses the marks and encodings.

Where the grid would be too large (more than :data:`MAX_COMBINATIONS` combinations, or more rows
than :data:`MAX_ROWS`), :func:`precompute` refuses and says so: show a static figure instead,
labelled as such, with a link to the notebook in JupyterLab.

Nothing is requested from a CDN. Importing this module enables the ``"sptools"`` altair renderer,
which displays every altair chart with the ``application/vnd.vegalite.v5+json`` type that
JupyterLab 4 draws with its own bundled Vega (altair 6's default, the v6 type, is shown by
JupyterLab as plain text). In the book, :mod:`sptools.widgets.kernel_free_book` turns the same
output into HTML drawn by the vendored Vega scripts of ``book/_static/vendor``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any, Literal

import altair as alt
import pandas as pd

__all__ = [
    "MAX_COMBINATIONS",
    "MAX_ROWS",
    "MIMETYPE",
    "Control",
    "kernel_free_chart",
    "offline_renderer",
    "precompute",
]

#: The Vega-Lite output type: the newest one JupyterLab 4.6 draws without any extension.
MIMETYPE = "application/vnd.vegalite.v5+json"
#: Largest number of combinations of control values that :func:`precompute` computes.
MAX_COMBINATIONS = 200
#: Largest number of rows of a grid: the data are written into the page (altair's default limit).
MAX_ROWS = 5000
#: How the charts are drawn: SVG (sharp, and read by screen readers), without the export menu.
EMBED_OPTIONS = {"actions": False, "renderer": "svg"}

JsonValue = str | int | float | bool


@dataclass(frozen=True)
class Control:
    """One control of a kernel-free chart: its name, label and the values in the grid.

    Parameters
    ----------
    name : str
        The keyword argument of the computing function, and the grid's column.
    label : str
        What the input is called on the page.
    values : sequence
        The values computed in advance, in the order offered.
    labels : sequence of str, optional
        How each value is shown in a drop-down list (default: the value itself).
    input : {"select", "range", "radio"}
        A drop-down list, a slider (numbers evenly spaced only) or radio buttons.
    default : optional
        The value shown first (default: the first value).

    Examples
    --------
    >>> Control("k", "Poverty cutoff k", ["1/4", "1/3", "1/2"], default="1/3").key("1/3")
    '1/3'
    >>> Control("amount", "Benefit (% of GDP per capita)", [2, 4, 6], input="range").step
    2.0
    """

    name: str
    label: str
    values: Sequence[Any]
    labels: Sequence[str] | None = None
    input: Literal["select", "range", "radio"] = "select"
    default: Any = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(self.values))
        if not self.name.isidentifier():
            raise ValueError(
                f"Control name {self.name!r} must be a Python identifier: it is the keyword "
                "argument of the computing function."
            )
        if not self.values:
            raise ValueError(f"Control {self.name!r} has no values: give at least one.")
        keys = [self.key(value) for value in self.values]
        if len(set(keys)) != len(keys):
            raise ValueError(f"Control {self.name!r} has repeated values: {list(self.values)}.")
        if self.labels is not None and len(self.labels) != len(self.values):
            raise ValueError(
                f"Control {self.name!r} has {len(self.values)} values but "
                f"{len(self.labels)} labels: give one label per value."
            )
        if self.input not in ("select", "range", "radio"):
            raise ValueError(
                f"Control {self.name!r}: input must be 'select', 'range' or 'radio', "
                f"got {self.input!r}."
            )
        if self.default is not None and self.default not in self.values:
            raise ValueError(
                f"Control {self.name!r}: the default {self.default!r} is not one of its values "
                f"{list(self.values)}."
            )
        if self.input == "range":
            self._check_evenly_spaced()

    def _check_evenly_spaced(self) -> None:
        values = self.values
        if not all(isinstance(v, Real) and not isinstance(v, bool) for v in values):
            raise ValueError(
                f"Control {self.name!r}: a slider needs numbers, got {list(values)}; "
                "use input='select'."
            )
        if len(values) > 1:
            steps = [b - a for a, b in itertools.pairwise(values)]
            if steps[0] <= 0 or not all(math.isclose(s, steps[0]) for s in steps):
                raise ValueError(
                    f"Control {self.name!r}: a slider needs increasing, evenly spaced values, "
                    f"got {list(values)}; use input='select'."
                )

    @property
    def first(self) -> Any:
        """The value shown first."""
        return self.values[0] if self.default is None else self.default

    @property
    def step(self) -> float:
        """The slider's step (1 for a single value)."""
        return float(self.values[1] - self.values[0]) if len(self.values) > 1 else 1.0

    @staticmethod
    def key(value: Any) -> JsonValue:
        """How a value is written in the grid and the page: numbers and text as they are,
        anything else (a Fraction, a date) as text."""
        if isinstance(value, bool | int | float | str):
            return value
        return str(value)

    def binding(self) -> alt.Binding:
        """The Vega-Lite input bound to this control."""
        label = f"{self.label} "
        keys = [self.key(value) for value in self.values]
        if self.input == "range":
            return alt.binding_range(min=keys[0], max=keys[-1], step=self.step, name=label)
        labels = list(self.labels) if self.labels is not None else [str(k) for k in keys]
        if self.input == "radio":
            return alt.binding_radio(options=keys, labels=labels, name=label)
        return alt.binding_select(options=keys, labels=labels, name=label)

    def matches(self) -> str:
        """The Vega expression that keeps the grid's rows of the control's current value."""
        column, parameter = f"datum[{self.name!r}]", _parameter_name(self)
        if self.input == "range":  # a slider's value may carry rounding error: nearest step
            return f"abs({column} - {parameter}) < {self.step / 2}"
        return f"{column} == {parameter}"


def _parameter_name(control: Control) -> str:
    # a prefix keeps clear of Vega's own names (width, height, ...)
    return f"control_{control.name}"


def precompute(
    function: Callable[..., pd.DataFrame],
    controls: Sequence[Control],
    *,
    swept: Sequence[str] = (),
    max_combinations: int = MAX_COMBINATIONS,
    max_rows: int = MAX_ROWS,
    **fixed: Any,
) -> pd.DataFrame:
    """Compute ``function`` for every combination of the controls' values, and stack the results.

    Parameters
    ----------
    function : callable
        Takes the controls' values as keyword arguments (and ``fixed``), returns a tidy DataFrame.
    controls : sequence of Control
    swept : sequence of str
        Controls that ``function`` computes for all their values in one call (when that is much
        faster): it is not given them, and returns a column of each, holding its values.
    max_combinations, max_rows : int
        Refuse grids larger than this: show a static figure instead.
    **fixed
        Further keyword arguments passed unchanged to every call (the data, for example).

    Returns
    -------
    pandas.DataFrame
        The results of every call, with one column per control holding its value
        (:meth:`Control.key`). ``attrs["combinations"]`` holds the number of calls.

    Examples
    --------
    >>> def square(x):
    ...     return pd.DataFrame({"square": [x * x]})
    >>> precompute(square, [Control("x", "x", [1, 2, 3], input="range")])["square"].tolist()
    [1, 4, 9]
    """
    names = [control.name for control in controls]
    if len(set(names)) != len(names):
        raise ValueError(f"Two controls share a name: {names}.")
    unknown = sorted(set(swept) - set(names))
    if unknown:
        raise ValueError(f"swept names {unknown}, which are not controls {names}.")
    clash = sorted(set(names) & set(fixed))
    if clash:
        raise ValueError(f"{clash} are both controls and fixed arguments: keep one.")
    combinations = math.prod(len(control.values) for control in controls)
    if combinations > max_combinations:
        sizes = " x ".join(f"{len(c.values)} {c.name}" for c in controls)
        raise ValueError(
            f"The grid has {combinations:,} combinations ({sizes}), more than "
            f"max_combinations={max_combinations}: offer fewer values, or show a static figure "
            "with a link to run the live widget in JupyterLab."
        )
    called = [control for control in controls if control.name not in swept]
    frames = []
    for values in itertools.product(*(control.values for control in called)):
        arguments = {control.name: value for control, value in zip(called, values, strict=True)}
        frame = function(**fixed, **arguments)
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(
                f"{getattr(function, '__name__', function)} returned "
                f"{type(frame).__name__} for {arguments}: it must return a pandas DataFrame."
            )
        overlap = sorted(set(frame.columns) & set(arguments))
        if overlap:
            raise ValueError(
                f"The result has columns named like the controls {overlap}: rename them."
            )
        keys = {control.name: control.key(arguments[control.name]) for control in called}
        frames.append(frame.assign(**keys, **_swept_keys(frame, controls, swept, arguments)))
    grid = pd.concat(frames, ignore_index=True)
    if len(grid) > max_rows:
        raise ValueError(
            f"The grid has {len(grid):,} rows, more than max_rows={max_rows:,} (all of them are "
            "written into the page): return fewer rows per call, offer fewer values, or show a "
            "static figure."
        )
    grid.attrs["combinations"] = combinations
    return grid


def _swept_keys(
    frame: pd.DataFrame, controls: Sequence[Control], swept: Sequence[str], arguments: dict
) -> dict[str, list[JsonValue]]:
    """The columns of the swept controls, as keys, checked to hold exactly their values."""
    columns = {}
    for control in controls:
        if control.name not in swept:
            continue
        if control.name not in frame.columns:
            raise KeyError(
                f"The result for {arguments} has no column {control.name!r}: a swept control's "
                "values must be a column of the result."
            )
        keys = [control.key(value) for value in frame[control.name]]
        expected = {control.key(value) for value in control.values}
        if set(keys) != expected:
            raise ValueError(
                f"The result for {arguments} holds {control.name} = {sorted(set(map(str, keys)))}"
                f", not the control's values {sorted(map(str, expected))}."
            )
        columns[control.name] = keys
    return columns


def kernel_free_chart(
    grid: pd.DataFrame,
    controls: Sequence[Control],
    draw: Callable[[alt.Chart], alt.TopLevelMixin],
    *,
    description: str,
    caption: str = "",
) -> alt.TopLevelMixin:
    """Draw a precomputed grid with its controls bound to inputs.

    Parameters
    ----------
    grid : pandas.DataFrame
        From :func:`precompute`.
    controls : sequence of Control
        The same controls.
    draw : callable
        Receives an ``altair.Chart`` of the grid already filtered to the controls' current values,
        and returns the chart to show (marks, encodings, layers, title).
    description : str
        The alt text: what the chart shows, for screen readers.
    caption : str
        Shown under the chart in the book.

    Returns
    -------
    altair chart
        Display it as the last line of a cell.

    Examples
    --------
    >>> control = Control("x", "x", [1, 2, 3], input="range")
    >>> grid = precompute(lambda x: pd.DataFrame({"y": [x * x]}), [control])
    >>> chart = kernel_free_chart(
    ...     grid, [control], lambda base: base.mark_bar().encode(y="y:Q"), description="x squared"
    ... )
    >>> [param.name for param in chart.params]
    ['control_x']
    """
    missing = [control.name for control in controls if control.name not in grid.columns]
    if missing:
        raise KeyError(
            f"The grid has no column for the controls {missing}: make it with precompute()."
        )
    if not description.strip():
        raise ValueError("description is the chart's alt text: describe what it shows.")
    parameters = [
        alt.param(
            name=_parameter_name(control),
            value=control.key(control.first),
            bind=control.binding(),
        )
        for control in controls
    ]
    base = alt.Chart(grid)
    for control in controls:
        base = base.transform_filter(control.matches())
    chart = draw(base).add_params(*parameters)
    combinations = grid.attrs.get("combinations", len(grid))
    return chart.properties(
        description=description,
        usermeta={"sptools": {"caption": caption, "combinations": combinations}},
    )


def offline_renderer(spec: Mapping[str, Any], **metadata: Any) -> tuple[dict, dict]:
    """altair renderer: the chart as :data:`MIMETYPE`, drawn offline by JupyterLab and the book.

    The plain-text version (shown where Vega is not available) gives the alt text.
    """
    text = spec.get("description") or "A Vega-Lite chart"
    return (
        {MIMETYPE: dict(spec), "text/plain": f"<chart: {text}>"},
        {MIMETYPE: {"embed_options": {**EMBED_OPTIONS, **metadata.get("embed_options", {})}}},
    )


alt.renderers.register("sptools", offline_renderer)
alt.renderers.enable("sptools")
