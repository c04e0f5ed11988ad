"""The seed reports' tables from raw rows (issue 12): the influenza table of seed 002 and seed 000
Table 3 from the demo warehouse by the report code; a statement table with its change column on
hand-made answers; events drawn on a trend chart and named in a report; the CLI's user errors."""

from __future__ import annotations

import os
from datetime import date

import pandas as pd
import pypdfium2 as pdfium
import pytest

import cli
import texts
from data_access.demo.feedback import INFLUENZA_2019, INFLUENZA_2020
from data_access.events import Event, EventError, add_events
from data_access.scope import Scope
from data_access.store import WarehouseWriter
from data_access.warehouse import Warehouse
from exhibits import build, seed_tables
from exhibits.events import events_sentence
from exhibits.model import Deck, Exhibit
from exhibits.source import WarehouseSource
from figures import charts
from metrics.spec import Period
from reports.pdf import deck_pdf
from reports.review import fact_sentences, review_view
from reports.rules import rule
from tests.ui_helpers import build_warehouse

Q4_2020 = Period(date(2020, 10, 1), date(2020, 12, 31))
YEAR_2018 = Period(date(2018, 1, 1), date(2018, 12, 31))
TYPES = ("kiitos", "moite", "idea", "kysymys")


@pytest.fixture(scope="module")
def demo_source(demo_warehouse):
    return WarehouseSource(Warehouse(demo_warehouse), Scope.everything())


def _rows(table: pd.DataFrame) -> dict[str, dict[str, str]]:
    first = table.columns[0]
    return {row[first]: row.drop(first).to_dict() for _, row in table.iterrows()}


def test_influenza_table_is_seed_002_table_1_cell_for_cell(demo_source):
    with texts.use_language("fi"):
        view = review_view(demo_source, Q4_2020, rule("internal", public=True))
        assert seed_tables.rising_topics(view)[0] == "influenssarokotus"
        table = seed_tables.topic_tables(view)[0]
    rows = _rows(table.table)
    assert list(table.table.columns) == ["Palauteluokka", *TYPES, "yht. Q4/2020", "yht. Q4/2019"]
    for category, counts in INFLUENZA_2020.items():
        assert [rows[category][f] for f in TYPES] == [str(c) for c in counts], category
        assert rows[category]["yht. Q4/2020"] == str(sum(counts))
        assert rows[category]["yht. Q4/2019"] == str(INFLUENZA_2019[category])
    assert [rows["Yhteensä"][f] for f in TYPES] == ["123", "241", "44", "108"]
    assert (rows["Yhteensä"]["yht. Q4/2020"], rows["Yhteensä"]["yht. Q4/2019"]) == ("516", "95")
    assert "516 (Q4/2019: 95)" in table.intro and "23\u00a0%" in table.intro


def test_public_influenza_table_hides_counts_under_five_but_keeps_the_totals(demo_source):
    with texts.use_language("fi"):
        table = seed_tables.topic_tables(review_view(demo_source, Q4_2020))[0].table
    rows = _rows(table)
    assert rows["Tasa-arvo"]["kysymys"] == "n < 5"
    assert rows["Hoitoonpääsy"]["moite"] == "78"
    assert (rows["Yhteensä"]["yht. Q4/2020"], rows["Yhteensä"]["yht. Q4/2019"]) == ("516", "95")


def test_quarterly_sentences_state_handling_target_topic_and_the_terminal_removal(demo_source):
    with texts.use_language("fi"):
        said = fact_sentences(review_view(demo_source, Q4_2020))
    assert said[0].startswith("Palautteiden keskimääräinen käsittelyaika oli 4 vrk (2,9 arkipäivää)")
    assert "tavoiteajassa eli 5 arkipäivässä" in said[0]
    assert any("Influenssarokotuksia koskevia palautteita oli 516" in line for line in said)
    assert "16.3.2020–31.8.2022 Pikapalautelaitteet pois asiakaskäytöstä (korona)" in said[-1]


def test_seed_000_table_3_from_the_demo(demo_source):
    with texts.use_language("fi"):
        table = seed_tables.complaints_by_area(
            review_view(demo_source, YEAR_2018, rule("internal", True))
        ).table
        public = _rows(seed_tables.complaints_by_area(review_view(demo_source, YEAR_2018)).table)
    assert (public["Yhteensä"]["2016"], public["Yhteensä"]["2017"]) == ("576", "531")
    assert public["Henkilöstö- ja kehittämispalvelut"]["2016"] == "n < 5"
    rows = _rows(table)
    assert list(table.columns) == ["Palvelukokonaisuus", "2016", "2017", "2018"]
    assert rows["Perhe- ja sosiaalipalvelut"]["2017"] == "108"
    assert rows["Sairaala-, kuntoutus- ja hoivapalvelut"]["2017"] == "117"
    assert rows["Terveys- ja päihdepalvelut"]["2017"] == "306"
    assert (rows["Yhteensä"]["2016"], rows["Yhteensä"]["2017"]) == ("576", "531")
    assert rows["Muutoksenhaut"]["2017"] == "145"


def _survey_warehouse(root) -> Warehouse:
    warehouse = build_warehouse(root)
    items = pd.DataFrame(
        {
            "item_id": ["s-a", "s-b"],
            "survey_id": ["kysely", "kysely"],
            "text_fi": ["Sain apua", "Minua kuultiin"],
            "scale_min": [1, 1],
            "scale_max": [5, 5],
            "kind": ["likert", "likert"],
        }
    )
    answers = []
    both = [4] * 20 + [5] * 20
    for year, values in (
        (2019, {"s-a": [3, 4] * 20, "s-b": both}),
        (2020, {"s-a": [5] * 30 + [4] * 10, "s-b": both}),
    ):
        for item, numbers in values.items():
            answers += [
                {
                    "response_id": f"{year}-{at}",
                    "item_id": item,
                    "unit_id": "kallio",
                    "answered_on": date(year, 11, 1 + at % 20),
                    "value": float(v),
                    "language": "fin",
                    "channel": "web",
                }
                for at, v in enumerate(numbers)
            ]
    with WarehouseWriter(root).batch(source="t", file_name="s", sha256="s" * 64, imported_by="t") as batch:
        batch.add(
            "survey",
            pd.DataFrame(
                {"survey_id": ["kysely"], "name_fi": ["Kysely"], "name_sv": ["Enkät"], "name_en": ["Survey"]}
            ),
        )
        batch.add("survey_item", items)
        batch.add("survey_answer", pd.DataFrame(answers))
    warehouse.refresh()
    return warehouse


def test_statement_table_has_both_years_the_change_and_its_assessment(tmp_path):
    source = WarehouseSource(_survey_warehouse(tmp_path / "wh"), Scope.everything())
    with texts.use_language("fi"):
        exhibit = seed_tables.statement_tables(review_view(source, Q4_2020, rule("internal", public=True)))[0]
    rows = _rows(exhibit.table)
    assert exhibit.title == "Kysely: väittämien keskiarvot Q4/2020/Q4/2019 (asteikko 1–5)"
    assert rows["Sain apua"]["Keskiarvo Q4/2020"] == "4,75"
    assert rows["Sain apua"]["Keskiarvo Q4/2019"] == "3,50"
    assert rows["Sain apua"]["Muutos"] == "+1,25"
    assert "merkittävä nousu" in rows["Sain apua"]["Arvio muutoksesta"]
    assert (rows["Minua kuultiin"]["Muutos"], rows["Minua kuultiin"]["n"]) == ("±0,00", "40")
    assert rows["Minua kuultiin"]["Arvio muutoksesta"] == "ei merkittävää muutosta"
    assert exhibit.intro.startswith("Kysely: 40 vastaajaa (Q4/2019: 40). Asteikko 1–5")


def _event_warehouse(root) -> Warehouse:
    warehouse = build_warehouse(root)
    add_events(
        root,
        [
            Event(
                starts_on=date(2017, 2, 15),
                kind="channel",
                text_fi="Laitteet vaihdettiin",
                text_sv="Nya terminaler",
            ),
            Event(
                starts_on=date(2017, 3, 1),
                kind="other",
                scope="unit",
                scope_id="malmi",
                text_fi="Malmin remontti",
            ),
        ],
        imported_by="test",
    )
    warehouse.refresh()
    return warehouse


def test_events_are_drawn_on_a_trend_chart_and_named_in_a_report(tmp_path):
    source = WarehouseSource(_event_warehouse(tmp_path / "wh"), Scope.everything())
    period = Period(date(2017, 1, 1), date(2017, 3, 31))
    with texts.use_language("fi"):
        view = review_view(source, period)
        exhibit = build.trend(view, "response_count", "t")
        lines = [s for s in exhibit.figure.layout.shapes if s.name == "event"]
        labels = [a.text for a in exhibit.figure.layout.annotations if a.name == "event"]
        said = events_sentence(view, date(2016, 1, 1), period.end)
    assert [(s.x0, s.x1) for s in lines] == [("helmi 2017", "helmi 2017")]
    assert labels == ["Laitteet vaihdettiin"]
    assert any("helmi 2017 Laitteet vaihdettiin" in note for note in exhibit.notes)
    assert said == "Vertailujaksoihin osuvat tapahtumat: 15.2.2017 Laitteet vaihdettiin."
    with texts.use_language("sv"):
        assert "15.2.2017 Nya terminaler" in events_sentence(view, date(2016, 1, 1), period.end)


def test_an_event_outside_the_organisation_is_refused(tmp_path):
    build_warehouse(tmp_path / "wh")
    with pytest.raises(EventError, match="unknown unit 'nowhere'"):
        add_events(
            tmp_path / "wh", [Event(date(2017, 1, 1), "other", "x", scope="unit", scope_id="nowhere")], "t"
        )
    with pytest.raises(EventError, match="ends"):
        add_events(tmp_path / "wh", [Event(date(2017, 1, 2), "other", "x", ends_on=date(2017, 1, 1))], "t")


def test_close_bar_values_are_written_apart_on_an_exported_chart():
    frame = pd.DataFrame(
        {"label": ["A", "A"], "series": ["2020", "2019"], "value": [111.0, 101.0], "n": [111, 101]}
    )
    figure = charts.for_presentation(charts.bar_chart(frame, "label", "t", series="series", horizontal=True))
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [list(b.text) for b in bars] == [["111,0"], ["101,0"]]
    assert figure.layout.barmode == "group"


def test_numbers_use_the_typographic_minus():
    assert texts.number(-2.5, 1, "fi") == "\u22122,5"
    assert texts.percent(-3.0, 0, "en") == "\u22123%"


SAMI = "Sámi: á č đ ŋ š ŧ ž · koltansaame: â ʒ ǯ ǧ ǥ ǩ ǩ õ ʹ å"


def test_sami_letters_come_back_out_of_the_pdf():
    exhibit = Exhibit(key="s", title=SAMI, table=pd.DataFrame({"kieli": ["sms"], "teksti": [SAMI]}))
    pdf = pdfium.PdfDocument(
        deck_pdf(Deck(title="Sámegiella", subtitle="", language="fi", exhibits=(exhibit,)))
    )
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    for letter in "áčđŋšŧžâʒǯǧǥǩõå":
        assert letter in text, letter


@pytest.fixture(scope="module")
def tiny_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli") / "wh"
    build_warehouse(root)
    return root


@pytest.mark.parametrize(
    ("out", "fmt", "message"),
    [
        ("missing-folder/r.pdf", "pdf", "--out folder"),
        ("r.pptx", "pdf", "does not end in .pdf"),
        ("r.pdf", "pptx", "does not end in .pptx"),
        ("", "pdf", "is a folder"),
    ],
)
def test_report_out_errors_exit_2_before_rendering(tiny_root, tmp_path, capsys, out, fmt, message):
    target = tmp_path / out
    code = cli.main(
        [
            "report",
            "annual",
            "--period",
            "2017",
            "--format",
            fmt,
            "--out",
            str(target),
            "--warehouse",
            str(tiny_root),
        ]
    )
    error = capsys.readouterr().err.strip()
    assert code == 2 and message in error and len(error.splitlines()) == 1
    assert not (tmp_path / "missing-folder").exists() and not target.is_file()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_report_unwritable_out_exits_2(tiny_root, tmp_path, capsys):
    target = tmp_path / "r.pdf"
    target.write_bytes(b"")
    target.chmod(0o400)
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    code = cli.main(
        [
            "report",
            "annual",
            "--period",
            "2017",
            "--out",
            str(folder / "r.pdf"),
            "--warehouse",
            str(tiny_root),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "not writable" in err


def test_query_by_an_unknown_dimension_exits_2(tiny_root, capsys):
    code = cli.main(
        [
            "query",
            "feedback_count",
            "--warehouse",
            str(tiny_root),
            "--from",
            "2017-01-01",
            "--to",
            "2017-12-31",
            "--by",
            "colour",
        ]
    )
    error = capsys.readouterr().err.strip()
    assert code == 2 and "cannot be grouped --by 'colour'" in error and len(error.splitlines()) == 1


def _add_event(root, *arguments: str) -> int:
    """``cli.py events add`` of a channel event on 1.2.2017 with ``arguments`` added."""
    add = ["events", "add", "--warehouse", str(root), "--date", "2017-02-01", "--kind", "channel"]
    return cli.main([*add, *arguments])


def test_events_cli_adds_and_lists(tmp_path, capsys):
    root = tmp_path / "wh"
    build_warehouse(root)
    assert _add_event(root, "--text-fi", "Uusi kanava") == 0
    assert _add_event(root, "--scope", "unit", "--id", "x", "--text-fi", "y") == 2  # no such unit
    capsys.readouterr()
    assert cli.main(["events", "list", "--warehouse", str(root)]) == 0
    listed = capsys.readouterr().out.strip().splitlines()
    assert len(listed) == 1 and listed[0].split("\t")[1:] == [
        "2017-02-01",
        "",
        "all",
        "channel",
        "Uusi kanava",
    ]
