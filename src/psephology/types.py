"""Constrained types shared by the models and the frame validation.

Each type is declared once here, as ``Annotated`` metadata that Pydantic enforces on
the models and that :mod:`psephology.schema` reads to run the same checks over a whole
frame at once: ranges (``Ge``, ``Gt``, ``Le``), patterns (``StringConstraints``), the
accepted spellings of flags (:data:`TRUE_TEXT`, :data:`FALSE_TEXT`) and of dates
(:data:`DATE_PATTERN`).

Counts are whole numbers, written with digits only: a model refuses ``True``,
``"40,086"``, ``"5.0"`` or ``5.5`` for a count rather than converting it, as a file's
reader does.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import typing
from typing import Annotated, Any

from annotated_types import Ge, Gt, Le
from pydantic import BeforeValidator, Field, StringConstraints

__all__ = [
    "DATE_PATTERN",
    "FALSE_TEXT",
    "LARGEST_COUNT",
    "PATTERN_DESCRIPTIONS",
    "TRUE_TEXT",
    "WHOLE_NUMBER_TEXT",
    "ElectionDate",
    "ElectionId",
    "Electorate",
    "Flag",
    "GssCode",
    "Label",
    "PartyId",
    "RejectedBallots",
    "VoteCount",
]

#: The largest count accepted: more voters than any electorate has, and small enough
#: that sums over millions of rows stay exact in 64-bit integers.
LARGEST_COUNT = 10**12

#: How true and false may be written in a file.
TRUE_TEXT = frozenset({"true", "True", "TRUE"})
FALSE_TEXT = frozenset({"false", "False", "FALSE"})

#: How a whole number may be written: digits, a sign, spaces around.
WHOLE_NUMBER_TEXT = r"\s*[+-]?[0-9]+\s*"

#: How a date is written: ``YYYY-MM-DD``.
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

# No leading or trailing white space, at least one character, no carriage return
# (which a CSV line would not keep); inner line feeds are allowed.
_TRIMMED = r"^\S(?:[^\r]*\S)?$"


def _whole_number(value: Any) -> Any:
    """Accept integers (Python or NumPy), digits as text, and floats without a fraction."""
    if isinstance(value, str) and re.fullmatch(WHOLE_NUMBER_TEXT, value):
        return int(value)
    if isinstance(value, bool | str | bytes):
        message = f"expected a whole number, not {value!r}"
        raise ValueError(message)  # noqa: TRY004 - pydantic reports ValueError
    if isinstance(value, float):
        if not value.is_integer():
            message = f"expected a whole number, not {value!r}"
            raise ValueError(message)
        return int(value)
    try:
        return operator.index(value)
    except TypeError:
        return value


def _flag(value: Any) -> Any:
    """Accept booleans (Python or NumPy), None and the file spellings of true and false."""
    if value is None or isinstance(value, bool):
        return value
    if type(value).__name__ == "bool" and hasattr(value, "item"):  # numpy.bool
        return bool(value)
    if isinstance(value, str) and value in TRUE_TEXT | FALSE_TEXT:
        return value in TRUE_TEXT
    message = f"expected true or false, not {value!r}"
    raise ValueError(message)


def _date(value: Any) -> Any:
    """Accept dates and ``YYYY-MM-DD`` text; refuse times of day and other spellings."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time() or value.tzinfo is not None:
            message = f"expected a date without a time of day, not {value!r}"
            raise ValueError(message)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(DATE_PATTERN, value):
        return value
    message = f"expected a date written YYYY-MM-DD, not {value!r}"
    raise ValueError(message)


_COUNT = BeforeValidator(_whole_number)

VoteCount = Annotated[
    int,
    _COUNT,
    Ge(0),
    Le(LARGEST_COUNT),
    Field(description="valid votes for a candidate", examples=[40086]),
]
"""Valid votes cast for one candidate: a whole number, 0 or more."""

Electorate = Annotated[
    int,
    _COUNT,
    Gt(0),
    Le(LARGEST_COUNT),
    Field(description="registered electors in a contest", examples=[74831]),
]
"""Registered electors: a whole number greater than 0."""

RejectedBallots = Annotated[
    int,
    _COUNT,
    Ge(0),
    Le(LARGEST_COUNT),
    Field(description="ballot papers rejected at the count", examples=[122]),
]
"""Ballot papers rejected at the count: a whole number, 0 or more."""

Flag = Annotated[bool, BeforeValidator(_flag), Field(description="true or false")]
"""True or false; in a file ``true``/``false`` (also ``True``, ``TRUE``...)."""

ElectionDate = Annotated[
    dt.date, BeforeValidator(_date), Field(description="a date written YYYY-MM-DD")
]
"""Polling day: a date, or text ``YYYY-MM-DD``."""

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
    Field(
        description="text without leading or trailing spaces or carriage returns",
        examples=["Islington North"],
    ),
]
"""A name as published (constituency, candidate, party, region, nation), trimmed."""


def _pattern_descriptions() -> dict[str, str]:
    described: dict[str, str] = {}
    # Label first: party ids share its pattern, and its words describe both.
    for annotated in (Label, GssCode, ElectionId, PartyId):
        pattern = description = None
        for item in typing.get_args(annotated)[1:]:
            pattern = getattr(item, "pattern", None) or pattern
            description = getattr(item, "description", None) or description
        if pattern and description:
            described.setdefault(pattern, description)
    return described


#: What each pattern of the types above means, in words, for error messages.
PATTERN_DESCRIPTIONS: dict[str, str] = _pattern_descriptions()
