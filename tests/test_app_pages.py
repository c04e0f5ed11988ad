"""AppTest: every page under every role, login, scope against URL tampering, URL round trip."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest
from ui_helpers import ROLE_USER, log_in, new_app, open_data_tables, texts

from metrics.catalog import CATALOG
from texts import t
from ui.navigation import page_names

pytestmark = pytest.mark.usefixtures("ui_environment")


def test_nothing_but_the_login_before_login():
    app = new_app({"unit": "malmi"})
    assert not app.exception
    assert [t.key for t in app.text_input] == ["login_username", "login_password"]
    assert [s.key for s in app.sidebar.selectbox] == ["ui_lang"]
    assert not app.metric and not app.dataframe


@pytest.mark.parametrize("username,password", [("kallio", "väärä"), ("ei-ketaan", "salasana-123")])
def test_failed_login_says_so_without_saying_which_part(username, password):
    app = log_in(new_app(), username, password)
    assert [e.value for e in app.error] == ["Kirjautuminen epäonnistui. Tarkista käyttäjätunnus ja salasana."]
    assert not app.metric


@pytest.mark.parametrize("role", sorted(ROLE_USER))
def test_every_page_of_every_role_renders(role):
    app = log_in(new_app(), ROLE_USER[role])
    assert not app.exception, [e.value for e in app.exception]
    for page in page_names(role):
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, (role, page, [e.value for e in app.exception])
        assert app.title[0].value, (role, page)


YEAR_TO_DATE = {"period": "ytd"}
"""1.1.–6.3.2017: February and March. The default, rolling 12 months, ends with February, the
last whole month (1.3.2016–28.2.2017), where both units pressed button 1 alike (33.3)."""


def test_the_default_period_is_the_last_twelve_whole_months():
    app = log_in(new_app(), "paajohtaja")
    assert "1.3.2016–28.2.2017" in [c.value for c in app.sidebar.caption]
    assert app.metric[0].value == "33,3"  # February only: 40 presses of button 1


def test_overview_tiles_of_a_director_and_of_a_unit_manager():
    director = log_in(new_app(YEAR_TO_DATE), "paajohtaja")
    assert [m.label for m in director.metric] == [
        "Happy-indeksi",
        "Suositteluindeksi (NPS)",
        "Palautteiden määrä",
        "Muistutukset ja kantelut",
    ]
    # (30·3 + 10·2 + 20·0 + 20·1 + 20·1 + 20·1) / 120 presses / 3 × 100 = 170/360 = 47.2
    assert director.metric[0].value == "47,2"
    manager = log_in(new_app(YEAR_TO_DATE), "kallio")
    # Kallio only: (90 + 20 + 20) / 60 / 3 × 100 = 72.2
    assert manager.metric[0].value == "72,2"


def test_a_unit_manager_with_another_units_url_sees_nothing_of_it():
    app = log_in(new_app({"unit": "malmi", "service": "terveysasemat", **YEAR_TO_DATE}), "kallio")
    assert not app.exception
    assert "unit" in app.sidebar.warning[0].value
    assert app.metric[0].value == "72,2"
    assert "Malmi" not in texts(open_data_tables(app))
    assert app.query_params.get("unit", [""]) != ["malmi"]
    app.switch_page("pages/unit.py").run()
    assert "Malmi" not in texts(open_data_tables(app))


def test_url_round_trip_restores_the_view():
    app = log_in(new_app(YEAR_TO_DATE), "paajohtaja")
    app.sidebar.selectbox(key="f_unit").select("kallio").run()
    app.sidebar.selectbox(key="f_period").select("custom").run()
    app.sidebar.selectbox(key="f_compare").select("last_year").run()
    params = {key: value[0] if isinstance(value, list) else value for key, value in app.query_params.items()}
    assert params["unit"] == "kallio" and params["period"] == "custom" and params["compare"] == "last_year"
    again = log_in(new_app(params), "paajohtaja")
    assert again.sidebar.selectbox(key="f_unit").value == "kallio"
    assert again.sidebar.selectbox(key="f_compare").value == "last_year"
    assert again.metric[0].value == app.metric[0].value == "72,2"


def test_unknown_url_values_are_dropped_with_a_notice():
    app = log_in(new_app({"period": "forever", "grain": "';DROP", "channel": "terminal,bogus"}), "paajohtaja")
    assert not app.exception
    assert "channel, grain, period" in app.sidebar.warning[0].value
    assert app.sidebar.multiselect(key="f_channel").value == ["terminal"]


def test_swedish_and_english_with_names_from_the_data():
    app = log_in(new_app({"lang": "sv"}), "kallio")
    assert app.title[0].value == "Översikt"
    app.switch_page("pages/unit.py").run()
    assert app.selectbox(key="unit_page_choice_sv").options == ["Berghälls hälsostation"]
    english = log_in(new_app({"lang": "en", **YEAR_TO_DATE}), "kallio")
    assert english.metric[0].value == "72.2"


def test_logout_revokes_the_session():
    app = log_in(new_app(), "kallio")
    assert app.metric
    app.sidebar.button(key="johdon_logout_button").click().run()
    assert not app.metric
    assert [t.key for t in app.text_input] == ["login_username", "login_password"]


def test_a_presenters_tiles_show_marks_with_their_legend_and_the_change_in_words():
    app = log_in(new_app(YEAR_TO_DATE), "lautakunta")
    values = {m.label: m.value for m in app.metric}
    assert values["Palautteiden määrä"] == "n < 5"  # 3 feedbacks: public rules hide counts 1–4
    captions = [c.value for c in app.main.caption]
    assert values["Suositteluindeksi (NPS)"] == "–"  # no survey answers
    # the count of feedback hidden in count words, the moite share's few answers in answer words
    legend = ("– ei tietoja", "n < 5 piilotettu, lukumäärä alle 5", "n < 5 piilotettu, alle 5 vastausta")
    assert "Merkinnät: " + " · ".join(legend) in captions
    # Quick feedback runs to 1.3.2017: 1.1.–1.3. is compared with as many days before 1.1., without presses.
    assert "n = 120 · vertailu – (n = 0) · ei arvioitu: ei tietoja vertailujaksolta" in captions
    window = "Vertailtu samat päivät: 1.1.–1.3.2017 vs 28.10.–26.12.2016 (tiedot ulottuvat 1.3.2017 asti)."
    assert captions.count(window) == 1  # once for the tile, though its secondary figure shares it


def test_a_language_switch_rebuilds_the_filters_in_the_new_language_and_keeps_their_values():
    app = log_in(new_app(YEAR_TO_DATE), "paajohtaja")
    app.sidebar.selectbox(key="f_grain").select("week").run()
    app.sidebar.selectbox(key="ui_lang").select("en").run()
    assert not app.exception
    keys = [s.key for s in app.sidebar.selectbox]
    assert "f_period_en" in keys and "f_period" not in keys  # a new widget, in English
    period, grain = app.sidebar.selectbox(key="f_period_en"), app.sidebar.selectbox(key="f_grain_en")
    assert (period.value, grain.value) == ("ytd", "week")
    assert period.options[period.index] == "Year to date" and grain.options[grain.index] == "Week"
    assert app.sidebar.selectbox(key="f_area_en").options[0] == "All"
    app.sidebar.selectbox(key="ui_lang").select("fi").run()
    assert app.sidebar.selectbox(key="f_grain").value == "week" and "f_grain_en" not in app.session_state


def test_screen_charts_carry_one_title_and_an_accessible_name():
    app = log_in(new_app(YEAR_TO_DATE), "paajohtaja")
    app.switch_page("pages/quick_feedback.py").run()
    specs = {chart.key: json.loads(chart.proto.spec) for chart in app.get("plotly_chart")}
    assert len(specs) >= 7
    for key, spec in specs.items():
        assert not spec["layout"].get("title", {}).get("text"), key  # the heading above names it
        assert spec["layout"]["meta"]["label"], key
    assert specs["chart_qf_happy"]["layout"]["meta"]["label"].startswith(
        "Happy-indeksi. Viivakaavio, 3 jaksoa"
    )
    assert "Happy-indeksi" in [s.value for s in app.main.subheader]


def test_the_methods_page_writes_every_formula_in_the_ui_language():
    app = log_in(new_app({"lang": "sv"}), "paajohtaja")
    app.switch_page("pages/methods.py").run()
    formulas = [cell for table in app.table for cell in table.value.get("Formel", [])]
    assert len(formulas) == len(CATALOG)
    assert t("formula.nps", "sv").split(";")[0] in " ".join(formulas)
    assert not any("misuse" in formula or "mean(" in formula for formula in formulas)


def test_the_unit_page_opens_on_a_unit_with_data_and_keeps_the_choice_across_languages():
    app = log_in(new_app({"lang": "en", **YEAR_TO_DATE}), "paajohtaja")
    app.switch_page("pages/unit.py").run()
    chosen = app.selectbox(key="unit_page_choice_en")
    assert chosen.value == "kallio"  # units by name: Kallio health station, Malmi …, both with data
    chosen.select("malmi").run()
    app.sidebar.selectbox(key="ui_lang").select("fi").run()
    app.switch_page("pages/unit.py").run()
    assert app.selectbox(key="unit_page_choice").value == "malmi"


def _two_tiles() -> None:
    """A real fall of a rate too small to show at its decimals, and a real fall of 2 points."""
    from exhibits.model import Kpi
    from ui import views

    rounded = Kpi("Tapaukset", "0,03", 100, delta="±0,00", change="fall", higher_is_better=False)
    real = Kpi("Happy-indeksi", "80,0", 100, delta="-2,0", change="fall", higher_is_better=True)
    views._tile(rounded, [], False)
    views._tile(real, [], False)


def test_a_change_that_rounds_to_zero_is_grey_without_an_arrow_never_a_red_minus_zero():
    from streamlit.proto.Metric_pb2 import Metric

    rounded, real = AppTest.from_function(_two_tiles, default_timeout=60).run().metric
    assert rounded.proto.delta == "±0,00" and rounded.proto.color == Metric.MetricColor.GRAY
    assert rounded.proto.direction == Metric.MetricDirection.NONE
    assert real.proto.delta == "-2,0" and real.proto.color == Metric.MetricColor.RED


def test_the_tiles_are_the_same_when_worker_processes_compute_them(monkeypatch):
    import streamlit as st

    from data_access.warehouse import default_path
    from metrics import workers

    monkeypatch.setenv("JOHDON_QUERY_PROCESSES", "1")
    root = default_path().resolve()
    st.cache_resource.clear()  # no result of an earlier test answers from this process's cache
    try:
        assert log_in(new_app(YEAR_TO_DATE), "paajohtaja").metric[0].value == "47,2"
        assert log_in(new_app(YEAR_TO_DATE), "kallio").metric[0].value == "72,2"
        assert workers._POOLS[root].processes == 1  # computed there, not in this process
    finally:
        workers._POOLS.pop(root).close()


@pytest.mark.parametrize("page", ["quick_feedback", "surveys", "feedback"])
def test_a_page_asks_for_its_exhibits_queries_at_once_before_it_builds_them(page, monkeypatch):
    from ui import facade

    at_once, one_by_one = [], []
    prefetch, query = facade.prefetch, facade.query

    def recorded_prefetch(specs, scope, benchmarks=()):
        at_once.extend(specs)
        prefetch(specs, scope, benchmarks)

    def recorded_query(spec, scope):
        one_by_one.append(spec)
        return query(spec, scope)

    monkeypatch.setattr(facade, "prefetch", recorded_prefetch)
    monkeypatch.setattr(facade, "query", recorded_query)
    app = log_in(new_app(YEAR_TO_DATE), "paajohtaja")
    at_once.clear()
    one_by_one.clear()
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert len(set(one_by_one)) >= 7  # every exhibit's query, each computed in the prefetch
    assert set(one_by_one) <= set(at_once)


def _long_and_short_tables():
    import pandas as pd

    from exhibits.model import Exhibit
    from figures.charts import line_chart
    from ui import charts

    days = [f"{day}.3.2017" for day in range(1, 27)]
    for key, rows in (("short", 25), ("long", 26)):
        charts.table(Exhibit(key=key, title=key, table=pd.DataFrame({"Päivä": days[:rows]})))
    points = pd.DataFrame({"day": days, "value": 1.0, "n": 10, "suppressed": False})
    chart = line_chart(points, "day", None, "Päivät")
    charts.show(Exhibit(key="chart", title="Päivät", figure=chart, table=pd.DataFrame({"Päivä": days})))


def test_a_table_longer_than_25_rows_is_drawn_once_opened_and_downloads_unopened():
    app = AppTest.from_function(_long_and_short_tables).run()
    assert [len(table.value) for table in app.table] == [25]
    assert [box.label for box in app.expander] == ["Näytä taulukko (26 riviä)", "Näytä tiedot taulukkona"]
    assert len(app.get("download_button")) == 2  # both CSVs, the long one unopened
    app = open_data_tables(app)
    assert not app.exception
    # a chart's data table is in the chart's own expander: never folded into a second one
    assert [len(table.value) for table in app.table] == [25, 26, 26]
    assert len(app.expander) == 2
