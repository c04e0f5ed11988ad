"""AppTest of presentation mode (``?present=1`` and the sidebar toggle), of the export panel and
chart downloads of the normal page, and that a presenter never sees open text.

The tiny warehouse of ``ui_helpers``: its last day is 6.3.2017, so the default filters are the
twelve whole months 1.3.2016–28.2.2017 against the previous period. There quick feedback has
the 40 presses of February 2017, all on button 1 (happy index 33.3). Year to date
(1.1.–6.3.2017) adds March's 80 presses, the last on 1.3.2017: March is partial, drawn as a
dashed segment to its value 100 × (30·3 + 10·2 + 20·0 + 20·1) / 80 / 3 = 54.2.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest
from ui_helpers import log_in, new_app, open_data_tables

from metrics.catalog import CATALOG
from texts import LANGUAGES, t
from ui.navigation import PAGES, page_names, presented_pages
from ui.presentation import KEYS_SCRIPT

PRESENTER = "lautakunta"
FILTERS = "1.3.2016–28.2.2017 · Vertailu: Edellinen jakso"
OVERVIEW_KEYS = ("overview.tiles", "overview.changes", "exhibit.best_units", "exhibit.worst_units")
VOLUMES = {"first": 2015, "last": 2017}
"""The years of the overview's channel volume table (seed 004 Taulukko 1) on the test warehouse."""


def overview_titles() -> list[str]:
    """The overview's exhibit titles in page order: tiles, changes, units, the yearly volumes."""
    return [*(t(key, "fi") for key in OVERVIEW_KEYS), t("seed.volumes_title", "fi", **VOLUMES)]
SHOWN = ("overview", "quick_feedback", "surveys", "feedback", "cases")
"""A presenter's pages in presentation order (the methods page is not presented)."""
HAPPY = CATALOG["happy_index"]
COUNTER = re.compile(r"(?P<page>.+) · (?P<at>\d+) / (?P<of>\d+)")
PAGE_NAMES = {t(f"page.{page}", language): page for page, _, _ in PAGES for language in LANGUAGES}


pytestmark = pytest.mark.usefixtures("ui_environment")


def presenting(params: dict[str, str] | None = None) -> AppTest:
    """The presenter logged in on ``?present=1`` (and ``params``)."""
    app = log_in(new_app({"present": "1", **(params or {})}), PRESENTER)
    assert not app.exception, [e.value for e in app.exception]
    return app


def counter(app: AppTest) -> str:
    """The "page · 3 / 8" caption of the navigation bar."""
    (found,) = [c.value for c in app.main.caption if COUNTER.fullmatch(c.value)]
    return found


def _page_shown(app: AppTest) -> str | None:
    found = [COUNTER.fullmatch(c.value) for c in app.main.caption if COUNTER.fullmatch(c.value)]
    return PAGE_NAMES[found[0]["page"]] if found else None


def titles(app: AppTest) -> list[str]:
    return [s.value for s in app.main.subheader]


def click(app: AppTest, key: str) -> AppTest:
    """Click a navigation button. Where the script switched pages, AppTest goes on running the new
    page on its own, without app.py (so without the page switch a later click asks for): it is led
    back through the frame to the same page, the way every browser run goes."""
    before = _page_shown(app)
    app.button(key=key).click().run()
    assert not app.exception, [e.value for e in app.exception]
    after = _page_shown(app)
    if after and after != before:
        app.switch_page("app.py").run()  # st.navigation registers the pages again
        app.switch_page(f"pages/{after}.py").run()
        assert _page_shown(app) == after
    return app


def param(app: AppTest, name: str) -> str | None:
    """A URL parameter of the last run (AppTest gives lists or plain strings)."""
    value = app.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def chart_spec(app: AppTest, key: str) -> dict:
    (chart,) = [c for c in app.get("plotly_chart") if c.key == key]
    return json.loads(chart.proto.spec)


def written(spec: dict) -> list[list[str]]:
    """The values written on a chart's lines (the texts of the traces that carry any)."""
    return [trace["text"] for trace in spec["data"] if any(trace.get("text") or ())]


def download_keys(app: AppTest) -> dict[str, str]:
    return {d.key: d.label for d in app.get("download_button")}


def test_present_parameter_shows_one_exhibit_its_caption_the_counter_and_the_navigation():
    app = presenting()
    assert titles(app) == [t("overview.tiles", "fi")]
    assert counter(app) == "Yleiskuva · 1 / 5"
    assert app.session_state["present"] is True
    assert [b.label for b in app.main.button] == ["◀ Edellinen", "Seuraava ▶", "Poistu esitystilasta"]
    assert app.button(key="present_previous").disabled  # the first exhibit of the first page
    assert not app.button(key="present_next").disabled
    assert not app.main.expander and "pptx_overview" not in download_keys(app)
    # The tiles carry their channel's data date; the slide caption names the filters.
    assert "Tiedot 1.3.2017 asti" in [c.value for c in app.main.caption]
    assert FILTERS in [c.value for c in app.main.caption]

    app.switch_page("pages/quick_feedback.py").run()
    assert titles(app) == [HAPPY.name("fi")]
    assert counter(app) == "Pikapalaute · 1 / 7"
    assert f"{FILTERS} · n = 40 · Tiedot 1.3.2017 asti" in [c.value for c in app.main.caption]
    spec = chart_spec(app, "chart_qf_happy")
    # the value written at the line's end, nothing behind a hover; the eleven months before it
    # (the rolling twelve months) are on the axis without data: a gap, no line drawn across them
    assert written(spec) == [[""] * 11 + ["33,3"]]
    assert spec["layout"]["font"]["size"] >= 20 and spec["layout"]["font"]["color"] == "#000000"


def test_next_and_previous_walk_the_page_and_cross_to_the_neighbouring_page():
    app = presenting()
    expected = overview_titles()
    for at in range(2, 6):
        click(app, "present_next")
        assert counter(app) == f"Yleiskuva · {at} / 5"
        assert titles(app) == [expected[at - 1]]
    click(app, "present_next")  # past the last exhibit: the next page, still presenting
    assert counter(app) == "Pikapalaute · 1 / 7"
    assert titles(app) == [HAPPY.name("fi")]
    assert app.session_state["present"] is True
    assert param(app, "present") == "1"
    click(app, "present_previous")  # back before the first: the previous page's last exhibit
    assert counter(app) == "Yleiskuva · 5 / 5"
    assert titles(app) == [expected[4]]


def test_leaving_brings_back_the_whole_page_with_its_export_panel():
    app = presenting()
    click(app, "present_next")
    click(app, "present_exit")
    assert app.session_state["present"] is False
    assert titles(app) == overview_titles()
    assert not [b for b in app.main.button if b.key and b.key.startswith("present_")]
    assert [e.label for e in app.main.expander] == ["Vie esitykseksi (PPTX, PDF)"]
    assert param(app, "present") is None
    assert not app.sidebar.toggle(key="present").value


def test_the_sidebar_toggle_switches_it_on():
    app = log_in(new_app(), PRESENTER)
    assert titles(app) == overview_titles()
    app.sidebar.toggle(key="present").set_value(True).run()
    assert not app.exception
    assert titles(app) == [t("overview.tiles", "fi")]
    assert counter(app) == "Yleiskuva · 1 / 5"
    assert param(app, "present") == "1"


@pytest.mark.parametrize("language,value", [("sv", "54,2"), ("en", "54.2")])
def test_presentation_in_swedish_and_english(language, value):
    app = presenting({"lang": language, "period": "ytd"})
    assert app.sidebar.toggle(key="present").label == t("present.toggle", language)
    assert [b.label for b in app.main.button] == [
        t(key, language) for key in ("present.previous", "present.next", "present.exit")
    ]
    assert counter(app) == f"{t('page.overview', language)} · 1 / 5"
    click(app, "present_next")
    assert counter(app) == f"{t('page.overview', language)} · 2 / 5"
    assert titles(app) == [t("overview.changes", language)]
    app.switch_page("pages/quick_feedback.py").run()
    spec = chart_spec(app, "chart_qf_happy")
    # February solid, the partial March a dashed segment with an open marker: its end is written.
    assert written(spec) == [["", value]]
    (segment,) = [trace for trace in spec["data"] if trace.get("text") == ["", value]]
    assert segment["line"]["dash"] == "dash" and segment["marker"]["symbol"] == ["circle", "circle-open"]


def test_normal_pages_have_the_export_panel_and_png_and_svg_for_every_chart():
    app = log_in(new_app(), PRESENTER)
    charts = 0
    for page in SHOWN:
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, (page, [e.value for e in app.exception])
        downloads = download_keys(open_data_tables(app))
        assert downloads[f"pptx_{page}"] == "Lataa PowerPoint (PPTX)", page
        assert downloads[f"pdf_{page}"] == "Lataa PDF", page
        chosen = app.multiselect(key=f"export_{page}")
        assert chosen.value and len(chosen.value) == len(chosen.options), page  # all views by default
        for chart in app.get("plotly_chart"):
            if chart.key.startswith("spark_"):  # the tiles' small trend lines
                continue
            exhibit = chart.key.removeprefix("chart_")
            assert downloads[f"png_{exhibit}"] == "Lataa kuva (PNG)", (page, exhibit)
            assert downloads[f"svg_{exhibit}"] == "Lataa vektorikuva (SVG)", (page, exhibit)
            charts += 1
    assert charts >= 7  # the quick-feedback page alone draws seven


def _open_text_shown(app: AppTest) -> list[str]:
    headings = {t("exhibit.text", language) for language in LANGUAGES}
    columns = [str(c) for frame in (*app.dataframe, *app.table) for c in frame.value.columns]
    texts = [e.value for e in app.markdown] + [e.value for e in app.caption]
    return [c for c in columns if c in headings] + [s for s in texts if any(h in s for h in headings)]


def walk(app: AppTest, check=lambda app: None) -> list[str]:
    """Click "Seuraava" until it is disabled; the counters seen, ``check`` run on every slide."""
    walked = []
    for _ in range(100):
        check(app)
        walked.append(counter(app))
        if app.button(key="present_next").disabled:
            return walked
        click(app, "present_next")
    raise AssertionError(f"no end after {walked}")


def assert_every_page_in_order(walked: list[str], role: str) -> None:
    """Each of the role's presented pages (not themes, methods, import) in menu order, its slides
    1 … N in turn."""
    pages = [COUNTER.fullmatch(c)["page"] for c in walked]
    expected = [t(f"page.{p}", "fi") for p in presented_pages(role)]
    assert list(dict.fromkeys(pages)) == expected
    for name in expected:
        shown = [c for c in walked if COUNTER.fullmatch(c)["page"] == name]
        assert shown == [f"{name} · {at} / {len(shown)}" for at in range(1, len(shown) + 1)]


def no_open_text(app: AppTest) -> None:
    assert not _open_text_shown(app), counter(app)


def test_a_presenter_never_sees_open_text_on_any_page_or_slide():
    director = log_in(new_app({"period": "ytd"}), "paajohtaja")  # the feedback of March 2017
    director.switch_page("pages/feedback.py").run()
    assert _open_text_shown(director) == [t("exhibit.text", "fi")]  # what the check looks for

    app = log_in(new_app(), PRESENTER)
    columns = 0
    for page in page_names("presenter"):
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, page
        assert not _open_text_shown(app), page
        columns += sum(len(frame.value.columns) for frame in (*app.dataframe, *app.table))
    assert columns > 20  # the check saw the pages' tables

    walked = walk(presenting(), no_open_text)
    assert_every_page_in_order(walked, "presenter")
    assert walked[-1].startswith(t("page.cases", "fi"))


@pytest.mark.parametrize("username,role", [("paajohtaja", "director"), ("kallio", "unit_manager")])
def test_every_role_presents_all_its_pages_and_no_open_text(username, role):
    walked = walk(log_in(new_app({"present": "1"}), username), no_open_text)
    assert_every_page_in_order(walked, role)
    assert walked[-1] == f"{t('page.unit', 'fi')} · 4 / 4"  # the unit page closes: its four exhibits


def test_the_keys_move_like_the_buttons_and_the_toggle_says_so():
    app = presenting()
    (page_html,) = [h.proto.body for h in app.get("html") if "present_nav" in h.proto.body]
    assert f"<script>{KEYS_SCRIPT}</script>" in page_html
    for key in ("ArrowRight", "PageDown", "ArrowLeft", "PageUp"):  # what clickers send
        assert f'"{key}"' in KEYS_SCRIPT
    assert ".st-key-${key} button" in KEYS_SCRIPT and "present_next" in KEYS_SCRIPT

    leaving = log_in(new_app(), PRESENTER)
    assert t("present.keys", "fi") in leaving.sidebar.toggle(key="present").help  # said where it is chosen


def test_a_presentation_of_the_unit_page_can_choose_its_unit():
    app = log_in(new_app({"present": "1", "period": "ytd"}), "paajohtaja")
    app.switch_page("pages/unit.py").run()
    assert not app.exception
    choice = app.selectbox(key="unit_page_choice")
    assert choice.value == "kallio" and titles(app) == ["Yksikkö, palvelu ja kaupunki: Kallion terveysasema"]
    choice.select("malmi").run()
    assert titles(app) == ["Yksikkö, palvelu ja kaupunki: Malmin terveysasema"]
