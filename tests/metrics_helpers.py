"""Tiny hand-made warehouses for the metrics tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from data_access.scope import Scope
from data_access.store import WarehouseWriter
from data_access.warehouse import Warehouse

AREAS = pd.DataFrame(
    {
        "service_area_id": ["tpp", "sko"],
        "name_fi": ["Terveys- ja päihdepalvelut", "Sairaala-, kuntoutus- ja hoivapalvelut"],
        "name_sv": ["Hälso- och missbrukartjänster", "Sjukhus-, rehabiliterings- och omsorgstjänster"],
        "name_en": ["Health and substance abuse services", "Hospital, rehabilitation and care services"],
    }
)
SERVICES = pd.DataFrame(
    {
        "service_id": ["terveysasemat", "hammashoitolat", "kotihoito"],
        "service_area_id": ["tpp", "tpp", "sko"],
        "name_fi": ["Terveysasemat", "Hammashoitolat", "Kotihoito"],
        "name_sv": ["Hälsostationer", "Tandkliniker", "Hemvård"],
        "name_en": ["Health stations", "Dental clinics", "Home care"],
    }
)
UNITS = pd.DataFrame(
    {
        "unit_id": ["kallio", "malmi", "kamppi_hammas", "kotihoito_ita"],
        "name_fi": [
            "Kallion terveysasema",
            "Malmin terveysasema",
            "Kampin hammashoitola",
            "Itäinen kotihoito",
        ],
        "name_sv": ["Berghälls hälsostation", "Malms hälsostation", "Kampens tandklinik", "Östra hemvården"],
        "name_en": [
            "Kallio health station",
            "Malmi health station",
            "Kamppi dental clinic",
            "East home care",
        ],
        "service_id": ["terveysasemat", "terveysasemat", "hammashoitolat", "kotihoito"],
        "service_area_id": ["tpp", "tpp", "tpp", "sko"],
        "valid_from": [date(2016, 1, 1)] * 4,
    }
)


def write(root: Path, **facts: pd.DataFrame) -> Warehouse:
    """A warehouse with the standard dimensions and the given fact tables."""
    with WarehouseWriter(root).batch(source="test", file_name="t", sha256="0", imported_by="test") as batch:
        batch.add("service_area", AREAS)
        batch.add("service", SERVICES)
        batch.add("unit", UNITS)
        for name, frame in facts.items():
            batch.add(name, frame)
    return Warehouse(root)


def everything(warehouse: Warehouse):
    """The reader of a division-level director."""
    return warehouse.reader(Scope.everything())


def presses(counts_by_button: dict[int, int], unit: str = "kallio", scale: str = "four", start=None, **extra):
    """quick_feedback rows: ``counts_by_button`` presses per button, one minute apart."""
    start = start or datetime(2017, 3, 1, 8)
    rows = []
    for button, count in counts_by_button.items():
        for _ in range(count):
            rows.append({"ts": start + timedelta(minutes=len(rows)), "button_index": button})
    frame = pd.DataFrame(rows)
    prefix = extra.pop("prefix", f"{unit}-{scale}-{start:%Y%m%d%H}")
    frame["feedback_id"] = [f"{prefix}-{i}" for i in range(len(frame))]
    frame["unit_id"] = unit
    frame["scale"] = scale
    frame["channel"] = extra.pop("channel", "terminal")
    frame["misuse"] = extra.pop("misuse", False)
    for column, value in extra.items():
        frame[column] = value
    return frame


def spread(counts: dict[int, int], unit: str, channel: str, start: datetime, days: int, tag: str):
    """Four-button presses spread evenly over ``days`` days from ``start``: the last falls on the
    last day, so the data cover the whole stretch."""
    buttons = np.concatenate([np.full(count, button) for button, count in counts.items()])
    offsets = np.linspace(0, days * 86_400 - 60, len(buttons)).astype("int64")
    return pd.DataFrame(
        {
            "feedback_id": [f"{tag}-{i}" for i in range(len(buttons))],
            "ts": pd.Timestamp(start) + pd.to_timedelta(offsets, unit="s"),
            "unit_id": unit,
            "scale": "four",
            "button_index": buttons,
            "channel": channel,
            "misuse": False,
        }
    )
