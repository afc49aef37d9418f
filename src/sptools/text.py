"""Numbers quoted in prose, and sptools warnings shown as one readable line.

Lesson notebooks quote results in their text with inline ``{eval}`` roles, for example
``{eval}`percent(national_rate)```. JupyterLab (with jupyterlab-myst) and the Jupyter Book build
(MyST-NB) both show the plain-text representation of the value. A plain ``str`` shows there with
its quotes (``'17.8%'``), so the formatters below return :class:`Prose`, a ``str`` whose
representation is the text itself. See CONTRIBUTING.md for the authoring convention.

The module also formats sptools' own warnings (:class:`~sptools.indicators.MissingDataWarning`,
:class:`~sptools.lnob.validation.LNOBWarning`, ...) as ``MissingDataWarning: <message>``, without
the kernel's temporary file name and line number: :func:`show_warnings_readably` is called when
:mod:`sptools` is imported. Warnings of other libraries keep Python's format.
"""

from __future__ import annotations

import sys
import warnings
from typing import TextIO

__all__ = ["Prose", "number", "percent", "points", "show_warnings_readably"]


class Prose(str):
    """Text that displays without quotes: its ``repr`` is the text itself.

    Examples
    --------
    >>> Prose("17.8%")
    17.8%
    >>> Prose("17.8%") == "17.8%"
    True
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def percent(share: float, digits: int = 1) -> Prose:
    """A share between 0 and 1 as a percentage, e.g. ``0.1783`` as ``17.8%``.

    Parameters
    ----------
    share : float
        The share (0.178 means 17.8%).
    digits : int, default 1
        Decimal places of the percentage.

    Examples
    --------
    >>> percent(0.17834)
    17.8%
    >>> percent(0.04, digits=0)
    4%
    """
    return Prose(f"{float(share):.{digits}%}")


def points(share_difference: float, digits: int = 1) -> Prose:
    """A difference between two shares in percentage points, e.g. ``0.021`` as ``2.1``.

    Parameters
    ----------
    share_difference : float
        The difference between two shares (0.021 is 2.1 percentage points).
    digits : int, default 1
        Decimal places.

    Examples
    --------
    >>> points(0.2015 - 0.1783)
    2.3
    """
    return Prose(f"{float(share_difference) * 100:.{digits}f}")


def number(value: float, digits: int = 0) -> Prose:
    """A count or amount with thousands separators, e.g. ``1234567`` as ``1,234,567``.

    Parameters
    ----------
    value : float
        The number.
    digits : int, default 0
        Decimal places.

    Examples
    --------
    >>> number(1234567)
    1,234,567
    >>> number(0.3333, digits=3)
    0.333
    """
    return Prose(f"{float(value):,.{digits}f}")


def _from_sptools(category: type[Warning]) -> bool:
    return category.__module__.split(".")[0] == "sptools"


def show_warnings_readably() -> None:
    """Show sptools' own warnings as ``<WarningClass>: <message>``, without file name and line.

    Other warnings keep Python's format. Calling it again changes nothing.

    Examples
    --------
    >>> show_warnings_readably()
    >>> from sptools.indicators import MissingDataWarning
    >>> warnings.showwarning("2 rows dropped", MissingDataWarning, "/tmp/x.py", 3, sys.stdout)
    MissingDataWarning: 2 rows dropped
    """
    previous = warnings.showwarning
    if getattr(previous, "_sptools", False):
        return

    def showwarning(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        if not _from_sptools(category):
            previous(message, category, filename, lineno, file, line)
            return
        stream = sys.stderr if file is None else file
        stream.write(f"{category.__name__}: {message}\n")

    showwarning._sptools = True  # type: ignore[attr-defined]
    warnings.showwarning = showwarning
