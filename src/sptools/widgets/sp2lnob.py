"""The SP2LNOB navigator: the online tool's screens as one ipywidgets app, offline.

Screens of the ESCAP tool and their controls here: *country data* (the shipped survey),
*opportunity* (a dropdown of the LNOB indicators), *scheme and parameters* (scheme, benefit level,
ages, IDPoor only, coverage and who is covered first, administrative cost, and the channel from
cash to access), then the results (the tree's groups before and after, D, HOI, poverty and cost).

Everything the app shows comes from plain functions that work without it:
:func:`scheme_from_settings` turns the controls into a :class:`~sptools.transfers.Scheme`,
:meth:`NavigatorModel.run` runs :func:`sptools.sp2lnob.simulate` (step 1 is fitted once per
opportunity and kept), and :func:`sptools.recipes.sp2lnob_scenarios.summary_frame` makes the
results table. The layout is a single
widget, so ``voila`` can serve the notebook that displays it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import altair as alt
import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from sptools.economy import Economy
from sptools.indicators import OPPORTUNITIES
from sptools.plots.sp2lnob import plot_before_after
from sptools.recipes.sp2lnob_scenarios import cost_lines, summary_frame
from sptools.sp2lnob import Channel, SP2LNOBResult, Step1, fit, simulate
from sptools.transfers import Benefit, Scheme
from sptools.widgets.kernel_free import Control, kernel_free_chart, precompute

__all__ = [
    "SCHEMES",
    "Navigator",
    "NavigatorModel",
    "BENEFIT_LEVELS",
    "SchemeTemplate",
    "Settings",
    "kernel_free_navigator",
    "navigator_grid",
    "navigator_statistics",
    "scheme_from_settings",
    "summary_frame",
]

#: Oldest age on the sliders: an upper age at this value means "no upper limit".
OLDEST = 100


@dataclass(frozen=True)
class SchemeTemplate:
    """A kind of scheme the navigator offers, with its default settings.

    Attributes
    ----------
    benefit : callable
        Builds the :class:`Benefit` from the amount on the slider.
    amount_label : str
        What the amount slider means.
    amount, amount_range : float, tuple
        Default amount and slider range.
    ages : tuple[int, int]
        Default age range (inclusive; the upper end at :data:`OLDEST` means no limit).
    requires_disability, requires_idpoor, unit
        As in :class:`Scheme`.
    note : str
        Where the default comes from.
    """

    benefit: Callable[[float], Benefit]
    amount_label: str
    amount: float
    amount_range: tuple[float, float, float]
    ages: tuple[int, int]
    requires_disability: bool = False
    requires_idpoor: bool = False
    unit: str = "person"
    note: str = ""


#: The schemes of the online tool (child, disability, old age) and the Family Package's
#: cash transfer for pregnant women and children under 2.
SCHEMES: dict[str, SchemeTemplate] = {
    "Child benefit": SchemeTemplate(
        benefit=lambda pct: Benefit.share_of_gdp_per_capita(pct / 100),
        amount_label="% of GDP per capita a year",
        amount=4.0,
        amount_range=(0.0, 20.0, 0.5),
        ages=(0, 14),
        note="SPOT's global average: 4% of GDP per capita per child a year.",
    ),
    "Disability allowance": SchemeTemplate(
        benefit=lambda riel: Benefit.riel(riel),
        amount_label="riel a month (2024 riel)",
        amount=20_000,
        amount_range=(0, 200_000, 5_000),
        ages=(0, OLDEST),
        requires_disability=True,
        note="An earlier disability pilot paid 20,000 riel a month (amounts not verified).",
    ),
    "Social pension": SchemeTemplate(
        benefit=lambda riel: Benefit.riel(riel),
        amount_label="riel a month (2024 riel)",
        amount=100_000,
        amount_range=(0, 400_000, 10_000),
        ages=(65, OLDEST),
        note="An illustrative amount: choose the level to discuss.",
    ),
    "Pregnant women and children under 2": SchemeTemplate(
        benefit=lambda riel: Benefit.riel(riel),
        amount_label="riel a month per child under 2 (2024 riel)",
        amount=round(1_520_000 / 24),
        amount_range=(0, 200_000, 1_000),
        ages=(0, 1),
        requires_idpoor=True,
        note="Family Package: 1,520,000 riel per birth, spread here over the child's first 24 "
        "months, for IDPoor households.",
    ),
}


@dataclass(frozen=True)
class Settings:
    """Everything a user sets on the navigator's screens.

    Examples
    --------
    >>> Settings().scheme, Settings().channel
    ('Child benefit', 'reclassify')
    """

    opportunity: str = "electricity"
    scheme: str = "Child benefit"
    amount: float = SCHEMES["Child benefit"].amount
    ages: tuple[int, int] = SCHEMES["Child benefit"].ages
    idpoor_only: bool = False
    coverage: float = 1.0
    selection: str = "random"
    admin_rate: float = 0.05
    channel: Channel = "reclassify"
    year: int = 2022

    def for_scheme(self, scheme: str) -> Settings:
        """The settings with another scheme and that scheme's defaults."""
        template = SCHEMES[scheme]
        return replace(
            self,
            scheme=scheme,
            amount=template.amount,
            ages=template.ages,
            idpoor_only=template.requires_idpoor,
        )


def scheme_from_settings(settings: Settings) -> Scheme:
    """The scheme the navigator's controls describe.

    Examples
    --------
    >>> scheme_from_settings(Settings()).describe()
    'Child benefit: persons aged 0-14; 4.0% of GDP per capita a year, paid monthly; coverage 100%'
    """
    if settings.scheme not in SCHEMES:
        raise KeyError(f"unknown scheme {settings.scheme!r}; choose one of {list(SCHEMES)}.")
    template = SCHEMES[settings.scheme]
    low, high = settings.ages
    return Scheme(
        settings.scheme,
        template.benefit(settings.amount),
        min_age=int(low),
        max_age=None if high >= OLDEST else int(high),
        requires_disability=template.requires_disability,
        requires_idpoor=settings.idpoor_only,
        unit=template.unit,
        coverage=settings.coverage,
        selection=settings.selection,
        admin_rate=settings.admin_rate,
    )


@dataclass
class NavigatorModel:
    """The survey, the economy, and step 1 of each opportunity once it has been fitted.

    Parameters
    ----------
    households, persons : pandas.DataFrame
    economy : Economy
    """

    households: pd.DataFrame
    persons: pd.DataFrame
    economy: Economy
    _steps: dict[str, Step1] = field(default_factory=dict, repr=False)

    def step1(self, opportunity: str) -> Step1:
        """Step 1 of an opportunity (fitted on first use, then kept)."""
        if opportunity not in self._steps:
            self._steps[opportunity] = fit(self.households, self.persons, opportunity)
        return self._steps[opportunity]

    def run(self, settings: Settings) -> SP2LNOBResult:
        """Simulate the scheme the settings describe."""
        return simulate(
            scheme_from_settings(settings),
            self.households,
            self.persons,
            self.step1(settings.opportunity),
            year=settings.year,
            economy=self.economy,
            channel=settings.channel,
        )


class Navigator(widgets.HBox):
    """The navigator app: controls on the left, results on the right.

    Parameters
    ----------
    model : NavigatorModel
    settings : Settings
        What the controls show first.
    """

    def __init__(self, model: NavigatorModel, settings: Settings | None = None) -> None:
        self.model = model
        self.settings = settings or Settings()
        self._controls = self._make_controls()
        self._note = widgets.HTML()
        self._results = widgets.Output()
        self._tree = widgets.Output()
        tree_box = widgets.Accordion(children=[self._tree], titles=("The LNOB tree (step 1)",))
        left = widgets.VBox(
            [
                widgets.HTML("<b>Opportunity</b>"),
                self._controls["opportunity"],
                widgets.HTML("<b>Scheme and parameters</b>"),
                *[
                    self._controls[n]
                    for n in (
                        "scheme",
                        "amount",
                        "ages",
                        "idpoor_only",
                        "coverage",
                        "selection",
                        "admin_rate",
                    )
                ],
                widgets.HTML("<b>How cash changes access</b>"),
                self._controls["channel"],
                self._note,
            ],
            layout=widgets.Layout(width="380px", min_width="380px", flex="0 0 auto"),
        )
        right = widgets.VBox([self._results, tree_box], layout=widgets.Layout(flex="1 1 auto"))
        super().__init__([left, right], layout=widgets.Layout(width="100%"))
        for control in self._controls.values():
            control.observe(self._on_change, names="value")
        self._show_tree()
        self.refresh()

    def _make_controls(self) -> dict[str, widgets.Widget]:
        s = self.settings
        template = SCHEMES[s.scheme]
        style = {"description_width": "110px"}
        wide = widgets.Layout(width="350px")
        low, high, step = template.amount_range
        return {
            "opportunity": widgets.Dropdown(
                options=[(spec.label, name) for name, spec in OPPORTUNITIES.items()],
                value=s.opportunity,
                layout=wide,
            ),
            "scheme": widgets.Dropdown(
                options=list(SCHEMES),
                value=s.scheme,
                description="Scheme",
                style=style,
                layout=wide,
            ),
            "amount": widgets.FloatSlider(
                value=s.amount,
                min=low,
                max=high,
                step=step,
                description="Benefit",
                style=style,
                layout=wide,
                readout_format=",.1f",
            ),
            "ages": widgets.IntRangeSlider(
                value=s.ages, min=0, max=OLDEST, description="Ages", style=style, layout=wide
            ),
            "idpoor_only": widgets.Checkbox(
                value=s.idpoor_only,
                description="IDPoor only",
                style={"description_width": "initial"},
                indent=False,
            ),
            "coverage": widgets.FloatSlider(
                value=s.coverage,
                min=0,
                max=1,
                step=0.05,
                description="Coverage",
                style=style,
                layout=wide,
                readout_format=".0%",
            ),
            "selection": widgets.Dropdown(
                options=[
                    ("random", "random"),
                    ("poorest first", "poorest"),
                    ("IDPoor first", "idpoor"),
                ],
                value=s.selection,
                description="Covered first",
                style=style,
                layout=wide,
            ),
            "admin_rate": widgets.FloatSlider(
                value=s.admin_rate,
                min=0,
                max=0.3,
                step=0.01,
                description="Admin cost",
                style=style,
                layout=wide,
                readout_format=".0%",
            ),
            "channel": widgets.ToggleButtons(
                options=[("reclassify", "reclassify"), ("access model", "model")], value=s.channel
            ),
        }

    def _on_change(self, change: dict) -> None:
        owner = next(name for name, c in self._controls.items() if c is change["owner"])
        if owner == "scheme":
            self.settings = self.settings.for_scheme(change["new"])
            self._sync_scheme_controls()
        else:
            self.settings = replace(self.settings, **{owner: change["new"]})
        if owner == "opportunity":
            self._show_tree()
        self.refresh()

    def _sync_scheme_controls(self) -> None:
        template = SCHEMES[self.settings.scheme]
        amount = self._controls["amount"]
        with self.hold_trait_notifications():
            for control in ("amount", "ages", "idpoor_only"):
                self._controls[control].unobserve(self._on_change, names="value")
            low, high, step = template.amount_range
            amount.min, amount.max, amount.step = low, high, step
            amount.value = template.amount
            self._controls["ages"].value = template.ages
            self._controls["idpoor_only"].value = template.requires_idpoor
            for control in ("amount", "ages", "idpoor_only"):
                self._controls[control].observe(self._on_change, names="value")

    def _show_tree(self) -> None:
        from sptools.plots.lnob import plot_tree

        step1 = self.model.step1(self.settings.opportunity)
        self._tree.clear_output(wait=True)
        with self._tree:
            figure = plot_tree(step1.tree)
            display(figure)
            plt.close(figure)

    def refresh(self) -> None:
        """Recompute and redraw the results for the current settings."""
        template = SCHEMES[self.settings.scheme]
        self._note.value = (
            f"<small>{html.escape(template.amount_label)}. {html.escape(template.note)}</small>"
        )
        result = self.model.run(self.settings)
        label = OPPORTUNITIES[self.settings.opportunity].label
        self._results.clear_output(wait=True)
        with self._results:
            lines = "".join(f"<li>{html.escape(line)}</li>" for line in cost_lines(result))
            display(widgets.HTML(f"<ul>{lines}</ul>"))
            display(summary_frame(result).style.format("{:,.2f}"))
            ax = plot_before_after(
                result.groups, furthest_behind=result.furthest_behind, rate_label=label
            )
            display(ax.figure)
            plt.close(ax.figure)


def navigator(
    households: pd.DataFrame, persons: pd.DataFrame, economy: Economy, **settings: object
) -> Navigator:
    """Build the navigator on a survey (settings as keyword arguments of :class:`Settings`)."""
    return Navigator(NavigatorModel(households, persons, economy), Settings(**settings))


#: Benefit levels of the kernel-free navigator, as percentages of each scheme's default amount.
BENEFIT_LEVELS = (50, 100, 150, 200)
#: The statistics the kernel-free navigator shows, in order, and how each is read from a result.
STATISTICS = {
    "Poverty headcount P0 (% of people)": lambda r, when: 100 * r.poverty.loc[when, "P0"],
    "Poverty gap P1 (% of the poverty line)": lambda r, when: 100 * r.poverty.loc[when, "P1"],
    "Access, furthest-behind group (% of people)": lambda r, when: (
        100 * r.groups.loc[r.furthest_behind, f"rate_{when}"]
    ),
    "Cost (% of GDP)": lambda r, when: 100 * r.cost_pct_gdp if when == "after" else 0.0,
}


def navigator_statistics(model: NavigatorModel, settings: Settings) -> pd.DataFrame:
    """The navigator's headline results for one setting, as a tidy table.

    Returns
    -------
    pandas.DataFrame
        One row per statistic of :data:`STATISTICS` and state ("before", "after"): ``value``.

    Examples
    --------
    >>> navigator_statistics(model, Settings())  # doctest: +SKIP
    """
    result = model.run(settings)
    return pd.DataFrame(
        [
            {"statistic": name, "state": when, "value": read(result, when)}
            for name, read in STATISTICS.items()
            for when in ("before", "after")
        ]
    )


def _statistics_for(model: NavigatorModel, base: Settings, scheme: str, level: int) -> pd.DataFrame:
    settings = base.for_scheme(scheme)
    settings = replace(settings, amount=settings.amount * level / 100)
    return navigator_statistics(model, settings)


def _navigator_controls() -> list[Control]:
    return [
        Control("scheme", "Scheme", list(SCHEMES)),
        Control(
            "level",
            "Benefit (% of the scheme's default amount)",
            BENEFIT_LEVELS,
            input="range",
            default=100,
        ),
    ]


def navigator_grid(model: NavigatorModel, settings: Settings | None = None) -> pd.DataFrame:
    """The kernel-free navigator's grid: every scheme of :data:`SCHEMES` (with its default ages
    and conditions) at every level of :data:`BENEFIT_LEVELS`; the other settings as given.

    Examples
    --------
    >>> navigator_grid(model).attrs["combinations"]  # doctest: +SKIP
    16
    """
    return precompute(
        _statistics_for, _navigator_controls(), model=model, base=settings or Settings()
    )


def kernel_free_navigator(
    model: NavigatorModel, settings: Settings | None = None
) -> alt.TopLevelMixin:
    """The navigator for readers without a kernel: four schemes at four benefit levels.

    The live :class:`Navigator` recomputes any setting in the kernel. This version computes the
    schemes of :data:`SCHEMES` at the levels of :data:`BENEFIT_LEVELS` in advance
    (:func:`navigator_grid`), for the opportunity, channel and year of ``settings``; its scheme
    list and benefit slider work in the static HTML book.

    Examples
    --------
    >>> kernel_free_navigator(model, Settings(year=2025))  # doctest: +SKIP
    """
    settings = settings or Settings()
    label = OPPORTUNITIES[settings.opportunity].label
    grid = navigator_grid(model, settings)
    grid = grid.assign(
        statistic=grid["statistic"].str.replace("Access", f"{label}", regex=False),
        value=grid["value"].round(3),
    )

    def draw(base: alt.Chart) -> alt.Chart:
        return (
            base.mark_bar()
            .encode(
                x=alt.X("value:Q", title=None),
                y=alt.Y("state:N", title=None, sort=["before", "after"]),
                color=alt.Color(
                    "state:N",
                    title="Before or after the scheme",
                    sort=["before", "after"],
                    scale=alt.Scale(range=["#9e9e9e", "#1f77b4"]),
                    legend=alt.Legend(orient="top", direction="horizontal"),
                ),
                row=alt.Row(
                    "statistic:N",
                    title=None,
                    sort=[name.replace("Access", label) for name in STATISTICS],
                    header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=260),
                ),
                tooltip=[
                    alt.Tooltip("statistic:N", title="Statistic"),
                    alt.Tooltip("state:N", title="Before or after"),
                    alt.Tooltip("value:Q", title="Value", format=".2f"),
                ],
            )
            .properties(width=300, height=40)
            .resolve_scale(x="independent")
            .properties(
                title=alt.Title(
                    "Before and after the scheme: poverty, access and cost",
                    subtitle=[
                        "Kernel-free version: 4 schemes x 4 benefit levels computed in advance",
                        f"{label}, channel {settings.channel}, {settings.year} (synthetic survey)",
                    ],
                )
            )
        )

    return kernel_free_chart(
        grid,
        _navigator_controls(),
        draw,
        description=(
            "Four pairs of horizontal bars, before (grey) and after (blue) the chosen scheme: the "
            "poverty headcount P0 and the poverty gap P1 in percent, the access rate of the "
            "furthest-behind group in percent, and the cost in percent of GDP (zero before). A "
            "drop-down list chooses the scheme and a slider its benefit level."
        ),
        caption=(
            "Kernel-free navigator: choose a scheme and its benefit level (50% to 200% of the "
            "scheme's default amount); the bars show poverty, the access of the furthest-behind "
            "group and the cost, before and after. All 16 combinations were computed in advance "
            f"({label.lower()}, the {settings.channel} channel, {settings.year}; synthetic "
            "survey); the live navigator in JupyterLab recomputes any setting."
        ),
    )
