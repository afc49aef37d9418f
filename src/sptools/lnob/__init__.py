"""Leaving No One Behind (ESCAP LNOB): D-index, HOI, Shapley decomposition and LNOB trees.

Methods as in ``METHODS.md`` section 2 (ESCAP LNOB platform; Savic et al. 2020; Paes de Barros
et al. 2009):

- :func:`d_index`, :func:`hoi`, :func:`access_by_group`: inequality of access across every
  combination of circumstances (:mod:`sptools.lnob.dissimilarity`);
- :func:`shapley_d`, :func:`shapley_table`: each circumstance's contribution to D
  (:mod:`sptools.lnob.shapley`);
- :func:`lnob_tree`: the groups furthest behind and ahead (:mod:`sptools.lnob.tree`).

Every function takes the survey design once declared, ``design=sptools.Design(data, ...)``, and
reports design-based standard errors (:mod:`sptools.lnob.variance`): D and the HOI are
:class:`~sptools.results.Estimate` floats, the Shapley table a :class:`~sptools.results.Result`,
group and leaf rates carry ``se``, ``ci_low`` and ``ci_high`` columns. ``weight="column"`` still
works, with a :class:`DeprecationWarning`.

Examples
--------
>>> import pandas as pd
>>> from sptools.lnob import d_index
>>> df = pd.DataFrame({"water": [1, 1, 0, 1], "urban": [True, True, False, False]})
>>> round(d_index(df, "water", ["urban"]), 4)
0.1667
"""

from __future__ import annotations

from sptools.lnob.dissimilarity import DissimilarityIndex, access_by_group, d_index, hoi
from sptools.lnob.shapley import MAX_CIRCUMSTANCES, ShapleyResult, shapley_d, shapley_table
from sptools.lnob.tree import LNOBTree, default_min_leaf, lnob_tree
from sptools.lnob.validation import Exclusions, LNOBWarning

__all__ = [
    "MAX_CIRCUMSTANCES",
    "DissimilarityIndex",
    "Exclusions",
    "LNOBTree",
    "LNOBWarning",
    "ShapleyResult",
    "access_by_group",
    "d_index",
    "default_min_leaf",
    "hoi",
    "lnob_tree",
    "shapley_d",
    "shapley_table",
]
