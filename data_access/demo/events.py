"""The demo's events on the timeline: what the seed documents say happened (and the demo's own
assumptions, marked as such), so every trend chart shows why its line changes."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from data_access import schema
from data_access.demo.common import HOME_CARE_APP_START, TERMINALS_REMOVED, TERMINALS_RETURNED
from data_access.events import Event

NEW_TERMINAL_VENDOR = date(2019, 4, 1)
"""The demo's assumption of the day the new terminal vendor's devices came into use."""
CLOSED_UNIT = ("ter-sornainen", date(2018, 12, 31))

DEMO_EVENTS = (
    Event(
        starts_on=date(2018, 1, 1),
        ends_on=date(2018, 12, 31),
        kind="campaign",
        text_fi="Asiakaskokemuksen teemavuosi",
        text_sv="Temaåret för kundupplevelse",
        text_en="Customer experience theme year",
    ),
    Event(
        starts_on=HOME_CARE_APP_START,
        kind="channel",
        scope="service",
        scope_id="kot",
        text_fi="Kotihoidon mobiilipalaute alkoi",
        text_sv="Hemvårdens mobilrespons började",
        text_en="Home-care app feedback started",
    ),
    Event(
        starts_on=CLOSED_UNIT[1],
        kind="organisation",
        scope="unit",
        scope_id=CLOSED_UNIT[0],
        text_fi="Sörnäisten terveysasema suljettiin",
        text_sv="Sörnäs hälsostation stängdes",
        text_en="Sörnäinen health station closed",
    ),
    Event(
        starts_on=NEW_TERMINAL_VENDOR,
        kind="channel",
        text_fi="Uuden toimittajan pikapalautelaitteet käyttöön",
        text_sv="Snabbresponsterminaler från en ny leverantör togs i bruk",
        text_en="Feedback terminals from a new vendor in use",
    ),
    Event(
        starts_on=TERMINALS_REMOVED,
        ends_on=TERMINALS_RETURNED - timedelta(days=1),
        kind="channel",
        text_fi="Pikapalautelaitteet pois asiakaskäytöstä (korona)",
        text_sv="Snabbresponsterminalerna togs ur bruk (corona)",
        text_en="Feedback terminals out of use (COVID-19)",
    ),
    Event(
        starts_on=TERMINALS_RETURNED,
        kind="channel",
        text_fi="Pikapalautelaitteet taas käytössä",
        text_sv="Snabbresponsterminalerna i bruk igen",
        text_en="Feedback terminals in use again",
    ),
    Event(
        starts_on=date(2020, 10, 1),
        ends_on=date(2020, 12, 31),
        kind="campaign",
        scope="service_area",
        scope_id="tpp",
        text_fi="Influenssarokotukset keskitettiin rokotuspisteisiin",
        text_sv="Influensavaccinationerna koncentrerades till vaccinationsställen",
        text_en="Influenza vaccinations centralised to vaccination points",
    ),
)
"""Seeds 000 and 002: the theme year 2018, the home-care app from 3.4.2018, the terminals out of
use from 16.3.2020, the influenza vaccination points of autumn 2020; the closure of Sörnäinen is
the demo organisation's; the new vendor (2019) and the terminals' return are demo assumptions."""


def demo_events(until: date) -> pd.DataFrame:
    """The demo events that start by ``until`` as rows of the ``event`` table."""
    rows = [event.row() for event in DEMO_EVENTS if event.starts_on <= until]
    return pd.DataFrame(rows, columns=schema.arrow_schema("event").names)
