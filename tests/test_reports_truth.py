"""Reports say only what is true (issue 10): like-for-like bases, partial periods, meaningful
changes, truthful marks and the national rule — on tiny hand-made warehouses, every expected
sentence written out by hand from the rows put in.

The happy index of four-button presses is 100 × mean(button) / 3; counts are compared as rates
per day. A warehouse's data "run to" its last day with data, so each one ends on the last day
of the period its tests treat as complete.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

import cli
import texts
from data_access.scope import Scope
from data_access.warehouse import Warehouse
from exhibits.source import WarehouseSource
from metrics.catalog import CATALOG
from metrics.findings import findings_of
from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from reports.periods import coverage
from reports.plain import deck_text
from reports.review import findings, review_deck, review_view, summary_sentences
from reports.rules import rule
from reports.sentences import sentence
from reports.weekly import weekly_deck
from tests.metrics_helpers import everything, presses, spread, write

Q4_2019 = Period(date(2019, 10, 1), date(2019, 12, 31))
Q4_2020 = Period(date(2020, 10, 1), date(2020, 12, 31))
YEAR_2018 = Period(date(2018, 1, 1), date(2018, 12, 31))
YEAR_2020 = Period(date(2020, 1, 1), date(2020, 12, 31))
YEAR_2021 = Period(date(2021, 1, 1), date(2021, 12, 31))
CHANGE_WORDS = ("nousi", "laski", "kasvoi", "väheni", "puolittui", "steg", "sjönk", "ökade", "minskade")


def source_of(warehouse: Warehouse) -> WarehouseSource:
    return WarehouseSource(warehouse, Scope.everything())


def summary_of(warehouse: Warehouse, period: Period, kind: str, language: str = "fi", **options):
    return review_deck(source_of(warehouse), period, kind, language, **options)


def run(*argv: object) -> tuple[int, str, str]:
    """``cli.py …`` in this process, with its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


# --- a channel that disappears, and one that appears --------------------------------------------


@pytest.fixture(scope="module")
def channels(tmp_path_factory) -> Warehouse:
    """Q4/2019: terminals at Kallio (index 16.7) and the app in home care (86.1); Q4/2020 the app only
    (86.9). Over both channels Q4/2019 was 51.4: the whole figures would "rise" 35.6 points."""
    rows = pd.concat(
        [
            spread({0: 60, 1: 60}, "kallio", "terminal", datetime(2019, 10, 1), 92, "t19"),
            spread({3: 90, 2: 20, 0: 10}, "kotihoito_ita", "app", datetime(2019, 10, 1), 92, "a19"),
            spread({3: 91, 2: 20, 0: 9}, "kotihoito_ita", "app", datetime(2020, 10, 1), 92, "a20"),
        ]
    )
    return write(tmp_path_factory.mktemp("channels"), quick_feedback=rows)


def test_a_channel_that_disappears_is_named_and_left_out_of_the_change(channels):
    spec = QuerySpec("happy_index", Q4_2020, compare="last_year")
    (finding,) = findings_of(run_query(everything(channels), spec), CATALOG["happy_index"], spec)
    # the app: (90·3 + 20·2) / 360 = 86.11 → (91·3 + 20·2) / 360 = 86.94, +0.8 at n = 120: no change
    assert finding.value_cmp == pytest.approx(100 * 310 / 360)
    assert finding.value_basis == pytest.approx(100 * 313 / 360)
    assert finding.kind == "no_change"
    assert [sentence(finding, None, Q4_2019, language) for language in ("fi", "sv", "en")] == [
        "Happy-indeksi: ei merkittävää muutosta vuoden 2019 4. neljänneksestä. Muutos laskettu vain näistä"
        " kanavista: Kotihoidon sovellus. Ei mukana: Pikapalautelaite (ei tietoja tältä jaksolta).",
        "Happy-indexet: ingen betydande förändring jämfört med kvartal 4 2019. Förändringen beräknad endast"
        " för dessa kanaler: Hemvårdens app. Inte med: Responsterminal (inga uppgifter för perioden).",
        "The happy index: no meaningful change compared with Q4 2019. Change computed only from these"
        " channels: Home-care app. Left out: Feedback terminal (no data this period).",
    ]


def test_the_review_reports_the_like_for_like_change_and_names_the_missing_channel(channels):
    deck = summary_of(channels, Q4_2020, "quarterly")
    assert (
        "Happy-indeksi: ei merkittävää muutosta vuoden 2019 4. neljänneksestä. Muutos laskettu vain näistä"
        " kanavista: Kotihoidon sovellus. Ei mukana: Pikapalautelaite (ei tietoja tältä jaksolta)."
    ) in deck.summary
    # the share positive has the same basis: said once in full, then by reference
    assert (
        "Myönteisten vastausten osuus: ei merkittävää muutosta vuoden 2019 4. neljänneksestä. Muutos"
        " laskettu samoin rajauksin kuin edellä."
    ) in deck.summary
    assert not any("35,6" in line or "nousi" in line for line in deck.summary)


def test_a_channel_new_in_the_period_is_left_out_and_the_values_are_the_basis(tmp_path):
    """2017 terminals only (77.8); 2018 terminals (88.9) and the new app (100): headline 94.4."""
    rows = pd.concat(
        [
            spread({3: 200, 1: 100}, "kallio", "terminal", datetime(2017, 1, 1), 365, "t17"),
            spread({3: 250, 1: 50}, "kallio", "terminal", datetime(2018, 1, 1), 365, "t18"),
            spread({3: 300}, "kotihoito_ita", "app", datetime(2018, 1, 1), 365, "a18"),
        ]
    )
    warehouse = write(tmp_path, quick_feedback=rows)
    spec = QuerySpec("happy_index", YEAR_2018, compare="last_year")
    (finding,) = findings_of(run_query(everything(warehouse), spec), CATALOG["happy_index"], spec)
    assert finding.value == pytest.approx(100 * 1700 / 1800)
    assert finding.kind == "rise"
    assert sentence(finding, None, 2017, "fi") == (
        "Happy-indeksi nousi 11,1 pistettä vuodesta 2017 (77,8 → 88,9). Muutos laskettu vain näistä"
        " kanavista: Pikapalautelaite. Ei mukana: Kotihoidon sovellus (ei tietoja vertailujaksolta)."
    )


def test_channels_swapped_between_the_periods_share_nothing_to_compare(tmp_path):
    """Q4/2019 terminals only (16.7), Q4/2020 the app only (86.9): not a rise of 70 points."""
    rows = pd.concat(
        [
            spread({0: 60, 1: 60}, "kallio", "terminal", datetime(2019, 10, 1), 92, "t19"),
            spread({3: 91, 2: 20, 0: 9}, "kotihoito_ita", "app", datetime(2020, 10, 1), 92, "a20"),
        ]
    )
    warehouse = write(tmp_path, quick_feedback=rows)
    spec = QuerySpec("happy_index", Q4_2020, compare="last_year")
    (finding,) = findings_of(run_query(everything(warehouse), spec), CATALOG["happy_index"], spec)
    assert (finding.kind, finding.reason, finding.delta) == ("not_assessed", "outside_basis", None)
    assert sentence(finding, None, Q4_2019, "fi") == (
        "Happy-indeksi: muutosta vuoden 2019 4. neljänneksestä ei arvioida, koska vertailukelpoisia tietoja"
        " ei ole molemmilta jaksoilta. Muutosta ei voi laskea: millään kanavalla ei ole vertailukelpoisia"
        " tietoja molemmilta jaksoilta (Kotihoidon sovellus (ei tietoja vertailujaksolta), Pikapalautelaite"
        " (ei tietoja tältä jaksolta))."
    )


# --- a unit that opens mid-year -------------------------------------------------------------------


def test_a_unit_that_opens_mid_year_is_left_out_of_its_service_comparison(tmp_path):
    """Kallio 2019 (100 × 3, 20 × 0: 83.3) and 2020 (115 × 3, 5 × 0: 95.8); Malmi opens 1.7.2020 (0)."""
    rows = pd.concat(
        [
            spread({3: 100, 0: 20}, "kallio", "terminal", datetime(2019, 1, 1), 365, "k19"),
            spread({3: 115, 0: 5}, "kallio", "terminal", datetime(2020, 1, 1), 366, "k20"),
            spread({0: 120}, "malmi", "terminal", datetime(2020, 7, 1), 184, "m20"),
        ]
    )
    deck = summary_of(write(tmp_path, quick_feedback=rows), YEAR_2020, "annual")
    # the health stations' change on Kallio alone; the service's whole figure (47.9) is not compared
    assert (
        "Happy-indeksi (Terveysasemat) nousi 12,5 pistettä vuodesta 2019 (83,3 → 95,8). Vertailussa vain"
        " yksiköt, joilta on tietoja molemmilta jaksoilta: yksi yksikkö ei mukana (ei tietoja"
        " vertailujaksolta)."
    ) in deck.summary
    # the city is no list: all its units count, and its fall (83.3 → 345 / 720 = 47.9) is real
    assert "Happy-indeksi laski 35,4 pistettä vuodesta 2019 (83,3 → 47,9)." in deck.summary


# --- a partial year against a full one ----------------------------------------------------------


def _feedback(start: date, days: int, per_day: int, tag: str) -> pd.DataFrame:
    received = [
        datetime.combine(start + timedelta(days=d), datetime.min.time()) + timedelta(hours=9 + k)
        for d in range(days)
        for k in range(per_day)
    ]
    return pd.DataFrame(
        {
            "feedback_id": [f"{tag}-{i}" for i in range(len(received))],
            "received_at": received,
            "service_area_id": "tpp",
            "feedback_type": "moite",
            "category": "Hoitoonpääsy",
            "channel": "web",
            "language": "fin",
            "contact_requested": False,
            "status": "closed",
        }
    )


@pytest.fixture(scope="module")
def partial_year(tmp_path_factory) -> Path:
    """Two feedback items a day in all of 2020 and in 1.1.–31.3.2021 (the data end there)."""
    root = tmp_path_factory.mktemp("partial") / "wh"
    write(
        root,
        feedback=pd.concat(
            [_feedback(date(2020, 1, 1), 366, 2, "y20"), _feedback(date(2021, 1, 1), 90, 2, "y21")]
        ),
    )
    return root


def test_a_partial_year_is_compared_on_the_same_days_and_the_first_page_says_so(partial_year):
    warehouse = Warehouse(partial_year)
    fi = summary_of(warehouse, YEAR_2021, "annual")
    assert fi.subtitle.endswith(
        "Tiedot ulottuvat 31.3.2021 asti: vertailut koskevat samoja päiviä 1.1.–31.3.2021 vs 1.1.–31.3.2020."
    )
    # 180 items in 90 days against 182 in 91 (2020 is a leap year): no change, not "fell by 3/4"
    assert (
        "Palautteiden määrä: ei merkittävää muutosta jaksolla 1.1.–31.3.2021 verrattuna jaksoon"
        " 1.1.–31.3.2020."
    ) in fi.summary
    sv = summary_of(warehouse, YEAR_2021, "annual", "sv")
    assert sv.subtitle.endswith(
        "Uppgifterna sträcker sig till 31.3.2021: jämförelserna gäller samma dagar 1.1.–31.3.2021 mot"
        " 1.1.–31.3.2020."
    )
    assert (
        "Antalet responser: ingen betydande förändring under 1.1.–31.3.2021 jämfört med 1.1.–31.3.2020."
    ) in sv.summary
    for line in (*fi.summary, *sv.summary):
        assert not any(word in line for word in CHANGE_WORDS), line
        assert "vuodesta 2020" not in line and "jämfört med 2020" not in line, line


def test_coverage_of_a_period_the_data_reach_in_part_wholly_or_not_at_all(partial_year):
    source = source_of(Warehouse(partial_year))
    year = coverage(source, YEAR_2021, "last_year")
    assert (year.complete, year.through) == (False, date(2021, 3, 31))
    assert coverage(source, YEAR_2020, "last_year").complete
    later = coverage(source, Period(date(2021, 4, 1), date(2021, 6, 30)), "last_year")
    assert later.note("fi") == "Jaksolta ei ole tietoja: tiedot ulottuvat 31.3.2021 asti."
    week = coverage(source, Period(date(2021, 3, 29), date(2021, 4, 4)), "previous")
    assert week.note("en") == (
        "Data run to 31/03/2021: comparisons cover equally long stretches, 29/03–31/03/2021 vs"
        " 22/03–24/03/2021."
    )


def test_cli_report_on_a_partial_period_writes_and_exits_5(partial_year, tmp_path):
    out = tmp_path / "annual-2021.html"
    code, stdout, stderr = run(
        "report", "annual", "--period", "2021", "--format", "html", "--out", out, "--warehouse", partial_year
    )
    assert code == 5, stderr
    assert stdout.startswith(f"report: wrote {out} (")
    assert (
        stderr == "report: the data do not cover the whole period (to 2021-12-31): they run to 2021-03-31\n"
    )
    document = out.read_text(encoding="utf-8")
    assert "Tiedot ulottuvat 31.3.2021 asti: vertailut koskevat samoja päiviä" in document
    assert "väheni" not in document
    help_text = io.StringIO()
    with contextlib.redirect_stdout(help_text), pytest.raises(SystemExit):
        cli.main(["report", "--help"])
    assert "5 written (and sent) but the data do not cover the whole period" in " ".join(
        help_text.getvalue().split()
    )


# --- a significant tenth of a point at half a million answers -----------------------------------


def test_a_significant_tenth_of_a_point_is_a_small_change_in_the_review(tmp_path):
    rows = pd.concat(
        [
            spread({3: 398_000, 2: 102_000}, "kallio", "terminal", datetime(2019, 1, 1), 365, "a"),
            spread({3: 400_000, 2: 100_000}, "kallio", "terminal", datetime(2020, 1, 1), 366, "b"),
        ]
    )
    warehouse = write(tmp_path, quick_feedback=rows)
    spec = QuerySpec("happy_index", YEAR_2020, compare="last_year", public=True)
    row = run_query(everything(warehouse), spec).iloc[0]
    assert row["p_value"] < 1e-5 and row["delta"] == pytest.approx(0.4 / 3)
    # the review's summary as review_deck words it (its exhibits are not needed here)
    with texts.use_language("fi"):
        view = review_view(source_of(warehouse), YEAR_2020)
        said = summary_sentences(findings(view), YEAR_2020.last_year(), "fi", view.name_of)
    assert "Happy-indeksi: pieni muutos vuodesta 2019 (+0,1), alle merkittävän rajan 1,0." in said
    assert not any(line.startswith("Happy-indeksi (") for line in said)  # no service named


# --- hidden cells, a survey that did not run, the national rule ----------------------------------


@pytest.fixture(scope="module")
def public_quarter(tmp_path_factory) -> Warehouse:
    """Ombudsman contacts on 31.12.: Q4/2020 health 4, social 18 (hidden beside the 4), both 181;
    Q4/2019 10, 20 and 170. The NPS survey runs in Q4/2020 only (30 × 10, 10 × 8, 10 × 3 → 40).
    Kallio's terminal gets 7 presses (5 × 3, 2 × 2) on 31.12. of both years."""

    def contacts(day: date, sector: str, count: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "contact_id": [f"{day.year}-{sector}-{i}" for i in range(count)],
                "contacted_on": day,
                "sector": sector,
                "matters": 1,
                "service_area_id": "tpp",
            }
        )

    end_2019, end_2020 = date(2019, 12, 31), date(2020, 12, 31)
    ombudsman = pd.concat(
        [
            contacts(end_2020, "health", 4),
            contacts(end_2020, "social", 18),
            contacts(end_2020, "both", 181),
            contacts(end_2019, "health", 10),
            contacts(end_2019, "social", 20),
            contacts(end_2019, "both", 170),
        ]
    )
    values = [10] * 30 + [8] * 10 + [3] * 10
    survey = pd.DataFrame({"survey_id": ["thl"], "name_fi": ["THL"], "name_sv": ["THL"], "name_en": ["THL"]})
    items = pd.DataFrame(
        {
            "item_id": ["suosittelu"],
            "survey_id": ["thl"],
            "text_fi": ["Suosittelisin"],
            "scale_min": [0],
            "scale_max": [10],
            "kind": ["nps"],
        }
    )
    answers = pd.DataFrame(
        {
            "response_id": [f"r{i}" for i in range(len(values))],
            "item_id": "suosittelu",
            "value": values,
            "answered_on": end_2020,
            "unit_id": "kallio",
        }
    )
    quick = pd.concat(
        [
            presses({3: 5, 2: 2}, unit="kallio", start=datetime(2019, 12, 31, 8)),
            presses({3: 5, 2: 2}, unit="kallio", start=datetime(2020, 12, 31, 8)),
        ]
    )
    return write(
        tmp_path_factory.mktemp("public"),
        ombudsman_contact=ombudsman,
        survey=survey,
        survey_item=items,
        survey_answer=answers,
        quick_feedback=quick,
    )


def test_a_complementary_hidden_count_is_said_to_protect_a_small_one(public_quarter):
    spec = QuerySpec("ombudsman_contacts", Q4_2020, group_by=("sector",), compare="last_year", public=True)
    frame = run_query(everything(public_quarter), spec)
    found = dict(zip(frame["sector"], findings_of(frame, CATALOG["ombudsman_contacts"], spec), strict=True))
    assert (found["social"].reason, found["social"].mark) == ("hidden", "protected")
    assert sentence(found["social"], "Asiamiehen yhteydenotot (sosiaalihuolto)", Q4_2019, "fi") == (
        "Asiamiehen yhteydenotot (sosiaalihuolto): luku piilotettu pienen luvun suojaamiseksi."
    )
    assert sentence(found["social"], None, Q4_2019, "sv") == (
        "Antalet kontakter till ombudsmannen: talet är dolt för att skydda ett litet tal."
    )
    assert sentence(found["health"], "Asiamiehen yhteydenotot (terveydenhuolto)", Q4_2019, "fi") == (
        "Asiamiehen yhteydenotot (terveydenhuolto): luku piilotettu, koska havaintoja on alle 5."
    )
    # the 181 is shown and compared (170 → 181: +6 %, not significant)
    assert found["both"].kind == "no_change"


@pytest.fixture(scope="module")
def public_review(public_quarter):
    return summary_of(public_quarter, Q4_2020, "quarterly")


def test_the_public_review_marks_the_18_as_protected_with_a_legend(public_review):
    [exhibit] = [e for e in public_review.exhibits if e.key == "rv_ombudsman"]
    assert exhibit.n == 203  # the page's n is the true n, 4 + 18 + 181
    rows = [" | ".join(map(str, row)) for row in exhibit.table.itertuples(index=False)]
    [social] = [row for row in rows if row.startswith("sosiaalihuolto")]
    assert "suojattu" in social and "n < 5" not in social and "18" not in social
    assert "suojattu = piilotettu pienen luvun suojaamiseksi" in exhibit.legend
    text = deck_text(public_review)
    assert "Merkinnät: " in text and "suojattu = piilotettu pienen luvun suojaamiseksi" in text
    # the city's total is true and compared: 203 against 200
    assert (
        "Asiamiehen yhteydenottojen määrä: ei merkittävää muutosta vuoden 2019 4. neljänneksestä."
        in public_review.summary
    )


def test_a_survey_that_did_not_run_in_the_comparison_period_is_said_so(public_review, public_quarter):
    assert (
        "Suositteluindeksi (NPS): muutosta vuoden 2019 4. neljänneksestä ei arvioida, koska kysymystä ei"
        " kysytty vertailujaksolla."
    ) in public_review.summary
    assert not any("alle 5" in line for line in public_review.summary if line.startswith("Suositteluindeksi"))
    sv = summary_of(public_quarter, Q4_2020, "quarterly", "sv")
    assert (
        "Rekommendationsindexet (NPS): förändringen jämfört med kvartal 4 2019 bedöms inte eftersom frågan"
        " inte ställdes under jämförelseperioden."
    ) in sv.summary


def test_the_national_rule_hides_cells_under_ten_answers(public_quarter, public_review):
    # standard public rule: 7 presses are shown; their change (86.7 → 86.7) is no change
    assert "Happy-indeksi: ei merkittävää muutosta vuoden 2019 4. neljänneksestä." in public_review.summary
    national = summary_of(public_quarter, Q4_2020, "quarterly", under=rule("national", public=True))
    assert "Happy-indeksi: luku piilotettu, koska havaintoja on alle 10." in national.summary
    assert not any("86,7" in line for line in national.summary)


def test_cli_query_national_rule(public_quarter):
    argv = ("query", "happy_index", "--warehouse", public_quarter.root, "--from", "2020-10-01", "--to")
    code, out, _ = run(*argv, "2020-12-31")
    assert code == 0
    [standard] = json.loads(out)
    assert standard["value"] == pytest.approx(100 * 19 / 21) and standard["mark"] is None
    code, out, _ = run(*argv, "2020-12-31", "--rule", "national")
    [national] = json.loads(out)
    assert code == 0 and national["value"] is None and national["mark"] == "small" and national["n"] == 7
    with contextlib.redirect_stderr(io.StringIO()) as err, pytest.raises(SystemExit) as exit_:
        cli.main([*map(str, argv), "2020-12-31", "--rule", "regional"])
    assert exit_.value.code == 2 and "invalid choice: 'regional'" in err.getvalue()


# --- the weekly summary says what its cards say --------------------------------------------------


def test_the_weekly_summary_agrees_with_its_card(tmp_path):
    """2019-W49 at Kallio: 60 × 3, 40 × 2 (86.7); W50: 75 × 3, 25 × 2 (91.7): +5.0 with p ≈ 0.02, a
    real change on its own; tested among the report's four figures it would not survive BH."""
    rows = pd.concat(
        [
            presses({3: 60, 2: 40}, unit="kallio", start=datetime(2019, 12, 8, 8)),
            presses({3: 75, 2: 25}, unit="kallio", start=datetime(2019, 12, 15, 8)),
        ]
    )
    warehouse = write(tmp_path, quick_feedback=rows)
    week = Period(date(2019, 12, 9), date(2019, 12, 15))
    spec = QuerySpec("happy_index", week, unit=("kallio",), compare="previous")
    row = run_query(everything(warehouse), spec).iloc[0]
    assert 0.05 / 4 < row["p_value"] < 0.05 and row["change"] == "rise"
    deck = weekly_deck(WarehouseSource(warehouse, Scope.of_units(["kallio"])), "kallio", week, "fi")
    assert deck.summary[0] == "Happy-indeksi nousi 5,0 pistettä jaksosta 2.12.2019–8.12.2019 (86,7 → 91,7)."
    [card] = [k for e in deck.exhibits for k in e.kpis if k.name == CATALOG["happy_index"].name("fi")]
    assert "merkittävä nousu" in card.comparison
