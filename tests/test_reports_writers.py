"""The report writers: PNG/SVG charts, the PPTX deck, the HTML document and the PDF of one hand-made Deck."""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import date
from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pypdfium2 as pdfium
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import PP_ALIGN

import texts
from exhibits.model import Deck, Exhibit, Kpi
from reports import render
from reports.html_doc import HtmlDocument, deck_html
from reports.pdf import deck_pdf
from reports.pptx_deck import deck_pptx

TITLE = "Hallituksen katsaus <script>alert(1)</script>"
BAR_NOTES = ("Pohjoinen 82,5 % (n = 310), Etelä 76,1 % (n = 402).", "Itä 88,0 % (n = 220).")
LINE_NOTES = ("Kesäkuussa 81,0 % (n = 512), tammikuussa 70,0 % (n = 480).",)
UNIT_ROWS = 30
JUNE_30 = date(2025, 6, 30)


def _bar() -> go.Figure:
    figure = go.Figure(go.Bar(x=["Pohjoinen", "Etelä", "Itä"], y=[82.5, 76.1, 88.0], name="Tyytyväisyys"))
    figure.update_layout(title={"text": "Tyytyväisyys alueittain"})
    return figure


def _line() -> go.Figure:
    months = ["1/2025", "2/2025", "3/2025", "4/2025", "5/2025", "6/2025"]
    return go.Figure(go.Scatter(x=months, y=[70, 72, 75, 74, 79, 81], mode="lines+markers", name="Osuus"))


def _units(rows: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Toimipiste": [f"Toimipiste {i:02d} & co" for i in range(1, rows + 1)],
            "Vastauksia": [100 + 7 * i for i in range(rows)],
            "Tyytyväisiä": [f"{60 + i},0\xa0%" for i in range(rows)],
        }
    )


def _deck() -> Deck:
    caption = "Kaikki palvelut · 1.1.–30.6.2025 · n = 1 234 · tiedot 30.6.2025 asti"
    kpis = (
        Kpi("Tyytyväisten osuus", "86,4\xa0%", 5120, "+2,1 %-yks.", "vertailu 84,3 % (n = 4 980)", JUNE_30),
        Kpi("Palautteita", "1\xa0234", 1234, "−56", None, JUNE_30),
        Kpi("Muistutukset", "42", 42),
    )
    exhibits = (
        Exhibit("bar", "Tyytyväisyys alueittain", pd.DataFrame(), _bar(), caption=caption, notes=BAR_NOTES),
        Exhibit("line", "Kehitys kuukausittain", pd.DataFrame(), _line(), caption=caption, notes=LINE_NOTES),
        Exhibit("units", "Toimipisteet", _units(UNIT_ROWS), caption="1–6/2025", notes=("30 toimipistettä.",)),
        Exhibit("kpis", "Avainluvut", pd.DataFrame(), kpis=kpis, caption="Koko organisaatio"),
        Exhibit("ombudsman", "Sosiaaliasiamies", pd.DataFrame(), empty="suppressed", caption="1–6/2025"),
    )
    return Deck(
        title=TITLE,
        subtitle="Asiakaspalaute 1.1.–30.6.2025",
        language="fi",
        exhibits=exhibits,
        summary=("Tyytyväisyys nousi 2,1 %-yksikköä.", "Palautteita tuli 56 vähemmän."),
        sections=(("Asiakaskokemus", 0),),
    )


@dataclass(frozen=True)
class Outputs:
    deck: Deck
    pptx: bytes
    html: HtmlDocument
    mail: HtmlDocument
    pdf: bytes


@pytest.fixture(scope="module")
def outputs() -> Outputs:
    """Every costly render once: the deck as PPTX, HTML (SVG and cid) and PDF."""
    deck = _deck()
    return Outputs(deck, deck_pptx(deck), deck_html(deck), deck_html(deck, images="cid"), deck_pdf(deck))


def _slide_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_png_has_the_signature_and_the_requested_pixel_size():
    for width, height, scale in ((400, 300, 1), (320, 200, 2)):
        png = render.figure_png(_bar(), width=width, height=height, scale=scale)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (width * scale, height * scale)


def test_svg_is_an_svg_document():
    root = ElementTree.fromstring(render.figure_svg(_line(), 500, 250))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("500", "250")


def test_missing_or_broken_chromium_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(render.ExportUnavailable, match=r"Chromium.*apt-get install -y chromium"):
        render.chromium_path()
    monkeypatch.setenv("BROWSER_PATH", "/bin/false")  # exists, but is no browser
    with pytest.raises(render.ExportUnavailable, match="did not start"):
        render._Server().image(_bar(), {"format": "png", "width": 100, "height": 100, "scale": 1})


def test_pptx_has_one_slide_per_part_in_order(outputs):
    presentation = Presentation(io.BytesIO(outputs.pptx))
    assert (presentation.slide_width, presentation.slide_height) == (12_192_000, 6_858_000)
    titles = [slide.shapes.title.text_frame.text for slide in presentation.slides]
    assert titles == [
        TITLE,
        "Yhteenveto",
        "Asiakaskokemus",
        "Tyytyväisyys alueittain",
        "Kehitys kuukausittain",
        "Toimipisteet (1/3)",
        "Toimipisteet (jatkuu, 2/3)",
        "Toimipisteet (jatkuu, 3/3)",
        "Avainluvut",
        "Sosiaaliasiamies",
    ]
    slides = list(presentation.slides)
    assert "Asiakaspalaute 1.1.–30.6.2025" in _slide_text(slides[0])
    assert "Palautteita tuli 56 vähemmän." in _slide_text(slides[1])


def test_pptx_chart_slides_hold_the_picture_caption_and_numbers(outputs):
    slides = list(Presentation(io.BytesIO(outputs.pptx)).slides)
    for slide, notes in ((slides[3], BAR_NOTES), (slides[4], LINE_NOTES)):
        pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert pictures[0].image.content_type == "image/png"
        assert pictures[0].width / pictures[0].height == pytest.approx(12.333 / 5.0, rel=0.01)
        assert pictures[0].element.nvPicPr.cNvPr.get("descr") == " ".join(notes)
        assert slide.notes_slide.notes_text_frame.text == "\n".join(notes)
        assert "n = 1 234 · tiedot 30.6.2025 asti" in _slide_text(slide)
    assert "82,5 % (n = 310)" in slides[3].notes_slide.notes_text_frame.text


def test_pptx_table_continues_with_the_header_repeated(outputs):
    slides = list(Presentation(io.BytesIO(outputs.pptx)).slides)[5:8]
    shown = []
    for slide in slides:
        assert len(slide.shapes) == 3  # title, table, caption
        (table,) = [shape.table for shape in slide.shapes if shape.has_table]
        assert [table.cell(0, c).text for c in range(3)] == ["Toimipiste", "Vastauksia", "Tyytyväisiä"]
        shown += [[table.cell(r, c).text for c in range(3)] for r in range(1, len(table.rows))]
    assert len(shown) == UNIT_ROWS
    assert shown[0] == ["Toimipiste 01 & co", "100", "60,0\xa0%"]
    assert shown[-1] == ["Toimipiste 30 & co", "303", "89,0\xa0%"]


def test_pptx_kpi_and_empty_slides(outputs):
    slides = list(Presentation(io.BytesIO(outputs.pptx)).slides)
    boxes = [shape for shape in slides[8].shapes if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    names = [box.text_frame.paragraphs[0].text for box in boxes]
    assert names == ["Tyytyväisten osuus", "Palautteita", "Muistutukset"]
    assert boxes[0].text_frame.text.split("\n") == [
        "Tyytyväisten osuus",
        "86,4\xa0%",
        "Muutos +2,1 %-yks.",
        "vertailu 84,3 % (n = 4 980)",
        "n = 5\xa0120",
        "Tiedot 30.6.2025 asti",
    ]
    assert boxes[2].text_frame.text.split("\n") == ["Muistutukset", "42", "n = 42"]
    assert texts.t("empty.suppressed", "fi") in _slide_text(slides[9])
    assert "1–6/2025" in _slide_text(slides[9])


def test_pptx_type_is_board_room_size(outputs):
    for slide in Presentation(io.BytesIO(outputs.pptx)).slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames = [cell.text_frame for row in shape.table.rows for cell in row.cells]
            sizes = [run.font.size.pt for frame in frames for p in frame.paragraphs for run in p.runs]
            assert all(size >= 16 for size in sizes), shape.name
            if shape == slide.shapes.title:
                assert min(sizes) >= 28


def test_pptx_words_come_from_the_deck_language():
    deck = Deck("Board", "", "en", (Exhibit("u", "Units", _units(13)),), summary=("Up.",), sections=())
    titles = [s.shapes.title.text_frame.text for s in Presentation(io.BytesIO(deck_pptx(deck))).slides]
    assert titles == ["Board", "Summary", "Units (1/2)", "Units (continued, 2/2)"]


def test_html_escapes_user_text_and_keeps_the_structure(outputs):
    html = outputs.html.html
    assert "<script>" not in html
    assert "<title>Hallituksen katsaus &lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert "Toimipiste 01 &amp; co" in html
    assert html.count('<section class="exhibit"') == 5
    assert html.count("<svg") == 2 and outputs.html.inline_images == {}
    assert html.count("<tr>") == UNIT_ROWS + 1 + 1  # the units, their header, one row of key figures
    section = html.index('<h2 class="section">Asiakaskokemus</h2>')
    assert html.index("Yhteenveto") < section < html.index("Tyytyväisyys alueittain</h3>")
    assert "break-before: page" in html and "size: A4 landscape" in html
    assert escape(texts.t("empty.suppressed", "fi")) in html


def test_html_for_mail_refers_to_inline_pngs(outputs):
    html, images = outputs.mail.html, outputs.mail.inline_images
    cids = re.findall(r'src="cid:([^"]+)"', html)
    assert len(cids) == 2 and set(cids) == set(images)
    assert "<svg" not in html and "data:" not in html
    for cid, png in images.items():
        assert re.fullmatch(r"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+", cid)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_html_rejects_an_unknown_image_mode():
    with pytest.raises(ValueError, match="images"):
        deck_html(_deck(), images="png")


def test_pdf_pages_title_and_ink(outputs, request):
    document = pdfium.PdfDocument(outputs.pdf)
    request.addfinalizer(document.close)
    # cover + summary, 2 charts, the 30-row table over 2 pages, key figures, the empty exhibit
    assert len(document) == 7
    first = document[0].get_textpage().get_text_range()
    assert TITLE in first and "Yhteenveto" in first and "Sivu 1/7" in first
    assert "Tyytyväisyys alueittain" in document[1].get_textpage().get_text_range()
    pixels = document[1].render(scale=1).to_numpy()[:, :, :3]
    ink = np.any(pixels < 230, axis=2).mean()
    assert ink > 0.01, f"page 2 is blank ({ink:.2%} ink)"
    width, height = document[0].get_size()
    assert (width, height) == (pytest.approx(842, abs=2), pytest.approx(595, abs=2))  # A4 landscape, pt


PROTECTED_LEGEND = (
    "n < 5 piilotettu, alle 5 vastausta",
    "suojattu = piilotettu pienen luvun suojaamiseksi",
)


def _marked_deck() -> Deck:
    """A public table with a hidden 4 ("n < 5") and the 18 hidden beside it ("suojattu"), and a key
    figure whose n is itself hidden."""
    table = pd.DataFrame(
        {
            "Sektori": ["terveydenhuolto", "sosiaalihuolto", "molemmat"],
            "Yhteydenottoja": ["n < 5", "suojattu", "181"],
        }
    )
    notes = ("Sektori: molemmat; Yhteydenottoja: 181",)
    kpis = (Kpi("Yhteydenottoja", "suojattu", None),)
    sectors = Exhibit(
        "sectors", "Yhteydenotot sektoreittain", table, caption="Q4/2020 · n = 203", notes=notes,
        legend=PROTECTED_LEGEND,
    )  # fmt: skip
    figures = Exhibit(
        "kpis", "Avainluvut", pd.DataFrame(), kpis=kpis, caption="Q4/2020", legend=PROTECTED_LEGEND[1:]
    )
    exhibits = (sectors, figures)
    return Deck(title="Julkinen katsaus", subtitle="Q4/2020", language="fi", exhibits=exhibits)


def test_marks_carry_their_legend_in_every_writer():
    deck = _marked_deck()
    legend = "Merkinnät: n < 5 piilotettu, alle 5 vastausta; suojattu = piilotettu pienen luvun suojaamiseksi"

    slides = list(Presentation(io.BytesIO(deck_pptx(deck))).slides)
    table_slide, kpi_slide = slides[1], slides[2]
    assert legend in [shape.text_frame.text for shape in table_slide.shapes if shape.has_text_frame]
    assert table_slide.notes_slide.notes_text_frame.text.split("\n") == [
        "Sektori: molemmat; Yhteydenottoja: 181",
        legend,
    ]
    (table,) = [shape.table for shape in table_slide.shapes if shape.has_table]
    assert [table.cell(2, c).text for c in range(2)] == ["sosiaalihuolto", "suojattu"]
    # the marks do not make the column text: it stays right-aligned like the 181
    assert {table.cell(r, 1).text_frame.paragraphs[0].alignment for r in (1, 2, 3)} == {PP_ALIGN.RIGHT}
    (box,) = [shape for shape in kpi_slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    assert box.text_frame.text.split("\n") == ["Yhteydenottoja", "suojattu"]  # no "n = –"
    assert "Merkinnät: suojattu = piilotettu pienen luvun suojaamiseksi" in _slide_text(kpi_slide)

    html = deck_html(deck).html
    assert f'<p class="legend">{escape(legend)}</p>' in html
    assert '<td class="num">suojattu</td>' in html and "n = –" not in html

    document = pdfium.PdfDocument(deck_pdf(deck))
    try:
        text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    assert legend in " ".join(text.split())
