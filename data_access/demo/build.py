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
from data_access.demo.feedback import feedback_year
from data_access.demo.organisation import Organisation, build_organisation
from data_access.demo.quick_feedback import happyornot_metadata, quick_feedback_year
from data_access.demo.surveys import survey_answers_year, survey_dimensions
from data_access.demo.visits import visits_year
from data_access.store import WarehouseWriter

SOURCE = "demo"
FACT_GENERATORS: dict[str, Callable[[DemoConfig, Organisation, int], pd.DataFrame]] = {
    "quick_feedback": quick_feedback_year,
    "survey_answer": survey_answers_year,
    "feedback": feedback_year,
    "case": cases_year,
    "ombudsman_contact": ombudsman_year,
    "visits": visits_year,
}


@dataclass
class BuildReport:
    """Rows written per table and the seconds it took."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _fingerprint(config: DemoConfig, table: str) -> str:
    text = f"demo|{table}|seed={config.seed}|until={config.until.isoformat()}|scale={config.scale}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_demo(root: Path | str, config: DemoConfig) -> BuildReport:
    """Generate the demo data for ``config`` into the warehouse at ``root``."""
    started = time.perf_counter()
    writer = WarehouseWriter(root)
    organisation = build_organisation()
    surveys, items = survey_dimensions()
    happyornot_surveys, happyornot_points = happyornot_metadata(organisation)
    report = BuildReport()
    dimensions = {
        "service_area": organisation.service_areas,
        "service": organisation.services,
        "unit": organisation.units,
        "source_unit_map": organisation.source_unit_map,
        "survey": surveys,
        "survey_item": items,
        "happyornot_survey": happyornot_surveys,
        "happyornot_point": happyornot_points,
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
                del frame
    report.seconds = time.perf_counter() - started
    return report
