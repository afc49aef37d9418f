"""Lesson recipes: the standard analyses of one lesson, composed from the core methods.

A recipe knows the curriculum (which indicators, circumstances, schemes and designs a lesson uses);
the core methods it composes (:mod:`sptools.lnob`, :mod:`sptools.mpi`, :mod:`sptools.sp2lnob`,
:mod:`sptools.shocks`, ...) do not. Import a recipe module directly:

- :mod:`sptools.recipes.lnob_report`         the LNOB analysis of an opportunity:
                                             D, HOI, Shapley, tree
- :mod:`sptools.recipes.mpi_design`          candidate indicators and the evaluation of
                                             a national MPI
- :mod:`sptools.recipes.sp2lnob_scenarios`   the Cambodian SP2LNOB scenarios and the policy brief
- :mod:`sptools.recipes.shock_precedents`    Cambodia's shock responses
                                             (COVID-19, floods, inflation)
"""
