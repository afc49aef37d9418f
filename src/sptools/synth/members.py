"""Household composition: size, head, spouse, other members, their ages, sexes and mothers.

Persons are stored household by household (``Members.hh`` is sorted), so per-household sums,
maxima and minima are ``numpy.ufunc.reduceat`` calls over contiguous slices.

Examples
--------
>>> import numpy as np
>>> members = draw_members(np.random.default_rng(1), 3, mean_size=4.38, head_age_mean=47)
>>> int(members.size.sum()) == members.age.size
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# relationship codes, in the order of schema.RELATIONSHIP
HEAD, SPOUSE, CHILD, GRANDCHILD, PARENT, OTHER_RELATIVE, NON_RELATIVE = range(7)
MAX_SIZE = 15
# probabilities of the roles of members other than head and spouse, by head's age band (<35, 35-54, 55+)
ROLE_PROBABILITIES = np.array([
    # child grandchild parent other_relative non_relative
    [0.80, 0.01, 0.08, 0.09, 0.02],
    [0.82, 0.05, 0.06, 0.06, 0.01],
    [0.45, 0.40, 0.005, 0.125, 0.02],
])
OTHER_ROLES = np.array([CHILD, GRANDCHILD, PARENT, OTHER_RELATIVE, NON_RELATIVE])


@dataclass(frozen=True)
class Members:
    """Everyone in the sampled households, stored household by household."""

    size: np.ndarray  # household size
    hh: np.ndarray  # household index of each person
    line: np.ndarray  # line number, 1 = head
    age: np.ndarray
    male: np.ndarray  # bool
    relationship: np.ndarray  # codes of schema.RELATIONSHIP
    mother_line: np.ndarray  # line of the mother, 0 when she is not a household member

    @property
    def starts(self) -> np.ndarray:
        """Position of each household's first person (its head)."""
        return np.cumsum(self.size) - self.size

    def total(self, values: np.ndarray) -> np.ndarray:
        """Per-household sum of a person-level array."""
        return np.add.reduceat(values, self.starts)

    def maximum(self, values: np.ndarray) -> np.ndarray:
        """Per-household maximum of a person-level array."""
        return np.maximum.reduceat(values, self.starts)

    def minimum(self, values: np.ndarray) -> np.ndarray:
        """Per-household minimum of a person-level array."""
        return np.minimum.reduceat(values, self.starts)

    def any(self, flags: np.ndarray) -> np.ndarray:
        """Per-household: does any member have the flag?"""
        return np.logical_or.reduceat(flags, self.starts)


def draw_members(
    rng: np.random.Generator, n_households: int, *, mean_size: float, head_age_mean: float
) -> Members:
    """Draw household composition for ``n_households`` households.

    Household size is 1 + Poisson(mean_size - 1) (capped at 15); the head's age is normal around
    ``head_age_mean``; female heads are more common at older ages (widowhood); other members are
    children, grandchildren, parents, other relatives or non-relatives with probabilities that
    depend on the head's age, and ages that follow from the role.

    Examples
    --------
    >>> m = draw_members(np.random.default_rng(0), 1000, mean_size=4.38, head_age_mean=47)
    >>> bool(abs(m.size.mean() - 4.38) < 0.2)
    True
    """
    size = np.minimum(1 + rng.poisson(mean_size - 1, n_households), MAX_SIZE)
    head_age = np.clip(np.rint(rng.normal(head_age_mean, 15.0, n_households)), 18, 95).astype("int64")
    head_female = rng.random(n_households) < np.where(head_age >= 55, 0.42, 0.17)
    has_spouse = (size >= 2) & (rng.random(n_households) < np.where(head_female, 0.10, 0.93))
    spouse_age = np.clip(head_age + np.where(head_female, 3, -3) + rng.normal(0, 3.5, n_households), 15, 99)
    mother_age = np.where(head_female, head_age, np.where(has_spouse, spouse_age, head_age - 3.0))
    mother_line = np.where(head_female, 1, np.where(has_spouse, 2, 0))

    hh = np.repeat(np.arange(n_households), size)
    starts = np.cumsum(size) - size
    line = np.arange(hh.size) - starts[hh] + 1
    is_spouse = (line == 2) & has_spouse[hh]
    band = np.digitize(head_age, [35, 55])[hh]
    u_role = rng.random(hh.size)
    pick = np.choose(band, [np.searchsorted(np.cumsum(p), u_role, side="right") for p in ROLE_PROBABILITIES])
    role = OTHER_ROLES[np.minimum(pick, OTHER_ROLES.size - 1)]
    relationship = np.select([line == 1, is_spouse], [HEAD, SPOUSE], role)

    u = rng.random(hh.size)
    m_age = mother_age[hh]
    h_age = head_age[hh].astype("float64")
    child_gap = 17 + u**1.6 * (np.clip(m_age, 18, 45) - 17)
    ages = np.select(
        [relationship == HEAD, relationship == SPOUSE, relationship == CHILD,
         relationship == GRANDCHILD, relationship == PARENT, relationship == NON_RELATIVE],
        [h_age, spouse_age[hh], m_age - child_gap, u * np.clip(h_age - 38, 1, 25),
         h_age + 18 + 14 * u, 12 + 38 * u],
        60 * u**1.5,  # other relatives: mostly young
    )
    age = np.clip(np.floor(ages), 0, 99).astype("int64")
    male_share = np.select(
        [relationship == HEAD, relationship == SPOUSE, relationship == PARENT], [~head_female[hh], head_female[hh], 0.3],
        0.515,
    )
    male = rng.random(hh.size) < male_share
    own_mother = (relationship == CHILD) & (mother_line[hh] > 0) & (m_age - age >= 15)
    return Members(
        size=size, hh=hh, line=line, age=age, male=male, relationship=relationship,
        mother_line=np.where(own_mother, mother_line[hh], 0),
    )
