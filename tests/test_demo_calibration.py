"""The default demo warehouse against the seed documents' figures (plain DuckDB over the Parquet files)."""

from __future__ import annotations

from datetime import date

import duckdb
import holidays
import numpy as np
import pytest

from data_access.demo.common import TERMINALS_REMOVED, TERMINALS_RETURNED
from data_access.demo.feedback import INFLUENZA_2019, INFLUENZA_2020


def _sql(root, query: str, *parameters):
    connection = duckdb.connect()
    for name in ("quick_feedback", "survey_answer", "feedback", "case", "ombudsman_contact", "visits"):
        connection.execute(
            f"CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet('{root}/{name}/**/*.parquet', "
            "hive_partitioning = true)"
        )
    for name in ("unit", "service", "service_area", "survey_item", "source_unit_map"):
        connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{root}/{name}/*.parquet')")
    return connection.execute(query, list(parameters)).fetchall()


SEED_2017 = {
    "Terveysasemat": (120_725, 86),
    "Hammashoitolat": (147_671, 89),
    "Päivystykset": (17_595, 81),
    "Monipuoliset palvelukeskukset": (10_938, 91),
}


def test_2017_quick_feedback_reproduces_seed_volumes_and_happy_index(demo_warehouse):
    """The issue's acceptance check: plain DuckDB over DIR/quick_feedback/**/*.parquet ⋈ unit ⋈ service."""
    rows = duckdb.sql(
        f"""
        SELECT s.name_fi, count(*) AS presses,
               100 * avg(q.button_index) FILTER (WHERE NOT q.misuse) / 3 AS happy_index
        FROM read_parquet('{demo_warehouse}/quick_feedback/**/*.parquet') q
        JOIN read_parquet('{demo_warehouse}/unit/*.parquet') u ON u.unit_id = q.unit_id
        JOIN read_parquet('{demo_warehouse}/service/*.parquet') s ON s.service_id = u.service_id
        WHERE q.ts >= TIMESTAMP '2017-01-01' AND q.ts < TIMESTAMP '2018-01-01' AND q.channel = 'terminal'
        GROUP BY s.name_fi
        """
    ).fetchall()
    found = {name: (presses, index) for name, presses, index in rows}
    for service, (presses, index) in SEED_2017.items():
        assert found[service][0] == pytest.approx(presses, rel=0.10), service
        assert abs(found[service][1] - index) <= 2, service


def test_2018_to_12_september_is_near_the_seed(demo_warehouse):
    rows = _sql(
        demo_warehouse,
        """SELECT u.service_id, count(*), 100 * avg(button_index) FILTER (WHERE NOT misuse) / 3
           FROM quick_feedback q JOIN unit u USING (unit_id)
           WHERE q.year = 2018 AND q.ts < TIMESTAMP '2018-09-13' AND channel = 'terminal' GROUP BY 1""",
    )
    found = {service: (n, index) for service, n, index in rows}
    for service, (presses, index) in {
        "ter": (132_308, 87),
        "ham": (86_957, 89),
        "pai": (14_076, 80),
        "mpk": (32_591, 94),
    }.items():
        assert found[service][0] == pytest.approx(presses, rel=0.10)
        assert abs(found[service][1] - index) <= 2


def test_no_terminal_data_while_terminals_were_removed(demo_warehouse):
    (inside,) = _sql(
        demo_warehouse,
        "SELECT count(*) FROM quick_feedback WHERE channel = 'terminal' AND ts >= ? AND ts < ?",
        TERMINALS_REMOVED,
        TERMINALS_RETURNED,
    )[0]
    assert inside == 0
    (before, after) = _sql(
        demo_warehouse,
        """SELECT count(*) FILTER (WHERE ts >= TIMESTAMP '2020-03-01' AND ts < TIMESTAMP '2020-03-16'),
                  count(*) FILTER (WHERE ts >= TIMESTAMP '2022-09-01' AND ts < TIMESTAMP '2022-10-01')
           FROM quick_feedback WHERE channel = 'terminal'""",
    )[0]
    assert before > 1000 and after > 1000


def test_hour_weekday_pattern_summer_dip_and_misuse(demo_warehouse):
    rows = _sql(
        demo_warehouse,
        """SELECT count(*) FILTER (WHERE isodow(ts) >= 6) / count(*),
                  count(*) FILTER (WHERE hour(ts) BETWEEN 9 AND 11) / count(*),
                  count(*) FILTER (WHERE hour(ts) < 7 OR hour(ts) >= 17) / count(*),
                  count(*) FILTER (WHERE month(ts) = 7) / (count(*) FILTER (WHERE month(ts) = 9)),
                  avg(misuse::INT)
           FROM quick_feedback q JOIN unit u USING (unit_id)
           WHERE q.year = 2017 AND u.service_id = 'ter'""",
    )[0]
    weekend, mid_morning, outside_hours, july_vs_september, misuse = rows
    assert weekend < 0.02 and mid_morning > 0.35 and outside_hours < 0.01
    assert july_vs_september < 0.6
    assert 0.01 < misuse < 0.06
    (night_share,) = _sql(
        demo_warehouse,
        """SELECT count(*) FILTER (WHERE hour(ts) < 6) / count(*)
           FROM quick_feedback q JOIN unit u USING (unit_id) WHERE q.year = 2017 AND u.service_id = 'pai'""",
    )[0]
    assert night_share > 0.02


def test_misuse_comes_in_bursts_of_the_same_button(demo_warehouse):
    (same_button,) = _sql(
        demo_warehouse,
        """WITH ordered AS (
             SELECT misuse, button_index,
                    lag(button_index) OVER (PARTITION BY touchpoint_id ORDER BY ts, feedback_id) AS previous
             FROM quick_feedback WHERE year = 2017)
           SELECT avg((button_index = previous)::INT) FROM ordered WHERE misuse""",
    )[0]
    assert same_button > 0.75


@pytest.mark.parametrize(("month", "answers", "very_positive"), [(5, 17_828, 0.78), (8, 20_548, 0.83)])
def test_home_care_app_2018(demo_warehouse, month, answers, very_positive):
    n, share, weekend = _sql(
        demo_warehouse,
        """SELECT count(*), avg((button_index = 4)::INT), count(*) FILTER (WHERE isodow(ts) >= 6) / count(*)
           FROM quick_feedback q JOIN unit u USING (unit_id)
           WHERE channel = 'app' AND u.service_id = 'kot' AND scale = 'five'
             AND year = 2018 AND month(ts) = ?""",
        month,
    )[0]
    assert n == pytest.approx(answers, rel=0.03)
    assert share == pytest.approx(very_positive, abs=0.015)
    assert 0.15 < weekend < 0.35
    (before,) = _sql(
        demo_warehouse, "SELECT count(*) FROM quick_feedback WHERE channel = 'app' AND ts < '2018-04-03'"
    )[0]
    assert before == 0


def test_home_care_app_later_months_stay_in_range(demo_warehouse):
    rows = _sql(
        demo_warehouse,
        """SELECT date_trunc('month', ts) m, count(*), avg((button_index = 4)::INT) FROM quick_feedback
           WHERE channel = 'app' AND ts >= TIMESTAMP '2018-09-01' GROUP BY 1""",
    )
    counts = np.array([n for _, n, _ in rows])
    shares = np.array([s for _, _, s in rows])
    assert len(rows) == 88
    assert counts.min() > 17_000 and counts.max() < 22_000
    assert shares.min() > 0.76 and shares.max() < 0.87


def test_organisation_units_services_and_closure(demo_warehouse):
    (units, services, areas) = _sql(
        demo_warehouse,
        """SELECT (SELECT count(*) FROM unit), (SELECT count(*) FROM service),
                  (SELECT count(DISTINCT service_area_id) FROM unit WHERE valid_to IS NULL)""",
    )[0]
    assert units >= 120 and services >= 12 and areas == 3
    kallio = _sql(
        demo_warehouse, "SELECT name_fi, name_sv, service_id, valid_to FROM unit WHERE unit_id = 'ter-kallio'"
    )
    assert kallio == [("Kallion terveysasema", "Berghälls hälsostation", "ter", None)]
    (closed_to,) = _sql(demo_warehouse, "SELECT valid_to FROM unit WHERE unit_id = 'ter-sornainen'")[0]
    assert closed_to == date(2018, 12, 31)
    (after,) = _sql(
        demo_warehouse,
        """SELECT (SELECT count(*) FROM quick_feedback WHERE unit_id = 'ter-sornainen' AND ts >= '2019-01-01')
                + (SELECT count(*) FROM feedback
                   WHERE unit_id = 'ter-sornainen' AND received_at >= '2019-01-01')
                + (SELECT count(*) FROM visits WHERE unit_id = 'ter-sornainen' AND month >= '2019-01-01')
                + (SELECT count(*) FROM survey_answer
                   WHERE unit_id = 'ter-sornainen' AND answered_on >= '2019-01-01')""",
    )[0]
    assert after == 0
    (outside,) = _sql(
        demo_warehouse,
        """SELECT count(*) FROM quick_feedback q JOIN unit u USING (unit_id)
           WHERE q.ts::DATE < u.valid_from OR q.ts::DATE > coalesce(u.valid_to, DATE '2100-01-01')""",
    )[0]
    assert outside == 0
    (kallio_2019,) = _sql(
        demo_warehouse, "SELECT count(*) FROM quick_feedback WHERE unit_id = 'ter-kallio' AND year = 2019"
    )[0]
    assert kallio_2019 > 5000


def test_every_unit_has_source_codes(demo_warehouse):
    rows = _sql(
        demo_warehouse, "SELECT source, count(DISTINCT unit_id), count(*) FROM source_unit_map GROUP BY 1"
    )
    (units,) = _sql(demo_warehouse, "SELECT count(*) FROM unit")[0]
    assert sorted(rows) == [
        ("happyornot", units, units),
        ("open311", units, units),
        ("register", units, units),
    ]


def test_feedback_volumes_types_and_handling(demo_warehouse):
    by_year = dict(_sql(demo_warehouse, "SELECT year, count(*) FROM feedback GROUP BY 1"))
    assert by_year[2017] == pytest.approx(3335, rel=0.03)
    assert by_year[2020] == pytest.approx(5800, rel=0.03)
    (q4,) = _sql(
        demo_warehouse, "SELECT count(*) FROM feedback WHERE received_at >= '2020-10-01' AND year = 2020"
    )[0]
    assert q4 == pytest.approx(2243, rel=0.02)
    mix = {
        (y, t): share
        for y, t, share in _sql(
            demo_warehouse,
            """SELECT year, feedback_type, count(*) / sum(count(*)) OVER (PARTITION BY year)
           FROM feedback WHERE year IN (2017, 2023) GROUP BY 1, 2""",
        )
    }
    assert max(mix, key=lambda k: mix[k] if k[0] == 2017 else 0)[1] == "moite"
    assert mix[(2023, "kysymys")] < mix[(2017, "kysymys")] and mix[(2023, "kiitos")] > mix[(2017, "kiitos")]
    received, answered = zip(
        *_sql(
            demo_warehouse,
            "SELECT received_at, answered_at FROM feedback WHERE year = 2020 AND answered_at IS NOT NULL",
        ),
        strict=True,
    )
    received_days = np.array(received, dtype="datetime64[D]")
    answered_days = np.array(answered, dtype="datetime64[D]")
    finnish = np.array(sorted(holidays.Finland(years=[2020, 2021])), dtype="datetime64[D]")
    working = np.busday_count(received_days, answered_days, holidays=finnish)
    assert np.mean(working <= 5) == pytest.approx(0.85, abs=0.03)
    calendar = (np.array(answered, dtype="datetime64[s]") - np.array(received, dtype="datetime64[s]")).astype(
        float
    )
    assert np.mean(calendar) / 86400 == pytest.approx(4.0, abs=0.6)
    (bad_order,) = _sql(
        demo_warehouse,
        "SELECT count(*) FROM feedback WHERE closed_at < answered_at OR answered_at < received_at",
    )[0]
    assert bad_order == 0


def test_influenza_table_cell_for_cell(demo_warehouse):
    cells = _sql(
        demo_warehouse,
        """SELECT category, feedback_type, count(*) FROM feedback
           WHERE topic = 'influenssarokotus' AND received_at >= '2020-10-01' AND received_at < '2021-01-01'
           GROUP BY 1, 2""",
    )
    found = {(c, t): n for c, t, n in cells}
    for category, counts in INFLUENZA_2020.items():
        for feedback_type, expected in zip(("kiitos", "moite", "idea", "kysymys"), counts, strict=True):
            assert found.get((category, feedback_type), 0) == expected, (category, feedback_type)
    assert sum(found.values()) == 516
    per_category_2019 = dict(
        _sql(
            demo_warehouse,
            """SELECT category, count(*) FROM feedback WHERE topic = 'influenssarokotus'
           AND received_at >= '2019-10-01' AND received_at < '2020-01-01' GROUP BY 1""",
        )
    )
    assert per_category_2019 == {c: n for c, n in INFLUENZA_2019.items() if n}
    (elsewhere,) = _sql(
        demo_warehouse,
        """SELECT count(*) FROM feedback WHERE topic = 'influenssarokotus'
           AND NOT (month(received_at) >= 10 AND year IN (2019, 2020))""",
    )[0]
    assert elsewhere == 0


SEED_CASES = {2016: {"pso": 165, "skh": 72, "tpp": 336, "hkp": 3}, 2017: {"pso": 108, "skh": 117, "tpp": 306}}


def test_case_totals_per_area_and_year(demo_warehouse):
    rows = _sql(
        demo_warehouse,
        'SELECT year, service_area_id, count(*) FROM "case" '
        "WHERE case_kind <> 'muutoksenhaku' GROUP BY 1, 2",
    )
    found = {(y, a): n for y, a, n in rows}
    for year, areas in SEED_CASES.items():
        for area, expected in areas.items():
            assert found[(year, area)] == pytest.approx(expected, rel=0.10)
    jan_aug = dict(
        _sql(
            demo_warehouse,
            """SELECT service_area_id, count(*) FROM "case" WHERE case_kind <> 'muutoksenhaku'
           AND received_on < DATE '2018-09-01' AND year = 2018 GROUP BY 1""",
        )
    )
    for area, expected in {"pso": 119, "skh": 105, "tpp": 181}.items():
        assert jan_aug[area] == pytest.approx(expected, rel=0.25)
    (kinds,) = _sql(demo_warehouse, 'SELECT count(DISTINCT case_kind) FROM "case"')[0]
    assert kinds == 5
    (late,) = _sql(demo_warehouse, 'SELECT count(*) FROM "case" WHERE decided_on < received_on')[0]
    assert late == 0


def test_ombudsman_jan_aug_2018(demo_warehouse):
    rows = dict(
        _sql(
            demo_warehouse,
            """SELECT sector, count(*) FROM ombudsman_contact
           WHERE contacted_on BETWEEN DATE '2018-01-01' AND DATE '2018-08-31' GROUP BY 1""",
        )
    )
    for sector, expected in {"health": 988, "social": 430, "both": 147}.items():
        assert rows[sector] == pytest.approx(expected, rel=0.10)
    (matters,) = _sql(
        demo_warehouse,
        "SELECT sum(matters) FROM ombudsman_contact WHERE contacted_on BETWEEN '2018-01-01' AND '2018-08-31'",
    )[0]
    assert matters == pytest.approx(1899, rel=0.10)
    top = [
        t
        for t, _ in _sql(
            demo_warehouse,
            "SELECT topic, count(*) FROM ombudsman_contact WHERE year = 2018 "
            "GROUP BY 1 ORDER BY 2 DESC LIMIT 3",
        )
    ]
    assert top == [
        "tyytymättömyys hoitoon tai hoitotulokseen",
        "dokumentointi, todistukset, asiakirjat ja lausunnot",
        "potilasvahinko tai lääkevahinko",
    ]


def test_surveys_languages_and_scales(demo_warehouse):
    languages = dict(
        _sql(demo_warehouse, "SELECT language, count(DISTINCT response_id) FROM survey_answer GROUP BY 1")
    )
    total = sum(languages.values())
    assert languages["fin"] / total > 0.85
    assert 0.04 < languages["swe"] / total < 0.08 and languages["eng"] / total < 0.04
    for sami in ("sme", "smn", "sms"):
        assert 0 < languages[sami] < 0.005 * total
    out_of_scale = _sql(
        demo_warehouse,
        """SELECT count(*) FROM survey_answer a JOIN survey_item i USING (item_id)
           WHERE a.value < i.scale_min OR a.value > i.scale_max""",
    )[0][0]
    assert out_of_scale == 0
    (dont_know,) = _sql(demo_warehouse, "SELECT avg((value IS NULL)::INT) FROM survey_answer")[0]
    assert 0.03 < dont_know < 0.08
    means = dict(_sql(demo_warehouse, "SELECT item_id, avg(value) FROM survey_answer GROUP BY 1"))
    assert all(3.2 < means[i] < 3.9 for i in means if i.startswith("ph-") and i != "ph-arvosana")
    assert all(3.8 < means[i] < 4.9 for i in means if i.startswith("thl-") and i != "thl-nps")
    grades = [
        g
        for (g,) in _sql(
            demo_warehouse,
            "SELECT avg(value) FROM survey_answer "
            "WHERE item_id = 'pm-arvosana' AND unit_id LIKE 'sos-%' GROUP BY unit_id",
        )
    ]
    assert min(grades) > 7.9 and max(grades) < 9.5
    thl_years = [
        y
        for (y,) in _sql(
            demo_warehouse, "SELECT DISTINCT year FROM survey_answer WHERE item_id = 'thl-nps' ORDER BY 1"
        )
    ]
    assert thl_years == [2016, 2018, 2020, 2022, 2024]
    (sami_texts,) = _sql(
        demo_warehouse, "SELECT count(*) FROM survey_item WHERE text_sme IS NOT NULL AND text_sms IS NOT NULL"
    )[0]
    assert sami_texts == 9


def test_visits_per_unit_and_month(demo_warehouse):
    low, high = _sql(
        demo_warehouse,
        """SELECT min(visits), max(visits) FROM visits v JOIN unit u USING (unit_id)
           WHERE u.service_id = 'ter' AND v.year = 2019""",
    )[0]
    assert low > 1500 and high < 9500
    (duplicates,) = _sql(demo_warehouse, "SELECT count(*) - count(DISTINCT (unit_id, month)) FROM visits")[0]
    assert duplicates == 0
