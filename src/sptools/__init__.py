"""sptools: evidence-based social protection analysis for the LNOB / MPI / SP2LNOB curriculum.

Declare the survey design once and pass it to every estimator::

    from sptools import Design
    design = Design(persons, weight="weight", strata="stratum", psu="psu")

Every estimator answers in the same shape (:mod:`sptools.results`): named estimates with
``.se``, ``.ci()``, ``.to_frame()`` and ``.exclusions``.

Submodules (import them directly, e.g. ``from sptools import mpi``):

- :mod:`sptools.datasets`   load the shipped synthetic survey and reference tables
- :mod:`sptools.synth`      generate the synthetic Cambodian household survey
- :mod:`sptools.indicators` global MPI deprivations and LNOB opportunity indicators
- :mod:`sptools.mpi`        the Alkire-Foster method
- :mod:`sptools.lnob`       dissimilarity index, HOI, Shapley decomposition, LNOB trees
- :mod:`sptools.design`     the survey design, declared once
- :mod:`sptools.survey`     the linearised and bootstrap variance machinery
- :mod:`sptools.poverty`    FGT, Gini, Palma, Atkinson
- :mod:`sptools.exercises`  ``check()`` for the workshop exercises
- :mod:`sptools.text`       numbers formatted for the prose of a lesson (``percent``, ``number``)
"""

from sptools.design import Design
from sptools.results import Estimate, Exclusions, Result

__all__ = ["Design", "Estimate", "Exclusions", "Result"]
__version__ = "0.1.0"

from sptools.text import show_warnings_readably as _show_warnings_readably

# sptools' own warnings (missing data dropped, ...) read as one line in a notebook, without the
# kernel's temporary file name: see sptools.text.
_show_warnings_readably()
