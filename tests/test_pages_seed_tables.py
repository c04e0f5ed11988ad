"""The seed reports' yearly tables on the dashboard's pages (issue 12, item 2): Taulukko 1 on the
overview, the statement and grade tables on the surveys page, seed 000 Table 3 on the cases page,
each with its CSV; a unit manager's tables hold only their unit.

The warehouse is tests/ui_helpers.py's with one survey: in February 2017 Kallio's 10 respondents
answer the statement 5 and give the grade 9, Malmi's 10 answer 3 and give 7; in February 2016
Kallio's answer 4 and give 8, Malmi's 3 and 7. The year to date (1.1.–6.3.2017) is compared with
1.1.–6.3.2016: Kallio's statement mean rose 4,00 → 5,00, the whole survey's 3,50 → 4,00."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from ui_helpers import app_environment, build_warehouse, log_in, new_app, write_users

from data_access.store import WarehouseWriter
from ui.navigation import page_names

YEAR_TO_DATE = {"period": "ytd"}
ANSWERS = {  # (year, unit): (statement, grade) of each of the unit's 10 respondents
    (2016, "kallio"): (4, 8),
    (2016, "malmi"): (3, 7),
    (2017, "kallio"): (5, 9),
    (2017, "malmi"): (3, 7),
}


def _answers() -> pd.DataFrame:
    rows = []
    for (year, unit), (statement, grade) in ANSWERS.items():
        for at in range(10):
            for item, value in (("s-a", statement), ("s-g", grade)):
                rows.append(
                    {
                        "response_id": f"{year}-{unit}-{at}",
                        "item_id": item,
                        "unit_id": unit,
                        "answered_on": date(year, 2, 1 + at),
                        "value": float(value),
                        "language": "fin",
                        "channel": "web",
                    }
                )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def survey_ui(tmp_path_factory):
    root = tmp_path_factory.mktemp("seed_pages")
    warehouse = build_warehouse(root / "wh")
    items = pd.DataFrame(
        {
            "item_id": ["s-a", "s-g"],
            "survey_id": ["kysely", "kysely"],
            "text_fi": ["Sain apua", "Kouluarvosana"],
            "scale_min": [1, 4],
            "scale_max": [5, 10],
            "kind": ["likert", "grade"],
        }
    )
    survey = pd.DataFrame(
        {"survey_id": ["kysely"], "name_fi": ["Kysely"], "name_sv": ["Enkät"], "name_en": ["Survey"]}
    )
    with WarehouseWriter(root / "wh").batch(
        source="t", file_name="s", sha256="s" * 64, imported_by="t"
    ) as batch:
        batch.add("survey", survey)
        batch.add("survey_item", items)
        batch.add("survey_answer", _answers())
    warehouse.refresh()
    return root, write_users(root / "users.yaml")


@pytest.fixture
def environment(survey_ui, monkeypatch, tmp_path) -> None:
    root, users = survey_ui
    app_environment(monkeypatch, root / "wh", users, tmp_path / "state")


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """The bytes of every download the runs make, by media file id (AppTest's media storage
    goes away with its mock runtime after each run)."""
    made: dict[str, bytes] = {}
    keep = MemoryMediaFileStorage.load_and_get_id

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = keep(self, path_or_data, mimetype, kind, filename)
        if isinstance(path_or_data, bytes):
            made[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_get_id)
    return made


pytestmark = pytest.mark.usefixtures("environment")
ROLE = {"paajohtaja": "director", "kallio": "unit_manager"}


def _page(username: str, page: str) -> AppTest:
    assert page in page_names(ROLE[username])
    app = log_in(new_app(YEAR_TO_DATE), username)
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _table(app: AppTest, column: str) -> pd.DataFrame:
    """The one table on the page with a column heading starting with ``column``."""
    found = [
        table.value for table in app.table if any(str(c).startswith(column) for c in table.value.columns)
    ]
    assert len(found) == 1, (column, [list(table.value.columns) for table in app.table])
    return found[0]


def _rows(table: pd.DataFrame) -> dict[str, list[str]]:
    """Each row's cells after the first column, by the first column."""
    return {str(row.iloc[0]): list(row.iloc[1:]) for _, row in table.iterrows()}


def _csv(app: AppTest, downloads: dict[str, bytes], key: str) -> pd.DataFrame:
    """The CSV the download button ``csv_<key>`` serves, read as Finnish Excel would."""
    button = next(b for b in app.get("download_button") if b.proto.id.endswith(f"-csv_{key}"))
    data = downloads[button.proto.url.rsplit("/", 1)[-1].split(".")[0]]
    assert data.startswith("\ufeff".encode())
    return pd.read_csv(io.BytesIO(data), sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _same(shown: pd.DataFrame, csv: pd.DataFrame) -> None:
    assert list(csv.columns) == [str(c) for c in shown.columns]
    assert csv.to_numpy().tolist() == shown.astype(str).to_numpy().tolist()


def test_a_director_sees_the_statement_and_grade_tables_with_their_csv(downloads):
    app = _page("paajohtaja", "surveys")
    statements = _table(app, "Keskiarvo ")
    assert list(statements.columns)[1:4] == [
        "Keskiarvo 1.1.2017–6.3.2017",
        "Keskiarvo 1.1.2016–6.3.2016",
        "Muutos",
    ]
    # (10 × 5 + 10 × 3) / 20 = 4,00 against (10 × 4 + 10 × 3) / 20 = 3,50; then p and n
    assert list(_rows(statements)) == ["Sain apua"]  # the grade is not a statement
    now, then, change, _, _, n = _rows(statements)["Sain apua"]
    assert (now, then, change, n) == ("4,00", "3,50", "+0,50", "20")
    grades = _table(app, "Kouluarvosana ")
    rows = _rows(grades)
    assert list(rows) == ["Kallion terveysasema", "Malmin terveysasema", "Kaikki vastaajat"]
    assert rows["Kallion terveysasema"][:3] == ["9,00", "8,00", "+1,00"]
    assert "merkittävä nousu" in rows["Kallion terveysasema"][3]
    assert rows["Malmin terveysasema"][:2] == ["7,00", "7,00"]
    assert rows["Kaikki vastaajat"][:2] + rows["Kaikki vastaajat"][-1:] == ["8,00", "7,50", "20"]
    _same(statements, _csv(app, downloads, "seed_statements_kysely"))
    _same(grades, _csv(app, downloads, "seed_grades_kysely"))


def test_a_unit_managers_survey_tables_hold_only_their_unit(downloads):
    app = _page("kallio", "surveys")
    assert _rows(_table(app, "Keskiarvo "))["Sain apua"][:3] == ["5,00", "4,00", "+1,00"]
    grades = _table(app, "Kouluarvosana ")
    rows = _rows(grades)
    assert list(rows) == ["Kallion terveysasema", "Kaikki vastaajat"]
    assert rows["Kaikki vastaajat"][:2] == ["9,00", "8,00"]  # all of Kallio's answers, no more
    csv = _csv(app, downloads, "seed_grades_kysely")
    assert "Malmi" not in csv.to_csv()
    _same(grades, csv)


YEARS = ["2015", "2016", "2017"]


def test_cases_page_has_seed_000_table_3_with_appeals_apart(downloads):
    director = _page("paajohtaja", "cases")
    shown = _table(director, "Palvelukokonaisuus")
    assert list(shown.columns) == ["Palvelukokonaisuus", *YEARS]
    rows = _rows(shown)
    assert rows == {
        "Terveys- ja päihdepalvelut": ["–", "–", "2"],
        "Yhteensä": ["–", "–", "2"],
        "Muutoksenhaut": ["–", "–", "–"],  # no appeals, and none counted with the complaints
    }
    _same(shown, _csv(director, downloads, "seed_complaints"))
    manager = _rows(_table(_page("kallio", "cases"), "Palvelukokonaisuus"))
    assert manager["Yhteensä"] == ["–", "–", "1"]  # Kallio's muistutus only, not Malmi's kantelu


def test_overview_has_every_channels_volume_by_year(downloads):
    director = _page("paajohtaja", "overview")
    shown = _table(director, "Kanava")
    assert list(shown.columns)[:4] == ["Kanava", *YEARS]
    rows = _rows(shown)
    assert rows["Pikapalautteet (painallukset)"][:3] == ["–", "–", "120"]
    assert rows["Asiakaskyselyjen vastaajat"][:4] == ["–", "20", "20", "±0"]
    assert rows["Palautejärjestelmän palautteet"][:3] == ["–", "–", "3"]
    assert rows["Muistutukset ja kantelut"][:3] == ["–", "–", "2"]
    _same(shown, _csv(director, downloads, "seed_volumes"))
    manager = _rows(_table(_page("kallio", "overview"), "Kanava"))
    assert manager["Pikapalautteet (painallukset)"][:3] == ["–", "–", "60"]
    assert manager["Asiakaskyselyjen vastaajat"][:3] == ["–", "10", "10"]
    assert manager["Palautejärjestelmän palautteet"][:3] == ["–", "–", "1"]
