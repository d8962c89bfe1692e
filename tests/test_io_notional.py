"""Reading the published notional 2019 results on the 2024 constituencies.

Expected figures come from the raw file with plain pandas (and the external data
README), never through psephology.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from psephology import ResultsFileError, ResultsLabelWarning, read_hoc_notional
from psephology.analysis import contest_summary, seat_totals
from psephology.boundaries import CODES_OF_2024_FILES, estimated_election, notional_election_id

NOTIONAL = "HoC-notional-GE2019-results-on-2024-constituencies.csv"

#: Two constituencies of the file, cut down: Chorley (the Speaker, one independent, the
#: summary rows) and a made-up seat with three independents and a mis-decoded name.
CHORLEY = "Chorley,Chorley,E14001170,149,NW,England,County,53.5,74568,39870,17392,"
YNYS = "Ynys M\u221a\u00a5n,Ynys M\u221a\u00a5n,S14000006,2,SC,Scotland,County,50.0,2000,1000,300,"
ROWS = "\n".join(
    [
        CHORLEY + "Commons Speaker,26831,Commons Speaker,Commons Speaker,NA",
        CHORLEY + "IND1V,9439,Independent,Independent,8",
        CHORLEY + "TOTOTHV,36270,NA,NA,NA",
        CHORLEY + "MAXOTHV,26831,NA,NA,NA",
        CHORLEY + "BRXV,3600,Brexit Party,The Brexit Party,1006",
        YNYS + "CONV,500,Con,Conservative Party,4",
        YNYS + "IND1V,200,Independent,Independent,8",
        YNYS + "IND2V,150,Independent 2 etc.,Independent 2 etc.,8",
        YNYS + "IND3V,150,NA,NA,8",
        YNYS + "TOTOTHV,500,NA,NA,NA",
        YNYS + "MAXOTHV,200,NA,NA,NA",
    ]
)


def _read(text: str, **options: object) -> pd.DataFrame:
    buffer = io.BytesIO(text.encode("utf-8"))
    with pytest.warns(ResultsLabelWarning, match="Mac OS Roman"):
        return read_hoc_notional(buffer, **options).to_frame()  # type: ignore[arg-type]


def test_the_link_between_a_notional_election_and_the_one_it_estimates() -> None:
    assert notional_election_id("ge2019") == "ge2019-notional"
    assert estimated_election("ge2019-notional") == "ge2019"
    assert estimated_election("ge2019") is None


def test_summary_rows_are_checked_and_never_counted() -> None:
    frame = _read(ROWS)
    assert "TOTOTHV" not in frame["party_name"].astype("str").tolist()
    chorley = frame[frame["constituency_code"] == "E14001170"]
    assert chorley["votes"].sum() == 39870
    assert chorley.set_index("party_id")["votes"].to_dict() == {
        "Spk": 26831,
        "Ind": 9439,
        "Brexit": 3600,
    }
    assert (frame["election_kind"] == "notional").all()
    assert (frame["election_date"].astype("str") == "2019-12-12").all()
    assert frame["candidate_name"].isna().all()


def test_party_labels_of_the_file_become_party_ids() -> None:
    frame = _read(ROWS)
    chorley = frame[frame["constituency_code"] == "E14001170"].set_index("party_id")
    assert chorley.loc["Spk", "party_name"] == "Speaker"
    assert chorley.loc["Brexit", "party_name"] == "The Brexit Party"


def test_several_independents_are_one_pooled_row_and_na_is_not_a_name() -> None:
    frame = _read(ROWS)
    seat = frame[frame["constituency_name"] == "Ynys Môn"].set_index("party_id")
    assert seat.loc["Ind", "votes"] == 500
    assert bool(seat.loc["Ind", "pooled"])
    assert seat.loc["Ind", "party_name"] == "Independent"
    assert "NA" not in frame["party_name"].astype("str").tolist()


def test_the_five_scottish_codes_are_those_of_the_2024_files_unless_told() -> None:
    assert CODES_OF_2024_FILES["S14000006"] == "S14000107"
    frame = _read(ROWS)
    assert "S14000107" in frame["constituency_code"].astype("str").tolist()
    kept = _read(ROWS, recode={})
    assert "S14000006" in kept["constituency_code"].astype("str").tolist()


def test_a_mis_decoded_name_is_repaired_with_a_warning_naming_the_line() -> None:
    buffer = io.BytesIO(ROWS.encode("utf-8"))
    with pytest.warns(ResultsLabelWarning, match=r"'Ynys M√¥n' \(from line 6\) read as 'Ynys Môn'"):
        frame = read_hoc_notional(buffer).to_frame()
    assert "Ynys Môn" in frame["constituency_name"].astype("str").tolist()


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (",39870,17392,IND1V,9439", ",39871,17392,IND1V,9439", "line 2.*differs from the first"),
        ("74568,39870,", "74568,39871,", "line 1.*the sum of the parties' votes: 39,870"),
        ("39870,17392,Commons Speaker", "39870,17391,Commons Speaker", "first minus second"),
        ("TOTOTHV,36270", "TOTOTHV,36271", r"line 3.*\(TOTOTHV\)"),
        ("MAXOTHV,26831", "MAXOTHV,9439", r"line 4.*\(MAXOTHV\)"),
        ("County,53.5,74568,39870,17392,BRXV", "County,55.5,74568,39870,17392,BRXV", "turnout"),
        ("IND1V,9439,Independent", "IND1V,9439x,Independent", "line 2.*9439x"),
        ("BRXV,3600,Brexit Party,The Brexit Party", "XYZV,3600,NA,NA", "line 5.*not named"),
    ],
)
def test_bad_figures_are_reported_with_their_line(old: str, new: str, match: str) -> None:
    text = ROWS.replace(old, new)
    buffer = io.BytesIO(text.encode("utf-8"))
    with pytest.warns(ResultsLabelWarning), pytest.raises(ResultsFileError, match=match):
        read_hoc_notional(buffer)


def test_a_date_is_needed_for_an_id_that_is_not_a_known_general_election() -> None:
    with pytest.raises(Exception, match="give the election_date of 'x2019'"):
        read_hoc_notional(io.BytesIO(ROWS.encode()), election_id="x2019")


def test_the_published_file(external_data: Path, notional_2019_seats: dict[str, int]) -> None:
    raw = pd.read_csv(external_data / NOTIONAL, header=None, dtype=str, keep_default_na=False)
    with pytest.warns(ResultsLabelWarning, match="Ynys Môn"):
        results = read_hoc_notional(external_data / NOTIONAL)
    frame = results.to_frame()
    summary = contest_summary(results)
    assert len(summary) == 650
    assert summary["winner_party_id"].value_counts().to_dict() == notional_2019_seats
    assert seat_totals(results)["undetermined_seats"].sum() == 0
    parties = ~raw[11].isin(["TOTOTHV", "MAXOTHV"])
    assert frame["votes"].sum() == pd.to_numeric(raw.loc[parties, 12]).sum() == 32014119
    assert frame.drop_duplicates("constituency_code")["electorate"].sum() == 47558398
    codes = set(frame["constituency_code"].astype("str"))
    assert not codes & set(CODES_OF_2024_FILES)
    assert set(CODES_OF_2024_FILES.values()) <= codes
    assert "Ynys Môn" in set(frame["constituency_name"].astype("str"))
