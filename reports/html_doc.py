"""A Deck as one self-contained HTML document: the PDF's source and an e-mail body.

``images="svg"`` writes charts as inline SVG (vector in the PDF); ``images="cid"`` refers to
PNGs as ``<img src="cid:…">`` and returns their bytes, for e-mail (mail clients block data
URIs and SVG; :func:`reports.mail.build_message` attaches them). Every text is escaped: titles,
labels and cells come from users' imports. Print CSS lays it out on A4 landscape with each
exhibit on a new page; the CSS sits in one ``<style>`` block and the layout is plain tables.
An exhibit showing marks instead of values ("–", "n < 5", "suojattu") carries their legend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

import plotly.graph_objects as go

import texts
from exhibits.model import Deck, Exhibit, Kpi
from figures.charts import for_presentation
from reports import parts
from reports.render import figure_png, figure_svg

IMAGE_MODES = ("svg", "cid")
CHART_WIDTH, CHART_HEIGHT, CHART_MAX_HEIGHT = 1000, 420, 600
"""Chart layout size: about the A4 landscape text width in CSS pixels, so type prints at its size;
a figure built taller (a bar per unit) keeps its height up to the maximum."""
MAIL_SCALE = 2
PRINT_FONT = 13
KPIS_PER_ROW = 4
CID_DOMAIN = "johdon-tyopoyta"

STYLE = """
body { margin: 0 auto; max-width: 1100px; padding: 16px; background: #ffffff; color: #1a1a1a;
  font-family: "Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif;
  font-size: 16px; line-height: 1.4; }
h1 { font-size: 30px; margin: 0 0 4px; }
h2, h3 { margin: 24px 0 8px; }
h2 { font-size: 24px; }
h3 { font-size: 20px; }
h2.section { border-bottom: 3px solid #0072b2; padding-bottom: 4px; }
.subtitle { font-size: 18px; color: #404040; margin: 0 0 16px; }
.summary ul { font-size: 18px; }
.summary li { margin-bottom: 6px; }
.chart svg, .chart img { display: block; width: 100%; height: auto; max-width: 1000px; }
table.data { border-collapse: collapse; width: 100%; font-size: 15px; }
table.data th { background: #1f3a5f; color: #ffffff; text-align: left; padding: 5px 8px; }
table.data td { border-bottom: 1px solid #bfbfbf; padding: 4px 8px; vertical-align: top; }
table.data tbody tr:nth-child(even) td { background: #f0f0f0; }
table.data .num { text-align: right; white-space: nowrap; }
table.kpis { border-collapse: separate; border-spacing: 12px 0; margin: 0 -12px; }
td.kpi { border: 2px solid #595959; background: #f5f7fa; padding: 12px 16px; vertical-align: top;
  width: 240px; }
.kpi-name { font-weight: bold; }
.kpi-value { font-size: 36px; font-weight: bold; line-height: 1.2; }
.kpi-delta { font-weight: bold; }
.kpi-line { font-size: 14px; color: #333333; }
.empty { font-size: 18px; padding: 24px; border: 2px dashed #595959; text-align: center; }
.caption { font-size: 14px; color: #404040; margin: 8px 0 4px; }
.legend { font-size: 14px; color: #1a1a1a; margin: 8px 0 4px; }
ul.notes { font-size: 14px; color: #1a1a1a; margin: 4px 0 0; padding-left: 20px; }
@page { size: A4 landscape; margin: 12mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h1 { font-size: 26pt; margin-top: 30mm; }
  .subtitle { font-size: 15pt; }
  .summary ul { font-size: 13pt; }
  .exhibit { break-before: page; page-break-before: always; }
  .exhibit > h2.section { margin-top: 0; }
  .exhibit > h2:first-child, .exhibit > h3:first-child { margin-top: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .chart svg, .chart img { max-width: none; max-height: 130mm; }
  table.data { font-size: 10pt; }
  table.data thead { display: table-header-group; }
  table.data tr, td.kpi, .chart { break-inside: avoid; page-break-inside: avoid; }
  td.kpi { width: 60mm; }
  .kpi-value { font-size: 26pt; }
  .caption, .legend, ul.notes, .kpi-line { font-size: 9.5pt; }
}
"""

_SVG_OPEN = re.compile(r"<svg\b")
_XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_CID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class HtmlDocument:
    """The HTML text and, for ``images="cid"``, the PNG bytes of each ``cid:`` it names."""

    html: str
    inline_images: dict[str, bytes] = field(default_factory=dict)


def deck_html(deck: Deck, *, images: str = "svg") -> HtmlDocument:
    """The deck as an HTML document; charts as inline SVG (``"svg"``) or ``cid:`` PNGs (``"cid"``)."""
    if images not in IMAGE_MODES:
        raise ValueError(f"images must be one of {', '.join(IMAGE_MODES)}, not {images!r}")
    language = deck.language
    inline: dict[str, bytes] = {}
    body = [f"<h1>{escape(deck.title)}</h1>"]
    if deck.subtitle:
        body.append(f'<p class="subtitle">{escape(deck.subtitle)}</p>')
    if deck.summary:
        items = "".join(f"<li>{escape(line)}</li>" for line in deck.summary)
        body.append(
            f'<section class="summary"><h2>{escape(texts.t("writer.summary", language))}</h2>'
            f"<ul>{items}</ul></section>"
        )
    sections = parts.sections_at(deck)
    level = 3 if deck.sections else 2
    for index, exhibit in enumerate(deck.exhibits):
        headings = "".join(f'<h2 class="section">{escape(h)}</h2>' for h in sections.get(index, ()))
        body.append(_exhibit(exhibit, index, headings, level, language, images, inline))
    body.extend(f'<h2 class="section">{escape(h)}</h2>' for h in sections.get(len(deck.exhibits), ()))
    document = (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(deck.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    return HtmlDocument(document, inline)


def _exhibit(
    exhibit: Exhibit,
    index: int,
    headings: str,
    level: int,
    language: str,
    images: str,
    inline: dict[str, bytes],
) -> str:
    out = [f'<section class="exhibit" id="{escape(_slug(exhibit.key) or str(index))}">', headings]
    out.append(f"<h{level}>{escape(exhibit.title)}</h{level}>")
    notes_shown = True
    if exhibit.empty is not None or (not exhibit.kpis and not exhibit.is_chart and exhibit.table.empty):
        out.append(f'<p class="empty">{escape(parts.empty_reason(exhibit, language))}</p>')
        notes_shown = not exhibit.notes  # the notes were the reason
    elif exhibit.kpis:
        out.append(_kpis(exhibit.kpis, language))
    elif exhibit.is_chart:
        out.append(_chart(exhibit, index, images, inline))
    else:
        out.append(_table(exhibit, language))
    legend = parts.legend_line(exhibit, language)
    if legend:
        out.append(f'<p class="legend">{escape(legend)}</p>')
    if exhibit.caption:
        out.append(f'<p class="caption">{escape(exhibit.caption)}</p>')
    if exhibit.intro and notes_shown:
        out.append(f'<p class="caption">{escape(exhibit.intro)}</p>')
    out.append("</section>")
    return "\n".join(out)


def _slug(text: str) -> str:
    return _CID_UNSAFE.sub("-", text).strip("-.")


def _figure(figure: go.Figure) -> go.Figure:
    """A print copy with the values written on (no hover on paper), without the figure's own title:
    the heading above names it."""
    shown = for_presentation(figure, font=PRINT_FONT)
    shown.update_layout(title_text="", margin_t=24, width=None, height=None)
    return shown


def _chart(exhibit: Exhibit, index: int, images: str, inline: dict[str, bytes]) -> str:
    assert exhibit.figure is not None
    figure = _figure(exhibit.figure)
    height = min(max(CHART_HEIGHT, int(exhibit.figure.layout.height or 0)), CHART_MAX_HEIGHT)
    alt = escape(parts.alt_text(exhibit))
    if images == "cid":
        cid = f"exhibit-{index + 1}-{_slug(exhibit.key) or 'chart'}@{CID_DOMAIN}"
        inline[cid] = figure_png(figure, CHART_WIDTH, height, MAIL_SCALE)
        return (
            f'<div class="chart"><img src="cid:{escape(cid)}" alt="{alt}" width="{CHART_WIDTH}" '
            f'style="width:100%;max-width:{CHART_WIDTH}px;height:auto"></div>'
        )
    svg = _XML_PROLOG.sub("", figure_svg(figure, CHART_WIDTH, height).decode("utf-8"))
    svg = _SVG_OPEN.sub(f'<svg role="img" aria-label="{alt}"', svg, count=1)
    return f'<div class="chart">{svg}</div>'


def _table(exhibit: Exhibit, language: str) -> str:
    headings, rows = parts.table_cells(exhibit.table, language)
    numeric = parts.numeric_columns(rows, language) or [False] * len(headings)
    marks = [' class="num"' if flag else "" for flag in numeric]
    head = "".join(f'<th scope="col"{marks[i]}>{escape(h)}</th>' for i, h in enumerate(headings))
    body = "".join(
        "<tr>" + "".join(f"<td{marks[i]}>{escape(cell)}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _kpi(kpi: Kpi, language: str) -> str:
    lines = [
        f'<div class="kpi-name">{escape(kpi.name)}</div>',
        f'<div class="kpi-value">{escape(kpi.value)}</div>',
    ]
    if kpi.delta:
        delta = texts.t("writer.kpi_delta", language, delta=kpi.delta)
        lines.append(f'<div class="kpi-delta">{escape(delta)}</div>')
    if kpi.comparison:
        lines.append(f'<div class="kpi-line">{escape(kpi.comparison)}</div>')
    n = parts.kpi_n(kpi, language)
    if n:
        lines.append(f'<div class="kpi-line">{escape(n)}</div>')
    if kpi.data_through is not None:
        when = texts.t("writer.data_through", language, date=texts.day(kpi.data_through, language))
        lines.append(f'<div class="kpi-line">{escape(when)}</div>')
    return f'<td class="kpi">{"".join(lines)}</td>'


def _kpis(kpis: tuple[Kpi, ...], language: str) -> str:
    rows = "".join(
        "<tr>" + "".join(_kpi(kpi, language) for kpi in row) + "</tr>"
        for row in parts.chunks(kpis, KPIS_PER_ROW)
    )
    return f'<table class="kpis" role="presentation">{rows}</table>'
