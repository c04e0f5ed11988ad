"""One hand-made warehouse with every channel, the specs run on every engine, and frame equality.

The rows follow the metric suite's warehouses (tests/metrics_helpers.py: its dimensions and
``presses``; the design's happy-index checks 126/60/16/17 and 51/23/12/2/4, the survey scales of
test_metrics_surveys, handling times across Easter and Christmas) over 2018 and 2019, so every
metric has a comparison year, small cells to hide and timestamps around midnight and week starts.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data_access import schema
from metrics.spec import Period, QuerySpec
from tests.metrics_helpers import AREAS, SERVICES, UNITS, presses, write

YEAR_2019 = Period(date(2019, 1, 1), date(2019, 12, 31))
SPRING_2019 = Period(date(2019, 2, 25), date(2019, 3, 31))
TODAY = date(2026, 1, 1)
"""``run_query``'s today in these tests (the data end in 2019, so nothing depends on the real date)."""


def _quick_feedback() -> pd.DataFrame:
    parts = [
        presses({3: 126, 2: 60, 1: 16, 0: 17}, unit="kallio", start=datetime(2019, 3, 4, 8)),
        presses({3: 20, 2: 10, 1: 5, 0: 5}, unit="kallio", start=datetime(2019, 6, 15, 13), channel="qr"),
        presses(
            {4: 51, 3: 23, 2: 12, 1: 2, 0: 4},
            unit="kotihoito_ita",
            scale="five",
            start=datetime(2019, 4, 10, 10),
            channel="app",
        ),
        presses({3: 2, 0: 1}, unit="malmi", start=datetime(2019, 5, 5, 23, 58)),  # n = 3, across midnight
        presses({2: 3, 1: 3}, unit="malmi", start=datetime(2019, 3, 3, 23, 57)),  # Sunday → Monday 4.3.
        presses({0: 30}, unit="kallio", start=datetime(2019, 3, 5, 9), misuse=True, prefix="misuse"),
        presses({9: 4, 10: 3, 5: 2}, unit="kamppi_hammas", scale="nps", start=datetime(2019, 9, 2, 7)),
        presses({3: 100, 2: 50, 1: 30, 0: 20}, unit="kallio", start=datetime(2018, 3, 5, 8)),
        presses(
            {4: 30, 3: 20, 2: 10, 1: 5, 0: 5},
            unit="kotihoito_ita",
            scale="five",
            start=datetime(2018, 4, 11, 10),
            channel="app",
        ),
        presses({3: 10, 2: 5}, unit="malmi", start=datetime(2018, 5, 6, 12)),
    ]
    return pd.concat(parts, ignore_index=True)


SURVEY = pd.DataFrame(
    {
        "survey_id": ["palvelumittari"],
        "name_fi": ["Palvelumittari"],
        "name_sv": ["Servicemätare"],
        "name_en": ["Service meter"],
    }
)
ITEMS = pd.DataFrame(
    {
        "item_id": ["asiallinen", "sujuva", "arvosana", "suosittelu"],
        "survey_id": ["palvelumittari"] * 4,
        "text_fi": [
            "Olen saanut asiallista kohtelua",
            "Asiointi oli sujuvaa",
            "Kouluarvosana",
            "Suosittelisin",
        ],
        "text_sv": ["Jag har fått saklig behandling", None, "Skolvitsord", "Jag skulle rekommendera"],
        "text_en": ["I was treated properly", "Service was smooth", "School grade", "I would recommend"],
        "scale_min": [1, 1, 4, 0],
        "scale_max": [4, 5, 10, 10],
        "kind": ["likert", "likert", "grade", "nps"],
        "theme": ["kohtaaminen", "saatavuus", "kokonaisarvio", "kokonaisarvio"],
    }
)
ANSWERS = {  # year → item → values ("en osaa sanoa" is None)
    2019: {
        "asiallinen": [4, 3, 2, None, 4, 4, 3, 4],
        "sujuva": [5, 4, 4, 1, 5, 3, 4, 5],
        "arvosana": [9, 8, 10, 7, 9, 9, 8, 6],
        "suosittelu": [10, 9, 9, 10, 9, 8, 7, 6, 3, 0, 10, 10],
    },
    2018: {
        "asiallinen": [3, 3, 2, 2, 4, 1],
        "sujuva": [4, 4, 3, 2, 5, 3],
        "arvosana": [8, 8, 7, 7, 9, 6],
        "suosittelu": [9, 8, 7, 6, 5, 10, 10, 2],
    },
}
LANGUAGES = ("fin", "fin", "swe", "fin", "sme", "fin", "swe", "fin")


def _survey_answers() -> pd.DataFrame:
    rows = []
    for year, items in ANSWERS.items():
        for item, values in items.items():
            for i, value in enumerate(values):
                rows.append(
                    {
                        "response_id": f"{year}-r{i}",
                        "item_id": item,
                        "value": value,
                        "answered_on": date(year, 5, 1) + timedelta(days=3 * i),
                        "unit_id": "kallio" if i % 3 else "malmi",
                        "respondent_role": "relative" if i % 4 == 3 else "client",
                        "language": LANGUAGES[i % len(LANGUAGES)],
                        "channel": "digital" if i % 2 else "visit",
                    }
                )
    return pd.DataFrame(rows)


CATEGORIES = ("Hoitoonpääsy", "Palvelun nopeus", "Takaisinsoitto")
TYPES = ("kiitos", "moite", "moite", "idea", "kysymys")
HANDLING = (  # received, answered: working days / calendar days
    (datetime(2019, 4, 18, 9), datetime(2019, 4, 23, 15)),  # Easter 2019
    (datetime(2019, 12, 20, 9), datetime(2019, 12, 30, 8)),  # Christmas
    (datetime(2019, 6, 3, 9), datetime(2019, 6, 3, 16)),  # same day
    (datetime(2019, 6, 7, 9), datetime(2019, 6, 10, 9)),  # Friday → Monday
    (datetime(2019, 11, 4, 9), None),  # unanswered and overdue
    (datetime(2019, 12, 30, 9), None),  # unanswered, still within the target
)


def _feedback() -> pd.DataFrame:
    rows = []
    for year, count in ((2019, 60), (2018, 40)):
        for i in range(count):
            received = datetime(year, 1, 7, 8) + timedelta(hours=61 * i)
            unit = ("kallio", "malmi", "kotihoito_ita", None)[i % 4]
            rows.append(
                {
                    "feedback_id": f"{year}-f{i}",
                    "received_at": received,
                    "answered_at": received + timedelta(days=i % 9, hours=3) if i % 5 else None,
                    "unit_id": unit,
                    "service_area_id": "tpp" if unit is None or unit != "kotihoito_ita" else "sko",
                    "feedback_type": TYPES[i % len(TYPES)],
                    "category": CATEGORIES[i % len(CATEGORIES)],
                    "topic": "influenssarokotus" if i % 6 == 0 else None,
                    "channel": "web" if i % 3 else "phone",
                    "language": "swe" if i % 7 == 0 else "fin",
                }
            )
    for i, (received, answered) in enumerate(HANDLING):
        rows.append(
            {
                "feedback_id": f"h{i}",
                "received_at": received,
                "answered_at": answered,
                "unit_id": "kallio",
                "service_area_id": "tpp",
                "feedback_type": "moite",
                "category": "Hoitoonpääsy",
                "channel": "web",
                "language": "fin",
            }
        )
    return pd.DataFrame(rows)


def _cases() -> pd.DataFrame:
    """Muistutukset and kantelut of both years, and appeals that complaint_count leaves out."""
    kinds = ["muistutus"] * 8 + ["kantelu_avi"] * 2 + ["kantelu_eoa"] + ["muistutus"] * 5 + ["kantelu_avi"]
    kinds += ["muutoksenhaku"] * 3
    received = [date(2019, 3, 1 + 2 * i) for i in range(11)] + [date(2018, 3, 1 + i) for i in range(6)]
    received += [date(2019, 5, 2), date(2019, 6, 3), date(2018, 5, 4)]
    units = ["kallio"] * 5 + ["malmi"] * 3 + [None] * 2 + ["kallio"] + ["kallio"] * 3 + ["malmi"] * 2 + [None]
    units += ["kallio", "malmi", "kallio"]
    return pd.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(len(kinds))],
            "case_kind": kinds,
            "received_on": received,
            "decided_on": [d + timedelta(days=40) for d in received],
            "service_area_id": "tpp",
            "unit_id": units,
            "reason": ["hoitoonpääsy", "kohtelu"] * 8 + ["kohtelu"] * 2 + ["hoitoonpääsy", "kohtelu"],
            "outcome": "ei toimenpiteitä",
        }
    )


def _visits() -> pd.DataFrame:
    months = [date(y, m, 1) for y in (2018, 2019) for m in range(1, 13)]
    return pd.DataFrame(
        {
            "unit_id": ["kallio"] * 24 + ["malmi"] * 24,
            "month": months * 2,
            "visits": [1000] * 24 + [500] * 24,
        }
    )


def _ombudsman() -> pd.DataFrame:
    sectors = ("health", "social", "both", "health")
    topics = ("kohtelu", "maksut", "hoito")
    days = [date(2019, 4, 1 + i) for i in range(10)] + [date(2018, 4, 1 + i) for i in range(6)]
    return pd.DataFrame(
        {
            "contact_id": [f"o{i}" for i in range(len(days))],
            "contacted_on": days,
            "sector": [sectors[i % 4] for i in range(len(days))],
            "topic": [topics[i % 3] for i in range(len(days))],
            "matters": [1 + i % 3 for i in range(len(days))],
            "service_area_id": ["sko" if i % 5 == 4 else "tpp" for i in range(len(days))],
        }
    )


def _themes() -> pd.DataFrame:
    """Theme rows of open text (issue 15): call-back rising from 2018 to 2019, praise steady."""
    days = [date(2019, 10, 1 + i) for i in range(12)] + [date(2018, 10, 1 + i) for i in range(6)]
    themes = ["callback"] * 9 + ["expertise"] * 3 + ["callback"] * 3 + ["expertise"] * 3
    return pd.DataFrame(
        {
            "source": "feedback",
            "record_id": [f"t{i}" for i in range(len(days))],
            "theme": themes,
            "received_on": days,
            "unit_id": ["kallio" if i % 3 else "malmi" for i in range(len(days))],
            "service_area_id": "tpp",
            "sentiment": ["positive" if theme == "expertise" else "negative" for theme in themes],
            "words": ["hoito" if theme == "expertise" else "takaisinsoitto" for theme in themes],
            "lemmas": ["hoito" if theme == "expertise" else "takaisinsoitto" for theme in themes],
            "lexicon_version": "test",
        }
    )


def fact_rows() -> dict[str, pd.DataFrame]:
    """Every fact table's rows (before the store adds ``batch_id``)."""
    return {
        "feedback_theme": _themes(),
        "quick_feedback": _quick_feedback(),
        "survey_answer": _survey_answers(),
        "feedback": _feedback(),
        "case": _cases(),
        "visits": _visits(),
        "ombudsman_contact": _ombudsman(),
    }


def dimension_rows() -> dict[str, pd.DataFrame]:
    """The dimensions of tests/metrics_helpers.py plus the survey."""
    return {"service_area": AREAS, "service": SERVICES, "unit": UNITS, "survey": SURVEY, "survey_item": ITEMS}


def build(root: Path) -> Path:
    """The warehouse written by the project's own store (partitioned by year)."""
    write(root, survey=SURVEY, survey_item=ITEMS, **fact_rows())
    return root


def _arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    arrow_schema = schema.arrow_schema(name)
    frame = frame.copy()
    if "batch_id" in arrow_schema.names:
        frame["batch_id"] = "etl"
    columns = {}
    for field in arrow_schema:
        values = frame[field.name] if field.name in frame.columns else [None] * len(frame)
        columns[field.name] = pa.array(
            list(values) if field.name in frame.columns else values, type=field.type, from_pandas=True
        )
    return pa.table(columns)


def write_plain(root: Path, partitioned: bool) -> Path:
    """The same rows written by 'another tool' with plain pyarrow: with ``year=`` folders or without.

    Flat fact tables are split into two files, so several files are read either way.
    """
    for name, frame in {**dimension_rows(), **fact_rows()}.items():
        folder = root / name
        folder.mkdir(parents=True)
        table = _arrow(name, frame)
        date_column = schema.TABLES[name].date_column
        if date_column is None:
            pq.write_table(table, folder / "part-0.parquet")
        elif partitioned:
            years = pd.to_datetime(frame[date_column]).dt.year.to_numpy()
            for year in sorted(set(years)):
                (folder / f"year={year}").mkdir()
                pq.write_table(
                    table.filter(pa.array(years == year)), folder / f"year={year}" / "part-0.parquet"
                )
        else:
            half = len(frame) // 2
            pq.write_table(table.slice(0, half), folder / "part-0.parquet")
            pq.write_table(table.slice(half), folder / "part-1.parquet")
    return root


SPECS = (
    QuerySpec("happy_index", YEAR_2019, compare="last_year"),
    QuerySpec("happy_index", YEAR_2019, grain="month", group_by=("service",), compare="last_year"),
    QuerySpec("happy_index", SPRING_2019, grain="week", compare="previous"),
    QuerySpec("happy_index", YEAR_2019, grain="hour", group_by=("weekday",)),
    QuerySpec("happy_index", YEAR_2019, grain="weekday", group_by=("unit",), include_misuse=True),
    QuerySpec("share_positive", YEAR_2019, group_by=("unit",), compare="last_year"),
    QuerySpec("very_positive_share", YEAR_2019, group_by=("service_area",), public=True),
    QuerySpec("response_count", YEAR_2019, group_by=("unit", "button"), public=True),
    QuerySpec("response_count", SPRING_2019, grain="day", unit=("malmi",)),
    QuerySpec("statement_mean", YEAR_2019, group_by=("item",), compare="last_year"),
    QuerySpec("statement_mean_normalized", YEAR_2019, group_by=("language",)),
    QuerySpec("agree_share", YEAR_2019, group_by=("unit",), public=True),
    QuerySpec("school_grade", YEAR_2019, grain="month", min_n=3),
    QuerySpec("nps", YEAR_2019, group_by=("respondent_role",), compare="last_year"),
    QuerySpec("survey_respondents", YEAR_2019, group_by=("unit",), compare="last_year"),
    QuerySpec(
        "feedback_count", YEAR_2019, group_by=("category", "feedback_type"), compare="last_year", public=True
    ),
    QuerySpec("moite_share", YEAR_2019, grain="quarter", group_by=("service_area",)),
    QuerySpec("reply_within_target", YEAR_2019, group_by=("unit",), compare="last_year"),
    QuerySpec("handling_days", YEAR_2019, group_by=("feedback_type",)),
    QuerySpec("handling_working_days", YEAR_2019, compare="last_year"),
    QuerySpec("case_count", YEAR_2019, group_by=("case_kind",), compare="last_year", public=True),
    QuerySpec("complaint_count", YEAR_2019, group_by=("unit",), compare="last_year", public=True),
    QuerySpec("cases_per_10k_visits", YEAR_2019, grain="quarter", group_by=("unit",), min_n=3),
    QuerySpec("ombudsman_contacts", YEAR_2019, group_by=("sector",), compare="last_year"),
    QuerySpec("ombudsman_matters", YEAR_2019, grain="year"),
    QuerySpec("matters_per_contact", YEAR_2019, group_by=("service_area",)),
    QuerySpec("theme_count", YEAR_2019, group_by=("theme",), compare="last_year", public=True),
)
"""Every metric kind (mean, share, NPS, count, rate), the grains (day … year, hour, weekday),
grouping, filters, both comparisons, public mode and small cells."""


def catalog_specs(metric_id: str) -> tuple[QuerySpec, ...]:
    """Two specs of any catalog metric: the year against last year, and by month."""
    return (
        QuerySpec(metric_id, YEAR_2019, compare="last_year"),
        QuerySpec(metric_id, YEAR_2019, grain="month"),
    )


def assert_same(expected: pd.DataFrame, actual: pd.DataFrame, label: str = "") -> None:
    """Equal result frames: columns, dtypes, keys and flags exactly, floats to 1e-9 (sums may be
    added in another order), and the comparison facts in ``attrs``."""
    assert list(actual.columns) == list(expected.columns), label
    assert len(actual) == len(expected), label
    for column in expected.columns:
        want, got = expected[column], actual[column]
        assert got.dtype == want.dtype, f"{label} {column}: {got.dtype} != {want.dtype}"
        assert got.isna().tolist() == want.isna().tolist(), f"{label} {column}: missing values differ"
        shown = want.notna().to_numpy()
        if pd.api.types.is_float_dtype(want):
            np.testing.assert_allclose(
                got.to_numpy()[shown],
                want.to_numpy()[shown],
                rtol=1e-9,
                atol=1e-9,
                err_msg=f"{label} {column}",
            )
        else:
            assert got[shown].tolist() == want[shown].tolist(), f"{label} {column}"
    assert actual.attrs == expected.attrs, label
