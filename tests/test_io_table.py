"""Tests of read_results_table: any table of results, long or wide, onto the canonical format.

The Electoral Commission's files are not among the shared data: the small files here copy
their quirks (described on the docs page "Your own files") with figures of fictitious
constituencies. The wide layout is also read from the Library's real 2019 file by
constituency and checked against its file by candidate.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from psephology import PsephologyError, ResultsFileError, read_hoc_results, read_results_table
from psephology.analysis import contest_summary

DOCS_PAGE = Path(__file__).resolve().parents[1] / "docs" / "your-own-files.md"

# The long layout, as the Electoral Commission's 2015 results sheet saved as CSV: headers
# with trailing spaces, two columns without a name, a vote with a thousands separator,
# a totals row at the end, and saved as cp1252 (ô, ë, é).
LONG = (
    "Forename,Surname ,Description on ballot paper,Constituency Name ,PANO,Constituency ID,"
    "Votes ,Share (%),Change,,,Incumbent?\n"
    "Siân,Pryce,Labour Party,Llanwen Môn,901,W07000901,10871,36.7,,,,Yes\n"
    "Rhodri,ap Gwyn,Plaid Cymru - The Party of Wales,Llanwen Môn,901,W07000901,10642,35.9,,,,\n"
    "Zoë,Lévy,Conservative Party,Llanwen Môn,901,W07000901,7393,24.9,,,,\n"
    "Dai,Jones,Independent,Llanwen Môn,901,W07000901,751,2.5,,,,\n"
    'Glenys,Owen,Labour and Co-operative Party,Aberhafren,902,W07000902,"15,416",70.5,,,,Yes\n'
    "Peter,Brown,UK Independence Party (UKIP),Aberhafren,902,W07000902,4971,22.7,,,,\n"
    "Mair,Hughes,Independent,Aberhafren,902,W07000902,1137,5.2,,,,\n"
    "Tom,Hughes,Independent,Aberhafren,902,W07000902,352,1.6,,,,\n"
    ',,,Total,,,"51,533",,,,,\n'
).encode("cp1252")
LONG_COLUMNS = {
    "candidate_name": ["Forename", "Surname"],
    "party_name": "Description on ballot paper",
    "constituency_name": "Constituency Name",
    "constituency_code": "Constituency ID",
    "votes": "Votes",
}

# The wide layout, as the Electoral Commission's 2010 flat file saved as tab-separated
# text: a reference number and the year before the figures, one column per party
# (blank where it did not stand), numbered independents Ind1 ... Ind5, the Speaker's
# column, and a totals row without a constituency.
_WIDE_ROWS = [
    "Press Association Reference\tConstituency Name\tRegion\tElection Year\tElectorate\tVotes"
    "\tAPNI\tBNP\tCon\tGrn\tInd1\tInd2\tInd3\tInd4\tInd5\tLab\tLD\tSpeaker\tUKIP",
    "1\tAbbeyford\tSouth East\t2010\t70000\t45000\t\t1200\t21000\t800\t\t\t\t\t\t12000\t10000\t\t",
    "2\tBarrow Down\tNorthern Ireland\t2010\t60000\t38000\t6000\t\t\t\t21500\t\t\t\t\t\t\t\t10500",
    "3\tCastlebridge\tNorth West\t2010\t65000\t40000\t\t\t\t1000\t3000\t2000\t\t\t\t\t\t30000"
    "\t4000",
    "\t\t\t\t195000\t123000\t6000\t1200\t21000\t1800\t24500\t2000\t\t\t\t12000\t10000\t30000\t14500",
]
WIDE = ("\n".join(_WIDE_ROWS) + "\n").encode("utf-8")
WIDE_COLUMNS = {
    "constituency_name": "Constituency Name",
    "region": "Region",
    "electorate": "Electorate",
    "valid_ballots": "Votes",
}
WIDE_IGNORED = ["Press Association Reference", "Election Year"]

LIBRARY_COLUMNS = {
    "constituency_code": "ons_id",
    "constituency_name": "constituency_name",
    "region": "region_name",
    "nation": "country_name",
    "electorate": "electorate",
    "valid_ballots": "valid_votes",
    "rejected_ballots": "invalid_votes",
}
LIBRARY_PARTIES = [
    "con",
    "lab",
    "ld",
    "brexit",
    "green",
    "snp",
    "pc",
    "dup",
    "sf",
    "sdlp",
    "uup",
    "alliance",
]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- The long layout ---------------------------------------------------------------------


def test_a_long_file_is_read_with_every_quirk(tmp_path: Path) -> None:
    path = _write(tmp_path, "RESULTS.csv", LONG)
    results = read_results_table(path, LONG_COLUMNS, election_id="ge2015", encoding="cp1252")
    frame = results.to_frame()
    assert len(frame) == 8  # the totals row is not loaded
    assert frame["candidate_name"].tolist()[:3] == ["Siân Pryce", "Rhodri ap Gwyn", "Zoë Lévy"]
    assert frame["constituency_name"].unique().tolist() == ["Llanwen Môn", "Aberhafren"]
    assert frame["votes"].sum() == 51533
    assert frame.loc[4, "votes"] == 15416
    assert str(frame.loc[0, "election_date"].date()) == "2015-05-07"
    # Descriptions go through the party registry: "Independent" is Ind, "Labour Party" Lab.
    assert frame["party_id"].tolist()[3] == "Ind"
    assert frame["party_id"].tolist()[0] == "Lab"
    winners = contest_summary(results.to_frame()).droplevel("election_id")
    assert winners.loc["Llanwen Môn", "majority"] == 229


def test_a_long_table_from_a_spreadsheet_is_read_as_a_dataframe() -> None:
    # pandas.read_excel gives numbers as floats where a column has blanks, NaN for blank
    # cells, and "Unnamed: 9" for a column without a header.
    sheet = pd.DataFrame(
        {
            "Forename": ["Ann", "Bob", np.nan],
            "Surname ": ["Ash", "Birch", np.nan],
            "Description on ballot paper": ["Labour", "Conservative", np.nan],
            "Constituency Name ": ["Tiverton", "Tiverton", np.nan],
            "Constituency ID": ["E14000999", "E14000999", np.nan],
            "Votes ": [20100.0, 19800.0, 39900.0],
            "Unnamed: 9": [np.nan, np.nan, np.nan],
        }
    )
    results = read_results_table(sheet, LONG_COLUMNS, election_id="x", election_date="2020-01-02")
    frame = results.to_frame()
    assert frame["votes"].tolist() == [20100, 19800]
    assert frame["party_id"].tolist() == ["Lab", "Con"]


def test_a_totals_row_that_disagrees_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, "RESULTS.csv", LONG.replace(b'"51,533"', b'"51,534"'))
    with pytest.raises(ResultsFileError) as caught:
        read_results_table(path, LONG_COLUMNS, election_id="ge2015", encoding="cp1252")
    (failure,) = caught.value.failures.to_dict("records")
    assert failure["line"] == 10
    assert failure["column"] == "Votes"
    assert failure["value"] == "51,534"
    assert "gives 51,534, but the rows above add up to 51,533" in failure["problem"]


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "match"),
    [
        (b"10871,36.7", b"10871.5,36.7", 2, "Votes", "not a whole number"),
        (b"7393,24.9", b"-7393,24.9", 4, "Votes", "0 or more"),
        (b"Dai,Jones,Independent,", b"Dai,Jones,,", 5, "Description on ballot paper", "blank"),
        (b"W07000902,4971", b"X07000902,4971", 7, "Constituency ID", "ONS \\(GSS\\)"),
        (
            b"Tom,Hughes,Independent",
            b"Mair,Hughes,Independent",
            9,
            "Forename + Surname",
            "appear twice",
        ),
    ],
)
def test_each_problem_names_line_header_and_value(
    tmp_path: Path, old: bytes, new: bytes, line: int, column: str | None, match: str
) -> None:
    path = _write(tmp_path, "RESULTS.csv", LONG.replace(old, new))
    with pytest.raises(ResultsFileError, match=re.escape(f"line {line}")) as caught:
        read_results_table(path, LONG_COLUMNS, election_id="ge2015", encoding="cp1252")
    failures = caught.value.failures
    found = failures[failures["line"] == line]
    assert found["problem"].str.contains(match).any(), failures.to_string()
    if column is not None:
        assert column in found["column"].tolist()
    assert (failures["file"] == str(path)).all()


def test_every_problem_of_the_file_is_reported_at_once(tmp_path: Path) -> None:
    data = LONG.replace(b"10871,36.7", b"lots,36.7").replace(b"4971,22.7", b"-1,22.7")
    path = _write(tmp_path, "RESULTS.csv", data)
    with pytest.raises(ResultsFileError) as caught:
        read_results_table(path, LONG_COLUMNS, election_id="ge2015", encoding="cp1252")
    assert caught.value.failures["line"].tolist() == [2, 7]
    assert caught.value.failures["value"].tolist() == ["lots", "-1"]


def test_missing_headers_are_all_named_with_the_closest_match(tmp_path: Path) -> None:
    path = _write(tmp_path, "RESULTS.csv", LONG)
    columns = {**LONG_COLUMNS, "votes": "Vote", "constituency_code": "Constituency Code"}
    with pytest.raises(ResultsFileError, match="closest match: 'Votes'") as caught:
        read_results_table(path, columns, election_id="ge2015", encoding="cp1252")
    assert caught.value.failures["column"].tolist() == ["Constituency Code", "Vote"]


def test_a_short_row_is_reported_and_the_rest_still_checked(tmp_path: Path) -> None:
    data = LONG.replace(b"Tom,Hughes,Independent,Aberhafren,902,W07000902,352,1.6,,,,", b"Tom")
    path = _write(tmp_path, "RESULTS.csv", data)
    with pytest.raises(ResultsFileError, match="the row has 1 field where the header has 12"):
        read_results_table(path, LONG_COLUMNS, election_id="ge2015", encoding="cp1252")


def test_the_wrong_encoding_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, "RESULTS.csv", LONG)
    with pytest.raises(ResultsFileError, match="utf-8"):
        read_results_table(path, LONG_COLUMNS, election_id="ge2015")


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ({"columns": {"votes": "Votes", "turnout": "T"}}, "'turnout' is no canonical column"),
        ({"columns": {**LONG_COLUMNS, "election_id": "Year"}}, "given as an argument"),
        ({"columns": {"votes": "Votes"}}, "needs the column of constituency_name, party_name"),
        ({"columns": LONG_COLUMNS, "pooled": ["other"]}, "for the wide layout"),
        ({"columns": {**LONG_COLUMNS, "votes": ["A", "B"]}}, "only candidate_name joins"),
        ({"columns": LONG_COLUMNS, "layout": "tall"}, "expected 'long' or 'wide'"),
        ({"columns": LONG_COLUMNS, "layout": "wide"}, "belong to the long layout"),
        ({"columns": LONG_COLUMNS, "election_id": "ge2031"}, "give the election_date"),
    ],
)
def test_contradictory_arguments_are_refused(
    tmp_path: Path, arguments: dict[str, object], match: str
) -> None:
    path = _write(tmp_path, "RESULTS.csv", LONG)
    arguments = {"election_id": "ge2015", "encoding": "cp1252", **arguments}
    with pytest.raises(PsephologyError, match=match):
        read_results_table(path, **arguments)  # type: ignore[arg-type]


# --- The wide layout ---------------------------------------------------------------------


def _read_wide(path: Path) -> pd.DataFrame:
    results = read_results_table(
        path,
        WIDE_COLUMNS,
        layout="wide",
        separator="\t",
        ignore=WIDE_IGNORED,
        election_id="ge2010",
    )
    return results.to_frame()


def test_a_wide_file_gives_party_rows(tmp_path: Path) -> None:
    frame = _read_wide(_write(tmp_path, "flatfile.txt", WIDE))
    abbeyford = frame[frame["constituency_name"] == "Abbeyford"]
    assert abbeyford["party_id"].tolist() == ["BNP", "Con", "Green", "Lab", "LD"]
    assert abbeyford["candidate_name"].isna().all()
    assert not abbeyford["pooled"].any()
    assert abbeyford["party_name"].tolist()[:2] == ["British National Party", "Conservative"]
    assert abbeyford["valid_ballots"].iloc[0] == 45000
    assert frame["votes"].sum() == 123000  # the totals row is not loaded


def test_numbered_independents_are_a_party_row_or_a_pool(tmp_path: Path) -> None:
    frame = _read_wide(_write(tmp_path, "flatfile.txt", WIDE))
    rows = frame.set_index(["constituency_name", "party_id"])
    # One independent: the party row Ind, who can win (and here does).
    assert rows.loc[("Barrow Down", "Ind"), "votes"] == 21500
    assert not rows.loc[("Barrow Down", "Ind"), "pooled"]
    # Two independents: one pooled row of their votes.
    assert rows.loc[("Castlebridge", "Ind"), "votes"] == 5000
    assert rows.loc[("Castlebridge", "Ind"), "pooled"]
    assert rows.loc[("Barrow Down", "Alliance"), "party_name"] == "Alliance"
    summary = contest_summary(frame).droplevel("election_id")
    assert summary.loc["Barrow Down", "winner_party_id"] == "Ind"
    assert summary.loc["Castlebridge", "winner_party_id"] == "Spk"


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "match"),
    [
        (b"45000\t\t1200\t", b"45000\t\t1,2,00\t", 2, "BNP", "not a whole number"),
        (b"\t6000\t\t\t", b"\t-6000\t\t\t", 3, "APNI", "0 or more"),
        (b"\t40000\t", b"\t40001\t", 4, "Votes", "40,000"),
        (b"\t1800\t", b"\t1801\t", 5, "Grn", "gives 1,801, but the rows above add up to 1,800"),
        (b"\t12000\t10000\t30000", b"\t12000\t10000\t3000x", 5, "Speaker", "not a whole"),
    ],
)
def test_each_problem_of_a_wide_file_names_its_party_column(
    tmp_path: Path, old: bytes, new: bytes, line: int, column: str, match: str
) -> None:
    assert WIDE.count(old) == 1
    path = _write(tmp_path, "flatfile.txt", WIDE.replace(old, new))
    with pytest.raises(ResultsFileError, match=f"line {line}, column '{column}'") as caught:
        _read_wide(path)
    failures = caught.value.failures
    assert failures["problem"].str.contains(match).any(), failures.to_string()


def test_a_row_without_votes_is_reported(tmp_path: Path) -> None:
    empty = b"4\tDunmore\tWales\t2010\t50000\t\t" + b"\t" * 12 + b"\n"
    data = WIDE.replace(b"\n\t\t\t\t195000", b"\n" + empty.rstrip(b"\n") + b"\n\t\t\t\t195000")
    with pytest.raises(ResultsFileError, match="line 5: no party column has votes"):
        _read_wide(_write(tmp_path, "flatfile.txt", data))


def test_an_unnamed_column_with_values_is_reported(tmp_path: Path) -> None:
    data = WIDE.replace(b"\tUKIP\n", b"\tUKIP\t\n").replace(b"\t10500\n", b"\t10500\t7\n")
    data = data.replace(b"\t4000\n", b"\t4000\t\n").replace(b"\t14500\n", b"\t14500\t\n")
    data = data.replace(b"\t\t\n1\t", b"\t\t\t\n1\t", 1)
    with pytest.raises(ResultsFileError, match="field 20 has no name in the header"):
        _read_wide(_write(tmp_path, "flatfile.txt", data))


def test_a_totals_row_without_a_word_is_checked_too(tmp_path: Path) -> None:
    path = _write(tmp_path, "flatfile.txt", WIDE.replace(b"\t195000\t", b"\t195001\t"))
    with pytest.raises(ResultsFileError, match="line 5, column 'Electorate': this totals row"):
        _read_wide(path)


def test_a_totals_row_among_the_results_is_reported(tmp_path: Path) -> None:
    data = LONG.replace(b"Glenys,", b',,,Total,,,"29,657",,,,,\nGlenys,')
    path = _write(tmp_path, "RESULTS.csv", data)
    with pytest.raises(ResultsFileError, match="line 6, column 'Constituency Name': a totals row"):
        read_results_table(path, LONG_COLUMNS, election_id="ge2015", encoding="cp1252")


# --- The Library's file by constituency, against its file by candidate --------------------


def test_the_library_constituency_file_gives_the_candidate_file_party_totals(
    external_data: Path,
) -> None:
    wide = read_results_table(
        external_data / "HoC-GE2019-results-by-constituency-csv.csv",
        LIBRARY_COLUMNS,
        layout="wide",
        parties=LIBRARY_PARTIES,
        pooled={"other": ("Oth", "Others")},
        election_id="ge2019",
    ).to_frame()
    candidates = read_hoc_results(
        external_data / "HoC-GE2019-results-by-candidate.csv", election_id="ge2019"
    ).to_frame()
    assert wide["constituency_code"].nunique() == 650
    named = set(wide["party_id"].astype(str)) - {"Oth"}
    # Labour and Co-operative candidates are Lab; every other party (the Speaker and
    # independents among them) is in the pooled "other".
    party = candidates["party_id"].astype(str).where(lambda ids: ids.isin(named), "Oth")
    expected = candidates["votes"].groupby(party).sum()
    found = wide.groupby(wide["party_id"].astype(str))["votes"].sum()
    pd.testing.assert_series_equal(found.sort_index(), expected.sort_index(), check_names=False)
    assert found["Lab"] == 10269051
    # Seat by seat too.
    key = [candidates["constituency_code"].astype(str), party]
    by_seat = candidates["votes"].groupby(key).sum()
    wide_by_seat = wide.set_index(
        [wide["constituency_code"].astype(str), wide["party_id"].astype(str)]
    )["votes"]
    pd.testing.assert_series_equal(
        wide_by_seat.sort_index(), by_seat.sort_index(), check_names=False
    )
    # The Speaker is in "other": Chorley's pool is ahead, so its winner is undetermined.
    chorley = wide[wide["constituency_name"] == "Chorley"]
    assert chorley.loc[chorley["pooled"].astype(bool), "votes"].tolist() == [36270]


# --- The docs' recipes --------------------------------------------------------------------


def _recipes() -> list[str]:
    text = DOCS_PAGE.read_text("utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    return [block for block in blocks if "read_results_table(" in block]


def test_each_recipe_is_short() -> None:
    recipes = _recipes()
    assert len(recipes) == 3
    for recipe in recipes:
        assert len(recipe.strip().splitlines()) < 6, recipe


@pytest.mark.parametrize("recipe", range(3))
def test_each_recipe_runs_as_written(
    recipe: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    code = _recipes()[recipe]
    _write(tmp_path, "RESULTS.csv", LONG)
    _write(tmp_path, "GE2010-results-flatfile.txt", WIDE)
    if "HoC-GE2019" in code:
        external = request.getfixturevalue("external_data")
        shutil.copy(external / "HoC-GE2019-results-by-constituency-csv.csv", tmp_path)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(code, str(DOCS_PAGE), "exec"), namespace)
    results = namespace["results"]
    frame = results.to_frame()  # type: ignore[attr-defined]
    assert frame["votes"].sum() in {51533, 123000, 32014110}
