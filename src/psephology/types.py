"""Constrained types shared by the models and the frame validation.

Each type is declared once here, as ``Annotated`` metadata that Pydantic enforces on
the models and that :mod:`psephology.schema` reads to run the same checks over a whole
frame at once. ``expected`` in each ``Field`` is what an error message says was
expected.
"""

from __future__ import annotations

from typing import Annotated

from annotated_types import Ge, Gt
from pydantic import Field, StringConstraints

__all__ = [
    "ElectionId",
    "Electorate",
    "GssCode",
    "Label",
    "PartyId",
    "RejectedBallots",
    "VoteCount",
]

# No leading or trailing white space, at least one character; inner new lines allowed.
_TRIMMED = r"^\S(?:[\s\S]*\S)?$"

VoteCount = Annotated[
    int, Ge(0), Field(description="valid votes for a candidate", examples=[40086])
]
"""Valid votes cast for one candidate: a whole number, 0 or more."""

Electorate = Annotated[
    int, Gt(0), Field(description="registered electors in a contest", examples=[74831])
]
"""Registered electors: a whole number greater than 0."""

RejectedBallots = Annotated[
    int, Ge(0), Field(description="ballot papers rejected at the count", examples=[122])
]
"""Ballot papers rejected at the count: a whole number, 0 or more."""

GssCode = Annotated[
    str,
    StringConstraints(pattern=r"^[EKLMNSW][0-9]{8}$"),
    Field(
        description="ONS (GSS) area code: a nation letter and 8 digits",
        examples=["E14000763"],
    ),
]
"""An ONS/GSS area code such as ``E14000763``: E, W, S, N, K, L or M, then 8 digits."""

ElectionId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64),
    Field(
        description="short election id: letters, digits, '_', '.', '-'",
        examples=["ge2017"],
    ),
]
"""A short election id such as ``ge2017``: letters, digits, ``_``, ``.`` and ``-``."""

PartyId = Annotated[
    str,
    StringConstraints(pattern=_TRIMMED, max_length=64),
    Field(description="short party id without surrounding spaces", examples=["Lab"]),
]
"""A short party id such as ``Lab``: no leading or trailing spaces."""

Label = Annotated[
    str,
    StringConstraints(pattern=_TRIMMED),
    Field(description="text without leading or trailing spaces", examples=["Islington North"]),
]
"""A name as published (constituency, candidate, party, region, nation), trimmed."""
