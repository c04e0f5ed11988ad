"""Surveys: statement means raw and normalised across 1–4 / 1–5 / 4–10 scales, agree share, grade, NPS."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from tests.metrics_helpers import everything, write

SPRING = Period(date(2019, 1, 1), date(2019, 6, 30))
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
    }
)
VALUES = {
    "asiallinen": [4, 3, 2, None],  # mean 3, normalised (100, 66.7, 33.3) → 66.7
    "sujuva": [5, 4, 4, 1],  # mean 3.5, normalised (100, 75, 75, 0) → 62.5, agree 3/4
    "arvosana": [9, 8, 10, 7],  # mean 8.5, normalised (83.3, 66.7, 100, 50) → 75
    "suosittelu": [10, 9, 9, 10, 9, 8, 7, 6, 3, 0],  # 5 promoters, 3 detractors → NPS 20
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    rows = [
        {"response_id": f"r{i}", "item_id": item, "value": value, "answered_on": date(2019, 5, 1 + i)}
        for item, values in VALUES.items()
        for i, value in enumerate(values)
    ]
    answers = pd.DataFrame(rows).assign(unit_id="kallio", respondent_role="client", language="fin")
    survey = pd.DataFrame(
        {
            "survey_id": ["palvelumittari"],
            "name_fi": ["Palvelumittari"],
            "name_sv": ["Servicemätare"],
            "name_en": ["Service meter"],
        }
    )
    return write(tmp_path_factory.mktemp("survey"), survey=survey, survey_item=ITEMS, survey_answer=answers)


def _query(warehouse, metric, **changes):
    return run_query(everything(warehouse), QuerySpec(metric, SPRING, min_n=1, **changes))


def test_statement_mean_on_own_scale_excludes_dont_know(warehouse):
    frame = _query(warehouse, "statement_mean", group_by=("item",)).set_index("item_id")
    assert frame.loc["asiallinen", "value"] == pytest.approx(3.0) and frame.loc["asiallinen", "n"] == 3
    assert frame.loc["sujuva", "value"] == pytest.approx(3.5)
    assert frame.loc["arvosana", "value"] == pytest.approx(8.5)
    assert "suosittelu" not in frame.index
    assert frame.loc["asiallinen", "item_name"] == "Olen saanut asiallista kohtelua"


def test_normalised_mean_puts_scales_side_by_side(warehouse):
    frame = _query(warehouse, "statement_mean_normalized", group_by=("item",)).set_index("item_id")
    assert frame["value"].to_dict() == pytest.approx(
        {"asiallinen": 200 / 3, "sujuva": 62.5, "arvosana": 75.0}
    )
    overall = _query(warehouse, "statement_mean_normalized").iloc[0]
    assert overall["value"] == pytest.approx(750 / 11) and overall["n"] == 11
    scores = np.array([100, 200 / 3, 100 / 3, 100, 75, 75, 0, 250 / 3, 200 / 3, 100, 50])
    assert overall["ci_high"] - overall["value"] == pytest.approx(
        2.2281388519649385 * scores.std(ddof=1) / np.sqrt(11)
    )


def test_names_fall_back_to_finnish(warehouse):
    frame = _query(warehouse, "statement_mean", group_by=("item",), name_language="sv").set_index("item_id")
    assert frame.loc["sujuva", "item_name"] == "Asiointi oli sujuvaa"
    assert frame.loc["asiallinen", "item_name"] == "Jag har fått saklig behandling"


def test_agree_share_and_school_grade(warehouse):
    agree = _query(warehouse, "agree_share", group_by=("item",)).set_index("item_id")["value"]
    assert agree.to_dict() == pytest.approx({"asiallinen": 200 / 3, "sujuva": 75.0})
    assert _query(warehouse, "school_grade").iloc[0]["value"] == pytest.approx(8.5)


def test_nps(warehouse):
    row = _query(warehouse, "nps").iloc[0]
    assert row["value"] == pytest.approx(20.0) and row["n"] == 10
    half = 1.959964 * 100 * np.sqrt((0.5 + 0.3 - 0.2**2) / 10)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((20 - half, 20 + half), abs=1e-4)


def test_default_minimum_n_suppresses_small_cells(warehouse):
    frame = run_query(everything(warehouse), QuerySpec("statement_mean", SPRING, group_by=("item",)))
    assert frame["suppressed"].all() and frame["value"].isna().all()
    assert frame["n"].tolist() == [4, 3, 4]  # arvosana, asiallinen, sujuva: n stays visible
