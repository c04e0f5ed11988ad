"""The admin's import page: upload checks, preview, commit, history and quarantine download."""

from __future__ import annotations

import pytest
from ingest_support import FIXTURES, table
from ui_helpers import app_environment, build_warehouse, log_in, new_app, texts, write_users

from ui import import_admin

CASES = (
    "Asianumero;Asian laji;Saapunut;Toimipiste;Syy\r\n"
    "A-1;Muistutus;2.3.2017;kallio;hoitoonpääsy\r\n"
    "A-2;Kantelu (AVI);3.3.2017;U999;tietosuoja\r\n"
).encode("cp1252")


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    build_warehouse(tmp_path / "wh")
    app_environment(monkeypatch, tmp_path / "wh", write_users(tmp_path / "users.yaml"), tmp_path / "state")
    return tmp_path / "wh"


def _import_page():
    app = log_in(new_app(), "admin")
    app.switch_page("pages/import.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.mark.parametrize(
    ("name", "data", "allowed", "problem"),
    [
        ("a.csv", b"x;y\n1;2\n", ("csv",), None),
        (
            "a.exe",
            b"MZ",
            ("csv", "xlsx"),
            "a.exe: tiedostotyyppi ei sovi tähän tuontiin (sallitut: csv, xlsx).",
        ),
        ("a.xlsx", b"x;y\n", ("csv", "xlsx"), "a.xlsx: tiedoston sisältö ei vastaa sen päätettä."),
        ("a.csv", b"PK\x03\x04zip", ("csv",), "a.csv: tiedoston sisältö ei vastaa sen päätettä."),
        ("a.json", b'\xef\xbb\xbf  {"feedbacks": []}', ("json",), None),
        ("a.json", b"<html>", ("json",), "a.json: tiedoston sisältö ei vastaa sen päätettä."),
    ],
)
def test_check_upload(name, data, allowed, problem):
    assert import_admin.check_upload(name, data, allowed) == problem


def test_check_upload_refuses_files_over_the_limit(monkeypatch):
    monkeypatch.setattr(import_admin, "MAX_UPLOAD_MB", 1)
    assert import_admin.check_upload("big.csv", b"x" * (1024 * 1024 + 1), ("csv",)) == (
        "big.csv: tiedosto on liian suuri (1,0 Mt, enintään 1 Mt)."
    )


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\palaute;rm -rf.csv", "palauterm -rf.csv"),
        ("..", "upload"),
    ],
)
def test_safe_name(name, safe):
    assert import_admin.safe_name(name) == safe


def test_the_page_shows_the_uploader_and_the_history(warehouse):
    app = _import_page()
    assert app.title[0].value == "Tietojen tuonti"
    assert [s.label for s in app.selectbox if s.key == "import_kind"] == ["Tiedon lähde"]
    assert [u.label for u in app.get("file_uploader")] == [
        "Tiedostot",
        "HappyOrNot-kyselyt (JSON, asteikot)",
        "HappyOrNot-kokemuspisteet (JSON, puu)",
    ]
    assert "Tuontihistoria" in texts(app)
    history = app.dataframe[-1].value
    assert history["Tiedosto"].tolist() == ["t"]


def test_preview_then_commit_then_download_the_quarantine(warehouse):
    app = _import_page()
    app.session_state[import_admin.STAGED_KEY] = import_admin.stage("cases", [("rekisteri.csv", CASES)], {})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    summary, errors = app.dataframe[0].value, app.dataframe[1].value
    assert summary.iloc[0].tolist() == ["rekisteri.csv", "osa riveistä karanteenissa", 2, 1, 0, 1]
    assert errors.iloc[0].tolist() == ["rekisteri.csv", "3", "unit_id", "tuntematon toimipisteen koodi U999"]
    assert table(warehouse, "case")["case_id"].tolist() == ["c1", "c2"]  # the preview wrote nothing
    app.button(key="import_commit").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert [s.value for s in app.success] == [
        "rekisteri.csv: osa riveistä karanteenissa. Uusia rivejä 1, jo tallessa 0, karanteeniin 1."
    ]
    assert sorted(table(warehouse, "case")["case_id"]) == ["A-1", "c1", "c2"]
    audit = table(warehouse, "import_batch").set_index("file_name").loc["rekisteri.csv"]
    assert (audit["imported_by"], audit["rows_accepted"], audit["rows_rejected"]) == ("admin", 1, 1)
    batches = app.selectbox(key="import_quarantine_batch")
    assert batches.value == audit["batch_id"]
    assert len(app.get("download_button")) == 1
    history = app.dataframe[-1].value
    assert history["Tiedosto"].tolist()[0] == "rekisteri.csv"
    assert history["Tila"].tolist()[0] == "osittain tuotu"


def test_open311_needs_no_internal_export_and_the_result_names_the_mapping(warehouse):
    app = _import_page()
    app.selectbox(key="import_kind").set_value("open311").run()
    assert not app.exception, [e.value for e in app.exception]
    assert [u.label for u in app.get("file_uploader")] == [
        "Tiedostot",
        "Sisäinen vienti (tyyppi ja luokka)",
        "Palvelukoodien luokitus (TOML, valinnainen; oletuksena toimitettu)",
    ]
    requests = (FIXTURES / "open311_requests.json").read_bytes()
    app.session_state[import_admin.STAGED_KEY] = import_admin.stage("open311", [("pull.json", requests)], {})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not [e.value for e in app.error]  # no "the internal export is missing"
    app.button(key="import_commit").click().run()
    assert not app.exception, [e.value for e in app.exception]
    # three of the four requests name service objects this warehouse does not map
    assert [s.value for s in app.success] == [
        "pull.json: osa riveistä karanteenissa. Uusia rivejä 2, jo tallessa 0, karanteeniin 3."
    ]
    assert [i.value for i in app.info][-1].startswith(
        "ilman sisäistä vientiä: tyyppi palvelukoodista 0, tuntematon 4;"
        " luokka palvelukoodista 0, tuntematon 4"
    )
    assert "2024-1004" in set(table(warehouse, "feedback")["feedback_id"])
