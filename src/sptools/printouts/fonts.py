"""Fonts of the printed pages: Noto Sans Khmer, vendored with the book, so Khmer prints offline.

The font files are those the HTML book serves (``book/_static/vendor/noto-sans-khmer``); a Khmer
font installed on the system (Debian ``fonts-khmeros``, ``fonts-noto-core``) is the fallback.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["FONT_FAMILY", "KHMER_FONT_FOLDER", "font_css"]

KHMER_FONT_FOLDER = Path("book") / "_static" / "vendor" / "noto-sans-khmer"
FONT_FAMILY = (
    '"Noto Sans Khmer Print", "DejaVu Sans", "Liberation Sans", Arial, "Noto Sans Khmer", '
    '"Khmer OS", "Khmer OS System", sans-serif'
)


def font_css(root: Path) -> str:
    """``@font-face`` rules for the vendored Khmer font under the course folder ``root``.

    Raises
    ------
    FileNotFoundError
        When the vendored font is missing (run ``python3 tasks.py vendor``).
    """
    folder = (root / KHMER_FONT_FOLDER).resolve()
    rules = []
    for weight in (400, 700):
        path = folder / f"noto-sans-khmer-khmer-{weight}-normal.woff2"
        if not path.exists():
            raise FileNotFoundError(
                f"{path} is missing: the Khmer font is vendored with the book "
                "(python3 tasks.py vendor)."
            )
        rules.append(
            '@font-face { font-family: "Noto Sans Khmer Print"; '
            f"src: url('{path.as_uri()}') format('woff2'); font-weight: {weight}; "
            "unicode-range: U+1780-17FF, U+19E0-19FF, U+200B-200D, U+25CC; }"
        )
    return "\n".join(rules)
