"""Charts that cannot mislead: gaps where there is no data, share axes from 0, values on sorted
bars, one period drawn as bars, counts in count words, no "−0,0", a unit manager's place among
peers from aggregates only, and a unit page that opens on a unit with data.

The ``gaps`` warehouse (terveysasemat Kallio and Malmi, Kampin hammashoitola, Itäinen kotihoito
without any data), January–June 2020, four-button terminals:

- Kallio: January 40 × button 1 (33.3), February 20 × 1 + 20 × 2 (50.0), nothing in March–May,
  June 40 × 2 (66.7): 120 presses, Σ score 1 333.3 + 2 000 + 2 666.7 = 6 000, happy index 50.0.
- Malmi: January 10 × 1 + 30 × 2 (58.3), June 40 × 3 (100.0): 80 presses, Σ 6 333.3, 79.2.
- Kampin hammashoitola: 10 × button 0 every month: 60 presses, 0.0. Itäinen kotihoito: one
  feedback item in January, no quick feedback.
- City: (6 000 + 6 333.3) / 260 = 47.44. Shrunken (W = 50): Kallio (50 · 47.44 + 6 000) / 170
  = 49.2, Malmi (2 371.8 + 6 333.3) / 130 = 67.0: Kallio is 2nd of the 2 terveysasemat.
- Feedback at Kallio: January 2 moite + 1 kiitos, none in February, March 1 moite (Malmi has a
  kiitos on 31.3., so the feedback data cover the whole of March).
- Cases in 2020: 3 muistutus and 1 kantelu AVI:lle, all for Kallio's access to care.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go
import pytest
from metrics_helpers import presses, write

import texts
from data_access.guard import ScopeViolation
from data_access.scope import Scope
from data_access.warehouse import Warehouse
from exhibits import build, units
from exhibits.selection import Filters, Options
from exhibits.source import WarehouseSource
from exhibits.view import View
from figures import charts
from figures.tables import format_value
from metrics.catalog import CATALOG
from metrics.spec import Period

HALF_2020 = Period(date(2020, 1, 1), date(2020, 6, 30))
Q1_2020 = Period(date(2020, 1, 1), date(2020, 3, 31))
YEAR_2020 = Period(date(2020, 1, 1), date(2020, 12, 31))


def _month(day: int, month: int) -> datetime:
    return datetime(2020, month, day, 8)


@pytest.fixture(scope="module")
def gaps(tmp_path_factory) -> Warehouse:
    quick = [
        presses({1: 40}, unit="kallio", start=_month(2, 1)),
        presses({1: 20, 2: 20}, unit="kallio", start=_month(3, 2)),
        presses({2: 40}, unit="kallio", start=_month(2, 6)),
        presses({1: 10, 2: 30}, unit="malmi", start=_month(2, 1)),
        presses({3: 40}, unit="malmi", start=_month(2, 6)),
        *(presses({0: 10}, unit="kamppi_hammas", start=_month(4, m)) for m in range(1, 6)),
        presses({0: 10}, unit="kamppi_hammas", start=_month(30, 6)),  # the data run to 30.6.2020
    ]
    feedback = pd.DataFrame(
        {
            "feedback_id": ["f1", "f2", "f3", "f4", "f5", "f6"],
            "received_at": [_month(d, m) for d, m in ((5, 1), (6, 1), (7, 1), (9, 3), (31, 3), (8, 1))],
            "answered_at": [None] * 6,
            "unit_id": ["kallio"] * 4 + ["malmi", "kotihoito_ita"],
            "service_area_id": ["tpp"] * 5 + ["sko"],
            "feedback_type": ["moite", "moite", "kiitos", "moite", "kiitos", "kiitos"],
            "category": ["Hoitoonpääsy"] * 6,
            "channel": ["web"] * 6,
            "language": ["fin"] * 6,
        }
    )
    cases = pd.DataFrame(
        {
            "case_id": ["c1", "c2", "c3", "c4"],
            "case_kind": ["muistutus", "muistutus", "kantelu_avi", "muistutus"],
            "received_on": [date(2020, 2, 1), date(2020, 5, 1), date(2020, 8, 1), date(2020, 11, 1)],
            "service_area_id": ["tpp"] * 4,
            "unit_id": ["kallio"] * 4,
            "reason": ["hoitoonpääsy"] * 4,
            "outcome": ["remark"] * 4,
        }
    )
    return write(
        tmp_path_factory.mktemp("gaps") / "wh",
        quick_feedback=pd.concat(quick, ignore_index=True),
        feedback=feedback,
        case=cases,
    )


def view_of(warehouse: Warehouse, period: Period, scope: Scope | None = None, **filters) -> View:
    source = WarehouseSource(warehouse, scope or Scope.everything())
    dims = source.dimensions()
    options = Options.for_scope(dims.units, dims.services, dims.service_areas, source.scope)
    filters = {"compare": None, **filters}
    return View(source, Filters(period=period, preset="custom", **filters), options, public=False)


def test_a_line_is_never_drawn_across_months_without_data(gaps):
    view = view_of(gaps, HALF_2020, service="terveysasemat")
    with texts.use_language("fi"):
        exhibit = build.trend(view, "happy_index", "t", series="unit")
    lines = {trace.name: trace for trace in exhibit.figure.data if trace.showlegend is not False}
    months = ["tammi 2020", "helmi 2020", "maalis 2020", "huhti 2020", "touko 2020", "kesä 2020"]
    assert list(exhibit.figure.layout.xaxis.categoryarray) == months
    kallio, malmi = lines["Kallion terveysasema"], lines["Malmin terveysasema"]
    assert list(kallio.x) == months and list(malmi.x) == months  # every month a point, gaps empty
    assert [None if pd.isna(v) else round(v, 1) for v in kallio.y] == [33.3, 50.0, None, None, None, 66.7]
    assert [None if pd.isna(v) else round(v, 1) for v in malmi.y] == [58.3, None, None, None, None, 100.0]
    assert not kallio.connectgaps and not malmi.connectgaps
    (band,) = exhibit.figure.layout.shapes  # March–May: no unit has data, shaded and named
    assert (band.x0, band.x1) == (1.5, 4.5)
    (note,) = [a for a in exhibit.figure.layout.annotations if a.text == "ei tietoja"]
    assert note.x == 3 and note.hovertext == "maalis 2020–touko 2020"
    assert "Ei tietoja: maalis 2020–touko 2020." in exhibit.notes
    assert exhibit.figure.layout.yaxis.rangemode == "tozero"  # an index from 0, not 33…100
    assert len(exhibit.table) == 5  # the table lists the cells that have data


def test_a_count_is_0_beside_other_kinds_and_a_month_without_any_feedback_is_a_gap(gaps):
    view = view_of(gaps, Q1_2020, unit="kallio")
    with texts.use_language("fi"):
        exhibit = build.trend(view, "feedback_count", "f", series="feedback_type")
    lines = {trace.name: list(trace.y) for trace in exhibit.figure.data}
    assert lines["moite"][0] == 2 and pd.isna(lines["moite"][1]) and lines["moite"][2] == 1
    assert lines["kiitos"][0] == 1 and pd.isna(lines["kiitos"][1]) and lines["kiitos"][2] == 0
    rows = exhibit.table.set_index(["Jakso", "Palautetyyppi"])["Palautteiden määrä"].to_dict()
    assert rows == {
        ("tammi 2020", "kiitos"): "1",
        ("tammi 2020", "moite"): "2",
        ("maalis 2020", "kiitos"): "0",
        ("maalis 2020", "moite"): "1",
    }
    assert exhibit.n == 4 and "Ei tietoja: helmi 2020." in exhibit.notes


def test_a_trend_over_one_period_is_drawn_as_sorted_bars_and_says_so(gaps):
    view = view_of(gaps, YEAR_2020)
    with texts.use_language("fi"):
        exhibit = build.trend(view, "case_count", "c", series="case_kind", grain="year")
    (bars,) = exhibit.figure.data
    assert isinstance(bars, go.Bar) and bars.orientation == "h"
    assert list(bars.y) == ["muistutus", "kantelu AVI:lle"] and list(bars.x) == [3, 1]
    assert list(bars.text) == ["3", "1"]
    assert exhibit.intro == "Rajauksessa on yksi jakso (2020), joten luvut näytetään pylväinä."
    assert exhibit.figure.layout.xaxis.title.text == "lukumäärä · 2020"


def test_bars_carry_their_values_largest_first_with_ties_in_label_order():
    frame = pd.DataFrame(
        {"label": ["b", "c", "a", "d"], "value": [50.0, 70.0, 50.0, None], "n": [9, 9, 9, 2]}
    )
    assert build.sorted_by_value(frame, "label")["label"].tolist() == ["c", "a", "b", "d"]
    assert build.sorted_by_value(frame, "label", ordinal=True)["label"].tolist() == ["b", "c", "a", "d"]
    share = CATALOG["share_positive"]
    with texts.use_language("fi"):
        figure = charts.bar_chart(
            build.sorted_by_value(frame.assign(suppressed=frame["value"].isna()), "label"),
            "label",
            "Osuus",
            horizontal=True,
            value_text=lambda v: format_value(v, share),
            value_title="%",
        )
    (bars,) = figure.data
    assert list(bars.text) == ["70,0\u00a0%", "50,0\u00a0%", "50,0\u00a0%", ""]
    assert bars.textposition == "outside" and figure.layout.xaxis.title.text == "%"
    assert figure.layout.yaxis.type == "category" and list(figure.layout.yaxis.categoryarray) == list("cabd")
    assert list(figure.layout.xaxis.range) == pytest.approx([0, 70 * 1.18])  # room for the values


def test_a_breakdown_is_sorted_by_value_and_writes_its_values(gaps):
    view = view_of(gaps, HALF_2020, service="terveysasemat")
    with texts.use_language("fi"):
        exhibit = build.breakdown(view, "happy_index", "unit", "b")
    (bars,) = exhibit.figure.data
    assert list(bars.y) == ["Malmin terveysasema", "Kallion terveysasema"]
    assert list(bars.text) == ["79,2", "50,0"]
    assert exhibit.table["Yksikkö"].tolist() == ["Malmin terveysasema", "Kallion terveysasema"]


def test_stacked_shares_write_each_segments_share():
    frame = pd.DataFrame(
        {"x": ["a", "a", "b", "b"], "button": ["ei", "kyllä"] * 2, "value": [1, 3, 2, 2], "n": [1, 3, 2, 2]}
    )
    with texts.use_language("fi"):
        figure = charts.stacked_shares(frame, "x", "button", "Jakauma")
    shares = [list(trace.text) for trace in figure.data]
    assert shares == [["25\u00a0%", "50\u00a0%"], ["75\u00a0%", "50\u00a0%"]]


def test_share_and_index_axes_start_at_0_but_a_school_grade_does_not(gaps):
    view = view_of(gaps, HALF_2020)
    with texts.use_language("fi"):
        exhibit = build.trend(view, "share_positive", "s")
    assert exhibit.figure.layout.yaxis.rangemode == "tozero"
    assert charts.from_zero("percent") and charts.from_zero("count") and not charts.from_zero("grade")


def test_a_sparkline_leaves_a_month_without_data_empty():
    frame = pd.DataFrame(
        {
            "period": [date(2020, 1, 1), date(2020, 2, 1), date(2020, 6, 1)],
            "value": [60.0, 62.0, 61.0],
            "n": [30, 30, 30],
            "suppressed": [False] * 3,
            "mark": [None] * 3,
            "partial": [False] * 3,
        }
    )
    months = build.bucket_starts(Period(date(2019, 7, 1), date(2020, 6, 30)), "month")
    line = charts.sparkline(frame, buckets=months, from_zero=True).data[0]
    assert [pd.Timestamp(x).month for x in line.x] == [1, 2, 3, 4, 5, 6]
    assert [None if pd.isna(v) else v for v in line.y] == [60.0, 62.0, None, None, None, 61.0]


@pytest.mark.parametrize(
    ("grain", "first", "last", "count"),
    [
        ("week", date(2019, 12, 30), date(2020, 6, 29), 27),
        ("month", date(2020, 1, 1), date(2020, 6, 1), 6),
        ("quarter", date(2020, 1, 1), date(2020, 4, 1), 2),
        ("year", date(2020, 1, 1), date(2020, 1, 1), 1),
    ],
)
def test_every_bucket_of_a_period_at_each_grain(grain, first, last, count):
    buckets = build.bucket_starts(HALF_2020, grain)
    assert (buckets[0], buckets[-1], len(buckets)) == (first, last, count)


def test_no_minus_zero_anywhere():
    share = CATALOG["share_positive"]
    with texts.use_language("fi"):
        assert format_value(-0.04, share) == "0,0\u00a0%"
        assert format_value(-0.06, share) == "\u22120,1\u00a0%"  # a real −0.06 rounds to −0.1 (U+2212)
        row = pd.Series({"delta": -0.04, "suppressed": False})
        assert build.delta_text(row, share) == "±0,0 %-yks."
        assert build.delta_text(pd.Series({"delta": -0.3, "suppressed": False}), share) == "\u22120,3 %-yks."


def test_hidden_counts_are_named_as_counts_not_answers(gaps):
    view = View(
        WarehouseSource(gaps, Scope.everything()),
        Filters(period=YEAR_2020, preset="custom", compare=None),
        view_of(gaps, YEAR_2020).options,
        public=True,
    )
    with texts.use_language("fi"):
        exhibit = build.breakdown(view, "case_count", "reason", "r")
    assert exhibit.empty == "suppressed"  # 4 cases: public rules hide counts 1–4
    assert exhibit.notes == ("Lukumäärät ovat alle 5, joten ne on piilotettu (n < 5).",)


def test_a_unit_manager_sees_their_place_among_peers_and_no_other_unit(gaps):
    manager = view_of(gaps, HALF_2020, scope=Scope.of_units(["kallio"]))
    with texts.use_language("fi"):
        heading, exhibit = units.ranking_items(manager)
        director = units.ranking_items(view_of(gaps, HALF_2020))
    assert heading == "Yksikön sija palvelun yksiköiden joukossa"
    assert exhibit.table.to_dict("records") == [
        {
            "Yksikkö": "Kallion terveysasema",
            "Palvelu": "Terveysasemat",
            "Sija": "2. / 2",
            "Tasoitettu arvo": "49,2",
            "Raaka-arvo": "50,0",
            "n": "120",
        }
    ]
    said = " ".join((exhibit.intro, exhibit.caption, *exhibit.notes, exhibit.table.to_csv()))
    assert "Kallion terveysasema: sija 2. / 2 palvelun Terveysasemat yksiköstä" in said
    assert "Malmi" not in said and "79,2" not in said and "67,0" not in said
    best, worst = director[1]
    assert best.table["Yksikkö"].tolist()[:2] == ["Malmin terveysasema", "Kallion terveysasema"]
    with texts.use_language("fi"):
        page = units.unit_rank(manager, "kallio")
    assert page.table.to_dict("records") == exhibit.table.to_dict("records")


def test_a_peer_place_is_refused_for_a_unit_outside_the_scope(gaps):
    manager = view_of(gaps, HALF_2020, scope=Scope.of_units(["kallio"]))
    spec = units.ranking_queries(manager, service=("terveysasemat",))[0]
    with pytest.raises(ScopeViolation):
        manager.source.peer_place(spec, "malmi", 47.4)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_unit_page_opens_on_the_first_unit_with_data(gaps, language):
    view = view_of(gaps, HALF_2020)
    with texts.use_language(language):
        first_by_name = units.chosen_units(view)[0]
        chosen = units.default_unit(view)
    assert first_by_name == "kotihoito_ita"  # "Itäinen kotihoito" / "East home care": one feedback
    assert chosen == "kallio"  # the first by name with quick feedback (the page's first chart)
    assert units.default_unit(view_of(gaps, HALF_2020, scope=Scope.of_units(["malmi"]))) == "malmi"
    only_feedback = view_of(gaps, HALF_2020, scope=Scope.of_units(["kotihoito_ita"]))
    assert units.default_unit(only_feedback) == "kotihoito_ita"
    nothing = view_of(gaps, Period(date(2019, 1, 1), date(2019, 12, 31)))
    assert units.default_unit(nothing) == "kotihoito_ita"  # no unit has data: the first by name


def test_every_chart_names_itself_for_screen_readers(gaps):
    view = view_of(gaps, HALF_2020, service="terveysasemat")
    with texts.use_language("fi"):
        trend = build.trend(view, "happy_index", "t", series="unit")
        shown = charts.for_screen(trend.figure, trend.title)
        bars = build.breakdown(view, "happy_index", "unit", "b")
        heat = build.heatmap(view, "happy_index", "h")
    assert shown.layout.title.text == "" and trend.figure.layout.title.text == "Happy-indeksi"
    assert shown.layout.meta["label"] == (
        "Happy-indeksi. Viivakaavio, 6 jaksoa (tammi 2020–kesä 2020); "
        "sarjat: Kallion terveysasema, Malmin terveysasema. Luvut ovat taulukkona kaavion alla."
    )
    with texts.use_language("fi"):
        described = charts.describe(bars.figure, bars.title)
        assert described.startswith("Happy-indeksi – yksikkö. Pylväskaavio, 2 luokkaa")
        assert "Lämpökartta" in charts.describe(heat.figure, heat.title)


# In the browser, on the demo warehouse (terminals removed 16.3.2020, back 1.9.2022).

TERMINAL_BREAK = "pikapalaute?period=custom&start=2019-01-01&end=2023-12-31&grain=quarter&service=ter"
QUARTERS_WITHOUT_TERMINALS = [f"Q{q}/{y}" for y, q in [(2020, 2), (2020, 3), (2020, 4), (2021, 1), (2021, 2),
                                                     (2021, 3), (2021, 4), (2022, 1), (2022, 2)]]  # fmt: skip


@pytest.fixture(scope="module")
def demo_url(demo_warehouse, tmp_path_factory):
    from a11y_helpers import demo_server

    with demo_server(demo_warehouse, tmp_path_factory.mktemp("charts_truth")) as url:
        yield url


def test_the_browser_draws_the_terminal_break_as_a_gap(demo_url):
    from a11y_helpers import chromium, open_page, sign_in

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        sign_in(page, demo_url, "director")
        open_page(page, demo_url, TERMINAL_BREAK)
        drawn = page.evaluate(
            """() => {
                const plot = document.querySelector('.st-key-chart_qf_happy .js-plotly-plot');
                return {
                    axis: plot._fullLayout.xaxis.categoryarray,
                    lines: plot.data.filter(t => t.showlegend !== false && t.x && t.x.length > 1)
                        .map(t => ({gaps: t.x.filter((x, i) => t.y[i] == null || Number.isNaN(t.y[i])),
                                    joined: !!t.connectgaps})),
                    bands: plot.layout.shapes.filter(s => s.name !== 'event').length,
                    events: plot.layout.shapes.filter(s => s.name === 'event').map(s => s.x0),
                    notes: [...plot.querySelectorAll('.annotation-text')].map(a => a.textContent),
                };
            }"""
        )
    assert drawn["axis"][0] == "Q1/2019" and drawn["axis"][-1] == "Q4/2023" and len(drawn["axis"]) == 20
    assert len(drawn["lines"]) >= 20  # one line per health station
    for line in drawn["lines"]:
        assert not line["joined"] and set(QUARTERS_WITHOUT_TERMINALS) <= set(line["gaps"]), line
    assert drawn["bands"] == 1 and "ei tietoja" in drawn["notes"]
    # the events in range are labelled lines beside the band (issue 12), the removal at Q1/2020
    assert "Q1/2020" in drawn["events"]
    assert "Pikapalautelaitteet pois asiakaskäytöstä (korona)" in drawn["notes"]


def test_the_unit_manager_sees_kallios_place_among_the_health_stations_only(demo_url, demo_warehouse):
    from a11y_helpers import chromium, sign_in

    from metrics.freshness import data_through
    from metrics.query import run_query
    from metrics.ranking import rank_units
    from metrics.spec import QuerySpec

    warehouse = Warehouse(demo_warehouse)
    year = Period(date(2025, 1, 1), date(2025, 12, 31))  # the default: rolling 12 months to 31.12.2025
    through = data_through(warehouse.reader(Scope.everything()))
    city = run_query(warehouse.benchmark_reader(), QuerySpec("happy_index", year), through=through)
    stations = QuerySpec("happy_index", year, group_by=("unit",), service=("ter",))
    ranking = rank_units(
        run_query(warehouse.reader(Scope.everything()), stations, through=through), city["value"][0]
    )
    kallio = ranking.set_index("unit_id").loc["ter-kallio"]
    others = set(ranking.loc[ranking["unit_id"] != "ter-kallio", "unit_name"])
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        sign_in(page, demo_url, "unit_manager")
        shown = page.locator('[data-testid="stMain"]').inner_text()
    assert "Yksikön sija palvelun yksiköiden joukossa" in shown and "Parhaat yksiköt" not in shown
    assert f"Kallion terveysasema: sija {kallio['rank']}. / {len(ranking)} palvelun Terveysasemat" in shown
    assert not [name for name in others if name in shown]
