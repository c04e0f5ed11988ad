"""Exhibits say only what is true: hand-made warehouses, the expected words written out by hand.

- ``large``: Kallio presses 250 000 × button 3 and 250 000 × button 2 in January 2017 (happy
  index 100 × 2.5 / 3 = 83.33) and 251 500 × 3 + 248 500 × 2 in February (100 × 2.503 / 3 =
  83.43): a change of 0.1 points, significant at this n (z = 0.1 / 0.033 = 3, p = 0.003) and
  far below the smallest meaningful change (1 point). Malmi goes from 100 × button 1 (33.3) to
  100 × button 3 (100.0): a real rise.
- ``cases``: Q4/2020 holds 30 muistutus, 18 kantelu AVI:lle and 4 kantelu EOA:lle, Q4/2019 25,
  20 and 10. In a public table the 4 is hidden (1–4) and, as it would be the only hidden cell
  of the list, the smallest other count (18) is hidden to protect it.
- ``channels``: Kallio's terminal stops after January (the app goes on); Malmi's app starts in
  February (the terminal goes on).
- ``partial``: presses every day from 1.1.2017 to 15.3.2017, so March is partial.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from metrics_helpers import write

import texts
from data_access.scope import Scope
from data_access.warehouse import Warehouse
from exhibits import build
from exhibits.selection import Filters, Options, complete_months
from exhibits.source import WarehouseSource
from exhibits.view import View
from figures import charts
from figures.tables import display_table
from metrics.catalog import CATALOG
from metrics.spec import Period
from texts import t
from ui.filters import preset_period

JANUARY = Period(date(2017, 1, 1), date(2017, 1, 31))
FEBRUARY = Period(date(2017, 2, 1), date(2017, 2, 28))
Q4_2020 = Period(date(2020, 10, 1), date(2020, 12, 31))
NBSP = "\u00a0"


def spread(counts: dict[int, int], unit: str, month: Period, channel: str = "terminal") -> pd.DataFrame:
    """Quick-feedback presses of ``counts`` (button → presses) spread evenly over ``month``."""
    buttons = np.repeat(np.array(list(counts), dtype=np.int64), list(counts.values()))
    seconds = np.linspace(0, month.days * 86400 - 60, len(buttons)).astype(np.int64)
    prefix = f"{unit}-{channel}-{month.start:%Y%m}"
    return pd.DataFrame(
        {
            "ts": pd.Timestamp(month.start) + pd.to_timedelta(seconds, unit="s"),
            "button_index": buttons,
            "feedback_id": [f"{prefix}-{i}" for i in range(len(buttons))],
            "unit_id": unit,
            "scale": "four",
            "channel": channel,
            "misuse": False,
        }
    )


def cases(counts: dict[str, int], quarter: Period, area: str = "tpp", unit: str = "kallio") -> pd.DataFrame:
    """``counts`` cases per kind, received evenly over ``quarter`` (the last on its last day)."""
    rows = []
    for kind, count in counts.items():
        for i in range(count):
            day = quarter.end - timedelta(days=(i * 7) % quarter.days)
            rows.append(
                {"case_id": f"{kind}-{area}-{quarter.start}-{i}", "case_kind": kind, "received_on": day}
            )
    frame = pd.DataFrame(rows)
    frame["service_area_id"] = area
    frame["unit_id"] = unit
    frame["reason"] = "hoitoonpääsy"
    frame["outcome"] = "remark"
    return frame


def view_of(warehouse: Warehouse, period: Period, public: bool = False, **filters) -> View:
    """A director's view of ``warehouse`` through custom-period filters."""
    source = WarehouseSource(warehouse, Scope.everything())
    dims = source.dimensions()
    options = Options.for_scope(dims.units, dims.services, dims.service_areas, source.scope)
    return View(source, Filters(period=period, preset="custom", **filters), options, public=public)


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Warehouse:
    return write(
        tmp_path_factory.mktemp("large") / "wh",
        quick_feedback=pd.concat(
            [
                spread({3: 250_000, 2: 250_000}, "kallio", JANUARY),
                spread({3: 251_500, 2: 248_500}, "kallio", FEBRUARY),
                spread({1: 100}, "malmi", JANUARY),
                spread({3: 100}, "malmi", FEBRUARY),
            ],
            ignore_index=True,
        ),
    )


@pytest.fixture(scope="module")
def case_warehouse(tmp_path_factory) -> Warehouse:
    return write(
        tmp_path_factory.mktemp("cases") / "wh",
        case=pd.concat(
            [
                cases({"muistutus": 30, "kantelu_avi": 18, "kantelu_eoa": 4}, Q4_2020),
                cases(
                    {"muistutus": 25, "kantelu_avi": 20, "kantelu_eoa": 10},
                    Period(date(2019, 10, 1), date(2019, 12, 31)),
                ),
                cases({"muistutus": 6}, Q4_2020, area="sko", unit="kotihoito_ita"),
            ],
            ignore_index=True,
        ),
    )


@pytest.fixture(scope="module")
def channels(tmp_path_factory) -> Warehouse:
    return write(
        tmp_path_factory.mktemp("channels") / "wh",
        quick_feedback=pd.concat(
            [
                spread({1: 40}, "kallio", JANUARY),
                spread({3: 30, 2: 10}, "kallio", JANUARY, channel="app"),
                spread({3: 30, 2: 10}, "kallio", FEBRUARY, channel="app"),
                spread({1: 20, 2: 20}, "malmi", JANUARY),
                spread({1: 20, 2: 20}, "malmi", FEBRUARY),
                spread({3: 40}, "malmi", FEBRUARY, channel="app"),
            ],
            ignore_index=True,
        ),
    )


@pytest.fixture(scope="module")
def partial(tmp_path_factory) -> Warehouse:
    days = pd.date_range("2017-01-01 09:00", "2017-03-15 09:00", freq="D")
    presses = pd.DataFrame(
        {
            "ts": list(days) * 2,
            "button_index": [3] * len(days) + [1] * len(days),
            "feedback_id": [f"p-{i}" for i in range(2 * len(days))],
            "unit_id": "kallio",
            "scale": "four",
            "channel": "terminal",
            "misuse": False,
        }
    )
    return write(tmp_path_factory.mktemp("partial") / "wh", quick_feedback=presses)


def test_a_significant_tenth_of_a_point_at_n_500000_is_a_small_change_without_a_mark(large):
    view = view_of(large, FEBRUARY, unit="kallio", compare="previous")
    with texts.use_language("fi"):
        exhibit = build.kpi_tiles(view, [("happy_index", ())])
    (tile,) = exhibit.kpis
    assert tile.value == "83,4" and tile.n == 500_000 and tile.delta == "+0,1"
    assert tile.change == "small_change"
    assert tile.assessment == "pieni muutos (alle 1,0)"
    assert tile.comparison == f"vertailu 83,3 (n = 500{NBSP}000) · pieni muutos (alle 1,0)"
    shown = [
        tile.value,
        tile.delta,
        tile.comparison,
        *exhibit.notes,
        *exhibit.table.astype(str).to_numpy().ravel(),
    ]
    assert not any("✱" in text for text in shown)
    assert exhibit.table["Arvio muutoksesta"].tolist() == ["pieni muutos (alle 1,0)"]
    assert not tile.notes and exhibit.caption == view.caption()  # nothing left out, nothing cut


def test_what_changed_lists_only_real_rises_and_falls_with_their_words(large):
    view = view_of(large, FEBRUARY, compare="previous")
    with texts.use_language("fi"):
        exhibit = build.what_changed(view)
    assert exhibit.table.to_dict("records") == [
        {
            "Yksikkö": "Malmin terveysasema",
            "Tunnusluku": "Happy-indeksi",
            "Vertailujakso": "33,3",
            "Arvo": "100,0",
            "Muutos": "+66,7",
            "Arvio muutoksesta": "✱ merkittävä nousu",
            "n": "100",
            "q-arvo (FDR)": "0,000",
        }
    ]  # Kallio's significant 0.1 points is a small change: not listed


def test_a_protected_18_beside_a_hidden_4_says_so_with_a_legend_and_the_true_n(case_warehouse):
    view = view_of(case_warehouse, Q4_2020, public=True, compare="last_year", service_area="tpp")
    with texts.use_language("fi"):
        exhibit = build.versus(view, "case_count", "case_kind", "cases", "Asiat")
    rows = exhibit.table.set_index("Asian laji").to_dict("index")
    assert rows["muistutus"] == {
        "Q4/2020": "30",
        "n Q4/2020": "30",
        "Q4/2019": "25",
        "n Q4/2019": "25",
        "Muutos": "5",
        "Arvio muutoksesta": "ei merkittävää muutosta",
    }
    assert rows["kantelu AVI:lle"] == {
        "Q4/2020": "suojattu",
        "n Q4/2020": "suojattu",
        "Q4/2019": "20",
        "n Q4/2019": "20",
        "Muutos": "suojattu",
        "Arvio muutoksesta": "ei arvioitu: luku piilotettu",
    }
    assert rows["kantelu eduskunnan oikeusasiamiehelle"] == {
        "Q4/2020": "n < 5",
        "n Q4/2020": "n < 5",
        "Q4/2019": "10",
        "n Q4/2019": "10",
        "Muutos": "n < 5",
        "Arvio muutoksesta": "ei arvioitu: luku piilotettu",
    }
    assert exhibit.legend == (
        "n < 5 piilotettu, lukumäärä alle 5",  # cases are counted, not answers
        "suojattu = piilotettu pienen luvun suojaamiseksi",
    )
    assert exhibit.notes[-1] == (
        "Merkinnät: n < 5 piilotettu, lukumäärä alle 5; suojattu = piilotettu pienen luvun suojaamiseksi"
    )
    assert exhibit.n == 52 and "n = 52" in exhibit.caption  # 30 + 18 + 4, not the 30 shown
    # The chart draws no bar for a hidden count (never a 0) and its label says why.
    now = exhibit.figure.data[0]
    assert now.name == "Q4/2020" and [v for v in now.x if not pd.isna(v)] == [30.0]
    assert sum(pd.isna(v) for v in now.x) == 2  # empty, drawn as nothing
    labels = set(exhibit.figure.layout.yaxis.ticktext)
    assert "kantelu AVI:lle (Q4/2020: suojattu)" in labels
    assert "kantelu eduskunnan oikeusasiamiehelle (Q4/2020: n < 5)" in labels


def test_a_crosstab_of_counts_shows_0_where_a_combination_has_no_cases(case_warehouse):
    view = view_of(case_warehouse, Q4_2020, compare=None)
    with texts.use_language("fi"):
        exhibit = build.crosstab(view, "case_count", "case_kind", "service_area", "x", "Asiat")
    table = exhibit.table.set_index("Asian laji")
    sko, tpp = "Sairaala-, kuntoutus- ja hoivapalvelut", "Terveys- ja päihdepalvelut"
    assert table.loc["kantelu AVI:lle", sko] == "0" and table.loc["kantelu AVI:lle", tpp] == "18"
    assert table.loc["muistutus", sko] == "6" and table.loc["Yhteensä", "Yhteensä"] == "58"
    assert exhibit.n == 58 and exhibit.legend == ()


def test_a_channel_that_disappears_is_named_where_the_change_is_shown(channels):
    view = view_of(channels, FEBRUARY, unit="kallio", compare="previous")
    note = (
        "Muutos laskettu vain näistä kanavista: Kotihoidon sovellus. "
        "Ei mukana: Pikapalautelaite (ei tietoja tältä jaksolta)."
    )
    with texts.use_language("fi"):
        exhibit = build.kpi_tiles(view, [("happy_index", ())])
    (tile,) = exhibit.kpis
    # The app alone on both sides: 100 × (30·3 + 10·2) / 40 / 3 = 91.7, not January's 62.5 whole.
    assert tile.value == "91,7" and tile.delta == "±0,0"
    assert tile.comparison == "vertailu 91,7 (n = 40) · ei merkittävää muutosta"
    assert tile.notes == (note,)
    assert exhibit.caption.endswith(f" · Happy-indeksi: {note}")
    assert any(line.endswith(note) for line in exhibit.notes)


def test_a_channel_that_starts_shows_the_value_on_the_basis_so_the_numbers_add_up(channels):
    view = view_of(channels, FEBRUARY, unit="malmi", compare="previous")
    with texts.use_language("fi"):
        tile = build.kpi(view, "happy_index", main=False)
        versus = build.versus(view, "happy_index", "unit", "v", "Yksiköt")
    # Headline: terminal and app, (20 + 40 + 120) / 80 / 3 = 75.0; the terminal alone 50.0 both times.
    assert tile.value == "75,0" and tile.delta == "±0,0"
    assert tile.comparison == (
        "vertailupohjalla 50,0 (n = 40) · vertailu 50,0 (n = 40) · ei merkittävää muutosta"
    )
    assert tile.notes == (
        "Muutos laskettu vain näistä kanavista: Pikapalautelaite. "
        "Ei mukana: Kotihoidon sovellus (ei tietoja vertailujaksolta).",
    )
    assert versus.table.to_dict("records") == [
        {
            "Yksikkö": "Malmin terveysasema",
            "2/2017": "75,0",
            "n 2/2017": "80",
            "2/2017 vertailupohjalla": "50,0",
            "n 2/2017 vertailupohjalla": "40",
            "1/2017": "50,0",
            "n 1/2017": "40",
            "Muutos": "0,0",
            "Arvio muutoksesta": "ei merkittävää muutosta",
        }
    ]
    assert versus.remarks == tile.notes and versus.caption.endswith(tile.notes[0])


def test_the_last_partial_month_is_drawn_hollow_and_dashed_and_named_in_the_table(partial):
    view = view_of(partial, Period(date(2017, 1, 1), date(2017, 3, 31)), compare=None)
    with texts.use_language("fi"):
        exhibit = build.trend(view, "happy_index", "trend")
    solid, dashed, key = exhibit.figure.data
    assert list(solid.x) == ["tammi 2017", "helmi 2017", "maalis 2017"]
    assert solid.line.dash == "solid" and pd.isna(solid.y[2]) and solid.y[1] == pytest.approx(200 / 3)
    assert list(dashed.x) == ["helmi 2017", "maalis 2017"] and dashed.line.dash == "dash"
    assert list(dashed.marker.symbol) == ["circle", "circle-open"] and not dashed.showlegend
    assert key.name == "Keskeneräinen jakso (avoin merkki, katkoviiva)"
    assert exhibit.table["Keskeneräinen jakso"].tolist() == ["", "", "osittainen"]


def test_the_sparkline_ends_at_the_last_complete_month(partial):
    view = view_of(partial, Period(date(2017, 1, 1), date(2017, 3, 15)), compare=None)
    with texts.use_language("fi"):
        tile = build.kpi(view, "happy_index", main=True)
    assert build.spark_spec(view, "happy_index").period == Period(date(2016, 3, 1), date(2017, 2, 28))
    assert [pd.Timestamp(x).date() for x in tile.spark.data[0].x] == [date(2017, 1, 1), date(2017, 2, 1)]
    frame = pd.DataFrame(
        {
            "period": [date(2017, 1, 1), date(2017, 2, 1), date(2017, 3, 1)],
            "value": [60.0, 62.0, 20.0],
            "n": [31, 28, 2],
            "suppressed": [False] * 3,
            "mark": [None] * 3,
            "partial": [False, False, True],
        }
    )
    assert list(charts.sparkline(frame).data[0].y) == [60.0, 62.0]  # no one-day plunge at the end


@pytest.mark.parametrize("anchor", [date(2026, 12, 1), date(2026, 11, 30), date(2026, 12, 30)])
def test_rolling_12_months_is_twelve_complete_months_labelled_with_their_dates(anchor):
    period = preset_period("rolling12", anchor)
    assert period == Period(date(2025, 12, 1), date(2026, 11, 30)) == complete_months(anchor)
    with texts.use_language("fi"):
        label = t("filters.period_caption", start=texts.day(period.start), end=texts.day(period.end))
    assert label == "1.12.2025–30.11.2026"


def test_a_hidden_point_leaves_a_gap_named_at_the_foot_of_the_chart_never_a_0():
    frame = pd.DataFrame(
        {
            "label": ["tammi", "helmi", "maalis"],
            "value": [80.0, None, 82.0],
            "n": [40, 3, 50],
            "suppressed": [False, True, False],
            "mark": [None, "small", None],
            "partial": [False] * 3,
        }
    )
    with texts.use_language("fi"):
        figure = charts.line_chart(frame, "label", None, "Happy-indeksi", min_n=10)
        table = display_table(
            frame, {"label": "Jakso", "value": "Arvo", "n": "n"}, CATALOG["happy_index"], 10
        )
    (line,) = figure.data
    assert line.y[0] == 80.0 and pd.isna(line.y[1]) and line.y[2] == 82.0
    (note,) = figure.layout.annotations
    assert (note.x, note.text, note.yref) == ("helmi", "n < 10", "paper")
    assert table["Arvo"].tolist() == ["80,0", "n < 10", "82,0"]
    assert table["n"].tolist() == ["40", "3", "50"]
