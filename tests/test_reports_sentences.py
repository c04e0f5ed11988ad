"""Generated report sentences match the statistics of a hand-made warehouse (issues 6 and 10).

The warehouse holds feedback of 2019 and 2020: 300 → 400 at the health stations (a significant
rise by a third), 50 → 53 at the dental clinics (no significant change), 4 → 3 in home care (a
count public tables hide), and quick-feedback presses at Kallio (a significant rise of the happy
index and of the share positive), Malmi (too few presses in 2019) and home care (too few in 2020);
one press at the dental clinic on 31.12.2020 makes the quick feedback cover the whole year.
The classification is ``run_query``'s; these tests pin the words said of it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from scipy import stats

import texts
from metrics.catalog import CATALOG
from metrics.findings import Finding, find, findings_of, top_groups
from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from reports.sentences import sentence, summary
from tests.metrics_helpers import everything, presses, write

YEAR_2020 = Period(date(2020, 1, 1), date(2020, 12, 31))
TODAY = date(2021, 6, 1)
LANGUAGES = ("fi", "sv", "en")
NBSP = "\xa0"


def _feedback(unit: str, year: int, count: int, category: str = "Hoitoonpääsy") -> pd.DataFrame:
    """``count`` items spread over the whole ``year`` (the last on 31 December: the data cover it)."""
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    step = timedelta(hours=days * 24 / count)
    start = datetime(year, 1, 1, 8)
    return pd.DataFrame(
        {
            "feedback_id": [f"{unit}-{year}-{category}-{i}" for i in range(count)],
            "received_at": [start + i * step for i in range(count)],
            "unit_id": unit,
            "feedback_type": "moite",
            "category": category,
        }
    )


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    feedback = pd.concat(
        [
            _feedback("kallio", 2019, 300),
            _feedback("kallio", 2020, 360),
            _feedback("kallio", 2020, 40, category="Takaisinsoitto"),
            _feedback("kamppi_hammas", 2019, 50),
            _feedback("kamppi_hammas", 2020, 53, category="Palvelun nopeus"),
            _feedback("kotihoito_ita", 2019, 4),
            _feedback("kotihoito_ita", 2020, 3, category="Viestintä"),
        ]
    )
    quick = pd.concat(
        [
            presses({0: 20, 1: 40, 2: 80, 3: 60}, unit="kallio", start=datetime(2019, 3, 1, 8)),
            presses({0: 8, 1: 32, 2: 80, 3: 80}, unit="kallio", start=datetime(2020, 3, 1, 8)),
            presses({2: 1, 3: 2}, unit="malmi", start=datetime(2019, 3, 1, 8)),
            presses({1: 2, 2: 4, 3: 4}, unit="malmi", start=datetime(2020, 3, 1, 8)),
            presses({0: 1, 1: 1, 2: 1, 3: 5}, unit="kotihoito_ita", start=datetime(2019, 3, 1, 8)),
            presses({2: 1, 3: 2}, unit="kotihoito_ita", start=datetime(2020, 3, 1, 8)),
            presses({3: 1}, unit="kamppi_hammas", start=datetime(2020, 12, 31, 8)),
        ]
    )
    return everything(write(tmp_path_factory.mktemp("sentences"), feedback=feedback, quick_feedback=quick))


def _finding(reader, metric: str, **filters) -> Finding:
    spec = QuerySpec(metric, YEAR_2020, compare="last_year", **filters)
    frame = run_query(reader, spec, today=TODAY)
    assert len(frame) == 1
    return findings_of(frame, CATALOG[metric], spec)[0]


def _sentences(finding: Finding, subjects: tuple[str | None, str | None, str | None] = (None, None, None)):
    return [
        sentence(finding, subject, 2019, language)
        for subject, language in zip(subjects, LANGUAGES, strict=True)
    ]


def test_a_significant_rise_by_a_third(reader):
    finding = _finding(reader, "feedback_count", service=("terveysasemat",))
    assert (finding.kind, finding.value, finding.value_cmp, finding.delta) == ("rise", 400, 300, 100)
    # counts are compared as Poisson rates: 2020 has 366 days, 2019 has 365
    assert finding.relative == pytest.approx((400 / 366) / (300 / 365) - 1)
    expected_p = stats.binomtest(400, 700, 366 / 731).pvalue
    assert finding.p_value == pytest.approx(expected_p)
    assert finding.q_value == finding.p_value < 0.001
    assert finding.improved is None  # more feedback is neither better nor worse
    assert _sentences(finding) == [
        "Palautteiden määrä kasvoi kolmanneksella vuodesta 2019.",
        "Antalet responser ökade med en tredjedel jämfört med 2019.",
        "The number of feedback items rose by a third compared with 2019.",
    ]
    subjects = (
        "Terveysasemien palautteiden määrä",
        "Antalet responser om hälsostationerna",
        "Feedback on health stations",
    )
    assert (
        _sentences(finding, subjects)[0]
        == "Terveysasemien palautteiden määrä kasvoi kolmanneksella vuodesta 2019."
    )
    assert (
        _sentences(finding, subjects)[2] == "Feedback on health stations rose by a third compared with 2019."
    )


def test_a_change_that_is_not_significant(reader):
    finding = _finding(reader, "feedback_count", service=("hammashoitolat",))
    assert (finding.kind, finding.value, finding.value_cmp) == ("no_change", 53, 50)
    assert finding.p_value == pytest.approx(stats.binomtest(53, 103, 366 / 731).pvalue)
    assert finding.p_value > 0.5
    assert _sentences(finding) == [
        "Palautteiden määrä: ei merkittävää muutosta vuodesta 2019.",
        "Antalet responser: ingen betydande förändring jämfört med 2019.",
        "The number of feedback items: no meaningful change compared with 2019.",
    ]


def test_a_count_hidden_in_public_tables(reader):
    finding = _finding(reader, "feedback_count", unit=("kotihoito_ita",), public=True)
    assert (finding.kind, finding.reason, finding.mark) == ("not_assessed", "hidden", "small")
    assert (finding.value, finding.n, finding.delta, finding.p_value) == (None, None, None, None)
    sentences = _sentences(finding)
    assert sentences == [
        "Palautteiden määrä: luku piilotettu, koska havaintoja on alle 5.",
        "Antalet responser: talet är dolt eftersom det finns färre än 5 observationer.",
        "The number of feedback items: hidden because there are fewer than 5 observations.",
    ]
    assert not any(digit in text for text in sentences for digit in "34")


def test_a_count_below_min_n_is_not_assessed_outside_public_tables(reader):
    # internal tables show the 3, but a change is only assessed when both sides reach min n
    finding = _finding(reader, "feedback_count", unit=("kotihoito_ita",))
    assert (finding.kind, finding.reason, finding.n, finding.value) == ("not_assessed", "small_n", 3, 3)
    assert (
        _sentences(finding)[0]
        == "Palautteiden määrä: muutosta vuodesta 2019 ei arvioida, koska havaintoja on alle 5."
    )


def test_a_significant_rise_of_a_score_in_points_with_both_values(reader):
    finding = _finding(reader, "happy_index", unit=("kallio",))
    # 2019: (0·20 + 1·40 + 2·80 + 3·60) / 200 = 1.9 → 63.3; 2020: (32 + 160 + 240) / 200 = 2.16 → 72.0
    assert finding.kind == "rise"
    assert finding.value_cmp == pytest.approx(100 * 1.9 / 3)
    assert finding.value == pytest.approx(72.0)
    assert finding.relative is None
    assert finding.improved is True
    assert _sentences(finding, ("Kallion terveysaseman Happy-indeksi", None, None)) == [
        "Kallion terveysaseman Happy-indeksi nousi 8,7 pistettä vuodesta 2019 (63,3 → 72,0).",
        "Happy-indexet steg med 8,7 poäng jämfört med 2019 (63,3 → 72,0).",
        "The happy index rose by 8.7 points compared with 2019 (63.3 → 72.0).",
    ]


def test_a_share_changes_in_percentage_points(reader):
    finding = _finding(reader, "share_positive", unit=("kallio",))
    # 140/200 = 70 % → 160/200 = 80 %; pooled 0.75, se = √(0.75·0.25·2/200), z = 0.1/se
    z = 0.1 / (0.75 * 0.25 * 2 / 200) ** 0.5
    assert finding.p_value == pytest.approx(2 * stats.norm.sf(z))
    assert finding.kind == "rise"
    assert _sentences(finding) == [
        f"Myönteisten vastausten osuus nousi 10,0 prosenttiyksikköä vuodesta 2019 "
        f"(70,0{NBSP}% → 80,0{NBSP}%).",
        f"Andelen positiva svar steg med 10,0 procentenheter jämfört med 2019 (70,0{NBSP}% → 80,0{NBSP}%).",
        "The share of positive answers rose by 10.0 percentage points compared with 2019 (70.0% → 80.0%).",
    ]


def test_hidden_score_cells_on_either_side(reader):
    current = _finding(reader, "happy_index", unit=("kotihoito_ita",))
    assert (current.kind, current.reason, current.mark, current.value) == (
        "not_assessed",
        "hidden",
        "small",
        None,
    )
    assert _sentences(current) == [
        "Happy-indeksi: luku piilotettu, koska havaintoja on alle 5.",
        "Happy-indexet: talet är dolt eftersom det finns färre än 5 observationer.",
        "The happy index: hidden because there are fewer than 5 observations.",
    ]
    comparison = _finding(reader, "happy_index", unit=("malmi",))
    assert (comparison.kind, comparison.reason, comparison.mark, comparison.value_cmp) == (
        "not_assessed",
        "hidden_comparison",
        "small",
        None,
    )
    assert _sentences(comparison) == [
        "Happy-indeksi: muutosta vuodesta 2019 ei arvioida, koska vertailuluku on piilotettu"
        " (havaintoja alle 5).",
        "Happy-indexet: förändringen jämfört med 2019 bedöms inte eftersom jämförelsetalet är dolt"
        " (färre än 5 observationer).",
        "The happy index: the change compared with 2019 is not assessed because the comparison figure is"
        " hidden (fewer than 5 observations).",
    ]


def test_nothing_to_compare_with(reader):
    spec = QuerySpec("feedback_count", Period(date(2019, 1, 1), date(2019, 12, 31)), compare="last_year")
    (finding,) = findings_of(run_query(reader, spec, today=TODAY), CATALOG["feedback_count"], spec)
    assert (finding.kind, finding.reason, finding.value) == ("not_assessed", "no_comparison_data", 354)
    assert _sentences(finding) == [
        "Palautteiden määrä: muutosta vuodesta 2019 ei arvioida, koska vertailujaksolta ei ole tietoja.",
        "Antalet responser: förändringen jämfört med 2019 bedöms inte eftersom det saknas uppgifter för"
        " jämförelseperioden.",
        "The number of feedback items: the change compared with 2019 is not assessed because there are no"
        " data for the comparison period.",
    ]


def test_summary_puts_real_changes_first_by_effect_and_keeps_each_classification(reader):
    pairs = [
        (
            _finding(reader, "feedback_count", service=("hammashoitolat",)),
            "Hammashoitoloiden palautteiden määrä",
        ),
        (_finding(reader, "happy_index", unit=("kallio",)), "Kallion Happy-indeksi"),
        (
            _finding(reader, "feedback_count", unit=("kotihoito_ita",), public=True),
            "Kotihoidon palautteiden määrä",
        ),
        (_finding(reader, "share_positive", unit=("kallio",)), "Kallion myönteisten vastausten osuus"),
        (_finding(reader, "feedback_count", service=("terveysasemat",)), "Terveysasemien palautteiden määrä"),
    ]
    # effects: a third > 10/100 of the scale > 8.7/100; the rest in the given order
    assert summary(pairs, 2019, "fi") == [
        "Terveysasemien palautteiden määrä kasvoi kolmanneksella vuodesta 2019.",
        f"Kallion myönteisten vastausten osuus nousi 10,0 prosenttiyksikköä vuodesta 2019 (70,0{NBSP}% → "
        f"80,0{NBSP}%).",
        "Kallion Happy-indeksi nousi 8,7 pistettä vuodesta 2019 (63,3 → 72,0).",
        "Hammashoitoloiden palautteiden määrä: ei merkittävää muutosta vuodesta 2019.",
        "Kotihoidon palautteiden määrä: luku piilotettu, koska havaintoja on alle 5.",
    ]


def test_top_groups_never_name_hidden_cells(reader):
    spec = QuerySpec("feedback_count", YEAR_2020, group_by=("category",), public=True)
    frame = run_query(reader, spec, today=TODAY)
    # Hoitoonpääsy 360, Palvelun nopeus 53, Takaisinsoitto 40, Viestintä 3 (hidden, and so is the
    # smallest visible cell of the line: Takaisinsoitto)
    top = top_groups(frame, k=3)
    assert list(top["category"]) == ["Hoitoonpääsy", "Palvelun nopeus"]
    assert list(top["n"]) == [360, 53]


# --- unit tests on hand-made rows ---------------------------------------------------------------

COUNT = CATALOG["feedback_count"]


def _row(before: float, after: float, change: str, p_value: float = 0.001, **extra: object) -> dict:
    """A compared result row as ``run_query`` returns it (the current side on a whole basis)."""
    relative = after / before - 1 if before else None
    return {
        "value": after,
        "n": after,
        "value_basis": after,
        "n_basis": after,
        "value_cmp": before,
        "n_cmp": before,
        "delta": after - before,
        "relative": relative,
        "p_value": p_value,
        "change": change,
    } | extra


def _count_finding(before: float, after: float, change: str = "", p_value: float = 0.001) -> Finding:
    kind = change or ("rise" if after > before else "fall")
    return find(_row(before, after, kind, p_value), COUNT)


@pytest.mark.parametrize(
    ("after", "fi", "en"),
    [
        (122, f"kasvoi 22{NBSP}%", "rose by 22%"),
        (123, "kasvoi neljänneksellä", "rose by a quarter"),  # 2 points from 25 %: still a quarter
        (127, "kasvoi neljänneksellä", "rose by a quarter"),
        (128, f"kasvoi 28{NBSP}%", "rose by 28%"),
        (131, f"kasvoi 31{NBSP}%", "rose by 31%"),  # 2.3 points from a third
        (132, "kasvoi kolmanneksella", "rose by a third"),
        (150, "kasvoi puolella", "rose by half"),
        (165, "kasvoi kahdella kolmanneksella", "rose by two thirds"),
        (175, "kasvoi kolmella neljänneksellä", "rose by three quarters"),
        (198, "kaksinkertaistui", "doubled"),
        (203, f"kasvoi 103{NBSP}%", "rose by 103%"),
        (300, "kolminkertaistui", "tripled"),
        (110, f"kasvoi 10{NBSP}%", "rose by 10%"),
        (75, "väheni neljänneksellä", "fell by a quarter"),
        (67, "väheni kolmanneksella", "fell by a third"),
        (50, "puolittui", "halved"),
        (90, f"väheni 10{NBSP}%", "fell by 10%"),
        (20, f"väheni 80{NBSP}%", "fell by 80%"),
    ],
)
def test_fraction_words_within_two_points(after, fi, en):
    finding = _count_finding(100, after)
    assert sentence(finding, None, 2019, "fi") == f"Palautteiden määrä {fi} vuodesta 2019."
    assert sentence(finding, None, 2019, "en") == f"The number of feedback items {en} compared with 2019."


def test_swedish_fraction_words():
    def swedish(before: int, after: int) -> str:
        return sentence(_count_finding(before, after), None, 2019, "sv")

    assert swedish(100, 200) == "Antalet responser fördubblades jämfört med 2019."
    assert swedish(100, 50) == "Antalet responser halverades jämfört med 2019."
    assert swedish(100, 112) == f"Antalet responser ökade med 12{NBSP}% jämfört med 2019."
    assert swedish(100, 133) == "Antalet responser ökade med en tredjedel jämfört med 2019."


def test_a_rise_from_zero_shows_both_counts():
    finding = _count_finding(0, 12)
    assert finding.relative is None
    assert sentence(finding, None, 2019, "fi") == "Palautteiden määrä kasvoi vuodesta 2019 (0 → 12)."


def test_a_real_change_is_said_from_the_comparison_to_the_current_side_on_the_basis():
    # the headline 89.3 includes a channel the comparison lacks; the change is 86.0 → 87.0
    row = _row(86.0, 87.0, "rise", value=89.3, n=9000, n_basis=6000, n_cmp=5800)
    finding = find(row, CATALOG["happy_index"])
    assert (
        sentence(finding, None, 2017, "fi") == "Happy-indeksi nousi 1,0 pistettä vuodesta 2017 (86,0 → 87,0)."
    )


def test_scores_keep_a_decimal():
    row = _row(30.0, 36.0, "rise", n=900, n_cmp=900)
    assert sentence(find(row, CATALOG["nps"]), None, 2019, "fi") == (
        "Suositteluindeksi (NPS) nousi 6,0 pistettä vuodesta 2019 (30,0 → 36,0)."
    )
    assert sentence(find(row, CATALOG["nps"]), None, 2019, "en") == (
        "The net promoter score rose by 6.0 points compared with 2019 (30.0 → 36.0)."
    )


def test_a_small_change_claims_no_direction_and_names_the_limit():
    happy = find(_row(92.1, 92.5, "small_change", n=60_000, n_cmp=60_000), CATALOG["happy_index"])
    assert [sentence(happy, None, 2019, language) for language in LANGUAGES] == [
        "Happy-indeksi: pieni muutos vuodesta 2019 (+0,4), alle merkittävän rajan 1,0.",
        "Happy-indexet: liten förändring jämfört med 2019 (+0,4), under gränsen 1,0 för en betydande"
        " förändring.",
        "The happy index: a small change compared with 2019 (+0.4), below the meaningful limit of 1.0.",
    ]
    # a change too small for one decimal gets more; a share in percentage points
    tiny = find(_row(86.04, 86.08, "small_change"), CATALOG["happy_index"])
    assert sentence(tiny, None, 2019, "fi") == (
        "Happy-indeksi: pieni muutos vuodesta 2019 (+0,04), alle merkittävän rajan 1,0."
    )
    share = find(_row(92.7, 92.2, "small_change"), CATALOG["share_positive"])
    assert sentence(share, None, 2019, "fi") == (
        "Myönteisten vastausten osuus: pieni muutos vuodesta 2019 (−0,5 %-yks.), alle merkittävän rajan"
        " 2,0 %-yks."
    )


def test_a_small_change_just_under_the_limit_is_not_rounded_up_to_it():
    # −9.7 % would read "−10 %" with no decimals, which is not under 10 %
    contacts = find(_row(679, 613, "small_change"), CATALOG["ombudsman_contacts"])
    assert sentence(contacts, None, 2019, "fi") == (
        f"Asiamiehen yhteydenottojen määrä: pieni muutos vuodesta 2019 (−9,7{NBSP}%), alle merkittävän"
        f" rajan 10{NBSP}%."
    )
    happy = find(_row(90.0, 90.96, "small_change"), CATALOG["happy_index"])
    assert sentence(happy, None, 2019, "en") == (
        "The happy index: a small change compared with 2019 (+0.96), below the meaningful limit of 1.0."
    )


def test_times_shorten_and_lengthen_in_days():
    row = _row(6.0, 4.5, "fall", n=80, n_cmp=70)
    finding = find(row, CATALOG["handling_days"])
    assert finding.kind == "fall" and finding.improved is True
    assert [sentence(finding, None, 2019, language) for language in LANGUAGES] == [
        "Käsittelyaika lyheni 1,5 vuorokautta vuodesta 2019 (6,0 → 4,5).",
        "Handläggningstiden förkortades med 1,5 dygn jämfört med 2019 (6,0 → 4,5).",
        "The handling time shortened by 1.5 days compared with 2019 (6.0 → 4.5).",
    ]
    working = find(_row(6.0, 7.0, "rise", n=80, n_cmp=70), CATALOG["handling_working_days"])
    assert sentence(working, None, 2019, "fi") == (
        "Käsittelyaika arkipäivinä piteni 1,0 arkipäivää vuodesta 2019 (6,0 → 7,0)."
    )


@pytest.mark.parametrize(
    ("reason", "mark", "fi"),
    [
        ("no_current_data", None, "Happy-indeksi: jaksolta ei ole tietoja."),
        (
            "outside_basis",
            None,
            "Happy-indeksi: muutosta vuodesta 2019 ei arvioida, koska vertailukelpoisia tietoja ei ole"
            " molemmilta jaksoilta.",
        ),
        ("no_test", None, "Happy-indeksi: muutosta vuodesta 2019 ei voitu testata."),
        ("hidden", "protected", "Happy-indeksi: luku piilotettu pienen luvun suojaamiseksi."),
        (
            "hidden_comparison",
            "protected",
            "Happy-indeksi: muutosta vuodesta 2019 ei arvioida, koska vertailuluku on piilotettu pienen luvun"
            " suojaamiseksi.",
        ),
        (
            "small_n",
            None,
            "Happy-indeksi: muutosta vuodesta 2019 ei arvioida, koska vertailujakson havaintoja on alle 5.",
        ),
    ],
)
def test_each_reason_a_change_is_not_assessed_in_words(reason, mark, fi):
    column = "mark_cmp" if reason == "hidden_comparison" else "mark"
    row = {
        "value": 80.0,
        "n": 40,
        "n_basis": 40,
        "n_cmp": 3,
        "change": "not_assessed",
        "not_assessed": reason,
    }
    finding = find(row | {column: mark}, CATALOG["happy_index"])
    assert (finding.reason, finding.mark) == (reason, mark)
    assert sentence(finding, None, 2019, "fi") == fi


@pytest.mark.parametrize(
    ("period", "fi", "sv", "en"),
    [
        (
            Period(date(2019, 1, 1), date(2019, 12, 31)),
            "vuodesta 2019",
            "jämfört med 2019",
            "compared with 2019",
        ),
        (
            Period(date(2019, 4, 1), date(2019, 6, 30)),
            "vuoden 2019 2. neljänneksestä",
            "jämfört med kvartal 2 2019",
            "compared with Q2 2019",
        ),
        (
            Period(date(2019, 9, 1), date(2019, 9, 30)),
            "vuoden 2019 syyskuusta",
            "jämfört med september 2019",
            "compared with September 2019",
        ),
        (
            Period(date(2019, 1, 1), date(2019, 9, 12)),
            "jaksosta 1.1.2019–12.9.2019",
            "jämfört med perioden 1.1.2019–12.9.2019",
            "compared with 01/01/2019–12/09/2019",
        ),
    ],
)
def test_the_comparison_period_in_words(period, fi, sv, en):
    finding = _count_finding(100, 101, "no_change", p_value=0.9)
    assert sentence(finding, "X", period, "fi") == f"X: ei merkittävää muutosta {fi}."
    assert sentence(finding, "X", period, "sv") == f"X: ingen betydande förändring {sv}."
    assert sentence(finding, "X", period, "en") == f"X: no meaningful change {en}."


def test_every_metric_has_a_sentence_subject_in_every_language():
    for metric in CATALOG:
        assert texts.has(f"sentence.subject.{metric}"), metric
        for language in LANGUAGES:
            assert texts.t(f"sentence.subject.{metric}", language).strip()
