"""The national MPI designer: choose dimensions, indicators, weights and k, and see the results at
once.

The widget only wires controls to :func:`sptools.recipes.mpi_design.evaluate_design`; everything it
shows can be computed without it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from fractions import Fraction

import altair as alt
import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import clear_output

from sptools.indicators import INDICATORS
from sptools.mpi import GLOBAL_MPI
from sptools.mpi.weights import flatten_weights
from sptools.plots.mpi import plot_contributions
from sptools.recipes.mpi_design import (
    CANDIDATES,
    DesignComparison,
    candidate_indicators,
    design_over_cutoffs,
    design_weights,
    evaluate_design,
    indicator_labels,
)
from sptools.widgets.kernel_free import Control, kernel_free_chart, precompute

__all__ = [
    "DIMENSIONS",
    "KERNEL_FREE_DESIGNS",
    "K_CHOICES",
    "NOT_USED",
    "MPIDesigner",
    "designer_grid",
    "kernel_free_designer",
    "mpi_designer",
]

#: Dimensions offered by the designer.
DIMENSIONS = ("Health", "Education", "Living standards", "Inclusion")
#: Label of the "leave this indicator out" choice.
NOT_USED = "(not used)"
#: Poverty cutoffs offered (exact fractions).
K_CHOICES = tuple(
    Fraction(numerator, denominator)
    for numerator, denominator in (
        (1, 10),
        (1, 6),
        (1, 5),
        (1, 4),
        (3, 10),
        (1, 3),
        (2, 5),
        (1, 2),
        (3, 5),
        (2, 3),
        (3, 4),
        (1, 1),
    )
)
#: Largest relative weight of a dimension on the sliders.
MAX_RELATIVE_WEIGHT = 6


def _percent(value: float) -> str:
    return f"{value:.1%}"


class MPIDesigner(widgets.VBox):
    """Interactive design of a national MPI, compared with the global MPI on the same persons.

    Each indicator (the ten global ones and :data:`sptools.recipes.mpi_design.CANDIDATES`) has a
    menu: the dimension it belongs to, or "(not used)". Each dimension has a slider of relative
    weight (indicators share their dimension's weight equally), and a slider sets the poverty cutoff
    k. Every change recomputes H, A and M0 (with confidence intervals), the contributions of the
    indicators, the robustness of the ranking of provinces and the share of people whose status
    changes, next to the global MPI.

    Parameters
    ----------
    data : pandas.DataFrame
        From :func:`sptools.recipes.mpi_design.candidate_indicators`.
    start : mapping
        The design shown first, nested like :data:`sptools.mpi.GLOBAL_MPI` (the default).
    k : Fraction
        The first poverty cutoff; one of :data:`K_CHOICES`.
    by : str
        Groups whose ranking is compared.

    Attributes
    ----------
    assignment : dict
        Indicator -> Dropdown (its dimension, or :data:`NOT_USED`).
    dimension_weight : dict
        Dimension -> IntSlider (relative weight, 0 to 6).
    cutoff : ipywidgets.SelectionSlider
        The poverty cutoff k.
    comparison : DesignComparison or None
        The latest results (None when the design cannot be computed; :attr:`message` says why).

    Examples
    --------
    >>> designer = MPIDesigner(data)  # doctest: +SKIP
    >>> designer.assignment["d_bank"].value = "Inclusion"  # doctest: +SKIP
    >>> designer.comparison.summary.loc["H", "design"]  # doctest: +SKIP
    """

    def __init__(
        self,
        data: pd.DataFrame,
        *,
        start: Mapping[str, Mapping[str, object]] = GLOBAL_MPI,
        k: Fraction = Fraction(1, 3),
        by: str = "province",
    ) -> None:
        if k not in K_CHOICES:
            raise ValueError(
                f"k must be one of {[str(choice) for choice in K_CHOICES]}, got {k!r}."
            )
        _, start_dimension = flatten_weights(start)
        unknown = sorted(set(start_dimension.values()) - set(DIMENSIONS))
        if unknown:
            raise ValueError(
                f"the starting design uses dimensions {unknown}; "
                f"the designer offers {list(DIMENSIONS)}."
            )
        self.data = data
        self.by = by
        self.labels = indicator_labels()
        available = [name for name in [*INDICATORS, *CANDIDATES] if name in data.columns]
        self.assignment = {
            name: widgets.Dropdown(
                options=[NOT_USED, *DIMENSIONS],
                value=start_dimension.get(name, NOT_USED),
                description=self.labels[name],
                style={"description_width": "190px"},
                layout=widgets.Layout(width="390px"),
            )
            for name in available
        }
        self.dimension_weight = {
            name: widgets.IntSlider(
                value=1,
                min=0,
                max=MAX_RELATIVE_WEIGHT,
                description=name,
                style={"description_width": "120px"},
            )
            for name in DIMENSIONS
        }
        self.cutoff = widgets.SelectionSlider(
            options=[(f"{choice} ({float(choice):.2f})", choice) for choice in K_CHOICES],
            value=k,
            description="Poverty cutoff k",
            style={"description_width": "120px"},
            layout=widgets.Layout(width="420px"),
        )
        self.message = widgets.HTML()
        self.numbers = widgets.HTML()
        self.chart = widgets.Output()
        self.comparison: DesignComparison | None = None
        for control in [*self.assignment.values(), *self.dimension_weight.values(), self.cutoff]:
            control.observe(self._changed, names="value")
        controls = widgets.HBox(
            [
                widgets.VBox(
                    [
                        widgets.HTML("<b>Indicators and their dimension</b>"),
                        *self.assignment.values(),
                    ]
                ),
                widgets.VBox(
                    [
                        widgets.HTML("<b>Relative weight of each dimension</b>"),
                        *self.dimension_weight.values(),
                        widgets.HTML("<b>Who is poor?</b>"),
                        self.cutoff,
                    ]
                ),
            ],
            # the two columns of controls wrap on a narrow page (the HTML book, a laptop)
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        super().__init__([controls, self.message, self.numbers, self.chart])
        self.update()

    @property
    def dimensions(self) -> dict[str, list[str]]:
        """Dimension -> the indicators currently assigned to it (dimensions in display order)."""
        chosen = {name: [] for name in DIMENSIONS}
        for indicator, menu in self.assignment.items():
            if menu.value != NOT_USED:
                chosen[menu.value].append(indicator)
        return chosen

    @property
    def weights(self) -> dict[str, dict[str, Fraction]]:
        """The current design's nested weights (raises ValueError when it has no indicator)."""
        relative = {name: slider.value for name, slider in self.dimension_weight.items()}
        return design_weights(self.dimensions, relative)

    def _changed(self, _change: object) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the comparison and redraw the numbers and the chart."""
        try:
            weights = self.weights
            self.comparison = evaluate_design(self.data, weights, self.cutoff.value, by=self.by)
        except (ValueError, KeyError) as error:
            self.comparison = None
            self.message.value = (
                "<p style='color:#b30000'><b>Cannot compute this design:</b> "
                f"{html.escape(str(error))}</p>"
            )
            self.numbers.value = ""
            with self.chart:
                clear_output()
            return
        empty = [
            name
            for name, members in self.dimensions.items()
            if not members and self.dimension_weight[name].value
        ]
        note = f"Dimensions without indicators are left out: {', '.join(empty)}." if empty else ""
        self.message.value = f"<p>{html.escape(note)}</p>" if note else ""
        self.numbers.value = self._numbers_html(weights)
        self._draw()

    def _numbers_html(self, weights: Mapping[str, Mapping[str, Fraction]]) -> str:
        comparison = self.comparison
        summary = comparison.summary.loc[["H", "A", "M0"]]
        rows = "".join(
            f"<tr><td>{measure}</td><td>{self._format(measure, row['design'])} "
            f"({self._format(measure, row['design_ci_low'])} to "
            f"{self._format(measure, row['design_ci_high'])})</td>"
            f"<td>{self._format(measure, row['baseline'])}</td></tr>"
            for measure, row in summary.iterrows()
        )
        weight_list = ", ".join(
            f"{html.escape(self.labels[indicator])} {weight}"
            for members in weights.values()
            for indicator, weight in members.items()
        )
        ranking = comparison.ranking
        switching = comparison.switching.set_index(["poor (design)", "poor (baseline)"])["share"]
        return (
            "<table><tr><th></th><th>Your design (95% CI)</th><th>Global MPI, k = "
            f"1/3</th></tr>{rows}</table><p><b>Weights:</b> {weight_list}.</p><p><b>Robustness "
            f"of the ranking of {html.escape(self.by)}s by M0</b> (against the global MPI): "
            f"{_percent(ranking['share_preserved'])} of pairs keep their order (Kendall tau-b "
            f"{ranking['kendall_tau_b']:.2f}); {_percent(ranking['share_significant_preserved'])} "
            "of the significant differences keep their order.</p><p><b>Who changes "
            f"status:</b> poor under both {_percent(switching[(True, True)])}; "
            f"only under your design {_percent(switching[(True, False)])}; "
            f"only under the global MPI {_percent(switching[(False, True)])} "
            f"of people.</p><p><small>{html.escape(str(comparison.excluded))}: "
            "missing an indicator of one of the two measures.</small></p>"
        )

    @staticmethod
    def _format(measure: str, value: float) -> str:
        return f"{value:.3f}" if measure == "M0" else _percent(value)

    def _draw(self) -> None:
        shares = (
            pd.DataFrame(
                {
                    "Your design": self.comparison.design.indicators["contribution"],
                    "Global MPI": self.comparison.baseline.indicators["contribution"],
                }
            )
            .fillna(0.0)
            .T
        )
        with self.chart:
            clear_output(wait=True)
            if shares.sum(axis=1).gt(0).all():
                fig, ax = plt.subplots(figsize=(8, 2.6))
                plot_contributions(
                    shares, labels=self.labels, ax=ax, title="Contribution of each indicator to M0"
                )
                plt.show()
                plt.close(fig)
            else:
                print("Nobody is poor under this design: there are no contributions to show.")


def mpi_designer(
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    start: Mapping[str, Mapping[str, object]] = GLOBAL_MPI,
    k: Fraction = Fraction(1, 3),
    by: str = "province",
) -> MPIDesigner:
    """Build the national MPI designer for a survey.

    Parameters
    ----------
    households, persons : pandas.DataFrame
        A survey in the schema of ``datasets/codebook.csv``.
    start, k, by
        As in :class:`MPIDesigner`.

    Returns
    -------
    MPIDesigner
        An ipywidgets box; display it as the last line of a cell.

    Examples
    --------
    >>> from sptools.datasets import load_households, load_persons  # doctest: +SKIP
    >>> mpi_designer(load_households(2022), load_persons(2022))  # doctest: +SKIP
    """
    return MPIDesigner(candidate_indicators(households, persons), start=start, k=k, by=by)


_LIVING_STANDARDS = ["d_ckfl", "d_sani", "d_wtr", "d_elct", "d_hsg", "d_asst"]
#: The designs of the kernel-free designer (the live one offers any): the global MPI and the
#: variants the lesson discusses, each with equal weights across its dimensions.
KERNEL_FREE_DESIGNS: dict[str, dict[str, list[str]]] = {
    "Global MPI indicators": {
        "Health": ["d_nutr", "d_cm"],
        "Education": ["d_educ", "d_satt"],
        "Living standards": _LIVING_STANDARDS,
    },
    "Add health insurance (Health)": {
        "Health": ["d_nutr", "d_cm", "d_insur"],
        "Education": ["d_educ", "d_satt"],
        "Living standards": _LIVING_STANDARDS,
    },
    "Add an Inclusion dimension (bank account)": {
        "Health": ["d_nutr", "d_cm"],
        "Education": ["d_educ", "d_satt"],
        "Living standards": _LIVING_STANDARDS,
        "Inclusion": ["d_bank"],
    },
    "Health insurance and Inclusion (the lesson's design)": {
        "Health": ["d_nutr", "d_cm", "d_insur"],
        "Education": ["d_educ", "d_satt"],
        "Living standards": _LIVING_STANDARDS,
        "Inclusion": ["d_bank"],
    },
    "Stricter schooling (9 years)": {
        "Health": ["d_nutr", "d_cm"],
        "Education": ["d_lsec", "d_satt"],
        "Living standards": _LIVING_STANDARDS,
    },
}


def _design_sweep(data: pd.DataFrame, design: str) -> pd.DataFrame:
    """One kernel-free design at every k of :data:`K_CHOICES`, with readable labels."""
    labels = indicator_labels()
    sweep = design_over_cutoffs(data, design_weights(KERNEL_FREE_DESIGNS[design]), K_CHOICES)
    return sweep.assign(
        k=sweep["k"].map(str),
        measure=sweep["measure"].map(
            {"design": "Chosen design", "baseline": "Global MPI, k = 1/3"}
        ),
        indicator=sweep["indicator"].map(labels),
        contribution_pct=100 * sweep["contribution"],
        label=[
            f"H {h:.1%}, A {a:.1%}, M0 {m0:.3f}"
            for h, a, m0 in zip(sweep["H"], sweep["A"], sweep["M0"], strict=True)
        ],
    ).drop(columns="contribution")


def _designer_controls() -> list[Control]:
    return [
        Control("design", "Design", list(KERNEL_FREE_DESIGNS)),
        Control(
            "k",
            "Poverty cutoff k",
            [str(k) for k in K_CHOICES],
            labels=[f"{k} ({float(k):.2f})" for k in K_CHOICES],
            default="1/3",
        ),
    ]


def designer_grid(data: pd.DataFrame) -> pd.DataFrame:
    """The kernel-free designer's grid: every design of :data:`KERNEL_FREE_DESIGNS` at every k.

    Parameters
    ----------
    data : pandas.DataFrame
        From :func:`sptools.recipes.mpi_design.candidate_indicators`.

    Returns
    -------
    pandas.DataFrame
        One row per design, k, measure and indicator: ``contribution_pct`` (% of M0), ``H``,
        ``A``, ``M0``, ``label`` (the three as text) and ``excluded``.

    Examples
    --------
    >>> grid = designer_grid(data)  # doctest: +SKIP
    >>> grid.attrs["combinations"]  # doctest: +SKIP
    60
    """
    return precompute(_design_sweep, _designer_controls(), swept=["k"], data=data)


def kernel_free_designer(data: pd.DataFrame) -> alt.TopLevelMixin:
    """The designer for readers without a kernel: chosen designs and k, drawn in the browser.

    The live :class:`MPIDesigner` recomputes any design in the kernel. This version offers the
    designs of :data:`KERNEL_FREE_DESIGNS` and every k of :data:`K_CHOICES`, computed in advance
    (:func:`designer_grid`), and its two drop-down lists work in the static HTML book.

    Examples
    --------
    >>> kernel_free_designer(data)  # doctest: +SKIP
    """
    controls = _designer_controls()

    def draw(base: alt.Chart) -> alt.HConcatChart:
        order = ["Chosen design", "Global MPI, k = 1/3"]
        y = alt.Y("measure:N", title=None, sort=order)
        bars = base.mark_bar().encode(
            x=alt.X(
                "sum(contribution_pct):Q",
                title="Contribution to M0 (%)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            y=y,
            color=alt.Color(
                "indicator:N",
                title="Indicator",
                # every indicator keeps its colour whichever design is chosen
                scale=alt.Scale(scheme="tableau20", domain=sorted(indicator_labels().values())),
                legend=alt.Legend(columns=3, orient="bottom", labelLimit=200),
            ),
            tooltip=[
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("indicator:N", title="Indicator"),
                alt.Tooltip("contribution_pct:Q", title="Contribution (%)", format=".1f"),
            ],
        )
        numbers = (
            base.transform_aggregate(label="min(label)", groupby=["measure"])
            .mark_text(align="left", fontSize=12)
            .encode(y=alt.Y("measure:N", sort=order, axis=None), x=alt.value(0), text="label:N")
            .properties(width=190, height=110)
        )
        charts = alt.hconcat(bars.properties(width=420, height=110), numbers, spacing=8)
        return charts.configure_view(stroke=None).properties(
            title=alt.Title(
                "Contribution of each indicator to M0 (%), with H, A and M0",
                subtitle="Kernel-free version: 5 designs x 12 cutoffs k computed in advance "
                "(synthetic survey 2022)",
            ),
        )

    columns = ["design", "k", "measure", "indicator", "contribution_pct", "label"]
    grid = designer_grid(data)
    # only the columns the chart reads: a lighter page
    shown = grid[columns].round({"contribution_pct": 2})
    shown.attrs = grid.attrs
    return kernel_free_chart(
        shown,
        controls,
        draw,
        description=(
            "Two stacked horizontal bars, each adding up to 100%: the contribution of each "
            "indicator to M0 under the chosen design and cutoff k, and under the global MPI at "
            "k = 1/3, with H, A and M0 written beside each bar. Two drop-down lists choose the "
            "design and k."
        ),
        caption=(
            "Kernel-free designer: choose one of five designs and a poverty cutoff k; the "
            "chart shows the percentage contribution of each indicator to M0 and the headcount "
            "ratio H, the intensity A and M0, next to the global MPI at k = 1/3, on the same "
            "persons (synthetic survey 2022). All 60 combinations were computed in advance; the "
            "live designer in JupyterLab computes any design."
        ),
    )
