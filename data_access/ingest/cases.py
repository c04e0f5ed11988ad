"""The case register export (muistutukset, kantelut, muutoksenhaut) as CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data_access.ingest import finnish_csv as fc
from data_access.ingest.common import Parsed, Reference, first_sheet, require_columns, with_position
from data_access.ingest.registers import (
    choice_column,
    date_column,
    not_before,
    service_area_column,
    unit_column,
)
from data_access.ingest.validation import Errors, check_required
from data_access.vocabulary import CASE_KINDS, CASE_OUTCOMES, CASE_REASONS

SOURCE = "cases"

ALIASES = {
    "case_id": ("asianumero", "diaarinumero", "tunnus", "case id"),
    "case_kind": ("asian laji", "laji", "asiatyyppi", "tyyppi", "case kind"),
    "received_on": ("saapunut", "saapumispäivä", "vireille", "vastaanotettu", "received"),
    "decided_on": ("ratkaistu", "ratkaisupäivä", "päätöspäivä", "decided"),
    "service_area_id": ("palvelukokonaisuus", "service area"),
    "unit_id": ("toimipiste", "yksikkö", "unit"),
    "reason": ("syy", "peruste", "aihe"),
    "outcome": ("ratkaisu", "lopputulos", "tulos"),
}

KIND_SYNONYMS = {
    "kantelu avi": "kantelu_avi",
    "kantelu (avi)": "kantelu_avi",
    "avi-kantelu": "kantelu_avi",
    "kantelu eoa": "kantelu_eoa",
    "kantelu (eoa)": "kantelu_eoa",
    "eoa-kantelu": "kantelu_eoa",
    "kantelu okv": "kantelu_okv",
    "kantelu (okv)": "kantelu_okv",
    "okv-kantelu": "kantelu_okv",
    "oikaisuvaatimus": "muutoksenhaku",
}
OUTCOME_SYNONYMS = {
    "ei toimenpiteitä": "no_action",
    "huomautus": "remark",
    "ohjaus": "guidance",
    "käsitys": "guidance",
    "korjattu": "corrected",
    "hylätty": "rejected",
    "kesken": "pending",
}


def read(path: Path, data: bytes, reference: Reference) -> Parsed:
    """Rows of the ``case`` table; kinds, reasons and outcomes accept Finnish labels."""
    errors = Errors(path.name)
    raw = first_sheet(path, data, errors)
    parsed = Parsed(SOURCE, path.name, raw, errors)
    c = fc.pick_columns(raw, ALIASES)
    if not require_columns(raw, errors, c, ("case_id", "case_kind", "received_on")):
        return parsed
    ids = fc.text(raw[c["case_id"]])
    check_required(errors, raw, ids, "case_id")
    received = date_column(errors, raw, c["received_on"], "received_on", reference, required=True)
    decided = date_column(errors, raw, c.get("decided_on"), "decided_on", reference, required=False)
    not_before(errors, raw, decided, received, "decided_on")
    units = unit_column(errors, raw, c.get("unit_id"), "unit_id", reference, SOURCE)
    frame = pd.DataFrame(
        {
            "case_id": ids,
            "case_kind": choice_column(
                errors, raw, c["case_kind"], "case_kind", CASE_KINDS, KIND_SYNONYMS, True
            ),
            "received_on": received,
            "decided_on": decided,
            "service_area_id": service_area_column(
                errors, raw, c.get("service_area_id"), "service_area_id", reference, units
            ),
            "unit_id": units,
            "reason": choice_column(errors, raw, c.get("reason"), "reason", CASE_REASONS),
            "outcome": choice_column(
                errors, raw, c.get("outcome"), "outcome", CASE_OUTCOMES, OUTCOME_SYNONYMS
            ),
        }
    )
    parsed.tables["case"] = with_position(frame, raw)
    return parsed
