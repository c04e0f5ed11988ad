"""A Deck as a 16:9 PowerPoint file a presenter can show as it is.

Slides: the title, the summary (when there is one), a divider per section, then one slide
per exhibit (a long table or many key figures go on to "continued" slides). Every exhibit
slide has a real title, the caption (filters, period, n, data date) at the foot, the legend of
the marks it shows ("–", "n < 5", "suojattu") above the caption, and the exhibit's notes (the
numbers, then the legend) as speaker notes; charts carry those notes as alt text. Type is
board-room size (titles 30–40 pt, text ≥ 16 pt), dark on white; nothing is told by colour alone.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

import texts
from exhibits.model import Deck, Exhibit, Kpi
from figures.charts import for_presentation
from reports import parts
from reports.render import figure_png

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)
"""16:9, 13.333 × 7.5 in."""
MARGIN = Inches(0.5)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(1.05)
BODY_TOP, BODY_HEIGHT = Inches(1.45), Inches(5.0)
CAPTION_TOP, CAPTION_HEIGHT = Inches(6.55), Inches(0.8)
LEGEND_HEIGHT = Inches(0.5)
"""Taken from the foot of the body when the exhibit has a legend."""

TITLE_PT, BIG_TITLE_PT, BODY_PT, SMALL_PT, VALUE_PT = 30, 40, 20, 16, 44
INK = RGBColor(0x1A, 0x1A, 0x1A)
MUTED = RGBColor(0x40, 0x40, 0x40)
ACCENT = RGBColor(0x00, 0x72, 0xB2)
HEADER_FILL = RGBColor(0x1F, 0x3A, 0x5F)
BAND_FILL = RGBColor(0xF0, 0xF0, 0xF0)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
BOX_FILL = RGBColor(0xF5, 0xF7, 0xFA)
BOX_LINE = RGBColor(0x59, 0x59, 0x59)

TABLE_ROWS = 12
"""Data rows per table slide; the header is repeated on each."""
TABLE_PT, WIDE_TABLE = 18, 6
"""Table type size, and the column count above which it drops to 16 pt."""
KPIS_PER_SLIDE = 4
SUMMARY_LINES = 6
PIXELS_PER_INCH = 72
"""Chart layout pixels per inch of picture: 1 px = 1 pt, so the presentation font size is in points."""
CHART_SCALE = 2


def deck_pptx(deck: Deck) -> bytes:
    """The deck as .pptx bytes (charts drawn by kaleido: ExportUnavailable without Chromium)."""
    presentation = Presentation()
    _widen(presentation)
    language = deck.language
    _title_slide(presentation, deck)
    if deck.summary:
        heading = texts.t("writer.summary", language)
        lines = parts.chunks(deck.summary, SUMMARY_LINES)
        for page, chunk in enumerate(lines, 1):
            _summary_slide(presentation, parts.part_title(heading, page, len(lines), language), chunk)
    sections = parts.sections_at(deck)
    for index, exhibit in enumerate(deck.exhibits):
        for heading in sections.get(index, ()):
            _section_slide(presentation, heading)
        _exhibit_slides(presentation, exhibit, language)
    for heading in sections.get(len(deck.exhibits), ()):
        _section_slide(presentation, heading)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _widen(presentation: PresentationType) -> None:
    """16:9, with the template's 4:3 placeholders stretched to match (layouts first: they inherit)."""
    factor = SLIDE_WIDTH / presentation.slide_width
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    owners = [*presentation.slide_layouts, presentation.slide_master]
    for owner in owners:
        for shape in owner.placeholders:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = Emu(round(shape.left * factor)), Emu(round(shape.width * factor))


def _add_slide(presentation: PresentationType, name: str) -> Slide:
    layout = next(layout for layout in presentation.slide_layouts if layout.name == name)
    return presentation.slides.add_slide(layout)


def _write(
    frame: TextFrame,
    lines: list[tuple[str, int, bool]],
    align: PP_ALIGN = PP_ALIGN.LEFT,
    colour: RGBColor = INK,
) -> None:
    """Replace the frame's text with ``lines`` of (text, size in pt, bold), wrapped, in ``colour``."""
    frame.word_wrap = True
    frame.clear()
    for number, (text, size, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour


def _place(shape: Shape, left: int, top: int, width: int, height: int) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def _text_box(
    slide: Slide,
    box: tuple[int, int, int, int],
    lines: list[tuple[str, int, bool]],
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
    colour: RGBColor = INK,
) -> None:
    frame = slide.shapes.add_textbox(*box).text_frame
    frame.vertical_anchor = anchor
    _write(frame, lines, align, colour)


def _rule(slide: Slide, top: int) -> None:
    """A short accent bar under a big title (decoration only)."""
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, top, Inches(1.6), Inches(0.09))
    bar.fill.solid()
    bar.fill.fore_color.rgb = ACCENT
    bar.line.fill.background()
    bar.shadow.inherit = False


def _title_slide(presentation: PresentationType, deck: Deck) -> None:
    slide = _add_slide(presentation, "Title Slide")
    title = slide.shapes.title
    _place(title, MARGIN, Inches(1.7), CONTENT_WIDTH, Inches(2.2))
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    _write(title.text_frame, [(deck.title, BIG_TITLE_PT, True)])
    _rule(slide, Inches(4.05))
    subtitle = slide.placeholders[1]
    if deck.subtitle:
        _place(subtitle, MARGIN, Inches(4.35), CONTENT_WIDTH, Inches(1.6))
        subtitle.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        _write(subtitle.text_frame, [(deck.subtitle, 24, False)], colour=MUTED)
    else:
        subtitle.element.getparent().remove(subtitle.element)


def _title(slide: Slide, text: str) -> None:
    title = slide.shapes.title
    _place(title, MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT)
    title.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    _write(title.text_frame, [(text, TITLE_PT, True)])


def _summary_slide(presentation: PresentationType, heading: str, lines: list[str]) -> None:
    slide = _add_slide(presentation, "Title and Content")
    _title(slide, heading)
    body = slide.placeholders[1]
    _place(body, MARGIN, BODY_TOP, CONTENT_WIDTH, BODY_HEIGHT + Inches(0.6))
    _write(body.text_frame, [(line, 24, False) for line in lines])
    for paragraph in body.text_frame.paragraphs:
        paragraph.space_after = Pt(14)


def _section_slide(presentation: PresentationType, heading: str) -> None:
    # "Title Only", not "Section Header": that layout sets its title in capitals.
    slide = _add_slide(presentation, "Title Only")
    title = slide.shapes.title
    _place(title, MARGIN, Inches(2.2), CONTENT_WIDTH, Inches(2.2))
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    _write(title.text_frame, [(heading, BIG_TITLE_PT, True)])
    _rule(slide, Inches(4.55))


def _exhibit_slide(
    presentation: PresentationType,
    exhibit: Exhibit,
    language: str,
    body: Callable[[Slide, int], None],
    page: int = 1,
    pages: int = 1,
) -> None:
    """Part ``page`` of ``pages`` of an exhibit: title, ``body`` (given its height), legend,
    caption, speaker notes (reading order)."""
    slide = _add_slide(presentation, "Title Only")
    _title(slide, parts.part_title(exhibit.title, page, pages, language))
    legend = parts.legend_line(exhibit, language)
    height = BODY_HEIGHT - (LEGEND_HEIGHT if legend else 0)
    body(slide, height)
    if legend:
        _text_box(
            slide,
            (MARGIN, BODY_TOP + height, CONTENT_WIDTH, LEGEND_HEIGHT),
            [(legend, SMALL_PT, False)],
            anchor=MSO_ANCHOR.MIDDLE,
        )
    if exhibit.caption:
        _text_box(
            slide,
            (MARGIN, CAPTION_TOP, CONTENT_WIDTH, CAPTION_HEIGHT),
            [(exhibit.caption, SMALL_PT, False)],
            anchor=MSO_ANCHOR.BOTTOM,
            colour=MUTED,
        )
    spoken = parts.spoken_notes(exhibit, language)
    if spoken:
        slide.notes_slide.notes_text_frame.text = "\n".join(spoken)


def _exhibit_slides(presentation: PresentationType, exhibit: Exhibit, language: str) -> None:
    if exhibit.empty is not None or (not exhibit.kpis and not exhibit.is_chart and exhibit.table.empty):
        reason = parts.empty_reason(exhibit, language)
        _exhibit_slide(presentation, exhibit, language, partial(_empty, reason=reason))
    elif exhibit.kpis:
        groups = parts.chunks(exhibit.kpis, KPIS_PER_SLIDE)
        for page, group in enumerate(groups, 1):
            draw = partial(_kpi_boxes, kpis=group, language=language)
            _exhibit_slide(presentation, exhibit, language, draw, page, len(groups))
    elif exhibit.is_chart:
        _exhibit_slide(presentation, exhibit, language, partial(_chart, exhibit=exhibit))
    else:
        headings, rows = parts.table_cells(exhibit.table, language)
        numeric = parts.numeric_columns(rows, language)
        pages = parts.chunks(rows, TABLE_ROWS)
        for page, chunk in enumerate(pages, 1):
            draw = partial(_table, headings=headings, rows=chunk, numeric=numeric)
            _exhibit_slide(presentation, exhibit, language, draw, page, len(pages))


def _empty(slide: Slide, height: int, reason: str) -> None:
    _text_box(
        slide,
        (MARGIN + Inches(0.5), BODY_TOP, CONTENT_WIDTH - Inches(1), height),
        [(reason, 28, False)],
        align=PP_ALIGN.CENTER,
        anchor=MSO_ANCHOR.MIDDLE,
    )


def _chart(slide: Slide, height: int, exhibit: Exhibit) -> None:
    """The figure as a PNG filling the body, drawn at the body's aspect ratio in presentation type."""
    assert exhibit.figure is not None
    width_px = round(CONTENT_WIDTH / Inches(1) * PIXELS_PER_INCH)
    height_px = round(height / Inches(1) * PIXELS_PER_INCH)
    figure = for_presentation(exhibit.figure, height=height_px)
    figure.update_layout(title_text="", margin_t=16, width=None)  # the slide title names it
    png = figure_png(figure, width=width_px, height=height_px, scale=CHART_SCALE)
    picture = slide.shapes.add_picture(io.BytesIO(png), MARGIN, BODY_TOP, CONTENT_WIDTH, height)
    picture.name = exhibit.title or exhibit.key
    picture.element.nvPicPr.cNvPr.set("descr", parts.alt_text(exhibit))


def _table(
    slide: Slide, height: int, headings: list[str], rows: list[list[str]], numeric: list[bool]
) -> None:
    """A native table: a dark header row, light banding, numbers right-aligned, 18 pt (16 pt if wide)."""
    size = TABLE_PT if len(headings) <= WIDE_TABLE else SMALL_PT
    row_height = min(Inches(0.42), height // (len(rows) + 1))
    shape = slide.shapes.add_table(
        len(rows) + 1, len(headings), MARGIN, BODY_TOP, CONTENT_WIDTH, row_height * (len(rows) + 1)
    )
    table = shape.table
    table.first_row, table.horz_banding = True, False
    weights = [
        max(4, min(40, max((len(text) for text in (heading, *(row[i] for row in rows))), default=4)))
        for i, heading in enumerate(headings)
    ]
    for column, weight in zip(table.columns, weights, strict=True):
        column.width = Emu(CONTENT_WIDTH * weight // sum(weights))
    for number, cells in enumerate([headings, *rows]):
        table.rows[number].height = row_height
        for column, text in enumerate(cells):
            cell = table.cell(number, column)
            cell.fill.solid()
            cell.fill.fore_color.rgb = HEADER_FILL if number == 0 else (WHITE, BAND_FILL)[number % 2 == 0]
            cell.margin_top = cell.margin_bottom = Inches(0.04)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            align = PP_ALIGN.RIGHT if numeric and numeric[column] else PP_ALIGN.LEFT
            _write(cell.text_frame, [(text, size, number == 0)], align, WHITE if number == 0 else INK)


def _kpi_boxes(slide: Slide, height: int, kpis: list[Kpi], language: str) -> None:
    """One framed box per key figure: name, big value, change, comparison, n and data date."""
    gap = Inches(0.3)
    width = min(Inches(4.2), (CONTENT_WIDTH - gap * (len(kpis) - 1)) // len(kpis))
    left = MARGIN + (CONTENT_WIDTH - width * len(kpis) - gap * (len(kpis) - 1)) // 2
    for kpi in kpis:
        box_height = min(Inches(4.6), height - Inches(0.3))
        box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, BODY_TOP + Inches(0.2), width, box_height)
        box.fill.solid()
        box.fill.fore_color.rgb = BOX_FILL
        box.line.color.rgb = BOX_LINE
        box.line.width = Pt(1.5)
        box.shadow.inherit = False
        box.name = kpi.name
        frame = box.text_frame
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = frame.margin_top = Inches(0.2)
        lines = [(kpi.name, BODY_PT, True), (kpi.value, VALUE_PT, True)]
        if kpi.delta:
            lines.append((texts.t("writer.kpi_delta", language, delta=kpi.delta), BODY_PT, True))
        if kpi.comparison:
            lines.append((kpi.comparison, SMALL_PT, False))
        n = parts.kpi_n(kpi, language)
        if n:
            lines.append((n, SMALL_PT, False))
        if kpi.data_through is not None:
            when = texts.day(kpi.data_through, language)
            lines.append((texts.t("writer.data_through", language, date=when), SMALL_PT, False))
        _write(frame, lines)
        for paragraph in frame.paragraphs[1:]:
            paragraph.space_before = Pt(8)
        left += width + gap
