"""Feedback system: seed 002 Taulukko 1 cell for cell, reply within target, handling times."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count

import numpy as np
import pandas as pd
import pytest

from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from tests.metrics_helpers import everything, write

TYPES = ("kiitos", "moite", "idea", "kysymys")
# Taulukko 1. Influenssarokotuspalautteiden luokittelu (seed 002): Q4 2020 by type, and the Q4 2019 total.
TABLE_1 = {
    "Hoitoonpääsy": ((5, 78, 11, 34), 14),
    "Tasa-arvo": ((0, 8, 0, 4), 8),
    "Palvelun hakeminen": ((0, 7, 2, 10), 6),
    "Neuvonta ja ohjaus": ((9, 42, 8, 19), 15),
    "Tilat ja välineet": ((2, 9, 3, 0), 9),
    "Palvelun nopeus": ((33, 8, 1, 4), 26),
    "Takaisinsoitto": ((0, 35, 3, 13), 0),
    "Sähköiset palvelut": ((0, 39, 11, 15), 3),
    "Viestintä": ((0, 11, 4, 3), 0),
    "Henkilökunnan ammattitaito, hoito": ((74, 3, 1, 0), 14),
}
# The seed's "Yhteensä" row does not add up from its cells: 2020 moite 241 vs 240, kysymys 108 vs 102,
# total 516 vs 509; 2019 total 81 vs 95. The 2020 gap (1 moite + 6 kysymys) fits feedback in categories
# the table does not list, so such rows are added under "Muu"; the 2019 total cannot be reproduced
# from the listed rows (they sum to 95), so the test checks the 2019 column row by row.
UNLISTED_2020 = {"moite": 1, "kysymys": 6}
Q4_2020 = Period(date(2020, 10, 1), date(2020, 12, 31))


def _feedback_rows() -> pd.DataFrame:
    ids = count()
    rows = []

    def add(received: datetime, category: str, feedback_type: str, topic: str | None) -> None:
        rows.append(
            {
                "feedback_id": f"f{next(ids)}",
                "received_at": received,
                "service_area_id": "tpp",
                "feedback_type": feedback_type,
                "category": category,
                "topic": topic,
            }
        )

    for c, (category, (cells, total_2019)) in enumerate(TABLE_1.items()):
        for feedback_type, cell in zip(TYPES, cells, strict=True):
            for i in range(cell):
                add(
                    datetime(2020, 10, 1, 8) + timedelta(hours=7 * i + c),
                    category,
                    feedback_type,
                    "influenssarokotus",
                )
        for i in range(total_2019):
            add(
                datetime(2019, 11, 1, 9) + timedelta(hours=5 * i), category, TYPES[i % 4], "influenssarokotus"
            )
        # noise the table must not count: other topics in Q4 2020, the topic outside Q4
        add(datetime(2020, 11, 2, 10), category, "moite", "koronatestaus")
        add(datetime(2020, 11, 2, 11), category, "moite", None)
        add(datetime(2020, 9, 30, 23, 59), category, "kiitos", "influenssarokotus")
        add(datetime(2021, 1, 1, 0, 0), category, "kiitos", "influenssarokotus")
    for feedback_type, cell in UNLISTED_2020.items():
        for i in range(cell):
            add(datetime(2020, 12, 1, 8) + timedelta(hours=i), "Muu", feedback_type, "influenssarokotus")
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory):
    return write(tmp_path_factory.mktemp("seed002"), feedback=_feedback_rows())


def _influenza(warehouse, group_by):
    spec = QuerySpec(
        "feedback_count",
        Q4_2020,
        group_by=group_by,
        compare="last_year",
        extra=(("topic", "influenssarokotus"),),
    )
    return run_query(everything(warehouse), spec)


def test_seed_002_table_1_cell_for_cell(seed_warehouse):
    frame = _influenza(seed_warehouse, ("category", "feedback_type"))
    table = frame.pivot(index="category", columns="feedback_type", values="value").fillna(0).astype(int)
    for category, (cells, _) in TABLE_1.items():
        assert tuple(table.loc[category, list(TYPES)]) == cells, category
    by_category = _influenza(seed_warehouse, ("category",)).set_index("category")
    for category, (cells, total_2019) in TABLE_1.items():
        assert by_category.loc[category, "value"] == sum(cells)
        assert (by_category.loc[category, "value_cmp"] if total_2019 else 0) == total_2019
    by_type = _influenza(seed_warehouse, ("feedback_type",)).set_index("feedback_type")["value"]
    assert by_type.to_dict() == {"kiitos": 123, "moite": 241, "idea": 44, "kysymys": 108}  # Yhteensä
    total = _influenza(seed_warehouse, ()).iloc[0]
    assert (total["value"], total["value_cmp"]) == (516, 95)
    assert total["significant"] and total["p_value"] < 1e-10  # "lähes kuusinkertaistuivat"


def test_category_names_are_the_codes(seed_warehouse):
    frame = _influenza(seed_warehouse, ("category",))
    assert (frame["category"] == frame["category_name"]).all()


@pytest.fixture(scope="module")
def handling_warehouse(tmp_path_factory):
    pairs = [  # received, answered: working days / calendar days
        (datetime(2020, 4, 9, 9), datetime(2020, 4, 14, 15)),  # Easter: 1 / 5
        (datetime(2020, 12, 22, 9), datetime(2020, 12, 31, 8)),  # Christmas: 5 / 9
        (datetime(2020, 12, 21, 9), datetime(2021, 1, 4, 8)),  # 7 / 14
        (datetime(2020, 6, 1, 9), datetime(2020, 6, 1, 16)),  # same day: 0 / 0
        (datetime(2020, 6, 5, 9), datetime(2020, 6, 8, 9)),  # Friday → Monday: 1 / 3
        (datetime(2020, 12, 29, 9), None),  # unanswered, still within target on 31.12.
        (datetime(2020, 11, 2, 9), None),  # unanswered and overdue
    ]
    rows = pd.DataFrame(
        {
            "feedback_id": [f"h{i}" for i in range(len(pairs))],
            "received_at": [p[0] for p in pairs],
            "answered_at": [p[1] for p in pairs],
            "service_area_id": "tpp",
            "unit_id": "kallio",
            "feedback_type": "moite",
        }
    )
    return write(tmp_path_factory.mktemp("handling"), feedback=rows)


YEAR_2020 = Period(date(2020, 1, 1), date(2020, 12, 31))


def test_handling_time_in_calendar_and_working_days(handling_warehouse):
    reader = everything(handling_warehouse)
    calendar = run_query(reader, QuerySpec("handling_days", YEAR_2020)).iloc[0]
    assert calendar["n"] == 5
    assert calendar["value"] == pytest.approx(np.mean([5, 9, 14, 0, 3]))
    assert calendar["median"] == 5
    working = run_query(reader, QuerySpec("handling_working_days", YEAR_2020)).iloc[0]
    assert working["value"] == pytest.approx(np.mean([1, 5, 7, 0, 1])) and working["median"] == 1
    by_month = run_query(reader, QuerySpec("handling_days", YEAR_2020, grain="month", min_n=1))
    assert by_month.set_index("period").loc[date(2020, 12, 1), "median"] == pytest.approx(11.5)


def test_reply_within_five_working_days(handling_warehouse):
    row = run_query(everything(handling_warehouse), QuerySpec("reply_within_target", YEAR_2020)).iloc[0]
    # counted: 5 answered + 1 overdue; within target: 4 (1, 5, 0, 1 working days)
    assert row["n"] == 6 and row["value"] == pytest.approx(100 * 4 / 6)
