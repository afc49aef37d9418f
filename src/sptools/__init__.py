"""sptools: evidence-based social protection analysis for the LNOB / MPI / SP2LNOB curriculum.

Submodules (import them directly, e.g. ``from sptools import mpi``):

- :mod:`sptools.datasets`   load the shipped synthetic survey and reference tables
- :mod:`sptools.synth`      generate the synthetic Cambodian household survey
- :mod:`sptools.indicators` global MPI deprivations and LNOB opportunity indicators
- :mod:`sptools.mpi`        the Alkire-Foster method
- :mod:`sptools.lnob`       dissimilarity index, HOI, Shapley decomposition, LNOB trees
- :mod:`sptools.survey`     weighted estimates with design-based standard errors
- :mod:`sptools.poverty`    FGT, Gini, Palma, Atkinson
- :mod:`sptools.exercises`  ``check()`` for the workshop exercises
- :mod:`sptools.text`       numbers formatted for the prose of a lesson (``percent``, ``number``)
"""

__version__ = "0.1.0"

from sptools.text import show_warnings_readably as _show_warnings_readably

# sptools' own warnings (missing data dropped, ...) read as one line in a notebook, without the
# kernel's temporary file name: see sptools.text.
_show_warnings_readably()
