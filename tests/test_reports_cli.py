"""``cli.py report`` end to end on the demo warehouse: the quarterly review as PPTX, PDF and HTML,
the yearly account, the weekly unit report as PDF and by e-mail, and the argument errors.

Each report is rendered once per module (charts through kaleido, PDF through Chromium) and its
file is then inspected the way a reader would: python-pptx, pypdfium2, the HTML text, the mail.
The expected numbers come from ``run_query`` on the same warehouse, not from the report code.
"""

from __future__ import annotations

import contextlib
import html
import io
import math
import re
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium
import pytest
from aiosmtpd.controller import Controller
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from sqlalchemy import select

import cli
from data_access.scope import Scope
from data_access.store import WarehouseWriter
from data_access.warehouse import Warehouse
from exhibits.model import Deck, Exhibit
from exhibits.source import WarehouseSource
from metrics.freshness import data_through
from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from reports.pptx_deck import KPIS_PER_SLIDE, SUMMARY_LINES, TABLE_ROWS
from reports.review import review_deck

Q4_2020 = Period(date(2020, 10, 1), date(2020, 12, 31))
Q4_CAPTION = "1.10.2020–31.12.2020"
WEEK = Period(date(2020, 12, 7), date(2020, 12, 13))
UNIT = "kot-herttoniemi"
"""A home care unit: its mobile-app quick feedback runs through the terminals' 2020–2022 gap."""
UNIT_NAME = "Herttoniemen kotihoito"
SENDER, MANAGER = "raportit@example.org", "esihenkilo@example.org"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
RAW_CONTACT = "soittakaa 040 123 4567 tai kirjoittakaa maija.meikalainen@example.com"
RISES = {1 / 4: "kasvoi neljänneksellä", 1 / 3: "kasvoi kolmanneksella", 1 / 2: "kasvoi puolella"}
FALLS = {1 / 4: "väheni neljänneksellä", 1 / 3: "väheni kolmanneksella", 1 / 2: "puolittui"}
FINNISH_ONLY = ("Palautteet", "Yhteenveto", "Tiedot", "Vertailu", "Muutos", "neljänneksestä", "kyllä")
SWEDISH_ONLY = ("Sammanfattning", "Jämförelse", "Förändring", "Uppgifter till och med")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def report(*argv: object) -> Run:
    """``cli.py report …`` in this process (the chart browser is shared), with its output."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["report", *map(str, argv)])
    return Run(code, out.getvalue(), err.getvalue())


def written(run: Run, out: Path) -> Path:
    assert run.code == 0, run.err
    assert run.err == ""
    assert run.out.startswith(f"report: wrote {out} (")
    return out


@pytest.fixture(scope="module")
def render(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """``render(kind, period, language, format)`` → the report file, written once per module."""
    folder = tmp_path_factory.mktemp("reports")
    files: dict[tuple[str, ...], Path] = {}

    def make(kind: str, period: str, language: str, fmt: str) -> Path:
        key = (kind, period, language, fmt)
        if key not in files:
            out = folder / f"{kind}-{period}-{language}.{fmt}"
            argv = (kind, "--period", period, "--lang", language, "--format", fmt, "--out", out)
            files[key] = written(report(*argv, "--warehouse", demo_warehouse), out)
        return files[key]

    return make


@pytest.fixture(scope="module")
def q4_deck(demo_warehouse: Path) -> Deck:
    """The quarterly review's deck as the report command builds it (before the writers)."""
    source = WarehouseSource(Warehouse(demo_warehouse), Scope.everything())
    return review_deck(source, Q4_2020, "quarterly", "fi")


@pytest.fixture(scope="module")
def reader(demo_warehouse: Path):
    return Warehouse(demo_warehouse).reader(Scope.everything())


def flat(text: str) -> str:
    return " ".join(text.split())


def volume_sentence(row: pd.Series) -> str:
    """The summary sentence on feedback volume Q4/2020 vs Q4/2019, worked out from the query row."""
    since = "vuoden 2019 4. neljänneksestä"
    if row["change"] not in ("rise", "fall"):
        return f"Palautteiden määrä: ei merkittävää muutosta {since}."
    change = row["relative"]  # the change of the rate per day
    words = RISES if change > 0 else FALLS
    phrase = next((w for f, w in words.items() if abs(abs(change) - f) <= 0.02), None)
    if phrase is None:
        verb = "kasvoi" if change > 0 else "väheni"
        phrase = f"{verb} {round(100 * abs(change))}\xa0%"
    return f"Palautteiden määrä {phrase} {since}."


# --- the quarterly review as PPTX ------------------------------------------------------------


def expected_slides(deck: Deck) -> int:
    """Title, summary slides, section dividers and each exhibit's slides (KPIs and tables split)."""

    def slides_of(exhibit: Exhibit) -> int:
        if exhibit.empty is not None:
            return 1
        if exhibit.kpis:
            return math.ceil(len(exhibit.kpis) / KPIS_PER_SLIDE)
        if exhibit.is_chart:
            return 1
        return max(1, math.ceil(len(exhibit.table) / TABLE_ROWS))

    summary = math.ceil(len(deck.summary) / SUMMARY_LINES) if deck.summary else 0
    return 1 + summary + len(deck.sections) + sum(slides_of(e) for e in deck.exhibits)


def texts_of(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_quarterly_pptx_title_slides_and_summary(render, q4_deck, reader):
    slides = list(Presentation(render("quarterly", "2020Q4", "fi", "pptx")).slides)
    assert slides[0].shapes.title.text == "Miten onnistuimme? Q4/2020"
    assert len(slides) == expected_slides(q4_deck)
    titles = [slide.shapes.title.text for slide in slides]
    # The handling, topic and events sentences of seed 002 come first: 13 sentences in all.
    assert [t for t in titles if t.startswith("Yhteenveto")] == [
        "Yhteenveto (1/3)",
        "Yhteenveto (jatkuu, 2/3)",
        "Yhteenveto (jatkuu, 3/3)",
    ]
    for heading, _ in q4_deck.sections:
        assert heading in titles

    row = run_query(reader, QuerySpec("feedback_count", Q4_2020, compare="last_year", public=True)).iloc[0]
    # The demo's Q4/2020 volume rise is beyond doubt (p far below 0.05, a third more than 10 %).
    assert row["change"] == "rise" and row["p_value"] < 0.05 / 50
    summary = [line for slide in slides[1:4] for line in slide.placeholders[1].text_frame.text.split("\n")]
    assert volume_sentence(row) in summary
    assert volume_sentence(row) == "Palautteiden määrä kasvoi kolmanneksella vuoden 2019 4. neljänneksestä."
    assert summary == list(q4_deck.summary)


def test_quarterly_pptx_chart_slides_carry_picture_notes_and_caption(render, q4_deck, reader):
    slides = list(Presentation(render("quarterly", "2020Q4", "fi", "pptx")).slides)
    charts = [s for s in slides if any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in s.shapes)]
    chart_titles = [e.title for e in q4_deck.exhibits if e.is_chart]
    assert [s.shapes.title.text for s in charts] == chart_titles
    dates = {f"Tiedot {d.day}.{d.month}.{d.year} asti" for d in data_through(reader).values() if d}
    for slide in charts:
        [picture] = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert picture.image.content_type == "image/png" and len(picture.image.blob) > 10_000
        assert picture.element.nvPicPr.cNvPr.get("descr")  # alt text for screen readers
        notes = slide.notes_slide.notes_text_frame.text
        assert re.search(r"\d", notes), slide.shapes.title.text
        [caption] = [t for t in texts_of(slide) if t.startswith(Q4_CAPTION)]
        assert "n = " in caption
        # the data date closes the caption proper; remarks on what a change covers may follow it
        assert any(caption.endswith(d) or f"{d} · " in caption for d in dates), caption

    by_type = run_query(
        reader,
        QuerySpec("feedback_count", Q4_2020, group_by=("feedback_type",), compare="last_year", public=True),
    )
    moite = by_type.set_index("feedback_type").loc["moite"]
    [types_slide] = [
        s for s in charts if s.shapes.title.text == "Palautteet tyypeittäin verrattuna vuotta aiempaan"
    ]
    notes = types_slide.notes_slide.notes_text_frame.text.replace("\xa0", " ")
    assert f"Palautetyyppi: moite; Q4/2020: {int(moite['value']):,}".replace(",", " ") in notes
    assert f"Q4/2019: {int(moite['value_cmp']):,}".replace(",", " ") in notes
    total = int(by_type["n"].sum())
    assert any(f"n = {total:,}".replace(",", "\xa0") in t for t in texts_of(types_slide))


def test_quarterly_summary_compares_like_for_like(q4_deck, reader):
    """Q4/2019 had terminals and the app, Q4/2020 the app only (terminals removed 16.3.2020): the
    happy index's change is the app's own, and the missing terminal data are named."""
    spec = QuerySpec("happy_index", Q4_2020, compare="last_year", public=True)
    frame = run_query(reader, spec)
    row = frame.iloc[0]
    assert frame.attrs["comparison"].basis.dropped == (("terminal", "no_current_data"),)
    assert row["change"] == "small_change" and 0 < row["delta"] < 1
    change = f"{row['delta']:.1f}".replace(".", ",")
    assert (
        f"Happy-indeksi: pieni muutos vuoden 2019 4. neljänneksestä (+{change}), alle merkittävän rajan 1,0."
        " Muutos laskettu vain näistä kanavista: Kotihoidon sovellus. Ei mukana: Pikapalautelaite (ei"
        " tietoja tältä jaksolta)."
    ) in q4_deck.summary
    whole = run_query(
        reader, spec.with_(channel=("terminal", "app"), compare=None, period=Q4_2020.last_year())
    )
    assert whole.iloc[0]["value"] < row["value_cmp"]  # the old "nousi 2,7" compared the channel mix
    assert not any("Happy-indeksi nousi" in line for line in q4_deck.summary)
    assert not any("vertailujakson havaintoja" in line for line in q4_deck.summary)  # NPS: not asked


def test_annual_summary_names_no_service_outside_the_basis(demo_warehouse):
    """2020: the terminals ran until 15.3. only, so the happy index by service compares the app's
    services alone and no health-station change (1.1.–15.3.2020 against 2019) is said."""
    source = WarehouseSource(Warehouse(demo_warehouse), Scope.everything())
    deck = review_deck(source, Period(date(2020, 1, 1), date(2020, 12, 31)), "annual", "sv")
    assert not any("Hälsostationer" in line for line in deck.summary)
    [happy] = [line for line in deck.summary if line.startswith("Happy-indexet")]
    assert "Responsterminal (uppgifter endast för en del av perioden)" in happy
    assert happy.startswith("Happy-indexet: liten förändring jämfört med 2019 (+")


# --- the quarterly review as PDF -------------------------------------------------------------


def page_texts(document: pdfium.PdfDocument) -> list[str]:
    return [flat(document[i].get_textpage().get_text_range()) for i in range(len(document))]


def test_quarterly_pdf_has_a_page_per_exhibit_after_the_title_page(render, q4_deck):
    document = pdfium.PdfDocument(render("quarterly", "2020Q4", "fi", "pdf"))
    pages = page_texts(document)
    assert pages[0].startswith("Miten onnistuimme? Q4/2020")
    assert "Palautteiden määrä kasvoi kolmanneksella vuoden 2019 4. neljänneksestä." in pages[0]

    sections = {index: heading for heading, index in q4_deck.sections}
    heads = [flat(f"{sections.get(i, '')} {e.title}") for i, e in enumerate(q4_deck.exhibits)]
    # Every exhibit starts a page of its own (print CSS); a long table or list of notes may run
    # on to further pages, which must then continue that exhibit's own rows.
    starts = [next(p for p, text in enumerate(pages) if text.startswith(head)) for head in heads]
    assert starts == sorted(set(starts))
    # The summary (13 sentences since the seed 002 handling, topic and event sentences) runs on
    # from the title page to one more page, which holds only the rest of the summary.
    assert starts[0] == 2 and any(pages[1].startswith(flat(line)) for line in q4_deck.summary[1:])
    summary = "".join("".join(pages[: starts[0]]).split())  # a line may wrap after a dash
    assert all("".join(line.split()) in summary for line in q4_deck.summary)
    continued = [p for p in range(starts[0], len(pages)) if p not in starts]
    for page in continued:
        owner = q4_deck.exhibits[max(i for i, start in enumerate(starts) if start < page)]
        assert any(pages[page].startswith(flat(note).split(";")[0]) for note in owner.notes), page
    assert len(pages) == starts[0] + len(q4_deck.exhibits) + len(continued)


def test_quarterly_pdf_chart_page_is_drawn(render, q4_deck):
    document = pdfium.PdfDocument(render("quarterly", "2020Q4", "fi", "pdf"))
    pages = page_texts(document)
    title = "Palautteet tyypeittäin verrattuna vuotta aiempaan"
    page = next(i for i, text in enumerate(pages) if text.startswith(title))
    pixels = document[page].render(scale=1).to_numpy()[..., :3].astype(int)
    ink = (pixels < 235).any(axis=-1).mean()
    colour = (pixels.max(axis=-1) - pixels.min(axis=-1) > 60).mean()  # bars, not grey text
    assert ink > 0.05 and colour > 0.02, (ink, colour)
    blank = pdfium.PdfDocument.new()
    blank.new_page(*document[page].get_size())
    assert (blank[0].render(scale=1).to_numpy()[..., :3] < 235).any(axis=-1).mean() == 0


# --- the quarterly review as HTML in Swedish and English -------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "summary", "foreign"),
    [
        ("sv", "Hur lyckades vi? Q4/2020", "Sammanfattning", FINNISH_ONLY),
        ("en", "How did we do? Q4 2020", "Summary", FINNISH_ONLY + SWEDISH_ONLY),
    ],
)
def test_quarterly_html_is_translated(render, language, title, summary, foreign):
    document = render("quarterly", "2020Q4", language, "html").read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in document
    assert f"<title>{html.escape(title)}</title>" in document
    assert f"<h1>{html.escape(title)}</h1>" in document
    assert f"<h2>{summary}</h2>" in document
    for word in foreign:
        assert word not in document, word
    assert "Palautteet" not in document


def test_annual_report_title(render):
    document = render("annual", "2020", "fi", "html").read_text(encoding="utf-8")
    assert "<h1>Asiakastilinpäätös 2020</h1>" in document
    assert "<title>Asiakastilinpäätös 2020</title>" in document
    assert "1.1.2020–31.12.2020" in document
    assert "Palautteiden määrä kasvoi kolmanneksella vuodesta 2019." in document


# --- the weekly unit report, as PDF and by e-mail --------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Weekly:
    run: Run
    pdf: Path
    envelopes: list
    mine: dict[str, str]
    """Marker → feedback id of the unit's items in the week."""
    others: dict[str, str]


@pytest.fixture(scope="module")
def weekly(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Weekly:
    """The unit's weekly report for 2020-W50, written as PDF and sent to a local SMTP server.

    In a copy, each feedback item of the week gets a newer version of its open text (the demo's
    own texts are replaced): a marker, a phone number and an e-mail address. The report must
    mask them and list only the unit's own items.
    """
    folder = tmp_path_factory.mktemp("weekly")
    root = Path(shutil.copytree(demo_warehouse, folder / "warehouse"))
    reader = Warehouse(root).reader(Scope.everything())
    fb = reader.table("feedback")
    items = reader.fetch(
        select(fb.c.feedback_id, fb.c.received_at, fb.c.unit_id, fb.c.service_area_id).where(
            fb.c.year == 2020,
            fb.c.received_at >= datetime.combine(WEEK.start, datetime.min.time()),
            fb.c.received_at < datetime.combine(WEEK.end + timedelta(days=1), datetime.min.time()),
        )
    )
    items["marker"] = [f"TEKSTI{i:03d}" for i in range(len(items))]
    texts = pd.DataFrame(
        {
            "source": "feedback",
            "record_id": items["feedback_id"],
            "received_on": pd.to_datetime(items["received_at"]).dt.date,
            "unit_id": items["unit_id"],
            "service_area_id": items["service_area_id"],
            "text": [f"{m}: {RAW_CONTACT}." for m in items["marker"]],
        }
    )
    with WarehouseWriter(root).batch(source="test", file_name="t", sha256="0", imported_by="test") as batch:
        assert batch.add("open_text", texts, supersede=True) == len(texts)
    own = items["unit_id"] == UNIT
    mine = dict(zip(items.loc[own, "marker"], items.loc[own, "feedback_id"], strict=True))
    others = dict(zip(items.loc[~own, "marker"], items.loc[~own, "feedback_id"], strict=True))

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    environment = {
        "JOHDON_SMTP_HOST": "127.0.0.1",
        "JOHDON_SMTP_PORT": str(controller.port),
        "JOHDON_SMTP_SECURITY": "none",
        "JOHDON_SMTP_FROM": SENDER,
    }
    pdf = folder / "weekly.pdf"
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name in ("JOHDON_SMTP_USER", "JOHDON_SMTP_PASSWORD", "JOHDON_SMTP_TIMEOUT"):
                patch.delenv(name, raising=False)
            for name, value in environment.items():
                patch.setenv(name, value)
            run = report(
                "weekly", "--period", "2020-W50", "--unit", UNIT, "--lang", "fi", "--format", "pdf",
                "--out", pdf, "--warehouse", root, "--send", "--to", MANAGER,
            )  # fmt: skip
    finally:
        controller.stop()
    return Weekly(run, pdf, inbox.envelopes, mine, others)


def unit_scales(reader) -> int:
    """The button scales of the unit's quick feedback over the report's twelve weeks."""
    history = Period(WEEK.start - timedelta(weeks=11), WEEK.end)
    scales = run_query(reader, QuerySpec("response_count", history, unit=(UNIT,), group_by=("scale",)))
    return int((scales["n"] > 0).sum())


def received_message(weekly: Weekly) -> EmailMessage:
    [envelope] = weekly.envelopes
    assert envelope.mail_from == SENDER and envelope.rcpt_tos == [MANAGER]
    return message_from_bytes(envelope.original_content, policy=policy.default)


def test_weekly_report_is_written_and_sent(weekly, reader):
    assert weekly.run.code == 0, weekly.run.err
    views = 3 + unit_scales(reader)  # key figures, unit vs service, a distribution per scale, items
    assert unit_scales(reader) >= 1
    assert weekly.run.out.splitlines() == [
        f"report: wrote {weekly.pdf} ({views} views)",
        f"report: sent to {MANAGER}",
    ]
    assert len(weekly.mine) >= 2 and weekly.others  # the demo week has both kinds of items


def test_weekly_pdf_lists_only_the_units_masked_feedback(weekly):
    title = f"{UNIT_NAME}: viikkoraportti vko 50/2020"
    pages = page_texts(pdfium.PdfDocument(weekly.pdf))
    assert pages[0].startswith(title)
    text = " ".join(pages)
    assert "Saapuneet palautteet" in text
    assert sorted(m for m in weekly.mine if m in text) == sorted(weekly.mine)
    assert [m for m in weekly.others if m in text] == []
    assert text.count("[EMAIL]") == text.count("[PHONE]") == len(weekly.mine)
    assert not EMAIL.search(text) and "040 123 4567" not in text


def test_weekly_mail_has_html_inline_charts_text_and_pdf(weekly, reader):
    message = received_message(weekly)
    title = f"{UNIT_NAME}: viikkoraportti vko 50/2020"
    assert message["Subject"] == title
    assert message["From"] == SENDER and message["To"] == MANAGER

    body = message.get_body(preferencelist=("html",))
    document = body.get_content()
    assert f"<h1>{title}</h1>" in document
    cids = set(re.findall(r'src="cid:([^"]+)"', document))
    images = {
        part["Content-ID"].strip("<>"): part
        for part in message.walk()
        if part.get_content_maintype() == "image"
    }
    # The unit-vs-service chart and one answer distribution per button scale of the unit's history.
    assert len(cids) == 1 + unit_scales(reader)
    assert cids == set(images)
    for part in images.values():
        assert part.get_content_type() == "image/png"
        assert part.get_content().startswith(b"\x89PNG\r\n\x1a\n")
    visible = re.sub(r'src="cid:[^"]+"', "", document)
    assert sorted(m for m in weekly.mine if m in visible) == sorted(weekly.mine)
    assert [m for m in weekly.others if m in visible] == []
    assert "[EMAIL]" in visible and not EMAIL.search(visible)

    plain = message.get_body(preferencelist=("plain",)).get_content()
    assert plain.startswith(title) and "Saapuneet palautteet" in plain
    assert not EMAIL.search(plain)

    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{UNIT}-2020-W50.pdf"
    pdf = attachment.get_content()
    assert pdf.startswith(b"%PDF")
    assert page_texts(pdfium.PdfDocument(pdf))[0].startswith(title)


# --- errors ------------------------------------------------------------------------------------


@pytest.fixture
def smtp_environment(monkeypatch) -> None:
    monkeypatch.setenv("JOHDON_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("JOHDON_SMTP_FROM", SENDER)


WEEKLY = ("weekly", "--period", "2020-W50", "--unit", UNIT)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("quarterly", "--period", "2020Q5"),
            "'2020Q5' does not name the period of a quarterly report; write it like 2020Q4",
        ),
        (("weekly", "--period", "2020-W54", "--unit", UNIT), "'2020-W54': year 2020 has no such ISO week"),
        (("weekly", "--period", "2020-W50"), "a weekly report needs --unit"),
        (("weekly", "--period", "2020-W50", "--unit", "ter-atlantis"), "unknown unit 'ter-atlantis'"),
        (("quarterly", "--period", "2020Q4", "--unit", UNIT), "--unit belongs to the weekly report"),
        ((*WEEKLY, "--send"), "--send needs at least one --to address"),
        ((*WEEKLY, "--send", "--to", "esihenkilo"), "--to 'esihenkilo' is not an e-mail address"),
        (
            (*WEEKLY, "--send", "--to", MANAGER, "--to", "x@"),
            "--to 'x@' is not an e-mail address",
        ),
        (
            ("quarterly", "--period", "2020Q4", "--send", "--to", MANAGER),
            "--send mails the weekly report only",
        ),
    ],
)
def test_bad_arguments_exit_2_with_a_message(demo_warehouse, tmp_path, smtp_environment, argv, message):
    out = tmp_path / "report.pdf"
    run = report(*argv, "--out", out, "--warehouse", demo_warehouse)
    assert (run.code, run.out, run.err) == (2, "", f"report: {message}\n")
    assert not out.exists()


def test_send_without_smtp_settings_names_the_missing_variables(demo_warehouse, tmp_path, monkeypatch):
    for name in ("HOST", "PORT", "FROM", "SECURITY", "USER", "PASSWORD", "TIMEOUT"):
        monkeypatch.delenv(f"JOHDON_SMTP_{name}", raising=False)
    out = tmp_path / "report.pdf"
    run = report(*WEEKLY, "--send", "--to", MANAGER, "--out", out, "--warehouse", demo_warehouse)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("report: ") and run.err.count("\n") == 1
    assert "JOHDON_SMTP_HOST" in run.err and "JOHDON_SMTP_FROM" in run.err
    assert not out.exists()  # settings are checked before anything is rendered


def test_a_missing_warehouse_folder(tmp_path):
    missing = tmp_path / "ei-ole"
    run = report(*WEEKLY, "--out", tmp_path / "r.pdf", "--warehouse", missing)
    assert run.code == 2 and run.out == ""
    assert run.err == (
        f"report: no warehouse at {missing} (create one with: python cli.py demo --warehouse {missing})\n"
    )
    assert not missing.exists()
