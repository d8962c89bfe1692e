"""The party registry: party ids, canonical names, aliases and chart colours.

A party id is the House of Commons Library's ``party_abbreviation`` (``Lab``, ``Con``,
``LD``, ``SNP``, ``Spk``, ``Ind``...). Where the Library's abbreviation is a party's full
name or a truncated one, the registry gives the party a well-known short id instead
(``Comm Leagu`` -> ``CL``, "The Yorkshire Party" -> ``Yorks``) and keeps the published
spelling as an alias. Parties not in the registry are normal: published results list
many small parties, which keep their published abbreviation as their id.

:func:`resolve_party_id` maps one published (abbreviation, name) pair onto a registry id
and :func:`resolve_party_ids` does the same for whole columns; :func:`group_parties`
relabels ids with a user's own groups (:data:`LIBRARY_GROUPS` is the House of Commons
Library's five groups of its national tables), and :func:`party_colour` gives the colour a
chart should use.

References
----------
House of Commons Library, "General Election 2017: full results and analysis" (CBP-7979)
and "General Election 2019: full results and analysis" (CBP-8749): the abbreviations
and names used here. House of Commons Library, "UK Election Statistics: 1918-2019: A
Century of Elections" (CBP-7529), Table 1 and its notes: the groups of
:data:`LIBRARY_GROUPS`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from psephology.errors import UnknownPartyError

__all__ = [
    "LIBRARY_GROUPS",
    "PARTIES",
    "UNKNOWN_PARTY_COLOUR",
    "RegisteredParty",
    "get_party",
    "group_parties",
    "party_colour",
    "resolve_party_id",
    "resolve_party_ids",
]

UNKNOWN_PARTY_COLOUR = "#AAAAAA"
"""Chart colour (``#RRGGBB``) of a party without a colour of its own: a mid grey."""

# At most this many close ids are suggested when an id is not in the registry.
_SUGGESTIONS = 3


@dataclass(frozen=True, slots=True)
class RegisteredParty:
    """A party in the registry.

    Parameters
    ----------
    id : str
        Registry id, the House of Commons Library abbreviation where it is a usable
        one, e.g. ``"Lab"``.
    name : str
        Canonical name as the House of Commons Library publishes it, e.g. ``"Labour"``.
    colour : str
        Chart colour as ``#RRGGBB``.
    aliases : tuple of str
        Other names and abbreviations seen in published files that mean this party,
        e.g. ``("Labour and Co-operative", "Lab Coop")``.

    Examples
    --------
    >>> PARTIES["Green"]
    RegisteredParty(id='Green', name='Green', colour='#02A95B', aliases=('Grn', 'Green Party'))
    """

    id: str
    name: str
    colour: str
    aliases: tuple[str, ...] = ()


_REGISTERED = (
    # Colours: the ones widely used for these parties in UK election coverage.
    # The longer aliases are the parties' descriptions on the ballot paper, as the
    # Electoral Commission's results files give them.
    RegisteredParty(
        "Lab",
        "Labour",
        "#E4003B",
        aliases=(
            "Labour and Co-operative",
            "Lab Coop",
            "Labour Co-op",
            "Labour Party",
            "Labour and Co-operative Party",
        ),
    ),
    RegisteredParty(
        "Con",
        "Conservative",
        "#0087DC",
        aliases=("Conservative Party", "Conservative and Unionist Party"),
    ),
    RegisteredParty("LD", "Liberal Democrat", "#FAA61A", aliases=("Liberal Democrats",)),
    RegisteredParty("Green", "Green", "#02A95B", aliases=("Grn", "Green Party")),
    RegisteredParty(
        "SNP", "Scottish National Party", "#FDF38E", aliases=("Scottish National Party (SNP)",)
    ),
    RegisteredParty("PC", "Plaid Cymru", "#005B54", aliases=("Plaid Cymru - The Party of Wales",)),
    RegisteredParty(
        "UKIP", "UK Independence Party", "#6D3177", aliases=("UK Independence Party (UKIP)",)
    ),
    # BRX and APNI are the codes of the Library's newer (2024-style) files.
    RegisteredParty("Brexit", "Brexit Party", "#12B6CF", aliases=("BRX",)),
    # The Brexit Party renamed in January 2021 (the same registration); kept apart so that
    # a comparison says which name stood, as the Library's files do (RUK).
    RegisteredParty("RUK", "Reform UK", "#12B6CF"),
    RegisteredParty("DUP", "Democratic Unionist Party", "#D46A4C"),
    RegisteredParty("SF", "Sinn Fein", "#326760"),
    RegisteredParty("SDLP", "Social Democratic and Labour Party", "#2AA82C"),
    RegisteredParty("UUP", "Ulster Unionist Party", "#48A5EE"),
    RegisteredParty("Alliance", "Alliance", "#F6CB2F", aliases=("APNI",)),
    RegisteredParty("TUV", "Traditional Unionist Voice", "#0C3A6A"),
    # The Speaker is usually drawn white, which vanishes on a white chart: near-black instead.
    RegisteredParty("Spk", "Speaker", "#333333"),
    # Independents are not a party; a darker grey keeps them apart from unknown parties.
    RegisteredParty("Ind", "Independent", "#777777"),
    # Smaller parties with a short Library abbreviation: no colour of their own.
    RegisteredParty("Apol Dem", "Apolitical Democrat", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("BNP", "British National Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("CMEP", "Church of the Militant Elvis Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("CPA", "Christian Peoples Alliance Party", UNKNOWN_PARTY_COLOUR),
    # "Common Goo" is truncated, but no short form of "Common Good Party" is well known.
    RegisteredParty("Common Goo", "Common Good Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("Eng Dem", "English Democrats", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("Green Soc", "Alliance for Green Socialism", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("IGC", "The Independent Group for Change", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("ISWSL", "Independent Save Withybush Save Lives", UNKNOWN_PARTY_COLOUR),
    # The same candidate stood in Winchester under both names (2017, 2019).
    RegisteredParty(
        "JACP",
        "Justice and Anti-Corruption Party",
        UNKNOWN_PARTY_COLOUR,
        aliases=("The Justice & Anti-Corruption Party",),
    ),
    RegisteredParty("Lib", "Liberal", UNKNOWN_PARTY_COLOUR),
    # The Library's 2019 file misspells the name; the correct spelling is kept as the name.
    RegisteredParty(
        "Lincs Ind",
        "Lincolnshire Independents",
        UNKNOWN_PARTY_COLOUR,
        aliases=("Linconshire Independents",),
    ),
    RegisteredParty("MAD", "Movement for Active Democracy", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("MRLP", "Monster Raving Loony Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("Meb Ker", "Mebyon Kernow", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("NEP", "The North East Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("NSW", "The New Society of Worth", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("PBPA", "People Before Profit Alliance", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("Pirate", "Pirate Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("SDP", "Social Democratic Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("SEP", "Socialist Equality Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("SLP", "Socialist Labour Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("TPP", "The Peace Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("TUV", "Traditional Unionist Voice", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("WEP", "Women's Equality Party", UNKNOWN_PARTY_COLOUR),
    # The Workers' Party of Northern Ireland, not the Workers Party of Britain.
    RegisteredParty("WP", "Workers Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("WRP", "Workers Revolutionary Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("Wessex Reg", "Wessex Regionalist Party", UNKNOWN_PARTY_COLOUR),
    # Short ids for parties whose Library abbreviation is truncated or is the full name.
    RegisteredParty(
        "CL",
        "Communist League Election Campaign",
        UNKNOWN_PARTY_COLOUR,
        aliases=("Comm Leagu",),
    ),
    RegisteredParty("SPGB", "The Socialist Party of Great Britain", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("Yorks", "The Yorkshire Party", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("NHA", "National Health Action Party", UNKNOWN_PARTY_COLOUR),
    # Ash and BSJP are the Library's own codes in its newer (2024-style) files.
    RegisteredParty("Ash", "Ashfield Independents", UNKNOWN_PARTY_COLOUR),
    RegisteredParty("BSJP", "Birkenhead Social Justice Party", UNKNOWN_PARTY_COLOUR),
    # Published as "Libertaria" (2017, truncated) and "Libertarian Party" (2019).
    RegisteredParty(
        "Libertarian Party",
        "Libertarian Party",
        UNKNOWN_PARTY_COLOUR,
        aliases=("Libertaria",),
    ),
)

PARTIES: Mapping[str, RegisteredParty] = MappingProxyType(
    {party.id: party for party in _REGISTERED}
)
"""The registered parties, keyed by id (read-only)."""

# Every label that identifies a registered party (id, name, alias) -> its id.
_ID_BY_LABEL: Mapping[str, str] = MappingProxyType(
    {label: party.id for party in _REGISTERED for label in (party.id, party.name, *party.aliases)}
)


def get_party(party_id: str) -> RegisteredParty:
    """Look up a registered party by its id.

    Parameters
    ----------
    party_id : str
        Registry id, e.g. ``"Lab"``. Published abbreviations and names are mapped onto
        ids by :func:`resolve_party_id`.

    Returns
    -------
    RegisteredParty
        The party with that id.

    Raises
    ------
    UnknownPartyError
        If no registered party has that id; the message suggests the closest ids.

    Examples
    --------
    >>> get_party("SNP").name
    'Scottish National Party'
    >>> get_party("Labr")
    Traceback (most recent call last):
    ...
    psephology.errors.UnknownPartyError: unknown party id 'Labr'; closest known ids: 'Lab'...
    """
    party = PARTIES.get(party_id)
    if party is None:
        message = _unknown_id_message(party_id)
        raise UnknownPartyError(message)
    return party


def _unknown_id_message(party_id: str) -> str:
    label = party_id.strip()
    suggestions = [_ID_BY_LABEL[label]] if label in _ID_BY_LABEL else []
    # Compare case-folded, so that "lab" or "SPK" still finds its id.
    id_by_folded = {known.casefold(): known for known in PARTIES}
    close = difflib.get_close_matches(label.casefold(), id_by_folded, n=_SUGGESTIONS)
    suggestions.extend(id_by_folded[folded] for folded in close)
    if suggestions:
        listed = ", ".join(repr(known) for known in dict.fromkeys(suggestions))
        return f"unknown party id {party_id!r}; closest known ids: {listed}"
    listed = ", ".join(repr(known) for known in sorted(PARTIES))
    return f"unknown party id {party_id!r}; no known id is close. Known ids: {listed}"


def party_colour(party_id: str) -> str:
    """Chart colour of a party.

    Parameters
    ----------
    party_id : str
        Registry id, e.g. ``"Lab"``.

    Returns
    -------
    str
        The registered colour as ``#RRGGBB``, or :data:`UNKNOWN_PARTY_COLOUR` for an id
        that is not in the registry (unknown parties are normal, so this is no error).

    Examples
    --------
    >>> party_colour("Lab")
    '#E4003B'
    >>> party_colour("Renew") == UNKNOWN_PARTY_COLOUR
    True
    """
    party = PARTIES.get(party_id)
    return UNKNOWN_PARTY_COLOUR if party is None else party.colour


def resolve_party_id(abbreviation: str, name: str) -> str:
    """Map a published (abbreviation, name) pair onto a party id.

    Both are stripped of surrounding white space and then matched exactly (no case
    folding, no fuzzy matching) against the ids, names and aliases of the registered
    parties: the abbreviation first, then the name. A party that matches neither keeps
    its published abbreviation, or its name when the abbreviation is empty, so that no
    party is lost.

    Parameters
    ----------
    abbreviation : str
        Party abbreviation as published, e.g. the Library's ``party_abbreviation``.
    name : str
        Party name as published, e.g. the Library's ``party_name``.

    Returns
    -------
    str
        The registry id, or the stripped published label of an unregistered party.

    See Also
    --------
    resolve_party_ids : The same for whole columns.

    Examples
    --------
    >>> resolve_party_id("Lab", "Labour and Co-operative")
    'Lab'
    >>> resolve_party_id("Comm Leagu", "Communist League Election Campaign")
    'CL'
    >>> resolve_party_id("Cumbria First ", "Cumbria First ")
    'Cumbria First'
    """
    abbreviation = abbreviation.strip()
    name = name.strip()
    for label in (abbreviation, name):
        if label in _ID_BY_LABEL:
            return _ID_BY_LABEL[label]
    return abbreviation or name


def resolve_party_ids(abbreviations: pd.Series, names: pd.Series) -> pd.Series:
    """Map published abbreviation and name columns onto party ids.

    Applies :func:`resolve_party_id` once per distinct (abbreviation, name) pair rather
    than once per row, so its cost barely grows with the number of rows. A missing
    value counts as an empty string.

    Parameters
    ----------
    abbreviations : pandas.Series
        Party abbreviations as published.
    names : pandas.Series
        Party names as published, on the same index as `abbreviations`.

    Returns
    -------
    pandas.Series
        Party ids, categorical, on the index of `abbreviations`.

    Raises
    ------
    ValueError
        If the two Series do not share one index.

    Examples
    --------
    >>> import pandas as pd
    >>> abbreviations = pd.Series(["Lab", "Lab", "Comm Leagu "])
    >>> names = pd.Series(["Labour", "Labour and Co-operative", "Communist League"])
    >>> resolve_party_ids(abbreviations, names).tolist()
    ['Lab', 'Lab', 'CL']
    """
    if not abbreviations.index.equals(names.index):
        message = (
            "abbreviations and names must share one index, "
            f"not {len(abbreviations)} and {len(names)} rows on different indexes"
        )
        raise ValueError(message)
    abbreviation_codes, abbreviation_labels = _factorize_text(abbreviations)
    name_codes, name_labels = _factorize_text(names)
    # One integer per (abbreviation, name) pair; the function then runs once per pair.
    pair_codes, pairs = pd.factorize(abbreviation_codes * len(name_labels) + name_codes)
    ids = [
        resolve_party_id(*_pair_labels(pair, abbreviation_labels, name_labels))
        for pair in pairs.tolist()
    ]
    id_codes, id_labels = pd.factorize(pd.Index(ids))
    resolved = pd.Categorical.from_codes(id_codes[pair_codes], categories=id_labels)
    return pd.Series(resolved, index=abbreviations.index)


def _factorize_text(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes of `values` and the distinct labels they index; missing is ``""``."""
    # Categoricals are factorized through their codes. Other text is factorized as an
    # object array: about twice as fast as through pandas' string array.
    codes, uniques = pd.factorize(
        values if isinstance(values.dtype, pd.CategoricalDtype) else values.to_numpy(dtype=object)
    )
    codes += 1  # so that the missing-value code -1 indexes the leading ""
    return codes, ["", *(str(value) for value in uniques)]


def _pair_labels(pair: int, first: list[str], second: list[str]) -> tuple[str, str]:
    """The two labels of a pair code ``first_code * len(second) + second_code``."""
    first_code, second_code = divmod(pair, len(second))
    return first[first_code], second[second_code]


def group_parties(party_ids: pd.Series, grouping: Mapping[str, str]) -> pd.Series:
    """Replace party ids by group labels.

    Parameters
    ----------
    party_ids : pandas.Series
        Party ids, e.g. from :func:`resolve_party_ids`.
    grouping : Mapping of str to str
        Group label of each id to relabel, e.g.
        ``{"UKIP": "Reform lineage", "Brexit": "Reform lineage"}``. Ids not in it are
        kept unchanged.

    Returns
    -------
    pandas.Series
        The labels, categorical, on the index and with the name of `party_ids`; missing
        values stay missing.

    Examples
    --------
    >>> import pandas as pd
    >>> ids = pd.Series(["UKIP", "Brexit", "Lab"])
    >>> group_parties(ids, {"UKIP": "Reform lineage", "Brexit": "Reform lineage"}).tolist()
    ['Reform lineage', 'Reform lineage', 'Lab']
    """
    codes, uniques = pd.factorize(party_ids)
    labels = [grouping.get(party_id, party_id) for party_id in uniques]
    label_codes, distinct_labels = pd.factorize(pd.Index(labels))
    # Missing ids (code -1) stay missing; the lookup is guarded for when every id is missing.
    grouped_codes = np.full(len(codes), -1, dtype=np.intp)
    known = codes >= 0
    grouped_codes[known] = label_codes[codes[known]]
    grouped = pd.Categorical.from_codes(grouped_codes, categories=distinct_labels)
    return pd.Series(grouped, index=party_ids.index, name=party_ids.name)


class _GroupsWithOthers(Mapping[str, str]):
    """A grouping that names some ids' groups and gives every other id one label.

    It iterates over the named ids only, but looks up any id: an id not named belongs
    to the others (``others``), so that a party first seen in new results is counted
    among them rather than kept apart.
    """

    __slots__ = ("_named", "others")

    def __init__(self, named: Mapping[str, str], others: str) -> None:
        self._named: Mapping[str, str] = MappingProxyType(dict(named))
        self.others = others

    def __getitem__(self, party_id: str) -> str:
        return self._named.get(party_id, self.others)

    def __iter__(self) -> Iterator[str]:
        return iter(self._named)

    def __len__(self) -> int:
        return len(self._named)

    def __or__(self, other: Mapping[str, str]) -> _GroupsWithOthers:
        """The same grouping with the ids of `other` relabelled as `other` says."""
        return _GroupsWithOthers({**self._named, **other}, self.others)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self._named)!r}, others={self.others!r})"


LIBRARY_GROUPS: Mapping[str, str] = _GroupsWithOthers(
    {
        "Con": "Con",
        "Lab": "Lab",
        # The Liberals, the SDP-Liberal Alliance and the Liberal Democrats: one group.
        "Lib": "LD",
        "SDP-Lib": "LD",
        "LD": "LD",
        "SNP": "PC/SNP",
        "PC": "PC/SNP",
        # Seats a source gives to no group: kept apart, not counted as others'.
        "Unassigned": "Unassigned",
    },
    others="Other",
)
"""The House of Commons Library's five party groups, for ``grouping=``.

The groups of the national tables of "UK Election Statistics: 1918-2019" (CBP-7529,
Table 1), labelled as there: ``Con`` (Conservative, with allies), ``Lab`` (Labour),
``LD`` (Liberal, SDP-Liberal Alliance and Liberal Democrat), ``PC/SNP`` (Plaid Cymru
and the Scottish National Party) and ``Other`` (every other id, the Speaker's ``Spk``
and independents' ``Ind`` among them). It maps ``Con``, ``Lab``, ``Lib``, ``SDP-Lib``,
``LD``, ``SNP`` and ``PC`` by name and looks up any other id as ``Other``, except
``Unassigned``, the pooled row of seats that the Library's 1918-2017 file gives to no
group (STOCKPORT 1918, CORNWALL ST IVES and SUFFOLK (EAST) EYE 1931), which stays apart:
the file does not say whose they were. Use it with
:func:`psephology.analysis.national_summary`, the indices of :mod:`psephology.indices`
and :func:`psephology.plotting.plot_national`.

The Library's notes to the table say who is in each group:

1. The Speaker is counted under the party he represented before his appointment up to
   1992, and under ``Other`` from 1997.
2. ``Con`` includes the Coalition Conservatives (1918); National, National Liberal and
   National Labour candidates (1931-1935); National and National Liberal candidates
   (1945); National Liberal and Conservative candidates (1945-1970); the Ulster
   Unionists, who took the Conservative whip, up to 1970.
3. ``LD`` includes the Coalition Liberals (1918), the National Liberals (1922) and the
   Independent Liberals (1931); the Liberal/SDP Alliance in 1983 and 1987; the Liberal
   Democrats from 1992.
4. From 1974 the Ulster Unionists are ``Other``, with the SDLP and the DUP.

The grouping maps party ids, whatever the election, so these rules hold only as far as
the ids carry them. In the bundled datasets up to 2010 (party-level, from the Library's
1918-2017 file) the file has already put each candidate in a group, and the grouping
keeps its groups: the allies, the Ulster Unionists up to 1970 and the Speaker are where
the file put them. What that data cannot separate:

- The file's ``oth`` figure pools every other candidate, so a seat that one of them won
  is undetermined, never ``Other``'s: ``Other`` wins no seat there, and its seats are
  among the undetermined seats of :func:`psephology.analysis.seat_totals` (every seat of
  Northern Ireland from 1974; the Speaker's seat in 1955, 1966, 1970, 1974 (February)
  and 1997-2010; independents).
- In 1950 and 1951 the file counts the National Liberal and Conservative candidates,
  whom the Library's table counts as ``Con``, among ``oth``: their seats are
  undetermined too.
- A group's figure in a contest of several seats (up to 1945, the university seats among
  them) does not say how many of its seats it won.

In the candidate-level datasets (2015 on) ``Lib`` is the Liberal Party founded in 1989,
which the Library counts among others; this grouping counts it as ``LD`` (4,480 votes in
2015, 3,672 in 2017, 10,876 in 2019, 6,375 in 2024, and no seat). An Ulster Unionist
(``UUP``) is ``Other`` whatever the year: for results of elections before 1974 whose ids
name the Ulster Unionists apart, use ``LIBRARY_GROUPS | {"UUP": "Con"}``, which keeps
every other id among the others (``dict(LIBRARY_GROUPS)`` or ``{**LIBRARY_GROUPS}``
would keep only the ids named). Seats from 1918 to 2019 and the exceptions are checked against
the table in the tests and listed in the documentation (Examples, "A century of UK
general elections").

Examples
--------
>>> LIBRARY_GROUPS["SDP-Lib"], LIBRARY_GROUPS["Spk"], LIBRARY_GROUPS["Reform"]
('LD', 'Other', 'Other')
>>> import pandas as pd
>>> group_parties(pd.Series(["Con", "PC", "Green"]), LIBRARY_GROUPS).tolist()
['Con', 'PC/SNP', 'Other']
>>> (LIBRARY_GROUPS | {"UUP": "Con"})["UUP"], (LIBRARY_GROUPS | {"UUP": "Con"})["DUP"]
('Con', 'Other')
"""
