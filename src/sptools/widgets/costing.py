"""The costing and shock simulator of module 4: controls -> one tidy table -> two charts.

The logic is a pure function of the controls' values: :meth:`CostingModel.run` takes a
:class:`Controls` and returns a tidy :class:`pandas.DataFrame` (one row per panel, series, year
and indicator), so that the simulator can be run, tested and precomputed on a grid of controls
(:data:`CONTROL_OPTIONS` lists every control's values) without a widget. :class:`Simulator` is a
thin ipywidgets layer: it turns the controls into a :class:`Controls`, calls ``run`` and draws
the table with :func:`sptools.plots.costing.plot_simulator`.

Two panels:

- ``projection``: the chosen scheme's cost 2025-2035 (:func:`sptools.costing.project`) under a
  growth scenario and a linear phase-in of coverage;
- ``shock``: a shock in an area, and one response from the shock-responsive social protection
  guideline (:func:`sptools.shocks.respond`), with the IDPoor base assistance as the existing
  scheme and the 2022 flood cash transfer as the emergency programme.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace

import altair as alt
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

from sptools.costing import Scenario, eligibility_shares, project
from sptools.datasets import load_reference
from sptools.economy import Economy
from sptools.plots.costing import plot_simulator
from sptools.recipes.costing_scenarios import (
    ROLL_OUT_2024,
    YEAR,
    YEARS,
    base_assistance,
    flood_cash,
    most_flood_exposed,
)
from sptools.shocks import Response, Shock, emergency, horizontal, respond, vertical
from sptools.transfers import Benefit, Scheme
from sptools.widgets.kernel_free import Control, kernel_free_chart, precompute

__all__ = [
    "AREAS",
    "COLUMNS",
    "CONTROL_OPTIONS",
    "RESPONSES",
    "SCHEMES",
    "Controls",
    "CostingModel",
    "Simulator",
    "costing_simulator",
    "headline",
    "kernel_free_simulator",
    "scheme_from_controls",
    "simulator_grid",
    "simulator_table",
]

#: Survey columns the simulator reads.
HOUSEHOLD_COLUMNS = (
    "hh_id",
    "province",
    "urban",
    "stratum",
    "psu",
    "weight",
    "hh_size",
    "consumption_pc",
    "idpoor",
)
PERSON_COLUMNS = ("hh_id", "person_id", "age", "sex", "weight", "disability")
#: Columns of the simulator's table.
COLUMNS = ("panel", "series", "year", "indicator", "value", "unit")


@dataclass(frozen=True)
class SchemeTemplate:
    """A scheme the simulator costs: how the amount slider becomes a :class:`Scheme`."""

    build: Callable[[float], Scheme]
    amount_label: str
    amount: float
    amount_range: tuple[float, float, float]


def _riel(name: str, **rules) -> Callable[[float], Scheme]:
    return lambda amount: Scheme(name, Benefit.riel(amount), **rules)


#: The schemes on offer (amounts: riel a month in 2024 riel, or % of GDP per capita a year).
SCHEMES: dict[str, SchemeTemplate] = {
    "Disability allowance": SchemeTemplate(
        _riel("Disability allowance", requires_disability=True),
        "riel a month per person (2024 riel)",
        20_000,
        (0, 200_000, 5_000),
    ),
    "Social pension 65+": SchemeTemplate(
        _riel("Social pension 65+", min_age=65),
        "riel a month per person (2024 riel)",
        100_000,
        (0, 400_000, 10_000),
    ),
    "Child benefit 0-14": SchemeTemplate(
        lambda pct: Scheme(
            "Child benefit 0-14", Benefit.share_of_gdp_per_capita(pct / 100), max_age=14
        ),
        "% of GDP per capita a year per child",
        4.0,
        (0, 20, 0.5),
    ),
    "IDPoor base assistance": SchemeTemplate(
        _riel("IDPoor base assistance", unit="household", requires_idpoor=True),
        "riel a month per IDPoor household (2024 riel)",
        80_000,
        (0, 400_000, 10_000),
    ),
}


def _flood_exposed() -> list[str]:
    table = load_reference("provinces")
    return table.loc[table["flood_exposed"].astype(bool), "province"].tolist()


def _drought_prone() -> list[str]:
    table = load_reference("provinces")
    return table.loc[table["drought_prone"].astype(bool), "province"].tolist()


#: Shock areas: label -> (kind of shock, provinces).
AREAS: dict[str, tuple[str, Callable[[], list[str]]]] = {
    "Flood: 3 provinces worst hit in 2020": ("flood", lambda: most_flood_exposed(3)),
    "Flood: all flood-exposed provinces": ("flood", _flood_exposed),
    "Drought: drought-prone provinces": ("drought", _drought_prone),
}


def existing() -> Scheme:
    """The existing scheme a response tops up or expands: base assistance as rolled out in 2024."""
    return base_assistance(coverage=ROLL_OUT_2024)


#: Responses of the SRSP guideline: label -> builder from (top-up share, months).
RESPONSES: dict[str, Callable[[float, int], Response]] = {
    "Vertical: top-up for IDPoor": lambda top_up, months: vertical(existing(), top_up, months),
    "Horizontal: new IDPoor households": lambda top_up, months: horizontal(
        existing(), months, via="idpoor"
    ),
    "Horizontal: on-demand registration": lambda top_up, months: horizontal(
        existing(), months, via="on_demand"
    ),
    "Horizontal: everyone in the area": lambda top_up, months: horizontal(
        existing(), months, via="geographic"
    ),
    "Emergency: 2022 flood cash": lambda top_up, months: emergency(flood_cash(), months),
}


@dataclass(frozen=True)
class Controls:
    """The values of every control of the simulator.

    Examples
    --------
    >>> Controls().scheme, Controls().response
    ('Disability allowance', 'Vertical: top-up for IDPoor')
    """

    scheme: str = "Disability allowance"
    amount: float = SCHEMES["Disability allowance"].amount
    coverage: float = 1.0
    admin_rate: float = 0.05
    years_to_full: int = 1
    real_growth: float = 0.06
    area: str = "Flood: 3 provinces worst hit in 2020"
    share_affected: float = 0.2
    consumption_loss: float = 0.3
    months: int = 3
    response: str = "Vertical: top-up for IDPoor"
    top_up: float = 1.0

    def for_scheme(self, scheme: str) -> Controls:
        """The controls with another scheme and its default amount."""
        if scheme not in SCHEMES:
            raise KeyError(f"unknown scheme {scheme!r}; choose one of {list(SCHEMES)}.")
        return replace(self, scheme=scheme, amount=SCHEMES[scheme].amount)


def _steps(low: float, high: float, step: float) -> list[float]:
    return [round(float(v), 10) for v in np.arange(low, high + step / 2, step)]


#: Every control's values (the widgets' sliders and menus), for precomputing a grid. The amount's
#: values depend on the scheme: ``CONTROL_OPTIONS["amount"][scheme]``.
CONTROL_OPTIONS: dict[str, object] = {
    "scheme": list(SCHEMES),
    "amount": {name: _steps(*t.amount_range) for name, t in SCHEMES.items()},
    "coverage": _steps(0.0, 1.0, 0.05),
    "admin_rate": _steps(0.0, 0.3, 0.01),
    "years_to_full": list(range(1, 7)),
    "real_growth": _steps(0.0, 0.08, 0.01),
    "area": list(AREAS),
    "share_affected": _steps(0.05, 1.0, 0.05),
    "consumption_loss": _steps(0.05, 0.6, 0.05),
    "months": list(range(1, 13)),
    "response": list(RESPONSES),
    "top_up": _steps(0.25, 2.0, 0.25),
}


def scheme_from_controls(controls: Controls) -> Scheme:
    """The scheme the controls describe (coverage and administration included).

    Examples
    --------
    >>> scheme_from_controls(Controls(coverage=0.5)).describe()
    'Disability allowance: persons aged 0+, with a disability; 20,000 riel a month (2024 riel, indexed to prices); coverage 50%, selected random'
    """  # noqa: E501
    if controls.scheme not in SCHEMES:
        raise KeyError(f"unknown scheme {controls.scheme!r}; choose one of {list(SCHEMES)}.")
    scheme = SCHEMES[controls.scheme].build(controls.amount)
    return replace(scheme, coverage=controls.coverage, admin_rate=controls.admin_rate)


def _phase_in(years_to_full: int) -> dict[int, float]:
    if isinstance(years_to_full, bool) or not isinstance(years_to_full, int) or years_to_full < 1:
        raise ValueError(f"years_to_full must be a whole number >= 1, got {years_to_full!r}.")
    return {YEAR + k: (k + 1) / years_to_full for k in range(years_to_full)}


def _rows(panel: str, series: str, year: int, values: dict[str, tuple[float, str]]) -> list:
    return [
        (panel, series, year, indicator, float(value), unit)
        for indicator, (value, unit) in values.items()
    ]


@dataclass
class CostingModel:
    """The survey, the economy and the projections, with the eligible shares of each scheme kept.

    Parameters
    ----------
    households, persons : pandas.DataFrame
    economy : Economy
    projections : pandas.DataFrame
        ``load_reference("population_projections")``.
    """

    households: pd.DataFrame
    persons: pd.DataFrame
    economy: Economy
    projections: pd.DataFrame
    _shares: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # only the columns the simulator reads: joins and copies stay small
        self.households = self.households[[c for c in HOUSEHOLD_COLUMNS if c in self.households]]
        self.persons = self.persons[[c for c in PERSON_COLUMNS if c in self.persons]]

    def shares(self, scheme: Scheme) -> pd.DataFrame:
        """Eligible shares of a scheme (measured once per scheme name: the rules are fixed)."""
        if scheme.name not in self._shares:
            self._shares[scheme.name] = eligibility_shares(scheme, self.households, self.persons)
        return self._shares[scheme.name]

    def run(self, controls: Controls) -> pd.DataFrame:
        """The simulator's results for ``controls``: a tidy table with :data:`COLUMNS`."""
        return pd.DataFrame(
            self._projection(controls) + self._shock(controls), columns=list(COLUMNS)
        )

    def _projection(self, controls: Controls) -> list:
        scheme = scheme_from_controls(controls)
        growth = {year: controls.real_growth for year in YEARS if year > YEAR}
        scenario = Scenario(self.economy, real_growth=growth)
        table = project(
            scheme,
            YEARS,
            scenario=scenario,
            projections=self.projections,
            eligibility=self.shares(scheme),
            phase_in=_phase_in(controls.years_to_full),
        )
        unit = "households" if scheme.unit == "household" else "persons"
        rows = []
        for record in table.itertuples():
            rows += _rows(
                "projection",
                scheme.name,
                int(record.year),
                {
                    "beneficiaries": (record.beneficiaries, unit),
                    "cost": (record.cost_khr / 1e9, "billion riel"),
                    "cost in US$": (record.cost_usd / 1e6, "US$ million"),
                    "cost, % of GDP": (100 * record.cost_pct_gdp, "%"),
                    "cost, % of revenue": (100 * record.cost_pct_revenue, "%"),
                },
            )
        return rows

    def _shock(self, controls: Controls) -> list:
        if controls.area not in AREAS:
            raise KeyError(f"unknown area {controls.area!r}; choose one of {list(AREAS)}.")
        if controls.response not in RESPONSES:
            raise KeyError(
                f"unknown response {controls.response!r}; choose one of {list(RESPONSES)}."
            )
        kind, provinces = AREAS[controls.area]
        shock = Shock(
            kind,
            provinces(),
            share_affected=controls.share_affected,
            months=controls.months,
            consumption_loss=controls.consumption_loss,
        )
        response = RESPONSES[controls.response](controls.top_up, controls.months)
        r = respond(shock, response, self.households, self.persons, year=YEAR, economy=self.economy)
        return _rows(
            "shock",
            controls.response,
            YEAR,
            {
                "households affected": (r.affected, "households"),
                "households reached": (r.reached, "households"),
                "coverage of affected poor": (100 * r.coverage_affected_poor, "%"),
                "exclusion of affected": (100 * r.exclusion_rate, "%"),
                "leakage to unaffected": (100 * r.leakage_rate, "%"),
                "P0 affected, before": (100 * r.poverty.loc["before", "P0"], "%"),
                "P0 affected, shock": (100 * r.poverty.loc["shock", "P0"], "%"),
                "P0 affected, response": (100 * r.poverty.loc["response", "P0"], "%"),
                "cost in US$": (r.cost_usd / 1e6, "US$ million"),
                "cost, % of GDP": (100 * r.cost_khr / self.economy.gdp_khr(YEAR), "%"),
                "days to first payment": (r.days_to_first_payment, "days"),
            },
        )


def _controls(values: dict[str, object]) -> Controls:
    """:class:`Controls` from keyword values, naming any unknown control."""
    unknown = sorted(set(values) - {f.name for f in fields(Controls)})
    if unknown:
        raise TypeError(f"unknown controls {unknown}; the controls are {list(asdict(Controls()))}.")
    return Controls(**values)


def simulator_table(model: CostingModel, **controls: object) -> pd.DataFrame:
    """``model.run(Controls(**controls))``: the simulator as a function of keyword arguments.

    The form a grid precomputation calls (e.g. ``precompute(simulator_table, controls,
    model=model)`` of the kernel-free widgets), one control per keyword; unnamed controls keep
    their defaults. The table gains one column per control given, holding its value.
    """
    return model.run(_controls(controls))


def headline(frame: pd.DataFrame) -> list[str]:
    """The table's main results in words (for the widget and for a static page).

    Examples
    --------
    >>> frame = pd.DataFrame({"panel": ["projection"] * 2, "series": "x", "year": [2025, 2035],
    ...     "indicator": "cost, % of GDP", "value": [0.1, 0.2], "unit": "%"})
    >>> headline(frame)[0]
    'x costs 0.10% of GDP in 2025 and 0.20% in 2035.'
    """
    values = frame.set_index(["panel", "indicator", "year"])["value"]
    projection = frame[frame["panel"] == "projection"]
    first, last = int(projection["year"].min()), int(projection["year"].max())
    name = projection["series"].iloc[0]
    lines = [
        f"{name} costs {values[('projection', 'cost, % of GDP', first)]:.2f}% of GDP in {first} "
        f"and {values[('projection', 'cost, % of GDP', last)]:.2f}% in {last}."
    ]
    if (frame["panel"] == "shock").any():
        shock = frame[frame["panel"] == "shock"].set_index("indicator")["value"]
        response = frame.loc[frame["panel"] == "shock", "series"].iloc[0]
        lines.append(
            f"{response}: {shock['cost in US$']:,.1f} million US dollars; reaches "
            f"{shock['coverage of affected poor']:.0f}% of the affected poor; poverty among the "
            f"affected {shock['P0 affected, shock']:.1f}% without help, "
            f"{shock['P0 affected, response']:.1f}% with it; first payment after "
            f"{shock['days to first payment']:.0f} days (assumed)."
        )
    return lines


class Simulator(widgets.HBox):
    """The simulator app: controls on the left, results on the right.

    Parameters
    ----------
    model : CostingModel
    controls : Controls
        What the controls show first.
    """

    def __init__(self, model: CostingModel, controls: Controls | None = None) -> None:
        self.model = model
        self.controls = controls or Controls()
        self._widgets = self._make_widgets()
        self._note = widgets.HTML()
        self._results = widgets.Output()
        left = widgets.VBox(
            [
                widgets.HTML("<b>The scheme, 2025-2035</b>"),
                *[
                    self._widgets[n]
                    for n in ("scheme", "amount", "coverage", "admin_rate", "years_to_full")
                ],
                self._note,
                self._widgets["real_growth"],
                widgets.HTML("<b>The shock and the response (2025)</b>"),
                *[
                    self._widgets[n]
                    for n in (
                        "area",
                        "share_affected",
                        "consumption_loss",
                        "months",
                        "response",
                        "top_up",
                    )
                ],
            ],
            layout=widgets.Layout(width="400px", min_width="400px", flex="0 0 auto"),
        )
        super().__init__([left, self._results], layout=widgets.Layout(width="100%"))
        for control in self._widgets.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    def _make_widgets(self) -> dict[str, widgets.Widget]:
        c = self.controls
        style = {"description_width": "150px"}
        wide = widgets.Layout(width="380px")
        low, high, step = SCHEMES[c.scheme].amount_range

        def slider(name, low, high, step, label, fmt, kind=widgets.FloatSlider):
            return kind(
                value=getattr(c, name),
                min=low,
                max=high,
                step=step,
                description=label,
                style=style,
                layout=wide,
                readout_format=fmt,
            )

        def menu(name, options, label):
            return widgets.Dropdown(
                options=options,
                value=getattr(c, name),
                description=label,
                style=style,
                layout=wide,
            )

        return {
            "scheme": menu("scheme", list(SCHEMES), "Scheme"),
            "amount": slider("amount", low, high, step, "Benefit", ",.1f"),
            "coverage": slider("coverage", 0, 1, 0.05, "Coverage", ".0%"),
            "admin_rate": slider("admin_rate", 0, 0.3, 0.01, "Administration", ".0%"),
            "years_to_full": slider(
                "years_to_full", 1, 6, 1, "Years to full coverage", "d", widgets.IntSlider
            ),
            "real_growth": slider("real_growth", 0, 0.08, 0.01, "Real growth from 2026", ".0%"),
            "area": menu("area", list(AREAS), "Area"),
            "share_affected": slider("share_affected", 0.05, 1, 0.05, "Households hit", ".0%"),
            "consumption_loss": slider(
                "consumption_loss", 0.05, 0.6, 0.05, "Consumption lost", ".0%"
            ),
            "months": slider("months", 1, 12, 1, "Months", "d", widgets.IntSlider),
            "response": menu("response", list(RESPONSES), "Response"),
            "top_up": slider("top_up", 0.25, 2, 0.25, "Top-up (x benefit)", ".2f"),
        }

    def _on_change(self, change: dict) -> None:
        owner = next(name for name, w in self._widgets.items() if w is change["owner"])
        if owner == "scheme":
            self.controls = self.controls.for_scheme(change["new"])
            amount = self._widgets["amount"]
            low, high, step = SCHEMES[self.controls.scheme].amount_range
            amount.unobserve(self._on_change, names="value")
            with self.hold_trait_notifications():
                amount.max = max(high, amount.min)
                amount.min, amount.max, amount.step = low, high, step
                amount.value = self.controls.amount
            amount.observe(self._on_change, names="value")
        else:
            self.controls = replace(self.controls, **{owner: change["new"]})
        self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw the results for the current controls."""
        template = SCHEMES[self.controls.scheme]
        self._note.value = f"<small>Benefit: {html.escape(template.amount_label)}.</small>"
        self._widgets["top_up"].disabled = not self.controls.response.startswith("Vertical")
        frame = self.model.run(self.controls)
        self._results.clear_output(wait=True)
        with self._results:
            lines = "".join(f"<li>{html.escape(line)}</li>" for line in headline(frame))
            display(widgets.HTML(f"<ul>{lines}</ul>"))
            figure = plot_simulator(frame)
            display(figure)
            plt.close(figure)


def costing_simulator(
    households: pd.DataFrame,
    persons: pd.DataFrame,
    economy: Economy,
    projections: pd.DataFrame,
    **controls: object,
) -> Simulator:
    """Build the simulator on a survey (controls as keyword arguments of :class:`Controls`)."""
    return Simulator(CostingModel(households, persons, economy, projections), _controls(controls))


# -- kernel-free version (the HTML book) ---------------------------------------------------------

#: Benefit levels of the kernel-free simulator, in % of each scheme's default amount.
BENEFIT_LEVELS = [50, 100, 150]
#: What the kernel-free simulator shows: projection indicators and shock indicators.
SHOWN = {
    "projection": ["cost, % of GDP"],
    "shock": [
        "P0 affected, before",
        "P0 affected, shock",
        "P0 affected, response",
        "coverage of affected poor",
        "cost in US$",
    ],
}

#: The shock panel's bars, in words (the kernel-free chart's labels).
SHOCK_LABELS = {
    "P0 affected, before": "Poor before the shock",
    "P0 affected, shock": "Poor after it, no help",
    "P0 affected, response": "Poor with the response",
    "coverage of affected poor": "Affected poor reached",
}


def _simulator_controls() -> list[Control]:
    """The kernel-free controls; the menus' values are positions in their lists (a lighter page)."""

    def menu(name: str, label: str, options: dict) -> Control:
        return Control(name, label, list(range(len(options))), labels=list(options))

    return [
        menu("scheme", "Scheme", SCHEMES),
        Control(
            "level",
            "Benefit (% of the scheme's default amount)",
            BENEFIT_LEVELS,
            input="range",
            default=100,
        ),
        menu("area", "Shock", AREAS),
        menu("response", "Response", RESPONSES),
    ]


def simulator_grid(model: CostingModel, controls: Controls | None = None) -> pd.DataFrame:
    """The kernel-free simulator's grid: 4 schemes x 3 benefit levels x 3 areas x 5 responses.

    Each scheme at 50%, 100% and 150% of its default amount (:data:`BENEFIT_LEVELS`),
    every shock area of :data:`AREAS` and every response of :data:`RESPONSES`; the other
    controls as in ``controls`` (default :class:`Controls`). The rows are those of
    :meth:`CostingModel.run` for the indicators of :data:`SHOWN`; the columns ``scheme``,
    ``area`` and ``response`` hold positions in :data:`SCHEMES`, :data:`AREAS` and
    :data:`RESPONSES`. The cost projection depends only
    on the scheme and level, the shock only on the area and response: each is computed once
    (12 projections, 15 shocks) and repeated across the other panel's controls.

    Examples
    --------
    >>> simulator_grid(model).attrs["combinations"]  # doctest: +SKIP
    180
    """
    base = controls or Controls()

    @functools.cache
    def projection(scheme: str, level: int) -> tuple:
        chosen = base.for_scheme(scheme)
        chosen = replace(chosen, amount=chosen.amount * level / 100)
        return tuple(model._projection(chosen))

    @functools.cache
    def shock(area: str, response: str) -> tuple:
        return tuple(model._shock(replace(base, area=area, response=response)))

    def table(scheme: int, level: int, area: int, response: int) -> pd.DataFrame:
        rows = [
            *projection(list(SCHEMES)[scheme], level),
            *shock(list(AREAS)[area], list(RESPONSES)[response]),
        ]
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        shown = [(panel, name) for panel, names in SHOWN.items() for name in names]
        keep = pd.MultiIndex.from_frame(frame[["panel", "indicator"]]).isin(shown)
        return frame[keep].drop(columns=["series", "unit"])

    return precompute(table, _simulator_controls())


def kernel_free_simulator(
    model: CostingModel, controls: Controls | None = None
) -> alt.VConcatChart:
    """The simulator for readers without a kernel: schemes, levels, shocks and responses.

    The live :class:`Simulator` recomputes any control in the kernel. This version computes
    :func:`simulator_grid` in advance (the other controls at their defaults) and draws it with
    the scheme, benefit level, shock area and response bound to inputs that work in the static
    HTML book.

    Examples
    --------
    >>> kernel_free_simulator(model)  # doctest: +SKIP
    """
    base = controls or Controls()
    grid = simulator_grid(model, base)
    grid = grid.assign(
        value=grid["value"].round(3), indicator=grid["indicator"].replace(SHOCK_LABELS)
    )
    combinations = grid.attrs["combinations"]
    sizes = (
        f"{len(SCHEMES)} schemes x {len(BENEFIT_LEVELS)} benefit levels x {len(AREAS)} shocks "
        f"x {len(RESPONSES)} responses"
    )
    shock_order = [SHOCK_LABELS[name] for name in SHOWN["shock"][:-1]]

    def draw(base: alt.Chart) -> alt.VConcatChart:
        cost = (
            base.transform_filter(alt.datum.panel == "projection")
            .mark_bar(color="#1f77b4")
            .encode(
                x=alt.X("year:O", title="Year"),
                y=alt.Y("value:Q", title="Cost of the scheme (% of GDP)"),
                tooltip=[
                    alt.Tooltip("year:O", title="Year"),
                    alt.Tooltip("value:Q", title="Cost (% of GDP)", format=".3f"),
                ],
            )
            .properties(width=480, height=170, title="The scheme's cost, 2025-2035")
        )
        affected = (
            base.transform_filter(alt.FieldOneOfPredicate("indicator", shock_order))
            .mark_bar()
            .encode(
                x=alt.X(
                    "value:Q",
                    title="Percent of the affected households (reached: of the affected poor)",
                    scale=alt.Scale(domain=[0, 100]),
                ),
                y=alt.Y("indicator:N", title=None, sort=shock_order),
                color=alt.Color(
                    "indicator:N",
                    sort=shock_order,
                    scale=alt.Scale(range=["#9e9e9e", "#d62728", "#1f77b4", "#2ca02c"]),
                    legend=None,
                ),
                tooltip=[
                    alt.Tooltip("indicator:N", title="Indicator"),
                    alt.Tooltip("value:Q", title="Percent", format=".1f"),
                ],
            )
            .properties(width=380, height=120, title="The shock and the response, 2025")
        )
        response_cost = (
            base.transform_filter(alt.datum.indicator == "cost in US$")
            .transform_calculate(
                label="'Cost of the response: US$ ' + format(datum.value, ',.1f') + ' million'"
            )
            .mark_text(align="left", fontSize=13)
            .encode(text="label:N", x=alt.value(0))
            .properties(width=380, height=24)
        )
        return (
            alt.vconcat(cost, affected, response_cost, spacing=14)
            .configure_view(stroke=None)
            .properties(
                title=alt.Title(
                    "Costing and shock simulator",
                    subtitle=[
                        f"Kernel-free version: {combinations} combinations computed in advance "
                        f"({sizes})",
                        "Synthetic survey; poverty among the affected households",
                    ],
                )
            )
        )

    return kernel_free_chart(
        grid,
        _simulator_controls(),
        draw,
        description=(
            "Top: bars of the chosen scheme's cost in percent of GDP for each year from 2025 to "
            "2035. Below: horizontal bars of the poverty headcount among the households hit by "
            "the chosen shock before it, after it without help and after the chosen response, "
            "and the share of the affected poor the response reaches, in percent; below, the "
            "response's cost in million US dollars. Drop-down lists choose the scheme, the shock "
            "and the response; a slider the benefit level."
        ),
        caption=(
            f"Kernel-free simulator: choose a scheme and its benefit ({BENEFIT_LEVELS[0]}% to "
            f"{BENEFIT_LEVELS[-1]}% of its default amount), a shock and a response. All "
            f"{combinations} combinations ({sizes}) were computed in advance, with the other "
            f"controls fixed: coverage {base.coverage:.0%} reached in {base.years_to_full} "
            f"year(s), administration {base.admin_rate:.0%}, real growth {base.real_growth:.0%}; "
            f"{base.share_affected:.0%} of households hit, losing {base.consumption_loss:.0%} of "
            f"consumption for {base.months} months, top-up {base.top_up:g} x the benefit. "
            "Synthetic survey. The live simulator in JupyterLab recomputes any setting."
        ),
    )
