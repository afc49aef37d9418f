"""Household composition: size, head, spouse, other members, their ages, sexes and mothers.

Persons are stored household by household (``Members.hh`` is sorted), so per-household sums,
maxima and minima are ``numpy.ufunc.reduceat`` calls over contiguous slices.

Children live with their mother unless she has left the household (migration, death):
the head's children have the head or the spouse as mother; grandchildren have a daughter or
daughter-in-law of the head; young other relatives (nieces, nephews...) have a woman among the
other relatives. Children are without a mother at home when the head is a man without a spouse,
in a share ``1 - MOTHER_PRESENT`` of the households with grandchildren or young relatives, and
where no member can be their mother.

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
# probabilities of the roles of members other than head and spouse,
# by head's age band (<35, 35-54, 55+)
ROLE_PROBABILITIES = np.array(
    [
        # child grandchild parent other_relative non_relative
        [0.80, 0.00, 0.08, 0.10, 0.02],
        [0.82, 0.05, 0.06, 0.06, 0.01],
        [0.45, 0.40, 0.005, 0.125, 0.02],
    ]
)
OTHER_ROLES = np.array([CHILD, GRANDCHILD, PARENT, OTHER_RELATIVE, NON_RELATIVE])
#: share of other relatives who are children (nieces, nephews, cousins) rather than adults
YOUNG_RELATIVE_SHARE = 0.4
#: probability that the mother of a household's grandchildren (or young relatives) lives with them
MOTHER_PRESENT = 0.93
#: youngest and oldest age of a mother in the household at the time of the survey
MOTHER_AGES = (17, 49)


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

    def own_children(self, flags: np.ndarray) -> np.ndarray:
        """Per person: how many of the household's members with the flag have this person as
        mother."""
        key = self.hh * (MAX_SIZE + 1)
        counts = np.bincount(
            (key + self.mother_line)[flags & (self.mother_line > 0)],
            minlength=self.size.size * (MAX_SIZE + 1),
        )
        return counts[key + self.line]


def _first_in_household(rank: np.ndarray, hh: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Position of each household's member with the lowest finite ``rank`` (the first one on ties),
    -1 if none."""
    best = np.minimum.reduceat(rank, starts)
    position = np.where((rank == best[hh]) & np.isfinite(rank), np.arange(rank.size), rank.size)
    first = np.minimum.reduceat(position, starts)
    return np.where(first < rank.size, first, -1)


def _mother_of(
    children: np.ndarray, rank: np.ndarray, hh: np.ndarray, starts: np.ndarray, present: np.ndarray
) -> np.ndarray:
    """Position of the mother of the flagged ``children`` in each household, -1 when she is absent.

    The mother is the member with the lowest finite ``rank`` (a child may be ranked too: she then
    becomes the mother of the others). Households without children, without a ranked member, or
    where ``present`` is False, have none.
    """
    needed = np.logical_or.reduceat(children, starts) & present
    chosen = _first_in_household(np.where(needed[hh], rank, np.inf), hh, starts)
    return np.where(needed, chosen, -1)


def _next_generation_mothers(
    rng: np.random.Generator,
    relationship: np.ndarray,
    male: np.ndarray,
    u: np.ndarray,
    hh: np.ndarray,
    starts: np.ndarray,
    older_head: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Choose the mother of each household's grandchildren and of its young other relatives.

    Other relatives with ``u < YOUNG_RELATIVE_SHARE`` are young (nieces, nephews...); those of a
    head aged 35+ (``older_head``) with no adult relative at home are the head's grandchildren.
    The grandchildren's mother is a daughter, else a daughter-in-law, else a son or male relative
    (made a woman), else one of several grandchildren (made a daughter); the young relatives' mother
    is an adult relative, else one of several young relatives. Each is at home with probability
    ``MOTHER_PRESENT``.

    Returns (relationship, position of the grandchildren's mother per household, of the young
    relatives' mother, number of men who became mothers); a position is -1 when there is none.
    """
    relationship = relationship.copy()
    young_relative = (relationship == OTHER_RELATIVE) & (u < YOUNG_RELATIVE_SHARE)
    adult_relative = (relationship == OTHER_RELATIVE) & ~young_relative
    grandchild_instead = (
        young_relative & ~np.logical_or.reduceat(adult_relative, starts)[hh] & older_head
    )
    relationship[grandchild_instead] = GRANDCHILD
    young_relative &= ~grandchild_instead
    grandchild = relationship == GRANDCHILD
    several_grandchildren = np.add.reduceat(grandchild.astype("int64"), starts)[hh] >= 2
    candidate = (relationship == CHILD) | adult_relative | (grandchild & several_grandchildren)
    order = np.select([grandchild, relationship == CHILD], [4, 0], 1) + 2 * (male & ~grandchild)
    rank_daughter = np.where(candidate, order, np.inf) + u / 2
    daughter = _mother_of(
        grandchild, rank_daughter, hh, starts, rng.random(starts.size) < MOTHER_PRESENT
    )
    taken = np.zeros(hh.size, bool)
    taken[daughter[daughter >= 0]] = True
    several_young = np.add.reduceat(young_relative.astype("int64"), starts)[hh] >= 2
    rank_relative = np.select(
        [adult_relative & ~male & ~taken, adult_relative & ~taken, young_relative & several_young],
        [0.0, 1.0, 2.0 + u],
        np.inf,
    )
    relative = _mother_of(
        young_relative, rank_relative, hh, starts, rng.random(starts.size) < MOTHER_PRESENT
    )
    mothers = np.concatenate([daughter[daughter >= 0], relative[relative >= 0]])
    relationship[daughter[daughter >= 0]] = np.where(
        relationship[daughter[daughter >= 0]] == OTHER_RELATIVE, OTHER_RELATIVE, CHILD
    )
    relationship[relative[relative >= 0]] = OTHER_RELATIVE
    return relationship, daughter, relative, int(male[mothers].sum())


def draw_members(
    rng: np.random.Generator, n_households: int, *, mean_size: float, head_age_mean: float
) -> Members:
    """Draw household composition for ``n_households`` households.

    Household size is 1 + Poisson(mean_size - 1) (capped at 15); the head's age is normal around
    ``head_age_mean``; female heads are more common at older ages (widowhood); other members are
    children, grandchildren, parents, other relatives or non-relatives with probabilities that
    depend on the head's age, and ages that follow from the role.

    Grandchildren get a mother among the head's children (preferably a daughter, otherwise a
    daughter-in-law, otherwise one of several grandchildren becomes a daughter of the head), young
    other relatives among the adult other relatives; with probability ``1 - MOTHER_PRESENT`` per
    household she is away. The children's ages then follow from hers. As many adult women become men
    as men were made mothers, so that the sex ratio stays as drawn.

    Examples
    --------
    >>> m = draw_members(np.random.default_rng(0), 1000, mean_size=4.38, head_age_mean=47)
    >>> bool(abs(m.size.mean() - 4.38) < 0.2)
    True
    >>> child = (m.age < 5) & (m.mother_line > 0)
    >>> mother = np.cumsum(m.size)[m.hh] - m.size[m.hh] + m.mother_line - 1
    >>> bool((~m.male[mother[child]]).all() and (m.age[mother[child]] - m.age[child] >= 15).all())
    True
    """
    size = np.minimum(1 + rng.poisson(mean_size - 1, n_households), MAX_SIZE)
    head_age = np.clip(np.rint(rng.normal(head_age_mean, 15.0, n_households)), 18, 95).astype(
        "int64"
    )
    head_female = rng.random(n_households) < np.where(head_age >= 55, 0.42, 0.17)
    has_spouse = (size >= 2) & (rng.random(n_households) < np.where(head_female, 0.10, 0.93))
    spouse_age = np.clip(
        head_age + np.where(head_female, 3, -3) + rng.normal(0, 3.5, n_households), 15, 99
    )
    mother_age = np.where(head_female, head_age, np.where(has_spouse, spouse_age, head_age - 3.0))
    mother_line = np.where(head_female, 1, np.where(has_spouse, 2, 0))

    hh = np.repeat(np.arange(n_households), size)
    starts = np.cumsum(size) - size
    line = np.arange(hh.size) - starts[hh] + 1
    is_spouse = (line == 2) & has_spouse[hh]
    band = np.digitize(head_age, [35, 55])[hh]
    u_role = rng.random(hh.size)
    pick = np.choose(
        band, [np.searchsorted(np.cumsum(p), u_role, side="right") for p in ROLE_PROBABILITIES]
    )
    role = OTHER_ROLES[np.minimum(pick, OTHER_ROLES.size - 1)]
    relationship = np.select([line == 1, is_spouse], [HEAD, SPOUSE], role)
    u = rng.random(hh.size)
    male_share = np.select(
        [relationship == HEAD, relationship == SPOUSE, relationship == PARENT],
        [~head_female[hh], head_female[hh], 0.3],
        0.515,
    )
    male = rng.random(hh.size) < male_share

    relationship, daughter, relative, men_made_mothers = _next_generation_mothers(
        rng, relationship, male, u, hh, starts, band > 0
    )
    has_daughter, has_relative = daughter >= 0, relative >= 0
    next_mothers = np.concatenate([daughter[has_daughter], relative[has_relative]])
    male[next_mothers] = False
    grandchild = relationship == GRANDCHILD
    young_relative = (relationship == OTHER_RELATIVE) & (u < YOUNG_RELATIVE_SHARE)
    young_relative[next_mothers] = False

    # ages: mothers of the next generation first, then everyone from their role and mother
    low, high = MOTHER_AGES
    v = rng.random(hh.size)
    daughter_age = np.clip(
        mother_age[hh] - 17 - v**1.6 * (np.clip(mother_age[hh], 18, 45) - 17), low, high
    )
    relative_age = 18 + v * (45 - 18)
    generation_mother_age = np.full(hh.size, np.nan)
    generation_mother_age[daughter[has_daughter]] = daughter_age[daughter[has_daughter]]
    generation_mother_age[relative[has_relative]] = relative_age[relative[has_relative]]
    child_mother = np.full(hh.size, -1)
    child_mother[grandchild] = np.where(has_daughter, daughter, -1)[hh[grandchild]]
    child_mother[young_relative] = np.where(has_relative, relative, -1)[hh[young_relative]]
    h_age = head_age[hh].astype("float64")
    child_gap = 17 + u**1.6 * (np.clip(mother_age[hh], 18, 45) - 17)
    # a daughter's or relative's child is born when she is 17 or older
    born_after_17 = np.where(young_relative, u / YOUNG_RELATIVE_SHARE, u) * (
        generation_mother_age[np.maximum(child_mother, 0)] - 17
    )
    is_generation_mother = np.isfinite(generation_mother_age)
    ages = np.select(
        [
            is_generation_mother,
            relationship == HEAD,
            relationship == SPOUSE,
            relationship == CHILD,
            child_mother >= 0,
            grandchild,
            relationship == PARENT,
            relationship == NON_RELATIVE,
        ],
        [
            generation_mother_age,
            h_age,
            spouse_age[hh],
            mother_age[hh] - child_gap,
            born_after_17,
            u * np.clip(h_age - 38, 1, 25),
            h_age + 18 + 14 * u,
            12 + 38 * u,
        ],
        60 * u**1.5,  # other relatives: under 15 when young (u < YOUNG_RELATIVE_SHARE)
    )
    age = np.clip(np.floor(ages), 0, 99).astype("int64")
    # as many adult women (other than mothers) become men as men were made mothers:
    # the sex ratio is kept
    switchable = (
        ~male
        & (age >= 15)
        & ~is_generation_mother
        & (relationship >= CHILD)
        & (relationship != PARENT)
    )
    male = male | (
        switchable & (rng.random(hh.size) < men_made_mothers / max(int(switchable.sum()), 1))
    )
    gap = np.floor(mother_age[hh]).astype("int64") - age
    own_mother = (relationship == CHILD) & (mother_line[hh] > 0) & (gap >= 15) & (gap <= 49)
    line_of_mother = np.where(own_mother, mother_line[hh], 0)
    line_of_mother = np.where(child_mother >= 0, line[np.maximum(child_mother, 0)], line_of_mother)
    return Members(
        size=size,
        hh=hh,
        line=line,
        age=age,
        male=male,
        relationship=relationship,
        mother_line=line_of_mother,
    )
