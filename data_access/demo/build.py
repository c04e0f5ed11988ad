"""Write the whole demo warehouse through ``WarehouseWriter``, one batch per table, facts year by year."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data_access.demo.cases import cases_year, ombudsman_year
from data_access.demo.common import DemoConfig
from data_access.demo.events import demo_events
from data_access.demo.feedback import feedback_year
from data_access.demo.open_texts import feedback_texts, quick_answers
from data_access.demo.organisation import Organisation, build_organisation
from data_access.demo.quick_feedback import happyornot_metadata, quick_feedback_year
from data_access.demo.surveys import survey_answers_year, survey_dimensions
from data_access.demo.visits import visits_year
from data_access.store import WarehouseWriter
from data_access.themes.derive import stage_themes

SOURCE = "demo"
FACT_GENERATORS: dict[str, Callable[[DemoConfig, Organisation, int], pd.DataFrame]] = {
    "quick_feedback": quick_feedback_year,
    "survey_answer": survey_answers_year,
    "feedback": feedback_year,
    "case": cases_year,
    "ombudsman_contact": ombudsman_year,
    "visits": visits_year,
}


OPEN_TEXTS: dict[str, Callable[[DemoConfig, pd.DataFrame, int], pd.DataFrame]] = {
    "feedback": feedback_texts,
    "quick_feedback": quick_answers,
}
"""Open texts generated from a fact table's rows of a year (written with their themes at the end)."""


@dataclass
class BuildReport:
    """Rows written per table and the seconds it took."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _fingerprint(config: DemoConfig, table: str) -> str:
    text = f"demo|{table}|seed={config.seed}|until={config.until.isoformat()}|scale={config.scale}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write_open_texts(
    writer: WarehouseWriter, config: DemoConfig, texts: list[pd.DataFrame], report: BuildReport
) -> None:
    """The open texts and the themes derived from them, in one batch (as an import writes them)."""
    frames = [frame for frame in texts if not frame.empty]
    if not frames:
        return
    with writer.batch(
        source=SOURCE,
        file_name="demo:open_text",
        sha256=_fingerprint(config, "open_text"),
        imported_by=SOURCE,
    ) as batch:
        frame = pd.concat(frames, ignore_index=True)
        report.rows["open_text"] = batch.add("open_text", frame)
        report.rows["feedback_theme"] = stage_themes(batch, frame)


def build_demo(root: Path | str, config: DemoConfig) -> BuildReport:
    """Generate the demo data for ``config`` into the warehouse at ``root``."""
    started = time.perf_counter()
    writer = WarehouseWriter(root)
    organisation = build_organisation()
    surveys, items = survey_dimensions()
    happyornot_surveys, happyornot_points = happyornot_metadata(organisation)
    report = BuildReport()
    texts: list[pd.DataFrame] = []
    dimensions = {
        "service_area": organisation.service_areas,
        "service": organisation.services,
        "unit": organisation.units,
        "source_unit_map": organisation.source_unit_map,
        "survey": surveys,
        "survey_item": items,
        "happyornot_survey": happyornot_surveys,
        "happyornot_point": happyornot_points,
        "event": demo_events(config.until),
    }
    with writer.batch(
        source=SOURCE,
        file_name="demo:organisation",
        sha256=_fingerprint(config, "organisation"),
        imported_by=SOURCE,
    ) as batch:
        for name, frame in dimensions.items():
            batch.add(name, frame)
            report.rows[name] = len(frame)
    for name, generate in FACT_GENERATORS.items():
        with writer.batch(
            source=SOURCE, file_name=f"demo:{name}", sha256=_fingerprint(config, name), imported_by=SOURCE
        ) as batch:
            report.rows[name] = 0
            for year in config.years():
                frame = generate(config, organisation, year)
                if not frame.empty:
                    report.rows[name] += batch.add(name, frame)
                    if name in OPEN_TEXTS:
                        texts.append(OPEN_TEXTS[name](config, frame, year))
                del frame
    _write_open_texts(writer, config, texts, report)
    report.seconds = time.perf_counter() - started
    return report
