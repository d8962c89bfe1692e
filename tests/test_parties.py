"""Tests of the party registry: ids, resolution of published labels, colours, grouping."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psephology.errors import PsephologyError, UnknownPartyError
from psephology.parties import (
    PARTIES,
    UNKNOWN_PARTY_COLOUR,
    RegisteredParty,
    get_party,
    group_parties,
    party_colour,
    resolve_party_id,
    resolve_party_ids,
)

CANDIDATE_FILES = (
    "HoC-GE2017-results-by-candidate.csv",
    "HoC-GE2019-results-by-candidate.csv",
)
HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def read_candidates(folder: Path, file_name: str) -> pd.DataFrame:
    """Read a Library candidate file as text."""
    return pd.read_csv(folder / file_name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module", params=CANDIDATE_FILES)
def candidates(request: pytest.FixtureRequest, external_data: Path) -> pd.DataFrame:
    file_name: str = request.param
    return read_candidates(external_data, file_name)


@pytest.mark.parametrize(
    ("abbreviation", "name", "expected"),
    [
        ("Lab", "Labour", "Lab"),
        ("Lab", "Labour and Co-operative", "Lab"),
        ("Lab Coop", "", "Lab"),
        ("", "Labour Co-op", "Lab"),
        ("Con", "Conservative", "Con"),
        ("Spk", "Speaker", "Spk"),
        ("", "Speaker", "Spk"),
        ("Ind", "Independent", "Ind"),
        (
            "The Socialist Party of Great Britain",
            "The Socialist Party of Great Britain",
            "SPGB",
        ),
        ("Comm Leagu", "Communist League Election Campaign", "CL"),
        ("The Yorkshire Party", "The Yorkshire Party", "Yorks"),
        ("National Health Action Party", "National Health Action Party", "NHA"),
        ("National Health Action Party", "", "NHA"),
        ("Libertaria", "Libertarian Party", "Libertarian Party"),
        ("Libertarian Party", "Libertarian Party", "Libertarian Party"),
        ("JACP", "Justice and Anti-Corruption Party", "JACP"),
        (
            "The Justice & Anti-Corruption Party",
            "The Justice & Anti-Corruption Party",
            "JACP",
        ),
        ("Brexit", "Brexit Party", "Brexit"),
        ("BRX", "", "Brexit"),
        ("APNI", "", "Alliance"),
        ("Alliance", "Alliance", "Alliance"),
        ("Ashfield Independents", "Ashfield Independents", "Ash"),
        ("Ash", "", "Ash"),
        ("Birkenhead Social Justice Party", "Birkenhead Social Justice Party", "BSJP"),
        ("Lincs Ind", "Linconshire Independents ", "Lincs Ind"),
        # Unknown parties keep their published abbreviation, stripped.
        ("Renew", "Renew", "Renew"),
        ("Cumbria First ", "Cumbria First ", "Cumbria First"),
        ("Shropshire Prty", "Shropshire Prty", "Shropshire Prty"),
        ("", "  A New Party ", "A New Party"),
        # Surrounding white space is stripped before matching.
        ("  Lab ", " Labour and Co-operative ", "Lab"),
        ("\tComm Leagu\n", "", "CL"),
        # Matching is exact: no case folding, no fuzzy matching.
        ("lab", "labour", "lab"),
        ("Labr", "Labor", "Labr"),
        ("Independent Network", "Independent Network", "Independent Network"),
        # The abbreviation is matched before the name.
        ("Con", "Labour", "Con"),
    ],
)
def test_resolve_party_id(abbreviation: str, name: str, expected: str) -> None:
    assert resolve_party_id(abbreviation, name) == expected


def test_vectorised_resolution_equals_scalar_on_published_pairs(
    candidates: pd.DataFrame,
) -> None:
    abbreviations = candidates["party_abbreviation"]
    names = candidates["party_name"]
    resolved = resolve_party_ids(abbreviations, names)
    expected = [resolve_party_id(a, n) for a, n in zip(abbreviations, names, strict=True)]
    assert resolved.index.equals(candidates.index)
    assert resolved.tolist() == expected


def test_published_pairs_resolve_to_trimmed_ids(candidates: pd.DataFrame) -> None:
    pairs = candidates[["party_abbreviation", "party_name"]].drop_duplicates()
    for abbreviation, name in pairs.itertuples(index=False):
        party_id = resolve_party_id(abbreviation, name)
        assert party_id
        assert party_id == party_id.strip()
        assert party_id in PARTIES or party_id == abbreviation.strip()


def test_each_published_name_resolves_to_one_id_across_both_files(external_data: Path) -> None:
    frames = [read_candidates(external_data, file_name) for file_name in CANDIDATE_FILES]
    both = pd.concat(frames, ignore_index=True)
    both["party_id"] = resolve_party_ids(both["party_abbreviation"], both["party_name"])
    ids_per_name = both.groupby(both["party_name"].str.strip())["party_id"].nunique()
    assert ids_per_name[ids_per_name > 1].to_dict() == {}


@pytest.mark.parametrize(
    ("file_name", "party_id", "count"),
    [
        # 581 Labour + 50 Labour and Co-operative.
        ("HoC-GE2019-results-by-candidate.csv", "Lab", 631),
        ("HoC-GE2019-results-by-candidate.csv", "Con", 635),
        ("HoC-GE2019-results-by-candidate.csv", "Brexit", 275),
        ("HoC-GE2019-results-by-candidate.csv", "Ind", 224),
        ("HoC-GE2019-results-by-candidate.csv", "Spk", 1),
        ("HoC-GE2019-results-by-candidate.csv", "CL", 2),
        ("HoC-GE2019-results-by-candidate.csv", "Yorks", 28),
        ("HoC-GE2019-results-by-candidate.csv", "Libertarian Party", 6),
        ("HoC-GE2019-results-by-candidate.csv", "Cumbria First", 1),
        # 580 Labour + 51 Labour and Co-operative.
        ("HoC-GE2017-results-by-candidate.csv", "Lab", 631),
        ("HoC-GE2017-results-by-candidate.csv", "SPGB", 3),
        ("HoC-GE2017-results-by-candidate.csv", "Libertarian Party", 4),
        ("HoC-GE2017-results-by-candidate.csv", "JACP", 3),
        ("HoC-GE2017-results-by-candidate.csv", "NHA", 5),
    ],
)
def test_candidates_per_party_after_resolution(
    external_data: Path, file_name: str, party_id: str, count: int
) -> None:
    frame = read_candidates(external_data, file_name)
    resolved = resolve_party_ids(frame["party_abbreviation"], frame["party_name"])
    assert Counter(resolved)[party_id] == count


def test_resolve_party_ids_keeps_the_input_index() -> None:
    index = pd.Index([30, 10, 20], name="row")
    abbreviations = pd.Series(["Comm Leagu ", "Lab", "BRX"], index=index)
    names = pd.Series(["", "Labour and Co-operative", "Brexit Party"], index=index)
    resolved = resolve_party_ids(abbreviations, names)
    assert resolved.index.equals(index)
    assert resolved.to_dict() == {30: "CL", 10: "Lab", 20: "Brexit"}


def test_resolve_party_ids_accepts_categoricals_and_missing_values() -> None:
    abbreviations = pd.Series(["Lab", None, "Renew", np.nan], dtype="category")
    names = pd.Series([None, "Labour and Co-operative", "Renew", "Speaker"], dtype="category")
    assert resolve_party_ids(abbreviations, names).tolist() == ["Lab", "Lab", "Renew", "Spk"]


def test_resolve_party_ids_of_empty_columns() -> None:
    empty = pd.Series([], dtype=str)
    assert resolve_party_ids(empty, empty).empty


def test_resolve_party_ids_rejects_columns_on_different_indexes() -> None:
    abbreviations = pd.Series(["Lab", "Con"])
    names = pd.Series(["Labour"])
    with pytest.raises(ValueError, match="must share one index, not 2 and 1 rows"):
        resolve_party_ids(abbreviations, names)


LABELS = sorted({label for party in PARTIES.values() for label in (party.id, *party.aliases)})


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", " ", "Renew", "lab", *LABELS]) | st.text(max_size=5),
            st.sampled_from(["", "Speaker ", "Labour and Co-operative"]) | st.text(max_size=5),
        ),
        max_size=30,
    )
)
def test_vectorised_resolution_equals_scalar(pairs: list[tuple[str, str]]) -> None:
    abbreviations = pd.Series([a for a, _ in pairs], dtype=object)
    names = pd.Series([n for _, n in pairs], dtype=object)
    expected = [resolve_party_id(a, n) for a, n in pairs]
    assert resolve_party_ids(abbreviations, names).tolist() == expected


@pytest.mark.parametrize(
    ("party_id", "name"),
    [
        ("Lab", "Labour"),
        ("Con", "Conservative"),
        ("LD", "Liberal Democrat"),
        ("SNP", "Scottish National Party"),
        ("PC", "Plaid Cymru"),
        ("SF", "Sinn Fein"),
        ("MRLP", "Monster Raving Loony Party"),
        ("UKIP", "UK Independence Party"),
        ("Brexit", "Brexit Party"),
        ("Spk", "Speaker"),
        ("Ind", "Independent"),
        ("CL", "Communist League Election Campaign"),
    ],
)
def test_get_party(party_id: str, name: str) -> None:
    party = get_party(party_id)
    assert party.id == party_id
    assert party.name == name


@pytest.mark.parametrize(
    ("party_id", "pattern"),
    [
        ("Labr", r"^unknown party id 'Labr'; closest known ids: 'Lab'"),
        ("lab", r"^unknown party id 'lab'; closest known ids: 'Lab'"),
        ("Lab ", r"^unknown party id 'Lab '; closest known ids: 'Lab'"),
        ("Labour", r"^unknown party id 'Labour'; closest known ids: 'Lab'"),
        ("Comm Leagu", r"^unknown party id 'Comm Leagu'; closest known ids: 'CL'"),
        ("Brexlt", r"closest known ids: 'Brexit'"),
        ("Qwxyzzy", r"^unknown party id 'Qwxyzzy'; no known id is close\. Known ids: 'Alliance'"),
    ],
)
def test_get_party_unknown_id(party_id: str, pattern: str) -> None:
    with pytest.raises(UnknownPartyError, match=pattern):
        get_party(party_id)


def test_unknown_party_error_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        get_party("Nope")
    with pytest.raises(PsephologyError):
        get_party("Nope")


@pytest.mark.parametrize("party", PARTIES.values(), ids=list(PARTIES))
def test_registered_party_is_consistent(party: RegisteredParty) -> None:
    assert HEX_COLOUR.fullmatch(party.colour), party.colour
    assert party.id == party.id.strip() != ""
    assert len(party.id) <= 64
    assert PARTIES[party.id] is party
    assert resolve_party_id(party.id, party.name) == party.id
    for alias in party.aliases:
        assert resolve_party_id(alias, "") == party.id
        assert resolve_party_id("", alias) == party.id


def test_no_label_names_two_parties() -> None:
    owners = Counter(
        label for party in PARTIES.values() for label in {party.id, party.name, *party.aliases}
    )
    assert [label for label, count in owners.items() if count > 1] == []


@pytest.mark.parametrize(
    ("party_id", "colour"),
    [
        ("Lab", "#E4003B"),
        ("Con", "#0087DC"),
        ("LD", "#FAA61A"),
        ("Green", "#02A95B"),
        ("SNP", "#FDF38E"),
        ("PC", "#005B54"),
        ("UKIP", "#6D3177"),
        ("Brexit", "#12B6CF"),
        ("DUP", "#D46A4C"),
        ("SF", "#326760"),
        ("SDLP", "#2AA82C"),
        ("UUP", "#48A5EE"),
        ("Alliance", "#F6CB2F"),
        ("Renew", UNKNOWN_PARTY_COLOUR),
        ("", UNKNOWN_PARTY_COLOUR),
    ],
)
def test_party_colour(party_id: str, colour: str) -> None:
    assert party_colour(party_id) == colour


def test_unknown_party_colour_is_a_colour_no_major_party_uses() -> None:
    assert HEX_COLOUR.fullmatch(UNKNOWN_PARTY_COLOUR)
    major = ["Lab", "Con", "LD", "Green", "SNP", "PC", "UKIP", "Brexit", "Spk", "Ind"]
    colours = [party_colour(party_id) for party_id in major]
    assert len(set(colours)) == len(major)
    assert UNKNOWN_PARTY_COLOUR not in colours


def test_registry_cannot_be_mutated() -> None:
    with pytest.raises(TypeError):
        PARTIES["New"] = RegisteredParty("New", "New Party", "#000000")  # type: ignore[index]
    with pytest.raises(TypeError):
        del PARTIES["Lab"]  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        PARTIES["Lab"].colour = "#000000"  # type: ignore[misc]
    assert get_party("Lab").colour == "#E4003B"


REFORM = {"UKIP": "Reform lineage", "Brexit": "Reform lineage"}


@pytest.mark.parametrize(
    ("party_ids", "grouping", "expected"),
    [
        (
            ["UKIP", "Lab", "Brexit", "Con"],
            REFORM,
            ["Reform lineage", "Lab", "Reform lineage", "Con"],
        ),
        (["Lab", "Con"], {}, ["Lab", "Con"]),
        (["Lab", "Con"], {"Lab": "Con"}, ["Con", "Con"]),
        (["Lab", None], REFORM, ["Lab", np.nan]),
        ([], REFORM, []),
    ],
)
def test_group_parties(
    party_ids: list[str | None], grouping: dict[str, str], expected: list[object]
) -> None:
    ids = pd.Series(party_ids, index=range(10, 10 + len(party_ids)), dtype=object, name="party")
    grouped = group_parties(ids, grouping)
    expected_series = pd.Series(expected, index=ids.index, dtype=object, name="party")
    pd.testing.assert_series_equal(grouped.astype(object), expected_series)
    pd.testing.assert_series_equal(
        ids, pd.Series(party_ids, index=ids.index, dtype=object, name="party")
    )


def test_group_parties_of_categorical_ids() -> None:
    ids = pd.Series(["UKIP", "Brexit", "Lab"], dtype="category")
    grouped = group_parties(ids, REFORM)
    assert isinstance(grouped.dtype, pd.CategoricalDtype)
    assert sorted(grouped.cat.categories) == ["Lab", "Reform lineage"]
    assert grouped.tolist() == ["Reform lineage", "Reform lineage", "Lab"]


def test_grouping_ids_that_are_all_missing_keeps_them_missing() -> None:
    ids = pd.Series([None, None], dtype="object", name="winner_party_id")
    grouped = group_parties(ids, {"UKIP": "Reform lineage"})
    assert grouped.isna().all()
    assert len(grouped) == 2
    assert grouped.name == "winner_party_id"
