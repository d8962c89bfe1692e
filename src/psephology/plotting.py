"""Charts of election results, drawn with matplotlib.

matplotlib is an optional dependency (the ``plot`` extra: ``pip install -e ".[plot]"``
from a copy of the repository, or ``pip install matplotlib``): it is imported only
when a chart is drawn, so ``import psephology.plotting`` costs nothing more than
psephology itself. Every chart draws into the Axes given as ``ax=`` (or, for
:func:`plot_national`, the pair given as ``axes=``), or into a new figure, and returns
what it drew into. Results are the canonical frame or a :class:`~psephology.ResultSet`,
as for :mod:`psephology.analysis`; :func:`plot_contest` takes one
:class:`~psephology.ConstituencyResult`. Bars and hexagons are filled with the party
colours of :func:`psephology.parties.party_colour`. Names (of candidates, parties,
constituencies and nations) are drawn as written: a ``$`` in a name is a dollar sign,
never the start of mathematics.

The hex map reads the HexJSON format of ODI Leeds (now Open Innovations): an object
with a ``layout`` (``odd-r``, ``even-r``, ``odd-q`` or ``even-q``) and ``hexes`` keyed by
constituency code, each with an integer column ``q`` and row ``r`` (a larger ``r`` is
further north) and optionally a name ``n``.

References
----------
.. [1] Open Innovations, "HexJSON format", version 1.1,
   https://open-innovations.org/projects/hexmaps/hexjson
"""

from __future__ import annotations

import json
import math
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from psephology import analysis
from psephology.errors import PsephologyError, ResultNotFoundError, UnmatchedContestWarning
from psephology.parties import PARTIES, UNKNOWN_PARTY_COLOUR, party_colour

if TYPE_CHECKING:
    from types import ModuleType

    from matplotlib.axes import Axes

    from psephology.analysis import Results
    from psephology.models import ConstituencyResult

__all__ = [
    "HEX_LAYOUTS",
    "NO_RESULT_COLOUR",
    "match_hexes",
    "plot_contest",
    "plot_gains_hexmap",
    "plot_hexmap",
    "plot_national",
    "plot_share_changes",
    "plot_swing",
]

#: The four offset coordinate systems of HexJSON: pointy-topped rows, flat-topped columns.
HEX_LAYOUTS = ("odd-r", "even-r", "odd-q", "even-q")

#: Fill of a hexagon with no contest, or no value, to show.
NO_RESULT_COLOUR = "#E0E0E0"

#: Parties with neither a seat nor this share of the vote [%] are one "Others" bar.
_NATIONAL_THRESHOLD_PCT = 1.0

# Longer registry names (e.g. "Democratic Unionist Party") are shown as the party id.
_LONGEST_NAME_SHOWN = 23

# Text properties of anything holding a name: drawn as written, not as mathematics
# (matplotlib reads "$...$" as mathematics, and an unbalanced "$\frac{" fails to draw)
# nor through TeX (where "&", "%" or "_" fail).
_PLAIN: dict[str, Any] = {"parse_math": False, "usetex": False}


def _pyplot() -> ModuleType:
    """matplotlib's pyplot, or an ImportError saying how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        message = (
            "psephology's charts need matplotlib: pip install matplotlib, or install "
            "psephology with its plot extra from a copy of its repository: "
            'pip install -e ".[plot]"'
        )
        raise ImportError(message) from error
    return plt


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    figure = _pyplot().figure(figsize=size, layout="constrained")
    new: Axes = figure.add_subplot()
    return new


def _party_label(party_id: str) -> str:
    """The registry name of a party when it is short, else its id."""
    party = PARTIES.get(party_id)
    if party is None or len(party.name) > _LONGEST_NAME_SHOWN:
        return party_id
    return party.name


def _frame(results: Results) -> pd.DataFrame:
    return results if isinstance(results, pd.DataFrame) else results.to_frame()


def _tidy(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _thousands(ax: Axes) -> None:
    from matplotlib.ticker import StrMethodFormatter

    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def plot_contest(contest: ConstituencyResult, *, ax: Axes | None = None) -> Axes:
    """Bar chart of one contest: every candidate's votes, the winner at the top.

    Each bar is as long as the candidate's votes and filled with their party's colour;
    it is labelled with the candidate's name and party (a party's row with the party's
    name, a pool with its name and "(pooled)"), and with the votes and share. In a contest
    of several seats every winner is labelled "elected", the bracket is the majority of
    the last elected over the best not elected, and the title says how many seats the
    rows leave undetermined, if any.
    The majority (winner's votes - runner-up's votes) is marked by a bracket between the
    two leading bars; a tie for first place is marked "tied" instead (naming the
    candidate elected by lot, when the results say so, who is then drawn first). A
    candidate returned unopposed has no votes: an empty bar says so.

    Parameters
    ----------
    contest : ConstituencyResult
        One contest, e.g. ``results.get("ge2019", "Islington North")``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure sized to the number of candidates.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into. Its bars are in ``ax.containers[0]``, winner first.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from psephology import load_dataset
    >>> contest = load_dataset("islington").get("ge2019", "Islington North")
    >>> ax = plot_contest(contest)
    >>> [int(bar.get_width()) for bar in ax.containers[0]][:2]
    [34603, 8415]
    >>> [text.get_text() for text in ax.texts if text.get_text().startswith("majority")]
    ['majority 26,188 (48.7%)']
    >>> matplotlib.pyplot.close("all")
    """
    # Most votes first; on a tie decided by lot, the candidate elected first.
    ranked = contest._lot_ranked()
    ax = _axes(ax, (8.0, 1.2 + 0.55 * len(ranked)))
    votes = np.array([result.votes or 0 for result in ranked], dtype="int64")
    valid = int(votes.sum())
    positions = np.arange(len(ranked))
    bars = ax.barh(
        positions,
        votes,
        height=0.7,
        color=[party_colour(result.party_id) for result in ranked],
        edgecolor="none",
    )
    ax.set_yticks(
        positions,
        labels=[
            result.label
            if result.is_party_row
            else f"{result.label}\n{result.candidate.party.name}"
            for result in ranked
        ],
        **_PLAIN,
    )
    ax.invert_yaxis()
    shares = votes / valid * 100 if valid else np.zeros(len(votes))
    labels = [f"{count:,} ({_percent(share)})" for count, share in zip(votes, shares, strict=True)]
    won = {id(result): result for result in contest.winners}
    if contest.seats > 1:
        # Every winner of a contest of several seats is marked; one seat's is on top.
        labels = [
            label + ("  elected" if id(result) in won else "")
            for label, result in zip(labels, ranked, strict=True)
        ]
    if contest.is_unopposed:
        labels = ["returned unopposed: no poll was held"] * len(ranked)
    ax.bar_label(bars, labels=labels, padding=4, fontsize=9)
    # The last place won and the best not won, among the rows that take a place.
    places = [position for position, result in enumerate(ranked) if not result.pooled]
    if contest.majority is not None and len(places) > contest.seats:
        upper, lower = places[contest.seats - 1], places[contest.seats]
        lot = [ranked[i].label for i in places if id(ranked[i]) in won and contest.is_tied]
        _mark_majority(
            ax,
            (upper, lower),
            (int(votes[upper]), int(votes[lower])),
            contest.majority_pct,
            ", ".join(lot[-1:]) if contest.decided_by_lot else None,
            first_place=contest.seats == 1,
        )
    ax.set_xlim(0, max(int(votes.max()) if len(votes) else 0, 1) * 1.3)
    _thousands(ax)
    ax.set_xlabel("votes")
    date = contest.election.date
    title = f"{contest.constituency.name}, {contest.election.id} ({date.day} {date:%B %Y})"
    if contest.seats > 1:
        title += f", {contest.seats} seats"
    if contest.undetermined_seats and not (contest.seats == 1 and contest.is_tied):
        title += (
            f"\n{contest.undetermined_seats} of {contest.seats} "
            f"{'seat' if contest.seats == 1 else 'seats'} undetermined: the rows do not say "
            "who won"
        )
    ax.set_title(title, loc="left", **_PLAIN)
    _tidy(ax)
    return ax


def _mark_majority(
    ax: Axes,
    bars: tuple[int, int],
    votes: tuple[int, int],
    majority_pct: float | None,
    elected_by_lot: str | None,
    *,
    first_place: bool,
) -> None:
    """A bracket from the best loser's votes to the last winner's, between their bars."""
    (upper, lower), (first, second) = bars, votes
    middle = (upper + lower) / 2
    if first == second:
        lot = f"; {elected_by_lot} elected by lot" if elected_by_lot else ""
        place = "first place" if first_place else "the last seat"
        ax.text(
            first,
            middle,
            f"  tied for {place} on {first:,} votes{lot}",
            va="center",
            ha="left",
            fontsize=9,
            fontweight="bold",
            **_PLAIN,
        )
        return
    ax.vlines(second, upper - 0.35, lower + 0.35, colors="#555555", linestyles=":", linewidth=1)
    ax.annotate(
        "",
        xy=(first, middle),
        xytext=(second, middle),
        arrowprops={"arrowstyle": "|-|", "color": "#333333", "shrinkA": 0, "shrinkB": 0},
    )
    share = "" if majority_pct is None else f" ({majority_pct:.1f}%)"
    ax.text(
        (first + second) / 2,
        middle,
        f"majority {first - second:,}{share}",
        ha="center",
        va="center",
        fontsize=9,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
    )


def plot_share_changes(
    results: Results, before: str, after: str, constituency: str, *, ax: Axes | None = None
) -> Axes:
    """Change in each party's vote share in one seat between two elections [points].

    Bars run right for a gain and left for a loss, in party colours, largest party at
    ``after`` first. A party that stood at only one of the two elections has no change
    to draw: its row says "new" with its share at ``after``, or "did not stand" with its
    share at ``before``. Shares come from :func:`psephology.analysis.share_changes`.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    before, after
        Election ids, e.g. ``"ge2017"`` and ``"ge2019"``.
    constituency : str
        The seat's name (at ``after``) or its constituency code.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into. Its bars (parties that stood both times) are in
        ``ax.containers[0]``.

    Raises
    ------
    ResultNotFoundError
        When no seat has that name or code.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from psephology import load_dataset
    >>> ax = plot_share_changes(load_dataset("islington"), "ge2017", "ge2019", "Islington North")
    >>> [label.get_text() for label in ax.get_yticklabels()][:3]
    ['Labour', 'Liberal Democrat', 'Conservative']
    >>> round(float(ax.containers[0][1].get_width()), 2)
    6.64
    >>> matplotlib.pyplot.close("all")
    """
    changes = analysis.share_changes(results, before, after)
    names = changes.index.get_level_values("constituency_name").astype("str")
    if constituency in names:
        rows = changes[names == constituency]
    else:
        rows = changes[(changes["constituency_code"] == constituency).to_numpy(dtype=bool)]
    if rows.empty:
        raise _unknown_constituency(constituency, pd.Index(names.unique()))
    seat = str(rows.index.get_level_values("constituency_name")[0])
    rows = rows.droplevel("constituency_name").sort_values(
        ["vote_share_pct_after", "vote_share_pct_before"], ascending=False, na_position="last"
    )
    ax = _axes(ax, (8.0, 1.4 + 0.4 * len(rows)))
    party_ids = rows.index.astype("str")
    positions = np.arange(len(rows))
    change = rows["change_pts"].to_numpy(dtype="float64", na_value=np.nan)
    both = ~np.isnan(change)
    bars = ax.barh(
        positions[both],
        change[both],
        height=0.7,
        color=[party_colour(party) for party in party_ids[both]],
        edgecolor="none",
    )
    ax.bar_label(bars, labels=[_points(value) for value in change[both]], padding=3, fontsize=9)
    ax.axvline(0, color="#333333", linewidth=0.8)
    reach = float(np.nanmax(np.abs(change))) if both.any() else 1.0
    ax.set_xlim(-reach * 1.35, reach * 1.35)
    for position, party, share_before, share_after in zip(
        positions[~both],
        party_ids[~both],
        rows["vote_share_pct_before"].to_numpy(dtype="float64", na_value=np.nan)[~both],
        rows["vote_share_pct_after"].to_numpy(dtype="float64", na_value=np.nan)[~both],
        strict=True,
    ):
        note = (
            f"new: {_percent(share_after)} in {after}"
            if np.isnan(share_before)
            else f"did not stand in {after} ({_percent(share_before)} in {before})"
        )
        ax.plot(0, position, marker="o", markersize=5, color=party_colour(party))
        ax.text(
            0, position, f"   {note}", va="center", ha="left", fontsize=9, style="italic", **_PLAIN
        )
    ax.set_yticks(positions, labels=[_party_label(party) for party in party_ids], **_PLAIN)
    ax.invert_yaxis()
    ax.set_xlabel(f"change in vote share, {before} to {after} [percentage points]", **_PLAIN)
    ax.set_title(f"{seat}: change in vote share", loc="left", **_PLAIN)
    _tidy(ax)
    return ax


def _points(change: float) -> str:
    """A change in points with its sign, and a true minus sign."""
    return f"{change:+.1f}".replace("-", "\N{MINUS SIGN}")


def _percent(share: float) -> str:
    """A share to one decimal place; a share that would show as 0.0 is "<0.1%"."""
    return "<0.1%" if 0 < share < 0.05 else f"{share:.1f}%"


def _unknown_constituency(constituency: str, names: pd.Index) -> ResultNotFoundError:
    import difflib

    close = difflib.get_close_matches(constituency, list(map(str, names)), n=3)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    message = f"no constituency named or coded {constituency!r} in these results{hint}"
    return ResultNotFoundError(message)


def plot_swing(
    results: Results,
    before: str,
    after: str,
    from_party: str,
    to_party: str,
    *,
    method: Literal["butler", "steed"] = "butler",
    ax: Axes | None = None,
) -> Axes:
    """Histogram of the swing in every seat, with the national swing marked.

    Seats are counted in bins one point wide (wider when the swings spread over more
    than 40 points), with bin edges on whole points so that no bin straddles zero:
    bins of swing towards ``to_party`` are in its colour, those of swing towards
    ``from_party`` in that party's colour. The national swing
    (:func:`psephology.analysis.national_swing`) is a dashed vertical line labelled with
    its value. Seats where either party did not stand at one of the elections have no
    swing; how many is said under the chart. A single seat is one bar, named.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    before, after
        Election ids, e.g. ``"ge2017"`` and ``"ge2019"``.
    from_party, to_party
        Party ids: positive swing is from ``from_party`` to ``to_party``.
    method : {"butler", "steed"}
        :func:`~psephology.analysis.butler_swing` (the conventional swing) or
        :func:`~psephology.analysis.steed_swing` (two-party swing).
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into: the bins are in ``ax.containers[0]`` and the national swing
        is the line labelled ``"national swing"``.

    Raises
    ------
    ResultNotFoundError
        When no seat had both parties standing at both elections.

    References
    ----------
    .. [1] Clements, R. (2012). *Electoral swing*. House of Commons Library, SN/SG/2608.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from psephology import load_dataset
    >>> ax = plot_swing(load_dataset("islington"), "ge2017", "ge2019", "Lab", "LD")
    >>> [round(line.get_xdata()[0], 2) for line in ax.lines if line.get_label() == "national swing"]
    [7.49]
    >>> matplotlib.pyplot.close("all")
    """
    if method not in ("butler", "steed"):
        message = f"method must be 'butler' or 'steed', not {method!r}"
        raise ValueError(message)
    swing_of = analysis.butler_swing if method == "butler" else analysis.steed_swing
    swings = swing_of(results, before, after, from_party, to_party)
    shown = swings.dropna()
    if shown.empty:
        message = (
            f"no seat had both {from_party} and {to_party} standing at both {before} and "
            f"{after}, so there is no swing to draw"
        )
        raise ResultNotFoundError(message)
    national = analysis.national_swing(results, before, after, from_party, to_party, method=method)
    values = shown.to_numpy(dtype="float64")
    low = math.floor(min(float(values.min()), national, 0.0))
    high = math.ceil(max(float(values.max()), national, 0.0))
    width = max(1, math.ceil((high - low) / 40))
    edges = np.arange(low - low % width, high + width + 1, width, dtype="float64")
    counts, _ = np.histogram(values, bins=edges)
    ax = _axes(ax, (8.0, 4.5))
    bars = ax.bar(
        edges[:-1],
        counts,
        width=width,
        align="edge",
        color=[party_colour(to_party if edge >= 0 else from_party) for edge in edges[:-1]],
        edgecolor="white",
        linewidth=0.5,
    )
    ax.axvline(0, color="#999999", linewidth=0.8)
    ax.axvline(national, color="black", linestyle="--", linewidth=1.2, label="national swing")
    towards = to_party if national >= 0 else from_party
    ax.annotate(
        f"national swing\n{abs(national):.1f} pts to {towards}",
        xy=(national, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -4),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=9,
        **_PLAIN,
    )
    if len(shown) == 1:
        ax.bar_label(
            bars, labels=[str(shown.index[0]) if n else "" for n in counts], padding=2, **_PLAIN
        )
    ax.set_ylim(0, max(int(counts.max()), 1) * 1.15)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    name = "Butler" if method == "butler" else "Steed"
    ax.set_xlabel(f"{name} swing from {from_party} to {to_party} [percentage points]", **_PLAIN)
    ax.set_ylabel("seats")
    left_out = len(swings) - len(shown)
    seats = f"{len(shown)} seat{'s' if len(shown) != 1 else ''}"
    note = (
        f"; {left_out} seat{'s' if left_out != 1 else ''} without both parties at both "
        "elections not shown"
        if left_out
        else ""
    )
    ax.set_title(
        f"{name} swing from {from_party} to {to_party}, {before} to {after}\n{seats}{note}",
        loc="left",
        fontsize=11,
        **_PLAIN,
    )
    _tidy(ax)
    return ax


def plot_national(
    results: Results,
    election_id: str,
    *,
    nations: Sequence[str] | None = None,
    grouping: Mapping[str, str] | None = None,
    axes: tuple[Axes, Axes] | None = None,
) -> tuple[Axes, Axes]:
    """Seats and vote share of each party in one election, in two panels side by side.

    Parties come in the order of :func:`psephology.analysis.national_summary` (most seats
    first, then most votes). Every party that won a seat or at least 1% of the vote has
    its own bar; the rest are added together as "Others". The seats panel marks a
    majority of the seats to fill (half of them, plus one, rounded down; every seat of
    a contest of several seats) with a dashed line. Seats the results leave undetermined
    (a tie not decided by lot, or party or pooled rows that do not say who won; see
    :func:`~psephology.analysis.seat_totals`) are given to no party: they are drawn as a
    last, unfilled bar labelled "undetermined" in the seats panel (in
    ``containers[1]``), with no vote share.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    election_id : str
        The election, e.g. ``"ge2019"``.
    nations, grouping
        As for :func:`~psephology.analysis.national_summary`: count only contests in
        these nations; count parties together under labels of your own.
    axes : pair of matplotlib.axes.Axes, optional
        Where to draw the seats and the vote shares; by default a new figure with two
        panels sharing the party axis.

    Returns
    -------
    tuple of matplotlib.axes.Axes
        The seats Axes and the vote share Axes; the bars of each are in its
        ``containers[0]``.

    Raises
    ------
    ResultNotFoundError
        For an election not in the results (the message lists those that are).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from psephology import load_dataset
    >>> seats, shares = plot_national(load_dataset("islington"), "ge2019")
    >>> [int(bar.get_width()) for bar in seats.containers[0]][:2]
    [2, 0]
    >>> [label.get_text() for label in seats.get_yticklabels()][:2]
    ['Labour', 'Liberal Democrat']
    >>> matplotlib.pyplot.close("all")
    """
    summary = analysis.national_summary(results, nations=nations, grouping=grouping)
    if election_id not in summary.index.get_level_values("election_id"):
        raise analysis._unknown_election(_frame(results), election_id)
    in_election = summary.index.get_level_values("election_id") == election_id
    table = summary[in_election].droplevel("election_id")
    own_bar = (table["seats"] > 0) | (table["vote_share_pct"] >= _NATIONAL_THRESHOLD_PCT)
    shown = table.loc[own_bar, ["seats", "vote_share_pct"]]
    party_ids = list(map(str, shown.index))
    labels = [_party_label(party) for party in party_ids]
    colours = [party_colour(party) for party in party_ids]
    if not own_bar.all():
        rest = table.loc[~own_bar]
        others = pd.DataFrame(
            {"seats": [int(rest["seats"].sum())], "vote_share_pct": [rest["vote_share_pct"].sum()]}
        )
        shown = pd.concat([shown.reset_index(drop=True), others], ignore_index=True)
        labels.append(f"Others ({len(rest)})")
        colours.append(UNKNOWN_PARTY_COLOUR)
    if axes is None:
        figure, pair = _pyplot().subplots(
            1, 2, sharey=True, figsize=(10.0, 1.6 + 0.42 * len(shown)), layout="constrained"
        )
        seat_ax, share_ax = pair
    else:
        seat_ax, share_ax = axes
        figure = seat_ax.figure
    positions = np.arange(len(shown))
    seats = shown["seats"].to_numpy(dtype="int64")
    share = shown["vote_share_pct"].to_numpy(dtype="float64")
    seat_bars = seat_ax.barh(positions, seats, height=0.7, color=colours, edgecolor="none")
    seat_ax.bar_label(seat_bars, labels=[f"{count:,}" for count in seats], padding=3, fontsize=9)
    share_bars = share_ax.barh(positions, share, height=0.7, color=colours, edgecolor="none")
    share_ax.bar_label(share_bars, labels=[_percent(pct) for pct in share], padding=3, fontsize=9)
    seat_ax.set_yticks(positions, labels=labels, **_PLAIN)
    share_ax.tick_params(labelleft=False)
    share_ax.set_yticks(positions)
    for panel in (seat_ax, share_ax):
        # Axes sharing y are inverted together: invert each only once.
        if not panel.yaxis_inverted():
            panel.invert_yaxis()
    totals = analysis.seat_totals(results, nations=nations)
    seats_to_fill, undetermined = (
        int(value)
        for value in totals.loc[election_id, ["seats", "undetermined_seats"]].to_numpy("int64")
    )
    if undetermined:
        # Seats given to no party: a bar of their own, outlined, below the parties'.
        extra = seat_ax.barh(
            [len(shown)], [undetermined], height=0.7, color="none", edgecolor="#333333"
        )
        seat_ax.bar_label(extra, labels=[f"{undetermined:,}"], padding=3, fontsize=9)
        seat_ax.set_yticks([*positions, len(shown)], labels=[*labels, "undetermined"], **_PLAIN)
        share_ax.set_yticks([*positions, len(shown)])
    contests = seats_to_fill
    if contests:
        needed = contests // 2 + 1
        seat_ax.axvline(needed, color="#333333", linestyle="--", linewidth=1)
        seat_ax.annotate(
            f"{needed:,} for a majority",
            xy=(needed, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -3),
            va="top",
            textcoords="offset points",
            fontsize=8,
        )
        seat_ax.set_xlim(0, max(int(seats.max()), undetermined, needed) * 1.15)
    share_ax.set_xlim(0, float(share.max()) * 1.18)
    from matplotlib.ticker import MaxNLocator

    seat_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    seat_ax.set_xlabel("seats won")
    share_ax.set_xlabel("share of the vote [%]")
    where = f" ({', '.join(nations)})" if nations else ""
    figure.suptitle(f"{election_id}{where}: seats and vote share", x=0.02, ha="left", **_PLAIN)
    for panel in (seat_ax, share_ax):
        _tidy(panel)
    return seat_ax, share_ax


def _read_hexjson(hexjson: str | os.PathLike[str] | Mapping[str, Any]) -> tuple[str, pd.DataFrame]:
    """The layout and the hexes (index: key; columns q, r, name) of a HexJSON map."""
    if isinstance(hexjson, Mapping):
        document: Any = hexjson
        source = "the HexJSON given"
    else:
        source = str(hexjson)
        document = _load_hexjson(source)
    if not isinstance(document, Mapping) or not isinstance(document.get("hexes"), Mapping):
        message = f"{source} is not HexJSON: expected an object with a 'hexes' object"
        raise PsephologyError(message)
    layout = document.get("layout")
    if layout not in HEX_LAYOUTS:
        message = f"{source} has layout {layout!r}; expected one of {', '.join(HEX_LAYOUTS)}"
        raise PsephologyError(message)
    entries = dict(document["hexes"])
    if not entries:
        message = f"{source} has no hexes"
        raise PsephologyError(message)
    records = [entry if isinstance(entry, Mapping) else {} for entry in entries.values()]
    q = [record.get("q") for record in records]
    r = [record.get("r") for record in records]
    whole = [_is_whole(column) and _is_whole(row) for column, row in zip(q, r, strict=True)]
    if not all(whole):
        at = whole.index(False)
        key = list(entries)[at]
        message = (
            f"{source}: hex {key!r} has q={q[at]!r}, r={r[at]!r}; every hex needs whole "
            "numbers q (column) and r (row)"
        )
        raise PsephologyError(message)
    names = [record.get("n") for record in records]
    out = pd.DataFrame(
        {
            "q": np.array(q, dtype="int64"),
            "r": np.array(r, dtype="int64"),
            "hex_name": pd.array([None if n is None else str(n) for n in names], dtype="str"),
        },
        index=pd.Index(list(map(str, entries)), name="hex", dtype="str"),
    )
    return str(layout), out


def _load_hexjson(path: str) -> Any:
    """The parsed document of a HexJSON file, or an error saying why it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        message = (
            f"no such HexJSON file: {path}. Layouts of the UK's constituencies are "
            "published in the odileeds/hexmaps repository (maps/constituencies.hexjson for "
            "2010-2019, maps/uk-constituencies-2023.hexjson for 2024)"
        )
        raise PsephologyError(message) from None
    except UnicodeDecodeError as error:
        message = f"{path} is not HexJSON: it is not UTF-8 text ({error.reason})"
        raise PsephologyError(message) from None
    except OSError as error:
        message = f"cannot read the HexJSON file {path}: {error.strerror or error}"
        raise PsephologyError(message) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = (
            f"{path} is not HexJSON: it is not JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno})"
        )
        raise PsephologyError(message) from None


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _name_key(names: pd.Series) -> pd.Series:
    """Names compared without case, accents, punctuation or spacing; "&" is "and"."""
    return (
        names.astype("str")
        .str.normalize("NFKD")
        .str.casefold()
        .str.replace("&", " and ", regex=False)
        .str.replace(r"[^0-9a-z]+", "", regex=True)
    )


def _in_election(results: Results, election_id: str) -> pd.DataFrame:
    frame = _frame(results)
    in_election = frame[(frame["election_id"].astype("str") == election_id).to_numpy(dtype=bool)]
    if in_election.empty:
        raise analysis._unknown_election(frame, election_id)
    return in_election


def _election_summary(results: Results, election_id: str) -> pd.DataFrame:
    return analysis.contest_summary(_in_election(results, election_id)).droplevel("election_id")


def match_hexes(
    results: Results, election_id: str, hexjson: str | os.PathLike[str] | Mapping[str, Any]
) -> pd.DataFrame:
    """Pair each contest of an election with a hexagon of a HexJSON map.

    A contest is matched on its constituency code; one whose code is not in the map (or
    that has none) is matched on its name against the hexes' ``n`` names not already
    matched, compared without case, accents, punctuation or spacing and with "&" read as
    "and". A name shared by two hexes or two contests is not matched. This is what
    :func:`plot_hexmap` draws.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    election_id : str
        The election, e.g. ``"ge2019"``.
    hexjson
        A HexJSON file's path, or the parsed document.

    Returns
    -------
    pandas.DataFrame
        One row per hex, in the map's order, then one per contest without a hex. Columns:
        ``hex`` (the hex's key; missing for a contest without a hex), ``hex_name``,
        ``q``, ``r``, ``constituency_name`` and ``constituency_code`` (missing for a hex
        without a contest), and ``matched_by`` (``"code"``, ``"name"``, or missing).
        Contests without a hex are ``table[table["hex"].isna()]``.

    Raises
    ------
    ResultNotFoundError
        For an election not in the results.
    PsephologyError
        When ``hexjson`` names no file, a file that cannot be read, or one that is not
        HexJSON: not JSON, no ``hexes``, a layout other than :data:`HEX_LAYOUTS`, or a hex
        without whole-number ``q`` and ``r``.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> hexjson = {"layout": "odd-r", "hexes": {
    ...     "E14000763": {"n": "Islington North", "q": 0, "r": 1},
    ...     "X": {"n": "Islington South & Finsbury", "q": 1, "r": 0},
    ...     "Y": {"n": "Hornsey and Wood Green", "q": 0, "r": 0}}}
    >>> match_hexes(load_dataset("islington"), "ge2019", hexjson)[
    ...     ["hex", "constituency_name", "matched_by"]]
             hex             constituency_name matched_by
    0  E14000763               Islington North       code
    1          X  Islington South and Finsbury       name
    2          Y                           NaN        NaN
    """
    _, hexes = _read_hexjson(hexjson)
    return _match_hexes(_election_summary(results, election_id), hexes)


def _match_hexes(summary: pd.DataFrame, hexes: pd.DataFrame) -> pd.DataFrame:
    contests = pd.DataFrame(
        {
            "constituency_name": summary.index.astype("str"),
            "constituency_code": summary["constituency_code"].astype("str").to_numpy(),
        }
    )
    hex_keys = hexes.index.to_series(index=hexes.index)
    by_code = contests["constituency_code"].where(contests["constituency_code"].isin(hex_keys))
    open_hexes = hexes[~hex_keys.isin(by_code)]
    hex_names = _name_key(open_hexes["hex_name"]).where(open_hexes["hex_name"].notna())
    unique_hex_names = hex_names[~hex_names.duplicated(keep=False) & hex_names.notna()]
    lookup = pd.Series(unique_hex_names.index, index=unique_hex_names.to_numpy())
    contest_names = _name_key(contests["constituency_name"])
    shared = contest_names.duplicated(keep=False)
    by_name = contest_names.map(lookup).where(by_code.isna() & ~shared)
    contests["hex"] = by_code.where(by_code.notna(), by_name.astype("str"))
    contests["matched_by"] = pd.Series(None, index=contests.index, dtype="str")
    contests.loc[by_code.notna(), "matched_by"] = "code"
    contests.loc[by_code.isna() & by_name.notna(), "matched_by"] = "name"
    placed = hexes.reset_index().merge(contests, on="hex", how="left", sort=False)
    unplaced = contests[contests["hex"].isna()]
    columns = ["hex", "hex_name", "q", "r", "constituency_name", "constituency_code", "matched_by"]
    table = pd.concat([placed, unplaced], ignore_index=True)[columns]
    return table.astype({"hex": "str", "hex_name": "str", "q": "Int64", "r": "Int64"})


def _hex_centres(q: np.ndarray, r: np.ndarray, layout: str) -> tuple[np.ndarray, np.ndarray]:
    """Hexagon centres with neighbouring centres one unit apart; larger r is north."""
    if layout.endswith("-r"):
        shifted = (r % 2 == 1) if layout == "odd-r" else (r % 2 == 0)
        return q + 0.5 * shifted, r * math.sqrt(3) / 2
    shifted = (q % 2 == 1) if layout == "odd-q" else (q % 2 == 0)
    return q * math.sqrt(3) / 2, r + 0.5 * shifted


def _hexagons(x: np.ndarray, y: np.ndarray, layout: str) -> np.ndarray:
    """Vertices (hex, corner, xy) of hexagons of circumradius 1/sqrt(3) at (x, y)."""
    start = 90.0 if layout.endswith("-r") else 0.0
    angles = np.deg2rad(start + 60.0 * np.arange(6))
    radius = 1 / math.sqrt(3)
    corners = np.stack([np.cos(angles), np.sin(angles)], axis=1) * radius
    return np.stack([x, y], axis=1)[:, None, :] + corners[None, :, :]


def plot_hexmap(
    results: Results,
    election_id: str,
    hexjson: str | os.PathLike[str] | Mapping[str, Any],
    *,
    value: str | pd.Series = "winner",
    ax: Axes | None = None,
    cmap: str | None = None,
) -> Axes:
    """Hex map of an election: one hexagon per constituency, north at the top.

    Hexagons are placed as the map's HexJSON layout says (pointy-topped rows for
    ``odd-r`` and ``even-r``, flat-topped columns for ``odd-q`` and ``even-q``), in data
    coordinates where neighbouring centres are one unit apart: a pointy-topped hex at
    column ``q`` and row ``r`` is centred at ``x = q`` (plus 0.5 on shifted rows),
    ``y = r * sqrt(3) / 2``; a flat-topped one at ``x = q * sqrt(3) / 2``, ``y = r``
    (plus 0.5 on shifted columns). Contests are paired with hexes by
    :func:`match_hexes`.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    election_id : str
        The election, e.g. ``"ge2019"``.
    hexjson
        A HexJSON file's path, or the parsed document.
    value : str or pandas.Series
        ``"winner"`` colours each hex by the winning party, with a legend of parties and
        their seats; a contest tied for first place is white with a dark outline. A
        contest of several seats is in its party's colour when one party won every seat,
        white with a grey outline when they were split between parties, and white with a
        dark outline when any seat is undetermined (see
        :func:`~psephology.analysis.contest_winners`). The
        name of a numeric column of :func:`psephology.analysis.contest_summary`
        (``majority_pct``, ``turnout_pct``...) or a numeric Series indexed by
        constituency code or name colours by that value, with a colour bar; keys that
        are not contests of the election are ignored.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure.
    cmap : str, optional
        matplotlib colour map for a numeric ``value`` (default ``"viridis"``).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into. The hexagons are one collection, ``ax.collections[0]``,
        in the map's order. Hexes without a contest (or without a value) are light grey.

    Raises
    ------
    ResultNotFoundError
        For an election not in the results, or a Series of values none of whose keys
        is a contest of the election.
    PsephologyError
        When ``hexjson`` names no file, or is not HexJSON, as for :func:`match_hexes`.
    ValueError
        For a ``value`` that is neither ``"winner"`` nor a numeric column of
        :func:`~psephology.analysis.contest_summary`, or a non-numeric Series.

    Warns
    -----
    UnmatchedContestWarning
        Naming the contests that have no hex in the map, which are not drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from psephology import load_dataset
    >>> hexjson = {"layout": "odd-r", "hexes": {
    ...     "E14000763": {"n": "Islington North", "q": 0, "r": 1},
    ...     "E14000764": {"n": "Islington South and Finsbury", "q": 0, "r": 0}}}
    >>> ax = plot_hexmap(load_dataset("islington"), "ge2019", hexjson)
    >>> [matplotlib.colors.to_hex(colour) for colour in ax.collections[0].get_facecolors()]
    ['#e4003b', '#e4003b']
    >>> matplotlib.pyplot.close("all")
    """
    layout, hexes = _read_hexjson(hexjson)
    summary = _election_summary(results, election_id)
    table = _match_hexes(summary, hexes)
    unplaced = table.loc[table["hex"].isna(), "constituency_name"].astype("str")
    if len(unplaced):
        listed = "; ".join(unplaced.head(10)) + ("; ..." if len(unplaced) > 10 else "")
        message = (
            f"{len(unplaced)} contests of {election_id} have no hex in this map (by code or "
            f"name) and are not drawn: {listed}. See match_hexes() for the full table"
        )
        warnings.warn(message, UnmatchedContestWarning, stacklevel=2)
    placed = table[table["hex"].notna()]
    contest_rows = summary.reindex(placed["constituency_name"].to_numpy())
    x, y = _hex_centres(
        placed["q"].to_numpy(dtype="int64"), placed["r"].to_numpy(dtype="int64"), layout
    )
    plt = _pyplot()
    from matplotlib.collections import PolyCollection

    spread = (float(np.ptp(x)) + 2, float(np.ptp(y)) + 2)
    ax = _axes(
        ax, (min(max(spread[0] * 0.3, 4.0), 11.0) + 2.5, min(max(spread[1] * 0.3, 4.0), 12.0))
    )
    hexagons = PolyCollection(list(_hexagons(x, y, layout)), edgecolors="white", linewidths=0.4)
    ax.add_collection(hexagons)
    if isinstance(value, str) and value == "winner":
        winners = analysis.contest_winners(_in_election(results, election_id))
        _colour_by_winner(ax, hexagons, contest_rows, summary.index, winners)
    else:
        values, label = _hex_values(value, summary, contest_rows)
        colour_map = plt.get_cmap(cmap or "viridis").with_extremes(bad=NO_RESULT_COLOUR)
        hexagons.set_array(np.ma.masked_invalid(values))
        hexagons.set_cmap(colour_map)
        colour_bar = ax.figure.colorbar(hexagons, ax=ax, shrink=0.6)
        colour_bar.set_label(label, **_PLAIN)
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    title = "winning party" if isinstance(value, str) and value == "winner" else _label(value)
    ax.set_title(f"{election_id}: {title}", loc="left", **_PLAIN)
    return ax


def plot_gains_hexmap(
    results: Results,
    before: str | None,
    after: str,
    hexjson: str | os.PathLike[str] | Mapping[str, Any],
    *,
    ax: Axes | None = None,
) -> Axes:
    """Hex map of the seats that changed hands: each gain in the colour of the party that
    gained it, each seat held in a pale tint of its party's colour.

    The seats and their results are those of
    :func:`~psephology.analysis.seat_changes` ``(results, before, after)``: across a change
    of boundaries, a general election is compared with the notional result of the one
    before where the results hold it (``before`` may also name the notional election,
    such as ``"ge2019-notional"``). Hexes are placed as in :func:`plot_hexmap`.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    before : str or None
        The earlier election, as for :func:`~psephology.analysis.seat_changes` (``None``:
        the last general election before each seat's contest).
    after : str
        The election mapped, e.g. ``"ge2024"``.
    hexjson
        A HexJSON file's path, or the parsed document.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into; the hexagons are ``ax.collections[0]``, in the map's order.
        A seat with no hold or gain (not in both elections, tied for first place, several
        seats or undetermined) is white with a dark outline; a hex without a contest of
        ``after`` is light grey. The legend counts the gains of each party and the holds.

    Raises
    ------
    BoundaryChangeError
        When ``before`` and ``after`` are on different boundaries and the results hold no
        notional result to compare with (see :func:`~psephology.analysis.match_contests`).

    Warns
    -----
    UnmatchedContestWarning
        Naming the contests of ``after`` that have no hex in the map.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from psephology import load_dataset
    >>> hexjson = {"layout": "odd-r", "hexes": {
    ...     "E14000763": {"n": "Islington North", "q": 0, "r": 1},
    ...     "E14000764": {"n": "Islington South and Finsbury", "q": 0, "r": 0}}}
    >>> ax = plot_gains_hexmap(load_dataset("islington"), "ge2017", "ge2019", hexjson)
    >>> [matplotlib.colors.to_hex(colour) for colour in ax.collections[0].get_facecolors()]
    ['#f7b2c4', '#f7b2c4']
    >>> matplotlib.pyplot.close("all")
    """
    changes = analysis.seat_changes(results, before, after)
    layout, hexes = _read_hexjson(hexjson)
    table = _match_hexes(_election_summary(results, after), hexes)
    unplaced = table.loc[table["hex"].isna(), "constituency_name"].astype("str")
    if len(unplaced):
        listed = "; ".join(unplaced.head(10)) + ("; ..." if len(unplaced) > 10 else "")
        message = (
            f"{len(unplaced)} contests of {after} have no hex in this map (by code or "
            f"name) and are not drawn: {listed}. See match_hexes() for the full table"
        )
        warnings.warn(message, UnmatchedContestWarning, stacklevel=2)
    placed = table[table["hex"].notna()]
    seats = changes.reindex(placed["constituency_name"].to_numpy())
    has_contest = placed["constituency_name"].notna().to_numpy()
    change = seats["change"].astype("object").to_numpy()
    gained, held = change == "gain", change == "hold"
    winner = seats["winner_after"].astype("object").to_numpy()
    _pyplot()
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import to_hex, to_rgb
    from matplotlib.patches import Patch

    def pale(colour: str) -> str:
        red, green, blue = to_rgb(colour)
        return to_hex((0.3 * red + 0.7, 0.3 * green + 0.7, 0.3 * blue + 0.7))

    faces = np.full(len(placed), NO_RESULT_COLOUR, dtype=object)
    edges = np.full(len(placed), "#FFFFFF", dtype=object)
    faces[gained] = [party_colour(str(party)) for party in winner[gained]]
    faces[held] = [pale(party_colour(str(party))) for party in winner[held]]
    open_ = has_contest & ~gained & ~held
    faces[open_], edges[open_] = "#FFFFFF", "#333333"
    x, y = _hex_centres(
        placed["q"].to_numpy(dtype="int64"), placed["r"].to_numpy(dtype="int64"), layout
    )
    spread = (float(np.ptp(x)) + 2, float(np.ptp(y)) + 2)
    ax = _axes(
        ax, (min(max(spread[0] * 0.3, 4.0), 11.0) + 2.5, min(max(spread[1] * 0.3, 4.0), 12.0))
    )
    hexagons = PolyCollection(
        list(_hexagons(x, y, layout)),
        facecolors=list(faces),
        edgecolors=list(edges),
        linewidths=0.4,
    )
    ax.add_collection(hexagons)
    gains = (
        pd.Series(winner[gained])
        .value_counts(sort=False)
        .sort_values(ascending=False, kind="stable")
    )
    handles = [
        Patch(
            facecolor=party_colour(str(party)), label=f"{_party_label(str(party))} gain {count:,}"
        )
        for party, count in gains.items()
    ]
    handles.append(
        Patch(facecolor=pale(UNKNOWN_PARTY_COLOUR), label=f"held {int(held.sum()):,} (pale)")
    )
    if open_.any():
        handles.append(
            Patch(
                facecolor="#FFFFFF",
                edgecolor="#333333",
                label=f"no hold or gain {int(open_.sum()):,}",
            )
        )
    if (~has_contest).any():
        handles.append(
            Patch(facecolor=NO_RESULT_COLOUR, label=f"no result {int((~has_contest).sum()):,}")
        )
    _seat_legend(ax, handles)
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    compared = changes.attrs.get("election_before", before or "the election before")
    ax.set_title(f"{after}: seats gained and held, against {compared}", loc="left", **_PLAIN)
    return ax


def _label(value: str | pd.Series) -> str:
    if isinstance(value, str):
        return value
    return str(value.name) if value.name is not None else "value"


def _colour_by_winner(
    ax: Axes,
    hexagons: Any,
    contest_rows: pd.DataFrame,
    summary_names: pd.Index,
    won: pd.DataFrame,
) -> None:
    from matplotlib.patches import Patch

    # Each contest's party: the one that won every seat, where one did.
    party_ids = won.droplevel("election_id")["party_id"].astype("str")
    by_contest = party_ids.groupby(level="constituency_name", observed=True)
    one_party = by_contest.min() == by_contest.max()
    winners = (
        by_contest.first()
        .where(one_party)
        .reindex(contest_rows.index)
        .where((contest_rows["undetermined_seats"] == 0).to_numpy())
    )
    has_contest = contest_rows.index.notna() & contest_rows.index.isin(summary_names)
    # A tie decided by lot has a winner; one the results leave open has none.
    tied = (
        contest_rows["tie_for_first"].fillna(False).to_numpy(dtype=bool)
        & winners.isna().to_numpy()
        & (contest_rows["seats"] == 1).to_numpy()
    )
    undetermined = (
        (contest_rows["undetermined_seats"].fillna(0) > 0).to_numpy() & has_contest & ~tied
    )
    split = has_contest & winners.isna().to_numpy() & ~tied & ~undetermined
    parties = winners.astype("object").where(winners.notna(), None).to_numpy()
    colour_of = {party: party_colour(str(party)) for party in pd.unique(parties[~pd.isna(parties)])}
    faces = np.array([colour_of.get(party, NO_RESULT_COLOUR) for party in parties], dtype=object)
    faces[~has_contest] = NO_RESULT_COLOUR
    faces[tied | undetermined | split] = "#FFFFFF"
    edges = np.where(tied | undetermined, "#333333", np.where(split, "#999999", "#FFFFFF"))
    hexagons.set_facecolor(list(faces))
    hexagons.set_edgecolor(list(edges))
    # Seats won by each party in the contests drawn (every seat of a contest of several).
    drawn = won.droplevel("election_id")
    drawn = drawn[drawn.index.isin(contest_rows.index[has_contest])]
    seats = drawn.groupby("party_id", observed=True, sort=False)["seats_won"].sum()
    seats = seats[seats > 0].sort_values(ascending=False, kind="stable")
    handles = [
        Patch(facecolor=party_colour(str(party)), label=f"{_party_label(str(party))} {count:,}")
        for party, count in seats.items()
    ]
    if tied.any():
        handles.append(
            Patch(facecolor="#FFFFFF", edgecolor="#333333", label=f"tied {int(tied.sum())}")
        )
    if undetermined.any():
        handles.append(
            Patch(
                facecolor="#FFFFFF",
                edgecolor="#333333",
                label=f"undetermined: {int(undetermined.sum())} contests",
            )
        )
    if split.any():
        handles.append(
            Patch(
                facecolor="#FFFFFF",
                edgecolor="#999999",
                label=f"split between parties: {int(split.sum())} contests",
            )
        )
    if (~has_contest).any():
        handles.append(
            Patch(facecolor=NO_RESULT_COLOUR, label=f"no result {int((~has_contest).sum())}")
        )
    _seat_legend(ax, handles)


def _seat_legend(ax: Axes, handles: list[Any]) -> None:
    """The legend of a hex map, beside it, with its labels drawn as plain text."""
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        fontsize=8,
        title="seats",
        title_fontsize=9,
    )
    for text in legend.get_texts():
        text.set(**_PLAIN)


def _hex_values(
    value: str | pd.Series, summary: pd.DataFrame, contest_rows: pd.DataFrame
) -> tuple[np.ndarray, str]:
    if isinstance(value, str):
        numeric = list(summary.select_dtypes(include="number").columns)
        if value not in numeric:
            message = (
                f"value must be 'winner', a numeric column of contest_summary "
                f"({', '.join(numeric)}) or a Series, not {value!r}"
            )
            raise ValueError(message)
        return contest_rows[value].to_numpy(dtype="float64", na_value=np.nan), value
    if not pd.api.types.is_numeric_dtype(value.dtype) or value.index.has_duplicates:
        message = (
            f"a Series of values must be numeric with one value per constituency, not "
            f"dtype {value.dtype} with {int(value.index.duplicated().sum())} repeated keys"
        )
        raise ValueError(message)
    values = value.astype("float64")
    by_code = values.reindex(contest_rows["constituency_code"].astype("str").to_numpy())
    by_name = values.reindex(contest_rows.index.astype("str"))
    found = np.where(
        by_code.notna().to_numpy(), by_code.to_numpy(), by_name.to_numpy(dtype="float64")
    )
    keys = set(map(str, value.index))
    known = set(map(str, summary.index)) | set(map(str, summary["constituency_code"].dropna()))
    if not keys & known:
        shown = ", ".join(map(repr, list(value.index[:3])))
        message = (
            f"no key of the Series of values ({shown}...) is a constituency code or name of "
            "a contest in the election"
        )
        raise ResultNotFoundError(message)
    return found, _label(value)
