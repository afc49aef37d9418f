"""Leaving No One Behind (ESCAP LNOB): D-index, HOI, Shapley decomposition and LNOB trees.

Methods as in ``METHODS.md`` section 2 (ESCAP LNOB platform; Savic et al. 2020; Paes de Barros
et al. 2009):

- :func:`d_index`, :func:`hoi`, :func:`access_by_group`: inequality of access across every
  combination of circumstances (:mod:`sptools.lnob.dissimilarity`);
- :func:`shapley_d`: each circumstance's contribution to D (:mod:`sptools.lnob.shapley`);
- :func:`lnob_tree`: the groups furthest behind and ahead (:mod:`sptools.lnob.tree`).

Examples
--------
>>> import pandas as pd
>>> from sptools.lnob import d_index
>>> df = pd.DataFrame({"water": [1, 1, 0, 1], "urban": [True, True, False, False]})
>>> round(d_index(df, "water", ["urban"]), 4)
0.1667
"""

from __future__ import annotations

from sptools.lnob.dissimilarity import access_by_group, d_index, hoi
from sptools.lnob.shapley import shapley_d
from sptools.lnob.tree import LNOBTree, default_min_leaf, lnob_tree
from sptools.lnob.validation import Exclusions, LNOBWarning

__all__ = [
    "Exclusions",
    "LNOBTree",
    "LNOBWarning",
    "access_by_group",
    "d_index",
    "default_min_leaf",
    "hoi",
    "lnob_tree",
    "shapley_d",
]
