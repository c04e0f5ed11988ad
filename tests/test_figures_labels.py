"""No label over another on an exported chart (issue 12, item 4): the charts are drawn as SVG by
the exporters' own renderer (kaleido and Chromium), opened in the same Chromium, and the boxes
of their texts compared: the values on grouped bars with close values (111/101, 107/97 as on
the review's slides), the title against the plot, and event labels close together beside an
"ei tietoja" gap."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from playwright.sync_api import sync_playwright

import texts
from figures import charts
from reports.pdf import CHROMIUM_ARGS
from reports.render import CHROMIUM, figure_svg

SIZES = [(888, 360), (1000, 420), (1600, 800)]
"""A PPTX slide's chart body, the HTML/PDF report's chart, the PNG/SVG download."""
CLOSE = [(111, 101), (107, 97), (50, 49), (80, 79), (60, 62), (33, 34)]
SERVICES = ["Terveysasemat", "Suun terveydenhuolto", "Psykiatria", "Sairaala", "Kotihoito", "Perhekeskukset"]
BOXES = """() => [...document.querySelectorAll('svg text')]
  .filter(t => t.textContent.trim())
  .map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, x: r.x, y: r.y, w: r.width, h: r.height,
            kind: t.closest('.bartext') ? 'bar' : t.closest('.gtitle') ? 'title'
                : t.closest('.annotation') ? 'note' : 'other'};
  })"""
PLOT = "() => document.querySelector('.cartesianlayer').getBoundingClientRect().y"
"""The top of the plot: its bars, grid lines and axes (the title must end above it)."""


@pytest.fixture(scope="module")
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser.new_page(viewport={"width": 1700, "height": 900})
        browser.close()


def drawn(page, figure, width: int, height: int) -> tuple[list[dict], float]:
    """The text boxes of ``figure`` exported as SVG at ``width`` × ``height``, and the plot's top."""
    svg = figure_svg(figure, width, height).decode("utf-8")
    page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
    return page.evaluate(BOXES), page.evaluate(PLOT)


def collisions(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for a, b in itertools.combinations(boxes, 2)
        if a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    ]


def close_bars(horizontal: bool):
    rows = [
        {"label": service, "series": year, "value": float(value), "n": value}
        for service, pair in zip(SERVICES, CLOSE, strict=True)
        for year, value in zip(("2020", "2019"), pair, strict=True)
    ]
    return charts.bar_chart(
        pd.DataFrame(rows),
        "label",
        "Happy-indeksi palveluittain verrattuna vuotta aiempaan",
        "series",
        horizontal=horizontal,
    )


@pytest.mark.parametrize("horizontal", [True, False], ids=["horizontal", "vertical"])
def test_close_values_on_grouped_bars_never_overprint_and_the_title_stays_above(page, horizontal):
    with texts.use_language("fi"):
        figure = close_bars(horizontal)
        for width, height in SIZES:
            shown = charts.for_presentation(figure, height=height)
            boxes, plot_top = drawn(page, shown, width, height)
            values = [b for b in boxes if b["kind"] == "bar"]
            assert sorted(b["text"] for b in values) == sorted(f"{v},0" for pair in CLOSE for v in pair)
            assert not collisions(values), (width, height, collisions(values))
            (title,) = [b for b in boxes if b["kind"] == "title"]
            assert title["y"] + title["h"] <= plot_top, (width, height)
            assert not collisions([title, *values]), (width, height)
        # the screen's figure as the SVG download draws it
        boxes, _ = drawn(page, figure, 1600, 800)
        assert not collisions([b for b in boxes if b["kind"] == "bar"])


def test_event_labels_close_together_step_apart_and_clear_the_gap_label(page):
    months = [f"{m}/2020" for m in range(1, 13)]
    with_data = [m for at, m in enumerate(months) if at not in (4, 5)]  # May–June: "ei tietoja"
    frame = pd.DataFrame({"period": with_data, "value": 50.0, "n": 100})
    events = [
        ("3/2020", "Pikapalautelaitteet poistettiin käytöstä"),
        ("4/2020", "Kotihoidon sovellus käyttöön"),
        ("4/2020", "Uusi laitetoimittaja"),
        ("7/2020", "Teemavuosi alkoi"),
    ]
    with texts.use_language("fi"):
        figure = charts.line_chart(frame, "period", None, "Happy-indeksi", categories=months, events=events)
        notes = [a for a in figure.layout.annotations if a.name in ("event", "gap")]
        assert len(notes) == 5
        for shown, (width, height) in [
            (figure, (700, 360)),
            *((charts.for_presentation(figure, height=h), (w, h)) for w, h in SIZES),
        ]:
            boxes, _ = drawn(page, shown, width, height)
            labels = [b for b in boxes if b["kind"] == "note" and b["text"] != " "]
            assert {b["text"] for b in labels} >= {"ei tietoja", *(text for _, text in events)}
            assert not collisions(labels), (width, height, collisions(labels))


def test_label_rows_put_a_label_in_the_first_row_it_fits():
    # [40, 90] meets [0, 50]: row 1; [100, 150] meets the gap label [140, 160] in row 0 but not
    # [40, 90] in row 1; [45, 60] meets [0, 50] and [40, 90]: row 2
    spans = [(0, 50), (40, 90), (100, 150), (45, 60)]
    assert charts.label_rows(spans, taken=[(140, 160)]) == [0, 1, 1, 2]
