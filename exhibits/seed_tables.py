"""The tables of the reports the city already publishes, built from the metrics (issue 12).

- seed 002 "Miten onnistuimme?": handling time in calendar and working days with the share
  answered within the target (:func:`handling`), and a topic table per topic with a real rise
  (:func:`topic_tables`: category × type, this year's and last year's totals);
- seed 004 asiakastilinpäätös: every channel's volume by year (:func:`channel_volumes`,
  Taulukko 1), each survey's statement means with the change (:func:`statement_tables`,
  Taulukot 3/5/7/13) and its school grades by unit (:func:`grades_by_unit`, Taulukot 6/8);
- seed 000 Table 3: muistutukset and kantelut by service area and year, appeals as their own
  row (:func:`complaints_by_area`).

Every change is ``run_query``'s classification (its ``change``, ``not_assessed`` and marks) in
the words of :mod:`exhibits.notes`; hidden cells show their marks with a legend.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

import texts
from exhibits.build import (
    change_of,
    delta_text,
    legend_note,
    legend_of,
    notes_of,
    period_name,
    rule_min_n,
    true_n,
)
from exhibits.memo import remembered
from exhibits.model import Exhibit
from exhibits.view import View, metric
from figures.tables import cell_text, count_text, format_value, hiding, mark_text
from metrics.catalog import MetricDef
from metrics.spec import Period, QuerySpec
from metrics.workdays import TARGET_WORKING_DAYS
from texts import t

HANDLING = ("handling_days", "handling_working_days", "reply_within_target")
FEEDBACK_TYPES_SHOWN = ("kiitos", "moite", "idea", "kysymys", "muu")
YEARS_SHOWN = 3
"""Years side by side in the yearly tables (seed 000 Table 3: 2016–2018)."""
APPEAL = ("case_kind", "muutoksenhaku")


def table_exhibit(
    view: View,
    key: str,
    title: str,
    table: pd.DataFrame,
    definition: MetricDef,
    n: int | None,
    min_n: int,
    intro: str = "",
    said: tuple[str, ...] = (),
) -> Exhibit:
    """A table alone (with CSV on screen): caption with n and data date, the rows in the notes."""
    legend = legend_of(table, min_n, count=not definition.is_score)
    return Exhibit(
        key=key,
        title=title,
        table=table,
        caption=view.caption(definition, n),
        n=n,
        notes=(*said, *notes_of(table), *legend_note(legend)),
        legend=legend,
        intro=intro,
    )


def _compared(view: View, metric_id: str, **changes) -> pd.DataFrame:
    return view.run(view.spec(metric_id, compare="last_year", **changes))


def _periods(view: View) -> tuple[str, str]:
    period = view.filters.period
    return period_name(period), period_name(period.last_year())


def handling(view: View, key: str = "seed_handling") -> Exhibit:
    """Mean handling time in calendar and working days and the share answered within the target,
    against a year earlier; the target is in the title and in the sentence under it."""
    now, then = _periods(view)
    rows, said = [], {}
    for metric_id in HANDLING:
        definition = metric(metric_id)
        spec = view.spec(metric_id, compare="last_year")
        row = view.run(spec).iloc[0]
        min_n = view.threshold(spec)
        said[metric_id] = row
        rows.append(
            {
                t("table.metric"): definition.name(texts.current_language()),
                now: cell_text(row["value"], row["mark"], definition, min_n),
                then: cell_text(row["value_cmp"], row["mark_cmp"], definition, min_n),
                t("table.change"): delta_text(row, definition) or "",
                t("table.assessment"): change_of(row, definition, rule_min_n(view, spec)),
                "n": count_text(row["n"], row["mark"], min_n),
            }
        )
    sentence = handling_sentence(said)
    table = pd.DataFrame(rows)
    title = t("seed.handling_title", target=TARGET_WORKING_DAYS)
    n = true_n(view.run(view.spec("reply_within_target", compare="last_year")))
    min_n = view.threshold(view.spec("reply_within_target"))
    said_lines = (sentence,) if sentence else ()
    return table_exhibit(
        view, key, title, table, metric("reply_within_target"), n, min_n, sentence or "", said_lines
    )


def handling_sentence(rows: dict[str, pd.Series]) -> str | None:
    """ "Palautteiden keskimääräinen käsittelyaika oli 4 vuorokautta (2,9 arkipäivää), ja 85 %
    vastattiin tavoiteajassa (5 arkipäivää)." — None where a figure is hidden or missing."""
    values = [rows[m]["value"] for m in HANDLING]
    if any(pd.isna(v) for v in values):
        return None
    days, working, share = values
    return t(
        "seed.handling_sentence",
        days=texts.number(round(float(days)), 0),
        working=texts.number(float(working), 1),
        share=texts.percent(float(share), 0),
        target=TARGET_WORKING_DAYS,
    )


def topic_name(topic: str) -> str:
    """A feedback topic as people write it ("influenssarokotukset")."""
    key = f"seed.topic.{topic}"
    return t(key) if texts.has(key) else texts.label("topic", topic)


def rising_topics(view: View) -> list[str]:
    """The topics whose volume rose against a year earlier (``run_query``'s ``rise``), largest first."""
    frame = _compared(view, "feedback_count", group_by=("topic",))
    if frame.empty or "change" not in frame:
        return []
    risen = frame[(frame["change"] == "rise") & frame["topic"].notna()]
    return list(risen.sort_values("value", ascending=False, kind="stable")["topic"])


def topic_tables(view: View, key: str = "seed_topic") -> list[Exhibit]:
    """One table per rising topic, as seed 002 Taulukko 1: category × feedback type, the
    period's and the year-before total per category, and a totals row."""
    return [topic_table(view, topic, f"{key}_{at}") for at, topic in enumerate(rising_topics(view))]


def topic_table(view: View, topic: str, key: str) -> Exhibit:
    """Seed 002 Taulukko 1 for one topic (see :func:`topic_tables`)."""
    definition = metric("feedback_count")
    extra = (("topic", topic),)
    spec = view.spec("feedback_count", compare=None, extra=extra)
    min_n = view.threshold(spec)
    cells = view.run(spec.with_(group_by=("category", "feedback_type")))
    rows = view.run(spec.with_(group_by=("category",), compare="last_year"))
    types = view.run(spec.with_(group_by=("feedback_type",)))
    total = view.run(spec.with_(compare="last_year")).iloc[0]
    now, then = _periods(view)
    shown_types = [f for f in FEEDBACK_TYPES_SHOWN if f in set(cells["feedback_type"])]
    zero = format_value(0, definition)
    cell = {
        (c, f): cell_text(v, m, definition, min_n)
        for c, f, v, m in zip(
            cells["category"], cells["feedback_type"], cells["value"], cells["mark"], strict=True
        )
    }
    rows = rows.assign(_order=rows["category"].eq("Muu")).sort_values(
        ["_order", "value", "category"], ascending=[True, False, True], na_position="last", kind="stable"
    )
    now_total, then_total = t("seed.total_of", period=now), t("seed.total_of", period=then)
    lines = []
    for _, row in rows.iterrows():
        line = {t("dim.category"): texts.label("category", row["category"])}
        line |= {texts.label("feedback_type", f): cell.get((row["category"], f), zero) for f in shown_types}
        line[now_total] = cell_text(row["value"], row["mark"], definition, min_n)
        # A category without rows a year earlier, when the topic had some, had none of them: 0.
        if pd.isna(row["value_cmp"]) and not hiding(row["mark_cmp"]) and pd.notna(total["value_cmp"]):
            line[then_total] = zero
        else:
            line[then_total] = cell_text(row["value_cmp"], row["mark_cmp"], definition, min_n)
        lines.append(line)
    by_type = dict(zip(types["feedback_type"], zip(types["value"], types["mark"], strict=True), strict=True))
    footer = {t("dim.category"): t("table.total")}
    footer |= {
        texts.label("feedback_type", f): cell_text(*by_type[f], definition, min_n) for f in shown_types
    }
    footer[now_total] = cell_text(total["value"], total["mark"], definition, min_n)
    footer[then_total] = cell_text(total["value_cmp"], total["mark_cmp"], definition, min_n)
    table = pd.DataFrame([*lines, footer])
    all_feedback = view.run(view.spec("feedback_count", compare=None)).iloc[0]
    said = _topic_sentence(topic, total, all_feedback, now, then)
    title = t("seed.topic_title", topic=topic_name(topic), period=now)
    return table_exhibit(view, key, title, table, definition, true_n(cells), min_n, said, (said,))


def _topic_sentence(topic: str, total: pd.Series, everything: pd.Series, now: str, then: str) -> str:
    """ "Influenssarokotuksia koskevia palautteita oli 516 (Q4/2019: 95), 23 % kaikista palautteista."""
    if pd.isna(total["value"]) or pd.isna(total["value_cmp"]) or not everything["value"]:
        return t("seed.topic_rose", topic=topic_name(topic))
    return t(
        "seed.topic_sentence",
        topic=topic_name(topic),
        count=texts.number(total["value"], 0),
        then=then,
        earlier=texts.number(total["value_cmp"], 0),
        share=texts.percent(100 * float(total["value"]) / float(everything["value"]), 0),
    )


def _scale_text(items: pd.DataFrame) -> str:
    scales = sorted({(int(a), int(b)) for a, b in zip(items["scale_min"], items["scale_max"], strict=True)})
    return ", ".join(f"{low}–{high}" for low, high in scales)


def surveys_in(view: View) -> list[str]:
    """The surveys answered in the period, in the order of the survey dimension."""
    frame = view.run(view.spec("survey_respondents", group_by=("survey",), compare=None))
    answered = set(frame["survey_id"]) if not frame.empty else set()
    return [s for s in view.source.dimensions().surveys["survey_id"] if s in answered]


@remembered
def statement_tables(view: View, key: str = "seed_statements", survey: str | None = None) -> list[Exhibit]:
    """Each survey's statement means on their own scale, the period against a year earlier,
    with the change and its assessment (seed 004 Taulukot 3/5/7/13); a survey without likert
    statements (only a grade or a recommendation) has no statement table. ``survey``: only that
    one (the surveys page's choice)."""
    items = view.source.dimensions().items
    stated = set(items.loc[items["kind"] == "likert", "survey_id"])
    return [
        statement_table(view, s, f"{key}_{s}")
        for s in surveys_in(view)
        if s in stated and survey in (None, s)
    ]


def statement_table(view: View, survey: str, key: str) -> Exhibit:
    """One survey's statement table (see :func:`statement_tables`); respondents in the intro."""
    definition = metric("statement_mean")
    items = view.source.dimensions().items
    likert = items[(items["survey_id"] == survey) & (items["kind"] == "likert")]
    spec = view.spec("statement_mean", group_by=("item",), survey=(survey,), item=tuple(likert["item_id"]))
    spec = spec.with_(compare="last_year")
    frame = view.run(spec)
    min_n, rule_n = view.threshold(spec), rule_min_n(view, spec)
    now, then = _periods(view)
    order = {item: at for at, item in enumerate(likert["item_id"])}
    frame = frame.assign(_order=frame["item_id"].map(order)).sort_values("_order", kind="stable")
    table = pd.DataFrame(
        {
            t("dim.item"): view.labels(frame, "item").to_numpy(),
            t("seed.mean_of", period=now): [
                cell_text(v, m, definition, min_n) for v, m in zip(frame["value"], frame["mark"], strict=True)
            ],
            t("seed.mean_of", period=then): [
                cell_text(v, m, definition, min_n)
                for v, m in zip(frame["value_cmp"], frame["mark_cmp"], strict=True)
            ],
            t("table.change"): [delta_text(row, definition) or "" for _, row in frame.iterrows()],
            t("table.assessment"): [change_of(row, definition, rule_n) for _, row in frame.iterrows()],
            t("seed.p_value"): [texts.number(p, 3) if pd.notna(p) else "–" for p in frame["p_value"]],
            "n": [count_text(n, m, min_n) for n, m in zip(frame["n"], frame["mark"], strict=True)],
        }
    )
    respondents = view.run(view.spec("survey_respondents", survey=(survey,), compare="last_year")).iloc[0]
    name = view.name_of("survey", survey)
    intro = t(
        "seed.respondents",
        survey=name,
        n=count_text(respondents["n"], respondents["mark"], min_n),
        then=then,
        earlier=count_text(respondents["n_cmp"], respondents["mark_cmp"], min_n),
        scale=_scale_text(likert),
    )
    title = t("seed.statements_title", survey=name, now=now, then=then, scale=_scale_text(likert))
    respondents_n = None if pd.isna(respondents["n"]) else int(respondents["n"])
    return table_exhibit(view, key, title, table, definition, respondents_n, min_n, intro, (intro,))


@remembered
def grades_by_unit(view: View, key: str = "seed_grades", survey: str | None = None) -> list[Exhibit]:
    """Each survey's school grades by unit against a year earlier (seed 004 Taulukot 6/8), with
    the survey's whole grade as the last row; small units show their mark. ``survey``: only that
    one (the surveys page's choice)."""
    items = view.source.dimensions().items
    graded = set(items.loc[items["kind"] == "grade", "survey_id"])
    return [
        grade_table(view, s, f"{key}_{s}") for s in surveys_in(view) if s in graded and survey in (None, s)
    ]


def grade_table(view: View, survey: str, key: str) -> Exhibit:
    """One survey's grades by unit (see :func:`grades_by_unit`)."""
    definition = metric("school_grade")
    spec = view.spec("school_grade", group_by=("unit",), survey=(survey,), compare="last_year")
    frame = view.run(spec)
    whole = view.run(spec.with_(group_by=())).assign(unit_name=t("seed.all_respondents"))
    min_n, rule_n = view.threshold(spec), rule_min_n(view, spec)
    now, then = _periods(view)
    frame = frame.sort_values(
        ["value", "unit_name"], ascending=[False, True], na_position="last", kind="stable"
    )
    frame = pd.concat([frame, whole], ignore_index=True)
    table = pd.DataFrame(
        {
            t("dim.unit"): frame["unit_name"].fillna(frame.get("unit_id")).to_numpy(),
            t("seed.grade_of", period=now): [
                cell_text(v, m, definition, min_n) for v, m in zip(frame["value"], frame["mark"], strict=True)
            ],
            t("seed.grade_of", period=then): [
                cell_text(v, m, definition, min_n)
                for v, m in zip(frame["value_cmp"], frame["mark_cmp"], strict=True)
            ],
            t("table.change"): [delta_text(row, definition) or "" for _, row in frame.iterrows()],
            t("table.assessment"): [change_of(row, definition, rule_n) for _, row in frame.iterrows()],
            "n": [count_text(n, m, min_n) for n, m in zip(frame["n"], frame["mark"], strict=True)],
        }
    )
    name = view.name_of("survey", survey)
    title = t("seed.grades_title", survey=name, now=now, then=then)
    return table_exhibit(view, key, title, table, definition, true_n(whole), min_n, t("seed.grades_intro"))


def years_of(period: Period, count: int = YEARS_SHOWN) -> Period:
    """The ``count`` calendar years ending with the period's."""
    return Period(date(period.end.year - count + 1, 1, 1), period.end)


VOLUMES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("seed.volume.quick_feedback", "response_count", ()),
    ("seed.volume.survey", "survey_respondents", ()),
    ("seed.volume.feedback", "feedback_count", ()),
    ("seed.volume.complaints", "complaint_count", ()),
    ("seed.volume.appeals", "case_count", (APPEAL,)),
    ("seed.volume.ombudsman", "ombudsman_contacts", ()),
)
"""The rows of seed 004 Taulukko 1: (label key, metric, extra filters)."""


def _year_spec(view: View, metric_id: str, years: Period, **changes) -> QuerySpec:
    return view.spec(metric_id, period=years, grain="year", compare=None, **changes)


def _by_year(view: View, metric_id: str, years: Period, **changes) -> pd.DataFrame:
    frame = view.run(_year_spec(view, metric_id, years, **changes))
    return frame.assign(year=[pd.Timestamp(p).year for p in frame["period"]]) if not frame.empty else frame


def volume_queries(view: View) -> list[QuerySpec]:
    """Every query of :func:`channel_volumes`, for prefetching (a dozen: one page's worth)."""
    years = years_of(view.filters.period)
    return [
        spec
        for _, metric_id, extra in VOLUMES
        for spec in (
            _year_spec(view, metric_id, years, extra=extra),
            view.spec(metric_id, extra=extra, compare="last_year"),
        )
    ]


def complaint_queries(view: View) -> list[QuerySpec]:
    """Every query of :func:`complaints_by_area`, for prefetching."""
    years = years_of(view.filters.period)
    return [
        _year_spec(view, "complaint_count", years, group_by=("service_area",)),
        _year_spec(view, "complaint_count", years),
        _year_spec(view, "case_count", years, extra=(APPEAL,)),
    ]


def _year_cells(frame: pd.DataFrame, definition: MetricDef, min_n: int, years: list[int]) -> list[str]:
    found = {
        int(y): cell_text(v, m, definition, min_n)
        for y, v, m in zip(frame.get("year", []), frame.get("value", []), frame.get("mark", []), strict=True)
    }
    return [found.get(y, mark_text("no_data", min_n)) for y in years]


@remembered
def channel_volumes(view: View, key: str = "seed_volumes") -> Exhibit:
    """Every channel's volume by year, the last year's change against the one before (seed 004
    Taulukko 1): quick-feedback presses, survey respondents, feedback items, muistutukset and
    kantelut, appeals, ombudsman contacts."""
    years = years_of(view.filters.period)
    labels = list(range(years.start.year, years.end.year + 1))
    rows = []
    min_n = view.threshold(view.spec("feedback_count"))
    for label_key, metric_id, extra in VOLUMES:
        definition = metric(metric_id)
        spec = view.spec(metric_id, extra=extra)
        cells = _year_cells(_by_year(view, metric_id, years, extra=extra), definition, min_n, labels)
        row = view.run(spec.with_(compare="last_year")).iloc[0]
        rows.append(
            {
                t("seed.channel"): t(label_key),
                **{str(y): c for y, c in zip(labels, cells, strict=True)},
                t("table.change"): delta_text(row, definition) or "",
                t("table.assessment"): change_of(row, definition, rule_min_n(view, spec)),
            }
        )
    table = pd.DataFrame(rows)
    title = t("seed.volumes_title", first=labels[0], last=labels[-1])
    return table_exhibit(
        view, key, title, table, metric("feedback_count"), None, min_n, t("seed.volumes_intro")
    )


@remembered
def complaints_by_area(view: View, key: str = "seed_complaints") -> Exhibit:
    """Muistutukset and kantelut by service area and year with the yearly totals, and appeals as
    their own row (seed 000 Table 3)."""
    definition = metric("complaint_count")
    years = years_of(view.filters.period)
    labels = list(range(years.start.year, years.end.year + 1))
    spec = view.spec("complaint_count", period=years, grain="year", compare=None)
    min_n = view.threshold(spec)
    by_area = _by_year(view, "complaint_count", years, group_by=("service_area",))
    totals = _by_year(view, "complaint_count", years)
    appeals = _by_year(view, "case_count", years, extra=(APPEAL,))
    rows = []
    if not by_area.empty:
        names = view.options.names("service_area")
        for area, part in by_area.groupby("service_area_id", sort=True):
            cells = _year_cells(part, definition, min_n, labels)
            rows.append(
                {
                    t("dim.service_area"): names.get(area, area),
                    **dict(zip(map(str, labels), cells, strict=True)),
                }
            )
    cells = _year_cells(totals, definition, min_n, labels)
    rows.append({t("dim.service_area"): t("table.total"), **dict(zip(map(str, labels), cells, strict=True))})
    cells = _year_cells(appeals, metric("case_count"), min_n, labels)
    rows.append(
        {t("dim.service_area"): t("seed.volume.appeals"), **dict(zip(map(str, labels), cells, strict=True))}
    )
    table = pd.DataFrame(rows)
    title = t("seed.complaints_title", first=labels[0], last=labels[-1])
    n = int(pd.to_numeric(totals["n"], errors="coerce").fillna(0).sum()) if not totals.empty else None
    return table_exhibit(view, key, title, table, definition, n, min_n, t("seed.complaints_intro"))
