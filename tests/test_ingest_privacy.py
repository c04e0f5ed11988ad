"""Open text: personal data masked on import, old rows deleted by the retention command."""

from __future__ import annotations

import argparse
from datetime import date

import pandas as pd
import pytest
from ingest_support import table

from commands import imports
from data_access.ingest.privacy import enforce_retention, mask_personal_data, retention_cutoff
from data_access.store import WarehouseWriter


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("hetu 131052-308T kiitos", "hetu [HETU] kiitos"),
        ("uusi muoto 010594Y9032 ja 020304A123B", "uusi muoto [HETU] ja [HETU]"),
        ("Soita 040 123 4567 tai +358 40 765 4321", "Soita [PHONE] tai [PHONE]"),
        ("numero 0401234567, vaihde 09 310 12345.", "numero [PHONE], vaihde [PHONE]."),
        ("maija.meikalainen@example.fi vastasi", "[EMAIL] vastasi"),
        ("Käynti 12.9.2018 klo 14:30, lasku 1 234 euroa, posti 00100, tunnus 2024-1001", None),
        ("(09) 310 12345 tai +358 (0)40 123 4567", "[PHONE] tai [PHONE]"),
        ("puh.0401234567, puh:050-1234567", "puh.[PHONE], puh:[PHONE]"),
        ("dup-0000001 ja dup-0401234567, AB/0401234567, #0401234567", None),
        ("erä 0000001, koodi 00012345, viite 1234567890", None),
    ],
)
def test_mask_personal_data(text, masked):
    assert mask_personal_data(text) == (masked or text)


def test_retention_cutoff_is_months_back_clamped_to_month_end():
    assert retention_cutoff(date(2024, 12, 1), 24) == date(2022, 12, 1)
    assert retention_cutoff(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert retention_cutoff(date(2024, 1, 15), 13) == date(2022, 12, 15)


def _open_text(root):
    rows = pd.DataFrame(
        {
            "source": "feedback",
            "record_id": ["a", "b", "c", "d"],
            "received_on": [date(2021, 5, 1), date(2022, 11, 30), date(2022, 12, 1), date(2024, 6, 1)],
            "unit_id": "U001",
            "text": ["vanha", "vähän liian vanha", "juuri ja juuri", "uusi"],
        }
    )
    with WarehouseWriter(root).batch(source="test", file_name="t", sha256="", imported_by="t") as batch:
        batch.add("open_text", rows)


def test_retention_deletes_only_rows_older_than_the_cutoff(tmp_path):
    _open_text(tmp_path)
    assert enforce_retention(tmp_path, 24, today=date(2024, 12, 1), user="admin") == 2
    assert sorted(table(tmp_path, "open_text")["record_id"]) == ["c", "d"]
    audit = table(tmp_path, "import_batch").set_index("source").loc["retention"]
    assert (audit["rows_in"], audit["status"], audit["imported_by"]) == (2, "retention", "admin")
    assert not (tmp_path / "open_text" / "year=2021").exists() or not any(
        (tmp_path / "open_text" / "year=2021").glob("*.parquet")
    )
    assert enforce_retention(tmp_path, 24, today=date(2024, 12, 1)) == 0


def test_retention_is_atomic(tmp_path, monkeypatch):
    _open_text(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.parquet"))

    def crash(*_args):
        raise RuntimeError("disk full")

    monkeypatch.setattr("data_access.store.Batch.stage_audit", crash)
    with pytest.raises(RuntimeError):
        enforce_retention(tmp_path, 1, today=date(2030, 1, 1))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.parquet")) == before
    assert len(table(tmp_path, "open_text")) == 4


def test_retention_command(tmp_path, capsys):
    _open_text(tmp_path)
    arguments = argparse.Namespace(warehouse=tmp_path, months=1200, user="cli")
    assert imports.run_retention(arguments) == 0
    assert "deleted 0 open text row(s)" in capsys.readouterr().out
