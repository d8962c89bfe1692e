"""Constrained types shared by the models and the frame validation.

Each type is declared once here, as ``Annotated`` metadata that Pydantic enforces on
the models and that :mod:`psephology.schema` reads to run the same checks over a whole
frame at once: bounds of counts (:class:`Count`), patterns of text (:class:`Text`), the
accepted spellings of flags (:data:`TRUE_TEXT`, :data:`FALSE_TEXT`) and of dates
(:data:`DATE_PATTERN`). Pydantic itself is loaded only when a model is first built.

Counts are whole numbers, written with digits (and thousands separators only where
unambiguous, ``"40,086"``): a model refuses ``True``, ``"4,0086"``, ``"5.0"`` or ``5.5``
for a count rather than converting it, as a file's reader does.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

__all__ = [
    "DATE_PATTERN",
    "DATE_RANGE",
    "EARLIEST_DATE",
    "FALSE_TEXT",
    "LARGEST_COUNT",
    "LATEST_DATE",
    "PATTERN_DESCRIPTIONS",
    "TRUE_TEXT",
    "WHOLE_NUMBER_TEXT",
    "BallotCount",
    "Count",
    "ElectionDate",
    "ElectionId",
    "ElectionKind",
    "Electorate",
    "Flag",
    "GssCode",
    "Label",
    "PartyId",
    "RejectedBallots",
    "SeatCount",
    "SeatsWon",
    "Text",
    "VoteCount",
    "control_character_problem",
    "has_control_character",
    "is_trimmed",
    "rule_of",
]

#: The largest count accepted: more voters than any electorate has, and small enough
#: that sums over millions of rows stay exact in 64-bit integers.
LARGEST_COUNT = 10**12

#: How true and false may be written in a file.
TRUE_TEXT = frozenset({"true", "True", "TRUE"})
FALSE_TEXT = frozenset({"false", "False", "FALSE"})

#: How a whole number may be written: digits, a sign, spaces around; thousands may be
#: separated by commas when every group has three digits (``40,086``: unambiguous).
WHOLE_NUMBER_TEXT = r"\s*[+-]?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)\s*"

#: How a date is written: ``YYYY-MM-DD``.
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

#: The dates accepted: those a Python date can hold, so that every later step (the
#: display, the reports, the indices) can show and compare them. Year 0 is not one.
EARLIEST_DATE, LATEST_DATE = dt.date.min, dt.date.max
#: What is said of a date outside them.
DATE_RANGE = f"a date from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"

# Control characters refused in text: those of C0 but tab and line feed, and DEL. A
# terminal may act on them (an escape sequence can clear the screen), and no published
# name holds one. The C1 controls (U+0080 to U+009F) are kept, as a mis-decoded name of
# an official file holds one; the command line writes every control character as an
# escape. Named here rather than left to ``\s``, which Python (``str.isspace``) and
# Pydantic's regular expressions read differently for U+001C to U+001F.
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f"

# No leading or trailing white space, at least one character, no carriage return
# (which a CSV line would not keep) and no other control character; inner line feeds
# and tabs are allowed.
_TRIMMED = rf"^[^\s{_CONTROLS}](?:[^{_CONTROLS}]*[^\s{_CONTROLS}])?$"

_CONTROL = re.compile(f"[{_CONTROLS}]")
# The carriage return has its own words in the description of trimmed text.
_CONTROL_BUT_CR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_character(text: str) -> bool:
    """Whether text holds a control character that :data:`Label` refuses (a carriage
    return among them). One search over many names joined is much faster than one a name."""
    return _CONTROL.search(text) is not None


def is_trimmed(value: str) -> bool:
    """The test of ``_TRIMMED``, with a regular expression only for control characters."""
    return value != "" and value == value.strip() and _CONTROL.search(value) is None


def control_character_problem(value: str) -> str | None:
    r"""What is wrong with text holding a control character (but a carriage return), if it does.

    Examples
    --------
    >>> control_character_problem("Ann\x1b[2J")
    "has the control character '\\x1b' (U+001B) at position 3; text may hold line breaks ..."
    >>> control_character_problem("Ann\nBee") is None
    True
    """
    found = _CONTROL_BUT_CR.search(value)
    if found is None:
        return None
    character = found.group()
    return (
        f"has the control character {character!r} (U+{ord(character):04X}) at position "
        f"{found.start()}; text may hold line breaks and tabs but no other control characters"
    )


def _no_control_characters(value: Any) -> Any:
    if isinstance(value, str) and (problem := control_character_problem(value)) is not None:
        message = f"{problem} (value {value!r})"
        raise ValueError(message)
    return value


def _whole_number(value: Any) -> Any:
    """Accept integers (Python or NumPy), digits as text, and floats without a fraction."""
    if isinstance(value, str) and re.fullmatch(WHOLE_NUMBER_TEXT, value):
        return int(value.replace(",", ""))
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
        if value.startswith("0000"):
            message = f"expected {DATE_RANGE}, not {value!r}"
            raise ValueError(message)
        return value
    message = f"expected a date written YYYY-MM-DD, not {value!r}"
    raise ValueError(message)


@dataclass(frozen=True)
class Count:
    """A whole-number rule: bounds, and what the number is, in words.

    Pydantic applies it to model fields; :mod:`psephology.schema` reads the same fields
    to check whole columns.
    """

    description: str
    ge: int | None = None
    gt: int | None = None
    le: int | None = LARGEST_COUNT

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        bounds = core_schema.int_schema(ge=self.ge, gt=self.gt, le=self.le)
        return core_schema.no_info_before_validator_function(_whole_number, bounds)


@dataclass(frozen=True)
class Text:
    """A text rule: a regular expression the whole text matches, and an upper length.

    ``matches`` is the same test written without the regular expression, where that is
    much faster over a column of distinct names (the tests check that they agree).
    """

    description: str
    pattern: str
    max_length: int | None = None
    matches: Callable[[str], bool] | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        text = core_schema.str_schema(pattern=self.pattern, max_length=self.max_length)
        return core_schema.no_info_before_validator_function(_no_control_characters, text)


@dataclass(frozen=True)
class _Before:
    """Run ``function`` on a value before the type's own validation."""

    function: Callable[[Any], Any]
    description: str

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.function, handler(source))


VoteCount = Annotated[int, Count("valid votes for a candidate", ge=0)]
"""Valid votes cast for one candidate: a whole number, 0 or more."""

Electorate = Annotated[int, Count("registered electors in a contest", gt=0)]
"""Registered electors: a whole number greater than 0."""

RejectedBallots = Annotated[int, Count("ballot papers rejected at the count", ge=0)]
"""Ballot papers rejected at the count: a whole number, 0 or more."""

Flag = Annotated[bool, _Before(_flag, "true, false or blank")]
"""True or false; in a file ``true``/``false`` (also ``True``, ``TRUE``...)."""

ElectionDate = Annotated[dt.date, _Before(_date, "a date written YYYY-MM-DD")]
"""Polling day: a date, or text ``YYYY-MM-DD``."""

ElectionKind = Annotated[
    Literal["general", "by-election", "notional", "local"],
    Text(
        "general, by-election, notional or local",
        r"^(?:general|by-election|notional|local)$",
    ),
]
"""What kind of election: ``general`` (every seat), ``by-election`` (one seat, between),
``notional`` (an earlier result estimated on later boundaries) or ``local``."""

SeatCount = Annotated[int, Count("seats to fill in a contest", gt=0, le=1000)]
"""Seats a contest fills: a whole number greater than 0 (1 for most contests)."""

SeatsWon = Annotated[int, Count("seats won by a party in a contest", ge=0, le=1000)]
"""Seats won by a party (or a pool of parties) in one contest, as a source states it."""

BallotCount = Annotated[int, Count("valid ballot papers in a contest", ge=0)]
"""Valid ballot papers counted in a contest, as declared: a whole number, 0 or more."""

GssCode = Annotated[
    str, Text("ONS (GSS) area code: a nation letter and 8 digits", r"^[EKLMNSW][0-9]{8}$")
]
"""An ONS/GSS area code such as ``E14000763``: E, W, S, N, K, L or M, then 8 digits."""

ElectionId = Annotated[
    str,
    Text(
        "short election id: letters, digits, '_', '.', '-'",
        r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        max_length=64,
    ),
]
"""A short election id such as ``ge2017``: letters, digits, ``_``, ``.`` and ``-``."""

PartyId = Annotated[str, Text("short party id without surrounding spaces", _TRIMMED, max_length=64)]
"""A short party id such as ``Lab``: no leading or trailing spaces."""

Label = Annotated[
    str,
    Text(
        "text without leading or trailing spaces or carriage returns",
        _TRIMMED,
        matches=is_trimmed,
    ),
]
"""A name as published (constituency, candidate, party, region, nation), trimmed."""


def rule_of(annotated: Any) -> Count | Text | None:
    """The :class:`Count` or :class:`Text` rule of one of the types above, if any."""
    for item in typing.get_args(annotated)[1:]:
        if isinstance(item, Count | Text):
            return item
    return None


def _pattern_descriptions() -> dict[str, str]:
    described: dict[str, str] = {}
    # Label first: party ids share its pattern, and its words describe both.
    for annotated in (Label, GssCode, ElectionId, PartyId, ElectionKind):
        rule = rule_of(annotated)
        if isinstance(rule, Text):
            described.setdefault(rule.pattern, rule.description)
    return described


#: What each pattern of the types above means, in words, for error messages.
PATTERN_DESCRIPTIONS: dict[str, str] = _pattern_descriptions()
