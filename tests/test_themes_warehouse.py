"""The feedback_theme facts: written with their text, a rising theme, scope, retention, new versions."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from data_access.ingest.privacy import enforce_retention, open_text_rows
from data_access.scope import Scope
from data_access.store import WarehouseWriter
from data_access.themes.derive import stage_themes
from data_access.warehouse import Warehouse
from metrics.query import run_query
from metrics.spec import Period, QuerySpec
from metrics.themes import theme_examples, theme_words

Q4_2019 = Period(date(2019, 10, 1), date(2019, 12, 31))
Q4_2020 = Period(date(2020, 10, 1), date(2020, 12, 31))
CALLBACK = "Takaisinsoittoa odotin {n} päivää, soittakaa Virtaselle 040 123 4567."
PRAISE = "Kiitos ystävällisestä hoidosta."


def _feedback(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "feedback_id": [r[0] for r in rows],
            "received_at": [datetime.fromisoformat(r[1]) for r in rows],
            "unit_id": [r[2] for r in rows],
            "service_area_id": "tpp",
            "feedback_type": [r[3] for r in rows],
            "category": "Takaisinsoitto",
            "language": "fin",
            "updated_at": [datetime.fromisoformat(r[1]) for r in rows],
        }
    )


def _write(root, rows, texts) -> None:
    frame = _feedback(rows)
    with WarehouseWriter(root).batch(source="test", file_name="f", sha256="", imported_by="t") as batch:
        batch.add("feedback", frame)
        notes = open_text_rows(
            "feedback",
            frame["feedback_id"],
            frame["received_at"],
            pd.Series(texts),
            frame["unit_id"],
            frame["service_area_id"],
        )
        batch.add("open_text", notes, supersede=True)
        stage_themes(batch, notes)


@pytest.fixture()
def warehouse(tmp_path) -> Warehouse:
    units = pd.DataFrame(
        {
            "unit_id": ["kallio", "malmi"],
            "name_fi": ["Kallio", "Malmi"],
            "name_sv": ["Berghäll", "Malm"],
            "name_en": ["Kallio", "Malmi"],
            "service_id": "ter",
            "service_area_id": "tpp",
            "valid_from": date(2016, 1, 1),
        }
    )
    with WarehouseWriter(tmp_path).batch(source="test", file_name="u", sha256="", imported_by="t") as batch:
        batch.add("unit", units)
    rows, texts = [], []
    for i in range(5):  # Q4 2019: five call-back complaints at Kallio
        rows.append((f"a{i}", f"2019-11-0{i + 1}T10:00:00", "kallio", "moite"))
        texts.append(CALLBACK.format(n=i + 3))
    for i in range(20):  # Q4 2020: twenty, half at Malmi; and praise
        rows.append((f"b{i}", f"2020-11-{i + 1:02d}T10:00:00", "kallio" if i % 2 else "malmi", "moite"))
        texts.append(CALLBACK.format(n=12))
    for i in range(6):
        rows.append((f"c{i}", f"2020-10-{i + 1:02d}T09:00:00", "kallio", "kiitos"))
        texts.append(PRAISE)
    _write(tmp_path, rows, texts)
    return Warehouse(tmp_path)


def test_theme_rows_carry_words_lemmas_and_the_records_own_sentiment(warehouse):
    frame = pd.read_parquet(warehouse.root / "feedback_theme")
    callback = frame.loc[(frame.record_id == "a0") & (frame.theme == "callback")].iloc[0]
    assert callback.words == "soittaa, takaisinsoitto" and callback.sentiment == "negative"
    assert set(frame.loc[frame.record_id == "c0", "theme"]) == {"encounter", "expertise"}
    assert set(frame.loc[frame.record_id == "c0", "sentiment"]) == {"positive"}


def test_a_rising_theme_is_detected_against_last_year(warehouse):
    spec = QuerySpec("theme_count", Q4_2020, group_by=("theme",), compare="last_year")
    result = run_query(warehouse.reader(Scope.everything()), spec, today=date(2021, 6, 1)).set_index("theme")
    assert result.loc["callback", "n"] == 20 and result.loc["callback", "n_cmp"] == 5
    assert result.loc["callback", "change"] == "rise"
    assert result.loc["expertise", "n"] == 6


def test_a_unit_manager_sees_only_their_units_comments(warehouse):
    kallio = warehouse.reader(Scope.of_units(["kallio"]))
    examples = theme_examples(kallio, Q4_2020, "callback", limit=50)
    assert len(examples) == 10 and set(examples["unit_id"]) == {"kallio"}
    assert not examples["text"].str.contains("Virtaselle|040").any()
    assert examples["text"].str.contains(r"\[NAME\]").all()
    assert theme_words(kallio, Q4_2020, "callback").to_dict("records") == [
        {"word": "soittaa", "n": 10},
        {"word": "takaisinsoitto", "n": 10},
    ]
    presenter = warehouse.reader(Scope.everything().without_open_text())
    assert theme_examples(presenter, Q4_2020, "callback").empty


def test_a_newer_version_of_a_record_brings_its_new_themes_and_reimport_changes_nothing(warehouse):
    root = warehouse.root
    before = pd.read_parquet(root / "feedback_theme")
    _write(root, [("a0", "2019-11-01T10:00:00", "kallio", "moite")], [CALLBACK.format(n=3)])
    assert len(pd.read_parquet(root / "feedback_theme")) == len(before)
    rows = _feedback([("a0", "2019-11-01T10:00:00", "kallio", "moite")]).assign(
        updated_at=datetime(2019, 11, 5)
    )
    with WarehouseWriter(root).batch(source="test", file_name="v2", sha256="", imported_by="t") as batch:
        batch.add("feedback", rows)
        notes = open_text_rows(
            "feedback",
            rows["feedback_id"],
            rows["received_at"],
            pd.Series(["Odotushuone oli likainen."]),
            rows["unit_id"],
            rows["service_area_id"],
        )
        batch.add("open_text", notes, supersede=True)
        stage_themes(batch, notes)
    after = pd.read_parquet(root / "feedback_theme")
    assert set(after.loc[after.record_id == "a0", "theme"]) == {"premises"}


def test_retention_deletes_the_derived_themes_with_their_text(warehouse):
    enforce_retention(warehouse.root, months=24, today=date(2022, 6, 1))
    frame = pd.read_parquet(warehouse.root / "feedback_theme")
    assert frame["received_on"].min() >= date(2020, 6, 1)
    assert not frame["record_id"].str.startswith("a").any()

