"""Sphinx extension: keep the HTML book clean and self-contained.

sphinx-thebe (loaded by Jupyter Book) registers its configuration script twice, which makes the
browser raise "Identifier 'THEBE_JS_URL' has already been declared" on every page. This extension
drops repeated script entries from each page.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _drop_repeated_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in context.get("script_files", []):
        # the same inline script may be registered with filename None and with filename ""
        key = (
            str(getattr(script, "filename", script) or ""),
            str(getattr(script, "attributes", {}).get("body", "")),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _drop_repeated_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
