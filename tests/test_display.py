"""Tests of the rich display of contests and result sets (HTML, text and repr).

Expected figures are read from the bundled CSV with the standard library's ``csv``
module and computed with plain arithmetic, or taken from the worked examples on the
concepts page and from the House of Commons Library's files, never from psephology's
own calculations. The HTML is parsed with :mod:`html.parser` to check that its tags
balance and to read its rows back as text.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephology import (
    Candidate,
    CandidateResult,
    Constituency,
    ConstituencyResult,
    Election,
    Party,
    ResultSet,
    parse_results_csv,
    read_hoc_results,
)
from psephology.display import MISSING, contest_html, contest_repr, contest_text, result_set_html

REPOSITORY = Path(__file__).resolve().parents[1]
GE2019 = Election(id="ge2019", date=dt.date(2019, 12, 12))
LAB = Party(id="Lab", name="Labour")
CON = Party(id="Con", name="Conservative")

#: The footer's labels of the two turnouts, named as on the concepts page.
TURNOUT = "Turnout turnout_pct, valid votes"
BALLOT_TURNOUT = "Ballot box turnout ballot_turnout_pct, valid votes + rejected ballots"
#: Labour's colour in the party registry (psephology.parties), as ``#RRGGBB``.
LABOUR_COLOUR = "#E4003B"


class Page(HTMLParser):
    """A parsed HTML fragment: tag balance, rows of cell text by section, styles."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.tags: list[str] = []
        self.rows: dict[str, list[list[str]]] = {"thead": [], "tbody": [], "tfoot": []}
        self.cells: list[dict[str, str]] = []
        self.styles: list[str] = []
        self.texts: list[str] = []
        self.feed(markup)
        self.close()
        if self.open:
            self.problems.append(f"never closed: {self.open}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = {name: value or "" for name, value in attrs}
        if "style" in attributes:
            self.styles.append(attributes["style"])
        if tag == "tr":
            section = next(name for name in reversed(self.open) if name in self.rows)
            self.row: list[str] = []
            self.rows[section].append(self.row)
        if tag in {"td", "th"}:
            self.row.append("")
            self.cells.append(attributes)
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if "td" in self.open or "th" in self.open:
            self.row[-1] = " ".join(f"{self.row[-1]} {data}".split())

    @property
    def text(self) -> str:
        """All the text, white space collapsed."""
        return " ".join(" ".join(self.texts).split())


def parse(markup: str) -> Page:
    """Parse HTML and fail on unbalanced tags."""
    page = Page(markup)
    assert page.problems == []
    return page


def bundled_rows() -> list[dict[str, str]]:
    """The bundled Islington CSV as text, read without psephology."""
    with (REPOSITORY / "data" / "islington.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def published(election_id: str, constituency: str) -> dict[str, object]:
    """One contest's figures, computed with plain arithmetic from the bundled CSV."""
    rows = [
        row
        for row in bundled_rows()
        if row["election_id"] == election_id and row["constituency_name"] == constituency
    ]
    ranked = sorted(rows, key=lambda row: -int(row["votes"]))
    valid = sum(int(row["votes"]) for row in rows)
    electorate = int(rows[0]["electorate"])
    rejected = int(rows[0]["rejected_ballots"])
    majority = int(ranked[0]["votes"]) - int(ranked[1]["votes"])
    return {
        "ranked": [(row["candidate_name"], row["party_name"], int(row["votes"])) for row in ranked],
        "winner": ranked[0]["candidate_name"],
        "winner_party_id": ranked[0]["party_id"],
        "majority": majority,
        "majority_pct": 100 * majority / valid,
        "valid": valid,
        "electorate": electorate,
        "rejected": rejected,
        "turnout_pct": 100 * valid / electorate,
        "ballot_turnout_pct": 100 * (valid + rejected) / electorate,
        "shares": [100 * int(row["votes"]) / valid for row in ranked],
    }


@pytest.fixture(scope="module")
def north_2019(islington: ResultSet) -> ConstituencyResult:
    return islington.get("ge2019", "Islington North")


def stood(name: str, party: Party, votes: int) -> CandidateResult:
    return CandidateResult(candidate=Candidate(name=name, party=party), votes=votes)


def contest(
    *candidates: CandidateResult,
    name: str = "Islington North",
    electorate: int | None = 75162,
    rejected_ballots: int | None = 227,
) -> ConstituencyResult:
    return ConstituencyResult(
        election=GE2019,
        constituency=Constituency(name=name),
        electorate=electorate,
        rejected_ballots=rejected_ballots,
        candidates=candidates,
    )


# --- one contest: HTML --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("election_id", "constituency"),
    [
        ("ge2017", "Islington North"),
        ("ge2019", "Islington North"),
        ("ge2017", "Islington South and Finsbury"),
        ("ge2019", "Islington South and Finsbury"),
    ],
)
def test_contest_html_shows_the_published_figures(
    islington: ResultSet, election_id: str, constituency: str
) -> None:
    expected = published(election_id, constituency)
    page = parse(islington.get(election_id, constituency)._repr_html_())
    body = page.rows["tbody"]
    ranked = expected["ranked"]
    assert isinstance(ranked, list)
    assert len(body) == len(ranked)
    shares = expected["shares"]
    assert isinstance(shares, list)
    for row, (name, party, votes), share in zip(body, ranked, shares, strict=True):
        assert row == [
            name,
            party,
            f"{votes:,}",
            f"{share:.1f}",
            "elected" if name == expected["winner"] else "",
        ]
    assert page.rows["tfoot"] == [
        ["Majority", f"{expected['majority']:,} ({expected['majority_pct']:.1f}%)"],
        [TURNOUT, f"{expected['turnout_pct']:.1f}%"],
        [BALLOT_TURNOUT, f"{expected['ballot_turnout_pct']:.1f}%"],
        ["Electorate", f"{expected['electorate']:,}"],
        ["Rejected ballots", f"{expected['rejected']:,}"],
    ]


def test_contest_html_matches_the_worked_example_on_the_concepts_page(
    north_2019: ConstituencyResult,
) -> None:
    # docs/concepts.md: 34,603 for Corbyn, majority 26,188 (48.67%), turnout 71.585...
    # -> 71.6 on valid votes and 71.887... -> 71.9 ballot box, electorate 75,162.
    page = parse(north_2019._repr_html_())
    assert page.rows["tbody"][0][:3] == ["Jeremy Corbyn", "Labour", "34,603"]
    assert page.rows["tfoot"] == [
        ["Majority", "26,188 (48.7%)"],
        [TURNOUT, "71.6%"],
        [BALLOT_TURNOUT, "71.9%"],
        ["Electorate", "75,162"],
        ["Rejected ballots", "227"],
    ]
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", north_2019._repr_html_())
    assert caption is not None
    assert parse(caption.group(1)).text == "Islington North (E14000763) · ge2019 · 2019-12-12"


def test_contest_html_colours_each_party_from_the_registry(
    north_2019: ConstituencyResult,
) -> None:
    page = parse(north_2019._repr_html_())
    labour_cells = [cell for cell in page.cells if cell.get("title") == "Lab"]
    assert len(labour_cells) == 1
    assert f"border-left:0.5em solid {LABOUR_COLOUR}" in labour_cells[0]["style"]
    # The share bar: as wide as the share, in the party's colour.
    share = 100 * 34603 / 53805
    assert f"width:{share:.1f}%;background:{LABOUR_COLOUR}" in north_2019._repr_html_()


def test_contest_html_sets_no_text_colour_or_page_background(
    north_2019: ConstituencyResult, islington: ResultSet
) -> None:
    # Readable in light and dark themes: the only backgrounds are party colours and a
    # translucent track; text colour is always inherited.
    for markup in (north_2019._repr_html_(), islington._repr_html_()):
        page = parse(markup)
        for style in page.styles:
            assert not re.search(r"(^|;)\s*color\s*:", style), style
            for background in re.findall(r"background:([^;]+)", style):
                assert re.fullmatch(r"#[0-9A-F]{6}|rgba\(128,128,128,0\.2\)", background)
        assert {"script", "style", "link"}.isdisjoint(page.tags)


def test_contest_html_shows_missing_figures_as_a_dash() -> None:
    unknown = contest(
        stood("Jeremy Corbyn", LAB, 34603),
        stood("James Clark", CON, 5483),
        electorate=None,
        rejected_ballots=None,
    )
    markup = unknown._repr_html_()
    page = parse(markup)
    assert page.rows["tfoot"][1:] == [
        [TURNOUT, MISSING],
        [BALLOT_TURNOUT, MISSING],
        ["Electorate", MISSING],
        ["Rejected ballots", MISSING],
    ]
    for shown in (markup, str(unknown)):
        assert "None" not in shown
        assert "nan" not in shown.lower()


def test_contest_without_valid_votes_shows_no_share() -> None:
    empty = contest(stood("A Candidate", LAB, 0), stood("B Candidate", CON, 0))
    page = parse(empty._repr_html_())
    assert [row[3] for row in page.rows["tbody"]] == [MISSING, MISSING]
    assert "nan" not in empty._repr_html_().lower()
    assert "nan" not in str(empty).lower()


def test_a_tie_for_first_place_is_shown_as_tied() -> None:
    tied = contest(
        stood("Ann Able", LAB, 1000),
        stood("Bob Baker", CON, 400),
        stood("Cat Cole", CON, 1000),
    )
    page = parse(tied._repr_html_())
    assert [(row[0], row[-1]) for row in page.rows["tbody"]] == [
        ("Ann Able", "tied"),
        ("Cat Cole", "tied"),
        ("Bob Baker", ""),
    ]
    assert page.rows["tfoot"][0] == ["Majority", "0 (0.0%, tied for first place)"]
    assert "elected" not in page.text
    assert repr(tied) == (
        "<ConstituencyResult Islington North ge2019: tied for first on 1,000 votes, "
        "majority 0, 3 candidates>"
    )
    lines = str(tied).splitlines()
    assert lines[1].endswith("tied")
    assert lines[2].endswith("tied")
    assert lines[3].endswith(f"{100 * 400 / 2400:.1f}%")


def test_a_single_candidate_has_no_majority() -> None:
    alone = contest(stood("Lindsay Hoyle", Party(id="Spk", name="Speaker"), 26831))
    page = parse(alone._repr_html_())
    assert page.rows["tbody"] == [["Lindsay Hoyle", "Speaker", "26,831", "100.0", "elected"]]
    assert page.rows["tfoot"][0] == ["Majority", MISSING]
    assert repr(alone) == (
        "<ConstituencyResult Islington North ge2019: winner Lindsay Hoyle (Spk), 1 candidate>"
    )


def test_a_tie_decided_by_lot_names_the_winner() -> None:
    # The lot fell on Cat Cole: listed first among the tied, marked as elected by lot.
    by_lot = contest(
        stood("Ann Able", LAB, 1000),
        stood("Bob Baker", CON, 400),
        CandidateResult(candidate=Candidate(name="Cat Cole", party=CON), votes=1000, elected=True),
    )
    page = parse(by_lot._repr_html_())
    assert [(row[0], row[-1]) for row in page.rows["tbody"]] == [
        ("Cat Cole", "elected by lot"),
        ("Ann Able", "tied"),
        ("Bob Baker", ""),
    ]
    assert page.rows["tfoot"][0] == ["Majority", "0 (0.0%, tie decided by lot)"]
    assert repr(by_lot) == (
        "<ConstituencyResult Islington North ge2019: winner Cat Cole (Con) by lot, "
        "majority 0, 3 candidates>"
    )
    assert str(by_lot).splitlines()[1].endswith("elected by lot")
    summary = parse(ResultSet.from_contests([by_lot])._repr_html_())
    assert summary.rows["tbody"][0][2:5] == ["Cat Cole (by lot)", "Con", "0"]


ARMAGH_1951 = ConstituencyResult(
    election=Election(id="ge1951", date=dt.date(1951, 10, 25)),
    constituency=Constituency(name="Armagh"),
    candidates=(
        CandidateResult(
            candidate=Candidate(
                name="J. R. E. Harden", party=Party(id="UUP", name="Ulster Unionist")
            ),
            votes=None,
        ),
    ),
)


def test_a_candidate_returned_unopposed_has_no_figures_that_need_a_poll() -> None:
    page = parse(ARMAGH_1951._repr_html_())
    assert page.rows["tbody"] == [
        ["J. R. E. Harden", "Ulster Unionist", MISSING, MISSING, "elected unopposed"]
    ]
    assert [value for _, value in page.rows["tfoot"]] == [MISSING] * 5
    assert repr(ARMAGH_1951) == (
        "<ConstituencyResult Armagh ge1951: winner J. R. E. Harden (UUP) unopposed, 1 candidate>"
    )
    assert str(ARMAGH_1951).splitlines()[1].split() == [
        "J.",
        "R.",
        "E.",
        "Harden",
        "Ulster",
        "Unionist",
        "(UUP)",
        MISSING,
        MISSING,
        "elected",
        "unopposed",
    ]
    for shown in (ARMAGH_1951._repr_html_(), str(ARMAGH_1951)):
        assert "None" not in shown
        assert "nan" not in shown.lower()
    summary = parse(ResultSet.from_contests([ARMAGH_1951])._repr_html_())
    assert summary.rows["tbody"] == [
        ["ge1951", "Armagh", "J. R. E. Harden (unopposed)", "UUP", MISSING, MISSING, MISSING]
    ]


def test_a_by_election_says_so_in_the_heading() -> None:
    by_election = ConstituencyResult(
        election=Election(id="by2021hartlepool", date=dt.date(2021, 5, 6), kind="by-election"),
        constituency=Constituency(name="Hartlepool"),
        candidates=(
            stood("Jill Mortimer", CON, 15529),
            stood("Paul Williams", LAB, 8589),
        ),
    )
    assert str(by_election).splitlines()[0] == (
        "Hartlepool, by2021hartlepool (by-election), 2021-05-06"
    )
    assert "by2021hartlepool (by-election) · 2021-05-06" in by_election._repr_html_()
    # 15,529 - 8,589 = 6,940.
    assert repr(by_election).endswith("majority 6,940, 2 candidates>")


# --- escaping -------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
AMPERSAND_PARTY = Party(id="G&F", name='Greens & "Friends"')


def test_names_are_escaped_in_the_contest_html() -> None:
    hostile = ConstituencyResult(
        election=GE2019,
        constituency=Constituency(name="Town <b>& Country</b>"),
        candidates=(
            stood(SCRIPT, AMPERSAND_PARTY, 20),
            stood("Ordinary Name", LAB, 10),
        ),
    )
    markup = hostile._repr_html_()
    assert "<script" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "Greens &amp; &quot;Friends&quot;" in markup
    assert 'title="G&amp;F"' in markup
    page = parse(markup)
    assert "script" not in page.tags
    assert page.tags.count("b") == 0
    # Read back as text, the names are exactly as given.
    assert page.rows["tbody"][0][:2] == [SCRIPT, 'Greens & "Friends"']
    assert "Town <b>& Country</b>" in page.text


def test_names_are_escaped_in_the_result_set_html() -> None:
    hostile = ResultSet.from_contests(
        [
            ConstituencyResult(
                election=GE2019,
                constituency=Constituency(name="A&B <i>"),
                candidates=(
                    stood(SCRIPT, AMPERSAND_PARTY, 20),
                    stood("Other", LAB, 10),
                ),
            )
        ]
    )
    markup = hostile._repr_html_()
    assert "<script" not in markup
    page = parse(markup)
    assert "i" not in page.tags
    assert page.rows["tbody"] == [["ge2019", "A&B <i>", SCRIPT, "G&F", "10", "33.3", MISSING]]


names = st.text(alphabet=st.sampled_from("ab <>&\"'/;=é"), min_size=1, max_size=12).filter(
    lambda text: text == text.strip()
)


@settings(max_examples=60, deadline=None)
@given(
    candidates=st.lists(
        st.tuples(names, names, st.integers(min_value=0, max_value=10**6)),
        min_size=1,
        max_size=6,
        unique_by=lambda candidate: candidate[0],
    )
)
def test_any_contest_gives_balanced_html_with_its_names_as_text(
    candidates: list[tuple[str, str, int]],
) -> None:
    built = contest(
        *(stood(name, Party(id=party, name=party), votes) for name, party, votes in candidates),
        electorate=None,
        rejected_ballots=None,
    )
    page = parse(built._repr_html_())
    assert [row[0] for row in page.rows["tbody"]] == [
        " ".join(name.split())
        for name, _, _ in sorted(candidates, key=lambda candidate: -candidate[2])
    ]
    assert set(page.tags) <= {
        "table",
        "caption",
        "strong",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "span",
    }
    assert "\n" not in repr(built)


# --- one contest: text and repr ------------------------------------------------------------


def test_contest_text_lists_every_candidate_with_the_published_figures(
    north_2019: ConstituencyResult,
) -> None:
    expected = published("ge2019", "Islington North")
    lines = str(north_2019).splitlines()
    ranked = expected["ranked"]
    shares = expected["shares"]
    assert isinstance(ranked, list)
    assert isinstance(shares, list)
    assert lines[0] == "Islington North (E14000763), ge2019, 2019-12-12"
    assert len(lines) == 1 + len(ranked) + 3
    for line, (name, party, votes), share in zip(
        lines[1 : 1 + len(ranked)], ranked, shares, strict=True
    ):
        assert line.split()[: len(name.split())] == name.split()
        assert re.search(rf"\b{re.escape(party)} \(\w+\)\s+{votes:,}\s+{share:.1f}%", line)
    assert lines[1].endswith("elected")
    assert lines[-3] == f"Majority: {expected['majority']:,} ({expected['majority_pct']:.1f}%)"
    assert lines[-2] == (
        f"Turnout: {expected['turnout_pct']:.1f}% on valid votes (turnout_pct); "
        f"{expected['ballot_turnout_pct']:.1f}% ballot box (ballot_turnout_pct)"
    )
    assert lines[-1] == "Electorate: 75,162; valid votes: 53,805; rejected ballots: 227"
    assert str(north_2019) == contest_text(north_2019)


@pytest.mark.parametrize(
    ("election_id", "constituency", "expected"),
    [
        (
            "ge2019",
            "Islington North",
            "<ConstituencyResult Islington North ge2019: winner Jeremy Corbyn (Lab), "
            "majority 26,188, 6 candidates>",
        ),
        (
            "ge2017",
            "Islington North",
            "<ConstituencyResult Islington North ge2017: winner Jeremy Corbyn (Lab), "
            "majority 33,215, 10 candidates>",
        ),
        (
            "ge2019",
            "Islington South and Finsbury",
            "<ConstituencyResult Islington South and Finsbury ge2019: winner Emily Thornberry "
            "(Lab), majority 17,328, 6 candidates>",
        ),
    ],
)
def test_contest_repr_is_one_informative_line(
    islington: ResultSet, election_id: str, constituency: str, expected: str
) -> None:
    # Majorities from the CSV: 34,603 - 8,415; 40,086 - 6,871; 26,897 - 9,569.
    chosen = islington.get(election_id, constituency)
    assert repr(chosen) == expected == contest_repr(chosen)
    assert f"{published(election_id, constituency)['majority']:,}" in expected


def test_result_set_repr_is_kept(islington: ResultSet) -> None:
    # 27 rows of candidates in data/islington.csv, over 4 contests.
    assert len(bundled_rows()) == 27
    assert repr(islington) == "<ResultSet: 4 contests, 27 candidates; ge2017, ge2019>"


def test_the_models_delegate_to_the_display_functions(
    north_2019: ConstituencyResult, islington: ResultSet
) -> None:
    assert north_2019._repr_html_() == contest_html(north_2019)
    assert islington._repr_html_() == result_set_html(islington)


def test_importing_psephology_does_not_import_the_display_module() -> None:
    code = "import sys, psephology; print('psephology.display' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


# --- result sets ------------------------------------------------------------------------------


def test_result_set_html_summarises_every_contest(islington: ResultSet) -> None:
    page = parse(islington._repr_html_())
    assert page.text.startswith("ResultSet: 4 contests in 2 elections (ge2017, ge2019)")
    assert page.rows["thead"] == [
        [
            "Election",
            "Constituency",
            "Winner",
            "Party",
            "Majority",
            "Majority %",
            "Turnout %",
        ]
    ]
    expected_rows = []
    for election_id, constituency in (
        ("ge2017", "Islington North"),
        ("ge2017", "Islington South and Finsbury"),
        ("ge2019", "Islington North"),
        ("ge2019", "Islington South and Finsbury"),
    ):
        figures = published(election_id, constituency)
        expected_rows.append(
            [
                election_id,
                constituency,
                figures["winner"],
                figures["winner_party_id"],
                f"{figures['majority']:,}",
                f"{figures['majority_pct']:.1f}",
                f"{figures['turnout_pct']:.1f}",
            ]
        )
    assert page.rows["tbody"] == expected_rows
    labour_cells = [cell for cell in page.cells if cell.get("title") == "Lab"]
    assert len(labour_cells) == 4
    assert all(LABOUR_COLOUR in cell["style"] for cell in labour_cells)


def test_result_set_html_shows_a_tie_and_a_missing_turnout() -> None:
    results = ResultSet.from_contests(
        [
            contest(
                stood("Ann Able", LAB, 1000),
                stood("Cat Cole", CON, 1000),
                electorate=None,
                rejected_ballots=None,
            ),
            contest(
                stood("Dan Dee", LAB, 900),
                stood("Eve Ebb", CON, 100),
                name="Elsewhere",
                electorate=2000,
                rejected_ballots=0,
            ),
        ]
    )
    page = parse(results._repr_html_())
    assert page.rows["tbody"] == [
        ["ge2019", "Islington North", "tied", MISSING, "0", "0.0", MISSING],
        ["ge2019", "Elsewhere", "Dan Dee", "Lab", "800", "80.0", "50.0"],
    ]


def synthetic(contests: int) -> ResultSet:
    """``contests`` two-candidate contests, Seat 0000 to Seat N, built with pandas.

    In seat ``n`` the winner (Lab) has 5,000 + n votes and the runner-up (Con) 1,000, with
    an electorate of 10,000 and 10 rejected ballots.
    """
    seat = np.repeat(np.arange(contests), 2)
    first = np.tile([True, False], contests)
    frame = pd.DataFrame(
        {
            "election_id": "ge2019",
            "election_date": "2019-12-12",
            "constituency_name": pd.Series(seat).map("Seat {:04d}".format),
            "electorate": 10_000,
            "rejected_ballots": 10,
            "candidate_name": np.where(first, "Winner", "Second"),
            "party_id": np.where(first, "Lab", "Con"),
            "party_name": np.where(first, "Labour", "Conservative"),
            "votes": np.where(first, 5000 + seat, 1000),
        }
    )
    return ResultSet.from_frame(frame)


@pytest.fixture(scope="module")
def seven_hundred() -> ResultSet:
    return synthetic(700)


def seats(page: Page) -> Iterator[str]:
    return (row[1] for row in page.rows["tbody"] if len(row) > 1)


@pytest.mark.parametrize(
    ("options", "arguments", "head", "tail"),
    [
        ({}, {}, 5, 5),  # pandas' defaults: more than 60 rows -> show 10
        ({"display.min_rows": 4}, {}, 2, 2),
        ({"display.min_rows": 7}, {}, 4, 3),
        ({"display.max_rows": 1000}, {}, 700, 0),
        ({}, {"max_rows": 20, "min_rows": 6}, 3, 3),
        ({}, {"max_rows": 0}, 700, 0),
        ({"display.max_rows": None}, {}, 700, 0),
    ],
)
def test_a_long_result_set_is_truncated_as_pandas_truncates(
    seven_hundred: ResultSet,
    options: dict[str, int | None],
    arguments: dict[str, int],
    head: int,
    tail: int,
) -> None:
    with pd.option_context(options) if options else contextlib.nullcontext():
        markup = result_set_html(seven_hundred, **arguments)
    page = parse(markup)
    assert page.text.startswith("ResultSet: 700 contests in 1 election (ge2019)")
    body = page.rows["tbody"]
    expected = [f"Seat {seat:04d}" for seat in [*range(head), *range(700 - tail, 700)]]
    assert list(seats(page)) == expected
    omitted = 700 - head - tail
    if omitted:
        assert len(body) == head + tail + 1
        assert body[head] == [f"… {omitted} more contests …"]
    else:
        assert len(body) == 700
    # Winner's votes 5000 + seat, runner-up 1000: majority 4000 + seat.
    assert body[0][4:] == ["4,000", f"{100 * 4000 / 6000:.1f}", f"{100 * 6000 / 10000:.1f}"]
    if tail:
        assert body[-1][4:6] == ["4,699", f"{100 * 4699 / 6699:.1f}"]


@pytest.mark.parametrize(("contests", "rows"), [(60, 60), (61, 11), (1, 1)])
def test_truncation_starts_above_max_rows(contests: int, rows: int) -> None:
    page = parse(synthetic(contests)._repr_html_())
    assert len(page.rows["tbody"]) == rows
    noun = "contest" if contests == 1 else "contests"
    assert page.text.startswith(f"ResultSet: {contests} {noun} in 1 election (ge2019)")


def test_the_html_stays_small(seven_hundred: ResultSet, north_2019: ConstituencyResult) -> None:
    assert len(seven_hundred._repr_html_()) < 8_000
    assert len(north_2019._repr_html_()) < 6_000


def test_real_general_election_2019_is_truncated_with_published_figures(
    external_data: Path,
) -> None:
    candidates = external_data / "HoC-GE2019-results-by-candidate.csv"
    constituencies = external_data / "HoC-GE2019-results-by-constituency-csv.csv"
    results = read_hoc_results(candidates, constituencies, election_id="ge2019")
    page = parse(results._repr_html_())
    raw = pd.read_csv(constituencies)
    order = pd.read_csv(candidates)["ons_id"].drop_duplicates()
    assert len(order) == 650
    assert page.text.startswith("ResultSet: 650 contests in 1 election (ge2019)")
    body = page.rows["tbody"]
    assert len(body) == 11
    assert body[5] == ["… 640 more contests …"]
    shown = raw.set_index("ons_id").loc[[*order[:5], *order[-5:]]]
    expected = [
        [
            "ge2019",
            name,
            f"{majority:,}",
            f"{100 * majority / valid:.1f}",
            f"{100 * valid / electorate:.1f}",
        ]
        for name, majority, valid, electorate in zip(
            shown["constituency_name"],
            shown["majority"],
            shown["valid_votes"],
            shown["electorate"],
            strict=True,
        )
    ]
    assert [[*row[:2], *row[4:]] for row in body[:5] + body[6:]] == expected
    assert [row[3] for row in body[:5] + body[6:]] == shown["first_party"].tolist()


#: Contests of several seats, party rows and pooled rows, as the data format page shows
#: them. The ward of three is the worked example of docs/data-format.md, with two more
#: candidates: winners Ann Ash, Bob Birch and Cy Cedar; majority 1,500 - 1,400 = 100;
#: turnout 3,000 / 9,000 = 33.3% and (3,000 + 20) / 9,000 = 33.6%.
SEVERAL_SEATS = """\
election_id,election_date,election_kind,constituency_name,seats,electorate,valid_ballots,\
rejected_ballots,candidate_name,party_id,party_name,pooled,votes,seats_won
local.x.2021-05-06,2021-05-06,local,Example Ward,3,9000,3000,20,Ann Ash,Lab,Labour,,1900,
local.x.2021-05-06,2021-05-06,local,Example Ward,3,9000,3000,20,Bob Birch,Lab,Labour,,1700,
local.x.2021-05-06,2021-05-06,local,Example Ward,3,9000,3000,20,Cy Cedar,Con,Conservative,,1500,
local.x.2021-05-06,2021-05-06,local,Example Ward,3,9000,3000,20,Di Damson,Lab,Labour,,1400,
local.x.2021-05-06,2021-05-06,local,Example Ward,3,9000,3000,20,Ed Elm,Con,Conservative,,1200,
local.x.2021-05-06,2021-05-06,local,Example Ward,3,9000,3000,20,Flo Fir,Green,Green Party,,600,
local.x.2021-05-06,2021-05-06,local,Party Ward,2,8000,,,,Lab,Labour,,2500,
local.x.2021-05-06,2021-05-06,local,Party Ward,2,8000,,,,Con,Conservative,,2000,
local.x.2021-05-06,2021-05-06,local,Party Ward,2,8000,,,,Oth,Others,true,900,
local.x.2021-05-06,2021-05-06,local,Tie Ward,2,8000,2000,,Al,Lab,Labour,,1000,
local.x.2021-05-06,2021-05-06,local,Tie Ward,2,8000,2000,,Bo,Con,Conservative,,800,
local.x.2021-05-06,2021-05-06,local,Tie Ward,2,8000,2000,,Cat,LD,Liberal Democrat,,800,
local.x.2021-05-06,2021-05-06,local,Pool Ward,1,8000,,,,Lab,Labour,,1400,
local.x.2021-05-06,2021-05-06,local,Pool Ward,1,8000,,,,Con,Conservative,,800,
local.x.2021-05-06,2021-05-06,local,Pool Ward,1,8000,,,,Oth,Others,true,1600,
local.x.2021-05-06,2021-05-06,local,Party One,1,8000,,,,Lab,Labour,,1400,
local.x.2021-05-06,2021-05-06,local,Party One,1,8000,,,,Con,Conservative,,800,
local.x.2021-05-06,2021-05-06,local,Stated Ward,2,8000,,,,Lab,Labour,,2400,2
local.x.2021-05-06,2021-05-06,local,Stated Ward,2,8000,,,,Con,Conservative,,2000,0
"""


@pytest.fixture(scope="module")
def several_seats() -> ResultSet:
    return parse_results_csv(io.StringIO(SEVERAL_SEATS))


def ward(results: ResultSet, name: str) -> ConstituencyResult:
    return results.get("local.x.2021-05-06", name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Example Ward",
            "<ConstituencyResult Example Ward local.x.2021-05-06: 3 seats, winners Ann Ash "
            "(Lab), Bob Birch (Lab), Cy Cedar (Con), majority 100, 6 candidates>",
        ),
        (
            "Party Ward",
            "<ConstituencyResult Party Ward local.x.2021-05-06: 2 seats, undetermined, 3 rows>",
        ),
        (
            "Tie Ward",
            "<ConstituencyResult Tie Ward local.x.2021-05-06: 2 seats, winners Al (Lab), "
            "1 seat undetermined, majority 0, 3 candidates>",
        ),
        (
            "Pool Ward",
            "<ConstituencyResult Pool Ward local.x.2021-05-06: winner undetermined, 3 rows>",
        ),
        (
            "Party One",
            "<ConstituencyResult Party One local.x.2021-05-06: winner Labour (Lab), "
            "majority 600, 2 rows>",
        ),
        (
            "Stated Ward",
            "<ConstituencyResult Stated Ward local.x.2021-05-06: 2 seats, winners Labour "
            "(Lab), 2 rows>",
        ),
    ],
)
def test_repr_of_contests_of_several_seats_and_party_rows(
    several_seats: ResultSet, name: str, expected: str
) -> None:
    # Before, repr called contest.winner, which raises for several seats or a pool ahead.
    assert repr(ward(several_seats, name)) == expected


def test_text_of_a_ward_of_three_lists_every_winner_and_the_declared_turnout(
    several_seats: ResultSet,
) -> None:
    text = str(ward(several_seats, "Example Ward")).splitlines()
    assert text[0] == "Example Ward, local.x.2021-05-06 (local), 2021-05-06, 3 seats"
    elected = [line.split()[0] for line in text[1:7] if line.endswith("elected")]
    assert elected == ["Ann", "Bob", "Cy"]
    assert text[7] == (
        "Majority: 100 (3.3% of valid ballot papers): Cy Cedar (Con), the last elected, "
        "over Di Damson (Lab)"
    )
    assert text[8].startswith("Turnout: 33.3% on valid ballot papers, as declared")
    assert "33.6% ballot box" in text[8]
    assert "valid ballot papers: 3,000" in text[9]
    assert "votes: 8,300 (up to 3 a voter" in text[9]


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        (
            "Party Ward",
            [
                "  Labour           Labour (Lab)        2,500  46.3%",
                "  Others (pooled)  Others (Oth)          900  16.7%",
                "Undetermined seats: 2 of 2 (party or pooled rows do not say which candidates won)",
                "Majority: undetermined",
            ],
        ),
        (
            "Tie Ward",
            [
                "  Bo   Conservative (Con)       800  30.8%  tied",
                "Undetermined seats: 1 of 2 (a tie for the last seat not decided by lot)",
                "Majority: 0 (0.0% of valid ballot papers, tied for the last seat)",
            ],
        ),
        (
            "Pool Ward",
            [
                "Winner: undetermined (a pool of several parties polled at least as many "
                "votes as any party)",
                "Majority: undetermined",
            ],
        ),
        ("Party One", ["  Labour        Labour (Lab)        1,400  63.6%  elected"]),
        ("Stated Ward", ["  Labour        Labour (Lab)        2,400  54.5%  won 2 seats"]),
    ],
)
def test_text_says_undetermined_where_the_rows_cannot_say(
    several_seats: ResultSet, name: str, lines: list[str]
) -> None:
    text = str(ward(several_seats, name)).splitlines()
    for line in lines:
        assert line in text


def test_html_of_a_ward_of_three_marks_every_winner(several_seats: ResultSet) -> None:
    page = parse(ward(several_seats, "Example Ward")._repr_html_())
    assert page.problems == []
    marks = [row[-1] for row in page.rows["tbody"]]
    assert marks == ["elected", "elected", "elected", "", "", ""]
    footer = {row[0]: row[1] for row in page.rows["tfoot"]}
    assert footer["Majority last elected − best not elected"].startswith("100 (3.3%")
    assert footer["Turnout turnout_pct, valid ballot papers as declared"] == "33.3%"
    assert footer["Valid ballot papers as declared"] == "3,000"


@pytest.mark.parametrize(
    ("name", "label", "value"),
    [
        ("Party Ward", "Undetermined seats", "2 of 2"),
        ("Tie Ward", "Undetermined seats", "1 of 2"),
        ("Pool Ward", "Winner", "undetermined"),
    ],
)
def test_html_says_how_many_seats_are_undetermined(
    several_seats: ResultSet, name: str, label: str, value: str
) -> None:
    page = parse(ward(several_seats, name)._repr_html_())
    assert page.problems == []
    footer = {row[0]: row[1] for row in page.rows["tfoot"]}
    assert [value] == [v for k, v in footer.items() if k.startswith(label)]


def test_result_set_html_shows_seats_and_undetermined_seats(several_seats: ResultSet) -> None:
    page = parse(several_seats._repr_html_())
    assert page.problems == []
    assert page.rows["thead"][0][:6] == [
        "Election",
        "Constituency",
        "Seats",
        "Undetermined",
        "Winners",
        "Party",
    ]
    rows = {row[1]: row[2:] for row in page.rows["tbody"]}
    assert rows["Example Ward"] == [
        "3",
        "0",
        "Ann Ash, Bob Birch, Cy Cedar",
        "Lab, Lab, Con",
        "100",
        "3.3",
        "33.3",
    ]
    assert rows["Party Ward"][:4] == ["2", "2", "2 undetermined", MISSING]
    assert rows["Tie Ward"][:4] == ["2", "1", "Al, 1 undetermined", "Lab"]
    assert rows["Pool Ward"][:4] == ["1", "1", "undetermined", MISSING]
    assert rows["Party One"][:4] == ["1", "0", "Labour", "Lab"]
    assert rows["Stated Ward"][:4] == ["2", "0", "Labour (2 seats)", "Lab"]


def test_result_set_html_names_a_party_row_winner_by_its_party() -> None:
    results = parse_results_csv(
        io.StringIO(
            "election_id,election_date,constituency_name,candidate_name,party_id,party_name,votes\n"
            "ge2019,2019-12-12,Seat,,Lab,Labour,1400\n"
            "ge2019,2019-12-12,Seat,,Con,Conservative,800\n"
        )
    )
    page = parse(results._repr_html_())
    assert page.rows["thead"][0][2] == "Winner"
    assert page.rows["tbody"] == [["ge2019", "Seat", "Labour", "Lab", "600", "27.3", MISSING]]
