"""Circumstances for the LNOB analysis: characteristics a person does not choose, with readable
labels.

ESCAP LNOB platform (DHS/MICS) and SP2LNOB conventions (METHODS.md section 2):

* ``wealth``: "Bottom 40" / "Top 60" of the asset index, i.e. wealth quintiles 1-2 (the quintiles
  are weighted by persons, as in DHS); ``income``: the same split of consumption per capita
  (SP2LNOB), computed here with person weights (household weight x size).
* ``residence`` (Urban / Rural), ``region`` and ``province``, with the levels of the data (a
  categorical's categories in their order, else the sorted values), so that another country's
  regions and provinces work unchanged (Cambodia's regions are the five CSES zones).
* ``education``: for household indicators the highest level of any member (members with an unknown
  level are skipped; missing only if nobody's level is known); for individual indicators the
  person's own; for children the mother's (missing when the mother does not live in the household,
  as in DHS, where children's indicators come from their mothers' interviews).
* ``sex``, ``age_group`` (15-24, 25-34, 35+; missing under 15), ``children_under5`` (members under
  5: 0, 1, 2+), ``disability`` (the person's own Washington Group status; for household indicators,
  any member with a disability).

Every circumstance comes back as a categorical with the labels of :data:`CIRCUMSTANCES`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from sptools.indicators.validation import check_categories, nullable_bool, require_columns

EDUCATION_LEVELS = ("none", "primary", "lower secondary", "upper secondary", "higher")
BOTTOM_SHARE = 0.4

Unit = Literal["household", "person"]
EducationOf = Literal["highest member", "own", "mother"]


@dataclass(frozen=True)
class Circumstance:
    """A circumstance: its label, what it means, and its categories in order."""

    label: str
    description: str
    levels: tuple[str, ...]
    ordered: bool


CIRCUMSTANCES: dict[str, Circumstance] = {
    "wealth": Circumstance(
        "Wealth",
        "Bottom 40% or top 60% of the asset (wealth) index: "
        "quintiles 1-2 vs 3-5, weighted by persons",
        ("Bottom 40", "Top 60"),
        True,
    ),
    "income": Circumstance(
        "Income",
        "Bottom 40% or top 60% of consumption per capita, weighted by persons (SP2LNOB)",
        ("Bottom 40", "Top 60"),
        True,
    ),
    "residence": Circumstance("Residence", "Urban or rural area", ("Urban", "Rural"), False),
    "education": Circumstance(
        "Education",
        "Highest level of any household member (household indicators), own level (individuals), "
        "mother's level (children)",
        ("No education", "Primary", "Lower secondary", "Upper secondary", "Higher"),
        True,
    ),
    "sex": Circumstance("Sex", "Sex of the person", ("Female", "Male"), False),
    "age_group": Circumstance(
        "Age group", "Age in completed years (15 and older)", ("15-24", "25-34", "35+"), True
    ),
    "children_under5": Circumstance(
        "Children under 5",
        "Number of household members under 5",
        ("No children under 5", "1 child under 5", "2+ children under 5"),
        True,
    ),
    "region": Circumstance(
        "Region", "Region of residence (in Cambodia the five CSES zones)", (), False
    ),
    "province": Circumstance("Province", "Province of residence (25)", (), False),
    "disability": Circumstance(
        "Disability",
        "A lot of difficulty or cannot do at all in any Washington Group domain (own status; "
        "any member for household indicators)",
        ("With disability", "Without disability"),
        False,
    ),
}


def bottom_40(values: pd.Series, weights: pd.Series) -> pd.Series:
    """Flag the values in the bottom 40% of their weighted distribution.

    A value is in the bottom 40 when the weight of strictly smaller values is below 40% of the
    total, i.e. when it is at or below the weighted 40th percentile (the smallest value whose
    cumulative share reaches 40%). Missing values stay missing.

    Examples
    --------
    >>> bottom_40(pd.Series([5.0, 1.0, 3.0, None, 2.0]), pd.Series([1, 1, 1, 1, 2])).tolist()
    [False, True, False, <NA>, True]
    """
    observed = values.notna()
    if (weights[observed] < 0).any() or weights[observed].isna().any():
        raise ValueError(
            "weights must be non-negative and not missing where values are "
            "observed; fix the weight column"
        )
    order = np.argsort(values[observed].to_numpy(), kind="stable")
    sorted_values = values[observed].to_numpy()[order]
    cumulative = np.concatenate([[0.0], np.cumsum(weights[observed].to_numpy(float)[order])])
    below = cumulative[np.searchsorted(sorted_values, values[observed].to_numpy(), side="left")]
    flags = pd.Series(pd.NA, index=values.index, dtype="boolean")
    flags[observed] = below < BOTTOM_SHARE * cumulative[-1]
    return flags


def _labelled(codes: pd.Series, name: str, levels: Sequence[str] | None = None) -> pd.Series:
    """Return ``codes`` (labels or NA) as the circumstance's categorical."""
    spec = CIRCUMSTANCES[name]
    categories = list(levels if levels is not None else spec.levels)
    return pd.Series(
        pd.Categorical(codes.astype(object), categories=categories, ordered=spec.ordered),
        index=codes.index,
        name=name,
    )


def _split(flag: pd.Series, name: str, labels: tuple[str, str]) -> pd.Series:
    """Label a nullable boolean: True -> labels[0], False -> labels[1], NA stays NA."""
    flag = flag.astype("boolean")
    codes = pd.Series(np.where(flag.fillna(False), labels[0], labels[1]), index=flag.index).mask(
        flag.isna()
    )
    return _labelled(codes, name)


# --- household-level circumstances: (households indexed by hh_id, persons) -> Series on that index


def _wealth(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    quintile = households["wealth_quintile"]
    bad = quintile.dropna()[~quintile.dropna().isin([1, 2, 3, 4, 5])]
    if len(bad):
        raise ValueError(
            "households['wealth_quintile'] must be 1-5 but holds "
            f"{sorted(bad.unique().tolist())[:5]}; recode it"
        )
    return _split(
        (quintile <= 2).astype("boolean").mask(quintile.isna()),
        "wealth",
        CIRCUMSTANCES["wealth"].levels,
    )


def _income(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    person_weights = households["weight"] * households["hh_size"]
    return _split(
        bottom_40(households["consumption_pc"], person_weights),
        "income",
        CIRCUMSTANCES["income"].levels,
    )


def _residence(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    return _split(
        nullable_bool(households["urban"], "households"),
        "residence",
        CIRCUMSTANCES["residence"].levels,
    )


def _levels_of(values: pd.Series) -> list:
    """A categorical's categories (in their order), else the sorted values present."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return list(values.cat.categories)
    return sorted(values.dropna().unique())


def _region(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    return _labelled(households["region"], "region", levels=_levels_of(households["region"]))


def _province(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    province = households["province"]
    return _labelled(province, "province", levels=_levels_of(province))


def _children_under5(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    count = (
        (persons["age"] < 5)
        .groupby(persons["hh_id"].to_numpy())
        .sum()
        .reindex(households.index, fill_value=0)
    )
    labels = CIRCUMSTANCES["children_under5"].levels
    return _labelled(
        pd.Series(np.array(labels)[np.minimum(count.to_numpy(), 2)], index=households.index),
        "children_under5",
    )


def _education_codes(persons: pd.DataFrame) -> pd.Series:
    """Education level as an integer 0-4 (NaN when unknown)."""
    level = persons["education_level"]
    check_categories(level, EDUCATION_LEVELS, "persons")
    return (
        level.astype(object)
        .map(dict(zip(EDUCATION_LEVELS, range(len(EDUCATION_LEVELS)), strict=False)))
        .astype("float64")
    )


def _education_label(codes: pd.Series) -> pd.Series:
    labels = np.array(CIRCUMSTANCES["education"].levels, dtype=object)
    known = codes.notna()
    text = pd.Series(pd.NA, index=codes.index, dtype=object)
    text[known] = labels[codes[known].astype(int).to_numpy()]
    return _labelled(text, "education")


def _highest_education(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    highest = _education_codes(persons).groupby(persons["hh_id"].to_numpy()).max()
    return _education_label(highest.reindex(households.index))


def _any_disability(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    disabled = nullable_bool(persons["disability"], "persons")
    counts = pd.DataFrame({"yes": disabled.eq(True).fillna(False), "unknown": disabled.isna()})
    counts = (
        counts.groupby(persons["hh_id"].to_numpy()).sum().reindex(households.index, fill_value=0)
    )
    anyone = (
        (counts["yes"] > 0).astype("boolean").mask((counts["yes"] == 0) & (counts["unknown"] > 0))
    )
    return _split(anyone, "disability", CIRCUMSTANCES["disability"].levels)


HOUSEHOLD_CIRCUMSTANCES: dict[
    str, tuple[tuple[str, ...], Callable[[pd.DataFrame, pd.DataFrame], pd.Series]]
] = {
    # name: (household columns used, rule)
    "wealth": (("wealth_quintile",), _wealth),
    "income": (("consumption_pc", "weight", "hh_size"), _income),
    "residence": (("urban",), _residence),
    "region": (("region",), _region),
    "province": (("province",), _province),
    "children_under5": ((), _children_under5),
}
MEMBER_CIRCUMSTANCES = {"education": _highest_education, "disability": _any_disability}


# --- person-level circumstances: persons -> Series on the persons' index ---


def _sex(persons: pd.DataFrame) -> pd.Series:
    check_categories(persons["sex"], ("female", "male"), "persons")
    return _split(
        persons["sex"].astype(object).eq("female").astype("boolean").mask(persons["sex"].isna()),
        "sex",
        CIRCUMSTANCES["sex"].levels,
    )


def _age_group(persons: pd.DataFrame) -> pd.Series:
    age = persons["age"].astype("float64")
    groups = pd.cut(
        age, bins=[15, 25, 35, np.inf], right=False, labels=list(CIRCUMSTANCES["age_group"].levels)
    )
    return _labelled(pd.Series(groups, index=persons.index), "age_group")


def _own_education(persons: pd.DataFrame) -> pd.Series:
    return _education_label(_education_codes(persons))


def _mother_education(persons: pd.DataFrame) -> pd.Series:
    if persons.duplicated(["hh_id", "line"]).any():
        raise ValueError(
            "persons repeat a (hh_id, line) pair, so mothers cannot be "
            "found; make line numbers unique"
        )
    lookup = pd.Series(
        _education_codes(persons).to_numpy(),
        index=pd.MultiIndex.from_arrays([persons["hh_id"], persons["line"].astype("float64")]),
    )
    key = pd.MultiIndex.from_arrays([persons["hh_id"], persons["mother_line"].astype("float64")])
    codes = pd.Series(lookup.reindex(key).to_numpy(), index=persons.index)
    return _education_label(codes)


def _own_disability(persons: pd.DataFrame) -> pd.Series:
    return _split(
        nullable_bool(persons["disability"], "persons"),
        "disability",
        CIRCUMSTANCES["disability"].levels,
    )


PERSON_CIRCUMSTANCES: dict[str, tuple[tuple[str, ...], Callable[[pd.DataFrame], pd.Series]]] = {
    "sex": (("sex",), _sex),
    "age_group": (("age",), _age_group),
    "disability": (("disability",), _own_disability),
}
EDUCATION_SOURCES = {
    "own": (("education_level",), _own_education),
    "mother": (("education_level", "line", "mother_line"), _mother_education),
}


def circumstances_table() -> pd.DataFrame:
    """Describe the circumstances: label, meaning and categories.

    Examples
    --------
    >>> circumstances_table().loc["wealth", "categories"]
    'Bottom 40, Top 60'
    """
    rows = {
        name: {
            "label": spec.label,
            "description": spec.description,
            "categories": ", ".join(spec.levels) or "(as in the data)",
        }
        for name, spec in CIRCUMSTANCES.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("circumstance")


def household_circumstances(
    names: Sequence[str], households: pd.DataFrame, persons: pd.DataFrame
) -> pd.DataFrame:
    """Circumstances of households (for household indicators), one row per household, indexed by
    ``hh_id``.

    ``education`` is the highest level of any member and ``disability`` whether any member has one.

    Examples
    --------
    >>> hh = pd.DataFrame({"hh_id": [1, 2], "urban": [True, False]})
    >>> people = pd.DataFrame({"hh_id": [1, 2, 2], "age": [30, 2, 3]})
    >>> household_circumstances(["residence", "children_under5"], hh, people)[
    ...     "children_under5"
    ... ].tolist()
    ['No children under 5', '2+ children under 5']
    """
    _check_names(names, {*HOUSEHOLD_CIRCUMSTANCES, *MEMBER_CIRCUMSTANCES}, "household")
    require_columns(households, ("hh_id", *_household_columns(names)), "households")
    require_columns(
        persons,
        (
            "hh_id",
            "age",
            *(["education_level"] if "education" in names else []),
            *(["disability"] if "disability" in names else []),
        ),
        "persons",
    )
    indexed = households.set_index("hh_id")
    columns = {
        name: (
            MEMBER_CIRCUMSTANCES[name]
            if name in MEMBER_CIRCUMSTANCES
            else HOUSEHOLD_CIRCUMSTANCES[name][1]
        )(indexed, persons)
        for name in names
    }
    return pd.DataFrame(columns, index=indexed.index)


def person_circumstances(
    names: Sequence[str],
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    education_of: EducationOf = "own",
) -> pd.DataFrame:
    """Circumstances of persons (for individual indicators), aligned with the rows of ``persons``.

    Household circumstances (wealth, income, residence, region, province, children under 5) are
    those of the person's household; ``education`` is the person's own level, or the mother's when
    ``education_of="mother"``.

    Examples
    --------
    >>> hh = pd.DataFrame({"hh_id": [1], "urban": [False]})
    >>> people = pd.DataFrame({"hh_id": [1, 1], "age": [30, 20], "sex": ["female", "male"]})
    >>> person_circumstances(["residence", "sex", "age_group"], hh, people).astype(
    ...     str
    ... ).values.tolist()
    [['Rural', 'Female', '25-34'], ['Rural', 'Male', '15-24']]
    """
    if education_of not in EDUCATION_SOURCES:
        raise ValueError(
            f"education_of={education_of!r} for individual indicators; choose 'own' or 'mother'"
        )
    _check_names(names, {*HOUSEHOLD_CIRCUMSTANCES, *PERSON_CIRCUMSTANCES, "education"}, "person")
    of_household = [name for name in names if name in HOUSEHOLD_CIRCUMSTANCES]
    per_person = dict(PERSON_CIRCUMSTANCES) | {"education": EDUCATION_SOURCES[education_of]}
    require_columns(
        persons,
        ("hh_id", *(c for n in names if n in per_person for c in per_person[n][0])),
        "persons",
    )
    household_part = household_circumstances(of_household, households, persons)
    columns = {
        name: (
            household_part[name].reindex(persons["hh_id"]).set_axis(persons.index)
            if name in HOUSEHOLD_CIRCUMSTANCES
            else per_person[name][1](persons)
        )
        for name in names
    }
    return pd.DataFrame(columns, index=persons.index)


def _household_columns(names: Sequence[str]) -> list[str]:
    return [
        column
        for name in names
        if name in HOUSEHOLD_CIRCUMSTANCES
        for column in HOUSEHOLD_CIRCUMSTANCES[name][0]
    ]


def _check_names(names: Sequence[str], allowed: set[str], unit: Unit) -> None:
    unknown = [name for name in names if name not in CIRCUMSTANCES]
    if unknown:
        raise KeyError(f"unknown circumstance(s) {unknown}; choose from {list(CIRCUMSTANCES)}")
    unusable = [name for name in names if name not in allowed]
    if unusable:
        raise ValueError(
            f"circumstance(s) {unusable} are not defined for {unit} indicators; "
            f"choose from {sorted(allowed)}"
        )
    if len(set(names)) != len(names):
        raise ValueError(f"circumstances repeat: {list(names)}; list each once")
