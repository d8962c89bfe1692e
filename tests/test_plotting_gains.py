"""The hex map of seats gained and held, against the Library's published results."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import psephology
from psephology.analysis import seat_changes
from psephology.parties import party_colour

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.colors import to_hex  # noqa: E402

from psephology.plotting import plot_gains_hexmap  # noqa: E402

NOTIONAL = "HoC-notional-GE2019-results-on-2024-constituencies.csv"


@pytest.fixture(scope="module")
def results_2024(external_data: Path) -> psephology.ResultSet:
    with pytest.warns(psephology.ResultsLabelWarning, match="Ynys"):
        notional = psephology.read_hoc_notional(external_data / NOTIONAL)
    # Three seats are spelt differently in the notional file (matched by code).
    with pytest.warns(psephology.ResultsLabelWarning, match="Bridlington"):
        return psephology.combine_results([notional, psephology.load_dataset("ge2024")])


def pale(colour: str) -> str:
    red, green, blue = matplotlib.colors.to_rgb(colour)
    return to_hex((0.3 * red + 0.7, 0.3 * green + 0.7, 0.3 * blue + 0.7))


@pytest.mark.parametrize(
    ("seat", "result", "party"),
    [
        # The Result column of the Library's 2024 constituency file.
        ("Clacton", "RUK gain from Con", "RUK"),
        ("Chorley", "Spk hold", "Spk"),
        ("Islington North", "Ind gain from Lab", "Ind"),
        ("Glasgow North", "Lab gain from SNP", "Lab"),
        ("Richmond and Northallerton", "Con hold", "Con"),
        ("Sheffield Hallam", "Lab hold", "Lab"),
        ("Tunbridge Wells", "LD gain from Con", "LD"),
    ],
)
def test_the_2024_gains_map_colours_seats_as_the_library_gives_them(
    results_2024: psephology.ResultSet,
    external_data: Path,
    seat: str,
    result: str,
    party: str,
) -> None:
    library = pd.read_csv(external_data / "HoC-GE2024-results-by-constituency.csv")
    assert library.set_index("Constituency name").loc[seat, "Result"] == result
    hexjson = external_data / "hexmaps" / "uk-constituencies-2023.hexjson"
    ax = plot_gains_hexmap(results_2024, "ge2019-notional", "ge2024", hexjson)
    code = library.set_index("Constituency name").loc[seat, "ONS ID"]
    # The hexagons are drawn in the map's order.
    hexes = list(json.loads(hexjson.read_text(encoding="utf-8"))["hexes"])
    colour = to_hex(ax.collections[0].get_facecolors()[hexes.index(code)])
    expected = to_hex(party_colour(party)) if "gain" in result else pale(party_colour(party))
    assert colour == expected
    matplotlib.pyplot.close("all")


def test_the_2024_gains_map_counts_each_party_s_gains(
    results_2024: psephology.ResultSet, external_data: Path
) -> None:
    hexjson = external_data / "hexmaps" / "uk-constituencies-2023.hexjson"
    ax = plot_gains_hexmap(results_2024, "ge2019-notional", "ge2024", hexjson)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    changes = seat_changes(results_2024, "ge2019-notional", "ge2024")
    assert f"held {int((changes['change'] == 'hold').sum()):,} (pale)" in labels
    # Each party's gains as the Library's Result column counts them (Labour 218).
    library = pd.read_csv(external_data / "HoC-GE2024-results-by-constituency.csv")
    gains = library["Result"].str.extract(r"^(\S+) gain from ")[0].value_counts()
    assert gains["Lab"] == 218
    assert f"Labour gain {gains['Lab']}" in labels
    assert f"Liberal Democrat gain {gains['LD']}" in labels
    assert ax.get_title(loc="left") == "ge2024: seats gained and held, against ge2019-notional"
    matplotlib.pyplot.close("all")


def test_the_gains_example_of_the_charts_page_runs(
    external_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the folder of the published files, as the example names them."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "charts.md").read_text("utf-8")
    block = re.findall(r"^```python\n(.*?)^```", page, flags=re.MULTILINE | re.DOTALL)[-1]
    assert "plot_gains_hexmap" in block
    monkeypatch.chdir(external_data)
    namespace: dict[str, Any] = {}
    # The notional file's mis-decoded name and three spellings that differ from 2024's.
    with pytest.warns(psephology.ResultsLabelWarning):
        exec(compile(block, "docs/charts.md", "exec"), namespace)
    labels = [text.get_text() for text in namespace["ax"].get_legend().get_texts()]
    assert labels[:2] == ["Labour gain 218", "Liberal Democrat gain 64"]
    matplotlib.pyplot.close("all")
