"""The executable catalog: each entry's formula against its SQL, and a new metric as one entry."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy.sql import visitors
from sqlalchemy.sql.expression import ColumnClause

from data_access import schema
from metrics.aggregate import statements
from metrics.catalog import (
    CATALOG,
    CHANNELS,
    KINDS,
    SMALLEST_CHANGE,
    TIME_DIMENSIONS,
    MetricDef,
    in_languages,
)
from metrics.measures import Mean, Rate, Share
from metrics.prose import Prose
from metrics.query import run_query
from metrics.sources import QUICK_FEEDBACK
from metrics.spec import Period, QuerySpec
from metrics.tally import TallyRow
from tests.metrics_helpers import everything, presses, write

YEAR = Period(date(2019, 1, 1), date(2019, 12, 31))
FOUR = {3: 126, 2: 60, 1: 16, 0: 17}  # DESIGN.md §4: happy index 78.2
FIVE = {4: 51, 3: 23, 2: 12, 1: 2, 0: 4}  # DESIGN.md §4: happy index 81.3
ITEMS = pd.DataFrame(
    {
        "item_id": ["asiallinen", "arvosana", "suosittelu"],
        "survey_id": ["palvelumittari"] * 3,
        "text_fi": ["Olen saanut asiallista kohtelua", "Kouluarvosana", "Suosittelisin"],
        "scale_min": [1, 4, 0],
        "scale_max": [5, 10, 10],
        "kind": ["likert", "grade", "nps"],
    }
)
ANSWERS = {"asiallinen": [5, 4, 4, 1, None], "arvosana": [9, 8, 10, 7], "suosittelu": [10, 9, 6, 3, 8, 9]}
REPLIES = [  # received, answered
    (datetime(2019, 4, 9, 9), datetime(2019, 4, 12, 15)),
    (datetime(2019, 6, 3, 9), datetime(2019, 6, 3, 16)),
    (datetime(2019, 6, 7, 9), datetime(2019, 6, 20, 9)),
    (datetime(2019, 11, 4, 9), None),
    (datetime(2019, 12, 30, 9), None),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    quick = pd.concat(
        [
            presses(FOUR, unit="kallio", start=datetime(2019, 3, 1, 8)),
            presses(FIVE, unit="kotihoito_ita", scale="five", start=datetime(2019, 3, 1, 8)),
            presses({10: 5, 3: 2}, unit="kallio", scale="nps", start=datetime(2019, 3, 2, 8)),
            presses({0: 30}, unit="kallio", misuse=True, start=datetime(2019, 3, 3, 8), prefix="misuse"),
        ]
    )
    answers = pd.DataFrame(
        [
            {"response_id": f"r{i}", "item_id": item, "value": value, "answered_on": date(2019, 5, 1 + i)}
            for item, values in ANSWERS.items()
            for i, value in enumerate(values)
        ]
    ).assign(unit_id=["kallio", "malmi"] * 7 + ["kallio"], language="fin")
    survey = pd.DataFrame(
        {"survey_id": ["palvelumittari"], "name_fi": ["Palvelumittari"], "name_sv": ["S"], "name_en": ["S"]}
    )
    feedback = pd.DataFrame(
        {
            "feedback_id": [f"f{i}" for i in range(len(REPLIES))],
            "received_at": [received for received, _ in REPLIES],
            "answered_at": [answered for _, answered in REPLIES],
            "unit_id": ["kallio", "malmi", "kallio", "malmi", "kallio"],
            "feedback_type": ["moite", "kiitos", "moite", "idea", "moite"],
        }
    )
    cases = pd.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(5)],
            "case_kind": "muistutus",
            "received_on": [date(2019, 3, 1 + i) for i in range(5)],
            "unit_id": ["kallio", "kallio", "malmi", None, "kallio"],
            "service_area_id": "tpp",
        }
    )
    visits = pd.DataFrame(
        {
            "unit_id": ["kallio"] * 12 + ["malmi"] * 12,
            "month": [date(2019, m, 1) for m in range(1, 13)] * 2,
            "visits": [1000] * 12 + [500] * 12,
        }
    )
    ombudsman = pd.DataFrame(
        {
            "contact_id": ["o1", "o2", "o3"],
            "contacted_on": [date(2019, 4, 1)] * 3,
            "sector": ["health", "social", "health"],
            "matters": [1, 3, 2],
            "service_area_id": "tpp",
        }
    )
    themes = pd.DataFrame(  # two call-back texts and a praise of expertise (issue 15)
        {
            "source": "feedback",
            "record_id": ["f0", "f2", "f1"],
            "theme": ["callback", "callback", "expertise"],
            "received_on": [date(2019, 3, 4), date(2019, 3, 6), date(2019, 3, 5)],
            "unit_id": ["kallio", "kallio", "malmi"],
            "sentiment": ["negative", "negative", "positive"],
            "words": ["takaisinsoitto", "puhelin", "hoito"],
            "lemmas": ["takaisinsoitto", "puhelin", "hoito"],
            "lexicon_version": "test",
        }
    )
    return write(
        tmp_path_factory.mktemp("catalog"),
        feedback_theme=themes,
        quick_feedback=quick,
        survey=survey,
        survey_item=ITEMS,
        survey_answer=answers,
        feedback=feedback,
        case=cases,
        visits=visits,
        ombudsman_contact=ombudsman,
    )


def test_every_entry_is_a_complete_definition():
    for metric in CATALOG.values():
        assert metric.kind in KINDS and metric.channel in CHANNELS, metric.id
        assert set(metric.names) == set(metric.descriptions) == {"fi", "sv", "en"}, metric.id
        assert all(metric.names.values()) and all(metric.descriptions.values()), metric.id
        assert metric.unit in SMALLEST_CHANGE and metric.smallest_change > 0, metric.id
        readable = set(metric.source.dimensions) | set(TIME_DIMENSIONS)
        if isinstance(metric.measure, Rate):
            readable &= set(metric.measure.exposure.source.dimensions) | set(TIME_DIMENSIONS)
        assert set(metric.dimensions) <= readable, metric.id


def test_the_happy_index_is_one_entry_scoring_each_press():
    entry = CATALOG["happy_index"]
    assert entry.source is QUICK_FEEDBACK and isinstance(entry.measure, Mean) and entry.tallied
    assert entry.formula == (
        "mean(100 × button_index / (scale_points − 1)) over presses; misuse is not true; scale ∈ {four, five}"
    )
    four_buttons = TallyRow({"button_index": np.arange(4.0), "scale_points": np.full(4, 4.0)}, YEAR.end)
    assert entry.measure.value(four_buttons) == pytest.approx([0, 100 / 3, 200 / 3, 100])


def test_formulas_state_the_design_definitions():
    formulas = {metric_id: metric.formula for metric_id, metric in CATALOG.items()}
    assert formulas["nps"] == (
        "100 × (count(value ≥ 9) − count(value ≤ 6)) / count(answers); interval from var = p + d − (p − d)²; "
        "value is not null; kind = nps"
    )
    assert formulas["statement_mean_normalized"] == (
        "mean(100 × (value − scale_min) / (scale_max − scale_min)) over answers; value is not null; "
        "kind ∈ {likert, grade}; scale_max > scale_min"
    )
    assert formulas["agree_share"] == (
        "100 × count(value ≥ scale_max − 1) / count(answers); value is not null; kind = likert"
    )
    assert formulas["reply_within_target"] == (
        "100 × count(working_days(received, answered) ≤ 5) / "
        "count(known(answered) or working_days(received, data_end) > 5)"
    )
    assert formulas["handling_working_days"] == (
        "mean(working_days(received, answered)) and median(working_days(received, answered)) over feedback; "
        "answered_at is not null"
    )
    assert formulas["cases_per_10k_visits"] == (
        "10 000 × count(cases) / sum(visits) of the same groups and months; unit_id is not null"
    )
    assert formulas["ombudsman_matters"] == "sum(matters)"


def _sql_columns(statement) -> set[str]:
    """Columns the statement's own select list and conditions read (not those inside its FROM)."""
    found = set()
    for clause in [*statement.selected_columns, statement.whereclause]:
        for element in visitors.iterate(clause):
            if isinstance(element, ColumnClause) and element.table is not None:
                found.add(element.name)
    return found


def _formula_columns(metric: MetricDef) -> set[str]:
    """The source columns the formula text names (a derived column by the column it comes from)."""
    sources = [metric.source]
    if isinstance(metric.measure, Rate):
        sources.append(metric.measure.exposure.source)
    physical: dict[str, str] = {}
    for source in sources:
        for table in [source.table, *(join.table for join in source.joins)]:
            physical |= {column.name: column.name for column in schema.TABLES[table].table.columns}
        physical |= {name: derived.column for name, derived in source.derived.items()}
    return {physical[word] for word in re.findall(r"[a-z_]+", metric.formula) if word in physical}


@pytest.mark.parametrize("metric_id", sorted(CATALOG))
def test_the_formula_names_exactly_the_columns_its_sql_reads(warehouse, metric_id):
    metric = CATALOG[metric_id]
    built = statements(everything(warehouse), metric, QuerySpec(metric_id, YEAR), YEAR)
    structural = {"year", metric.source.date}
    if isinstance(metric.measure, Rate):
        structural.add(metric.measure.exposure.source.date)
    read = set().union(*(_sql_columns(statement) for statement in built))
    assert read - structural == _formula_columns(metric) - structural


def _variant_agrees(reader, metric: MetricDef, variant: MetricDef, group_by: tuple[str, ...]) -> None:
    spec = QuerySpec(metric.id, YEAR, group_by=group_by, min_n=1)
    declared = run_query(reader, spec, catalog={metric.id: metric})
    other = run_query(reader, spec, catalog={metric.id: variant})
    assert declared["n"].sum() > 0, metric.id
    columns = ["n", "value", "ci_low", "ci_high"] + (["median"] if metric.has_median else [])
    pd.testing.assert_frame_equal(declared[columns], other[columns], check_dtype=False, rtol=1e-12)


@pytest.mark.parametrize("metric_id", sorted(CATALOG))
def test_the_engine_and_the_tally_compute_the_same_declared_measure(warehouse, metric_id):
    """Each entry's expressions mean the same as SQL and as NumPy on the counted values."""
    metric = CATALOG[metric_id]
    variant = replace(metric, tallied=not metric.tallied)
    reader = everything(warehouse)
    if "days(" in metric.formula:  # working days need the holiday calendar: tallied only
        with pytest.raises(AttributeError, match="only tallied measures call days"):
            run_query(reader, QuerySpec(metric_id, YEAR), catalog={metric_id: variant})
        return
    group_by = ("unit",) if "unit" in metric.dimensions else (metric.dimensions[0],)
    _variant_agrees(reader, metric, variant, ())
    _variant_agrees(reader, metric, variant, group_by)


def test_adding_a_metric_is_one_entry(warehouse):
    very_negative = MetricDef(
        id="very_negative_share",
        source=QUICK_FEEDBACK,
        measure=Share(lambda press: press.button_index == 0),
        where=(lambda press: press.scale.in_(("four", "five")),),
        names=in_languages("Erittäin kielteisten osuus", "Andel mycket negativa", "Very negative share"),
        descriptions=in_languages(
            "Alimman painikkeen osuus", "Andel på lägsta knappen", "Share on the bottom button"
        ),
        unit="percent",
        higher_is_better=False,
        dimensions=("service_area", "service", "unit", "channel", "scale"),
    )
    catalog = {**CATALOG, very_negative.id: very_negative}
    assert very_negative.formula == (
        "100 × count(button_index = 0) / count(presses); misuse is not true; scale ∈ {four, five}"
    )
    spec = QuerySpec("very_negative_share", YEAR, group_by=("service",), compare="last_year")
    frame = run_query(everything(warehouse), spec, catalog=catalog).set_index("service_id")
    assert frame.loc["terveysasemat", "value"] == pytest.approx(100 * 17 / 219)  # misuse and nps left out
    assert frame.loc["kotihoito", "value"] == pytest.approx(100 * 4 / 92)
    assert frame.loc["kotihoito", "service_name"] == "Kotihoito"
    assert set(frame["not_assessed"]) == {"no_comparison_data"}
    assert "very_negative_share" not in CATALOG
    with pytest.raises(ValueError, match="unknown metric"):
        run_query(everything(warehouse), spec)


def test_a_grain_finer_than_the_source_dates_is_refused(warehouse):
    reader = everything(warehouse)
    with pytest.raises(ValueError, match="visits are monthly"):
        run_query(reader, QuerySpec("cases_per_10k_visits", YEAR, grain="week"))
    with pytest.raises(ValueError, match="visits are monthly"):
        run_query(reader, QuerySpec("cases_per_10k_visits", YEAR, group_by=("weekday",)))
    with pytest.raises(ValueError, match="hour of day"):
        run_query(reader, QuerySpec("case_count", YEAR, grain="hour"))
    quarterly = QuerySpec("cases_per_10k_visits", YEAR, grain="quarter", min_n=1)
    by_quarter = run_query(reader, quarterly).set_index("period")
    assert by_quarter.loc[date(2019, 1, 1), "value"] == pytest.approx(
        10_000 * 4 / 4500
    )  # one case has no unit


def test_prose_writes_the_parentheses_precedence_needs():
    a, b, c = Prose("a"), Prose("b"), Prose("c")
    assert str((a - b) - c) == "a − b − c"
    assert str(a - (b - c)) == "a − (b − c)"
    assert str(a / (b * c)) == "a / (b × c)"
    assert str(100 * (a + b) / 2) == "100 × (a + b) / 2"
    assert str(-(a + b)) == "−(a + b)"
    assert str(~(a & b) | (c >= 10_000)) == "not (a and b) or c ≥ 10 000"
    with pytest.raises(TypeError, match="&, \\| and ~"):
        bool(a == b)


def test_no_metric_is_special_cased_by_its_id():
    special = re.compile(r"\b(metric\.id|metric_id|spec\.metric)\s*(==|!=|in\b)")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(Path("metrics").glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if special.search(line)
    ]
    assert offenders == []
