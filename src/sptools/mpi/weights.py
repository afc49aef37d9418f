"""Indicator weights of the Alkire-Foster method, kept exact as fractions.

Weights are nested: the dimension weights sum to one and each dimension's weight is split among
its indicators (equally unless given). Identification compares deprivation scores with the
poverty cutoff ``k``; both are kept exact by converting every weight to a
:class:`fractions.Fraction` and working with integer numerators over a common denominator.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

__all__ = [
    "GLOBAL_MPI",
    "IndicatorWeights",
    "as_fraction",
    "flatten_weights",
    "nested_weights",
    "parse_k",
    "parse_weights",
]

#: Largest denominator used when a float (weight or k) is turned into a fraction.
MAX_FLOAT_DENOMINATOR = 10**6

#: Tolerance for "weights sum to one".
SUM_TOLERANCE = 1e-9

#: Largest common denominator of the weights, so that every score is an exact float too.
MAX_COMMON_DENOMINATOR = 2**53

#: The global MPI (UNDP/OPHI): dimension -> indicator column -> weight. ``d_educ`` is years of
#: schooling, ``d_satt`` school attendance.
GLOBAL_MPI: dict[str, dict[str, Fraction]] = {
    "Health": {"d_nutr": Fraction(1, 6), "d_cm": Fraction(1, 6)},
    "Education": {"d_educ": Fraction(1, 6), "d_satt": Fraction(1, 6)},
    "Living standards": {
        name: Fraction(1, 18) for name in ("d_ckfl", "d_sani", "d_wtr", "d_elct", "d_hsg", "d_asst")
    },
}


def as_fraction(value: object, name: str) -> Fraction:
    """Convert a weight or cutoff to an exact fraction.

    Integers, fractions and decimals convert exactly; a float becomes the nearest fraction with
    a denominator of at most one million, so ``1/3`` typed as a float means exactly one third
    and ``0.4`` means exactly 2/5.

    Parameters
    ----------
    value : int, float, Fraction or Decimal
        The number to convert.
    name : str
        What the number is (used in the error message).

    Returns
    -------
    Fraction

    Examples
    --------
    >>> as_fraction(1 / 18, "d_asst")
    Fraction(1, 18)
    >>> as_fraction(0.4, "k")
    Fraction(2, 5)
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise TypeError(
            f"{name} must be a number (int, float or fractions.Fraction), got {value!r} of type "
            f"{type(value).__name__}; pass e.g. Fraction(1, 6) or 1/6."
        )
    if isinstance(value, numbers.Rational | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"{name} must be finite, got {value!r}.")
        return Fraction(value)
    as_float = float(value)
    if not math.isfinite(as_float):
        raise ValueError(f"{name} must be finite, got {value!r}.")
    return Fraction(as_float).limit_denominator(MAX_FLOAT_DENOMINATOR)


def parse_k(k: object) -> Fraction:
    """Return the poverty cutoff ``k`` as an exact fraction in (0, 1].

    Parameters
    ----------
    k : int, float or Fraction
        Poverty cutoff: a person is poor when the deprivation score is at least ``k``. A float is
        converted with :func:`as_fraction` (``1/3`` means exactly one third).

    Returns
    -------
    Fraction

    Examples
    --------
    >>> parse_k(1 / 3)
    Fraction(1, 3)
    """
    cutoff = as_fraction(k, "k")
    if not 0 < cutoff <= 1:
        raise ValueError(
            f"k must lie in (0, 1] (a share of the weighted indicators), got {k!r}; "
            "e.g. k=1/3 for the global MPI."
        )
    return cutoff


def nested_weights(
    dimensions: Mapping[str, Sequence[str]] | Mapping[str, Mapping[str, object]],
    dimension_weights: Mapping[str, object] | None = None,
) -> dict[str, Fraction]:
    """Return indicator weights from a nested (dimension -> indicators) structure.

    Parameters
    ----------
    dimensions : mapping
        Either dimension -> list of indicator columns (each dimension gets an equal share of one,
        or ``dimension_weights``, split equally among its indicators), or dimension ->
        {indicator: weight} with the indicator weights given (they must sum to one).
    dimension_weights : mapping, optional
        Dimension -> weight, for unequal dimension weights with lists of indicators.

    Returns
    -------
    dict
        Indicator -> exact weight (:class:`~fractions.Fraction`), summing to one.

    Examples
    --------
    >>> w = nested_weights({"Health": ["d_nutr", "d_cm"], "Education": ["d_educ"]})
    >>> w["d_nutr"], w["d_educ"]
    (Fraction(1, 4), Fraction(1, 2))
    >>> nested_weights(GLOBAL_MPI)["d_asst"]
    Fraction(1, 18)
    """
    if not isinstance(dimensions, Mapping) or not dimensions:
        raise TypeError(
            "dimensions must be a non-empty mapping dimension -> indicators, e.g. "
            "{'Health': ['d_nutr', 'd_cm'], 'Education': ['d_educ', 'd_satt']}."
        )
    given = [isinstance(members, Mapping) for members in dimensions.values()]
    if all(given):
        if dimension_weights is not None:
            raise ValueError(
                "dimension_weights applies only to lists of indicators; the indicator weights "
                "are already given."
            )
        return parse_weights(dimensions).weights
    if any(given):
        raise TypeError(
            "dimensions must map every dimension to a list of indicators, or every dimension to "
            "{indicator: weight}; do not mix the two."
        )
    names = list(dimensions)
    if dimension_weights is None:
        shares = {name: Fraction(1, len(names)) for name in names}
    else:
        unknown = sorted(set(dimension_weights) ^ set(names))
        if unknown:
            raise KeyError(
                "dimension_weights must name exactly the dimensions "
                f"{names}; mismatched: {unknown}."
            )
        shares = {
            name: as_fraction(dimension_weights[name], f"weight of {name!r}") for name in names
        }
    result: dict[str, Fraction] = {}
    for name in names:
        members = dimensions[name]
        if isinstance(members, str) or len(members) == 0:
            raise TypeError(
                f"dimension {name!r} must list its indicator columns, got {members!r}; "
                "e.g. ['d_nutr', 'd_cm']."
            )
        for indicator in members:
            if indicator in result:
                raise ValueError(f"indicator {indicator!r} appears in more than one dimension.")
            result[indicator] = shares[name] / len(members)
    return parse_weights(result).weights


@dataclass(frozen=True)
class IndicatorWeights:
    """Validated, exact indicator weights.

    Attributes
    ----------
    indicators : tuple of str
        Indicator columns, in the order given.
    weights : dict
        Indicator -> :class:`~fractions.Fraction`, summing exactly to one.
    dimension : dict
        Indicator -> dimension name (the indicator itself when the weights were flat).
    denominator : int
        Common denominator of the weights.
    numerators : numpy.ndarray
        ``weights[j] * denominator`` as int64, in the order of ``indicators``.
    """

    indicators: tuple[str, ...]
    weights: dict[str, Fraction]
    dimension: dict[str, str]
    denominator: int
    numerators: np.ndarray

    def threshold(self, cutoff: Fraction) -> int:
        """Smallest integer score (over :attr:`denominator`) that is at least ``cutoff``.

        Examples
        --------
        >>> parse_weights({"a": 0.5, "b": 0.5}).threshold(Fraction(1, 3))
        1
        """
        return math.ceil(cutoff * self.denominator)


def flatten_weights(weights: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """Split flat or nested weights into indicator -> weight and indicator -> dimension.

    Examples
    --------
    >>> flatten_weights({"Health": {"d_nutr": 0.5}, "Education": {"d_educ": 0.5}})[1]
    {'d_nutr': 'Health', 'd_educ': 'Education'}
    """
    if not isinstance(weights, Mapping) or not weights:
        raise TypeError(
            "weights must be a non-empty mapping indicator -> weight (or dimension -> "
            "{indicator: weight}), e.g. sptools.mpi.GLOBAL_MPI."
        )
    nested = [isinstance(value, Mapping) for value in weights.values()]
    if not any(nested):
        return dict(weights), {str(name): str(name) for name in weights}
    if not all(nested):
        raise TypeError(
            "weights mix dimensions ({indicator: weight}) and indicators (weight); use one form."
        )
    flat: dict[str, object] = {}
    dimension: dict[str, str] = {}
    for dim, members in weights.items():
        for indicator, weight in members.items():
            if indicator in flat:
                raise ValueError(f"indicator {indicator!r} appears in more than one dimension.")
            flat[indicator] = weight
            dimension[indicator] = str(dim)
    return flat, dimension


def parse_weights(weights: Mapping[str, object]) -> IndicatorWeights:
    """Validate weights and express them over a common denominator.

    Parameters
    ----------
    weights : mapping
        Indicator -> weight, or dimension -> {indicator: weight} (e.g. :data:`GLOBAL_MPI`).
        Floats are converted with :func:`as_fraction`. The weights must be non-negative, not
        all zero, and sum to one within 1e-9; a sum within the tolerance is then normalised to
        exactly one.

    Returns
    -------
    IndicatorWeights

    Examples
    --------
    >>> w = parse_weights(GLOBAL_MPI)
    >>> w.denominator, int(w.numerators.sum())
    (18, 18)
    """
    flat, dimension = flatten_weights(weights)
    exact: dict[str, Fraction] = {}
    for indicator, weight in flat.items():
        if not isinstance(indicator, str):
            raise TypeError(f"indicator names must be column names (str), got {indicator!r}.")
        value = as_fraction(weight, f"weight of {indicator!r}")
        if value < 0:
            raise ValueError(
                f"weight of {indicator!r} is negative ({weight!r}); weights must be >= 0."
            )
        exact[indicator] = value
    total = sum(exact.values(), Fraction(0))
    if abs(float(total) - 1.0) > SUM_TOLERANCE:
        raise ValueError(
            f"weights must sum to 1, they sum to {float(total):.12g} "
            f"({', '.join(f'{name}={float(w):.6g}' for name, w in exact.items())}); "
            "rescale them, or build them with nested_weights()."
        )
    if total != 1:
        exact = {name: value / total for name, value in exact.items()}
    denominator = math.lcm(*(value.denominator for value in exact.values()))
    if denominator > MAX_COMMON_DENOMINATOR:
        raise ValueError(
            f"the weights' common denominator ({denominator}) is too large for exact integer "
            "scores; give the weights as simple fractions, e.g. Fraction(1, 18)."
        )
    indicators = tuple(exact)
    numerators = np.array(
        [value.numerator * (denominator // value.denominator) for value in exact.values()],
        dtype=np.int64,
    )
    return IndicatorWeights(
        indicators=indicators,
        weights=exact,
        dimension={name: dimension[name] for name in indicators},
        denominator=denominator,
        numerators=numerators,
    )
