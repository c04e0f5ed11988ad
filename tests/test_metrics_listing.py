"""The feedback listing: period, scope, filters, handling working days and open text by scope."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from data_access.guard import ScopeViolation
from data_access.scope import Scope
from metrics.listing import FEEDBACK_COLUMNS, received_feedback
from metrics.spec import Period
from tests.metrics_helpers import write

WEEK_18 = Period(date(2018, 4, 30), date(2018, 5, 6))  # Monday to Sunday; 1 May is a holiday (vappu)
TPP_UNITS = ["kallio", "malmi", "kamppi_hammas"]

FEEDBACK = pd.DataFrame(
    [
        # id, received, answered, unit, area, type, category, status
        (
            "a",
            datetime(2018, 4, 30, 8, 15),
            datetime(2018, 5, 3, 10),
            "kallio",
            "tpp",
            "moite",
            "Hoitoonpääsy",
            "answered",
        ),
        ("b", datetime(2018, 5, 4, 16), datetime(2018, 5, 7, 9), "kallio", "tpp", "kiitos", None, "closed"),
        ("c", datetime(2018, 5, 6, 23, 59), None, "malmi", "tpp", "idea", "Palvelun nopeus", "received"),
        (
            "d",
            datetime(2018, 5, 2, 12),
            datetime(2018, 5, 2, 15),
            "kamppi_hammas",
            "tpp",
            "moite",
            None,
            "answered",
        ),
        ("e", datetime(2018, 5, 3, 9), None, None, "tpp", "kysymys", "Neuvonta ja ohjaus", "in_process"),
        ("f", datetime(2018, 5, 5, 11), None, "kotihoito_ita", "sko", "moite", None, "received"),
        ("before", datetime(2018, 4, 29, 23, 59), None, "kallio", "tpp", "moite", None, "received"),
        ("after", datetime(2018, 5, 7, 0, 0), None, "kallio", "tpp", "moite", None, "received"),
        (
            "last_year",
            datetime(2017, 5, 3, 10),
            datetime(2017, 5, 3, 11),
            "kallio",
            "tpp",
            "kiitos",
            None,
            "closed",
        ),
    ],
    columns=[
        "feedback_id",
        "received_at",
        "answered_at",
        "unit_id",
        "service_area_id",
        "feedback_type",
        "category",
        "status",
    ],
).assign(channel="web", language="fin", contact_requested=False)

TEXTS = pd.DataFrame(
    [
        ("feedback", "a", date(2018, 4, 30), "kallio", "tpp", "Jonotin tunnin, soittakaa 040 123 4567"),
        ("feedback", "b", date(2018, 5, 4), "kallio", "tpp", "Kiitos ystävällisestä hoidosta"),
        ("feedback", "c", date(2018, 5, 6), "malmi", "tpp", "Ehdotan iltavastaanottoa"),
        ("feedback", "e", date(2018, 5, 3), None, "tpp", "Miten ajanvaraus toimii?"),
        ("feedback", "f", date(2018, 5, 5), "kotihoito_ita", "sko", "Hoitaja tuli myöhässä"),
        ("happyornot", "a", date(2018, 4, 30), "kallio", None, "Toisen lähteen teksti"),
    ],
    columns=["source", "record_id", "received_on", "unit_id", "service_area_id", "text"],
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return write(tmp_path_factory.mktemp("listing"), feedback=FEEDBACK, open_text=TEXTS)


def _ids(frame: pd.DataFrame) -> list[str]:
    return frame["feedback_id"].tolist()


def test_a_director_lists_the_periods_feedback_newest_first_with_texts(warehouse):
    listing = received_feedback(warehouse.reader(Scope.everything()), WEEK_18)
    assert list(listing.columns) == [*FEEDBACK_COLUMNS, "text"]
    assert _ids(listing) == ["c", "f", "b", "e", "d", "a"]
    rows = listing.set_index("feedback_id")
    assert rows.loc["a", "received_on"] == date(2018, 4, 30)
    assert rows.loc["a", "answered_on"] == date(2018, 5, 3)
    assert rows.loc["c", "answered_on"] is None
    # a: Mon → Thu over vappu = 2; b: Fri → Mon = 1; d: same day = 0; unanswered: empty
    days = rows["handling_working_days"]
    assert days.dropna().to_dict() == {"b": 1, "d": 0, "a": 2}
    assert days[days.isna()].index.tolist() == ["c", "f", "e"]
    assert rows.loc["e", "service_area_id"] == "tpp" and pd.isna(rows.loc["e", "unit_id"])
    assert rows.loc["a", "category"] == "Hoitoonpääsy"
    assert rows.loc["a", "status"] == "answered"
    assert rows.loc["f", "service_area_id"] == "sko"
    assert pd.isna(rows.loc["d", "text"])
    assert rows["text"].dropna().to_dict() == {
        "c": "Ehdotan iltavastaanottoa",
        "f": "Hoitaja tuli myöhässä",
        "b": "Kiitos ystävällisestä hoidosta",
        "e": "Miten ajanvaraus toimii?",
        "a": "Jonotin tunnin, soittakaa [PHONE]",  # masked; the happyornot text of record "a" is not joined
    }


def test_a_unit_manager_sees_only_their_units_feedback(warehouse):
    listing = received_feedback(warehouse.reader(Scope.of_units(["kallio"])), WEEK_18)
    assert _ids(listing) == ["b", "a"]
    assert listing["text"].tolist() == ["Kiitos ystävällisestä hoidosta", "Jonotin tunnin, soittakaa [PHONE]"]
    asking_for_malmi = received_feedback(
        warehouse.reader(Scope.of_units(["kallio"])), WEEK_18, unit=["malmi"]
    )
    assert asking_for_malmi.empty
    assert list(asking_for_malmi.columns) == [*FEEDBACK_COLUMNS, "text"]


def test_a_service_area_director_also_sees_the_areas_unitless_feedback(warehouse):
    reader = warehouse.reader(Scope.of_service_areas(["tpp"], TPP_UNITS))
    listing = received_feedback(reader, WEEK_18)
    assert _ids(listing) == ["c", "b", "e", "d", "a"]
    assert listing.set_index("feedback_id").loc["e", "text"] == "Miten ajanvaraus toimii?"


def test_a_scope_without_open_text_gets_no_text_column(warehouse):
    listing = received_feedback(warehouse.reader(Scope.everything().without_open_text()), WEEK_18)
    assert _ids(listing) == ["c", "f", "b", "e", "d", "a"]
    assert list(listing.columns) == list(FEEDBACK_COLUMNS)
    assert "text" not in listing.columns


def test_unit_and_service_filters_and_the_limit(warehouse):
    reader = warehouse.reader(Scope.everything())
    assert _ids(received_feedback(reader, WEEK_18, service=("terveysasemat",))) == ["c", "b", "a"]
    assert _ids(received_feedback(reader, WEEK_18, unit=("kallio", "kamppi_hammas"))) == ["b", "d", "a"]
    assert _ids(received_feedback(reader, WEEK_18, service=("terveysasemat",), unit=("malmi",))) == ["c"]
    assert _ids(received_feedback(reader, WEEK_18, limit=2)) == ["c", "f"]
    with pytest.raises(ValueError, match="limit"):
        received_feedback(reader, WEEK_18, limit=0)


def test_a_period_across_years_reads_both_partitions(warehouse):
    reader = warehouse.reader(Scope.of_units(["kallio"]))
    listing = received_feedback(reader, Period(date(2017, 5, 1), date(2018, 4, 30)))
    assert _ids(listing) == ["a", "before", "last_year"]
    assert listing.set_index("feedback_id").loc["last_year", "handling_working_days"] == 0
    assert received_feedback(reader, Period(date(2019, 1, 1), date(2019, 12, 31))).empty


def test_the_benchmark_reader_cannot_list_feedback(warehouse):
    with pytest.raises(ScopeViolation):
        received_feedback(warehouse.benchmark_reader(), WEEK_18)
