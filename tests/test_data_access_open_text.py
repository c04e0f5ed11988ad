"""Open-text feedback is enforced in data_access: presenters' scopes cannot read it in any form."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access import schema
from data_access.guard import ScopeViolation
from data_access.scope import Scope
from tests.metrics_helpers import write
from ui import auth
from ui.scope import scope_for

FEEDBACK = pd.DataFrame(
    {
        "feedback_id": ["f1", "f2", "f3"],
        "received_at": [datetime(2018, 5, 2, 9), datetime(2018, 5, 3, 10), datetime(2018, 5, 4, 11)],
        "unit_id": ["kallio", "malmi", None],
        "service_area_id": ["tpp", "tpp", "tpp"],
        "feedback_type": ["moite", "kiitos", "idea"],
    }
)
TEXTS = pd.DataFrame(
    {
        "source": ["feedback", "feedback", "feedback", "happyornot"],
        "record_id": ["f1", "f2", "f3", "hon-1"],
        "received_on": [date(2018, 5, 2), date(2018, 5, 3), date(2018, 5, 4), date(2018, 5, 5)],
        "unit_id": ["kallio", "malmi", None, "kallio"],
        "service_area_id": ["tpp", "tpp", "tpp", None],
        "text": [
            "Jono oli pitkä",
            "Kiitos hyvästä hoidosta",
            "Iltavastaanotto olisi hyvä",
            "Siisti odotustila",
        ],
    }
)
ALL_TEXTS = {
    "f1": "Jono oli pitkä",
    "f2": "Kiitos hyvästä hoidosta",
    "f3": "Iltavastaanotto olisi hyvä",
    "hon-1": "Siisti odotustila",
}
UNITS = [("kallio", "tpp"), ("malmi", "tpp"), ("kamppi_hammas", "tpp"), ("kotihoito_ita", "sko")]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return write(tmp_path_factory.mktemp("open_text"), feedback=FEEDBACK, open_text=TEXTS)


def _texts(reader) -> dict[str, str]:
    table = reader.table("open_text")
    frame = reader.fetch(select(table.c.record_id, table.c.text).order_by(table.c.record_id))
    return dict(zip(frame["record_id"], frame["text"], strict=True))


def test_a_director_reads_every_text(warehouse):
    assert _texts(warehouse.reader(Scope.everything())) == ALL_TEXTS


def test_a_unit_manager_reads_only_their_units_texts(warehouse):
    assert _texts(warehouse.reader(Scope.of_units(["kallio"]))) == {
        "f1": "Jono oli pitkä",
        "hon-1": "Siisti odotustila",
    }
    area = warehouse.reader(Scope.of_service_areas(["tpp"], ["kallio", "malmi", "kamppi_hammas"]))
    assert _texts(area) == ALL_TEXTS  # the area's unit-less text f3 included


def test_a_scope_without_open_text_is_refused_the_table(warehouse):
    presenter = warehouse.reader(Scope.everything().without_open_text())
    with pytest.raises(ScopeViolation, match="open_text.*presenters"):
        presenter.table("open_text")
    feedback = presenter.table("feedback")
    assert presenter.scalar(select(func.count()).select_from(feedback)) == 3  # the facts stay readable


def test_the_statement_guard_refuses_open_text_reached_any_other_way(warehouse):
    presenter = warehouse.reader(Scope.everything().without_open_text())
    raw = schema.open_text
    with pytest.raises(ScopeViolation, match="presenters"):
        presenter.fetch(select(raw.c.text))
    feedback = presenter.table("feedback")
    joined = select(feedback.c.feedback_id, raw.c.text).select_from(
        feedback.outerjoin(raw, raw.c.record_id == feedback.c.feedback_id)
    )
    with pytest.raises(ScopeViolation, match="presenters"):
        presenter.fetch(joined)
    with pytest.raises(ScopeViolation, match="presenters"):
        presenter.scalar(select(func.count()).select_from(select(raw.c.record_id).subquery()))
    borrowed = warehouse.reader(Scope.everything()).table("open_text")  # issued to another reader
    with pytest.raises(ScopeViolation, match="presenters"):
        presenter.fetch(select(borrowed.c.text))
    with pytest.raises(ScopeViolation):
        presenter.dimension("open_text")


def test_scopes_differing_only_in_open_text_are_distinct_cache_keys():
    everything = Scope.everything()
    presenter = everything.without_open_text()
    assert presenter.open_text is False and everything.open_text is True
    assert presenter.is_everything and presenter.unit_ids is None
    assert presenter != everything and len({everything, presenter}) == 2
    assert presenter.cache_key() != everything.cache_key()
    assert everything.cache_key() == "*"  # existing keys unchanged
    kallio = Scope.of_units(["kallio"])
    assert kallio.without_open_text().unit_ids == frozenset({"kallio"})
    assert kallio.without_open_text().cache_key() != kallio.cache_key() == "kallio|"
    area = Scope.of_service_areas(["tpp"], ["kallio"])
    assert area.without_open_text().service_area_ids == frozenset({"tpp"})
    assert Scope(frozenset(), frozenset({"benchmark"})).open_text  # positional construction still works
    assert hash(presenter) == hash(Scope(None, frozenset(), open_text=False))


def test_a_presenters_scope_has_no_open_text_and_the_others_keep_it():
    presenter = scope_for(auth.User("p", "P", "presenter"), UNITS)
    assert presenter.is_everything and not presenter.open_text
    assert scope_for(auth.User("d", "D", "director"), UNITS).open_text
    assert scope_for(auth.User("d", "D", "director", service_areas=("tpp",)), UNITS).open_text
    assert scope_for(auth.User("m", "M", "unit_manager", units=("kallio",)), UNITS).open_text
    assert scope_for(auth.User("a", "A", "admin"), UNITS).open_text


def test_a_presenters_reader_cannot_read_text_in_the_real_warehouse_either(warehouse):
    presenter = scope_for(auth.User("p", "P", "presenter"), UNITS)
    with pytest.raises(ScopeViolation):
        _texts(warehouse.reader(presenter))
