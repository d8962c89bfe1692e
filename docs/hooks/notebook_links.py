"""MkDocs hook: make the example notebooks' links to other pages work on the site.

A notebook links to the documentation as files (``../concepts.md#turnout``), which works
where it is read as a file (Jupyter, a repository browser). mkdocs-jupyter turns the
notebook into HTML without resolving those links, so this hook rewrites each one to the
page's URL and reports a link to a missing page, or to a missing heading, as a warning
(an error under ``mkdocs build --strict``), as MkDocs does for Markdown pages. A link to
the notebook itself points to the copy readers can download.
"""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger("mkdocs.hooks.notebook_links")

_HREF = re.compile(r'href="([^"]*)"')
# (notebook, link as written, built page, heading id) for the headings checked after the build
_anchors: list[tuple[str, str, str, str]] = []


def on_pre_build(config: Any) -> None:
    _anchors.clear()


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    source = page.file.src_uri
    if not source.endswith(".ipynb"):
        return html

    def rewrite(match: re.Match[str]) -> str:
        link = match.group(1)
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path or link.startswith("/"):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), parts.path))
        if target == source:
            # The notebook itself: the copy saved beside its page (`include_source`).
            return f'href="{posixpath.basename(source)}"'
        file = files.get_file_from_path(target)
        if file is None:
            log.warning("%s links to %r, which is not a page of the site", source, link)
            return match.group(0)
        if parts.fragment:
            _anchors.append((source, link, file.abs_dest_path, parts.fragment))
        url = file.url_relative_to(page.file)
        return f'href="{url}#{parts.fragment}"' if parts.fragment else f'href="{url}"'

    return _HREF.sub(rewrite, html)


def on_post_build(config: Any) -> None:
    for source, link, built, fragment in _anchors:
        if f'id="{fragment}"' not in Path(built).read_text(encoding="utf-8"):
            log.warning("%s links to %r, but that page has no heading #%s", source, link, fragment)
