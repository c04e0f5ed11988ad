"""The social and patient ombudsman's contact statistics as CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data_access.ingest import finnish_csv as fc
from data_access.ingest.common import Parsed, Reference, first_sheet, require_columns, with_position
from data_access.ingest.registers import choice_column, date_column, service_area_column
from data_access.ingest.validation import Errors, bounded_integers, check_required
from data_access.vocabulary import OMBUDSMAN_SECTORS, OMBUDSMAN_TOPICS

SOURCE = "ombudsman"
MAX_MATTERS = 999
"""No contact concerns more matters than this; a bigger count is a typing or export error."""

ALIASES = {
    "contact_id": ("tunnus", "yhteydenoton tunnus", "contact id"),
    "contacted_on": ("päivämäärä", "pvm", "yhteydenottopäivä", "contacted"),
    "sector": ("sektori", "ala", "sector"),
    "topic": ("aihe", "asia", "topic"),
    "matters": ("asioita", "asioiden määrä", "asiat", "matters"),
    "service_area_id": ("palvelukokonaisuus", "service area"),
}

SECTOR_SYNONYMS = {
    "terveys": "health",
    "terveydenhuolto": "health",
    "potilasasiamies": "health",
    "sosiaali": "social",
    "sosiaalihuolto": "social",
    "sosiaaliasiamies": "social",
    "molemmat": "both",
    "sosiaali- ja terveys": "both",
}


def read(path: Path, data: bytes, reference: Reference) -> Parsed:
    """Rows of ``ombudsman_contact``; ``matters`` defaults to 1 and must be a whole number 1..999."""
    errors = Errors(path.name)
    raw = first_sheet(path, data, errors)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    c = fc.pick_columns(raw, ALIASES)
    if not require_columns(raw, errors, c, ("contact_id", "contacted_on", "sector")):
        return parsed
    ids = fc.text(raw[c["contact_id"]])
    check_required(errors, raw, ids, "contact_id")
    if "matters" in c:
        matters = bounded_integers(errors, raw, raw[c["matters"]], "matters", 1, MAX_MATTERS).fillna(1)
    else:
        matters = pd.Series(1, index=raw.index)
    none = pd.Series(None, index=raw.index, dtype=object)
    frame = pd.DataFrame(
        {
            "contact_id": ids,
            "contacted_on": date_column(
                errors, raw, c["contacted_on"], "contacted_on", reference, required=True
            ),
            "sector": choice_column(
                errors, raw, c["sector"], "sector", OMBUDSMAN_SECTORS, SECTOR_SYNONYMS, True
            ),
            "topic": choice_column(errors, raw, c.get("topic"), "topic", OMBUDSMAN_TOPICS),
            "matters": matters.astype("Int64"),
            "service_area_id": service_area_column(
                errors, raw, c.get("service_area_id"), "service_area_id", reference, none
            ),
        }
    )
    parsed.tables["ombudsman_contact"] = with_position(frame, raw)
    return parsed
