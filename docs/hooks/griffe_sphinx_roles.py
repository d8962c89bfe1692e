"""Griffe extension: render the docstrings' reStructuredText idioms as Markdown.

psephology's docstrings are numpydoc, which cross-references with Sphinx roles
(``:func:`~psephology.analysis.share_changes```) and numbers its references
``.. [1]``. mkdocstrings renders docstrings as Markdown, so this extension, for the
documentation site only, turns each role into a link to the object's entry in the API
reference (or plain code when the object has no entry) and each reference into an item
of a numbered list. The docstrings themselves stay numpydoc.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?P<role>func|class|meth|attr|mod|data|obj|exc):`(?P<target>[^`]+)`")
_REFERENCE = re.compile(r"^(?P<indent>[ \t]*)\.\. \[(?P<number>\d+)\][ \t]+", flags=re.MULTILINE)


def _identifier(role: str, target: str, obj: griffe.Object) -> str:
    if target.startswith("psephology"):
        return target
    # Names without a module are those of the module, or for methods and attributes,
    # of the class, where the docstring is written.
    if role in {"meth", "attr"} and "." not in target:
        owner = obj if obj.is_class else obj.parent
        if owner is not None and owner.is_class:
            return f"{owner.path}.{target}"
    return f"{obj.module.path}.{target}"


def _markdown(text: str, obj: griffe.Object) -> str:
    def link(match: re.Match[str]) -> str:
        target = match.group("target").lstrip("!")
        short = target.startswith("~")
        target = target.lstrip("~")
        title = target.rsplit(".", 1)[-1] if short else target
        if match.group("role") in {"func", "meth"}:
            title += "()"
        identifier = _identifier(match.group("role"), target, obj)
        # `optional`: an object without an entry in the reference is shown as code, unlinked.
        return f'<autoref identifier="{identifier}" optional><code>{title}</code></autoref>'

    text = _ROLE.sub(link, text)
    return _REFERENCE.sub(r"\g<indent>\g<number>. ", text)


class SphinxRolesToMarkdown(griffe.Extension):
    """Rewrite roles and numbered references in every docstring, as it is loaded."""

    def on_instance(self, *, node: Any, obj: griffe.Object, agent: Any, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _markdown(obj.docstring.value, obj)
