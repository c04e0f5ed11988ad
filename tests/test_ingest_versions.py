"""Records that change: a newer version replaces the stored row, older or identical ones change nothing."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from ingest_support import table

from data_access.ingest.pipeline import import_file
from data_access.store import VersionConflict, WarehouseWriter


def _feedback(rows: list[dict]) -> pd.DataFrame:
    base = {
        "received_at": datetime(2024, 2, 5, 8, 12),
        "unit_id": "u1",
        "service_area_id": "tpp",
        "feedback_type": "moite",
        "status": "in_process",
    }
    return pd.DataFrame([{**base, **row} for row in rows])


def _add(root: Path, name: str, frame: pd.DataFrame):
    with WarehouseWriter(root).batch(source="t", file_name="t", sha256="", imported_by="t") as batch:
        batch.add(name, frame)
    return batch.result


def _stored(root: Path, name: str, key: str) -> pd.DataFrame:
    return table(root, name).set_index(key).sort_index()


def _files(root: Path, name: str) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / name).rglob("*.parquet"))


FIRST = [
    {"feedback_id": "f1", "updated_at": datetime(2024, 2, 7, 9, 0)},
    {"feedback_id": "f2", "updated_at": datetime(2024, 2, 7, 10, 0)},
]
CLOSED = {
    "feedback_id": "f1",
    "status": "closed",
    "closed_at": datetime(2024, 2, 8, 14, 30),
    "updated_at": datetime(2024, 2, 8, 14, 30),
}


def test_a_newer_version_replaces_the_stored_row_with_an_audit_record(tmp_path):
    first = _add(tmp_path, "feedback", _feedback(FIRST))
    later = _add(tmp_path, "feedback", _feedback([CLOSED]))
    assert (later.rows_written, later.rows_replaced) == ({"feedback": 1}, {"feedback": 1})
    stored = _stored(tmp_path, "feedback", "feedback_id")
    assert len(stored) == 2
    assert stored.loc["f1", ["status", "closed_at", "batch_id"]].tolist() == [
        "closed",
        pd.Timestamp("2024-02-08 14:30"),
        later.batch_id,
    ]
    assert stored.loc["f2", "batch_id"] == first.batch_id
    versions = table(tmp_path, "record_version")
    assert versions.drop(columns=["previous"]).to_dict("records") == [
        {
            "batch_id": later.batch_id,
            "table_name": "feedback",
            "record_id": "f1",
            "unit_id": "u1",
            "service_area_id": "tpp",
            "previous_batch_id": first.batch_id,
            "previous_updated_at": pd.Timestamp("2024-02-07 09:00"),
            "updated_at": pd.Timestamp("2024-02-08 14:30"),
            "changed": "closed_at,status,updated_at",
        }
    ]
    assert json.loads(versions.loc[0, "previous"]) == {
        "closed_at": None,
        "status": "in_process",
        "updated_at": "2024-02-07T09:00:00",
    }
    audit = table(tmp_path, "import_batch").set_index("batch_id")
    assert audit.loc[later.batch_id, ["rows_replaced", "rows_skipped"]].tolist() == [1, 0]


def test_an_older_or_identical_version_changes_nothing(tmp_path):
    _add(tmp_path, "feedback", _feedback(FIRST))
    _add(tmp_path, "feedback", _feedback([CLOSED]))
    before = (_stored(tmp_path, "feedback", "feedback_id"), _files(tmp_path, "feedback"))
    again = _add(tmp_path, "feedback", _feedback(FIRST))
    assert again.rows_written == {"feedback": 0}
    assert (again.rows_skipped, again.rows_already_stored) == ({"feedback": 1}, {"feedback": 1})
    pd.testing.assert_frame_equal(_stored(tmp_path, "feedback", "feedback_id"), before[0])
    assert _files(tmp_path, "feedback") == before[1]
    assert len(table(tmp_path, "record_version")) == 1
    audit = table(tmp_path, "import_batch").set_index("batch_id")
    assert audit.loc[again.batch_id, ["rows_replaced", "rows_skipped"]].tolist() == [0, 1]


def test_a_dated_version_is_newer_than_one_without_a_date(tmp_path):
    _add(tmp_path, "feedback", _feedback([{"feedback_id": "f1"}]))
    result = _add(tmp_path, "feedback", _feedback([CLOSED]))
    assert result.rows_replaced == {"feedback": 1}
    undated = _add(tmp_path, "feedback", _feedback([{"feedback_id": "f1"}]))
    assert undated.rows_skipped == {"feedback": 1}
    assert _stored(tmp_path, "feedback", "feedback_id").loc["f1", "status"] == "closed"


@pytest.mark.parametrize(
    "rows",
    [
        [{"feedback_id": "f1", "status": "answered", "updated_at": datetime(2024, 2, 7, 9, 0)}],
        [{"feedback_id": "f1", "status": "answered", "updated_at": None}],
    ],
    ids=["same-time", "both-undated"],
)
def test_different_rows_that_cannot_be_ordered_are_refused(tmp_path, rows):
    stored = {**FIRST[0], "updated_at": rows[0]["updated_at"]}
    _add(tmp_path, "feedback", _feedback([stored]))
    before = _files(tmp_path, "feedback")
    with pytest.raises(VersionConflict, match="f1"):
        _add(tmp_path, "feedback", _feedback(rows))
    assert _files(tmp_path, "feedback") == before
    assert len(table(tmp_path, "import_batch")) == 1


def test_a_replacement_moves_the_record_to_its_new_year(tmp_path):
    _add(tmp_path, "feedback", _feedback([{**FIRST[0], "received_at": datetime(2023, 12, 31, 23, 50)}]))
    _add(tmp_path, "feedback", _feedback([{**CLOSED, "received_at": datetime(2024, 1, 1, 0, 10)}]))
    assert _files(tmp_path, "feedback")[0].startswith("feedback/year=2024/")
    assert len(_files(tmp_path, "feedback")) == 1
    assert _stored(tmp_path, "feedback", "feedback_id").loc["f1", "status"] == "closed"


def _case(decided: date | None, outcome: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "case_id": "c1",
                "case_kind": "muistutus",
                "received_on": date(2024, 3, 1),
                "decided_on": decided,
                "service_area_id": "tpp",
                "outcome": outcome,
            }
        ]
    )


def test_a_case_is_versioned_by_its_decision_date_when_the_register_gives_no_update_time(tmp_path):
    _add(tmp_path, "case", _case(None, "pending"))
    decided = _add(tmp_path, "case", _case(date(2024, 4, 2), "remark"))
    assert decided.rows_replaced == {"case": 1}
    stored = _stored(tmp_path, "case", "case_id")
    assert stored.loc["c1", ["outcome", "updated_at"]].tolist() == ["remark", pd.Timestamp("2024-04-02")]
    assert table(tmp_path, "record_version").loc[0, "changed"] == "decided_on,outcome,updated_at"
    pending_again = _add(tmp_path, "case", _case(None, "pending"))
    assert (pending_again.rows_written, pending_again.rows_skipped) == ({"case": 0}, {"case": 1})
    assert _stored(tmp_path, "case", "case_id").loc["c1", "outcome"] == "remark"


# --- through the import pipeline: Open311 pulls ------------------------------------------------


def _request(number: int, status: str, detail: str, updated: str, service_object: str = "4382") -> dict:
    return {
        "service_request_id": f"2024-{number}",
        "status": status,
        "service_code": "2809",
        "service_name": "Terveysasemat",
        "description": f"Palaute numero {number}",
        "requested_datetime": f"2024-02-0{number % 10}T08:00:00+02:00",
        "updated_datetime": updated,
        "agency_responsible": "Sosiaali- ja terveystoimiala",
        "extended_attributes": {"service_object_id": service_object, "detailed_status": detail},
    }


def _pull(path: Path, requests: list[dict]) -> Path:
    path.write_text(json.dumps(requests), encoding="utf-8")
    return path


OPEN_PULL = [_request(n, "open", "RECEIVED", "2024-02-09T12:00:00+02:00") for n in (1, 2, 3, 4)]
LATER_PULL = [
    _request(1, "closed", "PROCESSED", "2024-02-12T15:30:00+02:00"),
    OPEN_PULL[1],
    _request(3, "closed", "PROCESSED", "2024-02-13T09:45:00+02:00"),
    OPEN_PULL[3],
]


@pytest.fixture
def pulls(warehouse, tmp_path):
    first = import_file(warehouse, "open311", _pull(tmp_path / "pull1.json", OPEN_PULL))
    assert (first.status, first.rows_written) == ("ok", 8), [e.describe() for e in first.errors]
    return warehouse, tmp_path / "pull1.json", _pull(tmp_path / "pull2.json", LATER_PULL)


def test_a_later_pull_closes_the_requests_that_closed(pulls):
    root, _, later = pulls
    result = import_file(root, "open311", later)
    assert result.status == "ok", [e.describe() for e in result.errors]
    assert (result.rows_replaced, result.rows_written, result.rows_skipped) == (2, 2, 0)
    assert result.rows_already_stored == 2 + 4  # two unchanged requests, four unchanged texts
    stored = _stored(root, "feedback", "feedback_id")
    assert len(stored) == 4
    assert stored["status"].to_dict() == {
        "2024-1": "closed",
        "2024-2": "received",
        "2024-3": "closed",
        "2024-4": "received",
    }
    assert stored.loc["2024-1", "closed_at"] == pd.Timestamp("2024-02-12 15:30")
    assert stored.loc["2024-3", "closed_at"] == pd.Timestamp("2024-02-13 09:45")
    handling = stored["closed_at"] - stored["received_at"]
    assert handling.dropna().to_dict() == {
        "2024-1": pd.Timedelta(days=11, hours=7, minutes=30),
        "2024-3": pd.Timedelta(days=10, hours=1, minutes=45),
    }
    assert stored[["closed_at"]].loc[["2024-2", "2024-4"]].isna().all().all()
    audit = table(root, "import_batch").set_index("batch_id").loc[result.batch_id]
    assert (audit["rows_replaced"], audit["rows_skipped"]) == (2, 0)
    versions = table(root, "record_version").set_index("record_id").sort_index()
    assert versions.index.tolist() == ["2024-1", "2024-3"]
    assert set(versions["batch_id"]) == {result.batch_id}
    assert json.loads(versions.loc["2024-1", "previous"])["status"] == "received"


def test_the_first_pull_again_changes_nothing_and_says_so(pulls):
    root, first, later = pulls
    import_file(root, "open311", later)
    before = (table(root, "feedback"), table(root, "open_text"), table(root, "record_version"))
    again = import_file(root, "open311", first)
    assert again.status == "ok" and again.errors == []
    assert (again.rows_written, again.rows_replaced, again.rows_skipped) == (0, 0, 2)
    assert again.rows_already_stored == 2 + 4
    for stored, after in zip(before, ("feedback", "open_text", "record_version"), strict=True):
        pd.testing.assert_frame_equal(stored, table(root, after))
    assert [(n.row, n.column, n.code, n.value) for n in again.notices] == [
        (1, "updated_at", "older_version", "2024-1"),
        (3, "updated_at", "older_version", "2024-3"),
    ]
    assert again.notices[0].describe() == (
        "pull1.json, rivi/line 1, sarake/column updated_at: tietueesta 2024-1 on jo tallennettu uudempi "
        "versio (2024-02-12 15:30:00); tätä vanhempaa ei tuotu / a newer version (2024-02-12 15:30:00) "
        "of record 2024-1 is already stored; this older one was skipped"
    )
    assert (
        "2 riviä ohitettiin, koska niiden tietueista on jo tallennettu uudempi versio / 2 rows were "
        "skipped because a newer version of their records is already stored"
    ) in again.notes
    audit = table(root, "import_batch").set_index("batch_id").loc[again.batch_id]
    assert (audit["rows_replaced"], audit["rows_skipped"], audit["status"]) == (0, 2, "committed")


def test_a_record_that_moves_to_another_unit_takes_its_open_text_along(pulls, tmp_path):
    root, _, _ = pulls
    moved = [_request(2, "open", "IN_PROCESS", "2024-02-10T10:00:00+02:00", service_object="7731")]
    result = import_file(root, "open311", _pull(tmp_path / "moved.json", moved))
    assert result.status == "ok", [e.describe() for e in result.errors]
    assert result.rows_replaced == 2
    assert _stored(root, "feedback", "feedback_id").loc["2024-2", ["unit_id", "status"]].tolist() == [
        "U004",
        "in_process",
    ]
    text = table(root, "open_text").set_index("record_id").loc["2024-2"]
    assert (text["unit_id"], text["text"]) == ("U004", "Palaute numero 2")
    versions = table(root, "record_version").set_index("table_name")
    assert versions.loc["open_text", "changed"] == "unit_id,service_area_id"
    assert json.loads(versions.loc["open_text", "previous"]) == {"service_area_id": "tpp", "unit_id": "U001"}


def test_a_changed_request_with_the_same_update_time_is_an_error(pulls, tmp_path):
    root, _, _ = pulls
    edited = [{**OPEN_PULL[0], "extended_attributes": {"service_object_id": "7731", "detailed_status": ""}}]
    result = import_file(root, "open311", _pull(tmp_path / "edited.json", edited))
    assert [(e.row, e.code, e.value) for e in result.errors] == [(1, "conflict_with_warehouse", "2024-1")]
    assert result.status == "rejected"
    assert _stored(root, "feedback", "feedback_id").loc["2024-1", "unit_id"] == "U001"


def test_a_register_export_with_a_decision_replaces_the_pending_case(warehouse, tmp_path):
    header = "Asianumero;Asian laji;Saapunut;Ratkaistu;Palvelukokonaisuus;Ratkaisu\n"
    pending, decided = tmp_path / "pending.csv", tmp_path / "decided.csv"
    pending.write_text(header + "D-1;Muistutus;1.3.2024;;tpp;Kesken\nD-2;Muistutus;2.3.2024;;tpp;Kesken\n")
    decided.write_text(
        header + "D-1;Muistutus;1.3.2024;2.4.2024;tpp;Huomautus\nD-2;Muistutus;2.3.2024;;tpp;Kesken\n"
    )
    assert import_file(warehouse, "cases", pending).status == "ok"
    result = import_file(warehouse, "cases", decided)
    assert (result.status, result.rows_replaced, result.rows_already_stored) == ("ok", 1, 1)
    stored = _stored(warehouse, "case", "case_id")
    assert stored.loc["D-1", ["decided_on", "outcome", "updated_at"]].tolist() == [
        date(2024, 4, 2),
        "remark",
        pd.Timestamp("2024-04-02"),
    ]
    again = import_file(warehouse, "cases", pending)
    assert (again.status, again.rows_written, again.rows_skipped) == ("ok", 0, 1)
    assert [(n.row, n.value) for n in again.notices] == [(2, "D-1")]
    assert _stored(warehouse, "case", "case_id").loc["D-1", "outcome"] == "remark"
